from __future__ import annotations

from argmap.ingest import read_path
from argmap.ingest.kialo import stance_of

from ingest_testutil import FIXTURES, assert_quotes_consistent, real_data


def test_kialo_numbering_gives_parents_and_marker_stays_out_of_text():
    (amap,) = read_path(FIXTURES / "kialo_small.txt").maps
    assert amap.thread.title == "Should homework be abolished?" and amap.thread.source_format == "kialo"
    by_num = {c.comment_id.rsplit("/", 1)[1]: c for c in amap.comments}
    assert by_num["1"].kind == "post" and by_num["1"].parent_id is None
    assert by_num["1.2.1"].parent_id == by_num["1.2"].comment_id
    assert by_num["1.1"].text == "Homework widens the gap between students with and without help at home."
    assert not by_num["1.1"].text.startswith(("Pro", "Con"))
    assert [stance_of(by_num[n]) for n in ("1", "1.1", "1.1.1")] == [None, "pro", "con"]
    # A claim continued on the next line stays one claim; links keep their text only.
    assert by_num["1.2.1"].text == "Spaced practice is one of the best-supported findings in learning research."
    assert by_num["1.1.1"].text == "Schools can run homework clubs to close that gap."
    # "-> See 1.1." re-uses that claim's text under its new parent.
    assert by_num["1.2.2"].text == by_num["1.1"].text and by_num["1.2.2"].parent_id == by_num["1.2"].comment_id


def test_kialo_real_export():
    path = real_data("kialo/example_exodus_kialo_export.txt")
    result = read_path(path)
    (amap,) = result.maps
    assert amap.thread.title == "Did the Exodus Really Happen?"
    assert len(amap.comments) > 50
    assert all(not c.text.startswith(("Pro:", "Con:")) for c in amap.comments)
    assert sum(c.parent_id is None for c in amap.comments) == 1
    assert_quotes_consistent(amap)
