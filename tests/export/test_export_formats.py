"""Round-trip or schema tests for every export format except HTML (see test_export_html.py)."""

from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest

from argmap.errors import InputError, UnknownFormatError
from argmap.export import EXPORT_FORMATS, export_map
from argmap.export import aif, argdown, dot
from argmap.export import json as json_export
from argmap.ingest import argmapjson
from argmap.models import MAP_FORMAT_VERSION


# --- json -----------------------------------------------------------------------------------------


def test_json_round_trips_through_the_ingest_reader(small_map):
    text = export_map(small_map, "json")
    assert argmapjson.sniff(text, "map.json")
    result = argmapjson.read(text, path="map.json")
    assert len(result.maps) == 1
    assert result.maps[0] == small_map
    assert result.maps[0].model_dump(mode="json") == small_map.model_dump(mode="json")


def test_json_round_trips_hostile_text(hostile_map):
    back = argmapjson.read(export_map(hostile_map, "json"), path="x.json").maps[0]
    assert back == hostile_map


def test_json_document_carries_format_and_version(small_map):
    doc = json.loads(export_map(small_map, "json"))
    assert doc["format"] == "argmap-json"
    assert doc["version"] == MAP_FORMAT_VERSION
    schema = json_export.json_schema()
    assert set(schema["required"]) <= set(doc)
    # Every field the schema names for a map is present in the export (the schema is not stale).
    assert set(schema["properties"]["map"]["properties"]) == set(doc["map"])


def test_json_sniff_rejects_other_json():
    assert not argmapjson.sniff('{"kind": "Listing", "data": {}}', "x.json")
    assert not argmapjson.sniff('[{"format": "argmap-json"}]', "x.json")


def test_json_reader_refuses_a_newer_version(small_map):
    doc = json.loads(export_map(small_map, "json"))
    doc["version"] = MAP_FORMAT_VERSION + 1
    with pytest.raises(InputError, match=r"new\.json: \$\.version: written by a newer argmap"):
        argmapjson.read(json.dumps(doc), path="new.json")


def test_json_reader_names_the_json_path_of_a_bad_field(small_map):
    doc = json.loads(export_map(small_map, "json"))
    doc["map"]["claims"][1]["start"] = -3
    with pytest.raises(InputError) as exc:
        argmapjson.read(json.dumps(doc), path="bad.json")
    assert "bad.json: $.map.claims[1].start" in str(exc.value)


def test_json_reader_reports_line_of_malformed_json():
    with pytest.raises(InputError, match="line 2"):
        argmapjson.read('{"format": "argmap-json",\n "version": 1,,}', path="broken.json")


# --- graphml --------------------------------------------------------------------------------------


def test_graphml_reads_back_with_typed_nodes_and_stance_edges(small_map):
    g = nx.read_graphml(io.BytesIO(export_map(small_map, "graphml").encode("utf-8")), force_multigraph=True)
    types = {}
    for _, d in g.nodes(data=True):
        types[d["type"]] = types.get(d["type"], 0) + 1
    assert types == {"author": 3, "comment": 3, "claim": 4, "crux": 1}
    stances = sorted(d["stance"] for _, _, d in g.edges(data=True) if d["type"] == "STANCE")
    assert stances == ["agree", "concession", "disagree"]
    claim = next(d for _, d in g.nodes(data=True) if d["type"] == "claim")
    assert isinstance(claim["start"], int) and claim["text"]
    poles = [d["concept"] for _, _, d in g.edges(data=True) if d["type"] == "POLE"]
    assert sorted(poles) == ["cat", "dog"]


def test_graphml_escapes_markup_in_text(hostile_map):
    text = export_map(hostile_map, "graphml")
    assert "<script>" not in text
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    texts = [d.get("text", "") for _, d in g.nodes(data=True)]
    assert any("<script>document.body" in t for t in texts)


# --- dot ------------------------------------------------------------------------------------------


def _dot_strings(text: str) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", s) for s in re.findall(r'"((?:[^"\\]|\\.)*)"', text)]


def test_dot_has_one_node_per_claim_crux_and_whole_comment(small_map):
    text = export_map(small_map, "dot")
    node_lines = [ln for ln in text.splitlines() if re.match(r"\s+(?!graph )\w+ \[label=", ln)]
    assert len(node_lines) == 4 + 1 + 2  # claims, crux, two comments a relation targets as a whole
    edge_lines = [ln for ln in text.splitlines() if "->" in ln]
    assert len(edge_lines) == 3 + 2
    assert text.count("{") == text.count("}")


def test_dot_quotes_survive_escaping(hostile_map):
    text = export_map(hostile_map, "dot")
    # Every quoted string is properly terminated: an even number of unescaped quotes per line.
    for line in text.splitlines():
        if line.startswith("//"):
            assert "\n" not in line
            continue
        assert len(re.findall(r'(?<!\\)(?:\\\\)*"', line)) % 2 == 0, line
    assert any('"quotes"' in s for s in _dot_strings(text))
    assert dot.quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


# --- csv ------------------------------------------------------------------------------------------


def test_csv_lists_positions_with_stance_and_crux_side(small_map):
    rows = list(csv.DictReader(io.StringIO(export_map(small_map, "csv"))))
    by_claim = {r["claim"]: r for r in rows if r["claim"]}
    assert by_claim["Dogs are better pets."]["stance"] == "disagree"
    assert by_claim["Dogs are better pets."]["target_author"] == "alice"
    assert by_claim["Dogs are better pets."]["crux_side"] == "dog"
    assert by_claim["Cats are better pets."]["crux_side"] == "cat"
    assert by_claim["Cats are better pets."]["stance"] == ""
    whole = [r for r in rows if not r["claim"]]
    assert [(r["author"], r["stance"], r["stance_scope"]) for r in whole] == [("carol", "agree", "comment")]


def test_csv_neutralises_spreadsheet_formulas(small_map):
    small_map.authors[0].display_name = "=HYPERLINK(\"http://evil\")"
    rows = list(csv.DictReader(io.StringIO(export_map(small_map, "csv"))))
    labels = {r["author_label"] for r in rows}
    assert "'=HYPERLINK(\"http://evil\")" in labels
    assert not any(v.startswith("=") for r in rows for v in r.values())


# --- aif ------------------------------------------------------------------------------------------


def test_aif_nodes_edges_locutions_participants_are_consistent(small_map):
    doc = json.loads(export_map(small_map, "aif"))
    ids = {n["nodeID"] for n in doc["nodes"]}
    assert len(ids) == len(doc["nodes"])
    assert all(e["fromID"] in ids and e["toID"] in ids for e in doc["edges"])
    kinds = {}
    for n in doc["nodes"]:
        assert {"nodeID", "text", "type"} <= set(n)
        kinds[n["type"]] = kinds.get(n["type"], 0) + 1
    # 4 claims + 1 whole comment (agree target) + 1 whole comment (agree source) + 1 quote = 7 I nodes
    assert kinds["I"] == 7 and kinds["L"] == 7 and kinds["YA"] == 7
    assert kinds["RA"] == 2 and kinds["CA"] == 1 and kinds["MA"] == 1
    people = {p["participantID"] for p in doc["participants"]}
    assert {loc["personID"] for loc in doc["locutions"]} <= people
    assert {loc["nodeID"] for loc in doc["locutions"]} == {n["nodeID"] for n in doc["nodes"] if n["type"] == "L"}


def test_aif_conflict_runs_from_the_attacking_claim_to_its_target(small_map):
    doc = json.loads(export_map(small_map, "aif"))
    text = {n["nodeID"]: n["text"] for n in doc["nodes"]}
    ca = next(n["nodeID"] for n in doc["nodes"] if n["type"] == "CA")
    into = [text[e["fromID"]] for e in doc["edges"] if e["toID"] == ca]
    out = [text[e["toID"]] for e in doc["edges"] if e["fromID"] == ca]
    assert into == ["Dogs are better pets."] and out == ["Cats are better pets."]


# --- argdown --------------------------------------------------------------------------------------


def _parse_argdown(text: str):
    """Statements {title: text} and relations [(from, op, to)] of the subset argmap writes."""
    statements, relations, current = {}, [], None
    for line in text.splitlines():
        m = re.match(r"^\[([^\]]+)\]: (.*?)(?: #\S+)?$", line)
        if m:
            current = m.group(1)
            statements[current] = argdown.unescape(m.group(2))
            continue
        m = re.match(r"^  ([+-]>) \[([^\]]+)\]$", line)
        if m:
            relations.append((current, m.group(1), m.group(2)))
    return statements, relations


def test_argdown_round_trips_statements_and_relations(small_map):
    statements, relations = _parse_argdown(export_map(small_map, "argdown"))
    by_text = {v: k for k, v in statements.items()}
    assert (by_text["Dogs are better pets."], "->", by_text["Cats are better pets."]) in relations
    assert (by_text["They need time, but it is worth it."], "+>", by_text["Dogs need too much time."]) in relations
    assert len(relations) == 3
    assert all(src in statements and dst in statements for src, _, dst in relations)


def test_argdown_escapes_markup_and_keeps_one_line_per_statement(hostile_map):
    text = export_map(hostile_map, "argdown")
    statements, _ = _parse_argdown(text)
    claims = {" ".join(c.text.split()) for c in hostile_map.claims}
    assert claims <= set(statements.values())
    for line in text.splitlines():
        if line.startswith("["):
            body = line.split("]: ", 1)[1]
            assert not re.search(r"(?<!\\)[\[\]<>]", body), line


# --- dispatch -------------------------------------------------------------------------------------


def test_export_map_rejects_unknown_format(small_map):
    with pytest.raises(UnknownFormatError, match="choose one of html, json"):
        export_map(small_map, "pdf")


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != "html"])
def test_export_map_writes_file_equal_to_returned_text(small_map, tmp_path, fmt):
    path = export_map(small_map, fmt, tmp_path / f"out.{fmt}")
    with open(path, encoding="utf-8", newline="") as fh:
        assert fh.read() == export_map(small_map, fmt)


def test_aif_and_argdown_modules_render_empty_maps(small_map):
    empty = small_map.model_copy(update={"claims": [], "relations": [], "cruxes": [], "quotes": []})
    assert json.loads(aif.render(empty))["nodes"] == []
    assert argdown.render(empty).startswith("# Cats vs dogs")


def test_json_export_reingests_losslessly_through_the_cli(small_map, tmp_path):
    """`argmap ingest` of an export keeps what the file says (no re-analysis), even when edited."""
    from click.testing import CliRunner

    from argmap.cli import main
    from argmap.graph.nxstore import NetworkxStore

    doc = json.loads(export_map(small_map, "json"))
    doc["map"]["relations"] = doc["map"]["relations"][:1]  # an edit re-analysis would undo
    doc["map"]["claims"][0]["kind"] = "question"
    src = tmp_path / "edited.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    res = CliRunner().invoke(main, ["ingest", str(src), "--store", str(tmp_path / "ws")])
    assert res.exit_code == 0, res.output
    store = NetworkxStore(str(tmp_path / "ws"), create=False)
    try:
        back = store.get_map(small_map.thread_id)
    finally:
        store.close()
    assert back.model_dump(mode="json") == doc["map"]


def test_dot_is_accepted_by_graphviz(hostile_map, tmp_path):
    import shutil
    import subprocess

    if shutil.which("dot") is None:
        pytest.skip("Graphviz absent: apt-get install graphviz to check DOT output with `dot`")
    src = tmp_path / "map.dot"
    export_map(hostile_map, "dot", src)
    proc = subprocess.run(["dot", "-Tplain", str(src)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    nodes = [ln for ln in proc.stdout.splitlines() if ln.startswith("node ")]
    expected = len(hostile_map.claims) + len(hostile_map.cruxes) + 2  # two whole-comment nodes
    assert len(nodes) == expected


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_handles_relation_to_a_comment_the_map_lacks(small_map, fmt):
    from argmap.models import Relation

    small_map.relations.append(Relation(
        relation_id="dangling", thread_id=small_map.thread_id, kind="disagree",
        source_comment_id=small_map.comments[0].comment_id, target_comment_id="elsewhere/c9", confidence=0.5))
    text = export_map(small_map, fmt)
    assert "elsewhere/c9" in text  # the missing comment still shows up as an endpoint
    if fmt == "argdown":
        assert len(_parse_argdown(text)[1]) == 4


def test_graphml_stays_valid_xml_with_control_characters(small_map):
    comment = small_map.comments[0]
    comment.text = comment.raw = "Bell\x07 and NUL\x00 and\r\nnewline " + comment.text
    g = nx.read_graphml(io.BytesIO(export_map(small_map, "graphml").encode("utf-8")), force_multigraph=True)
    text = g.nodes[f"comment:{comment.comment_id}"]["text"]
    assert text.startswith("Bell\ufffd and NUL\ufffd and\r\nnewline ")


def test_export_map_to_missing_directory_is_one_line_error(small_map, tmp_path):
    from argmap.errors import ArgmapError

    with pytest.raises(ArgmapError) as exc:
        export_map(small_map, "json", tmp_path / "no" / "such" / "dir" / "map.json")
    assert "map.json" in exc.value.one_line() and "\n" not in exc.value.one_line()


def test_cli_export_offers_every_export_format():
    from argmap.cli import main

    choices = next(p for p in main.commands["export"].params if p.name == "fmt").type.choices
    assert list(choices) == list(EXPORT_FORMATS)
