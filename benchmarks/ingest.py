"""Ingest speed: argmap's pipeline against spaCy's bare ``nlp.pipe`` over the same texts, in one run.

Input: the DEBAGREEMENT dev comments (Reddit parent/reply pairs, grouped into threads by
submission), repeated under distinct ids until ``--words`` words, written as one JSONL thread file
and read with argmap's JSONL reader (Markdown rendering, ``>`` quotes). Then, on the read comments:

  (r) reading the JSONL file (reported, not part of the ratio);
  (a) spaCy alone: ``nlp.pipe`` over every ``Comment.text`` with load_nlp()'s components;
  (b) argmap up to claims: ``parse_comments`` (the same ``nlp.pipe``) + ``split_claims`` per comment;
  (c) argmap's full ``build_maps``: (b) plus quote resolution, stance and cruxes.

Prints words, wall and CPU seconds, and the ratios (b)/(a) and (c)/(a); the goal for (b)/(a) is
<= 1.2. CPU time (this process only) is less disturbed by other jobs on a shared machine, so the
ratio is given for both. Progress goes to stderr, figures to stdout.

Usage: python benchmarks/ingest.py [--words 200000] [--no-full] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import shared_data_dir  # noqa: E402


def debagreement_rows(path: Path) -> list[dict]:
    """Unique comments of the DEBAGREEMENT dev pairs as JSONL rows (child replies to parent)."""
    rows: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            thread = f"debagreement:{r['submission_id']}"
            parent, child = r["msg_id_parent"], r["msg_id_child"]
            if parent not in rows:
                rows[parent] = {"id": parent, "parent_id": None, "author": r["author_parent"],
                                "text": r["body_parent"], "thread_id": thread}
            if child not in rows:
                rows[child] = {"id": child, "parent_id": parent, "author": r["author_child"],
                               "text": r["body_child"], "thread_id": thread}
    return list(rows.values())


def build_input(rows: list[dict], words: int) -> tuple[str, int]:
    """JSONL text of at least ``words`` words: the rows, then repeats under distinct ids."""
    lines, total, copy = [], 0, 0
    while total < words:
        for r in rows:
            if total >= words:
                break
            suffix = f"~{copy}" if copy else ""
            lines.append(json.dumps({
                "id": r["id"] + suffix,
                "parent_id": (r["parent_id"] + suffix) if r["parent_id"] else None,
                "author": r["author"], "text": r["text"], "thread_id": r["thread_id"] + suffix,
            }))
            total += len(r["text"].split())
        copy += 1
    return "\n".join(lines) + "\n", total


def chunk_maps(maps: list, n: int) -> list[list]:
    """``maps`` cut into ``n`` runs of about equal word counts."""
    total = sum(len(c.text.split()) for m in maps for c in m.comments)
    chunks: list[list] = [[]]
    seen = 0
    for m in maps:
        if seen >= total * len(chunks) / n and len(chunks) < n:
            chunks.append([])
        chunks[-1].append(m)
        seen += sum(len(c.text.split()) for c in m.comments)
    return [c for c in chunks if c]


def claims_up_to(maps: list, nlp, batch_size: int, parse_comments, split_claims) -> tuple[int, float]:
    """What build_maps does before analysis: one nlp.pipe stream, then split_claims per comment.
    Returns the number of claims and the CPU seconds spent splitting."""
    docs = parse_comments(nlp, maps, batch_size=batch_size)
    n = 0
    cpu = time.process_time()
    for amap in maps:
        quotes: dict[str, list] = {}
        for q in amap.quotes:
            quotes.setdefault(q.comment_id, []).append(q)
        for c in amap.comments:
            n += len(split_claims(c, docs[c.comment_id], quotes.get(c.comment_id, [])))
    return n, time.process_time() - cpu


class Timer:
    wall = cpu = 0.0

    @classmethod
    def zero(cls) -> "Timer":
        return cls()

    def add(self, other: "Timer") -> None:
        self.wall += other.wall
        self.cpu += other.cpu

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000, help="input size in words (default 200000)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--no-full", action="store_true", help="skip (c), the full build_maps")
    ap.add_argument("--chunks", type=int, default=6, help="(a) and (b) alternate over this many chunks")
    args = ap.parse_args(argv)

    from argmap.ingest import read_text
    from argmap.ingest.claims import split_claims
    from argmap.nlp import load_nlp
    from argmap.pipeline import build_maps, parse_comments

    rows = debagreement_rows(shared_data_dir("debagreement", "dev.csv"))
    jsonl, _ = build_input(rows, args.words)

    with Timer() as t_read:
        maps = read_text(jsonl, path="bench.jsonl", format="jsonl").maps
    comments = [c for m in maps for c in m.comments]
    texts = [c.text for c in comments]
    words = sum(len(t.split()) for t in texts)
    log(f"input: {len(maps)} threads, {len(comments)} comments, {words} words (plain text)")

    nlp = load_nlp()
    log(f"pipeline: {nlp.pipe_names}; warming up")
    for _ in nlp.pipe(texts[:200], batch_size=args.batch_size):
        pass

    # (a) and (b) alternate over chunks of threads (a-b, b-a, ...) so that warm-up, memory
    # growth and other jobs on the machine weigh on both alike.
    chunks = chunk_maps(maps, args.chunks)
    t_a, t_b = Timer.zero(), Timer.zero()
    n_tokens = n_claims = 0
    t_split = 0.0
    for i, chunk in enumerate(chunks):
        log(f"chunk {i + 1}/{len(chunks)}: (a) spaCy nlp.pipe and (b) parse_comments + split_claims")
        order = ("a", "b") if i % 2 == 0 else ("b", "a")
        for stage in order:
            if stage == "a":
                with Timer() as t:
                    chunk_texts = [c.text for m in chunk for c in m.comments]
                    n_tokens += sum(len(doc) for doc in nlp.pipe(chunk_texts, batch_size=args.batch_size))
                t_a.add(t)
            else:
                with Timer() as t:
                    n, split_cpu = claims_up_to(chunk, nlp, args.batch_size, parse_comments, split_claims)
                t_b.add(t)
                n_claims += n
                t_split += split_cpu

    t_c = None
    if not args.no_full:
        log("(c) build_maps with analysis ...")
        with Timer() as t_c:
            built = build_maps(maps, nlp=nlp, batch_size=args.batch_size)
        n_rel = sum(len(m.relations) for m in built)
        n_crux = sum(len(m.cruxes) for m in built)
        n_resolved = sum(1 for m in built for q in m.quotes if q.resolved)

    print(f"input: {len(maps)} threads, {len(comments)} comments, {words} words, {n_tokens} spaCy tokens")
    print(f"{'stage':<48}{'wall s':>8}{'cpu s':>8}{'words/s':>9}{'ratio wall':>11}{'ratio cpu':>10}")

    def row(label: str, t: Timer) -> None:
        print(f"{label:<48}{t.wall:>8.1f}{t.cpu:>8.1f}{words / t.wall:>9.0f}"
              f"{t.wall / t_a.wall:>11.2f}{t.cpu / t_a.cpu:>10.2f}")

    print(f"{'(r) read JSONL (not in ratio)':<48}{t_read.wall:>8.1f}{t_read.cpu:>8.1f}")
    row("(a) spaCy nlp.pipe", t_a)
    row(f"(b) parse_comments + split_claims [{n_claims} claims]", t_b)
    print(f"{'    of which split_claims alone':<48}{'':>8}{t_split:>8.1f}{'':>9}{'':>11}"
          f"{t_split / t_a.cpu:>10.2f}")
    if t_c is not None:
        row("(c) build_maps (quotes, stance, cruxes)", t_c)
        print(f"    (c) found {n_resolved} resolved quotes, {n_rel} relations, {n_crux} cruxes")
    verdict = "meets" if t_b.cpu / t_a.cpu <= 1.2 else "misses"
    print(f"(b)/(a) = {t_b.wall / t_a.wall:.2f} wall, {t_b.cpu / t_a.cpu:.2f} cpu: {verdict} the 1.2x goal")


if __name__ == "__main__":
    main()
