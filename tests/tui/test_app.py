"""Pilot tests of the argmap TUI: every view and binding, asserting on widget state.

Each test starts the app once (about a second) and walks through one view, so the file stays fast.
"""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent
from textual.widgets._footer import FooterKey

from argmap.graph.nxstore import NetworkxStore
from argmap.tui.app import make_app
from argmap.tui.screens import HelpScreen, MapScreen, PickScreen, SearchScreen, ThreadPickerScreen
from tui_maps import CALM, GRID, claim_id, grid_map

SIZE = (110, 32)
CRUX = f"{GRID}/crux:energy|capacity"


async def settle(pilot, until=lambda app: True, rounds: int = 40):
    """Let workers finish and the screen refresh until ``until(app)`` holds."""
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if until(app):
            return
    raise AssertionError("the app did not reach the expected state")


def map_ready(app) -> bool:
    return isinstance(app.screen, MapScreen) and app.screen.index is not None and app.map_painted_at is not None


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def option_ids(app, selector: str) -> list[str]:
    if selector == "#crux-claims":
        return app.screen.query_one(selector).claim_ids
    return [o.id for o in app.screen.query_one(selector, OptionList).options if o.id is not None]


def active_tab(app) -> str:
    return app.screen.query_one("#tabs", TabbedContent).active


def footer_keys(app) -> dict[str, bool]:
    """Action -> enabled, for each key the footer shows."""
    return {k.action: not k.has_class("-disabled") for k in app.screen.query(FooterKey)}


def cursor_data(app):
    node = app.screen.query_one("#thread-tree").cursor_node
    return None if node is None else node.data


# --- thread picker -------------------------------------------------------------------------------


async def test_picker_lists_threads_and_opens_one(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda a: a.screen.query_one("#thread-table", DataTable).row_count == 2)
        assert isinstance(app.screen, ThreadPickerScreen)
        table = app.screen.query_one("#thread-table", DataTable)
        rows = {table.get_row_at(i)[0].plain: table.get_row_at(i)[2:] for i in range(table.row_count)}
        assert rows == {GRID: [5, 3, 9, 1], CALM: [2, 2, 2, 0]}  # comments, authors, claims, cruxes
        await pilot.press("down", "enter")  # the most discussed thread is first
        await settle(pilot, map_ready)
        assert app.screen.thread_id == CALM
        await pilot.press("p")
        assert isinstance(app.screen, ThreadPickerScreen)
        await pilot.press("up", "enter")
        await settle(pilot, lambda a: map_ready(a) and a.screen.thread_id == GRID)
        assert active_tab(app) == "cruxes"


async def test_picker_single_thread_store_opens_it(grid_store):
    app = make_app(grid_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        assert app.shown_threads == [GRID]
        await pilot.press("p")  # the list is still there
        await settle(pilot, lambda a: isinstance(a.screen, ThreadPickerScreen))
        assert app.screen.query_one("#thread-table", DataTable).row_count == 1


async def test_picker_empty_store_says_how_to_fill_it(tmp_path):
    app = make_app(NetworkxStore(tmp_path / "empty"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda a: "no threads" in text_of(a, "#picker-message"))
        assert "argmap ingest" in text_of(app, "#picker-message")
        assert not app.screen.query_one("#thread-table").display


# --- crux map -----------------------------------------------------------------------------------


async def test_crux_map_shows_cruxes_and_claim_details(store):
    app = make_app(store, GRID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        assert option_ids(app, "#crux-list") == [CRUX]
        header = text_of(app, "#crux-header")
        assert "energy vs capacity" in header and "0.82" in header
        pole_lines = [line for line in header.splitlines() if "—" in line]
        energy = next(line for line in pole_lines if " energy " in line)
        capacity = next(line for line in pole_lines if " capacity " in line)
        assert "tomasz" in energy and "maria_k" not in energy
        assert "maria_k" in capacity and "li_wei" in capacity
        claims = app.screen.query_one("#crux-claims", OptionList)
        cheap, firm, agree = claim_id("Cheap energy"), claim_id("Firm capacity"), claim_id("I agree with Maria")
        assert option_ids(app, "#crux-claims") == [cheap, firm, agree]
        assert claims.claim_of(claims.highlighted_option) == cheap

        # the selected claim: its comment in context, its quote's source, the replies
        detail = text_of(app, "#claim-detail")
        assert "replying to maria_k" in detail and "Cheap energy from overbuilt solar" in detail
        assert "from maria_k in demo:grid/c1" in detail
        assert "concession" in detail

        await pilot.press("tab", "down")  # to the claim list, next claim
        await settle(pilot, lambda a: a.screen.current_claim == firm)
        detail = text_of(app, "#claim-detail")
        assert "Firm capacity is what a dark winter week needs." in detail
        assert "✘ disagree" in detail and "Capacity can come from storage" in detail
        assert "This comment quotes nothing." in detail

        await pilot.press("g")  # show the claim in the thread
        assert active_tab(app) == "thread"
        assert cursor_data(app) == ("claim", firm)


async def test_crux_map_lists_a_claim_on_both_poles_twice(tmp_path):
    amap = grid_map()
    firm = claim_id("Firm capacity")
    amap.cruxes[0].poles[0].claim_ids.append(firm)
    store = NetworkxStore(tmp_path / "ws")
    store.put_maps([amap])
    app = make_app(store, GRID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        assert option_ids(app, "#crux-claims") == [claim_id("Cheap energy"), firm, firm, claim_id("I agree with Maria")]
        await pilot.press("tab", "down")
        assert app.screen.current_claim == firm


async def test_crux_map_without_cruxes_or_thread_says_so(store):
    app = make_app(store, CALM)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        assert "No cruxes were found" in text_of(app, "#crux-header")
        assert not app.screen.query_one("#crux-list").display
        await pilot.press("x")  # nothing to filter by
        assert not isinstance(app.screen, PickScreen)

        app.open_thread("nope")  # a thread that is not in the store: said, not raised
        await settle(pilot, lambda a: "Cannot open nope" in text_of(a, "#status"))
        assert app.screen.index is None and app.is_running


# --- thread view ------------------------------------------------------------------------------------


async def test_thread_tree_is_lazy_with_badges_and_quote_jumps(store):
    app = make_app(store, GRID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        await pilot.press("t")
        tree = app.screen.query_one("#thread-tree")
        root = tree.root.children[0]
        assert root.data == ("comment", f"{GRID}/c1") and root.is_expanded
        assert [child.data for child in root.children] == [
            ("claim", claim_id("New nuclear")), ("claim", claim_id("Wind and solar")),
            ("comment", f"{GRID}/c2"), ("comment", f"{GRID}/c5")]
        labels = {n.data[1]: n.label.plain for n in root.children}
        assert "✘ disagree" in labels[f"{GRID}/c2"] and "✔ agree" in labels[f"{GRID}/c5"]
        reply = root.children[2]
        assert len(reply.children) == 0 and f"{GRID}/c3" not in tree._comment_nodes  # not loaded yet

        await pilot.press("down", "down", "down")
        assert cursor_data(app) == ("comment", f"{GRID}/c2")
        assert "[✘ disagree] towards maria_k" in text_of(app, "#thread-detail")
        await pilot.press("right")  # expand: the quote, the claims, then the replies
        assert [child.data[0] for child in reply.children] == ["quote", "claim", "claim", "comment"]
        assert "↺ concession" in reply.children[3].label.plain

        await pilot.press("down")
        assert cursor_data(app)[0] == "quote"
        assert "Quoted from maria_k" in text_of(app, "#thread-detail")
        await pilot.press("g")
        assert cursor_data(app) == ("claim", claim_id("Wind and solar"))

        assert tree.reveal(f"{GRID}/c4")
        await pilot.press("g")  # from a reply to its parent
        assert cursor_data(app) == ("comment", f"{GRID}/c3")


# --- authors -----------------------------------------------------------------------------------------


async def test_authors_positions_and_matrix_cell_lists_exchanges(store):
    app = make_app(store, GRID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        await pilot.press("a")
        assert option_ids(app, "#author-list") == ["maria_k", "tomasz", "li_wei"]
        position = text_of(app, "#author-position")
        assert "capacity  in energy vs capacity" in position
        assert "tomasz ×2" in position.split("Disagreed with by")[1].split("Concessions")[0]
        assert "Fair point on storage" in position.split("Concessions")[1]
        assert "li_wei ×1" in position.split("Agreed with by")[1].split("Disagreed with by")[0]
        await pilot.press("down")
        assert "energy  in energy vs capacity" in text_of(app, "#author-position")
        matrix = app.screen.query_one("#author-matrix", DataTable)
        assert [k.value for k in matrix.rows] == ["maria_k", "tomasz", "li_wei"]
        matrix.focus()
        matrix.cursor_coordinate = (1, 1)  # tomasz (row) answering maria_k (column)
        await pilot.press("enter")
        assert app.screen.current_cell == ("tomasz", "maria_k")
        exchanges = text_of(app, "#exchanges")
        assert "2 exchanges" in exchanges
        assert "Storage covers far more than a few hours." in exchanges
        assert "Capacity can come from storage" in exchanges


# --- search and filters ------------------------------------------------------------------------------


async def test_search_finds_claims_and_authors(store):
    app = make_app(store, GRID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        conflating = claim_id("But you are conflating")
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#search-input", Input).value = "conflating energy"
        await pilot.pause()
        assert (app.screen.hits[0].kind, app.screen.hits[0].target_id) == ("claim", conflating)
        await pilot.press("enter")
        assert isinstance(app.screen, MapScreen) and active_tab(app) == "thread"
        assert cursor_data(app) == ("claim", conflating)

        await pilot.press("slash")
        app.screen.query_one("#search-input", Input).value = "qqqxz"
        await pilot.pause()
        assert app.screen.hits == []
        assert "No claim or author matches" in text_of(app, "#search-status")
        app.screen.query_one("#search-input", Input).value = ""
        await pilot.press(*"tomas")  # typed, with a typo: still finds the author
        assert (app.screen.hits[0].kind, app.screen.hits[0].target_id) == ("author", "tomasz")
        await pilot.press("down", "enter")
        assert active_tab(app) == "authors"
        assert app.screen.query_one("#author-list", OptionList).highlighted_option.id == "tomasz"

        await pilot.press("slash", "escape")
        assert isinstance(app.screen, MapScreen)


async def test_filters_by_author_and_crux_narrow_every_view(store):
    app = make_app(store, GRID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        await pilot.press("f")
        assert isinstance(app.screen, PickScreen)
        await pilot.press(*"li_", "enter")
        screen = app.screen
        assert screen.author_filter == "li_wei"
        assert option_ids(app, "#crux-claims") == [claim_id("I agree with Maria")]
        assert "filter: author = li_wei" in text_of(app, "#status")
        await pilot.press("a")
        assert option_ids(app, "#author-list") == ["li_wei"]
        await pilot.press("t")
        shown = [n.data for n in screen.query_one("#thread-tree").root.children[0].children if n.data[0] == "comment"]
        assert shown == [("comment", f"{GRID}/c5")]  # tomasz's branch is hidden
        await pilot.press("escape")
        assert screen.author_filter is None
        shown = [n.data for n in screen.query_one("#thread-tree").root.children[0].children if n.data[0] == "comment"]
        assert len(shown) == 2

        await pilot.press("x", "enter")  # still on the thread view
        assert screen.crux_filter == CRUX
        assert "filter: crux = energy vs capacity" in text_of(app, "#status")
        tree = screen.query_one("#thread-tree")
        assert tree.reveal(f"{GRID}/c3") and not tree.reveal(f"{GRID}/c4")  # c4 is off the crux
        await pilot.press("a")
        assert sorted(option_ids(app, "#author-list")) == ["li_wei", "maria_k", "tomasz"]


# --- help, mouse, escaping, quit ------------------------------------------------------------------------


async def test_help_export_mouse_literal_markup_and_quit(store, tmp_path):
    app = make_app(store, GRID)
    app.export_dir = str(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, map_ready)
        await pilot.press("e")  # the HTML page of the thread
        await settle(pilot, lambda a: bool(a.exported))
        page = (tmp_path / "demo_grid.html").read_text(encoding="utf-8")
        assert "energy vs capacity" in page and "maria_k" in page

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = text_of(app, "#help-text")
        for words in ("crux map", "filter by author", "fuzzy search", "jump to the comment it quotes"):
            assert words in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, MapScreen)

        await pilot.click("#--content-tab-authors")
        assert active_tab(app) == "authors"
        await pilot.click("#--content-tab-thread")
        assert active_tab(app) == "thread"

        # comment text containing Rich markup is shown as typed
        app.screen.query_one("#thread-tree").reveal(f"{GRID}/c5")
        await pilot.pause()
        assert "[bold]Nuclear[/] is costly [/] though." in text_of(app, "#thread-detail")
        assert "[bold]Nuclear[/]" in app.export_screenshot().replace("&#160;", " ")
        assert app.screen.title == "Nuclear or renewables [plus] storage?"

        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


# --- two reads: the crux map first, then the whole map ------------------------------------------------


class SlowStore(NetworkxStore):
    """A store whose whole-map read waits until the test lets it go (the crux view is immediate)."""

    def __init__(self, path):
        super().__init__(path)
        self.release = threading.Event()

    def get_map(self, thread_id):
        assert self.release.wait(20), "the test never released get_map"
        return super().get_map(thread_id)


async def test_crux_map_is_painted_before_the_whole_map_loads(tmp_path):
    store = SlowStore(tmp_path / "ws")
    store.put_maps([grid_map()])
    app = make_app(store, GRID)
    try:
        await _walk_before_and_after_the_whole_map(app, store)
    finally:
        store.release.set()  # never leave the worker waiting


async def _walk_before_and_after_the_whole_map(app, store):
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.map_painted_at is not None:
                break
        screen = app.screen
        assert app.map_painted_at is not None and app.map_loaded_at is None and not screen.loaded
        assert option_ids(app, "#crux-claims") == [claim_id("Cheap energy"), claim_id("Firm capacity"),
                                                   claim_id("I agree with Maria")]
        assert "from maria_k in demo:grid/c1" in text_of(app, "#claim-detail")
        assert "loading the whole thread" in text_of(app, "#status")
        assert not screen.query("#thread-tree")  # the thread view is not built before it is shown
        await pilot.press("slash")  # search waits for the whole map (dimmed in the footer)
        assert app.screen is screen and footer_keys(app)["search"] is False
        await pilot.press("t")
        assert active_tab(app) == "thread" and "Loading the whole thread" in text_of(app, "#thread-detail")
        assert len(screen.query_one("#thread-tree").root.children) == 0

        store.release.set()
        await settle(pilot, lambda a: a.map_loaded_at is not None)
        assert screen.loaded and "5 comments" in text_of(app, "#status")
        root = screen.query_one("#thread-tree").root.children[0]  # the view filled itself
        assert root.data == ("comment", f"{GRID}/c1") and cursor_data(app) == ("comment", f"{GRID}/c1")
        assert "maria_k" in text_of(app, "#thread-detail")
        await pilot.press("c", "tab", "down", "g")  # and the crux map now jumps into the thread
        assert cursor_data(app) == ("claim", claim_id("Firm capacity"))
        assert footer_keys(app)["search"] is True and "export_html" in footer_keys(app)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
