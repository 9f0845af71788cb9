"""TDMRep: first match in array order, location patterns, header and meta precedence,
protocol errors unset with a warning."""

from __future__ import annotations

import itertools

import json
import time

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


@pytest.mark.parametrize("url", ["http://h/café-photo", "http://h/caf%C3%A9-photo"])
def test_a_location_s_literal_text_matches_whole_octets_not_inside_an_escape(url: str) -> None:
    """The TDMRep report matches locations as robots.txt does, by octets: `é` is C3 A9, and `/*9-photo`, found
    in the three characters `%A9`, answered `/café-photo` with entry [0]'s `0` before entry [1] reserved it."""
    body = json.dumps([{"location": "/*9-photo", "tdm-reservation": 0}, {"location": "/", "tdm-reservation": 1}])
    [s] = file_signals(body, url)
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved") and "entry [1]" in s.source
    [s] = file_signals(body, "http://h/x9-photo")
    assert s.code == "tdmrep.not_reserved" and "entry [0]" in s.source


@pytest.mark.parametrize("url", ["http://h//reserved/a.jpg", "http://h/x%5C..%5Creserved/a.jpg",
                                 "http://h/x\\..\\reserved/a.jpg", "http://h/x/..;/reserved/a.jpg",
                                 "http://h/reserved;jsessionid=1/a.jpg"])
def test_a_location_holds_for_the_path_as_a_server_merging_slashes_serves_it(url: str) -> None:
    """nginx serves `//reserved/a.jpg` as /reserved/a.jpg (IIS reads a backslash as a slash): robots.txt's rules
    refused such paths, the TDMRep location matched them as written, and the reserved picture was collected
    (review). The reading that reserves wins, as robots.txt's refusing reading does."""
    body = json.dumps([{"location": "/reserved/", "tdm-reservation": 1}, {"location": "/*", "tdm-reservation": 0}])
    [s] = file_signals(body, url)
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved") and "entry [0]" in s.source
    [s] = file_signals(body, "http://h//open/a.jpg")
    assert s.code == "tdmrep.not_reserved"
    # written, `/blog//../photos/` is /blog/photos/ (open); merged, /photos/ (reserved): the reserving reading wins
    body = json.dumps([{"location": "/blog/", "tdm-reservation": 0}, {"location": "/", "tdm-reservation": 1}])
    [s] = file_signals(body, "http://h/blog//../photos/a.jpg")
    assert s.code == "tdmrep.reserved"


def test_a_reservation_of_a_path_holds_for_that_path_with_a_query() -> None:
    """The report's location is "a pattern matching the path" of files; read robots-style (path and
    query), `/img/*.jpg$` missed `/img/a.jpg?w=300`, a CDN's rendition of a reserved picture, and it was
    collected as unset. A reservation the path alone matches is honoured, and the source says how."""
    body = json.dumps([{"location": "/img/*.jpg$", "tdm-reservation": 1}])
    [s] = file_signals(body, "http://h/img/a.jpg?w=300#top")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved")
    assert "entry [0]" in s.source and "path without its query" in s.source
    # robots-style matching still decides first: an earlier entry that matches path and query wins
    body = json.dumps([{"location": "/img/*?w=", "tdm-reservation": 0}, {"location": "/img/*.jpg$", "tdm-reservation": 1}])
    [s] = file_signals(body, "http://h/img/a.jpg?w=300")
    assert s.code == "tdmrep.reserved" and "entry [1]" in s.source  # (the reservation is not lost to it)
    [s] = file_signals(body, "http://h/img/a.png?w=300")
    assert s.code == "tdmrep.not_reserved" and "entry [0]" in s.source


def test_reservation_binds_tdm_and_training_only() -> None:
    body = '[{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://h/policy.json"}]'
    assert file_signals(body, "http://h/a", "train-ai")[0].verdict == Verdict.DENY
    assert "https://h/policy.json" in file_signals(body, "http://h/a", "tdm")[0].detail
    assert file_signals(body, "http://h/a", "search")[0].verdict == Verdict.UNKNOWN


def test_a_reservation_that_does_not_bind_the_purpose_is_recorded_as_a_note() -> None:
    """search-index logs TDMRep ("indexing is logged, not blocked"), yet a reservation said nothing to a search
    purpose and its decision and audit record held no trace of it (review): it is a note now, worded as every
    reader's note of another usage ("… not this purpose's usage"), which the demo's table names."""
    from scrapeguard import Guard

    page = b'<html><head><meta name="tdm-reservation" content="1"></head><body><p>Hello</p></body></html>'
    with Guard("search-index", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_response("http://127.0.0.1:9/p.html", 200, {"Content-Type": "text/html"}, page)
    assert d.action == "allow" and not d.findings
    [note] = [n for n in d.notes if n.code == "tdmrep.meta.reserved"]
    assert "not this purpose's usage (index)" in note.detail
    [s] = file_signals('[{"location": "/", "tdm-reservation": 1}]', "http://h/a", "search")
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "tdmrep.reserved", True)


@pytest.mark.parametrize(("body", "status", "code"), [
    ('[{"location":"/","tdm-reservation":1},]', 200, "tdmrep.unavailable"),
    ('{"location":"/","tdm-reservation":1}', 200, "tdmrep.unavailable"),
    ('[{"location":"/","tdm-reservation":2}]', 200, "tdmrep.invalid_value"),
    ('[{"location":"/","tdm-reservation":true}]', 200, "tdmrep.invalid_value"),
    ('[{"location":"/","tdm-reservation":"yes"}]', 200, "tdmrep.invalid_value"),
    ("[" * 100_000 + "]" * 100_000, 200, "tdmrep.unavailable"),
    ("\x00\xff garbage", 200, "tdmrep.unavailable"),
    ("oops", 500, "tdmrep.unavailable"),
    ("proxy authentication required", 407, "tdmrep.unavailable"),  # the crawler's proxy, not the site
    ("", None, "tdmrep.unavailable"),
])
def test_broken_files_are_unknown_with_a_warning(body: str, status: int | None, code: str) -> None:
    [s] = file_signals(body, "http://h/a", status=status)  # type: ignore[arg-type]
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, code, True)


HOME_PAGE = "<!DOCTYPE html>\n<html><head><title>Shop</title></head><body><div id=app></div></body></html>"


@pytest.mark.parametrize("body", [HOME_PAGE, "  <html><body>Not found</body></html>", "<!-- index --><div>x</div>"])
def test_an_html_page_in_the_files_place_is_a_site_without_the_protocol_not_a_broken_file(body: str) -> None:
    """A site answering every unknown path with a page (an SPA host's index.html, a CMS's 200 "not
    found") has no tdmrep.json: TDMRep reads that as an origin not implementing the protocol. Read as
    a broken file it put a `tdmrep.unavailable` warning on every decision for the site."""
    assert file_signals(body, "http://h/a", "train-ai") == []


def test_a_json_array_is_read_whatever_content_type_it_came_with() -> None:
    reader = TdmRepFile()
    state = reader.parse(FetchResult(SRC, 200, Headers({"Content-Type": "text/html"}),
                                     b'[{"location": "/", "tdm-reservation": 1}]'))
    assert [s.code for s in reader.evaluate(state, "http://h/a", "scrapeguard", "train-ai")] == ["tdmrep.reserved"]


def test_through_the_guard_a_site_answering_its_host_files_with_its_home_page_has_no_warnings(site_factory) -> None:  # noqa: ANN001
    from scrapeguard import Guard
    from sitekit import html
    home = html(HOME_PAGE)
    site = site_factory({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
                         "/.well-known/tdmrep.json": home, "/ai.txt": home, "/page": home})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/page"))
    assert (d.action, d.notes) == ("allow", [])


@pytest.mark.parametrize(("body", "code", "said"), [
    ('[{"location": "/", "tdm-reservation": 1, "tdm-reservation": 0}]', "tdmrep.invalid_value", "given twice (1, 0)"),
    ('[{"location": "/", "tdm-reservation": 0, "tdm-reservation": "1"}]', "tdmrep.invalid_value", 'given twice (0, "1")'),
    ('[{"location": "/", "tdm-reservation": 1, "location": "/none-such/"}]', "tdmrep.invalid_location",
     'location given twice ("/", "/none-such/")'),
])
def test_a_key_an_entry_gives_twice_is_no_answer_of_its_last_value(body: str, code: str, said: str) -> None:
    """JSON keeps the last of a key given twice: `1` then `0` was read as an explicit "not reserved"
    (ALLOW), and a second `location` hid the reservation the first one made. Which the publisher
    meant cannot be told: a protocol error (reservation unset), said with a warning."""
    [s] = file_signals(body, "http://h/photo.jpg", "train-ai")
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, code, True) and said in s.detail


@pytest.mark.parametrize("body", ['[{"location": {"a": 1, "a": 2}, "tdm-reservation": 1}]',
                                  '[{"location": {"a": 1, "a": 2}, "location": "/x", "tdm-reservation": 1}]'])
def test_a_key_given_twice_inside_a_location_that_is_no_string_is_shown_not_raised(body: str) -> None:
    [s] = file_signals(body, "http://h/a", "train-ai")
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "tdmrep.invalid_location", True)


def test_a_key_given_thousands_of_times_is_read_in_linear_time() -> None:
    """Every value of a key given again was kept: 60,000 of them (a 700 KB file) took 140 s."""
    body = '[{"location": "/", ' + ", ".join(f'"tdm-reservation": {i}' for i in range(20_000)) + "}]"
    started = time.monotonic()
    [s] = file_signals(body, "http://h/a", "train-ai")
    assert time.monotonic() - started < 2 and s.code == "tdmrep.invalid_value" and "given twice (0, 1, 2, 3)" in s.detail


def test_a_key_given_twice_alike_is_that_value() -> None:
    [s] = file_signals('[{"location": "/", "tdm-reservation": 1, "tdm-reservation": 1}]', "http://h/a", "train-ai")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved")


def test_a_key_given_twice_in_a_cut_file_is_no_answer_either() -> None:
    head = b'[{"location": "/", "tdm-reservation": 1, "tdm-reservation": 0}, {"location": "/b", '
    reader = TdmRepFile()
    state = reader.parse(FetchResult(SRC, 200, body=head, truncated=True))
    [s] = reader.evaluate(state, "http://h/a", "scrapeguard", "train-ai")
    assert (s.verdict, s.code) == (Verdict.UNKNOWN, "tdmrep.invalid_value")


def test_through_the_guard_a_reservation_given_twice_is_no_allow(site_factory) -> None:  # noqa: ANN001
    from scrapeguard import Guard

    twice = b'[{"location": "/", "tdm-reservation": 1, "tdm-reservation": 0}]'
    site = site_factory({"/.well-known/tdmrep.json": (200, {"Content-Type": "application/json"}, twice),
                         "/p": (200, {"Content-Type": "text/html"}, b"<html><body><p>article</p></body></html>")})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/p"))
    assert not any(s["code"] == "tdmrep.not_reserved" for s in d.signals)
    assert any(n.code == "tdmrep.invalid_value" and "given twice" in n.detail for n in d.notes)


@pytest.mark.parametrize("location", ["https://h/images/", "http://H/images/", "https://h:443/images/*.jpg"])
def test_an_absolute_url_on_this_server_is_matched_by_its_path(location: str) -> None:
    """A location is "a pattern matching the path of a set of files hosted on the server":
    a URL naming this server names such a path."""
    body = json.dumps([{"location": location, "tdm-reservation": 1}])
    [s] = file_signals(body, "http://h/images/a.jpg")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved") and repr(location) in s.source
    assert file_signals(body, "http://h/other/a.jpg") == []


@pytest.mark.parametrize("location", [
    "https://bücher.de/fotos/*", "https://BÜCHER.de/fotos/*", "https://bücher.de./fotos/*",
    "https://XN--BCHER-KVA.DE/fotos/*", "https://xn--bcher-kva.de:443/fotos/*",
])
@pytest.mark.parametrize("page", ["https://xn--bcher-kva.de/fotos/a.html", "https://bücher.de/fotos/a.html"])
def test_a_location_names_this_server_in_any_spelling_of_its_name(location: str, page: str) -> None:
    """`bücher.de` and `xn--bcher-kva.de` are one server (the one a client reaches): a
    reservation written with either spelling, any case or a trailing dot applies there."""
    body = json.dumps([{"location": location, "tdm-reservation": 1}])
    [s] = file_signals(body, page)
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved")


@pytest.mark.parametrize(("location", "page"), [
    ("https://bücher.de:8443/fotos/*", "https://xn--bcher-kva.de/fotos/a.html"),  # the port still counts
    ("https://bucher.de/fotos/*", "https://xn--bcher-kva.de/fotos/a.html"),  # another name
    ("http://[::1]:8080/fotos/*", "http://[::1:8080]/fotos/a.html"),  # host:port and an address ending in it
])
def test_a_location_on_another_port_or_name_is_still_another_server(location: str, page: str) -> None:
    body = json.dumps([{"location": location, "tdm-reservation": 1}])
    [s] = file_signals(body, page)
    assert s.code == "tdmrep.invalid_location" and "another server" in s.detail


@pytest.mark.parametrize(("location", "why"), [
    ("images/*", "neither a path pattern"),
    (["/images/"], "not a string"),
    (None, "not a string"),
    ("https://elsewhere.example/images/", "another server"),
    ("https://h:8443/images/", "another server"),
    ("ftp://h/images/", "neither a path pattern"),
])
def test_a_reservation_whose_location_cannot_be_matched_is_a_warning(location: object, why: str) -> None:
    body = json.dumps([{"location": location, "tdm-reservation": 1}])
    [s] = file_signals(body, "http://h/images/a.jpg")
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "tdmrep.invalid_location", True)
    assert why in s.detail and "entry [0]" in s.detail and s.source == SRC


def test_unmatchable_reservations_give_one_note_per_url() -> None:
    body = json.dumps([{"location": f"dir{i}/", "tdm-reservation": 1} for i in range(5)]
                      + [{"location": "nope/", "tdm-reservation": 0}])
    [s] = file_signals(body, "http://h/a")
    assert s.code == "tdmrep.invalid_location" and "5 entries" in s.detail and "and 2 more" in s.detail


def test_an_unmatchable_reservation_before_the_match_is_noted_with_it() -> None:
    body = json.dumps([{"location": "open/*", "tdm-reservation": 1}, {"location": "/", "tdm-reservation": 0},
                       {"location": "late/*", "tdm-reservation": 1}])
    found, note = file_signals(body, "http://h/open/a.jpg")
    assert (found.verdict, note.code) == (Verdict.ALLOW, "tdmrep.invalid_location")
    assert "entry [0]" in note.detail and "entry [2]" not in note.detail  # after the first match: irrelevant
    ok = json.dumps([{"location": "/", "tdm-reservation": 1}, {"location": "late/*", "tdm-reservation": 1}])
    assert [s.code for s in file_signals(ok, "http://h/a")] == ["tdmrep.reserved"]


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


@pytest.mark.parametrize("fields", [
    [("tdm-reservation", "1"), ("tdm-reservation", "")],
    [("tdm-reservation", ""), ("tdm-reservation", "1")],
    [("tdm-reservation", "1,")],
    [("tdm-reservation", " , 1")],
])
def test_an_empty_header_field_or_list_element_adds_nothing_to_the_reservation(fields: list[tuple[str, str]]) -> None:
    """A recipient ignores empty list elements (RFC 9110 §5.6.1), and a field line with no value says
    nothing: read as a second value beside `1`, it was a conflict, the reservation ignored as a protocol error."""
    [s] = TdmRepReader().evaluate(response(fields), "x", "train-ai")
    assert (s.code, s.verdict) == ("tdmrep.header.reserved", Verdict.DENY)


def test_a_header_of_empty_elements_alone_is_still_a_protocol_error() -> None:
    [s] = TdmRepReader().evaluate(response([("tdm-reservation", " , ")]), "x", "train-ai")
    assert (s.code, s.verdict, s.warning) == ("tdmrep.invalid_header", Verdict.UNKNOWN, True)


def test_a_reservation_in_a_header_field_past_the_64th_still_counts() -> None:
    """Only the first 64 tdm-reservation fields were read: 64 fields of `0` and a `1` after them read as
    `0`, an explicit "not reserved", the conflicting `1` unseen."""
    fields = [("tdm-reservation", "0")] * 64 + [("tdm-reservation", "1")]
    [s] = TdmRepReader().evaluate(response(fields), "x", "tdm")
    assert (s.code, s.verdict, s.warning) == ("tdmrep.invalid_header", Verdict.UNKNOWN, True)


@pytest.mark.parametrize("value", ["1\x00", "\x011", "1\x7f", "\x1f1\x1f"])
def test_a_control_byte_beside_the_header_or_meta_value_reads_as_white_space(value: str) -> None:
    """No field value may hold one (RFC 9110 §5.5), but a lenient server passes it on: `1\x00`
    is still the reservation `1`, as `\x01noai` is `noai` in X-Robots-Tag."""
    [s] = TdmRepReader().evaluate(response({"tdm-reservation": value}), "x", "train-ai")
    assert (s.code, s.verdict) == ("tdmrep.header.reserved", Verdict.DENY)
    [s] = TdmRepReader().evaluate(response({}, [("tdm-reservation", value)]), "x", "train-ai")
    assert (s.code, s.verdict) == ("tdmrep.meta.reserved", Verdict.DENY)


@pytest.mark.parametrize(("body", "said"), [
    ('[{"Location": "/", "TDM-Reservation": 1}]', "entry [0] location 'missing': not a string, and its "
                                                  "tdm-reservation is missing"),
    ('[{"location ": "/", "tdm_reservation": 1}]', "tdm-reservation is missing"),
    ('[["/", 1]]', "entry [0] location '[\"/\", 1]': not a JSON object"),
    ('[{"location": "/open/", "tdm-reservation": 0}, 1, {"location": "/", "tdm-reservation": 0}]',
     "entry [1] location '1': not a JSON object"),
])
def test_an_entry_whose_location_and_reservation_cannot_be_read_is_noted_not_skipped(body: str, said: str) -> None:
    """Such an entry may reserve (keys in the wrong case, an array for an object): it cannot be
    applied, and is named in a warning before the first match, as a reserving entry with a bad
    location is, never skipped without a word."""
    signals = file_signals(body, "http://h/a.jpg", "train-ai")
    [note] = [s for s in signals if s.code == "tdmrep.invalid_location"]
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True) and said in note.detail
    assert [s.verdict for s in signals if s is not note] in ([], [Verdict.ALLOW])


def test_a_readable_entry_without_a_reservation_is_said_to_lack_one() -> None:
    [s] = file_signals('[{"location": "/"}]', "http://h/a", "train-ai")
    assert (s.code, s.warning) == ("tdmrep.invalid_value", True) and "tdm-reservation is missing" in s.detail


def test_unreadable_entries_after_the_first_match_are_not_noted() -> None:
    body = '[{"location": "/", "tdm-reservation": 1}, {"Location": "/", "TDM-Reservation": 0}, 7]'
    assert [s.code for s in file_signals(body, "http://h/a", "train-ai")] == ["tdmrep.reserved"]


def test_through_the_guard_an_unreadable_tdmrep_entry_is_noted_in_the_decision(site_factory) -> None:  # noqa: ANN001
    """A real tdmrep.json on a real server, keys written in another case: the page is allowed
    (the reservation cannot be read) and the decision says why, never silently."""
    from scrapeguard import Guard
    from sitekit import html
    site = site_factory({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
                         "/.well-known/tdmrep.json": (200, {"Content-Type": "application/json"},
                                                      b'[{"Location": "/", "TDM-Reservation": 1}]'),
                         "/page": html("<html><body><p>article text</p></body></html>")})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/page"))
    assert d.action == "allow" and "tdmrep.invalid_location" in [n.code for n in d.notes]


@pytest.mark.parametrize("contents", [["1", ""], ["", "1"], ["1", "  "]])
def test_an_empty_reservation_meta_beside_a_one_says_nothing(contents: list[str]) -> None:
    """An empty tag is no value (TDMRep: the property counts as unset), as an empty header element
    is: a template's second, empty `tdm-reservation` tag cancelled the page's `1`, which was allowed."""
    out = TdmRepReader().evaluate(response({}, [("tdm-reservation", c) for c in contents]), "x", "train-ai")
    assert [(s.code, s.verdict) for s in out] == [("tdmrep.meta.reserved", Verdict.DENY)]
    assert 'content="1"' in out[0].source


def test_meta_supersedes_the_header() -> None:
    out = TdmRepReader().evaluate(response({"tdm-reservation": "1"}, [("tdm-reservation", "0")]), "x", "tdm")
    assert [s.code for s in out] == ["tdmrep.meta.not_reserved"]
    out = TdmRepReader().evaluate(response({"tdm-reservation": "1"}, [("tdm-reservation", "x")]), "x", "tdm")
    assert [s.code for s in out] == ["tdmrep.invalid_meta", "tdmrep.header.reserved"]  # invalid never resets


def test_reservation_meta_tags_saying_both_one_and_zero_are_reported_as_such() -> None:
    """Tags saying `1` and `0` were reported as "not 0 or 1", as if the page had said neither."""
    out = TdmRepReader().evaluate(response({}, [("tdm-reservation", "1"), ("tdm-reservation", "0")]), "x", "train-ai")
    assert [s.code for s in out] == ["tdmrep.invalid_meta"]
    assert "not a single 0 or 1 (it says '0', '1')" in out[0].detail


def outside_head(headers: dict[str, str], head: list[tuple[str, str]], body: list[tuple[str, str]]) -> ResponseView:
    """A page whose `body` meta tags are no children of its <head>."""
    view = response(headers, head + body)
    assert view.page is not None
    view.page.meta_outside_head = frozenset(range(len(head), len(head) + len(body)))
    return view


def test_a_reservation_meta_outside_the_head_lifts_no_reservation_and_is_noted() -> None:
    """A `tdm-reservation: 0` in a user's comment or an inline SVG is no statement of the publisher's: it
    superseded the site's own header `1` (and its tdmrep.json), and the page was collected."""
    out = TdmRepReader().evaluate(outside_head({"tdm-reservation": "1"}, [], [("tdm-reservation", "0")]), "x", "tdm")
    assert [(s.code, s.verdict) for s in out] == [("tdmrep.header.reserved", Verdict.DENY),
                                                  ("tdmrep.meta_outside_head", Verdict.UNKNOWN)]
    assert out[1].warning and "outside <head>" in out[1].source
    host = file_signals('[{"location":"/","tdm-reservation":1}]', "http://h/a")
    alone = TdmRepReader().evaluate(outside_head({}, [], [("tdm-reservation", "0")]), "x", "tdm")
    assert [s.code for s in merge_signals(host, alone)] == ["tdmrep.reserved", "tdmrep.meta_outside_head"]


@pytest.mark.parametrize(("headers", "head"), [({}, []), ({"tdm-reservation": "0"}, []),
                                                ({}, [("tdm-reservation", "0")])])
def test_a_reservation_meta_outside_the_head_still_adds_a_reservation(headers: dict[str, str],
                                                                      head: list[tuple[str, str]]) -> None:
    out = TdmRepReader().evaluate(outside_head(headers, head, [("tdm-reservation", "1")]), "x", "tdm")
    assert ("tdmrep.meta.reserved", Verdict.DENY) in [(s.code, s.verdict) for s in out]
    assert [s.source for s in out if s.verdict == Verdict.DENY][0].endswith("outside <head> on http://h/a")


def test_a_reservation_meta_in_the_head_still_supersedes_the_header_beside_one_outside_it() -> None:
    out = TdmRepReader().evaluate(outside_head({"tdm-reservation": "1"}, [("tdm-reservation", "0")],
                                               [("tdm-reservation", "x")]), "x", "tdm")
    assert [s.code for s in out] == ["tdmrep.meta.not_reserved", "tdmrep.meta_outside_head"]


@pytest.mark.parametrize(("body", "reserved"), [
    ('<html><head><title>t</title></head><body><div class="comment"><meta name="tdm-reservation" content="0">hi'
     '</div></body></html>', True),
    ('<html><head><title>t</title></head><body><svg><meta name="tdm-reservation" content="0"/></svg></body></html>',
     True),
    ('<html><head><title>t</title></head><body><template><meta name="tdm-reservation" content="0"></template>'
     '</body></html>', True),
    ('<html><head><meta name="tdm-reservation" content="0"></head><body><p>post</p></body></html>', False),
    ('<meta name="tdm-reservation" content="0"><title>t</title><p>post</p>', False),  # (a page without <head>)
])
def test_through_the_guard_only_the_page_s_head_lifts_the_site_s_reservation(site_factory, body: str,  # noqa: ANN001
                                                                              reserved: bool) -> None:
    from scrapeguard import Guard
    from sitekit import html
    site = site_factory({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
                         "/.well-known/tdmrep.json": (200, {"Content-Type": "application/json"},
                                                      b'[{"location": "/", "tdm-reservation": 1}]'),
                         "/forum/post.html": html(body)})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/forum/post.html"))
    assert ("tdmrep.reserved" in [f.code for f in d.findings]) is reserved
    assert d.allowed is not reserved
    assert ("tdmrep.meta_outside_head" in [n.code for n in d.notes]) is reserved


def test_precedence_across_stages() -> None:
    host = file_signals('[{"location":"/","tdm-reservation":1}]', "http://h/a")
    header0 = TdmRepReader().evaluate(response({"tdm-reservation": "0"}), "x", "tdm")
    merged = merge_signals(host, header0)
    assert [s.code for s in merged] == ["tdmrep.header.not_reserved"]
    nothing = TdmRepReader().evaluate(response({}), "x", "tdm")
    assert merge_signals(host, nothing) == host  # absence never resets
    [provisional] = request_stage(host)
    assert provisional.verdict == Verdict.UNKNOWN and provisional.warning and "provisional" in provisional.detail


@pytest.mark.parametrize(("raw", "value"), [(1, 1), (0, 0), ("1", 1), (" 0 ", 0), (True, None), (2, None), (None, None), ([1], None),
                                            (1.0, 1), (0.0, 0), (0.5, None), (float("nan"), None)])
def test_reservation_value(raw: object, value: int | None) -> None:
    assert reservation_value(raw) == value


@pytest.mark.parametrize("number", ["1.0", "1e0", "10E-1"])
def test_a_reservation_written_as_a_json_number_with_a_fraction_or_exponent_is_that_number(number: str) -> None:
    """JSON has one number type (RFC 8259 §6): PHP's json_encode writes 1.0 for a float 1, and the
    reservation was a protocol error, the file's opt-out unset and the resource collected."""
    [s] = file_signals(f'[{{"location": "/", "tdm-reservation": {number}}}]', "http://h/a.jpg")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("cut", [False, True])
def test_a_file_in_utf16_or_utf32_is_read(codec: str, cut: bool) -> None:
    """RFC 7159 JSON may be UTF-16 or UTF-32, which Python's own json.loads tells by its bytes; Windows
    PowerShell 5's `ConvertTo-Json | Out-File` writes UTF-16 with a byte-order mark. Read as UTF-8
    only, the file was unusable and its reservation unset, the resource collected."""
    body = '[{"location": "/", "tdm-reservation": 1}]'.encode(codec)
    reader = TdmRepFile()
    state = reader.parse(FetchResult(SRC, 200, body=body, truncated=cut))
    [s] = reader.evaluate(state, "http://h/a.jpg", "scrapeguard", "tdm")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved")


# --- big files: read up to 2 MiB; a cut file keeps its complete entries, fails closed past them
def big_file(count: int, *, first: dict | None = None) -> bytes:
    head = [first] if first else []
    rules = head + [{"location": f"/archive/{i:05d}/*", "tdm-reservation": i % 2,
                     "tdm-policy": "https://pub.example/policies/tdm.json"} for i in range(count)]
    return json.dumps(rules).encode()


def cut_signals(body: bytes, url: str, usage: str = "tdm", *, flagged: bool = True) -> list:  # noqa: ANN401
    """What the guard's fetcher hands over for a file past the cap: its head, marked cut."""
    reader = TdmRepFile()
    data = body[:reader.max_bytes] if flagged else body
    state = reader.parse(FetchResult(SRC, 200, body=data, truncated=flagged and len(body) > reader.max_bytes))
    return reader.evaluate(state, url, "scrapeguard", usage)  # type: ignore[arg-type]


def test_a_valid_file_past_256_kib_is_read_whole() -> None:
    body = big_file(6000, first={"location": "/", "tdm-reservation": 1})  # the reviewer's 336 KB publisher file
    assert 256 * 1024 < len(body) <= TdmRepFile.max_bytes
    [s] = file_signals(body, "http://h/p")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved") and "entry [0]" in s.source
    [s] = file_signals(big_file(6000), "http://h/archive/05998/x")  # the last entries count too
    assert (s.verdict, s.code) == (Verdict.ALLOW, "tdmrep.not_reserved") and "entry [5998]" in s.source
    [s] = file_signals(big_file(6000), "http://h/archive/05999/x")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved") and "entry [5999]" in s.source


def test_the_guard_fetches_up_to_the_readers_cap() -> None:
    assert TdmRepFile.max_bytes >= 2 * 1024 * 1024  # Guard.host_file_limit asks the reader


def test_a_cut_file_keeps_its_complete_entries() -> None:
    body = big_file(30_000)  # valid JSON, past the 2 MiB cap
    assert len(body) > TdmRepFile.max_bytes
    [s] = cut_signals(body, "http://h/archive/00002/a.jpg")  # a complete entry read: its exact answer
    assert (s.verdict, s.code) == (Verdict.ALLOW, "tdmrep.not_reserved") and "entry [2]" in s.source
    [s] = cut_signals(body, "http://h/archive/00003/a.jpg")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved") and "entry [3]" in s.source


def test_a_url_no_read_entry_matches_fails_closed_with_a_truncated_note() -> None:
    body = big_file(30_000)
    [s] = cut_signals(body, "http://h/archive/29999/a.jpg")  # its entry is past the cut
    assert (s.verdict, s.code, s.warning) == (Verdict.DENY, "tdmrep.truncated", True)
    assert "truncated" in s.detail and "complete entries read" in s.detail and "JSON" not in s.detail
    [s] = cut_signals(body, "http://h/archive/29999/a.jpg", "search")  # TDMRep never binds search
    assert (s.verdict, s.code) == (Verdict.UNKNOWN, "tdmrep.truncated")


def test_an_adapter_that_hands_over_too_much_is_cut_the_same_way() -> None:
    [s] = cut_signals(big_file(30_000), "http://h/archive/29999/a.jpg", flagged=False)
    assert s.code == "tdmrep.truncated"


def test_an_adapter_that_cuts_at_the_cap_without_saying_so() -> None:
    [s] = cut_signals(big_file(30_000)[:TdmRepFile.max_bytes], "http://h/archive/29999/a.jpg", flagged=False)
    assert s.code == "tdmrep.truncated" and "JSON" not in s.detail
    [s] = cut_signals(big_file(30_000)[:TdmRepFile.max_bytes], "http://h/archive/00002/a.jpg", flagged=False)
    assert s.code == "tdmrep.not_reserved"
    whole = big_file(6000)
    whole = whole[:-1] + b" " * (TdmRepFile.max_bytes - len(whole)) + b"]"  # exactly the cap, and complete
    [s] = cut_signals(whole, "http://h/archive/05999/a.jpg", flagged=False)
    assert s.code == "tdmrep.reserved"
    assert cut_signals(whole, "http://h/elsewhere", flagged=False) == []  # complete: no entry, no reservation


def test_a_cut_inside_a_multibyte_character_still_parses() -> None:
    entry = {"location": "/caf\u00e9/", "tdm-reservation": 0}
    body = json.dumps([entry] * 200_000, ensure_ascii=False).encode()
    cap = TdmRepFile.max_bytes
    split = next(i for i in range(cap - 40, cap) if body[i] == 0xC3) + 1  # cut between the two octets of é
    reader = TdmRepFile()
    state = reader.parse(FetchResult(SRC, 200, body=body[:split], truncated=True))
    [s] = reader.evaluate(state, "http://h/caf%C3%A9/x", "scrapeguard", "tdm")
    assert s.code == "tdmrep.not_reserved"


def test_a_cut_file_that_is_not_an_array_is_still_broken() -> None:
    reader = TdmRepFile()
    state = reader.parse(FetchResult(SRC, 200, body=b'{"location": "/", "tdm-reser', truncated=True))
    [s] = reader.evaluate(state, "http://h/a", "scrapeguard", "tdm")
    assert (s.code, s.warning) == ("tdmrep.unavailable", True) and "array" in s.detail


def test_entries_past_the_entry_cap_fail_closed() -> None:
    body = json.dumps([{"location": f"/{i}/", "tdm-reservation": 0} for i in range(10_001)]).encode()
    [s] = file_signals(body, "http://h/0/a")
    assert s.code == "tdmrep.not_reserved"
    [s] = file_signals(body, "http://h/10000/a")  # the 10,001st entry was not read
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.truncated") and "10000 entries" in s.detail


def test_a_truncated_reading_is_provisional_before_the_response() -> None:
    [s] = cut_signals(big_file(30_000), "http://h/archive/29999/a.jpg")
    [p] = request_stage([s])
    assert (p.verdict, p.code) == (Verdict.UNKNOWN, "tdmrep.truncated.provisional")


def many_entries() -> bytes:
    """9,000 path entries (~480 KiB), then a broad `*.jpg$` and another server's location."""
    rules = json.loads(big_file(9000))
    rules += [{"location": "*.jpg$", "tdm-reservation": 1},
              {"location": "https://other.example/img/*", "tdm-reservation": 1}]
    return json.dumps(rules).encode()


@pytest.mark.parametrize(("url", "code", "entry"), [
    ("http://h/archive/08999/a.png", "tdmrep.reserved", 8999),
    ("http://h/archive/04097/a.png", "tdmrep.reserved", 4097),  # past the first 4,096 locations
    ("http://h/archive/00010/a.jpg", "tdmrep.not_reserved", 10),  # the earlier entry, not the later *.jpg$
    ("http://h/img/a.jpg", "tdmrep.reserved", 9000),
    ("http://h/img/a.jpg?w=2", "tdmrep.reserved", 9000),  # (its path alone: a reservation is honoured)
    ("http://h/img/a.png?w=2", None, None),  # no entry: only the other server's is left
])
def test_the_first_matching_entry_among_9000_decides(url: str, code: str | None, entry: int | None) -> None:
    signals = file_signals(many_entries(), url)
    found = [s for s in signals if s.code != "tdmrep.invalid_location"]
    assert [(s.code, f"entry [{entry}]" in s.source) for s in found] == ([(code, True)] if code else [])
    notes = [s for s in signals if s.code == "tdmrep.invalid_location"]
    assert bool(notes) is (code is None)  # entry [9001] comes before no match, after every match
    if notes:
        assert "entry [9001]" in notes[0].detail and "other.example" in notes[0].detail


def test_a_file_of_9000_entries_is_matched_in_a_few_look_ups() -> None:
    """The locations are compiled once per file: a URL no entry matches (every entry
    tried, ~0.2 s each, before) is evaluated 200 times in well under a second."""
    reader = TdmRepFile()
    state = reader.parse(FetchResult(SRC, 200, body=big_file(9000)))
    reader.evaluate(state, "http://h/warm", "scrapeguard", "tdm")
    start = time.process_time()
    for i in range(200):
        assert reader.evaluate(state, f"http://h/img/{i}.jpg", "scrapeguard", "tdm") == []
    assert time.process_time() - start < 2.0


def test_through_the_guard_a_big_file_is_fetched_to_the_cap_and_read(site_factory) -> None:  # noqa: ANN001
    """A real server, the guard's own fetcher: 336 KB is read whole, 3 MB is cut and kept in part."""
    from scrapeguard import Guard

    page = (200, {"Content-Type": "text/html"}, b"<html><body><p>article</p></body></html>")
    medium = big_file(6000, first={"location": "/", "tdm-reservation": 1})
    huge = big_file(30_000)
    site = site_factory({"/.well-known/tdmrep.json": (200, {"Content-Type": "application/json"}, medium), "/p": page})
    cut = site_factory({"/.well-known/tdmrep.json": (200, {"Content-Type": "application/json"}, huge),
                        "/archive/00002/p": page, "/archive/29999/p": page})
    g = Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False)
    try:
        assert g.host_file_limit(site.url("/.well-known/tdmrep.json")) == TdmRepFile.max_bytes
        d = g.check_url(site.url("/p"))
        assert not d.allowed and {f.code for f in d.findings} == {"tdmrep.reserved"}
        d = g.check_url(cut.url("/archive/00002/p"))  # entry [2] was read: not reserved
        assert d.allowed and not any(n.code == "tdmrep.unavailable" for n in d.notes)
        d = g.check_url(cut.url("/archive/29999/p"))  # its entry was past the cut
        assert not d.allowed and "tdmrep.truncated" in {f.code for f in d.findings}
        assert any(n.code == "tdmrep.truncated" and "truncated" in n.detail for n in d.notes)
    finally:
        g.close()


@pytest.mark.parametrize(("tag", "reason"), [
    ('<meta http-equiv="tdm-reservation" content="1">', "tdmrep.meta.reserved"),
    ('<meta http-equiv="Content-Signal" content="ai-train=no">', "content_signal.no"),
    ('<meta name="content-usage" content="train-ai=n, search=y">', "content_usage.n"),
    ('<meta http-equiv="Content-Usage" content="train-ai=n">', "content_usage.n"),
    # a zero-width space pasted before the name (as xrobots reads `\u200brobots`)
    ('<meta name="\u200bcontent-usage" content="train-ai=n">', "content_usage.n"),
    ('<meta name="\u200btdm-reservation" content="1">', "tdmrep.meta.reserved"),
])
def test_an_opt_out_in_a_meta_http_equiv_counts_as_the_header_it_stands_for(site_factory, tag: str,  # noqa: ANN001
                                                                             reason: str) -> None:
    """A static host that cannot set headers writes them as `<meta http-equiv>`: only X-Robots-Tag's was
    read, and a TDM reservation or Content Signal written so let the page through with no word."""
    from scrapeguard import Guard
    from sitekit import html
    site = site_factory({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
                         "/page": html(f"<html><head>{tag}</head><body><p>article text</p></body></html>")})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/page"))
    assert d.action == "block" and reason in [f.code for f in d.findings]


@pytest.mark.parametrize(("tag", "reason", "worded"), [
    ('<meta http-equiv="tdm-reservation" content="1">', "tdmrep.meta.reserved", '<meta http-equiv="tdm-reservation"'),
    ('<meta name="tdm-reservation" content="1">', "tdmrep.meta.reserved", '<meta name="tdm-reservation"'),
    ('<meta http-equiv="Content-Signal" content="ai-train=no">', "content_signal.no",
     '<meta http-equiv="Content-Signal"'),
    ('<meta name="content-signal" content="ai-train=no">', "content_signal.no", '<meta name="content-signal"'),
    ('<meta http-equiv="Content-Usage" content="train-ai=n">', "content_usage.n", '<meta http-equiv="Content-Usage"'),
    ('<meta name="content-usage" content="train-ai=n">', "content_usage.n", '<meta name="content-usage"'),
    ('<meta http-equiv="X-Robots-Tag" content="noai">', "xrobots.noai", '<meta http-equiv="X-Robots-Tag"'),
    ('<meta name="x-robots-tag" content="noai">', "xrobots.noai", '<meta name="x-robots-tag"'),
])
def test_a_meta_opt_out_is_worded_as_the_page_wrote_it(site_factory, tag: str, reason: str,  # noqa: ANN001
                                                       worded: str) -> None:
    """The page analysis gave `<meta http-equiv>` and `<meta name>` alike, so a finding called an http-equiv
    Content-Usage `<meta name="content-usage">` and a `<meta name="x-robots-tag">` http-equiv: the audit
    log's source must show the tag the page holds, for a site owner to find it."""
    from scrapeguard import Guard
    from sitekit import html
    site = site_factory({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
                         "/page": html(f"<html><head>{tag}</head><body><p>article text</p></body></html>")})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/page"))
    assert d.action == "block"
    assert [f.source.startswith(worded) for f in d.findings if f.code == reason] == [True]


def test_a_meta_name_shaped_like_the_analysis_mark_for_http_equiv_is_none(site_factory) -> None:  # noqa: ANN001
    """`<meta name="http-equiv:content-usage">` names no field a reader knows: it is not read as the
    `<meta http-equiv="Content-Usage">` the page analysis marks so."""
    from scrapeguard import Guard
    from sitekit import html
    site = site_factory({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
                         "/page": html('<html><head><meta name="http-equiv:content-usage" content="train-ai=n">'
                                       "</head><body><p>article text</p></body></html>")})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/page"))
    assert d.allowed and not any(f.code.startswith("content_usage") for f in d.findings)


@pytest.mark.parametrize("location", ["//h/images/*", "//H:80/images/", "/images/ ", " /images/", "\t/images/*\n"])
def test_a_scheme_relative_location_or_one_in_blanks_reserves_as_written_plainly(location: str) -> None:
    """(review) `//h/images/*` was read as a path starting `//`, and `"/images/ "` kept its blank: each matched
    nothing, and the reservation was dropped without the invalid_location warning any unplaceable one gets."""
    body = json.dumps([{"location": location, "tdm-reservation": 1}])
    [s] = file_signals(body, "http://h/images/a.jpg")
    assert (s.verdict, s.code) == (Verdict.DENY, "tdmrep.reserved")


def test_a_scheme_relative_location_of_another_server_is_a_warning() -> None:
    [s] = file_signals(json.dumps([{"location": "//elsewhere.example/images/", "tdm-reservation": 1}]),
                       "http://h/images/a.jpg")
    assert s.code == "tdmrep.invalid_location" and "another server" in s.detail
    assert "location '//elsewhere.example/images/'" in s.detail and "(elsewhere.example)" in s.detail


def test_a_scheme_relative_location_has_the_files_scheme_and_one_that_cannot_be_read_is_a_warning() -> None:
    """(review) `//h:443/images/` was read as http, so on an https site port 443 named another server; and
    `//h:99999/images/`, whose port cannot be read, fell back to a path matching nothing, silently."""
    reader = TdmRepFile()
    state = reader.parse(FetchResult("https://h/.well-known/tdmrep.json", 200,
                                     body=json.dumps([{"location": "//h:443/images/", "tdm-reservation": 1}]).encode()))
    [s] = reader.evaluate(state, "https://h/images/a.jpg", "scrapeguard", "tdm")  # type: ignore[arg-type]
    assert s.code == "tdmrep.reserved"
    for location in ("//h:99999/images/", "//[h/images/"):
        [s] = file_signals(json.dumps([{"location": location, "tdm-reservation": 1}]), "http://h/images/a.jpg")
        assert s.code == "tdmrep.invalid_location" and "scheme-relative URL whose host or port" in s.detail
    # a pattern where the host would be is a path pattern (`//*.jpg`: paths starting with an empty segment)
    assert file_signals(json.dumps([{"location": "//*.jpg", "tdm-reservation": 1}]), "http://h//x.jpg")[0].code \
        == "tdmrep.reserved"


def test_a_url_that_too_many_wildcard_locations_may_match_is_reserved_and_said() -> None:
    """10,000 `*` locations whose literal parts a URL holds cannot all be tried for each of a page's
    pictures: which entry comes first is then not known, and the URL is treated as reserved, with a
    warning, as one an unread entry may reserve is (`tdmrep.truncated`)."""
    parts = ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"]  # (`test_robots`: no index narrows them)
    body = json.dumps([{"location": f"/*{a}*{b}*{c}$", "tdm-reservation": 0}
                       for a, b, c in itertools.permutations(parts, 3)])
    [s] = file_signals(body, "http://h/aabbccddeeffgghh.jpg")
    assert (s.verdict, s.code, s.warning) == (Verdict.DENY, "tdmrep.wildcards_untried", True)
    assert file_signals(body, "http://h/photo.jpg") == []


def test_a_byte_of_another_encoding_voids_no_reservation() -> None:
    """A Latin-1 `é` in one entry's tdm-policy made the whole file "not valid JSON": every
    reservation in it was void, the site's images allowed with only a note."""
    policy = "https://h/politique-donn\xe9es.json"
    latin1 = ('[{"location":"/","tdm-reservation":1,"tdm-policy":"%s"}]' % policy).encode("latin-1")
    [signal] = file_signals(latin1, "http://h/a.jpg")  # type: ignore[arg-type]
    assert (signal.verdict, signal.code) == (Verdict.DENY, "tdmrep.reserved")
    # in a location, such a byte names no URL: the reserving entry is said, not skipped or matched
    place = '[{"location":"/caf\xe9/*","tdm-reservation":1}]'.encode("latin-1")
    [signal] = file_signals(place, "http://h/caf%C3%A9/a.jpg")  # type: ignore[arg-type]
    assert (signal.verdict, signal.code) == (Verdict.UNKNOWN, "tdmrep.invalid_location")
    assert "no UTF-8" in signal.detail


def test_a_location_written_with_a_replacement_character_in_utf8_still_reserves() -> None:
    """(Review of the change) Only a byte replaced as the file was read voids a location: a U+FFFD the
    site wrote itself, in UTF-8 or as `\\ufffd`, is a character like any other."""
    for body in ('[{"location":"/caf\ufffd/*","tdm-reservation":1}]',
                 '[{"location":"/caf\\ufffd/*","tdm-reservation":1}]'):
        [signal] = file_signals(body, "http://h/caf%EF%BF%BD/a.jpg")
        assert (signal.verdict, signal.code) == (Verdict.DENY, "tdmrep.reserved"), body
