"""GuardAddon's reading of mitmproxy's requests (real mitmproxy Request objects)."""

from __future__ import annotations

import pytest
from mitmproxy.test import tutils

from scrapeguard.enact import ORIGIN_BYTES_HEADERS
from scrapeguard.guard import Guard
from scrapeguard.proxy.addon import _destination, _drop_marks, _host_of_target, _replace_body
from scrapeguard.resource import FetchResult, Headers


@pytest.mark.parametrize(("host", "port", "scheme", "path", "expected"), [
    ("::1", 8080, b"http", b"/x?a=1", "http://[::1]:8080/x?a=1"),  # mitmproxy writes http://::1:8080/x?a=1
    ("2001:db8::1", 443, b"https", b"/", "https://[2001:db8::1]/"),
    ("example.org", 80, b"http", b"/p", "http://example.org/p"),
    ("127.0.0.1", 8443, b"https", b"/q", "https://127.0.0.1:8443/q"),
])
def test_the_destination_is_a_url_every_parser_reads_as_that_host(host, port, scheme, path, expected) -> None:
    from scrapeguard.resource import host_of

    url = _destination(tutils.treq(host=host, port=port, scheme=scheme, authority=b"", path=path))
    assert url == expected and host_of(url) == host


def test_a_body_put_in_place_of_the_origins_drops_what_the_adapters_agree_describes_the_origins_bytes() -> None:
    """The proxy, the httpx transport and the Scrapy middleware drop the same headers (enact's
    ORIGIN_BYTES_HEADERS) from a body put in place of the origin's, and answer a 206 as a 200; Last-Modified
    among them, a validator (RFC 9110 §8.8) a conditional request holds the new body to (review)."""
    response = tutils.tresp(status_code=206, reason=b"Partial Content", content=b"the origin's bytes")
    for name in ORIGIN_BYTES_HEADERS:
        response.headers[name] = "the origin's"
    response.headers["Last-Modified"] = "Mon, 01 Jan 2024 00:00:00 GMT"
    _replace_body(response, b"a redaction")
    assert (response.status_code, response.reason, response.content) == (200, "OK", b"a redaction")
    assert [name for name in ORIGIN_BYTES_HEADERS if name in response.headers] == []
    assert "last-modified" not in response.headers


def test_a_sites_own_scrapeguard_headers_go_and_every_other_field_stays_in_its_order() -> None:
    """Ten thousand of them, any case, beside others of the same name stem: dropped in one pass (name by
    name, they held the proxy's event loop 16 s)."""
    response = tutils.tresp(content=b"x")
    marks = [(f"X-Scrapeguard-Mark-{i % 7}".encode(), b"block") for i in range(10_000)]
    kept = [(b"Content-Type", b"text/html"), (b"X-Scrapeguards", b"theirs"), (b"Set-Cookie", b"a=1"),
            (b"Set-Cookie", b"b=2")]
    response.headers.fields = (kept[0], *marks[:5_000], (b"x-SCRAPEGUARD-action", b"allow"), *kept[1:], *marks[5_000:])
    _drop_marks(response)
    assert list(response.headers.fields) == kept
    _drop_marks(response)  # (none left: as it was)
    assert list(response.headers.fields) == kept


@pytest.mark.parametrize(("host", "port", "sent", "expected"), [
    ("a.example", 80, "192.0.2.1", "a.example"),  # another site's name: the target's goes on (RFC 9112 §3.2.2)
    ("192.0.2.1", 8080, "a.example:8080", "192.0.2.1:8080"),
    ("a.example", 80, "A.Example:80", "A.Example:80"),  # the same host, however written, is left as sent
    ("bücher.example", 80, "xn--bcher-kva.example", "xn--bcher-kva.example"),
    ("bücher.example", 81, "other.example", "xn--bcher-kva.example:81"),  # an IDN goes on in its ASCII form
    ("::1", 8080, "[::1]:8080", "[::1]:8080"),
    ("::1", 8080, "other:8080", "[::1]:8080"),
])
def test_an_absolute_form_request_goes_on_with_the_host_of_its_target(host, port, sent, expected) -> None:
    request = tutils.treq(host=host, port=port, scheme=b"http", authority=b"", path=b"/p")
    request.headers["Host"] = sent
    _host_of_target(request)
    assert request.headers["Host"] == expected


def test_a_flow_that_reaches_the_guard_after_the_proxy_stopped_is_cut_off_quietly(
        tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    """Flows go on for a moment after mitmproxy's `done` (its last awaits, then asyncio's cleanup):
    each that then asked the guard met the shut executor's RuntimeError, logged two ERRORs ("adapter
    error", "could not record") after "proxy stopped", and its client got a 451 recorded in no log
    (with SIGTERM amid a busy crawl, dozens of each). It is cut off, as every flow open at stop."""
    import asyncio
    import logging

    from mitmproxy.test import tflow

    from scrapeguard.guard import Guard
    from scrapeguard.proxy.addon import GuardAddon

    from sitekit import start_site

    site = start_site({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")})
    guard = Guard("gdpr-strict", audit=str(tmp_path / "a.sqlite"), integration="proxy")
    addon = GuardAddon(guard)
    addon.done()
    flow = tflow.tflow(req=tutils.treq(host="127.0.0.1", port=site.port, authority=b""))
    try:
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            asyncio.run(addon.request(flow))
    finally:
        assert site.server is not None
        site.server.shutdown()
    assert flow.response is None and flow.error is not None and flow.error.msg == flow.error.KILLED_MESSAGE
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert site.hits == []  # (its robots.txt is not fetched for a decision no log could hold)


def test_a_refusal_whose_explanation_cannot_be_written_is_still_a_451(tmp_path) -> None:
    """A decision holding text no encoder writes (a lone surrogate: mitmproxy's reading of a byte that is no
    UTF-8) raised out of the 451's JSON, and mitmproxy then sent the answer on as it came, against the block
    its audit record holds. The refusal stands, with the decision's id and reasons."""
    import json

    from mitmproxy.test import tflow

    from scrapeguard.guard import Guard
    from scrapeguard.proxy.addon import GuardAddon

    guard = Guard("gdpr-strict", audit=str(tmp_path / "a.sqlite"), integration="proxy")
    addon = GuardAddon(guard)
    try:
        decision = guard.record_failure("http://a.example/caf\udce9", "response", ValueError("caf\udce9"))
        flow = tflow.tflow(resp=True)
        addon._refuse(flow, decision)
    finally:
        addon.done()
    assert flow.response is not None and flow.response.status_code == 451
    assert flow.response.headers["x-scrapeguard-decision-id"] == decision.decision_id
    assert json.loads(flow.response.content)["reasons"] == ["error.valueerror"]


def test_an_answered_head_is_counted_in_the_stop_line(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """An allowed HEAD's answer passes on its request-stage decision, and was counted nowhere: a proxy that
    answered only HEADs (a link checker, a crawler's freshness probe) said it stopped with "no requests"."""
    import asyncio

    from mitmproxy import http
    from mitmproxy.test import tflow

    from scrapeguard.guard import Guard
    from scrapeguard.proxy.addon import GuardAddon

    from sitekit import start_site

    site = start_site({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")})
    addon = GuardAddon(Guard("gdpr-strict", audit=str(tmp_path / "a.sqlite"), integration="proxy"))
    flow = tflow.tflow(req=tutils.treq(method=b"HEAD", host="127.0.0.1", port=site.port, authority=b""))
    try:
        asyncio.run(addon.request(flow))
        assert flow.response is None  # allowed: it goes upstream
        flow.response = http.Response.make(200, b"", {"Content-Length": "1234"})
        asyncio.run(addon.response(flow))
    finally:
        addon.done()
        assert site.server is not None
        site.server.shutdown()
    assert addon.stats == {"allowed": 1}
    assert "scrapeguard proxy stopped: allowed 1" in capsys.readouterr().out


def test_the_stop_line_of_an_audit_mode_proxy_counts_what_it_would_have_refused(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """Under `log-only` every answer passes, and the stop line said only "allowed 1" of a page its robots.txt
    refuses: a roll-out read no would-be refusal in it. It counts them as Scrapy's stats do,
    `would_block/<code>`, each reason once for the flow, though the request and the answer both were judged."""
    import asyncio

    from mitmproxy import http
    from mitmproxy.test import tflow

    from scrapeguard.guard import Guard
    from scrapeguard.proxy.addon import GuardAddon

    from sitekit import start_site

    site = start_site({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")})
    addon = GuardAddon(Guard("log-only", audit=str(tmp_path / "a.sqlite"), integration="proxy"))
    flow = tflow.tflow(req=tutils.treq(host="127.0.0.1", port=site.port, authority=b"", path=b"/private/hr.html"))
    try:
        asyncio.run(addon.request(flow))
        assert flow.response is None  # audit mode: it goes upstream
        flow.response = http.Response.make(200, b"<p>staff</p>", {"Content-Type": "text/html"})
        asyncio.run(addon.response(flow))
    finally:
        addon.done()
        assert site.server is not None
        site.server.shutdown()
    assert flow.response.status_code == 200
    assert addon.stats == {"allowed": 1, "would_block/robots.disallow": 1}
    assert "scrapeguard proxy stopped: allowed 1, would_block/robots.disallow 1" in capsys.readouterr().out


def test_the_stop_line_names_the_decisions_answered_after_it(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """`done` waits for the guard calls in flight; their flows are answered, and counted, only after it has
    printed its counts, which then fell short of what clients got (allowed 18 where 19 were; review)."""
    import threading
    import time

    from scrapeguard.guard import Guard
    from scrapeguard.proxy.addon import GuardAddon

    addon = GuardAddon(Guard("gdpr-strict", audit=str(tmp_path / "a.sqlite"), integration="proxy"))
    started = threading.Event()

    def deciding() -> None:
        started.set()
        time.sleep(0.3)

    call = threading.Thread(target=addon._counted, args=(deciding,))
    call.start()
    started.wait(5)
    addon.done()
    call.join()
    assert ("scrapeguard proxy stopped: no requests (and 1 decision(s) written as it stopped, which may be answered "
            "after this count)") in capsys.readouterr().out


def test_a_redirected_head_carries_its_page_to_the_next_hop(tmp_path) -> None:
    """A HEAD's answer is not judged (no body), so its redirect was never read: the next hop's decision did not
    name the URL the page showed (an access or erasure request by that URL missed it), as a GET's hop does."""
    import asyncio

    from mitmproxy import http
    from mitmproxy.test import tflow

    from scrapeguard.proxy.addon import GuardAddon

    from sitekit import start_site

    site = start_site({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")})
    addon = GuardAddon(Guard("gdpr-strict", audit=False, integration="proxy"))
    first = tflow.tflow(req=tutils.treq(method=b"HEAD", host="127.0.0.1", port=site.port, authority=b"",
                                        path=b"/r/e.jpg"))
    hop = tflow.tflow(req=tutils.treq(method=b"HEAD", host="127.0.0.1", port=site.port, authority=b"",
                                      path=b"/img/alice.jpg"))
    try:
        asyncio.run(addon.request(first))
        first.response = http.Response.make(302, b"", {"Location": "/img/alice.jpg"})
        asyncio.run(addon.response(first))
        asyncio.run(addon.request(hop))
    finally:
        addon.done()
        assert site.server is not None
        site.server.shutdown()
    assert hop.response is None  # (allowed: it goes upstream)
    assert addon.guard.decide_request(f"http://127.0.0.1:{site.port}/img/alice.jpg").redirected_from == [
        f"http://127.0.0.1:{site.port}/r/e.jpg"]


PROFILE = b'<html><body><h1>Alice</h1><img src="/alice.jpg" alt="portrait of Alice Example"><p>bio</p></body></html>'


def _host_files_read(guard: Guard) -> Guard:
    """`guard`, having read the host files of http://127.0.0.1:9 (none there: 404s), as a flow's request stage
    reads them: its answer is judged with them (fetched first where missing: port 9 answers nothing)."""
    for url in guard.host_files_needed("http://127.0.0.1:9/"):
        guard.store_host_file(url, FetchResult(url, 404, Headers([]), b""))
    return guard


@pytest.mark.parametrize("named", ["utf-8", "latin-1", "base64", "hex"])
def test_a_redacted_page_whose_content_encoding_names_no_coding_goes_on_redacted_and_readable(tmp_path, named) -> None:
    """A server misconfigured to send `Content-Encoding: utf-8` (a charset, no content coding: the guard reads
    the bytes as they came). mitmproxy re-encoded the redacted copy with a Python codec of that name: a text
    codec raised TypeError out of the response hook and mitmproxy sent the page on as it came, its portrait
    in it, while the audit log said "redact"; a bytes codec (`base64`, `hex`) sent the copy in a form no client
    reads. The copy goes on as it is, without the header."""
    import asyncio

    from mitmproxy import http
    from mitmproxy.test import tflow

    from scrapeguard.guard import Guard
    from scrapeguard.proxy.addon import GuardAddon

    addon = GuardAddon(_host_files_read(Guard("gdpr-strict", audit=str(tmp_path / "a.sqlite"), integration="proxy")))
    flow = tflow.tflow(req=tutils.treq(host="127.0.0.1", port=9, authority=b"", path=b"/alice.html"))
    flow.response = http.Response.make(200, b"", {"Content-Type": "text/html"})
    flow.response.headers["Content-Encoding"] = named
    flow.response.raw_content = PROFILE
    try:
        asyncio.run(addon.response(flow))
    finally:
        addon.done()
    assert flow.response.headers["x-scrapeguard-action"] == "redact"
    assert "content-encoding" not in flow.response.headers
    assert b"<p>bio</p>" in flow.response.raw_content and b"alice.jpg" not in flow.response.raw_content
    assert flow.response.headers["content-length"] == str(len(flow.response.raw_content))


def test_a_redacted_page_in_a_coding_the_proxy_writes_goes_on_in_that_coding(tmp_path) -> None:
    """As the client asked for it (Accept-Encoding) and the origin sent it: the redacted copy is re-encoded."""
    import asyncio
    import gzip

    from mitmproxy import http
    from mitmproxy.test import tflow

    from scrapeguard.guard import Guard
    from scrapeguard.proxy.addon import GuardAddon

    addon = GuardAddon(_host_files_read(Guard("gdpr-strict", audit=str(tmp_path / "a.sqlite"), integration="proxy")))
    flow = tflow.tflow(req=tutils.treq(host="127.0.0.1", port=9, authority=b"", path=b"/alice.html"))
    flow.response = http.Response.make(200, b"", {"Content-Type": "text/html"})
    flow.response.headers["Content-Encoding"] = "GZIP"
    flow.response.raw_content = gzip.compress(PROFILE)
    try:
        asyncio.run(addon.response(flow))
    finally:
        addon.done()
    assert flow.response.headers["x-scrapeguard-action"] == "redact"
    assert flow.response.headers["content-encoding"] == "GZIP"
    assert b"alice.jpg" not in gzip.decompress(flow.response.raw_content)


@pytest.mark.parametrize("policy", ["log-only", "gdpr-strict"], ids=["fail-open", "fail-closed"])
def test_an_answer_whose_host_files_cannot_be_had_again_is_judged_or_refused_by_on_error(tmp_path, policy) -> None:  # noqa: ANN001
    """Other sites' host files pushed the answer's out of the guard's cache, and fetching them again failed
    each time (here: dropped again at once): the answer passed as an adapter error, unjudged, a face in it
    unredacted, even under fail-open. Fail-open judges it with what the guard holds; fail-closed refuses it."""
    import asyncio
    from pathlib import Path

    from mitmproxy import http
    from mitmproxy.test import tflow

    from scrapeguard.hostfiles import HostFilesDropped
    from scrapeguard.proxy.addon import GuardAddon

    face = (Path(__file__).resolve().parent.parent / "data" / "images" / "faces" / "grace_hopper.jpg").read_bytes()
    addon = GuardAddon(Guard(policy, audit=str(tmp_path / "a.sqlite"), integration="proxy"))

    async def dropped_again(url: str) -> None:  # (the cache churn, as small_caches_proxy.py makes it for real)
        raise HostFilesDropped(f"the host files of {url} were dropped again")

    addon.host_files.ensure = dropped_again  # type: ignore[method-assign]
    flow = tflow.tflow(req=tutils.treq(host="127.0.0.1", port=9, authority=b"", path=b"/face.jpg"))
    flow.response = http.Response.make(200, face, {"Content-Type": "image/jpeg"})
    try:
        asyncio.run(addon.response(flow))
    finally:
        addon.done()
    if policy == "log-only":
        assert flow.response.headers["x-scrapeguard-action"] == "redact"
        assert "face.detected" in flow.response.headers["x-scrapeguard-reason"]
    else:  # (the host files dropped from a cache too small: a refusal that passes, review of session 66)
        assert flow.response.status_code == 503
        assert "error.hostfilesdropped" in flow.response.headers["x-scrapeguard-reason"]


@pytest.mark.parametrize("host", ["a\x00b", "\udcff.example", "é.example", "1.2.3.4x", ""])
def test_a_host_no_address_can_be_read_from_names_no_address_and_raises_nothing(host: str) -> None:
    """(A NUL or a lone surrogate made `inet_aton` raise ValueError out of the request hook, which mitmproxy
    logs and passes the flow on, unjudged.)"""
    from scrapeguard.proxy.addon import _address

    assert _address(host) is None
