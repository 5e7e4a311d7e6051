"""Property-style checks of the quote rule: every sentence the index can quote is verbatim text
of the lines it claims, for the shipped documents and for generated messy documents."""

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import chunking
from retrieval.parsing import analyse
from retrieval.loading import load
from retrieval.quotes import is_verbatim

from conftest import KNOWLEDGE

WORDS = ["Bộ", "Thông", "tin", "và", "Truyền", "thông", "12.783", "91,6", "tỷ", "USD", "TT&TT", "năm", "2021",
         "**đậm**", "*nghiêng*", "điểm", "phục", "vụ", "ngày", "Hà", "Nội", "x", "TP.", "kết", "luận"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(
    lambda ws: " ".join(ws)) .map(lambda s: s[0].upper() + s[1:] + ".")
line = st.one_of(st.just(""), st.just("   "), st.lists(sentence, min_size=1, max_size=4).map(" ".join),
                 st.sampled_from(["Số: 7/TB-UBND", "**THÔNG BÁO**", "icon", "anh.jpg", "\tĐẾN\tx"]))


def _all_quotable(lines):
    roles = analyse("doc.txt", lines)[0]
    return [s for c in chunking.chunk("doc.txt", lines, roles) for s in c.sentences]


def test_every_sentence_of_the_shipped_documents_is_verbatim():
    count = 0
    for path in sorted(KNOWLEDGE.iterdir()):
        lines = load(path).lines
        for s in _all_quotable(lines):
            assert is_verbatim(s.text, lines, s.line_start, s.line_end), (path.name, s)
            count += 1
    assert count > 300


@settings(max_examples=200, deadline=None)
@given(st.lists(line, min_size=1, max_size=30))
def test_every_sentence_of_a_generated_document_is_verbatim(lines):
    for s in _all_quotable(lines):
        assert is_verbatim(s.text, lines, s.line_start, s.line_end), s


def test_quote_rule_rejects_text_from_other_lines():
    lines = ["Dòng một nói về bưu chính.", "Dòng hai nói về viễn thông."]
    assert is_verbatim("nói về viễn thông", lines, 2, 2)
    assert not is_verbatim("nói về viễn thông", lines, 1, 1)
    assert not is_verbatim("bưu chính. Dòng hai", lines, 2, 2)
    assert is_verbatim("bưu chính. Dòng hai", lines, 1, 2)
