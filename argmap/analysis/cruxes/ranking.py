"""Scoring and ranking cruxes (step 4): a crux's score from the disagreement around it, and the
order of all a thread's cruxes by how much of its disagreement each explains that no crux before it
does."""

from __future__ import annotations

from collections.abc import Mapping

from argmap.models import ArgumentMap, Crux, disagreement_weight


def crux_score(disagreement: float, sided: int, n_authors: int) -> float:
    """``raw / (1 + raw)`` in [0, 1) with ``raw = disagreement · spread · author factor``: ``spread`` is
    ``SPREAD[sided]`` (how many poles have authors), the author factor grows by ``AUTHOR_STEP`` per
    author beyond the first, up to ``AUTHOR_CAP`` of them."""
    raw = disagreement * SPREAD[sided] * (1 + AUTHOR_STEP * min(max(n_authors - 1, 0), AUTHOR_CAP))
    return round(raw / (1 + raw), 4)


SPREAD = {2: 1.0, 1: 0.6, 0: 0.4}
"""Score factor by how many poles have authors: a crux with authors on both poles is a disagreement
seen from both sides; on one, half seen; on none (only the disagreement about the statement), less."""
AUTHOR_STEP = 0.2
"""Score factor gained per author beyond the first: a contrast more people take part in is more of a
crux."""
AUTHOR_CAP = 5
"""Authors beyond the first counted by the author factor at most (a crowd is no more of a crux than
six people)."""


def thread_disagreement(amap: ArgumentMap) -> float:
    """All the disagreement of a thread: confidence-weighted disagree (1) and partial (0.5) relations."""
    return sum(r.confidence * disagreement_weight(r.kind) for r in amap.relations)


def rank_cruxes(amap: ArgumentMap, explicit: list[Crux], implicit: list[Crux],
                coverage: Mapping[str, Mapping[str, float]], *, repeat_cutoff: float) -> list[Crux]:
    """Order cruxes by how much of the thread's disagreement each explains that no crux before it
    does (greedy cover over the disagree / partial relations each one is about), and set each one's
    ``share``. A crux claim whose disagreement is mostly (``repeat_cutoff``) explained by cruxes ranked
    above it repeats them and is dropped; an explicit contrast is always kept (someone wrote it), ranked
    by what it adds."""
    total = thread_disagreement(amap)
    pending = {c.crux_id: c for c in explicit + implicit}
    explicit_ids = {c.crux_id for c in explicit}
    covered: set[str] = set()

    def gain(c: Crux) -> float:
        return sum(w for rid, w in coverage.get(c.crux_id, {}).items() if rid not in covered)

    out: list[Crux] = []
    while pending:
        best = max(pending.values(), key=lambda c: (gain(c), c.score, c.crux_id in explicit_ids, c.crux_id))
        del pending[best.crux_id]
        own = sum(coverage.get(best.crux_id, {}).values())
        marginal = gain(best)
        if best.crux_id not in explicit_ids and own > 0 and marginal < (1 - repeat_cutoff) * own:
            continue
        covered.update(coverage.get(best.crux_id, {}))
        out.append(best.model_copy(update={"share": round(marginal / total, 4) if total else 0.0}))
    return out
