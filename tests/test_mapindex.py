"""argmap.mapindex.MapIndex: the one index the TUI, the exports, divergence and `show` share."""

from __future__ import annotations

from argmap.mapindex import MapIndex
from argmap.models import ArgumentMap, Claim, Comment, Thread


def _map(parents: dict[str, str | None], order: list[str] | None = None) -> ArgumentMap:
    ids = order or list(parents)
    comments = [Comment(comment_id=cid, thread_id="t", parent_id=parents[cid], text=cid, index=ids.index(cid))
                for cid in parents]
    claims = [Claim(claim_id=f"{cid}#0-1", comment_id=cid, thread_id="t", text=cid[-1], start=0, end=1)
              for cid in parents]
    return ArgumentMap(thread=Thread(thread_id="t", source_format="jsonl"), comments=comments, claims=claims)


def test_tree_order_is_depth_first_with_siblings_in_reply_order():
    amap = _map({"a": None, "c": "a", "b": "a", "d": "b", "e": None}, order=["a", "b", "c", "d", "e"])
    index = MapIndex(amap)
    assert [(c.comment_id, d) for c, d in index.tree_order()] == [("a", 0), ("b", 1), ("d", 2), ("c", 1), ("e", 0)]
    assert index.ancestors("d") == ["a", "b"] and index.ancestors("a") == []
    assert [c.comment_id for c in index.descendants("a")] == ["b", "d", "c"]
    assert index.claims_of["d"][0].claim_id == "d#0-1" and index.comments["e"].text == "e"


def test_ancestors_with_a_limit_keep_the_nearest_root_first():
    index = MapIndex(_map({"a": None, "b": "a", "c": "b", "d": "c"}))
    assert index.ancestors("d", limit=2) == ["b", "c"] and index.ancestors("d", limit=0) == []
    assert index.ancestors("d", limit=5) == index.ancestors("d") == ["a", "b", "c"]


def test_walks_visit_each_comment_once_on_a_parent_cycle():
    amap = _map({"a": None, "x": "y", "y": "x", "s": "s", "m": "missing"})
    index = MapIndex(amap)
    assert index.roots == ["a", "s", "m"]  # a self-parent and a missing parent are roots
    assert [c.comment_id for c, _ in index.tree_order()] == ["a", "s", "m"]
    assert index.ancestors("x") == ["y"]
    assert [c.comment_id for c in index.descendants("x")] == ["y"]


def test_front_ends_extend_the_one_index():
    from argmap.analysis.divergence import _Index
    from argmap.export._common import MapIndex as ExportIndex
    from argmap.tui.data import MapIndex as TuiIndex

    for cls in (ExportIndex, TuiIndex, _Index):
        assert issubclass(cls, MapIndex)
        amap = _map({"a": None, "b": "a"})
        assert cls(amap).ancestors("b") == ["a"]
