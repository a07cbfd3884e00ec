"""Shared paths and checks for the reader tests (a plain module: tests/ has no packages)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"



def real_data(relative: str) -> Path:
    """A file under ../shared/data, or skip the test with the reason."""
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"real sample absent: {path} (development data lives in ../shared/data)")
    return path


def assert_quotes_consistent(amap):
    comments = {c.comment_id: c for c in amap.comments}
    for q in amap.quotes:
        assert comments[q.comment_id].text[q.start:q.end] == q.text
    ids = [c.comment_id for c in amap.comments]
    assert len(ids) == len(set(ids))
    assert [c.index for c in amap.comments] == list(range(len(amap.comments)))
    assert all(c.parent_id is None or c.parent_id in comments for c in amap.comments)
