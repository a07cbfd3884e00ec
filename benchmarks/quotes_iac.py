"""Quote resolution measured on the Internet Argument Corpus (IAC v1, 4forums.com threads).

IAC's ``raw_text`` keeps quoted passages with no markup, so everything argmap finds here comes from
``find_unmarked_quotes``; the gold is the forum's quote tags (character ranges in ``raw_text`` and,
where known, the id of the quoted post).

Prints
  1. span detection: precision / recall of detected quote spans against the gold ranges, both per
     character (non-space characters) and per span (a span counts when half of it is covered);
  2. attribution: over gold quotes with a known quote_id, precision / recall of source_comment_id;
  3. timing on synthetic threads of 1k, 4k and 16k comments (``--timing``), made by concatenating
     real threads: the IAC threads and the DEBAGREEMENT parent/reply pairs.

Usage: python benchmarks/quotes_iac.py [--data ../shared/data] [--timing [--spacy]] [--errors] [--claims]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from argmap.analysis.quotes import QuoteSettings, resolve_quotes
from argmap.evaluate.iac import evaluate, evaluate_marked  # corpus reader and scoring live in the library
from argmap.models import ArgumentMap, Comment, Thread

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def report(tot: dict) -> None:
    print("IAC quote resolution (2 threads, 295 posts)")
    print(f"  span detection, characters: precision={_ratio(tot['det_hit_chars'], tot['det_chars']):.3f} "
          f"recall={_ratio(tot['gold_hit_chars'], tot['gold_chars']):.3f} "
          f"(detected {tot['det_chars']} chars, gold {tot['gold_chars']} chars)")
    print(f"  span detection, spans:      precision={_ratio(tot['det_spans_ok'], tot['det_spans']):.3f} "
          f"({tot['det_spans_ok']}/{tot['det_spans']}) "
          f"recall={_ratio(tot['gold_spans_found'], tot['gold_spans']):.3f} "
          f"({tot['gold_spans_found']}/{tot['gold_spans']})")
    print(f"  attribution (gold quotes with quote_id): "
          f"precision={_ratio(tot['attr_ok'], tot['attr_pred']):.3f} "
          f"({tot['attr_ok']}/{tot['attr_pred']}) recall={_ratio(tot['attr_ok'], tot['attr_gold']):.3f} "
          f"({tot['attr_ok']}/{tot['attr_gold']})")
    print(f"  quotes with a source claim: {tot['with_claim']}; resolve_quotes time {tot['seconds']:.2f} s")


# ---------------------------------------------------------------------------------------------
# Timing on synthetic threads


def real_threads(data: Path) -> list[list[tuple[str, str | None, str, str]]]:
    """Real threads as lists of (local id, local parent id, author, text), in reading order."""
    threads = []
    for path in sorted((data / "iac" / "discussions").glob("*.json")):
        posts = json.loads(path.read_text())[0]
        ids = {p[0] for p in posts}
        threads.append([(str(p[0]), str(p[5]) if p[5] in ids else None, p[2] or "?", p[3]) for p in posts])
    dev = data / "debagreement" / "dev.csv"
    if dev.exists():
        with dev.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                threads.append([("p", None, row["author_parent"], row["body_parent"]),
                                ("c", "p", row["author_child"], row["body_child"])])
    return threads


def synthetic_map(threads, n: int) -> ArgumentMap:
    """One thread of ``n`` comments: real threads one after another (cycled when they run out,
    each copy with its own ids), reply structure kept."""
    thread_id = f"synthetic:{n}"
    comments: list[Comment] = []
    copy = 0
    while len(comments) < n:
        for k, th in enumerate(threads):
            prefix = f"{thread_id}/{copy}.{k}."
            for local, parent, author, text in th:
                if len(comments) >= n:
                    break
                comments.append(Comment(comment_id=prefix + local, thread_id=thread_id,
                                        parent_id=prefix + parent if parent else None,
                                        author=author, text=text, index=len(comments)))
            if len(comments) >= n:
                break
        copy += 1
    return ArgumentMap(thread=Thread(thread_id=thread_id, source_format="argmap-json"), comments=comments)


def spacy_seconds(amap: ArgumentMap) -> float:
    """CPU seconds spaCy takes to parse every comment of ``amap`` (the pipeline's first step)."""
    from argmap.nlp import load_nlp

    nlp = load_nlp()
    c0 = time.process_time()
    for _ in nlp.pipe(((c.text, c.comment_id) for c in amap.comments), as_tuples=True, batch_size=64):
        pass
    return time.process_time() - c0


def timing(data: Path, settings: QuoteSettings, *, spacy: bool = False) -> None:
    threads = real_threads(data)
    if spacy:
        amap = synthetic_map(threads, 1000)
        parse = spacy_seconds(amap)
        c0 = time.process_time()
        resolve_quotes(amap, settings=settings)
        cpu = time.process_time() - c0
        print(f"spaCy parse of the 1000-comment thread: {parse:.1f} s CPU; resolve_quotes: {cpu:.2f} s CPU "
              f"= {100 * cpu / parse:.1f}% of the parse")
    print("Timing of resolve_quotes on synthetic threads (concatenated IAC + DEBAGREEMENT threads)")
    previous = None
    for n in (1000, 4000, 16000):
        amap = synthetic_map(threads, n)
        chars = sum(len(c.text) for c in amap.comments)
        t0, c0 = time.perf_counter(), time.process_time()
        quotes = resolve_quotes(amap, settings=settings)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        growth = f", x{cpu / previous:.1f} CPU for x4 comments" if previous else ""
        print(f"  {n:>6} comments ({chars / 1e6:.2f} M chars): {dt:6.2f} s wall, {cpu:6.2f} s CPU "
              f"({cpu / chars * 1e6:.2f} s per M chars), {len(quotes)} quotes found{growth}")
        previous = cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--timing", action="store_true", help="also time 1k/4k/16k-comment threads")
    ap.add_argument("--spacy", action="store_true", help="with --timing: compare with spaCy's parse time")
    ap.add_argument("--errors", action="store_true", help="print each error to stderr")
    ap.add_argument("--claims", action="store_true", help="split claims first (needs spaCy model)")
    args = ap.parse_args(argv)
    if not (args.data / "iac" / "discussions").is_dir():
        print(f"IAC data absent: {args.data / 'iac'}", file=sys.stderr)
        return 1
    settings = QuoteSettings()
    report(evaluate(args.data, settings, claims=args.claims, show_errors=args.errors))
    m = evaluate_marked(args.data, settings, show_errors=args.errors)
    print(f"  marked quotes (gold spans given as forum quotes), attribution: "
          f"precision={_ratio(m['ok'], m['pred']):.3f} ({m['ok']}/{m['pred']}) "
          f"recall={_ratio(m['ok'], m['gold']):.3f} ({m['ok']}/{m['gold']}); "
          f"gold quotes without a known source resolved anyway: {m['no_id_resolved']}/{m['no_id']}")
    if args.timing:
        timing(args.data, settings, spacy=args.spacy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
