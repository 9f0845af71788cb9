"""The mitmproxy addon: the guard's checks on every flow through the proxy.

Request hook: host files for the flow's origin (fetched with the proxy's own client,
never through the proxy itself), then the request-stage decision; a block answers 451
without any upstream connection; a WebSocket upgrade is refused the same way (its messages
could not be judged) unless the policy is fail-open. Response hook: the decoded body is
checked in a worker thread, with its site's host files (fetched again where other sites' pushed them out
of the guard's cache while it downloaded); a block becomes a 451, a redaction replaces the body. A body is
held only up to the cap (`layers.CappedHttpStream`): past it, its first bytes are judged and,
passed unchanged, the rest streams behind them. A request body (an upload) is held up to the
same cap: past it, the request-stage decision is made then (it reads the URL, not the body) and
an allowed request streams its body upstream; a refused one is answered 451 and the rest of its
body is not read. While a body past the cap waits for its decision, nothing more is read from
the client's connections (`layers.reading_held`). A body the guard does not read (audio, video, an
archive: told from its first bytes, as the httpx transports tell it) is judged on its first
`SNIFF_HEAD` and then streams as it comes; an event stream (`text/event-stream`, Server-Sent Events)
the client asked for never ends: it is judged on its headers alone, before any of its body is held,
and passed on, its events go to the client as they come.
A purpose can be chosen per request with the `X-Scrapeguard-Purpose` header (removed
before the request goes upstream), or per tunnel on the CONNECT that opens it (where clients put
the headers meant for the proxy for an https:// URL), for each request in it that names none.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import ipaddress
import logging
import os
import re
import socket
import sys
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, TextIO, TypeVar

import httpx
from mitmproxy import connection, http, tcp
from mitmproxy.flow import Error
from mitmproxy.net.http import status_codes
from mitmproxy.net.http.url import default_port, parse_authority
from mitmproxy.proxy.layer import NextLayer
from mitmproxy.proxy.layers import DNSLayer, TCPLayer, UDPLayer
from mitmproxy.proxy.layers.http import HTTPMode, HttpLayer
from mitmproxy.proxy.layers.tls import HTTP_ALPNS

from scrapeguard.codings import SNIFF_LIMIT, SUPPORTED, codings, decode, past_cap, sniffed_head, without_encoding
from scrapeguard.decision import Decision
from scrapeguard.enact import (
    BodyBrokenOff,
    DECISION_HEADER,
    MARK_PREFIX,
    KEPT_IN_PART,
    MisdirectedHost,
    ORIGIN_BYTES_HEADERS,
    STATUS_BLOCKED,
    TRUNCATED_HEADER,
    audit_only,
    blocked_body,
    blocked_headers,
    decision_headers,
    head_unpromised,
    refusal_status,
    must_withhold,
    reason_codes,
    replaced_status,
    websocket_asked,
)
from scrapeguard.fetch import AsyncFetcher, CutShort
from scrapeguard.answers import answer_kind, asked_event_stream, body_cap, read_whole
from scrapeguard.guard import Guard
from scrapeguard.unwritten import LAST_WRITE_WAIT
from scrapeguard.hostfiles import (
    AsyncHostFiles,
    HostFilesDropped,
    check_when_cached,
    decide_when_cached,
    decide_when_filled,
    refused_unjudged,
)
from scrapeguard.image_context import ImageContext
from scrapeguard.jurisdiction import ascii_host
from scrapeguard.proxy.layers import CAP_KEY, DECIDED_EARLY, SNIFF_KEY, Refused, reading_held
from scrapeguard.resource import SNIFF_HEAD, SNIFF_WINDOW, Headers, content_type_of, declared_length

log = logging.getLogger("scrapeguard")
_Said = TypeVar("_Said")  # what a guard call `_ask` runs gives: a Decision, or None (`decide_when_cached`)

PURPOSE_HEADER = "X-Scrapeguard-Purpose"
# what a client sends the proxy itself (RFC 9110 §11.7.2; Proxy-Connection, the old keep-alive for
# a proxy): a crawler with proxy credentials configured (Scrapy's meta["proxy"] with user:pass, curl
# -x user:pass@...) sends them with every plain-http request, and no site is owed them
# headers for this proxy, never for the site; and `TE`, hop-by-hop (RFC 9110 §10.1.4): passed on, an origin
# honouring `TE: gzip` answered `Transfer-Encoding: gzip, chunked`, judged still compressed (`_transfer_coded`)
PROXY_ONLY_HEADERS = ("Proxy-Authorization", "Proxy-Connection", "TE")
REASON_PHRASE = "Unavailable For Legal Reasons"
_MARK = "scrapeguard"
_CLIENT_LEFT = "Client disconnected"  # (mitmproxy's error when the client hangs up: no fault of the origin)
_PICTURE_KINDS: Final = frozenset({"image", "svg"})  # answers checked in the pictures' threads (`GuardAddon._pictures`)
_ANSWERED_HERE = _MARK + "_answered_here"  # a response mitmproxy made itself, before the request went anywhere


def say(out: TextIO, text: str) -> None:
    """One status line (or a few) on the proxy's output, in one flushed write; a reader that went
    away (`scrapeguard proxy | head -1`) is nobody to tell, not a reason to stop proxying."""
    try:
        out.write(text + "\n")
        out.flush()
    except (BrokenPipeError, ValueError):  # (ValueError: the stream was closed)
        pass


# Layers mitmproxy relays a tunnel's bytes with of its own accord (DNS for a tunnel to port 53 or 5353, UDP): none
# of the guard's hooks sees what they carry
_UNJUDGED_LAYERS: Final = (DNSLayer, UDPLayer)


class RawTcp(Exception):
    """Bytes in a tunnel that are no HTTP: nothing the guard could judge (`error.rawtcp`)."""


class MalformedAnswer(ValueError):
    """The origin's answer was refused by mitmproxy as malformed after its first line (`error.malformedanswer`):
    a Content-Length beside a Transfer-Encoding (request smuggling), or one that is no length. Recorded as what
    it is: as `BodyBrokenOff` it said the answer broke off, though nothing of a body came."""


# what mitmproxy says of an origin's answer it refuses as malformed (`MalformedAnswer`)
_MALFORMED = ("Cannot parse HTTP response", "refusing to prevent request smuggling")


class Stopped(RuntimeError):
    """The proxy is stopping and its audit log closed: a flow still asking the guard is cut off
    (`_adapter_error`), never answered with a decision that no log holds."""


class GuardAddon:
    """Enforces `guard` on each flow. `fetcher` fetches host files (default: a direct
    httpx client with the guard's user agent and timeout)."""

    def __init__(self, guard: Guard, *, fetcher: AsyncFetcher | None = None, max_body_bytes: int | None = None) -> None:
        self.guard = guard
        self.fetcher = fetcher or AsyncFetcher(guard.user_agent, timeout=guard.runtime.timeout_seconds)
        self.host_files = AsyncHostFiles(guard, self.fetcher)
        self.max_body_bytes = body_cap(max_body_bytes, guard.runtime.max_body_bytes)
        self.stats: dict[str, int] = {}
        # the guard's own worker threads: on the loop's default executor, flows waiting for a locked audit log
        # took every thread of it, and mitmproxy's DNS lookups (which run there) waited with them, so no
        # connection to a host name was made, by any client, until the log was free (up to its 30 s timeout)
        self._executor = ThreadPoolExecutor(min(32, (os.cpu_count() or 1) + 4), thread_name_prefix="scrapeguard")
        # pictures' checks (face detection: CPU-bound, up to seconds each) in threads of their own, one a core: in the
        # threads above, a dozen portraits in flight took every one of them, and a plain page's decision waited 2 s
        # behind them (review). More at once would only share the same cores.
        self._pictures = ThreadPoolExecutor(max(1, os.cpu_count() or 1), thread_name_prefix="scrapeguard-pictures")
        self._calls = threading.Condition()  # guards `_running` (guard calls in worker threads) and `_stopped`
        self._running = 0
        self._stopped = False
        # client connections turned tunnels, with the purpose their CONNECT named (or None): keyed as
        # mitmproxy's proxyauth keys a CONNECT's credentials (the inner flows share its client connection)
        self._tunnels: weakref.WeakKeyDictionary[connection.Client, str | None] = weakref.WeakKeyDictionary()

    def http_connect(self, flow: http.HTTPFlow) -> None:
        """A purpose named on the CONNECT holds for the requests in its tunnel: httpx's
        `Proxy(headers=...)`, curl's `--proxy-header` and urllib3's `proxy_headers` send it there for
        an https:// URL (on the request itself for an http:// one). Ignored, those requests were
        judged, and recorded, under the default purpose. An empty one names no purpose of the policy, as
        on a request (`Policy.get_purpose`): not the default's."""
        self._tunnels[flow.client_conn] = flow.request.headers.pop(PURPOSE_HEADER, None)

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # a request body is held up to the cap; past it, `scrapeguard_request_past_cap`
        flow.metadata[CAP_KEY] = self.max_body_bytes
        # headers for this proxy, never for the site: mitmproxy took a client's proxy credentials
        # off only when --proxy-auth asked for them, and handed them on to every site otherwise
        for name in PROXY_ONLY_HEADERS:
            flow.request.headers.pop(name, None)

    async def scrapeguard_request_past_cap(self, flow: http.HTTPFlow) -> None:
        """The upload passed the cap (`layers.RequestPastCapHook`): the request-stage decision is
        made now, not after the whole body has been held; a refusal answers it at once."""
        async with reading_held(flow):
            await self.request(flow)

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None and _MARK not in flow.metadata and _MARK + "_purpose" not in flow.metadata:
            # answered by mitmproxy before it went anywhere (--proxy-auth's 407 to a client without
            # credentials): no site's answer comes to judge. Judged as one, its URL's site was asked for
            # its host files on behalf of a client never let in, its decision recorded, and a URL the
            # guard refuses (or a port nothing listens on) told from the rest by a 451 instead of the 407
            flow.metadata[_ANSWERED_HERE] = True
        if flow.response or flow.error or not flow.live or _MARK + "_purpose" in flow.metadata:
            return  # (decided already: the body passed the cap, and mitmproxy asks again at its end)
        if _to_this_proxy(flow):
            # sent to the proxy as if it were the site (a client not set to use it as its proxy: `curl
            # http://proxy:8080/page`): the guard asked the proxy itself for its robots.txt, which waited on
            # that same fetch until its timeout (10 s), then refused the page as `robots.unreachable` and
            # recorded both of the proxy's own URLs
            flow.metadata[_ANSWERED_HERE] = True
            flow.response = http.Response.make(400, _NOT_A_SITE, {"Content-Type": "text/plain; charset=utf-8"})
            return
        if self._stopped:  # no log to record its decision in: cut off before its site's host files are fetched
            flow.kill()
            return
        # (an empty header names a purpose too, one the policy lacks: taken for none, it was judged and
        # recorded under the default purpose's basis and actions, found in review)
        named = flow.request.headers.pop(PURPOSE_HEADER, None)
        purpose = named if named is not None else self._tunnels.get(flow.client_conn)
        flow.metadata[_MARK + "_purpose"] = purpose
        # robots.txt is read for the crawler the site will see: the client's own user agent,
        # or the proxy's --user-agent when the client sends none
        agent = _client_agent(flow.request)
        if agent is None:
            flow.request.headers["User-Agent"] = self.guard.user_agent
        flow.metadata[_MARK + "_agent"] = agent
        url = _destination(flow.request)  # the real destination, not the client's Host header
        if flow.client_conn not in self._tunnels:  # (in a tunnel the request names its host as it likes)
            _host_of_target(flow.request)
        unjudged = False  # passed though the guard cannot judge what it brings
        try:
            unjudgeable = self._unjudgeable(flow)
            if unjudgeable is not None and refused_unjudged(self.guard):  # one decision: refused, its site not asked
                decision = await self._ask(self.guard.record_failure, url, "request", unjudgeable[1], purpose=purpose)
                self._refuse(flow, decision, unjudgeable[0])
                return
            # decided off the event loop (the durable audit write must not stall other flows), where other
            # origins' host files may push this one's out again: fetched again then (`decide_when_filled`)
            decision = await decide_when_filled(self.guard, url, functools.partial(self.host_files.ensure, url),
                                                functools.partial(self._ask, decide_when_cached, self.guard, url, purpose, agent))
            if decision.allowed and unjudgeable is not None:
                # passed, though the guard cannot judge what comes, only where the policy lets what cannot be
                # judged pass (fail-open, or audit mode), saying so
                decision = await self._ask(self.guard.record_failure, url, "request", unjudgeable[1], purpose=purpose)
                if must_withhold(decision):
                    self._refuse(flow, decision, unjudgeable[0])
                    return
                unjudged = unjudgeable[0] == "websocket"
        except Exception as exc:  # noqa: BLE001 - never let a guard bug pass a flow unchecked
            await self._adapter_error(flow, exc, "request")
            return
        self._count_would(flow, decision)
        # what pages said of its URL as it was judged, for its answer (`_checked_when_cached`)
        flow.metadata[_MARK + "_word"] = self.guard.image_contexts.get(url)
        if not decision.allowed:
            self._refuse(flow, decision)
        elif unjudged:  # a WebSocket passed: a 101 says so (`responseheaders`), any other answer is judged
            flow.metadata[_MARK + "_upgrade"] = (decision.decision_id, decision_headers(decision))
        elif decision.action != "allow":  # said on a HEAD's answer (a GET's says its own decision)
            flow.metadata[_MARK + "_headers"] = decision_headers(decision)
            flow.metadata[_MARK + "_unpromised"] = head_unpromised(decision.action, decision.enforced)
        else:  # (an allowed one names its decision alone, as an allowed GET's answer does)
            flow.metadata[_MARK + "_headers"] = [(DECISION_HEADER, decision.decision_id)]

    def _unjudgeable(self, flow: http.HTTPFlow) -> tuple[str, Exception] | None:
        """Why what the request brings cannot be judged, with the name it is counted under (blocked/<name>):
        a WebSocket upgrade (its messages would pass no check), or a request in a tunnel naming another host
        than the tunnel's (a virtual-host server answers as the host named, whose opt-outs were not read)."""
        asked = websocket_asked(flow.request.headers)
        if asked is not None:
            return "websocket", asked
        named = _named_host(flow.request) if flow.client_conn in self._tunnels else None
        if named is not None:
            return "misdirected_host", MisdirectedHost(
                f"the request names the host {named}, not {flow.request.host} its tunnel goes to, so the site that "
                "answers is not the one judged")
        sni = flow.client_conn.sni if flow.client_conn in self._tunnels else None
        if sni and ascii_host(sni) != ascii_host(flow.request.host):
            # (mitmproxy hands the client's TLS server name on to the origin, which picks its site by it: a tunnel
            # to an address whose handshake named another site was judged on the address's robots.txt; review)
            return "misdirected_host", MisdirectedHost(
                f"the TLS handshake names the host {sni[:200]}, not {flow.request.host} its tunnel goes to, so the "
                "site that answers is not the one judged")
        return None

    async def responseheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response is None:
            return
        upgrade = flow.metadata.get(_MARK + "_upgrade")
        if upgrade is not None and flow.response.status_code == 101:
            # a WebSocket a fail-open policy passed (`request`): the switched connection goes on unjudged, saying
            # so, as the httpx transport's 101 does. Judged as a page, it said nothing, and its record said
            # "allow: no finding" of what no check saw.
            flow.metadata[_MARK], flow.metadata[_MARK + "_unjudged"] = upgrade
            self._count("allowed")
        if flow.metadata.get(_MARK):  # decided already: our own 451, or a fail-open error in the request stage
            said = flow.metadata.get(_MARK + "_unjudged")
            if said is not None:  # passed on unjudged, as it comes, saying so
                _drop_marks(flow.response)
                for name, value in said:
                    flow.response.headers[name] = value
                flow.response.stream = True
            return
        # held to be judged, but never more than the cap: past it, `scrapeguard_body_past_cap`
        flow.response.stream = False
        flow.metadata[CAP_KEY] = self.max_body_bytes
        if flow.request.method == "HEAD":
            return
        if asked_event_stream(flow.request.headers.get("accept"), _fields(flow.response)):
            # one the client asked for (Accept) never ends, and may stay quiet for minutes: no number of its
            # bytes can be waited for, so it is judged on its headers alone (an opt-out among them still
            # refuses it), as the httpx transports judge it; passed, its events go on as they come
            # (`layers.DECIDED_EARLY`). Any other answer so labelled is read as its bytes say.
            _drop_marks(flow.response)
            flow.metadata[DECIDED_EARLY] = True
            async with reading_held(flow):
                await self._judge(flow, b"", cut=False, sniffed=True)
        else:  # its first bytes tell whether the guard reads it: `scrapeguard_body_head`
            flow.metadata[SNIFF_KEY] = SNIFF_HEAD

    async def scrapeguard_body_head(self, flow: http.HTTPFlow) -> None:
        """The body's first bytes are held (`layers.BodyHeadHook`). A body the guard does not read (audio,
        video, an archive) is judged on its first `SNIFF_HEAD` decoded bytes and then streams as it
        comes, as the httpx transports judge it: held up to the cap, a radio stream reached its client
        only once the cap had filled (20 MB: minutes), or never, its client's read timeout first. A
        page, a picture (whatever its type says: a JPEG served as audio), text, stays held."""
        response = flow.response
        if response is None:
            return
        raw = response.raw_content or b""
        length = declared_length(response.headers.get("content-length"))
        if length is not None and len(raw) >= length:
            return  # all of it is here: judged whole at its end
        sniffed = sniffed_head(raw, _body_codings(response), SNIFF_HEAD)
        if sniffed is None:  # its coding has not yet given them: asked again with more held (`SNIFF_WINDOW` more
            # coded bytes, not all of `SNIFF_HEAD`: a well-squeezed stream's may take minutes to come)
            flow.metadata[SNIFF_KEY] = len(raw) + SNIFF_WINDOW if len(raw) < SNIFF_LIMIT else None
            return
        head, as_came = sniffed  # (as they came: not in the coding its Content-Encoding names, or in none undone here)
        if read_whole(response.status_code, _fields(response), head):
            return
        _drop_marks(response)
        flow.metadata[DECIDED_EARLY] = True
        async with reading_held(flow):
            await self._judge(flow, head, cut=False, sniffed=True, as_came=as_came)

    async def response(self, flow: http.HTTPFlow) -> None:
        if flow.metadata.get(_MARK) or flow.response is None or flow.metadata.get(_ANSWERED_HERE):
            return  # our own 451, judged already (the hook fires again when a stream ends), or mitmproxy's own
        _drop_marks(flow.response)
        if flow.request.method == "HEAD":  # no body, nothing collected: the request-stage decision stands
            self.guard.carry_redirect(_destination(flow.request), flow.response.status_code, _fields(flow.response))
            for name, value in flow.metadata.get(_MARK + "_headers", ()):
                flow.response.headers[name] = value
            for name in flow.metadata.get(_MARK + "_unpromised", ()):
                flow.response.headers.pop(name, None)
            self._count("allowed")  # (as that decision let it through: uncounted, a proxy of HEADs said "no requests")
            return
        await self._judge(flow, flow.response.raw_content or b"", cut=False)

    async def error(self, flow: http.HTTPFlow) -> None:
        """A flow that failed after its answer's headers came, before anything judged it (the origin
        broke its body off): recorded in the audit log as the guard failing at the response stage, as
        the httpx transports record theirs; the client gets mitmproxy's 502, nothing of the body.
        Before an answer the request's decision stands; an answer judged already, our own 451, a
        client that hung up or a flow cut off on purpose add nothing."""
        said = flow.error.msg if flow.error is not None else ""
        malformed = any(m in said for m in _MALFORMED)  # (refused before mitmproxy made a response of it, or after)
        if (flow.response is None and not malformed) or flow.metadata.get(_MARK) or flow.metadata.get(_ANSWERED_HERE) \
                or self._stopped or _MARK + "_purpose" not in flow.metadata:
            return
        if said == Error.KILLED_MESSAGE or said.startswith(_CLIENT_LEFT):
            return
        flow.metadata[_MARK] = "error"
        self._count("errors")
        try:
            failed = MalformedAnswer(said) if malformed else BodyBrokenOff(said or "the answer broke off")
            await self._ask(self.guard.record_failure, _destination(flow.request), "response", failed,
                            purpose=flow.metadata.get(_MARK + "_purpose"))
        except Exception as exc:  # noqa: BLE001 - the audit failing is logged; the flow is over either way
            log.error("scrapeguard: could not record the broken-off answer of %s: %s", flow.request.pretty_url, exc)

    async def scrapeguard_body_past_cap(self, flow: http.HTTPFlow) -> None:
        """The body passed the cap (`layers.BodyPastCapHook`): judged on what came so far; passed
        on unchanged, the rest streams behind it, never held; refused or redacted, it is cut off."""
        if flow.response is None:
            return
        _drop_marks(flow.response)
        async with reading_held(flow):  # else the rest of the body piles up while this is judged
            await self._judge(flow, flow.response.raw_content or b"", cut=True)

    async def _judge(self, flow: http.HTTPFlow, raw: bytes, cut: bool, sniffed: bool = False,
                     as_came: bool = False) -> None:
        """Enact the response decision on `raw`, the body as it came (its first bytes past the cap
        when `cut`, the rest still to come). `sniffed`: `raw` is the decoded start of a body the guard
        does not read (none of it for an event stream), all of the body still to come; `as_came`: that
        start is not decoded (its Content-Encoding does not undo it), so it is judged with that header, as
        a body that does not decode is below."""
        response = flow.response
        assert response is not None
        purpose = flow.metadata.get(_MARK + "_purpose")
        # as they describe `body`, decoded here: the coded bytes' Content-Encoding kept, the guard
        # took it for a body still coded (a UTF-16 page: `body.encoded`) and guessed
        headers = _header_text(response.headers) if as_came else list(without_encoding(_header_text(response.headers)))
        try:
            # decoded here, capped while inflating (a gzip bomb stops at the cap); a transfer coding as well
            body, truncated = (raw, False) if sniffed else decode(raw, _body_codings(response), self.max_body_bytes)
        except (ValueError, httpx.DecodingError):
            # a coding that cannot be undone, or a corrupt body: handed to the guard as it came, with its
            # Content-Encoding, so it is `body.encoded` (on_error decides), as for the library's direct
            # callers and the other adapters, not an adapter error named after the exception's class
            body, truncated, headers = raw, False, _header_text(response.headers)
        over = cut or past_cap(body, truncated, self.max_body_bytes)
        streamed = cut or sniffed  # passed unchanged, the rest of it goes on as it comes
        url = _destination(flow.request)
        answer = (url, flow.metadata.get(_MARK + "_word"), response.status_code, headers, body)
        given: dict[str, Any] = {"purpose": purpose, "user_agent": flow.metadata.get(_MARK + "_agent"), "truncated": over,
                                 "broken_off": truncated and not over, "sniffed": sniffed}
        # (told by its first bytes, on the event loop: which threads judge it, not how it is judged)
        kind = answer_kind(response.status_code, content_type_of(Headers(headers)), response.headers.get("location"),
                           body[:SNIFF_HEAD])
        executor = self._pictures if kind in _PICTURE_KINDS else self._executor
        check = functools.partial(self._ask_in, executor, self._checked_when_cached, *answer, **given)
        try:
            try:
                # with its site's host files, fetched again where other sites' pushed them out of the guard's
                # cache while it downloaded (`_checked_when_cached`); dropped or cut every time, fail-closed
                # fails it (on_error, below)
                decision = await decide_when_filled(self.guard, url, functools.partial(self.host_files.ensure, url), check)
            except (CutShort, HostFilesDropped):
                if self.guard.runtime.on_error == "fail-closed":
                    raise
                # fail-open: judged with what the guard holds (a host file not there said not consulted), as
                # a fail-open pass is; handed over unjudged, a face in it went out unredacted
                decision = await self._ask_in(executor, self._checked, *answer, **given)
        except Exception as exc:  # noqa: BLE001 (this judgement failing too, or the proxy stopping: as any failure)
            if await self._adapter_error(flow, exc, "response") and streamed:
                response.stream = True
            return
        flow.metadata[_MARK] = decision.decision_id
        self._count_would(flow, decision)
        if must_withhold(decision):  # (a redacted part of a range too: no copy of it is made)
            self._refuse(flow, decision)
            return
        if decision.enforced and decision.action == "redact" and decision.redacted_body is not None:
            _replace_body(response, decision.redacted_body)  # (past the cap: the head's; the rest is cut off)
            for name, keep in KEPT_IN_PART.items():  # (a redacted page's links and refresh to the pictures it lost)
                values = response.headers.get_all(name)
                kept = keep(values, decision)
                if kept != values:
                    response.headers.set_all(name, kept)
            self._count("redacted")
        else:  # passed unchanged: as it came, whole even past the cap (judged on its first `cap` bytes)
            self._count("allowed")
            if streamed:
                response.stream = True
            elif truncated and not over:  # the coding broke off: only what was judged goes on
                _replace_body(response, body)
        # (an allowed answer names its decision alone: the id a crawler records its stored copy against,
        # `attach_storage(AuditLog.open(log), id, ...)`; nothing else of it changes)
        for name, value in decision_headers(decision) if decision.action != "allow" else \
                [(DECISION_HEADER, decision.decision_id)]:
            response.headers[name] = value
        if truncated or over or sniffed:  # judged on its first bytes only (on none: 0), cut at the cap, or
            # its coding broke off (a body handed over as it came, not decoded, is all that arrived: the guard reads
            # up to the cap)
            response.headers[TRUNCATED_HEADER] = str(min(len(body), self.max_body_bytes))

    def _checked_when_cached(self, url: str, word: ImageContext | None, *args: Any, **kwargs: Any) -> Decision | None:
        """The answer's decision (`Guard.check_response`) with what its request was judged with: what pages had
        said of its URL (`word`) given back to the guard (merged: the stricter stands); or None when its site's
        host files left the guard's cache since its request was decided: the caller fetches them again first,
        as `decide_when_cached` says for a request. Why: other sites' files and other pages read while it
        downloaded pushed both out of the guard's bounded memory, and the answer was judged without them: a
        page its site's tdmrep.json reserves (decided on the answer alone), and a picture its page's caption
        names a person in, were passed on as they came, where their requests had been judged with them."""
        self._recall(url, word)
        return check_when_cached(self.guard, url, *args, **kwargs)

    def _checked(self, url: str, word: ImageContext | None, *args: Any, **kwargs: Any) -> Decision:
        """`Guard.check_response` with what the answer's request was judged with (`word`), whatever the
        guard holds of its site's host files."""
        self._recall(url, word)
        return self.guard.check_response(url, *args, **kwargs)

    def _recall(self, url: str, word: ImageContext | None) -> None:
        """What pages said of `url` as its request was judged, given back to the guard (merged: the stricter stands)."""
        if word is not None:
            self.guard.image_contexts.remember(url, word)

    async def next_layer(self, nextlayer: NextLayer) -> None:
        """A tunnel whose bytes do not start like an HTTP request, or whose server speaks first (SMTP,
        FTP, SSH: no HTTP server does, and their clients wait for its greeting): with raw TCP off,
        mitmproxy would wait for a request that never parses (or never comes), and the client with
        it, unrecorded. It is the guard unable to judge (`error.rawtcp`, audited), which the policy's
        on_error decides: closed at once (fail-closed), or relayed as raw TCP (fail-open). So is a tunnel
        mitmproxy relays as DNS or UDP of its own accord (one to port 53 or 5353: whatever it carries, a
        picture in TXT records, passed with no hook of the guard seeing it; review, session 60)."""
        chosen = nextlayer.layer
        if isinstance(chosen, _UNJUDGED_LAYERS):
            host, port = nextlayer.context.server.address or ("unknown", 0)
            if await self._unjudgeable_passes(f"tcp://{host}:{port}", host, port, RawTcp(
                    f"the tunnel is relayed as {type(chosen).__name__.removesuffix('Layer')}, which the guard does "
                    "not read")) is None:  # (passed under fail-open: relayed as mitmproxy chose, recorded)
                with contextlib.suppress(ValueError):
                    nextlayer.context.layers.remove(chosen)  # (a layer enters the stack when it is made)
                nextlayer.layer = Refused(nextlayer.context)
            return
        if not isinstance(chosen, HttpLayer) or chosen.mode is not HTTPMode.transparent:
            return
        http_like = _starts_like_http(nextlayer.data_client(), h2=nextlayer.context.client.alpn == b"h2")
        if http_like:
            return
        nextlayer.context.layers.remove(chosen)  # (a layer enters the stack when it is made)
        nextlayer.layer = None
        # (an HTTP/2 server's SETTINGS may come before its client's preface: not when TLS named HTTP)
        spoke_first = bool(nextlayer.data_server()) and nextlayer.context.client.alpn not in HTTP_ALPNS
        if http_like is None and not spoke_first:
            return  # too few bytes to tell yet: asked again when more come
        host, port = nextlayer.context.server.address or ("unknown", 0)
        passed = await self._unjudgeable_passes(f"tcp://{host}:{port}", host, port, RawTcp(
            "the bytes sent through the tunnel are no HTTP request the guard could judge"))
        if passed is not None:
            relay = TCPLayer(nextlayer.context)
            assert relay.flow is not None
            relay.flow.metadata[_MARK] = passed
            nextlayer.layer = relay
            return
        nextlayer.layer = Refused(nextlayer.context)

    async def _unjudgeable_passes(self, url: str, host: str, port: int, why: RawTcp) -> str | None:
        """Record a tunnel the guard cannot judge (`error.rawtcp`); the decision's id where the policy lets it
        pass (fail-open), None where it is refused (counted, and said in a WARNING)."""
        decision: Decision | None = None
        try:
            decision = await self._ask(self.guard.record_failure, url, "request", why)
        except Stopped:
            pass  # refused unrecorded: no log is open any more
        except Exception as exc:  # noqa: BLE001 - the audit itself failing must not pass the bytes
            log.error("scrapeguard: could not record the refused tunnel: %s", exc)
        if decision is not None and not must_withhold(decision):
            return decision.decision_id
        self._count("blocked")
        self._count("blocked/raw_tcp")
        log.warning("scrapeguard: refused a non-HTTP stream to %s:%s (cannot be judged)", host, port)
        return None

    def tcp_start(self, flow: tcp.TCPFlow) -> None:
        """Raw TCP is relayed only where `next_layer` recorded that the policy lets it pass (raw
        TCP is off; this is the second lock): what cannot be judged does not pass unrecorded."""
        if flow.metadata.get(_MARK):
            return
        self._count("blocked")
        self._count("blocked/raw_tcp")
        log.warning("scrapeguard: refused a non-HTTP stream to %s:%s (cannot be judged)",
                    *(flow.server_conn.address or ("?", "?")))
        flow.kill()

    def tcp_message(self, flow: tcp.TCPFlow) -> None:
        if flow.metadata.get(_MARK):
            return
        if flow.messages:
            flow.messages[-1].content = b""  # nothing of it is relayed, whatever came before the kill
        flow.kill()

    def done(self) -> None:
        """The proxy stops: once the guard calls in progress are done (their decisions written, up
        to `LAST_WRITE_WAIT` while another writer holds the log), the guard and its audit log close.
        mitmproxy calls this with flows still live: closed at once, the log failed their writes
        ("is closed") and their answers (a 451 and its decision id) went out recorded nowhere."""
        with self._calls:
            self._stopped = True
            in_flight = self._running
            if not self._calls.wait_for(lambda: self._running == 0, timeout=LAST_WRITE_WAIT):
                log.error("scrapeguard: %d guard call(s) still running after %s s; closing the audit log",
                          self._running, LAST_WRITE_WAIT)
            finished = in_flight - self._running  # (those still running are not written: the ERROR above says so)
        for executor in (self._executor, self._pictures):
            executor.shutdown(wait=False)  # (a call still queued finds the proxy stopped)
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.stats.items())) or "no requests"
        # (their flows are answered, and counted, after this line: the counts fell short of what clients got)
        late = f" (and {finished} decision(s) written as it stopped, which may be answered after this count)" \
            if finished else ""
        say(sys.stdout, f"scrapeguard proxy stopped: {counts}{late}")
        self.guard.close()

    async def _ask(self, call: Callable[..., _Said], *args: Any, **kwargs: Any) -> _Said:
        """`call` in one of the guard's worker threads (`_ask_in`), not those for pictures."""
        return await self._ask_in(self._executor, call, *args, **kwargs)

    async def _ask_in(self, executor: ThreadPoolExecutor, call: Callable[..., _Said], *args: Any,
                      **kwargs: Any) -> _Said:
        """`call` (a guard call that writes a decision) in one of `executor`'s worker threads: off the
        event loop, as a durable audit write must not stall other flows, and off the loop's default
        executor, which mitmproxy resolves host names on; counted while it runs, so that `done` waits
        for it. A call already running finishes (and records) even when the flow's task is cancelled;
        one still queued behind busy threads is dropped with it. mitmproxy cancels a hook's task only
        when its event loop ends (a client going away does not), after `done`: the flow is then never
        answered nor sent upstream, so nothing is decided that a record would lack."""
        if self._stopped:  # (set on the loop, as this runs: flows go on a moment after `done`, its executor shut)
            raise Stopped("the proxy is stopping: its audit log is closed")
        run = functools.partial(contextvars.copy_context().run, self._counted, call, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(executor, run)

    def _counted(self, call: Callable[..., _Said], *args: Any, **kwargs: Any) -> _Said:
        with self._calls:
            if self._stopped:
                raise Stopped("the proxy is stopping: its audit log is closed")
            self._running += 1
        try:
            return call(*args, **kwargs)
        finally:
            with self._calls:
                self._running -= 1
                self._calls.notify_all()

    # ------------------------------------------------------------ enacting
    def _refuse(self, flow: http.HTTPFlow, decision: Decision, what: str | None = None) -> None:
        """Answer 451 with the decision's explanation, counted blocked/<what, or its first reason>.
        (`blocked_body` never raises: raised out of this hook, an error let mitmproxy send the answer
        on as it came, against the decision its log records.)"""
        codes = reason_codes(decision)
        body = blocked_body(decision)
        _answer_blocked(flow, body, blocked_headers(decision, body), refusal_status(decision))
        flow.metadata[_MARK] = decision.decision_id
        self._count("blocked")
        self._count(f"blocked/{what or (codes[0] if codes else 'none')}")

    async def _adapter_error(self, flow: http.HTTPFlow, exc: Exception, stage: str) -> bool:
        """An error around the guard: recorded in the audit log as the guard failing, and the
        policy's on_error decides (fail-closed: a 451; fail-open: the flow passes unchanged, saying
        so in X-Scrapeguard-* headers as the httpx transport does). True when it passes.
        Recorded off the event loop, as every audit write: a log locked by another writer would
        otherwise stall every flow of the proxy, for up to its busy timeout. The proxy stopping
        (`Stopped`) is no error: nothing was decided, so nothing is recorded or passed; the flow is
        cut off, as mitmproxy cuts every flow still open when it stops."""
        if isinstance(exc, Stopped) or self._stopped:  # (after `done`, whatever failed: no log to say it in)
            if flow.killable:
                flow.kill()
            return False
        self._count("errors")
        log.error("scrapeguard: adapter error on %s: %s: %s", flow.request.pretty_url, type(exc).__name__, exc)
        decision: Decision | None = None
        try:
            decision = await self._ask(self.guard.record_failure, _destination(flow.request), stage, exc,
                                       purpose=flow.metadata.get(_MARK + "_purpose"))
        except Exception as record_exc:  # noqa: BLE001 - the audit itself failing must not pass the flow
            log.error("scrapeguard: could not record the adapter error: %s", record_exc)
        if decision is not None and decision.allowed:
            flow.metadata[_MARK] = decision.decision_id
            if flow.response is not None:
                for name, value in decision_headers(decision):
                    flow.response.headers[name] = value
            else:  # the request stage: the answer passes unjudged, saying so
                flow.metadata[_MARK + "_unjudged"] = decision_headers(decision)
            return True
        if decision is not None:
            self._refuse(flow, decision)
            return False
        body = f"scrapeguard: guard error ({type(exc).__name__}); not recorded, so not passed\n".encode()
        _answer_blocked(flow, body, [("Content-Type", "text/plain; charset=utf-8"), ("X-Scrapeguard-Action", "block"),
                                     ("X-Scrapeguard-Reason", "error.adapter")])
        flow.metadata[_MARK] = "error"
        return False

    def _count(self, key: str) -> None:
        self.stats[key] = self.stats.get(key, 0) + 1

    def _count_would(self, flow: http.HTTPFlow, decision: Decision) -> None:
        """An audit-mode policy's would-be block or redaction, counted `would_block/<code>` as Scrapy's stats
        count it: the stop line of a `log-only` roll-out said "allowed 6" of six answers three of which it would
        have refused, what the roll-out is judged by. Each reason once per flow, none after a would-be block
        (enforcing, it stops there)."""
        if not audit_only(decision) or decision.action not in ("block", "redact"):
            return
        counted: tuple[str, ...] = flow.metadata.get(_MARK + "_would", ())
        if any(key.startswith("would_block/") for key in counted):
            return
        keys = (f"would_{decision.action}/{code}" for code in reason_codes(decision))
        new = tuple(key for key in keys if key not in counted)
        for key in new:
            self._count(key)
        flow.metadata[_MARK + "_would"] = (*counted, *new)


def _answer_blocked(flow: http.HTTPFlow, body: bytes, headers: list[tuple[str, str]],
                    status: int = STATUS_BLOCKED) -> None:
    """Put a 451 (or `enact.refusal_status`'s 503) with `body` in the flow's response; a HEAD's answer gets
    its headers only (Content-Length still says what a GET would get, RFC 9110 §9.3.2): mitmproxy writes
    whatever body a response has, and on a keep-alive connection the client would read those bytes as the
    start of its next response."""
    response = http.Response.make(status, body, dict(headers))
    response.reason = REASON_PHRASE if status == STATUS_BLOCKED else status_codes.RESPONSES.get(status, "")
    if flow.request.method.upper() == "HEAD":
        response.raw_content = b""  # (the raw setter leaves the headers as they are)
    flow.response = response


def _fields(response: http.Response) -> Headers:
    """The response's header fields as the guard reads them (`_header_text`): what the adapters' own
    tests of an answer (`answers.asked_event_stream`, `answers.read_whole`) read, so that the proxy tells
    answers apart as the httpx transports do."""
    return Headers(_header_text(response.headers))


_NOT_A_SITE: Final = (b"This is the scrapeguard proxy, not a web site: set it as your client's HTTP proxy (curl -x, "
                      b"httpx proxy=, Scrapy's meta['proxy'] or http_proxy) and request the site's own URL through it.\n")


def _to_this_proxy(flow: http.HTTPFlow) -> bool:
    """Whether the request names the proxy's own address (the one the client connected to) as its destination,
    however it is spelled: `127.1`, `2130706433`, `0.0.0.0`, `localhost.`, `[::ffff:127.0.0.1]` (names other
    than localhost are not looked up: no DNS lookup on the event loop)."""
    here = flow.client_conn.sockname
    if not here or flow.request.port != here[1]:
        return False
    local = _address(str(here[0]))
    if local is None:
        return False
    name = flow.request.host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):  # (RFC 6761: loopback, IPv4 or IPv6)
        return local.is_loopback
    named = _address(name)
    return named is not None and (named == local or named.is_unspecified)


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address as a client's connect() reads the host: IPv4's short and numeric forms too (`inet_aton`),
    IPv4-mapped IPv6 as IPv4; None for a name."""
    host = host.strip("[]").rstrip(".").lower()
    try:
        found: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        try:
            found = ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, ValueError):  # (not an address; a NUL or a lone surrogate in it: ValueError, out of
            return None                # the request hook, passed the flow on unjudged)
    mapped = getattr(found, "ipv4_mapped", None)
    return mapped if mapped is not None else found


def _destination(request: http.Request) -> str:
    """The request's absolute URL; an IPv6 host in brackets (mitmproxy writes `http://::1:8080/`,
    which no URL parser reads as that host)."""
    host = request.host
    if ":" not in host or host.startswith("["):
        return request.url
    default = request.port == {"http": 80, "https": 443}.get(request.scheme)
    return f"{request.scheme}://[{host}]{'' if default else f':{request.port}'}{request.path}"


def _host_of_target(request: http.Request) -> None:
    """A request sent to the proxy in absolute form (`GET http://a.example/p`) goes upstream with the
    Host of its target, as RFC 9112 §3.2.2 requires of a proxy. mitmproxy forwarded the client's own
    Host header, so a crawler pinning a site to an address (`GET http://192.0.2.1/p` with
    `Host: a.example`) was judged on the address's robots.txt while a virtual-host server answered as
    a.example, its opt-outs unread. (Compared and written in ASCII: an IDN's Host is its xn-- form.)"""
    if request.is_http2 or request.is_http3:  # (:authority is the target's)
        return
    if _named_host(request) is not None:
        target = ascii_host(request.host)
        target = f"[{target}]" if ":" in target else target
        request.host_header = target if request.port == default_port(request.scheme) else f"{target}:{request.port}"


def _named_host(request: http.Request) -> str | None:
    """The host (and port) the request names when it is another than the one the request goes to: its target's
    authority (a tunnel's request in absolute form, which mitmproxy sends on so) or its Host header (HTTP/2:
    :authority); None when each names that one. Why the target's too: a server takes it over Host (RFC 9112
    §3.2.2), so `GET https://a.example/p` in a tunnel to an address, Host naming the address, was judged on the
    address's robots.txt while a virtual-host server answered as a.example."""
    for named in (request.authority, request.host_header):
        if not named:  # (names none: nothing to tell apart)
            continue
        try:
            host, port = parse_authority(named, check=True)
        except ValueError:
            return named
        if ascii_host(host) != ascii_host(request.host) or (port or default_port(request.scheme)) != request.port:
            return named
    return None


def _starts_like_http(data: bytes, *, h2: bool = False) -> bool | None:
    """Whether a tunnel's first bytes start like an HTTP request line (a method, then a space: what
    mitmproxy's HTTP parser reads); None while too few have come to tell. HTTP/2's preface (`PRI *
    HTTP/2.0`) only where TLS named h2 (`h2`): mitmproxy reads no cleartext HTTP/2 ("prior knowledge ...
    not supported"), and closed such a tunnel with nothing recorded."""
    if not data:
        return None
    if not h2 and _H2_PREFACE.startswith(data[:len(_H2_PREFACE)]):
        return None if len(data) < len(_H2_PREFACE) else False
    method = re.match(rb"[A-Za-z]{1,20}", data)
    if method is None:
        return False
    rest = data[method.end():]
    if not rest:
        return None if method.end() < 20 else False
    return rest.startswith(b" ")


_H2_PREFACE = b"PRI * HTTP/2.0"  # (the start of HTTP/2's connection preface, RFC 9113 §3.4)


def _header_text(headers: http.Headers) -> list[tuple[str, str]]:
    """Every field as text the guard can quote back: UTF-8, or else latin-1, as httpx reads a value. mitmproxy's
    own text keeps a byte that is no UTF-8 (`X-Robots-Tag: noai, \xff`, obs-text RFC 9110 allows) as a lone
    surrogate, which no encoder writes: the 451 for such a page raised UnicodeEncodeError, and mitmproxy sent
    the page on as it came, though its audit record said blocked."""
    return [(_field_text(name), _field_text(value)) for name, value in headers.fields]


def _client_agent(request: http.Request) -> str | None:
    """The client's User-Agent as text (`_field_text`), its fields joined as mitmproxy joins them; None where it sends
    none. mitmproxy's own text keeps a byte that is no UTF-8 as a lone surrogate: `Bötchen/1.0` sent in Latin-1 met no
    `User-agent: botchen` group, and what it disallows went through (review, session 71); the Scrapy middleware reads
    it so, and refused it."""
    values = [_field_text(value) for name, value in request.headers.fields if name.lower() == b"user-agent"]
    return ", ".join(values) or None


def _field_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _drop_marks(response: http.Response) -> None:
    """The site's own X-Scrapeguard-* headers go: its "verdict" is not the guard's. In one pass over the
    fields: deleted name by name (each deletion a pass), 10,000 of them held the event loop, every client
    of the proxy, 16 s (review)."""
    prefix = MARK_PREFIX.encode()
    kept = tuple(field for field in response.headers.fields if not field[0].lower().startswith(prefix))
    if len(kept) != len(response.headers.fields):
        response.headers.fields = kept


def _body_codings(response: http.Response) -> str:
    """Every coding on the body as mitmproxy holds it, in the order they were applied: its Content-Encoding's,
    then its transfer codings (`_transfer_coded`). Sniffed by its Content-Encoding alone, a portrait served as
    audio with `Transfer-Encoding: gzip, chunked` was an unknown download on its compressed first bytes, passed
    whole, an erased picture too (review)."""
    return ", ".join([*codings(response.headers.get("content-encoding")), *_transfer_coded(response)])


def _transfer_coded(response: http.Response) -> list[str]:
    """The transfer codings of an answer besides `chunked` (RFC 9112 §6.1: `gzip, chunked`), which mitmproxy
    leaves on the body: judged as they came, a compressed portrait was an unknown download, allowed. They
    are undone for the guard; an answer passed on goes as it came, codings, status and validators and all,
    and a copy the guard made (`_replace_body`) without them."""
    return [c for c in codings(response.headers.get("transfer-encoding")) if c != "chunked"]


def _replace_body(response: http.Response, body: bytes) -> None:
    """Set a decoded body, re-encoded as the upstream sent it when that is one coding undone here
    (`codings.SUPPORTED`) and mitmproxy can encode it; otherwise (a list of codings, an alias, a name
    that is no coding) sent decoded, without Content-Encoding. Why not mitmproxy's own fallback: it
    encodes with any Python codec of the header's name, so `Content-Encoding: utf-8` (a charset sent
    by a misconfigured server) raised TypeError out of the hook, and the page went on as it came,
    unredacted, and `base64` sent the copy in a form no client reads.
    The body is no longer the origin's: a 206 becomes a 200 (its Content-Range would promise the
    origin's bytes, and a length that is not this body's), and the origin's validators and digests
    go, so that no cache or range request later takes these bytes for the origin's."""
    if _transfer_coded(response):  # (the body set is none of them: framed by its length instead)
        response.headers.pop("transfer-encoding", None)
    listed = codings(response.headers.get("content-encoding"))
    if len(listed) != 1 or listed[0] not in SUPPORTED:
        response.headers.pop("content-encoding", None)
    try:
        response.content = body
    except ValueError:
        response.headers.pop("content-encoding", None)
        response.content = body
    status = replaced_status(response.status_code)
    if status != response.status_code:
        response.status_code = status
        response.reason = "OK"
    for name in ORIGIN_BYTES_HEADERS:
        response.headers.pop(name, None)
