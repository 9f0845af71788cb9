"""The Guard end to end against real local HTTP servers: robots.txt for the resource's
own host, page context travelling to the image, the legal-basis gate, audit vs enforce,
fail-closed vs fail-open, and bad input."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import anyio.to_thread
import pytest

from scrapeguard import Decision, Guard, load_policy
from scrapeguard.decision import MAX_REDIRECTS, Note
from scrapeguard.detect.inline import MAX_IMAGES as MAX_INLINE
from guardkit import SECOND_PURPOSE, write_two_purpose_policy
from mediakit import flac, m4a, mp3, opus
from sitekit import html, text

UA = "TestBot/1.0 (+https://example.org/bot)"
POLICIES = Path(__file__).resolve().parents[1] / "policies"
STRICT = (POLICIES / "gdpr-strict.toml").read_text()

PEOPLE_PAGE = """<html lang="en"><body>
<article class="profile"><img src="{cdn}/photos/jane.jpg" alt="Portrait photo of Jane Doe"></article>
<img src="/static/logo.png" alt="ACME logo" class="logo">
</body></html>"""


def guard(policy: str | Path = "gdpr-strict", **kw: object) -> Guard:
    return Guard(load_policy(policy), user_agent=UA, audit=kw.pop("audit", False), **kw)  # type: ignore[arg-type]


def variant(tmp_path: Path, old: str, new: str) -> Path:
    assert old in STRICT
    path = tmp_path / "variant.toml"
    path.write_text(STRICT.replace(old, new))
    return path


def test_robots_disallow_blocks_with_the_file_as_source(site_factory) -> None:
    site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /private/\n"), "/private/a": html("x")})
    d = guard().check_request(site.url("/private/a"))
    assert (d.action, d.allowed) == ("block", False)
    [f] = [f for f in d.findings if f.code == "robots.disallow"]
    assert f.kind == "opt_out" and f.source.startswith(site.url("/robots.txt"))
    assert f.rule == "purpose[web-text-corpus].on.opt_out"


def test_robots_404_allows_and_503_blocks(site_factory) -> None:
    missing = site_factory({"/page": html("<p>hello</p>")})
    assert guard().check_url(missing.url("/page")).action == "allow"
    broken = site_factory({"/robots.txt": (503, {}, b"busy"), "/page": html("<p>hello</p>")})
    d = guard().check_url(broken.url("/page"))
    assert d.action == "block" and d.has("robots.unreachable")
    assert "/robots.txt" in broken.hits and "/page" not in broken.hits  # the page itself was never requested


def test_unreachable_host_is_disallowed_per_rfc_9309() -> None:
    d = guard().check_url("http://127.0.0.1:9/nothing-listens-here")
    assert d.action == "block" and d.has("robots.unreachable")


def test_host_files_are_fetched_once_per_origin(site_factory) -> None:
    site = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"), "/a": html("a"), "/b": html("b")})
    g = guard()
    g.check_url(site.url("/a"))
    g.check_url(site.url("/b"))
    assert site.hits.count("/robots.txt") == 1


def test_an_image_on_a_cdn_obeys_the_cdn_robots_txt(site_factory) -> None:
    cdn = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /\n"), "/photos/jane.jpg": (200, {}, b"x")})
    page = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"),
                         "/p.html": html(PEOPLE_PAGE.format(cdn=cdn.base))})
    g = guard()
    assert g.check_request(page.url("/p.html")).allowed
    d = g.check_request(cdn.url("/photos/jane.jpg"))
    assert d.action == "block" and d.has("robots.disallow")
    assert cdn.url("/robots.txt") in d.findings[0].source


def test_a_pages_image_on_a_host_not_yet_checked_says_its_host_files_were_not_read(site_factory) -> None:
    """An image row on another host said `allow` with no word that its host's robots.txt was not read,
    and `block` once that host had been checked for another URL (found in review): it now says so."""
    cdn = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /\n"), "/photos/logo.png": (200, {}, b"x")})
    page = site_factory({"/p.html": html(f'<img src="{cdn.base}/photos/logo.png" alt="Logo"><img src="/own.png" alt="">')})
    g = guard()
    first = {i.url: i for i in g.check_url(page.url("/p.html")).images}
    [note] = first[cdn.url("/photos/logo.png")].notes
    assert note.code == "hostfile.not_fetched" and "/robots.txt" in note.detail and "read when the image" in note.detail
    assert first[cdn.url("/photos/logo.png")].to_dict()["notes"][0]["code"] == "hostfile.not_fetched"
    assert first[page.url("/own.png")].notes == []  # (the page's own host: read for the page)
    g.check_request(cdn.url("/photos/other.png"))
    again = {i.url: i for i in g.check_url(page.url("/p.html")).images}[cdn.url("/photos/logo.png")]
    assert again.notes == [] and again.action == "block"


def test_page_context_travels_to_the_image_request(site_factory) -> None:
    cdn = site_factory({"/photos/jane.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff")})
    page = site_factory({"/p.html": html(PEOPLE_PAGE.format(cdn=cdn.base))})
    g = guard()
    d = g.check_url(page.url("/p.html"))
    assert d.action == "redact" and d.has("page.personal_images")
    portrait = next(i for i in d.images if i.url == cdn.url("/photos/jane.jpg"))
    assert portrait.personal and portrait.action == "redact"
    assert b"jane.jpg" not in (d.redacted_body or b"jane.jpg")
    image = g.check_request(cdn.url("/photos/jane.jpg"))
    assert image.has("context.personal") and image.page_url == page.url("/p.html")
    assert image.action == "redact" and image.allowed


def test_search_policy_logs_personal_images_instead(site_factory) -> None:
    page = site_factory({"/p.html": html(PEOPLE_PAGE.format(cdn="http://127.0.0.1:9"))})
    d = guard("search-index").check_url(page.url("/p.html"))
    assert d.action == "log" and d.allowed and d.redacted_body is None


def test_no_basis_no_collection(tmp_path: Path, site_factory) -> None:
    page = site_factory({"/p.html": html(PEOPLE_PAGE.format(cdn="http://127.0.0.1:9"))})
    policy = variant(tmp_path, 'notice_url = "https://example.org/crawler-notice"', "")
    g = guard(policy)
    g.check_url(page.url("/p.html"))
    d = g.check_request("http://127.0.0.1:9/photos/jane.jpg")
    assert d.action == "block"
    assert any(f.kind == "missing_basis" and f.code == "basis.missing.notice_url" for f in d.findings)


def test_unassessed_jurisdiction_is_blocked() -> None:
    g = guard("research-9-2-j")
    d = g.check_response("http://news.example.co.uk/story.html", 200, {"content-type": "text/html"}, b"<p>x</p>")
    assert d.action == "block" and "UK" in d.jurisdictions
    assert any(f.kind == "unassessed_jurisdiction" for f in d.findings)
    fine = g.check_response("http://news.example.de/story.html", 200, {"content-type": "text/html"}, b"<p>x</p>")
    assert fine.action == "allow" and fine.jurisdictions == ["EU"]


def test_a_uk_photo_is_kept_only_with_a_uk_representative(tmp_path: Path) -> None:
    """UK GDPR Art. 27: a controller outside the UK names a representative there before it keeps
    (even blurred) personal images of UK pages. The page itself is redacted either way: its
    personal images are dropped, so nothing personal is kept."""
    portrait = (Path(__file__).resolve().parents[1] / "scrapeguard" / "demo" / "assets" / "portrait.jpg").read_bytes()
    page = b'<div class="team"><img src="/team/anna-schmidt.jpg" alt="Anna Schmidt, CEO"></div><p>hello</p>'

    def judge(g: Guard, host: str) -> tuple[str, str, list[str]]:
        p = g.check_response(f"https://{host}/about.html", 200, {"content-type": "text/html"}, page)
        i = g.check_response(f"https://{host}/team/anna-schmidt.jpg", 200, {"content-type": "image/jpeg"}, portrait)
        return p.action, i.action, [f.code for f in i.findings if f.kind == "missing_basis"]

    assert judge(guard(), "www.example.co.uk") == ("redact", "block", ["basis.missing.uk_representative"])
    assert judge(guard(), "www.example.de") == ("redact", "redact", [])
    represented = variant(tmp_path, 'establishment = ["FR"]',
                          'establishment = ["FR"]\nuk_representative = "Example Crawler UK Ltd, London"')
    assert judge(guard(represented), "www.example.co.uk") == ("redact", "redact", [])


def test_a_guards_policy_cannot_be_swapped_under_it(tmp_path: Path) -> None:
    """(A review: `guard.policy = v2` left v1's fingerprint, default purpose and obeyed signals in
    place, so v1's actions were applied and recorded as v2 with v1's sha256.)"""
    g = guard()
    before = g.policy
    with pytest.raises(AttributeError, match="make a new Guard"):
        g.policy = load_policy(variant(tmp_path, 'personal_image = "redact"', 'personal_image = "block"'))
    assert g.policy is before
    assert g.decide_request("https://example.org/").policy_sha256 == before.sha256


def test_audit_mode_records_the_would_be_action_and_passes(site_factory) -> None:
    site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /\n")})
    d = guard("log-only").check_request(site.url("/x"))
    assert d.action == "block" and not d.enforced and d.allowed


class ExplodingReader:
    families = ("x_robots_tag",)

    def evaluate(self, response, product_token, usage):  # noqa: ANN001, ANN201
        raise RuntimeError("reader bug")


class ChattyReader:
    """A reader that warns once per malformed line it meets, as a reader of a junk file would."""

    families = ("x_robots_tag",)

    def evaluate(self, response, product_token, usage):  # noqa: ANN001, ANN201
        from scrapeguard.signals.base import Signal, Verdict

        same = [Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.malformed", "line 1 unreadable", "X-Robots-Tag",
                       warning=True)] * 3
        return same + [Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.malformed", f"line {n} unreadable",
                              "X-Robots-Tag", warning=True) for n in range(2, 2001)]


def test_a_reader_warning_thousands_of_times_gives_a_few_notes_and_a_count() -> None:
    """Each warning of a reader was a note of its own: thousands of notes, megabytes of audit log,
    in one decision. Alike warnings from one place are kept four times, then counted."""
    d = guard(readers=[ChattyReader()]).check_response("https://a.example/p.html", 200,
                                                      {"Content-Type": "text/html"}, b"<p>x</p>")
    said = [n.detail for n in d.notes if n.code == "xrobots.malformed"]
    assert said == ["line 1 unreadable", "line 2 unreadable", "line 3 unreadable", "line 4 unreadable",
                    "and 1996 more like it"]


def test_guard_failure_is_fail_closed_by_default_and_fail_open_when_declared(site_factory) -> None:
    site = site_factory({"/a": html("<p>a</p>")})
    closed = guard(readers=[ExplodingReader()]).check_url(site.url("/a"))
    assert closed.action == "block" and closed.findings[0].kind == "error"
    assert closed.on_error == "fail-closed"
    opened = guard("log-only", readers=[ExplodingReader()]).check_url(site.url("/a"))
    assert opened.allowed and opened.findings[0].kind == "error" and opened.findings[0].action == "log"
    assert any(n.code == "error.fail_open" for n in opened.notes)


@pytest.mark.parametrize("url", ["ftp://example.org/a.jpg", "javascript:alert(1)", "http://", "not a url", ""])
def test_non_http_urls_are_an_error_decision_not_a_crash(url: str) -> None:
    d = guard().check_url(url)
    assert d.action == "block" and d.findings[0].kind == "error"


def test_each_redirect_hop_is_checked(site_factory) -> None:
    site = site_factory({
        "/robots.txt": text("User-agent: *\nDisallow: /private/\n"),
        "/go": (302, {"Location": "/private/secret.html"}, b""),
        "/private/secret.html": html("secret"),
    })
    d = guard().check_url(site.url("/go"))
    assert d.action == "block" and d.url == site.url("/private/secret.html")
    assert "/private/secret.html" not in site.hits


@pytest.mark.parametrize("headers", [{"tdm-reservation": "1"}, {"X-Robots-Tag": "noai"}])
def test_a_redirects_own_opt_out_stops_check_url_as_it_stops_an_adapter(site_factory, headers: dict[str, str]) -> None:
    """check_url followed a 301 without judging it: the opt-out its headers sent was not obeyed nor
    recorded, and the page it led to was fetched and allowed (the httpx transport answers that 301
    with a 451)."""
    site = site_factory({
        "/robots.txt": text("User-agent: *\nAllow: /\n"),
        "/old": (301, {"Location": "/new.html", **headers}, b""),
        "/new.html": html("a page"),
    })
    g = guard()
    for d in (g.check_url(site.url("/old")), asyncio.run(g.acheck_url(site.url("/old")))):
        assert d.action == "block" and d.url == site.url("/old") and d.status == 301, d.codes
        assert d.stage == "response"
    assert "/new.html" not in site.hits


def test_a_redirect_that_opts_out_of_nothing_is_followed_and_judged_on_the_way(site_factory) -> None:
    site = site_factory({
        "/robots.txt": text("User-agent: *\nAllow: /\n"),
        "/old": (301, {"Location": "/new.html"}, b""),
        "/new.html": html("a page"),
    })
    d = guard().check_url(site.url("/old"))
    assert d.allowed and d.url == site.url("/new.html") and d.status == 200


def test_body_cap_is_applied(tmp_path: Path) -> None:
    policy = variant(tmp_path, "face_min_score = 0.6", "face_min_score = 0.6\nmax_body_bytes = 2048")
    d = guard(policy).check_response("http://a.example/big.html", 200, {"content-type": "text/html"}, b"<p>" + b"a" * 100_000)
    assert any(n.code == "body.truncated" for n in d.notes)


def test_a_body_an_adapter_cut_at_its_cap_is_noted() -> None:
    d = guard().check_response("http://a.example/p.html", 200, {"content-type": "text/html"}, b"<p>a</p>", truncated=True)
    assert any(n.code == "body.truncated" for n in d.notes)


@pytest.mark.parametrize("url", ["http://alice:s3cret@a.example/p.html", "https://alice@a.example:8443/p.html?x=@y",
                                 "http://a:b@c@a.example/p.html"])
def test_credentials_in_a_url_are_never_recorded(url: str) -> None:
    g = guard()
    for d in (g.decide_request(url), g.check_response(url, 200, {"content-type": "text/html"}, b"<p>x</p>"),
              g.record_failure(url, "response", ValueError("x"))):
        assert "alice" not in d.url and "s3cret" not in d.url and "@a.example" not in d.url
        assert d.url.split("://", 1)[1].startswith("a.example")


def test_signals_are_read_for_the_user_agent_a_forwarded_request_carries(site_factory) -> None:
    site = site_factory({"/robots.txt": text("User-agent: TestBot\nDisallow: /\n")})
    g = guard()
    g.check_request(site.url("/"))
    assert not g.decide_request(site.url("/a.html")).allowed
    other = g.decide_request(site.url("/a.html"), user_agent="OtherBot/2.0")
    assert other.allowed and "user_agent.request" in [n.code for n in other.notes]
    assert not g.decide_request(site.url("/a.html"), user_agent="TestBot/9.9").allowed  # same token: no note either
    assert "user_agent.request" not in [n.code for n in g.decide_request(site.url("/a.html"), user_agent="TestBot/9.9").notes]


def test_an_adapters_failure_is_recorded_and_the_policy_decides(site_factory) -> None:
    closed = guard().record_failure("http://a.example/p.html", "response", ValueError("content coding 'compress'"))
    assert not closed.allowed and closed.findings[0].code == "error.valueerror"
    opened = guard("log-only").record_failure("http://a.example/p.html", "response", ValueError("x"))
    assert opened.allowed and any(n.code == "error.fail_open" for n in opened.notes)
    # what a fail-open pass was processed under is on record: the purpose's basis (it was empty,
    # so the report counted content let through with no basis)
    assert opened.legal_basis["art6"] == closed.legal_basis["art6"] == "eu-gdpr:A6-1-f"


def test_what_the_page_analysis_left_unread_is_in_the_notes() -> None:
    body = ('<script type="application/ld+json">{nonsense</script><img src="/a.jpg">').encode()
    d = guard().check_response("http://a.example/p.html", 200, {"content-type": "text/html"}, body)
    notes = [n for n in d.notes if n.code == "page.limit"]
    assert len(notes) == 1 and "not valid JSON" in notes[0].detail and notes[0].source == "http://a.example/p.html"


def test_invalid_utf8_and_garbage_bodies_are_judged(site_factory) -> None:
    g = guard()
    for body in (b"\xff\xfe\xfa<html><img src=x alt='\xff'>", b"\x00" * 1000, b"<" * 10_000):
        d = g.check_response("http://a.example/p.html", 200, {"content-type": "text/html"}, body)
        assert isinstance(d, Decision)


class RecordingSink:
    def __init__(self, suppressed: set[str] | None = None, fail: bool = False) -> None:
        self.records: list[Decision] = []
        self.suppressed = suppressed or set()
        self.fail = fail

    def append(self, decision: Decision) -> None:
        if self.fail:
            raise OSError("disk full")
        self.records.append(decision)

    def is_suppressed(self, url: str, image_sha256: str | None = None) -> str | None:
        return "DSR-1" if url in self.suppressed or image_sha256 in self.suppressed else None


def test_every_decision_is_written_and_suppressed_urls_are_blocked_for_good(site_factory) -> None:
    site = site_factory({"/a": html("<p>a</p>")})
    sink = RecordingSink(suppressed={site.url("/a")})
    g = Guard(load_policy("search-index"), user_agent=UA, audit=sink)
    d = g.check_url(site.url("/a"))
    assert d.action == "block" and d.findings[0].kind == "suppressed" and "DSR-1" in d.findings[0].detail
    assert sink.records and sink.records[-1] is d


class ErasedOnWriteSink(RecordingSink):
    """A log on which an erasure of every item committed while its decision waited to be written."""

    def erased_on_write(self, decision_id: str) -> str | None:
        return "DSR-9"


@pytest.mark.parametrize("policy", ["gdpr-strict", "log-only"])
def test_an_item_erased_while_its_decision_was_written_is_never_kept_even_when_blocked_in_audit_mode(
        policy: str) -> None:
    """A decision already `block` (a robots.txt disallow) was left without the erasure's finding: in audit
    mode a block is let through, so the item just erased was kept. The suppression list binds in
    every mode: the decision carries the erasure and the item is withheld."""
    from scrapeguard.resource import FetchResult

    g = Guard(load_policy(policy), user_agent=UA, audit=ErasedOnWriteSink())
    robots = "http://127.0.0.1:9/robots.txt"
    g.store_host_file(robots, FetchResult(robots, 200, body=b"User-agent: *\nDisallow: /\n"))
    for d in (g.decide_request("http://127.0.0.1:9/jane.jpg"),
              g.check_response("http://127.0.0.1:9/jane.jpg", 200, {"Content-Type": "text/plain"}, b"x")):
        assert d.has("robots.disallow") and d.action == "block"
        assert d.has("suppressed.erasure") and not d.allowed


def test_a_failed_audit_write_is_an_error_decided_by_on_error(site_factory) -> None:
    site = site_factory({"/a": html("<p>a</p>")})
    g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=RecordingSink(fail=True))
    d = g.check_url(site.url("/a"))
    assert d.action == "block" and d.has("audit.write_failed")
    # (closed here: collected later, its last write's error was logged in whichever test ran then)
    g.close()


def test_a_guard_with_no_audit_log_at_all_warns_that_nothing_is_recorded_nor_erasures_honoured(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    policy = load_policy(variant(tmp_path, 'sink = "scrapeguard-audit.sqlite"\n', ""), warn=False)
    with caplog.at_level(logging.WARNING, logger="scrapeguard"):
        g = Guard(policy, user_agent=UA)  # audit=None: the policy's sink, and it has none
    assert g.audit is None
    [record] = [r for r in caplog.records if "no [audit] sink" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert "decisions are not recorded" in record.getMessage() and "suppression list" in record.getMessage()
    # how to give one in every integration, not only the library's
    assert "(Guard(audit=...), SCRAPEGUARD_AUDIT in Scrapy, proxy or check --audit)" in record.getMessage()


@pytest.mark.parametrize("policy", ["", "   ", Path("")])
def test_an_empty_policy_is_refused_not_taken_for_the_default(policy: str | Path) -> None:
    """`Guard("")` (an empty `--policy ""` or policy variable passed on) loaded gdpr-strict without a
    word: a crawl meant to run under one's own policy ran under another. Only leaving the policy out
    (None) means the default."""
    from scrapeguard.policy import PolicyError

    with pytest.raises(PolicyError, match="policy is empty: give a file or a shipped id, or leave it out"):
        Guard(policy, user_agent=UA, audit=False)
    assert Guard(None, user_agent=UA, audit=False).policy.id == "gdpr-strict"


def test_a_policy_file_with_a_deeply_dotted_key_is_a_policy_error(tmp_path: Path) -> None:
    """A key of 500 parts made `Guard(policy=path)` raise RecursionError, which no caller catches as a bad policy."""
    from scrapeguard.policy import PolicyError

    deep = tmp_path / "deep.toml"
    deep.write_text('schema_version = 1\nid = "d"\nversion = "1.0.0"\nextends = "gdpr-strict"\n'
                    + "x." * 500 + "y = 1\n")
    with pytest.raises(PolicyError, match=r"deep.toml:5: keys nested more than 32 levels"):
        Guard(deep, user_agent=UA, audit=False)


def test_a_guard_loading_a_policy_without_a_sink_itself_warns_of_it_once(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """load_policy already warns of the missing sink (audit.sink: … no audit log is written): the
    guard said the same again."""
    import logging

    path = variant(tmp_path, 'sink = "scrapeguard-audit.sqlite"\n', "")
    with caplog.at_level(logging.WARNING, logger="scrapeguard"):
        Guard(path, user_agent=UA).close()
    said = [r for r in caplog.records if "no audit log is written" in r.getMessage()]
    assert len(said) == 1 and "audit.sink" in said[0].getMessage()


def test_a_guard_told_audit_false_or_given_a_log_says_nothing_of_it(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    import logging

    policy = load_policy(variant(tmp_path, 'sink = "scrapeguard-audit.sqlite"\n', ""), warn=False)
    with caplog.at_level(logging.WARNING, logger="scrapeguard"):
        Guard(policy, user_agent=UA, audit=False)  # the documented opt-out
        Guard(policy, user_agent=UA, audit=RecordingSink())
    assert not caplog.records


def test_async_api_gives_the_same_decisions(site_factory) -> None:
    site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /no/\n"), "/no/a": html("a"), "/yes": html("y")})
    g = guard()

    async def run() -> list[str]:
        try:
            return [(await g.acheck_url(site.url(p))).action for p in ("/no/a", "/yes")]
        finally:
            await g.aclose()

    assert asyncio.run(run()) == ["block", "allow"]


def test_request_decision_without_fetched_host_files_says_so() -> None:
    d = guard().decide_request("http://a.example/x.html")
    assert any(n.code == "hostfile.not_fetched" for n in d.notes)


def test_page_context_follows_a_redirected_image(site_factory) -> None:
    cdn = site_factory({"/p/jane.jpg": (302, {"Location": "/real/jane.jpg"}, b""),
                        "/real/jane.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff")})
    page = site_factory({"/p.html": html(PEOPLE_PAGE.replace("/photos/jane.jpg", "/p/jane.jpg").format(cdn=cdn.base))})
    g = guard()
    g.check_url(page.url("/p.html"))
    g.check_response(cdn.url("/p/jane.jpg"), 302, {"Location": "/real/jane.jpg"}, b"")  # what an adapter sees
    assert g.decide_request(cdn.url("/real/jane.jpg")).has("context.personal")


def test_the_decisions_about_where_a_redirect_led_name_where_it_came_from(site_factory) -> None:
    """Every decision about the URL a redirect led to names the URL it was reached from (the one a
    person knows, on the page), so the audit log links the hops for access and erasure requests."""
    site = site_factory({"/r/jane.jpg": (301, {"Location": "/img/jane.jpg"}, b""),
                         "/img/jane.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff")})
    g = guard()
    d = g.check_url(site.url("/r/jane.jpg"))
    assert d.url == site.url("/img/jane.jpg") and d.redirected_from == [site.url("/r/jane.jpg")]
    assert d.to_dict()["redirected_from"] == [site.url("/r/jane.jpg")]
    assert g.decide_request(site.url("/img/jane.jpg")).redirected_from == [site.url("/r/jane.jpg")]
    assert asyncio.run(g.acheck_url(site.url("/r/jane.jpg"))).redirected_from == [site.url("/r/jane.jpg")]
    assert g.decide_request(site.url("/r/jane.jpg")).redirected_from == []  # (never backwards)
    assert guard().check_url(site.url("/img/jane.jpg")).redirected_from == []  # (a guard that saw no redirect)


def test_what_an_adapter_says_of_a_redirect_is_named_without_credentials_and_bounded() -> None:
    g = guard(context_cache_size=2)
    g.carry_context("http://bob:s3cret@a.example/r/1.jpg", "http://a.example/img/jane.jpg")
    g.check_response("http://a.example/r/2.jpg", 302, {"Location": "/img/jane.jpg"}, b"")  # a hop the adapter judged
    g.carry_context("http://a.example/r/2.jpg", "http://a.example/img/jane.jpg")  # (said twice: named once)
    assert g.decide_request("http://a.example/img/jane.jpg").redirected_from == [
        "http://a.example/r/1.jpg", "http://a.example/r/2.jpg"]
    for i in range(3, 3 + MAX_REDIRECTS):  # the latest MAX_REDIRECTS sources of one URL are kept
        g.carry_context(f"http://a.example/r/{i}.jpg", "http://a.example/img/jane.jpg")
    assert len(g.decide_request("http://a.example/img/jane.jpg").redirected_from) == MAX_REDIRECTS
    for i in range(2):  # and as many URLs as the context cache holds
        g.carry_context("http://a.example/r/x.jpg", f"http://a.example/img/other{i}.jpg")
    assert g.decide_request("http://a.example/img/jane.jpg").redirected_from == []
    assert g.decide_request("http://a.example/img/other1.jpg").redirected_from == ["http://a.example/r/x.jpg"]


@pytest.mark.parametrize("url", ["http://[::1", "http://a.example:99999/", "http:///x", "\x00"])
def test_malformed_urls_are_decided_never_raised(url: str) -> None:
    g = guard()
    for check in (g.check_request, g.check_url, g.decide_request):
        d = check(url)
        assert d.action == "block" and d.findings[0].kind == "error"
    assert g.host_files_needed(url) == []


@pytest.mark.parametrize("charset", ["shift_jis", "utf-16", "iso-8859-15"])
def test_a_redacted_page_is_written_back_in_the_charset_its_header_declares(charset: str) -> None:
    """The charset of the Content-Type comes before the page's own guess (there is no <meta>
    here), and the redacted body goes out in it, matching the header handed on with it."""
    words = {"shift_jis": "私たちのチーム。社長です", "utf-16": "Unser Team – Geschäftsführung", "iso-8859-15": "Équipe : la gérante €"}[charset]
    page = f'<html><body><p>{words}</p><img src="/team/anna.jpg" alt="Portrait of Anna Berg"></body></html>'
    d = guard().check_response("https://a.example/team.html", 200,
                               {"content-type": f"text/html; charset={charset}"}, page.encode(charset))
    assert d.action == "redact" and d.redacted_body is not None
    text = d.redacted_body.decode(charset)
    assert words in text and "anna.jpg" not in text



def test_a_page_whose_redaction_fell_back_to_stripping_every_image_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy handed on then lacks every picture, not only the personal ones: the decision (and
    so the audit record) said nothing of it, only a log line."""
    from scrapeguard.detect import page_redact

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(page_redact, "_redact", broken)
    page = b'<html><body><img src="/logo.png" alt="Acme"><img src="/team/anna.jpg" alt="Portrait of Anna Berg"></body></html>'
    d = guard().check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page)
    assert d.action == "redact" and d.redacted_body is not None and b"<img" not in d.redacted_body
    [note] = [n for n in d.notes if n.code == "redact.fallback"]
    assert "every image reference was stripped" in note.detail and "parser exploded" in note.detail


def test_a_page_of_which_no_redacted_copy_can_be_made_is_withheld_not_handed_on_empty(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Redaction and the strip-everything fallback both failed: the copy was empty, handed on as a 200
    that said "redact", and a crawler kept an empty page for the site's (found in review). Withheld
    instead, as an image that cannot be blurred is, with the findings and why."""
    from scrapeguard.detect import page_redact

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(page_redact, "_redact", broken)
    monkeypatch.setattr(page_redact, "_strip_all_images", broken)
    page = (b'<html><body><img src="/logo.png" alt="Acme">'
            b'<img src="/team/anna.jpg" alt="Portrait of Anna Berg"></body></html>')
    d = guard().check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page)
    assert d.action == "block" and not d.allowed and d.redacted_body is None
    assert [f.code for f in d.findings] == ["page.personal_images"]
    [note] = [n for n in d.notes if n.code == "redact.failed"]
    assert "parser exploded" in note.detail
    assert d.explain().startswith("block: ") and "withheld" in d.explain() and "page.personal_images" in d.explain()

def test_a_page_served_as_xhtml_is_redacted_into_xml_its_readers_parse() -> None:
    """(Review: without an XML declaration, the copy of a page served as application/xhtml+xml was HTML, `<br>` and
    `&nbsp;`: the browser showed an XML parse error instead of the page.) The answer's type goes to the redaction."""
    from xml.dom import minidom

    page = ('<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body>'
            '<p>a<br/>b&#160;c</p><img src="/team/anna.jpg" alt="Portrait of Anna Berg"/></body></html>').encode()
    d = guard().check_response("https://a.example/team.xhtml", 200, {"content-type": "application/xhtml+xml"}, page)
    assert d.action == "redact" and d.redacted_body is not None and b"anna.jpg" not in d.redacted_body
    assert minidom.parseString(d.redacted_body).getElementsByTagName("br")


@pytest.mark.parametrize("written,requested", [
    ("/team/jörg müller.jpg", "/team/j%C3%B6rg%20m%C3%BCller.jpg"),
    ("/team/a b.jpg#top", "/team/a%20b.jpg"),
    ("/team/%c3%a9.jpg", "/team/%C3%A9.jpg"),
])
def test_what_a_page_says_about_an_image_is_found_under_the_url_a_client_requests(written: str, requested: str) -> None:
    """Clients percent-encode spaces and accents and drop fragments; the page's word must
    still reach the image's own request (it was lost: a silent allow)."""
    g = guard()
    page = f'<html><body><meta name="robots" content="noimageai"><img src="{written}" alt="Portrait of Jörg Müller, CEO"></body></html>'
    g.check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page.encode())
    d = g.decide_request("HTTPS://A.EXAMPLE:443" + requested)
    assert d.has("context.personal") and d.has("xrobots.noimageai")


@pytest.mark.parametrize("requested", [
    "https://a.example/wp-content/uploads/2024/05/joerg-mueller.jpg",  # the original upload
    "http://www.a.example/wp-content/uploads/2024/05/joerg-mueller-2048x1365.jpg",  # a size not shown, old address
])
def test_what_a_page_says_of_a_picture_reaches_a_request_for_another_copy_of_it(requested: str) -> None:
    """A crawler asking for the original upload instead of the page's thumbnail collected the portrait
    without the caption naming him or the page's noimageai. The decision says whose word it was."""
    g = guard()
    shown = "/wp-content/uploads/2024/05/joerg-mueller-300x200.jpg"
    page = (f'<html><body><meta name="robots" content="noimageai"><img src="{shown}" alt="Portrait of Jörg Müller, '
            'CEO"></body></html>')
    g.check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page.encode())
    d = g.decide_request(requested)
    assert d.has("context.personal") and d.has("xrobots.noimageai") and not d.allowed
    note = next(n for n in d.notes if n.code == "context.other_copy")
    assert "https://a.example" + shown in note.detail and note.source == "https://a.example/team.html"
    answer = g.check_response(requested, 200, {"content-type": "image/jpeg"}, b"\xff\xd8\xff")
    assert answer.has("context.personal") and any(n.code == "context.other_copy" for n in answer.notes)
    assert not any(n.code == "context.other_copy" for n in g.decide_request("https://a.example" + shown).notes)


def _us_only(tmp_path: Path) -> Path:
    """search-index for a US controller whose purpose covers US law alone."""
    text = (POLICIES / "search-index.toml").read_text()
    path = tmp_path / "us.toml"
    path.write_text(text.replace('id = "search-index"', 'id = "us-search"')
                    .replace('establishment = ["NL"]', 'establishment = ["US"]')
                    .replace('jurisdictions = ["EU", "EEA", "UK", "CH", "US", "CA", "AU", "OTHER"]',
                             'jurisdictions = ["US"]'))
    return path


def test_a_copy_of_a_picture_is_not_given_its_pages_audience(tmp_path: Path) -> None:
    """A purpose for US pages only: a picture whose host says nothing of its audience is unassessed (the
    policy's unknown = EU). The page's `en-US` made an unlisted size of its picture US-only: allowed."""
    page = b'<html lang="en-US"><body><img src="/uploads/team.jpg?w=300" alt="Our office"></body></html>'
    g = guard(_us_only(tmp_path))
    before = g.decide_request("https://a.example/uploads/team.jpg?w=2000")
    g.check_response("https://a.example/about", 200, {"content-type": "text/html"}, page)
    after = g.decide_request("https://a.example/uploads/team.jpg?w=2000")
    assert before.action == after.action == "block" and after.has("jurisdiction.unassessed")
    assert any(n.code == "context.other_copy" for n in after.notes)


def test_another_hosts_page_lends_no_language_tags_to_a_pictures_word(tmp_path: Path) -> None:
    """A blog on another host (en-US) shows the original; the picture's own site shows a thumbnail as a
    portrait: the word kept is the team page's, and the blog's tags were read as that page's (found in
    review): the picture's host lost its unknown (EU) audience, allowed where either page alone blocked."""
    import io

    from PIL import Image

    photo = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(photo, "JPEG")
    blog = (b'<html lang="en-US"><body><img src="https://b.example/wp-content/uploads/jane.jpg" alt="Sunset">'
            b'</body></html>')
    team = (b'<html lang="en-US"><body><img src="/wp-content/uploads/jane-300x200.jpg" alt="Portrait of Jane Doe, '
            b'CEO"></body></html>')
    g = guard(_us_only(tmp_path))
    g.check_response("https://a.example/blog", 200, {"content-type": "text/html"}, blog)
    g.check_response("https://b.example/team", 200, {"content-type": "text/html"}, team)
    d = g.check_response("https://b.example/wp-content/uploads/jane.jpg", 200, {"content-type": "image/jpeg"},
                         photo.getvalue())
    assert d.action == "block" and d.has("jurisdiction.unassessed") and "EU" in d.jurisdictions
    assert not d.has("image.error") and d.has("context.personal")


def test_the_pictures_words_take_no_room_from_the_urls_traces() -> None:
    """A gallery's noimageai for 30 pictures, a memory for 4: each evicted picture left a second trace in
    the URLs' trace cache, and 8 of the 20 pictures traced before were allowed with no word (review)."""
    imgs = "".join(f'<img src="/p/photo{i}.jpg" alt="Our office {i}">' for i in range(30))
    g = guard(context_cache_size=4)
    g.check_response("https://a.example/gallery", 200, {"content-type": "text/html"},
                     f'<html><head><meta name="robots" content="noimageai"></head><body>{imgs}</body></html>'.encode())
    actions = [g.decide_request(f"https://a.example/p/photo{i}.jpg").action for i in range(30)]
    assert actions[10:] == ["block"] * 20


def test_a_copys_url_is_named_without_its_credentials() -> None:
    g = guard()
    page = (b'<html><body><img src="https://editor:s3cret@a.example/up/jane-doe.jpg?w=300" '
            b'alt="Portrait of Jane Doe"></body></html>')
    g.check_response("https://a.example/team", 200, {"content-type": "text/html"}, page)
    d = g.decide_request("https://a.example/up/jane-doe.jpg")
    assert d.has("context.personal") and any(n.code == "context.other_copy" for n in d.notes)
    assert "s3cret" not in json.dumps(d.to_dict())


@pytest.mark.parametrize("other", ["/gallery?image=/photos/jane-doe.jpg", "/share?url=/photos/jane-doe.jpg",
                                   "/api/v1/likes.json?image=/photos/jane-doe.jpg"])
def test_a_page_naming_a_picture_in_its_query_is_not_a_copy_of_it(other: str) -> None:
    """A gallery's page, an API's answer, a share link: blocked with the picture's word (found in review)."""
    g = guard()
    page = ('<html><body><meta name="robots" content="noimageai"><img src="/photos/jane-doe.jpg" '
            'alt="Portrait of Jane Doe"></body></html>')
    g.check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page.encode())
    d = g.decide_request("https://a.example" + other)
    assert d.allowed and not d.has("context.personal") and not any(n.code.startswith("context.") for n in d.notes)


def test_a_later_page_cannot_clear_what_an_earlier_one_said_about_an_image() -> None:
    for order in (("team", "news"), ("news", "team")):
        g = guard()
        pages = {"team": '<img src="/img/jd.jpg" alt="Portrait of Jane Doe, CEO">', "news": '<img src="/img/jd.jpg" alt="">'}
        for name in order:
            g.check_response(f"https://a.example/{name}.html", 200, {"content-type": "text/html"}, pages[name].encode())
        assert g.decide_request("https://a.example/img/jd.jpg").has("context.personal"), order


def test_an_image_decision_carries_its_perceptual_hash_for_access_by_a_copy(tmp_path: Path) -> None:
    """Art. 15 by a copy of the photo: the guard stores the hash it took from the copy it decoded."""
    import io

    from PIL import Image

    from scrapeguard.audit.dsr import Subject, access
    from scrapeguard.audit.store import AuditLog

    portrait = (Path(__file__).resolve().parents[1] / "scrapeguard/demo/assets/portrait.jpg").read_bytes()
    buf = io.BytesIO()
    Image.open(io.BytesIO(portrait)).convert("RGB").save(buf, "JPEG", quality=60)
    path = tmp_path / "a.sqlite"
    g = guard(audit=str(path))
    d = g.check_response("https://a.example/photos/eileen.jpg", 200, {"content-type": "image/jpeg"}, portrait)
    g.close()
    assert d.phash is not None and len(d.phash) == 16
    log = AuditLog.open(str(path))
    try:
        assert access(log, Subject(image=buf.getvalue()), record=False)["count"] == 1
    finally:
        log.close()


def test_a_host_file_at_an_unusable_url_is_ignored_never_raised() -> None:
    from scrapeguard.resource import FetchResult

    g = guard()
    g.store_host_file("http://[::1/robots.txt", FetchResult("http://[::1/robots.txt", 200, body=b"User-agent: *\n"))
    assert g.host_file_limit("http://[::1/robots.txt") > 0


def test_a_site_wide_images_context_stays_one_signal_per_kind_however_many_pages_say_it() -> None:
    g = guard()
    for i in range(50):
        page = f'<html><head><meta name="robots" content="noimageai"></head><body><img src="/logo.png"><p>{i}</p></body></html>'
        g.check_response(f"https://a.example/p/{i}.html", 200, {"content-type": "text/html"}, page.encode())
    d = g.decide_request("https://a.example/logo.png")
    assert len([f for f in d.findings if f.code == "xrobots.noimageai"]) == 1


@pytest.mark.parametrize("charset", ["utf-32", "punycode", "idna"])
def test_a_header_charset_no_browser_knows_is_ignored_not_used_to_misread_the_page(charset: str) -> None:
    page = b'<html><body><img src="/team/jane-doe.jpg" alt="Portrait of Jane Doe"></body></html>'
    d = guard().check_response("https://a.example/team.html", 200, {"content-type": f"text/html; charset={charset}"}, page)
    assert d.action == "redact" and d.has("page.personal_images")


def test_a_lightboxs_full_size_copy_is_judged_with_what_the_page_said_of_its_thumbnail() -> None:
    g = guard()
    page = (b'<html><head><meta name="robots" content="noimageai"></head><body>'
            b'<a href="/media/jane-doe.jpg" data-lightbox="team"><img src="/media/jane-doe-150x150.jpg" alt="Jane Doe, our CEO"></a>'
            b'<a href="/news/summer-party/"><img src="/media/party.jpg" alt="Summer party"></a></body></html>')
    d = g.check_response("https://a.example/team/", 200, {"content-type": "text/html"}, page)
    assert [i.url for i in d.images] == ["https://a.example/media/jane-doe-150x150.jpg", "https://a.example/media/party.jpg"]
    full = g.decide_request("https://a.example/media/jane-doe.jpg")  # never listed as a reference of its own
    assert full.has("context.personal") and full.has("xrobots.noimageai") and not full.allowed
    assert full.page_url == "https://a.example/team/"
    assert g.decide_request("https://a.example/news/summer-party/").page_url is None  # an article link is no picture


def test_a_lightboxs_full_size_copy_takes_what_the_page_said_of_its_thumbnail_in_any_spelling() -> None:
    """The thumbnail named a portrait once as `jane.jpg` and once, in the gallery that links the big
    copy, as `jane.jpg#g`: the big copy took the second spelling's word alone (not personal)."""
    g = guard()
    page = (b'<html lang="en"><body><article class="profile"><img src="https://cdn.example.fr/photos/jane.jpg" '
            b'alt="Portrait photo of Jane Doe"></article><div class="gallery"><a href="https://cdn.example.fr/photos/'
            b'jane-big.jpg"><img src="https://cdn.example.fr/photos/jane.jpg#g"></a></div></body></html>')
    g.check_response("https://www.example.fr/team", 200, {"content-type": "text/html"}, page)
    said = g.image_contexts.get("https://cdn.example.fr/photos/jane-big.jpg")
    assert said is not None and said.personal


def test_an_image_that_cannot_be_blurred_is_withheld_with_its_findings_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from PIL import Image

    from scrapeguard.detect import images as images_mod

    def broken(data: bytes, faces: list) -> bytes:
        raise OSError("encoder error -2")  # what re-encoding a Group 4 TIFF raised

    monkeypatch.setattr(images_mod, "blur_faces", broken)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (90, 120, 160)).save(buffer, "JPEG")
    g = guard()
    g.check_response("https://a.example/team/", 200, {"content-type": "text/html"},
                     b'<img src="/team/jane-doe.jpg" alt="Portrait of Jane Doe">')
    d = g.check_response("https://a.example/team/jane-doe.jpg", 200, {"content-type": "image/jpeg"}, buffer.getvalue())
    assert d.has("context.personal") and d.action == "block" and not d.allowed and d.redacted_body is None
    assert any(n.code == "redact.failed" for n in d.notes)
    assert "withheld" in d.explain() and "context.personal" in d.explain()  # (it said "block: no finding")


# ------------------------------------------------------------ pictures embedded as data: URIs
FACES_DIR = Path(__file__).resolve().parent / "data" / "images"


def _inline(name: str) -> bytes:
    import base64

    return b"data:image/jpeg;base64," + base64.b64encode((FACES_DIR / name).read_bytes())


def test_a_portrait_embedded_in_a_page_is_judged_and_emptied_in_place(tmp_path: Path) -> None:
    from scrapeguard.audit import AuditLog

    page = (b'<html><body><h1>News</h1><img src="' + _inline("faces/grace_hopper.jpg") + b'">'
            b'<img src="' + _inline("no_faces/coffee.jpg") + b'"><p>text</p></body></html>')
    log = tmp_path / "audit.sqlite"
    g = guard(audit=str(log))
    d = g.check_response("https://news.example.org/story.html", 200, {"Content-Type": "text/html"}, page)
    g.close()
    [portrait] = [i for i in d.images if i.kind == "inline"]  # the coffee cup shows no one
    assert portrait.url.startswith("data:image/jpeg;sha256=") and "face.detected" in portrait.reasons
    [face] = [f for f in portrait.findings if f.code == "face.detected"]
    assert face.evidence["score_floor"] >= face.evidence["min_score"]  # the threshold that applied
    assert d.action == "redact" and "page.personal_images" in d.codes
    assert d.redacted_body is not None and d.redacted_body.count(b'src="data:,"') == 1
    assert _inline("no_faces/coffee.jpg") in d.redacted_body and b"<p>text</p>" in d.redacted_body
    with AuditLog.open(log) as audit:
        record = audit.get(0).record
    assert len(str(record)) < 20_000  # named by digest, never its base64


@pytest.mark.parametrize("encode", ["base64", "percent"])
def test_a_portrait_embedded_in_a_frames_data_document_is_judged_and_its_frame_dropped(encode: str) -> None:
    """(review) base64 or percent-encoded, a frame's data: document held Grace Hopper's portrait unseen: allowed."""
    import base64
    from urllib.parse import quote

    inner = b'<p>Our team</p><img alt="Grace Hopper" src="' + _inline("faces/grace_hopper.jpg") + b'">'
    source = f"data:text/html;base64,{base64.b64encode(inner).decode()}" if encode == "base64" \
        else f"data:text/html,{quote(inner)}"
    page = f'<html><body><iframe src="{source}"></iframe><p>kept</p></body></html>'.encode()
    d = guard().check_response("https://news.example.org/team.html", 200, {"Content-Type": "text/html"}, page)
    [portrait] = [i for i in d.images if i.kind == "inline"]
    assert "face.detected" in portrait.reasons and d.action == "redact" and "page.personal_images" in d.codes
    assert d.redacted_body is not None and b"data:" not in d.redacted_body and b"<p>kept</p>" in d.redacted_body


def test_the_pictures_of_a_frames_data_document_past_the_pages_budget_are_unchecked() -> None:
    from urllib.parse import quote

    icons = b"".join(b'<img src="' + _inline("no_faces/coffee.jpg") + b'">' for _ in range(MAX_INLINE))
    inner = b'<img alt="Grace Hopper" src="' + _inline("faces/grace_hopper.jpg") + b'">'
    page = icons + f'<iframe src="data:text/html,{quote(inner)}"></iframe>'.encode()
    d = guard().check_response("https://news.example.org/team.html", 200, {"Content-Type": "text/html"}, page)
    assert "inline.unchecked" in d.codes and d.action == "redact"  # (gdpr-strict: fail-closed, as a page's own)
    assert d.redacted_body is not None and b"data:text/html" not in d.redacted_body


def test_a_portrait_embedded_in_an_svg_is_the_svgs_own_face() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="' + _inline("faces/astronaut.jpg") + b'"/></svg>'
    d = guard().check_response("https://cdn.example.org/card.svg", 200, {"Content-Type": "image/svg+xml"}, svg)
    assert "face.detected" in d.codes and d.action == "redact"  # gdpr-strict: personal_image = redact
    assert d.redacted_body == b'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:,"/></svg>'


def test_an_erased_picture_embedded_in_a_page_is_withheld(tmp_path: Path) -> None:
    import base64
    import hashlib

    from scrapeguard.audit import AuditLog

    picture = (FACES_DIR / "no_faces" / "chelsea.jpg").read_bytes()  # a cat: no face, erased all the same
    log = tmp_path / "audit.sqlite"
    with AuditLog.open(log) as audit, audit.transaction() as conn:
        audit.add_suppression(conn, "sha256", hashlib.sha256(picture).hexdigest(), "dsr-cat")
    g = guard(audit=str(log))
    page = b'<img src="data:image/jpeg;base64,' + base64.b64encode(picture) + b'">'
    d = g.check_response("https://blog.example.org/", 200, {"Content-Type": "text/html"}, page)
    g.close()
    [erased] = [i for i in d.images if i.kind == "inline"]
    assert erased.action == "block" and "suppressed.erasure" in erased.reasons
    assert d.redacted_body is not None and b"base64" not in d.redacted_body


@pytest.mark.parametrize(("erased", "location"), [
    ("https://cdn.example.com/photos/cat.jpg", b"https://cdn.example.com/photos/cat.jpg"),
    ("https://a.example/team", b"https://cdn.example.com/photos/cat.jpg"),
    # a space written as it is in the part's header (Word's and IE's .mht files), escaped in the erasure
    ("https://cdn.example.com/photos/Black%20cat.jpg", b"https://cdn.example.com/photos/Black cat.jpg"),
    # a relative location, with no multipart heading giving it a base: the answer's own URL is its base
    ("https://a.example/photos/cat.jpg", b"photos/cat.jpg"),
])
def test_an_archive_that_carries_a_resource_erased_by_url_is_withheld(tmp_path: Path, erased: str,
                                                                       location: bytes) -> None:
    """An MHTML archive carrying a picture (or a page) whose URL a data subject had erased was allowed:
    only the parts' bytes were looked up, by a name of the archive's own (`#part2`), so the erased
    item was kept inside it, where the page alone has the reference removed and the picture alone is
    blocked. Each location the archive carries its parts under is looked up as that item's URL."""
    from scrapeguard.audit import AuditLog

    cat = (FACES_DIR / "no_faces" / "chelsea.jpg").read_bytes()
    log = tmp_path / "audit.sqlite"
    with AuditLog.open(log) as audit, audit.transaction() as conn:
        audit.add_suppression(conn, "url", erased, "dsr-cat")
    page = b'<html><body><img src="https://cdn.example.com/photos/cat.jpg"></body></html>'
    body = (b"--B\r\nContent-Type: text/html\r\nContent-Location: https://a.example/team\r\n\r\n" + page
            + b"\r\n--B\r\nContent-Type: image/jpeg\r\nContent-Location: " + location + b"\r\n\r\n"
            + cat + b"\r\n--B--\r\n")
    headers = {"Content-Type": 'multipart/related; type="text/html"; boundary=B'}
    g = guard(audit=str(log))
    d = g.check_response("https://a.example/team.mhtml", 200, headers, body)
    kept = g.check_response("https://a.example/team.mhtml", 200, headers, body.replace(b"cat.jpg", b"dog.jpg")
                            .replace(b"https://a.example/team", b"https://a.example/about"))
    g.close()
    assert "suppressed.erasure" in d.codes and not d.allowed
    assert erased not in str(d.to_dict()["findings"])  # (the erased URL is not written down again)
    assert kept.allowed and "suppressed.erasure" not in kept.codes


def test_lines_of_a_parts_text_that_read_as_part_headers_name_nothing_the_answer_carries(tmp_path: Path) -> None:
    """Every line of a multipart answer that read as a Content-Location was looked up on the suppression
    list, its parts' text too, whenever an audit log was set (the whole body read once more for each
    answer, a camera stream's or a 206's too; 600 such lines in a log part: 512 look-ups, each taking the
    log's lock, and an `erasure.unchecked` note), and a mention of an erased URL withheld the answer as
    if it carried the item. Only the parts' own headers (`multipart.parts`) name what an answer carries."""
    from scrapeguard.audit import AuditLog

    log = tmp_path / "audit.sqlite"
    with AuditLog.open(log) as audit, audit.transaction() as conn:
        audit.add_suppression(conn, "url", "https://cdn.example.com/photos/cat.jpg", "dsr-cat")
    text = b"".join(b"Content-Location: https://a.example/%d\r\n" % i for i in range(600))
    body = (b"--B\r\nContent-Type: text/plain\r\n\r\nContent-Location: https://cdn.example.com/photos/cat.jpg\r\n"
            + text + b"\r\n--B--\r\n")
    g = guard(audit=str(log))
    d = g.check_response("https://a.example/export", 200, {"Content-Type": "multipart/mixed; boundary=B"}, body)
    g.close()
    assert d.allowed and "suppressed.erasure" not in d.codes
    assert "erasure.unchecked" not in [note.code for note in d.notes]


@pytest.mark.parametrize("status", [300, 302, 307])
def test_the_body_of_a_redirect_is_judged_too(status: int) -> None:
    # a client that does not follow it (httpx's default) gets the body as it is
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    d = guard().check_response("https://cdn.example.org/moved.jpg", status, {"Content-Type": "image/jpeg"}, face)
    assert "face.detected" in d.codes and d.action == "redact" and d.redacted_body not in (None, face)


@pytest.mark.parametrize("ctype", ["video/mp4", "application/zip", "audio/mpeg"])
def test_a_portrait_in_a_weakly_signed_format_served_as_a_video_or_an_archive_is_judged(ctype: str) -> None:
    """A PPM portrait sent as `video/mp4` or `application/zip` passed unread (found in review): a
    Netpbm header is trusted over any type but a text's, as a JPEG's magic number is."""
    import io

    from PIL import Image

    ppm = io.BytesIO()
    Image.open(FACES_DIR / "faces" / "grace_hopper.jpg").convert("RGB").save(ppm, "PPM")
    d = guard().check_response("https://cdn.example.org/clip", 200, {"Content-Type": ctype}, ppm.getvalue())
    assert "face.detected" in d.codes and d.action == "redact" and d.redacted_body not in (None, ppm.getvalue())


def test_a_body_of_more_data_uris_than_are_read_is_decided_by_on_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A style sheet of `data:,` past the URIs the search reads (`MAX_CANDIDATES`: 8 MB of them took
    40 s) is not searched to its end: what it may still carry is unchecked, never silently allowed."""
    from scrapeguard.detect import inline

    monkeypatch.setattr(inline, "MAX_CANDIDATES", 100)
    sheet = b"data:," * (101 + inline._AHEAD) + b".a{background:url(" + _inline("faces/grace_hopper.jpg") + b")}"
    d = guard().check_response("https://example.org/x.css", 200, {"Content-Type": "text/css"}, sheet)
    assert "inline.unchecked" in d.codes and not d.allowed, d.codes


def test_embedded_pictures_that_cannot_be_checked_are_decided_by_on_error() -> None:
    import base64

    from scrapeguard.detect.inline import MAX_IMAGES

    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    cut = b'<img src="data:image/jpeg;base64,' + base64.b64encode(face[: len(face) * 85 // 100]) + b'">'
    noise = b"".join(b'<img src="' + _inline("no_faces/coffee.jpg") + b'">' for _ in range(MAX_IMAGES))
    late = noise + b'<img src="' + _inline("faces/grace_hopper.jpg") + b'">'  # past the pictures checked
    for page in (cut, late):
        closed = guard().check_response("https://blog.example.org/", 200, {"Content-Type": "text/html"}, page)
        assert closed.action == "redact" and "inline.unchecked" in closed.codes
        assert closed.redacted_body is not None and b"data:," in closed.redacted_body
        assert base64.b64encode(face)[:400] not in closed.redacted_body  # neither the cut nor the late portrait
        opened = guard("log-only").check_response("https://blog.example.org/", 200, {"Content-Type": "text/html"}, page)
        assert opened.allowed and any(i.kind == "inline" and i.action == "log" for i in opened.images)


def test_a_page_of_many_small_embedded_icons_still_has_its_portraits_checked() -> None:
    """Pictures of a few hundred base64 characters (at least face_min_px on their short side) are looked
    at since a 56-px portrait fits in 328, but they took the places of the answer's MAX_IMAGES checks:
    a page or a style sheet with 70 small icons as data: URIs had its last ones unchecked, so the page
    was redacted and the sheet blocked under gdpr-strict (allowed before), and a portrait after them
    went unchecked. Small pictures have checks of their own; the icons are all checked and pass, and a
    portrait after them is checked too."""
    import base64
    import io
    import random

    from PIL import Image

    def icon(n: int) -> bytes:  # a 48-px one-bit PNG: a checkerboard with a few stray pixels, ~300 characters
        stray = random.Random(n)
        img = Image.new("1", (48, 48))
        img.putdata([(x // 6 + y // 6 + n) % 2 or stray.random() < 0.05 for y in range(48) for x in range(48)])
        out = io.BytesIO()
        img.save(out, "PNG")
        return b"data:image/png;base64," + base64.b64encode(out.getvalue())

    icons = b"".join(b'<img src="' + icon(n) + b'">' for n in range(70))
    assert all(256 <= len(icon(n)) - 22 < 1024 for n in range(70))
    g = guard()
    page = g.check_response("https://shop.example.org/", 200, {"Content-Type": "text/html"}, icons)
    assert page.allowed and page.action == "allow" and "inline.unchecked" not in page.codes, page.codes
    css = b"".join(b".i%d{background:url(%s)}" % (n, icon(n)) for n in range(70))
    sheet = g.check_response("https://shop.example.org/icons.css", 200, {"Content-Type": "text/css"}, css)
    assert sheet.allowed and "inline.unchecked" not in sheet.codes, sheet.codes
    late = icons + b'<img src="' + _inline("faces/grace_hopper.jpg") + b'">'
    judged = g.check_response("https://shop.example.org/", 200, {"Content-Type": "text/html"}, late)
    [portrait] = [i for i in judged.images if i.kind == "inline" and "face.detected" in i.reasons]
    assert "inline.unchecked" not in judged.codes and "page.personal_images" in judged.codes, judged.codes
    g.close()


def test_a_camera_stream_and_a_json_avatar_are_judged_on_their_pictures() -> None:
    import base64
    import json

    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    stream = b"".join(b"--frame\r\nContent-Type: image/jpeg\r\n\r\n" + face + b"\r\n" for _ in range(2)) + b"--frame--"
    d = guard().check_response("https://cam.example.org/live", 200,
                               {"Content-Type": "multipart/x-mixed-replace; boundary=frame"}, stream)
    from scrapeguard.enact import must_withhold

    assert "face.detected" in d.codes and d.redacted_body is None and must_withhold(d)  # no part-wise redaction
    avatar = json.dumps({"name": "Grace", "avatar": "data:image/jpeg;base64," + base64.b64encode(face).decode()})
    d = guard().check_response("https://api.example.org/user/1", 200, {"Content-Type": "application/json"},
                               avatar.encode())
    assert "face.detected" in d.codes and d.action == "redact"
    assert json.loads(d.redacted_body)["avatar"] == "data:,"


def test_a_redirect_whose_type_names_its_target_is_judged_by_its_own_bytes() -> None:
    # PHP avatar scripts set image/jpeg, then redirect with a short text body: no broken image to block
    d = guard().check_response("https://example.org/avatar.php?u=1", 302,
                               {"Content-Type": "image/jpeg", "Location": "/avatars/1.jpg"}, b"Moved")
    assert d.allowed and "image.error" not in d.codes


def test_a_multipart_answer_whose_parts_cannot_be_read_is_decided_by_on_error() -> None:
    d = guard().check_response("https://cam.example.org/live", 200,
                               {"Content-Type": "multipart/x-mixed-replace; boundary=frame"}, b"no delimiter " * 500)
    assert "part.unreadable" in d.codes and not d.allowed  # gdpr-strict fails closed


@pytest.mark.parametrize("part_type", [b"text/html", b"application/json", b"multipart/related; boundary=I"])
def test_a_page_or_text_part_whose_base64_does_not_decode_is_unreadable_not_read_as_its_base64(
        part_type: bytes) -> None:
    """An MHTML archive's page in base64 cut one character past a whole group decodes neither
    strictly nor leniently: it was read as its base64 text, its noai unread, and the answer allowed
    with no finding. Such a part is `part.unreadable`, as an unreadable picture part is: the
    policy's on_error decides."""
    import base64

    page = b'<html><head><meta name="robots" content="noai"></head><body>hi</body></html>'
    cut = base64.b64encode(page)[:-3]
    body = (b"--B\r\nContent-Type: " + part_type + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + cut
            + b"\r\n--B--\r\n")
    headers = {"Content-Type": 'multipart/related; type="text/html"; boundary=B'}
    d = guard().check_response("https://a.example/p.mhtml", 200, headers, body)
    assert "part.unreadable" in d.codes and not d.allowed  # gdpr-strict fails closed
    assert guard("log-only").check_response("https://a.example/p.mhtml", 200, headers, body).allowed
    whole = body.replace(cut, base64.b64encode(page))
    if part_type == b"text/html":
        assert guard().check_response("https://a.example/p.mhtml", 200, headers, whole).codes == ["xrobots.noai"]


def test_a_portrait_past_the_parts_a_multipart_answer_is_split_into_is_an_error_not_a_pass() -> None:
    """Parts past `multipart.MAX_PARTS` were dropped without a trace: a portrait after 256 short text
    parts was never looked at, and the answer allowed."""
    from scrapeguard.detect.multipart import MAX_PARTS

    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    body = (b"--f\r\nContent-Type: text/plain\r\n\r\nx\r\n" * MAX_PARTS
            + b"--f\r\nContent-Type: image/jpeg\r\n\r\n" + face + b"\r\n--f--")
    d = guard().check_response("https://cam.example.org/parts", 200, {"Content-Type": "multipart/mixed; boundary=f"}, body)
    assert "part.unchecked" in d.codes and not d.allowed  # gdpr-strict fails closed
    # a batch API's answer of 300 JSON parts: nothing there could be a picture, so nothing goes unjudged
    batch = b"".join(b'--f\r\nContent-Type: application/json\r\n\r\n{"id": %d}\r\n' % i for i in range(300)) + b"--f--"
    d = guard().check_response("https://api.example.org/batch", 200, {"Content-Type": "multipart/mixed; boundary=f"}, batch)
    assert "part.unchecked" not in d.codes and d.allowed


def _bare_face_part() -> bytes:
    """A batch API's JSON part carrying a portrait as a bare base64 string."""
    import base64
    import json

    face = base64.b64encode((FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()).decode()
    return b"--B\r\nContent-Type: application/json\r\n\r\n" + json.dumps({"avatar": face}).encode() + b"\r\n"


@pytest.mark.parametrize("spelling", ["bare base64", "data&#58;"])
def test_a_part_past_the_pictures_checked_that_carries_a_picture_is_unchecked_however_it_is_written(
        spelling: str) -> None:
    """Past the pictures checked, a part was said to hold none unless it held `data:image/`: a bare
    base64 portrait (or one behind `data&#58;`) in the next part was allowed with no finding."""
    import json

    coffee = _inline("no_faces/coffee.jpg").decode()
    many = json.dumps([{"img": f"{coffee}#{i}"} for i in range(MAX_INLINE)]).encode()
    face = _bare_face_part() if spelling == "bare base64" else _bare_face_part().replace(
        b'"avatar": "', b'"html": "<img src=\\"data&#58;image/jpeg;base64,').replace(b'"}', b'\\">"}')
    body = b"--B\r\nContent-Type: application/json\r\n\r\n" + many + b"\r\n" + face + b"--B--\r\n"
    d = guard().check_response("https://api.example.org/batch", 200, {"Content-Type": "multipart/mixed; boundary=B"},
                               body)
    assert "part.unchecked" in d.codes and not d.allowed


def test_a_bare_base64_portrait_past_the_parts_split_is_unchecked() -> None:
    """The bytes past the 256 parts split were said to hold no picture unless they held `data:image/`
    or a picture's own bytes: a bare base64 portrait in part 257 was allowed with no finding."""
    from scrapeguard.detect.multipart import MAX_PARTS

    small = b"".join(b'--B\r\nContent-Type: application/json\r\n\r\n{"id": %d}\r\n' % i for i in range(MAX_PARTS))
    d = guard().check_response("https://api.example.org/batch", 200, {"Content-Type": "multipart/mixed; boundary=B"},
                               small + _bare_face_part() + b"--B--\r\n")
    assert "part.unchecked" in d.codes and not d.allowed


@pytest.mark.parametrize("text", [b'{"next": "https://api.example.org/items?fields=metadata&page=2"}',
                                  b'{"note": "metadata: none"}', b"<script>$.post(u, {data: x})</script>"])
def test_text_past_the_parts_or_pictures_checked_that_names_data_is_not_unchecked(text: bytes) -> None:
    """Any `data:` or `data&` past what was checked (a query's `metadata&page`, `metadata: none`, a
    script's `{data: x}`) was taken for a picture's start: the answer was unchecked and blocked, and
    an archive with 64 picture parts failed on almost any page part. Only a picture's start counts."""
    from scrapeguard.detect.multipart import MAX_PARTS

    small = b"".join(b'--B\r\nContent-Type: application/json\r\n\r\n{"id": %d}\r\n' % i for i in range(MAX_PARTS))
    body = small + b"--B\r\nContent-Type: application/json\r\n\r\n" + text + b"\r\n--B--\r\n"
    d = guard().check_response("https://api.example.org/batch", 200, {"Content-Type": "multipart/mixed; boundary=B"},
                               body)
    assert "part.unchecked" not in d.codes and d.allowed
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    pictures = b"--B\r\nContent-Type: image/jpeg\r\n\r\n" + coffee + b"\r\n"
    body = pictures * MAX_INLINE + b"--B\r\nContent-Type: text/html\r\n\r\n<p>" + text + b"</p>\r\n--B--\r\n"
    d = guard().check_response("https://a.example/page.mhtml", 200, {"Content-Type": "multipart/related; boundary=B"},
                               body)
    assert "part.unchecked" not in d.codes and d.allowed


def test_the_pictures_checked_in_one_multipart_answer_are_counted_across_its_parts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget was checked only before each part: one answer had 64 picture parts and ~127 embedded
    pictures analysed. Picture parts and the pictures its texts carry share the one budget."""
    import json

    analysed: list[int] = []
    real = Guard._analyse_image
    monkeypatch.setattr(Guard, "_analyse_image", lambda self, body, untiled="": analysed.append(1) or real(self, body,
                                                                                                         untiled))
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    pictures = b"--B\r\nContent-Type: image/jpeg\r\n\r\n" + coffee + b"\r\n"
    embedded = json.dumps([f"{_inline('no_faces/coffee.jpg').decode()}#{i}" for i in range(10)]).encode()
    body = (pictures * (MAX_INLINE - 5) + b"--B\r\nContent-Type: application/json\r\n\r\n" + embedded + b"\r\n"
            + b"--B\r\nContent-Type: application/json\r\n\r\n" + embedded + b"\r\n--B--\r\n")
    d = guard().check_response("https://api.example.org/batch", 200, {"Content-Type": "multipart/mixed; boundary=B"},
                               body)
    assert len(analysed) == MAX_INLINE
    assert {"inline.unchecked", "part.unchecked"} <= set(d.codes) and not d.allowed


def test_a_page_part_after_the_pictures_checked_is_still_read_as_a_page(tmp_path: Path) -> None:
    """Past the pictures one answer gets checked, the first text part that may carry one more ended
    the reading of the parts: an archive page after it (a frame's) was never read, so under fail-open
    its noai was unread and the archive allowed (the unchecked picture only logged). Pages are read
    whatever is left of the budget; the parts left unchecked are said once."""
    import base64

    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    pictures = b"--B\r\nContent-Type: image/jpeg\r\n\r\n" + coffee + b"\r\n"
    sheet = b".icon{background:url(data:image/jpeg;base64," + base64.b64encode(coffee) + b")}"
    body = (pictures * MAX_INLINE + (b"--B\r\nContent-Type: text/css\r\n\r\n" + sheet + b"\r\n") * 2
            + b'--B\r\nContent-Type: text/html\r\n\r\n<html><head><meta name="robots" content="noai"></head></html>\r\n'
            + b"--B--\r\n")
    g = guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'))
    d = g.check_response("https://a.example/page.mhtml", 200, {"Content-Type": "multipart/related; boundary=B"}, body)
    assert "xrobots.noai" in d.codes and not d.allowed
    assert d.codes.count("part.unchecked") == 1


MHTML_PAGE = (b'<html><head><meta name="robots" content="noai"></head><body><h1>Team</h1>'
              b'<img src="https://cdn.example.com/photos/jane.jpg" alt="Portrait photo of Jane Doe"></body></html>')


def test_a_text_part_of_a_multipart_answer_is_searched_for_data_pictures() -> None:
    """Only a multipart answer's picture parts were read: a batch API's JSON part carrying a data: face
    (and the data: search skipped multipart answers) was allowed with no finding."""
    import base64
    import json

    avatar = json.dumps({"name": "Jane", "avatar": "data:image/jpeg;base64," + base64.b64encode(
        (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()).decode()}).encode()
    body = (b'--B\r\nContent-Type: application/json\r\n\r\n{"id": 1}\r\n'
            b"--B\r\nContent-Type: application/json\r\n\r\n" + avatar + b"\r\n--B--\r\n")
    d = guard().check_response("https://api.example.org/batch", 200, {"Content-Type": "multipart/mixed; boundary=B"},
                               body)
    assert "face.detected" in d.codes and not d.allowed


def test_an_html_part_of_a_multipart_answer_is_judged_as_a_page() -> None:
    """An MHTML archive (`multipart/related`) of a page that says noai and shows a portrait was allowed:
    its HTML part was never read. Its opt-outs are the answer's, and the portraits it shows and carries
    (as parts named by their Content-Location or Content-ID) make the answer personal (no copy of a
    multipart answer is made: withheld). A saved page that links a portrait on a CDN was blocked where
    the page itself is kept: the portrait is not in the archive."""
    body = (b"--B\r\nContent-Type: text/html; charset=utf-8\r\nContent-Location: https://a.example/team\r\n\r\n"
            + MHTML_PAGE + b"\r\n--B--\r\n")
    headers = {"Content-Type": 'multipart/related; type="text/html"; boundary=B'}
    d = guard().check_response("https://a.example/team.mhtml", 200, headers, body)
    assert d.action == "block" and "xrobots.noai" in d.codes
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()  # (no face the detector finds: its context says)
    carried = body.replace(b"noai", b"all").replace(b"--B--", b"--B\r\nContent-Type: image/jpeg\r\nContent-Location: "
                                                    b"https://cdn.example.com/photos/jane.jpg\r\n\r\n" + coffee
                                                    + b"\r\n--B--")
    shown = guard().check_response("https://a.example/team.mhtml", 200, headers, carried)
    assert "part.personal_images" in shown.codes and not shown.allowed
    by_id = carried.replace(b"Content-Location: https://cdn.example.com/photos/jane.jpg", b"Content-ID: <jane@a.example>")
    by_id = by_id.replace(b'src="https://cdn.example.com/photos/jane.jpg"', b'src="cid:jane@a.example"')
    assert "part.personal_images" in guard().check_response("https://a.example/team.mhtml", 200, headers, by_id).codes
    # a portrait it only links to (on a CDN) is not in the answer: judged when fetched, as a page's
    linked = guard().check_response("https://a.example/team.mhtml", 200, headers, body.replace(b"noai", b"all"))
    assert linked.allowed and "part.personal_images" not in linked.codes
    odd = body.replace(b"noai", b"all").replace(b"\r\n\r\n<html>", b"\r\nContent-Location: http://[::1\r\n\r\n<html>")
    assert guard().check_response("https://a.example/team.mhtml", 200, headers, odd).codes == []  # (no URL: nothing)
    plain = guard().check_response("https://a.example/team.mhtml", 200, headers,
                                   body.replace(b"noai", b"all").replace(b"Portrait photo of Jane Doe", b"chart"))
    assert plain.allowed and plain.codes == []


def test_an_archived_page_whose_image_references_were_not_all_read_is_an_incomplete_judgement() -> None:
    """A page part whose analysis left image references unread (one past the page's limits) was
    judged on the ones read: a portrait the archive carries among the others was allowed without a
    word, where the same page alone is `page.incomplete` (on_error decides). A part is so too, when
    the archive carries pictures the unread references may name."""
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    long = b"https://a.example/" + b"a" * 9000 + b".jpg"  # (past the page analysis's longest reference)
    page = b'<html><body><img src="' + long + b'" alt="Portrait photo of Jane Doe"></body></html>'
    headers = {"Content-Type": 'multipart/related; type="text/html"; boundary=B'}
    body = (b"--B\r\nContent-Type: text/html\r\nContent-Location: https://a.example/team\r\n\r\n" + page
            + b"\r\n--B\r\nContent-Type: image/jpeg\r\nContent-Location: " + long + b"\r\n\r\n" + coffee + b"\r\n--B--\r\n")
    d = guard().check_response("https://a.example/team.mhtml", 200, headers, body)
    assert "part.incomplete" in d.codes and not d.allowed
    alone = body.split(b"\r\n--B\r\nContent-Type: image/jpeg")[0] + b"\r\n--B--\r\n"  # (it carries no picture)
    assert guard().check_response("https://a.example/team.mhtml", 200, headers, alone).allowed


@pytest.mark.parametrize(("src", "location"), [
    (b"photos/Jane Doe.jpg", b"https://a.example/photos/Jane%20Doe.jpg"),
    (b"//CDN.Example.com/jane.jpg", b"https://cdn.example.com/jane.jpg"),
    (b"photos/jane.jpg#top", b"https://a.example/photos/jane.jpg"),
    (b"https://a.example/photos/jane.jpg", b"HTTPS://A.example:443/photos/jane.jpg#x"),
])
def test_a_carried_portrait_is_found_however_the_page_and_its_part_spell_its_url(src: bytes, location: bytes) -> None:
    """A page's image and the part carrying it were matched as exact strings: a browser saves the
    cleaned form (`Jane%20Doe.jpg` for `Jane Doe.jpg`, the host in lower case, no fragment), so a
    carried portrait was taken for one only linked to, and allowed. Both are compared as one key."""
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    page = b'<html><body><img src="' + src + b'" alt="Portrait photo of Jane Doe"></body></html>'
    body = (b"--B\r\nContent-Type: text/html\r\nContent-Location: https://a.example/team\r\n\r\n" + page
            + b"\r\n--B\r\nContent-Type: image/jpeg\r\nContent-Location: " + location + b"\r\n\r\n" + coffee
            + b"\r\n--B--\r\n")
    d = guard().check_response("https://a.example/team.mhtml", 200,
                               {"Content-Type": 'multipart/related; type="text/html"; boundary=B'}, body)
    assert "part.personal_images" in d.codes and not d.allowed


@pytest.mark.parametrize(("src", "location"), [
    (b"https://cdn.example.com/photos/2024/team/portraits/jane-doe-headshot.jpg",  # folded (RFC 2557 4.4.2)
     b"https://cdn.example.com/photos/2024/team/\r\n portraits/jane-doe-headshot.jpg"),
    (b"https://cdn.example.com/photos/Jane Doe.jpg",  # an encoded word (RFC 2557 4.4.1, RFC 2047)
     b"=?UTF-8?Q?https://cdn.example.com/photos/Jane=20Doe.jpg?="),
    (b"https://cdn.example.com/photos/jane.jpg", b"=?UTF-8?B?aHR0cHM6Ly9jZG4uZXhhbXBsZS5jb20v?=\r\n\t=?UTF-8?Q?photos/jane.jpg?="),
    # a space written as it is (Word's and IE's .mht files): only the folding is taken out, not the space
    (b"photos/Jane Doe.jpg", b"https://a.example/photos/Jane Doe.jpg"),
    (b"https://cdn.example.com/photos/2024/team/Jane Doe.jpg", b"https://cdn.example.com/photos/2024/team/\r\n Jane Doe.jpg"),
])
def test_a_carried_portrait_is_found_under_a_folded_or_encoded_location(src: bytes, location: bytes) -> None:
    """A part's Content-Location was read as its first line, as written: a long URI folded over two
    lines (as MIME writers, Python's email package among them, fold a header past 78 characters) or
    one with a space written as an encoded word, as RFC 2557 has them, named no picture of the page,
    so the carried portrait was taken for one only linked to and the archive allowed."""
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    page = b'<html><body><img src="' + src + b'" alt="Portrait photo of Jane Doe"></body></html>'
    body = (b"--B\r\nContent-Type: text/html\r\nContent-Location: https://a.example/team\r\n\r\n" + page
            + b"\r\n--B\r\nContent-Type: image/jpeg\r\nContent-Location: " + location + b"\r\n\r\n" + coffee
            + b"\r\n--B--\r\n")
    d = guard().check_response("https://a.example/team.mhtml", 200,
                               {"Content-Type": 'multipart/related; type="text/html"; boundary=B'}, body)
    assert "part.personal_images" in d.codes and not d.allowed


def test_a_page_that_reserves_its_images_has_its_embedded_pictures_removed_too() -> None:
    """`noimageai` covers the pictures a page carries inside it, not only those it links to;
    taken out as their own data: URI (an images pipeline), they stay reserved."""
    import base64

    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    uri = b"data:image/jpeg;base64," + base64.b64encode(coffee)
    page = (b'<html><head><meta name="robots" content="noimageai"></head><body><img src="/art/one.jpg">'
            b'<img src="' + uri + b'" alt="painting two"><p>text</p></body></html>')
    g = guard()
    d = g.check_response("https://art.example.fr/gallery.html", 200, {"Content-Type": "text/html"}, page)
    [embedded] = [i for i in d.images if i.kind == "inline"]
    assert embedded.action == "block" and "xrobots.noimageai" in embedded.reasons + [f.code for f in embedded.findings]
    assert d.action == "redact" and "inline.opted_out" in d.codes
    assert d.redacted_body is not None and uri not in d.redacted_body and b"<p>text</p>" in d.redacted_body
    alone = g.check_response(uri.decode(), 200, {"Content-Type": "image/jpeg"}, coffee)
    assert alone.url == embedded.url and alone.has("xrobots.noimageai") and not alone.allowed


@pytest.mark.parametrize("written", ["as it is", "slashes escaped", "bare base64"])
@pytest.mark.parametrize("content_type", ["application/json; charset=utf-16", "text/css; charset=utf-32",
                                          "application/json; charset=cp037"])
def test_a_portrait_embedded_in_an_ascii_text_under_a_wide_label_is_found(content_type: str, written: str) -> None:
    """A JSON answer in ASCII labelled UTF-16 (or UTF-32, EBCDIC) was searched as that text, which
    its bytes are not: the data: portrait they carry went unseen and the answer was allowed. So
    too for each way the search finds one in ASCII (PHP's json_encode escapes `/` as `\\/`; a
    bare base64 picture), where the same answer labelled UTF-8 is redacted."""
    import json

    uri = _inline("faces/grace_hopper.jpg").decode()
    body = json.dumps({"avatar": uri.split(",", 1)[1] if written == "bare base64" else uri}).encode()
    body = body.replace(b"/", b"\\/") if written == "slashes escaped" else body
    d = guard().check_response("https://api.example.org/user/1", 200, {"Content-Type": content_type}, body)
    assert "face.detected" in d.codes and d.action == "redact"
    assert d.redacted_body is not None and b"data:," in d.redacted_body and b"base64" not in d.redacted_body


@pytest.mark.parametrize("carrier", [b"text/html", b"text/css"])
def test_an_archived_page_that_reserves_its_images_covers_the_pictures_its_parts_embed(carrier: bytes) -> None:
    """An MHTML archive whose page says `noimageai` and carries its picture as a data: URI (in the
    page part, or in its style sheet's part) was allowed without a word: the page's word about its
    images applied only when the archive had picture parts. The same page alone has the picture
    removed; an archive cannot be redacted, so it is withheld."""
    import base64

    uri = b"data:image/jpeg;base64," + base64.b64encode((FACES_DIR / "no_faces" / "coffee.jpg").read_bytes())
    page = b'<html><head><meta name="robots" content="noimageai"></head><body><p>text</p>'
    picture = b'<img src="' + uri + b'" alt="painting">' if carrier == b"text/html" else b".hero{background:url(" + uri + b")}"
    body = (b"--B\r\nContent-Type: text/html\r\nContent-Location: https://art.example.fr/gallery\r\n\r\n" + page
            + (picture if carrier == b"text/html" else b"") + b"</body></html>\r\n"
            + (b"--B\r\nContent-Type: text/css\r\n\r\n" + picture + b"\r\n" if carrier == b"text/css" else b"")
            + b"--B--\r\n")
    headers = {"Content-Type": 'multipart/related; type="text/html"; boundary=B'}
    d = guard().check_response("https://art.example.fr/gallery.mhtml", 200, headers, body)
    assert d.action == "block" and "xrobots.noimageai" in d.codes
    unreserved = guard().check_response("https://art.example.fr/gallery.mhtml", 200, headers,
                                        body.replace(b"noimageai", b"all"))
    assert unreserved.allowed and unreserved.codes == []


def test_an_embedded_picture_nothing_reserves_leaves_the_page_as_it_is() -> None:
    import base64

    uri = b"data:image/jpeg;base64," + base64.b64encode((FACES_DIR / "no_faces" / "coffee.jpg").read_bytes())
    page = b'<html><body><img src="' + uri + b'"><p>text</p></body></html>'
    d = guard().check_response("https://art.example.fr/gallery.html", 200, {"Content-Type": "text/html"}, page)
    assert d.action == "allow" and not [i for i in d.images if i.kind == "inline"]


def test_an_embedded_picture_its_element_presents_as_a_persons_photo_is_judged_so() -> None:
    """(A review: `<img alt="Jane Doe, our CEO">` was a personal image referenced by URL and refused
    for want of a basis, but embedded as a data: URI with no face the detector finds, the same
    picture stayed in the page, and judged on its own, its remembered word said "nobody".)"""
    uri = _inline("no_faces/coffee.jpg")
    page = b'<html><body><p>Team</p><img src="' + uri + b'" alt="Jane Doe, our CEO"></body></html>'
    g = guard()
    d = g.check_response("https://team.example.fr/about.html", 200, {"Content-Type": "text/html"}, page)
    [embedded] = [i for i in d.images if i.kind == "inline"]
    assert "context.personal" in [f.code for f in embedded.findings] and embedded.action == "redact"
    assert d.action == "redact" and d.redacted_body is not None and uri[:200] not in d.redacted_body
    alone = g.check_response(embedded.url, 200, {"Content-Type": "image/jpeg"},
                             (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes())
    assert alone.has("context.personal") and alone.page_url == "https://team.example.fr/about.html"


def test_an_embedded_placeholder_of_a_few_pixels_is_no_ones_photo_whatever_its_element_says() -> None:
    """A lazy loader's 1x1 GIF under `alt="Jane Doe"` (the script puts her photo there later) shows no one."""
    gif = b"data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
    page = b'<html><body><img class="lazy" src="' + gif + b'" alt="Jane Doe, our CEO"></body></html>'
    d = guard().check_response("https://team.example.fr/about.html", 200, {"Content-Type": "text/html"}, page)
    assert d.action == "allow" and not [i for i in d.images if i.kind == "inline"]


def _requested_after_eviction(page_url: str, page: bytes, image: str, context_cache_size: int = 32) -> Decision:
    """The request for `image` after its page was judged and 40 other pages, each showing a picture
    of its own, pushed what the page said out of a guard of a small `context_cache_size`."""
    g = guard(context_cache_size=context_cache_size)
    g.check_response(page_url, 200, {"content-type": "text/html"}, page)
    for i in range(40):
        g.check_response(f"https://www.example.org/p{i}.html", 200, {"content-type": "text/html"},
                         f'<img src="/img/{i}.png" alt="chart">'.encode())
    return g.decide_request(image)


def test_a_pages_word_pushed_out_of_the_guards_memory_still_judges_its_image() -> None:
    """(A review: with more images queued than the context cache holds, an image its page called
    Jane Doe's photo, under UK law and reserved by `noimageai`, was requested with no word of any
    of it, and collected.) What is kept of the word judges it; its lost opt-outs, on_error."""
    page = (b'<html><head><meta name="robots" content="noimageai"></head><body>'
            b'<img src="https://cdn.example.com/u/jane.jpg" alt="Portrait of Jane Doe, our CEO"></body></html>')
    d = _requested_after_eviction("https://www.example.co.uk/team.html", page, "https://cdn.example.com/u/jane.jpg")
    assert d.has("context.personal") and "UK" in d.jurisdictions and d.page_url == "https://www.example.co.uk/team.html"
    [lost] = [f for f in d.findings if f.code == "context.evicted"]
    assert lost.kind == "error" and lost.action == "block" and not d.allowed
    assert [n for n in d.notes if n.code == "context.evicted"]


def test_a_pages_word_pushed_out_with_its_trace_still_reserves_its_image() -> None:
    """(A review: once a crawl had queued more images than the traces hold, four times the cache, a gallery's
    `noimageai` was forgotten and its images collected with no word.) Whether its opt-outs spoke of it and
    whether it was called a person's photo are kept, lossily: on_error decides, and the record says so."""
    page = (b'<html><head><meta name="robots" content="noimageai"></head><body>'
            b'<img src="https://cdn.example.com/u/jane.jpg" alt="Portrait of Jane Doe, our CEO"></body></html>')
    d = _requested_after_eviction("https://www.example.co.uk/team.html", page, "https://cdn.example.com/u/jane.jpg",
                                  context_cache_size=2)
    assert d.has("context.evicted") and d.has("context.personal") and not d.allowed
    assert [n for n in d.notes if n.code == "context.lost"] and d.page_url is None


def test_an_opt_out_for_another_crawler_lost_with_its_page_word_does_not_block_this_one() -> None:
    """(A review: any rule on the page, for whatever crawler, blocked its evicted images.)"""
    page = (b'<html><head><meta name="OtherBot" content="noimageai"></head><body>'
            b'<img src="https://cdn.example.com/u/mug.jpg" alt="A blue mug"></body></html>')
    d = _requested_after_eviction("https://shop.example.org/mug.html", page, "https://cdn.example.com/u/mug.jpg")
    assert not d.has("context.evicted") and [n for n in d.notes if n.code == "context.evicted"]


def test_what_a_page_said_of_an_image_stands_for_every_fetch_of_it() -> None:
    """A retry or a second crawl of the photo is judged as the first was."""
    g = guard()
    page = b'<img src="/img/jd.jpg" alt="Portrait of Jane Doe, our CEO">'
    g.check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page)
    for _ in range(2):
        d = g.check_response("https://a.example/img/jd.jpg", 200, {"content-type": "image/jpeg"}, b"\xff\xd8\xff")
        assert d.has("context.personal")


PROFILE_PAGE = (b'<html><head><meta property="og:type" content="profile"><title>Jane Doe | Profile</title></head>'
                b'<body><p>Jane</p></body></html>')


@pytest.mark.parametrize("field", [("link", "</p/jane-doe.jpg>; rel=preload; as=image"),
                                   ("refresh", "0; url=/p/jane-doe.jpg")])
def test_a_picture_a_pages_header_fields_fetch_is_judged_with_what_the_page_says_of_itself(
        field: tuple[str, str]) -> None:
    """A profile page's portrait preloaded by its `Link` field, or sent on to by its `Refresh` field, is judged
    as the same `<link rel=preload as=image>` or `<meta http-equiv=refresh>` in its markup is: a person's, taken
    out, and remembered so for its own request (it was judged with nothing said of it, or not read at all, and
    allowed: review, session 70)."""
    g = guard()
    d = g.check_response("https://a.example/u/jane", 200, {"content-type": "text/html", field[0]: field[1]},
                         PROFILE_PAGE)
    [portrait] = d.images
    assert portrait.url == "https://a.example/p/jane-doe.jpg" and portrait.personal
    assert "page:og:profile" in portrait.reasons and portrait.action == "redact" and d.action == "redact"
    photo = g.check_response("https://a.example/p/jane-doe.jpg", 200, {"content-type": "image/jpeg"}, b"\xff\xd8\xff")
    assert photo.has("context.personal")


def test_a_picture_a_pages_header_fields_fetch_keeps_its_pages_opt_out_when_the_page_cannot_be_read(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(no parse is needed to know them: the page's `noimageai` still reaches them, as before they were analysed)"""
    from scrapeguard.detect import page_deadline
    from scrapeguard.detect.base import PageAnalysis

    monkeypatch.setattr(page_deadline, "analyse_page_within", lambda *_a, **_k: PageAnalysis(error="unparsable"))
    g = guard()
    g.check_response("https://a.example/p.html", 200, {"content-type": "text/html", "x-robots-tag": "noimageai",
                                                      "link": "</hero.jpg>; rel=preload; as=image"}, b"<p>hi</p>")
    hero = g.check_response("https://a.example/hero.jpg", 200, {"content-type": "image/jpeg"}, b"\xff\xd8\xff")
    assert hero.has("xrobots.noimageai")


@pytest.mark.parametrize("refresh", ["0; url=/about.html", "30", "0; url=javascript:alert(1).jpg", "; url=/p/a.jpg"])
def test_a_refresh_field_to_no_picture_names_none(refresh: str) -> None:
    d = guard().check_response("https://a.example/u/jane", 200, {"content-type": "text/html", "refresh": refresh},
                               PROFILE_PAGE)
    assert d.images == [] and d.action == "allow"


def test_a_header_fields_picture_is_read_against_the_answers_url_not_the_pages_base() -> None:
    """(RFC 8288 §3.2: a Link target is relative to the answer's URL; a `<base href>` is the markup's own)"""
    page = PROFILE_PAGE.replace(b"<title>", b'<base href="https://cdn.example/x/"><title>')
    d = guard().check_response("https://a.example/u/jane", 200,
                               {"content-type": "text/html", "link": "<jane-doe.jpg>; rel=preload; as=image"}, page)
    assert [i.url for i in d.images] == ["https://a.example/u/jane-doe.jpg"]


def test_a_request_naming_no_purpose_is_judged_for_the_default_whatever_a_page_was_read_for(tmp_path: Path) -> None:
    """One guard serves many clients (a proxy): a page one of them read for another purpose
    does not change the purpose another's request is judged for. (Carrying a page's purpose to
    its images is the adapter's, within one crawl: the Scrapy middleware's.)"""
    policy = write_two_purpose_policy(tmp_path, default="redact", second="block")
    g = guard(policy)
    assert g.default_purpose.id != "ai-training"
    page = b'<img src="/img/jd.jpg" alt="Portrait of Jane Doe, our CEO">'
    g.check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page, purpose="ai-training")
    d = g.decide_request("https://a.example/img/jd.jpg")
    assert d.purpose == g.default_purpose.id and d.has("context.personal") and d.action != "block"
    named = g.decide_request("https://a.example/img/jd.jpg", purpose="ai-training")
    assert named.purpose == "ai-training" and named.action == "block"


# guardkit's second purpose, as a search index
SEARCH_PURPOSE = (SECOND_PURPOSE.replace('id = "ai-training"', 'id = "link-index"')
                  .replace('usage = "train-ai"', 'usage = "search"').format(second="redact"))
NOIMAGEAI_PAGE = b'<html><head><meta name="robots" content="noimageai"></head><body><img src="/img/a.jpg"></body></html>'
JPEG = {"content-type": "image/jpeg"}


def search_and_training(tmp_path: Path) -> Guard:
    """gdpr-strict (web-text-corpus, usage train-ai) plus a purpose "link-index" of usage search."""
    path = tmp_path / "search-and-training.toml"
    path.write_text(STRICT + SEARCH_PURPOSE)
    g = guard(path)
    assert g.default_purpose.usage == "train-ai" and g.purpose("link-index").usage == "search"
    return g


@pytest.mark.parametrize("stage", ["request", "response"])
def test_a_pages_word_about_its_images_is_judged_for_the_images_purpose_not_the_pages(tmp_path: Path, stage: str) -> None:
    """`noimageai` says nothing to a search index, which the page was read for; the image is
    then fetched for AI training, which it reserves against."""
    g = search_and_training(tmp_path)
    page = g.check_response("https://a.example/gallery.html", 200, {"content-type": "text/html"}, NOIMAGEAI_PAGE,
                            purpose="link-index")
    assert page.allowed and not page.images[0].findings

    def image(purpose: str) -> Decision:
        if stage == "request":
            return g.decide_request("https://a.example/img/a.jpg", purpose=purpose)
        return g.check_response("https://a.example/img/a.jpg", 200, JPEG, b"\xff\xd8\xff", purpose=purpose)

    training = image("web-text-corpus")
    assert training.action == "block" and training.has("xrobots.noimageai")
    assert "ai-train" in next(f for f in training.findings if f.code == "xrobots.noimageai").detail
    assert not image("link-index").has("xrobots.noimageai")


@pytest.mark.parametrize("stage", ["request", "response"])
def test_an_image_is_not_blocked_for_a_usage_its_page_reserved_only_for_another(tmp_path: Path, stage: str) -> None:
    """The reverse order: the page read for AI training, its image fetched for a search index,
    which `noimageai` does not reserve against."""
    g = search_and_training(tmp_path)
    g.check_response("https://a.example/gallery.html", 200, {"content-type": "text/html"}, NOIMAGEAI_PAGE)
    if stage == "request":
        d = g.decide_request("https://a.example/img/a.jpg", purpose="link-index")
    else:
        d = g.check_response("https://a.example/img/a.jpg", 200, JPEG, b"\xff\xd8\xff", purpose="link-index")
    assert not d.has("xrobots.noimageai") and not [f for f in d.findings if f.kind == "opt_out"]
    assert g.decide_request("https://a.example/img/a.jpg").has("xrobots.noimageai")  # for training: still reserved


def test_a_meta_tag_naming_one_crawler_binds_that_crawlers_image_requests_only() -> None:
    """`<meta name="testbot">` speaks to the guard's own crawler; `<meta name="otherbot">` to a
    request an adapter forwards with OtherBot's user agent, whichever crawler read the page."""
    page = (b'<html><head><meta name="testbot" content="noimageai"><meta name="otherbot" content="noai"></head>'
            b'<body><img src="/img/a.jpg"></body></html>')
    for reader in (None, "OtherBot/2.0", "ThirdBot/1.0"):  # the user agent the page itself was read with
        g = guard()
        g.check_response("https://a.example/p.html", 200, {"content-type": "text/html"}, page, user_agent=reader)
        ours = g.decide_request("https://a.example/img/a.jpg")
        assert ours.has("xrobots.noimageai") and not ours.has("xrobots.noai"), reader
        other = g.decide_request("https://a.example/img/a.jpg", user_agent="OtherBot/2.0")
        assert other.has("xrobots.noai") and not other.has("xrobots.noimageai"), reader
        third = g.check_response("https://a.example/img/a.jpg", 200, JPEG, b"\xff\xd8\xff", user_agent="ThirdBot/1.0")
        assert not [f for f in third.findings if f.kind == "opt_out"], reader


def test_the_rules_pages_name_crawlers_in_stay_bounded_per_image_and_what_is_cut_is_said() -> None:
    from scrapeguard.signals.base import MAX_IMAGE_RULES

    g = guard()
    names = [[f"bot{chr(97 + n)}{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(40)] for n in range(3)]
    for n, bots in enumerate(names):  # three pages about one logo, each naming 40 crawlers of its own
        field = ", ".join(f"{bot}: noimageai" for bot in bots)
        g.check_response(f"https://a.example/p{n}.html", 200, {"content-type": "text/html", "x-robots-tag": field},
                         b'<html><head><meta name="robots" content="noimageindex"></head><img src="/logo.png">')
    decisions = [g.decide_request("https://a.example/logo.png", user_agent=f"{bot}/1") for bots in names for bot in bots]
    assert len([d for d in decisions if d.has("xrobots.noimageai")]) == MAX_IMAGE_RULES
    assert all("images.rules_cut" in [n.code for n in d.notes] for d in decisions)  # whose were cut is not known
    assert "images.rules_cut" in [n.code for n in g.decide_request("https://a.example/logo.png").notes]


def test_opt_outs_sent_after_hundreds_of_other_header_fields_are_read() -> None:
    headers = [("X-Trace", f"hop-{i}") for i in range(300)] + [("X-Robots-Tag", "noai")]  # (fields no signal is read from)
    d = guard().check_response("https://a.example/p.jpg", 200, headers, b"")
    assert d.has("xrobots.noai") and not d.allowed and "headers.dropped" in [n.code for n in d.notes]


def test_opt_outs_past_every_bound_on_header_fields_are_an_incomplete_reading_for_on_error() -> None:
    headers = [("X-Robots-Tag", "all")] * 600
    d = guard().check_response("https://a.example/p.html", 200, headers, b"")
    assert d.has("headers.dropped") and not d.allowed  # gdpr-strict: fail-closed


def test_an_opt_out_field_cut_at_the_value_cap_is_an_incomplete_reading_for_on_error() -> None:
    """An X-Robots-Tag over 16 KiB with `noai` past the cut got only a note (`xrobots.truncated`) and was
    allowed, while fields dropped past the field cap are an error finding: a cut is one too."""
    value = "x" * 16380 + ", noai"
    closed = guard().check_response("https://a.example/p.html", 200, {"content-type": "text/html",
                                                                      "x-robots-tag": value}, b"<p>hi</p>")
    [finding] = [f for f in closed.findings if f.code == "headers.cut"]
    assert finding.kind == "error" and not closed.allowed  # gdpr-strict: fail-closed
    opened = guard("log-only").check_response("https://a.example/p.html", 200, {"content-type": "text/html",
                                                                               "x-robots-tag": value}, b"<p>hi</p>")
    assert opened.allowed and opened.has("headers.cut")


_HUNDREDS_OF_FIELDS = [("Link", "<x>; rel=a")] * 300 + [("X-Robots-Tag", "noai")] * 300


@pytest.mark.parametrize("headers", [[("X-Robots-Tag", "noindex, " * 2000 + "noai")],  # (18 kB: cut)
                                     [("Robots-Tag", "noindex, " * 2000 + "noai")],
                                     _HUNDREDS_OF_FIELDS])  # (dropped past the cap)
def test_a_header_field_cut_or_dropped_of_a_family_the_policy_only_logs_is_only_logged(
        tmp_path: Path, headers: list[tuple[str, str]]) -> None:
    """docs/what-it-checks.md: an opt-out left unread at a cap is decided by on_error "never more strictly
    than the signal itself would have"; with `x_robots_tag = "log"` an 18 kB X-Robots-Tag was blocked
    (`headers.cut`, fail-closed), as were 300 Link and 300 X-Robots-Tag fields (`headers.dropped`)."""
    g = guard(variant(tmp_path, 'x_robots_tag = "obey"', 'x_robots_tag = "log"'))
    d = g.check_response("https://a.example/p.html", 200, [("Content-Type", "text/html"), *headers], b"<p>hi</p>")
    [f] = [f for f in d.findings if f.code in ("headers.cut", "headers.dropped")]
    assert (f.kind, f.action, f.rule) == ("error", "log", "signals.x_robots_tag = log")
    assert d.allowed and d.action == "log"


def test_a_header_field_cut_of_families_the_policy_ignores_is_a_note(tmp_path: Path) -> None:
    path = variant(tmp_path, 'x_robots_tag = "obey"', 'x_robots_tag = "ignore"')
    path.write_text(path.read_text().replace('content_usage = "obey"', 'content_usage = "ignore"'))
    d = guard(path).check_response("https://a.example/p.html", 200, {"Content-Type": "text/html",
                                                                     "X-Robots-Tag": "noindex, " * 2000 + "noai"},
                                   b"<p>hi</p>")
    assert d.allowed and not d.has("headers.cut")
    assert "headers.cut" in [n.code for n in d.notes]


def test_a_header_field_of_no_signal_family_dropped_past_the_cap_is_still_for_on_error(tmp_path: Path) -> None:
    headers = [("X-Trace", "v")] * 256 + [("X-Robots-Tag", "all")] * 256 + [("Content-Type", "text/html")]
    d = guard(variant(tmp_path, 'x_robots_tag = "obey"', 'x_robots_tag = "log"')).check_response(
        "https://a.example/p.html", 200, headers, b"<p>hi</p>")
    [f] = [f for f in d.findings if f.code == "headers.dropped"]
    assert (f.action, f.rule, f.evidence["fields"]) == ("block", "runtime.on_error=fail-closed", ["content-type"])

@pytest.mark.parametrize("kind", ["scrapy", "mitmproxy", "dict-of-lists"])
def test_header_objects_holding_several_values_per_name_are_read_field_by_field(kind: str) -> None:
    if kind == "scrapy":
        from scrapy.http.headers import Headers as ScrapyHeaders

        headers: object = ScrapyHeaders({"X-Robots-Tag": ["googlebot: noindex", "noai"]})
    elif kind == "mitmproxy":
        from mitmproxy.http import Headers as MitmHeaders

        headers = MitmHeaders([(b"X-Robots-Tag", b"googlebot: noindex"), (b"X-Robots-Tag", b"noai")])
    else:
        headers = {"X-Robots-Tag": ["googlebot: noindex", "noai"]}
    d = guard().check_response("https://a.example/p.jpg", 200, headers, b"")  # type: ignore[arg-type]
    assert d.has("xrobots.noai") and not d.allowed


def test_a_header_value_that_is_no_text_is_an_error_never_read_as_its_repr() -> None:
    d = guard().check_response("https://a.example/p.jpg", 200, {"X-Robots-Tag": object()}, b"")  # type: ignore[dict-item]
    assert not d.allowed and d.findings[0].kind == "error"


def test_a_body_judged_on_its_first_bytes_says_so_and_carries_no_hash_of_them() -> None:
    """An adapter that sniffed an archive's first bytes and streams the rest unread: its note says
    what was judged (not 'cut by the adapter's cap'), and a hash of the start is no body_sha256."""
    head = b"PK\x03\x04" + bytes(508)
    d = guard().check_response("http://a.example/a.zip", 200, {"content-type": "application/zip"}, head, sniffed=True)
    assert d.allowed and d.body_sha256 is None and not d.has("body.truncated")
    assert [(n.code, n.detail) for n in d.notes if n.code == "body.sniffed"] == \
        [("body.sniffed", "judged on its headers and first 512 bytes; the rest passes unread")]


def test_a_sound_file_judged_on_its_first_bytes_is_said_to_hold_the_cover_art_they_show() -> None:
    """A proxy judges an MP3 on its first bytes when the rest has not come yet: its record said nothing of the
    portrait in its ID3 tag, where the same file come whole was said to hold one (`body.container`): a proxy's
    record hung on how fast the origin sent it."""
    head = mp3()[:5000]
    d = guard().check_response("http://a.example/a.mp3", 200, {"content-type": "audio/mpeg"}, head, sniffed=True)
    assert {"body.sniffed", "body.container"} <= {n.code for n in d.notes} and d.allowed
    bare = guard().check_response("http://a.example/b.mp3", 200, {"content-type": "audio/mpeg"}, mp3(None)[:5000],
                                  sniffed=True)
    assert "body.sniffed" in {n.code for n in bare.notes} and "body.container" not in {n.code for n in bare.notes}


def test_a_page_given_only_its_first_bytes_is_an_incomplete_judgement_for_on_error() -> None:
    d = guard().check_response("http://a.example/p.html", 200, {"content-type": "text/html"}, b"<p>a</p>", sniffed=True)
    assert d.has("body.sniffed") and not d.allowed and d.body_sha256 is None
    d = guard("log-only").check_response("http://a.example/p.html", 200, {"content-type": "text/html"}, b"<p>a</p>",
                                         sniffed=True)
    assert d.has("body.sniffed") and d.allowed


def _gif_with_a_face_in_frame_2() -> bytes:
    import io

    from PIL import Image

    face = Image.open(Path(__file__).parent / "data" / "images" / "faces" / "grace_hopper.jpg").convert("RGB")
    out = io.BytesIO()
    Image.new("RGB", face.size, (200, 200, 200)).save(out, "GIF", save_all=True, append_images=[face],
                                                      duration=[100, 5000], loop=0)
    return out.getvalue()


def test_an_animation_whose_later_frames_were_not_analysed_is_an_incomplete_judgement_for_on_error() -> None:
    """A GIF cut in its second frame (where the face is) was allowed with a note; a cut still is blocked."""
    cut = _gif_with_a_face_in_frame_2()
    cut = cut[: int(len(cut) * 0.9)]
    d = guard().check_response("https://a.example/a.gif", 200, {"content-type": "image/gif"}, cut)
    assert not d.allowed and d.has("image.frames_unchecked")
    assert [f.action for f in d.findings if f.code == "image.frames_unchecked"] == ["block"]  # fail-closed
    d = guard("log-only").check_response("https://a.example/a.gif", 200, {"content-type": "image/gif"}, cut)
    assert d.allowed and d.has("image.frames_unchecked")
    body = b"--f\r\nContent-Type: image/gif\r\n\r\n" + cut + b"\r\n--f--\r\n"
    d = guard().check_response("https://a.example/cam", 200,
                               {"content-type": "multipart/x-mixed-replace; boundary=f"}, body)
    assert not d.allowed and [f.source for f in d.findings if f.code == "image.frames_unchecked"] == \
        ["https://a.example/cam#part1"]


@pytest.mark.parametrize(("content_type", "body"), [
    ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"/></svg>'),
    ("application/octet-stream", b"\x00" * 64),
    ("image/jpeg", b""),
])
def test_audit_mode_records_the_block_enforcing_makes_of_what_cannot_be_redacted(content_type: str,
                                                                                 body: bytes) -> None:
    """(review) log-only recorded `redact` for Jane's portrait as an SVG, an unreadable or an empty
    body, which gdpr-strict withholds as `redact.unavailable`: a rollout's review of its would-be
    blocks missed them. Recorded as the block, with the note; still handed over as fetched."""
    from scrapeguard.enact import must_withhold

    page = (b'<figure><img src="http://example.de/jane.svg" alt="Jane Doe"><figcaption>Portrait of Jane Doe'
            b'</figcaption></figure>')
    decisions = {}
    for policy in ("gdpr-strict", "log-only"):
        g = guard(policy)
        g.check_response("http://example.de/about", 200, {"content-type": "text/html"}, page)
        decisions[policy] = g.check_response("http://example.de/jane.svg", 200, {"content-type": content_type}, body)
    enforced, audited = decisions["gdpr-strict"], decisions["log-only"]
    assert enforced.action == audited.action == "block" and not enforced.allowed
    assert audited.allowed and not must_withhold(audited) and audited.redacted_body is None
    [note] = [n for n in audited.notes if n.code == "redact.unavailable"]
    assert "enforcing would withhold it (runtime.mode = 'audit': handed over as fetched)" in note.detail


def test_audit_mode_records_a_part_of_a_range_as_enforcing_does() -> None:
    """(review) A part of an SVG (206) is withheld by enforcing as a part, `redact.range_part`, with the action
    `redact`; audit mode recorded it as the block of an SVG no redacted copy can be made of."""
    page = (b'<figure><img src="http://example.de/jane.svg" alt="Jane Doe"><figcaption>Portrait of Jane Doe'
            b'</figcaption></figure>')
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"/></svg>'
    actions = {}
    for policy in ("gdpr-strict", "log-only"):
        g = guard(policy)
        g.check_response("http://example.de/about", 200, {"content-type": "text/html"}, page)
        actions[policy] = g.check_response("http://example.de/jane.svg", 206, {"content-type": "image/svg+xml",
                                           "content-range": "bytes 0-99/5000"}, svg).action
    assert actions == {"gdpr-strict": "redact", "log-only": "redact"}


def test_audit_mode_still_records_redact_where_a_redacted_copy_could_be_made() -> None:
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    d = guard("log-only").check_response("https://a.example/p.jpg", 200, {"content-type": "image/jpeg"}, face)
    assert d.action == "redact" and d.allowed and d.redacted_body is None
    assert not [n for n in d.notes if n.code.startswith("redact.")]


def _opted_out_pictures() -> dict[str, bytes]:
    from signals.image_fixtures import jpeg_with_c2pa, jpeg_with_xmp, manifest_store, xmp_packet

    return {"xmp.data_mining.prohibited": jpeg_with_xmp(xmp_packet("DMI-PROHIBITED")),
            "c2pa.training.not_allowed": jpeg_with_c2pa(manifest_store(
                "cawg.training-mining", {"cawg.ai_generative_training": "notAllowed"}))}


@pytest.mark.parametrize("code", ["xmp.data_mining.prohibited", "c2pa.training.not_allowed"])
def test_an_opt_out_inside_an_embedded_picture_or_a_part_is_obeyed_as_in_the_fetched_picture(code: str) -> None:
    """The same bytes blocked when fetched by URL passed when carried as a data: URI (SVG, JSON)
    or a multipart part: the embedded-metadata reader read only answers that are images."""
    import base64

    from scrapeguard.detect.inline import data_uri_name

    picture = _opted_out_pictures()[code]
    uri = "data:image/jpeg;base64," + base64.b64encode(picture).decode()
    name = data_uri_name(uri, picture)
    g = guard()
    assert g.check_response("https://a.example/p.jpg", 200, {"content-type": "image/jpeg"}, picture).has(code)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><image href="{uri}"/></svg>').encode()
    json = ('{"avatar": "' + uri + '"}').encode()
    part = b"--f\r\nContent-Type: image/jpeg\r\n\r\n" + picture + b"\r\n--f--\r\n"
    for ctype, body, source in (("image/svg+xml", svg, name), ("application/json", json, name),
                                ("multipart/x-mixed-replace; boundary=f", part, "https://a.example/x#part1")):
        d = g.check_response("https://a.example/x", 200, {"content-type": ctype}, body)
        assert not d.allowed and [f.kind for f in d.findings if f.code == code] == ["opt_out"], ctype
        assert all(source in f.source for f in d.findings if f.code == code), ctype


def test_an_embedded_pictures_own_opt_out_the_policy_ignores_is_a_note_on_its_entry(tmp_path: Path) -> None:
    """Fetched on its own the picture's ignored `DMI-PROHIBITED` is a `signal.ignored` note; embedded
    in a page it left nothing anywhere (found in review): a note, never silence."""
    import base64

    picture = _opted_out_pictures()["xmp.data_mining.prohibited"]
    page = b'<html><body><img src="data:image/jpeg;base64,' + base64.b64encode(picture) + b'"><p>text</p></body></html>'
    g = guard(variant(tmp_path, 'iptc_data_mining = "obey"', 'iptc_data_mining = "ignore"'))
    d = g.check_response("https://art.example.fr/gallery.html", 200, {"Content-Type": "text/html"}, page)
    [embedded] = [i for i in d.images if i.kind == "inline"]
    assert d.allowed and embedded.action == "allow" and embedded.findings == []
    assert [n.code for n in embedded.notes] == ["signal.ignored"] and "DMI-PROHIBITED" in embedded.notes[0].detail


def test_a_page_s_embedded_picture_that_opts_out_itself_is_removed_from_the_page() -> None:
    import base64

    picture = _opted_out_pictures()["xmp.data_mining.prohibited"]
    uri = b"data:image/jpeg;base64," + base64.b64encode(picture)
    page = b'<html><body><img src="' + uri + b'"><p>text</p></body></html>'
    d = guard().check_response("https://art.example.fr/gallery.html", 200, {"Content-Type": "text/html"}, page)
    [embedded] = [i for i in d.images if i.kind == "inline"]
    assert embedded.action == "block" and [f.code for f in embedded.findings] == ["xmp.data_mining.prohibited"]
    assert d.action == "redact" and d.has("inline.opted_out")
    assert d.redacted_body is not None and uri not in d.redacted_body and b"<p>text</p>" in d.redacted_body


def test_an_embedded_picture_past_those_checked_still_has_its_own_opt_out_read(tmp_path: Path) -> None:
    """Past the 64 pictures one answer gets checked for faces, a picture's own opt-out (XMP, C2PA:
    read in a fraction of a millisecond, as its base64 was decoded) went unread: under fail-open
    the picture was kept, only `inline.unchecked` (or `part.unchecked`) logged, though an opt-out
    binds whatever on_error says. It is read for every picture the answer carries."""
    import base64

    picture = _opted_out_pictures()["xmp.data_mining.prohibited"]
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    uri = b"data:image/jpeg;base64," + base64.b64encode(picture)
    noise = b"".join(b'<img src="' + _inline("no_faces/coffee.jpg") + b"#%d" % i + b'">' for i in range(MAX_INLINE))
    page = b"<html><body>" + noise + b'<img src="' + uri + b'"><p>text</p></body></html>'
    g = guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'))
    d = g.check_response("https://art.example.fr/gallery.html", 200, {"Content-Type": "text/html"}, page)
    assert d.has("inline.opted_out") and d.redacted_body is not None and uri not in d.redacted_body
    parts = b"".join(b"--f\r\nContent-Type: image/jpeg\r\n\r\n" + data + b"\r\n"
                     for data in [coffee] * MAX_INLINE + [coffee, picture]) + b"--f--\r\n"
    d = g.check_response("https://a.example/cam", 200, {"content-type": "multipart/x-mixed-replace; boundary=f"}, parts)
    assert d.has("xmp.data_mining.prohibited") and not d.allowed
    assert d.codes.count("part.unchecked") == 1


# ---------------------------------------------------------------- one encoding, a UTF-16 page's pictures, limits
@pytest.mark.parametrize(("enc", "meta", "name"), [("cp1252", "windows-1252", "jos\u00e9-doe"),
                                                   ("shift_jis", "shift_jis", "\u5c71\u7530")])
@pytest.mark.parametrize("ctype", ["text/html; charset=utf-8", "text/html"])
def test_a_redacted_page_loses_the_picture_whichever_charset_speaks(enc: str, meta: str, name: str, ctype: str) -> None:
    """The header says UTF-8, the page's <meta> another encoding: the analysis and redaction
    read it in the same one (the header's, as a browser), so the portrait found is removed."""
    body = (f'<html><head><meta charset="{meta}"><title>Team</title></head><body><figure>'
            f'<img src="/img/{name}.jpg" alt="Portrait of Jane Doe, our CEO"><figcaption>Jane Doe, CEO</figcaption>'
            f'</figure><p>caf\u00e9</p></body></html>').encode(enc, "replace")
    d = guard().check_response("https://ex.example/team", 200, {"content-type": ctype}, body)
    assert d.action == "redact" and any(i.personal for i in d.images)
    assert d.redacted_body is not None and b"<img" not in d.redacted_body and b"<figcaption>" in d.redacted_body


@pytest.mark.parametrize(("enc", "sent"), [("windows-1252", "Gr%FCnwald"), ("shift_jis", "%8ER%93c"),
                                            ("utf-8", "Gr%C3%BCnwald")])
def test_a_picture_is_judged_with_its_pages_word_when_asked_for_with_a_query_in_the_pages_encoding(
        enc: str, sent: str) -> None:
    """A browser and Scrapy (w3lib) encode a reference's query in its page's encoding: a windows-1252 page's
    `bild.php?datei=Grünwald.jpg` is asked for as `…Gr%FCnwald.jpg`, and lost the page's word (review)."""
    name = "Grünwald" if enc != "shift_jis" else "\u5c71\u7530"
    body = (f'<html><head><meta charset="{enc}"><meta name="robots" content="noimageai"></head><body>'
            f'<img src="/bild.php?datei={name}.jpg"></body></html>').encode(enc)
    g = guard()
    g.check_response("https://ex.example/p", 200, {"content-type": "text/html"}, body)
    d = g.check_response(f"https://ex.example/bild.php?datei={sent}.jpg", 200, {"content-type": "image/jpeg"},
                         (FACES_DIR / "no_faces/coffee.jpg").read_bytes())
    assert d.action == "block" and "xrobots.noimageai" in d.codes, d.codes


def test_a_lightboxs_full_size_copy_asked_for_with_its_query_in_the_pages_encoding_has_the_pages_word() -> None:
    """(Review of the change: the thumbnail's spelling was remembered, its enlargement's not.)"""
    body = ('<html><head><meta charset="windows-1252"><meta name="robots" content="noimageai"></head><body>'
            '<a href="/bild.php?datei=Grünwald_gross.jpg"><img src="/bild.php?datei=Grünwald.jpg"></a>'
            '</body></html>').encode("cp1252")
    g = guard()
    g.check_response("https://ex.example/p", 200, {"content-type": "text/html"}, body)
    d = g.check_response("https://ex.example/bild.php?datei=Gr%FCnwald_gross.jpg", 200,
                         {"content-type": "image/jpeg"}, (FACES_DIR / "no_faces/coffee.jpg").read_bytes())
    assert d.action == "block" and "xrobots.noimageai" in d.codes, d.codes


@pytest.mark.parametrize("ctype", ["text/html; charset=utf-16", "text/html"])
@pytest.mark.parametrize("bom", [True, False])
def test_a_portrait_embedded_in_a_utf16_page_is_judged_and_emptied(ctype: str, bom: bool) -> None:
    page = ('<!doctype html><html><head><meta charset="utf-8"><title>x</title></head><body><p>Gr\u00fc\u00dfe</p>'
            '<img src="' + _inline("faces/grace_hopper.jpg").decode() + '"><p>\U0001f600 end</p></body></html>')
    body = page.encode("utf-16" if bom else "utf-16-le")
    d = guard().check_response("https://ex.example/p", 200, {"content-type": ctype}, body)
    assert d.action == "redact" and "page.personal_images" in d.codes
    assert [i.kind for i in d.images if i.personal] == ["inline"]
    out = d.redacted_body
    assert out is not None and out.startswith(b"\xff\xfe") == bom
    text = out.decode("utf-16" if bom else "utf-16-le")
    assert 'src="data:,"' in text and "base64" not in text and "Gr\u00fc\u00dfe" in text and "\U0001f600 end" in text


def test_image_references_left_unread_are_decided_by_on_error() -> None:
    """Past the analysis's limits a portrait may go unseen: an error finding, as a body past
    the byte cap is; a <style> block past its limit is decoration, and a JSON-LD block no JSON
    parser reads hands the crawler no URL either: only noted."""
    from scrapeguard.detect.page import MAX_REFS
    from scrapeguard.detect.page_jsonld import MAX_JSONLD_CHARS

    many = "".join(f'<img src="/i/{k}.png">' for k in range(MAX_REFS + 1))
    late = f'<html><body>{many}<img src="/img/jane-doe.jpg" alt="Portrait of Jane Doe"></body></html>'.encode()
    huge = '{"@type": "Person", "image": "/img/jane.jpg", "description": "' + "x" * MAX_JSONLD_CHARS + '"}'
    unread_ld = f'<script type="application/ld+json">{huge}</script><p>x</p>'.encode()
    for body in (late, unread_ld):
        closed = guard().check_response("http://a.example/p.html", 200, {"content-type": "text/html"}, body)
        assert "page.incomplete" in closed.codes and not closed.allowed
        opened = guard("log-only").check_response("http://a.example/p.html", 200, {"content-type": "text/html"}, body)
        assert opened.allowed and any(n.code == "page.limit" for n in opened.notes)
    from scrapeguard.detect.page import MAX_STYLESHEETS

    sheets = "<style>p{color:red}</style>" * (MAX_STYLESHEETS + 1)
    d = guard().check_response("http://a.example/p.html", 200, {"content-type": "text/html"},
                               f"<html><head>{sheets}</head><body><p>x</p></body></html>".encode())
    assert "page.incomplete" not in d.codes and any(n.code == "page.limit" for n in d.notes) and d.allowed
    broken = guard().check_response("http://a.example/p.html", 200, {"content-type": "text/html"},
                                    b'<script type="application/ld+json">{nonsense</script><p>x</p>')
    assert "page.incomplete" not in broken.codes and broken.allowed
    assert any("not valid JSON" in n.detail for n in broken.notes if n.code == "page.limit")


def test_a_portrait_in_a_utf16_json_answer_is_found() -> None:
    """No markup shows a JSON answer is UTF-16: its first character, a NUL byte beside "{", does."""
    body = ('{"avatar": "' + _inline("faces/grace_hopper.jpg").decode() + '"}').encode("utf-16-le")
    d = guard().check_response("https://api.example.org/me", 200, {"content-type": "application/json"}, body)
    assert "face.detected" in d.codes and d.action != "allow"


def test_a_portrait_in_a_utf16_json_answer_without_a_byte_order_mark_is_blanked_in_utf16() -> None:
    """The search found the picture in UTF-16 (its first character shows the encoding), but the
    copy was blanked as UTF-8: 'data:,' written as six ASCII bytes inside UTF-16 text."""
    body = ('{"avatar": "' + _inline("faces/grace_hopper.jpg").decode() + '", "name": "Anna"}').encode("utf-16-le")
    for ctype in ("application/json", "application/json; charset=utf-16"):
        d = guard().check_response("https://api.example.org/me", 200, {"content-type": ctype}, body)
        assert d.action == "redact" and d.redacted_body is not None
        assert d.redacted_body.decode("utf-16-le") == '{"avatar": "data:,", "name": "Anna"}'


@pytest.mark.parametrize(("codec", "ctype"), [("utf-32-le", "application/json"), ("utf-32-be", "application/json"),
                                              ("utf-32-le", "application/json; charset=utf-32"),
                                              ("utf-32-be", "application/json; charset=utf-32be")])
def test_a_portrait_in_a_utf32_json_answer_without_a_byte_order_mark_is_found_and_blanked_in_utf32(codec: str,
                                                                                                  ctype: str) -> None:
    """Its "{" (7B 00 00 00) read as a UTF-16 "{" and a NUL: the search read it as UTF-16 and
    the portrait was allowed unseen."""
    body = ('{"avatar": "' + _inline("faces/grace_hopper.jpg").decode() + '", "name": "Anna"}').encode(codec)
    d = guard().check_response("https://api.example.org/me", 200, {"content-type": ctype}, body)
    assert "face.detected" in d.codes and d.action == "redact" and d.redacted_body is not None
    assert d.redacted_body.decode(codec) == '{"avatar": "data:,", "name": "Anna"}'
    # one byte short (its coding broke off, or a cap that is no multiple of four): still UTF-32
    cut = guard().check_response("https://api.example.org/me", 200, {"content-type": ctype}, body[:-1], broken_off=True)
    assert "face.detected" in cut.codes


def test_a_body_cut_short_of_the_policys_cap_names_the_callers_limit() -> None:
    """GuardTransport(max_body_bytes=300) cut a page at 300 bytes, and the finding told the user to
    raise runtime.max_body_bytes (20 MiB), which would change nothing."""
    d = guard().check_response("https://a.example/p.html", 200, {"content-type": "text/html"}, b"<p>" + b"x" * 297,
                               truncated=True)
    [finding] = [f for f in d.findings if f.code == "body.too_large"]
    assert "caller's own size limit" in finding.detail and "only the first 300 bytes" in finding.detail


# ------------------------------------------------------- a body still in its content coding
NOAI_PAGE = (b'<html><head><meta name="robots" content="noai"></head><body><p>News of the day, '
             b'told at length so that the page is longer than its compressed form.</p></body></html>')


def _coded(coding: str, data: bytes) -> bytes:
    import gzip
    import zlib

    import brotli
    import zstandard

    encoders = {"gzip": gzip.compress, "x-gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress,
                "zstd": zstandard.ZstdCompressor().compress}
    for name in coding.split(","):  # in the order they were applied
        data = encoders[name.strip()](data)
    return data


def _raw_deflate(data: bytes) -> bytes:
    import zlib

    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "deflate", "br", "zstd", "gzip, br", "br, gzip"])
def test_a_body_handed_over_in_its_content_coding_is_decoded_and_judged(coding: str) -> None:
    """A WARC record, urllib3 with decode_content=False, aiohttp with auto_decompress=False: the
    coded bytes were judged as the page (nothing in them) and allowed."""
    d = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html",
                                                                  "Content-Encoding": coding}, _coded(coding, NOAI_PAGE))
    assert d.action == "block" and "xrobots.noai" in d.codes
    assert "body.decoded" in [n.code for n in d.notes]


def test_a_raw_deflate_body_is_decoded_too() -> None:
    """Some servers send deflate without its zlib wrapper: no magic number shows it."""
    d = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html",
                                                                  "Content-Encoding": "deflate"}, _raw_deflate(NOAI_PAGE))
    assert d.action == "block" and "xrobots.noai" in d.codes


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd", "gzip, br"])
def test_a_body_an_adapter_decoded_is_judged_as_it_is_whatever_its_headers_say(coding: str) -> None:
    """The adapters hand over the body they decoded with the response's headers, Content-Encoding
    still in them: it is the page, never decoded a second time or refused."""
    d = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html",
                                                                  "Content-Encoding": coding}, NOAI_PAGE)
    assert d.action == "block" and d.codes == ["xrobots.noai"]
    assert "body.decoded" not in {n.code for n in d.notes}
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    image = guard().check_response("https://a.example/p.jpg", 200, {"Content-Type": "image/jpeg",
                                                                     "Content-Encoding": coding}, face)
    assert "face.detected" in image.codes and not any(f.kind == "error" for f in image.findings)


@pytest.mark.parametrize("text", [b"x marks the spot", b"{\"name\": \"Anna\", \"bio\": \"[ok]\"}", b"K" * 40])
@pytest.mark.parametrize("coding", ["deflate", "br"])
def test_a_decoded_text_whose_first_bytes_look_coded_is_judged_as_it_is(text: bytes, coding: str) -> None:
    """"x " is a zlib header (one text in a few hundred starts with one), and "{" or "K" a final raw
    deflate block: a text the adapter decoded may read as coded for a few bytes, never refused for it."""
    from hashlib import sha256

    d = guard().check_response("https://a.example/a.txt", 200, {"Content-Type": "text/plain",
                                                                 "Content-Encoding": coding}, text)
    assert d.action == "allow" and d.codes == [] and d.body_sha256 == sha256(text).hexdigest()
    assert "body.decoded" not in {n.code for n in d.notes}


@pytest.mark.parametrize(("coding", "body"), [
    ("gzip", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4),  # gzip's magic, then no gzip
    ("zstd", b"\x28\xb5\x2f\xfd" + bytes(range(256)) * 4),  # zstd's magic, then no zstd
    ("compress", b"\x1f\x9d\x90" + bytes(range(256)) * 4),  # a coding the guard cannot undo, by its magic
])
def test_a_body_with_its_codings_magic_number_that_does_not_decode_is_decided_by_on_error(coding: str,
                                                                                         body: bytes) -> None:
    """Only a body that claims its coding by the magic number is surely still coded: not judged as the page."""
    headers = {"Content-Type": "text/html", "Content-Encoding": coding}
    closed = guard().check_response("https://a.example/p.html", 200, headers, body)
    [finding] = [f for f in closed.findings if f.code == "body.encoded"]
    assert finding.kind == "error" and closed.action == "block" and coding in finding.detail
    assert closed.codes == ["body.encoded"]  # the coded bytes are not judged as the page
    opened = guard("log-only").check_response("https://a.example/p.html", 200, headers, body)
    assert opened.allowed and opened.codes == ["body.encoded"] and opened.action == "log"


UTF16_NOAI_PAGE = ('<html><head><meta charset="utf-16"><meta name="robots" content="noai"></head><body><p>'
                   + "Новости дня: в городе открылась новая библиотека, и жители пришли посмотреть. " * 8
                   + "</p></body></html>")
TEXTS_THAT_LOOK_CODED = {  # more than one control byte in sixteen, in their first 512 bytes
    "utf-16 cyrillic": ("text/plain; charset=utf-16le", ("Привет, мир. Это просто текст. " * 30).encode("utf-16-le")),
    "utf-16 greek": ("text/plain; charset=utf-16be", ("Καλημέρα κόσμε, ένα κείμενο. " * 30).encode("utf-16-be")),
    "utf-16 japanese": ("text/plain; charset=utf-16", ("こんにちは世界、これはただのテキストです。" * 30).encode("utf-16")),
    "ebcdic with tabs": ("text/plain; charset=cp037", "\t".join(["NAME", "CITY", "YEAR"] * 80).encode("cp037")),
    "man page overstrike": ("text/plain", b"N\bNA\bAM\bME\bE\n     ls - list directory contents\n" * 20),
    "\\x01-separated export": ("text/plain", b"1\x01anna\x01x\x012024\n" * 60),
}


@pytest.mark.parametrize("coding", ["gzip", "zstd", "br", "deflate"])
@pytest.mark.parametrize("name", list(TEXTS_THAT_LOOK_CODED))
def test_a_text_not_in_its_coding_is_judged_as_given_or_left_to_on_error_never_allowed_unread(name: str,
                                                                                             coding: str) -> None:
    """A direct caller's text whose Content-Encoding no longer describes it (the adapters hand over
    what they decoded without the header). UTF-16 Cyrillic, Greek or CJK reads as text: judged as
    given, with a note (it was blocked as body.encoded). EBCDIC with tabs, overstrike, a
    \x01-separated export read as coded bytes, as a br page cut short does, whose noai such a
    reading allowed: no error-free guess tells them apart, so on_error decides."""
    from hashlib import sha256

    ctype, text = TEXTS_THAT_LOOK_CODED[name]
    d = guard().check_response("https://a.example/a.txt", 200, {"Content-Type": ctype, "Content-Encoding": coding},
                               text)
    if name.startswith("utf-16"):
        assert d.action == "allow" and not any(f.kind == "error" for f in d.findings)
        assert d.body_sha256 == sha256(text).hexdigest()
        assert "body.coding_unclear" in {n.code for n in d.notes}
    else:
        assert d.codes == ["body.encoded"] and d.action == "block"


@pytest.mark.parametrize("coding", ["gzip", "br"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_page_not_in_its_coding_is_read_as_the_page(coding: str, encoding: str) -> None:
    """A UTF-16 Cyrillic page whose Content-Encoding came with it decoded: its noai is read."""
    d = guard("log-only").check_response("https://a.example/p.html", 200, {
        "Content-Type": f"text/html; charset={encoding}", "Content-Encoding": coding}, UTF16_NOAI_PAGE.encode(encoding))
    assert "xrobots.noai" in d.codes and "body.encoded" not in d.codes


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd", "deflate"])
def test_a_utf16_page_in_its_coding_is_decoded_and_read(coding: str) -> None:
    """A direct caller handing over a UTF-16 Cyrillic page as it came: decoded (its control-byte
    count reads as coded data, its byte-order mark as text), and its noai read."""
    d = guard().check_response("https://a.example/p.html", 200, {
        "Content-Type": "text/html; charset=utf-16", "Content-Encoding": coding},
        _coded(coding, UTF16_NOAI_PAGE.encode("utf-16")))
    assert "xrobots.noai" in d.codes and "body.decoded" in {n.code for n in d.notes}


@pytest.mark.parametrize(("encoding", "headers", "lead"), [
    ("utf-16", {}, ""), ("utf-16-le", {"Content-Type": "application/octet-stream"}, ""),
    ("utf-16-le", {"Content-Type": "text/html"}, " " * 2100),  # its first "<" past the first 4 KiB
])
def test_a_utf16_page_of_no_type_or_markup_further_in_is_read_as_the_page(encoding: str, headers: dict[str, str],
                                                                           lead: str) -> None:
    """A UTF-16 page sent without a type or as application/octet-stream was "other" (HTML was known
    in ASCII bytes only), and one whose markup starts past 4 KiB read as UTF-8: its noai unread, allowed."""
    page = lead + '<html><head><meta name="robots" content="noai"></head><body><p>hello</p></body></html>'
    d = guard().check_response("https://a.example/p", 200, headers, page.encode(encoding))
    assert d.action == "block" and d.codes == ["xrobots.noai"]

@pytest.mark.parametrize(("coding", "body"), [
    ("br", bytes(range(256)) * 4),  # not brotli, and no page either
    ("compress", NOAI_PAGE),  # a registered coding the guard cannot undo: not read as identity
    ("bzip2", __import__("bz2").compress(NOAI_PAGE)),  # a name no client undoes, over bytes that are no content
    ("x-unknown", bytes(range(256)) * 4),
    ("x-unknown", b"\x00\x01\x02\xff" * 40),  # repetitive binary, which reads as UTF-16 by its high bytes
])
def test_a_body_that_does_not_decode_and_reads_as_no_content_or_in_a_coding_not_undone_is_left_to_on_error(
        coding: str, body: bytes) -> None:
    d = guard().check_response("https://a.example/p.html", 200,
                               {"Content-Type": "text/html", "Content-Encoding": coding}, body)
    assert d.codes == ["body.encoded"] and d.action == "block"


@pytest.mark.parametrize("name", ["utf-8", "none", "binary", "x-unknown", "UTF-8, identity"])
def test_a_page_whose_content_encoding_names_no_coding_is_judged_as_it_is_as_every_client_reads_it(name: str) -> None:
    """`Content-Encoding: utf-8` (a server misconfiguration) names no content coding: httpx, Scrapy
    and browsers read the body as it is, so the guard judges it so, with a note. It was blocked as
    `body.encoded` (every page of such a site, through check_url and the httpx transport)."""
    d = guard("log-only").check_response("https://a.example/p.html", 200,
                                         {"Content-Type": "text/html", "Content-Encoding": name}, NOAI_PAGE)
    assert "xrobots.noai" in d.codes and "body.encoded" not in d.codes
    assert "body.coding_unclear" in {n.code for n in d.notes}


def test_check_url_reads_a_page_sent_with_content_encoding_utf8_as_httpx_does(site_factory) -> None:
    import httpx

    page = b"<html><body><h1>Opening hours</h1><p>Monday to Friday, nine to five.</p></body></html>"
    site = site_factory({"/p.html": (200, {"Content-Type": "text/html", "Content-Encoding": "utf-8"}, page)})
    assert httpx.get(site.url("/p.html")).content == page
    d = guard().check_url(site.url("/p.html"))
    assert d.action == "allow" and d.body_sha256 is not None and "body.coding_unclear" in {n.code for n in d.notes}


def test_a_coded_body_under_a_name_that_is_no_coding_beside_a_real_one_is_decoded() -> None:
    d = guard("log-only").check_response("https://a.example/p.html", 200, {
        "Content-Type": "text/html", "Content-Encoding": "gzip, utf-8"}, _coded("gzip", NOAI_PAGE))
    assert "xrobots.noai" in d.codes and "body.decoded" in {n.code for n in d.notes}


@pytest.mark.parametrize("policy", ["gdpr-strict", "log-only"])
def test_a_page_under_more_stacked_codings_than_are_undone_is_named_as_still_coded(policy: str) -> None:
    """1,200 gzip layers raised RecursionError (`error.recursionerror`, the guard failing); it is now
    `body.encoded` with its reason, as a coding not undone here, which on_error decides."""
    import gzip

    body = NOAI_PAGE
    for _ in range(1200):
        body = gzip.compress(body, 1)
    d = guard(policy).check_response("https://a.example/p.html", 200, {
        "Content-Type": "text/html", "Content-Encoding": ", ".join(["gzip"] * 1200)}, body)
    assert d.codes == ["body.encoded"] and "stacked codings" in d.findings[0].detail


def test_a_brotli_page_cut_short_is_judged_on_the_part_that_decodes() -> None:
    """A direct caller's br page broken off at 60%: the part that decoded is the page (its noai
    read); it was judged as its coded bytes and allowed, with a note."""
    page = NOAI_PAGE.replace(b"</p>", b"".join(b" Paragraph %d of the story, about the town." % i for i in range(200)) + b"</p>")
    coded = _coded("br", page)
    d = guard().check_response("https://a.example/p.html", 200,
                               {"Content-Type": "text/html", "Content-Encoding": "br"}, coded[: len(coded) * 6 // 10])
    assert "xrobots.noai" in d.codes and "body.broken_off" in {n.code for n in d.notes}


def test_a_coded_body_is_decoded_no_further_than_the_cap(tmp_path: Path) -> None:
    import gzip

    policy = variant(tmp_path, "face_min_score = 0.6", "face_min_score = 0.6\nmax_body_bytes = 4096")
    policy.write_text(policy.read_text().replace('on_error = "fail-closed"', 'on_error = "fail-open"'))
    bomb = gzip.compress(NOAI_PAGE + b"<p>" + b"a" * 50_000_000)  # 50 MB in 49 KB
    d = guard(policy).check_response("https://a.example/p.html", 200, {"Content-Type": "text/html",
                                                                         "Content-Encoding": "gzip"}, bomb)
    assert "xrobots.noai" in d.codes and "body.too_large" in d.codes and not d.allowed


CUT_PAGE = NOAI_PAGE.replace(b"<body>", b'<body><img src="/jane.jpg" alt="Portrait of Jane Doe, our CEO">')


def test_a_page_past_the_cap_that_fail_closed_refuses_anyway_is_not_analysed() -> None:
    """(Review, session 71) Its refusal, `body.too_large`, stands whatever its first bytes say, yet they were
    analysed: the first 20 MB of a page took 0.7 GB and half a minute, six such pages through the proxy 4.4 GB.
    It is refused on that alone, and its record says why nothing else was read."""
    d = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, CUT_PAGE,
                               truncated=True)
    assert d.codes == ["body.too_large"] and not d.allowed and not d.images
    assert "page.not_analysed" in {n.code for n in d.notes}


def test_a_page_past_the_cap_is_analysed_under_fail_open_where_what_its_start_says_decides(tmp_path: Path) -> None:
    """(Passed with the rest streaming behind, or refused for what its first bytes say; audit mode is fail-open too.)"""
    policy = variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"')
    d = guard(policy).check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, CUT_PAGE,
                                     truncated=True)
    assert {"xrobots.noai", "body.too_large"} <= set(d.codes) and d.images
    assert "page.not_analysed" not in {n.code for n in d.notes}


def test_a_coded_body_that_breaks_off_is_judged_on_the_part_that_decodes() -> None:
    import gzip

    words = " ".join(str(i * 7919 % 10007) for i in range(3000)).encode()  # (compresses little)
    cut = gzip.compress(NOAI_PAGE + b"<p>" + words)[:-300]
    d = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html",
                                                                  "Content-Encoding": "gzip"}, cut)
    assert "xrobots.noai" in d.codes and "body.broken_off" in [n.code for n in d.notes]


# ----------------------------------------------------------- erased images on a page
@pytest.mark.parametrize("spelling", [
    "https://cdn.example.org/photos//jane.jpg",        # a CMS's doubled slash: nginx and Apache serve the same file
    "https://cdn.example.org//photos/jane.jpg",
    "https://cdn.example.org/photos/jane.jpg;",        # empty parameters: Scrapy's urljoin drops them
    "http://[2001:DB8:0::1]/photos/jane.jpg",          # the same address written out in full
])
def test_an_erased_url_is_withheld_under_every_spelling_its_resource_key_joins(tmp_path: Path, spelling: str) -> None:
    """An erasure is looked up under the URL's normal form (host case, default port, escapes, dot
    segments): a doubled slash, a trailing `;` or an IPv6 address written otherwise fetched the erased
    photo as allowed, though the guard's own `resource_key` joins them (a page's word about a picture
    meets its request under it). The erasure is looked up under that key too."""
    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.dsr import Subject, erase
    from scrapeguard.resource import resource_key

    erased = resource_key(spelling)
    with AuditLog.open(tmp_path / "audit.sqlite") as audit:
        erase(audit, Subject(urls=[erased]))
        d = guard(audit=audit).decide_request(spelling)
        assert "suppressed.erasure" in d.codes and not d.allowed
        assert guard(audit=audit).decide_request(erased.replace("jane", "john")).allowed  # (another photo)


def test_in_audit_mode_an_erased_item_is_on_record_as_the_enforced_block_it_is(tmp_path: Path) -> None:
    """Audit mode withholds an erased item (the suppression list binds in every mode), but its record,
    its 451 and the log's counts said "block (audit mode: not enforced)": a DPO read that the erased
    photo was let through (found in review)."""
    import json

    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.dsr import Subject, erase
    from scrapeguard.enact import audit_only, blocked_body

    erased = "https://cdn.example.org/photos/jane.jpg"
    with AuditLog.open(tmp_path / "audit.sqlite") as audit:
        erase(audit, Subject(urls=[erased]))
        audit_mode = Guard(load_policy("log-only"), user_agent=UA, audit=audit)
        for d in (audit_mode.decide_request(erased),
                  audit_mode.check_response(erased, 200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff")):
            assert not d.allowed and d.enforced and not audit_only(d)
            assert "not enforced" not in d.explain()
            assert "not enforced" not in json.loads(blocked_body(d))["explanation"]
        outcomes = [e.record["outcome"] for e in audit.iter_entries("c.kind = 'decision'")]
        assert [(o["action"], o["enforced"]) for o in outcomes] == [("block", True), ("block", True)]


@pytest.mark.parametrize("policy", ["gdpr-strict", "search-index"])
def test_an_erased_image_a_page_references_is_withheld_from_the_page(policy: str) -> None:
    """The erased URL was blocked when requested, but `allow` in the page's decision and left in
    the page the crawler got; whatever the policy says of personal images, the erasure stands."""
    erased, kept = "https://cdn.example.org/photos/eileen.jpg", "https://cdn.example.org/photos/street.jpg"
    g = Guard(load_policy(policy), user_agent=UA, audit=RecordingSink(suppressed={erased}))
    page = f'<html><body><p>News</p><img src="{erased}" alt="A street scene"><img src="{kept}" alt="x"></body></html>'
    d = g.check_response("https://news.example.org/story.html", 200, {"Content-Type": "text/html"}, page.encode())
    images = {i.url: i for i in d.images}
    assert images[erased].action == "block" and "suppressed.erasure" in [f.code for f in images[erased].findings]
    assert images[kept].action == "allow"
    assert d.allowed and d.action == "redact" and "page.erased_images" in d.codes
    assert d.redacted_body is not None and erased.encode() not in d.redacted_body and kept.encode() in d.redacted_body


def _erased_coffee() -> tuple[bytes, RecordingSink]:
    """A face-free photo whose bytes an erasure request put on the suppression list."""
    from scrapeguard.resource import sha256_hex

    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    return coffee, RecordingSink(suppressed={sha256_hex(coffee)})


def _carrying(kind: str, picture: bytes) -> tuple[str, bytes]:
    import base64
    import json

    uri = "data:image/jpeg;base64," + base64.b64encode(picture).decode()
    return {
        "json": ("application/json", json.dumps({"user": "jane", "avatar": uri}).encode()),
        "svg": ("image/svg+xml", ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                                  f'<image xlink:href="{uri}" width="10" height="10"/></svg>').encode()),
        "multipart": ("multipart/mixed; boundary=XX",
                      b"--XX\r\nContent-Type: image/jpeg\r\n\r\n" + picture + b"\r\n--XX--\r\n"),
    }[kind]


@pytest.mark.parametrize("policy", ["gdpr-strict", "log-only"])
@pytest.mark.parametrize("kind", ["json", "svg", "multipart"])
def test_an_erased_picture_inside_a_json_svg_or_multipart_answer_is_not_handed_over(kind: str, policy: str) -> None:
    """Erasure was checked for an answer itself and for the pictures inside an HTML page, not for
    those a JSON answer, an SVG or a multipart answer carries: the erased bytes passed as allowed."""
    coffee, sink = _erased_coffee()
    ctype, body = _carrying(kind, coffee)
    d = Guard(load_policy(policy), user_agent=UA, audit=sink).check_response(
        f"https://api.example/{kind}", 200, {"Content-Type": ctype}, body)
    assert "suppressed.erasure" in d.codes and not d.allowed and d.action == "block"


@pytest.mark.parametrize("policy", ["gdpr-strict", "log-only"])
def test_an_erased_svg_is_withheld_by_its_bytes_wherever_it_is_fetched_from(policy: str) -> None:
    """An erasure puts the erased item's bytes (its record's body_sha256) on the suppression list, and a
    fetched picture is looked up by them; an SVG was looked up by its URL alone: the same drawing of a
    person (a caricature, an avatar) fetched again from a mirror or another CDN path was handed over."""
    from scrapeguard.resource import sha256_hex

    drawing = (b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><title>Jane Doe</title>'
               b'<circle cx="32" cy="24" r="12"/><path d="M12 60c0-12 40-12 40 0"/></svg>')
    sink = RecordingSink(suppressed={sha256_hex(drawing)})
    d = Guard(load_policy(policy), user_agent=UA, audit=sink).check_response(
        "https://mirror.example/avatars/7.svg", 200, {"Content-Type": "image/svg+xml"}, drawing)
    assert "suppressed.erasure" in d.codes and not d.allowed and d.action == "block"


def test_an_erased_svg_carried_as_a_part_of_a_multipart_answer_is_withheld_by_its_bytes() -> None:
    """As a fetched SVG is looked up by its bytes, so is one an answer carries as a part (an MHTML
    archive's drawing): the parts' pictures were, its SVG parts only by a location they may not name."""
    from scrapeguard.resource import sha256_hex

    drawing = (b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><title>Jane Doe</title>'
               b'<circle cx="32" cy="24" r="12"/></svg>')
    body = b"--XX\r\nContent-Type: image/svg+xml\r\n\r\n" + drawing + b"\r\n--XX--\r\n"
    d = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=RecordingSink(suppressed={sha256_hex(drawing)})
              ).check_response("https://a.example/archive", 200, {"Content-Type": "multipart/mixed; boundary=XX"}, body)
    assert "suppressed.erasure" in d.codes and not d.allowed


def test_in_audit_mode_a_page_carrying_an_erased_picture_is_withheld() -> None:
    """Audit mode hands pages over unredacted, so a page with the erased bytes in a data: URI was
    kept as it came (`allowed`, no copy): the erasure binds in audit mode too."""
    import base64

    coffee, sink = _erased_coffee()
    page = b'<html><body><p>x</p><img src="data:image/jpeg;base64,' + base64.b64encode(coffee) + b'"></body></html>'
    audit_mode = Guard(load_policy("log-only"), user_agent=UA, audit=sink)
    d = audit_mode.check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, page)
    assert "suppressed.erasure" in d.codes and not d.allowed
    enforced = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=sink)
    d = enforced.check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, page)
    assert d.allowed and d.action == "redact" and d.redacted_body is not None and base64.b64encode(coffee) not in d.redacted_body


def test_an_embedded_picture_a_fail_open_policy_could_not_check_is_on_the_pages_own_record(tmp_path: Path) -> None:
    """Under fail-open an embedded picture that cannot be read is kept, and only its own entry in
    `images` said so: `audit list --code error.fail_open` did not find the page that carried it."""
    import base64

    cut = base64.b64encode((FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()[:3000])
    page = b'<html><body><p>x</p><img src="data:image/jpeg;base64,' + cut + b'"></body></html>'
    g = guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'))
    d = g.check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, page)
    from scrapeguard.policy.evaluate import on_error_codes  # (the codes the audit record gets)

    assert d.allowed and "inline.unchecked" in d.codes
    assert on_error_codes([f.to_dict() for f in d.findings], d.allowed) == ["error.fail_open"]
    closed = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, page)
    assert [f.detail for f in closed.findings if f.code == "inline.unchecked"] == [
        "1 embedded picture(s) could not be checked and are removed"]


DIRECTOR_PAGE = b'<html><body><img src="/img/jane.jpg" alt="Portrait of Jane Doe, our director"></body></html>'


@pytest.mark.parametrize("status", [404, 410, 503])
def test_an_error_answer_at_a_portraits_url_is_not_the_portrait(status: int) -> None:
    """What the page said of its picture was put on every answer at that URL: a 404 text page
    became `redact` with no copy, which the adapters turn into a 451 instead of the 404."""
    g = guard()
    g.check_response("https://a.example/team.html", 200, {"Content-Type": "text/html"}, DIRECTOR_PAGE)
    d = g.check_response("https://a.example/img/jane.jpg", status, {"Content-Type": "text/plain"}, b"Not Found")
    assert "context.personal" not in d.codes and d.allowed and d.action == "allow"


@pytest.mark.parametrize("status", [404, 500])
def test_a_picture_sent_with_an_error_status_is_still_the_picture_its_page_spoke_of(status: int) -> None:
    """A 404 or 500 that carries the picture's bytes (a CDN's stale copy, a misconfigured origin) is the
    picture all the same: the portrait the page called Jane's was `redact` at 200 and `allow` at 404."""
    g = guard()
    g.check_response("https://a.example/team.html", 200, {"Content-Type": "text/html"}, DIRECTOR_PAGE)
    picture = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    d = g.check_response("https://a.example/img/jane.jpg", status, {"Content-Type": "image/jpeg"}, picture)
    assert d.has("context.personal") and d.action == "redact" and d.redacted_body is not None

def test_a_redaction_with_nothing_to_redact_is_a_block_that_says_so() -> None:
    """An answer the page's word makes `redact` but of which no copy can be made (no picture in it)
    was recorded as redact, allowed and not redacted, while every adapter withheld it."""
    from scrapeguard.enact import must_withhold

    g = guard()
    g.check_response("https://a.example/team.html", 200, {"Content-Type": "text/html"}, DIRECTOR_PAGE)
    d = g.check_response("https://a.example/img/jane.jpg", 200, {"Content-Type": "text/plain"}, b"hello")
    assert d.has("context.personal") and d.action == "block" and not d.allowed and must_withhold(d)
    assert "redact.unavailable" in [n.code for n in d.notes]


# ---------------------------------------------------------------------- the async API
def test_acheck_url_judges_the_answer_off_the_event_loop(site_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Face detection and page analysis took seconds on the loop: every other task stalled."""
    import threading

    site = site_factory({"/p.html": html("<p>x</p>")})
    g = guard()
    judged_in: list[int] = []
    after_fetch = Guard._after_fetch

    def recording(self: Guard, *args: object) -> Decision:
        judged_in.append(threading.get_ident())
        return after_fetch(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Guard, "_after_fetch", recording)

    async def run() -> tuple[str, int]:
        try:
            return (await g.acheck_url(site.url("/p.html"))).action, threading.get_ident()
        finally:
            await g.aclose()

    action, loop_thread = asyncio.run(run())
    assert action == "allow" and judged_in and judged_in[0] != loop_thread


# ------------------------------------------------- the guard's own clients, made once
def test_threads_starting_together_share_one_client_and_fetch_robots_txt_once(site_factory,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import scrapeguard.fetch
    import scrapeguard.hostfiles

    made: list[str] = []
    for module, name in ((scrapeguard.fetch, "Fetcher"), (scrapeguard.fetch, "AsyncFetcher"),
                         (scrapeguard.hostfiles, "HostFiles")):
        cls = getattr(module, name)

        class Slow(cls):  # type: ignore[misc, valid-type]
            def __init__(self, *args: object, _name: str = name, **kw: object) -> None:
                made.append(_name)
                time.sleep(0.05)  # the window in which other threads found none made yet
                super().__init__(*args, **kw)

        monkeypatch.setattr(module, name, Slow)
    site = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"), "/a": html("a")})
    g = guard()
    start = threading.Barrier(8)

    def check(i: int) -> str:
        start.wait()
        return g.check_request(site.url(f"/q{i}.html")).action

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(check, range(8))) == {"allow"}
    assert sorted(made) == ["Fetcher", "HostFiles"] and site.hits.count("/robots.txt") == 1
    g.close()


def test_threads_sharing_an_event_loop_share_its_one_async_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads asking for the client of one running loop at once (run_coroutine_threadsafe) get one."""
    import asyncio
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import scrapeguard.fetch

    made: list[int] = []

    class Slow(scrapeguard.fetch.AsyncFetcher):
        def __init__(self, *args: object, **kw: object) -> None:
            made.append(1)
            time.sleep(0.05)  # the window in which other threads found none made yet
            super().__init__(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(scrapeguard.fetch, "AsyncFetcher", Slow)
    g, loop = guard(), asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()

    async def own() -> object:
        return g._own_afetcher()

    try:
        with ThreadPoolExecutor(8) as pool:
            fetchers = list(pool.map(lambda _: asyncio.run_coroutine_threadsafe(own(), loop).result(5), range(8)))
        assert len({id(f) for f in fetchers}) == 1 and made == [1]
    finally:
        asyncio.run_coroutine_threadsafe(g.aclose(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        runner.join(5)
        loop.close()


def test_threads_each_running_their_own_event_loop_share_one_guard(site_factory) -> None:
    """asyncio.run per thread on one guard: every loop used the first loop's client and host-file
    filler, so requests failed (KeyError, an Event bound to another loop, 'Event loop is closed')
    or hung on an Event set from another thread. Each loop has its own now; within a loop, an
    origin's robots.txt is still fetched once."""
    import asyncio
    import threading
    import time

    def slow_robots(_: object) -> tuple[int, dict[str, str], bytes]:
        time.sleep(0.2)  # every loop asks while the first fetch is in flight
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"

    site = site_factory({"/robots.txt": slow_robots, **{f"/p{i}": html("hi") for i in range(16)}})
    g, results, start = guard(), [], threading.Barrier(4)

    def loop_worker(i: int) -> None:
        async def run() -> list[list[str]]:
            return [d.codes for d in await asyncio.gather(*(g.acheck_url(site.url(f"/p{4 * i + j}"))
                                                             for j in range(4)))]

        start.wait()
        try:
            results.extend(asyncio.run(run()))
        except Exception as exc:  # noqa: BLE001 - what the test looks for
            results.append([f"{type(exc).__name__}: {exc}"])

    threads = [threading.Thread(target=loop_worker, args=(i,), daemon=True) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert not any(t.is_alive() for t in threads), "a loop waited forever"
    assert results == [[]] * 16  # every page allowed, no error finding
    assert site.hits.count("/robots.txt") <= 4  # once per loop at most, however many requests on it
    g.close()


def test_a_closed_event_loops_client_is_not_kept(site_factory) -> None:
    import asyncio

    site = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"), "/p": html("hi")})
    g = guard()
    for _ in range(3):  # a crawler calling asyncio.run per batch
        assert asyncio.run(g.acheck_url(site.url("/p"))).action == "allow"
    assert len(g._loops) == 1  # the last loop's; the closed ones' clients went when the next was made
    g.close()


def test_acheck_url_runs_under_trio(site_factory) -> None:
    trio = pytest.importorskip("trio")
    site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /no\n"), "/p": html("hi")})
    g = guard()

    async def run() -> list[str]:
        try:
            return [(await g.acheck_url(site.url(p))).action for p in ("/p", "/no")]
        finally:
            await g.aclose()

    assert trio.run(run) == ["allow", "block"]


# ------------------------------------------------------------------- the user agent
@pytest.mark.parametrize(("user_agent", "error"), [
    (None, TypeError), (b"ExampleBot/1.0", TypeError), ("", ValueError), ("   ", ValueError),
    ("ExampleBot/1.0\r\nX-Injected: 1", ValueError), ("ExampleBot/1.0\n", ValueError), ("Example\x00Bot", ValueError),
    ("Bötchen/1.0 (+https://b.example)", ValueError), ("测试Bot/1.0", ValueError),
    ("ExampleBot/1.0\u2028x", ValueError),
    ("ExampleBot/1.0\x85", ValueError), (" ExampleBot/1.0", ValueError), ("ExampleBot/1.0 ", ValueError),
    ("\tExampleBot/1.0", ValueError),
])
def test_a_user_agent_no_request_could_carry_is_refused_at_construction(user_agent: object, error: type) -> None:
    """It constructed, then every request was `error.typeerror`, `error.unicodeencodeerror` (a
    non-ASCII name) or `robots.unreachable` (a line break, whitespace at either end)."""
    with pytest.raises(error, match="user_agent"):
        Guard(load_policy("gdpr-strict"), user_agent=user_agent, audit=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(("user_agent", "said"), [("Bötchen/1.0", "non-ASCII character 'ö'"),
                                                  (" ExampleBot/1.0", "leading or trailing whitespace")])
def test_a_refused_user_agent_is_named_with_what_is_wrong_with_it(user_agent: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        Guard(load_policy("gdpr-strict"), user_agent=user_agent, audit=False)


def test_a_user_agent_with_a_tab_inside_is_kept() -> None:
    """A header value may hold a tab between words (RFC 9110 §5.5): only its ends may not."""
    g = Guard(load_policy("gdpr-strict"), user_agent="Example\tBot/1.0", audit=False)
    assert g.user_agent == "Example\tBot/1.0"


# ---------------------------------------------------------------- Content-Type twice
@pytest.mark.parametrize("fields", [
    [("Content-Type", "text/html"), ("Content-Type", "text/html; charset=utf-8")],
    [("Content-Type", "text/plain"), ("Content-Type", "text/html; charset=utf-8")],
    [("Content-Type", "text/plain, text/html")],
    [("Content-Type", "text/html"), ("Content-Type", "nonsense")],  # the last VALID type
])
def test_a_page_sent_with_two_content_types_is_read_as_its_last(fields: list[tuple[str, str]]) -> None:
    """The fields were joined into "text/html, text/html; charset=utf-8", a type no page has:
    the page was never read as one, its opt-outs unseen."""
    d = guard().check_response("https://a.example/p.html", 200, fields, NOAI_PAGE)
    assert d.action == "block" and "xrobots.noai" in d.codes


def test_of_several_content_types_the_last_valid_one_is_read_as_fetch_says() -> None:
    from scrapeguard.resource import Headers, content_type_of

    def read(*values: str) -> str | None:
        return content_type_of(Headers([("Content-Type", v) for v in values]))

    assert read() is None and read("text/html") == "text/html" and read(" nonsense ") == " nonsense "
    assert read('multipart/mixed; boundary="a,b"') == 'multipart/mixed; boundary="a,b"'  # a quoted comma
    assert read("text/plain", 'multipart/mixed; boundary="a,b"') == 'multipart/mixed; boundary="a,b"'
    assert read("text/html; charset=shift_jis", "text/html") == "text/html; charset=shift_jis"  # carried
    assert read("text/html; charset=shift_jis", "text/plain") == "text/plain"  # another type: not carried
    assert read("text/html", "*/*") == "text/html" and read("a, b") == "a, b"  # no valid type: as it came


# ------------------------------------------- X-Robots-Tag written as a meta http-equiv
def test_a_pages_meta_http_equiv_x_robots_tag_is_obeyed_as_the_header_is() -> None:
    page = b'<html><head><meta http-equiv="X-Robots-Tag" content="noai"></head><body><p>x</p></body></html>'
    d = guard().check_response("https://static.example.org/p.html", 200, {"Content-Type": "text/html"}, page)
    assert d.action == "block" and d.codes == ["xrobots.noai"]
    assert 'http-equiv="X-Robots-Tag"' in d.findings[0].source


# ---------------------------------------------------------------- large pictures carried in one answer: the tile pass
def _small_face_photos(count: int) -> list[bytes]:
    """`count` different 4000x3000 photos, each with a 79x99 px face only the tile pass finds."""
    from imagekit import encode
    from PIL import Image

    with Image.open(FACES_DIR / "faces" / "grace_hopper.jpg") as img:
        portrait = img.convert("RGB").resize((round(img.width * 0.65), round(img.height * 0.65)))
    photos = []
    for k in range(count):
        canvas = Image.new("RGB", (4000, 3000), (120 + 8 * k, 130, 110))
        canvas.paste(portrait, (1500, 1000))
        photos.append(encode(canvas, "JPEG", quality=90))
    return photos


def test_a_handful_of_ordinary_embedded_photos_are_all_tiled_and_allowed() -> None:
    """Tiles given to the first two pictures only, a page with a third embedded 2000x1500 photo of coffee beans had it
    face.min_size_unreached and removed (review): the answer's tiles are a budget shared by its pictures."""
    import base64

    from imagekit import encode
    from PIL import Image

    with Image.open(FACES_DIR / "no_faces" / "coffee.jpg") as img:
        beans = img.convert("RGB")
    uris = ["data:image/jpeg;base64," + base64.b64encode(encode(beans.resize((2000 + k, 1500)), "JPEG")).decode()
            for k in range(3)]
    body = "".join(f'<p>Beans</p><img alt="coffee beans" src="{uri}">' for uri in uris).encode()
    d = guard().check_response("https://a.example/x", 200, {"content-type": "text/html"}, body)
    assert d.action == "allow", [f.code for f in d.findings]
    assert [n.code for n in d.notes].count("face.min_size") == 3


@pytest.mark.parametrize("carrier", ["data: URIs", "multipart"])
def test_only_the_first_large_pictures_of_an_answer_are_looked_at_in_tiles(
        monkeypatch: pytest.MonkeyPatch, carrier: str) -> None:
    """Every picture a page embeds (or a multipart answer carries) got the tile pass, up to seven
    detector runs each: a page of 64 embedded 12-Mpx photos took six times as long. The pictures tiled until
    MAX_ANSWER_TILES tiles are spent (two such photos) still have their small faces found; the others get one run
    each, and their face.min_size_unreached error says the tiles were not run."""
    import base64

    import scrapeguard.detect.images as images
    from scrapeguard.detect.faces import get_backend
    from scrapeguard.guard import MAX_ANSWER_TILES

    MAX_TILED_PICTURES = MAX_ANSWER_TILES // 12  # (12 tiles a 4000x3000 photo)

    backend = get_backend()
    runs: list[tuple[int, int]] = []

    class Counting:
        name, version, threshold = backend.name, backend.version, backend.threshold

        def detect(self, image: object, min_score: float | None = None) -> list[object]:
            runs.append(image.size)  # type: ignore[attr-defined]
            return backend.detect(image, min_score=min_score)

    monkeypatch.setattr(images, "get_backend", lambda detector=None: Counting())
    photos = _small_face_photos(MAX_TILED_PICTURES + 1)
    if carrier == "multipart":
        ctype = "multipart/x-mixed-replace; boundary=f"
        body = b"".join(b"--f\r\nContent-Type: image/jpeg\r\n\r\n" + p + b"\r\n" for p in photos) + b"--f--\r\n"
        names = [f"https://a.example/x#part{i + 1}" for i in range(len(photos))]
    else:
        from scrapeguard.detect.inline import data_uri_name

        ctype = "text/html"
        uris = ["data:image/jpeg;base64," + base64.b64encode(p).decode() for p in photos]
        body = "".join(f'<img src="{uri}">' for uri in uris).encode()
        names = [data_uri_name(uri, p) for uri, p in zip(uris, photos)]
    d = guard().check_response("https://a.example/x", 200, {"content-type": ctype}, body)
    assert len(runs) == len(photos) + 12 * MAX_TILED_PICTURES  # twelve tiles for each of the first ones
    if carrier == "multipart":  # a part's findings are the answer's (their source: the detector)
        assert [f.code for f in d.findings].count("face.detected") == MAX_TILED_PICTURES
    else:  # an embedded picture's are its own
        assert {i.url for i in d.images if "face.detected" in i.reasons} == set(names[:MAX_TILED_PICTURES])
    assert d.action != "allow"
    size_notes = {n.source: n.detail for n in d.notes if n.code == "face.min_size"}
    assert all("and 12 overlapping tiles" in size_notes[name] for name in names[:MAX_TILED_PICTURES])
    # (faces over twice face_min_px out of reach in the untiled one: an incomplete judgement, for on_error)
    [untiled] = [f for f in (*d.findings, *(f for i in d.images for f in i.findings))
                 if f.code == "face.min_size_unreached"]
    assert untiled.source == names[-1] and names[-1] not in size_notes
    assert "but not the 12 overlapping tiles that show faces from about 48 px" in untiled.detail, untiled.detail
    assert "about 150 px may be missed" in untiled.detail and "the most one answer gets" in untiled.detail


def test_a_fetched_large_photo_is_always_looked_at_in_tiles() -> None:
    """The budget is per answer carrying pictures: a photo fetched by itself is never untiled."""
    [photo] = _small_face_photos(1)
    g = guard()
    for _ in range(3):
        d = g.check_response("https://a.example/p.jpg", 200, {"content-type": "image/jpeg"}, photo)
        assert d.has("face.detected") and d.action == "redact"


@pytest.mark.parametrize(("content_range", "copy"), [("bytes 10-103/104", False), ("bytes 0-103/104", True)])
def test_a_redaction_of_a_part_of_a_range_is_withheld_and_says_so(tmp_path: Path, content_range: str,
                                                                   copy: bool) -> None:
    """The adapters withheld a redacted part of a range (a 451), but the record said a redacted
    copy was handed over and kept: the erasure manifest listed the fragment's hash to delete. The
    guard makes no copy of a part, notes why, and the manifest says nothing of it was kept."""
    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.dsr import Subject, access

    body = (b'<html><body><img src="/alice.jpg" alt="portrait of Alice Example" class="team-member">'
            b"<p>bio</p></body></html>")
    db = tmp_path / "log.sqlite"
    g = Guard("gdpr-strict", user_agent="X/1", audit=str(db))
    d = g.check_response("https://a.example/alice.html", 206,
                         {"content-type": "text/html", "content-range": content_range}, body)
    g.close()
    assert d.action == "redact" and (d.redacted_body is not None) is copy
    assert ("redact.range_part" in {n.code for n in d.notes}) is not copy
    with AuditLog.open(db, read_only=True) as log:
        [item] = [i for i in access(log, Subject(urls=["https://a.example/alice.html"]), record=False)["items"]]
    assert item["kept"] is copy


ARTICLE = (b'<html><head><meta name="robots" content="noai"></head><body>' + b"<p>Article text.</p>" * 100
           + b"</body></html>")


@pytest.mark.parametrize(("ctype", "body"), [
    ("text/html", ARTICLE),
    ("application/json", b'{"name": "Jane", "avatar": "' + b"A" * 400 + b'"}'),
])
def test_a_part_of_a_page_or_a_text_is_an_incomplete_judgement_left_to_on_error(ctype: str, body: bytes) -> None:
    """Bytes 100- of a page whose `<meta name=robots content=noai>` is in its first 100 were judged as
    if they were the whole page: nothing in them, allowed. What the rest says cannot be told from a part:
    an incomplete judgement (`range.incomplete`), which on_error decides, where nothing else withholds it."""
    n = len(body)
    headers = {"content-type": ctype, "content-range": f"bytes 100-{n - 1}/{n}"}
    closed = guard().check_response("https://a.example/a", 206, headers, body[100:])
    assert "range.incomplete" in closed.codes and closed.action == "block"
    [finding] = [f for f in closed.findings if f.code == "range.incomplete"]
    assert finding.kind == "error" and f"bytes 100-{n - 1}/{n}" in finding.detail
    opened = guard("log-only").check_response("https://a.example/a", 206, headers, body[100:])
    assert opened.allowed and "range.incomplete" in opened.codes
    whole = guard().check_response("https://a.example/a", 206, {**headers, "content-range": f"bytes 0-{n - 1}/{n}"},
                                   body)
    assert "range.incomplete" not in whole.codes

def test_a_part_of_a_picture_past_its_first_byte_is_an_incomplete_judgement_not_an_unreadable_picture() -> None:
    """`Range: bytes=100-` of a harmless photo was decoded, failed as "not a recognised raster image"
    (`image.error`) and was refused as that (found in review, through the proxy). A middle is no picture to its
    bytes: it is not decoded, and what the whole holds is an incomplete judgement, which on_error decides.
    A part from the first byte is decoded as far as it goes, as before."""
    photo = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    n = len(photo)
    middle = {"content-type": "image/jpeg", "content-range": f"bytes 100-{n - 1}/{n}"}
    closed = guard().check_response("https://a.example/coffee.jpg", 206, middle, photo[100:])
    assert closed.codes == ["range.incomplete"] and closed.action == "block", closed.codes
    assert "image.part" in {note.code for note in closed.notes}
    opened = guard("log-only").check_response("https://a.example/coffee.jpg", 206, middle, photo[100:])
    assert opened.allowed and opened.codes == ["range.incomplete"]
    head = guard().check_response("https://a.example/coffee.jpg", 206,
                                  {"content-type": "image/jpeg", "content-range": f"bytes 0-{n // 2}/{n}"}, photo[:n // 2 + 1])
    assert "image.part" not in {note.code for note in head.notes} and not head.allowed  # (a cut JPEG: image.error)


@pytest.mark.parametrize("content_range", [None, "bytes 00-{last}/{n}", "bytes 0 - {last}/{n}", "bytes=0-{last}/{n}",
                                           "bytes */{n}"])
def test_a_206_of_a_portrait_whose_range_does_not_say_it_starts_past_its_first_byte_is_read(
        content_range: str | None) -> None:
    """Only a Content-Range that says its part starts past byte 0 leaves a picture undecoded: a whole
    portrait answered 206 without one, or with `00-` or spaces, went unread under fail-open (found in
    review). Its face is found and redacted, as the 200 of it is."""
    photo = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    headers = {"content-type": "image/jpeg"}
    if content_range is not None:
        headers["content-range"] = content_range.format(last=len(photo) - 1, n=len(photo))
    d = guard("log-only").check_response("https://a.example/grace.jpg", 206, headers, photo)
    assert "image.part" not in {note.code for note in d.notes} and d.has("face.detected"), d.codes


def test_a_multi_range_answer_is_an_incomplete_judgement_left_to_on_error() -> None:
    """A `206 multipart/byteranges` holds parts of the resource only (no Content-Range covers it whole):
    parts of a page were judged as if they were all of it, and allowed."""
    body = (b"--B\r\nContent-Type: text/html\r\nContent-Range: bytes 100-112/1000\r\n\r\n<p>hello</p>\r\n"
            b"--B\r\nContent-Type: text/html\r\nContent-Range: bytes 500-512/1000\r\n\r\n<p>world</p>\r\n--B--\r\n")
    headers = {"Content-Type": "multipart/byteranges; boundary=B"}
    closed = guard().check_response("https://a.example/a.html", 206, headers, body)
    assert closed.codes == ["range.incomplete"] and closed.action == "block"
    assert guard("log-only").check_response("https://a.example/a.html", 206, headers, body).allowed

@pytest.mark.parametrize("ctype, first", [("application/pdf", b"%PDF-1.7\n"),
                                          ("video/mp4", b"\x00\x00\x00\x18ftypmp42"),
                                          ("audio/mpeg", b"ID3\x04"), ("application/zip", b"PK\x03\x04")])
def test_a_multi_range_answer_of_a_resource_not_judged_by_its_content_is_allowed_as_a_single_range_is(
        ctype: str, first: bytes) -> None:
    """Any `206 multipart/byteranges` was an incomplete judgement: two ranges of a PDF or a video were
    blocked (fail-closed) where one range of it is allowed. Only parts that are read for what they hold
    (a page, a picture, a text carrying pictures) make the rest of the resource matter."""
    body = b"".join(b"--B\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Range: bytes %d-%d/5000\r\n\r\n" % (s, s + 99)
                    + (first + b"x" * (100 - len(first)) if s == 0 else b"y" * 100) + b"\r\n" for s in (0, 4000))
    g = guard()
    head = first + b"x" * (2000 - len(first))  # (its first bytes seen: a part from byte 0, long enough to tell it by)
    assert g.check_response("https://a.example/a", 206, {"Content-Type": ctype, "Content-Range": "bytes 0-1999/5000"},
                            head).allowed
    d = g.check_response("https://a.example/a", 206, {"Content-Type": "multipart/byteranges; boundary=B"},
                         body + b"--B--\r\n")
    assert d.allowed and "range.incomplete" not in d.codes


@pytest.mark.parametrize("ctype", ["video/mp4", "application/zip", "application/pdf", "audio/mpeg"])
def test_parts_of_a_portrait_served_as_a_video_or_an_archive_are_an_incomplete_judgement(ctype: str) -> None:
    """(Review of the httpx adapter, session 61) A JPEG portrait served as video/mp4 or application/zip and fetched
    whole is redacted (its bytes are a picture's), but as `bytes=0-0` and then `bytes=1-` each part passed as a
    video's or an archive's part does, and the two joined into the portrait: a part passes only once the guard has
    seen its resource's first bytes (a whole answer, or a part from byte 0 long enough to tell a picture by)."""
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    n = len(face)
    g = guard()
    for first, part in ((0, face[:3]), (3, face[3:])):  # (three bytes: a JPEG's head, judged as a cut picture)
        got = g.check_response("https://files.example.org/clip", 206, {
            "content-type": ctype, "content-range": f"bytes {first}-{first + len(part) - 1}/{n}"}, part)
        assert not got.allowed and got.codes == (["image.error"] if first == 0 else ["range.incomplete"]), got.codes
    probe = g.check_response("https://files.example.org/clip", 206, {  # (a player's probe: two bytes teach nothing)
        "content-type": ctype, "content-range": f"bytes 0-1/{n}"}, face[:2])
    rest = g.check_response("https://files.example.org/clip", 206, {
        "content-type": ctype, "content-range": f"bytes 2-{n - 1}/{n}"}, face[2:])
    assert probe.allowed and not rest.allowed
    whole = g.check_response("https://files.example.org/clip", 200, {"content-type": ctype}, face)
    assert whole.has("face.detected")
    later = g.check_response("https://files.example.org/clip", 206, {
        "content-type": ctype, "content-range": f"bytes 1-{n - 1}/{n}"}, face[1:])
    assert not later.allowed  # (a whole answer that was a picture teaches no part to pass)


def test_a_video_seen_from_its_first_bytes_passes_in_parts_and_one_never_seen_so_does_not() -> None:
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
    n = len(video)
    g = guard()
    seek = {"content-type": "video/mp4", "content-range": f"bytes 5000-{n - 1}/{n}"}
    assert g.check_response("https://cdn.example.org/v.mp4", 206, seek, video[5000:]).codes == ["range.incomplete"]
    start = g.check_response("https://cdn.example.org/v.mp4", 206, {
        "content-type": "video/mp4", "content-range": f"bytes 0-2047/{n}"}, video[:2048])
    assert start.allowed and start.codes == []
    assert g.check_response("https://cdn.example.org/v.mp4", 206, seek, video[5000:]).allowed
    other = guard()
    assert other.check_response("https://cdn.example.org/w.mp4", 200, {"content-type": "video/mp4"}, video).allowed
    assert other.check_response("https://cdn.example.org/w.mp4", 206, seek, video[5000:]).allowed


def test_a_whole_video_without_a_content_length_is_remembered_by_the_length_it_came_in() -> None:
    """(httpx review) The adapters hand the guard decoded headers, without Content-Length: every whole answer was
    remembered of no length, and a portrait's parts at the path of a video seen whole (a download endpoint choosing
    its file by query) passed as that video's. A whole body in no coding is its resource's length."""
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    g = guard()
    assert g.check_response("https://dl.example.org/dl?id=1", 200, {"content-type": "video/mp4"}, video).allowed
    part = g.check_response("https://dl.example.org/dl?id=2", 206, {
        "content-type": "application/zip", "content-range": f"bytes 1-{len(face) - 1}/{len(face)}"}, face[1:])
    assert not part.allowed and part.codes == ["range.incomplete"], part.codes
    same = g.check_response("https://dl.example.org/dl?id=1", 206, {
        "content-type": "video/mp4", "content-range": f"bytes 5000-{len(video) - 1}/{len(video)}"}, video[5000:])
    assert same.allowed


def test_what_a_video_player_asks_for_passes_and_a_portrait_at_a_videos_url_does_not() -> None:
    """(Review of the change, session 61) A DASH player's short init segment from byte 0, a 2-byte probe, the parts of a
    signed CDN URL whose query changes with each request: withheld under fail-closed. They pass; a part of another
    length at a URL whose video was seen (a portrait's, its two parts) does not."""
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
    n = len(video)
    g = guard()

    def part(url: str, first: int, last: int, body: bytes, total: int = n):  # noqa: ANN202
        return g.check_response(url, 206, {"content-type": "video/mp4",
                                           "content-range": f"bytes {first}-{last}/{total}"}, body)

    assert part("https://cdn.example.org/a.mp4", 0, 1, video[:2]).allowed  # a probe
    assert part("https://cdn.example.org/a.mp4?sig=1", 0, 861, video[:862]).allowed  # an init segment: ftyp
    assert part("https://cdn.example.org/a.mp4?sig=2", 5000, n - 1, video[5000:]).allowed  # signed anew
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    for first, body in ((0, face[:3]), (3, face[3:])):
        got = part("https://cdn.example.org/a.mp4", first, first + len(body) - 1, body, len(face))
        assert not got.allowed and got.codes == (["image.error"] if first == 0 else ["range.incomplete"]), got.codes


# ------------------------------------------------- embedded pictures withheld by their own decision
def _portrait_page(head: bytes = b"") -> tuple[bytes, bytes]:
    """A page carrying a portrait as a data: URI, and the URI's base64 (to look for in what is handed over)."""
    uri = _inline("faces/grace_hopper.jpg")
    page = b"<html><head>" + head + b'</head><body><h1>Team</h1><img src="' + uri + b'" alt="Jane Doe"><p>text</p>'
    return page + b"</body></html>", uri[len(b"data:image/jpeg;base64,"):][:400]


def test_an_embedded_portrait_without_a_basis_is_removed_though_personal_images_are_only_logged() -> None:
    """search-index logs personal images, but its controller has no UK representative: the
    portrait's own decision is block, and as it has no request of its own to be blocked at, the
    page is handed over without it."""
    page, photo = _portrait_page()
    d = guard("search-index").check_response("https://www.example.co.uk/team.html", 200,
                                             {"Content-Type": "text/html"}, page)
    [embedded] = [i for i in d.images if i.kind == "inline"]
    assert embedded.action == "block" and "basis.missing.uk_representative" in [f.code for f in embedded.findings]
    [withheld] = [f for f in d.findings if f.code == "inline.withheld"]
    assert withheld.action == "redact" and withheld.evidence == {"count": 1,
                                                                 "codes": ["basis.missing.uk_representative"]}
    assert withheld.rule.startswith("purpose[web-search].on.missing_basis")
    assert d.action == "redact" and d.redacted_body is not None
    assert photo not in d.redacted_body and b"<p>text</p>" in d.redacted_body


def test_an_embedded_portrait_the_page_reserves_is_removed_like_any_other_embedded_picture() -> None:
    page, photo = _portrait_page(b'<meta name="robots" content="noimageindex">')
    d = guard("search-index").check_response("https://www.example.de/team.html", 200,
                                             {"Content-Type": "text/html"}, page)
    assert d.action == "redact" and d.has("inline.opted_out") and not d.has("inline.withheld")
    assert d.redacted_body is not None and photo not in d.redacted_body


def test_an_embedded_portrait_no_art9_condition_covers_is_removed_from_a_biometric_purposes_page(
        tmp_path: Path) -> None:
    """Art. 9(2)(e) holds only where an override says the subject made the images public: the
    photo fetched by URL is blocked, and embedded in a page it is taken out of the page."""
    policy = tmp_path / "bio.toml"
    policy.write_text(STRICT.replace('art9 = []', 'art9 = ["eu-gdpr:A9-2-e"]\nart9_evidence = { dpia = "DPIA-1" }')
                      .replace('biometric = "block"', 'biometric = "allow"')
                      .replace('personal_image = "redact"', 'personal_image = "allow"')
                      .replace("[purpose.basis]", "biometric = true\n\n[purpose.basis]", 1))
    g = guard(policy)
    page, photo = _portrait_page()
    d = g.check_response("https://fotos.example.de/jane.html", 200, {"Content-Type": "text/html"}, page)
    [embedded] = [i for i in d.images if i.kind == "inline"]
    assert embedded.action == "block" and "basis.missing.made_public_by_subject" in [f.code for f in embedded.findings]
    assert d.action == "redact" and d.has("inline.withheld")
    assert d.redacted_body is not None and photo not in d.redacted_body


def test_an_embedded_portrait_redacted_for_being_personal_is_not_reported_twice() -> None:
    page, photo = _portrait_page()
    d = guard().check_response("https://news.example.org/story.html", 200, {"Content-Type": "text/html"}, page)
    assert d.action == "redact" and d.has("page.personal_images") and not d.has("inline.withheld")
    assert d.redacted_body is not None and photo not in d.redacted_body


def test_a_consent_purpose_takes_no_face_photo_it_cannot_check_consent_for(tmp_path: Path) -> None:
    """Art. 6(1)(a) holds per person, by a hit in the consent registry, which the guard cannot
    query: a personal image is a missing basis, as under Art. 9(2)(a); a picture of no one is not."""
    policy = variant(tmp_path, 'art6 = "eu-gdpr:A6-1-f"',
                     'art6 = "eu-gdpr:A6-1-a"\nconsent_registry = "https://consent.example.org/api"')
    g = guard(policy)
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    d = g.check_response("https://photos.example.de/jane.jpg", 200, {"Content-Type": "image/jpeg"}, face)
    [gap] = [f for f in d.findings if f.kind == "missing_basis"]
    assert gap.code == "basis.consent.unverified" and gap.action == "block" and not d.allowed
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    assert g.check_response("https://photos.example.de/cup.jpg", 200, {"Content-Type": "image/jpeg"}, coffee).allowed


def test_an_opt_out_an_override_relaxes_is_recorded_under_the_overrides_key_and_evidence(tmp_path: Path) -> None:
    policy = variant(tmp_path, "[audit]", '[[override]]\ndomain = "news-example.de"\nreason = "licence"\n'
                                          'evidence = "LIC-2026-7"\nexpires = 2099-01-01\n'
                                          'signals = { tdmrep = "log" }\n\n[audit]')
    g = guard(policy)
    headers = {"Content-Type": "text/html", "TDM-Reservation": "1"}
    d = g.check_response("https://www.news-example.de/a.html", 200, headers, b"<p>text</p>")
    [f] = [f for f in d.findings if f.kind == "opt_out"]
    assert (f.action, f.rule) == ("log", "override[news-example.de].signals.tdmrep = log") and d.allowed
    assert f.evidence["override_evidence"] == "LIC-2026-7" and f.evidence["override_expires"] == "2099-01-01"
    other = g.check_response("https://other.example.de/a.html", 200, headers, b"<p>text</p>")
    assert not other.allowed and [f.rule for f in other.findings] == ["purpose[web-text-corpus].on.opt_out"]


def test_an_opt_out_the_policy_logs_is_recorded_under_its_signals_key(tmp_path: Path) -> None:
    g = guard(variant(tmp_path, 'tdmrep = "obey"', 'tdmrep = "log"'))
    d = g.check_response("https://a.example.de/a.html", 200, {"Content-Type": "text/html", "TDM-Reservation": "1"},
                         b"<p>text</p>")
    [f] = [f for f in d.findings if f.kind == "opt_out"]
    assert f.rule == "signals.tdmrep = log" and "override" not in f.evidence


def test_a_pages_images_are_judged_for_the_forwarded_requests_crawler() -> None:
    """A page checked for a forwarded client's user agent judges its images by the image host's
    robots.txt for that client's token, as the image's own request will be."""
    from scrapeguard.resource import FetchResult, Headers

    g = guard()
    robots = b"User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    for origin in ("http://cdn.test", "http://www.test"):
        g.store_host_file(origin + "/robots.txt", FetchResult(origin + "/robots.txt", 200, Headers({}),
                                                              robots if origin == "http://cdn.test" else b""))
        for path in ("/.well-known/tdmrep.json", "/ai.txt"):
            g.store_host_file(origin + path, FetchResult(origin + path, 404, Headers({}), b""))
    page = b"<html><body><img src='http://cdn.test/a.jpg' alt='a cup of coffee'></body></html>"

    def image_codes(user_agent: str | None) -> list[str]:
        d = g.check_response("http://www.test/page.html", 200, {"Content-Type": "text/html"}, page,
                             user_agent=user_agent)
        [image] = d.images
        return [f.code for f in image.findings]

    assert image_codes("OtherBot/2.0") == ["robots.disallow"]
    assert image_codes(None) == []  # the guard's own token: allowed
    assert g.decide_request("http://cdn.test/a.jpg", user_agent="OtherBot/2.0").has("robots.disallow")


def test_a_biometric_allow_records_its_art9_references_and_the_override_that_authorised_it(tmp_path: Path) -> None:
    from scrapeguard.audit import AuditLog

    log = tmp_path / "audit.sqlite"
    g = guard("research-9-2-j", audit=str(log))
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    allowed = g.check_response("https://benchmark-archive.example/p.jpg", 200, {"Content-Type": "image/jpeg"}, face)
    refused = g.check_response("https://other.example/p.jpg", 200, {"Content-Type": "image/jpeg"}, face)
    g.close()
    assert allowed.action == "allow" and allowed.has("biometric.purpose") and not refused.allowed
    with AuditLog.open(log) as audit:
        basis, other = audit.get(0).record["basis"], audit.get(1).record["basis"]
        assert audit.verify().ok
    assert basis["art6"] == "eu-gdpr:A6-1-e-public-interest" and basis["art9"] == ["eu-gdpr:A9-2-j"]
    assert basis["evidence"] == ["State higher-education act: research mandate of the university"]  # as before
    assert basis["art9_evidence"]["dpia"] == "DPIA-VL-2025-03" and basis["art9_evidence"]["ethics"] == "IRB-2025-112"
    assert basis["art9_evidence"]["law"].startswith("DE: BDSG") and "pseudonymised storage" in basis["art9_evidence"][
        "safeguards"]
    assert basis["overrides"] == [{"override": "benchmark-archive.example", "override_evidence": "DAA-2025-03",
                                   "override_expires": "2027-09-30"}]
    assert "overrides" not in other and other["art9_evidence"] == basis["art9_evidence"]


def test_the_uk_schedule1_condition_of_an_art9_basis_is_recorded_with_it(tmp_path: Path) -> None:
    """(review) A UK page's special-category data rests on a DPA 2018 Sch. 1 condition too; the
    record of the basis left it out."""
    path = tmp_path / "uk.toml"
    path.write_text('schema_version = 1\nid = "uk"\nversion = "1.0.0"\nextends = "research-9-2-j"\n[[purpose]]\n'
                    'id = "face-detection-bias-study"\n[purpose.basis]\nuk_schedule1 = "Sch. 1 Part 1 para 4"\n')
    d = guard(path).check_response("https://a.example.org/p.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
    assert d.legal_basis["uk_schedule1"] == "Sch. 1 Part 1 para 4"
    assert "uk_schedule1" not in guard("research-9-2-j").check_response(
        "https://a.example.org/p.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>").legal_basis


def test_a_purpose_without_art9_records_the_basis_as_before() -> None:
    d = guard().check_response("https://a.example.org/p.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
    assert d.legal_basis == {"art6": "eu-gdpr:A6-1-f", "art9": [], "evidence": ["LIA-2025-01"],
                             "rules_version": d.legal_basis["rules_version"]}


TEAM_PAGE = b"<html><body><figure><img src='jane.jpg'><figcaption>Portrait of Jane Doe</figcaption></figure>%s</body></html>"


@pytest.mark.parametrize("reference", [
    b"<img src='http://[::1'>",  # an IPv6 literal never closed
    b"<img srcset='http://[::1 1x'>",
    "<img src='http://a\uff03b/x.jpg'>".encode(),  # a host NFKC turns into one with '#'
    b"<div style=\"background:url('http://[zz/x.png')\"></div>",
])
@pytest.mark.parametrize("on_error", ["fail-closed", "fail-open"])
def test_an_image_url_no_client_can_request_is_that_images_finding_and_the_rest_of_the_page_is_judged(
        tmp_path: Path, reference: bytes, on_error: str) -> None:
    g = guard(variant(tmp_path, 'on_error = "fail-closed"', f'on_error = "{on_error}"'))
    d = g.check_response("https://a.example.org/team.html", 200, {"Content-Type": "text/html"}, TEAM_PAGE % reference)
    assert not any(f.kind == "error" for f in d.findings)  # not a guard error on the whole page
    assert d.has("page.personal_images") and d.action == "redact"
    assert d.redacted_body is not None and b"jane.jpg" not in d.redacted_body  # the portrait is still taken out
    [bad] = [i for i in d.images if not i.url.endswith("jane.jpg")]
    [finding] = [f for f in bad.findings if f.code == "image.url_unusable"]
    assert finding.kind == "error" and finding.action == ("block" if on_error == "fail-closed" else "log")
    assert g.decide_request("https://a.example.org/jane.jpg").has("context.personal")  # remembered for its request


def test_a_personal_picture_at_an_unusable_url_is_taken_out_of_the_page_too() -> None:
    page = TEAM_PAGE % b"<figure><img src='http://[::1/john.jpg'><figcaption>Portrait of John Roe</figcaption></figure>"
    d = guard().check_response("https://a.example.org/team.html", 200, {"Content-Type": "text/html"}, page)
    assert d.action == "redact" and d.has("page.personal_images")
    assert d.redacted_body is not None and b"[::1" not in d.redacted_body and b"jane.jpg" not in d.redacted_body


def test_a_redirect_to_a_location_no_client_can_follow_is_judged_as_the_answer_it_is() -> None:
    g = guard()
    d = g.check_response("https://a.example.org/old.html", 302, {"Location": "http://[::1"}, b"")
    assert not any(f.kind == "error" for f in d.findings) and d.allowed
    [note] = [n for n in d.notes if n.code == "redirect.unusable"]
    assert "http://[::1" in note.detail


@pytest.mark.parametrize("on_error", ["fail-closed", "fail-open"])
def test_a_purpose_the_policy_does_not_declare_has_no_basis_and_is_blocked_whatever_on_error_says(
        site_factory, tmp_path: Path, on_error: str) -> None:
    """A mistyped per-request purpose under a fail-open policy passed every check (robots.txt's
    Disallow too) as a guard error: on_error is for the guard's own failures; an undeclared
    purpose has no legal basis, so nothing is collected for it."""
    site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /private/\n"), "/private/a": html("x")})
    sink = RecordingSink()
    g = Guard(variant(tmp_path, 'on_error = "fail-closed"', f'on_error = "{on_error}"'), user_agent=UA, audit=sink)
    d = g.check_request(site.url("/private/a"), purpose="corpus-typo")
    assert d.action == "block" and not d.allowed
    [basis] = [f for f in d.findings if f.code == "basis.missing.purpose"]
    assert basis.kind == "missing_basis" and basis.action == "block" and "'corpus-typo'" in basis.detail
    assert not d.has("error.fail_open") and d.purpose == "corpus-typo"
    assert sink.records[-1].decision_id == d.decision_id  # on record


def test_a_decision_whose_audit_write_failed_is_written_before_the_next_one_in_order(tmp_path: Path) -> None:
    """Every decision is in the log: a write that failed (the log locked by another process) is
    made again before the next decision's, with its audit.write_failed finding, as decided."""
    sink = RecordingSink()
    g = Guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'), user_agent=UA, audit=sink)
    page = {"Content-Type": "text/html"}
    a = g.check_response("https://a.example.org/a.html", 200, page, b"<p>a</p>")
    sink.fail = True
    b = g.check_response("https://a.example.org/b.html", 200, page, b"<p>b</p>")
    assert b.action == "log" and b.allowed and b.has("audit.write_failed")  # fail-open: acted on
    sink.fail = False
    c = g.check_response("https://a.example.org/c.html", 200, page, b"<p>c</p>")
    assert [r.decision_id for r in sink.records] == [a.decision_id, b.decision_id, c.decision_id]
    assert sink.records[1].has("audit.write_failed") and sink.records[1].ts == b.ts and not c.has("audit")


def test_decisions_a_failed_write_left_behind_are_written_when_the_guard_closes(site_factory) -> None:
    sink = RecordingSink()
    g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=sink)
    sink.fail = True
    blocked = g.check_response("https://a.example.org/a.html", 200, {"Content-Type": "text/html"}, b"<p>a</p>")
    assert blocked.action == "block" and not sink.records  # fail-closed: refused, and kept for the log
    sink.fail = False
    g.close()
    assert [r.decision_id for r in sink.records] == [blocked.decision_id]


def test_a_kept_decision_is_logged_as_decided_and_past_the_bound_the_gap_is_written_down(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import scrapeguard.unwritten as unwritten_module

    monkeypatch.setattr(unwritten_module, "MAX_UNWRITTEN", 2)
    sink = RecordingSink(fail=True)
    g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=sink)
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    first = g.check_response("https://a.example.org/p.jpg", 200, {"Content-Type": "image/jpeg"}, face)
    first.notes.append(Note("caller.later", "added by the caller after the decision"))
    for name in ("b", "c", "d"):
        g.check_response(f"https://a.example.org/{name}.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
    sink.fail = False
    last = g.check_response("https://a.example.org/e.html", 200, {"Content-Type": "text/html"}, b"<p>e</p>")
    assert [r.url.rsplit("/", 1)[1] for r in sink.records] == ["p.jpg", "b.html", "e.html"]
    kept = sink.records[0]
    assert kept.to_dict()["redacted"] is True and kept.redacted_body == b""  # the copy's bytes are not kept
    assert "caller.later" not in [n.code for n in kept.notes]
    [gap] = [n for n in last.notes if n.code == "audit.gap"]
    assert gap.detail.startswith("2 decision(s) before this one are not in the audit log")


def test_a_decision_written_late_to_a_real_log_keeps_the_chain_whole(tmp_path: Path) -> None:
    import sqlite3

    from scrapeguard.audit import AuditLog

    path = tmp_path / "audit.sqlite"
    log = AuditLog.open(path, busy_timeout=0.2)
    g = Guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'), user_agent=UA, audit=log)
    page = {"Content-Type": "text/html"}
    g.check_response("https://a.example.org/a.html", 200, page, b"<p>a</p>")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the log
    locked = g.check_response("https://a.example.org/b.html", 200, page, b"<p>b</p>")
    other.execute("ROLLBACK")
    other.close()
    g.check_response("https://a.example.org/c.html", 200, page, b"<p>c</p>")
    g.close()
    with AuditLog.open(path) as audit:
        assert audit.verify().ok and audit.count() == 3
        assert audit.get(1).record["decision_id"] == locked.decision_id


def test_decisions_past_the_bound_kept_beside_a_real_log_are_said_to_wait_not_to_be_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `MAX_UNWRITTEN` the gap note said the decisions "are not in the audit log", where each was kept
    beside it and the next process to open the log added them all (review, session 60): the chain
    contradicted itself."""
    import sqlite3

    import scrapeguard.unwritten as unwritten_module
    from scrapeguard.audit import AuditLog

    monkeypatch.setattr(unwritten_module, "MAX_UNWRITTEN", 1)
    path = tmp_path / "audit.sqlite"
    log = AuditLog.open(path, busy_timeout=0.2)
    g = Guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'), user_agent=UA, audit=log)
    page = {"Content-Type": "text/html"}
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the log
    for name in ("a", "b", "c"):
        g.check_response(f"https://a.example.org/{name}.html", 200, page, b"<p>x</p>")
    other.execute("ROLLBACK")
    other.close()
    last = g.check_response("https://a.example.org/d.html", 200, page, b"<p>d</p>")
    [gap] = [n for n in last.notes if n.code == "audit.gap"]
    assert gap.detail.startswith("2 decision(s) before this one are not in the audit log yet"), gap.detail
    assert "added when a process next opens it" in gap.detail
    g.close()
    log.close()
    with AuditLog.open(path) as audit:  # (the next process to open it adds them)
        assert audit.verify().ok and audit.count() == 4  # a (waited in memory), b and c (beside the log), d


def test_decisions_a_failed_write_left_behind_are_written_when_the_guard_is_collected_unclosed() -> None:
    """A guard nobody closes (the README's snippets, an httpx transport) still writes what it kept,
    and the hook doing so does not keep the guard alive."""
    import gc
    import weakref

    sink = RecordingSink(fail=True)
    g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=sink)
    blocked = g.check_response("https://a.example.org/a.html", 200, {"Content-Type": "text/html"}, b"<p>a</p>")
    sink.fail = False
    collected = weakref.ref(g)
    del g
    gc.collect()
    assert collected() is None
    _join_last_writes()
    assert [r.decision_id for r in sink.records] == [blocked.decision_id]


def _join_last_writes() -> None:
    """Wait for the writers a collected guard started (the collector does not wait for them)."""
    import threading

    for writer in [t for t in threading.enumerate() if t.name == "scrapeguard-unwritten"]:
        writer.join(5)


def test_decisions_that_still_cannot_be_written_when_the_guard_goes_are_logged_as_an_error(
        caplog: pytest.LogCaptureFixture) -> None:
    import gc

    g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=RecordingSink(fail=True))
    g.check_response("https://a.example.org/a.html", 200, {"Content-Type": "text/html"}, b"<p>a</p>")
    caplog.clear()
    del g
    gc.collect()
    _join_last_writes()
    [error] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "1 decision(s) whose audit write failed are not in the audit log (disk full)" in error.getMessage()


def test_a_guard_collected_inside_an_append_to_its_shared_log_does_not_hang_that_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The garbage collector may run a guard's last write while this thread is inside an append to
    the same log (holding its lock): the write waits on a thread of its own, and is made once the
    log is free."""
    import gc
    import threading

    import scrapeguard.unwritten as unwritten_module

    monkeypatch.setattr(unwritten_module, "LAST_WRITE_WAIT", 30)

    class LockingSink(RecordingSink):
        def __init__(self) -> None:
            super().__init__(fail=True)
            self.lock = threading.Lock()  # (an AuditLog's queue lock is not reentrant either)
            self.inside: list[Guard] = []

        def append(self, decision: Decision) -> None:
            with self.lock:
                if self.inside:  # the collector runs while this thread holds the log
                    self.inside.clear()
                    gc.collect()
                super().append(decision)

    sink = LockingSink()
    gone = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=sink)
    kept = gone.check_response("https://a.example.org/a.html", 200, {"Content-Type": "text/html"}, b"<p>a</p>")
    sink.inside.append(gone)
    del gone
    sink.fail = False
    other = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=sink)
    start = time.monotonic()
    d = other.check_response("https://a.example.org/b.html", 200, {"Content-Type": "text/html"}, b"<p>b</p>")
    assert time.monotonic() - start < 5  # (it waited LAST_WRITE_WAIT for a write queued behind itself)
    _join_last_writes()
    assert sorted(r.decision_id for r in sink.records) == sorted([kept.decision_id, d.decision_id])


def test_decisions_a_failed_write_left_behind_are_written_when_the_interpreter_exits(tmp_path: Path) -> None:
    """A script that ends without guard.close() (fail-open: the decision was acted on) still has
    every decision in its log."""
    import subprocess
    import sys

    from scrapeguard.audit import AuditLog

    path = tmp_path / "audit.sqlite"
    policy = variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"')
    script = f"""
import sqlite3
from scrapeguard import Guard
from scrapeguard.audit import AuditLog
g = Guard({str(policy)!r}, user_agent="TestBot/1.0", audit=AuditLog.open({str(path)!r}, busy_timeout=0.2))
page = {{"Content-Type": "text/html"}}
g.check_response("https://a.example.org/a.html", 200, page, b"<p>a</p>")
other = sqlite3.connect({str(path)!r}, isolation_level=None)
other.execute("BEGIN EXCLUSIVE")
d = g.check_response("https://a.example.org/b.html", 200, page, b"<p>b</p>")
assert d.has("audit.write_failed") and d.allowed
other.execute("ROLLBACK")
other.close()
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "SCRAPEGUARD_PURE_PYTHON": "1"})
    assert run.returncode == 0, run.stderr
    with AuditLog.open(path) as audit:
        assert audit.verify().ok and audit.count() == 2
        assert "audit.write_failed" in [f["code"] for f in audit.get(1).record["findings"]]


def _unreadable_opt_outs() -> dict[str, bytes]:
    """A picture per family whose opt-out cannot be read: a C2PA training-mining assertion cut
    short, an XMP DataMining whose prefix is never declared."""
    from signals.image_fixtures import jpeg_with_xmp, manifest_store, png_with_c2pa

    unbound = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               b'<rdf:Description rdf:about=""><plus:DataMining>DMI-PROHIBITED</plus:DataMining>'
               b"</rdf:Description></rdf:RDF></x:xmpmeta>")
    return {"c2pa_training_mining": png_with_c2pa(manifest_store(
                "c2pa.training-mining", {"c2pa.ai_training": "notAllowed"}, cbor_length=4096)),
            "iptc_data_mining": jpeg_with_xmp(unbound)}


_UNREADABLE_CODE = {"c2pa_training_mining": "c2pa.manifest.unreadable", "iptc_data_mining": "xmp.unreadable"}


def _judge_picture(g: Guard, family: str, url: str = "https://a.example.org/p.png") -> Decision:
    return g.check_response(url, 200, {"Content-Type": "image/png" if family.startswith("c2pa") else "image/jpeg"},
                            _unreadable_opt_outs()[family])


@pytest.mark.parametrize("family", ["c2pa_training_mining", "iptc_data_mining"])
def test_an_unreadable_opt_out_of_a_family_the_policy_only_logs_is_logged_not_blocked(tmp_path: Path,
                                                                                       family: str) -> None:
    """What the assertion could say would only be logged: its being unreadable blocks nothing
    (gdpr-strict fails closed), and the record names the key that decided it."""
    g = guard(variant(tmp_path, f'{family} = "obey"', f'{family} = "log"'))
    d = _judge_picture(g, family)
    [f] = [f for f in d.findings if f.code == _UNREADABLE_CODE[family]]
    assert (f.kind, f.action, f.rule) == ("error", "log", f"signals.{family} = log")
    assert d.allowed and d.action == "log"


@pytest.mark.parametrize("family", ["c2pa_training_mining", "iptc_data_mining"])
def test_an_unreadable_opt_out_an_override_only_logs_is_logged_with_the_overrides_evidence(tmp_path: Path,
                                                                                           family: str) -> None:
    path = tmp_path / "override.toml"
    path.write_text(STRICT + f"""
[[override]]
domain = "example.org"
reason = "the site's licence allows training"
evidence = "LIC-7"
expires = 2099-01-01
signals = {{ {family} = "log" }}
""")
    g = guard(path)
    [f] = [f for f in _judge_picture(g, family).findings if f.code == _UNREADABLE_CODE[family]]
    assert (f.action, f.rule) == ("log", f"override[example.org].signals.{family} = log")
    assert f.evidence["override_evidence"] == "LIC-7"
    [f] = [f for f in _judge_picture(g, family, "https://b.example.net/p.png").findings
           if f.code == _UNREADABLE_CODE[family]]  # elsewhere the policy obeys it: on_error decides
    assert (f.action, f.rule) == ("block", "runtime.on_error=fail-closed")


def test_an_unreadable_opt_out_is_no_stricter_than_the_purposes_action_for_opt_outs(tmp_path: Path) -> None:
    g = guard(variant(tmp_path, 'opt_out = "block"', 'opt_out = "log"'))
    [f] = [f for f in _judge_picture(g, "c2pa_training_mining").findings if f.code == "c2pa.manifest.unreadable"]
    assert (f.action, f.rule) == ("log", "purpose[web-text-corpus].on.opt_out")


@pytest.mark.parametrize(("on_error", "action"), [("fail-closed", "block"), ("fail-open", "log")])
def test_an_unreadable_opt_out_the_policy_obeys_is_decided_by_on_error(tmp_path: Path, on_error: str,
                                                                        action: str) -> None:
    g = guard(variant(tmp_path, 'on_error = "fail-closed"', f'on_error = "{on_error}"'))
    [f] = [f for f in _judge_picture(g, "c2pa_training_mining").findings if f.code == "c2pa.manifest.unreadable"]
    assert (f.action, f.rule) == (action, f"runtime.on_error={on_error}")


def test_an_opt_out_sent_again_and_again_is_one_finding_counted_with_the_other_places_it_came_from() -> None:
    headers = [("Content-Type", "text/html")] + [("X-Robots-Tag", "noimageai")] * 500 + [("X-Robots-Tag", "noai")] * 2
    page = b"<html><head><meta name=robots content=noai></head><body><img src=a.jpg></body></html>"
    d = guard().check_response("https://a.example.org/p.html", 200, headers, page)
    [noai] = [f for f in d.findings if f.code == "xrobots.noai"]
    assert noai.evidence["times"] == 3 and noai.evidence["also_from"] == [
        '<meta name="robots" content="noai"> on https://a.example.org/p.html']  # header #2 is the same place as #1
    [image] = d.images
    assert sorted(f.code for f in image.findings) == ["xrobots.noai", "xrobots.noimageai"]
    [noimageai] = [f for f in image.findings if f.code == "xrobots.noimageai"]
    assert noimageai.evidence["times"] == 500 and "also_from" not in noimageai.evidence
    assert len(d.signals) <= 2 * 5 + 1  # each signal from a few of its sources, not 500 times
    import json

    assert len(json.dumps(d.to_dict())) < 10_000


def test_an_ignored_opt_out_sent_many_times_is_noted_once(tmp_path: Path) -> None:
    g = guard(variant(tmp_path, 'x_robots_tag = "obey"', 'x_robots_tag = "ignore"'))
    headers = [("Content-Type", "text/html")] + [("X-Robots-Tag", "noai, noimageai")] * 300
    d = g.check_response("https://a.example.org/p.html", 200, headers, b"<html><body><img src=a.jpg></body></html>")
    ignored = [n for n in d.notes if n.code == "signal.ignored"]
    assert len(ignored) == 2 and d.action == "allow"


def test_check_url_records_the_request_stages_findings_in_the_answers_record(tmp_path: Path, site_factory) -> None:
    """check_url added what the request stage found (a robots.txt rule the policy logs) to the
    decision it returned after that decision was written: the record said allow, the caller log."""
    from scrapeguard.audit import AuditLog

    site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /p.html\n"), "/p.html": html("<p>x</p>")})
    log = tmp_path / "audit.sqlite"
    g = guard(variant(tmp_path, 'robots_txt = "obey"', 'robots_txt = "log"'), audit=str(log))
    d = g.check_url(site.url("/p.html"))
    g.close()
    assert d.action == "log" and d.has("robots.disallow")
    with AuditLog.open(log) as audit:
        entry = audit.get(d.decision_id)
        assert entry is not None and entry.record["outcome"]["action"] == "log"
        assert "robots.disallow" in [f["code"] for f in entry.record["findings"]]


@pytest.mark.parametrize(("audit", "reason"), [("file://audit.sqlite", "names no file on this machine"),
                                               ("x\x00y.sqlite", "NUL"), ("a" * 300 + ".sqlite", "bytes long")])
def test_an_audit_log_path_no_file_system_can_name_is_refused_with_its_reason(audit: str, reason: str) -> None:
    """Given to the guard directly (Guard(audit=...), SCRAPEGUARD_AUDIT, --audit) such a path failed
    with a raw OSError, or 'is a directory, not an audit log', where a policy's sink says why."""
    with pytest.raises(ValueError, match=reason):
        Guard(load_policy("gdpr-strict"), user_agent=UA, audit=audit)


@pytest.mark.parametrize("audit", ["logsdir/", "file:///tmp/logsdir/"])
def test_an_audit_log_path_shaped_as_a_folder_is_refused_as_the_policy_s_sink_is(audit: str, tmp_path: Path,
                                                                                  monkeypatch) -> None:
    """(Review) `Guard(audit="logsdir/")` made a file `logsdir`, where the policy's `[audit] sink = "logsdir/"` is
    refused: it is refused with the same words, and no file is made."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="names a folder: name the log file in it"):
        Guard(load_policy("gdpr-strict"), user_agent=UA, audit=audit)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("audit", [0, 1, 2.5, ["audit.sqlite"], object()])
def test_an_audit_log_that_is_none_is_refused_when_the_guard_is_made(audit: object) -> None:
    """`audit=0` was taken for a log: the crawl started, every decision's write failed, and each
    request was refused as the guard failing (let through unrecorded under fail-open)."""
    with pytest.raises(TypeError, match=f"not {type(audit).__name__}"):
        Guard(load_policy("gdpr-strict"), user_agent=UA, audit=audit)  # type: ignore[arg-type]


def test_a_request_stages_failed_write_stays_on_the_request_record(tmp_path: Path, site_factory) -> None:
    """check_url carries the request stage's findings into the response's record: not the request
    record's own bookkeeping, which made a response written fine say its write had failed."""
    site = site_factory({"/a.html": html("<p>a</p>")})

    class FailsOnce(RecordingSink):
        def append(self, decision: Decision) -> None:
            self.fail, failing = False, self.fail
            if failing:
                raise OSError("database is locked")
            self.records.append(decision)

    sink = FailsOnce(fail=True)
    g = Guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'), user_agent=UA, audit=sink)
    d = g.check_url(site.url("/a.html"))
    g.close()
    request, response = sink.records  # (the request's, written late, before the response's)
    assert request.stage == "request" and request.has("audit.write_failed")
    assert response is d and not d.has("audit.write_failed") and d.action == "allow"


def test_a_stored_copy_of_an_item_whose_decision_is_kept_is_recorded_after_it(tmp_path: Path) -> None:
    """An images pipeline stores the file as soon as the guard allows it (fail-open); when the
    decision's write had failed and it was still kept, attach_storage refused the copy as naming no
    decision, and where the file went was never on record for an erasure."""
    import sqlite3

    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.storage import StorageRef, attach_storage

    path = tmp_path / "audit.sqlite"
    log = AuditLog.open(path, busy_timeout=0.2)
    g = Guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'), user_agent=UA, audit=log)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the log
    d = g.check_response("https://a.example.org/img.png", 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n")
    other.execute("ROLLBACK")
    other.close()
    assert d.allowed and d.has("audit.write_failed")
    [seq] = attach_storage(g, d.decision_id, [StorageRef("file:///data/images/full/abc.png", "ab" * 32)])
    g.close()
    with AuditLog.open(path) as audit:
        assert audit.verify().ok and audit.get(d.decision_id).seq < seq


def test_a_stored_copy_of_a_decision_the_locked_log_still_keeps_is_told_to_be_recorded_again(tmp_path: Path) -> None:
    """(Review, session 66) While the log stayed locked, attach_storage said "no decision '…' in audit log", as
    for a typo: the caller gave up, and where the copy went was never recorded. It says the decision is still
    waiting (AuditError), and recording it again once the log is free works."""
    import sqlite3

    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.errors import AuditError
    from scrapeguard.audit.storage import StorageRef, attach_storage

    path = tmp_path / "audit.sqlite"
    log = AuditLog.open(path, busy_timeout=0.2)
    g = Guard(variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"'), user_agent=UA, audit=log)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the log, and keeps holding it
    d = g.check_response("https://a.example.org/img.png", 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n")
    copy = StorageRef("file:///data/images/full/abc.png", "ab" * 32)
    with pytest.raises(AuditError, match="still waiting"):
        attach_storage(g, d.decision_id, [copy])
    other.execute("ROLLBACK")
    other.close()
    [seq] = attach_storage(g, d.decision_id, [copy])
    g.close()
    with AuditLog.open(path) as audit:
        assert audit.verify().ok and audit.get(d.decision_id).seq < seq


def test_guards_sharing_an_audit_log_given_open_leave_it_open_for_each_other(tmp_path: Path) -> None:
    """An AuditLog handed to a guard is the caller's: the first guard closing must not make the
    second one's decisions fail their audit write (blocked fail-closed, lost fail-open)."""
    from scrapeguard.audit import AuditLog

    page = {"Content-Type": "text/html"}
    with AuditLog.open(tmp_path / "shared.sqlite") as log:
        with Guard(load_policy("gdpr-strict"), user_agent=UA, audit=log) as first:
            first.check_response("https://a.example.org/1.html", 200, page, b"<p>1</p>")
        with Guard(load_policy("gdpr-strict"), user_agent=UA, audit=log) as second:
            d = second.check_response("https://a.example.org/2.html", 200, page, b"<p>2</p>")
        assert d.allowed and not d.has("audit.write_failed")
        assert log.count() == 2
        assert log.verify().ok


def test_a_log_the_guard_opened_itself_is_closed_with_it(tmp_path: Path) -> None:
    guard = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=tmp_path / "own.sqlite")
    own, decision = guard.audit, guard.check_response("https://a.example.org/x.html", 200, {}, b"x")
    guard.close()  # (a later use opens it again: see test_a_guard_used_again_after_close_opens_its_audit_log_again)
    with pytest.raises(Exception, match="closed"):
        own.append(decision)  # type: ignore[union-attr]


def test_in_audit_mode_a_pages_image_that_would_be_blocked_is_still_allowed_as_its_own_request_is() -> None:
    """`d.images[i].allowed` reads as `Decision.allowed`: a crawler enqueuing the allowed
    images must not drop them in a roll-out meant to block nothing."""
    page = b'<meta name="robots" content="noimageai"><img src="https://cdn.example.org/photos/jane.jpg" alt="Jane Doe">'
    headers = {"Content-Type": "text/html"}
    [would] = guard("log-only").check_response("https://example.org/p.html", 200, headers, page).images
    assert would.action == "block" and would.allowed and would.to_dict()["allowed"] is True
    [blocked] = guard().check_response("https://example.org/p.html", 200, headers, page).images
    assert blocked.action == "block" and not blocked.allowed and blocked.to_dict()["allowed"] is False


def test_a_url_is_text_httpx_url_or_urllib_parse_result_and_anything_else_is_a_plain_type_error() -> None:
    import httpx
    from urllib.parse import urlsplit

    g = guard()
    page = {"Content-Type": "text/html"}
    for url in (httpx.URL("https://example.org/a.html"), urlsplit("https://example.org/a.html")):
        d = g.check_response(url, 200, page, b"<p>a</p>")  # type: ignore[arg-type]
        assert d.url == "https://example.org/a.html" and d.allowed and not d.has("error")
        assert g.decide_request(url).url == "https://example.org/a.html"  # type: ignore[arg-type]
    for wrong in (b"https://example.org/a.html", None, 42):
        with pytest.raises(TypeError, match="url must be a str"):
            g.check_response(wrong, 200, page, b"<p>a</p>")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="url must be a str"):
            g.check_request(wrong)  # type: ignore[arg-type]


def test_a_guard_closed_and_used_again_fetches_with_a_new_client_and_records_its_decisions(
        tmp_path: Path, site_factory) -> None:
    """close() closed the guard's own client and kept it: check_url after it raised httpx's
    RuntimeError ('the client has been closed') out of the guard, with nothing in the audit log."""
    from scrapeguard.audit import AuditLog

    site = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"), "/a": html("<p>a</p>"),
                         "/b": html("<p>b</p>")})
    with AuditLog.open(tmp_path / "shared.sqlite") as log:
        g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=log)
        assert g.check_url(site.url("/a")).allowed
        g.close()
        again = g.check_url(site.url("/b"))
        g.close()
        assert again.allowed and again.stage == "response" and again.status == 200
        assert site.hits.count("/b") == 1 and again.decision_id in {e.record["decision_id"] for e in log.iter_entries()}


class _FailingFetcher:
    """A caller's own fetcher (`Guard(fetcher=…)`) with a bug of its own."""

    def fetch(self, url: str, **kw: object) -> object:
        raise RuntimeError("the caller's fetcher broke")


class _FailingAsyncFetcher:
    async def fetch(self, url: str, **kw: object) -> object:
        raise RuntimeError("the caller's fetcher broke")


class _MovedFetcher:
    """A caller's own fetcher (one on requests or urllib3, which read a Location only to follow it)
    handing back a redirect to a Location no client can follow, its body saying noai."""

    def fetch(self, url: str, **kw: object) -> object:
        from scrapeguard.resource import FetchResult, Headers

        return FetchResult(url, 302, Headers({"Location": "http://[::1", "Content-Type": "text/html"}), NOAI_PAGE)


class _MovedAsyncFetcher:
    async def fetch(self, url: str, **kw: object) -> object:
        return _MovedFetcher().fetch(url)


def test_check_url_judges_a_redirect_to_a_location_no_client_can_follow_as_the_answer_it_is() -> None:
    """check_url read the Location to follow it and raised ValueError ('Invalid IPv6 URL') out of the
    guard, undecided and unaudited; as check_response judges it: the answer it is, noted."""
    from scrapeguard.resource import FetchResult

    url = "http://127.0.0.1:9/old.html"
    g = guard(fetcher=_MovedFetcher(), afetcher=_MovedAsyncFetcher())
    for file_url in g.host_files_needed(url):  # (the host files answered already)
        g.store_host_file(file_url, FetchResult(file_url, 404))
    for d in (g.check_url(url), asyncio.run(g.acheck_url(url))):
        assert d.codes == ["xrobots.noai"] and d.status == 302 and d.stage == "response"
        assert any(n.code == "redirect.unusable" for n in d.notes)


@pytest.mark.parametrize(("policy", "action"), [("gdpr-strict", "block"), ("log-only", "log")])
def test_a_fetch_that_raises_in_check_url_is_the_guard_failing_decided_by_on_error(policy: str, action: str) -> None:
    """It raised out of check_url, undecided and unaudited."""
    from scrapeguard.resource import FetchResult

    url = "http://127.0.0.1:9/a"
    g = guard(policy, fetcher=_FailingFetcher(), afetcher=_FailingAsyncFetcher())
    for file_url in g.host_files_needed(url):  # (the host files answered already: only the page's fetch fails)
        g.store_host_file(file_url, FetchResult(file_url, 404))
    for d in (g.check_url(url), asyncio.run(g.acheck_url(url))):
        assert d.action == action and d.codes == ["error.runtimeerror"] and d.stage == "response"


class _Unprintable(Exception):
    """An exception whose text cannot be made (a library's class whose __str__ reads an attribute never set)."""

    def __str__(self) -> str:
        raise AttributeError("'_Unprintable' object has no attribute 'reason'")


class _UnprintableFetcher:
    def fetch(self, url: str, **kw: object) -> object:
        raise _Unprintable()


class _UnprintableSink(RecordingSink):
    def append(self, decision: Decision) -> None:
        raise _Unprintable()


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # (the kept record's last write too)
@pytest.mark.parametrize(("policy", "action"), [("gdpr-strict", "block"), ("log-only", "log")])
def test_a_failure_whose_exception_cannot_be_printed_is_still_decided_by_on_error_and_audited(
        policy: str, action: str) -> None:
    """Its text was made to describe the failure, and that raised out of the guard: the crawler got a
    traceback, undecided and unaudited. The finding names the exception's type and that it had no text."""
    from scrapeguard.resource import FetchResult

    url = "http://127.0.0.1:9/a"
    sink = RecordingSink()
    g = Guard(load_policy(policy), user_agent=UA, audit=sink, fetcher=_UnprintableFetcher())
    for file_url in g.host_files_needed(url):
        g.store_host_file(file_url, FetchResult(file_url, 404))
    d = g.check_url(url)
    assert d.action == action and d.codes == ["error._unprintable"] and "_Unprintable" in d.findings[0].detail
    assert sink.records[-1] is d
    failing = Guard(load_policy(policy), user_agent=UA, audit=_UnprintableSink())
    w = failing.check_response(url, 200, {"content-type": "text/plain"}, b"hello")
    assert w.action == action and w.has("audit.write_failed")
    from guardkit import BrokenReader

    class UnprintableReader(BrokenReader):
        def parse(self, result: FetchResult) -> object:
            raise _Unprintable()

    reading = Guard(load_policy(policy), user_agent=UA, audit=False, host_files=[UnprintableReader()])  # type: ignore[list-item]
    reading.store_host_file("http://127.0.0.1:9/robots.txt", FetchResult("http://127.0.0.1:9/robots.txt", 200, body=b"x"))
    assert reading.decide_request(url).action == action


def test_an_unprintable_failure_in_one_part_of_a_judgement_leaves_the_others_findings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The search for embedded pictures failing with an exception whose text cannot be made raised out of
    the answer's judgement into `_failure`: the page's own `noai` was lost with everything else found
    (fail-open: "log", allowed, where an ordinary exception there gave block xrobots.noai)."""
    from scrapeguard import guard as guard_module

    def unsearchable(*_args: object, **_kw: object) -> object:
        raise _Unprintable()

    monkeypatch.setattr(guard_module, "find_inline_images", unsearchable)
    d = guard().check_response("http://127.0.0.1:9/p.html", 200, {"content-type": "text/html", "x-robots-tag": "noai"},
                               b"<p>data:image/png;base64,iVBORw0KGgo=</p>")
    assert d.action == "block" and d.has("xrobots.noai") and d.has("inline.unchecked"), d.codes
    assert "_Unprintable" in next(f.detail for f in d.findings if f.code == "inline.unchecked")


def test_the_guards_counts_add_up_when_threads_decide_at_once() -> None:
    """`Guard.stats` lost counts when threads (every adapter's workers) decided at once."""
    import sys
    import threading

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # (threads switch as often as they would under load)
    try:
        g = guard()
        threads = [threading.Thread(target=lambda: [g.decide_request(f"http://127.0.0.1:9/{i}") for i in range(2500)])
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert g.stats == {"request/allow": 8 * 2500}


def test_host_files_dropped_from_a_full_cache_before_the_request_is_decided_are_fetched_again(site_factory) -> None:
    """More origins in flight than the host-file cache holds: another thread's origin pushed this
    one's robots.txt out between its fetch and the decision, which was then taken without it
    (allowed, with only a `hostfile.not_fetched` note) though the site disallows everything."""
    import threading

    other = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n")})
    g = guard(host_cache_size=3)  # (one origin's three host files)

    def ai_txt(_handler: object) -> tuple[int, dict[str, str], bytes]:
        # another crawl thread fills the cache with its own origin's files meanwhile
        crawl = threading.Thread(target=g.check_request, args=(other.url("/x"),))
        crawl.start()
        crawl.join()
        return 404, {}, b""

    site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /\n"), "/ai.txt": ai_txt})
    d = g.check_request(site.url("/private.html"))
    assert d.action == "block" and d.has("robots.disallow"), (d.codes, [n.code for n in d.notes])


def test_a_reservation_checked_before_an_answer_is_judged_holds_though_other_origins_files_push_it_out_meanwhile(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An adapter checks that the answer's host files are in the cache, then judges it; they were read after
    the page's decoding and analysis (seconds for a large page), when other origins' files stored meanwhile
    had pushed them out: tdmrep.json "not consulted", and a page its site reserves against mining allowed."""
    from scrapeguard.detect import page as page_module
    from scrapeguard.resource import FetchResult, Headers

    g = guard(host_cache_size=3)  # (one origin's three host files)

    def store(base: str, tdmrep: bytes | None) -> None:
        for url in g.host_files_needed(base + "/"):
            found = tdmrep is not None and url.endswith("tdmrep.json")
            g.store_host_file(url, FetchResult(url, 200 if found else 404,
                                               Headers([("Content-Type", "application/json")]), tdmrep if found else b""))

    store("http://127.0.0.1:9", b'[{"location": "/", "tdm-reservation": 1}]')
    analyse = page_module.analyse_page

    def analyse_while_another_origin_is_read(*args: object, **kw: object) -> object:
        store("http://127.0.0.1:10", None)  # (another crawl thread, meanwhile)
        return analyse(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(page_module, "analyse_page", analyse_while_another_origin_is_read)
    d = g.check_response("http://127.0.0.1:9/labs/notes.html", 200, [("Content-Type", "text/html")],
                         b"<title>notes</title>", purpose="web-text-corpus")
    assert d.action == "block" and d.has("tdmrep.reserved"), (d.codes, [n.code for n in d.notes])


def test_a_host_file_cache_too_small_for_one_origin_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="host_cache_size"):
        guard(host_cache_size=2)


@pytest.mark.parametrize("wrap", [bytearray, memoryview])
def test_a_body_gathered_as_a_bytearray_or_a_memoryview_is_judged_as_its_bytes(wrap: type) -> None:
    """A memoryview failed deep inside (AttributeError: no 'startswith'): a guard error, which a
    fail-open policy passed unjudged."""
    d = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, wrap(NOAI_PAGE))
    assert d.codes == ["xrobots.noai"] and d.action == "block"


def test_a_body_that_is_no_bytes_is_a_plain_type_error() -> None:
    with pytest.raises(TypeError, match="body must be bytes"):
        guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html"}, "<p>text</p>")  # type: ignore[arg-type]


def test_a_status_given_as_its_digits_is_read_as_the_number_and_anything_else_is_a_plain_type_error() -> None:
    """warcio gives a WARC record's status as text ("200"): compared with numbers deep inside, it
    was a guard error (`'<=' not supported between 'int' and 'str'`) on every record, which a
    fail-open policy passed unjudged, its noai unread, and a fail-closed one blocked for nothing."""
    import http

    page = {"Content-Type": "text/html"}
    for status in ("200", " 200 ", http.HTTPStatus.OK):
        d = guard("log-only").check_response("https://a.example/p.html", status, page, NOAI_PAGE)  # type: ignore[arg-type]
        assert d.codes == ["xrobots.noai"] and d.status == 200 and type(d.status) is int
    for wrong in ("OK", "200 OK", True, 200.0, b"200"):
        with pytest.raises(TypeError, match="status must be"):
            guard().check_response("https://a.example/p.html", wrong, page, NOAI_PAGE)  # type: ignore[arg-type]


def test_an_item_erased_while_its_decision_waits_for_the_log_is_withheld_and_its_url_not_kept(
    site_factory, tmp_path: Path
) -> None:
    """`scrapeguard audit erase` holds the log's write lock while the guard's decision (allow: the
    erasure was not committed yet) waits to be written: the record goes in without the URL, as the
    erasure left the others, and the item is withheld as one on the suppression list."""
    import sqlite3
    import threading

    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.dsr import Subject, access, erase

    site = site_factory({"/people/jane.html": html("<p>Jane</p>")})
    url, path = site.url("/people/jane.html"), tmp_path / "audit.sqlite"
    g = Guard(load_policy("search-index"), user_agent=UA, audit=str(path))
    assert g.check_url(url).allowed  # (the erasure finds this one)
    decided: list[Decision] = []
    crawl = threading.Thread(target=lambda: decided.append(g.check_response(url, 200, {"Content-Type": "text/html"},
                                                                              b"<p>Jane</p>")))

    def while_erasing(_manifest: dict) -> None:  # inside the erasure's transaction: the crawl decides and waits
        crawl.start()
        time.sleep(1.0)

    with AuditLog.open(path) as operator:
        erase(operator, Subject(urls=[url]), request_id="dsr-jane", deliver=while_erasing)
    crawl.join(10)
    g.close()
    [d] = decided
    assert d.action == "block" and "suppressed.erasure" in d.codes
    with AuditLog.open(path) as log:
        assert access(log, Subject(urls=[url]), record=False)["count"] == 0
        assert log.verify().ok
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sidecar WHERE url = ?", (url,)).fetchone()[0] == 0


def test_a_guard_used_again_after_close_opens_its_audit_log_again(site_factory, tmp_path: Path) -> None:
    """close() (and leaving `with guard:`) closes the log the guard opened, and the guard stays usable:
    its next decisions are written, and erasures made meanwhile are honoured. Before, every later write
    failed (`audit.write_failed`: all blocked) and the closed log's suppression list answered none."""
    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.dsr import Subject, erase

    site = site_factory({"/jane": html("<p>Jane</p>"), "/other": html("<p>other</p>")})
    path = tmp_path / "audit.sqlite"
    g = Guard(load_policy("search-index"), user_agent=UA, audit=str(path))
    with g:
        assert g.check_url(site.url("/jane")).allowed
    with AuditLog.open(path) as operator:
        erase(operator, Subject(urls=[site.url("/jane")]), request_id="dsr-jane")
    with g:
        assert g.check_url(site.url("/other")).action == "allow"
        erased = g.check_url(site.url("/jane"))
    assert erased.action == "block" and erased.codes == ["suppressed.erasure"]
    with AuditLog.open(path) as log:
        assert log.has_decision(erased.decision_id) and log.count() == 2 + 1 + 2 + 1  # batch 1, erasure, batch 2


def test_a_page_still_compressed_without_a_content_encoding_is_decoded_to_be_judged(site_factory) -> None:
    """Compressed twice under one `Content-Encoding: gzip` (an application and a proxy each compressing),
    the page reaches the guard still gzip after the client's decode: judged as it came, nothing in it
    was readable and its `noindex` went unseen (allowed, no note). A download is what it says."""
    import gzip

    page = b'<html><head><meta name="robots" content="noindex"></head><body>x</body></html>'
    site = site_factory({"/twice": (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                                    gzip.compress(gzip.compress(page))),
                         "/dump.gz": (200, {"Content-Type": "application/octet-stream"}, gzip.compress(page))})
    g = guard("search-index")
    twice = g.check_url(site.url("/twice"))
    assert twice.action == "block" and twice.codes == ["xrobots.noindex"]
    assert [n.code for n in twice.notes if n.code.startswith("body.")] == ["body.coding_unlabelled", "body.decoded"]
    direct = g.check_response("https://example.org/p", 200, {"Content-Type": "text/html"}, gzip.compress(page))
    assert direct.codes == ["xrobots.noindex"]
    assert g.check_url(site.url("/dump.gz")).action == "allow"


@pytest.mark.parametrize("ctype", ["application/json", "application/x-ndjson", "application/javascript",
                                   "application/xml"])
def test_a_text_answer_compressed_twice_under_one_coding_is_decoded_through_the_transport(ctype: str,
                                                                                         site_factory) -> None:
    """An API answer gzipped twice under one `Content-Encoding: gzip`: httpx undoes one layer and the
    guard got gzip data under a JSON (or script, XML) type, which it looked into only for pages and
    text/*: its data: face was never seen, and it was allowed with no finding."""
    import gzip

    import httpx

    from scrapeguard.httpx import GuardTransport

    body = b'{"name": "Jane", "avatar": "' + _inline("faces/grace_hopper.jpg") + b'"}'
    site = site_factory({"/me": (200, {"Content-Type": ctype, "Content-Encoding": "gzip"},
                                 gzip.compress(gzip.compress(body)))})
    with httpx.Client(transport=GuardTransport(guard())) as client:
        d = client.get(site.url("/me")).extensions["scrapeguard_decision"]
    assert "face.detected" in d.codes and d.action in ("redact", "block")
    assert "body.coding_unlabelled" in {n.code for n in d.notes}


@pytest.mark.parametrize("ctype", ["image/jpeg", "image/webp", None])
def test_a_picture_compressed_twice_under_one_coding_is_decoded_to_be_judged(ctype: str | None, site_factory) -> None:
    """A photo gzipped twice under one `Content-Encoding: gzip` (a proxy compressing what an application
    had): after one layer the guard got gzip data under an image type, which it undid only for pages and
    text: the portrait was never looked at (`image.error`), so a fail-open policy passed it, and an erased
    photo's bytes were never compared with the suppression list."""
    import gzip

    portrait = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    headers = {"Content-Encoding": "gzip", **({"Content-Type": ctype} if ctype else {})}
    site = site_factory({"/p": (200, headers, gzip.compress(gzip.compress(portrait)))})
    d = guard().check_url(site.url("/p"))
    assert "face.detected" in d.codes and "image.error" not in d.codes
    assert "body.coding_unlabelled" in {n.code for n in d.notes}
    direct = guard().check_response("https://example.org/p.jpg", 200, {"Content-Type": "image/jpeg"},
                                    gzip.compress(portrait))
    assert "face.detected" in direct.codes and "image.error" not in direct.codes


def test_a_raw_body_compressed_twice_under_one_coding_is_decoded_layer_by_layer() -> None:
    """A WARC record of a page gzipped twice under `Content-Encoding: gzip`: the one named coding was
    undone and the gzip data under it judged as the page (its noai unseen: allowed). Each layer is
    undone now, bounded; past the bound the body is still coded, which on_error decides."""
    import gzip

    from scrapeguard.codings import MAX_CODINGS

    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    d = guard().check_response("https://a.example/p.html", 200, headers, gzip.compress(gzip.compress(NOAI_PAGE)))
    assert d.action == "block" and d.codes == ["xrobots.noai"]
    layered = NOAI_PAGE
    for _ in range(MAX_CODINGS + 2):
        layered = gzip.compress(layered)
    deep = guard().check_response("https://a.example/p.html", 200, headers, layered)
    assert deep.codes == ["body.encoded"] and deep.action == "block"


def test_a_robots_txt_compressed_twice_under_one_coding_is_obeyed(site_factory) -> None:
    """`Disallow: /` gzipped twice under one `Content-Encoding: gzip` was decoded once and read as
    binary: no rule in it, the whole site allowed and crawled."""
    import gzip

    robots = b"User-agent: *\nDisallow: /\n"
    site = site_factory({"/robots.txt": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
                                         gzip.compress(gzip.compress(robots))),
                         "/p": html("<p>hi</p>")})
    d = guard().check_url(site.url("/p"))
    assert d.action == "block" and d.codes == ["robots.disallow"] and "/p" not in site.hits


def test_acheck_request_writes_its_decision_without_stalling_the_event_loop(site_factory, tmp_path: Path) -> None:
    """The decision's audit write waits while another process holds the log's write lock (an erasure, a
    prune, another crawler) and fsyncs: done on the event loop, every other task of an async crawl stood
    still meanwhile (up to the busy timeout, 30 s). It is written in a worker thread."""
    import sqlite3
    import threading

    site = site_factory({"/a": html("<p>a</p>")})
    path = tmp_path / "audit.sqlite"

    async def crawl() -> tuple[Decision, float]:
        g = Guard(load_policy("search-index"), user_agent=UA, audit=str(path))
        await g.acheck_request(site.url("/a"))  # (its host files: fetched and cached)
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the log for a second
        threading.Timer(1.0, lambda: other.execute("ROLLBACK")).start()
        gaps: list[float] = []

        async def ticker() -> None:
            last = time.monotonic()
            for _ in range(30):
                await asyncio.sleep(0.05)
                gaps.append(time.monotonic() - last)
                last = time.monotonic()

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0.1)  # (the ticker is running)
        d = await g.acheck_request(site.url("/a?again"))
        await ticking
        other.close()
        await g.aclose()
        return d, max(gaps)

    d, stall = asyncio.run(crawl())
    assert d.action == "allow" and "audit.write_failed" not in d.codes
    assert stall < 0.5


@pytest.mark.parametrize("integration", ["httpx", "library"])
def test_each_record_says_which_integration_made_its_decision(tmp_path: Path, integration: str) -> None:
    """`Guard(integration=...)`, passed by the Scrapy middleware, the proxy and the httpx example, was
    kept and never written: a reviewer of a log shared by several crawlers could not tell them apart."""
    from scrapeguard.audit import AuditLog

    kw = {"integration": integration} if integration != "library" else {}
    with Guard(load_policy("gdpr-strict"), user_agent=UA, audit=str(tmp_path / "a.sqlite"), **kw) as g:
        d = g.check_response("https://example.org/a.html", 200, {"Content-Type": "text/html"}, b"<p>a</p>")
    with AuditLog.open(tmp_path / "a.sqlite") as audit:
        entry = audit.get(d.decision_id)
    assert entry is not None and entry.record["guard"]["integration"] == integration


def test_a_request_decision_does_not_queue_behind_work_filling_anyios_shared_threads(site_factory,
                                                                                     tmp_path: Path) -> None:
    """The decision and its write run in worker threads of their own (per event loop): in anyio's shared
    40, where acheck_url analyses pages and images, a request's decision waited 1.9 s behind them."""
    import threading

    site = site_factory({"/a": html("<p>a</p>")})

    async def crawl() -> float:
        g = Guard(load_policy("search-index"), user_agent=UA, audit=str(tmp_path / "audit.sqlite"))
        await g.acheck_request(site.url("/a"))  # (its host files: fetched and cached)
        anyio.to_thread.current_default_thread_limiter().total_tokens = 1
        release = threading.Event()
        busy = asyncio.ensure_future(anyio.to_thread.run_sync(release.wait))  # the shared thread, taken
        await asyncio.sleep(0.05)
        t0 = time.monotonic()
        d = await asyncio.wait_for(g.acheck_request(site.url("/a?again")), 5)
        took = time.monotonic() - t0
        release.set()
        await busy
        await g.aclose()
        assert d.allowed
        return took

    assert asyncio.run(crawl()) < 2


def test_a_portrait_after_the_end_of_a_face_free_picture_is_a_finding_of_the_image_bytes() -> None:
    """aCropalypse: the picture an editor wrote over is still in the file, after the end of the one shown."""
    shown = (FACES_DIR / "no_faces" / "chelsea.jpg").read_bytes()
    portrait = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    d = guard().check_response("https://a.example.org/cat.jpg", 200, {"Content-Type": "image/jpeg"}, shown + portrait)
    [finding] = [f for f in d.findings if f.code == "image.trailing_face"]
    assert finding.kind == "personal_image" and finding.source == "image bytes"
    assert d.action == "redact" and d.redacted_body is not None  # (the shown picture kept, the rest cut off)
    assert portrait not in d.redacted_body


def test_a_stricter_rule_for_the_pages_domain_follows_its_pictures_to_their_cdn(tmp_path: Path) -> None:
    """The school's own rule (no pupil photo, not even blurred) covered only pictures on its domain:
    the same page's portraits on its CDN were blurred and kept, in the page and on their own request."""
    policy = tmp_path / "school.toml"
    policy.write_text(STRICT + '[[override]]\ndomain = "school.example"\nreason = "no pupil photo, not even '
                      'blurred"\non = { personal_image = "block" }\n')
    g = guard(policy)
    page = (b"<html lang=en><body><h1>Our pupils</h1>"
            b"<figure><img src='https://school.example/photos/anna.jpg' alt='Portrait of Anna Smith'>"
            b"<figcaption>Anna Smith, class 4b</figcaption></figure>"
            b"<figure><img src='https://cdn.schoolhost.example/photos/ben.jpg' alt='Portrait of Ben Jones'>"
            b"<figcaption>Ben Jones, class 4b</figcaption></figure></body></html>")
    d = g.check_response("https://www.school.example/pupils", 200, {"Content-Type": "text/html"}, page)
    assert {i.url.rsplit("/", 1)[1]: i.action for i in d.images} == {"anna.jpg": "block", "ben.jpg": "block"}
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    own = g.check_response("https://cdn.schoolhost.example/photos/ben.jpg", 200, {"Content-Type": "image/jpeg"}, face)
    assert own.action == "block"
    assert all(f.rule.startswith("override[school.example]") for f in own.findings if f.kind == "personal_image")
    elsewhere = g.check_response("https://cdn.schoolhost.example/photos/other.jpg", 200,
                                 {"Content-Type": "image/jpeg"}, face)
    assert elsewhere.action == "redact"  # a picture no school page showed: the CDN's own rules


def test_the_stricter_rule_of_a_page_that_showed_a_picture_stands_when_another_page_shows_it_too(
        tmp_path: Path) -> None:
    """Two pages about one picture keep the stricter word: a newspaper page (another domain, a more
    personal caption) showing the school's CDN picture too took the school's rule away from it."""
    policy = tmp_path / "school.toml"
    policy.write_text(STRICT + '[[override]]\ndomain = "school.example"\nreason = "no pupil photo, not even '
                      'blurred"\non = { personal_image = "block" }\n')
    g = guard(policy)
    cdn = b"https://cdn.schoolhost.example/photos/ben.jpg"
    school = b"<figure><img src='" + cdn + b"' alt='Ben Jones'><figcaption>Ben Jones, class 4b</figcaption></figure>"
    news = (b"<article class='author-bio'><figure><img src='" + cdn + b"' alt='Portrait of Ben Jones, pupil, smiling'>"
            b"<figcaption>Portrait photo of Ben Jones</figcaption></figure></article>")
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    for first, second in (("www.school.example", "news.example.com"), ("news.example.com", "www.school.example")):
        g = guard(policy)
        for host in (first, second):
            body = school if host.endswith("school.example") else news
            g.check_response(f"https://{host}/page", 200, {"Content-Type": "text/html"}, b"<html><body>" + body)
        own = g.check_response(cdn.decode(), 200, {"Content-Type": "image/jpeg"}, face)
        assert own.action == "block", (first, [(f.code, f.action, f.rule) for f in own.findings])


def test_a_stricter_signal_mode_for_the_pages_domain_covers_its_pictures_on_another_domain(tmp_path: Path) -> None:
    """The school's rule may be a signal mode (obey its pages' noimageai) where the policy only logs
    that signal: it covered the pictures on its own domain, not those on its CDN."""
    policy = tmp_path / "school.toml"
    policy.write_text(STRICT.replace('x_robots_tag = "obey"', 'x_robots_tag = "log"', 1)
                      + '[[override]]\ndomain = "school.example"\nreason = "honour our noimageai on every pupil photo"\n'
                        'signals = { x_robots_tag = "obey" }\n')
    g = guard(policy)
    page = (b"<html lang=en><head><meta name='robots' content='noimageai'></head><body><h1>Term news</h1>"
            b"<img src='https://www.school.example/img/a.png' alt='the new library'>"
            b"<img src='https://cdn.schoolhost.example/img/b.png' alt='the new library'></body></html>")
    d = g.check_response("https://www.school.example/news", 200, {"Content-Type": "text/html"}, page)
    assert {i.url.rsplit("/", 1)[1]: i.action for i in d.images} == {"a.png": "block", "b.png": "block"}
    assert g.decide_request("https://cdn.schoolhost.example/img/b.png").action == "block"
    other = g.check_response("https://news.example.com/n", 200, {"Content-Type": "text/html"},
                             page.replace(b"www.school.example/img/a.png", b"news.example.com/img/c.png")
                             .replace(b"cdn.schoolhost.example/img/b.png", b"cdn.schoolhost.example/img/d.png"))
    assert {i.url.rsplit("/", 1)[1]: i.action for i in other.images} == {"c.png": "log", "d.png": "log"}  # its own rules


# ------------------------------------------------------- a redirect's own body
@pytest.mark.parametrize("status", [300, 302])
def test_a_redirect_whose_own_body_shows_a_face_no_copy_is_made_of_is_withheld(status: int) -> None:
    """A 300/302 answer is handed to a client that does not follow redirects with its body; one
    holding a face the guard can make no redacted copy of (a multipart stream) was passed as it
    came, while the same answer as a 200 was withheld."""
    from scrapeguard.enact import must_withhold

    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    body = b"--frame\r\nContent-Type: image/jpeg\r\n\r\n" + face + b"\r\n--frame--\r\n"
    headers = {"content-type": "multipart/x-mixed-replace; boundary=frame", "location": "/elsewhere"}
    d = guard().check_response("https://cam.example.org/live", status, headers, body)
    assert "face.detected" in d.codes and d.action == "block" and must_withhold(d)
    assert "redact.unavailable" in [n.code for n in d.notes]


def test_a_redirect_without_a_body_still_passes_with_the_word_it_carries() -> None:
    from scrapeguard.enact import must_withhold

    g = guard()
    g.check_response("https://news.example.org/a.html", 200, {"content-type": "text/html"},
                     b'<img src="https://cdn.example.org/jane.jpg" alt="Portrait of Jane Doe">')
    d = g.check_response("https://cdn.example.org/jane.jpg", 302, {"location": "https://cdn2.example.org/jane.jpg"}, b"")
    assert d.action == "redact" and not must_withhold(d)


@pytest.mark.parametrize(("ctype", "body"), [
    ("text/plain; charset=utf-8", b"Found. Redirecting to /img/jane.jpg"),  # Express's res.redirect
    ("application/xml", b"<Error><Code>PermanentRedirect</Code><Endpoint>s3.eu.example</Endpoint></Error>"),
])
def test_a_redirect_whose_body_says_only_where_to_go_passes_with_the_word_it_carries(ctype: str, body: bytes) -> None:
    """Only the page's word about the URL (context.personal) asks to redact a redirect answering
    with a line of text: it was withheld (451), so the client never reached the picture to judge."""
    from scrapeguard.enact import must_withhold

    g = guard()
    g.check_response("https://news.example.org/a.html", 200, {"content-type": "text/html"},
                     b'<img src="https://news.example.org/avatar/jane" alt="Portrait of Jane Doe">')
    d = g.check_response("https://news.example.org/avatar/jane", 302,
                         {"location": "/img/jane.jpg", "content-type": ctype}, body)
    assert d.action == "redact" and d.has("context.personal") and not must_withhold(d)
    assert g.decide_request("https://news.example.org/img/jane.jpg").has("context.personal")


def test_a_redirects_body_cut_at_the_cap_with_a_portrait_in_it_is_withheld_under_fail_open(tmp_path: Path) -> None:
    """Under fail-open a body cut at the cap is judged on its start; a redirect's, with a portrait
    to redact in that start, passed whole where a 200's is withheld (no copy of all of it)."""
    from scrapeguard.enact import must_withhold

    policy = tmp_path / "open.toml"
    policy.write_text('schema_version = 1\nid = "open"\nversion = "1.0.0"\nextends = "gdpr-strict"\n'
                      '[runtime]\non_error = "fail-open"\n')
    page = (b'<html lang="en"><body><article class="profile"><img src="/photos/jane.jpg" alt="Portrait photo of '
            b'Jane Doe"></article>' + b"<p>lorem ipsum</p>" * 4000)
    for status in (200, 300):
        d = guard(policy).check_response("https://news.example.org/p", status, {"content-type": "text/html"}, page,
                                         truncated=True)
        assert d.action == "redact" and must_withhold(d), status


@pytest.mark.parametrize("ctype", ["application/json", "text/css", "application/javascript", "application/x-ndjson"])
def test_a_text_answer_cut_at_the_cap_is_an_incomplete_judgement_as_a_page_is(ctype: str) -> None:
    """A data: picture past the cap of a JSON answer or a style sheet went unseen, and the answer
    was allowed with a note only (a cut SVG in the same place: body.too_large, decided by on_error)."""
    d = guard().check_response("https://api.example.org/users", 200, {"content-type": ctype},
                               b'{"bio": "' + b"x" * 70_000, truncated=True)
    [finding] = [f for f in d.findings if f.code == "body.too_large"]
    assert not d.allowed and "text answer" in finding.detail


def test_a_text_answer_read_whole_is_judged_as_before() -> None:
    d = guard().check_response("https://api.example.org/users", 200, {"content-type": "application/json"},
                               b'{"bio": "' + b"x" * 70_000 + b'"}')
    assert d.allowed and "body.too_large" not in d.codes


@pytest.mark.parametrize("ctype", ["application/octet-stream", "binary/octet-stream", None, "text/event-stream", "text/plain",
                                   "text/csv"])
def test_a_download_or_a_stream_cut_at_the_cap_is_no_incomplete_judgement(ctype: str | None) -> None:
    """A download of no stated text type (searched, but any file) and an event stream (never whole)
    are not held to be read whole."""
    headers = {"content-type": ctype} if ctype else {}
    d = guard().check_response("https://files.example.org/dump", 200, headers, b"\0" * 70_000, truncated=True)
    assert "body.too_large" not in d.codes


@pytest.mark.parametrize("ctype", ["application/octet-stream", None, "application/force-download", "application/x-download",
                                   "application/unknown", "unknown/unknown", "application/binary", "*/*",
                                   # (review, session 60: any type but a video's, a sound's, a PDF's or an archive's)
                                   "text/plain", "text/plain; charset=utf-8", "text/csv", "font/woff2",
                                   "content/unknown", "application/x-jpg", "image", "jpeg", "application/wasm; x=1"])
def test_a_part_of_an_untyped_resource_is_an_incomplete_judgement_left_to_on_error(ctype: str | None) -> None:
    """A portrait served as application/octet-stream, fetched as bytes 0-0 and then bytes 1-N:
    neither part reads as a picture, and both were allowed (with a note), the photo whole once joined.
    The same served as text/plain (Apache's old default type), a font's or an invalid type passed so too."""
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    n = len(face)
    headers = {"content-type": ctype} if ctype else {}
    for first, part in ((0, face[:1]), (1, face[1:])):
        got = guard().check_response("https://files.example.org/f", 206,
                                     {**headers, "content-range": f"bytes {first}-{first + len(part) - 1}/{n}"}, part)
        assert not got.allowed and got.codes == ["range.incomplete"], got.codes
        assert guard("log-only").check_response("https://files.example.org/f", 206, {
            **headers, "content-range": f"bytes {first}-{first + len(part) - 1}/{n}"}, part).allowed
    whole = guard().check_response("https://files.example.org/f", 206, {**headers, "content-range": f"bytes 0-{n - 1}/{n}"},
                                   face)
    assert "range.incomplete" not in whole.codes and "face.detected" in whole.codes


@pytest.mark.parametrize("ctype", ["video/mp4", "audio/mpeg", "application/pdf", "application/zip; x=y", "VIDEO/WebM",
                                   # (their other names: review of the change)
                                   "application/ogg", "application/mp4", "application/x-pdf", "application/x-rar",
                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                   "application/vnd.apache.parquet"])
def test_a_part_of_a_video_a_sound_a_pdf_or_an_archive_passes_as_a_download_of_it(ctype: str) -> None:
    """Once its first bytes were seen (a part from byte 0 long enough to tell a picture or a page by)."""
    g = guard()
    g.check_response("https://files.example.org/f", 206, {"content-type": ctype, "content-range": "bytes 0-1999/5000"},
                     b"x" * 2000)
    d = g.check_response("https://files.example.org/f", 206, {"content-type": ctype,
                                                             "content-range": "bytes 100-199/5000"}, b"y" * 100)
    assert d.allowed and "range.incomplete" not in d.codes, d.codes


@pytest.mark.parametrize("part_type", ["application/octet-stream", None, "text/plain", "content/unknown"])
def test_a_multi_range_answer_of_untyped_parts_is_an_incomplete_judgement(part_type: str | None) -> None:
    """`Range: bytes=0-0,1-` of a portrait served untyped: one answer, the photo whole in two parts
    neither of which reads as a picture, allowed with no finding and no note."""
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    n = len(face)
    typed = b"Content-Type: " + part_type.encode() + b"\r\n" if part_type else b""
    body = b"".join(b"--B\r\n" + typed + b"Content-Range: bytes %d-%d/%d\r\n\r\n" % (a, a + len(p) - 1, n) + p + b"\r\n"
                    for a, p in ((0, face[:1]), (1, face[1:]))) + b"--B--\r\n"
    d = guard().check_response("https://files.example.org/f", 206, {"Content-Type": "multipart/byteranges; boundary=B"},
                               body)
    assert not d.allowed and "range.incomplete" in d.codes, d.codes


def test_a_picture_answered_without_a_body_is_noted() -> None:
    """A zero-byte image/jpeg passed as allowed with no finding and no note (a 200-byte truncated one is
    image.error): nothing is there to collect, and now the decision says so (found in review)."""
    g = guard()
    empty = g.check_response("http://127.0.0.1:9/x.jpg", status=200, headers={"content-type": "image/jpeg"}, body=b"")
    assert empty.allowed and not empty.findings and "image.empty" in [n.code for n in empty.notes]
    unchanged = g.check_response("http://127.0.0.1:9/x.jpg", status=304, headers={"content-type": "image/jpeg"}, body=b"")
    assert "image.empty" not in [n.code for n in unchanged.notes]


@pytest.mark.parametrize(("body", "code"), [(b"", "page.empty"), (b"  \r\n", "page.empty"), (b"\xef\xbb\xbf", "page.empty"),
                                            (" \n".encode("utf-16"), "page.empty"),
                                            (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4, "page.not_text")])
def test_a_page_answered_with_no_page_in_it_is_noted(body: bytes, code: str) -> None:
    """An empty body or an executable served as text/html was allowed with "no finding" and no note, as
    if a page had been read and found clean (found by a new user's review: `scan ls.html`)."""
    g = guard()
    got = g.check_response("http://127.0.0.1:9/p.html", status=200, headers={"content-type": "text/html"}, body=body)
    assert got.allowed and not got.findings and code in [n.code for n in got.notes], got.notes


def test_an_empty_page_sent_in_gzip_is_an_empty_page() -> None:
    """(It was blocked as body.encoded, "could not be decoded".)"""
    import gzip

    got = guard().check_response("http://127.0.0.1:9/p.html", status=200,
                                 headers={"content-type": "text/html", "content-encoding": "gzip"}, body=gzip.compress(b""))
    assert got.allowed and not got.findings and "page.empty" in [n.code for n in got.notes], (got.findings, got.notes)


@pytest.mark.parametrize("body", [b"<p>No pictures here.</p>", "<p>Keine Bilder.</p>".encode("utf-16"),
                                  b"<html><script>var a='\x00';</script><p>A stray NUL in a script.</p></html>"])
def test_a_page_without_pictures_is_no_unreadable_page(body: bytes) -> None:
    got = guard().check_response("http://127.0.0.1:9/p.html", status=200, headers={"content-type": "text/html"}, body=body)
    assert not [n.code for n in got.notes if n.code.startswith("page.")], got.notes
    unchanged = guard().check_response("http://127.0.0.1:9/p.html", status=304, headers={"content-type": "text/html"}, body=b"")
    assert "page.empty" not in [n.code for n in unchanged.notes]


def _drip(handler) -> None:  # type: ignore[no-untyped-def]
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "40")
    handler.end_headers()
    for byte in b"<html><body><p>dripping</p></body></html>"[:40]:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.25)
    raise ConnectionResetError("test: the answer was written by hand")  # (the server says nothing more)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_check_url_gives_up_on_an_answer_dripping_past_the_guards_timeout(site_factory, tmp_path: Path, kind: str) -> None:
    """(An adversarial review: a page sent a byte a second kept check_url waiting 54 s, each read within
    httpx's read timeout; the guard's timeout now holds the whole answer, and on_error decides.)"""
    from guardkit import write_fast_policy

    site = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"), "/drip": _drip})
    g = guard(write_fast_policy(tmp_path))
    t0 = time.perf_counter()
    if kind == "sync":
        d = g.check_url(site.url("/drip"))
    else:
        d = asyncio.run(g.acheck_url(site.url("/drip")))
    assert time.perf_counter() - t0 < 6  # (40 bytes at 4 a second: 10 s whole; the policy's timeout is 1 s)
    assert d.action == "block" and any(c.startswith(("error.", "http.")) or "timeout" in c for c in d.codes), d.codes


@pytest.mark.parametrize(("status", "ctype", "code"), [(304, "image/jpeg", "body.not_read"), (200, "application/zip", "body.container"),
                                                     (200, "application/pdf", "body.container"),
                                                     (200, "message/rfc822", "body.container")])
def test_a_body_the_guard_does_not_read_is_said_to_be_unread(status: int, ctype: str, code: str) -> None:
    """(An adversarial review: a portrait given with a 304, a ZIP or a PDF holding one, and a mail message
    wrapping one were allowed with no finding and no note.)"""
    d = guard().check_response("https://a.example/f", status, {"Content-Type": ctype}, b"PK\x03\x04 some bytes inside")
    assert code in {n.code for n in d.notes}, d.notes


def test_an_archive_is_told_by_its_bytes_too_as_scan_tells_it() -> None:
    """(The guard and `scan` read an archive's first bytes with one recogniser, `resource.archive_kind`.)"""
    d = guard().check_response("https://a.example/photos", 200, {"Content-Type": "application/octet-stream"},
                               b"PK\x03\x04" + bytes(64))
    assert [n.detail for n in d.notes if n.code == "body.container"] == [
        "the answer is a zip archive: the pictures it may hold, and the rights its metadata may reserve (TDMRep, "
        "IPTC data mining in XMP), were not read"]


@pytest.mark.parametrize(("wrap", "what"), [("gzip", "a gzip-compressed file"), ("xz", "an xz-compressed file")])
def test_a_compressed_download_is_said_to_hold_what_the_guard_did_not_read(wrap: str, what: str) -> None:
    """A portrait gzipped and served as application/octet-stream (a `.gz` download, not a content coding the
    adapters undo) passed with no note at all, where a zip of it was said to be unread (review, session 60)."""
    import gzip
    import lzma

    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    body = gzip.compress(face) if wrap == "gzip" else lzma.compress(face)
    d = guard().check_response("https://a.example/grace.jpg." + wrap, 200,
                               {"Content-Type": "application/octet-stream"}, body)
    assert [n.detail.split(":")[0] for n in d.notes if n.code == "body.container"] == [f"the answer is {what}"]


def _zip_of(name: str, data: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_after_other_bytes_is_said_to_be_unread_as_a_zip_is() -> None:
    """A zip after a self-extracting program's bytes, which unzip reads, was told by its first bytes alone: the
    face photo in it passed as allowed with no finding and no note (review, session 73)."""
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    d = guard().check_response("https://example.de/sfx.bin", 200, {"Content-Type": "application/octet-stream"},
                               b"MZ" + bytes(70_000) + _zip_of("face.jpg", face))
    assert [n.detail.split(":")[0] for n in d.notes if n.code == "body.container"] == ["the answer is a zip archive"]


def test_a_picture_with_a_zip_appended_is_judged_as_a_picture_and_said_to_hold_one() -> None:
    """A polyglot, a JPEG that unzip reads as a zip: its picture is judged, and the files appended, which the
    guard does not read, are said to be unread."""
    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    d = guard().check_response("https://example.de/face.jpg", 200, {"Content-Type": "image/jpeg"},
                               face + _zip_of("other.jpg", face))
    plain = guard().check_response("https://example.de/face.jpg", 200, {"Content-Type": "image/jpeg"}, face)
    assert d.action == plain.action != "allow" and {f.code for f in d.findings} == {f.code for f in plain.findings}
    assert [n.detail for n in d.notes if n.code == "body.container"] == [
        "the picture has a zip archive appended: the pictures it may hold, and the rights its metadata may reserve, "
        "were not read"]
    assert "body.container" not in {n.code for n in plain.notes}


@pytest.mark.parametrize(("ctype", "body"), [("audio/mpeg", mp3()), ("application/octet-stream", mp3(version=4)),
                                           ("audio/flac", flac()), ("audio/ogg", opus()), ("audio/mp4", m4a())])
def test_a_portrait_as_a_sound_files_cover_art_is_said_to_be_unread_as_one_in_a_zip(ctype: str, body: bytes) -> None:
    """(Review, session 69) A portrait as an MP3's cover art (an ID3v2 picture frame), a FLAC's, an Ogg file's
    or an M4A's passed as allowed with no finding and no note, where a zip holding it was said to be unread."""
    d = guard().check_response("https://a.example/interview", 200, {"Content-Type": ctype}, body)
    [note] = [n.detail for n in d.notes if n.code == "body.container"]
    assert d.action == "allow" and note.startswith("the answer is ") and "(cover art)" in note
    plain = guard().check_response("https://a.example/interview", 200, {"Content-Type": ctype}, mp3(None))
    assert "body.container" not in {n.code for n in plain.notes}  # (one without a picture holds none)


_ICON = b'<svg class="icon" width="16" height="16"><path d="M0 0h16v16H0z"/></svg>'
_XHTML_NOAI = (b'<html xmlns="http://www.w3.org/1999/xhtml"><head><meta name="robots" content="noai, noimageai"/>'
               b'</head><body>' + _ICON + b"<p>text</p></body></html>")


@pytest.mark.parametrize("declared", [True, False], ids=["xml-declaration", "none"])
def test_xhtml_served_as_html_with_an_inline_svg_is_judged_as_a_page(declared: bool) -> None:
    """(Review, session 69) XHTML with an XML declaration and an inline `<svg>` in its first 512 bytes, served
    as text/html, was judged as an SVG picture: its `noai` ignored (allowed, `image.svg`); without the
    declaration it was refused. It is refused either way."""
    body = (b'<?xml version="1.0" encoding="UTF-8"?>\n' if declared else b"") + _XHTML_NOAI
    d = guard().check_response("https://a.example/p.html", 200, {"Content-Type": "text/html; charset=utf-8"}, body)
    assert d.action == "block" and "xrobots.noai" in d.codes and "image.svg" not in {n.code for n in d.notes}


def test_an_html_fragment_opening_with_an_icon_has_its_portraits_removed() -> None:
    """(Review, session 69) An HTMX or Turbo partial beginning with an icon's `<svg>`, served as text/html, was
    judged as an SVG picture: allowed, its portrait kept. It is a page, redacted."""
    fragment = _ICON + b'<div><h2>Jane Doe</h2><img src="/jane.jpg" alt="Portrait of Jane Doe, head of HR"></div>'
    d = guard().check_response("https://a.example/partial", 200, {"Content-Type": "text/html; charset=utf-8"},
                               fragment)
    assert d.action == "redact" and d.codes == ["page.personal_images"] and not d.picture
    assert d.redacted_body is not None and b"/jane.jpg" not in d.redacted_body


def test_pictures_past_the_answers_decoded_pixels_are_unchecked_as_those_past_its_count(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer's pictures are checked up to `MAX_ANSWER_PIXELS` decoded pixels in all, told by each one's
    header before it is decoded: 32 one-colour 50-Mpx PNGs of 160 KB each, well within the 64 pictures
    checked, took 17 s. One past the budget is unchecked as one past the count is (`inline.unchecked`,
    `part.unchecked`): the policy's on_error decides it, never a silent allow."""
    from PIL import Image

    import scrapeguard.detect.inline as inline

    with Image.open(FACES_DIR / "no_faces" / "coffee.jpg") as img:
        monkeypatch.setattr(inline, "MAX_ANSWER_PIXELS", 2 * img.width * img.height)  # (two of them)
    coffee = b'<img src="' + _inline("no_faces/coffee.jpg") + b'">'
    page = guard().check_response("https://blog.example.org/", 200, {"Content-Type": "text/html"}, coffee * 2)
    assert "inline.unchecked" not in page.codes
    page = guard().check_response("https://blog.example.org/", 200, {"Content-Type": "text/html"}, coffee * 3)
    assert page.action == "redact" and "inline.unchecked" in page.codes
    opened = guard("log-only").check_response("https://blog.example.org/", 200, {"Content-Type": "text/html"},
                                              coffee * 3)
    assert opened.allowed and any(i.kind == "inline" and i.action == "log" for i in opened.images)
    picture = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    part = b"--B\r\nContent-Type: image/jpeg\r\n\r\n" + picture + b"\r\n"
    d = guard().check_response("https://api.example.org/batch", 200, {"Content-Type": "multipart/mixed; boundary=B"},
                               part * 3 + b"--B--\r\n")
    assert "part.unchecked" in d.codes and not d.allowed


@pytest.mark.parametrize(("coding", "named"), [("gzip", True), ("gzip", False), ("br", False), ("deflate", False),
                                               ("identity", False)])
def test_a_host_file_handed_in_still_compressed_is_read_decoded_not_as_no_rules(coding: str, named: bool) -> None:
    """(review) `store_host_file` with a robots.txt whose gzip or brotli a caller's own fetcher did not undo
    (its Content-Encoding named or not) was read as text of no rules: `Disallow: /` unseen, the site allowed
    with no note. It is decoded as the guard's and Scrapy's fetchers decode theirs; a plain file is read as
    it is."""
    import gzip
    import zlib

    import brotli

    from scrapeguard.resource import FetchResult, Headers

    text = b"User-agent: *\nDisallow: /private/\n"
    body = {"gzip": gzip.compress, "br": brotli.compress, "deflate": zlib.compress, "identity": bytes}[coding](text)
    origin = "http://127.0.0.1:9"
    g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=False)
    headers = Headers({"content-type": "text/plain", **({"content-encoding": coding} if named else {})})
    g.store_host_file(origin + "/robots.txt", FetchResult(origin + "/robots.txt", 200, headers, body))
    for path in ("/.well-known/tdmrep.json", "/ai.txt"):
        g.store_host_file(origin + path, FetchResult(origin + path, 404))
    assert g.decide_request(origin + "/private/a.jpg").has("robots.disallow")
    assert g.decide_request(origin + "/public/a.jpg").action == "allow"
    g.close()


def test_a_redaction_withheld_under_fail_open_is_recorded_as_withheld(tmp_path: Path) -> None:
    """(review) A page cut at the cap with a portrait on it: no redacted copy of all of it can be made, so
    it is withheld (a 451). Under fail-open its record said "allowed" and counted it among the answers
    fail-open let through unjudged (`error.fail_open`), and `explain` left out why nothing was handed over."""
    from scrapeguard.audit import AuditLog

    policy = variant(tmp_path, 'on_error = "fail-closed"', 'on_error = "fail-open"')
    db = tmp_path / "log.sqlite"
    g = Guard(policy, user_agent="X/1", audit=str(db))
    page = b'<html><body><img src="/alice.jpg" alt="portrait of Alice Example" class="team-member"><p>bio'
    d = g.check_response("https://a.example/team.html", 200, {"content-type": "text/html"}, page, truncated=True)
    g.close()
    from scrapeguard.enact import must_withhold
    from scrapeguard.policy.evaluate import on_error_codes  # (the codes the audit record gets)

    assert d.action == "redact" and d.redacted_body is None and must_withhold(d)
    assert not d.allowed and "withheld instead" in d.explain()
    assert on_error_codes([f.to_dict() for f in d.findings], d.allowed) == []
    with AuditLog.open(db, read_only=True) as log:
        [outcome] = [e.record["outcome"] for e in log.iter_entries("c.kind = 'decision'")]
    assert outcome["allowed"] is False


def test_an_images_own_host_is_judged_by_its_own_signals_beside_its_pages(tmp_path: Path) -> None:
    """(review) A controller established outside the EU: a photo on a `.com` CDN, fetched alone, falls under
    `unknown` (EU). Fetched after its page (`<html lang="en-US">`), the page's language was read as the
    CDN's own signal, so `unknown` never applied and the photo was judged under US law alone: its page made
    the judgement weaker, where the page's law is to be added to the image host's."""
    policy = variant(tmp_path, 'establishment = ["FR"]', 'establishment = ["US"]')
    page = (b'<html lang="en-US"><body><img src="https://cdn.example.com/img/anna-schmidt.jpg" '
            b'alt="Anna Schmidt, CEO"></body></html>')
    alone = guard(policy).decide_request("https://cdn.example.com/img/anna-schmidt.jpg")
    g = guard(policy)
    p = g.check_response("https://blog.example.com/team.html", 200, {"content-type": "text/html"}, page)
    after = g.decide_request("https://cdn.example.com/img/anna-schmidt.jpg")
    assert "EU" in alone.jurisdictions and "US" in alone.jurisdictions
    fetched = g.check_response("https://cdn.example.com/img/anna-schmidt.jpg", 200, {"content-type": "image/jpeg"},
                               (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes())
    assert set(p.jurisdictions) == {"US"} and {"EU", "US"} <= set(after.jurisdictions) & set(fetched.jurisdictions)
    assert not any(e["signal"] == "html-lang" for e in after.jurisdiction_evidence)  # (the page's: as `page`)
    assert any(e["signal"] == "page" and e["value"].startswith("html-lang") for e in after.jurisdiction_evidence)


def test_an_image_on_its_pages_own_host_is_judged_by_the_pages_language_too(tmp_path: Path) -> None:
    """(review) The page's language tags are its host's signals: an image on that host, asked for after its
    page, was judged as if the host said nothing (`unknown`, EU), beside the page judged UK alone."""
    policy = variant(tmp_path, 'establishment = ["FR"]', 'establishment = ["US"]')
    g = guard(policy)
    page = b'<html lang="en-GB"><body><img src="/p/anna.jpg" alt="Anna Schmidt, CEO"></body></html>'
    p = g.check_response("https://shop.example.com/team.html", 200, {"content-type": "text/html"}, page)
    asked = g.decide_request("https://shop.example.com/p/anna.jpg")
    assert set(p.jurisdictions) == set(asked.jurisdictions) == {"US", "UK"}
    # one host in any spelling (IDNA, a trailing dot)
    for page_url, image in [("https://xn--bcher-kva.example/team.html", "https://bücher.example/p/anna.jpg"),
                            ("https://shop.example.org./team.html", "https://shop.example.org/p/anna.jpg")]:
        shown = page.replace(b"/p/anna.jpg", image.encode())
        p = g.check_response(page_url, 200, {"content-type": "text/html"}, shown)
        assert set(g.decide_request(image).jurisdictions) == set(p.jurisdictions) == {"US", "UK"}


def test_a_withheld_part_of_a_range_says_why_once() -> None:
    """(review) The 451's explanation put the range's sentence first and, from the decision's own note, again."""
    from scrapeguard.enact import RANGE_WITHHELD, blocked_body

    face = (FACES_DIR / "faces" / "grace_hopper.jpg").read_bytes()
    d = guard().check_response("https://a.example/g.jpg", 206, {"content-type": "image/jpeg",
                               "content-range": f"bytes 0-{len(face) - 2}/{len(face)}"}, face[:-1])
    explanation = json.loads(blocked_body(d))["explanation"]
    assert explanation.count(RANGE_WITHHELD) == 1 and "[redact.range_part]" in explanation


@pytest.mark.parametrize("length", ["³", "12a", "9" * 40, ""])
def test_a_content_length_that_names_no_number_is_no_guard_error(length: str) -> None:
    """(Reading the change again) A video's `Content-Length: ³` (a digit to `str.isdigit` that `int` refuses) was a
    guard error, `error.valueerror`, withheld under fail-closed: it is a length not given."""
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 12
    d = guard().check_response("https://cdn.example.org/v.mp4", 200, {"content-type": "video/mp4",
                                                                       "content-length": length}, video)
    assert d.allowed and d.codes == [], d.codes


def test_a_picture_judged_after_its_page_was_erased_does_not_name_the_page_again(tmp_path: Path) -> None:
    """(Review, session 66) A crawl remembers what a page said of its pictures, the page's URL with it. Erased
    while the crawl ran, the page was named again, in clear, by the decision on a picture queued from it: an
    access request then found the person's page in the log. The picture is judged as before; no table of the log
    names the page (my first fix left the page's URL in a finding's source, which the chain then kept whole:
    second review)."""
    import sqlite3

    from scrapeguard.audit import AuditLog
    from scrapeguard.audit.dsr import Subject, erase

    page, photo = "https://jane.example.fr/people/jane-doe.html", "https://cdn.example.net/img/jd.jpg"
    path = tmp_path / "audit.sqlite"
    log = AuditLog.open(path)
    g = Guard(load_policy("search-index"), user_agent=UA, audit=log)
    g.check_response(page, 200, {"Content-Type": "text/html"},
                     f'<img src="{photo}" alt="Portrait of Jane Doe, head nurse">'.encode())
    coffee = (FACES_DIR / "no_faces" / "coffee.jpg").read_bytes()
    before = g.check_response(photo, 200, {"Content-Type": "image/jpeg"}, coffee)
    erased_at = erase(log, Subject(urls=[page]), request_id="DSR-7")["dsr_seq"]
    after = g.check_response(photo, 200, {"Content-Type": "image/jpeg"}, coffee)
    assert after.action == before.action and after.page_erased and not before.page_erased
    g.close()
    log.close()
    with sqlite3.connect(path) as db:  # (what was written after the erasure: the sidecar's rows and the chain's)
        held = [row for table in ("sidecar", "chain")
                for row in db.execute(f"SELECT * FROM {table} WHERE seq > ?", (erased_at,)) if "jane-doe" in repr(row)]
    assert held == [], held
