"""Facts about a fetched resource, shared by every reader: headers, origin, content kind.

Pure functions and small value types; no I/O.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import importlib
import ipaddress
import re
import struct
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx

from scrapeguard.jurisdiction import ip_literal

ContentKind = Literal["html", "image", "svg", "other"]

MAX_HEADER_FIELDS = 256
MAX_HEADER_VALUE = 16 * 1024

HeaderInput = Mapping[str, str] | Iterable[tuple[str, str]] | Iterable[tuple[bytes, bytes]] | None


# The fields some reader of the guard looks at: past the cap on fields these are still kept (up
# to the cap again), so an opt-out sent after hundreds of `Link` headers is not lost.
READ_FIELDS = frozenset({
    "x-robots-tag", "robots-tag", "tdm-reservation", "tdm-policy", "content-usage", "content-signal",
    "content-type", "content-language", "content-encoding", "location", "crawler-price",
})
# The fields opt-outs are read from: one cut at `MAX_HEADER_VALUE` may hide one past the cut
SIGNAL_FIELDS = frozenset({"x-robots-tag", "robots-tag", "tdm-reservation", "tdm-policy", "content-usage",
                           "content-signal"})


def _text(value: str | bytes) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _value(value: object) -> str | bytes:
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"a header value must be text or bytes, not {type(value).__name__}")


def _fields(items: object) -> Iterator[tuple[str | bytes, str | bytes]]:
    """(name, value) for every field, whatever holds them: httpx's and mitmproxy's multi-valued
    headers field by field (their plain `.items()` join repeats into one value, and a joined
    "googlebot: noindex, noai" scopes the `noai` to googlebot), Scrapy's and other mappings of
    lists value by value, urllib's `HTTPMessage` by its `items()`, pairs as they come. A value that is no text is a TypeError: the
    caller's `on_error` decides, never a value read as its `repr`."""
    source: Iterable[tuple[object, object]]
    if hasattr(items, "multi_items"):
        source = items.multi_items()  # httpx.Headers
    elif isinstance(getattr(items, "fields", None), tuple):
        source = items.fields  # type: ignore[attr-defined]  # mitmproxy's Headers: the raw fields
    elif callable(getattr(items, "items", None)):  # (a Mapping, and urllib's `HTTPMessage`, which is none)
        source = items.items()  # type: ignore[attr-defined]
    else:
        source = items  # type: ignore[assignment]
    for name, value in source:
        if not isinstance(name, (str, bytes)):
            raise TypeError(f"a header name must be text or bytes, not {type(name).__name__}")
        if isinstance(value, (list, tuple)):
            for one in value:
                yield name, _value(one)
        else:
            yield name, _value(value)


class Headers:
    """Case-insensitive, multi-valued, bounded header view.

    Every repeated field is kept (X-Robots-Tag may be sent several times and all of
    them count). Hostile input is bounded: 16 KiB per value, and 256 fields, past which only
    fields a reader looks at (`READ_FIELDS`) are kept, 256 more at most. `dropped` counts the
    fields left out, `dropped_read` those a reader would have looked at (the guard's
    `headers.dropped` error: an opt-out may be among them), `cut_read` the fields opt-outs are read
    from (`SIGNAL_FIELDS`) cut at the value cap (the guard's `headers.cut` error, for the same reason);
    `dropped_fields` and `cut_fields` name them, for the signal family each may hide an opt-out of.
    """

    __slots__ = ("_items", "cut_fields", "cut_read", "dropped", "dropped_fields", "dropped_read")

    def __init__(self, items: HeaderInput = None) -> None:
        pairs: list[tuple[str, str]] = []
        self.dropped = self.dropped_read = self.cut_read = 0
        self.dropped_fields: set[str] = set()
        self.cut_fields: set[str] = set()
        if items is not None:
            kept_read = 0
            for raw_name, raw_value in _fields(items):
                name = _text(raw_name).strip().lower()
                if len(pairs) >= MAX_HEADER_FIELDS:
                    # (a Link field only when it announces a picture's remote C2PA manifest: hundreds of
                    # Link fields must not push an opt-out sent after them out of the kept ones)
                    read = name in READ_FIELDS or (name == "link" and "c2pa-manifest" in _text(raw_value).lower())
                    if not read or kept_read >= MAX_HEADER_FIELDS:
                        self.dropped += 1
                        self.dropped_read += read
                        if read:
                            self.dropped_fields.add(name)
                        continue
                    kept_read += 1
                value = _text(raw_value)
                if len(value) > MAX_HEADER_VALUE:
                    if name in SIGNAL_FIELDS:
                        self.cut_read += 1
                        self.cut_fields.add(name)
                    value = value[:MAX_HEADER_VALUE]
                pairs.append((name, value))
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


# URLs longer than this are worked out again each time, never kept by the caches of `origin` and
# `host_of`: a spider trap of 64 KiB URLs (or pages of 8 KB image URLs) kept 16,384 of them each, 1 GB
CACHED_URL_LENGTH = 2048


def origin(url: str) -> str:
    """`scheme://host[:port]` with the default port dropped, lower-cased."""
    return (_origin if len(url) > CACHED_URL_LENGTH else _cached_origin)(url)


def host_of(url: str) -> str:
    return (_host_of if len(url) > CACHED_URL_LENGTH else _cached_host_of)(url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if "%" in host:  # (decoded as `host_of` and `resource_key` decode it)
        host = _key_host(host) or host
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
_PLAIN_URL = re.compile(r"https?://[a-z0-9.\-]+(?::(?!(?:80|443)(?:[/?]|$))\d+)?(?:[/?][\w\-.~!$&'()*+,;=:@/?]*)?", re.ASCII)
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def comparable_url(url: str) -> str:
    """httpx's spelling of a URL: host in lower case and IDNA, no default port or fragment,
    non-ASCII and spaces percent-encoded as UTF-8, escapes in upper case.

    The audit log's normal form is built on it (`audit.canonical.normalise_url`) and its
    commitments are computed over that form, so it stays as it is. The guard finds what a
    page said about an image again by `resource_key`, which also joins the other clients'
    spellings of the same URL."""
    if _PLAIN_URL.fullmatch(url):
        return url
    try:
        normal = str(httpx.URL(url).copy_with(fragment=None))
    except Exception:  # noqa: BLE001 - an unparsable URL stays as it is
        return url
    return _ESCAPE.sub(lambda m: m.group(0).upper(), normal) if "%" in normal else normal


# --------------------------------------------------------------------------- resource keys
# Characters that stand for themselves in a key: RFC 3986's unreserved ones, its sub-delimiters
# except "'" (WHATWG percent-encodes it in a query), ":" and "@"; "/" in a path, "/" and "?" in a
# query. Everything else is percent-encoded (UTF-8), because some client encodes it: w3lib (Scrapy)
# encodes [ ] | ^ ` { } and a query's ' and \, httpx and browsers leave [ ] | ^ as they are.
# an escape that is not in normal form: hex in lower case, or the escape of an unreserved
# character (RFC 3986 §6.2.2.2: `%7E` is `~`), or a "%" that starts no escape
_ODD_ESCAPE = (r"%(?:[0-9A-Fa-f]{2}(?<!%[0-9A-F]{2})|3[0-9]|4[1-9A-F]|5[0-9AF]|6[1-9A-F]|7[0-9AE]|2[DE]"
               r"|(?![0-9A-Fa-f]{2}))")
# (a run of escapes is one match: one call per run, not per escape)
_FIX_PATH = re.compile(r"(?:%[0-9A-Fa-f]{2})+|%|[^A-Za-z0-9\-._~!$&()*+,;=:@/%]+")
_FIX_QUERY = re.compile(r"(?:%[0-9A-Fa-f]{2})+|%|[^A-Za-z0-9\-._~!$&()*+,;=:@/?%]+")
_UNRESERVED_ESCAPE = re.compile(r"%(?:3[0-9]|4[1-9A-F]|5[0-9AF]|6[1-9A-F]|7[0-9AE]|2[DE])")
_HAS_ODD_ESCAPE = re.compile(_ODD_ESCAPE)
_ASCII_ESCAPES = {c: f"%{c:02X}" for c in range(0x80)}  # (quote() costs a µs a call)
# Already a key: lower-case http(s) host, a port that is not 80 or 443, a path, only characters
# that stand for themselves and escapes (checked apart). Most image URLs look like this.
_KEY_LIKE = re.compile(r"https?://[a-z0-9.\-]+(?::(?!80/|443/)[1-9][0-9]{0,4})?/[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*", re.ASCII)
# ... but for a host whose last label is a number (WHATWG URL's "ends in a number", or a trailing dot): an
# IPv4 address, perhaps in another form (`0xc000020a`), keyed in dotted-quad
_ENDS_IN_NUMBER = re.compile(r"https?://(?:[a-z0-9\-]*+\.)*+(?:[0-9]++|0x[0-9a-f]*+)?[:/]", re.ASCII)
_SPLIT_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://([^/?#\\]*)([^?#]*)(?:\?([^#]*))?", re.DOTALL)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SLASHES = re.compile(r"//++")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def resource_key(url: str) -> str:
    """The key under which every spelling a client sends for one http(s) resource meets.

    A page's `<img src="foto[1].jpg">` is requested as `foto[1].jpg` by httpx and browsers
    and as `foto%5B1%5D.jpg` by Scrapy (w3lib); `x/../y.jpg` as `y.jpg` by httpx, as written
    by Scrapy; `https://bob:pw@host/` with or without its credentials. What the page said
    about the image must be found under each. The key: scheme and host in lower case, host
    in IDNA (UTS #46, as httpx and browsers), an IPv4 host in dotted-quad (as browsers write
    `0xc000020a`), no userinfo, default port or fragment, `\\` in
    the path as `/` (WHATWG), every character outside RFC 3986's unreserved and sub-delimiter
    set percent-encoded as UTF-8 with upper-case hex, escapes of unreserved characters
    decoded (RFC 3986 §6.2.2.2), dot segments removed, an empty query dropped; empty path
    segments and a path's trailing `;` dropped, because browsers, httpx and the proxy request
    `img//jane.jpg` and `x.jpg;` as written and Scrapy (urljoin) as `img/jane.jpg` and `x.jpg`
    (a page's word about a picture must meet its request in either spelling). Other schemes
    and URLs that do not parse are keyed by `comparable_url`, as before."""
    if (_KEY_LIKE.fullmatch(url) is not None and "/." not in url and url[-1] not in "?;" and url.find("//", 8) < 0
            and ";?" not in url and ("%" not in url or _HAS_ODD_ESCAPE.search(url) is None)
            and _ENDS_IN_NUMBER.match(url) is None):
        return url
    return _resource_key_slow(url)


def _resource_key_slow(url: str) -> str:
    text = url.strip(_C0_AND_SPACE)
    if "\t" in text or "\n" in text or "\r" in text:  # a browser and w3lib drop them anywhere (WHATWG URL)
        text = text.replace("\t", "").replace("\n", "").replace("\r", "")
    m = _SPLIT_URL.match(text)
    scheme = m.group(1).lower() if m else ""
    if m is None or scheme not in _DEFAULT_PORTS:
        return comparable_url(url)
    # (credentials dropped before the cache, and a host longer than DNS allows not kept by it: a crawl
    # of URLs with 60 KB of userinfo kept 4,096 of them)
    authority = m.group(2).rpartition("@")[2]
    netloc = (_key_netloc.__wrapped__ if len(authority) > _LONGEST_HOST_PORT else _key_netloc)(scheme, authority)
    if netloc is None:
        return url  # no host or a port that does not parse: no client can request it
    path = m.group(3).replace("\\", "/") or "/"
    path = _FIX_PATH.sub(_fix_escape, path)
    if path[-1] == ";":  # (urljoin drops an empty `;params`: `x.jpg;` is requested as `x.jpg`, `..;` read as `..`)
        path = path.rstrip(";") or "/"
    if "/." in path:
        path = remove_dot_segments(path)
    if "//" in path:  # (urljoin, so Scrapy's `response.urljoin`, drops a relative path's empty segments)
        path = _SLASHES.sub("/", path)
    query = m.group(4)
    if query:
        return f"{scheme}://{netloc}{path}?{_FIX_QUERY.sub(_fix_escape, query)}"
    return f"{scheme}://{netloc}{path}"


def scrapy_spelling(url: str) -> str | None:
    """`url` as the installed Scrapy requests it (`Request(url).url`, w3lib's `safe_url_string`), or None
    without w3lib (no Scrapy to request it) or where w3lib refuses it. Asked, not modelled: w3lib 2.6 spells
    a host in Unicode as httpx does (`straße.de` as `xn--strae-oqa.de`), where 2.5 spelt IDNA 2003's `strasse.de`."""
    try:
        from w3lib.url import safe_url_string  # (the scrapy extra's: not every install has it)
    except ImportError:
        return None
    try:
        return safe_url_string(url)
    except ValueError:  # (w3lib 2.6 refuses a host with a forbidden code point: no request Scrapy makes)
        return None


def query_in_encoding(url: str, encoding: str | None) -> str | None:
    """`url` with the non-ASCII characters of its query percent-encoded in `encoding`, as a browser and Scrapy
    (w3lib) request a reference of a page in that encoding (WHATWG URL: a query in its document's encoding, a
    character it cannot encode as `&#N;`); None where that is the UTF-8 spelling (`resource_key`'s): a UTF-8,
    UTF-16 or UTF-32 page, an ASCII query, or an encoding no codec is known for. Why: a windows-1252 page's
    `bild.php?datei=Grünwald.jpg` is asked for as `…Gr%FCnwald.jpg`, and lost its page's word (review)."""
    base, mark, rest = url.partition("?")
    query, hashed, fragment = rest.partition("#")
    if not mark or query.isascii() or not encoding:
        return None
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        return None
    if codec.startswith("utf"):
        return None
    def sent(run: re.Match[str]) -> str:
        try:
            encoded = run.group(0).encode(codec)
        except UnicodeError:  # (each character alone, then: those it cannot hold as references)
            return "".join(sent(one) for one in re.finditer(".", run.group(0), re.S)) if len(run.group(0)) > 1 \
                else f"%26%23{ord(run.group(0))}%3B"
        # (the bytes of a run as the URL standard leaves them: printable ASCII but the query's percent-encode set
        # as is, an ISO-2022-JP escape's `$(D` too; the others escaped)
        return "".join(chr(b) if 0x21 <= b <= 0x7E and b not in _QUERY_ESCAPED else f"%{b:02X}" for b in encoded)

    return f"{base}?{_NON_ASCII_RUN.sub(sent, query)}{hashed}{fragment}"


_NON_ASCII_RUN: Final = re.compile(r"[^\x00-\x7f]+")
_QUERY_ESCAPED: Final = frozenset(b'"#<>\'')


def _fix_escape(m: re.Match[str]) -> str:
    s = m.group(0)
    if s[0] != "%":
        return s.translate(_ASCII_ESCAPES) if s.isascii() else quote(s, safe="", errors="surrogatepass")
    if len(s) == 1:
        return "%25"  # a "%" that starts no escape
    s = s.upper()
    return _UNRESERVED_ESCAPE.sub(_unescape, s) if _UNRESERVED_ESCAPE.search(s) else s


def _unescape(m: re.Match[str]) -> str:
    return chr(int(m.group(0)[1:], 16))


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4 on an absolute path, `%2e` read as `.` (as browsers and servers do):
    `/a/./b/../c` is `/a/c`, `/a/..` is `/`, `/a/b/.` the directory `/a/b/`."""
    segments = path.split("/")
    out: list[str] = []
    last = len(segments) - 1
    for index, segment in enumerate(segments[1:], 1):
        plain = segment.lower().replace("%2e", ".") if "%" in segment else segment
        if plain in (".", ".."):
            if plain == ".." and out:
                out.pop()
            if index == last:
                out.append("")
            continue
        out.append(segment)
    return "/" + "/".join(out)



# Query keys that only track a visit (a campaign's `utm_…`, an ad click's `gclid`, a mailing's `mc_cid`): the page
# or picture served is the same without them. (A cache-buster, `?v=2`, `?t=…`, is no such key for a page: phpBB's
# `viewtopic.php?t=12` and YouTube's `watch?v=…` name what they serve.)
TRACKING_KEYS: Final = frozenset(
    "fbclid gclid dclid gbraid wbraid msclkid yclid twclid igshid mc_cid mc_eid _ga _gl _hsenc _hsmi mkt_tok".split())


# (a URL in which `tracking_parameter` may find a key: most URLs are let go by this one search)
_TRACKING_IN_QUERY: Final = re.compile(r"[?&](?:utm_|(?:%s)(?![^=&#]))" % "|".join(sorted(TRACKING_KEYS)), re.I)


def tracking_parameter(key: str) -> bool:
    """Whether a query parameter's key only tracks a visit (`TRACKING_KEYS`, any `utm_…`), in any case."""
    low = key.lower()
    return low in TRACKING_KEYS or low.startswith("utm_")


def may_track(url: str) -> bool:
    """Whether a URL (its escapes of unreserved characters decoded) may hold a parameter `tracking_parameter`
    says only tracks; False for certain when it holds none."""
    return _TRACKING_IN_QUERY.search(url) is not None

_LONGEST_HOST_PORT = 253 + 8  # a DNS name's most characters, a port (and an IPv6 literal's brackets) after it


@functools.lru_cache(maxsize=4096)
def _key_netloc(scheme: str, authority: str) -> str | None:
    """`host[:port]` of a key, or None when the authority names no host a client could reach."""
    hostport = authority.rpartition("@")[2]  # credentials are dropped (clients may send them apart)
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0 or (len(hostport) > end + 1 and hostport[end + 1] != ":"):
            return None
        try:
            host = f"[{ipaddress.IPv6Address(hostport[1:end]).compressed}]"
        except ValueError:
            return None
        port = hostport[end + 2 :]
    else:
        name, _, port = hostport.partition(":")
        named = _key_host(name)
        if not named:
            return None
        host = named
    if port:
        if not (port.isascii() and port.isdigit()) or int(port) > 65535:
            return None
        if int(port) != _DEFAULT_PORTS[scheme]:
            return f"{host}:{int(port)}"
    return host


def _key_host(name: str) -> str | None:
    """A host name in lower case and IDNA, as httpx and browsers send it (UTS #46), an IPv4 address
    in dotted-quad however it is written (WHATWG URL: browsers request `http://0xc000020a/` as
    192.0.2.10, to which httpx and Scrapy connect too), or None for a name no client can request
    (WHATWG URL's forbidden host code points, IDNA refused)."""
    if name.isascii() and "%" not in name:
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKC", unquote(name)).lower()  # (a browser decodes escapes in a host)
        if not text.isascii():
            try:
                text = httpx.URL(f"http://{text}/").raw_host.decode("ascii")
            except Exception:  # noqa: BLE001 - IDNA refuses it: no client fetches it
                return None
    if not _HOST_NAME.fullmatch(text):
        return None
    if text.endswith(".") and len(text) > 1:
        # the root's dot of a fully qualified name (`h.test.`): the same host, whose page's word about an image
        # missed its request there, the image allowed without it (signals review)
        text = text[:-1]
    return ip_literal(text) or text  # (an IPv4 address as browsers write it: `0xc000020a` is 192.0.2.10)


_HOST_NAME = re.compile(r"[^\x00-\x20#%/:<>?@\[\\\]^|\x7f]+")


# A byte-order mark decides a document's encoding before any declaration (WHATWG Encoding), and
# the UTF-32 ones as the crawler's library reads them (w3lib's read_bom, Python's utf-32 codec):
# FF FE 00 00 is UTF-32LE, not UTF-16LE and a NUL. The UTF-32 marks come first: UTF-32LE's
# starts with UTF-16LE's.
BYTE_ORDER_MARK_CODECS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
BYTE_ORDER_MARKS: tuple[bytes, ...] = tuple(bom for bom, _ in BYTE_ORDER_MARK_CODECS)


# The Encoding Standard's labels (WHATWG Encoding, §4.2 "Names and labels") of every encoding
# Python has, each as the Python codec that decodes as a browser does: a browser reads a page
# labelled "iso-8859-1" or "us-ascii" as windows-1252, "shift_jis" as Microsoft's cp932 (㈱, ①),
# "gb2312" as GBK (the gb18030 decoder), "euc-kr" as cp949, "tis-620" as windows-874; "utf-16"
# is UTF-16LE. A label it does not know (utf-32, cp037) is read as Python reads it (`text_codec`).
_WHATWG_LABELS: dict[str, tuple[str, ...]] = {
    "utf-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"),
    "cp866": ("866", "cp866", "csibm866", "ibm866"),
    "iso8859-2": ("csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                  "iso_8859-2:1987", "l2", "latin2"),
    "iso8859-3": ("csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
                  "iso_8859-3:1988", "l3", "latin3"),
    "iso8859-4": ("csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
                  "iso_8859-4:1988", "l4", "latin4"),
    "iso8859-5": ("csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
                  "iso_8859-5", "iso_8859-5:1988"),
    "iso8859-6": ("arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                  "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
                  "iso_8859-6", "iso_8859-6:1987"),
    "iso8859-7": ("csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126",
                  "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"),
    "iso8859-8": ("csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
                  "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual",
                  "csiso88598i", "iso-8859-8-i", "logical"),
    "iso8859-10": ("csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"),
    "iso8859-13": ("iso-8859-13", "iso8859-13", "iso885913"),
    "iso8859-14": ("iso-8859-14", "iso8859-14", "iso885914"),
    "iso8859-15": ("csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"),
    "iso8859-16": ("iso-8859-16",),
    "koi8-r": ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"),
    "koi8-u": ("koi8-ru", "koi8-u"),
    "mac-roman": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "cp874": ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"),
    "cp1250": ("cp1250", "windows-1250", "x-cp1250"),
    "cp1251": ("cp1251", "windows-1251", "x-cp1251"),
    "cp1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
               "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii",
               "windows-1252", "x-cp1252"),
    "cp1253": ("cp1253", "windows-1253", "x-cp1253"),
    "cp1254": ("cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
               "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"),
    "cp1255": ("cp1255", "windows-1255", "x-cp1255"),
    "cp1256": ("cp1256", "windows-1256", "x-cp1256"),
    "cp1257": ("cp1257", "windows-1257", "x-cp1257"),
    "cp1258": ("cp1258", "windows-1258", "x-cp1258"),
    "mac-cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    "gb18030": ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
                "x-gbk", "gb18030"),
    "big5hkscs": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    # (the JIS X 0213 codec and the one with JIS X 0201 katakana: Python's euc_jp and iso2022_jp
    # leave bytes browsers read, ① 0xADA1, halfwidth katakana after ESC ( I, undecodable, and a
    # redacted copy lost them)
    "euc_jis_2004": ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"),
    "iso2022_jp_ext": ("csiso2022jp", "iso-2022-jp"),
    "cp932": ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"),
    "cp949": ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
              "ksc5601", "ksc_5601", "windows-949"),
    "utf-16-be": ("unicodefffe", "utf-16be"),
    "utf-16-le": ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"),
}
WEB_CODECS: dict[str, str] = {label: codec for codec, labels in _WHATWG_LABELS.items() for label in labels}
WEB_CODEC_NAMES: frozenset[str] = frozenset(_WHATWG_LABELS)  # what `text_codec` gives
_LABEL_SPACE = "\t\n\f\r \"'"


def text_codec(name: str | bytes | None) -> str | None:
    """The Python codec a page with this charset label is read in, or None for a label that
    leaves the page's own word (its `<meta>`, UTF-8). Every place a charset label is read (a
    Content-Type, a <meta charset>) goes through it, so a page is read, and a redacted copy
    written back, as the crawler's library reads it: a label of WHATWG Encoding's table
    (`WEB_CODECS`) as a browser's decoder, which w3lib follows too; a label no browser knows
    but Python decodes (utf-32, utf-32le, cp037 and the other EBCDIC code pages, iso-2022-kr)
    with Python's codec, as httpx's `Response.text` and Scrapy (w3lib) read it, and x-user-defined where
    the installed w3lib reads it (2.6, `_registered_codec`). Ignored, as by
    browsers: labels Python has no decoder of any bytes for (punycode, idna, base64) and utf-7,
    which w3lib refuses too (it turns ASCII bytes into markup no browser sees)."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    label = name.strip(_LABEL_SPACE).lower()
    return WEB_CODECS.get(label) or _python_codec(label)


_ANY_BYTES = bytes(range(256))
# Python codecs read as another: the byte order Python's utf-32 decoder takes without a mark on
# this machine (as WHATWG's "utf-16" is UTF-16LE); "utf-8-sig" is UTF-8 (a mark is read before
# any label), so that a redacted copy is not written back with a mark the page did not have.
_PYTHON_SAME: dict[str, str] = {"utf-32": "utf-32-le" if sys.byteorder == "little" else "utf-32-be",
                                "utf-8-sig": "utf-8"}
_REFUSED_CODECS = frozenset({"utf-7"})


def _web_codec_of_python_name() -> dict[str, str]:
    """Python's own name of each WHATWG label's encoding -> the codec a browser reads it with
    (euc_kr -> cp949, euc_jp -> euc_jis_2004, iso2022_jp -> iso2022_jp_ext, ascii -> cp1252)."""
    out: dict[str, str] = {}
    for label, codec in WEB_CODECS.items():
        try:
            out.setdefault(codecs.lookup(label).name, codec)
        except LookupError:
            continue
    return out


_WEB_CODEC_OF_PYTHON_NAME: dict[str, str] = _web_codec_of_python_name()


@functools.lru_cache(maxsize=256)
def _python_codec(label: str) -> str | None:
    """`text_codec` of a label outside WHATWG's table: Python's codec when it decodes any bytes
    (with "replace"), in the name `text_codec` gives for that name again."""
    if len(label) > 64:
        return None
    try:
        name = _registered_codec(label)
        _ANY_BYTES.decode(name, "replace")  # LookupError: no text encoding; UnicodeError: no decoder of any bytes
    except (LookupError, UnicodeError, ValueError):  # (ValueError: a NUL in the label)
        return None
    if name in _REFUSED_CODECS:
        return None
    name = _PYTHON_SAME.get(name, name)
    # ("latin_1" is iso8859-1, which browsers read as windows-1252; "EUC_KR", Python's and Java's
    # spelling of euc-kr, is read as a browser reads euc-kr: cp949)
    return WEB_CODECS.get(name) or _WEB_CODEC_OF_PYTHON_NAME.get(name, name)


def _registered_codec(label: str) -> str:
    """The name of the codec Python looks `label` up as, after importing the installed w3lib where none is
    registered yet. Why: w3lib 2.6 registers decoders Python lacks (WHATWG's x-user-defined) on import, and
    Scrapy reads a page so labelled with it; the guard read it so or by its own word (UTF-8) as the modules
    happened to be imported. LookupError where neither knows the label."""
    try:
        return codecs.lookup(label).name
    except LookupError:
        try:
            importlib.import_module("w3lib.encoding")
        except ImportError:
            raise LookupError(label) from None
        return codecs.lookup(label).name


_MARKUP = b'<html><meta name="robots" content="noai"><img src="/a.jpg" alt=\'Jane Doe\'></html>'


@functools.lru_cache(maxsize=64)
def ascii_compatible(codec: str) -> bool:
    """Whether markup is its ASCII bytes in `codec`: not in UTF-16 or UTF-32 (two or four bytes
    a character), nor in EBCDIC ("<" is 4C). A page's markup found in ASCII bytes cannot be in
    a codec that is not."""
    try:
        return _MARKUP.decode(codec, "replace") == _MARKUP.decode("ascii")
    except (LookupError, UnicodeError):
        return False


_MIME_ESSENCE = re.compile(r"([!#$%&'*+.^_`|~0-9A-Za-z-]+)/([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*(?:;|$)")


def split_values(field: str) -> list[str]:
    """A header field's comma-separated values, a comma inside a quoted string kept
    (Fetch, "get, decode, and split": `boundary="a,b"` is one value)."""
    out: list[str] = []
    start, quoted, escaped = 0, False, False
    for i, ch in enumerate(field):
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == ",":
            out.append(field[start:i].strip(" \t"))
            start = i + 1
    out.append(field[start:].strip(" \t"))
    return out


def _param(value: str, name: str) -> str | None:
    """A parameter of a MIME type as written (the first of its name), read as `declared_charset` does."""
    for param in value.split(";")[1:]:
        key, _, raw = param.partition("=")
        if key.strip().lower() == name:
            return raw.strip()
    return None


def content_type_of(headers: Headers) -> str | None:
    """The Content-Type an answer is read as: of several (two fields, or one listing two types),
    the last valid one, with the charset an earlier value of the same type gave when it names
    none (Fetch, "extract a MIME type"; Scrapy and browsers read the last too).

    Why: the fields were joined into one "text/html, text/html; charset=utf-8", a type no page
    has, so a page sent with its Content-Type twice was never read as one: its opt-outs and
    portraits went unseen. One value is returned as it came, whatever it says."""
    fields = headers.get_all("content-type")
    values = [v for f in fields for v in split_values(f)]
    if len(values) <= 1:
        return fields[0] if fields else None
    chosen: str | None = None
    essence: str | None = None
    charset: str | None = None
    for value in values:
        m = _MIME_ESSENCE.match(value)
        if m is None or (m.group(1), m.group(2)) == ("*", "*"):
            continue
        chosen, this = value, f"{m.group(1)}/{m.group(2)}".lower()
        own = _param(value, "charset")
        if this != essence:
            essence, charset = this, own
        elif own is None and charset is not None:
            chosen = f"{value}; charset={charset}"
    return chosen if chosen is not None else ", ".join(fields)


def declared_charset(content_type: str | None) -> str | None:
    """The text encoding a Content-Type's `charset` parameter declares, as a codec name."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return text_codec(value)
    return None


def body_charset(content_type: str | None, body: bytes) -> str | None:
    """The codec to read an HTML body (or a text searched for data: pictures) with: the header's
    charset, unless the bytes show it is not the body's. None leaves the page's own word (byte-order mark, `<meta charset>`, UTF-8).

    A browser reads a body without a byte-order mark in the header's encoding, "utf-16" as
    UTF-16LE (WHATWG Encoding, HTML's encoding sniffing algorithm); only a `<meta>` saying
    UTF-16 is read as UTF-8. A `charset=utf-16` header on an ASCII or UTF-8 page so makes
    every tag a run of CJK characters (as utf-32 or cp037 make it one of U+FFFD or of letters):
    the page's noimageai and its portraits would go unseen and the page allowed, while its
    bytes (stored by the crawler) still say them. So a label in which markup is not its ASCII
    bytes (UTF-16, UTF-32, EBCDIC: `ascii_compatible`) is not used when the markup is there in
    ASCII bytes, nor when a picture the search for embedded ones finds is (`may_hold_inline`: an
    ASCII JSON answer or style sheet so labelled, its embedded portrait went unseen); and a body in UTF-32 or UTF-16 without a mark, its `<` as
    `3C 00 00 00`, `00 00 00 3C`, `3C 00` or `00 3C`, is read so, in the byte order that shows
    it, whatever the header says, since no ASCII-based reading sees its markup."""
    declared = declared_charset(content_type)
    if not body or body.startswith(BYTE_ORDER_MARKS):
        return declared
    # past leading white space (and the NULs of its wide spelling), at a character boundary: 2,100
    # UTF-16 spaces put every "<" past the bytes looked at, and the page was read as UTF-8
    window = body[:65536]  # (no copy of the whole body: white space past 64 KiB is a page of nothing)
    lead = len(window) - len(window.lstrip(b"\x00 \t\r\n"))
    head = body[lead - lead % 4:lead - lead % 4 + 4096]
    if b"\x00" in head:  # no UTF-16/32 markup without a NUL byte: every "<" is 3C 00 (00 00) or (00 00) 00 3C
        order = _wide_order(head)
        if order is not None:
            return order
        if declared is not None and declared.startswith(("utf-16", "utf-32")) and b"<" in head:
            return None  # NUL bytes, but not a wide "<" to show in which order: the page's own word
            # (with no "<" at all — a JSON answer — the header's wide label is all there is to go by)
    if declared is None or ascii_compatible(declared):
        return declared
    if b"<" in head:
        return None  # markup in ASCII bytes under such a label
    from scrapeguard.detect.inline import may_hold_inline  # (it imports this module)

    # a picture the search for embedded ones finds in its ASCII bytes (a JSON answer's, a style sheet's:
    # `data:image\/jpeg` as PHP's json_encode writes it, `data&#58;`, a bare base64 JPEG)
    return None if may_hold_inline(body) else declared


_WIDE_ANGLES: tuple[tuple[str, bytes, int], ...] = tuple(
    (order, "<".encode(order), unit) for order, unit in (("utf-32-le", 4), ("utf-32-be", 4),
                                                         ("utf-16-le", 2), ("utf-16-be", 2)))


def _wide_markup(head: bytes) -> bytes:
    """`head` read as the UTF-16 or UTF-32 text its byte-order mark or its "<" (`_wide_order`) shows,
    in ASCII bytes (anything else as "?"), lower-cased and without leading white space; b"" when it
    is not such text. Why: HTML was told by its ASCII bytes only, so a UTF-16 page sent without a
    type (or as a download) was "other", its noai unread and the page allowed."""
    mark, codec = next(((m, name) for m, name in BYTE_ORDER_MARK_CODECS if head.startswith(m)), (b"", None))
    if codec is None and b"\x00" in head:
        codec = _wide_order(head)
    if codec is None or codec == "utf-8":
        return b""
    unit = 4 if codec.startswith("utf-32") else 2
    text = head[len(mark):len(head) // unit * unit].decode(codec, "replace")
    return text.lstrip(" \t\r\n").lower().encode("ascii", "replace")


def _wide_order(head: bytes) -> str | None:
    """"utf-32-le", "utf-32-be", "utf-16-le" or "utf-16-be" when at least half of the "<" bytes
    in `head` are "<" characters in that encoding (at a character boundary), else None. UTF-32
    is tried first: each of its "<" reads as a UTF-16 "<" and a NUL."""
    angles = head.count(b"<")
    if not angles:
        return None
    for order, angle, unit in _WIDE_ANGLES:
        found = 0
        at = head.find(angle)
        while at != -1:
            if at % unit == 0:
                found += 1
            at = head.find(angle, at + 1)
        if found * 2 >= angles:
            return order
    return None


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def redirect_target(url: str, status: int | None, headers: Headers) -> str | None:
    """The absolute URL a redirect answer sends its client to (its first Location field, as curl
    follows it; a comma is part of that URL), or None for any other answer. Of several Location
    fields Scrapy follows the last (its adapter carries the page's word by `redirect_urls`), httpx
    and requests one URL joined from all of them, and browsers none."""
    if status not in REDIRECT_STATUSES:
        return None
    location = next(iter(headers.get_all("location")), "").strip()
    return urljoin(url, location) if location else None


# What httpx will not send (it raises InvalidURL): a URL with ASCII control characters, or longer
# than 65,536 characters. urlsplit silently drops tab, CR and LF, so the request stage judged
# "/a\tb" as "/ab" and allowed a URL the guard's own fetch then failed on: such a URL is no
# fetchable http(s) URL, refused at the request stage (on_error decides) like any other.
MAX_URL_LENGTH = 65536
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _utf8(text: str) -> bool:
    """Whether `text` can be written in UTF-8: not when it holds a lone surrogate."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_http_url(url: str) -> bool:
    """An http(s) URL with a host that parses (port included), no control characters, at most
    `MAX_URL_LENGTH` characters, in UTF-8: what a crawler can fetch. (A command-line argument in
    Latin-1 holds a lone surrogate, `caf\\udce9`, which httpx fails on mid-fetch.)"""
    if len(url) > MAX_URL_LENGTH or _URL_CONTROL.search(url) or not _utf8(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port or IPv6 literal
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine: `localhost` or a loopback address (`127.0.0.1`, `::1`,
    `[::1]`). The proxy's listening address (no open relay) and `check`'s proxy bypass ask it."""
    host = host.strip().lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host[1:-1] if host.startswith("[") and host.endswith("]") else host).is_loopback
    except ValueError:
        return False


def _host_of(url: str) -> str:
    """The host in lower case, its escapes decoded as a browser and `resource_key` decode them
    (`%63dn.example` is cdn.example, whose robots.txt, overrides and audit records are the URL's)."""
    host = (urlsplit(url).hostname or "").lower()
    return (_key_host(host) or host) if "%" in host else host


_cached_origin = functools.lru_cache(maxsize=16384)(_origin)
_cached_host_of = functools.lru_cache(maxsize=16384)(_host_of)


# Pictures' magic numbers, each with the media type it names (`picture_type`)
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\x00\x00\x01\x00", "image/x-icon"),  # Windows icon (WHATWG MIME Sniffing, image type pattern table)
    (b"\x00\x00\x02\x00", "image/x-win-bitmap"),  # Windows cursor
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "image/jp2"),  # JPEG 2000 (JP2 container)
    (b"\xff\x4f\xff\x51", "image/jp2"),  # JPEG 2000 codestream (SOC, SIZ)
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "image/jxl"),  # JPEG XL container
)
# Where a JPEG, PNG, GIF or WebP picture starts, as a pattern: what multipart looks for among the
# bytes it leaves unsplit and `hidden_pictures.trailing_picture` after a picture's end (one table of magic numbers)
PICTURE_STARTS = rb"\xff\xd8\xff|\x89PNG\r\n\x1a\n|GIF8[79]a|RIFF[\x00-\xff]{4}WEBP"
# Signatures short or text-like enough to begin a text ("qoif is our new product line", "P1 2 3
# race results"): trusted over a Content-Type that says nothing, says image/*, or names a medium or an
# archive (`_MEDIA_TYPE`: on a PPM portrait, a lie as much as octet-stream is; found in review, it
# passed unread as `video/mp4` and `application/zip`); not over one naming a text or data (a CSV sent
# as application/vnd.ms-excel, a protocol buffer: found in review, blocked as unreadable pictures).
_WEAK_IMAGE_MAGIC: tuple[bytes, ...] = (
    b"qoif",  # QOI
    b"\xff\x0a",  # JPEG XL codestream
    # formats Pillow opens (as Scrapy's ImagesPipeline does any download) but the guard decodes none of: an
    # image.error, where a portrait in one served as a video, a sound or a font passed unjudged (proxy review)
    b"DDS ",  # DirectDraw Surface
    b"icns",  # Apple icon (SGI's two bytes are too few: a download beginning so is no picture until Pillow says so)
)
# Netpbm (PBM/PGM/PPM, plain P1-P3 and raw P4-P6): the magic, then the width and height (and
# the maximum value but for a bitmap) between white space and comments. The whole header, not
# "P6" alone: a text may start with "P6".
_NETPBM = re.compile(rb"P(?:[14]|([2356]))(?:\s+(?:#[^\n]*\n\s*)*\d+){2}(?(1)\s+(?:#[^\n]*\n\s*)*\d+)\s")
# A medium's, a font's or an archive's type, as a media type's essence
_MEDIA_TYPE: Final = re.compile(r"(?:video|audio|font)/|application/(?:zip|x-zip-compressed|x-tar|gzip|x-gzip"
                                r"|x-7z-compressed|vnd\.rar|x-rar-compressed|mp4|ogg"
                                r"|(?:x-)?font-[\w.+-]+|vnd\.ms-fontobject)\b")  # (and the fonts' older types)
# A type naming a text (plain, a page, CSS, JSON, XML, a script, YAML, TOML), as a media type's essence
TEXT_TYPE: Final = re.compile(r"text/|application/(?:[\w.+-]*\+)?(?:x-)?(?:nd)?"
                              r"(?:json(?:l|lines)?|javascript|ecmascript|xml|css|yaml|toml)\b", re.IGNORECASE)
# a BMP's DIB header size, at byte 14 (BITMAPCOREHEADER 12, OS/2 16 and 64, BITMAPINFOHEADER 40,
# the V2/V3 52/56, V4 108, V5 124)
_BMP_DIB_SIZES = frozenset(struct.pack("<I", n) for n in (12, 16, 40, 52, 56, 64, 108, 124))


def _pcx(head: bytes) -> bool:
    """A PCX picture's 128-byte header (ZSoft): 0x0A, a version Pillow reads (0, 2, 3, 5), run-length
    coding, 1-8 bits a pixel, a window whose corners are in order, the reserved byte 0 and 1, 3 or 4
    planes. Pillow decodes it; no browser shows it, but a crawler's downloads keep it (found in review:
    a portrait as PCX passed as octet-stream). (Its first four bytes alone are a protocol buffer's too.)"""
    if len(head) < 128 or head[0] != 0x0A or head[1] not in (0, 2, 3, 5) or head[2] != 1:
        return False
    if head[3] not in (1, 2, 4, 8) or head[64] != 0 or head[65] not in (1, 3, 4):
        return False
    x0, y0, x1, y1 = struct.unpack("<4H", head[4:12])
    return x1 >= x0 and y1 >= y0


def _avif_compatible(head: bytes) -> bool:
    """An ISO BMFF file whose ftyp box lists avif or avis among its compatible brands."""
    size = struct.unpack(">I", head[:4])[0]
    brands = head[16:min(max(size, 16), len(head))]
    return any(brands[i:i + 4] in (b"avif", b"avis") for i in range(0, len(brands) - 3, 4))


SNIFF_BYTES = 512  # the first bytes sniff_kind reads to tell what a body is
# ... after the white space before them, within this many (WHATWG MIME Sniffing's window): a page after 600
# blank lines (a PHP include's), or after a form feed, was "other", its noai and TDM meta unread (review)
SNIFF_WINDOW = 1445
# ... and the first bytes a page's `<!doctype html>` or `<html>` is looked for in past other text (`_page_further_in`):
# Scrapy's (`responsetypes.from_body` builds an HtmlResponse of an untyped body holding one in its first 5,000)
MARKUP_WINDOW = 5000
# The first bytes an adapter holds before it knows whether the guard reads an answer whole (`answers.read_whole`):
# all `sniff_kind` reads. Its first `SNIFF_BYTES` alone, a page after 600 blank lines served as a download passed
# as one, unread, through the proxy and the httpx transports (review, session 60); its first `SNIFF_WINDOW`, a page
# after 1,500 (review, session 70)
SNIFF_HEAD = MARKUP_WINDOW
_LEADING_SPACE = b"\xef\xbb\xbf \t\r\n\x0c"


# A download's type (an archive, a file stored without a type): the media type itself, not "octet-stream"
# anywhere in the field (a JSON type or profile naming it is JSON); a type given twice is joined by a comma
_DOWNLOAD = re.compile(  # octet-stream, and the other names servers give a file they do not type
    r"\s*(?:(?:application/(?:x-)?|binary/)octet-stream|application/(?:force-download|x-download|download|unknown"
    r"|binary|x-binary)|unknown/unknown|\*/\*)\s*(?:[;,]|$)", re.IGNORECASE)


def declares_download(content_type: str | None) -> bool:
    """Whether the type says the answer is a download of unknown kind (`application/octet-stream`,
    `application/x-octet-stream`, S3's `binary/octet-stream`, `application/force-download`, `*/*`…): what it
    is, its bytes alone tell."""
    return content_type is not None and _DOWNLOAD.match(content_type) is not None


def untyped(content_type: str | None) -> bool:
    """Whether the type tells nothing of what the answer is: none, or a download's (`declares_download`)."""
    return not (content_type or "").split(";")[0].strip() or declares_download(content_type)


# Types whose parts a crawler fetches as it downloads them (a video's, a sound's, a PDF's, an archive's ranges): a
# part of one passes as the whole would (`part_passes`)
_PART_PASSES: Final = re.compile(
    r"\s*(?:(?:video|audio)/[\w.+-]+|application/(?:ogg|mp4|pdf|x-pdf|zip|x-zip|x-zip-compressed|x-tar|x-gtar|gzip|"
    r"x-gzip|x-bzip|x-bzip2|x-xz|x-lzma|x-compress|x-compressed|zstd|x-7z-compressed|vnd\.rar|x-rar|x-rar-compressed|"
    r"java-archive|x-iso9660-image|x-apple-diskimage|vnd\.android\.package-archive|x-debian-package|x-rpm|x-msi|"
    r"vnd\.ms-cab-compressed|epub\+zip|warc|vnd\.apache\.parquet|msword|vnd\.ms-excel|vnd\.ms-powerpoint|"
    r"vnd\.openxmlformats-officedocument\.[\w.+-]+|vnd\.oasis\.opendocument\.[\w.+-]+))\s*(?:;|$)",
    re.IGNORECASE)


def part_passes(content_type: str | None) -> bool:
    """Whether a part of an answer of this type passes unjudged as a download of it: a video, a sound, a
    PDF, an archive, an office document, a dataset's file. Not any other type: a text, a font, an invalid
    one (`image`), a download's or none, whose middle a picture may be (a portrait served as text/plain,
    Apache's old default type, fetched as `bytes=0-0` and `bytes=1-` passed whole; review, session 60)."""
    return content_type is not None and _PART_PASSES.match(content_type) is not None


def declared_length(value: str | None) -> int | None:
    """A Content-Length field's number of bytes; None where it gives none that can be read (absent, not ASCII
    digits: `³` is a digit to `str.isdigit` that `int` refuses, more digits than any body has)."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def starts_as_media_container(body: bytes) -> bool:
    """Whether the bytes begin as a video's, a sound's, a PDF's or an archive's file does (an MP4's `ftyp` box, a
    WebM/Matroska, Ogg, FLAC, MP3 or WAV/AVI header, `%PDF-`, a zip's, a gzip's, a 7z's, a RAR's, Parquet's, a
    WARC's): what a short first part of one (a DASH init segment) is told by, where no picture's head is."""
    if body[4:8] == b"ftyp" or (body[:4] == b"RIFF" and body[8:12] in (b"WAVE", b"AVI ")):
        return True
    return body.startswith(_MEDIA_CONTAINER_HEADS)


_MEDIA_CONTAINER_HEADS: Final = (b"\x1aE\xdf\xa3", b"OggS", b"fLaC", b"ID3", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
                                 b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"PAR1", b"WARC/")


def tells_no_kind(content_type: str | None) -> bool:
    """Whether the type leaves what the answer is to its bytes: none, a download's (`untyped`), one of the types
    that say nothing (`application/x-php`), an invalid one, or one no list here knows (`application/x-photoshop`).
    Not a text's, a page's, a script's, JSON's, a font's, a video's or any other known type: bytes that begin as
    a rare picture format's do ("DDS is …", a UTF-16 JSON a TGA header reader takes), but say what they are."""
    if untyped(content_type):
        return True
    essence = (content_type or "").split(";")[0].strip().lower()
    return essence in _UNKNOWN_TYPES or _MIME_ESSENCE.match(essence) is None or _KNOWN_TYPE.match(essence) is None


def names_a_medium(content_type: str | None) -> bool:
    """Whether the type names a video, a sound, a font or an archive: what a picture's first bytes are trusted
    over, as over a type that says nothing (a PPM or SGI portrait served as video/mp4 is a picture)."""
    return _MEDIA_TYPE.match((content_type or "").split(";")[0].strip().lower()) is not None


def may_be_picture(content_type: str | None) -> bool:
    """Whether an answer recorded with this type may have been a picture: an image type, a download's
    or none (the guard told it by its bytes); a page's, a text's or a feed's not. What an erasure
    suppresses by bytes: a page's are the same on many sites (a soft 404, a template)."""
    return untyped(content_type) or (content_type or "").strip().lower().startswith("image/")


def picture_type(body: bytes) -> str | None:
    """The media type a picture's first bytes say it is (`_IMAGE_MAGIC`, and a WebP's RIFF header): the
    file type of an answer whose Content-Type says none (S3's `binary/octet-stream`, none at all), as
    ai.txt's file-type rules name it."""
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    return next((media_type for magic, media_type in _IMAGE_MAGIC if body.startswith(magic)), None)


def sniff_kind(content_type: str | None, body: bytes) -> ContentKind:
    """What the bytes are, trusting magic numbers over a (often wrong) Content-Type."""
    head = body[:SNIFF_BYTES]
    if any(head.startswith(magic) for magic, _ in _IMAGE_MAGIC):
        return "image"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype and _MIME_ESSENCE.match(ctype) is None:
        # no MIME type at all (`text/html charset=utf-8`, its ";" left out; a NUL in it): browsers parse none
        # and sniff the bytes, and a page with an opt-out in its <meta> was read as "other", allowed unread
        ctype = ""
    if (any(head.startswith(m) for m in _WEAK_IMAGE_MAGIC) or _NETPBM.match(head) or _pcx(head)) and (
            not ctype or ctype in _UNKNOWN_TYPES or ctype.startswith("image/") or names_a_medium(ctype)):
        return "image"
    if head.startswith(b"BM") and head[14:18] in _BMP_DIB_SIZES:
        return "image"  # "BM" alone is text too ("BMI calculator", "BMW,3 Series"): a BMP has a DIB header
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:12] in (b"ftypavif", b"ftypavis", b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image"  # avis: an animated AVIF (image sequence)
    if head[4:8] == b"ftyp" and _avif_compatible(head):
        return "image"
    lead = body[:SNIFF_WINDOW].lstrip(_LEADING_SPACE).lower()  # (its start, after any white space)
    stripped = lead[:SNIFF_BYTES]
    if ctype == "image/svg+xml":
        return "svg"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"  # before the bytes' SVG sniff: a fragment opening with an icon's <svg> had its noai unread
    if stripped.startswith(b"<svg") or _SVG_ROOT.match(lead) or _SVG_DOCTYPE.match(lead):
        return "svg"  # (its root, not an <svg> anywhere in the head: XHTML with an inline icon is a page)
    if ctype.startswith("image/"):
        return "image"
    if ctype in ("application/xml", "text/xml") and (b"<html" in lead or b"<html" in _wide_markup(head)):
        return "html"  # XHTML served as plain XML (in UTF-16 too)
    # an unknown type is sniffed as a browser sniffs it (WHATWG MIME Sniffing §7.1), and Scrapy builds an
    # HtmlResponse; a text's too (plain text, JSON, a script, CSS, CSV, Markdown): a browser shows its source, but
    # Scrapy's TextResponse selectors read its pictures and its <meta name=robots> (an adversarial review: a noai
    # page sent as text/plain passed unread; the review of session 66: as application/json or text/css)
    # (S3's binary/octet-stream, application/x-unknown too; not a YAML file's or a shell script's type: it says)
    says_nothing = not ctype or ctype in _UNKNOWN_TYPES or "octet-stream" in ctype or "unknown" in ctype
    if (says_nothing or _READ_AS_TEXT.match(ctype) or not _KNOWN_TYPE.match(ctype)) and (
            _HTML_START.match(stripped) or _HTML_START.match(_wide_markup(head))
            # XHTML after its XML declaration (sniffed as XML, which is read as a page when it holds <html):
            # sent with no type or S3's octet-stream, its <meta name="robots" content="noai"> passed unread.
            # Its root element must be <html> (a feed quoting a page in CDATA, an OPML <htmlUrl> are no pages)
            or _XHTML_ROOT.match(lead)
            or _XHTML_ROOT.match(_wide_markup(head))
            # (further in only for a type that says nothing: a script, Markdown, CSV, YAML or a log quoting a page on
            # a line of its own is what its type says, and was rewritten as HTML when redacted; reviews)
            or (says_nothing and _page_further_in(body[:MARKUP_WINDOW]))):
        return "html"
    if ctype not in ("application/xml", "text/xml") and _starts_as_page(ctype, stripped, lead):
        return "html"
    return "other"


def _starts_as_page(ctype: str, stripped: bytes, lead: bytes) -> bool:
    """Whether a body under a known type that is no text's (a video's, a PDF's, a zip's, Word's, a mail message's,
    a feed's) begins as a page does, after any white space: Scrapy has no response class for most such types and
    sniffs the body, so a crawler reads it as the page it is, and a noai page served as video/mp4 passed the proxy
    unread (review, session 71). By its start only, not by a line further in; a feed's (`+xml`, which Scrapy reads
    as XML) by a tag, not by the comment its generator may open it with."""
    if _XHTML_ROOT.match(lead):
        return True
    return (_HTML_TAG_START if ctype.endswith("+xml") else _HTML_START).match(stripped) is not None


def _page_further_in(head: bytes) -> bool:
    """Whether a line of `head` (a body's first `MARKUP_WINDOW` bytes) begins with a page's `<!doctype html>` or
    `<html>` after text (a PHP notice, a generator's banner, more white space than `SNIFF_WINDOW`): Scrapy reads
    such a body as a page (an HtmlResponse, or a TextResponse by its text type) and its selectors its pictures and
    its `noimageai`, which passed unread (review, session 70). At a line's start: a JSON string quoting a page holds
    no line break (a JSON API's stays JSON); not after bytes no text holds, nor in an archive's text (a WARC, an
    MHTML file), whose pages are files the guard does not unpack."""
    low = head.lower() if b"<" in head else b""  # (looked for as bytes first: the pattern cost a text answer 0.1 ms)
    found = _PAGE_LINE.search(head) if b"<html" in low or b"<!doctype" in low else None
    if found is None:
        return False
    from scrapeguard.codings import plain_text

    return plain_text(head[:found.start()]) and archive_kind(head) is None and not starts_as_media_container(head)


# An archive's first bytes: what holds files (pictures too) that the guard reads none of
_ARCHIVE_MAGIC: Final = ((b"PK\x03\x04", "a zip archive"), (b"PK\x05\x06", "a zip archive"),
                         (b"7z\xbc\xaf\x27\x1c", "a 7z archive"), (b"Rar!\x1a\x07", "a RAR archive"),
                         (b"WARC/", "a WARC file"), (b"bplist00", "a Safari web archive (a binary property list)"))
# a MIME document's header block naming parts: a page saved as one file (MHTML, .mht) or an e-mail
_MIME_ARCHIVE: Final = re.compile(
    rb"\A(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?content-type:[ \t]*(?:\r?\n[ \t]+)?multipart/", re.IGNORECASE)
# Types of answers that hold other files, whatever their bytes show first (a PDF's pictures are streams)
_CONTAINER_TYPES: Final = {"application/zip": "a zip archive", "application/x-zip-compressed": "a zip archive",
                           "application/pdf": "a PDF document", "message/rfc822": "a mail message",
                           "application/vnd.ms-outlook": "a mail message", "application/x-tar": "a tar archive",
                           "application/x-7z-compressed": "a 7z archive", "application/vnd.rar": "a RAR archive",
                           "application/x-rar-compressed": "a RAR archive", "application/epub+zip": "an EPUB book",
                           "application/postscript": "a PostScript document", "application/eps": "an EPS document",
                           "application/x-eps": "an EPS document"}
# ... and by their first bytes, whatever their type says (none, application/octet-stream): a PostScript or EPS
# document draws a picture rasterised into it with its program, which the guard does not run; a PDF's pictures are
# streams (one untyped or as a download passed with no note; review, session 71) (not `archive_kind`: `scan` has
# nothing to unpack)
_DOCUMENT_MAGIC: Final = ((b"%!PS", "a PostScript document"), (b"\xc5\xd0\xd3\xc6", "an EPS document"),
                          (b"%PDF-", "a PDF document"))


def archive_kind(head: bytes) -> str | None:
    """What archive `head`, a body's first bytes, is, or None: a zip, tar, 7z or RAR of photos, a
    crawl's WARC file, a page saved with its pictures as one MHTML file or Safari .webarchive."""
    for magic, what in _ARCHIVE_MAGIC:
        if head.startswith(magic):
            return what
    if head[257:262] == b"ustar":
        return "a tar archive"
    if _MIME_ARCHIVE.match(head[:4096]):
        return "a MIME archive (a page saved as one file, MHTML; an e-mail)"
    return None


# a zip's end-of-central-directory record, the last thing in it but for a comment of at most 65,535 bytes
_ZIP_END: Final = b"PK\x05\x06"
_ZIP_END_SIZE: Final = 22
_ZIP_TAIL: Final = _ZIP_END_SIZE + 0xFFFF
_ZIP64_LOCATOR: Final = b"PK\x06\x07"  # (20 bytes, right before the end record of a zip too large for it)


def ends_as_zip(body: bytes) -> bool:
    """Whether `body`, whole, ends as a zip archive does, whatever comes before the archive (a self-extracting
    program, a picture: a polyglot): unzip reads such a file as an archive, which `archive_kind`, told by the first
    bytes alone, passed unread. Bounded: only its last 65,557 bytes are searched, for an end record that fits."""
    tail_start = max(0, len(body) - _ZIP_TAIL)
    at = body.rfind(_ZIP_END, tail_start)
    while at >= 0:
        if _zip_end_fits(body, at):
            return True
        at = body.rfind(_ZIP_END, tail_start, at)
    return False


def _zip_end_fits(body: bytes, at: int) -> bool:
    """Whether the end record at `at` is one: its comment ends within the body, one disk, and its central directory
    (a file header first) sits right before it, with no more bytes in front of the archive than the body has (so the
    four bytes inside a picture's pixels are not one)."""
    if at + _ZIP_END_SIZE > len(body):
        return False
    disk, cd_disk, entries_here, entries, cd_size, cd_offset, comment = struct.unpack_from("<HHHHIIH", body, at + 4)
    if at + _ZIP_END_SIZE + comment > len(body):
        return False
    if 0xFFFFFFFF in (cd_size, cd_offset) or 0xFFFF in (entries, entries_here):  # (in the Zip64 record, then)
        return at >= 20 and body[at - 20:at - 16] == _ZIP64_LOCATOR
    cd_start = at - cd_size
    return (disk == cd_disk == 0 and 0 < entries == entries_here and 0 <= cd_offset <= cd_start
            and body[cd_start:cd_start + 4] == b"PK\x01\x02")


def container_kind(content_type: str | None, body: bytes) -> str | None:
    """What holds other files (`archive_kind`, a PostScript or PDF document or a compressed file by its first bytes,
    a zip by its end (`ends_as_zip`), a sound or video file whose metadata hold a picture, `cover_art`, else by its
    type: a PDF, a mail message, PostScript or EPS), or None: an answer whose pictures inside the guard does not read.

    Why PostScript: a portrait rasterised into an EPS answer (application/postscript, or no type at all)
    passed as allowed with no note, where a PDF holding it was said to hold pictures not read; so did one
    as an MP3's cover art (review, session 69)."""
    from scrapeguard.codings import never_undone_coding, unlabelled_coding
    from scrapeguard.cover_art import cover_art

    head = body[:4096]
    # (a compressed file served as a download, not in a content coding the adapters undo: a `.gz` of a portrait
    # passed with no note; review, session 60. Told as `scan` tells one)
    compressed = unlabelled_coding(head) or never_undone_coding(head)
    return archive_kind(head) or next((what for magic, what in _DOCUMENT_MAGIC if head.startswith(magic)), None) \
        or (f"{'an' if compressed == 'xz' else 'a'} {compressed}-compressed file" if compressed else None) \
        or ("a zip archive" if ends_as_zip(body) else None) \
        or cover_art(body) or _CONTAINER_TYPES.get((content_type or "").split(";")[0].strip().lower())


# Types Scrapy builds a TextResponse (or a JsonResponse) for, whose selectors read HTML in them as a page's (not
# text/xml: an XmlResponse; a feed beginning with a comment was redacted into an HTML document, second review)
# (a `+json` type as JSON: a JSON-LD or JSON:API answer beginning as a page was read as none; review, session 71)
_READ_AS_TEXT: Final = re.compile(r"text/(?!xml\b)|application/(?:x-)?json\b|application/json-amazonui-streaming\b"
                                  r"|application/(?:x-)?javascript\b|application/[\w.-]+\+json\b")
# Types that say nothing of the content: the bytes decide (WHATWG MIME Sniffing §7.1).
_UNKNOWN_TYPES = frozenset({"application/octet-stream", "unknown/unknown", "application/unknown", "*/*",
                            "application/x-httpd-php", "application/x-php", "text/php"})
_KNOWN_TYPE = re.compile(r"(?:text|image|audio|video|font|model|multipart|message)/|application/(?:json|pdf|zip|"
                         r"javascript|ecmascript|x-javascript|wasm|ld\+json|[\w.+-]*\+json|gzip|x-gzip|x-tar|"
                         r"vnd\.|msword|x-shockwave|x-font|font-|rss\+xml|atom\+xml|xml|x-www-form)")
# the HTML signatures of WHATWG MIME Sniffing §7.1 (case-insensitive, then a space or ">")
# an XML declaration, then comments, processing instructions and a doctype (a head of `SNIFF_BYTES`), then <html>
# (a doctype's internal subset, `[<!ENTITY nbsp "&#160;">]`, holds '>'s; each part matched once, possessively:
# a comment's lazy end let comments join in every way, 2^n tries for a head of `<!---->`s without an <html>)
_XML_PROLOG = rb"<\?xml[^>]*\?>(?:\s|(?><!--.*?-->)|<\?[^>]*\?>|<!doctype[^>\[]*(?:\[[^\]]*\])?[^>]*>)*+"
_XHTML_ROOT = re.compile(_XML_PROLOG + rb"<html\b", re.DOTALL)
# ... and an SVG document's, its root <svg> (an <svg> inside a page's <html> root is an inline icon)
_SVG_ROOT = re.compile(_XML_PROLOG + rb"<svg\b", re.DOTALL)
# ... or, without the XML declaration (optional, XML 1.0 §2.8), a doctype naming svg: `<!DOCTYPE svg PUBLIC …>`, after
# comments (not a comment alone: a body beginning with one is a page to a browser's sniffing)
_SVG_DOCTYPE = re.compile(rb"(?:\s|(?><!--.*?-->)|<\?[^>]*\?>)*+<!doctype\s+svg\b", re.DOTALL)
# (a line's white space possessively: each line is tried once, so 5,000 blank lines cost one pass, not 5,000)
_PAGE_LINE = re.compile(rb"^[ \t\r\x0c]*+<(?:!doctype[ \t\r\n\x0c]+html|html)[ \t\r\n\x0c>]",
                        re.IGNORECASE | re.MULTILINE)
_HTML_TAG = rb"<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)[ >\t\r\n]"
_HTML_START = re.compile(_HTML_TAG + rb"|<!--")
_HTML_TAG_START = re.compile(_HTML_TAG)  # (no comment: a feed's generator may open it with one)


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
