"""Log records every handler can write, whatever text from the web they quote.

A URL, a header or an exception about them reaches log messages; read with `surrogateescape`
(mitmproxy's reading of a byte that is no UTF-8) it holds lone surrogates, which a UTF-8 log
file refuses: Scrapy's LOG_FILE or a plain `logging.FileHandler` then loses the record behind a
"--- Logging error ---" traceback. The filter escapes them in the message, once, before any
handler sees the record.
"""

from __future__ import annotations

import logging
from typing import Final

# Every logger the package writes to (a filter on a logger covers only that logger's own records).
LOGGER_NAMES: Final = ("scrapeguard", "scrapeguard.audit", "scrapeguard.scrapy.hostfiles")


class EscapeSurrogates(logging.Filter):
    """Rewrites a message holding a lone surrogate as `\\udce9`; every other record passes as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string: logging reports it as it always does
            return True
        if not message.isascii():
            try:
                message.encode("utf-8")
            except UnicodeEncodeError:
                record.msg = message.encode("utf-8", "backslashreplace").decode("utf-8")
                record.args = None
        return True


def exception_text(exc: BaseException) -> str:
    """An exception's text, for a finding or a log line. Why not `str(exc)`: an exception whose
    `__str__` raises (a library's class reading an attribute never set) raised out of the guard's own
    failure handling, so the crawler got a traceback and the failure no decision and no record."""
    try:
        return str(exc)
    except Exception:  # noqa: BLE001
        return f"(a {type(exc).__name__} whose text could not be made)"


def named_exception(exc: BaseException) -> str:
    """`Name: text` of an exception, or its name alone when it has no text (Scrapy's
    ResponseDataLossError has none: "ResponseDataLossError: " said nothing after the colon)."""
    text = exception_text(exc)
    return f"{type(exc).__name__}: {text}" if text.strip() else type(exc).__name__


def install() -> None:
    """Attach the filter to the package's loggers, once however often it is called."""
    for name in LOGGER_NAMES:
        logger = logging.getLogger(name)
        if not any(isinstance(f, EscapeSurrogates) for f in logger.filters):
            logger.addFilter(EscapeSurrogates())
