"""Ingest speed: the whole ``argmap ingest`` CLI (a child process) against the bare models doing the
same work, in one run, as a ratio. Prints figures; not a timed test.

Inputs (JSONL threads written to a temporary folder, built by ``_threads.py`` from ../shared/data):
  (a) quote-heavy: the IAC 4forums threads, every gold quote written as a ``>`` quote;
  (b) real Reddit mix: every comment of the real Reddit / Hacker News exports plus DEBAGREEMENT
      (>= 200k words);
  (c) synthetic: 10,000 comments / ~1M words of distinct real debate texts (no verbatim repeats).

For each input and stance (``--stance features`` and the default ``model``):
  * ingest: ``argmap ingest --quiet --json --replace --processes P --stance S FILE`` in a child
    process: wall seconds, peak RSS of the child (``os.wait4``'s rusage: the largest of the child and
    its own children, i.e. spaCy's worker processes), and its seconds per stage (``ingest --json``);
  * bare: in this process, ``nlp.pipe`` over the same comment texts with the same components and
    ``n_process=P`` (the texts as argmap's reader makes them), plus, for the model stance, the
    network alone (``StanceModel.logits``) on every reply -> parent pair of texts, one pair per call
    as argmap runs it (the quote-level pairs argmap adds are not in the bare side: the ratio is, if
    anything, unfair to argmap);
  * ratio = ingest wall / bare wall. Goals: <= 1.2 on (a) and (b); (c) <= 150 s and <= 2 GB with
    ``--stance features``.

``--linearity``: per-stage seconds of the ingest (features stance) at 1k / 4k / 16k comments of
distinct real texts (one source text each), and the seconds per 1,000 comments.

Usage: python benchmarks/ingest.py [--inputs a,b,c] [--stances features,model] [--processes P]
                                   [--linearity] [--json]
Progress goes to stderr, figures to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _threads import distinct_rows, quote_heavy_rows, real_rows, words, write_jsonl  # noqa: E402

ARGMAP = [sys.executable, "-c", "from argmap.cli import main; main()"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_ingest(path: Path, store: Path, *, stance: str, processes: int) -> dict:
    """Wall seconds, peak RSS (MB) and the ``--json`` summary of one CLI ingest in a child process."""
    cmd = [*ARGMAP, "ingest", "--quiet", "--json", "--replace", "--store", str(store), "--stance", stance,
           "--processes", str(processes), str(path)]
    out = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace")
    if child.returncode:
        raise SystemExit(f"benchmark: argmap ingest failed ({child.returncode}): {stderr.strip()[-500:]}")
    out.seek(0)
    summary = json.loads(out.read())
    return {"wall": wall, "peak_mb": usage.ru_maxrss / 1024, "seconds": summary["seconds"],
            "comments": summary["comments"], "relations": summary["relations"], "quotes": summary["quotes"]}


def bare(path: Path, *, processes: int, model: bool) -> dict:
    """The bare models on the same texts: ``nlp.pipe`` (+ the stance network on the reply pairs)."""
    from argmap.ingest import read_path
    from argmap.nlp import load_nlp

    comments = [c for m in read_path(path).maps for c in m.comments]
    nlp = load_nlp()
    t0 = time.perf_counter()
    for _doc in nlp.pipe((c.text for c in comments), batch_size=64, n_process=processes):
        pass
    parse = time.perf_counter() - t0
    out = {"parse": parse, "stance_model": 0.0, "pairs": 0}
    if model:
        from argmap.analysis.stance.model import load_model

        net = load_model()
        by_id = {c.comment_id: c for c in comments}
        pairs = [(by_id[c.parent_id].text, c.text) for c in comments if c.parent_id in by_id]
        t0 = time.perf_counter()
        net.logits(pairs)
        out["stance_model"] = time.perf_counter() - t0
        out["pairs"] = len(pairs)
    out["wall"] = out["parse"] + out["stance_model"]
    return out


def inputs(which: list[str]) -> dict[str, list[dict]]:
    made = {}
    if "a" in which:
        made["a quote-heavy (IAC, > quotes)"] = quote_heavy_rows()
    if "b" in which:
        made["b real Reddit/HN mix"] = real_rows()
    if "c" in which:
        made["c synthetic 10k distinct"] = distinct_rows(10_000, 75)
    return made


def stage_text(seconds: dict, wall: float | None = None) -> str:
    """Seconds per stage; ``other`` = wall minus the stages (start-up: imports, loading the models)."""
    text = " ".join(f"{k} {v:.1f}" for k, v in seconds.items())
    return text if wall is None else f"{text} other {wall - sum(seconds.values()):.1f}"


def main(argv: list[str] | None = None) -> int:
    from argmap.pipeline import default_processes

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", default="a,b,c")
    ap.add_argument("--stances", default="features,model")
    ap.add_argument("--processes", type=int, default=default_processes())
    ap.add_argument("--linearity", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, rows in inputs(args.inputs.split(",")).items():
            path = write_jsonl(rows, tmp / "thread.jsonl")
            n_words = words(rows)
            for stance in args.stances.split(","):
                log(f"{name}: {len(rows)} comments, {n_words} words: argmap ingest --stance {stance} ...")
                got = run_ingest(path, tmp / "store", stance=stance, processes=args.processes)
                log(f"  {got['wall']:.1f} s; bare models ...")
                base = bare(path, processes=args.processes, model=stance == "model")
                results.append({"input": name, "comments": len(rows), "words": n_words, "stance": stance,
                                "processes": args.processes, "ingest": got, "bare": base,
                                "ratio": got["wall"] / base["wall"]})
        linear = []
        if args.linearity:
            for n in (1000, 4000, 16000):
                rows = distinct_rows(n, 1, thread_id=f"linear{n}")
                path = write_jsonl(rows, tmp / f"linear{n}.jsonl")
                log(f"linearity: {n} comments ...")
                got = run_ingest(path, tmp / "store", stance="features", processes=args.processes)
                linear.append({"comments": n, "words": words(rows), "wall": got["wall"], "peak_mb": got["peak_mb"],
                               "seconds": got["seconds"]})
    if args.json:
        print(json.dumps({"runs": results, "linearity": linear}, indent=2))
        return 0
    print(f"argmap ingest (child process) against bare nlp.pipe (+ bare stance network), {args.processes} processes")
    print(f"{'input':32} {'comments':>8} {'words':>9} {'stance':8} {'ingest s':>9} {'bare s':>7} "
          f"{'ratio':>6} {'peak MB':>8}  stages (s)")
    for r in results:
        b = r["bare"]
        bare_s = f"{b['wall']:.1f}"
        print(f"{r['input']:32} {r['comments']:8} {r['words']:9} {r['stance']:8} {r['ingest']['wall']:9.1f} "
              f"{bare_s:>7} {r['ratio']:5.2f}x {r['ingest']['peak_mb']:8.0f}  {stage_text(r['ingest']['seconds'], r['ingest']['wall'])}"
              + (f"  [bare: parse {b['parse']:.1f}, network {b['stance_model']:.1f} on {b['pairs']} pairs]"
                 if b["pairs"] else ""))
    if linear:
        print("\nlinearity (--stance features): seconds per stage, and per 1,000 comments")
        for r in linear:
            per_k = " ".join(f"{k} {v / r['comments'] * 1000:.2f}" for k, v in r["seconds"].items())
            print(f"  {r['comments']:6} comments {r['words']:8} words: {r['wall']:6.1f} s wall, "
                  f"{r['peak_mb']:5.0f} MB | {stage_text(r['seconds'], r['wall'])} | per 1k: {per_k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
