"""Which URLs serve one picture: another size, an image server's copy, the site's other address.

A page shows `jane-doe-300x200.jpg`; its original `jane-doe.jpg`, `jane.jpg?w=2000` beside
`jane.jpg?w=300`, a resizing server's `/cdn-cgi/image/w=800/team/jane.jpg`, Next.js's
`/_next/image?url=%2Fteam%2Fjane.jpg&w=3840` and `http://www.` for `https://` are the same
portrait. Page redaction takes every such spelling out with the one it removes
(`page_redact`); the guard judges a request for one of them with what the page said of the one it
showed (`image_context`). Conservative: only rules under which the file is the same picture
(a query that may pick another picture, crop one or name another version does not count).
"""

from __future__ import annotations

import functools
import re
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from scrapeguard.detect.page_refs import names_image_file
from scrapeguard.detect.page_urls import absolute_url
from scrapeguard.resource import tracking_parameter

# Query keys that ask an image server for a size, a format or a quality of the whole of the same file (imgix,
# Akamai, Sanity, Contentful, Shopify, Photon, WordPress, Drupal's image styles, Gravatar's `s`; Sitecore's
# `mw mh la hash as bc sc thn`, ImageProcessor's and ImageSharp's `anchor mode rnd center bgcolor upscale rmode
# rwidth rheight ranchor rxy`, Kentico's `ext maxsidesize`: a staff page's "download" link to the bare file stayed
# beside them, found in review), or for a download of it; a query with any other key may ask for another picture
# (`?id=2`, `?u=bob`, `?src=logo.png`), a part of one (`rect=`, `crop=`, and Akamai's `im=`, Alibaba's
# `x-oss-process=`, ImageKit's `tr=`, which crop too: one face of a team's photo) or another version of it (`v=2024`)
SIZE_KEYS: Final = frozenset(
    "w h width height imwidth max-w max-h fit dpr q quality fm format fl cs auto resize size s sz scale ar dl download "
    "ixlib ixid itok ssl strip zoom bg blur optimize pad mw mh la hash as bc sc thn anchor mode rnd center bgcolor "
    "upscale rmode rwidth rheight ranchor rxy ext maxsidesize".split())


def sized_copy(url: str) -> str | None:
    """The image file a URL asks for in another size (`jane.jpg?w=300` is `jane.jpg`), or None: no query,
    a query asking for more than a size, or no image file."""
    bare, asked, query = url.split("#", 1)[0].partition("?")
    if not asked:  # (no query, or a `?` in the fragment alone: Joomla 4's `x.jpg#joomlaImage://…?width=400`)
        return None
    keys = {key.lower() for key, _ in parse_qsl(query, keep_blank_values=True)}
    return bare if keys and keys <= SIZE_KEYS and names_image_file(bare) else None


# Image servers that write a size in the path, around the original's (Cloudflare's `/cdn-cgi/image/<options>/<path>`,
# Nuxt Image's IPX `/_ipx/<modifiers>/<path>`, Jetpack's Photon `i0.wp.com/<host>/<path>`, Storyblok's
# `<file>/m/<size>`, Drupal's image styles `/files/styles/<style>/public/<path>`, a `.webp` of it added): the
# original file, which a staff page's download link or a headless site's JSON state names beside the resized
# portrait (found in review). Not IPX's `extract_…` or `crop_…` (its alias), a part of the picture (one face of
# a team's photo)
_IPX_WHOLE: Final = r"(?![^/?#]*?(?:extract|crop))"  # (IPX's modifiers that keep the whole picture)
_PATH_RESIZERS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"(https?://[^/?#]++)/cdn-cgi/image/[^/?#]++/(?!https?:)([^?#]++)", re.I), r"\1/\2"),
    (re.compile(r"https?://[^/?#]++/cdn-cgi/image/[^/?#]++/(https?://[^?#]++)", re.I), r"\1"),
    (re.compile(rf"(https?://[^/?#]++)/_ipx/{_IPX_WHOLE}[^/?#]++/(?!https?:)([^?#]++)", re.I), r"\1/\2"),
    (re.compile(rf"https?://[^/?#]++/_ipx/{_IPX_WHOLE}[^/?#]++/(https?)://?([^/?#][^?#]*+)", re.I), r"\1://\2"),
    (re.compile(r"https?://i[0-3]\.wp\.com/([^/?#]++/[^?#]++)", re.I), r"https://\1"),
    (re.compile(r"(https?://a[0-9]?\.storyblok\.com/f/[^?#]+?)/m/[^?#]*+", re.I), r"\1"),
    (re.compile(r"(https?://[^?#]*?/files)/styles/[^/?#]++/(?:public|private)/([^?#]++)", re.I), r"\1/\2"),
)


# What each of `_PATH_RESIZERS`' URLs holds (in lower case): a URL without any is none of theirs
_RESIZER_MARKS: Final = ("/cdn-cgi/image/", "/_ipx/", ".wp.com/", ".storyblok.com/f/", "/styles/")


def path_original(url: str) -> str | None:
    """The original image file a resizing server's URL asks for another size of (`_PATH_RESIZERS`), or None."""
    low = url.lower()
    if not any(mark in low for mark in _RESIZER_MARKS):  # (most URLs: five patterns not tried)
        return None
    for pattern, original in _PATH_RESIZERS:
        m = pattern.match(url)
        if m is not None:
            found = m.expand(original)
            if found[-5:].lower() == ".webp" and names_image_file(found[:-5]):
                found = found[:-5]  # (a `.webp` made of a JPEG: Drupal's `anna.jpg.webp`)
            return found if names_image_file(found) else None
    return None


_PROXIED_SOURCE_KEYS = frozenset({"url", "src", "image", "img", "file", "path"})


def resized(url: str) -> list[str]:
    """The picture an image proxy's URL serves resized, when its query names one: Next.js's
    `/_next/image?url=%2Fimages%2Fjane.jpg&w=640` is jane.jpg, which the page's own state names
    too (`"photo": "/images/jane.jpg"`): the same portrait, to be taken out with its copies."""
    out: list[str] = []
    try:
        query = urlsplit(url).query
    except ValueError:  # (`https://[::1/x.jpg?url=…`: no URL a client requests)
        return out
    for key, value in parse_qsl(query):
        # (the source keys image proxies use: a Gravatar's d= default or an imgix mark= watermark
        # names another picture, the site's own, which the page keeps)
        if key.lower() in _PROXIED_SOURCE_KEYS and names_image_file(value):
            inner = absolute_url(url, value)
            if inner is not None:
                out.append(inner)
    return out


# A WordPress rendition's size in its file name (`jane-doe-300x200.jpg`, `jane-doe-scaled.jpg`): the
# original upload is the same name without it, in the same folder
_RENDITION_SIZE = re.compile(r"-(?:\d{2,5}x\d{2,5}|scaled)(?=\.[A-Za-z0-9]{2,5}$)")


def wordpress_original(url: str) -> str | None:
    """The original upload of a WordPress rendition (`…/wp-content/…/jane-doe-300x200.jpg` is
    `…/jane-doe.jpg`, without the query), or None. A WebP or AVIF copy that a plugin writes beside a
    file (EWWW's and Converter for Media's `jane-doe-300x200.jpg.webp`) is that file's rendition."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "/wp-content/" not in path:
        return None  # (elsewhere `hero-1200x630.jpg` and `hero.jpg` may be two pictures)
    converted = path[:-5] if path[-5:].lower() in (".webp", ".avif") and names_image_file(path[:-5]) else path
    original = _RENDITION_SIZE.sub("", converted, count=1)
    return original if original != path else None


def spelled_elsewhere(urls: set[str]) -> set[str]:
    """The same pictures at their site's other addresses: the other of http and https, and the host
    with or without `www.` (a page's old `http://` link to its portrait, which the site redirects to
    the one removed, was handed on: found in review)."""
    out: set[str] = set()
    for url in urls:
        site = _site_address(url)
        if site is None:
            continue
        bare, rest = site
        for spelled_host in (bare, "www." + bare):
            for spelled_scheme in ("http", "https"):
                out.add(f"{spelled_scheme}://{spelled_host}{rest}")
    return out - urls


def _site_address(url: str) -> tuple[str, str] | None:
    """An http(s) URL's host without `www.` and what follows the host (the part every address of the
    site shares), or None for another scheme or a host with credentials."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return None
    host, slash, path = rest.partition("/")
    if not host or "@" in host:
        return None
    return (host[4:] if host[:4].lower() == "www." else host), slash + path


# Image proxies that serve the picture their query names (`url=`, `src=`…) resized: Next.js's and Vercel's
# `/_next/image?url=…&w=640`, Netlify's `/.netlify/images?url=…`, TimThumb's `timthumb.php?src=…&w=…`. Only
# these: elsewhere a page's query naming a picture is a gallery's, a viewer's, a share link's or an API's
# (`/gallery?image=jane.jpg` is a page showing it, not the picture: found in review)
_IMAGE_PROXIES: Final = ("/_next/image", "/_vercel/image", "/.netlify/images", "/timthumb.php")
# URLs longer than this are worked out each time, not remembered (a 64 KB URL in each of the cache's entries)
_CACHED_URL_CHARS: Final = 2048


def original_picture(url: str) -> str:
    """The one spelling at which every copy of a picture these rules know meets: the file an image proxy
    serves (`_IMAGE_PROXIES`, its one inner picture), without a query asking only for a size, a resizing
    server's path or a WordPress rendition's size, at https:// and its host without `www.`. A URL they say
    nothing of is its own (`photo.php?id=2`, `/gallery?image=jane.jpg` stay themselves)."""
    return _original_picture(url) if len(url) <= _CACHED_URL_CHARS else _original_picture.__wrapped__(url)


@functools.lru_cache(maxsize=4096)  # (a page's pictures are remembered, then requested: each URL twice)
def _original_picture(url: str) -> str:
    if "?" in url:
        endpoint = url.partition("?")[0].lower()
        inner = resized(url) if endpoint.endswith(_IMAGE_PROXIES) else []
        if len(inner) == 1:  # (two pictures named: neither is the one served)
            url = inner[0]
        url = sized_copy(url) or url
    if "?" not in url.split("#", 1)[0]:  # (a query left picks, crops or versions the picture: the path says less)
        url = path_original(url) or url
        url = wordpress_original(url) or url
    site = _site_address(url)
    return url if site is None else f"https://{site[0]}{site[1]}"


# Query keys that say nothing of which picture is served, besides a campaign's (`resource.tracking_parameter`): a
# cache-buster (`?v=2`, `?ver=`, `?t=…`, a bare `?1699999`), which a crawler drops or a page adds
_CACHE_BUSTER_KEYS: Final = frozenset("v ver version rev t ts timestamp cb cachebuster cache_buster nocache _".split())


def settled_query(url: str) -> str:
    """The URL with its query's parameters in one order, those that only track or bust a cache dropped
    (`resource.tracking_parameter`, `_CACHE_BUSTER_KEYS`, a bare number): the spelling a page's `f.jpg?s=1&id=7`
    and a crawler's `f.jpg?id=7&s=1` (w3lib's canonical order), or its `f.jpg?utm_source=x` and `f.jpg`, meet
    at. Only where a word about the picture is merged, the stricter standing (`ImageContexts`): never to tell
    pictures apart."""
    head, sep, fragment = url.partition("#")
    bare, asked, query = head.partition("?")
    if not asked:
        return url
    kept = sorted(part for part in re.split("[&;]", query) if part and not _tracking(part.split("=", 1)[0]))
    return bare + ("?" + "&".join(kept) if kept else "") + sep + fragment


def _tracking(key: str) -> bool:
    low = key.lower()
    return tracking_parameter(low) or low in _CACHE_BUSTER_KEYS or low.isdigit()


def names_a_picture_file(url: str) -> bool:
    """Does the URL's path name an image file (`….jpg`, `….webp`): what a request for another copy of a
    picture asks for; a page's, a script's or an API's URL does not."""
    return names_image_file(url.split("#", 1)[0].split("?", 1)[0])
