"""resource: the key every client's spelling of one URL meets at, and the charset a page is read in."""

from __future__ import annotations

import codecs
import io
import string
import struct
import subprocess
import sys
import time
import zipfile
from urllib.parse import urljoin

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mitmproxy.http import Request as MitmRequest
from PIL import Image, PngImagePlugin
from scrapy import Request as ScrapyRequest
from w3lib.url import safe_url_string

from scrapeguard.guard import Guard
from scrapeguard.resource import (
    MAX_URL_LENGTH,
    WEB_CODECS,
    Headers,
    _resource_key_slow,
    body_charset,
    comparable_url,
    container_kind,
    declared_charset,
    ends_as_zip,
    host_of,
    is_http_url,
    may_be_picture,
    origin,
    query_in_encoding,
    resource_key,
    scrapy_spelling,
    sniff_kind,
    text_codec,
)

PAGE = "https://example.de/team/"


def _scrapy(url: str) -> str:
    """What Scrapy sends for a URL (Request runs safe_url_string)."""
    return ScrapyRequest(url).url


def _proxy(url: str) -> str:
    """What the proxy addon reads (`flow.request.url`) for a request whose line carries
    httpx's path: mitmproxy rebuilds the URL from host, port and the path as sent."""
    u = httpx.URL(url)
    req = MitmRequest.make("GET", f"{u.scheme}://{u.raw_host.decode('ascii')}/")
    req.port = u.port or {"http": 80, "https": 443}[u.scheme]
    req.path = u.raw_path.decode("ascii")
    return req.url


class TestResourceKey:
    @pytest.mark.parametrize(("raw", "key"), [
        ("https://example.de/team/foto[1].jpg", "https://example.de/team/foto%5B1%5D.jpg"),
        ("https://example.de/a|b^c`d{e}.jpg", "https://example.de/a%7Cb%5Ec%60d%7Be%7D.jpg"),
        ("https://example.de/a\\b.jpg", "https://example.de/a/b.jpg"),  # WHATWG: "\" is "/" in an http(s) path
        ("https://example.de/q.jpg?x=a\\b'c", "https://example.de/q.jpg?x=a%5Cb%27c"),
        ("https://example.de/x/./a/../y/dot.jpg", "https://example.de/x/y/dot.jpg"),
        ("https://example.de/x/%2e%2E/y.jpg", "https://example.de/y.jpg"),
        ("https://example.de/a/b/..", "https://example.de/a/"),
        ("https://example.de/../../x.jpg", "https://example.de/x.jpg"),
        ("https://bob:pw@example.de/cred.jpg", "https://example.de/cred.jpg"),
        ("HTTPS://EXAMPLE.de:443/Up.jpg", "https://example.de/Up.jpg"),
        ("http://example.de:080/x.jpg", "http://example.de/x.jpg"),
        ("http://example.de:443/x.jpg", "http://example.de:443/x.jpg"),  # 443 is not http's default
        ("https://example.de/a%7eb%41.jpg?y=%7e%2f", "https://example.de/a~bA.jpg?y=~%2F"),
        ("https://example.de/j%c3%bcrgen m\u00fcller.jpg", "https://example.de/j%C3%BCrgen%20m%C3%BCller.jpg"),
        ("https://b\u00fccher.example.de/x.jpg", "https://xn--bcher-kva.example.de/x.jpg"),
        ("https://\uff25\uff38.de/x.jpg", "https://ex.de/x.jpg"),  # full-width letters, as UTS #46 maps them
        ("https://example.de/100%.jpg", "https://example.de/100%25.jpg"),
        ("https://example.de/x.jpg?", "https://example.de/x.jpg"),
        ("https://example.de/x.jpg#frag", "https://example.de/x.jpg"),
        ("https://example.de", "https://example.de/"),
        ("http://[0:0::1]:80/x", "http://[::1]/x"),
        (" https://example.de/a\tb.jpg\n", "https://example.de/ab.jpg"),
        ("https://example.de/a//b/img//x.jpg", "https://example.de/a/b/img/x.jpg"),
        ("https://example.de//x.jpg;", "https://example.de/x.jpg"),
        ("https://example.de/x.jpg;;?q=1", "https://example.de/x.jpg?q=1"),
        ("https://example.de/x.jpg;w=2", "https://example.de/x.jpg;w=2"),
        # an IPv4 host in the forms browsers write as dotted-quad (and httpx and Scrapy connect to as that
        # address): the page's word about http://0xc000020a/jane.jpg missed a browser's request behind the proxy
        ("http://0xc000020a/jane.jpg", "http://192.0.2.10/jane.jpg"),
        ("http://3221225994:8080/jane.jpg", "http://192.0.2.10:8080/jane.jpg"),
        ("http://0300.0.2.012/jane.jpg", "http://192.0.2.10/jane.jpg"),
        ("http://192.0.522/jane.jpg", "http://192.0.2.10/jane.jpg"),
        ("http://192.0.2.10./jane.jpg", "http://192.0.2.10/jane.jpg"),
        ("http://1.2.3.4.5/x.jpg", "http://1.2.3.4.5/x.jpg"),  # (no address: a name)
        ("http://0xcafe.example/x.jpg", "http://0xcafe.example/x.jpg"),
    ])
    def test_normal_form(self, raw: str, key: str) -> None:
        assert resource_key(raw) == key
        assert resource_key(key) == key

    @pytest.mark.parametrize("url", [
        "https://example.de/team/foto[1].jpg", "https://example.de/team/a|b.jpg", "https://example.de/team/a^b.jpg",
        "https://example.de/team/a\\b.jpg", "https://example.de/x/../y/dot.jpg", "https://bob:pw@example.de/cred.jpg",
        "https://EXAMPLE.de:443/Up.jpg", "https://example.de/team/a%7eb.jpg", "https://example.de/q.jpg?x=1&y=%7e",
        "https://example.de/p.jpg?a=b c&d='e'", "https://b\u00fccher.de/j\u00fcrgen.jpg",
    ])
    def test_every_client_spelling_meets(self, url: str) -> None:
        key = resource_key(url)
        assert resource_key(_scrapy(url)) == key
        assert resource_key(safe_url_string(url)) == key
        assert resource_key(str(httpx.URL(url))) == key
        assert resource_key(_proxy(url)) == key

    @pytest.mark.parametrize("url", [
        "https://example.de:99999/x", "https://example.de:8o/x", "https:///x", "https://[::1/x", "https://a b.de/x",
        "https://ex%zz.de/x", "data:image/png;base64,iVBORw0KGgo=", "", "not a url", "https://\ud800.de/x",
    ])
    def test_bad_input_is_kept_and_never_raises(self, url: str) -> None:
        key = resource_key(url)
        assert isinstance(key, str)
        assert resource_key(key) == key

    def test_other_schemes_are_keyed_as_before(self) -> None:
        for url in ("data:image/png;sha256=abc", "ftp://example.de/a b.jpg"):
            assert resource_key(url) == comparable_url(url)

    def test_comparable_url_is_unchanged(self) -> None:
        """The audit log's normal form is built on it and commits to it: it keeps httpx's spelling."""
        assert comparable_url("https://example.de/foto[1].jpg") == "https://example.de/foto[1].jpg"
        assert comparable_url("https://example.de/a%7eb.jpg") == "https://example.de/a%7Eb.jpg"

    _CHARS = st.sampled_from(list(string.printable[:94]) + [
        " ", "\u00fc", "\u00df", "\u20ac", "\u6f22", "%7e", "%7E", "%41", "%2e", "%2E", "%c3%bc", "%5B", "%zz",
        "..", ".", "/./", "/../", "\\"])

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(scheme=st.sampled_from(["https", "http", "HTTPS"]),
           host=st.sampled_from(["example.de", "EXAMPLE.de", "b\u00fccher.de", "ex.de:443", "ex.de:8080", "u:p@ex.de"]),
           path=st.lists(_CHARS, max_size=12).map("".join),
           query=st.none() | st.lists(_CHARS, max_size=12).map("".join))
    def test_property_clients_agree_and_key_is_idempotent(self, scheme: str, host: str, path: str,
                                                          query: str | None) -> None:
        url = (f"{scheme}://{host}/{path}" + (f"?{query}" if query is not None else "")).rstrip(" ")
        key = resource_key(url)
        assert resource_key(key) == key
        assert _resource_key_slow(url) == key  # the shortcut answers as the long way does
        assert resource_key(safe_url_string(url)) == key
        # httpx keeps "\" in a path and removes dot segments around it; browsers and w3lib read "\" as "/";
        # httpx also drops the "/" a final dot segment leaves ("a/b/." is "a/b", RFC 3986 and browsers: "a/b/")
        last = path.split("/")[-1].lower().replace("%2e", ".")
        if not ("\\" in url and "." in path) and last not in (".", ".."):
            try:
                client = str(httpx.URL(url))
            except httpx.InvalidURL:
                return
            assert resource_key(client) == key
            assert resource_key(_proxy(url)) == key

    @settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
    @given(prefix=st.sampled_from(["https://", "http://", "HTTP://", "https://e.de", "http://e.de:", "https:", ""]),
           rest=st.text(max_size=40))
    def test_property_any_text(self, prefix: str, rest: str) -> None:
        url = prefix + rest
        key = resource_key(url)
        assert key == _resource_key_slow(url)
        assert resource_key(key) == key

    _PATH_PARTS = st.sampled_from(["/", "//", ".", "..", ";", ";;", "%2e", "%2E%2e", "a", "x.jpg", ";w=2", "?", "#"])

    @settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
    @given(parts=st.lists(_PATH_PARTS, max_size=10))
    def test_property_a_key_is_its_own_key_whatever_dots_slashes_and_semicolons_it_is_spelt_with(
            self, parts: list[str]) -> None:
        """A key is a fixed point: `/a/b/..;` was keyed `/a/b/..` (its `;` dropped after the dot
        segments were resolved), which keyed again is `/a/`; the picture's word, kept under one,
        was looked for under the other."""
        url = "https://e.example/" + "".join(parts)
        key = resource_key(url)
        assert resource_key(key) == key
        assert _resource_key_slow(url) == key

    def test_a_semicolon_ending_a_dot_segment_is_dropped_before_it_is_resolved(self) -> None:
        """urljoin reads `..;` as `..` with empty parameters, as it reads `x.jpg;` as `x.jpg`."""
        assert resource_key("https://e.example/a/b/..;") == "https://e.example/a/"
        assert resource_key("https://e.example/a/b/.;") == "https://e.example/a/b/"


@pytest.mark.parametrize("url", ["https://jane.straße.de/fotos/jane.jpg", "https://ς.gr/a b.jpg",
                                 "https://e.example/foto[1].jpg?n=o'brien", "https://[::1]:8443/x.jpg"])
def test_scrapy_spelling_is_the_url_the_installed_scrapy_requests(url: str) -> None:
    """Asked of the installed w3lib, not modelled on one release: 2.6 spells `straße.de` as httpx does, 2.5 as
    IDNA 2003's `strasse.de`."""
    assert scrapy_spelling(url) == ScrapyRequest(url).url


def test_scrapy_spelling_of_a_url_scrapy_refuses_is_none() -> None:
    """No request Scrapy makes: nothing to keep a page's word under."""
    with pytest.raises(ValueError):
        ScrapyRequest("https://[::1/x.jpg")
    assert scrapy_spelling("https://[::1/x.jpg") is None


class TestGuardKeepsContext:
    """End to end: a page says noimageai of an image; the image is requested in another spelling."""

    @pytest.mark.parametrize(("src", "spell"), [
        ("foto[1].jpg", _scrapy), ("a|b.jpg", _scrapy), ("a^b.jpg", _scrapy), ("a\\b.jpg", _scrapy),
        ("https://example.de/x/../y/dot.jpg", lambda u: str(httpx.URL(u))),
        ("https://bob:pw@example.de/cred.jpg", lambda u: "https://example.de/cred.jpg"),
        ("j\u00fcrgen m\u00fcller.jpg", _proxy),
    ])
    def test_request_in_another_spelling_is_refused(self, src: str, spell) -> None:  # type: ignore[no-untyped-def]
        guard = Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False)
        html = (f'<html><head><meta name="robots" content="noimageai"><title>Team</title></head>'
                f'<body><img src="{src}"></body></html>').encode()
        page = guard.check_response(PAGE, 200, {"content-type": "text/html"}, html)
        sent = spell(page.images[0].url)
        decision = guard.decide_request(sent)
        assert decision.action == "block"
        assert "xrobots.noimageai" in decision.codes

    @pytest.mark.parametrize(("page_url", "src"), [
        ("https://example.de/team/", "img//jane.jpg"), ("https://example.de/a//team/", "jane.jpg"),
        ("https://example.de/team/", "jane.jpg;"),
    ])
    def test_a_request_as_urljoin_or_as_a_browser_resolves_it_is_refused(self, page_url: str, src: str) -> None:
        """urljoin (Scrapy's `response.urljoin`) drops a relative path's empty segments and an empty
        `;`, which a browser, httpx and the proxy keep: the picture was requested by a URL the page's
        word was not kept under, and judged without it."""
        guard = Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False)
        html = (f'<html><head><meta name="robots" content="noimageai"></head>'
                f'<body><img src="{src}"></body></html>').encode()
        guard.check_response(page_url, 200, {"content-type": "text/html"}, html)
        for sent in (urljoin(page_url, src), str(httpx.URL(page_url).join(src)), page_url + src):
            decision = guard.decide_request(sent)
            assert decision.action == "block", sent
            assert "xrobots.noimageai" in decision.codes

    def test_response_in_scrapy_spelling_is_refused(self) -> None:
        guard = Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False)
        html = (b'<html><head><meta name="robots" content="noimageai"></head>'
                b'<body><img src="foto[1].jpg"></body></html>')
        page = guard.check_response(PAGE, 200, {"content-type": "text/html"}, html)
        buf = io.BytesIO()
        Image.new("RGB", (300, 200), (90, 120, 160)).save(buf, "JPEG")
        decision = guard.check_response(_scrapy(page.images[0].url), 200, {"content-type": "image/jpeg"},
                                        buf.getvalue())
        assert decision.action == "block"
        assert "xrobots.noimageai" in decision.codes


_PORTRAIT_PAGE = ('<html><head><meta name="robots" content="noimageai"><title>Team</title></head>'
                  '<body><h1>Unser Team</h1><img src="jane-doe.jpg" alt="Portrait of Jane Doe"></body></html>')


class TestBodyCharset:
    def test_utf16_header_on_an_ascii_body_is_not_used(self) -> None:
        assert body_charset("text/html; charset=utf-16", _PORTRAIT_PAGE.encode()) is None
        assert body_charset("text/html; charset=UTF-16LE", _PORTRAIT_PAGE.encode()) is None

    @pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
    def test_utf16_body_is_read_in_the_order_its_markup_shows(self, order: str) -> None:
        body = _PORTRAIT_PAGE.encode(order)
        assert body_charset("text/html; charset=utf-16", body) == order
        assert body_charset("text/html", body) == order  # no mark, no label: still not readable as ASCII
        assert body_charset("text/html; charset=utf-8", body) == order

    def test_byte_order_mark_and_other_labels_are_left_alone(self) -> None:
        assert body_charset("text/html; charset=utf-16", b"\xff\xfe" + _PORTRAIT_PAGE.encode("utf-16-le")) == "utf-16-le"
        assert body_charset("text/html; charset=iso-8859-1", _PORTRAIT_PAGE.encode()) == "cp1252"  # (WHATWG)
        assert body_charset("text/html; charset=utf-32", _PORTRAIT_PAGE.encode()) is None  # its markup is ASCII
        assert body_charset(None, b"") is None
        assert body_charset("text/html; charset=utf-16", b"") == "utf-16-le"

    @pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be", "utf-32-le"])
    def test_a_wide_body_whose_markup_starts_past_the_first_4_kib_is_read_in_its_order(self, order: str) -> None:
        """2,100 spaces before `<html>` in UTF-16 put every "<" past the 4 KiB looked at: the page was
        read as UTF-8 (a run of NULs), its noai unseen and allowed. Leading white space is passed over."""
        body = (" " * 2100 + _PORTRAIT_PAGE).encode(order)
        assert body_charset("text/html", body) == order

    @pytest.mark.parametrize("order", ["utf-32-le", "utf-32-be"])
    @pytest.mark.parametrize("label", ["utf-32", "utf-32le", "utf-16", "utf-8", None])
    def test_utf32_body_is_read_as_utf32_not_as_utf16_and_nuls(self, order: str, label: str | None) -> None:
        """Each UTF-32 "<" (3C 00 00 00, 00 00 00 3C) reads as a UTF-16 "<" and a NUL too: a body
        without a mark is read in UTF-32, in the order its markup shows, whatever the label."""
        body = _PORTRAIT_PAGE.encode(order)
        assert body_charset("text/html" + (f"; charset={label}" if label else ""), body) == order

    @pytest.mark.parametrize(("label", "codec"), [("utf-32", "utf-32-le"), ("utf-32be", "utf-32-be"),
                                                 ("utf-16le", "utf-16-le"), ("utf-16be", "utf-16-be")])
    def test_a_wide_label_on_a_body_without_markup_is_kept(self, label: str, codec: str) -> None:
        """A JSON answer has no "<" to show its byte order: the header's UTF-16/32 label is all
        there is (it was dropped, and a UTF-32 JSON's embedded portrait went unseen)."""
        body = '{"avatar": "data:image/png;base64,iVBORw0KGgo="}'.encode(codec)
        assert body_charset(f"application/json; charset={label}", body) == codec

    @pytest.mark.parametrize("label", ["utf-16", "utf-16le", "utf-32", "UTF-32BE", "cp037", "ibm500"])
    @pytest.mark.parametrize("body", [b'{"avatar": "data:image/png;base64,iVBORw0KGgo="}',
                                      b'.hero{background:url(DATA:image/png;base64,iVBORw0KGgo=)}',
                                      # as the search for embedded pictures finds them (`may_hold_inline`):
                                      b'{"avatar": "data:image\\/png;base64,iVBORw0KGgo="}',  # PHP's json_encode
                                      b'{"avatar": "/9j/4AAQSkZJRgABAQAAAQABAAD"}',  # a bare base64 JPEG
                                      b'{"avatar": "data&#58;image/png;base64,iVBORw0KGgo="}'])
    def test_a_label_a_data_uri_is_no_ascii_in_is_not_used_on_an_ascii_text(self, label: str, body: bytes) -> None:
        """A JSON answer or a style sheet in ASCII under a UTF-16, UTF-32 or EBCDIC label (which JSON
        has no use for: RFC 8259 8.1) was searched in that label: its data: portrait, there in ASCII
        bytes that the crawler stores, went unseen and the answer was allowed. As for markup, a label
        in which a data: URI is not its ASCII bytes is not used when one is there in ASCII bytes."""
        assert body_charset(f"application/json; charset={label}", body) is None

    def test_a_wide_or_ebcdic_text_that_only_mentions_data_keeps_its_label(self) -> None:
        assert body_charset("text/plain; charset=cp037", "metadata: none".encode("cp037")) == "cp037"
        assert body_charset("text/plain; charset=utf-16le", b"metadata: none") == "utf-16-le"  # (no data: URI)

    @pytest.mark.parametrize("label", ["utf-32", "utf-32le", "UTF-32BE", "cp037", "ebcdic-cp-us", "ibm500", "cp1140"])
    def test_a_label_markup_is_no_ascii_in_is_not_used_on_an_ascii_page(self, label: str) -> None:
        """Read in UTF-32 or EBCDIC, an ASCII page's tags are U+FFFD or letters: its noimageai
        and portraits unseen while the bytes the crawler stores still say them."""
        assert body_charset(f"text/html; charset={label}", _PORTRAIT_PAGE.encode()) is None
        stray_nul = _PORTRAIT_PAGE.encode().replace(b"<body>", b"<body>\x00")
        assert body_charset(f"text/html; charset={label}", stray_nul) is None

    @pytest.mark.parametrize(("label", "codec"), [("cp037", "cp037"), ("IBM037", "cp037"), ("ibm500", "cp500"),
                                                  ("cp1140", "cp1140"), ("cp273", "cp273")])
    def test_an_ebcdic_page_is_read_in_its_label(self, label: str, codec: str) -> None:
        assert body_charset(f"text/html; charset={label}", _PORTRAIT_PAGE.encode(codec)) == codec

    def test_stray_nul_in_an_ascii_page_does_not_make_it_utf16(self) -> None:
        body = _PORTRAIT_PAGE.encode().replace(b"<body>", b"<body>\x00")
        assert body_charset("text/html; charset=utf-16", body) is None
        assert body_charset("text/html", body) is None

    @pytest.mark.parametrize(("label", "encoding"), [
        ("utf-16", "ascii"), ("utf-16le", "utf-8"), ("utf-16be", "ascii"),
        ("utf-16", "utf-16-le"), ("utf-16", "utf-16-be"), ("utf-8", "utf-16-le"),
        ("utf-32", "utf-32"), ("utf-32le", "utf-32-le"), ("utf-32be", "utf-32-be"), ("utf-32", "utf-32-be"),
        ("utf-16", "utf-32-le"), ("utf-8", "utf-32-be"), ("utf-8", "utf-32"),
        ("cp037", "cp037"), ("ibm500", "cp500"), ("utf-32", "ascii"), ("cp037", "ascii"),
    ])
    def test_guard_does_not_allow_the_page_silently(self, label: str, encoding: str) -> None:
        """Whatever a page's label, the guard reads its opt-out and its portraits where Scrapy
        (w3lib) and httpx read them, or where its bytes still hold them in ASCII."""
        guard = Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False)
        body = _PORTRAIT_PAGE.encode(encoding)
        decision = guard.check_response("https://example.de/team/", 200, {"content-type": f"text/html; charset={label}"},
                                        body)
        assert decision.action != "allow"
        assert [s["code"] for s in decision.signals] == ["xrobots.noimageai"]  # the page's <meta> was read
        assert decision.images and decision.images[0].url == "https://example.de/team/jane-doe.jpg"
        assert decision.images[0].action in ("block", "redact")
        # the redacted page is in the body's own encoding and no longer holds the image
        assert decision.redacted_body is not None
        out = decision.redacted_body.decode("utf-8" if encoding == "ascii" else encoding)
        assert "jane-doe.jpg" not in out and "Unser Team" in out


# ------------------------------------------------------------------ sniff_kind: images by their bytes
def _image_bytes(fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 80, 40)).save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("body", [b"BMI calculator: weight / height^2\n", b"BMW,3 Series,2021\nAudi,A4,2020\n",
                                  b'BM{"x": 1}', b"BM", b"BM" + b"\x00" * 40])
@pytest.mark.parametrize("content_type", ["text/plain; charset=utf-8", "text/csv", "application/json",
                                          "application/octet-stream"])
def test_text_that_starts_with_bm_is_not_a_bitmap(body: bytes, content_type: str) -> None:
    assert sniff_kind(content_type, body) == "other"


@pytest.mark.parametrize("content_type", [None, "application/octet-stream", "text/plain"])
def test_a_real_bitmap_is_an_image_whatever_its_type_says(content_type: str | None) -> None:
    assert sniff_kind(content_type, _image_bytes("BMP")) == "image"


@pytest.mark.parametrize("content_type", [None, "application/octet-stream"])
def test_an_icon_is_an_image_whatever_its_type_says(content_type: str | None) -> None:
    # a favicon can hold a portrait (an avatar.ico); WHATWG sniffs 00 00 01 00 as image/x-icon
    assert sniff_kind(content_type, _image_bytes("ICO")) == "image"


@pytest.mark.parametrize("content_type", ["binary/octet-stream", "application/octet-stream", None])
def test_an_animated_avif_is_an_image_by_its_brand(content_type: str | None) -> None:
    frame = Image.new("RGB", (16, 16), (200, 80, 40))
    buffer = io.BytesIO()
    frame.save(buffer, "AVIF", save_all=True, append_images=[frame.copy()], duration=100)
    body = buffer.getvalue()
    assert body[4:12] == b"ftypavis"
    assert sniff_kind(content_type, body) == "image"


def test_an_iso_media_file_listing_avif_as_compatible_is_an_image() -> None:
    body = b"\x00\x00\x00\x1cftypisom\x00\x00\x00\x00isommif1avif" + b"\x00" * 64
    assert sniff_kind("application/octet-stream", body) == "image"
    assert sniff_kind("application/octet-stream", b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isommp41" + b"\x00" * 8) \
        == "other"  # an MP4 video is no image


class TestRedirectTarget:
    """Where a redirect sends its client: one rule for the guard's own fetches and every adapter."""

    def test_the_first_location_resolved_against_the_url(self) -> None:
        from scrapeguard.resource import Headers, redirect_target

        headers = Headers([("Location", "../b,c.jpg"), ("Location", "/other")])
        assert redirect_target("https://a.example/x/y/z.jpg", 302, headers) == "https://a.example/x/b,c.jpg"

    @pytest.mark.parametrize("status", [200, 300, 304, 404, None])
    def test_no_target_for_other_answers(self, status: int | None) -> None:
        from scrapeguard.resource import Headers, redirect_target

        assert redirect_target("https://a.example/", status, Headers([("Location", "/b")])) is None

    def test_no_target_without_a_location(self) -> None:
        from scrapeguard.resource import Headers, redirect_target

        assert redirect_target("https://a.example/", 301, Headers([("Location", "  ")])) is None


@pytest.mark.parametrize("body", [
    _image_bytes("PPM"),
    _image_bytes("PPM").replace(b"P6", b"P5", 1),  # (a PGM header: the sniff reads the header only)
    b"P6\n# written by a camera\n341 400\n255\n" + bytes(30),
    b"P4 16 16\n" + bytes(32),
    b"P3\n2 1\n255\n0 0 0 255 255 255\n",
    _image_bytes("QOI"),
    _image_bytes("JPEG2000"),
    _image_bytes("JPEG2000", no_jp2=True),  # a bare codestream
    b"\x00\x00\x00\x0cJXL \r\n\x87\n" + bytes(100),
    b"\xff\x0a\xfa\x7f\x01\x90" + bytes(100),  # a bare JPEG XL codestream
    _image_bytes("PCX"),
])
@pytest.mark.parametrize("content_type", ["application/octet-stream", None, "video/mp4", "application/zip",
                                          "audio/mpeg", "image/png"])
def test_netpbm_qoi_pcx_jpeg_2000_and_jpeg_xl_are_images_whatever_their_type_says(body: bytes,
                                                                                   content_type: str | None) -> None:
    """Served as application/octet-stream they passed unjudged, and a PPM or a PCX portrait as a
    video or an archive did still (found in review): now judged as images (and a picture Pillow
    cannot read safely is an image.error, decided by on_error)."""
    assert sniff_kind(content_type, body) == "image"


@pytest.mark.parametrize("fmt", ["DDS", "ICNS"])
@pytest.mark.parametrize("content_type", ["video/mp4", "audio/mpeg", "application/zip", "font/woff2", None,
                                          "application/octet-stream"])
def test_a_picture_format_the_guard_does_not_decode_served_as_a_medium_is_an_image(fmt: str,
                                                                                   content_type: str | None) -> None:
    """(A proxy review: a portrait saved as DDS or ICNS and served as a video, a sound or a font passed
    byte-identical, while Scrapy's ImagesPipeline opens it with Pillow.) An image, which the guard cannot decode:
    an image.error, which on_error decides."""
    body = _image_bytes(fmt) if fmt != "ICNS" else b"icns\x00\x00\x01\x00" + bytes(64)
    assert sniff_kind(content_type, body) == "image"
    assert sniff_kind("text/plain", b"DDS is our data service\n") == "other"  # (a text says what it is)


@pytest.mark.parametrize("body", [b"\n\n# Changelog\n", b"\n\x05\x01\x08\x05\x00\x00\x00\x01\x00\x00\x00",
                                  b"\n\x05\x01\x03" + bytes(12), b"\n\x05"])
def test_bytes_that_begin_like_a_pcx_header_but_are_none_are_not_an_image(body: bytes) -> None:
    """A PCX header is checked whole (version, coding, bits a pixel, a window in order): a text
    starting with a line feed is none, nor is a window whose corners are reversed."""
    assert sniff_kind("application/octet-stream", body) == "other"


@pytest.mark.parametrize("body", [b"P6 is the phone we reviewed", b"P5 2024 annual report\n", b"P6\n3 4\n",
                                  b"P1 of 3: the plan"])
def test_text_that_starts_like_a_netpbm_magic_is_not_an_image(body: bytes) -> None:
    assert sniff_kind("text/plain", body) == "other"


@pytest.mark.parametrize("body", [b"P1 2 3 4 -- race results\n", b"P3 1920 1080 24 fps master, P4 proxy\n",
                                  b"qoif is our new product line", b"\xff\x0a"])
@pytest.mark.parametrize("content_type", ["text/plain", "text/csv; charset=utf-8", "text/html", "application/json",
                                          "application/javascript", "application/rss+xml", "text/css"])
def test_a_text_whose_start_matches_a_short_image_signature_stays_what_its_type_says(body: bytes,
                                                                                    content_type: str) -> None:
    """Netpbm's header, QOI's and JPEG XL's codestream signatures are short and text-like: they
    decide over a Content-Type that says nothing or says image/*, not over one naming a text
    (which was then blocked as an unreadable image)."""
    assert sniff_kind(content_type, body) != "image"
    assert sniff_kind("image/x-portable-anymap", b"P6 2 2 255\n" + bytes(12)) == "image"


class TestWhatwgLabels:
    """A charset label is read as a browser reads it (WHATWG Encoding), not as Python's codec
    of the same name: a Shift_JIS page's ㈱ and ①, a page labelled us-ascii or iso-8859-1 in
    windows-1252, would otherwise come out of a redacted copy as U+FFFD. A label no browser
    knows is read as the crawler's library reads it: Python's codec."""

    @pytest.mark.parametrize(("label", "codec"), [
        ("Shift_JIS", "cp932"), ("sjis", "cp932"), ("windows-31j", "cp932"), ("x-sjis", "cp932"),
        ("us-ascii", "cp1252"), ("ISO-8859-1", "cp1252"), ("latin1", "cp1252"), ("ascii", "cp1252"),
        ("gb2312", "gb18030"), ("GBK", "gb18030"), ("euc-kr", "cp949"), ("tis-620", "cp874"),
        ("windows-874", "cp874"), ("x-mac-roman", "mac-roman"), ("big5", "big5hkscs"), ("iso-8859-9", "cp1254"),
        ("utf-16", "utf-16-le"), (' "UTF-8" ', "utf-8"), ("unicode-1-1-utf-8", "utf-8"),
        # Python's and Java's spellings of a WHATWG encoding, read as the browser reads it (they
        # were read with Python's strict codec: a redacted copy lost 똠 and ①)
        ("EUC_KR", "cp949"), ("euc_kr", "cp949"), ("EUC_JP", "euc_jis_2004"), ("ISO2022_JP", "iso2022_jp_ext"),
        ("iso8859_1", "cp1252"), ("latin_1", "cp1252"), ("shift-jis", "cp932"),
    ])
    def test_labels_name_the_browsers_decoder(self, label: str, codec: str) -> None:
        assert text_codec(label) == codec
        assert declared_charset(f"text/html; charset={label}") == codec

    @pytest.mark.parametrize("label", ["punycode", "idna", "utf-7", "UTF7", "base64", "rot13",
                                       "undefined", "no-such-charset", "utf-8\x00", "x" * 5000, ""])
    def test_labels_neither_browsers_nor_python_read_are_ignored(self, label: str) -> None:
        """No decoder of any bytes (punycode, idna), none at all, or utf-7, which browsers and
        w3lib refuse: the page is read by its own word (meta, UTF-8) as a browser reads it."""
        assert text_codec(label) is None

    def test_x_user_defined_is_read_as_the_installed_w3lib_reads_it_whatever_was_imported_first(self) -> None:
        """w3lib 2.6 registers WHATWG's x-user-defined decoder on import and Scrapy reads a page so labelled with
        it (2.5 ignores the label): the guard read it so only where something had imported w3lib before it."""
        from w3lib.encoding import resolve_encoding

        fresh = "from scrapeguard.resource import text_codec; print(text_codec('x-user-defined'))"
        done = subprocess.run([sys.executable, "-c", fresh], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == str(resolve_encoding("x-user-defined"))

    @pytest.mark.parametrize(("label", "codec"), [
        ("utf-32", "utf-32-le"), ("UTF-32LE", "utf-32-le"), ("utf-32be", "utf-32-be"), ("utf_32_be", "utf-32-be"),
        ("cp037", "cp037"), ("ebcdic-cp-us", "cp037"), ("IBM500", "cp500"), ("cp1140", "cp1140"),
        ("iso-2022-kr", "iso2022_kr"), ("utf_8", "utf-8"), ("utf-8-sig", "utf-8"), ("latin_1", "cp1252"),
        ("utf_16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
    ])
    def test_labels_only_python_knows_are_read_with_its_codec(self, label: str, codec: str) -> None:
        """As httpx's Response.text and Scrapy (w3lib's resolve_encoding) read them; a Python
        name of a WHATWG label ("latin_1" is iso8859-1) as a browser reads that label."""
        assert text_codec(label) == codec
        assert declared_charset(f"text/html; charset={label}") == codec

    def test_every_label_read_gives_a_codec_read_as_itself_that_decodes_any_bytes(self) -> None:
        """`page_encoding` takes a decided codec back as a label: deciding twice is deciding once."""
        from encodings.aliases import aliases

        labels = {*aliases, *aliases.values(), *WEB_CODECS, "utf-32", "cp037", "utf-8-sig"}
        for label in labels:
            codec = text_codec(label)
            if codec is not None:
                assert text_codec(codec) == codec, label
                bytes(range(256)).decode(codec, "replace")

    def test_every_codec_exists(self) -> None:
        for codec in set(WEB_CODECS.values()):
            codecs.lookup(codec)

    def test_shift_jis_page_text_round_trips(self) -> None:
        text = "\u682a\u5f0f\u4f1a\u793e\u3231 \u2460\u2461 \uff5e \u2252"  # 株式会社㈱ ①② ～ ≒
        data = text.encode("cp932")
        assert data.decode(text_codec("Shift_JIS") or "", "strict") == text


@pytest.mark.parametrize(("label", "body"), [("euc-jp", b"Step \xad\xa1 and kanji \xf9\xa1"),
                                             ("iso-2022-jp", b"\x1b(I12\x1b(B and \x1b$B$\"\x1b(B")])
def test_japanese_pages_keep_bytes_browsers_read_through_a_redacted_copy(label: str, body: bytes) -> None:
    """EUC-JP's NEC and IBM rows (① is 0xADA1) and ISO-2022-JP's halfwidth katakana (ESC ( I) are
    read by browsers but were undecodable to Python's euc_jp / iso2022_jp: a redacted copy turned
    them into &#65533;."""
    from scrapeguard.detect import redact_html

    import html

    page = b'<html><body><p>' + body + b'</p><img src="/p/anna.jpg"></body></html>'
    out = redact_html(page, {"https://x.org/p/anna.jpg"}, "https://x.org/", charset=label)
    assert b"anna.jpg" not in out and b"&#65533;" not in out
    # (written in the rows and escapes every reader shares, the others as references: Scrapy's w3lib reads neither
    # EUC-JP's NEC rows nor ISO-2022-JP's ESC ( I; reviews)
    read = body.decode(text_codec(label) or "")
    assert html.unescape(out.decode(text_codec(label) or "")).count(read) == 1
    as_w3lib_reads = {"euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp"}[label]  # (Python's codecs of those labels)
    assert html.unescape(out.decode(as_w3lib_reads)).count(read) == 1


@pytest.mark.parametrize("url", ["http://example.org/a\tb.html", "http://example.org/a\nb", "http://example.org/a\rb",
                                 "http://example.org/a\x7fb", "http://example.org/\x00", "http://exa\x1bmple.org/",
                                 "http://example.org/?q=" + "a" * 65536])
def test_a_url_no_client_sends_is_no_http_url(url: str) -> None:
    """urlsplit drops a tab, CR and LF without a word (the guard judged "/a\\tb" as "/ab") and takes
    any length, but httpx refuses a control character or a URL over 65,536 characters: such a URL
    is refused at the request stage, not judged as another and then fetched into a traceback."""
    with pytest.raises(httpx.InvalidURL):
        httpx.URL(url)
    assert not is_http_url(url)


def test_a_url_in_no_utf_8_is_no_http_url() -> None:
    """A command-line argument in Latin-1 (`caf\\xe9`) reaches Python with a lone surrogate, which no
    request can carry: httpx failed on it mid-fetch (a guard error, a block under fail-closed), so
    `scrapeguard check` showed a block with exit 1 where it refuses a URL no client sends with exit 2."""
    url = "http://127.0.0.1:8000/caf\udce9"
    with pytest.raises(UnicodeEncodeError):
        httpx.URL(url)
    assert not is_http_url(url)


def test_a_url_at_the_length_httpx_still_sends_is_an_http_url() -> None:
    url = "http://example.org/?q="
    url += "a" * (MAX_URL_LENGTH - len(url))
    httpx.URL(url)
    assert len(url) == MAX_URL_LENGTH and is_http_url(url)
    assert is_http_url("http://example.org/a b/é?q=1 2")  # a space or a non-ASCII letter: sent percent-encoded


def test_urllibs_header_message_is_read_field_by_field() -> None:
    """`urllib.request.urlopen(...).headers` is an `http.client.HTTPMessage`: no Mapping, and
    iterating it gives names only. Every field of it counts, the repeated X-Robots-Tag too."""
    import http.client

    raw = b"Content-Type: text/html\r\nX-Robots-Tag: googlebot: noindex\r\nX-Robots-Tag: noai\r\n\r\n"
    message = http.client.parse_headers(io.BytesIO(raw))
    assert Headers(message).get_all("x-robots-tag") == ["googlebot: noindex", "noai"]
    guard = Guard(audit=False)
    d = guard.check_response("https://example.org/a.html", 200, message, b"<p>text</p>")
    assert not d.has("error.valueerror") and d.has("xrobots.noai")


def test_hundreds_of_link_fields_do_not_push_an_opt_out_sent_after_them_out_of_the_kept_fields() -> None:
    """Past the field cap only the fields a reader looks at are kept; a Link field counts as one only
    when it announces a remote C2PA manifest (all Link fields counted pushed X-Robots-Tag out)."""
    from scrapeguard.resource import MAX_HEADER_FIELDS, Headers

    filler = [(f"x-f{i}", "v") for i in range(MAX_HEADER_FIELDS)]
    links = [("link", f"<https://a.example/{i}>; rel=preload") for i in range(MAX_HEADER_FIELDS)]
    manifest = [("link", '<https://a.example/m.c2pa>; rel="c2pa-manifest"')]
    h = Headers([*filler, *links, *manifest, ("x-robots-tag", "noai")])
    assert h.get("x-robots-tag") == "noai" and h.dropped_read == 0
    assert 'rel="c2pa-manifest"' in (h.get("link") or "")


def test_a_signal_field_cut_at_the_value_cap_is_counted() -> None:
    """An X-Robots-Tag past 16 KiB is cut where the view keeps it: a `noai` after the cut is never read,
    so the cut is counted (`cut_read`, the guard's `headers.cut` error) as dropped fields are."""
    from scrapeguard.resource import MAX_HEADER_VALUE, Headers

    long = "x" * MAX_HEADER_VALUE + ", noai"
    h = Headers([("x-robots-tag", long), ("x-trace", long), ("content-usage", "train-ai=n")])
    assert h.get("x-robots-tag") == long[:MAX_HEADER_VALUE] and h.cut_read == 1
    assert Headers([("x-robots-tag", "noai"), ("x-trace", long)]).cut_read == 0  # (no signal read from it)


def test_the_header_fields_cut_or_dropped_that_a_reader_reads_are_named() -> None:
    """Named, so the guard rules each as its signal family would (a family only logged: no block)."""
    from scrapeguard.resource import MAX_HEADER_FIELDS, MAX_HEADER_VALUE, Headers

    long = "x" * MAX_HEADER_VALUE + ", noai"
    cut = Headers([("X-Robots-Tag", long), ("x-trace", long), ("TDM-Reservation", long), ("content-usage", "y")])
    assert cut.cut_fields == {"x-robots-tag", "tdm-reservation"}
    filler = [(f"x-f{i}", "v") for i in range(MAX_HEADER_FIELDS)] + [("x-robots-tag", "all")] * MAX_HEADER_FIELDS
    dropped = Headers([*filler, ("content-signal", "ai-train=no"), ("Content-Type", "text/html"), ("x-more", "v")])
    assert dropped.dropped_fields == {"content-signal", "content-type"} and dropped.dropped_read == 2
    assert Headers([("x-robots-tag", "noai")]).dropped_fields == set() == Headers().cut_fields


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
@pytest.mark.parametrize("ctype", [None, "application/octet-stream"])
def test_a_utf16_or_utf32_page_of_no_type_is_sniffed_as_a_page(encoding: str, ctype: str | None) -> None:
    """HTML was recognised in ASCII bytes only: a UTF-16 page sent without a type (or as a download) was
    "other", its noai unread and allowed. Its markup is read in the byte order its mark or its "<" shows."""
    assert sniff_kind(ctype, (" \n" + _PORTRAIT_PAGE).encode(encoding)) == "html"
    assert sniff_kind(ctype, "just some words, no markup".encode(encoding)) == "other"
    assert sniff_kind("application/pdf", _PORTRAIT_PAGE.encode(encoding)) == "other"  # (a type that says what it is)
    assert sniff_kind("application/json", _PORTRAIT_PAGE.encode(encoding)) == "html"  # (Scrapy's selectors read it)
    xhtml = '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head></head></html>'
    assert sniff_kind("application/xml", xhtml.encode(encoding)) == "html"  # XHTML served as plain XML


def test_long_urls_are_not_kept_by_the_url_caches() -> None:
    """`origin` and `host_of` kept the last 16,384 URLs they were asked about whole: a spider trap of
    64 KiB URLs held 1 GB. A URL past `CACHED_URL_LENGTH` is worked out again each time."""
    from scrapeguard import resource

    resource._cached_origin.cache_clear()
    resource._cached_host_of.cache_clear()
    long_url = "https://Trap.Example:443/" + "a" * resource.CACHED_URL_LENGTH
    assert resource.origin(long_url) == "https://trap.example" and resource.host_of(long_url) == "trap.example"
    assert resource._cached_origin.cache_info().currsize == resource._cached_host_of.cache_info().currsize == 0
    assert resource.origin("https://a.example/p") == "https://a.example"  # (a short one is kept)
    assert resource._cached_origin.cache_info().currsize == 1
    resource._key_netloc.cache_clear()  # (resource_key's: credentials are no part of what it keeps)
    for n in range(3):
        assert resource.resource_key(f"https://user{n}:{'p' * 60_000}@A.example/x y") == "https://a.example/x%20y"
    assert resource._key_netloc.cache_info().currsize == 1
    assert resource.resource_key("https://" + "h" * 70_000 + ".example/x y").endswith(".example/x%20y")
    assert resource._key_netloc.cache_info().currsize == 1


@pytest.mark.parametrize(("url", "host"), [
    ("https://%63dn.example/a.jpg", "cdn.example"), ("https://%43DN.Example:8443/a.jpg", "cdn.example"),
    ("https://user@%63dn.example/a.jpg", "cdn.example"), ("https://cdn.example/%63.jpg", "cdn.example"),
])
def test_a_hosts_escapes_are_decoded_as_the_resource_key_decodes_them(url: str, host: str) -> None:
    """`%63dn.example` is cdn.example to a browser and to `resource_key`; `host_of` kept the escape,
    so the guard looked up robots.txt, overrides and the audit log's domain under another host."""
    assert host_of(url) == host
    assert host_of(url) == host_of(resource_key(url))
    assert origin(url) == origin(resource_key(url))  # (robots.txt and the other host files are the host's)


@pytest.mark.parametrize("ctype", ["text/html charset=utf-8", "text/html\x00", "text/ html", "text/html/x"])
def test_a_content_type_that_is_no_mime_type_is_sniffed_as_browsers_sniff_it(ctype: str) -> None:
    """`text/html charset=utf-8` (its ";" left out) names no MIME type: browsers parse none and sniff the
    bytes. Read as a known text type, a page with `<meta name=robots content=noai>` was "other", allowed unread."""
    page = b"<!DOCTYPE html><html><head><meta name=robots content=noai></head></html>"
    assert sniff_kind(ctype, page) == "html"
    assert sniff_kind(ctype, b"just text") == "other"
    assert sniff_kind("image/png", page) == "image"  # (a MIME type that is no text's, given: not sniffed)


def test_a_page_served_as_plain_text_is_read_as_a_page() -> None:
    """(An adversarial review: a page with `noai` and a portrait, sent as text/plain, was allowed unread,
    where Scrapy's TextResponse selectors read both.) Plain text that is no markup stays text."""
    page = b"<!DOCTYPE html><html><head><meta name=robots content=noai></head></html>"
    assert sniff_kind("text/plain; charset=utf-8", page) == "html"
    assert sniff_kind("text/plain", b"User-agent: *\nDisallow: /private/\n") == "other"
    assert sniff_kind("text/plain", b"just text <b>with a tag</b>") == "other"


@pytest.mark.parametrize("ctype", ["application/json", "application/x-json", "application/javascript", "text/css",
                                   "text/csv", "text/markdown; charset=utf-8", "text/javascript"])
def test_a_page_served_under_another_texts_type_is_read_as_a_page(ctype: str) -> None:
    """(Review, session 66) Scrapy builds a TextResponse or a JsonResponse for these types, whose selectors read
    a page's pictures and its `<meta name=robots content=noai>`: a page sent so was allowed unread, and
    ImagesPipeline stored its pictures. What they are when no page stays what they say."""
    page = b"<!DOCTYPE html><html><head><meta name=robots content=noai></head></html>"
    assert sniff_kind(ctype, page) == "html"
    assert sniff_kind(ctype, b'{"html": "<p>quoted</p>"}') == "other"
    assert sniff_kind(ctype, b"body { background: url(a.png) }") == "other"


@pytest.mark.parametrize("body", [b"<!-- generator: x --><rss version=\"2.0\"><channel></channel></rss>",
                                  b"<!-- sitemap --><urlset></urlset>"])
def test_a_feed_served_as_text_xml_that_begins_with_a_comment_stays_xml(body: bytes) -> None:
    """(Second review of the change) Scrapy builds an XmlResponse for text/xml, not a TextResponse: a feed
    beginning with a comment was taken for a page and redacted into an HTML document."""
    assert sniff_kind("text/xml", body) == "other"


def test_a_page_whose_content_type_is_no_mime_type_is_judged_as_a_page() -> None:
    from scrapeguard import Guard

    guard = Guard("gdpr-strict", audit=False)
    d = guard.check_response("http://127.0.0.1:9/p.html", 200, [("Content-Type", "text/html charset=utf-8")],
                             b"<!DOCTYPE html><html><head><meta name=robots content=noai></head></html>")
    assert d.action == "block" and any(c.startswith("meta_robots.") or c.startswith("xrobots.") for c in d.codes), d.codes


@pytest.mark.parametrize(("content_type", "picture"), [
    ("image/jpeg", True), ("IMAGE/SVG+XML; charset=utf-8", True), (None, True), ("", True),
    ("application/octet-stream", True), ("binary/octet-stream", True),
    ("text/html; charset=utf-8", False), ("application/xhtml+xml", False), ("application/json", False),
    ("text/plain", False), ("application/pdf", False),
])
def test_a_recorded_type_may_be_a_pictures_unless_it_names_something_else(content_type, picture) -> None:
    """What an erasure suppresses by bytes (`may_be_picture`): an image type, a download's or none
    (the guard told it by its bytes); a page's bytes are the same on many sites."""
    assert may_be_picture(content_type) is picture


XHTML = (b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
         b'<meta name="robots" content="noai"/></head><body><p>hi</p></body></html>')


@pytest.mark.parametrize("content_type", [None, "", "application/octet-stream", "binary/octet-stream"])
def test_xhtml_after_its_xml_declaration_is_a_page_whatever_type_says_nothing(content_type: str | None) -> None:
    """Sent without a type (or as S3's download), XHTML was "other": its `noai` passed unread. XML is
    read as a page when it holds `<html>`, as under an XML type; UTF-16 too. A feed stays what it is."""
    assert sniff_kind(content_type, XHTML) == "html"
    assert sniff_kind(content_type, XHTML.decode().encode("utf-16")) == "html"
    assert sniff_kind(content_type, b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>') == "other"


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><content><![CDATA[<html><head>'
    b'<meta name="robots" content="noai"></head></html>]]></content></entry></feed>',
    b'<?xml version="1.0"?><!-- <html> --><rss version="2.0"><channel/></rss>',
    b'<?xml version="1.0"?><opml><body><outline htmlUrl="https://example.org/"/></body></opml>',
])
def test_xml_whose_root_is_no_html_stays_what_it_is_when_its_type_says_nothing(body: bytes) -> None:
    """`<html` anywhere in a feed's head (quoted in CDATA, in a comment, an OPML `htmlUrl`) made it a page."""
    assert sniff_kind(None, body) == "other" and sniff_kind("application/octet-stream", body) == "other"


def test_xhtml_with_a_comment_and_a_doctype_after_its_declaration_is_a_page() -> None:
    body = (b'<?xml version="1.0"?>\n<!-- saved -->\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">')
    assert sniff_kind(None, body) == "html"
    subset = b'<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY nbsp "&#160;">\n]>\n<html xmlns="http://www.w3.org/1999/xhtml">'
    assert sniff_kind(None, subset) == "html"  # (its internal subset's '>'s)


@pytest.mark.parametrize("tail", [b"<!---->" * 70, b"<!doctype [" + b"a" * 480, b"<?" * 240, b"<!--" + b"-->" * 160])
def test_an_xml_head_without_an_html_root_is_told_at_once(tail: bytes) -> None:
    """A comment's lazy end let a head of `<!---->`s join them in every way: 24 took 1.4 s, 70 forever."""
    started = time.perf_counter()
    assert sniff_kind(None, b'<?xml version="1.0"?>' + tail + b"<rss>") == "other"
    assert time.perf_counter() - started < 0.5


PAGE_WITH_NOAI = b'<!doctype html><html><head><meta name="robots" content="noai"></head><body>x</body></html>'


@pytest.mark.parametrize(("ctype", "body"), [
    ("text/plain", b"\x0c" + PAGE_WITH_NOAI),
    (None, b"\n" * 600 + PAGE_WITH_NOAI),
    ("application/octet-stream", b" \x0c\r\n" * 200 + PAGE_WITH_NOAI),
    ("application/xml", b'<?xml version="1.0"?><!-- ' + b"licence " * 80 + b'--><html xmlns="http://www.w3.org/1999/xhtml">'
     b"<head></head></html>"),
])
def test_a_page_after_white_space_or_a_long_comment_is_sniffed_as_a_page(ctype: str | None, body: bytes) -> None:
    """(review) White space is skipped across WHATWG's 1,445-byte window, a form feed too: a page after 600
    blank lines (a PHP include's) or a form feed, or XHTML after a long licence comment, was "other", its
    noai and TDM meta unread, and handed over."""
    assert sniff_kind(ctype, body) == "html"


NOTICE = b"Notice: Undefined index: x in /var/www/index.php on line 3<br>\n"


@pytest.mark.parametrize(("ctype", "body"), [
    ("application/octet-stream", b"\n" * 1500 + PAGE_WITH_NOAI),
    ("binary/octet-stream", b"\r\n" * 800 + PAGE_WITH_NOAI),
    (None, b" " * 1500 + PAGE_WITH_NOAI), ("application/octet-stream", NOTICE + PAGE_WITH_NOAI),
    ("application/x-unknown", NOTICE * 60 + b"<HTML>"),
    (None, b"Warning: cache stale\r\n  <html lang=en><p>x</p></html>"),
])
def test_a_page_after_a_preamble_or_more_white_space_than_the_window_is_sniffed_as_a_page(ctype: str | None,
                                                                                         body: bytes) -> None:
    """(Review, session 70) Scrapy builds a page of a body whose `<!doctype html>` or `<html>` comes in its first
    5,000 bytes: after a PHP notice or 1,500 blank lines, untyped or a download's, the guard read it as "other", and
    its noimageai and portrait passed unread. (A text Scrapy's selectors read so: `scrapy._a_page_to_scrapy_only`.)"""
    assert sniff_kind(ctype, body) == "html"


def _zip_holding(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("ctype", "body"), [
    ("application/json", b'{"id": 7, "content": "<!doctype html>\\n<html><body>x</body></html>"}'),
    (None, b'[{"html": "<html><body>x</body></html>"}]'),
    ("text/plain", b"Write <html> first, then <!doctype html> before it."),
    ("application/octet-stream", b"x" * 5000 + b"\n" + PAGE_WITH_NOAI),  # (past the first 5,000 bytes)
    ("application/octet-stream", b"WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\n" + PAGE_WITH_NOAI),
    (None, b"From: <saved by Chrome>\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: text/html\r\n\r\n" + PAGE_WITH_NOAI),
    ("application/octet-stream", _zip_holding("index.html", b"<!doctype html>\n" + PAGE_WITH_NOAI)),
    ("application/octet-stream", b"\x00\x01\x02 binary\n" + PAGE_WITH_NOAI),
    ("application/pdf", NOTICE + PAGE_WITH_NOAI),
    ("application/javascript", b"// app bundle\nexport const profile = `\n<!doctype html>\n" + PAGE_WITH_NOAI + b"`;"),
    ("text/markdown", b"# Embedding\n\n```html\n<html>\n" + PAGE_WITH_NOAI + b"\n```\n"),
    ("text/plain", b"Page generated by tool v1\n" + PAGE_WITH_NOAI), ("text/csv", b"id,html\n1,\"\n<html><body>x\"\n"),
    ("application/x-yaml", b"site:\n  template: |\n    <html><body>x</body></html>\n"),
    ("application/x-sh", b"#!/bin/sh\ncat > index.html <<EOF\n<!doctype html>\n" + PAGE_WITH_NOAI + b"\nEOF\n"),
])
def test_markup_further_in_that_begins_no_line_of_text_is_no_page(ctype: str | None, body: bytes) -> None:
    """A JSON string quoting a page (it holds no line break), words naming tags, markup past the first 5,000 bytes,
    an archive's page (a WARC's, an MHTML file's, a zip's), one after bytes no text holds, and a type that says
    what it is (a PDF's; a script's, Markdown's, a text's or CSV's, which a redaction rewrote as an HTML document:
    review of the change) are not read as a page by markup further in."""
    assert sniff_kind(ctype, body) == "other"


def test_markup_further_in_is_looked_for_in_one_pass() -> None:
    """(every line tried once: 5,000 lines of white space, or of `<htmlx`, cost no more)"""
    started = time.perf_counter()
    for body in (b" \t\r\n" * 1250, b"\n<htmlx" * 714, b"<!doctype " * 500):
        for _ in range(20):
            assert sniff_kind("application/octet-stream", body) == "other"
    assert time.perf_counter() - started < 0.5


TYPES_THAT_ARE_NO_TEXTS = ["video/mp4", "audio/mpeg", "application/pdf", "application/zip", "application/msword",
                           "message/rfc822", "application/ld+json", "application/vnd.api+json", "application/rss+xml",
                           "application/atom+xml", "font/woff2"]


@pytest.mark.parametrize("ctype", TYPES_THAT_ARE_NO_TEXTS)
def test_a_page_served_under_a_type_that_is_no_texts_is_a_page_by_its_start(ctype: str) -> None:
    """(Review, session 71) Scrapy has no class for these types (a `+json` it reads as JSON's text) and sniffs the
    body: crawling through the proxy, it made an HtmlResponse of a noai page served as video/mp4, which the proxy had
    passed unread as a video. Such a body beginning as a page, after a byte order mark and white space, is one."""
    assert sniff_kind(ctype, PAGE_WITH_NOAI) == "html"
    assert sniff_kind(f"{ctype}; charset=utf-8", b"\xef\xbb\xbf \r\n\t" + PAGE_WITH_NOAI) == "html"


@pytest.mark.parametrize("ctype", TYPES_THAT_ARE_NO_TEXTS)
def test_a_page_further_in_under_a_type_that_is_no_texts_leaves_it_what_its_type_says(ctype: str) -> None:
    """(The strict start, not the 5,000 bytes' look, which stays for a type that says nothing.)"""
    assert sniff_kind(ctype, NOTICE + PAGE_WITH_NOAI) == "other"


@pytest.mark.parametrize(("ctype", "body"), [
    ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    ("video/mp4", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2mp41<html>"),
    ("application/zip", _zip_holding("index.html", PAGE_WITH_NOAI)),
    ("message/rfc822", b"From: a@example.org\r\nContent-Type: text/html\r\n\r\n" + PAGE_WITH_NOAI),
    ("application/ld+json", b'{"@context": "https://schema.org", "description": "<p>quoted</p>"}'),
    ("application/rss+xml", b"<!-- generator: x -->\n<rss version=\"2.0\"><channel><description>&lt;p&gt;hi"
                            b"</description></channel></rss>"),
    ("application/atom+xml", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><content '
                             b'type="html"><![CDATA[<html><body>x</body></html>]]></content></entry></feed>'),
])
def test_a_body_under_a_type_that_is_no_texts_that_begins_as_its_type_stays_so(ctype: str, body: bytes) -> None:
    """A PDF, a video, a zip holding a page, a mail message, JSON-LD quoting markup, a feed its generator opens with a
    comment or that quotes a page in CDATA: what their type says, not pages."""
    assert sniff_kind(ctype, body) == "other"


ICON = b'<svg class="icon" width="16" height="16"><path d="M0 0h16v16H0z"/></svg>'
FRAGMENT = ICON + b'<div><h2>Jane Doe</h2><img src="/jane.jpg" alt="Portrait of Jane Doe, head of HR"></div>'
XHTML_WITH_AN_ICON = (b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
                      b'<meta name="robots" content="noai"/></head><body>' + ICON + b"<p>hi</p></body></html>")


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/xhtml+xml"])
@pytest.mark.parametrize("body", [FRAGMENT, XHTML_WITH_AN_ICON], ids=["fragment", "xhtml"])
def test_a_page_served_as_a_page_is_one_whatever_svg_it_begins_with_or_holds(content_type: str, body: bytes) -> None:
    """(Review, session 69) An HTML fragment opening with an icon's `<svg>` (an HTMX or Turbo partial), or XHTML
    with an XML declaration and an inline `<svg>` in its first 512 bytes, served as a page, was taken for an SVG
    picture: its `noai` unread, its portraits kept. A page's type is trusted before the bytes' SVG sniff."""
    assert sniff_kind(content_type, body) == "html"


@pytest.mark.parametrize("content_type", [None, "application/octet-stream", "application/xml", "text/plain"])
def test_xml_is_an_svg_picture_only_where_its_root_is_svg(content_type: str | None) -> None:
    """Untyped (or under a type that leaves it to the bytes) `<?xml` was an SVG picture wherever an `<svg` was in
    its first 512 bytes: XHTML with an inline icon is a page; an SVG document, by its root, stays a picture."""
    assert sniff_kind(content_type, XHTML_WITH_AN_ICON) == "html"
    drawing = (b'<?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
               b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert sniff_kind(content_type, drawing) == "svg"
    assert sniff_kind(content_type, ICON) == "svg"  # (one that begins with <svg, as ever)
    assert sniff_kind(content_type, b'<?xml version="1.0"?><rss><channel><svg/></channel></rss>') == "other"
    # without the declaration (optional), its doctype names it, after comments too (review of the fix: "other",
    # a portrait in it unread and unnoted)
    for no_declaration in (drawing.split(b"\n", 2)[2], b"<!-- licence -->\n" + drawing.split(b"\n", 2)[2]):
        assert sniff_kind(content_type, no_declaration) == "svg", no_declaration


def test_an_svg_picture_is_one_by_its_type_or_by_its_bytes_under_an_image_type() -> None:
    assert sniff_kind("image/svg+xml", XHTML_WITH_AN_ICON) == "svg"  # (its type says so)
    assert sniff_kind("image/png", ICON) == "svg"


@pytest.mark.parametrize(("content_type", "head"), [
    ("application/postscript", b"%!PS-Adobe-3.0 EPSF-3.0\n"),
    ("application/eps", b"%!PS-Adobe-3.0 EPSF-3.0\n"),
    (None, b"%!PS-Adobe-3.0 EPSF-3.0\n"),
    ("application/octet-stream", b"\xc5\xd0\xd3\xc6" + bytes(28)),  # (EPS with a DOS binary header)
])
def test_a_postscript_or_eps_document_holds_pictures_the_guard_does_not_read(content_type: str | None,
                                                                            head: bytes) -> None:
    """A portrait rasterised into an EPS answer (application/postscript, or no type) passed as allowed with
    no note, where a PDF holding it was said to hold pictures not read (`body.container`): it is, by its
    type or, whatever that says, by its first bytes."""
    assert container_kind(content_type, head) in ("a PostScript document", "an EPS document")
    assert container_kind("text/plain", b"%!PS") == "a PostScript document"  # (the guard asks only of other kinds)
    assert container_kind(None, b"%PS is no signature") is None
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (90, 120, 150)).save(buffer, "EPS")
    d = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False).check_response(
        "https://a.example/portrait.eps", 200, {"Content-Type": content_type} if content_type else {},
        head if head.startswith(b"\xc5") else buffer.getvalue())
    assert "body.container" in {n.code for n in d.notes}


@pytest.mark.parametrize("content_type", [None, "application/octet-stream", "application/pdf"])
def test_a_pdf_holds_pictures_the_guard_does_not_read_whatever_its_type_says(content_type: str | None) -> None:
    """A face photo saved as a PDF passed as allowed with no note when served untyped or as a download, where the
    same bytes as application/pdf, and an EPS untyped, were said to hold pictures not read (review, session 71)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (90, 120, 150)).save(buffer, "PDF")
    assert container_kind(content_type, buffer.getvalue()) == "a PDF document"
    d = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False).check_response(
        "https://a.example/portrait", 200, {"Content-Type": content_type} if content_type else {}, buffer.getvalue())
    assert [n.detail.split(":")[0] for n in d.notes if n.code == "body.container"] == ["the answer is a PDF document"]
    assert container_kind(None, b"A %PDF-1.7 file is no PDF where it only names one") is None


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/vnd.ms-excel", b"P1\t12\t34\t56\tleft\n"), ("application/csv", b"P1 12 34 56 left\n"),
    ("application/sql", b"P3 100 200 300 rows\n"), ("application/x-msgpack", b"\xff\x0a" + bytes(20)),
    ("application/x-protobuf", b"\x0a\x04\x01\x02\x03\x04\x12\x05hello" + bytes(200)),
    ("application/octet-stream", b"\x0a\x04\x01\x02\x03\x04\x12\x05hello" + bytes(200)),
])
def test_data_that_begins_like_a_weak_picture_signature_stays_data(content_type: str, body: bytes) -> None:
    """A CSV download, an SQL dump, a MessagePack or protocol-buffer answer: trusted over any type but a
    text's, their first bytes were blocked as unreadable pictures (found in review)."""
    assert sniff_kind(content_type, body) == "other"


def test_a_host_written_with_the_roots_dot_is_the_same_host() -> None:
    """(A signals review: a page on `h.test` saying `noimageai` did not reach a request for `http://h.test./img/d.jpg`,
    which was allowed without a word.)"""
    assert resource_key("http://h.test./img/d.jpg") == resource_key("http://H.TEST/img/d.jpg")
    assert resource_key("http://h.test./img/d.jpg") == "http://h.test/img/d.jpg"
    assert resource_key("https://h.test.:8443/x") == "https://h.test:8443/x"


@pytest.mark.parametrize(("enc", "query"), [
    ("cp1252", "datei=Grünwald.jpg&w=2"), ("shift_jis", "q=山田"), ("iso-8859-2", "q=Ärger ł"), ("koi8-r", "q=ж"),
    ("gb18030", "q=山田\U0001f600"), ("iso2022_jp", "q=山田")])
def test_a_query_in_a_pages_encoding_is_what_scrapy_requests(enc: str, query: str) -> None:
    """(Scrapy's w3lib, as browsers: the query in the page's encoding; its path and fragment as they are.)"""
    from w3lib.url import safe_url_string

    url = f"https://ex.example/Grün/bild.php?{query}#top"
    assert resource_key(query_in_encoding(url, enc) or url) == resource_key(safe_url_string(url, encoding=enc))


def test_a_character_the_pages_encoding_cannot_hold_is_a_character_reference_as_browsers_send_it() -> None:
    sent = query_in_encoding("https://ex.example/p?q=\U0001f600é", "cp1252")
    assert sent == "https://ex.example/p?q=%26%23128512%3B%E9"


@pytest.mark.parametrize(("url", "enc"), [
    ("https://ex.example/p?q=Grün", "utf-8"), ("https://ex.example/p?q=Grün", "utf-16-le"),
    ("https://ex.example/Grün.jpg", "cp1252"), ("https://ex.example/p?q=a", "cp1252"),
    ("https://ex.example/p?q=Grün", None), ("https://ex.example/p?q=Grün", "nope")])
def test_a_query_spelt_as_utf8_anyway_has_no_other_spelling(url: str, enc: str | None) -> None:
    assert query_in_encoding(url, enc) is None


# ------------------------------------------------------------------ a zip told by its end
_FACE_ZIP = _zip_holding("face.jpg", b"\xff\xd8\xff\xe0 a portrait's bytes \xff\xd9")
_NO_ZIP_END = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, 46, 0, 0)  # (its central directory is nowhere)


def _picture(fmt: str, holding: bytes = b"") -> bytes:
    """A small picture in `fmt` whose metadata (a comment, a text chunk, EXIF) hold `holding`."""
    out, image = io.BytesIO(), Image.new("RGB", (32, 32), (200, 150, 120))
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("note", holding.decode("latin-1"))
        image.save(out, fmt, pnginfo=info)
    else:
        image.save(out, fmt, **({"exif": holding} if fmt == "WEBP" else {"comment": holding}))
    return out.getvalue()


def _appended_with_zipfile(prefix: bytes) -> bytes:
    """A zip zipfile appends to a file that is not one (its offsets counted from the file's start)."""
    out = io.BytesIO(prefix)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("face.jpg", b"\xff\xd8\xff a portrait")
    return out.getvalue()


@pytest.mark.parametrize("body", [
    b"MZ" + bytes(70_000) + _FACE_ZIP,  # a self-extracting program (offsets from the zip's own start)
    _appended_with_zipfile(b"MZ" + bytes(5000)),  # (offsets from the file's start)
    _picture("JPEG") + _FACE_ZIP,  # a polyglot: unzip reads it as an archive
    b"#!/bin/sh\nexit 0\n" + _FACE_ZIP[:-2] + struct.pack("<H", 9) + b"a comment",
], ids=["self-extracting", "appended-by-zipfile", "jpeg-polyglot", "with-a-comment"])
def test_a_zip_after_other_bytes_is_told_by_its_end_as_unzip_tells_it(body: bytes) -> None:
    """Told by its first bytes alone, a zip after a self-extracting program's bytes (or a picture's) passed as
    allowed with no finding and no note, though unzip reads it as the archive it is."""
    assert ends_as_zip(body)
    assert container_kind("application/octet-stream", body) == "a zip archive"


def _as_zip64(archive: bytes) -> bytes:
    """`archive` with a Zip64 end (record and locator), its classic end record's counts all 0xFFFF."""
    cd_start, end = archive.index(b"PK\x01\x02"), archive.rindex(b"PK\x05\x06")
    cd_size = end - cd_start
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 1, 1, cd_size, cd_start)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1)
    classic_end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", *[0xFFFF] * 4, *[0xFFFFFFFF] * 2, 0)
    return archive[:end] + record + locator + classic_end


def test_a_zip_with_a_zip64_end_is_told_by_its_end() -> None:
    archive = _as_zip64(_FACE_ZIP)
    assert zipfile.ZipFile(io.BytesIO(archive)).namelist() == ["face.jpg"]  # (one, as unzip reads it)
    assert ends_as_zip(b"MZ" + bytes(100) + archive)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_a_picture_holding_a_zips_end_signature_is_no_archive(fmt: str) -> None:
    """Four bytes in a picture's metadata, or an end record after it with no central directory where it says, make
    no zip: a picture is judged as a picture."""
    body = _picture(fmt, _NO_ZIP_END)
    assert _NO_ZIP_END in body and not ends_as_zip(body) and not ends_as_zip(body + _NO_ZIP_END)
    assert container_kind(None, body) is None


@pytest.mark.parametrize("body", [
    _FACE_ZIP[:-1],  # the end record cut short
    _FACE_ZIP[:-2] + struct.pack("<H", 200) + b"too short a comment",  # its comment runs past the end
    b"MZ" + _FACE_ZIP[_FACE_ZIP.index(b"PK\x01\x02"):],  # its central directory's offset past where it sits
    _as_zip64(_FACE_ZIP).replace(b"PK\x06\x07", b"PK\x00\x00"),  # its counts in a Zip64 record no locator finds
    b"PK\x05\x06" * 20_000,  # (only the records in the last 65,557 bytes are read)
    b"",
], ids=["cut-short", "comment-past-the-end", "directory-offset-past-it", "zip64-without-locator", "signatures-only",
        "empty"])
def test_an_end_record_that_does_not_fit_the_body_is_no_zip(body: bytes) -> None:
    assert not ends_as_zip(body)


def test_only_the_tail_a_zips_end_can_be_in_is_searched() -> None:
    """Bounded work: a zip's end is in its last 65,557 bytes (a 22-byte record, a comment of at most 65,535)."""
    assert not ends_as_zip(_FACE_ZIP + bytes(65_536))
    started = time.perf_counter()
    assert not ends_as_zip(bytes(50_000_000) + b"PK\x05\x06" * 16_000)
    assert time.perf_counter() - started < 1.0
