"""Merging inputs that hold parts of the same thread: two users' comment dumps of one post, a
Reddit thread and its ``/api/morechildren`` pages, a new download and the stored map.

Comments are united by ``comment_id``; nothing any part held is dropped. When two parts hold
different versions of one comment (other text or author), the later part's version is kept and
the difference is reported. A comment whose parent was not in its own part (``source_parent_id``)
is re-attached when another part holds that parent.

    >>> maps, problems = merge_maps(first.maps + second.maps, first.problems + second.problems)  # doctest: +SKIP
"""

from __future__ import annotations

import os

from argmap.models import ArgumentMap, Author, Comment, Problem, Quote

from .base import repair_parents

_FILLED = ("author", "created_at", "score", "agreement_score", "url")
"""Fields a part may lack (None) while another has them: taken from whichever has them."""

_SOURCE_FIELDS = {"source_comment_id": None, "source_claim_id": None, "source_start": None,
                  "source_end": None, "score": None}


def reader_view(amap: ArgumentMap) -> ArgumentMap:
    """What a reader would have produced for ``amap``: thread, authors, comments and the quotes the
    source marked (unresolved); no claims, relations, cruxes or detected (``forum``) quotes."""
    quotes = [q.model_copy(update=_SOURCE_FIELDS) for q in amap.quotes if q.marker != "forum"]
    return ArgumentMap(thread=amap.thread.model_copy(), authors=[a.model_copy() for a in amap.authors],
                       comments=[c.model_copy() for c in amap.comments], quotes=quotes)


def merge_maps(maps: list[ArgumentMap], problems: list[Problem], *, labels: list[str | None] | None = None,
               report: bool = True) -> tuple[list[ArgumentMap], list[Problem]]:
    """Merge maps that share a thread id (in input order; later parts win conflicts).

    ``labels`` name each map's source in messages (default: its ``thread.source_path``).
    Returns the merged maps (one per thread, in order of first appearance) and the problems:
    the given ones, less the "parent not in the file" repairs that merging undid, plus one
    ``counted`` line per merged thread (unless ``report=False``) and one ``repaired`` line per
    conflicting comment.
    """
    labels = labels or [None] * len(maps)
    groups: dict[str, list[tuple[ArgumentMap, str]]] = {}
    for i, (amap, label) in enumerate(zip(maps, labels)):
        name = label or amap.thread.source_path or f"input {i + 1}"
        groups.setdefault(amap.thread_id, []).append((amap, name))
    out: list[ArgumentMap] = []
    undone: set[tuple[str, str]] = set()
    notes: list[Problem] = []
    for parts in groups.values():
        if len(parts) == 1:
            out.append(parts[0][0])
            continue
        merged, reattached, group_notes = _merge_group(parts)
        out.append(merged)
        undone |= reattached
        notes += [n for n in group_notes if report or n.action != "counted"]
    kept = [p for p in problems
            if not (p.action == "repaired" and (p.path, p.where) in undone and p.message.startswith("parent "))]
    return out, kept + notes


def _merge_group(parts: list[tuple[ArgumentMap, str]]) -> tuple[ArgumentMap, set[tuple[str, str]], list[Problem]]:
    thread_id = parts[0][0].thread_id
    comments: dict[str, Comment] = {}
    origin: dict[str, int] = {}  # comment id -> index of the part whose version is kept
    views = [reader_view(m) for m, _ in parts]
    notes: list[Problem] = []
    shared = 0
    detached: dict[tuple[str, str], str] = {}  # (part, comment id) -> the parent it was missing
    for i, (view, (_, name)) in enumerate(zip(views, parts)):
        for c in view.comments:
            if c.source_parent_id:
                detached[(name, c.comment_id)] = c.source_parent_id
            old = comments.get(c.comment_id)
            if old is None:
                comments[c.comment_id] = c
                origin[c.comment_id] = i
                continue
            shared += 1
            differs = [f for f in ("raw", "author") if getattr(old, f) is not None and getattr(c, f) is not None
                       and getattr(old, f) != getattr(c, f)]
            if differs and c.deleted and not old.deleted:
                # deleted at the source since the earlier copy: the earlier words are the ones to map
                notes.append(Problem(path=name, where=c.comment_id, action="counted",
                                     message=f"comment deleted here; kept its text from {parts[origin[c.comment_id]][1]}"))
                new, other = old, c
            elif differs:
                notes.append(Problem(path=name, where=c.comment_id, action="repaired",
                                     message=f"comment differs from the one in {parts[origin[c.comment_id]][1]} "
                                             f"({', '.join(differs)}); kept this version"))
                new, other = c, old
                origin[c.comment_id] = i
            else:
                new, other = old, c
            comments[c.comment_id] = _combine(new, other)
    ordered = list(comments.values())
    for n, c in enumerate(ordered):
        c.index = n
    for c in ordered:
        if c.source_parent_id and c.source_parent_id in comments:
            c.parent_id, c.source_parent_id = c.source_parent_id, None
    roots = [c for c in ordered if c.parent_id is None and c.kind == "post"]
    if len(roots) == 1:
        # parts without the post had their top-level comments at the top level
        for c in ordered:
            if c.parent_id is None and c is not roots[0]:
                c.parent_id = roots[0].comment_id
    post_id = roots[0].comment_id if len(roots) == 1 else None
    notes += repair_parents(ordered, path=parts[-1][1], root_id=post_id)
    reattached = {key for key, parent in detached.items() if comments[key[1]].parent_id == parent}
    quotes: list[Quote] = [q for i, view in enumerate(views) for q in view.quotes if origin.get(q.comment_id) == i]
    thread = _merge_threads([v.thread for v in views])
    thread.skipped = max(0, sum(v.thread.skipped for v in views) - len(reattached))
    counts = " + ".join(str(len(v.comments)) for v in views)
    notes.append(Problem(path=parts[-1][1], where=thread_id, action="counted",
                         message=f"merged {len(parts)} inputs of this thread ({', '.join(os.path.basename(n) or n for _, n in parts)}): "
                                 f"{counts} comments, {shared} in more than one, {len(ordered)} kept"))
    authors = _merge_authors([v.authors for v in views])
    return (ArgumentMap(thread=thread, authors=authors, comments=ordered, quotes=quotes), reattached, notes)


def _combine(kept: Comment, other: Comment) -> Comment:
    """``kept`` with the fields it lacks taken from ``other``, and the better-known parent."""
    update = {f: getattr(other, f) for f in _FILLED if getattr(kept, f) is None and getattr(other, f) is not None}
    if kept.source_parent_id and not other.source_parent_id and other.parent_id is not None:
        update.update(parent_id=other.parent_id, source_parent_id=None)
    elif kept.parent_id is None and other.parent_id is not None:
        update.update(parent_id=other.parent_id, source_parent_id=other.source_parent_id)
    update["dead"] = kept.dead or other.dead
    return kept.model_copy(update=update)


def _merge_threads(threads):
    first = threads[0].model_copy()
    for t in threads[1:]:
        for f in ("title", "url", "source_path", "fetched_at"):
            if getattr(t, f) is not None:
                setattr(first, f, getattr(t, f))
        if t.created_at is not None and (first.created_at is None or t.created_at < first.created_at):
            first.created_at = t.created_at
    return first


def _merge_authors(tables: list[list[Author]]) -> list[Author]:
    out: dict[str, Author] = {}
    for table in tables:
        for a in table:
            old = out.get(a.author_id)
            if old is None:
                out[a.author_id] = a
            elif old.display_name is None and a.display_name:
                out[a.author_id] = old.model_copy(update={"display_name": a.display_name})
    return list(out.values())
