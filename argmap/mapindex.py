"""``MapIndex``: the look-ups over one ``ArgumentMap`` that every front end needs, built once.

Comments and claims by id, each comment's claims (in map order), the reply tree (children in reply
order, roots) and walks over it (ancestors, descendants, depth-first reply-tree order). Readers
already make the reply structure a forest (``ingest.base.repair_parents``); the walks still visit
each comment at most once, so a hand-edited map with a parent cycle cannot hang them.

The TUI, the exports and divergence extend it with their own tables (``argmap.tui.data.MapIndex``,
``argmap.export._common.MapIndex``, ``argmap.analysis.divergence``).

>>> from argmap.models import ArgumentMap, Comment, Thread
>>> amap = ArgumentMap(thread=Thread(thread_id="t", source_format="jsonl"), comments=[
...     Comment(comment_id="t/1", thread_id="t", text="a", index=0),
...     Comment(comment_id="t/2", thread_id="t", parent_id="t/1", text="b", index=1)])
>>> [(c.comment_id, depth) for c, depth in MapIndex(amap).tree_order()]
[('t/1', 0), ('t/2', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from argmap.models import ArgumentMap, Claim, Comment


class MapIndex:
    """Lookups over one map, built once (maps can hold thousands of comments and claims)."""

    def __init__(self, amap: ArgumentMap):
        self.amap = amap
        self.comments: dict[str, Comment] = {c.comment_id: c for c in amap.comments}
        self.claims: dict[str, Claim] = {cl.claim_id: cl for cl in amap.claims}
        self.claims_of: dict[str, list[Claim]] = {}
        """comment id -> its claims, in map order."""
        for cl in amap.claims:
            self.claims_of.setdefault(cl.comment_id, []).append(cl)
        self.children: dict[str, list[str]] = defaultdict(list)
        """comment id -> ids of the replies to it, in reply order (``Comment.index``)."""
        self.roots: list[str] = []
        """Comments without a parent in the map (or that name themselves), in reply order."""
        for c in sorted(amap.comments, key=lambda c: c.index):
            if c.parent_id is not None and c.parent_id in self.comments and c.parent_id != c.comment_id:
                self.children[c.parent_id].append(c.comment_id)
            else:
                self.roots.append(c.comment_id)

    def ancestors(self, comment_id: str, limit: int | None = None) -> list[str]:
        """Comment ids from the root down to the parent of ``comment_id``; with ``limit``, only the
        nearest ``limit`` of them (still root first), so that a walk up a long chain stays bounded."""
        path: list[str] = []
        seen = {comment_id}
        comment = self.comments.get(comment_id)
        while (comment is not None and comment.parent_id in self.comments and comment.parent_id not in seen
               and (limit is None or len(path) < limit)):
            seen.add(comment.parent_id)
            path.append(comment.parent_id)
            comment = self.comments[comment.parent_id]
        return path[::-1]

    def descendants(self, comment_id: str) -> Iterator[Comment]:
        """Every reply below ``comment_id`` (depth-first, each once)."""
        seen = {comment_id}
        stack = list(reversed(self.children.get(comment_id, [])))
        while stack:
            cid = stack.pop()
            if cid in seen:
                continue
            seen.add(cid)
            yield self.comments[cid]
            stack.extend(reversed(self.children.get(cid, [])))

    def tree_order(self) -> list[tuple[Comment, int]]:
        """Comments in reply-tree order (depth-first from each root, siblings in reply order) with
        their depth (0 for roots)."""
        out: list[tuple[Comment, int]] = []
        seen: set[str] = set()
        stack = [(cid, 0) for cid in reversed(self.roots)]
        while stack:
            cid, depth = stack.pop()
            if cid in seen:
                continue
            seen.add(cid)
            out.append((self.comments[cid], depth))
            stack.extend((k, depth + 1) for k in reversed(self.children.get(cid, [])))
        return out
