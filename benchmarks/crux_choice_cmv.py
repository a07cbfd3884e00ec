"""Which claim of a disputed comment is disputed: argmap's choice against the CMV gold, issue 10.

    python benchmarks/crux_choice_cmv.py [--cache DIR] [--model]

A crux claim's comment often holds many claims (a CMV post holds seven candidates on average), and
``argmap.analysis.cruxes.claims._disputed_claim`` picks one: the one quote-level attacks point at,
else the one whose content words the replies share most (per square root of its own). On the CMV
branches of ``crux_cmv.py`` (never the held-out ones), every reply whose parent post has a
proposition that reply attacks in the gold (Hidey et al. 2017), and with such a proposition among
argmap's candidate claims of the post, is a question with a known answer: is the claim picked (with
that reply's stance edges as the attacks) one of the gold-attacked ones? The same question is
answered by simpler choices (the first candidate, the longest, the most shared words without the
normalisation, shared words plus the words the reply negates) and, with ``--model``, by the stance
model's disagreement probability for each (candidate, reply) pair. Chance is the mean share of
gold candidates.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crux_cmv as cc  # noqa: E402
import crux_eval as ce  # noqa: E402
from relations_cmv import ATTACK_RELS, read_standoff  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="keep each branch's analysed map here and reuse it (crux_cmv.py's)")
    ap.add_argument("--model", action="store_true", help="also score each candidate with the stance model")
    args = ap.parse_args(argv)
    if not cc.CMV.is_dir():
        print(f"skipped: {cc.CMV} is absent (the shared development data)", file=sys.stderr)
        return 0
    from argmap.analysis.cruxes import claims as C
    from argmap.analysis.stance import StanceSettings
    from argmap.mapindex import MapIndex
    from argmap.nlp import load_nlp

    nlp = load_nlp()
    settings = C.CruxClaimSettings()
    model = None
    if args.model:
        from argmap.analysis.stance.model import load_model
        model = load_model()
    choices = ["argmap", "first candidate", "longest", "most shared words", "shared + negated words"]
    if model is not None:
        choices.append("stance model, P(disagree)")
    right = dict.fromkeys(choices, 0)
    n = pairs = 0
    chance = 0.0
    todo = cc.branches(False)
    for i, entry in enumerate(todo, 1):
        cached = ce.load_cached(args.cache, entry, "model", nlp) if args.cache else None
        if cached is None:
            amap, docs, tp, ta = ce.analyse(ce.read_thread(cc.SHARED, entry), nlp, StanceSettings())
            if args.cache:
                ce.save_cached(args.cache, entry, "model", amap, docs, tp, ta)
        else:
            amap, docs, *_ = cached
        print(f"[{i}/{len(todo)}] {entry['name']}", file=sys.stderr)
        _, spans, rels, post_of = read_standoff(entry["txt"])
        index = MapIndex(amap)
        own = C._OwnWords(amap, docs)
        for reply in amap.comments:
            parent = index.comments.get(reply.parent_id or "")
            if parent is None:
                continue
            rp, pp = reply.comment_id.rsplit("/", 1)[-1], parent.comment_id.rsplit("/", 1)[-1]
            gold = [spans[a2][2] for kind, a1, a2 in rels if kind in ATTACK_RELS and a1 in spans and a2 in spans
                    and post_of(spans[a1][0]) == rp and post_of(spans[a2][0]) == pp]
            if not gold:
                continue
            pairs += 1
            doc = docs.get(parent.comment_id)
            claims = sorted(index.claims_of.get(parent.comment_id, []), key=lambda c: c.start)
            cands = [cl for cl in claims if ((C._argues(cl, settings) and C.states_a_position(doc, cl))
                                             or (C._asks(cl, settings) and C._rhetorical(doc, cl)))
                     and not C._points_elsewhere(doc, cl, settings) and not C._about_the_addressee(doc, cl)
                     and not C._hedge(doc, cl)]
            labels = [any(cc._overlap(cl.text, g) for g in gold) for cl in cands]
            if not any(labels):
                continue
            n += 1
            chance += sum(labels) / len(labels)
            attacks = [r for r in amap.relations
                       if r.source_comment_id == reply.comment_id and r.target_comment_id == parent.comment_id]
            pick = C._disputed_claim(parent.comment_id, claims, attacks, attacks, docs, own, settings)
            right["argmap"] += any(lab and cl.claim_id == pick.claim_id for cl, lab in zip(cands, labels))
            words = own.whole(reply.comment_id)
            rdoc = docs[reply.comment_id]
            negated = {C._lemma(t.head) for t in rdoc if t.dep_ == "neg"}
            mine = [C._content(doc, cl.start, cl.end) for cl in cands]

            def best(key) -> bool:
                j = max(range(len(cands)), key=lambda k: (key(k), -k))
                return labels[j]

            right["first candidate"] += labels[0]
            right["longest"] += best(lambda k: len(mine[k]))
            right["most shared words"] += best(lambda k: len(mine[k] & words))
            right["shared + negated words"] += best(
                lambda k: (len(mine[k] & words) + len(mine[k] & negated)) / math.sqrt(len(mine[k])) if mine[k] else 0)
            if model is not None:
                probs = model.probabilities([(cl.text, reply.text) for cl in cands])
                right["stance model, P(disagree)"] += best(lambda k: probs[k][1])
    print(f"CMV branches: {len(todo)}; replies attacking a gold proposition of their parent: {pairs}, "
          f"{n} with one among argmap's candidate claims")
    print(f"  chance (mean share of gold candidates)  {100 * chance / max(n, 1):.1f}%")
    for name in choices:
        print(f"  {name:38} {ce.pct(right[name], n)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
