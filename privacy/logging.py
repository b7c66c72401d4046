"""Logs that cannot leak what a visitor typed, nor where they connected from.

Every process that handles visitor text (the Rasa server, the action server, the desk) calls
`install_redacting_logs()` once at start. It replaces the log record factory, so it holds for every
logger and every handler, including loggers and handlers that libraries create later (Sanic's access
log, Rasa's structlog lines, which end in the standard library's logging): each record's message is
formatted once, redacted with `privacy.redact`, and stored already formatted; an attached traceback is
formatted and redacted too, since Rasa's error logs can carry a whole tracker. URLs in a log line become
`[URL]` like any URL a visitor types (the redactor cannot tell them apart). Access-log records also lose
the client's address: Sanic's `host` field reads `-`, and IP addresses in the message become `[IP]`.

Redacting costs a few milliseconds per record (the name model); only records a logger actually emits
are built, so DEBUG lines cost nothing unless DEBUG is on.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from collections.abc import Callable
from typing import Any

from privacy.redactor import redact

# Loggers whose records describe an HTTP request and so carry the client's address.
ACCESS_LOGGERS = frozenset({"sanic.access", "uvicorn.access", "gunicorn.access", "aiohttp.access", "werkzeug"})
HIDDEN_HOST = "-"
_IPV4 = r"\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b"
_IPV6 = r"\[?\b(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\b\]?(?::\d{1,5})?"
_IP = re.compile(f"{_IPV4}|{_IPV6}")

_state = threading.local()
_install_lock = threading.Lock()
_installed = False


def hide_addresses(text: str) -> str:
    """`text` with IPv4 and IPv6 addresses (and their ports) replaced by [IP]."""
    return _IP.sub("[IP]", text)


class HideClientAddress(logging.Filter):
    """On an access logger: the client's address out of Sanic's `host` field. A logger filter, because
    `Logger.makeRecord` adds `extra` fields after the record factory has run."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "host" in record.__dict__:
            record.host = HIDDEN_HOST
        return True


def redact_record(record: logging.LogRecord) -> None:
    """Replace the record's message (and traceback, and stack) with a redacted, pre-formatted copy."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep the template only, never the arguments
        message = str(record.msg)
    message = redact(message)
    if record.name in ACCESS_LOGGERS:
        message = hide_addresses(message)
    record.msg, record.args = message, None
    if record.exc_info and not record.exc_text:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def _redacting_factory(previous: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if getattr(_state, "busy", False):
            # A record logged by the redactor itself (a warning about its model): no visitor text in it,
            # and redacting it would recurse.
            return record
        _state.busy = True
        try:
            redact_record(record)
        finally:
            _state.busy = False
        return record

    return factory


def install_redacting_logs() -> None:
    """Make every log record of this process redacted. Idempotent: a second call changes nothing."""
    global _installed
    with _install_lock:
        if _installed:
            return
        logging.setLogRecordFactory(_redacting_factory(logging.getLogRecordFactory()))
        for name in ACCESS_LOGGERS:
            logging.getLogger(name).addFilter(HideClientAddress())
        _installed = True


def installed() -> bool:
    return _installed
