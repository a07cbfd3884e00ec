"""Explicit cruxes (steps 2-5): contrast statements merged by concept, the sides around each, the
disagreement about it, its score, and whether it is disputed at all."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Mapping

from argmap.analysis.cruxes.claims import ANON, states_a_position, voice
from argmap.analysis.cruxes.mentions import Mentions, is_denied, same_concept
from argmap.analysis.cruxes.ranking import crux_score
from argmap.analysis.cruxes.settings import CruxSettings
from argmap.analysis.cruxes.sides import Leans, relation_evidence, snip
from argmap.analysis.cruxes.statements import Statement
from argmap.mapindex import MapIndex
from argmap.models import (
    ATTACKING_KINDS, SUPPORTING_KINDS, ArgumentMap, Crux, CruxPole, Evidence, disagreement_weight,
)


Pair = tuple[tuple[str, ...], tuple[str, ...]]
"""A contrast's two pole concepts (normalised words), in a statement's order."""
Member = tuple[Statement, Pair]
"""A statement of a contrast, with its poles merged into the contrast's concepts."""


FRAMING_PREFIX = "framing:"
"""Coverage key of a statement that names the disagreement it states (``FRAMING_PREFIX + crux_id``)."""


def find_explicit(amap: ArgumentMap, docs: Mapping[str, object], settings: CruxSettings,
                  statements_of: Callable[[str, object, str], list[Statement]]
                  ) -> tuple[list[Crux], dict[str, dict[str, float]]]:
    """Explicit cruxes, unranked, with the disagreement each covers (relation id -> weight).
    ``statements_of(comment_id, doc, text)`` finds a comment's contrast statements."""
    quotes_by_comment: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in amap.quotes:
        quotes_by_comment[q.comment_id].append((q.start, q.end))
    statements = _own_statements(amap, docs, statements_of, quotes_by_comment)
    if not statements:
        return [], {}
    groups, seen = _merge_concepts(statements, settings.fuzzy_cutoff)
    if not groups:
        return [], {}
    thread = _Thread(amap, docs, quotes_by_comment, settings.fuzzy_cutoff)
    cruxes: list[Crux] = []
    coverage: dict[str, dict[str, float]] = {}
    for members in groups.values():
        found = _contrast_crux(thread, members, seen, settings)
        if found is not None:
            crux, covered = found
            cruxes.append(crux)
            coverage[crux.crux_id] = covered
    return cruxes, coverage


def _own_statements(amap: ArgumentMap, docs: Mapping[str, object], statements_of,
                    quotes_by_comment: Mapping[str, list[tuple[int, int]]]) -> list[Statement]:
    """Step 1: the contrast statements of every parsed comment, outside its quotes (a contrast inside
    a quote is the quoted author's statement, found where they wrote it)."""
    statements: list[Statement] = []
    for c in amap.comments:
        doc = docs.get(c.comment_id)
        if doc is not None and c.text:
            statements.extend(st for st in statements_of(c.comment_id, doc, c.text)
                              if not any(qs <= st.start < qe for qs, qe in quotes_by_comment.get(c.comment_id, ())))
    return statements


def _merge_concepts(statements: list[Statement], cutoff: float
                    ) -> tuple[dict[frozenset, list[Member]], dict[tuple[str, ...], dict[tuple[str, ...], int]]]:
    """Step 2: pole concepts merged across statements (equal or near-equal spellings), the
    statements grouped by their pair of concepts (a pair whose poles merge is dropped), and how often
    each concept was written each way (``seen[concept][spelling]``)."""
    canon: list[tuple[str, ...]] = []
    seen: dict[tuple[str, ...], dict[tuple[str, ...], int]] = defaultdict(lambda: defaultdict(int))

    def canonical(concept: tuple[str, ...]) -> tuple[str, ...]:
        for known in canon:
            if same_concept(concept, known, cutoff):
                seen[known][concept] += 1
                return known
        canon.append(concept)
        seen[concept][concept] += 1
        return concept

    groups: dict[frozenset, list[Member]] = defaultdict(list)
    for st in statements:
        a, b = canonical(st.poles[0]), canonical(st.poles[1])
        if a == b:
            continue
        groups[frozenset((a, b))].append((st, (a, b)))
    return groups, seen


class _Thread:
    """The look-ups over one thread that every contrast reads: the map's index, each comment's
    claims by position, its quotes, the stance edges touching it and the comments at their other
    ends, and where each concept is mentioned."""

    def __init__(self, amap: ArgumentMap, docs: Mapping[str, object],
                 quotes_by_comment: Mapping[str, list[tuple[int, int]]], cutoff: float):
        self.amap = amap
        self.docs = docs
        self.index = MapIndex(amap)
        self.comments = self.index.comments
        self.quotes_by_comment = quotes_by_comment
        self.claims_by_comment = {cid: sorted(cls, key=lambda cl: cl.start)
                                  for cid, cls in self.index.claims_of.items()}
        self.starts = {cid: [cl.start for cl in cls] for cid, cls in self.claims_by_comment.items()}
        self.mentions = Mentions(amap, docs, cutoff)
        self.relations_by_comment: dict[str, list[int]] = defaultdict(list)
        for n, rel in enumerate(amap.relations):
            self.relations_by_comment[rel.source_comment_id].append(n)
            if rel.target_comment_id != rel.source_comment_id:
                self.relations_by_comment[rel.target_comment_id].append(n)
        self.stance_neighbours: dict[str, set[str]] = defaultdict(set)
        for rel in amap.relations:
            self.stance_neighbours[rel.source_comment_id].add(rel.target_comment_id)
            self.stance_neighbours[rel.target_comment_id].add(rel.source_comment_id)
        self.relation_by_id = {rel.relation_id: rel for rel in amap.relations}

    def unit_of(self, comment_id: str, start: int, end: int) -> str | None:
        """The claim holding a mention (or the comment when the map has no claims for it);
        None for text quoted from someone else."""
        if any(qs <= start < qe for qs, qe in self.quotes_by_comment.get(comment_id, ())):
            return None
        cls = self.claims_by_comment.get(comment_id)
        if not cls:
            return comment_id
        k = bisect.bisect_right(self.starts[comment_id], start) - 1
        if k >= 0 and cls[k].start <= start < cls[k].end:
            return cls[k].claim_id
        return None

    def is_claim(self, unit: str | None) -> bool:
        return unit in self.index.claims

    def comment_of(self, unit: str) -> str:
        cl = self.index.claims.get(unit)
        return cl.comment_id if cl is not None else unit

    def author_of(self, unit: str) -> str | None:
        cl = self.index.claims.get(unit)
        if cl is not None:
            return cl.author or self.comments[cl.comment_id].author
        return self.comments[unit].author

    def voice_of(self, unit: str) -> str:
        """Who speaks in a unit: its author, or, unsigned (a Kialo debate), its comment's own voice
        (``argmap.analysis.cruxes.claims.voice``)."""
        return self.author_of(unit) or voice(self.comments[self.comment_of(unit)])

    def voice_of_comment(self, comment_id: str) -> str:
        return voice(self.comments[comment_id])

    def text_of(self, comment_id: str) -> str:
        return self.comments[comment_id].text

    def unit_evidence(self, unit: str, mention: tuple[str, int] | None, who: str) -> Evidence:
        """The author's own claim on a pole (or, in a comment without claims, the sentence of the mention)."""
        cl = self.index.claims.get(unit)
        if cl is not None:
            return Evidence(kind="side-claim", text=cl.text, comment_id=cl.comment_id, claim_id=cl.claim_id,
                            start=cl.start, end=cl.end, author=who)
        comment_id, k = mention if mention else (unit, 0)
        sent = self.docs[comment_id][k].sent
        return Evidence(kind="side-claim", text=sent.text, comment_id=comment_id, start=sent.start_char,
                        end=sent.end_char, author=who)

    def exchange(self, members: list[Member], hops: int) -> set[str]:
        """The comments of the exchange around a contrast: its statements, ``hops`` replies up and
        down their reply chains (what a statement answers, what answers it), and the comments
        their stance edges join them to (a quote of a comment elsewhere). Never sideways: the
        other replies to the comment a statement answers are other conversations (through the
        post, two hops from one reply would reach the whole thread)."""
        statements = {st.comment_id for st, _ in members}
        exchange = set(statements)
        for cid in statements:
            up = cid
            for _ in range(hops):  # what it answers, and what that answers
                up = self.comments[up].parent_id
                if up is None or up not in self.comments:
                    break
                exchange.add(up)
            down = {cid}
            for _ in range(hops):  # what answers it, and what answers those
                down = {k for d in down for k in self.index.children.get(d, ())}
                exchange |= down
            exchange |= self.stance_neighbours.get(cid, set())  # a quote of a comment elsewhere
        return exchange


class _PoleClaims:
    """Step 3: the claims (or comments without claims) of the exchange that speak to each pole, and
    the pole each supports."""

    def __init__(self, thread: _Thread, poles: Pair, exchange: set[str], stating: set[str | None] = frozenset()):
        units: list[dict[str, list[str]]] = [defaultdict(list), defaultdict(list)]
        denied: list[dict[str, list[bool]]] = [defaultdict(list), defaultdict(list)]
        self.first_mention: dict[str, tuple[str, int]] = {}
        """unit -> (comment id, token) of its first mention of a pole."""
        self.mentioned: list[set[str]] = [set(), set()]
        """The comments anywhere in the thread that mention each pole."""
        for side, concept in enumerate(poles):
            for comment_id, s, e, k in thread.mentions.find(concept):
                self.mentioned[side].add(comment_id)
                if comment_id not in exchange:
                    continue
                unit = thread.unit_of(comment_id, s, e)
                if unit is not None:
                    units[side][unit].append(thread.comments[comment_id].text[s:e])
                    denied[side][unit].append(is_denied(thread.docs[comment_id][k]))
                    self.first_mention.setdefault(unit, (comment_id, k))
        # a unit that states the contrast names both poles, whether or not both were found as
        # mentions (a long pole, "convincing the world of the existence of sin"): it speaks to neither
        both = (set(units[0]) & set(units[1])) | (set(stating) - {None})
        self.only: list[dict[str, list[str]]] = [{u: v for u, v in units[side].items() if u not in both}
                                                 for side in (0, 1)]
        """Per pole: the units speaking to it and not to the other, with the words of each mention."""
        # the pole a claim supports: the one it speaks to, or the other one when every mention
        # is the subject of a denial ("I don't think speed is the constraint")
        self.supports = {u: (1 - side if all(denied[side][u]) else side) for side in (0, 1) for u in self.only[side]}
        self.comment_poles: dict[str, set[int]] = defaultdict(set)
        """comment id -> the poles its units speak to."""
        self.comment_supports: dict[str, set[int]] = defaultdict(set)
        """comment id -> the poles its units support."""
        for side in (0, 1):
            for u in self.only[side]:
                self.comment_poles[thread.comment_of(u)].add(side)
                self.comment_supports[thread.comment_of(u)].add(self.supports[u])

    def pole_of(self, thread: _Thread, unit: str | None, comment_id: str) -> int | None:
        """The pole a relation's end supports (its claim's, else its comment's if unambiguous)."""
        if unit and unit in self.supports:
            return self.supports[unit]
        if unit is None or not thread.is_claim(unit):
            sides = self.comment_supports.get(comment_id, set())
            return next(iter(sides)) if len(sides) == 1 else None
        return None


def _leans_from_words(thread: _Thread, members: list[Member], poles: Pair, claims: _PoleClaims,
                      settings: CruxSettings) -> Leans:
    """Step 3b, authors' own words: a claim supporting a pole, a one-sided contrast's favoured pole."""
    lean = Leans()
    for u, side in claims.supports.items():
        claim = thread.index.claims.get(u)
        if claim is not None and not states_a_position(thread.docs.get(claim.comment_id), claim):
            continue  # a story told ("My good friend died in April") takes no side
        who = thread.voice_of(u)
        lean.add(who, side, settings.claim_weight,
                 thread.unit_evidence(u, claims.first_mention.get(u), thread.author_of(u)))
    for st, pair in members:
        pref = st.favoured
        who = thread.voice_of_comment(st.comment_id)
        if pref is not None:
            favoured = poles.index(pair[pref])
            lean.add(who, favoured, settings.preference_weight, Evidence(
                kind="side-preference", text=st.sentence, comment_id=st.comment_id, start=st.start, end=st.end,
                pattern=st.pattern, author=thread.comments[st.comment_id].author))
    return lean


def _favoured_poles(members: list[Member], poles: Pair) -> dict[str, int]:
    """comment id -> the pole its one-sided statement of the contrast favours ("X rather than Y",
    "X is more important than Y"): the pole a reply to that statement answers."""
    out: dict[str, int] = {}
    for st, pair in members:
        if st.favoured is not None:
            out.setdefault(st.comment_id, poles.index(pair[st.favoured]))
    return out


def _lean_from_edge(lean: Leans, thread: _Thread, claims: _PoleClaims, rel, favoured: dict[str, int]) -> None:
    """Step 3b, authors' own stance edges: agreeing with (or conceding to) a claim on pole A leans A,
    disagreeing with it leans B, partly agreeing leans B by ``disagreement_weight`` (each times the
    relation's confidence). Never someone else's words, never an uncertain edge."""
    target_pole = claims.pole_of(thread, rel.target_claim_id, rel.target_comment_id)
    if target_pole is None:
        target_pole = favoured.get(rel.target_comment_id)  # a reply to "X rather than Y" answers X
    src = thread.voice_of_comment(rel.source_comment_id)
    if target_pole is None or src == thread.voice_of_comment(rel.target_comment_id) or rel.uncertain:
        return
    if rel.kind in SUPPORTING_KINDS:
        weight, side = 1.0, target_pole
    else:
        weight, side = disagreement_weight(rel.kind), 1 - target_pole
    if weight:
        lean.add(src, side, weight * rel.confidence, relation_evidence(rel, thread.text_of))


def _about_contrast(thread: _Thread, claims: _PoleClaims, statement_comments: set[str], rel,
                    settings: CruxSettings) -> bool:
    """Is a stance edge an exchange *about the contrast*? Those touching a statement of it count, and
    those between a comment on one pole and a comment on the other; an exchange between two comments
    that merely share a pole's (perhaps ubiquitous) word does not. A statement's writer answering with
    the contrast is about it; a reply to a statement is when it speaks to a pole itself, or when the
    statement is most of what it answers (``short_statement_claims``: a reply to one point of a long
    comment need not be about its contrast)."""
    src_poles = claims.comment_poles.get(rel.source_comment_id, set())
    tgt_poles = claims.comment_poles.get(rel.target_comment_id, set())
    return (rel.source_comment_id in statement_comments
            or (rel.target_comment_id in statement_comments
                and (bool(src_poles) or len(thread.claims_by_comment.get(rel.target_comment_id, ()))
                     <= settings.short_statement_claims))
            or any(p != q for p in src_poles for q in tgt_poles))


class _Disagreement:
    """Step 4's inputs: the disagreement ``d`` and agreement ``a`` about a contrast (confidences,
    each relation weighed by ``disagreement_weight``), the disagree / partial relations it covers
    (relation id -> weight) and their evidence."""

    def __init__(self, thread: _Thread, claims: _PoleClaims, statement_comments: set[str], near: list,
                 settings: CruxSettings):
        self.d = self.a = 0.0
        self.covered: dict[str, float] = {}
        self.evidence: list[Evidence] = []
        for rel in near:
            if not _about_contrast(thread, claims, statement_comments, rel, settings):
                continue
            weight = disagreement_weight(rel.kind)
            if weight:
                self.d += weight * rel.confidence
            elif rel.kind in SUPPORTING_KINDS:
                self.a += rel.confidence
            if rel.kind in ATTACKING_KINDS:
                self.covered[rel.relation_id] = rel.confidence * weight
                source_claim = thread.index.claims.get(rel.source_claim_id or "")
                self.evidence.append(Evidence(
                    kind=f"stance-{rel.kind}",
                    text=snip((source_claim.text if source_claim is not None else "")
                              or thread.comments[rel.source_comment_id].text),
                    comment_id=rel.source_comment_id, claim_id=rel.source_claim_id, score=rel.confidence))

    def disputants(self, thread: _Thread) -> set[str]:
        """The voices (authors, or unsigned comments) of the covered disagreements."""
        return {thread.voice_of_comment(thread.relation_by_id[rid].source_comment_id) for rid in self.covered}


def _across(thread: _Thread, sides: list[list[str]], near: list) -> bool:
    """Does a voice on one pole disagree with a voice on the other (a sure edge)?"""
    pole_of = {who: k for k in (0, 1) for who in sides[k]}
    for rel in near:
        if rel.kind not in ATTACKING_KINDS or rel.uncertain:
            continue
        src, tgt = thread.voice_of_comment(rel.source_comment_id), thread.voice_of_comment(rel.target_comment_id)
        if src in pole_of and tgt in pole_of and pole_of[src] != pole_of[tgt]:
            return True
    return False


def _objection(thread: _Thread, members: list[Member], near: list) -> bool:
    """Does an evaluative comparison ("X is better than Y", "better handled by X than by Y") object to
    what it answers (a sure disagreement with another voice)? Its writer then says in their own words
    that the comment they dispute stands for the other pole: the comparison is their reason to
    disagree, and the two sides of it have met."""
    weighed = {st.comment_id for st, _ in members if st.favours is not None}
    return any(rel.kind == "disagree" and not rel.uncertain and rel.source_comment_id in weighed
               and rel.target_comment_id == thread.comments[rel.source_comment_id].parent_id
               and thread.voice_of_comment(rel.source_comment_id) != thread.voice_of_comment(rel.target_comment_id)
               for rel in near)


def _score(disagreement: _Disagreement, framed: bool, sided: int, n_authors: int, settings: CruxSettings) -> float:
    """Step 4: the disagreement about the contrast (plus ``framing_weight`` when a statement names a
    disagreement), diluted by the agreement about it down to ``agreement_floor``, through
    ``crux_score``."""
    d, a = disagreement.d, disagreement.a
    dd = d + (settings.framing_weight if framed else 0.0)
    if d + a > 0:
        dd *= settings.agreement_floor + (1 - settings.agreement_floor) * d / (d + a)
    return crux_score(dd, sided, n_authors)


def _contrast_crux(thread: _Thread, members: list[Member], seen, settings: CruxSettings
                   ) -> tuple[Crux, dict[str, float]] | None:
    """Steps 3-5 for one contrast (its statements ``members``): the crux and the disagreement it
    covers, or None when it is not disputed or scores below ``min_score``."""
    poles: Pair = tuple(members[0][1])
    # a pole's word puts its writer on the pole only in the exchange around the contrast
    claims = _PoleClaims(thread, poles, thread.exchange(members, settings.exchange_hops),
                         stating={thread.unit_of(st.comment_id, st.start, st.end) for st, _ in members})
    lean = _leans_from_words(thread, members, poles, claims, settings)
    statement_comments = {st.comment_id for st, _ in members}
    crux_comments = statement_comments | {thread.comment_of(u) for side in (0, 1) for u in claims.only[side]}
    near = [thread.amap.relations[n]
            for n in sorted({n for cid in crux_comments for n in thread.relations_by_comment.get(cid, ())})]
    disagreement = _Disagreement(thread, claims, statement_comments, near, settings)
    favoured = _favoured_poles(members, poles)
    for rel in near:
        _lean_from_edge(lean, thread, claims, rel, favoured)
    voices, unclear = lean.sides()  # unsigned comments count as voices of their own, never listed
    sides = [[a for a in side if not a.startswith(ANON)] for side in voices]
    unclear = [a for a in unclear if not a.startswith(ANON)]
    framed = any(st.framed for st, _ in members)
    # how many comments speak to its most spoken pole (the pervasive-word test), unless the contrast is
    # restated in comment after comment: then it is no chance use of the thread's common words
    restated = len(statement_comments) >= settings.restated_comments
    speaking = 0 if restated else max(len(m) for m in claims.mentioned)
    across = _across(thread, voices, near) or _objection(thread, members, near)
    if not framed and not _disputed(voices, across, len(disagreement.disputants(thread)),
                                    speaking, len(thread.amap.comments), settings):
        return None
    authors = {thread.voice_of_comment(st.comment_id) for st, _ in members}
    authors |= set(voices[0]) | set(voices[1])
    score = _score(disagreement, framed, sum(1 for s in voices if s), len(authors), settings)
    if score < settings.min_score:
        return None
    names, label = _names(members, poles, seen)
    variants: list[list[str]] = [[], []]
    for st, pair in members:
        for k in (0, 1):
            variants[poles.index(pair[k])].append(st.surfaces[k])
    for side in (0, 1):
        for texts in claims.only[side].values():
            variants[side].extend(texts)
    evidence = [Evidence(kind="contrast-pattern", text=st.sentence, comment_id=st.comment_id,
                         claim_id=thread.unit_of(st.comment_id, st.start, st.end)
                         if thread.claims_by_comment.get(st.comment_id) else None,
                         start=st.start, end=st.end, pattern=st.pattern) for st, _ in members]
    evidence.extend(sorted(disagreement.evidence, key=lambda e: -(e.score or 0))[: settings.max_evidence])
    # a one-sided statement's claim stands on the pole it favours (it names both, so speaks to neither)
    preferred: list[set[str]] = [set(), set()]
    for st, pair in members:
        unit = thread.unit_of(st.comment_id, st.start, st.end) if st.favoured is not None else None
        if thread.is_claim(unit):
            preferred[poles.index(pair[st.favoured])].add(unit)
    amap = thread.amap
    crux = Crux(
        crux_id=f"{amap.thread_id}/crux:" + "~".join(sorted(slug(n) for n in names)),
        thread_id=amap.thread_id, label=label,
        poles=[CruxPole(concept=names[k], variants=dedup_ci(variants[k]), authors=sides[k],
                        claim_ids=sorted({u for u in claims.only[k] if thread.is_claim(u)} | preferred[k]),
                        evidence=[lean.why(who, k) for who in sides[k]]) for k in (0, 1)],
        score=score, evidence=evidence[: settings.max_evidence + len(members)], unclear=unclear,
        disagreements=len(disagreement.covered))
    covered = dict(disagreement.covered)
    if framed:
        # the writer says in words that a disagreement turns on the contrast: that is disagreement
        # the crux explains, as much as one sure disagree relation (``framing_weight``)
        covered[FRAMING_PREFIX + crux.crux_id] = settings.framing_weight
    return crux, covered


def _names(members: list[Member], poles: Pair, seen) -> tuple[list[str], str]:
    """Each pole's name, its most frequent spelling (shorter first on a tie), and the crux's label,
    each pole as written most often ("data", not the lemma "datum")."""
    names = [" ".join(min(seen[p].items(), key=lambda kv: (-kv[1], len(" ".join(kv[0])), kv[0]))[0])
             for p in poles]
    shown: list[dict[str, int]] = [defaultdict(int), defaultdict(int)]
    for st, pair in members:
        for k in (0, 1):
            if st.shown[k]:
                shown[poles.index(pair[k])][" ".join(st.shown[k])] += 1
    label_names = [min(shown[k].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] if shown[k] else names[k]
                   for k in (0, 1)]
    return names, f"{label_names[0]} vs {label_names[1]}"


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


def dedup_ci(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for it in items:
        key = " ".join(it.split()).lower()
        seen.setdefault(key, " ".join(it.split()))
    return list(seen.values())


def slug(concept: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", concept.lower()).strip("-")
