"""Agree / disagree edges between posts on the CMV argumentation corpus (Hidey et al. 2017).

    /work/venv/bin/python benchmarks/relations_cmv.py

Each branch in ../shared/data/cmv/{positive,negative}/N.{txt,ann,metadata} is an OP followed by a
reply chain; every post replies to the one before it. The gold relations whose two propositions lie
in different posts give, per (responding post, target post) pair, whether the responder agrees
(agreement, partial_agreement) and/or attacks (disagreement, partial_disagreement, rebuttal,
undercutter, attack, partial_attack, *_attack). `support` stays inside one author's argument and is
not used.

Each branch is read as a Markdown thread (quotes become Quote spans), run through the full pipeline
(claims, quote resolution, stance), and every relation argmap emits between two posts is compared
with the gold post pairs:

* agree edge    = kind agree, concession or partial;  gold agree  = any agreement relation
* disagree edge = kind disagree or partial;           gold attack = any attack relation

Precision = edges whose post pair has a gold relation of that polarity / edges emitted;
recall = gold post pairs of that polarity that got an edge of that polarity / gold post pairs.
Reply-level and quote-level edges are pooled per post pair (any edge counts).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "cmv"
AGREE_RELS = {"agreement", "partial_agreement"}
ATTACK_RELS = {"disagreement", "partial_disagreement", "rebuttal", "undercutter", "attack", "partial_attack",
               "rebuttal_attack", "undercutter_attack"}


def read_standoff(txt: Path):
    """(posts, spans, rels, post_of) of a branch: posts = [(post_id, author, start, end)] from
    ``.metadata``, spans = {T id: (start, end, text)} and rels = [(kind, T id, T id)] from the brat
    ``.ann``, and post_of(offset) the post id a character offset is in (the OP's for the title)."""
    posts = []
    for line in txt.with_suffix(".metadata").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and parts[0] == "Content":
            posts.append((parts[1], parts[2], int(parts[3]), int(parts[4])))
    spans, rels = {}, []
    for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            bits = fields[1].split()
            spans[fields[0]] = (int(bits[1]), int(bits[-1]), fields[2] if len(fields) > 2 else "")
        elif line.startswith("R") and len(fields) >= 2:
            kind, a1, a2 = fields[1].split()[:3]
            rels.append((kind, a1.split(":")[1], a2.split(":")[1]))

    def post_of(offset: int) -> str:
        for pid, _, start, end in posts:
            if start <= offset < end:
                return pid
        return posts[0][0]  # the title precedes the OP's body

    return posts, spans, rels, post_of


def read_branch(txt: Path):
    """(posts, gold) with posts = [(post_id, author, start, end)] and gold = {(src, dst): {"agree"|"attack"}}."""
    text = txt.read_text(encoding="utf-8")
    posts, spans, rels, post_of = read_standoff(txt)
    gold: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind, a1, a2 in rels:
        src, dst = post_of(spans[a1][0]), post_of(spans[a2][0])
        if src == dst:
            continue
        if kind in AGREE_RELS:
            gold[(src, dst)].add("agree")
        elif kind in ATTACK_RELS:
            gold[(src, dst)].add("attack")
    return text, posts, gold


def branch_map(name: str, text: str, posts):
    from argmap.ingest.markup import markdown_to_text, unescape_entities
    from argmap.models import ArgumentMap, Author, Comment, Quote, Thread

    thread_id = f"cmv:{name}"
    comments, quotes = [], []
    for i, (pid, author, start, end) in enumerate(posts):
        rendered = markdown_to_text(unescape_entities(text[start:end]))  # the corpus keeps Reddit's "&gt;"
        cid = f"{thread_id}/{pid}"
        comments.append(Comment(comment_id=cid, thread_id=thread_id, author=author, raw=text[start:end],
                                text=rendered.text, parent_id=f"{thread_id}/{posts[i - 1][0]}" if i else None,
                                kind="post" if i == 0 else "comment", index=i))
        for qs, qe in rendered.quotes:
            quotes.append(Quote(quote_id=f"{cid}>q{qs}-{qe}", comment_id=cid, thread_id=thread_id, start=qs, end=qe,
                                text=rendered.text[qs:qe]))
    authors = [Author(author_id=a) for a in dict.fromkeys(p[1] for p in posts)]
    return ArgumentMap(thread=Thread(thread_id=thread_id, source_format="reddit"), authors=authors,
                       comments=comments, quotes=quotes)


def main() -> int:
    if not DATA.exists():
        sys.exit(f"{DATA} absent: the CMV corpus is needed (see ../shared/data/README.md)")
    from argmap.nlp import load_nlp
    from argmap.pipeline import build_maps

    nlp = load_nlp()
    branches, golds = [], {}
    for txt in sorted(DATA.glob("*/*.txt")):
        name = f"{txt.parent.name}-{txt.stem}"
        text, posts, gold = read_branch(txt)
        if len(posts) < 2:
            continue
        branches.append(branch_map(name, text, posts))
        golds[f"cmv:{name}"] = gold
    t0 = time.time()
    maps = build_maps(branches, nlp=nlp)
    print(f"{len(maps)} branches, {sum(len(m.comments) for m in maps)} posts analysed in {time.time() - t0:.1f}s",
          file=sys.stderr)

    counts = {"agree": [0, 0, 0, 0], "attack": [0, 0, 0, 0]}  # edges, correct edges, gold pairs, found gold
    reply_counts = {"agree": [0, 0, 0, 0], "attack": [0, 0, 0, 0]}
    kinds = defaultdict(int)
    for m in maps:
        gold = {(f"{m.thread_id}/{s}", f"{m.thread_id}/{d}"): v for (s, d), v in golds[m.thread_id].items()}
        for levels, table in (({"reply", "quote"}, counts), ({"reply"}, reply_counts)):
            predicted: dict[tuple[str, str], set[str]] = defaultdict(set)
            for r in m.relations:
                if r.level not in levels or r.source_comment_id == r.target_comment_id:
                    continue
                if levels == {"reply", "quote"}:
                    kinds[(r.level, r.kind)] += 1
                pair = (r.source_comment_id, r.target_comment_id)
                if r.kind in {"agree", "concession", "partial"}:
                    predicted[pair].add("agree")
                if r.kind in {"disagree", "partial"}:
                    predicted[pair].add("attack")
            for pol in ("agree", "attack"):
                edges = [p for p, v in predicted.items() if pol in v]
                golds_pol = [p for p, v in gold.items() if pol in v]
                table[pol][0] += len(edges)
                table[pol][1] += sum(pol in gold.get(p, ()) for p in edges)
                table[pol][2] += len(golds_pol)
                table[pol][3] += sum(pol in predicted.get(p, ()) for p in golds_pol)

    chain_pairs = {(c.comment_id, c.parent_id) for m in maps for c in m.comments if c.parent_id}
    all_gold = {(f"{m.thread_id}/{s}", f"{m.thread_id}/{d}"): v for m in maps for (s, d), v in golds[m.thread_id].items()}
    for pol in ("agree", "attack"):
        rate = sum(pol in all_gold.get(p, ()) for p in chain_pairs) / len(chain_pairs)
        print(f"base rate: {rate:.3f} of the {len(chain_pairs)} reply->parent post pairs have a gold {pol} relation")
    print("relations emitted (level, kind): " + ", ".join(f"{l}/{k} {n}" for (l, k), n in sorted(kinds.items())))
    for label, table in (("reply + quote edges", counts), ("reply edges only", reply_counts)):
        print(f"== {label}")
        for pol, (edges, correct, gold_n, found) in table.items():
            p = correct / edges if edges else 0.0
            r = found / gold_n if gold_n else 0.0
            name = "agree   " if pol == "agree" else "disagree"
            print(f"{name} edges={edges:4d} precision={p:.3f}  gold pairs={gold_n:4d} recall={r:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
