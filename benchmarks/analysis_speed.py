"""How the analysis stages scale with thread size, against the spaCy parse they build on.

Synthesises one long thread from real Reddit exchanges: every DEBAGREEMENT dev pair
(../shared/data/debagreement/dev.csv) becomes a parent comment under the submission and the reply
under it, with the real authors; pairs are repeated with new ids (and a repeat suffix on the
authors) until the thread has the largest size asked for. Smaller sizes are prefixes of the same
thread, so the spaCy parse runs once over the largest thread and its time at each prefix is read off
the same stream (``nlp.pipe`` is a stream: the first N comments are parsed exactly as a thread of N).

Times are CPU seconds of this process (``time.process_time``; the parse runs in-process), so other
work on a shared machine does not inflate them; wall-clock seconds are in ``--json``. For each size it
times, separately: the spaCy parse, claim splitting, and the analysis stages
quote resolution, stance and cruxes; then prints the table, the per-comment cost of each stage
(flat per-comment cost = linear growth; quadratic growth would make the per-comment cost grow
~4x per 4x size) and the analysis share of the parse time (goal: < 25%).

Run:  /work/venv/bin/python benchmarks/analysis_speed.py [--sizes 1000,4000,16000] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "debagreement" / "dev.csv"


def synthetic_rows(n: int) -> list[dict]:
    """JSONL rows of one thread of ``n`` comments built from DEBAGREEMENT pairs."""
    with open(DATA, newline="", encoding="utf-8") as f:
        pairs = [(r["author_parent"], r["body_parent"], r["author_child"], r["body_child"]) for r in csv.DictReader(f)]
    rows = [{"thread_id": "bench", "id": "root", "author": "op", "text": "Discussion thread."}]
    k = 0
    while len(rows) < n:
        rep, (pa, parent, ca, child) = divmod(k, len(pairs))[0], pairs[k % len(pairs)]
        suffix = f"~{rep}" if rep else ""
        rows.append({"thread_id": "bench", "id": f"p{k}", "parent_id": "root", "author": pa + suffix, "text": parent})
        if len(rows) < n:
            rows.append({"thread_id": "bench", "id": f"c{k}", "parent_id": f"p{k}", "author": ca + suffix, "text": child})
        k += 1
    return rows


def read_thread(rows):
    from argmap.ingest import read_text

    text = "\n".join(json.dumps(r) for r in rows)
    return read_text(text, path="bench.jsonl", format="jsonl").maps[0]


def measure(sizes: list[int]) -> list[dict]:
    from argmap.analysis.cruxes import find_cruxes
    from argmap.ingest.claims import split_claims
    from argmap.nlp import load_nlp
    from argmap.analysis.quotes import resolve_quotes
    from argmap.analysis.stance import detect_stance

    nlp = load_nlp()
    biggest = read_thread(synthetic_rows(max(sizes)))
    # parse once, noting the elapsed time at each prefix size
    cpu_at: dict[int, float] = {}
    wall_at: dict[int, float] = {}
    docs: dict[str, object] = {}
    c0, w0 = time.process_time(), time.perf_counter()
    stream = ((c.text, c.comment_id) for c in biggest.comments)
    for n, (doc, cid) in enumerate(nlp.pipe(stream, as_tuples=True, batch_size=64), 1):
        docs[cid] = doc
        if n in sizes:
            cpu_at[n], wall_at[n] = time.process_time() - c0, time.perf_counter() - w0
            print(f"  parsed {n} comments in {cpu_at[n]:.1f}s CPU ({wall_at[n]:.1f}s wall)", file=sys.stderr)

    def timed(fn):
        c = time.process_time()
        out = fn()
        return out, time.process_time() - c

    rows = []
    for n in sorted(sizes):
        comments = biggest.comments[:n]
        ids = {c.comment_id for c in comments}
        amap = biggest.model_copy(update={"comments": comments,
                                          "quotes": [q for q in biggest.quotes if q.comment_id in ids]})
        sub_docs = {c.comment_id: docs[c.comment_id] for c in comments}
        quotes_by: dict[str, list] = {}
        for q in amap.quotes:
            quotes_by.setdefault(q.comment_id, []).append(q)
        wall = time.perf_counter()
        claims, t_claims = timed(lambda: [cl for c in comments
                                          for cl in split_claims(c, sub_docs[c.comment_id], quotes_by.get(c.comment_id, []))])
        amap = amap.model_copy(update={"claims": claims})
        quotes, t_quotes = timed(lambda: resolve_quotes(amap))
        amap = amap.model_copy(update={"quotes": quotes})
        relations, t_stance = timed(lambda: detect_stance(amap, sub_docs))
        amap = amap.model_copy(update={"relations": relations})
        cruxes, t_cruxes = timed(lambda: find_cruxes(amap, sub_docs))
        wall = time.perf_counter() - wall
        analysis = t_quotes + t_stance + t_cruxes
        rows.append({
            "comments": n, "words": sum(len(d) for d in sub_docs.values()), "parse_s": round(cpu_at[n], 2),
            "claims_s": round(t_claims, 2), "quotes_s": round(t_quotes, 3), "stance_s": round(t_stance, 3),
            "cruxes_s": round(t_cruxes, 3), "analysis_s": round(analysis, 2),
            "analysis_share_of_parse": round(analysis / cpu_at[n], 3),
            "wall_parse_s": round(wall_at[n], 1), "wall_claims_and_analysis_s": round(wall, 1),
            "claims": len(claims), "quotes": len(quotes), "relations": len(relations), "cruxes": len(cruxes),
        })
        print(f"  analysed {n} comments", file=sys.stderr)
    return rows


def print_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="CPU seconds: analysis stages vs spaCy parse (one synthetic thread, DEBAGREEMENT pairs)")
    for col in ("comments", "tokens", "parse s", "claims s", "quotes s", "stance s", "cruxes s", "analysis s",
                "analysis/parse", "relations", "cruxes"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(str(r["comments"]), str(r["words"]), f"{r['parse_s']:.1f}", f"{r['claims_s']:.2f}",
                      f"{r['quotes_s']:.2f}", f"{r['stance_s']:.2f}", f"{r['cruxes_s']:.2f}", f"{r['analysis_s']:.2f}",
                      f"{100 * r['analysis_share_of_parse']:.1f}%", str(r["relations"]), str(r["cruxes"]))
    console = Console(width=160)
    console.print(table)
    per = Table(title="milliseconds per comment (flat = linear growth)")
    for col in ("comments", "parse", "quotes", "stance", "cruxes"):
        per.add_column(col, justify="right")
    for r in rows:
        n = r["comments"]
        per.add_row(str(n), *(f"{1000 * r[k] / n:.2f}" for k in ("parse_s", "quotes_s", "stance_s", "cruxes_s")))
    console.print(per)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        growth = b["comments"] / a["comments"]
        for k in ("quotes_s", "stance_s", "cruxes_s", "analysis_s"):
            if a[k] > 0:
                console.print(f"{k[:-2]}: x{b[k] / a[k]:.1f} time for x{growth:.0f} comments")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,4000,16000", help="comma-separated thread sizes")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"DEBAGREEMENT data absent: {DATA}", file=sys.stderr)
        return 1
    rows = measure(sorted({int(s) for s in args.sizes.split(",")}))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
