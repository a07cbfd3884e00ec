"""Answered quotes: a passage someone quotes from outside the thread and argues against.

A comment that quotes the post it answers, or a comment the thread does not hold (deleted, not
fetched, another page of a LessWrong dump), picks the words it disputes and writes against them:
that passage is a point of contention even though its writer never speaks in the thread. The stance
stage reads the answer to each such quote (``Quote.answer``); a confident disagreement (or a
partial one, at half weight) makes the passage a crux claim of its own:

* the label is the quoted passage (cut at ``label_chars``; the crux's first evidence, of kind
  ``crux-quote``, holds all of it, with its offsets in the quoting comment);
* the side *for* it is the quoted author when the quote names one (forum quote tags), else nobody
  in the thread (its evidence is the quoted words);
* the side *against* it is the quoting author, with the sentence of the answer that shows it (the
  stance cue when one fired, else the answer's first sentence), and the answer's claims.

The disagreement it explains is the answer's weight (confidence, a partial at half), counted in the
thread's disagreement alongside the stance relations, so it ranks with the other cruxes by the
same measure: a lone answered quote ranks below a dispute across several people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from argmap.analysis.cruxes.ranking import crux_score
from argmap.analysis.cruxes.sides import snip
from argmap.mapindex import MapIndex
from argmap.models import ATTACKING_KINDS, ArgumentMap, Crux, CruxPole, Evidence, disagreement_weight

ANSWER_PREFIX = "quote-answer:"
"""Coverage key of an answered quote (``ANSWER_PREFIX + quote_id``), beside the relation ids."""


def answer_weights(amap: ArgumentMap, min_confidence: float, kinds=frozenset({"disagree"})) -> dict[str, float]:
    """The disagreement of each confident answer to a quote from outside the thread, keyed like a
    relation id (``ANSWER_PREFIX + quote_id``): confidence, a partial at half."""
    out = {}
    for q in amap.quotes:
        a = q.answer
        if a is None or a.uncertain or a.kind not in kinds or a.confidence < min_confidence:
            continue
        out[ANSWER_PREFIX + q.quote_id] = a.confidence * disagreement_weight(a.kind)
    return out


def find_answered_quotes(amap: ArgumentMap, docs: Mapping[str, object], *, min_confidence: float = 0.6,
                         min_words: int = 4, label_chars: int = 120) -> list[tuple[Crux, dict[str, float]]]:
    """Crux claims of passages quoted from outside the thread and answered with a disagreement, each
    with what it covers (``ANSWER_PREFIX + quote_id`` -> weight)."""
    weights = answer_weights(amap, min_confidence)
    if not weights:
        return []
    index = MapIndex(amap)
    comments, claims_of = index.comments, index.claims_of
    quotes_of: dict[str, list] = defaultdict(list)
    for q in amap.quotes:
        quotes_of[q.comment_id].append(q)
    for qs in quotes_of.values():
        qs.sort(key=lambda q: q.start)
    out = []
    for q in amap.quotes:
        key = ANSWER_PREFIX + q.quote_id
        if key not in weights or q.comment_id not in comments:
            continue
        passage = " ".join(q.text.split())
        if sum(1 for w in passage.split() if w.strip(".,;:!?\"'()…[]").isalpha()) < min_words:
            continue
        comment = comments[q.comment_id]
        following = [o.start for o in quotes_of[q.comment_id] if o.start >= q.end]
        end = min(following) if following else len(comment.text)
        answer_claims = [cl.claim_id for cl in sorted(claims_of.get(q.comment_id, []), key=lambda c: c.start)
                         if q.end <= cl.start < end]
        replier = comment.author
        quoted = q.quoted_author if q.quoted_author and q.quoted_author != replier else None
        why = _answer_sentence(q, comment, end, answer_claims, index)
        label = passage if len(passage) <= label_chars else passage[:label_chars - 1].rstrip() + "…"
        quote_ev = Evidence(kind="side-quoted", text=snip(passage), comment_id=q.comment_id, start=q.start, end=q.end,
                            author=quoted)
        sided = (quoted is not None) + (replier is not None)
        crux = Crux(
            crux_id=f"{amap.thread_id}/crux-quote:{q.quote_id}", thread_id=amap.thread_id, label=label, form="claim",
            poles=[CruxPole(concept="for", authors=[quoted] if quoted else [], evidence=[quote_ev]),
                   CruxPole(concept="against", authors=[replier] if replier else [], claim_ids=answer_claims,
                            evidence=[why])],
            score=crux_score(weights[key], sided, 2),
            evidence=[Evidence(kind="crux-quote", text=passage, comment_id=q.comment_id, start=q.start,
                               end=q.end, author=quoted),
                      why.model_copy(update={"kind": f"stance-{q.answer.kind}"})],
            disagreements=1)
        out.append((crux, {key: weights[key]}))
    return out


def _answer_sentence(q, comment, end: int, answer_claims: list[str], index: MapIndex) -> Evidence:
    """The sentence of the answer that shows the quoting author against the passage: the stance
    cue when one fired inside the answer, else the answer's first claim, else its opening words."""
    kind = f"side-{q.answer.kind}"
    for e in q.answer.evidence:
        if e.comment_id == q.comment_id and e.start is not None and q.end <= e.start < end and e.kind != "model":
            return Evidence(kind=kind, text=e.text, comment_id=q.comment_id, claim_id=e.claim_id, start=e.start,
                            end=e.end, score=q.answer.confidence, author=comment.author)
    if answer_claims:
        cl = index.claims[answer_claims[0]]
        return Evidence(kind=kind, text=cl.text, comment_id=q.comment_id, claim_id=cl.claim_id, start=cl.start,
                        end=cl.end, score=q.answer.confidence, author=comment.author)
    text = comment.text[q.end:end]
    lead = len(text) - len(text.lstrip())
    words = snip(text.strip())
    return Evidence(kind=kind, text=words, comment_id=q.comment_id, start=q.end + lead, end=q.end + lead + len(words),
                    score=q.answer.confidence, author=comment.author)
