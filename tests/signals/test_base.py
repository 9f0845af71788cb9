"""The reader registries and the shared interface: every family a policy can set has a
reader, and readers are what the Guard runs by default."""

from __future__ import annotations

from scrapeguard.policy.model import Signals
from scrapeguard.signals import (
    AiTxtFile,
    ContentUsageReader,
    EmbeddedReader,
    RobotsFile,
    StatusReader,
    TdmRepFile,
    TdmRepReader,
    XRobotsReader,
    host_file_readers,
    response_readers,
)


def test_registries() -> None:
    hosts = host_file_readers()
    assert [type(r) for r in hosts] == [RobotsFile, TdmRepFile, AiTxtFile]
    assert [r.path for r in hosts] == ["/robots.txt", "/.well-known/tdmrep.json", "/ai.txt"]
    assert all(r.max_bytes >= 256 * 1024 for r in hosts)
    assert [type(r) for r in response_readers()] == [StatusReader, XRobotsReader, TdmRepReader, ContentUsageReader,
                                                      EmbeddedReader]


def test_every_policy_signal_family_has_a_reader() -> None:
    families = {f for r in [*host_file_readers(), *response_readers()] for f in r.families}
    machine_readable = set(Signals.model_fields) - {"terms_of_service"}  # prose terms: no machine reader
    assert families == machine_readable


def test_registries_return_fresh_readers() -> None:
    assert host_file_readers()[0] is not host_file_readers()[0]
