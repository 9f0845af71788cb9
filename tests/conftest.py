"""Shared fixtures; the server helpers live in `sitekit.py` (importable from tests).

Property tests run the same examples on every run (`derandomize`): a CI run must not fail on
an input no earlier run tried. `HYPOTHESIS_PROFILE=explore` draws new ones, to hunt for bugs."""

import os

import pytest
from hypothesis import settings

from sitekit import Site, html, site, site_factory, start_site, text  # noqa: F401  (fixtures)

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """pytest-xdist sends each report to the controller as UTF-8: a lone surrogate in a test's
    captured output or in its failure (tests of undecodable input print, log and assert on it)
    ended the worker and every test it had yet to run. Such text is escaped before the report leaves."""
    if any(_unencodable(text) for _, text in report.sections):
        report.sections = [(title, _escaped(text)) for title, text in report.sections]
    if report.longrepr is not None and _unencodable(report.longreprtext):
        report.longrepr = _escaped(report.longreprtext)


def _escaped(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
