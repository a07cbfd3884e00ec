"""`argmap tui` on the command line (the app itself is driven in test_app.py and test_tmux.py)."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from argmap.cli import main
from argmap.graph.nxstore import NetworkxStore
from tui_maps import grid_map


def test_cli_tui_unknown_thread_is_one_line_error(tmp_path):
    NetworkxStore(tmp_path / "ws").put_maps([grid_map()])
    result = CliRunner().invoke(main, ["tui", "no-such-thread", "--store", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert "no thread matches 'no-such-thread'" in result.output
    assert "Traceback" not in result.output


def test_cli_tui_help_names_the_views():
    result = CliRunner().invoke(main, ["tui", "--help"])
    assert result.exit_code == 0
    assert "crux map" in result.output and "--store" in result.output


def test_cli_tui_start_up_imports_no_heavy_library():
    """What `argmap tui` imports before its first paint: no spaCy, rapidfuzz (search), pyvis, neo4j,
    networkx (the embedded store reads its JSON files without it)."""
    code = ("import sys, argmap.cli, argmap.cli.tui, argmap.tui.app, argmap.graph.nxstore; "
            "print(sorted(m for m in ('spacy', 'rapidfuzz', 'pyvis', 'neo4j', 'networkx', 'argmap.analysis.divergence') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
