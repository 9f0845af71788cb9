"""Undoing Content-Encoding before a body is judged: the same rules in every adapter."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import brotli
import httpx
import pytest

from scrapeguard.codings import codings, decode, undecodable

PAGE = b"<html><body><p>" + b"hello " * 2000 + b"</p></body></html>"


@pytest.mark.parametrize("header,expected", [
    ("gzip", ["gzip"]), (" GZip ", ["gzip"]), ("x-gzip", ["gzip"]), ("identity", []), ("", []), (None, []),
    ("gzip, identity, br", ["gzip", "br"]), ("deflate,gzip", ["deflate", "gzip"]),
])
def test_the_listed_codings_in_the_order_they_were_applied(header: str | None, expected: list[str]) -> None:
    assert codings(header) == expected


@pytest.mark.parametrize("header,packed", [
    ("gzip", gzip.compress(PAGE)), ("x-gzip", gzip.compress(PAGE)), ("gzip, gzip", gzip.compress(gzip.compress(PAGE))),
    ("identity, gzip", gzip.compress(PAGE)), ("deflate", zlib.compress(PAGE)), ("br", brotli.compress(PAGE)),
    ("gzip, br", brotli.compress(gzip.compress(PAGE))), ("identity", PAGE), ("", PAGE),
])
def test_every_listed_coding_is_undone(header: str, packed: bytes) -> None:
    assert decode(packed, header, 10**6) == (PAGE, False)


@pytest.mark.parametrize("header", ["compress", "x-compress", "pack200-gzip", "gzip, snappy"])
def test_a_coding_that_cannot_be_undone_is_an_error_not_the_raw_bytes(header: str) -> None:
    assert undecodable(header) is not None
    with pytest.raises(ValueError, match="cannot be undone"):
        decode(b"\x1f\x9d\x90...", header, 10**6)


def test_a_corrupt_body_is_a_decoding_error() -> None:
    with pytest.raises(httpx.DecodingError):
        decode(b"\x1f\x8b\x08\x00garbage" * 10, "gzip", 10**6)


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
    assert peak < 96 * 1024 * 1024, peak


def test_the_streaming_view_feeds_network_chunks_in_pieces_too() -> None:
    from scrapeguard.codings import capped, decoding_view

    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=1)
    response = httpx.Response(200, headers={"content-encoding": "x-gzip"}, stream=httpx.ByteStream(bomb))
    tracemalloc.start()
    try:
        body, truncated = capped(decoding_view(response).iter_bytes(), 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert truncated and len(body) == 1024 * 1024 and peak < 32 * 1024 * 1024, peak
