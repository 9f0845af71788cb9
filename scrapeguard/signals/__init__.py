"""Consent and opt-out signal readers, one module per family, all sans-I/O."""

from __future__ import annotations

from scrapeguard.signals.aitxt import AiTxtFile
from scrapeguard.signals.base import (
    HostFileReader,
    ResponseReader,
    ResponseView,
    Signal,
    Verdict,
    agent_token,
    product_token,
)
from scrapeguard.signals.content_usage import ContentUsageReader
from scrapeguard.signals.embedded import EmbeddedReader
from scrapeguard.signals.robots import RobotsFile, RobotsTxt
from scrapeguard.signals.status import StatusReader
from scrapeguard.signals.tdmrep import TdmRepFile, TdmRepReader
from scrapeguard.signals.tdmrep import provisional as _tdmrep_provisional
from scrapeguard.signals.tdmrep import supersede as _tdmrep_supersede
from scrapeguard.signals.xrobots import XRobotsReader


def host_file_readers() -> list[HostFileReader]:
    """Readers of per-origin files, in fetch order."""
    return [RobotsFile(), TdmRepFile(), AiTxtFile()]


def response_readers() -> list[ResponseReader]:
    """Readers of what a response carries (status, headers, meta, image bytes)."""
    return [StatusReader(), XRobotsReader(), TdmRepReader(), ContentUsageReader(), EmbeddedReader()]


def merge_signals(host: list[Signal], response: list[Signal]) -> list[Signal]:
    """Host-file signals and a response's signals, with the precedence rules that cross
    the two stages (TDMRep: a valid header or meta reading supersedes the file).
    Everything else combines as "any DENY wins"."""
    return _tdmrep_supersede(host, response) + response


def request_stage(host: list[Signal]) -> list[Signal]:
    """Host-file signals as they stand before the request. A tdmrep.json reservation is
    provisional there: the response's header or meta may supersede it (TDMRep
    precedence), and a reservation restricts use, not access; so it is recorded as a
    note and decided on the response."""
    return [_tdmrep_provisional(s) for s in host]


__all__ = [
    "AiTxtFile",
    "ContentUsageReader",
    "EmbeddedReader",
    "HostFileReader",
    "ResponseReader",
    "ResponseView",
    "RobotsFile",
    "RobotsTxt",
    "Signal",
    "StatusReader",
    "TdmRepFile",
    "TdmRepReader",
    "Verdict",
    "XRobotsReader",
    "agent_token",
    "host_file_readers",
    "merge_signals",
    "product_token",
    "request_stage",
    "response_readers",
]
