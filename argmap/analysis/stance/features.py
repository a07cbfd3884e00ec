"""The features of a (target, response) pair, read off spaCy's parse.

A comment's parse is copied once into plain-Python records (``_DocData``: one ``_Tok`` per token,
the string table owned by the caller), a pair's two sides are views on those (``_View``: a span of
the comment minus its quotes), and ``analyse_pair`` reads ~100 named, interpretable features
(``FEATURES``) in groups: the opening, the cue phrases, a contrast after agreement, what a leading
"this" or "you" is said to be, negation of shared content, questions, tone, overlap and shape,
sarcasm, corrections, and the context of the target. The thresholds inside them are
``FeatureSettings``; the cue words are ``argmap.analysis.stance.lexicons``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from argmap.analysis.stance.lexicons import (
    ACTUALLY, AGREE_OPENERS, AGREE_PHRASES, APPROVING_PREDICATES, AUX_QUESTION_START, CLAUSE_SUBJECT_DEPS,
    CONCESSION_STRONG, CONCESSION_WEAK, CONCESSIVE_MARKS, CONTENT_POS, CONTINUATION_OPENERS,
    CONTRAST_PHRASES, CONTRAST_WORDS, COPULA_COMPLEMENT_DEPS, DEMONSTRATIVES, DIGIT, DISAGREE_OPENERS,
    DISAGREE_PHRASES, DISMISSIVE_PREDICATES, DOUBT, FIRST_PERSON, FIRST_PLURAL, HEDGES, INSULTS, LAUGHTER,
    LIGHT_LEMMAS, NEGATION_WORDS, NEGATIVE, NEGATIVE_OR_INSULT, NO_OPENERS, PARTIAL_PHRASES, POSITIVE,
    PREDICATE_POS, PRONOUN_SUBJECTS, PROFANITY, QUOTE_OPENERS, SARCASTIC_OPENING, SECOND_PERSON,
    SHORT_ONLY_AGREE_OPENERS, SUBJECT_DEPS, THIRD_PERSON, TRAILING_DOUBT, UNSKIPPED_LEADING_SYMBOLS, URL,
    WEAK_DISAGREE_OPENERS, WH_WORDS, YOU_SUBJECTS,
)
from argmap.models import Evidence

FEATURES: tuple[str, ...] = (
    "agree_opener", "disagree_opener", "no_opener", "agree_phrase", "disagree_phrase",
    "agree_then_contrast", "partial_phrase", "concession_strong", "concession_weak",
    "start_demonstrative_neg", "start_demonstrative_pos", "start_you_neg", "start_you",
    "neg_shared_predicate", "polarity_flip", "neg_density", "contrast_marker", "actually",
    "question_first", "question_share", "wh_question_first", "parent_question", "parent_question_share",
    "second_person", "first_person", "insult", "profanity", "hedge", "positive", "negative",
    "laughter", "exclamation", "overlap_reply", "overlap_parent", "shared_content",
    "reply_len", "parent_len", "reply_short", "sentences", "quote_marker", "url", "digits",
    "sarcasm_sure", "parent_insult", "parent_second_person",
    "neg_shared_clause", "correction", "continuation_opener", "third_person", "first_plural",
    "parent_negative", "parent_positive", "both_negative", "both_positive", "you_negative",
    "doubt_cue", "info_question",
)
OPENER_WORDS: tuple[str, ...] = (
    "i", "the", "it", "you", "that", "they", "if", "he", "she", "no", "this", "yeah", "yes", "what", "and",
    "we", "well", "there", "but", "not", "because", "do", "why", "so", "how", "in", "exactly", "a", "oh",
    "just", "agreed", "my", "or", "as", "yep", "is", "even", "your", "unfortunately", "lol", "sure",
    "actually", "true", "right",
)
"""Frequent, topic-free first words of a reply; each gets its own weight (``first_word=no``...)."""
FEATURES = FEATURES + tuple(f"first_word={w}" for w in OPENER_WORDS)
"""The named features, in the order the fitted weights use."""


# --- a view on (part of) a parsed comment ----------------------------------------------------------


class _Tok:
    """A plain-Python copy of the spaCy token attributes stance reads (same names as spaCy's), made
    once per comment: spaCy builds a new Token object, and decodes its strings, on every access."""

    __slots__ = ("i", "text", "lower_", "lemma_", "pos_", "dep_", "idx", "is_alpha", "is_stop", "is_space",
                 "is_sent_start", "head", "children", "doc_text", "norm", "lemma_low")

    def __len__(self) -> int:
        return len(self.text)

    @property
    def subtree(self) -> list["_Tok"]:
        """The token and its descendants (order not guaranteed)."""
        out, stack = [], [self]
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(t.children)
        return out


_NO_CHILDREN: list = []  # shared by every leaf token; never appended to


class StringTable:
    """spaCy string hash -> the string, its lower-cased plain-apostrophe form (``_Tok.norm``) and its
    lower-cased form (``_Tok.lemma_low``), learnt as Docs are read. spaCy's string hashes do not
    depend on the vocab, so one table serves every Doc a caller reads: ``detect_stance`` keeps one
    per map, ``classify_pairs`` one per batch, and it goes away with them."""

    __slots__ = ("names", "norms", "lowers")

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.norms: dict[int, str] = {}
        self.lowers: dict[int, str] = {}

    def learn(self, keys: set[int], strings) -> None:
        """Add the hashes of ``keys`` not seen yet, decoded by ``strings`` (a spaCy ``StringStore``)."""
        names = self.names
        for key in keys.difference(names):
            names[key] = value = strings[key]
            self.norms[key] = _normalise_apostrophes(value)
            self.lowers[key] = value.lower()


class _DocData:
    """Every token of one parsed comment as a ``_Tok``, extracted in one pass (``Doc.to_array``).
    ``strings``: the caller's ``StringTable`` (a fresh one when not given)."""

    __slots__ = ("text", "tokens")

    def __init__(self, doc, strings: StringTable | None = None) -> None:
        from spacy.attrs import (DEP, HEAD, IDX, IS_ALPHA, IS_SPACE, IS_STOP, LEMMA, LOWER, ORTH, POS,
                                 SENT_START, SPACY)

        tokens: list[_Tok] = []
        self.tokens = tokens
        if not len(doc):
            self.text = doc.text
            return
        # unsigned 64-bit: HEAD offsets and SENT_START -1 wrap around 2**64
        array = doc.to_array([ORTH, LOWER, LEMMA, POS, DEP, HEAD, IDX, IS_STOP, IS_ALPHA, IS_SPACE, SENT_START, SPACY])
        strings = strings if strings is not None else StringTable()
        strings.learn(set(array[:, :5].ravel().tolist()), doc.vocab.strings)
        names, norms, lowers = strings.names, strings.norms, strings.lowers
        pieces: list[str] = []
        for i, (orth, lower, lemma, pos, dep, head, idx, stop, alpha, space, sent_start, ws) in \
                enumerate(array.tolist()):
            t = _Tok()
            text = names[orth]
            t.i, t.text, t.lower_, t.lemma_ = i, text, names[lower], names[lemma]
            t.pos_, t.dep_, t.idx = names[pos], names[dep], idx
            t.is_stop, t.is_alpha, t.is_space = stop == 1, alpha == 1, space == 1
            t.is_sent_start = i == 0 or sent_start == 1
            t.head = head - (1 << 64) if head >= 1 << 63 else head  # relative offset for now
            t.children = _NO_CHILDREN
            t.doc_text = None
            t.norm = norms[lower]
            t.lemma_low = lowers[lemma]
            tokens.append(t)
            pieces.append(text)
            if ws:
                pieces.append(" ")
        for t in tokens:
            offset = t.head
            t.head = head = tokens[t.i + offset]
            if offset:
                if head.children is _NO_CHILDREN:
                    head.children = []
                head.children.append(t)
        self.text = text = "".join(pieces)  # == doc.text, which would build a Token object per token
        for t in tokens:
            t.doc_text = text

    def release(self) -> None:
        """Break the head <-> children reference cycles, so the tokens are freed at once (without
        waiting for, and feeding, the cyclic garbage collector)."""
        for t in self.tokens:
            t.head = t.children = None
        self.tokens = []



def _doc_data(doc, strings: StringTable | None = None) -> _DocData:
    return doc if isinstance(doc, _DocData) else _DocData(doc, strings)


@dataclass
class _View:
    """Tokens of one comment's Doc inside ``[start, end)``, minus quoted passages. Offsets of every
    token stay offsets into the comment text (``token.idx``)."""

    sents: list[list]  # list of sentences, each a list of tokens (``_Tok``)
    text: str
    start: int
    comment_id: str | None = None
    claim_id: str | None = None

    # Everything below depends on the view alone: computed once, however many replies read it.
    @functools.cached_property
    def tokens(self) -> list:
        return [t for s in self.sents for t in s]

    @functools.cached_property
    def words(self) -> list[str]:
        """Lower-cased token texts with typographic apostrophes made plain."""
        return [t.norm for t in self.tokens]

    @functools.cached_property
    def lemmas(self) -> list[str]:
        return [t.lemma_low for t in self.tokens]

    @functools.cached_property
    def n_alpha(self) -> int:
        return sum(1 for t in self.tokens if t.is_alpha)

    @functools.cached_property
    def norm_text(self) -> str:
        return _normalise_apostrophes(self.text)

    @functools.cached_property
    def sent_texts(self) -> list[str]:
        """Each sentence's tokens joined by single spaces, lower-cased, plain apostrophes."""
        return [_normalise_apostrophes(" ".join(t.text for t in sent)) for sent in self.sents]

    @functools.cached_property
    def sent_words(self) -> list[list[str]]:
        """Each sentence's words for the phrase lexicons, contractions re-attached ("don't")."""
        return [_WORD.findall(text.replace(" n't", "n't").replace(" 're", "'re").replace(" 's", "'s")
                              .replace(" 've", "'ve").replace(" 'll", "'ll").replace(" 'm", "'m")
                              .replace(" 'd", "'d"))
                for text in self.sent_texts]

    @functools.cached_property
    def phrase_sents(self) -> dict[str, list[int]]:
        return _phrase_sentences(self.sent_words)

    @functools.cached_property
    def questions(self) -> list[bool]:
        return [_is_question(sent) for sent in self.sents]

    @functools.cached_property
    def polar(self) -> dict[str, bool]:
        return _polar_predicates(self.tokens)

    @functools.cached_property
    def content(self) -> set[str]:
        return _content_lemmas(self.tokens)


def _view(doc, start: int = 0, end: int | None = None, skip: Sequence[tuple[int, int]] = (),
          comment_id: str | None = None, claim_id: str | None = None) -> _View:
    """``doc``: a spaCy Doc, or its ``_DocData`` (extract it once when a comment is viewed often)."""
    data = _doc_data(doc)
    doc_text = data.text
    end = len(doc_text) if end is None else end
    sents: list[list] = []
    current: list = []
    for t in data.tokens:
        if t.is_sent_start and current:
            sents.append(current)
            current = []
        idx = t.idx
        if start <= idx < end and not t.is_space and not (skip and any(a <= idx < b for a, b in skip)):
            current.append(t)
    if current:
        sents.append(current)
    first = sents[0][0].idx if sents else start
    last = sents[-1][-1].idx + len(sents[-1][-1].text) if sents else start
    return _View(sents=sents, text=doc_text[first:last], start=first, comment_id=comment_id,
                 claim_id=claim_id)


@functools.lru_cache(maxsize=32)
def _phrase_rank(phrases: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """phrase -> (length, -position): the longest phrase wins, the earlier-listed one on a tie."""
    rank: dict[str, tuple[int, int]] = {}
    for pos, p in enumerate(phrases):
        rank.setdefault(p, (len(p), -pos))
    return rank


OPENER_REACH_WORDS = 8
"""An opener phrase is looked for in this many words at the start of a reply."""
SHORT_WORD_CHARS = 2
"""Words of this many characters or fewer are never content words (overlap, negation scope)."""


def _starts_with(words: list[str], phrases: tuple[str, ...]) -> str | None:
    """The longest phrase (of ``phrases``) the word list starts with, ignoring leading punctuation."""
    while words and not any(ch.isalnum() for ch in words[0]) and words[0] not in UNSKIPPED_LEADING_SYMBOLS:
        words = words[1:]
    joined = " ".join(words[:OPENER_REACH_WORDS])
    joined_compact = joined.replace(" n't", "n't").replace(" 're", "'re").replace(" 's", "'s")
    rank = _phrase_rank(phrases)
    best = None
    for candidate in (joined, joined_compact):
        # a phrase matches when it is the candidate or a prefix of it that ends at a space
        cut = len(candidate)
        while cut > 0:
            prefix = candidate[:cut]
            if prefix in rank and (best is None or rank[prefix] > rank[best]):
                best = prefix
            cut = candidate.rfind(" ", 0, cut)
    return best


_WORD = re.compile(r"\w+(?:'\w+)*|[^\w\s]")


_PHRASE_LEXICONS = (("agree_phrase", AGREE_PHRASES, "cue"), ("disagree_phrase", DISAGREE_PHRASES, "cue"),
                    ("partial_phrase", PARTIAL_PHRASES, "cue"),
                    ("concession_strong", CONCESSION_STRONG, "concession"),
                    ("concession_weak", CONCESSION_WEAK, "concession"))


@functools.lru_cache(maxsize=1)
def _combined_phrase_index() -> tuple[dict[tuple, tuple[str, ...]], frozenset, int]:
    """Every phrase lexicon in one index: word n-gram -> names of the lexicons holding it."""
    index: dict[tuple, list[str]] = {}
    for name, phrases, _ in _PHRASE_LEXICONS:
        for p in phrases:
            names = index.setdefault(tuple(_WORD.findall(p)), [])
            if name not in names:
                names.append(name)
    return {k: tuple(v) for k, v in index.items()}, frozenset(k[0] for k in index), max(map(len, index))


def _phrase_sentences(sent_words: list[list[str]]) -> dict[str, list[int]]:
    """For each phrase lexicon, the indices of the sentences holding one of its phrases (a
    ``concession_weak`` phrase counts only as the sentence's opening)."""
    index, firsts, longest = _combined_phrase_index()
    out: dict[str, list[int]] = {name: [] for name, _, _ in _PHRASE_LEXICONS}
    for i, words in enumerate(sent_words):
        for j, word in enumerate(words):
            if word not in firsts:
                continue
            for n in range(1, min(longest, len(words) - j) + 1):
                names = index.get(tuple(words[j:j + n]))
                if names:
                    for name in names:
                        if name == "concession_weak" and j >= 2:
                            continue
                        hit = out[name]
                        if not hit or hit[-1] != i:
                            hit.append(i)
    return out


def _normalise_apostrophes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def _content_lemmas(tokens) -> set[str]:
    return {t.lemma_low for t in tokens
            if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha and len(t) > SHORT_WORD_CHARS
            and t.lemma_low not in LIGHT_LEMMAS}


def _is_question(sent) -> bool:
    return sent[-1].text.endswith("?") or (len(sent) > 1 and sent[-2].text == "?")


def _is_negated(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _polar_predicates(tokens) -> dict[str, bool]:
    """Content verbs and adjectives (and nouns under a negated copula) with whether negation
    attaches to them: ``{"work": True}`` for "it doesn't work"."""
    out: dict[str, bool] = {}
    for t in tokens:
        if t.pos_ in PREDICATE_POS and t.is_alpha and not t.is_stop and t.lemma_low not in LIGHT_LEMMAS:
            neg = _is_negated(t)
            if not neg and t.dep_ in COPULA_COMPLEMENT_DEPS and t.head.pos_ == "AUX":
                neg = _is_negated(t.head)
            lemma = t.lemma_low
            out[lemma] = out.get(lemma, False) or neg
    return out


# --- the features of a pair ------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureSettings:
    """The thresholds inside the features. The shipped weights were fitted with these defaults: a
    change needs ``benchmarks/fit_stance.py`` (and the model card's combination) re-fitted."""

    this_opener_max_tokens: int = 3
    """A leading "This" agrees only in a first sentence of at most this many tokens ("This." /
    "This right here", not "This law is ...")."""
    short_opener_max_tokens: int = 5
    """Likewise for ``lexicons.SHORT_ONLY_AGREE_OPENERS`` ("Right!", not "Right now we ...")."""
    phrase_saturation: int = 2
    """``agree_phrase`` / ``disagree_phrase`` reach 1.0 at this many sentences holding a phrase."""
    contrast_sentences: int = 3
    """A contrast after agreement is looked for in this many opening sentences."""
    agree_phrase_contrast_within: int = 1
    """After an agreement phrase (not opener), the contrast must come within this sentence index."""
    subject_reach_tokens: int = 2
    """A leading "this/that/it" subject lies at most this many tokens into the first sentence."""
    negation_opening_words: int = 4
    """A negation word among this many opening words negates the first sentence."""
    negated_predicate_saturation: int = 2
    """``neg_shared_predicate`` / ``polarity_flip`` reach 1.0 at this many predicates."""
    density_scale: int = 10
    """Rates per word (negation, pronouns, hedges, sentiment) are multiplied by this, capped at 1.0."""
    shared_content_saturation: int = 5
    """``shared_content`` reaches 1.0 at this many content lemmas shared with the target."""
    length_scale_words: int = 300
    """``reply_len`` / ``parent_len``: log(1 + words) / log(this), capped at 1.0."""
    short_reply_words: int = 6
    """``reply_short``: replies of at most this many words."""
    sentence_saturation: int = 8
    """``sentences`` reaches 1.0 at this many sentences."""
    sarcasm_reach_chars: int = 40
    """"Sure, ... because" is sarcastic when the punchline comes within this many characters."""
    correction_sentences: int = 4
    """A correction ("X isn't Y. It's Z") is looked for in this many opening sentences."""
    correction_reach_chars: int = 60
    """"not X but Y": at most this many characters between the negation and the "but"."""
    info_question_max_tokens: int = 15
    """An opening question this short, without "you" or a negation, asks for information."""


DEFAULT_FEATURES = FeatureSettings()


@dataclass
class PairAnalysis:
    """Feature values and the evidence behind them for one (target, response) pair."""

    features: dict[str, float]
    evidence: dict[str, "Evidence"] = field(default_factory=dict)


def _ev(kind: str, view: _View, tokens, score: float | None = None, text: str | None = None) -> Evidence:
    tokens = list(tokens)
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    if text is None:
        # Tokens of a view lie inside view.text; Doc.text would re-join every token of the doc.
        inside = view.start <= start and end <= view.start + len(view.text)
        text = view.text[start - view.start:end - view.start] if inside else tokens[0].doc_text[start:end]
    return Evidence(kind=kind, text=text, comment_id=view.comment_id,
                    claim_id=view.claim_id, start=start, end=end, score=score)


@dataclass
class _Pair:
    """One pair being read: both views, the feature values and evidence so far, and what every
    feature group reads of the response's opening."""

    target: _View
    response: _View
    settings: FeatureSettings
    f: dict[str, float]
    ev: dict[str, Evidence]

    @functools.cached_property
    def first(self) -> list:
        """The response's first sentence."""
        return self.response.sents[0]

    @functools.cached_property
    def first_words(self) -> list[str]:
        return self.response.words[:len(self.first)]

    @functools.cached_property
    def n_words(self) -> int:
        return self.response.n_alpha or 1

    def rate(self, hits: int, n_words: int) -> float:
        return min(1.0, self.settings.density_scale * hits / n_words)


def _opening(p: _Pair) -> None:
    """The first sentence, and the first clause of it: agreement and disagreement openers."""
    f, ev, response, first, s = p.f, p.ev, p.response, p.first, p.settings
    # the evidence is the first sentence with a word in it: not a quote marker ">" left of a quote
    ev["opening"] = _ev("model", response, next((sent for sent in response.sents
                                                 if any(t.text[:1].isalnum() for t in sent)), first))
    opener = _starts_with(p.first_words, AGREE_OPENERS)
    # "This." / "Right!" agree; "This law is ..." / "Right now ..." / "Sure, because ..." need not
    if opener is not None and not (opener == "this" and len(first) > s.this_opener_max_tokens
                                   or opener in SHORT_ONLY_AGREE_OPENERS and len(first) > s.short_opener_max_tokens):
        f["agree_opener"] = 1.0
        ev["agree_opener"] = _ev("cue", response, first)
    dis = _starts_with(p.first_words, DISAGREE_OPENERS)
    if dis is not None and f["agree_opener"] == 0.0:
        f["disagree_opener"] = 0.5 if dis in WEAK_DISAGREE_OPENERS else 1.0
        ev["disagree_opener"] = _ev("cue", response, first)
        if dis in NO_OPENERS:
            f["no_opener"] = 1.0


def _phrases(p: _Pair) -> None:
    """The phrase lexicons, per sentence."""
    response = p.response
    phrase_sents = response.phrase_sents
    for name, _, kind in _PHRASE_LEXICONS:
        hits = [response.sents[i] for i in phrase_sents[name]]
        if hits:
            p.f[name] = min(1.0, len(hits) / p.settings.phrase_saturation) \
                if name in {"agree_phrase", "disagree_phrase"} else 1.0
            p.ev[name] = _ev(kind, response, hits[0])


def _contrast(p: _Pair) -> None:
    """Contrast after agreement: "Yes, but ...", "I agree. However, ..."."""
    f, response = p.f, p.response
    contrast_sent = None
    for i, sent in enumerate(response.sents[:p.settings.contrast_sentences]):
        words = {t.norm for t in sent}
        text = response.sent_texts[i]
        # "While it is true that X, Y" (a clause with its own subject; not "While reading this, ...")
        concessive_while = (bool(sent) and sent[0].norm in CONCESSIVE_MARKS and sent[0].dep_ == "mark"
                            and any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in sent[0].head.children))
        if words & CONTRAST_WORDS or concessive_while or any(m in text for m in CONTRAST_PHRASES):
            contrast_sent = sent
            break
    if contrast_sent is not None:
        f["contrast_marker"] = 1.0
        if f["agree_opener"] or f["concession_weak"] or (
                f["agree_phrase"] and response.sents.index(contrast_sent) <= p.settings.agree_phrase_contrast_within):
            f["agree_then_contrast"] = 1.0
            p.ev["agree_then_contrast"] = _ev("contrast", response, contrast_sent)


def _leading_subject(p: _Pair) -> None:
    """What a leading "this/that/it" (= the parent's point) or "you" (= the parent's author) is said to be."""
    f, ev, response, first = p.f, p.ev, p.response, p.first
    root = next((t for t in first if t.dep_ == "ROOT"), None)
    subj = None
    if root is not None:
        subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    first_neg = root is not None and (
        _is_negated(root) or any(t.dep_ == "neg" and t.head == root for t in first)
        or any(w in NEGATION_WORDS for w in p.first_words[:p.settings.negation_opening_words]))
    if subj is not None and subj.lower_ in DEMONSTRATIVES and subj.i - first[0].i <= p.settings.subject_reach_tokens:
        if first_neg or (root.lemma_ == "be" and any(c.lower_ in DISMISSIVE_PREDICATES for c in root.subtree)):
            f["start_demonstrative_neg"] = 1.0
            ev["start_demonstrative_neg"] = _ev("negation-overlap", response, first)
        elif any(c.lower_ in APPROVING_PREDICATES for c in root.subtree):
            f["start_demonstrative_pos"] = 1.0
            ev["start_demonstrative_pos"] = _ev("cue", response, first)
    if subj is not None and subj.lower_ in YOU_SUBJECTS:
        f["start_you"] = 1.0
        if first_neg:
            f["start_you_neg"] = 1.0
            ev["start_you_neg"] = _ev("cue", response, first)


def _negated_content(p: _Pair) -> None:
    """Negation of shared content: the reply negates a predicate the parent asserted, or asserts
    one the parent negated; and how much it negates at all."""
    f, response, saturation = p.f, p.response, p.settings.negated_predicate_saturation
    p_polar = p.target.polar
    r_polar = response.polar
    negated_shared = [lemma for lemma, neg in r_polar.items() if neg and lemma in p_polar and not p_polar[lemma]]
    flipped = [lemma for lemma, neg in r_polar.items() if not neg and p_polar.get(lemma) is True]
    if negated_shared:
        f["neg_shared_predicate"] = min(1.0, len(negated_shared) / saturation)
        tok = next(t for t in response.tokens if t.lemma_low == negated_shared[0])
        sent = next(s for s in response.sents if tok in s)
        p.ev["neg_shared_predicate"] = _ev("negation-overlap", response, sent, text=None)
    if flipped:
        f["polarity_flip"] = min(1.0, len(flipped) / saturation)
    n_neg = sum(1 for t in response.tokens if t.dep_ == "neg" or t.lower_ in NEGATION_WORDS)
    f["neg_density"] = p.rate(n_neg, p.n_words)
    f["actually"] = 1.0 if ACTUALLY.search(response.norm_text) else 0.0


def _questions(p: _Pair) -> None:
    """Questions in the response, and in the target."""
    f, response, target, first_words = p.f, p.response, p.target, p.first_words
    r_questions = response.questions
    if r_questions[0]:
        f["question_first"] = 1.0
        p.ev["question_first"] = _ev("question", response, p.first)
        if first_words and (first_words[0] in WH_WORDS or first_words[0] in AUX_QUESTION_START):
            f["wh_question_first"] = 1.0
    f["question_share"] = sum(r_questions) / len(response.sents)
    if target.sents:
        p_questions = target.questions
        f["parent_question"] = 1.0 if p_questions[-1] or p_questions[0] else 0.0
        f["parent_question_share"] = sum(p_questions) / len(target.sents)


def _tone(p: _Pair) -> None:
    """Who is addressed, insults, profanity, hedges, sentiment, laughter."""
    f, response, n_words = p.f, p.response, p.n_words
    words = response.words
    f["second_person"] = p.rate(sum(map(SECOND_PERSON.__contains__, words)), n_words)
    f["first_person"] = p.rate(sum(map(FIRST_PERSON.__contains__, words)), n_words)
    insults = [t for t in response.tokens if t.lower_ in INSULTS]
    if insults:
        f["insult"] = 1.0
        p.ev["insult"] = _ev("cue", response, [insults[0]])
    f["profanity"] = 1.0 if any(w in PROFANITY for w in words) else 0.0
    f["hedge"] = p.rate(sum(map(HEDGES.__contains__, words)), n_words)
    lemmas = response.lemmas
    f["positive"] = p.rate(sum(map(POSITIVE.__contains__, lemmas)), n_words)
    f["negative"] = p.rate(sum(map(NEGATIVE.__contains__, lemmas)), n_words)
    f["laughter"] = 1.0 if LAUGHTER.search(response.text) else 0.0
    f["exclamation"] = 1.0 if "!" in response.text else 0.0


def _overlap_and_shape(p: _Pair) -> None:
    """Content shared with the target; lengths; quotes, links and numbers."""
    f, response, target, s = p.f, p.response, p.target, p.settings
    r_content = response.content
    p_content = target.content
    shared = r_content & p_content
    f["overlap_reply"] = len(shared) / len(r_content) if r_content else 0.0
    f["overlap_parent"] = len(shared) / len(p_content) if p_content else 0.0
    f["shared_content"] = min(1.0, len(shared) / s.shared_content_saturation)
    f["reply_len"] = min(1.0, math.log1p(p.n_words) / math.log(s.length_scale_words))
    f["parent_len"] = min(1.0, math.log1p(target.n_alpha) / math.log(s.length_scale_words))
    f["reply_short"] = 1.0 if p.n_words <= s.short_reply_words else 0.0
    f["sentences"] = min(1.0, len(response.sents) / s.sentence_saturation)
    f["quote_marker"] = 1.0 if response.text.lstrip().startswith(QUOTE_OPENERS) else 0.0
    f["url"] = 1.0 if URL.search(response.text) else 0.0
    f["digits"] = 1.0 if DIGIT.search(response.text) else 0.0


@functools.lru_cache(maxsize=8)
def _sarcastic_punchline(reach: int) -> re.Pattern:
    return re.compile(rf"\W*(sure|yeah,? sure|oh yeah|oh sure)\b.{{0,{reach}}}(because|that's why|lol|/s)")


def _sarcasm(p: _Pair) -> None:
    """"Sure, ..." / "Yeah right" that does not agree."""
    f, r_text = p.f, p.response.norm_text
    f["sarcasm_sure"] = 1.0 if SARCASTIC_OPENING.match(r_text) and f["agree_opener"] == 0.0 else 0.0
    if not f["sarcasm_sure"] and _sarcastic_punchline(p.settings.sarcasm_reach_chars).match(r_text):
        f["sarcasm_sure"] = 1.0


@functools.lru_cache(maxsize=8)
def _correction_patterns(reach: int) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """"not X but Y"; the next sentence restating ("It's Z"); ", it's Z" in the same sentence."""
    return (re.compile(rf"\bnot\b.{{1,{reach}}}\bbut\b|n't .{{1,{reach}}}\bbut\b"),
            re.compile(rf"({PRONOUN_SUBJECTS}) ('s|is|are|was|were) "),
            re.compile(r", (it|that|this|they) ('s|is|are) "))


def _negation_scope(p: _Pair) -> None:
    """Negation whose scope (the negated head's subtree) holds content the parent talked about, and
    corrections: "X isn't Y. It's Z" / "not X but Y" / "X isn't Y, X is Z"."""
    f, ev, response = p.f, p.ev, p.response
    p_content = p.target.content
    for t in response.tokens:
        if t.dep_ == "neg":
            scope = {x.lemma_low for x in t.head.subtree if x.is_alpha}
            if scope & p_content:
                f["neg_shared_clause"] = 1.0
                sent = next(s for s in response.sents if t in s)
                ev.setdefault("neg_shared_predicate", _ev("negation-overlap", response, sent))
                break
    not_but, restated, comma_restated = _correction_patterns(p.settings.correction_reach_chars)
    for i, sent in enumerate(response.sents[:p.settings.correction_sentences]):
        if any(t.dep_ == "neg" for t in sent):
            s_text = response.sent_texts[i]
            nxt = response.sent_texts[i + 1] if i + 1 < len(response.sents) else ""
            if not_but.search(s_text) or restated.match(nxt) or comma_restated.search(s_text):
                f["correction"] = 1.0
                ev.setdefault("correction", _ev("negation-overlap", response, sent))
                break


def _context(p: _Pair) -> None:
    """Continuations, other persons, the target's tone against the response's, "you" with a
    negative word, doubt, information questions, the first word, and the target's address."""
    f, response, target, first, first_words = p.f, p.response, p.target, p.first, p.first_words
    words = response.words
    if f["agree_opener"] == 0.0 and _starts_with(first_words, CONTINUATION_OPENERS):
        f["continuation_opener"] = 1.0
    f["third_person"] = p.rate(sum(map(THIRD_PERSON.__contains__, words)), p.n_words)
    f["first_plural"] = p.rate(sum(map(FIRST_PLURAL.__contains__, words)), p.n_words)
    p_lemmas = target.lemmas
    p_n = target.n_alpha or 1
    f["parent_negative"] = p.rate(sum(map(NEGATIVE.__contains__, p_lemmas)), p_n)
    f["parent_positive"] = p.rate(sum(map(POSITIVE.__contains__, p_lemmas)), p_n)
    f["both_negative"] = min(f["negative"], f["parent_negative"])
    f["both_positive"] = min(f["positive"], f["parent_positive"])
    for sent in response.sents:
        low = {t.norm for t in sent}
        if low & SECOND_PERSON and ({t.lemma_low for t in sent} & NEGATIVE_OR_INSULT):
            f["you_negative"] = 1.0
            p.ev.setdefault("you_negative", _ev("cue", response, sent))
            break
    if DOUBT.search(response.norm_text) or \
            (first_words and first_words[-1] in TRAILING_DOUBT) or \
            (len(first_words) > 1 and first_words[-2] in TRAILING_DOUBT):
        f["doubt_cue"] = 1.0
    if f["question_first"] and not any(w in SECOND_PERSON for w in first_words) and not any(
            t.dep_ == "neg" for t in first) and len(first) <= p.settings.info_question_max_tokens:
        f["info_question"] = 1.0
    first_alpha = next((t.lower_ for t in first if t.is_alpha), None)
    if first_alpha in OPENER_WORDS:
        f[f"first_word={first_alpha}"] = 1.0
    p_words = target.words
    f["parent_insult"] = 1.0 if any(w in INSULTS for w in p_words) else 0.0
    f["parent_second_person"] = p.rate(sum(map(SECOND_PERSON.__contains__, p_words)), p_n)


FEATURE_GROUPS = (_opening, _phrases, _contrast, _leading_subject, _negated_content, _questions, _tone,
                  _overlap_and_shape, _sarcasm, _negation_scope, _context)
"""The feature groups in reading order: later groups read features set by earlier ones (the
contrast reads the openers and phrases, sarcasm and continuation the agreement opener, ...)."""


def analyse_pair(target: _View, response: _View, settings: FeatureSettings = DEFAULT_FEATURES) -> PairAnalysis:
    """Read every feature of a response against its target. Both are views on parsed comments."""
    f = {name: 0.0 for name in FEATURES}
    ev: dict[str, Evidence] = {}
    if not response.tokens:
        return PairAnalysis(f, ev)
    pair = _Pair(target, response, settings, f, ev)
    for group in FEATURE_GROUPS:
        group(pair)
    return PairAnalysis(f, ev)


def model_text(view: _View) -> str:
    """The words of a view as the neural model reads them: its sentences, quoted passages left out."""
    if not view.sents:
        return ""
    text = view.sents[0][0].doc_text
    return " ".join(text[sent[0].idx:sent[-1].idx + len(sent[-1].text)] for sent in view.sents)
