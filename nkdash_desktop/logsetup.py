"""Logging to a rotating file in the per-user log folder, with secrets scrubbed.

Secrets should never reach a log call in the first place; the scrubbing filter is the second
line of defence for text that quotes a request or a server message.
"""

from __future__ import annotations

import logging
import logging.handlers
import threading
from pathlib import Path

from nkdash_desktop.paths import app_paths

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
_secrets: set[str] = set()
_lock = threading.Lock()
REDACTED = "[secret]"


def register_secret(secret: str | None) -> None:
    """Remember a secret so that any log record quoting it is redacted."""
    if secret and len(secret) >= 4:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message or record.exc_info:
            record.msg, record.args = clean, None
            if record.exc_info:
                # render the traceback now, redacted, so no raw secret survives formatting
                record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
        return True


def setup_logging(level: int = logging.INFO, log_dir: Path | None = None) -> Path:
    """Attach one rotating file handler (5 x 2 MB) to the root logger; idempotent."""
    log_dir = log_dir or app_paths().log_dir
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "nkdash.log"
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "nkdash", False) and Path(handler.baseFilename) == path:  # type: ignore[attr-defined]
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.nkdash = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return path
