"""What every reader returns, and small helpers shared by readers."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone

from argmap.errors import InputError
from argmap.models import ArgumentMap, Author, Comment, Problem, Quote


@dataclass
class ReadResult:
    """Maps read from one input (one or more threads) and what was skipped or repaired."""

    maps: list[ArgumentMap] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: "ReadResult") -> None:
        self.maps.extend(other.maps)
        self.problems.extend(other.problems)


def content_id(text: str, n: int = 12) -> str:
    """Stable short hash of ``text`` (for ids of inputs that have none)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


# --- JSON -------------------------------------------------------------------------------------

MAX_NESTING = 12_000
"""JSON (and reply trees) are read up to this depth. A Reddit reply chain 300 deep is 1,200 JSON
levels, past Python's default recursion limit of 1,000; CPython's JSON decoder needs about 200
bytes of C stack per level, so 12,000 levels stay far inside the default 8 MB stack."""


@contextlib.contextmanager
def deep_nesting():
    """Let JSON decoding and the readers' tree walks go ``MAX_NESTING`` levels deep."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, MAX_NESTING + 500))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


@functools.lru_cache(maxsize=4)
def _parse_json(text: str):
    with deep_nesting():
        return json.loads(text)


def load_json(text: str, path: str):
    """Parse ``text`` as JSON; a syntax error becomes an InputError naming ``path``, line and column.

    Parsed documents are cached (by text) so that format sniffing and reading parse a file once;
    callers must not mutate the result.
    """
    try:
        return _parse_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path=path, where=f"line {exc.lineno}:{exc.colno}",
                         hint="fix the JSON or pass --format for another format") from None
    except RecursionError:
        raise InputError(f"JSON nested more than {MAX_NESTING:,} levels deep", path=path,
                         hint="no discussion thread is that deep; is the file damaged?") from None


def try_json(text: str):
    """The parsed document, or None when ``text`` is not JSON (for sniffers)."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return None
    try:
        return _parse_json(text)
    except (ValueError, RecursionError):
        return None


def jpath(base: str, *parts: str | int) -> str:
    """``jpath("$", 1, "data", "children", 3)`` -> ``$[1].data.children[3]``."""
    out = base
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def structure_error(path: str, where: str, message: str) -> InputError:
    return InputError(message, path=path, where=where, hint="is --format right?")


# --- values -----------------------------------------------------------------------------------

def parse_time(value) -> datetime | None:
    """ISO 8601 strings (``Z`` allowed) or Unix seconds/milliseconds -> aware datetime; else None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit()):
        try:
            seconds = float(value)
        except ValueError:
            return None
        if seconds > 1e11:  # milliseconds
            seconds /= 1000.0
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        s = value.strip()
        if s.endswith("Z"):
            s = s[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(s)
        except ValueError:
            return None
        return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    return None


MAX_SCORE = 2 ** 63 - 1
"""Scores beyond a signed 64-bit integer are not scores (Neo4j and spreadsheets could not hold them)."""


def parse_int(value) -> int | None:
    """An integer score, or None for anything that is not a finite number in 64-bit range
    (``"score": 1e999`` is None, not an OverflowError)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if abs(value) <= MAX_SCORE else None
    number = parse_float(value)
    if number is None or abs(number) > MAX_SCORE:
        return None
    return int(number)


def parse_float(value) -> float | None:
    """A finite float, or None (``NaN`` and ``1e999`` are None)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


# --- building maps ----------------------------------------------------------------------------

def make_quotes(comment: Comment, spans, marker: str, quoted_author: str | None = None) -> list[Quote]:
    """Quote objects for ``(start, end)`` spans of ``comment.text``."""
    quotes = []
    for start, end in spans:
        quotes.append(Quote(
            quote_id=f"{comment.comment_id}>q{start}-{end}", comment_id=comment.comment_id,
            thread_id=comment.thread_id, start=start, end=end, text=comment.text[start:end],
            marker=marker, quoted_author=quoted_author,
        ))
    return quotes


class AuthorTable:
    """Authors of one thread in order of first appearance."""

    def __init__(self) -> None:
        self._authors: dict[str, Author] = {}

    def add(self, author_id: str | None, display_name: str | None = None, *, known: bool = True) -> str | None:
        if not author_id:
            return None
        if author_id not in self._authors:
            self._authors[author_id] = Author(author_id=author_id, name=author_id,
                                              display_name=display_name or None, known=known)
        return author_id

    def list(self) -> list[Author]:
        return list(self._authors.values())


def repair_parents(comments: list[Comment], *, path: str, root_id: str | None = None) -> list[Problem]:
    """Make the reply structure a forest: a parent that is not in the thread, or a parent chain that
    loops, is replaced by ``root_id`` (the post, or None = top level). Returns one Problem per repair."""
    problems: list[Problem] = []
    ids = {c.comment_id for c in comments}
    by_id = {c.comment_id: c for c in comments}
    for c in comments:
        if c.parent_id is not None and c.parent_id not in ids:
            problems.append(Problem(path=path, where=c.comment_id, action="repaired",
                                    message=f"parent {c.parent_id} is not in the file; attached to "
                                            f"{'the post' if root_id else 'the top level'}"))
            c.source_parent_id = c.source_parent_id or c.parent_id
            c.parent_id = root_id if c.comment_id != root_id else None
    state: dict[str, int] = {}  # 1 = on the current chain, 2 = known to reach a root
    for c in comments:
        chain = []
        cur = c
        while cur is not None and state.get(cur.comment_id) is None:
            state[cur.comment_id] = 1
            chain.append(cur)
            cur = by_id.get(cur.parent_id) if cur.parent_id is not None else None
        if cur is not None and state.get(cur.comment_id) == 1:
            # ``cur`` is on a loop: cut it there.
            problems.append(Problem(path=path, where=cur.comment_id, action="repaired",
                                    message=f"reply cycle through {cur.parent_id}; attached to "
                                            f"{'the post' if root_id and cur.comment_id != root_id else 'the top level'}"))
            cur.parent_id = root_id if cur.comment_id != root_id else None
        for x in chain:
            state[x.comment_id] = 2
    return problems


def finish_map(amap: ArgumentMap, problems: list[Problem]) -> ArgumentMap:
    """Set ``Thread.skipped`` from the problems that concern this thread."""
    amap.thread.skipped = sum(1 for p in problems if p.action in ("skipped", "repaired"))
    return amap


# --- validating what a file holds ---------------------------------------------------------------

def split_lines(text: str, *, keepends: bool = False) -> list[str]:
    """Lines of ``text`` split only at ``\\n``, ``\\r\\n`` and ``\\r``.

    ``str.splitlines`` also splits at U+2028, U+2029, U+0085, form feed, vertical tab and
    ``\\x1c``-``\\x1e``: inside a comment those are just characters, and splitting there would move
    the rest of a comment (and every comment after it) onto the wrong line.
    """
    parts = _LINE_END.split(text)
    if keepends:
        lines = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
        if parts[-1]:
            lines.append(parts[-1])
        return lines
    lines = parts[::2]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_LINE_END = re.compile(r"(\r\n|\r|\n)")

# What a JSON value must be, by key (see ``checked_json``). ``str`` accepts an integer too (an id
# or name written as a number is read as its digits); ``text`` is a string only.
_KINDS = {
    "str": lambda v: isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool)),
    "text": lambda v: isinstance(v, str),
    "id": lambda v: (isinstance(v, str) and v.strip() != "") or (isinstance(v, int) and not isinstance(v, bool)),
    "number": lambda v: (isinstance(v, (int, float)) and not isinstance(v, bool) and parse_float(v) is not None)
    or (isinstance(v, str) and parse_float(v) is not None) or v == "",
    "time": lambda v: isinstance(v, str) or ((isinstance(v, (int, float)) and not isinstance(v, bool))
                                             and parse_float(v) is not None),
    "bool": lambda v: isinstance(v, (bool, int)),
    "dict": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
    "listing": lambda v: isinstance(v, dict) or v == "",
    "scalar": lambda v: isinstance(v, str) or (isinstance(v, (int, float)) and not isinstance(v, bool)
                                               and parse_float(v) is not None),
}
_WHAT = {"str": "a string", "text": "a string", "id": "a non-empty string or integer", "number": "a finite number",
         "time": "a date string or a number", "bool": "true or false", "dict": "an object", "list": "a list",
         "listing": 'an object or ""', "scalar": "a string or a number"}


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number" if parse_float(value) is not None else f"the number {value!r}"
    if isinstance(value, str):
        return "an empty string" if not value.strip() else "a string"
    return "a list" if isinstance(value, list) else "an object"


def checked_json(text: str, path: str, kinds: dict[str, str]) -> tuple[object, list[Problem]]:
    """Parse ``text`` (see ``load_json``) and check every object's values against ``kinds``
    (key -> ``str``, ``text``, ``id``, ``number``, ``time``, ``bool``, ``dict``, ``list``, ``listing``).

    ``null`` is always accepted (readers treat it as absent). A value of the wrong type is removed,
    so the reader sees the key as absent (an item missing its id or text is then skipped by the
    reader; a missing author, title or score just stays unknown), and is reported with its JSON
    path. Returns the document (a fresh copy when something was removed) and the problems.
    """
    doc = load_json(text, path)
    bad: list[tuple[tuple, str, object]] = []
    stack: list[tuple[object, tuple]] = [(doc, ())]
    while stack:  # iterative: documents may be nested deeper than Python's recursion limit
        node, keys = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            continue
        for key, value in reversed(items):
            kind = kinds.get(key) if isinstance(key, str) else None
            if kind is not None and value is not None and (not _KINDS[kind](value) or _as_digits(kind, value)):
                bad.append((keys, key, value))
            elif isinstance(value, (dict, list)):
                stack.append((value, keys + (key,)))
    if not bad:
        return doc, []
    with deep_nesting():
        fresh = json.loads(text)  # the parsed document is cached and shared: change a copy
    problems = []
    for keys, key, value in bad:
        node = fresh
        for k in keys:
            node = node[k]
        if _as_digits(kinds[key], value):
            node[key] = str(value)
            continue
        del node[key]
        problems.append(_wrong_type(path, jpath("$", *keys, key), key, value, kinds[key]))
    return fresh, problems


def _as_digits(kind: str, value) -> bool:
    """A name or id written as a JSON integer is read as its digits."""
    return kind == "str" and isinstance(value, int) and not isinstance(value, bool)


def _wrong_type(path: str, where: str, key: str, value, kind: str) -> Problem:
    return Problem(path=path, where=where, action="repaired",
                   message=f"{key} is {_type_name(value)}, expected {_WHAT[kind]}; ignored")


def checked_row(row: dict, kinds: dict[str, str], path: str, where: str) -> list[Problem]:
    """``checked_json`` for one flat record (a JSONL line): values of the wrong type are removed
    from ``row`` and reported, ``where`` naming the line and the key."""
    bad = [(key, value) for key, value in row.items()
           if key in kinds and value is not None and not _KINDS[kinds[key]](value)]
    for key, _ in bad:
        del row[key]
    return [_wrong_type(path, f"{where}: {key}", key, value, kinds[key]) for key, value in bad]


MAX_TEXT_CHARS = 1_000_000
"""A comment's plain text is analysed up to this many characters: spaCy refuses longer texts
(``nlp.max_length``) and needs about 1 GB of memory per 100,000 characters it parses. The rest
stays in ``Comment.raw``; the cut is reported."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid(value: str) -> str:
    return _SURROGATE.sub("\ufffd", value)


def _make_valid(model) -> list[str]:
    """Replace lone surrogates in every string of ``model`` (nested models and lists of strings
    included); the names of the fields fixed."""
    fixed = []
    for name, value in model.__dict__.items():
        if isinstance(value, str):
            if _SURROGATE.search(value):
                setattr(model, name, _valid(value))
                fixed.append(name)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and _SURROGATE.search(item):
                    value[i] = _valid(item)
                    fixed.append(name)
                elif hasattr(item, "__dict__") and _make_valid(item):
                    fixed.append(name)
    return list(dict.fromkeys(fixed))


def normalise_result(result: ReadResult, path: str) -> ReadResult:
    """Make what a reader accepted safe for every later stage, once, reporting each change:

    * lone surrogates (``"\\udcff"`` in JSON) become U+FFFD, one for one, so offsets hold;
    * a comment id seen before in the same thread, or an empty one, is skipped with its quotes;
    * a quote whose span does not hold its text is dropped;
    * plain text longer than ``MAX_TEXT_CHARS`` is cut there (the raw text is kept whole).
    """
    for amap in result.maps:
        problems: list[Problem] = []
        thread = amap.thread
        fixed = _make_valid(thread)
        if fixed:
            problems.append(Problem(path=path, where=f"thread {thread.thread_id}", action="repaired",
                                    message=f"invalid Unicode (lone surrogates) in the thread's {', '.join(fixed)}; "
                                            f"replaced with U+FFFD"))
        for author in amap.authors:
            _make_valid(author)
        seen: set[str] = set()
        kept = []
        for c in amap.comments:
            fixed = _make_valid(c)
            if fixed:
                problems.append(Problem(path=path, where=c.comment_id, action="repaired",
                                        message=f"invalid Unicode (lone surrogates) in {', '.join(fixed)}; "
                                                f"replaced with U+FFFD"))
            local = c.comment_id.split("/")[-1].split(":")[-1]
            if c.comment_id in seen or not local.strip():
                problems.append(Problem(path=path, where=c.comment_id or f"comment {c.index}",
                                        message="duplicate comment id" if c.comment_id in seen else "empty comment id"))
                continue
            seen.add(c.comment_id)
            if len(c.text) > MAX_TEXT_CHARS:
                problems.append(Problem(path=path, where=c.comment_id, action="repaired",
                                        message=f"text is {len(c.text):,} characters; only the first "
                                                f"{MAX_TEXT_CHARS:,} are analysed (the whole text stays in the raw text)"))
                c.text = c.text[:MAX_TEXT_CHARS]
            kept.append(c)
        by_id = {c.comment_id: c for c in kept}
        quotes = []
        for q in amap.quotes:
            _make_valid(q)
            owner = by_id.get(q.comment_id)
            if owner is not None and owner.text[q.start:q.end] == q.text and q.end <= len(owner.text):
                quotes.append(q)
            elif owner is not None:
                problems.append(Problem(path=path, where=q.quote_id, action="repaired",
                                        message="quote outside the comment's analysed text; dropped"))
        dropped = {c.comment_id for c in amap.comments} - set(by_id)
        for c in kept:  # replies to a comment skipped for its empty id move to the top level
            if c.parent_id is not None and c.parent_id not in by_id and c.parent_id in dropped:
                c.parent_id = None
        if len(kept) != len(amap.comments):
            for i, c in enumerate(kept):
                c.index = i
        amap.comments[:] = kept
        amap.quotes[:] = quotes
        for model in (*amap.claims, *amap.relations, *amap.cruxes):  # argmap-json maps carry these too
            _make_valid(model)
        amap.thread.skipped += sum(1 for p in problems if p.action == "skipped")
        result.problems.extend(problems)
    return result
