"""find_inline_images / blank_inline: pictures a page carries inside its own bytes."""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapeguard.detect.inline import (MAX_IMAGES, blank_inline, data_uri_digest, find_inline_images, inline_name,
                                      may_hold_inline)

PORTRAIT = (Path(__file__).resolve().parents[1] / "data" / "images" / "faces" / "grace_hopper.jpg").read_bytes()
B64 = base64.b64encode(PORTRAIT)


def test_an_img_a_css_url_and_an_svg_image_are_found_with_their_bytes() -> None:
    page = (b'<img alt="x" src="data:image/jpeg;base64,' + B64 + b'">'
            b"<div style=\"background:url('data:image/jpeg;charset=utf-8;base64," + B64 + b"')\"></div>"
            b'<svg><image href="data:image/JPEG;base64,' + B64 + b'"/></svg>')
    found = find_inline_images(page)
    assert [f.data for f in found] == [PORTRAIT] * 3
    assert {f.media_type for f in found} == {"image/jpeg"}
    for f in found:  # each span is exactly the URI
        assert page[f.start:f.end].startswith(b"data:image/") and page[f.end:f.end + 1] in (b'"', b"'")


@pytest.mark.parametrize("uri", [
    "data:image/jpeg;base64," + B64.decode(),
    "  data:image/jpeg;base64," + "\n".join(B64.decode()[i:i + 76] for i in range(0, len(B64), 76)) + " ",
    "DATA:image/jpeg;BASE64," + B64.decode().rstrip("="),
    "data:image/jpeg," + quote(PORTRAIT)])
def test_an_elements_data_uri_has_the_digest_its_picture_is_named_by_in_the_page(uri: str) -> None:
    """What the page says of an element joins its embedded picture by the digest of its bytes
    (`PageAnalysis.embedded`), however the URI is written."""
    [found] = find_inline_images(f'<img src="{uri}">'.encode())
    assert data_uri_digest(uri) == found.digest == hashlib.sha256(PORTRAIT).hexdigest()
    assert found.name.endswith(found.digest)


@pytest.mark.parametrize("uri", ["https://example.org/a.jpg", "data:", "data:image/png;base64", "javascript:alert(1)"])
def test_anything_but_a_data_uri_has_no_digest(uri: str) -> None:
    assert data_uri_digest(uri) is None


@pytest.mark.parametrize("header", [
    b"data:image/jpeg; base64,", b"data: image/jpeg;base64,", b"data:;base64,", b"data:application/octet-stream;base64,",
    b'data:image/jpeg;name="me.jpg";base64,', b"DATA:IMAGE/JPEG;BASE64,",
])
def test_every_spelling_a_browser_shows_a_picture_from_is_found(header: bytes) -> None:
    # WHATWG data: URL processor: spaces are stripped, the type is sniffed from the bytes for an <img>
    [found] = find_inline_images(b'<img src="' + header + B64 + b'">')
    assert found.data == PORTRAIT


@pytest.mark.parametrize("uri", [
    b"data&colon;image/jpeg;base64&comma;" + B64,  # character references for the delimiters
    b"data&#58;image/jpeg;base64,&#x2F;" + B64[1:] if B64.startswith(b"/") else b"data&#58;image/jpeg;base64," + B64,
    b"data:image\\/jpeg;base64," + B64.replace(b"/", b"\\/"),  # a script's JSON (PHP json_encode)
    b"data:image/jpeg," + quote(PORTRAIT).encode(),  # percent-encoded, no base64
])
def test_encoded_spellings_of_the_uri_itself_are_read(uri: bytes) -> None:
    assert [f.data for f in find_inline_images(b'<img src="' + uri + b'">')] == [PORTRAIT]


@pytest.mark.parametrize("scheme", [
    b"&#100;ata:", b"&#x64;ata:", b"&#X44;ATA:", b"d&#97;t&#x61;&colon;", b"&#100;&#97;&#116;&#97;&#58;",
    b"&#0100ata:", b"dat&#97:", b"da\tta:", b"d\na\rt\ta\n:", b"data\n&colon;", b"d&Tab;a&NewLine;ta:",
    b"d&#10;ata:", b"da&#x9;ta:",
])
def test_data_written_with_character_references_or_split_by_tabs_and_line_breaks_is_found(scheme: bytes) -> None:
    """A browser decodes character references in an attribute, then (WHATWG URL parsing) drops
    every tab and line break from the URL: each of these shows the portrait, which was passed
    over as no data: URI at all. The span starts where the scheme does, so blanking empties it."""
    page = b'<p>a</p><img src="' + scheme + b"image/jpeg;base\n64," + B64 + b'"><p>b</p>'
    [found] = find_inline_images(page)
    assert found.data == PORTRAIT and found.media_type == "image/jpeg"
    assert blank_inline(page, [(found.start, found.end)]) == b'<p>a</p><img src="data:,"><p>b</p>'


@pytest.mark.parametrize("uri", [
    b"data\\:image/jpeg;base64,", b"data\\3a image/jpeg;base64,", b"data\\3A\r\nimage/jpeg;base64,",
    b"\\64 ata:image/jpeg;base64,", b"\\000044ATA:image/jpeg;base64,", b"da\\74 a:image/jpeg;base64,",
    b"da\\ta:image/jpeg;base64,", b"data:image/jpeg\\;base64\\,", b"data:image/jpeg;\\62 ase64\\2c ",
    b"DATA\\:image/jpeg;base64,", b"dat\\61\\3a image/jpeg;base64,", b"data\t\\:image/jpeg;base64,",
    b"data&Tab;\\:image/jpeg;base64,",
])
def test_a_data_uri_written_with_css_escapes_in_a_style_sheet_is_found(uri: bytes) -> None:
    """A browser's CSS parser undoes the escapes of a url() (`\\:` is `:`, `\\3a ` too, `\\64 ` is
    `d`) before the URL is read: a style sheet's `url(data\\:image/jpeg;base64,…)` shows the portrait,
    which was passed over as no data: URI at all (the style sheet allowed with no finding)."""
    escaped = B64[:200].replace(b"/", b"\\2f ").replace(b"+", b"\\00002B") + B64[200:]  # (its payload's too)
    for css in (b".a{background:url(" + uri + B64 + b")}", b'.a{background:url("' + uri + escaped + b'")}'):
        [found] = find_inline_images(css)
        assert found.data == PORTRAIT and css[found.start:found.start + 1] in b"dD\\"
        assert may_hold_inline(css)


@pytest.mark.parametrize("escaped", [b".md\\:flex", b".hover\\:bg-blue-500:hover", b".sm\\3a grid", b".lg\\00003A block"])
def test_a_style_sheets_escaped_colons_do_not_set_off_the_search_for_a_disguised_scheme(
        monkeypatch: pytest.MonkeyPatch, escaped: bytes) -> None:
    """Tailwind's style sheets are full of escaped colons (`.md\\:flex`): any `\\:` set off the scan for a
    scheme spelt in references or escapes over the whole body (a 600 kB page with one `.md\\:flex`: ~3 times
    the cost of one without). Only an escaped colon after an `a` (or a dropped tab or line break) may end
    `data`; every disguised spelling is still found (above)."""
    from scrapeguard.detect import inline

    scans: list[int] = []

    class Spy:
        def finditer(self, body: bytes) -> object:
            scans.append(len(body))
            return real.finditer(body)

        def match(self, body: bytes, pos: int) -> object:
            return real.match(body, pos)

    real = inline._SCHEME
    monkeypatch.setattr(inline, "_SCHEME", Spy())
    css = b"@media (min-width:768px){" + escaped + b"{display:flex}}.metadata{color:red}"
    assert not may_hold_inline(css) and find_inline_images(css) == []
    assert scans == []


@pytest.mark.parametrize("comma", [b"&#44", b"&#x2c", b"&#X2C", b"&#044;"])
def test_a_comma_written_as_a_reference_without_its_semicolon_is_read_as_a_browser_reads_it(comma: bytes) -> None:
    """`base64&#44iVBOR…`: a browser decodes a numeric reference that no digit follows, `;` or not;
    only the form with `;` was read, and the portrait passed as no picture."""
    [found] = find_inline_images(b'<img src="data:image/jpeg;base64' + comma + B64 + b'">')
    assert found.data == PORTRAIT


@pytest.mark.parametrize("text", [
    b"&#100;ata", b"d&#97;ta :", b"&#x64ata:", b"da&#116;a&#59;", b"d\x0bata:", b"da ta:",
])
def test_what_a_browser_does_not_read_as_data_colon_is_not_taken_for_it(text: bytes) -> None:
    """(`&#x64ata` is one reference, to U+64A; a space or a vertical tab stays in a URL.)"""
    assert find_inline_images(b'<img src="' + text + b"image/jpeg;base64," + B64 + b'">') == []


FACES = sorted((Path(__file__).resolve().parents[1] / "data" / "images" / "faces").glob("*.jpg"))


@pytest.mark.parametrize("face", FACES, ids=[f.stem for f in FACES])
@pytest.mark.parametrize("wrap", [False, True], ids=["one-line", "mime-lines"])
def test_a_picture_in_a_scripts_json_is_read_whatever_its_escapes(face: Path, wrap: bool) -> None:
    """A page's JSON state as PHP's json_encode writes it (`data:image\\/jpeg;base64,\\/9j\\/…`),
    its base64 in MIME lines (`\\n` every 76 characters) or not: the picture is found with its
    own bytes. Its first characters, undone of their escapes, were decoded padded to no whole
    group: a picture whose head held one `\\/` too many (most JPEGs) was taken for no picture and
    the page kept it, unjudged; a `\\n` was read as an `n` and the bytes came out wrong."""
    import json

    picture = face.read_bytes()
    payload = (base64.encodebytes if wrap else base64.b64encode)(picture).decode()
    state = json.dumps({"name": "Jane Doe", "avatar": "data:image/jpeg;base64," + payload}).replace("/", "\\/")
    page = b"<script>window.__STATE__ = " + state.encode() + b";</script>"
    [found] = find_inline_images(page)
    assert found.data == picture
    assert blank_inline(page, [(found.start, found.end)]).endswith(b'"avatar": "data:,"};</script>')


@pytest.mark.parametrize("face", FACES, ids=[f.stem for f in FACES])
@pytest.mark.parametrize("escape", [False, True], ids=["plain", "php-escaped"])
def test_a_bare_base64_picture_in_a_json_string_is_found(face: Path, escape: bool) -> None:
    """An API's `{"avatar": "/9j/4AAQ…"}`: the picture's base64 alone, no data: prefix, in a JSON
    answer or a page's script state, with PHP's `\\/` and MIME lines or not. It was never looked
    at: the JSON answer passed with the portrait in it. Known by a JPEG's, PNG's, GIF's or
    WebP's first base64 characters right after the string's quote; emptied as a data: URI is."""
    import json

    picture = face.read_bytes()
    state = json.dumps({"name": "Jane Doe", "avatar": base64.encodebytes(picture).decode(), "n": 1})
    body = (state.replace("/", "\\/") if escape else state).encode()
    [found] = find_inline_images(body)
    assert (found.data, found.media_type) == (picture, "image/jpeg")
    assert blank_inline(body, [(found.start, found.end)]) == b'{"name": "Jane Doe", "avatar": "data:,", "n": 1}'


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "GIF87a", "WEBP"])
def test_a_bare_base64_png_gif_or_webp_is_found_by_its_first_characters(fmt: str) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    kind = fmt.removesuffix("87a")
    Image.open(io.BytesIO(PORTRAIT)).save(buffer, kind)
    picture = buffer.getvalue().replace(b"GIF89a", b"GIF87a", 1) if fmt == "GIF87a" else buffer.getvalue()
    body = b'[{"photo":"' + base64.b64encode(picture) + b'"}]'
    assert [(f.data, f.media_type) for f in find_inline_images(body)] == [(picture, f"image/{kind.lower()}")]


@pytest.mark.parametrize("written", ["next.js flight", "inertia data-page", "numeric reference", "url-safe"])
def test_a_bare_base64_picture_behind_an_escaped_quote_or_in_the_url_safe_alphabet_is_found(written: str) -> None:
    """A JSON state inside a script's string (Next.js `self.__next_f.push([1,"{\\"avatar\\":\\"/9j/…\\"}"])`)
    or an attribute (Inertia's `data-page="{&quot;avatar&quot;:&quot;/9j/…&quot;}"`) quotes its strings as
    `\\"` or `&quot;`, and base64url writes `/` as `_` (`_9j_4AAQ…`): none was found after a bare quote,
    so such a portrait passed unlooked at. The string ends with the delimiter it opens with."""
    payload = B64.decode()
    body = {"next.js flight": f'<script>self.__next_f.push([1,"{{\\"avatar\\":\\"{payload}\\"}}"])</script>',
            "inertia data-page": f'<div id="app" data-page="{{&quot;avatar&quot;:&quot;{payload}&quot;}}"></div>',
            "numeric reference": f"<div data-page='{{&#34;avatar&#34;:&#34;{payload}&#34;}}'></div>",
            "url-safe": '{"avatar": "' + base64.urlsafe_b64encode(PORTRAIT).decode() + '"}'}[written].encode()
    [found] = find_inline_images(body)
    assert (found.data, found.media_type) == (PORTRAIT, "image/jpeg")
    assert body[found.start:found.start + 4] in (b"/9j/", b"_9j_") and body[found.end - 2:found.end] == B64[-2:]
    assert B64[:400] not in blank_inline(body, [(found.start, found.end)])
    mismatched = body.replace(b"&quot;}", b'"}').replace(b'\\"}', b'"}').replace(b"&#34;}", b"'}")
    if written != "url-safe":  # opened with one delimiter, closed by another: no string of base64
        assert find_inline_images(mismatched) == []


@pytest.mark.parametrize("levels", [2, 3])
@pytest.mark.parametrize("php", [True, False], ids=["php-escaped", "plain"])
@pytest.mark.parametrize("wrap", [False, True], ids=["one-line", "mime-lines"])
def test_a_bare_base64_picture_in_json_inside_json_is_found(levels: int, php: bool, wrap: bool) -> None:
    """An API's `payload` holding a JSON text, as PHP's json_encode writes it twice: each escape escaped
    again (`\\\\\\/9j\\\\\\/…`, `\\\\n`, the string quoted `\\\\\\"`). A portrait so written passed the
    guard whole (found in review of a Scrapy crawl); a data: URI so written was found."""
    import json

    def encode(value: object) -> str:
        text = json.dumps(value)
        return text.replace("/", "\\/") if php else text

    payload = (base64.encodebytes if wrap else base64.b64encode)(PORTRAIT).decode()
    text = encode({"name": "Jane Doe", "photo": payload})
    for _level in range(levels - 1):
        text = encode({"payload": text})
    [found] = find_inline_images(text.encode())
    assert (found.data, found.media_type) == (PORTRAIT, "image/jpeg")
    assert B64[:400] not in blank_inline(text.encode(), [(found.start, found.end)])


def test_pictures_spelled_differently_in_one_body_are_each_found() -> None:
    """An escaped `\\/9j\\/` first made every later start be looked for in its spelling only: a plain
    `/9j/` or base64url `_9j_` after it, or any after a path like `C:\\\\/9j`, went unread (found in review)."""
    import json

    escaped = json.dumps({"a": B64.decode()}).replace("/", "\\/")
    plain = json.dumps({"b": B64.decode()})
    url_safe = json.dumps({"c": base64.urlsafe_b64encode(PORTRAIT).decode()})
    for first in (escaped, '{"path": "C:\\\\/9j"}'):
        for second in (plain, url_safe):
            body = f"[{first}, {second}]".encode()
            found = find_inline_images(body)
            assert len(found) == (2 if first == escaped else 1) and all(f.data == PORTRAIT for f in found)


def test_php_escapes_escaped_again_by_an_encoder_that_leaves_slashes_alone_are_read() -> None:
    """PHP's `\\/` inside a string Python, JavaScript or Go encoded again: `\\\\/9j\\\\/…`, an even run (found
    in review: no picture was found)."""
    import json

    inner = json.dumps({"photo": base64.encodebytes(PORTRAIT).decode()}).replace("/", "\\/")
    body = json.dumps({"payload": inner}).encode()
    assert [f.data for f in find_inline_images(body)] == [PORTRAIT]


def test_bare_base64_that_is_no_whole_string_or_no_picture_is_left_alone() -> None:
    font = base64.b64encode(b"wOFF" + bytes(range(256)) * 8)
    assert find_inline_images(b'{"font": "' + font + b'"}') == []  # no picture's first characters
    assert find_inline_images(b'{"a": "' + _small_png((23, 23)) + b'"}') == []  # too small to show a face
    assert find_inline_images(b'{"a": "' + B64 + b' and more words"}') == []  # prose, not a base64 string
    # inside a data: URI: the URI's picture, once
    assert [f.data for f in find_inline_images(b'{"a": "data:image/jpeg;base64,' + B64 + b'"}')] == [PORTRAIT]


@pytest.mark.parametrize("face", FACES, ids=[f.stem for f in FACES])
def test_a_srcset_candidates_descriptor_is_not_part_of_its_picture(face: Path) -> None:
    """`srcset="data:…;base64,…Z 1x, data:… 2.5x"`: white space belongs to a base64 payload, so it
    ran on into the descriptor, decoded as a stray byte (the picture named by the wrong digest), and
    emptying it took the descriptor too (`data:,.5x`)."""
    picture = face.read_bytes()
    uri = "data:image/jpeg;base64," + base64.b64encode(picture).decode()
    page = f'<img srcset="{uri} 1x, {uri} 2.5x,{uri}\n640w" src="/x.png">'.encode()
    found = find_inline_images(page)
    assert [f.data for f in found] == [picture] * 3
    assert blank_inline(page, [(f.start, f.end) for f in found]) == b'<img srcset="data:, 1x, data:, 2.5x,data:,\n640w" src="/x.png">'


@pytest.mark.parametrize("face", FACES, ids=[f.stem for f in FACES])
def test_an_unquoted_data_uri_ends_before_the_next_attribute(face: Path) -> None:
    """A minifier leaves `src=data:image/jpeg;base64,…Z alt=Jane` unquoted: white space belongs to
    a base64 payload, so it ran on into ` alt=Jane class=card`, decoded into stray bytes (the picture
    named by the wrong digest), and emptying it took the element's alt text and class too."""
    picture = face.read_bytes()
    page = b"<img src=data:image/jpeg;base64," + base64.b64encode(picture) + b" alt=Jane class=card>"
    [found] = find_inline_images(page)
    assert found.data == picture
    assert blank_inline(page, [(found.start, found.end)]) == b"<img src=data:, alt=Jane class=card>"



@pytest.mark.parametrize("face", FACES, ids=[f.stem for f in FACES])
@pytest.mark.parametrize("after", [b" />", b" ismap>", b" hidden alt=Jane>", b"\n>"])
def test_an_unquoted_data_uri_ends_at_white_space_whatever_follows(face: Path, after: bytes) -> None:
    """Only a `name=value` attribute after it was told apart: before a boolean attribute or `/>` the
    payload ran on (`/` is a base64 character), so a portrait in `<img src=data:…Z />` was never
    found at all, and before `hidden` it was named by the wrong digest."""
    picture = face.read_bytes()
    encoded = base64.b64encode(picture).rstrip(b"=")  # (unpadded, as a third of payloads end)
    [found] = find_inline_images(b"<img src=data:image/jpeg;base64," + encoded + after)
    assert found.data == picture

def test_a_picture_inside_an_svg_inside_a_data_uri_is_found_and_the_outer_uri_emptied() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/jpeg;base64,' + B64 + b'"/></svg>'
    page = b'<p>a</p><img src="data:image/svg+xml;base64 ,' + base64.b64encode(svg) + b'"><p>b</p>'
    [found] = find_inline_images(page)
    assert found.data == PORTRAIT
    assert blank_inline(page, [(found.start, found.end)] * 2) == b'<p>a</p><img src="data:,"><p>b</p>'


def test_an_svg_nested_past_the_depth_limit_is_returned_unchecked() -> None:
    uri = b"data:image/jpeg;base64," + B64
    for _ in range(6):  # six SVGs, each drawn from a data: URI inside the next
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="' + uri + b'"/></svg>'
        uri = b"data:image/svg+xml;base64," + base64.b64encode(svg)
    [found] = find_inline_images(b'<img src="' + uri + b'">')
    assert found.unchecked and found.media_type == "image/svg+xml"


def test_an_encodeuri_style_svg_keeps_its_literal_semicolons_and_commas() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/jpeg;base64,' + B64.decode() + '"/></svg>'
    uri = b"data:image/svg+xml," + quote(svg, safe="/:;,=+").encode()
    assert [f.data for f in find_inline_images(b"<img src='" + uri + b"'>")] == [PORTRAIT]


def test_hostile_runs_of_data_colon_cost_linear_time() -> None:
    import time

    for body in (b"data:" + b"a" * 195, b"data:") * 20_000, (b"data:" * 60_000,):
        t0 = time.perf_counter()
        find_inline_images(b"".join(body))
        assert time.perf_counter() - t0 < 2  # was 22 s for 100 kB


@pytest.mark.parametrize("unit", [b"data:,", b"data&#58;,", b"data:image/svg+xml,%3Csvg%3E"])
def test_hostile_runs_of_data_uris_that_hold_no_picture_cost_linear_time(unit: bytes) -> None:
    """A percent-encoded payload runs on to the next quote, bracket or space: each of the URIs
    inside it read it to the end again (240 kB of `data:,` took 56 s), and an SVG's, searched as a
    picture of its own, with every URI inside it (56 kB of empty SVGs took 35 s)."""
    import time

    body = unit * (240_000 // len(unit))
    start = time.perf_counter()
    assert find_inline_images(body) == []
    assert time.perf_counter() - start < 5  # (0.5 s now, 2 s at a load average of 10: the hang was 56 s)


@pytest.mark.parametrize("unit", [b"data&#58;;base64&#44; AAAA ", b"=data&#58;;base64&#44;\nAAAA"])
def test_data_uris_inside_each_others_payloads_are_an_error_not_a_hang(unit: bytes) -> None:
    """A base64 payload may hold white space and character references, so `data&#58;` URIs can
    sit inside one another's payloads: each read the rest of the page again (216 kB took 9 s).
    Past a bound on what is read, the search stops with an error (the guard's inline.unchecked)."""
    import time

    body = unit * (240_000 // len(unit))
    start = time.perf_counter()
    with pytest.raises(ValueError, match="overlap"):
        find_inline_images(body)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(("unit", "limit"), [(b"data:,", "MAX_CANDIDATES"), (b"data:", "MAX_STARTS")])
def test_past_the_data_uris_looked_at_the_search_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch, unit: bytes,
                                                                        limit: str) -> None:
    """Each `data:,` inside the one before it is a URI to read (~10 us; a `data:` without a header
    ~1.5 us): 8 MB of them took 40 s. Past `MAX_CANDIDATES` URIs or `MAX_STARTS` places one may
    start, the search stops with an error (the guard's inline.unchecked, for on_error); under them,
    it goes on."""
    from scrapeguard.detect import inline

    monkeypatch.setattr(inline, limit, 100)
    assert find_inline_images(unit * 100) == []
    with pytest.raises(ValueError, match="the search stopped"):  # (a URI counts when its long payload is looked at)
        find_inline_images(unit * (101 + inline._AHEAD))


def test_a_picture_after_data_uris_that_hold_none_is_found() -> None:
    page = b"<p>data:,data:;base64,AAAA data:image/svg+xml,%3Csvg%3E</p><img src='data:image/jpeg;base64," + B64 + b"'>"
    assert [f.data for f in find_inline_images(page)] == [PORTRAIT]


def test_leading_white_space_before_an_untyped_payload() -> None:
    page = b'<img src="data:;base64,\n' + b" " * 100 + B64 + b'">'
    assert [f.data for f in find_inline_images(page)] == [PORTRAIT]


def test_character_references_inside_an_attribute_are_read() -> None:
    page = b'<img src="data:image/jpeg;base64,' + B64.replace(b"+", b"&#43;").replace(b"/", b"&#x2F;") + b'">'
    assert [f.data for f in find_inline_images(page)] == [PORTRAIT]


def test_a_picture_is_known_by_its_bytes_or_its_declared_image_type() -> None:
    font = base64.b64encode(b"wOFF" + bytes(range(256)) * 8)
    assert find_inline_images(b"<a href='data:text/plain;base64," + font + b"'>x</a>") == []  # no picture
    # declared a picture: returned (the guard then notes it unreadable), never skipped silently
    [declared] = find_inline_images(b"<i style='background:url(data:image/png;base64," + font + b")'></i>")
    assert declared.media_type == "image/png"


def test_line_breaks_and_percent_encoding_inside_the_payload_are_read() -> None:
    wrapped = b"\n".join(B64[i:i + 76] for i in range(0, len(B64), 76))
    encoded = quote(B64.decode()).encode()
    page = b'<img src="data:image/jpeg;base64,' + wrapped + b'"><img src="data:image/jpeg;base64,' + encoded + b'">'
    assert [f.data for f in find_inline_images(page)] == [PORTRAIT, PORTRAIT]


def test_icons_svg_and_pages_without_any_are_left_alone() -> None:
    spacer = b"R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"  # a 1x1 GIF
    svg = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * 2000 + b"</svg>")
    page = b'<img src="data:image/gif;base64,' + spacer + b'"><img src="data:image/svg+xml;base64,' + svg + b'">'
    assert find_inline_images(page) == []
    assert find_inline_images(b"<p>no inline pictures, only the word base64 and data:</p>") == []


def test_every_picture_is_returned_however_many() -> None:
    page = b"".join(b'<img src="data:image/jpeg;base64,' + B64 + b'">' for _ in range(MAX_IMAGES + 3))
    assert len(find_inline_images(page)) == MAX_IMAGES + 3  # the guard checks MAX_IMAGES, on_error decides the rest


def test_blanking_keeps_the_element_and_removes_the_picture() -> None:
    page = b'<p>a</p><img src="data:image/jpeg;base64,' + B64 + b'"><p>b</p>'
    found = find_inline_images(page)
    out = blank_inline(page, [(f.start, f.end) for f in found])
    assert out == b'<p>a</p><img src="data:,"><p>b</p>'


def test_the_name_is_the_type_and_the_digest_of_the_bytes_never_the_base64() -> None:
    assert inline_name("image/jpeg", PORTRAIT) == f"data:image/jpeg;sha256={hashlib.sha256(PORTRAIT).hexdigest()}"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096), st.binary(max_size=2048))
def test_random_bytes_around_a_data_uri_never_raise(before: bytes, payload: bytes) -> None:
    body = before + b"data:image/png;base64," + base64.b64encode(payload) + b"%%\x00" + before
    found = find_inline_images(body, min_payload=0)
    blank_inline(body, [(f.start, f.end) for f in found])


class TestDataUriName:
    """A data: URI requested on its own (an images pipeline's download) is named as the page's
    embedded copy of it is, by its bytes; what is no picture keeps its own type."""

    def test_a_picture_is_named_as_its_embedded_copy(self) -> None:
        from scrapeguard.detect.inline import data_uri_name, find_inline_images

        jpeg = PORTRAIT
        for declared in ("image/jpeg", "text/plain", ""):
            uri = f"data:{declared};base64,".encode() + base64.b64encode(jpeg)
            [embedded] = find_inline_images(b'<img src="' + uri + b'">')
            assert data_uri_name(uri.decode(), jpeg) == embedded.name, declared

    def test_what_is_no_picture_keeps_its_declared_type(self) -> None:
        from scrapeguard.detect.inline import data_uri_name

        assert data_uri_name("data:text/html,<p>hello</p>", b"<p>hello</p>").startswith("data:text/html;sha256=")
        assert data_uri_name("data:application/json,{}", b"{}").startswith("data:application/json;sha256=")

    def test_a_declared_type_that_is_no_media_type_is_not_kept_in_the_name(self) -> None:
        """`data:image/aaa…(10 KB)…,x` was recorded under a 10 KB name; a type longer than a media type
        can be (RFC 6838: 127 characters each side of the slash), or not one at all, is read as the
        WHATWG data: URL processor reads it: as no type (a picture is then `image/*`)."""
        from scrapeguard.detect.inline import data_uri_name

        picture = f"data:image/{'a' * 10_000};base64,AAAA"
        assert data_uri_name(picture, PORTRAIT) == inline_name("image/*", PORTRAIT)
        assert data_uri_name(f"data:text/{'a' * 10_000},x", b"x") == inline_name("text/plain", b"x")
        assert data_uri_name('data:text/html"><b>,x', b"x") == inline_name("text/plain", b"x")
        # (a media type, but no picture type a request by the bytes looks for: `image/*` too)
        assert data_uri_name(f"data:image/{'a' * 120},x", PORTRAIT) == inline_name("image/*", PORTRAIT)

    def test_a_name_already_given_comes_back_the_same(self) -> None:
        from scrapeguard.detect.inline import data_uri_name

        name = data_uri_name("data:image/png;base64,AAAA", b"\x89PNG")
        assert data_uri_name(name, b"\x89PNG") == name


def test_a_byte_an_ebcdic_code_page_has_no_character_for_does_not_stop_the_search() -> None:
    """cp424 leaves 38 bytes undefined: read as U+FFFD, which the code page cannot write back,
    so mapping a span to the body's bytes raised UnicodeEncodeError and every embedded picture
    of the page went unchecked."""
    uri = "data:image/jpeg;base64," + B64.decode()
    body = b"\x70" + f'<p>x</p><img src="{uri}">'.encode("cp424")  # 0x70: undefined in cp424
    [found] = find_inline_images(body, encoding="cp424")
    assert found.data == PORTRAIT and body[found.start:found.end].decode("cp424") == uri


@pytest.mark.parametrize(("codec", "bom", "encoding"), [
    ("utf-16-le", b"", "utf-16-le"), ("utf-16-be", b"", "utf-16-be"),
    ("utf-16-le", b"\xff\xfe", None), ("utf-16-be", b"\xfe\xff", None), ("utf-16-le", b"\xff\xfe", "utf-8"),
    ("utf-32-le", b"\xff\xfe\x00\x00", None), ("utf-32-be", b"\x00\x00\xfe\xff", None), ("utf-32-le", b"", "utf-32"),
    ("utf-32-be", b"", "utf-32-be"), ("cp037", b"", "cp037"), ("cp500", b"", "cp500"),
])
def test_a_utf16_utf32_or_ebcdic_body_is_searched_as_its_text(codec: str, bom: bytes, encoding: str | None) -> None:
    """A UTF-16 or UTF-32 page's data: URIs are two or four bytes a character, an EBCDIC
    page's other bytes: searched in its text, each span given in the body's own bytes, so
    blanking it leaves a page in its own encoding. (UTF-32 and EBCDIC were searched as bytes:
    a portrait embedded there was never seen.)"""
    uri = "data:image/jpeg;base64," + B64.decode()
    emoji = "" if codec.startswith("cp") else "\U0001f600 "  # (EBCDIC has no emoji)
    text = f'<p>{emoji}Gr\u00fc\u00dfe</p><img src="{uri}"><div style="background:url({uri})"></div><p>end</p>'
    body = bom + text.encode(codec)
    found = find_inline_images(body, encoding=encoding)
    assert [f.data for f in found] == [PORTRAIT, PORTRAIT]
    for f in found:
        assert body[f.start:f.end].decode(codec) == uri
    out = blank_inline(body, [(f.start, f.end) for f in found], encoding=encoding)
    assert out.startswith(bom)
    assert out[len(bom):].decode(codec) == text.replace(uri, "data:,")


@pytest.mark.parametrize("tail", [b"A1", b"1=x", b"A1 2x"])
def test_a_long_run_of_white_space_in_a_payload_is_read_in_one_pass(tail: bytes) -> None:
    """The descriptor and next-attribute searches were tried from every space of the run: 40,000
    spaces took 13 s of a crawler's page."""
    import time

    body = b"<img src=data:image/png;base64,iVBOR" + b" " * 40_000 + tail + b">"
    start = time.perf_counter()
    find_inline_images(body)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("body", [
    b'<img src="data:image/jpeg;base64,/9j/">', b'<img src="data&#58;image/jpeg;base64,">', b'{"img": "DATA:;base64,/9j/4AAQ"}', b'"data:,%3Csvg"',
    b'{"avatar": "/9j/4AAQ"}', b"{'avatar': '\\/9j\\/4AAQ'}", b'["iVBORw0KGgoAAAA"]', b'"R0lGODlhAQ"', b'"UklGRg"',
    b'{\\"avatar\\":\\"/9j/4AAQ', b"{&quot;avatar&quot;:&quot;R0lGODdhAQ", b'{"avatar": "_9j_4AAQ"}',
    '{"avatar": "data:image/png;base64,"}'.encode("utf-16"),
])
def test_bytes_that_may_hold_an_embedded_picture_are_told_from_its_search_starts(body: bytes) -> None:
    """`may_hold_inline` says whether bytes left unsearched (a multipart part past the pictures
    checked) could hold one: every start the search uses, bare base64 too, not `data:image/` alone."""
    assert may_hold_inline(body)


@pytest.mark.parametrize("body", [b'{"id": 1, "path": "/9j/"}'[:12], b'{"path": "a/9j/x"}', b"plain text", b"",
                                  b'{"next": "https://api.example.org/items?fields=metadata&page=2"}',
                                  b'{"note": "metadata: none", "id": 1}', b"<script>$.post(u, {data: x})</script>",
                                  b'{"img": "data:text/plain;base64,SGVsbG8=", "next": "a,b"}'])
def test_bytes_with_no_start_of_an_embedded_picture_hold_none(body: bytes) -> None:
    """Only a `data:` URI a picture may be (an image or SVG type, or a payload whose first bytes
    are a picture's) or a bare base64 picture's start counts: a word ending in `data` followed by
    `:` or `&` (a query string, prose, a script) is none, else every part of a batch past the
    pictures checked was unchecked and blocked."""
    assert not may_hold_inline(body)


def _small_png(size: tuple[int, int]) -> bytes:
    """A PNG of four grey levels of noise, base64: a few hundred characters."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise(size, 60).quantize(4).save(buffer, "PNG", optimize=True)
    encoded = base64.b64encode(buffer.getvalue())
    assert 256 <= len(encoded) < 1024
    return encoded


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_a_portrait_in_a_few_hundred_characters_is_found(fmt: str) -> None:
    """A 56-px portrait in lossy WebP is 328 base64 characters, in a PNG of four grey levels 692, and
    the detector counts its face (28 px wide) at the shipped face_min_px: a payload under 1,024
    characters was taken to be too small to show a face and never looked at. A small payload counts
    when its picture is at least `DEFAULT_MIN_PX` on its short side; a smaller one cannot show a face
    the policy counts (an icon, a spacer)."""
    from PIL import Image

    with Image.open(Path(__file__).resolve().parents[1] / "data" / "images" / "faces" / "luispedro.jpg") as img:
        small = img.convert("RGB")
    small.thumbnail((56, 56))
    buffer = io.BytesIO()
    (small.save(buffer, "WEBP", quality=1) if fmt == "WEBP" else
     small.convert("L").quantize(4).save(buffer, "PNG", optimize=True))
    payload = base64.b64encode(buffer.getvalue())
    assert len(payload) < 1024
    for body in (b'<img src="data:image/' + fmt.lower().encode() + b";base64," + payload + b'">',
                 b'{"avatar": "' + payload + b'"}'):
        assert [f.data for f in find_inline_images(body)] == [buffer.getvalue()]
    assert find_inline_images(b'<img src="data:image/png;base64,' + _small_png((23, 64)) + b'">') == []



def test_a_pictures_pixels_are_taken_from_the_answers_budget_by_its_header() -> None:
    """`PixelBudget` reads the pixels a picture declares from its header, before any decode: a 7000x7000
    PNG (49 Mpx) fits in 50 Mpx left once, not twice; bytes with no raster header cost nothing."""
    import io

    from PIL import Image

    from scrapeguard.detect.inline import PixelBudget

    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG")
    budget = PixelBudget(50_000_000)
    assert budget.take(out.getvalue()) and not budget.take(out.getvalue())
    assert budget.left == 1_000_000 and budget.take(b"<svg xmlns='http://www.w3.org/2000/svg'/>")


def test_a_jpeg_costs_the_pixels_it_is_decoded_at() -> None:
    """A JPEG is decoded at a reduced DCT scale for the detector: 20 camera photos of 4000x3000 (240 Mpx as
    their headers say) fit in the budget, as they are checked in about a second (they were refused; found
    in review), where one-colour PNGs of that size do not."""
    import io

    from PIL import Image

    from scrapeguard.detect.inline import MAX_ANSWER_PIXELS, PixelBudget

    photo, flat = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 120, 150)).save(photo, "JPEG")
    Image.new("1", (4000, 3000)).save(flat, "PNG")
    budget = PixelBudget()
    assert all(budget.take(photo.getvalue()) for _ in range(20))
    pngs = PixelBudget()
    assert sum(pngs.take(flat.getvalue()) for _ in range(20)) == MAX_ANSWER_PIXELS // 12_000_000


def test_a_scripts_data_keys_are_no_uris_the_search_gives_up_on() -> None:
    """A bundle's `{id:i,data:e[i],type:t}` 60,000 times parses as data: URIs whose payloads show at once they
    are none: only those whose long payloads must be looked at count toward `MAX_CANDIDATES` (the bundle
    was refused as inline.unchecked; found in review)."""
    from scrapeguard.detect.inline import MAX_CANDIDATES

    bundle = b"".join(b"n.push({id:%d,data:e[%d],type:t});" % (i, i) for i in range(MAX_CANDIDATES + 10_000))
    assert find_inline_images(bundle) == []


def test_a_progressive_jpeg_costs_its_header_pixels() -> None:
    """A progressive JPEG is entropy-decoded whole at any DCT scale (0.3 s for 7000x7000): it gets no discount
    (64 of them took 16 s in one answer; found in review)."""
    import io

    from PIL import Image

    from scrapeguard.detect.inline import PixelBudget

    progressive = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 120, 150)).save(progressive, "JPEG", progressive=True)
    budget = PixelBudget(30_000_000)
    assert budget.take(progressive.getvalue()) and budget.take(progressive.getvalue())
    assert not budget.take(progressive.getvalue())


def test_a_jpeg_cut_before_its_end_marker_costs_its_header_pixels() -> None:
    """One without its end marker is decoded again at half scale to be read whole (`complete_jpeg`): 64 of
    7000x7000 took 30 s in one answer, charged at their DCT scale (found in review)."""
    import io

    from PIL import Image

    from scrapeguard.detect.inline import PixelBudget

    whole = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 120, 150)).save(whole, "JPEG")
    cut = whole.getvalue()[:-2]
    budget = PixelBudget(30_000_000)
    assert budget.take(cut) and budget.take(cut) and not budget.take(cut)


@pytest.mark.parametrize("declared", ["image/x-citrix-jpeg", "image/x-png", "image/x-ms-bmp", "image/x-jane"])
def test_a_picture_embedded_under_another_image_type_is_named_as_a_request_by_its_bytes_looks_for_it(
        declared: str) -> None:
    """(Review) A page embedding a portrait as `data:image/x-citrix-jpeg;base64,…` was recorded as
    `data:image/x-citrix-jpeg;sha256=…`, a type `inline_names` did not look for: `subject --image` and `erase
    --image` of the picture missed the page. Any image type outside the listed ones is named `image/*`, as an
    undeclared picture is, and records named by a legacy type before are still looked for."""
    from scrapeguard.detect.inline import data_uri_name, inline_names

    uri = f"data:{declared};base64,".encode() + base64.b64encode(PORTRAIT)
    [embedded] = find_inline_images(b'<img src="' + uri + b'">')
    assert embedded.name == inline_name("image/*", PORTRAIT) == data_uri_name(uri.decode(), PORTRAIT)
    assert embedded.name in inline_names(PORTRAIT)
    assert (inline_name(declared, PORTRAIT) in inline_names(PORTRAIT)) == (declared != "image/x-jane")
    [listed] = find_inline_images(b'<img src="data:image/png;base64,' + base64.b64encode(PORTRAIT) + b'">')
    assert listed.name == inline_name("image/png", PORTRAIT)  # (a listed type keeps its name)
