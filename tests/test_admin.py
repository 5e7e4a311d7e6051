"""Admins change the knowledge base from the chat: reload, upload, remove."""

import io

import docx

from retrieval.engine import Engine

ADMIN = 42


def _docx(paragraphs) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(telegram, name: str, data: bytes, user_id: int = ADMIN):
    file_id = f"file{len(telegram.files) + 1}"
    telegram.files[file_id] = data
    return telegram.message(None, user_id=user_id, chat_id=user_id, document={
        "file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": len(data)})


async def _start(make_bot, knowledge_copy, fresh_data_dir):
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    app = await make_bot(engine, knowledge_dir=knowledge_copy, data_dir=fresh_data_dir)
    return engine, app


def _texts(telegram):
    return [m["text"] for m in telegram.sent]


async def test_non_admin_reload_is_refused(make_bot, telegram, knowledge_copy, fresh_data_dir):
    engine, _ = await _start(make_bot, knowledge_copy, fresh_data_dir)
    before = engine.generation.number
    telegram.command("/reload", user_id=5, chat_id=5)
    await telegram.wait_for(lambda: any("quản trị viên" in t for t in _texts(telegram)))
    assert engine.generation.number == before


async def test_admin_upload_of_a_docx_is_indexed_and_answered_with_quotes(make_bot, telegram, knowledge_copy,
                                                                        fresh_data_dir):
    await _start(make_bot, knowledge_copy, fresh_data_dir)
    data = _docx(["ỦY BAN NHÂN DÂN TỈNH AN GIANG", "Số: 77/QĐ-UBND", "An Giang, ngày 9 tháng 3 năm 2024",
                  "QUYẾT ĐỊNH", "Về việc trang bị máy tính bảng cho trường học",
                  "Điều 1. Trang bị 3.456 máy tính bảng cho các trường tiểu học vùng sâu trong năm học 2024.",
                  "Điều 2. Sở Giáo dục chịu trách nhiệm tổ chức thực hiện."])
    _upload(telegram, "QĐ 77 máy tính bảng.docx", data)
    report = await telegram.wait_for(lambda: [t for t in _texts(telegram) if "Kết quả cập nhật" in t], timeout=60)
    assert "77/QĐ-UBND" in report[0] and "9/3/2024" in report[0] and "Thêm mới: 1" in report[0]
    assert (knowledge_copy / "QĐ 77 máy tính bảng.txt").exists()
    assert (knowledge_copy / "_originals" / "QĐ 77 máy tính bảng.docx").read_bytes() == data
    q = telegram.message("Trang bị bao nhiêu máy tính bảng cho các trường tiểu học?", user_id=3, chat_id=3)
    answer = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    assert "3.456" in answer[0]["text"] and "Về việc trang bị máy tính bảng" in answer[0]["text"]
    assert "77/QĐ-UBND, 9/3/2024" in answer[0]["text"]


async def test_updated_file_is_reindexed_and_old_text_no_longer_cited(make_bot, telegram, knowledge_copy,
                                                                     fresh_data_dir):
    await _start(make_bot, knowledge_copy, fresh_data_dir)
    target = next(knowledge_copy.glob("2017-07-14_*"))
    target.write_text(target.read_text("utf-8").replace("12.783 điểm", "15.000 điểm"), "utf-8")
    telegram.command("/reload", user_id=ADMIN, chat_id=ADMIN)
    report = await telegram.wait_for(lambda: [t for t in _texts(telegram) if "Kết quả cập nhật" in t], timeout=60)
    assert "Cập nhật: 1" in report[0]
    q = telegram.message("Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?", user_id=3, chat_id=3)
    answer = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    assert "15.000" in answer[0]["text"] and "12.783" not in answer[0]["text"]


async def test_removed_file_is_no_longer_cited(make_bot, telegram, knowledge_copy, fresh_data_dir):
    engine, _ = await _start(make_bot, knowledge_copy, fresh_data_dir)
    name = next(knowledge_copy.glob("*TB-125*")).name
    telegram.command(f"/remove {name}", user_id=ADMIN, chat_id=ADMIN)
    confirm = await telegram.wait_for(lambda: [m for m in telegram.sent if "Xoá văn bản" in m["text"]])
    yes = confirm[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    telegram.press(confirm[0], yes, user_id=ADMIN)
    await telegram.wait_for(lambda: [t for t in _texts(telegram) if "Đã xoá: 1" in t], timeout=60)
    assert not (knowledge_copy / name).exists()
    telegram.command("/docs", user_id=3, chat_id=3)
    docs = await telegram.wait_for(lambda: [t for t in _texts(telegram) if "Kho văn bản" in t])
    assert "(4 văn bản)" in docs[0] and "125/TB-VPCP" not in docs[0]
    answer = engine.answer("Ai ký thông báo 125?")
    assert all(c.doc != name for c in answer.citations)


async def test_undecodable_and_disguised_files_are_rejected_and_nothing_changes(make_bot, telegram, knowledge_copy,
                                                                               fresh_data_dir):
    engine, _ = await _start(make_bot, knowledge_copy, fresh_data_dir)
    before = sorted(p.name for p in knowledge_copy.iterdir())
    generation = engine.generation.number
    _upload(telegram, "bang-ma-la.txt", bytes(range(0x80, 0x100)) * 8)
    _upload(telegram, "thong-bao.txt", b"MZ\x90\x00\x03" + b"\x00" * 200)        # an executable named .txt
    _upload(telegram, "bao-cao.pdf", b"PK\x03\x04" + b"\x00" * 100)               # a zip named .pdf
    rejected = await telegram.wait_for(lambda: [t for t in _texts(telegram) if "Không nhận tệp" in t]
                                       if len([t for t in _texts(telegram) if "Không nhận tệp" in t]) == 3 else None)
    joined = "\n".join(rejected)
    assert "bảng mã" in joined and "thực thi" in joined and "không khớp đuôi .pdf" in joined
    assert sorted(p.name for p in knowledge_copy.iterdir()) == before
    assert engine.generation.number == generation


async def test_uploading_an_existing_name_asks_before_overwriting(make_bot, telegram, knowledge_copy, fresh_data_dir):
    await _start(make_bot, knowledge_copy, fresh_data_dir)
    name = next(knowledge_copy.glob("2021-05-11_*")).name
    original = (knowledge_copy / name).read_bytes()
    _upload(telegram, name, "Nội dung mới hoàn toàn về chủ đề khác, có 42 trạm.".encode())
    ask = await telegram.wait_for(lambda: [m for m in telegram.sent if "Ghi đè" in m["text"]])
    no = ask[0]["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    telegram.press(ask[0], no, user_id=ADMIN)
    await telegram.wait_for(lambda: telegram.calls_to("editMessageText"))
    assert (knowledge_copy / name).read_bytes() == original


async def test_non_admin_upload_is_refused(make_bot, telegram, knowledge_copy, fresh_data_dir):
    await _start(make_bot, knowledge_copy, fresh_data_dir)
    _upload(telegram, "x.txt", "Văn bản hợp lệ.".encode(), user_id=5)
    await telegram.wait_for(lambda: any("quản trị viên" in t for t in _texts(telegram)))
    assert not (knowledge_copy / "x.txt").exists()


def _sent_with(telegram, needle):
    return [m for m in telegram.sent if needle in m["text"]]


async def test_a_second_reload_while_one_runs_is_told_to_wait_then_runs(make_bot, telegram, knowledge_copy,
                                                                         fresh_data_dir):
    from bot import texts

    _, app = await _start(make_bot, knowledge_copy, fresh_data_dir)
    lock = app.bot_data["services"].admin_lock
    await lock.acquire()  # another admin's reload is under way
    telegram.command("/reload", user_id=ADMIN, chat_id=ADMIN)
    await telegram.wait_for(lambda: _sent_with(telegram, texts.RELOAD_BUSY))
    lock.release()
    await telegram.wait_for(lambda: _sent_with(telegram, "Không đổi"))


async def test_confirmation_buttons_refuse_non_admins_and_expire(make_bot, telegram, knowledge_copy, fresh_data_dir):
    from bot import texts

    engine, _ = await _start(make_bot, knowledge_copy, fresh_data_dir)
    docs = sorted(engine.generation.docs)
    telegram.command("/remove 1", user_id=ADMIN, chat_id=ADMIN)
    question = (await telegram.wait_for(lambda: [m for m in telegram.sent if m.get("reply_markup")]))[0]
    token = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[2]
    telegram.press(question, f"rm:yes:{token}", user_id=5)
    refused = await telegram.wait_for(lambda: telegram.calls_to("answerCallbackQuery"))
    assert refused[0]["text"] == texts.NOT_ADMIN and (knowledge_copy / docs[0]).exists()
    for data in ("rm:yes:0000", "rm:yes"):  # a token from before a restart; a garbled button
        telegram.press(question, data, user_id=ADMIN)
    await telegram.wait_for(lambda: len([e for e in telegram.calls_to("editMessageText")
                                         if e["text"] == texts.EXPIRED]) == 2)
    assert (knowledge_copy / docs[0]).exists()


async def test_documents_sent_in_a_group_are_not_uploaded(make_bot, telegram, knowledge_copy, fresh_data_dir):
    await _start(make_bot, knowledge_copy, fresh_data_dir)
    telegram.files["g1"] = "Thông báo mới\n\nNội dung.\n".encode()
    sent = telegram.message(None, user_id=ADMIN, chat_id=-500, chat_type="supergroup", document={
        "file_id": "g1", "file_unique_id": "g1", "file_name": "moi.txt", "file_size": 30})
    marker = telegram.command("/help", chat_id=-500, chat_type="supergroup")
    await telegram.wait_for(lambda: telegram.replies_to(marker["message_id"]) or _sent_with(telegram, "Cách dùng"))
    assert telegram.replies_to(sent["message_id"]) == [] and not (knowledge_copy / "moi.txt").exists()
    assert telegram.calls_to("getFile") == []
