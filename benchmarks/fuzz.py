"""Fuzz every reader: mutate small threads (and the real exports in ../shared/data/real/) and push
each mutation through reader -> analysis -> store -> every export.

    nice -n 5 python benchmarks/fuzz.py                     # 10,000 mutations per format
    nice -n 5 python benchmarks/fuzz.py --per-format 500 --formats reddit,csv --no-real

Each mutation ends as one of:

  ok      read, analysed, stored (and read back identical) and exported
  clean   refused with an ArgmapError (the one-line message a user sees)
  crash   any other exception, at any stage (printed, with the stage and the input's seed)
  silent  a mutation confined to one comment's text changed another comment's text or author,
          or the number of comments

Analysis (spaCy) is the slow stage: it runs on every ``--deep-every``-th distinct read result
(``--real-deep-every`` for the real samples, hundreds of comments each; results are cached by
content), followed by every export, and the store round trip on every ``--store-every``-th of those;
the ``analysed`` column counts them. Exit status 1 when there was a crash or a silent change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
sys.path.insert(0, str(Path(__file__).resolve().parent))

SEEDS = {  # format -> fixture file (argmap-json is exported from the CSV thread at start)
    "lesswrong": "lesswrong_comments.json", "reddit": "reddit_small.json", "hackernews": "hn_story.json",
    "jsonl": "utterances.jsonl", "csv": "thread.csv", "markdown": "thread.md", "plaintext": "paste.txt",
    "kialo": "kialo_small.txt",
}
JSON_FORMATS = {"lesswrong", "reddit", "hackernews", "argmap-json"}
SLOW_S = 10.0
"""A mutation that takes longer than this is listed (its seed replays it)."""
REAL_SKIP = {"README.md", "aisafetyconnect_users_top20.json", "subreddit-Cornell_conversations_Streamlit-Convokit.json"}
REAL_CUT = 160_000
"""A real JSONL sample longer than this is cut to its first lines (every line is one comment)."""

# Characters that are not line ends for argmap (only \n, \r\n and \r are), so inserting one inside
# a comment must leave every other comment alone.
LOCAL_JUNK = ["\u2028", "\u2029", "\u0085", "\f", "\v", "\x00", "\x1c", "\x1d", "\x1e", "\ufeff", "\u200b",
              "\x7f", "\x1b[31m", "\U0001f600", "\u202e"]
JUNK = LOCAL_JUNK + ["\n", "\r", "\r\n", "\t", "\"", "'", "\\", ",", "{", "}", "[", "]", ">", "#", "## x\n",
                     "1.1. Pro: ", "<p>", "&gt;", "=cmd()", " =1+1", "\uff1d1", "\udcff"]
BAD_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\xef\xbb\xbf", b"\xc0\xaf"]
WRONG_VALUES = [None, 0, -1, 1.5, True, [], [1], {}, {"a": 1}, "", "x", "\udcff", "__INF__", "__NAN__",
                "__DEEP__", "\u2028", 2 ** 70]


# --- mutations ------------------------------------------------------------------------------------

def _nodes(doc, limit=4000):
    """(parent, key) of every value in a JSON document, iteratively (documents may be deep)."""
    out, stack = [], [doc]
    while stack and len(out) < limit:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            out.append((node, k))
            if isinstance(v, (dict, list)):
                stack.append(v)
    return out


def _dump(doc, rng: random.Random) -> str:
    from argmap.ingest.base import deep_nesting

    with deep_nesting():
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    return (text.replace('"__INF__"', "1e999").replace('"__NAN__"', "NaN")
            .replace('"__DEEP__"', "[" * 10000 + "]" * 10000))


def mutate_json(text: str, rng: random.Random) -> str | None:
    from argmap.ingest.base import deep_nesting

    try:
        with deep_nesting():
            doc = json.loads(text)
    except (ValueError, RecursionError):
        return None
    nodes = _nodes(doc)
    if not nodes:
        return None
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        parent, key = rng.choice(nodes)
        op = rng.random()
        try:
            value = parent[key]
        except (KeyError, IndexError):
            continue
        if op < 0.45:
            parent[key] = rng.choice(WRONG_VALUES)
        elif op < 0.6:
            if isinstance(parent, dict):
                del parent[key]
            else:
                parent.pop(key)
        elif op < 0.7 and isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(value)))     # a duplicated item (same ids)
        elif op < 0.8 and isinstance(value, str):
            pos = rng.randrange(len(value) + 1)
            parent[key] = value[:pos] + rng.choice(JUNK) + value[pos:]
        elif op < 0.85:  # long texts; 150,000 characters through spaCy take ~20 s, so rarely
            parent[key] = "word " * (30000 if rng.random() < 0.05 else rng.choice((10, 1000)))
        elif op < 0.9 and isinstance(parent, dict):
            parent[key + "_"] = value
        elif op < 0.95:
            depth = rng.choice((50, 300, 1200))
            nest = value
            for _ in range(depth):
                nest = [nest]
            parent[key] = nest
        else:
            parent[key] = -(2 ** 63) if rng.random() < 0.5 else 1e308
    return _dump(doc, rng)


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    n = len(data)
    op = rng.randrange(12)
    pos = rng.randrange(n + 1)
    if op == 0:
        return data[:pos]
    if op == 1 and n:
        i = rng.randrange(n)
        return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
    if op == 2:
        return data[:pos] + data[pos + rng.randrange(1, 40):]
    if op == 3:
        end = min(n, pos + rng.randrange(1, 200))
        return data[:end] + data[pos:end] * rng.choice((1, 2, 50)) + data[end:]
    if op == 4:
        return data[:pos] + rng.choice(BAD_BYTES) + data[pos:]
    if op == 5:
        return data[:pos] + rng.choice(JUNK).encode("utf-8", "surrogatepass") + data[pos:]
    if op == 6:
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if op == 7:
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    if op == 8:
        return b"\xef\xbb\xbf" + data
    if op == 9:
        return data[:pos] + b"x" * rng.choice((1000, 140_000)) + data[pos:]
    if op == 10:
        return data + data if rng.random() < 0.7 else data * 40
    return b""


# --- the pipeline -----------------------------------------------------------------------------------

class Pipeline:
    def __init__(self, store_every: int, deep_every: int = 1):
        from argmap.nlp import load_nlp

        self.nlp = load_nlp()
        self.cache: dict[str, object] = {}
        self.store_every = store_every
        self.deep_every = deep_every
        self.deep = 0
        self.reads = 0
        self.tmp = tempfile.TemporaryDirectory(prefix="argmap-fuzz-")

    def read(self, data: bytes, name: str, fmt: str | None):
        from argmap.ingest import read_path

        path = Path(self.tmp.name) / name
        path.write_bytes(data)
        return read_path(path, format=fmt)

    def run(self, result) -> None:
        """Analysis, store round trip and every export; raises what they raise."""
        from argmap.export import EXPORT_FORMATS, render
        from argmap.graph.nxstore import NetworkxStore
        from argmap.pipeline import build_maps

        key = hashlib.sha1("".join(m.model_dump_json() for m in result.maps).encode("utf-8", "surrogatepass")).hexdigest()
        if key in self.cache:
            return
        self.cache[key] = True
        self.reads += 1
        if self.reads % self.deep_every:
            return
        stage = "analysis"
        try:
            maps = build_maps(result.maps, nlp=self.nlp)
            self.deep += 1
            if self.deep % self.store_every == 1 or self.store_every == 1:
                stage = "store"
                store = NetworkxStore(Path(self.tmp.name) / "store")
                store.put_maps(maps)
                for m in maps:
                    back = store.get_map(m.thread_id)
                    if back.model_dump() != m.model_dump():
                        raise AssertionError(f"store round trip changed {m.thread_id}")
                for m in maps:
                    store.delete_thread(m.thread_id)
            for m in maps:
                for fmt in EXPORT_FORMATS:
                    stage = f"export {fmt}"
                    render(m, fmt)
        except Exception as exc:
            exc.argmap_stage = stage
            raise


def comment_view(result):
    return [(c.author, c.text) for m in result.maps for c in m.comments]


# --- local (single-comment) mutations for the silent-change check ------------------------------------

def local_mutation(data: bytes, fmt: str, baseline, rng: random.Random) -> tuple[bytes, int] | None:
    """Insert a non-line-end character inside one comment's raw text; (new bytes, comment index)."""
    comments = [c for m in baseline.maps for c in m.comments]
    text = data.decode("utf-8", "replace")
    choices = [i for i, c in enumerate(comments) if " " in c.raw.strip() and "\n" not in c.raw]
    rng.shuffle(choices)
    junk = rng.choice(LOCAL_JUNK)
    for i in choices:
        raw = comments[i].raw
        words = [k for k, ch in enumerate(raw) if ch == " "]
        k = rng.choice(words)
        new_raw = raw[:k] + " " + junk + raw[k:]
        if fmt in JSON_FORMATS or fmt == "jsonl":
            needle, repl = json.dumps(raw)[1:-1], json.dumps(new_raw)[1:-1]
            if junk.isascii() and junk.isprintable():
                pass
            elif rng.random() < 0.5:
                repl = json.dumps(new_raw, ensure_ascii=False)[1:-1]
        else:
            needle, repl = raw, new_raw
        if text.count(needle) != 1:
            continue
        return text.replace(needle, repl).encode("utf-8"), i
    return None


# --- the run ----------------------------------------------------------------------------------------------

def seeds(real: bool) -> list[tuple[str, str, bytes, str | None]]:
    """(bucket, file name, bytes, forced format or None)."""
    out = []
    for fmt, name in SEEDS.items():
        out.append((fmt, name, (FIXTURES / name).read_bytes(), None))
    from argmap.export import render
    from argmap.ingest import read_path
    from argmap.pipeline import build_maps

    amap = build_maps(read_path(FIXTURES / "thread.csv").maps)[0]
    out.append(("argmap-json", "export.json", render(amap, "json").encode(), None))
    if real:
        from _data import DEFAULT_DATA

        import os
        root = Path(os.environ.get("ARGMAP_DATA") or DEFAULT_DATA) / "real"
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.name not in REAL_SKIP:
                    data = path.read_bytes()
                    if len(data) > REAL_CUT and path.suffix == ".jsonl":
                        data = data[:data.rindex(b"\n", 0, REAL_CUT) + 1]
                    out.append((f"real/{path.parent.name}", path.name, data, None))
        else:
            print(f"real samples absent: {root} (skipped)", file=sys.stderr)
    return out


def fuzz_bucket(pipe: Pipeline, items, n: int, rng: random.Random, counts: Counter, crashes: list) -> None:
    from argmap.errors import ArgmapError

    baselines = {}
    for _bucket, name, data, fmt in items:
        try:
            baselines[name] = pipe.read(data, name, fmt)
        except ArgmapError:
            baselines[name] = None
    for k in range(n):
        _bucket, name, data, fmt = items[k % len(items)]
        seed = rng.randrange(2 ** 32)
        r = random.Random(seed)
        local_index = None
        kind = r.random()
        base = baselines[name]
        if kind < 0.2 and base is not None and base.maps:
            got = local_mutation(data, pipe_format(name, base), base, r)
            if got is None:
                mutated = mutate_bytes(data, r)
            else:
                mutated, local_index = got
        elif kind < 0.6 and data.lstrip()[:1] in (b"{", b"["):
            text = mutate_json(data.decode("utf-8", "replace"), r)
            mutated = text.encode("utf-8", "surrogatepass") if text is not None else mutate_bytes(data, r)
        else:
            mutated = mutate_bytes(data, r)
        stage = "read"
        started = time.perf_counter()
        try:
            result = pipe.read(mutated, name, fmt)
            if local_index is not None:
                before, after = comment_view(base), comment_view(result)
                copies = {i for m in base.maps for i, c in enumerate(m.comments) if "-> See" in c.raw}  # Kialo links copy text
                changed = [i for i, (a, b) in enumerate(zip(before, after))
                           if a != b and i != local_index and i not in copies]
                authors_changed = (len(before) == len(after)
                                   and before[local_index][0] != after[local_index][0])
                if len(before) != len(after) or changed or authors_changed:
                    counts["silent"] += 1
                    crashes.append(("silent", name, seed, f"{len(before)}->{len(after)} comments, changed {changed[:5]}"))
                    continue
            stage = "pipeline"
            pipe.run(result)
            counts["ok"] += 1
        except ArgmapError:
            counts["clean"] += 1
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            counts["crash"] += 1
            where = getattr(exc, "argmap_stage", stage)
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            crashes.append(("crash", name, seed, f"{where}: {type(exc).__name__}: {str(exc)[:120]} "
                                                 f"at {Path(frame.filename).name}:{frame.lineno}"))
        finally:
            spent = time.perf_counter() - started
            if spent > SLOW_S:
                counts["slow"] += 1
                crashes.append(("slow", name, seed, f"{spent:.1f} s, {len(mutated):,} bytes"))


def pipe_format(name: str, base) -> str:
    return base.maps[0].thread.source_format


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-format", type=int, default=10_000, help="mutations per format (and per real-sample folder)")
    ap.add_argument("--real-per-format", type=int, default=None,
                    help="mutations per real-sample folder (default: --per-format)")
    ap.add_argument("--formats", default=None, help="comma-separated buckets (e.g. reddit,csv,real/kialo)")
    ap.add_argument("--no-real", action="store_true", help="skip ../shared/data/real/")
    ap.add_argument("--store-every", type=int, default=10, help="store round trip on every N-th analysed result")
    ap.add_argument("--deep-every", type=int, default=1,
                    help="analysis, store and exports on every N-th distinct read of the small seeds")
    ap.add_argument("--real-deep-every", type=int, default=25,
                    help="real samples (hundreds of comments): analysis, store and exports on every N-th "
                         "distinct read (every read of the small seeds gets them)")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args(argv)

    pipe = Pipeline(args.store_every)
    buckets: dict[str, list] = {}
    for item in seeds(not args.no_real):
        buckets.setdefault(item[0], []).append(item)
    wanted = set(args.formats.split(",")) if args.formats else None
    rng = random.Random(args.seed)
    total = Counter()
    print(f"{'format':<18}{'mutations':>10}{'ok':>8}{'clean':>8}{'crash':>8}{'silent':>8}{'analysed':>9}{'s':>7}")
    for bucket, items in buckets.items():
        if wanted and bucket not in wanted:
            continue
        counts, crashes = Counter(), []
        t0 = time.perf_counter()
        pipe.deep_every = args.real_deep_every if bucket.startswith("real/") else args.deep_every
        deep_before = pipe.deep
        n = args.real_per_format if bucket.startswith("real/") and args.real_per_format else args.per_format
        fuzz_bucket(pipe, items, n, rng, counts, crashes)
        total.update(counts)
        print(f"{bucket:<18}{n:>10}{counts['ok']:>8}{counts['clean']:>8}{counts['crash']:>8}"
              f"{counts['silent']:>8}{pipe.deep - deep_before:>9}{time.perf_counter() - t0:>7.0f}", flush=True)
        seen = set()
        for kind, name, seed, what in crashes:
            sig = what[:90]
            if sig not in seen:
                seen.add(sig)
                print(f"    {kind}: {name} seed {seed}: {what}", flush=True)
    print(f"{'total':<18}{sum(total[k] for k in ('ok', 'clean', 'crash', 'silent')):>10}{total['ok']:>8}{total['clean']:>8}{total['crash']:>8}"
          f"{total['silent']:>8}")
    return 1 if total["crash"] or total["silent"] else 0


if __name__ == "__main__":
    sys.exit(main())
