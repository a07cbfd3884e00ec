"""The HTML export: offline, escaped, with the network data, matrix and crux table a user sees."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from argmap.export import export_map
from argmap.export._common import MapIndex, safe_url
from argmap.export.html import LAYOUT_THRESHOLD, _vis_assets, page_data, radial_layout, script_json

from export_fixtures import build_map

REMOTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def _embedded_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_html_references_nothing_remote(small_map):
    html = export_map(small_map, "html")
    assert not REMOTE.search(html), REMOTE.search(html).group(0)
    assert "<link" not in html
    assert "vis.Network" in html  # the library is inlined, not fetched


def test_html_escapes_payloads_in_every_field(hostile_map, small_map):
    html = export_map(hostile_map, "html")
    plain = export_map(small_map, "html")
    # Payloads open or close no script element: the page has exactly as many as a benign one.
    for tag in (r"<script\b", r"</script"):
        assert len(re.findall(tag, html, re.I)) == len(re.findall(tag, plain, re.I))
    ours = html.replace(_vis_assets()[0], "")  # the inlined library has its own "<b>" strings
    for raw in ("<img src=x", "<svg onload", "<b>"):
        assert raw not in ours
    data_block = re.search(r'id="argmap-data">(.*?)</script>', html, re.S).group(1)
    assert "\u2028" not in data_block and "<" not in data_block
    assert "&lt;img src=x onerror=" in html  # shown as text in the tables and legend
    assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*(?:javascript|data):""", html, re.I)
    assert not REMOTE.search(html)


def test_html_drops_links_that_are_not_http(hostile_map):
    data = _embedded_data(export_map(hostile_map, "html"))
    urls = [n.get("u") for n in data["nodes"] if n.get("u")]
    assert data["url"] is None
    assert all(u.startswith("https://") for u in urls)
    assert not any("javascript:" in u or u.startswith("data:") for u in urls)


def test_html_page_script_never_uses_inner_html():
    from importlib import resources

    js = (resources.files("argmap.export") / "templates" / "page.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


def test_safe_url_keeps_only_absolute_http_urls():
    assert safe_url("https://www.lesswrong.com/posts/x#c1") == "https://www.lesswrong.com/posts/x#c1"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.org/x",
                "https://ok.org/\nx", "vbscript:x", "http:///nohost", " https://x.org", None, ""):
        assert safe_url(bad) is None, bad


def test_script_json_cannot_close_its_script_element():
    text = script_json({"t": "</script><!-- \u2028 & >"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!-- \u2028 & >"}


def test_html_data_has_claims_cruxes_and_whole_comment_nodes(small_map):
    data = _embedded_data(export_map(small_map, "html"))
    kinds = [n["k"] for n in data["nodes"]]
    assert kinds.count("claim") == 4 and kinds.count("crux") == 1 and kinds.count("comment") == 2
    stance = sorted(e["s"] for e in data["edges"] if e["s"] != "pole")
    assert stance == ["agree", "concession", "disagree"]
    poles = [e for e in data["edges"] if e["s"] == "pole"]
    assert {e["p"] for e in poles} == {0, 1}
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["f"] in ids and e["to"] in ids for e in data["edges"])
    assert data["layout"] == "physics"
    assert [a["label"] for a in data["authors"]] == ["alice", "bob", "carol"]


def test_html_tables_show_divergence_and_cruxes_without_javascript(small_map):
    html = export_map(small_map, "html")
    table = re.search(r'<table id="divergence">.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    bob_row = next(r for r in rows if re.search(r"</span>bob</th>", r))
    assert "1 disagree · 1 concession" in bob_row and "50%" in bob_row
    crux = re.search(r'<table id="crux-table">.*?</table>', html, re.S).group(0)
    assert "cats vs dogs" in crux and "Cats are better pets." in crux and "Dogs are better pets." in crux


def test_html_large_map_uses_precomputed_layout():
    texts = [(f"Point {i} is made here. Another point {i} follows.", f"user{i % 7}",
              None if i == 0 else str((i - 1) // 3)) for i in range(LAYOUT_THRESHOLD)]
    amap = build_map(texts)
    data = page_data(amap)
    assert data["layout"] == "precomputed"
    xy = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(xy) == len(amap.claims)
    assert len(set(xy)) == len(xy)  # no two claims stacked on each other


def test_radial_layout_survives_parent_cycles():
    amap = build_map([("A one.", "a", "1"), ("B two.", "b", "0"), ("C three.", "c", None)])
    pos = radial_layout(amap, MapIndex(amap))
    assert {k for k in pos if k.startswith("claim:")} == {f"claim:{c.claim_id}" for c in amap.claims}


def test_cli_export_writes_stdout_and_files(small_map, tmp_path):
    from argmap.cli import main
    from argmap.graph.nxstore import NetworkxStore

    store = NetworkxStore(str(tmp_path / "ws"), create=True)
    store.put_maps([small_map])
    store.close()
    runner = CliRunner()
    res = runner.invoke(main, ["export", "test:1", "--format", "argdown", "-o", "-", "--store", str(tmp_path / "ws")])
    assert res.exit_code == 0, res.output
    assert "[bob 1]: Dogs are better pets. #bob" in res.stdout
    out = tmp_path / "map.html"
    res = runner.invoke(main, ["export", "test:1", "-o", str(out), "--store", str(tmp_path / "ws")])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "wrote" in res.stderr


def test_cli_export_unknown_thread_is_one_line_error(tmp_path):
    from argmap.cli import main

    res = CliRunner().invoke(main, ["export", "nope:1", "--store", str(tmp_path / "ws"), "-o", "-"])
    assert res.exit_code != 0
    assert res.stderr.startswith("error: ") and len(res.stderr.strip().splitlines()) == 1
