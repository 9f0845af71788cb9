"""Undoing a response's `Content-Encoding` before the guard judges its body, the same way in
every adapter. A body still encoded when it reaches the guard cannot be judged, so the guard
refuses to judge it (`Guard.check_response` fails, and the policy's `on_error` decides):
an adapter that could not decode must pass the header on, one that did must drop it.

Every decoder here bounds its output per call (`CHUNK`), so a decompression bomb of a few
hundred bytes stops one chunk past the adapter's cap instead of inflating hundreds of MB at
once. A body whose coding breaks off (corrupt or cut short) is judged on the part that could be
decoded, marked cut; a body of which nothing can be decoded is an error."""

from __future__ import annotations

import functools
import importlib
import logging
import re
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from types import ModuleType
from typing import Any, Protocol

import httpx

log = logging.getLogger("scrapeguard")

# RFC 9110 §8.4.1.3: a recipient SHOULD treat "x-gzip" as "gzip" (and "x-compress" as "compress").
_ALIASES = {"x-gzip": "gzip"}
PIECE = 64 * 1024  # compressed bytes per decoder call: each call copies what it has not used yet
# coded bytes an adapter reads at most to find the first decoded bytes that tell what a body is
# (a gzip header with a long file name); past them the body is held as one the guard reads
SNIFF_LIMIT = 64 * 1024
CHUNK = 256 * 1024  # decoded bytes per decoder call at most: how far past the cap a bomb gets
# a decoder that cannot bound its output (brotli < 1.2, the zstandard package) gets tiny
# pieces instead: 632 bytes of br can hold 400 MiB, so 64 bytes still inflate a few MB at once
_BLIND_PIECE = 64


def _first_module(*names: str) -> ModuleType | None:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


@functools.cache
def _brotli() -> tuple[ModuleType | None, bool]:
    """The brotli binding to use and whether it bounds its output (`output_buffer_limit`,
    brotli and brotlicffi >= 1.2; mitmproxy 11 pins brotli to 1.1, hence brotlicffi)."""
    for name in ("brotli", "brotlicffi"):
        module = _first_module(name)
        if module is not None and hasattr(module.Decompressor, "can_accept_more_data"):
            return module, True
    return _first_module("brotli", "brotlicffi"), False


@functools.cache
def _zstd() -> tuple[ModuleType | None, bool]:
    """The zstd binding to use and whether it bounds its output (`max_length`: the standard
    library's from Python 3.14, its backport before; the zstandard package cannot)."""
    module = _first_module("compression.zstd", "backports.zstd")
    if module is not None:
        return module, True
    return _first_module("zstandard"), False


def _supported() -> frozenset[str]:
    names = {"gzip", "deflate"}
    if _brotli()[0] is not None:
        names.add("br")
    if _zstd()[0] is not None:
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


# stacked codings undone at most (servers apply one, now and then the same one twice). Why: each is a
# decoder and a chunk in flight, and 1,200 gzip layers (a 30 KB body, which httpx reads) raised
# RecursionError in the chain: the guard failing, so a fail-open policy passed the page unjudged
MAX_CODINGS = 8


def undecodable(content_encoding: str | None) -> str | None:
    """The first listed coding this installation cannot undo (`compress`, an unknown name), if any;
    past `MAX_CODINGS` stacked codings, the first one past them (said so: none of them is undone)."""
    listed = codings(content_encoding)
    if len(listed) > MAX_CODINGS:
        return f"{listed[MAX_CODINGS]} (the {MAX_CODINGS + 1}th of {len(listed)} stacked codings; at most {MAX_CODINGS} are undone)"
    return next((c for c in listed if c not in SUPPORTED), None)


# the content codings registered with IANA (RFC 9110 §16.6.1, the HTTP Content Coding Registry; `x-gzip`
# is resolved to gzip by `codings`): a listed name among them is a coding, even one not undone here
REGISTERED = frozenset({"aes128gcm", "br", "compress", "dcb", "dcz", "deflate", "exi", "gzip", "pack200-gzip",
                        "x-compress", "zstd"})
# the bytes of plain text (`plain_text`): every byte but the C0 controls other than whitespace, and DEL
_TEXT_BYTES = bytes([*b"\t\n\v\f\r", *range(0x20, 0x7F), *range(0x80, 0x100)])


def no_codings(content_encoding: str | None) -> list[str]:
    """The listed names that are no content coding at all (`utf-8`, `none`, `binary`: a server
    misconfigured), which httpx, Scrapy and browsers read as identity."""
    return split_codings(content_encoding)[1]


def split_codings(content_encoding: str | None) -> tuple[list[str], list[str]]:
    """The listed names, in order, split in one parse: (content codings, names that are none)."""
    names = codings(content_encoding)
    return [c for c in names if c in REGISTERED], [c for c in names if c not in REGISTERED]


def plain_text(data: bytes) -> bool:
    """Whether `data` hold no control byte but whitespace (text in any ASCII-based charset): what
    no compressed body of some length is."""
    return not data.translate(None, _TEXT_BYTES)


def decode_host_file(raw: bytes, content_encoding: str | None, cap: int) -> tuple[bytes, bool]:
    """`decode` for a host file (robots.txt, tdmrep.json, ai.txt): a listed name that is no content
    coding (`no_codings`) is read as identity, as httpx, Scrapy and browsers read it, when what the
    other codings give is plain text. Why: refused, a robots.txt sent as `Content-Encoding: utf-8`
    was "unreachable" and its whole origin disallowed, a tdmrep.json's reservation lost. A real
    coding not undone here (`compress`), or bytes that are no text, still raise as in `decode`; plain
    text a listed coding's decoder fails on is read as it came."""
    listed, ignored = split_codings(content_encoding)
    try:
        body, truncated = decode(raw, ", ".join(listed), cap) if listed else (raw, False)
    except httpx.DecodingError:  # (a coding undone here whose decoder the bytes failed; not one it cannot undo)
        if not (raw and plain_text(raw[:_TEXT_HEAD]) and plain_text(raw[-_TEXT_HEAD:])):
            raise
        # plain text under a coding's name it is not in (a server gzip-labelling a robots.txt it sends as it
        # is): its words, read; refused, the origin's robots.txt was "unreachable" and every page of it
        # disallowed for as long as the server said so (signals review)
        body, truncated = (raw[:cap], True) if len(raw) > cap else (raw, False)
    # what the listed codings leave may be compressed again (gzip'd twice under one header: `Disallow: /`
    # was read as binary, no rule in it, and the whole site allowed); under names that are no coding
    # alone, compressed bytes are no plain text (below)
    if (listed or not ignored) and (undone := undo_unlabelled(body, cap)) is not None:
        body, truncated = undone[0], truncated or undone[1]
    elif len(body) > cap:
        body, truncated = body[:cap], True
    if not ignored and (blind := _undo_blind(body, cap)) is not None:  # (brotli, deflate: no magic number)
        body, truncated = blind[0], truncated or blind[1]
    if ignored and not plain_text(body):
        raise ValueError(f"content coding {ignored[0]!r} cannot be undone here, and the body is not plain text")
    return body, truncated


# codings whose data start with no magic number (`unlabelled_coding` cannot tell them): tried on bytes that
# read as no text (a host file, `_undo_blind`) or no content (a page, `coded_body`)
BLIND_CODINGS = ("br", "deflate")


def _undo_blind(raw: bytes, cap: int) -> tuple[bytes, bool] | None:
    """A host file in brotli or deflate though no `Content-Encoding` names it (a CDN serving a pre-compressed
    robots.txt.br without the header), decoded, when its bytes are no plain text (or a zlib stream) and all of
    it decodes (or up to the cap) to plain text; None otherwise: read as it came. Why: these codings have no
    magic number (`unlabelled_coding`), so its compressed bytes were read as the file, no rule in them, and
    the whole site allowed without a word."""
    if not raw or (plain_text(raw[:_TEXT_HEAD]) and not zlib_wrapped(raw)):
        return None
    for name in BLIND_CODINGS:
        if name not in SUPPORTED:
            continue
        try:
            body, truncated = decode(raw, name, cap)
        except (httpx.DecodingError, ValueError):
            continue
        if body and (not truncated or past_cap(body, truncated, cap)) and plain_text(body[:_TEXT_HEAD]):
            return body, truncated
    return None


_TEXT_HEAD = 512  # the first bytes `_undo_blind` tells plain text by


def identity_note(content_encoding: str | None, name: str) -> str:
    """What to say of host file `name` sent with names in its Content-Encoding that are no
    content coding (read as identity by `decode_host_file`); "" when there are none."""
    ignored = no_codings(content_encoding)
    if not ignored:
        return ""
    listed = ", ".join(repr(c) for c in ignored)
    return (f"{name} was sent with Content-Encoding {listed}, which is no content coding (a server "
            "misconfiguration): read as plain text, as httpx, Scrapy and browsers read it")


def decoding_view(response: httpx.Response) -> httpx.Response:
    """A view over `response`'s stream whose `iter_bytes()` undoes every listed coding
    (aliases too, which httpx alone would pass through still encoded), in chunks of at most
    `CHUNK` bytes made as they are read. Raises ValueError for a coding that cannot be undone;
    reading raises httpx.DecodingError where the coded data breaks off (after the chunks
    decoded before that point)."""
    bad = undecodable(response.headers.get("content-encoding"))
    if bad is not None:
        raise ValueError(f"content coding {bad!r} cannot be undone here")
    headers = [(k, v) for k, v in response.headers.raw if k.lower() != b"content-encoding"]
    listed = codings(response.headers.get("content-encoding"))
    if not listed:
        return httpx.Response(response.status_code, headers=headers, stream=response.stream)
    return httpx.Response(response.status_code, headers=headers, stream=_Decoded(response.stream, listed))


def capped(chunks: Iterable[bytes], cap: int) -> tuple[bytes, bool]:
    """At most `cap` bytes of `chunks`, and whether there were more (read one chunk past the
    cap at most: a decompression bomb is never inflated further). Coded data that breaks off
    after some bytes were decoded gives those bytes, marked cut: they are what can be judged."""
    buf = bytearray()
    try:
        for chunk in chunks:
            buf += chunk
            if len(buf) > cap:
                return bytes(memoryview(buf)[:cap]), True
    except httpx.DecodingError as exc:
        if not buf:
            raise
        # (DEBUG: each caller says what it makes of a body that breaks off, with its URL: a page judged
        # on its start, `body.broken_off`; a host file unreachable)
        log.debug("scrapeguard: content coding breaks off after %d decoded bytes (%s)", len(buf), exc)
        return bytes(buf), True
    return bytes(buf), False


def decode(raw: bytes, content_encoding: str | None, cap: int) -> tuple[bytes, bool]:
    """`raw` with its codings undone, capped (see `capped`). Raises ValueError for a coding
    that cannot be undone and httpx.DecodingError for a body of which nothing can be decoded."""
    if not codings(content_encoding):
        return raw[:cap], len(raw) > cap
    # (the codings as read: a stray non-ASCII byte beside a name ("gzip\xa0") is no header httpx sends)
    view = decoding_view(httpx.Response(200, headers=[("content-encoding", ", ".join(codings(content_encoding)))],
                                        stream=httpx.ByteStream(raw)))
    return capped(view.iter_bytes(), cap)


def zlib_wrapped(data: bytes) -> bool:
    """Whether "deflate" data start with a zlib header (RFC 1950: CM 8, CINFO <= 7, FCHECK) —
    servers send both that and raw deflate under the one name."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and data[0] >> 4 <= 7 and (data[0] << 8 | data[1]) % 31 == 0


def coded_start(body: bytes, coding: str) -> bool:
    """Whether `body` starts as data in `coding` does: gzip's, zstd's and compress's magic numbers,
    a zlib header for deflate (RFC 1950). Brotli and raw deflate have none."""
    if coding == "gzip":
        return body[:2] == b"\x1f\x8b"
    if coding == "zstd":  # a frame, or a skippable frame (RFC 8878 §3.1.2)
        return body[:4] == b"\x28\xb5\x2f\xfd" or (body[1:4] == b"\x2a\x4d\x18" and body[0] & 0xF0 == 0x50)
    if coding == "compress":
        return body[:2] == b"\x1f\x9d"
    if coding == "deflate":
        return zlib_wrapped(body)
    return False


def unlabelled_coding(body: bytes) -> str | None:
    """"gzip" or "zstd" when `body` starts with that coding's magic number, which no text does: a body
    compressed though no `Content-Encoding` names it (compressed twice under one header, or a
    pre-compressed file sent without the header). Brotli and deflate have no such mark."""
    return next((name for name in ("gzip", "zstd") if coded_start(body, name)), None)


# Compressions the guard never undoes (nor `scan`), told by their first bytes: xz, bzip2 (its block header after
# its level: "BZh" alone begins words)
_NEVER_UNDONE: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"\xfd7zXZ\x00"), "xz"), (re.compile(rb"BZh[1-9](?:1AY&SY|\x17rE8P\x90)"), "bzip2"))


def never_undone_coding(body: bytes) -> str | None:
    """"xz", "bzip2" or "compress" when `body` starts as data so compressed, which no adapter, the guard or `scan`
    undoes: a download that is such a file (`resource.container_kind`), a saved body `scan` refuses."""
    named = next((name for magic, name in _NEVER_UNDONE if magic.match(body)), None)
    return named or ("compress" if coded_start(body, "compress") else None)


def undo_unlabelled(raw: bytes, cap: int, *, partial: bool = False) -> tuple[bytes, bool] | None:
    """A host file compressed though no `Content-Encoding` names it (`unlabelled_coding`: a
    pre-compressed robots.txt served without the header), decoded as `decode` does, when all of it
    decodes (or up to the cap); None otherwise: read as it came. One place for every fetcher of host
    files: the guard's own (`fetch`) and Scrapy's (`decode_host_file`), which read it raw, its
    Disallow lines unseen. Layer after layer (compressed twice, once with no header), `MAX_CODINGS` at most.
    `partial`: a layer that breaks off is kept as far as it decodes, for what its start tells (`scan`
    telling a cut-off `.tar.gz` saved as `backup` by the tar header inside)."""
    undone: tuple[bytes, bool] | None = None
    for _ in range(MAX_CODINGS):
        name = unlabelled_coding(raw)
        if name is None:
            break
        try:
            body, truncated = decode(raw, name, cap)
        except (httpx.DecodingError, ValueError):
            break
        if truncated and not partial and not past_cap(body, truncated, cap):
            break
        undone, raw = (body, truncated or (undone is not None and undone[1])), body
    return undone


def past_cap(body: bytes, truncated: bool, cap: int) -> bool:
    """Whether a body `decode` marked cut stopped at the cap (there is more, which an adapter
    passing the response on unchanged hands over unseen) rather than where its coding broke
    off (nothing more decodes: what was judged is all the crawler can get)."""
    return truncated and len(body) >= cap


def sniffed_head(raw: bytes | bytearray, content_encoding: str | None, size: int) -> tuple[bytes, bool] | None:
    """The first `size` bytes of a body an adapter may judge on its first bytes alone (audio, video, an
    archive), once `raw` (the body as it came, so far) holds them: `(head, as_came)`. Decoded; or, where they
    are not in the coding `Content-Encoding` names (an MP3 stream labelled gzip), or it names a coding not
    undone here or none at all (`compress`, `none`, `utf-8`), the first `size` bytes as they came (`as_came`:
    judged with that Content-Encoding, so the guard says `body.coding_unclear` or `body.encoded` of them as it
    says of the whole body). None while they are not all here (a gzip header naming a long file gives nothing).
    Names that are no coding beside real ones are left out of the decoding, as httpx and the guard leave them.

    Why apart from a coding that has not yet given them: a decoder fails at once on bytes not in its coding,
    and only at its end on data merely cut short. Taken for the latter, such a body was held up to the cap, and
    `client.stream()` on an endless radio stream so labelled waited minutes for its headers (20 MiB)."""
    listed = split_codings(content_encoding)[0]
    if not codings(content_encoding):  # none named: the body is its content
        return (bytes(raw[:size]), False) if len(raw) >= size else None
    if listed and undecodable(", ".join(listed)) is None:
        chain, out = _Chain(listed), bytearray()
        try:
            for chunk in chain.feed(bytes(raw)):
                out += chunk
                if len(out) >= size:
                    return bytes(out[:size]), False
        except httpx.DecodingError:  # not in that coding: judged as it came, below
            pass
        else:
            return None  # (`chain.end()` not asked: the coded data go on)
    return (bytes(raw[:size]), True) if len(raw) >= size else None


def without_encoding(headers: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Headers as they describe a decoded body: without `Content-Encoding`, and without `Content-Length` where a
    coding named there was undone (a body in no coding keeps it: the length its resource is remembered by, whose
    later parts must be of it; dropped always, every video was remembered of no length, and a portrait's parts at
    its path passed: review)."""
    fields = list(headers)
    coded = any(k.lower() == "content-encoding" and v.strip().lower() not in ("", "identity") for k, v in fields)
    dropped = ("content-encoding", "content-length") if coded else ("content-encoding",)
    return (field for field in fields if field[0].lower() not in dropped)


# ---------------------------------------------------------------- the decoders

class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of `data`, in chunks made as they are asked for."""

    def end(self) -> None:
        """Raises httpx.DecodingError if the coded data stopped before its end."""


def _pieces(data: bytes, size: int) -> Iterator[bytes]:
    if len(data) <= size:
        yield data
        return
    for start in range(0, len(data), size):
        yield data[start : start + size]


class _Zlib:
    """gzip, and deflate: zlib-wrapped as RFC 9110 says, or raw as some servers send it.
    Every member of a gzip body is read; bytes after the end that start no member are ignored."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._head = b""
        self._seen = False
        self._trail = b""  # bytes after a gzip member, until they show whether another member follows
        self._junk = False
        self._d: Any = zlib.decompressobj(zlib.MAX_WBITS | 16) if name == "gzip" else None

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        if self._d is None:  # deflate: the first two bytes say whether a zlib header wraps it (RFC 1950)
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._d = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped(data) else -zlib.MAX_WBITS)
        for piece in _pieces(data, PIECE):
            more = True
            while more:
                if self._d.eof:
                    if self._name != "gzip" or self._junk:
                        break
                    # gzip may hold several members one after the other (RFC 1952 §2.2): Scrapy,
                    # requests and Python's gzip read them all, so all of them are judged
                    self._trail += piece
                    piece = b""
                    if len(self._trail) < 2:
                        break
                    if not self._trail.startswith(b"\x1f\x8b"):
                        self._junk, self._trail = True, b""  # trailing bytes that are no member: ignored
                        break
                    piece, self._trail = self._trail, b""
                    self._d = zlib.decompressobj(zlib.MAX_WBITS | 16)
                try:
                    out = self._d.decompress(piece, CHUNK)
                except zlib.error as exc:
                    raise httpx.DecodingError(f"{self._name}: {exc}") from exc
                if out:
                    yield out
                if self._d.eof:
                    piece = self._d.unused_data  # the next member's start, or junk
                    more = bool(piece)
                else:
                    piece = self._d.unconsumed_tail
                    more = bool(piece) or len(out) == CHUNK  # (a full chunk: more may be waiting inside)

    def end(self) -> None:
        if self._seen and (self._d is None or not self._d.eof):
            raise httpx.DecodingError(f"{self._name} data is incomplete")


class _Brotli:
    def __init__(self) -> None:
        module, self._bounded = _brotli()
        assert module is not None
        self._error = module.error
        self._d = module.Decompressor()
        self._seen = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        try:
            if not self._bounded:
                for piece in _pieces(data, _BLIND_PIECE):
                    out = self._d.process(piece)
                    if out:
                        yield out
                return
            for piece in _pieces(data, PIECE):
                out = self._d.process(piece, output_buffer_limit=CHUNK)
                if out:
                    yield out
                while not self._d.can_accept_more_data():
                    out = self._d.process(b"", output_buffer_limit=CHUNK)
                    if not out:
                        raise httpx.DecodingError("br: the decoder stopped making progress")
                    yield out
        except self._error as exc:
            raise httpx.DecodingError(f"br: {exc}") from exc

    def end(self) -> None:
        if self._seen and not self._d.is_finished():
            raise httpx.DecodingError("br data is incomplete")


class _Zstd:
    """RFC 8878: the content may be several frames one after the other."""

    def __init__(self) -> None:
        module, self._bounded = _zstd()
        assert module is not None
        self._module = module
        self._error: type[Exception] = module.ZstdError
        self._d = self._new()
        self._seen = False

    def _new(self) -> Any:
        if self._bounded:
            return self._module.ZstdDecompressor()
        return self._module.ZstdDecompressor().decompressobj()

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        try:
            for piece in _pieces(data, PIECE if self._bounded else _BLIND_PIECE):
                yield from self._frames(piece)
        except (self._error, EOFError) as exc:
            raise httpx.DecodingError(f"zstd: {exc}") from exc

    def _frames(self, data: bytes) -> Iterator[bytes]:
        while True:
            if self._d.eof:  # the next frame starts with what the last one left over
                data = self._d.unused_data + data
                if not data:
                    return
                self._d = self._new()
            out = self._d.decompress(data, CHUNK) if self._bounded else self._d.decompress(data)
            data = b""
            if out:
                yield out
            if self._d.eof:
                continue
            if not self._bounded or self._d.needs_input:
                return

    def end(self) -> None:
        if self._seen and not self._d.eof:
            raise httpx.DecodingError("zstd data is incomplete")


def _decoder(name: str) -> _Decoder:
    if name in ("gzip", "deflate"):
        return _Zlib(name)
    if name == "br":
        return _Brotli()
    if name == "zstd":
        return _Zstd()
    raise ValueError(f"content coding {name!r} cannot be undone here")


class _Chain:
    """The listed codings undone last-applied first, each decoder's chunks fed to the next
    as they come, so no stage holds more than a chunk."""

    def __init__(self, listed: list[str]) -> None:
        self._decoders = [_decoder(name) for name in reversed(listed)]

    def feed(self, data: bytes, stage: int = 0) -> Iterator[bytes]:
        if stage == len(self._decoders):
            yield data
            return
        for out in self._decoders[stage].feed(data):
            yield from self.feed(out, stage + 1)

    def end(self) -> None:
        for decoder in self._decoders:
            decoder.end()


class _Decoded(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A coded body stream, decoded as it is read."""

    def __init__(self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, listed: list[str]) -> None:
        self._stream, self._listed = stream, listed

    def __iter__(self) -> Iterator[bytes]:
        chain = _Chain(self._listed)
        for chunk in self._stream:  # type: ignore[union-attr]
            yield from chain.feed(chunk)
        chain.end()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chain = _Chain(self._listed)
        async for chunk in self._stream:  # type: ignore[union-attr]
            for out in chain.feed(chunk):
                yield out
        chain.end()
