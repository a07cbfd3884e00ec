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
                coverage: Mapping[str, Mapping[str, float]], *, repeat_cutoff: float,
                extra: Mapping[str, float] | None = None) -> list[Crux]:
    """Order cruxes by how much of the thread's disagreement each explains that no crux before it
    does, and set each one's ``share`` (that disagreement, over the thread's whole).
    ``coverage`` says how much of each disagree / partial relation
    a crux explains (relation id -> weight); a relation is explained as far as the crux ranked
    highest for it explains it (greedy cover).

    A crux claim is dropped as a repeat when cruxes ranked above it explain most (``repeat_cutoff``)
    of what it would, or when it is the same people going on with a dispute already listed: the
    named authors on its sides are those of a crux claim above it, and it is disputed in a comment
    of that dispute.
    An explicit contrast is always kept (someone wrote it), ranked by what it adds.

    ``extra``: disagreement that is not a relation (the answers to quotes from outside the thread,
    ``argmap.analysis.cruxes.quoted``), keyed like relation ids; it counts in the thread's total."""
    weight = {r.relation_id: r.confidence * disagreement_weight(r.kind) for r in amap.relations}
    weight.update(extra or {})
    total = sum(weight.values())  # thread_disagreement(amap), plus ``extra``
    comment_of = {c.claim_id: c.comment_id for c in amap.claims}
    position = {c.comment_id: i for i, c in enumerate(amap.comments)}
    pending = {c.crux_id: c for c in explicit + implicit}
    explicit_ids = {c.crux_id for c in explicit}
    explained: dict[str, float] = {}
    territory: dict[str, set[str]] = {}   # kept crux claim -> comments of its dispute, repeats included

    def gain(c: Crux) -> float:
        return sum(max(0.0, w - explained.get(rid, 0.0)) for rid, w in coverage.get(c.crux_id, {}).items())

    def comments(c: Crux) -> set[str]:
        return {comment_of[cid] for p in c.poles for cid in p.claim_ids if cid in comment_of}

    out: list[Crux] = []
    while pending:
        # ties go to the crux earliest in the thread: where the dispute starts
        best = max(pending.values(), key=lambda c: (round(gain(c), 9), c.score, c.crux_id in explicit_ids,
                                                    -position.get(comment_of.get(c.claim_id or ""), -1), c.crux_id))
        del pending[best.crux_id]
        own_cover = coverage.get(best.crux_id, {})
        own = sum(own_cover.values())
        marginal = gain(best)
        if best.crux_id not in explicit_ids and own > 0:
            if marginal < (1 - repeat_cutoff) * own:
                continue
            same = _same_dispute(best, comment_of.get(best.claim_id or ""), out, territory)
            if same is not None:
                territory[same] |= comments(best)
                continue
        if best.form == "claim":
            territory[best.crux_id] = comments(best)
        # share: the disagreement this crux explains beyond what the cruxes above it explain (what it
        # was ranked by)
        for rid, w in own_cover.items():
            explained[rid] = max(w, explained.get(rid, 0.0))
        out.append(best.model_copy(update={"share": round(marginal / total, 4) if total else 0.0}))
    return out


def _people(crux: Crux) -> set[str]:
    return {a for pole in crux.poles for a in pole.authors}


def _same_dispute(crux: Crux, where: str | None, above: list[Crux], territory: Mapping[str, set[str]]) -> str | None:
    """The crux claim ranked above that ``crux`` (a crux claim disputed in comment ``where``) goes on
    with: the same named people, in a comment of that dispute (its sides' comments, and those of
    the repeats already folded into it). None when it is a dispute of its own."""
    people = _people(crux)
    if crux.form != "claim" or not people or where is None:
        return None
    return next((c.crux_id for c in above if c.form == "claim" and people == _people(c)
                 and where in territory.get(c.crux_id, ())), None)
