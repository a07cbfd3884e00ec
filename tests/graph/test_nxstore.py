"""The embedded store's file handling: atomic saves, concurrent writers, format versions."""

from __future__ import annotations

import json
import multiprocessing

import networkx as nx
import pytest

from argmap.errors import StoreError, StoreVersionError
from argmap.analysis.divergence import author_positions
from argmap.graph import nxstore, queries
from argmap.graph.nxstore import NetworkxStore


def _graph_size(path) -> tuple[int, int]:
    g = NetworkxStore(path).graph
    return g.number_of_nodes(), g.number_of_edges()


def _thread_files(path) -> list[str]:
    return sorted(p.name for p in (path / "threads").iterdir() if not p.name.endswith(nxstore.INDEX_SUFFIX))


def _index_files(path) -> list[str]:
    return sorted(p.name for p in (path / "threads").iterdir() if p.name.endswith(nxstore.INDEX_SUFFIX))


def _write_v1(path, maps, drop_author_ids: bool = False) -> None:
    """A version-1 workspace: the whole graph in one ``graph.json``."""
    graph = nx.MultiDiGraph()
    for amap in maps:
        nxstore.map_to_graph(amap, graph)
    data = nx.node_link_data(graph, edges="edges")
    if drop_author_ids:
        for node in data["nodes"]:
            node.pop("author_ids", None)
    path.mkdir(parents=True, exist_ok=True)
    (path / "graph.json").write_text(json.dumps({"format": "argmap-networkx", "version": 1, "graph": data}))


def test_nxstore_crash_during_rename_keeps_old_files(tmp_path, monkeypatch, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1")])
    before = (tmp_path / "manifest.json").read_bytes()
    shards = _thread_files(tmp_path)

    def crash(*args, **kwargs):
        raise OSError("disk pulled out")

    monkeypatch.setattr(nxstore.os, "replace", crash)
    with pytest.raises(OSError, match="disk pulled out"):
        store.put_maps([make_map("t2")])
    monkeypatch.undo()
    assert (tmp_path / "manifest.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "store.lock", "threads"]  # no temp file
    assert _thread_files(tmp_path) == shards
    assert [s.thread_id for s in NetworkxStore(tmp_path).list_threads()] == ["t1"]


@pytest.mark.parametrize("crash_at", [1, 2, 3], ids=["thread-file", "author-index", "manifest"])
def test_nxstore_torn_write_keeps_previous_version(tmp_path, monkeypatch, make_map, crash_at):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1")])
    calls = []
    real_write = nxstore._write_all

    def torn(fh, data):
        calls.append(1)
        if len(calls) == crash_at:
            fh.write(data[:len(data) // 2])  # a torn write, then the process "dies"
            raise KeyboardInterrupt
        real_write(fh, data)

    monkeypatch.setattr(nxstore, "_write_all", torn)
    with pytest.raises(KeyboardInterrupt):
        store.put_maps([make_map("t2")])
    monkeypatch.undo()
    fresh = NetworkxStore(tmp_path)
    assert fresh.get_map("t1") == make_map("t1")
    assert [s.thread_id for s in fresh.list_threads()] == ["t1"]
    assert len(_thread_files(tmp_path)) == len(_index_files(tmp_path)) == 1


def test_nxstore_next_write_sweeps_files_a_crash_left(tmp_path, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1")])
    (tmp_path / "threads" / "0123456789abcdef-0123456789abcdef.json").write_text("{}")
    (tmp_path / "threads" / ".x.json-abc.tmp").write_text("{")
    (tmp_path / ".manifest.json-abc.tmp").write_text("{")
    (tmp_path / "threads" / f"0123456789abcdef-0123456789abcdef{nxstore.INDEX_SUFFIX}").write_text("{}")
    store.put_maps([make_map("t2")])
    assert len(_thread_files(tmp_path)) == len(_index_files(tmp_path)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "store.lock", "threads"]


def test_nxstore_replacing_threads_leaves_one_file_per_thread(tmp_path, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1"), make_map("t2")])
    files = _thread_files(tmp_path)
    store.put_maps([make_map("t1")])  # unchanged content: same file
    assert _thread_files(tmp_path) == files
    store.put_maps([make_map("t1", title="Another title")])
    assert len(_thread_files(tmp_path)) == 2 and _thread_files(tmp_path) != files
    store.delete_thread("t2")
    assert len(_thread_files(tmp_path)) == len(_index_files(tmp_path)) == 1


def test_nxstore_one_thread_reads_only_its_own_file(tmp_path, make_map):
    NetworkxStore(tmp_path).put_maps([make_map("t1"), make_map("t2")])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    t2_file = tmp_path / manifest["threads"]["t2"]["file"]
    t2_file.write_text("{ torn")
    store = NetworkxStore(tmp_path)
    assert store.get_map("t1") == make_map("t1")
    assert [s.thread_id for s in store.list_threads()] == ["t1", "t2"]
    assert store.counts()["threads"] == 2 and store.author_threads("bo") == ["t1", "t2"]
    assert [tid for tid, _ in store.iter_cruxes()] == ["t1", "t2"]
    with pytest.raises(StoreError, match="corrupt") as info:
        store.get_map("t2")
    assert t2_file.name in info.value.one_line()


def test_nxstore_reader_follows_a_thread_replaced_under_it(tmp_path, make_map):
    reader, writer = NetworkxStore(tmp_path), NetworkxStore(tmp_path)
    writer.put_maps([make_map("t1")])
    assert reader.list_threads()[0].title == "Is nuclear power safe?"
    newer = make_map("t1", title="Second title")
    writer.put_maps([newer])
    # The reader still holds the old manifest, as if it had read it just before the write.
    reader._state_key = ("v2", nxstore._stat_key(tmp_path / "manifest.json"))
    assert reader._state_cache.manifest["threads"]["t1"]["summary"]["title"] == "Is nuclear power safe?"
    assert reader.get_map("t1") == newer


def _ingest(path: str, tid: str, build_map) -> None:
    NetworkxStore(path).put_maps([build_map(tid, third=f"third-{tid}")])


def test_nxstore_concurrent_ingests_from_several_processes_all_land(tmp_path, make_map):
    NetworkxStore(tmp_path).put_maps([make_map("t0")])
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_ingest, args=(str(tmp_path), f"t{i}", make_map)) for i in range(1, 5)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    store = NetworkxStore(tmp_path)
    assert [s.thread_id for s in store.list_threads()] == ["t0", "t1", "t2", "t3", "t4"]
    assert store.get_map("t3") == make_map("t3", third="third-t3")
    assert store.author_threads("third-t2") == ["t2"]
    assert len(_thread_files(tmp_path)) == 5


def test_nxstore_newer_format_version_is_refused(tmp_path, make_map):
    NetworkxStore(tmp_path).put_maps([make_map("t1")])
    doc = json.loads((tmp_path / "manifest.json").read_text())
    doc["version"] = nxstore.STORE_VERSION + 1
    (tmp_path / "manifest.json").write_text(json.dumps(doc))
    with pytest.raises(StoreVersionError, match=f"version {nxstore.STORE_VERSION + 1} is not supported") as info:
        NetworkxStore(tmp_path).list_threads()
    assert "manifest.json" in info.value.one_line() and "\n" not in info.value.one_line()
    with pytest.raises(StoreVersionError):
        NetworkxStore(tmp_path).put_maps([make_map("t2")])


def test_nxstore_corrupt_file_is_a_store_error(tmp_path, make_map):
    (tmp_path / "graph.json").write_text('{"format": "argmap-networkx", "version": 1, "graph": {')
    with pytest.raises(StoreError, match="corrupt"):
        NetworkxStore(tmp_path).counts()
    # a damaged manifest is rebuilt from the thread files instead (tests/graph/test_workspace_defence.py)
    (tmp_path / "manifest.json").write_text('{"format": "argmap-networkx", "version": 2, "threads": {')
    store = NetworkxStore(tmp_path)
    assert store.counts()["threads"] == 0
    assert "corrupt" in store.repairs[0]


def test_nxstore_replace_thread_keeps_node_and_edge_counts(tmp_path, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    first = _graph_size(tmp_path)
    store.put_maps([make_map("t2", third="dee")])
    store.put_maps([make_map("t1")])
    assert _graph_size(tmp_path) == first
    assert first[0] == 2 * (1 + 5 + 7 + 3 + 1) + 4  # threads, comments, claims, quotes, cruxes; 4 authors
    assert NetworkxStore(tmp_path).thread_graph("t2").number_of_nodes() == 1 + 5 + 7 + 3 + 1 + 3


def test_nxstore_reads_version_1_workspace_and_converts_it_on_write(tmp_path, make_map):
    ws = tmp_path / "ws"
    _write_v1(ws, [make_map("t1"), make_map("t2", third="dee")])
    old = NetworkxStore(ws)
    assert old.get_map("t1") == make_map("t1")
    assert [s.thread_id for s in old.list_threads()] == ["t1", "t2"]
    counts = old.counts()
    assert counts["authors"] == 4 and counts["relations"] == 8
    assert old.author_threads("dee") == ["t2"]
    assert not (ws / "manifest.json").exists()  # reading changes nothing
    old.put_maps([make_map("t3")])
    assert not (ws / "graph.json").exists()
    new = NetworkxStore(ws)
    assert [m for m in new.iter_maps()] == [make_map("t1"), make_map("t2", third="dee"), make_map("t3")]
    assert new.counts()["threads"] == 3 and new.counts()["authors"] == 4
    assert len(_thread_files(ws)) == len(_index_files(ws)) == 3
    assert queries.positions(new, "al") == author_positions(new.iter_maps(), "al")


def test_nxstore_reads_threads_written_without_author_list(tmp_path, make_map):
    """Version-1 files written before threads kept ``author_ids`` still read: authors come from comments."""
    _write_v1(tmp_path, [make_map("t1")], drop_author_ids=True)
    amap = NetworkxStore(tmp_path).get_map("t1")
    assert [a.author_id for a in amap.authors] == ["al", "bo", "cy"]


def test_nxstore_author_record_is_shared_and_latest_listing_wins(tmp_path, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1")])
    renamed = make_map("t2")
    renamed.authors[0].display_name = "Alice Lee"
    store.put_maps([renamed])
    assert store.get_map("t1").authors[0].display_name == "Alice Lee"
    assert store.author_threads("alice lee") == ["t1", "t2"]
    store.delete_thread("t2")
    assert store.author_threads("alice lee") == ["t1"]


def test_nxstore_sees_writes_of_another_store_object(tmp_path, make_map):
    reader, writer = NetworkxStore(tmp_path), NetworkxStore(tmp_path)
    assert reader.counts()["threads"] == 0
    writer.put_maps([make_map("t1")])
    writer.put_maps([make_map("t2")])
    assert reader.counts()["threads"] == 2


def _as_version_2(path) -> None:
    """Turn a workspace into what argmap wrote before author indexes (manifest version 2)."""
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["version"] = 2
    for entry in manifest["threads"].values():
        (path / entry.pop("index")).unlink()
    (path / "manifest.json").write_text(json.dumps(manifest))


def test_nxstore_version_2_workspace_reads_positions_and_gains_indexes_on_write(tmp_path, make_map):
    NetworkxStore(tmp_path).put_maps([make_map("t1"), make_map("t2", third="dee")])
    _as_version_2(tmp_path)
    old = NetworkxStore(tmp_path)
    expected = author_positions(old.iter_maps(), "al")
    assert expected.concessions and expected.crux_sides
    assert queries.positions(old, "al") == expected  # read from the thread files
    assert [c.claim_id for c in queries.search(old, "nuclear power")] == [
        "t1/1#0-22", "t1/2#24-55", "t2/1#0-22", "t2/2#24-55"]
    old.put_maps([make_map("t3")])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["version"] == nxstore.STORE_VERSION
    assert all(entry["index"] for entry in manifest["threads"].values())
    assert len(_index_files(tmp_path)) == 3
    assert queries.positions(NetworkxStore(tmp_path), "al").threads == ["t1", "t2", "t3"]


def test_nxstore_positions_and_search_read_only_the_author_index(tmp_path, make_map):
    NetworkxStore(tmp_path).put_maps([make_map("t1"), make_map("t2", third="dee")])
    expected = author_positions(NetworkxStore(tmp_path).iter_maps(), "bo")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    for tid in ("t1", "t2"):  # positions must not need the thread files
        (tmp_path / manifest["threads"][tid]["file"]).write_text("{ torn")
    store = NetworkxStore(tmp_path)
    assert queries.positions(store, "bo") == expected
    assert queries.search(store, "no such words") == []  # no claim matches: no thread file read
    with pytest.raises(StoreError, match="corrupt"):
        queries.search(store, "nuclear")


def test_nxstore_missing_author_index_falls_back_to_the_thread_file(tmp_path, make_map):
    NetworkxStore(tmp_path).put_maps([make_map("t1"), make_map("t2", third="dee")])
    expected = author_positions(NetworkxStore(tmp_path).iter_maps(), "Alice L")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / manifest["threads"]["t2"]["index"]).unlink()
    store = NetworkxStore(tmp_path)
    assert queries.positions(store, "Alice L") == expected
    assert [c.claim_id for c in queries.search(store, "dangerous")] == ["t1/2#24-55", "t2/2#24-55"]
