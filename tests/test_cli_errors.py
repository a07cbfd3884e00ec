"""Exit codes and one-line errors on broken input and broken workspaces (issue 12): 0 ok, 1 an
input or store error, 2 a usage error; never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmap.cli import main

ROWS = [{"id": "1", "author": "ann", "thread_id": "cats", "text": "Cats need less attention than dogs."},
        {"id": "2", "parent_id": "1", "author": "bob", "thread_id": "cats", "text": "I disagree, cats need care too."}]


@pytest.fixture()
def run(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "ws")

    def invoke(*args, store_arg=True):
        args = [str(a) for a in args] + (["--store", store] if store_arg else [])
        res = runner.invoke(main, args)
        assert "Traceback" not in res.output and not isinstance(res.exception, (TypeError, KeyError, ValueError))
        return res
    invoke.store = tmp_path / "ws"
    return invoke


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _one_error(res) -> str:
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    return lines[0]


def test_cli_errors_wrong_type_is_repaired_and_strict_fails(run, tmp_path):
    path = _jsonl(tmp_path / "t.jsonl", [{**ROWS[0], "author": ["ann"]}, ROWS[1]])
    res = run("ingest", "--no-analysis", "--strict", path)
    assert res.exit_code == 1 and "line 1: author" in _one_error(res)
    res = run("ingest", "--no-analysis", path)
    assert res.exit_code == 0 and "repaired" in res.stderr and "line 1: author" in res.stderr


def test_cli_errors_cannot_tell_the_format_exits_1(run, tmp_path):
    path = tmp_path / "blob.json"
    path.write_text('{"hello": "world"}')
    res = run("ingest", path)
    assert res.exit_code == 1 and "cannot tell the format" in _one_error(res)


def test_cli_errors_unknown_format_is_a_usage_error(run, tmp_path):
    res = run("ingest", "--format", "docx", _jsonl(tmp_path / "t.jsonl", ROWS))
    assert res.exit_code == 2


def test_cli_errors_zero_threads_exits_1_and_writes_nothing(run, tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"data": {"comments": {"results": []}}}')
    res = run("ingest", "--no-analysis", path)
    assert res.exit_code == 1 and "no thread in the input" in _one_error(res)
    assert not (run.store / "manifest.json").exists()


def test_cli_errors_endless_input_is_one_line(run, monkeypatch):
    import argmap.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 2 ** 20)
    res = run("ingest", "/dev/zero")
    assert res.exit_code == 1 and "larger than 1 MiB" in _one_error(res)


def test_cli_errors_store_under_a_file_is_one_line(run, tmp_path):
    (tmp_path / "afile").write_text("x")
    res = run("ingest", "--no-analysis", "--store", tmp_path / "afile" / "sub", _jsonl(tmp_path / "t.jsonl", ROWS),
              store_arg=False)
    line = _one_error(res)
    assert res.exit_code == 1 and "must name a directory" in line and line.count("cannot") == 1


def test_cli_errors_lock_directory_is_one_line(run, tmp_path):
    path = _jsonl(tmp_path / "t.jsonl", ROWS)
    assert run("ingest", "--no-analysis", path).exit_code == 0
    (run.store / "store.lock").unlink(missing_ok=True)
    (run.store / "store.lock").mkdir()
    res = run("ingest", "--no-analysis", "--replace", path)
    line = _one_error(res)
    assert res.exit_code == 1 and "store.lock is not a file" in line and line.count("cannot") <= 1


def test_cli_errors_lost_manifest_warns_and_keeps_the_threads(run, tmp_path):
    assert run("ingest", "--no-analysis", _jsonl(tmp_path / "t.jsonl", ROWS)).exit_code == 0
    (run.store / "manifest.json").unlink()
    res = run("threads", "--json")
    assert res.exit_code == 0 and "rebuilt from 1 thread file" in res.stderr
    assert [t["thread_id"] for t in json.loads(res.stdout)] == ["cats"]


def test_cli_errors_hand_edited_thread_file_is_one_line(run, tmp_path):
    assert run("ingest", "--no-analysis", _jsonl(tmp_path / "t.jsonl", ROWS)).exit_code == 0
    thread_file = next(p for p in (run.store / "threads").glob("*.json"))
    doc = json.loads(thread_file.read_text())
    doc["map"]["comments"][0]["text"] = {"edited": True}
    thread_file.write_text(json.dumps(doc))
    res = run("show", "cats")
    assert res.exit_code == 1 and thread_file.name in _one_error(res)


def test_cli_errors_a_bug_is_still_one_line(run, tmp_path, monkeypatch):
    import argmap.cli.core as cli_core

    def broken(*args, **kwargs):
        raise TypeError("an argmap bug")

    monkeypatch.setattr(cli_core, "read_inputs", broken)
    res = run("ingest", _jsonl(tmp_path / "t.jsonl", ROWS))
    assert res.exit_code == 1 and "internal error: TypeError: an argmap bug" in _one_error(res)


def test_cli_errors_surrogates_and_separators_ingest_and_export(run, tmp_path):
    rows = [{**ROWS[0], "text": "Cats\u2028need \udcff less attention."}, ROWS[1]]
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))   # \udcff as a JSON escape
    res = run("ingest", path)
    assert res.exit_code == 0 and "surrogates" in res.stderr
    for fmt in ("dot", "csv", "html", "json"):
        assert run("export", "cats", "--format", fmt, "-o", tmp_path / f"out.{fmt}").exit_code == 0
