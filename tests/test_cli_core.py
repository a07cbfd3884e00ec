"""The core commands through click's CliRunner: ingest, threads, show, claims, demo, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main

THREAD = [
    {"id": "1", "parent_id": None, "author": "ann", "thread_id": "cats", "title": "Are cats better pets?",
     "text": "Cats are better pets than dogs. They need far less attention."},
    {"id": "2", "parent_id": "1", "author": "bob", "thread_id": "cats",
     "text": "> They need far less attention.\n\nI disagree. Cats still need daily care, and they get lonely too."},
    {"id": "3", "parent_id": "2", "author": "ann", "thread_id": "cats",
     "text": "Fair point, I should have said less walking rather than less attention."},
]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def store(tmp_path):
    return str(tmp_path / "ws")


def invoke(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_ingest_then_threads_show_claims(runner, store, tmp_path):
    src = write_jsonl(tmp_path / "cats.jsonl", THREAD)
    res = invoke(runner, "ingest", src, "--store", store, "--json")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["comments"] == 3 and summary["claims"] >= 4 and summary["quotes"] == 1

    res = invoke(runner, "threads", "--store", store, "--json")
    (row,) = json.loads(res.stdout)
    assert row["comments"] == 3 and row["authors"] == 2

    res = invoke(runner, "show", row["thread_id"], "--store", store, "--json")
    amap = json.loads(res.stdout)
    comments = {c["comment_id"]: c for c in amap["comments"]}
    for claim in amap["claims"]:
        assert comments[claim["comment_id"]]["text"][claim["start"]:claim["end"]] == claim["text"]
    # The quoted sentence belongs to the quote, not to bob's claims.
    bob_claims = [c["text"] for c in amap["claims"] if c["author"] == "bob"]
    assert not any("far less attention" in t for t in bob_claims)

    res = invoke(runner, "claims", row["thread_id"], "--author", "bob", "--store", store, "--json")
    assert {c["author"] for c in json.loads(res.stdout)} == {"bob"}

    res = invoke(runner, "show", row["thread_id"], "--store", store)
    assert res.exit_code == 0 and "ann" in res.stdout and "Cats are better pets than dogs." in res.stdout


def test_cli_reingest_replaces_thread_with_identical_counts(runner, store, tmp_path):
    src = write_jsonl(tmp_path / "cats.jsonl", THREAD)
    invoke(runner, "ingest", src, "--store", store, "--json")
    first = json.loads(invoke(runner, "threads", "--store", store, "--json").stdout)
    invoke(runner, "ingest", src, "--store", store, "--json")
    assert json.loads(invoke(runner, "threads", "--store", store, "--json").stdout) == first


def test_cli_store_from_environment(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("ARGMAP_STORE", str(tmp_path / "envstore"))
    src = write_jsonl(tmp_path / "cats.jsonl", THREAD)
    assert invoke(runner, "ingest", src).exit_code == 0
    assert (tmp_path / "envstore" / "manifest.json").exists()


def test_cli_unknown_format_is_usage_error(runner, store, tmp_path):
    src = write_jsonl(tmp_path / "cats.jsonl", THREAD)
    res = runner.invoke(main, ["ingest", str(src), "--format", "docx", "--store", store])
    assert res.exit_code == 2
    assert "docx" in res.stderr and "reddit" in res.stderr
    assert "Traceback" not in res.output


def test_cli_malformed_json_names_file_and_line(runner, store, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"data": {"comments": [\n  {"_id": "a",\n  "body": }\n]}}', encoding="utf-8")
    res = runner.invoke(main, ["ingest", str(bad), "--store", store])
    assert res.exit_code == 1
    line = res.stderr.strip().splitlines()[-1]
    assert "bad.json" in line and "3" in line
    assert "Traceback" not in res.output
    assert not (Path(store) / "manifest.json").exists(), "a failed ingest wrote to the store"


def test_cli_strict_writes_nothing_when_an_item_is_skipped(runner, store, tmp_path):
    rows = THREAD + [{"id": "4", "parent_id": "3", "author": "cy", "thread_id": "cats"}]  # no text field
    src = write_jsonl(tmp_path / "cats.jsonl", rows)
    res = runner.invoke(main, ["ingest", str(src), "--store", store, "--strict"])
    assert res.exit_code == 1 and "nothing written" in res.stderr
    assert not (Path(store) / "manifest.json").exists()
    res = runner.invoke(main, ["ingest", str(src), "--store", store, "--json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["problem_counts"]


def test_cli_show_unknown_thread_is_one_line_error(runner, store, tmp_path):
    invoke(runner, "ingest", write_jsonl(tmp_path / "cats.jsonl", THREAD), "--store", store)
    res = runner.invoke(main, ["show", "nope", "--store", store])
    assert res.exit_code == 1
    assert len(res.stderr.strip().splitlines()) == 1 and "nope" in res.stderr


def test_cli_demo_finds_disagreement_and_cruxes(runner, store):
    res = invoke(runner, "demo", "--store", store, "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["comments"] >= 10 and report["authors"] >= 4
    assert report["quotes_resolved"] >= 3
    assert report["stances"].get("disagree", 0) >= 2
    assert report["cruxes"], "the demo debate states explicit contrasts; argmap found no crux"
    res = invoke(runner, "threads", "--store", store, "--json")
    assert json.loads(res.stdout)[0]["thread_id"] == report["thread_id"]


MARKUP = [
    {"id": "1", "parent_id": None, "author": "[bold]eve", "thread_id": "a-very-long-thread-id-that-must-not-be-cut",
     "title": "[red]Forum[/red] title", "text": "I think [/quote] this is [red]wrong[/red] and bad."},
    {"id": "2", "parent_id": "1", "author": "bob", "thread_id": "a-very-long-thread-id-that-must-not-be-cut",
     "text": "No, [/b] that is not true at all."},
]


@pytest.mark.parametrize("command", [
    ["threads"], ["claims", "a-very-long"], ["show", "a-very-long"], ["search", "wrong"],
    ["positions", "--author", "[bold]eve"], ["diverge", "a-very-long"],
])
def test_cli_tables_print_untrusted_text_literally(runner, store, tmp_path, command):
    """Forum text full of BBCode-like brackets must neither crash rich's markup parser (an unmatched
    ``[/quote]`` raises) nor be styled; ids are never truncated, even on a narrow terminal."""
    assert invoke(runner, "ingest", write_jsonl(tmp_path / "m.jsonl", MARKUP), "--store", store).exit_code == 0
    res = runner.invoke(main, [*command, "--store", store], catch_exceptions=False, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    if command[0] in ("claims", "show", "search", "positions"):
        assert "[/quote]" in res.stdout and "[red]wrong[/red]" in res.stdout
    if command[0] in ("threads", "search"):
        assert "a-very-long-thread-id-that-must-not-be-cut" in res.stdout
    if command[0] in ("positions", "diverge", "show"):
        assert "[bold]eve" in res.stdout
    narrow = runner.invoke(main, [*command, "--store", store], catch_exceptions=False, env={"COLUMNS": "50"})
    assert narrow.exit_code == 0, narrow.output
    if command[0] in ("threads", "claims", "search"):  # tables fold what does not fit; nothing is cut off
        assert "…" not in narrow.stdout


def test_cli_show_prints_the_answer_to_a_quote_from_outside_the_thread(runner, store, tmp_path):
    """A quote of the article a comment argues with (not in the thread) is shown with its answer."""
    rows = [{"id": "1", "parent_id": None, "author": "dee", "thread_id": "cc", "title": "Congestion charges",
             "text": "> Congestion charges mostly punish poor commuters who have no other way in.\n\n"
                     "That is not true. The poorest commuters already take the bus, and the charge pays for "
                     "more buses."}]
    src = write_jsonl(tmp_path / "cc.jsonl", rows)
    assert invoke(runner, "ingest", src, "--store", store, "--stance", "features").exit_code == 0
    shown = invoke(runner, "show", "cc", "--store", store).stdout
    assert "(unresolved)  [answered: disagree" in shown
    amap = json.loads(invoke(runner, "show", "cc", "--store", store, "--json").stdout)
    (quote,) = amap["quotes"]
    assert quote["answer"]["kind"] == "disagree" and quote["answer"]["evidence"]
