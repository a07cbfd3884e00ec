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
    return ReadResult(maps=[amap])
