"""The filters of a thread's views (one author, one crux) and the status line that names them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from argmap.tui.data import MapIndex


@dataclass
class Filters:
    """What every view of a thread is narrowed to: one author's contributions, one crux's."""

    author: str | None = None
    crux: str | None = None

    @property
    def active(self) -> bool:
        return self.author is not None or self.crux is not None

    def clear(self) -> None:
        self.author = self.crux = None

    def crux_in(self, index: MapIndex) -> str | None:
        """The crux filter when that crux is in ``index`` (a filter left from another map is ignored)."""
        return self.crux if self.crux is not None and self.crux in index.cruxes else None

    def describe(self, index: MapIndex) -> list[str]:
        """``author = …``, ``crux = …``: one phrase per filter set."""
        out = []
        if self.author is not None:
            out.append(f"author = {index.author_label(self.author)}")
        crux = self.crux_in(index)
        if crux is not None:
            out.append(f"crux = {index.cruxes[crux].label}")
        return out


class StatusLine(Static):
    """One line above the views: loading, errors, the thread's counts and the filters in force."""

    def say(self, message: str, style: str = "") -> None:
        self.update(Text(message, style=style))

    def show_counts(self, index: MapIndex, loaded: bool, filters: Filters) -> None:
        amap = index.amap
        if not loaded:
            self.say(f"{len(amap.cruxes)} cruxes · loading the whole thread…", "dim")
            return
        described = filters.describe(index)
        status = (f"{len(amap.comments)} comments · {len(index.authors) or len(index.comment_count_by_author)} "
                  f"authors · {len(amap.claims)} claims · {len(amap.cruxes)} cruxes")
        self.say(status + (f"   filter: {'; '.join(described)} (Esc clears)" if described else ""),
                 "bold" if described else "dim")
