"""Stage 3, cruxes: the contrasted concepts a disagreement turns on ("energy vs capacity").

How a crux is found, in five steps (``find_cruxes``):

1. **Contrast statements.** spaCy's ``Matcher`` finds the cue of an explicit contrast in every
   comment ("X vs Y", "X versus Y", "X rather than Y", "X instead of Y", "X as opposed to Y",
   "X, not Y", "X but not Y", "not X but Y", "conflating X and/with Y", "two distinct problems: X and Y",
   "the distinction/difference between X and Y", "distinguish X from Y", "X is different from Y",
   "X and Y are different things", "whether X or Y", a short question "X or Y?" when it is the
   point — "So, X or Y?", "Should we fund X or Y?", not "Anyone got X or Y?" — a denial and its
   correction, "It's not X, it's Y", and a comparison of two things, "X is more important than
   Y", "better handled by X than by Y"). The two poles are read off the parse around the cue: noun phrases (adjectives, compounds, hyphenated words, an ``of`` complement), or a single verb
   for the patterns that contrast actions ("regulate rather than ban").
2. **Concepts.** Each pole is normalised: lemmas, lower case, without determiners, possessives,
   numbers and a short list of adjectival fluff ("whole", "real", "distinct", ...), keeping at most
   the last ``max_pole_tokens`` words, and dropping a generic trailing head ("elicitation methods" →
   "elicitation", "safety research" → "safety") or lead ("a question of supply" → "supply"); the
   label shows the same words as written ("data", where the concept has the lemma "datum"); an
   amount ("tens of thousands") is no concept. Concepts from different statements merge when they are
   equal or near-equal spellings (rapidfuzz ``ratio`` ≥ ``fuzzy_cutoff``, which absorbs typos).
   Statements with the same pair of concepts make one crux; a pair whose poles merge is dropped.
3. **Sides.** Every claim in the exchange around the contrast (comments within ``exchange_hops``
   replies up or down the reply chain of a statement of it, and those its stance edges join it to;
   never sideways to the other replies of what it answers) that states a position (not a story
   told) and mentions a pole concept (its lemmas in order, each
   word matched exactly or fuzzily for words of 6+ letters; text inside quotes of someone else does not
   count) *speaks to* that pole; a claim mentioning both poles speaks to neither, and so does the claim
   that states the contrast (it names both, even where one pole's words were not found as a
   mention; a one-sided statement stands on the pole it favours, below). A claim *supports*
   the pole it speaks to, or the other pole when every mention is the subject of a denial ("I don't
   think price is what matters", "no audit will catch it"; only subjects: "we are not solving X" still
   argues for caring about X). Authors lean to a pole by, in order of weight:
   * stating a one-sided contrast ("X rather than Y", "not Y but X", "X is more important than Y":
     the writer favours X) — 2;
   * writing a claim that supports one pole — 1 per claim;
   * agreeing with (or conceding to) a claim supporting pole A (or a one-sided statement favouring
     A) — leans A; disagreeing with it — leans B; partly agreeing — half to B (weight = the
     relation's confidence);
   * having their claim on pole A disagreed with by someone — that someone already leans B, and the
     target is confirmed on A (half weight to A).
   An author stands on the pole with the larger lean; on both when the leans tie.
4. **Score** — the disagreement around the contrast: ``d`` = sum of confidences of disagree
   relations (half for partial) *about the contrast* — those touching a comment that states it, and
   those between a comment on one pole and a comment on the other (two comments that merely share a
   pole's word, perhaps the thread's topic, do not count) — plus
   ``framing_weight`` when the statement itself names a disagreement ("you are *conflating*", "our
   points of *disagreement*"). Agreement about it dilutes ``d`` (multiplied by
   ``f + (1 - f)·d/(d+a)``, ``f = agreement_floor``, 0.5), ``spread`` is 1.0 when both poles have
   authors, 0.6 when one has, 0.4 when none, and the author factor is ``1 + 0.2·min(authors-1, 5)``
   (``argmap.analysis.cruxes.ranking``). ``score = raw / (1 + raw)`` with
   ``raw = d' · spread · author factor``, in [0, 1). Only cruxes with ``score >= min_score`` are
   returned: in a thread where everybody agrees ``d = 0``, so only a statement that itself names a
   disagreement scores at all (``1.0 · 0.5 · 0.4`` → 0.17 when the replies agree) and none is reported.
5. **Disputed or not** (``_disputed``). Unless the statement names the disagreement, a contrast is a
   crux only when someone stands on a pole and the sides disagree: an author on one pole disagrees
   with one on the other, or the disagreements about it come from ``min_contrast_disputes`` authors,
   or an evaluative comparison stating it is a sure rebuttal of the comment it answers ("Hate speech
   is better limited by social pressure than legal sanction" under "Hate speech should be banned":
   the writer says what they dispute stands for the other pole).
   In a large thread, a pole that more than ``pervasive_share`` of the comments mention (the topic
   word) separates nobody, and the contrast is dropped.

**Crux claims** (``argmap.analysis.cruxes.claims``) are found from the disagreement structure where
nobody wrote a contrast: the claim two camps of voices dispute, its sides only the authors placed by
their own replies. **Answered quotes** (``argmap.analysis.cruxes.quoted``): a passage quoted from
outside the thread (the post, a comment the thread lacks) that the quoting comment argues against
(``Quote.answer``) is a crux claim too, the quoting author against it. **Repeated objections**
(``argmap.analysis.cruxes.repeated``): one objection raised word for word against several claims
("The correlation between these two is not necessarily cause and effect." under each statistic of
a debate) is a crux claim, its writers for it, the claims it answers against it. **Ranking** (``argmap.analysis.cruxes.ranking``) orders both forms by how much of
the thread's disagreement each explains that no crux above it does.


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

from collections.abc import Mapping

from argmap.analysis.cruxes.claims import CruxClaimSettings, find_crux_claims
from argmap.analysis.cruxes.explicit import FRAMING_PREFIX, find_explicit
from argmap.analysis.cruxes.quoted import answer_weights, find_answered_quotes
from argmap.analysis.cruxes.ranking import rank_cruxes
from argmap.analysis.cruxes.repeated import REPEATED_PREFIX, find_repeated_objections
from argmap.analysis.cruxes.settings import CruxSettings
from argmap.analysis.cruxes.statements import Statement, build_matcher, contrast_statements
from argmap.models import ArgumentMap, Crux

__all__ = ["CruxFinder", "CruxSettings", "Statement", "find_cruxes"]


class CruxFinder:
    """``find_cruxes`` as an object: settings in ``__init__``, one matcher per spaCy vocabulary."""

    def __init__(self, settings: CruxSettings | None = None):
        self.settings = settings or CruxSettings()
        self._matchers: dict[int, object] = {}

    def _matcher(self, vocab):
        key = id(vocab)
        if key not in self._matchers:
            self._matchers[key] = build_matcher(vocab)
        return self._matchers[key]

    # step 1
    def statements(self, comment_id: str, doc, text: str | None = None) -> list[Statement]:
        """The contrast statements of one parsed comment (``text`` is ``doc.text``, when the caller
        has it at hand)."""
        return contrast_statements(comment_id, doc, self._matcher(doc.vocab), self.settings.max_pole_tokens, text)

    def __call__(self, amap: ArgumentMap, docs: Mapping[str, object]) -> list[Crux]:
        explicit, coverage = find_explicit(amap, docs, self.settings, self.statements)
        implicit = []
        answers: dict[str, float] = {}
        if self.settings.implicit:
            claim_settings = self.settings.claims or CruxClaimSettings()
            found = find_crux_claims(amap, docs, settings=claim_settings)
            if self.settings.repeated_objections:
                found += find_repeated_objections(amap, docs, min_confidence=claim_settings.min_confidence,
                                                  min_targets=self.settings.repeated_targets,
                                                  min_words=claim_settings.min_claim_words,
                                                  min_prose_share=claim_settings.min_prose_share,
                                                  label_chars=claim_settings.label_chars)
            if self.settings.answered_quotes:
                answers = answer_weights(amap, self.settings.answer_confidence)
                found += find_answered_quotes(amap, docs, min_confidence=self.settings.answer_confidence,
                                              weights=answers, min_words=claim_settings.min_claim_words,
                                              label_chars=claim_settings.label_chars)
            for crux, covered in found:
                if crux.score >= self.settings.min_score:
                    implicit.append(crux)
                    coverage[crux.crux_id] = covered
        # disagreement that is no stance relation: answers to quotes from outside the thread, and
        # statements that name the disagreement they state
        extra = dict(answers)
        extra.update((k, w) for cover in coverage.values() for k, w in cover.items() if k.startswith((FRAMING_PREFIX, REPEATED_PREFIX)))
        return rank_cruxes(amap, explicit, implicit, coverage, repeat_cutoff=self.settings.repeat_cutoff, extra=extra)


def find_cruxes(amap: ArgumentMap, docs: Mapping[str, object], *, settings: CruxSettings | None = None) -> list[Crux]:
    """The cruxes of one thread scored at least ``settings.min_score``, highest first.
    ``docs`` maps comment_id to the spaCy Doc of ``comment.text``."""
    return CruxFinder(settings)(amap, docs)
