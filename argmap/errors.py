"""Errors a user can cause. Each one leaves the CLI as a single line (no traceback).

The message says what was wrong, where (file, line, JSON path) and, when it helps, how to fix it.
This module imports nothing from the rest of argmap.
"""

from __future__ import annotations


class ArgmapError(Exception):
    """Base class for every error a user can cause. ``exit_code`` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, where: str | None = None, hint: str | None = None):
        self.message = message
        self.path = path
        self.where = where
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        place = ""
        if self.path and self.where:
            place = f"{self.path}: {self.where}: "
        elif self.path:
            place = f"{self.path}: "
        elif self.where:
            place = f"{self.where}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{place}{self.message}{hint}"


class UsageError(ArgmapError):
    """Wrong options or arguments."""

    exit_code = 2


class InputError(ArgmapError):
    """An input file cannot be read as the format it claims to be."""


class UnknownFormatError(InputError):
    """The format of an input could not be detected, or an unknown ``--format`` was given."""

    exit_code = 2


class UndetectedFormatError(UnknownFormatError):
    """No reader recognises an input: the file's fault, not the command line's (exit 1)."""

    exit_code = 1


class FetchError(InputError):
    """A thread could not be downloaded: unknown site, private or deleted thread, rate limit,
    network down, a cut-off response."""


class StrictModeError(InputError):
    """``--strict`` was given and some items were skipped or repaired; nothing was written."""


class StoreError(ArgmapError):
    """The store cannot be opened, read or written."""


class StoreIOError(StoreError, OSError):
    """The workspace cannot be read or written (disk full, read-only, not a directory, a lock in
    the way). Still an ``OSError`` for code that catches those; the CLI prints its one line."""


class StoreVersionError(StoreError):
    """The on-disk store was written by a newer (or unknown) argmap format version."""


class StoreConnectionError(StoreError):
    """A server store (Neo4j) cannot be reached or refused the credentials."""


class NotFoundError(ArgmapError):
    """A thread, author or crux that the user named is not in the store."""
