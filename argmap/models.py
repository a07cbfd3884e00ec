"""The data model: pydantic models shared by readers, analysis stages, stores and front ends.

This module imports nothing from the rest of argmap (see STYLE.md: data flows one way).

Ids are ``str`` and stable: reading the same input twice yields the same ids.

* ``thread_id``  – from the source (``reddit:3hahrw``, ``lw:<postId>``, ``hn:<id>``) or, for inputs
  without ids, a content hash (``text:<sha1[:12]>``).
* ``comment_id`` – unique in a store: ``<thread_id>/<source id>`` when the source id is only unique
  within its file, otherwise the source's own global id with the source prefix (``reddit:t1_abc``).
* ``claim_id``   – ``<comment_id>#<start>-<end>`` (character offsets into ``Comment.text``).
* ``quote_id``   – ``<comment_id>>q<start>-<end>``.
* ``relation_id``, ``crux_id`` – derived from their endpoints / normalised poles.

Character offsets are always into ``Comment.text`` (the plain text). ``Comment.raw`` keeps the
source's markup unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAP_FORMAT_VERSION = 1
"""Version of the serialised ArgumentMap (JSON export, embedded store)."""

SourceFormat = Literal[
    "lesswrong", "reddit", "hackernews", "jsonl", "csv", "markdown", "plaintext", "kialo", "argmap-json"
]
ClaimKind = Literal["assertion", "question"]
StanceKind = Literal["agree", "disagree", "partial", "neutral", "concession"]

# --- the stance-kind policy: what each kind means, in one place ----------------------------------
# Every stage and front end reads these (divergence, positions and the author index, exports, the
# TUI, evaluation, crux claims); change a meaning here and bump ``authorindex.SEGMENT_VERSION``
# when ``POSITION_KINDS`` changes.

STANCE_KINDS: tuple[str, ...] = ("agree", "disagree", "partial", "neutral", "concession")
"""Every stance kind, in the order badges and legends list them."""

SUPPORTING_KINDS = frozenset({"agree", "concession"})
"""Kinds that support their target (AIF ``RA``, Argdown ``+>``, a crux claim's camp): a concession
accepts the other's point."""

ATTACKING_KINDS = frozenset({"disagree", "partial"})
"""Kinds that attack their target (AIF ``CA``, Argdown ``->``, the sharpest disagreements): a
partial agreement ("yes, but ...") still marks divergence."""

POSITION_KINDS: tuple[str, ...] = ("agree", "disagree", "partial", "concession")
"""Kinds an author's positions and the author × author matrix count (``neutral`` takes no side)."""

DISAGREEMENT_WEIGHT: dict[str, float] = {"disagree": 1.0, "partial": 0.5}
"""How much of a disagreement one relation of each kind is, where disagreement is weighed (a
cell's balance, the HTML divergence share): a partial agreement counts as half; other kinds 0."""

AGREEMENT_LABEL_OF: dict[str, str] = {"agree": "agree", "concession": "agree", "disagree": "disagree",
                                    "neutral": "neutral"}
"""Each kind on the agree / disagree / neutral scale of labelled data (evaluation): a concession is
agreement (the author accepts the other's point); ``partial`` is whatever the evaluation's
``partial_as`` says, see ``agreement_label``."""


def disagreement_weight(kind: str) -> float:
    """``DISAGREEMENT_WEIGHT`` of ``kind`` (0 for kinds that are no disagreement)."""
    return DISAGREEMENT_WEIGHT.get(kind, 0.0)


def agreement_label(kind: str, partial_as: str) -> str:
    """``kind`` on the agree / disagree / neutral scale of labelled data; ``partial`` becomes
    ``partial_as`` (annotators split on "yes, but ..."; the stance parameters choose)."""
    if kind == "partial":
        return partial_as
    return AGREEMENT_LABEL_OF.get(kind, kind)

RelationLevel = Literal["reply", "quote"]
CommentKind = Literal["post", "comment"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


class Author(_Model):
    """A participant. ``known`` is False for placeholder parties of pasted text (``?A``, ``?B``):
    argmap never invents names, but keeps different unknown parties apart."""

    author_id: str
    name: str | None = None
    display_name: str | None = None
    known: bool = True

    @property
    def label(self) -> str:
        if self.known:
            return self.display_name or self.name or self.author_id
        return f"unknown {self.author_id.lstrip('?')}"


class Thread(_Model):
    thread_id: str
    title: str | None = None
    source_format: SourceFormat
    url: str | None = None
    source_path: str | None = None
    """The file it was read from (provenance), as given on the command line."""
    created_at: datetime | None = None
    skipped: int = 0
    """Items the reader skipped or repaired (``more`` stubs, malformed items, ...)."""
    fetched_at: datetime | None = None
    """When ``argmap ingest URL`` downloaded the thread from ``url`` (None for files)."""


class Comment(_Model):
    comment_id: str
    thread_id: str
    parent_id: str | None = None
    author: str | None = None
    """``Author.author_id`` of the writer, ``None`` when the source has no author at all."""
    created_at: datetime | None = None
    score: int | None = None
    agreement_score: float | None = None
    """LessWrong's agreement karma (``extendedScore.agreement``) when the source has it."""
    raw: str = ""
    """The text exactly as the source had it (Markdown, HTML or plain)."""
    text: str = ""
    """Plain text derived from ``raw``: markup removed, paragraphs separated by blank lines,
    quoted passages kept in place (their spans are the comment's ``Quote`` objects)."""
    url: str | None = None
    """Permalink, when the source has one."""
    kind: CommentKind = "comment"
    index: int = 0
    """Position of the comment in the source (reading order)."""
    deleted: bool = False
    dead: bool = False
    """Flagged dead by the site (Hacker News: killed by moderators or filters); kept, not hidden."""
    source_parent_id: str | None = None
    """The parent the source named when that parent was not in the input: the comment hangs from
    the post (or the top level) meanwhile, and merging an input that holds the parent re-attaches it."""


class Claim(_Model):
    claim_id: str
    comment_id: str
    thread_id: str
    author: str | None = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: ClaimKind = "assertion"

    @model_validator(mode="after")
    def _check_span(self) -> "Claim":
        if self.end < self.start:
            raise ValueError(f"claim {self.claim_id}: end {self.end} < start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"claim {self.claim_id}: text length does not match offsets")
        return self


class QuoteAnswer(_Model):
    """The stance of the words after a quote towards the quoted words (see ``Quote.answer``)."""

    kind: StanceKind
    confidence: float = Field(ge=0.0, le=1.0)
    uncertain: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class Quote(_Model):
    """A passage of another party's words inside a comment (Markdown ``>``, HTML ``<blockquote>``,
    or an unmarked quote line of pasted text). ``start``/``end`` index ``Comment.text`` of the
    quoting comment. The ``source_*`` fields are filled in by quote resolution."""

    quote_id: str
    comment_id: str
    thread_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    marker: Literal["markdown", "html", "plaintext", "forum"] = "markdown"
    quoted_author: str | None = None
    """Author the source names for the quote (forum quote tags), or the placeholder party."""
    source_comment_id: str | None = None
    source_claim_id: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    score: float | None = None
    """Alignment score in [0, 100] of the match with its source."""
    answer: QuoteAnswer | None = None
    """How the quoting comment answers this passage when its source is not in the thread (the post
    itself, a deleted or unfetched comment): the stance stage's reading of the words after the quote
    against the quoted words. None where the source is in the thread: a quote-level ``Relation``
    says it there."""

    @property
    def resolved(self) -> bool:
        return self.source_comment_id is not None


class Evidence(_Model):
    """Why argmap believes something: a cue phrase, a negated overlap, a quote, a contrast pattern."""

    kind: str
    text: str
    comment_id: str | None = None
    claim_id: str | None = None
    start: int | None = None
    end: int | None = None
    score: float | None = None
    pattern: str | None = None
    """Name of the rule that produced it (e.g. the contrast pattern ``x-vs-y``), when there is one."""
    author: str | None = None
    """Whose words these are, when the evidence places an author (a crux side)."""


class Relation(_Model):
    """Stance of one comment (or claim) towards another: ``source`` responds to ``target``."""

    relation_id: str
    thread_id: str
    kind: StanceKind
    level: RelationLevel = "reply"
    source_comment_id: str
    target_comment_id: str
    source_claim_id: str | None = None
    target_claim_id: str | None = None
    source_author: str | None = None
    target_author: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    """Calibrated probability of ``kind`` (see README, "Stance")."""
    uncertain: bool = False
    """The confidence is below the stance model's threshold: the UI and the HTML map show it faded."""
    evidence: list[Evidence] = Field(default_factory=list)


class CruxPole(_Model):
    concept: str
    """Normalised concept (lemmatised, no determiners)."""
    variants: list[str] = Field(default_factory=list)
    """Surface forms seen in the thread."""
    authors: list[str] = Field(default_factory=list)
    claim_ids: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    """Why each author stands here: one sentence of their own (a claim on this pole, a one-sided
    contrast, or their stance towards a claim on a pole), ``Evidence.author`` naming them."""


CruxForm = Literal["concepts", "claim"]


class Crux(_Model):
    crux_id: str
    thread_id: str
    label: str
    """``"X vs Y"`` for contrasted concepts; the disputed claim's words for a crux claim."""
    poles: list[CruxPole]
    score: float
    evidence: list[Evidence] = Field(default_factory=list)
    form: CruxForm = "concepts"
    """``concepts``: two contrasted concepts (written out as a contrast, or what each camp leans on);
    ``claim``: the claim most disputed across two camps (pole 0 its supporters, pole 1 its opponents)."""
    claim_id: str | None = None
    """The disputed claim of a ``claim`` crux."""
    unclear: list[str] = Field(default_factory=list)
    """Authors who took part but whose words put them on neither pole, or on both equally."""
    disagreements: int = 0
    """Disagree / partial relations about this crux."""
    share: float = 0.0
    """Share of the thread's disagreement (confidence-weighted disagree / partial relations) that this
    crux explains beyond what the cruxes ranked above it explain: cruxes are ordered by it, and a
    thread's shares add up to at most 1."""

    @property
    def participants(self) -> list[str]:
        """Every named author in it: on a pole, or taking part with their side ``unclear``."""
        return sorted({a for pole in self.poles for a in pole.authors} | set(self.unclear))

    def size_text(self) -> str:
        """"4 authors (1 unclear), 6 disagreements": how much of the thread a crux covers ("45
        unsigned claims, 31 disagreements" in a debate that names nobody)."""
        n = len(self.participants)
        claims = len({c for pole in self.poles for c in pole.claim_ids})
        text = f"{n} author{'s' * (n != 1)}" if n or not claims else f"{claims} unsigned claim{'s' * (claims != 1)}"
        if self.unclear:
            text += f" ({len(self.unclear)} unclear)"
        return f"{text}, {self.disagreements} disagreement{'s' * (self.disagreements != 1)}"


class ArgumentMap(_Model):
    """One thread with everything argmap derived from it. Readers return maps with only
    ``thread``, ``authors``, ``comments`` and ``quotes`` filled in; the analysis stages add the rest."""

    version: int = MAP_FORMAT_VERSION
    thread: Thread
    authors: list[Author] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    cruxes: list[Crux] = Field(default_factory=list)

    @property
    def thread_id(self) -> str:
        return self.thread.thread_id

    def comment(self, comment_id: str) -> Comment:
        for c in self.comments:
            if c.comment_id == comment_id:
                return c
        raise KeyError(comment_id)


class ThreadSummary(_Model):
    """One row of ``argmap threads``."""

    thread_id: str
    title: str | None = None
    source_format: str
    comments: int = 0
    authors: int = 0
    claims: int = 0
    quotes: int = 0
    relations: int = 0
    cruxes: int = 0


class Problem(_Model):
    """Something a reader skipped, repaired or could not read, reported in the ingest summary."""

    path: str
    where: str
    """Line, JSON path or item id."""
    message: str
    action: Literal["skipped", "repaired", "decoded-with-replacement", "counted"] = "skipped"

    def one_line(self) -> str:
        return f"{self.path}: {self.where}: {self.message} ({self.action})"
