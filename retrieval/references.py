"""References between documents: the documents a legal text is based on ("Căn cứ ...") and those it
replaces, amends or repeals ("thay thế", "sửa đổi, bổ sung", "bãi bỏ", "hết hiệu lực")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.layout import continues, wrap_width
from retrieval.text import clean_line, has_split_syllables, join_split_syllables

_TYPES = (r"Bộ luật|Luật|Pháp lệnh|Hiến pháp|Nghị định|Nghị quyết|Quyết định|Thông tư liên tịch|Thông tư|Chỉ thị|"
          r"Công văn|Văn bản|Thông báo|Kế hoạch|Lệnh")
# 'Nghị định số 90/2019/NĐ-CP'; PDF copies may put spaces inside the number ('161/2018/N Đ-CP').
_REF = re.compile(rf"(?P<type>{_TYPES})\s+(?:số\s*)?(?P<number>\d{{1,5}}\s?/\s?(?:\d{{4}}\s?/\s?)?[A-ZĐ][A-ZĐa-zđ\s]{{0,6}}?\d{{0,2}}"
                  rf"(?:-\s?[A-ZĐ][A-ZĐa-zđ0-9]*)*)(?![\w/-])", re.IGNORECASE)
_DOC_WORD = re.compile(rf"^(?:{_TYPES})\b", re.IGNORECASE)
_BASIS = re.compile(r"^căn\s*c\s?ứ\b", re.IGNORECASE)
_BASIS_END = re.compile(r"^(theo đề nghị|xét đề nghị|quyết định\s*:|quyết nghị|điều\s+1\b|chương\s+i\b)", re.IGNORECASE)
RELATIONS = {"replaces": r"thay thế", "repeals": r"bãi bỏ|hủy bỏ|huỷ bỏ|hết hiệu lực|chấm dứt hiệu lực",
             # 'bổ sung' alone is often 'supplement' ('ngân sách bổ sung'): only before a provision or a document
             "amends": r"sửa đổi\s*,?\s*(?:và\s+)?bổ sung|sửa đổi|bổ sung(?=\s+(?:\S+\s+){0,3}?(?:(?:điều|khoản|điểm)\s+\d"
                       r"|mục\s+[IVXL\d]|phụ lục|một số (?:điều|khoản|điểm|nội dung|quy định)|nghị định|nghị quyết"
                       r"|quyết định|thông tư))"}
_VERB = re.compile("|".join(f"(?P<{k}>{v})" for k, v in RELATIONS.items()), re.IGNORECASE)
# 'được sửa đổi bởi ...', 'đã được thay thế': the other document did it, not this one.
_PASSIVE = re.compile(r"(được|đã được|bị)\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[a-zđ]\)|\d{1,2}[.)]|[-–+•])\s")
_DATE_END = re.compile(r"^(.*?năm\s+\d{4})")
_NAMED_LAW = re.compile(r"^(?:bộ luật|luật|pháp lệnh|hiến pháp)\s+(?!số\b)", re.IGNORECASE)
_NAMED_NUMBER = re.compile(r"^(.*?\bsố\s*(\d+\s?/[\w/\s-]*?[\w]))(?=[\s;,.]|$)")


@dataclass(frozen=True)
class Ref:
    """A document cited by another: its short name and number (when it has one)."""

    name: str
    number: str
    line: int          # 0-based line where it is cited


def number_key(number: str) -> str:
    """Comparable form of a document number: no spaces, upper case ('161/2018/N Đ-CP' -> '161/2018/NĐ-CP')."""
    return re.sub(r"\s+", "", number).upper()


# 'N Đ-CP', 'QĐ- TTg', 'BL ĐTBXH': spaces a PDF extraction put inside a document's symbol
_SYMBOL_GAP = re.compile(r"(?<=/[A-ZĐ])\s(?=[A-ZĐ]{1,6}-)|(?<=[A-ZĐ]-)\s(?=[A-ZĐ])|(?<=-[A-ZĐ]{2})\s(?=[A-ZĐ]{2,}\b)")


def refs_in(text: str, line: int) -> list[Ref]:
    text = _SYMBOL_GAP.sub("", text)
    return [Ref(clean_line(f"{m.group('type')} số {number_key(m.group('number'))}"), number_key(m.group("number")), line)
            for m in _REF.finditer(text)]


def _paragraphs(lines: list[str], skip: set[int]) -> list[tuple[int, str]]:
    """Lines joined into paragraphs (hard wraps undone), with the index of each paragraph's first line.
    Syllables a PDF extraction split ('n ăm') are joined again for matching."""
    width = wrap_width(lines)
    split = has_split_syllables("\n".join(lines))
    out: list[tuple[int, str]] = []
    previous = None
    for i, raw in enumerate(lines):
        text = clean_line(raw)
        if not text or i in skip:
            continue
        text = join_split_syllables(text) if split else text
        # a page break (skipped furniture, blank lines) does not end a paragraph
        gap_only = previous is not None and all(j in skip or not lines[j].strip() for j in range(previous + 1, i))
        if out and gap_only and continues(lines[previous], raw, width) and not _LIST_ITEM.match(text):
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((i, text))
        previous = i
    return out


def bases(lines: list[str], skip: set[int]) -> list[Ref]:
    """'Căn cứ Luật ... ngày 19 tháng 6 năm 2015; Luật sửa đổi ...;' -> one Ref per cited document."""
    out: list[Ref] = []
    started = False
    paragraphs = _paragraphs(lines, skip)
    for i, text in paragraphs:
        if _BASIS.match(text):
            started = True
            out += _basis_items(text, i)
        elif started and _BASIS_END.match(text):
            break
    if not out:  # a letter has no preamble: 'Căn cứ Luật ..., Bộ đề nghị ...' in its body
        out = [ref for i, text in paragraphs if _BASIS.match(text) for ref in _basis_items(text, i)]
    return list({(r.number or r.name): r for r in out}.values())


def _basis_items(text: str, line: int) -> list[Ref]:
    body = re.split(r"(?i)\s(?=theo đề nghị|xét đề nghị)", _BASIS.sub("", text).strip())[0]
    return [ref for item in re.split(r";\s*", body) for ref in _basis_refs(item.strip(" .;"), line)]


def _basis_refs(item: str, line: int) -> list[Ref]:
    """The documents one 'Căn cứ' item cites: a law by its name (with its number or date when given:
    'Luật Tổ chức Chính phủ số 63/2025/QH15'), numbered documents by number; a decree 'được sửa đổi
    bởi' another cites both."""
    if not _DOC_WORD.match(item):
        return []
    refs = refs_in(item, line)
    if refs and not _NAMED_LAW.match(item):
        return refs
    numbered = _NAMED_NUMBER.match(item)
    dated = _DATE_END.match(item)
    if numbered:
        first = Ref(numbered.group(1), number_key(numbered.group(2)), line)
    else:
        first = Ref(dated.group(1) if dated else item, "", line)
    return [first] + [r for r in refs if r.number != first.number]


# Only legal documents replace, amend or repeal others; a letter or a report only mentions it.
LEGAL_TYPES = ("nghị định", "nghị quyết", "quyết định", "thông tư", "thông tư liên tịch", "chỉ thị", "luật",
               "pháp lệnh", "lệnh")


def relations(lines: list[str], skip: set[int], subject: str = "", own_number: str = "",
              kind: str = "", subject_line: int = 0) -> dict[str, list[Ref]]:
    """Documents this one replaces, amends or repeals, from its subject and body (not its bases)."""
    out: dict[str, list[Ref]] = {k: [] for k in RELATIONS}
    if kind and kind not in LEGAL_TYPES:
        return out
    own = number_key(own_number)
    pending: str | None = None   # a relation announced by a sentence ending in ':' applies to the list below
    texts = ([(subject_line, subject)] if subject else []) + [(i, t) for i, t in _paragraphs(lines, skip)
                                                               if not _BASIS.match(t)]
    for i, text in texts:
        if pending and _LIST_ITEM.match(text):  # an item of a list announced by 'sau đây hết hiệu lực:'
            out[pending] += [r for r in refs_in(text, i)[:1] if r.number != own]
            continue
        found = _relations_in(text, i)
        if found:
            for k, refs in found.items():
                out[k] += [r for r in refs if r.number != own]
            pending = next(iter(found)) if text.rstrip().endswith(":") else None
        elif pending and _LIST_ITEM.match(text):
            out[pending] += [r for r in refs_in(text, i)[:1] if r.number != own]
        elif pending and not _LIST_ITEM.match(text):
            pending = None
    return {k: list({r.number: r for r in refs}.values()) for k, refs in out.items()}


_NUMBERING = re.compile(r"^\s*(?:điều\s+\d+[a-zđ]?\.?|khoản\s+\d+\.?|\d{1,2}[.)]|[a-zđ]\)|[-–+•])\s*", re.IGNORECASE)
THIS_REACH = 80   # 'Quyết định này có hiệu lực từ ngày ... và thay thế': the document is the subject nearby
_THIS = re.compile(r"\b(nghị định|nghị quyết|quyết định|thông tư|chỉ thị|luật|pháp lệnh|văn bản)\s+này\b", re.IGNORECASE)
# 'thay thế cụm từ ...', 'thay thế khoản 2 ...': part of a document replaced, i.e. the document amended.
_PART = re.compile(r"\s*(?:một số\s+)?(?:từ|cụm từ|điểm|khoản|điều|mẫu|biểu mẫu|phụ lục|bảng)\b", re.IGNORECASE)
_LIST_OF_DOCS = re.compile(r"(văn bản|nghị định|nghị quyết|quyết định|thông tư|chỉ thị|sau đây)", re.IGNORECASE)
_EXPIRES = re.compile(r"hết hiệu lực|bị bãi bỏ|bị hủy bỏ|bị huỷ bỏ", re.IGNORECASE)


def _relations_in(text: str, line: int) -> dict[str, list[Ref]]:
    """Relations this document states in a sentence: a clause that starts with the verb ('Sửa đổi,
    bổ sung ...', 'Bãi bỏ ...'), or whose subject is the document itself ('Quyết định này ... thay thế
    ...'), takes the document right after the verb; 'X ... hết hiệu lực kể từ ngày ... này có hiệu lực'
    takes the one before. Only a clause's first verb counts: a later one describes the cited document."""
    found: dict[str, list[Ref]] = {}
    listing: str | None = None   # 'bãi bỏ các Quyết định: Quyết định số 1...; Quyết định số 2...;'
    for clause in re.split(r";", text):
        verb = next((m for m in _VERB.finditer(clause) if not _PASSIVE.search(clause[:m.start()])), None)
        if verb is None:
            if listing and (refs := refs_in(clause, line)):
                found[listing].append(refs[0])
            continue
        listing = None
        before = _NUMBERING.sub("", clause[:verb.start()]).strip()
        after = clause[verb.end():]
        if _EXPIRES.match(verb.group(0)) and refs_in(before, line) and _THIS.search(after):
            found.setdefault("repeals", []).extend(refs_in(before, line))  # 'X và Y hết hiệu lực kể từ ...'
            continue
        # '... các văn bản sau đây hết hiệu lực:' / 'Bãi bỏ các nghị định sau đây:' announce a list of documents
        announces = clause.rstrip().endswith(":") and _LIST_OF_DOCS.search(clause) is not None \
            and not refs_in(before, line)
        if before and not _THIS.search(before[-THIS_REACH:]) and not announces:
            continue
        kind = "amends" if verb.lastgroup == "replaces" and _PART.match(after) else verb.lastgroup
        refs = refs_in(after, line)
        if refs or announces:
            colon = after.find(":")
            lists = 0 <= colon < len(after) - 1 and not refs_in(after[:colon], line)
            found.setdefault(kind, []).extend(refs if lists else refs[:1])
            listing = kind if lists else None
    return found
