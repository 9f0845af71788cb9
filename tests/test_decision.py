"""One order of actions, one vocabulary of findings."""

from __future__ import annotations

import json

from scrapeguard.decision import Decision, Finding, strictest


def test_strictest_action_wins() -> None:
    assert strictest(["allow", "log", "redact", "block"]) == "block"
    assert strictest(["log", "redact"]) == "redact"
    assert strictest(["allow", "log"]) == "log"
    assert strictest([]) == "allow"


def test_audit_mode_keeps_the_would_be_action_but_lets_the_item_pass() -> None:
    f = Finding("opt_out", "robots.disallow", "robots.txt disallows", "robots.txt line 2", action="block")
    enforced = Decision("http://a.example/x", "request", "block", [f])
    audit = Decision("http://a.example/x", "request", "block", [f], enforced=False)
    assert not enforced.allowed and audit.allowed
    assert "audit mode" in audit.explain()


def test_to_dict_is_json_ready_and_explained() -> None:
    f = Finding("personal_image", "face.detected", "1 face", "detector x 1", {"faces": 1}, "redact", "purpose[p].on.personal_image")
    d = Decision("http://a.example/p.jpg", "response", "redact", [f], redacted_body=b"x")
    record = json.loads(json.dumps(d.to_dict()))
    assert record["action"] == "redact" and record["redacted"] is True
    assert record["findings"][0]["code"] == "face.detected"
    assert "face.detected" in record["explanation"]
    assert d.has("face") and not d.has("robots")


def test_the_suppression_list_binds_even_in_audit_mode() -> None:
    f = Finding("suppressed", "suppressed.erasure", "erased on request", "audit", action="block")
    audit = Decision("http://a.example/x.jpg", "response", "block", [f], enforced=False)
    assert not audit.allowed


def test_a_decision_names_the_urls_a_redirect_led_to_it_from() -> None:
    """So that the audit record links the hops (an access request by the first URL reaches it)."""
    plain = Decision("http://a.example/img/jane.jpg", "response", "allow", [])
    hop = Decision("http://a.example/img/jane.jpg", "response", "allow", [], redirected_from=["http://a.example/r/jane.jpg"])
    assert plain.to_dict()["redirected_from"] == []
    assert json.loads(json.dumps(hop.to_dict()))["redirected_from"] == ["http://a.example/r/jane.jpg"]


def test_a_redacted_copys_hash_is_kept_with_the_decision_even_once_its_bytes_are_dropped() -> None:
    """The crawler keeps the redacted copy, not the original: its SHA-256 is what a content store
    holds, so the decision records it beside the original's. A copy of the decision kept without the
    bytes (a decision waiting for its audit write, what `check` prints) keeps the hash of what they were."""
    import hashlib
    from dataclasses import replace

    d = Decision(url="https://example.org/jane.jpg", stage="response", action="redact", findings=[])
    assert d.redacted_sha256 is None and d.to_dict()["redacted_sha256"] is None
    d.redacted_body = b"blurred"
    blurred = hashlib.sha256(b"blurred").hexdigest()
    assert d.redacted_sha256 == blurred and d.to_dict()["redacted_sha256"] == blurred
    kept = replace(d, redacted_body=b"")
    assert kept.to_dict()["redacted"] is True and kept.to_dict()["redacted_sha256"] == blurred
    assert Decision(url="u", stage="response", action="redact", findings=[], redacted_body=b"blurred").redacted_sha256 == blurred
    d.redacted_body = None  # no redacted copy after all (withheld): no hash of one
    assert d.redacted_sha256 is None and d.to_dict()["redacted_sha256"] is None


def test_a_redaction_that_became_a_withholding_is_explained_by_what_asked_for_it() -> None:
    """Where no redacted copy can be made (an empty 200, a picture that does not decode), the guard
    withholds the answer (block) and notes why; no finding says "block", so the explanation (the
    451's body, the log line) read "block: no finding". It names what asked for the redaction and why
    it became a withholding."""
    from scrapeguard.decision import Note

    f = Finding("personal_image", "context.personal", "the page calls it a portrait", "https://a.example/alice.html",
                action="redact")
    d = Decision("https://a.example/alice.jpg", "response", "block", [f],
                 notes=[Note("redact.unavailable", "no redacted copy of this answer can be made; it is withheld "
                                                   "instead", "scrapeguard")])
    said = d.explain()
    assert said.startswith("block: ") and "no finding" not in said
    assert "context.personal" in said and "no redacted copy" in said
    assert Decision("https://a.example/", "response", "allow", []).explain() == "allow: no finding"


def test_a_decisions_reasons_are_the_codes_that_set_its_action() -> None:
    """(API review) DESIGN: a Decision is its action, findings and reasons; the reasons were only in the 451's
    JSON and the `X-Scrapeguard-Reason` header."""
    from scrapeguard import Guard
    from scrapeguard.enact import reason_codes

    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_response("https://x.example/p.html", 200, {"Content-Type": "text/html", "X-Robots-Tag": "noai"},
                             b"<p>words</p>")
    assert d.action == "block" and d.reasons == ["xrobots.noai"] == reason_codes(d)


def test_an_images_recorded_score_stays_on_its_side_of_the_threshold() -> None:
    """(Review of the mends) `find_images` showed 0.4999 beside personal False; the decision's record rounded it
    to 3 places again: 0.5."""
    from scrapeguard.decision import ImageDecision

    below = ImageDecision("a.jpg", "https://x.example/a.jpg", "img", False, 0.49996, [], "allow", [])
    assert below.to_dict()["score"] == 0.499
    above = ImageDecision("a.jpg", "https://x.example/a.jpg", "img", True, 0.5, [], "allow", [])
    assert above.to_dict()["score"] == 0.5
