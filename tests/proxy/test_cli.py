"""`scrapeguard proxy` refusing what it cannot run with: a clear message and exit 2, never a
traceback, and no audit log made for a proxy that never ran."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from scrapeguard.cli import main

pytest.importorskip("mitmproxy")


@pytest.mark.parametrize("user_agent", ["Bot\r\nX: 1", "Bötchen/1.0", " ExampleBot/1.0"])  # (" ": argparse)
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


@pytest.mark.parametrize(("audit", "said"), [("logsdir/", "'logsdir/' names a folder: name the log file in it"),
                                             ("/dev/null", "/dev/null is not a regular file")])
def test_an_audit_path_that_can_be_no_log_is_refused_with_exit_2(audit: str, said: str, tmp_path: Path, capsys,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """(Review) `--audit logsdir/` made a file `logsdir` (where a policy's sink so spelt is refused), and
    `--audit /dev/null` exited 3, where a file that is no audit log is an input error, 2, as for `check`."""
    monkeypatch.chdir(tmp_path)
    code = main(["proxy", "--listen", "127.0.0.1:0", "--audit", audit, "--confdir", str(tmp_path / "mitm")])
    err = capsys.readouterr().err
    assert code == 2 and said in err and "Traceback" not in err
    assert not (tmp_path / "logsdir").exists()


def test_help_says_which_bodies_are_held_and_which_stream(capsys) -> None:
    """--help said every body was held up to the cap, while a radio stream or an event stream goes on
    judged on its first bytes or its headers."""
    with pytest.raises(SystemExit):
        main(["proxy", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Bodies the guard reads (pages, pictures, SVG, text, multipart) are held" in text
    assert "Any other body (audio, video, archives) is judged on its headers and first 5,000 bytes" in text
    assert "an event stream a client asked for (Accept: text/event-stream) is judged on its headers alone" in text


def test_run_as_a_module_it_says_what_goes_wrong_while_it_runs(tmp_path: Path) -> None:
    """`python -m scrapeguard.proxy` (the same as `scrapeguard proxy`, its docstring says) set no logging up:
    once mitmproxy had put its own handlers on the root logger, every WARNING and ERROR the proxy logs while
    it runs (a site whose robots.txt is down, a guard error, a refused tunnel) went nowhere. It says them on
    stderr, as `scrapeguard proxy` does."""
    import httpx

    from e2e.conftest import ProxyProcess
    from sitekit import unused_port

    proxy = ProxyProcess(tmp_path, "--audit", str(tmp_path / "a.sqlite"), program=("-m", "scrapeguard.proxy"))
    try:
        with unused_port() as nothing, httpx.Client(proxy=proxy.url, trust_env=False, timeout=30) as client:
            # (nothing listens there: its robots.txt is unreachable; robots.unreachable: passes with time)
            assert client.get(f"http://127.0.0.1:{nothing}/").status_code == 503
    finally:
        out = proxy.stop(timeout=30)
    assert f"WARNING scrapeguard: could not fetch http://127.0.0.1:{nothing}/robots.txt" in out


def test_mitmproxys_own_warnings_reach_the_operator(site, tmp_path: Path) -> None:
    """Other libraries logged at ERROR only, so mitmproxy's WARNINGs went nowhere: `curl -x PROXY https://…`
    without `--cacert` failed and the proxy printed nothing, though mitmproxy knew why (the client does not
    trust its certificate), nor when the site's TLS handshake failed. Both are on stderr now."""
    import ssl

    from e2e.conftest import ProxyProcess

    proxy = ProxyProcess(tmp_path, "--audit", str(tmp_path / "a.sqlite"))
    try:  # (a site that speaks no TLS: the proxy's handshake with it fails, then the client's with the proxy)
        with pytest.raises(ssl.SSLError), socket.create_connection(("127.0.0.1", proxy.port), timeout=30) as raw:
            raw.sendall(f"CONNECT 127.0.0.1:{site.port} HTTP/1.1\r\nHost: 127.0.0.1:{site.port}\r\n\r\n".encode())
            assert raw.recv(4096).startswith(b"HTTP/1.1 200")
            ssl.create_default_context().wrap_socket(raw, server_hostname="127.0.0.1")
    finally:
        out = proxy.stop()
    assert "WARNING mitmproxy.proxy.server: Server TLS handshake failed. The remote server does not speak TLS" in out
    assert ("WARNING mitmproxy.proxy.server: Client TLS handshake failed. The client does not trust the proxy's "
            f"certificate for 127.0.0.1:{site.port}") in out


@pytest.mark.parametrize("value", ["", " "])
@pytest.mark.parametrize("option", ["--audit", "--policy", "--purpose", "--user-agent", "--confdir", "--listen",
                                    "--upstream-ca"])
def test_an_option_given_empty_is_refused_not_read_as_left_out(option: str, value: str, capsys) -> None:
    """`proxy --audit "$LOG"` with LOG unset said " is a directory"; `--policy ""` ran gdpr-strict,
    `--listen ""` listened on 127.0.0.1:8080 and `--upstream-ca ""` trusted no extra CA, each without a
    word. An empty (or blank) value is refused (exit 2), as the other commands refuse one."""
    with pytest.raises(SystemExit) as exit_:
        main(["proxy", option, value, "--listen", "127.0.0.1:9"])
    assert exit_.value.code == 2
    assert f"argument {option}: is empty: give a value, or leave the option out" in capsys.readouterr().err


def test_the_purpose_help_names_the_policys_default_purpose(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["proxy", "--help"])
    assert "default_purpose" in " ".join(capsys.readouterr().out.split())


def test_the_docs_send_clients_to_the_ca_file_the_ready_line_names() -> None:
    """--help and examples/README.md said clients must trust mitmproxy-ca-cert.pem, which mitmproxy never
    writes beside a CA of one's own (mitmproxy-ca.pem): the ready line names the file to trust."""
    import subprocess
    import sys

    help_text = " ".join(subprocess.run([sys.executable, "-m", "scrapeguard", "proxy", "--help"], capture_output=True,
                                        text=True, timeout=60, check=True).stdout.split())
    assert "clients must trust the CA file the ready line names (mitmproxy-ca-cert.pem for the CA mitmproxy made)" \
        in help_text
    assert "clients must trust mitmproxy-ca-cert.pem" not in help_text
    readme = " ".join((Path(__file__).parents[2] / "examples" / "README.md").read_text().split())
    assert "A client must trust the CA file the proxy's ready line names" in readme
    assert "A client must trust `mitmproxy-ca-cert.pem`" not in readme
