"""``--format aif``: Argument Interchange Format JSON (the AIFdb / OVA layout), so argmap maps open
in ARG-tech's tools.

* every claim is an ``I`` node (its text); a comment that a relation targets as a whole (no claim)
  is an ``I`` node with the comment's text;
* who said it: an ``L`` node (``"author: text"``) per I node, linked ``L -> YA("Asserting") -> I``,
  with a ``locutions`` entry naming the participant;
* agree / concession -> ``RA`` ("Default Inference"): ``source I -> RA -> target I``;
  disagree / partial -> ``CA`` ("Default Conflict"): ``source I -> CA -> target I``;
  neutral relations have no AIF scheme and are left out;
* a quote resolved to a claim -> ``MA`` ("Default Rephrase"): ``quote I -> MA -> claim I``;
* cruxes have no AIF node type; they are listed under the non-standard top-level key
  ``argmap_cruxes`` (AIF tools ignore unknown keys) with the nodeIDs of each pole's claims.

``nodeID``/``edgeID``/``participantID`` are decimal strings, as AIFdb writes them.
"""

from __future__ import annotations

import json as _json

from argmap.export._common import MapIndex
from argmap.models import ATTACKING_KINDS, SUPPORTING_KINDS, ArgumentMap

_SCHEME = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}


def _ts(dt) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S") if dt is not None else ""


def to_document(amap: ArgumentMap) -> dict:
    index = MapIndex(amap)
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []
    participants: list[dict] = []
    person: dict[str | None, str] = {}
    i_node: dict[str, str] = {}

    def new_node(text: str, type_: str, timestamp: str = "", **extra) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": type_, "timestamp": timestamp, **extra})
        return node_id

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b})

    for author_id in index.authors.ids:
        pid = str(len(participants) + 1)
        person[author_id] = pid
        label = index.authors.label(author_id)
        first, _, rest = label.partition(" ")
        participants.append({"participantID": pid, "firstname": first, "surname": rest})

    def say(key: str, author_id: str | None, text: str, timestamp: str) -> str:
        inode = new_node(text, "I", timestamp)
        i_node[key] = inode
        lnode = new_node(f"{index.authors.label(author_id)}: {text}", "L", timestamp)
        locutions.append({"nodeID": lnode, "personID": person.get(author_id), "timestamp": timestamp})
        ya = new_node("Asserting", "YA", timestamp, scheme="Asserting")
        edge(lnode, ya)
        edge(ya, inode)
        return inode

    for cl in amap.claims:
        c = index.comments.get(cl.comment_id)
        say(f"claim:{cl.claim_id}", cl.author, cl.text, _ts(c.created_at if c else None))
    for comment_id in index.comment_endpoints():
        c = index.comments.get(comment_id)
        say(f"comment:{comment_id}", c.author if c else None, c.text if c else comment_id,
            _ts(c.created_at if c else None))
    for rel in amap.relations:
        if rel.kind in SUPPORTING_KINDS:
            type_ = "RA"
        elif rel.kind in ATTACKING_KINDS:
            type_ = "CA"
        else:
            continue
        src, dst = index.endpoints(rel)
        s = new_node(_SCHEME[type_], type_, scheme=_SCHEME[type_])
        edge(i_node[f"{src.kind}:{src.ident}"], s)
        edge(s, i_node[f"{dst.kind}:{dst.ident}"])
    for q in amap.quotes:
        if q.source_claim_id in index.claims:
            c = index.comments.get(q.comment_id)
            qnode = say(f"quote:{q.quote_id}", c.author if c else None, q.text,
                        _ts(c.created_at if c else None))
            m = new_node(_SCHEME["MA"], "MA", scheme=_SCHEME["MA"])
            edge(qnode, m)
            edge(m, i_node[f"claim:{q.source_claim_id}"])
    cruxes = [{"label": crux.label, "score": crux.score,
               "poles": [{"concept": p.concept,
                          "nodeIDs": [i_node[f"claim:{cid}"] for cid in p.claim_ids if f"claim:{cid}" in i_node]}
                         for p in crux.poles]}
              for crux in amap.cruxes]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants,
            "argmap_cruxes": cruxes}


def render(amap: ArgumentMap) -> str:
    return _json.dumps(to_document(amap), ensure_ascii=False, indent=1) + "\n"
