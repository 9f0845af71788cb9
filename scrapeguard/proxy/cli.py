"""`scrapeguard proxy`: the command-line front of the proxy."""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys

from scrapeguard.proxy.server import DEFAULT_CONFDIR, DEFAULT_LISTEN, ProxyConfig, ProxyConfigError, parse_listen, validate
from scrapeguard.terminal import given

HELP = """\
Run an HTTP(S) proxy that enforces the guard on everything a crawler fetches through it.

  scrapeguard proxy --listen 127.0.0.1:8080 --policy gdpr-strict --audit decisions.sqlite
  curl -x http://127.0.0.1:8080 http://example.org/
  curl -x http://127.0.0.1:8080 --cacert ~/.mitmproxy/mitmproxy-ca-cert.pem https://example.org/

Blocked resources get 451 with a JSON explanation and X-Scrapeguard-* headers; redacted
pages/images come back redacted. HTTPS is intercepted with mitmproxy's CA (created in
--confdir on first start, or one's own put there as mitmproxy-ca.pem): clients must trust the
CA file the ready line names (mitmproxy-ca-cert.pem for the CA mitmproxy made).

Bodies the guard reads (pages, pictures, SVG, text, multipart) are held up to the policy's
runtime.max_body_bytes. A response past it is judged on its first bytes (X-Scrapeguard-Truncated):
what lies past them was never seen (body.too_large), which the policy's on_error decides, refused
(fail-closed, the default; a page then unanalysed, as nothing its first bytes say could change that)
or passed with the rest streaming behind them (fail-open). Any other
body (audio, video, archives) is judged on its headers and first 5,000 bytes, told apart as the
guard tells them (a JPEG served as audio is still read as a picture), and then streams as it
comes; an event stream a client asked for (Accept: text/event-stream) is judged on its headers
alone and its events pass as they come. An upload past the cap is decided on its URL when the
cap is reached: allowed, it streams on to the site; refused, the client gets the 451 at once and
the proxy closes its side of the connection.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listen", default=DEFAULT_LISTEN, metavar="HOST:PORT", type=given,
                        help=f"address to listen on (default {DEFAULT_LISTEN}; loopback only unless --allow-remote)")
    parser.add_argument("--policy", default=None, type=given, help="policy file or shipped id (default gdpr-strict)")
    parser.add_argument("--purpose", default=None, type=given,
                        help="purpose id (default: the policy's default_purpose, else its first); a client names another per request "
                             "with the X-Scrapeguard-Purpose header, or per tunnel on its CONNECT")
    parser.add_argument("--audit", default=None, metavar="PATH", type=given,
                        help="audit log path (default: the policy's sink)")
    parser.add_argument("--user-agent", default=None, metavar="UA", type=given,
                        help="User-Agent sent, and robots.txt read for, when a client sends none (a client's own "
                             "User-Agent is kept and robots.txt is read for it); robots.txt and the other host "
                             "files are fetched with it (default: scrapeguard's own)")
    parser.add_argument("--confdir", default=DEFAULT_CONFDIR, type=given, help="mitmproxy CA directory (default ~/.mitmproxy)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a non-loopback --listen address (requires --proxy-auth)")
    parser.add_argument("--proxy-auth", default=None, metavar="USER:PASS",
                        help="require proxy credentials (a password without ':', which mitmproxy cannot read)")
    parser.add_argument("--upstream-ca", default=None, metavar="FILE", type=given,
                        help="extra CA bundle to trust for upstream HTTPS (e.g. a private test server)")


def run(args: argparse.Namespace) -> int:
    try:
        host, port = parse_listen(args.listen)
        config = ProxyConfig(host=host, port=port, confdir=args.confdir, allow_remote=args.allow_remote,
                             proxy_auth=args.proxy_auth, upstream_ca=args.upstream_ca)
        validate(config)
    except ProxyConfigError as exc:
        print(f"scrapeguard proxy: {exc}", file=sys.stderr)
        return 2
    try:
        import mitmproxy  # noqa: F401
    except ImportError:
        print("scrapeguard proxy needs mitmproxy: pip install 'scrapeguard[proxy]'", file=sys.stderr)
        return 2
    from scrapeguard.guard import DEFAULT_USER_AGENT, Guard
    from scrapeguard.policy import PolicyError
    from scrapeguard.proxy.server import serve

    busy = _address_in_use(config.host, config.port)  # before the guard: no audit log made for a proxy that never ran
    if busy:
        said = str(args.listen).strip()  # (`--listen localhost`: the port it took, 8080, is said too)
        where = said if said.endswith(f":{config.port}") or said == str(config.port) else f"{said} (port {config.port})"
        print(f"scrapeguard proxy: cannot listen on {where}: {busy}; choose another with --listen", file=sys.stderr)
        return 2  # bad input, as for `demo --serve` (exit 1 means "blocked" in this CLI)
    try:
        guard = Guard(args.policy, user_agent=args.user_agent or DEFAULT_USER_AGENT, purpose=args.purpose,
                      audit=args.audit, integration="proxy")
    except (PolicyError, KeyError, OSError, ValueError, TypeError) as exc:  # (a --user-agent no request can
        print(f"scrapeguard proxy: {exc}", file=sys.stderr)  # carry: refused before the audit log is made)
        return 2
    try:
        asyncio.run(serve(guard, config))
    except KeyboardInterrupt:
        pass
    except SystemExit as exc:  # mitmproxy stops when it logged an error while starting (said above)
        if exc.code in (0, None):
            return 0
        print("scrapeguard proxy: mitmproxy could not start (see above)", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. the confdir or the upstream CA bundle cannot be written
        print(f"scrapeguard proxy: could not start: {exc}", file=sys.stderr)
        return 2  # as every start-up failure (exit 1 means "blocked" in this CLI)
    return 0


def _address_in_use(host: str, port: int) -> str | None:
    """Why the proxy could not listen on host:port, found before mitmproxy starts (whose own
    message names its `--mode` flag, which this command does not take); None when it can."""
    if port == 0:
        return None
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        return str(exc)
    for family, kind, proto, _, address in infos[:1]:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio's server does
            try:
                probe.bind(address)
            except OSError as exc:
                return exc.strerror or str(exc)
    return None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `proxy` command to the top-level `scrapeguard` parser."""
    parser = subparsers.add_parser("proxy", help="run the guarding HTTP(S) proxy (mitmproxy)", description=HELP,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.set_defaults(func=run)


def main(argv: list[str] | None = None) -> int:
    """`python -m scrapeguard.proxy ARGS`: `scrapeguard proxy ARGS`, run by the one CLI. Why not a parser of
    its own: it set no logging up, and once mitmproxy had put its handlers on the root logger every WARNING
    and ERROR of the running proxy (a site's robots.txt down, a guard error, a refused tunnel) went nowhere."""
    from scrapeguard.cli import main as scrapeguard_main  # (at call time: that CLI imports this module)

    return scrapeguard_main(["proxy", *(sys.argv[1:] if argv is None else argv)])
