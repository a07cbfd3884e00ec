"""The author index both backends keep beside each thread, so that an author's positions across
many threads read only what concerns that author (``GraphStore.author_records``).

Per thread and author id, a *segment* (``author_segments``, built from the map's JSON): the
author's claims and the relations they made or received, with the text at each end of those
relations, each text once. A segment is laid out exactly as the texts, claims and relations of the
record ``argmap.analysis.divergence.author_record`` builds from the whole map for that one author, so for an
author a query names by one id the stored segment *is* the record; ``author_record`` adds the
thread's cruxes and the authors of the claims on crux poles, and merges the segments of several
ids (a name that is one author's id and another's display name).
"""

from __future__ import annotations

from argmap.models import POSITION_KINDS, Crux

SEGMENT_VERSION = 1
"""Changes whenever what a segment holds changes (stores then rebuild or bypass old ones)."""

# The relation kinds an author's positions count are ``argmap.models.POSITION_KINDS`` (the policy
# divergence reads too); change ``SEGMENT_VERSION`` whenever they change.


def end_text(claims: dict, comments: dict, claim_id: str | None, comment_id: str) -> str:
    """The text at one end of a relation: its claim's, else its comment's, else ""."""
    if claim_id and claim_id in claims:
        return claims[claim_id]["text"]
    comment = comments.get(comment_id)
    return comment["text"] if comment else ""


def author_segments(map_json: dict) -> dict[str, dict]:
    """Per author id of a map: their claims and the relations they made or received (of the
    ``POSITION_KINDS``, with another author at the other end: no other relation ever counts for
    positions), with the texts those need (each text once per author). Rows (positions in the map
    first)::

        claims:    [seq, claim_id, comment_id, text index]
        relations: [seq, relation_id, thread_id (None when the map's), kind, confidence,
                    source_author, target_author, source_comment_id, target_comment_id,
                    source_claim_id, target_claim_id, source text index, target text index]
    """
    tid = map_json["thread"]["thread_id"]
    claims = {c["claim_id"]: c for c in map_json["claims"]}
    comments = {c["comment_id"]: c for c in map_json["comments"]}
    segments: dict[str, dict] = {}  # texts: text -> its index, in order of first use, until the end

    def segment(aid: str) -> dict:
        if aid not in segments:
            segments[aid] = {"claims": [], "relations": [], "texts": {}}
        return segments[aid]

    def ix(seg: dict, text: str) -> int:
        return seg["texts"].setdefault(text, len(seg["texts"]))

    for seq, c in enumerate(map_json["claims"]):
        if c.get("author") is not None:
            seg = segment(c["author"])
            seg["claims"].append([seq, c["claim_id"], c["comment_id"], ix(seg, c["text"])])
    for seq, r in enumerate(map_json["relations"]):
        if r["kind"] not in POSITION_KINDS or r.get("source_author") == r.get("target_author"):
            continue
        src_text = end_text(claims, comments, r.get("source_claim_id"), r["source_comment_id"])
        dst_text = end_text(claims, comments, r.get("target_claim_id"), r["target_comment_id"])
        for aid in dict.fromkeys((r.get("source_author"), r.get("target_author"))):
            if aid is None:
                continue
            seg = segment(aid)
            seg["relations"].append([
                seq, r["relation_id"], None if r["thread_id"] == tid else r["thread_id"], r["kind"],
                r["confidence"], r.get("source_author"), r.get("target_author"), r["source_comment_id"],
                r["target_comment_id"], r.get("source_claim_id"), r.get("target_claim_id"),
                ix(seg, src_text), ix(seg, dst_text)])
    for seg in segments.values():
        seg["texts"] = list(seg["texts"])
    return segments


def pole_claim_authors(map_json: dict) -> dict[str, str | None]:
    """``{claim_id: author}`` of every claim on a pole of the map's cruxes."""
    claims = {c["claim_id"]: c for c in map_json["claims"]}
    return {cid: claims[cid].get("author") for x in map_json["cruxes"] for pole in x["poles"]
            for cid in pole["claim_ids"] if cid in claims}


def author_record(tid: str, ids: set[str], segments: dict[str, dict], cruxes: list[Crux],
                  claim_authors: dict) -> dict:
    """One thread's author record (``argmap.analysis.divergence.author_record``'s shape) from the segments
    of ``ids``. One author's segment already is that record's texts, claims and relations; those of
    several authors of one thread are merged in map order, each relation once."""
    present = [segments[aid] for aid in sorted(ids) if segments.get(aid)]
    if len(present) == 1:
        texts, claims, relations = present[0]["texts"], present[0]["claims"], present[0]["relations"]
    else:
        relations: list[list] = []
        seen: dict[str, int] = {}  # text -> its index, in order of first use

        def ix(text: str) -> int:
            return seen.setdefault(text, len(seen))

        claim_rows = sorted(((row, seg["texts"]) for seg in present for row in seg["claims"]), key=lambda r: r[0][0])
        claims = [[seq, cid, com, ix(t[ti])] for (seq, cid, com, ti), t in claim_rows]
        by_seq: dict[int, tuple[list, list]] = {}
        for seg in present:
            for row in seg["relations"]:
                by_seq.setdefault(row[0], (row, seg["texts"]))
        for seq in sorted(by_seq):
            row, t = by_seq[seq]
            relations.append([*row[:11], ix(t[row[11]]), ix(t[row[12]])])
        texts = list(seen)
    return {"thread_id": tid, "ids": sorted(ids), "texts": texts, "claims": claims, "relations": relations,
            "cruxes": list(cruxes), "claim_authors": claim_authors}


def match_keys(record: dict) -> set[str]:
    """``author_match_keys`` of an author record as JSON."""
    return {x.casefold() for x in (record.get("author_id"), record.get("name"), record.get("display_name")) if x}
