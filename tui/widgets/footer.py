"""The key footer of every screen."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change. Textual rebuilds it on every
    bindings signal (screen shown, app focus, first focus...): four rebuilds of a dozen key widgets
    before a thread's first paint, about 60 ms of the 0.25 s a 6-comment thread took."""

    _keys_shown: tuple | None = None

    def _keys(self) -> tuple:
        return (self.compact, self.show_command_palette,
                tuple((b.key, b.action, b.description, enabled, tooltip)
                      for _, b, enabled, tooltip in self.screen.active_bindings.values() if b.show))

    async def recompose(self) -> None:
        keys = self._keys()
        if keys != self._keys_shown:
            self._keys_shown = keys
            await super().recompose()
