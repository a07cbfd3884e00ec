"""Hacker News threads as JSON, in two shapes:

* Algolia items (``https://hn.algolia.com/api/v1/items/<id>``): ``id``, ``type``
  (``story``/``comment``/``poll``), ``author``, ``created_at``, ``title``, ``url``, ``text`` (HTML),
  ``points`` and nested ``children``; also cut down to ``id`` / ``text`` / ``children`` (no ``type``:
  the root is then the story unless it has a ``parent_id``). A list of such items is accepted too.
* HNPWA / node-hnapi items (``api.hnpwa.com/v0/item/<id>.json``, circumflex): ``user``, ``time``,
  ``content`` (HTML), ``points``, ``level``, nested ``comments``, ``deleted`` and ``dead`` flags.

Dead comments are kept with ``dead=True``. The official Firebase API's items (``kids`` are ids,
not comments) are recognised and refused with a message saying what to fetch instead.

Ids: thread ``hn:<root id>``, comments ``hn:<id>`` (HN ids are global), the story ``hn:<id>/post``.
A deleted comment (no author, no text) is kept as ``deleted=True`` so its replies stay attached.
"""

from __future__ import annotations

from argmap.errors import InputError
from argmap.models import ArgumentMap, Comment, Problem, Thread

from .base import (AuthorTable, ReadResult, checked_json, jpath, make_quotes, parse_int, parse_time,
                   repair_parents, structure_error, try_json)
from .markup import html_to_text

FORMAT = "hackernews"
SITE = "https://news.ycombinator.com/item?id="
_TYPES = {"story", "comment", "poll", "job", "pollopt"}


_ALGOLIA_KEYS = {"id", "type", "author", "created_at", "created_at_i", "title", "url", "text", "points",
                 "parent_id", "story_id", "children", "options"}
_VALUE_KINDS = {  # what each value must be (see base.checked_json)
    "id": "id", "type": "text", "author": "str", "user": "str", "title": "str", "text": "text", "content": "text",
    "url": "text", "points": "number", "created_at": "time", "created_at_i": "time", "time": "time",
    "story_id": "id", "parent_id": "id", "children": "list", "comments": "list", "dead": "bool", "deleted": "bool",
}
_HNPWA_MARKS = {"user", "content", "level", "time_ago", "comments_count", "domain"}


def _is_algolia(obj) -> bool:
    if not (isinstance(obj, dict) and "id" in obj and isinstance(obj.get("children"), list)):
        return False
    return obj.get("type") in _TYPES or ("type" not in obj and set(obj) <= _ALGOLIA_KEYS)


def _is_hnpwa(obj) -> bool:
    return (isinstance(obj, dict) and "id" in obj and isinstance(obj.get("comments"), list)
            and bool(_HNPWA_MARKS & obj.keys()))


def _is_firebase(obj) -> bool:
    return (isinstance(obj, dict) and isinstance(obj.get("id"), int) and "children" not in obj
            and "comments" not in obj and obj.get("type") in _TYPES and ("by" in obj or "kids" in obj))


def _is_item(obj) -> bool:
    return _is_algolia(obj) or _is_hnpwa(obj)


def sniff(text: str, path: str) -> bool:
    doc = try_json(text)
    if isinstance(doc, list):
        return bool(doc) and (_is_item(doc[0]) or _is_firebase(doc[0]))
    return _is_item(doc) or _is_firebase(doc)


def _fields(item: dict) -> dict:
    """One item's fields under the Algolia names, whichever shape it came in."""
    if _is_hnpwa(item) or ("content" in item and "children" not in item):
        return {"author": item.get("user"), "text": item.get("content"), "created": item.get("time"),
                "points": item.get("points"), "children": item.get("comments") or [], "title": item.get("title"),
                "dead": bool(item.get("dead")), "deleted": bool(item.get("deleted")), "children_key": "comments"}
    return {"author": item.get("author"), "text": item.get("text"),
            "created": item.get("created_at_i") or item.get("created_at"), "points": item.get("points"),
            "children": item.get("children") or [], "title": item.get("title"), "dead": bool(item.get("dead")),
            "deleted": bool(item.get("deleted")), "children_key": "children"}


def _is_story(root: dict) -> bool:
    if _is_hnpwa(root):
        return root.get("type") != "comment" and "level" not in root
    if "type" in root:
        return root.get("type") != "comment"
    return "parent_id" not in root


def read(text: str, *, path: str, author: str | None = None) -> ReadResult:
    doc, checked = checked_json(text, path, _VALUE_KINDS)
    roots = [(jpath("$", i), x) for i, x in enumerate(doc)] if isinstance(doc, list) else [("$", doc)]
    result = ReadResult(problems=checked)
    for where, root in roots:
        if _is_firebase(root):
            raise InputError(f"a Hacker News Firebase item (its `kids` are ids, not comments): "
                                  f"save https://hn.algolia.com/api/v1/items/{root['id']} instead, or run "
                                  f"`argmap ingest {SITE}{root['id']}`", path=path, where=where)
        if not _is_item(root):
            raise structure_error(path, where, 'expected a Hacker News item (Algolia {"id", "children": [...]} '
                                  'or HNPWA {"id", "user", "comments": [...]})')
        result.extend(_read_tree(root, where, path))
    return result


def _read_tree(root: dict, where: str, path: str) -> ReadResult:
    problems: list[Problem] = []
    thread_id = f"hn:{root.get('story_id') or root['id']}"
    authors = AuthorTable()
    comments: list[Comment] = []
    quotes = []
    is_story = _is_story(root)
    root_cid = f"{thread_id}/post" if is_story else None
    story_id = root.get("story_id")

    def add(item: dict, here: str, parent_cid: str | None) -> str | None:
        if not isinstance(item, dict) or "id" not in item:
            problems.append(Problem(path=path, where=here, message="item without an id"))
            return None
        f = _fields(item)
        raw = f["text"] or ""
        if not isinstance(raw, str):
            problems.append(Problem(path=path, where=here, message="text is not a string"))
            return None
        post = here == where and is_story
        cid = root_cid if post else f"hn:{item['id']}"
        if here == where and not post and item.get("parent_id") is not None:
            # the root is a comment: keep its parent, so merging the rest of the thread re-attaches it
            parent_cid = f"{thread_id}/post" if item["parent_id"] == story_id else f"hn:{item['parent_id']}"
        rendered = html_to_text(raw)
        title = f["title"] if isinstance(f["title"], str) else ""
        text_ = rendered.text or (title if post else "")
        c = Comment(comment_id=cid, thread_id=thread_id, parent_id=parent_cid,
                    author=authors.add(f["author"]), created_at=parse_time(f["created"]),
                    score=parse_int(f["points"]), raw=raw or (title if post else ""),
                    text=text_, url=f"{SITE}{item['id']}", kind="post" if post else "comment", index=len(comments),
                    deleted=not post and (f["deleted"] or (f["author"] is None and not raw)), dead=f["dead"])
        comments.append(c)
        quotes.extend(make_quotes(c, rendered.quotes, "html"))
        children = f["children"]
        if not isinstance(children, list):
            problems.append(Problem(path=path, where=jpath(here, f["children_key"]), message="children is not a list"))
            return cid
        for i, child in enumerate(children):
            add(child, jpath(here, f["children_key"], i), cid)
        return cid

    add(root, where, None)
    problems += repair_parents(comments, path=path, root_id=root_cid)
    thread = Thread(thread_id=thread_id, title=root.get("title"), source_format="hackernews",
                    url=f"{SITE}{root['id']}", source_path=path,
                    created_at=parse_time(_fields(root)["created"]))
    thread.skipped = len(problems)
    return ReadResult(maps=[ArgumentMap(thread=thread, authors=authors.list(), comments=comments, quotes=quotes)],
                      problems=problems)
