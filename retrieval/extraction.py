"""Turning an uploaded file into indexable text, safely: real type by content, encodings
(see decoding.py), PDF, DOCX (zip-bomb checked), HTML."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from retrieval.decoding import LoadError, check_printable, decode_text
from retrieval.text import nfc

TEXT_SUFFIXES = {".txt", ".md"}
CONVERTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm"}
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 2000


@dataclass(frozen=True)
class Extracted:
    text: str
    kind: str          # text | pdf | docx | html
    note: str = ""     # e.g. "converted from Windows-1258"


def sniff(data: bytes) -> str:
    """The real type of a file by its first bytes."""
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")):
        return "executable"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%!PS", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return "binary"
    sample = data[:4096].lower()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    if b"<html" in sample or b"<!doctype html" in sample or b"<body" in sample:
        return "html"
    return "text"


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LoadError("tệp .docx bị hỏng (không phải tệp nén hợp lệ)") from None
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if len(infos) > MAX_ZIP_ENTRIES or total > MAX_UNZIPPED or total / packed > MAX_RATIO:
        raise LoadError("tệp .docx có dấu hiệu 'bom nén' (giải nén quá lớn), đã từ chối")
    if "word/document.xml" not in archive.namelist():
        raise LoadError("tệp nén không phải văn bản Word (.docx)")
    return archive


def docx_text(data: bytes) -> str:
    """Paragraphs and tables in document order; a table cell by cell, each cell's paragraphs on
    lines of their own (the header and signature blocks of official documents are tables)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(data)
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            lines.append(Paragraph(element, document).text)
        elif element.tag.endswith("}tbl"):
            for row in Table(element, document).rows:
                for cell in dict.fromkeys(row.cells):  # merged cells repeat
                    lines += [p.text for p in cell.paragraphs] + [""]
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages[:500]]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise LoadError(f"không đọc được tệp PDF ({type(exc).__name__})") from None
    text = "\n\n".join(p.strip() for p in pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise LoadError("tệp PDF không có lớp chữ (có thể là ảnh quét); cần nhận dạng chữ (OCR) trước")
    return text


def html_text(data: bytes) -> str:
    from bs4 import BeautifulSoup

    raw, _ = decode_text(data)
    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "noscript"]):
        tag.decompose()
    text = soup.get_text("\n")
    return "\n".join(line.strip() for line in text.splitlines())


def extract(name: str, data: bytes) -> Extracted:
    """Text of an uploaded file; the suffix must agree with the content."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES | CONVERTED_SUFFIXES:
        raise LoadError(f"định dạng {suffix or '(không đuôi)'} chưa được hỗ trợ (nhận .txt, .md, .pdf, .docx, .html)")
    if not data.strip():
        raise LoadError("tệp rỗng")
    real = sniff(data)
    if real == "executable":
        raise LoadError("tệp là chương trình thực thi, không phải văn bản")
    expected = {".pdf": "pdf", ".docx": "zip", ".html": "html", ".htm": "html"}.get(suffix, "text")
    if real != expected and not (expected == "html" and real == "text"):
        raise LoadError(f"nội dung tệp không khớp đuôi {suffix} (thực chất là {real}); có thể là tệp giả dạng")
    if expected == "pdf":
        return Extracted(nfc(pdf_text(data)), "pdf")
    if expected == "zip":
        return Extracted(nfc(docx_text(data)), "docx")
    if expected == "html":
        return Extracted(nfc(html_text(data)), "html")
    text, note = decode_text(data)
    check_printable(text)
    return Extracted(text, "text", note)


_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A file name that cannot escape KNOWLEDGE_DIR: no directories, no leading dots, NFC."""
    base = nfc(name).replace("\\", "/").split("/")[-1]
    base = _UNSAFE.sub("_", base).strip(" ._")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[:100] or "tai-lieu"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def stored_name(name: str) -> str:
    """Converted uploads are stored (and cited) as text: report.docx -> report.txt."""
    safe = safe_name(name)
    suffix = PurePath(safe).suffix.lower()
    return safe if suffix in TEXT_SUFFIXES else f"{PurePath(safe).stem}.txt"
