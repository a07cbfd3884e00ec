"""Property tests of every reader (issue 12), in seconds: whatever a file holds, a reader returns
consistent maps or raises an ArgmapError; a character added inside one comment changes no other
comment. ``benchmarks/fuzz.py`` runs the same idea at scale, through analysis, store and exports."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_testutil import FIXTURES, assert_quotes_consistent

from argmap.errors import ArgmapError
from argmap.ingest import read_text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SURROGATE = re.compile("[\ud800-\udfff]")

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
JSON_SEEDS = {"reddit": "reddit_small.json", "hackernews": "hn_story.json", "lesswrong": "lesswrong_comments.json"}
TEXT_SEEDS = {"markdown": "thread.md", "plaintext": "paste.txt", "kialo": "kialo_small.txt", "csv": "thread.csv",
              "jsonl": "utterances.jsonl"}
EXT = {"markdown": "md", "plaintext": "txt", "kialo": "txt", "csv": "csv", "jsonl": "jsonl"}


def _slots(doc) -> list[tuple[object, object]]:
    """(container, key) of every value in a JSON document."""
    out, stack = [], [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            out.append((node, k))
            stack.append(v)
    return out


def _check(text: str, path: str, fmt: str | None) -> None:
    try:
        result = read_text(text, path=path, format=fmt)
    except ArgmapError as exc:
        assert "\n" not in exc.one_line()
        return
    for amap in result.maps:
        assert_quotes_consistent(amap)
        assert not any(SURROGATE.search(c.text + c.raw + (c.author or "")) for c in amap.comments)
        amap.model_dump_json()  # valid Unicode all through: the store can write it
        assert all(c.score is None or abs(c.score) < 2 ** 63 for c in amap.comments)
    for p in result.problems:
        assert p.where and p.message


def _json_case(fmt):
    @SETTINGS
    @given(data=st.data())
    def test(data):
        doc = json.loads((FIXTURES / JSON_SEEDS[fmt]).read_text(encoding="utf-8"))
        slots = _slots(doc)
        for _ in range(data.draw(st.integers(1, 3))):
            container, key = slots[data.draw(st.integers(0, len(slots) - 1))]
            try:
                container[key] = data.draw(JSON_VALUES)
            except (KeyError, IndexError):  # the slot went with an earlier replacement
                pass
        _check(json.dumps(doc), "t.json", data.draw(st.sampled_from([None, fmt])))
    return test


test_properties_reddit_any_value_anywhere = _json_case("reddit")
test_properties_hackernews_any_value_anywhere = _json_case("hackernews")
test_properties_lesswrong_any_value_anywhere = _json_case("lesswrong")


@SETTINGS
@given(rows=st.lists(st.dictionaries(st.sampled_from(["id", "parent_id", "author", "text", "thread_id", "score",
                                                      "created_at", "title", "meta"]), JSON_VALUES, max_size=6),
                     min_size=1, max_size=5))
def test_properties_jsonl_any_row(rows):
    _check("".join(json.dumps(r) + "\n" for r in rows), "t.jsonl", "jsonl")


@SETTINGS
@given(fmt=st.sampled_from(sorted(TEXT_SEEDS)), data=st.data())
def test_properties_text_readers_any_insertion(fmt, data):
    text = (FIXTURES / TEXT_SEEDS[fmt]).read_text(encoding="utf-8")
    pos = data.draw(st.integers(0, len(text)))
    junk = data.draw(st.text(max_size=20))
    _check(text[:pos] + junk + text[pos:], f"t.{EXT[fmt]}", fmt)


# Characters that carry no markup in any of these formats and end no line.
INERT = st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r\"',#>*_`[]()<&\\|-+=.:!~0123456789")


@SETTINGS
@given(fmt=st.sampled_from(["markdown", "kialo", "csv"]), char=INERT, data=st.data())
def test_properties_a_character_inside_one_comment_changes_no_other(fmt, char, data):
    text = (FIXTURES / TEXT_SEEDS[fmt]).read_text(encoding="utf-8")
    before = [c for m in read_text(text, path=f"t.{EXT[fmt]}").maps for c in m.comments]
    candidates = [i for i, c in enumerate(before) if " " in c.raw and text.count(c.raw) == 1 and "See" not in c.raw]
    i = data.draw(st.sampled_from(candidates))
    raw = before[i].raw
    spaces = [k for k, ch in enumerate(raw) if ch == " "]
    k = data.draw(st.sampled_from(spaces))
    mutated = text.replace(raw, raw[:k] + " " + char + raw[k:])
    after = [c for m in read_text(mutated, path=f"t.{EXT[fmt]}").maps for c in m.comments]
    assert [c.author for c in after] == [c.author for c in before]
    copies = {j for j, c in enumerate(before) if "-> See" in c.raw}  # a Kialo link repeats the claim it names
    assert [c.text for j, c in enumerate(after) if j != i and j not in copies] == \
        [c.text for j, c in enumerate(before) if j != i and j not in copies]


@SETTINGS
@given(char=INERT | st.sampled_from(["\u2028", "\u2029", "\u0085", "\f", "\v", "\x00", "\udcff"]), data=st.data())
def test_properties_jsonl_character_inside_one_text_changes_no_other(char, data):
    rows = [json.loads(line) for line in (FIXTURES / "utterances.jsonl").read_text().splitlines() if line.strip()]
    before = [c.text for m in read_text("".join(json.dumps(r) + "\n" for r in rows), path="t.jsonl").maps
              for c in m.comments]
    i = data.draw(st.integers(0, len(rows) - 1))
    key = next(k for k in ("text", "body", "content") if k in rows[i])
    rows[i][key] = rows[i][key] + " " + char
    ensure_ascii = data.draw(st.booleans())
    after = [c.text for m in read_text("".join(json.dumps(r, ensure_ascii=ensure_ascii) + "\n" for r in rows),
                                       path="t.jsonl").maps for c in m.comments]
    assert len(after) == len(before)
    assert [t for j, t in enumerate(after) if j != i] == [t for j, t in enumerate(before) if j != i]
