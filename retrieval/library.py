"""Changing the documents in KNOWLEDGE_DIR: accept an upload, remove a document.
Writes are atomic (temp file + rename); removed files go to DATA_DIR/trash, not oblivion."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from retrieval.extraction import TEXT_SUFFIXES, Extracted, extract, safe_name, stored_name
from retrieval.files import atomic_write
from retrieval.loading import LoadError

ORIGINALS = "_originals"


@dataclass(frozen=True)
class PendingUpload:
    original_name: str
    stored_name: str       # what is indexed and cited (text)
    data: bytes
    extracted: Extracted

    @property
    def converted(self) -> bool:
        return self.extracted.kind != "text"


class Library:
    def __init__(self, knowledge_dir: Path, data_dir: Path, max_bytes: int = 20 * 1024 * 1024):
        self.knowledge_dir, self.data_dir, self.max_bytes = knowledge_dir, data_dir, max_bytes

    def prepare(self, name: str, data: bytes) -> PendingUpload:
        """Validate and extract; raises LoadError with the reason to show the admin."""
        if len(data) > self.max_bytes:
            raise LoadError(f"tệp quá lớn ({len(data) // 1024 // 1024} MB, tối đa {self.max_bytes // 1024 // 1024} MB)")
        extracted = extract(name, data)
        if not extracted.text.strip():
            raise LoadError("không trích được chữ nào từ tệp")
        return PendingUpload(name, stored_name(name), data, extracted)

    def exists(self, pending: PendingUpload) -> bool:
        return (self.knowledge_dir / pending.stored_name).exists()

    def commit(self, pending: PendingUpload) -> Path:
        target = self.knowledge_dir / pending.stored_name
        if pending.converted:
            # the original is kept for reference; the extracted text is what gets indexed and cited
            atomic_write(self.knowledge_dir / ORIGINALS / safe_name(pending.original_name), pending.data)
        atomic_write(target, pending.extracted.text.encode("utf-8"))
        return target

    def documents(self) -> list[str]:
        return sorted(p.name for p in self.knowledge_dir.iterdir()
                      if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in TEXT_SUFFIXES)

    def remove(self, doc: str) -> None:
        source = self.knowledge_dir / Path(doc).name
        if not source.is_file():
            raise LoadError(f"không có văn bản {doc}")
        trash = self.data_dir / "trash"
        trash.mkdir(parents=True, exist_ok=True)
        os.replace(source, trash / f"{int(time.time())}-{source.name}")
