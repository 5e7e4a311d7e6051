"""Key points of a document for digests: its most central sentences, quoted verbatim.

The chunks closest to the document's mean chunk vector are taken (chunk vectors come from the
embedding cache), and from each the sentence closest to that mean (sentences embedded on first use)."""

from __future__ import annotations

import numpy as np

from retrieval.answering import citation
from retrieval.embeddings import CachedEmbeddings
from retrieval.models import Citation, ParsedDoc
from retrieval.store import embed_text

MIN_CHARS = 40   # shorter sentences are headings or fragments, not points


def key_points(parsed: ParsedDoc, embeddings: CachedEmbeddings, k: int = 3) -> list[Citation]:
    """The k sentences most central to a document, as citations in reading order."""
    meta = parsed.meta
    chunks = [c for c in parsed.chunks
              if any(len(s.text) >= MIN_CHARS and s.line_start != meta.title_line for s in c.sentences)]
    if not chunks:
        return []
    chunk_vectors = embeddings.embed_matrix([embed_text(c, meta) for c in chunks])
    centroid = chunk_vectors.mean(axis=0)
    central = [chunks[i] for i in np.argsort(-(chunk_vectors @ centroid))[:k]]
    points = []
    for chunk in central:
        candidates = [s for s in chunk.sentences if len(s.text) >= MIN_CHARS and s.line_start != meta.title_line]
        vectors = embeddings.embed_matrix([s.text for s in candidates])
        points.append(candidates[int(np.argmax(vectors @ centroid))])
    points.sort(key=lambda s: (s.line_start, s.line_end))
    return [citation(n, meta, s.line_start, s.line_end, s.text) for n, s in enumerate(points, start=1)]
