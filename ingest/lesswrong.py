"""LessWrong / Alignment Forum / EA Forum GraphQL JSON.

Accepted shapes: the ``comments`` query result ``{"data": {"comments": {"results": [...]}}}``
(optionally with ``data.post.result`` or ``data.post``), ``{"comments": [...], "post": {...}}``, or a
bare list of comment objects. A comment has ``_id``, ``postId``, ``parentCommentId``,
``user.username``/``displayName``, ``contents.markdown`` or ``htmlBody``/``contents.html``,
``postedAt``, ``baseScore``, ``extendedScore.agreement``. The post has ``_id``, ``title``,
``pageUrl``, ``contents.markdown``/``htmlBody``. ``author`` (``--author``) is the writer of
comments that carry no ``user`` (one user's comments, saved without it).

Ids: thread ``lw:<postId>``, comments ``lw:<_id>`` (ForumMagnum ids are global), the post
``lw:<postId>/post``. One file may hold comments of several posts (one thread each).
"""

from __future__ import annotations

from argmap.models import ArgumentMap, Comment, Problem, Thread

from .base import (AuthorTable, ReadResult, checked_json, jpath, make_quotes, parse_float, parse_int,
                   parse_time, repair_parents, structure_error, try_json)
from .markup import html_to_text, markdown_to_text

FORMAT = "lesswrong"
_VALUE_KINDS = {  # what each value must be (see base.checked_json)
    "_id": "id", "postId": "text", "parentCommentId": "text", "user": "dict", "username": "str",
    "displayName": "str", "slug": "str", "contents": "dict", "markdown": "text", "html": "text",
    "htmlBody": "text", "body": "text", "postedAt": "time", "baseScore": "number", "extendedScore": "dict",
    "agreement": "number", "title": "str", "pageUrl": "text", "author": "str", "results": "list",
}
_COMMENT_KEYS = {"postId", "parentCommentId", "baseScore", "htmlBody", "contents", "postedAt", "extendedScore"}


def _locate(doc) -> tuple[list | None, str, dict | None, str]:
    """(comments, their JSON path, post, its JSON path) in any accepted shape."""
    post, post_where = None, "$"
    if isinstance(doc, list):
        return doc, "$", None, "$"
    if not isinstance(doc, dict):
        return None, "$", None, "$"
    base, where = doc, "$"
    if isinstance(doc.get("data"), dict):
        base, where = doc["data"], "$.data"
    p = base.get("post")
    if isinstance(p, dict):
        if isinstance(p.get("result"), dict):
            post, post_where = p["result"], jpath(where, "post", "result")
        elif "_id" in p:
            post, post_where = p, jpath(where, "post")
    c = base.get("comments")
    if isinstance(c, dict) and isinstance(c.get("results"), list):
        return c["results"], jpath(where, "comments", "results"), post, post_where
    if isinstance(c, list):
        return c, jpath(where, "comments"), post, post_where
    return None, where, post, post_where


def _looks_like_comment(obj) -> bool:
    return isinstance(obj, dict) and "_id" in obj and bool(_COMMENT_KEYS & obj.keys())


def sniff(text: str, path: str) -> bool:
    doc = try_json(text)
    if doc is None:
        return False
    comments, where, post, _ = _locate(doc)
    if comments is None:
        return post is not None and "_id" in post
    if not comments:
        return post is not None or where == "$.data.comments.results"
    return _looks_like_comment(comments[0])


def _content(obj: dict) -> tuple[str, str]:
    """(raw, markup) of a comment or post."""
    contents = obj.get("contents") if isinstance(obj.get("contents"), dict) else {}
    md = contents.get("markdown")
    if isinstance(md, str):
        return md, "markdown"
    for raw in (obj.get("htmlBody"), contents.get("html")):
        if isinstance(raw, str):
            return raw, "html"
    for key in ("body", "text"):
        if isinstance(obj.get(key), str):
            return obj[key], "markdown"
    return "", "none"


def _user(obj: dict) -> tuple[str | None, str | None]:
    user = obj.get("user")
    if isinstance(user, dict):
        name = user.get("username") or user.get("slug") or user.get("displayName")
        return name, user.get("displayName")
    for key in ("author", "username"):
        if isinstance(obj.get(key), str):
            return obj[key], None
    return None, None


def read(text: str, *, path: str, author: str | None = None) -> ReadResult:
    doc, checked = checked_json(text, path, _VALUE_KINDS)
    items, where, post, _ = _locate(doc)
    if items is None:
        if post is None:
            raise structure_error(path, where, 'expected LessWrong GraphQL comments ({"data": {"comments": '
                                  '{"results": [...]}}}, {"comments": [...]} or a list)')
        items = []
    problems: list[Problem] = checked
    post_id = post.get("_id") if post else None
    groups: dict[str, list[tuple[str, dict]]] = {}
    for i, item in enumerate(items):
        here = jpath(where, i)
        if not isinstance(item, dict) or not isinstance(item.get("_id"), str):
            problems.append(Problem(path=path, where=here, message="comment without an _id"))
            continue
        raw, markup = _content(item)
        if markup == "none" and not item.get("deleted"):
            problems.append(Problem(path=path, where=here, message="comment without contents.markdown or htmlBody"))
            continue
        pid = item.get("postId") or post_id or "unknown"
        groups.setdefault(pid, []).append((here, item))
    if post_id and post_id not in groups:
        groups[post_id] = []

    result = ReadResult(problems=problems)
    for pid, group in groups.items():
        thread_id = f"lw:{pid}"
        the_post = post if post and post.get("_id") == pid else None
        post_url = the_post.get("pageUrl") if the_post else None
        authors = AuthorTable()
        comments: list[Comment] = []
        quotes = []
        root_id = None
        if the_post is not None:
            raw, markup = _content(the_post)
            rendered = (html_to_text if markup == "html" else markdown_to_text)(raw)
            name, display = _user(the_post)
            root_id = f"{thread_id}/post"
            c = Comment(comment_id=root_id, thread_id=thread_id, author=authors.add(name, display),
                        created_at=parse_time(the_post.get("postedAt")), score=parse_int(the_post.get("baseScore")),
                        raw=raw, text=rendered.text or (the_post.get("title") or ""), url=post_url, kind="post", index=0)
            comments.append(c)
            quotes += make_quotes(c, rendered.quotes, markup)
        thread_problems: list[Problem] = []
        seen = set()
        for here, item in group:
            cid = f"lw:{item['_id']}"
            if cid in seen:
                thread_problems.append(Problem(path=path, where=here, message=f"duplicate comment {item['_id']}"))
                continue
            seen.add(cid)
            raw, markup = _content(item)
            rendered = (html_to_text if markup == "html" else markdown_to_text)(raw)
            name, display = _user(item)
            if name is None and author:
                # dumps saved per user carry no ``user`` object: ``--author`` names the writer
                name = author
            parent = item.get("parentCommentId")
            ext = item.get("extendedScore") if isinstance(item.get("extendedScore"), dict) else {}
            url = item.get("pageUrl") or (f"{post_url}?commentId={item['_id']}" if post_url else None)
            c = Comment(comment_id=cid, thread_id=thread_id, parent_id=f"lw:{parent}" if parent else root_id,
                        author=authors.add(name, display), created_at=parse_time(item.get("postedAt")),
                        score=parse_int(item.get("baseScore")), agreement_score=parse_float(ext.get("agreement")),
                        raw=raw, text=rendered.text, url=url, index=len(comments),
                        deleted=bool(item.get("deleted")))
            comments.append(c)
            quotes += make_quotes(c, rendered.quotes, markup)
        thread_problems += repair_parents(comments, path=path, root_id=root_id)
        thread = Thread(thread_id=thread_id, title=the_post.get("title") if the_post else None,
                        source_format="lesswrong", url=post_url, source_path=path,
                        created_at=parse_time(the_post.get("postedAt")) if the_post else None)
        thread.skipped = len(thread_problems)
        result.maps.append(ArgumentMap(thread=thread, authors=authors.list(), comments=comments, quotes=quotes))
        result.problems += thread_problems
    return result
