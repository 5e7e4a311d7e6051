"""Verifying a model's draft: only markers that point at given excerpts survive, and each
surviving marker gets a quote cut by code from its excerpt — the sentence that best supports
the answer sentence carrying it."""

from __future__ import annotations

import re

from retrieval.answering import citation
from retrieval.lexical import terms
from retrieval.models import Answer, Chunk, Citation, DocMeta, Sentence

_MARKER_GROUP = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
NOT_FOUND_SIGNALS = ("không tìm thấy", "khong tim thay", "không có thông tin", "không đề cập",
                     "not found", "do not contain", "does not contain", "no information")


def says_not_found(draft: str) -> bool:
    head = draft.strip().lower()[:160]
    return any(signal in head for signal in NOT_FOUND_SIGNALS) and not _MARKER_GROUP.search(draft)


def _best_sentence(claim: str, chunk: Chunk) -> Sentence:
    wanted = set(terms(claim))
    return max(chunk.sentences, key=lambda s: (len(wanted & set(terms(s.text))), -len(s.text)))


def verify(draft: str, excerpts: list[Chunk], metas: dict[str, DocMeta]) -> Answer | None:
    """A grounded Answer, or None when no valid citation remains (then the caller falls back)."""
    numbering: dict[tuple[str, Sentence], int] = {}
    citations: list[Citation] = []
    out_sentences = []
    for claim in _SENTENCE.split(draft.strip()):
        def renumber(match: re.Match, claim: str = claim) -> str:
            kept = []
            for raw in re.split(r"\s*[,;]\s*", match.group(1)):
                n = int(raw)
                if not 1 <= n <= len(excerpts):
                    continue  # a marker the model invented
                chunk = excerpts[n - 1]
                sentence = _best_sentence(_MARKER_GROUP.sub("", claim), chunk)
                key = (chunk.id, sentence)
                if key not in numbering:
                    numbering[key] = len(numbering) + 1
                    citations.append(citation(numbering[key], metas[chunk.doc], sentence.line_start,
                                              sentence.line_end, sentence.text))
                kept.append(f"[{numbering[key]}]")
            return "".join(dict.fromkeys(kept))
        out_sentences.append(_MARKER_GROUP.sub(renumber, claim))
    if not citations:
        return None
    body = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", " ".join(out_sentences))).strip()
    return Answer("answered", body, citations, generator="ollama")
