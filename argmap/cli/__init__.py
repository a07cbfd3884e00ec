"""The ``argmap`` command: one click group; each command is a thin layer over library functions.

Data goes to stdout (a table for people, ``--json`` for programs); messages and progress go to
stderr. Every user error is an ``ArgmapError`` and leaves as one line with a non-zero exit code.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

import click

from argmap.errors import ArgmapError

# --- shared helpers for every command module --------------------------------------------------


def err(message: str) -> None:
    """A message for people, on stderr."""
    click.echo(message, err=True)


def emit_json(data) -> None:
    """Data for programs, on stdout. Accepts pydantic models, lists of them, or plain data."""
    click.echo(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))


def to_jsonable(data):
    if hasattr(data, "model_dump"):
        return data.model_dump(mode="json")
    if isinstance(data, dict):
        return {k: to_jsonable(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [to_jsonable(v) for v in data]
    return data


def store_option(f: Callable) -> Callable:
    """``--store`` (path or bolt:// URI; default $ARGMAP_STORE or ./.argmap) plus Neo4j credentials."""
    f = click.option("--password", envvar="ARGMAP_NEO4J_PASSWORD", default=None, show_envvar=True,
                     help="Neo4j password (for bolt:// and neo4j:// stores).")(f)
    f = click.option("--user", envvar="ARGMAP_NEO4J_USER", default=None, show_envvar=True,
                     help="Neo4j user (for bolt:// and neo4j:// stores).")(f)
    f = click.option("--store", "store_uri", envvar="ARGMAP_STORE", default=None, show_envvar=True,
                     metavar="PATH|URI", help="Workspace directory or neo4j/bolt URI [default: ./.argmap].")(f)
    return f


def open_cli_store(store_uri, user=None, password=None, *, create=True):
    """Open the store a command names; it is closed when the command's click context ends
    (``ctx.with_resource``), also when the command fails, so commands never close it themselves."""
    from argmap.graph.store import open_store

    return click.get_current_context().with_resource(
        open_store(store_uri, user=user, password=password, create=create))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout instead of a table.")


def resolve_thread_id(store, ref: str) -> str:
    """A thread named on the command line: its exact id, a unique id prefix, or a unique
    (case-insensitive) substring of its title."""
    from argmap.errors import NotFoundError

    summaries = store.list_threads()
    ids = [s.thread_id for s in summaries]
    if ref in ids:
        return ref
    matches = [s.thread_id for s in summaries if s.thread_id.startswith(ref)]
    if not matches:
        low = ref.lower()
        matches = [s.thread_id for s in summaries if s.title and low in s.title.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no thread matches {ref!r}", path=store.uri,
                            hint="`argmap threads` lists the stored threads")
    raise NotFoundError(f"{ref!r} matches {len(matches)} threads: {', '.join(matches[:5])}",
                        path=store.uri, hint="give more of the id")


def short(text: str, n: int = 100) -> str:
    """``text`` on one line (whitespace runs collapsed), cut to ``n`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def console():
    """A rich console on stdout for tables (plain when stdout is not a terminal)."""
    from rich.console import Console

    return Console(soft_wrap=not sys.stdout.isatty(), highlight=False)


def data_table(columns, rows, *, keep=(), right=(), **table_kwargs):
    """A rich Table of untrusted values: every cell is literal text (a comment saying ``[/quote]``
    or ``[bold]`` is printed as typed, never read as rich markup), and the columns named in
    ``keep`` (ids) get their full width when the terminal allows (up to 48 characters), other
    columns wrap instead; nothing is ever cut off with an ellipsis (too-long words fold).
    ``right`` names right-aligned (numeric) columns."""
    from rich.table import Table
    from rich.text import Text

    rows = [["" if v is None else str(v) for v in row] for row in rows]
    table = Table(**table_kwargs)
    for j, name in enumerate(columns):
        if name in keep:
            widest = max([len(name)] + [len(r[j]) for r in rows])
            table.add_column(Text(name), overflow="fold", min_width=min(widest, 48))
        elif name in right:
            table.add_column(Text(name), justify="right", overflow="fold", min_width=min(len(name), 9))
        else:
            table.add_column(Text(name), overflow="fold", min_width=min(len(name), 10))
    for row in rows:
        table.add_row(*(Text(v) for v in row))
    return table


# --- the group ----------------------------------------------------------------------------------


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ArgmapError as exc:
            err(f"error: {exc.one_line()}")
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except MemoryError:
            err("error: out of memory (is an input far larger than a discussion thread? "
                "split it, or ingest fewer files at once)")
            sys.exit(1)
        except Exception as exc:  # a bug, not the user's fault: still one line, the traceback on request
            if os.environ.get("ARGMAP_DEBUG"):
                raise
            first = (str(exc).splitlines() or [""])[0][:200]
            err(f"error: internal error: {type(exc).__name__}: {first} (a bug in argmap: please report it "
                f"with the command and input; ARGMAP_DEBUG=1 shows the traceback)")
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="argmap")
def main():
    """argmap: turn long online debates into argument maps.

    Read a thread (Reddit, LessWrong, Hacker News, JSONL/CSV, Markdown, pasted text, Kialo) with
    `argmap ingest`, then look at its claims, cruxes and who disagrees with whom.
    """


def _register() -> None:
    """Commands live in their own modules; each module's ``register(main)`` adds them."""
    import importlib

    for name in ("argmap.cli.core", "argmap.cli.analysis", "argmap.cli.eval", "argmap.cli.stores",
                 "argmap.cli.export", "argmap.cli.tui"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(main)


_register()
