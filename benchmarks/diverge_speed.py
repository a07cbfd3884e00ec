"""``argmap diverge`` on a big thread: text output (the matrix of the most active authors) and
``--json``, each as a child process, wall seconds. Prints figures; not a timed test.

The thread: the first ``--comments`` comments of ``_threads.real_rows`` (every comment of the real
Reddit and Hacker News exports in ../shared/data/real, then DEBAGREEMENT's real Reddit comments),
reply links kept, ingested once with ``--stance features``. The goal is well under 2 s for the text
output on ~2,000 comments by ~1,200 authors.

Usage: python benchmarks/diverge_speed.py [--comments 2100] [--columns 120]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _threads import real_rows, write_jsonl  # noqa: E402

ARGMAP = [sys.executable, "-c", "from argmap.cli import main; main()"]


def timed(args: list[str], env: dict) -> tuple[float, str, str]:
    t0 = time.perf_counter()
    done = subprocess.run([*ARGMAP, *args], capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - t0, done.stdout, done.stderr


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=2100)
    ap.add_argument("--columns", type=int, default=120, help="terminal width given to the text output")
    args = ap.parse_args(argv)
    rows = real_rows("diverge-bench")[: args.comments]
    ids = {r["id"] for r in rows}
    for r in rows:
        if r["parent_id"] not in ids:
            r["parent_id"] = None
    env = {**os.environ, "COLUMNS": str(args.columns)}
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(rows, Path(tmp) / "thread.jsonl")
        store = str(Path(tmp) / "store")
        print(f"ingesting {len(rows)} comments ...", file=sys.stderr, flush=True)
        timed(["ingest", "--quiet", "--stance", "features", "--store", store, str(path)], env)
        authors = len({r["author"] for r in rows})
        # the child's start-up (imports) is in every figure: timed alone for comparison
        startup, _, _ = timed(["--help"], env)
        text_s, out, err = timed(["diverge", "--store", store, "diverge-bench"], env)
        json_s, js, _ = timed(["diverge", "--json", "--store", store, "diverge-bench"], env)
    print(f"thread: {len(rows)} comments, {authors} authors; terminal {args.columns} columns")
    print(f"argmap --help (start-up alone): {startup:.2f} s")
    print(f"argmap diverge (text): {text_s:.2f} s, {len(out.splitlines())} lines; stderr: {err.strip()}")
    print(f"argmap diverge --json: {json_s:.2f} s, {len(js)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
