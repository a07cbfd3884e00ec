"""Analysis commands: ``argmap cruxes`` (what a thread's disagreement turns on) and ``argmap diverge``
(who agrees and disagrees with whom). Thin layers over ``argmap.analysis.cruxes`` results stored
with each map and ``argmap.analysis.divergence``."""

from __future__ import annotations

import click

from argmap.cli import console, emit_json, err, json_option, open_cli_store, resolve_thread_id, short, store_option
from argmap.errors import UsageError


def _labels(amap) -> dict[str, str]:
    return {a.author_id: a.label for a in amap.authors}


def _load(store_uri, user, password, thread):
    store = open_cli_store(store_uri, user, password, create=False)
    return store.get_map(resolve_thread_id(store, thread))


def _recurring(store):
    """Cruxes across every stored thread, grouped by their normalised poles."""
    try:
        from argmap.graph.queries import recurring_cruxes as store_recurring
    except ImportError:
        store_recurring = None
    if store_recurring is not None:
        return store_recurring(store)
    from argmap.analysis.divergence import recurring_cruxes

    return recurring_cruxes(store.iter_maps())


@click.command()
@click.argument("thread", required=False)
@click.option("--all", "all_threads", is_flag=True,
              help="List the cruxes of every stored thread, linking those with the same poles.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=0),
              help="Show the first N cruxes (ranked by how much of the disagreement they explain); 0 = all.")
@store_option
@json_option
def cruxes(thread, all_threads, limit, store_uri, user, password, as_json):
    """Show the cruxes of THREAD: what its disagreement turns on.

    Two forms: contrasted concepts ("X vs Y", stated as a contrast by someone) and crux claims (the
    claim most disputed between two camps of authors, found from who disagrees with whom). Cruxes
    come ranked by the share of the thread's disagreement each one explains that no crux above it
    does. For each: its label, each pole (or for / against) with the authors standing there and the
    sentence of their own that puts them there, authors left unclear, how many disagreements it
    covers, and the sentences where it was stated. THREAD is a thread id, a unique id prefix or a
    unique part of its title.
    """
    if all_threads:
        if thread:
            raise UsageError("give either THREAD or --all, not both")
        store = open_cli_store(store_uri, user, password, create=False)
        groups = _recurring(store)
        if as_json:
            emit_json(groups)
            return
        if not groups:
            err("no cruxes in any stored thread")
            return
        _print_recurring(groups)
        return
    if not thread:
        raise UsageError("missing THREAD", hint="`argmap threads` lists them; or use --all")
    amap = _load(store_uri, user, password, thread)
    shown = amap.cruxes[:limit] if limit else amap.cruxes
    if as_json:
        emit_json(shown)
    else:
        _print_cruxes(amap, shown)
    if not amap.cruxes:
        err(f"no cruxes found in {amap.thread_id}: no stated contrast (\"X vs Y\", \"X rather than Y\", ...) "
            f"and no claim disputed repeatedly between two camps")
    elif len(shown) < len(amap.cruxes):
        err(f"{len(amap.cruxes) - len(shown)} more cruxes not shown (--limit 0 shows all)")


def _print_cruxes(amap, cruxes) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    labels = _labels(amap)
    claim_text = {c.claim_id: c.text for c in amap.claims}
    for n, crux in enumerate(cruxes, 1):
        form = "crux claim" if crux.form == "claim" else "contrast"
        out.print(f"[bold]{n}. {escape(crux.label)}[/bold]  [dim]({form})[/dim]  explains {crux.share:.0%} of the "
                  f"disagreement, {crux.size_text()}, score {crux.score:.2f}  "
                  f"[dim]{escape(crux.crux_id)}[/dim]")
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        table.add_column("pole")
        table.add_column("authors")
        table.add_column("claims", justify="right")
        table.add_column("example claim")
        table.add_column("variants", style="dim")
        for pole in crux.poles:
            example = next((claim_text[c] for c in pole.claim_ids if c in claim_text), "")
            who = ", ".join(labels.get(a, a) for a in pole.authors) or ("unsigned" if pole.claim_ids else "-")
            table.add_row(escape(pole.concept), escape(who),
                          str(len(pole.claim_ids)), escape(short(example, 60)),
                          escape(", ".join(pole.variants[:4])))
        out.print(table)
        for pole in crux.poles:
            for ev in pole.evidence:
                who = labels.get(ev.author, ev.author or "?")
                out.print(f"   {escape(who)} → {escape(pole.concept)}: [dim]{escape(ev.comment_id or '')}[/dim] "
                          f"[italic]{escape(short(ev.text, 90))}[/italic]")
        if crux.unclear:
            out.print(f"   unclear: {escape(', '.join(labels.get(a, a) for a in crux.unclear))}")
        for ev in crux.evidence:
            where = ev.comment_id or ""
            tag = ev.pattern if ev.kind == "contrast-pattern" else ev.kind.replace("stance-", "")
            score = f" {ev.score:.2f}" if ev.score is not None else ""
            out.print(f"   {escape(f'[{tag}{score}]')} [dim]{escape(where)}[/dim] {escape(short(ev.text, 110))}")
        out.print()


def _print_recurring(groups) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column("crux")
    table.add_column("threads", justify="right")
    table.add_column("thread")
    table.add_column("score", justify="right")
    table.add_column("sides")
    for g in groups:
        for k, occ in enumerate(g.occurrences):
            sides = "; ".join(f"{s.concept}: {', '.join(s.authors) or '-'}" for s in occ.sides)
            table.add_row(escape(g.label) if k == 0 else "", str(len(g.threads)) if k == 0 else "",
                          escape(occ.thread_id), f"{occ.score:.2f}", escape(sides))
    console().print(table)


@click.command()
@click.argument("thread")
@click.option("--limit", default=10, show_default=True, help="How many of the sharpest disagreements and unanswered objections to list.")
@click.option("--top", default=None, type=click.IntRange(min=0), metavar="N",
              help="The matrix shows the N most active authors (default: as many as fit the terminal; 0 = all).")
@store_option
@json_option
def diverge(thread, limit, top, store_uri, user, password, as_json):
    """Show where positions diverge in THREAD: the author × author matrix of agreements and
    disagreements, the sharpest disagreements, the sides of each crux and unanswered objections.

    A cell reads "+agree −disagree ~partial ↺concession" for the row author responding to the
    column author. The matrix keeps the most active authors (most agreements and disagreements,
    given or received); how many were left out is said below it. --json has every author and cell.
    """
    from argmap.analysis.divergence import divergence

    amap = _load(store_uri, user, password, thread)
    result = divergence(amap, limit=limit)
    if as_json:
        emit_json(result)
        return
    _print_divergence(amap, result, top=top, limit=limit)
    if not any(c.total for c in result.cells):
        err(f"no agreement or disagreement found between authors in {amap.thread_id}")


def _cell_text(cell) -> str:
    parts = []
    for sign, n in (("+", cell.agree), ("−", cell.disagree), ("~", cell.partial), ("↺", cell.concession)):
        if n:
            parts.append(f"{sign}{n}")
    return " ".join(parts) or "·"


MATRIX_COLUMN_WIDTH = 9
"""Terminal columns one author takes in the matrix (a name cut short, or a cell like "+2 −11")."""


def matrix_authors(result, top: int | None, width: int) -> tuple[list[str], int]:
    """(authors to show in the matrix, how many active authors were left out). Active authors are
    those in a counted relation; the most active come first (ties: order of first comment).
    ``top=None``: as many as fit ``width`` columns (at least 2); ``top=0``: every active author."""
    activity: dict[str, int] = {}
    for c in result.cells:
        activity[c.source_author] = activity.get(c.source_author, 0) + c.total
        activity[c.target_author] = activity.get(c.target_author, 0) + c.total
    order = {a: i for i, a in enumerate(result.authors)}
    active = sorted((a for a, n in activity.items() if n), key=lambda a: (-activity[a], order.get(a, len(order))))
    if top is None:
        top = max(2, (width - 2 * MATRIX_COLUMN_WIDTH) // MATRIX_COLUMN_WIDTH)
    shown = active if top == 0 else active[:top]
    shown.sort(key=lambda a: order.get(a, len(order)))
    return shown, len(active) - len(shown)


def _print_divergence(amap, result, *, top: int | None = None, limit: int = 10) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    labels = _labels(amap)
    name = lambda a: labels.get(a, a)  # noqa: E731
    active, left_out = matrix_authors(result, top, out.width)
    cells = {(c.source_author, c.target_author): c for c in result.cells}
    empty = "·"
    out.print(f"[bold]{escape(amap.thread.title or amap.thread_id)}[/bold]: {len(result.authors)} authors")
    if active:
        matrix = Table(title="responding author (row) → author responded to (column)", header_style="bold")
        matrix.add_column("")
        for a in active:
            matrix.add_column(escape(name(a)), justify="center", max_width=MATRIX_COLUMN_WIDTH - 3)
        for a in active:
            matrix.add_row(escape(name(a)), *((_cell_text(cells[a, b]) if (a, b) in cells else empty)
                                              if a != b else "" for b in active))
        out.print(matrix)
        if left_out:
            err(f"the matrix shows the {len(active)} most active authors; {left_out} more left out "
                f"(--top N shows more, --top 0 all, --json has every cell)")
    if result.sharpest:
        out.print("\n[bold]Sharpest disagreements[/bold]")
        for ex in result.sharpest:
            crux = f" [crux: {', '.join(c.split('crux:', 1)[-1] for c in ex.crux_ids)}]" if ex.crux_ids else ""
            out.print(f"  {escape(name(ex.source_author))} {ex.kind} {escape(name(ex.target_author))} "
                      f"({ex.confidence:.2f}){escape(crux)}")
            out.print(f"     [dim]{escape(short(ex.target_text, 100))}[/dim]")
            out.print(f"     → {escape(short(ex.source_text, 100))}")
    if result.cruxes:
        out.print("\n[bold]Crux sides[/bold]")
        for cs in result.cruxes:
            sides = "; ".join(f"{s.concept}: {', '.join(name(a) for a in s.authors) or '-'}" for s in cs.sides)
            out.print(f"  {escape(cs.label)}  {escape(sides)}")
    if result.unanswered:
        out.print("\n[bold]Unanswered objections[/bold]")
        shown = result.unanswered[:limit] if limit else result.unanswered
        for ex in shown:
            out.print(f"  {escape(name(ex.source_author))} → {escape(name(ex.target_author))}: "
                      f"{escape(short(ex.source_text, 100))} [dim]{escape(ex.source_comment_id)}[/dim]")
        if len(shown) < len(result.unanswered):
            out.print(f"  [dim]... and {len(result.unanswered) - len(shown)} more (--limit N lists more, --json has them all)[/dim]")


def register(main: click.Group) -> None:
    for command in (cruxes, diverge):
        main.add_command(command)
