"""Where positions diverge: who agrees and disagrees with whom, on which claims, and on which side
of each crux. Pure functions over analysed ``ArgumentMap`` objects; the result models live here.

Three entry points:

* ``divergence(amap) -> Divergence`` — one thread: the author × author matrix (counts of agree,
  disagree, partial and concession relations, with the relation and claim ids behind each cell), the
  sharpest disagreements, the authors on each side of every crux, and objections nobody answered.
* ``author_positions(maps, author) -> AuthorPositions`` — one author across threads: their claims,
  whom they agree and disagree with (and on which claims), their side on each crux, their concessions.
* ``recurring_cruxes(maps) -> list[RecurringCrux]`` — cruxes with the same normalised poles in
  several threads, each occurrence with its authors and sides.

Example (a two-comment thread where ``bo`` disagrees with ``al``)::

    >>> from argmap.models import ArgumentMap, Comment, Relation, Thread
    >>> amap = ArgumentMap(
    ...     thread=Thread(thread_id="t", source_format="jsonl"),
    ...     comments=[Comment(comment_id="t/1", thread_id="t", author="al", text="Solar is cheap."),
    ...               Comment(comment_id="t/2", thread_id="t", parent_id="t/1", author="bo",
    ...                       text="No, it is not.")],
    ...     relations=[Relation(relation_id="t/2->t/1", thread_id="t", kind="disagree",
    ...                         source_comment_id="t/2", target_comment_id="t/1",
    ...                         source_author="bo", target_author="al", confidence=0.8)])
    >>> d = divergence(amap)
    >>> d.cell("bo", "al").disagree
    1
    >>> [(o.source_author, o.target_author) for o in d.unanswered]
    [('bo', 'al')]

Matrix cells are *ordered*: ``cell(a, b)`` counts relations whose source (the responding author) is
``a`` and whose target is ``b``; ``pair(a, b)`` adds both directions. Relations of kind ``neutral``
are not counted. Comments without an author count as ``UNKNOWN_AUTHOR``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from argmap.mapindex import MapIndex
from argmap.models import ATTACKING_KINDS, POSITION_KINDS, ArgumentMap, Crux, Evidence, Relation, disagreement_weight

UNKNOWN_AUTHOR = "(unknown)"
"""Stands for a comment whose source names no author."""

COUNTED_KINDS = POSITION_KINDS
"""The relation kinds the matrix and positions count (``argmap.models.POSITION_KINDS``)."""

CRUX_WEIGHT = 0.5
"""How much a disagreement's rank grows for each crux whose claims or statements it touches."""

RANK_DIGITS = 4
"""Decimal places ranks are rounded to (ties then compare equal on every platform)."""

SHARPEST_LIMIT = 20
"""How many of the sharpest disagreements ``divergence`` keeps unless told otherwise."""

SNIPPET_CHARS = 200
"""Longest text shown for one end of an exchange (longer ones end in an ellipsis)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DivergenceCell(_Model):
    """Relations from ``source_author`` to ``target_author`` (or, in ``Divergence.pairs``, between
    the two in either direction, with ``source_author <= target_author``)."""

    source_author: str
    target_author: str
    agree: int = 0
    disagree: int = 0
    partial: int = 0
    concession: int = 0
    relation_ids: list[str] = Field(default_factory=list)
    claim_ids: list[str] = Field(default_factory=list)
    """Source and target claims of the relations (in relation order, without repeats)."""

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.partial + self.concession

    @property
    def balance(self) -> float:
        """-1 (only disagreement) .. +1 (only agreement); partial counts as half a disagreement,
        a concession as an agreement (``argmap.models.DISAGREEMENT_WEIGHT``)."""
        if not self.total:
            return 0.0
        pro = self.agree + self.concession
        con = self.disagree * disagreement_weight("disagree") + self.partial * disagreement_weight("partial")
        return (pro - con) / self.total


class Exchange(_Model):
    """One stance relation with the text on both ends, ready to show a person."""

    relation_id: str
    thread_id: str
    kind: str
    confidence: float
    source_author: str
    target_author: str
    source_comment_id: str
    target_comment_id: str
    source_claim_id: str | None = None
    target_claim_id: str | None = None
    source_text: str = ""
    """The responding claim (or the start of the responding comment when no claim is linked)."""
    target_text: str = ""
    crux_ids: list[str] = Field(default_factory=list)
    """Cruxes whose pole claims or contrast statements this relation touches."""
    rank: float = 0.0
    """``exchange_rank``: ``confidence * (1 + CRUX_WEIGHT * len(crux_ids))``, how sharp the disagreement is."""


class PoleSide(_Model):
    concept: str
    authors: list[str] = Field(default_factory=list)
    claim_ids: list[str] = Field(default_factory=list)


class CruxSides(_Model):
    """Which authors stand on which side of one crux."""

    thread_id: str
    crux_id: str
    label: str
    score: float
    sides: list[PoleSide]
    both: list[str] = Field(default_factory=list)
    """Authors found on more than one side (they qualify, or changed their mind)."""


class Divergence(_Model):
    thread_id: str
    authors: list[str]
    """Every author of the thread, in order of first comment."""
    cells: list[DivergenceCell] = Field(default_factory=list)
    """Ordered (responding author → author responded to); only non-empty cells."""
    pairs: list[DivergenceCell] = Field(default_factory=list)
    """Unordered pairs (both directions added), ``source_author <= target_author``."""
    sharpest: list[Exchange] = Field(default_factory=list)
    """Disagree and partial relations, sharpest first (see ``Exchange.rank``)."""
    cruxes: list[CruxSides] = Field(default_factory=list)
    unanswered: list[Exchange] = Field(default_factory=list)
    """Disagree relations whose target author never replied anywhere below the objection."""

    def cell(self, source_author: str, target_author: str) -> DivergenceCell:
        for c in self.cells:
            if c.source_author == source_author and c.target_author == target_author:
                return c
        return DivergenceCell(source_author=source_author, target_author=target_author)

    def pair(self, a: str, b: str) -> DivergenceCell:
        a, b = sorted((a, b))
        for c in self.pairs:
            if c.source_author == a and c.target_author == b:
                return c
        return DivergenceCell(source_author=a, target_author=b)


class ClaimRef(_Model):
    thread_id: str
    claim_id: str
    comment_id: str
    text: str


class Partner(_Model):
    """Another author and the exchanges with them of one kind."""

    author: str
    count: int
    exchanges: list[Exchange] = Field(default_factory=list)


class CruxStand(_Model):
    """An author's side on one crux: the pole concept and the claims that put them there."""

    thread_id: str
    crux_id: str
    label: str
    concept: str
    claim_ids: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    """The author's own sentence(s) that put them on this pole (``CruxPole.evidence``)."""


class AuthorPositions(_Model):
    author: str
    """The author id as stored."""
    threads: list[str] = Field(default_factory=list)
    claims: list[ClaimRef] = Field(default_factory=list)
    agrees_with: list[Partner] = Field(default_factory=list)
    """Authors whose claims this author agreed with (most exchanges first)."""
    disagrees_with: list[Partner] = Field(default_factory=list)
    partially_agrees_with: list[Partner] = Field(default_factory=list)
    agreed_by: list[Partner] = Field(default_factory=list)
    """Authors who agreed with this author."""
    disagreed_by: list[Partner] = Field(default_factory=list)
    crux_sides: list[CruxStand] = Field(default_factory=list)
    concessions: list[Exchange] = Field(default_factory=list)
    """Relations of kind ``concession`` made by this author (position changes)."""


class CruxOccurrence(_Model):
    thread_id: str
    crux_id: str
    label: str
    score: float
    sides: list[PoleSide]


class RecurringCrux(_Model):
    """Cruxes with the same normalised poles, across threads."""

    key: str
    """Sorted pole concepts joined with `` | ``."""
    label: str
    threads: list[str]
    authors: list[str]
    occurrences: list[CruxOccurrence]

    @property
    def recurring(self) -> bool:
        return len(set(self.threads)) > 1


# --- helpers -------------------------------------------------------------------------------------


def _who(author: str | None) -> str:
    return author if author else UNKNOWN_AUTHOR


def _dedup(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def exchange_rank(confidence: float, n_cruxes: int) -> float:
    """How sharp a disagreement is: its confidence, raised by ``CRUX_WEIGHT`` per crux it touches."""
    return round(confidence * (1 + CRUX_WEIGHT * n_cruxes), RANK_DIGITS)


def crux_touches(cruxes: Iterable[Crux]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(claim id -> ids of the cruxes with it on a pole, comment id -> ids of the cruxes whose
    contrast statement it holds): what makes an exchange touch a crux."""
    crux_claims: dict[str, set[str]] = defaultdict(set)
    crux_comments: dict[str, set[str]] = defaultdict(set)
    for crux in cruxes:
        for pole in crux.poles:
            for cid in pole.claim_ids:
                crux_claims[cid].add(crux.crux_id)
        for ev in crux.evidence:
            if ev.kind == "contrast-pattern" and ev.comment_id:
                crux_comments[ev.comment_id].add(crux.crux_id)
    return crux_claims, crux_comments


def _snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Index(MapIndex):
    """``MapIndex`` plus which cruxes each claim and comment touches, built once."""

    def __init__(self, amap: ArgumentMap):
        super().__init__(amap)
        self.crux_claims, self.crux_comments = crux_touches(amap.cruxes)

    def text_of(self, claim_id: str | None, comment_id: str) -> str:
        if claim_id and claim_id in self.claims:
            return _snippet(self.claims[claim_id].text)
        comment = self.comments.get(comment_id)
        return _snippet(comment.text) if comment else ""

    def cruxes_of(self, rel: Relation) -> list[str]:
        ids: set[str] = set()
        for cid in (rel.source_claim_id, rel.target_claim_id):
            if cid:
                ids |= self.crux_claims.get(cid, set())
        for cid in (rel.source_comment_id, rel.target_comment_id):
            ids |= self.crux_comments.get(cid, set())
        return sorted(ids)

    def exchange(self, rel: Relation) -> Exchange:
        crux_ids = self.cruxes_of(rel)
        return Exchange(
            relation_id=rel.relation_id, thread_id=rel.thread_id, kind=rel.kind, confidence=rel.confidence,
            source_author=_who(rel.source_author), target_author=_who(rel.target_author),
            source_comment_id=rel.source_comment_id, target_comment_id=rel.target_comment_id,
            source_claim_id=rel.source_claim_id, target_claim_id=rel.target_claim_id,
            source_text=self.text_of(rel.source_claim_id, rel.source_comment_id),
            target_text=self.text_of(rel.target_claim_id, rel.target_comment_id),
            crux_ids=crux_ids, rank=exchange_rank(rel.confidence, len(crux_ids)),
        )

    def answered(self, rel: Relation) -> bool:
        """Did the target author reply anywhere below the objecting comment? (With no known target
        author, any reply below counts as an answer.)"""
        return any(rel.target_author is None or comment.author == rel.target_author
                   for comment in self.descendants(rel.source_comment_id))


def _add(cell: DivergenceCell, rel: Relation) -> None:
    setattr(cell, rel.kind, getattr(cell, rel.kind) + 1)
    cell.relation_ids.append(rel.relation_id)
    cell.claim_ids = _dedup([*cell.claim_ids, rel.source_claim_id or "", rel.target_claim_id or ""])


def crux_sides(crux: Crux) -> CruxSides:
    """The sides of one crux as found by ``find_cruxes`` (pole authors), with authors on several."""
    sides = [PoleSide(concept=p.concept, authors=list(p.authors), claim_ids=list(p.claim_ids)) for p in crux.poles]
    seen: dict[str, int] = defaultdict(int)
    for side in sides:
        for a in set(side.authors):
            seen[a] += 1
    return CruxSides(thread_id=crux.thread_id, crux_id=crux.crux_id, label=crux.label, score=crux.score,
                     sides=sides, both=sorted(a for a, n in seen.items() if n > 1))


# --- one thread ----------------------------------------------------------------------------------


def divergence(amap: ArgumentMap, *, limit: int = SHARPEST_LIMIT) -> Divergence:
    """The author × author matrix, the ``limit`` sharpest disagreements, crux sides and unanswered
    objections of one analysed thread."""
    index = _Index(amap)
    authors = _dedup(_who(c.author) for c in sorted(amap.comments, key=lambda c: c.index))
    cells: dict[tuple[str, str], DivergenceCell] = {}
    pairs: dict[tuple[str, str], DivergenceCell] = {}
    sharp: list[Exchange] = []
    unanswered: list[Exchange] = []
    for rel in amap.relations:
        if rel.kind not in COUNTED_KINDS:
            continue
        s, t = _who(rel.source_author), _who(rel.target_author)
        _add(cells.setdefault((s, t), DivergenceCell(source_author=s, target_author=t)), rel)
        a, b = sorted((s, t))
        _add(pairs.setdefault((a, b), DivergenceCell(source_author=a, target_author=b)), rel)
        if rel.kind in ATTACKING_KINDS:
            ex = index.exchange(rel)
            sharp.append(ex)
            if rel.kind == "disagree" and rel.source_author != rel.target_author and not index.answered(rel):
                unanswered.append(ex)
    sharp.sort(key=lambda e: (-e.rank, e.kind != "disagree", e.relation_id))
    return Divergence(
        thread_id=amap.thread_id, authors=authors,
        cells=[cells[k] for k in sorted(cells)], pairs=[pairs[k] for k in sorted(pairs)],
        sharpest=sharp[:limit], cruxes=[crux_sides(c) for c in amap.cruxes], unanswered=unanswered,
    )


# --- one author across threads -------------------------------------------------------------------


def _matches(author: str, amap: ArgumentMap) -> set[str]:
    """Author ids in ``amap`` that ``author`` names (id, name or display name, case-insensitive)."""
    wanted = author.casefold()
    ids = {a.author_id for a in amap.authors
           if wanted in {x.casefold() for x in (a.author_id, a.name, a.display_name) if x}}
    ids |= {c.author for c in amap.comments if c.author and c.author.casefold() == wanted}
    return ids


RECORD_RELATION_FIELDS = ("seq", "relation_id", "thread_id", "kind", "confidence", "source_author",
                          "target_author", "source_comment_id", "target_comment_id", "source_claim_id",
                          "target_claim_id", "source_text", "target_text")
"""The fields of a relation row in an author record, in order (see ``author_record``)."""


def author_record(amap: ArgumentMap, author: str) -> dict | None:
    """What ``author_positions`` reads of one map about ``author``, as plain JSON-like data (None
    when the map does not name them). Stores answer ``author_records`` with records of exactly this
    shape, read from an index they keep per thread and author, so positions across many threads
    need not load whole maps (``argmap.graph.authorindex``)::

        {"thread_id": the map's thread id,
         "ids": sorted author ids of the map that ``author`` names,
         "texts": [every text the rows below use, once each, in order of first use],
         "claims": [[seq, claim_id, comment_id, text]] of the claims by those ids,
         "relations": [[RECORD_RELATION_FIELDS]] of every relation of the COUNTED_KINDS whose
                      source or target author is one of those ids and whose other end is another
                      author (no other relation ever counts); ``thread_id`` is None when it is the
                      map's; the texts are the whole text of the end's claim, or of its comment
                      when it names no claim the map holds, else "",
         "cruxes": [Crux] of the map, in map order,
         "claim_authors": {claim_id: author} of every claim on a crux pole}

    ``seq`` is the item's position in the map's list; rows are in map order; a text in a row is its
    index in ``texts`` (claims' texts first, then each relation's source and target text).
    """
    ids = _matches(author, amap)
    if not ids:
        return None
    index = MapIndex(amap)
    claims, comments = index.claims, index.comments
    texts: dict[str, int] = {}  # text -> its index, in order of first use

    def ix(text: str) -> int:
        return texts.setdefault(text, len(texts))

    def end(claim_id: str | None, comment_id: str) -> str:
        if claim_id and claim_id in claims:
            return claims[claim_id].text
        comment = comments.get(comment_id)
        return comment.text if comment else ""

    claim_rows = [[seq, c.claim_id, c.comment_id, ix(c.text)] for seq, c in enumerate(amap.claims) if c.author in ids]
    relation_rows = []
    for seq, r in enumerate(amap.relations):
        if r.kind in COUNTED_KINDS and r.source_author != r.target_author and (
                r.source_author in ids or r.target_author in ids):
            src, dst = end(r.source_claim_id, r.source_comment_id), end(r.target_claim_id, r.target_comment_id)
            relation_rows.append([seq, r.relation_id, None if r.thread_id == amap.thread_id else r.thread_id,
                                  r.kind, r.confidence, r.source_author, r.target_author, r.source_comment_id,
                                  r.target_comment_id, r.source_claim_id, r.target_claim_id, ix(src), ix(dst)])
    return {"thread_id": amap.thread_id, "ids": sorted(ids), "texts": list(texts), "claims": claim_rows,
            "relations": relation_rows, "cruxes": list(amap.cruxes),
            "claim_authors": {cid: claims[cid].author for x in amap.cruxes for pole in x.poles
                              for cid in pole.claim_ids if cid in claims}}


def _partners(exchanges: list[dict], other: str) -> list[dict]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for ex in exchanges:
        grouped[ex[other]].append(ex)
    out = [{"author": a, "count": len(exs), "exchanges": exs} for a, exs in grouped.items()]
    return sorted(out, key=lambda p: (-p["count"], p["author"]))


def author_positions(maps: Iterable[ArgumentMap], author: str) -> AuthorPositions:
    """Everything ``author`` (an author id, name or display name) said and stood for across ``maps``.

    >>> positions = author_positions(store.iter_maps(), "bo")          # doctest: +SKIP
    >>> [(p.author, p.count) for p in positions.disagrees_with]        # doctest: +SKIP
    [('al', 3)]
    """
    return positions_from_records((author_record(amap, author) for amap in maps), author)


def positions_from_records(records: Iterable[dict | None], author: str) -> AuthorPositions:
    """``author_positions`` from per-thread records (``author_record``'s shape, in thread order);
    records that are None or name no ids are skipped. The exchanges are built as plain data and
    validated once at the end, which keeps an author with tens of thousands of them fast."""
    result_author = author
    threads: list[str] = []
    claims: list[dict] = []
    crux_stands: list[dict] = []
    made: dict[str, list[dict]] = defaultdict(list)
    received: dict[str, list[dict]] = defaultdict(list)
    counted = set(COUNTED_KINDS)
    for rec in records:
        if not rec or not rec["ids"]:
            continue
        ids = set(rec["ids"])
        tid = rec["thread_id"]
        result_author = sorted(ids)[0]
        threads.append(tid)
        texts = rec["texts"]
        snippets: list[str | None] = [None] * len(texts)  # a claim is at the end of many relations
        claims.extend({"thread_id": tid, "claim_id": cid, "comment_id": com, "text": texts[ti]}
                      for _, cid, com, ti in rec["claims"])
        crux_claims, crux_comments = crux_touches(rec["cruxes"])
        for _, rid, rtid, kind, conf, src, dst, scom, tcom, scl, tcl, si, ti in rec["relations"]:
            if kind not in counted:
                continue
            if src in ids and dst not in ids:
                bucket = made[kind]
            elif dst in ids and src not in ids:
                bucket = received[kind]
            else:
                continue
            crux_ids: list[str] = []
            if scl in crux_claims or tcl in crux_claims or scom in crux_comments or tcom in crux_comments:
                touched: set[str] = set()
                for cid in (scl, tcl):
                    if cid and cid in crux_claims:
                        touched |= crux_claims[cid]
                for cid in (scom, tcom):
                    if cid in crux_comments:
                        touched |= crux_comments[cid]
                crux_ids = sorted(touched)
            stext, ttext = snippets[si], snippets[ti]
            if stext is None:
                stext = snippets[si] = _snippet(texts[si])
            if ttext is None:
                ttext = snippets[ti] = _snippet(texts[ti])
            bucket.append({
                "relation_id": rid, "thread_id": tid if rtid is None else rtid, "kind": kind,
                "confidence": conf, "source_author": src or UNKNOWN_AUTHOR, "target_author": dst or UNKNOWN_AUTHOR,
                "source_comment_id": scom, "target_comment_id": tcom, "source_claim_id": scl,
                "target_claim_id": tcl, "source_text": stext, "target_text": ttext,
                "crux_ids": crux_ids, "rank": exchange_rank(conf, len(crux_ids))})
        claim_authors = rec["claim_authors"]
        for crux in rec["cruxes"]:
            for pole in crux.poles:
                if ids & set(pole.authors):
                    mine = [cid for cid in pole.claim_ids if claim_authors.get(cid) in ids]
                    crux_stands.append({"thread_id": tid, "crux_id": crux.crux_id, "label": crux.label,
                                        "concept": pole.concept, "claim_ids": mine,
                                        "evidence": [ev for ev in pole.evidence if ev.author in ids]})
    return AuthorPositions.model_validate({
        "author": result_author, "threads": threads, "claims": claims,
        "agrees_with": _partners(made["agree"], "target_author"),
        "disagrees_with": _partners(made["disagree"], "target_author"),
        "partially_agrees_with": _partners(made["partial"], "target_author"),
        "agreed_by": _partners(received["agree"], "source_author"),
        "disagreed_by": _partners(received["disagree"], "source_author"),
        "crux_sides": crux_stands, "concessions": made["concession"]})


# --- across threads ------------------------------------------------------------------------------


def crux_key(crux: Crux) -> str:
    """The identity of a crux across threads: its sorted pole concepts; for a crux claim (whose poles
    are only "for" / "against") the claim's words, case-folded."""
    if crux.form == "claim":
        return "claim: " + " ".join(crux.label.casefold().split())
    return " | ".join(sorted(p.concept for p in crux.poles))


def recurring_cruxes(maps: Iterable[ArgumentMap]) -> list[RecurringCrux]:
    """Every crux in ``maps`` grouped by its normalised poles; groups seen in most threads first.
    (``RecurringCrux.recurring`` is True for those in more than one thread.)"""
    groups: dict[str, RecurringCrux] = {}
    for amap in maps:
        for crux in amap.cruxes:
            key = crux_key(crux)
            sides = crux_sides(crux).sides
            occ = CruxOccurrence(thread_id=amap.thread_id, crux_id=crux.crux_id, label=crux.label,
                                 score=crux.score, sides=sides)
            group = groups.setdefault(key, RecurringCrux(key=key, label=crux.label, threads=[], authors=[],
                                                         occurrences=[]))
            group.occurrences.append(occ)
            group.threads = _dedup([*group.threads, amap.thread_id])
            group.authors = _dedup([*group.authors, *(a for s in sides for a in s.authors)])
    return sorted(groups.values(), key=lambda g: (-len(g.threads), -max(o.score for o in g.occurrences), g.key))
