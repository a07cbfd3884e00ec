from __future__ import annotations

from argmap.ingest import read_path

from ingest_testutil import FIXTURES, assert_quotes_consistent


def test_markdown_thread_headings_give_reply_tree():
    (amap,) = read_path(FIXTURES / "thread.md").maps
    assert amap.thread.title == "Should cities ban cars from their centres?"
    post, alice, bob, alice2, carol = amap.comments
    assert post.kind == "post" and post.text == "Car-free centres make streets safer and quieter."
    assert (alice.author, bob.author, alice2.author, carol.author) == ("alice", "bob", "alice", "carol")
    assert alice.parent_id == post.comment_id and bob.parent_id == alice.comment_id
    assert alice2.parent_id == bob.comment_id and carol.parent_id == post.comment_id
    assert alice.created_at.isoformat() == "2024-05-01T10:00:00+00:00"
    assert bob.created_at.hour == 11
    assert carol.text.endswith("deliveries before 10am\nbuses at all times")
    (q,) = amap.quotes
    assert q.comment_id == bob.comment_id and q.text == "Car-free centres are good for shops"
    assert_quotes_consistent(amap)


def test_markdown_without_headings_is_one_post_by_given_author(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("> someone said this\n\nAnd I answer it.\n")
    (amap,) = read_path(path, author="zoe").maps
    (c,) = amap.comments
    assert c.kind == "post" and c.author == "zoe" and amap.quotes[0].text == "someone said this"
