"""The mitmproxy addon: the guard's checks on every flow through the proxy.

Request hook: host files for the flow's origin (fetched with the proxy's own client,
never through the proxy itself), then the request-stage decision; a block answers 451
without any upstream connection. Response hook: the decoded body (up to the cap) is
checked in a worker thread; a block becomes a 451, a redaction replaces the body.
A purpose can be chosen per request with the `X-Scrapeguard-Purpose` header (removed
before the request goes upstream).
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from mitmproxy import http, tcp

from scrapeguard.codings import decode, past_cap
from scrapeguard.decision import Decision
from scrapeguard.enact import (
    MARK_PREFIX,
    STATUS_BLOCKED,
    TRUNCATED_HEADER,
    blocked_body,
    blocked_headers,
    decision_headers,
    must_withhold,
    reason_codes,
)
from scrapeguard.fetch import AsyncFetcher
from scrapeguard.guard import Guard
from scrapeguard.hostfiles import AsyncHostFiles

log = logging.getLogger("scrapeguard")

PURPOSE_HEADER = "X-Scrapeguard-Purpose"
REASON_PHRASE = "Unavailable For Legal Reasons"
_MARK = "scrapeguard"


class GuardAddon:
    """Enforces `guard` on each flow. `fetcher` fetches host files (default: a direct
    httpx client with the guard's user agent and timeout)."""

    def __init__(self, guard: Guard, *, fetcher: AsyncFetcher | None = None, max_body_bytes: int | None = None) -> None:
        self.guard = guard
        self.fetcher = fetcher or AsyncFetcher(guard.user_agent, timeout=guard.runtime.timeout_seconds)
        self.host_files = AsyncHostFiles(guard, self.fetcher)
        self.max_body_bytes = max_body_bytes or guard.runtime.max_body_bytes
        self.stats: dict[str, int] = {}

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or not flow.live:
            return
        purpose = flow.request.headers.pop(PURPOSE_HEADER, None) or None
        flow.metadata[_MARK + "_purpose"] = purpose
        # robots.txt is read for the crawler the site will see: the client's own user agent,
        # or the proxy's --user-agent when the client sends none
        agent = flow.request.headers.get("user-agent") or None
        if agent is None:
            flow.request.headers["User-Agent"] = self.guard.user_agent
        flow.metadata[_MARK + "_agent"] = agent
        url = _destination(flow.request)  # the real destination, not the client's Host header
        try:
            await self.host_files.ensure(url)
            # off the event loop: the durable audit write must not stall other flows
            decision = await asyncio.to_thread(self.guard.decide_request, url, purpose=purpose, user_agent=agent)
        except Exception as exc:  # noqa: BLE001 - never let a guard bug pass a flow unchecked
            self._adapter_error(flow, exc, "request")
            return
        if not decision.allowed:
            self._refuse(flow, decision)

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None and not flow.metadata.get(_MARK):
            flow.response.stream = False  # the body must be buffered to be checked

    async def response(self, flow: http.HTTPFlow) -> None:
        if flow.metadata.get(_MARK) or flow.response is None:
            return  # our own 451 (the hook also fires for responses set in `request`)
        if flow.request.method == "HEAD":
            return  # no body, nothing collected: the request-stage decision stands
        response = flow.response
        for name in [n for n in response.headers if n.lower().startswith(MARK_PREFIX)]:
            del response.headers[name]  # the site's own "verdict" is not the guard's
        purpose = flow.metadata.get(_MARK + "_purpose")
        try:
            # decoded here, capped while inflating (a gzip bomb stops at the cap); a coding that
            # cannot be undone, or a corrupt body, is the guard failing: never judged as it came
            body, truncated = decode(response.raw_content or b"", response.headers.get("content-encoding"),
                                     self.max_body_bytes)
        except (ValueError, httpx.DecodingError) as exc:
            self._adapter_error(flow, exc, "response")
            return
        over = past_cap(body, truncated, self.max_body_bytes)
        try:
            decision = await asyncio.to_thread(
                self.guard.check_response, _destination(flow.request), response.status_code,
                list(response.headers.items(multi=True)), body, purpose=purpose,
                user_agent=flow.metadata.get(_MARK + "_agent"), truncated=over, broken_off=truncated and not over)
        except Exception as exc:  # noqa: BLE001
            self._adapter_error(flow, exc, "response")
            return
        flow.metadata[_MARK] = decision.decision_id
        if must_withhold(decision):
            self._refuse(flow, decision)
            return
        if decision.enforced and decision.action == "redact" and decision.redacted_body is not None:
            _replace_body(response, decision.redacted_body)
            self._count("redacted")
        else:  # passed unchanged: as it came, whole even past the cap (judged on its first `cap` bytes)
            self._count("allowed")
            if truncated and not over:  # the coding broke off: only what was judged goes on
                _replace_body(response, body)
        if decision.action != "allow":
            for name, value in decision_headers(decision):
                response.headers[name] = value
        if truncated:  # judged on its first bytes only: cut at the cap, or its coding broke off
            response.headers[TRUNCATED_HEADER] = str(len(body))

    def tcp_start(self, flow: tcp.TCPFlow) -> None:
        """Bytes the guard cannot read as HTTP are never relayed (raw TCP is off; this is the
        second lock): what cannot be judged does not pass."""
        self._count("blocked/raw_tcp")
        log.warning("scrapeguard: refused a non-HTTP stream to %s:%s (cannot be judged)",
                    *(flow.server_conn.address or ("?", "?")))
        flow.kill()

    def tcp_message(self, flow: tcp.TCPFlow) -> None:
        if flow.messages:
            flow.messages[-1].content = b""  # nothing of it is relayed, whatever came before the kill
        flow.kill()

    def done(self) -> None:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.stats.items())) or "no requests"
        print(f"scrapeguard proxy stopped: {counts}", flush=True)
        self.guard.close()

    # ------------------------------------------------------------ enacting
    def _refuse(self, flow: http.HTTPFlow, decision: Decision) -> None:
        body = blocked_body(decision)
        flow.response = http.Response.make(STATUS_BLOCKED, body, dict(blocked_headers(decision, body)))
        flow.response.reason = REASON_PHRASE
        flow.metadata[_MARK] = decision.decision_id
        codes = reason_codes(decision)
        self._count("blocked")
        self._count(f"blocked/{codes[0] if codes else 'none'}")

    def _adapter_error(self, flow: http.HTTPFlow, exc: Exception, stage: str) -> None:
        """An error around the guard: recorded in the audit log as the guard failing, and the
        policy's on_error decides (fail-closed: a 451; fail-open: the flow passes unchanged)."""
        self._count("errors")
        log.error("scrapeguard: adapter error on %s: %s: %s", flow.request.pretty_url, type(exc).__name__, exc)
        decision: Decision | None = None
        try:
            decision = self.guard.record_failure(_destination(flow.request), stage, exc,
                                                 purpose=flow.metadata.get(_MARK + "_purpose"))
        except Exception as record_exc:  # noqa: BLE001 - the audit itself failing must not pass the flow
            log.error("scrapeguard: could not record the adapter error: %s", record_exc)
        if decision is not None and decision.allowed:
            flow.metadata[_MARK] = decision.decision_id
            return
        if decision is not None:
            self._refuse(flow, decision)
            return
        body = f"scrapeguard: guard error ({type(exc).__name__}); not recorded, so not passed\n".encode()
        flow.response = http.Response.make(STATUS_BLOCKED, body, {
            "Content-Type": "text/plain; charset=utf-8", "X-Scrapeguard-Action": "block",
            "X-Scrapeguard-Reason": "error.adapter"})
        flow.response.reason = REASON_PHRASE
        flow.metadata[_MARK] = "error"

    def _count(self, key: str) -> None:
        self.stats[key] = self.stats.get(key, 0) + 1


def _destination(request: http.Request) -> str:
    """The request's absolute URL; an IPv6 host in brackets (mitmproxy writes `http://::1:8080/`,
    which no URL parser reads as that host)."""
    host = request.host
    if ":" not in host or host.startswith("["):
        return request.url
    default = request.port == {"http": 80, "https": 443}.get(request.scheme)
    return f"{request.scheme}://[{host}]{'' if default else f':{request.port}'}{request.path}"


def _replace_body(response: http.Response, body: bytes) -> None:
    """Set a decoded body, re-encoded as the upstream sent it when mitmproxy can encode that
    coding; otherwise (a list of codings, an alias) sent decoded, without Content-Encoding."""
    try:
        response.content = body
    except ValueError:
        response.headers.pop("content-encoding", None)
        response.content = body
