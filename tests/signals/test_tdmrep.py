"""TDMRep: first match in array order, location patterns, header and meta precedence,
protocol errors unset with a warning."""

from __future__ import annotations

import json

import pytest

from scrapeguard.detect.base import PageAnalysis
from scrapeguard.resource import FetchResult, Headers
from scrapeguard.signals import merge_signals, request_stage
from scrapeguard.signals.base import ResponseView, Verdict
from scrapeguard.signals.tdmrep import TdmRepFile, TdmRepReader, reservation_value

SRC = "http://h/.well-known/tdmrep.json"


def file_signals(body: bytes | str, url: str, usage: str = "tdm", status: int = 200) -> list:  # noqa: ANN401
    reader = TdmRepFile()
    data = body.encode() if isinstance(body, str) else body
    state = reader.parse(FetchResult(SRC, status, body=data))
    return reader.evaluate(state, url, "scrapeguard", usage)  # type: ignore[arg-type]


def test_first_match_in_array_order_not_longest() -> None:
    body = json.dumps([{"location": "/", "tdm-reservation": 1}, {"location": "/open/", "tdm-reservation": 0}])
    [s] = file_signals(body, "http://h/open/a.jpg")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved") and "entry [0]" in s.source
    swapped = json.dumps([{"location": "/open/", "tdm-reservation": 0}, {"location": "/", "tdm-reservation": 1}])
    [s] = file_signals(swapped, "http://h/open/a.jpg")
    assert (s.verdict, s.code) == (Verdict.ALLOW, "tdmrep.not_reserved")


def test_location_patterns_are_robots_style() -> None:
    body = json.dumps([{"location": "/press/photos/*.jpg$", "tdm-reservation": 0},
                       {"location": "/%7Eann/", "tdm-reservation": 1}])
    assert file_signals(body, "http://h/press/photos/a.jpg")[0].verdict == Verdict.ALLOW
    assert file_signals(body, "http://h/press/photos/a.jpg?x") == []  # $ anchors; no match = unset
    assert file_signals(body, "http://h/~ann/x.png")[0].verdict == Verdict.DENY
    assert file_signals(body, "http://h/Press/photos/a.jpg") == []  # case-sensitive


def test_reservation_binds_tdm_and_training_only() -> None:
    body = '[{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://h/policy.json"}]'
    assert file_signals(body, "http://h/a", "train-ai")[0].verdict == Verdict.DENY
    assert "https://h/policy.json" in file_signals(body, "http://h/a", "tdm")[0].detail
    assert file_signals(body, "http://h/a", "search")[0].verdict == Verdict.UNKNOWN


@pytest.mark.parametrize(("body", "status", "code"), [
    ('[{"location":"/","tdm-reservation":1},]', 200, "tdmrep.unavailable"),
    ('{"location":"/","tdm-reservation":1}', 200, "tdmrep.unavailable"),
    ('[{"location":"/","tdm-reservation":2}]', 200, "tdmrep.invalid_value"),
    ('[{"location":"/","tdm-reservation":true}]', 200, "tdmrep.invalid_value"),
    ('[{"location":"/","tdm-reservation":"yes"}]', 200, "tdmrep.invalid_value"),
    ("[" * 100_000 + "]" * 100_000, 200, "tdmrep.unavailable"),
    ("\x00\xff garbage", 200, "tdmrep.unavailable"),
    ("oops", 500, "tdmrep.unavailable"),
    ("", None, "tdmrep.unavailable"),
])
def test_broken_files_are_unknown_with_a_warning(body: str, status: int | None, code: str) -> None:
    [s] = file_signals(body, "http://h/a", status=status)  # type: ignore[arg-type]
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, code, True)


def test_string_values_and_missing_file() -> None:
    assert file_signals('[{"location":"/","tdm-reservation":"1"}]', "http://h/a")[0].verdict == Verdict.DENY
    assert file_signals("not found", "http://h/a", status=404) == []


def response(headers: dict[str, str] | list[tuple[str, str]], meta: list[tuple[str, str]] | None = None) -> ResponseView:
    page = PageAnalysis(meta=meta) if meta is not None else None
    return ResponseView("http://h/a", 200, Headers(headers), "html" if page else "image", b"", page)  # type: ignore[arg-type]


def test_header_values() -> None:
    [s] = TdmRepReader().evaluate(response({"TDM-Reservation": "1", "tdm-policy": "https://h/p"}), "x", "tdm")
    assert (s.code, s.verdict) == ("tdmrep.header.reserved", Verdict.DENY) and "https://h/p" in s.detail
    [s] = TdmRepReader().evaluate(response([("tdm-reservation", "1"), ("tdm-reservation", "1")]), "x", "tdm")
    assert s.code == "tdmrep.header.reserved"  # identical repeats are that value
    [s] = TdmRepReader().evaluate(response([("tdm-reservation", "1"), ("tdm-reservation", "0")]), "x", "tdm")
    assert (s.code, s.warning) == ("tdmrep.invalid_header", True)
    [s] = TdmRepReader().evaluate(response({"tdm-reservation": "2"}), "x", "tdm")
    assert s.verdict == Verdict.UNKNOWN and s.warning


def test_meta_supersedes_the_header() -> None:
    out = TdmRepReader().evaluate(response({"tdm-reservation": "1"}, [("tdm-reservation", "0")]), "x", "tdm")
    assert [s.code for s in out] == ["tdmrep.meta.not_reserved"]
    out = TdmRepReader().evaluate(response({"tdm-reservation": "1"}, [("tdm-reservation", "x")]), "x", "tdm")
    assert [s.code for s in out] == ["tdmrep.invalid_meta", "tdmrep.header.reserved"]  # invalid never resets


def test_precedence_across_stages() -> None:
    host = file_signals('[{"location":"/","tdm-reservation":1}]', "http://h/a")
    header0 = TdmRepReader().evaluate(response({"tdm-reservation": "0"}), "x", "tdm")
    merged = merge_signals(host, header0)
    assert [s.code for s in merged] == ["tdmrep.header.not_reserved"]
    nothing = TdmRepReader().evaluate(response({}), "x", "tdm")
    assert merge_signals(host, nothing) == host  # absence never resets
    [provisional] = request_stage(host)
    assert provisional.verdict == Verdict.UNKNOWN and provisional.warning and "provisional" in provisional.detail


@pytest.mark.parametrize(("raw", "value"), [(1, 1), (0, 0), ("1", 1), (" 0 ", 0), (True, None), (2, None), (None, None), ([1], None)])
def test_reservation_value(raw: object, value: int | None) -> None:
    assert reservation_value(raw) == value
