"""Fit the stance model's weights on DEBAGREEMENT dev and write argmap/data/stance_params.json.

    /work/venv/bin/python benchmarks/fit_stance.py [--folds 5] [--l2 1.0] [--dry-run]

The model is a multinomial logistic regression (numpy, batch gradient descent with L2) over the
named features of ``argmap.analysis.stance.FEATURES``. Before writing the parameters it reports k-fold
cross-validated accuracy / macro-F1 (folds split by submission, so no thread leaks between folds),
then fits on all pairs. Parsed docs are cached under /tmp (re-parsing 8.6k texts takes a minute or two).

It also chooses how a predicted ``partial`` is counted by ``argmap eval agreement`` (``partial_as``):
whichever of agree / disagree the gold labels of the rule-detected partial pairs favour.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "debagreement" / "dev.csv"
CACHE = Path("/tmp/argmap_stance_cache")
OUT = ROOT / "argmap" / "data" / "stance_params.json"
LABELS = {"0": "disagree", "1": "neutral", "2": "agree"}


def read_rows(path: Path = DATA) -> list[dict]:
    if not path.exists():
        sys.exit(f"{path} absent: DEBAGREEMENT dev.csv is needed (see ../shared/data/README.md)")
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def parsed_pairs(rows: list[dict]):
    """[(parent_doc, reply_doc)] for every row, from the /tmp cache when it matches the data."""
    from spacy.tokens import DocBin

    from argmap.nlp import load_nlp

    nlp = load_nlp()
    texts = [t for r in rows for t in (r["body_parent"], r["body_child"])]
    key = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:12]
    cache = CACHE / f"debagreement-{key}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        CACHE.mkdir(parents=True, exist_ok=True)
        docs, t0 = [], time.time()
        for i, doc in enumerate(nlp.pipe(texts, batch_size=128)):
            docs.append(doc)
            if i % 1000 == 0:
                print(f"parsed {i}/{len(texts)} ({time.time() - t0:.0f}s)", file=sys.stderr)
        bin_ = DocBin(docs=docs)
        bin_.to_disk(cache)
    return list(zip(docs[0::2], docs[1::2]))


def analyse(pairs) -> list:
    from argmap.analysis.stance.features import StringTable, _DocData, _view, analyse_pair

    strings = StringTable()  # one for the whole set, as detect_stance keeps one per map
    return [analyse_pair(_view(_DocData(p, strings)), _view(_DocData(r, strings))) for p, r in pairs]


def design(analyses, names: list[str]) -> np.ndarray:
    X = np.zeros((len(analyses), len(names)))
    col = {n: j for j, n in enumerate(names)}
    for i, a in enumerate(analyses):
        for n, v in a.features.items():
            j = col.get(n)
            if j is not None and v:
                X[i, j] = v
    return X


def fit_softmax(X: np.ndarray, y: np.ndarray, n_classes: int, l2: float, iterations: int = 30):
    """Multinomial logistic regression with an L2 penalty on the weights (not the biases), fitted
    by Newton's method; returns (W, b)."""
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    D = d + 1
    theta = np.zeros((D, n_classes))
    Y = np.eye(n_classes)[y]
    ridge = np.full(D, l2)
    ridge[-1] = 1e-3  # keeps the Hessian invertible (softmax biases are defined up to a constant)
    for _ in range(iterations):
        Z = Xb @ theta
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        grad = Xb.T @ (P - Y) + ridge[:, None] * theta
        H = np.zeros((D * n_classes, D * n_classes))
        for k in range(n_classes):
            for m in range(k, n_classes):
                w = P[:, k] * ((k == m) - P[:, m])
                H[k * D:(k + 1) * D, m * D:(m + 1) * D] = Xb.T @ (Xb * w[:, None])
                if m != k:
                    H[m * D:(m + 1) * D, k * D:(k + 1) * D] = H[k * D:(k + 1) * D, m * D:(m + 1) * D].T
        H += np.diag(np.tile(ridge, n_classes))
        step = np.linalg.solve(H, grad.T.reshape(-1))
        theta -= step.reshape(n_classes, D).T
        if np.abs(step).max() < 1e-6:
            break
    return theta[:-1], theta[-1]


def make_params(W, b, partial_as: str, names: list[str], meta: dict | None = None):
    from argmap.analysis.stance import CLASSES, StanceParams

    return StanceParams(
        classes=CLASSES,
        weights={n: {c: float(W[j, ci]) for ci, c in enumerate(CLASSES)} for j, n in enumerate(names)},
        bias={c: float(b[ci]) for ci, c in enumerate(CLASSES)}, partial_as=partial_as, meta=meta or {})


def scores(y_true, y_pred, classes) -> tuple[float, float, dict]:
    acc = float(np.mean(np.array(y_true) == np.array(y_pred)))
    per = {}
    for c in classes:
        tp = sum(t == c and p == c for t, p in zip(y_true, y_pred))
        fp = sum(t != c and p == c for t, p in zip(y_true, y_pred))
        fn = sum(t == c and p != c for t, p in zip(y_true, y_pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[c] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return acc, float(np.mean([v[2] for v in per.values()])), per


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--dry-run", action="store_true", help="report CV figures, do not write parameters")
    args = ap.parse_args(argv)

    from argmap.analysis.stance import CLASSES, FEATURES

    rows = read_rows()
    pairs = parsed_pairs(rows)
    t0 = time.time()
    analyses = analyse(pairs)
    print(f"features of {len(analyses)} pairs in {time.time() - t0:.1f}s", file=sys.stderr)
    names = list(FEATURES)
    X = design(analyses, names)
    y = np.array([CLASSES.index(LABELS[r["label"]]) for r in rows])
    unanimous = np.array([float(r["agreement_fraction"]) == 1.0 for r in rows])

    # k-fold CV, folds by submission so one thread never sits in both train and test
    subs = sorted({r["submission_id"] for r in rows})
    random.Random(13).shuffle(subs)
    fold_of_sub = {s: i % args.folds for i, s in enumerate(subs)}
    fold = np.array([fold_of_sub[r["submission_id"]] for r in rows])
    pred = np.zeros(len(rows), dtype=int)
    fold_params = {}
    for k in range(args.folds):
        tr, te = fold != k, fold == k
        W, b = fit_softmax(X[tr], y[tr], len(CLASSES), args.l2)
        pred[te] = np.argmax(X[te] @ W + b, axis=1)
        fold_params[k] = (W, b)
    gold_names = [CLASSES[i] for i in y]
    pred_names = [CLASSES[i] for i in pred]
    acc, mf1, per = scores(gold_names, pred_names, CLASSES)
    print(f"{args.folds}-fold CV (3-way model, by submission): accuracy={acc:.3f} macro_f1={mf1:.3f}")
    for c, (p, r, f1) in per.items():
        print(f"  {c:9s} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    ua, um, _ = scores([g for g, u in zip(gold_names, unanimous) if u],
                       [p for p, u in zip(pred_names, unanimous) if u], CLASSES)
    print(f"  unanimous subset (n={int(unanimous.sum())}): accuracy={ua:.3f} macro_f1={um:.3f}")

    # how do rule-detected partials fall in the gold labels?
    partial_gold = Counter(gold_names[i] for i, a in enumerate(analyses)
                           if a.features["agree_then_contrast"] or a.features["partial_phrase"])
    partial_as = "disagree" if partial_gold["disagree"] >= partial_gold["agree"] else "agree"
    print(f"gold labels of rule-detected partial pairs: {dict(partial_gold)} -> partial counts as {partial_as}")

    # the same folds through the whole decision argmap makes (partial / concession rules on top,
    # mapped back to agree / disagree / neutral as `argmap eval agreement` does)
    from argmap.evaluate import agreement_label
    from argmap.analysis.stance import decide

    full_pred = []
    fold_models = {k: make_params(W, b, partial_as, names) for k, (W, b) in fold_params.items()}
    for i, a in enumerate(analyses):
        kind, _, _ = decide(a, fold_models[fold[i]])
        full_pred.append(agreement_label(kind, partial_as))
    cacc, cmf1, cper = scores(gold_names, full_pred, CLASSES)
    print(f"{args.folds}-fold CV (full decision, partial->{partial_as}, concession->agree): "
          f"accuracy={cacc:.3f} macro_f1={cmf1:.3f}")
    for c, (p, r, f1) in cper.items():
        print(f"  {c:9s} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    ua, um, _ = scores([g for g, u in zip(gold_names, unanimous) if u],
                       [p for p, u in zip(full_pred, unanimous) if u], CLASSES)
    print(f"  unanimous subset (n={int(unanimous.sum())}): accuracy={ua:.3f} macro_f1={um:.3f}")

    W, b = fit_softmax(X, y, len(CLASSES), args.l2)
    fpred = np.argmax(X @ W + b, axis=1)
    facc, fmf1, _ = scores(gold_names, [CLASSES[i] for i in fpred], CLASSES)
    print(f"fit on all {len(rows)} pairs (training figures, optimistic): accuracy={facc:.3f} macro_f1={fmf1:.3f}")
    params = make_params(W, b, partial_as, names, meta={"fitted_on": "DEBAGREEMENT dev.csv (4,288 pairs)", "script": "benchmarks/fit_stance.py",
              "l2": args.l2, "cv_folds": args.folds, "cv_accuracy": round(cacc, 3), "cv_macro_f1": round(cmf1, 3)})
    if args.dry_run:
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(params.to_json_text(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
