from __future__ import annotations

from argmap.ingest import read_path

from ingest_testutil import FIXTURES, assert_quotes_consistent


def test_hackernews_story_tree_quotes_and_deleted():
    result = read_path(FIXTURES / "hn_story.json")
    (amap,) = result.maps
    assert amap.thread.thread_id == "hn:41000001" and amap.thread.source_format == "hackernews"
    story, c1, c2, gone, c4 = amap.comments
    assert story.kind == "post" and story.text == "Static typing slows small teams down" and story.score == 212
    assert c1.parent_id == story.comment_id and c2.parent_id == c1.comment_id
    assert gone.deleted and gone.author is None and c4.parent_id == gone.comment_id
    assert c1.url == "https://news.ycombinator.com/item?id=41000010"
    assert "this study" in c1.text and "https://example.com/study" not in c1.text
    assert 'println!("typed");' in c4.text
    (q,) = amap.quotes
    assert q.comment_id == c1.comment_id and q.text == "Static typing slows small teams down"
    assert_quotes_consistent(amap)
    assert result.problems == []
