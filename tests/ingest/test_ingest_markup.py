"""Markdown / HTML to plain text: quotes, lists, code and links survive with exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.ingest.markup import html_to_text, markdown_to_text


def quoted(r):
    return [r.text[s:e] for s, e in r.quotes]


def test_markdown_blockquote_becomes_quote_span():
    r = markdown_to_text("> Cats need less attention.\n\nI disagree, they get lonely.")
    assert r.text == "Cats need less attention.\n\nI disagree, they get lonely."
    assert quoted(r) == ["Cats need less attention."]


def test_markdown_nested_quote_is_one_outer_span():
    r = markdown_to_text("> First level\n>\n> > second level\n\nMy reply.")
    assert quoted(r) == ["First level\n\nsecond level"]
    assert r.text.endswith("My reply.")


def test_markdown_two_quotes_give_two_spans():
    r = markdown_to_text("> one\n\nreply one\n\n> two\n\nreply two")
    assert quoted(r) == ["one", "two"]


def test_markdown_lists_code_and_links_survive():
    src = "Points:\n\n- first *point*\n- second\n\n1. one\n2. two\n\n```\nx = 1\n    y = 2\n```\n\nSee [the paper](https://example.org/p) and `code`."
    r = markdown_to_text(src)
    assert "first point\nsecond" in r.text
    assert "1. one\n2. two" in r.text
    assert "x = 1\n    y = 2" in r.text
    assert "See the paper and code." in r.text
    assert "https://example.org/p" not in r.text
    assert ("the paper", "https://example.org/p") in r.links


def test_markdown_paragraphs_separated_by_blank_line():
    r = markdown_to_text("one\ncontinued\n\n\n\ntwo")
    assert r.text == "one continued\n\ntwo"


def test_html_blockquote_and_paragraphs():
    r = html_to_text("<p>Intro &amp; more</p><blockquote><p>q1</p><p>q2</p></blockquote><p>reply</p>")
    assert r.text == "Intro & more\n\nq1\n\nq2\n\nreply"
    assert quoted(r) == ["q1\n\nq2"]


def test_html_hacker_news_gt_paragraph_is_quote():
    r = html_to_text("first<p>&gt; quoted words<p>reply <i>here</i>")
    assert quoted(r) == ["quoted words"]
    assert r.text == "first\n\nquoted words\n\nreply here"


def test_html_pre_keeps_indentation_and_links_keep_text():
    r = html_to_text('<p>see <a href="https://x.org">this</a></p><pre><code>a\n    b</code></pre><ul><li>i1</li><li>i2</li></ul>')
    assert r.text == "see this\n\na\n    b\n\ni1\ni2"
    assert r.links == [("this", "https://x.org")]


_words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu"), whitelist_characters=" ,'?"),
                 min_size=1, max_size=30).filter(lambda w: w.strip() and w.strip()[0].isalpha())
_block = st.one_of(
    _words.map(lambda w: ("p", w)),
    _words.map(lambda w: ("q", w)),
    st.tuples(_words, _words).map(lambda t: ("qq", t)),
    st.lists(_words, min_size=1, max_size=3).map(lambda ws: ("ul", ws)),
)


def _squash(s: str) -> str:
    return " ".join(s.split())


@settings(max_examples=60, deadline=None)
@given(st.lists(_block, min_size=1, max_size=6))
def test_markup_quote_spans_hold_exactly_the_quoted_words(blocks):
    md, html, expected = [], [], []
    for kind, v in blocks:
        if kind == "p":
            md.append(v), html.append(f"<p>{v}</p>")
        elif kind == "q":
            md.append(f"> {v}"), html.append(f"<blockquote><p>{v}</p></blockquote>")
            expected.append(_squash(v))
        elif kind == "qq":
            md.append(f"> {v[0]}\n>\n> > {v[1]}")
            html.append(f"<blockquote><p>{v[0]}</p><blockquote>{v[1]}</blockquote></blockquote>")
            expected.append(_squash(v[0] + " " + v[1]))
        else:
            md.append("\n".join(f"- {w}" for w in v)), html.append("<ul>" + "".join(f"<li>{w}</li>" for w in v) + "</ul>")
    for r in (markdown_to_text("\n\n".join(md)), html_to_text("".join(html))):
        spans = [r.text[s:e] for s, e in r.quotes]
        # Consecutive Markdown quotes separated only by a blank line are one blockquote.
        assert _squash(" ".join(spans)) == _squash(" ".join(expected))
        for s, e in r.quotes:
            assert 0 <= s < e <= len(r.text) and r.text[s:e] == r.text[s:e].strip()
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(r.quotes, r.quotes[1:]))
        # Every word of the input is still in the plain text, in order.
        words = [w for kind, v in blocks for w in (" ".join(v) if isinstance(v, (list, tuple)) else v).split()]
        assert _squash(r.text).split() == words
