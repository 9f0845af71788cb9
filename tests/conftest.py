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


def _no_local_constants() -> None:
    """Derandomized, Hypothesis still draws now and then (5 %) from the constants of the project's modules
    loaded at the time (hypothesis.internal.conjecture.providers): which those are depends on the files the
    xdist worker ran before, so a property test saw other inputs from run to run (27 of 300 new, such as
    'basis.art9_evidence', after four more modules were imported). The repeatable profile draws none of them."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:
        return
    if callable(getattr(providers, "_get_local_constants", None)) and hasattr(providers, "_local_constants"):
        empty = providers._local_constants  # (only _get_local_constants fills it)
        providers._get_local_constants = lambda: empty


if settings().derandomize:
    _no_local_constants()


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
