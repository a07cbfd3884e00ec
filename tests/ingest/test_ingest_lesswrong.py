from __future__ import annotations

import json

from argmap.ingest import read_path

from ingest_testutil import FIXTURES, assert_quotes_consistent


def test_lesswrong_graphql_result_with_post():
    result = read_path(FIXTURES / "lesswrong_comments.json")
    (amap,) = result.maps
    assert amap.thread.thread_id == "lw:p8Xk2mQ" and amap.thread.title == "Interpretability will not be enough"
    post, c1, c2, c3 = amap.comments
    assert post.kind == "post" and post.comment_id == "lw:p8Xk2mQ/post" and post.author == "ada_l"
    assert c1.parent_id == post.comment_id and c2.parent_id == c1.comment_id
    assert c1.agreement_score == -3.0 and c2.agreement_score == 4.5 and c3.agreement_score is None
    assert c1.score == 14 and c1.created_at.isoformat() == "2025-03-01T12:30:00+00:00"
    assert c1.url.endswith("?commentId=c1aaaa")
    assert c1.text == "Interpretability tools find features, not goals.\n\nI disagree. Features are how goals are represented, see this paper."
    assert {a.author_id: a.display_name for a in amap.authors}["ada_l"] == "Ada L."
    quotes = {q.comment_id: q for q in amap.quotes}
    assert quotes[c1.comment_id].marker == "markdown"
    assert quotes[c2.comment_id].text == "Features are how goals are represented" and quotes[c2.comment_id].marker == "html"
    assert_quotes_consistent(amap)


def test_lesswrong_missing_parent_repaired_to_post():
    result = read_path(FIXTURES / "lesswrong_comments.json")
    (problem,) = result.problems
    assert problem.action == "repaired" and problem.where == "lw:c3cccc"
    assert result.maps[0].comment("lw:c3cccc").parent_id == "lw:p8Xk2mQ/post"


def _comment(cid, parent=None, post="P1", text="x"):
    return {"_id": cid, "postId": post, "parentCommentId": parent, "user": {"username": "u" + cid},
            "contents": {"markdown": text}, "baseScore": 1}


def test_lesswrong_bare_list_and_cycle_repaired(tmp_path):
    items = [_comment("a", parent="b", text="one"), _comment("b", parent="a", text="two"), _comment("c", parent="b")]
    path = tmp_path / "lw.json"
    path.write_text(json.dumps(items))
    result = read_path(path)
    (amap,) = result.maps
    assert amap.thread.thread_id == "lw:P1"
    repaired = [p for p in result.problems if p.action == "repaired"]
    assert len(repaired) == 1 and "cycle" in repaired[0].message
    # The loop is broken: following parents from any comment reaches the top.
    by_id = {c.comment_id: c for c in amap.comments}
    for c in amap.comments:
        seen = set()
        while c.parent_id:
            assert c.comment_id not in seen
            seen.add(c.comment_id)
            c = by_id[c.parent_id]


def test_lesswrong_comments_key_shape_and_bad_item(tmp_path):
    doc = {"comments": [_comment("a"), {"postId": "P1"}, _comment("b", parent="a", post="P2")]}
    path = tmp_path / "lw.json"
    path.write_text(json.dumps(doc))
    result = read_path(path)
    assert sorted(m.thread.thread_id for m in result.maps) == ["lw:P1", "lw:P2"]
    (skipped,) = [p for p in result.problems if p.action == "skipped"]
    assert skipped.where == "$.comments[1]"
