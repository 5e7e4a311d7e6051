"""The edit-in-place mechanism used for progressive answers."""

import asyncio

from telegram import Bot



async def test_progressive_edits_are_throttled_to_one_per_second(telegram):
    from bot.streaming import ThrottledEditor

    async with Bot(telegram.token, base_url=telegram.base_url) as bot:
        msg = await bot.send_message(1, "…")
        editor = ThrottledEditor(bot, 1, msg.message_id, min_interval=1.0)
        text = ""
        for i in range(30):  # a token stream over ~1.5 s
            text += f"từ{i} "
            await editor.update(text)
            await asyncio.sleep(0.05)
        await editor.finish("<b>Xong</b> " + text)
    times = [t for t, _ in telegram.edits]
    assert 2 <= len(times) <= 4
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:]))
    assert telegram.edits[-1][1]["text"].startswith("<b>Xong</b>")


async def test_flood_control_on_edit_postpones_instead_of_failing(telegram):
    from bot.streaming import ThrottledEditor

    async with Bot(telegram.token, base_url=telegram.base_url) as bot:
        msg = await bot.send_message(1, "…")
        editor = ThrottledEditor(bot, 1, msg.message_id, min_interval=0.1)
        telegram.fail_next("editMessageText", 429, retry_after=1)
        await editor.update("một")          # rejected: flood control
        await editor.update("một hai")      # too early: kept for later
        assert telegram.edits == []
        await editor.finish("một hai ba")   # waits out the retry_after, then shows the final text
    assert [p["text"] for _, p in telegram.edits] == ["một hai ba"]
