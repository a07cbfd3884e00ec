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
from datetime import datetime, timezone
from pathlib import Path

from argmap.models import ArgumentMap, Comment, Thread
from argmap.analysis.quotes import QuoteSettings, resolve_quotes

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def iac_map(path: Path) -> tuple[ArgumentMap, dict[str, int]]:
    """An ArgumentMap built straight from an IAC discussion file (comment text = raw_text)."""
    posts, _annotations, meta = json.loads(path.read_text())
    thread_id = f"iac:{path.stem}"
    ids = {p[0] for p in posts}
    comments = []
    for i, (post_id, _side, author, raw_text, _ann, parent, _cat, ts) in enumerate(posts):
        comments.append(Comment(
            comment_id=f"{thread_id}/{post_id}", thread_id=thread_id,
            parent_id=f"{thread_id}/{parent}" if parent in ids else None,
            author=author, raw=raw_text, text=raw_text, index=i,
            created_at=datetime.fromtimestamp(ts, tz=timezone.utc) if ts is not None else None))
    thread = Thread(thread_id=thread_id, title=meta.get("title"), source_format="argmap-json")
    return ArgumentMap(thread=thread, comments=comments), {c.comment_id: i for i, c in enumerate(comments)}


def with_claims(amap: ArgumentMap) -> ArgumentMap:
    """Add claims with helper B's splitter when it is available (quotes then get claim ids)."""
    try:
        from argmap.ingest.claims import split_claims
        from argmap.nlp import load_nlp
    except ImportError:
        return amap
    nlp = load_nlp()
    claims = []
    for doc, c in nlp.pipe(((c.text, c) for c in amap.comments), as_tuples=True):
        claims.extend(split_claims(c, doc, []))
    return amap.model_copy(update={"claims": claims})


def gold_quotes(path: Path, thread_id: str) -> list[dict]:
    out = []
    for post_id, (start, end, meta) in json.loads(path.read_text()):
        qid = meta.get("quote_id")
        out.append({"comment_id": f"{thread_id}/{post_id}", "start": start, "end": end,
                    "source": f"{thread_id}/{qid}" if qid is not None else None})
    return out


def _solid(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if not text[i].isspace()}


def evaluate(data: Path, settings: QuoteSettings, *, claims: bool, show_errors: bool) -> dict:
    tot = {"det_chars": 0, "det_hit_chars": 0, "gold_chars": 0, "gold_hit_chars": 0,
           "det_spans": 0, "det_spans_ok": 0, "gold_spans": 0, "gold_spans_found": 0,
           "attr_gold": 0, "attr_pred": 0, "attr_ok": 0, "seconds": 0.0, "with_claim": 0}
    for path in sorted((data / "iac" / "discussions").glob("*.json")):
        amap, _ = iac_map(path)
        if claims:
            amap = with_claims(amap)
        text = {c.comment_id: c.text for c in amap.comments}
        gold = gold_quotes(data / "iac" / "quotes" / path.name, amap.thread_id)
        t0 = time.perf_counter()
        quotes = resolve_quotes(amap, settings=settings)
        tot["seconds"] += time.perf_counter() - t0
        tot["with_claim"] += sum(q.source_claim_id is not None for q in quotes)
        gold_by: dict[str, list[dict]] = {}
        for g in gold:
            gold_by.setdefault(g["comment_id"], []).append(g)
        pred_by: dict[str, list] = {}
        for q in quotes:
            pred_by.setdefault(q.comment_id, []).append(q)
        for cid in set(gold_by) | set(pred_by):
            t = text[cid]
            gchars = set().union(*(_solid(t, g["start"], g["end"]) for g in gold_by.get(cid, [])))
            pchars = set().union(*(_solid(t, q.start, q.end) for q in pred_by.get(cid, [])))
            tot["det_chars"] += len(pchars)
            tot["det_hit_chars"] += len(pchars & gchars)
            tot["gold_chars"] += len(gchars)
            tot["gold_hit_chars"] += len(gchars & pchars)
            for q in pred_by.get(cid, []):
                mine = _solid(t, q.start, q.end)
                tot["det_spans"] += 1
                ok = len(mine & gchars) * 2 >= len(mine)
                tot["det_spans_ok"] += ok
                if show_errors and not ok:
                    print(f"FP span {cid} [{q.start}:{q.end}] <- {q.source_comment_id} "
                          f"score={q.score}: {t[q.start:q.end][:120]!r}", file=sys.stderr)
            for g in gold_by.get(cid, []):
                mine = _solid(t, g["start"], g["end"])
                if not mine:
                    continue
                tot["gold_spans"] += 1
                overlaps = [(len(mine & _solid(t, q.start, q.end)), q) for q in pred_by.get(cid, [])]
                overlaps = [(n, q) for n, q in overlaps if n > 0]
                found = sum(n for n, _ in overlaps) * 2 >= len(mine)
                overlaps = [(n, q) for n, q in overlaps if q.resolved]
                tot["gold_spans_found"] += found
                if show_errors and not found and g["source"] is not None:
                    print(f"FN span {cid} [{g['start']}:{g['end']}] <- {g['source']}: "
                          f"{t[g['start']:g['end']][:120]!r}", file=sys.stderr)
                if g["source"] is None:
                    continue
                tot["attr_gold"] += 1
                if overlaps:
                    _, best = max(overlaps, key=lambda nq: nq[0])
                    tot["attr_pred"] += 1
                    tot["attr_ok"] += best.source_comment_id == g["source"]
                    if show_errors and best.source_comment_id != g["source"]:
                        print(f"WRONG source {cid} [{g['start']}:{g['end']}] gold={g['source']} "
                              f"got={best.source_comment_id} score={best.score}: "
                              f"{t[g['start']:g['end']][:100]!r}", file=sys.stderr)
    return tot


def evaluate_marked(data: Path, settings: QuoteSettings, *, show_errors: bool) -> dict:
    """Attribution of *marked* quotes: the gold spans are given to resolve_quotes as forum quotes
    (as a reader of the forum's HTML would find them), unmarked detection off."""
    from argmap.models import Quote

    settings = QuoteSettings(**{**settings.__dict__, "detect_unmarked": False})
    tot = {"gold": 0, "pred": 0, "ok": 0, "no_id": 0, "no_id_resolved": 0}
    for path in sorted((data / "iac" / "discussions").glob("*.json")):
        amap, _ = iac_map(path)
        text = {c.comment_id: c.text for c in amap.comments}
        gold = {}
        quotes = []
        for g in gold_quotes(data / "iac" / "quotes" / path.name, amap.thread_id):
            t = text[g["comment_id"]]
            start, end = g["start"], g["end"]
            while start < end and t[start].isspace():
                start += 1
            while end > start and t[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            qid = f"{g['comment_id']}>q{start}-{end}"
            gold[qid] = g["source"]
            quotes.append(Quote(quote_id=qid, comment_id=g["comment_id"], thread_id=amap.thread_id,
                                start=start, end=end, text=t[start:end], marker="forum"))
        resolved = resolve_quotes(amap.model_copy(update={"quotes": quotes}), settings=settings)
        for q in resolved:
            source = gold[q.quote_id]
            if source is None:
                tot["no_id"] += 1
                tot["no_id_resolved"] += q.resolved
                continue
            tot["gold"] += 1
            if q.resolved:
                tot["pred"] += 1
                tot["ok"] += q.source_comment_id == source
            if show_errors and q.source_comment_id != source:
                print(f"MARKED {q.quote_id} gold={source} got={q.source_comment_id} score={q.score}: "
                      f"{q.text[:100]!r}", file=sys.stderr)
    return tot


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
