"""Undoing Content-Encoding before a body is judged: the same rules in every adapter."""

from __future__ import annotations

import gzip
import os
import time
import tracemalloc
import zlib
from itertools import islice

import brotli
import httpx
import pytest
import zstandard

from scrapeguard import codings as codings_module
from scrapeguard.codings import (
    CHUNK,
    MAX_CODINGS,
    capped,
    codings,
    decode,
    decode_host_file,
    decoding_view,
    identity_note,
    plain_text,
    sniffed_head,
    undecodable,
)

def _gzip(data: bytes) -> bytes:
    """gzip with a fixed timestamp: the bytes name parametrized tests, and pytest-xdist's workers
    must collect the same names."""
    return gzip.compress(data, mtime=0)


PAGE = b"<html><body><p>" + b"hello " * 2000 + b"</p></body></html>"


@pytest.mark.parametrize("header", ["gzip\xa0", "\x85gzip", "gzip\u3000", " x-gzip , identity"])
def test_a_stray_byte_beside_a_coding_name_is_read_as_the_name(header: str) -> None:
    """`codings()` reads "gzip\xa0" as gzip; handing httpx the raw value raised UnicodeEncodeError."""
    assert decode(gzip.compress(PAGE), header, 1 << 20) == (PAGE, False)


@pytest.mark.parametrize("header,expected", [
    ("gzip", ["gzip"]), (" GZip ", ["gzip"]), ("x-gzip", ["gzip"]), ("identity", []), ("", []), (None, []),
    ("gzip, identity, br", ["gzip", "br"]), ("deflate,gzip", ["deflate", "gzip"]),
])
def test_the_listed_codings_in_the_order_they_were_applied(header: str | None, expected: list[str]) -> None:
    assert codings(header) == expected


@pytest.mark.parametrize("header,packed", [
    ("gzip", _gzip(PAGE)), ("x-gzip", _gzip(PAGE)), ("gzip, gzip", _gzip(_gzip(PAGE))),
    ("identity, gzip", _gzip(PAGE)), ("deflate", zlib.compress(PAGE)), ("br", brotli.compress(PAGE)),
    ("gzip, br", brotli.compress(_gzip(PAGE))), ("identity", PAGE), ("", PAGE),
    ("zstd", zstandard.ZstdCompressor().compress(PAGE)), ("br, zstd", zstandard.ZstdCompressor().compress(brotli.compress(PAGE))),
    ("deflate", zlib.compress(PAGE)[2:-4]),  # raw deflate, as some servers send it
    ("zstd", zstandard.ZstdCompressor().compress(PAGE[:500]) + zstandard.ZstdCompressor().compress(PAGE[500:])),  # two frames
    ("gzip", _gzip(PAGE) + b"\0\0junk"),  # after the end of the stream: ignored, as browsers do
])
def test_every_listed_coding_is_undone(header: str, packed: bytes) -> None:
    assert decode(packed, header, 10**6) == (PAGE, False)


@pytest.mark.parametrize("header", ["compress", "x-compress", "pack200-gzip", "gzip, snappy"])
def test_a_coding_that_cannot_be_undone_is_an_error_not_the_raw_bytes(header: str) -> None:
    assert undecodable(header) is not None
    with pytest.raises(ValueError, match="cannot be undone"):
        decode(b"\x1f\x9d\x90...", header, 10**6)


def _layers(data: bytes, count: int) -> bytes:
    for _ in range(count):
        data = gzip.compress(data, 1)
    return data


def test_stacked_codings_are_undone_up_to_the_bound_and_past_it_are_a_coding_not_undone() -> None:
    """1,200 gzip layers (a 30 KB body httpx reads) raised RecursionError inside the decoder chain."""
    assert decode(_layers(PAGE, MAX_CODINGS), ", ".join(["gzip"] * MAX_CODINGS), 10**6) == (PAGE, False)
    for count in (MAX_CODINGS + 1, 1200):
        header = ", ".join(["gzip"] * count)
        assert undecodable(header) is not None and f"of {count} stacked codings" in undecodable(header)  # type: ignore[operator]
        with pytest.raises(ValueError, match=f"at most {MAX_CODINGS} are undone"):
            decode(_layers(PAGE, count), header, 10**6)


ROBOTS = b"User-agent: *\nDisallow: /private/\n# caf\xc3\xa9 \xe9t\xe9\n"  # (UTF-8 and Latin-1 alike are text)


@pytest.mark.parametrize("header,sent", [
    ("utf-8", ROBOTS), ("none", ROBOTS), ("binary", ROBOTS), ("x-unknown", ROBOTS), ("UTF-8, identity", ROBOTS),
    ("gzip, utf-8", _gzip(ROBOTS)), ("text, br", brotli.compress(ROBOTS)),
])
def test_a_host_file_sent_with_a_name_that_is_no_coding_is_read_as_plain_text(header: str, sent: bytes) -> None:
    """httpx, Scrapy and browsers read such a body as identity; refused, a robots.txt was "unreachable"
    and its whole origin disallowed. The real codings listed beside it are undone."""
    assert decode_host_file(sent, header, 1 << 20) == (ROBOTS, False)
    assert decode_host_file(sent, header, 10) == (ROBOTS[:10], True)
    assert "no content coding" in identity_note(header, "robots.txt")
    with pytest.raises(ValueError, match="cannot be undone"):  # `decode` itself, for pages, is unchanged
        decode(sent, header, 1 << 20)


@pytest.mark.parametrize("header,sent", [
    ("utf-8", _gzip(ROBOTS)),  # compressed bytes under a name that is no coding: not text
    ("x-unknown", bytes(range(256))),
    ("compress", ROBOTS),  # a real coding not undone here is never read as identity
    ("pack200-gzip", ROBOTS),
])
def test_a_host_file_that_is_no_plain_text_or_in_a_real_coding_stays_unreadable(header: str, sent: bytes) -> None:
    with pytest.raises(ValueError, match="cannot be undone"):
        decode_host_file(sent, header, 1 << 20)


@pytest.mark.parametrize("header", ["gzip", "deflate", "br", "gzip, br"])
def test_a_host_file_sent_as_plain_text_under_a_codings_name_is_read_as_it_came(header: str) -> None:
    """(A signals review: a robots.txt sent as it is with `Content-Encoding: gzip` failed its decoder, and was
    "unreachable": the whole origin disallowed, again each minute, for as long as the server said so.)"""
    assert decode_host_file(ROBOTS, header, 1 << 20) == (ROBOTS, False)
    assert decode_host_file(ROBOTS, header, 10) == (ROBOTS[:10], True)
    with pytest.raises(httpx.DecodingError):  # (no text: unreadable, as before)
        decode_host_file(b"\x00\x01\x02garbage" * 10, header, 1 << 20)


def test_known_codings_of_a_host_file_decode_and_break_off_as_in_decode() -> None:
    assert decode_host_file(gzip.compress(ROBOTS), "gzip", 1 << 20) == (ROBOTS, False)
    assert decode_host_file(ROBOTS, None, 1 << 20) == (ROBOTS, False)
    with pytest.raises(httpx.DecodingError):
        decode_host_file(b"\x1f\x8b\x08\x00garbage" * 10, "gzip, utf-8", 1 << 20)
    assert identity_note("gzip, identity", "robots.txt") == identity_note(None, "robots.txt") == ""


def test_plain_text_is_text_in_any_ascii_based_charset_without_control_bytes() -> None:
    assert plain_text(ROBOTS) and plain_text(b"") and plain_text(b"a\tb\r\n\x0c")
    assert not plain_text(b"User-agent: *\x00") and not plain_text(gzip.compress(ROBOTS))


@pytest.mark.parametrize("header", ["gzip", "deflate", "br", "zstd", "gzip, br"])
def test_a_body_of_which_nothing_can_be_decoded_is_a_decoding_error(header: str) -> None:
    with pytest.raises(httpx.DecodingError):
        decode(b"\x1f\x8b\x08\x00garbage" * 10, header, 10**6)


def _packed(header: str, body: bytes) -> bytes:
    return {"gzip": gzip.compress, "deflate": zlib.compress, "br": lambda b: brotli.compress(b, quality=5),
            "zstd": zstandard.ZstdCompressor().compress}[header](body)


BIG_PAGE = b"<html><body>" + b"".join(b"<p>%d %s</p>" % (i, os.urandom(8).hex().encode()) for i in range(30000)) + b"</body></html>"  # 830 kB: zstd blocks hold 128 kB


@pytest.mark.parametrize("header", ["gzip", "deflate", "br", "zstd"])
def test_a_body_cut_short_is_judged_on_the_part_decoded_and_marked_cut(header: str) -> None:
    """Before, a cut gzip, deflate or br body passed as if whole (not marked), a cut zstd one was an error."""
    packed = _packed(header, BIG_PAGE)
    body, cut = decode(packed[: len(packed) * 2 // 3], header, 10**6)
    assert cut and 0 < len(body) < len(BIG_PAGE) and BIG_PAGE.startswith(body)


@pytest.mark.parametrize("header", ["gzip", "br", "zstd"])
def test_a_body_corrupt_half_way_is_judged_on_the_part_before_and_marked_cut(header: str) -> None:
    """What the damaged half decodes to, if anything (brotli reads 0xff as words of its
    dictionary), is judged too: it is what the crawler gets."""
    packed = bytearray(_packed(header, BIG_PAGE))
    packed[len(packed) // 2 :] = b"\xff" * (len(packed) - len(packed) // 2)
    body, cut = decode(bytes(packed), header, 10**6)
    assert cut and body[: len(BIG_PAGE) // 8] == BIG_PAGE[: len(BIG_PAGE) // 8]


@pytest.mark.parametrize("header", ["gzip", "deflate", "br", "zstd"])
def test_an_empty_body_is_empty_not_an_error(header: str) -> None:
    assert decode(b"", header, 100) == (b"", False)


def test_a_gzip_bomb_is_inflated_only_a_little_past_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)  # 200 MiB in ~200 kB
    tracemalloc.start()
    try:
        body, truncated = decode(bomb, "gzip", 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert truncated and len(body) == 1024 * 1024
    assert peak < 32 * 1024 * 1024, peak  # not the 200 MiB the whole body would take


def test_a_body_over_the_cap_is_cut_and_says_so() -> None:
    assert decode(PAGE, None, 100) == (PAGE[:100], True)
    assert decode(gzip.compress(PAGE), "gzip", len(PAGE)) == (PAGE, False)


def test_a_brotli_bomb_is_inflated_only_a_little_past_the_cap() -> None:
    """A few hundred bytes of br can hold 160 MiB: fed whole to the decoder, it all came out at once."""
    bomb = brotli.compress(b"\0" * (160 * 1024 * 1024), quality=5)
    assert len(bomb) < 2000
    tracemalloc.start()
    try:
        body, truncated = decode(bomb, "br", 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert truncated and len(body) == 1024 * 1024
    assert peak < 8 * 1024 * 1024, peak  # 96 MiB when it was fed whole, some MB in 64-byte pieces


def test_the_installed_br_and_zstd_decoders_bound_their_output() -> None:
    """brotli 1.1 (mitmproxy pins it) and the zstandard package cannot; brotlicffi >= 1.2 and
    backports.zstd, both dependencies, can: without them br and zstd crawl in 64-byte pieces."""
    assert codings_module._brotli()[1] and codings_module._zstd()[1]


@pytest.mark.parametrize("header", ["gzip", "br", "zstd", "gzip, br"])
def test_a_bomb_comes_out_in_chunks_of_bounded_size(header: str) -> None:
    bomb = b"\0" * (16 * 1024 * 1024)
    for coding in codings(header):
        bomb = _packed(coding, bomb)
    response = httpx.Response(200, headers={"content-encoding": header}, stream=httpx.ByteStream(bomb))
    chunks = list(islice(decoding_view(response).iter_bytes(), 40))
    assert len(chunks) == 40 and max(len(c) for c in chunks) <= CHUNK


@pytest.mark.parametrize("header", ["br", "zstd"])
def test_a_large_incompressible_body_decodes_fast(header: str) -> None:
    """3 MB of random bytes (a JPEG served with br): 64-byte pieces took 90-250 ms, now a few."""
    noise = os.urandom(3_000_000)
    packed = _packed(header, noise)
    took = []
    for _ in range(3):
        start = time.perf_counter()
        assert decode(packed, header, 64 << 20) == (noise, False)
        took.append(time.perf_counter() - start)
    assert min(took) < 0.05, took


def test_without_an_output_bound_br_is_still_fed_in_small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """brotli 1.1 alone (no brotlicffi): still correct, and a bomb still stops near the cap."""
    monkeypatch.setattr(codings_module, "_brotli", lambda: (brotli, False))
    assert decode(brotli.compress(PAGE), "br", 10**6) == (PAGE, False)
    body, cut = decode(brotli.compress(b"\0" * (160 * 1024 * 1024), quality=5), "br", 1024 * 1024)
    assert cut and len(body) == 1024 * 1024
    packed = brotli.compress(BIG_PAGE, quality=5)
    body, cut = decode(packed[: len(packed) // 2], "br", 10**6)
    assert cut and BIG_PAGE.startswith(body) and body


def test_without_an_output_bound_zstd_is_still_fed_in_small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codings_module, "_zstd", lambda: (zstandard, False))
    two_frames = zstandard.ZstdCompressor().compress(PAGE[:500]) + zstandard.ZstdCompressor().compress(PAGE[500:])
    assert decode(two_frames, "zstd", 10**6) == (PAGE, False)
    body, cut = decode(zstandard.ZstdCompressor().compress(b"\0" * (160 * 1024 * 1024)), "zstd", 1024 * 1024)
    assert cut and len(body) == 1024 * 1024


def test_the_streaming_view_feeds_network_chunks_in_pieces_too() -> None:
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=1)
    response = httpx.Response(200, headers={"content-encoding": "x-gzip"}, stream=httpx.ByteStream(bomb))
    tracemalloc.start()
    try:
        body, truncated = capped(decoding_view(response).iter_bytes(), 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert truncated and len(body) == 1024 * 1024 and peak < 32 * 1024 * 1024, peak


def test_every_member_of_a_gzip_body_is_read_as_other_clients_read_them() -> None:
    # Scrapy, requests and Python's gzip decode every member: judging the first alone let a
    # portrait in the second pass the proxy unredacted
    body = gzip.compress(b"<p>one</p>") + gzip.compress(b'<img src="/jane.jpg" alt="Portrait of Jane Doe">')
    assert decode(body, "gzip", 10**6) == (gzip.decompress(body), False)
    reader = codings_module._Zlib("gzip")  # members split across network chunks of one byte
    assert b"".join(b"".join(reader.feed(body[i : i + 1])) for i in range(len(body))) == gzip.decompress(body)
    reader.end()
    assert decode(gzip.compress(b"abc") + b"junk after it", "gzip", 10**6) == (b"abc", False)


def test_a_body_compressed_without_its_header_is_known_by_the_magic_number_no_text_starts_with() -> None:
    """gzip and zstd data always start with their magic number; brotli and deflate have none, and a
    text never starts with those bytes (`Guard.check_response` decodes such a page to judge it)."""
    from scrapeguard.codings import unlabelled_coding

    text = b"<html><body>hello</body></html>"
    assert unlabelled_coding(gzip.compress(text)) == "gzip"
    assert unlabelled_coding(zstandard.ZstdCompressor().compress(text)) == "zstd"
    assert [unlabelled_coding(b) for b in (text, brotli.compress(text), zlib.compress(text), b"", b"\x1f")] == [None] * 5


def test_a_host_file_compressed_without_a_content_encoding_is_read_decoded_by_every_fetcher() -> None:
    """A pre-compressed robots.txt served without the header: the guard's own fetcher decoded it, Scrapy's
    (`decode_host_file`) read it raw, its Disallow lines unseen and the site's /private/ crawled."""
    from scrapeguard.codings import decode_host_file

    robots = b"User-agent: *\nDisallow: /private/\n"
    assert decode_host_file(gzip.compress(robots), None, 1 << 20) == (robots, False)
    assert decode_host_file(zstandard.ZstdCompressor().compress(robots), "", 1 << 20) == (robots, False)
    broken = b"\x1f\x8b" + robots  # gzip's magic, then no gzip: read as it came
    assert decode_host_file(broken, None, 1 << 20) == (broken, False)


def test_a_host_file_in_brotli_or_deflate_without_a_header_is_read_decoded_and_text_as_it_came() -> None:
    """Brotli and deflate have no magic number: a robots.txt so compressed with no header naming it was read as
    its compressed bytes, no rule in them. Bytes that are no plain text are tried in both, kept where all of
    it decodes to plain text; a text (one starting as a zlib header does, `x^`) is read as it came."""
    from scrapeguard.codings import decode_host_file

    robots = b"User-agent: *\nDisallow: /private/\n"
    for packed in (brotli.compress(robots), zlib.compress(robots), zlib.compress(robots)[2:-4]):
        assert decode_host_file(packed, None, 1 << 20) == (robots, False)
    text = b"x^ is no rule\nUser-agent: *\nDisallow: /x\n"
    assert decode_host_file(text, None, 1 << 20) == (text, False)
    noise = bytes(range(256)) * 4
    assert decode_host_file(noise, None, 1 << 20) == (noise, False)


def test_a_layer_that_breaks_off_is_undone_as_far_as_it_decodes_only_when_asked() -> None:
    """A host file whose gzip breaks off is read as it came (what it says is not all it says); what
    looks at a body's start (`scan` looking for an archive in a cut-off `.tar.gz`) asks for the part."""
    from scrapeguard.codings import undo_unlabelled

    text = b"".join(b"line %d of a tar header, then pictures\n" % n for n in range(20000))
    cut = gzip.compress(text)
    cut = cut[: len(cut) // 2]
    assert undo_unlabelled(cut, 1 << 20) is None
    body, truncated = undo_unlabelled(cut, 1 << 20, partial=True) or (b"", False)
    assert truncated and body and text.startswith(body)


def test_a_host_file_compressed_twice_under_one_coding_is_read_decoded() -> None:
    """`Disallow: /` gzipped twice under one `Content-Encoding: gzip` was decoded once and read as gzip
    data: no rule in it, the whole site allowed. Every layer is undone (`undo_unlabelled`), bounded."""
    from scrapeguard.codings import MAX_CODINGS, decode_host_file, undo_unlabelled

    robots = b"User-agent: *\nDisallow: /\n"
    twice = gzip.compress(gzip.compress(robots))
    assert decode_host_file(twice, "gzip", 1 << 20) == (robots, False)
    assert decode_host_file(gzip.compress(twice), None, 1 << 20) == (robots, False)
    assert decode_host_file(twice, "gzip, utf-8", 1 << 20) == (robots, False)
    assert undo_unlabelled(zstandard.ZstdCompressor().compress(twice), 1 << 20) == (robots, False)
    layered = robots
    for _ in range(MAX_CODINGS + 1):
        layered = gzip.compress(layered)
    body, _ = decode_host_file(layered, None, 1 << 20)
    assert body != robots and body.startswith(b"\x1f\x8b")  # past the bound: not undone further


def test_a_head_not_in_its_named_coding_is_taken_as_it_came_not_waited_for() -> None:
    """A decoder fails at once on bytes not in its coding and only at its end on data cut short: the first
    stood for the second, and an adapter held an MP3 stream labelled gzip up to its cap to find its first bytes."""
    frames = (b"\xff\xfb\x90\x64" + bytes(1020)) * 4
    coded = _gzip(PAGE)
    assert sniffed_head(coded[:20], "gzip", 512) is None  # (cut short: more may give them)
    assert sniffed_head(coded, "gzip", 512) == (PAGE[:512], False)
    assert sniffed_head(coded, "gzip, utf-8", 512) == (PAGE[:512], False)  # (a name that is no coding left out)
    assert sniffed_head(frames[:100], "gzip", 512) is None  # (not 512 bytes yet)
    for named in ("gzip", "br", "deflate", "none", "utf-8", "compress", "gzip, none"):
        assert sniffed_head(frames, named, 512) == (frames[:512], True), named
    assert sniffed_head(frames, None, 512) == sniffed_head(frames, "identity", 512) == (frames[:512], False)


def test_headers_of_a_decoded_body_keep_its_length_where_no_coding_was_undone() -> None:
    """The length is what a resource is remembered by, whose later parts must be of it: dropped always, a video
    at a download path was remembered of no length, and a portrait's parts at that path passed (review)."""
    from scrapeguard.codings import without_encoding

    plain = [("Content-Type", "video/mp4"), ("Content-Length", "9032")]
    assert list(without_encoding(plain)) == plain
    assert list(without_encoding([*plain, ("Content-Encoding", "identity")])) == plain
    assert list(without_encoding([*plain, ("Content-Encoding", "gzip")])) == [("Content-Type", "video/mp4")]
