"""Framing texts of answers, per language. Quotes are never translated."""

TEXTS = {
    "vi": {
        "not_found": "Xin lỗi, tôi không tìm thấy thông tin này trong các tài liệu hiện có. "
                     "Bạn có thể hỏi lại bằng cách khác hoặc hỏi về nội dung khác trong tài liệu.",
        "related": "Tài liệu không nêu trực tiếp điều này; các đoạn liên quan nhất:",
        "empty": "Bạn chưa nhập câu hỏi. Hãy gõ câu hỏi về nội dung các tài liệu.",
        "too_long": "Câu hỏi quá dài (tối đa {limit} ký tự). Hãy hỏi ngắn gọn hơn.",
        "no_words": "Tôi chưa hiểu câu hỏi. Hãy hỏi bằng chữ, ví dụ: “Ai ký thông báo?”",
        "unsupported_language": "Xin lỗi, tôi chỉ trả lời câu hỏi bằng tiếng Việt hoặc tiếng Anh.",
        "no_index": "Kho tài liệu đang trống, chưa có văn bản nào để trả lời.",
        "signer": "{doc_ref} do {signer} ký{title}.",
        "date": "{doc_ref} đề ngày {date}.",
        "number": "Văn bản “{title}” có số hiệu {number}.",
        "issuer": "{doc_ref} do {issuer} ban hành.",
        "doc_ref_number": "Văn bản số {number}",
        "doc_ref_title": "Văn bản “{title}”",
        "fallback_note": "(Mô hình ngôn ngữ cục bộ đang không sẵn sàng; đây là câu trích nguyên văn từ tài liệu.)",
    },
    "en": {
        "not_found": "Sorry, I could not find this in the available documents.",
        "related": "The documents do not say this directly; the closest passages (in Vietnamese):",
        "empty": "Please type a question about the documents.",
        "too_long": "The question is too long (at most {limit} characters).",
        "no_words": "I could not read a question there. Please ask in words.",
        "unsupported_language": "Sorry, I can only answer questions in Vietnamese or English.",
        "no_index": "The knowledge base is empty.",
        "signer": "{doc_ref} was signed by {signer}{title}.",
        "date": "{doc_ref} is dated {date}.",
        "number": "The document “{title}” has number {number}.",
        "issuer": "{doc_ref} was issued by {issuer}.",
        "doc_ref_number": "Document No. {number}",
        "doc_ref_title": "The document “{title}”",
        "quoted": "According to the documents (quoted in Vietnamese): ",
        "fallback_note": "(The local language model is unavailable; this is a verbatim extract.)",
    },
}


def text(language: str, key: str, **values: object) -> str:
    table = TEXTS.get(language, TEXTS["vi"])
    return table.get(key, TEXTS["vi"].get(key, key)).format(**values)
