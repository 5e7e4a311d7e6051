"""A table row or list item is found by the words of the line that heads it, and an article's
clauses by its heading; quotes still come from the row's own line."""

from pathlib import Path

from retrieval.engine import Engine
from retrieval.parsing import parse
from retrieval.quotes import file_lines, is_verbatim

DECISION = """ỦY BAN NHÂN DÂN
THÀNH PHỐ BẮC NAM
Số: 17/2025/QĐ-UBND
Bắc Nam, ngày 3 tháng 3 năm 2025

QUYẾT ĐỊNH
Ban hành giá dịch vụ trông giữ xe trên địa bàn thành phố

Điều 1. Phạm vi điều chỉnh
Quyết định này quy định giá dịch vụ trông giữ xe đạp, xe máy, ô tô tại các điểm trông giữ công cộng.

Điều 2. Giá dịch vụ trông giữ xe
1. Giá trông giữ theo lượt được quy định tại bảng sau:
Loại phương tiện Giá ban ngày (đồng/lượt) Giá ban đêm (đồng/lượt)
Xe đạp 2.000 3.000
Xe máy 5.000 8.000
Ô tô dưới 9 chỗ 25.000 35.000
2. Các điểm trông giữ phải niêm yết giá công khai tại lối vào.
3. Giá trông giữ theo tháng như sau:
a) Xe đạp: 40.000 đồng/tháng;
b) Xe máy: 110.000 đồng/tháng;
c) Ô tô dưới 9 chỗ: 1.200.000 đồng/tháng.

Điều 3. Tổ chức thực hiện
Sở Giao thông vận tải chủ trì, phối hợp với Ủy ban nhân dân các quận, huyện rà soát toàn bộ các điểm trông
giữ xe công cộng trên địa bàn; hướng dẫn các đơn vị kinh doanh dịch vụ lập hồ sơ đăng ký giá theo mẫu
ban hành kèm theo Quyết định này; tổ chức kiểm tra việc niêm yết giá và xử lý các trường hợp thu sai
quy định, tổng hợp kết quả báo cáo Ủy ban nhân dân thành phố; hoàn thành việc niêm yết giá tại tất cả
các điểm trông giữ trước ngày 31 tháng 3 năm 2025.

Điều 4. Hiệu lực thi hành
Quyết định này có hiệu lực từ ngày 15 tháng 3 năm 2025.
Các tổ chức, cá nhân kinh doanh dịch vụ trông giữ xe chịu trách nhiệm thi hành Quyết định này.

Nơi nhận:
- Như Điều 4;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Minh
"""


def _write(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "qd-17-2025-gia-trong-giu-xe.txt").write_text(DECISION, "utf-8")
    return knowledge


def test_rows_and_list_items_carry_their_header_and_article_as_context(tmp_path):
    chunks = parse(_write(tmp_path) / "qd-17-2025-gia-trong-giu-xe.txt").chunks
    row = next(c for c in chunks if "Xe máy 5.000 8.000" in c.text)
    assert "Giá ban đêm" in row.context and "Điều 2. Giá dịch vụ trông giữ xe" in row.context
    item = next(c for c in chunks if "110.000" in c.text)
    assert "theo tháng" in item.context


def test_a_table_row_is_found_by_its_header_and_quoted_from_its_own_line(tmp_path, fresh_data_dir):
    knowledge = _write(tmp_path)
    engine = Engine.open(knowledge, fresh_data_dir)
    answer = engine.answer("gửi xe máy ban đêm mất bao nhiêu tiền")
    assert answer.status in ("answered", "related")
    lines = file_lines(knowledge / "qd-17-2025-gia-trong-giu-xe.txt")
    assert any("8.000" in c.quote for c in answer.citations)
    for c in answer.citations:
        assert is_verbatim(c.quote, lines, c.line_start, c.line_end)
        assert "Giá ban đêm" not in c.quote or "Giá ban đêm" in " ".join(lines[c.line_start - 1:c.line_end])


def test_the_date_a_decision_takes_effect_is_answered_from_its_text_not_its_issue_date(tmp_path, fresh_data_dir):
    engine = Engine.open(_write(tmp_path), fresh_data_dir)
    answer = engine.answer("quyết định về giá gửi xe có hiệu lực từ ngày nào")
    assert answer.status in ("answered", "related")
    assert "15 tháng 3 năm 2025" in answer.citations[0].quote


def test_a_deadline_at_the_end_of_a_long_sentence_is_quoted_with_the_sentence(tmp_path, fresh_data_dir):
    """A sentence split into pieces at ';' across chunks: the piece that matches the question and the
    deadline that ends the sentence are cited together, verbatim."""
    knowledge = _write(tmp_path)
    engine = Engine.open(knowledge, fresh_data_dir)
    answer = engine.answer("sở giao thông vận tải phải rà soát các điểm trông giữ xe xong trước ngày nào")
    lines = file_lines(knowledge / "qd-17-2025-gia-trong-giu-xe.txt")
    assert answer.status in ("answered", "related")
    assert "31 tháng 3 năm 2025" in answer.citations[0].quote and "rà soát" in answer.citations[0].quote
    assert all(is_verbatim(c.quote, lines, c.line_start, c.line_end) for c in answer.citations)


def test_a_table_row_is_read_in_the_unit_its_header_gives(tmp_path, fresh_data_dir):
    """'25.000 35.000' are prices because the header says (đồng/lượt): the per-turn daytime price is
    cited first, not the monthly price whose line happens to say 'đồng'."""
    engine = Engine.open(_write(tmp_path), fresh_data_dir)
    answer = engine.answer("giá trông giữ ô tô dưới 9 chỗ ban ngày theo quyết định là bao nhiêu")
    assert answer.status in ("answered", "related")
    assert "25.000" in answer.citations[0].quote
