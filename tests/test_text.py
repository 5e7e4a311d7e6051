import pytest

from retrieval.abbreviations import expand, expansions
from retrieval.lexical import terms
from retrieval.query import parse_question
from retrieval.text import canonical_number, clean_line, fold, nfc, tokens


def test_folding_removes_diacritics_and_d_stroke():
    assert fold("Bộ Thông tin và Truyền thông") == "bo thong tin va truyen thong"
    assert fold("ĐIỆN TỬ đường") == "dien tu duong"


def test_decomposed_and_composed_forms_fold_alike():
    decomposed = "Ho\u0300a"  # 'Hòa' typed with a combining grave accent
    assert nfc(decomposed) == "Hòa"
    assert fold(decomposed) == fold("Hòa") == fold("Hoà")


def test_vietnamese_thousands_and_decimal_separators():
    assert canonical_number("12.783") == "12783"
    assert canonical_number("117.714") == "117714"
    assert canonical_number("91,6") == "91.6"
    assert canonical_number("72.736.956.416") == "72736956416"
    assert canonical_number("86.13") == "86.13"


def test_numbers_typed_differently_match():
    assert "12783" in tokens("Mạng lưới có 12.783 điểm")
    assert "12783" in tokens("12783 diem")
    assert "91.6" in tokens("91,6 tỷ USD") and "91.6" in tokens("91.6 billion USD")


def test_abbreviations_expand_both_ways():
    assert "thông tin và truyền thông" in expansions("Bộ TT&TT")
    assert "công nghệ thông tin" in expansions("ngành cntt")
    assert "cong_nghe" in terms("Vụ CNTT")  # the expansion is matched lexically
    assert expand("không viết tắt") == "không viết tắt"


def test_clean_line_drops_markdown_emphasis_and_collapses_space():
    assert clean_line("**THÔNG BÁO**  ") == "THÔNG BÁO"
    assert clean_line("*Nơi nhận:*\t") == "Nơi nhận:"
    assert clean_line("a  \t b") == "a b"


def test_english_function_words_do_not_drop_vietnamese_content_words():
    """'may' is an English function word, but folded 'máy' (xe máy, a machine) is what the question is about."""
    from retrieval.query import parse_question

    assert "máy" in parse_question("gửi xe máy ban đêm mất bao nhiêu tiền").content
    assert "may" in parse_question("gui xe may ban dem het bao nhieu").content
    assert "may" not in parse_question("What may the ministry do about junk SIM cards?").content


def test_a_date_the_document_sets_is_not_asked_of_its_metadata():
    """'when does it take effect' / 'by which date' are answered from the text, not the issue date."""
    from retrieval.query import detect_intent

    assert detect_intent("tb 112/tb-vpcp ra ngày nào v") == "date"
    assert detect_intent("When was announcement 112 issued?") == "date"
    assert detect_intent("Nghị định 38 có hiệu lực từ ngày nào?") is None
    assert detect_intent("quyết định này hạn chót nộp hồ sơ là ngày nào") is None
    assert detect_intent("bhxh báo cáo kết quả vào ngày nào hàng tháng") is None


def test_common_administrative_abbreviations_are_read_as_their_words_not_as_unknown_names():
    """'KCN', 'bhtn' are how people write khu công nghiệp, bảo hiểm thất nghiệp: a knowledge base that
    spells them out must still be searched for them, and they must not count as names it lacks."""
    from retrieval.query import parse_question

    chat = parse_question("mình đóng bhtn đc 10 năm r thì đc hỗ trợ bnhiu tiền v")
    assert "bảo hiểm thất nghiệp" in chat.dense_text and "thất_nghiệp" in chat.terms
    assert "kcn" not in parse_question("Xưởng của tôi ở trong KCN thì trả lương theo vùng nào?").names


def test_an_english_possessive_still_names_the_thing():
    from retrieval.shorthand import aliases, translations

    assert aliases("What is Vietnam's GDP growth?") == ["Việt Nam"]
    assert ["bộ"] in translations("What is the Ministry’s plan?")
    assert translations("don't") == []


def test_a_multi_part_question_is_split_into_its_questions_and_a_single_one_is_not():
    from retrieval.query import question_parts

    assert question_parts("VNPT 6 tháng thu về bao nhiêu, còn VTC đạt mấy phần trăm kế hoạch?") == [
        "VNPT 6 tháng thu về bao nhiêu", "VTC đạt mấy phần trăm kế hoạch"]
    assert question_parts("Viettel và VNPT lãi bao nhiêu trong năm 2017?") == []
    assert question_parts("Bộ Tài chính và Bộ Y tế, và các tỉnh phải làm gì?") == []


def test_who_has_signed_is_a_signer_question_and_a_forms_number_is_not_the_documents():
    from retrieval.query import detect_intent

    assert detect_intent("Ai đã ký Chỉ thị 21/CT-TTg?") == "signer"
    assert detect_intent("thông báo 125 số mấy") == "number"
    assert detect_intent("báo cáo định kỳ làm theo mẫu số mấy v ad") is None
    assert detect_intent("quy định này nằm ở điều số mấy") is None


@pytest.mark.parametrize("typed, embedded", [
    ("cho mình hỏi sapa áp lương tối thiểu vùng mấy ạ", "sapa áp lương tối thiểu vùng mấy"),
    ("ad ơi doanh thu viettel bao nhiêu vậy", "doanh thu viettel bao nhiêu"),
    ("hạn chót nộp hồ sơ là ngày nào v mọi người", "hạn chót nộp hồ sơ là ngày nào"),
    ("Phụ lục V quy định gì", "Phụ lục V quy định gì"),   # a numeral, not 'vậy'
    ("ai vậy", "ai vậy"),                                   # nothing would remain
])
def test_chat_politeness_is_left_out_of_what_the_embedding_model_sees(typed, embedded):
    assert parse_question(typed).dense_text.split(" (")[0] == embedded   # glosses follow in brackets


def test_documents_asked_in_the_plural_are_those_the_text_cites_not_the_document_itself():
    from retrieval.query import detect_intent
    assert detect_intent("Sở đã ra những văn bản số mấy, ngày nào về chống khai thác trái phép?") is None
    assert detect_intent("các quyết định nào được ban hành ngày nào") is None
    assert detect_intent("văn bản này ban hành ngày nào") == "date"
    assert detect_intent("thông báo này số mấy") == "number"


@pytest.mark.parametrize("question, asks", [
    ("ai từ chối nhận tiền thì phải ghi thế nào?", None),          # whoever refuses: asks how
    ("ai đã nghỉ việc thì được hỗ trợ bao nhiêu?", "number"),
    ("mấy kiến nghị của bộ thì trình ai chỉ đạo", "person"),        # asked after 'thì'
    ("ngày nào thì hết hạn nộp hồ sơ?", "day"),                     # nothing asked after 'thì'
    ("Ai ký thông báo 125?", "person"),
])
def test_who_in_a_conditional_means_whoever_and_the_question_is_after_then(question, asks):
    assert parse_question(question).asks == asks
