"""Crux finder measured against cruxes annotated by reading real threads (issue 10, "Measure").

    nice -n 5 python benchmarks/crux_eval.py [--stance model|features] [--only NAME ...]
    nice -n 5 python benchmarks/crux_eval.py --sides      # evidence for each side of the top cruxes

The evaluation set is ``benchmarks/crux_eval/annotations.json``: threads under ``../shared`` (CMV
branches, IAC, Reddit, LessWrong, Kialo, ConvoKit, the two seeds) with the points of contention a
reader found in each, written down before any crux finder was run on them. Thread texts stay in
``../shared``; only paths and annotations are in the repository.

Each thread is read once and analysed by ``argmap.pipeline.build_maps`` (claims, quotes, stance,
cruxes); the docs of its one ``nlp.pipe`` pass are kept and handed to the finders again. Two finders are scored on the
same map and docs:

* **new**: ``amap.cruxes`` as the current ``argmap.analysis.cruxes`` reports them;
* **old**: ``argmap/cruxes.py`` as of commit 48f874f (before the cruxes-v2 rewrite), loaded from
  ``git show`` into a temporary module and called as ``old.find_cruxes(amap, docs)``.

Matching. A reported crux's text is its label, its poles' concepts and variants, and the text of any
claim it carries (``claim_id``, ``claim_text``; for a passage quoted from outside the thread, its
``crux-quote`` evidence), lower-cased. It matches an annotated crux when

* concepts: the text holds a keyword alternative of each of the two annotated poles (a crux claim
  whose text names both poles matches too);
* claim: the text holds an alternative of every keyword group.

Keywords match at the start of a word ("elicit" finds "elicitation", "us" does not find "because").

Figures per finder: precision of the top 3 and top 10 (reported cruxes that match some annotated
crux of their thread / cruxes reported, over all threads, in the order returned), recall (annotated
cruxes matched by any reported crux / annotated cruxes), cruxes reported on the threads where
nobody disagrees (goal 0), whether each seed crux is found, a table per thread, and the finder's
time against the parse time.

After the figures, the run looks up every crux the new finder reports (top 10 per thread) in
``crux_eval/reading_judged.json``, the second reader's judgements, by (thread, rank, label), and
prints the figures those judgements give, and every reported crux no judgement covers yet (a change
of the finder's output needs reading again before its reading figures can be quoted).

``--sides`` prints, for the new finder's top 3 cruxes of each thread, every (author, pole, evidence
sentence) it reports, so that a person can judge whether the sentence really puts that author there
(the issue's "share of crux sides whose evidence sentence really puts that author there"). Fields the
Crux model may gain are read with ``getattr``; until poles carry evidence, their authors are listed.

Exits with "benchmark skipped: ..." when ``../shared`` is absent (see ``_data.py``). Without the
neural stance model file, ``--stance model`` falls back to the feature model with a warning.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import shared_data_dir  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = Path(__file__).resolve().parent / "crux_eval" / "annotations.json"
JUDGED = ANNOTATIONS.with_name("reading_judged.json")
OLD_COMMIT = "48f874f"
TOPS = (3, 10)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- reading the threads -------------------------------------------------------------------------


def read_thread(shared: Path, entry: dict):
    """The ArgumentMap of one annotated thread, fresh from its reader (no claims, no analysis)."""
    fmt = entry.get("format")
    path = shared / entry["path"]
    if fmt == "cmv-branch":
        from relations_cmv import branch_map, read_branch

        text, posts, _gold = read_branch(path)
        return branch_map(f"{path.parent.name}-{path.stem}", text, posts)
    if fmt == "iac":
        from argmap.evaluate.iac import iac_map

        return iac_map(path)[0]
    from argmap.ingest import read_path

    maps = []
    for p in [path] + [shared / q for q in entry.get("also", [])]:
        maps.extend(read_path(p, format=fmt).maps)
    wanted = entry.get("thread")
    if wanted:
        maps = [m for m in maps if m.thread_id == wanted]
        if not maps:
            raise LookupError(f"no thread {wanted!r} in {entry['path']}")
    elif len(maps) > 1 and not entry.get("also"):
        raise LookupError(f"{entry['path']} holds {len(maps)} threads; name one with 'thread'")
    return merge_maps(maps)


def merge_maps(maps):
    """One map from several readings of the same thread (LessWrong dumps of different users)."""
    if len(maps) == 1:
        return maps[0]
    first = maps[0]
    seen, comments, quotes, authors = set(), [], [], {}
    for m in maps:
        for a in m.authors:
            authors.setdefault(a.author_id, a)
        for c in m.comments:
            if c.comment_id not in seen:
                seen.add(c.comment_id)
                comments.append(c.model_copy(update={"index": len(comments)}))
        quotes.extend(q for q in m.quotes if q.comment_id in seen)
    return first.model_copy(update={"comments": comments, "quotes": list({q.quote_id: q for q in quotes}.values()),
                                    "authors": list(authors.values())})


class RecordingNLP:
    """The spaCy pipeline, keeping every Doc that ``nlp.pipe`` yields, in order (``build_maps``
    parses a fresh map's comments in map order), and the seconds spent parsing, so that the docs
    ``build_maps`` parsed once can be handed to the finders again."""

    def __init__(self, nlp):
        self._nlp = nlp
        self.docs: list = []
        self.seconds = 0.0

    def pipe(self, stream, *args, as_tuples: bool = False, **kwargs):
        items = iter(self._nlp.pipe(stream, *args, as_tuples=as_tuples, **kwargs))
        while True:
            t0 = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                self.seconds += time.perf_counter() - t0
                return
            self.seconds += time.perf_counter() - t0
            self.docs.append(item[0] if as_tuples else item)
            yield item

    def __call__(self, *args, **kwargs):
        return self._nlp(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._nlp, name)


def analyse(amap, nlp, stance):
    """(analysed map, docs, parse seconds, analysis seconds) from ``build_maps`` with full analysis."""
    from argmap.pipeline import build_maps

    recorder = RecordingNLP(nlp)
    t0 = time.perf_counter()
    [amap] = build_maps([amap], nlp=recorder, stance=stance)
    total = time.perf_counter() - t0
    docs = dict(zip((c.comment_id for c in amap.comments), recorder.docs, strict=True))
    return amap, docs, recorder.seconds, total - recorder.seconds


def _cache_stem(folder: Path, entry: dict, stance: str) -> Path:
    return folder / f"{entry['name']}.{stance}"


def save_cached(folder: Path, entry: dict, stance: str, amap, docs, t_parse: float, t_analysis: float) -> None:
    from spacy.tokens import DocBin

    folder.mkdir(parents=True, exist_ok=True)
    stem = _cache_stem(folder, entry, stance)
    ids = list(docs)
    DocBin(docs=[docs[k] for k in ids], store_user_data=False).to_disk(stem.with_suffix(stem.suffix + ".spacy"))
    stem.with_suffix(stem.suffix + ".json").write_text(json.dumps(
        {"map": amap.model_dump(mode="json"), "ids": ids, "parse": t_parse, "analysis": t_analysis}), encoding="utf-8")


def load_cached(folder: Path, entry: dict, stance: str, nlp):
    from spacy.tokens import DocBin

    from argmap.models import ArgumentMap

    stem = _cache_stem(folder, entry, stance)
    meta_path, bin_path = stem.with_suffix(stem.suffix + ".json"), stem.with_suffix(stem.suffix + ".spacy")
    if not meta_path.exists() or not bin_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    docs = dict(zip(meta["ids"], DocBin().from_disk(bin_path).get_docs(nlp.vocab), strict=True))
    return ArgumentMap.model_validate(meta["map"]), docs, meta["parse"], meta["analysis"]


def load_old_finder():
    """argmap/cruxes.py as of OLD_COMMIT, as a module of its own (None when git cannot show it)."""
    try:
        source = subprocess.run(["git", "show", f"{OLD_COMMIT}:argmap/cruxes.py"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        log(f"old finder unavailable ({exc}); scoring the new finder only")
        return None
    tmp = Path(tempfile.mkdtemp(prefix="crux_eval_")) / f"cruxes_{OLD_COMMIT}.py"
    tmp.write_text(source, encoding="utf-8")
    name = f"argmap_cruxes_{OLD_COMMIT}"
    spec = importlib.util.spec_from_file_location(name, tmp)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve their module while the class is built
    spec.loader.exec_module(module)
    return module


# --- matching ------------------------------------------------------------------------------------


def crux_text(crux, claims: dict[str, str]) -> str:
    parts = [getattr(crux, "label", "") or ""]
    for pole in getattr(crux, "poles", []) or []:
        parts.append(getattr(pole, "concept", "") or "")
        parts.extend(getattr(pole, "variants", []) or [])
    for attr in ("claim_text", "claim"):
        value = getattr(crux, attr, None)
        if isinstance(value, str):
            parts.append(value)
        elif value is not None and isinstance(getattr(value, "text", None), str):
            parts.append(value.text)
    claim_id = getattr(crux, "claim_id", None)
    if claim_id and claim_id in claims:
        parts.append(claims[claim_id])
    # a passage quoted from outside the thread is the disputed claim of its crux: its whole text
    parts.extend(e.text for e in getattr(crux, "evidence", []) or [] if getattr(e, "kind", "") == "crux-quote")
    return " | ".join(parts).lower()


def _has(text: str, alternatives: list[str]) -> bool:
    return any(re.search(r"(?<![a-z0-9])" + re.escape(kw.lower()), text) for kw in alternatives)


def matches(text: str, annotated: dict) -> bool:
    match = annotated["match"]
    groups = match["poles"] if annotated["form"] == "concepts" else match["keywords"]
    return all(_has(text, group) for group in groups)


# --- scoring -------------------------------------------------------------------------------------


class Score:
    def __init__(self, name: str, short: str):
        self.name, self.short = name, short
        self.top = {k: [0, 0] for k in TOPS}       # matched, reported
        self.recall = [0, 0]                       # matched, annotated
        self.agreeable_reported = 0
        self.seeds: list[tuple[str, str, int | None]] = []   # thread, label, rank found (1-based)
        self.rows: list[dict] = []
        self.seconds = 0.0

    def add(self, entry: dict, reported: list, claims: dict[str, str], seconds: float) -> None:
        texts = [crux_text(c, claims) for c in reported]
        annotated = entry["cruxes"]
        hit = [any(matches(t, a) for a in annotated) for t in texts]
        for k in TOPS:
            self.top[k][0] += sum(hit[:k])
            self.top[k][1] += len(hit[:k])
        found = [next((i + 1 for i, t in enumerate(texts) if matches(t, a)), None) for a in annotated]
        self.recall[0] += sum(r is not None for r in found)
        self.recall[1] += len(annotated)
        if entry.get("agreeable"):
            self.agreeable_reported += len(reported)
        for a, rank in zip(annotated, found):
            if a.get("seed"):
                self.seeds.append((entry["name"], a["label"], rank))
        self.seconds += seconds
        self.rows.append({"name": entry["name"], "reported": len(reported), "annotated": len(annotated),
                          "top3": f"{sum(hit[:3])}/{len(hit[:3])}", "found": sum(r is not None for r in found),
                          "agreeable": bool(entry.get("agreeable")), "labels": [c.label for c in reported[:3]]})


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "   n/a (0/0)"


def report(scores: list[Score], parse_seconds: float, n_threads: int, n_agreeable: int) -> None:
    print(f"\nCrux finders on {n_threads} annotated threads ({n_agreeable} where nobody disagrees)")
    print("goals: top-3 precision >= 80%, recall >= 70%, 0 cruxes on agreeable threads, seed cruxes found\n")
    for s in scores:
        print(f"== {s.name}")
        for k in TOPS:
            print(f"  precision top {k:<2}  {pct(*s.top[k])}")
        print(f"  recall           {pct(*s.recall)}")
        print(f"  cruxes on agreeable threads: {s.agreeable_reported}")
        for thread, label, rank in s.seeds:
            print(f"  seed {thread}: {label!r} {'found at rank ' + str(rank) if rank else 'NOT FOUND'}")
        share = f"{100 * s.seconds / parse_seconds:.1f}% of parse time" if parse_seconds else ""
        print(f"  time {s.seconds:.2f}s ({share})")
    print("\nper thread (top3 = matched/reported among the first 3; found = annotated cruxes matched)")
    header = f"{'thread':36} {'ann':>3}"
    for s in scores:
        header += f" | {s.short:>5} rep top3 found"
    print(header)
    for i, row in enumerate(scores[0].rows):
        line = f"{row['name'][:35] + ('*' if row['agreeable'] else ''):36} {row['annotated']:>3}"
        for s in scores:
            r = s.rows[i]
            line += f" |       {r['reported']:>3} {r['top3']:>4} {r['found']:>5}"
        print(line)
    print("(* = agreeable thread: every reported crux there is a false positive)")
    for s in scores:
        print(f"\n{s.name}: top 3 labels per thread")
        for r in s.rows:
            print(f"  {r['name']:36} {r['labels']}")


# --- sides ---------------------------------------------------------------------------------------


def print_sides(entry: dict, amap) -> None:
    claims = {c.claim_id: c.text for c in amap.claims}
    authors = {a.author_id: (getattr(a, "name", None) or a.author_id) for a in amap.authors}
    print(f"\n=== {entry['name']} ({entry['path']})")
    if not amap.cruxes:
        print("  (no cruxes)")
    for rank, crux in enumerate(amap.cruxes[:3], 1):
        text = crux_text(crux, claims)
        annotated = next((a for a in entry["cruxes"] if matches(text, a)), None)
        form = getattr(crux, "form", "concepts")
        print(f"  #{rank} [{form}] {crux.label!r}  score={getattr(crux, 'score', None)}"
              f" share={getattr(crux, 'share', None)} disagreements={getattr(crux, 'disagreements', None)}")
        print(f"     annotated: {annotated['label']!r} sides={annotated.get('sides')}" if annotated
              else "     annotated: (matches no annotated crux)")
        claim_id = getattr(crux, "claim_id", None)
        if claim_id:
            print(f"     claim: {claims.get(claim_id, claim_id)!r}")
        for i, pole in enumerate(crux.poles):
            name = pole.concept if form != "claim" else ("supporters", "opponents")[i] if i < 2 else pole.concept
            evidence = getattr(pole, "evidence", None) or []
            placed = set()
            for ev in evidence:
                who = getattr(ev, "author", None)
                placed.add(who)
                print(f"     - {authors.get(who, who)!s:24} on {name!r}: {_snip(ev.text)!r}")
            for who in pole.authors:
                if who not in placed:
                    print(f"     - {authors.get(who, who)!s:24} on {name!r}: (no evidence sentence)")
        unclear = getattr(crux, "unclear", None)
        if unclear:
            print(f"     unclear: {[authors.get(u, u) for u in unclear]}")


def _snip(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stance", choices=("model", "features"), default="model",
                    help="stance method for the analysis (default: model)")
    ap.add_argument("--sides", action="store_true", help="print the evidence for each side of the new finder's top 3")
    ap.add_argument("--only", nargs="*", default=None, help="thread names to run (default: all)")
    ap.add_argument("--annotations", type=Path, default=ANNOTATIONS,
                    help="the annotated threads (default: crux_eval/annotations.json; crux_eval/heldout.json "
                         "is the held-out set, annotated blind after the finder was built)")
    ap.add_argument("--no-old", action="store_true", help="skip the old finder")
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep each thread's analysed map and docs in this folder and reuse them (for working "
                         "on the finder: the parse and stance are not rerun; delete it after changing them)")
    args = ap.parse_args(argv)

    shared = shared_data_dir().parent
    entries = json.loads(args.annotations.read_text(encoding="utf-8"))["threads"]
    if args.only:
        entries = [e for e in entries if e["name"] in args.only]

    from argmap.analysis.cruxes import find_cruxes
    from argmap.nlp import load_nlp
    from argmap.analysis.stance import StanceSettings

    old = None if args.no_old else load_old_finder()
    nlp = load_nlp()
    stance = StanceSettings(method=args.stance)
    new_score = Score("new (current argmap.analysis.cruxes)", "new")
    old_score = Score(f"old (argmap/cruxes.py at {OLD_COMMIT})", "old")
    parse_total, used = 0.0, []
    reported: list[tuple[str, int, str]] = []  # (thread, rank, label) of the new finder's top cruxes
    t_start = time.perf_counter()
    for i, entry in enumerate(entries, 1):
        if not (shared / entry["path"]).exists():
            log(f"[{i}/{len(entries)}] {entry['name']}: skipped, {entry['path']} absent")
            continue
        cached = load_cached(args.cache, entry, args.stance, nlp) if args.cache else None
        if cached is not None:
            amap, docs, t_parse, t_analysis = cached
        else:
            try:
                amap = read_thread(shared, entry)
            except Exception as exc:  # noqa: BLE001 - one unreadable thread must not stop the benchmark
                log(f"[{i}/{len(entries)}] {entry['name']}: skipped, cannot read: {exc}")
                continue
            amap, docs, t_parse, t_analysis = analyse(amap, nlp, stance)
            if args.cache:
                save_cached(args.cache, entry, args.stance, amap, docs, t_parse, t_analysis)
        parse_total += t_parse
        claims = {c.claim_id: c.text for c in amap.claims}
        t0 = time.perf_counter()
        new_cruxes = find_cruxes(amap, docs)  # timed again on its own (build_maps ran it inside the analysis)
        t_new = time.perf_counter() - t0
        amap = amap.model_copy(update={"cruxes": new_cruxes})  # a cached map may hold an older finder's
        new_score.add(entry, list(amap.cruxes), claims, t_new)
        reported.extend((entry["name"], rank, c.label) for rank, c in enumerate(amap.cruxes[:max(TOPS)], 1))
        t_old = 0.0
        if old is not None:
            t0 = time.perf_counter()
            old_cruxes = old.find_cruxes(amap, docs)
            t_old = time.perf_counter() - t0
            old_score.add(entry, list(old_cruxes), claims, t_old)
        used.append(entry)
        log(f"[{i}/{len(entries)}] {entry['name']}: {len(amap.comments)} comments, parse {t_parse:.1f}s, "
            f"analysis {t_analysis:.1f}s, new {len(amap.cruxes)} cruxes in {t_new:.2f}s"
            + (f", old {len(old_cruxes)} in {t_old:.2f}s" if old is not None else "")
            + f"  [{time.perf_counter() - t_start:.0f}s]")
        if args.sides:
            print_sides(entry, amap)
    if not used:
        print("benchmark skipped: none of the annotated threads could be read")
        return 2
    if args.sides:
        return 0
    report([new_score] + ([old_score] if old is not None else []), parse_total, len(used),
           sum(bool(e.get("agreeable")) for e in used))
    if not args.only and args.stance == "model":  # the judgements are of the default stance's output
        report_judged(reported, sum(len(e["cruxes"]) for e in used), judged_file(args.annotations))
    return 0


def judged_file(annotations: Path) -> Path:
    """The second reader's judgements of an annotation set's reported cruxes: ``reading_judged.json``
    for ``annotations.json``, ``NAME_judged.json`` for any other ``NAME.json`` (``heldout_judged.json``)."""
    if annotations.resolve() == ANNOTATIONS.resolve():
        return JUDGED
    return annotations.with_name(annotations.stem + "_judged.json")


def report_judged(reported: list[tuple[str, int, str]], n_annotated: int, path: Path = JUDGED) -> None:
    """The reading judgements (``path``) of the cruxes reported now: the figures a second reader's
    judgements give, and how many reported cruxes no judgement covers (those need reading before the
    figures can be quoted). A judgement is looked up by (thread, rank, label), else by (thread,
    label): the same crux moved to another rank is still judged."""
    if not path.exists():
        return
    judgements = json.loads(path.read_text(encoding="utf-8"))["cruxes"]
    judged = {(c["thread"], c["rank"], c["label"]): c for c in judgements}
    by_label = {(c["thread"], c["label"]): c for c in judgements}  # the same crux moved to another rank
    found = [judged.get(key) or by_label.get((key[0], key[2])) for key in reported]
    missing = [key for key, j in zip(reported, found, strict=True) if j is None]
    shown = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
    print(f"\nreading-judged ({shown}): {len(reported) - len(missing)} of {len(reported)} "
          f"reported cruxes (top {max(TOPS)}) judged")
    for top in TOPS:
        rows = [j for (_, rank, _), j in zip(reported, found, strict=True) if j is not None and rank <= top]
        yes = sum(j["contention"] == "yes" for j in rows)
        same = sum(j["same_as_annotated"] is not None for j in rows)
        print(f"  top {top:<2}  contention {pct(yes, len(rows))}   same as annotated {pct(same, len(rows))}")
    matched = {(j["thread"], j["same_as_annotated"]) for j in found if j is not None and j["same_as_annotated"]}
    print(f"  annotated cruxes matched by reading {pct(len(matched), n_annotated)}")
    for thread, rank, label in missing:
        print(f"  not judged: {thread} #{rank} {label!r}")


if __name__ == "__main__":
    sys.exit(main())
