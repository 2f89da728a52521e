"""Retries for transient failures only, with exponential backoff and full jitter.

Transient = the error's `retryable` flag: timeouts, refused/reset/dropped connections, HTTP
429/502/503/504. Wrong credentials, missing access rights, bad requests and unknown databases
are never retried: repeating them only delays the sentence the operator needs (and can lock an
account). A 429 or 503 with `Retry-After` waits what the server asked for. Sleep and the random
source are injectable so tests run in milliseconds and deterministically.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from nkdash_desktop.odoo.accounting import CallMeter
from nkdash_desktop.odoo.errors import OdooError, ServerUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 5  # tries after the first one
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    max_retry_after_s: float = 300.0  # never park a sync longer than this on one Retry-After


class Retrier:
    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._rng = rng or random.Random()

    def delay(self, retry_index: int, exc: OdooError) -> float:
        """Seconds to wait before retry number `retry_index` (0-based)."""
        retry_after = getattr(exc, "retry_after", None)
        if isinstance(exc, ServerUnavailable) and retry_after is not None:
            return min(max(retry_after, 0.0), self.policy.max_retry_after_s)
        ceiling = min(self.policy.max_delay_s, self.policy.base_delay_s * 2**retry_index)
        return self._rng.uniform(0.0, ceiling)

    def run(self, fn: Callable[[], T], meter: CallMeter | None = None, *, what: str = "") -> T:
        retries = 0
        while True:
            try:
                return fn()
            except OdooError as exc:
                if not exc.retryable:
                    raise
                if retries >= self.policy.max_retries:
                    final = exc.exhausted(retries + 1)
                    raise final from exc.__cause__
                wait = self.delay(retries, exc)
                retries += 1
                log.warning(
                    "Odoo %s failed (%s); retry %d/%d in %.2f s",
                    what or "call",
                    exc.detail or exc.__class__.__name__,
                    retries,
                    self.policy.max_retries,
                    wait,
                )
                if meter is not None:
                    meter.retries += 1
                    meter.retry_wait_s += wait
                self._sleep(wait)
