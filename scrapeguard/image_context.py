"""What a page said about each image it references, remembered until the image is requested.

The page is judged first; its image's request comes later, often from another worker thread,
by another spelling of the URL, after redirects. These bounded caches carry the page's word
(personal or not, its opt-outs about images, its jurisdictions) to that request."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from scrapeguard.cache import BoundedCache, LossyKeySet
from scrapeguard.decision import MAX_REDIRECTS
from scrapeguard.detect.same_picture import names_a_picture_file, original_picture, settled_query
from scrapeguard.jurisdiction import PageHints
from scrapeguard.resource import resource_key, scrapy_spelling, without_userinfo
from scrapeguard.signals.base import ImageRules, Signal, applies
from scrapeguard.signals.usage import aspects_of

log = logging.getLogger("scrapeguard")


@dataclass(slots=True)
class ImageContext:
    """What a page said about an image, remembered until the image is requested.

    `rules`: the page's opt-outs about its images, unjudged (`ImageRules`), because the
    image's own request may be for another purpose or user agent than the page's was."""

    page_url: str
    personal: bool
    score: float
    reasons: list[str]
    rules: ImageRules = field(default_factory=ImageRules)
    hints: PageHints | None = None
    # the page's jurisdictions, `(bloc, why)`: the image is shown to the page's audience, so
    # a .co.uk page's law follows its photo to a .com CDN (`jurisdiction.carried_blocs`)
    jurisdictions: tuple[tuple[str, str], ...] = ()
    # the registrable domains of the pages that showed it: their stricter overrides cover it (`Scope.of`)
    page_domains: tuple[str, ...] = ()

    # rebuilt from what an evicted context left behind (`ContextTrace`): its reasons are a few, its
    # laws and domains kept; `lost_rules`: whom and what the page's opt-outs about the image spoke to
    # (`(crawler token or None for all, aspects denied)`), the opt-outs themselves gone
    evicted: bool = False
    lost_rules: tuple[tuple[str | None, tuple[str, ...]], ...] = ()
    # the URL the page showed the picture at, when the image is requested at another spelling of the same
    # file (another size, an image server's copy, the other scheme: `same_picture.original_picture`)
    shown_as: str = ""
    # rebuilt from what was kept of a trace pushed out in turn (`ImageContexts._lost_word`): no page is known
    lost: bool = False

    def signals(self, token: str, usage: str) -> list[Signal]:
        """The page's word about this image for the image request's own crawler and usage."""
        return self.rules.signals(token, aspects_of(usage))

    def lost_rules_bind(self, token: str, usage: str) -> bool:
        """Whether opt-outs lost with an evicted context (`lost_rules`) spoke to this crawler and usage:
        a rule for another crawler or another use reserved nothing of this request (an `OtherBot`
        noimageai blocked every evicted image of its page; found in review)."""
        wanted = set(aspects_of(usage))
        return any(applies(scope, token) and (ANY_ASPECT in denied or not wanted.isdisjoint(denied))
                   for scope, denied in self.lost_rules)


@dataclass(frozen=True, slots=True)
class ContextTrace:
    """What an `ImageContext` pushed out of the cache leaves behind, a few dozen bytes (a page's
    URL, laws and domains are shared by its images): whether its page called the image a
    person's photo, a few of its reasons, whether the page said anything of the image's use
    (its opt-outs, not kept), and its laws. Why: once a crawl had queued more images than the
    cache holds (four gallery pages fill it), an image whose page called it Jane Doe's photo,
    under UK law, was requested with no word of either and collected (found in review)."""

    page_url: str
    personal: bool
    score: float
    reasons: tuple[str, ...]
    ruled: tuple[tuple[str | None, tuple[str, ...]], ...]
    jurisdictions: tuple[tuple[str, str], ...]
    page_domains: tuple[str, ...]
    shown_as: str = ""  # (`ImageContext.shown_as`)

    def context(self) -> ImageContext:
        return ImageContext(self.page_url, self.personal, self.score, list(self.reasons),
                            jurisdictions=self.jurisdictions, page_domains=self.page_domains, evicted=True,
                            lost_rules=self.ruled, shown_as=self.shown_as)

    @classmethod
    def of(cls, context: ImageContext, shown_as: str = "") -> ContextTrace:
        return cls(context.page_url[:TRACE_URL_CHARS], context.personal, context.score,
                   tuple(context.reasons[:TRACE_REASONS]),
                   kept_rules([(r.scope, r.denied) for r in context.rules.rules], context.lost_rules,
                              context.rules.cut is not None),
                   context.jurisdictions, context.page_domains, (shown_as or context.shown_as)[:TRACE_URL_CHARS])


def kept_rules(*said: Iterable[tuple[str | None, tuple[str, ...]]] | bool
               ) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """Whom and what opt-outs spoke to, as a trace keeps it: every crawler's first, a crawler's name
    over `TRACE_SCOPE_CHARS` taken for every crawler, at most `TRACE_RULES`; past that (or where a
    `True` among `said` says rules were cut), every crawler and use. Why: sorted by repr, an opt-out for
    every crawler came after 16 named ones and was the first cut, without a word (found in review),
    and 16 names of a kilobyte each made a trace 16 KB."""
    pairs: dict[tuple[str | None, tuple[str, ...]], None] = {}
    cut = False
    for group in said:
        if isinstance(group, bool):
            cut = cut or group
            continue
        for scope, denied in group:
            named = scope if scope is not None and scope != "*" and len(scope) <= TRACE_SCOPE_CHARS else None
            pairs[(named, denied)] = None
    ordered = sorted(pairs, key=lambda pair: (pair[0] is not None, repr(pair)))
    if cut or len(ordered) > TRACE_RULES:
        ordered = [(None, (ANY_ASPECT,))] + [pair for pair in ordered if pair != (None, (ANY_ASPECT,))]
    return tuple(ordered[:TRACE_RULES])


# Page domains one image's context keeps (a logo shown by every site of a network: bounded)
MAX_PAGE_DOMAINS = 16
# URLs of a picture's copies its word keeps, to name one in a decision judged with another copy's word
MAX_COPIES_NAMED = 4
# How many times the contexts kept the traces of evicted ones keep (`ContextTrace`), and how many reasons each
TRACE_FACTOR = 4
TRACE_REASONS = 3
TRACE_URL_CHARS = 512  # of its page's URL (shared by its page's images, but a spider trap's are 60 KB each)
TRACE_RULES = 16  # whom and what its page's opt-outs spoke to (`ImageContext.lost_rules`), at most
TRACE_SCOPE_CHARS = 64  # of a crawler's name there (a longer one is kept as every crawler: stricter, bounded)
ANY_ASPECT = "*"  # in `lost_rules`: an opt-out whose uses were not kept (a bound's), any use
# What the caches may hold per entry they count, in URL characters (a key, a redirect's sources) with
# `ENTRY_OVERHEAD` each: an ordinary image URL fills every entry; 16,384 URLs of 24 KB each were all
# kept (667 MB), now as many as fit, the least recently used going first
URL_BUDGET = 2048
ENTRY_OVERHEAD = 256
# The bits each generation of a context cache's lost words is kept in (`ImageContexts._lost_word`), per trace
# the cache holds, and at least; a generation takes in a tenth as many facts (whether a trace was a person's
# photo, whether opt-outs spoke of it) before the next begins and the one before it is dropped: by default
# 1.3 MB a generation, two kept, a million facts each; a false yes for one picture in 115 against a full
# generation (measured), one in 58 at worst, against two
LOST_BITS_PER_TRACE = 160
LOST_MIN_BITS = 1 << 20
LOST_BITS_PER_FACT = 10


class ImageContexts:
    """What pages said about images, kept under the key every client's spelling of the image's
    URL meets at (`resource_key`: `foto[1].jpg` is requested as `foto%5B1%5D.jpg` by Scrapy).
    Two pages about one image: the stricter word stands (personal if either said so, and
    every signal of both), so the page read last cannot clear what another said.

    Every copy of one picture is one picture: a request for its original upload beside the page's
    `jane-doe-300x200.jpg`, a size the page did not list (`?w=2048`), an image server's copy or the site's
    other address (`same_picture.original_picture`) is judged with what every page said of any copy, the
    stricter word standing, marked `shown_as` where the word came from another copy. Why: a crawler that
    asked for the original instead of the thumbnail collected Jane Doe's portrait without her page's caption
    naming her or its `noimageai`. A copy's word carries no language tags (`hints`): they would stand for
    the host's own unknown audience. Only for URLs naming an image file (a page's `?image=jane.jpg` is no
    copy of it). Memory: twice `size` words at most (the URLs' own, and one per picture)."""

    def __init__(self, size: int) -> None:
        self._cache: BoundedCache[str, ImageContext] = BoundedCache(size, max_weight=size * URL_BUDGET,
                                                                    on_evict=self._leave_trace)
        # by the key's hash (no URL kept): a trace found for another URL of the same hash only makes its
        # request stricter, a collision of one in 2**64 or so
        self._traces: BoundedCache[int, ContextTrace] = BoundedCache(size * TRACE_FACTOR, on_evict=self._lose_trace)
        # by the hash of a trace pushed out in turn: that its page called the image a person's photo, that its
        # page's opt-outs spoke of it (`_lost_word`). Why: past four times the cache's traces (a broad crawl
        # queueing a depth's pages before their images), a gallery's `noimageai` was forgotten, its images allowed
        # with no word (found in review). Lossy: a false yes makes a picture's word stricter, and says so
        self._lost_bits = max(LOST_MIN_BITS, size * TRACE_FACTOR * LOST_BITS_PER_TRACE)
        self._lost = (LossyKeySet(self._lost_bits), LossyKeySet(self._lost_bits))  # (the newer generation first)
        self.forgotten = 0  # generations of lost words dropped: what they held is known no more (`_lose_trace`)
        self._losing = threading.Lock()
        self._merging = threading.Lock()  # (pages are judged in worker threads by every adapter)
        # the hints and rules last weighed, and what they hold: one page's images share them (`_shared_size`)
        self._last_shared: tuple[PageHints | None, ImageRules | None, int] = (None, None, 0)
        # by the key of the picture's original spelling (`_picture_key`): (the first few URLs pages showed it at,
        # the stricter word of every page about any copy of it); an evicted one leaves a trace, in a cache of
        # its own (sharing the URLs', each picture's trace took an evicted URL's room: found in review)
        self._pictures: BoundedCache[str, tuple[tuple[str, ...], ImageContext]] = BoundedCache(
            size, max_weight=size * URL_BUDGET, on_evict=self._leave_picture_trace)
        self._picture_traces: BoundedCache[int, ContextTrace] = BoundedCache(size * TRACE_FACTOR,
                                                                             on_evict=self._lose_trace)

    def remember(self, url: str, context: ImageContext) -> None:
        keys = _keys(url)
        for key in keys:
            held = self._remember(key, context)
        if context.shown_as:
            return  # (a word carried from another copy is kept under this URL alone: its copies have it already)
        for picture in {p for key in keys if (p := _picture_key(key)) is not None}:
            self._remember_picture(picture, url, context, held)

    def _remember_picture(self, picture: str, url: str, context: ImageContext, held: int) -> None:
        """`held`: what `context` holds (`_held`), as its URL's entry weighed it."""
        url = without_userinfo(url)  # (named in decisions: credentials never reach one)
        with self._merging:
            known = self._pictures.get(picture)
            if known is None and (trace := self._picture_traces.get(hash(picture))) is not None:
                known = ((trace.shown_as,) if trace.shown_as else (), trace.context())  # (as `_remember` does)
            elif known is None and (lost := self._lost_word(hash(picture))) is not None:
                known = ((), lost)
            shown: tuple[str, ...] = (url,)
            if known is not None:
                if known[1] is context or known[1] == context:
                    return
                # (the copy whose page's word leads named first: its page is the one the word names)
                others = tuple(u for u in known[0] if u != url)
                shown = (others + (url,) if _leads(known[1], context) else (url,) + others)[:MAX_COPIES_NAMED]
                context = _stricter(known[1], context)
                held = _held(context, self._last_shared[2])
            weight = len(picture) + sum(map(len, shown)) + ENTRY_OVERHEAD + held
            self._pictures.set(picture, (shown, context), weight=weight)

    def _leave_picture_trace(self, picture: str, known: tuple[tuple[str, ...], ImageContext]) -> None:
        self._picture_traces.set(hash(picture), ContextTrace.of(known[1], known[0][0] if known[0] else ""))

    def _remember(self, key: str, context: ImageContext) -> int:
        """Keep `context` under `key`, merged with what is known; what the word kept holds (`_held`)."""
        with self._merging:
            known = self._cache.get(key)
            if known is None and (trace := self._traces.get(hash(key))) is not None:
                # (what an evicted page said, merged as any earlier word; read, not taken: a request in another
                # thread before the merged word is kept finds the trace still; found in review)
                known = trace.context()
            elif known is None:
                known = self._lost_word(hash(key))
            # (by its key: the page URL is the page's one string, shared by all its images' contexts)
            kept = context if known is None or known == context else _stricter(known, context)
            last_hints, last_rules, shared = self._last_shared
            if kept.hints is not last_hints or kept.rules is not last_rules:  # (a page's images share them)
                shared = _shared_size(kept.hints, kept.rules)
                self._last_shared = (kept.hints, kept.rules, shared)
            held = _held(kept, shared)
            self._cache.set(key, kept, weight=len(key) + ENTRY_OVERHEAD + held)
            return held  # (of the word kept: at least what `context` holds, as weights go)

    def get(self, url: str) -> ImageContext | None:
        """What pages said of the image at `url` and of every other copy of its picture, the stricter
        word standing; once a word was evicted, what its trace keeps (`ImageContext.evicted`)."""
        key = resource_key(url)
        own = self._cache.get(key)
        if own is None and (trace := self._traces.get(hash(key))) is not None:
            own = trace.context()
        elif own is None:
            own = self._lost_word(hash(key))
        copies = self._copies_word(key)
        if copies is None:
            return own
        shown, word = copies
        if own is not None and (word is own or word == own):
            return own
        # (named: a copy a page showed other than the one asked for, if one is known)
        listed = next((u for u in shown if resource_key(u) != key), "")
        carried = replace(word, hints=None, shown_as=word.shown_as or listed)
        if own is None:
            return carried
        merged = _stricter(own, carried)
        # (marked where anything of it came from another copy: a noimageai said of the thumbnail alone)
        return own if replace(merged, shown_as=own.shown_as) == own else replace(merged, shown_as=carried.shown_as)

    def _copies_word(self, key: str) -> tuple[tuple[str, ...], ImageContext] | None:
        """(the first URLs pages showed the picture at, the word of every page about any copy of it), or
        what its trace keeps."""
        picture = _picture_key(key)
        if picture is None:
            return None
        known = self._pictures.get(picture)
        if known is None and (trace := self._picture_traces.get(hash(picture))) is not None:
            return ((trace.shown_as,) if trace.shown_as else ()), trace.context()
        if known is None and (lost := self._lost_word(hash(picture))) is not None:
            return (), lost
        return known

    def _leave_trace(self, key: str, context: ImageContext) -> None:
        self._traces.set(hash(key), ContextTrace.of(context))

    def _lose_trace(self, hashed: int, trace: ContextTrace) -> None:
        """A trace pushed out of its cache: what must still count of it (`_lost_word`), as facts of a lossy
        record in generations: past `LOST_BITS_PER_FACT` bits a fact, a new generation begins and the oldest
        is dropped (`forgotten`), so a false yes stays rare however long the crawl (one record never emptied
        said yes to half the images after four million facts; review of the change)."""
        if not (trace.personal or trace.ruled):
            return
        with self._losing:  # (the URLs' traces and the pictures' push out under locks of their own)
            newer = self._lost[0]
            if newer.added >= self._lost_bits // LOST_BITS_PER_FACT:
                newer = LossyKeySet(self._lost_bits)
                self._lost = (newer, self._lost[0])
                self.forgotten += 1
                # (said once a generation, not in each decision after it: every picture no page spoke of, on any
                # host, carried a note; review of the change)
                log.warning("scrapeguard: what pages said of pictures was pushed out of the guard's memory past what "
                            "its lossy record keeps (%d generation(s) of %d facts dropped): a picture whose page's "
                            "word went with them is judged as if none was said; raise context_cache_size for a "
                            "crawl that queues this many pictures", self.forgotten,
                            self._lost_bits // LOST_BITS_PER_FACT)
            if trace.personal:
                newer.add(hashed << 1)
            if trace.ruled:
                newer.add(hashed << 1 | 1)

    def _lost_word(self, hashed: int) -> ImageContext | None:
        """What is known of a word whose trace was pushed out too: that its page called the image a person's
        photo, that its page's opt-outs spoke of it (to whom and of which uses is lost: every crawler and use,
        which on_error decides), without its page, reasons or laws (`ImageContext.lost`). Or None: nothing
        said of it was lost (or nothing of it was ever said)."""
        if not self._lost[0].added and not self.forgotten:
            return None  # (nothing lost yet, the common case: each image a page shows asks, ~9 µs a look)
        personal = any(hashed << 1 in lost for lost in self._lost)
        ruled = any(hashed << 1 | 1 in lost for lost in self._lost)
        if not (personal or ruled):
            return None
        return ImageContext("", personal, 1.0 if personal else 0.0, ["context:lost"] if personal else [],
                            evicted=True, lost_rules=((None, (ANY_ASPECT,)),) if ruled else (), lost=True)

    def pop(self, url: str) -> ImageContext | None:
        """Forget what was said of `url` and of its picture's other copies."""
        key = resource_key(url)
        picture = _picture_key(key)
        if picture is not None:
            self._pictures.pop(picture)
        return self._cache.pop(key)


def _picture_key(key: str) -> str | None:
    """The key of the spelling every copy of the picture at `key` (a `resource_key`) meets at
    (`original_picture`), or None where the URL names no image file (a page, a script, an API) or is
    no http(s) URL."""
    if key[:4].lower() != "http":
        return None
    # (its query in one order, tracking and cache-busting dropped: `f.jpg?id=7&s=1` as w3lib orders the page's
    # `f.jpg?s=1&id=7`, `h.jpg` fetched without the page's `?utm_source=x` or `?v=2`; review, session 60), before
    # the copies' rules too (`jane.jpg?w=300&utm_source=x` is a size of `jane.jpg`)
    original = settled_query(original_picture(settled_query(key)))
    return resource_key(original) if names_a_picture_file(original) else None


def _keys(url: str) -> tuple[str, ...]:
    """The keys a page's word about `url` is kept under: its `resource_key`, and where the URL names its
    host in Unicode, the key of the URL the installed Scrapy requests (`scrapy_spelling`). Why: w3lib before
    2.6 requests `https://www.fußball.example/jane.jpg` at `fussball.example` (IDNA 2003: ß as ss, a final ς
    as σ), httpx and browsers at `xn--fuball-cta.example`; kept under the second alone, the picture Scrapy
    requested was judged without its page's noimageai or its caption naming the person. w3lib 2.6 requests
    the second: a key spelt as IDNA 2003 gave the page's word to another owner's site (`fussball.example`)."""
    key = resource_key(url)
    if url.isascii() or not key.startswith(("http://", "https://")):
        return (key,)
    scrapys = scrapy_spelling(url)
    return tuple(dict.fromkeys((key, resource_key(scrapys)))) if scrapys is not None else (key,)


def _held(context: ImageContext, shared: int) -> int:
    """What a context holds besides its key, in characters: its page's URL, reasons, laws and
    domains, and `shared`, what its hints and rules hold (`_shared_size`). Why: only the key was
    weighed, so a spider trap of pages at 60 KB URLs (or sending a 16 KB Content-Language), each
    showing one image of its own, kept all of it in every entry (about 1 GB in 16,384). Said of many
    images by one page, it is shared, and counted for each."""
    held = len(context.page_url) + sum(map(len, context.reasons)) + sum(map(len, context.page_domains)) \
        + sum(len(scope or "") + 8 * len(denied) for scope, denied in context.lost_rules)
    return held + shared + sum(len(bloc) + len(why) for bloc, why in context.jurisdictions)


def _shared_size(hints: PageHints | None, rules: ImageRules) -> int:
    """What a page's hints and its rules about its images hold, in characters."""
    held = sum(len(r.rule) + len(r.scope or "") + len(r.source) for r in rules.rules)
    if hints is None:
        return held
    held += sum(len(text or "") for text in (hints.html_lang, hints.content_language, hints.og_locale))
    return held + sum(map(len, hints.hreflangs))


class RedirectSources:
    """For each URL a redirect led to, the URLs it was reached from (the latest `MAX_REDIRECTS`),
    under `resource_key` as page contexts are. Put on every decision about that URL
    (`Decision.redirected_from`), so the audit log links the hops: a person asks by the URL on
    the page, and the answer that was judged and stored is the one it redirected to."""

    def __init__(self, size: int) -> None:
        self._cache: BoundedCache[str, tuple[str, ...]] = BoundedCache(size, max_weight=size * URL_BUDGET)
        self._merging = threading.Lock()  # (redirects are followed in worker threads too)

    def remember(self, from_url: str, to_url: str) -> None:
        source = without_userinfo(from_url)  # (credentials never reach a decision)
        key = resource_key(to_url)
        if resource_key(source) == key:
            return
        with self._merging:
            known = self._cache.get(key) or ()
            if source not in known:
                sources = (*known, source)[-MAX_REDIRECTS:]
                self._cache.set(key, sources, weight=len(key) + sum(map(len, sources)) + ENTRY_OVERHEAD)

    def get(self, url: str) -> list[str]:
        return list(self._cache.get(resource_key(url)) or ())


def for_images(signals: list[Signal]) -> list[Signal]:
    """What a page says about its images ("noimageai", a TDM reservation), as each image's own
    signal ("self" there); robots.txt speaks for the image's own host, not the page's."""
    return [replace(s, applies_to="self", page_word=True) for s in signals
            if s.applies_to in ("images", "both") and s.family != "robots_txt"]


def _leads(a: ImageContext, b: ImageContext) -> bool:
    """Is `a` the word whose page, personal verdict and reasons `_stricter(a, b)` keeps? (A page's own
    reasons before a lost word's, which keeps none.)"""
    if a.personal and b.personal and a.lost != b.lost:
        return b.lost
    return a.personal and (not b.personal or a.score >= b.score)


def _stricter(a: ImageContext, b: ImageContext) -> ImageContext:
    first, other = (a, b) if _leads(a, b) else (b, a)
    # every rule of both, one per (family, code, crawler) and bounded (`ImageRules.merged`): a site's
    # every page saying "noimageai" of its logo must not grow the logo's context
    # every page's law and domain: the union, in the order `a` (the word known) has them and the new
    # ones after, so a second page saying the same again changes nothing, whichever was read last
    blocs = {bloc for bloc, _ in a.jurisdictions}
    juris = a.jurisdictions + tuple(j for j in b.jurisdictions if j[0] not in blocs)
    domains = a.page_domains + tuple(d for d in b.page_domains if d not in a.page_domains)
    # (an evicted page's word stays said: that its opt-outs were lost, and whom they spoke to)
    # (the language tags of the page whose word is kept, or none: another page's, judged against this page's
    # host, took the place of the picture host's unknown audience; found in review)
    # (a lost word leading knows no page: the other's is named)
    return ImageContext(first.page_url or other.page_url, first.personal, first.score, first.reasons,
                        a.rules.merged(b.rules), first.hints, juris, domains[:MAX_PAGE_DOMAINS],
                        evicted=a.evicted or b.evicted,
                        lost_rules=kept_rules(a.lost_rules, b.lost_rules) if a.lost_rules or b.lost_rules else (),
                        shown_as=first.shown_as or other.shown_as,  # (a part of it came from another copy)
                        lost=a.lost and b.lost)
