"""Repeated objections: the same objection raised against several claims of a thread.

A debate whose writers keep answering different claims with one and the same objection ("The
correlation between these two is not necessarily cause and effect." under each statistic of a Kialo
debate, a counter-argument pasted under several comments of a Reddit thread) turns on that
objection: each claim it answers is disputed on the same ground. Each use alone is one attack (no
crux claim: a dispute needs repetition), but together they are a repeated dispute across several
claims, which is what a crux claim is. An objection is repeated when comments with the same text
(case, spacing and punctuation aside; at least ``min_words`` words, prose) each surely attack (a
stance edge of at least ``min_confidence``, not uncertain) the comment they answer, and those are at
least ``min_targets`` different comments.

The crux claim is the objection:

* the label is the objection's text (cut at ``label_chars``); its claim is the first use's first
  claim;
* *for* it: the writers of each use (their own words), and anyone whose reply to a use surely agrees
  with it;
* *against* it: the writer of each claim it answers (their claim is what it disputes, the evidence),
  and anyone whose reply to a use surely attacks it;
* it explains each use's attack wholly, and the attacks on its uses.

Unsigned writers (a Kialo debate) are voices of their own, counted but never listed, as in
``argmap.analysis.cruxes.claims``. Linear in the thread: uses are grouped by their normalised text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from argmap.analysis.cruxes.claims import ANON, _OwnWords, voice
from argmap.analysis.cruxes.ranking import crux_score
from argmap.analysis.cruxes.sides import relation_evidence, snip
from argmap.mapindex import MapIndex
from argmap.models import ATTACKING_KINDS, SUPPORTING_KINDS, ArgumentMap, Crux, CruxPole, Evidence, disagreement_weight

REPEATED_PREFIX = "repeated-use:"
"""Coverage key of one use of a repeated objection (``REPEATED_PREFIX + relation_id``), beside the
relation ids."""
_NOT_WORD = re.compile(r"[^\w]+")


def _key(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def find_repeated_objections(amap: ArgumentMap, docs: Mapping[str, object] | None = None, *,
                             min_confidence: float = 0.6, min_targets: int = 2, min_words: int = 4,
                             min_prose_share: float = 0.6, label_chars: int = 120,
                             max_evidence: int = 8, same_words: float | None = 0.6,
                             min_content: int = 4) -> list[tuple[Crux, dict[str, float]]]:
    """Crux claims of objections raised against ``min_targets`` or more comments, word for word or
    in nearly the same words (``same_words``), each with what it covers (coverage key -> weight)."""
    index = MapIndex(amap)
    comments = index.comments
    sure = [rel for rel in amap.relations
            if rel.level == "reply" and rel.confidence >= min_confidence and not rel.uncertain
            and rel.source_comment_id in comments and rel.target_comment_id in comments
            and comments[rel.source_comment_id].parent_id == rel.target_comment_id
            and voice(comments[rel.source_comment_id]) != voice(comments[rel.target_comment_id])]
    uses: dict[str, list] = defaultdict(list)   # normalised text -> its uses' attacks on what they answer
    for rel in sure:
        if rel.kind not in ATTACKING_KINDS:
            continue
        text = comments[rel.source_comment_id].text
        pieces = text.split()
        words = sum(1 for w in pieces if w.strip(".,;:!?\"'()").isalpha())
        if words < min_words or words < min_prose_share * len(pieces):
            continue
        uses[_key(text)].append(rel)
    groups = [rels for rels in _restated(uses, amap, docs, same_words, min_content)
              if len({r.target_comment_id for r in rels}) >= min_targets]
    if not groups:
        return []
    answers: dict[str, list] = defaultdict(list)  # a use -> the sure stance edges of replies to it
    for rel in sure:
        if rel.kind in ATTACKING_KINDS or rel.kind in SUPPORTING_KINDS:
            answers[rel.target_comment_id].append(rel)
    out = [_crux(amap, rels, answers, index, label_chars, max_evidence) for rels in groups]
    out.sort(key=lambda x: (-sum(x[1].values()), x[0].crux_id))
    return out


def _restated(uses: Mapping[str, list], amap: ArgumentMap, docs: Mapping[str, object] | None,
              same_words: float | None, min_content: int, max_posting: int = 50) -> list[list]:
    """The uses grouped by objection: the same text, or texts whose content words (lemmas of nouns,
    verbs and adjectives outside quotes, ``claims._content``) overlap by at least ``same_words``
    (Jaccard, both with ``min_content`` words or more): "ChatBots may reinforce certain already
    dominant forms of expression and writing that further marginalize other forms." and "But
    ChatBots can also reinforce already dominant forms of expression and writing and thereby
    further marginalize other valid forms" are one objection. Candidate pairs come from an index of
    the words (a word in more than ``max_posting`` texts proposes none), so the grouping stays near
    linear in the thread."""
    keys = list(uses)
    if same_words is None or docs is None or len(keys) < 2:
        return [uses[k] for k in keys]
    own = _OwnWords(amap, docs)
    words = {k: own(uses[k][0].source_comment_id) for k in keys}
    posting: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if len(words[k]) >= min_content:
            for w in words[k]:
                posting[w].append(i)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, k in enumerate(keys):
        if len(words[k]) < min_content:
            continue
        shared: dict[int, int] = defaultdict(int)
        for w in words[k]:
            ids = posting[w]
            if len(ids) <= max_posting:
                for j in ids:
                    if j > i:
                        shared[j] += 1
        for j, n in shared.items():
            if n / len(words[k] | words[keys[j]]) >= same_words - 1e-9:
                parent[find(j)] = find(i)
    groups: dict[int, list] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[find(i)].extend(uses[k])
    return list(groups.values())


def _crux(amap: ArgumentMap, uses: list, answers: Mapping[str, list], index: MapIndex, label_chars: int,
          max_evidence: int, shared: float = 0.5) -> tuple[Crux, dict[str, float]]:
    comments, claims_of = index.comments, index.claims_of
    uses = sorted(uses, key=lambda r: comments[r.source_comment_id].index)
    first = comments[uses[0].source_comment_id]
    first_claims = sorted(claims_of.get(first.comment_id, []), key=lambda c: c.start)
    claim = first_claims[0] if first_claims else None
    text = " ".join(first.text.split())
    label = text if len(text) <= label_chars else text[:label_chars - 1].rstrip() + "…"

    def text_of(cid: str) -> str:
        return comments[cid].text

    def first_claim(cid: str):
        cls = sorted(claims_of.get(cid, []), key=lambda c: c.start)
        return cls[0] if cls else None

    def own_claim(cid: str) -> Evidence:
        cl = first_claim(cid)
        author = comments[cid].author
        if cl is None:
            return Evidence(kind="side-claim", text=snip(comments[cid].text), comment_id=cid, author=author)
        return Evidence(kind="side-claim", text=cl.text, comment_id=cid, claim_id=cl.claim_id, start=cl.start,
                        end=cl.end, author=author)

    covered: dict[str, float] = {}
    lean: dict[str, float] = defaultdict(float)
    why: dict[tuple[str, int], Evidence] = {}
    claim_ids: list[list[str]] = [[], []]

    def place(cid: str, side: int, evidence: Evidence) -> None:
        who = voice(comments[cid])
        lean[who] += side
        if comments[cid].author is not None:
            why.setdefault((who, side), evidence)
        cl = evidence.claim_id or (first_claim(cid).claim_id if first_claim(cid) else None)
        bucket = claim_ids[0 if side > 0 else 1]
        if cl and cl not in bucket:
            bucket.append(cl)

    for rel in uses:
        # each use's attack is the dispute of the claim it answers, which explains it: the objection's
        # repetition is disagreement of its own, half of each use (``REPEATED_PREFIX`` keys, counted in
        # the thread's total), so neither crux is a repeat of the other
        covered[REPEATED_PREFIX + rel.relation_id] = shared * rel.confidence * disagreement_weight(rel.kind)
        place(rel.source_comment_id, 1, own_claim(rel.source_comment_id))
        place(rel.target_comment_id, -1, own_claim(rel.target_comment_id))
    rebuttals = []
    for rel in uses:
        for ans in answers.get(rel.source_comment_id, []):
            side = 1 if ans.kind in SUPPORTING_KINDS else -1
            place(ans.source_comment_id, side, relation_evidence(ans, text_of))
            if side < 0:
                covered[ans.relation_id] = ans.confidence * disagreement_weight(ans.kind)
                rebuttals.append(ans)
    named = [a for a in lean if not a.startswith(ANON)]
    supporters = sorted(a for a in named if lean[a] > 0)
    opponents = sorted(a for a in named if lean[a] < 0)
    unclear = sorted(a for a in named if lean[a] == 0)
    n_voices = sum(1 for v in lean.values() if v != 0)
    sided = (any(v > 0 for v in lean.values())) + (any(v < 0 for v in lean.values()))
    attacks = sorted(uses + rebuttals, key=lambda r: -r.confidence)[:max_evidence]
    evidence = [Evidence(kind="crux-claim", text=claim.text if claim else snip(first.text), comment_id=first.comment_id,
                         claim_id=claim.claim_id if claim else None, start=claim.start if claim else None,
                         end=claim.end if claim else None, author=first.author)]
    evidence += [Evidence(kind=f"stance-{rel.kind}", text=relation_evidence(rel, text_of).text,
                          comment_id=rel.source_comment_id, claim_id=rel.source_claim_id, score=rel.confidence)
                 for rel in attacks]
    crux = Crux(
        crux_id=f"{amap.thread_id}/crux-repeated:{first.comment_id}", thread_id=amap.thread_id, label=label,
        form="claim", claim_id=claim.claim_id if claim else None,
        poles=[CruxPole(concept="for", authors=supporters, claim_ids=claim_ids[0],
                        evidence=[why[(a, 1)] for a in supporters if (a, 1) in why]),
               CruxPole(concept="against", authors=opponents, claim_ids=claim_ids[1],
                        evidence=[why[(a, -1)] for a in opponents if (a, -1) in why])],
        score=crux_score(sum(covered.values()), sided, n_voices),
        evidence=evidence, unclear=unclear, disagreements=len(covered))
    return crux, covered

