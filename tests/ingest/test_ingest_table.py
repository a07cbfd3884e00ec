from __future__ import annotations

import json

from argmap.ingest import read_path

from ingest_testutil import FIXTURES, assert_quotes_consistent


def test_table_csv_thread_with_markdown_quote():
    result = read_path(FIXTURES / "thread.csv")
    (amap,) = result.maps
    assert amap.thread.thread_id == "fourday" and amap.thread.source_format == "csv"
    assert amap.thread.title == "Four-day work week"
    c1, c2, c3 = amap.comments
    assert c2.parent_id == c1.comment_id == "fourday/1" and c3.author == "ann"
    (q,) = amap.quotes
    assert q.comment_id == c2.comment_id and q.text == "Four-day weeks raise productivity."
    assert_quotes_consistent(amap)


def test_table_convokit_names_and_several_threads():
    result = read_path(FIXTURES / "utterances.jsonl")
    assert [m.thread.thread_id for m in result.maps] == ["u1", "v1"]
    u = result.maps[0]
    assert [c.author for c in u.comments] == ["maya", "omar"]
    assert u.comments[1].parent_id == "u1/u1" and u.comments[0].score == 8
    assert u.comments[0].created_at.year == 2020
    assert u.quotes[0].text == "safest source per terawatt-hour"


def test_table_jsonl_bad_line_and_missing_text_skipped(tmp_path):
    lines = [json.dumps({"id": "1", "author": "a", "text": "Hi."}), "{not json", json.dumps({"id": "2", "parent_id": "1"}),
             json.dumps({"id": "3", "parent_id": "404", "text": "orphan"})]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = read_path(path)
    (amap,) = result.maps
    assert [c.comment_id.split("/")[-1] for c in amap.comments] == ["1", "3"]
    assert amap.comment(amap.comments[1].comment_id).parent_id is None
    got = [(p.where, p.action) for p in result.problems]
    assert got == [("line 2:2", "skipped"), ("line 3", "skipped"), (amap.comments[1].comment_id, "repaired")]
    assert "malformed JSON" in result.problems[0].message and "text" in result.problems[1].message
    assert amap.thread.thread_id.startswith("text:")


def test_table_ids_stable_across_reads():
    a = read_path(FIXTURES / "thread.csv").maps[0]
    b = read_path(FIXTURES / "thread.csv").maps[0]
    assert a.model_dump() == b.model_dump()


def test_table_author_option_fills_rows_without_author(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,parent_id,author,text\n1,,,Opening claim.\n2,1,bo,A reply.\n")
    (amap,) = read_path(path, author="me").maps
    assert [c.author for c in amap.comments] == ["me", "bo"]


def test_table_reddit_escaped_quote_markers_are_quotes(tmp_path):
    """Corpora built from Reddit dumps (ConvoKit's utterances) keep Reddit's HTML escaping of the
    Markdown body: "&gt; quoted words" is a quote line, and "&amp;" is "&" in the text."""
    rows = [{"id": "1", "conversation_id": "1", "speaker": "ana", "text": "Ithaca is too cold for most students & staff."},
            {"id": "2", "conversation_id": "1", "reply_to": "1", "speaker": "ben",
             "text": "Lots of text first.\n\n&gt; Ithaca is too cold for most students &amp; staff.\n\nIt is not."}]
    path = tmp_path / "utterances.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (amap,) = read_path(path).maps
    (q,) = amap.quotes
    assert q.comment_id == amap.comments[1].comment_id
    assert q.text == "Ithaca is too cold for most students & staff."
    assert "&gt;" not in amap.comments[1].text and "&amp;" not in amap.comments[1].text
    assert amap.comments[1].raw == rows[1]["text"]
    assert_quotes_consistent(amap)
