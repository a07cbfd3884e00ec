"""JSONL and CSV threads: one comment per line/row.

Columns: ``id``, ``parent_id``, ``author``, ``text`` (+ optional ``created_at``, ``thread_id``,
``title``, ``url``, ``score``). ConvoKit's ``utterances.jsonl`` names are accepted too: ``speaker``
(or ``user``), ``reply-to`` / ``reply_to``, ``conversation_id``, ``timestamp``, ``meta.score``; a
``conversations.json`` beside it gives the threads' titles (``meta.title``) and a ``speakers.json``
their display names (``meta.name``), both also as ``<prefix>conversations<suffix>.json`` when the
utterances file is ``<prefix>utterances<suffix>.jsonl``. Text is read as
Markdown, so ``>`` quotes count. One file may hold several threads (``thread_id`` /
``conversation_id``); without one, the file is one thread ``text:<hash of the file>``.

Ids: the thread id is the file's ``thread_id`` as is; comments are ``<thread_id>/<id>``.
A row without id or text is skipped and reported (an empty text, as of a link post, is a
comment with no words); a missing parent becomes top level. ``[deleted]`` / ``[removed]`` speakers
are unknown authors, as in the Reddit reader. ``author`` (``--author``) is the author of rows that
have none.
"""

from __future__ import annotations

import csv
import io
import json
import os

from argmap.errors import InputError
from argmap.models import ArgumentMap, Comment, Problem, Thread

from .base import (AuthorTable, ReadResult, checked_row, content_id, make_quotes, parse_int, parse_time,
                   repair_parents, split_lines, try_json)
from .markup import markdown_to_text, unescape_entities

_ALIASES = {
    "id": ("id", "comment_id", "utterance_id"),
    "parent_id": ("parent_id", "reply_to", "reply-to", "parent", "in_reply_to"),
    "author": ("author", "speaker", "user", "username"),
    "text": ("text", "body", "content"),
    "created_at": ("created_at", "timestamp", "created_utc", "date"),
    "thread_id": ("thread_id", "conversation_id", "root"),
    "title": ("title",),
    "url": ("url", "permalink"),
    "score": ("score",),
}


_VALUE_KINDS = {key: ("text" if name == "text" else "time" if name == "created_at" else "scalar")
                for name, keys in _ALIASES.items() for key in keys}
_VALUE_KINDS["meta"] = "dict"
"""What each JSONL value must be (see base.checked_row): a list or an object as an id or author is refused."""


def _get(row: dict, name: str):
    for key in _ALIASES[name]:
        if key in row and row[key] not in (None, ""):
            return row[key]
    if name == "score" and isinstance(row.get("meta"), dict):
        return row["meta"].get("score")
    return None


def _text(row: dict):
    """The row's text; ``""`` when a text column is there but empty (a link post), None when absent."""
    body = _get(row, "text")
    if body is None and any(row.get(k) == "" for k in _ALIASES["text"]):
        return ""
    return body


_GONE = {"[deleted]", "[removed]"}


def _sibling(path: str, name: str) -> str | None:
    """``conversations.json`` (or ``<prefix>conversations<suffix>.json`` for an utterances file
    named ``<prefix>utterances<suffix>.jsonl``) beside ``path``, when it exists."""
    folder, base = os.path.split(path)
    stem = os.path.splitext(base)[0]
    candidates = [stem.replace("utterances", name) + ".json"] if "utterances" in stem else []
    for candidate in candidates + [f"{name}.json"]:
        full = os.path.join(folder, candidate)
        if os.path.isfile(full):
            return full
    return None


def _corpus_meta(path: str, name: str, field: str, problems: list[Problem]) -> dict[str, str]:
    """``{id: meta[field]}`` from a ConvoKit ``conversations.json`` / ``speakers.json`` beside ``path``."""
    sibling = _sibling(path, name)
    if sibling is None:
        return {}
    try:
        with open(sibling, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError) as exc:
        problems.append(Problem(path=sibling, where="$", action="skipped",
                                message=f"ConvoKit {name}.json not used: {exc}"))
        return {}
    if not isinstance(doc, dict):
        return {}
    out = {}
    for key, value in doc.items():
        meta = value.get("meta") if isinstance(value, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get(field), str) and meta[field].strip():
            out[str(key)] = meta[field].strip()
    return out


def _str(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _ext(path: str) -> str:
    return os.path.splitext(path)[1].lower()


class _TableReader:
    def __init__(self, fmt: str) -> None:
        self.FORMAT = fmt

    def sniff(self, text: str, path: str) -> bool:
        ext = _ext(path)
        if self.FORMAT == "jsonl":
            if ext in (".jsonl", ".ndjson"):
                return True
            lines = [ln for ln in split_lines(text[:100_000]) if ln.strip()][:3]
            if len(lines) < 1 or try_json(text) is not None:
                return False
            try:
                first = json.loads(lines[0])
            except (ValueError, RecursionError):
                return False
            return isinstance(first, dict) and _get(first, "text") is not None
        if ext in (".csv", ".tsv"):
            return True
        header = text.lstrip("\ufeff").split("\n", 1)[0].lower()
        cols = {c.strip().strip('"') for c in header.split(",")}
        return len(cols) > 1 and bool(cols & set(_ALIASES["text"])) and bool(cols & set(_ALIASES["id"]))

    def read(self, text: str, *, path: str, author: str | None = None) -> ReadResult:
        problems: list[Problem] = []
        rows: list[tuple[str, dict]] = []
        if self.FORMAT == "jsonl":
            for n, line in enumerate(split_lines(text), 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(Problem(path=path, where=f"line {n}:{exc.colno}", message=f"malformed JSON: {exc.msg}"))
                    continue
                except RecursionError:
                    problems.append(Problem(path=path, where=f"line {n}", message="JSON nested too deeply"))
                    continue
                if not isinstance(obj, dict):
                    problems.append(Problem(path=path, where=f"line {n}", message="not a JSON object"))
                    continue
                problems += checked_row(obj, _VALUE_KINDS, path, f"line {n}")
                rows.append((f"line {n}", obj))
        else:
            dialect = "excel-tab" if _ext(path) == ".tsv" else "excel"
            reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
            limit = csv.field_size_limit()
            csv.field_size_limit(max(limit, len(text) + 1))  # a field may be as long as the file
            try:
                for row in reader:
                    if None in row:  # more cells than header columns: the extra cells are kept apart
                        extra = row.pop(None)
                        problems.append(Problem(path=path, where=f"line {reader.line_num}", action="repaired",
                                                message=f"{len(extra)} cell(s) beyond the header's "
                                                        f"{len(reader.fieldnames or [])} columns ignored"))
                    rows.append((f"line {reader.line_num}", row))
            except csv.Error as exc:
                problems.append(Problem(path=path, where=f"line {reader.line_num}", message=f"CSV error: {exc}; rest of file skipped"))
            finally:
                csv.field_size_limit(limit)
        if self.FORMAT == "jsonl" and not rows and problems:
            first = problems[0]
            raise InputError(f"not JSONL: no line is a JSON object ({first.message})", path=path,
                             where=first.where, hint="is --format right?")
        return _build(rows, problems, path=path, fmt=self.FORMAT, file_hash=content_id(text), default_author=author)


JSONL = _TableReader("jsonl")
CSV = _TableReader("csv")


def _build(rows, problems: list[Problem], *, path: str, fmt: str, file_hash: str,
           default_author: str | None = None) -> ReadResult:
    threads: dict[str, dict] = {}
    titles = _corpus_meta(path, "conversations", "title", problems) if fmt == "jsonl" else {}
    names = (_corpus_meta(path, "speakers", "name", problems)  # older ConvoKit corpora: users.json
             or _corpus_meta(path, "users", "name", problems)) if fmt == "jsonl" else {}
    for where, row in rows:
        rid, body = _str(_get(row, "id")), _text(row)
        if rid is None or not isinstance(body, str):
            problems.append(Problem(path=path, where=where, message="row without " + ("an id" if rid is None else "a text")))
            continue
        tid = _str(_get(row, "thread_id")) or f"text:{file_hash}"
        th = threads.setdefault(tid, {"authors": AuthorTable(), "comments": [], "quotes": [], "title": None,
                                      "url": None, "seen": set()})
        cid = f"{tid}/{rid}"
        if cid in th["seen"]:
            problems.append(Problem(path=path, where=where, message=f"duplicate id {rid}"))
            continue
        th["seen"].add(cid)
        th["title"] = th["title"] or _str(_get(row, "title")) or titles.get(tid)
        parent = _str(_get(row, "parent_id"))
        deleted = body.strip() in _GONE
        # bodies from Reddit dumps (a ConvoKit corpus) escape "&gt;" quote markers
        rendered = markdown_to_text("" if deleted else unescape_entities(body))
        speaker = _str(_get(row, "author"))
        if speaker in _GONE:
            speaker = None
        else:
            speaker = speaker or default_author
        c = Comment(comment_id=cid, thread_id=tid, parent_id=f"{tid}/{parent}" if parent else None,
                    author=th["authors"].add(speaker, names.get(speaker or "")), created_at=parse_time(_get(row, "created_at")),
                    score=parse_int(_get(row, "score")), raw=body, text=rendered.text, url=_str(_get(row, "url")),
                    kind="post" if parent is None and rid == tid else "comment", index=len(th["comments"]),
                    deleted=deleted)
        th["comments"].append(c)
        th["quotes"] += make_quotes(c, rendered.quotes, "markdown")
    result = ReadResult(problems=list(problems))
    for tid, th in threads.items():
        fixes = repair_parents(th["comments"], path=path, root_id=None)
        thread = Thread(thread_id=tid, title=th["title"], source_format=fmt, source_path=path,
                        url=next((c.url for c in th["comments"] if c.parent_id is None and c.url), None),
                        created_at=min((c.created_at for c in th["comments"] if c.created_at), default=None))
        thread.skipped = len(fixes)
        result.maps.append(ArgumentMap(thread=thread, authors=th["authors"].list(), comments=th["comments"],
                                       quotes=th["quotes"]))
        result.problems += fixes
    if result.maps:  # rows skipped before a thread was known count against the file's first thread
        result.maps[0].thread.skipped += len(problems)
    return result
