"""Is a URL a person's profile page on a social network?

On such a page the shared image (og:image) and the large picture are the person's profile
photo. Decided by the host's registrable domain and the URL's path shape: `instagram.com/<user>/`
is a profile, `instagram.com/p/<id>/` is a post, `linkedin.com/in/<x>` a person while
`linkedin.com/company/<x>` is not.
"""

from __future__ import annotations

import functools
from typing import Final
from urllib.parse import parse_qs, urlsplit

from scrapeguard.detect.served import host_path

# First path segments that are site sections, not user names.
_RESERVED_COMMON: Final = frozenset(
    """
    about accounts account api apps blog careers company compose contact developers direct download
    explore features help hashtag home i intent jobs legal login logout messages notifications p
    pages policies press privacy reel reels search settings share signup stories terms topics tv
    watch web www marketplace groups events gaming business ads static search_results share.php
    sharer sharer.php dialog plugins hashtags tags tag trending music live foryou discover tos ideas
    """.split()
)

# domain -> (network, path shape); shapes: "seg" = /<user>, "at" = /@<user>,
# ("prefix", p, …) = /<p>/<user> (any of the prefixes)
_NETWORKS: Final[dict[str, tuple[str, object]]] = {
    "instagram.com": ("instagram", "seg"),
    "x.com": ("x", "seg"),
    "twitter.com": ("x", "seg"),
    "facebook.com": ("facebook", "seg"),
    "fb.com": ("facebook", "seg"),
    "threads.net": ("threads", "at"),
    "threads.com": ("threads", "at"),
    "tiktok.com": ("tiktok", "at"),
    "youtube.com": ("youtube", "at"),
    "medium.com": ("medium", "at"),
    "linkedin.com": ("linkedin", ("prefix", "in")),
    "xing.com": ("xing", ("prefix", "profile")),
    "pinterest.com": ("pinterest", "seg"),
    "pinterest.de": ("pinterest", "seg"),
    "pinterest.fr": ("pinterest", "seg"),
    "pinterest.es": ("pinterest", "seg"),
    "pinterest.it": ("pinterest", "seg"),
    "reddit.com": ("reddit", ("prefix", "user", "u")),
    "flickr.com": ("flickr", ("prefix", "people")),
    "bsky.app": ("bluesky", ("prefix", "profile")),
    "vk.com": ("vk", "seg"),
    "snapchat.com": ("snapchat", ("prefix", "add")),
    "github.com": ("github", "seg"),
    "mastodon.social": ("mastodon", "at"),
    "mastodon.online": ("mastodon", "at"),
    "soundcloud.com": ("soundcloud", "seg"),
    "vimeo.com": ("vimeo", "seg"),
    "twitch.tv": ("twitch", "seg"),
    "tumblr.com": ("tumblr", "seg"),
    "weibo.com": ("weibo", ("prefix", "u")),
    "ok.ru": ("ok", ("prefix", "profile")),
}
# Segments that are never a user on these sites even though they sit in first position.
_RESERVED_BY_NETWORK: Final[dict[str, frozenset[str]]] = {
    "github": frozenset("orgs marketplace topics collections sponsors features pricing enterprise readme".split()),
    "facebook": frozenset("photo.php photo photos watch gaming groups events pages story.php permalink.php".split()),
    "youtube": frozenset("watch shorts playlist results feed channel c user embed".split()),
    "vimeo": frozenset("channels groups categories ondemand showcase".split()),
}


def _last_two_labels(host: str) -> str:
    return ".".join(host.rstrip(".").rsplit(".", 2)[-2:])


def _network_host(host: str) -> bool:
    """Does `host` belong to a listed network? Every network's domain has two labels and is
    its hosts' registrable domain under the public suffix list (no list entry sits below any
    of them: tests/detect/test_page_social.py checks that against tldextract's bundled list),
    so the host's last two labels are its registrable domain here, without loading the list
    (~60 ms on the first page that links to a network)."""
    return bool(host) and _last_two_labels(host) in _NETWORKS


def _maybe_network(url: str) -> bool:
    """A cheap first look (most links and pages are on no network): `urlsplit` costs ~10 us in
    Python. Leading spaces and control characters go as urlsplit drops them; tabs and line
    breaks, which urlsplit deletes anywhere, take the full path."""
    return _network_host(host_path(url.lstrip(_C0_AND_SPACE))[0]) or "\t" in url or "\n" in url or "\r" in url


_C0_AND_SPACE: Final = "".join(map(chr, range(33)))  # what urlsplit strips before a URL


def on_social_network(url: str) -> bool:
    """Is the URL on one of the listed social networks (any page of it, profile or not)?"""
    if not _maybe_network(url):
        return False
    try:
        return _network_host((urlsplit(url).hostname or "").lower())
    except ValueError:
        return False


@functools.lru_cache(maxsize=4096)
def social_profile(url: str) -> str | None:
    """The network's name when `url` is a person's (or account's) profile page, else None."""
    if not _maybe_network(url):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    entry = _NETWORKS.get(_last_two_labels(host)) if host else None
    if entry is None:
        return None
    network, shape = entry
    segs = [s for s in parts.path.split("/") if s]
    if network == "facebook" and segs[:1] == ["profile.php"]:
        return network if "id" in parse_qs(parts.query) else None
    if network == "youtube" and len(segs) >= 2 and segs[0] in ("c", "user", "channel"):
        return network
    if network in ("tumblr", "medium") and host.count(".") == 2 and not segs \
            and (sub := host.split(".", 1)[0]) not in _RESERVED_COMMON and sub not in ("policy", "status"):
        return network  # alice.tumblr.com, alice.medium.com (not help.medium.com)
    if network == "facebook" and len(segs) >= 2 and segs[0].lower() == "people":
        return network  # /people/Jane-Doe/100012345678901/
    if not segs:
        return None
    first = segs[0]
    if isinstance(shape, tuple):  # /profile/<user>[/…], not a post (Bluesky's /profile/<user>/post/3k…)
        return network if first.lower() in shape[1:] and len(segs) >= 2 and not _a_post(segs[2:]) else None
    if shape == "at":  # /@<user>, or one of its tabs (not a post, `/@jane/111222333`, `/@jane/how-i-built-…`)
        return network if first.startswith("@") and len(first) > 1 and (len(segs) == 1 or _tab(segs[1])) else None
    # "seg": /<user> or /<user>/ (a second segment only for the profile's own tabs)
    low = first.lower()
    if low in _RESERVED_COMMON or low in _RESERVED_BY_NETWORK.get(network, frozenset()):
        return None
    if "." in low and not low.replace(".", "").replace("_", "").isalnum():
        return None
    if len(segs) == 1:
        return network
    if len(segs) == 2 and _tab(segs[1]):
        return network
    return None


# a profile's own tabs: a second segment that still shows the person's profile (any other is a post of theirs,
# whose shared picture is the post's own: a Mastodon status, a Medium article, a Bluesky post)
_PROFILE_TABS: Final = frozenset("about posts photos media with_replies tagged reels followers following likes "
                                 "follows videos shorts streams playlists community featured podcasts releases "
                                 "lists store".split())
# what follows a prefix profile's user when the page is a post of theirs, not their profile (Bluesky's post, list
# and feed; reddit's comment thread, share link and multireddit; ok.ru's status and album)
_POSTS: Final = frozenset("post lists feed comments s m statuses album".split())


def _a_post(rest: list[str]) -> bool:
    """Whether what follows a prefix profile's user names a post of theirs (`post/3k…`, `comments/1abc/slug`), not
    a page of the profile (`submitted`, `comments` alone: their comments listed)."""
    return bool(rest) and rest[0].lower() in _POSTS and (rest[0].lower() != "comments" or len(rest) > 1)


def _tab(segment: str) -> bool:
    return segment.lower() in _PROFILE_TABS
