"""Renderers of the argmap TUI: a map's claims, comments, quotes and cruxes as ``rich.text.Text``.

Every piece of comment text, author name or title comes from the web and is untrusted: it is
always put into a ``rich.text.Text`` as plain text (never parsed as markup), so a comment that says
``[bold]`` or ``[/]`` shows exactly that.
"""

from __future__ import annotations

from rich.text import Text

from argmap.models import Claim, Comment, Quote, Relation
from argmap.tui.data import STANCE_BADGES, MapIndex

SNIPPET = 90
MAX_LISTED = 25
"""Longest list of replies or exchanges written into a detail pane (the rest is counted)."""


def one_line(text: str, width: int = SNIPPET) -> str:
    """Text squeezed onto one line, cut at ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def badge(kind: str, uncertain: bool = False) -> Text:
    """``[agree]``, ``[disagree]`` ... in the stance's colour; an uncertain stance is dimmed and
    marked ``?`` (its confidence is below the stance model's threshold)."""
    label, style = STANCE_BADGES.get(kind, (kind, ""))
    if uncertain:
        return Text(f"[{label}?]", style=f"{style} dim".strip())
    return Text(f"[{label}]", style=style)


def author_text(index: MapIndex, author_id: str | None, style: str = "bold cyan") -> Text:
    return Text(index.author_label(author_id), style=style)


def comment_label(index: MapIndex, comment: Comment) -> Text:
    """One tree line for a comment: author, stance towards the parent, first words."""
    label = Text()
    label.append_text(author_text(index, comment.author))
    stance = index.reply_stance(comment.comment_id)
    if stance is not None:
        label.append(" ")
        label.append_text(badge(stance.kind, stance.uncertain))
    n = len(index.claims_of.get(comment.comment_id, ()))
    label.append(f"  {n} claim{'s' if n != 1 else ''}  ", style="dim")
    label.append(one_line(comment.text or ("[deleted]" if comment.deleted else ""), 70))
    return label


def claim_label(index: MapIndex, claim: Claim, *, with_author: bool = False, width: int = SNIPPET) -> Text:
    label = Text()
    if with_author:
        label.append_text(author_text(index, index.claim_author(claim.claim_id)))
        label.append(": ")
    marker = "?" if claim.kind == "question" else "•"
    label.append(f"{marker} ", style="bold")
    label.append(one_line(claim.text, width))
    cruxes = index.cruxes_of_claim.get(claim.claim_id)
    if cruxes:
        label.append("  ")
        for crux_id, pole in cruxes[:2]:
            concept = index.cruxes[crux_id].poles[pole].concept
            label.append(f"⚑{one_line(concept, 30)} ", style="bold yellow")
    return label


def quote_label(index: MapIndex, quote: Quote) -> Text:
    label = Text("❝ ", style="bold blue")
    label.append(one_line(quote.text, 70), style="italic blue")
    source = index.quote_source(quote)
    if source is not None:
        label.append("  ↪ ", style="dim")
        label.append_text(author_text(index, source[0].author, "cyan"))
    else:
        label.append("  (source not in thread)", style="dim")
        label.append_text(answer_text(quote))
    return label


def answer_text(quote: Quote) -> Text:
    """How the quoting comment answers a passage from outside the thread ("  answered: disagree
    0.80"), empty when the stance stage read no answer."""
    a = quote.answer
    if a is None:
        return Text()
    badge, style = STANCE_BADGES.get(a.kind, (a.kind, "dim"))
    return Text(f"  answered: {badge}{'?' if a.uncertain else ''} {a.confidence:.2f}",
                style="dim" if a.uncertain else style)


def comment_body(index: MapIndex, comment: Comment, highlight: str | None = None) -> Text:
    """The comment's text with quotes in blue italics and one claim (``highlight``) reversed."""
    body = Text(comment.text or ("[deleted]" if comment.deleted else "(empty)"))
    for q in index.quotes_by_comment.get(comment.comment_id, ()):
        body.stylize("italic blue", q.start, q.end)
    for cl in index.claims_of.get(comment.comment_id, ()):
        if cl.claim_id == highlight:
            body.stylize("reverse bold", cl.start, cl.end)
        elif cl.claim_id in index.cruxes_of_claim:
            body.stylize("underline", cl.start, cl.end)
    return body


def _heading(text: str) -> Text:
    return Text(f"\n{text}\n", style="bold underline")


def _relation_line(index: MapIndex, r: Relation, *, direct: bool = True) -> Text:
    line = Text("  ")
    line.append_text(badge(r.kind, r.uncertain))
    line.append(" ")
    line.append_text(author_text(index, r.source_author or _comment_author(index, r.source_comment_id)))
    line.append(f" ({r.confidence:.2f}{'' if direct else ', to the comment'}): ", style="dim")
    source_claim = index.claims.get(r.source_claim_id or "")
    if source_claim is not None:
        line.append(one_line(source_claim.text, 100))
    elif r.source_comment_id in index.comments:
        line.append(one_line(index.comments[r.source_comment_id].text, 100))
    for ev in r.evidence[:1]:
        line.append(f"\n      because {ev.kind}: ", style="dim")
        line.append(one_line(ev.text, 80), style="dim italic")
    return line


def _comment_author(index: MapIndex, comment_id: str) -> str | None:
    c = index.comments.get(comment_id)
    return c.author if c else None


def claim_detail(index: MapIndex, claim_id: str) -> Text:
    """Everything about one claim: its comment in context, its quote source, who answered it."""
    claim = index.claims.get(claim_id)
    if claim is None:
        return Text(f"Claim {claim_id} is not in this thread.", style="italic")
    comment = index.comments.get(claim.comment_id)
    out = Text()
    out.append_text(author_text(index, index.claim_author(claim_id)))
    out.append(f"  {claim.comment_id}", style="dim")
    for crux_id, pole in index.cruxes_of_claim.get(claim_id, ()):
        crux = index.cruxes[crux_id]
        out.append("\n⚑ side ", style="yellow")
        out.append(crux.poles[pole].concept, style="bold yellow")
        out.append(" of ", style="yellow")
        out.append(crux.label, style="yellow")
    if comment is not None:
        out.append_text(_heading("In context"))
        if comment.parent_id in index.comments:
            parent = index.comments[comment.parent_id]
            out.append("  replying to ", style="dim")
            out.append_text(author_text(index, parent.author, "cyan"))
            out.append(": ", style="dim")
            out.append(one_line(parent.text, 160), style="dim")
            out.append("\n\n")
        out.append_text(comment_body(index, comment, highlight=claim_id))
        out.append("\n")
    quote = index.quote_containing(claim)
    own_quotes = [quote] if quote is not None else index.quotes_by_comment.get(claim.comment_id, [])
    sourced = [(q, index.quote_source(q)) for q in own_quotes]
    out.append_text(_heading("Quote source"))
    if not sourced:
        out.append("  This comment quotes nothing.\n", style="dim")
    for q, source in sourced:
        out.append("  ❝ ", style="bold blue")
        out.append(one_line(q.text, 120), style="italic blue")
        if source is None:
            out.append("\n    source not found in this thread", style="dim")
            out.append_text(answer_text(q))
            out.append("\n")
        else:
            out.append("\n    from ", style="dim")
            out.append_text(author_text(index, source[0].author, "cyan"))
            out.append(f" in {source[0].comment_id}" + (f" (score {q.score:.0f})" if q.score is not None else "")
                       + "\n", style="dim")
    quoted_by = index.quotes_of_claim.get(claim_id, [])
    if quoted_by:
        out.append_text(_heading(f"Quoted by ({len(quoted_by)})"))
        for q in quoted_by:
            out.append("  ")
            out.append_text(author_text(index, _comment_author(index, q.comment_id), "cyan"))
            out.append(f" in {q.comment_id}\n", style="dim")
    replies = index.replies_to_claim(claim_id)
    out.append_text(_heading(f"Replies ({len(replies)})"))
    if not replies:
        out.append("  Nobody answered this claim.\n", style="dim")
    for r, direct in replies[:MAX_LISTED]:
        out.append_text(_relation_line(index, r, direct=direct))
        out.append("\n")
    _more(out, len(replies))
    return out


def _more(out: Text, total: int) -> None:
    if total > MAX_LISTED:
        out.append(f"  … and {total - MAX_LISTED} more\n", style="dim")


def comment_detail(index: MapIndex, comment_id: str) -> Text:
    comment = index.comments.get(comment_id)
    if comment is None:
        return Text(f"Comment {comment_id} is not in this thread.", style="italic")
    out = Text()
    out.append_text(author_text(index, comment.author))
    out.append(f"  {comment_id}", style="dim")
    if comment.score is not None:
        out.append(f"  score {comment.score}", style="dim")
    stance = index.reply_stance(comment_id)
    if stance is not None and comment.parent_id in index.comments:
        out.append("\n")
        out.append_text(badge(stance.kind, stance.uncertain))
        out.append(" towards ", style="dim")
        out.append_text(author_text(index, index.comments[comment.parent_id].author, "cyan"))
        for ev in stance.evidence[:2]:
            out.append(f"\n  because {ev.kind}: ", style="dim")
            out.append(one_line(ev.text, 100), style="dim italic")
    out.append("\n\n")
    out.append_text(comment_body(index, comment))
    claims = index.claims_of.get(comment_id, [])
    out.append_text(_heading(f"Claims ({len(claims)})"))
    for cl in claims:
        out.append("  ")
        out.append_text(claim_label(index, cl, width=140))
        out.append("\n")
    answers = index.relations_to_comment.get(comment_id, [])
    if answers:
        out.append_text(_heading(f"Replies ({len(answers)})"))
        for r in answers[:MAX_LISTED]:
            out.append_text(_relation_line(index, r))
            out.append("\n")
        _more(out, len(answers))
    return out


def quote_detail(index: MapIndex, quote_id: str) -> Text:
    quote = index.quotes[quote_id]
    out = Text("❝ ", style="bold blue")
    out.append(quote.text, style="italic blue")
    out.append("\n\n")
    source = index.quote_source(quote)
    if source is None:
        out.append("The quoted passage is not from a comment of this thread.", style="dim")
        if quote.answer is not None:
            out.append("\nThe comment answers it:")
            out.append_text(answer_text(quote))
        return out
    comment, claim = source
    out.append("Quoted from ")
    out.append_text(author_text(index, comment.author))
    out.append(f" ({comment.comment_id}); press g to jump there.\n\n", style="dim")
    highlight = claim.claim_id if claim is not None else None
    out.append_text(comment_body(index, comment, highlight=highlight))
    return out


def crux_header(index: MapIndex, crux_id: str) -> Text:
    crux = index.cruxes[crux_id]
    out = Text(crux.label, style="bold yellow")
    form = "crux claim" if crux.form == "claim" else "contrast"
    out.append(f"   {form} · explains {crux.share:.0%} of the disagreement · {crux.size_text()}"
               f" · score {crux.score:.2f}\n", style="dim")
    for i, pole in enumerate(crux.poles):
        out.append(f"  {'AB'[i] if i < 2 else i + 1}  ", style="bold reverse")
        out.append(f" {pole.concept}", style="bold")
        variants = [v for v in pole.variants if v != pole.concept]
        if variants:
            out.append(f" ({', '.join(one_line(v, 30) for v in variants[:3])})", style="dim")
        out.append("  — ")
        authors = index.pole_authors(crux, i)
        if authors:
            for j, a in enumerate(authors):
                if j:
                    out.append(", ")
                out.append_text(author_text(index, a, "cyan"))
        elif pole.claim_ids:
            n = len(pole.claim_ids)
            out.append(f"{n} unsigned claim{'s' * (n != 1)}", style="dim")
        else:
            out.append("no author", style="dim")
        out.append("\n")
        for ev in pole.evidence[:3]:  # why each author stands here, in their own words
            out.append("       ")
            out.append_text(author_text(index, ev.author, "cyan"))
            out.append(": ", style="dim")
            out.append(one_line(ev.text, 110), style="italic")
            out.append("\n")
    if crux.unclear:
        out.append("  unclear: ", style="dim")
        out.append(", ".join(index.author_label(a) for a in crux.unclear), style="dim")
        out.append("\n")
    for ev in crux.evidence[:1]:
        out.append("  from: ", style="dim")
        out.append(one_line(ev.text, 140), style="dim italic")
    return out


def crux_option(index: MapIndex, crux_id: str) -> Text:
    crux = index.cruxes[crux_id]
    text = Text(one_line(crux.label, 50), style="bold")
    text.append(f"\n  {crux.score:.2f} · {len(index.crux_authors(crux_id))} authors · "
                f"{sum(len(p.claim_ids) for p in crux.poles)} claims", style="dim")
    return text


def author_position_text(index: MapIndex, author_id: str) -> Text:
    pos = index.author_position(author_id)
    out = author_text(index, author_id)
    out.append(f"  {index.comment_count_by_author.get(author_id, 0)} comments, {len(pos.claims)} claims\n",
               style="dim")
    out.append_text(_heading("Crux sides"))
    if not pos.crux_sides:
        out.append("  none\n", style="dim")
    for crux, concept in pos.crux_sides:
        out.append("  ⚑ ", style="yellow")
        out.append(concept, style="bold yellow")
        out.append("  in ", style="dim")
        out.append(crux.label + "\n")
    for title, people in (("Agrees with", pos.agrees_with), ("Disagrees with", pos.disagrees_with),
                          ("Agreed with by", pos.agreed_by), ("Disagreed with by", pos.disagreed_by)):
        out.append_text(_heading(title))
        if not people:
            out.append("  nobody\n", style="dim")
        for other, n in people[:10]:
            out.append("  ")
            out.append_text(author_text(index, other, "cyan"))
            out.append(f" ×{n}\n", style="dim")
    if pos.concessions:
        out.append_text(_heading("Concessions"))
        for r in pos.concessions:
            out.append("  ↺ ", style="magenta")
            out.append(one_line(index.comments[r.source_comment_id].text
                                if r.source_comment_id in index.comments else r.source_comment_id, 100))
            out.append("\n")
    out.append_text(_heading("Claims"))
    for cl in pos.claims[:50]:
        out.append("  ")
        out.append_text(claim_label(index, cl, width=110))
        out.append("\n")
    if len(pos.claims) > 50:
        out.append(f"  … and {len(pos.claims) - 50} more (search with /)\n", style="dim")
    return out


def exchanges_text(index: MapIndex, source: str, target: str) -> Text:
    relations = index.exchanges(source, target)
    out = author_text(index, source)
    out.append(" → ", style="dim")
    out.append_text(author_text(index, target))
    out.append(f": {len(relations)} exchange{'s' if len(relations) != 1 else ''}\n", style="dim")
    if not relations:
        out.append(f"  {index.author_label(source)} never answered {index.author_label(target)}.",
                   style="dim")
    for r in relations[:MAX_LISTED]:
        out.append_text(_relation_line(index, r))
        out.append("\n     to: ", style="dim")
        target_claim = index.claims.get(r.target_claim_id or "")
        if target_claim is not None:
            out.append(one_line(target_claim.text, 100), style="italic")
        elif r.target_comment_id in index.comments:
            out.append(one_line(index.comments[r.target_comment_id].text, 100), style="italic")
        out.append("\n")
    _more(out, len(relations))
    return out
