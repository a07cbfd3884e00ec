"""read_path: format detection, dispatch and the errors a user can cause."""

from __future__ import annotations

import pytest

import argmap.ingest as ingest
from argmap.errors import InputError, UnknownFormatError
from argmap.ingest import FORMATS, detect_format, read_path

from ingest_testutil import FIXTURES


def test_registry_formats_listed():
    assert FORMATS == ("lesswrong", "reddit", "hackernews", "jsonl", "csv", "markdown", "plaintext", "kialo", "argmap-json")


@pytest.mark.parametrize("name,fmt", [
    ("reddit_small.json", "reddit"), ("lesswrong_comments.json", "lesswrong"), ("hn_story.json", "hackernews"),
    ("thread.csv", "csv"), ("utterances.jsonl", "jsonl"), ("thread.md", "markdown"),
    ("kialo_small.txt", "kialo"), ("paste.txt", "plaintext"),
])
def test_registry_detects_each_fixture(name, fmt, tmp_path):
    path = FIXTURES / name
    assert detect_format(str(path), path.read_text(encoding="utf-8")) == fmt
    # Content alone is enough for the structured formats (no telling extension).
    if fmt in ("reddit", "lesswrong", "hackernews", "jsonl", "kialo", "csv"):
        anon = tmp_path / "input"
        anon.write_bytes(path.read_bytes())
        assert detect_format(str(anon), anon.read_text(encoding="utf-8")) == fmt
    assert read_path(path).maps[0].thread.source_format == fmt


def test_registry_unknown_format_lists_supported(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("hello there, general kenobi")
    with pytest.raises(UnknownFormatError) as exc:
        read_path(path, format="docx")
    assert "docx" in str(exc.value) and "reddit" in str(exc.value)


def test_registry_undetectable_json_is_unknown_format(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"weather": "sunny"}')
    with pytest.raises(UnknownFormatError) as exc:
        read_path(path)
    assert "x.json" in str(exc.value) and "hackernews" in str(exc.value)


def test_registry_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"data": {"comments": [\n  {"_id": "a",\n  "body": }\n]}}')
    with pytest.raises(InputError) as exc:
        read_path(path)
    assert str(exc.value).startswith(f"{path}: line 3:11: malformed JSON")
    with pytest.raises(InputError) as exc:
        read_path(path, format="lesswrong")
    assert "line 3:11" in str(exc.value)


def test_registry_non_utf8_decoded_with_replacement(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "1", "author": "jos\xe9", "text": "Caf\xe9 culture is overrated."}\n')
    result = read_path(path)
    (problem,) = result.problems
    assert problem.action == "decoded-with-replacement" and "byte offset 26" in problem.message
    assert result.maps[0].comments[0].text == "Caf\ufffd culture is overrated."


def test_registry_missing_optional_reader_breaks_nothing(monkeypatch):
    monkeypatch.setitem(ingest._READERS, "argmap-json", ("argmap.ingest._no_such_reader", None))
    path = FIXTURES / "reddit_small.json"
    assert read_path(path).maps[0].thread.source_format == "reddit"
    with pytest.raises(UnknownFormatError):
        read_path(path, format="argmap-json")


def test_registry_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError) as exc:
        read_path(tmp_path / "nope.json")
    assert "nope.json" in str(exc.value)


def test_registry_empty_file_is_input_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    with pytest.raises(InputError) as exc:
        read_path(path)
    assert "empty" in str(exc.value) and "empty.txt" in str(exc.value)
