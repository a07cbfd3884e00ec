"""Screens of the argmap TUI: thread picker, the map (crux map · thread · authors), search,
filter choosers and help. Store reads run in thread workers that post messages; the views of a
thread are widgets of ``argmap.tui.widgets``, which the map screen composes and fills."""

from __future__ import annotations

import time

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from argmap.tui.data import MapIndex, SearchHit, thread_rows
from argmap.tui.widgets import AuthorsView, CruxView, Filters, KeyFooter, StatusLine, ThreadView, claim_label, one_line


PICKER_COLUMNS = ("thread", "title", "comments", "authors", "claims", "cruxes")


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
        self._set_columns([])
        self.load_threads()

    def _set_columns(self, cells: list[tuple]) -> None:
        """The table's columns, each as wide as its widest cell. (Left to itself the table sizes them
        when idle, and a frame painted before that stays cut to the headers' widths.)"""
        table = self.query_one("#thread-table", DataTable)
        table.clear(columns=True)
        for i, label in enumerate(PICKER_COLUMNS):
            width = max([cell_len(label)] + [cell_len(row[i].plain if isinstance(row[i], Text) else str(row[i]))
                                             for row in cells])
            table.add_column(label, key=label, width=width)

    class ThreadsRead(Message):
        """From ``load_threads``: the store's threads, one row each."""

        def __init__(self, rows: list) -> None:
            super().__init__()
            self.rows = rows

    class ReadFailed(Message):
        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    @work(thread=True, exclusive=True, group="store")
    def load_threads(self) -> None:
        try:
            rows = thread_rows(self.app.store.list_threads())
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app stays up
            self.post_message(self.ReadFailed(exc))
            return
        self.post_message(self.ThreadsRead(rows))

    @on(ReadFailed)
    def _show_error(self, message: ReadFailed) -> None:
        self.query_one("#picker-message", Static).update(
            Text(f"Cannot read the store: {message.error}", style="bold red"))

    @on(ThreadsRead)
    def _threads_read(self, message: ThreadsRead) -> None:
        self._show_threads(message.rows)

    def _show_threads(self, rows) -> None:
        table = self.query_one("#thread-table", DataTable)
        table.clear()
        cells = [(Text(s.thread_id, style="bold"), Text(one_line(s.title or "", 60)),
                  s.comments, s.authors, s.claims, s.cruxes, s.thread_id) for s in rows]
        self._set_columns(cells)
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
        for *row, key in cells:
            table.add_row(*row, key=key)
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


NEEDS_WHOLE_MAP = ("search", "filter_author", "filter_crux", "jump")
"""Actions offered once the whole map is loaded (the footer shows them dimmed until then)."""
VIEWS = {"cruxes": CruxView, "thread": ThreadView, "authors": AuthorsView}
"""Each tab of a thread and the widget that shows it (``#<tab>-view``)."""


class MapScreen(Screen):
    """One thread: the crux map (default), the reply tree and the authors, with filters and search.

    It opens in two reads: ``read_crux_view`` reads the store's small crux view, whose message
    paints the crux map; after that first paint ``read_whole_map`` reads the whole map for the
    other views. The thread and authors views are mounted the first time they are shown. The
    screen posts ``Painted`` and ``Loaded`` (they bubble to the app) when each read is on screen."""

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

    class MapRead(Message):
        """From a read worker: the crux view (``whole`` False) or the whole map of the thread."""

        def __init__(self, index: MapIndex, whole: bool) -> None:
            super().__init__()
            self.index, self.whole = index, whole

    class ReadFailed(Message):
        """From a read worker: the store could not give the thread (the text says why)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Painted(Message):
        """The crux map of ``thread_id`` is on screen: ``at`` (``perf_counter``) and ``cpu``
        (``process_time``) are taken right after the refresh that showed it."""

        def __init__(self, thread_id: str) -> None:
            super().__init__()
            self.thread_id = thread_id
            self.at, self.cpu = time.perf_counter(), time.process_time()

    class Loaded(Message):
        """The whole map of ``thread_id`` is loaded (``at``: ``perf_counter``); every view can show it."""

        def __init__(self, thread_id: str) -> None:
            super().__init__()
            self.thread_id = thread_id
            self.at = time.perf_counter()

    def __init__(self, thread_id: str) -> None:
        super().__init__()
        self.thread_id = thread_id
        self.index: MapIndex | None = None
        """What is shown: the crux view at first, then the whole map (``loaded``)."""
        self.loaded = False
        """Whether ``index`` holds the whole map (not only the crux view)."""
        self.filters = Filters()
        self._stale: set[str] = set()
        """Tabs whose views still show an older state; each is filled when it is shown."""
        self._panes: dict[str, object] = {}
        """The thread and authors views being mounted (tab id -> its ``AwaitMount``)."""
        self._built: set[str] = {"cruxes"}
        """Tabs whose views are mounted."""

    def compose(self) -> ComposeResult:
        self.read_crux_view()  # the read overlaps the mounting, so the first frame can show the crux map
        yield Header()
        yield StatusLine(Text(f"Loading {self.thread_id}…"), id="status")
        with TabbedContent(initial="cruxes", id="tabs"):
            with TabPane("Crux map", id="cruxes"):
                yield CruxView(id="cruxes-view")
            # Mounted the first time they are shown (``_build_pane``): a cheaper first paint.
            yield TabPane("Thread", id="thread")
            yield TabPane("Authors", id="authors")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.thread_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_WHOLE_MAP and not self.loaded:
            return None
        return True

    # -- what the views and tests read ----------------------------------------------------------
    @property
    def author_filter(self) -> str | None:
        return self.filters.author

    @property
    def crux_filter(self) -> str | None:
        return self.filters.crux

    @property
    def current_crux(self) -> str | None:
        return self.query_one("#cruxes-view", CruxView).current_crux

    @property
    def current_claim(self) -> str | None:
        return self.query_one("#cruxes-view", CruxView).current_claim

    @property
    def current_cell(self) -> tuple[str, str] | None:
        views = self.query("#authors-view")
        return views.first(AuthorsView).current_cell if views else None

    def _view(self, tab: str):
        return self.query_one(f"#{tab}-view", VIEWS[tab])

    @property
    def _active_tab(self) -> str:
        return self.query_one("#tabs", TabbedContent).active or "cruxes"

    # -- loading: workers read the store and post messages ---------------------------------------
    @work(thread=True, exclusive=True, group="store")
    def read_crux_view(self) -> None:
        """Read the store's crux view (enough to paint the crux map)."""
        try:
            view = MapIndex(self.app.store.crux_view(self.thread_id))
        except Exception as exc:  # noqa: BLE001 - an unknown id or unreadable store is shown, not raised
            self.post_message(self.ReadFailed(f"Cannot open {self.thread_id}: {exc}"))
            return
        self.post_message(self.MapRead(view, False))

    @work(thread=True, exclusive=True, group="store")
    def read_whole_map(self) -> None:
        """Read the whole map for the thread and authors views, search and filters (started once
        the crux map is painted, so the two do not share the CPU)."""
        worker = get_current_worker()
        try:
            index = MapIndex(self.app.store.get_map(self.thread_id))
        except Exception as exc:  # noqa: BLE001
            self.post_message(self.ReadFailed(f"Cannot read all of {self.thread_id}: {exc}"))
            return
        if worker.is_cancelled:
            return
        self.post_message(self.MapRead(index, True))
        index.prepare_search()  # off the UI thread, so the first search is as quick as the next

    @on(ReadFailed)
    def _read_failed(self, message: ReadFailed) -> None:
        self.query_one("#status", StatusLine).say(message.text, "bold red")

    @on(MapRead)
    async def _map_read(self, message: MapRead) -> None:
        first = self.index is None
        index = message.index
        self.index, self.loaded = index, message.whole
        self.title = index.amap.thread.title or index.thread_id
        if first:
            self.refresh_views()
            await self.action_show_tab(self._active_tab)
            self.call_after_refresh(self._first_paint)
            return
        # The crux map already shows what the whole map would (the crux view holds all it needs),
        # so its lists and the user's place in them stay; the other views fill from the whole map.
        self._stale |= {"thread", "authors"}
        self._show_status_line()
        self._fill_tab(self._active_tab)
        self.app.refresh_bindings()  # search, filters, jumps and `e` (export) are offered now
        self.post_message(self.Loaded(self.thread_id))

    def _first_paint(self) -> None:
        self.post_message(self.Painted(self.thread_id))
        if not self.loaded:
            self.read_whole_map()

    # -- filling the views ------------------------------------------------------------------------
    def _show_status_line(self) -> None:
        self.query_one("#status", StatusLine).show_counts(self.index, self.loaded, self.filters)
        if self.loaded:
            described = self.filters.describe(self.index)
            self.sub_title = "; ".join(described) if described else self.index.amap.thread_id

    def refresh_views(self) -> None:
        """Show the index under the current filters: the visible tab now, the others when shown
        (so the first paint of a large thread only builds the crux map)."""
        if self.index is None:
            return
        self._show_status_line()
        self._stale = set(VIEWS)
        self._fill_tab(self._active_tab)

    async def _build_pane(self, tab: str) -> None:
        """Mount the view of the thread or authors tab (once)."""
        if tab in self._built:
            return
        if tab not in self._panes:
            self._panes[tab] = self.query_one(f"#{tab}", TabPane).mount(VIEWS[tab](id=f"{tab}-view"))
        await self._panes[tab]
        self._built.add(tab)

    def _fill_tab(self, tab: str) -> None:
        if self.index is None or tab not in self._stale:
            return
        if tab != "cruxes":
            if tab not in self._built:
                return  # filled when shown
            if not self.loaded:
                self._view(tab).show_loading()
                return
        self._stale.discard(tab)
        if tab == "thread":
            self._view(tab).show(self.index, self.index.visible_comments(self.filters.author, self.filters.crux))
        else:
            self._view(tab).show(self.index, self.filters)

    @on(TabbedContent.TabActivated, "#tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        await self._build_pane(event.pane.id)  # a click on the tab
        self._fill_tab(event.pane.id)

    @on(ThreadView.JumpRequested)
    async def _jump_requested(self) -> None:
        await self.action_jump()

    # -- actions --------------------------------------------------------------------------------
    async def action_show_tab(self, tab: str) -> None:
        await self._build_pane(tab)
        self.query_one("#tabs", TabbedContent).active = tab
        self._fill_tab(tab)
        view = self._view(tab)
        widget = view.focus_target if tab == "cruxes" else view.query_one(
            "#thread-tree" if tab == "thread" else "#author-list")
        if self.focused is not widget:  # a focus change rebuilds the footer: skip it when we can
            widget.focus()

    def action_threads(self) -> None:
        self.app.show_threads()

    def _clear_filters_and_refresh(self) -> None:
        self.filters.clear()
        self.refresh_views()

    def action_search(self) -> None:
        if not self.loaded:
            return

        async def chosen(hit: SearchHit | None) -> None:
            if hit is not None:
                await self.go_to_hit(hit)

        self.app.push_screen(SearchScreen(self.index, self.filters.author), chosen)

    async def go_to_hit(self, hit: SearchHit) -> None:
        if hit.kind == "author":
            await self.action_show_tab("authors")
            if not self._view("authors").highlight(hit.target_id):
                self._clear_filters_and_refresh()
                await self.action_show_tab("authors")
                self._view("authors").highlight(hit.target_id)
        else:
            await self.reveal_claim(hit.target_id)

    async def reveal_claim(self, claim_id: str) -> None:
        claim = self.index.claims[claim_id]
        await self.action_show_tab("thread")
        view = self._view("thread")
        if not view.reveal(claim.comment_id, ("claim", claim_id)):
            self._clear_filters_and_refresh()
            await self.action_show_tab("thread")
            view.reveal(claim.comment_id, ("claim", claim_id))

    async def action_jump(self) -> None:
        """From a quote: to the comment it quotes. From a reply: to its parent. From a claim in the
        crux map: to its comment in the tree."""
        if not self.loaded:
            return
        tab = self._active_tab
        if tab == "cruxes":
            if self.current_claim is not None:
                await self.reveal_claim(self.current_claim)
            return
        if tab != "thread":
            return
        view = self._view("thread")
        hidden = view.jump()
        if hidden is not None:
            self._clear_filters_and_refresh()
            view.reveal(*hidden)

    def action_filter_author(self) -> None:
        if not self.loaded:
            return
        choices = [(a, self.index.author_label(a)) for a in self.index.author_ids()]

        def chosen(author_id: str | None) -> None:
            if author_id is not None:
                self.filters.author = author_id
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
                self.filters.crux = crux_id
                self.refresh_views()

        self.app.push_screen(PickScreen("Filter by crux", choices), chosen)

    def action_clear_filters(self) -> None:
        if self.filters.active:
            self._clear_filters_and_refresh()


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
