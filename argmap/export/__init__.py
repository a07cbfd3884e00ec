"""Exports of an ArgumentMap: a self-contained HTML page and interchange formats.

>>> from argmap.export import export_map
>>> text = export_map(amap, "argdown")            # returns the text       # doctest: +SKIP
>>> export_map(amap, "html", "map.html")           # writes the file        # doctest: +SKIP

Each format is a module with ``render(amap) -> str``; format modules import their heavy
dependencies (networkx, jinja2, pyvis's assets) only when used.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import IO

from argmap.errors import ArgmapError, UnknownFormatError
from argmap.models import ArgumentMap

EXPORT_FORMATS: dict[str, str] = {
    "html": "self-contained interactive page (network, divergence matrix, crux table)",
    "json": "the whole map, versioned; `argmap ingest` reads it back",
    "graphml": "typed graph for Gephi, yEd, Cytoscape",
    "dot": "Graphviz source",
    "csv": "positions: author, claim, stance, crux side",
    "aif": "Argument Interchange Format JSON (AIFdb / OVA)",
    "argdown": "Argdown statements with +> support and -> attack",
}
"""Format name -> one-line description (what ``argmap export --format`` accepts)."""

EXTENSIONS = {"html": ".html", "json": ".json", "graphml": ".graphml", "dot": ".dot", "csv": ".csv",
              "aif": ".aif.json", "argdown": ".argdown"}


class ExportError(ArgmapError):
    """The export could not be written."""


def render(amap: ArgumentMap, fmt: str) -> str:
    """The map in format ``fmt`` as text."""
    if fmt not in EXPORT_FORMATS:
        raise UnknownFormatError(f"unknown export format {fmt!r}",
                                 hint="choose one of " + ", ".join(EXPORT_FORMATS))
    module = importlib.import_module(f"argmap.export.{fmt}")
    return module.render(amap)


def export_map(amap: ArgumentMap, fmt: str, out: str | os.PathLike | IO[str] | None = None) -> str | Path:
    """Export ``amap`` as ``fmt``. ``out`` None returns the text; a path writes the file (UTF-8,
    replaced atomically) and returns its Path; a text stream is written to and the text returned."""
    text = render(amap, fmt)
    if out is None:
        return text
    if hasattr(out, "write"):
        out.write(text)
        return text
    path = Path(out)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        # newline="" keeps CSV's CRLF row ends as written.
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise ExportError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None
    return path
