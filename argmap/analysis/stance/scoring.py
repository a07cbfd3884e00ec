"""Scoring: the fitted multinomial logistic regression over the features (``StanceParams``), the
decision of a pair (``decide``: the class, then the partial and concession refinements, and the
evidence behind the kind) and of a batch of pairs (``decide_pairs``: with the neural model, its
logits and the feature model's probabilities go through the model card's calibrated combination).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from argmap.analysis.stance.features import FEATURES, PairAnalysis
from argmap.models import Evidence, StanceKind

CLASSES: tuple[str, ...] = ("agree", "disagree", "neutral")
"""Classes of the fitted model; ``partial`` and ``concession`` are refinements on top of it."""

PARAMS_RESOURCE = "stance_params.json"


@dataclass(frozen=True)
class StanceParams:
    """Weights of the multinomial logistic regression: ``weights[feature][class]`` and ``bias[class]``.
    A feature missing from ``weights`` has weight 0."""

    classes: tuple[str, ...]
    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    partial_as: str = "agree"
    meta: dict = field(default_factory=dict)

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        scores = dict(self.bias)
        for name, value in features.items():
            if value:
                for c, w in self.weights.get(name, {}).items():
                    scores[c] = scores.get(c, 0.0) + w * value
        top = max(scores.values())
        exp = {c: math.exp(scores.get(c, 0.0) - top) for c in self.classes}
        total = sum(exp.values())
        return {c: v / total for c, v in exp.items()}

    @classmethod
    def from_json(cls, data: Mapping) -> "StanceParams":
        return cls(classes=tuple(data["classes"]), weights={n: dict(w) for n, w in data["weights"].items()},
                   bias=dict(data["bias"]), partial_as=data.get("partial_as", "agree"),
                   meta=dict(data.get("meta", {})))

    def to_json_text(self) -> str:
        """Readable JSON: one line per feature."""
        def line(d: Mapping[str, float]) -> str:
            return json.dumps({c: round(d.get(c, 0.0), 3) for c in self.classes})

        rows = ",\n".join(f"  {json.dumps(n)}: {line(w)}" for n, w in self.weights.items())
        return (
            "{\n"
            f' "classes": {json.dumps(list(self.classes))},\n'
            f' "partial_as": {json.dumps(self.partial_as)},\n'
            f' "meta": {json.dumps(self.meta)},\n'
            f' "bias": {line(self.bias)},\n'
            f' "weights": {{\n{rows}\n }}\n'
            "}\n"
        )


@functools.lru_cache(maxsize=4)
def load_params(path: str | None = None) -> StanceParams:
    """The shipped parameters (``argmap/data/stance_params.json``), or those in ``path``."""
    if path is None:
        text = resources.files("argmap").joinpath("data", PARAMS_RESOURCE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return StanceParams.from_json(json.loads(text))


# --- deciding a pair --------------------------------------------------------------------------------

_NAMED = frozenset(FEATURES)
_EVIDENCE_ORDER = ("concession_strong", "concession_weak", "agree_then_contrast", "partial_phrase",
                   "neg_shared_predicate", "correction", "start_demonstrative_neg", "start_you_neg", "disagree_opener",
                   "disagree_phrase", "you_negative", "insult", "agree_opener", "start_demonstrative_pos", "agree_phrase",
                   "question_first")
_SUPPORTS = {
    "agree": {"agree_opener", "agree_phrase", "start_demonstrative_pos", "concession_weak"},
    "disagree": {"neg_shared_predicate", "correction", "start_demonstrative_neg", "start_you_neg",
                 "disagree_opener", "disagree_phrase", "you_negative", "insult"},
    "neutral": {"question_first"},
    "partial": {"agree_then_contrast", "partial_phrase"},
    "concession": {"concession_strong", "concession_weak"},
}


CONCESSION_UNLESS_NEUTRAL = 0.6
"""A strong concession cue ("I stand corrected") makes a reply a concession unless its neutral
probability is at least this."""
CONCESSION_MIN_CONFIDENCE = 0.5
"""The confidence of a concession is at least this (the cue is explicit)."""
NEUTRAL_SHARE_OF_CONCESSION = 0.5
"""A strong concession's confidence counts this share of the neutral probability with the agree one
(a neutral-sounding "I was wrong" still gives ground)."""
PARTIAL_OVER_NEUTRAL = 0.6
"""With the neural model, a "yes, but" / "while it is true that X, Y" cue makes a reply partial unless
the model is this sure it is neutral: the network reads such replies as neutral more often than
annotators do, the cue is the features' strength."""


def decide(analysis: PairAnalysis, params: StanceParams, *, answering_author: bool = False,
           probs: Mapping[str, float] | None = None) -> tuple[StanceKind, float, list[Evidence]]:
    """Turn features into a kind, a confidence and the evidence that supports that kind.

    ``answering_author``: the target was itself a response to the response's author, so "you're right"
    is the author giving ground (a concession), not a stranger's agreement.

    ``probs``: agree / disagree / neutral probabilities decided elsewhere (the neural model combined
    with the features, ``argmap.analysis.stance.model``); the partial and concession refinements and the
    evidence still come from the features. Without it the feature model decides alone.
    """
    f = analysis.features
    from_model = probs is not None
    probs = dict(probs) if from_model else params.probabilities(f)
    base = max(probs, key=probs.get)
    kind: str = base
    confidence = probs[base]
    if f["concession_strong"] and probs["neutral"] < CONCESSION_UNLESS_NEUTRAL:
        kind, confidence = "concession", max(probs["agree"] + probs["neutral"] * NEUTRAL_SHARE_OF_CONCESSION,
                                             CONCESSION_MIN_CONFIDENCE)
    elif answering_author and f["concession_weak"] and not f["agree_then_contrast"]:
        kind, confidence = "concession", max(probs["agree"], CONCESSION_MIN_CONFIDENCE)
    elif (f["agree_then_contrast"] or f["partial_phrase"]) and (
            base != "neutral" or (from_model and probs["neutral"] < PARTIAL_OVER_NEUTRAL)):
        kind, confidence = "partial", probs["agree"] + probs["disagree"]
    wanted = _SUPPORTS.get(kind, set())
    evidence = [analysis.evidence[name] for name in _EVIDENCE_ORDER if name in wanted and name in analysis.evidence]
    if not evidence and not from_model:
        # say which of the strongest weighted features pushed towards the decision
        contrib = sorted(((params.weights.get(n, {}).get(base, 0.0) * v, n) for n, v in f.items()
                          if v and n in _NAMED), reverse=True)
        for _, name in contrib[:2]:
            if name in analysis.evidence:
                evidence.append(analysis.evidence[name])
    if not evidence and "opening" in analysis.evidence:
        # no cue at all: the model's call on the whole reply, shown with its opening sentence
        evidence.append(analysis.evidence["opening"].model_copy(update={"score": round(confidence, 4)}))
    return kind, round(min(1.0, max(0.0, confidence)), 4), evidence  # type: ignore[return-value]


FEATURE_UNCERTAIN_BELOW = 0.5
"""Without the neural model, relations whose feature-model confidence is below this are uncertain."""


@dataclass
class PendingPair:
    """One pair to decide: its features, and the two texts the neural model reads."""

    analysis: PairAnalysis
    target_text: str
    response_text: str
    answering_author: bool = False


def decide_pairs(pending: Sequence[PendingPair], params: StanceParams, model=None, *,
                 progress: Callable[[int], None] | None = None
                 ) -> list[tuple[StanceKind, float, list[Evidence], bool]]:
    """Decide every pair at once: ``(kind, confidence, evidence, uncertain)`` each.

    With ``model`` (an ``argmap.analysis.stance.model.StanceModel``) the network reads every pair
    (one per call, see ``argmap.analysis.stance.model.BATCH_SIZE``) and its logits are combined with
    the feature model's probabilities by the calibrated combination of the model card; the features
    still give the partial / concession refinements and the evidence. Without it the feature model
    decides alone. ``progress`` is told how many pairs have been decided as it goes."""
    if not pending:
        return []
    if model is None:
        out = []
        for p in pending:
            kind, conf, ev = decide(p.analysis, params, answering_author=p.answering_author)
            out.append((kind, conf, ev, conf < FEATURE_UNCERTAIN_BELOW))
        if progress is not None:
            progress(len(pending))
        return out
    import numpy as np

    feature_probs = np.array([[probs[c] for c in CLASSES] for probs in
                              (params.probabilities(p.analysis.features) for p in pending)])
    probs = model.probabilities([(p.target_text, p.response_text) for p in pending], feature_probs,
                                progress=progress)
    threshold = model.card.uncertain_below
    out = []
    for p, row in zip(pending, probs.tolist()):
        kind, conf, ev = decide(p.analysis, params, answering_author=p.answering_author,
                                probs=dict(zip(CLASSES, row)))
        out.append((kind, conf, ev, conf < threshold))
    return out

