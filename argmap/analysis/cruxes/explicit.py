"""Explicit cruxes (steps 2-5): contrast statements merged by concept, the sides around each, the
disagreement about it, its score, and whether it is disputed at all."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Mapping

from argmap.analysis.cruxes.lexicons import PREFERENCE
from argmap.analysis.cruxes.mentions import Mentions, is_denied, same_concept
from argmap.analysis.cruxes.ranking import crux_score
from argmap.analysis.cruxes.settings import CruxSettings
from argmap.analysis.cruxes.sides import Leans, relation_evidence, snip
from argmap.analysis.cruxes.statements import Statement
from argmap.models import ArgumentMap, Crux, CruxPole, Evidence


def find_explicit(amap: ArgumentMap, docs: Mapping[str, object], settings: CruxSettings,
                  statements_of: Callable[[str, object, str], list[Statement]]
                  ) -> tuple[list[Crux], dict[str, dict[str, float]]]:
    """Explicit cruxes, unranked, with the disagreement each covers (relation id -> weight).
    ``statements_of(comment_id, doc, text)`` finds a comment's contrast statements."""
    quotes_by_comment: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in amap.quotes:
        quotes_by_comment[q.comment_id].append((q.start, q.end))
    statements: list[Statement] = []
    for c in amap.comments:
        doc = docs.get(c.comment_id)
        if doc is not None and c.text:
            # a contrast inside a quote is the quoted author's statement, found where they wrote it
            statements.extend(st for st in statements_of(c.comment_id, doc, c.text)
                              if not any(qs <= st.start < qe for qs, qe in quotes_by_comment.get(c.comment_id, ())))
    if not statements:
        return [], {}

    # step 2: merge concepts across statements
    canon: list[tuple[str, ...]] = []
    seen: dict[tuple[str, ...], dict[tuple[str, ...], int]] = defaultdict(lambda: defaultdict(int))

    def canonical(concept: tuple[str, ...]) -> tuple[str, ...]:
        for known in canon:
            if same_concept(concept, known, settings.fuzzy_cutoff):
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
    mentions = Mentions(amap, docs, settings.fuzzy_cutoff)

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
                    denied[side][unit].append(is_denied(docs[comment_id][k]))
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
        lean = Leans()
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
                disagreements.append(Evidence(kind=f"stance-{rel.kind}", text=snip(claim_text.get(rel.source_claim_id or "") or comments[rel.source_comment_id].text),
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
            crux_id=f"{amap.thread_id}/crux:" + "~".join(sorted(slug(n) for n in names)),
            thread_id=amap.thread_id, label=f"{label_names[0]} vs {label_names[1]}",
            poles=[CruxPole(concept=names[k], variants=dedup_ci(variants[k]), authors=sides[k],
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

def dedup_ci(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for it in items:
        key = " ".join(it.split()).lower()
        seen.setdefault(key, " ".join(it.split()))
    return list(seen.values())

def slug(concept: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", concept.lower()).strip("-")
