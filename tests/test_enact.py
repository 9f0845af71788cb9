"""What every adapter does with a decision: which 206 is the whole resource (a redacted copy may
stand for it) and which is a part (a redacted copy of it is withheld)."""

from __future__ import annotations

import pytest

from scrapeguard.decision import Decision, ImageDecision
from scrapeguard.enact import fields_kept, links_kept, misdirected, refresh_kept, replaced_status, whole_range


@pytest.mark.parametrize(("value", "whole"), [
    ("bytes 0-359/360", True), ("BYTES 0-0/1", True), (" bytes  0-359 / 360 ", True),
    ("bytes 100-359/360", False), ("bytes 0-358/360", False), ("bytes 0-359/*", False), (None, False), ("", False),
    ("bytes 0-359/360, bytes 0-9/10", False),  # two fields joined: no whole range
    ("bytes 0-" + "9" * 4400 + "/" + "9" * 4400, False),  # int() refuses 4,300+ digits: it raised ValueError
    ("bytes 0-٣٥٩/٣٦٠", False),  # Arabic-Indic digits are no HTTP digits
])
def test_a_range_is_whole_only_when_it_covers_every_byte(value: str | None, whole: bool) -> None:
    assert whole_range(value) is whole


@pytest.mark.parametrize(("url", "named"), [
    ("http://a.example/p", "a.example."), ("http://a.example./p", "a.example"),
    ("http://a.example./p", "A.Example.:80"), ("https://a.example/p", b"a.example.:443"),
])
def test_a_host_named_in_its_fully_qualified_form_is_the_urls_host(url: str, named: str | bytes) -> None:
    """(Review) `Host: a.example.` (the trailing dot of a fully-qualified name: the same host to DNS and to a
    virtual-host server) was refused as another host (`error.misdirectedhost`), where `A.EXAMPLE:80` passed."""
    assert misdirected(url, named) is None


@pytest.mark.parametrize("named", ["b.example.", "a.example.b", "example.", "a.example..", "."])
def test_another_host_with_a_trailing_dot_is_still_misdirected(named: str) -> None:
    assert misdirected("http://a.example/p", named) is not None


def test_only_a_206_changes_status_when_its_body_is_replaced() -> None:
    assert (replaced_status(206), replaced_status(200), replaced_status(404)) == (200, 200, 404)


def test_the_451_body_keeps_a_lone_surrogate_as_a_json_escape_in_valid_utf8() -> None:
    """A header mitmproxy read with surrogateescape reaches the decision as a lone surrogate: the body
    of the 451 is still made, valid UTF-8 and JSON, the byte kept as its escape."""
    import json

    from scrapeguard.decision import Decision, Finding
    from scrapeguard.enact import blocked_body

    seen = Finding("opt_out", "robots.disallow", "X-Robots-Tag: noai \udcff", "header x-robots-tag")
    body = blocked_body(Decision(url="https://example.org/a", stage="response", action="block", findings=[seen]))
    parsed = json.loads(body.decode("utf-8"))
    assert parsed["reasons"] == ["robots.disallow"] and "\udcff" in parsed["decision"]["findings"][0]["detail"]


def test_a_451_body_lists_a_pages_first_pictures_and_counts_the_rest() -> None:
    """(review) A refused page of 5,000 pictures answered a 451 of 2.8 MB, its every picture's reasons: crawlers
    log and store these bodies. It lists the first `MAX_BODY_IMAGES` and says how many more the audit record,
    found by the decision's id, holds; the decision itself is left whole."""
    import json

    from scrapeguard.decision import Decision, Finding, ImageDecision
    from scrapeguard.enact import MAX_BODY_IMAGES, blocked_body

    images = [ImageDecision(src=f"/p{i}.jpg", url=f"https://example.org/p{i}.jpg", kind="img", personal=True,
                            score=0.9, reasons=["alt:person-name"], action="allow", findings=[])
              for i in range(5_000)]
    d = Decision(url="https://example.org/a", stage="response", action="block", images=images,
                 findings=[Finding("opt_out", "xrobots.noai", "X-Robots-Tag: noai", "header x-robots-tag")])
    parsed = json.loads(blocked_body(d))
    listed = parsed["decision"]["images"]
    assert [i["url"] for i in listed] == [f"https://example.org/p{i}.jpg" for i in range(MAX_BODY_IMAGES)]
    assert parsed["decision"]["images_not_listed"] == 5_000 - MAX_BODY_IMAGES and len(d.images) == 5_000
    assert parsed["decision"]["decision_id"] == d.decision_id and len(blocked_body(d)) < 50_000
    images[4_000].action = "redact"  # (the picture the guard acted on is listed, wherever the page has it)
    first = json.loads(blocked_body(d))["decision"]["images"]
    assert first[0]["url"] == "https://example.org/p4000.jpg" and len(first) == MAX_BODY_IMAGES
    few = Decision(url="https://example.org/b", stage="response", action="block", images=images[:3], findings=[])
    assert len(json.loads(blocked_body(few))["decision"]["images"]) == 3
    assert "images_not_listed" not in json.loads(blocked_body(few))["decision"]


def test_a_decision_json_cannot_hold_still_gets_its_451_body() -> None:
    """Evidence keyed by a tuple (a detector's box) is no JSON: the explanation, reasons and the decision
    id, by which the audit record is found, are given instead of an exception."""
    import json

    from scrapeguard.decision import Decision, Finding
    from scrapeguard.enact import blocked_body

    d = Decision(url="https://example.org/a", stage="response", action="block",
                 findings=[Finding("opt_out", "robots.disallow", "x", "robots.txt", {(1, 2): "box"})])
    parsed = json.loads(blocked_body(d))
    assert parsed["reasons"] == ["robots.disallow"] and parsed["decision_id"] == d.decision_id
    assert parsed["error"] == "unavailable_for_legal_reasons" and parsed["explanation"]


def test_the_mode_header_says_audit_only_of_what_audit_mode_lets_through(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An erased site's page is blocked under an audit-mode policy too; its 451 said
    `X-Scrapeguard-Mode: audit`, which the examples print as "block (audit only)"."""
    from scrapeguard import Guard
    from scrapeguard.audit import AuditLog
    from scrapeguard.enact import MODE_HEADER, decision_headers, must_withhold

    log = tmp_path / "audit.sqlite"
    with AuditLog.open(log) as audit, audit.transaction() as conn:
        audit.add_suppression(conn, "domain", "erased.example.org", "dsr-1")
    g = Guard("log-only", user_agent="TestBot/1.0", audit=str(log))
    page = {"content-type": "text/html"}
    erased = g.check_response("https://erased.example.org/p.html", 200, page, b"<p>x</p>")
    would = g.check_response("https://other.example.org/p.html", 200, {**page, "x-robots-tag": "noai"}, b"<p>x</p>")
    g.close()
    assert must_withhold(erased) and MODE_HEADER not in dict(decision_headers(erased))
    assert would.action == "block" and not must_withhold(would) and dict(decision_headers(would))[MODE_HEADER] == "audit"


def test_a_redacted_pages_link_fields_that_cannot_be_read_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never handed on unread: a Link field naming a picture the page lost, read by a reader that fails."""
    from scrapeguard.detect import page_redact

    def broken(*_args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(page_redact, "links_without", broken)
    anna = ImageDecision(src="/p/anna.jpg", url="https://a.example/p/anna.jpg", kind="img", personal=True, score=0.9,
                         reasons=["alt:portrait"], action="redact", findings=[])
    d = Decision(url="https://a.example/team.html", stage="response", action="redact", findings=[], images=[anna],
                 redacted_body=b"<p>x</p>")
    assert links_kept(['</p/anna.jpg>; rel=preload; as=image'], d) == []
    d.action = "allow"
    assert links_kept(['</p/anna.jpg>; rel=preload; as=image'], d) == ['</p/anna.jpg>; rel=preload; as=image']


def _redacted_anna(action: str = "redact") -> Decision:
    anna = ImageDecision(src="/p/anna.jpg", url="https://a.example/p/anna.jpg", kind="img", personal=True, score=0.9,
                         reasons=["page:og:profile"], action="redact", findings=[])
    return Decision(url="https://a.example/u/anna", stage="response", action=action, findings=[], images=[anna],
                    redacted_body=b"<p>x</p>")


def test_a_redacted_pages_refresh_field_to_a_picture_it_took_out_goes() -> None:
    """(review, session 70) A `Refresh: 0; url=/p/anna.jpg` sent the crawler on to the portrait taken out of the
    copy; one to another address stays, and an answer not redacted keeps its field as it came."""
    assert refresh_kept(["0; url=/p/anna.jpg"], _redacted_anna()) == []
    assert refresh_kept(["5; url=/next.html"], _redacted_anna()) == ["5; url=/next.html"]
    assert refresh_kept(["0; url=/p/anna.jpg"], _redacted_anna("allow")) == ["0; url=/p/anna.jpg"]
    assert fields_kept("refresh", [b"0; url=/p/anna.jpg"], _redacted_anna()) == []


def test_a_redacted_pages_refresh_field_that_cannot_be_read_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapeguard.detect import page_redact

    def broken(*_args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(page_redact, "refresh_without", broken)
    assert refresh_kept(["5; url=/next.html"], _redacted_anna()) == []


def test_link_fields_as_bytes_are_read_as_utf8_where_they_are_and_written_back_so() -> None:
    """httpx and Scrapy hand header values over as bytes: read as Latin-1, a raw UTF-8 `</img/zoë.jpg>`
    named no removed picture and was kept (found in review)."""
    zoe = ImageDecision(src="/p/zoë.jpg", url="https://a.example/p/zo%C3%AB.jpg", kind="img", personal=True,
                        score=0.9, reasons=["alt:portrait"], action="redact", findings=[])
    d = Decision(url="https://a.example/team.html", stage="response", action="redact", findings=[], images=[zoe],
                 redacted_body=b"<p>x</p>")
    raw = ["</p/zoë.jpg>; rel=preload; as=image, </a.css>; rel=preload".encode(), b'</b.css>; title="caf\xe9"']
    assert fields_kept("Link", raw, d) == [b"</a.css>; rel=preload", b'</b.css>; title="caf\xe9"']
