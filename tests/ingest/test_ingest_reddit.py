from __future__ import annotations

import json

import pytest

from argmap.errors import InputError
from argmap.ingest import read_path

from ingest_testutil import FIXTURES, assert_quotes_consistent, real_data


def test_reddit_reads_post_tree_and_quotes():
    result = read_path(FIXTURES / "reddit_small.json")
    (amap,) = result.maps
    assert amap.thread.thread_id == "reddit:abc123" and amap.thread.source_format == "reddit"
    assert amap.thread.title.startswith("CMV: Remote work")
    post, k1, k2, k3, k4 = amap.comments
    assert post.kind == "post" and post.text == "Commuting wastes two hours a day.\n\nOffices are loud."
    assert k1.parent_id == post.comment_id and k4.parent_id == post.comment_id
    assert k3.parent_id == k1.comment_id and k3.author == "op_person"
    assert k1.url == "https://www.reddit.com/r/changemyview/comments/abc123/cmv_remote_work/k1/"
    (q,) = amap.quotes
    assert q.comment_id == k1.comment_id and q.text == "Offices are loud." and q.marker == "markdown"
    assert_quotes_consistent(amap)


def test_reddit_deleted_author_is_none_and_body_flagged():
    (amap,) = read_path(FIXTURES / "reddit_small.json").maps
    k2 = amap.comment("reddit:t1_k2")
    assert k2.author is None and k2.deleted and k2.text == ""
    assert "[deleted]" not in [a.author_id for a in amap.authors]


def test_reddit_more_stubs_counted_in_one_problem():
    result = read_path(FIXTURES / "reddit_small.json")
    (problem,) = [p for p in result.problems if p.action == "counted"]
    assert problem.message == "6 more comments not in the file (Reddit `more` stubs)"


def test_reddit_bad_item_skipped_with_json_path(tmp_path):
    doc = json.loads((FIXTURES / "reddit_small.json").read_text())
    doc[1]["data"]["children"].insert(1, {"kind": "t1", "data": {"id": "zz"}})  # no body
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc))
    result = read_path(path)
    skipped = [p for p in result.problems if p.action == "skipped"]
    assert [p.where for p in skipped] == ["$[1].data.children[1]"]
    assert len(result.maps[0].comments) == 5


def test_reddit_wrong_structure_names_json_path(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps([{"kind": "Listing", "data": {"children": []}}, {"kind": "t1"}]))
    with pytest.raises(InputError) as exc:
        read_path(path, format="reddit")
    assert "$[1]" in str(exc.value) and "r.json" in str(exc.value)


def test_reddit_real_sample_reads_whole_tree():
    path = real_data("reddit/funny_3hahrw.json")
    result = read_path(path)
    (amap,) = result.maps
    assert amap.thread.thread_id == "reddit:3hahrw"
    assert sum(c.kind == "comment" for c in amap.comments) == 476  # the README's count
    assert any("more comments not in the file" in p.message for p in result.problems)
    assert any(c.deleted for c in amap.comments)
    assert_quotes_consistent(amap)
