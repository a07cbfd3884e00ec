"""The embedded workspace defends itself (issue 12): a lost or damaged manifest is rebuilt from the
thread files, never a reason to delete them; hand-edits fail with one line naming the file; the
manifest cannot point outside the workspace; I/O errors are one line."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from argmap.errors import StoreError, StoreIOError
from argmap.graph import nxstore
from argmap.graph.nxstore import NetworkxStore


def _files(ws: Path) -> list[str]:
    return sorted(p.name for p in (ws / "threads").iterdir())


@pytest.fixture()
def workspace(tmp_path, make_map):
    ws = tmp_path / "ws"
    NetworkxStore(ws).put_maps([make_map(f"t{i}") for i in range(6)])
    return ws


def test_workspace_lost_manifest_is_rebuilt_and_the_next_write_keeps_every_thread(workspace, make_map, capsys):
    before = _files(workspace)
    (workspace / "manifest.json").unlink()
    store = NetworkxStore(workspace)
    assert [s.thread_id for s in store.list_threads()] == [f"t{i}" for i in range(6)]
    assert "rebuilt from 6 thread file(s)" in capsys.readouterr().err
    store.put_maps([make_map("t9")])
    assert set(before) <= set(_files(workspace))
    fresh = NetworkxStore(workspace)
    assert len(fresh.list_threads()) == 7 and not fresh.repairs
    assert fresh.get_map("t3").thread_id == "t3"


@pytest.mark.parametrize("damage", [
    b"{", b"[]", b'{"format": "argmap-networkx", "version": 3, "threads": [], "authors": {}}',
    b'{"format": "argmap-networkx", "version": 3, "threads": {"t0": {"file": 5}}, "authors": {}}',
    b"\xff\xfe", b"",
], ids=["truncated", "a-list", "threads-a-list", "file-a-number", "not-utf8", "empty"])
def test_workspace_damaged_manifest_is_rebuilt_and_kept_aside(workspace, make_map, damage):
    (workspace / "manifest.json").write_bytes(damage)
    store = NetworkxStore(workspace)
    assert len(store.list_threads()) == 6 and store.repairs
    store.delete_thread("t0")
    assert [s.thread_id for s in NetworkxStore(workspace).list_threads()] == [f"t{i}" for i in range(1, 6)]
    assert (workspace / "damaged" / "manifest.json").read_bytes() == damage


def test_workspace_manifest_paths_are_confined(workspace):
    manifest = json.loads((workspace / "manifest.json").read_text())
    manifest["threads"]["t0"]["file"] = "/etc/hostname"
    manifest["threads"]["t1"]["file"] = "threads/../../outside.json"
    (workspace / "manifest.json").write_text(json.dumps(manifest))
    store = NetworkxStore(workspace)
    assert len(store.list_threads()) == 6
    assert "not a thread file of this workspace" in store.repairs[0]
    assert store.get_map("t0").thread_id == "t0"    # from its own thread file, not /etc/hostname


def test_workspace_unreadable_thread_file_is_kept_aside_never_deleted(workspace, make_map):
    (workspace / "manifest.json").unlink()
    victim = sorted((workspace / "threads").glob("*.json"))[0]
    victim.write_text("{ not json")
    store = NetworkxStore(workspace)
    assert len(store.list_threads()) == 5
    store.put_maps([make_map("t9")])
    assert (workspace / "damaged" / victim.name).read_text() == "{ not json"


def _edit_thread_file(ws: Path, edit) -> Path:
    entry = json.loads((ws / "manifest.json").read_text())["threads"]["t2"]
    path = ws / entry["file"]
    doc = json.loads(path.read_text())
    edit(doc)
    path.write_text(json.dumps(doc))
    return path


HAND_EDITS = {
    "map-a-list": lambda d: d.update(map=[]),
    "no-map": lambda d: d.pop("map"),
    "other-thread": lambda d: d.update(thread_id="t3"),
    "comment-text-a-number": lambda d: d["map"]["comments"][0].update(text=5),
    "claims-missing": lambda d: d["map"].pop("claims"),
    "relation-kind-unknown": lambda d: d["map"]["relations"][0].update(kind="hates"),
    "claim-offsets-wrong": lambda d: d["map"]["claims"][0].update(end=10 ** 6),
    "crux-poles-a-string": lambda d: d["map"]["cruxes"][0].update(poles="x"),
    "version-newer": lambda d: d.update(version=99),
}


@pytest.mark.parametrize("edit", list(HAND_EDITS), ids=list(HAND_EDITS))
def test_workspace_hand_edited_thread_file_is_one_line_naming_it(workspace, edit):
    path = _edit_thread_file(workspace, HAND_EDITS[edit])
    store = NetworkxStore(workspace)
    for read in (lambda: store.get_map("t2"), lambda: store.crux_view("t2"), lambda: store.author_slice("al", "t2")):
        with pytest.raises(StoreError) as info:
            read()
        line = info.value.one_line()
        assert path.name in line and "\n" not in line
    assert len(store.list_threads()) == 6   # the other threads still answer


def test_workspace_damaged_author_index_falls_back_to_the_thread_file(workspace):
    from argmap.graph import queries

    expected = queries.positions(NetworkxStore(workspace), "al")
    for index in (workspace / "threads").glob(f"*{nxstore.INDEX_SUFFIX}"):
        index.write_text('{"format": "argmap-networkx-author-index", "version": 1}\n[')
    store = NetworkxStore(workspace)
    assert queries.positions(store, "al") == expected
    assert store.search_claims("nuclear")


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"),
                                         (errno.EACCES, "permission denied")])
def test_workspace_io_errors_are_one_line_and_change_nothing(workspace, make_map, monkeypatch, code, words):
    before = (workspace / "manifest.json").read_bytes()

    def fail(fh, data):
        raise OSError(code, __import__("os").strerror(code))

    monkeypatch.setattr(nxstore, "_write_all", fail)
    with pytest.raises(StoreIOError, match=words) as info:
        NetworkxStore(workspace).put_maps([make_map("t9")])
    assert "\n" not in info.value.one_line() and info.value.hint
    monkeypatch.undo()
    assert (workspace / "manifest.json").read_bytes() == before
    assert len(NetworkxStore(workspace).list_threads()) == 6


def test_workspace_store_under_a_file_is_one_line(tmp_path, make_map):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StoreIOError, match="must name a directory"):
        NetworkxStore(tmp_path / "afile" / "sub").put_maps([make_map("t1")])


def test_workspace_lock_that_is_a_directory_is_one_line(workspace, make_map):
    (workspace / "store.lock").unlink(missing_ok=True)
    (workspace / "store.lock").mkdir()
    with pytest.raises(StoreIOError, match="store.lock is not a file"):
        NetworkxStore(workspace).put_maps([make_map("t9")])


def test_workspace_newer_manifest_is_still_refused_not_rebuilt(workspace):
    manifest = json.loads((workspace / "manifest.json").read_text())
    manifest["version"] = 99
    (workspace / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="version 99"):
        NetworkxStore(workspace).list_threads()
