"""The Internet Argument Corpus (IAC v1, 4forums.com threads) as labelled data for quote resolution:
one ``ArgumentMap`` per discussion file, the gold quotes (the forum's quote tags), and span
detection / attribution counts of ``resolve_quotes`` against them.

IAC's ``raw_text`` keeps quoted passages with no markup, so everything argmap finds there comes from
``find_unmarked_quotes``; the gold is the forum's quote tags (character ranges in ``raw_text`` and,
where known, the id of the quoted post). ``benchmarks/quotes_iac.py`` prints the figures.

>>> tot = evaluate(Path("../shared/data"), QuoteSettings(), claims=False, show_errors=False)  # doctest: +SKIP
>>> tot["attr_ok"] / tot["attr_pred"], tot["attr_ok"] / tot["attr_gold"]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from argmap.analysis.quotes import QuoteSettings, resolve_quotes
from argmap.models import ArgumentMap, Comment, Thread

__all__ = ["iac_map", "with_claims", "gold_quotes", "evaluate", "evaluate_marked"]


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
    """``amap`` with claims from argmap's claim splitter (quotes then get claim ids); unchanged when
    the splitter cannot be imported."""
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
    """The gold quotes of one IAC quotes file: ``{comment_id, start, end, source}`` (``source`` is
    the quoted comment's id, or None where the forum did not record it)."""
    out = []
    for post_id, (start, end, meta) in json.loads(path.read_text()):
        qid = meta.get("quote_id")
        out.append({"comment_id": f"{thread_id}/{post_id}", "start": start, "end": end,
                    "source": f"{thread_id}/{qid}" if qid is not None else None})
    return out


def _solid(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if not text[i].isspace()}


def evaluate(data: Path, settings: QuoteSettings, *, claims: bool, show_errors: bool) -> dict:
    """Unmarked-quote detection and attribution over every IAC discussion under ``data/iac``:
    counts of detected / gold non-space characters and spans and their overlaps (``det_*``,
    ``gold_*``), attribution counts over gold quotes with a known source (``attr_gold``,
    ``attr_pred``, ``attr_ok``), ``seconds`` in ``resolve_quotes``. ``show_errors``: each miss on stderr."""
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
