"""Every Vietnamese text the bot sends in chat, in one place."""

WELCOME = (
    "Xin chào! Tôi trả lời câu hỏi dựa trên kho văn bản chính thức và luôn trích dẫn "
    "đúng dòng nguồn để bạn kiểm tra.\n\nBạn có thể hỏi, ví dụ:\n{examples}\n\n"
    "Gõ /help để xem hướng dẫn, /docs để xem danh sách văn bản."
)
HELP = (
    "<b>Cách dùng</b>\n"
    "• Trong chat riêng: gửi câu hỏi bất kỳ.\n"
    "• Trong nhóm: nhắc tên tôi (@{username}), trả lời tin nhắn của tôi, hoặc dùng /ask câu hỏi.\n"
    "• Trả lời (reply) vào câu trả lời của tôi để hỏi tiếp cùng chủ đề; /forget để xoá ngữ cảnh.\n"
    "• Mỗi câu trả lời kèm nguồn: tên văn bản, số dòng và trích dẫn nguyên văn.\n\n"
    "<b>Lệnh</b>\n/ask — đặt câu hỏi\n/docs — danh sách văn bản\n/forget — quên ngữ cảnh hội thoại\n"
    "/help — hướng dẫn này"
)
ASK_USAGE = "Cách dùng: /ask câu hỏi của bạn\nVí dụ: /ask {example}"
NO_EXAMPLES = "• (kho tài liệu đang trống)"
DOCS_HEADER = "<b>Kho văn bản ({count} văn bản)</b>"
DOCS_EMPTY = "Kho tài liệu đang trống."
FORGOTTEN = "Đã xoá ngữ cảnh hội thoại trong cuộc trò chuyện này."
RATE_LIMITED = "Bạn đang hỏi hơi nhanh 🙂 Vui lòng đợi khoảng {seconds} giây rồi hỏi tiếp."
TOO_LONG = "Câu hỏi quá dài (tối đa {limit} ký tự). Bạn hãy rút gọn giúp tôi nhé."
QUEUED = "Đang có nhiều câu hỏi, câu của bạn ở vị trí thứ {position}. Tôi sẽ trả lời ngay khi đến lượt."
BUSY = "Hệ thống đang quá tải, bạn vui lòng hỏi lại sau ít phút."
ERROR = "Xin lỗi, đã có lỗi khi xử lý yêu cầu (mã lỗi: {error_id}). Vui lòng thử lại sau."
SOURCES = "Nguồn"
RELATED_SOURCES = "Các đoạn liên quan nhất"
RELATED_MARK = "🔎"
LINES = "dòng"
FEEDBACK_THANKS = "Cảm ơn bạn đã góp ý!"
FEEDBACK_UNKNOWN = "Không tìm thấy câu trả lời này nữa."
NOT_ADMIN = "Xin lỗi, lệnh này chỉ dành cho quản trị viên."
STATS_HEADER = "<b>Thống kê 7 ngày gần đây</b>"
STATS_DAY = "{day}: {count} câu hỏi"
STATS_SUMMARY = ("Tổng: {total} câu hỏi — trả lời: {answered} ({answered_rate:.0%}), chỉ có đoạn liên quan: "
                 "{related} ({related_rate:.0%}), không tìm thấy: {not_found} ({rate:.0%})\n"
                 "Đánh giá: 👍 {up} · 👎 {down}")
STATS_UNANSWERED = "<b>Câu hỏi chưa được trả lời tốt</b> (không tìm thấy, chỉ có đoạn liên quan, hoặc bị 👎)"
STATS_NONE = "(chưa có)"
NO_DATE = "không rõ ngày"

COMMANDS = [
    ("ask", "Đặt câu hỏi về văn bản"),
    ("docs", "Danh sách văn bản"),
    ("forget", "Quên ngữ cảnh hội thoại"),
    ("help", "Hướng dẫn sử dụng"),
    ("subscribe", "Đăng ký bản tin hằng ngày (HH:MM)"),
    ("unsubscribe", "Huỷ bản tin hằng ngày"),
    ("digest", "Xem bản tin hôm nay"),
    ("subscriptions", "Cài đặt bản tin"),
    ("start", "Giới thiệu"),
]
ADMIN_COMMANDS = [("reload", "Cập nhật kho tài liệu (quản trị)"), ("remove", "Xoá văn bản (quản trị)"),
                  ("stats", "Thống kê (quản trị)")]
RELOAD_BUSY = "Đang có một lần cập nhật kho tài liệu khác; yêu cầu của bạn sẽ chạy ngay sau khi xong."
UPLOAD_REJECTED = "Không nhận tệp <b>{name}</b>: {reason}. Kho tài liệu không thay đổi."
UPLOAD_OVERWRITE = "Đã có văn bản <b>{name}</b>. Ghi đè bằng tệp mới?"
UPLOAD_SAVED = "Đã lưu <b>{name}</b>{note}. Đang cập nhật chỉ mục…"
OVERWRITE = "Ghi đè"
REMOVE = "Xoá"
CANCEL = "Huỷ"
CANCELLED = "Đã huỷ, không có gì thay đổi."
EXPIRED = "Yêu cầu này đã hết hạn."
REMOVE_USAGE = "Cách dùng: /remove tên-tệp hoặc số thứ tự\n{docs}"
REMOVE_CONFIRM = "Xoá văn bản <b>{name}</b> khỏi kho tài liệu?"
DOC_SUMMARY = "<b>{title}</b>\nSố hiệu: {number}\nNgày: {date}\nSố đoạn đã lập chỉ mục: {chunks}"
DIGEST_HEADER = "<b>📰 Bản tin kho văn bản {day}</b>\nCó {count} văn bản thay đổi kể từ bản tin trước."
DIGEST_CHANGE = {"added": "🆕 Mới:", "updated": "✏️ Cập nhật:", "removed": "🗑 Đã gỡ:"}
DIGEST_MORE = "… và {count} văn bản khác (xem /docs)."
DIGEST_QUESTIONS = "<b>Câu hỏi được quan tâm</b>"
DIGEST_EMPTY = "📰 Bản tin {day}: không có văn bản mới hay thay đổi."
SUBSCRIBE_USAGE = ("Cách dùng: /subscribe HH:MM [-cauhoi] [+trong] (ví dụ /subscribe 07:30). Mặc định 08:00.\n"
                   "-cauhoi: không kèm câu hỏi nổi bật; +trong: vẫn gửi thông báo ngắn khi không có gì mới.")
SUBSCRIBED = "Đã đăng ký bản tin hằng ngày lúc {at} ({tz}){where}."
SUBSCRIBE_NOT_ADMIN = "Chỉ quản trị viên của nhóm mới đăng ký hoặc huỷ bản tin cho nhóm."
UNSUBSCRIBED = "Đã huỷ bản tin hằng ngày{where}."
NOT_SUBSCRIBED = "Cuộc trò chuyện này chưa đăng ký bản tin. Dùng /subscribe HH:MM."
SUBSCRIPTIONS = "<b>Bản tin của cuộc trò chuyện này</b>"
SUBSCRIPTION_LINE = "• {where}: {at} mỗi ngày, {state}; câu hỏi nổi bật: {questions}; báo khi không có gì mới: {empty}"
IN_TOPIC = " cho chủ đề này"
DIGEST_NOTHING = "Hôm nay chưa có gì mới trong kho văn bản."
