"""The exported page in a real browser (headless Chromium): payloads stay text, the network draws.

Needs Debian's ``chromium`` package (``apt-get install chromium``); skipped with a reason without it.
The page writes ``data-nodes-drawn=N`` on <body> once vis-network has drawn; a payload that ran would
set ``data-pwned`` on <body> or change the document title.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from argmap.export import export_map
from argmap.export.html import page_data

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


def run_chromium(page: Path, *extra: str, budget_ms: int = 8000, timeout: float = 90, fragment: str = "") -> str:
    """Load ``page`` headless with a fresh profile and no network features; stdout of chromium."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium absent: apt-get install chromium (installed by .ci/run)")
    with tempfile.TemporaryDirectory(prefix="argmap-chromium-") as profile:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-default-apps", "--disable-extensions", f"--user-data-dir={profile}",
               f"--virtual-time-budget={budget_ms}", *extra, page.resolve().as_uri() + fragment]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def body_attributes(dom: str) -> dict[str, str]:
    tag = re.search(r"<body\b([^>]*)>", dom).group(1)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def test_browser_payloads_render_as_text_and_network_draws(hostile_map, tmp_path):
    page = tmp_path / "hostile.html"
    export_map(hostile_map, "html", page)
    dom = run_chromium(page, "--dump-dom")
    attrs = body_attributes(dom)
    assert "data-pwned" not in attrs, f"a payload ran: {attrs}"
    assert "PWNED" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    expected = len(page_data(hostile_map)["nodes"])
    assert attrs.get("data-nodes-drawn") == str(expected)
    # The payload text is on the page, as text: the crux label shows up escaped in the crux table.
    assert "&lt;img src=x onerror=" in dom
    # No element the payloads describe was created by the parser or by the page script.
    assert "<img src=\"x\"" not in dom and "<svg onload" not in dom
    # Only the http(s) permalink became a link; the javascript: and data: URLs did not.
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', dom)
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs


def test_browser_draws_every_node_and_screenshots(small_map, tmp_path):
    page = tmp_path / "small.html"
    shot = tmp_path / "small.png"
    export_map(small_map, "html", page)
    dom = run_chromium(page, "--dump-dom", f"--screenshot={shot}", "--window-size=1400,900")
    attrs = body_attributes(dom)
    assert attrs.get("data-nodes-drawn") == "7"  # 4 claims, 2 whole comments, 1 crux
    assert attrs.get("data-edges-drawn") == "5"  # 3 stances, 2 crux poles
    assert 'href="https://example.org/t/1"' in dom  # the thread's http(s) URL became a link
    assert shot.stat().st_size > 10_000


def test_browser_crux_link_shows_only_that_crux(small_map, tmp_path):
    """Also exercises the large-thread path (positions from argmap, physics off), forced here."""
    from argmap.export.html import render

    page = tmp_path / "fixed.html"
    page.write_text(render(small_map, layout=True), encoding="utf-8")
    attrs = body_attributes(run_chromium(page, "--dump-dom", fragment="#crux=crux:x1"))
    assert attrs.get("data-nodes-drawn") == "3"  # the hub and the claim on each pole
    assert attrs.get("data-edges-drawn") == "3"  # two pole edges and bob's disagreement between them

