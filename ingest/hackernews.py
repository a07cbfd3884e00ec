"""Hacker News Algolia items JSON (``https://hn.algolia.com/api/v1/items/<id>``): one item with
``id``, ``type`` (``story``/``comment``/``poll``), ``author``, ``created_at``, ``title``, ``url``,
``text`` (HTML), ``points`` and nested ``children``. A list of such items is accepted too.

Ids: thread ``hn:<root id>``, comments ``hn:<id>`` (HN ids are global), the story ``hn:<id>/post``.
A deleted comment (no author, no text) is kept as ``deleted=True`` so its replies stay attached.
"""

from __future__ import annotations

from argmap.models import ArgumentMap, Comment, Problem, Thread

from .base import (AuthorTable, ReadResult, jpath, load_json, make_quotes, parse_int, parse_time,
                   repair_parents, structure_error, try_json)
from .markup import html_to_text

FORMAT = "hackernews"
SITE = "https://news.ycombinator.com/item?id="
_TYPES = {"story", "comment", "poll", "job", "pollopt"}


def _is_item(obj) -> bool:
    return isinstance(obj, dict) and "id" in obj and obj.get("type") in _TYPES and "children" in obj


def sniff(text: str, path: str) -> bool:
    doc = try_json(text)
    if isinstance(doc, list):
        return bool(doc) and _is_item(doc[0])
    return _is_item(doc)


def read(text: str, *, path: str, author: str | None = None) -> ReadResult:
    doc = load_json(text, path)
    roots = [(jpath("$", i), x) for i, x in enumerate(doc)] if isinstance(doc, list) else [("$", doc)]
    result = ReadResult()
    for where, root in roots:
        if not _is_item(root):
            raise structure_error(path, where, 'expected a Hacker News Algolia item ({"id", "type", "children": [...]})')
        result.extend(_read_tree(root, where, path))
    return result


def _read_tree(root: dict, where: str, path: str) -> ReadResult:
    problems: list[Problem] = []
    thread_id = f"hn:{root.get('story_id') or root['id']}"
    authors = AuthorTable()
    comments: list[Comment] = []
    quotes = []
    is_story = root.get("type") != "comment"
    root_cid = f"{thread_id}/post" if is_story else None

    def add(item: dict, here: str, parent_cid: str | None) -> str | None:
        if not isinstance(item, dict) or "id" not in item:
            problems.append(Problem(path=path, where=here, message="item without an id"))
            return None
        raw = item.get("text") or ""
        if not isinstance(raw, str):
            problems.append(Problem(path=path, where=here, message="text is not a string"))
            return None
        post = here == where and is_story
        cid = root_cid if post else f"hn:{item['id']}"
        rendered = html_to_text(raw)
        text_ = rendered.text or (item.get("title") or "" if post else "")
        c = Comment(comment_id=cid, thread_id=thread_id, parent_id=parent_cid,
                    author=authors.add(item.get("author")), created_at=parse_time(item.get("created_at_i") or item.get("created_at")),
                    score=parse_int(item.get("points")), raw=raw or (item.get("title") or "" if post else ""),
                    text=text_, url=f"{SITE}{item['id']}", kind="post" if post else "comment", index=len(comments),
                    deleted=not post and item.get("author") is None and not raw)
        comments.append(c)
        quotes.extend(make_quotes(c, rendered.quotes, "html"))
        children = item.get("children") or []
        if not isinstance(children, list):
            problems.append(Problem(path=path, where=jpath(here, "children"), message="children is not a list"))
            return cid
        for i, child in enumerate(children):
            add(child, jpath(here, "children", i), cid)
        return cid

    add(root, where, None)
    problems += repair_parents(comments, path=path, root_id=root_cid)
    thread = Thread(thread_id=thread_id, title=root.get("title"), source_format="hackernews",
                    url=f"{SITE}{root['id']}", source_path=path,
                    created_at=parse_time(root.get("created_at_i") or root.get("created_at")))
    thread.skipped = len(problems)
    return ReadResult(maps=[ArgumentMap(thread=thread, authors=authors.list(), comments=comments, quotes=quotes)],
                      problems=problems)
