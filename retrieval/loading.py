"""Reading documents from KNOWLEDGE_DIR into NFC lines, or a reason why not."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from retrieval.text import nfc

SUPPORTED_SUFFIXES = {".txt", ".md"}


class LoadError(Exception):
    """A file that cannot be indexed; the message is shown to admins as the reason."""


@dataclass(frozen=True)
class SourceFile:
    name: str
    lines: list[str]     # NFC, without line terminators; index 0 is line 1
    sha256: str


def decode(data: bytes) -> str:
    """Text of a file's bytes (UTF-8, UTF-16, Windows-1258; legacy TCVN3/VNI refused with advice)."""
    from retrieval.extraction import decode_text

    if not data.strip():
        raise LoadError("tệp rỗng")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("tệp nhị phân, không phải văn bản")
    return decode_text(data)[0]


def split_lines(text: str) -> list[str]:
    # Only \n, \r\n and \r end a line: that is how editors and `cat -n` number lines.
    return nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def load(path: Path) -> SourceFile:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LoadError(f"định dạng {path.suffix or '(không đuôi)'} chưa được hỗ trợ")
    data = path.read_bytes()
    text = decode(data)
    if sum(ch.isprintable() or ch in "\n\r\t" for ch in text) < 0.95 * len(text):
        raise LoadError("tệp chứa quá nhiều ký tự điều khiển, có thể là tệp nhị phân")
    lines = split_lines(text)
    if not any(any(c.isalpha() for c in line) for line in lines):
        raise LoadError("tệp không có chữ")
    return SourceFile(path.name, lines, hashlib.sha256(data).hexdigest())


def list_documents(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    # Unsupported files are listed too, so the reload report names them instead of hiding them.
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
