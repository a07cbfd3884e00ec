"""What the TUI shows, computed from one ``ArgumentMap`` without Textual.

``MapIndex`` builds every look-up table once (in a worker thread, see ``screens.MapScreen``) so that
each key press afterwards is a dictionary look-up, not a scan of the map. The functions here are
plain and testable; the screens only turn their results into widgets.

Author × author cells and positions by author come from ``argmap.analysis.divergence`` (the same figures as
``argmap diverge`` and ``argmap positions``), computed once per thread on first use.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from argmap.mapindex import MapIndex as _CoreIndex
from argmap.models import STANCE_KINDS, ArgumentMap, Author, Claim, Crux, Quote, Relation, ThreadSummary

STANCE_BADGES: dict[str, tuple[str, str]] = {
    "agree": ("✔ agree", "bold green"),
    "disagree": ("✘ disagree", "bold red"),
    "partial": ("◐ partial", "bold yellow"),
    "neutral": ("· neutral", "grey62"),
    "concession": ("↺ concession", "bold magenta"),
}
MATRIX_MAX_AUTHORS = 40
"""The author × author table shows the most active authors only; a 500 × 500 grid is unreadable."""


@dataclass(frozen=True)
class SearchHit:
    kind: str
    """``"claim"`` or ``"author"``."""
    target_id: str
    """The claim id or author id."""
    text: str
    author: str | None
    score: float


@dataclass
class AuthorPosition:
    author_id: str
    claims: list[Claim] = field(default_factory=list)
    crux_sides: list[tuple[Crux, str]] = field(default_factory=list)
    """(crux, concept of the pole the author stands on)."""
    agrees_with: list[tuple[str, int]] = field(default_factory=list)
    """Authors this one agreed with, most exchanges first."""
    disagrees_with: list[tuple[str, int]] = field(default_factory=list)
    agreed_by: list[tuple[str, int]] = field(default_factory=list)
    disagreed_by: list[tuple[str, int]] = field(default_factory=list)
    concessions: list[Relation] = field(default_factory=list)


class MapIndex(_CoreIndex):
    """Look-up tables over one map (``argmap.mapindex.MapIndex``: comments, claims, the reply
    tree; and what the views need). Build it once per thread, off the UI thread."""

    def __init__(self, amap: ArgumentMap):
        super().__init__(amap)
        self.thread_id = amap.thread_id
        self.authors: dict[str, Author] = {a.author_id: a for a in amap.authors}
        self.claims_by_author: dict[str | None, list[Claim]] = defaultdict(list)
        for cl in amap.claims:
            self.claims_by_author[self._claim_author(cl)].append(cl)
        for claims in self.claims_of.values():  # the views list a comment's claims in text order
            claims.sort(key=lambda cl: cl.start)
        self.quotes: dict[str, Quote] = {q.quote_id: q for q in amap.quotes}
        self.quotes_by_comment: dict[str, list[Quote]] = defaultdict(list)
        self.quotes_of_claim: dict[str, list[Quote]] = defaultdict(list)
        for q in amap.quotes:
            self.quotes_by_comment[q.comment_id].append(q)
            if q.source_claim_id:
                self.quotes_of_claim[q.source_claim_id].append(q)
        for quotes in self.quotes_by_comment.values():
            quotes.sort(key=lambda q: q.start)
        self.relations_to_claim: dict[str, list[Relation]] = defaultdict(list)
        self.relations_to_comment: dict[str, list[Relation]] = defaultdict(list)
        self.relations_from_comment: dict[str, list[Relation]] = defaultdict(list)
        for r in amap.relations:
            if r.target_claim_id:
                self.relations_to_claim[r.target_claim_id].append(r)
            self.relations_to_comment[r.target_comment_id].append(r)
            self.relations_from_comment[r.source_comment_id].append(r)
        self.cruxes: dict[str, Crux] = {x.crux_id: x for x in amap.cruxes}
        # the map's own order: cruxes come ranked by the share of the disagreement they explain
        self.crux_order: list[str] = list(self.cruxes)
        self.cruxes_of_claim: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for x in amap.cruxes:
            for i, pole in enumerate(x.poles):
                for claim_id in pole.claim_ids:
                    self.cruxes_of_claim[claim_id].append((x.crux_id, i))
        self.comment_count_by_author: Counter[str] = Counter(
            c.author for c in amap.comments if c.author is not None)
        self._divergence = None
        self._search_choices: list[tuple[str, str, str, str | None]] | None = None

    # -- small look-ups -------------------------------------------------------------------------
    def _claim_author(self, claim: Claim) -> str | None:
        if claim.author is not None:
            return claim.author
        comment = self.comments.get(claim.comment_id)
        return comment.author if comment else None

    def claim_author(self, claim_id: str) -> str | None:
        claim = self.claims.get(claim_id)
        return self._claim_author(claim) if claim else None

    def author_label(self, author_id: str | None) -> str:
        if author_id is None:
            return "(no author)"
        author = self.authors.get(author_id)
        return author.label if author else author_id

    def author_ids(self) -> list[str]:
        """Every author of the thread, most active first."""
        seen = set(self.comment_count_by_author)
        extra = [a for a in self.authors if a not in seen]
        return [a for a, _ in self.comment_count_by_author.most_common()] + extra

    def reply_stance(self, comment_id: str) -> Relation | None:
        """The stance of a reply towards its parent (the most confident reply-level relation)."""
        comment = self.comments.get(comment_id)
        if comment is None or comment.parent_id is None:
            return None
        candidates = [r for r in self.relations_from_comment.get(comment_id, ())
                      if r.target_comment_id == comment.parent_id]
        if not candidates:
            return None
        return max(candidates, key=lambda r: (r.level == "reply", r.confidence))

    def replies_to_claim(self, claim_id: str) -> list[tuple[Relation, bool]]:
        """Relations answering a claim: those aimed at the claim itself (``True``), then the ones
        aimed at its whole comment (``False``), strongest first."""
        claim = self.claims.get(claim_id)
        if claim is None:
            return []
        direct = sorted(self.relations_to_claim.get(claim_id, ()), key=lambda r: -r.confidence)
        whole = sorted((r for r in self.relations_to_comment.get(claim.comment_id, ())
                        if r.target_claim_id is None), key=lambda r: -r.confidence)
        return [(r, True) for r in direct] + [(r, False) for r in whole]

    def quote_source(self, quote: Quote) -> tuple[Comment, Claim | None] | None:
        if quote.source_comment_id is None or quote.source_comment_id not in self.comments:
            return None
        return self.comments[quote.source_comment_id], self.claims.get(quote.source_claim_id or "")

    def quote_containing(self, claim: Claim) -> Quote | None:
        """The quote of the claim's comment that overlaps the claim, if any."""
        for q in self.quotes_by_comment.get(claim.comment_id, ()):
            if q.start < claim.end and claim.start < q.end:
                return q
        return None

    # -- cruxes ---------------------------------------------------------------------------------
    def crux_ids(self, author: str | None = None, crux_id: str | None = None) -> list[str]:
        """Cruxes in rank order, restricted to an author's and/or to one crux."""
        out = []
        for x_id in self.crux_order:
            if crux_id is not None and x_id != crux_id:
                continue
            if author is not None and author not in self.crux_authors(x_id):
                continue
            out.append(x_id)
        return out

    def crux_authors(self, crux_id: str) -> set[str]:
        crux = self.cruxes[crux_id]
        found = {a for pole in crux.poles for a in pole.authors}
        found.update(a for pole in crux.poles for cid in pole.claim_ids
                     if (a := self.claim_author(cid)) is not None)
        return found

    def pole_authors(self, crux: Crux, pole_index: int) -> list[str]:
        pole = crux.poles[pole_index]
        authors = list(dict.fromkeys(pole.authors))
        for cid in pole.claim_ids:
            a = self.claim_author(cid)
            if a is not None and a not in authors:
                authors.append(a)
        return authors

    # -- thread tree filters --------------------------------------------------------------------
    def visible_comments(self, author: str | None = None, crux_id: str | None = None) -> set[str] | None:
        """Comments the thread view shows under a filter (matches plus their ancestors), or None
        when nothing is filtered."""
        if author is None and crux_id is None:
            return None
        matches = set(self.comments)
        if author is not None:
            matches &= {c.comment_id for c in self.amap.comments if c.author == author}
        if crux_id is not None and crux_id in self.cruxes:
            crux = self.cruxes[crux_id]
            matches &= {self.claims[cid].comment_id for pole in crux.poles for cid in pole.claim_ids
                        if cid in self.claims}
        visible = set(matches)
        for cid in matches:
            visible.update(self.ancestors(cid))
        return visible

    # -- authors --------------------------------------------------------------------------------
    def divergence(self):
        """``argmap.analysis.divergence.divergence`` of the thread (computed on first use)."""
        if self._divergence is None:
            from argmap.analysis.divergence import divergence

            self._divergence = divergence(self.amap)
        return self._divergence

    def matrix(self) -> dict[tuple[str, str], Counter[str]]:
        """(responding author, author responded to) -> counts of agree, disagree, partial, concession."""
        return {(c.source_author, c.target_author): Counter({k: getattr(c, k) for k in STANCE_KINDS
                                                             if k != "neutral" and getattr(c, k)})
                for c in self.divergence().cells}

    def matrix_authors(self) -> list[str]:
        """Authors in the matrix: those with any exchange, most active first, at most
        ``MATRIX_MAX_AUTHORS``."""
        involved: Counter[str] = Counter()
        for c in self.divergence().cells:
            involved[c.source_author] += c.total
            involved[c.target_author] += c.total
        return [a for a, _ in involved.most_common(MATRIX_MAX_AUTHORS)]

    def exchanges(self, source_author: str, target_author: str) -> list[Relation]:
        """Relations in which ``source_author`` responds to ``target_author``."""
        ids = set(self.divergence().cell(source_author, target_author).relation_ids)
        return [r for r in self.amap.relations if r.relation_id in ids]

    def author_position(self, author_id: str) -> AuthorPosition:
        from argmap.analysis.divergence import author_positions

        found = author_positions([self.amap], author_id)
        relations = {r.relation_id: r for r in self.amap.relations}
        counted = lambda partners: [(p.author, p.count) for p in partners]  # noqa: E731
        return AuthorPosition(
            author_id=author_id,
            claims=list(self.claims_by_author.get(author_id, ())),
            crux_sides=[(self.cruxes[s.crux_id], s.concept) for s in found.crux_sides if s.crux_id in self.cruxes],
            agrees_with=counted(found.agrees_with), disagrees_with=counted(found.disagrees_with),
            agreed_by=counted(found.agreed_by), disagreed_by=counted(found.disagreed_by),
            concessions=[relations[e.relation_id] for e in found.concessions if e.relation_id in relations])

    # -- search ---------------------------------------------------------------------------------
    def prepare_search(self) -> list[tuple[str, str, str, str | None]]:
        """The searchable (kind, id, text, author) rows, built once."""
        if self._search_choices is None:
            import rapidfuzz.process  # noqa: F401 - imported here so the first search does not pay for it

            choices = [("author", aid, self.author_label(aid), aid) for aid in self.author_ids()]
            choices += [("claim", cl.claim_id, cl.text, self._claim_author(cl)) for cl in self.amap.claims]
            self._search_choices = choices
        return self._search_choices

    def search(self, query: str, *, limit: int = 30, author: str | None = None) -> list[SearchHit]:
        """Fuzzy search over claim texts and author names (rapidfuzz ``WRatio``), best first."""
        from rapidfuzz import fuzz, process, utils

        query = query.strip()
        if not query:
            return []
        choices = self.prepare_search()
        if author is not None:
            choices = [c for c in choices if c[3] == author]
        found = process.extract(query, [c[2] for c in choices], scorer=fuzz.WRatio,
                                processor=utils.default_process, limit=limit, score_cutoff=50)
        return [SearchHit(kind=choices[i][0], target_id=choices[i][1], text=choices[i][2],
                          author=choices[i][3], score=score) for _, score, i in found]


def thread_rows(summaries: list[ThreadSummary]) -> list[ThreadSummary]:
    """Threads for the picker: the most discussed first."""
    return sorted(summaries, key=lambda s: (-s.comments, s.thread_id))
