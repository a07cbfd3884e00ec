"""``--format graphml`` (networkx): the map as a typed graph that opens in Gephi, yEd or Cytoscape.

Nodes carry ``type`` (author, comment, claim, crux), ``label``, ``author`` and, for claims, ``text``,
``start``, ``end``; edges carry ``type``:

    author -WROTE-> comment      claim -IN-> comment       comment -REPLY_TO-> comment
    claim|comment -STANCE-> claim|comment  (stance, confidence, level, relation_id, colour)
    crux -POLE-> claim  (pole index, concept)

GraphML attributes must be scalars, so missing values are written as empty strings.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import networkx as nx

from argmap.export._common import STANCE_COLOURS, MapIndex, shorten
from argmap.models import ArgumentMap


def to_graph(amap: ArgumentMap) -> nx.MultiDiGraph:
    """The map as a networkx MultiDiGraph with GraphML-safe attributes."""
    index = MapIndex(amap)
    g = nx.MultiDiGraph(thread_id=amap.thread_id, title=amap.thread.title or "",
                        source_format=amap.thread.source_format)
    for author_id in index.authors.ids:
        if author_id is None:
            continue
        g.add_node(f"author:{author_id}", type="author", label=index.authors.label(author_id),
                   author=author_id, colour=index.authors.colours[author_id])
    for c in amap.comments:
        g.add_node(f"comment:{c.comment_id}", type="comment", label=shorten(c.text, 60),
                   author=c.author or "", text=c.text, url=c.url or "")
        if c.author is not None:
            g.add_edge(f"author:{c.author}", f"comment:{c.comment_id}", type="WROTE")
    for c in amap.comments:
        if c.parent_id is not None and c.parent_id in index.comments:
            g.add_edge(f"comment:{c.comment_id}", f"comment:{c.parent_id}", type="REPLY_TO")
    for cl in amap.claims:
        g.add_node(f"claim:{cl.claim_id}", type="claim", label=shorten(cl.text, 60), text=cl.text,
                   author=cl.author or "", comment_id=cl.comment_id, start=cl.start, end=cl.end,
                   kind=cl.kind, colour=index.authors.colours.get(cl.author, ""))
        g.add_edge(f"claim:{cl.claim_id}", f"comment:{cl.comment_id}", type="IN")
    for rel in amap.relations:
        src, dst = index.endpoints(rel)
        for ep in (src, dst):
            key = f"{ep.kind}:{ep.ident}"
            if key not in g:  # a relation to a comment the map does not hold
                g.add_node(key, type=ep.kind, label=ep.ident, author="")
        g.add_edge(f"{src.kind}:{src.ident}", f"{dst.kind}:{dst.ident}", key=rel.relation_id,
                   type="STANCE", stance=rel.kind, level=rel.level, confidence=rel.confidence,
                   relation_id=rel.relation_id, colour=STANCE_COLOURS[rel.kind])
    for crux in amap.cruxes:
        g.add_node(f"crux:{crux.crux_id}", type="crux", label=crux.label, score=crux.score)
        for i, pole in enumerate(crux.poles):
            for claim_id in pole.claim_ids:
                if claim_id in index.claims:
                    g.add_edge(f"crux:{crux.crux_id}", f"claim:{claim_id}", type="POLE", pole=i,
                               concept=pole.concept)
    return g


# Characters XML 1.0 forbids even when escaped (C0 controls other than tab/LF/CR, surrogates, U+FFFE/F).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value) -> str:
    return escape(_XML_INVALID.sub("\ufffd", str(value)), {'"': "&quot;", "\r": "&#13;", "\t": "&#9;", "\n": "&#10;"})


def _type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def write_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML of ``g`` (what ``nx.write_graphml`` writes, and ``nx.read_graphml`` reads back), streamed
    by hand: networkx's ElementTree writer takes seconds on a 5,000-claim map and passes through
    control characters that make the XML unreadable; here they become U+FFFD."""
    keys: dict[tuple[str, str], str] = {}
    types: dict[tuple[str, str], str] = {}

    def note(kind: str, data: dict) -> None:
        for name, value in data.items():
            t = _type(value)
            prev = types.get((kind, name))
            if prev is None:
                types[(kind, name)] = t
                keys[(kind, name)] = f"d{len(keys)}"
            elif prev != t:
                types[(kind, name)] = "double" if {prev, t} <= {"long", "double"} else "string"

    note("graph", g.graph)
    for _, data in g.nodes(data=True):
        note("node", data)
    for _, _, data in g.edges(data=True):
        note("edge", data)

    def data_lines(kind: str, data: dict, indent: str) -> list[str]:
        out = []
        for name, value in data.items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            out.append(f'{indent}<data key="{keys[(kind, name)]}">{_xml_text(value)}</data>')
        return out

    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
             'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for (kind, name), key in keys.items():
        lines.append(f'  <key id="{key}" for="{kind}" attr.name="{_xml_text(name)}" '
                     f'attr.type="{types[(kind, name)]}"/>')
    lines.append('  <graph edgedefault="directed">')
    lines += data_lines("graph", g.graph, "    ")
    for node, data in g.nodes(data=True):
        lines.append(f'    <node id="{_xml_text(node)}">')
        lines += data_lines("node", data, "      ")
        lines.append("    </node>")
    for i, (u, v, k, data) in enumerate(g.edges(keys=True, data=True)):
        lines.append(f'    <edge id="e{i}" source="{_xml_text(u)}" target="{_xml_text(v)}">')
        lines += data_lines("edge", data, "      ")
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def render(amap: ArgumentMap) -> str:
    return write_graphml(to_graph(amap))
