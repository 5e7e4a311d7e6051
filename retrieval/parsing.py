"""One source file -> ParsedDoc (metadata + chunks), the unit the index stores."""

from __future__ import annotations

from pathlib import Path

from retrieval import chunking, cleaning, context, metadata, structure
from retrieval.loading import LoadError, load
from retrieval.models import DocMeta, LineRole, ParsedDoc

# Bump when cleaning, metadata or chunking change: every document is then parsed again
# (embeddings of unchanged chunk texts still come from the cache).
PIPELINE_VERSION = 13


def analyse(name: str, lines: list[str]) -> tuple[list[LineRole], DocMeta]:
    """Each line's role and the document's metadata."""
    parts = structure.parse(lines)
    roles = cleaning.classify(lines, parts)
    body = [i for i, role in enumerate(roles) if role is LineRole.BODY]
    return roles, metadata.extract(name, lines, parts, body)


def parse(path: Path) -> ParsedDoc:
    source = load(path)
    roles, meta = analyse(source.name, source.lines)
    chunks = context.with_context(chunking.chunk(source.name, source.lines, roles))
    if not chunks:
        raise LoadError("không tìm thấy nội dung văn bản để lập chỉ mục")
    return ParsedDoc(meta=meta, chunks=chunks, sha256=source.sha256, roles=roles)
