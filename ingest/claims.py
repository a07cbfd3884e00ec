"""Claim splitting: a comment's plain text and its spaCy Doc in, the author's claims out.

A claim is a span of ``Comment.text`` that states something the comment's author asserts or asks:

* one spaCy sentence, cut again at line breaks that start a new line of thought (list items,
  paragraphs, headings) and, when the pipeline has a dependency parse, at the joint between two
  independent clauses: "X, but Y", "X; Y", "X, whereas Y", "X and Y" where Y is a verb with its
  own subject. Coordinated nouns ("cats and dogs") and short clauses ("I agree, but ...") stay whole;
* minus quoted text: a ``Quote`` span is the other party's words, never a claim of the quoting
  author; what is left of a sentence around a quote is kept only when it is substantive;
* minus pleasantries and meta lines: thanks, greetings and sign-offs, lines ending with ":" that
  only introduce what follows ("Some responses:"), labels such as "Edit:" or "tl;dr:" (the label
  is dropped, the text after it kept), bare URLs, footnote and list markers.

Offsets are exact: ``comment.text[claim.start:claim.end] == claim.text`` for every claim.

The module never calls ``nlp``: the pipeline parses every comment once (``nlp.pipe`` in batches)
and hands each Doc in. With the fallback pipeline (blank English + sentencizer, no parse) claims
are whole sentences and line segments, and only a final "?" marks a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from argmap.models import Claim, Comment, Quote

# --- small readable lists -------------------------------------------------------------------

PLEASANTRY_OPENINGS = (
    "thanks", "thank you", "thank u", "thx", "many thanks", "much appreciated", "appreciate it",
    "cheers", "hi", "hello", "hey", "greetings", "dear", "good morning", "good afternoon",
    "good evening", "no problem", "good luck",
    "best regards", "kind regards", "regards", "best wishes", "have a nice day",
    "have a good day", "sorry for the long", "sorry for the wall", "sorry for the late",
    "sorry for my english", "great question", "good question", "interesting question",
)
"""Openings of courtesy sentences. One that starts a sentence makes it a pleasantry unless the
sentence has a clause of its own ("Thanks, I think you're right" is a claim; "Thanks for the
detailed comment" is not). Without a parse, short sentences with such an opening are dropped."""

COURTESY_CLAUSES = (
    "hope this helps", "hope that helps", "i hope this helps", "i hope that helps",
    "i appreciate", "i really appreciate", "you're welcome", "you are welcome",
    "i'm sorry for the long", "i am sorry for the long",
)
"""Courtesies that do have a subject: dropped when the sentence is short."""

META_LABELS = frozenset({
    "edit", "edited", "update", "updated", "eta", "tldr", "tl;dr", "tl dr", "tl,dr", "ps", "p.s",
    "pps", "note", "nb", "n.b", "disclaimer", "source", "sources", "footnote", "footnotes",
    "references", "reference", "links", "link", "summary", "context", "background",
})
"""Words that, alone on a line, label the text rather than say something."""

INTRODUCER_CUES = ("here is", "here are", "here's", "heres", "the following", "as follows",
                   "following are", "below are", "below is")
"""Phrases that mark a line ending with ":" as an introduction even when it is long."""

NON_FINAL_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "cf.", "approx.", "incl.", "esp.", "viz.")
"""Abbreviations after which spaCy may end a sentence that goes on."""

CONTRAST_MARKERS = frozenset({"whereas", "although", "though", "while", "whilst"})
"""Subordinators that, after a comma, join a second assertion to the first ("X, whereas Y")."""

WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
VERB_POS = frozenset({"VERB", "AUX"})

# --- patterns -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|edu|gov|io)/\S*", re.IGNORECASE)
# List markers, bullets and footnote markers at the start of a line: "- ", "* ", "• ", "1. ",
# "2) ", "(a) ", "[3] ", "^4 ", "#", "> " (a quote marker the reader left in place).
_LEADING_MARKER = re.compile(
    r"(?:[-*+•·▪◦‣–—>#]+|\(?\d{1,3}[.)]|\([a-zA-Z]\)|[a-zA-Z]\)|\[\^?\d{1,3}\]|\^\d{1,3})(?=\s|$)\s*"
)
_TRAILING_MARKER = re.compile(r"(?:\s*(?:\[\^?\d{1,3}\]|\^\d{1,3}))+$")
# A short label before a colon at the start of a line: "Edit:", "EDIT 2:", "tl;dr:", "Minor but:".
_LABEL = re.compile(r"(?:[^\s:]+(?:[ \t]+[^\s:]+){0,2}):[ \t]+(?=\S)")
_LEADING_JUNK = ",;:"
_TRAILING_JUNK = ",;:-–—"
_GLUE_PUNCT = frozenset({",", ";", ":", "-", "--", "–", "—"})
_QUOTE_MARKS = "\"'“”‘’«»„"
_CLOSERS = " \t\r\n\"'”’)]*_"


@dataclass(frozen=True)
class ClaimSettings:
    split_clauses: bool = True
    """Cut sentences into independent clauses (needs a parse)."""
    min_words: int = 2
    """Words a whole sentence needs to be a claim ("I disagree." is one; "No." is not)."""
    min_piece_words: int = 3
    """Words each side of a clause split, and what is left of a sentence around a quote, need."""
    max_introducer_words: int = 8
    """A line ending with ":" of at most this many words only introduces what follows."""
    max_pleasantry_words: int = 12
    """A courtesy sentence up to this long is dropped even when it has a clause of its own."""


DEFAULT_SETTINGS = ClaimSettings()


def split_claims(comment: Comment, doc, quotes: Sequence[Quote] = (), *,
                 settings: ClaimSettings | None = None) -> list[Claim]:
    """Split one comment into claims, using ``doc = nlp(comment.text)`` parsed by the pipeline.

    >>> from argmap.nlp import load_nlp
    >>> c = Comment(comment_id="t/1", thread_id="t", author="ann",
    ...             text="Thanks for the reply! Taxes are too high, but nobody will cut them.")
    >>> [(x.text, x.kind) for x in split_claims(c, load_nlp()(c.text), [])]
    [('Taxes are too high', 'assertion'), ('nobody will cut them.', 'assertion')]
    """
    settings = settings or DEFAULT_SETTINGS
    text = comment.text
    if doc.text != text:
        raise ValueError(f"comment {comment.comment_id}: the Doc was not parsed from comment.text")
    parsed = doc.has_annotation("DEP")
    quote_spans = _merge((q.start, q.end) for q in quotes if q.end > q.start)

    claims: list[Claim] = []
    for start, end, derived in _pieces(doc, text, parsed, quote_spans, settings):
        beside = [(qs, qe) for qs, qe in quote_spans if qs == end or qe == start]
        span = _trim(text, start, end, quote_marks=bool(beside))
        if span is None:
            continue
        start, end, introducer = span
        tokens = doc.char_span(start, end, alignment_mode="expand") if parsed else None
        # A quote on the same line is part of this sentence: what is left around it may be only
        # a frame ("I disagree with <quote>") or a bare predicate ("<quote> is wrong"), not a
        # claim. (A quoted line above a reply is not part of the reply's sentence.)
        inline = [(qs, qe) for qs, qe in beside
                  if "\n" not in text[min(qe, start):max(qs, end)] and "\n" not in text[qs:qe]]
        if inline and tokens is not None and (_governs_quote(tokens, inline)
                                              or not _has_own_clause(tokens)):
            continue
        if tokens is not None and _starts_with(_lower(text[start:end]), PLEASANTRY_OPENINGS):
            # "Thanks for the reply, I agree with much of it": the claim is what follows.
            after = _after_courtesy(tokens)
            if after is not None and (span := _trim(text, max(start, after), end)) is not None:
                start, end, introducer = span
                tokens = doc.char_span(start, end, alignment_mode="expand")
                derived = True
        if _is_noise(text[start:end], tokens, introducer, derived, settings):
            continue
        claims.append(Claim(
            claim_id=f"{comment.comment_id}#{start}-{end}",
            comment_id=comment.comment_id,
            thread_id=comment.thread_id,
            author=comment.author,
            text=text[start:end],
            start=start,
            end=end,
            kind="question" if _is_question(text[start:end], tokens) else "assertion",
        ))
    return claims


# --- segmentation ---------------------------------------------------------------------------

def _pieces(doc, text: str, parsed: bool, quote_spans: list[tuple[int, int]],
            settings: ClaimSettings) -> Iterator[tuple[int, int, bool]]:
    """Yield ``(start, end, derived)`` character ranges in reading order; ``derived`` is True
    for a clause of a split sentence or the remainder of a sentence around a quote."""
    for sent_start, sent_end in _sentences(doc):
        for seg_start, seg_end in _line_segments(text, sent_start, sent_end):
            clauses = (_clauses(doc, seg_start, seg_end, settings)
                       if parsed and settings.split_clauses else [(seg_start, seg_end)])
            split = len(clauses) > 1
            for c_start, c_end in clauses:
                rest = _subtract(c_start, c_end, quote_spans)
                cut = len(rest) != 1 or rest[0] != (c_start, c_end)
                for r_start, r_end in rest:
                    yield r_start, r_end, split or cut


def _sentences(doc) -> list[tuple[int, int]]:
    """Sentence character ranges, re-joining what spaCy cut too eagerly: inside an unclosed
    bracket ("some (historical?) models"), after "e.g." / "i.e.", and after "?" or "!" when the
    next sentence goes on in lower case on the same line."""
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [(0, len(doc.text))]
    text = doc.text
    ranges: list[list[int]] = []
    for sent in doc.sents:
        if ranges and _continues(text, ranges[-1][0], ranges[-1][1], sent.start_char, sent.end_char):
            ranges[-1][1] = sent.end_char
        else:
            ranges.append([sent.start_char, sent.end_char])
    return [(s, e) for s, e in ranges]


def _continues(text: str, prev_start: int, prev_end: int, next_start: int, next_end: int) -> bool:
    prev = text[prev_start:prev_end].rstrip()
    between = text[prev_start + len(prev):next_start]
    nxt = text[next_start:next_start + 1]
    if "\n\n" in between or not prev:
        return False
    if prev.count("(") > prev.count(")") and ")" in text[next_start:next_end]:
        return True
    if prev.lower().endswith(NON_FINAL_ABBREVIATIONS):
        return True
    return prev[-1] in "?!" and "\n" not in between and nxt.islower()


def _line_segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` at line breaks that begin a new unit: a blank line always; a single
    line break unless the next line carries on a hard-wrapped sentence (starts in lower case
    after a line without closing punctuation)."""
    segments = []
    seg_start = start
    pos = text.find("\n", start, end)
    while pos != -1:
        before = text[seg_start:pos].rstrip()
        nxt = pos + 1
        while nxt < end and text[nxt] in " \t\r":
            nxt += 1
        blank = nxt < end and text[nxt] == "\n"
        wrapped = (not blank and nxt < end and text[nxt].islower()
                   and before != "" and before[-1] not in ".!?:;")
        if not wrapped:
            segments.append((seg_start, pos))
            seg_start = pos + 1
        pos = text.find("\n", pos + 1, end)
    segments.append((seg_start, end))
    return [(s, e) for s, e in segments if text[s:e].strip()]


def _clauses(doc, start: int, end: int, settings: ClaimSettings) -> list[tuple[int, int]]:
    """Cut one line segment of a parsed sentence into independent clauses.

    A cut removes the glue between two clauses (", but", ";", ", whereas") and is made only
    when both sides have at least ``min_piece_words`` words and a verb.
    """
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or len(span) < 2 * settings.min_piece_words:
        return [(start, end)]
    lo, hi = span.start, span.end

    def inside(tok) -> bool:
        return lo <= tok.i < hi

    def main_clause(tok) -> bool:
        # The segment's top verb, or a verb coordinated with it.
        while tok.dep_ == "conj" and inside(tok.head) and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "ROOT" or not inside(tok.head)

    cuts: set[tuple[int, int]] = set()  # (first glue token, first token of the next clause)
    for tok in span:
        if (tok.dep_ == "conj" and tok.pos_ in VERB_POS and inside(tok.head)
                and tok.head.pos_ in VERB_POS and tok.head.i < tok.i and main_clause(tok.head)
                and any(ch.dep_ in SUBJECT_DEPS for ch in tok.children)):
            first = tok.left_edge.i
            if first <= tok.head.i:
                continue
            glue = first
            while glue - 1 > lo and (doc[glue - 1].text in _GLUE_PUNCT or doc[glue - 1].dep_ == "cc"
                                     or doc[glue - 1].is_space):
                glue -= 1
            if glue < first:
                cuts.add((glue, first))
        elif (tok.dep_ == "advcl" and tok.pos_ in VERB_POS and inside(tok.head)
              and tok.head.i < tok.i and main_clause(tok.head)):
            mark = tok.left_edge
            if (mark.dep_ == "mark" and mark.lower_ in CONTRAST_MARKERS and mark.i - 1 > lo
                    and doc[mark.i - 1].text == ","
                    and any(ch.dep_ in SUBJECT_DEPS for ch in tok.children)):
                cuts.add((mark.i - 1, mark.i + 1))
        elif tok.text == ";" and lo < tok.i < hi - 1:
            nxt = tok.i + 1
            while nxt < hi - 1 and (doc[nxt].dep_ == "cc" or doc[nxt].is_space):
                nxt += 1
            cuts.add((tok.i, nxt))

    if not cuts:
        return [(start, end)]
    accepted: list[tuple[int, int]] = []
    left = lo
    for glue, nxt in sorted(cuts):
        if glue <= left or any(g <= glue < n for g, n in accepted):
            continue
        if _clause_ok(doc[left:glue], settings) and _clause_ok(doc[nxt:hi], settings):
            accepted.append((glue, nxt))
            left = nxt
    if not accepted:
        return [(start, end)]
    out = []
    piece_start = start
    for glue, nxt in accepted:
        out.append((piece_start, doc[glue].idx))
        piece_start = doc[nxt].idx
    out.append((piece_start, end))
    return out


def _clause_ok(tokens, settings: ClaimSettings) -> bool:
    return (_count_words(tokens.text) >= settings.min_piece_words
            and any(t.pos_ in VERB_POS for t in tokens))


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _subtract(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for h_start, h_end in holes:
        if h_end <= pos or h_start >= end:
            continue
        if h_start > pos:
            out.append((pos, h_start))
        pos = max(pos, h_end)
    if pos < end:
        out.append((pos, end))
    return out


# --- trimming and filtering -----------------------------------------------------------------

def _trim(text: str, start: int, end: int, *, quote_marks: bool = False) -> tuple[int, int, bool] | None:
    """Strip whitespace, list/footnote markers, a leading label ("Edit: ") and dangling
    punctuation (and quotation marks, for what is left beside a quote). Returns
    ``(start, end, introducer)`` where ``introducer`` says the piece ended with ":" (it introduces
    what follows), or None if nothing is left."""
    leading = _LEADING_JUNK + (_QUOTE_MARKS if quote_marks else "")
    trailing = _TRAILING_JUNK + (_QUOTE_MARKS if quote_marks else "")
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in leading):
            start += 1
        m = _LEADING_MARKER.match(text, start, end)
        if m and m.end() > start:
            start = m.end()
        m = _LABEL.match(text, start, end)
        if m and _count_words(m.group()) <= 3 and not _URL.match(text, start, end):
            start = m.end()
        if (start, end) == before:
            break
    stripped = text[start:end].rstrip()
    introducer = stripped.endswith(":")
    while True:
        before = end
        while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
            end -= 1
        m = _TRAILING_MARKER.search(text, start, end)
        if m:
            end = m.start()
        if end == before:
            break
    if end <= start:
        return None
    return start, end, introducer


def _count_words(s: str) -> int:
    return len(_WORD.findall(s))


def _is_noise(s: str, tokens, introducer: bool, derived: bool, settings: ClaimSettings) -> bool:
    without_urls = _URL.sub(" ", s)
    words = _count_words(without_urls)
    if words < (settings.min_piece_words if derived else settings.min_words):
        return True
    lowered = _lower(s)
    if introducer and (words <= settings.max_introducer_words or not _has_own_clause(tokens)
                       or any(cue in lowered for cue in INTRODUCER_CUES)):
        return True
    if lowered.strip(" .!:") in META_LABELS:
        return True
    if _starts_with(lowered, COURTESY_CLAUSES):
        return words <= settings.max_pleasantry_words
    if _starts_with(lowered, PLEASANTRY_OPENINGS):
        if tokens is None:
            return words <= settings.max_pleasantry_words
        return not _has_own_clause(tokens)
    return False


def _starts_with(lowered: str, openings: Sequence[str]) -> bool:
    # "hi" must not match "history", "hey" not "heyday": the opening ends at a word boundary.
    for opening in openings:
        if lowered.startswith(opening):
            rest = lowered[len(opening):]
            if not rest or not (rest[0].isalnum()):
                return True
    return False


def _governs_quote(tokens, quote_spans: list[tuple[int, int]]) -> bool:
    """True when the span is only a frame around quoted words: one of its words governs a word
    inside a quote or depends on one ("When people say <quote>", "I disagree with <quote>",
    "The claim that <quote>")."""
    def quoted(tok) -> bool:
        return any(s <= tok.idx < e for s, e in quote_spans)

    for tok in tokens:
        if tok.is_punct or tok.is_space:
            continue
        if quoted(tok.head) or any(not ch.is_punct and quoted(ch) for ch in tok.children):
            return True
    return False


def _lower(s: str) -> str:
    return " ".join(s.lower().split())


def _after_courtesy(tokens) -> int | None:
    """Where the clause after a leading courtesy starts (a character offset), or None when the
    sentence has no clause of its own."""
    if not _has_own_clause(tokens):
        return None
    doc = tokens.doc
    root, first = tokens.root, tokens[0]
    if first.i == root.i:
        # "Thanks, but I think ...": the courtesy heads the sentence; the claim is its conjunct.
        clauses = [t for t in root.children if t.i > root.i and t.dep_ in ("conj", "parataxis", "ccomp")
                   and any(ch.dep_ in SUBJECT_DEPS for ch in t.children)]
        if not clauses:
            return None
        nxt = clauses[0].left_edge.i
    else:
        # "Thanks for the reply, I agree ...": the courtesy is one phrase of the sentence.
        top = first
        while top.head.i != root.i and top.head.i != top.i and tokens.start <= top.head.i < tokens.end:
            top = top.head
        if top.head.i != root.i or top.right_edge.i >= root.i:
            return None
        nxt = top.right_edge.i + 1
    while nxt < tokens.end and (doc[nxt].is_punct or doc[nxt].is_space or doc[nxt].dep_ == "cc"):
        nxt += 1
    return doc[nxt].idx if nxt < tokens.end else None


def _has_own_clause(tokens) -> bool:
    """True when the span's main word, or a clause joined to it ("Thanks, but I think ..."),
    has a subject: it says something beyond a courtesy or an introduction. A subject inside a
    relative clause ("Thanks for the post that I read") does not count. No parse: False."""
    if tokens is None or len(tokens) == 0:
        return False
    lo, hi = tokens.start, tokens.end
    root = tokens.root
    main = [root] + [t for t in root.children if lo <= t.i < hi and t.dep_ in ("conj", "parataxis", "ccomp")]
    return any(ch.dep_ in SUBJECT_DEPS and lo <= ch.i < hi for t in main for ch in t.children)


def _is_question(s: str, tokens) -> bool:
    if s.rstrip(_CLOSERS).endswith("?"):
        return True
    if tokens is None:
        return False
    words = [t for t in tokens if not (t.is_punct or t.is_space or t.dep_ in ("cc", "intj"))]
    if len(words) < 2:
        return False
    root = tokens.root
    first, second = words[0], words[1]
    aux = second if first.tag_ in WH_TAGS else first
    if aux.pos_ != "AUX" or root.i not in (aux.i, aux.head.i):
        return False
    # Subject-auxiliary inversion: the clause's subject comes after its auxiliary
    # ("Is this true", "Why do you think so"), unlike "What he said is true".
    return any(ch.dep_ in SUBJECT_DEPS and ch.i > aux.i for ch in root.children)
