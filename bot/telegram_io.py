"""Outgoing Bot API calls: flood control (429) handled by PTB's AIORateLimiter, plus retries
with back-off for transient network failures (502, dropped connections), which PTB never retries."""

from __future__ import annotations

import asyncio
import logging

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, network_retries: int = 4, backoff_s: float = 0.5, **kwargs):
        super().__init__(**kwargs)
        self.network_retries, self.backoff_s = network_retries, backoff_s

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise  # our request is wrong: retrying cannot help
            except NetworkError as exc:
                # getUpdates has its own retry loop in the Updater
                if endpoint == "getUpdates" or attempt == self.network_retries:
                    raise
                delay = self.backoff_s * 2 ** attempt
                log.warning("%s failed (%s); retry %d in %.1f s", endpoint, exc, attempt + 1, delay)
                await asyncio.sleep(delay)
