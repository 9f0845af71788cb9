"""Resolving a page's image references as a browser does (`detect.page_urls`): the URL the
crawler will request is the one judged and the one redaction removes."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scrapeguard.detect.page_urls import (
    MAX_URL_CHARS,
    _decoded_host,
    _hostless,
    _special_slashes,
    absolute_url,
    document_base,
)

PAGE = "https://news.example.de/politik/artikel.html"


class TestAbsoluteUrl:
    def test_references_that_name_no_image_url_are_none(self) -> None:
        for src in ("", "   ", "data:image/gif;base64,R0lGOD", "JavaScript:void(0)", "about:blank", "blob:https://x/1",
                    "#top", "mailto:a@b.c", "da\tta:image/png;base64,AA".replace("\\t", "\t"), "//", "https://"):
            assert absolute_url(PAGE, src) is None, src

    def test_an_over_long_reference_is_not_read(self) -> None:
        assert absolute_url(PAGE, "/" + "x" * MAX_URL_CHARS + ".jpg") is None
        assert absolute_url(PAGE, "/" + "x" * (MAX_URL_CHARS - 10) + ".jpg") is not None

    def test_slashes_and_backslashes_are_read_as_a_browser_reads_them(self) -> None:
        assert absolute_url(PAGE, "\\\\cdn.example\\a.jpg") == "https://cdn.example/a.jpg"
        assert absolute_url(PAGE, "///cdn.example/a.jpg") == "https://cdn.example/a.jpg"
        assert absolute_url(PAGE, "http:cdn.example/a.jpg") == "http://cdn.example/a.jpg"
        assert absolute_url(PAGE, " /bild.jpg\n") == "https://news.example.de/bild.jpg"

    def test_a_hosts_escapes_are_decoded(self) -> None:
        assert absolute_url(PAGE, "https://%63dn.example/a.jpg") == "https://cdn.example/a.jpg"
        assert absolute_url(PAGE, "https://cdn%2Fexample/a.jpg") is None


class TestDocumentBase:
    def base_of(self, html: str) -> str | None:
        node = LexborHTMLParser(html).css_first("base")
        assert node is not None
        return document_base(PAGE, node)

    def test_the_href_of_an_html_base_element(self) -> None:
        assert self.base_of('<base href="https://cdn.example/p/">') == "https://cdn.example/p/"
        assert self.base_of('<base href="../bilder/">') == "https://news.example.de/bilder/"

    def test_a_base_without_href_gives_none_and_an_unusable_one_the_pages_own_url(self) -> None:
        assert self.base_of('<base target="_blank">') is None
        assert self.base_of('<base href="javascript:alert(1)">') == PAGE

    def test_a_foreign_base_element_gives_none(self) -> None:
        assert self.base_of('<svg><base href="https://evil.example/"></base></svg>') is None


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["https://a.com", "https://a.com/x/y.html?q=1#f", "http://u:p@b.org:8080/p/",
                        "https://c.com?x=1", "http://[::1]:8080/x"]),
       st.sampled_from(["/", "//", ""]),
       st.text(alphabet="/ab.?#:%@x;=&[] é\\／？＃＠℀", max_size=12))  # NFKC-confusable: urljoin refuses those hosts
def test_resolving_a_reference_agrees_with_urljoin(base: str, lead: str, rest: str) -> None:
    """The shortcuts for protocol- and root-relative references give urljoin's URL (absolute
    http(s) references are kept as written) once the reference is read as a browser reads
    its slashes (`_special_slashes`) and the escapes of its host (`_decoded_host`); one naming
    no host is none."""
    src = lead + rest
    read = _special_slashes(base, src.strip())
    try:
        expected: str | None = None if _hostless(base, read) else urljoin(base, read)
    except ValueError:
        expected = None
    if expected is not None and expected.startswith(("https://", "http://")):
        expected = _decoded_host(expected)
    got = absolute_url(base, src)
    if src.strip() and not src.strip().startswith("#"):
        assert got == expected


@pytest.mark.parametrize("href", ["http://[::1", "https://[zz]/", "http://example.org:99999/"])
def test_a_base_no_url_parser_reads_leaves_the_pages_own_url(href: str) -> None:
    """(API review) Against `<base href="http://[::1">` every reference resolved to none: the page's portrait
    was not found, and the page handed over unredacted. A browser falls back to the page's URL."""
    from scrapeguard.detect import find_images

    page = f'<base href="{href}"><figure><img src="team/jane.jpg" alt="Jane Doe, our CEO"></figure>'
    [ref] = find_images(page, "https://example.org/team.html")
    assert ref.url == "https://example.org/team/jane.jpg" and ref.personal
