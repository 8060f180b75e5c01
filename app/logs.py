"""Structured logs: one JSON object per line, a request id on every line of a request, no PII.

Every process (API, worker, indexer) calls `setup_logging` once. The API's `request_id_middleware`
(app/middlewares.py) takes
the caller's `X-Request-ID` (or makes one), returns it in the response and puts it on every log line
written while the request runs. Messages and extra fields are scrubbed of emails, phone numbers, tokens,
keys and passwords before they are written; the first defence stays not logging them at all.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO

import orjson

REQUEST_ID_HEADER = "X-Request-ID"

# The id of the request the current task serves; asyncio copies it into tasks the request starts.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)

# Third-party loggers and the lowest level they may log at.
QUIET_LOGGERS = {
    "opensearch": logging.ERROR,
    "urllib3": logging.WARNING,
    "anthropic": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    # Alembic announces each of its plugins when it is imported: seven lines before every `hr-api migrate`
    # and every schema check (app.migrate.schema_problem); the migrations it applies still log.
    "alembic.runtime.plugins": logging.WARNING,
}

# What a secret or a person's contact detail looks like in free text, and what replaces it.
_SCRUBBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Credentials inside URLs: scheme://user:password@host.
    (re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]+):[^@/\s]+@"), r"\g<head>:[redacted]@"),
    # Query strings carry search terms, emails and sometimes tokens: a path keeps only its "?".
    (re.compile(r"(?P<path>/[^\s?#\"'<>]*)\?[^\s\"'<>#]+"), r"\g<path>?[query]"),
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [redacted]"),
    # JWTs (header.payload.signature, the header always base64 of '{"').
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "[token]"),
    # This service's API keys and Anthropic's.
    (re.compile(r"\bhrk_[A-Za-z0-9_-]+"), "hrk_[redacted]"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"), "sk-[redacted]"),
    # key=value and "key": "value" pairs whose key names a secret; a quoted value is redacted up to its
    # closing quote (a password may hold spaces), a bare one up to a space or a separator.
    (
        re.compile(
            r"(?i)(?P<key>\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?token|"
            r"refresh[_-]?token|authorization|jwt[_-]?secret)[\"']?\s*[:=]\s*)"
            r"(?P<quote>[\"'])?(?(quote)(?:(?!(?P=quote)).)*(?P=quote)?|[^\s\"',;&}]+)"
        ),
        r"\g<key>\g<quote>[redacted]\g<quote>",
    ),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"), "[email]"),
    # International numbers (+49 30 1234567, +1 (555) 010-0100) and North American ones (555-010-0100).
    (
        re.compile(r"(?<![\w+])\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}\b"),
        "[phone]",
    ),
    (re.compile(r"(?<![\w.-])\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"), "[phone]"),
    # National numbers written as one run of digits after the trunk 0 (09876971076, 07700900123).
    (re.compile(r"(?<![\w.+-])0\d{9,12}(?![\w.-])"), "[phone]"),
)
# Extra fields whose value is never written, whatever it looks like.
_SECRET_FIELD = re.compile(r"(?i)password|passwd|secret|token|api_?key|authorization|cookie|email|phone")

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


def scrub(text: str) -> str:
    """The text with emails, phone numbers, tokens, keys and passwords replaced by placeholders."""
    for pattern, replacement in _SCRUBBERS:
        text = pattern.sub(replacement, text)
    return text


def _clean(key: str, value: Any) -> Any:
    if _SECRET_FIELD.search(key):
        return "[redacted]"
    if isinstance(value, str):
        return scrub(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return scrub(str(value))


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _is_malformed_http(kind: type[BaseException]) -> bool:
    """aiohttp's HttpProcessingError (or a subclass), recognised by name: logging never imports aiohttp."""
    return any(
        c.__name__ == "HttpProcessingError" and c.__module__.startswith("aiohttp.") for c in kind.__mro__
    )


def _exception_text(exc_info: ExcInfo) -> str:
    """The scrubbed traceback; for a request aiohttp could not parse, only what kind of malformed it was."""
    kind = exc_info[0]
    if _is_malformed_http(kind):
        # The parser's message quotes the raw request line and headers (query strings, credentials, anything
        # a client sent): aiohttp logs it at ERROR whatever the level, so the bytes are left out here.
        return f"{kind.__name__}: malformed HTTP message (its bytes are not logged)"
    return scrub("".join(traceback.format_exception(*exc_info)).rstrip())


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ts, level, logger, message, request_id, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_") and key not in line:
                line[key] = _clean(key, value)
        if record.exc_info and record.exc_info[0] is not None:
            line["exc_type"] = record.exc_info[0].__name__
            line["exc"] = _exception_text(record.exc_info)
        elif record.exc_text:
            line["exc"] = scrub(record.exc_text)
        return orjson.dumps(line, default=str).decode()


class _JsonHandler(logging.StreamHandler[TextIO]):
    """The handler `setup_logging` installs; recognised (and replaced) when it is called again."""


def setup_logging(level: str, *, stream: TextIO | None = None) -> None:
    """JSON lines at `level` on stderr (or `stream`), replacing plain handlers a basicConfig left behind."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        # Only our own handler and basicConfig's plain one: test runners' capture handlers stay.
        if isinstance(handler, _JsonHandler) or type(handler) is logging.StreamHandler:
            root.removeHandler(handler)
    handler = _JsonHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    # Client libraries stay quiet whatever the level: at DEBUG they print request bodies (search terms,
    # resume text sent to Claude), and OpenSearch's logs every failed connection with a traceback that the
    # callers already report in one line.
    for name, floor in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(floor)


def current_request_id() -> str | None:
    """The id of the request being served, if any."""
    return REQUEST_ID.get()
