"""Undoing a response's `Content-Encoding` before the guard judges its body, the same way in
every adapter. A body still encoded when it reaches the guard cannot be judged, so the guard
refuses to judge it (`Guard.check_response` fails, and the policy's `on_error` decides):
an adapter that could not decode must pass the header on, one that did must drop it."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx

# RFC 9110 §8.4.1.3: a recipient SHOULD treat "x-gzip" as "gzip" (and "x-compress" as "compress").
_ALIASES = {"x-gzip": "gzip"}


def _supported() -> frozenset[str]:
    names = {"gzip", "deflate"}
    if importlib.util.find_spec("brotli") or importlib.util.find_spec("brotlicffi"):
        names.add("br")
    if importlib.util.find_spec("zstandard"):
        names.add("zstd")
    return frozenset(names)


SUPPORTED: frozenset[str] = _supported()


def codings(content_encoding: str | None) -> list[str]:
    """The codings a `Content-Encoding` value lists, in the order they were applied,
    lower-cased, aliases resolved, `identity` left out."""
    out = []
    for part in (content_encoding or "").split(","):
        name = part.strip().lower()
        name = _ALIASES.get(name, name)
        if name and name != "identity":
            out.append(name)
    return out


def undecodable(content_encoding: str | None) -> str | None:
    """The first listed coding this installation cannot undo (`compress`, an unknown name), if any."""
    return next((c for c in codings(content_encoding) if c not in SUPPORTED), None)


def decoding_view(response: httpx.Response) -> httpx.Response:
    """A view over `response`'s stream whose `iter_bytes()` undoes every listed coding
    (aliases too, which httpx alone would pass through still encoded). Raises ValueError
    for a coding that cannot be undone."""
    bad = undecodable(response.headers.get("content-encoding"))
    if bad is not None:
        raise ValueError(f"content coding {bad!r} cannot be undone here")
    headers = [(k, v) for k, v in response.headers.raw if k.lower() != b"content-encoding"]
    listed = codings(response.headers.get("content-encoding"))
    if not listed:
        return httpx.Response(response.status_code, headers=headers, stream=response.stream)
    headers.append((b"content-encoding", ", ".join(listed).encode("ascii")))
    return httpx.Response(response.status_code, headers=headers, stream=_Pieces(response.stream, _piece(listed)))


def capped(chunks: Iterable[bytes], cap: int) -> tuple[bytes, bool]:
    """At most `cap` bytes of `chunks`, and whether there were more (read one chunk past the
    cap at most: a decompression bomb is never inflated further)."""
    buf = bytearray()
    for chunk in chunks:
        buf += chunk
        if len(buf) > cap:
            return bytes(buf[:cap]), True
    return bytes(buf), False


def decode(raw: bytes, content_encoding: str | None, cap: int) -> tuple[bytes, bool]:
    """`raw` with its codings undone, capped (see `capped`). Raises ValueError for a coding
    that cannot be undone and httpx.DecodingError for a corrupt body."""
    if not codings(content_encoding):
        return raw[:cap], len(raw) > cap
    view = decoding_view(httpx.Response(200, headers=[("content-encoding", content_encoding or "")],
                                        stream=httpx.ByteStream(raw)))
    return capped(view.iter_bytes(), cap)


def _piece(listed: list[str]) -> int:
    # gzip and deflate inflate at most ~1,000-fold; brotli and zstd far more (632 bytes of br can
    # hold 400 MiB), so they are fed in tiny pieces
    return 64 if "br" in listed or "zstd" in listed else 4096


class _Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body fed to the decoders in small pieces. Each piece is inflated whole before the cap
    is looked at, so the piece size bounds how far past the cap a decompression bomb gets:
    a few MB, not the whole body (a network chunk of 64 kB, or a buffered body in one piece)."""

    def __init__(self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, piece: int) -> None:
        self._stream, self._piece = stream, piece

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:  # type: ignore[union-attr]
            for start in range(0, len(chunk), self._piece):
                yield chunk[start : start + self._piece]

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:  # type: ignore[union-attr]
            for start in range(0, len(chunk), self._piece):
                yield chunk[start : start + self._piece]


def without_encoding(headers: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Headers as they describe a decoded body: without `Content-Encoding` and `Content-Length`."""
    return ((k, v) for k, v in headers if k.lower() not in ("content-encoding", "content-length"))
