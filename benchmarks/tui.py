"""How fast the TUI is on a large thread.

Builds a synthetic thread (default 1,500 comments, ~6,000 claims, quotes, stances, 40 cruxes) in a
temporary embedded store, then measures, headless (Textual's ``run_test``):

* launch -> first painted crux map, with the store already open (its manifest parsed), and cold
  (the first read of the manifest included). "Launch" is the call of ``App.run_test()``; "painted"
  is the end of the first screen refresh after the crux list, the first crux's claims and the first
  claim's details were filled in (the ``MapScreen.Painted`` message, posted by ``call_after_refresh``
  and timed when posted; the app keeps its time). CPU is
  ``time.process_time()`` of the whole process (UI thread and store worker) over the same span.
  The benchmark checks that the crux list holds every crux at that moment;
* launch -> whole map loaded (the thread and authors views, search and filters work from then on);
* the same first paint for an empty Textual app (Header, one Static, Footer): Textual's own share;
* key-to-update latency in the thread view: cursor moves (the detail pane follows) and expanding a
  comment with hundreds of replies (tree nodes are created on expand);
* with tmux installed, the same first paint in a real terminal: ``argmap tui THREAD`` started in
  tmux until the crux label is on screen (this includes Python start-up and imports).

    /work/venv/bin/python benchmarks/tui.py [--comments 1500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from argmap.graph.nxstore import NetworkxStore
from argmap.models import (
    ArgumentMap, Author, Claim, Comment, Crux, CruxPole, Evidence, Quote, Relation, Thread,
)

WORDS = ("grid storage nuclear solar wind capacity energy cost price market policy risk safety "
         "waste carbon emissions demand supply battery hydrogen reactor build time subsidy tax "
         "reliability winter summer night transmission land water jobs").split()
KINDS = ("agree", "disagree", "disagree", "partial", "neutral", "concession")
THREAD_ID = "bench:big"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def synthetic_map(n_comments: int, seed: int = 7, thread_id: str = THREAD_ID) -> ArgumentMap:
    """A deep and wide reply tree: a post with many direct replies, chains below them."""
    rng = random.Random(seed)
    t = thread_id
    authors = [f"user{i:02d}" for i in range(40)]
    comments: list[Comment] = []
    claims: list[Claim] = []
    quotes: list[Quote] = []
    relations: list[Relation] = []
    claims_of: dict[str, list[Claim]] = {}
    for i in range(n_comments):
        cid = f"{t}/c{i}"
        parent = None if i == 0 else comments[rng.randrange(0, i) if rng.random() < 0.7 else 0]
        parts: list[str] = []
        quote_span = None
        if parent is not None and rng.random() < 0.3 and claims_of[parent.comment_id]:
            quoted = rng.choice(claims_of[parent.comment_id])
            parts.append("> " + quoted.text)
            quote_span = (2, 2 + len(quoted.text), quoted)
        body_start = sum(len(p) + 2 for p in parts)
        sentences = [sentence(rng) for _ in range(rng.randint(2, 6))]
        text = "\n\n".join(parts + [" ".join(sentences)])
        comment = Comment(comment_id=cid, thread_id=t, parent_id=parent.comment_id if parent else None,
                          author=rng.choice(authors), index=i, text=text, kind="post" if i == 0 else "comment")
        comments.append(comment)
        own: list[Claim] = []
        pos = body_start
        for s in sentences:
            own.append(Claim(claim_id=f"{cid}#{pos}-{pos + len(s)}", comment_id=cid, thread_id=t,
                             author=comment.author, text=s, start=pos, end=pos + len(s)))
            pos += len(s) + 1
        claims_of[cid] = own
        claims += own
        if quote_span is not None:
            start, end, quoted = quote_span
            quotes.append(Quote(quote_id=f"{cid}>q{start}-{end}", comment_id=cid, thread_id=t, start=start, end=end,
                                text=text[start:end], source_comment_id=quoted.comment_id,
                                source_claim_id=quoted.claim_id, score=100.0))
        if parent is not None:
            kind = rng.choice(KINDS)
            target = rng.choice(claims_of[parent.comment_id]) if claims_of[parent.comment_id] else None
            relations.append(Relation(
                relation_id=f"{cid}->{parent.comment_id}", thread_id=t, kind=kind, source_comment_id=cid,
                target_comment_id=parent.comment_id, source_claim_id=own[0].claim_id,
                target_claim_id=target.claim_id if target else None, source_author=comment.author,
                target_author=parent.author, confidence=round(rng.uniform(0.5, 0.95), 2),
                evidence=[Evidence(kind="cue", text=kind, comment_id=cid)]))
    cruxes = []
    for k in range(40 if n_comments > 100 else 1):
        a, b = rng.sample(WORDS, 2)
        poles = [CruxPole(concept=w, variants=[w],
                          claim_ids=[c.claim_id for c in rng.sample(claims, min(12, len(claims) // 2))])
                 for w in (a, b)]
        for pole in poles:
            pole.authors = sorted({c.author for c in claims if c.claim_id in set(pole.claim_ids)})
        cruxes.append(Crux(crux_id=f"{t}/crux:{k}", thread_id=t, label=f"{a} vs {b}", poles=poles,
                           score=round(rng.uniform(0.1, 1.0), 3)))
    return ArgumentMap(thread=Thread(thread_id=t, title="Synthetic energy debate", source_format="jsonl"),
                       authors=[Author(author_id=a) for a in authors], comments=comments, claims=claims,
                       quotes=quotes, relations=relations, cruxes=cruxes)


async def measure_empty_app() -> tuple[float, float]:
    """Launch -> first paint of an empty Textual app (Header, Static, Footer), wall and CPU."""
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Empty(App):
        painted: tuple[float, float] | None = None

        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.mark)

        def mark(self) -> None:
            self.painted = (time.perf_counter(), time.process_time())

    app = Empty()
    t0, c0 = time.perf_counter(), time.process_time()
    async with app.run_test(size=(160, 50)):
        while app.painted is None:
            await asyncio.sleep(0.002)
    return app.painted[0] - t0, app.painted[1] - c0


async def measure_app(store_path: Path, *, warm: bool, thread_id: str = THREAD_ID) -> dict[str, float | list[float]]:
    from textual.widgets import OptionList, Static

    from argmap.tui.app import make_app

    store = NetworkxStore(store_path)
    if warm:
        store.list_threads()  # the store is open: its manifest is read and parsed
    app = make_app(store, thread_id)
    t0, c0 = time.perf_counter(), time.process_time()
    out: dict[str, float | list[float]] = {}
    async with app.run_test(size=(160, 50)) as pilot:
        while app.map_painted_at is None:
            if time.perf_counter() - t0 > 120 or not app.is_running:
                raise SystemExit("the crux map was not painted within 120 s")
            await asyncio.sleep(0.002)
        out["first_paint"] = app.map_painted_at - t0
        out["first_paint_cpu"] = app.map_painted_cpu - c0
        out["crux_rows"] = float(app.screen.query_one("#crux-list", OptionList).option_count)
        out["claim_rows"] = float(app.screen.query_one("#crux-claims", OptionList).option_count)
        while app.map_loaded_at is None:
            if time.perf_counter() - t0 > 120 or not app.is_running:
                raise SystemExit("the whole map was not loaded within 120 s")
            await asyncio.sleep(0.002)
        out["loaded_cpu"] = time.process_time() - c0  # as seen by this polling loop (a little late)
        out["loaded"] = app.map_loaded_at - t0
        out["whole_map_at_paint"] = float(app.map_loaded_at <= app.map_painted_at)
        if thread_id != THREAD_ID:
            return out
        await pilot.press("t")
        await pilot.pause()
        detail = app.screen.query_one("#thread-detail", Static)
        tree = app.screen.query_one("#thread-tree")
        moves, moves_cpu = [], []
        for _ in range(40):
            before = str(detail.render())
            t1, c1 = time.perf_counter(), time.process_time()
            await pilot.press("down")
            while str(detail.render()) == before and time.perf_counter() - t1 < 10:
                await asyncio.sleep(0.001)
            moves.append(time.perf_counter() - t1)
            moves_cpu.append(time.process_time() - c1)
        out["move"] = moves
        out["move_cpu"] = moves_cpu
        # expand the comment with the most replies (the post is open already: take the widest reply)
        index = app.screen.index
        widest = max((c for c in index.children if c != index.roots[0]), key=lambda c: len(index.children[c]))
        tree.reveal(widest)
        await pilot.pause()
        node = tree.cursor_node
        t1, c1 = time.perf_counter(), time.process_time()
        await pilot.press("right")
        await pilot.pause()
        out["expand"] = time.perf_counter() - t1
        out["expand_cpu"] = time.process_time() - c1
        out["expand_children"] = float(len(node.children))
        out["root_replies"] = float(len(index.children[index.roots[0]]))
        out["tree_nodes_created"] = float(len(tree._comment_nodes))
        t1, c1 = time.perf_counter(), time.process_time()
        await pilot.press("slash")
        from textual.widgets import Input
        app.screen.query_one("#search-input", Input).value = "nuclear winter capacity"
        await pilot.pause()
        out["search"] = time.perf_counter() - t1
        out["search_cpu"] = time.process_time() - c1
        out["search_hits"] = float(len(app.screen.hits))
        keys = []
        for key in "sx":  # one more character typed: the results follow
            before = app.screen.hits
            t1, c1 = time.perf_counter(), time.process_time()
            await pilot.press(key)
            while app.screen.hits is before and time.perf_counter() - t1 < 10:
                await asyncio.sleep(0.001)
            keys.append((time.perf_counter() - t1, time.process_time() - c1))
        out["search_key"] = [k[0] for k in keys]
        out["search_key_cpu"] = [k[1] for k in keys]
    return out


def measure_tmux(store_path: Path) -> float | None:
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    script = Path(sys.executable).with_name("argmap")
    socket = f"argmap-bench-{time.time_ns()}"
    t0 = time.perf_counter()
    subprocess.run([tmux, "-L", socket, "new-session", "-d", "-s", "b", "-x", "160", "-y", "50",
                    f"env -u COLUMNS -u LINES {script} tui {THREAD_ID} --store {store_path}"], check=True)
    try:
        while time.perf_counter() - t0 < 60:
            screen = subprocess.run([tmux, "-L", socket, "capture-pane", "-p", "-t", "b"],
                                    capture_output=True, text=True).stdout
            if "Quote source" in screen or "Replies (" in screen:
                return time.perf_counter() - t0
            time.sleep(0.02)
        return None
    finally:
        subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True)


def say(message: str) -> None:
    """Print to the real stdout (Textual redirects ``sys.stdout`` while an app runs)."""
    sys.__stdout__.write(message + "\n")
    sys.__stdout__.flush()


def fresh(coro):
    """Run one measurement after a full garbage collection (no garbage of earlier runs to scan)."""
    gc.collect()
    return asyncio.run(coro)


def listed(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import os

    say(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(wall-clock figures grow with it; CPU seconds of this process do not)")
    amap = synthetic_map(args.comments)
    say(f"synthetic thread: {len(amap.comments)} comments, {len(amap.claims)} claims, {len(amap.quotes)} quotes, "
          f"{len(amap.relations)} relations, {len(amap.cruxes)} cruxes")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ws"
        t0 = time.perf_counter()
        NetworkxStore(path).put_maps([amap, synthetic_map(6, seed=1, thread_id="bench:tiny")])
        say(f"store written in {time.perf_counter() - t0:.2f} s")
        store = NetworkxStore(path)
        t0 = time.perf_counter()
        store.list_threads()
        t_open = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        store.get_map(THREAD_ID)
        t_get, c_get = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        view = store.crux_view(THREAD_ID)
        t_view, c_view = time.perf_counter() - t0, time.process_time() - c0
        from argmap.tui.data import MapIndex

        amap_read = store.get_map(THREAD_ID)
        t0, c0 = time.perf_counter(), time.process_time()
        MapIndex(amap_read)
        t_index, c_index = time.perf_counter() - t0, time.process_time() - c0
        say(f"store open (manifest parse) {t_open:.3f} s; store.get_map {t_get:.3f} s wall / {c_get:.3f} s CPU; "
              f"MapIndex {t_index:.3f} s wall / {c_index:.3f} s CPU; store.crux_view {t_view:.3f} s wall / "
              f"{c_view:.3f} s CPU ({len(view.comments)} comments, {len(view.claims)} claims: the synthetic cruxes "
              "hold 960 claims spread over the whole thread)")
        # Drop this process's own copies of the big map: a launch of `argmap tui` starts without them,
        # and every garbage collection scans all live objects (with them alive, the first paint
        # took about twice the CPU).
        n_cruxes, n_comments, n_claims = len(amap.cruxes), len(amap.comments), len(amap.claims)
        del amap, amap_read, view, store

        empty = [fresh(measure_empty_app()) for _ in range(args.rounds)]
        say(f"Textual baseline, an empty app (Header, Static, Footer): first paint median "
            f"{statistics.median([e[0] for e in empty]):.3f} s wall, {statistics.median([e[1] for e in empty]):.3f} s CPU "
            f"(runs, CPU: {listed([e[1] for e in empty])})")
        tiny = [fresh(measure_app(path, warm=True, thread_id="bench:tiny")) for _ in range(args.rounds)]
        say(f"a 6-comment thread, store open: first painted crux map median "
              f"{statistics.median([r['first_paint'] for r in tiny]):.3f} s wall, "
              f"{statistics.median([r['first_paint_cpu'] for r in tiny]):.3f} s CPU "
              f"(runs, CPU: {listed([r['first_paint_cpu'] for r in tiny])})")
        for warm in (True, False):
            runs = [fresh(measure_app(path, warm=warm)) for _ in range(args.rounds)]
            paints = [r["first_paint"] for r in runs]
            label = "store open" if warm else "cold store"
            assert all(r["crux_rows"] == n_cruxes and r["claim_rows"] > 0 for r in runs), runs
            say(f"first painted crux map ({label}, {n_cruxes} cruxes listed): median "
                f"{statistics.median(paints):.3f} s wall, "
                f"{statistics.median([r['first_paint_cpu'] for r in runs]):.3f} s CPU "
                f"(runs, wall: {listed(paints)}; CPU: "
                f"{listed([r['first_paint_cpu'] for r in runs])}); whole map loaded at median "
                f"{statistics.median([r['loaded'] for r in runs]):.3f} s wall "
                f"({int(sum(r['whole_map_at_paint'] for r in runs))} of {len(runs)} runs had it before the paint)")
            if warm:
                loaded_cpu = [r["loaded_cpu"] for r in runs]
                say(f"  whole map loaded (thread and authors views, search, filters ready): median "
                    f"{statistics.median([r['loaded'] for r in runs]):.3f} s wall, {statistics.median(loaded_cpu):.3f} s CPU")
            if warm:
                moves = [m for r in runs for m in r["move"]]
                moves_cpu = [m for r in runs for m in r["move_cpu"]]
                r0 = runs[0]
                say(f"thread view, cursor move -> detail updated: median {statistics.median(moves) * 1000:.1f} ms wall "
                      f"(p95 {pct(moves, 0.95) * 1000:.1f}), {statistics.median(moves_cpu) * 1000:.1f} ms CPU "
                      f"(p95 {pct(moves_cpu, 0.95) * 1000:.1f}) over {len(moves)} presses")
                say(f"thread view, expand a comment with {int(r0['expand_children'])} child nodes: "
                      f"{statistics.median([r['expand'] for r in runs]) * 1000:.1f} ms wall, "
                      f"{statistics.median([r['expand_cpu'] for r in runs]) * 1000:.1f} ms CPU")
                say(f"lazy tree: {int(r0['tree_nodes_created'])} of {n_comments} comment nodes created "
                      f"after opening the post ({int(r0['root_replies'])} direct replies) and one reply")
                say(f"search over {n_claims} claims: open the search box, type a query, show "
                      f"{int(r0['search_hits'])} hits: {statistics.median([r['search'] for r in runs]) * 1000:.1f} ms wall, "
                      f"{statistics.median([r['search_cpu'] for r in runs]) * 1000:.1f} ms CPU; one more key typed: "
                      f"{statistics.median([k for r in runs for k in r['search_key']]) * 1000:.1f} ms wall, "
                      f"{statistics.median([k for r in runs for k in r['search_key_cpu']]) * 1000:.1f} ms CPU")
        real = measure_tmux(path)
        if real is not None:
            say(f"real terminal (tmux): `argmap tui THREAD` start -> crux map on screen: {real:.2f} s "
                  "(includes Python start-up, imports and the cold store read)")
        else:
            say("real terminal: tmux not installed, skipped")


if __name__ == "__main__":
    main()
