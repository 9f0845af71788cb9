"""Property-based: malformed HTML and random bytes never make the page analysis or the
redaction raise, and what comes out is well-formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapeguard.detect import analyse_page, redact_html

TAGS = ["img", "amp-img", "picture", "source", "meta", "script", "div", "figure", "figcaption", "a", "base",
        "link", "html", "body", "head", "style", "noscript", "svg", "image", "title", "g", "table", "p"]
ATTRS = ["src", "srcset", "data-src", "data-srcset", "alt", "class", "id", "style", "content", "property", "name",
         "type", "href", "rel", "itemtype", "itemprop", "width", "height", "hreflang", "lang", "title", "xlink:href",
         "aria-label"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["/a.jpg", "//x.org/b.png 2x, c.jpg 300w", "url(/z.gif)", "application/ld+json", "og:image",
                     "avatar", "logo", "1", "0", "https://schema.org/Person", "author", "javascript:x", "data:,",
                     "http://[::1", "https://ex.com/%zz", "{\"image\": \"/x.jpg\"}"]),
)


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attrs = draw(st.lists(st.tuples(st.sampled_from(ATTRS), VALUES), max_size=4))
            quote = draw(st.sampled_from(['"', "'", ""]))
            parts.append(f"<{tag} " + " ".join(f"{k}={quote}{v}{quote}" for k, v in attrs) + ">")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.text(max_size=60)))
        elif kind == 3:
            parts.append(draw(st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#x0;", "&bogus;", "<", ">",
                                               '{"@graph": [', "]}", "\x00", "\ud7ff", "\ufeff"])))
        else:
            parts.append(f"<{tag}" + draw(st.text(max_size=20)))
    return "".join(parts)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(page: object) -> None:
    assert page.error is None or isinstance(page.error, str)  # type: ignore[attr-defined]
    for ref in page.images:  # type: ignore[attr-defined]
        assert 0.0 <= ref.score <= 1.0
        assert ref.kind in ("img", "picture", "og", "jsonld", "css")
        assert isinstance(ref.src, str) and isinstance(ref.url, str)
    assert page.label in ("person-centric", "mixed", "no-people")  # type: ignore[attr-defined]


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    check(analyse_page(data, "https://example.org/"))
    assert isinstance(redact_html(data, {"https://example.org/a.jpg"}, "https://example.org/"), bytes)


@SETTINGS
@given(markup(), st.sampled_from(["https://example.org/x/", "", "not a url", "http://[::1]/", "https://www.instagram.com/u/"]))
def test_malformed_html(html: str, base: str) -> None:
    check(analyse_page(html, base))
    check(analyse_page(html.encode("utf-8", "surrogatepass"), base))
    urls = {r.url for r in analyse_page(html, base).images}
    out = redact_html(html.encode("utf-8", "surrogatepass"), urls or {"https://example.org/a.jpg"}, base)
    assert isinstance(out, bytes)
    if urls and base.startswith("https://example.org"):
        assert not urls & {r.url for r in analyse_page(out, base).images if r.kind in ("img", "og", "picture")}
