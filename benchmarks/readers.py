"""Reader speed: each reader on the real samples, and the plain-text reader's scaling.

  (1) the Reddit sample (476 comments), repeated ``--reddit-copies`` times under distinct ids,
      and the Kialo export, through ``argmap.ingest.read_path``;
  (2) pasted plain text of N paragraphs built from the DEBAGREEMENT comments, with one paragraph
      in ten a fragment quoting an earlier paragraph and a repeated block at the end: the quote
      matching is blocked by word trigrams, so time should grow about linearly with N.

Prints seconds, comments/s and, for (2), how many of the planted quotes were found.

Usage: python benchmarks/readers.py [--reddit-copies 20] [--sizes 1000,4000,16000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import shared_data_dir  # noqa: E402

from argmap.ingest import read_path, read_text  # noqa: E402


def reddit_copies(sample: Path, copies: int, out: Path) -> Path:
    """One file holding ``copies`` copies of the Reddit thread as a bare comment Listing list."""
    doc = json.loads(sample.read_text(encoding="utf-8"))
    text = json.dumps(doc)
    threads = []
    for k in range(copies):
        threads.append(json.loads(text.replace("3hahrw", f"3hahrw{k}")))
    # read_path reads one thread per file; time the copies one after another.
    paths = []
    for k, t in enumerate(threads):
        p = out / f"reddit_{k}.json"
        p.write_text(json.dumps(t), encoding="utf-8")
        paths.append(p)
    return paths


def comments_from_debagreement(path: Path) -> list[str]:
    seen, out = set(), []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            for body in (r["body_parent"], r["body_child"]):
                for para in body.splitlines():
                    para = para.strip().lstrip(">").strip()
                    if len(para.split()) >= 8 and para not in seen:
                        seen.add(para)
                        out.append(para)
    return out


def plain_paste(paras: list[str], n: int, rng: random.Random) -> tuple[str, set[str]]:
    lines: list[str] = []
    planted: set[str] = set()
    pool = iter(paras * (1 + n // max(1, len(paras))))
    while len(lines) < n:
        if lines and rng.random() < 0.1:
            words = rng.choice(lines).split()
            if len(words) >= 10:
                k = rng.randrange(0, len(words) - 8)
                frag = " ".join(words[k:k + 8])
                lines.append(frag)
                planted.add(frag)
                continue
        lines.append(next(pool))
    lines += lines[: n // 20]  # a repeated block, as pastes have
    return "\n".join(lines), planted


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reddit-copies", type=int, default=20)
    ap.add_argument("--sizes", default="1000,4000,16000")
    args = ap.parse_args()

    sample = shared_data_dir("reddit", "funny_3hahrw.json")
    with tempfile.TemporaryDirectory() as tmp:
        paths = reddit_copies(sample, args.reddit_copies, Path(tmp))
        t0 = time.perf_counter()
        n = sum(len(read_path(p).maps[0].comments) for p in paths)
        dt = time.perf_counter() - t0
    print(f"reddit: {len(paths)} files, {n} comments in {dt:.2f} s ({n / dt:.0f} comments/s)")

    kialo = shared_data_dir("kialo", "example_exodus_kialo_export.txt")
    t0 = time.perf_counter()
    n = len(read_path(kialo).maps[0].comments)
    print(f"kialo: {n} claims in {time.perf_counter() - t0:.3f} s")

    paras = comments_from_debagreement(shared_data_dir("debagreement", "dev.csv"))
    rng = random.Random(7)
    for size in (int(s) for s in args.sizes.split(",")):
        text, planted = plain_paste(paras, size, rng)
        t0 = time.perf_counter()
        result = read_text(text, path="paste.txt", format="plaintext")
        dt = time.perf_counter() - t0
        amap = result.maps[0]
        found = {q.text for q in amap.quotes} & planted
        words = len(text.split())
        print(f"plaintext: {size} paragraphs, {words} words in {dt:.2f} s ({words / dt:.0f} words/s); "
              f"planted quotes found {len(found)}/{len(planted)}; comments {len(amap.comments)}; "
              f"quotes {len(amap.quotes)}; problems {len(result.problems)}")


if __name__ == "__main__":
    main()
