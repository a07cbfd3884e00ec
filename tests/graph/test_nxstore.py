"""The embedded store's file handling: atomic saves, concurrent writers, format versions."""

from __future__ import annotations

import json
import multiprocessing
import pytest

from argmap.errors import StoreError, StoreVersionError
from argmap.graph import nxstore
from argmap.graph.nxstore import NetworkxStore


def _graph_size(path) -> tuple[int, int]:
    g = NetworkxStore(path).graph
    return g.number_of_nodes(), g.number_of_edges()


def test_nxstore_crash_during_rename_keeps_old_file(tmp_path, monkeypatch, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1")])
    before = (tmp_path / "graph.json").read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk pulled out")

    monkeypatch.setattr(nxstore.os, "replace", crash)
    with pytest.raises(OSError, match="disk pulled out"):
        store.put_maps([make_map("t2")])
    monkeypatch.undo()
    assert (tmp_path / "graph.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json", "store.lock"]  # no temp file left
    assert [s.thread_id for s in NetworkxStore(tmp_path).list_threads()] == ["t1"]


def test_nxstore_crash_while_writing_json_keeps_old_file(tmp_path, monkeypatch, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1")])
    real_dump = json.dump

    def half_dump(obj, fh, **kw):
        fh.write(json.dumps(obj, **kw)[:1000])  # a torn write, then the process "dies"
        raise KeyboardInterrupt

    monkeypatch.setattr(nxstore.json, "dump", half_dump)
    with pytest.raises(KeyboardInterrupt):
        store.put_maps([make_map("t2")])
    monkeypatch.setattr(nxstore.json, "dump", real_dump)
    fresh = NetworkxStore(tmp_path)
    assert fresh.get_map("t1") == make_map("t1")
    assert [s.thread_id for s in fresh.list_threads()] == ["t1"]


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


def test_nxstore_newer_format_version_is_refused(tmp_path, make_map):
    NetworkxStore(tmp_path).put_maps([make_map("t1")])
    doc = json.loads((tmp_path / "graph.json").read_text())
    doc["version"] = nxstore.STORE_VERSION + 1
    (tmp_path / "graph.json").write_text(json.dumps(doc))
    with pytest.raises(StoreVersionError, match=f"version {nxstore.STORE_VERSION + 1} is not supported") as info:
        NetworkxStore(tmp_path).list_threads()
    assert "graph.json" in info.value.one_line() and "\n" not in info.value.one_line()


def test_nxstore_corrupt_file_is_a_store_error(tmp_path, make_map):
    (tmp_path / "graph.json").write_text('{"format": "argmap-networkx", "version": 1, "graph": {')
    with pytest.raises(StoreError, match="corrupt"):
        NetworkxStore(tmp_path).counts()


def test_nxstore_replace_thread_keeps_node_and_edge_counts(tmp_path, make_map):
    store = NetworkxStore(tmp_path)
    store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    first = _graph_size(tmp_path)
    store.put_maps([make_map("t2", third="dee")])
    store.put_maps([make_map("t1")])
    assert _graph_size(tmp_path) == first


def test_nxstore_reads_threads_written_without_author_list(tmp_path, make_map):
    """Files written before threads kept ``author_ids`` still read: authors come from comments."""
    NetworkxStore(tmp_path).put_maps([make_map("t1")])
    doc = json.loads((tmp_path / "graph.json").read_text())
    for node in doc["graph"]["nodes"]:
        node.pop("author_ids", None)
    (tmp_path / "graph.json").write_text(json.dumps(doc))
    amap = NetworkxStore(tmp_path).get_map("t1")
    assert [a.author_id for a in amap.authors] == ["al", "bo", "cy"]


def test_nxstore_sees_writes_of_another_store_object(tmp_path, make_map):
    reader, writer = NetworkxStore(tmp_path), NetworkxStore(tmp_path)
    assert reader.counts()["threads"] == 0
    writer.put_maps([make_map("t1")])
    writer.put_maps([make_map("t2")])
    assert reader.counts()["threads"] == 2
