"""``CruxSettings``: the crux stage's parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.analysis.cruxes.claims import CruxClaimSettings


@dataclass(frozen=True)
class CruxSettings:
    min_score: float = 0.25
    """Cruxes scored below this are not reported."""
    fuzzy_cutoff: float = 88.0
    """rapidfuzz ``ratio`` at or above which two spellings of a word (6+ letters) are the same word."""
    max_pole_tokens: int = 4
    """A pole concept keeps at most this many words (the last ones: modifiers nearest the head)."""
    framing_weight: float = 1.0
    """Added to the disagreement when the contrast statement itself names a disagreement ("you are
    conflating X and Y", "our disagreement is about X vs Y"): as much as one sure disagree relation,
    since the writer says in words that a disagreement turns on the contrast."""
    preference_weight: float = 2.0
    """Lean given to the favoured pole of a one-sided contrast ("X rather than Y")."""
    claim_weight: float = 1.0
    """Lean given to the pole an author's own claim supports, per claim (a stance edge leans as much,
    times its confidence; a partial one by ``argmap.models.disagreement_weight``)."""
    agreement_floor: float = 0.5
    """Agreement about a contrast dilutes its disagreement ``d`` (with ``a`` the agreement) by the
    factor ``agreement_floor + (1 - agreement_floor) * d / (d + a)``: down to this share of it when the
    exchanges about it are all agreement."""
    max_evidence: int = 12
    short_statement_claims: int = 3
    """A comment of at most this many claims that states a contrast is mostly that contrast: a reply
    disagreeing with it disagrees about the contrast even without naming a pole."""
    implicit: bool = True
    """Also find crux claims from the disagreement structure (``argmap.analysis.cruxes.claims``)."""
    answered_quotes: bool = True
    """Also make crux claims of passages quoted from outside the thread and argued against
    (``argmap.analysis.cruxes.quoted``; needs ``implicit``)."""
    repeated_objections: bool = True
    """Also make crux claims of objections raised word for word against several comments
    (``argmap.analysis.cruxes.repeated``; needs ``implicit``)."""
    repeated_targets: int = 2
    """An objection is repeated when its uses attack at least this many different comments."""
    answer_confidence: float = 0.4
    """An answer to a passage quoted from outside the thread disputes it when the stance model reads
    it as a disagreement with at least this confidence (of three kinds, its most likely reading),
    sure or not: the writer chose those words to quote and answer."""
    claims: CruxClaimSettings | None = None
    """Settings of the implicit finder (its defaults when None)."""
    min_contrast_disputes: int = 2
    """An explicit contrast with no disagreement across its poles needs disagreements about it from at
    least this many authors (or a statement that names the disagreement) to be a crux; 0 reports
    every contrast, disputed or not (down to ``min_score``)."""
    pervasive_share: float = 0.5
    pervasive_min_comments: int = 40
    """In a thread of at least ``pervasive_min_comments`` comments, a contrast with a pole that more
    than ``pervasive_share`` of its comments speak to is made of the thread's common words, unless
    the contrast itself is restated (``restated_comments``)."""
    restated_comments: int = 2
    """A contrast stated in at least this many comments ("Driving is a privilege, not a right" in one
    reply, "There is no valid comparison between a right and a privilege" in the next) is a point its
    writers keep returning to, even where one of its poles is the thread's common word ("right" in a
    gun-rights thread)."""
    exchange_hops: int = 2
    """A comment puts its author on a pole by naming it only within this many replies up or down the
    reply chain of a statement of the contrast (what it answers and what answers it, one more step
    each way; never sideways to the other replies of what it answers), or across one of its stance
    edges. Elsewhere in a long thread the same word is another conversation."""
    repeat_cutoff: float = 0.6
    """A crux claim whose disagreement is this much explained by cruxes ranked above it is dropped."""
