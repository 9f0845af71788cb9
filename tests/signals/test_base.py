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
    assert controls_as_space("\u00e2\u0080\u008bnoai").split() == ["noai"]  # (its `â` too: below)
    assert controls_as_space("noindex,\u00a0caf\u00e9") == "noindex,\u00a0caf\u00e9"  # (a no-break space stays one)


def test_a_crawlers_name_with_zero_width_or_misread_white_space_around_it_is_that_crawlers() -> None:
    """`agent_token` dropped a no-break space but kept a zero-width space, joiner or byte-order mark
    (`\u200bScrapeGuard` named no crawler), and a header read as Latin-1 turns U+200B's UTF-8 bytes
    into `â\x80\x8b`, whose `â` read as `a` (`scrapeguarda`): a rule named for us was another crawler's.
    White space around a name is what robots.txt strips around its keys (`_KEY_SPACE`), and those
    characters' UTF-8 bytes misread as Latin-1 or windows-1252."""
    from scrapeguard.signals.base import agent_token

    for name in ["\u200bScrapeGuard", "\ufeffScrapeGuard", "\u2060ScrapeGuard/1.0", "ScrapeGuard\u00e2\u0080\u008b",
                 "\u00e2\u0080\u008bScrapeGuard", "ScrapeGuard\u00c2\u00a0", "\u00ef\u00bb\u00bfScrapeGuard",
                 "ScrapeGuard\u00e2\u20ac\u2039x", "\u00a0\u200b ScrapeGuard"]:
        assert agent_token(name) == "scrapeguard", name
    assert agent_token("\u200b*") == "*" and agent_token("*\u200bbot") == "*"
    assert agent_token("Bötchen\u200b") == "botchen" and agent_token("naïve-bot") == "naive-bot"  # (letters stay)


def test_a_zero_width_space_misread_as_latin1_is_one_white_space_not_a_letter_and_two_spaces() -> None:
    """`ScrapeGuard\u200b: noai` in a header read as Latin-1 is `ScrapeGuardâ\x80\x8b: noai`: with only the
    controls made white space, the name read `scrapeguardâ`, another crawler's, and our opt-out was hidden."""
    from scrapeguard.signals.base import controls_as_space

    assert controls_as_space("ScrapeGuard\u00e2\u0080\u008b: noai").split() == ["ScrapeGuard", ":", "noai"]
    assert controls_as_space("\u00e2\u0081\u00a0noai").split() == ["noai"]  # U+2060, the word joiner
