"""The GraphStore contract: every backend must pass this module with the same answers.

Runs against the embedded networkx store always, and against a real Neo4j server when
``ARGMAP_TEST_NEO4J_URI`` is set (``eval "$(scripts/neo4j-server start)"``); otherwise the
``[neo4j]`` cases are skipped with that reason.
"""

from __future__ import annotations

import pytest

from argmap.analysis.divergence import divergence as map_divergence
from argmap.errors import NotFoundError, StoreError
from argmap.graph import queries
from argmap.graph.nxstore import NetworkxStore
from argmap.graph.store import GraphStore, open_store


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    if request.param == "networkx":
        s = open_store(str(tmp_path / "ws"))
        yield s
        s.close()
    else:
        yield request.getfixturevalue("neo4j_store")


def test_store_is_a_graph_store(store):
    assert isinstance(store, GraphStore)
    assert "password" not in store.uri


def test_store_round_trips_map_identically(store, make_map):
    amap = make_map("t1")
    store.put_maps([amap])
    back = store.get_map("t1")
    assert back == amap
    assert back.model_dump_json() == amap.model_dump_json()
    comment = back.comment("t1/2")
    claim = next(c for c in back.claims if c.comment_id == "t1/2")
    assert comment.text[claim.start:claim.end] == claim.text


def test_store_replace_thread_keeps_counts_identical(store, make_map):
    store.put_maps([make_map("t1"), make_map("t2")])
    first_counts, first_threads = store.counts(), store.list_threads()
    store.put_maps([make_map("t1")])
    assert store.counts() == first_counts
    assert store.list_threads() == first_threads


def test_store_replace_thread_drops_what_the_new_version_lacks(store, make_map):
    store.put_maps([make_map("t1", third="cy")])
    newer = make_map("t1", third="dee", extra_claim=False)
    store.put_maps([newer])
    assert store.get_map("t1") == newer
    assert store.counts()["authors"] == 3  # cy no longer appears anywhere
    assert store.author_threads("cy") == []


def test_store_last_map_of_a_thread_in_one_call_wins(store, make_map):
    newer = make_map("t1", title="Second title")
    store.put_maps([make_map("t1"), newer])
    assert store.get_map("t1") == newer
    assert store.counts()["threads"] == 1


def test_store_lists_threads_with_counts(store, make_map):
    store.put_maps([make_map("t2", extra_claim=False), make_map("t1")])
    summaries = store.list_threads()
    assert [s.thread_id for s in summaries] == ["t1", "t2"]
    t1 = summaries[0]
    assert (t1.title, t1.source_format) == ("Is nuclear power safe?", "jsonl")
    assert (t1.comments, t1.authors, t1.claims, t1.quotes, t1.relations, t1.cruxes) == (5, 3, 7, 3, 4, 1)
    assert summaries[1].claims == 6


def test_store_counts_every_kind(store, make_map):
    assert store.counts() == {"threads": 0, "comments": 0, "authors": 0, "claims": 0, "quotes": 0,
                              "relations": 0, "cruxes": 0}
    store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    assert store.counts() == {"threads": 2, "comments": 10, "authors": 4, "claims": 14, "quotes": 6,
                              "relations": 8, "cruxes": 2}


def test_store_delete_thread_removes_it_and_its_own_authors(store, make_map):
    store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    assert store.delete_thread("t2") is True
    assert store.delete_thread("t2") is False
    assert [s.thread_id for s in store.list_threads()] == ["t1"]
    assert store.counts()["authors"] == 3  # al and bo stay (t1 has them), dee goes
    assert store.author_threads("dee") == []
    assert store.get_map("t1") == make_map("t1")
    with pytest.raises(NotFoundError):
        store.get_map("t2")


def test_store_get_unknown_thread_names_the_store(store):
    with pytest.raises(NotFoundError, match="no thread 'nope'") as info:
        store.get_map("nope")
    assert store.uri in info.value.one_line()


def test_store_iter_maps_in_thread_id_order(store, make_map):
    store.put_maps([make_map("b"), make_map("a"), make_map("c")])
    assert [m.thread_id for m in store.iter_maps()] == ["a", "b", "c"]


def test_store_refuses_dangling_reference_and_keeps_previous_version(store, make_map):
    good = make_map("t1")
    store.put_maps([good])
    bad = make_map("t1", title="broken")
    bad.relations[0].target_claim_id = "t1/1#999-1000"
    with pytest.raises(StoreError, match="t1/1#999-1000"):
        store.put_maps([make_map("t2"), bad])
    assert store.get_map("t1") == good
    assert [s.thread_id for s in store.list_threads()] == ["t1"]


def test_author_threads_matches_id_name_or_display_name_in_any_case(store, make_map):
    store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    assert store.author_threads("al") == ["t1", "t2"]
    assert store.author_threads("ALICE l") == ["t1", "t2"]
    assert store.author_threads("dee") == ["t2"]
    assert store.author_threads("zed") == []


def test_positions_cover_every_thread_of_the_author(store, make_map):
    store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    pos = queries.positions(store, "Alice L")
    assert pos.author == "al"
    assert pos.threads == ["t1", "t2"]
    assert len(pos.claims) == 6  # 3 claims per thread
    assert [(p.author, p.count) for p in pos.disagreed_by] == [("bo", 2)]
    assert sorted((p.author, p.count) for p in pos.agreed_by) == [("cy", 1), ("dee", 1)]
    assert [p.author for p in pos.partially_agrees_with] == ["bo"]
    assert len(pos.concessions) == 2
    assert {(s.thread_id, s.concept) for s in pos.crux_sides} == {("t1", "safe"), ("t2", "safe")}


def test_positions_in_one_thread_and_unknown_author(store, make_map):
    store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    assert queries.positions(store, "bo", thread_id="t2").threads == ["t2"]
    with pytest.raises(NotFoundError, match="no author 'zed'"):
        queries.positions(store, "zed")
    with pytest.raises(NotFoundError):
        queries.positions(store, "dee", thread_id="t1")


def test_divergence_equals_divergence_of_the_map(store, make_map):
    amap = make_map("t1")
    store.put_maps([amap])
    d = queries.divergence(store, "t1")
    assert d == map_divergence(amap)
    assert d.cell("bo", "al").disagree == 1


def test_search_finds_claims_with_every_word_in_any_case(store, make_map):
    store.put_maps([make_map("t2"), make_map("t1")])
    hits = queries.search(store, "NUCLEAR power")
    assert [c.claim_id for c in hits] == ["t1/1#0-22", "t1/2#24-55", "t2/1#0-22", "t2/2#24-55"]
    assert [c.text for c in queries.search(store, "10⁵ years", limit=1)] == ["Waste lasts for ever — 10⁵ years."]
    assert queries.search(store, "solar reactors") == []


def test_recurring_cruxes_link_threads_with_the_same_poles(store, make_map):
    store.put_maps([make_map("t1"), make_map("t2", third="dee"), make_map("t3")])
    other = make_map("t3")
    other.cruxes[0].poles[0].concept = "cheap"
    store.put_maps([other])
    groups = queries.recurring_cruxes(store)
    assert [(g.key, g.threads) for g in groups] == [("dangerous | safe", ["t1", "t2"]),
                                                    ("cheap | dangerous", ["t3"])]
    assert groups[0].recurring and not groups[1].recurring
    assert {s.concept: s.authors for s in groups[0].occurrences[1].sides} == {"safe": ["al"], "dangerous": ["bo"]}


def test_push_copies_every_thread_and_is_idempotent(store, make_map, tmp_path):
    src = NetworkxStore(tmp_path / "src")
    src.put_maps([make_map("t1"), make_map("t2", third="dee")])
    store.put_maps([make_map("t1", title="stale")])
    first = queries.push(src, store, batch=1)
    assert first.threads == 2
    assert [store.get_map(t) for t in ("t1", "t2")] == [src.get_map("t1"), src.get_map("t2")]
    again = queries.push(src, store)
    assert again.counts == first.counts == src.counts()


def test_positions_from_slices_equal_positions_from_whole_maps(store, make_map):
    from argmap.analysis.divergence import author_positions

    store.put_maps([make_map("t1"), make_map("t2", third="dee"), make_map("t3", third="eve")])
    for author in ("al", "BO", "dee", "Alice L"):
        assert queries.positions(store, author) == author_positions(store.iter_maps(), author)
    sliced = store.author_slice("bo", "t1")
    assert len(sliced.relations) == 3 and len(sliced.claims) < len(make_map("t1").claims)


def _tangled(make_map):
    """Thread t9 where "bo" names two authors (cy shows as "BO"), ev wrote a comment without being
    listed, ev's objection joins two comments (no claims), one relation names another thread, al
    answers al, and a neutral relation (positions count neither)."""
    from argmap.models import Author, Relation

    amap = make_map("t9")
    amap.authors[2] = Author(author_id="cy", name="cy", display_name="BO")
    amap.comments[4].author = "ev"
    amap.relations.append(Relation(relation_id="t9/5->t9/4", thread_id="t9", kind="disagree",
                                   source_comment_id="t9/5", target_comment_id="t9/4", source_author="ev",
                                   target_author="cy", confidence=0.4))
    amap.relations.append(Relation(relation_id="t9/3->t9/1", thread_id="t9", kind="agree", source_comment_id="t9/3",
                                   target_comment_id="t9/1", source_author="al", target_author="al", confidence=0.3))
    amap.relations.append(Relation(relation_id="t9/4->t9/2", thread_id="t9", kind="neutral", source_comment_id="t9/4",
                                   target_comment_id="t9/2", source_author="cy", target_author="bo", confidence=0.2))
    amap.relations[2].thread_id = "t9-copy"
    return amap


def test_positions_fast_path_equals_positions_of_whole_maps(store, make_map):
    from argmap.analysis.divergence import author_positions, author_record

    store.put_maps([make_map("t1"), make_map("t2", third="dee"), _tangled(make_map)])
    al = queries.positions(store, "al")
    assert al.concessions and al.crux_sides and al.disagreed_by  # the comparison is not vacuous
    for author in ("al", "bo", "ev", "cy", "Alice L"):
        whole = [store.get_map(s.thread_id) for s in store.list_threads()]
        assert queries.positions(store, author) == author_positions(whole, author), author
        expected = [r for r in (author_record(m, author) for m in whole) if r is not None]
        assert store.author_records(author) == expected, author
    ev = queries.positions(store, "ev")
    assert [(p.author, p.exchanges[0].target_text) for p in ev.disagrees_with] == [
        ("cy", "Solar is cheaper indeed. Why build reactors at all?")]
    assert store.author_records("bo", ["t9"])[0]["ids"] == ["bo", "cy"]


# -- crux_view: the crux map's first read (argmap tui) ----------------------------------------------
def test_crux_view_keeps_what_the_crux_map_shows(store, make_map):
    from argmap.models import Relation

    amap = make_map("t1")
    answer = Relation(relation_id="t1/5->t1/4", thread_id="t1", kind="disagree", source_comment_id="t1/5",
                      target_comment_id="t1/4", confidence=0.4)  # aimed at a comment off every crux
    amap.relations.append(answer)
    store.put_maps([amap, make_map("t2", third="dee")])
    view = store.crux_view("t1")
    assert view.thread == amap.thread and view.authors == amap.authors and view.cruxes == amap.cruxes
    # pole claims sit in t1/1, t1/2, t1/3; t1/4 answers t1/1; t1/5 only answers t1/4: left out
    assert [c.comment_id for c in view.comments] == ["t1/1", "t1/2", "t1/3", "t1/4"]
    whole = {c.claim_id: c for c in amap.claims}
    kept = [c.claim_id for c in view.claims]
    assert kept == [c.claim_id for c in amap.claims if c.text.startswith(("Nuclear", "Solar is cheaper", "No,", "I agree"))]
    assert all(view_claim == whole[view_claim.claim_id] for view_claim in view.claims)
    assert [q.comment_id for q in view.quotes] == ["t1/2", "t1/3"]  # not the quote of t1/4
    assert view.relations == [r for r in amap.relations if r is not answer]  # they answer pole claims' comments


def test_crux_view_of_a_thread_without_cruxes_is_small(store, make_map):
    amap = make_map("t1")
    amap.cruxes = []
    store.put_maps([amap])
    view = store.crux_view("t1")
    assert view.thread == amap.thread and view.authors == amap.authors
    assert (view.comments, view.claims, view.quotes, view.relations, view.cruxes) == ([], [], [], [], [])
    with pytest.raises(NotFoundError):
        store.crux_view("nope")


# -- read models: the pure functions define what the fast paths return --------------------------------
def _read_model_maps(make_map):
    from argmap.models import Relation

    t1 = make_map("t1")
    t1.relations.append(Relation(relation_id="t1/5->t1/4", thread_id="t1", kind="disagree", source_comment_id="t1/5",
                                 target_comment_id="t1/4", confidence=0.4))
    bare = make_map("t3", third="eve")
    bare.cruxes = []
    return [t1, make_map("t2", third="dee"), bare, _tangled(make_map)]


def test_crux_view_equals_the_read_model_of_the_stored_map(store, make_map):
    from argmap.graph.readmodels import crux_view

    maps = _read_model_maps(make_map)
    store.put_maps(maps)
    for amap in maps:
        expected = crux_view(store.get_map(amap.thread_id))
        assert store.crux_view(amap.thread_id) == expected, amap.thread_id
    assert len(crux_view(maps[0]).comments) == 4 and crux_view(maps[2]).comments == []  # not vacuous


def test_author_slice_equals_the_author_digest_of_the_stored_map(store, make_map):
    from argmap.graph.readmodels import author_digest

    maps = _read_model_maps(make_map)
    store.put_maps(maps)
    for amap in maps:
        for author in ("al", "BO", "ev", "cy", "Alice L", "nobody"):
            expected = author_digest(store.get_map(amap.thread_id), author)
            assert store.author_slice(author, amap.thread_id) == expected, (amap.thread_id, author)
    assert author_digest(maps[0], "nobody").relations == [] and author_digest(maps[0], "bo").relations


def test_store_is_a_context_manager_that_closes(tmp_path, make_map):
    closed = []

    class Probe(NetworkxStore):
        def close(self):
            closed.append(True)
            super().close()

    with Probe(tmp_path / "ws") as s:
        s.put_maps([make_map("t1")])
        assert isinstance(s, GraphStore)
    assert closed == [True]
    with pytest.raises(RuntimeError), Probe(tmp_path / "ws") as s:
        raise RuntimeError("boom")
    assert closed == [True, True]
