"""Markdown thread: one heading per comment, heading depth = reply depth::

    # Should cities ban cars from their centres?

    Opening post text (optional).

    ## alice · 2024-05-01
    Car-free centres are good for shops.

    ### bob
    > Car-free centres are good for shops.

    Not for the ones that depend on drive-in customers.

    ## carol
    A second top-level comment.

A level-1 heading is the thread title and the text under it the post. The shallowest heading level
below the title holds top-level comments; each deeper level replies to the nearest heading above it.
A heading's text is the author, optionally followed by ``·``, ``—``, ``|`` or ``(...)`` and a date.
Blockquotes are quotes. A document without headings is one post, by ``author`` when given.

Ids: thread ``md:<hash of the file>``, comments ``<thread_id>/c<n>`` (n = position).
"""

from __future__ import annotations

import os
import re

from argmap.models import ArgumentMap, Comment, Thread

from .base import AuthorTable, ReadResult, content_id, make_quotes, parse_time, split_lines
from .markup import _markdown_parser, markdown_to_text, parse_markdown

FORMAT = "markdown"
_HEADING = re.compile(r"^(#{2,6})\s+\S", re.M)


def sniff(text: str, path: str) -> bool:
    if os.path.splitext(path)[1].lower() in (".md", ".markdown"):
        return True
    return len(_HEADING.findall(text)) >= 2


def _heading_meta(title: str) -> tuple[str | None, str | None]:
    """``"alice · 2024-05-01"`` -> ("alice", "2024-05-01")."""
    title = title.strip()
    m = re.match(r"^(.*?)\s*\((.*?)\)\s*$", title)
    if m:
        return m.group(1).strip() or None, m.group(2).strip()
    parts = re.split(r"\s+(?:·|—|–|\|)\s+", title, maxsplit=1)
    return (parts[0].strip() or None), (parts[1].strip() if len(parts) > 1 else None)


def read(text: str, *, path: str, author: str | None = None) -> ReadResult:
    tokens = parse_markdown(_markdown_parser(), text)
    lines = split_lines(text, keepends=True)  # the line ends markdown-it counts, no others
    heads = []  # (level, first line, content line after heading, heading text)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.map:
            heads.append((int(tok.tag[1]), tok.map[0], tok.map[1], tokens[i + 1].content))
    thread_id = f"md:{content_id(text)}"
    authors = AuthorTable()
    comments: list[Comment] = []
    quotes = []
    title = None
    if heads and heads[0][0] == 1:
        title = heads[0][3].strip()
        post_start = heads[0][2]
        heads = heads[1:]
    else:
        post_start = 0
    post_end = heads[0][1] if heads else len(lines)
    post_raw = "".join(lines[post_start:post_end]).strip("\n")
    post_id = None

    def add(raw: str, who: str | None, when, parent: str | None, kind: str) -> str:
        rendered = markdown_to_text(raw)
        c = Comment(comment_id=f"{thread_id}/c{len(comments)}", thread_id=thread_id, parent_id=parent,
                    author=authors.add(who), created_at=parse_time(when), raw=raw, text=rendered.text,
                    kind=kind, index=len(comments))
        comments.append(c)
        quotes.extend(make_quotes(c, rendered.quotes, "markdown"))
        return c.comment_id

    if post_raw.strip() or not heads:
        post_id = add(post_raw, author, None, None, "post")
    stack: list[tuple[int, str]] = []  # (level, comment id)
    for k, (level, _start, content_start, htext) in enumerate(heads):
        end = heads[k + 1][1] if k + 1 < len(heads) else len(lines)
        raw = "".join(lines[content_start:end]).strip("\n")
        who, when = _heading_meta(htext)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else post_id
        cid = add(raw, who, when, parent, "comment")
        stack.append((level, cid))
    thread = Thread(thread_id=thread_id, title=title, source_format="markdown", source_path=path)
    return ReadResult(maps=[ArgumentMap(thread=thread, authors=authors.list(), comments=comments, quotes=quotes)])
