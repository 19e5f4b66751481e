"""Find personal data in log records: resident ID numbers, mainland mobile numbers, one-time codes.

Used by the test suite (``lingong/conftest.py``) to fail any test whose code writes such data to a log
(issue 9: "no ID number, phone or SMS code appears in application logs"), and usable on a log file.
"""

from __future__ import annotations

import logging
import re
import traceback

from lingong.core.validators import resident_id_check_char

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9]{9})(?![0-9])")
_CODE = re.compile(r"(?i)(?:\bcode\b|\botp\b|验证码)\W{0,6}([0-9]{4,8})(?![0-9])")


def findings(text: str) -> list[str]:
    """What in ``text`` is personal data, named by kind (the values themselves are not repeated)."""
    found = []
    for match in _ID_NUMBER.finditer(text):
        number = match.group(1).upper()
        if resident_id_check_char(number[:17]) == number[17]:
            found.append("resident ID number")
    if _MOBILE.search(text):
        found.append("mobile number")
    if _CODE.search(text):
        found.append("one-time code")
    return found


def record_text(record: logging.LogRecord) -> str:
    """Everything a handler could write for the record: message, exception and stack."""
    try:
        parts = [record.getMessage()]
    except Exception:  # a record whose arguments do not fit its format: look at both as they are
        parts = [str(record.msg), repr(record.args)]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


class PiiCollector(logging.Handler):
    """Keeps the records that carry personal data (only those), each with where it was emitted."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.offending: list[tuple[str, str, str]] = []  # (logger, kinds, first line)
        self._seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) in self._seen:  # attached to several loggers: count a propagated record once
            return
        self._seen.add(id(record))
        if len(self._seen) > 10_000:
            self._seen.clear()
        text = record_text(record)
        kinds = findings(text)
        if kinds:
            first = text.splitlines()[0][:200] if text else ""
            self.offending.append((record.name, ", ".join(sorted(set(kinds))), first))

    def take(self) -> list[tuple[str, str, str]]:
        offending, self.offending = self.offending, []
        return offending


def redact(text: str) -> str:
    """``text`` with mobile numbers and resident ID numbers masked (the kinds ``findings`` looks for)."""
    text = _ID_NUMBER.sub(lambda m: m.group(1)[:3] + "*" * 15, text)
    return _MOBILE.sub(lambda m: m.group(1)[:3] + "*" * 8, text)


class RedactFilter(logging.Filter):
    """Masks mobile and ID numbers in records whose text comes from outside: Django's request and CSRF
    warnings and the server's access log print the requested path, and a path may carry any number a
    client typed (or a fuzzer chose), so the log would hold a phone number nobody meant to record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
