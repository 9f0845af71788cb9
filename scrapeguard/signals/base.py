"""The interface every consent-signal reader implements.

A reader turns text or bytes into `Signal`s: ALLOW / DENY / UNKNOWN for the purpose's
usage, with the exact source (file and line, header, meta tag). Readers never do I/O
and never raise: malformed input gives UNKNOWN with `warning=True`, or the spec's own
rule. The Guard turns DENY signals into `opt_out` findings according to the policy's
`[signals]` table.
"""

from __future__ import annotations

import functools
import inspect
import re
import unicodedata

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Literal, Protocol

from scrapeguard.detect.base import HTTP_EQUIV
from scrapeguard.resource import ContentKind, FetchResult, Headers, sniff_kind

if TYPE_CHECKING:
    from scrapeguard.detect.base import PageAnalysis

Usage = Literal["search", "train-ai", "ai-use", "tdm", "archive"]
# The policy's [signals] keys.
Family = Literal[
    "robots_txt",
    "x_robots_tag",
    "tdmrep",
    "ai_txt",
    "content_usage",
    "iptc_data_mining",
    "c2pa_training_mining",
    "http_402",
    "ai_crawler_refusals",
]
AppliesTo = Literal["self", "images", "both"]


class Verdict(StrEnum):
    ALLOW = "allow"
    DENY = "deny"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Signal:
    """One reading of one opt-out signal, for one usage.

    `applies_to` says whether a signal found on a page governs the page itself
    (`self`), the images it references (`images`, e.g. `noimageai`), or both (`noai`).
    """

    family: Family
    verdict: Verdict
    code: str
    detail: str
    source: str
    warning: bool = False
    applies_to: AppliesTo = "self"
    # a page's word about the images it shows, as an image's own signal: judged under the page's
    # domain's rules too, the stricter standing (`Scope.signal_setting`): an override relaxing a
    # signal for an image CDN must not switch off what another site says of its pictures there
    page_word: bool = False


MAX_IMAGE_RULES = 64  # rules naming one crawler or another kept about one image (every crawler's: always)


def applies(scope: str | None, token: str) -> bool:
    """Whether a rule scoped to `scope` (a crawler's product token, `*`, or None: unscoped)
    speaks to the crawler `token`."""
    return scope is None or scope == "*" or scope == token


# What a note of a reserving rule says where it reserves none of the purpose's usage (`Reservation.signal`)
OTHER_USAGE = "not this purpose's usage"


def other_usage(aspects: Iterable[str]) -> str:
    """How every reader's note of an opt-out of other usages ends (`OTHER_USAGE`, then the purpose's aspects):
    the demo and a reader of the log find them all by it, where TDMRep's said "no reservation of search"."""
    return f"{OTHER_USAGE} ({', '.join(sorted(aspects)) or 'none'})"


@dataclass(frozen=True, slots=True)
class Reservation:
    """One reserving rule as read (`noimageai` in a robots meta tag), not yet judged for a
    usage or a crawler: the aspects it denies and the crawler token it names.

    Why unjudged: what a page says of its images is remembered until each image is
    requested, and that request has its own purpose and user agent, not the page's."""

    family: Family
    code: str
    rule: str  # as the reader names it: "noimageai", "max-image-preview:none"
    denied: tuple[str, ...]  # the aspects it reserves (`signals.usage` vocabulary)
    scope: str | None  # the crawler token it names; None = every crawler
    applies_to: AppliesTo
    source: str

    def binds(self, token: str) -> bool:
        """Whether the rule speaks to the crawler `token` (unscoped and `*` speak to all)."""
        return applies(self.scope, token)

    def signal(self, token: str, aspects: Iterable[str]) -> Signal | None:
        """The DENY this rule gives crawler `token` for a usage covering `aspects`; a note where it speaks to
        the crawler but reserves none of them (`noindex` to a training crawl: the log shows it was seen and
        why it did not refuse, where it left no trace, review); None where it speaks to another crawler."""
        if not self.binds(token):
            return None
        wanted = set(aspects)
        hit = sorted(wanted & set(self.denied))
        whom = "" if self.scope is None else f" (scoped to {self.scope})"
        target = {"images": "the images on this page", "both": "this page and its images"}.get(
            self.applies_to, "this resource")
        said = f"`{self.rule}`{whom} reserves {target} against {', '.join(hit or self.denied)}"
        if not hit:
            return Signal(self.family, Verdict.UNKNOWN, self.code, f"{said}: {other_usage(wanted)}", self.source, True,
                          applies_to=self.applies_to)
        return Signal(self.family, Verdict.DENY, self.code, said, self.source, applies_to=self.applies_to)


@dataclass(frozen=True, slots=True)
class ImageRules:
    """What a page says of its images (`Reservation`s), kept unjudged for their own requests.

    Bounded: every rule that speaks to all crawlers is kept, rules naming a crawler up to
    `MAX_IMAGE_RULES`. `complete_for` is None when every crawler's rules were kept, else the
    one token whose rules are all here ("" none): a request for another crawler is told so
    by the `cut` warning, never left to believe nothing was said."""

    rules: tuple[Reservation, ...] = ()
    complete_for: str | None = None
    cut: Signal | None = None

    @classmethod
    def of(cls, rules: Iterable[Reservation], token: str, cut: Signal | None = None, *,
           cut_for_all: bool = False) -> ImageRules:
        """A page's rules as read for crawler `token` (whose rules are kept first); `cut`: the
        reading was cut, and past the cut only `token`'s rules were read; `cut_for_all`: text
        was left unread for every crawler, `token` included (tags past a cap, a spent budget),
        so that `token`'s own image requests are told so too."""
        kept, dropped = _bounded((), sorted(rules, key=lambda r: not r.binds(token)))  # (stable sort)
        if dropped is not None:
            cut = cut or _rules_cut(dropped)
        return cls(kept, None if cut is None else "" if cut_for_all else token, cut)

    def merged(self, other: ImageRules) -> ImageRules:
        """Two pages' word about one image: every rule of both, within the bound."""
        if other == self or not (other.rules or other.cut):
            return self
        if not (self.rules or self.cut):
            return other
        kept, dropped = _bounded(self.rules, other.rules)
        cut = self.cut or other.cut
        complete = {c for c in (self.complete_for, other.complete_for) if c is not None}
        if dropped is not None:
            cut, complete = cut or _rules_cut(dropped), {""}
        return ImageRules(kept, None if not complete else complete.pop() if len(complete) == 1 else "", cut)

    def signals(self, token: str, aspects: Iterable[str]) -> list[Signal]:
        """What the rules say to crawler `token` for a usage covering `aspects`, as the image's
        own signals (`self`), and the `cut` warning when its rules may not all be here."""
        wanted = tuple(aspects)
        out = [replace(s, applies_to="self", page_word=True) for r in self.rules
               if (s := r.signal(token, wanted)) is not None]
        if self.cut is not None and self.complete_for != token:
            out.append(self.cut)
        return out


def _bounded(rules: tuple[Reservation, ...], extra: Iterable[Reservation]
             ) -> tuple[tuple[Reservation, ...], Reservation | None]:
    """`rules` plus `extra`, one per (family, code, scope) (a site's every page saying `noimageai`
    of its logo is one rule), rules naming a crawler up to `MAX_IMAGE_RULES`; and the first
    rule left out, if any."""
    kept = list(rules)
    seen = {(r.family, r.code, r.scope) for r in kept}
    named = sum(1 for r in kept if r.scope not in (None, "*"))
    dropped: Reservation | None = None
    for r in extra:
        key = (r.family, r.code, r.scope)
        if key in seen:
            continue
        if r.scope not in (None, "*"):
            if named >= MAX_IMAGE_RULES:
                dropped = dropped or r
                continue
            named += 1
        seen.add(key)
        kept.append(r)
    return tuple(kept), dropped


def _rules_cut(dropped: Reservation) -> Signal:
    return Signal(dropped.family, Verdict.UNKNOWN, "images.rules_cut",
                  f"more than {MAX_IMAGE_RULES} rules naming one crawler or another were said of this image; the "
                  "rest were not kept, so an opt-out there for this request's crawler may not have been seen",
                  dropped.source, True)


@dataclass(slots=True)
class ResponseView:
    """A response as the readers see it. `page` is the one parse of an HTML body.

    `image_rules`: what a page says of its images, unjudged, left here by the readers
    (`ImageRules`) for the guard to carry to each image's own request."""

    url: str
    status: int | None
    headers: Headers
    kind: ContentKind
    body: bytes
    page: PageAnalysis | None = None
    image_rules: ImageRules = field(default_factory=ImageRules)


class HostFileReader(Protocol):
    """A per-origin file fetched before any request to that origin (robots.txt …)."""

    families: tuple[Family, ...]  # the policy keys that need this file
    path: str  # e.g. "/robots.txt"
    max_bytes: int  # only this much is parsed

    def parse(self, result: FetchResult) -> object:
        """Turn the fetch outcome into a state object; never raises."""
        ...

    def evaluate(self, state: object, url: str, product_token: str, usage: Usage,
                 served_as: str | None = None) -> list[Signal]:
        """Signals for `url` from the parsed file; `served_as`, the Content-Type of its 2xx answer once
        there is one (ai.txt's file-type rules name files by their type, whatever their URL). A reader
        whose `evaluate` takes no `served_as` (written before it) is called without it."""
        ...

    def ttl(self, result: FetchResult) -> float:
        """Seconds the parsed state stays fresh (RFC 9309: 24 h; errors: a short retry)."""
        ...


@functools.lru_cache(maxsize=256)
def _takes_served_as(evaluate: object) -> bool:
    try:
        parameter = inspect.signature(evaluate).parameters.get("served_as")  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return parameter is not None and parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                        inspect.Parameter.KEYWORD_ONLY)


def takes_served_as(reader: HostFileReader) -> bool:
    """Whether a host-file reader's `evaluate` names a `served_as` keyword (the answer's type): a reader
    written to the protocol before it was added takes four arguments, and given a fifth it failed on every
    answer. Its own `evaluate` as it is now (set on the reader, replaced on its class), and a parameter by
    that name alone: a wrapper's `**kwargs` may hand it on to an older reader."""
    evaluate = reader.evaluate
    try:
        return _takes_served_as(getattr(evaluate, "__func__", evaluate))
    except TypeError:  # (an unhashable callable: asked each time)
        return _takes_served_as.__wrapped__(evaluate)


def meta_name(name: str | None) -> str:
    """A meta tag's name as the readers compare it: controls and zero-width characters read as space
    (`controls_as_space`), trimmed, lower case (`\u200bcontent-usage` is `content-usage`: its
    refusal had gone unread without a note)."""
    return controls_as_space(name or "").strip().lower()


# the header names as a finding writes a `<meta http-equiv>` that stands for the header
_HEADER_CASE: Final = {"x-robots-tag": "X-Robots-Tag", "content-usage": "Content-Usage",
                       "content-signal": "Content-Signal"}


def meta_tag(entry: str | None) -> tuple[str, str]:
    """A page analysis meta entry's name as the readers compare it (`meta_name`), and the attribute the page
    wrote it with for a finding to quote (`http-equiv="Content-Usage"`, `name="content-usage"`).

    Why: the analysis gives both forms in one list; a finding worded an http-equiv Content-Usage as
    `<meta name="content-usage">` and a `<meta name="x-robots-tag">` as http-equiv, a tag the site
    owner looking for it does not have."""
    if entry and entry.startswith(HTTP_EQUIV):
        name = meta_name(entry[len(HTTP_EQUIV):])
        return name, f'http-equiv="{_HEADER_CASE.get(name, name)}"'
    name = meta_name(entry)
    return name, f'name="{name}"'


def controls_as_space(value: str) -> str:
    """`value` with each C0 control byte and DEL, each C1 control, and each zero-width space, joiner or
    byte-order mark read as the white space around it.

    Why: no field value may hold a control (RFC 9110 §5.5), but a lenient server and Scrapy pass it
    on; left in, `\x01noai` or `ai-train=no\x01` was an unknown word, and the opt-out it
    carries let the response through with no note. So was `\u200bnoai`, a zero-width space pasted from
    a web page or a word processor, in a meta tag, or in a header read as Latin-1 (its UTF-8 bytes there
    are `â` and two C1 controls)."""
    if value.isprintable():
        return value
    # whole, before its C1 controls are: `ScrapeGuardâ\x80\x8b: noai` read as the crawler `scrapeguardâ`
    return _MISREAD_SPACE.sub(" ", value).translate(_CONTROLS_AS_SPACE)


_CONTROLS_AS_SPACE: Final = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0),
                                           0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF], " ")


# ASCII white space only: a trailing no-break space is part of a robots.txt path.
WS: Final = " \t\n\v\f\r"
# Around a robots.txt key (and a crawler's name), which never holds one: no-break and zero-width
# spaces and byte-order marks pasted in.
KEY_SPACE: Final = WS + "\u00a0\u2007\u202f\u3000\u200b\u200c\u200d\u2060\ufeff"


def _misread_spaces() -> str:
    """`KEY_SPACE`'s wide characters as their UTF-8 bytes read as Latin-1 (a header) or windows-1252
    (a page so labelled): U+200B as `â\x80\x8b` or `â€‹`; as one regex alternation, longest first."""
    misread = set()
    for ch in KEY_SPACE:
        if ch.isascii():
            continue
        for codec in ("latin-1", "cp1252"):
            try:
                misread.add(ch.encode().decode(codec))
            except UnicodeDecodeError:  # (windows-1252 leaves 0x81 undefined: U+2060's second byte)
                continue
    return "|".join(re.escape(m) for m in sorted(misread, key=len, reverse=True))


# The white space pasted around names beyond ASCII's, misread (`_MISREAD_SPACE`); and around a name
# (`NAME_SPACE`): any of those, Unicode's white space, or `KEY_SPACE` itself. All of it is non-ASCII
# but ASCII's white space: an ASCII name needs neither.
_MISREAD: Final = _misread_spaces()
_MISREAD_SPACE: Final = re.compile(_MISREAD, re.IGNORECASE)
NAME_SPACE: Final = re.compile(
    f"(?:{_MISREAD}|[\\s{''.join(c for c in KEY_SPACE if not c.isascii())}])+", re.IGNORECASE)


def coding_note(family: Family, code: str, note: str, source: str) -> list[Signal]:
    """A host file's note on how it was read ("" none): its Content-Encoding named no content coding
    and it was read as plain text (`codings.identity_note`), or it was UTF-16 (`robots.utf16_note`);
    said beside what the file decides, not instead of it."""
    return [Signal(family, Verdict.UNKNOWN, code, note, source, True)] if note else []


class ResponseReader(Protocol):
    """Reads signals carried by a response: status, headers, HTML meta, image bytes."""

    families: tuple[Family, ...]

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        ...


def page_in_place(body: bytes) -> bool:
    """Whether a host file's body is an HTML page by its bytes (WHATWG sniffing, the Content-Type
    aside): a site's catch-all answer (an SPA host's index.html, a CMS's 200 "not found" page) for a
    path it has no file at.

    Why: read as a broken tdmrep.json or an ai.txt of another format, such a page put a warning on
    every decision for the site, though it says only that the site has no such file (TDMRep: no
    usable representation, the origin does not implement the protocol)."""
    return sniff_kind(None, body) == "html"


def unanswered(status: int | None) -> bool:
    """A host file's fetch that says nothing of the site's file: no response, 429, a 5xx, a 408
    (the server stopped waiting for the request: a moment's overload, which the fetcher retries
    as it does a 503; read as a 4xx it opened every disallowed path of the site for a day), or a
    407 (the crawler's proxy wants credentials: its answer, not the site's; read as the site's
    4xx it made robots.txt "unavailable", allow all). Retried soon, never cached as the file."""
    return status is None or status >= 500 or status in (407, 408, 429)


@functools.lru_cache(maxsize=256)  # (every request and response an adapter forwards a user agent for)
def product_token(user_agent: str) -> str:
    """The robots.txt product token of a user agent: `ExampleBot/1.0 (+url)` -> `examplebot`.

    A crawler that spoofs a browser names itself among the browser's products: `Mozilla/5.0
    (compatible; FooBot/2.1; +url)`, Apple's and Amazon's `Mozilla/5.0 (Macintosh; …)
    AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1;
    +url)`, Diffbot's `… Chrome/49.0 Safari/537.36 Diffbot/0.1`: the token is the name after
    `compatible;`, else the last product (`name/version`) that is no browser's, engine's or
    platform's (a crawler appends its own: `… QtWebEngine/5.15.2 Chrome/87.0 Safari/537.36
    ExampleBot/1.0`), else a last word without a version (`… Safari/537.36 ExampleBot`). Only
    RFC 9309 token characters (`A-Z a-z _ -`) count, Google-style: `img2dataset` -> `img`, the
    same extraction `agent_token` applies to `User-agent:` lines, so both sides always agree.
    Nothing usable gives `*` (only the catch-all group applies).
    """
    ua = (user_agent or "").strip()
    if ua.lower().startswith("mozilla/"):
        head = ua[:1000]
        low = head.lower()
        if "compatible;" in low:  # `Mozilla/5.0 (compatible; Yahoo! Slurp; +url)`: no version
            # (read before URLs are taken out: PetalBot's `compatible; PetalBot;+https://…` has no space before its)
            named = re.split(r"[;)]", head[low.index("compatible;") + len("compatible;"):], maxsplit=1)[0].split()
            # the crawler's word, not its company's exclamation: "Yahoo! Slurp" -> `slurp`
            token = agent_token(next((w for w in named if not w.endswith("!")), ""))
            if token and token not in _BROWSER_PRODUCTS:  # (not Internet Explorer's `compatible; MSIE 9.0`)
                return token
        text = _URL_IN_AGENT.sub(" ", head)
        own = [token for match in _PRODUCT.finditer(text)
               if (token := agent_token(match[1])) and token not in _BROWSER_PRODUCTS]
        if own:  # the last, but a library's after the crawler's own (`… FooBot/1.0 Java/1.8`)
            return next((token for token in reversed(own) if token not in _LIBRARY_PRODUCTS), own[-1])
        words = text.split()
        last = words[-1] if words else ""
        token = agent_token(last) if "/" not in last and ")" not in last and "(" not in last else ""
        if token and token not in _BROWSER_PRODUCTS:
            return token
    return agent_token(ua) or "*"


# A product in a user agent: `name/version` at a word's start (not a part of a URL's path).
_PRODUCT = re.compile(r"(?:^|(?<=[\s(;,]))([A-Za-z][A-Za-z0-9_-]*)/")
_URL_IN_AGENT = re.compile(r"\S*://\S*|\bwww\.\S*")
# The products a browser's user agent names (engines, the browser, its version, the platform's):
# a crawler's own token is another one.
_BROWSER_PRODUCTS = frozenset(
    "mozilla applewebkit khtml gecko like chrome chromium crios safari version mobile firefox fxios edg edge edga "
    "edgios opr opera trident msie samsungbrowser yabrowser ucbrowser headlesschrome webkit silk presto build "
    "vivaldi duckduckgo gsa fban fbav fbios crkey electron focus brave qtwebengine playwright puppeteer "
    "yowser opt waterfox herring whale avast avg oculusbrowser miuibrowser huaweibrowser "
    "windows linux macintosh x11 android iphone ipad cpu ubuntu".split()
)
# HTTP libraries a crawler's user agent may name after its own product
_LIBRARY_PRODUCTS = frozenset(
    "java python-requests python-urllib python aiohttp httpx okhttp go-http-client curl wget libwww-perl axios "
    "node-fetch node undici apache-httpclient guzzlehttp ruby faraday dart".split()
)


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-")


def agent_token(value: str) -> str:
    """The matchable part of a user-agent value, lower-cased: the leading run of RFC 9309
    product-token characters (`Googlebot/2.1` -> `googlebot`, `Foo Bar` -> `foo`); `*`
    (alone or followed by whitespace) stays `*`; anything else gives ``. A letter with an
    accent counts as its base letter (`Bötchen/1.0` -> `botchen`), on both sides: a client
    sending its name in UTF-8 and a robots.txt writing it in ASCII (or the other way round)
    name the same crawler, and the Scrapy adapter folds its own agent the same way. White space
    around it is robots.txt's around a key, and as misread (`NAME_SPACE`): a zero-width space
    or byte-order mark before a name made it none, and `ScrapeGuard` and U+200B read as Latin-1
    (`ScrapeGuardâ\x80\x8b`) the crawler `scrapeguarda`: a rule named for us was another's."""
    value = (value or "")[:1000]  # (only the leading token counts)
    if value.isascii():  # (the common case: no wide or misread space, ASCII's alone, as str.split reads it)
        parts = value.split(None, 1)
        value = parts[0] if parts else ""
    else:
        if (lead := NAME_SPACE.match(value)) is not None:
            value = value[lead.end():]
        if (gap := NAME_SPACE.search(value)) is not None:
            value = value[:gap.start()]
    if value == "*":
        return "*"
    if not value.isascii():
        value = fold_accents(value)
    end = 0
    for ch in value:
        if ch not in _TOKEN_CHARS:
            break
        end += 1
    return value[:end].lower()


def fold_accents(value: str) -> str:
    """Each accented letter as its base letter (`Bötchen` -> `Botchen`); any other character left
    as it is (so it still ends a token: `爬虫Bot` has no token, not `bot`)."""
    out = []
    for ch in value:
        if not ch.isascii():
            parts = unicodedata.normalize("NFKD", ch)
            if parts[:1] in _TOKEN_CHARS and all(unicodedata.combining(c) for c in parts[1:]):
                ch = parts[0]
        out.append(ch)
    return "".join(out)
