"""Crux claims against the CMV corpus's gold attack relations (Hidey et al. 2017), issue 10.

    python benchmarks/crux_cmv.py [--cache DIR] [--stance model|features] [--all] [--list]

Each CMV branch in ../shared/data/cmv/{positive,negative}/ is an OP and a reply chain between the
OP and one challenger (a few branches have a third voice). Its annotators marked, proposition by
proposition, which proposition of one post attacks which of another (disagreement, rebuttal,
undercutter, partial attack, ...). A proposition attacked from another post is disputed; one
attacked by both voices' posts in turn, or by two posts, is disputed repeatedly. Those are what a
crux claim is (``argmap.analysis.cruxes.claims``): no reader of ours wrote them, and there are
about fifty branches, where ``crux_eval.py`` has a few.

For every branch not in ``crux_eval/heldout.json`` (kept held out) nor, unless ``--all``, in
``crux_eval/annotations.json``, the branch is analysed as ``crux_eval.py`` does (its ``cmv-branch``
reader, the full pipeline) and the crux claims argmap reports are compared with the gold:

* a reported claim crux **is disputed** when its claim overlaps a gold-attacked proposition of its
  post (characters of the claim inside the proposition's span, at least half of the shorter one);
* **branch recall**: branches with at least one gold-attacked proposition where a top-3 claim crux
  is disputed;
* **precision**: top-3 claim cruxes that are disputed / top-3 claim cruxes reported.

Concept cruxes ("X vs Y") have no proposition to compare and are counted apart. ``--list`` prints
each branch's gold-attacked propositions of the OP and argmap's top 3.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crux_eval as ce  # noqa: E402
from relations_cmv import ATTACK_RELS, read_standoff  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CMV = SHARED / "data" / "cmv"


def gold_attacked(txt: Path) -> dict[str, list[tuple[int, int, str, int]]]:
    """Per post id: the propositions attacked from another post, as (start, end, text, attacks) in
    the branch text's characters."""
    posts, spans, rels, post_of = read_standoff(txt)
    count: dict[str, int] = {}
    for kind, a1, a2 in rels:
        if kind in ATTACK_RELS and a1 in spans and a2 in spans and post_of(spans[a1][0]) != post_of(spans[a2][0]):
            count[a2] = count.get(a2, 0) + 1
    out: dict[str, list] = {}
    for tid, n in count.items():
        s, e, text = spans[tid]
        if any(ps <= s < pe for _, _, ps, pe in posts):  # the title ("CMV: ...") is in no post's text
            out.setdefault(post_of(s), []).append((s, e, text, n))
    return out


def _overlap(a: str, b: str) -> bool:
    """Does claim text ``a`` overlap proposition text ``b`` (whitespace-normalised, case-folded),
    by at least half of the shorter one?"""
    from rapidfuzz import fuzz

    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short in long_:
        return True
    # the longest common run, found by partial alignment
    res = fuzz.partial_ratio_alignment(short, long_)
    return res is not None and res.score >= 90 and (res.src_end - res.src_start) >= 0.5 * len(short)


def branches(include_building: bool) -> list[dict]:
    held = {e["path"] for e in json.loads((ROOT / "benchmarks/crux_eval/heldout.json").read_text())["threads"]}
    built = {e["path"] for e in json.loads((ROOT / "benchmarks/crux_eval/annotations.json").read_text())["threads"]}
    out = []
    for side in ("positive", "negative"):
        for txt in sorted((CMV / side).glob("*.txt"), key=lambda p: int(p.stem)):
            rel = f"data/cmv/{side}/{txt.name}"
            if rel in held or (rel in built and not include_building):
                continue
            out.append({"name": f"cmv-{side}-{txt.stem}", "path": rel, "format": "cmv-branch", "txt": txt,
                        "building": rel in built})
    return out


JUDGED = ROOT / "benchmarks" / "crux_eval" / "cmv_judged.json"


def report_reading(listed: list[tuple[str, int, str]]) -> None:
    """The top-3 cruxes looked up in ``crux_eval/cmv_judged.json`` by (branch, label): a reading
    agent's judgement from the branch text only (is it a point the two sides argue for and against).
    Cruxes with no judgement are printed, to be judged."""
    if not JUDGED.exists():
        return
    judged = {(c["thread"], c["label"]): c for c in json.loads(JUDGED.read_text(encoding="utf-8"))["cruxes"]}
    found = [judged.get((name, label)) for name, _, label in listed]
    yes = sum(1 for j in found if j and j["contention"] == "yes")
    n = sum(1 for j in found if j)
    print(f"by reading ({JUDGED.relative_to(ROOT)}): top-3 cruxes that are real contention {ce.pct(yes, n)}"
          f"{'' if n == len(listed) else f'; {len(listed) - n} not judged:'}")
    for (name, rank, label), j in zip(listed, found):
        if j is None:
            print(f"   not judged: {name} #{rank} {label!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="keep each branch's analysed map here and reuse it")
    ap.add_argument("--stance", choices=("model", "features"), default="model")
    ap.add_argument("--all", action="store_true", help="include the branches of crux_eval/annotations.json")
    ap.add_argument("--list", action="store_true", help="print each branch's gold and top 3")
    args = ap.parse_args(argv)
    if not CMV.is_dir():
        print(f"skipped: {CMV} is absent (the shared development data)", file=sys.stderr)
        return 0
    from argmap.analysis.cruxes import find_cruxes
    from argmap.analysis.stance import StanceSettings
    from argmap.nlp import load_nlp

    nlp = load_nlp()
    todo = branches(args.all)
    n_gold = hit_branches = reported = disputed = concepts = with_crux = 0
    listed: list[tuple[str, int, str]] = []
    t_parse = t_find = 0.0
    for i, entry in enumerate(todo, 1):
        cached = ce.load_cached(args.cache, entry, args.stance, nlp) if args.cache else None
        if cached is None:
            amap, docs, tp, ta = ce.analyse(ce.read_thread(SHARED, entry), nlp, StanceSettings(method=args.stance))
            if args.cache:
                ce.save_cached(args.cache, entry, args.stance, amap, docs, tp, ta)
        else:
            amap, docs, tp, ta = cached
        t_parse += tp
        t0 = time.perf_counter()
        cruxes = find_cruxes(amap, docs)
        t_find += time.perf_counter() - t0
        gold = gold_attacked(entry["txt"])
        post_of = {c.comment_id: c.comment_id.rsplit("/", 1)[-1] for c in amap.comments}
        claims = {c.claim_id: c for c in amap.claims}
        top = cruxes[:3]
        listed += [(entry["name"], r, c.label) for r, c in enumerate(top, 1)]
        with_crux += bool(cruxes)
        hits = []
        for crux in top:
            if crux.form != "claim" or crux.claim_id not in claims:
                concepts += 1
                hits.append(None)
                continue
            claim = claims[crux.claim_id]
            ok = any(_overlap(claim.text, text) for _, _, text, _ in gold.get(post_of[claim.comment_id], ()))
            reported += 1
            disputed += ok
            hits.append(ok)
        if gold:
            n_gold += 1
            hit_branches += any(h for h in hits if h)
        print(f"[{i}/{len(todo)}] {entry['name']}: {len(amap.comments)} posts, {sum(map(len, gold.values()))} "
              f"gold-attacked propositions, {len(cruxes)} cruxes", file=sys.stderr)
        if args.list:
            print(f"== {entry['name']}{' (building set)' if entry['building'] else ''}")
            op = amap.comments[0].comment_id.rsplit("/", 1)[-1]
            for s, e, text, n in sorted(gold.get(op, ())):
                print(f"   gold x{n}: {text[:110]!r}")
            for crux, h in zip(top, hits):
                mark = "concepts" if h is None else ("DISPUTED" if h else "not gold")
                print(f"   {mark:9} {crux.label[:110]!r}")
    report_reading(listed)
    print(f"CMV branches: {len(todo)} ({'with' if args.all else 'without'} the crux_eval building set; "
          f"held-out branches never), {n_gold} with gold attacks across posts")
    print(f"  branches with a crux reported          {with_crux}/{len(todo)}")
    print(f"  branch recall (a top-3 claim disputed) {ce.pct(hit_branches, n_gold)}")
    print(f"  top-3 claim cruxes disputed (precision) {ce.pct(disputed, reported)}")
    print(f"  top-3 concept cruxes (not compared)     {concepts}")
    print(f"  find_cruxes {t_find:.2f}s = {100 * t_find / max(t_parse, 1e-9):.1f}% of the parse ({t_parse:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
