"""Checks every backend runs before writing a map, and small helpers both backends share.

A map whose relations, quotes or cruxes point at claims or comments it does not contain cannot be
stored faithfully (Neo4j would silently drop the dangling edge, networkx would invent an empty
node), so ``check_map`` refuses it with one line naming the thread and the missing id.
"""

from __future__ import annotations

from argmap.errors import StoreError
from argmap.models import ArgumentMap, Author, Crux


def check_map(amap: ArgumentMap, *, store_uri: str) -> None:
    """Raise ``StoreError`` when ``amap`` refers to a comment or claim it does not hold."""
    tid = amap.thread_id
    comments = {c.comment_id for c in amap.comments}
    claims = {c.claim_id for c in amap.claims}

    def missing(kind: str, ident: str, owner: str) -> StoreError:
        return StoreError(f"thread {tid!r}: {owner} refers to {kind} {ident!r}, which the map does not hold",
                          path=store_uri, hint="nothing was written; re-run the analysis of this thread")

    for c in amap.comments:
        if c.parent_id is not None and c.parent_id not in comments:
            raise missing("parent comment", c.parent_id, f"comment {c.comment_id!r}")
    for cl in amap.claims:
        if cl.comment_id not in comments:
            raise missing("comment", cl.comment_id, f"claim {cl.claim_id!r}")
    for q in amap.quotes:
        if q.comment_id not in comments:
            raise missing("comment", q.comment_id, f"quote {q.quote_id!r}")
        if q.source_claim_id is not None and q.source_claim_id not in claims:
            raise missing("claim", q.source_claim_id, f"quote {q.quote_id!r}")
        if q.source_claim_id is None and q.source_comment_id is not None and q.source_comment_id not in comments:
            raise missing("comment", q.source_comment_id, f"quote {q.quote_id!r}")
    for r in amap.relations:
        for claim_id, comment_id in ((r.source_claim_id, r.source_comment_id), (r.target_claim_id, r.target_comment_id)):
            if claim_id is not None:
                if claim_id not in claims:
                    raise missing("claim", claim_id, f"relation {r.relation_id!r}")
            elif comment_id not in comments:
                raise missing("comment", comment_id, f"relation {r.relation_id!r}")
    for x in amap.cruxes:
        for pole in x.poles:
            for claim_id in pole.claim_ids:
                if claim_id not in claims:
                    raise missing("claim", claim_id, f"crux {x.crux_id!r}")


def crux_key(crux: Crux) -> str:
    """The identity of a crux across threads: its sorted pole concepts joined with `` | ``
    (the same rule as ``argmap.analysis.divergence.crux_key``): a crux claim by its case-folded words."""
    if crux.form == "claim":
        return "claim: " + " ".join(crux.label.casefold().split())
    return " | ".join(sorted(p.concept for p in crux.poles))


def author_match_keys(author: Author) -> list[str]:
    """The case-folded names a user may call ``author`` by (id, name, display name)."""
    return sorted({x.casefold() for x in (author.author_id, author.name, author.display_name) if x})


def implicit_author(author_id: str) -> Author:
    """The author record stored for a comment author the map's ``authors`` list does not name."""
    return Author(author_id=author_id, name=author_id)


def search_words(text: str) -> list[str]:
    """The case-folded words of a text search; a claim matches when it contains every one."""
    return [w.casefold() for w in text.split()]


def matching_author_ids(author: str, authors, comment_authors) -> set[str]:
    """Author ids of one thread that ``author`` names: an id, name or display name of the thread's
    authors, or a comment author id, compared case-insensitively (the rule of
    ``argmap.analysis.divergence.author_positions``)."""
    wanted = author.casefold()
    ids = {a.author_id for a in authors if wanted in author_match_keys(a)}
    ids |= {a for a in comment_authors if a and a.casefold() == wanted}
    return ids

