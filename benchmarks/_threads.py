"""Benchmark threads built from the shared data (never copied into the repository), as JSONL rows
(``id``, ``parent_id``, ``author``, ``text``, ``thread_id``) that argmap's JSONL reader reads.

* ``quote_heavy_rows``: the IAC 4forums threads with every gold quote written as a Markdown ``>``
  quote (IAC keeps quoted words unmarked in ``raw_text``; its quote tags say where they are);
* ``real_rows``: every comment of the real Reddit and Hacker News exports in ``real/``, then the
  DEBAGREEMENT dev comments, one thread, reply links kept;
* ``distinct_rows``: comments of real debates (DEBAGREEMENT, the stance sets' parents and replies),
  each text used once, joined into comments of about ``words_per_comment`` words: distinct texts,
  no verbatim repeats (repeats would make the quote stage find quotes that nobody made).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from _data import shared_data_dir

csv.field_size_limit(1 << 24)


def write_jsonl(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def words(rows: list[dict]) -> int:
    return sum(len(r["text"].split()) for r in rows)


def quote_heavy_rows() -> list[dict]:
    """The IAC threads; each gold quote range of a post becomes a ``>`` block in its text."""
    rows = []
    for path in sorted(shared_data_dir("iac", "discussions").glob("*.json")):
        posts, _ann, _meta = json.loads(path.read_text(encoding="utf-8"))
        quotes: dict[object, list[tuple[int, int]]] = {}
        qpath = shared_data_dir("iac", "quotes") / path.name
        if qpath.exists():
            for post_id, (start, end, _m) in json.loads(qpath.read_text(encoding="utf-8")):
                quotes.setdefault(post_id, []).append((start, end))
        ids = {p[0] for p in posts}
        tid = f"iac-{path.stem}"
        for post_id, _side, author, raw, _a, parent, _c, _ts in posts:
            pieces, at = [], 0
            for start, end in sorted(quotes.get(post_id, [])):
                if start < at:
                    continue
                pieces.append(raw[at:start].strip())
                quoted = " ".join(raw[start:end].split())
                if quoted:
                    pieces.append("> " + quoted)
                at = end
            pieces.append(raw[at:].strip())
            rows.append({"id": f"{tid}-{post_id}", "parent_id": f"{tid}-{parent}" if parent in ids else None,
                         "author": author, "text": "\n\n".join(p for p in pieces if p), "thread_id": tid})
    return rows


def _debagreement() -> Iterator[tuple[str, str | None, str, str]]:
    """(id, parent id, author, text) of every DEBAGREEMENT dev comment, each once."""
    seen = set()
    with shared_data_dir("debagreement", "dev.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            for cid, parent, author, text in ((r["msg_id_parent"], None, r["author_parent"], r["body_parent"]),
                                              (r["msg_id_child"], r["msg_id_parent"], r["author_child"], r["body_child"])):
                if cid not in seen:
                    seen.add(cid)
                    yield cid, parent, author, text


def real_rows(thread_id: str = "real-mix") -> list[dict]:
    """The real exports' comments (as argmap reads them), then DEBAGREEMENT, in one thread."""
    from argmap.ingest import read_path

    rows = []
    for sub in ("reddit", "hackernews"):
        for path in sorted(shared_data_dir("real", sub).glob("*.json")):
            try:
                maps = read_path(path).maps
            except Exception:  # noqa: BLE001 - the Firebase items are not threads
                continue
            for m in maps:
                ids = {c.comment_id for c in m.comments}
                for c in m.comments:
                    if c.text.strip():
                        rows.append({"id": f"{path.stem}/{c.comment_id}",
                                     "parent_id": f"{path.stem}/{c.parent_id}" if c.parent_id in ids else None,
                                     "author": c.author, "text": c.text, "thread_id": thread_id})
    for cid, parent, author, text in _debagreement():
        rows.append({"id": f"debagreement/{cid}", "parent_id": f"debagreement/{parent}" if parent else None,
                     "author": author, "text": text, "thread_id": thread_id})
    return rows


def _pool() -> Iterator[str]:
    """Real debate texts, each once."""
    seen: set[str] = set()
    sources = [t for *_x, t in _debagreement()]
    for path in sorted(shared_data_dir("stance").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                sources.extend((r["parent"], r["reply"]))
    for text in sources:
        key = " ".join(text.split())
        if len(key.split()) >= 5 and key not in seen:
            seen.add(key)
            yield text.strip()


def distinct_rows(n: int, words_per_comment: int, thread_id: str = "distinct") -> list[dict]:
    """``n`` comments of distinct real texts (each pool text used once), in a reply tree where every
    comment answers one of the ten before it. Exits when the pool runs out."""
    pool = _pool()
    rows: list[dict] = []
    for i in range(n):
        parts, count = [], 0
        while count < words_per_comment:
            try:
                text = next(pool)
            except StopIteration:
                raise SystemExit(f"benchmark: the shared data has distinct texts for {i} comments of "
                                 f"{words_per_comment} words, not {n}") from None
            parts.append(text)
            count += len(text.split())
        parent = None if i == 0 else str(i - 1 - (i * 7919) % min(i, 10))
        rows.append({"id": str(i), "parent_id": parent, "author": f"author{(i * 31) % 997}",
                     "text": "\n\n".join(parts), "thread_id": thread_id})
    return rows
