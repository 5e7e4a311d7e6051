"""`python -m bot` — run the Telegram bot or use the answer engine from the shell."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.render import answer_plain, reload_report_text
from bot.settings import Settings
from bot.wiring import open_engine, open_service


def _configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "chromadb", "httpcore", "urllib3", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)  # httpx logs URLs that contain the token


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    engine = open_service(settings)
    try:
        _ask(engine, args)
    finally:
        engine.engine.close()
    return 0


def _ask(engine, args: argparse.Namespace) -> None:
    if args.question == "-":
        for line in sys.stdin:
            if not line.strip():
                continue
            answer = engine.answer(line.rstrip("\n"))
            print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else answer_plain(answer),
                  flush=True)
        return
    answer = engine.answer(args.question)
    print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else answer_plain(answer))


def cmd_reload(settings: Settings, args: argparse.Namespace) -> int:
    engine = open_engine(settings, update=False)
    try:
        report = engine.reload(force=args.force)
    finally:
        engine.close()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(reload_report_text(report, html=False))
    return 1 if report.failed and not (report.added or report.updated or report.unchanged) else 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from retrieval.evaluation import format_table, load_devset, run_baseline, run_engine, summarise

    engine = open_engine(settings)
    devset = Path(args.devset)
    if args.calibrate:
        from retrieval.calibration import calibrate_report

        model, report = calibrate_report(engine, load_devset(devset, "train"), load_devset(devset, "validation"))
        print(report)
        if args.write:
            model.save(Path(args.write))
            print(f"decision model written to {args.write}")
        engine.decision = model
    items = load_devset(devset, args.split)
    ours = run_engine(engine, items)
    base = None
    if not args.no_baseline:
        from retrieval.baseline import LangChainBaseline

        base = run_baseline(LangChainBaseline(settings.knowledge_dir, engine.store.client, engine.embeddings), items)
    table = summarise(ours, settings.knowledge_dir, base)
    print(format_table(table, f"split: {args.split} ({len(items)} questions)"))
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=2), "utf-8")
    return 0


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.telegram_bot_token:
        print("Lỗi: chưa đặt TELEGRAM_BOT_TOKEN. Lấy token từ @BotFather rồi ghi vào tệp .env "
              "(xem .env.example), ví dụ: TELEGRAM_BOT_TOKEN=123456:ABC...", file=sys.stderr)
        return 2
    from bot.app import run

    run(settings)
    return 0


def cmd_bench(settings: Settings, args: argparse.Namespace) -> int:
    from retrieval.benchmark import format_report, run

    sizes = (500, 2000, 5000) if args.quick else (1000, 10_000, 100_000)
    devset = Path(__file__).resolve().parent.parent / "tests" / "devset.jsonl"
    report = run(settings.knowledge_dir, settings.data_dir, devset, Path(args.out), sizes)
    print(format_report(report))
    print(f"\n(total {report['total_s']:.0f} s; JSON: {args.out})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the Telegram bot (long polling, or webhook if WEBHOOK_URL is set)")
    ask = sub.add_parser("ask", help="answer a question from the knowledge base")
    ask.add_argument("question", help="the question, or - to read one question per line from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    reload = sub.add_parser("reload", help="bring the index up to date with KNOWLEDGE_DIR")
    reload.add_argument("--json", action="store_true")
    reload.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    ev = sub.add_parser("eval", help="quality metrics on the dev set, with the LangChain baseline")
    ev.add_argument("--devset", default=str(Path(__file__).resolve().parent.parent / "tests" / "devset.jsonl"))
    ev.add_argument("--split", default="test", choices=["train", "validation", "test", "all"],
                    help="which questions to report (default: test, which nothing is tuned on)")
    ev.add_argument("--no-baseline", action="store_true")
    ev.add_argument("--calibrate", action="store_true",
                    help="refit the decision: weights on the train split, thresholds on validation")
    ev.add_argument("--write", metavar="FILE", help="with --calibrate: save the fitted model here "
                    "(the shipped one is retrieval/data/decision.json)")
    ev.add_argument("--json", metavar="FILE", help="also write the metrics as JSON")
    bench = sub.add_parser("bench", help="latency, scale and reload benchmarks")
    bench.add_argument("--out", default="bench-results/latest.json")
    bench.add_argument("--quick", action="store_true", help="smaller scale points (for CI)")
    return parser


COMMANDS = {"run": cmd_run, "ask": cmd_ask, "reload": cmd_reload, "eval": cmd_eval, "bench": cmd_bench}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging()
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](settings, args)
    except KeyboardInterrupt:
        return 130
