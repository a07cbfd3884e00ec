"""Every command has help text and is documented in the README (STYLE.md: CLI)."""

from __future__ import annotations

from pathlib import Path

import click

from argmap.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix}{name} ")


def test_every_command_has_help_and_is_in_readme():
    missing_help, missing_doc = [], []
    for name, cmd in _commands(main):
        if not (cmd.help or "").strip():
            missing_help.append(name)
        if f"argmap {name}" not in README:
            missing_doc.append(name)
    assert not missing_help, f"commands without help text: {missing_help}"
    assert not missing_doc, f"commands not shown in README.md as `argmap <command>`: {missing_doc}"


def test_readme_shows_the_two_setup_commands():
    assert "argmap demo" in README
    assert "pytest" in README
