"""The parts of an administrative document in the national format (Nghị định 30/2020/NĐ-CP): the
header (issuing agency, number and symbol, place and date), the type and subject (trích yếu, or
"V/v ..." for an official letter), and the closing block (recipients, signing form, position and
signer) — found on lines that PDF, Word and web copies lay out in columns, split or duplicate.

Every value keeps the lines it was read from (0-based indexes here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.layout import cells, furniture, is_rule, web_chrome
from retrieval.text import clean_line, fold, repair_glyphs

DOC_TYPES = ("nghị định", "nghị quyết", "quyết định", "thông tư liên tịch", "thông tư", "chỉ thị", "công văn",
             "thông báo", "kế hoạch", "báo cáo", "tờ trình", "kết luận", "giấy mời", "công điện", "quy chế",
             "quy định", "hướng dẫn", "chương trình", "đề án", "biên bản", "luật", "pháp lệnh")
# Symbol codes of document types ("123/QĐ-BYT", "45/2019/NĐ-CP").
TYPE_BY_CODE = {"NĐ": "nghị định", "NQ": "nghị quyết", "QĐ": "quyết định", "TT": "thông tư", "TTLT": "thông tư liên tịch",
                "CT": "chỉ thị", "TB": "thông báo", "KH": "kế hoạch", "BC": "báo cáo", "TTR": "tờ trình",
                "KL": "kết luận", "GM": "giấy mời", "CĐ": "công điện", "QC": "quy chế", "HD": "hướng dẫn"}
HEADER_SPAN = 90        # the header is looked for in this many first lines (web copies put menus first)
AGENCY_BEFORE, AGENCY_AFTER = 4, 3   # lines around the motto / number where the agency is printed
SUBJECT_LINES = 6
# The national motto, printed in capitals ('Cộng hòa xã hội chủ nghĩa Việt Nam' in a sentence is no motto).
_MOTTO = re.compile(r"^(?:CỘNG H[OÒÕ][AÀ] XÃ HỘI|[Đđ]ộc lập\s*[-–]\s*[Tt]ự do|NGHĨA VIỆT NAM$)")
_NUMBER = re.compile(r"^(?:(?:nghị quyết|quyết định|nghị định|thông tư|chỉ thị|thông báo|kế hoạch|báo cáo|tờ trình|"
                     r"công văn|luật|lệnh)\s+)?số\s*:?\s*(?P<value>\S.*)?$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^\W\d_][^,\d]{1,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?"
                         r"\s*năm\s*(?P<y>\d{4})", re.IGNORECASE)
_PLACE_DATE_START = re.compile(r"^[^\W\d_][^,\d]{1,40}?,\s*ngày\b", re.IGNORECASE)
_SUBJECT_PREFIX = re.compile(r"^(?:v/v|về việc)\s*:?\s*", re.IGNORECASE)
_FORM = re.compile(r"^(KT|TM|TL|TUQ|Q|T/M|T\.M)\s*\.\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]*\.?$|^[A-ZÀ-ỸĐ]\.[A-ZÀ-ỸĐ][a-zà-ỹđ]+$")
_SIGNED = re.compile(r"^\(?\s*(đã ký|đã kí|ký|signed)\s*\)?$", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^nơi nhận\s*:?\s*", re.IGNORECASE)
_ADDRESSEES = re.compile(r"^kính gửi\s*:?", re.IGNORECASE)
_BODY_START = re.compile(r"^(căn cứ|điều\s+\d|chương\s+[ivxl\d]|phần\s+[ivxl\d]|mục\s+\d|[ivx]+\.\s|\d+\.\s)",
                         re.IGNORECASE)
# Words an agency name starts with: a second upper-case line starting so is a unit under the first.
_AGENCY_START = ("BỘ ", "SỞ ", "CỤC ", "VỤ ", "VĂN PHÒNG", "ỦY BAN", "UỶ BAN", "UBND", "TỔNG CỤC", "BAN ", "HỘI ĐỒNG",
                 "TÒA ÁN", "VIỆN ", "ĐOÀN ", "TRUNG TÂM", "TRƯỜNG ", "CHI CỤC", "PHÒNG ", "ĐẠI HỌC", "HỌC VIỆN",
                 "TẬP ĐOÀN", "TỔNG CÔNG TY", "CÔNG TY", "THANH TRA", "KHO BẠC", "BẢO HIỂM", "NGÂN HÀNG", "CỔNG ")
# A line that names the body issuing a legal document right after its subject ("BỘ TRƯỞNG BỘ Y TẾ").
_AUTHORITY = re.compile(r"^(BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC|CHÁNH|TỔNG|HỘI ĐỒNG|ỦY BAN|UỶ BAN|UBND|CHÍNH PHỦ|"
                        r"BỘ |QUỐC HỘI|VIỆN TRƯỞNG|TRƯỞNG BAN|CỤC TRƯỞNG)")


@dataclass(frozen=True)
class Value:
    text: str
    lines: tuple[int, ...]     # 0-based indexes of the lines it was read from
    quote: str = ""            # verbatim text of those lines that shows it (defaults to text)


@dataclass
class Structure:
    header: set[int] = field(default_factory=set)      # agency, motto, number, place/date lines
    title: list[int] = field(default_factory=list)     # type and subject lines
    trailer: set[int] = field(default_factory=set)     # recipients and signature block
    noise: set[int] = field(default_factory=set)       # page furniture
    type: str = ""
    issuer: str = ""
    parent_issuer: str = ""
    number: Value | None = None
    place: str = ""
    date: Value | None = None       # text is ISO yyyy-mm-dd
    subject: Value | None = None
    signer: Value | None = None
    signer_position: str = ""
    signature_first: int | None = None   # the block's first line (form, position), when it stands alone
    signing_form: str = ""
    recipients: list[Value] = field(default_factory=list)


def _iso(d: str | None, m: str | None, y: str | None) -> str | None:
    if not (d and m and y):
        return None
    day, month, year = int(d), int(m), int(y)
    if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


_TYPE_BY_FOLDED = {fold(t): t for t in DOC_TYPES}


def doc_type(text: str) -> str:
    """'QUYẾT ĐỊNH' -> 'quyết định' (the cell must be the type alone; compared without diacritics,
    which OCR often gets wrong: 'TO TRÌNH')."""
    return _TYPE_BY_FOLDED.get(fold(clean_line(text)).strip(" :"), "")


def title_type(text: str) -> str:
    """The type a title line names: 'THÔNG BÁO', or a short upper-case line starting with a type
    ('BÁO CÁO THAM LUẬN')."""
    if doc_type(text):
        return doc_type(text)
    folded = fold(clean_line(text))
    if _is_caps(text) and len(text.split()) <= 6:
        return next((t for f, t in _TYPE_BY_FOLDED.items() if folded.startswith(f + " ")), "")
    return ""


def type_from_number(number: str) -> str:
    """'467/TB-VPCP' -> 'thông báo'; an agency code alone ('3479/VPCP-NN') is an official letter."""
    parts = [p for p in re.split(r"[/-]", number.upper()) if p and not p.isdigit()]
    for part in parts:
        if part in TYPE_BY_CODE:
            return TYPE_BY_CODE[part]
    return "công văn" if parts else ""


_MOTTO_SPLIT = re.compile(r"(?<=\S)\s+(?=CỘNG H[OÒÕ][AÀ] XÃ HỘI|Độc lập\s*[-–])")
# 'Số: 03/2021/TT-BNV Hà Nội, ngày ...': a date glued to the number (or the subject) it sits beside.
_GLUED = re.compile(r"^(?:số|v/v|về việc)\b", re.IGNORECASE)


def header_cells(raw: str) -> list[str]:
    """Cells of a header line, also where a PDF copy ran the columns together with one space
    ('Số: 03/2021/TT-BNV Hà Nội, ngày 29 tháng 6 năm 2021'); 'Số:' stays with its value."""
    out: list[str] = []
    for cell in cells(raw):
        for part in _MOTTO_SPLIT.split(cell):
            out += [p for p in (_split_date(part) if _GLUED.match(part) else [part]) if p]
    merged: list[str] = []
    for cell in out:
        if merged and re.fullmatch(r"(?i)số\s*:?", merged[-1]):  # a blank number: 'Số:      /BC-X Lâm Đồng, ngày'
            merged[-1:] = [p for p in _split_date(f"{merged[-1]} {cell}") if p]
        else:
            merged.append(cell)
    return merged


def _split_date(cell: str) -> list[str]:
    """Split before the place-and-date, keeping the whole place name ('Hà Nội', not 'Nội')."""
    m = re.search(r"\s((?:[A-ZÀ-ỸĐ][^\W\d_]*\s){0,3}[A-ZÀ-ỸĐ][^\W\d_]*,\s*ngày\b)", cell)
    return [cell[:m.start()], cell[m.start() + 1:]] if m else [cell]


class _Cells:
    """The cells of the first lines of a document, in reading order, with their line indexes."""

    def __init__(self, lines: list[str], skip: set[int], limit: int):
        self.rows = {i: header_cells(lines[i]) for i in range(min(limit, len(lines))) if i not in skip}
        self.items = [(i, c) for i, row in self.rows.items() for c in row]

    def alone(self, i: int) -> bool:
        """Is this the only cell of its line?"""
        return len(self.rows.get(i, [])) == 1


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_name(text: str) -> bool:
    words = text.replace("**", "").split()
    return 2 <= len(words) <= 6 and all(_NAME_WORD.match(w) for w in words) and not _is_caps(text)


def parse(lines: list[str]) -> Structure:
    s = Structure(noise=furniture(lines))
    chrome = web_chrome([clean_line(line) for line in lines])
    head = _Cells(lines, s.noise | chrome, HEADER_SPAN)
    _read_header(head, s)
    if not s.number and not s.header:
        _read_news(lines, s.noise | chrome, s)
        return s
    _read_title(lines, head, s)
    _read_closing(lines, s)
    if not s.type and s.number:
        s.type = type_from_number(s.number.text)
    return s


# -- news reports ------------------------------------------------------------------------------------
_DATELINE = re.compile(r"\((?P<source>[^\W\d_][\w.\- ]{1,24})\)\s*[–-]\s")
_NEWS_DATE = re.compile(r"(?:^|\D)(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:\D|$)")
_VN_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_MARKUP = re.compile(r"^[#>*\s]+|[*_]{2}")
NEWS_TITLE_CHARS = 200
BYLINE_REACH = 40    # the byline is among the last lines of content (menus and footers after it)


def _plain(raw: str) -> str:
    return _MARKUP.sub("", clean_line(raw)).strip()


def _read_news(lines: list[str], skip: set[int], s: Structure) -> None:
    """A news report: headline, publication date near it, the agency in the dateline ('(TTXVN) –')
    and the author's byline at the end."""
    s.type = "tin tức"
    content = [i for i, line in enumerate(lines) if i not in skip and _plain(line) and not is_rule(line)]
    if content and _is_date_line(lines[content[0]]) and len(content) > 1:  # 'Thứ ba, 13/12/2016 | 20:40' first
        content = content[1:] + content[:1]
    if content:
        first = content[0]
        text = _plain(lines[first])
        if len(text) <= NEWS_TITLE_CHARS and not text.endswith(".") and len(text.split()) >= 3:
            s.subject = Value(text, (first,), text)
            s.title.append(first)
        for i in sorted(content[:4] + content[-1:]):  # a date line of its own, not a date in the lead
            if _is_date_line(lines[i]) and (m := _NEWS_DATE.search(lines[i]) or _VN_DATE.search(lines[i])):
                if iso := _iso(*m.groups()):
                    s.date = Value(iso, (i,), clean_line(lines[i]))
                    if i != first:
                        s.header.add(i)
                    break
    if m := _DATELINE.search("\n".join(lines)):
        s.issuer = m.group("source").strip()
    # the byline may sit at the top of a website footer: look a few lines into it too
    tail = [i for i in range(content[-1] + 1, min(len(lines), content[-1] + 4)) if _plain(lines[i])] if content else []
    for i in reversed(content[-BYLINE_REACH:] + tail):
        text = _plain(lines[i])
        if _is_byline(text):
            s.signer = Value(text, (i,), clean_line(lines[i]))
            s.trailer.add(i)
            break


def _is_date_line(raw: str) -> bool:
    text = clean_line(raw)
    return len(text) <= 40 and bool(_NEWS_DATE.search(text) or _VN_DATE.search(text))


def _is_byline(text: str) -> bool:
    """'Xuân Lộc - Thu Hương', 'M.Dung', 'Thanh Nguyễn': a short run of capitalised names."""
    if not 2 <= len(text) <= 40 or any(c.isdigit() for c in text) or text.endswith((".", ":")):
        return False
    names = [n.strip() for n in re.split(r"\s[-–,]\s|,", text)]
    return all(n and all(_NAME_WORD.match(w) for w in n.split()) and len(n.split()) <= 4 for n in names) \
        and (len(text.split()) >= 2 or "." in text)


# -- header ---------------------------------------------------------------------------------------
def _read_header(head: _Cells, s: Structure) -> None:
    items = head.items
    motto = [i for i, text in items if _MOTTO.match(text)]
    s.header.update(motto)
    numbers = [(i, text, m) for i, text in items if (m := _NUMBER.match(text)) and _looks_like_number(m.group("value") or "")]
    if not numbers:  # 'Số:  779    /QĐ-UBND Bình Thuận, ngày ...': cells scattered by spacing; read the whole line
        numbers = [(i, text, m) for i, text in _whole_lines(head) if (m := _NUMBER.match(_split_date(text)[0]))
                   and _looks_like_number(m.group("value") or "")]
    if numbers:  # 'Số: 12/KH-X' over an agency line that cites 'SỐ 1050/QĐ-Y'
        i, text, m = next((n for n in numbers if ":" in n[1]), numbers[0])
        s.number = Value(re.sub(r"\s+", "", m.group("value")), (i,), text)
        s.header.add(i)
    for pos, (i, text) in enumerate(items):
        if s.date is None and not s.place and _PLACE_DATE_START.match(text):
            _read_place_date(items, pos, s)
    if s.date is None and not s.place:
        whole = [(i, part) for i, text in _whole_lines(head) for part in _split_date(text)[-1:]]
        for pos, (i, text) in enumerate(whole):
            if _PLACE_DATE_START.match(text):
                _read_place_date(whole, pos, s)
                break
    markers = motto[:1] + ([s.number.lines[0]] if s.number else [])
    if markers:
        _read_agency(head, min(markers), s)


def _read_agency(head: _Cells, marker: int, s: Structure) -> None:
    """Upper-case cells printed just before or beside the motto and the number: a parent agency and
    the issuing unit, or one agency's name broken over lines ('VĂN PHÒNG CHÍNH' / 'PHỦ')."""
    names: list[list[tuple[int, str]]] = []
    for i, text in head.items:
        if not marker - AGENCY_BEFORE <= i <= marker + AGENCY_AFTER:
            continue
        if not _is_caps(text) or _MOTTO.match(text) or _FORM.match(text) or doc_type(text) \
                or _PLACE_DATE_START.match(text) or len(text) > 80 or s.number and i == s.number.lines[0] \
                or sum(c.isalnum() or c in " /-," for c in text) < 0.9 * len(text):
            continue
        if names and names[-1][-1][1] == text:
            continue
        if names and not f"{text} ".startswith(_AGENCY_START):
            names[-1].append((i, text))
        elif not any(" ".join(t for _, t in g) == text for g in names):  # a copy of the header repeats it
            names.append([(i, text)])
    # a lone word is OCR debris ('XYZ', 'TĐT'), unless the next line carries on the name ('CHÍNH' / 'PHỦ')
    names = [g for g in names if len(g) > 1 or len(g[0][1].split()) > 1]
    for group in names:
        s.header.update(i for i, _ in group)
    joined = list(dict.fromkeys(repair_glyphs(" ".join(t for _, t in group)) for group in names))
    if joined:
        s.issuer = joined[-1]
        s.parent_issuer = joined[-2] if len(joined) > 1 else ""


def _whole_lines(head: _Cells) -> list[tuple[int, str]]:
    """Each header line as one text, spacing collapsed."""
    return [(i, " ".join(row)) for i, row in head.rows.items() if row]


def _looks_like_number(value: str) -> bool:
    return "/" in value and len(value) <= 40


def _read_place_date(items: list[tuple[int, str]], pos: int, s: Structure) -> None:
    i, text = items[pos]
    joined, used = text, [i]
    for j, more in items[pos + 1:pos + 3]:  # "Hà Nội, ngày 14" / "tháng 10 năm 2024"
        if _PLACE_DATE.match(joined) or j > used[-1] + 2:
            break
        joined, used = f"{joined} {more}", used + [j]
    if m := _PLACE_DATE.match(joined):
        s.place = m.group("place").strip()
        iso = _iso(m.group("d"), m.group("m"), m.group("y"))
        s.date = Value(iso, tuple(used), joined) if iso else None
        s.header.update(used)


# -- type and subject ------------------------------------------------------------------------------
def _read_title(lines: list[str], head: _Cells, s: Structure) -> None:
    items = head.items
    for pos, (i, text) in enumerate(items):
        if pos + 1 < len(items) and head.alone(i) and _is_caps(text) and len(text.split()) == 1 \
                and doc_type(f"{text} {items[pos + 1][1]}"):  # 'QUYẾT' / 'ĐỊNH'
            s.type = doc_type(f"{text} {items[pos + 1][1]}")
            s.title += [i, items[pos + 1][0]]
            _read_subject(lines, items[pos + 1][0], s)
            return
        if (m := _SUBJECT_PREFIX.match(text)) and (s.number or s.date):
            _read_letter_subject(items, pos, m.end(), s)
            s.type = s.type or "công văn"
            return
        if (kind := title_type(text)) and head.alone(i) and (s.number or s.date or s.header):
            s.type = kind
            s.title.append(i)
            _read_subject(lines, i, s)
            return


def _read_subject(lines: list[str], type_line: int, s: Structure) -> None:
    """Lines after the type line, until a blank after the subject, a rule, the issuing authority
    or the first words of the body."""
    taken: list[int] = []
    for j in range(type_line + 1, min(len(lines), type_line + 1 + SUBJECT_LINES + 3)):
        text = clean_line(lines[j])
        continuing = taken and j == taken[-1] + 1 and text[:1].islower()  # a repeated title line is still the title
        if (j in s.noise and not continuing) or is_rule(lines[j]):
            if taken:
                break
            continue
        if not text:
            if taken:
                break
            continue
        after_caps = taken and _is_caps(clean_line(lines[taken[-1]])) and not _is_caps(text)
        if _BODY_START.match(text) or (taken and _AUTHORITY.match(text) and _is_caps(text)) or after_caps \
                or len(taken) >= SUBJECT_LINES:
            break
        taken.append(j)
    if taken:
        s.title += taken
        text = " ".join(clean_line(lines[j]) for j in taken)
        s.subject = Value(text, tuple(taken), text)


def _read_letter_subject(items: list[tuple[int, str]], pos: int, cut: int, s: Structure) -> None:
    """'V/v ...' and its continuation cells (the left column of the next lines) up to 'Kính gửi'."""
    i, text = items[pos]
    parts, used = [text[cut:]], [i]
    for j, more in items[pos + 1:pos + 1 + SUBJECT_LINES]:
        if j == used[-1] or _ADDRESSEES.match(more) or _PLACE_DATE_START.match(more) or _NUMBER.match(more) \
                or _MOTTO.match(more) or j > used[-1] + 1:
            if j == used[-1]:
                continue  # the other column of the same line (the date)
            break
        parts.append(more)
        used.append(j)
    s.title += used
    s.subject = Value(" ".join(parts), tuple(used), items[pos][1] if len(used) > 1 else text)


# -- recipients and signature ------------------------------------------------------------------------
_FORM_SPLIT = re.compile(r"(?<=[;.])\s+(?=(?:KT|TM|TL|TUQ|Q)\.\s+[A-ZÀ-ỸĐ])")


def closing_cells(raw: str) -> list[str]:
    """Cells of a closing line, also where a copy ran the recipients and the signature block together
    ('- Như trên; KT. BỘ TRƯỞNG')."""
    return [part for cell in cells(raw) for part in _FORM_SPLIT.split(cell) if part]


def _read_closing(lines: list[str], s: Structure) -> None:
    name_at = _signer_line(lines, s)
    start = _recipients_line(lines, s)
    if name_at is not None:
        _read_signature(lines, name_at, s)
    if start is not None:
        _read_recipients(lines, start, name_at, s)


def _recipients_line(lines: list[str], s: Structure) -> int | None:
    for i in range(len(lines) - 1, -1, -1):
        row = closing_cells(lines[i])
        if row and _RECIPIENTS.match(row[0]):
            return i
    return None


def _end_of_body(lines: list[str]) -> int:
    """The line that closes the body ('... thi hành Nghị định này./.'), or -1. The first such line:
    annexes after the signature close with their own."""
    return next((i for i, line in enumerate(lines) if re.search(r"\./\.|\s/\.\s*$", line)), -1)


def _signer_line(lines: list[str], s: Structure) -> int | None:
    """The signer's name: a person's name with a form or position line a few lines above it,
    after the body's closing mark when there is one (annexes may follow the signature)."""
    end = _end_of_body(lines)
    start = end if end >= 0 else len(lines) // 3
    for i in range(start, len(lines)):
        if i in s.noise:
            continue
        row = closing_cells(lines[i])
        if row and _is_name(row[-1]) and _position_above(lines, i, s):
            return i
    return None


def _position_above(lines: list[str], i: int, s: Structure) -> list[tuple[int, str]]:
    """Upper-case cells (forms and positions) in the few lines above line i, nearest last."""
    found = []
    for j in range(max(0, i - 12), i):
        if j in s.noise:
            continue
        for cell in closing_cells(lines[j]):
            if _is_caps(cell) and not _RECIPIENTS.match(cell) and not cell.startswith("-") and len(cell) <= 80 \
                    and not _MOTTO.match(cell) and not _SIGNED.match(cell) and not cell.endswith((";", ".")):
                found.append((j, cell))
    return found


def _read_signature(lines: list[str], name_at: int, s: Structure) -> None:
    name_cell = closing_cells(lines[name_at])[-1]
    s.signer = Value(name_cell.replace("**", "").strip(), (name_at,), name_cell)
    block = _position_above(lines, name_at, s)
    forms = [(j, c) for j, c in block if _FORM.match(c)]
    positions = [(j, c) for j, c in block if not _FORM.match(c)]
    if positions:
        s.signer_position = positions[-1][1]
    if forms:  # 'TM. CHÍNH PHỦ / KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG': the form right above the signer's position
        s.signing_form = _normal_form(_FORM.match(forms[-1][1]).group(1))
    first = min([j for j, _ in block] + [name_at])
    s.trailer.update(range(first, name_at + 1))
    # quotable as one passage only when no other column (recipients) shares its lines
    if all(len(closing_cells(lines[j])) <= 1 for j in range(first, name_at + 1)):
        s.signature_first = first


def _normal_form(raw: str) -> str:
    key = raw.upper().replace("/", "").replace(".", "")
    return f"{key}."


def _read_recipients(lines: list[str], start: int, name_at: int | None, s: Structure) -> None:
    """'- Như trên;' items under 'Nơi nhận:' (the left column when the signature sits beside them);
    a line that does not start with a dash continues the item above it."""
    first = closing_cells(lines[start])
    rest = _RECIPIENTS.sub("", first[0]) if first else ""
    if not rest and len(first) > 1 and first[1].startswith(("-", "+", "•")):  # 'Nơi nhận:   - Như trên;'
        rest = first[1]
    items: list[list] = [[rest, [start]]] if rest and rest.startswith(("-", "+", "•")) else []
    if not _has_dashed_items(lines, start):
        return _read_plain_recipients(lines, start, s)
    end = len(lines)
    for i in range(start + 1, end):
        if i in s.noise:
            continue
        row = closing_cells(lines[i])
        if not row:
            if items and name_at is not None and i > name_at:
                break
            continue
        left = row[0]
        if left.startswith(("-", "+", "•")):
            items.append([left, [i]])
        elif items and items[-1][0].rstrip().endswith(":") or (
                items and not _is_caps(left) and not _is_name(left) and not _SIGNED.match(left)
                and _continues_item(items[-1][0])):
            items[-1][0] += " " + left
            items[-1][1].append(i)
        elif items and (_is_caps(left) or _is_name(left) or _SIGNED.match(left)):
            if name_at is None or i > name_at:
                break
        else:
            break
    s.trailer.update(range(start, max([start] + [ln for _, lns in items for ln in lns]) + 1))
    s.recipients = [Value(_strip_item(text), tuple(lns), _strip_item(text) if len(lns) == 1 else text.split(" ", 1)[-1])
                    for text, lns in items]


def _has_dashed_items(lines: list[str], start: int) -> bool:
    return any((row := closing_cells(line)) and row[0].startswith(("-", "+", "•")) for line in lines[start + 1:start + 6])


def _read_plain_recipients(lines: list[str], start: int, s: Structure) -> None:
    """A list copied without its dashes: one recipient per line, up to the signature block."""
    taken = []
    for i in range(start + 1, min(len(lines), start + 40)):
        row = closing_cells(lines[i])
        if not row:
            continue
        if _is_caps(row[0]) or _is_name(row[0]) or _FORM.match(row[0]):
            break
        taken.append(i)
    s.trailer.update(range(start, (taken[-1] if taken else start) + 1))
    s.recipients = [Value(_strip_item(closing_cells(lines[i])[0]), (i,), closing_cells(lines[i])[0]) for i in taken]


def _continues_item(text: str) -> bool:
    return not re.search(r"[;.]\s*$", text) or text.rstrip().endswith(":")


def _strip_item(text: str) -> str:
    return re.sub(r"^[-+•]\s*", "", text).strip().rstrip(";.,").strip()


def folded_type(text: str) -> str:
    return fold(text)
