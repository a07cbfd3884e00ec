"""Reader for argmap's own JSON export (``argmap export --format json``): reads the map back as it
was written, analysis results included, so ``argmap ingest`` of an export is lossless."""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from argmap.errors import InputError
from argmap.ingest.base import ReadResult
from argmap.models import MAP_FORMAT_VERSION, ArgumentMap

FORMAT = "argmap-json"

_HEAD = re.compile(r'\A\ufeff?\s*\{\s*"format"\s*:\s*"argmap-json"')


def sniff(text: str, path: str | None = None) -> bool:
    """True when ``text`` starts like an argmap-json document (``{"format": "argmap-json", ...``)."""
    return bool(_HEAD.match(text[:200]))


def _json_path(loc) -> str:
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def read(text: str, *, path: str | None = None, author: str | None = None) -> ReadResult:
    """Read one argmap-json document. ``author`` is ignored: the document names its authors."""
    where_file = path or "<stdin>"
    try:
        doc = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=where_file,
                         where=f"line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f'not an argmap-json document (expected "format": "{FORMAT}")',
                         path=where_file, where="$.format")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError("missing or non-integer version", path=where_file, where="$.version")
    if version > MAP_FORMAT_VERSION:
        raise InputError(f"written by a newer argmap (format version {version}, this argmap reads "
                         f"up to {MAP_FORMAT_VERSION})", path=where_file, where="$.version",
                         hint="upgrade argmap")
    if "map" not in doc:
        raise InputError("no map in the document", path=where_file, where="$.map")
    try:
        amap = ArgumentMap.model_validate(doc["map"])
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(first["msg"], path=where_file,
                         where=_json_path(("map", *first["loc"]))) from None
    _check_references(amap, where_file)
    return ReadResult(maps=[amap])


def _check_references(amap: ArgumentMap, path: str) -> None:
    """An export names its comments, claims and authors by id: every reference must resolve and
    every claim's offsets must hold its text, or later stages would read a different map."""
    comments = {c.comment_id: c for c in amap.comments}
    claims = {c.claim_id for c in amap.claims}
    authors = {a.author_id for a in amap.authors} | {c.author for c in amap.comments if c.author}

    def refuse(where: str, message: str):
        raise InputError(message, path=path, where=f"$.map.{where}", hint="re-export the map") from None

    if len(comments) != len(amap.comments):
        refuse("comments", "two comments share an id")
    for i, c in enumerate(amap.comments):
        if c.parent_id is not None and c.parent_id not in comments:
            refuse(f"comments[{i}].parent_id", f"parent {c.parent_id!r} is not a comment of the map")
    for field, spans in (("claims", amap.claims), ("quotes", amap.quotes)):
        for i, span in enumerate(spans):
            owner = comments.get(span.comment_id)
            if owner is None or owner.text[span.start:span.end] != span.text:
                refuse(f"{field}[{i}]", f"{field[:-1]} at {span.start}-{span.end} does not match the text of "
                                        f"comment {span.comment_id!r}")
            if getattr(span, "author", None) is not None and span.author not in authors:
                refuse(f"{field}[{i}].author", f"author {span.author!r} is not an author of the map")
    for i, r in enumerate(amap.relations):
        for end in ("source", "target"):
            claim_id, comment_id = getattr(r, f"{end}_claim_id"), getattr(r, f"{end}_comment_id")
            if (claim_id is not None and claim_id not in claims) or comment_id not in comments:
                refuse(f"relations[{i}]", f"relation {r.relation_id!r}: its {end} is not in the map")
    for i, x in enumerate(amap.cruxes):
        if any(cid not in claims for pole in x.poles for cid in pole.claim_ids):
            refuse(f"cruxes[{i}]", f"crux {x.crux_id!r} names a claim that is not in the map")
