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
    quote: str         # the cleaned source line it came from


@dataclass
class DocMeta:
    doc: str                       # file name in KNOWLEDGE_DIR
    title: str
    kind: str                      # announcement | decision | official | news
    title_line: int = 0
    number: MetaField | None = None
    date: MetaField | None = None  # value is ISO yyyy-mm-dd
    signer: MetaField | None = None
    signer_title: str = ""
    issuer: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "DocMeta":
        fields = {k: MetaField(**data[k]) if data.get(k) else None for k in ("number", "date", "signer")}
        return cls(**{**data, **fields})


@dataclass(frozen=True)
class Chunk:
    id: str
    doc: str
    text: str
    line_start: int
    line_end: int
    sentences: tuple[Sentence, ...]

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
