"""Claim splitting measured against the gold claim/premise spans of the CMV corpus (Hidey et al. 2017).

Each ``cmv/{positive,negative}/N.txt`` is one thread branch; ``N.metadata`` gives each post's
character range (title + posts), ``N.ann`` the gold ``main_claim``/``claim``/``premise`` spans
(brat standoff). Every post is turned into a Comment the way a reader would: Reddit's HTML-escaped
Markdown is unescaped and rendered with ``argmap.ingest.markup`` (``>`` quotes become Quote spans),
or with ``--markup none`` passed through with ``>`` lines as quotes. Claims are split, mapped back
to ``.txt`` offsets, and compared on tokens (``\\w+`` or one punctuation mark) of the posts:

  token P/R/F1   tokens inside any predicted claim vs tokens inside any gold span;
  boundary P/R   span starts and ends (as token positions) that coincide with a gold start/end;
  span P/R       one-to-one matches between predicted and gold spans with token Jaccard >= 0.5.

Printed for argmap's splitter, the same without clause splitting, and a naive baseline that makes
every spaCy sentence of the same text a claim.

Usage: python benchmarks/claims_cmv.py [--markup auto|none] [--errors N]
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import shared_data_dir  # noqa: E402

from argmap.ingest.claims import ClaimSettings, split_claims  # noqa: E402
from argmap.models import Comment, Quote  # noqa: E402
from argmap.nlp import load_nlp  # noqa: E402

GOLD_TYPES = {"main_claim", "claim", "premise"}
_TOKEN = re.compile(r"\w+|[^\w\s]")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+);")


@dataclass
class Post:
    file: str
    start: int
    end: int
    comment: Comment
    quotes: list[Quote]
    to_raw: list[int | None]
    """``.txt`` offset of each character of ``comment.text`` (None: added by the rendering)."""


@dataclass
class Branch:
    name: str
    text: str
    gold: list[tuple[int, int]]
    posts: list[Post] = field(default_factory=list)


# --- reading the corpus ---------------------------------------------------------------------

def read_gold(ann: Path) -> list[tuple[int, int]]:
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        kind_and_offsets = line.split("\t")[1]
        kind, offsets = kind_and_offsets.split(" ", 1)
        if kind not in GOLD_TYPES:
            continue
        for frag in offsets.split(";"):
            s, e = frag.split()
            spans.append((int(s), int(e)))
    return spans


def read_post_ranges(metadata: Path) -> list[tuple[str, int, int]]:
    out = []
    for line in metadata.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and parts[0] == "Title":
            out.append(("title", int(parts[1]), int(parts[2])))
        elif parts and parts[0] == "Content":
            out.append((parts[1], int(parts[-2]), int(parts[-1])))
    return out


def unescape(raw: str) -> tuple[str, list[int]]:
    """``html.unescape`` keeping, for each output character, the offset it came from in ``raw``."""
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(raw):
        out.append(raw[pos:m.start()])
        index.extend(range(pos, m.start()))
        rep = html.unescape(m.group())
        out.append(rep)
        index.extend([m.start()] * len(rep))
        pos = m.end()
    out.append(raw[pos:])
    index.extend(range(pos, len(raw)))
    return "".join(out), index


def align(plain: str, src: str) -> list[int | None]:
    """For each character of ``plain``, its offset in ``src`` (matching blocks), else None."""
    mapping: list[int | None] = [None] * len(plain)
    matcher = difflib.SequenceMatcher(None, plain, src, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    return mapping


def render(src: str, markup: str) -> tuple[str, list[tuple[int, int]], list[int | None]]:
    """Plain text, quote spans and plain→src offsets for one post."""
    if markup == "markdown":
        from argmap.ingest.markup import markdown_to_text

        r = markdown_to_text(src)
        return r.text, list(r.quotes), align(r.text, src)
    quotes = []
    pos = 0
    for line in src.splitlines(keepends=True):
        if line.lstrip().startswith(">"):
            quotes.append((pos, pos + len(line.rstrip("\n"))))
        pos += len(line)
    return src, quotes, list(range(len(src)))


def read_branches(cmv: Path, markup: str) -> list[Branch]:
    branches = []
    for txt in sorted(cmv.glob("*/*.txt")):
        text = txt.read_text(encoding="utf-8")
        name = f"{txt.parent.name}/{txt.stem}"
        branch = Branch(name, text, read_gold(txt.with_suffix(".ann")))
        for post_id, start, end in read_post_ranges(txt.with_suffix(".metadata")):
            src, src_index = unescape(text[start:end])
            plain, quote_spans, to_src = render(src, markup)
            to_raw = [None if i is None else start + src_index[i] for i in to_src]
            cid = f"cmv:{name}/{post_id}"
            comment = Comment(comment_id=cid, thread_id=f"cmv:{name}", author=None, raw=src, text=plain)
            quotes = [Quote(quote_id=f"{cid}>q{s}-{e}", comment_id=cid, thread_id=comment.thread_id,
                            start=s, end=e, text=plain[s:e]) for s, e in quote_spans]
            branch.posts.append(Post(name, start, end, comment, quotes, to_raw))
        branches.append(branch)
    return branches


# --- predictions ----------------------------------------------------------------------------

def to_raw_span(post: Post, start: int, end: int) -> tuple[int, int] | None:
    mapped = [post.to_raw[i] for i in range(start, end) if post.to_raw[i] is not None]
    if not mapped:
        return None
    return mapped[0], mapped[-1] + 1


def predict(branches: list[Branch], docs: dict[str, object], method: str) -> dict[str, list[tuple[int, int]]]:
    settings = ClaimSettings(split_clauses=(method == "argmap"))
    out: dict[str, list[tuple[int, int]]] = {}
    for branch in branches:
        spans = []
        for post in branch.posts:
            doc = docs[post.comment.comment_id]
            if method == "sentences":
                pieces = []
                for sent in doc.sents:
                    s, e = sent.start_char, sent.end_char
                    while s < e and post.comment.text[s].isspace():
                        s += 1
                    while e > s and post.comment.text[e - 1].isspace():
                        e -= 1
                    if e > s:
                        pieces.append((s, e))
            else:
                claims = split_claims(post.comment, doc, post.quotes, settings=settings)
                pieces = [(c.start, c.end) for c in claims]
            for s, e in pieces:
                raw = to_raw_span(post, s, e)
                if raw is not None:
                    spans.append(raw)
        out[branch.name] = spans
    return out


# --- scoring --------------------------------------------------------------------------------

def token_index(branch: Branch) -> list[tuple[int, int]]:
    toks = []
    for post in branch.posts:
        for m in _TOKEN.finditer(branch.text, post.start, post.end):
            toks.append((m.start(), m.end()))
    return sorted(set(toks))


def covered(tokens: list[tuple[int, int]], span: tuple[int, int]) -> list[int]:
    """Indices of tokens lying inside ``span`` (a token counts when its middle is inside)."""
    s, e = span
    return [i for i, (ts, te) in enumerate(tokens) if s <= (ts + te - 1) // 2 < e]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def score(branches: list[Branch], predicted: dict[str, list[tuple[int, int]]]) -> dict[str, Score]:
    tok, bound, span = Score(), Score(), Score()
    n_pred = 0
    for branch in branches:
        tokens = token_index(branch)
        gold = [set(covered(tokens, g)) for g in branch.gold]
        gold = [g for g in gold if g]
        pred = [set(covered(tokens, p)) for p in predicted[branch.name]]
        pred = [p for p in pred if p]
        n_pred += len(pred)
        g_tok = set().union(*gold) if gold else set()
        p_tok = set().union(*pred) if pred else set()
        tok.add(len(g_tok & p_tok), len(p_tok - g_tok), len(g_tok - p_tok))
        g_b = {("s", min(g)) for g in gold} | {("e", max(g)) for g in gold}
        p_b = {("s", min(p)) for p in pred} | {("e", max(p)) for p in pred}
        bound.add(len(g_b & p_b), len(p_b - g_b), len(g_b - p_b))
        pairs = sorted(((len(p & g) / len(p | g), i, j) for i, p in enumerate(pred)
                        for j, g in enumerate(gold) if p & g), reverse=True)
        used_p: set[int] = set()
        used_g: set[int] = set()
        for jac, i, j in pairs:
            if jac < 0.5:
                break
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
        span.add(len(used_p), len(pred) - len(used_p), len(gold) - len(used_g))
    return {"tokens": tok, "boundaries": bound, "spans": span, "n_pred": n_pred}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markup", choices=["auto", "markdown", "none"], default="auto")
    ap.add_argument("--errors", type=int, default=0, help="print N missed gold spans and N spurious claims")
    args = ap.parse_args(argv)
    cmv = shared_data_dir("cmv")
    markup = args.markup
    if markup == "auto":
        try:
            import argmap.ingest.markup  # noqa: F401
            markup = "markdown"
        except ImportError:
            markup = "none"

    t0 = time.perf_counter()
    branches = read_branches(cmv, markup)
    posts = [p for b in branches for p in b.posts]
    nlp = load_nlp()
    docs = {cid: doc for doc, cid in nlp.pipe(((p.comment.text, p.comment.comment_id) for p in posts),
                                               as_tuples=True, batch_size=64)}
    n_gold = sum(len(b.gold) for b in branches)
    print(f"CMV: {len(branches)} branches, {len(posts)} posts, {n_gold} gold claim/premise spans, "
          f"markup={markup}, parsed in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    print(f"{'method':<26}{'claims':>7}  {'tok P':>6}{'tok R':>7}{'tok F1':>7}  "
          f"{'bnd P':>6}{'bnd R':>7}{'bnd F1':>7}  {'span P':>6}{'span R':>7}{'span F1':>8}")
    results = {}
    for method, label in [("argmap", "argmap split_claims"),
                          ("no-clauses", "argmap, no clause split"),
                          ("sentences", "baseline: spaCy sentences")]:
        predicted = predict(branches, docs, method)
        results[method] = predicted
        s = score(branches, predicted)
        t, b, sp = s["tokens"], s["boundaries"], s["spans"]
        print(f"{label:<26}{s['n_pred']:>7}  {t.p:>6.3f}{t.r:>7.3f}{t.f1:>7.3f}  "
              f"{b.p:>6.3f}{b.r:>7.3f}{b.f1:>7.3f}  {sp.p:>6.3f}{sp.r:>7.3f}{sp.f1:>8.3f}")

    if args.errors:
        shown = 0
        for branch in branches:
            tokens = token_index(branch)
            pred_tok = set()
            for p in results["argmap"][branch.name]:
                pred_tok |= set(covered(tokens, p))
            for g in branch.gold:
                toks = set(covered(tokens, g))
                if toks and len(toks & pred_tok) < len(toks) / 2 and shown < args.errors:
                    print(f"MISSED {branch.name}: {branch.text[g[0]:g[1]]!r}")
                    shown += 1
        shown = 0
        for branch in branches:
            tokens = token_index(branch)
            gold_tok = set()
            for g in branch.gold:
                gold_tok |= set(covered(tokens, g))
            for p in results["argmap"][branch.name]:
                toks = set(covered(tokens, p))
                if toks and not toks & gold_tok and shown < args.errors:
                    print(f"SPURIOUS {branch.name}: {branch.text[p[0]:p[1]]!r}")
                    shown += 1


if __name__ == "__main__":
    main()
