"""Canonical bytes, hashes and commitments: the parts of the audit log that must never change.

The hash chain is only as good as the agreement between the writer and every later
verifier on *which bytes* were hashed. Our records contain only strings, integers,
booleans, nulls and floats we round ourselves, so sorted keys with compact separators
(the RFC 8785 rule minus number formatting we control) gives one byte string per record.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import math
import re
import secrets
from typing import Any, Final
from urllib.parse import unquote, urlsplit, urlunsplit

from scrapeguard.jurisdiction import ip_literal
from scrapeguard.resource import (
    _UNRESERVED_ESCAPE,
    _unescape,
    may_track,
    remove_dot_segments,
    resource_key,
    tracking_parameter,
)

GENESIS = "sha256:" + "0" * 64
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_json(record: dict[str, Any]) -> str:
    """The one serialisation that is hashed, stored and exported."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_hash(record: dict[str, Any]) -> str:
    """`sha256:` over the canonical form of the record *without* its `hash` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return "sha256:" + hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


# Already in normal form: lower-case http(s) scheme and ASCII host, no port, user or
# fragment, a path, printable ASCII that a client sends as is (no space, quote, angle
# bracket, backtick or brace), escapes in upper case and no trailing "?" (urlunsplit would
# drop it). Most URLs a crawler meets look like this; they skip the parse (several µs).
_NORMAL_URL = re.compile(
    r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::([1-9][0-9]{0,4}))?/(?:[!$&-;=?-_a-z|~]|%[0-9A-F]{2})*(?<!\?)")
# The spelling used before IDNA and percent-encoding were part of it (see legacy_normalise_url)
_LEGACY_NORMAL_URL = re.compile(r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*/[!-\"$-~]*(?<!\?)")


def normalise_url(url: str) -> str:
    """One spelling per URL so a data subject's copy of a link finds what the crawler met:
    the spelling a client sends (`resource.comparable_url`: host in IDNA, non-ASCII and
    spaces percent-encoded as UTF-8, escapes in upper case), then lower-case scheme and
    host, no default port, user or fragment, `/` for an empty path, and escapes of
    unreserved characters decoded (RFC 3986 §6.2.2.2: `%7E` is `~`). Path and query keep
    their case otherwise: they may be case-sensitive on the server.

    `https://bücher.example.de/fotos/jürgen.jpg` and
    `https://xn--bcher-kva.example.de/fotos/j%c3%bcrgen.jpg` are one URL, as are
    `https://uni.example.edu/~jdoe/` and `https://uni.example.edu/%7Ejdoe/`."""
    if url and _normal_already(url):
        return _decode_unreserved(url) if "%" in url else url
    return _normalise_slow(url)


def _normal_already(url: str) -> bool:
    """Whether `url` is spelt as a client sends it. With a port (an intranet's `http://127.0.0.1:8080/`,
    a test server's), only one that `_normalise_slow` gives back as written: not 80 or 443 (a
    scheme's default, or the other's), no dot segment (httpx's spelling resolves some)."""
    match = _NORMAL_URL.fullmatch(url)
    if match is None:
        return False
    port = match[1]
    return port is None or (port not in ("80", "443") and int(port) <= 65535 and "/." not in url)


def escaped_normal_form(url: str) -> str:
    """The normal form logs used before escapes of unreserved characters were decoded
    (`%7E` kept as written). Their commitments, keyed hashes and suppression entries were
    computed over it: verification and look-ups accept it too, so old logs still verify and
    old entries still match."""
    if url and _normal_already(url):
        return url
    return _normalise_slow(url, decode=False)


def has_unreserved_escape(url: str) -> bool:
    """Whether a URL spells an unreserved character as an escape (`%7E`, `%7e`): only then does
    `escaped_normal_form` differ from `normalise_url`."""
    return _UNRESERVED_ESCAPE.search(url.upper()) is not None


def _decode_unreserved(url: str) -> str:
    """Escapes of unreserved characters (upper-case hex, as `comparable_url` writes them) decoded."""
    return _UNRESERVED_ESCAPE.sub(_unescape, url)


def _normalise_slow(url: str, *, decode: bool = True) -> str:
    """`normalise_url` without the already-normal shortcut (`decode=False`: the form before
    unreserved escapes were decoded). Only http(s) URLs with a host take the client spelling;
    anything else is normalised as before, never mangled."""
    from scrapeguard.resource import comparable_url

    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        web = False
    if not web:
        return _normalise_parsed(text)
    normal = _normalise_parsed(comparable_url(text))
    return _decode_unreserved(normal) if decode and "%" in normal else normal


def legacy_normalise_url(url: str) -> str:
    """The spelling logs written before IDNA and percent-encoding were normalised used
    (host and path as given). Their commitments, keyed hashes and suppression entries were
    computed over it: verification and look-ups accept it too, so old logs still verify
    and old entries still match the spelling they were made from."""
    if url and _LEGACY_NORMAL_URL.fullmatch(url):
        return url
    return _normalise_parsed(url)


def url_spellings(url: str) -> list[str]:
    """The normal form first, then the older forms that differ (of the URL as given and of
    its client spelling, and with unreserved characters still or again escaped, `~` as `%7E`
    as older encoders wrote it): every key an older record or suppression entry may hold."""
    from scrapeguard.resource import comparable_url

    client = comparable_url((url or "").strip())
    lower = _ESCAPE.sub(lambda m: m.group(0).lower(), client)  # escapes as some servers write them
    out = [normalise_url(url)]
    tilde = out[0].replace("~", "%7E") if "~" in out[0] else None
    for legacy in (
        escaped_normal_form(url),
        *((tilde,) if tilde else ()),
        legacy_normalise_url(url),
        legacy_normalise_url(client),
        legacy_normalise_url(lower),
    ):
        if legacy not in out:
            out.append(legacy)
    for other in client_spellings(url):
        if other not in out:
            out.append(other)
    return out


# Characters httpx (and browsers) leave as they are where w3lib (Scrapy) percent-encodes them
# (measured with both: httpx 0.28, w3lib 2.x); everything else the two spell alike.
_PATH_SPLIT = "[]^|"
_QUERY_SPLIT = "[]^|'\\`{}"
_PATH_W3LIB = str.maketrans({c: f"%{ord(c):02X}" for c in _PATH_SPLIT})
_QUERY_W3LIB = str.maketrans({c: f"%{ord(c):02X}" for c in _QUERY_SPLIT})


def _unescape_only(text: str, chars: str) -> str:
    """`text` with the escapes of `chars` (and only those) decoded."""
    return _ESCAPE.sub(lambda m: c if (c := chr(int(m.group(0)[1:], 16))) in chars else m.group(0), text)


def client_spellings(url: str) -> list[str]:
    """The same resource as the other clients write it: httpx's `foto[1].jpg?n=o'brien` is
    Scrapy's `foto%5B1%5D.jpg?n=o%27brien`, so a request given one spelling finds the records
    made under the other. Only for look-ups and suppression entries: records keep the spelling
    they were met by (their commitments are over it). A `\\` in a path, which w3lib turns into
    `/`, is bridged from httpx's spelling only."""
    try:
        parts = urlsplit(normalise_url(url))
    except ValueError:
        return []
    if parts.scheme not in ("http", "https"):
        return []
    resolved = dot_resolved(url)  # (`/a/./b.jpg` as httpx sends it, and its spellings, besides the dotted ones)
    extra = [resolved, *client_spellings(resolved)] if resolved is not None else []
    bare = parameters_removed(url)  # (`a.html;jsessionid=X` as a servlet container serves it: `a.html`)
    extra += [bare, *client_spellings(bare)] if bare is not None else []
    plain = tracking_removed(url)  # (`a.html?utm_source=x`, a newsletter's link to it: `a.html`)
    extra += [plain, *client_spellings(plain)] if plain is not None else []
    # (`img//a.jpg` and `a.jpg;` as Scrapy's urljoin requests a relative link to them: `img/a.jpg`, `a.jpg`;
    # an IP address as clients write it: `[2001:DB8:0::1]` is requested as `[2001:db8::1]`, `0xc000020a` as
    # `192.0.2.10`: the resource key's spelling, which the guard looks suppression up by)
    if "//" in parts.path or parts.path.endswith(";") or ip_literal(parts.hostname or "") is not None:
        joined = normalise_url(resource_key(url))
        extra += [joined, *client_spellings(joined)] if joined != normalise_url(url) else []
    path = _unescape_only(parts.path, _PATH_SPLIT)
    query = _unescape_only(parts.query, _QUERY_SPLIT)
    as_httpx = normalise_url(urlunsplit((parts.scheme, parts.netloc, path, query, "")))
    w3lib_path, w3lib_query = path.replace("\\", "/").translate(_PATH_W3LIB), query.translate(_QUERY_W3LIB)
    as_w3lib = normalise_url(urlunsplit((parts.scheme, parts.netloc, w3lib_path, w3lib_query, "")))
    # (w3lib keeps a host written in A-labels as it is: a link to `xn--strae-oqa.de` is requested so)
    host = idna2003_host(parts.hostname or "")
    if host is None:
        return list(dict.fromkeys([as_w3lib, as_httpx, *extra]))
    netloc = host + parts.netloc[len(parts.hostname or ""):]  # (the port, if any)
    return list(dict.fromkeys([as_w3lib, as_httpx, normalise_url(urlunsplit((parts.scheme, netloc, w3lib_path,
                                                                               w3lib_query, ""))), *extra]))


def url_section(url: str) -> str:
    """A normalised URL as a profile or site section (`--url-prefix`) is compared: without its
    scheme (http and https serve the same pages) and, below the root, without a trailing "/":
    `/~jdoe/` is also the page `/~jdoe` and `/~jdoe?tab=cv`, which a prefix ending in "/" left
    out of an erasure."""
    rest = url.split("://", 1)[-1]
    trimmed = rest.rstrip("/")
    return trimmed if "/" in trimmed else rest


def in_section(place: str, section: str) -> bool:
    """Whether a URL's `url_section` is `section` or lies below it (a path or query of its own):
    `/~jdoe` covers `/~jdoe/cv.html` and `/~jdoe?tab=cv`, never `/~jdoe2/`."""
    return place == section or (place.startswith(section) and (section.endswith("/") or place[len(section)] in "/?"))


# the longest and deepest section an erasure suppresses (`searchable_section`): a URL is looked up by at
# most this many keyed hashes of at most this length, whatever it is (a page's image URL of megabytes)
MAX_SECTION_LENGTH = 2048
MAX_SECTION_DEPTH = 64


def searchable_section(section: str) -> bool:
    """Whether `sections_above` finds a URL under this section: at most `MAX_SECTION_LENGTH`
    characters and `MAX_SECTION_DEPTH` "/" or "?" below its host (an erasure refuses a longer one)."""
    host_end = section.find("/")
    return len(section) <= MAX_SECTION_LENGTH and sum(c in "/?" for c in section[host_end + 1:]) < MAX_SECTION_DEPTH


def sections_above(place: str) -> list[str]:
    """Every `searchable_section` that `place` (a `url_section`) lies in (`in_section`): itself,
    each of its prefixes that ends before a "/" or "?", and its host's root (the only section that
    ends in "/": `h/`, or `h//` for a path of slashes alone). What a suppressed section is looked
    up by, one keyed hash each, rather than every entry compared; bounded, so a URL of megabytes
    (a `data:` picture, a crafted link) costs no more than a short one."""
    host_end = place.find("/")
    if host_end < 0:
        return [place] if searchable_section(place) else []
    head = place[: MAX_SECTION_LENGTH + 1]
    cuts = [i for i, c in enumerate(head) if c in "/?" and i > host_end][:MAX_SECTION_DEPTH]
    slashes = len(head) - host_end - len(head[host_end:].lstrip("/"))
    roots = (place[: host_end + k] for k in range(1, min(slashes, MAX_SECTION_DEPTH) + 1))
    found = dict.fromkeys([*(place[:i] for i in cuts), *roots, *([place] if searchable_section(place) else [])])
    return [s for s in found if searchable_section(s)]


_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


def dot_resolved(url: str) -> str | None:
    """The normal form of `url` with its path's `.` and `..` segments removed (RFC 3986 §5.2.4), as
    httpx and browsers send it; None when its path has none. Scrapy and a proxy's clients may send
    `/a/./b.jpg` as written, and an erasure of `/a/b.jpg` let that spelling through. For look-ups and
    suppression entries only: records keep the spelling they were met by."""
    norm = normalise_url(url)
    try:
        parts = urlsplit(norm)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or _DOT_SEGMENT.search(parts.path) is None:
        return None
    return normalise_url(urlunsplit((parts.scheme, parts.netloc, remove_dot_segments(parts.path), parts.query, "")))


def parameters_removed(url: str) -> str | None:
    """The normal form of `url` with each path segment's `;…` parameters removed, as servlet containers
    (Tomcat, Jetty) serve it: `/people/jdoe.html;jsessionid=XYZ` is `/people/jdoe.html`, `/~jdoe;v=1/x.jpg`
    is `/~jdoe/x.jpg`; None when its path has none. A crawler without cookies meets a session id on every
    link of such a site, and a request by the page's URL found none of its records, nor did its erasure
    suppress the next session's spelling. For look-ups and suppression entries only: records keep the
    spelling they were met by."""
    norm = normalise_url(url)
    try:
        parts = urlsplit(norm)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or ";" not in parts.path:
        return None
    path = "/".join(segment.partition(";")[0] for segment in parts.path.split("/"))
    return normalise_url(urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")))



def tracking_removed(url: str) -> str | None:
    """The normal form of `url` without the query parameters that only track a visit
    (`resource.tracking_parameter`: `utm_…`, `fbclid`, `gclid`), the others kept in their order; None when it
    has none. A link from a newsletter or an ad adds them to a page's URL, and a request by the page's URL
    found none of that visit's records, nor did its erasure refuse the page so spelt. For look-ups and
    suppression entries only: records keep the spelling they were met by."""
    if "?" not in url:
        return None
    norm = normalise_url(url)
    if not may_track(norm):
        return None
    head, _, query = norm.partition("?")
    parts = query.split("&")  # (`&` alone parts a query, as WHATWG's form reading does: `;` may be a value's)
    kept = [part for part in parts if not tracking_parameter(part.partition("=")[0])]
    if len(kept) == len(parts):
        return None
    rest = "&".join(part for part in kept if part)
    return head + ("?" + rest if rest else "")

def idna2003_host(host: str) -> str | None:
    """A host, in the log's spelling (`jurisdiction.ascii_host`: IDNA UTS #46, as httpx and browsers
    request it), as IDNA 2003 spells it, where the two differ: Scrapy's w3lib requests a link to
    `straße.de` as `strasse.de` (ß as ss, a final ς as σ, a joiner dropped), where httpx requests
    `xn--strae-oqa.de`. None when they agree. For look-ups and suppression entries only: both are
    the same link to the person who gives it, whichever client the crawler was."""
    if "xn--" not in host:
        return None
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode").encode("idna").decode("ascii").lower()
            except (UnicodeError, ValueError):
                return None
        labels.append(label)
    other = ".".join(labels)
    return other if other != host else None


_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _normalise_parsed(url: str) -> str:
    """`normalise_url` the long way (no already-normal shortcut): urlsplit and rebuild."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return text
    if not parts.scheme or not host:
        return text
    scheme = parts.scheme.lower()
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    # user:password@ is left out on purpose: it never identifies the resource
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


# `prev` and `seq` are known only inside the writing transaction. The record is
# serialised before, with these two stand-ins in their sorted places, and cut there; the
# writer then joins the pieces around the real values. The stand-ins are random per
# process, so no content can contain them (if one ever did, the cut fails and the
# record is cut the slow way).
_PREV_MARK = "\x00prev-" + secrets.token_hex(16)
_SEQ_MARK = "\x00seq-" + secrets.token_hex(16)
_PREV_TEXT = json.dumps(_PREV_MARK)
_SEQ_TEXT = json.dumps(_SEQ_MARK)
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _cut(text: str) -> tuple[str, str, str] | None:
    head, sep, rest = text.partition(_PREV_TEXT)
    mid, sep2, tail = rest.partition(_SEQ_TEXT)
    if not sep or not sep2 or _PREV_TEXT in tail or _SEQ_TEXT in tail or _PREV_TEXT in mid:
        return None
    return head, mid, tail


def canonical_parts(record: dict[str, Any]) -> tuple[str, str, str]:
    """The canonical form of a record that lacks `prev` and `seq`, cut where those two
    values go, so the writer adds them without serialising the record again."""
    parts = _cut(canonical_json({**record, "prev": _PREV_MARK, "seq": _SEQ_MARK}))
    if parts is not None:
        return parts
    # content that holds a stand-in: serialise the pieces on either side separately
    head = {k: v for k, v in record.items() if k < "prev"}
    mid = {k: v for k, v in record.items() if "prev" < k < "seq"}
    tail = {k: v for k, v in record.items() if k > "seq"}
    h, m, t = canonical_json(head)[1:-1], canonical_json(mid)[1:-1], canonical_json(tail)[1:-1]
    return (
        "{" + h + ("," if h else "") + '"prev":',
        ("," + m if m else "") + ',"seq":',
        ("," + t if t else "") + "}",
    )


def join_parts(parts: tuple[str, str, str], prev: str, seq: int) -> str:
    """`canonical_json(record | {"prev": prev, "seq": seq})` from `canonical_parts(record)`."""
    return parts[0] + json.dumps(prev, ensure_ascii=False) + parts[1] + str(int(seq)) + parts[2]


_DROP_KEYS = frozenset({"pixels", "crop", "crops", "embedding", "embeddings", "thumbnail", "image", "data", "bytes"})
_MAX_VECTOR = 64

# What `scrub` would change, looked for in the serialised text instead of walking every
# value: a key it drops, a run of more than _MAX_VECTOR numbers, a float it would round
# (more than 6 decimals, or an exponent: Python writes those as `e-07`, `e+16`).
# A hit, even a false one inside a string, only sends the record through `scrub`.
_DROP_KEY_TEXT = tuple(f'"{k}":' for k in sorted(_DROP_KEYS))
_VECTOR_TEXT = re.compile(r"\[(?:[-+.0-9eE]+|true|false)(?:,(?:[-+.0-9eE]+|true|false)){64}")
_FLOAT_FRACTION = re.compile(r"\.\d{7}")


def _needs_scrub(text: str) -> bool:
    low = text.lower()
    for k in _DROP_KEY_TEXT:
        if k in low:
            return True
    if _FLOAT_FRACTION.search(text):
        return True
    for sign in ("e-", "e+"):  # a digit, e, sign, digit: cheaper to find than to match
        i = text.find(sign)
        while i != -1:
            if text[i - 1 : i].isdigit() and text[i + 2 : i + 3].isdigit():
                return True
            i = text.find(sign, i + 2)
    return text.count(",") > _MAX_VECTOR and _VECTOR_TEXT.search(text) is not None


def item_paths(urls: tuple[str, ...]) -> tuple[str, ...]:
    """The paths (with their queries, escapes undone) of a decision's URLs, but "/" alone, also as robots.txt
    matching reads them (dot segments resolved, '\' as '/', runs of '/' as one: a URL sent as written, as
    Scrapy and curl --path-as-is send one): a rule or a text quoting one or a prefix of one (robots.txt's
    `Disallow: /staff/jane-doe.html`, ai.txt's, a `Content-Usage` path group) is hidden as `<path>`
    (`hide_item_paths`), as the whole URLs are."""
    out: dict[str, None] = {}
    for url in urls:
        _, found, rest = url.partition("://")
        at = rest.find("/") if found else -1
        path = rest[at:].partition("#")[0] if at >= 0 else ""  # (read as `urlsplit` reads it, at a fifth of its cost)
        path = unquote(path) if "%" in path else path
        if len(path) <= 1:
            continue
        out[path] = None
        if "\\" in path or "/." in path or "//" in path:  # (most paths: read alike)
            bare, mark, query = path.replace("\\", "/").partition("?")
            resolved = remove_dot_segments(bare) + mark + query
            for read in (resolved, re.sub(r"/{2,}", "/", resolved)):
                if len(read) > 1:
                    out[read] = None
    return tuple(out)


# A word of a text that may be a path: what lies between white space, quotes, brackets and backticks
# (an apostrophe inside it is its own, `/staff/o'brien.html`), without the punctuation around it (a
# sentence's full stop, a quote's apostrophe)
_STOPS = "\\s`\"<>«»“”‘’{}()\\[\\]"
# (a word holding a '/' or a '\': begun only where a word begins, so that a long run without one is read once)
_WORD: Final = re.compile(rf"(?<![^{_STOPS}])[^{_STOPS}/\\\\]*+[/\\\\][^{_STOPS}]*+")
_AROUND_WORD: Final = ".,;:!?'\u200b\u200c\u200d\u2060\ufeff"  # (and the invisible ones a rule may begin with)
# Words longer than this, or with more '/' than this, are not read rule by rule: hidden whole where they
# name the item's path at all (a megabyte of `/staff/staff…` took seconds and gigabytes, found in review)
_LONGEST_WORD: Final = 2048
_MOST_SLASHES: Final = 32
# A percent-escape cut short at a text's end (a rule quoted to its first 100 characters)
_CUT_ESCAPE: Final = re.compile(r"%[0-9A-Fa-f]?$")


@functools.lru_cache(maxsize=256)
def _path_names(paths: tuple[str, ...]) -> tuple[str, ...]:
    """The names the item's paths are made of: their segments and query values of three characters or more."""
    return tuple(sorted({name for path in paths for name in re.split(r"[/?&=;]", path) if len(name) >= 3}))


@functools.lru_cache(maxsize=256)
def _path_heads(paths: tuple[str, ...]) -> tuple[str, ...]:
    """What a rule must hold to say something of the item's path, beyond a short prefix (`/s` of
    `/staff/…`): the first three characters of one of its names (`_path_names`; a prefix rule cut anywhere
    in a name holds them, `/jane-doe` of `jane-doe.html`)."""
    return tuple(sorted({name[:3] for name in _path_names(paths)}))


@functools.lru_cache(maxsize=256)
def _path_runs(paths: tuple[str, ...]) -> tuple[str, ...]:
    """What a rule with a wildcard must hold to say something of it: any three characters in a row of one
    of its names but its file ending (`/*doe*`, not `/*.html$`)."""
    stems = {re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name) for name in _path_names(paths)}
    return tuple(sorted({stem[at:at + 3] for stem in stems for at in range(len(stem) - 2)}))


def _may_quote(text: str, paths: tuple[str, ...]) -> bool:
    """Could `text` quote the item's path, or a rule over it that says something of it (`_item_path_words`):
    does it hold a wildcard or the head of one of the path's names (`_path_heads`), its escapes undone? A
    few substring searches, which spare most texts the reading word by word (30 µs a record)."""
    heads = _path_heads(paths)
    return any("*" in probe or any(head in probe for head in heads)
               for probe in (text, unquote(text) if "%" in text else ""))


def _item_path_words(text: str, paths: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where `text` quotes the item's path (`item_paths`), or a rule that matches it, each as a
    robots.txt rule is read (a prefix, `*` any run of characters, `$` the end, '\' a '/'; a rule written
    without its leading '/', as robots.txt notes it, as if with it) and says something of it
    (`_path_heads`, `_path_runs`): `Disallow: /staff/jane-doe.html`, a prefix `/staff/john-roe/` or `/jane-doe`,
    `/*jane-doe*`; and a word holding the path after a host (`www.example.fr/staff/jane-doe.html`,
    `//cdn…`, another site's URL of that path), whole. A rule matching every path (`/`, `/*`) says
    nothing of the item, nor does a short prefix (`/s`), a rule of wildcards and an ending alone
    (`/*.jpg$`), a type or a date (`image/jpeg`, `text/html` beside `/html/…`: a word is read after its
    first '/' only where a host or a scheme comes before it)."""
    found: list[tuple[int, int]] = []
    heads = _path_heads(paths)
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _AROUND_WORD:
            start += 1
        while end > start and text[end - 1] in _AROUND_WORD:
            end -= 1
        raw = text[start:end]
        first = min((at for at in (raw.find("/"), raw.find("\\")) if at >= 0), default=-1)
        named = raw.rfind(":", 0, first)  # (`path:/staff/jane-doe.html`: the path after its name, kept)
        if named >= 0 and raw[named + 1:named + 3] != "//" and "." not in raw[:named]:
            start, raw = start + named + 1, raw[named + 1:]
        if _names_item_path((_unescaped(raw) if "%" in raw else raw).replace("\\", "/"), paths, heads):
            found.append((start, end))
    return found


def _names_item_path(word: str, paths: tuple[str, ...], heads: tuple[str, ...]) -> bool:
    """Does a word (escapes undone, '\\' as '/'), read as a rule or a URL's path, say something of the item's
    path (`_item_path_words`)? One too long to read rule by rule does where it holds a head of its names."""
    if not word or not any(mark in word for mark in (_path_runs(paths) if "*" in word else heads)):
        return False
    if len(word) > _LONGEST_WORD or word.count("/") > _MOST_SLASHES:
        return True
    cut = word.find("/")
    hosted = cut > 0 and ("." in word[:cut] or word[:cut].endswith(":"))  # (`host.tld/…`, `https://…`)
    rules = [word if word[0] == "/" else "/" + word]
    if hosted or word.startswith("//"):  # (the path after the host: from each single '/')
        rules += [word[at:] for at in range(max(cut, 1), len(word)) if word[at] == "/" and word[at - 1] != "/"]
    return any(_matches_item_path(rule, paths) for rule in rules)


def _unescaped(raw: str) -> str:
    """A word's percent-escapes undone, where a quote cut to its first characters (a rule's first 100) broke
    one off, or a character's bytes, without them: `/jane-doe.ht%C3` is read `/jane-doe.ht`, a prefix."""
    raw = _CUT_ESCAPE.sub("", raw)
    for _ in range(4):  # (a character is at most four bytes, so three of them may be left over)
        try:
            return unquote(raw, errors="strict")
        except UnicodeDecodeError:
            if not re.search(r"%[0-9A-Fa-f]{2}$", raw):
                break
            raw = raw[:-3]
    return unquote(raw)


def _matches_item_path(rule: str, paths: tuple[str, ...]) -> bool:
    """Does a robots.txt-like rule (its escapes undone) match one of the item's paths, as robots.txt's own
    matching reads it (`signals.robots.pattern_matches`), saying more than "any path" (some character of its
    own besides the leading '/')?"""
    from scrapeguard.signals.robots import pattern_matches

    if len(rule.replace("*", "").replace("$", "")) <= 1:
        return False
    return any(pattern_matches(rule, path) for path in paths)


# A quoted value: in backticks (a robots.txt, ai.txt or Content-Usage rule, `Disallow: /x`; to the line's end
# where the closing one is missing) or as Python's repr quotes it (a TDMRep location, '/x', after no letter),
# with the field name it begins with (`Disallow: `), which is kept
_QUOTED: Final = re.compile(r"`(?P<bt>[^`\n]*)(?:`|$)|(?<![\w'\"])'(?P<sq>(?:[^'\\\n]|\\.)*)'"
                            r"|(?<![\w'\"])\"(?P<dq>(?:[^\"\\\n]|\\.)*)\"", re.MULTILINE)
_FIELD_NAME: Final = re.compile(r"[A-Za-z][\w-]*:(?!/)[ \t]*")


def _quoted_values(text: str) -> list[tuple[int, int]]:
    """Where `text` quotes a value (`_QUOTED`), without the field name it begins with."""
    spans: list[tuple[int, int]] = []
    if not any(q in text for q in "`'\""):
        return spans
    for m in _QUOTED.finditer(text):
        group = m.lastgroup or "bt"
        start, end = m.start(group), m.end(group)
        named = _FIELD_NAME.match(text, start, end)
        spans.append((named.end() if named else start, end))
    return spans


def _quoted_rules(text: str, quoted: list[tuple[int, int]], paths: tuple[str, ...]) -> list[tuple[int, int]]:
    """The quoted values (`_quoted_values`) that, read whole as one rule, say something of the item's path:
    a rule holding a bracket, a space or a '<' (`/people/Smith_(John)/`, `/b<x>/`) is more than one word."""
    heads = _path_heads(paths)
    found: list[tuple[int, int]] = []
    for start, end in quoted:
        value = text[start:end].strip(" \t" + _AROUND_WORD)
        if ("/" in value or "\\" in value) and _names_item_path(
                (_unescaped(value) if "%" in value else value).replace("\\", "/"), paths, heads):
            found.append((start, end))
    return found


def _hidden_spans(text: str, paths: tuple[str, ...]) -> list[tuple[int, int]]:
    """What `hide_item_paths` hides, in order and apart: each word naming the item's path
    (`_item_path_words`), and the whole quoted value holding one, or naming it read whole (`_quoted_rules`).
    Why: a rule's words alone were hidden, and the rest of the name stayed in the chain (`Disallow:
    <path>(John)/`, found in review)."""
    quoted = _quoted_values(text)
    words = _item_path_words(text, paths)
    spans = [(min([start] + [q for q, e in quoted if q < end and start < e]),
              max([end] + [e for q, e in quoted if q < end and start < e])) for start, end in words]
    spans += _quoted_rules(text, quoted, paths)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def hide_item_paths(text: str, paths: tuple[str, ...]) -> str:
    """`text` with every word quoting the item's path, or a rule matching it, as `<path>`, and the whole quoted
    value holding one (`_hidden_spans`). Why: the chain is kept for good and no erasure reaches it; a robots.txt
    rule quoted there named the person's page a site had asked crawlers to leave (`Disallow:
    /staff/jane-doe.html`; found in review)."""
    if not paths or not ("/" in text or "\\" in text) or not _may_quote(text, paths):
        return text
    spans = _hidden_spans(text, paths)
    if not spans:
        return text
    parts: list[str] = []
    at = 0
    for start, end in spans:
        parts += [text[at:start], "<path>"]
        at = end
    return "".join(parts) + text[at:]


_JSON_STRING: Final = re.compile(r'"([^"]*)"')  # (a text without escapes: each string runs to the next quote)


def _quotes_item_path(text: str, paths: tuple[str, ...]) -> bool:
    """Would `scrub` hide a path in the serialised record (`hide_item_paths`)? Then the record goes value
    by value. Read as `scrub` reads each string: a JSON text without escapes holds each string's
    characters as they are, between quotes, which part words; one with escapes goes the slow way (but
    for the two of the stand-ins for `prev` and `seq`, `\\u0000`), and so does one whose path holds a
    character JSON escapes (a control character: its names are spelt otherwise in the text)."""
    if not paths:
        return False
    if any(ord(c) < 0x20 or c == '"' for path in paths for c in path):
        return True
    if not ("/" in text or "\\" in text) or not _may_quote(text, paths):
        return False
    if text.count("\\") > 2 or _item_path_words(text, paths):
        return True
    # (a quoted rule read whole, string by string: quotes are read within a string, as `scrub` reads them)
    return any(_quoted_rules(string, _quoted_values(string), paths) for string in _JSON_STRING.findall(text))


def storable_parts(record: dict[str, Any], secrets_: tuple[str, ...] = (),
                   paths: tuple[str, ...] = ()) -> tuple[str, str, str] | None:
    """`canonical_parts(scrub(record, secrets_, paths))` when the text shows that `scrub` would
    change nothing but hide the item's own URLs, else None. One serialisation and a few
    scans of the text replace the walk over every value, which was most of the cost of
    writing a record. Values `scrub` would turn into text (bytes, other objects) make
    the encoder fail, so they too go the slow way. (Dict keys are taken to be strings,
    as in every decision; a None or bool key would be spelt `null`/`true` here and
    `None`/`True` by `scrub`.)"""
    try:
        text = _ENCODER.encode({**record, "prev": _PREV_MARK, "seq": _SEQ_MARK})
        text.encode("utf-8")  # a lone surrogate cannot be stored
    except (TypeError, ValueError, RecursionError):
        return None
    if _needs_scrub(text):
        return None
    for s in secrets_:
        if len(s) < 8 or "://" not in s:
            continue
        if not _replaceable_in_text(s):
            if json.dumps(s, ensure_ascii=False)[1:-1] in text:
                return None
            continue
        if s in text:
            text = text.replace(s, "<url>")
            if _HIDDEN_IN_KEY.search(text):  # `scrub` leaves keys alone: stay identical
                return None
    if _quotes_item_path(text, paths):
        return None
    return _cut(text)


_HIDDEN_IN_KEY = re.compile(r'<url>(?:[^"\\]|\\.)*":')
_ESCAPE_LEADS = frozenset('"\\/bfnrtu')


def _replaceable_in_text(s: str) -> bool:
    """Replacing `s` in the JSON text equals replacing it in every string value when JSON
    writes it unescaped (no quote, backslash or control character) and no occurrence can
    start inside an escape sequence (its first character is no escape letter)."""
    return s[0] not in _ESCAPE_LEADS and s.isprintable() and '"' not in s and "\\" not in s


def keyed_hash(key: bytes, value: str) -> str:
    """HMAC-SHA256 of a value: a pseudonym that only the log's key holder can recompute."""
    return "hmac-sha256:" + hmac.digest(key, value.encode("utf-8"), "sha256").hex()


def key_fingerprint(key: bytes) -> str:
    """What the log's events record of its HMAC key (`log_key`): `verify` recomputes it with the
    key the file holds, so a key replaced in the file (erased items' suppression entries, kept
    under the old key, then match nothing) is seen even where no sidecar row is left to show it."""
    return keyed_hash(key, "scrapeguard-log-key")


def url_hmac(key: bytes, url: str) -> str:
    return keyed_hash(key, "url:" + normalise_url(url))


def sha256_hmac(key: bytes, sha256_hex: str) -> str:
    return keyed_hash(key, "sha256:" + sha256_hex.lower().removeprefix("sha256:"))


def phash_hmac(key: bytes, phash: str) -> str:
    """A perceptual hash as the chain may keep it: the suppression list needs the hash itself
    (near copies are found by bit distance), the erasure record only a key to search by."""
    return keyed_hash(key, "phash:" + phash.lower())


def domain_hmac(key: bytes, domain: str) -> str:
    return keyed_hash(key, "domain:" + domain.lower().rstrip("."))


def new_salt() -> str:
    return secrets.token_hex(16)


def commitment(salt: str, url: str, *, normalised: bool = False) -> str:
    """Salted commitment `sha256(salt ‖ url)`: binds the record to the URL while the salt
    exists, and says nothing about it once the salt is erased."""
    text = url if normalised else normalise_url(url)
    return "sha256c:" + hashlib.sha256(bytes.fromhex(salt) + text.encode("utf-8")).hexdigest()


def fields_ref(page_url: str | None, phash: str | None, *, salt: str | None, key: bytes | None) -> str | None:
    """What the chain holds of the sidecar's page URL and perceptual hash, so an edit of
    either is seen by `verify`: a salted commitment when the row has a salt (says nothing
    once the row is erased), else a keyed hash (keyed-hash-only rows keep no page URL).
    Made when both are None too: a record without one was written before it existed, and a
    page URL and perceptual hash given to a row that had neither (pointing a stranger's photo
    at a person's copy, for `subject --image`) passed `verify` as such a record's."""
    text = "fields:" + canonical_json({"page_url": page_url, "phash": phash})
    if salt:
        return "sha256c:" + hashlib.sha256(bytes.fromhex(salt) + text.encode("utf-8")).hexdigest()
    if key is not None:
        return keyed_hash(key, text)
    return None


def clean_text(value: str) -> str:
    """Lone surrogates (from badly decoded input) cannot be stored as UTF-8: replace them
    rather than fail the write, which would turn a harmless byte into a blocked item."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    return value




def scrub(value: Any, secrets_: tuple[str, ...] = (), paths: tuple[str, ...] = ()) -> Any:
    """Make a value safe for the chain: no bytes, no embeddings or pixel arrays, no NaN,
    and the decision's own URLs replaced by `<url>` (they belong in the erasable sidecar), their
    paths quoted alone by `<path>` (`hide_item_paths`)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            key = str(k)
            if key.lower() in _DROP_KEYS and not isinstance(v, (int, float, bool, type(None))):
                out[key] = "<omitted>"
                continue
            out[key] = scrub(v, secrets_, paths)
        return out
    if isinstance(value, (list, tuple)):
        if len(value) > _MAX_VECTOR and all(isinstance(x, (int, float)) for x in value):
            return f"<{len(value)} numbers omitted>"
        return [scrub(v, secrets_, paths) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes omitted>"
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    if isinstance(value, str):
        value = clean_text(value)
        for s in secrets_:
            if len(s) >= 8 and "://" in s and s in value:  # only real URLs, never short fragments
                value = value.replace(s, "<url>")
        return hide_item_paths(value, paths)
    if value is None or isinstance(value, (bool, int)):
        return value
    return str(value)
