"""The argmap Textual app. ``make_app(store, thread_id)`` builds it for the CLI and the tests alike.

    >>> from argmap.graph.store import open_store
    >>> make_app(open_store(".argmap"), "demo-grid").run()     # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App
from textual.binding import Binding

from argmap.graph.store import GraphStore
from argmap.tui.screens import HelpScreen, MapScreen, ThreadPickerScreen


class ArgmapApp(App):
    """Browse the threads of a store: the thread picker, then each thread's crux map."""

    CSS_PATH = "argmap.tcss"
    TITLE = "argmap"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("e", "export_html", "Export HTML"),
    ]

    def __init__(self, store: GraphStore, thread_id: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.initial_thread = thread_id
        self.auto_open = thread_id is None
        """Open the only thread of a one-thread store straight away (once)."""
        # Set from the messages the map screen posts (``MapScreen.Painted`` / ``Loaded``).
        self.map_painted_at: float | None = None
        """``time.perf_counter()`` when the last opened thread's crux map was first painted."""
        self.map_painted_cpu: float | None = None
        """``time.process_time()`` at that moment (CPU seconds of the whole process, all threads)."""
        self.map_loaded_at: float | None = None
        """``time.perf_counter()`` when the whole map of the last opened thread was loaded."""
        self.shown_threads: list[str] = []
        self.export_dir = "."
        """Where ``e`` writes ``<thread id>.html`` (the current directory)."""
        self.exported: list[str] = []

    def on_mount(self) -> None:
        # Opened on a thread, the app does not read the thread list until it is asked for.
        if self.initial_thread is not None:
            self.open_thread(self.initial_thread)
        else:
            self.push_screen(ThreadPickerScreen())

    def open_thread(self, thread_id: str) -> None:
        self.push_screen(MapScreen(thread_id))

    def show_threads(self) -> None:
        """Back to the thread list (building it when the app was opened on a thread)."""
        if any(isinstance(s, ThreadPickerScreen) for s in self.screen_stack[:-1]):
            self.pop_screen()
        else:
            self.switch_screen(ThreadPickerScreen())

    @on(MapScreen.Painted)
    def _map_painted(self, message: MapScreen.Painted) -> None:
        """A thread's crux map was first painted (the message carries when)."""
        self.map_painted_at, self.map_painted_cpu = message.at, message.cpu
        self.shown_threads.append(message.thread_id)

    @on(MapScreen.Loaded)
    def _map_loaded(self, message: MapScreen.Loaded) -> None:
        """A thread's whole map (thread and authors views, search) is loaded."""
        self.map_loaded_at = message.at

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- HTML export ----------------------------------------------------------------------------
    @property
    def can_export(self) -> bool:
        return _html_exporter() is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export_html":
            return self.can_export and isinstance(self.screen, MapScreen) and self.screen.loaded
        return True

    def action_export_html(self) -> None:
        screen = self.screen
        exporter = _html_exporter()
        if exporter is None or not isinstance(screen, MapScreen) or not screen.loaded:
            return
        amap = screen.index.amap
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in amap.thread_id)
        path = str((Path(self.export_dir) / f"{safe}.html").resolve())

        def run() -> None:
            try:
                exporter(amap, path)
            except Exception as exc:  # noqa: BLE001 - reported in the app, which stays up
                self.call_from_thread(self.notify, f"Export failed: {exc}", severity="error", markup=False)
                return
            self.exported.append(path)
            self.call_from_thread(self.notify, f"Exported {amap.thread_id} to {path}", markup=False)

        self.run_worker(run, thread=True, group="export", name="export-html")


def _html_exporter():
    """A function ``(amap, path)`` writing the self-contained HTML page, when the exporter is installed."""
    try:
        from argmap.export import EXPORT_FORMATS, export_map
    except ImportError:
        return None
    if "html" not in EXPORT_FORMATS:
        return None
    return lambda amap, path: export_map(amap, "html", path)


def make_app(store: GraphStore, thread_id: str | None = None) -> ArgmapApp:
    """The app on ``store``, opened on ``thread_id`` (or on the thread list; a store with a single
    thread opens it directly)."""
    return ArgmapApp(store, thread_id)
