"""Readers: one module per input format, each turning a file into ArgumentMaps with only the
thread, authors, comments and quotes filled in.

Every reader has ``FORMAT``, ``sniff(text, path) -> bool`` and
``read(text, *, path, author=None) -> ReadResult``. ``read_path`` decodes a file, detects its
format (or takes ``format=``) and dispatches::

    >>> from argmap.ingest import read_path
    >>> result = read_path("thread.jsonl")            # doctest: +SKIP
    >>> result.maps[0].comments[0].text               # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

from argmap.errors import InputError, UndetectedFormatError, UnknownFormatError
from argmap.models import Problem

from .base import ReadResult, content_id, deep_nesting, normalise_result

__all__ = ["FORMATS", "ReadResult", "content_id", "detect_format", "read_path", "read_text", "reader_for"]

FORMATS: tuple[str, ...] = (
    "lesswrong", "reddit", "hackernews", "jsonl", "csv", "markdown", "plaintext", "kialo", "argmap-json",
)

# format -> (module, attribute holding the reader, or None when the module itself is the reader).
# Modules are imported lazily, so a missing optional reader (argmap-json) breaks nothing else.
_READERS: dict[str, tuple[str, str | None]] = {
    "argmap-json": ("argmap.ingest.argmapjson", None),
    "lesswrong": ("argmap.ingest.lesswrong", None),
    "reddit": ("argmap.ingest.reddit", None),
    "hackernews": ("argmap.ingest.hackernews", None),
    "jsonl": ("argmap.ingest.table", "JSONL"),
    "csv": ("argmap.ingest.table", "CSV"),
    "kialo": ("argmap.ingest.kialo", None),
    "markdown": ("argmap.ingest.markdown", None),
    "plaintext": ("argmap.ingest.plaintext", None),
}

MAX_INPUT_BYTES = 256 * 2**20
"""An input file is read up to this size. The largest real thread exports are tens of MB (a
10,000-comment Reddit thread is about 30 MB); anything past this is not one thread."""

# Sniffing order: specific structured formats first, plain text last (it accepts any text).
_SNIFF_ORDER = ("argmap-json", "lesswrong", "reddit", "hackernews", "jsonl", "csv", "kialo", "markdown", "plaintext")


def reader_for(fmt: str) -> ModuleType | object:
    """The reader of ``fmt`` (an object with ``FORMAT``, ``sniff`` and ``read``)."""
    if fmt not in _READERS:
        raise UnknownFormatError(f"unknown format {fmt!r}; supported: {', '.join(FORMATS)}")
    module_name, attr = _READERS[fmt]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise UnknownFormatError(f"format {fmt!r} is not available in this installation; "
                                 f"supported: {', '.join(f for f in FORMATS if f != fmt)}") from None
    return getattr(module, attr) if attr else module


def detect_format(path: str, text: str) -> str:
    """The first format whose reader recognises ``text`` (``path``'s extension is a hint).

    Raises UnknownFormatError listing the supported formats when none does, and InputError
    (with line and column) when the file looks like JSON but does not parse.
    """
    if not text.strip():
        raise InputError("the file is empty", path=path)
    for fmt in _SNIFF_ORDER:
        try:
            reader = reader_for(fmt)
        except UnknownFormatError:
            continue
        try:
            recognised = reader.sniff(text, path)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError):
            recognised = False  # a value of the wrong type where the format has its marks: not this format
        if recognised:
            return fmt
    head = text.lstrip()[:1]
    if head in ("{", "["):
        from .base import load_json

        load_json(text, path)  # raises with line:col when the JSON is malformed
    raise UndetectedFormatError(f"cannot tell the format of this file; supported: {', '.join(FORMATS)}",
                             path=path, hint="pass --format")


def _decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        bad = sum(1 for ch in text if ch == "\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
        problem = Problem(path=path, where=f"byte {exc.start}",
                          message=f"not valid UTF-8 ({exc.reason}); {bad} invalid byte sequence(s) "
                                  f"replaced with U+FFFD, first at byte offset {exc.start}",
                          action="decoded-with-replacement")
        return text.removeprefix("\ufeff"), [problem]
    return text.removeprefix("\ufeff"), []


def read_text(text: str, *, path: str = "<text>", format: str | None = None, author: str | None = None) -> ReadResult:
    """Read already-decoded ``text`` (see ``read_path``)."""
    fmt = format or detect_format(path, text)
    reader = reader_for(fmt)
    with deep_nesting():
        result = reader.read(text, path=path, author=author)
    return normalise_result(result, path)


def read_path(path, *, format: str | None = None, author: str | None = None) -> ReadResult:
    """Read one input file into ReadResult (maps + problems). ``format=None`` detects it.

    ``author`` names the writer of texts that carry no author (plain text pastes: the party of the
    first comment; Markdown threads without author headings).
    """
    path_str = os.fspath(path)
    if format is not None and format not in FORMATS:
        raise UnknownFormatError(f"unknown format {format!r}; supported: {', '.join(FORMATS)}")
    try:
        with open(path_str, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)  # bounded: /dev/zero or a runaway pipe fails cleanly
    except FileNotFoundError:
        raise InputError("no such file", path=path_str) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path_str) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path_str) from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB: too big to be one discussion thread",
                         path=path_str, hint="split it into one file per thread")
    text, problems = _decode(data, path_str)
    result = read_text(text, path=path_str, format=format, author=author)
    result.problems[:0] = problems
    return result
