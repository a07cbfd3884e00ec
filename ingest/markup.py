"""Markdown and HTML to plain text, keeping where the quoted passages are.

``markdown_to_text(src)`` and ``html_to_text(src)`` return a ``Rendered``: the plain text and the
``(start, end)`` spans of block quotes in it, so that ``text[start:end]`` is the quoted passage.

Plain-text conventions (the same for both markups):

* blocks (paragraphs, headings, code blocks, quotes) are separated by one blank line;
* list items each sit on their own line, without their bullet (``1.`` numbers are kept);
* code blocks and inline code are kept verbatim;
* a link keeps its text only; the URL stays in ``Comment.raw`` and in ``Rendered.links``
  (so URLs never end up inside claims);
* a nested quote (``> > ...``) is part of its outer quote: only outermost quotes give spans,
  because the whole passage is someone else's words;
* in HTML, a paragraph whose text starts with ``>`` (the Hacker News convention) is a quote too.

Example::

    >>> r = markdown_to_text("> cats are easy\\n\\nNo, they are not.")
    >>> r.text
    'cats are easy\\n\\nNo, they are not.'
    >>> [r.text[s:e] for s, e in r.quotes]
    ['cats are easy']
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_WS = re.compile(r"\s+")


def unescape_entities(raw: str) -> str:
    """A Markdown body whose ``&``, ``<`` and ``>`` were escaped as HTML entities, unescaped. Reddit's
    API does this without ``raw_json=1``, and corpora built from Reddit dumps keep it (ConvoKit's
    utterances, the CMV corpus): ``&gt; quoted words`` is a quote line there, which Markdown only
    reads as one once it is ``>`` again. A body with none of the three entities is returned as is."""
    if "&gt;" in raw or "&lt;" in raw or "&amp;" in raw:
        return html.unescape(raw)
    return raw


@dataclass
class Rendered:
    text: str
    quotes: list[tuple[int, int]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    """``(link text, url)`` pairs in reading order."""


class _Blocks:
    """Collects blocks (text, quote key, separator) and joins them, recording quote spans."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int | None, str]] = []
        self.links: list[tuple[str, str]] = []

    def add(self, text: str, quote_key: int | None, sep: str = "\n\n") -> None:
        text = text.strip("\n")
        if text.strip():
            self.blocks.append((text.rstrip(), quote_key, sep))

    def render(self) -> Rendered:
        out: list[str] = []
        pos = 0
        spans: dict[int, list[int]] = {}
        order: list[int] = []
        for text, key, sep in self.blocks:
            if out:
                out.append(sep)
                pos += len(sep)
            start = pos
            out.append(text)
            pos += len(text)
            if key is not None:
                if key not in spans:
                    spans[key] = [start, pos]
                    order.append(key)
                else:
                    spans[key][1] = pos
        return Rendered("".join(out), [tuple(spans[k]) for k in order], self.links)


# --- Markdown ---------------------------------------------------------------------------------

@dataclass
class _MdState:
    quote_depth: int = 0
    quote_key: int | None = None
    next_key: int = 0
    lists: list[list] = field(default_factory=list)  # [ordered, start, items_seen]
    item_first: bool = False
    in_cell: bool = False


MAX_NESTING_MARKS = 100
"""Quote (``>``) or list markers (``-``) opening one line are kept up to this many. A reply that
re-quotes the whole thread opens lines with hundreds of ``>`` (1,200 in the wild): markdown-it
stops parsing at its nesting limit and drops the rest of the document, and past Python's
recursion limit it crashes. Nested quotes count as one quote anyway, so the text is the same."""

_DEEP_MARKS = re.compile(rf"^((?:[ \t]*>){{{MAX_NESTING_MARKS}}})(?:[ \t]*>)+|"
                         rf"^((?:[ \t]*[-*+][ \t]+){{{MAX_NESTING_MARKS}}})(?:[ \t]*[-*+][ \t]+)+", re.M)


def _markdown_parser():
    from markdown_it import MarkdownIt

    # nesting limit above what MAX_NESTING_MARKS lets through (each list level is two)
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 4 * MAX_NESTING_MARKS + 20})
    md.enable(["table", "strikethrough"])
    return md


def parse_markdown(md, src: str):
    """``md.parse(src)`` with runaway quote or list nesting capped (see ``MAX_NESTING_MARKS``)."""
    from .base import deep_nesting

    src = _DEEP_MARKS.sub(lambda m: m.group(1) or m.group(2), src)
    with deep_nesting():
        return md.parse(src)


_MD = None


def markdown_to_text(src: str) -> Rendered:
    """Render Markdown (CommonMark + tables) to plain text with quote spans."""
    global _MD
    if _MD is None:
        _MD = _markdown_parser()
    tokens = parse_markdown(_MD, src or "")
    blocks = _Blocks()
    st = _MdState()
    row: list[str] = []
    table_lines: list[str] = []
    pending_prefix = ""
    for tok in tokens:
        t = tok.type
        if t == "blockquote_open":
            if st.quote_depth == 0:
                st.quote_key = st.next_key
                st.next_key += 1
            st.quote_depth += 1
        elif t == "blockquote_close":
            st.quote_depth -= 1
            if st.quote_depth == 0:
                st.quote_key = None
        elif t in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1) if t == "ordered_list_open" else 1
            st.lists.append([t == "ordered_list_open", start, 0])
        elif t in ("bullet_list_close", "ordered_list_close"):
            st.lists.pop()
        elif t == "list_item_open":
            lst = st.lists[-1]
            pending_prefix = f"{lst[1] + lst[2]}. " if lst[0] else ""
            lst[2] += 1
            st.item_first = True
        elif t == "inline":
            text = _md_inline(tok, blocks.links)
            if st.in_cell:
                row.append(text.strip())
                continue
            sep = "\n\n"
            if st.lists:
                # list items go on their own lines; the first block of an item follows the
                # previous item on the next line, except for the first item of the list.
                if st.item_first:
                    lst = st.lists[-1]
                    sep = "\n" if (lst[2] > 1 or len(st.lists) > 1) else "\n\n"
                    text = pending_prefix + text
                    pending_prefix = ""
                    st.item_first = False
            blocks.add(text, st.quote_key, sep)
        elif t in ("fence", "code_block"):
            blocks.add(tok.content.rstrip("\n"), st.quote_key, "\n" if st.lists else "\n\n")
            st.item_first = False
        elif t == "html_block":
            blocks.add(html_to_text(tok.content).text, st.quote_key)
        elif t in ("th_open", "td_open"):
            st.in_cell = True
        elif t in ("th_close", "td_close"):
            st.in_cell = False
        elif t == "tr_open":
            row = []
        elif t == "tr_close":
            table_lines.append(" | ".join(row))
        elif t == "table_close":
            blocks.add("\n".join(table_lines), st.quote_key)
            table_lines = []
    return blocks.render()


def _md_inline(tok, links: list[tuple[str, str]]) -> str:
    parts: list[str] = []
    href_stack: list[tuple[str, int]] = []
    for child in tok.children or []:
        ct = child.type
        if ct in ("text", "code_inline"):
            parts.append(child.content)
        elif ct == "softbreak":
            parts.append(" ")
        elif ct == "hardbreak":
            parts.append("\n")
        elif ct == "image":
            parts.append(child.content or "")
        elif ct == "link_open":
            href_stack.append((child.attrGet("href") or "", len(parts)))
        elif ct == "link_close" and href_stack:
            href, at = href_stack.pop()
            links.append(("".join(parts[at:]), href))
        elif ct == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I):
            parts.append("\n")
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(parts))


# --- HTML -------------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
               "table", "hr", "figure", "figcaption", "details", "summary", "dl", "dt", "dd"}
_LINE_TAGS = {"li", "tr"}
_SKIP_TAGS = {"script", "style", "head", "title"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks = _Blocks()
        self.buf: list[str] = []
        self.sep = "\n\n"
        self.quote_depth = 0
        self.quote_key: int | None = None
        self.buf_key: int | None = None
        self.next_key = 0
        self.pre = 0
        self.skip = 0
        self.href: list[tuple[str, int]] = []
        self.ol: list[int] = []

    # A block of text ends at every block-level boundary.
    def flush(self, next_sep: str = "\n\n") -> None:
        text = "".join(self.buf)
        if not self.pre:
            text = "\n".join(_WS.sub(" ", line).strip() for line in text.split("\n"))
        if text.strip():
            key = self.buf_key
            if key is None and self.quote_key is None and text.lstrip().startswith(">"):
                # Hacker News style: a paragraph starting with ">" quotes someone.
                key = self.next_key
                self.next_key += 1
                text = text.lstrip()[1:].lstrip()
            self.blocks.add(text, key, self.sep)
            self.sep = next_sep
        elif self.sep == "\n" and next_sep == "\n\n":
            self.sep = next_sep
        self.buf = []
        self.buf_key = self.quote_key

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "blockquote":
            self.flush()
            if self.quote_depth == 0:
                self.quote_key = self.next_key
                self.next_key += 1
            self.quote_depth += 1
            self.buf_key = self.quote_key
        elif tag == "pre":
            self.flush()
            self.pre += 1
        elif tag == "br":
            self.buf.append("\n")
        elif tag in _LINE_TAGS:
            self.flush("\n")
            if tag == "li" and self.ol and self.ol[-1] >= 0:
                self.ol[-1] += 1
                self.buf.append(f"{self.ol[-1]}. ")
        elif tag in _BLOCK_TAGS:
            self.flush()
            if tag == "ol":
                self.ol.append(0)
            elif tag == "ul":
                self.ol.append(-1)
        elif tag in ("td", "th") and self.buf and "".join(self.buf).strip():
            self.buf.append(" | ")
        elif tag == "a":
            self.href.append((dict(attrs).get("href") or "", len(self.buf)))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.buf.append(alt)

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "blockquote":
            self.flush()
            self.quote_depth = max(0, self.quote_depth - 1)
            if self.quote_depth == 0:
                self.quote_key = None
            self.buf_key = self.quote_key
        elif tag == "pre":
            self.flush()
            self.pre = max(0, self.pre - 1)
        elif tag in _LINE_TAGS:
            self.flush("\n")
        elif tag in _BLOCK_TAGS:
            self.flush()
            if tag in ("ol", "ul") and self.ol:
                self.ol.pop()
        elif tag == "a" and self.href:
            href, at = self.href.pop()
            self.blocks.links.append(("".join(self.buf[at:]).strip(), href))

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def html_to_text(src: str) -> Rendered:
    """Render HTML to plain text with ``<blockquote>`` (and HN ``>`` paragraph) quote spans."""
    p = _HtmlText()
    p.feed(src or "")
    p.close()
    p.flush()
    return p.blocks.render()


def to_text(src: str, markup: str) -> Rendered:
    """``markup`` is ``"markdown"``, ``"html"`` or ``"plain"``."""
    if markup == "html":
        return html_to_text(src)
    if markup == "markdown":
        return markdown_to_text(src)
    text = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", src or "") if p.strip())
    return Rendered(text)
