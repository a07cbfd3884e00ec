"""A quote-heavy forum thread built from real comment texts, and the quote stage timed on it.

The thread imitates a 4forums / LessWrong debate where people quote each other with ``>``: long
posts (several real comments joined into one post, each text used once, so nothing repeats by
accident), and in each reply 2-8 ``>`` quotes of sentences from earlier posts (mostly the parent,
sometimes an older post, one in seven a passage from outside the thread: an article the
quoter read), of one to six sentences, a third of them with small edits (a dropped word, "[...]", a contraction,
changed case). Texts come from the IAC 4forums threads and DEBAGREEMENT (``../shared/data``).

Writes the thread as one ConvoKit-style JSONL file (``argmap ingest`` reads it with its JSONL
reader, ``>`` quotes and all), then, unless ``--write-only``:

  (a) spaCy alone: ``nlp.pipe`` over the read comments' texts with load_nlp()'s components;
  (b) the whole ``argmap ingest`` of the file, in process (read, parse, claims, quotes, stance,
      cruxes, store), with the quote stage's own time measured inside it;

and prints words, quotes, wall and CPU seconds (this process) and the ratios (b)/(a) and quote stage/(a), in one run.

Usage: python benchmarks/quote_heavy.py [--posts 139] [--words-per-post 420] [--out PATH]
       [--write-only] [--stance features|model]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import shared_data_dir  # noqa: E402

_SENTENCE_RE = re.compile(r"[^.!?\n]{25,300}[.!?]")
_MARKUP_RE = re.compile(r"[>*_`#\[\]()&~|<\\]|https?:|www\.")


def real_texts(data: Path) -> list[str]:
    """Distinct real comment texts of at least 40 words: IAC posts, then DEBAGREEMENT comments."""
    out: list[str] = []
    seen: set[str] = set()

    def add(text: str) -> None:
        text = text.strip()
        if len(text.split()) >= 40 and text not in seen:
            seen.add(text)
            out.append(text)

    for path in sorted((data / "iac" / "discussions").glob("*.json")):
        for post in json.loads(path.read_text())[0]:
            add(post[3])
    dev = data / "debagreement" / "dev.csv"
    if dev.exists():
        with dev.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                add(row["body_parent"])
                add(row["body_child"])
    return out


def _passage(origin: str, rng: random.Random, tries: int = 8) -> str | None:
    """A run of one to six whole sentences of one paragraph of ``origin``, without Markdown (the
    reader renders "*", ">" and links, so quoted markup would not be the source's words) and not
    on a ``>`` line."""
    sentences = list(_SENTENCE_RE.finditer(origin))
    for _ in range(tries if sentences else 0):
        k = rng.randrange(len(sentences))
        start, end = sentences[k].span()
        for m in sentences[k + 1:k + rng.choice((1, 1, 2, 3, 6))]:
            if origin[end:m.start()].strip():
                break
            end = m.end()
        quote = origin[start:end].strip()
        line = origin[origin.rfind("\n", 0, start) + 1:start]
        # not inside a Markdown quote of the original comment: those words were not its author's
        if "\n" not in quote and not _MARKUP_RE.search(quote) and not line.lstrip().startswith(">"):
            return quote
    return None


def _edit(sentence: str, rng: random.Random) -> str:
    """A small edit a quoter makes: drop a word, cut the middle with [...], contract, re-case."""
    words = sentence.split()
    kind = rng.randrange(4)
    if kind == 0 and len(words) > 8:
        del words[rng.randrange(1, len(words) - 1)]
    elif kind == 1 and len(words) > 14:
        a = rng.randrange(4, len(words) // 2)
        words[a:a + rng.randrange(2, 5)] = ["[...]"]
    elif kind == 2:
        return re.sub(r"\b(do|is|are|would|can) not\b", r"\1n't", sentence.lower(), count=1)
    else:
        return sentence.lower()
    return " ".join(words)


def build_thread(texts: list[str], *, posts: int, words_per_post: int,
                 seed: int = 14) -> tuple[list[dict], list[tuple[str, str, str | None]]]:
    """Utterances (ConvoKit JSONL rows) of one quote-heavy thread, and the gold of its quotes:
    (quoting post id, quote text, quoted post id or ``None`` for a passage from outside)."""
    rng = random.Random(seed)
    pool = list(texts)
    rng.shuffle(pool)
    authors = [f"poster{i}" for i in range(max(4, posts // 5))]
    rows: list[dict] = []
    gold: list[tuple[str, str, str | None]] = []
    own: list[str] = []  # each post's own words (what later posts quote)
    for i in range(posts):
        body: list[str] = []
        while sum(len(t.split()) for t in body) < words_per_post and pool:
            body.append(pool.pop())
        if not body:
            break
        text = "\n\n".join(body)
        parent = None if i == 0 else rng.randrange(max(0, i - 10), i)
        parts: list[str] = []
        if parent is not None:
            for _ in range(rng.randrange(2, 9)):
                r = rng.random()
                if r < 0.15 and pool:  # a passage from outside the thread (an article, a book)
                    src, origin = None, pool.pop()
                else:
                    src = parent if r < 0.8 else rng.randrange(0, i)
                    origin = own[src]
                # a run of whole sentences of one paragraph, without Markdown (the reader renders
                # "*", ">" and links, so quoted markup would not be the source's words)
                quote = _passage(origin, rng)
                if quote is None:
                    continue
                if rng.random() < 0.33:
                    quote = _edit(quote, rng)
                parts.append(f"> {quote}")
                gold.append((f"p{i}", quote, None if src is None else f"p{src}"))
                parts.append(body.pop(0) if len(body) > 1 else "Exactly my point, see above.")
        parts.extend(body)
        author = authors[rng.randrange(len(authors))]
        if parent is not None and author == rows[parent]["speaker"]:
            author = authors[(authors.index(author) + 1) % len(authors)]
        rows.append({"id": f"p{i}", "speaker": author, "conversation_id": "p0",
                     "reply_to": None if parent is None else f"p{parent}",
                     "timestamp": 1_600_000_000 + 600 * i, "text": "\n\n".join(parts), "meta": {}})
        own.append(text)
    return rows, gold


def write_thread(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def attribution(path: Path, gold: list[tuple[str, str, str | None]]) -> str:
    """How resolve_quotes attributes the generated quotes (each quote's source is known)."""
    from argmap.ingest import read_path
    from argmap.analysis.quotes import resolve_quotes

    [amap] = read_path(str(path)).maps
    found = {}
    for q in resolve_quotes(amap):
        if q.marker != "forum":
            found[(q.comment_id.rsplit("/", 1)[-1], " ".join(q.text.split())[:40])] = q
    ok = wrong = missed = outside_ok = outside_linked = unmatched = 0
    for post, text, src in gold:
        q = found.get((post, " ".join(text.split())[:40]))
        if q is None:
            unmatched += 1
        elif src is None:
            outside_ok += not q.resolved
            outside_linked += q.resolved
        elif not q.resolved:
            missed += 1
        elif q.source_comment_id.rsplit("/", 1)[-1] == src:
            ok += 1
        else:
            wrong += 1
    inside = ok + wrong + missed
    return (f"attribution of the {inside} quotes of posts: {ok} right, {wrong} to another post, {missed} "
            f"unresolved (recall {ok / max(1, inside):.3f}); {outside_ok}/{outside_ok + outside_linked} quotes "
            f"from outside the thread left unresolved; {unmatched} quotes not found by the reader")


def measure(path: Path, stance: str) -> None:
    """(a) bare nlp.pipe vs (b) the whole in-process ingest, with the quote stage timed inside."""
    import argmap.analysis.quotes as quotes
    from argmap.cli import main as cli_main
    from argmap.ingest import read_path
    from argmap.nlp import load_nlp

    comments = [c for m in read_path(str(path)).maps for c in m.comments]
    words = sum(len(c.text.split()) for c in comments)
    nlp = load_nlp()
    print(f"parsing {len(comments)} comments with bare nlp.pipe ...", file=sys.stderr)
    for _ in nlp.pipe(c.text for c in comments[:4]):  # warm-up: lazy loading is not parse time
        pass
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe((c.text for c in comments), batch_size=64):
        pass
    bare, bare_cpu = time.perf_counter() - t0, time.process_time() - c0

    spent = {"quotes": 0.0, "calls": 0}
    names = [n for n in ("find_unmarked_quotes", "resolve_quotes", "link_quote_claims") if hasattr(quotes, n)]
    for name in names:
        fn = getattr(quotes, name)

        def timed(*a, _fn=fn, **k):
            t = time.perf_counter()
            try:
                return _fn(*a, **k)
            finally:
                spent["quotes"] += time.perf_counter() - t
                spent["calls"] += 1
        setattr(quotes, name, timed)
    with tempfile.TemporaryDirectory() as ws:
        print("running the whole argmap ingest ...", file=sys.stderr)
        t0, c0 = time.perf_counter(), time.process_time()
        cli_main.main(["ingest", str(path), "--stance", stance, "--store", ws], standalone_mode=False)
        whole, whole_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"thread: {len(comments)} posts, {words} words, {path}")
    print(f"(a) bare nlp.pipe:        {bare:7.1f} s wall, {bare_cpu:7.1f} s CPU")
    print(f"(b) whole argmap ingest:  {whole:7.1f} s wall, {whole_cpu:7.1f} s CPU = {whole / bare:.2f}x (a) wall, "
          f"{whole_cpu / bare_cpu:.2f}x CPU  (--stance {stance})")
    print(f"    quote stage inside (b): {spent['quotes']:6.2f} s wall = {spent['quotes'] / bare:.3f}x (a) "
          f"({spent['calls']} call(s) of {', '.join(names)})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=139)
    ap.add_argument("--words-per-post", type=int, default=420)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, help="where to write the JSONL thread (default: a temp file)")
    ap.add_argument("--write-only", action="store_true", help="write the thread and stop")
    ap.add_argument("--stance", default="features", choices=("features", "model"))
    args = ap.parse_args(argv)
    if args.posts < 2 or args.words_per_post < 1:
        ap.error("--posts must be at least 2 and --words-per-post at least 1")
    rows, gold = build_thread(real_texts(shared_data_dir()), posts=args.posts, words_per_post=args.words_per_post,
                        seed=args.seed)
    out = args.out or Path(tempfile.mkdtemp(prefix="argmap-quote-heavy-")) / "quote_heavy.jsonl"
    try:
        write_thread(out, rows)
    except OSError as exc:
        sys.exit(f"cannot write the thread to {out}: {exc.strerror}")
    n_quotes = sum(line.startswith("> ") for r in rows for line in r["text"].split("\n"))
    print(f"wrote {len(rows)} posts, {sum(len(r['text'].split()) for r in rows)} words, "
          f"{n_quotes} '>' quotes to {out}", file=sys.stderr)
    if not args.write_only:
        measure(out, args.stance)
        print(attribution(out, gold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
