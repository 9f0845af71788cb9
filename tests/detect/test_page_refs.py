"""Where markup names a picture (`detect.page_refs`): every attribute a browser or a page's
scripts load a picture from is read, and values that name none are not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scrapeguard.detect.page_refs import (
    MAX_SRCSET_CANDIDATES,
    _parse_srcset_general,
    background_srcs,
    element_srcs,
    embedded_image,
    enlargement_attrs,
    json_urls,
    names_image_file,
    parse_srcset,
    refresh_target,
)


class TestSrcset:
    def test_parse_srcset_descriptors_and_trailing_commas(self) -> None:
        assert parse_srcset("a.jpg 1x, b.jpg 2x") == ["a.jpg", "b.jpg"]
        assert parse_srcset("a.jpg,, b.jpg") == ["a.jpg", "b.jpg"]
        assert parse_srcset("  ") == []
        assert parse_srcset("x.jpg 100w (something, odd), y.jpg") == ["x.jpg", "y.jpg"]

    def test_a_srcset_is_split_at_html_white_space_only(self) -> None:
        """HTML splits a srcset at ASCII white space (space, tab, line feed, form feed, carriage
        return); a no-break space (U+00A0, U+202F in macOS screenshot names) or a vertical tab
        is part of a URL. str.split() cut `Jane\u00a0Doe.jpg` in two: the picture a browser
        loads was never judged, its halves were."""
        assert parse_srcset("/u/Jane\u00a0Doe.jpg 1x, /u/Shot\u202fAM.png 2x,/u/a\x0bb.jpg\x0c3x") == [
            "/u/Jane\u00a0Doe.jpg", "/u/Shot\u202fAM.png", "/u/a\x0bb.jpg"]

    def test_a_huge_srcset_is_read_no_further_than_a_page_can_hold(self) -> None:
        import time

        value = "a.jpg " + "1x " * 3_000_000
        start = time.perf_counter()
        assert parse_srcset(value) == ["a.jpg"]
        assert parse_srcset("b.jpg 1x, " * 100_000) == ["b.jpg"] * MAX_SRCSET_CANDIDATES
        assert time.perf_counter() - start < 2.0


class TestElementSources:
    def test_src_srcset_and_lazy_loaders_attributes(self) -> None:
        assert element_srcs({"src": "/a.jpg", "srcset": "/a-2x.jpg 2x", "data-lazy-src": "/b.jpg", "alt": "/c.jpg"}) == [
            "/a.jpg", "/a-2x.jpg", "/b.jpg"]

    def test_values_that_name_no_picture_are_none(self) -> None:
        assert element_srcs({"data-image-focal-point": "0.5,0.5", "data-image-dimensions": "800x600",
                             "data-image-size": "[800, 600]", "data-post-url": "/2024/story/"}) == []

    def test_words_that_count_only_for_an_image_file(self) -> None:
        assert element_srcs({"data-url": "/api/hovercard"}) == []
        assert element_srcs({"data-url": "/img/portrait.jpg"}) == ["/img/portrait.jpg"]

    def test_interchange_lists_json_renditions_and_retina_pairs(self) -> None:
        assert element_srcs({"data-interchange": "[/a-small.jpg, (small)], [/a-large.jpg, (large)]"}) == [
            "/a-small.jpg", "/a-large.jpg"]
        feed = '{"d":"https:\\/\\/cdn.example\\/p_n.jpg","320":"https:\\/\\/cdn.example\\/p_s.jpg"}'
        assert element_srcs({"data-img-src-set": feed}) == ["https://cdn.example/p_n.jpg", "https://cdn.example/p_s.jpg"]
        assert element_srcs({"data-src": "/a.jpg|/a@2x.jpg"}) == ["/a.jpg", "/a@2x.jpg"]
        assert element_srcs({"data-src": "/map.png?markers=color:red|label:A"}) == ["/map.png?markers=color:red|label:A"]


class TestBackgrounds:
    def test_css_urls_bare_urls_and_bgsets(self) -> None:
        assert background_srcs({"data-bg": "url('/hero.jpg')"}) == [("data-bg", "/hero.jpg")]
        assert background_srcs({"data-bgset": "/s.jpg [(max-width: 600px)] | /l.jpg 1200w"}) == [
            ("data-bgset", "/s.jpg"), ("data-bgset", "/l.jpg")]

    def test_colours_words_videos_and_pages_are_none(self) -> None:
        assert background_srcs({"data-bg": "dark", "data-background": "video/hero.mp4", "data-src": "#modal"}) == []


def test_json_urls_are_image_files_each_once() -> None:
    assert json_urls('{"a":"\\/p\\/x.jpg","b":"\\/p\\/x.jpg","c":"\\/api\\/x"}') == ["/p/x.jpg"]


def test_names_image_file_by_its_extension() -> None:
    assert names_image_file("/p/a.JPG?w=300") and not names_image_file("/p/a.html") and not names_image_file(None)


def test_refresh_target() -> None:
    assert refresh_target("0; url='/bild.jpg'") == "/bild.jpg"
    assert refresh_target("5") is None


SRCSET_TEXT = st.text(alphabet=" ,\t\n\u00a0\u2003abx1w./:_", max_size=80)


@settings(max_examples=400, deadline=None)
@given(SRCSET_TEXT)
def test_srcset_fast_path_equals_the_general_parser(value: str) -> None:
    """Without parentheses the token-based srcset parser finds exactly the candidates of the
    general (descriptor-with-parentheses) one."""
    assert parse_srcset(value) == _parse_srcset_general(value)


def test_a_links_data_image_uri_is_the_enlargement_it_opens() -> None:
    """(Review: a full-size portrait embedded in a lightbox's link named no image file, and stayed beside its
    removed thumbnail.) Other data in a link is no picture's."""
    attrs: dict[str, str | None] = {"href": " data:image/jpeg;base64,/9j/4AAQ", "title": "Jane",
                                    "data-note": "data:text/plain,hi"}
    assert enlargement_attrs(attrs) == [("href", "data:image/jpeg;base64,/9j/4AAQ")]


def test_a_frame_of_an_embedded_picture_is_an_image() -> None:
    """(review) A frame showing `data:image/jpeg;base64,…` was taken as a page: its title said nothing of it."""
    shown = embedded_image("iframe", {"src": "DATA:image/jpeg;base64,/9j/4AAQ", "title": "Portrait of Jane Doe"})
    assert shown == {"title": "Portrait of Jane Doe", "src": "DATA:image/jpeg;base64,/9j/4AAQ"}
    assert embedded_image("iframe", {"src": "data:text/html,<p>hi</p>"}) == {}


def test_a_lazy_picture_whose_file_name_holds_a_space_is_read() -> None:
    """A loader copies `data-src` to `src` as it is, and the browser requests `jane%20doe.jpg`: a portrait so named
    was left unread (so unjudged and unredacted). A sentence or a size naming no image file stays none."""
    assert element_srcs({"data-src": " /p/jane doe.jpg ", "src": "/blank.gif"}) == ["/p/jane doe.jpg", "/blank.gif"]
    assert element_srcs({"original": "/p/jane doe.jpg"}) == ["/p/jane doe.jpg"]
    assert background_srcs({"data-bg": "/p/jane doe.jpg"}) == [("data-bg", "/p/jane doe.jpg")]
    assert element_srcs({"data-lazy": "a.jpg 2x", "data-image": "our team at the fair", "data-src": "300 x 200"}) == []


def test_a_lazy_attributes_text_ending_in_a_file_name_is_no_picture() -> None:
    """Jetpack's `data-image-title`, `data-image-description` hold the attachment's title and text: "Buffet beim
    Sommerfest.jpg" is no path, so no picture (read as one, it was judged, and redaction dropped the real one)."""
    assert element_srcs({"data-image-title": "Buffet beim Sommerfest.jpg", "data-image-description": "Our team.jpg",
                         "data-full-caption": "Sunset over the lake.png"}) == []
    assert background_srcs({"data-bg": "Jane Doe at the fair.jpg"}) == []
    assert element_srcs({"data-src": "https://x.org/p/jane doe.jpg"}) == ["https://x.org/p/jane doe.jpg"]
