"""redact_html: the page handed to the crawler without the references to personal images."""

from __future__ import annotations

import codecs
import json

import pytest

from scrapeguard.detect import find_images, redact_html
from scrapeguard.detect import page_redact as redact_mod

BASE = "https://x.org/a/b.html"
ANNA = "https://x.org/p/anna.jpg"


def page() -> bytes:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle",
          "image": [ANNA, "https://x.org/p/chart.png"],
          "author": {"@type": "Person", "name": "Anna", "image": {"@type": "ImageObject", "url": ANNA}}}
    return f"""<!doctype html><html><head><meta charset="utf-8">
<meta property="og:image" content="/p/anna.jpg"><meta name="twitter:image" content="/p/chart.png">
<script type="application/ld+json">{json.dumps(ld)}</script></head><body><p>Grüße</p>
<img src="/p/anna.jpg" alt="Anna"><img src="/p/chart.png" alt="chart">
<img src="/p/other.jpg" srcset="/p/anna.jpg 2x"><img data-src="/p/anna.jpg" src="data:,">
<picture><source srcset="/p/anna.webp"><img src="/p/fallback.jpg"></picture>
<picture><source srcset="/p/x.webp"><img src="/p/anna.jpg"></picture>
<div style="background:url('/p/anna.jpg') no-repeat; color:red">text stays</div></body></html>""".encode()


def test_removes_every_reference_and_keeps_the_rest() -> None:
    out = redact_html(page(), {ANNA, "https://x.org/p/anna.webp"}, BASE)
    left = {r.url for r in find_images(out, BASE)}
    assert left == {"https://x.org/p/chart.png", "https://x.org/p/fallback.jpg"}
    text = out.decode()
    assert "Grüße" in text and "text stays" in text and "color:red" in text
    assert "anna" not in text.lower().replace('"name": "anna"', "")  # only the author's name remains


def test_an_svg_image_is_removed_like_an_img() -> None:
    body = (b'<svg aria-label="Anna Berg" role="img"><g><image xlink:href="/p/anna.jpg" width="40"/></g></svg>'
            b'<svg aria-label="Acme"><image href="/p/logo.png"/></svg>')
    out = redact_html(body, {ANNA}, BASE)
    assert b"anna.jpg" not in out and b"logo.png" in out and b"Anna Berg" in out
    assert [r.url for r in find_images(out, BASE)] == ["https://x.org/p/logo.png"]
    lazy = b'<svg aria-label="Anna Berg"><image data-src="/p/anna.jpg" href="data:,"/></svg>'  # read as find_images reads it
    assert b"anna.jpg" not in redact_html(lazy, {ANNA}, BASE)


def test_jsonld_stays_valid_json_without_the_url() -> None:
    out = redact_html(page(), {ANNA}, BASE).decode()
    start = out.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(out[start: out.index("</script>", start)])
    assert data["image"] == ["https://x.org/p/chart.png"]
    assert "image" not in data["author"]


def test_nothing_to_remove_returns_the_page_unchanged() -> None:
    body = page()
    assert redact_html(body, set(), BASE) is body


def test_declared_charset_is_kept() -> None:
    body = '<meta charset="windows-1252"><p>Café</p><img src="/p/anna.jpg">'.encode("cp1252")
    out = redact_html(body, {ANNA}, BASE)
    assert "Café".encode("cp1252") in out and b"anna" not in out


def test_base_href_is_used_to_match() -> None:
    body = b'<base href="https://cdn.x.org/img/"><img src="anna.jpg"><img src="bob.jpg">'
    out = redact_html(body, {"https://cdn.x.org/img/anna.jpg"}, BASE)
    assert b"anna.jpg" not in out and b"bob.jpg" in out


def test_the_base_is_the_one_the_analysis_takes() -> None:
    # a <base xlink:href> (foreign markup) or a <base> without href is skipped by both
    body = (b'<math><base xlink:href="https://other.example/"><base style="x"><base href="https://cdn.x.org/img/">'
            b'</math><img src="anna.jpg"><svg><image href="anna.jpg"/></svg>')
    urls = {r.url for r in find_images(body, BASE)}
    assert urls == {"https://cdn.x.org/img/anna.jpg"}
    assert b"anna.jpg" not in redact_html(body, urls, BASE)


@pytest.mark.parametrize("body", [b"", b"\x00\xff\xfe garbage", b"<img src=", b"<div>" * 20_000])
def test_never_raises(body: bytes) -> None:
    assert isinstance(redact_html(body, {ANNA}, BASE), bytes)


def test_failure_falls_back_to_stripping_every_image(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object) -> bytes:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(redact_mod, "_redact", broken)
    out = redact_html(page(), {ANNA}, BASE)
    assert find_images(out, BASE) == []  # safe: nothing personal slips through
    assert "Grüße".encode() in out


def test_a_page_known_by_its_byte_order_mark_is_written_back_with_it() -> None:
    """A UTF-16 page with no charset but its BOM: written as UTF-8 it was read as UTF-16 again
    by a client that kept the response's encoding (Scrapy's replace()), and came out garbled."""
    page = '<html><body><p>Unser Team – Geschäftsführung</p><img src="/a.jpg" alt="x"></body></html>'
    out = redact_html(codecs.BOM_UTF16_LE + page.encode("utf-16-le"), {"https://a.example/a.jpg"}, "https://a.example/")
    assert out.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = out.decode("utf-16")
    assert "Geschäftsführung" in text and "a.jpg" not in text


def test_the_link_to_a_removed_pictures_full_size_file_goes_with_it() -> None:
    body = (b'<a href="/p/anna-full.jpg" class="lightbox"><img src="/p/anna.jpg" alt="Anna Berg"></a>'
            b'<a href="/p/big.png"><picture><source srcset="/p/anna.webp"><img src="/p/anna.jpg"></picture></a>'
            b'<a href="/team/anna/"><img src="/p/anna.jpg"></a>'
            b'<a href="/p/chart-full.png"><img src="/p/chart.png"></a>')
    out = redact_html(body, {ANNA}, BASE).decode()
    assert "anna-full.jpg" not in out and "big.png" not in out and "anna.jpg" not in out
    assert 'href="/team/anna/"' in out  # the article's link stays, only the picture goes
    assert 'href="/p/chart-full.png"' in out and "chart.png" in out


def test_lazy_backgrounds_posters_and_style_sheet_rules_lose_a_removed_picture() -> None:
    body = ("<html><head><style media=\"screen\">.hero{background:url('/p/anna.jpg') center}"
            ".logo{background:url(/p/logo.png)}</style></head><body>"
            '<div class="slide" data-bg="/p/anna.jpg" data-caption="Anna">slide</div>'
            '<span data-background-image="url(/p/anna.jpg)"></span><div data-bg="/p/beach.jpg"></div>'
            '<video poster="/p/anna.jpg" controls><source src="/p/talk.mp4"></video></body></html>').encode()
    out = redact_html(body, {ANNA}, BASE)
    assert b"anna.jpg" not in out
    assert {r.url for r in find_images(out, BASE)} == {"https://x.org/p/logo.png", "https://x.org/p/beach.jpg"}
    text = out.decode()
    assert 'media="screen"' in text and "slide" in text and 'data-caption="Anna"' in text and "talk.mp4" in text


def test_the_fallback_strips_lazy_backgrounds_and_posters_too(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(redact_mod, "_redact", broken)
    body = b'<div data-bg="/p/anna.jpg">a</div><video poster=/p/anna.jpg></video><span data-img-url=\'/p/x.jpg\'>'
    out = redact_html(body, {ANNA}, BASE)
    assert b"anna.jpg" not in out and b"x.jpg" not in out and b">a</div>" in out
