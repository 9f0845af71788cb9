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


def test_zero_width_characters_and_c1_controls_read_as_white_space() -> None:
    """A zero-width space, joiner or byte-order mark pasted before a rule, and the C1 controls a UTF-8
    zero-width space is made of when a header is read as Latin-1, glued the rule to junk: an unknown
    word, and the opt-out let the response through with no note."""
    from scrapeguard.signals.base import controls_as_space

    assert controls_as_space("\u200bnoai").split() == ["noai"]
    assert controls_as_space("\ufeffnoai,\u2060noimageai").split(",") == [" noai", " noimageai"]
    assert controls_as_space("\u00e2\u0080\u008bnoai").split() == ["\u00e2", "noai"]
    assert controls_as_space("noindex,\u00a0caf\u00e9") == "noindex,\u00a0caf\u00e9"  # (a no-break space stays one)
