"""Access and erasure by the URL a person knows, when it redirects: the page shows
`/r/jane.jpg`, which answers 301 to `/img/jane.jpg`, the answer the guard judges and the
crawler stores. A request by `/r/jane.jpg` is a request about what it led to.

Every test runs a real guard with a real SQLite log against a real local server."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from guardkit import write_two_purpose_policy
from scrapeguard import Guard, load_policy
from scrapeguard.audit import AuditLog
from scrapeguard.audit.dsr import Subject, access, erase
from scrapeguard.audit.storage import StorageRef, attach_storage
from scrapeguard.decision import MAX_REDIRECTS
from sitekit import html, text

UA = "TestBot/1.0 (+https://example.org/bot)"
PORTRAIT = (Path(__file__).resolve().parents[2] / "scrapeguard" / "demo" / "assets" / "portrait.jpg").read_bytes()
PORTRAIT_SHA = hashlib.sha256(PORTRAIT).hexdigest()
PAGE = '<html><body><h1>Jane Doe</h1><img src="/r/jane.jpg" alt="Portrait of Jane Doe"></body></html>'


def _site(site_factory, **more):  # noqa: ANN001, ANN202
    return site_factory({
        "/robots.txt": text("User-agent: *\nAllow: /\n"),
        "/people/jane.html": html(PAGE),
        "/r/jane.jpg": (301, {"Location": "/img/jane.jpg"}, b""),
        "/img/jane.jpg": (200, {"Content-Type": "image/jpeg"}, PORTRAIT),
        "/r/bob.jpg": (301, {"Location": "/img/bob.jpg"}, b""),
        "/img/bob.jpg": (200, {"Content-Type": "image/jpeg"}, PORTRAIT[:-1] + b"\xd9"),
        **more,
    })


def _crawl(policy: object, log_path: Path, *urls: str) -> list:  # noqa: ANN401
    """What a crawler does: every URL through the guard (each redirect hop followed by it)."""
    with Guard(policy, user_agent=UA, audit=log_path) as guard:  # type: ignore[arg-type]
        return [guard.check_url(u) for u in urls]


def _urls(items: list[dict]) -> set[str | None]:
    return {i["source_url"] for i in items}


def test_an_access_request_by_the_url_on_the_page_lists_what_it_redirected_to(site_factory, log_path) -> None:
    site = _site(site_factory)
    _, jane, _ = _crawl(load_policy("gdpr-strict"), log_path, site.url("/people/jane.html"),
                        site.url("/r/jane.jpg"), site.url("/r/bob.jpg"))
    assert jane.url == site.url("/img/jane.jpg") and jane.action == "redact"
    with AuditLog.open(log_path) as log:
        # the Scrapy images pipeline's stored copy of what it was handed
        attach_storage(log, jane.decision_id, [StorageRef("file:///store/full/0a1b.jpg", PORTRAIT_SHA)])
        report = access(log, Subject(urls=[site.url("/r/jane.jpg")]), record=False)
        assert log.verify().ok
        # the chain links the hop by keyed hash; the URLs in clear stay in the erasable sidecar
        record = log.get(jane.decision_id).record
        assert record["resource"]["redirected_from_refs"][0].startswith("hmac-sha256:")
        assert "/r/jane.jpg" not in json.dumps(record) and "/img/jane.jpg" not in json.dumps(record)
    final = [i for i in report["items"] if i["source_url"] == site.url("/img/jane.jpg")]
    assert {i["id"] for i in final} >= {jane.decision_id}  # its request and its response
    assert len(final) == 2 and all(i["relation"] == "subject" for i in final)
    assert all("redirected from the subject's url" in i["matched_by"] for i in final)
    [response] = [i for i in final if i["id"] == jane.decision_id]
    assert response["image_sha256"] == PORTRAIT_SHA and response["image_phash"]
    assert [r["location"] for r in response["storage_refs"]] == ["file:///store/full/0a1b.jpg"]
    # the asked URL's own record stays; Bob's redirect is not Jane's
    assert site.url("/r/jane.jpg") in _urls(report["items"])
    assert not {site.url("/r/bob.jpg"), site.url("/img/bob.jpg")} & _urls(report["items"])


def test_the_audit_subject_command_by_the_first_url_lists_the_final_url(site_factory, log_path, cli) -> None:
    site = _site(site_factory)
    _crawl(load_policy("gdpr-strict"), log_path, site.url("/people/jane.html"), site.url("/r/jane.jpg"))
    code, out, _ = cli("subject", "--log", str(log_path), "--url", site.url("/r/jane.jpg"), "--json")
    report = json.loads(out)
    assert code == 0 and site.url("/img/jane.jpg") in _urls(report["items"])
    assert PORTRAIT_SHA in {i["image_sha256"] for i in report["items"]}


def test_an_erasure_by_the_first_url_erases_and_suppresses_the_final_one(site_factory, log_path, cli) -> None:
    site = _site(site_factory)
    _, jane = _crawl(load_policy("gdpr-strict"), log_path, site.url("/people/jane.html"), site.url("/r/jane.jpg"))
    with AuditLog.open(log_path) as log:
        attach_storage(log, jane.decision_id, [StorageRef("file:///store/full/0a1b.jpg", PORTRAIT_SHA)])
    code, out, _ = cli("erase", "--log", str(log_path), "--url", site.url("/r/jane.jpg"), "--request-id", "dsr-jane",
                       "--json")
    manifest = json.loads(out)
    assert code == 0
    assert site.url("/img/jane.jpg") in {i["url"] for i in manifest["items"]}
    assert {"file:///store/full/0a1b.jpg", f"sha256:{PORTRAIT_SHA}"} <= set(manifest["delete_from_content_store"])
    with AuditLog.open(log_path) as log:
        assert log.is_suppressed(site.url("/r/jane.jpg")) == "dsr-jane"
        assert log.is_suppressed(site.url("/img/jane.jpg")) == "dsr-jane"
        assert log.is_suppressed(site.url("/img/bob.jpg")) is None
        assert log.verify().ok
        # nothing of hers is left in clear (the page that showed the image is left for review)
        left = access(log, Subject(urls=[site.url("/r/jane.jpg")]), record=False)
        assert all(i["personal_fields_erased"] for i in left["items"] if i["relation"] == "subject")
        assert {i["source_url"] for i in left["items"] if i["relation"] != "subject"} == {site.url("/people/jane.html")}
    # and the guard no longer collects it, whichever URL leads there
    before = len(site.hits)
    for url in ("/img/jane.jpg", "/r/jane.jpg"):
        [d] = _crawl(load_policy("gdpr-strict"), log_path, site.url(url))
        assert not d.allowed and d.has("suppressed")
    assert "/img/jane.jpg" not in site.hits[before:]


def test_a_keyed_url_log_finds_erases_and_suppresses_the_final_url(site_factory, log_path, tmp_path) -> None:
    """A blocked item's URL is kept only as a keyed hash (`[audit] url = "hmac"`): the final URL's
    records hold no clear URL, and are found, erased and suppressed all the same."""
    site = _site(site_factory)
    policy = load_policy(write_two_purpose_policy(tmp_path, default="block", second="block"))
    assert policy.audit.url == "hmac"
    # (no page first: its word would block the request, and nothing would be redirected)
    [jane] = _crawl(policy, log_path, site.url("/r/jane.jpg"))
    assert jane.url == site.url("/img/jane.jpg") and jane.action == "block"
    with AuditLog.open(log_path) as log:
        report = access(log, Subject(urls=[site.url("/r/jane.jpg")]), record=False)
        final = [i for i in report["items"] if "redirected from the subject's url" in i["matched_by"]]
        assert {i["id"] for i in final} >= {jane.decision_id} and len(final) == 2
        assert _urls(final) == {None} and not any(i["url_kept_in_clear"] for i in final)
        assert PORTRAIT_SHA in {i["image_sha256"] for i in final}
        # the chain names where it came from by keyed hash only
        assert "/r/jane.jpg" not in json.dumps(log.get(jane.decision_id).record)
        manifest = erase(log, Subject(urls=[site.url("/r/jane.jpg")]), request_id="dsr-jane")
        assert jane.decision_id in {i["decision_id"] for i in manifest["items"]}
        assert log.is_suppressed(site.url("/img/jane.jpg")) == "dsr-jane"
        assert log.is_suppressed("https://elsewhere.example/copy.jpg", PORTRAIT_SHA) == "dsr-jane"
        assert log.get(jane.decision_id).personal is None
        assert log.verify().ok


def test_a_chain_of_redirects_is_followed_to_its_end(site_factory, log_path) -> None:
    site = _site(site_factory, **{
        "/r/1.jpg": (302, {"Location": "/r/2.jpg"}, b""),
        "/r/2.jpg": (307, {"Location": "/r/3.jpg"}, b""),
        "/r/3.jpg": (301, {"Location": "/img/jane.jpg"}, b""),
    })
    [jane] = _crawl(load_policy("gdpr-strict"), log_path, site.url("/r/1.jpg"))
    assert jane.url == site.url("/img/jane.jpg")
    with AuditLog.open(log_path) as log:
        report = access(log, Subject(urls=[site.url("/r/1.jpg")]), record=False)
    assert _urls(report["items"]) == {site.url(p) for p in ("/r/1.jpg", "/r/2.jpg", "/r/3.jpg", "/img/jane.jpg")}


def test_a_redirect_cycle_ends(site_factory, log_path) -> None:
    site = _site(site_factory, **{
        "/loop/a.jpg": (302, {"Location": "/loop/b.jpg"}, b""),
        "/loop/b.jpg": (302, {"Location": "/loop/a.jpg"}, b""),
    })
    [d] = _crawl(load_policy("gdpr-strict"), log_path, site.url("/loop/a.jpg"))
    assert not d.allowed and d.has("error")  # more redirects than any client follows
    with AuditLog.open(log_path) as log:
        report = access(log, Subject(urls=[site.url("/loop/b.jpg")]), record=False)
        manifest = erase(log, Subject(urls=[site.url("/loop/a.jpg")]), request_id="dsr-loop")
        assert log.is_suppressed(site.url("/loop/b.jpg")) == "dsr-loop"
        assert log.verify().ok
    # every record of the crawl is about a or b: each of the MAX_REDIRECTS + 1 hops' request and answer
    # (judged as an adapter judges it), then the failure (a's refused for good: kept by keyed hash only)
    assert len(report["items"]) == len(manifest["items"]) == 2 * (MAX_REDIRECTS + 1) + 1
    assert {i["url"] for i in manifest["items"]} == {site.url("/loop/a.jpg"), site.url("/loop/b.jpg"), None}


@pytest.mark.parametrize("asked", ["/img/jane.jpg", "/people/jane.html"])
def test_a_request_by_another_url_does_not_pull_in_the_redirect_that_led_there(site_factory, log_path,
                                                                                  asked: str) -> None:
    """The link is followed from where it starts: `/img/jane.jpg` says nothing of which other
    URLs lead to it (a shared placeholder is reached from thousands)."""
    site = _site(site_factory)
    _crawl(load_policy("gdpr-strict"), log_path, site.url("/people/jane.html"), site.url("/r/jane.jpg"))
    with AuditLog.open(log_path) as log:
        report = access(log, Subject(urls=[site.url(asked)]), record=False)
    assert not any("redirected from the subject's url" in i["matched_by"] for i in report["items"])


def test_a_target_other_urls_redirect_to_as_well_is_left_for_review(site_factory, log_path) -> None:
    """Jane's old URL now answers with the site's login page, as Bob's does: the login page is
    no more hers than his. It is listed for review, neither erased nor suppressed, and not followed."""
    site = _site(site_factory, **{
        "/p/jane": (302, {"Location": "/login"}, b""),
        "/p/bob": (302, {"Location": "/login"}, b""),
        "/login": (302, {"Location": "/login/form"}, b""),
        "/login/form": html("<form>sign in</form>"),
    })
    _crawl(load_policy("gdpr-strict"), log_path, site.url("/p/jane"), site.url("/p/bob"))
    with AuditLog.open(log_path) as log:
        report = access(log, Subject(urls=[site.url("/p/jane")]), record=False)
        manifest = erase(log, Subject(urls=[site.url("/p/jane")]), request_id="dsr-jane")
        assert log.is_suppressed(site.url("/p/jane")) == "dsr-jane"
        assert log.is_suppressed(site.url("/login")) is None and log.is_suppressed(site.url("/login/form")) is None
        assert log.verify().ok
    shared = {i["source_url"] for i in report["items"] if i["relation"] == "redirect target other urls lead to too"}
    assert shared == {site.url("/login")}
    assert _urls(report["items"]) == {site.url("/p/jane"), site.url("/login")}  # /login/form: only through it
    assert {i["url"] for i in manifest["items"]} == {site.url("/p/jane")}
    assert {r["url"] for r in manifest["references_to_review"]} == {site.url("/login")}
