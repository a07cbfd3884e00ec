"""Broken and hostile input (issue 12): every case the audit found, each read cleanly or refused
with one line, never a traceback and never a silent change to another comment."""

from __future__ import annotations

import json

import pytest
from ingest_testutil import FIXTURES, assert_quotes_consistent

from argmap.errors import ArgmapError, InputError, UndetectedFormatError
from argmap.ingest import base, read_path, read_text


def _doc(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _read(doc, name="thread.json", fmt=None):
    return read_text(json.dumps(doc), path=name, format=fmt)


def _where(result) -> list[str]:
    return [p.where for p in result.problems]


# --- wrong-typed JSON values ----------------------------------------------------------------------

def test_hostile_reddit_wrong_types_are_reported_with_their_json_path():
    doc = _doc("reddit_small.json")
    post = doc[0]["data"]["children"][0]["data"]
    post["permalink"], post["selftext"], post["title"] = 7, ["x"], 12345
    first = doc[1]["data"]["children"][0]["data"]
    first["author"] = {"name": "bo"}
    result = _read(doc)
    amap = result.maps[0]
    assert "$[0].data.children[0].data.permalink" in _where(result)
    assert "$[0].data.children[0].data.selftext" in _where(result)
    assert "$[1].data.children[0].data.author" in _where(result)
    assert amap.thread.title == "12345"          # a number as a title is read as its digits
    assert amap.comments[1].author is None       # a dict as an author is refused, the comment kept
    assert all(p.action == "repaired" for p in result.problems if "data.author" in p.where)
    assert_quotes_consistent(amap)


def test_hostile_hackernews_list_type_and_number_author():
    doc = _doc("hn_story.json")
    doc["children"][0]["author"] = 42
    doc["children"][0]["children"] = {"not": "a list"}
    result = _read(doc)
    assert result.maps[0].comments[1].author == "42"
    assert "$.children[0].children" in _where(result)
    doc = _doc("hn_story.json")
    doc["type"] = ["story"]
    result = _read(doc, fmt="hackernews")   # read as a cut-down item (no type): the story
    assert "$.type" in _where(result) and len(result.maps[0].comments) == 5


def test_hostile_lesswrong_list_post_id_skips_nothing_else():
    doc = _doc("lesswrong_comments.json")
    items = doc["data"]["comments"]["results"]
    items[0]["postId"] = ["P1"]
    items[1]["baseScore"] = "1e999"
    result = _read(doc)
    assert any(p.where.endswith("[0].postId") for p in result.problems)
    assert sum(len(m.comments) for m in result.maps) >= len(items)
    assert all(c.score is None or abs(c.score) < 2 ** 63 for m in result.maps for c in m.comments)


def test_hostile_jsonl_list_as_author_is_refused_not_stringified():
    rows = [{"id": "1", "author": ["ann"], "text": "Cats are fine."}, {"id": "2", "parent_id": "1", "author": "bo",
                                                                       "text": "Dogs are better."}]
    result = read_text("".join(json.dumps(r) + "\n" for r in rows), path="t.jsonl")
    assert [c.author for c in result.maps[0].comments] == [None, "bo"]
    assert result.problems[0].where == "line 1: author"


@pytest.mark.parametrize("score", ["1e999", "-1e999", "NaN", "Infinity", str(2 ** 70)])
def test_hostile_huge_scores_become_unknown(score):
    text = (FIXTURES / "hn_story.json").read_text().replace('"points": 212', f'"points": {score}', 1)
    assert '"points": 212' not in text
    result = read_text(text, path="hn.json")
    assert result.maps[0].comments[0].score is None


def test_hostile_parse_int_and_float_never_overflow():
    assert base.parse_int(float("inf")) is None and base.parse_int("1e999") is None
    assert base.parse_float(float("nan")) is None and base.parse_int("12") == 12 and base.parse_int(2 ** 80) is None


# --- nesting ----------------------------------------------------------------------------------------

def test_hostile_ten_thousand_deep_json_is_a_clean_error():
    with pytest.raises((InputError, UndetectedFormatError)):
        read_text("[" * 10_000 + "]" * 10_000, path="deep.json")
    with pytest.raises(InputError, match="nested more than"):
        read_text("[" * 20_000 + "]" * 20_000, path="deep.json", format="reddit")


def test_hostile_reddit_thread_300_replies_deep_is_read_whole():
    def comment(i, child):
        replies = ({"kind": "Listing", "data": {"children": [child]}} if child else "")
        return {"kind": "t1", "data": {"id": f"c{i}", "parent_id": f"t1_c{i - 1}" if i else "t3_p", "author": f"u{i % 2}",
                                       "body": f"Reply number {i}.", "replies": replies}}
    node = None
    for i in reversed(range(300)):
        node = comment(i, node)
    doc = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "p", "title": "Deep", "author": "op",
                                                                              "selftext": "Go deep."}}]}},
           {"kind": "Listing", "data": {"children": [node]}}]
    with base.deep_nesting():  # 1,200 JSON levels: past json.dumps' default limit too
        text = json.dumps(doc)
    result = read_text(text, path="deep.json")
    assert len(result.maps[0].comments) == 301
    assert result.maps[0].comments[-1].parent_id == "reddit:t1_c298"


# --- Unicode, ids, sizes ------------------------------------------------------------------------------

def test_hostile_lone_surrogates_are_replaced_and_reported():
    doc = _doc("hn_story.json")
    doc["children"][0]["text"] = "<p>Half a pair \udcff here.</p>"
    doc["children"][0]["author"] = "x\ud800"
    result = _read(doc)
    c = result.maps[0].comments[1]
    assert c.text == "Half a pair \ufffd here." and c.author == "x\ufffd"
    assert any("surrogates" in p.message for p in result.problems)
    result.maps[0].model_dump_json()  # serialisable (the store writes UTF-8)


def test_hostile_duplicate_and_empty_hn_ids_are_skipped():
    doc = _doc("hn_story.json")
    doc["children"].insert(0, json.loads(json.dumps(doc["children"][0])))
    doc["children"][0].setdefault("children", []).append({"id": "", "type": "comment", "author": "e",
                                                          "text": "empty id", "children": []})
    result = _read(doc)
    amap = result.maps[0]
    ids = [c.comment_id for c in amap.comments]
    assert len(ids) == len(set(ids)) and "hn:" not in ids
    assert any("duplicate" in p.message for p in result.problems)
    assert_quotes_consistent(amap)


def test_hostile_text_over_the_parser_limit_is_cut_with_a_message(monkeypatch):
    monkeypatch.setattr(base, "MAX_TEXT_CHARS", 1000)
    rows = [{"id": "1", "author": "a", "text": "word " * 400}, {"id": "2", "author": "b", "text": "short"}]
    result = read_text("".join(json.dumps(r) + "\n" for r in rows), path="t.jsonl")
    first = result.maps[0].comments[0]
    assert len(first.text) == 1000 and len(first.raw) == 2000
    assert any("only the first 1,000" in p.message for p in result.problems)


def test_hostile_parser_limit_matches_spacy():
    from argmap.nlp import load_nlp

    assert base.MAX_TEXT_CHARS <= load_nlp().max_length


def test_hostile_paste_repasted_1200_times_reads_and_analyses():
    from argmap.pipeline import build_maps

    text = (FIXTURES / "paste.txt").read_text() * 1200
    maps = build_maps(read_text(text, path="paste.txt").maps)
    assert maps and maps[0].comments


def test_hostile_endless_input_fails_cleanly(monkeypatch):
    import argmap.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 2 ** 20)
    with pytest.raises(InputError, match="larger than 1 MiB"):
        read_path("/dev/zero")


# --- line ends ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\f", "\v", "\x1c"])
def test_hostile_markdown_separator_inside_a_comment_moves_nothing(char):
    text = (FIXTURES / "thread.md").read_text()
    before = read_text(text, path="t.md").maps[0].comments
    target = next(c for c in before if " " in c.raw and c.kind == "comment")
    assert text.count(target.raw) == 1
    mutated = text.replace(target.raw, target.raw.replace(" ", f" {char}", 1))
    after = read_text(mutated, path="t.md").maps[0].comments
    assert [c.author for c in after] == [c.author for c in before]
    assert [c.text for c in after if c.index != target.index] == [c.text for c in before if c.index != target.index]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_hostile_jsonl_raw_separator_keeps_the_line(char):
    rows = [json.dumps({"id": "1", "author": "a", "text": f"One{char}two."}, ensure_ascii=False),
            json.dumps({"id": "2", "author": "b", "parent_id": "1", "text": "Three."})]
    result = read_text("\n".join(rows) + "\n", path="t.jsonl")
    assert [c.text for c in result.maps[0].comments] == [f"One{char}two.", "Three."]
    assert not result.problems


def test_hostile_split_lines_only_at_line_ends():
    assert base.split_lines("a\u2028b\r\nc\rd\ne\f") == ["a\u2028b", "c", "d", "e\f"]
    assert base.split_lines("a\r\nb\n", keepends=True) == ["a\r\n", "b\n"]


def test_hostile_csv_field_over_131072_characters_keeps_the_rest():
    big = "long " * 30_000
    text = f'id,parent_id,author,text\n1,,ann,"{big}"\n2,1,bob,"After the big one."\n'
    result = read_text(text, path="t.csv")
    assert [c.author for c in result.maps[0].comments] == ["ann", "bob"]
    assert not result.problems


# --- detection --------------------------------------------------------------------------------------

def test_hostile_sniffers_never_raise_on_wrong_types():
    doc = _doc("hn_story.json")
    doc["type"] = {"a": 1}
    with pytest.raises(ArgmapError):
        _read(doc)


def test_hostile_quote_requoted_1200_deep_keeps_its_words_and_later_comments():
    deep = "> " * 1200 + "Everything said before, quoted again."
    text = f"# T\n\n## ann\n{deep}\n\nMy own words.\n\n## bob\nA later comment.\n"
    comments = read_text(text, path="t.md").maps[0].comments
    assert [c.author for c in comments] == ["ann", "bob"]
    assert "Everything said before" in comments[0].text and "My own words." in comments[0].text
    assert comments[1].text == "A later comment."
    rows = [{"id": "1", "author": "a", "text": "- " * 1200 + "listed"}, {"id": "2", "author": "b", "text": "next"}]
    comments = read_text("".join(json.dumps(r) + "\n" for r in rows), path="t.jsonl").maps[0].comments
    assert [c.text for c in comments] == ["listed", "next"]
