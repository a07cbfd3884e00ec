"""Pasted plain text: no ids, no authors, no markup (e.g. comments copied out of a forum page).

Each non-empty line is a paragraph. The reader

1. **merges repeats**: a run of paragraphs that (near-)verbatim repeats earlier paragraphs is the
   same text pasted twice; it is dropped (one Problem "merged N repeated paragraphs", action
   ``repaired``). New paragraphs inside such a run (the second copy differing a little) are put
   back after the paragraph they follow in the copy;
2. **finds quote lines**: a paragraph that (near-)verbatim repeats *part of* an earlier paragraph
   (or a whole earlier paragraph, when it is followed by new text) quotes it. Matching uses
   word-trigram blocking (each paragraph is compared only with earlier paragraphs sharing rare
   trigrams) and ``rapidfuzz.fuzz.partial_ratio``; bracketed insertions (``[...]``) and ellipses are
   ignored. A paragraph whose quoted source is not in the paste is a quote only when it looks like
   an excerpt and the next paragraph answers it — conservative, general signals only:

   * excerpt: no closing punctuation, starts with ``...`` or lower case, or follows a line ending
     with ``:``;
   * answer: the next paragraph opens with a reply cue ("I agree", "Yes", "This is", "To be
     fair", "But", a short question, "... on this"), repeats four of its words in a row, or cites
     three or more of its words inside quotation marks;
3. **groups paragraphs into comments**: a quote of a paragraph from another comment starts a reply
   to that comment (several quotes of the same comment stay in one reply); a pleasantry
   ("Thanks for ...", "Sorry ...") or a yes/no answer after a question starts a reply to the
   previous comment; a paragraph cut off by the forum's preview ("wor..." or "(read more)") ends
   its comment (the next one starts at top level); everything else continues the current comment;
4. **names no one**: authors are placeholders ``?A``, ``?B`` (``known=False``) that alternate along a
   reply chain, so the quoting party and the quoted party always differ. Top-level comments
   are ``?A``. ``author=NAME`` (``--author``) names the party of the first comment (``?A``).

Quote lines stay in the reply's text as ``Quote`` spans (marker ``plaintext``, ``quoted_author`` =
the quoted party); they are left unresolved for the quote-resolution stage.

Ids: thread ``text:<sha1 of the text>``, comments ``<thread_id>/L<first line number>``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from argmap.models import ArgumentMap, Author, Comment, Problem, Quote, Thread

from .base import ReadResult, content_id, split_lines

FORMAT = "plaintext"

MIN_WORDS = 4
"""Paragraphs shorter than this are never matched as repeats or quotes."""
REPEAT_SCORE = 96.0
QUOTE_SCORE = 90.0
MAX_GAP = 3
"""New paragraphs between two repeated ones that still belong to the repeated copy."""
FRAGMENT_MAX_CHARS = 400

_APOS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "})
_BRACKETS = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[\w']+")
_ELLIPSIS_START = re.compile(r"^\s*(\.\.\.|…|\[\s*(\.\.\.|…)\s*\])")
_QUOTED = re.compile(r"[\"“]([^\"“”]{8,}?)[\"”]")
_REPLY_CUE = re.compile(
    r"^\W*(yes|yeah|yep|no\b|nope|agreed|sure\b|true\b|but\b|why\b|"
    r"this (is|seems|sounds|was|would|doesn't|does not)\b|that('s| is| seems| was)\b|to be fair|"
    r"i (strongly |partially |mostly |somewhat |kind of |completely )?(agree|disagree)\b|"
    r"i'm (very |somewhat |a bit |not )?(confused|mixed|unsure|skeptical|not sure)\b|"
    r"not really|could you|can you|was there|is there|what do you mean|hmm|isn't|doesn't)",
    re.I,
)
_STRONG_CUE = re.compile(
    r"^\W*(i (strongly |partially |mostly |somewhat |kind of |completely )?(agree|disagree) with (this|that|it)\b|"
    r"i'm (very |somewhat |a bit )?(mixed|confused) (on|by|about) (this|that)\b)",
    re.I,
)
_ANAPHOR = re.compile(r"\b(on|by|with|about) (this|that)\b", re.I)
_PLEASANTRY = re.compile(r"^\W*(thanks|thank you|thx|sorry|good point|fair point|great (post|comment|point)|"
                         r"nice (post|comment))\b", re.I)
_TRUNCATED = re.compile(r"(\w(\.\.\.|…)\s*(\(read more\))?|\(read more\))$", re.I)
_ANSWER = re.compile(r"^\W*(yes|yeah|yep|no|nope|agreed|exactly|correct|right)\b", re.I)


def sniff(text: str, path: str) -> bool:
    """Plain text is the fallback: any text without NULs whose lines are mostly prose."""
    if "\x00" in text or not text.strip():
        return False
    lower = path.lower()
    if lower.endswith((".txt", ".text")):
        return True
    if text.lstrip()[:1] in ("{", "[", "<"):
        return False
    bad = text.count("\ufffd")
    return bad < max(3, len(text) // 100)


# --- text helpers -----------------------------------------------------------------------------

def _norm(s: str) -> str:
    """Words only, lower case, without bracketed insertions and ellipses (for quote matching)."""
    s = _BRACKETS.sub(" ", s.translate(_APOS).casefold())
    return " ".join(_WORD.findall(s))


def _key(s: str) -> str:
    """Whitespace-free key (for repeat matching: ``4%[1]`` vs ``4% [1]``)."""
    return re.sub(r"\s+", "", s.translate(_APOS).casefold())


def _ends_terminal(s: str) -> bool:
    t = s.rstrip().translate(_APOS)
    if t.endswith("..."):
        return True  # truncated ("..."), not an excerpt
    t = t.rstrip("\"')]»")
    if t.endswith("..."):
        return True
    return t[-1:] in (".", "!", "?")


def _starts_lower(s: str) -> bool:
    m = re.search(r"[^\W\d_]", s)
    return bool(m) and m.group(0).islower() and m.start() < 3


def _ngrams(words: list[str], n: int) -> list[tuple[str, ...]]:
    """The distinct word n-grams in order of first appearance (a list, not a set: set order varies
    with PYTHONHASHSEED, and the matching below must not)."""
    return list(dict.fromkeys(tuple(words[i:i + n]) for i in range(len(words) - n + 1)))


@dataclass
class _Para:
    n: int          # position among paragraphs
    line_no: int    # 1-based line in the file
    text: str
    norm: str
    words: list[str]
    key: str
    whole_of: int | None = None     # earlier paragraph it repeats as a whole
    part_of: int | None = None      # earlier paragraph it quotes part of
    repeat: bool = False
    quote: bool = False
    source: int | None = None       # paragraph quoted (None = not in the paste)


@dataclass
class _Comment:
    paras: list[int] = field(default_factory=list)
    parent: int | None = None
    party: int = 0


# --- the reader -------------------------------------------------------------------------------

def read(text: str, *, path: str, author: str | None = None) -> ReadResult:
    paras = _paragraphs(text)
    problems: list[Problem] = []
    thread_id = f"text:{content_id(text)}"
    _match(paras)
    order, merged = _merge_repeats(paras)
    for first, last, count, src_first, src_last in merged:
        problems.append(Problem(path=path, where=f"lines {first}-{last}", action="repaired",
                                message=f"merged {count} repeated paragraphs (same text as lines {src_first}-{src_last})"))
    _mark_quotes(paras, order)
    comments = _group(paras, order)
    amap = _build(paras, comments, thread_id=thread_id, path=path, author=author)
    amap.thread.skipped = len(problems)
    return ReadResult(maps=[amap], problems=problems)


def _paragraphs(text: str) -> list[_Para]:
    out = []
    for line_no, line in enumerate(split_lines(text), 1):  # only \n, \r\n, \r end a line
        s = line.strip()
        if not s:
            continue
        norm = _norm(s)
        out.append(_Para(n=len(out), line_no=line_no, text=s, norm=norm, words=norm.split(), key=_key(s)))
    return out


def _match(paras: list[_Para]) -> None:
    """For each paragraph, find an earlier paragraph it repeats wholly or in part.

    Blocking: earlier paragraphs are indexed by word trigrams; a paragraph is compared only with
    the few earlier ones sharing the most trigrams (no all-pairs comparison)."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    short: dict[str, int] = {}  # exact key of short paragraphs -> first one
    for p in paras:
        grams = _ngrams(p.words, 3)
        if len(p.words) < MIN_WORDS:
            if p.key in short:
                p.whole_of = short[p.key]
            else:
                short[p.key] = p.n
            continue
        if len(p.words) >= MIN_WORDS and grams:
            shared: Counter[int] = Counter()
            for g in grams:
                posting = index.get(g)
                if posting and len(posting) <= 50:  # very common trigrams carry no signal
                    shared.update(set(posting))
            need = max(1, int(0.3 * len(grams)))
            # most shared trigrams first, ties to the earliest paragraph: the same input always
            # gives the same candidates
            for i, hits in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:8]:
                if hits < need:
                    break
                q = paras[i]
                if p.whole_of is None and 0.85 <= len(p.key) / max(1, len(q.key)) <= 1.18:
                    if p.key == q.key or fuzz.ratio(p.key, q.key) >= REPEAT_SCORE:
                        p.whole_of = q.whole_of if q.whole_of is not None else i
                        continue
                if p.part_of is None and len(p.norm) < len(q.norm) and \
                        fuzz.partial_ratio(p.norm, q.norm) >= QUOTE_SCORE:
                    p.part_of = i
            if p.whole_of is not None:
                continue  # a repeat adds nothing new to the index
        for g in grams:
            index[g].append(p.n)


def _merge_repeats(paras: list[_Para]):
    """Decide which whole-paragraph repeats are a second copy (dropped) and which quote a paragraph.

    Returns the reading order of the kept paragraphs and the merged regions
    ``(first line, last line, repeated count, source first line, source last line)``."""
    n = len(paras)
    whole = [p.whole_of is not None for p in paras]
    long_whole = [w and len(p.words) >= MIN_WORDS for w, p in zip(whole, paras)]
    for j, p in enumerate(paras):
        if not whole[j]:
            continue
        near = whole if long_whole[j] else long_whole  # a short repeat only counts next to a long one
        run = (j > 0 and near[j - 1]) or (j + 1 < n and near[j + 1])
        if run or (j + 1 == n and long_whole[j]):
            p.repeat = True
        elif not long_whole[j]:
            p.whole_of = None  # "Yes." said twice is not a copy
        else:
            # A single paragraph repeated and followed by new text: it quotes the earlier one.
            p.quote, p.source = True, p.whole_of

    after: dict[int, list[int]] = defaultdict(list)   # kept paragraph -> new paragraphs placed after it
    tail: list[int] = []                               # paragraphs in reading order (outside copies)
    regions = []
    anchor: int | None = None
    gap: list[int] = []
    region: list[int] = []

    def close_region() -> None:
        nonlocal anchor, gap, region
        tail.extend(gap)
        if region:
            srcs = sorted(paras[paras[r].whole_of].line_no for r in region)
            regions.append((paras[region[0]].line_no, paras[region[-1]].line_no, len(region), srcs[0], srcs[-1]))
        anchor, gap, region = None, [], []

    for j, p in enumerate(paras):
        if p.repeat:
            if anchor is not None and gap:
                after[anchor].extend(gap)
            gap = []
            anchor = p.whole_of
            while after.get(anchor):  # keep earlier insertions before this copy's continuation
                anchor = after[anchor][-1]
            region.append(j)
            continue
        if anchor is not None:
            gap.append(j)
            if len(gap) > MAX_GAP:
                close_region()
            continue
        tail.append(j)
    close_region()

    order: list[int] = []

    def emit(j: int) -> None:
        order.append(j)
        for k in after.get(j, []):
            emit(k)

    for j in tail:
        emit(j)
    return order, regions


def _is_excerpt(p: _Para, prev: _Para | None) -> bool:
    if len(p.text) > FRAGMENT_MAX_CHARS:
        return False
    return (not _ends_terminal(p.text)) or bool(_ELLIPSIS_START.match(p.text)) or _starts_lower(p.text) or \
        (prev is not None and prev.text.rstrip().endswith(":"))


def _answers(nxt: _Para, p: _Para) -> bool:
    """Does ``nxt`` read as a reply to ``p``?"""
    t = nxt.text.translate(_APOS)
    if _REPLY_CUE.match(t):
        return True
    if t.rstrip().endswith("?") and len(t) <= 200:
        return True
    if _ANAPHOR.search(" ".join(t.split()[:8])):
        return True
    return bool(set(_ngrams(p.words, 4)).intersection(_ngrams(nxt.words, 4)))


def _cites(nxt: _Para, p: _Para) -> bool:
    """``nxt`` puts three or more of ``p``'s words in quotation marks."""
    for m in _QUOTED.finditer(nxt.text.replace("“", '"').replace("”", '"')):
        q = _norm(m.group(1))
        if len(q.split()) >= 3 and f" {q} " in f" {p.norm} ":
            return True
    return False


def _mark_quotes(paras: list[_Para], order: list[int]) -> None:
    """Quotes of paragraphs in the paste, then excerpts of text outside it (from the end, so that
    an excerpt is answered by a reply, not by another quote)."""
    for j in order:
        p = paras[j]
        if p.part_of is not None and not p.quote:
            src = paras[p.part_of]
            p.quote, p.source = True, p.part_of
    for j in order:
        p = paras[j]
        seen = {j}
        while p.source is not None and paras[p.source].quote and paras[p.source].source is not None \
                and p.source not in seen:
            seen.add(p.source)
            p.source = paras[p.source].source
    for k in range(len(order) - 1, -1, -1):
        p = paras[order[k]]
        if p.quote or len(p.words) < MIN_WORDS or p.text.rstrip().endswith(":") or _PLEASANTRY.match(p.text):
            continue
        prev = paras[order[k - 1]] if k > 0 else None
        nxt = paras[order[k + 1]] if k + 1 < len(order) else None
        after_colon = prev is not None and prev.text.rstrip().endswith(":")
        if nxt is None:
            is_quote = bool(_ELLIPSIS_START.match(p.text)) and after_colon
        elif nxt.quote:
            is_quote = False
        else:
            is_quote = (
                _cites(nxt, p)
                or (bool(_STRONG_CUE.match(nxt.text.translate(_APOS))) and not _REPLY_CUE.match(p.text.translate(_APOS))
                    and len(p.text) <= 2 * FRAGMENT_MAX_CHARS)
                or (_is_excerpt(p, prev) and _answers(nxt, p))
                or (bool(_ELLIPSIS_START.match(p.text)) and after_colon)
            )
        if is_quote:
            p.quote, p.source = True, None


def _group(paras: list[_Para], order: list[int]) -> list[_Comment]:
    comments: list[_Comment] = []
    home: dict[int, int] = {}  # paragraph -> index of the comment holding it
    answers_excerpts: set[int] = set()  # comments holding an excerpt of text outside the paste
    ci = -1  # current comment

    def start(parent: int | None) -> int:
        comments.append(_Comment(parent=parent, party=0 if parent is None else 1 - comments[parent].party))
        return len(comments) - 1

    for k, j in enumerate(order):
        p = paras[j]
        prev = paras[order[k - 1]] if k > 0 else None
        if ci < 0:
            ci = start(None)
        elif p.quote and p.source in home:  # quotes a comment in the paste
            src_comment = home[p.source]
            prev_quotes_same = prev is not None and prev.quote and home.get(prev.source) == src_comment
            if not (comments[ci].parent == src_comment or prev_quotes_same):
                ci = start(src_comment)
        elif prev is not None and _TRUNCATED.search(prev.text):
            # A paragraph cut off with "..." (a collapsed preview) ends its comment.
            ci = start(None)
        elif p.quote:
            # An excerpt of text outside the paste: it opens a new comment unless the current one
            # introduces it ("...:") or already answers such excerpts.
            introduced = prev is not None and prev.text.rstrip().endswith(":") and home.get(prev.n) == ci
            prev_is_excerpt = prev is not None and prev.quote and prev.source is None
            if not (introduced or ci in answers_excerpts or prev_is_excerpt):
                ci = start(None)
        elif comments[ci].paras and (_PLEASANTRY.match(p.text) or (
                prev is not None and prev.text.rstrip().endswith("?") and _ANSWER.match(p.text))):
            ci = start(ci)
        comments[ci].paras.append(j)
        home[j] = ci
        if p.quote and p.source not in home:
            answers_excerpts.add(ci)
    return comments


def _build(paras: list[_Para], comments: list[_Comment], *, thread_id: str, path: str, author: str | None) -> ArgumentMap:
    party_ids = [author or "?A", "?B"]
    used: set[int] = set()
    out: list[Comment] = []
    quotes: list[Quote] = []
    home = {j: ci for ci, c in enumerate(comments) for j in c.paras}
    ids = [f"{thread_id}/L{paras[c.paras[0]].line_no}" for c in comments]
    for ci, c in enumerate(comments):
        parts: list[str] = []
        spans: list[tuple[int, int, int]] = []  # start, end, quoted party
        pos = 0
        for j in c.paras:
            p = paras[j]
            if parts:
                pos += 2
            if p.quote:
                if p.source is not None and p.source in home:
                    src_c = comments[home[p.source]]
                    src_p = paras[p.source]
                    quoted = (1 - src_c.party) if src_p.quote else src_c.party
                    if quoted == c.party:  # never let a party quote itself
                        quoted = 1 - c.party
                else:
                    quoted = 1 - c.party
                spans.append((pos, pos + len(p.text), quoted))
                used.add(quoted)
            parts.append(p.text)
            pos += len(p.text)
        used.add(c.party)
        body = "\n\n".join(parts)
        comment = Comment(comment_id=ids[ci], thread_id=thread_id,
                          parent_id=ids[c.parent] if c.parent is not None else None,
                          author=party_ids[c.party], raw="\n".join(paras[j].text for j in c.paras), text=body,
                          index=ci)
        out.append(comment)
        for start, end, quoted in spans:
            quotes.append(Quote(quote_id=f"{comment.comment_id}>q{start}-{end}", comment_id=comment.comment_id,
                                thread_id=thread_id, start=start, end=end, text=body[start:end], marker="plaintext",
                                quoted_author=party_ids[quoted]))
    authors = []
    for party in sorted(used):
        if party == 0 and author:
            authors.append(Author(author_id=author, name=author, known=True))
        else:
            authors.append(Author(author_id=party_ids[party], known=False))
    thread = Thread(thread_id=thread_id, source_format="plaintext", source_path=path)
    return ArgumentMap(thread=thread, authors=authors, comments=out, quotes=quotes)
