"""Core commands: ingest, threads, show, claims, demo."""

from __future__ import annotations

import sys
import time
from importlib import resources
from pathlib import Path

import click

from argmap.cli import (
    console, data_table, emit_json, err, json_option, open_cli_store, resolve_thread_id, short, store_option,
)
from argmap.errors import InputError, StrictModeError
from argmap.mapindex import MapIndex
from argmap.pipeline import STAGES as PIPELINE_STAGES

stance_option = click.option(
    "--stance", type=click.Choice(["model", "features"]), default="model", show_default=True,
    help="Stance detector: the neural cross-encoder combined with the features, or the feature model alone.")

PROGRESS_MIN_COMMENTS = 200
"""Inputs with fewer comments than this finish too fast to need a progress bar."""


def read_inputs(paths, *, fmt=None, author=None, fetch=None):
    """Read every path (or URL, through ``fetch(url) -> ReadResult``) and merge the parts of one
    thread; returns (maps, problems). Raises on an input that cannot be read at all."""
    from argmap.fetch import is_url
    from argmap.ingest import ReadResult, read_path
    from argmap.ingest.merge import merge_maps

    result = ReadResult()
    for path in paths:
        result.extend(fetch(path) if fetch is not None and is_url(path) else read_path(path, format=fmt, author=author))
    return merge_maps(result.maps, result.problems)


def merge_stored(store, maps, problems):
    """``maps`` merged with the stored versions of their threads (``ingest`` without ``--replace``)."""
    from argmap.errors import NotFoundError
    from argmap.ingest.merge import merge_maps

    stored = []
    for amap in maps:
        try:
            stored.append(store.get_map(amap.thread_id))
        except NotFoundError:
            continue
    if not stored:
        return maps, problems
    return merge_maps(stored + maps, problems, labels=["the stored thread"] * len(stored) + [None] * len(maps))


class StageProgress:
    """One bar on stderr over every stage: it counts comments through ``build_maps``' stages (quotes,
    parse and claims, links, stance, cruxes) and the store, so its ETA covers the whole ingest, not
    only the parse. Disabled, it still times the stages (``seconds``, in ``ingest --json``)."""

    STAGES = (*PIPELINE_STAGES, "store")

    def __init__(self, comments: int, *, enabled: bool = True) -> None:
        self.comments = comments
        self.seconds: dict[str, float] = {}
        self._clock = time.perf_counter
        self._current: tuple[str, float] | None = None
        self._progress = self._task = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(),
            TextColumn("{task.fields[done]}/{task.fields[comments]} comments"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("", total=comments * len(self.STAGES), done=0, comments=comments)
        self._stage = 0
        self._done = 0

    def __enter__(self):
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._lap()
        if self._progress is not None:
            self._progress.stop()

    def _lap(self) -> None:
        if self._current is not None:
            name, since = self._current
            self.seconds[name] = round(self.seconds.get(name, 0.0) + self._clock() - since, 3)
            self._current = None

    def stage(self, name: str) -> None:
        self._lap()
        self._current = (name, self._clock())
        if self._progress is None:
            return
        self._stage = self.STAGES.index(name)
        self._done = 0
        self._progress.update(self._task, completed=self._stage * self.comments, done=0,
                              description=f"{self._stage + 1}/{len(self.STAGES)} {name}")

    def advance(self, n: int) -> None:
        if self._progress is None or not n:
            return
        self._done += n
        self._progress.update(self._task, advance=n, done=min(self._done, self.comments))


def analyse_with_progress(maps, *, stance="model", processes=1, analyse=True, bar=None):
    """Claims and analysis for freshly read maps; ``bar``: a ``StageProgress`` told of each stage."""
    from argmap.nlp import load_nlp
    from argmap.pipeline import build_maps
    from argmap.analysis.stance import StanceSettings

    nlp = load_nlp()
    settings = StanceSettings(method=stance)
    if bar is None:
        return build_maps(maps, nlp=nlp, stance=settings, processes=processes, analyse=analyse)
    return build_maps(maps, nlp=nlp, progress=bar.advance, stage=bar.stage, stance=settings,
                      processes=processes, analyse=analyse)


def map_counts(maps) -> dict[str, int]:
    """What ``maps`` hold, together: comments, distinct authors, claims, quotes (and how many were
    traced to their source), relations, cruxes (the counts `ingest` and `demo` report)."""
    return {
        "comments": sum(len(m.comments) for m in maps),
        "authors": len({c.author for m in maps for c in m.comments if c.author}),
        "claims": sum(len(m.claims) for m in maps),
        "quotes": sum(len(m.quotes) for m in maps),
        "quotes_resolved": sum(1 for m in maps for q in m.quotes if q.source_comment_id),
        "relations": sum(len(m.relations) for m in maps),
        "cruxes": sum(len(m.cruxes) for m in maps),
    }


def ingest_summary(maps, problems) -> dict:
    skipped: dict[str, int] = {}
    for p in problems:
        skipped[p.action] = skipped.get(p.action, 0) + 1
    return {
        "threads": [m.thread_id for m in maps],
        **map_counts(maps),
        "problems": [p.model_dump(mode="json") for p in problems],
        "problem_counts": skipped,
    }


def print_summary(summary: dict, store_uri: str) -> None:
    n = len(summary["threads"])
    err(f"ingested {n} thread{'s' if n != 1 else ''} into {store_uri}: {summary['comments']} comments, "
        f"{summary['authors']} authors, {summary['claims']} claims, {summary['quotes']} quotes "
        f"({summary['quotes_resolved']} resolved), {summary['relations']} relations, {summary['cruxes']} cruxes")
    problems = summary["problems"]
    for p in problems[:20]:
        err(f"  {p['action']}: {p['path']}: {p['where']}: {p['message']}")
    if len(problems) > 20:
        err(f"  ... and {len(problems) - 20} more (use --json for all)")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="Force the input format instead of detecting it (see README: Supported formats).")
@click.option("--author", default=None,
              help="Name of the writer of comments that carry no author (pasted text, one user's LessWrong dump).")
@click.option("--strict", is_flag=True, help="Fail, writing nothing, if any item had to be skipped or repaired.")
@click.option("--no-analysis", is_flag=True, help="Only read and split claims; skip quotes, stance and cruxes.")
@click.option("--replace", is_flag=True,
              help="Replace stored threads with what is read now, instead of merging comments into them.")
@click.option("--refresh", is_flag=True, help="URLs: download again instead of using the cached responses.")
@click.option("--max-requests", type=click.IntRange(min=1), default=50, show_default=True,
              help="URLs: at most this many requests per thread (Reddit `more` stubs past it stay unexpanded).")
@click.option("--processes", type=click.IntRange(min=1), default=None, metavar="N",
              help="Parse in N processes (default: the machine's cores, at most 4); results do not depend on it.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@stance_option
@store_option
@json_option
def ingest(paths, fmt, author, strict, no_analysis, replace, refresh, max_requests, processes, quiet, stance,
           store_uri, user, password, as_json):
    """Read thread files, or download threads from their URLs, into the store.

    Formats are detected: Reddit / LessWrong / Hacker News JSON, JSONL or CSV with
    id,parent_id,author,text columns (ConvoKit names too), Markdown threads, pasted plain text,
    Kialo exports and argmap's own JSON export. URLs: lesswrong.com, alignmentforum.org,
    forum.effectivealtruism.org posts, reddit.com comment pages, news.ycombinator.com items.
    Parts of one thread (in several inputs, or already stored) are merged by comment id.
    """
    from argmap.fetch import fetcher_for_store, is_url
    from argmap.ingest import reader_for

    if fmt is not None:
        reader_for(fmt)  # an unknown --format fails before anything is read or downloaded
    for path in paths:
        if not is_url(path) and not Path(path).exists():
            raise click.BadParameter(f"{path}: no such file", param_hint="PATHS")
    fetch = fetcher_for_store(store_uri, refresh=refresh, max_requests=max_requests) if any(map(is_url, paths)) else None
    started = time.perf_counter()
    maps, problems = read_inputs(paths, fmt=fmt, author=author, fetch=fetch)
    read_seconds = time.perf_counter() - started
    if not replace:
        reader = open_cli_store(store_uri, user, password, create=False)
        maps, problems = merge_stored(reader, maps, problems)
    if not maps:
        raise InputError("no thread in the input" + (f" ({len(problems)} item(s) skipped; first: "
                                                     f"{problems[0].where}: {problems[0].message})" if problems else ""),
                         path=", ".join(map(str, paths)), hint="nothing was written; is --format right?")
    strict_problems = [p for p in problems if p.action != "counted"]
    if strict and strict_problems:
        first = strict_problems[0]
        raise StrictModeError(f"{len(strict_problems)} item(s) skipped or repaired, nothing written; "
                              f"first: {first.where}: {first.message}", path=first.path)
    from argmap.pipeline import default_processes

    total = sum(len(m.comments) for m in maps)
    show_bar = not (quiet or as_json or total < PROGRESS_MIN_COMMENTS)
    with StageProgress(total, enabled=show_bar) as bar:
        maps = analyse_with_progress(maps, stance=stance, processes=processes or default_processes(),
                                     analyse=not no_analysis, bar=bar)
        bar.stage("store")
        store = open_cli_store(store_uri, user, password)
        store.put_maps(maps)
        bar.advance(total)
    summary = ingest_summary(maps, problems)
    summary["seconds"] = {"read": round(read_seconds, 3), **bar.seconds}
    if as_json:
        emit_json(summary)
    else:
        print_summary(summary, store.uri)
        for tid in summary["threads"]:
            click.echo(tid)


@click.command()
@store_option
@json_option
def threads(store_uri, user, password, as_json):
    """List the threads in the store with their counts."""
    store = open_cli_store(store_uri, user, password, create=False)
    rows = store.list_threads()
    if as_json:
        emit_json(rows)
        return
    if not rows:
        err(f"no threads in {store.uri} yet: `argmap ingest FILE` or `argmap demo` adds some")
        return
    counts = ("comments", "authors", "claims", "quotes", "relations", "cruxes")
    table = data_table(("thread", "title", "format") + counts,
                       [(r.thread_id, r.title, r.source_format, *(getattr(r, k) for k in counts)) for r in rows],
                       keep=("thread",), right=counts)
    console().print(table)


@click.command()
@click.argument("thread")
@store_option
@json_option
def show(thread, store_uri, user, password, as_json):
    """Show a thread: its comments as a reply tree, their claims with offsets, quotes and stances.

    With --json: the whole argument map (comments, claims, resolved quotes, relations, cruxes).
    """
    from rich.markup import escape

    store = open_cli_store(store_uri, user, password, create=False)
    amap = store.get_map(resolve_thread_id(store, thread))
    if as_json:
        emit_json(amap)
        return
    authors = {a.author_id: a.label for a in amap.authors}
    index = MapIndex(amap)
    quotes_by_comment: dict[str, list] = {}
    for q in amap.quotes:
        quotes_by_comment.setdefault(q.comment_id, []).append(q)
    stance = {r.source_comment_id: r for r in amap.relations if r.level == "reply"}
    out = console()
    out.print(f"[bold]{escape(amap.thread.title or amap.thread_id)}[/bold]  ({escape(amap.thread_id)}, {amap.thread.source_format})")
    for c, depth in index.tree_order():
        pad = "  " * depth
        who = authors.get(c.author, c.author) if c.author else "[deleted]" if c.deleted else "unknown"
        rel = stance.get(c.comment_id)
        badge = f"  [{rel.kind}{'?' if rel.uncertain else ''} {rel.confidence:.2f}]" if rel else ""
        out.print(f"{pad}[bold]{escape(who)}[/bold] {escape(c.comment_id)}{escape(badge)}")
        for q in quotes_by_comment.get(c.comment_id, []):
            src = f" <- {q.source_comment_id}" if q.source_comment_id else " (unresolved)"
            if q.answer is not None:  # the answer to words from outside the thread
                a = q.answer
                src += f"  [answered: {a.kind}{'?' if a.uncertain else ''} {a.confidence:.2f}]"
            out.print(f"{pad}  > {escape(short(q.text))}{escape(src)}", style="dim")
        for cl in index.claims_of.get(c.comment_id, []):
            mark = "?" if cl.kind == "question" else "-"
            out.print(f"{pad}  {mark} {escape(cl.text)} [dim]\\[{cl.start}:{cl.end}][/dim]")


@click.command()
@click.argument("thread")
@click.option("--author", default=None, help="Only this author's claims.")
@store_option
@json_option
def claims(thread, author, store_uri, user, password, as_json):
    """List a thread's claims (id, author, kind, character offsets, text)."""
    store = open_cli_store(store_uri, user, password, create=False)
    amap = store.get_map(resolve_thread_id(store, thread))
    rows = [c for c in amap.claims if author is None or c.author == author]
    if author is not None and not rows and author not in {a.author_id for a in amap.authors}:
        err(f"no author {author!r} in {amap.thread_id}")
    if as_json:
        emit_json(rows)
        return
    table = data_table(("claim", "author", "kind", "span", "text"),
                       [(c.claim_id, c.author, c.kind, f"{c.start}-{c.end}", c.text) for c in rows], keep=("claim",))
    console().print(table)


DEMO_FILE = "demo_thread.jsonl"


def demo_path() -> Path:
    return Path(str(resources.files("argmap") / "data" / DEMO_FILE))


@click.command()
@store_option
@json_option
def demo(store_uri, user, password, as_json):
    """Ingest argmap's bundled example debate and print what argmap found.

    The example (a made-up thread about nuclear power versus renewables and storage) goes into the
    store (default ./.argmap), so `argmap tui`, `argmap cruxes demo-grid` etc. work afterwards.
    """
    from argmap.ingest import read_path

    result = read_path(demo_path())
    maps = analyse_with_progress(result.maps)
    store = open_cli_store(store_uri, user, password)
    store.put_maps(maps)
    amap = maps[0]
    report = demo_report(amap)
    if as_json:
        emit_json(report)
        return
    print_demo(report, store.uri)


def demo_report(amap) -> dict:
    from collections import Counter

    kinds = Counter(r.kind for r in amap.relations)
    authors = {a.author_id: a.label for a in amap.authors}
    counts = map_counts([amap])
    return {
        "thread_id": amap.thread_id,
        "title": amap.thread.title,
        **{k: counts[k] for k in ("comments", "authors", "claims", "quotes", "quotes_resolved")},
        "stances": dict(kinds),
        "cruxes": [
            {"label": x.label, "score": round(x.score, 3),
             "sides": {p.concept: [authors.get(a, a) for a in p.authors] for p in x.poles}}
            for x in amap.cruxes
        ],
        "disagreements": [
            {"from": authors.get(r.source_author, r.source_author), "to": authors.get(r.target_author, r.target_author),
             "kind": r.kind, "confidence": round(r.confidence, 2),
             "because": r.evidence[0].text if r.evidence else ""}
            for r in sorted(amap.relations, key=lambda r: -r.confidence)
            if r.kind in ("disagree", "partial", "concession")
        ],
    }


def print_demo(report: dict, store_uri: str) -> None:
    from rich.markup import escape

    out = console()
    out.print(f"[bold]{escape(report['title'])}[/bold]")
    out.print(f"{report['comments']} comments by {report['authors']} authors -> {report['claims']} claims, "
              f"{report['quotes']} quotes ({report['quotes_resolved']} traced to their source), "
              + ", ".join(f"{n} {k}" for k, n in sorted(report["stances"].items())))
    out.print("\n[bold]Cruxes[/bold]")
    if not report["cruxes"]:
        out.print("  (none found)")
    for x in report["cruxes"]:
        sides = "; ".join(f"{escape(k)}: {escape(', '.join(v) or '-')}" for k, v in x["sides"].items())
        out.print(f"  {escape(x['label'])}  (score {x['score']})  {sides}")
    out.print("\n[bold]Where positions diverge[/bold]")
    for d in report["disagreements"][:8]:
        out.print(f"  {escape(str(d['from']))} {d['kind']} {escape(str(d['to']))} ({d['confidence']}): "
                  f"[dim]{escape(short(d['because'], 90))}[/dim]")
    err(f"\nstored in {store_uri} as {report['thread_id']}: try `argmap cruxes {report['thread_id']}`, "
        f"`argmap show {report['thread_id']}` or `argmap tui`")


def register(main: click.Group) -> None:
    for command in (ingest, threads, show, claims, demo):
        main.add_command(command)
