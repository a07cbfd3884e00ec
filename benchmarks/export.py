"""Export time and file size of every format for a synthetic 5,000-node map, and the time headless
Chromium takes to draw the HTML export.

    /work/venv/bin/python benchmarks/export.py [--nodes 5000] [--keep DIR]

The map is synthetic (random reply tree, 60 authors, 1-4 claims per comment, a stance on most
replies, 40 cruxes) so the figures measure argmap, not a particular thread. Goal: HTML export <= 3 s.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from argmap.export import EXPORT_FORMATS, export_map
from argmap.export.html import page_data
from argmap.models import ArgumentMap, Author, Claim, Comment, Crux, CruxPole, Relation, Thread

WORDS = ("alignment oversight elicitation model training data reward policy capability risk argument "
         "evidence claim agent human value scale debate reduction elimination interpretability safety "
         "benchmark compute forecast timeline deployment regulation incentive market trust").split()


def synthetic_map(n_nodes: int, seed: int = 1) -> ArgumentMap:
    rng = random.Random(seed)
    tid = "bench:1"
    authors = [f"user{i}" for i in range(60)]
    comments, claims, relations = [], [], []
    n_cruxes = 40
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    claims_of: dict[str, list[Claim]] = {}
    whole: set[str] = set()  # comments a relation points at as a whole (they become nodes too)
    while len(claims) + len(whole) + n_cruxes < n_nodes:
        i = len(comments)
        parent = None if i == 0 else rng.randrange(max(0, i - 200), i)
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "."
                     for _ in range(rng.randint(1, 4))]
        text = " ".join(sentences)
        author = rng.choice(authors)
        c = Comment(comment_id=f"{tid}/c{i}", thread_id=tid, author=author, text=text, raw=text,
                    parent_id=None if parent is None else f"{tid}/c{parent}", index=i,
                    url=f"https://example.org/t/1#c{i}", created_at=t0 + timedelta(minutes=i))
        comments.append(c)
        start = 0
        mine = []
        for s in sentences:
            cl = Claim(claim_id=f"{c.comment_id}#{start}-{start + len(s)}", comment_id=c.comment_id,
                       thread_id=tid, author=author, text=s, start=start, end=start + len(s))
            claims.append(cl)
            mine.append(cl)
            claims_of.setdefault(c.comment_id, []).append(cl)
            start += len(s) + 1
        if parent is not None and rng.random() < 0.85:
            p = comments[parent]
            p_claims = claims_of.get(p.comment_id, []) if rng.random() < 0.8 else []
            if not p_claims:
                whole.update((c.comment_id, p.comment_id))
            kind = rng.choice(["agree", "disagree", "disagree", "partial", "concession", "neutral"])
            relations.append(Relation(
                relation_id=f"r{i}", thread_id=tid, kind=kind, source_comment_id=c.comment_id,
                target_comment_id=p.comment_id,
                source_claim_id=mine[0].claim_id if p_claims else None,
                target_claim_id=rng.choice(p_claims).claim_id if p_claims else None,
                source_author=author, target_author=p.author, confidence=round(rng.random(), 2)))
    cruxes = []
    for k in range(n_cruxes):
        a, b = rng.sample(WORDS, 2)
        poles = [CruxPole(concept=w, authors=rng.sample(authors, 3),
                          claim_ids=[x.claim_id for x in rng.sample(claims, 6)]) for w in (a, b)]
        cruxes.append(Crux(crux_id=f"x{k}", thread_id=tid, label=f"{a} vs {b}", score=rng.random(), poles=poles))
    return ArgumentMap(thread=Thread(thread_id=tid, title="Synthetic benchmark thread", source_format="jsonl"),
                       authors=[Author(author_id=a, name=a) for a in authors], comments=comments,
                       claims=claims, relations=relations, cruxes=cruxes)


def chromium_draw(page: Path, chromium: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as profile:
        t = time.perf_counter()
        proc = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=60000", "--window-size=1400,900",
             "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True, timeout=300)
        wall = time.perf_counter() - t
    tag = re.search(r"<body\b([^>]*)>", proc.stdout)
    return wall, dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(1) if tag else ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="write the exports into this directory")
    args = ap.parse_args()
    amap = synthetic_map(args.nodes)
    n_nodes = len(page_data(amap)["nodes"])
    print(f"map: {len(amap.comments)} comments, {len(amap.claims)} claims, {len(amap.relations)} stances, "
          f"{len(amap.cruxes)} cruxes -> {n_nodes} network nodes")
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="argmap-export-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    export_map(amap, "html")  # warm caches (template, vis-network assets), as a second export would
    print(f"{'format':8} {'median s':>9} {'max s':>7} {'size':>10}")
    for fmt in EXPORT_FORMATS:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            path = export_map(amap, fmt, out_dir / f"bench.{fmt}")
            times.append(time.perf_counter() - t)
        size = path.stat().st_size
        print(f"{fmt:8} {statistics.median(times):9.3f} {max(times):7.3f} {size / 1e6:8.2f} MB")
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
    if chromium is None:
        print("chromium: absent (apt-get install chromium) - draw time not measured")
        return 0
    empty = ArgumentMap(thread=Thread(thread_id="e", title="empty", source_format="jsonl"))
    export_map(empty, "html", out_dir / "empty.html")
    base, _ = chromium_draw(out_dir / "empty.html", chromium)
    wall, attrs = chromium_draw(out_dir / "bench.html", chromium)
    print(f"chromium: drew {attrs.get('data-nodes-drawn')} of {n_nodes} nodes, {attrs.get('data-edges-drawn')} edges; "
          f"page clock at first draw {attrs.get('data-drawn-ms')} ms; process wall {wall:.2f} s "
          f"(empty page {base:.2f} s, difference {wall - base:.2f} s)")
    if args.keep is None:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
