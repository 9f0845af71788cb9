"""What kind of answer a response is, and how much of it an adapter holds to have it judged."""

from __future__ import annotations

import pytest

from scrapeguard.answers import answer_kind, asked_event_stream, body_cap, declares_text, is_text, judged_by_content, read_whole
from scrapeguard.resource import SNIFF_HEAD, Headers

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(50)
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(20)
MOVED = b"<html><body>Moved</body></html>"


def headers(content_type: str) -> Headers:
    return Headers([("content-type", content_type)])


class TestAnswerKind:
    def test_a_not_modified_or_an_empty_answer_has_nothing_to_judge(self) -> None:
        assert answer_kind(304, "text/html", None, b"<html>") == "other"
        assert answer_kind(200, "image/jpeg", None, b"") == "other"

    def test_a_redirect_is_told_by_its_bytes_alone(self) -> None:
        # a PHP avatar script answers "Moved" with the type of what it points to
        assert answer_kind(302, "image/jpeg", "/avatar.jpg", MOVED) == "html"

    def test_a_picture_sent_under_another_type_is_a_picture(self) -> None:
        assert answer_kind(200, "audio/mpeg", None, JPEG) == "image"

    def test_a_download_is_neither_page_nor_picture(self) -> None:
        assert answer_kind(200, "application/zip", None, b"PK\x03\x04" + bytes(40)) == "other"


class TestWhatIsReadWhole:
    @pytest.mark.parametrize("content_type", ["application/json", "application/ld+json", "text/css",
                                              "application/x-javascript", "text/plain", None])
    def test_text_that_may_carry_a_data_uri_picture_is_read(self, content_type: str | None) -> None:
        assert judged_by_content("other", content_type)

    @pytest.mark.parametrize("content_type", ["application/x-ndjson", "application/ndjson", "application/jsonl",
                                              "application/jsonlines", "application/x-jsonlines", "application/yaml",
                                              "application/x-yaml", "application/vnd.api+yaml", "application/toml"])
    def test_json_lines_yaml_and_toml_are_text_as_json_is(self, content_type: str) -> None:
        # an API's NDJSON with a base64 avatar in a data: URI passed unread and allowed, with no
        # note, where the same lines as application/json were redacted for the face in them
        assert is_text(content_type)
        assert judged_by_content("other", content_type)

    def test_s3s_untyped_binary_octet_stream_is_read_as_application_octet_stream_is(self) -> None:
        # (an object stored without a type: S3 and the CDNs before it answer binary/octet-stream)
        assert is_text("application/octet-stream") and is_text("binary/octet-stream")

    def test_a_multipart_answer_is_read_for_its_parts(self) -> None:
        assert judged_by_content("other", "multipart/mixed; boundary=x")

    @pytest.mark.parametrize("content_type", ["video/mp4", "audio/mpeg", "application/zip", "font/woff2"])
    def test_media_and_archives_are_judged_on_their_headers_and_first_bytes(self, content_type: str) -> None:
        assert not is_text(content_type)
        assert not judged_by_content("other", content_type)

    def test_an_adapter_holds_a_picture_served_as_audio_and_streams_a_video(self) -> None:
        assert read_whole(200, headers("audio/mpeg"), JPEG)
        assert not read_whole(200, headers("video/mp4"), MP4)

    def test_an_adapter_holds_pages_and_pictures(self) -> None:
        assert read_whole(200, headers("text/html; charset=utf-8"), b"<!doctype html><p>hi")
        assert read_whole(200, headers("image/jpeg"), JPEG)

    @pytest.mark.parametrize("before", [b"\n" * 1500, b"Notice: Undefined index: x in /var/www/index.php\n" * 60])
    def test_an_adapter_holds_a_page_that_begins_past_a_preamble_in_the_first_bytes_it_holds(self,
                                                                                             before: bytes) -> None:
        """(Review, session 70) Its first 1,445 bytes, blank or a PHP notice's, were all an adapter held to tell it
        by, and the page went on as a download, unread; Scrapy reads its markup in the first 5,000."""
        head = (before + b"<!doctype html><html><p>hi")[:SNIFF_HEAD]
        assert read_whole(200, headers("application/x-unknown"), head)


class TestEventStreams:
    def test_an_event_stream_the_client_asked_for_is_one(self) -> None:
        assert asked_event_stream("text/event-stream", headers("text/event-stream; charset=utf-8"))
        assert asked_event_stream("Text/Event-Stream, */*", headers("TEXT/EVENT-STREAM"))

    def test_an_answer_merely_labelled_an_event_stream_is_not_one(self) -> None:
        # else a portrait labelled text/event-stream would stream past the guard unread
        assert not asked_event_stream(None, headers("text/event-stream"))
        assert not asked_event_stream("*/*", headers("text/event-stream"))

    @pytest.mark.parametrize("accept", ["text/event-stream;q=0", "text/event-stream; q=0.0, */*", "text/event-stream-x",
                                        "application/json, text/event-stream;q=0"])
    def test_an_event_stream_the_client_refuses_or_does_not_name_is_not_asked_for(self, accept: str) -> None:
        """RFC 9110 12.5.1: a weight of 0 means "not acceptable" (a substring match took it for a request)."""
        assert not asked_event_stream(accept, headers("text/event-stream"))

    @pytest.mark.parametrize("accept", ["text/event-stream;q=0.5", "application/json;q=0.9, text/event-stream",
                                        "text/event-stream;q=oops"])
    def test_an_event_stream_asked_for_with_a_weight_is_one(self, accept: str) -> None:
        assert asked_event_stream(accept, headers("text/event-stream"))

    def test_an_event_stream_asked_for_but_answered_with_a_picture_is_not_one(self) -> None:
        assert not asked_event_stream("text/event-stream", headers("image/jpeg"))


class TestBodyCap:
    def test_the_policys_cap_unless_one_is_given(self) -> None:
        assert body_cap(None, 20 << 20) == 20 << 20
        assert body_cap(4096, 20 << 20) == 4096

    @pytest.mark.parametrize("cap", [-5, 0, 1023, True, 2.5, "1024"])
    def test_a_cap_no_answer_fits_in_is_refused_at_once(self, cap: object) -> None:
        """`GuardTransport(max_body_bytes=-5)` made every answer `body.too_large` (a 451 under fail-closed)."""
        with pytest.raises(ValueError, match="max_body_bytes"):
            body_cap(cap, 20 << 20)  # type: ignore[arg-type]


@pytest.mark.parametrize(("ctype", "text"), [
    ("application/json; charset=utf-8", True), ("text/css", True), ("application/ld+json", True),
    ("application/x-ndjson", True), ("text/javascript", True), ("application/yaml", True),
    ("text/plain", False), ("text/csv", False), ("application/jsonp-x", False),
    ("application/octet-stream", False), ("binary/octet-stream", False), (None, False), ("", False),
    ("text/event-stream", False), ("image/jpeg", False), ("application/zip", False),
])
def test_a_type_declares_text_when_it_names_a_text_format(ctype: str | None, text: bool) -> None:
    assert declares_text(ctype) is text


@pytest.mark.parametrize("fmt", ["DDS", "ICNS", "IM", "SGI", "QOI", "TGA", "SPIDER", "DIB", "PCX", "JPEG2000"])
def test_a_raster_format_the_magic_numbers_do_not_list_is_a_picture_whatever_its_type(fmt: str) -> None:
    """A portrait in one of Pillow's other formats served as application/octet-stream was "other": allowed
    unjudged, and Scrapy's ImagesPipeline, which opens any bytes Pillow reads, stored the face (review,
    session 60). Now a picture: judged as one (one the guard does not decode is an image.error)."""
    import io

    from PIL import Image

    picture = Image.new("F" if fmt == "SPIDER" else "RGB", (64, 48))
    out = io.BytesIO()
    picture.save(out, fmt)
    for ctype in ("application/octet-stream", None, "application/x-unheard-of", "image"):
        assert answer_kind(200, ctype, None, out.getvalue()) == "image", (fmt, ctype)
    # and served as a video, a sound, a font or an archive, over which a weak magic number is trusted too: an SGI,
    # IM, DIB or MSP portrait served as video/mp4 or font/woff2 was allowed unread and stored (review, session 66)
    for ctype in ("video/mp4", "audio/mpeg", "font/woff2", "application/zip", "application/font-woff",
                  "application/x-font-ttf", "application/vnd.ms-fontobject"):
        assert answer_kind(200, ctype, None, out.getvalue()) == "image", (fmt, ctype)
    # and served as a text, when its bytes are no text's (a text's own are: "P1 2 3 race results" stays text):
    # a raw PPM, PCX or SGI portrait served as text/plain passed to every adapter as text (review of the change)
    for ctype in ("text/plain", "text/plain; charset=utf-8", "application/json", "text/csv"):
        assert answer_kind(200, ctype, None, out.getvalue()) == "image", (fmt, ctype)


@pytest.mark.parametrize("ctype", ["video/mp4", "audio/mpeg", "font/woff2", "application/zip"])
def test_a_medium_a_font_or_an_archive_pillow_takes_for_no_picture_stays_other(ctype: str) -> None:
    for body in (b"\x00\x00\x00\x18ftypmp42" + bytes(300), b"ID3\x04\x00" + bytes(300), b"wOF2" + bytes(300),
                 b"PK\x03\x04" + bytes(300)):
        assert answer_kind(200, ctype, None, body) == "other", (ctype, body[:8])


@pytest.mark.parametrize(("ctype", "body"), [
    ("text/plain", b"DDS is the Data Distribution Service, a middleware standard"),
    ("text/plain", b"qoif is our new product line"), ("text/csv", b"LinSpace,1,2\n3,4,5\n"),
    # a UTF-16 JSON document Pillow's TGA reader takes for a header (review of the change)
    ("application/json; charset=utf-16le", '[\n  {\n    "a": 1\n  }\n]'.encode("utf-16-le")),
])
def test_bytes_that_begin_as_a_rare_picture_format_are_what_their_known_type_says(ctype: str, body: bytes) -> None:
    assert answer_kind(200, ctype, None, body) == "other"


@pytest.mark.parametrize("body", [b"PK\x03\x04" + bytes(500), b"%PDF-1.7\n" + bytes(500), b"#define FOO 1\n",
                                  b"\x00\x00\x01\xb3" + bytes(200),
                                  b"\x01\xda" + b"not an SGI header at all" * 10])
def test_a_download_pillow_does_not_take_for_a_raster_picture_stays_other(body: bytes) -> None:
    assert answer_kind(200, "application/octet-stream", None, body) == "other"
