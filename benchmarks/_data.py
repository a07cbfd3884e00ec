"""Where benchmarks find the shared development data (never copied into the repository).

    from _data import shared_data_dir
    cmv = shared_data_dir("cmv")        # Path, or exits with a clear message when absent

The default is ``../shared/data`` next to the repository; ``ARGMAP_DATA`` overrides it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data_dir(*parts: str) -> Path:
    """The shared data folder (or a sub-path of it); exits with status 2 and a one-line reason
    when it is absent, so a benchmark never fails with a traceback on a machine without data."""
    root = Path(os.environ.get("ARGMAP_DATA") or DEFAULT_DATA)
    path = root.joinpath(*parts)
    if not path.exists():
        sys.exit(f"benchmark skipped: shared data absent: {path} "
                 "(put the development data there or set ARGMAP_DATA)")
    return path
