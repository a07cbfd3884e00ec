"""Inputs holding parts of one thread are merged by comment id: in one ingest, across ingests, and
``--replace`` for replacing a stored thread instead."""

from __future__ import annotations

import json

from click.testing import CliRunner

from argmap.cli import main
from argmap.graph.store import open_store
from argmap.ingest import read_path
from argmap.ingest.merge import merge_maps


def _lw(path, items):
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _c(cid, parent, text, user=None):
    item = {"_id": cid, "postId": "P", "parentCommentId": parent, "contents": {"markdown": text}}
    if user:
        item["user"] = {"username": user}
    return item


def test_merge_unites_parts_and_reattaches_missing_parents(tmp_path):
    a = read_path(_lw(tmp_path / "a.json", [_c("a1", None, "Root claim."), _c("a2", "b1", "Reply to b.")]), author="ann")
    b = read_path(_lw(tmp_path / "b.json", [_c("b1", "a1", "Answer to a."), _c("a1", None, "Root claim.")]), author="bo")
    assert any(p.where == "lw:a2" and p.action == "repaired" for p in a.problems)
    (amap,), problems = merge_maps(a.maps + b.maps, a.problems + b.problems)
    parents = {c.comment_id: c.parent_id for c in amap.comments}
    assert parents == {"lw:a1": None, "lw:a2": "lw:b1", "lw:b1": "lw:a1"}
    assert [c.index for c in amap.comments] == [0, 1, 2]
    assert not any(p.where == "lw:a2" and p.action == "repaired" for p in problems), "undone repair still reported"
    (note,) = [p for p in problems if p.action == "counted"]
    assert "2 + 2 comments, 1 in more than one, 3 kept" in note.message
    assert {a.author_id for a in amap.authors} == {"ann", "bo"}


def test_merge_reports_conflicts_and_keeps_the_later_version(tmp_path):
    a = read_path(_lw(tmp_path / "a.json", [_c("x", None, "Old words.", "ann")]))
    b = read_path(_lw(tmp_path / "b.json", [_c("x", None, "New words.", "ann")]))
    (amap,), problems = merge_maps(a.maps + b.maps, [])
    assert amap.comments[0].text == "New words."
    (conflict,) = [p for p in problems if p.action == "repaired"]
    assert conflict.path.endswith("b.json") and conflict.where == "lw:x" and "a.json (raw)" in conflict.message


def test_merge_keeps_the_words_of_a_comment_deleted_since(tmp_path):
    a = read_path(_lw(tmp_path / "a.json", [_c("x", None, "Words worth keeping.", "ann")]))
    gone = dict(_c("x", None, "", None), deleted=True)
    b = read_path(_lw(tmp_path / "b.json", [gone]))
    (amap,), problems = merge_maps(a.maps + b.maps, [])
    assert amap.comments[0].text == "Words worth keeping." and amap.comments[0].author == "ann"
    assert any(p.where == "lw:x" and "kept its text from" in p.message for p in problems)


def _ingest(runner, *args):
    return runner.invoke(main, ["ingest", "--no-analysis", "--json", *map(str, args)], catch_exceptions=False)


def test_cli_overlapping_inputs_keep_every_comment_in_one_and_across_ingests(tmp_path):
    runner = CliRunner()
    a = _lw(tmp_path / "a.json", [_c("a1", None, "Root claim.", "ann"), _c("a2", "a1", "More from ann.", "ann")])
    b = _lw(tmp_path / "b.json", [_c("b1", "a1", "Answer to ann.", "bo"), _c("a2", "a1", "More from ann.", "ann")])
    together = str(tmp_path / "one")
    res = _ingest(runner, a, b, "--store", together)
    assert res.exit_code == 0 and json.loads(res.stdout)["comments"] == 3
    apart = str(tmp_path / "two")
    assert _ingest(runner, a, "--store", apart).exit_code == 0
    res = _ingest(runner, b, "--store", apart)
    assert res.exit_code == 0 and json.loads(res.stdout)["comments"] == 3
    for store in (together, apart):
        with open_store(store) as s:
            assert sorted(c.comment_id for c in s.get_map("lw:P").comments) == ["lw:a1", "lw:a2", "lw:b1"]
    res = _ingest(runner, b, "--store", apart, "--replace")
    assert res.exit_code == 0
    with open_store(apart) as s:
        assert sorted(c.comment_id for c in s.get_map("lw:P").comments) == ["lw:a2", "lw:b1"]


def test_cli_conflict_fails_strict_and_writes_nothing(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "ws")
    assert _ingest(runner, _lw(tmp_path / "a.json", [_c("x", None, "Old.", "ann")]), "--store", store).exit_code == 0
    changed = _lw(tmp_path / "b.json", [_c("x", None, "Edited.", "ann")])
    res = runner.invoke(main, ["ingest", "--no-analysis", str(changed), "--store", store, "--strict"])
    assert res.exit_code == 1 and "differs from the one in the stored thread" in res.stderr
    with open_store(store) as s:
        assert s.get_map("lw:P").comments[0].text == "Old."
