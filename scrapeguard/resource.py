"""Facts about a fetched resource, shared by every reader: headers, origin, content kind.

Pure functions and small value types; no I/O.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

import httpx

ContentKind = Literal["html", "image", "svg", "other"]

MAX_HEADER_FIELDS = 256
MAX_HEADER_VALUE = 16 * 1024

HeaderInput = Mapping[str, str] | Iterable[tuple[str, str]] | Iterable[tuple[bytes, bytes]] | None


def _text(value: str | bytes) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


class Headers:
    """Case-insensitive, multi-valued, bounded header view.

    Every repeated field is kept (X-Robots-Tag may be sent several times and all of
    them count). Hostile input is bounded: at most 256 fields, 16 KiB per value.
    """

    __slots__ = ("_items",)

    def __init__(self, items: HeaderInput = None) -> None:
        pairs: list[tuple[str, str]] = []
        if items is not None:
            source: Iterable[tuple[str | bytes, str | bytes]]
            if hasattr(items, "multi_items"):
                source = items.multi_items()  # httpx.Headers (a Mapping that would join repeats)
            elif isinstance(items, Mapping):
                source = items.items()
            else:
                source = items  # type: ignore[assignment]
            for name, value in source:
                if len(pairs) >= MAX_HEADER_FIELDS:
                    break
                pairs.append((_text(name).strip().lower(), _text(value)[:MAX_HEADER_VALUE]))
        self._items = pairs

    def get_all(self, name: str) -> list[str]:
        key = name.lower()
        return [v for k, v in self._items if k == key]

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.get_all(name)
        return ", ".join(values) if values else default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and any(k == name.lower() for k, _ in self._items)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


@functools.lru_cache(maxsize=16384)
def origin(url: str) -> str:
    """`scheme://host[:port]` with the default port dropped, lower-cased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def without_userinfo(url: str) -> str:
    """`url` without `user:password@`: credentials a crawler puts in a URL must not end up in
    decisions, logs or the audit log."""
    scheme_end = url.find("://")
    if scheme_end < 0 or "@" not in url:
        return url
    start = scheme_end + 3
    end = len(url)
    for ch in "/?#":
        k = url.find(ch, start)
        if 0 <= k < end:
            end = k
    at = url.rfind("@", start, end)
    return url if at < 0 else url[:start] + url[at + 1 :]


# URLs that every client sends exactly as written: lower-case http(s) host, no default port,
# only RFC 3986's unreserved and sub-delimiter characters (no space, escape or fragment).
_PLAIN_URL = re.compile(r"https?://[a-z0-9.\-]+(?::(?!(?:80|443)(?:[/?]|$))\d+)?(?:[/?][\w\-.~!$&'()*+,;=:@/?]*)?", re.A)
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def comparable_url(url: str) -> str:
    """The form under which what a page said about an image is found again when a client
    requests it: clients send `jörg müller.jpg` as `j%C3%B6rg%20m%C3%BCller.jpg`, a host in
    lower case and IDNA, no default port and no fragment. Percent escapes in upper case."""
    if _PLAIN_URL.fullmatch(url):
        return url
    try:
        normal = str(httpx.URL(url).copy_with(fragment=None))
    except Exception:  # noqa: BLE001 - an unparsable URL stays as it is
        return url
    return _ESCAPE.sub(lambda m: m.group(0).upper(), normal) if "%" in normal else normal


# A byte-order mark decides a document's encoding before any declaration (WHATWG Encoding).
BYTE_ORDER_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


_WEB_CODECS = frozenset(codecs.lookup(n).name for n in (
    "utf-8 utf-16-le utf-16-be utf-16 ibm866 iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 "
    "iso8859-8 iso8859-10 iso8859-13 iso8859-14 iso8859-15 iso8859-16 koi8-r koi8-u mac-roman cp874 cp1250 "
    "cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 mac-cyrillic gbk gb18030 big5 euc-jp "
    "iso2022-jp shift_jis euc-kr latin-1 ascii").split())


def text_codec(name: str | None) -> str | None:
    """Python's codec name for a charset label, or None when it names no text encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    # only encodings a browser knows (WHATWG Encoding): "utf-32", "punycode" or "idna" in a header
    # is ignored as a browser ignores it, not used to misread the page
    return info.name if info.name in _WEB_CODECS else None


def declared_charset(content_type: str | None) -> str | None:
    """The text encoding a Content-Type's `charset` parameter declares, as a codec name."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return text_codec(value)
    return None


def is_http_url(url: str) -> bool:
    """An http(s) URL with a host that parses (port included): what a crawler can fetch."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port or IPv6 literal
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@functools.lru_cache(maxsize=16384)
def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


_IMAGE_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)


def sniff_kind(content_type: str | None, body: bytes) -> ContentKind:
    """What the bytes are, trusting magic numbers over a (often wrong) Content-Type."""
    head = body[:512]
    if any(head.startswith(m) for m in _IMAGE_MAGIC):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:12] in (b"ftypavif", b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image"
    ctype = (content_type or "").split(";")[0].strip().lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if ctype == "image/svg+xml" or (stripped.startswith(b"<svg") or (stripped.startswith(b"<?xml") and b"<svg" in head)):
        return "svg"
    if ctype.startswith("image/"):
        return "image"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype in ("application/xml", "text/xml") and b"<html" in head.lower():
        return "html"  # XHTML served as plain XML
    if (not ctype or ctype in _UNKNOWN_TYPES or not _KNOWN_TYPE.match(ctype)) and _HTML_START.match(stripped):
        return "html"  # as a browser sniffs an unknown type (WHATWG MIME Sniffing §7.1), and Scrapy builds an HtmlResponse
    return "other"


# Types that say nothing of the content: the bytes decide (WHATWG MIME Sniffing §7.1).
_UNKNOWN_TYPES = frozenset({"application/octet-stream", "unknown/unknown", "application/unknown", "*/*",
                            "application/x-httpd-php", "application/x-php", "text/php"})
_KNOWN_TYPE = re.compile(r"(?:text|image|audio|video|font|model|multipart|message)/|application/(?:json|pdf|zip|"
                         r"javascript|ecmascript|x-javascript|wasm|ld\+json|[\w.+-]*\+json|gzip|x-gzip|x-tar|"
                         r"vnd\.|msword|x-shockwave|x-font|font-|rss\+xml|atom\+xml|xml|x-www-form)")
# the HTML signatures of WHATWG MIME Sniffing §7.1 (case-insensitive, then a space or ">")
_HTML_START = re.compile(rb"<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)"
                         rb"[ >\t\r\n]|<!--")


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(slots=True)
class FetchResult:
    """What an adapter got when it fetched a host file (robots.txt, tdmrep.json, ai.txt).

    `status` is None when nothing came back (timeout, refused, DNS): each reader applies
    its own spec's rule for that (robots.txt: disallow all).
    """

    url: str
    status: int | None
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    error: str | None = None
    redirects: int = 0
    final_url: str | None = None
    truncated: bool = False  # the body went on past the fetch's byte cap
