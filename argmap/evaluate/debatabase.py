"""Debatabase argument graphs as labelled data: row parsing, reference stripping, the union of the
two files' debates, one ``ArgumentMap`` per motion, and support / attack precision, recall and F1.

``benchmarks/relations_debatabase.py`` runs the pipeline on them and prints ``scores``; the file
layout and the matching rules are described there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from argmap.models import SUPPORTING_KINDS

FILES = ("end_to_end_val.csv", "end_to_end_val_multilevel.csv")
SUPPORT_KINDS = SUPPORTING_KINDS | {"partial"}
"""argmap kinds scored as gold *support* (a partial agreement supports here, as ``partial_as="agree"``
does for agreement data); ``disagree`` is attack, anything else a miss."""
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
