"""``--format dot`` (Graphviz): claims as boxes coloured by author, stance edges coloured by kind,
cruxes as diamonds linked (dashed) to the claims on each pole. Render with
``dot -Tsvg map.dot -o map.svg`` (or ``sfdp`` for large threads)."""

from __future__ import annotations

import re

from argmap.export._common import (
    CRUX_COLOUR, POLE_COLOURS, STANCE_COLOURS, MapIndex, shorten,
)
from argmap.models import ArgumentMap


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""Characters Graphviz passes into SVG although XML forbids them (``dot -Tsvg`` would write a file
no browser opens); tabs and line breaks are handled on their own."""


def _printable(text: str) -> str:
    return _CONTROL.sub("\ufffd", text.replace("\t", " ").replace("\u2028", "\n").replace("\u2029", "\n"))


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as ``\\n``, control
    characters (which would make the SVG malformed) as U+FFFD."""
    text = _printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def _wrap(text: str, width: int = 40) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def render(amap: ArgumentMap, *, label_chars: int = 120) -> str:
    index = MapIndex(amap)
    ids: dict[str, str] = {}

    def node_id(kind: str, ident: str) -> str:
        return ids.setdefault(f"{kind}:{ident}", f"{kind[:2]}{len(ids)}")

    out = [f"// argmap export of {one_comment(amap.thread.title or amap.thread_id)}",
           f"digraph {quote(amap.thread_id)} {{",
           f"  graph [label={quote(amap.thread.title or amap.thread_id)}, overlap=false, splines=true];",
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=9];']
    for cl in amap.claims:
        label = _wrap(shorten(cl.text, label_chars)) + "\n— " + index.authors.label(cl.author)
        colour = index.authors.colours.get(cl.author, "#9e9e9e")
        out.append(f"  {node_id('claim', cl.claim_id)} [label={quote(label)}, fillcolor={quote(colour + '40')},"
                   f" color={quote(colour)}, tooltip={quote(cl.claim_id)}];")
    for comment_id in index.comment_endpoints():
        c = index.comments.get(comment_id)
        author = c.author if c else None
        label = "(whole comment) " + (shorten(c.text, label_chars) if c else comment_id)
        out.append(f"  {node_id('comment', comment_id)} [label={quote(_wrap(label) + chr(10) + '— ' + index.authors.label(author))},"
                   f" shape=note, fillcolor=\"#f4f4f4\", color={quote(index.authors.colours.get(author, '#9e9e9e'))}];")
    for rel in amap.relations:
        src, dst = index.endpoints(rel)
        style = "dotted" if rel.kind == "neutral" else "solid"
        out.append(f"  {node_id(src.kind, src.ident)} -> {node_id(dst.kind, dst.ident)} "
                   f"[color={quote(STANCE_COLOURS[rel.kind])}, label={quote(rel.kind)}, style={style},"
                   f" penwidth={1 + 2 * rel.confidence:.2f}];")
    for crux in amap.cruxes:
        cid = node_id("crux", crux.crux_id)
        out.append(f"  {cid} [label={quote(crux.label)}, shape=diamond, style=filled, fillcolor=\"#ffe08a\","
                   f" color={quote(CRUX_COLOUR)}];")
        for i, pole in enumerate(crux.poles):
            for claim_id in pole.claim_ids:
                if claim_id in index.claims:
                    out.append(f"  {cid} -> {node_id('claim', claim_id)} [style=dashed, arrowhead=none,"
                               f" color={quote(POLE_COLOURS[i % len(POLE_COLOURS)])}, label={quote(pole.concept)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def one_comment(text: str) -> str:
    """Text safe inside a ``//`` comment line."""
    return " ".join(_printable(text).split())
