"""``--format html``: one self-contained page showing where positions diverge.

The network (vis-network, as bundled by pyvis) shows claims as nodes coloured by author, stance edges
coloured by kind and cruxes as hub nodes linked to the claims on each pole, with a legend, author and
crux filters, tooltips and a details panel. Beside it, the author × author divergence matrix and the
crux table are plain HTML, readable without JavaScript.

The page loads nothing: vis-network's script and style are inlined from pyvis's package data and our
own template replaces pyvis's (which links Bootstrap from a CDN). All thread text is untrusted:
static HTML goes through Jinja's autoescaping; the network data is JSON inside a
``<script type="application/json">`` block with ``<``, ``>``, ``&`` and U+2028/2029 escaped, and the
page script only ever puts it into the DOM with ``textContent`` (never ``innerHTML``); links are kept
only for absolute http(s) URLs, checked here and again in the page.

Large maps: above ``LAYOUT_THRESHOLD`` nodes the layout is computed here (a radial tree of the reply
structure, claims ringed around their comment, O(n)) and physics is switched off; below it
vis-network's physics runs for a bounded number of stabilisation iterations and then stops.
"""

from __future__ import annotations

import json as _json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path

from argmap.export._common import (
    CRUX_COLOUR, NO_AUTHOR_COLOUR, POLE_COLOURS, STANCE_COLOURS, STANCE_ORDER, MapIndex, safe_url,
    shorten,
)
from argmap.models import ArgumentMap, disagreement_weight

LAYOUT_THRESHOLD = 400
"""Above this many nodes, positions are precomputed and physics is off."""
STABILISATION_ITERATIONS = 300
LABEL_CHARS = 48
MATRIX_AUTHORS = 20
SHARPEST = 10
"""The divergence matrix shows at most this many authors (those in the most exchanges)."""


def script_json(data) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, ``<!--``, U+2028/2029)."""
    text = _json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified script and stylesheet, as shipped inside pyvis (no network access)."""
    base = Path(resources.files("pyvis")) / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    # Inlined verbatim, so they must not be able to close their own element early.
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("bundled vis-network cannot be inlined safely")
    return js, css


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("argmap.export", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )


def _own_asset(name: str) -> str:
    return (resources.files("argmap.export") / "templates" / name).read_text(encoding="utf-8")


# --- divergence ---------------------------------------------------------------------------------


def _divergence_score(cell) -> float | None:
    """Share of stances that diverge: disagree counts 1, partial 0.5 (``DISAGREEMENT_WEIGHT``;
    neutral is not counted)."""
    if not cell.total:
        return None
    return (cell.disagree * disagreement_weight("disagree") + cell.partial * disagreement_weight("partial")) / cell.total


def _author_label(index: MapIndex, author_id: str) -> str:
    from argmap.analysis.divergence import UNKNOWN_AUTHOR

    return index.authors.label(None if author_id == UNKNOWN_AUTHOR else author_id)


def _author_colour(index: MapIndex, author_id: str) -> str:
    return index.authors.colours.get(author_id, NO_AUTHOR_COLOUR)


def _matrix(div, index: MapIndex) -> dict:
    """The author × author table (rows respond to columns) from ``argmap.analysis.divergence``."""
    involved = {c.source_author for c in div.cells} | {c.target_author for c in div.cells}
    authors = [a for a in div.authors if a in involved]
    authors += sorted(involved - set(authors))
    total_authors = len(authors)
    if total_authors > MATRIX_AUTHORS:
        # Keep the authors in the most exchanges; the table stays readable and the rest is counted.
        involvement: dict[str, int] = {}
        for c in div.cells:
            involvement[c.source_author] = involvement.get(c.source_author, 0) + c.total
            involvement[c.target_author] = involvement.get(c.target_author, 0) + c.total
        keep = set(sorted(authors, key=lambda a: -involvement.get(a, 0))[:MATRIX_AUTHORS])
        authors = [a for a in authors if a in keep]
    cells = {(c.source_author, c.target_author): c for c in div.cells}
    rows = []
    for a in authors:
        row = []
        for b in authors:
            cell = cells.get((a, b))
            score = _divergence_score(cell) if cell is not None else None
            summary = " · ".join(f"{getattr(cell, k)} {k}" for k in STANCE_ORDER
                                 if k != "neutral" and cell is not None and getattr(cell, k))
            # Cell shade: from green (all agree) to red (all diverge), none when empty.
            if score is None:
                bg = ""
            else:
                r, g, b_ = (round(46 + (214 - 46) * score), round(139 + (39 - 139) * score),
                            round(87 + (40 - 87) * score))
                bg = f"background-color: rgba({r}, {g}, {b_}, 0.25)"
            row.append({"summary": summary, "score": "" if score is None else f"{score:.0%}", "style": bg})
        rows.append({"label": _author_label(index, a), "colour": _author_colour(index, a), "cells": row})
    return {"labels": [_author_label(index, a) for a in authors], "rows": rows,
            "shown": len(authors), "total": total_authors}


def _sharpest(div, index: MapIndex, limit: int = SHARPEST) -> list[dict]:
    return [{"source": _author_label(index, ex.source_author), "target": _author_label(index, ex.target_author),
             "kind": ex.kind, "colour": STANCE_COLOURS.get(ex.kind, "#999"),
             "source_text": shorten(ex.source_text, 220), "target_text": shorten(ex.target_text, 220),
             "cruxes": len(ex.crux_ids)}
            for ex in div.sharpest[:limit]]


# --- layout -------------------------------------------------------------------------------------


def radial_layout(amap: ArgumentMap, index: MapIndex, spacing: float = 34.0) -> dict[str, tuple[float, float]]:
    """Positions for every claim and comment: comments on rings by reply depth, each subtree in an
    angular sector proportional to its number of claims, claims in a small ring around their comment.
    Linear in the size of the thread."""
    comments = amap.comments
    ids = [c.comment_id for c in comments]
    known = set(ids)
    children: dict[str | None, list[str]] = {}
    for c in comments:
        parent = c.parent_id if c.parent_id in known and c.parent_id != c.comment_id else None
        children.setdefault(parent, []).append(c.comment_id)
    weight = {cid: max(1, len(index.claims_of.get(cid, []))) for cid in ids}
    # Post-order without recursion (threads can be thousands deep); guard against parent cycles.
    subtree: dict[str | None, float] = {}
    order: list[str | None] = []
    stack: list[str | None] = [None]
    seen: set[str | None] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(children.get(node, []))
    # Comments caught in a parent cycle are unreachable from the roots: hang them off the root.
    for cid in ids:
        if cid not in seen:
            children.setdefault(None, []).append(cid)
            order.append(cid)
            seen.add(cid)
    for node in reversed(order):
        own = weight.get(node, 0) if node is not None else 0
        subtree[node] = own + sum(subtree.get(ch, 0) for ch in children.get(node, []) if ch != node)
    total = max(1.0, subtree[None])
    base = max(4 * spacing, spacing * total / (2 * math.pi))
    gap = max(6 * spacing, base / 6)
    pos: dict[str, tuple[float, float]] = {}
    sector: dict[str | None, tuple[float, float, int]] = {None: (0.0, 2 * math.pi, 0)}
    for node in order:
        lo, hi, depth = sector[node]
        if node is not None:
            r = base + (depth - 1) * gap
            mid = (lo + hi) / 2
            cx, cy = r * math.cos(mid), r * math.sin(mid)
            pos[f"comment:{node}"] = (cx, cy)
            claims = index.claims_of.get(node, [])
            ring = spacing * len(claims) / (2 * math.pi) if len(claims) > 1 else 0.0
            for k, cl in enumerate(claims):
                a = 2 * math.pi * k / max(1, len(claims))
                pos[f"claim:{cl.claim_id}"] = (cx + ring * math.cos(a), cy + ring * math.sin(a))
        kids = [ch for ch in children.get(node, []) if ch != node and ch not in sector]
        kids_weight = sum(subtree[ch] for ch in kids) or 1.0
        start = lo
        for ch in kids:
            span = (hi - lo) * subtree[ch] / kids_weight
            sector[ch] = (start, start + span, depth + 1)
            start += span
    return pos


# --- page data ----------------------------------------------------------------------------------


def page_data(amap: ArgumentMap, index: MapIndex | None = None, *, layout: bool | None = None) -> dict:
    """Everything the page script needs, as plain data (authors are referenced by index)."""
    index = index or MapIndex(amap)
    authors: list[dict] = []
    author_pos: dict[str | None, int] = {}

    def apos(author_id: str | None) -> int:
        # Authors in first-seen order; one named only by a missing comment shows as "(no author)".
        if author_id not in author_pos:
            author_pos[author_id] = len(authors)
            authors.append({"label": index.authors.label(author_id),
                            "colour": index.authors.colours.get(author_id, NO_AUTHOR_COLOUR)})
        return author_pos[author_id]

    for author_id in index.authors.ids:
        apos(author_id)
    nodes: list[dict] = []
    comment_nodes = index.comment_endpoints()
    n_nodes = len(amap.claims) + len(comment_nodes) + len(amap.cruxes)
    use_layout = n_nodes > LAYOUT_THRESHOLD if layout is None else layout
    pos = radial_layout(amap, index) if use_layout else {}

    def xy(node: dict, key: str) -> None:
        if key in pos:
            node["x"], node["y"] = round(pos[key][0], 1), round(pos[key][1], 1)

    def url_of(comment_id: str) -> str | None:
        c = index.comments.get(comment_id)
        return safe_url(c.url) if c is not None else None

    comment_pos = {c.comment_id: i for i, c in enumerate(amap.comments)}
    for cl in amap.claims:
        node = {"id": f"claim:{cl.claim_id}", "k": "claim", "a": apos(cl.author), "t": cl.text,
                "c": comment_pos.get(cl.comment_id, -1)}
        url = url_of(cl.comment_id)
        if url:
            node["u"] = url
        xy(node, node["id"])
        nodes.append(node)
    for comment_id in comment_nodes:
        c = index.comments.get(comment_id)
        node = {"id": f"comment:{comment_id}", "k": "comment", "a": apos(c.author if c else None),
                "t": c.text if c else comment_id}
        url = url_of(comment_id)
        if url:
            node["u"] = url
        xy(node, node["id"])
        nodes.append(node)
    edges: list[dict] = []
    for rel in amap.relations:
        src, dst = index.endpoints(rel)
        edge = {"f": f"{src.kind}:{src.ident}", "to": f"{dst.kind}:{dst.ident}", "s": rel.kind,
                "c": round(rel.confidence, 3)}
        if rel.uncertain:
            edge["u"] = 1  # drawn faded and dashed
        edges.append(edge)
    cruxes = []
    for ci, crux in enumerate(amap.cruxes):
        hub = f"crux:{crux.crux_id}"
        members = []
        for i, pole in enumerate(crux.poles):
            for claim_id in pole.claim_ids:
                if claim_id in index.claims:
                    edges.append({"f": hub, "to": f"claim:{claim_id}", "s": "pole", "p": i})
                    members.append(f"claim:{claim_id}")
        node = {"id": hub, "k": "crux", "t": crux.label,
                "poles": [p.concept for p in crux.poles]}
        if use_layout:
            pts = [pos[m] for m in members if m in pos]
            if pts:
                node["x"] = round(sum(p[0] for p in pts) / len(pts) + 40, 1)
                node["y"] = round(sum(p[1] for p in pts) / len(pts) - 40, 1)
            else:
                node["x"], node["y"] = 0.0, 40.0 * ci
        nodes.append(node)
        cruxes.append({"id": hub, "label": crux.label})
    return {
        "title": amap.thread.title or amap.thread_id,
        "url": safe_url(amap.thread.url),
        "authors": authors,
        "stanceColours": STANCE_COLOURS,
        "poleColours": POLE_COLOURS,
        "cruxColour": CRUX_COLOUR,
        "nodes": nodes,
        "edges": edges,
        "cruxes": cruxes,
        "layout": "precomputed" if use_layout else "physics",
        "iterations": STABILISATION_ITERATIONS,
        "labelChars": LABEL_CHARS,
    }


def render(amap: ArgumentMap, *, layout: bool | None = None) -> str:
    """The self-contained HTML page for one map. ``layout`` forces (True) or forbids (False) the
    precomputed layout; by default it is used above ``LAYOUT_THRESHOLD`` nodes."""
    from argmap.analysis.divergence import divergence

    index = MapIndex(amap)
    data = page_data(amap, index, layout=layout)
    div = divergence(amap)
    both = {sides.crux_id: ", ".join(_author_label(index, a) for a in sides.both) for sides in div.cruxes}
    vis_js, vis_css = _vis_assets()
    crux_rows = []
    for crux in amap.cruxes:
        poles = []
        for i, pole in enumerate(crux.poles):
            poles.append({
                "concept": pole.concept,
                "variants": ", ".join(v for v in pole.variants if v != pole.concept),
                "authors": ", ".join(index.authors.label(a) for a in pole.authors) or ("unsigned" if pole.claim_ids else ""),
                "claims": [shorten(index.claims[c].text, 160) for c in pole.claim_ids if c in index.claims],
                "colour": POLE_COLOURS[i % len(POLE_COLOURS)],
            })
        crux_rows.append({"label": crux.label, "score": f"{crux.score:.2f}", "size": crux.size_text(), "poles": poles,
                          "both": both.get(crux.crux_id, "")})
    template = _environment().get_template("page.html")
    counts = {"comments": len(amap.comments), "claims": len(amap.claims), "relations": len(amap.relations),
              "cruxes": len(amap.cruxes), "authors": sum(1 for a in index.authors.ids if a is not None)}
    return template.render(
        title=data["title"],
        thread_url=data["url"],
        source=amap.thread.source_format,
        counts=counts,
        authors=[{"index": i, "label": a["label"], "colour": a["colour"]} for i, a in enumerate(data["authors"])],
        stances=[{"kind": k, "colour": STANCE_COLOURS[k]} for k in STANCE_ORDER],
        cruxes=data["cruxes"],
        crux_rows=crux_rows,
        matrix=_matrix(div, index),
        sharpest=_sharpest(div, index),
        crux_colour=CRUX_COLOUR,
        pole_colours=POLE_COLOURS,
        data_json=script_json(data),
        vis_js=vis_js,
        vis_css=vis_css,
        page_css=_own_asset("page.css"),
        page_js=_own_asset("page.js"),
    )
