"""Exports of hostile text (issue 12): DOT never carries control characters into Graphviz's SVG,
and the CSV formula guard sees through leading spaces and fullwidth signs."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import pytest

from argmap.export import export_map
from argmap.export import csv as csv_export
from argmap.export import dot

CONTROLS = "".join(chr(c) for c in (*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9B)) + "\ufffe\uffff"


def test_export_dot_replaces_control_characters(small_map):
    small_map.thread.title = f"Title{CONTROLS}end"
    small_map.authors[0].display_name = "al\x1b[31mice"
    text = export_map(small_map, "dot")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", text)
    assert "Title" in text and "end" in text
    assert dot.quote("a\u2028b\tc") == '"a\\nb c"'


def test_export_dot_with_control_characters_renders_valid_svg(small_map, tmp_path):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz absent: apt-get install graphviz to check DOT output with `dot`")
    from xml.dom import minidom

    small_map.thread.title = f"T{CONTROLS}"
    svg = subprocess.run(["dot", "-Tsvg"], input=export_map(small_map, "dot").encode(), capture_output=True,
                         check=True).stdout
    minidom.parseString(svg)


@pytest.mark.parametrize("payload", [" =1+1", "  +SUM(A1)", "\uff1dcmd()", "\uff0b1", "\uff0d1", "\uff20A1",
                                     "\n=1", "\t=1", " -2", "=1"])
def test_export_csv_guards_formulas_after_spaces_and_fullwidth(small_map, payload):
    small_map.authors[0].display_name = payload
    rows = list(csv.DictReader(io.StringIO(export_map(small_map, "csv"))))
    assert {r["author_label"] for r in rows if r["author"] == small_map.authors[0].author_id} == {"'" + payload}


def test_export_csv_leaves_ordinary_text_alone():
    assert [csv_export._cell(x) for x in ("ok", " fine", "a=b", 3, None)] == ["ok", " fine", "a=b", "3", ""]
