"""Picture references in CSS text: url() and image-set() (`detect.css_refs`).

How pages' inline styles and <style> blocks are read is specified through the analysis
(tests/detect/test_page.py: backgrounds, posters, style sheets, image-set); here, the
reader itself."""

from __future__ import annotations

import pytest

from scrapeguard.detect.css_refs import MAX_STYLESHEET_CHARS, css_url, css_urls, stylesheet_srcs


def test_nested_or_unclosed_image_sets_cost_linear_time() -> None:
    import time

    started = time.perf_counter()
    found = [css_url(m) for m in css_urls("image-set(" * 100_000 + '"/x.jpg")' + ")" * 10)]
    assert time.perf_counter() - started < 2.0 and len(found) <= 1
    assert [css_url(m) for m in css_urls('a{b:image-set("data:image/png;base64,AA" 1x, "/y.jpg" 2x)}')] == ["/y.jpg"]


def test_url_values_are_read_in_every_spelling_css_allows() -> None:
    css = ("a{background:url(\"/a.jpg\")} b{background:URL( '/b.png' )} c{background:url( /c.gif )} "
           "d{background:url(data:image/png;base64,AAAA)} e{background:url(\\2f e.jpg)}")
    # quoted or not, in any case, spaces around; data: URIs are no reference; escapes undone
    assert [css_url(m) for m in css_urls(css)] == ["/a.jpg", "/b.png", "/c.gif", "/e.jpg"]


def test_url_and_image_set_references_come_in_the_order_of_the_text() -> None:
    css = '.a{background:url(/1.jpg), image-set("/2.jpg" 1x), url(/3.jpg)}'
    assert [css_url(m) for m in css_urls(css)] == ["/1.jpg", "/2.jpg", "/3.jpg"]


def test_a_style_sheet_names_pictures_not_fonts_or_cursors() -> None:
    css = "@font-face{src:url(/f.woff2)} .x{background:url(/x.jpg?v=1)} .c{cursor:url(/h.cur)}"
    assert stylesheet_srcs(css) == ["/x.jpg?v=1"]


def test_a_style_sheet_is_read_up_to_its_limit() -> None:
    css = ".a{background:url(/a.jpg)}" + " " * MAX_STYLESHEET_CHARS + ".b{background:url(/b.jpg)}"
    assert stylesheet_srcs(css) == ["/a.jpg"]


def test_a_url_or_image_set_the_text_ends_in_is_read_as_css_closes_it() -> None:
    """CSS closes an open function, string or URL at the end of the text and keeps the value:
    `style="background:url(/p/jane.jpg"` loads the picture, which went unread."""
    def read(css: str) -> list[str]:
        return [css_url(m) for m in css_urls(css)]

    assert read("background-image:url(/p/jane.jpg") == ["/p/jane.jpg"]
    assert read('background-image:url( "/p/jane.jpg') == ["/p/jane.jpg"]
    assert read(".a{b:url(/a.jpg)} .hero{background:url(/p/jane.jpg  ") == ["/a.jpg", "/p/jane.jpg"]
    assert read('background:image-set("/p/a.jpg" 1x, "/p/b.jpg') == ["/p/a.jpg", "/p/b.jpg"]
    assert read("url(data:image/png;base64,AAAA") == [] and read("url(/p/a b") == [] and read("a url(") == []
    assert stylesheet_srcs(".hero{background:url(/p/jane.jpg") == ["/p/jane.jpg"]
    assert [css_url(m) for m in css_urls("x:url(/p/jane.jpg", 5)] == []  # (cut by a limit: not the end)


def test_an_unclosed_url_at_the_end_costs_linear_time() -> None:
    import time

    started = time.perf_counter()
    assert [css_url(m) for m in css_urls("url(" * 200_000)] == []
    assert len([css_url(m) for m in css_urls("url(/a.jpg)" + "url( " + "x" * 2_000_000)]) == 2
    assert time.perf_counter() - started < 2.0


def test_an_image_set_is_read_past_a_long_placeholder() -> None:
    """A data: placeholder of 5000 characters before the picture's own URL (read up to 4000
    characters, the image-set was left there and its portrait unread)."""
    css = f'background-image:image-set("data:image/png;base64,{"A" * 5000}" 1x, "/p/jane.jpg" 2x)'
    assert [css_url(m) for m in css_urls(css)] == ["/p/jane.jpg"]
    long_url = "/p/" + "a" * 5000 + ".jpg"
    assert [css_url(m) for m in css_urls(f'x{{b:image-set("{long_url}" 1x)}}')] == [long_url]
    assert [css_url(m) for m in css_urls('x{b:image-set("/p/bad.jpg\n 1x, "/p/good.jpg" 2x)}')] == ["/p/good.jpg"]


def test_unclosed_strings_in_image_sets_cost_linear_time() -> None:
    import time

    started = time.perf_counter()
    assert len([css_url(m) for m in css_urls('image-set("' * 200_000 + ")")]) <= 100_000
    assert [css_url(m) for m in css_urls(('image-set("' + "x" * 50 + "\n") * 50_000 + ")")] == []
    assert time.perf_counter() - started < 2.0


def test_an_escaped_parenthesis_or_quote_is_part_of_the_url() -> None:
    """A backslash escapes the next character in a URL or a string (CSS Syntax §4.3.6-4.3.7):
    `url(/p/IMG_7\\(1\\).jpg)` names `/p/IMG_7(1).jpg`. The reader ended the URL at the escaped
    `)`, naming `/p/IMG_7\\` (a path on the page's host), and a string at an escaped quote, naming
    nothing: the picture a browser loads went unread."""
    def read(css: str) -> list[str]:
        return [css_url(m) for m in css_urls(css)]

    assert read('a{b:url(/p/IMG_7\\(1\\).jpg)} c{d:url( "/p/say \\"hi\\".jpg" )} '
                "e{f:image-set('/p/it\\'s.jpg' 1x)}") == ["/p/IMG_7(1).jpg", '/p/say "hi".jpg', "/p/it's.jpg"]
    assert read("x:url(/p/a\\ b.jpg") == ["/p/a b.jpg"]  # (one the text ends in)
    assert read('x:image-set("/p/unclosed\\"') == ['/p/unclosed"']


def test_bad_urls_cost_linear_time() -> None:
    """A URL that an escaped ")" or a backslash before a line break leaves unclosed (a bad URL)
    is read once, up to its remnants' end: every `url(` of `url(a url(a … \\)` read to the end of
    the text took 13 s for 60 kB."""
    import time

    started = time.perf_counter()
    for css in ("url(a " * 50_000 + "\\\n)", "url(a " * 50_000 + "\\)", "url(a\\)" * 50_000):
        assert [css_url(m) for m in css_urls(css)] == []
    assert [css_url(m) for m in css_urls("url(a\\\n)" * 50_000 + "url(/p/ok.jpg)")] == ["/p/ok.jpg"]
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("name", ["\\75 rl", "u\\72l", "U\\52 L", "\\000075rl", "ur\\6c ", "\\u\\r\\l", "\\55\\52\\4c"])
def test_a_url_function_named_with_an_escape_is_a_url_all_the_same(name: str) -> None:
    """CSS reads a function's name with its escapes undone (CSS Syntax §4.3.4): `\\75 rl(` is
    `url(`, and a browser loads the picture it names. Only a literal `url(` was looked for, so
    the analysis never saw such a portrait and redaction left it in."""
    def read(css: str) -> list[str]:
        return [css_url(m) for m in css_urls(css)]

    assert read(f"background:{name}(/p/jane.jpg)") == ["/p/jane.jpg"]
    assert read(f'a{{b:{name}("/p/jane.jpg")}} c{{d:url(/p/logo.png)}}') == ["/p/jane.jpg", "/p/logo.png"]
    assert read(f"background:{name}(/p/jane.jpg") == ["/p/jane.jpg"]  # (one the text ends in)


def test_names_that_only_look_like_an_escaped_url_are_none() -> None:
    """`\\75a rl(` is U+075A then `rl(`; `\\75  rl(` is `u`, a space, then `rl(` (one white space
    ends a hex escape, the second ends the name)."""
    assert [css_url(m) for m in css_urls("a:\\75a rl(/p/x.jpg) b:\\75  rl(/p/y.jpg) c:\\75 rx(/p/z.jpg)")] == []


def test_a_sheet_full_of_backslashes_is_read_in_linear_time() -> None:
    """Icon fonts' `content: "\\f101"` put thousands of backslashes in a sheet: each is looked at once."""
    import time

    started = time.perf_counter()
    css = 'i:before{content:"\\f101"} ' * 40_000 + "url(/p/a.jpg) " * 20_000 + "\\75 rl(/p/b.jpg)"
    assert len([css_url(m) for m in css_urls(css)]) == 20_001
    assert [css_url(m) for m in css_urls("\\75 rl(" * 100_000)] == []
    assert time.perf_counter() - started < 2.0


def test_url_functions_named_with_escapes_cost_what_plain_ones_do() -> None:
    """Each escaped `\\75 rl(` found sent the search for the next plain `url(` to the end of the
    text again: 50,000 of them took 25 times what 50,000 plain `url(a)` take."""
    import time

    def cost(css: str) -> float:
        started = time.perf_counter()
        assert len([css_url(m) for m in css_urls(css)]) == 50_000
        return time.perf_counter() - started

    plain = cost("url(a) " * 50_000)
    assert cost("\\75 rl(a) " * 50_000) < 5 * plain + 1.0
    assert cost("\\75 rl(a) " * 49_999 + "url(a)") < 5 * plain + 1.0


def test_an_image_set_named_with_escapes_is_read_as_browsers_read_it() -> None:
    """(review) `\\69 mage-set(` is an image-set() to CSS, as `\\75 rl(` is a url(): it was read only as written."""
    for css in ('background:\\69 mage-set("/p/jane.jpg" 1x)', 'background:i\\6d age-set("/p/jane.jpg" 1x)',
                'background:\\69 mage-set("/p/jane.jpg" 1x', 'a:\\69 mage-set("/p/jane.jpg") url(/p/b.png)'):
        assert [css_url(m) for m in css_urls(css)][:1] == ["/p/jane.jpg"], css
    assert [css_url(m) for m in css_urls('background:\\69 mag-set("/p/jane.jpg" 1x)')] == []  # (no such function)
