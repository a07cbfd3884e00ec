"""Contrast statements (step 1): spaCy's ``Matcher`` finds the cue of an explicit contrast in a
comment, ``argmap.analysis.cruxes.poles`` reads its two poles, and each is one ``Statement``."""

from __future__ import annotations

from dataclasses import dataclass, replace

from argmap.analysis.cruxes.lexicons import (
    BETWEEN_TRIGGERS, CONFLATE_TRIGGERS, CUES, DISTINCT_ADJ, FRAMING_LEMMAS, FROM_TRIGGERS, GENERIC_HEADS, IDIOM_PAIRS,
    NOUNISH, PREFERENCE, X_NOT_RE,
)
from argmap.analysis.cruxes.poles import concept_words, headed, hyphen_glued, poles_for


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
    favours: int | None = None
    """The pole the writer favours when the statement itself says (an evaluative comparison: "X is
    more important than Y" favours X); else the pattern's (``lexicons.PREFERENCE``)."""

    @property
    def favoured(self) -> int | None:
        """The pole (0 or 1, in ``poles`` order) the writer favours, or None for a symmetric contrast."""
        return self.favours if self.favours is not None else PREFERENCE.get(self.pattern)



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
    if not doc.has_annotation("POS"):
        return []
    low = (doc.text if text is None else text).lower()
    found: list[Statement] = []
    if may_contrast(low):
        # the matcher only runs on the sentences that could hold a contrast (its cost is per token)
        for sent in doc.sents:
            if not may_contrast(sent.text):
                continue
            for match_id, start, end in matcher(sent):
                pattern = doc.vocab.strings[match_id]
                spans = poles_for(doc, pattern, sent.start + start, sent.start + end, sent)
                st = None if spans is None or not all(headed(doc, sp, pattern) for sp in spans) \
                    else _statement(comment_id, doc, pattern, spans, sent, max_pole_tokens)
                if st is not None:
                    found.append(st)
    found += predicate_contrasts(comment_id, doc, max_pole_tokens, low)
    found += comparative_contrasts(comment_id, doc, max_pole_tokens, low)
    out, taken = [], set()
    for st in found:  # one statement per pair of concepts and sentence
        key = (min(st.poles), max(st.poles), st.start)
        if key not in taken:
            taken.add(key)
            out.append(st)
    return out


def _statement(comment_id: str, doc, pattern: str, spans, context, max_pole_tokens: int) -> Statement | None:
    """The statement of a contrast between the token spans ``spans`` read in ``context`` (its
    sentence, or the two sentences of a denial and its correction); None when a pole is no concept,
    both are the same or the pair is an idiom ("more or less")."""
    a, a_shown = concept_words(doc, spans[0], max_pole_tokens)
    b, b_shown = concept_words(doc, spans[1], max_pole_tokens)
    if not a or not b or a == b or frozenset((" ".join(a), " ".join(b))) in IDIOM_PAIRS:
        return None
    framed = any(t.lemma_.lower() in FRAMING_LEMMAS and not describes_someone(t) for t in context)
    return Statement(
        comment_id=comment_id, pattern=pattern, poles=(a, b),
        surfaces=(doc[spans[0][0]:spans[0][1]].text, doc[spans[1][0]:spans[1][1]].text),
        sentence=context.text, start=context.start_char, end=context.end_char, framed=framed,
        shown=(a_shown, b_shown))


# --- "It's not X. It's Y." ------------------------------------------------------------------------

PRONOUN_SUBJECTS = frozenset({"it", "this", "that"})
ABOUT_PREPS = frozenset({"about", "for"})


def _copula_clauses(doc):
    """Every clause whose verb is "be" with a noun predicate, in order: (verb, subject, negated,
    predicate span). The predicate is the attribute noun phrase ("it is a tax"), or the object of
    "about" / "for" ("it's about power")."""
    out = []
    for v in doc:
        if v.lemma_ != "be" or v.dep_ not in {"ROOT", "conj", "ccomp", "parataxis"}:
            continue
        kids = list(v.children)
        # a gerund subject too: "Driving a car is not a right."
        subj = next((c for c in kids if c.dep_ in {"nsubj", "expl", "csubj"}), None)
        if subj is None:
            continue
        head = next((c for c in kids if c.dep_ == "attr" and c.pos_ in NOUNISH), None)
        if head is None:
            prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in ABOUT_PREPS), None)
            head = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in NOUNISH), None) if prep else None
        if head is None:
            continue
        negated = any(c.dep_ == "neg" for c in kids)
        out.append((v, subj, negated, _noun_span(head)))
    return out


def _noun_span(head) -> tuple[int, int]:
    """A noun with its modifiers on the left and an "of" complement on the right ("a question of
    supply"), as token offsets."""
    first = min([head.i] + [c.i for c in head.lefts if c.dep_ in {"amod", "compound", "det", "poss", "nmod"}])
    # never cut a hyphenated word: "Long-duration storage" keeps "Long-"
    while first >= 2 and hyphen_glued(head.doc, first - 1):
        first -= 2
    last = head.i + 1
    of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is not None:
            last = obj.i + 1
    return first, last


def _same_subject(a, b) -> bool:
    """The second clause speaks of what the first did: the same word, or "it" / "this" / "that"."""
    return b.lower_ in PRONOUN_SUBJECTS or a.lemma_.lower() == b.lemma_.lower()


def _opens_clause(subj) -> bool:
    """The subject opens its clause: first in the sentence, or after a comma, a semicolon, a dash,
    or one connective ("It's not X, it's Y", "It isn't X. Rather, it is Y"); "See, when I say
    this, it is your job" is another sentence shape."""
    k = subj.left_edge.i
    if k == subj.sent.start:
        return True
    before = subj.doc[k - 1]
    if before.is_punct and before.text in {",", ";", "—", "–", "-", ":"}:
        return True
    return before.pos_ in {"CCONJ", "ADV"} and (k - 1 == subj.sent.start or subj.doc[k - 2].is_punct)


def _shouted(doc, span) -> bool:
    """A pole in capitals of shouting ("SHOULD NOT BE ALLOWED") is mis-tagged more often than not."""
    return any(doc[k].is_upper and len(doc[k].text) > 5 for k in range(*span))


def predicate_contrasts(comment_id: str, doc, max_pole_tokens: int, low: str) -> list[Statement]:
    """A denial and its correction, of the same subject, in the same or the next sentence: "It's not
    a tax, it's a fee.", "The issue isn't money. It's about power.", "Driving a car is not a right.
    It is a privilege." (pattern ``not-x-it-is-y``; the writer favours the second), or the other way
    round, an assertion and the denial that sets it off: "Driving is a privilege, it is not a
    right." (pattern ``x-it-is-not-y``; the writer favours the first). ``low`` is the comment's text
    in lower case."""
    if "not" not in low and "n't" not in low and "n’t" not in low:
        return []
    if not doc.has_annotation("DEP"):
        return []
    clauses = _copula_clauses(doc)
    out = []
    for (v1, s1, neg1, p1), (v2, s2, neg2, p2) in zip(clauses, clauses[1:]):
        if neg1 == neg2 or not _same_subject(s1, s2) or not _opens_clause(s1) or not _opens_clause(s2):
            continue
        if _shouted(doc, p1) or _shouted(doc, p2):
            continue
        sent1, sent2 = v1.sent, v2.sent
        # the correction comes at once: the next sentence's main clause, or a clause joined to the denial
        next_sentence = sent2.start == sent1.end and v2.dep_ == "ROOT" and s2.left_edge.i - sent2.start <= 2
        joined = sent2.start == sent1.start and (v2.head == v1 or v1.head == v2)
        if not (next_sentence or joined):
            continue
        pattern = "not-x-it-is-y" if neg1 else "x-it-is-not-y"
        out.append(_statement(comment_id, doc, pattern, (p1, p2), doc[sent1.start:sent2.end], max_pole_tokens))
    return [st for st in out if st is not None]


# --- "X is more important than Y" ----------------------------------------------------------------

COMPARATIVE_TAGS = frozenset({"JJR", "RBR"})
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
QUANTIFIERS = frozenset("few several many couple dozen dozens hundreds thousands millions lot lots handful".split())
"""Words that make the noun after "than" an amount, not a thing compared."""
FAVOURABLE = frozenset("""good well important valuable useful effective efficient safe cheap reliable
preferable superior necessary essential beneficial healthy fair just right sensible reasonable""".split())
UNFAVOURABLE = frozenset("""bad badly harmful dangerous costly expensive risky inferior wrong unfair unjust
unhealthy wasteful useless""".split())
"""Evaluative adjectives of a comparison: generic English, which side the writer takes."""
ANAPHORIC_DETERMINERS = frozenset("either any each every all both this that these those".split())
"""Determiners that make the noun after "than" point back at things named elsewhere ("better than
either option", "better than this bad example": what is compared is in the thread, not named)."""


def _compared(than):
    """The noun ``than`` sets its object against, or None: the subject of a comparison ("X is
    cheaper than Y", "X matters more than Y", "X is a more important value than Y") or the noun
    ``than`` hangs from in a parallel phrase ("limited better by X than Y")."""
    head = than.head
    if head.pos_ in NOUNISH and head.dep_ == "pobj":
        return head  # "by social pressure than legal sanction"
    if head.pos_ in NOUNISH and head.dep_ == "attr":
        verb = head.head  # "X is a more important value than Y"
        if not any(c.tag_ in COMPARATIVE_TAGS for t in head.lefts for c in [t, *t.children]):
            return None
    elif head.tag_ in COMPARATIVE_TAGS or (head.pos_ == "ADJ" and any(c.tag_ in COMPARATIVE_TAGS for c in head.children)):
        verb = head.head  # "X is cheaper than Y", "X matters more than Y", "X is more important than Y"
    else:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "csubj", "csubjpass"}]
    if len(subjects) != 1:
        return None  # two subjects of one verb is a misparse ("the other choice - accepting that ...")
    return subjects[0] if subjects[0].dep_ in {"nsubj", "nsubjpass"} else None


def _comparative_modifier(verb):
    """The comparative (or superlative) that modifies a verb: "better" in "better limited by X",
    "best" in "best fought by X", "more fairly" (its head, "fairly") in "settled more fairly by X";
    or None."""
    return next((c for c in verb.children if c.dep_ in {"advmod", "acomp"} and (
        c.tag_ in COMPARATIVE_TAGS | SUPERLATIVE_TAGS or any(k.tag_ in COMPARATIVE_TAGS for k in c.children))), None)


def _prepositional(than):
    """(right, left) nouns of a comparison whose second term repeats the first's preposition: "Crime
    is best fought by education than by prisons" (``than`` hangs from the verb, or from the first
    term), or (None, None)."""
    prep = next((c for c in than.children if c.dep_ == "prep"), None)
    right = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in NOUNISH), None) if prep is not None else None
    if right is None:
        return None, None
    head = than.head
    if head.pos_ in NOUNISH and head.dep_ == "pobj" and head.head.lower_ == prep.lower_:
        return right, head  # "settled more fairly by courts than by mobs"
    if head.pos_ in {"VERB", "AUX"} and _comparative_modifier(head) is not None:
        left = next((g for c in head.children if c.dep_ in {"agent", "prep"} and c.lower_ == prep.lower_
                     and c.i < than.i for g in c.children if g.dep_ == "pobj" and g.pos_ in NOUNISH), None)
        return (right, left) if left is not None else (None, None)
    return None, None


def comparative_contrasts(comment_id: str, doc, max_pole_tokens: int, low: str) -> list[Statement]:
    """A comparison of two things (pattern ``x-more-than-y``): "Human dignity is a more important
    value than free speech", "Prevention is cheaper than treatment", "Hate speech is better limited
    by social pressure than legal sanction". Amounts ("more than a year") and people ("he is taller
    than his brother": a pronoun is no concept) are not. ``low`` is the comment's text in lower case."""
    if "than" not in low or not doc.has_annotation("DEP"):
        return []
    out = []
    for than in doc:
        if than.lower_ != "than" or than.dep_ != "prep":
            continue
        right = next((c for c in than.children if c.dep_ == "pobj" and c.pos_ in NOUNISH), None)
        left = _compared(than)
        if right is None:  # "by X than by Y", "for X rather than for Y": the preposition repeated
            right, left = _prepositional(than)
        if right is None or left is None or left.pos_ not in NOUNISH:
            continue
        if any(c.dep_ in {"nummod", "quantmod"} or c.lower_ in QUANTIFIERS for c in right.children):
            continue  # an amount: "cover far more than a few hours", "more than 30 years"
        if any(c.dep_ in {"det", "predet"} and c.lower_ in ANAPHORIC_DETERMINERS for c in right.children):
            continue  # "longer than either option": the things compared are named elsewhere
        st = _statement(comment_id, doc, "x-more-than-y", (_noun_span(left), _noun_span(right)), than.sent,
                        max_pole_tokens)
        if st is not None:
            out.append(replace(st, favours=_favoured(than)))
    return out


def _adjective_of(lemma: str) -> str:
    """The evaluative adjective an adverb is made of ("fairly" -> "fair", "healthily" -> "healthy"),
    or the lemma itself."""
    for suffix, ending in (("ily", "y"), ("ly", "")):
        base = lemma[: -len(suffix)] + ending
        if lemma.endswith(suffix) and base in FAVOURABLE | UNFAVOURABLE:
            return base
    return lemma


def _favoured(than) -> int | None:
    """Which side an evaluative comparison takes: "X is more important / better / safer than Y"
    favours X (0), "X is worse / more dangerous than Y" favours Y (1), "less important" the other
    way round; a comparison that evaluates nothing ("X is older than Y") favours neither."""
    head = than.head
    verb = None
    if head.pos_ in NOUNISH and head.dep_ == "pobj" and head.head.dep_ in {"agent", "prep"}:
        verb = head.head.head  # "better limited by X than Y": the comparative modifies the verb
    elif head.pos_ in {"VERB", "AUX"}:
        verb = head  # "best fought by X than by Y"
    if verb is not None:
        head = _comparative_modifier(verb) or head
    elif head.pos_ in NOUNISH:  # "a more important value than"
        head = next((c for c in head.lefts if c.dep_ == "amod"), head)
    if head.pos_ not in {"ADJ", "ADV"}:
        return None
    lemma = _adjective_of(head.lemma_.lower())
    lower = any(c.lower_ in {"less", "fewer"} for c in head.children) or head.lower_ == "less"
    if lemma in FAVOURABLE or head.lower_ in {"better", "best"}:
        side = 0
    elif lemma in UNFAVOURABLE or head.lower_ in {"worse", "worst"}:
        side = 1
    else:
        return None
    return 1 - side if lower else side
