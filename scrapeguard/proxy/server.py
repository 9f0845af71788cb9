"""Running mitmproxy in-process with the guard addon (`scrapeguard proxy`).

mitmproxy's embedding surface is not a promised API, so everything that touches it
beyond the addon lives in this module (and, for its layers, `scrapeguard.proxy.layers`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import signal
import socket
import ssl
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

import certifi
import httpx

from scrapeguard.fetch import AsyncFetcher
from scrapeguard.guard import Guard
from scrapeguard.resource import is_loopback

DEFAULT_LISTEN = "127.0.0.1:8080"
DEFAULT_CONFDIR = "~/.mitmproxy"
# how long a stopping proxy waits for the face detector its start-up note is loading (about a second)
NOTE_WAIT = 30.0


class ProxyConfigError(ValueError):
    """A configuration the proxy refuses to run with (it says which and why)."""


@dataclass(slots=True)
class ProxyConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    confdir: str = DEFAULT_CONFDIR
    allow_remote: bool = False
    proxy_auth: str | None = None
    upstream_ca: str | None = None


def parse_listen(value: str) -> tuple[str, int]:
    """`host:port`, `[v6]:port`, `:port` or a bare port (loopback), or a bare host (port 8080)."""
    value = value.strip()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else (rest or "8080")  # `[::1]`: a bare host
    elif value.isdigit():  # `--listen 8090`: a port, as mitmproxy's -p (not a host named 8090)
        host, port_text = "", value
    elif value.count(":") > 1:  # IPv6 without brackets: a whole address, or ambiguous with a port
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            raise ProxyConfigError(f"--listen {value!r}: write an IPv6 address in brackets, e.g. [::1]:8080") from None
        host, port_text = value, "8080"
    else:
        host, sep, port_text = value.rpartition(":")
        if not sep:
            host, port_text = value, "8080"
    host = host or "127.0.0.1"
    try:
        port = int(port_text)
    except ValueError:
        raise ProxyConfigError(f"--listen {value!r}: the port must be a number") from None
    if not 0 <= port <= 65535:
        raise ProxyConfigError(f"--listen {value!r}: port out of range")
    return host, port


def validate(config: ProxyConfig) -> None:
    """Files the proxy needs are usable (found before anything starts, named in the message), and
    never an open relay: a non-loopback address needs --allow-remote AND credentials."""
    _check_files(config)
    if config.proxy_auth is not None:  # on loopback too: mitmproxy's own refusal is a traceback
        user, sep, password = config.proxy_auth.partition(":")
        if not sep or not user or not password:
            raise ProxyConfigError("--proxy-auth must be USER:PASS with both parts non-empty")
        # mitmproxy reads its proxyauth option as a spec, and a client's credentials split at every ':'
        # (one in a password never matched); each was a traceback at start-up, or a pair no client could send
        if ":" in password:
            raise ProxyConfigError("--proxy-auth: the password cannot hold ':' (mitmproxy splits a client's "
                                   "credentials at each one, so no client could send it); choose another")
        if user.startswith(("ldap", "@")):
            raise ProxyConfigError("--proxy-auth: mitmproxy reads a user name starting with 'ldap' or '@' as an "
                                   "LDAP server or a password file, not a user; choose another name")
    _check_host(config.host)
    if is_loopback(config.host):
        return
    if not config.allow_remote or not config.proxy_auth:
        raise ProxyConfigError(
            f"refusing to listen on {config.host}: a proxy reachable from other machines must not be an "
            "open relay; pass both --allow-remote and --proxy-auth USER:PASS (or listen on 127.0.0.1)")


def _check_host(host: str) -> None:
    """The host to listen on is an IP address or a name that resolves: a typo (`--listen abc`) is
    said to be a bad address, not refused as an open relay."""
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ProxyConfigError(f"--listen {host}: bad address ({reason})") from None


def _check_files(config: ProxyConfig) -> None:
    """--upstream-ca names a readable PEM bundle; --confdir is a directory mitmproxy can write its CA in (or
    one that holds it and its DH parameters already, which mitmproxy writes when missing even beside a CA of
    one's own, with no --upstream-ca bundle to put beside them), or one that can be made."""
    if config.upstream_ca:
        try:
            ssl.create_default_context().load_verify_locations(cafile=config.upstream_ca)
        except ssl.SSLError:
            raise ProxyConfigError(f"--upstream-ca {config.upstream_ca}: no PEM CA certificate in it") from None
        except OSError as exc:
            raise ProxyConfigError(f"--upstream-ca {config.upstream_ca}: {exc.strerror or exc}") from None
    confdir = Path(config.confdir).expanduser()
    if confdir.exists():
        if not confdir.is_dir():
            raise ProxyConfigError(f"--confdir {config.confdir}: not a directory (mitmproxy keeps its CA in it)")
        held = (confdir / "mitmproxy-ca.pem").exists()
        if held and (confdir / "mitmproxy-dhparam.pem").exists() and not config.upstream_ca:
            return  # mitmproxy only reads the CA and the DH parameters it finds
        if not _can_write_in(confdir):
            what = "writes mitmproxy-dhparam.pem beside its CA" if held else "puts its CA in it"
            raise ProxyConfigError(f"--confdir {config.confdir}: cannot be written (mitmproxy {what})")
        return
    parent = next(p for p in confdir.parents if p.exists())  # mitmproxy makes the missing ones
    if not parent.is_dir() or not _can_write_in(parent):
        raise ProxyConfigError(f"--confdir {config.confdir}: cannot be created in {parent}")


def _can_write_in(directory: Path) -> bool:
    """Whether a directory can be made in `directory` (tried, and removed). Not `os.access`, which says yes
    to root for any directory (/proc, /sys, a read-only mount), where mitmproxy then failed with a traceback."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".scrapeguard-probe-", dir=directory))
    except OSError:
        return False
    return True


def ca_cert_path(confdir: str) -> Path:
    """Absolute, as the ready line's audit path: a relative --confdir names a file in the directory the
    proxy was started in, which a client run elsewhere would not find. mitmproxy-ca-cert.pem, or, for a CA
    of one's own put in the confdir (mitmproxy's way to use one), the mitmproxy-ca.pem it came in: mitmproxy
    then writes no -cert.pem, and the one named was no file, or, where it had made a CA there before, the
    old CA's, which no client trusting it could use (curl exit 60)."""
    confdir_path = Path(confdir).expanduser().absolute()
    cert = confdir_path / "mitmproxy-ca-cert.pem"
    own = confdir_path / "mitmproxy-ca.pem"
    if not own.exists() or (cert.exists() and _first_certificate(cert) == _first_certificate(own)):
        return cert
    return own


def _first_certificate(path: Path) -> bytes | None:
    """The DER of the first PEM certificate in a file (the CA mitmproxy uses, in mitmproxy-ca.pem), or None."""
    try:
        text = path.read_text("ascii", errors="replace")
    except OSError:
        return None
    begin, end = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"
    start = text.find(begin)
    stop = text.find(end, start)
    if start < 0 or stop < 0:
        return None
    try:
        return ssl.PEM_cert_to_DER_cert(text[start:stop + len(end)])
    except ValueError:
        return None


def _ca_line(confdir: str) -> str:
    path = ca_cert_path(confdir)
    held = (f" (it holds the CA's private key too: give clients its certificate alone, `openssl x509 -in {path}`)"
            if path.name == "mitmproxy-ca.pem" else "")
    return (f"HTTPS interception CA certificate: {path}{held} (clients must trust it: curl --cacert FILE, "
            "httpx verify=ssl.create_default_context(cafile=FILE), SSL_CERT_FILE=FILE)")


class _Announce:
    """Prints the ready line (address, policy, CA) once mitmproxy listens."""

    def __init__(self, guard: Guard, config: ProxyConfig, out: TextIO) -> None:
        self.guard, self.config, self.out = guard, config, out
        self._note: threading.Thread | None = None

    def running(self) -> None:
        from mitmproxy import ctx

        check = ctx.master.addons.get("errorcheck")
        if check is not None and check.logger.has_errored:
            return  # mitmproxy reported an error while starting, and stops: it is not listening
        addrs = []
        server = ctx.master.addons.get("proxyserver")
        if server is not None:
            # (an IPv6 address in brackets, as a proxy URL writes it: `::1:8080` reads as no address)
            addrs = [f"[{a[0]}]:{a[1]}" if ":" in a[0] else f"{a[0]}:{a[1]}" for a in server.listen_addrs()]
        where = ", ".join(addrs) or f"{self.config.host}:{self.config.port}"
        from scrapeguard.proxy.addon import say

        say(self.out, f"scrapeguard proxy listening on {where} (policy {self.guard.policy.id}, "
                      f"purpose {self.guard.default_purpose.id}, {self.guard.policy.runtime.mode} mode)\n"
                      f"{_audit_line(self.guard)}\n{_ca_line(self.config.confdir)}")
        # without the faces extra every picture is an error: said once, found off the event loop (finding
        # out loads the detector, about a second, which on the loop held the first clients back)
        self._note = threading.Thread(target=self._faces_note, name="scrapeguard-faces-note", daemon=True)
        self._note.start()

    def finish(self) -> None:
        """Wait for the start-up note's detector load (up to `NOTE_WAIT`) before the proxy exits. Why: a
        proxy stopped within a second or so of its start exited with that thread still in the detector's
        native code, which the interpreter's exit tore down under it: "terminate called without an active
        exception", SIGABRT (exit status -6, a core dump where enabled) where a stop is 0."""
        if self._note is not None:
            self._note.join(NOTE_WAIT)

    def _faces_note(self) -> None:
        from scrapeguard.detect.faces import unavailable_note
        from scrapeguard.proxy.addon import say

        note = unavailable_note(self.guard.policy)
        if note is not None:
            say(self.out, note)



def _audit_line(guard: Guard) -> str:
    """Where the decisions go, as an absolute path: without --audit it is the policy's sink,
    relative to the directory the proxy was started in, which nothing else says."""
    if guard.audit is None:
        return "audit log: none (decisions are not recorded)"
    path = getattr(guard.audit, "path", None)
    return f"audit log: {os.path.abspath(path) if path is not None else type(guard.audit).__name__}"


def _fetch_transport(config: ProxyConfig) -> httpx.AsyncBaseTransport:
    """Host files go straight to the origin (never through this proxy), trusting what mitmproxy trusts
    for the pages themselves (`upstream_context`)."""
    return _NamingUpstreamCa(httpx.AsyncHTTPTransport(verify=upstream_context(config)))


# OpenSSL's words for a certificate whose signer is not among the trusted CAs
_UNKNOWN_SIGNER: Final = ("self-signed", "self signed", "unable to get local issuer", "unable to get issuer")


class _NamingUpstreamCa(httpx.AsyncBaseTransport):
    """A host file's fetch that fails on a certificate no CA the proxy trusts signed says how to trust it:
    the 503 `robots.unreachable` a client got for a site with a private CA named the TLS error alone, and
    not `--upstream-ca`, which makes it work (a new user's walk through the README)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._inner.handle_async_request(request)
        except httpx.ConnectError as exc:
            said = str(exc)
            # (only for a signer the proxy does not know: not an expired certificate or another host's name)
            if "CERTIFICATE_VERIFY_FAILED" not in said or not any(why in said for why in _UNKNOWN_SIGNER):
                raise
            raise httpx.ConnectError(f"{exc} (the site's certificate is signed by no CA the proxy trusts: start it "
                                     "with --upstream-ca FILE, the CA's certificate, to trust it)",
                                     request=request) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


def upstream_context(config: ProxyConfig) -> ssl.SSLContext:
    """certifi's CAs and --upstream-ca besides them, as mitmproxy's `_upstream_bundle`; not SSL_CERT_FILE or
    SSL_CERT_DIR, which mitmproxy does not read and the ready line tells clients to set to its CA: exported
    in the shell the proxy then started in, robots.txt was fetched trusting that one CA alone, and every
    public HTTPS page was refused as robots.unreachable."""
    context = httpx.create_ssl_context(trust_env=False)
    if config.upstream_ca:
        context.load_verify_locations(cafile=config.upstream_ca)
    return context


@contextlib.contextmanager
def _upstream_bundle(config: ProxyConfig) -> Iterator[str | None]:
    """certifi's CAs and --upstream-ca in one file in the confdir, for as long as the proxy runs:
    mitmproxy takes one CA file, and trusts certifi's only when it is given none, so --upstream-ca
    alone would replace every public CA instead of adding one."""
    if not config.upstream_ca:
        yield None
        return
    confdir = Path(config.confdir).expanduser()
    confdir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=confdir, prefix="scrapeguard-upstream-ca-", suffix=".pem",
                                     delete=False) as bundle:
        bundle.write(Path(certifi.where()).read_bytes().rstrip(b"\n") + b"\n")
        bundle.write(Path(config.upstream_ca).read_bytes())
    try:
        yield bundle.name
    finally:
        with contextlib.suppress(OSError):
            os.unlink(bundle.name)


def _quiet_cancelled_connections(loop: asyncio.AbstractEventLoop) -> None:
    """Once the proxy stops, `asyncio.run` cancels the handlers of the connections still open, and
    asyncio's stream callback asks each cancelled task for its exception, which raises
    CancelledError into the loop's exception handler: a traceback after "proxy stopped" whenever
    a client was connected, with nothing gone wrong. From now on those are not reported; anything
    else is, as before."""
    previous = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if isinstance(context.get("exception"), asyncio.CancelledError):
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)


async def serve(guard: Guard, config: ProxyConfig, out: TextIO = sys.stdout) -> None:
    """Run until SIGINT, SIGTERM or SIGHUP (or cancellation)."""
    validate(config)
    from mitmproxy import options
    from mitmproxy.tools.dump import DumpMaster

    from scrapeguard.proxy import layers
    from scrapeguard.proxy.addon import GuardAddon

    layers.install()  # bodies held up to the guard's cap only
    opts = options.Options(listen_host=config.host, listen_port=config.port,
                           confdir=str(Path(config.confdir).expanduser()))
    master = DumpMaster(opts, with_termlog=False, with_dumper=False)
    fetcher = AsyncFetcher(guard.user_agent, timeout=guard.runtime.timeout_seconds, transport=_fetch_transport(config))
    announce = _Announce(guard, config, out)
    master.addons.add(GuardAddon(guard, fetcher=fetcher), announce)
    # a tunnel whose bytes mitmproxy does not take for HTTP (a blank line before the request is
    # enough) would be relayed as raw TCP, past every hook of the guard: GuardAddon.next_layer
    # records it and closes it at once, unless the policy is fail-open (GuardAddon.tcp_* is the
    # second lock). WebSocket messages pass no check either: the addon refuses the upgrade
    # (audited), and mitmproxy relays none unless the policy is fail-open.
    updates: dict[str, object] = {"rawtcp": False, "websocket": guard.runtime.on_error == "fail-open"}
    if config.proxy_auth:
        updates["proxyauth"] = config.proxy_auth
    if config.allow_remote:
        updates["block_global"] = False
    loop = asyncio.get_running_loop()
    # SIGHUP too (the terminal or ssh session it runs in went away): by default it killed the proxy
    # at once, without the audit log's shutdown checkpoint or the decisions still being written.
    # Unless it was started to outlive its session (`nohup`, which ignores SIGHUP): that is kept.
    hangup = [signal.SIGHUP] if hasattr(signal, "SIGHUP") and signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN \
        else []
    for sig in (signal.SIGINT, signal.SIGTERM, *hangup):
        try:
            loop.add_signal_handler(sig, master.shutdown)
        except (NotImplementedError, RuntimeError):  # not the main thread / platform
            pass
    try:
        with _upstream_bundle(config) as bundle:
            if bundle:
                updates["ssl_verify_upstream_trusted_ca"] = bundle
            opts.update(**updates)
            await master.run()
    finally:
        _quiet_cancelled_connections(loop)
        await fetcher.aclose()
        guard.close()
        announce.finish()  # (every flow is over: nothing on the loop waits for this)
