"""Quote resolution: link every quoted passage to the comment (and claim) it came from.

Two kinds of quotes are handled:

* **marked quotes** (``ArgumentMap.quotes``, found by the readers from ``>``, ``<blockquote>``, forum
  quote tags or pasted quote lines) are aligned against earlier comments of the thread;
* **unmarked quotes** (:func:`find_unmarked_quotes`): spans of a comment that near-verbatim repeat a
  span of an earlier comment, as in forum posts where a quote was pasted without markup.

Cost stays near-linear in the size of the thread through *blocking*: every comment is cut into
word 3-grams ("shingles") of normalised tokens, and an inverted index maps each shingle to the
comments that contain it. A quote is only aligned against the quoting comment's ancestors and a few
comments sharing rare shingles with it (shingles found in more than ``max_shingle_df`` comments are
too common to say anything about where a quote came from). In each candidate a quote is first
looked for verbatim in the comment's normalised text (plain substring search, linear); only what
that cannot place is aligned with rapidfuzz's ``partial_ratio_alignment``, on a window around the
candidate's longest chain of the quote's shingles (never a whole long comment). The ends of a
fuzzy match are then moved to the nearby word boundaries that fit the quote best, so
``source_start``/``source_end`` point at the quoted words in the source comment's text even when
the quoter dropped or inserted a few words.

Each quote is aligned once: ``build_maps`` resolves the quotes before claim splitting, and
:func:`link_quote_claims` later fills in the sources' claim ids by lookup.

A quote is linked only to an *earlier* comment (an ancestor, or one written before the quoting
comment), never to its own comment, and only when the match is long and close enough: a quote whose
source is not in the thread (the linked article, an earlier thread) stays unresolved.

Example::

    quotes = resolve_quotes(amap)
    [(q.quote_id, q.source_comment_id, q.score) for q in quotes if q.resolved]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from argmap.mapindex import MapIndex
from argmap.models import ArgumentMap, Claim, Comment, Quote

__all__ = ["QuoteSettings", "resolve_quotes", "find_unmarked_quotes", "link_quote_claims"]


@dataclass(frozen=True)
class QuoteSettings:
    """Thresholds of quote resolution. The defaults favour precision: a wrong link is worse than
    none, because stance and divergence are computed over the links."""

    min_score: float = 90.0
    """Minimum alignment score (0-100) to link a marked quote to a source."""
    min_quote_chars: int = 12
    """Marked quotes shorter than this (ellipses removed) are too short to attribute."""
    short_quote_chars: int = 40
    short_min_score: float = 97.0
    """Quotes shorter than ``short_quote_chars`` need this score (short texts match by chance)."""
    detect_unmarked: bool = True
    """Whether :func:`resolve_quotes` also looks for unmarked quotes (:func:`find_unmarked_quotes`)."""
    unmarked_min_chars: int = 30
    unmarked_min_words: int = 6
    """An unmarked quote must repeat at least this many characters and words of its source."""
    unmarked_min_score: float = 85.0
    """Minimum ``fuzz.ratio`` between an unmarked quote and its source span."""
    unmarked_inline_min_words: int = 15
    """A shorter repeat that is set off from its surroundings on neither side (by a line break,
    the start or end of the comment, a quotation mark or a colon) is an echoed phrase ("the right
    to bear arms"), not a quote."""
    unmarked_same_author: bool = False
    """Whether a repeat of the author's own earlier text counts as an unmarked quote. Off by
    default: such repeats are mostly signatures, templates and double posts."""
    ancestor_depth: int = 8
    """How many ancestors are always searched, whatever the index says."""
    max_candidates: int = 8
    """How many other comments (sharing the most rare shingles) are aligned per quote."""
    max_shingle_df: int = 20
    """Shingles found in more comments than this are not used to find candidates."""
    max_gap_words: int = 6
    """Unmatched words tolerated inside a repeated passage (small edits)."""
    tie_margin: float = 2.0
    """Candidates scoring within this margin of the best count as equally good; then the nearest
    ancestor wins, then the earliest comment."""


# ---------------------------------------------------------------------------------------------
# Text helpers

_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Where a quote leaves the source's words: ellipses ("...", "(...)", "…") and square brackets,
# which quoters use both for cuts ("[...]") and for their own insertions ("[the EU]").
_GAP_RE = re.compile(r"\s*(?:\[[^\[\]\n]{0,120}\]|\(\s*(?:\.\s*){2,}\)|\(\s*…\s*\)|\.{3,}|…)\s*")
_QUOTE_TRIM = " \t\r\n\"'“”‘’«»"
_CHAR_MAP = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                           "\u00a0": " "})
_SHINGLE = 3


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Words with their offsets, lower-cased. Links are left out: the same link posted twice is
    not a quote."""
    urls = [m.span() for m in _URL_RE.finditer(text)]
    if not urls:
        return [(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(text)]
    out = []
    k = 0
    for m in _TOKEN_RE.finditer(text):
        while k < len(urls) and urls[k][1] <= m.start():
            k += 1
        if k < len(urls) and urls[k][0] <= m.start():
            continue
        out.append((m.start(), m.end(), m.group().lower()))
    return out


def _shingles(tokens: list[tuple[int, int, str]]) -> list[str]:
    words = [t[2] for t in tokens]
    return [" ".join(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


_WORD_RUN_RE = re.compile(r"\S+")


def _norm(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """Lower-cased text with typographic quotes/dashes unified and whitespace runs collapsed, and
    for each of its characters the offset of the original character in ``text`` (a collapsed run
    of whitespace maps to its first character)."""
    end = len(text) if end is None else end
    out: list[str] = []
    where: list[int] = []
    prev_end = -1
    for m in _WORD_RUN_RE.finditer(text, start, end):
        if out:
            out.append(" ")
            where.append(prev_end)
        chunk = m.group()
        low = chunk.translate(_CHAR_MAP).lower()
        if len(low) == len(chunk):
            out.append(low)
            where.extend(range(m.start(), m.end()))
        else:  # a character whose lower case is longer ("İ"): keep it as written
            for i, ch in enumerate(chunk, m.start()):
                one = ch.translate(_CHAR_MAP).lower()
                out.append(one if len(one) == 1 else ch)
                where.append(i)
        prev_end = m.end()
    return "".join(out), where


_SPACE_RE = re.compile(r"\s+")


def _flat(text: str) -> str:
    """``_norm`` without the offset map (for scoring only)."""
    return _SPACE_RE.sub(" ", text.translate(_CHAR_MAP).lower()).strip()


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _segments(text: str) -> list[str]:
    """The parts of a quote between ellipses ("...", "[...]", "…") and bracketed insertions."""
    parts = (p.strip(_QUOTE_TRIM) for p in _GAP_RE.split(text))
    return [p for p in parts if len(p) >= 3]


# ---------------------------------------------------------------------------------------------
# The thread index


@dataclass
class _Match:
    source: int
    start: int
    end: int
    score: float


class _ThreadIndex:
    """Tokens, shingle positions and the inverted shingle index of one thread."""

    def __init__(self, amap: ArgumentMap, settings: QuoteSettings):
        self.settings = settings
        comments = list(amap.comments)
        self.comments = comments
        self.pos = {c.comment_id: i for i, c in enumerate(comments)}
        self.rank = _reading_ranks(comments)
        self.tokens = [_tokens(c.text) for c in comments]
        self.shingles = [_shingles(toks) for toks in self.tokens]
        self.shingle_pos: list[dict[str, list[int]]] = []
        self.postings: dict[str, list[int]] = {}
        for ci, shs in enumerate(self.shingles):
            where: dict[str, list[int]] = {}
            for i, sh in enumerate(shs):
                where.setdefault(sh, []).append(i)
            self.shingle_pos.append(where)
            for sh in where:
                self.postings.setdefault(sh, []).append(ci)
        self.tree = MapIndex(amap)
        self._ancestors: dict[int, list[int]] = {}
        self._normed: dict[int, tuple[str, list[int]]] = {}
        self.links: list[list[_Link]] = [[] for _ in comments]
        """The quotes inside each comment, resolved or not (filled in as comments are processed,
        in time order)."""

    def normed(self, ci: int) -> tuple[str, list[int]]:
        """``_norm`` of comment ``ci``'s text, computed once (a popular comment is aligned against
        many times)."""
        got = self._normed.get(ci)
        if got is None:
            got = self._normed[ci] = _norm(self.comments[ci].text)
        return got

    def ancestors(self, ci: int) -> list[int]:
        """The nearest ``ancestor_depth`` ancestors, parent first (bounded so that long reply
        chains do not make the search quadratic)."""
        cached = self._ancestors.get(ci)
        if cached is None:
            path = self.tree.ancestors(self.comments[ci].comment_id, limit=self.settings.ancestor_depth)
            cached = self._ancestors[ci] = [self.pos[cid] for cid in reversed(path)]
        return cached

    def earlier(self, si: int, ci: int) -> bool:
        return si != ci and self.rank[si] < self.rank[ci]

    def candidates(self, ci: int, shingles: list[str], *, skip_author: str | None = None) -> list[int]:
        """Sources to try for a passage of comment ``ci``: its nearest ancestors, then the earlier
        comments sharing the most rare shingles with the passage (ties: earliest first)."""
        s = self.settings
        ancestors = self.ancestors(ci)
        out = list(ancestors)
        ancestor_set = set(ancestors)
        shared: Counter[int] = Counter()
        for sh in set(shingles):
            hits = self.postings.get(sh)
            if hits is None or len(hits) > s.max_shingle_df:
                continue
            for si in hits:
                if si != ci and (si in ancestor_set or self.earlier(si, ci)):
                    shared[si] += 1
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], self.rank[kv[0]]))
        out.extend([si for si, _ in ranked if si not in ancestor_set])
        if skip_author is not None:
            out = [si for si in out if self.comments[si].author != skip_author]
        n_near = sum(si in ancestor_set for si in out)
        return out[: n_near + s.max_candidates]

    def priority(self, ci: int, si: int, in_quote: bool) -> tuple[int, int, int]:
        """Sort key among equally good sources: original words before quoted words, then nearer
        ancestors, then earlier comments."""
        ancestors = self.ancestors(ci)
        depth = ancestors.index(si) if si in ancestors else len(ancestors) + 1
        return (1 if in_quote else 0, depth, self.rank[si])

    def inside_quote(self, si: int, start: int, end: int, *, unsourced: bool = False) -> bool:
        """Whether most of ``[start, end)`` of comment ``si`` is a quote (with ``unsourced``: a quote
        whose source is not in the thread)."""
        covered = sum(max(0, min(end, lk.end) - max(start, lk.start)) for lk in self.links[si]
                      if not unsourced or lk.source is None)
        return covered * 2 > max(1, end - start)


def _reading_ranks(comments: list[Comment]) -> list[int]:
    """Rank of each comment in time order: by ``created_at`` when every comment has one (ties and
    otherwise: by ``index``, then by position in the map)."""
    if comments and all(c.created_at is not None for c in comments):
        try:
            keys = [(c.created_at, c.index, i) for i, c in enumerate(comments)]
            order = sorted(range(len(comments)), key=lambda i: keys[i])
        except TypeError:  # naive and aware datetimes mixed
            order = sorted(range(len(comments)), key=lambda i: (comments[i].index, i))
    else:
        order = sorted(range(len(comments)), key=lambda i: (comments[i].index, i))
    rank = [0] * len(comments)
    for r, i in enumerate(order):
        rank[i] = r
    return rank


# ---------------------------------------------------------------------------------------------
# Chains of matching shingles (seed and extend)


@dataclass
class _Chain:
    i0: int
    j0: int
    i1: int
    j1: int
    hits: int


def _chains(shingles: list[str], where: dict[str, list[int]], max_gap: int) -> list[_Chain]:
    """Runs of shingles of a passage that occur in the same order in a source comment (allowing
    a few inserted, deleted or changed words). ``where`` maps shingles to positions in the source."""
    chains: list[_Chain] = []
    active: dict[int, _Chain] = {}  # diagonal (j - i) -> last chain on it
    for i, sh in enumerate(shingles):
        for j in where.get(sh, ()):
            d = j - i
            best: _Chain | None = None
            for dd in (d, d - 1, d + 1, d - 2, d + 2, d - 3, d + 3):
                ch = active.get(dd)
                if ch is not None and ch.i1 < i and ch.j1 < j and i - ch.i1 <= max_gap + 1 \
                        and (best is None or ch.i1 > best.i1):
                    best = ch
            if best is None:
                best = _Chain(i, j, i, j, 1)
                chains.append(best)
            else:
                active.pop(best.j1 - best.i1, None)
                best.i1, best.j1 = i, j
                best.hits += 1
            active[d] = best
    return chains


# ---------------------------------------------------------------------------------------------
# Aligning a marked quote


def _best_end(seg: str, win: str, d0: int, d1: int, slack: int, *, left: bool) -> int:
    """The start (``left``) or end of ``win[d0:d1]`` within ``slack`` characters, at a word
    boundary, that makes the span most similar to ``seg`` (ties: nearest to the current one)."""
    here = d0 if left else d1
    lo, hi = max(0, here - slack), min(len(win), here + slack)
    if left:
        cands = [p for p in range(lo, min(hi, d1 - 1) + 1) if p == 0 or win[p - 1] == " " or p == here]
        score = lambda p: fuzz.ratio(seg, win[p:d1])  # noqa: E731
    else:
        cands = [p for p in range(max(lo, d0 + 1), hi + 1) if p == len(win) or win[p] == " " or p == here]
        score = lambda p: fuzz.ratio(seg, win[d0:p])  # noqa: E731
    return max(cands, key=lambda p: (score(p), -abs(p - here)), default=here)


def _norm_window(normed: tuple[str, list[int]], lo: int, hi: int) -> tuple[str, list[int]]:
    """``_norm(text, lo, hi)`` cut out of ``normed = _norm(text)`` (computed once per comment)."""
    full, where = normed
    a, b = bisect.bisect_left(where, lo), bisect.bisect_left(where, hi)
    if a < b and full[a] == " ":
        a += 1
    if b > a and full[b - 1] == " ":
        b -= 1
    return full[a:b], where[a:b]


def _exact_segment(seg_n: str, text: str, lo: int, normed: tuple[str, list[int]]) -> tuple[int, int, float] | None:
    """The first verbatim occurrence (after normalisation) of ``seg_n`` in ``text[lo:]``, at word
    boundaries: (start, end, score) in ``text`` offsets. Linear in the comment's length."""
    full, where = normed
    a = bisect.bisect_left(where, lo)
    at = full.find(seg_n, a)
    while at >= 0:
        end = at + len(seg_n)
        if (at == 0 or not full[at - 1].isalnum() or not seg_n[0].isalnum()) \
                and (end == len(full) or not full[end].isalnum() or not seg_n[-1].isalnum()):
            start, stop = _strip_span(text, where[at], where[end - 1] + 1)
            if stop > start:
                return start, stop, float(fuzz.ratio(seg_n, _flat(text[start:stop])))
        at = full.find(seg_n, at + 1)
    return None


def _align_segment(seg: str, text: str, lo: int, hi: int,
                   normed: tuple[str, list[int]] | None = None,
                   seg_n: str | None = None) -> tuple[int, int, float] | None:
    """Best fuzzy match of ``seg`` inside ``text[lo:hi]``: (start, end, score) in ``text`` offsets.
    ``normed`` is ``_norm(text)`` and ``seg_n`` is ``_norm(seg)[0]`` when the caller has them.
    Only ever called on a candidate window (see :func:`_align_quote`): partial_ratio's cost grows
    with the window times the quote."""
    seg_n = _norm(seg)[0] if seg_n is None else seg_n
    win_n, win_at = _norm_window(normed, lo, hi) if normed is not None else _norm(text, lo, hi)
    if not seg_n or not win_n:
        return None
    al = fuzz.partial_ratio_alignment(seg_n, win_n)
    if al is None or al.score <= 0:
        return None
    if len(seg_n) <= len(win_n):
        d0, d1 = al.dest_start, al.dest_end
    else:  # the window is the shorter string: it was aligned inside the quote
        d0, d1 = 0, len(win_n)
    # partial_ratio matches a substring exactly as long as the quote; words the quoter inserted or
    # dropped shift its ends, so move each end to the word boundary nearby that fits best
    slack = 10 + len(seg_n) // 10
    d0 = _best_end(seg_n, win_n, d0, d1, slack, left=True)
    d1 = _best_end(seg_n, win_n, d0, d1, slack, left=False)
    if d1 <= d0:
        return None
    start, end = win_at[d0], win_at[d1 - 1] + 1
    start, end = _strip_span(text, start, end)
    score = fuzz.ratio(seg_n, _flat(text[start:end]))
    return start, end, float(score)


_SHORT_SEGMENT = 64
"""Segments up to this many normalised characters may be aligned fuzzily against a whole comment
(rapidfuzz's bit-parallel partial_ratio is cheap for them); longer ones only in candidate windows."""


@dataclass(frozen=True)
class _Segments:
    """A marked quote cut at its ellipses: each part's text, normalised text and shingles
    (computed once per quote, not once per candidate source)."""

    texts: list[str]
    normed: list[str]
    shingles: list[list[str]]


def _align_quote(segs: _Segments, index: _ThreadIndex, si: int, *, min_hits: float | None) -> _Match | None:
    """Align every segment of a quote, in order, inside comment ``si``: a verbatim (normalised)
    occurrence first. With ``min_hits=None`` nothing else; otherwise a segment with no verbatim
    occurrence is aligned with rapidfuzz on a window around the source's longest chain of the
    segment's shingles, when that chain holds at least ``min_hits`` of them (a fraction), never
    on a whole long comment."""
    text = index.comments[si].text
    normed = index.normed(si)
    lo = 0
    spans: list[tuple[int, int, float, int]] = []
    for seg, seg_n, shs in zip(segs.texts, segs.normed, segs.shingles):
        got = _exact_segment(seg_n, text, lo, normed) if seg_n else None
        if got is None and min_hits is not None:
            got = _fuzzy_segment(seg, seg_n, shs, index, si, lo, min_hits)
        if got is None:
            return None
        start, end, score = got
        spans.append((start, end, score, len(seg)))
        lo = end
    total = sum(n for *_, n in spans)
    score = sum(sc * n for _, _, sc, n in spans) / total
    return _Match(si, spans[0][0], spans[-1][1], score)


def _fuzzy_segment(seg: str, seg_n: str, shs: list[str], index: _ThreadIndex, si: int, lo: int,
                   min_hits: float) -> tuple[int, int, float] | None:
    text = index.comments[si].text
    toks = index.tokens[si]
    normed = index.normed(si)
    hi = len(text)
    best = max(_chains(shs, index.shingle_pos[si], index.settings.max_gap_words),
               key=lambda c: c.hits, default=None)
    if best is not None and best.hits >= max(1.0, min_hits * len(shs)):
        pad = len(seg) // 2 + 20
        w0 = max(lo, toks[best.j0][0] - pad)
        w1 = min(hi, toks[min(best.j1 + _SHINGLE - 1, len(toks) - 1)][1] + pad)
        got = _align_segment(seg, text, w0, w1, normed, seg_n) if w1 > w0 else None
        if got is not None or (w0, w1) == (lo, hi):
            return got
    if len(seg_n) <= _SHORT_SEGMENT:  # short: cheap to align anywhere after the previous segment
        return _align_segment(seg, text, lo, hi, normed, seg_n)
    return None


_FUZZY_MIN_HITS = 0.25
"""A long segment is aligned fuzzily inside a source only where a chain of its shingles covers at
least this fraction of them (fewer: too many edits to reach ``min_score``)."""
_TIE_MIN_HITS = 0.8
"""Once some source holds the quote verbatim (score 100), another can only tie (within
``tie_margin``) if it is nearly verbatim too: fuzzy alignment then needs this fraction."""


def _resolve_marked(quote: Quote, ci: int, index: _ThreadIndex) -> _Match | None:
    s = index.settings
    texts = _segments(quote.text)
    length = sum(len(seg) for seg in texts)
    if length < s.min_quote_chars:
        return None
    segs = _Segments(texts, [_norm(seg)[0] for seg in texts], [_shingles(_tokens(seg)) for seg in texts])
    need = s.short_min_score if length < s.short_quote_chars else s.min_score
    candidates = index.candidates(ci, [sh for shs in segs.shingles for sh in shs])
    # exact search everywhere first (linear, cheap); rapidfuzz only where it can still matter
    exact = {si: _align_quote(segs, index, si, min_hits=None) for si in candidates}
    min_hits = _TIE_MIN_HITS if any(m is not None and m.score >= 100 for m in exact.values()) else _FUZZY_MIN_HITS
    matches: list[_Match] = []
    for si in candidates:
        m = exact[si] or _align_quote(segs, index, si, min_hits=min_hits)
        if m is not None and m.score >= need:
            matches.append(m)
    return _pick(matches, ci, index)


def _pick(matches: list[_Match], ci: int, index: _ThreadIndex) -> _Match | None:
    # a comment that quotes the passage from outside the thread (the post, an article) is not
    # where the passage came from
    matches = [m for m in matches if not index.inside_quote(m.source, m.start, m.end, unsourced=True)]
    if not matches:
        return None
    top = max(m.score for m in matches)
    good = [m for m in matches if m.score >= top - index.settings.tie_margin]
    return min(good, key=lambda m: index.priority(ci, m.source, index.inside_quote(m.source, m.start, m.end)))


# ---------------------------------------------------------------------------------------------
# Unmarked quotes


@dataclass
class _Repeat:
    source: int
    start: int
    end: int
    source_start: int
    source_end: int
    words: int
    score: float = 0.0
    outside: bool = False
    """The source comment had quoted these words from outside the thread."""


def _extend(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> tuple[int, int, int, int]:
    """Grow two matching spans while the characters around them agree (punctuation, word parts)."""
    while a1 < len(a) and b1 < len(b) and a[a1].lower() == b[b1].lower() and not a[a1].isspace():
        a1 += 1
        b1 += 1
    while a0 > 0 and b0 > 0 and a[a0 - 1].lower() == b[b0 - 1].lower() and not a[a0 - 1].isspace():
        a0 -= 1
        b0 -= 1
    return a0, a1, b0, b1


_OPENERS = "\n\"“'‘:«"
_CLOSERS = "\n\"”'’»"


def _set_off(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is set off on at least one side: by a line break, the start or
    end of the text, a quotation mark or (before it) a colon."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] in _OPENERS:
        return True
    j = end
    while j < len(text) and text[j] in " \t.,;!?)…":
        j += 1
    return j >= len(text) or text[j] in _CLOSERS


def _repeats(ci: int, index: _ThreadIndex, blocked: list[tuple[int, int]]) -> list[_Repeat]:
    """Spans of comment ``ci`` that repeat a span of an earlier comment."""
    s = index.settings
    comment = index.comments[ci]
    toks = index.tokens[ci]
    shs = index.shingles[ci]
    if len(toks) < s.unmarked_min_words:
        return []
    skip = None if s.unmarked_same_author or comment.author is None else comment.author
    found: list[_Repeat] = []
    for si in index.candidates(ci, shs, skip_author=skip):
        stoks = index.tokens[si]
        for ch in _chains(shs, index.shingle_pos[si], s.max_gap_words):
            words = ch.i1 - ch.i0 + _SHINGLE
            if words < s.unmarked_min_words or ch.hits * 2 < ch.i1 - ch.i0 + 1:
                continue
            a0, a1 = toks[ch.i0][0], toks[ch.i1 + _SHINGLE - 1][1]
            b0, b1 = stoks[ch.j0][0], stoks[ch.j1 + _SHINGLE - 1][1]
            a0, a1, b0, b1 = _extend(comment.text, a0, a1, index.comments[si].text, b0, b1)
            if a1 - a0 < s.unmarked_min_chars:
                continue
            if any(min(a1, qe) > max(a0, qs) for qs, qe in blocked):
                continue
            if words < s.unmarked_inline_min_words \
                    and not _set_off(comment.text, a0, a1):
                continue
            found.append(_Repeat(si, a0, a1, b0, b1, words))
    return found


def _choose_repeats(found: list[_Repeat], ci: int, index: _ThreadIndex) -> list[_Repeat]:
    """Non-overlapping repeats: the longest first; among sources repeating (nearly) the same span,
    original words before quoted ones, then the nearest ancestor, then the earliest comment."""
    s = index.settings
    text = index.comments[ci].text
    pending = sorted(found, key=lambda r: -(r.end - r.start))
    chosen: list[_Repeat] = []
    while pending:
        top = pending[0]
        same = [r for r in pending
                if min(r.end, top.end) - max(r.start, top.start) >= 0.8 * (top.end - top.start)]
        same.sort(key=lambda r: index.priority(
            ci, r.source, index.inside_quote(r.source, r.source_start, r.source_end)))
        pick = None
        for r in same:
            r.outside = index.inside_quote(r.source, r.source_start, r.source_end, unsourced=True)
            src = index.comments[r.source].text
            r.score = float(fuzz.ratio(_flat(text[r.start:r.end]), _flat(src[r.source_start:r.source_end])))
            if r.score >= s.unmarked_min_score:
                pick = r
                break
        if pick is None:
            pending = [r for r in pending if r not in same]
            continue
        chosen.append(pick)
        pending = [r for r in pending if min(r.end, pick.end) <= max(r.start, pick.start)]
    return sorted(chosen, key=lambda r: r.start)


# ---------------------------------------------------------------------------------------------
# Public API


def _claim_for(claims: list[Claim], start: int, end: int) -> str | None:
    best, best_overlap = None, 0
    for cl in claims:
        overlap = min(end, cl.end) - max(start, cl.start)
        if overlap > best_overlap:
            best, best_overlap = cl.claim_id, overlap
    return best


def _map_offset(a: str, b: str, pos: int) -> int:
    """Where offset ``pos`` of ``a`` falls in ``b``, for two near-identical strings."""
    for op in Indel.opcodes(a, b):
        if op.src_start <= pos < op.src_end or (pos == op.src_end == len(a)):
            if op.tag == "equal":
                return op.dest_start + (pos - op.src_start)
            return op.dest_start
    return len(b)


@dataclass
class _Link:
    """A resolved quote inside a comment: ``[start, end)`` came from ``source`` at
    ``[source_start, source_end)``."""

    start: int
    end: int
    source: int | None
    """``None`` when the quote's source is not in the thread."""
    source_start: int
    source_end: int


def _through_nested(r: _Repeat, ci: int, index: _ThreadIndex) -> list[_Repeat]:
    """Split a repeat where its source was itself quoting: the words a source quoted from another
    comment are attributed to that comment (the original), the rest to the source."""
    links = sorted((lk for lk in index.links[r.source]
                    if min(lk.end, r.source_end) - max(lk.start, r.source_start) > 0),
                   key=lambda lk: lk.start)
    if not links:
        return [r]
    here = index.comments[ci].text
    src = index.comments[r.source].text
    a, b = src[r.source_start:r.source_end], here[r.start:r.end]

    def to_here(p: int) -> int:
        return r.start + _map_offset(a, b, p - r.source_start)

    pieces: list[_Repeat] = []
    cursor = r.source_start
    for lk in links:
        lo, hi = max(lk.start, cursor), min(lk.end, r.source_end)
        if hi <= lo:
            continue
        if lo > cursor:
            pieces.append(_Repeat(r.source, to_here(cursor), to_here(lo), cursor, lo, 0))
        cursor = hi
        if lk.source is None:  # quoted from outside the thread: nobody here to credit
            continue
        orig = index.comments[lk.source].text
        qa, qb = src[lk.start:lk.end], orig[lk.source_start:lk.source_end]
        o0 = lk.source_start + _map_offset(qa, qb, lo - lk.start)
        o1 = lk.source_start + _map_offset(qa, qb, hi - lk.start)
        pieces.append(_Repeat(lk.source, to_here(lo), to_here(hi), o0, o1, 0))
    if cursor < r.source_end:
        pieces.append(_Repeat(r.source, to_here(cursor), r.end, cursor, r.source_end, 0))
    out = []
    for p in pieces:
        p.start, p.end = _strip_span(here, p.start, p.end)
        source_text = index.comments[p.source].text
        p.source_start, p.source_end = _strip_span(source_text, p.source_start, p.source_end)
        if len(_tokens(here[p.start:p.end])) < 2 or p.end - p.start < 8:
            continue
        p.score = float(fuzz.ratio(_flat(here[p.start:p.end]),
                                   _flat(index.comments[p.source].text[p.source_start:p.source_end])))
        p.words = len(_tokens(here[p.start:p.end]))
        if p.score >= index.settings.unmarked_min_score:
            out.append(p)
    return out


def _redirect(m: _Match, index: _ThreadIndex) -> _Match:
    """A marked quote matched inside a source's own quote of another comment: point at the original."""
    for lk in index.links[m.source]:
        inside = min(lk.end, m.end) - max(lk.start, m.start)
        if lk.source is not None and inside * 5 >= 4 * (m.end - m.start):
            src, orig = index.comments[m.source].text, index.comments[lk.source].text
            qa, qb = src[lk.start:lk.end], orig[lk.source_start:lk.source_end]
            o0 = lk.source_start + _map_offset(qa, qb, max(m.start, lk.start) - lk.start)
            o1 = lk.source_start + _map_offset(qa, qb, min(m.end, lk.end) - lk.start)
            o0, o1 = _strip_span(orig, o0, o1)
            if o1 > o0:
                return _Match(lk.source, o0, o1, m.score)
    return m


def _forum_quote(comment: Comment, start: int, end: int, quoted_author: str | None = None) -> Quote:
    return Quote(quote_id=f"{comment.comment_id}>q{start}-{end}", comment_id=comment.comment_id,
                 thread_id=comment.thread_id, start=start, end=end, text=comment.text[start:end],
                 marker="forum", quoted_author=quoted_author)


def _run(amap: ArgumentMap, settings: QuoteSettings, *, unmarked: bool) -> tuple[list[Quote], list[Quote]]:
    index = _ThreadIndex(amap, settings)
    claims = index.tree.claims_of
    by_comment: dict[int, list[Quote]] = {}
    for q in amap.quotes:
        if q.comment_id in index.pos:
            by_comment.setdefault(index.pos[q.comment_id], []).append(q)

    def filled(q: Quote, m: _Match) -> dict:
        src = index.comments[m.source]
        return {"source_comment_id": src.comment_id,
                "source_claim_id": _claim_for(claims.get(src.comment_id, []), m.start, m.end),
                "source_start": m.start, "source_end": m.end, "score": round(m.score, 1)}

    resolved: dict[str, Quote] = {}
    detected: list[Quote] = []
    # In time order, so that when a comment is searched, the quotes inside every earlier comment
    # are known (a source's own words are preferred over words it quoted from someone else).
    for ci in sorted(range(len(index.comments)), key=lambda i: index.rank[i]):
        comment = index.comments[ci]
        for q in by_comment.get(ci, []):
            m = _resolve_marked(q, ci, index)
            if m is None:
                resolved[q.quote_id] = q
                index.links[ci].append(_Link(q.start, q.end, None, 0, 0))
                continue
            m = _redirect(m, index)
            resolved[q.quote_id] = q.model_copy(update=filled(q, m))
            index.links[ci].append(_Link(q.start, q.end, m.source, m.start, m.end))
        if unmarked:
            blocked = [(q.start, q.end) for q in by_comment.get(ci, [])]
            for whole in _choose_repeats(_repeats(ci, index, blocked), ci, index):
                if whole.outside:  # a quote, but of something outside the thread
                    detected.append(_forum_quote(comment, whole.start, whole.end))
                    index.links[ci].append(_Link(whole.start, whole.end, None, 0, 0))
                    continue
                for r in _through_nested(whole, ci, index):
                    q = _forum_quote(comment, r.start, r.end, index.comments[r.source].author)
                    detected.append(q.model_copy(update=filled(
                        q, _Match(r.source, r.source_start, r.source_end, r.score))))
                    index.links[ci].append(_Link(r.start, r.end, r.source, r.source_start, r.source_end))
    marked_out = [resolved.get(q.quote_id, q) for q in amap.quotes]
    return marked_out, detected


def find_unmarked_quotes(amap: ArgumentMap, *, settings: QuoteSettings | None = None) -> list[Quote]:
    """Spans of comments that (near-)verbatim repeat a span of an earlier comment in the thread,
    as new resolved quotes (``marker="forum"``). Spans inside the map's existing quotes are skipped.

    Example: ``[(q.comment_id, q.text, q.source_comment_id) for q in find_unmarked_quotes(amap)]``
    """
    # the marked quotes are resolved too (not returned): a passage a comment quoted from outside
    # the thread is not that comment's to be quoted from
    return _run(amap, settings or QuoteSettings(), unmarked=True)[1]


def resolve_quotes(amap: ArgumentMap, *, settings: QuoteSettings | None = None) -> list[Quote]:
    """The map's quotes with their source filled in where it is in the thread, followed by the
    unmarked quotes found by :func:`find_unmarked_quotes`. Unresolved quotes keep ``None`` sources.

    The map is not modified; the returned quotes are new objects.
    """
    settings = settings or QuoteSettings()
    marked, detected = _run(amap, settings, unmarked=settings.detect_unmarked)
    return marked + detected


def link_quote_claims(amap: ArgumentMap) -> list[Quote]:
    """The map's quotes, already resolved (by :func:`resolve_quotes` on the map before its claims
    were split), with ``source_claim_id`` looked up from the map's claims: the claim of the source
    comment that overlaps the matched span most. Nothing is aligned again, so a pipeline that
    resolves quotes before claim splitting pays for each alignment once.

    ``link_quote_claims(m)`` equals ``resolve_quotes(m)`` when ``m.quotes`` is what
    ``resolve_quotes`` returned for ``m`` without its claims.
    """
    claims = MapIndex(amap).claims_of
    out = []
    for q in amap.quotes:
        if q.source_comment_id is None or q.source_start is None or q.source_end is None:
            out.append(q)
            continue
        claim = _claim_for(claims.get(q.source_comment_id, []), q.source_start, q.source_end)
        out.append(q if claim == q.source_claim_id else q.model_copy(update={"source_claim_id": claim}))
    return out
