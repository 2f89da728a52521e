"""Request accounting: how many HTTP requests, bytes and seconds each call site costs.

A call site is a short label the caller passes (e.g. "pos_lines.orders"). The transports add
to a `CallMeter` per logical call (every HTTP request of every try); the client then books the
meter under its site. The numbers feed the run history ("requests" per partition), the backfill
estimate and the benchmarks. Bytes are HTTP body bytes as sent and received on the wire.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass


@dataclass
class CallMeter:
    """What one logical call cost; transports increment it, one instance per call."""

    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    retries: int = 0
    retry_wait_s: float = 0.0


@dataclass
class SiteStats:
    calls: int = 0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    seconds: float = 0.0
    retries: int = 0
    retry_wait_s: float = 0.0
    errors: int = 0

    @property
    def bytes(self) -> int:
        return self.bytes_sent + self.bytes_received

    def as_dict(self) -> dict[str, float | int]:
        d: dict[str, float | int] = asdict(self)
        d["bytes"] = self.bytes
        return d


class RequestStats:
    """Thread-safe per-site totals; one per `OdooClient` (or shared between clients)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sites: dict[str, SiteStats] = {}

    def book(self, site: str, meter: CallMeter, seconds: float, *, failed: bool) -> None:
        with self._lock:
            s = self._sites.setdefault(site, SiteStats())
            s.calls += 1
            s.requests += meter.requests
            s.bytes_sent += meter.bytes_sent
            s.bytes_received += meter.bytes_received
            s.seconds += seconds
            s.retries += meter.retries
            s.retry_wait_s += meter.retry_wait_s
            s.errors += int(failed)

    def site(self, site: str) -> SiteStats:
        with self._lock:
            return SiteStats(**asdict(self._sites.get(site, SiteStats())))

    def snapshot(self) -> dict[str, dict[str, float | int]]:
        """site -> {calls, requests, bytes_sent, bytes_received, bytes, seconds, retries, ...}"""
        with self._lock:
            return {name: s.as_dict() for name, s in sorted(self._sites.items())}

    def totals(self) -> dict[str, float | int]:
        total = SiteStats()
        with self._lock:
            for s in self._sites.values():
                for name, value in asdict(s).items():
                    setattr(total, name, getattr(total, name) + value)
        return total.as_dict()

    def reset(self) -> None:
        with self._lock:
            self._sites.clear()
