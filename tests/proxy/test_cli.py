"""`scrapeguard proxy` refusing what it cannot run with: a clear message and exit 2, never a
traceback, and no audit log made for a proxy that never ran."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapeguard.cli import main

pytest.importorskip("mitmproxy")


@pytest.mark.parametrize("user_agent", ["Bot\r\nX: 1", "Bötchen/1.0", " ExampleBot/1.0", " "])
def test_a_user_agent_no_request_can_carry_is_refused_before_the_audit_log_is_made(
        user_agent: str, tmp_path: Path, capsys) -> None:
    """The ValueError's traceback and exit 1 ('blocked' in this CLI); a non-ASCII one crashed with
    UnicodeEncodeError after the audit log file was created."""
    audit = tmp_path / "ua.sqlite"
    code = main(["proxy", "--listen", "127.0.0.1:0", "--audit", str(audit), "--confdir", str(tmp_path / "mitm"),
                 "--user-agent", user_agent])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("scrapeguard proxy: user_agent") and "Traceback" not in err
    assert not audit.exists()


def test_help_says_which_bodies_are_held_and_which_stream(capsys) -> None:
    """--help said every body was held up to the cap, while a radio stream or an event stream goes on
    judged on its first bytes or its headers."""
    with pytest.raises(SystemExit):
        main(["proxy", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Bodies the guard reads (pages, pictures, SVG, text, multipart) are held" in text
    assert "Any other body (audio, video, archives) is judged on its headers and first 512 bytes" in text
    assert "an event stream a client asked for (Accept: text/event-stream) is judged on its headers alone" in text
