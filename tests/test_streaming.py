"""The edit-in-place mechanism used for progressive answers."""

import asyncio

from telegram import Bot



class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_progressive_edits_are_throttled_to_one_per_second(telegram):
    from bot.streaming import ThrottledEditor

    clock = FakeClock()
    edited_at = []
    async with Bot(telegram.token, base_url=telegram.base_url) as bot:
        msg = await bot.send_message(1, "…")
        editor = ThrottledEditor(bot, 1, msg.message_id, min_interval=1.0, clock=clock, sleep=clock.sleep)
        text = ""
        for i in range(30):  # a token every 50 ms: 1.5 s of stream
            text += f"từ{i} "
            before = len(telegram.edits)
            await editor.update(text)
            if len(telegram.edits) > before:
                edited_at.append(clock.now)
            clock.now += 0.05
        await editor.finish("<b>Xong</b> " + text)
        edited_at.append(clock.now)
    assert len(telegram.edits) == len(edited_at) == 3  # at 0 s, at 1 s, and the final text at 2 s
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(edited_at, edited_at[1:]))  # float sums of 0.05
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
