"""What every adapter does with a decision: which 206 is the whole resource (a redacted copy may
stand for it) and which is a part (a redacted copy of it is withheld)."""

from __future__ import annotations

import pytest

from scrapeguard.enact import replaced_status, whole_range


@pytest.mark.parametrize(("value", "whole"), [
    ("bytes 0-359/360", True), ("BYTES 0-0/1", True), (" bytes  0-359 / 360 ", True),
    ("bytes 100-359/360", False), ("bytes 0-358/360", False), ("bytes 0-359/*", False), (None, False), ("", False),
    ("bytes 0-359/360, bytes 0-9/10", False),  # two fields joined: no whole range
    ("bytes 0-" + "9" * 4400 + "/" + "9" * 4400, False),  # int() refuses 4,300+ digits: it raised ValueError
    ("bytes 0-٣٥٩/٣٦٠", False),  # Arabic-Indic digits are no HTTP digits
])
def test_a_range_is_whole_only_when_it_covers_every_byte(value: str | None, whole: bool) -> None:
    assert whole_range(value) is whole


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
