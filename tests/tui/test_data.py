"""The TUI's read model (no Textual): look-ups, filters, search, and markup-safe rendering."""

from __future__ import annotations

from argmap.models import Comment
from argmap.tui.data import MapIndex
from argmap.tui.widgets import claim_detail, comment_body, comment_label
from tui_maps import GRID, calm_map, claim_id, grid_map


def test_mapindex_tree_roots_children_and_ancestors():
    index = MapIndex(grid_map())
    assert index.roots == [f"{GRID}/c1"]
    assert index.children[f"{GRID}/c1"] == [f"{GRID}/c2", f"{GRID}/c5"]
    assert index.ancestors(f"{GRID}/c4") == [f"{GRID}/c1", f"{GRID}/c2", f"{GRID}/c3"]


def test_mapindex_parent_cycle_does_not_loop():
    amap = calm_map()
    a, b = amap.comments
    amap.comments[0] = a.model_copy(update={"parent_id": b.comment_id})  # a <-> b
    index = MapIndex(amap)
    assert index.ancestors(a.comment_id) == [b.comment_id]


def test_mapindex_replies_to_claim_direct_first():
    index = MapIndex(grid_map())
    replies = index.replies_to_claim(claim_id("Wind and solar"))
    assert [(r.kind, direct) for r, direct in replies] == [("disagree", True), ("agree", False)]


def test_mapindex_visible_comments_keeps_ancestors():
    index = MapIndex(grid_map())
    assert index.visible_comments() is None
    assert index.visible_comments(author="tomasz") == {f"{GRID}/c{i}" for i in (1, 2, 3, 4)}
    assert index.visible_comments(author="li_wei", crux_id=f"{GRID}/crux:energy|capacity") == {
        f"{GRID}/c1", f"{GRID}/c5"}


def test_mapindex_search_ranks_claims_and_authors():
    index = MapIndex(grid_map())
    hits = index.search("storage covers hours")
    assert hits[0].target_id == claim_id("Storage covers")
    assert index.search("li wei")[0].target_id == "li_wei"
    assert all(h.author == "tomasz" for h in index.search("storage", author="tomasz"))
    assert index.search("   ") == []


def test_mapindex_matrix_and_exchanges_from_divergence():
    index = MapIndex(grid_map())
    cells = index.matrix()
    assert cells[("tomasz", "maria_k")]["disagree"] == 2
    assert cells[("li_wei", "maria_k")]["agree"] == 1
    assert [r.source_comment_id for r in index.exchanges("tomasz", "maria_k")] == [f"{GRID}/c2", f"{GRID}/c4"]
    assert index.exchanges("maria_k", "li_wei") == []


def test_render_untrusted_markup_is_literal():
    index = MapIndex(grid_map())
    hostile = Comment(comment_id="x", thread_id=GRID, author="[red]eve[/red]", text="[/] [bold]hi[/bold] [link=x]")
    assert comment_body(index, hostile).plain == hostile.text
    assert "[red]eve[/red]" in comment_label(index, hostile).plain
    detail = claim_detail(index, claim_id("[bold]Nuclear")).plain
    assert "[bold]Nuclear[/] is costly [/] though." in detail


def test_crux_view_shows_the_same_crux_map_as_the_whole_map(tmp_path):
    from argmap.graph.nxstore import NetworkxStore
    from argmap.tui.widgets import crux_header, crux_option

    amap = grid_map()
    amap.cruxes[0].poles[0].claim_ids.append(claim_id("Firm capacity"))  # a claim on both poles
    store = NetworkxStore(tmp_path / "ws")
    store.put_maps([amap])
    view, whole = MapIndex(store.crux_view(GRID)), MapIndex(store.get_map(GRID))
    assert claim_id("New nuclear") in whole.claims and claim_id("New nuclear") not in view.claims  # nobody's answer
    for crux_id in whole.crux_ids():
        assert crux_option(view, crux_id).plain == crux_option(whole, crux_id).plain
        assert crux_header(view, crux_id).plain == crux_header(whole, crux_id).plain
        for pole in whole.cruxes[crux_id].poles:
            for cid in pole.claim_ids:
                assert claim_detail(view, cid).plain == claim_detail(whole, cid).plain, cid


def test_quote_from_outside_the_thread_shows_how_it_was_answered():
    """A quote whose source is not in the thread shows the stance of its answer (``Quote.answer``)."""
    from argmap.models import ArgumentMap, Quote, QuoteAnswer, Thread
    from argmap.tui.widgets.render import quote_detail, quote_label

    text = "> Congestion charges punish the poor.\n\nThat's not true, the poor take the bus."
    amap = ArgumentMap(thread=Thread(thread_id="t", source_format="jsonl"),
                       comments=[Comment(comment_id="t/1", thread_id="t", author="dee", text=text)],
                       quotes=[Quote(quote_id="q", comment_id="t/1", thread_id="t", start=2, end=37,
                                     text=text[2:37], answer=QuoteAnswer(kind="disagree", confidence=0.8))])
    index = MapIndex(amap)
    label = quote_label(index, amap.quotes[0]).plain
    assert "(source not in thread)" in label and "answered: ✘ disagree 0.80" in label
    assert "answered: ✘ disagree 0.80" in quote_detail(index, "q").plain
