"""Quotes once and cheap: exact search places verbatim quotes without rapidfuzz, fuzzy alignment
only runs on candidate windows, and the ingest pipeline aligns each quote in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap.analysis.quotes as quotes_mod
from argmap.models import ArgumentMap, Claim, Comment, Quote, Thread
from argmap.analysis.quotes import QuoteSettings, link_quote_claims, resolve_quotes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "quotes" / "quote_heavy_small.jsonl"
THREAD = "t:q"

FILLER = [f"Paragraph {i} talks about bus lanes, parking permits and the cost of road number {i}."
          for i in range(60)]
PASSAGE = ("The revenue from the charge paid for forty new buses and a night service on the ring line, "
           "which is why the charge survived the referendum held a year after it started.")


def comment(cid: str, text: str, *, parent: str | None = None, index: int = 0) -> Comment:
    return Comment(comment_id=f"{THREAD}/{cid}", thread_id=THREAD, text=text, raw=text, index=index,
                   parent_id=f"{THREAD}/{parent}" if parent else None, author=f"u{cid}")


def marked(c: Comment, passage: str) -> Quote:
    start = c.text.index(passage)
    return Quote(quote_id=f"{c.comment_id}>q{start}-{start + len(passage)}", comment_id=c.comment_id,
                 thread_id=THREAD, start=start, end=start + len(passage), text=passage, marker="markdown")


def long_thread(quoted: str) -> tuple[ArgumentMap, Comment]:
    """A long source comment (the passage in the middle of 60 filler paragraphs) and a reply
    quoting ``quoted``."""
    root = comment("a", "\n\n".join(FILLER[:30] + [PASSAGE] + FILLER[30:]))
    reply = comment("b", f"{quoted}\n\nForty buses is not much for a city that size.", parent="a", index=1)
    amap = ArgumentMap(thread=Thread(thread_id=THREAD, source_format="markdown"), comments=[root, reply],
                       quotes=[marked(reply, quoted)])
    return amap, root


def test_verbatim_quote_is_placed_by_exact_search_without_fuzzy_alignment(monkeypatch):
    calls = []
    real = quotes_mod.fuzz.partial_ratio_alignment
    monkeypatch.setattr(quotes_mod.fuzz, "partial_ratio_alignment", lambda *a, **k: calls.append(a) or real(*a, **k))
    # changed case and spacing only: the normalised text is a verbatim substring of the source
    amap, root = long_thread(PASSAGE.upper().replace(" a night", "  a\nnight"))
    [q] = resolve_quotes(amap, settings=QuoteSettings(detect_unmarked=False))
    assert q.source_comment_id == root.comment_id
    assert root.text[q.source_start:q.source_end] == PASSAGE
    assert q.score == 100.0
    assert calls == []


def test_edited_quote_is_aligned_on_a_window_not_the_whole_comment(monkeypatch):
    windows = []
    real = quotes_mod._align_segment

    def spy(seg, text, lo, hi, *rest):
        windows.append((len(seg), hi - lo, len(text)))
        return real(seg, text, lo, hi, *rest)

    monkeypatch.setattr(quotes_mod, "_align_segment", spy)
    edited = PASSAGE.replace("forty new buses", "40 new buses").replace("which is why", "which is how")
    amap, root = long_thread(edited)
    [q] = resolve_quotes(amap, settings=QuoteSettings(detect_unmarked=False))
    assert q.source_comment_id == root.comment_id
    assert root.text[q.source_start:q.source_end].rstrip(".") == PASSAGE.rstrip(".")
    assert 90 <= q.score < 100
    assert windows, "an edited quote needs the fuzzy fallback"
    for seg_len, window, whole in windows:
        assert window <= 2 * seg_len + 60 < whole


def test_link_quote_claims_looks_up_claim_ids_without_aligning_again(monkeypatch):
    amap, root = long_thread(PASSAGE)
    resolved = resolve_quotes(amap)
    start = root.text.index(PASSAGE)
    claims = [Claim(claim_id=f"{root.comment_id}#{start}-{start + len(PASSAGE)}", comment_id=root.comment_id,
                    thread_id=THREAD, author=root.author, text=PASSAGE, start=start, end=start + len(PASSAGE))]
    with_claims = amap.model_copy(update={"claims": claims})
    expected = resolve_quotes(with_claims)
    monkeypatch.setattr(quotes_mod, "_run", lambda *a, **k: pytest.fail("aligned again"))
    linked = link_quote_claims(with_claims.model_copy(update={"quotes": resolved}))
    assert linked == expected
    assert linked[0].source_claim_id == claims[0].claim_id


def test_ingest_pipeline_aligns_each_quote_once(monkeypatch, nlp):
    from argmap.ingest import read_path
    from argmap.pipeline import build_maps
    from argmap.analysis.stance import StanceSettings

    passes = []
    real = quotes_mod._run
    monkeypatch.setattr(quotes_mod, "_run", lambda *a, **k: passes.append(1) or real(*a, **k))
    [amap] = read_path(str(FIXTURE)).maps
    assert len(amap.quotes) == 7
    [built] = build_maps([amap], nlp=nlp, stance=StanceSettings(method="features"))
    assert len(passes) == 1
    # the one pass gives what resolving the finished map (claims split) from scratch gives
    monkeypatch.setattr(quotes_mod, "_run", real)
    # (less the stance stage's answers to quotes from outside the thread, which resolving does not read)
    unanswered = [q.model_copy(update={"answer": None}) for q in built.quotes]
    assert unanswered == resolve_quotes(built.model_copy(update={"quotes": amap.quotes}))
    by_text = {q.text.split()[0].lower(): q for q in built.quotes if q.marker != "forum"}
    texts = {c.comment_id: c.text for c in built.comments}
    assert not by_text["road"].resolved  # quoted from outside the thread
    for key in ("traffic", "critics", "a", "most", "small", "variable"):
        q = by_text[key]
        assert q.resolved and q.source_claim_id is not None, key
        assert q.source_comment_id < q.comment_id  # an earlier post (p0 < p1 < ...)
        assert texts[q.source_comment_id][q.source_start:q.source_end]
