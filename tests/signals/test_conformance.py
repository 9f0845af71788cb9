"""consent-signals.md §13: all 30 conformance cases, run THROUGH THE GUARD.

Each case starts real HTTP servers on 127.0.0.1 (one per origin: a "CDN" is a second
server with its own robots.txt) and asks `Guard.check_request` / `Guard.check_url`,
so the fetch rules, the caches, the readers and the policy all take part. The crawler's
token is `scrapeguard`. Purpose-dependent cases pick the policy usage that matches
(`train-ai` for training, `search` for index, `ai-use` for AI input, `tdm`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from scrapeguard import Guard
from scrapeguard.decision import Decision
from scrapeguard.hostfiles import ROBOTS_RETRIES
from scrapeguard.policy import Policy, load_policy
from scrapeguard.signals import AiTxtFile, RobotsFile, TdmRepFile
from scrapeguard.signals.base import ResponseView
from scrapeguard.signals.embedded import EmbeddedReader
from scrapeguard.signals.robots import FRESH_SECONDS, RETRY_SECONDS
from scrapeguard.resource import FetchResult, Headers
from signals.image_fixtures import (
    jpeg_with_extended_xmp,
    jpeg_with_xmp,
    manifest_store,
    png_with_c2pa,
    xmp_packet,
)
from sitekit import unused_port

UA = "scrapeguard/1.0 (+https://example.org/bot)"
JPEG = {"Content-Type": "image/jpeg"}
PNG = {"Content-Type": "image/png"}


def make_policy(usage: str = "train-ai", timeout: float = 3.0) -> Policy:
    data = load_policy("gdpr-strict").model_dump()
    data["purpose"][0]["usage"] = usage
    data["runtime"]["face_detection"] = False  # faces are not what these cases test
    data["runtime"]["timeout_seconds"] = timeout
    data["audit"]["sink"] = None
    return Policy.model_validate(data)


@pytest.fixture
def guard() -> Iterator[Callable[..., Guard]]:
    made: list[Guard] = []

    def make(usage: str = "train-ai", *, user_agent: str = UA, timeout: float = 3.0, **kw: object) -> Guard:
        g = Guard(make_policy(usage, timeout), user_agent=user_agent, audit=False, **kw)  # type: ignore[arg-type]
        made.append(g)
        return g

    yield make
    for g in made:
        g.close()


def robots(body: str | bytes, status: int = 200) -> tuple[int, dict[str, str], bytes]:
    data = body if isinstance(body, bytes) else body.encode()
    return status, {"Content-Type": "text/plain"}, data


def opt_outs(d: Decision) -> set[str]:
    return {f.code for f in d.findings if f.kind == "opt_out"}


def finding(d: Decision, code: str):  # noqa: ANN201
    return next(f for f in d.findings if f.code == code)


def notes(d: Decision) -> set[str]:
    return {n.code for n in d.notes}


def signal_codes(d: Decision) -> dict[str, str]:
    return {s["code"]: s["verdict"] for s in d.signals}


IMG = (200, JPEG, jpeg_with_xmp(b""))  # a plain small JPEG (empty XMP packet: no DataMining)


# ------------------------------------------------------------------ robots.txt
def test_01_longest_match_wins(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: *\nAllow: /img/\nDisallow: /img/private/\n")})
    d = guard().check_request(site.url("/img/private/a.jpg"))
    assert not d.allowed and opt_outs(d) == {"robots.disallow"}
    f = finding(d, "robots.disallow")
    assert f.source == f"{site.url('/robots.txt')} line 3"
    assert "Disallow: /img/private/" in f.detail and "train-ai" in f.detail
    assert guard().check_request(site.url("/img/public/a.jpg")).allowed


def test_02_allow_wins_a_tie(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: *\nAllow: /a\nDisallow: /a\n")})
    d = guard().check_request(site.url("/a/b.jpg"))
    assert d.allowed and not opt_outs(d)


def test_03_token_inside_a_browser_like_user_agent_case_insensitive(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: SCRAPEGUARD\nDisallow: /\n")})
    g = guard(user_agent="Mozilla/5.0 (compatible; scrapeguard/1.0; +https://example.org/bot)")
    d = g.check_request(site.url("/x.png"))
    assert not d.allowed and "robots.disallow" in opt_outs(d)


def test_04_groups_for_the_same_token_are_merged(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots(
        "User-agent: scrapeguard\nDisallow: /a\n\nUser-agent: other\nDisallow: /c\n\nUser-agent: scrapeguard\nDisallow: /b\n")})
    g = guard()
    d = g.check_request(site.url("/b/x.png"))
    assert not d.allowed and finding(d, "robots.disallow").source.endswith("line 8")
    assert not g.check_request(site.url("/a/x.png")).allowed
    assert g.check_request(site.url("/c/x.png")).allowed


def test_05_named_group_does_not_fall_back_to_star(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: scrapeguard\nDisallow:\n\nUser-agent: *\nDisallow: /\n")})
    d = guard().check_request(site.url("/x.png"))
    assert d.allowed and not opt_outs(d)


@pytest.mark.parametrize("status", [500, 503, 429])
def test_06_unreachable_robots_disallows_everything(site_factory, guard, status: int) -> None:
    site = site_factory({"/robots.txt": robots("oops", status)})
    d = guard().check_request(site.url("/x.png"))
    assert not d.allowed and opt_outs(d) == {"robots.unreachable"}
    assert f"HTTP {status}" in finding(d, "robots.unreachable").detail


def test_06_connection_refused_and_timeout_disallow(site_factory, guard) -> None:
    with unused_port() as port:
        d = guard().check_request(f"http://127.0.0.1:{port}/x.png")
    assert not d.allowed and "robots.unreachable" in opt_outs(d)

    def slow(_handler: object) -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.5)
        return robots("User-agent: *\nAllow: /\n")

    site = site_factory({"/robots.txt": slow})
    d = guard(timeout=0.5).check_request(site.url("/x.png"))
    assert not d.allowed and "robots.unreachable" in opt_outs(d)


def test_06_unreachable_is_only_cached_for_a_short_retry(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("down", 503)})
    g = guard()
    assert not g.check_request(site.url("/x.png")).allowed
    reader = RobotsFile()
    assert reader.ttl(FetchResult(site.url("/robots.txt"), 503)) == RETRY_SECONDS <= 300
    assert reader.ttl(FetchResult(site.url("/robots.txt"), None, error="timeout")) == RETRY_SECONDS
    assert reader.ttl(FetchResult(site.url("/robots.txt"), 200)) == FRESH_SECONDS == 24 * 3600
    # once the retry entry is gone the file is fetched again and obeyed
    site.routes["/robots.txt"] = robots("User-agent: *\nAllow: /\n")
    g._host_cache.clear()
    assert g.check_request(site.url("/x.png")).allowed
    # the 503 was tried again as Scrapy retries its robots.txt, then the answer fetched once
    assert site.hits.count("/robots.txt") == (1 + ROBOTS_RETRIES) + 1


@pytest.mark.parametrize("status", [404, 410, 401, 403])
def test_07_missing_robots_allows(site_factory, guard, status: int) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: *\nDisallow: /\n", status)})
    d = guard().check_request(site.url("/x.png"))
    assert d.allowed and not opt_outs(d)
    assert signal_codes(d).get("robots.unavailable") == "allow"


@pytest.mark.parametrize("status", [401, 403])
def test_07_auth_errors_disallow_in_strict_mode(site_factory, guard, status: int) -> None:
    site = site_factory({"/robots.txt": robots("", status)})
    g = guard(host_files=[RobotsFile(strict_auth=True), TdmRepFile(), AiTxtFile()])
    d = g.check_request(site.url("/x.png"))
    assert not d.allowed and "robots.unreachable" in opt_outs(d)


def _redirect_chain(site_factory, redirects: int):  # noqa: ANN001, ANN202
    """origin/robots.txt -> other/hop1 -> … -> other/robots.txt: `redirects` hops in all."""
    target = site_factory({"/robots.txt": robots("User-agent: *\nDisallow: /\n")})
    hops = redirects - 1
    for i in range(1, hops + 1):
        nxt = f"/hop{i + 1}" if i < hops else "/robots.txt"
        target.routes[f"/hop{i}"] = (302, {"Location": nxt}, b"")
    first = target.url("/hop1") if hops else target.url("/robots.txt")
    origin = site_factory({"/robots.txt": (302, {"Location": first}, b"")})
    return origin, target


def test_08_three_redirects_to_another_host_are_followed(site_factory, guard) -> None:
    origin, target = _redirect_chain(site_factory, 3)
    d = guard().check_request(origin.url("/x.png"))
    assert not d.allowed and "robots.disallow" in opt_outs(d)
    assert target.url("/robots.txt") in finding(d, "robots.disallow").source


def test_08_six_redirects_mean_unavailable_allow_logged(site_factory, guard) -> None:
    origin, _ = _redirect_chain(site_factory, 6)
    d = guard().check_request(origin.url("/x.png"))
    assert d.allowed and not opt_outs(d)
    assert "robots.unavailable" in notes(d)  # logged


def test_09_bom_and_crlf(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots(b"\xef\xbb\xbfUser-agent: *\r\nDisallow: /\r\n")})
    d = guard().check_request(site.url("/x.png"))
    assert not d.allowed and "robots.disallow" in opt_outs(d)


def test_10_an_image_obeys_its_own_hosts_robots(site_factory, guard) -> None:
    cdn = site_factory({"/robots.txt": robots("User-agent: *\nDisallow: /\n"), "/p.jpg": IMG})
    page = site_factory({
        "/robots.txt": robots("User-agent: *\nAllow: /\n"),
        "/": (200, {"Content-Type": "text/html"}, f'<html><body><img src="{cdn.url("/p.jpg")}"></body></html>'.encode()),
    })
    g = guard()
    assert g.check_url(page.url("/")).allowed
    d = g.check_url(cdn.url("/p.jpg"))
    assert not d.allowed and "robots.disallow" in opt_outs(d)
    assert finding(d, "robots.disallow").source.startswith(cdn.url("/robots.txt"))
    assert "/p.jpg" not in cdn.hits  # refused before the request


def test_11_end_anchor_and_percent_encoding(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: *\nDisallow: /*.jpg$\nDisallow: /%7Ejoe/\n")})
    g = guard()
    assert not g.check_request(site.url("/x.jpg")).allowed
    assert g.check_request(site.url("/x.jpg?w=100")).allowed
    d = g.check_request(site.url("/~joe/a.png"))
    assert not d.allowed and finding(d, "robots.disallow").source.endswith("line 3")


# ------------------------------------------------------------------ AIPREF Content-Usage
CU_ROBOTS = ("User-agent: *\nAllow: /\nContent-Usage: train-ai=n\nContent-Usage: /open/ train-ai=y\n"
             "Disallow: /never/\n")


def test_12_content_usage_rules_in_robots(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots(CU_ROBOTS)})
    g = guard("train-ai")
    d = g.check_request(site.url("/open/a.jpg"))
    assert d.allowed and signal_codes(d).get("content_usage.y") == "allow"
    d = g.check_request(site.url("/b.jpg"))
    assert not d.allowed and opt_outs(d) == {"content_usage.n"}
    assert finding(d, "content_usage.n").source == f"{site.url('/robots.txt')} line 3"
    d = g.check_request(site.url("/never/c.jpg"))
    assert opt_outs(d) == {"robots.disallow"}  # no preference attached to a disallowed path


def test_13_conflicting_rules_for_one_path_combine_to_deny(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots(
        "User-agent: *\nContent-Usage: /x/ train-ai=y\nContent-Usage: /x/ train-ai=n\n")})
    d = guard().check_request(site.url("/x/a.jpg"))
    assert not d.allowed and "content_usage.n" in opt_outs(d)


def _image_site(site_factory, headers: list[tuple[str, str]], body: bytes | None = None, robots_txt: str = ""):  # noqa: ANN202
    routes = {"/a.jpg": (200, [("Content-Type", "image/jpeg"), *headers], body or IMG[2])}
    if robots_txt:
        routes["/robots.txt"] = robots(robots_txt)
    return site_factory(routes)


def test_14_upper_case_key_voids_the_header(site_factory, guard) -> None:
    site = _image_site(site_factory, [("Content-Usage", "Train-AI=n")])
    d = guard().check_url(site.url("/a.jpg"))
    assert d.allowed and not opt_outs(d)
    assert "content_usage.unparsable" in notes(d)


@pytest.mark.parametrize(("value", "denied"), [("train-ai=y, train-ai=n", True), ("train-ai=n, train-ai=y", False)])
def test_15_last_duplicate_wins(site_factory, guard, value: str, denied: bool) -> None:
    site = _image_site(site_factory, [("Content-Usage", value)])
    d = guard().check_url(site.url("/a.jpg"))
    assert (not d.allowed) is denied
    if denied:
        assert "content_usage.n" in opt_outs(d)
        assert "Content-Usage header" in finding(d, "content_usage.n").source
    else:
        assert signal_codes(d).get("content_usage.y") == "allow"


@pytest.mark.parametrize(("value", "denied"), [
    ("train-ai=n;exceptions=cc-cr", True), ("train-ai", False), ('train-ai="n"', False)])
def test_16_parameters_ignored_non_tokens_unknown(site_factory, guard, value: str, denied: bool) -> None:
    site = _image_site(site_factory, [("Content-Usage", value)])
    d = guard().check_url(site.url("/a.jpg"))
    assert ("content_usage.n" in opt_outs(d)) is denied
    assert d.allowed is (not denied)


def test_17_any_n_wins_across_header_and_robots(site_factory, guard) -> None:
    site = _image_site(site_factory, [("Content-Usage", "train-ai=y")], robots_txt="User-agent: *\nContent-Usage: train-ai=n\n")
    d = guard().check_url(site.url("/a.jpg"))
    assert not d.allowed and "content_usage.n" in opt_outs(d)


def test_18_content_signal_in_robots(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: *\nContent-Signal: search=yes, ai-train=no\n")})
    d = guard("train-ai").check_request(site.url("/a.jpg"))
    assert not d.allowed and opt_outs(d) == {"content_signal.no"}
    d = guard("ai-use").check_request(site.url("/a.jpg"))
    # ai-input unknown: the refusal of training is a note only
    assert d.allowed and not opt_outs(d) and signal_codes(d).get("content_signal.no") == "unknown"
    d = guard("search").check_request(site.url("/a.jpg"))
    assert d.allowed and signal_codes(d).get("content_signal.yes") == "allow"
    other = site_factory({"/robots.txt": robots("User-agent: otherbot\nContent-Signal: search=yes, ai-train=no\n")})
    d = guard("train-ai").check_request(other.url("/a.jpg"))
    assert d.allowed and not opt_outs(d)


# ------------------------------------------------------------------ X-Robots-Tag / meta
def test_19_all_header_fields_count_case_insensitive(site_factory, guard) -> None:
    site = _image_site(site_factory, [("X-Robots-Tag", "all"), ("X-Robots-Tag", "NoImageAI")])
    d = guard().check_url(site.url("/a.jpg"))
    assert not d.allowed and opt_outs(d) == {"xrobots.noimageai"}
    assert finding(d, "xrobots.noimageai").source.startswith("X-Robots-Tag header #2")


def test_20_rules_scoped_to_another_bot(site_factory, guard) -> None:
    site = _image_site(site_factory, [("X-Robots-Tag", "otherbot: noai, noimageai")])
    d = guard().check_url(site.url("/a.jpg"))
    assert d.allowed and not opt_outs(d)


def test_21_global_and_scoped_rules(site_factory, guard) -> None:
    site = _image_site(site_factory, [("X-Robots-Tag", "noindex, scrapeguard: noai")])
    d = guard("search").check_url(site.url("/a.jpg"))
    assert opt_outs(d) == {"xrobots.noindex"}
    d = guard("train-ai").check_url(site.url("/a.jpg"))
    assert opt_outs(d) == {"xrobots.noai"} and "scoped to scrapeguard" in finding(d, "xrobots.noai").detail


def test_22_unavailable_after_is_one_rule_not_a_bot(site_factory, guard) -> None:
    site = _image_site(site_factory, [("X-Robots-Tag", "unavailable_after: Friday, 25-Jun-10 15:00:00 PST")])
    d = guard("search").check_url(site.url("/a.jpg"))
    assert opt_outs(d) == {"xrobots.unavailable_after"}
    d = guard("train-ai").check_url(site.url("/a.jpg"))
    assert d.allowed and not opt_outs(d)


@pytest.mark.parametrize("value", ["none", "max-image-preview:none"])
def test_23_none_and_max_image_preview(site_factory, guard, value: str) -> None:
    site = _image_site(site_factory, [("X-Robots-Tag", value)])
    d = guard("search").check_url(site.url("/a.jpg"))
    assert not d.allowed and len(opt_outs(d)) == 1
    d = guard("train-ai").check_url(site.url("/a.jpg"))
    assert d.allowed and not opt_outs(d)


def test_24_page_meta_noimageai_travels_to_the_image(site_factory, guard) -> None:
    page = '<html><head><META NAME="Robots" CONTENT="noimageai"></head><body><img src="/p/1.jpg"></body></html>'
    site = site_factory({"/page.html": (200, {"Content-Type": "text/html"}, page.encode()), "/p/1.jpg": IMG})
    fresh = guard()
    assert fresh.check_url(site.url("/p/1.jpg")).allowed  # not discovered via the page: no restriction
    g = guard()
    d_page = g.check_url(site.url("/page.html"))
    assert "xrobots.noimageai" not in opt_outs(d_page)  # the page itself is not reserved
    d = g.check_url(site.url("/p/1.jpg"))
    assert not d.allowed and "xrobots.noimageai" in opt_outs(d)
    assert '<meta name="robots" content="noimageai">' in finding(d, "xrobots.noimageai").source


# ------------------------------------------------------------------ TDMRep
def test_25_tdmrep_first_match_in_array_order(site_factory, guard) -> None:
    site = site_factory({
        "/.well-known/tdmrep.json": (200, {"Content-Type": "application/json"},
                                     b'[{"location":"/","tdm-reservation":1},{"location":"/open/","tdm-reservation":0}]'),
        "/open/a.jpg": IMG,
    })
    d = guard("tdm").check_url(site.url("/open/a.jpg"))
    assert not d.allowed and opt_outs(d) == {"tdmrep.reserved"}
    assert "entry [0]" in finding(d, "tdmrep.reserved").source


def test_26_header_supersedes_the_file(site_factory, guard) -> None:
    site = site_factory({
        "/.well-known/tdmrep.json": (200, {}, b'[{"location":"/img/*.jpg","tdm-reservation":0}]'),
        "/img/a.jpg": (200, {**JPEG, "tdm-reservation": "1"}, IMG[2]),
    })
    d = guard("tdm").check_url(site.url("/img/a.jpg"))
    assert not d.allowed and opt_outs(d) == {"tdmrep.header.reserved"}
    other = site_factory({
        "/.well-known/tdmrep.json": (200, {}, b'[{"location":"/","tdm-reservation":1}]'),
        "/img/a.jpg": (200, {**JPEG, "TDM-Reservation": "0", "Content-Usage": "train-ai=n"}, IMG[2]),
    })
    d = guard("tdm").check_url(other.url("/img/a.jpg"))
    assert d.allowed and not opt_outs(d)
    assert signal_codes(d).get("tdmrep.header.not_reserved") == "allow"
    d = guard("train-ai").check_url(other.url("/img/a.jpg"))  # other families still evaluated
    assert opt_outs(d) == {"content_usage.n"}


@pytest.mark.parametrize("reply", [
    (200, {}, b'[{"location":"/","tdm-reservation":1},]'),
    (200, {}, b'[{"location":"/","tdm-reservation":2}]'),
    (500, {}, b"oops"),
])
def test_27_broken_tdmrep_is_unknown_with_a_warning(site_factory, guard, reply) -> None:  # noqa: ANN001
    site = site_factory({"/.well-known/tdmrep.json": reply, "/a.jpg": IMG})
    d = guard("tdm").check_url(site.url("/a.jpg"))
    assert d.allowed and not opt_outs(d)
    assert notes(d) & {"tdmrep.unavailable", "tdmrep.invalid_value"}


# ------------------------------------------------------------------ ai.txt
def test_28_spawning_ai_txt(site_factory, guard) -> None:
    site = site_factory({"/ai.txt": robots("User-Agent: *\nDisallow: *.jpg\n")})
    g = guard("train-ai")
    d = g.check_request(site.url("/photos/x.jpg"))
    assert not d.allowed and opt_outs(d) == {"aitxt.disallow"}
    assert finding(d, "aitxt.disallow").source == f"{site.url('/ai.txt')} line 2"
    d = g.check_request(site.url("/about.html"))
    assert d.allowed and not opt_outs(d)
    md = site_factory({"/ai.txt": robots("# About this site\n\nWe write about [cats](https://cats.example).\n")})
    d = guard("train-ai").check_request(md.url("/photos/x.jpg"))
    assert d.allowed and not opt_outs(d) and "aitxt.other_format" in notes(d)


# ------------------------------------------------------------------ inside the image
def test_29_iptc_data_mining_in_xmp(site_factory, guard) -> None:
    except_search = jpeg_with_xmp(xmp_packet("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING"))
    gen_only = jpeg_with_xmp(xmp_packet("DMI-PROHIBITED-GENAIMLTRAINING"))
    split = jpeg_with_extended_xmp(xmp_packet("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", pad=70000))
    site = site_factory({"/es.jpg": (200, JPEG, except_search), "/gen.jpg": (200, JPEG, gen_only),
                         "/split.jpg": (200, JPEG, split)})
    d = guard("train-ai").check_url(site.url("/es.jpg"))
    assert not d.allowed and opt_outs(d) == {"xmp.data_mining.prohibited"}
    d = guard("search").check_url(site.url("/es.jpg"))
    assert d.allowed and signal_codes(d).get("xmp.data_mining.allowed") == "allow"
    d = guard("train-ai").check_url(site.url("/gen.jpg"))  # train-ai covers generative training
    assert not d.allowed and "deny: ai-train-gen)" in finding(d, "xmp.data_mining.prohibited").detail
    # the finer question: discriminative-only training is not covered by GENAIMLTRAINING
    view = ResponseView(site.url("/gen.jpg"), 200, Headers(JPEG), "image", gen_only)
    assert EmbeddedReader().evaluate(view, "scrapeguard", "ai-train") == []  # type: ignore[arg-type]
    d = guard("train-ai").check_url(site.url("/split.jpg"))
    assert not d.allowed and opt_outs(d) == {"xmp.data_mining.prohibited"}
    assert "extended XMP" in finding(d, "xmp.data_mining.prohibited").source
    assert guard("search").check_url(site.url("/split.jpg")).allowed


def test_30_c2pa_cawg_training_mining(site_factory, guard) -> None:
    cawg = png_with_c2pa(manifest_store("cawg.training-mining", {"cawg.ai_training": "constrained"}))
    legacy = png_with_c2pa(manifest_store("c2pa.training-mining", {"c2pa.ai_generative_training": "notAllowed"}))
    truncated = png_with_c2pa(manifest_store("c2pa.training-mining", {"c2pa.ai_training": "notAllowed"}, cbor_length=4096))
    site = site_factory({"/cawg.png": (200, PNG, cawg), "/legacy.png": (200, PNG, legacy),
                         "/truncated.png": (200, PNG, truncated)})
    d = guard("train-ai").check_url(site.url("/cawg.png"))
    assert not d.allowed and opt_outs(d) == {"c2pa.training.not_allowed"}
    assert "constrained" in finding(d, "c2pa.training.not_allowed").detail
    d = guard("train-ai").check_url(site.url("/legacy.png"))  # the signature is broken; opt-out still honoured
    assert not d.allowed and opt_outs(d) == {"c2pa.training.not_allowed"}
    d = guard("train-ai").check_url(site.url("/truncated.png"))  # its opt-out unreadable: on_error decides
    assert not opt_outs(d) and finding(d, "c2pa.manifest.unreadable").kind == "error" and not d.allowed
    assert "c2pa.manifest.unreadable" in signal_codes(d)  # recorded as unknown, never a silent allow


# ------------------------------------------------------------------ extra cases from §13
@pytest.mark.parametrize("usage", ["search", "train-ai", "ai-use", "tdm", "archive"])
def test_http_402_refuses_every_purpose(site_factory, guard, usage: str) -> None:
    site = site_factory({"/a.jpg": (402, {"crawler-price": "USD 0.01", **JPEG}, b"")})
    d = guard(usage).check_url(site.url("/a.jpg"))
    assert not d.allowed and "http.402" in opt_outs(d)
    assert "USD 0.01" in finding(d, "http.402").detail


def test_robots_over_500_kib_only_first_part_parsed(site_factory, guard) -> None:
    body = "User-agent: *\nDisallow: /\n" + "# filler\n" * 80_000
    site = site_factory({"/robots.txt": robots(body)})
    assert len(body) > 500 * 1024
    d = guard().check_request(site.url("/x.png"))
    assert not d.allowed and "robots.disallow" in opt_outs(d)


def test_signals_set_to_ignore_or_log_are_not_enforced(site_factory, guard) -> None:
    site = site_factory({"/robots.txt": robots("User-agent: *\nDisallow: /\n")})
    data = make_policy().model_dump()
    data["signals"]["robots_txt"] = "log"
    g = Guard(Policy.model_validate(data), user_agent=UA, audit=False)
    try:
        d = g.check_request(site.url("/x.png"))
        assert d.allowed and finding(d, "robots.disallow").action == "log"
    finally:
        g.close()
