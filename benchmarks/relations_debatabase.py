"""Reply-level support / attack on Debatabase argument graphs, with the reply structure given.

    /work/venv/bin/python benchmarks/relations_debatabase.py [--errors N]

Each row of ../shared/data/debatabase/end_to_end_val{,_multilevel}.csv is one formal debate:
``comments`` holds a "Main topic: <motion>" line and "Comment N: <argument>" paragraphs, ``summaries``
one gold line per comment, "Comment N (attacks|supports main topic|Comment M): <gist>". The two files
hold the same 59 motions; 253 of the multilevel file's comments are verbatim arguments of the flat
file with the same gold edge, so every debate is read once as the union of both files' comments
(an argument is identified by its text) and each gold edge is scored once.

Each debate becomes a Thread: the motion is the root post, every argument a comment whose parent is
its gold target (the reply structure is given, as in a forum) and whose author is its own, so no reply
is read as a self-reply. Debatabase's reference lists ("...end of argument.[1] BBC News, 'Title',
13 June 2008, http://...") are cut off and the inline markers ("[1]", "[ii]") removed: a
reference list starts at the second occurrence of the argument's first marker, "[1]" or "[i]" (every
argument with references cites its first one once inline and once in the list). Non-breaking spaces
become spaces; nothing else is changed.

The whole pipeline runs (claims, quotes, stance); argmap's reply-level relation of each argument
towards its parent is compared with the gold edge:

* gold supports  <->  agree, partial or concession
* gold attacks   <->  disagree
* neutral (or no relation) is a miss for either class

Printed for all edges, for argument -> motion edges and argument -> argument edges (which in this
data are all attacks), and per file.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import shared_data_dir  # noqa: E402

from argmap.evaluate.debatabase import (  # noqa: E402  (corpus reader and scoring live in the library)
    FILES, GOLD, PREDICTED, SUPPORT_KINDS, Debate, Edge, debate_map, merge, parse_debate, scores,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print up to N misclassified edges per (gold, predicted) cell to stderr")
    args = ap.parse_args()
    data = shared_data_dir("debatabase")
    from argmap.nlp import load_nlp
    from argmap.pipeline import build_maps

    csv.field_size_limit(sys.maxsize)
    rows: dict[str, list[Debate]] = {}
    for name in FILES:
        with open(data / name, newline="", encoding="utf-8") as f:
            rows[name] = [parse_debate(r["comments"], r["summaries"]) for r in csv.DictReader(f)]
    debates, conflicts = merge(rows)
    per_file = {name: sum(len(d.comments) for d in debs) for name, debs in rows.items()}
    shared = sum(len(a.files) > 1 for args_ in debates.values() for a in args_.values())
    print("files: " + ", ".join(f"{n} ({len(rows[n])} debates, {per_file[n]} edges)" for n in FILES))
    print(f"merged: {len(debates)} debates (motions shared by both files: "
          f"{len(set(d.topic for d in rows[FILES[0]]) & set(d.topic for d in rows[FILES[1]]))}), "
          f"{sum(map(len, debates.values()))} distinct edges; {shared} arguments in both files, "
          f"{conflicts} with a different gold edge")

    maps, golds = [], {}
    for k, (topic, args_) in enumerate(debates.items()):
        amap, by_id = debate_map(k, topic, args_)
        maps.append(amap)
        golds.update(by_id)
    total = sum(len(m.comments) for m in maps)
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        if done[0] % 200 < n or done[0] == total:
            print(f"  parsed {done[0]}/{total} comments", file=sys.stderr)

    t0 = time.time()
    nlp = load_nlp()
    maps = build_maps(maps, nlp=nlp, progress=progress)
    print(f"pipeline: {len(maps)} threads, {total} comments in {time.time() - t0:.1f}s", file=sys.stderr)

    edges: list[Edge] = []
    levels = Counter()
    for m in maps:
        by_source = {}
        for r in m.relations:
            levels[(r.level, r.kind)] += 1
            if r.level == "reply":
                by_source[r.source_comment_id] = r
        texts = {c.comment_id: c for c in m.comments}
        for c in m.comments:
            if c.parent_id is None:
                continue
            a = golds[c.comment_id]
            r = by_source.get(c.comment_id)
            kind = r.kind if r else "none"
            pred = "support" if kind in SUPPORT_KINDS else "attack" if kind == "disagree" else "neutral"
            ev = r.evidence[0] if r and r.evidence else None
            edges.append(Edge(a.gold, pred, "motion" if a.parent is None else "argument", a.files, kind,
                              ev.kind if ev else "-", c.text, texts[c.parent_id].text, ev.text if ev else ""))

    print("relations emitted (level/kind): " + ", ".join(f"{l}/{k} {n}" for (l, k), n in sorted(levels.items())))
    kinds = Counter((e.kind, e.gold) for e in edges)
    print("argmap kinds on the gold edges (gold support/attack): " + ", ".join(
        f"{k} {kinds[(k, 'support')]}/{kinds[(k, 'attack')]}" for k, _ in Counter(e.kind for e in edges).most_common()))
    print("evidence behind the decisions (first evidence kind): "
          + ", ".join(f"{k} {n}" for k, n in Counter(e.evidence for e in edges).most_common()))
    sections = [("all edges", edges),
                ("argument -> motion", [e for e in edges if e.level == "motion"]),
                ("argument -> argument", [e for e in edges if e.level == "argument"])]
    sections += [(f"file {n}", [e for e in edges if n in e.files]) for n in FILES]
    for title, subset in sections:
        print(f"== {title}")
        print("\n".join(scores(subset)))
    for level in ("motion", "argument") if args.errors else ():
        for g in GOLD:
            for p in PREDICTED:
                wrong = [e for e in edges if (e.level, e.gold, e.predicted) == (level, g, p)]
                if g == p or not wrong:
                    continue
                print(f"-- argument -> {level}: gold {g}, predicted {p}: {len(wrong)}", file=sys.stderr)
                for e in wrong[:args.errors]:
                    print(f"   [{e.level}] kind={e.kind} evidence={e.evidence}: {e.cue[:100]!r}\n"
                          f"     target: {e.target[:120]!r}\n     reply:  {e.source[:200]!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
