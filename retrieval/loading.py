"""Reading documents from KNOWLEDGE_DIR into NFC lines, or a reason why not."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from retrieval.decoding import LoadError, check_printable, decode
from retrieval.text import nfc

__all__ = ["LoadError", "SourceFile", "decode", "list_documents", "load", "split_lines"]

SUPPORTED_SUFFIXES = {".txt", ".md"}


@dataclass(frozen=True)
class SourceFile:
    name: str
    lines: list[str]     # NFC, without line terminators; index 0 is line 1
    sha256: str


def split_lines(text: str) -> list[str]:
    # Only \n, \r\n and \r end a line: that is how editors and `cat -n` number lines.
    return nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def load(path: Path) -> SourceFile:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LoadError(f"định dạng {path.suffix or '(không đuôi)'} chưa được hỗ trợ")
    data = path.read_bytes()
    text = decode(data)
    check_printable(text)
    lines = split_lines(text)
    if not any(any(c.isalpha() for c in line) for line in lines):
        raise LoadError("tệp không có chữ")
    return SourceFile(path.name, lines, hashlib.sha256(data).hexdigest())


def list_documents(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    # Unsupported files are listed too, so the reload report names them instead of hiding them.
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
