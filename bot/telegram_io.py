"""Outgoing Bot API calls: flood control (429) handled by PTB's AIORateLimiter, plus retries
with back-off for transient network failures (502, dropped connections), which PTB never retries."""

from __future__ import annotations

import logging

from tenacity import AsyncRetrying, before_sleep_log, retry_if_exception, stop_after_attempt, wait_exponential
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)


def _transient(exc: BaseException) -> bool:
    # BadRequest is a NetworkError in PTB, but it means our request is wrong: retrying cannot help
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, network_retries: int = 4, backoff_s: float = 0.5, **kwargs):
        super().__init__(**kwargs)
        self.network_retries, self.backoff_s = network_retries, backoff_s

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        call = super().process_request
        if endpoint == "getUpdates":  # the Updater has its own retry loop
            return await call(callback, args, kwargs, endpoint, data, rate_limit_args)
        retrying = AsyncRetrying(retry=retry_if_exception(_transient), stop=stop_after_attempt(self.network_retries + 1),
                                 wait=wait_exponential(multiplier=self.backoff_s), reraise=True,
                                 before_sleep=before_sleep_log(log, logging.WARNING))
        async for attempt in retrying:
            with attempt:
                return await call(callback, args, kwargs, endpoint, data, rate_limit_args)
