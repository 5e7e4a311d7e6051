"""What a user of `ask` sees: grounded answers with verbatim quotes, honest refusals."""

import pytest

from retrieval.quotes import file_lines, is_verbatim

from conftest import KNOWLEDGE


def _assert_quotes_verbatim(answer):
    assert answer.citations
    for c in answer.citations:
        assert is_verbatim(c.quote, file_lines(KNOWLEDGE / c.doc), c.line_start, c.line_end), c


def test_number_question_is_answered_with_the_source_line(engine):
    answer = engine.answer("Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?")
    assert answer.status == "answered"
    assert "12.783" in answer.text and "[1]" in answer.text
    _assert_quotes_verbatim(answer)
    assert "12.783" in answer.citations[0].quote


def test_question_without_diacritics_finds_the_same_passage(engine):
    accented = engine.answer("Doanh thu của Tập đoàn Viettel 6 tháng đầu năm 2017 là bao nhiêu?")
    plain = engine.answer("doanh thu cua tap doan viettel 6 thang dau nam 2017 la bao nhieu")
    assert plain.status == accented.status == "answered"
    assert (plain.citations[0].doc, plain.citations[0].line_start) == \
        (accented.citations[0].doc, accented.citations[0].line_start)
    assert "117.714" in plain.citations[0].quote


def test_abbreviation_matches_the_spelled_out_form(engine):
    answer = engine.answer("Bộ Thông tin và Truyền thông đề nghị thành lập cục nào trên cơ sở Vụ công nghệ thông tin?")
    assert answer.status == "answered"
    assert "Cục Công nghiệp ICT" in answer.citations[0].quote


def test_english_question_gets_english_framing_and_vietnamese_quote(engine):
    answer = engine.answer("What was Viettel's revenue in the first half of 2017?")
    assert answer.status == "answered" and answer.language == "en"
    assert answer.text.startswith("According to the documents")
    assert "117.714 tỷ đồng" in answer.citations[0].quote
    _assert_quotes_verbatim(answer)


def test_signer_question_is_answered_from_metadata_and_cites_the_signature_line(engine):
    answer = engine.answer("Ai ký thông báo 125?")
    assert answer.status == "answered"
    assert "Nguyễn Sỹ Hiệp" in answer.text
    c = answer.citations[0]
    assert "125" in c.doc and c.quote == "Nguyễn Sỹ Hiệp"
    _assert_quotes_verbatim(answer)


def test_date_question_about_a_document_uses_its_issue_date(engine):
    answer = engine.answer("Thông báo 112/TB-VPCP ban hành ngày nào?")
    assert "18/5/2021" in answer.text
    assert answer.citations[0].quote == "Hà Nội, ngày 18 tháng 5 năm 2021"


@pytest.mark.parametrize("question", [
    "Doanh thu của FPT 6 tháng đầu năm 2017 là bao nhiêu?",
    "Thông báo số 130/TB-VPCP do ai ký?",
    "Bộ trưởng Bộ Y tế là ai?",
    "Thời tiết Hà Nội hôm nay thế nào?",
    "Tập đoàn VNPT nộp ngân sách bao nhiêu?",  # Viettel's figure is there, VNPT's is not
])
def test_questions_the_documents_do_not_answer_get_not_found(engine, question):
    answer = engine.answer(question)
    assert answer.status == "not_found"
    assert answer.citations == []
    assert "không tìm thấy" in answer.text


@pytest.mark.parametrize("question, fragment", [
    ("", "chưa nhập câu hỏi"),
    ("   \n\t ", "chưa nhập câu hỏi"),
    ("x" * 10_000, "quá dài"),
    ("🙂🙂🙂", "chưa hiểu câu hỏi"),
    ("\x00\x07\x1b", "chưa nhập câu hỏi"),
    ("Когда был подписан документ?", "tiếng Việt hoặc tiếng Anh"),
    ("这个文件是谁签的？", "tiếng Việt hoặc tiếng Anh"),
])
def test_bad_input_gets_a_clear_message(engine, question, fragment):
    answer = engine.answer(question)
    assert answer.status == "not_found"
    assert fragment in answer.text
    assert answer.citations == []


def test_control_characters_inside_a_real_question_are_ignored(engine):
    answer = engine.answer("Có bao nhiêu\x00 sim rác\x1b đã bị xử lý?")
    assert answer.status == "answered" and "24 triệu" in answer.citations[0].quote


def test_follow_up_context_steers_retrieval(engine):
    plain = engine.answer("Còn lợi nhuận thì sao?")
    with_context = engine.answer("Còn lợi nhuận thì sao?", context="Doanh thu của Tập đoàn VNPT 6 tháng đầu năm 2017")
    assert with_context.status == "answered"
    assert "VNPT" in with_context.citations[0].quote
    assert plain.citations[:1] != with_context.citations[:1]


def test_quantity_question_is_not_mistaken_for_a_salary_question(engine):
    # folded 'so luong' (số lượng, quantity) equals folded 'lương' (salary)
    answer = engine.answer("So luong co quan bao dien tu duoc cap phep la bao nhieu")
    assert answer.status == "answered" and "150 cơ quan" in answer.citations[0].quote
