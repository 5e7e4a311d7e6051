"""Example questions for /start, made from the indexed documents' metadata and kept only if
the engine really answers them."""

from __future__ import annotations

from retrieval.models import DocMeta


def candidates(metas: list[DocMeta]) -> list[str]:
    out = []
    dated = sorted(metas, key=lambda m: m.date.value if m.date else "", reverse=True)
    for m in dated:
        if m.number and m.signer:
            out.append(f"Ai ký văn bản số {m.number.value}?")
        if m.number and m.date:
            out.append(f"Văn bản {m.number.value} ban hành ngày nào?")
    for m in dated:
        if m.is_news and len(m.title) < 90 and not m.title.endswith("…"):
            out.append(f"{m.title} — có những nội dung chính nào?")
    return out


def pick_examples(engine, limit: int = 3) -> list[str]:
    gen = engine.generation
    if gen is None:
        return []
    chosen: list[str] = []
    seen_kinds: set[str] = set()
    for question in candidates(list(gen.metas.values())):
        kind = question.split()[0]
        if kind in seen_kinds and len(chosen) < limit - 1:
            continue
        if engine.answer(question).status == "answered":
            chosen.append(question)
            seen_kinds.add(kind)
        if len(chosen) == limit:
            break
    return chosen
