"""The neural stance model: a MiniLM cross-encoder that reads a target and a response together and
gives agree / disagree / neutral probabilities.

It runs with onnxruntime and ``tokenizers`` on CPU: no torch, nothing downloaded. The weights are
package data (``argmap/data/stance_model.onnx``, int8, trained by ``benchmarks/train_stance_model.py``
from all-MiniLM-L6-v2), next to the tokenizer (``stance_tokenizer.json``) and the model card
(``stance_model.json``: input policy, the calibrated combination with the feature model, the
uncertainty threshold, and the figures it was trained to).

Speed comes from the shape of the work, not from tricks that change answers:

* each comment is tokenised once, however many replies it is the target of;
* pairs are read one per call (``BATCH_SIZE``), never padded, so each answer depends on its pair alone;
* each side is cut to a token budget (the response is served first), see ``encode_pair``.

>>> m = load_model()                                          # doctest: +SKIP
>>> m.probabilities([("Taxes fund schools.", "No, they don't.")])  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from argmap.analysis.stance.scoring import CLASSES  # the network's output order too


MODEL_RESOURCE = "stance_model.onnx"
TOKENIZER_RESOURCE = "stance_tokenizer.json"
CARD_RESOURCE = "stance_model.json"

MAX_LEN = 96
"""Tokens per pair, special tokens included."""
RESPONSE_SHARE = 0.625
"""The response keeps at least this share of the budget when both sides are long (it carries the
stance; the target's opening says what is answered)."""
MAX_CHARS = 2_000
"""Characters of each side handed to the tokenizer: far more than ``MAX_LEN`` tokens ever need, so a
100k-character comment costs no more to encode than a short one."""


BATCH_SIZE = 1
"""Pairs per onnxruntime call. The int8 network quantises its activations per call (one scale per
tensor), so a pair read beside others would get slightly different logits than read alone, and a
thread's answers would depend on how its pairs happened to be batched. One pair per call keeps every
answer a function of the pair alone; measured on 400 DEBAGREEMENT pairs it costs about a quarter of
the throughput of batches of 8 (122 against 161 pairs/s on 2 cores)."""


class ModelUnavailable(RuntimeError):
    """The model file, its tokenizer or onnxruntime is missing: the caller falls back to features."""


def _ids(tokenizer, text: str) -> list[int]:
    return tokenizer.encode(text[:MAX_CHARS], add_special_tokens=False).ids


def split_budget(n_target: int, n_response: int, max_len: int = MAX_LEN) -> tuple[int, int]:
    """How many target and response tokens a pair keeps: the response first, up to its share, and
    either side takes what the other leaves unused.

    >>> split_budget(10, 20)
    (10, 20)
    >>> split_budget(300, 300)
    (35, 58)
    >>> split_budget(300, 5)
    (88, 5)
    """
    budget = max_len - 3
    r_floor = int(budget * RESPONSE_SHARE)
    keep_r = min(n_response, max(budget - n_target, r_floor))
    keep_t = min(n_target, budget - keep_r)
    return keep_t, keep_r


def assemble(target_ids: Sequence[int], response_ids: Sequence[int], cls_id: int, sep_id: int,
             max_len: int = MAX_LEN) -> tuple[list[int], list[int]]:
    """``[CLS] target [SEP] response [SEP]`` with token type ids, each side cut from its end."""
    keep_t, keep_r = split_budget(len(target_ids), len(response_ids), max_len)
    ids = [cls_id, *target_ids[:keep_t], sep_id, *response_ids[:keep_r], sep_id]
    types = [0] * (keep_t + 2) + [1] * (keep_r + 1)
    return ids, types


def encode_pair(tokenizer, target: str, response: str, max_len: int = MAX_LEN) -> tuple[list[int], list[int]]:
    """One pair as the network reads it (training uses this very function)."""
    return assemble(_ids(tokenizer, target), _ids(tokenizer, response), tokenizer.token_to_id("[CLS]"),
                    tokenizer.token_to_id("[SEP]"), max_len)


def pad_batch(encoded: Sequence[tuple[list[int], list[int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Right-pad a batch to its longest pair: input ids, attention mask, token type ids (int64)."""
    width = max(len(ids) for ids, _ in encoded)
    n = len(encoded)
    input_ids = np.zeros((n, width), dtype=np.int64)
    mask = np.zeros((n, width), dtype=np.int64)
    types = np.zeros((n, width), dtype=np.int64)
    for i, (ids, tt) in enumerate(encoded):
        input_ids[i, :len(ids)] = ids
        mask[i, :len(ids)] = 1
        types[i, :len(tt)] = tt
    return input_ids, mask, types


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class Combination:
    """The calibrated decision over both models: a multinomial logistic regression whose inputs are
    the network's logits and the feature model's log-probabilities (fitted on out-of-fold predictions
    of the grouped CV, so it is calibrated on pairs neither model saw). ``weights[i][k]``: input i,
    class k; inputs are ``model_logit_*`` then ``feature_logp_*`` in ``CLASSES`` order."""

    weights: list[list[float]]
    bias: list[float]

    def probabilities(self, model_logits: np.ndarray, feature_probs: np.ndarray | None) -> np.ndarray:
        if feature_probs is None:
            feature_probs = np.full_like(model_logits, 1.0 / len(CLASSES))
        x = np.hstack([model_logits, np.log(np.clip(feature_probs, 1e-6, 1.0))])
        return softmax(x @ np.asarray(self.weights) + np.asarray(self.bias))


@dataclass(frozen=True)
class ModelCard:
    max_len: int = MAX_LEN
    temperature: float = 1.0
    """Calibration of the network alone (used when no feature probabilities are given)."""
    combination: Combination | None = None
    uncertain_below: float = 0.5
    """Relations whose calibrated confidence is below this are marked ``uncertain``."""
    meta: dict = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict) -> "ModelCard":
        comb = data.get("combination")
        return cls(max_len=int(data.get("max_len", MAX_LEN)), temperature=float(data.get("temperature", 1.0)),
                   combination=Combination(weights=comb["weights"], bias=comb["bias"]) if comb else None,
                   uncertain_below=float(data.get("uncertain_below", 0.5)), meta=dict(data.get("meta", {})))


class StanceModel:
    """An onnxruntime session over the shipped network, with its tokenizer and model card."""

    def __init__(self, model_path: Path, tokenizer_path: Path, card: ModelCard, *, threads: int | None = None,
                 batch_size: int = BATCH_SIZE) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are declared dependencies
            raise ModelUnavailable(f"{exc.name} is not installed") from exc
        if not model_path.exists() or not tokenizer_path.exists():
            missing = model_path if not model_path.exists() else tokenizer_path
            raise ModelUnavailable(f"{missing} is missing")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(os.cpu_count() or 1, 8)
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_path), sess_options=opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")
        self.card = card
        self.batch_size = batch_size
        self.path = model_path

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text (no special tokens), encoded in one parallel batch."""
        if not texts:
            return []
        encs = self.tokenizer.encode_batch([t[:MAX_CHARS] for t in texts], add_special_tokens=False)
        return [e.ids for e in encs]

    def logits_of_ids(self, pairs: Sequence[tuple[Sequence[int], Sequence[int]]], *,
                      progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Raw logits for pre-tokenised (target ids, response ids) pairs. Pairs go in length order, so
        that a caller who sets ``batch_size`` above 1 (faster, but answers then depend on batch-mates)
        pads little. ``progress`` is told how many pairs each batch read."""
        out = np.zeros((len(pairs), len(CLASSES)), dtype=np.float32)
        if not pairs:
            return out
        encoded = [assemble(t, r, self.cls_id, self.sep_id, self.card.max_len) for t, r in pairs]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        for s in range(0, len(order), self.batch_size):
            ids = order[s:s + self.batch_size]
            ii, am, tt = pad_batch([encoded[i] for i in ids])
            out[ids] = self.session.run(["logits"], {"input_ids": ii, "attention_mask": am, "token_type_ids": tt})[0]
            if progress is not None:
                progress(len(ids))
        return out

    def logits(self, pairs: Sequence[tuple[str, str]], *, progress: Callable[[int], None] | None = None
               ) -> np.ndarray:
        texts = sorted({t for pair in pairs for t in pair})
        ids = dict(zip(texts, self.token_ids(texts)))
        return self.logits_of_ids([(ids[t], ids[r]) for t, r in pairs], progress=progress)

    def probabilities(self, pairs: Sequence[tuple[str, str]], feature_probs: np.ndarray | None = None, *,
                      progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Calibrated agree / disagree / neutral probabilities (rows in ``CLASSES`` order);
        ``progress`` is told how many pairs the network has read as it goes."""
        return self.calibrate(self.logits(pairs, progress=progress), feature_probs)

    def calibrate(self, logits: np.ndarray, feature_probs: np.ndarray | None = None) -> np.ndarray:
        if self.card.combination is not None and feature_probs is not None:
            return self.card.combination.probabilities(logits, feature_probs)
        return softmax(logits / self.card.temperature)


def _data_file(name: str) -> Path:
    return Path(str(resources.files("argmap").joinpath("data", name)))


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> StanceModel:
    """The shipped model (or the ``.onnx`` at ``path``, with its tokenizer and card beside it, named
    as the shipped ones). Raises ``ModelUnavailable`` when a file or onnxruntime is missing."""
    model_path = Path(path) if path else _data_file(MODEL_RESOURCE)
    folder = model_path.parent
    card_path = folder / CARD_RESOURCE
    try:
        card = ModelCard.from_json(json.loads(card_path.read_text(encoding="utf-8"))) if card_path.exists() \
            else ModelCard()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(f"{card_path}: unreadable model card ({exc})") from exc
    return StanceModel(model_path, folder / TOKENIZER_RESOURCE, card)
