"""Writes tests/devset.jsonl from a compact table (kept as code so edits stay reviewable)."""
import json
from pathlib import Path

A = "2021-05-18_TB-112-VPCP_ket-luan-thu-tuong-hop-voi-bo-tttt.txt"
B = "2021-05-11_tin_thu-tuong-lam-viec-voi-bo-tttt.txt"
C = "tin_thu-tuong-nguyen-xuan-phuc-lam-viec-voi-bo-tttt.txt"
D = "2017-07-14_tin_bo-tttt-so-ket-6-thang-dau-nam-2017.txt"
E = "2021-05-26_TB-125-VPCP_ket-luan-lam-viec-voi-cong-ttdt-chinh-phu.txt"

# (kind, question, [(doc, [lines...]), ...]); an empty evidence list = unanswerable
ROWS = [
    # facts
    ("fact", "Hội nghị sơ kết 6 tháng đầu năm 2017 của Bộ TT&TT được tổ chức trực tuyến tại bao nhiêu điểm cầu?", [(D, [5])]),
    ("fact", "Thủ tướng Phạm Minh Chính làm việc với Cổng Thông tin điện tử Chính phủ vào ngày nào?", [(E, [15, 13])]),
    ("fact", "Những ai tham dự cuộc họp của Thủ tướng với Bộ Thông tin và Truyền thông ngày 11/5/2021?", [(A, [22])]),
    ("fact", "Bộ TT&TT đề nghị cho phép doanh nghiệp viễn thông như Viettel, VNPT làm dịch vụ gì?", [(C, [7])]),
    ("fact", "Tài khoản viễn thông có vùng phủ bao nhiêu phần trăm dân số?", [(C, [8])]),
    ("fact", "Có bao nhiêu sim rác đã bị xử lý?", [(D, [60])]),
    ("fact", "Thủ tướng giao Phó Thủ tướng nào chỉ đạo xử lý các kiến nghị của Bộ Thông tin và Truyền thông?", [(A, [44])]),
    ("fact", "Quan điểm nhất quán trong quản lý nhà nước về thông tin, truyền thông là gì?", [(E, [23])]),
    ("fact", "Thẻ cào viễn thông có phải là phương tiện thanh toán không?", [(C, [9])]),
    ("fact", "Bộ TT&TT đề nghị thành lập cục nào trên cơ sở Vụ CNTT?", [(C, [17])]),
    # numbers
    ("number", "Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?", [(D, [35])]),
    ("number", "Doanh thu của Tập đoàn Viettel 6 tháng đầu năm 2017 là bao nhiêu?", [(D, [48])]),
    ("number", "Doanh thu công nghiệp CNTT năm 2017 đạt bao nhiêu tỷ USD?", [(C, [34])]),
    ("number", "Tổng doanh thu toàn ngành Thông tin và Truyền thông năm 2020 là bao nhiêu?", [(A, [24]), (B, [4])]),
    ("number", "Có bao nhiêu nhà báo được cấp thẻ nhà báo tính đến tháng 6/2017?", [(D, [33])]),
    ("number", "Doanh thu viễn thông 6 tháng đầu năm 2017 ước đạt bao nhiêu?", [(D, [37])]),
    ("number", "Số thuê bao 3G tính đến hết tháng 6/2017 là khoảng bao nhiêu?", [(D, [37])]),
    ("number", "Tỷ trọng Make in Vietnam năm 2025 đặt mục tiêu đạt bao nhiêu phần trăm?", [(B, [6])]),
    ("number", "Chỉ số cải cách hành chính PAR Index năm 2017 của Bộ đạt bao nhiêu điểm?", [(C, [37])]),
    ("number", "Lợi nhuận của VNPT 6 tháng đầu năm 2017 là bao nhiêu?", [(D, [46])]),
    ("number", "Mục tiêu phát triển bao nhiêu doanh nghiệp công nghệ số Việt Nam vào năm 2025?", [(B, [6])]),
    ("number", "Doanh thu 91,6 tỷ USD là của ngành nào, năm nào?", [(C, [34])]),
    ("number", "12.783 điểm phục vụ là số liệu về cái gì?", [(D, [35])]),
    # abbreviations
    ("abbreviation", "ATTT: Bộ đề nghị đầu tư tăng cường năng lực cho trung tâm nào?", [(C, [14])]),
    ("abbreviation", "Cổng TTĐT Chính phủ có những hạn chế gì?", [(E, [19])]),
    ("abbreviation", "VPCP thông báo kết luận của Thủ tướng cho Cổng TTĐT Chính phủ nhằm mục đích gì?", [(E, [38, 21])]),
    ("abbreviation", "Bộ TTTT đề nghị xây dựng đề án gì trong lĩnh vực CNTT?", [(C, [10])]),
    ("abbreviation", "Sở TT&TT có nên sáp nhập với Sở Văn hóa, Thể thao, Du lịch không?", [(C, [22])]),
    ("abbreviation", "Trong 6 tháng đầu năm 2017 công tác xây dựng VBQPPL được thực hiện thế nào?", [(D, [13, 66])]),
    ("abbreviation", "Bộ TT&TT kiến nghị gì về CMCN4.0?", [(C, [19])]),
    # no diacritics
    ("no_diacritics", "mang luoi buu chinh cong cong co bao nhieu diem phuc vu", [(D, [35])]),
    ("no_diacritics", "doanh thu viettel 6 thang dau nam 2017", [(D, [48])]),
    ("no_diacritics", "thu tuong pham minh chinh lam viec voi bo thong tin va truyen thong ngay nao", [(B, [1]), (A, [22])]),
    ("no_diacritics", "bo thong tin va truyen thong de nghi gi ve the cao vien thong", [(C, [9])]),
    ("no_diacritics", "so thue bao internet bang rong co day", [(D, [37])]),
    ("no_diacritics", "tong truy van ten mien tren he thong dns quoc gia", [(D, [39])]),
    ("no_diacritics", "muc tieu phu song 5g toan quoc nam nao", [(B, [5])]),
    ("no_diacritics", "cong ttdt chinh phu can xay dung de an gi", [(E, [33])]),
    ("no_diacritics", "ai ky thong bao 112", [(A, [62, 57, 58])]),
    ("no_diacritics", "doanh thu mobifone 6 thang dau nam", [(D, [52])]),
    # English
    ("english", "How many postal service points does the public postal network have?", [(D, [35])]),
    ("english", "What was Viettel's revenue in the first half of 2017?", [(D, [48])]),
    ("english", "Who signed announcement 125/TB-VPCP?", [(E, [53, 48, 49])]),
    ("english", "What target did the Ministry set for 5G coverage?", [(B, [5])]),
    ("english", "How much revenue did the IT industry earn in 2017?", [(C, [34])]),
    ("english", "How many junk SIM cards have been handled?", [(D, [60])]),
    ("english", "What did the Ministry propose about telecom scratch cards?", [(C, [9])]),
    ("english", "When was announcement 112 issued?", [(A, [10])]),
    # metadata
    ("metadata", "Ai ký thông báo 125?", [(E, [53, 48, 49])]),
    ("metadata", "Thông báo 112/TB-VPCP ban hành ngày nào?", [(A, [10])]),
    ("metadata", "Thông báo kết luận về buổi làm việc với Cổng TTĐT Chính phủ có số hiệu là gì?", [(E, [6])]),
    ("metadata", "Người ký thông báo kết luận cuộc họp với Bộ Thông tin và Truyền thông là ai?", [(A, [62, 57, 58])]),
    ("metadata", "Thông báo số 125 được ban hành ngày nào?", [(E, [8])]),
    ("metadata", "Bài viết về hội nghị sơ kết 6 tháng đầu năm 2017 của Bộ TT&TT đăng ngày nào?", [(D, [3, 5])]),
    ("metadata", "Cơ quan nào ban hành thông báo 112?", [(A, [5, 8])]),
    # paraphrases
    ("paraphrase", "Người đứng đầu Chính phủ muốn cán bộ ngành có những phẩm chất gì?", [(B, [11]), (A, [36])]),
    ("paraphrase", "Bộ muốn đưa các lĩnh vực mình quản lý lên thứ hạng nào trên thế giới?", [(B, [3])]),
    ("paraphrase", "Thủ tướng nhận xét thế nào về kết quả của ngành so với tiềm năng?", [(B, [7]), (A, [28])]),
    ("paraphrase", "Vì sao Thủ tướng cho rằng truyền thông quan trọng?", [(B, [15])]),
    ("paraphrase", "Thủ tướng yêu cầu ngăn ngừa khủng hoảng truyền thông ra sao?", [(A, [42]), (B, [15])]),
    ("paraphrase", "Việt Nam có thể tăng năng suất lao động bao nhiêu nếu quyết liệt số hóa?", [(C, [10])]),
    ("paraphrase", "Những nhà mạng nào báo cáo tăng trưởng cao hơn cùng kỳ?", [(D, [44])]),
    ("paraphrase", "Chế tài xử phạt vi phạm trong báo chí được đánh giá ra sao?", [(C, [27])]),
    ("paraphrase", "Những yếu tố nào giúp ngành đạt được thành tựu?", [(A, [26])]),
    ("paraphrase", "Ngành TT&TT được chúc giữ gìn những phẩm chất truyền thống nào?", [(C, [58])]),
    # answers in two places or two documents
    ("multi", "So sánh doanh thu 6 tháng đầu năm 2017 của Viettel và VNPT.", [(D, [48]), (D, [46])]),
    ("multi", "Thủ tướng Phạm Minh Chính làm việc với Bộ TT&TT và với Cổng TTĐT Chính phủ vào những ngày nào?", [(A, [22]), (B, [1]), (E, [15])]),
    ("multi", "Số thuê bao 2G và 3G tính đến hết tháng 6/2017 là bao nhiêu?", [(D, [37])]),
    ("multi", "Doanh thu của MobiFone và VietnamPost 6 tháng đầu năm 2017?", [(D, [52]), (D, [54])]),
    ("multi", "Ai ký cả hai thông báo 112 và 125?", [(A, [62]), (E, [53])]),
    ("multi", "Nguyên tắc một việc chỉ giao cho một cơ quan chịu trách nhiệm chính được nêu ở đâu?", [(A, [36]), (B, [9])]),
    # not answerable (near misses included)
    ("unanswerable", "Doanh thu của FPT 6 tháng đầu năm 2017 là bao nhiêu?", []),
    ("unanswerable", "Bộ trưởng Bộ Y tế là ai?", []),
    ("unanswerable", "Giá cước 5G của Viettel là bao nhiêu một tháng?", []),
    ("unanswerable", "Thông báo số 130/TB-VPCP do ai ký?", []),
    ("unanswerable", "Bao nhiêu trạm phát sóng 5G đã được lắp đặt năm 2020?", []),
    ("unanswerable", "Ngân sách cho Trung tâm lưu chiểu dữ liệu truyền thông số là bao nhiêu tiền?", []),
    ("unanswerable", "Luật An ninh mạng có hiệu lực từ ngày nào?", []),
    ("unanswerable", "Tỷ lệ người dùng Facebook ở Việt Nam là bao nhiêu?", []),
    ("unanswerable", "Lương trung bình của nhà báo Việt Nam là bao nhiêu?", []),
    ("unanswerable", "Who is the Minister of Finance of Vietnam?", []),
    ("unanswerable", "How many smartphones were sold in Vietnam in 2017?", []),
    ("unanswerable", "doanh thu cua vietnamobile nam 2018 la bao nhieu", []),
    ("unanswerable", "Thủ tướng Phạm Minh Chính thăm Nhật Bản vào tháng mấy?", []),
    ("unanswerable", "Cổng TTĐT Chính phủ có bao nhiêu nhân viên?", []),
    ("unanswerable", "Thời tiết Hà Nội hôm nay thế nào?", []),
]


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "devset.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for i, (kind, question, ev) in enumerate(ROWS, start=1):
            row = {"id": f"q{i:03d}", "kind": kind, "question": question,
                   "evidence": [{"doc": d, "lines": lines} for d, lines in ev]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(ROWS)} questions -> {out}")


if __name__ == "__main__":
    main()
