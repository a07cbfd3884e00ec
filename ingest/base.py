"""What every reader returns, and small helpers shared by readers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from argmap.models import ArgumentMap, Problem


@dataclass
class ReadResult:
    """Maps read from one input (one or more threads) and what was skipped or repaired."""

    maps: list[ArgumentMap] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: "ReadResult") -> None:
        self.maps.extend(other.maps)
        self.problems.extend(other.problems)


def content_id(text: str, n: int = 12) -> str:
    """Stable short hash of ``text`` (for ids of inputs that have none)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]
