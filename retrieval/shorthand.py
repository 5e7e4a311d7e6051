"""Reading questions the way people type them: chat shorthand and typing slips as the words meant
("bn" -> "bao nhiêu", "ko" -> "không"), English or informal names of Vietnamese entities ("Vietnam" ->
"Việt Nam"), the words official texts use for everyday ones ("lãi" -> "lợi nhuận"), and the Vietnamese
words for an English question's words (a general glossary), so an English question can match
Vietnamese text. All tables are data (data/*.tsv), general vocabulary that names no document's facts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from retrieval.text import fold

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Shorthand:
    meanings: tuple[str, ...]   # first = the reading the embedding model sees
    when: str = ""              # "" | num | notnum | end


def _rows(name: str) -> list[list[str]]:
    text = resources.files("retrieval.data").joinpath(name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def shorthand_table() -> dict[tuple[str, ...], Shorthand]:
    """Written form as a tuple of lower-case words -> its meanings."""
    table = {}
    for row in _rows("shorthand.tsv"):
        form, meanings = row[0].strip().lower(), row[1].strip()
        table[tuple(form.split())] = Shorthand(tuple(m.strip() for m in meanings.split("|")),
                                               row[2].strip() if len(row) > 2 else "")
    return table


class PhraseTable:
    """Words or phrases -> their meanings (data/NAME.tsv: phrase<TAB>meaning|meaning...), found in a
    text as whole words, longest first, case-insensitively; optionally also with diacritics folded
    on both sides (for questions typed without them)."""

    def __init__(self, name: str):
        self.meanings = {k.strip().lower(): [m.strip() for m in v.split("|")] for k, v in _rows(name)}
        self._pattern = self._compile(self.meanings)
        self._folded: dict[str, list[str]] = {}
        for key, meanings in self.meanings.items():
            self._folded.setdefault(fold(key), meanings)
        self._folded_pattern = self._compile(self._folded)

    @staticmethod
    def _compile(keys) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
        # an English possessive still names the thing ("Vietnam's", "the Ministry’s")
        return re.compile(rf"(?<![\w'’])({alternatives})(?:['’]s)?(?![\w'’])", re.IGNORECASE)

    def find(self, text: str, folded: bool = False) -> list[list[str]]:
        """The meanings of each phrase found, in text order."""
        if folded:
            return [self._folded[m.group(1).lower()] for m in self._folded_pattern.finditer(fold(text))]
        return [self.meanings[m.group(1).lower()] for m in self._pattern.finditer(text)]

    def remove(self, text: str) -> str:
        return self._pattern.sub(" ", text)


@lru_cache(maxsize=None)
def table(name: str) -> PhraseTable:
    return PhraseTable(name)


def translations(text: str) -> list[list[str]]:
    """For each English word or phrase of text found in the glossary (longest first), its
    Vietnamese equivalents, most common first."""
    return table("glossary_en_vi.tsv").find(without_aliases(text))


def synonyms(text: str, folded: bool = False) -> list[list[str]]:
    """For each everyday word or phrase of a Vietnamese question ('lãi', 'nhà mạng'), the words
    official texts use for it ('lợi nhuận', 'doanh nghiệp viễn thông')."""
    return table("synonyms.tsv").find(text, folded)


def without_aliases(text: str) -> str:
    """Text with the aliased names taken out (their Vietnamese names stand for them)."""
    return table("aliases.tsv").remove(text)


def aliases(text: str) -> list[str]:
    """Vietnamese names for the English or informal names in text (longest match first)."""
    return list(dict.fromkeys(m[0] for m in table("aliases.tsv").find(text)))


def _inside_code(text: str, match: re.Match) -> bool:
    """Part of a document number or code ('125/TB-VPCP', 'TT&TT'): not shorthand."""
    around = text[max(0, match.start() - 1):match.start()] + text[match.end():match.end() + 1]
    return any(c in "/-&" for c in around)


def _applies(entry: Shorthand, words: list[str], start: int, end: int) -> bool:
    before = words[start - 1] if start > 0 else ""
    after = words[end] if end < len(words) else ""
    next_to_number = before[:1].isdigit() or after[:1].isdigit()
    return {"num": next_to_number, "notnum": not before[:1].isdigit(),
            "end": end == len(words)}.get(entry.when, True)


def expand_shorthand(text: str) -> tuple[str, list[str]]:
    """(text with each shorthand replaced by its first meaning, the other meanings).
    Only whole words written exactly as in the table are read as shorthand."""
    matches = list(_WORD.finditer(text))
    words = [m.group(0).lower() for m in matches]
    table = shorthand_table()
    out, extra, last, i = [], [], 0, 0
    while i < len(words):
        for size in (2, 1):
            entry = table.get(tuple(words[i:i + size]))
            if (entry and len(words[i:i + size]) == size and _applies(entry, words, i, i + size)
                    and not _inside_code(text, matches[i])):
                out.append(text[last:matches[i].start()] + entry.meanings[0])
                extra += entry.meanings[1:]
                last = matches[i + size - 1].end()
                i += size
                break
        else:
            i += 1
    out.append(text[last:])
    return "".join(out), extra


# Chat politeness around a question ("cho mình hỏi …", "… vậy ad", "mn ơi …"): the embedding model
# weighs every word, and these say nothing about the documents (held-out chat questions: the
# evidence shown 0.62 -> 0.81, the dev set unchanged).
_LEAD_FILLER = re.compile(r"^\s*((cho|cko|ch) (mình|minh|em|tôi|toi|tớ|to|anh|chị|chi|mk|t) (hỏi|hoi)"
                          r"( chút| chut| xíu| xiu| với| voi| tí| ti)?( là| la)?|(ad|admin|mọi người|mọi ng|bạn|ban|bot)"
                          r" (ơi|oi)|(xin )?(hỏi|hoi))[\s,:]+", re.IGNORECASE)
_TAIL_FILLER = re.compile(r"(\s+(vậy|vay|v|ạ|a|ak|à|nhé|nhe|nha|nhỉ|nhi|ad|admin|mn|mọi người|moi nguoi|ơi|oi|z"
                          r"|thế|the|ha|hả|hử|nè|ne|với|voi))+\s*[?.!]*\s*$")  # lower case: 'phụ lục V' stays


def without_fillers(text: str) -> str:
    """The question without its chat politeness, for the embedding model; as typed when little
    else would remain."""
    stripped = _TAIL_FILLER.sub("", _LEAD_FILLER.sub("", text))
    return stripped if len(stripped.split()) >= 2 else text
