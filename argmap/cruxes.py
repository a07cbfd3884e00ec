"""Stage 3, cruxes: the contrasted concepts a disagreement turns on ("energy vs capacity").

How a crux is found, in five steps (``find_cruxes``):

1. **Contrast statements.** spaCy's ``Matcher`` finds the cue of an explicit contrast in every
   comment ("X vs Y", "X versus Y", "X rather than Y", "X instead of Y", "X as opposed to Y",
   "X, not Y", "X but not Y", "not X but Y", "conflating X and/with Y", "two distinct problems: X and Y",
   "the distinction/difference between X and Y", "distinguish X from Y", "X is different from Y",
   "X and Y are different things", "whether X or Y", and a short question "X or Y?" when it is the
   point — "So, X or Y?", "Should we fund X or Y?", not "Anyone got X or Y?"). The two poles are read off the parse around the
   cue: noun phrases (adjectives, compounds, hyphenated words, an ``of`` complement), or a single verb
   for the patterns that contrast actions ("regulate rather than ban").
2. **Concepts.** Each pole is normalised: lemmas, lower case, without determiners, possessives,
   numbers and a short list of adjectival fluff ("whole", "real", "distinct", ...), keeping at most
   the last ``max_pole_tokens`` words, and dropping a generic trailing head ("elicitation methods" →
   "elicitation", "safety research" → "safety") or lead ("a question of supply" → "supply"); the
   label shows the same words as written ("data", where the concept has the lemma "datum"). Concepts from different statements merge when they are
   equal or near-equal spellings (rapidfuzz ``ratio`` ≥ ``fuzzy_cutoff``, which absorbs typos).
   Statements with the same pair of concepts make one crux; a pair whose poles merge is dropped.
3. **Sides.** Every claim in the exchange around the contrast (comments within ``exchange_hops``
   replies or stance edges of a statement of it) that mentions a pole concept (its lemmas in order, each
   word matched exactly or fuzzily for words of 6+ letters; text inside quotes of someone else does not
   count) *speaks to* that pole; a claim mentioning both poles speaks to neither. A claim *supports*
   the pole it speaks to, or the other pole when every mention is the subject of a denial ("I don't
   think price is what matters", "no audit will catch it"; only subjects: "we are not solving X" still
   argues for caring about X). Authors lean to a pole by, in order of weight:
   * stating a one-sided contrast ("X rather than Y", "not Y but X": the writer favours X) — 2;
   * writing a claim that supports one pole — 1 per claim;
   * agreeing with (or conceding to) a claim supporting pole A — leans A; disagreeing with it — leans B;
     partly agreeing — half to B (weight = the relation's confidence);
   * having their claim on pole A disagreed with by someone — that someone already leans B, and the
     target is confirmed on A (half weight to A).
   An author stands on the pole with the larger lean; on both when the leans tie.
4. **Score** — the disagreement around the contrast: ``d`` = sum of confidences of disagree
   relations (half for partial) *about the contrast* — those touching a comment that states it, and
   those between a comment on one pole and a comment on the other (two comments that merely share a
   pole's word, perhaps the thread's topic, do not count) — plus
   ``framing_weight`` when the statement itself names a disagreement ("you are *conflating*", "our
   points of *disagreement*"). Agreement about it dilutes ``d`` (multiplied by ``0.5 + 0.5·d/(d+a)``),
   ``spread`` is 1.0 when both poles have authors, 0.6 when one has, 0.4 when none, and the author
   factor is ``1 + 0.2·min(authors-1, 5)``. ``score = raw / (1 + raw)`` with
   ``raw = d' · spread · author factor``, in [0, 1). Only cruxes with ``score >= min_score`` are
   returned: in a thread where everybody agrees ``d = 0``, so only a statement that itself names a
   disagreement scores at all (``1.0 · 0.5 · 0.4`` → 0.17 when the replies agree) and none is reported.
5. **Disputed or not** (``_disputed``). Unless the statement names the disagreement, a contrast is a
   crux only when someone stands on a pole and the sides disagree: an author on one pole disagrees
   with one on the other, or the disagreements about it come from ``min_contrast_disputes`` authors.
   In a large thread, a pole that more than ``pervasive_share`` of the comments mention (the topic
   word) separates nobody, and the contrast is dropped.

Nothing here knows any topic: the cues are English contrast constructions and the concept lists are
generic words.

>>> from argmap.models import ArgumentMap, Comment, Relation, Thread
>>> from argmap.nlp import load_nlp
>>> nlp = load_nlp()
>>> texts = {"t/1": "Nuclear is the only firm option.",
...          "t/2": "No. The real choice is between nuclear and solar, and solar is cheaper."}
>>> amap = ArgumentMap(thread=Thread(thread_id="t", source_format="jsonl"),
...     comments=[Comment(comment_id="t/1", thread_id="t", author="al", text=texts["t/1"]),
...               Comment(comment_id="t/2", thread_id="t", parent_id="t/1", author="bo", text=texts["t/2"])],
...     relations=[Relation(relation_id="r", thread_id="t", kind="disagree", source_comment_id="t/2",
...                target_comment_id="t/1", source_author="bo", target_author="al", confidence=0.9)])
>>> [c.label for c in find_cruxes(amap, {k: nlp(v) for k, v in texts.items()})]
['nuclear vs solar']
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.models import ArgumentMap, Crux, CruxPole, Evidence

if TYPE_CHECKING:
    from argmap.crux_claims import CruxClaimSettings


@dataclass(frozen=True)
class CruxSettings:
    min_score: float = 0.25
    """Cruxes scored below this are not reported."""
    fuzzy_cutoff: float = 88.0
    """rapidfuzz ``ratio`` at or above which two spellings of a word (6+ letters) are the same word."""
    max_pole_tokens: int = 4
    """A pole concept keeps at most this many words (the last ones: modifiers nearest the head)."""
    framing_weight: float = 1.0
    """Added to the disagreement when the contrast statement itself names a disagreement ("you are
    conflating X and Y", "our disagreement is about X vs Y"): as much as one sure disagree relation,
    since the writer says in words that a disagreement turns on the contrast."""
    preference_weight: float = 2.0
    """Lean given to the favoured pole of a one-sided contrast ("X rather than Y")."""
    max_evidence: int = 12
    short_statement_claims: int = 3
    """A comment of at most this many claims that states a contrast is mostly that contrast: a reply
    disagreeing with it disagrees about the contrast even without naming a pole."""
    implicit: bool = True
    """Also find crux claims from the disagreement structure (``argmap.crux_claims``)."""
    claims: CruxClaimSettings | None = None
    """Settings of the implicit finder (its defaults when None)."""
    min_contrast_disputes: int = 2
    """An explicit contrast with no disagreement across its poles needs disagreements about it from at
    least this many authors (or a statement that names the disagreement) to be a crux; 0 reports
    every contrast, disputed or not (down to ``min_score``)."""
    pervasive_share: float = 0.5
    pervasive_min_comments: int = 40
    """In a thread of at least ``pervasive_min_comments`` comments, a contrast with a pole that more
    than ``pervasive_share`` of its comments speak to is made of the thread's common words."""
    exchange_hops: int = 2
    """A comment puts its author on a pole by naming it only within this many replies (or stance
    edges) of a statement of the contrast: the statement, what it answers and what answers it, one
    more step each way. Elsewhere in a long thread the same word is another conversation."""
    repeat_cutoff: float = 0.6
    """A crux claim whose disagreement is this much explained by cruxes ranked above it is dropped."""


# --- vocabulary (generic English, not topic words) -----------------------------------------------

FLUFF = frozenset("""whole entire real actual very mere general overall basic simple pure two both
distinct different separate so-called same certain particular specific main such other various
true genuine more less fewer most least much many some any enough""".split())
"""Adjectives dropped from the front of a pole: they qualify the contrast, not the concept."""

GENERIC_HEADS = frozenset("""method approach technique problem issue question thing stuff idea concept
work research agenda strategy part aspect side case kind type sort area field topic matter notion
thing one way""".split())
"""Trailing head nouns dropped when other words remain ("elicitation methods" -> "elicitation")."""

IDIOM_PAIRS = frozenset(frozenset(p.split("/")) for p in """good/bad right/wrong better/worse best/worst
yes/no more/less sooner/later true/false""".split())
"""Fixed binomials ("whether it's good or bad", "right or wrong") that evaluate, not contrast concepts."""

EMPTY_POLES = frozenset("""thing stuff one way lot something anything everything nothing this that it
them they these those what which who case kind type sort point fact bit much many more less other""".split())
"""A pole that is only one of these is no concept."""

LIGHT_VERBS = frozenset("be have do get make go take give say".split())
"""A verb pole that is one of these carries no concept ("centralised rather than having to pay")."""

ADJ_POLE_PATTERNS = frozenset({"x-vs-y", "between-x-and-y", "conflating-x-and-y", "distinct-things-x-and-y",
                               "whether-x-or-y", "x-or-y-question", "distinguish-x-from-y"})
"""Patterns where a pole may be a bare adjective ("nuclear vs solar"); elsewhere adjectives are
usually contrasted predicates ("not good, but sensational") rather than concepts."""

FRAMING_LEMMAS = frozenset("""disagree disagreement conflate conflation confuse confusion
misunderstand misunderstanding misread equivocate equivocation""".split())
"""Words that make a contrast statement itself a statement of disagreement."""

BETWEEN_TRIGGERS = ["distinction", "difference", "distinguish", "tension", "tradeoff", "trade-off",
                    "dichotomy", "contrast", "choice", "choose", "conflict", "confusion", "conflation"]
CONFLATE_TRIGGERS = ["conflate", "confuse", "equate", "conflation", "confusion", "mix"]
FROM_TRIGGERS = ["distinguish", "separate", "differentiate", "decouple", "disentangle"]
DISTINCT_ADJ = ["distinct", "different", "separate", "orthogonal", "independent", "unrelated"]
COORD = {"and", "with", "from", "or", "vs", "vs.", "versus", "&"}

# Pattern name -> which pole the writer favours (0 = first, 1 = second, None = symmetric).
PREFERENCE = {
    "x-rather-than-y": 0, "x-instead-of-y": 0, "x-as-opposed-to-y": 0, "x-not-y": 0, "x-but-not-y": 0,
    "not-x-but-y": 1,
}

_NOUNISH = {"NOUN", "PROPN"}
_MODIFIER = {"ADJ", "NOUN", "PROPN"}


@dataclass
class Statement:
    """One explicit contrast found in a comment."""

    comment_id: str
    pattern: str
    poles: tuple[tuple[str, ...], tuple[str, ...]]  # normalised concept tokens
    surfaces: tuple[str, str]
    sentence: str
    start: int
    end: int
    framed: bool
    shown: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # the poles' words as written, for labels


# --- pole extraction ---------------------------------------------------------------------------


def _hyphen_glued(doc, i: int) -> bool:
    """Token i is a hyphen (or slash-free joiner) inside a word: 'trade-off', 'long-duration'."""
    t = doc[i]
    return (t.text in {"-", "‐", "–"} and i > 0 and i + 1 < len(doc)
            and not doc[i - 1].whitespace_ and not t.whitespace_)


def _allowed(doc, i: int) -> bool:
    t = doc[i]
    if t.pos_ in _MODIFIER:
        return True
    if _hyphen_glued(doc, i):
        return True
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if t.pos_ == "VERB" and t.tag_ in {"VBG", "VBN"} and nxt is not None and nxt.pos_ in _MODIFIER:
        return True  # "supervised learning", "running costs"
    if t.pos_ == "ADV" and t.dep_ in {"advmod", "amod"} and nxt is not None and nxt.pos_ == "ADJ":
        return True  # "weakly supervised"
    if t.pos_ == "NUM" and i > 0 and doc[i - 1].pos_ in _NOUNISH:
        return True  # "GPT 4"
    return False


def _skippable_lead(t) -> bool:
    return t.pos_ in {"DET", "NUM"} or t.tag_ in {"PRP$", "POS", "WP$"} or t.lower_ in FLUFF


def _phrase_forward(doc, i: int, stop: int) -> tuple[int, int] | None:
    """The noun phrase (or single verb) starting at token i, not reaching ``stop``."""
    while i < stop and _skippable_lead(doc[i]):
        i += 1
    if i >= stop:
        return None
    j = i
    while j < stop and _allowed(doc, j):
        j += 1
    # an "of" complement: "reduction of risk"; a "to" / "for" one the parser attaches to the noun:
    # "a right to a platform", "support for subsidies"
    if j > i and j + 1 < stop and doc[j - 1].pos_ in _NOUNISH and (
            doc[j].lower_ == "of" or (doc[j].lower_ in {"to", "for"} and doc[j].head.i == j - 1)):
        k = j + 1
        while k < stop and _skippable_lead(doc[k]):
            k += 1
        m = k
        while m < stop and _allowed(doc, m):
            m += 1
        if m > k and any(doc[x].pos_ in _NOUNISH for x in range(k, m)):
            j = m
    if j == i:
        if doc[i].pos_ == "VERB":
            return _with_object(doc, i, stop)  # "regulate rather than ban", "whether we regulate or ban"
        return None
    return (i, j)


def _with_object(doc, i: int, stop: int) -> tuple[int, int]:
    """A verb pole with the noun phrase right after it when that is its direct object:
    "opposing homosexuality" is not "opposing"."""
    nxt = _phrase_forward(doc, i + 1, stop) if i + 1 < stop and doc[i + 1].pos_ != "VERB" else None
    if nxt and any(doc[k].head.i == i and doc[k].dep_ in {"dobj", "obj"} for k in range(*nxt)):
        return (i, nxt[1])
    return (i, i + 1)


def _phrase_backward(doc, j: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase (or single verb) ending at token j (inclusive), not going below ``floor``."""
    if j < floor:
        return None
    if not _allowed(doc, j):
        if doc[j].pos_ == "VERB":
            return (j, j + 1)
        return None
    i = j
    while i - 1 >= floor and _allowed(doc, i - 1):
        i -= 1
    # "reduction of risk" read from its end
    if i - 2 >= floor and doc[i - 1].lower_ == "of" and doc[i - 2].pos_ in _NOUNISH:
        k = i - 2
        while k - 1 >= floor and _allowed(doc, k - 1):
            k -= 1
        i = k
    return (i, j + 1)


def _coordination(doc, i: int, stop: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``X and/with/from/or Y`` starting at token i."""
    first = _phrase_forward(doc, i, stop)
    if first is None:
        return None
    k = first[1]
    if k < stop and doc[k].text == ",":
        k += 1
    if k >= stop or doc[k].lower_ not in COORD:
        return None
    second = _phrase_forward(doc, k + 1, stop)
    if second is None:
        return None
    return first, second


QUESTION_LEAD = frozenset("so well then now is it was which one the a question real point : , - — is are".split())
DELIBERATIVE = frozenset("should shall do does must would can".split())


def _deliberative(doc, s0: int, first: int) -> bool:
    """The words before X in a short "X or Y?" question make it the point: nothing but function words
    ("So, X or Y?", "Is it X or Y?", "The real question: X or Y?"), or a deliberation ("Should we fund
    X or Y?")."""
    lead = [doc[k] for k in range(s0, first) if not doc[k].is_space]
    if all(t.lower_ in QUESTION_LEAD or t.pos_ in {"DET", "INTJ", "CCONJ"} for t in lead):
        return True
    if len(lead) >= 2 and lead[0].lower_ in {"are", "were"} and lead[1].lower_ == "we":
        return True  # "Are we optimising for growth or for stability?"
    return (len(lead) >= 2 and lead[0].lower_ in DELIBERATIVE and lead[1].lower_ in {"we", "i", "you", "they"})


def _subject(doc, copula_from: int, s0: int) -> tuple[int, int] | None:
    """The subject of the copula at or after ``copula_from``: its noun phrase (compounds and
    adjectives before the noun), or a gerund alone ("Renting is different from owning")."""
    cop = doc[copula_from]
    head = cop if cop.dep_ == "ROOT" or cop.pos_ != "AUX" else cop.head
    subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"} and c.i < copula_from), None)
    if subj is None or subj.i < s0:
        return _phrase_backward(doc, copula_from - 1, s0)
    if subj.pos_ == "VERB":
        return _with_object(doc, subj.i, copula_from)
    i = subj.i
    while i - 1 >= s0 and doc[i - 1].head.i == subj.i and doc[i - 1].dep_ in {"compound", "amod", "nmod"}:
        i -= 1
    return (i, subj.i + 1) if subj.pos_ in _NOUNISH or subj.pos_ == "ADJ" else None


def _verbal(doc, span: tuple[int, int]) -> bool:
    """The pole is an action: a verb that is not just a modifier ("opposing him", "demanding
    your party", but not "supervised learning")."""
    return any(doc[k].pos_ == "VERB" and doc[k].dep_ not in {"amod", "compound", "nmod"} for k in range(*span))


def _like_with_like(doc, left: tuple[int, int], right: tuple[int, int]) -> bool:
    """A contrast sets a verb against a verb and a noun phrase against a noun phrase ("appeased
    Hitler instead of opposing him" is not "Hitler vs opposing"); a one-word common noun may stand
    against a verb ("regulate rather than ban", "ban" tagged NOUN), a name may not."""
    verbs = [_verbal(doc, x) for x in (left, right)]
    if verbs[0] == verbs[1]:
        return True
    if max(left[1] - left[0], right[1] - right[0]) == 1:
        return all(doc[x[0]].pos_ != "PROPN" and doc[x[0]].text[:1].islower() for x in (left, right))
    return False


def _with_governing_verb(doc, span: tuple[int, int], floor: int) -> tuple[int, int]:
    """A noun pole that is the object of the verb right before it, taken with that verb
    ("appeased Hitler" against "opposing him"), when the other pole is an action."""
    i = span[0]
    if i - 1 >= floor and doc[i - 1].pos_ == "VERB" and any(
            doc[k].dep_ in {"dobj", "obj"} and doc[k].head.i == i - 1 for k in range(*span)):
        return (i - 1, span[1])
    return span


def _headed(doc, span: tuple[int, int], pattern: str) -> bool:
    """A pole is a noun phrase, a single verb, or (for some patterns) a single adjective."""
    if any(doc[k].pos_ in _NOUNISH for k in range(*span)):
        return True
    if span[1] - span[0] == 1:
        pos = doc[span[0]].pos_
        return pos == "VERB" or (pos == "ADJ" and pattern in ADJ_POLE_PATTERNS)
    return False


_FOOTNOTE = re.compile(r"\[\d{1,3}\]?$|\[\d{1,3}\]|\^\d+|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
"""Footnote markers glued to a word: "Democrats[0]", "studies[12]", "growth^3", "risk²"."""


def _clean_word(text: str) -> str:
    """Letters, digits, apostrophes and hyphens only: markup debris (``*``, ``_``, brackets) goes."""
    return re.sub(r"[^\w'-]+|_", "", text)


def _regular_lemma(word: str, lemma: str, pos: str) -> bool:
    """Use the lemma of a noun only when it undoes a regular English plural ("bans" -> "ban",
    "subsidies" -> "subsidy", "wolves" -> "wolf"): a Latin or irregular plural the tagger maps to
    another word keeps its own form ("media" is not "medium", "data" stays "data"). Other parts of
    speech keep their lemma ("regulating" -> "regulate")."""
    if pos not in {"NOUN", "PROPN"} or lemma == word:
        return True
    if word in (lemma + "s", lemma + "es"):
        return True
    if word.endswith("ies") and lemma == word[:-3] + "y":
        return True
    return word.endswith("ves") and lemma in (word[:-3] + "f", word[:-3] + "fe")


def _concept_words(doc, span: tuple[int, int], max_tokens: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A pole's concept (lemmas, for matching and merging) and the same words as written (lower
    case, acronyms kept), for naming it: "data" names the concept ("datum",)."""
    tokens: list[tuple[str, str]] = []
    for k in range(*span):
        t = doc[k]
        if _hyphen_glued(doc, k):
            tokens.append(("-", "-"))
            continue
        if t.is_punct or t.is_space or t.pos_ in {"DET", "NUM"} or t.tag_ in {"PRP$", "POS"}:
            continue
        if t.lower_ in FLUFF and t.pos_ != "NOUN":
            continue
        text = _FOOTNOTE.sub("", t.text)
        lower = text.lower()
        lemma = t.lemma_.lower() if text == t.text else lower
        word = _clean_word(lower if t.pos_ == "PROPN" or not _regular_lemma(lower, lemma, t.pos_) else lemma)
        # names keep their capitals ("Ireland"), except first in a sentence, where any word has one
        keep_case = (text.isupper() and len(text) > 1) or (t.pos_ == "PROPN" and not t.is_sent_start)
        shown = _clean_word(text if keep_case else lower)
        if word:
            tokens.append((word, shown or word))
    # glue hyphenated words back together: ["trade", "-", "off"] -> ["trade-off"]
    glued: list[list[str]] = []
    for tok in tokens:
        if glued and (tok[0] == "-" or glued[-1][0].endswith("-")):
            glued[-1] = [glued[-1][0] + tok[0], glued[-1][1] + tok[1]]
        else:
            glued.append(list(tok))
    glued = [g for g in glued if g[0].strip("-")]
    while len(glued) > 1 and glued[-1][0] in GENERIC_HEADS:
        glued.pop()
    # "a question of supply" -> "supply", "the kind of risk" -> "risk"
    while len(glued) > 2 and glued[0][0] in GENERIC_HEADS and glued[1][0] == "of":
        glued = glued[2:]
    glued = glued[-max_tokens:]
    lemmas = tuple(g[0] for g in glued)
    if not lemmas or (len(lemmas) == 1 and lemmas[0] in EMPTY_POLES):
        return (), ()
    if span[1] - span[0] == 1 and doc[span[0]].pos_ in {"VERB", "AUX"} and lemmas[0] in LIGHT_VERBS:
        return (), ()
    if not any(re.search(r"[a-z]", g) for g in lemmas):
        return (), ()
    return lemmas, tuple(g[1] for g in glued)


# --- the matcher ---------------------------------------------------------------------------------


CUES = ("vs", "versus", "rather", "instead", "opposed", "between", "distinguish", "separat", "differentiat",
        "decoupl", "disentangl", "conflat", "confus", "equat", "mix", "distinct", "differen", "orthogonal",
        "independent", "unrelated", "same", "whether")
_X_NOT_RE = re.compile(r"[,;—–]\s*not\b")


def _may_contrast(text: str) -> bool:
    """Every text the matcher could find a contrast in passes this cheap test (a superset, plain
    substring search): the matcher, the dearest part of the stage, only runs on comments that do."""
    low = text.lower()
    if any(cue in low for cue in CUES):
        return True
    if "not" in low and ("but" in low or _X_NOT_RE.search(low)):
        return True  # "not X but Y", "X, not Y", "X but not Y"
    return "?" in low and "or" in low  # "X or Y?"


def _build_matcher(vocab):
    from spacy.matcher import Matcher

    m = Matcher(vocab)
    m.add("x-vs-y", [[{"LOWER": {"IN": ["vs", "vs.", "versus"]}}]])
    m.add("x-rather-than-y", [[{"LOWER": "rather"}, {"LOWER": "than"}]])
    m.add("x-instead-of-y", [[{"LOWER": "instead"}, {"LOWER": "of"}]])
    m.add("x-as-opposed-to-y", [[{"LOWER": "as"}, {"LOWER": "opposed"}, {"LOWER": "to"}]])
    m.add("x-not-y", [[{"ORTH": {"IN": [",", ";", "—", "–"]}}, {"LOWER": "not"}]])
    m.add("x-but-not-y", [[{"LOWER": "but"}, {"LOWER": "not"}]])
    m.add("not-x-but-y", [[{"LOWER": "not"}, {"LOWER": {"NOT_IN": ["only", "just", "merely", "simply", "but"]}}]])
    m.add("between-x-and-y", [
        [{"LEMMA": {"IN": BETWEEN_TRIGGERS}}, {"LOWER": "between"}],
        # "the real choice is between X and Y", "the trade-off here is between X and Y"
        [{"LEMMA": {"IN": BETWEEN_TRIGGERS}}, {"POS": "ADV", "OP": "?"}, {"POS": "AUX"}, {"LOWER": "between"}],
        [{"LOWER": "trade"}, {"ORTH": {"IN": ["-", "‐"]}}, {"LOWER": "off"}, {"POS": "AUX", "OP": "?"},
         {"LOWER": "between"}],
    ])
    m.add("distinguish-x-from-y", [[{"LEMMA": {"IN": FROM_TRIGGERS}, "POS": "VERB"}]])
    # patterns start with an exact word where possible: the matcher then opens few partial matches
    m.add("x-and-y-are-distinct", [[{"LOWER": {"IN": ["are", "were", "'re", "’re"]}}, {"LOWER": {"IN": DISTINCT_ADJ}}],
                                   [{"LOWER": {"IN": ["are", "were", "'re", "’re"]}},
                                    {"LOWER": {"IN": ["two", "2", "very", "completely", "entirely"]}},
                                    {"LOWER": {"IN": DISTINCT_ADJ}}]])
    m.add("conflating-x-and-y", [[{"LEMMA": {"IN": CONFLATE_TRIGGERS}}]])
    m.add("distinct-things-x-and-y", [[{"LOWER": {"IN": DISTINCT_ADJ}},
                                        {"LEMMA": {"IN": sorted(GENERIC_HEADS)}},
                                        {"ORTH": {"IN": [":", "-", "—", "–", ","]}}]])
    m.add("x-different-from-y", [[{"LOWER": {"IN": DISTINCT_ADJ}}, {"LOWER": {"IN": ["from", "to"]}}],
                                 [{"LOWER": "the"}, {"LOWER": "same"}, {"LOWER": "as"}]])
    m.add("whether-x-or-y", [[{"LOWER": "whether"}]])
    m.add("x-or-y-question", [[{"LOWER": "or"}]])
    return m


def _after_repeated_preposition(doc, left: tuple[int, int] | None, end: int, s1: int) -> int:
    """Where the right pole starts: past a preposition that also governs the left pole ("a question
    about X, not about Y", "for X rather than for Y")."""
    if (left is not None and end + 1 < s1 and doc[end].pos_ == "ADP" and left[0] - 1 >= 0
            and doc[left[0] - 1].lower_ == doc[end].lower_):
        return end + 1
    return end


def _whole_words(doc, span: tuple[int, int], s0: int, s1: int) -> tuple[int, int]:
    """Widen a span to whole hyphenated words: a pole is never cut out of one ("well-off" is not
    "-off")."""
    i, j = span
    while i > s0 and (_hyphen_glued(doc, i) or _hyphen_glued(doc, i - 1)):
        i -= 1
    while j < s1 and (_hyphen_glued(doc, j) or _hyphen_glued(doc, j - 1)):
        j += 1
    return (i, j)


def _poles_for(doc, pattern: str, start: int, end: int, sent) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Read the two pole spans for a cue at doc[start:end] inside sentence ``sent``."""
    spans = _raw_poles_for(doc, pattern, start, end, sent)
    if spans is None:
        return None
    return _whole_words(doc, spans[0], sent.start, sent.end), _whole_words(doc, spans[1], sent.start, sent.end)


def _raw_poles_for(doc, pattern: str, start: int, end: int, sent) -> tuple[tuple[int, int], tuple[int, int]] | None:
    s0, s1 = sent.start, sent.end
    if pattern in {"x-vs-y", "x-rather-than-y", "x-instead-of-y", "x-as-opposed-to-y", "x-but-not-y"}:
        left = _phrase_backward(doc, start - 1, s0)
        right = _phrase_forward(doc, _after_repeated_preposition(doc, left, end, s1), s1)
        if not (left and right):
            return None
        if _verbal(doc, right) and not _verbal(doc, left):
            left = _with_governing_verb(doc, left, s0)
        return (left, right) if _like_with_like(doc, left, right) or pattern == "x-vs-y" else None
    if pattern == "x-not-y":
        left = _phrase_backward(doc, start - 1, s0)
        right = _phrase_forward(doc, _after_repeated_preposition(doc, left, end, s1), s1)
        if not (left and right):
            return None
        # both nouns, and Y ends the clause: "about correlation, not causation."
        if not (any(doc[k].pos_ in _NOUNISH for k in range(*left)) and any(doc[k].pos_ in _NOUNISH for k in range(*right))):
            return None
        # a name against a name: "it will be Ireland putting up the border, not the UK" sets Ireland
        # against the UK, not the border (the nearest name within a few words, same clause)
        if any(doc[k].pos_ == "PROPN" for k in range(*right)) and not any(doc[k].pos_ == "PROPN" for k in range(*left)):
            for k in range(left[0] - 1, max(s0, left[0] - 8) - 1, -1):
                if doc[k].is_punct:
                    break
                if doc[k].pos_ == "PROPN":
                    left = _phrase_backward(doc, k, s0) or left
                    break
        if right[1] < s1 and not (doc[right[1]].is_punct or doc[right[1]].lower_ in {"but", "and"}):
            return None
        return left, right
    if pattern == "not-x-but-y":
        x = _phrase_forward(doc, end - 1, s1)
        if x is None or any(doc[k].pos_ == "VERB" for k in range(*x)):
            return None
        k = x[1]
        if k < s1 and doc[k].text == ",":
            k += 1
        if k >= s1 or doc[k].lower_ != "but":
            return None
        k += 1
        if k < s1 and doc[k].lower_ == "rather":
            k += 1
        y = _phrase_forward(doc, k, s1)
        return (x, y) if y and _like_with_like(doc, x, y) else None
    if pattern == "between-x-and-y":
        return _coordination(doc, end, s1)
    if pattern in {"distinguish-x-from-y", "conflating-x-and-y"}:
        k = end
        if pattern == "conflating-x-and-y" and k < s1 and doc[k].lower_ == "up":
            k += 1  # "mix up X and Y"
        elif doc[start].lemma_ == "mix":
            return None
        if k < s1 and doc[k].lower_ in {"between", "of"}:
            k += 1
        # "conflating two distinct problems: X and Y"
        for j in range(k, min(k + 5, s1)):
            if doc[j].text in {":", "—", "–"}:
                if all(doc[x].lower_ in FLUFF or doc[x].lemma_ in GENERIC_HEADS or doc[x].pos_ in {"DET", "NUM"}
                       for x in range(k, j)):
                    k = j + 1
                break
        return _coordination(doc, k, s1)
    if pattern == "distinct-things-x-and-y":
        return _coordination(doc, end, s1)
    if pattern == "x-different-from-y":
        # "X is (very) different from Y", "X is not the same as Y"
        j = start - 1
        while j >= s0 and (doc[j].pos_ in {"AUX", "PART", "ADV"} or doc[j].lower_ in {"not", "very", "quite"}):
            j -= 1
        if j == start - 1:
            return None  # no copula: "a different X from Y" is not this construction
        left = _subject(doc, j + 1, s0)
        right = _phrase_forward(doc, end, s1)
        return (left, right) if left and right else None
    if pattern == "whether-x-or-y":
        # "whether we regulate or ban", "whether we pay for firm capacity or for seasonal storage":
        # the poles are what stands on either side of the first "or" after "whether"
        k = next((x for x in range(end, min(end + 16, s1)) if doc[x].lower_ == "or"), None)
        if k is None:
            return None
        j = k - 1 if doc[k - 1].text != "," else k - 2
        left = _phrase_backward(doc, j, end)
        r = k + 1
        while r < s1 and (doc[r].pos_ in {"ADP", "PART", "AUX"} or doc[r].tag_ == "PRP"):
            r += 1
        right = _phrase_forward(doc, r, s1)
        if not (left and right):
            return None
        return (left, right) if _like_with_like(doc, left, right) else None
    if pattern == "x-and-y-are-distinct":
        # "X and Y are (two) different things"
        right = _phrase_backward(doc, start - 1, s0)
        if right is None or right[0] - 2 < s0 or doc[right[0] - 1].lower_ not in {"and", "&"}:
            return None
        left = _phrase_backward(doc, right[0] - 2, s0)
        return (left, right) if left else None
    if pattern == "x-or-y-question":
        # a short question that is the point: "Elimination or reduction?", "Fund vaccines or treatment first?"
        if not sent.text.rstrip().endswith("?") or len(sent) > 12:
            return None
        # a preposition repeated on both sides: "Are we optimising for growth or for stability?"
        r = end + 1 if (end < s1 and doc[end].pos_ == "ADP" and start - 2 >= s0
                        and any(doc[x].lower_ == doc[end].lower_ for x in range(max(s0, start - 4), start - 1))) else end
        right = _phrase_forward(doc, r, s1)
        if right is None:
            return None
        k = right[1]
        while k < s1 and k - right[1] < 2 and doc[k].pos_ == "ADV":
            k += 1
        if k >= s1 or doc[k].text != "?":
            return None
        left = _phrase_backward(doc, start - 1, s0)
        if left is None or not any(doc[k].pos_ in _NOUNISH for k in range(*left)):
            return None
        if not _deliberative(doc, s0, left[0]):
            return None  # "Anyone got the sauce or the video?" asks for either, it contrasts nothing
        return left, right
    return None


class CruxFinder:
    """``find_cruxes`` as an object: settings in ``__init__``, one matcher per spaCy vocabulary."""

    def __init__(self, settings: CruxSettings | None = None):
        self.settings = settings or CruxSettings()
        self._matchers: dict[int, object] = {}

    def _matcher(self, vocab):
        key = id(vocab)
        if key not in self._matchers:
            self._matchers[key] = _build_matcher(vocab)
        return self._matchers[key]

    # step 1
    def statements(self, comment_id: str, doc, text: str | None = None) -> list[Statement]:
        """The contrast statements of one parsed comment (``text`` is ``doc.text``, when the caller
        has it at hand)."""
        if not _may_contrast(doc.text if text is None else text) or not doc.has_annotation("POS"):
            return []
        matcher = self._matcher(doc.vocab)
        found: list[Statement] = []
        taken: set[tuple[tuple[str, ...], tuple[str, ...], int]] = set()
        # the matcher only runs on the sentences that could hold a contrast (its cost is per token)
        matches = [(match_id, sent.start + start, sent.start + end)
                   for sent in doc.sents if _may_contrast(sent.text)
                   for match_id, start, end in matcher(sent)]
        for match_id, start, end in matches:
            pattern = doc.vocab.strings[match_id]
            sent = doc[start].sent
            spans = _poles_for(doc, pattern, start, end, sent)
            if spans is None or not all(_headed(doc, sp, pattern) for sp in spans):
                continue
            a, a_shown = _concept_words(doc, spans[0], self.settings.max_pole_tokens)
            b, b_shown = _concept_words(doc, spans[1], self.settings.max_pole_tokens)
            if not a or not b or a == b or frozenset((" ".join(a), " ".join(b))) in IDIOM_PAIRS:
                continue
            key = (min(a, b), max(a, b), sent.start)
            if key in taken:
                continue
            taken.add(key)
            framed = any(t.lemma_.lower() in FRAMING_LEMMAS and not _describes_someone(t) for t in sent)
            found.append(Statement(
                comment_id=comment_id, pattern=pattern, poles=(a, b),
                surfaces=(doc[spans[0][0]:spans[0][1]].text, doc[spans[1][0]:spans[1][1]].text),
                sentence=sent.text, start=sent.start_char, end=sent.end_char, framed=framed,
                shown=(a_shown, b_shown)))
        return found

    def __call__(self, amap: ArgumentMap, docs: Mapping[str, object]) -> list[Crux]:
        explicit, coverage = _find(amap, docs, self)
        implicit = []
        if self.settings.implicit:
            from argmap.crux_claims import find_crux_claims

            for crux, covered in find_crux_claims(amap, docs, settings=self.settings.claims):
                if crux.score >= self.settings.min_score:
                    implicit.append(crux)
                    coverage[crux.crux_id] = covered
        return rank_cruxes(amap, explicit, implicit, coverage, repeat_cutoff=self.settings.repeat_cutoff)


def thread_disagreement(amap: ArgumentMap) -> float:
    """All the disagreement of a thread: confidence-weighted disagree (1) and partial (0.5) relations."""
    return sum(r.confidence * {"disagree": 1.0, "partial": 0.5}.get(r.kind, 0.0) for r in amap.relations)


def rank_cruxes(amap: ArgumentMap, explicit: list[Crux], implicit: list[Crux],
                coverage: Mapping[str, Mapping[str, float]], *, repeat_cutoff: float) -> list[Crux]:
    """Order cruxes by how much of the thread's disagreement each explains that no crux before it
    does (greedy cover over the disagree / partial relations each one is about), and set each one's
    ``share``. A crux claim whose disagreement is mostly (``repeat_cutoff``) explained by cruxes ranked
    above it repeats them and is dropped; an explicit contrast is always kept (someone wrote it), ranked
    by what it adds."""
    total = thread_disagreement(amap)
    pending = {c.crux_id: c for c in explicit + implicit}
    explicit_ids = {c.crux_id for c in explicit}
    covered: set[str] = set()

    def gain(c: Crux) -> float:
        return sum(w for rid, w in coverage.get(c.crux_id, {}).items() if rid not in covered)

    out: list[Crux] = []
    while pending:
        best = max(pending.values(), key=lambda c: (gain(c), c.score, c.crux_id in explicit_ids, c.crux_id))
        del pending[best.crux_id]
        own = sum(coverage.get(best.crux_id, {}).values())
        marginal = gain(best)
        if best.crux_id not in explicit_ids and own > 0 and marginal < (1 - repeat_cutoff) * own:
            continue
        covered.update(coverage.get(best.crux_id, {}))
        out.append(best.model_copy(update={"share": round(marginal / total, 4) if total else 0.0}))
    return out


def find_cruxes(amap: ArgumentMap, docs: Mapping[str, object], *, settings: CruxSettings | None = None) -> list[Crux]:
    """The cruxes of one thread scored at least ``settings.min_score``, highest first.
    ``docs`` maps comment_id to the spaCy Doc of ``comment.text``."""
    return CruxFinder(settings)(amap, docs)


# --- steps 2-4 -----------------------------------------------------------------------------------


def _plural_pair(a: str, b: str) -> bool:
    """One word is the other with a plural ending the lemmatiser missed ("Audits" tagged NN)."""
    short, long_ = sorted((a, b), key=len)
    return long_ in (short + "s", short + "es")


NEGATORS = frozenset("not n't never no nobody nothing none".split())


def _denied(token) -> bool:
    """Is this mention the subject of a denial: "X is not the answer", "I don't think X works",
    "no X will scale"? (Only subjects: "we are not solving X" still speaks *for* caring about X.)"""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return True
    head = token.head
    for _ in range(3):
        if any(c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in {"advmod", "neg"}) for c in head.children):
            return True
        if head.dep_ not in {"ccomp", "xcomp"} or head.head is head:
            return False
        head = head.head
    return False


def _same_word(a: str, b: str, cutoff: float) -> bool:
    if a == b or _plural_pair(a, b):
        return True
    if min(len(a), len(b)) < 6:
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= cutoff


def _same_concept(a: tuple[str, ...], b: tuple[str, ...], cutoff: float) -> bool:
    return len(a) == len(b) and all(_same_word(x, y, cutoff) for x, y in zip(a, b))


def _slug(concept: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", concept.lower()).strip("-")


class _Mentions:
    """Where each pole concept is mentioned. The lemmas of the whole thread are one numpy array
    (``Doc.to_array``, no Python loop over tokens), searched per concept word; the vocabulary of
    distinct lemmas is matched fuzzily once per word."""

    def __init__(self, amap: ArgumentMap, docs: Mapping[str, object], cutoff: float):
        import numpy as np
        from spacy.attrs import LEMMA

        self.cutoff = cutoff
        self.docs = docs
        self.ids = [c.comment_id for c in amap.comments if c.comment_id in docs and len(docs[c.comment_id])]
        arrays = [docs[cid].to_array(LEMMA) for cid in self.ids]
        self.lemmas = np.concatenate(arrays) if arrays else np.zeros(0, dtype="uint64")
        lengths = np.array([len(a) for a in arrays], dtype="int64")
        self.owner = np.repeat(np.arange(len(arrays)), lengths)
        self.offset = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if arrays else np.zeros(0, dtype="int64")
        strings = docs[self.ids[0]].vocab.strings if self.ids else None
        self.by_lower: dict[str, list[int]] = defaultdict(list)
        for h in np.unique(self.lemmas).tolist():
            self.by_lower[strings[h].lower()].append(h)
        self._variants: dict[str, list[int]] = {}
        # a sorted copy of the lemmas: the positions of one lemma are a binary search away
        self._order = np.argsort(self.lemmas, kind="stable")
        self._sorted = self.lemmas[self._order]

    def _positions(self, hashes: list[int]):
        """Sorted positions (in ``self.lemmas``) of every token whose lemma is one of ``hashes``."""
        import numpy as np

        keys = np.array(sorted(set(hashes)), dtype=self.lemmas.dtype)
        lo = np.searchsorted(self._sorted, keys, side="left")
        hi = np.searchsorted(self._sorted, keys, side="right")
        parts = [self._order[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype="int64")

    def _hashes_like(self, word: str) -> list[int]:
        if word not in self._variants:
            if len(word) < 6:
                forms = {word, word + "s", word + "es", word[:-1] if word.endswith("s") else word}
            else:
                from rapidfuzz import fuzz, process

                forms = {h[0] for h in process.extract(word, list(self.by_lower), scorer=fuzz.ratio,
                                                       score_cutoff=self.cutoff, limit=None)}
            self._variants[word] = [h for w in forms for h in self.by_lower.get(w, ())]
        return self._variants[word]

    def find(self, concept: tuple[str, ...]) -> list[tuple[str, int, int, int]]:
        """(comment_id, start_char, end_char, last token) of each mention of ``concept`` (a hyphenated
        word is matched by its parts)."""
        import numpy as np

        words = [p for w in concept for p in re.split(r"(-)", w) if p]
        if not words or not len(self.lemmas):
            return []
        hits = self._positions(self._hashes_like(words[0]))
        for j, w in enumerate(words[1:], 1):
            if not len(hits):
                break
            nxt = hits + j
            ok = nxt < len(self.lemmas)
            hits, nxt = hits[ok], nxt[ok]
            ok = (self.owner[nxt] == self.owner[hits]) & np.isin(self.lemmas[nxt], self._hashes_like(w))
            hits = hits[ok]
        out = []
        n = len(words) - 1
        for g in hits.tolist():
            d = int(self.owner[g])
            doc = self.docs[self.ids[d]]
            i = g - int(self.offset[d])
            k = i + n
            if not doc[i].text[:1].isalnum():
                continue  # a clitic whose lemma is a word: the "'s" of "let's" is no mention of "us"
            out.append((self.ids[d], doc[i].idx, doc[k].idx + len(doc[k].text), k))
        return out


def crux_score(disagreement: float, sided: int, n_authors: int) -> float:
    """``raw / (1 + raw)`` in [0, 1) with ``raw = disagreement · spread · author factor``: ``spread`` is
    ``SPREAD[sided]`` (how many poles have authors), the author factor grows by ``AUTHOR_STEP`` per
    author beyond the first, up to ``AUTHOR_CAP`` of them."""
    raw = disagreement * SPREAD[sided] * (1 + AUTHOR_STEP * min(max(n_authors - 1, 0), AUTHOR_CAP))
    return round(raw / (1 + raw), 4)


SPREAD = {2: 1.0, 1: 0.6, 0: 0.4}
"""A crux with authors on both poles is a disagreement seen from both sides; on one, half seen."""
AUTHOR_STEP = 0.2
AUTHOR_CAP = 5


def relation_evidence(rel, text_of=None) -> Evidence:
    """The sentence that shows an author's stance edge: the relation's cue or opening sentence (not
    the quote it answers), named as the author's."""
    ev = next((e for e in rel.evidence if e.kind not in {"quote", "self-reply"} and e.comment_id == rel.source_comment_id
               and e.start is not None), None)
    if ev is not None:
        return Evidence(kind=f"side-{rel.kind}", text=ev.text, comment_id=ev.comment_id, claim_id=ev.claim_id,
                        start=ev.start, end=ev.end, score=rel.confidence, author=rel.source_author)
    text = text_of(rel.source_comment_id) if text_of else ""
    return Evidence(kind=f"side-{rel.kind}", text=_snip(text), comment_id=rel.source_comment_id,
                    claim_id=rel.source_claim_id, start=0 if text else None, end=min(len(text), 299) if text else None,
                    score=rel.confidence, author=rel.source_author)


class _Leans:
    """How far each author leans to each pole, and their strongest own evidence for it."""

    def __init__(self) -> None:
        self.weight: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        self.best: dict[tuple[str, int], tuple[float, Evidence]] = {}

    def add(self, who: str, side: int, weight: float, evidence: Evidence) -> None:
        self.weight[who][side] += weight
        if (who, side) not in self.best or weight > self.best[(who, side)][0]:
            self.best[(who, side)] = (weight, evidence)

    def why(self, who: str, side: int) -> Evidence:
        return self.best[(who, side)][1]

    def sides(self) -> tuple[list[list[str]], list[str]]:
        """Authors on each pole (the pole they lean to more), and those leaning to both equally
        ("unclear": argmap does not guess)."""
        sides: list[list[str]] = [[], []]
        unclear = []
        for who, (l0, l1) in sorted(self.weight.items()):
            if l0 <= 0 and l1 <= 0:
                continue
            if l0 == l1:
                unclear.append(who)
            else:
                sides[0 if l0 > l1 else 1].append(who)
        return sides, unclear


def _find(amap: ArgumentMap, docs: Mapping[str, object], finder: CruxFinder
          ) -> tuple[list[Crux], dict[str, dict[str, float]]]:
    """Explicit cruxes, unranked, with the disagreement each covers (relation id -> weight)."""
    settings = finder.settings
    quotes_by_comment: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in amap.quotes:
        quotes_by_comment[q.comment_id].append((q.start, q.end))
    statements: list[Statement] = []
    for c in amap.comments:
        doc = docs.get(c.comment_id)
        if doc is not None and c.text:
            # a contrast inside a quote is the quoted author's statement, found where they wrote it
            statements.extend(st for st in finder.statements(c.comment_id, doc, c.text)
                              if not any(qs <= st.start < qe for qs, qe in quotes_by_comment.get(c.comment_id, ())))
    if not statements:
        return [], {}

    # step 2: merge concepts across statements
    canon: list[tuple[str, ...]] = []
    seen: dict[tuple[str, ...], dict[tuple[str, ...], int]] = defaultdict(lambda: defaultdict(int))

    def canonical(concept: tuple[str, ...]) -> tuple[str, ...]:
        for known in canon:
            if _same_concept(concept, known, settings.fuzzy_cutoff):
                seen[known][concept] += 1
                return known
        canon.append(concept)
        seen[concept][concept] += 1
        return concept

    groups: dict[frozenset, list[tuple[Statement, tuple[tuple[str, ...], tuple[str, ...]]]]] = defaultdict(list)
    for st in statements:
        a, b = canonical(st.poles[0]), canonical(st.poles[1])
        if a == b:
            continue
        groups[frozenset((a, b))].append((st, (a, b)))
    if not groups:
        return [], {}

    comments = {c.comment_id: c for c in amap.comments}
    claims_by_comment: dict[str, list] = defaultdict(list)
    for cl in sorted(amap.claims, key=lambda x: (x.comment_id, x.start)):
        claims_by_comment[cl.comment_id].append(cl)
    starts = {cid: [cl.start for cl in cls] for cid, cls in claims_by_comment.items()}
    mentions = _Mentions(amap, docs, settings.fuzzy_cutoff)

    def unit_of(comment_id: str, start: int, end: int) -> str | None:
        """The claim holding a mention (or the comment when the map has no claims for it);
        None for text quoted from someone else."""
        if any(qs <= start < qe for qs, qe in quotes_by_comment.get(comment_id, ())):
            return None
        cls = claims_by_comment.get(comment_id)
        if not cls:
            return comment_id
        k = bisect.bisect_right(starts[comment_id], start) - 1
        if k >= 0 and cls[k].start <= start < cls[k].end:
            return cls[k].claim_id
        return None

    unit_comment = {cl.claim_id: cl.comment_id for cl in amap.claims}
    claim_text = {cl.claim_id: cl.text for cl in amap.claims}
    relations_by_comment: dict[str, list] = defaultdict(list)
    for n, rel in enumerate(amap.relations):
        relations_by_comment[rel.source_comment_id].append(n)
        if rel.target_comment_id != rel.source_comment_id:
            relations_by_comment[rel.target_comment_id].append(n)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for c in amap.comments:
        if c.parent_id and c.parent_id in comments:
            neighbours[c.comment_id].add(c.parent_id)
            neighbours[c.parent_id].add(c.comment_id)
    for rel in amap.relations:
        neighbours[rel.source_comment_id].add(rel.target_comment_id)
        neighbours[rel.target_comment_id].add(rel.source_comment_id)
    unit_author = {cl.claim_id: cl.author or comments[cl.comment_id].author for cl in amap.claims}

    def comment_of(unit: str) -> str:
        return unit_comment.get(unit, unit)

    def author_of(unit: str) -> str | None:
        return unit_author[unit] if unit in unit_author else comments[unit].author

    claim_by_id = {cl.claim_id: cl for cl in amap.claims}
    relation_by_id = {rel.relation_id: rel for rel in amap.relations}

    def unit_evidence(unit: str, mention: tuple[str, int] | None, who: str) -> Evidence:
        """The author's own claim on a pole (or, in a comment without claims, the sentence of the mention)."""
        cl = claim_by_id.get(unit)
        if cl is not None:
            return Evidence(kind="side-claim", text=cl.text, comment_id=cl.comment_id, claim_id=cl.claim_id,
                            start=cl.start, end=cl.end, author=who)
        comment_id, k = mention if mention else (unit, 0)
        sent = docs[comment_id][k].sent
        return Evidence(kind="side-claim", text=sent.text, comment_id=comment_id, start=sent.start_char,
                        end=sent.end_char, author=who)

    cruxes: list[Crux] = []
    coverage: dict[str, dict[str, float]] = {}
    for (a, b), members in ((tuple(g[0][1]), g) for g in groups.values()):
        poles = (a, b)
        # step 3: claims speaking to each pole
        units: list[dict[str, list[str]]] = [defaultdict(list), defaultdict(list)]
        denied: list[dict[str, list[bool]]] = [defaultdict(list), defaultdict(list)]
        first_mention: dict[str, tuple[str, int]] = {}
        # a pole's word puts its writer on the pole only in the exchange around the contrast: the
        # statements and the comments ``exchange_hops`` replies or stance edges away from them
        exchange = {st.comment_id for st, _ in members}
        frontier = set(exchange)
        for _ in range(settings.exchange_hops):
            frontier = {n for cid in frontier for n in neighbours.get(cid, ())} - exchange
            exchange |= frontier
        mentioned: list[set[str]] = [set(), set()]
        for side, concept in enumerate(poles):
            for comment_id, s, e, k in mentions.find(concept):
                mentioned[side].add(comment_id)
                if comment_id not in exchange:
                    continue
                unit = unit_of(comment_id, s, e)
                if unit is not None:
                    units[side][unit].append(comments[comment_id].text[s:e])
                    denied[side][unit].append(_denied(docs[comment_id][k]))
                    first_mention.setdefault(unit, (comment_id, k))
        both = set(units[0]) & set(units[1])
        only = [{u: v for u, v in units[side].items() if u not in both} for side in (0, 1)]
        # the pole a claim supports: the one it speaks to, or the other one when every mention
        # is the subject of a denial ("I don't think speed is the constraint")
        supports = {u: (1 - side if all(denied[side][u]) else side) for side in (0, 1) for u in only[side]}
        comment_poles: dict[str, set[int]] = defaultdict(set)
        comment_supports: dict[str, set[int]] = defaultdict(set)
        for side in (0, 1):
            for u in only[side]:
                comment_poles[comment_of(u)].add(side)
                comment_supports[comment_of(u)].add(supports[u])

        # step 3b: sides, each author only through their own words or their own stance edges
        lean = _Leans()
        for u, side in supports.items():
            who = author_of(u)
            if who:
                lean.add(who, side, 1.0, unit_evidence(u, first_mention.get(u), who))
        for st, pair in members:
            pref = PREFERENCE.get(st.pattern)
            who = comments[st.comment_id].author
            if pref is not None and who:
                favoured = poles.index(pair[pref])
                lean.add(who, favoured, settings.preference_weight, Evidence(
                    kind="side-preference", text=st.sentence, comment_id=st.comment_id, start=st.start, end=st.end,
                    pattern=st.pattern, author=who))

        def pole_of(unit: str | None, comment_id: str) -> int | None:
            """The pole a relation's end supports (its claim's, else its comment's if unambiguous)."""
            if unit and unit in supports:
                return supports[unit]
            if unit is None or unit not in unit_comment:
                sides = comment_supports.get(comment_id, set())
                return next(iter(sides)) if len(sides) == 1 else None
            return None

        statement_comments = {st.comment_id for st, _ in members}
        crux_comments = statement_comments | {comment_of(u) for side in (0, 1) for u in only[side]}
        d = a_sum = 0.0
        disagreements: list[Evidence] = []
        covered: dict[str, float] = {}
        near = sorted({n for cid in crux_comments for n in relations_by_comment.get(cid, ())})
        for rel in (amap.relations[n] for n in near):
            # the score counts exchanges *about the contrast*: those touching a statement of it, and
            # those between a comment on one pole and a comment on the other; an exchange between
            # two comments that merely share a pole's (perhaps ubiquitous) word does not count
            src_poles = comment_poles.get(rel.source_comment_id, set())
            tgt_poles = comment_poles.get(rel.target_comment_id, set())
            # a statement's writer answering with the contrast is about it; a reply to a statement is
            # when it speaks to a pole itself, or when the statement is most of what it answers (a
            # reply to one point of a long comment need not be about its contrast)
            relevant = (rel.source_comment_id in statement_comments
                        or (rel.target_comment_id in statement_comments
                            and (bool(src_poles) or len(claims_by_comment.get(rel.target_comment_id, ()))
                                 <= settings.short_statement_claims))
                        or any(p != q for p in src_poles for q in tgt_poles))
            if relevant and rel.kind == "disagree":
                d += rel.confidence
            elif relevant and rel.kind == "partial":
                d += 0.5 * rel.confidence
            elif relevant and rel.kind in ("agree", "concession"):
                a_sum += rel.confidence
            if relevant and rel.kind in ("disagree", "partial"):
                covered[rel.relation_id] = rel.confidence * (1.0 if rel.kind == "disagree" else 0.5)
                disagreements.append(Evidence(kind=f"stance-{rel.kind}", text=_snip(claim_text.get(rel.source_claim_id or "") or comments[rel.source_comment_id].text),
                                              comment_id=rel.source_comment_id, claim_id=rel.source_claim_id,
                                              score=rel.confidence))
            target_pole = pole_of(rel.target_claim_id, rel.target_comment_id)
            src = rel.source_author
            if target_pole is not None and src and src != rel.target_author and not rel.uncertain:
                # the author's own stance edge towards a claim on a pole (never someone else's words)
                weight, side = {"agree": (1.0, target_pole), "concession": (1.0, target_pole),
                                "disagree": (1.0, 1 - target_pole),
                                "partial": (0.5, 1 - target_pole)}.get(rel.kind, (0.0, 0))
                if weight:
                    lean.add(src, side, weight * rel.confidence,
                             relation_evidence(rel, lambda cid: comments[cid].text))
        sides, unclear = lean.sides()
        framed = any(st.framed for st, _ in members)
        pole_author = {who: k for k in (0, 1) for who in sides[k]}
        across = any(rel.kind in ("disagree", "partial") and not rel.uncertain and rel.source_author in pole_author and rel.target_author in pole_author
                     and pole_author[rel.source_author] != pole_author[rel.target_author]
                     for rel in (amap.relations[n] for n in near))
        speaking = max(len(m) for m in mentioned)
        disputants = {relation_by_id[rid].source_author for rid in covered if relation_by_id[rid].source_author}
        if not framed and not _disputed(sides, across, len(disputants), speaking, len(amap.comments), settings):
            continue

        # step 4: score
        framing = settings.framing_weight if framed else 0.0
        dd = d + framing
        if d + a_sum > 0:
            dd *= 0.5 + 0.5 * d / (d + a_sum)
        authors = {comments[st.comment_id].author for st, _ in members if comments[st.comment_id].author}
        authors |= set(sides[0]) | set(sides[1])
        score = crux_score(dd, sum(1 for s in sides if s), len(authors))
        if score < settings.min_score:
            continue

        variants: list[list[str]] = [[], []]
        for st, pair in members:
            for k in (0, 1):
                side = poles.index(pair[k])
                variants[side].append(st.surfaces[k])
        for side in (0, 1):
            for texts in only[side].values():
                variants[side].extend(texts)
        # each pole is named by its most frequent spelling (shorter first on a tie)
        names = [" ".join(min(seen[p].items(), key=lambda kv: (-kv[1], len(" ".join(kv[0])), kv[0]))[0])
                 for p in poles]
        evidence = []
        for st, _ in members:
            evidence.append(Evidence(kind="contrast-pattern", text=st.sentence, comment_id=st.comment_id,
                                     claim_id=unit_of(st.comment_id, st.start, st.end) if claims_by_comment.get(st.comment_id) else None,
                                     start=st.start, end=st.end, pattern=st.pattern))
        evidence.extend(sorted(disagreements, key=lambda e: -(e.score or 0))[: settings.max_evidence])
        # the label names each pole as written most often ("data", not the lemma "datum")
        shown: list[dict[str, int]] = [defaultdict(int), defaultdict(int)]
        for st, pair in members:
            for k in (0, 1):
                if st.shown[k]:
                    shown[poles.index(pair[k])][" ".join(st.shown[k])] += 1
        label_names = [min(shown[k].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] if shown[k] else names[k]
                       for k in (0, 1)]
        cruxes.append(Crux(
            crux_id=f"{amap.thread_id}/crux:" + "~".join(sorted(_slug(n) for n in names)),
            thread_id=amap.thread_id, label=f"{label_names[0]} vs {label_names[1]}",
            poles=[CruxPole(concept=names[k], variants=_dedup_ci(variants[k]), authors=sides[k],
                            claim_ids=sorted(u for u in only[k] if u in unit_comment),
                            evidence=[lean.why(who, k) for who in sides[k]]) for k in (0, 1)],
            score=score, evidence=evidence[: settings.max_evidence + len(members)], unclear=unclear,
            disagreements=len(covered)))
        coverage[cruxes[-1].crux_id] = covered
    return cruxes, coverage


def _disputed(sides: list[list[str]], across: bool, disputants: int, speaking: int, n_comments: int,
              settings: CruxSettings) -> bool:
    """Is a contrast a point of contention? Someone stands on a pole, and the sides disagree: an
    author on one pole disagrees with an author on the other about the contrast's comments
    (``across``), or
    the disagreements about the contrast come from at least ``min_contrast_disputes`` authors
    (``disputants``). A contrast nobody takes sides on (a riddle, a rhetorical list, an aside) is no
    crux. Nor is one whose pole most comments of a large thread mention (``speaking``): a word
    everybody uses (the thread's topic) separates nobody. ``min_contrast_disputes`` 0 turns the test
    off (every contrast is scored)."""
    if settings.min_contrast_disputes == 0:
        return True
    if not sides[0] and not sides[1]:
        return False
    if n_comments >= settings.pervasive_min_comments and speaking > settings.pervasive_share * n_comments:
        return False
    return across or disputants >= settings.min_contrast_disputes


def _describes_someone(token) -> bool:
    """A framing word inside a relative clause ("the people who disagree ... rather than ...") says
    who someone is; it does not frame the contrast as the disagreement."""
    return any(t.dep_ in ("relcl", "acl") for t in [token, *token.ancestors])


def _dedup_ci(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for it in items:
        key = " ".join(it.split()).lower()
        seen.setdefault(key, " ".join(it.split()))
    return list(seen.values())


def _snip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
