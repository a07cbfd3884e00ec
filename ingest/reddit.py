"""Reddit API JSON (``https://www.reddit.com/comments/<id>.json``): a list of two listings, the
submission then the comment tree (nested ``replies``; ``more`` stubs stand for comments the file
does not hold). A bare comment Listing is accepted too, and so is the ``/api/morechildren``
response (``{"json": {"data": {"things": [...]}}}``: a flat list tied together by ``parent_id``).
A ``more`` stub with count 0 is a "continue this thread" link (deeper replies on another page);
those are reported apart from the counted ``more`` comments.

Ids: thread ``reddit:<post id>``, comments ``reddit:<fullname>`` (``reddit:t1_abc``; the post is
``reddit:t3_<id>``). Bodies are Markdown. ``[deleted]``/``[removed]`` authors become ``None``.
"""

from __future__ import annotations


from argmap.models import ArgumentMap, Comment, Problem, Thread

from .base import (AuthorTable, ReadResult, checked_json, jpath, make_quotes, parse_int, parse_time,
                   repair_parents, structure_error, try_json)
from .markup import markdown_to_text, unescape_entities

FORMAT = "reddit"
_GONE = {"[deleted]", "[removed]"}
_VALUE_KINDS = {  # what each value must be (see base.checked_json); the rest are not read
    "kind": "text", "data": "dict", "children": "list", "things": "list", "id": "id", "name": "str",
    "parent_id": "str", "link_id": "str", "author": "str", "title": "str", "selftext": "text", "body": "text",
    "permalink": "text", "url": "text", "created_utc": "time", "score": "number", "count": "number",
    "replies": "listing",
}
SITE = "https://www.reddit.com"


def _is_listing(obj) -> bool:
    return isinstance(obj, dict) and obj.get("kind") == "Listing" and isinstance(obj.get("data"), dict)


def _morechildren(doc):
    """The ``json`` object of a ``/api/morechildren`` response, else None."""
    if isinstance(doc, dict) and set(doc) == {"json"} and isinstance(doc["json"], dict):
        body = doc["json"]
        if isinstance(body.get("data"), dict) and isinstance(body["data"].get("things"), list):
            return body
        if body.get("errors"):
            return body
    return None


def sniff(text: str, path: str) -> bool:
    doc = try_json(text)
    if isinstance(doc, list) and doc and all(_is_listing(x) for x in doc[:2]):
        return True
    return _is_listing(doc) or _morechildren(doc) is not None


def _body(raw: str) -> str:
    # Without ``raw_json=1`` Reddit escapes &, < and > in bodies.
    return unescape_entities(raw)


def _permalink(data: dict, post: dict | None, cid: str) -> str | None:
    if data.get("permalink"):
        return SITE + data["permalink"]
    if post and post.get("permalink"):
        return f"{SITE}{post['permalink'].rstrip('/')}/{cid}/"
    return None


def read(text: str, *, path: str, author: str | None = None) -> ReadResult:
    doc, checked = checked_json(text, path, _VALUE_KINDS)
    more_doc = _morechildren(doc)
    if more_doc is not None:
        if not isinstance(more_doc.get("data"), dict):
            raise structure_error(path, "$.json.errors", f"Reddit refused the request: {more_doc.get('errors')}")
        doc = {"kind": "Listing", "data": {"children": more_doc["data"]["things"]}}
    if isinstance(doc, list):
        if not doc or not all(_is_listing(x) for x in doc):
            bad = next((i for i, x in enumerate(doc) if not _is_listing(x)), 0)
            raise structure_error(path, jpath("$", bad), "expected a Reddit Listing "
                                  '({"kind": "Listing", "data": {"children": [...]}})')
        listings = [(jpath("$", i), x) for i, x in enumerate(doc)]
    elif _is_listing(doc):
        listings = [("$.json.data.things" if more_doc is not None else "$", doc)]
    else:
        raise structure_error(path, "$", "expected a Reddit API response (a list of two Listings)")

    problems: list[Problem] = checked
    post = None
    comment_listings = []
    for where, listing in listings:
        children = listing["data"].get("children")
        if not isinstance(children, list):
            raise structure_error(path, jpath(where, "data", "children"), "expected a list of things")
        if children and isinstance(children[0], dict) and children[0].get("kind") == "t3" and post is None:
            post = children[0].get("data") or {}
        else:
            comment_listings.append((where, listing))

    authors = AuthorTable()
    comments: list[Comment] = []
    quotes = []
    more = {"stubs": 0, "count": 0, "continue": 0}

    post_id = (post or {}).get("id")
    if post_id is None:
        # No submission in the file: take the thread from the comments' link_id.
        for _, listing in comment_listings:
            for ch in listing["data"]["children"]:
                link = isinstance(ch, dict) and (ch.get("data") or {}).get("link_id")
                if isinstance(link, str):
                    post_id = link.removeprefix("t3_")
                    break
            if post_id:
                break
    thread_id = f"reddit:{post_id}" if post_id else None
    if thread_id is None:
        raise structure_error(path, "$", "no submission and no link_id: cannot tell which thread this is")

    post_comment_id = None
    if post is not None:
        post_comment_id = f"reddit:t3_{post_id}"
        raw = _body(post.get("selftext") or "")
        title = post.get("title")
        rendered = markdown_to_text(raw) if raw.strip() else None
        ptext = rendered.text if rendered else (title or "")
        a = post.get("author")
        c = Comment(comment_id=post_comment_id, thread_id=thread_id, parent_id=None,
                    author=authors.add(None if a in _GONE else a), created_at=parse_time(post.get("created_utc")),
                    score=parse_int(post.get("score")), raw=raw if raw.strip() else (title or ""), text=ptext,
                    url=SITE + post["permalink"] if post.get("permalink") else post.get("url"),
                    kind="post", index=0, deleted=raw.strip() in _GONE)
        comments.append(c)
        if rendered:
            quotes += make_quotes(c, rendered.quotes, "markdown")

    seen: set[str] = set()
    links: dict[str, str] = {}  # comment id -> its submission's id (files without the submission)

    def walk(things, where: str, parent_fullname: str | None):
        for i, thing in enumerate(things):
            here = jpath(where, i)
            if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
                problems.append(Problem(path=path, where=here, message="not a Reddit thing (kind + data)"))
                continue
            kind, data = thing.get("kind"), thing["data"]
            if kind == "more":
                n = parse_int(data.get("count")) or len(data.get("children") or [])
                if n:
                    more["stubs"] += 1
                    more["count"] += n
                else:
                    more["continue"] += 1
                continue
            if kind != "t1":
                problems.append(Problem(path=path, where=here, message=f"unexpected kind {kind!r} in a comment tree"))
                continue
            cid = data.get("id")
            body = data.get("body")
            if not isinstance(cid, str) or not isinstance(body, str):
                problems.append(Problem(path=path, where=here,
                                        message="comment without " + ("an id" if not isinstance(cid, str) else "a body")))
                continue
            if f"reddit:t1_{cid}" in seen:
                problems.append(Problem(path=path, where=here, message=f"duplicate comment id {cid}"))
                continue
            seen.add(f"reddit:t1_{cid}")
            if post is None and isinstance(data.get("link_id"), str):
                links[f"reddit:t1_{cid}"] = data["link_id"].removeprefix("t3_")
            raw = _body(body)
            a = data.get("author")
            parent = data.get("parent_id") or parent_fullname
            if isinstance(parent, str) and parent.startswith("t3_"):
                # without the submission in the file, the parent is still named (repair detaches it)
                parent_cid = post_comment_id or f"reddit:{parent}"
            else:
                parent_cid = f"reddit:{parent}" if parent else post_comment_id
            deleted = raw.strip() in _GONE
            rendered = markdown_to_text(raw) if not deleted else None
            c = Comment(comment_id=f"reddit:t1_{cid}", thread_id=thread_id, parent_id=parent_cid,
                        author=authors.add(None if a in _GONE else a), created_at=parse_time(data.get("created_utc")),
                        score=parse_int(data.get("score")), raw=raw, text=rendered.text if rendered else "",
                        url=_permalink(data, post, cid),
                        index=len(comments), deleted=deleted)
            comments.append(c)
            if rendered:
                quotes.extend(make_quotes(c, rendered.quotes, "markdown"))
            replies = data.get("replies")
            if _is_listing(replies) and isinstance(replies["data"].get("children"), list):
                walk(replies["data"]["children"], jpath(here, "data", "replies", "data", "children"), f"t1_{cid}")

    for where, listing in comment_listings:
        walk(listing["data"]["children"], jpath(where, "data", "children"), None)

    if len(set(links.values())) > 1:
        # a listing of comments from several submissions (a user's comments): one thread each
        return _by_submission(comments, quotes, links, post_id, path=path, problems=problems)
    problems += repair_parents(comments, path=path, root_id=post_comment_id)
    if more["stubs"]:
        problems.append(Problem(path=path, where=thread_id, action="counted",
                                message=f"{more['count']} more comments not in the file (Reddit `more` stubs)"))
    if more["continue"]:
        problems.append(Problem(path=path, where=thread_id, action="counted",
                                message=f"{more['continue']} deeper reply chain(s) not in the file "
                                        f"(Reddit \"continue this thread\" links)"))
    thread = Thread(thread_id=thread_id, title=(post or {}).get("title"), source_format="reddit",
                    url=SITE + post["permalink"] if post and post.get("permalink") else None,
                    source_path=path, created_at=parse_time((post or {}).get("created_utc")))
    thread.skipped = sum(1 for p in problems if p.action in ("skipped", "repaired")) + more["count"]
    amap = ArgumentMap(thread=thread, authors=authors.list(), comments=comments, quotes=quotes)
    return ReadResult(maps=[amap], problems=problems)


def _by_submission(comments, quotes, links, first_id, *, path: str, problems: list[Problem]) -> ReadResult:
    groups: dict[str, list[Comment]] = {}
    for c in comments:
        groups.setdefault(links.get(c.comment_id, first_id), []).append(c)
    result = ReadResult(problems=problems)
    for link, group in groups.items():
        thread_id = f"reddit:{link}"
        authors = AuthorTable()
        for n, c in enumerate(group):
            c.thread_id, c.index = thread_id, n
            authors.add(c.author)
        ids = {c.comment_id for c in group}
        fixes = repair_parents(group, path=path, root_id=None)
        thread = Thread(thread_id=thread_id, source_format="reddit", source_path=path, skipped=len(fixes))
        mine = [q.model_copy(update={"thread_id": thread_id}) for q in quotes if q.comment_id in ids]
        result.maps.append(ArgumentMap(thread=thread, authors=authors.list(), comments=group, quotes=mine))
        result.problems += fixes
    return result
