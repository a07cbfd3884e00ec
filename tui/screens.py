"""Screens of the argmap TUI: thread picker, the map (crux map · thread · authors), search,
filter choosers and help. Store reads run in thread workers; widgets are filled on the UI thread."""

from __future__ import annotations

import inspect
import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    DataTable, Header, Input, OptionList, Static, TabbedContent, TabPane, Tree,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from argmap.tui.data import MapIndex, SearchHit, thread_rows
from argmap.tui.widgets import (
    AuthorMatrix, ClaimList, KeyFooter, ThreadTree, author_position_text, claim_detail, claim_label, comment_detail,
    crux_header, crux_option, exchanges_text, one_line, quote_detail,
)


class ThreadPickerScreen(Screen):
    """Every thread in the store with its counts; Enter opens one."""

    BINDINGS = [Binding("enter", "open", "Open thread", show=True), Binding("r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading threads…"), id="picker-message")
        yield DataTable(id="thread-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "argmap"
        self.sub_title = f"threads in {self.app.store.uri}"
        table = self.query_one("#thread-table", DataTable)
        for label, key in (("thread", "thread"), ("title", "title"), ("comments", "comments"),
                           ("authors", "authors"), ("claims", "claims"), ("cruxes", "cruxes")):
            table.add_column(label, key=key)
        self.load_threads()

    @work(thread=True, exclusive=True, group="store")
    def load_threads(self) -> None:
        try:
            rows = thread_rows(self.app.store.list_threads())
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app stays up
            self.app.call_from_thread(self._show_error, exc)
            return
        self.app.call_from_thread(self._show_threads, rows)

    def _show_error(self, exc: Exception) -> None:
        self.query_one("#picker-message", Static).update(Text(f"Cannot read the store: {exc}", style="bold red"))

    def _show_threads(self, rows) -> None:
        table = self.query_one("#thread-table", DataTable)
        table.clear()
        message = self.query_one("#picker-message", Static)
        if not rows:
            message.update(Text.assemble(
                ("The store ", ""), (self.app.store.uri, "bold"), (" holds no threads yet.\n\n", ""),
                ("Add one with ", ""), ("argmap ingest FILE", "bold"), (" or try ", ""), ("argmap demo", "bold"),
                (", then run ", ""), ("argmap tui", "bold"), (" again. Press q to quit.", "")))
            table.display = False
            return
        message.update(Text(f"{len(rows)} thread{'s' if len(rows) != 1 else ''} — Enter opens one, "
                            "? shows every key.", style="dim"))
        table.display = True
        for s in rows:
            table.add_row(Text(s.thread_id, style="bold"), Text(one_line(s.title or "", 60)),
                          s.comments, s.authors, s.claims, s.cruxes, key=s.thread_id)
        table.focus()
        if len(rows) == 1 and self.app.auto_open:
            self.app.auto_open = False
            self.app.open_thread(rows[0].thread_id)

    def action_reload(self) -> None:
        self.load_threads()

    def action_open(self) -> None:
        table = self.query_one("#thread-table", DataTable)
        if table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            self.app.open_thread(row_key.value)

    @on(DataTable.RowSelected, "#thread-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_thread(event.row_key.value)


PAINT_WAIT_S = 5.0
"""How long the whole-map read waits for the crux map's first paint, so the two do not share the CPU."""
NEEDS_WHOLE_MAP = ("search", "filter_author", "filter_crux", "jump")
"""Actions offered once the whole map is loaded (the footer shows them dimmed until then)."""


class MapScreen(Screen):
    """One thread: the crux map (default), the reply tree and the authors, with filters and search.

    It opens in two reads (see ``load_map``): the store's small ``crux_view`` paints the crux map,
    then the whole map loads for the other views. The thread and authors views are built the first
    time they are shown."""

    AUTO_FOCUS = "#crux-list"
    BINDINGS = [
        Binding("c", "show_tab('cruxes')", "Cruxes"),
        Binding("t", "show_tab('thread')", "Thread"),
        Binding("a", "show_tab('authors')", "Authors"),
        Binding("slash", "search", "Search"),
        Binding("f", "filter_author", "Author filter"),
        Binding("x", "filter_crux", "Crux filter"),
        Binding("escape", "clear_filters", "Clear filters", show=False),
        Binding("g", "jump", "Go to source/comment"),
        Binding("p", "threads", "Threads"),
    ]

    def __init__(self, thread_id: str) -> None:
        super().__init__()
        self.thread_id = thread_id
        self.index: MapIndex | None = None
        """What is shown: the crux view at first, then the whole map (``loaded``)."""
        self.loaded = False
        """Whether ``index`` holds the whole map (not only the crux view)."""
        self.author_filter: str | None = None
        self.crux_filter: str | None = None
        self.current_claim: str | None = None
        self.current_crux: str | None = None
        self.current_cell: tuple[str, str] | None = None
        self._stale: set[str] = set()
        """Tabs whose widgets still show an older state; each is filled when it is shown."""
        self._panes: dict[str, object] = {}
        """The thread and authors panes being mounted (tab id -> its ``AwaitMount``)."""
        self._built: set[str] = {"cruxes"}
        """Tabs whose widgets are mounted."""
        self._painted = threading.Event()
        """Set once the crux map is painted; the whole-map read waits for it."""
        self._handoff = threading.Lock()
        self._mounted = False
        self._early: list[tuple] = []
        """What the store read delivered before the screen was mounted (shown by ``on_mount``)."""

    def compose(self) -> ComposeResult:
        self.load_map()  # the read overlaps the mounting, so the first frame can show the crux map
        yield Header()
        yield Static(Text(f"Loading {self.thread_id}…"), id="status")
        with TabbedContent(initial="cruxes", id="tabs"):
            with TabPane("Crux map", id="cruxes"):
                with Horizontal():
                    yield OptionList(id="crux-list")
                    with Vertical(id="crux-main"):
                        yield Static(id="crux-header")
                        yield ClaimList(id="crux-claims")
                        with VerticalScroll(id="claim-detail-scroll"):
                            yield Static(id="claim-detail")
            # Built the first time they are shown (``_build_pane``): a cheaper first paint.
            yield TabPane("Thread", id="thread")
            yield TabPane("Authors", id="authors")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.title = self.thread_id
        with self._handoff:
            self._mounted = True
            early, self._early = self._early, []
        for callback, args in early:
            result = callback(*args)
            if inspect.isawaitable(result):
                await result

    def on_unmount(self) -> None:
        self._painted.set()  # a closed screen's worker need not wait for a paint that will not come

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_WHOLE_MAP and not self.loaded:
            return None
        return True

    # -- loading --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="store")
    def load_map(self) -> None:
        """Read the crux view and paint the crux map; once it is painted, read the whole map for
        the thread and authors views, search and filters."""
        worker = get_current_worker()
        store = self.app.store
        try:
            view = MapIndex(store.crux_view(self.thread_id))
        except Exception as exc:  # noqa: BLE001 - an unknown id or unreadable store is shown, not raised
            self._deliver(self._show_status, f"Cannot open {self.thread_id}: {exc}", "bold red")
            return
        self._deliver(self._show_map, view, False)
        self._painted.wait(PAINT_WAIT_S)
        if worker.is_cancelled:
            return
        try:
            index = MapIndex(store.get_map(self.thread_id))
        except Exception as exc:  # noqa: BLE001
            self._deliver(self._show_status, f"Cannot read all of {self.thread_id}: {exc}", "bold red")
            return
        if worker.is_cancelled:
            return
        self._deliver(self._show_map, index, True)
        index.prepare_search()  # off the UI thread, so the first search is as quick as the next

    def _deliver(self, callback, *args) -> None:
        """From the worker: run ``callback(*args)`` on the UI thread, now or (when the read beat
        the mounting) in ``on_mount``."""
        with self._handoff:
            if not self._mounted:
                self._early.append((callback, args))
                return
        self.app.call_from_thread(callback, *args)

    def _show_status(self, message: str, style: str = "") -> None:
        self.query_one("#status", Static).update(Text(message, style=style))

    async def _show_map(self, index: MapIndex, whole: bool) -> None:
        first = self.index is None
        self.index, self.loaded = index, whole
        self.title = index.amap.thread.title or index.thread_id
        if first:
            self.refresh_views()
            await self.action_show_tab(self.query_one("#tabs", TabbedContent).active or "cruxes")
            self.call_after_refresh(self._first_paint)
            return
        # The crux map already shows what the whole map would (the crux view holds all it needs),
        # so its lists and the user's place in them stay; the other views fill from the whole map.
        self._stale |= {"thread", "authors"}
        self._show_status_line()
        self._fill_tab(self.query_one("#tabs", TabbedContent).active or "cruxes")
        self.app.refresh_bindings()  # search, filters, jumps and `e` (export) are offered now
        self.app.map_loaded(self.thread_id)

    def _first_paint(self) -> None:
        self._painted.set()
        self.app.map_shown(self.thread_id)

    def _show_status_line(self) -> None:
        index = self.index
        amap = index.amap
        if not self.loaded:
            self._show_status(f"{len(amap.cruxes)} cruxes · loading the whole thread…", "dim")
            return
        filters = []
        if self.author_filter is not None:
            filters.append(f"author = {index.author_label(self.author_filter)}")
        if self.crux_filter is not None and self.crux_filter in index.cruxes:
            filters.append(f"crux = {index.cruxes[self.crux_filter].label}")
        status = (f"{len(amap.comments)} comments · {len(index.authors) or len(index.comment_count_by_author)} "
                  f"authors · {len(amap.claims)} claims · {len(amap.cruxes)} cruxes")
        self.sub_title = "; ".join(filters) if filters else amap.thread_id
        self._show_status(status + (f"   filter: {'; '.join(filters)} (Esc clears)" if filters else ""),
                          "bold" if filters else "dim")

    def refresh_views(self) -> None:
        """Show the index under the current filters: the visible tab now, the others when shown
        (so the first paint of a large thread only builds the crux map)."""
        if self.index is None:
            return
        self._show_status_line()
        self._stale = {"cruxes", "thread", "authors"}
        self._fill_tab(self.query_one("#tabs", TabbedContent).active or "cruxes")

    async def _build_pane(self, tab: str) -> None:
        """Mount the widgets of the thread or authors view (once)."""
        if tab in self._built:
            return
        if tab not in self._panes:
            if tab == "thread":
                body = Horizontal(ThreadTree(id="thread-tree"),
                                  VerticalScroll(Static(id="thread-detail"), id="thread-detail-scroll"))
            else:
                body = Horizontal(
                    Vertical(OptionList(id="author-list"),
                             VerticalScroll(Static(id="author-position"), id="author-position-scroll"),
                             id="author-side"),
                    Vertical(AuthorMatrix(id="author-matrix"),
                             VerticalScroll(Static(id="exchanges"), id="exchanges-scroll"), id="matrix-side"))
            self._panes[tab] = self.query_one(f"#{tab}", TabPane).mount(body)
        await self._panes[tab]
        self._built.add(tab)

    def _fill_tab(self, tab: str) -> None:
        if self.index is None or tab not in self._stale:
            return
        if tab != "cruxes":
            if tab not in self._built:
                return  # filled when shown
            if not self.loaded:
                self.query_one("#thread-detail" if tab == "thread" else "#author-position", Static).update(
                    Text("Loading the whole thread…", style="dim"))
                return
        self._stale.discard(tab)
        if tab == "cruxes":
            self._fill_cruxes()
        elif tab == "thread":
            tree = self.query_one("#thread-tree")
            tree.load(self.index, self.index.visible_comments(self.author_filter, self.crux_filter))
            self._show_tree_node(tree.cursor_node)
        elif tab == "authors":
            self._fill_authors()

    @on(TabbedContent.TabActivated, "#tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        await self._build_pane(event.pane.id)  # a click on the tab
        self._fill_tab(event.pane.id)

    def _fill_cruxes(self) -> None:
        index = self.index
        crux_list = self.query_one("#crux-list", OptionList)
        crux_list.clear_options()
        crux_ids = index.crux_ids(self.author_filter, self.crux_filter)
        if not crux_ids:
            claims = self.query_one("#crux-claims", ClaimList)
            claims.clear_options()
            if index.amap.cruxes:
                why = "No crux matches the current filter (Esc clears it)."
            else:
                why = ("No cruxes were found in this thread: nobody's disagreement turns on a contrast of "
                       "two concepts (or everybody agrees).\nPress t for the reply tree, a for who agrees "
                       "with whom, / to search the claims.")
            self.query_one("#crux-header", Static).update(Text(why, style="italic"))
            self.query_one("#claim-detail", Static).update(Text(""))
            crux_list.display = False
            return
        crux_list.display = True
        self.current_crux = None
        crux_list.add_options([Option(crux_option(index, x), id=x) for x in crux_ids])
        crux_list.highlighted = 0
        self._show_crux(crux_ids[0])

    def _show_crux(self, crux_id: str) -> None:
        self.current_crux = crux_id
        self.query_one("#crux-header", Static).update(crux_header(self.index, crux_id))
        claims = self.query_one("#crux-claims", ClaimList)
        claims.show_crux(self.index, crux_id, self.author_filter)
        if claims.highlighted is None:
            self.query_one("#claim-detail", Static).update(Text("No claim of this crux matches the filter.",
                                                                 style="dim"))
        else:
            self._show_claim(claims.claim_of(claims.options[claims.highlighted]))

    def _show_claim(self, claim_id: str) -> None:
        self.current_claim = claim_id
        self.query_one("#claim-detail", Static).update(claim_detail(self.index, claim_id))

    def _fill_authors(self) -> None:
        index = self.index
        authors = index.author_ids()
        if self.author_filter is not None:
            authors = [a for a in authors if a == self.author_filter]
        if self.crux_filter is not None and self.crux_filter in index.cruxes:
            on_crux = index.crux_authors(self.crux_filter)
            authors = [a for a in authors if a in on_crux]
        author_list = self.query_one("#author-list", OptionList)
        author_list.clear_options()
        for a in authors:
            label = Text(one_line(index.author_label(a), 30), style="bold cyan")
            label.append(f"  {index.comment_count_by_author.get(a, 0)} comments, "
                         f"{len(index.claims_by_author.get(a, ()))} claims", style="dim")
            author_list.add_option(Option(label, id=a))
        position = self.query_one("#author-position", Static)
        if authors:
            author_list.highlighted = 0
            position.update(author_position_text(index, authors[0]))
        else:
            position.update(Text("No author matches the filter.", style="dim"))
        matrix = self.query_one("#author-matrix", AuthorMatrix)
        matrix_authors = index.matrix_authors()
        if matrix_authors:
            matrix.display = True
            matrix.show(index, matrix_authors)
            self.query_one("#exchanges", Static).update(
                Text("Select a cell (row answers column) to list the exchanges behind it.", style="dim"))
        else:
            matrix.display = False
            self.query_one("#exchanges", Static).update(
                Text("Nobody answered anybody else here, so there is no author × author matrix.", style="dim"))

    # -- events from the widgets ----------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#crux-list")
    def _crux_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        crux_id = event.option.id
        if self.index is not None and crux_id in self.index.cruxes and crux_id != self.current_crux:
            self._show_crux(crux_id)

    @on(ClaimList.Selected)
    def _claim_selected(self, event: ClaimList.Selected) -> None:
        if self.index is not None:
            self._show_claim(event.claim_id)

    @on(OptionList.OptionHighlighted, "#author-list")
    def _author_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.index is not None and event.option.id is not None:
            self.query_one("#author-position", Static).update(author_position_text(self.index, event.option.id))

    @on(Tree.NodeHighlighted, "#thread-tree")
    def _tree_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._show_tree_node(event.node)

    @on(Tree.NodeSelected, "#thread-tree")
    async def _tree_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None and event.node.data[0] == "quote":
            await self.action_jump()

    def _show_tree_node(self, node) -> None:
        detail = self.query_one("#thread-detail", Static)
        if not self.loaded:
            detail.update(Text("Loading the whole thread…", style="dim"))
            return
        if self.index is None or node is None or node.data is None:
            detail.update(Text("This thread has no comments." if self.index and not self.index.comments
                               else "Nothing matches the filter." if self.index else "", style="dim"))
            return
        kind, ident = node.data
        if kind == "comment":
            detail.update(comment_detail(self.index, ident))
        elif kind == "claim":
            detail.update(claim_detail(self.index, ident))
        else:
            detail.update(quote_detail(self.index, ident))

    @on(DataTable.CellHighlighted, "#author-matrix")
    @on(DataTable.CellSelected, "#author-matrix")
    def _cell(self, event) -> None:
        row, col = event.cell_key.row_key.value, event.cell_key.column_key.value
        if self.index is None or col == "__row__":
            return
        self.current_cell = (row, col)
        self.query_one("#exchanges", Static).update(exchanges_text(self.index, row, col))

    # -- actions --------------------------------------------------------------------------------
    async def action_show_tab(self, tab: str) -> None:
        await self._build_pane(tab)
        self.query_one("#tabs", TabbedContent).active = tab
        self._fill_tab(tab)
        focus = {"cruxes": "#crux-list", "thread": "#thread-tree", "authors": "#author-list"}[tab]
        widget = self.query_one(focus)
        if not widget.display and tab == "cruxes":
            widget = self.query_one("#crux-claims")
        if self.focused is not widget:  # a focus change rebuilds the footer: skip it when we can
            widget.focus()

    def action_threads(self) -> None:
        self.app.show_threads()

    def action_search(self) -> None:
        if not self.loaded:
            return

        async def chosen(hit: SearchHit | None) -> None:
            if hit is not None:
                await self.go_to_hit(hit)

        self.app.push_screen(SearchScreen(self.index, self.author_filter), chosen)

    async def go_to_hit(self, hit: SearchHit) -> None:
        if hit.kind == "author":
            await self.action_show_tab("authors")
            author_list = self.query_one("#author-list", OptionList)
            try:
                author_list.highlighted = author_list.get_option_index(hit.target_id)
            except Exception:  # noqa: BLE001 - the author is hidden by a filter
                self.author_filter = None
                self.crux_filter = None
                self.refresh_views()
                await self.action_show_tab("authors")
                author_list.highlighted = author_list.get_option_index(hit.target_id)
        else:
            await self.reveal_claim(hit.target_id)

    async def reveal_claim(self, claim_id: str) -> None:
        claim = self.index.claims[claim_id]
        await self.action_show_tab("thread")
        tree = self.query_one("#thread-tree")
        if not tree.reveal(claim.comment_id, ("claim", claim_id)):
            self.author_filter = self.crux_filter = None
            self.refresh_views()
            await self.action_show_tab("thread")
            tree.reveal(claim.comment_id, ("claim", claim_id))
        self._show_tree_node(tree.cursor_node)

    async def action_jump(self) -> None:
        """From a quote: to the comment it quotes. From a claim anywhere: to its comment in the tree."""
        if not self.loaded:
            return
        tabs = self.query_one("#tabs", TabbedContent)
        if tabs.active == "cruxes":
            if self.current_claim is not None:
                await self.reveal_claim(self.current_claim)
            return
        if tabs.active != "thread":
            return
        tree = self.query_one("#thread-tree")
        node = tree.cursor_node
        if node is None or node.data is None:
            return
        kind, ident = node.data
        if kind == "quote":
            source = self.index.quote_source(self.index.quotes[ident])
            if source is None:
                self.notify("The source of this quote is not in the thread.", severity="warning")
                return
            comment, claim = source
            item = ("claim", claim.claim_id) if claim is not None else None
            if not tree.reveal(comment.comment_id, item):
                self.author_filter = self.crux_filter = None
                self.refresh_views()
                tree.reveal(comment.comment_id, item)
            self._show_tree_node(tree.cursor_node)
        elif kind == "comment":
            parent = self.index.comments[ident].parent_id
            if parent in self.index.comments:
                tree.reveal(parent)
                self._show_tree_node(tree.cursor_node)

    def action_filter_author(self) -> None:
        if not self.loaded:
            return
        choices = [(a, self.index.author_label(a)) for a in self.index.author_ids()]

        def chosen(author_id: str | None) -> None:
            if author_id is not None:
                self.author_filter = author_id
                self.refresh_views()

        self.app.push_screen(PickScreen("Filter by author", choices), chosen)

    def action_filter_crux(self) -> None:
        if not self.loaded:
            return
        if not self.index.cruxes:
            self.notify("This thread has no cruxes to filter by.", severity="warning")
            return
        choices = [(x, self.index.cruxes[x].label) for x in self.index.crux_order]

        def chosen(crux_id: str | None) -> None:
            if crux_id is not None:
                self.crux_filter = crux_id
                self.refresh_views()

        self.app.push_screen(PickScreen("Filter by crux", choices), chosen)

    def action_clear_filters(self) -> None:
        if self.author_filter is not None or self.crux_filter is not None:
            self.author_filter = self.crux_filter = None
            self.refresh_views()


class SearchScreen(ModalScreen[SearchHit | None]):
    """Fuzzy search over claims and authors; Enter goes to the hit."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close"), Binding("down", "focus_results", "Results", show=False)]

    def __init__(self, index: MapIndex, author: str | None = None) -> None:
        super().__init__()
        self.index = index
        self.author = author
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(placeholder="search claims and authors (fuzzy)…", id="search-input")
            yield Static(Text("Type to search; ↓ to the results, Enter to go there, Esc to close.", style="dim"),
                         id="search-status")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        self.hits = self.index.search(query, author=self.author)
        results = self.query_one("#search-results", OptionList)
        options = []
        for i, hit in enumerate(self.hits):
            if hit.kind == "author":
                label = Text("author  ", style="dim")
                label.append(one_line(hit.text, 60), style="bold cyan")
            else:
                label = claim_label(self.index, self.index.claims[hit.target_id], with_author=True, width=80)
            options.append(Option(label, id=str(i)))
        results.set_options(options)
        status = self.query_one("#search-status", Static)
        if query.strip() and not self.hits:
            status.update(Text("No claim or author matches.", style="italic"))
        elif query.strip():
            status.update(Text(f"{len(self.hits)} matches", style="dim"))
        if self.hits:
            results.highlighted = 0

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self.hits:
            self.dismiss(self.hits[0])

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[int(event.option.id)])

    def action_focus_results(self) -> None:
        self.query_one("#search-results", OptionList).focus()


class PickScreen(ModalScreen[str | None]):
    """Choose one of a list (authors, cruxes); typing narrows the list."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close"), Binding("down", "focus_list", "List", show=False)]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Static(Text(self.heading, style="bold"))
            yield Input(placeholder="type to narrow…", id="pick-input")
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.choices], id="pick-list")

    def on_mount(self) -> None:
        self.query_one("#pick-input", Input).focus()
        self.query_one("#pick-list", OptionList).highlighted = 0 if self.choices else None

    @on(Input.Changed, "#pick-input")
    def _narrow(self, event: Input.Changed) -> None:
        low = event.value.lower()
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        options.add_options([Option(Text(label), id=key) for key, label in self.choices
                             if low in label.lower() or low in key.lower()])
        options.highlighted = 0 if options.option_count else None

    @on(Input.Submitted, "#pick-input")
    def _submitted(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.options[options.highlighted].id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one("#pick-list", OptionList).focus()


HELP = """\
argmap — keys

Everywhere
  ?          this help                 q / ctrl+q   quit
  p          back to the thread list   Tab          next pane

Thread list
  ↑ ↓ Enter  choose and open a thread  r            reload

In a thread
  c          crux map (each crux, its poles, the authors on each side, the claims behind it)
  t          thread: the reply tree; → or Enter expands a comment into its claims, quotes and replies
  a          authors: positions by author and the author × author matrix (row answers column)
  /          fuzzy search over claims and authors; Enter goes to the hit
  f          filter by author          x            filter by crux
  Esc        clear the filters
  g          on a quote: jump to the comment it quotes; on a reply: go to its parent;
             in the crux map: show the selected claim in the thread
{export}
Badges: [✔ agree] [✘ disagree] [◐ partial] [· neutral] [↺ concession]
⚑ marks claims on a side of a crux; ❝ marks quoted text.
The mouse works too: click tabs, rows, tree nodes and matrix cells.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close")]

    def compose(self) -> ComposeResult:
        export = "  e          export this thread to a self-contained HTML file\n" if self.app.can_export else ""
        with VerticalScroll(id="help-box"):
            yield Static(Text(HELP.format(export=export)), id="help-text")
