"""The thread view: the reply tree (built lazily) and the selected comment, claim or quote in detail;
``g`` jumps from a quote to the comment it quotes, from a reply to its parent."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from argmap.tui.data import MapIndex
from argmap.tui.widgets.render import claim_detail, claim_label, comment_detail, comment_label, quote_detail, quote_label

LOADING = "Loading the whole thread…"


class ThreadTree(Tree[tuple[str, str]]):
    """The reply tree. Nodes are created on expand, so a 10,000-comment thread costs only what is
    on screen. Node data is ``(kind, id)`` with kind ``comment``, ``claim`` or ``quote``."""

    BINDINGS = [
        Binding("right", "open_node", "Expand", show=False),
        Binding("left", "close_node", "Collapse", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("thread", **kwargs)
        self.show_root = False
        self.guide_depth = 3
        self.index: MapIndex | None = None
        self.shown: set[str] | None = None
        self._comment_nodes: dict[str, TreeNode] = {}
        self._loaded: set[int] = set()

    def load(self, index: MapIndex, visible: set[str] | None = None) -> None:
        """Show the thread's top-level comments (their replies load when expanded)."""
        self.index, self.shown = index, visible
        self.clear()
        self._comment_nodes.clear()
        self._loaded.clear()
        for cid in index.roots:
            if visible is None or cid in visible:
                self._add_comment(self.root, cid)
        self.root.expand()
        roots = list(self.root.children)
        if len(roots) == 1:  # a post with its replies: open the post
            self.expand_node(roots[0])
        if roots:
            self.move_cursor(roots[0])

    def _add_comment(self, parent: TreeNode, comment_id: str) -> TreeNode:
        index = self.index
        comment = index.comments[comment_id]
        has_content = bool(index.claims_of.get(comment_id) or index.quotes_by_comment.get(comment_id)
                           or index.children.get(comment_id))
        node = parent.add(comment_label(index, comment), data=("comment", comment_id), allow_expand=has_content)
        self._comment_nodes[comment_id] = node
        return node

    def populate(self, node: TreeNode) -> None:
        """Create a comment node's children (its quotes and claims in text order, then its replies)."""
        if node.id in self._loaded or node.data is None or node.data[0] != "comment":
            return
        self._loaded.add(node.id)
        index = self.index
        comment_id = node.data[1]
        parts: list[tuple[int, str, object]] = [
            (q.start, "quote", q) for q in index.quotes_by_comment.get(comment_id, ())]
        parts += [(cl.start, "claim", cl) for cl in index.claims_of.get(comment_id, ())]
        for _, kind, item in sorted(parts, key=lambda p: p[0]):
            if kind == "quote":
                node.add_leaf(quote_label(index, item), data=("quote", item.quote_id))
            else:
                node.add_leaf(claim_label(index, item), data=("claim", item.claim_id))
        for child in index.children.get(comment_id, ()):
            if self.shown is None or child in self.shown:
                self._add_comment(node, child)

    def expand_node(self, node: TreeNode) -> None:
        self.populate(node)
        node.expand()

    def action_open_node(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            self.expand_node(node)

    def action_close_node(self) -> None:
        """Collapse the node, or go to its parent when it is a leaf or already collapsed."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        self.populate(event.node)

    def reveal(self, comment_id: str, item: tuple[str, str] | None = None) -> bool:
        """Expand the path to a comment and put the cursor on it (or on one of its claims/quotes).
        False when the comment is hidden by the current filter."""
        if self.index is None or comment_id not in self.index.comments:
            return False
        path = self.index.ancestors(comment_id) + [comment_id]
        if self.shown is not None and not all(c in self.shown for c in path):
            return False
        node = None
        for cid in path:
            if node is not None:
                self.expand_node(node)
            node = self._comment_nodes.get(cid)
            if node is None:
                return False
        target = node
        if item is not None:
            self.expand_node(node)
            target = next((ch for ch in node.children if ch.data == item), node)
        _ = self.last_line  # rebuild line numbers after the expansions
        self.move_cursor(target)
        self.scroll_to_node(target, animate=False)
        return True


Target = tuple[str, "tuple[str, str] | None"]
"""Where a jump goes: a comment id and, optionally, one of its items (``("claim", id)``)."""


class ThreadView(Horizontal):
    """The reply tree and the detail pane. ``show(index, visible)`` fills it from the whole map."""

    class JumpRequested(Message):
        """Enter on a quote: the screen jumps to its source (as ``g`` does)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index: MapIndex | None = None
        """The whole map, once shown (``None`` while it loads)."""

    def compose(self) -> ComposeResult:
        yield ThreadTree(id="thread-tree")
        yield VerticalScroll(Static(id="thread-detail"), id="thread-detail-scroll")

    @property
    def tree(self) -> ThreadTree:
        return self.query_one("#thread-tree", ThreadTree)

    def show_loading(self) -> None:
        self.query_one("#thread-detail", Static).update(Text(LOADING, style="dim"))

    def show(self, index: MapIndex, visible: set[str] | None) -> None:
        self.index = index
        self.tree.load(index, visible)
        self.show_node(self.tree.cursor_node)

    def show_node(self, node: TreeNode | None) -> None:
        detail = self.query_one("#thread-detail", Static)
        index = self.index
        if index is None:
            detail.update(Text(LOADING, style="dim"))
            return
        if node is None or node.data is None:
            detail.update(Text("This thread has no comments." if not index.comments else "Nothing matches the filter.",
                               style="dim"))
            return
        kind, ident = node.data
        if kind == "comment":
            detail.update(comment_detail(index, ident))
        elif kind == "claim":
            detail.update(claim_detail(index, ident))
        else:
            detail.update(quote_detail(index, ident))

    def reveal(self, comment_id: str, item: tuple[str, str] | None = None) -> bool:
        """Put the cursor on a comment (or one of its items) and show it; False when it is filtered out."""
        if not self.tree.reveal(comment_id, item):
            return False
        self.show_node(self.tree.cursor_node)
        return True

    def jump(self) -> Target | None:
        """From the cursor: to a quote's source comment (and claim), or from a reply to its parent.
        Returns the quote's source when the filter hides it (the caller clears the filter, then
        reveals it), else ``None``."""
        node = self.tree.cursor_node
        if self.index is None or node is None or node.data is None:
            return None
        kind, ident = node.data
        if kind == "quote":
            source = self.index.quote_source(self.index.quotes[ident])
            if source is None:
                self.notify("The source of this quote is not in the thread.", severity="warning")
                return None
            comment, claim = source
            target = comment.comment_id, (("claim", claim.claim_id) if claim is not None else None)
            return None if self.reveal(*target) else target
        if kind == "comment":
            parent = self.index.comments[ident].parent_id
            if parent in self.index.comments:
                self.reveal(parent)
        return None

    @on(Tree.NodeHighlighted, "#thread-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show_node(event.node)

    @on(Tree.NodeSelected, "#thread-tree")
    def _selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None and event.node.data[0] == "quote":
            self.post_message(self.JumpRequested())
