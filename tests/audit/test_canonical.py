"""The fast ways of writing a record must give byte for byte what the plain ways give:
the canonical text of the scrubbed record, and one spelling per URL."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapeguard.audit.canonical import (
    _PREV_MARK,
    _normalise_parsed,
    _normalise_slow,
    canonical_json,
    canonical_parts,
    escaped_normal_form,
    hide_item_paths,
    in_section,
    item_paths,
    join_parts,
    searchable_section,
    legacy_normalise_url,
    normalise_url,
    scrub,
    sections_above,
    storable_parts,
    url_section,
    url_spellings,
)

PREV = "sha256:" + "ab" * 32


def _expected(record: dict, hide: tuple[str, ...], seq: int = 7) -> str:
    return canonical_json({**scrub(record, hide), "prev": PREV, "seq": seq})


URL = "https://www.example.fr/people/alice.html"


def test_a_plain_record_is_stored_as_its_canonical_text():
    record = {"schema": "s", "findings": [{"code": "x", "evidence": {"faces": 1, "max_score": 0.91}}], "z": None}
    parts = storable_parts(record, (URL,))
    assert parts is not None
    assert join_parts(parts, PREV, 7) == _expected(record, (URL,))


def test_the_items_own_url_is_hidden_as_scrub_hides_it():
    record = {"signals": [{"source": f"<meta> on {URL}", "again": f"{URL} {URL}"}], "purpose": {"id": "p"}}
    parts = storable_parts(record, (URL,))
    assert parts is not None and URL not in "".join(parts)
    assert join_parts(parts, PREV, 3) == _expected(record, (URL,), 3)


def test_what_scrub_would_change_goes_the_slow_way():
    cases = [
        {"evidence": {"embedding": [0.1, 0.2]}},
        {"evidence": {"Pixels": "x"}},
        {"evidence": {"vector": [1] * 65}},
        {"evidence": {"score": 0.123456789}},
        {"evidence": {"tiny": 1e-9, "huge": 1e300}},
        {"evidence": {"raw": b"\xff\xd8"}},
        {"evidence": {"nan": float("nan")}},
        {"detail": "bad \udc80 byte"},
        {"odd": {1, 2}},
        {f"key {URL}": 1},
        {"detail": "ftp://example.org/file on the page"},
    ]
    for record in cases:
        hide = ("ftp://example.org/file", URL)
        assert storable_parts(record, hide) is None, record
        assert canonical_parts(scrub(record, hide))  # and the slow way still gives a text


@pytest.mark.parametrize(("url", "text", "hidden"), [
    ("https://u.example/jane-doe.html", "Disallow: /jane-doe", "Disallow: <path>"),  # a rule cut within a name
    ("https://u.example/x/../staff//jane-doe.html", "Disallow: /staff/jane-doe.html", "Disallow: <path>"),  # as matched
    ("https://u.example/staff%5Cjane-doe.html", "Disallow: /staff\\jane-doe.html", "Disallow: <path>"),  # '\' a '/'
    ("https://u.example/staff/zo%C3%AB-roe.jpg", "Content-Usage: /staff/zo%C3", "Content-Usage: <path>"),  # cut short
    ("https://u.example/staff/jane-doe.html", "Disallow: \u200b/staff/jane-doe.html", "Disallow: \u200b<path>"),
    ("https://u.example/staff/jane-doe.html", "see uni.example.edu/staff/jane-doe.html", "see <path>"),  # after a host
    ("https://u.example/staff/jane-doe.jpg", "Disallow: /*.jpg$ and /*/ and */* and text/html", None),  # none named
    ("https://u.example/html/jane.jpg", "served as text/html", None),  # a type, not a path after a host
])
def test_what_robots_txt_reads_as_the_items_path_is_hidden_and_what_names_no_one_is_kept(url, text, hidden):
    """Found in review of the first reading: a prefix rule cut within the page's name (`/jane-doe` of
    `jane-doe.html`), a URL robots.txt matches after resolving its dot segments and '\\', a rule quoted to its
    first 100 characters through an escape, an invisible character before a rule, were kept in clear; a
    generic rule (`/*.jpg$`), `*/*` and a type beside a path of that name were hidden for nothing."""
    paths = item_paths((url,))
    assert hide_item_paths(text, paths) == (text if hidden is None else hidden)


@pytest.mark.parametrize(("url", "text", "hidden"), [
    ("https://u.example/people/Smith_(John)/cv.html", "robots.txt `Disallow: /people/Smith_(John)/` applies to x",
     "robots.txt `Disallow: <path>` applies to x"),
    ("https://u.example/wiki/Jane_Doe_(actress)", "robots.txt `Disallow: /wiki/Jane_Doe_(actress)` applies",
     "robots.txt `Disallow: <path>` applies"),
    ("https://u.example/people/jane%20doe/cv.html", "robots.txt `Disallow: /people/jane doe/` applies",
     "robots.txt `Disallow: <path>` applies"),
    ("https://u.example/b%3Cscript%3Ex%3C/script%3E/p.html", "robots.txt `Disallow: /b<script>x</script>/` applies",
     "robots.txt `Disallow: <path>` applies"),  # (no word of it names the path: the rule read whole does)
    ("https://u.example/people/Smith_[John]/", "ai.txt `Disallow: /people/Smith_[John]/{cv}` reserves this file",
     "ai.txt `Disallow: <path>` reserves this file"),
    ("https://u.example/people/Smith_(John)/cv.html", "ai.txt `Disallow: /*(John)*` reserves this file",
     "ai.txt `Disallow: <path>` reserves this file"),
    ("https://u.example/people/Smith_(John)/cv.html", "robots.txt `Content-Usage: /people/Smith_(John)/ train-ai=n`: "
     "its path `/people/Smith_(John)/` ends", "robots.txt `Content-Usage: <path>`: its path `<path>` ends"),
    ("https://u.example/people/Smith_(John)/cv.html", "tdmrep.json entry [0] location '/people/Smith_(John)/' (by "
     "path)", "tdmrep.json entry [0] location '<path>' (by path)"),
    ("https://u.example/people/Smith_(John)/cv.html", "line 2 `Disallow: /people/Smith_(John)/`; line 3 "
     "`Disallow: /private/(x)`", "line 2 `Disallow: <path>`; line 3 `Disallow: /private/(x)`"),
    ("https://u.example/people/Smith_(John)/cv.html", "robots.txt `Disallow: /people/Smith_(John)/",
     "robots.txt `Disallow: <path>"),  # (its closing backtick cut off: to the line's end)
    ("https://u.example/people/Smith_(John)/cv.html", "robots.txt `Disallow: /private/(John)/` applies to x", None),
    ("https://u.example/people/Smith_(John)/cv.html", "the crawler's rule '/private/' (John's) applies", None),
])
def test_a_quoted_rule_naming_the_items_path_is_hidden_whole_and_one_naming_another_is_kept(url, text, hidden):
    """A rule is split into words at a bracket, a space or a '<': only the words matching the path were hidden,
    and the rest of the person's name stayed in the chain for good (`Disallow: <path>(John)/`, `<path> doe/`;
    `/b<script>x</script>/`, no word of which matches, whole: found in review). The quoted value is hidden
    whole, its field name kept; a quoted rule over another path stays readable."""
    paths = item_paths((url,))
    assert hide_item_paths(text, paths) == (text if hidden is None else hidden)


def test_a_record_quoting_a_rule_only_its_whole_reading_names_goes_the_slow_way():
    """The fast path found the item's path in the record's text word by word: a rule read whole alone names it
    there (`/b<x>/`), which it stored unhidden while `scrub` hid it."""
    paths = item_paths(("https://u.example/b%3Cx%3E/p.html",))
    record = {"detail": "robots.txt `Disallow: /b<x>/` applies"}
    assert storable_parts(record, (), paths) is None
    assert scrub(record, (), paths) == {"detail": "robots.txt `Disallow: <path>` applies"}
    assert storable_parts({"detail": "robots.txt `Disallow: /c<x>/` applies"}, (), paths) is not None


def test_a_word_too_long_to_read_rule_by_rule_is_hidden_whole_where_it_names_the_path():
    paths = item_paths(("https://u.example/staff/jane-doe.html",))
    assert hide_item_paths("rule " + "/staff" * 50_000 + " end", paths) == "rule <path> end"
    assert hide_item_paths("rule " + "/a*" * 50_000 + " end", paths) == "rule " + "/a*" * 50_000 + " end"


def test_a_path_holding_a_character_json_escapes_goes_the_slow_way():
    """The fast path reads the JSON text, where `\\x01` is spelt `\\u0001`: a path holding one was stored
    unhidden there while `scrub` hid it (found in review)."""
    paths = item_paths(("https://u.example/jane%01doe.html",))
    record = {"detail": "Disallow: /jane\x01doe.html"}
    assert storable_parts(record, (), paths) is None
    assert scrub(record, (), paths) == {"detail": "Disallow: <path>"}


def test_parts_join_to_the_canonical_text_even_if_content_holds_a_stand_in():
    record = {"a": _PREV_MARK, "q": 1, "z": [_PREV_MARK]}
    assert join_parts(canonical_parts(record), PREV, 0) == canonical_json({**record, "prev": PREV, "seq": 0})
    for record in ({}, {"a": 1}, {"q": 1}, {"z": 1}):
        assert join_parts(canonical_parts(record), PREV, 5) == canonical_json({**record, "prev": PREV, "seq": 5})


_value = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), st.binary(max_size=8),
        st.sampled_from([URL, f"see {URL}", "ftp://x.org/a", "e-1", "3e-07", "0.12345678",
                         "`Disallow: /people/alice.html`", "Disallow: /people/", "\n/people/*ali", "/peo, /x",
                         "image/jpeg", "2026/12/06", "/p", "path:/people/alice.html.", "/*alice*", "«people/»",
                         "'/people/alice.html'", "a\\/people/", "/*", "/", "`Disallow: /people/(alice) x/`",
                         "'/people/al<i>ce'", "`/people/al<i>ce", "`Content-Usage: /peo`"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(
            st.one_of(st.text(max_size=10), st.sampled_from(["image", "data", "prev", "seq", "Crop"])), inner, max_size=5
        ),
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(record=st.dictionaries(st.text(max_size=12), _value, max_size=8),
       hide=st.sampled_from([(), (URL,), (URL, "ftp://x.org/a")]),
       paths=st.sampled_from([(), ("/people/alice.html",), ("/people/al<i>ce",)]))
def test_fast_path_equals_scrub_then_serialise(record, hide, paths):
    parts = storable_parts(record, hide, paths)
    if parts is not None:
        assert join_parts(parts, PREV, 11) == canonical_json({**scrub(record, hide, paths), "prev": PREV, "seq": 11})
        json.loads(join_parts(parts, PREV, 11))


def test_a_text_quoting_the_items_path_or_a_rules_prefix_of_it_goes_the_slow_way_and_hides_it():
    paths = item_paths((URL, "https://www.example.fr/people/"))
    assert paths == ("/people/alice.html", "/people/")
    record = {"detail": "robots.txt `Disallow: /people/alice.html` applies; `Disallow: /peo*` too, and "
                        "/*alice*, (people/alice.html), path:/people/ and /people/alice.html, as "
                        "www.example.fr/people/alice.html and //cdn.example/people/alice.html write it. "
                        "Not /press/, https://cdn.example/press/, /* or /."}
    assert storable_parts(record, (URL,), paths) is None
    assert scrub(record, (URL,), paths) == {
        "detail": "robots.txt `Disallow: <path>` applies; `Disallow: <path>` too, and <path>, (<path>), path:<path> "
                  "and <path>, as <path> and <path> write it. Not /press/, https://cdn.example/press/, /* or /."}
    assert storable_parts({"detail": "not /press/ nor image/jpeg"}, (URL,), paths) is not None


@settings(max_examples=300, deadline=None)
@given(
    url=st.one_of(
        st.text(max_size=40),
        st.builds(
            lambda scheme, host, path: f"{scheme}://{host}/{path}",
            st.sampled_from(["http", "https", "HTTP", "ftp"]),
            st.from_regex(r"[a-zA-Z0-9.\-]{1,20}(:[0-9]{1,5})?", fullmatch=True),
            st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF), max_size=30),
        ),
    )
)
def test_normalise_url_fast_path_agrees_with_the_parse(url):
    assert normalise_url(url) == _normalise_slow(url)
    assert escaped_normal_form(url) == _normalise_slow(url, decode=False)
    assert legacy_normalise_url(url) == _normalise_parsed(url)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/people/jane.jpg", "https://intranet.example:8443/a?b=c", "http://h.example:1/",
    "http://h.example:65535/x", "http://h.example:65536/x", "http://h.example:80/x", "https://h.example:443/x",
    "https://h.example:80/x", "http://h.example:443/x", "http://h.example:8080/a/./^b", "http://h.example:8080/a/../b",
    "http://h.example:8080/a/%7Eb", "http://h.example:8080/a/%7eb", "http://h.example:8080/.hidden/x",
])
def test_a_url_with_a_port_is_normal_as_the_parse_makes_it(url):
    """The shortcut takes a port (a test server's, an intranet's: each took the parse, for every record)
    only where the parse gives the URL back as written: not 80 or 443, no dot segment."""
    from scrapeguard.audit.canonical import _normal_already

    assert normalise_url(url) == _normalise_slow(url)
    assert escaped_normal_form(url) == _normalise_slow(url, decode=False)
    port = int(url.split("://", 1)[1].split("/", 1)[0].rpartition(":")[2])
    assert _normal_already(url) is (port not in (80, 443) and port <= 65535 and "/." not in url and "%7e" not in url)


def test_escapes_of_unreserved_characters_are_one_url_with_the_characters():
    """RFC 3986 §6.2.2.2: `%7E` is `~`, `%41` is `A`; a reserved or other escape stays."""
    plain = "https://uni.example.edu/~jdoe/A.html?q=~x%20y%2F"
    for spelling in (
        "https://uni.example.edu/%7Ejdoe/%41.html?q=%7Ex%20y%2F",
        "https://uni.example.edu/%7ejdoe/A.html?q=~x%20y%2f",
        "HTTPS://uni.example.edu:443/~jdoe/%41.html?q=%7ex y%2F",
        plain,
    ):
        assert normalise_url(spelling) == plain, spelling
    assert normalise_url("mailto:%7Ejdoe") == "mailto:%7Ejdoe"  # not a web URL: as it was


def test_url_spellings_keep_the_form_older_logs_were_keyed_with():
    """Logs written before the decoding keyed `/%7Ejdoe/` as written: a request by either
    spelling looks both up."""
    for spelling in ("https://uni.example.edu/%7Ejdoe/", "https://uni.example.edu/~jdoe/"):
        forms = url_spellings(spelling)
        assert forms[0] == "https://uni.example.edu/~jdoe/"
        assert "https://uni.example.edu/%7Ejdoe/" in forms


@pytest.mark.parametrize("url", [
    "https://ex.fr/p/a[1]^|b.jpg?q=o'brien&t={x}&u=a`b&v=a\\b&w=[2]|^",
    "https://ex.fr/p/o'neil[1].jpg?x=1",
    "https://ex.fr/p/plain.jpg?x=1",
])
def test_client_spellings_bridge_what_httpx_and_w3lib_really_send(url: str) -> None:
    import httpx
    from w3lib.url import safe_url_string

    from scrapeguard.audit.canonical import client_spellings

    as_httpx, as_w3lib = normalise_url(str(httpx.URL(url))), normalise_url(safe_url_string(url))
    assert as_w3lib in client_spellings(as_httpx) and as_httpx in client_spellings(as_w3lib)


@pytest.mark.parametrize("url", ["https://jane.straße.de/p/a[1].jpg", "https://ς.gr/a.jpg", "https://bücher.de:8443/a.jpg"])
def test_client_spellings_bridge_the_host_w3lib_writes_with_idna_2003(url: str) -> None:
    """w3lib (Scrapy) writes a Unicode host with IDNA 2003 (`jane.strasse.de`, ς as σ), httpx with
    UTS #46 (`jane.xn--strae-oqa.de`): the Scrapy spelling is among those of the httpx one, and of
    the URL as a person gives it."""
    import httpx
    from w3lib.url import safe_url_string

    from scrapeguard.audit.canonical import client_spellings

    as_httpx, as_w3lib = normalise_url(str(httpx.URL(url))), normalise_url(safe_url_string(url))
    assert as_w3lib in client_spellings(as_httpx) and as_w3lib in client_spellings(url)


_SEGMENTS = st.lists(st.sampled_from(["a", "ab", "~j", "?", "=", "/", "x?y", ""]), max_size=5).map("".join)


@settings(max_examples=300, deadline=None)
@given(_SEGMENTS, _SEGMENTS)
def test_a_suppressed_section_is_found_among_the_sections_a_url_lies_in(place_path, section_path):
    """A suppressed profile or site section is looked up by the keyed hash of each section a URL
    lies in (`sections_above`), never compared entry by entry: that list must hold every section
    `in_section` says the URL is in, and no other."""
    place = url_section(normalise_url("https://h.example/" + place_path))
    section = url_section(normalise_url("https://h.example/" + section_path))
    assert (section in sections_above(place)) == in_section(place, section)


def test_a_url_of_megabytes_is_looked_up_by_a_bounded_number_of_short_sections():
    """Once a section is suppressed, every URL the guard meets is looked up by the sections it lies
    in: a page's `<img src>` of a megabyte of slashes must not cost a keyed hash of each of its
    million prefixes (a crawl stalled by one page). Sections deeper or longer than an erasure
    accepts are not looked for."""
    place = url_section(normalise_url("https://h.example/a/" + "/x" * 500_000))
    found = sections_above(place)
    assert "h.example/a" in found and "h.example/" in found
    assert len(found) <= 66 and all(searchable_section(s) and len(s) <= 2048 for s in found)


@pytest.mark.parametrize(("erased", "requested"), [
    ("http://[2001:DB8:0::1]/p/a.jpg", "http://[2001:db8::1]/p/a.jpg"),
    ("http://[2001:db8:0:0:0:0:0:1]/p/a.jpg", "http://[2001:db8::1]/p/a.jpg"),
    ("http://0xc000020a/jane.jpg", "http://192.0.2.10/jane.jpg"),
])
def test_client_spellings_of_an_ip_address_hold_the_one_clients_request(erased: str, requested: str) -> None:
    """An erasure given one spelling of an address did not suppress the one httpx, Scrapy and
    browsers request (the resource key's, which the guard looks suppression up by)."""
    from scrapeguard.audit.canonical import client_spellings

    assert normalise_url(requested) in client_spellings(erased)


@pytest.mark.parametrize(("url", "bare"), [
    ("https://uni.example.edu/people/jdoe.html;jsessionid=ABC123", "https://uni.example.edu/people/jdoe.html"),
    ("https://uni.example.edu/~jdoe;v=1/x.jpg", "https://uni.example.edu/~jdoe/x.jpg"),
    ("https://uni.example.edu/a;x/b.jpg;y?q=1;2", "https://uni.example.edu/a/b.jpg?q=1;2"),
    ("https://uni.example.edu/people/jdoe.html?sid=1;2", None),  # (a query's `;` is no path parameter)
    ("https://uni.example.edu/people/jdoe.html", None),
])
def test_path_parameters_are_removed_from_each_segment_as_a_servlet_container_reads_them(
        url: str, bare: str | None) -> None:
    """(Review) Tomcat serves `/people/jdoe.html;jsessionid=XYZ` as `/people/jdoe.html`: each segment's `;…` is
    no part of the resource, so a request by the page's URL must find and suppress every session's spelling."""
    from scrapeguard.audit.canonical import client_spellings, parameters_removed

    assert parameters_removed(url) == bare
    if bare is not None:
        assert bare in client_spellings(url) and bare in url_spellings(url)


@pytest.mark.parametrize(("url", "plain"), [
    ("http://127.0.0.1:8000/people/eileen.html?utm_source=newsletter", "http://127.0.0.1:8000/people/eileen.html"),
    ("https://uni.example.edu/people/jdoe.html?id=7&UTM_Medium=mail&fbclid=IwAR1",
     "https://uni.example.edu/people/jdoe.html?id=7"),
    ("https://uni.example.edu/people/jdoe.html?utm%5Fsource=x&gclid=1#top", "https://uni.example.edu/people/jdoe.html"),
    ("https://uni.example.edu/people/jdoe.html?id=7", None),
    ("https://uni.example.edu/forum/viewtopic.php?t=12&v=3", None),  # (a topic's and a video's keys name a page)
    ("https://uni.example.edu/people/jdoe.html?q=utm_source&fbclidx=1", None),  # (a value, another key)
    ("https://uni.example.edu/people/jdoe.html", None),
])
def test_a_query_s_tracking_parameters_are_removed_and_no_other(url: str, plain: str | None) -> None:
    """(Review) A newsletter's link to `eileen.html?utm_source=newsletter` is the page `eileen.html`: its tracking
    parameters (`utm_…`, `fbclid`, `gclid`, …) are no part of the resource, so a request by the page's URL must find
    and suppress that spelling; every other parameter may name what is served and is kept."""
    from scrapeguard.audit.canonical import client_spellings, tracking_removed

    assert tracking_removed(url) == plain
    if plain is not None:
        assert plain in client_spellings(url) and plain in url_spellings(url)
