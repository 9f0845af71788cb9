"""Consent and opt-out signal readers, one module per family, all sans-I/O."""

from __future__ import annotations

from scrapeguard.signals.base import (
    HostFileReader,
    ResponseReader,
    ResponseView,
    Signal,
    Verdict,
    product_token,
)
from scrapeguard.signals.robots import RobotsFile, RobotsTxt


def host_file_readers() -> list[HostFileReader]:
    """Readers of per-origin files, in fetch order."""
    return [RobotsFile()]


def response_readers() -> list[ResponseReader]:
    """Readers of what a response carries (status, headers, meta, image bytes)."""
    return []


__all__ = [
    "HostFileReader",
    "ResponseReader",
    "ResponseView",
    "RobotsFile",
    "RobotsTxt",
    "Signal",
    "Verdict",
    "host_file_readers",
    "product_token",
    "response_readers",
]
