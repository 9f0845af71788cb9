"""Judging a body whose `Content-Encoding` says it is coded, or that came coded without one.

Adapters hand over bodies they decoded; direct callers (a WARC record, urllib3 with
decode_content=False) hand over what came. Either way the guard must judge the content, never
the coded bytes, and never garbage a text misread as brotli or deflate decodes to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import httpx

from scrapeguard.answers import is_text
from scrapeguard.codings import (
    BLIND_CODINGS,
    MAX_CODINGS,
    capped,
    coded_start,
    decoding_view,
    past_cap,
    plain_text,
    split_codings,
    undecodable,
    unlabelled_coding,
    zlib_wrapped,
)
from scrapeguard.decision import Finding, Note
from scrapeguard.resource import BYTE_ORDER_MARKS, SNIFF_BYTES, declares_download, sniff_kind

_ASCII_TEXT = bytes([9, 10, 11, 12, 13, *range(32, 127)])
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13, 27))  # NUL: UTF-16/32 text has it
_MAGIC_CODINGS = frozenset({"gzip", "zstd", "compress"})  # data in these always starts with its magic number
# pages, texts and pictures: none of them starts with gzip's or zstd's magic number
_JUDGED_TYPES = re.compile(r"(?:text/[\w.+-]+|application/xhtml\+xml|image/[\w.+-]+)\s*(?:;|$)", re.IGNORECASE)


def undo_coding(
    url: str, coding: str | None, body: bytes, truncated: bool, broken_off: bool, sniffed: bool,
    notes: list[Note], raw: list[Finding], cap: int,
) -> tuple[bytes, bool, bool, bool]:
    """`body` as it is to be judged when `Content-Encoding` lists a coding: `(body, truncated,
    broken_off, coded)`, `coded` when it is still coded and could not be undone (an error
    finding, for on_error: the bytes are not judged as what they claim to be).

    Why: a caller handing over the body as it came (a WARC record, urllib3 with
    decode_content=False, aiohttp with auto_decompress=False) had the coded bytes judged as
    the page: nothing in them, so allowed. It is now decoded here, bounded by the cap
    (`codings.decode`; brotli or deflate cut short: the part that decodes to markup or a
    picture). `coded`: a body that starts with its coding's magic number (gzip, zstd,
    compress) and does not decode, one in a coding not undone here, or one whose bytes read
    as no content and no decode of which does. A body whose bytes read as content (UTF-16
    Cyrillic or CJK text) is judged as given, with a note: the adapters hand over what they
    decoded without the header, so only a direct caller's stale header leads here.

    A listed name that is no content coding at all (`utf-8`, `none`, `binary`: `no_codings`)
    is left out, as httpx, Scrapy and browsers leave it out: a page sent as `Content-Encoding:
    utf-8` was blocked (`body.encoded`) by check_url and the httpx transport, though every
    client reads it as it is. Its bytes must still read as content (else `body.encoded`)."""
    listed, ignored = split_codings(coding)
    if not listed:
        return _not_coded(url, ignored, body, truncated, broken_off, notes, raw)
    named, outer = ", ".join(listed), listed[-1]
    magic = coded_start(body, outer)
    strong = magic and outer in _MAGIC_CODINGS  # (a zlib header starts one text in a hundred or so)
    bad = undecodable(named)
    decoded, cut, why = b"", False, f"content coding {bad!r} cannot be undone here" if bad else ""
    nothing = False  # nothing, said in its coding with every check passing (`gzip.compress(b"")`): an empty body
    if not bad and (magic or outer not in _MAGIC_CODINGS):  # (gzip, zstd, compress: their magic, or not coded)
        broke: list[str] = []
        view = decoding_view(httpx.Response(200, headers=[("content-encoding", named)],
                                            stream=httpx.ByteStream(body)))
        decoded, cut = capped(_until_broken(view.iter_bytes(), broke), cap)
        nothing = strong and not decoded and not cut and not broke
        cut = cut or bool(broke)
        why = f"DecodingError: {broke[0][:200]}" if broke and not decoded else ""
    over = past_cap(decoded, cut, cap)
    if nothing or _undone(body, decoded, magic, strong, not cut or over, not cut or over or truncated or sniffed):
        if cut and not over and not (truncated or sniffed):  # its coding breaks off: the part that decodes
            broken_off = True
        notes.append(Note("body.decoded", f"the body came in its content coding ({named}) and was decoded "
                          f"to be judged: {len(body)} -> {len(decoded)} bytes (a redacted copy is decoded too)", url))
        return decoded, truncated or over, broken_off, False
    if strong or bad or not _reads_as_content(body):
        # it starts as gzip, zstd or compress data do and does not decode (no page does that), its
        # coding cannot be undone here, or its bytes read as no content and no decode of them does:
        # still coded (the adapters hand over what they decoded without the header)
        why = why or ("its coding breaks off before anything readable decodes" if strong else
                      "no decode of it reads as content, nor do its bytes")
        raw.append(Finding("error", "body.encoded", f"the body is still in its content coding ({named}) and could "
                           f"not be decoded ({why}): it cannot be judged", url, {"coding": named}))
        return body, truncated, broken_off, True
    # no magic number of its coding and no decode of it, but its bytes read as content: judged as
    # given (a text can look coded by a few bytes: UTF-16 Cyrillic or CJK, EBCDIC with tabs, a
    # \x01-separated export; and a body decoded before it reached the guard is content)
    state = why or "it reads as decoded content"
    notes.append(Note("body.coding_unclear", f"Content-Encoding names {named}, but the body is not in that "
                      f"coding ({state}); judged as given, as a body decoded before it reached the guard", url))
    return body, truncated, broken_off, False


def _not_coded(url: str, ignored: list[str], body: bytes, truncated: bool, broken_off: bool,
               notes: list[Note], raw: list[Finding]) -> tuple[bytes, bool, bool, bool]:
    """`undo_coding` of a body whose `Content-Encoding` lists only names that are no content
    coding: judged as it is when it plainly is content (text with no control bytes, a text with a
    byte-order mark, a page or a picture by its first bytes; noted `body.coding_unclear`), else still
    coded under a name nobody can undo (`body.encoded`, for on_error). Not `_reads_as_content`:
    its UTF-16 guess takes repetitive binary data for text, and nothing here decodes to check it."""
    named, head = ", ".join(ignored), body[:SNIFF_BYTES]
    if plain_text(head) or head.startswith(BYTE_ORDER_MARKS) or sniff_kind(None, head) != "other":
        notes.append(Note("body.coding_unclear", f"Content-Encoding names {named}, which is no content coding "
                          "(a server misconfiguration): judged as it is, as httpx, Scrapy and browsers read it", url))
        return body, truncated, broken_off, False
    raw.append(Finding("error", "body.encoded", f"the body is still in its content coding ({named}) and could not "
                       f"be decoded (content coding {ignored[0]!r} cannot be undone here, and its bytes read as "
                       "no content): it cannot be judged", url, {"coding": named}))
    return body, truncated, broken_off, True


def unlabelled_page_coding(content_type: str | None, body: bytes) -> str | None:
    """"gzip" or "zstd" when a body sent as a page, a text (JSON, a script, XML, CSS too) or a picture (or
    with no type) starts with that coding's magic number though no `Content-Encoding` names one; else None.

    Why: a page compressed twice under one `Content-Encoding: gzip` (an application and a proxy
    each compressing), or a pre-compressed file sent without the header, reached the guard still
    compressed: nothing readable in it, so its opt-outs (a meta robots noai inside) went unseen and
    it was allowed without a word; an API's JSON so sent, its data: avatars too; a photo so sent was
    never looked at (`image.error`: a fail-open policy passed the portrait, and an erased photo's bytes
    were never compared with the suppression list). No page, text or picture starts with these bytes.
    A download (an archive, `application/octet-stream`) is what it says and is left alone."""
    return unlabelled_coding(body) if _may_come_coded(content_type) else None


def _may_come_coded(content_type: str | None) -> bool:
    """Whether an answer of this type is judged by its content, so that one compressed though no
    `Content-Encoding` says so is decoded to be judged: a page, a text, a picture, or no type at all."""
    return not content_type or _JUDGED_TYPES.match(content_type.strip()) is not None or (
        is_text(content_type) and not declares_download(content_type))


def undo_unlabelled_layers(
    url: str, content_type: str | None, body: bytes, truncated: bool, broken_off: bool, sniffed: bool,
    notes: list[Note], raw: list[Finding], cap: int,
) -> tuple[bytes, bool, bool, bool]:
    """`body` with every coding no `Content-Encoding` names undone (`unlabelled_page_coding`, each
    layer by `undo_coding`, bounded by the cap): `(body, truncated, broken_off, coded)` as there.

    Why layer after layer: a page gzip'd twice under one `Content-Encoding: gzip` handed over as it
    came had the named layer undone and the gzip data under it judged as the page (its noai unseen:
    allowed). Past `MAX_CODINGS` layers it is still coded: `body.encoded`, for on_error."""
    layers = 0
    while True:
        name = unlabelled_page_coding(content_type, body)
        if name is None:  # brotli or deflate, which no magic number shows: tried on bytes that read as no content
            blind = _blind_layer(url, content_type, body, truncated, broken_off, sniffed, cap) \
                if layers < MAX_CODINGS else None
            if blind is None:
                return body, truncated, broken_off, False
            layers += 1
            body, truncated, broken_off, said = blind
            notes.extend(said)
            continue
        if layers == MAX_CODINGS:
            raw.append(Finding("error", "body.encoded", f"the body is still {name} data after {MAX_CODINGS} layers of "
                               "compression were undone (at most that many are): it cannot be judged", url,
                               {"coding": name}))
            return body, truncated, broken_off, True
        layers += 1
        notes.append(_unlabelled_note(name, url))
        body, truncated, broken_off, coded = undo_coding(url, name, body, truncated, broken_off, sniffed, notes, raw,
                                                         cap)
        if coded:
            return body, truncated, broken_off, True


def _unlabelled_note(name: str, url: str) -> Note:
    return Note("body.coding_unlabelled", f"the body is {name} data though no Content-Encoding says so (compressed "
                "twice, or a compressed file sent without the header): decoded to be judged, as what it says is in it",
                url)


def _blind_layer(url: str, content_type: str | None, body: bytes, truncated: bool, broken_off: bool, sniffed: bool,
                 cap: int) -> tuple[bytes, bool, bool, list[Note]] | None:
    """`undo_coding`'s `(body, truncated, broken_off)` and its notes for a body whose bytes read as no
    content (`_reads_as_content`) in brotli or deflate though no `Content-Encoding` names it; None when it is
    neither (garbage is judged as it came, as before). Why: a page pre-compressed as `.html.br`, or compressed
    twice (`br` under `Content-Encoding: gzip`, handed over by the adapters as brotli), was judged as the page:
    binary junk, its noai unseen, allowed without a word."""
    if not body or not _may_come_coded(content_type) or (_reads_as_content(body) and not zlib_wrapped(body)):
        return None  # (a short deflate stream may read as text by its bytes: its zlib header and checksum tell it)
    for name in BLIND_CODINGS:
        if undecodable(name):
            continue
        notes = [_unlabelled_note(name, url)]
        raw: list[Finding] = []
        decoded, cut, broke, coded = undo_coding(url, name, body, truncated, broken_off, sniffed, notes, raw, cap)
        if not coded and not raw and any(note.code == "body.decoded" for note in notes):  # (not judged as given)
            return decoded, cut, broke, notes
    return None


def _reads_as_content(body: bytes) -> bool:
    """Whether `body`'s first bytes read as decoded content: a picture or a page by its magic
    numbers or markup, or text (in any charset: few control bytes; compressed data has one in
    ten). Coded data almost never does."""
    head = body[:SNIFF_BYTES]
    if not head or sniff_kind(None, head) != "other" or _utf16_text(head):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 16 <= len(head)


def _utf16_text(head: bytes) -> bool:
    """Whether `head` is UTF-16/32 or UTF-8 text by a byte-order mark, or UTF-16 text of a few
    scripts by its high bytes: at most four values (ASCII's 0x00, Cyrillic's 0x04, punctuation's
    0x20, …) in nine pairs of ten. Why: Greek, Cyrillic, Hebrew and Arabic text has high bytes
    0x03-0x06, control bytes by count; coded or random data never has so few values there."""
    if head.startswith(BYTE_ORDER_MARKS):
        return True
    pairs = len(head) // 2
    if pairs < 16:
        return False
    for high in (head[1:2 * pairs:2], head[0:2 * pairs:2]):  # little-endian, then big-endian
        if sum(n for _, n in Counter(high).most_common(4)) * 10 >= pairs * 9:
            return True
    return False


def _undone(body: bytes, decoded: bytes, magic: bool, strong: bool, clean: bool, whole: bool) -> bool:
    """Whether `decoded` is `body` with its content coding undone, not bytes misread as coded.
    `magic`: `body` starts as its coding's data does (`strong`: gzip, zstd, compress: no text
    does); `clean`: all of it decoded (or up to the cap); `whole`: as far as it was given.

    Why so careful: the adapters hand over bodies they decoded with the response's headers, and
    a text can read as brotli or raw deflate (which have no magic number) for a few bytes, and
    now and then to an end: that garbage must never be judged in place of the page."""
    if not decoded:
        return False
    if magic and clean:
        return True  # its magic number, and all of it decodes (gzip's CRC and zlib's Adler-32 checked)
    if clean and unlabelled_coding(decoded) is not None:
        return True  # compressed again (gzip inside br), all of it decoding: that layer is undone next
    if not _reads_as_content(decoded):
        return False
    if strong:
        return True  # gzip, zstd, compress that break off: the part that decodes
    page_or_picture = sniff_kind(None, decoded) != "other"
    if not whole:  # brotli or deflate that break off: a part only when coded bytes decode to markup or a picture
        return page_or_picture and not _reads_as_content(body)
    if not _reads_as_content(body):  # coded: no shorter decoded (a stored block adds a few bytes), or a picture
        return page_or_picture or len(decoded) + 16 + len(body) // 128 >= len(body)
    # a body that reads as content itself came decoded, unless it decodes to markup, a picture or ASCII text
    return len(decoded) >= len(body) and (page_or_picture or _mostly_ascii(decoded))


def _mostly_ascii(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
    return len(head.translate(None, _ASCII_TEXT)) * 10 <= len(head)


def _until_broken(chunks: Iterator[bytes], broke: list[str]) -> Iterator[bytes]:
    """`chunks` up to where their coding breaks off, said in `broke` (not logged: the guard tries
    a coding on bodies the adapters hand over decoded, which break off at once)."""
    try:
        yield from chunks
    except httpx.DecodingError as exc:
        broke.append(str(exc))
