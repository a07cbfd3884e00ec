"""What every reader returns, and small helpers shared by readers."""

from __future__ import annotations

import functools
import hashlib
import json
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

@functools.lru_cache(maxsize=4)
def _parse_json(text: str):
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
        raise InputError("malformed JSON: nested too deeply", path=path) from None


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


def parse_int(value) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def parse_float(value) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


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
