"""Fault injection for the demo Odoo: what goes wrong with a request, decided before serving it.

Random faults draw from one seeded RNG, so a given seed and request sequence reproduce the same
pattern. One-shot faults (`fail_next`) are served first, in order, and make tests
deterministic. Faults never touch the /demo/admin endpoint (the server's job to skip it).

Kinds:
- "502" / "503" / "504" / "500": a plain HTML error page with that status (a proxy in front of
  Odoo, or Odoo itself for 500)
- "429": Too Many Requests with a `Retry-After` header (seconds)
- "drop": the connection is closed without any response
- "timeout": the response is held for `slow_seconds` (longer than a client's timeout)
- "down": every connection is reset at once, as if the server had stopped
"""

from __future__ import annotations

import random
import threading
from collections import Counter, deque
from dataclasses import dataclass, field, fields
from typing import Any

KINDS = ("503", "502", "504", "500", "drop", "timeout", "429")
ERROR_KINDS = ("502", "503", "504")


@dataclass(frozen=True)
class Decision:
    """What to do with one request: `kind` None means serve it (after `delay` seconds)."""

    kind: str | None
    delay: float = 0.0
    retry_after: int = 0


@dataclass
class Faults:
    latency_ms: float = 0.0  # added to every response
    jitter_ms: float = 0.0  # plus a uniform random 0..jitter_ms
    slow_rate: float = 0.0  # fraction of requests held for slow_seconds
    slow_seconds: float = 30.0
    error_rate: float = 0.0  # fraction answered 502/503/504
    drop_rate: float = 0.0  # fraction closed without a response
    rate_limit_rate: float = 0.0  # fraction answered 429
    retry_after: int = 1  # seconds, in the Retry-After header of a 429
    down: bool = False
    seed: int = 0
    injected: Counter[str] = field(default_factory=Counter, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(self.seed)
        self._queue: deque[str] = deque()

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "seed" and hasattr(self, "_lock"):
            with self._lock:
                self._rng = random.Random(value)

    def fail_next(self, n: int = 1, kind: str = "503") -> None:
        """Make the next `n` requests fail with `kind` (see the module docstring)."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(KINDS)}")
        with self._lock:
            self._queue.extend([kind] * n)

    def rate_limit(self, n: int, retry_after: int | None = None) -> None:
        """Answer the next `n` requests with 429 Too Many Requests."""
        if retry_after is not None:
            self.retry_after = retry_after
        self.fail_next(n, "429")

    def reset(self) -> None:
        """No faults at all (the counters of injected faults are kept)."""
        with self._lock:
            self._queue.clear()
        for f in fields(self):
            if f.name not in ("seed", "injected"):
                setattr(self, f.name, f.default)

    @property
    def pending(self) -> int:
        return len(self._queue)

    def decide(self) -> Decision:
        with self._lock:
            delay = self.latency_ms / 1000.0
            if self.jitter_ms:
                delay += self._rng.uniform(0, self.jitter_ms) / 1000.0
            if self.down:
                kind: str | None = "down"
            elif self._queue:
                kind = self._queue.popleft()
            else:
                kind = self._draw()
            if kind is not None:
                self.injected[kind] += 1
            if kind == "timeout":
                delay += self.slow_seconds
            return Decision(kind, delay, self.retry_after if kind == "429" else 0)

    def _draw(self) -> str | None:
        rng = self._rng
        if self.drop_rate and rng.random() < self.drop_rate:
            return "drop"
        if self.error_rate and rng.random() < self.error_rate:
            return rng.choice(ERROR_KINDS)
        if self.rate_limit_rate and rng.random() < self.rate_limit_rate:
            return "429"
        if self.slow_rate and rng.random() < self.slow_rate:
            return "timeout"
        return None

    def to_dict(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "injected"}
        values["pending"] = self.pending
        values["injected"] = dict(self.injected)
        return values

    def update(self, settings: dict[str, Any]) -> None:
        """Apply the admin endpoint's settings: field values, plus `reset` and `fail_next`."""
        settings = dict(settings)
        if settings.pop("reset", False):
            self.reset()
        one_shot = settings.pop("fail_next", None)
        names = {f.name: f for f in fields(self) if f.name != "injected"}
        for key, value in settings.items():
            if key not in names:
                raise ValueError(f"unknown fault setting {key!r}")
            kind = type(getattr(self, key))
            setattr(self, key, bool(value) if kind is bool else kind(value))
        if one_shot:
            self.fail_next(int(one_shot.get("n", 1)), str(one_shot.get("kind", "503")))
