"""Typed data passed between the pipeline stages and out to the bot and CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class LineRole(str, Enum):
    BLANK = "blank"
    BODY = "body"          # indexed content
    TITLE = "title"        # indexed, also the document title
    HEADER = "header"      # issuing body, motto, number, place/date: metadata only
    NOISE = "noise"        # OCR fragments, stamps, image names, duplicated captions
    TRAILER = "trailer"    # recipients list, signature block
    BOILERPLATE = "boilerplate"  # website menus and footers


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned source, with the 1-based lines it spans."""

    text: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class MetaField:
    value: str
    line: int          # 1-based line the value was read from (0 = derived)
    quote: str         # verbatim text of lines line..line_end that shows it
    line_end: int = 0  # last line when the value spans several (0 = line)

    @property
    def last_line(self) -> int:
        return self.line_end or self.line


@dataclass(frozen=True)
class DocRef:
    """Another document cited by this one: 'Nghị định số 90/2019/NĐ-CP' and where."""

    name: str
    number: str        # '90/2019/NĐ-CP', or '' for a law cited by name
    line: int          # 1-based first line citing it
    quote: str         # verbatim text of lines line..line_end
    line_end: int = 0  # last line (0 = line)

    @property
    def last_line(self) -> int:
        return self.line_end or self.line


_FIELDS = ("number", "date", "signer", "subject")
_LISTS = {"recipients": MetaField, "based_on": DocRef, "replaces": DocRef, "amends": DocRef, "repeals": DocRef}


@dataclass
class DocMeta:
    """A document's metadata in the national format (Nghị định 30/2020/NĐ-CP), news reports too."""

    doc: str                       # file name in KNOWLEDGE_DIR
    title: str
    type: str = "văn bản"          # tên loại: thông báo, quyết định, công văn ... or tin tức
    title_line: int = 0
    number: MetaField | None = None
    date: MetaField | None = None  # value is ISO yyyy-mm-dd
    signer: MetaField | None = None
    subject: MetaField | None = None   # trích yếu ("V/v ..." of a letter), a report's headline
    place: str = ""
    issuer: str = ""
    parent_issuer: str = ""
    signer_title: str = ""         # position printed above the name
    signing_form: str = ""         # KT. | TM. | TL. | Q. | TUQ.
    signature_line: int = 0        # first line of the signature block (form, position) above the name
    recipients: list[MetaField] = field(default_factory=list)
    based_on: list[DocRef] = field(default_factory=list)
    replaces: list[DocRef] = field(default_factory=list)
    amends: list[DocRef] = field(default_factory=list)
    repeals: list[DocRef] = field(default_factory=list)

    @property
    def is_news(self) -> bool:
        return self.type == "tin tức"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "DocMeta":
        single = {k: MetaField(**data[k]) if data.get(k) else None for k in _FIELDS}
        lists = {k: [kind(**item) for item in data.get(k, [])] for k, kind in _LISTS.items()}
        return cls(**{**data, **single, **lists})


@dataclass(frozen=True)
class Chunk:
    id: str
    doc: str
    text: str
    line_start: int
    line_end: int
    sentences: tuple[Sentence, ...]
    context: str = ""    # searched, never quoted: its article heading, list intro or table header (context.py)

    @property
    def searched_text(self) -> str:
        """What the lexical index and the dense model see: the context, then the text."""
        return f"{self.context}\n{self.text}" if self.context else self.text

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Chunk":
        sentences = tuple(Sentence(**s) for s in data["sentences"])
        return cls(**{**data, "sentences": sentences})


@dataclass
class ParsedDoc:
    meta: DocMeta
    chunks: list[Chunk]
    sha256: str
    roles: list[LineRole] = field(default_factory=list)


@dataclass(frozen=True)
class Citation:
    n: int
    doc: str
    title: str
    line_start: int
    line_end: int
    quote: str
    number: str = ""
    date: str = ""

    def to_json(self) -> dict:
        return {"n": self.n, "doc": self.doc, "title": self.title, "line_start": self.line_start,
                "line_end": self.line_end, "quote": self.quote}


@dataclass
class Answer:
    status: str                    # answered | not_found | invalid
    text: str
    citations: list[Citation] = field(default_factory=list)
    generator: str = "extractive"
    latency_ms: float = 0.0
    language: str = "vi"
    retrieved: list[str] = field(default_factory=list)  # chunk ids, best first (for eval)

    def to_json(self) -> dict:
        return {"status": self.status, "answer": self.text,
                "citations": [c.to_json() for c in self.citations],
                "generator": self.generator, "latency_ms": round(self.latency_ms, 1)}


@dataclass
class FileFailure:
    doc: str
    reason: str


@dataclass
class ReloadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[FileFailure] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    duration_s: float = 0.0
    generation: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_json(self) -> dict:
        data = asdict(self)
        data["duration_s"] = round(self.duration_s, 3)
        return data
