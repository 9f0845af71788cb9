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
