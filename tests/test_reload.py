"""Reloading the knowledge base: broken files are skipped and named, nothing else is lost."""

from retrieval.engine import Engine


def test_broken_files_are_reported_and_the_rest_indexes(knowledge_copy, fresh_data_dir):
    (knowledge_copy / "empty.txt").write_bytes(b"")
    (knowledge_copy / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (knowledge_copy / "latin1.txt").write_bytes("Thông báo về việc".encode("utf-8")[:5] + b"\xe0\xff\xfe bad")
    (knowledge_copy / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    report = engine.reload(force=True)
    failed = {f.doc: f.reason for f in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "latin1.txt", "image.png"}
    assert "rỗng" in failed["empty.txt"] and "nhị phân" in failed["binary.txt"]
    assert "UTF-8" in failed["latin1.txt"] and "chưa được hỗ trợ" in failed["image.png"]
    assert len(report.unchanged) == 5  # Engine.open indexed them already
    assert engine.answer("Ai ký thông báo 125?").status == "answered"


def test_unchanged_corpus_reload_embeds_nothing(knowledge_copy, fresh_data_dir):
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    report = engine.reload()
    assert report.unchanged and not report.added and not report.updated and report.embedded == 0
    assert report.generation == engine.generation.number


def test_updated_file_is_reindexed_and_old_text_no_longer_cited(knowledge_copy, fresh_data_dir):
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    target = next(knowledge_copy.glob("2017-07-14_*"))
    text = target.read_text("utf-8").replace("12.783 điểm phục vụ", "13.500 điểm phục vụ")
    target.write_text(text, "utf-8")
    report = engine.reload()
    assert report.updated == [target.name] and len(report.unchanged) == 4
    assert 0 < report.embedded < 20  # only the changed sentences and chunk
    answer = engine.answer("Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?")
    assert "13.500" in answer.citations[0].quote and "12.783" not in answer.text


def test_removed_file_is_no_longer_cited(knowledge_copy, fresh_data_dir):
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    target = next(knowledge_copy.glob("*TB-125*"))
    target.unlink()
    report = engine.reload()
    assert report.removed == [target.name]
    answer = engine.answer("Ai ký thông báo 125?")
    assert all(c.doc != target.name for c in answer.citations)


def test_a_file_that_breaks_keeps_its_last_good_version(knowledge_copy, fresh_data_dir):
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    target = next(knowledge_copy.glob("*TB-125*"))
    target.write_bytes(b"\xff\xfe\x00\xd8broken" * 3 + b"\x00" * 10)  # UTF-16 BOM, invalid body
    report = engine.reload()
    assert [f.doc for f in report.failed] == [target.name]
    assert "bản đã lập chỉ mục trước đó" in report.failed[0].reason
    assert engine.answer("Ai ký thông báo 125?").status == "answered"


def test_empty_knowledge_dir_answers_politely(tmp_path, fresh_data_dir):
    empty = tmp_path / "none"
    empty.mkdir()
    engine = Engine.open(empty, fresh_data_dir)
    answer = engine.answer("Ai ký thông báo 125?")
    assert answer.status == "not_found"


def test_an_index_written_by_another_version_is_rebuilt_not_fatal(knowledge_copy, fresh_data_dir):
    """After an upgrade the old manifest may not parse (a field renamed): rebuild from the documents."""
    import json

    first = Engine.open(knowledge_copy, fresh_data_dir).generation
    manifest = fresh_data_dir / "index" / first.dir / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    for doc in data["docs"].values():
        doc["meta"]["kind"] = doc["meta"].pop("type")
    manifest.write_text(json.dumps(data), "utf-8")
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    assert engine.generation.number > first.number
    assert engine.answer("Ai ký thông báo 125?").status == "answered"
