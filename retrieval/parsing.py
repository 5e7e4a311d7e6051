"""One source file -> ParsedDoc (metadata + chunks), the unit the index stores."""

from __future__ import annotations

from pathlib import Path

from retrieval import chunking, cleaning, metadata
from retrieval.loading import LoadError, load
from retrieval.models import ParsedDoc

# Bump when cleaning, metadata or chunking change: every document is then parsed again
# (embeddings of unchanged chunk texts still come from the cache).
PIPELINE_VERSION = 7


def parse(path: Path) -> ParsedDoc:
    source = load(path)
    roles = cleaning.classify(source.lines)
    meta = metadata.extract(source.name, source.lines, roles)
    chunks = chunking.chunk(source.name, source.lines, roles)
    if not chunks:
        raise LoadError("không tìm thấy nội dung văn bản để lập chỉ mục")
    return ParsedDoc(meta=meta, chunks=chunks, sha256=source.sha256, roles=roles)
