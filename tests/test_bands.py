"""A duration asked in years finds the band the text sets in months ("đã làm 4 năm" is in
"từ đủ 36 tháng đến dưới 60 tháng"), also where the band's figure sits on the next line."""

import pytest

from retrieval.bands import asked_duration, bands, fits
from retrieval.engine import Engine
from retrieval.quotes import file_lines, is_verbatim

DECISION = """ỦY BAN NHÂN DÂN
TỈNH NAM SƠN
Số: 09/2025/QĐ-UBND
Nam Sơn, ngày 2 tháng 4 năm 2025

QUYẾT ĐỊNH
Về hỗ trợ một lần cho cộng tác viên dân số thôi việc

Điều 1. Đối tượng
Cộng tác viên dân số ở thôn, tổ dân phố thôi việc do sắp xếp đơn vị hành chính.

Điều 2. Mức hỗ trợ
Mức hỗ trợ một lần căn cứ thời gian làm cộng tác viên, cụ thể như sau:
a) Thời gian làm cộng tác viên dưới 12 tháng: Hỗ trợ 1.500.000 đồng/người.
b) Thời gian làm cộng tác viên từ đủ 12 tháng đến dưới 36 tháng: Hỗ trợ 3.000.000 đồng/người.
c) Thời gian làm cộng tác viên từ đủ 36 tháng đến dưới 60 tháng: Hỗ trợ 4.500.000 đồng/người.
d) Thời gian làm cộng tác viên từ đủ 60 tháng đến dưới 120 tháng:
Hỗ trợ 6.000.000 đồng/người.
đ) Thời gian làm cộng tác viên từ đủ 120 tháng trở lên: Hỗ trợ 8.000.000 đồng/người.

Điều 3. Tổ chức thực hiện
Sở Y tế hướng dẫn, kiểm tra việc chi trả; Ủy ban nhân dân cấp xã lập danh sách đề nghị hỗ trợ.
"""
DOC = "qd-09-2025-ho-tro-cong-tac-vien.txt"


@pytest.mark.parametrize("question, months", [
    ("mình làm ctv được 4 năm r thì đc bao nhiêu", 48),
    ("Ai làm chưa đến một năm thì được hỗ trợ bao nhiêu?", 11.5),
    ("lam tu 10 nam tro len", 120),
    ("How much for more than two years of work?", 24.5),
    ("doanh thu 6 tháng đầu năm 2017 là bao nhiêu", None),   # a part of a year, not a duration
    ("hội nghị ngày 12 tháng 5 năm 2021", None),               # a date
])
def test_the_duration_a_question_names_is_read_in_months(question, months):
    assert asked_duration(question) == months


def test_bands_are_read_also_from_a_pdf_copy_that_broke_syllables_apart():
    (band,) = bands("e) Th ời gian đóng b ảo hi ểm t ừ đủ 132 tháng tr ở lên: H ỗ trợ 3.300.000 đồng")
    assert band.holds(140) and not band.holds(131)
    assert fits(48, "từ đủ 36 tháng đến dưới 60 tháng") == 1
    assert fits(60, "từ đủ 36 tháng đến dưới 60 tháng") == -1   # a sibling band: another amount
    assert fits(None, "dưới 12 tháng") == 0 and fits(48, "Hỗ trợ 6.000.000 đồng/người.") == 0


@pytest.mark.parametrize("question, amount", [
    ("mình làm cộng tác viên dân số được 4 năm r thì đc hỗ trợ bnhiu", "4.500.000"),
    ("làm cộng tác viên dân số chưa đến một năm thì được hỗ trợ bao nhiêu tiền", "1.500.000"),
    ("cộng tác viên dân số đã làm 7 năm thôi việc được hỗ trợ bao nhiêu", "6.000.000"),  # figure on the next line
])
def test_a_duration_in_years_is_answered_from_the_band_in_months_it_falls_in(tmp_path, fresh_data_dir,
                                                                             question, amount):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / DOC).write_text(DECISION, "utf-8")
    answer = Engine.open(knowledge, fresh_data_dir).answer(question)
    assert answer.status in ("answered", "related")
    assert any(amount in c.quote for c in answer.citations)
    if answer.status == "answered":  # never another band's amount stated as the answer
        assert amount in answer.citations[0].quote
    lines = file_lines(knowledge / DOC)
    assert all(is_verbatim(c.quote, lines, c.line_start, c.line_end) for c in answer.citations)
