"""The crux stage's vocabulary: the English cues of a stated contrast ("vs", "rather than",
"the distinction between"), the words that frame one as a disagreement, and the generic words a pole
concept sheds ("whole", "methods", "a question of"). Generic English, not topic words."""

from __future__ import annotations

import re

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
them they these those what which who case kind type sort point fact bit much many more less other
mine yours his hers ours theirs my your our their""".split())
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
                    "dichotomy", "contrast", "comparison", "choice", "choose", "conflict", "confusion", "conflation"]
CONFLATE_TRIGGERS = ["conflate", "confuse", "equate", "conflation", "confusion", "mix"]
FROM_TRIGGERS = ["distinguish", "separate", "differentiate", "decouple", "disentangle"]
DISTINCT_ADJ = ["distinct", "different", "separate", "orthogonal", "independent", "unrelated"]
COORD = {"and", "with", "from", "or", "vs", "vs.", "versus", "&"}

# Pattern name -> which pole the writer favours (0 = first, 1 = second, None = symmetric).
PREFERENCE = {
    "x-rather-than-y": 0, "x-instead-of-y": 0, "x-as-opposed-to-y": 0, "x-not-y": 0, "x-but-not-y": 0,
    "not-x-but-y": 1, "not-x-it-is-y": 1, "x-it-is-not-y": 0,
}

NOUNISH = {"NOUN", "PROPN"}
MODIFIER = {"ADJ", "NOUN", "PROPN"}

QUESTION_LEAD = frozenset("so well then now is it was which one the a question real point : , - — is are".split())
DELIBERATIVE = frozenset("should shall do does must would can".split())

FOOTNOTE = re.compile(r"\[\d{1,3}\]?$|\[\d{1,3}\]|\^\d+|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
"""Footnote markers glued to a word: "Democrats[0]", "studies[12]", "growth^3", "risk²"."""

CUES = ("vs", "versus", "rather", "instead", "opposed", "between", "distinguish", "separat", "differentiat",
        "decoupl", "disentangl", "conflat", "confus", "equat", "mix", "distinct", "differen", "orthogonal",
        "independent", "unrelated", "same", "whether")
X_NOT_RE = re.compile(r"[,;—–]\s*not\b")

NEGATORS = frozenset("not n't never no nobody nothing none".split())

ATTRIBUTING_VERBS = frozenset("""think believe assume want mean say claim agree disagree object suggest imply
argue state write admit concede ask misunderstand miss ignore forget feel expect pretend""".split())
"""Verbs of thinking and saying: with "you" for subject ("So you don't agree with Wolpert", "I guess
you just assumed that I am white") a claim says what the addressee thinks or does, not how things are.
Not the factive ones ("you know that X", "you can see that X" assert X)."""

REPORTING_VERBS = frozenset("say tell claim hear read".split())
"""Verbs that report what someone holds: "a lot of people say that the weather is bad" (with people
for subject, ``PEOPLE``, the writer reports it; "I say that X" asserts X)."""

PEOPLE = frozenset("""people person someone somebody everyone everybody they he she friend parent
teacher student classmate guy man woman folk""".split())
"""Subjects that are people, not a source the writer cites ("the study says", "it actually says")."""

ADDRESSEE_VIEWS = frozenset("objection point argument view position claim problem issue complaint".split())
"""Nouns for someone's stance: "your objection is to X" describes the addressee's argument."""

INVITING_VERBS = frozenset("prove correct convince persuade change".split())
"""Verbs of an invitation to challenge the writer: "feel free to prove me wrong", "correct me if I'm
wrong", "change my view", "convince me otherwise"."""

OWN_VIEWS = frozenset("view mind opinion".split())
"""What "change my ..." changes: the writer's own view."""

VIEW_NOUNS = frozenset("way view reasoning argument logic framing take perspective thinking approach".split())
"""Nouns for a way of seeing ("this way of looking at it is simplistic"): a clause about one speaks of the
writer's view, not of the matter."""

FRAME_HEADS = frozenset("society system country nation state government world order regime culture".split())
"""Nouns that name what a quality is the frame of: "a free, democratic society" is democracy, "a
capitalist system" capitalism. A pole of such a noun and an adjective is also mentioned by the noun
the adjective is made from (``ADJECTIVE_NOUNS``)."""

ADJECTIVE_NOUNS = (("atic", "acy"), ("ical", "y"), ("ical", "ics"), ("ic", "y"), ("ist", "ism"), ("al", ""))
"""Endings of an adjective made from a noun, and the noun's ending: democratic / democracy,
ideological / ideology, political / politics, oligarchic / oligarchy, socialist / socialism,
constitutional / constitution. A derived noun counts only where the thread uses it."""
