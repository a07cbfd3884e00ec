"""The ``GraphStore`` protocol every backend implements, and ``open_store`` to pick one by URI.

A store holds argument maps (one per thread). Writing a map replaces whatever the store held for
that thread, atomically: a failed write leaves the previous state intact. Query functions that work
on any store live in ``argmap.graph.queries``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from argmap.models import ArgumentMap, Claim, Crux, ThreadSummary

DEFAULT_STORE = ".argmap"
STORE_ENV = "ARGMAP_STORE"


@runtime_checkable
class GraphStore(Protocol):
    uri: str
    """Where the store lives (a path, or a ``bolt://`` / ``neo4j://`` URI without password)."""

    def put_maps(self, maps: Iterable[ArgumentMap]) -> None:
        """Write maps, replacing the stored version of each thread. All or nothing."""
        ...

    def get_map(self, thread_id: str) -> ArgumentMap:
        """The stored map of a thread; raises ``NotFoundError`` for an unknown id."""
        ...

    def iter_maps(self) -> Iterable[ArgumentMap]:
        """Every stored map (in thread id order)."""
        ...

    def list_threads(self) -> list[ThreadSummary]:
        ...

    def delete_thread(self, thread_id: str) -> bool:
        """Remove a thread and everything derived from it; False when it was not there."""
        ...

    def counts(self) -> dict[str, int]:
        """Numbers of threads, comments, authors, claims, quotes, relations, cruxes."""
        ...

    def close(self) -> None:
        """Release what the store holds open (caches, a driver); the object is not used after."""
        ...

    def __enter__(self) -> GraphStore:
        """``with open_store(uri) as store:`` closes the store when the block ends."""
        ...

    def __exit__(self, *exc) -> None:
        """Close the store (``close``); exceptions propagate."""
        ...

    # Queries every backend answers itself (so it need not load every map); same answers on all.
    def author_threads(self, author: str) -> list[str]:
        """Ids of the threads in which ``author`` (author id, name or display name, compared
        case-insensitively) wrote a comment or is listed among the map's authors, sorted."""
        ...

    def author_slice(self, author: str, thread_id: str) -> ArgumentMap:
        """The map of ``thread_id`` cut down to what ``author``'s positions need (every author,
        comment and crux; the relations the author made or received; the claims that are theirs,
        at either end of those relations, or on a crux pole; no quotes). ``author_positions`` over
        slices equals ``author_positions`` over the whole maps. Defined by
        ``argmap.graph.readmodels.author_digest(get_map(thread_id), author)``."""
        ...

    def author_records(self, author: str, thread_ids: Iterable[str] | None = None) -> list[dict]:
        """For each thread (of ``thread_ids``, else all; by thread id) whose map names ``author``
        (as ``argmap.analysis.divergence.author_positions`` matches them): the record
        ``argmap.analysis.divergence.author_record(map, author)`` would give, read from the backend's own
        index without loading the map. ``positions_from_records`` over them equals
        ``author_positions`` over the whole maps."""
        ...

    def search_claims(self, text: str, limit: int = 20) -> list[Claim]:
        """Claims whose text contains every word of ``text`` (case-insensitive), ordered by thread
        id and then by their place in the map, at most ``limit``."""
        ...

    def iter_cruxes(self) -> list[tuple[str, list[Crux]]]:
        """``(thread_id, cruxes in map order)`` for every thread that has cruxes, by thread id."""
        ...

    # The crux map's first read (``argmap tui`` paints it before the whole map is loaded).
    def crux_view(self, thread_id: str) -> ArgumentMap:
        """The map of ``thread_id`` cut down to what its crux map shows, in map order: the thread,
        its authors and every crux; the claims on crux poles, the comments holding them and those
        comments' parents; the quotes in those comments or of pole claims, with the comments at
        both ends; the relations aimed at those comments or at pole claims, with the comments and
        claims at both ends. Raises ``NotFoundError`` for an unknown id. Defined by
        ``argmap.graph.readmodels.crux_view(get_map(thread_id))``."""
        ...


def resolve_store_uri(uri: str | None) -> str:
    """``--store`` if given, else ``$ARGMAP_STORE``, else ``./.argmap``."""
    return uri or os.environ.get(STORE_ENV) or DEFAULT_STORE


def open_store(uri: str | None = None, *, user: str | None = None, password: str | None = None,
               create: bool = True) -> GraphStore:
    """Open the store named by ``uri``: a path is the embedded networkx store, ``bolt://`` or
    ``neo4j://`` (and their ``+s``/``+ssc`` variants) is Neo4j."""
    uri = resolve_store_uri(uri)
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme.startswith(("bolt", "neo4j")):
        from argmap.graph.neo4jstore import Neo4jStore

        return Neo4jStore(uri, user=user, password=password)
    from argmap.graph.nxstore import NetworkxStore

    return NetworkxStore(uri, create=create)
