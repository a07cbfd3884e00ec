"""Widgets of the argmap TUI: one per view of a thread, each filled by ``show(index, ...)``.

- ``cruxes.CruxView``: the crux map (crux list, poles, the claims behind them, a claim in detail);
- ``thread.ThreadView``: the lazily built reply tree and the selected node in detail, with jumps;
- ``authors.AuthorsView``: each author's position and the author × author matrix;
- ``filters``: the author / crux filters and the status line; ``footer.KeyFooter``;
- ``render``: the ``rich.text.Text`` renderers they share (untrusted text is never parsed as markup).
"""

from argmap.tui.widgets.authors import AuthorMatrix, AuthorsView
from argmap.tui.widgets.cruxes import ClaimList, CruxView
from argmap.tui.widgets.filters import Filters, StatusLine
from argmap.tui.widgets.footer import KeyFooter
from argmap.tui.widgets.render import (
    author_position_text, badge, claim_detail, claim_label, comment_body, comment_detail, comment_label, crux_header,
    crux_option, exchanges_text, one_line, quote_detail, quote_label,
)
from argmap.tui.widgets.thread import ThreadTree, ThreadView

__all__ = [
    "AuthorMatrix", "AuthorsView", "ClaimList", "CruxView", "Filters", "KeyFooter", "StatusLine", "ThreadTree",
    "ThreadView", "author_position_text", "badge", "claim_detail", "claim_label", "comment_body", "comment_detail",
    "comment_label", "crux_header", "crux_option", "exchanges_text", "one_line", "quote_detail", "quote_label",
]
