"""GuardTransport / AsyncGuardTransport against real local servers: what a client sees
when the guard blocks, redacts or fails, and that faults never hang a request."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import brotli
import httpx
import pytest

from guardkit import BrokenReader

from sitekit import Reply, Site, html, text
from scrapeguard import Guard
from scrapeguard.audit import AuditLog
from scrapeguard.httpx import AsyncGuardTransport, Blocked, GuardTransport

UA = "TestBot/1.0"
ROBOTS = text("User-agent: *\nDisallow: /private/\n")
PROFILE = html('<html><body><h1>Alice</h1><img src="/alice.jpg" alt="portrait of Alice Example"><p>bio</p></body></html>')


def guard(policy: str = "gdpr-strict", **kw: object) -> Guard:
    return Guard(policy, user_agent=UA, audit=False, **kw)  # type: ignore[arg-type]


class Recording(httpx.BaseTransport):
    """A real HTTPTransport that remembers which URLs went through it."""

    def __init__(self) -> None:
        self.inner, self.urls = httpx.HTTPTransport(), []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_blocked_request_is_a_451_that_explains_itself(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/private/x.html": html("secret")})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/private/x.html"))
    assert r.status_code == 451
    assert r.headers["x-scrapeguard-action"] == "block"
    assert r.headers["x-scrapeguard-reason"] == "robots.disallow"
    body = r.json()
    assert body["reasons"] == ["robots.disallow"]
    assert body["decision"]["decision_id"] == r.headers["x-scrapeguard-decision-id"]
    assert "robots.txt" in body["explanation"]
    assert "/private/x.html" not in site.hits  # decided before any request upstream


def test_raise_mode_raises_a_transport_error(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS})
    with httpx.Client(transport=GuardTransport(guard(), raise_on_block=True)) as client:
        with pytest.raises(Blocked) as info:
            client.get(site.url("/private/x.html"))
    assert isinstance(info.value, httpx.RequestError)
    assert info.value.decision.has("robots.disallow")


def test_host_files_travel_through_the_wrapped_transport(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/": html("<p>hello</p>")})
    inner = Recording()
    with httpx.Client(transport=GuardTransport(guard(), inner)) as client:
        assert client.get(site.url("/")).status_code == 200
        assert client.get(site.url("/")).status_code == 200
    # Everything the server saw — host files (robots.txt, tdmrep.json …) and pages — came through `inner`.
    assert [u.replace(site.base, "") for u in inner.urls] == site.hits
    assert site.hits[0] == "/robots.txt" and site.hits.count("/") == 2


def test_profile_page_is_redacted_and_headers_say_so(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/alice.html": PROFILE})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/alice.html"))
    assert r.status_code == 200
    assert r.headers["x-scrapeguard-action"] == "redact"
    assert b"alice.jpg" not in r.content and b"bio" in r.content
    assert int(r.headers["content-length"]) == len(r.content)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_compressed_bodies_are_decided_on_decoded_bytes(site: Site, encoding: str) -> None:
    raw = PROFILE[2]
    packed = gzip.compress(raw) if encoding == "gzip" else brotli.compress(raw)
    site.routes.update({"/robots.txt": ROBOTS,
                        "/alice.html": (200, {"Content-Type": "text/html", "Content-Encoding": encoding}, packed)})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/alice.html"))
    assert r.headers["x-scrapeguard-action"] == "redact"
    assert "content-encoding" not in r.headers  # the body handed over is the decoded, checked one
    assert b"alice.jpg" not in r.content and b"bio" in r.content


def test_streaming_responses_are_checked_too(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/alice.html": PROFILE})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        with client.stream("GET", site.url("/alice.html")) as r:
            content = b"".join(r.iter_bytes())
    assert r.headers["x-scrapeguard-action"] == "redact"
    assert b"alice.jpg" not in content


def test_a_50_mb_page_is_judged_in_part_and_on_error_decides(site: Site) -> None:
    big = b"<html><body>" + b"<p>lorem ipsum</p>" * (50 * 1024 * 1024 // 18) + b"</body></html>"
    site.routes.update({"/robots.txt": ROBOTS, "/big.html": (200, {"Content-Type": "text/html"}, big)})
    cap = 1024 * 1024
    t0 = time.perf_counter()
    with httpx.Client(transport=GuardTransport(guard(), max_body_bytes=cap), timeout=30) as client:
        r = client.get(site.url("/big.html"))  # a portrait past the cap would go unseen: fail-closed
    assert r.status_code == 451 and r.headers["x-scrapeguard-reason"] == "body.too_large"
    assert time.perf_counter() - t0 < 20
    open_guard = guard("log-only")  # fail-open
    with httpx.Client(transport=GuardTransport(open_guard, max_body_bytes=cap), timeout=30) as client:
        r = client.get(site.url("/big.html"))
    assert r.status_code == 200 and r.content == big  # whole, never cut
    assert r.headers["x-scrapeguard-truncated"] == str(cap) and r.headers["x-scrapeguard-action"] == "log"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_body_past_the_cap_the_guard_does_not_read_is_handed_over_whole(site: Site, mode: str) -> None:
    archive = bytes(range(256)) * (3 * 4096)  # 3 MiB of a type no detector reads
    site.routes.update({"/robots.txt": ROBOTS, "/data.zip": (200, {"Content-Type": "application/zip"}, archive)})
    cap = 1024 * 1024
    if mode == "sync":
        with httpx.Client(transport=GuardTransport(guard(), max_body_bytes=cap)) as client:
            r = client.get(site.url("/data.zip"))
    else:
        async def fetch() -> httpx.Response:
            async with httpx.AsyncClient(transport=AsyncGuardTransport(guard(), max_body_bytes=cap)) as client:
                return await client.get(site.url("/data.zip"))
        r = asyncio.run(fetch())
    assert r.status_code == 200 and r.content == archive
    assert r.headers["x-scrapeguard-truncated"] == str(cap)
    assert r.extensions["scrapeguard_decision"].action == "allow"


def test_a_compressed_body_that_passes_the_cap_once_decoded_is_handed_over_whole(site: Site) -> None:
    archive = bytes(range(256)) * (3 * 4096)
    site.routes.update({"/robots.txt": ROBOTS, "/data.zip": (200, {"Content-Type": "application/zip",
                                                                   "Content-Encoding": "gzip"}, gzip.compress(archive))})
    with httpx.Client(transport=GuardTransport(guard(), max_body_bytes=1024 * 1024)) as client:
        r = client.get(site.url("/data.zip"))  # 12 kB on the wire, 3 MiB decoded
    assert r.status_code == 200 and r.content == archive and r.headers["content-encoding"] == "gzip"


def test_an_svg_past_the_cap_is_judged_in_part_so_fail_closed_refuses_it(site: Site) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<!-- padding -->" * 80_000 + b"</svg>"
    site.routes.update({"/robots.txt": ROBOTS, "/big.svg": (200, {"Content-Type": "image/svg+xml"}, svg)})
    with httpx.Client(transport=GuardTransport(guard(), max_body_bytes=1024 * 1024)) as client:
        r = client.get(site.url("/big.svg"))  # a picture embedded past the cap would go unseen
    assert r.status_code == 451 and r.headers["x-scrapeguard-reason"] == "body.too_large"


def test_each_redirect_hop_is_checked(site_factory: Callable[..., Site]) -> None:
    cdn = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /blocked/\n"),
                        "/blocked/x.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n")})
    main = site_factory({"/robots.txt": ROBOTS, "/go": (302, {"Location": cdn.url("/blocked/x.png")}, b"")})
    with httpx.Client(transport=GuardTransport(guard()), follow_redirects=True) as client:
        r = client.get(main.url("/go"))
    assert r.status_code == 451 and r.headers["x-scrapeguard-reason"] == "robots.disallow"
    assert [h.status_code for h in r.history] == [302]
    assert "/blocked/x.png" not in cdn.hits


def _hang(seconds: float) -> Callable[[BaseHTTPRequestHandler], Reply]:
    def route(_: BaseHTTPRequestHandler) -> Reply:
        time.sleep(seconds)
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"

    return route


def test_a_hanging_robots_txt_is_bounded_and_means_disallow(site: Site, fast_policy: str) -> None:
    site.routes.update({"/robots.txt": _hang(4), "/": html("<p>hi</p>")})
    t0 = time.perf_counter()
    with httpx.Client(transport=GuardTransport(guard(fast_policy)), timeout=10) as client:
        r = client.get(site.url("/"))
    assert time.perf_counter() - t0 < 3.5
    assert r.status_code == 451 and r.headers["x-scrapeguard-reason"] == "robots.unreachable"


def _reset(handler: BaseHTTPRequestHandler) -> Reply:
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    handler.connection.close()
    raise ConnectionResetError("test reset")


def test_a_connection_reset_on_robots_txt_means_disallow(site: Site) -> None:
    site.routes.update({"/robots.txt": _reset, "/": html("<p>hi</p>")})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/"))
    assert r.status_code == 451 and r.headers["x-scrapeguard-reason"] == "robots.unreachable"


def test_a_connection_reset_on_the_page_surfaces_as_an_httpx_error(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/": _reset})
    with httpx.Client(transport=GuardTransport(guard()), timeout=5) as client:
        with pytest.raises(httpx.TransportError):
            client.get(site.url("/"))


def test_the_guard_failing_fails_closed_and_is_audited(site: Site, tmp_path: object) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/": html("<p>hi</p>")})
    audit = f"{tmp_path}/audit.sqlite"
    g = Guard("gdpr-strict", user_agent=UA, audit=audit, host_files=[BrokenReader()])
    with httpx.Client(transport=GuardTransport(g)) as client:
        r = client.get(site.url("/"))
    g.close()
    assert r.status_code == 451 and r.headers["x-scrapeguard-reason"].startswith("error.")
    assert "/" not in site.hits
    decision_id = r.headers["x-scrapeguard-decision-id"]
    log = AuditLog.open(audit)
    records = [e.record for e in log.iter_entries()]
    log.close()
    recorded = [rec for rec in records if decision_id in json.dumps(rec)]
    assert recorded and "error." in json.dumps(recorded[0])


def test_the_guard_failing_under_a_fail_open_policy_lets_it_through(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/": html("<p>hi</p>")})
    g = Guard("log-only", user_agent=UA, audit=False, host_files=[BrokenReader()])
    with httpx.Client(transport=GuardTransport(g)) as client:
        r = client.get(site.url("/"))
    assert r.status_code == 200 and b"hi" in r.content


def test_async_transport_fetches_each_origins_robots_txt_once(site: Site) -> None:
    site.routes.update({"/robots.txt": _hang(0.3), **{f"/p{i}.html": html(f"<p>{i}</p>") for i in range(12)}})

    async def go() -> list[int]:
        async with httpx.AsyncClient(transport=AsyncGuardTransport(guard())) as client:
            rs = await asyncio.gather(*(client.get(site.url(f"/p{i}.html")) for i in range(12)))
        return [r.status_code for r in rs]

    assert asyncio.run(go()) == [200] * 12
    assert site.hits.count("/robots.txt") == 1


def test_async_transport_blocks_and_redacts(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/alice.html": PROFILE})

    async def go() -> tuple[httpx.Response, httpx.Response]:
        async with httpx.AsyncClient(transport=AsyncGuardTransport(guard())) as client:
            return await client.get(site.url("/private/a.html")), await client.get(site.url("/alice.html"))

    blocked, redacted = asyncio.run(go())
    assert blocked.status_code == 451
    assert redacted.headers["x-scrapeguard-action"] == "redact" and b"alice.jpg" not in redacted.content


def test_a_per_request_purpose_is_honoured(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/": html("<p>hi</p>")})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/"), extensions={"scrapeguard_purpose": "no-such-purpose"})
    assert r.status_code == 451  # an unknown purpose is an error, and errors fail closed


def test_head_requests_get_the_request_stage_decision_only(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/a.png": (200, {"Content-Type": "image/png"}, b"")})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        assert client.head(site.url("/a.png")).status_code == 200
        assert client.head(site.url("/private/a.png")).status_code == 451


# ------------------------------------------------------------ found in review (session 10)
def test_a_non_ascii_header_byte_passes_through_unchanged(site: Site) -> None:
    """`Content-Disposition: inline; filename="café.jpg"` in Latin-1 is common; plain httpx
    accepts it, so the guarded client must too (it raised UnicodeEncodeError)."""
    site.routes.update({"/robots.txt": ROBOTS,
                        "/p.html": html("<p>hi</p>", **{"Content-Disposition": 'inline; filename="café.html"'})})

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=AsyncGuardTransport(guard())) as client:
            return await client.get(site.url("/p.html"))

    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/p.html"))
    for got in (r, asyncio.run(go())):
        assert got.status_code == 200 and b"hi" in got.content
        assert got.headers.raw[[k.lower() for k, _ in got.headers.raw].index(b"content-disposition")][1] \
            == 'inline; filename="café.html"'.encode("latin-1")


@pytest.mark.parametrize("encoding", ["x-gzip", "gzip, gzip", "identity, gzip"])
def test_aliases_and_lists_of_codings_are_undone_before_the_check(site: Site, encoding: str) -> None:
    """RFC 9110 §8.4: a list of codings, and `x-gzip` as `gzip`. httpx alone passes x-gzip
    through encoded, which the guard then judged as an empty page."""
    packed = PROFILE[2]
    for coding in [c.strip() for c in encoding.split(",")]:
        packed = gzip.compress(packed) if coding != "identity" else packed
    site.routes.update({"/robots.txt": ROBOTS,
                        "/alice.html": (200, {"Content-Type": "text/html", "Content-Encoding": encoding}, packed)})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/alice.html"))
    assert r.headers["x-scrapeguard-action"] == "redact"
    assert b"alice.jpg" not in r.content and b"bio" in r.content and "content-encoding" not in r.headers


def test_a_coding_that_cannot_be_undone_is_never_judged_as_it_came(site: Site, tmp_path: object) -> None:
    site.routes.update({"/robots.txt": ROBOTS,
                        "/alice.html": (200, {"Content-Type": "text/html", "Content-Encoding": "compress"}, b"\x1f\x9d...")})
    audit = f"{tmp_path}/audit.sqlite"
    g = Guard("gdpr-strict", user_agent=UA, audit=audit)
    with httpx.Client(transport=GuardTransport(g)) as client:
        closed = client.get(site.url("/alice.html"))
    g.close()
    assert closed.status_code == 451 and closed.headers["x-scrapeguard-reason"] == "error.valueerror"
    log = AuditLog.open(audit)
    records = [json.dumps(e.record) for e in log.iter_entries()]
    log.close()
    assert any(closed.headers["x-scrapeguard-decision-id"] in rec and "compress" in rec for rec in records)
    with httpx.Client(transport=GuardTransport(guard("log-only"))) as client:
        opened = client.get(site.url("/alice.html"))  # fail-open: handed over as it came, still encoded
    assert opened.status_code == 200 and opened.headers["content-encoding"] == "compress"
    assert opened.headers["x-scrapeguard-reason"] == "error.valueerror"


def test_robots_txt_is_read_for_the_user_agent_the_request_goes_out_with(site: Site) -> None:
    site.routes.update({"/robots.txt": text("User-agent: TestBot\nDisallow: /\n\nUser-agent: OtherBot\nDisallow: /other/\n"),
                        "/a.html": html("<p>a</p>"), "/other/b.html": html("<p>b</p>")})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        assert client.get(site.url("/a.html")).status_code == 451  # httpx's default UA: the guard's (TestBot) is sent
    with httpx.Client(transport=GuardTransport(guard()), headers={"User-Agent": "OtherBot/2.0"}) as client:
        r = client.get(site.url("/a.html"))
        assert r.status_code == 200  # OtherBot may fetch /a.html
        assert client.get(site.url("/other/b.html")).status_code == 451
    decision = r.extensions["scrapeguard_decision"]
    assert "user_agent.request" in [n.code for n in decision.notes]


def test_the_user_agent_sent_is_the_guards_unless_the_client_set_one(site: Site) -> None:
    seen: list[str] = []

    def page(handler: BaseHTTPRequestHandler) -> Reply:
        seen.append(handler.headers.get("User-Agent", ""))
        return 200, {"Content-Type": "text/plain"}, b"ok"

    site.routes.update({"/robots.txt": ROBOTS, "/a.txt": page})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        client.get(site.url("/a.txt"))
    with httpx.Client(transport=GuardTransport(guard()), headers={"User-Agent": "OtherBot/2.0"}) as client:
        client.get(site.url("/a.txt"))
    assert seen == [UA, "OtherBot/2.0"]


def test_a_body_cut_at_the_cap_is_noted_in_the_decision(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/big.html": html("<p>x</p>" * 50_000)})
    with httpx.Client(transport=GuardTransport(guard(), max_body_bytes=64 * 1024)) as client:
        r = client.get(site.url("/big.html"))
    assert "body.truncated" in [n.code for n in r.extensions["scrapeguard_decision"].notes]


def test_a_redirect_to_a_personal_image_is_followed_and_the_image_judged(site: Site) -> None:
    """The page marks /r/e.jpg personal; /r/e.jpg redirects to the portrait. The redirect itself
    delivers nothing to redact, so it passes, and the portrait inherits the page's word."""
    from PIL import Image
    import io

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buf, "JPEG")
    site.routes.update({"/robots.txt": ROBOTS,
                        "/team.html": html('<img src="/r/e.jpg" alt="portrait of Alice Example">'),
                        "/r/e.jpg": (302, {"Location": "/img/alice.jpg"}, b""),
                        "/img/alice.jpg": (200, {"Content-Type": "image/jpeg"}, buf.getvalue())})
    with httpx.Client(transport=GuardTransport(guard()), follow_redirects=True) as client:
        client.get(site.url("/team.html"))
        r = client.get(site.url("/r/e.jpg"))
    assert [h.status_code for h in r.history] == [302]
    assert "/img/alice.jpg" in site.hits
    decision = r.extensions["scrapeguard_decision"]
    assert decision.url.endswith("/img/alice.jpg") and decision.has("context.personal")


def test_a_sites_own_scrapeguard_headers_are_dropped(site: Site) -> None:
    site.routes.update({"/robots.txt": ROBOTS,
                        "/p.html": html("<p>hi</p>", **{"X-Scrapeguard-Action": "block", "X-Scrapeguard-Reason": "forged"})})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        r = client.get(site.url("/p.html"))
    assert r.status_code == 200 and "x-scrapeguard-action" not in r.headers and "x-scrapeguard-reason" not in r.headers


def test_credentials_in_the_url_never_reach_the_audit_log(site: Site, tmp_path: object) -> None:
    site.routes.update({"/robots.txt": ROBOTS, "/p.html": html("<p>hi</p>")})
    audit = f"{tmp_path}/audit.sqlite"
    g = Guard("gdpr-strict", user_agent=UA, audit=audit)
    with httpx.Client(transport=GuardTransport(g)) as client:
        r = client.get(site.url("/p.html").replace("http://", "http://alice:s3cret@"))
    g.close()
    assert r.status_code == 200
    with open(audit, "rb") as f:
        assert b"s3cret" not in f.read()
    assert "s3cret" not in r.extensions["scrapeguard_decision"].url


# ------------------------------------------------------------ found in the final review (rv10)
NOT_GZIP = b"\x1f\x8b\x08\x00garbage-not-gzip" * 10


def _fetch_both(url: str, g: Guard) -> list[httpx.Response]:
    """The same URL through the sync and the async transport (one guard, one audit log)."""
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=AsyncGuardTransport(g)) as client:
            return await client.get(url)

    with httpx.Client(transport=GuardTransport(g)) as client:
        first = client.get(url)
    return [first, asyncio.run(go())]


def _audited(path: str) -> list[str]:
    log = AuditLog.open(path)
    try:
        return [json.dumps(e.record) for e in log.iter_entries()]
    finally:
        log.close()


def test_a_body_that_is_not_what_its_coding_says_is_refused_and_audited(site: Site, tmp_path: object) -> None:
    """It raised httpx.DecodingError out of the transport with no record of the response."""
    site.routes.update({"/robots.txt": ROBOTS,
                        "/p.html": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, NOT_GZIP)})
    audit = f"{tmp_path}/audit.sqlite"
    g = Guard("gdpr-strict", user_agent=UA, audit=audit)
    responses = _fetch_both(site.url("/p.html"), g)
    g.close()
    records = _audited(audit)
    for r in responses:
        assert r.status_code == 451 and r.headers["x-scrapeguard-reason"] == "error.decodingerror"
        recorded = [rec for rec in records if r.headers["x-scrapeguard-decision-id"] in rec]
        assert recorded and '"stage": "response"' in recorded[0] and "runtime.on_error=fail-closed" in recorded[0]
        assert "garbage" not in r.text


def test_under_a_fail_open_policy_a_body_that_cannot_be_decoded_passes_as_it_came(site: Site, tmp_path: object) -> None:
    """As in the proxy and Scrapy: recorded as the guard failing open, the body unchanged (the
    client's own decoding then fails as it would without the guard)."""
    site.routes.update({"/robots.txt": ROBOTS,
                        "/p.html": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, NOT_GZIP)})
    audit = f"{tmp_path}/audit.sqlite"
    g = Guard("log-only", user_agent=UA, audit=audit)
    with httpx.Client(transport=GuardTransport(g)) as client, client.stream("GET", site.url("/p.html")) as r:
        raw = b"".join(r.iter_raw())
    g.close()
    assert r.status_code == 200 and raw == NOT_GZIP and r.headers["content-encoding"] == "gzip"
    assert r.headers["x-scrapeguard-action"] == "log" and r.headers["x-scrapeguard-reason"] == "error.decodingerror"
    assert any(r.headers["x-scrapeguard-decision-id"] in rec and "runtime.on_error=fail-open" in rec
               for rec in _audited(audit))


def test_a_compressed_page_cut_short_is_judged_on_the_part_that_decodes(site: Site, tmp_path: object) -> None:
    """gzip cut short passed as if whole (not marked); it is judged on what decodes, marked cut,
    and only those checked bytes reach the crawler."""
    page = PROFILE[2].replace(b"<p>bio</p>", b"<p>bio</p>" + b"<p>more words about the team</p>" * 400)
    packed = gzip.compress(page)
    site.routes.update({"/robots.txt": ROBOTS,
                        "/alice.html": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                                        packed[: len(packed) - 40])})
    audit = f"{tmp_path}/audit.sqlite"
    g = Guard("gdpr-strict", user_agent=UA, audit=audit)
    responses = _fetch_both(site.url("/alice.html"), g)
    g.close()
    records = _audited(audit)
    for r in responses:
        assert r.status_code == 200 and r.headers["x-scrapeguard-action"] == "redact"
        assert "x-scrapeguard-truncated" in r.headers and "content-encoding" not in r.headers
        assert b"bio" in r.content and b"alice.jpg" not in r.content and len(r.content) < len(page)
        assert "body.broken_off" in [n.code for n in r.extensions["scrapeguard_decision"].notes]
        assert any(r.headers["x-scrapeguard-decision-id"] in rec for rec in records)


def test_a_brotli_bomb_stops_at_the_transports_cap(site: Site) -> None:
    bomb = brotli.compress(b"\0" * (256 * 1024 * 1024), quality=5)
    site.routes.update({"/robots.txt": ROBOTS, "/b.bin": (200, {"Content-Type": "application/octet-stream",
                                                                "Content-Encoding": "br"}, bomb)})
    with httpx.Client(transport=GuardTransport(guard(), max_body_bytes=1 << 20)) as client:
        t0 = time.perf_counter()
        with client.stream("GET", site.url("/b.bin")) as r:  # judged on 1 MiB: the guard inflated no more
            judged_in = time.perf_counter() - t0
            raw = b"".join(r.iter_raw())
    assert r.status_code == 200 and r.headers["x-scrapeguard-truncated"] == str(1 << 20) and judged_in < 5
    # a type the guard does not read passes as it came, still compressed: inflating it is the client's choice
    assert raw == bomb and r.headers["content-encoding"] == "br"
