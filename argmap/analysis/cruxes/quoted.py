"""Answered quotes: a passage someone quotes from outside the thread and argues against.

A comment that quotes the post it answers, or a comment the thread does not hold (deleted, not
fetched, another page of a LessWrong dump), picks the words it disputes and writes against them:
that passage is a point of contention even though its writer never speaks in the thread. The stance
stage reads the answer to each such quote (``Quote.answer``); an answer whose most likely reading
is a disagreement (``answer_confidence``, 0.4 of three kinds, sure or not: that the writer chose
these words to quote and answer is the evidence of a dispute; not a partial "yes, but": measured,
those added cruxes and matched none) makes the passage a crux claim of its own:

* the label is the quoted passage (cut at ``label_chars``; the crux's first evidence, of kind
  ``crux-quote``, holds all of it, with its offsets in the quoting comment);
* the side *against* it is the quoting author, with the sentence of the answer that shows it (the
  stance cue when one fired, else the answer's first claim), and the answer's claims;
* the side *for* it is the quoted author when the quote names one (forum quote tags), else nobody
  in the thread (its evidence is the quoted words);
* the same passage quoted by several comments (the article's line a whole thread argues with) is
  one crux: each disagreement with it is against, each sure agreement (0.6) for, and
  someone who answered it both ways is ``unclear``.

The disagreement it explains is the answers' weight (their confidences), counted in the
thread's disagreement alongside the stance relations, so it ranks with the other cruxes by the
same measure: a lone answered quote ranks below a dispute across several people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from rapidfuzz import fuzz

from argmap.analysis.cruxes.ranking import crux_score
from argmap.analysis.cruxes.sides import snip
from argmap.mapindex import MapIndex
from argmap.models import SUPPORTING_KINDS, ArgumentMap, Crux, CruxPole, Evidence

AGREEMENT_CONFIDENCE = 0.6
"""An answer agreeing with a disputed passage puts its author for it only when this sure (and not
uncertain), as a stance edge must be to put anyone in a camp."""
ANSWER_PREFIX = "quote-answer:"
"""Coverage key of an answered quote (``ANSWER_PREFIX + quote_id``), beside the relation ids."""


def answer_weights(amap: ArgumentMap, min_confidence: float) -> dict[str, float]:
    """The disagreement of each answer read as a disagreement at ``min_confidence`` or more to a
    quote from outside the thread, keyed like a relation id (``ANSWER_PREFIX + quote_id``): its
    confidence. The stance model's ``uncertain`` flag is not required off: that the writer picked
    these words to quote and answer is the evidence of a dispute, and the model only has to say
    which way the answer goes (disagreement as its most likely reading)."""
    return {ANSWER_PREFIX + q.quote_id: q.answer.confidence for q in amap.quotes
            if q.answer is not None and q.answer.kind == "disagree" and q.answer.confidence >= min_confidence}


def find_answered_quotes(amap: ArgumentMap, docs: Mapping[str, object], *, min_confidence: float = 0.4,
                         weights: Mapping[str, float] | None = None, min_words: int = 4, label_chars: int = 120,
                         same_passage: float = 90.0) -> list[tuple[Crux, dict[str, float]]]:
    """Crux claims of passages quoted from outside the thread and answered with a disagreement, each
    with what it covers (``ANSWER_PREFIX + quote_id`` -> weight). ``weights``: ``answer_weights(amap,
    min_confidence)`` when the caller has it already.

    The same passage quoted by several comments (the article's line everybody argues with; equal, or
    rapidfuzz ``ratio`` >= ``same_passage`` once case and spacing are set aside, among passages that
    begin or end with the same four words) is one crux: every disagreement with it is against,
    every sure agreement with it (``AGREEMENT_CONFIDENCE``) is for."""
    weights = answer_weights(amap, min_confidence) if weights is None else weights
    if not weights:
        return []
    index = MapIndex(amap)
    comments = index.comments
    quotes_of: dict[str, list] = defaultdict(list)
    for q in amap.quotes:
        quotes_of[q.comment_id].append(q)
    for qs in quotes_of.values():
        qs.sort(key=lambda q: q.start)

    def wordy(q) -> bool:
        return sum(1 for w in q.text.split() if w.strip(".,;:!?\"'()…[]").isalpha()) >= min_words

    # passages: disputed ones first (each starts a group), then every answered quote of the same words
    groups: list[tuple[str, list]] = []
    blocks: dict[str, list[int]] = defaultdict(list)  # first / last words -> groups (linear, not n²)

    def keys(norm: str) -> tuple[str, str]:
        words = norm.split()
        return "<" + " ".join(words[:4]), ">" + " ".join(words[-4:])

    def group_of(norm: str) -> int | None:
        for key in keys(norm):
            for g in blocks.get(key, ()):
                if norm == groups[g][0] or fuzz.ratio(norm, groups[g][0]) >= same_passage:
                    return g
        return None

    for q in amap.quotes:
        if ANSWER_PREFIX + q.quote_id in weights and q.comment_id in comments and wordy(q):
            norm = " ".join(q.text.lower().split())
            g = group_of(norm)
            if g is None:
                groups.append((norm, [q]))
                for key in keys(norm):
                    blocks[key].append(len(groups) - 1)
            else:
                groups[g][1].append(q)
    for q in amap.quotes:  # agreements with a disputed passage put their authors for it
        a = q.answer
        if a is None or a.uncertain or a.kind not in SUPPORTING_KINDS or a.confidence < AGREEMENT_CONFIDENCE:
            continue
        if q.comment_id not in comments:
            continue
        g = group_of(" ".join(q.text.lower().split()))
        if g is not None:
            groups[g][1].append(q)
    return [_passage_crux(amap, members, weights, quotes_of, index, label_chars) for _, members in groups]


def _passage_crux(amap: ArgumentMap, members: list, weights: Mapping[str, float], quotes_of, index: MapIndex,
                  label_chars: int) -> tuple[Crux, dict[str, float]]:
    comments, claims_of = index.comments, index.claims_of
    first = members[0]
    passage = " ".join(first.text.split())
    label = passage if len(passage) <= label_chars else passage[:label_chars - 1].rstrip() + "…"
    covered: dict[str, float] = {}
    sides: list[dict[str, Evidence]] = [{}, {}]  # author -> their sentence, for and against
    claim_ids: list[list[str]] = [[], []]
    quoted_authors: set[str] = set()
    unsigned = [0, 0]
    attacks = []
    for q in members:
        comment = comments[q.comment_id]
        following = [o.start for o in quotes_of[q.comment_id] if o.start >= q.end]
        end = min(following) if following else len(comment.text)
        answer_claims = [cl.claim_id for cl in sorted(claims_of.get(q.comment_id, []), key=lambda c: c.start)
                         if q.end <= cl.start < end]
        side = 0 if q.answer.kind in SUPPORTING_KINDS else 1
        why = _answer_sentence(q, comment, end, answer_claims, index)
        if side == 1:
            covered[ANSWER_PREFIX + q.quote_id] = weights[ANSWER_PREFIX + q.quote_id]
            attacks.append(why)
        claim_ids[side].extend(c for c in answer_claims if c not in claim_ids[side])
        who = comment.author
        if who is None:
            unsigned[side] += 1
        elif who not in sides[side] or (why.score or 0) > (sides[side][who].score or 0):
            sides[side][who] = why
        if q.quoted_author and q.quoted_author != who:
            quoted_authors.add(q.quoted_author)
    unclear = sorted(set(sides[0]) & set(sides[1]))  # an author who answered it both ways
    for_ = {a: e for a, e in sides[0].items() if a not in unclear}
    against = {a: e for a, e in sides[1].items() if a not in unclear}
    quote_ev = Evidence(kind="side-quoted", text=snip(passage), comment_id=first.comment_id, start=first.start,
                        end=first.end, author=None)
    for who in sorted(quoted_authors - set(against) - set(unclear)):
        for_.setdefault(who, quote_ev.model_copy(update={"author": who}))
    if not for_:
        for_evidence = [quote_ev]  # the quoted words themselves: their writer is not in the thread
    else:
        for_evidence = [for_[a] for a in sorted(for_)]
    n_for = len(for_) + unsigned[0] + (0 if for_ else 1)  # the absent writer is a voice too
    n_against = len(against) + unsigned[1]
    sided = (len(for_) + unsigned[0] > 0) + (n_against > 0)
    crux = Crux(
        crux_id=f"{amap.thread_id}/crux-quote:{first.quote_id}", thread_id=amap.thread_id, label=label, form="claim",
        poles=[CruxPole(concept="for", authors=sorted(for_), claim_ids=claim_ids[0], evidence=for_evidence),
               CruxPole(concept="against", authors=sorted(against), claim_ids=claim_ids[1],
                        evidence=[against[a] for a in sorted(against)])],
        score=crux_score(sum(covered.values()), sided, n_for + n_against),
        evidence=[Evidence(kind="crux-quote", text=passage, comment_id=first.comment_id, start=first.start,
                           end=first.end, author=None),
                  *(e.model_copy(update={"kind": e.kind.replace("side-", "stance-", 1)}) for e in attacks[:8])],
        unclear=unclear, disagreements=len(covered))
    return crux, covered


def _answer_sentence(q, comment, end: int, answer_claims: list[str], index: MapIndex) -> Evidence:
    """The sentence of the answer that shows the quoting author against the passage: the stance
    cue when one fired inside the answer ("No one has argued that..."), else the answer's first
    claim, else its opening words. Not the sentence a negation overlap was read in: a negation
    somewhere in the answer ("This isn't some in-the-weeds point") says less than its first claim."""
    kind = f"side-{q.answer.kind}"
    for e in q.answer.evidence:
        if (e.comment_id == q.comment_id and e.start is not None and q.end <= e.start < end
                and e.kind not in {"model", "negation-overlap"}):
            claim_id = e.claim_id or next((c for c in answer_claims
                                           if index.claims[c].start <= e.start < index.claims[c].end), None)
            return Evidence(kind=kind, text=e.text, comment_id=q.comment_id, claim_id=claim_id, start=e.start,
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
