"""Cleaning, metadata and chunking on documents shaped like the ones admins upload."""

from retrieval import chunking
from retrieval.models import LineRole
from retrieval.parsing import analyse
from retrieval.quotes import is_verbatim

DECISION = """\
XYZ

**BỘ KHOA HỌC VÀ CÔNG NGHỆ**    **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**

Số: 2345/QĐ-BKHCN

Đà Nẵng, ngày 3 tháng 11 năm 2022

SỞ TIẾP NHẬN\t
ĐẾN\tGiờ: 9

**QUYẾT ĐỊNH**

**Về việc phê duyệt danh mục nhiệm vụ
khoa học và công nghệ cấp quốc gia**

Điều 1. Phê duyệt danh mục 14 nhiệm vụ khoa học và công nghệ, tổng kinh phí 45,5 tỷ đồng.

Điều 2. Quyết định có hiệu lực kể từ ngày ký./.

*Nơi nhận:*
- Như Điều 2;
- Lưu: VT.

**KT. BỘ TRƯỞNG
THỨ TRƯỞNG**

**Trần Văn Tùng**
"""

NEWS = """\
Khai trương trung tâm dữ liệu mới tại Cần Thơ

Thứ hai, 02/03/2020 09:15

Sáng ngày 2/3/2020, tại Cần Thơ, trung tâm dữ liệu có 1.200 máy chủ đã được khai trương. Dự án do doanh nghiệp trong nước thực hiện.

anh-khai-truong.jpg

Toàn cảnh lễ khai trương

Toàn cảnh lễ khai trương

Lãnh đạo thành phố đánh giá cao tiến độ dự án.
Tác giả A
banner
icon
Xem chi tiết icon
Top
"""


def _roles(text):
    lines = text.split("\n")
    return lines, analyse("doc.txt", lines)[0]


def _meta(text, name="doc.txt"):
    lines = text.split("\n") if isinstance(text, str) else text
    return lines, analyse(name, lines)[1]


def test_stamp_ocr_fragment_and_header_are_not_indexed():
    lines, roles = _roles(DECISION)
    role = {line.strip(): r for line, r in zip(lines, roles) if line.strip()}
    assert role["XYZ"] is LineRole.NOISE
    assert role["ĐẾN\tGiờ: 9"] is LineRole.NOISE
    assert role["Số: 2345/QĐ-BKHCN"] is LineRole.HEADER
    assert role["- Lưu: VT."] is LineRole.TRAILER
    assert len(roles) == len(lines)  # roles never shift line numbers


def test_metadata_of_an_official_decision():
    lines, meta = _meta(DECISION)
    assert meta.type == "quyết định" and meta.signing_form == "KT."
    assert meta.number.value == "2345/QĐ-BKHCN" and meta.number.line == 6
    assert meta.date.value == "2022-11-03" and meta.date.line == 8
    assert meta.signer.value == "Trần Văn Tùng" and lines[meta.signer.line - 1].strip("* ") == "Trần Văn Tùng"
    assert "THỨ TRƯỞNG" in meta.signer_title
    assert meta.title.startswith("Quyết định: Về việc phê duyệt danh mục")
    assert meta.issuer == "BỘ KHOA HỌC VÀ CÔNG NGHỆ"


def test_news_headline_date_and_website_footer():
    lines, meta = _meta(NEWS)
    roles = _roles(NEWS)[1]
    assert meta.is_news
    assert meta.title == "Khai trương trung tâm dữ liệu mới tại Cần Thơ"
    assert meta.date.value == "2020-03-02"
    by_text = dict(zip(lines, roles))
    assert by_text["anh-khai-truong.jpg"] is LineRole.NOISE
    assert by_text["banner"] is LineRole.BOILERPLATE and by_text["Top"] is LineRole.BOILERPLATE
    assert roles[lines.index("Toàn cảnh lễ khai trương", lines.index("Toàn cảnh lễ khai trương") + 1)] \
        is LineRole.NOISE  # the duplicated caption


def test_news_without_headline_gets_a_derived_title():
    lines = ["Ngày 5-6, Bộ Tài chính đã công bố số liệu thu ngân sách quý II. Tổng thu tăng 8%.", "Nội dung khác."]
    meta = _meta(lines)[1]
    assert meta.title == "Ngày 5-6, Bộ Tài chính đã công bố số liệu thu ngân sách quý II"
    assert meta.date is None and meta.number is None


def test_chunks_keep_exact_line_spans():
    lines, roles = _roles(DECISION)
    chunks = chunking.chunk("qd.md", lines, roles)
    title = chunks[0].sentences[0]
    assert (title.line_start, title.line_end) == (13, 16)
    first_article = next(s for c in chunks for s in c.sentences if s.text.startswith("Điều 1."))
    assert (first_article.line_start, first_article.line_end) == (18, 18)
    for c in chunks:
        for s in c.sentences:
            assert is_verbatim(s.text, lines, s.line_start, s.line_end), s
    indexed = " ".join(c.text for c in chunks)
    assert "Nơi nhận" not in indexed and "ĐẾN" not in indexed and "XYZ" not in indexed


def test_wrapped_title_lines_form_one_sentence():
    lines, roles = _roles(DECISION)
    sentence = next(s for c in chunking.chunk("qd.md", lines, roles) for s in c.sentences if "danh mục nhiệm vụ" in s.text)
    assert sentence.text == ("QUYẾT ĐỊNH Về việc phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp quốc gia")


def test_sentences_split_at_full_stops_but_not_inside_numbers():
    lines = ["Doanh thu đạt 12.783 tỷ đồng. Lợi nhuận tăng 3,5% so với TP. Hà Nội năm trước."]
    parts = [s.text for s in chunking.sentences(lines, [0])]
    assert parts == ["Doanh thu đạt 12.783 tỷ đồng.", "Lợi nhuận tăng 3,5% so với TP. Hà Nội năm trước."]


def test_chunk_ids_are_stable_across_parses():
    lines, roles = _roles(NEWS)
    first = [c.id for c in chunking.chunk("tin.txt", lines, roles)]
    assert first == [c.id for c in chunking.chunk("tin.txt", lines, roles)]
    assert len(set(first)) == len(first)


def test_footer_stays_out_of_the_index_when_text_is_appended_after_it():
    lines = (NEWS + "\nĐính chính: số máy chủ đúng là 1.250 máy chủ.\n").split("\n")
    roles = analyse("tin.txt", lines)[0]
    by_text = dict(zip(lines, roles))
    assert by_text["banner"] is LineRole.BOILERPLATE and by_text["Xem chi tiết icon"] is LineRole.BOILERPLATE
    assert by_text["Đính chính: số máy chủ đúng là 1.250 máy chủ."] is LineRole.BODY


def test_a_number_left_blank_for_the_office_to_fill_in_keeps_only_its_symbol():
    """'Số:        /BC-SNV Lâm Đồng, ngày …' (a PDF running the header cells together): the number is
    '/BC-SNV', not the symbol glued to the place name."""
    text = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số:               /BC-SNV Lâm Đồng, ngày       tháng 11 năm 2025\nBÁO CÁO\n"
            "Tổng kết thực hiện các mô hình cải cách hành chính\n\nNăm 2025, Sở đã triển khai 12 mô hình.\n")
    _, meta = _meta(text)
    assert meta.number.value == "/BC-SNV"
    assert meta.place == "Lâm Đồng"
