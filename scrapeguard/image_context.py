"""What a page said about each image it references, remembered until the image is requested.

The page is judged first; its image's request comes later, often from another worker thread,
by another spelling of the URL, after redirects. These bounded caches carry the page's word
(personal or not, its opt-outs about images, its jurisdictions) to that request."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

from scrapeguard.cache import BoundedCache
from scrapeguard.decision import MAX_REDIRECTS
from scrapeguard.jurisdiction import PageHints
from scrapeguard.resource import resource_key, without_userinfo
from scrapeguard.signals.base import ImageRules, Signal
from scrapeguard.signals.usage import aspects_of


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

    def signals(self, token: str, usage: str) -> list[Signal]:
        """The page's word about this image for the image request's own crawler and usage."""
        return self.rules.signals(token, aspects_of(usage))


# Page domains one image's context keeps (a logo shown by every site of a network: bounded)
MAX_PAGE_DOMAINS = 16
# What the caches may hold per entry they count, in URL characters (a key, a redirect's sources) with
# `ENTRY_OVERHEAD` each: an ordinary image URL fills every entry; 16,384 URLs of 24 KB each were all
# kept (667 MB), now as many as fit, the least recently used going first
URL_BUDGET = 2048
ENTRY_OVERHEAD = 256


class ImageContexts:
    """What pages said about images, kept under the key every client's spelling of the image's
    URL meets at (`resource_key`: `foto[1].jpg` is requested as `foto%5B1%5D.jpg` by Scrapy).
    Two pages about one image: the stricter word stands (personal if either said so, and
    every signal of both), so the page read last cannot clear what another said."""

    def __init__(self, size: int) -> None:
        self._cache: BoundedCache[str, ImageContext] = BoundedCache(size, max_weight=size * URL_BUDGET)
        self._merging = threading.Lock()  # (pages are judged in worker threads by every adapter)

    def remember(self, url: str, context: ImageContext) -> None:
        key = resource_key(url)
        with self._merging:
            known = self._cache.get(key)
            # (by its key: the page URL is the page's one string, shared by all its images' contexts)
            self._cache.set(key, context if known is None or known == context else _stricter(known, context),
                            weight=len(key) + ENTRY_OVERHEAD)

    def get(self, url: str) -> ImageContext | None:
        return self._cache.get(resource_key(url))

    def pop(self, url: str) -> ImageContext | None:
        return self._cache.pop(resource_key(url))


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
    return [replace(s, applies_to="self") for s in signals
            if s.applies_to in ("images", "both") and s.family != "robots_txt"]


def _stricter(a: ImageContext, b: ImageContext) -> ImageContext:
    first, other = (a, b) if a.personal and (not b.personal or a.score >= b.score) else (b, a)
    # every rule of both, one per (family, code, crawler) and bounded (`ImageRules.merged`): a site's
    # every page saying "noimageai" of its logo must not grow the logo's context
    # every page's law and domain: the union, in the order `a` (the word known) has them and the new
    # ones after, so a second page saying the same again changes nothing, whichever was read last
    blocs = {bloc for bloc, _ in a.jurisdictions}
    juris = a.jurisdictions + tuple(j for j in b.jurisdictions if j[0] not in blocs)
    domains = a.page_domains + tuple(d for d in b.page_domains if d not in a.page_domains)
    return ImageContext(first.page_url, first.personal, first.score, first.reasons,
                        a.rules.merged(b.rules), first.hints or other.hints, juris, domains[:MAX_PAGE_DOMAINS])
