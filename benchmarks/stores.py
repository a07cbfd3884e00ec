"""Store benchmark: 100k claims / 300k relations in synthetic maps, on both backends.

    python benchmarks/stores.py                      # embedded store only
    python benchmarks/stores.py --threads 20 --claims 20000 --relations 60000   # a quicker, smaller run
    ARGMAP_NEO4J_JAVA_OPTS="" ARGMAP_NEO4J_HEAP=2g scripts/neo4j-server start   # full JIT for benchmarks
    eval "$(scripts/neo4j-server env)"               # a throw-away Neo4j (the run wipes it!)
    python benchmarks/stores.py --neo4j              # both backends
    python benchmarks/stores.py --neo4j --no-embedded

Prints:
* embedded (networkx) store: save time, workspace size on disk, ``get_map`` of one thread and
  ``list_threads`` on a fresh store object, ``counts`` and every map materialised, ``put_maps`` of one
  small thread into the full workspace (what ``argmap ingest`` pays for the store), peak Python memory
  (tracemalloc, in a separate pass so it does not slow the timed one);
* Neo4j: batched load (``Neo4jStore.put_maps``: UNWIND batches, one transaction per call) vs a naive
  loader that sends the same MERGE queries one row per query (in one transaction per thread), run
  on a sample of threads and extrapolated to the full size, and the ratio;
* positions-by-author latency (``argmap.graph.queries.positions``) on both, 100 threads loaded,
  against reading the author's part of each thread map by map (``author_slice``, whose answer
  ``argmap.graph.readmodels.author_digest`` defines: the path every positions query took before
  ``author_records``);
* on the embedded store, ``search`` latency for words no claim has (every thread's claim texts
  are read) and for common words (stops at the first 20 hits).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from argmap.analysis.divergence import author_positions
from argmap.graph import queries
from argmap.graph.nxstore import INDEX_SUFFIX, NetworkxStore
from argmap.models import (
    ArgumentMap, Author, Claim, Comment, Crux, CruxPole, Evidence, Quote, Relation, Thread,
)

WORDS = ("nuclear solar wind coal power grid cost risk waste safety price market carbon storage battery "
         "policy tax subsidy reactor panel turbine demand supply energy climate model evidence data").split()
CONCEPTS = ["safety", "danger", "cost", "benefit", "freedom", "security", "growth", "equality", "risk", "reward"]
KINDS = ["agree", "disagree", "disagree", "partial", "neutral", "concession"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def synth_map(i: int, *, comments: int, claims: int, relations: int, authors: int, seed: int = 7) -> ArgumentMap:
    """One synthetic thread: ``claims`` claims spread over ``comments`` comments, ``relations``
    claim-to-claim stances with evidence, a few quotes and cruxes. Deterministic."""
    rng = random.Random(seed * 100003 + i)
    tid = f"bench:{i:04d}"
    per = claims // comments
    author_pool = [f"user{rng.paretovariate(1.2) * 7 % authors:.0f}" for _ in range(12)]
    cs, ks = [], []
    for j in range(comments):
        sentences = [_sentence(rng) for _ in range(per)]
        text = " ".join(sentences)
        author = rng.choice(author_pool)
        c = Comment(comment_id=f"{tid}/{j}", thread_id=tid, parent_id=f"{tid}/{rng.randrange(j)}" if j else None,
                    author=author, text=text, raw=text, index=j)
        cs.append(c)
        pos = 0
        for s in sentences:
            start = text.index(s, pos)
            ks.append(Claim(claim_id=f"{c.comment_id}#{start}-{start + len(s)}", comment_id=c.comment_id,
                            thread_id=tid, author=author, text=s, start=start, end=start + len(s)))
            pos = start + len(s)
    rels = []
    for r in range(relations):
        a, b = rng.sample(ks, 2)
        rels.append(Relation(relation_id=f"{a.claim_id}->{b.claim_id}:{r}", thread_id=tid, kind=rng.choice(KINDS),
                             source_comment_id=a.comment_id, target_comment_id=b.comment_id,
                             source_claim_id=a.claim_id, target_claim_id=b.claim_id, source_author=a.author,
                             target_author=b.author, confidence=round(rng.random(), 3),
                             evidence=[Evidence(kind="cue", text=a.text[:20], claim_id=a.claim_id)]))
    quotes = []
    for q in range(min(50, comments - 1)):
        c = cs[q + 1]
        src = ks[rng.randrange(len(ks))]
        quotes.append(Quote(quote_id=f"{c.comment_id}>q0-10", comment_id=c.comment_id, thread_id=tid, start=0, end=10,
                            text=c.text[:10], source_comment_id=src.comment_id, source_claim_id=src.claim_id,
                            score=90.0))
    cruxes = []
    for x in range(2):
        p, q = rng.sample(CONCEPTS, 2)
        a, b = rng.sample(ks, 2)
        cruxes.append(Crux(crux_id=f"{tid}:crux{x}", thread_id=tid, label=f"{p} vs {q}", score=0.5,
                           poles=[CruxPole(concept=p, variants=[p], authors=[a.author], claim_ids=[a.claim_id]),
                                  CruxPole(concept=q, variants=[q], authors=[b.author], claim_ids=[b.claim_id])]))
    names = list(dict.fromkeys(c.author for c in cs))
    return ArgumentMap(thread=Thread(thread_id=tid, title=f"Synthetic thread {i}", source_format="jsonl"),
                       authors=[Author(author_id=a, name=a) for a in names], comments=cs, claims=ks, quotes=quotes,
                       relations=rels, cruxes=cruxes)


def _fmt_mb(n: float) -> str:
    return f"{n / 1e6:.0f} MB"


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_embedded(maps, workdir: Path) -> NetworkxStore:
    path = workdir / "ws"
    store = NetworkxStore(path)
    t = time.perf_counter()
    store.put_maps(maps)
    save = time.perf_counter() - t
    size = _dir_size(path)
    one = maps[len(maps) // 2].thread_id
    fresh = NetworkxStore(path)
    t = time.perf_counter()
    fresh.get_map(one)
    get_one = time.perf_counter() - t
    fresh = NetworkxStore(path)
    t = time.perf_counter()
    fresh.list_threads()
    listing = time.perf_counter() - t
    fresh = NetworkxStore(path)
    t = time.perf_counter()
    fresh.counts()
    parse = time.perf_counter() - t
    t = time.perf_counter()
    n = sum(len(m.claims) for m in fresh.iter_maps())
    materialise = time.perf_counter() - t
    small = synth_map(99_999, comments=20, claims=80, relations=240, authors=400)
    t = time.perf_counter()
    NetworkxStore(path).put_maps([small])
    ingest_small = time.perf_counter() - t
    NetworkxStore(path).delete_thread(small.thread_id)
    index = sum(p.stat().st_size for p in path.glob(f"threads/*{INDEX_SUFFIX}"))
    print(f"embedded save:  {save:7.1f} s   workspace {_fmt_mb(size)} on disk "
          f"(of which author indexes {_fmt_mb(index)})")
    print(f"embedded get_map of one thread (fresh store object): {get_one:.2f} s; list_threads: {listing:.2f} s")
    print(f"embedded load:  {parse:7.1f} s   (counts on a fresh store) + {materialise:.1f} s (all {len(maps)} maps, "
          f"{n} claims, as ArgumentMap objects)")
    print(f"embedded put_maps of one small thread (80 claims) into the {len(maps)}-thread workspace: "
          f"{ingest_small:.2f} s")

    # Peak memory in a second pass (tracemalloc slows Python down, so it is not timed).
    shutil.rmtree(path)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    NetworkxStore(path).put_maps(maps)
    save_peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fresh = NetworkxStore(path)
    fresh.get_map(one)
    one_peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fresh = NetworkxStore(path)
    fresh.counts()
    load_peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    print(f"embedded peak memory (tracemalloc, beyond the maps already in memory): "
          f"save {_fmt_mb(save_peak)}, get_map of one thread {_fmt_mb(one_peak)}, counts {_fmt_mb(load_peak)}")
    return fresh


def naive_load(store, maps, *, autocommit: bool = False, max_rows: int | None = None) -> int:
    """The same MERGE queries as ``put_maps``, but one row per query: in one transaction per
    thread, or (``autocommit``) each row in its own transaction, as a simple loader would do."""
    from argmap.graph.neo4jstore import _delete_thread_tx, _write_batches

    rows_sent = 0
    with store._driver.session() as session:
        if autocommit:
            for amap in maps:
                session.execute_write(_delete_thread_tx, amap.thread_id)
                for query, rows in _write_batches([amap]):
                    for row in rows:
                        if max_rows is not None and rows_sent >= max_rows:
                            return rows_sent
                        session.run(query, rows=[row]).consume()
                        rows_sent += 1
            return rows_sent
        for amap in maps:
            def work(tx, amap=amap):
                n = 0
                _delete_thread_tx(tx, amap.thread_id)
                for query, rows in _write_batches([amap]):
                    for row in rows:
                        tx.run(query, rows=[row]).consume()
                        n += 1
                return n
            rows_sent += session.execute_write(work)
    return rows_sent


def bench_neo4j(maps, uri: str, sample: int, per_call: int):
    from argmap.graph.neo4jstore import Neo4jStore, _write_batches

    store = Neo4jStore(uri)
    with store._driver.session() as session:
        while session.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n").single()["n"]:
            pass
    total_rows = sum(len(rows) for m in maps for _, rows in _write_batches([m]))

    # Warm up the query plans on one thread, outside the timings, for both loaders.
    warm = [synth_map(9999, comments=20, claims=80, relations=240, authors=50)]
    store.put_maps(warm)
    naive_load(store, warm)
    store.delete_thread(warm[0].thread_id)

    t = time.perf_counter()
    for k in range(0, len(maps), per_call):
        store.put_maps(maps[k:k + per_call])
    batched = time.perf_counter() - t
    print(f"neo4j batched load: {batched:7.1f} s   ({total_rows} rows, {total_rows / batched:,.0f} rows/s, "
          f"{per_call} threads per put_maps transaction)")

    sample_maps = [synth_map(5000 + i, comments=len(maps[0].comments), claims=len(maps[0].claims),
                             relations=len(maps[0].relations), authors=400) for i in range(sample)]
    t = time.perf_counter()
    sample_rows = naive_load(store, sample_maps)
    naive = time.perf_counter() - t
    rate = sample_rows / naive
    extrapolated = total_rows / rate
    print(f"neo4j naive load:   {naive:7.1f} s for a sample of {sample} threads ({sample_rows} rows, "
          f"{rate:,.0f} rows/s) -> extrapolated {extrapolated:,.0f} s for all {len(maps)} threads")
    print(f"neo4j batched vs naive: {extrapolated / batched:.1f}x faster (goal >= 10x)")
    t = time.perf_counter()
    auto_rows = naive_load(store, sample_maps[:1], autocommit=True, max_rows=500)
    auto = time.perf_counter() - t
    auto_rate = auto_rows / auto
    print(f"neo4j naive auto-commit (one transaction per row): {auto:.1f} s for the first {auto_rows} rows of a "
          f"thread ({auto_rate:,.0f} rows/s) -> extrapolated {total_rows / auto_rate:,.0f} s; batched is "
          f"{total_rows / auto_rate / batched:.1f}x faster")
    for m in sample_maps:
        store.delete_thread(m.thread_id)
    return store


def _timed(fn, repeat: int) -> tuple[list[float], object]:
    times, out = [], None
    for _ in range(repeat):
        out = None  # free the previous answer outside the timing
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return times, out


def bench_positions(store, label: str, author: str, repeat: int = 5, slow_repeat: int = 3) -> None:
    times, pos = _timed(lambda: queries.positions(store, author), repeat)
    n_ex = sum(p.count for group in (pos.agrees_with, pos.disagrees_with, pos.partially_agrees_with,
                                     pos.agreed_by, pos.disagreed_by) for p in group) + len(pos.concessions)
    print(f"positions({author!r}) on {label}: median {statistics.median(times) * 1000:,.0f} ms, "
          f"min {min(times) * 1000:,.0f} ms over {repeat} runs ({len(pos.threads)} threads, "
          f"{len(pos.claims)} claims, {n_ex} exchanges, {len(pos.crux_sides)} crux sides)")
    if slow_repeat:
        def by_slices():
            tids = store.author_threads(author)
            return author_positions((store.author_slice(author, t) for t in tids), author)

        slow, slow_pos = _timed(by_slices, slow_repeat)
        same = "same answer" if slow_pos == pos else "DIFFERENT ANSWER"
        print(f"positions({author!r}) on {label}, map by map (author_slice): median "
              f"{statistics.median(slow) * 1000:,.0f} ms over {slow_repeat} runs ({same})")


def bench_search(store, label: str, repeat: int = 5) -> None:
    for words in ("no claim has these words", "nuclear solar"):
        times, hits = _timed(lambda: store.search_claims(words, 20), repeat)
        print(f"search({words!r}) on {label}: median {statistics.median(times) * 1000:,.0f} ms "
              f"({len(hits)} hits)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=100)
    ap.add_argument("--claims", type=int, default=100_000, help="total claims")
    ap.add_argument("--relations", type=int, default=300_000, help="total relations")
    ap.add_argument("--neo4j", action="store_true", help="also benchmark Neo4j at $ARGMAP_TEST_NEO4J_URI (wipes it)")
    ap.add_argument("--no-embedded", action="store_true", help="skip the embedded store (with --neo4j)")
    ap.add_argument("--naive-sample", type=int, default=2, help="threads loaded by the naive loader")
    ap.add_argument("--per-call", type=int, default=10, help="threads per put_maps call in the batched load")
    ap.add_argument("--slow-repeat", type=int, default=3,
                    help="runs of the map-by-map positions path to compare with (0: skip it)")
    args = ap.parse_args()

    per_thread_claims = args.claims // args.threads
    t = time.perf_counter()
    maps = [synth_map(i, comments=per_thread_claims // 4, claims=per_thread_claims,
                      relations=args.relations // args.threads, authors=400) for i in range(args.threads)]
    n_claims = sum(len(m.claims) for m in maps)
    n_rel = sum(len(m.relations) for m in maps)
    n_com = sum(len(m.comments) for m in maps)
    print(f"synthetic maps: {len(maps)} threads, {n_com} comments, {n_claims} claims, {n_rel} relations "
          f"(built in {time.perf_counter() - t:.1f} s)")
    author = max(((a, sum(1 for m in maps if any(x.author_id == a for x in m.authors)))
                  for a in {x.author_id for m in maps for x in m.authors}), key=lambda p: (p[1], p[0]))[0]

    sys.stdout.reconfigure(line_buffering=True)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_embedded:
            nx_store = bench_embedded(maps, Path(tmp))
            bench_positions(nx_store, "networkx", author, slow_repeat=args.slow_repeat)
            bench_search(nx_store, "networkx")
        if args.neo4j:
            uri = os.environ.get("ARGMAP_TEST_NEO4J_URI")
            if not uri:
                print("--neo4j needs ARGMAP_TEST_NEO4J_URI: eval \"$(scripts/neo4j-server start)\"", file=sys.stderr)
                return 2
            neo = bench_neo4j(maps, uri, args.naive_sample, args.per_call)
            bench_positions(neo, "neo4j", author, slow_repeat=args.slow_repeat)
            neo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
