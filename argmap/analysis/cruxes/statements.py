"""Contrast statements (step 1): spaCy's ``Matcher`` finds the cue of an explicit contrast in a
comment, ``argmap.analysis.cruxes.poles`` reads its two poles, and each is one ``Statement``."""

from __future__ import annotations

from dataclasses import dataclass

from argmap.analysis.cruxes.lexicons import (
    BETWEEN_TRIGGERS, CONFLATE_TRIGGERS, CUES, DISTINCT_ADJ, FRAMING_LEMMAS, FROM_TRIGGERS, GENERIC_HEADS, IDIOM_PAIRS,
    X_NOT_RE,
)
from argmap.analysis.cruxes.poles import concept_words, headed, poles_for


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



def may_contrast(text: str) -> bool:
    """Every text the matcher could find a contrast in passes this cheap test (a superset, plain
    substring search): the matcher, the dearest part of the stage, only runs on comments that do."""
    low = text.lower()
    if any(cue in low for cue in CUES):
        return True
    if "not" in low and ("but" in low or X_NOT_RE.search(low)):
        return True  # "not X but Y", "X, not Y", "X but not Y"
    return "?" in low and "or" in low  # "X or Y?"


def build_matcher(vocab):
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


def describes_someone(token) -> bool:
    """A framing word inside a relative clause ("the people who disagree ... rather than ...") says
    who someone is; it does not frame the contrast as the disagreement."""
    return any(t.dep_ in ("relcl", "acl") for t in [token, *token.ancestors])


def contrast_statements(comment_id: str, doc, matcher, max_pole_tokens: int,
                        text: str | None = None) -> list[Statement]:
    """The contrast statements of one parsed comment, found by ``matcher`` (``build_matcher``);
    poles keep at most ``max_pole_tokens`` words (``text`` is ``doc.text``, when the caller has it at
    hand)."""
    if not may_contrast(doc.text if text is None else text) or not doc.has_annotation("POS"):
        return []
    found: list[Statement] = []
    taken: set[tuple[tuple[str, ...], tuple[str, ...], int]] = set()
    # the matcher only runs on the sentences that could hold a contrast (its cost is per token)
    matches = [(match_id, sent.start + start, sent.start + end)
               for sent in doc.sents if may_contrast(sent.text)
               for match_id, start, end in matcher(sent)]
    for match_id, start, end in matches:
        pattern = doc.vocab.strings[match_id]
        sent = doc[start].sent
        spans = poles_for(doc, pattern, start, end, sent)
        if spans is None or not all(headed(doc, sp, pattern) for sp in spans):
            continue
        a, a_shown = concept_words(doc, spans[0], max_pole_tokens)
        b, b_shown = concept_words(doc, spans[1], max_pole_tokens)
        if not a or not b or a == b or frozenset((" ".join(a), " ".join(b))) in IDIOM_PAIRS:
            continue
        key = (min(a, b), max(a, b), sent.start)
        if key in taken:
            continue
        taken.add(key)
        framed = any(t.lemma_.lower() in FRAMING_LEMMAS and not describes_someone(t) for t in sent)
        found.append(Statement(
            comment_id=comment_id, pattern=pattern, poles=(a, b),
            surfaces=(doc[spans[0][0]:spans[0][1]].text, doc[spans[1][0]:spans[1][1]].text),
            sentence=sent.text, start=sent.start_char, end=sent.end_char, framed=framed,
            shown=(a_shown, b_shown)))
    return found
