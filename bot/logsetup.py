"""Logging set-up: the bot token never reaches a log line.

httpx logs every request URL at INFO, and Bot API URLs contain ``bot<token>``. Its logger is
raised to WARNING, and every record is redacted when it is created (:func:`protect`), so that
no handler – ours, pytest's, or one an operator adds – ever sees a token; the filter on our
own handler stays as a second line.
"""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"(bot)?\d{5,}:[A-Za-z0-9_-]{20,}")


class RedactTokens(logging.Filter):
    """Replace bot tokens in the message and its arguments with ``bot<redacted>``."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return _TOKEN.sub("bot<redacted>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format: leave it to the handler to report
            return True
        clean = self.redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


_protected = RedactTokens()


def protect(*secrets: str) -> None:
    """Redact tokens (and ``secrets``) in every log record of this process from now on.

    Installs a log record factory once; later calls only add secrets. Runs before any handler
    or filter, so it covers handlers configured elsewhere.
    """
    _protected.secrets.extend(s for s in secrets if s and s not in _protected.secrets)
    if getattr(logging.getLogRecordFactory(), "redacts_tokens", False):
        return
    make_record = logging.getLogRecordFactory()

    def redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        _protected.filter(record)
        return record

    redacting_factory.redacts_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting_factory)


def configure(level: str = "INFO", *secrets: str) -> None:
    """Log to stderr with timestamps; redact tokens; keep httpx quiet."""
    protect(*secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens(*secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
