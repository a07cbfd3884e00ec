"""Builders for the export tests' hand-made maps (no NLP needed); fixtures are in conftest.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from argmap.models import ArgumentMap, Author, Claim, Comment, Thread

# Each payload, if it ever ran, would mark <body data-pwned=...> or change the title.
PAYLOADS = [
    "<script>document.body.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    "</script><script>document.body.setAttribute('data-pwned','close')</script>",
    "<svg onload=\"document.title='PWNED'\">",
    "\u2028\u2029 \"quotes\" & 'apostrophes' <!-- -->",
]


def claim(comment: Comment, start: int, end: int) -> Claim:
    return Claim(claim_id=f"{comment.comment_id}#{start}-{end}", comment_id=comment.comment_id,
                 thread_id=comment.thread_id, author=comment.author, text=comment.text[start:end],
                 start=start, end=end)


def build_map(texts: list[tuple[str, str | None, str | None]], *, title="Cats vs dogs",
              url="https://example.org/t/1", authors=None, comment_urls=None) -> ArgumentMap:
    """Comments (text, author, parent index as str or None); every sentence ending in '.' is a claim."""
    tid = "test:1"
    comments = []
    for i, (text, author, parent) in enumerate(texts):
        comments.append(Comment(
            comment_id=f"{tid}/c{i}", thread_id=tid, author=author, text=text, raw=text,
            parent_id=None if parent is None else f"{tid}/c{parent}", index=i,
            url=(comment_urls or {}).get(i, f"https://example.org/t/1#c{i}"),
            created_at=datetime(2024, 5, 1, tzinfo=timezone.utc) + timedelta(minutes=i)))
    claims = []
    for c in comments:
        start = 0
        for j, ch in enumerate(c.text):
            if ch == "." and j + 1 - start > 1:
                seg = c.text[start:j + 1]
                lead = len(seg) - len(seg.lstrip())
                claims.append(claim(c, start + lead, j + 1))
                start = j + 1
    names = authors or sorted({a for _, a, _ in texts if a})
    return ArgumentMap(
        thread=Thread(thread_id=tid, title=title, source_format="jsonl", url=url),
        authors=[Author(author_id=a, name=a) for a in names],
        comments=comments, claims=claims)
