"""Kialo discussion export (.txt): ``Discussion Title: ...`` then a numbered Pro/Con tree::

    1. There is no historical evidence of Exodus happening.
    1.1. Con: Absence of evidence is not evidence of absence.
    1.1.1. Pro: ...
    1.2.1.1.1. Con: -> See 1.1.4.1.2.

The number gives the parent (``1.1.1`` replies to ``1.1``); ``1.`` is the thesis (kind ``post``).
Claim texts are Markdown (links keep their text). The ``Pro:``/``Con:`` marker stays out of
``Comment.text`` and is kept at the start of ``Comment.raw`` (the source line). A ``-> See 1.2.``
line re-uses another claim in a new place: its text is that claim's text (raw keeps the link).
Kialo exports carry no authors, so ``author`` is None.

The current export format is read too::

    Discussion Name:
    Do children need a father?

    1. Thesis:
    Children need a father.

      1.1. Pro:
      Children from fatherless homes are more likely [1] to become criminals.
    ...
    Sources:
    [1] https://example.org/study

The label (``Thesis:`` / ``Pro:`` / ``Con:``) sits alone on the numbered line and the text follows,
indented; ``[n]`` footnote markers stay out of ``Comment.text`` and the cited sources are appended
to ``Comment.raw`` (``[n]: URL`` lines, as Markdown link definitions).

Ids: thread ``kialo:<hash of the title>``, comments ``<thread_id>/<number>`` (``kialo:ab12/1.1.2``).
"""

from __future__ import annotations

import re

from argmap.models import ArgumentMap, Comment, Problem, Thread

from .base import ReadResult, content_id, make_quotes, repair_parents, split_lines
from .markup import markdown_to_text

FORMAT = "kialo"
_NODE = re.compile(r"^\s*(\d+(?:\.\d+)*)\.\s+(?:(Pro|Con|Thesis):\s*)?(.*)$")
_SEE = re.compile(r"^->\s*See\s+(\d+(?:\.\d+)*)\.?\s*$")
_TITLE = re.compile(r"^\s*Discussion (?:Title|Name):\s*(.*)$")
_SOURCES = re.compile(r"^\s*Sources:\s*$")
_SOURCE = re.compile(r"^\s*\[(\d+)\]\s+(\S.*)$")
_FOOTNOTE = re.compile(r"\s?\[(\d+)\]")


def sniff(text: str, path: str) -> bool:
    lines = [ln for ln in split_lines(text[:20_000])[:50] if ln.strip()]
    if lines and _TITLE.match(lines[0]):
        return True
    return sum(1 for ln in lines if _NODE.match(ln) and re.search(r"\.\s+(Pro|Con):", ln)) >= 2


def _footnotes(body: str, sources: dict[str, str]) -> tuple[str, str]:
    """(body without ``[n]`` markers, ``[n]: URL`` lines for the cited sources) — only markers that
    the ``Sources:`` list resolves are footnotes; other brackets are the claim's own words."""
    cited = [n for n in dict.fromkeys(_FOOTNOTE.findall(body)) if n in sources]
    if not cited:
        return body, ""
    text = _FOOTNOTE.sub(lambda m: "" if m.group(1) in sources else m.group(0), body)
    return text, "\n".join(f"[{n}]: {sources[n]}" for n in cited)


def read(text: str, *, path: str, author: str | None = None) -> ReadResult:
    title = None
    title_next = False  # ``Discussion Name:`` with the title on the next line
    nodes: list[list] = []  # [number, marker, lines, line_no]
    problems: list[Problem] = []
    sources: dict[str, str] = {}
    in_sources = False
    for n, line in enumerate(split_lines(text), 1):
        if in_sources:
            m = _SOURCE.match(line)
            if m:
                sources[m.group(1)] = m.group(2).strip()
            elif line.strip():
                problems.append(Problem(path=path, where=f"line {n}", message="not a `[n] URL` source line"))
            continue
        if title_next and not nodes and line.strip():
            title, title_next = line.strip(), False
            continue
        m = _TITLE.match(line) if title is None and not nodes else None
        if m:
            title = m.group(1).strip() or None
            title_next = title is None
            continue
        if nodes and _SOURCES.match(line):
            in_sources = True
            continue
        m = _NODE.match(line)
        if m:
            nodes.append([m.group(1), m.group(2) if m.group(2) != "Thesis" else None, [m.group(3)], n])
        elif nodes:
            nodes[-1][2].append(line.strip())
        elif line.strip():
            problems.append(Problem(path=path, where=f"line {n}", message="text before the first numbered claim"))
    thread_id = f"kialo:{content_id(title or text)}"
    by_number: dict[str, str] = {}
    for number, _marker, lines, _n in nodes:
        by_number[number] = "\n".join(lines).strip()
    comments: list[Comment] = []
    quotes = []
    seen: set[str] = set()
    for number, marker, lines, n in nodes:
        body = by_number[number]
        cid = f"{thread_id}/{number}"
        if cid in seen:
            problems.append(Problem(path=path, where=f"line {n}", message=f"claim number {number} appears twice"))
            continue
        seen.add(cid)
        see = _SEE.match(body)
        source = body
        if see:
            source = by_number.get(see.group(1), "")
            if not source:
                problems.append(Problem(path=path, where=f"line {n}", message=f"link to missing claim {see.group(1)}"))
                continue
        source, cited = _footnotes(source, sources)
        rendered = markdown_to_text(source)
        parent = number.rsplit(".", 1)[0] if "." in number else None
        raw = "\n".join(lines).strip() + (f"\n\n{cited}" if cited and not see else "")
        c = Comment(comment_id=cid, thread_id=thread_id, parent_id=f"{thread_id}/{parent}" if parent else None,
                    raw=f"{marker}: {raw}" if marker else raw, text=rendered.text,
                    kind="post" if parent is None else "comment", index=len(comments))
        comments.append(c)
        quotes += make_quotes(c, rendered.quotes, "markdown")
    if not comments:
        from .base import structure_error

        raise structure_error(path, "line 1", "no numbered claims (expected lines like `1.1. Con: ...`)")
    problems += repair_parents(comments, path=path, root_id=None)
    thread = Thread(thread_id=thread_id, title=title, source_format="kialo", source_path=path)
    thread.skipped = len(problems)
    return ReadResult(maps=[ArgumentMap(thread=thread, comments=comments, quotes=quotes)], problems=problems)


def stance_of(comment: Comment) -> str | None:
    """``"pro"`` or ``"con"`` for a Kialo comment (read from the marker kept in ``raw``)."""
    m = re.match(r"^(Pro|Con):", comment.raw)
    return m.group(1).lower() if m else None
