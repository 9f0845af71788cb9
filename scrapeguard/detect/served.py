"""Where a picture is served from, read from its URL alone.

The host and path of the picture itself, seen through resizing proxies (`/_next/image?url=…`)
and image services' rendition paths; the folders worth reading (not a CDN's transformation
list or an upload folder); and the hosts and folders whose pictures are nobody's photo (ad
servers, web counters, a platform's interface graphics, a theme's or an icon folder) or only
account pictures (GitHub, Slack, Discord avatars). The scorer weighs what these say.
"""

from __future__ import annotations

import functools
import re
from typing import Final
from urllib.parse import unquote

from scrapeguard.detect import context_words as W
from scrapeguard.jurisdiction import under_domain

# A rendition's size at the end of a file name: `-300x200`, `_800w`, `@2x`.
SIZE_TAIL: Final = re.compile(r"\d{2,4}x\d{2,4}|\d{2,4}w|\d(?:\.\d)?x")
# Folders of a site's own graphics: its theme, icons and flags, a forum's rank badges and
# smilies, a shop's brand marks (`images/marchi/`).
GRAPHICS_DIRS: Final = frozenset(
    "ranks smilies smileys emoticons emojis icons icon sprites flags buttons badges marchi marken marcas marques "
    "logos logo screenshots sponsors sponsoren crests escudos wappen stemmi blasons".split())
# Of those, the folders of interface graphics alone: none of ~800 labelled references in them
# showed a person (an icon folder of a media cache, a theme's or a screenshot folder can).
INTERFACE_DIRS: Final = GRAPHICS_DIRS - frozenset({"icons", "icon", "screenshots"})
# Hosts of a platform's own interface graphics (badges, icons, default pictures), never of
# what its users upload.
ASSET_HOSTS: Final = frozenset({"github.githubassets.com", "abs.twimg.com", "static.licdn.com", "static.xx.fbcdn.net",
                                "www.gstatic.com", "ssl.gstatic.com", "fonts.gstatic.com", "static.tacdn.com",
                                # status badges drawn from a repository's data (`/github/contributors/x`)
                                "img.shields.io", "badgen.net", "badge.fury.io", "codecov.io", "coveralls.io"})
# Ad servers: what they serve is an advertisement, whoever is in it.
AD_HOSTS: Final = ("googlesyndication.com", "doubleclick.net", "googleadservices.com", "adnxs.com")
# Web counters and audience measurement: what they serve is a beacon or a counter badge, whatever
# its alt text says ("free web counter", "visitor stats"). Germany's IVW/INFOnline, France's
# AT Internet (xiti), Poland's Gemius, Russia's counters, and the global ones.
COUNTER_HOSTS: Final = ("statcounter.com", "google-analytics.com", "scorecardresearch.com", "quantserve.com",
                        "pixel.wp.com", "stats.wp.com", "bat.bing.com", "ioam.de", "ivwbox.de", "xiti.com",
                        "gemius.pl", "mc.yandex.ru", "counter.yadro.ru", "top-fwz1.mail.ru", "hitwebcounter.com",
                        "free-counter.com", "freecounterstat.com", "histats.com", "sitemeter.com", "clustrmaps.com",
                        "flagcounter.com", "px.ads.linkedin.com", "ct.pinterest.com", "analytics.twitter.com")


# Meta's hosts of its users' and pages' pictures (`fbcdn-sphotos-a-a.akamaihd.net` served them
# until about 2016)
_META_DOMAINS: Final = ("fbcdn.net", "fbsbx.com", "cdninstagram.com", "facebook.com", "instagram.com")


def meta_host(host: str) -> bool:
    """Is the host one of Meta's, where a Facebook file name says nothing more than where it is?"""
    return host_within(host, _META_DOMAINS) or (host.startswith("fbcdn") and host.endswith(".akamaihd.net"))


def host_within(host: str, domains: tuple[str, ...]) -> bool:
    """Is the host one of the domains or under one (`pagead2.googlesyndication.com`)?"""
    return host.endswith(domains) and any(under_domain(host, d) for d in domains)  # (endswith: one C call for most hosts)


# A theme's folder holds its graphics when an asset folder follows (`/wp-content/themes/x/img/`,
# `/skins/main/images/`); `/fr/themes/societe/` is a section of articles.
_THEME_DIRS: Final = frozenset("themes theme skins skin templates template layout layouts".split())
_ASSET_DIRS: Final = frozenset("img imgs images image assets static dist build css gfx graphics pics layout".split())
_SEGMENT_TAIL: Final = re.compile(r"[-_.]")


def outside_theme_name(dirs: str, hit: str) -> str | None:
    """`hit` unless its only folder is the name of a WordPress/Drupal theme (`/themes/abogados/`):
    a theme called after a law firm's lawyers holds its backgrounds, not their photos."""
    segs = dirs.lower().split("/")
    for i, seg in enumerate(segs):
        if seg in ("themes", "theme") and i + 1 < len(segs):
            rest = "/".join(segs[:i + 1] + segs[i + 2 :])
            return hit if hit in W.tokens(rest) else None  # (`score._hit` returns the token itself)
    return hit


def graphics_folder(dirs: str) -> str | None:
    """A whole folder of the path (or the last word of one: `site_icons`) that holds a site's own
    graphics; "theme-park-visitors" and "skin-care" are topics, not folders of graphics."""
    segs = dirs.lower().split("/")
    for i, seg in enumerate(segs):
        if seg in _THEME_DIRS:
            if (i and segs[i - 1] == "wp-content") or any(s in _ASSET_DIRS for s in segs[i + 1 :]):
                return seg
            continue
        if seg in GRAPHICS_DIRS:
            return seg
        if "_" in seg or "-" in seg or "." in seg:
            tail = _SEGMENT_TAIL.split(_RENDITION_SIZE.sub("", seg))[-1]  # (LinkedIn's `company-logo_100_100`)
            if tail in GRAPHICS_DIRS:
                return tail
    return None


# A folder's rendition size after its name: `company-logo_100_100`, `logos-200x200`.
_RENDITION_SIZE: Final = re.compile(r"[-_](?:\d+[-_]\d+|\d+x\d+)$")
# Hosts (and path prefixes) that serve only the pictures people upload for their accounts.
_AVATAR_HOSTS: Final[dict[str, tuple[str, ...]]] = {
    "avatars.githubusercontent.com": ("/u/",),
    "avatars.slack-edge.com": ("/",),
    "i.pravatar.cc": ("/",),  # real faces, served as sample avatars
    "cdn.discordapp.com": ("/avatars/",),
    "yt3.ggpht.com": ("/ytc/",),  # a YouTube channel's picture
    "yt3.googleusercontent.com": ("/ytc/",),
    "graph.facebook.com": ("/",),  # only with a `/picture` end, below
    "platform-lookaside.fbsbx.com": ("/platform/profilepic/",),
}
# Resizing proxies that take the picture's own URL or path as a parameter (Next.js, Vercel,
# timthumb and its PHP kin): the file name and folders worth reading are in the query.
_PROXY_ENDPOINTS: Final = ("/_next/image", "/_vercel/image", "/image", "/img", "/thumb", "/resize", "image.php",
                           "thumb.php", "timthumb.php", "img.php", "resize.php", "thumbnail.php", "imgresize.php")
_PROXY_PARAM: Final = re.compile(r"[?&](?:url|src|file|image|img|path)=([^&#]{3,2048})", re.I)


def _proxied(url: str) -> str | None:
    """The URL or path of the picture a resizing proxy serves, if its query names one."""
    m = _PROXY_PARAM.search(url)
    if m is None:
        return None
    inner = unquote(m.group(1)).strip()
    # a URL or a file's path, not a width or a key
    return inner if "://" in inner or "." in inner.split("?", 1)[0].rsplit("/", 1)[-1] else None


def served_host_path(url: str) -> tuple[str, str]:
    """`host_path` of the picture a URL serves: behind a resizing proxy (`/_next/image?url=…`,
    `timthumb.php?src=…`) the proxied one, so that its file name, not the proxy's, is read and
    keys the photo."""
    host, path = host_path(url)
    if "content/renditions/" in path:
        path = _dam_asset(path)
    if "cache/" in path:
        path = _IMAGE_CACHE_FILTER.sub("", path, count=1)
    if "/image/fetch/" in path and (inner_at := path.find("/http", path.find("/image/fetch/") + 12)) > 0:
        # an image CDN's fetch of another site's picture (Cloudinary's and Substack's `/image/fetch/<transformations>/
        # https://…`): the picture is that site's (Substack's stock `substack.com/img/avatars/orange.png` was read as
        # a picture of substackcdn.com's, a reader's avatar: blind set `ce`)
        fetched = path[inner_at + 1 :]
        if fetched.startswith(("http://", "https://")):
            host, path = host_path(fetched)
    if path.endswith(_PROXY_ENDPOINTS):
        inner = _proxied(url)
        if inner is not None:  # (then read as any other: a proxied Storyblok rendition is cut too)
            host, path = host_path(inner if "//" in inner or inner[:1] == "/" else "/" + inner)
    if "." not in path[path.rfind("/") + 1 :]:
        return host, _file_path(path)
    return host, path


# Adobe Experience Manager's renditions of a DAM asset (`…/Portrait_Voigt.jpg/jcr:content/renditions/
# cq5dam.web.640.640.jpeg`, `_jcr_content` in a URL): every picture's rendition bears the same name, so the asset's
# (the path before them) is the picture's (keyed by `cq5dam`, all of a page's pictures shared one context: blind set)
_DAM_RENDITIONS: Final = re.compile(r"/_?jcr(?::|%3[aA]|_)content/renditions/")


def _dam_asset(path: str) -> str:
    """An AEM rendition's path as its asset's."""
    m = _DAM_RENDITIONS.search(path)
    return path[: m.start()] if m is not None and m.start() > 0 else path


# An image cache's filter folder (Symfony LiipImagine's `/media/cache/<filter>/…`, also `media_cache`,
# `/media/cache/resolve/<filter>/…`): the size a picture was resized to (`in_menu_icon`,
# `thumb_avatar`), not a folder of the site's own icons or avatars.
_IMAGE_CACHE_FILTER: Final = re.compile(r"/(?:media/cache|media_cache)/(?:resolve/)?[^/]+(?=/)")


# Picture file endings an image service's rendition path may follow (`…/x.jpg/m/800x0/…`).
_PICTURE_ENDINGS: Final = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg", ".tif", ".tiff", ".bmp",
                           ".heic", ".jxl")


def _file_path(path: str) -> str:
    """A path cut after its last picture file name when what follows names none: an image
    service's rendition (Storyblok `…/portrait.jpg/m/800x0/filters:quality(80)`), whose last
    segment is the same on every picture of a page and would key them all as one photo."""
    low = path.lower()
    end = -1
    for ending in _PICTURE_ENDINGS:
        at = low.rfind(ending + "/")
        if at > end:
            end = at + len(ending)
    return path[:end] if end > 0 else path


# Generated avatars: initials, identicons, robots and cartoon faces.
DRAWN_AVATAR_HOSTS: Final = frozenset({"ui-avatars.com", "api.dicebear.com", "avatars.dicebear.com", "robohash.org",
                                       "avatar.vercel.sh", "source.boringavatars.com",
                                       "avatars.discourse-cdn.com"})  # Discourse's letter avatars


def avatar_service(host: str, path: str) -> bool:
    """A picture from a service that holds only account pictures: GitHub, Slack, Discord and
    YouTube avatars, Google account photos (`lh3.googleusercontent.com/a/…`), Facebook's
    `graph.facebook.com/<id>/picture`."""
    if host[:2] == "lh" and host.endswith(".googleusercontent.com"):
        return path.startswith(("/a/", "/a-/"))
    prefixes = _AVATAR_HOSTS.get(host)
    if prefixes is None or not path.startswith(prefixes):
        return False
    return host != "graph.facebook.com" or path.rstrip("/").endswith("/picture")


# A path segment that is an image CDN's transformation list ("w_800,h_450,c_fill,
# d_placeholder.png") or a short id ("172AD", "v2", "c1") says nothing about the picture.
_NOT_A_DIRECTORY: Final = re.compile(r"[^/]*(?:,|%2[cC])[^/]*|[0-9]+[A-Za-z]{1,3}|[A-Za-z]{1,3}[0-9]+")
# A CMS's upload folder ("fileadmin/user_upload", "userfiles") holds every kind of image.
_UPLOAD_FOLDERS: Final = frozenset("user_upload user_uploads userfiles user-uploads user-content usercontent".split())


def meaningful_dirs(dirs: str) -> str:
    """The folders that may say what a picture shows: without a CDN's transformation lists, short
    ids and upload folders, which every kind of picture shares."""
    if "," not in dirs and "%2" not in dirs and "user" not in dirs and not any(c.isdigit() for c in dirs):
        return dirs
    kept: list[str] = []
    for seg in dirs.split("/"):
        # only a segment with a digit, a comma or an escape can be an id or a transformation list
        if (seg.isalpha() or not _NOT_A_DIRECTORY.fullmatch(seg)) and seg.lower() not in _UPLOAD_FOLDERS:
            kept.append(seg)
    return "/".join(kept)


@functools.lru_cache(maxsize=512)
def host_path(url: str) -> tuple[str, str]:
    """Host (lower-case) and unquoted path of an absolute or scheme-relative URL, without
    urlsplit's overhead."""
    if url.startswith("//"):
        rest = url[2:]
    else:
        i = url.find("://")
        rest = url[i + 3 :] if i >= 0 else url
    j = len(rest)
    for ch in "/?#":
        k = rest.find(ch)
        if 0 <= k < j:
            j = k
    host = rest[:j].rsplit("@", 1)[-1].split(":", 1)[0].lower()
    path = rest[j:]
    for ch in "?#":
        k = path.find(ch)
        if k >= 0:
            path = path[:k]
    return host, unquote(path) if "%" in path else path
