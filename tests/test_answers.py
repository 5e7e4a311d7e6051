"""What a user of `ask` sees: grounded answers with verbatim quotes, honest refusals."""

import pytest

from retrieval.quotes import file_lines, is_verbatim

from conftest import KNOWLEDGE


def _assert_quotes_verbatim(answer):
    assert answer.citations
    for c in answer.citations:
        assert is_verbatim(c.quote, file_lines(KNOWLEDGE / c.doc), c.line_start, c.line_end), c


def _shows(answer, fragment: str) -> bool:
    """The evidence is shown: the answer cites it (answered) or offers it among the passages (related)."""
    return answer.status in ("answered", "related") and any(fragment in c.quote for c in answer.citations)


def test_number_question_is_answered_with_the_source_line(engine):
    answer = engine.answer("Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?")
    assert answer.status == "answered"
    assert "12.783" in answer.text and "[1]" in answer.text
    _assert_quotes_verbatim(answer)
    assert "12.783" in answer.citations[0].quote


def test_question_without_diacritics_finds_the_same_passage(engine):
    accented = engine.answer("Doanh thu của Tập đoàn Viettel 6 tháng đầu năm 2017 là bao nhiêu?")
    plain = engine.answer("doanh thu cua tap doan viettel 6 thang dau nam 2017 la bao nhieu")
    assert _shows(accented, "117.714") and _shows(plain, "117.714")
    _assert_quotes_verbatim(plain)


@pytest.mark.parametrize("question", [
    "cho mình hỏi dt viettel 6 th đầu năm 2017 bn vậy",      # shorthand
    "doanh thu cua viettel nua dau nam 2017 dc bao nhiu",   # no diacritics, typo
])
def test_chat_style_question_finds_the_passage(engine, question):
    assert _shows(engine.answer(question), "117.714")


def test_abbreviation_matches_the_spelled_out_form(engine):
    answer = engine.answer("Bộ Thông tin và Truyền thông đề nghị thành lập cục nào trên cơ sở Vụ công nghệ thông tin?")
    assert _shows(answer, "Cục Công nghiệp ICT")


def test_english_question_gets_english_framing_and_vietnamese_quote(engine):
    answer = engine.answer("What was Viettel's revenue in the first half of 2017?")
    assert answer.language == "en" and _shows(answer, "117.714 tỷ đồng")
    assert answer.text.startswith(("According to the documents", "The documents do not say this directly"))
    _assert_quotes_verbatim(answer)


def test_unsure_answer_says_so_and_offers_at_most_three_passages(engine):
    answer = engine.answer("Bộ có đạt mục tiêu phủ sóng 5G toàn quốc năm 2022 không?")  # the text sets the goal only
    assert answer.status == "related"
    assert answer.text.startswith("Tài liệu không nêu trực tiếp điều này")
    assert 1 <= len(answer.citations) <= 3
    _assert_quotes_verbatim(answer)


def test_signer_question_is_answered_from_metadata_and_cites_the_signature_block(engine):
    answer = engine.answer("Ai ký thông báo 125?")
    assert answer.status == "answered"
    assert "Nguyễn Sỹ Hiệp" in answer.text
    c = answer.citations[0]
    # the position he signed as stands above his name: the quote shows both
    assert "125" in c.doc and c.quote == "KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Sỹ Hiệp"
    _assert_quotes_verbatim(answer)


@pytest.mark.parametrize("question", [
    "bài tin về hội nghị sơ kết 6 tháng 2017 của bộ tt&tt do ai viết",
    "Who are the reporters credited on the article about the ministry's 2017 mid-year review?",
])
def test_who_wrote_a_news_report_is_answered_with_its_byline(engine, question):
    answer = engine.answer(question)
    assert answer.status == "answered"
    assert answer.citations[0].quote == "Xuân Lộc - Thu Hương"


def test_date_question_about_a_document_uses_its_issue_date(engine):
    answer = engine.answer("Thông báo 112/TB-VPCP ban hành ngày nào?")
    assert "18/5/2021" in answer.text
    assert answer.citations[0].quote == "Hà Nội, ngày 18 tháng 5 năm 2021"


@pytest.mark.parametrize("question", [
    "Doanh thu của FPT 6 tháng đầu năm 2017 là bao nhiêu?",   # a company the documents never name
    "Thông báo số 130/TB-VPCP do ai ký?",                      # a document number they do not have
    "Bộ trưởng Bộ Y tế là ai?",                                # an organisation they never name
    "Thời tiết Hà Nội hôm nay thế nào?",                       # nothing relevant
])
def test_questions_the_documents_do_not_cover_get_not_found(engine, question):
    answer = engine.answer(question)
    assert answer.status == "not_found"
    assert answer.citations == []
    assert "không tìm thấy" in answer.text


@pytest.mark.parametrize("question", [
    "Tập đoàn VNPT nộp ngân sách bao nhiêu?",      # Viettel's figure is there, VNPT's is not
    "Doanh thu viễn thông 6 tháng đầu năm 2018 ước đạt bao nhiêu?",  # the text gives 2017
])
def test_near_misses_are_not_answered_with_confidence(engine, question):
    assert engine.answer(question).status != "answered"


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
    assert _shows(engine.answer("Có bao nhiêu\x00 sim rác\x1b đã bị xử lý?"), "24 triệu")


def test_a_two_part_question_cites_a_passage_for_each_part(engine):
    answer = engine.answer("Thủ tướng nói gì về khát vọng lớn mà đội ngũ cán bộ không xứng tầm, "
                           "và đi đôi với phân cấp thì Bộ phải làm gì?")
    assert _shows(answer, "Khát vọng lớn nhưng đội ngũ cán bộ không xứng tầm")
    assert _shows(answer, "đẩy mạnh phân cấp, phân quyền")
    _assert_quotes_verbatim(answer)


def test_a_date_question_about_a_news_article_without_a_date_is_answered_from_its_text(engine):
    """The article has no dateline, so its text answers; never another document's issue date."""
    answer = engine.answer("bài viết về buổi Thủ tướng Phạm Minh Chính làm việc với Bộ TT&TT cho biết hôm đó là ngày nào?")
    assert _shows(answer, "Ngày 11-5, Thủ tướng Phạm Minh Chính đã làm việc")
    assert not any(c.quote.startswith("Hà Nội, ngày") for c in answer.citations)


def test_follow_up_context_steers_retrieval(engine):
    plain = engine.answer("Còn lợi nhuận thì sao?")
    with_context = engine.answer("Còn lợi nhuận thì sao?", context="Doanh thu của Tập đoàn VNPT 6 tháng đầu năm 2017")
    assert _shows(with_context, "VNPT")
    assert plain.citations[:1] != with_context.citations[:1]


def test_quantity_question_is_not_mistaken_for_a_salary_question(engine):
    # folded 'so luong' (số lượng, quantity) equals folded 'lương' (salary)
    assert _shows(engine.answer("So luong co quan bao dien tu duoc cap phep la bao nhieu"), "150 cơ quan")


def test_a_two_part_question_asking_who_signed_answers_both_halves(engine):
    """The signer comes from the header, the other half from the text; neither is lost."""
    answer = engine.answer("Thông báo 112 do ai ký, và Thủ tướng nói gì về khát vọng lớn mà đội ngũ cán bộ "
                           "không xứng tầm?")
    assert answer.citations[0].quote.endswith("Nguyễn Sỹ Hiệp") and "112" in answer.citations[0].doc
    assert _shows(answer, "Khát vọng lớn nhưng đội ngũ cán bộ không xứng tầm")
    assert "[1]" in answer.text and "[2]" in answer.text
    _assert_quotes_verbatim(answer)


@pytest.mark.parametrize("question", ["Ai ký nghị định về lương tối thiểu vùng?",       # no nghị định here
                                      "Bộ trưởng nào ký nghị định về lương tối thiểu vùng?"])
def test_who_signed_a_kind_of_document_the_knowledge_base_lacks_is_not_answered_with_another(engine, question):
    answer = engine.answer(question)
    assert answer.status != "answered"
    assert "Nguyễn Sỹ Hiệp" not in answer.text and "Xuân Lộc" not in answer.text
