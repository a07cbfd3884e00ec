"""Reading the two poles of a stated contrast off the parse around its cue (step 1), and each
pole's concept words (step 2): noun phrases (adjectives, compounds, hyphenated words, an ``of``
complement), or a single verb for the patterns that contrast actions ("regulate rather than ban");
lemmas, lower case, without determiners, possessives, numbers and fluff."""

from __future__ import annotations

import re

from argmap.analysis.cruxes.lexicons import (
    ADJ_POLE_PATTERNS, COORD, DELIBERATIVE, EMPTY_POLES, FLUFF, FOOTNOTE, GENERIC_HEADS, LIGHT_VERBS, MODIFIER, NOUNISH,
    QUESTION_LEAD,
)


def hyphen_glued(doc, i: int) -> bool:
    """Token i is a hyphen (or slash-free joiner) inside a word: 'trade-off', 'long-duration'."""
    t = doc[i]
    return (t.text in {"-", "‐", "–"} and i > 0 and i + 1 < len(doc)
            and not doc[i - 1].whitespace_ and not t.whitespace_)


def _allowed(doc, i: int) -> bool:
    t = doc[i]
    if t.pos_ in MODIFIER:
        return True
    if hyphen_glued(doc, i):
        return True
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if t.pos_ == "VERB" and t.tag_ in {"VBG", "VBN"} and nxt is not None and nxt.pos_ in MODIFIER:
        return True  # "supervised learning", "running costs"
    if t.pos_ == "ADV" and t.dep_ in {"advmod", "amod"} and nxt is not None and nxt.pos_ == "ADJ":
        return True  # "weakly supervised"
    if t.pos_ == "NUM" and i > 0 and doc[i - 1].pos_ in NOUNISH:
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
    if j > i and j + 1 < stop and doc[j - 1].pos_ in NOUNISH and (
            doc[j].lower_ == "of" or (doc[j].lower_ in {"to", "for"} and doc[j].head.i == j - 1)):
        k = j + 1
        while k < stop and _skippable_lead(doc[k]):
            k += 1
        m = k
        while m < stop and _allowed(doc, m):
            m += 1
        if m > k and any(doc[x].pos_ in NOUNISH for x in range(k, m)):
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
    if i - 2 >= floor and doc[i - 1].lower_ == "of" and doc[i - 2].pos_ in NOUNISH:
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
    return _with_modifiers(doc, subj, s0) if subj.pos_ in NOUNISH or subj.pos_ == "ADJ" else None


def _with_modifiers(doc, noun, s0: int) -> tuple[int, int]:
    """A noun with the compounds and adjectives right before it that modify it ("physical harm")."""
    i = noun.i
    while i - 1 >= s0 and doc[i - 1].head.i == noun.i and doc[i - 1].dep_ in {"compound", "amod", "nmod"}:
        i -= 1
    return (i, noun.i + 1)


def _nounish(doc, span: tuple[int, int]) -> bool:
    """A span with a noun in it, or a gerund standing as one (the object of a preposition)."""
    return any(doc[k].pos_ in NOUNISH or (doc[k].tag_ == "VBG" and doc[k].dep_ in {"pobj", "pcomp"})
               for k in range(*span))


def _span_head(doc, span: tuple[int, int]):
    """The token of a span whose syntactic head lies outside it (its last token when none does)."""
    return next((doc[k] for k in range(*span) if not span[0] <= doc[k].head.i < span[1]), doc[span[1] - 1])


def _bare_like(doc, left: tuple[int, int], right: tuple[int, int]) -> tuple[int, int]:
    """X set against a bare plural noun keeps no plural noun in front of its head: in "The storage
    we can afford covers hours, not weeks" the tagger reads the verb "covers" as a plural noun
    compound of "hours"; a plural compound modifier is rare in English, and against "weeks" the
    pole is "hours"."""
    if (left[1] - left[0] >= 2 and right[1] - right[0] == 1 and doc[right[0]].tag_ == "NNS"
            and doc[left[0]].tag_ == "NNS" and doc[left[0]].dep_ == "compound" and doc[left[1] - 1].tag_ == "NNS"):
        return (left[0] + 1, left[1])
    return left


def _parallel_subject(doc, left: tuple[int, int], right: tuple[int, int], s0: int) -> tuple[int, int]:
    """In "X is the basis, not Y", Y is set against X, not against the predicate before the comma,
    when X is the same kind of thing as Y (the same head noun: "Physical harm is the basis, not
    verbal harm" contrasts physical and verbal harm). Otherwise the pole before the comma stands."""
    head, other = _span_head(doc, left), _span_head(doc, right)
    if head.dep_ != "attr" or head.lemma_.lower() == other.lemma_.lower():
        return left
    subj = next((c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"} and s0 <= c.i < head.i), None)
    if subj is None or subj.pos_ not in NOUNISH or subj.lemma_.lower() != other.lemma_.lower():
        return left
    return _with_modifiers(doc, subj, s0)


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


def headed(doc, span: tuple[int, int], pattern: str) -> bool:
    """A pole is a noun phrase, a single verb, or (for some patterns) a single adjective."""
    if any(doc[k].pos_ in NOUNISH for k in range(*span)):
        return True
    if span[1] - span[0] == 1:
        pos = doc[span[0]].pos_
        return pos == "VERB" or (pos == "ADJ" and pattern in ADJ_POLE_PATTERNS)
    return False


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


def concept_words(doc, span: tuple[int, int], max_tokens: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A pole's concept (lemmas, for matching and merging) and the same words as written (lower
    case, acronyms kept), for naming it: "data" names the concept ("datum",)."""
    tokens: list[tuple[str, str]] = []
    for k in range(*span):
        t = doc[k]
        if hyphen_glued(doc, k):
            tokens.append(("-", "-"))
            continue
        if t.is_punct or t.is_space or t.pos_ in {"DET", "NUM"} or t.tag_ in {"PRP$", "POS"}:
            continue
        if t.lower_ in FLUFF and t.pos_ != "NOUN":
            continue
        text = FOOTNOTE.sub("", t.text)
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
    if all(g == "of" or doc.vocab[g].like_num for g in lemmas):
        return (), ()  # an amount ("tens of thousands"), not a concept
    return lemmas, tuple(g[1] for g in glued)



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
    while i > s0 and (hyphen_glued(doc, i) or hyphen_glued(doc, i - 1)):
        i -= 1
    while j < s1 and (hyphen_glued(doc, j) or hyphen_glued(doc, j - 1)):
        j += 1
    return (i, j)


def poles_for(doc, pattern: str, start: int, end: int, sent) -> tuple[tuple[int, int], tuple[int, int]] | None:
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
        # both nouns (a gerund counts: "decided by permitting, not by the technology"), and Y ends
        # the clause: "about correlation, not causation."
        if not (_nounish(doc, left) and _nounish(doc, right)):
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
        return _parallel_subject(doc, _bare_like(doc, left, right), right, s0), right
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
        if left is None or not any(doc[k].pos_ in NOUNISH for k in range(*left)):
            return None
        if not _deliberative(doc, s0, left[0]):
            return None  # "Anyone got the sauce or the video?" asks for either, it contrasts nothing
        return left, right
    return None
