"""multipart.parts: the pictures a camera stream or a multi-range answer carries."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapeguard import Guard
from scrapeguard.detect.multipart import MAX_DEPTH, MAX_PARTS, is_multipart, parts


def test_each_part_with_its_own_type() -> None:
    body = (b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\nJPG1\r\n"
            b"--frame\r\nContent-Type: text/plain\r\n\r\nhello\r\n--frame--\r\n")
    assert parts('multipart/x-mixed-replace; boundary="frame"', body) == [("image/jpeg", b"JPG1"), ("text/plain", b"hello")]


def test_a_byteranges_answer_and_bare_line_feeds() -> None:
    body = b"--B\nContent-Range: bytes 0-3/8\n\nABCD\n--B\n\nEFGH\n--B--"
    assert parts("multipart/byteranges; boundary=B", body) == [(None, b"ABCD"), (None, b"EFGH")]


@pytest.mark.parametrize(("content_type", "body"), [
    ("multipart/mixed", b"--x\r\n\r\nno boundary given"),
    ("text/html; boundary=x", b"--x\r\n\r\nnot multipart"),
    ("multipart/mixed; boundary=x", b"no delimiter at all"),
    (None, b""),
])
def test_what_does_not_split_is_no_parts(content_type: str | None, body: bytes) -> None:
    assert parts(content_type, body) == []


def test_parts_are_bounded() -> None:
    body = b"".join(b"--b\r\n\r\nx\r\n" for _ in range(MAX_PARTS + 10))
    assert len(parts("multipart/mixed; boundary=b", body)) == MAX_PARTS
    assert is_multipart("Multipart/X-Mixed-Replace; boundary=b") and not is_multipart("image/jpeg")


def test_what_lies_past_the_bound_is_counted_not_dropped_without_a_trace() -> None:
    """A portrait after 256 short text parts was never split off, never looked at, and the answer
    allowed: the bytes left unsplit are counted, for the caller to report as unchecked."""
    jpeg = b"--b\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 a portrait\r\n"
    text = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nnote\r\n" for _ in range(MAX_PARTS))
    split = parts("multipart/mixed; boundary=b", text + jpeg + b"--b--\r\n")
    assert len(split) == MAX_PARTS and split.unsplit == len(jpeg) + len(b"--b--\r\n")
    for whole in (text + b"--b--\r\n", text + b"--b\r\n", text, text[:-200] + jpeg + b"--b--\r\n"):
        split = parts("multipart/mixed; boundary=b", whole)
        assert split.unsplit == 0, whole[-80:]  # closed, cut at a last delimiter, or all of it within the bound


def test_part_headers_end_at_their_first_blank_line_whichever_line_ends_it_uses() -> None:
    """Headers ending in bare line feeds before a JPEG whose bytes held CR LF CR LF: the part was
    cut at those bytes, its picture lost (an error, blocked under fail-closed)."""
    jpeg = b"\xff\xd8\xff\xfe\x00\x07x\r\n\r\ny\xff\xd9"
    body = b"--frame\nContent-Type: image/jpeg\n\n" + jpeg + b"\n--frame\r\nContent-Type: image/png\r\n\r\nP\n\nNG\r\n--frame--"
    assert parts("multipart/x-mixed-replace; boundary=frame", body) == [("image/jpeg", jpeg), ("image/png", b"P\n\nNG")]


@pytest.mark.parametrize("head", [b"", b"Content-Type: image/jpeg\r\n"], ids=["no-headers", "headers-never-ended"])
def test_a_part_without_the_blank_line_after_its_headers_keeps_its_content(head: bytes) -> None:
    """A part whose headers never end in a blank line (or that has none and no blank line either)
    was dropped without a trace beside a readable part, so the portrait in it was never looked at
    and the answer allowed; an MJPEG reader that looks for the JPEG's start marker shows it. Its
    header lines are read as far as they go, the rest is its content."""
    jpeg = b"\xff\xd8\xff\xe0 a portrait\xff\xd9"
    body = b"--b\r\nContent-Type: text/plain\r\n\r\nnote\r\n--b\r\n" + head + jpeg + b"\r\n--b--\r\n"
    assert parts("multipart/x-mixed-replace; boundary=b", body) == [("text/plain", b"note"),
                                                                      ("image/jpeg" if head else None, jpeg)]


def test_a_closing_delimiter_inside_a_parts_text_does_not_hide_the_parts_after_it() -> None:
    """A delimiter is one only at a line's start (RFC 2046 5.1.1): a text part holding `--b--` in
    the middle of a line ended the split there, and the portrait part after it, which any reader
    shows, was never looked at (nothing was counted unsplit either). What follows a closing
    delimiter is split too: looking at a part too many costs less than passing one unseen."""
    jpeg = b"\xff\xd8\xff\xe0 a portrait\xff\xd9"
    body = (b"--b\r\nContent-Type: text/plain\r\n\r\nsee x--b--y\r\n"
            b"--b\r\nContent-Type: image/jpeg\r\n\r\n" + jpeg + b"\r\n--b--\r\n")
    assert ("image/jpeg", jpeg) in parts("multipart/mixed; boundary=b", body)


def test_a_closing_delimiter_inside_a_parts_text_past_the_bound_does_not_hide_the_parts_after_it() -> None:
    """`see x--b--y` in the part after the 255th held the delimiter after the bound: taken for the
    closing one, nothing was counted unsplit, and the portrait part after it was neither split nor
    reported. It ends the body only when no delimiter follows it."""
    jpeg = b"\xff\xd8\xff\xe0 a portrait\xff\xd9"
    text = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nnote\r\n" for _ in range(MAX_PARTS - 1))
    body = (text + b"--b\r\nContent-Type: text/plain\r\n\r\nsee x--b--y\r\n"
            b"--b\r\nContent-Type: image/jpeg\r\n\r\n" + jpeg + b"\r\n--b--\r\n")
    split = parts("multipart/mixed; boundary=b", body)
    assert len(split) == MAX_PARTS and split.unsplit and jpeg in body[-split.unsplit:]


@pytest.mark.parametrize("content_type", [
    "multipart/mixed; xboundary=evil; boundary=real",
    'multipart/mixed; note="boundary=evil; x"; boundary=real',
    "multipart/mixed; boundary=real; xboundary=evil",
    'multipart/mixed; boundary="real"',
    'multipart/mixed; BOUNDARY = real',
])
def test_the_boundary_is_the_boundary_parameters_not_text_that_ends_in_boundary(content_type: str) -> None:
    """`boundary=` was looked for anywhere in the Content-Type: in another parameter's name
    (`xboundary=`) or inside a quoted value, so the body was split at `--evil` in a text part, the
    portrait part after it read as that text's tail and never judged, and the answer allowed. The
    boundary is the value of the parameter named so, as a browser parses the media type."""
    body = (b"--real\r\nContent-Type: text/plain\r\n\r\nsee --evil\r\n\r\nhere\r\n"
            b"--real\r\nContent-Type: image/jpeg\r\n\r\n" + JPEG + b"\r\n--real--\r\n")
    assert parts(content_type, body) == [("text/plain", b"see --evil\r\n\r\nhere"), ("image/jpeg", JPEG)]


def test_a_delimiter_in_the_middle_of_a_line_does_not_cut_a_page_part() -> None:
    """RFC 2046 5.1.1: a delimiter is one only at a line's start (as MHTML and mail readers split).
    `a--b c` in an archived page's title cut the page there, the lines after it up to the first
    blank one were taken for the next part's headers and dropped, so its `noai` went unread and
    the answer was allowed. The page is given whole."""
    page = (b'<html><head><title>a--b c</title>\n<meta name="robots" content="noai">\n\n</head>'
            b"<body><p>hi</p></body></html>")
    body = b"--b\r\nContent-Type: text/html\r\n\r\n" + page + b"\r\n--b--\r\n"
    assert ("text/html", page) in parts("multipart/related; boundary=b", body)
    with Guard("gdpr-strict", user_agent="T/1.0", audit=False) as guard:
        decision = guard.check_response("http://127.0.0.1:9/a.mhtml", 200,
                                        {"Content-Type": "multipart/related; boundary=b"}, body)
    assert "xrobots.noai" in decision.codes and not decision.allowed


def test_a_part_split_where_an_image_stream_reader_splits_it_is_given_too() -> None:
    """A browser reading a camera stream (Chrome's and Firefox's image-stream parsers) splits at the
    delimiter wherever it occurs: a portrait after `x--b` inside a text part, shown by them, is
    given as a part of its own beside the text part as a line-wise reader reads it."""
    text = b"x--b\r\nContent-Type: image/jpeg\r\n\r\n" + JPEG
    body = b"--b\r\nContent-Type: text/plain\r\n\r\n" + text + b"\r\n--b--\r\n"
    split = parts("multipart/x-mixed-replace; boundary=b", body)
    assert split[0] == ("text/plain", text) and ("image/jpeg", JPEG) in split and split.unsplit == 0


def nested(depth: int, leaf: bytes) -> tuple[str, bytes]:
    """A Content-Type and body of `depth` multipart levels around a JSON part and the `leaf` part."""
    content_type, body = "image/jpeg", leaf
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (b"--" + boundary + b"\r\nContent-Type: application/json\r\n\r\n{}\r\n--" + boundary
                + b"\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n" + body + b"\r\n--" + boundary + b"--\r\n")
        content_type = f"multipart/related; boundary={boundary.decode()}" if level < depth - 1 else \
            f"multipart/mixed; boundary={boundary.decode()}"
    return content_type, body


def test_a_multipart_part_is_given_as_its_own_parts() -> None:
    """A batch API's or a MIME message's multipart/related inside multipart/mixed: the nested part
    sniffed as neither page nor image, and a portrait inside it passed unseen, with no note."""
    content_type, body = nested(2, b"\xff\xd8\xff\xe0 a portrait")
    split = parts(content_type, body)
    assert split == [("application/json", b"{}"), ("application/json", b"{}"), ("image/jpeg", b"\xff\xd8\xff\xe0 a portrait")]
    assert split.unsplit == 0


def test_a_nested_parts_content_type_folded_over_two_lines_is_read_whole() -> None:
    """MIME writers fold long headers (`multipart/related;` CR LF TAB `boundary="inner"`): read as
    `multipart/related;` with no boundary, the nested part was never split and its portrait unjudged."""
    content_type, body = nested(2, b"\xff\xd8\xff\xe0 a portrait")
    folded = body.replace(b"Content-Type: multipart/related; boundary=b0", b"Content-Type: multipart/related;\r\n\tboundary=b0")
    assert folded != body
    split = parts(content_type, folded)
    assert ("image/jpeg", b"\xff\xd8\xff\xe0 a portrait") in split and split.unsplit == 0


def test_a_part_nested_too_deep_is_counted_as_unsplit() -> None:
    content_type, body = nested(MAX_DEPTH + 2, b"\xff\xd8\xff\xe0 a portrait")
    split = parts(content_type, body)
    assert ("image/jpeg", b"\xff\xd8\xff\xe0 a portrait") not in split
    assert split.unsplit and b"a portrait" in body[-split.unsplit:]  # (what the guard reports as part.unchecked)


def test_the_guard_judges_a_portrait_in_a_nested_part() -> None:
    portrait = (Path(__file__).resolve().parents[1] / "data" / "images" / "faces" / "grace_hopper.jpg").read_bytes()
    with Guard("gdpr-strict", user_agent="T/1.0", audit=False) as guard:
        for depth, code in ((2, "face.detected"), (MAX_DEPTH + 2, "part.unchecked")):
            content_type, body = nested(depth, portrait)
            decision = guard.check_response("http://127.0.0.1:9/batch", 200, {"Content-Type": content_type}, body)
            assert decision.action in ("redact", "block") and code in decision.codes


def test_nested_parts_never_take_the_answer_past_its_bound() -> None:
    """Once a nested part filled the answer's MAX_PARTS, later parts were still added, and the next
    nested part's negative room added all but a few of its parts: 512 parts, then 768."""
    def many(boundary: bytes, count: int) -> bytes:
        part = b"--" + boundary + b"\r\nContent-Type: text/plain\r\n\r\nx\r\n"
        return part * count + b"--" + boundary + b"--\r\n"

    inner = many(b"in", MAX_PARTS)
    nested_part = b"--out\r\nContent-Type: multipart/related; boundary=in\r\n\r\n" + inner + b"\r\n"
    body = nested_part + many(b"out", 200)[:-len(b"--out--\r\n")] + nested_part + b"--out--\r\n"
    split = parts("multipart/mixed; boundary=out", body)
    assert len(split) == MAX_PARTS and split.unsplit > 0


# --- a part's Content-Transfer-Encoding (RFC 2045 §6): what MHTML archives and MIME messages use
JPEG = b"\xff\xd8\xff\xe0 a portrait\xff\xd9"
PAGE = b'<html><head><meta name="robots" content="noai"></head><body><p>caf\xc3\xa9</p></body></html>'


def mime(encoding: bytes, content: bytes, content_type: bytes = b"image/jpeg") -> bytes:
    return (b"--b\r\nContent-Type: " + content_type + b"\r\nContent-Transfer-Encoding: " + encoding + b"\r\n\r\n"
            + content + b"\r\n--b--\r\n")


@pytest.mark.parametrize("encoding", [b"base64", b"BASE64", b" Base64 "])
def test_a_base64_part_is_given_decoded(encoding: bytes) -> None:
    """An MHTML archive's pictures are base64 in lines of 76: given as they were written, each was
    no picture to read (`part.unreadable`), so under fail-open a portrait passed unchecked."""
    import base64

    assert parts("multipart/related; boundary=b", mime(encoding, base64.encodebytes(JPEG * 20))) == [
        ("image/jpeg", JPEG * 20)]
    assert parts("multipart/related; boundary=b", mime(encoding, base64.b64encode(JPEG).rstrip(b"="))) == [
        ("image/jpeg", JPEG)]  # (its padding left out, as some writers do)


def test_a_quoted_printable_part_is_given_decoded() -> None:
    """An MHTML archive's page is quoted-printable: `name=3D"robots"` and lines broken with `=`
    hid its `noai` from the page reader, and the answer was allowed."""
    import quopri

    encoded = quopri.encodestring(PAGE * 3)
    assert b'name=3D"robots"' in encoded and b"=\n" in encoded
    assert parts("multipart/related; boundary=b", mime(b"quoted-printable", encoded, b"text/html")) == [
        ("text/html", PAGE * 3)]


@pytest.mark.parametrize(("written", "read"), [
    (b'<p>50=\r% off</p><meta name=3D"robots" content=3D"noai">', b'<p>50=\r% off</p><meta name="robots" content="noai">'),
    (b'<meta name=3D"rob= \r\nots" content=3D"noai">', b'<meta name="robots" content="noai">'),
    (b'<meta name=3D"rob=\t \nots" content=3D"noai">', b'<meta name="robots" content="noai">'),
    (b'<meta name=3D"rob=\r\r\nots" content=3D"noai">', b'<meta name="robots" content="noai">'),
], ids=["equals-then-lone-cr", "soft-break-with-padding-crlf", "soft-break-with-padding-lf", "soft-break-cr-crlf"])
def test_a_quoted_printable_part_keeps_what_follows_a_stray_or_padded_soft_break(written: bytes, read: bytes) -> None:
    """binascii.a2b_qp ends its output at `=` followed by a CR that no LF follows: everything after
    it (the page's noai, its pictures) was lost without a word, where a browser's MHTML reader keeps
    an `=` it cannot read as it is. A soft line break with white space before its line break
    (transport padding, which RFC 2045 6.7 (3) has decoders delete) was kept as text, so `rob= ots`
    hid the robots meta."""
    assert parts("multipart/related; boundary=b", mime(b"quoted-printable", written, b"text/html")) == [
        ("text/html", read)]


@pytest.mark.parametrize("encoding", [b"7bit", b"8bit", b"binary", b"x-uuencode"])
def test_a_part_in_an_identity_or_unknown_encoding_is_given_as_it_is(encoding: bytes) -> None:
    assert parts("multipart/mixed; boundary=b", mime(encoding, JPEG)) == [("image/jpeg", JPEG)]


def test_a_part_that_does_not_decode_in_its_encoding_is_given_as_it_is() -> None:
    """A part labelled base64 that is not (a raw JPEG, cut base64): read as it is, as a reader that
    ignores the label shows it; the picture's own reader then says whether it can be read."""
    assert parts("multipart/mixed; boundary=b", mime(b"base64", JPEG)) == [("image/jpeg", JPEG)]
    assert parts("multipart/mixed; boundary=b", mime(b"base64", b"/9j/4AAQSkZJRgABA")) == [
        ("image/jpeg", b"/9j/4AAQSkZJRgABA")]


def test_a_nested_multipart_part_in_base64_is_split_after_decoding() -> None:
    import base64

    content_type, body = nested(1, JPEG)
    encoded = mime(b"base64", base64.encodebytes(body), content_type.encode())
    split = parts("multipart/mixed; boundary=b", encoded)
    assert ("image/jpeg", JPEG) in split and split.unsplit == 0


def test_the_guard_reads_an_mhtml_archives_encoded_page_and_pictures(tmp_path: Path) -> None:
    import base64
    import quopri

    policies = Path(__file__).resolve().parents[2] / "policies"
    strict = (policies / "gdpr-strict.toml").read_text()
    assert 'on_error = "fail-closed"' in strict
    (tmp_path / "open.toml").write_text(strict.replace('on_error = "fail-closed"', 'on_error = "fail-open"'))
    portrait = (Path(__file__).resolve().parents[1] / "data" / "images" / "faces" / "grace_hopper.jpg").read_bytes()
    page = mime(b"quoted-printable", quopri.encodestring(PAGE), b"text/html")
    picture = mime(b"base64", base64.encodebytes(portrait))
    headers = {"Content-Type": "multipart/related; boundary=b"}
    with Guard(str(tmp_path / "open.toml"), user_agent="T/1.0", audit=False) as guard:
        decision = guard.check_response("http://127.0.0.1:9/a.mhtml", 200, headers, page)
        assert "xrobots.noai" in decision.codes and not decision.allowed
        decision = guard.check_response("http://127.0.0.1:9/b.mhtml", 200, headers, picture)
        assert "face.detected" in decision.codes and "part.unreadable" not in decision.codes
        assert not decision.allowed  # fail-open let the unreadable part through; a portrait read is withheld


def test_a_boundary_that_itself_begins_with_two_hyphens_is_split_on_its_whole_delimiter() -> None:
    """Chrome saves pages as MHTML with `boundary="----MultipartBoundary--…----"`: read as a server's
    boundary written with its leading `--`, it was split two hyphens short, every part ended in
    `--`, and the base64 picture did not decode (`part.unreadable`, passed under fail-open)."""
    import base64

    boundary = b"----MultipartBoundary--9uNU4D6Mbf0cBwZz----"
    body = b"".join(b"--" + boundary + b"\r\nContent-Type: " + kind + b"\r\nContent-Transfer-Encoding: " + coding
                    + b"\r\n\r\n" + content + b"\r\n" for kind, coding, content in (
                        (b"text/html", b"quoted-printable", b"<p>hi</p>"),
                        (b"image/jpeg", b"base64", base64.encodebytes(JPEG).replace(b"\n", b"\r\n"))))
    body += b"--" + boundary + b"--\r\n"
    content_type = f'multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary.decode()}"'
    assert parts(content_type, body) == [("text/html", b"<p>hi</p>"), ("image/jpeg", JPEG)]
    # a server's boundary given with the leading `--` of its delimiter is still found
    assert parts("multipart/mixed; boundary=--b", b"--b\r\n\r\nx\r\n--b--") == [(None, b"x")]


@pytest.mark.parametrize("written", ["stray", "chunks"])
def test_a_base64_part_with_a_stray_character_or_in_padded_chunks_is_given_decoded(written: str) -> None:
    """A page in base64 with one character outside its alphabet (a `!`), or written in two chunks
    each padded, failed strict decoding and was given as the base64 text: its noai unread, the
    answer allowed, where a mail reader decodes it (RFC 2045 §6.8: characters outside the alphabet
    are ignored). What is mostly other bytes (a raw JPEG labelled base64) is still given as it is."""
    import base64

    encoded = {"stray": base64.encodebytes(PAGE) + b"!",
               "chunks": base64.encodebytes(PAGE[:10]) + base64.encodebytes(PAGE[10:])}[written]
    assert parts("multipart/related; boundary=b", mime(b"base64", encoded, b"text/html")) == [("text/html", PAGE)]
    assert parts("multipart/mixed; boundary=b", mime(b"base64", JPEG)) == [("image/jpeg", JPEG)]


def test_a_base64_part_that_does_not_decode_even_leniently_is_named_as_undecoded() -> None:
    """A page's base64 cut one character past a whole group decodes neither strictly nor as a mail
    reader does: it was given as its base64 text with no word, so its noai went unread and the answer
    was allowed. `Parts.undecoded` names such parts (by index), for the caller to say they were not
    read; a raw JPEG labelled base64 is not base64 at all and is not named: its reader reads it."""
    import base64

    cut = base64.b64encode(PAGE)[:-3]
    assert len(cut) % 4 == 1
    split = parts("multipart/related; boundary=b", mime(b"base64", base64.b64encode(PAGE), b"text/html")[:-7]
                  + mime(b"base64", cut, b"text/html"))
    assert [data for _, data in split] == [PAGE, cut] and split.undecoded == {1}
    assert parts("multipart/mixed; boundary=b", mime(b"base64", JPEG)).undecoded == set()
    nested_type, nested_body = nested(1, JPEG)
    outer = parts("multipart/mixed; boundary=b", mime(b"base64", cut, b"text/html")[:-7]
                  + mime(b"base64", base64.b64encode(nested_body)[:-3], nested_type.encode()))
    assert outer.undecoded == {0, 1}  # a multipart part that does not decode is given as it is, not split


def test_a_header_a_part_gives_twice_counts_as_first_written() -> None:
    """Python's email reads the first: a second `Content-Transfer-Encoding: 8bit` made a base64 portrait
    unreadable (part.unreadable: allowed under fail-open), where a mail reader decodes it."""
    import base64

    picture = b"\xff\xd8\xff\xe0" + b"JFIF-portrait" * 50
    body = (b"--b\r\nContent-Type: image/jpeg\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n" + base64.encodebytes(picture).replace(b"\n", b"\r\n")
            + b"\r\n--b--\r\n")
    split = parts("multipart/related; boundary=b", body)
    assert list(split) == [("image/jpeg", picture)] and not split.undecoded


def test_each_part_is_named_by_its_location_and_id_as_its_headers_give_them() -> None:
    """The names an MHTML archive's page finds its parts by (RFC 2557 4.2: Content-Location, `cid:`
    and a Content-ID) are read from the parts' headers, as they are split: unfolded (4.4.2: the line
    break and the white space around it taken out, a space written in the value kept), encoded words
    decoded (4.4.1), a Content-ID without its angle brackets, nested parts' too, each once. Lines in a
    part's content that read as such headers name nothing: they were all read, from the whole body,
    once more for every answer (a camera stream's, a 206's), and each looked up on the suppression list."""
    body = (b"--B\r\nContent-Type: text/html\r\nContent-Location: https://a.example/team\r\n\r\n"
            b"Content-Location: https://a.example/only-a-line-of-text\r\n"
            b"\r\n--B\r\nContent-Type: image/jpeg\r\nContent-Location: https://a.example/photos/\r\n"
            b" Jane Doe.jpg\r\nContent-ID: <p2@a.example>\r\n\r\nJPEG"
            b"\r\n--B\r\nContent-Type: multipart/related; boundary=C\r\n\r\n--C\r\n"
            b"Content-Location: =?UTF-8?Q?https://a.example/J=C3=BCrgen.jpg?=\r\n\r\nJPEG\r\n--C--\r\n"
            b"\r\n--B\r\nContent-Location: https://a.example/team\r\n\r\nagain\r\n--B--\r\n")
    assert list(parts("multipart/related; boundary=B", body).names) == [
        ("location", "https://a.example/team"), ("location", "https://a.example/photos/Jane Doe.jpg"),
        ("id", "p2@a.example"), ("location", "https://a.example/Jürgen.jpg")]


def test_a_part_header_line_of_blanks_is_read_in_linear_time() -> None:
    """A lazy value before `[ \\t]*` backtracked over a Content-Location line of blanks: 80 kB took
    52 s (an MHTML's page part showing a personal picture reads every part's location)."""
    body = b"--B\r\nContent-Location: a" + b" \t" * 40_000 + b"\r\nContent-ID: <p1@x>\r\n\r\nx\r\n--B--\r\n"
    assert list(parts("multipart/mixed; boundary=B", body).names) == [("location", "a"), ("id", "p1@x")]


def test_the_parts_past_the_bound_are_still_named() -> None:
    """Past `MAX_PARTS` the parts are not judged (part.unchecked), but what they are named by still is:
    a picture a data subject had erased carried at part 300 of a saved page was no longer looked up, and
    under log-only the archive passed."""
    filler = b"".join(b"--B\r\nContent-Type: text/css\r\nContent-Location: https://a.example/s%d.css\r\n\r\na{}\r\n" % i
                      for i in range(MAX_PARTS + 40))
    body = filler + b"--B\r\nContent-Type: image/jpeg\r\nContent-Location: https://cdn.example.com/cat.jpg\r\n\r\nJPEG\r\n--B--\r\n"
    split = parts("multipart/related; boundary=B", body)
    assert split.unsplit and len(split) == MAX_PARTS
    assert ("location", "https://cdn.example.com/cat.jpg") in split.names
    assert ("location", f"https://a.example/s{MAX_PARTS + 10}.css") in split.names


@pytest.mark.parametrize("content_type", ["multipart/related; boundary=NOT-THE-ONE", "multipart/related"])
def test_a_body_that_does_not_split_is_still_named(content_type: str) -> None:
    """An archive whose boundary is missing or not the one its body uses is no parts (part.unreadable), but
    what its parts are named by is still read: a picture a data subject had erased, carried in it, was not
    looked up, and under fail-open the archive passed."""
    body = (b"--B\r\nContent-Type: image/jpeg\r\nContent-Location: https://cdn.example.com/jane.jpg\r\n\r\nJPEG"
            b"\r\n--B--\r\n")
    split = parts(content_type, body)
    assert split == [] and list(split.names) == [("location", "https://cdn.example.com/jane.jpg")]


def test_a_relative_location_is_resolved_against_the_enclosing_multiparts_or_the_answers() -> None:
    """RFC 2557 4.4 and 5: a relative Content-Location is resolved against the Content-Location of the
    multipart heading that encloses it, else against the base the archive was fetched from. Read as
    written (`jane.jpg`), it named no URL, and a picture a data subject had erased by its URL, carried
    in the archive, was never found on the suppression list."""
    body = (b"--B\r\nContent-Type: image/jpeg\r\nContent-Location: img/jane.jpg\r\n\r\nJPEG"
            b"\r\n--B\r\nContent-Type: multipart/related; boundary=C\r\nContent-Location: https://b.example/album/\r\n"
            b"\r\n--C\r\nContent-Location: ../joe.jpg\r\n\r\nJPEG\r\n--C\r\nContent-Location: cid:p3@b.example\r\n\r\n"
            b"JPEG\r\n--C--\r\n\r\n--B\r\nContent-Location: https://c.example/x.css\r\n\r\na{}\r\n--B--\r\n")
    assert list(parts("multipart/related; boundary=B", body, base="https://a.example/saved/page.mht").names) == [
        ("location", "https://a.example/saved/img/jane.jpg"), ("location", "https://b.example/album/"),
        ("location", "https://b.example/joe.jpg"), ("location", "cid:p3@b.example"),
        ("location", "https://c.example/x.css")]
    assert ("location", "img/jane.jpg") in parts("multipart/related; boundary=B", body).names  # (no base: as written)


def test_a_page_part_past_the_bound_is_unchecked_not_passed_over_in_silence() -> None:
    """A page is read for its opt-outs and the pictures it shows: one past the first `MAX_PARTS` parts of
    an archive, its noai unread, was allowed with no finding and no note (only pictures counted there)."""
    from scrapeguard.detect.multipart import may_hold_picture

    filler = b"".join(b"--b\r\nContent-Type: text/css\r\n\r\na{}\r\n" for _ in range(MAX_PARTS + 5))
    page = (b'--b\r\nContent-Type: text/html\r\n\r\n<html><head><meta name="robots" content="noai"></head></html>'
            b"\r\n--b--\r\n")
    with Guard("gdpr-strict", user_agent="T/1.0", audit=False) as guard:
        decision = guard.check_response("http://127.0.0.1:9/a.mhtml", 200,
                                        {"Content-Type": "multipart/related; boundary=b"}, filler + page)
    assert "part.unchecked" in decision.codes and not decision.allowed  # (gdpr-strict fails closed)
    assert may_hold_picture(page.replace(b"text/html", b"application/xhtml+xml"))
    assert may_hold_picture(b"--b\r\n\r\n<!DOCTYPE html><title>untyped</title>")
    assert not may_hold_picture(b'--b\r\nContent-Type: application/json\r\n\r\n{"html": false}')


def test_many_nested_parts_that_do_not_split_are_counted_in_linear_time() -> None:
    """Each nested part not split whole was looked for in the whole body again to count the bytes from
    it on as unsplit: 255 of 40 kB each (10 MB) took 3 s, of 200 kB (51 MB) 20 s. The first one
    decides the count; those after it lie within it."""
    import time

    body = b"".join(b"--b\r\nContent-Type: multipart/mixed\r\n\r\n" + b"A" * 40_000 + b"%d\r\n" % i
                    for i in range(MAX_PARTS - 1)) + b"--b--\r\n"
    start = time.perf_counter()
    split = parts("multipart/mixed; boundary=b", body)
    assert time.perf_counter() - start < 1.0
    assert split == [] and split.unsplit == len(body) - len(b"--b\r\nContent-Type: multipart/mixed\r\n\r\n")

