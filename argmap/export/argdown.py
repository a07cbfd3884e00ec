"""``--format argdown``: the map as Argdown (https://argdown.org), one statement per claim.

    # Thread title

    [alice 1]: Cats are better than dogs. #alice
      +> [bob 1]

``[title]: text`` defines a statement; an indented ``+> [other]`` below it says it supports
``other``, ``-> [other]`` that it attacks it. agree / concession are support, disagree / partial
are attack; neutral relations are kept as ``//`` comments. A comment that a relation points at as a
whole becomes a statement too. Titles are ``<author> <n>``; text is on one line with Argdown's
special characters backslash-escaped. Cruxes are listed at the end as ``//`` comments.
"""

from __future__ import annotations

import re

from argmap.export._common import MapIndex, one_line
from argmap.models import ATTACKING_KINDS, SUPPORTING_KINDS, ArgumentMap

_SPECIAL = re.compile(r"([\\\[\]<>#@*_`{}~+\-:])")
_TITLE_BAD = re.compile(r"[^\w .'-]+")


def escape(text: str) -> str:
    """One line of statement text with Argdown's markup characters escaped."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _title_base(label: str) -> str:
    return " ".join(_TITLE_BAD.sub(" ", label).split()) or "anonymous"


def render(amap: ArgumentMap) -> str:
    index = MapIndex(amap)
    titles: dict[str, str] = {}
    counters: dict[str, int] = {}

    def title(key: str, author_id: str | None) -> str:
        if key not in titles:
            base = _title_base(index.authors.label(author_id))
            counters[base] = counters.get(base, 0) + 1
            titles[key] = f"{base} {counters[base]}"
        return titles[key]

    statements: list[tuple[str, str, str | None]] = []  # key, text, author
    for cl in amap.claims:
        statements.append((f"claim:{cl.claim_id}", cl.text, cl.author))
    for comment_id in index.comment_endpoints():
        c = index.comments.get(comment_id)
        statements.append((f"comment:{comment_id}", c.text if c else comment_id, c.author if c else None))
    for key, _, author in statements:
        title(key, author)

    outgoing: dict[str, list[str]] = {}
    for rel in amap.relations:
        src, dst = index.endpoints(rel)
        target = titles[f"{dst.kind}:{dst.ident}"]
        if rel.kind in SUPPORTING_KINDS:
            line = f"+> [{target}]"
        elif rel.kind in ATTACKING_KINDS:
            line = f"-> [{target}]"
        else:
            line = f"// {rel.kind}: [{target}]"
        outgoing.setdefault(f"{src.kind}:{src.ident}", []).append(line)

    heading = escape(amap.thread.title or amap.thread_id)
    out = [f"# {heading}", ""]
    for key, text, author in statements:
        tag = re.sub(r"[^\w-]+", "-", _title_base(index.authors.label(author))).strip("-") or "anonymous"
        out.append(f"[{titles[key]}]: {escape(text)} #{tag}")
        out.extend(f"  {line}" for line in outgoing.get(key, []))
        out.append("")
    if amap.cruxes:
        out.append("// Cruxes")
        for crux in amap.cruxes:
            out.append(f"// {one_line(crux.label)}")
            for pole in crux.poles:
                members = ", ".join(f"[{titles[f'claim:{cid}']}]" for cid in pole.claim_ids
                                    if f"claim:{cid}" in titles)
                out.append(f"//   {one_line(pole.concept)}: {members}")
    return "\n".join(out).rstrip("\n") + "\n"
