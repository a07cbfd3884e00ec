"""Read models: pure functions of one ``ArgumentMap`` that DEFINE what a store's cut-down reads return.

Backends answer these reads on their own, reading only what they need (the embedded store from the
thread's JSON, Neo4j with index seeks), but the answer is defined here: the contract suite checks
``store.crux_view(t) == crux_view(store.get_map(t))`` and
``store.author_slice(author, t) == author_digest(store.get_map(t), author)`` on every backend. (``store.author_records`` is defined the same way, by
``argmap.analysis.divergence.author_record``.)

>>> from argmap.models import ArgumentMap, Thread
>>> crux_view(ArgumentMap(thread=Thread(thread_id="t", source_format="jsonl"))).comments
[]
"""

from __future__ import annotations

from argmap.graph.integrity import matching_author_ids
from argmap.models import ArgumentMap


def pole_claim_ids(amap: ArgumentMap) -> set[str]:
    """Ids of the claims on any crux pole of ``amap``."""
    return {cid for crux in amap.cruxes for pole in crux.poles for cid in pole.claim_ids}


def crux_view(amap: ArgumentMap) -> ArgumentMap:
    """``amap`` cut down to what its crux map shows, in map order: the thread, its authors and
    every crux; the claims on crux poles, the comments holding them and those comments' parents;
    the quotes in those comments or of pole claims, with the comments at both ends; the relations
    aimed at those comments or at pole claims, with the comments and claims at both ends."""
    pole = pole_claim_ids(amap)
    comment_of = {c.claim_id: c.comment_id for c in amap.claims}
    held = {comment_of[cid] for cid in pole if cid in comment_of}
    relations = [r for r in amap.relations if r.target_comment_id in held or r.target_claim_id in pole]
    quotes = [q for q in amap.quotes if q.comment_id in held or q.source_claim_id in pole]
    comment_ids = held | {c.parent_id for c in amap.comments if c.comment_id in held}
    comment_ids |= {r.source_comment_id for r in relations}
    comment_ids |= {x for q in quotes for x in (q.comment_id, q.source_comment_id)}
    claim_ids = pole | {x for r in relations for x in (r.source_claim_id, r.target_claim_id)}
    claim_ids |= {q.source_claim_id for q in quotes}
    return amap.model_copy(update={
        "comments": [c for c in amap.comments if c.comment_id in comment_ids],
        "claims": [c for c in amap.claims if c.claim_id in claim_ids],
        "quotes": quotes, "relations": relations})


def author_digest(amap: ArgumentMap, author: str) -> ArgumentMap:
    """``amap`` cut down to what ``author``'s positions need (``author`` an id, name or display
    name, any case): every author, comment and crux; the relations the author made or received;
    the claims that are theirs, at either end of those relations, or on a crux pole; no quotes.
    ``author_positions`` over digests equals ``author_positions`` over the whole maps."""
    ids = matching_author_ids(author, amap.authors, (c.author for c in amap.comments))
    relations = [r for r in amap.relations if r.source_author in ids or r.target_author in ids]
    wanted = {x for r in relations for x in (r.source_claim_id, r.target_claim_id) if x} | pole_claim_ids(amap)
    return amap.model_copy(update={
        "relations": relations, "quotes": [],
        "claims": [c for c in amap.claims if c.author in ids or c.claim_id in wanted]})
