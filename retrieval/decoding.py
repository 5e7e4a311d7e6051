"""Bytes to text: UTF-8, UTF-16, Windows-1258; legacy TCVN3/VNI detected and refused with advice.
Shared by the knowledge directory loader and uploads, so both refuse the same files in the same words."""

from __future__ import annotations

import re
import unicodedata

from retrieval.text import VI_MARKS, is_vi_syllable, nfc


class LoadError(Exception):
    """A file that cannot be indexed; the message is shown to admins as the reason."""


# Byte values that TCVN3 (ABC) and VNI use for Vietnamese letters, decoded as cp1252.
_TCVN3_MARKS = set("¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÌÐÎÏÑ¢ªÕÒÓÔÖ×ÝØÜÞ®ãßáâä«èåæçé¬íêëìîóïñòôõúöøùûüýÿ")
_VNI_PATTERN = re.compile(r"[aeiouyAEIOUY][øùûõïøöô][a-zA-Z]?|ñ|Ñ")


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


def decode(data: bytes) -> str:
    """Text of a file's bytes, refusing empty and binary files."""
    if not data.strip():
        raise LoadError("tệp rỗng")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("tệp nhị phân, không phải văn bản")
    return decode_text(data)[0]


def check_printable(text: str) -> None:
    if sum(unicodedata.category(c)[0] == "C" and c not in "\n\r\t" for c in text) > 0.05 * len(text):
        raise LoadError("tệp chứa quá nhiều ký tự điều khiển, có thể là tệp nhị phân")
