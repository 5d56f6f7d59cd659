"""Log formats: plain lines for people, JSON lines for log collectors (REMISS_LOG_FORMAT).

``RequestFieldsFilter`` copies the method, path, status and duration of a request from the
records that carry them (Django's ``django.request`` and ``django.server`` loggers, gunicorn's
``gunicorn.access``) into ``record.http``, with any invitation token in the path masked. It runs
before the portal's token filter (``remiss.portal.logging``), which rewrites the message and
drops its arguments. Both formatters mask tokens once more in the finished line, exception text
included, so a token cannot reach the log through a traceback either.
"""

import json
import logging
import re
from datetime import UTC, datetime

from remiss.portal.logging import redact_tokens

# The message of django.server: '"GET /path HTTP/1.1" 200 1234'.
_SERVER_LINE = re.compile(r'^"(?P<method>[A-Z]+) (?P<path>\S+)[^"]*" (?P<status>\d{3})\b')


class RequestFieldsFilter(logging.Filter):
    """Adds ``record.http`` (method, path, status, duration_ms) where the record has them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "http", None) is None:
            fields = _request_fields(record)
            if fields:
                record.http = fields
        return True


def _request_fields(record: logging.LogRecord) -> dict:
    fields: dict = {}
    args = record.args
    if record.name == "gunicorn.access" and isinstance(args, dict):
        fields = {
            "method": args.get("m"),
            "path": args.get("U"),
            "status": _int(args.get("s")),
            "duration_ms": _duration_ms(args.get("D")),
        }
    else:
        request = getattr(record, "request", None)
        method = getattr(request, "method", None)
        path = getattr(request, "path", None)
        if isinstance(method, str) and isinstance(path, str):  # an HttpRequest
            fields = {"method": method, "path": path}
        elif record.name == "django.server":
            try:
                match = _SERVER_LINE.match(record.getMessage())
            except Exception:  # a malformed record is logging's problem, not ours
                match = None
            if match:
                fields = {"method": match["method"], "path": match["path"]}
                fields["status"] = int(match["status"])
        status = getattr(record, "status_code", None)
        if fields and isinstance(status, int):
            fields["status"] = status
    if not fields:
        return {}
    if isinstance(fields.get("path"), str):
        fields["path"] = redact_tokens(fields["path"])
    return {key: value for key, value in fields.items() if value is not None}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _duration_ms(microseconds) -> float | None:
    value = _int(microseconds)
    return None if value is None else round(value / 1000, 3)


class PlainFormatter(logging.Formatter):
    """``time LEVEL logger message``; tokens masked in the whole line, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_tokens(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, the request's
    method, path, status and duration_ms where known, and exception (the traceback) if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "http", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key in ("message", "exception", "stack"):
            if key in entry:
                entry[key] = redact_tokens(entry[key])
        return json.dumps(entry, ensure_ascii=False, default=str)
