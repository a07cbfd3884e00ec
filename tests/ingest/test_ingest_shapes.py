"""Shapes that real exports come in, on small hand-written inputs: ConvoKit corpora, Kialo's
current export format, HNPWA and cut-down Algolia Hacker News items, Reddit ``/api/morechildren``
and "continue this thread" stubs, LessWrong dumps without users; and the errors for the rest."""

from __future__ import annotations

import json

import pytest

from argmap.errors import InputError, UndetectedFormatError
from argmap.ingest import detect_format, read_path

from ingest_testutil import assert_quotes_consistent


def _write(path, obj):
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return path


def test_convokit_reply_to_deleted_speakers_and_corpus_files(tmp_path):
    rows = [
        {"id": "p1", "conversation_id": "p1", "text": "", "speaker": "op", "reply-to": None, "timestamp": 1},
        {"id": "c1", "conversation_id": "p1", "text": "Link posts are fine.", "speaker": "[deleted]", "reply-to": "p1"},
        {"id": "c2", "conversation_id": "p1", "text": "[removed]", "speaker": "bo", "reply-to": "c1"},
        {"id": "c3", "conversation_id": "p1", "text": "> fine\n\nNot always.", "speaker": "cy", "reply-to": "c2"},
    ]
    path = _write(tmp_path / "corpus_utterances.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    _write(tmp_path / "corpus_conversations.json", {"p1": {"meta": {"title": "Are link posts fine?"}}})
    _write(tmp_path / "speakers.json", {"cy": {"meta": {"name": "Cy Young"}}})
    result = read_path(path)
    (amap,) = result.maps
    post, c1, c2, c3 = amap.comments
    assert post.kind == "post" and post.text == "" and amap.thread.title == "Are link posts fine?"
    assert [c.parent_id for c in amap.comments] == [None, "p1/p1", "p1/c1", "p1/c2"]
    assert c1.author is None and not c1.deleted
    assert c2.deleted and c2.text == "" and c2.author == "bo"
    assert {a.author_id: a.display_name for a in amap.authors}["cy"] == "Cy Young"
    assert result.problems == []
    assert_quotes_consistent(amap)


KIALO_NEW = ("Discussion Name:\r\nShould cities ban cars?\r\n\r\n1. Thesis:\r\nCities should ban cars.\r\n\r\n"
             "  1.1. Pro:\r\n  Cars cause 40% [1] of urban noise.\r\n\r\n"
             "    1.1.1. Con:\r\n    Electric cars are quiet [2] and common [9].\r\n\r\n"
             "  1.2. Con:\r\n  -> See 1.1.1.\r\n\r\nSources:\r\n[1] https://example.org/noise\r\n"
             "[2] https://example.org/ev\r\n")


def test_kialo_current_format_labels_footnotes_and_see(tmp_path):
    path = _write(tmp_path / "cars.txt", KIALO_NEW)
    assert detect_format(str(path), KIALO_NEW) == "kialo"
    result = read_path(path)
    (amap,) = result.maps
    thesis, pro, con, see = amap.comments
    assert amap.thread.title == "Should cities ban cars?"
    assert thesis.kind == "post" and thesis.text == "Cities should ban cars." and thesis.raw == "Cities should ban cars."
    assert pro.text == "Cars cause 40% of urban noise." and pro.raw.startswith("Pro: Cars cause 40% [1]")
    assert pro.raw.endswith("[1]: https://example.org/noise")
    assert con.text == "Electric cars are quiet and common [9]."  # [9] is not a source: the claim's own words
    assert see.raw == "Con: -> See 1.1.1." and see.text == con.text and see.parent_id == thesis.comment_id
    assert result.problems == []


def test_kialo_repeated_claim_keeps_its_label_in_the_stance_stage(tmp_path):
    from argmap.pipeline import build_maps
    from argmap.analysis.stance import StanceSettings

    (amap,) = build_maps(read_path(_write(tmp_path / "cars.txt", KIALO_NEW)).maps,
                         stance=StanceSettings(method="features"))
    reply = {r.source_comment_id: r.kind for r in amap.relations if r.level == "reply"}
    assert reply == {f"{amap.thread_id}/1.1": "agree", f"{amap.thread_id}/1.1.1": "disagree",
                     f"{amap.thread_id}/1.2": "disagree"}


HNPWA = {"id": 7, "title": "Ask HN: tabs or spaces?", "points": 12, "user": "pg", "time": 1160418111,
         "type": "ask", "content": "<p>Which one?</p>", "comments_count": 3, "comments": [
             {"id": 8, "level": 0, "user": "ann", "time": 1160418200, "content": "<p>Tabs.</p>", "comments": [
                 {"id": 9, "level": 1, "user": "bob", "time": 1160418300, "content": "<p>&gt; Tabs.<p>No.",
                  "dead": True, "comments": []}]},
             {"id": 10, "level": 0, "deleted": True, "comments": []}]}


def test_hackernews_hnpwa_shape_with_dead_and_deleted(tmp_path):
    path = _write(tmp_path / "item.json", HNPWA)
    (amap,) = read_path(path).maps
    post, tabs, no, gone = amap.comments
    assert amap.thread_id == "hn:7" and post.kind == "post" and post.text == "Which one?" and post.author == "pg"
    assert tabs.parent_id == post.comment_id and no.parent_id == tabs.comment_id and gone.parent_id == post.comment_id
    assert no.dead and not tabs.dead and gone.deleted and gone.author is None
    assert [q.text for q in amap.quotes] == ["Tabs."]


def test_hackernews_cut_down_algolia_item_and_firebase_refusal(tmp_path):
    stripped = {"id": 1, "text": None, "children": [{"id": 2, "text": "First.", "children": [
        {"id": 3, "text": "Second.", "children": []}]}]}
    (amap,) = read_path(_write(tmp_path / "a.json", stripped)).maps
    assert [c.comment_id for c in amap.comments] == ["hn:1/post", "hn:2", "hn:3"]
    assert [c.parent_id for c in amap.comments] == [None, "hn:1/post", "hn:2"]
    firebase = {"by": "pg", "id": 5, "kids": [6, 7], "title": "x", "type": "story", "time": 1}
    with pytest.raises(InputError, match=r"Firebase item .*items/5.*item\?id=5"):
        read_path(_write(tmp_path / "f.json", firebase))


def _t1(cid, parent, author="ann", body="Text."):
    return {"kind": "t1", "data": {"id": cid, "name": f"t1_{cid}", "parent_id": parent, "link_id": "t3_abc",
                                   "author": author, "body": body, "replies": ""}}


def test_reddit_morechildren_response_and_continue_stub(tmp_path):
    doc = {"json": {"errors": [], "data": {"things": [
        _t1("k1", "t3_abc"), _t1("k2", "t1_k1", "bo"), _t1("k3", "t1_zz", "[deleted]"),
        {"kind": "more", "data": {"id": "k9", "parent_id": "t1_k2", "count": 0, "children": []}}]}}}
    result = read_path(_write(tmp_path / "more.json", doc))
    (amap,) = result.maps
    assert amap.thread_id == "reddit:abc"
    k1, k2, k3 = amap.comments
    assert k2.parent_id == k1.comment_id and k1.parent_id is None and k1.source_parent_id == "reddit:t3_abc"
    assert k3.author is None and k3.source_parent_id == "reddit:t1_zz"
    counted = [p.message for p in result.problems if p.action == "counted"]
    assert counted == ['1 deeper reply chain(s) not in the file (Reddit "continue this thread" links)']
    with pytest.raises(InputError, match="Reddit refused the request"):
        read_path(_write(tmp_path / "err.json", {"json": {"errors": [["RATELIMIT", "slow down", None]]}}))


def test_lesswrong_author_names_comments_without_user(tmp_path):
    items = [{"_id": "a1", "postId": "P", "parentCommentId": None, "contents": {"markdown": "Mine."}},
             {"_id": "a2", "postId": "P", "parentCommentId": None, "contents": {"markdown": "Theirs."},
              "user": {"username": "bo"}}]
    (amap,) = read_path(_write(tmp_path / "lw.json", items), author="ann").maps
    assert [c.author for c in amap.comments] == ["ann", "bo"]


def test_jsonl_forced_on_other_text_and_undetectable_files_exit_1(tmp_path):
    with pytest.raises(InputError, match=r"x.txt: line 1:1: not JSONL") as exc:
        read_path(_write(tmp_path / "x.txt", "just some words\nand more words\n"), format="jsonl")
    assert exc.value.exit_code == 1
    with pytest.raises(UndetectedFormatError) as exc:
        read_path(_write(tmp_path / "y.json", {"weather": "sunny"}))
    assert exc.value.exit_code == 1


def test_reddit_comments_of_several_submissions_become_one_thread_each(tmp_path):
    things = [_t1("u1", "t3_abc"), dict(_t1("u2", "t1_x9"), data=dict(_t1("u2", "t1_x9")["data"], link_id="t3_def"))]
    result = read_path(_write(tmp_path / "user.json", {"kind": "Listing", "data": {"children": things}}))
    assert [(m.thread_id, [c.comment_id for c in m.comments]) for m in result.maps] == [
        ("reddit:abc", ["reddit:t1_u1"]), ("reddit:def", ["reddit:t1_u2"])]
    assert all(c.thread_id == m.thread_id for m in result.maps for c in m.comments)
