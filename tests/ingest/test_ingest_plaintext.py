"""Pasted plain text: quote lines, merged repeats, comment grouping, placeholder parties."""

from __future__ import annotations

import re

import pytest

from argmap.ingest import read_path, read_text

from ingest_testutil import FIXTURES, SEEDS, assert_quotes_consistent

LONG_A = "Remote teams cannot build trust without meeting in person at least a few times a year."
LONG_B = "Our team met twice in four years and trust is high because we write everything down."
LONG_C = "Written culture helps, but it mostly replaces trust rather than building it."


def read(text, **kw):
    result = read_text(text, path="paste.txt", format="plaintext", **kw)
    (amap,) = result.maps
    assert_quotes_consistent(amap)
    return amap, result.problems


def test_plaintext_line_repeating_part_of_earlier_line_is_quote_in_a_reply():
    text = "\n".join([LONG_A, LONG_B, "because we write everything down", LONG_C])
    amap, _ = read(text)
    first, reply = amap.comments
    (q,) = amap.quotes
    assert q.text == "because we write everything down" and q.marker == "plaintext"
    assert q.comment_id == reply.comment_id and reply.parent_id == first.comment_id
    assert reply.text[q.start:q.end] == q.text and reply.text.endswith(LONG_C)
    # The quoted words belong to the quoted party, who is not the one quoting.
    assert q.quoted_author == first.author != reply.author


def test_plaintext_quote_with_editorial_brackets_still_found():
    text = "\n".join([LONG_A, LONG_B, "team met twice in four years [while fully remote] and trust is high", LONG_C])
    amap, _ = read(text)
    assert [q.text for q in amap.quotes] == ["team met twice in four years [while fully remote] and trust is high"]


def test_plaintext_repeated_block_is_merged_and_reported():
    block = [LONG_A, LONG_B, LONG_C]
    amap, problems = read("\n".join(block + ["Short new line here, not a repeat of anything."] + block))
    texts = "\n\n".join(c.text for c in amap.comments)
    for line in block:
        assert texts.count(line) == 1
    (p,) = problems
    assert p.action == "repaired" and p.message.startswith("merged 3 repeated paragraphs") and p.where == "lines 5-7"


def test_plaintext_new_paragraph_inside_repeat_is_kept_in_place():
    block = [LONG_A, LONG_B, LONG_C]
    extra = "There is one more thing I did not say the first time around."
    amap, _ = read("\n".join(block + [LONG_A, LONG_B, extra, LONG_C]))
    texts = "\n\n".join(c.text for c in amap.comments)
    assert texts.index(LONG_B) < texts.index(extra) < texts.index(LONG_C)


def test_plaintext_excerpt_answered_by_reply_is_quote():
    text = "\n".join([
        "Some responses:",
        "models below human level are easy to align",
        "I disagree, the hard part was never models below human level.",
    ])
    amap, _ = read(text)
    assert [q.text for q in amap.quotes] == ["models below human level are easy to align"]


def test_plaintext_ordinary_prose_has_no_quotes():
    text = "\n".join([
        "The city council met on Tuesday to discuss the new bus lanes.",
        "Most members supported the plan, although two wanted a longer trial.",
        "The vote is expected next month after a public consultation.",
        "Local shops have asked for delivery windows in the morning.",
    ])
    amap, problems = read(text)
    assert amap.quotes == [] and problems == [] and len(amap.comments) == 1


def test_plaintext_pleasantry_starts_a_reply_by_the_other_party():
    text = "\n".join([LONG_A, "Thanks for the reply, that is a fair point about meetings.", LONG_C])
    amap, _ = read(text)
    first, second = amap.comments
    assert second.parent_id == first.comment_id and second.author != first.author


def test_plaintext_parties_are_placeholders_and_author_names_first():
    text = "\n".join([LONG_A, LONG_B, "because we write everything down", LONG_C])
    amap, _ = read(text)
    assert {a.author_id for a in amap.authors} == {"?A", "?B"} and not any(a.known for a in amap.authors)
    amap, _ = read(text, author="maria")
    assert amap.comments[0].author == "maria" and amap.comments[1].author == "?B"
    assert {a.author_id: a.known for a in amap.authors} == {"maria": True, "?B": False}


def test_plaintext_ids_stable_and_detected_for_txt():
    a = read_path(FIXTURES / "paste.txt")
    b = read_path(FIXTURES / "paste.txt")
    assert a.maps[0].thread.source_format == "plaintext"
    assert a.maps[0].model_dump() == b.maps[0].model_dump()


@pytest.mark.parametrize("name", ["000_91a45ebf17b1a93c.txt", "003_3c3ad76a6b18e304.txt"])
def test_plaintext_seeds_quotes_detected_and_repeats_merged(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed absent: {path}")
    result = read_path(path)
    (amap,) = result.maps
    assert_quotes_consistent(amap)
    assert amap.quotes, "no quote lines detected"
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    quoted = {q.text for q in amap.quotes}
    kept = [p for c in amap.comments for p in c.text.split("\n\n")]
    # Every long paragraph appears once: exact repeats were merged.
    long_kept = [p for p in kept if len(p.split()) >= 6]
    assert len(long_kept) == len(set(long_kept))
    # A line that repeats a *part* of an earlier, longer line is a quote.
    for i, line in enumerate(lines):
        if len(line.split()) >= 6 and any(line in earlier and line != earlier for earlier in lines[:i]):
            assert line in quoted, line
    # Quoting and quoted parties always differ; only placeholders, no invented names.
    authors = {c.comment_id: c.author for c in amap.comments}
    for q in amap.quotes:
        assert q.quoted_author != authors[q.comment_id]
    assert all(re.fullmatch(r"\?[A-Z]", a.author_id) for a in amap.authors)
    merged = [p for p in result.problems if p.message.startswith("merged")]
    if len(lines) != len(set(lines)):
        assert merged


def test_plaintext_near_verbatim_repeat_is_merged():
    block = [LONG_A, LONG_B + " [1]", LONG_C]
    again = [LONG_A, LONG_B + "[1] ", LONG_C.replace("replaces", "replace")]  # spacing and a typo differ
    amap, problems = read("\n".join(block + again))
    assert len(amap.comments) == 1 and amap.comments[0].text.count(LONG_A) == 1
    assert problems[0].message.startswith("merged 3 repeated paragraphs")
