"""`scrapeguard proxy` configuration: never an open relay, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapeguard.proxy.cli import main
from scrapeguard.proxy.server import ProxyConfig, ProxyConfigError, parse_listen, validate
from scrapeguard.resource import is_loopback


@pytest.mark.parametrize(("text", "expected"), [
    ("127.0.0.1:8080", ("127.0.0.1", 8080)),
    ("localhost:9000", ("localhost", 9000)),
    ("[::1]:8081", ("::1", 8081)),
    (":8082", ("127.0.0.1", 8082)),
    ("127.0.0.1", ("127.0.0.1", 8080)),
    ("8090", ("127.0.0.1", 8090)),  # a bare port, as mitmproxy's -p: not a host named "8090"
    ("::1", ("::1", 8080)),
    ("[::1]", ("::1", 8080)),  # a bare host in brackets, as a bare host without them
])
def test_parse_listen(text: str, expected: tuple[str, int]) -> None:
    assert parse_listen(text) == expected


@pytest.mark.parametrize("text", ["127.0.0.1:http", "127.0.0.1:70000", "[::1]:x", "::1:x", "99999", "[::1]x", "[::1]:"])
def test_parse_listen_rejects_bad_ports(text: str) -> None:
    with pytest.raises(ProxyConfigError):
        parse_listen(text)


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.5.6.7", True), ("::1", True),
                                                ("localhost", True), ("0.0.0.0", False), ("10.0.0.1", False),
                                                ("example.org", False), ("", False),
                                                ("[::1]", True), ("LocalHost", True), ("x.localhost", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(("allow_remote", "auth"), [(False, None), (True, None), (False, "u:p"), (True, "u:"),
                                                    (True, ":p"), (True, "nocolon")])
def test_a_remote_address_needs_the_flag_and_credentials(allow_remote: bool, auth: str | None) -> None:
    with pytest.raises(ProxyConfigError):
        validate(ProxyConfig(host="0.0.0.0", allow_remote=allow_remote, proxy_auth=auth))


def test_a_remote_address_with_flag_and_credentials_is_accepted() -> None:
    validate(ProxyConfig(host="0.0.0.0", allow_remote=True, proxy_auth="crawler:s3cret"))
    validate(ProxyConfig(host="127.0.0.1"))  # loopback needs neither
    validate(ProxyConfig(host="127.0.0.1", proxy_auth="crawler:s3cret"))


@pytest.mark.parametrize("auth", ["nocolon", ":", "u:", ":p", ""])
def test_malformed_credentials_are_refused_on_loopback_too(auth: str) -> None:
    """Credentials are optional on loopback, but a malformed pair given there is a one-line
    configuration error, not mitmproxy's OptionsError traceback at start-up."""
    with pytest.raises(ProxyConfigError, match="USER:PASS"):
        validate(ProxyConfig(host="127.0.0.1", proxy_auth=auth))


def test_cli_refuses_before_starting_anything(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--listen", "0.0.0.0:8080"]) == 2
    assert "open relay" in capsys.readouterr().err
    assert main(["--listen", "127.0.0.1:notaport"]) == 2


def test_cli_reports_a_bad_policy(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("mitmproxy")
    assert main(["--listen", "127.0.0.1:0", "--policy", "/nonexistent/policy.toml", "--audit", "false"]) == 2
    assert "policy" in capsys.readouterr().err.lower()


def test_the_help_says_which_user_agent_robots_txt_is_read_for() -> None:
    """It said "product token robots.txt is read for"; robots.txt is read for the client's own
    User-Agent, and --user-agent only stands in when a client sends none."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "scrapeguard", "proxy", "--help"], capture_output=True, text=True,
                         timeout=60, check=True, env={"COLUMNS": "200", "PATH": ""}).stdout
    line = " ".join(out.split("--user-agent UA", 2)[2].split())  # the option's own entry, after the usage line
    assert line.startswith("User-Agent sent, and robots.txt read for, when a client sends none (a client's own "
                           "User-Agent is kept and robots.txt is read for it); robots.txt and the other host files "
                           "are fetched with it (default: scrapeguard's own)")


# ------------------------------------------------------------ found in the adapter review (rv13)
def test_an_upstream_ca_that_cannot_be_read_is_refused_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It exited 1 ("blocked") with a bare "[Errno 2] No such file or directory"."""
    missing = tmp_path / "missing.pem"
    assert main(["--listen", "127.0.0.1:0", "--upstream-ca", str(missing), "--audit", str(tmp_path / "a.sqlite")]) == 2
    assert f"--upstream-ca {missing}: No such file or directory" in capsys.readouterr().err
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    assert main(["--listen", "127.0.0.1:0", "--upstream-ca", str(garbage), "--audit", str(tmp_path / "a.sqlite")]) == 2
    assert f"--upstream-ca {garbage}: no PEM CA certificate in it" in capsys.readouterr().err


def test_a_confdir_that_is_a_file_is_refused_before_anything_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """mitmproxy printed a traceback, then the ready line, then exited 1."""
    afile = tmp_path / "afile"
    afile.write_text("")
    assert main(["--listen", "127.0.0.1:0", "--confdir", str(afile), "--audit", str(tmp_path / "a.sqlite")]) == 2
    out = capsys.readouterr()
    assert f"--confdir {afile}: not a directory" in out.err and "listening" not in out.out
    with pytest.raises(ProxyConfigError, match="cannot be created"):
        validate(ProxyConfig(confdir=str(afile / "sub" / "mitm")))
    validate(ProxyConfig(confdir=str(tmp_path / "new" / "mitm")))  # made by mitmproxy when it starts
    assert not (tmp_path / "new").exists()


# ------------------------------------------------------------ found in the third review (rv15)
def test_a_listen_address_that_is_no_address_is_said_to_be_one(capsys: pytest.CaptureFixture[str]) -> None:
    """`--listen abc` was refused as an open relay (a name that resolves nowhere is no remote address)."""
    assert main(["--listen", "abc"]) == 2
    err = capsys.readouterr().err
    assert "--listen abc: bad address" in err and "open relay" not in err
    with pytest.raises(ProxyConfigError, match="bad address"):
        validate(ProxyConfig(host="no-such-host.invalid", allow_remote=True, proxy_auth="crawler:s3cret"))
    validate(ProxyConfig(host="localhost"))  # a name that resolves is still one


def test_a_port_in_use_creates_no_audit_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The audit log was created (empty) by a proxy that then could not listen."""
    import socket

    pytest.importorskip("mitmproxy")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--listen", f"127.0.0.1:{port}", "--audit", str(tmp_path / "a.sqlite"),
                     "--confdir", str(tmp_path / "mitm")]) == 2
    assert f"cannot listen on 127.0.0.1:{port}: " in capsys.readouterr().err
    assert not (tmp_path / "a.sqlite").exists()


def test_a_busy_port_the_listen_address_did_not_name_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """(review) `--listen localhost` said "cannot listen on localhost: Address already in use", not
    that it was the default port 8080 that was taken."""
    from scrapeguard.proxy import cli

    pytest.importorskip("mitmproxy")
    monkeypatch.setattr(cli, "_address_in_use", lambda host, port: "Address already in use")
    assert main(["--listen", "localhost", "--audit", str(tmp_path / "a.sqlite"), "--confdir", str(tmp_path / "m")]) == 2
    assert "cannot listen on localhost (port 8080): Address already in use" in capsys.readouterr().err


def test_the_ready_line_says_where_the_audit_log_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --audit the log is the policy's sink, relative to where the proxy was started: the
    ready line never said where."""
    from scrapeguard.guard import Guard
    from scrapeguard.proxy.server import _audit_line

    monkeypatch.chdir(tmp_path)
    guard = Guard("gdpr-strict", integration="proxy")  # its sink: scrapeguard-audit.sqlite
    try:
        assert _audit_line(guard) == f"audit log: {tmp_path / 'scrapeguard-audit.sqlite'}"
    finally:
        guard.close()
    guard = Guard("gdpr-strict", audit=False, integration="proxy")
    try:
        assert _audit_line(guard) == "audit log: none (decisions are not recorded)"
    finally:
        guard.close()


# ------------------------------------------------------------ found in review (session 20)
@pytest.mark.parametrize(("auth", "said"), [
    ("crawler:s3c:ret", "the password cannot hold ':'"),  # mitmproxy splits a client's pair at every ':'
    ("ldapbot:s3cret", "LDAP server"),  # read as an LDAP server spec
    ("@crawler:s3cret", "password file"),  # read as an htpasswd file
])
def test_credentials_mitmproxy_would_misread_are_refused_saying_why(auth: str, said: str, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """They started a traceback out of mitmproxy's option parsing (exit 1, "blocked" in this CLI), after
    the audit log was made; and a password holding ':' could never have been sent by a client anyway."""
    with pytest.raises(ProxyConfigError, match=said):
        validate(ProxyConfig(host="127.0.0.1", proxy_auth=auth))
    assert main(["--listen", "127.0.0.1:0", "--proxy-auth", auth, "--audit", str(tmp_path / "a.sqlite")]) == 2
    assert said in capsys.readouterr().err and not (tmp_path / "a.sqlite").exists()


def test_upstream_https_is_trusted_as_mitmproxy_trusts_it_whatever_the_clients_environment_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ready line tells clients `SSL_CERT_FILE=<the proxy's CA>`; exported in the shell the proxy was then
    started in, its host-file client trusted that one CA instead of certifi's (mitmproxy, for the pages,
    kept certifi's), so every public HTTPS site's robots.txt failed and each page was 451 robots.unreachable."""
    import ssl

    import certifi

    from scrapeguard.proxy.server import upstream_context

    public = ssl.create_default_context(cafile=certifi.where()).cert_store_stats()["x509_ca"]
    only_one = tmp_path / "one-ca.pem"
    only_one.write_text(Path(certifi.where()).read_text().split("-----END CERTIFICATE-----")[0]
                        + "-----END CERTIFICATE-----\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(only_one))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    assert upstream_context(ProxyConfig()).cert_store_stats()["x509_ca"] == public


# ------------------------------------------------------------ found in review (session 24)
@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where nobody can write a file")
def test_a_confdir_nobody_can_write_in_is_refused_before_anything_starts_even_for_root(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The check asked `os.access`, which says yes to root for any directory: run as root, a --confdir in /proc or
    /sys passed, mitmproxy's traceback followed, and an existing directory was never checked at all. mitmproxy
    writes its CA into the confdir unless one is there already, so the directory is tried for real."""
    with pytest.raises(ProxyConfigError, match="cannot be created"):
        validate(ProxyConfig(confdir="/proc/scrapeguard-mitm"))
    with pytest.raises(ProxyConfigError, match="cannot be written"):
        validate(ProxyConfig(confdir="/proc"))  # there, but mitmproxy's CA is not in it and cannot be put there
    assert main(["--listen", "127.0.0.1:0", "--confdir", "/proc", "--audit", str(tmp_path / "a.sqlite")]) == 2
    out = capsys.readouterr()
    assert "--confdir /proc: cannot be written" in out.err and "Traceback" not in out.err
    assert not (tmp_path / "a.sqlite").exists()


def test_a_confdir_that_already_holds_the_ca_needs_no_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mitmproxy only reads a CA and DH parameters it finds; the probe leaves nothing behind in a directory
    it may write. (Its answer is faked: tests run as root, whom chmod 0555 does not stop.)"""
    from scrapeguard.proxy import server

    confdir = tmp_path / "mitm"
    confdir.mkdir()
    (confdir / "mitmproxy-ca.pem").write_text("held\n")
    (confdir / "mitmproxy-dhparam.pem").write_text("held\n")
    with monkeypatch.context() as patch:
        patch.setattr(server, "_can_write_in", lambda directory: False)
        validate(ProxyConfig(confdir=str(confdir)))
    validate(ProxyConfig(confdir=str(tmp_path / "new" / "mitm")))
    assert [p.name for p in tmp_path.iterdir()] == ["mitm"]
    assert sorted(p.name for p in confdir.iterdir()) == ["mitmproxy-ca.pem", "mitmproxy-dhparam.pem"]


def test_a_read_only_confdir_holding_only_ones_own_ca_is_refused_before_anything_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mitmproxy writes mitmproxy-dhparam.pem beside a CA it finds when the file is missing: a read-only
    confdir holding one's own CA alone passed the check, and mitmproxy then failed writing it (a traceback,
    exit 2)."""
    from scrapeguard.proxy import server

    confdir = tmp_path / "mitm"
    confdir.mkdir()
    (confdir / "mitmproxy-ca.pem").write_text("held\n")
    monkeypatch.setattr(server, "_can_write_in", lambda directory: False)
    with pytest.raises(ProxyConfigError, match="cannot be written .mitmproxy writes mitmproxy-dhparam.pem"):
        validate(ProxyConfig(confdir=str(confdir)))


def test_the_ca_file_named_is_the_one_mitmproxy_uses_not_a_stale_certificate_beside_it(tmp_path: Path) -> None:
    """One's own CA put as mitmproxy-ca.pem in a confdir where mitmproxy had made its own before (mitmproxy's
    documented way to use one) leaves the old mitmproxy-ca-cert.pem there, which mitmproxy never rewrites: the
    ready line named it, and a client trusting it refused every intercepted site (curl exit 60)."""
    import shutil

    from mitmproxy.certs import CertStore

    from scrapeguard.proxy.server import ca_cert_path

    CertStore.create_store(tmp_path / "made", "mitmproxy", 2048)
    CertStore.create_store(tmp_path / "own", "mitmproxy", 2048)
    assert ca_cert_path(str(tmp_path / "made")) == tmp_path / "made" / "mitmproxy-ca-cert.pem"  # mitmproxy's own
    confdir = shutil.copytree(tmp_path / "made", tmp_path / "mitm")
    shutil.copy(tmp_path / "own" / "mitmproxy-ca.pem", confdir / "mitmproxy-ca.pem")
    assert ca_cert_path(str(confdir)) == confdir / "mitmproxy-ca.pem"
