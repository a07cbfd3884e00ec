"""The crux map view: the list of cruxes, the selected crux's poles and the claims behind it, and
the selected claim in detail."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from argmap.tui.data import MapIndex
from argmap.tui.widgets.filters import Filters
from argmap.tui.widgets.render import claim_detail, claim_label, crux_header, crux_option

NO_CRUXES = ("No cruxes were found in this thread: nobody's disagreement turns on a contrast of "
             "two concepts (or everybody agrees).\nPress t for the reply tree, a for who agrees "
             "with whom, / to search the claims.")


class ClaimList(OptionList):
    """The claims behind a crux, grouped by pole. Highlighting a claim posts ``ClaimList.Selected``.
    A claim may stand on two poles (it names both concepts), so option ids are ``<pole>:<claim id>``."""

    class Selected(Message):
        def __init__(self, claim_id: str) -> None:
            super().__init__()
            self.claim_id = claim_id

    def show_crux(self, index: MapIndex, crux_id: str | None, author: str | None = None) -> None:
        self.clear_options()
        if crux_id is None:
            return
        crux = index.cruxes[crux_id]
        options: list[Option] = []
        for i, pole in enumerate(crux.poles):
            claims = [index.claims[c] for c in dict.fromkeys(pole.claim_ids) if c in index.claims]
            if author is not None:
                claims = [c for c in claims if index.claim_author(c.claim_id) == author]
            options.append(Option(Text(f"{'AB'[i] if i < 2 else i + 1}  {pole.concept}  ({len(claims)})",
                                       style="bold reverse"), disabled=True))
            for cl in claims:
                options.append(Option(claim_label(index, cl, with_author=True, width=70), id=f"{i}:{cl.claim_id}"))
        self.add_options(options)
        first = next((k for k, o in enumerate(self.options) if not o.disabled), None)
        self.highlighted = first

    @staticmethod
    def claim_of(option: Option) -> str | None:
        return option.id.split(":", 1)[1] if option.id else None

    @property
    def claim_ids(self) -> list[str]:
        """The listed claims, in order (a claim on two poles is listed twice)."""
        return [self.claim_of(o) for o in self.options if o.id is not None]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.post_message(self.Selected(self.claim_of(event.option)))


class CruxView(Horizontal):
    """The crux map. ``show(index, filters)`` fills it; highlighting a crux or a claim shows it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index: MapIndex | None = None
        self.current_crux: str | None = None
        self.current_claim: str | None = None
        self._author: str | None = None
        """The author filter the claim lists were built with."""

    def compose(self) -> ComposeResult:
        yield OptionList(id="crux-list")
        with Vertical(id="crux-main"):
            yield Static(id="crux-header")
            yield ClaimList(id="crux-claims")
            with VerticalScroll(id="claim-detail-scroll"):
                yield Static(id="claim-detail")

    @property
    def focus_target(self) -> Widget:
        """The crux list, or the claim list when there is no crux list to show."""
        crux_list = self.query_one("#crux-list", OptionList)
        return crux_list if crux_list.display else self.query_one("#crux-claims", ClaimList)

    def show(self, index: MapIndex, filters: Filters) -> None:
        self.index, self._author = index, filters.author
        crux_list = self.query_one("#crux-list", OptionList)
        crux_list.clear_options()
        crux_ids = index.crux_ids(filters.author, filters.crux)
        if not crux_ids:
            self.query_one("#crux-claims", ClaimList).clear_options()
            why = "No crux matches the current filter (Esc clears it)." if index.amap.cruxes else NO_CRUXES
            self.query_one("#crux-header", Static).update(Text(why, style="italic"))
            self.query_one("#claim-detail", Static).update(Text(""))
            crux_list.display = False
            return
        crux_list.display = True
        self.current_crux = None
        crux_list.add_options([Option(crux_option(index, x), id=x) for x in crux_ids])
        crux_list.highlighted = 0
        self.show_crux(crux_ids[0])

    def show_crux(self, crux_id: str) -> None:
        self.current_crux = crux_id
        self.query_one("#crux-header", Static).update(crux_header(self.index, crux_id))
        claims = self.query_one("#crux-claims", ClaimList)
        claims.show_crux(self.index, crux_id, self._author)
        if claims.highlighted is None:
            self.query_one("#claim-detail", Static).update(Text("No claim of this crux matches the filter.",
                                                                 style="dim"))
        else:
            self.show_claim(claims.claim_of(claims.options[claims.highlighted]))

    def show_claim(self, claim_id: str) -> None:
        self.current_claim = claim_id
        self.query_one("#claim-detail", Static).update(claim_detail(self.index, claim_id))

    @on(OptionList.OptionHighlighted, "#crux-list")
    def _crux_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        crux_id = event.option.id
        if self.index is not None and crux_id in self.index.cruxes and crux_id != self.current_crux:
            self.show_crux(crux_id)

    @on(ClaimList.Selected)
    def _claim_selected(self, event: ClaimList.Selected) -> None:
        if self.index is not None:
            self.show_claim(event.claim_id)
