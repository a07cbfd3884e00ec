"""``argmap export``: write one stored thread as HTML, JSON, GraphML, DOT, CSV, AIF or Argdown."""

from __future__ import annotations

import sys

import click

_FORMATS = ("html", "json", "graphml", "dot", "csv", "aif", "argdown")


def register(main: click.Group) -> None:
    # Imported here: argmap.cli imports this module while it is still being initialised.
    from argmap.cli import err, open_cli_store, store_option

    @main.command("export")
    @click.argument("thread_id", metavar="THREAD")
    @click.option("--format", "-f", "fmt", type=click.Choice(_FORMATS), default="html", show_default=True,
                  help="html: interactive page; json: whole map (re-ingestable); graphml; dot (Graphviz); "
                       "csv: positions; aif: Argument Interchange Format; argdown.")
    @click.option("--output", "-o", "output", metavar="FILE", default=None,
                  help="File to write, or - for stdout [default: <thread>.<ext> in the current directory].")
    @store_option
    def export_command(thread_id, fmt, output, store_uri, user, password):
        """Export THREAD (an id from `argmap threads`) in one format.

        \b
        argmap export reddit:3hahrw --format html -o map.html
        argmap export reddit:3hahrw --format argdown -o -
        """
        from argmap.export import EXTENSIONS, export_map

        store = open_cli_store(store_uri, user, password, create=False)
        amap = store.get_map(thread_id)
        if output == "-":
            text = export_map(amap, fmt)
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        if output is None:
            safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in thread_id)
            output = safe + EXTENSIONS[fmt]
        path = export_map(amap, fmt, output)
        err(f"wrote {path} ({fmt}, {len(amap.claims)} claims, {len(amap.relations)} stances, "
            f"{len(amap.cruxes)} cruxes)")
