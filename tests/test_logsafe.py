"""The package's log records reach a UTF-8 log file even when they quote undecodable text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from scrapeguard import logsafe
from scrapeguard.guard import Guard


@pytest.fixture
def log_file(tmp_path: Path):
    """A UTF-8 FileHandler with strict errors, as Scrapy's LOG_FILE opens one."""
    path = tmp_path / "crawl.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("scrapeguard")
    logger.addHandler(handler)
    try:
        yield path
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_a_guard_error_about_an_undecodable_url_is_written_to_a_utf8_log_file(tmp_path: Path, log_file: Path,
                                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A URL mitmproxy read with surrogateescape ("caf\\xe9" as a lone surrogate) made the handler
    fail: the warning was lost behind a "--- Logging error ---" traceback on stderr."""
    guard = Guard("gdpr-strict", audit=str(tmp_path / "a.sqlite"))
    try:
        guard.record_failure("http://a.example/caf\udce9", "response", ValueError("caf\udce9"))
    finally:
        guard.close()
    written = log_file.read_text(encoding="utf-8")
    assert "guard error on http://a.example/caf\\udce9: ValueError: caf\\udce9" in written
    assert "Logging error" not in capsys.readouterr().err


@pytest.mark.parametrize("name", logsafe.LOGGER_NAMES)
def test_every_logger_of_the_package_escapes_lone_surrogates(name: str, log_file: Path) -> None:
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        logger.warning("value %s and %r", "\udcff", "ok é")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert "value \\udcff and 'ok é'" in log_file.read_text(encoding="utf-8")


def test_a_message_without_surrogates_keeps_its_arguments() -> None:
    """Handlers and tests that read `record.args` (Scrapy's log counters, caplog) still see them."""
    record = logging.LogRecord("scrapeguard", logging.INFO, __file__, 1, "got %s", ("é",), None)
    assert logsafe.EscapeSurrogates().filter(record)
    assert record.args == ("é",) and record.getMessage() == "got é"


def test_installing_twice_adds_one_filter() -> None:
    logsafe.install()
    logsafe.install()
    assert sum(isinstance(f, logsafe.EscapeSurrogates) for f in logging.getLogger("scrapeguard").filters) == 1


def test_the_text_of_an_exception_whose_str_raises_names_its_type_instead() -> None:
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise AttributeError("reason")

    assert logsafe.exception_text(ValueError("bad port")) == "bad port"
    assert logsafe.exception_text(Unprintable()) == "(a Unprintable whose text could not be made)"


def test_an_exception_without_text_is_named_alone() -> None:
    """Scrapy's ResponseDataLossError has no text: a robots.txt whose connection broke off was warned of
    as "(ResponseDataLossError: )", a colon followed by nothing (found in review)."""
    from scrapeguard.logsafe import named_exception

    class ResponseDataLossError(Exception):
        pass

    assert named_exception(ResponseDataLossError()) == "ResponseDataLossError"
    assert named_exception(ValueError("bad")) == "ValueError: bad"
    assert named_exception(OSError(" ")) == "OSError"
