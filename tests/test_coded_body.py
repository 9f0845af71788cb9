"""A body whose Content-Encoding says it is coded, or that came coded without one: the content
is judged, never the coded bytes, and never garbage that a text misread as coded decodes to."""

from __future__ import annotations

import gzip
import random

import pytest

from scrapeguard.coded_body import undo_coding, unlabelled_page_coding
from scrapeguard.decision import Finding, Note

URL = "https://a.example/page.html"
PAGE = (b"<!doctype html><html><head><meta name=robots content=noai></head><body>"
        + b"<p>hello world</p>" * 200 + b"</body></html>")
NOISE = random.Random(7).randbytes(3000)  # (what coded data looks like: no text, no magic number)


def undo(coding: str, body: bytes, cap: int = 1 << 20) -> tuple[bytes, bool, bool, list[str], list[str]]:
    notes: list[Note] = []
    raw: list[Finding] = []
    judged, truncated, _, coded = undo_coding(URL, coding, body, False, False, False, notes, raw, cap)
    return judged, truncated, coded, [n.code for n in notes], [f.code for f in raw]


def test_a_body_in_its_listed_coding_is_decoded_and_judged_as_the_page() -> None:
    judged, truncated, coded, notes, findings = undo("gzip", gzip.compress(PAGE))
    assert judged == PAGE and not truncated and not coded
    assert notes == ["body.decoded"] and findings == []


def test_nothing_said_in_gzip_is_an_empty_body_not_a_coded_one() -> None:
    """`gzip.compress(b"")` with `Content-Encoding: gzip` (an empty page, compressed) was blocked as
    `body.encoded`, "could not be decoded", though it decodes, every check passing, to nothing (found
    in a review). A gzip header whose data breaks off before any byte is still no body."""
    judged, _, coded, notes, findings = undo("gzip", gzip.compress(b""))
    assert judged == b"" and not coded and notes == ["body.decoded"] and findings == []
    judged, _, coded, _, findings = undo("gzip", gzip.compress(b"")[:12])
    assert coded and findings == ["body.encoded"]


def test_decoding_stops_at_the_cap_and_says_the_body_was_cut() -> None:
    judged, truncated, coded, _, _ = undo("gzip", gzip.compress(PAGE), cap=1000)
    assert PAGE.startswith(judged[:1000]) and truncated and not coded


def test_a_page_decoded_before_it_reached_the_guard_is_judged_as_given_with_a_note() -> None:
    # (a stale Content-Encoding header from a direct caller: the bytes plainly are the page)
    judged, _, coded, notes, findings = undo("gzip", PAGE)
    assert judged == PAGE and not coded
    assert notes == ["body.coding_unclear"] and findings == []


def test_a_body_compressed_again_inside_its_listed_coding_is_decoded_to_that_layer() -> None:
    """gzip inside br under `Content-Encoding: br` (compressed twice): the br layer decodes, all of it, to
    gzip data, which reads as no content; that was `body.encoded`, the page blocked or (fail-open) passed
    unread. The gzip data is handed on, to be undone as a layer no header names (`undo_unlabelled_layers`)."""
    import brotli

    inner = gzip.compress(PAGE)
    judged, truncated, coded, notes, findings = undo("br", brotli.compress(inner))
    assert judged == inner and not truncated and not coded
    assert notes == ["body.decoded"] and findings == []


@pytest.mark.parametrize("coding", ["br", "deflate", "x-unknown-coding"])
def test_bytes_that_read_as_no_content_and_do_not_decode_are_an_error_not_an_allow(coding: str) -> None:
    judged, _, coded, notes, findings = undo(coding, NOISE)
    assert coded and judged == NOISE
    assert findings == ["body.encoded"] and notes == []


def test_a_name_that_is_no_content_coding_is_left_out_as_clients_leave_it_out() -> None:
    judged, _, coded, notes, _ = undo("utf-8", PAGE)
    assert judged == PAGE and not coded and notes == ["body.coding_unclear"]
    _, _, coded, _, findings = undo("utf-8", NOISE)  # ... but the bytes must still read as content
    assert coded and findings == ["body.encoded"]


class TestUnlabelledCoding:
    def test_a_compressed_page_without_content_encoding_is_found(self) -> None:
        assert unlabelled_page_coding("text/html; charset=utf-8", gzip.compress(PAGE)) == "gzip"
        assert unlabelled_page_coding(None, gzip.compress(PAGE)) == "gzip"

    @pytest.mark.parametrize("ctype", ["application/json", "application/x-ndjson; charset=utf-8", "application/jsonl",
                                       "application/javascript", "text/javascript", "application/xml",
                                       "application/rss+xml", "text/css", "application/yaml"])
    def test_a_compressed_text_answer_of_any_text_type_is_found(self, ctype: str) -> None:
        # (a JSON answer gzipped twice under one Content-Encoding: its data: avatars went unseen)
        assert unlabelled_page_coding(ctype, gzip.compress(PAGE)) == "gzip"

    def test_a_download_is_what_it_says(self) -> None:
        assert unlabelled_page_coding("application/octet-stream", gzip.compress(PAGE)) is None
        assert unlabelled_page_coding("application/gzip", gzip.compress(PAGE)) is None
        assert unlabelled_page_coding("binary/octet-stream", gzip.compress(PAGE)) is None
        assert unlabelled_page_coding(" Application/Octet-Stream ; charset=binary", gzip.compress(PAGE)) is None
        # (the x- spelling `is_text` accepts too, and one type given twice, joined by a comma: downloads
        # whose gzip was read as a coding left undone, a truncated one then refused as body.encoded)
        assert unlabelled_page_coding("application/x-octet-stream", gzip.compress(PAGE)) is None
        assert unlabelled_page_coding("application/octet-stream,application/octet-stream", gzip.compress(PAGE)) is None

    @pytest.mark.parametrize("ctype", ['application/json; profile="https://example.org/octet-stream"',
                                       "application/vnd.example.octet-stream+json"])
    def test_a_text_type_naming_octet_stream_elsewhere_is_no_download(self, ctype: str) -> None:
        # ("octet-stream" was looked for anywhere in the field: a JSON answer so typed, gzipped twice,
        # was left compressed, its data: avatars unread and the answer allowed without a word)
        assert unlabelled_page_coding(ctype, gzip.compress(PAGE)) == "gzip"

    @pytest.mark.parametrize("ctype", ["image/jpeg", "image/png; q=1", "Image/WebP", "image/svg+xml"])
    def test_a_compressed_picture_is_found(self, ctype: str) -> None:
        # (no picture starts with gzip's or zstd's magic number: a photo gzipped twice under one header
        # went unlooked-at, image.error, which a fail-open policy passes)
        assert unlabelled_page_coding(ctype, gzip.compress(PAGE)) == "gzip"

    def test_a_plain_page_has_none(self) -> None:
        assert unlabelled_page_coding("text/html", PAGE) is None


class TestCodingsWithoutAMagicNumber:
    """Brotli and deflate data start with no magic number: a page in either sent with no header naming it
    (a pre-compressed `.html.br`, or compressed twice, `br` under `Content-Encoding: gzip`, which the
    adapters undo and hand over as brotli) was judged as the page: binary junk, its noai unseen, allowed
    without a word. When its bytes read as no content, such a coding is tried; garbage stays as it was."""

    @staticmethod
    def layers(ctype: str | None, body: bytes) -> tuple[bytes, bool, list[str], list[str]]:
        from scrapeguard.coded_body import undo_unlabelled_layers

        notes: list[Note] = []
        raw: list[Finding] = []
        judged, _, _, coded = undo_unlabelled_layers(URL, ctype, body, False, False, False, notes, raw, 1 << 20)
        return judged, coded, [n.code for n in notes], [f.code for f in raw]

    @pytest.mark.parametrize("compress", [
        pytest.param(lambda data: __import__("brotli").compress(data), id="br"),
        pytest.param(lambda data: __import__("zlib").compress(data), id="deflate"),
        pytest.param(lambda data: __import__("zlib").compress(data)[2:-4], id="raw deflate"),
        pytest.param(lambda data: __import__("brotli").compress(gzip.compress(data)), id="gzip inside br"),
    ])
    @pytest.mark.parametrize("ctype", ["text/html; charset=utf-8", None, "application/json"])
    def test_a_page_in_a_coding_without_a_magic_number_and_no_header_is_judged_decoded(self, compress, ctype) -> None:
        judged, coded, notes, findings = self.layers(ctype, compress(PAGE))
        assert judged == PAGE and not coded and findings == []
        assert "body.coding_unlabelled" in notes and "body.decoded" in notes

    def test_content_and_garbage_are_left_as_they_are(self) -> None:
        assert self.layers("text/html", PAGE) == (PAGE, False, [], [])
        assert self.layers("text/html", NOISE) == (NOISE, False, [], [])  # (no coding: judged as it came, as before)

    def test_a_download_is_what_it_says(self) -> None:
        import brotli

        packed = brotli.compress(PAGE)
        assert self.layers("application/octet-stream", packed) == (packed, False, [], [])

    def test_a_short_page_in_deflate_is_told_by_its_zlib_header_and_checksum(self) -> None:
        """A few dozen compressed bytes may read as text by their bytes; a zlib stream whose checksum holds is none."""
        import zlib

        short = b'<html><meta name="robots" content="noai"></html>'
        judged, coded, notes, _ = self.layers("text/html", zlib.compress(short))
        assert judged == short and not coded and "body.decoded" in notes
        text = b"x^2 + y^2 = r^2 <p>a circle</p>"  # (starts as a zlib header does: 78 5E)
        assert self.layers("text/html", text) == (text, False, [], [])
