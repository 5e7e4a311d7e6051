"""Turning an uploaded file into indexable text, safely: real type by content, encodings
(UTF-8, UTF-16, Windows-1258; TCVN3/VNI detected and refused), PDF, DOCX (zip-bomb checked), HTML."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from retrieval.loading import LoadError
from retrieval.text import VI_MARKS, is_vi_syllable, nfc

TEXT_SUFFIXES = {".txt", ".md"}
CONVERTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm"}
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 2000
# Byte values that TCVN3 (ABC) and VNI use for Vietnamese letters, decoded as cp1252.
_TCVN3_MARKS = set("¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÌÐÎÏÑ¢ªÕÒÓÔÖ×ÝØÜÞ®ãßáâä«èåæçé¬íêëìîóïñòôõúöøùûüýÿ")
_VNI_PATTERN = re.compile(r"[aeiouyAEIOUY][øùûõïøöô][a-zA-Z]?|ñ|Ñ")


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


_VI_LETTERS = set("abcdefghijklmnopqrstuvwxyzđ") | VI_MARKS


def _is_vietnamese_word(word: str) -> bool:
    # 'Coäng' folds to a valid syllable, but 'ä' is no Vietnamese letter: a legacy encoding read wrongly
    return all(c in _VI_LETTERS for c in nfc(word).lower()) and is_vi_syllable(word)


def _vietnamese_share(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1]
    if not words:
        return 0.0
    return sum(map(_is_vietnamese_word, words)) / len(words)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, note). Raises LoadError with a message an admin can act on."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "đã chuyển từ UTF-16"
        except UnicodeDecodeError:
            raise LoadError("tệp đánh dấu UTF-16 nhưng nội dung không giải mã được") from None
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    latin = data.decode("cp1252", errors="replace")
    tcvn3, vni = sum(c in _TCVN3_MARKS for c in latin), len(_VNI_PATTERN.findall(latin))
    if tcvn3 > 0.02 * len(latin) or vni > 5:
        # VNI writes a letter and its marks as two bytes, TCVN3 one: VNI text has far fewer marks per pattern
        legacy = "VNI" if vni * 8 > tcvn3 else "TCVN3 (ABC)"
        if _vietnamese_share(nfc(data.decode("cp1258", errors="replace"))) < 0.8:
            raise LoadError(f"tệp dùng bảng mã cũ {legacy}; hãy lưu lại dưới dạng Unicode (UTF-8) rồi gửi lại")
    try:
        text = nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        raise LoadError("không nhận ra bảng mã của tệp; hãy lưu lại dưới dạng Unicode (UTF-8)") from None
    if _vietnamese_share(text) >= 0.8:
        return text, "đã chuyển từ Windows-1258"
    raise LoadError("không nhận ra bảng mã của tệp; hãy lưu lại dưới dạng Unicode (UTF-8)")


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
    if sum(unicodedata.category(c)[0] == "C" and c not in "\n\r\t" for c in text) > 0.05 * len(text):
        raise LoadError("tệp chứa quá nhiều ký tự điều khiển, có thể là tệp nhị phân")
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
