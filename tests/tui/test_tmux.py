"""Real-terminal smoke test: ``argmap tui`` inside tmux, driven with keys, read with capture-pane."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from argmap.graph.nxstore import NetworkxStore
from tui_maps import calm_map, grid_map

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")


def _argmap_command() -> list[str]:
    script = Path(sys.executable).with_name("argmap")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from argmap.cli import main; main()"]


class Tmux:
    def __init__(self, socket: str):
        self.socket = socket

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=check,
                              timeout=20)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "tui").stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on the terminal; last screen:\n{screen}")


@pytest.fixture
def tmux(tmp_path):
    t = Tmux(f"argmap-test-{os.getpid()}")
    yield t
    t.run("kill-server", check=False)


def test_tmux_tui_shows_crux_map_and_thread(tmp_path, tmux):
    store = tmp_path / "ws"
    NetworkxStore(store).put_maps([grid_map(), calm_map()])
    command = " ".join(_argmap_command() + ["tui", "--store", str(store)])
    tmux.run("new-session", "-d", "-s", "tui", "-x", "140", "-y", "40",
             f"cd {tmp_path} && env -u COLUMNS -u LINES TERM=xterm-256color {command}; echo EXITED; sleep 30")

    screen = tmux.wait_for("demo:calm")  # the thread list, most discussed first
    assert screen.index("demo:grid") < screen.index("demo:calm")
    tmux.run("send-keys", "-t", "tui", "Enter")
    tmux.wait_for("energy vs capacity")  # the crux map: label, poles and authors, claims, details
    screen = tmux.wait_for("Quote source")
    assert "tomasz" in screen and "maria_k, li_wei" in screen
    assert "Cheap energy from overbuilt solar" in screen

    tmux.run("send-keys", "-t", "tui", "t")
    tmux.wait_for("[✘ disagree]")  # the reply tree with stance badges
    tmux.wait_for("[✔ agree]")

    tmux.run("send-keys", "-t", "tui", "q")
    tmux.wait_for("EXITED")
