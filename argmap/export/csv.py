"""``--format csv``: positions, one row per claim and stance it takes (and crux side it is on).

Columns: thread_id, comment_id, claim_id, author, author_label, claim, stance, stance_scope,
target_author, target_comment_id, target_claim_id, confidence, crux_id, crux, crux_side.

A claim with no relation and no crux still gets one row (stance and crux columns empty). A stance
detected for a whole comment (no claim) is repeated on each of the comment's claims with
``stance_scope`` = ``comment``. A comment with no claims that takes a stance gets a row with an
empty claim. Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, their fullwidth forms, tab, carriage return or line feed, also after leading spaces) are
prefixed with ``'``.
"""

from __future__ import annotations

import csv as _csv
import io

from argmap.export._common import MapIndex
from argmap.models import ArgumentMap

COLUMNS = ["thread_id", "comment_id", "claim_id", "author", "author_label", "claim", "stance",
           "stance_scope", "target_author", "target_comment_id", "target_claim_id", "confidence",
           "crux_id", "crux", "crux_side"]

_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""A spreadsheet runs a cell starting with these as a formula, after any leading spaces (and it
folds the fullwidth forms ＝ ＋ － ＠ to ASCII first)."""


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    risky = text.startswith(("\t", "\r", "\n")) or text.lstrip().startswith(_FORMULA_START)
    return "'" + text if risky else text


def rows(amap: ArgumentMap) -> list[dict]:
    """The rows ``render`` writes, as dicts keyed by ``COLUMNS`` (values unescaped)."""
    index = MapIndex(amap)
    by_claim: dict[str, list] = {}
    by_comment: dict[str, list] = {}
    for rel in amap.relations:
        if rel.source_claim_id in index.claims:
            by_claim.setdefault(rel.source_claim_id, []).append(rel)
        else:
            by_comment.setdefault(rel.source_comment_id, []).append(rel)
    cruxes = {c.crux_id: c for c in amap.cruxes}
    sides = index.crux_memberships()
    out: list[dict] = []

    def stance_cols(rel, scope):
        if rel is None:
            return {}
        return {"stance": rel.kind, "stance_scope": scope, "target_author": rel.target_author,
                "target_comment_id": rel.target_comment_id, "target_claim_id": rel.target_claim_id,
                "confidence": f"{rel.confidence:.3f}"}

    for comment in amap.comments:
        claims = index.claims_of.get(comment.comment_id, [])
        comment_rels = by_comment.pop(comment.comment_id, [])
        if not claims and comment_rels:
            for rel in comment_rels:
                out.append({"thread_id": amap.thread_id, "comment_id": comment.comment_id,
                            "author": comment.author, "author_label": index.authors.label(comment.author),
                            **stance_cols(rel, "comment")})
        for claim in claims:
            rels = ([(r, "claim") for r in by_claim.get(claim.claim_id, [])]
                    + [(r, "comment") for r in comment_rels]) or [(None, None)]
            crux_sides = sides.get(claim.claim_id) or [(None, None)]
            base = {"thread_id": amap.thread_id, "comment_id": claim.comment_id, "claim_id": claim.claim_id,
                    "author": claim.author, "author_label": index.authors.label(claim.author),
                    "claim": claim.text}
            for rel, scope in rels:
                for crux_id, pole_i in crux_sides:
                    row = dict(base, **stance_cols(rel, scope))
                    if crux_id is not None:
                        crux = cruxes[crux_id]
                        row.update(crux_id=crux_id, crux=crux.label, crux_side=crux.poles[pole_i].concept)
                    out.append(row)
    return out


def render(amap: ArgumentMap) -> str:
    buf = io.StringIO()
    writer = _csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(amap):
        writer.writerow({k: _cell(row.get(k)) for k in COLUMNS})
    return buf.getvalue()
