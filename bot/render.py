"""Rendering answers and reports as Telegram HTML (or plain text for the shell)."""

from __future__ import annotations

from html import escape

from retrieval.models import ReloadReport


def reload_report_text(report: ReloadReport, html: bool = True) -> str:
    esc = escape if html else (lambda s: s)
    b = (lambda s: f"<b>{s}</b>") if html else (lambda s: s)
    lines = [b("Kết quả cập nhật kho tài liệu") + f" ({report.duration_s:.1f} giây)"]
    for label, names in (("Thêm mới", report.added), ("Cập nhật", report.updated),
                         ("Không đổi", report.unchanged), ("Đã xoá", report.removed)):
        lines.append(f"{label}: {len(names)}")
        lines += [f"  • {esc(n)}" for n in names if label != "Không đổi"]
    lines.append(f"Lỗi: {len(report.failed)}")
    lines += [f"  • {esc(f.doc)}: {esc(f.reason)}" for f in report.failed]
    lines.append(f"Tổng số đoạn trong chỉ mục: {report.chunks} (mới tạo embedding: {report.embedded})")
    return "\n".join(lines)
