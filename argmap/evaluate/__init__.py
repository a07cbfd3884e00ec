"""Scoring predicted labels against gold labels: accuracy, macro-F1, per-class precision / recall /
F1 and the confusion matrix; and reading a labelled ``parent,reply,label`` CSV for
``argmap eval agreement``.

>>> report = score(["agree", "disagree", "neutral"], ["agree", "agree", "neutral"])
>>> round(report.accuracy, 3), round(report.macro_f1, 3)
(0.667, 0.556)
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from argmap.errors import InputError
from argmap.models import STANCE_KINDS, agreement_label

AGREEMENT_LABELS: tuple[str, ...] = ("agree", "disagree", "neutral")

_LABEL_ALIASES = {
    "agree": "agree", "agreement": "agree", "2": "agree",
    "disagree": "disagree", "disagreement": "disagree", "0": "disagree",
    "neutral": "neutral", "none": "neutral", "1": "neutral",
}
"""Accepted spellings of gold labels: the words, and DEBAGREEMENT's numeric codes
(0 = disagree, 1 = neutral, 2 = agree)."""


@dataclass
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class EvalReport:
    labels: tuple[str, ...]
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassScores]
    confusion: dict[str, dict[str, int]]
    """``confusion[gold][predicted]`` counts."""
    n: int
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "n": self.n, "accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1, 4),
            "per_class": {c: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                              "f1": round(s.f1, 4), "support": s.support} for c, s in self.per_class.items()},
            "confusion": self.confusion, **self.extra,
        }

    def summary_line(self) -> str:
        return f"accuracy={self.accuracy:.3f} macro_f1={self.macro_f1:.3f}"


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = AGREEMENT_LABELS) -> EvalReport:
    """Accuracy, macro-F1 (unweighted mean of per-class F1 over ``labels``), per-class scores and the
    confusion matrix. A class with no predictions has precision 0."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    labels = tuple(labels)
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted):
        confusion[g][p] += 1
    per_class = {}
    for c in labels:
        tp = confusion[c][c]
        predicted_c = sum(confusion[g][c] for g in labels)
        support = sum(confusion[c].values())
        precision = tp / predicted_c if predicted_c else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = ClassScores(precision, recall, f1, support)
    n = len(gold)
    accuracy = sum(confusion[c][c] for c in labels) / n if n else 0.0
    macro_f1 = sum(s.f1 for s in per_class.values()) / len(labels) if labels else 0.0
    return EvalReport(labels, accuracy, macro_f1, per_class, confusion, n)


@dataclass
class LabelledPair:
    parent: str
    reply: str
    label: str
    line: int


def read_agreement_csv(path: str | Path) -> list[LabelledPair]:
    """Rows of a ``parent,reply,label`` CSV (other columns are ignored). Labels: agree / disagree /
    neutral (any case), or DEBAGREEMENT's 0 / 1 / 2. Raises InputError naming the file and line."""
    path = Path(path)
    shown = str(path)
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from exc
    pairs: list[LabelledPair] = []
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in ("parent", "reply", "label") if c not in header]
            if missing:
                raise InputError(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                                 path=shown, where="line 1",
                                 hint=f"the header must name parent,reply,label; found {','.join(header) or 'nothing'}")
            for row in reader:
                line = reader.line_num
                raw = (row.get("label") or "").strip()
                label = _LABEL_ALIASES.get(raw.lower())
                if label is None:
                    raise InputError(f"unknown label {raw!r}", path=shown, where=f"line {line}",
                                     hint="use agree, disagree or neutral")
                if row.get("parent") is None or row.get("reply") is None:
                    raise InputError("row has too few fields", path=shown, where=f"line {line}")
                pairs.append(LabelledPair(row["parent"], row["reply"], label, line))
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", path=shown, where=f"line {reader.line_num}") from exc
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8 text", path=shown, hint="save the file as UTF-8") from exc
    return pairs


def evaluate_agreement(pairs: Sequence[LabelledPair], *, nlp=None, params=None, batch_size: int = 64,
                       progress=None, method: str = "model", model_path: str | None = None
                       ) -> tuple[EvalReport, list[str]]:
    """Classify every pair as argmap does inside a thread (``argmap.analysis.stance.classify_pairs``: parse,
    features, then the neural model over all pairs in length-sorted batches unless
    ``method="features"``) and score it. Returns the report and the predicted kinds (before mapping
    onto agree / disagree / neutral)."""
    from argmap.nlp import load_nlp
    from argmap.analysis.stance import classify_pairs, load_params

    nlp = nlp or load_nlp()
    params = params or load_params()
    texts = ((t, i) for i, p in enumerate(pairs) for t in (p.parent, p.reply))
    doc_pairs = []
    parent_doc = None
    for doc, i in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        if parent_doc is None:
            parent_doc = doc
            continue
        doc_pairs.append((parent_doc, doc))
        parent_doc = None
        if progress is not None:
            progress(1)
    decided = classify_pairs(doc_pairs, params=params, method=method, model_path=model_path)
    kinds: list[str] = [d[0] for d in decided]
    predicted = [agreement_label(k, params.partial_as) for k in kinds]
    report = score([p.label for p in pairs], predicted)
    report.extra["predicted_kinds"] = {k: kinds.count(k) for k in STANCE_KINDS}
    report.extra["partial_counts_as"] = params.partial_as
    report.extra["stance"] = method
    report.extra["uncertain"] = sum(1 for d in decided if d[3])
    return report, kinds
