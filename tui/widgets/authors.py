"""The authors view: each author's position (crux sides, who they agree and disagree with, their
claims) and the author × author matrix, whose cells list the exchanges behind them."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from argmap.tui.data import MapIndex
from argmap.tui.widgets.filters import Filters
from argmap.tui.widgets.render import author_position_text, exchanges_text, one_line


class AuthorMatrix(DataTable):
    """Author × author: row = who responds, column = to whom; cells count agree/disagree."""

    def show(self, index: MapIndex, authors: list[str]) -> None:
        self.clear(columns=True)
        self.cursor_type = "cell"
        cells = index.matrix()
        self.add_column(Text("responds ↓ to →", style="dim"), key="__row__")
        for a in authors:
            self.add_column(Text(one_line(index.author_label(a), 14), style="bold"), key=a)
        for a in authors:
            row: list[Text] = [Text(one_line(index.author_label(a), 16), style="bold cyan")]
            for b in authors:
                counts = cells.get((a, b))
                if a == b:
                    row.append(Text("·", style="dim"))
                elif not counts:
                    row.append(Text(""))
                else:
                    cell = Text()
                    agree = counts.get("agree", 0) + counts.get("concession", 0)
                    disagree = counts.get("disagree", 0)
                    other = sum(counts.values()) - agree - disagree
                    if agree:
                        cell.append(f"+{agree}", style="green")
                    if disagree:
                        cell.append(("/" if agree else "") + f"-{disagree}", style="red")
                    if other:
                        cell.append(("/" if agree or disagree else "") + f"~{other}", style="yellow")
                    row.append(cell)
            self.add_row(*row, key=a)


class AuthorsView(Horizontal):
    """The author list with the highlighted author's position, and the matrix with the selected
    cell's exchanges. ``show(index, filters)`` fills it from the whole map."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index: MapIndex | None = None
        self.current_cell: tuple[str, str] | None = None
        """The matrix cell whose exchanges are listed: (who responds, to whom)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="author-side"):
            yield OptionList(id="author-list")
            yield VerticalScroll(Static(id="author-position"), id="author-position-scroll")
        with Vertical(id="matrix-side"):
            yield AuthorMatrix(id="author-matrix")
            yield VerticalScroll(Static(id="exchanges"), id="exchanges-scroll")

    def show_loading(self) -> None:
        self.query_one("#author-position", Static).update(Text("Loading the whole thread…", style="dim"))

    def show(self, index: MapIndex, filters: Filters) -> None:
        self.index = index
        authors = index.author_ids()
        if filters.author is not None:
            authors = [a for a in authors if a == filters.author]
        crux = filters.crux_in(index)
        if crux is not None:
            on_crux = index.crux_authors(crux)
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
        self._show_matrix(index)

    def _show_matrix(self, index: MapIndex) -> None:
        matrix = self.query_one("#author-matrix", AuthorMatrix)
        exchanges = self.query_one("#exchanges", Static)
        matrix_authors = index.matrix_authors()
        if matrix_authors:
            matrix.display = True
            matrix.show(index, matrix_authors)
            exchanges.update(Text("Select a cell (row answers column) to list the exchanges behind it.", style="dim"))
        else:
            matrix.display = False
            exchanges.update(
                Text("Nobody answered anybody else here, so there is no author × author matrix.", style="dim"))

    def highlight(self, author_id: str) -> bool:
        """Highlight an author in the list; False when the filter hides them."""
        author_list = self.query_one("#author-list", OptionList)
        try:
            author_list.highlighted = author_list.get_option_index(author_id)
        except Exception:  # noqa: BLE001 - the author is hidden by a filter
            return False
        return True

    @on(OptionList.OptionHighlighted, "#author-list")
    def _author_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.index is not None and event.option.id is not None:
            self.query_one("#author-position", Static).update(author_position_text(self.index, event.option.id))

    @on(DataTable.CellHighlighted, "#author-matrix")
    @on(DataTable.CellSelected, "#author-matrix")
    def _cell(self, event) -> None:
        row, col = event.cell_key.row_key.value, event.cell_key.column_key.value
        if self.index is None or col == "__row__":
            return
        self.current_cell = (row, col)
        self.query_one("#exchanges", Static).update(exchanges_text(self.index, row, col))
