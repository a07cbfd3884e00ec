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
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import shared_data_dir  # noqa: E402

FILES = ("end_to_end_val.csv", "end_to_end_val_multilevel.csv")
SUPPORT_KINDS = {"agree", "partial", "concession"}
GOLD = ("support", "attack")
PREDICTED = ("support", "attack", "neutral")

_COMMENT = re.compile(r"^Comment (\d+): ", re.M)
_SUMMARY = re.compile(r"^Comment (\d+) \((attacks|supports) (main topic|Comment (\d+))\):", re.M)
_MARKER = re.compile(r"\[(?:\d+|[ivxlc]+)\]")


@dataclass
class Debate:
    """One Debatabase row: the motion, the arguments by number, and each argument's gold edge."""

    topic: str
    comments: dict[int, str]
    edges: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    """argument number -> ("support" | "attack", target argument number, or None for the motion)."""


def parse_debate(comments: str, summaries: str) -> Debate:
    """Parse one row. Raises ValueError when the two columns do not describe the same arguments."""
    head, *parts = _COMMENT.split(comments)
    if not head.strip().startswith("Main topic:"):
        raise ValueError(f"no 'Main topic:' line: {head[:60]!r}")
    topic = head.strip()[len("Main topic:"):].strip()
    texts = {int(parts[i]): parts[i + 1].strip() for i in range(0, len(parts), 2)}
    edges = {}
    for m in _SUMMARY.finditer(summaries):
        target = None if m.group(3) == "main topic" else int(m.group(4))
        edges[int(m.group(1))] = ("support" if m.group(2) == "supports" else "attack", target)
    if set(edges) != set(texts):
        raise ValueError(f"{topic[:60]!r}: arguments {sorted(texts)} but gold edges for {sorted(edges)}")
    for n, (_, target) in edges.items():
        if target is not None and target not in texts:
            raise ValueError(f"{topic[:60]!r}: Comment {n} targets unknown Comment {target}")
    return Debate(topic=topic, comments=texts, edges=edges)


def strip_references(text: str) -> str:
    """The argument without its reference list and inline citation markers.

    The list starts at the second occurrence of the argument's first marker ("[1]" or "[i]"); an
    argument whose first marker occurs only once has no list and only loses its markers.
    """
    text = text.replace("\xa0", " ")
    for first in ("[1]", "[i]"):
        at = text.find(first)
        if at >= 0:
            tail = text.find(first, at + len(first))
            if tail >= 0:
                text = text[:tail]
            break
    return re.sub(r"[ \t]{2,}", " ", _MARKER.sub("", text)).strip()


@dataclass
class Argument:
    text: str
    gold: str
    parent: str | None  # the parent argument's text; None = the motion
    files: set[str] = field(default_factory=set)


def merge(rows: dict[str, list[Debate]]) -> tuple[dict[str, dict[str, Argument]], int]:
    """Union of the files' debates by motion, arguments by text. Returns ({motion: {text: Argument}},
    number of arguments whose gold edge differs between files (the first file's edge is kept))."""
    debates: dict[str, dict[str, Argument]] = {}
    conflicts = 0
    for name, debs in rows.items():
        for d in debs:
            args = debates.setdefault(d.topic, {})
            for n, text in d.comments.items():
                gold, target = d.edges[n]
                parent = None if target is None else d.comments[target]
                if text in args:
                    if (args[text].gold, args[text].parent) != (gold, parent):
                        conflicts += 1
                    args[text].files.add(name)
                else:
                    args[text] = Argument(text, gold, parent, {name})
    return debates, conflicts


def debate_map(k: int, topic: str, args: dict[str, Argument]):
    from argmap.models import ArgumentMap, Author, Comment, Thread

    thread_id = f"debatabase:{k}"
    root = f"{thread_id}/motion"
    ids = {text: f"{thread_id}/a{i}" for i, text in enumerate(args)}

    def depth(a: Argument) -> int:
        return 0 if a.parent is None else 1 + depth(args[a.parent])

    order = sorted(args.values(), key=depth)  # parents before their replies; stable otherwise
    comments = [Comment(comment_id=root, thread_id=thread_id, author="motion", raw=topic, text=topic,
                        kind="post", index=0)]
    for i, a in enumerate(order, 1):
        cid = ids[a.text]
        text = strip_references(a.text)
        comments.append(Comment(comment_id=cid, thread_id=thread_id, author=cid.rsplit("/", 1)[1], raw=text,
                                text=text, parent_id=root if a.parent is None else ids[a.parent], index=i))
    authors = [Author(author_id=c.author) for c in comments]
    amap = ArgumentMap(thread=Thread(thread_id=thread_id, title=topic, source_format="csv"), authors=authors,
                       comments=comments)
    return amap, {ids[t]: a for t, a in args.items()}


@dataclass
class Edge:
    gold: str
    predicted: str
    level: str  # "motion" or "argument"
    files: set[str]
    kind: str  # argmap's relation kind, or "none"
    evidence: str  # kind of argmap's first evidence
    source: str
    target: str
    cue: str


def scores(edges: list[Edge]) -> list[str]:
    """Lines of figures for one set of edges."""
    n = len(edges)
    if not n:
        return ["  (no edges)"]
    conf = Counter((e.gold, e.predicted) for e in edges)
    lines = [f"  edges={n}  gold support {sum(conf[('support', p)] for p in PREDICTED)}, "
             f"attack {sum(conf[('attack', p)] for p in PREDICTED)}"]
    f1s = []
    for cls in GOLD:
        tp = conf[(cls, cls)]
        pred = sum(conf[(g, cls)] for g in GOLD)
        gold = sum(conf[(cls, p)] for p in PREDICTED)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f)
        lines.append(f"  {cls:8s} precision={p:.3f} recall={r:.3f} f1={f:.3f}  (predicted {pred}, gold {gold})")
    neutral = sum(conf[(g, "neutral")] for g in GOLD)
    acc = sum(conf[(g, g)] for g in GOLD) / n
    gold_counts = Counter(e.gold for e in edges)
    major, major_n = gold_counts.most_common(1)[0]
    major_f1 = 2 * major_n / (major_n + n)  # F1 of the majority class when every edge is given it
    lines.append(f"  called neutral: {neutral}/{n} = {neutral / n:.3f}")
    lines.append(f"  accuracy={acc:.3f}  macro_f1(support, attack)={sum(f1s) / 2:.3f}")
    lines.append(f"  majority baseline (all {major}): accuracy={major_n / n:.3f}  "
                 f"macro_f1={major_f1 / 2:.3f}")
    by_ev = Counter(e.evidence for e in edges)
    lines.append("  accuracy by argmap's first evidence: " + ", ".join(
        f"{k} {sum(e.gold == e.predicted for e in edges if e.evidence == k)}/{v}" for k, v in by_ev.most_common()))
    lines.append("  confusion (rows gold, columns predicted)")
    lines.append("            " + "".join(f"{p:>9s}" for p in PREDICTED))
    for g in GOLD:
        lines.append(f"    {g:8s}" + "".join(f"{conf[(g, p)]:9d}" for p in PREDICTED))
    return lines


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
