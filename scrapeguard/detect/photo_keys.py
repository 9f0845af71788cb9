"""Which image URLs are the same photo at other sizes or renditions: a photo key per URL.

CMSs and image CDNs serve one photo under many URLs (`x-300x200.jpg`, `x-1024x683.jpg`,
`/resizer/900/506/…/x.jpg`, Wikimedia's `220px-x.jpg`, a CDN's `…/<id>/w_800/image.jpg`); the
page analysis merges the context of all of them, so an og:image copy of a captioned photo is
judged with its caption.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from scrapeguard.detect import context_words as W
from scrapeguard.detect.served import SIZE_TAIL, served_host_path

_SIZE_SEGMENT: Final = re.compile(r"(?:w|h|width|height|size|s|q|c|resize|fit|fill|crop)?[_:=-]?\d{2,5}(?:[x:_]\d{2,5})?|\d+|true|false", re.I)
_RENDITION_DIRS: Final = W.SIZE_WORDS | {"master", "masters", "renditions", "rendition", "crops", "resized", "alternates"}
_RENDITION_SEGMENT: Final = re.compile(r"(?:[wh]\d{2,4}){1,2}[a-z]*", re.I)  # Escenic's `ALTERNATES/w90square`
_CROP_SEGMENT: Final = re.compile(r"\d+(?:_\d+){1,4}")  # x_y_width_height
_WIKI_WIDTH: Final = re.compile(r"^\d+px-")  # Wikimedia's `220px-x.jpg`
_WIKI_THUMB: Final = re.compile(r"/thumb/[0-9a-f]/[0-9a-f]{2}/([^/]+)/")
# File names that name no particular photo: CMS defaults and script artefacts ("undefined",
# "null" when a front end failed to fill in the name) must not tie different photos together.
_GENERIC_STEMS: Final = frozenset(
    "image photo picture img default main cover hero thumbnail index large medium small original "
    "undefined null none nan unnamed untitled download file blank empty".split()
) | W.SIZE_WORDS | frozenset(
    # the names image CDNs give every picture they serve: YouTube's `vi/<id>/hqdefault.jpg`,
    # TripAdvisor's `…/caption.jpg`, Squarespace's `…/image-asset.jpeg`, Twitch's `preview-480x272`,
    # a CMS's `…/<id>/wide__820x461__desktop__scale_2` or `u/<id>/avatar_80.jpg`, the blurred
    # stand-in a gallery shows while the photo loads (`…/<id>/lqip_24.jpg`: low-quality image
    # placeholder; `blurhash`, `blurred_20`, `lowres`, `placeholder`), a video's `…/<id>/poster.jpg`
    "hqdefault mqdefault sddefault maxresdefault hq720 caption asset preview avatar article square wide "
    "scale teaser pic lqip blurhash blur blurred lowres placeholder poster".split())
_SCRIPT_ENDINGS: Final = (".php", ".asp", ".aspx", ".jsp", ".cgi", ".pl", ".py", ".do", ".ashx")
# a size or a quality as a part of a file name: `300x200`, Etsy's `570xN`, `1024w`, `2x`, `w300`, `q80`
_SIZE_PART: Final = re.compile(r"(?:w|h|s|q|c|width|height|size|resize|fit|fill|crop)?\d{2,5}(?:x(?:\d{2,5}|n))?|\d{2,4}w|\d(?:\.\d)?x")
_QUERY_ID: Final = re.compile(r"[?&]\$?[a-z_]*id=", re.I)
# The URL or file an image proxy the served path does not unwrap serves (`/api/v3/image_proxy?url=…`, Lemmy's:
# every picture of a thread, avatars and posted photos alike, shared the key `image_proxy` and so each other's
# context: found in blind set `dl`)
_QUERY_SOURCE: Final = re.compile(r"[?&](?:url|src|image|img|file|path)=", re.I)


def _tells_photos_apart(stem: str) -> bool:
    """Whether a file name (size tails stripped) names one photo: some part of it is a word that
    is no CDN's or CMS's stock name, or an id or camera number (`DSC_4471`, `IMG_5519`), not a
    size (`135x101`, `avatar_80`, `square__300x300`, `hero_1200`)."""
    low = stem.lower()
    # (str.replace, not a regex split: this runs once per image URL of every page)
    parts = low.replace("-", " ").replace("_", " ").replace(".", " ").replace("@", " ").replace("+", " ").split()
    for part in parts:
        if part.isalpha():
            if len(part) >= 3 and part not in _GENERIC_STEMS:
                return True
        elif part.isdigit():
            if len(part) >= 5 or (len(part) == 4 and part[-1] != "0"):  # not a round width: 1200, 1920
                return True
        elif len(part) >= 4 and _SIZE_PART.fullmatch(part) is None:
            return True
    return False


def _file_path(url: str) -> str:
    """The served path, a Wikimedia thumbnail's as the file it was made from
    (`…/thumb/a/ab/X.jpg/220px-X.jpg` as `…/a/ab/X.jpg`)."""
    _host, path = served_host_path(url)
    if "/thumb/" in path:
        m = _WIKI_THUMB.search(path)
        if m:
            path = path[: m.start()] + path[m.start() + 6 : m.end() - 1]
    return path


# A news CDN's rendition tail: width, aspect ratio and focal point (`<uuid>_w718_r1.77_fpx48.5_fpy42.jpg`,
# as DER SPIEGEL's CDN names its crops), whose decimal points would otherwise end the stem early. Matched whole
# from the name's last `_w` (a search from every place cost time squared on a crafted name: review).
_RENDITION_TAIL: Final = re.compile(
    r"_w\d{2,4}(?:_r\d{1,3}(?:\.\d{1,4})?(?:_fpx\d{1,3}(?:\.\d{1,4})?_fpy\d{1,3}(?:\.\d{1,4})?)?"
    r"|_fpx\d{1,3}(?:\.\d{1,4})?_fpy\d{1,3}(?:\.\d{1,4})?)\.\w{1,5}")
# Webflow's responsive sizes of an upload: `<24 hex digits>_name-p-500.jpg`, `-p-800`, `-p-1080` (its own
# uploads only: another site's `sommerfest-p-500` is a page's 500th picture, review)
_WEBFLOW_NAME: Final = re.compile(r"[0-9a-f]{24}_.*-p-(?:500|800|1080|1600|2000|2600|3200)")
# TYPO3's processed copies of an upload: `csm_<name>_<10 hex digits>` (one hash per size and crop); the hash
# goes only where the name tells originals apart itself (`csm_PM_2024-118_Besuch_Kessler_…`): `portrait.jpg`
# in each staff member's folder, `csm_Mitarbeiter_…`, are many originals (review)
_TYPO3_PROCESSED: Final = re.compile(r"_[0-9a-f]{10}")
# Hugo's processed copies: `<name>_hu<hash of the original>_<bytes>_<width>x<height>_<method>_q75_lanczos…`
# (the hash, which tells originals apart, is kept; matched from the name's last `_hu`)
_HUGO_PROCESSED: Final = re.compile(r"(_hu_?[0-9a-f]{16,32})_\d+_\d+x\d+_\w+")


def _typo3_original(stem: str) -> str:
    """A TYPO3 processed copy's stem as its original's, where that names one original only."""
    if len(stem) < 16 or _TYPO3_PROCESSED.fullmatch(stem, len(stem) - 11) is None:
        return stem
    original = stem[4:-11]
    parts = original.replace("-", "_").split("_")
    return original if any(c.isdigit() for c in original) or len([p for p in parts if p]) >= 3 else stem


def _sizeless_stem(name: str) -> str:
    """A file name's stem without its size tails (up to three: x-1024x683, x_800x800@2x, x-scaled)
    or Wikimedia's width prefix."""
    if (at := name.rfind("_w")) >= 0 and _RENDITION_TAIL.fullmatch(name, at) is not None:
        name = name[:at] + name[name.rfind(".") :]
    stem = name.split(".", 1)[0]
    if "-p-" in stem and _WEBFLOW_NAME.fullmatch(stem) is not None:
        stem = stem[: stem.rfind("-p-")]
    if (at := stem.rfind("_hu")) >= 0 and (hugo := _HUGO_PROCESSED.fullmatch(stem, at)) is not None:
        stem = stem[:at] + hugo.group(1)
    if stem.startswith("csm_"):
        stem = _typo3_original(stem)
    if "px-" in stem:
        stem = _WIKI_WIDTH.sub("", stem)
    for _ in range(3):
        cut = max(stem.rfind("-"), stem.rfind("_"), stem.rfind("@"), stem.rfind("."))
        if cut <= 0:
            break
        tail = stem[cut + 1 :].lower()
        if tail in W.SIZE_WORDS or SIZE_TAIL.fullmatch(tail):
            stem = stem[:cut]
        else:
            break
    return stem


@functools.lru_cache(maxsize=4096)
def file_stem(url: str) -> str:
    """An image URL's file name without extension and size tails, lower case (`anna-100x100.jpg`
    and `anna.jpg?c=16x9` give `anna`): looser than the photo key, for URLs already known to
    belong together (an <img> and the renditions its wrapper names)."""
    return _sizeless_stem(_file_path(url).rstrip("/").rsplit("/", 1)[-1]).lower()


@functools.lru_cache(maxsize=4096)
def photo_key(url: str) -> str | None:
    """The same photo at different sizes shares a key (`x-300x200.jpg`, `x-1024x683.jpg`,
    `/resizer/900/506/…/x.jpg`, Wikimedia `220px-x.jpg`), so og:image or JSON-LD copies of a
    captioned <img> inherit its context."""
    path = _file_path(url)
    segs = [x for x in path.split("/") if x]
    if not segs:
        return None
    if segs[-1].lower().endswith(_SCRIPT_ENDINGS) or ("." not in segs[-1] and _QUERY_ID.search(url)):
        return None  # the query picks the picture (`nuotrauka.php?id=44848`, `…/thumbnail-overlay/?id=8006`)
    if "." not in segs[-1] and _QUERY_SOURCE.search(url) and segs[-1] in url.split("?", 1)[0]:
        return None  # (a proxy's own path: not the file of `/_next/image?url=%2Fphoto-1718` it serves)
    stem = _sizeless_stem(segs[-1])
    if len(stem) >= 6 and not stem.isdigit() and _tells_photos_apart(stem):
        return stem.lower()
    # a generic file name (`…/6650a1b2c3/width_800/image.jpg`): the photo's id is a directory
    for seg in reversed(segs[:-1][-4:]):
        if _SIZE_SEGMENT.fullmatch(seg) or seg.lower() in _RENDITION_DIRS or _CROP_SEGMENT.fullmatch(seg) \
                or _RENDITION_SEGMENT.fullmatch(seg):
            continue  # `…/<id>/0_99_3000_1800/master/3000.jpg` (The Guardian): a crop and a rendition
        if "," in seg or "%2c" in seg.lower() or "=" in seg or "%3d" in seg.lower():
            # an image CDN's transformation list (`w_800,h_450,c_limit`, `q=50_h=450` written `q%3D50_h%3D450`):
            # no photo id here (every photo of a profile at that size shared the key of its size)
            return None
        if len(seg) >= 8 and any(c.isdigit() for c in seg) and any(c.isalpha() for c in seg):
            return seg.lower() + "/*"
        break
    # else the whole path, when only the query tells renditions apart (Eventbrite's
    # `…/images/944120387/…/1/original.20250210-192214?w=480` and `?w=1000`); not a script's,
    # whose query picks the picture (`/image.php?id=5`)
    last = segs[-1].lower()
    if "." in last and not last.endswith(_SCRIPT_ENDINGS) and len(path) >= 24:
        return path.lower()
    return None


# A photo id inside a file name: a run with digits, 6+ characters ("47985084" in
# `47985084_304.jpg`, "drosten152" in `drosten152_v-portraitl.jpg`).
_PHOTO_ID: Final = re.compile(r"[A-Za-z]*\d[A-Za-z0-9]{5,}|[A-Za-z]{3,}\d{2,}")


def photo_id(url: str) -> str | None:
    name = served_host_path(url)[1].rsplit("/", 1)[-1]
    m = _PHOTO_ID.match(name)
    return m.group(0).lower() if m else None
