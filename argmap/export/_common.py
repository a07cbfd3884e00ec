"""Pieces every export format shares: author labels and colours, stance colours, relation endpoints.

Relations point at claims when the stance stage could pin them to a claim, otherwise at whole
comments. Formats that draw claims (HTML, DOT, AIF, Argdown) then add a node for the comment itself,
so a comment-level disagreement is never silently moved onto one of the comment's claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from argmap.mapindex import MapIndex as _CoreIndex
from argmap.models import ArgumentMap, Author, Relation

NO_AUTHOR = "(no author)"

# Colour-blind-safe-ish categorical palette (Tableau 10 without its grey, then darker variants).
AUTHOR_PALETTE = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#2f4b7c", "#a05195", "#665191", "#d45087", "#488f31", "#de425b", "#003f5c",
]
NO_AUTHOR_COLOUR = "#9e9e9e"

STANCE_COLOURS = {
    "agree": "#2e8b57",
    "disagree": "#d62728",
    "partial": "#ff8c00",
    "concession": "#8a5ac8",
    "neutral": "#c8c8c8",
}
STANCE_ORDER = ["agree", "disagree", "partial", "concession", "neutral"]
POLE_COLOURS = ["#1f77b4", "#17becf", "#8c564b", "#bcbd22"]
CRUX_COLOUR = "#222222"



def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL without whitespace or control characters, else None.

    >>> safe_url("javascript:alert(1)") is None
    True
    """
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


@dataclass
class AuthorIndex:
    """Every author named anywhere in the map, in first-seen order, with a label and a colour."""

    ids: list[str | None] = field(default_factory=list)
    labels: dict[str | None, str] = field(default_factory=dict)
    colours: dict[str | None, str] = field(default_factory=dict)

    @classmethod
    def of(cls, amap: ArgumentMap) -> "AuthorIndex":
        index = cls()
        known: dict[str, Author] = {a.author_id: a for a in amap.authors}
        seen: list[str | None] = []
        seen_set: set[str | None] = set()

        def add(author_id: str | None) -> None:
            if author_id not in seen_set:
                seen_set.add(author_id)
                seen.append(author_id)

        for a in amap.authors:
            add(a.author_id)
        for c in amap.comments:
            add(c.author)
        for cl in amap.claims:
            add(cl.author)
        for r in amap.relations:
            add(r.source_author)
            add(r.target_author)
        colour_i = 0
        for author_id in seen:
            index.ids.append(author_id)
            if author_id is None:
                index.labels[None] = NO_AUTHOR
                index.colours[None] = NO_AUTHOR_COLOUR
                continue
            a = known.get(author_id)
            index.labels[author_id] = a.label if a is not None else author_id
            index.colours[author_id] = AUTHOR_PALETTE[colour_i % len(AUTHOR_PALETTE)]
            colour_i += 1
        return index

    def label(self, author_id: str | None) -> str:
        return self.labels.get(author_id, author_id if author_id is not None else NO_AUTHOR)


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "claim" or "comment"
    ident: str


class MapIndex(_CoreIndex):
    """Lookups the exporters need (``argmap.mapindex.MapIndex`` and the authors' labels and
    colours), built once per map (maps can hold thousands of claims)."""

    def __init__(self, amap: ArgumentMap):
        super().__init__(amap)
        self.authors = AuthorIndex.of(amap)

    def endpoints(self, rel: Relation) -> tuple[Endpoint, Endpoint]:
        """Where a relation starts and ends: its claims when known, else the comments."""
        src = (Endpoint("claim", rel.source_claim_id) if rel.source_claim_id in self.claims
               else Endpoint("comment", rel.source_comment_id))
        dst = (Endpoint("claim", rel.target_claim_id) if rel.target_claim_id in self.claims
               else Endpoint("comment", rel.target_comment_id))
        return src, dst

    def endpoint_author(self, ep: Endpoint) -> str | None:
        if ep.kind == "claim":
            return self.claims[ep.ident].author
        c = self.comments.get(ep.ident)
        return c.author if c is not None else None

    def endpoint_text(self, ep: Endpoint) -> str:
        if ep.kind == "claim":
            return self.claims[ep.ident].text
        c = self.comments.get(ep.ident)
        return c.text if c is not None else ""

    def comment_endpoints(self) -> list[str]:
        """Comment ids that some relation points at as a whole (in map order)."""
        wanted: set[str] = set()
        for rel in self.amap.relations:
            for ep in self.endpoints(rel):
                if ep.kind == "comment":
                    wanted.add(ep.ident)
        ordered = [c.comment_id for c in self.amap.comments if c.comment_id in wanted]
        # A relation may name a comment the map does not hold (a trimmed export): keep it anyway.
        ordered += sorted(wanted - set(ordered))
        return ordered

    def crux_memberships(self) -> dict[str, list[tuple[str, int]]]:
        """claim_id -> [(crux_id, pole index)] for every claim on some crux pole."""
        out: dict[str, list[tuple[str, int]]] = {}
        for crux in self.amap.cruxes:
            for i, pole in enumerate(crux.poles):
                for claim_id in pole.claim_ids:
                    out.setdefault(claim_id, []).append((crux.crux_id, i))
        return out


def one_line(text: str) -> str:
    """Collapse whitespace (newlines included) to single spaces."""
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
