"""The embedded store: a workspace directory with one JSON file per thread and a small manifest.

Layout of a workspace directory (default ``./.argmap``), format version 3::

    manifest.json    {"format": "argmap-networkx", "version": 3,
                      "threads": {thread_id: {"file": "threads/<sha1 of id>-<sha1 of content>.json",
                                              "index": "threads/<same>.authors1.jsonl",
                                              "summary": {the ThreadSummary fields},
                                              "authors": [author ids the map lists, in order],
                                              "comment_authors": [ids that wrote a comment, in order],
                                              "cruxes": [Crux JSON, in map order]}},
                      "authors": {author_id: Author JSON}}
    threads/*.json   {"format": "argmap-networkx", "version": 2, "thread_id": ..., "map": ArgumentMap JSON}
    threads/*.authors1.jsonl   the thread's author index (JSON lines):
                     {"format": "argmap-networkx-author-index", "version": 1, "thread_id": ...,
                      "authors": {author_id: [offset, length] of their line below},
                      "claim_texts": [offset, length], "claim_authors": {pole claim id: author}}
                     then one line per author: their segment (``argmap.graph.authorindex``: their
                     claims and the relations they made or received, with the texts at both ends),
                     and one line with every claim's text in map order; offsets count from the
                     end of the header line
    store.lock       file lock held while writing

Reading one thread (``get_map``, ``author_slice``) reads the manifest and that thread's file only;
``list_threads``, ``counts``, ``author_threads`` and ``iter_cruxes`` read the manifest only;
``author_records`` (positions by author) reads, of each thread that names the author, the header
and the author's line of its index; ``search_claims`` reads each thread's claim-text line, in
thread id order, and the thread's file only when one of its claims matches, until it has ``limit``
hits. The index is derived from the thread file alone, so it shares its content hash.

Authors are shared across threads: the manifest keeps one record per author id. The latest map
that lists an author sets their record (a map's author list is the latest word on their names); an
author who only wrote comments gets a bare record (``implicit_author``) until some map lists them.
An author's record goes when no thread lists them or holds their comments any more. ``get_map``
returns the map's author list with these shared records.

In memory the workspace is a networkx ``MultiDiGraph``, built from the thread files on demand
(``store.graph`` for the whole workspace, ``store.thread_graph(thread_id)`` for one thread) by
``map_to_graph``. Nodes are keyed ``"<type>:<id>"`` (``thread``, ``comment``, ``claim``, ``quote``,
``author``, ``crux``) and carry ``type``, ``thread_id`` (except authors, which are shared across
threads), ``seq`` (order within the thread) and ``data`` (the pydantic model as JSON); thread nodes
also keep ``author_ids`` (the map's author list, in order). Edges:

    thread  -HAS->       comment        comment -REPLY_TO-> comment
    author  -WROTE->     comment        claim   -IN->       comment
    quote   -IN->        comment        quote   -QUOTES->   claim | comment   (when resolved)
    comment|claim -STANCE-> comment|claim   (one edge per Relation, key = relation_id)
    crux    -POLE->      claim          (attribute ``pole`` = index of the pole)

Writes take the lock and re-read the manifest (so concurrent ingests merge instead of overwriting
each other). Each new thread file and its index get new names (the content hash; a thread whose
content did not change keeps its files) and are written to temporary files, fsynced and renamed
into place; then the manifest is replaced the same way (temporary file, fsync, ``os.replace``,
fsync of the directory); only then are thread and index files the manifest no longer names
deleted (which also sweeps files left over by a crashed write). A crash at any point leaves the
previous manifest and every file it names intact. Readers take no lock: when a thread file
vanished under them (a writer replaced it), they re-read the manifest and retry.

Version 2 workspaces (no ``index`` entries) are read as they are, positions and search from the
thread files; their next write builds the index of every thread (reading each thread file once)
and makes the manifest version 3. A thread whose index is missing is read from its file. Version 1
workspaces (``graph.json``: ``{"format": "argmap-networkx", "version": 1, "graph": <node-link
data of the whole workspace graph>}``) are read as they are; the next write converts them to
version 3 and removes ``graph.json``.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING


from argmap.errors import NotFoundError, StoreError, StoreIOError, StoreVersionError
from argmap.graph.authorindex import (
    SEGMENT_VERSION, author_record, author_segments, match_keys, pole_claim_authors,
)
from argmap.graph.integrity import (
    author_match_keys, check_map, implicit_author, matching_author_ids, search_words,
)
from argmap.models import ArgumentMap, Author, Claim, Crux, ThreadSummary
from pydantic import ValidationError

if TYPE_CHECKING:  # networkx is imported where a graph is built (0.15 s off every command's start)
    import networkx as nx

STORE_FORMAT = "argmap-networkx"
STORE_VERSION = 3
"""Version of ``manifest.json``: 3 adds the per-thread author index files (``index`` entries)."""
SHARD_VERSION = 2
"""Version of the thread files (unchanged by manifest version 3, so a thread keeps its file)."""
INDEX_FORMAT = "argmap-networkx-author-index"
INDEX_VERSION = SEGMENT_VERSION
INDEX_SUFFIX = f".authors{INDEX_VERSION}.jsonl"
MANIFEST_FILE = "manifest.json"
THREADS_DIR = "threads"
GRAPH_FILE = "graph.json"  # the whole-workspace file of format version 1
LOCK_FILE = "store.lock"
LOCK_TIMEOUT_S = 120
READ_RETRIES = 5


def _key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def map_to_graph(amap: ArgumentMap, graph: nx.MultiDiGraph) -> None:
    """Add one thread's map to ``graph`` (which must not hold that thread yet)."""
    tid = amap.thread_id
    tkey = _key("thread", tid)
    graph.add_node(tkey, type="thread", thread_id=tid, seq=0,
                   data=amap.thread.model_dump(mode="json"), version=amap.version,
                   author_ids=[a.author_id for a in amap.authors])
    for author in amap.authors:
        # The map's own author list is the latest word on an author's names.
        graph.add_node(_key("author", author.author_id), type="author", data=author.model_dump(mode="json"))
    for seq, c in enumerate(amap.comments):
        ckey = _key("comment", c.comment_id)
        graph.add_node(ckey, type="comment", thread_id=tid, seq=seq, data=c.model_dump(mode="json"))
        graph.add_edge(tkey, ckey, key="HAS", type="HAS")
        if c.author is not None:
            akey = _key("author", c.author)
            if akey not in graph:
                graph.add_node(akey, type="author", data=implicit_author(c.author).model_dump(mode="json"))
            graph.add_edge(akey, ckey, key="WROTE", type="WROTE", thread_id=tid)
    for c in amap.comments:
        if c.parent_id is not None:
            graph.add_edge(_key("comment", c.comment_id), _key("comment", c.parent_id), key="REPLY_TO",
                           type="REPLY_TO", thread_id=tid)
    for seq, cl in enumerate(amap.claims):
        k = _key("claim", cl.claim_id)
        graph.add_node(k, type="claim", thread_id=tid, seq=seq, data=cl.model_dump(mode="json"))
        graph.add_edge(k, _key("comment", cl.comment_id), key="IN", type="IN", thread_id=tid)
    for seq, q in enumerate(amap.quotes):
        k = _key("quote", q.quote_id)
        graph.add_node(k, type="quote", thread_id=tid, seq=seq, data=q.model_dump(mode="json"))
        graph.add_edge(k, _key("comment", q.comment_id), key="IN", type="IN", thread_id=tid)
        if q.source_claim_id is not None:
            graph.add_edge(k, _key("claim", q.source_claim_id), key="QUOTES", type="QUOTES", thread_id=tid)
        elif q.source_comment_id is not None:
            graph.add_edge(k, _key("comment", q.source_comment_id), key="QUOTES", type="QUOTES", thread_id=tid)
    for seq, r in enumerate(amap.relations):
        src = _key("claim", r.source_claim_id) if r.source_claim_id else _key("comment", r.source_comment_id)
        dst = _key("claim", r.target_claim_id) if r.target_claim_id else _key("comment", r.target_comment_id)
        graph.add_edge(src, dst, key=r.relation_id, type="STANCE", thread_id=tid, seq=seq,
                       kind=r.kind, data=r.model_dump(mode="json"))
    for seq, x in enumerate(amap.cruxes):
        k = _key("crux", x.crux_id)
        graph.add_node(k, type="crux", thread_id=tid, seq=seq, data=x.model_dump(mode="json"))
        for i, pole in enumerate(x.poles):
            for claim_id in pole.claim_ids:
                graph.add_edge(k, _key("claim", claim_id), key=f"POLE{i}", type="POLE", pole=i, thread_id=tid)


# -- serialisation and files ----------------------------------------------------------------------
def _dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write_all(fh, data: bytes) -> None:
    fh.write(data)


def _fsync_dir(path: Path) -> None:
    try:  # make renames in the directory durable
        dfd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a fsynced temporary file and ``os.replace``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _check_version(doc, path: Path) -> None:
    if not isinstance(doc, dict) or doc.get("format") != STORE_FORMAT:
        raise StoreVersionError("not an argmap store file (unknown format)", path=str(path))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > STORE_VERSION or version < 1:
        raise StoreVersionError(
            f"store format version {version!r} is not supported by this argmap "
            f"(it reads versions 1 to {STORE_VERSION})", path=str(path),
            hint="upgrade argmap, or export the workspace with the newer version")


def _read_json(path: Path):
    """Parsed JSON of ``path``; FileNotFoundError passes through, bad JSON is a StoreError."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _io_error(exc, path, "read") from None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise StoreError(f"store file is corrupt ({msg}{where})", path=str(path)) from None
    except RecursionError:
        raise StoreError("store file is corrupt (nested too deeply)", path=str(path)) from None


def _io_error(exc: OSError, path, doing: str) -> StoreIOError:
    """One line for an I/O error on the workspace: the file, what failed, what to do."""
    where = exc.filename or path
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return StoreIOError(f"cannot {doing}: the disk is full", path=str(where),
                          hint="free some space and run the command again; the workspace is unchanged")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreIOError(f"cannot {doing}: {exc.strerror.lower()}", path=str(where),
                          hint="give --store a directory you can write to")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return StoreIOError(f"cannot {doing}: {exc.strerror.lower()}", path=str(where),
                          hint="--store must name a directory, or a path where one can be made")
    return StoreIOError(f"cannot {doing}: {exc.strerror or exc}", path=str(where))


def _stat_key(path: Path):
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # no workspace there (yet)
        return None
    except OSError as exc:
        raise _io_error(exc, path, "read the workspace") from None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


# -- manifest bookkeeping -------------------------------------------------------------------------
def _empty_manifest() -> dict:
    return {"format": STORE_FORMAT, "version": STORE_VERSION, "threads": {}, "authors": {}}


def _entry(map_json: dict, file: str | None, index: str | None = None) -> dict:
    """The manifest entry of one thread, from its map JSON."""
    comments = map_json["comments"]
    comment_authors = list(dict.fromkeys(c["author"] for c in comments if c.get("author") is not None))
    thread = map_json["thread"]
    summary = {"thread_id": thread["thread_id"], "title": thread.get("title"),
               "source_format": thread["source_format"], "comments": len(comments),
               "authors": len(comment_authors), "claims": len(map_json["claims"]),
               "quotes": len(map_json["quotes"]), "relations": len(map_json["relations"]),
               "cruxes": len(map_json["cruxes"])}
    return {"file": file, "index": index, "summary": summary,
            "authors": list(dict.fromkeys(a["author_id"] for a in map_json["authors"])),
            "comment_authors": comment_authors, "cruxes": map_json["cruxes"]}


def _entry_authors(entry: dict) -> set[str]:
    return set(entry["authors"]) | set(entry["comment_authors"])


def _author_refs(manifest: dict) -> Counter:
    refs: Counter = Counter()
    for entry in manifest["threads"].values():
        refs.update(_entry_authors(entry))
    return refs


def _drop_thread(manifest: dict, refs: Counter, thread_id: str) -> bool:
    """Remove a thread and the authors nothing else references."""
    entry = manifest["threads"].pop(thread_id, None)
    if entry is None:
        return False
    for aid in _entry_authors(entry):
        refs[aid] -= 1
        if refs[aid] <= 0:
            del refs[aid]
            manifest["authors"].pop(aid, None)
    return True


def _add_thread(manifest: dict, refs: Counter, map_json: dict, entry: dict) -> None:
    authors = manifest["authors"]
    for a in map_json["authors"]:
        authors[a["author_id"]] = a  # the map's own author list is the latest word on names
    for aid in entry["comment_authors"]:
        if aid not in authors:
            authors[aid] = implicit_author(aid).model_dump(mode="json")
    manifest["threads"][entry["summary"]["thread_id"]] = entry
    refs.update(_entry_authors(entry))


def _shard_name(thread_id: str, data: bytes) -> str:
    tid_hash = hashlib.sha1(thread_id.encode("utf-8")).hexdigest()[:16]
    return f"{THREADS_DIR}/{tid_hash}-{hashlib.sha1(data).hexdigest()[:16]}.json"


def _shard(map_json: dict) -> tuple[str, bytes]:
    tid = map_json["thread"]["thread_id"]
    data = _dumps({"format": STORE_FORMAT, "version": SHARD_VERSION, "thread_id": tid, "map": map_json})
    return _shard_name(tid, data), data


# -- the author index of a thread -----------------------------------------------------------------
def _index(shard_name: str, map_json: dict) -> tuple[str, bytes]:
    """The author index file of a thread file: a header line, then one line per author (their
    segment, see ``argmap.graph.authorindex.author_segments``) and one line with every claim's
    text in map order. The header holds ``[offset, length]`` of each line after it."""
    body: list[bytes] = []
    spans: dict[str, list[int]] = {}
    offset = 0

    def line(obj) -> list[int]:
        nonlocal offset
        data = _dumps(obj) + b"\n"
        body.append(data)
        span = [offset, len(data)]
        offset += len(data)
        return span

    for aid, seg in sorted(author_segments(map_json).items()):
        spans[aid] = line(seg)
    texts = line([c["text"] for c in map_json["claims"]])
    header = {"format": INDEX_FORMAT, "version": INDEX_VERSION, "thread_id": map_json["thread"]["thread_id"],
              "authors": spans, "claim_texts": texts, "claim_authors": pole_claim_authors(map_json)}
    stem = shard_name[:-len(".json")] if shard_name.endswith(".json") else shard_name
    return stem + INDEX_SUFFIX, _dumps(header) + b"\n" + b"".join(body)


def _parse(raw: bytes, path: Path):
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise StoreError(f"store file is corrupt ({msg})", path=str(path)) from None


def _read_index(path: Path, ids: Iterable[str] = (), texts: bool = False) -> tuple[dict, dict, list | None]:
    """The header of an author index, the segments of ``ids`` it holds, and (``texts``) every
    claim's text; reads only those lines. FileNotFoundError passes through."""
    with open(path, "rb") as fh:
        header = _parse(fh.readline(), path)
        if (not isinstance(header, dict) or header.get("format") != INDEX_FORMAT
                or header.get("version") != INDEX_VERSION):
            raise StoreError("store file is corrupt (not an author index of this version)", path=str(path))
        base = fh.tell()

        def read(span):
            fh.seek(base + span[0])
            return _parse(fh.read(span[1]), path)

        spans = header["authors"]
        segments = {aid: read(spans[aid]) for aid in ids if aid in spans}
        return header, segments, read(header["claim_texts"]) if texts else None


def _v1_state(graph: nx.MultiDiGraph) -> tuple[dict, dict[str, dict]]:
    """Manifest and map JSON of every thread of a version-1 whole-workspace graph."""
    authors: dict[str, dict] = {}
    threads: dict[str, dict] = {}
    rows: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for node, attrs in graph.nodes(data=True):
        kind = attrs.get("type")
        if kind == "author":
            authors[node.split(":", 1)[1]] = attrs["data"]
        elif kind == "thread":
            threads[attrs["thread_id"]] = attrs
        elif kind in ("comment", "claim", "quote", "crux"):
            rows[attrs["thread_id"]][kind].append((attrs.get("seq", 0), attrs["data"]))
    for _, _, attrs in graph.edges(data=True):
        if attrs.get("type") == "STANCE":
            rows[attrs["thread_id"]]["relation"].append((attrs["seq"], attrs["data"]))
    manifest = _empty_manifest()
    manifest["authors"] = authors
    maps: dict[str, dict] = {}
    for tid in sorted(threads):
        attrs, by_kind = threads[tid], rows[tid]
        for kind_rows in by_kind.values():
            kind_rows.sort(key=lambda r: r[0])

        def data(kind: str) -> list[dict]:
            return [d for _, d in by_kind.get(kind, [])]

        comments = data("comment")
        author_ids = attrs.get("author_ids")
        if author_ids is None:  # written before threads kept their author list
            author_ids = list(dict.fromkeys(c["author"] for c in comments if c.get("author") is not None))
        map_json = {"version": attrs.get("version", 1), "thread": attrs["data"],
                    "authors": [authors[a] for a in author_ids if a in authors], "comments": comments,
                    "claims": data("claim"), "quotes": data("quote"), "relations": data("relation"),
                    "cruxes": data("crux")}
        maps[tid] = map_json
        manifest["threads"][tid] = _entry(map_json, None, None)
    return manifest, maps


_THREAD_FILE = re.compile(rf"{THREADS_DIR}/[0-9A-Za-z_.-]+\.json")
_INDEX_FILE = re.compile(rf"{THREADS_DIR}/[0-9A-Za-z_.-]+\.authors[0-9]+\.jsonl")
DAMAGED_DIR = "damaged"
"""Where a write moves thread files that a manifest rebuild could not read: kept, never deleted."""


def _manifest_problem(doc) -> str | None:
    """What is wrong with a parsed manifest (``None`` when it can be trusted). Every ``file`` and
    ``index`` must name a file under ``threads/`` (never ``/etc/...`` or ``../``)."""
    if not isinstance(doc, dict) or doc.get("format") != STORE_FORMAT:
        return "not an argmap manifest (unknown format)"
    if not isinstance(doc.get("version"), int) or isinstance(doc.get("version"), bool) or doc["version"] < 2:
        return f"version {doc.get('version')!r} is not a manifest version"
    threads, authors = doc.get("threads"), doc.get("authors")
    if not isinstance(threads, dict) or not isinstance(authors, dict):
        return "no thread or author table"
    for tid, entry in threads.items():
        if not isinstance(entry, dict):
            return f"thread {tid!r}: not an object"
        file, index = entry.get("file"), entry.get("index")
        if not isinstance(file, str) or not _THREAD_FILE.fullmatch(file) or ".." in file:
            return f"thread {tid!r}: file {file!r} is not a thread file of this workspace"
        if index is not None and (not isinstance(index, str) or not _INDEX_FILE.fullmatch(index) or ".." in index):
            return f"thread {tid!r}: index {index!r} is not an index file of this workspace"
        for name in ("authors", "comment_authors", "cruxes"):
            value = entry.get(name)
            if not isinstance(value, list) or (name != "cruxes" and not all(isinstance(a, str) for a in value)):
                return f"thread {tid!r}: {name} is not a list"
        try:
            summary = ThreadSummary.model_validate(entry.get("summary"))
            for crux in entry["cruxes"]:
                Crux.model_validate(crux)
        except ValidationError as exc:
            return f"thread {tid!r}: {_first_error(exc)}"
        if summary.thread_id != tid:
            return f"thread {tid!r}: its summary names thread {summary.thread_id!r}"
    for aid, record in authors.items():
        try:
            Author.model_validate(record)
        except ValidationError as exc:
            return f"author {aid!r}: {_first_error(exc)}"
    return None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    return f"{loc}: {first['msg']}" if loc else first["msg"]


class _State:
    """One parsed manifest (and, for a version-1 workspace, every map held in memory).
    ``damaged`` names the thread files a rebuilt manifest could not read (kept, never swept);
    it is None when the manifest was read as it is."""

    def __init__(self, manifest: dict, legacy: dict[str, dict] | None = None, damaged: list[str] | None = None):
        self.manifest = manifest
        self.legacy = legacy
        self.damaged = damaged or []
        self.rebuilt = damaged is not None


def _defended(method):
    """A store read that meets a hand-edited or damaged file fails with one line naming it."""
    @functools.wraps(method)
    def read(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
            what = _first_error(exc) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
            raise StoreError(f"store file is damaged ({what[:160]})", path=str(self._last_file or self.manifest_file),
                             hint="was it edited by hand? re-ingest the thread, or `argmap delete` it") from None
    return read


class NetworkxStore:
    """Embedded store in a workspace directory. See the module docstring for the format."""

    def __init__(self, path: str | os.PathLike[str] = ".argmap", *, create: bool = True):
        self.path = Path(path)
        self.uri = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError("store path exists and is not a directory", path=self.uri,
                             hint="give --store a directory, or a bolt:// URI for Neo4j")
        self._state_cache: _State | None = None
        self._state_key = None
        self._graph: nx.MultiDiGraph | None = None
        self._graph_key = None
        self._create = create
        self._last_file: Path | None = None
        self.repairs: list[str] = []
        """Why the manifest had to be rebuilt from the thread files (one line each), if it had."""

    # -- file handling -------------------------------------------------------------------------
    @property
    def manifest_file(self) -> Path:
        return self.path / MANIFEST_FILE

    @property
    def legacy_file(self) -> Path:
        """``graph.json`` of a version-1 workspace."""
        return self.path / GRAPH_FILE

    def _lock(self):
        from filelock import FileLock

        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _io_error(exc, self.path, "create the workspace") from None
        lock = self.path / LOCK_FILE
        if lock.exists() and not lock.is_file():
            raise StoreIOError(f"{LOCK_FILE} is not a file", path=str(lock),
                             hint="remove it: no argmap writes while it is not a file")
        return FileLock(str(lock), timeout=LOCK_TIMEOUT_S)

    def _read_state(self) -> tuple[_State, object]:
        """The workspace as on disk now, and the cache key it was read under."""
        key = _stat_key(self.manifest_file)
        if key is not None:
            try:
                doc = _read_json(self.manifest_file)
            except FileNotFoundError:  # replaced between stat and open: read it again
                return self._read_state()
            except StoreError as exc:
                if isinstance(exc, StoreIOError):
                    raise
                return self._rebuilt(exc.message), ("v2", key)
            if (isinstance(doc, dict) and doc.get("format") == STORE_FORMAT
                    and isinstance(doc.get("version"), int) and doc["version"] > STORE_VERSION):
                _check_version(doc, self.manifest_file)  # a newer argmap's workspace is refused, never rebuilt
            problem = _manifest_problem(doc)
            if problem is not None:
                return self._rebuilt(problem), ("v2", key)
            return _State(doc), ("v2", key)
        key = _stat_key(self.legacy_file)
        if key is None:
            if self._thread_files():
                return self._rebuilt("missing"), None
            return _State(_empty_manifest()), None
        doc = _read_json(self.legacy_file)
        _check_version(doc, self.legacy_file)
        if doc["version"] != 1:
            raise StoreVersionError(f"{GRAPH_FILE} of version {doc['version']!r} is not a valid store",
                                    path=str(self.legacy_file))
        import networkx as nx
        graph = nx.node_link_graph(doc["graph"], directed=True, multigraph=True, edges="edges")
        manifest, maps = _v1_state(graph)
        return _State(manifest, maps), ("v1", key)

    def _thread_files(self) -> list[str]:
        try:
            names = sorted(os.listdir(self.path / THREADS_DIR))
        except OSError:
            return []
        return [f"{THREADS_DIR}/{n}" for n in names if _THREAD_FILE.fullmatch(f"{THREADS_DIR}/{n}")]

    def _rebuilt(self, reason: str) -> _State:
        """The manifest rebuilt from the thread files themselves (a lost or damaged manifest is
        never a reason to lose a thread): the newest readable file of each thread id counts."""
        manifest, refs = _empty_manifest(), Counter()
        newest: dict[str, tuple[int, str, dict]] = {}
        damaged = []
        for name in self._thread_files():
            path = self.path / name
            try:
                doc = _read_json(path)
                _check_version(doc, path)
                map_json = ArgumentMap.model_validate(doc["map"]).model_dump(mode="json")
                mtime = os.stat(path).st_mtime_ns
            except (OSError, StoreError, ValidationError, KeyError, TypeError):
                damaged.append(name)
                continue
            tid = map_json["thread"]["thread_id"]
            if tid not in newest or mtime > newest[tid][0]:
                newest[tid] = (mtime, name, map_json)
        for tid in sorted(newest):
            _, name, map_json = newest[tid]
            index = name[:-len(".json")] + INDEX_SUFFIX
            _add_thread(manifest, refs, map_json, _entry(map_json, name, index if (self.path / index).is_file() else None))
        if reason not in self.repairs:
            self.repairs.append(reason)
            note = f"; {len(damaged)} unreadable file(s) kept aside" if damaged else ""
            print(f"warning: {self.manifest_file}: {reason}; rebuilt from {len(newest)} thread file(s){note} "
                  f"(the next write saves it)", file=sys.stderr)
        return _State(manifest, damaged=damaged)

    def _state(self) -> _State:
        key = _stat_key(self.manifest_file)
        key = ("v2", key) if key is not None else (("v1", _stat_key(self.legacy_file))
                                                   if self.legacy_file.exists() else None)
        if self._state_cache is None or key != self._state_key:
            self._state_cache, self._state_key = self._read_state()
        return self._state_cache

    def _map_json(self, thread_id: str) -> tuple[dict, dict]:
        """The stored map JSON of a thread and the manifest it was read under."""
        for _ in range(READ_RETRIES):
            state = self._state()
            entry = state.manifest["threads"].get(thread_id)
            if entry is None:
                raise NotFoundError(f"no thread {thread_id!r} in the store", path=self.uri,
                                    hint="`argmap threads` lists the stored threads")
            if state.legacy is not None:
                return state.legacy[thread_id], state.manifest
            path = self.path / entry["file"]
            self._last_file = path
            try:
                doc = _read_json(path)
            except FileNotFoundError:  # a writer replaced the thread since we read the manifest
                self._state_key = None
                continue
            _check_version(doc, path)
            if not isinstance(doc.get("map"), dict) or doc.get("thread_id") != thread_id:
                raise StoreError(f"store file is damaged (it does not hold thread {thread_id!r})", path=str(path),
                                 hint="was it edited by hand? re-ingest the thread, or `argmap delete` it")
            return doc["map"], state.manifest
        raise StoreError(f"thread {thread_id!r}: its file {entry['file']} is missing", path=self.uri,
                         hint="re-ingest the thread")

    def _write(self, change) -> bool:
        """Under the lock: read the workspace, let ``change(manifest, refs, write_file)`` edit the
        manifest and write new thread files through ``write_file(name, bytes)`` (returning False
        when nothing changed), then replace the manifest and delete unreferenced thread files."""
        try:
            return self._write_locked(change)
        except StoreIOError:
            raise
        except OSError as exc:
            raise _io_error(exc, self.path, "write the workspace") from None

    def _write_locked(self, change) -> bool:
        with self._lock():
            state, _ = self._read_state()
            manifest, refs = state.manifest, _author_refs(state.manifest)
            threads_dir = self.path / THREADS_DIR
            written: list[Path] = []

            def write_file(name: str, data: bytes) -> None:
                target = self.path / name
                if target.exists():  # content-addressed: it already holds these bytes
                    return
                threads_dir.mkdir(parents=True, exist_ok=True)
                _atomic_write(target, data)
                written.append(target)

            try:
                if not change(manifest, refs, write_file):
                    return False
                if state.legacy is not None:  # convert a version-1 workspace
                    for tid, entry in manifest["threads"].items():
                        if entry["file"] is None:
                            entry["file"], data = _shard(state.legacy[tid])
                            write_file(entry["file"], data)
                            entry["index"], data = _index(entry["file"], state.legacy[tid])
                            write_file(entry["index"], data)
                self._add_missing_indexes(manifest, write_file)
                aside = [name for name in state.damaged if (self.path / name).exists()]
                if state.rebuilt and self.manifest_file.exists():
                    aside.append(MANIFEST_FILE)
                for name in aside:  # out of the sweep's way, never deleted
                    (self.path / DAMAGED_DIR).mkdir(exist_ok=True)
                    os.replace(self.path / name, self.path / DAMAGED_DIR / Path(name).name)
                manifest["version"] = STORE_VERSION
                if written:
                    _fsync_dir(threads_dir)
                _atomic_write(self.manifest_file, _dumps(manifest))
            except BaseException:
                for target in written:  # best effort; the next write sweeps what is left
                    try:
                        target.unlink()
                    except OSError:
                        pass
                raise
            _fsync_dir(self.path)
            self._sweep({e[k] for e in manifest["threads"].values() for k in ("file", "index") if e.get(k)})
            if state.legacy is not None:
                try:
                    self.legacy_file.unlink()
                except FileNotFoundError:
                    pass
            self._state_cache, self._state_key = _State(manifest), ("v2", _stat_key(self.manifest_file))
            return True

    def _add_missing_indexes(self, manifest: dict, write_file) -> None:
        """Give every thread of a version-2 workspace its author index (once, on its first write
        by this version). A thread whose file cannot be read keeps none: readers then use its file."""
        for entry in manifest["threads"].values():
            if entry.get("index") or not entry.get("file"):
                continue
            path = self.path / entry["file"]
            try:
                doc = _read_json(path)
                _check_version(doc, path)
            except (OSError, StoreError):
                continue
            entry["index"], data = _index(entry["file"], doc["map"])
            write_file(entry["index"], data)

    def _sweep(self, referenced: set[str]) -> None:
        """Delete thread files and temporary files no manifest names (writers hold the lock)."""
        for folder, prefix in ((self.path / THREADS_DIR, f"{THREADS_DIR}/"), (self.path, None)):
            try:
                names = os.listdir(folder)
            except FileNotFoundError:
                continue
            for name in names:
                if prefix is None:
                    doomed = name.startswith(f".{MANIFEST_FILE}-") and name.endswith(".tmp")
                else:
                    doomed = f"{prefix}{name}" not in referenced
                if doomed:
                    try:
                        os.unlink(folder / name)
                    except OSError:
                        pass

    # -- GraphStore ----------------------------------------------------------------------------
    @property
    def graph(self) -> nx.MultiDiGraph:
        """The whole workspace as one graph, built from the thread files (read-only use; write
        through ``put_maps``). Costs a read of every thread: prefer the queries."""
        state = self._state()
        if self._graph is None or self._graph_key != self._state_key or self._state_key is None:
            import networkx as nx
            graph = nx.MultiDiGraph()
            for tid in sorted(state.manifest["threads"]):
                map_to_graph(self.get_map(tid), graph)
            self._graph, self._graph_key = graph, self._state_key
        return self._graph

    def thread_graph(self, thread_id: str) -> nx.MultiDiGraph:
        """One thread as a graph (same schema as ``graph``)."""
        import networkx as nx
        graph = nx.MultiDiGraph()
        map_to_graph(self.get_map(thread_id), graph)
        return graph

    def put_maps(self, maps: Iterable[ArgumentMap]) -> None:
        maps = list(maps)
        for amap in maps:
            check_map(amap, store_uri=self.uri)

        def change(manifest: dict, refs: Counter, write_file) -> bool:
            for amap in maps:  # one thread in memory as JSON at a time
                map_json = amap.model_dump(mode="json")
                name, data = _shard(map_json)
                write_file(name, data)
                index, data = _index(name, map_json)
                write_file(index, data)
                del data
                _drop_thread(manifest, refs, amap.thread_id)
                _add_thread(manifest, refs, map_json, _entry(map_json, name, index))
            return bool(maps)

        if maps:
            self._write(change)

    def delete_thread(self, thread_id: str) -> bool:
        return self._write(lambda manifest, refs, write_file: _drop_thread(manifest, refs, thread_id))

    @_defended
    def get_map(self, thread_id: str) -> ArgumentMap:
        map_json, manifest = self._map_json(thread_id)
        records = manifest["authors"]
        doc = dict(map_json)
        doc["authors"] = [records.get(a["author_id"], a) for a in map_json["authors"]]
        amap = ArgumentMap.model_validate(doc)
        try:  # what put_maps refuses to write is refused when read back (a hand-edit)
            check_map(amap, store_uri=str(self._last_file))
        except StoreError as exc:
            raise StoreError(f"store file is damaged ({exc.message})", path=exc.path,
                             hint="was it edited by hand? re-ingest the thread, or `argmap delete` it") from None
        return amap

    @_defended
    def author_slice(self, author: str, thread_id: str) -> ArgumentMap:
        """The map of ``thread_id`` cut down to what ``author``'s positions need: every author,
        comment and crux, but only the relations ``author`` made or received and the claims that
        are theirs, at either end of those relations, or on a crux pole. No quotes."""
        map_json, manifest = self._map_json(thread_id)
        records = manifest["authors"]
        authors = [Author.model_validate(records.get(a["author_id"], a)) for a in map_json["authors"]]
        ids = matching_author_ids(author, authors, (c.get("author") for c in map_json["comments"]))
        rels = [d for d in map_json["relations"] if d.get("source_author") in ids or d.get("target_author") in ids]
        wanted = {x for d in rels for x in (d.get("source_claim_id"), d.get("target_claim_id")) if x}
        wanted |= {cid for x in map_json["cruxes"] for pole in x["poles"] for cid in pole["claim_ids"]}
        doc = dict(map_json)
        doc.update(authors=authors, relations=rels, quotes=[],
                   claims=[d for d in map_json["claims"] if d.get("author") in ids or d["claim_id"] in wanted])
        return ArgumentMap.model_validate(doc)

    def iter_maps(self) -> Iterable[ArgumentMap]:
        for summary in self.list_threads():
            yield self.get_map(summary.thread_id)

    def list_threads(self) -> list[ThreadSummary]:
        threads = self._state().manifest["threads"]
        return [ThreadSummary.model_validate(threads[tid]["summary"]) for tid in sorted(threads)]

    def counts(self) -> dict[str, int]:
        manifest = self._state().manifest
        totals: Counter = Counter()
        for entry in manifest["threads"].values():
            totals.update({k: v for k, v in entry["summary"].items() if isinstance(v, int)})
        return {"threads": len(manifest["threads"]), "comments": totals["comments"],
                "authors": len(manifest["authors"]), "claims": totals["claims"], "quotes": totals["quotes"],
                "relations": totals["relations"], "cruxes": totals["cruxes"]}

    # -- queries beyond the core contract --------------------------------------------------------
    def author_threads(self, author: str) -> list[str]:
        """Threads in which ``author`` (id, name or display name, any case) wrote or is listed."""
        manifest = self._state().manifest
        wanted = author.casefold()
        ids = {aid for aid, a in manifest["authors"].items()
               if wanted in author_match_keys(Author.model_construct(**a))}
        return sorted(tid for tid, entry in manifest["threads"].items() if ids & _entry_authors(entry))

    def author_records(self, author: str, thread_ids: Iterable[str] | None = None) -> list[dict]:
        """Per thread (of ``thread_ids``, else every thread) in which ``author`` (id, name or
        display name, any case) is named: what their positions need, in the shape of
        ``argmap.analysis.divergence.author_record``. Reads the manifest and, of each such thread, the
        header and the author's lines of its author index (its whole file only when it has none)."""
        threads = self._state().manifest["threads"]
        tids = sorted(threads) if thread_ids is None else sorted(set(thread_ids))
        records = []
        for tid in tids:
            record = self._author_record(tid, author)
            if record is not None:
                records.append(record)
        return records

    @_defended
    def _author_record(self, thread_id: str, author: str) -> dict | None:
        wanted = author.casefold()
        for _ in range(READ_RETRIES):
            manifest = self._state().manifest
            entry = manifest["threads"].get(thread_id)
            if entry is None:  # deleted meanwhile
                return None
            records = manifest["authors"]
            listed = [records.get(aid) for aid in entry["authors"]]
            if not entry.get("index") or None in listed:
                break  # no index (an older workspace), or the thread's own author records are needed
            ids = {a["author_id"] for a in listed if wanted in match_keys(a)}
            ids |= {aid for aid in entry["comment_authors"] if aid.casefold() == wanted}
            if not ids:
                return None
            try:
                header, segments, _ = _read_index(self.path / entry["index"], ids)
            except FileNotFoundError:  # a writer replaced the thread since we read the manifest
                self._state_key = None
                continue
            except (StoreError, KeyError, TypeError, ValueError, IndexError):
                break  # a damaged index: the thread file answers instead
            return author_record(thread_id, ids, segments, [Crux.model_validate(x) for x in entry["cruxes"]],
                                 header["claim_authors"])
        try:
            map_json, manifest = self._map_json(thread_id)
        except NotFoundError:
            return None
        records = manifest["authors"]
        authors = [Author.model_validate(records.get(a["author_id"], a)) for a in map_json["authors"]]
        ids = matching_author_ids(author, authors, (c.get("author") for c in map_json["comments"]))
        if not ids:
            return None
        return author_record(thread_id, ids, author_segments(map_json),
                             [Crux.model_validate(x) for x in map_json["cruxes"]], pole_claim_authors(map_json))

    @_defended
    def search_claims(self, text: str, limit: int = 20) -> list[Claim]:
        """Claims whose text contains every word of ``text`` (any case), in thread and map order.
        A thread's claim texts come from its author index; its file is read only when one matches."""
        words = search_words(text)
        limit = max(int(limit), 0)
        if not words or not limit:
            return []

        def matches(t: str) -> bool:
            folded = t.casefold()
            return all(w in folded for w in words)

        hits: list[dict] = []
        for tid in sorted(self._state().manifest["threads"]):
            if not self._may_match(tid, matches):
                continue
            try:
                map_json, _ = self._map_json(tid)
            except NotFoundError:  # deleted meanwhile
                continue
            for d in map_json["claims"]:
                if matches(d["text"]):
                    hits.append(d)
                    if len(hits) >= limit:
                        return [Claim.model_validate(h) for h in hits]
        return [Claim.model_validate(h) for h in hits]

    def _may_match(self, thread_id: str, matches) -> bool:
        """False when the thread's author index shows that none of its claims ``matches``."""
        entry = self._state().manifest["threads"].get(thread_id)
        if entry is None or not entry.get("index"):
            return True
        try:
            _, _, texts = _read_index(self.path / entry["index"], texts=True)
            return any(matches(t) for t in texts)
        except FileNotFoundError:  # replaced meanwhile: read the thread itself
            return True
        except (StoreError, KeyError, TypeError, ValueError, IndexError, AttributeError):
            return True  # a damaged index: the thread file answers instead

    def iter_cruxes(self) -> list[tuple[str, list[Crux]]]:
        """``(thread_id, cruxes)`` for every thread with cruxes, in thread id order."""
        threads = self._state().manifest["threads"]
        return [(tid, [Crux.model_validate(x) for x in threads[tid]["cruxes"]])
                for tid in sorted(threads) if threads[tid]["cruxes"]]

    def close(self) -> None:
        self._state_cache = self._state_key = None
        self._graph = self._graph_key = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the crux map's first read (argmap tui) ---------------------------------------------------
    @_defended
    def crux_view(self, thread_id: str) -> ArgumentMap:
        """The map of ``thread_id`` cut down to what its crux map shows (see ``GraphStore.crux_view``).
        Reads the thread's file like ``get_map`` but validates only the few records kept."""
        map_json, manifest = self._map_json(thread_id)
        records = manifest["authors"]
        pole = {cid for x in map_json["cruxes"] for p in x["poles"] for cid in p["claim_ids"]}
        claims = {d["claim_id"]: d for d in map_json["claims"]}
        held = {claims[cid]["comment_id"] for cid in pole if cid in claims}
        rels = [d for d in map_json["relations"] if d["target_comment_id"] in held or d.get("target_claim_id") in pole]
        quotes = [d for d in map_json["quotes"] if d["comment_id"] in held or d.get("source_claim_id") in pole]
        parents = {d.get("parent_id") for d in map_json["comments"] if d["comment_id"] in held}
        comment_ids = held | parents | {d["source_comment_id"] for d in rels}
        comment_ids |= {x for d in quotes for x in (d["comment_id"], d.get("source_comment_id"))}
        claim_ids = pole | {x for d in rels for x in (d.get("source_claim_id"), d.get("target_claim_id"))}
        claim_ids |= {d.get("source_claim_id") for d in quotes}
        doc = dict(map_json)
        doc.update(authors=[records.get(a["author_id"], a) for a in map_json["authors"]],
                   comments=[d for d in map_json["comments"] if d["comment_id"] in comment_ids],
                   claims=[d for d in map_json["claims"] if d["claim_id"] in claim_ids],
                   quotes=quotes, relations=rels)
        return ArgumentMap.model_validate(doc)
