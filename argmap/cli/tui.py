"""``argmap tui``: browse a store's threads in the terminal (Textual)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    # Imported here, not at the top: argmap.cli imports this module while it is being set up.
    from argmap.cli import open_cli_store, resolve_thread_id, store_option

    @main.command("tui")
    @click.argument("thread", required=False)
    @store_option
    def tui(thread, store_uri, user, password):
        """Browse threads in the terminal: crux map, reply tree, authors, search.

        THREAD (an id, a unique id prefix or part of the title) opens that thread directly;
        without it, argmap shows the thread list. Press ? in the app for every key.
        """
        from argmap.tui.app import make_app

        store = open_cli_store(store_uri, user, password, create=False)
        thread_id = resolve_thread_id(store, thread) if thread else None
        make_app(store, thread_id).run()
