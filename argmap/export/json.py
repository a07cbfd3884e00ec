"""``--format json``: the whole map, losslessly, in a versioned envelope ``argmap ingest`` reads back.

Schema (``version`` = ``argmap.models.MAP_FORMAT_VERSION``)::

    {
      "format": "argmap-json",          # constant: how readers recognise the file
      "version": 1,                     # envelope + map format version
      "generator": "argmap 0.1.0",
      "map": {                          # argmap.models.ArgumentMap, field for field
        "version": 1,
        "thread":    {thread_id, title, source_format, url, source_path, created_at, skipped},
        "authors":   [{author_id, name, display_name, known}],
        "comments":  [{comment_id, thread_id, parent_id, author, created_at, score,
                       agreement_score, raw, text, url, kind, index, deleted}],
        "claims":    [{claim_id, comment_id, thread_id, author, text, start, end, kind}],
        "quotes":    [{quote_id, comment_id, thread_id, start, end, text, marker, quoted_author,
                       source_comment_id, source_claim_id, source_start, source_end, score}],
        "relations": [{relation_id, thread_id, kind, level, source_comment_id, target_comment_id,
                       source_claim_id, target_claim_id, source_author, target_author,
                       confidence, evidence: [{kind, text, comment_id, claim_id, start, end, score}]}],
        "cruxes":    [{crux_id, thread_id, label, score,
                       poles: [{concept, variants, authors, claim_ids}], evidence: [...]}]
      }
    }

Offsets (``start``/``end``) index ``comments[].text``; datetimes are ISO 8601 strings.
``json_schema()`` returns the full JSON Schema of this document.
"""

from __future__ import annotations

import json as _json

from argmap.models import MAP_FORMAT_VERSION, ArgumentMap

FORMAT = "argmap-json"


def _generator() -> str:
    try:
        from importlib.metadata import version

        return f"argmap {version('argmap')}"
    except Exception:  # not installed (running from a checkout)
        return "argmap"


def to_document(amap: ArgumentMap) -> dict:
    """The export as plain data (what ``render`` serialises)."""
    return {
        "format": FORMAT,
        "version": MAP_FORMAT_VERSION,
        "generator": _generator(),
        "map": amap.model_dump(mode="json"),
    }


def render(amap: ArgumentMap) -> str:
    """The map as an ``argmap-json`` document (UTF-8 text, ends with a newline)."""
    return _json.dumps(to_document(amap), ensure_ascii=False, indent=1) + "\n"


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of an ``argmap-json`` document."""
    map_schema = ArgumentMap.model_json_schema()
    defs = map_schema.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "argmap-json",
        "type": "object",
        "required": ["format", "version", "map"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"type": "integer", "minimum": 1, "maximum": MAP_FORMAT_VERSION},
            "generator": {"type": "string"},
            "map": map_schema,
        },
        "$defs": defs,
    }
