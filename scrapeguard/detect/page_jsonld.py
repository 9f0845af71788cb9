"""The pictures a page's JSON-LD names, each with what its place in the data says of a person.

schema.org data is where sites say outright who a page is about: a `Person`'s image, a
`ProfilePage`, an article's `author`, a product's photo, an organisation's logo. Blocks are read
as forgivingly as crawlers' extractors read them (trailing commas, comments, CDATA marks) and
within bounds (size, objects walked, list length, depth); what a bound left unread is said in
the reading's limits. The page analysis merges the reading into the page; the page redaction
cleans the same blocks (`parse_jsonld`: one reading for both).
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from scrapeguard.detect.score import Evidence

MAX_JSONLD_CHARS: Final = 1_000_000
MAX_JSONLD_SCRIPTS: Final = 64
MAX_JSONLD_NODES: Final = 5000  # objects and lists walked per block (plain values are free)
MAX_JSONLD_LIST: Final = 1000  # items read per list
# items read per list of images: near a page's image elements (`page_refs.MAX_REFS`), so a gallery's or a shop's
# list is read whole (at 200, an ordinary gallery page was refused as incompletely read: review); under
# MAX_JSONLD_NODES (each item costs one), which leaves the rest of its block read. 4000 cost ~0.5 s uncompiled.
MAX_JSONLD_IMAGES: Final = 4000
MAX_JSONLD_DEPTH: Final = 24
MAX_JSONLD_IDS: Final = 5000  # pictures kept by their `@id`, references to one, and files linked, per page
_IDS_CUT: Final = f"JSON-LD pictures or references by @id past the first {MAX_JSONLD_IDS} were not linked"
_LINKS_CUT: Final = f"JSON-LD pictures named by their @id past {MAX_JSONLD_IDS} linked files were not linked"
# What the limit of a block no JSON parser reads says (a crawler's parser finds no URL in it either:
# `page.limits_leaving_images_unread` tells these apart)
NOT_JSON: Final = "is not valid JSON"
TOO_DEEP: Final = "nests too deeply to parse"
# What a JSON-LD walk had to leave unread (bits, reported as `PageAnalysis.limits`)
_CUT_VALUES: Final = 1
_CUT_LIST: Final = 2
_CUT_DEPTH: Final = 4
_CUT_IMAGES: Final = 8

# schema.org types and keys as JSON-LD and microdata (`page`) both write them
_PERSONISH_KEYS: Final = frozenset(
    "author creator founder founders employee employees member members actor actors performer "
    "contributor editor alumni attendee attendees director spouse colleague knows parent children "
    "sibling accountablePerson reviewedBy character".split()
)
NOT_PERSON_TYPES: Final = frozenset(
    "Product ProductGroup Offer AggregateOffer Recipe Place LocalBusiness Residence Accommodation House "
    "Apartment SingleFamilyResidence RealEstateListing Organization Corporation NewsMediaOrganization "
    "Brand WebSite SoftwareApplication MobileApplication Book Map HowTo Vehicle Car Hotel Restaurant "
    "Store TouristAttraction LandmarksOrHistoricalBuildings Dataset CreativeWorkSeries".split()
)
PROFILE_TYPES: Final = frozenset({"ProfilePage"})
_PAGE_TYPES: Final = frozenset({"WebPage", "ProfilePage", "AboutPage", "ItemPage", "Article", "NewsArticle", "BlogPosting"})
PERSON_TYPES: Final = frozenset({"Person", "Patient"})
PICTURE_TYPES: Final = frozenset({"ImageObject", "Photograph"})


# The people a page's structured data names, compared with every alt text and caption: a directory's page
# names a few hundred; 64,000 made each alt text's comparison take seconds. Past the cap, a picture may lose
# the name that made it personal: an incomplete reading (`page.limits_leaving_images_unread`)
MAX_PERSON_NAMES: Final = 1000
TOO_MANY_NAMES: Final = f"person names after the first {MAX_PERSON_NAMES} were not compared with the pictures' texts"


class JsonLdReading:
    """What a page's JSON-LD blocks said, gathered block by block: every picture they name with
    the evidence of its place, the limits met, and what they say of the page (a profile page,
    a person as its subject, people's names). (A plain class: mypyc makes it a native one.)"""

    __slots__ = ("refs", "limits", "profile", "person_main", "person_names", "recipe", "pictures_by_id", "wanted_ids")

    def __init__(self) -> None:
        self.refs: list[tuple[str, Evidence, str]] = []  # (URL as written, evidence, the key naming it)
        self.limits: list[str] = []
        self.profile = False  # a ProfilePage
        self.person_main = False  # a Person is the page's subject
        self.person_names: set[str] = set()
        self.recipe = False  # a Recipe: the page's own photos are its dishes and their steps
        # Pictures that have an `@id` (their files, their caption), and the places naming a picture by its
        # `@id` alone (the id, the types, parent key and key there): linked once every block is read
        self.pictures_by_id: dict[str, tuple[list[str], str]] = {}
        self.wanted_ids: dict[tuple[str, frozenset[str], str, str], None] = {}  # (each place once, in order)


def _types(obj: dict) -> frozenset[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        t = [t]
    if not isinstance(t, list):
        return frozenset()
    return frozenset(x.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for x in t if isinstance(x, str))


_TRAILING_COMMA: Final = re.compile(r",\s*+([}\]])")


# A JSON string, kept whole (its "//" is a URL's), or what a lenient reader drops around and in
# the data: `//` and `/* */` comments (jstyleson, which extruct reads JSON-LD with), `<!--`,
# `-->` and CDATA marks. An unclosed string or comment runs to the end: one linear pass.
_JSON_COMMENT: Final = re.compile(
    r'("(?:[^"\\]++|\\[\s\S])*+"?)|//[^\n]*+|/\*(?:[^*]++|\*(?!/))*+(?:\*/)?|<!--|-->|<!\[CDATA\[|\]\]>')


def _kept_string(m: re.Match[str]) -> str:
    return m.group(1) or " "


def parse_jsonld(text: str) -> object:
    """A JSON-LD block's data, read as forgivingly as the analysis reads it and redaction
    cleans it (one reading for both, so no block is read for its pictures and then kept
    uncleaned): strict JSON, else once more without trailing commas and with raw control
    characters (newlines) in strings, which CMSs emit, else once more without comments and
    CDATA marks (`//<![CDATA[ … //]]>`), which extruct drops too. Raises ValueError (not JSON
    even so) or RecursionError (nested too deeply)."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except ValueError:
        if "/" not in text and "<" not in text and "]]>" not in text:
            raise
    return json.loads(_TRAILING_COMMA.sub(r"\1", _JSON_COMMENT.sub(_kept_string, text)), strict=False)


def read_jsonld(text: str, reading: JsonLdReading) -> None:
    """Add one block's pictures to `reading`, each with what its position says (a Person's image,
    a logo, a product photo, an article's image: no cue), and what the block says of the page;
    a block too large, unparsable or cut by a bound is a limit, never an exception."""
    text = text.strip()
    if not text:
        return
    if len(text) > MAX_JSONLD_CHARS:
        reading.limits.append(f"a JSON-LD block of {len(text)} characters was not read (limit {MAX_JSONLD_CHARS})")
        return
    try:
        data = parse_jsonld(text)
    except RecursionError:
        reading.limits.append(f"a JSON-LD block of {len(text)} characters {TOO_DEEP} and was not read")
        return
    except ValueError:
        reading.limits.append(f"a JSON-LD block of {len(text)} characters {NOT_JSON} and was not read")
        return
    budget = [MAX_JSONLD_NODES, 0]  # objects and lists still to read; what was cut (_CUT_* bits)
    _ld_walk(data, frozenset(), "", 0, reading, budget, top=True)
    cuts = budget[1]
    if cuts & _CUT_VALUES:
        reading.limits.append(f"a JSON-LD block holds more than {MAX_JSONLD_NODES} objects and lists: the rest was not read")
    if cuts & _CUT_LIST:
        reading.limits.append(f"a JSON-LD block has a list longer than {MAX_JSONLD_LIST} items: the rest of the list "
                              "was not read")
    if cuts & _CUT_IMAGES:  # (said apart: a list of 201 pictures was said to be longer than 1000 items, review)
        reading.limits.append(f"a JSON-LD block has a list of more than {MAX_JSONLD_IMAGES} images: the rest of the "
                              "list was not read")
    if cuts & _CUT_DEPTH:
        reading.limits.append(f"a JSON-LD block nests deeper than {MAX_JSONLD_DEPTH} levels: the deeper values were not read")


def _ld_admit(value: object, depth: int, budget: list[int]) -> bool:
    """May the walk read this value? It costs one of the block's budget; a refusal records
    which limit cut something off (an empty value deeper down holds nothing)."""
    if depth > MAX_JSONLD_DEPTH:
        if value:
            budget[1] |= _CUT_DEPTH
        return False
    budget[0] -= 1
    if budget[0] < 0:
        budget[1] |= _CUT_VALUES
        return False
    return True


def _of_a_person(main: Any) -> bool:
    """Whether a ProfilePage's `mainEntity` may be a person: none, untyped, a reference, or a Person. A
    company's profile (`Organization`, which Google's ProfilePage guidance allows) made its page's
    share picture, a logo or an office, a person's photo."""
    if isinstance(main, list):
        return not main or any(_of_a_person(item) for item in main[:MAX_JSONLD_LIST])
    if not isinstance(main, dict):
        return True
    types = _types(main)
    return not types or bool(types & PERSON_TYPES)


def _ld_walk(node: object, types: frozenset[str], key: str, depth: int, reading: JsonLdReading, budget: list[int],
             top: bool = False) -> None:
    if not isinstance(node, (dict, list)):
        return  # (a plain value holds no picture here, and costs nothing: `keywords` lists run long)
    if not _ld_admit(node, depth, budget):
        return
    if isinstance(node, list):
        if len(node) > MAX_JSONLD_LIST and any(isinstance(x, (dict, list)) and x for x in node[MAX_JSONLD_LIST:]):
            budget[1] |= _CUT_LIST  # (cut per list: one long list leaves the rest of the block readable)
        for item in node[:MAX_JSONLD_LIST]:
            _ld_walk(item, types, key, depth + 1, reading, budget, top)
        return
    here = _types(node)
    if not here and key in _PERSONISH_KEYS:
        here = frozenset({"Person"})  # an untyped author is a person
    if here & PROFILE_TYPES and _of_a_person(node.get("mainEntity")):
        reading.profile = True
    if "Recipe" in here and key in ("", "mainEntity"):
        # (the page's own item, at the top, in its @graph or as its main entity; not one of a
        # round-up's list nor a part of an article about its cook)
        reading.recipe = True
    if here & PERSON_TYPES:
        name = node.get("name")
        if isinstance(name, str) and 3 <= len(name) <= 80:
            if len(reading.person_names) < MAX_PERSON_NAMES:
                reading.person_names.add(name.strip())
            elif TOO_MANY_NAMES not in reading.limits:
                reading.limits.append(TOO_MANY_NAMES)
        if top or key in ("mainEntity", "about", "mainEntityOfPage"):
            reading.person_main = True
    if here & PICTURE_TYPES:  # a picture of its own, not under an image key (Yoast's `#primaryimage` node
        _ld_address(node, types, key, key, reading)  # of its @graph, a gallery's associatedMedia)
    for k, v in node.items():
        if not isinstance(k, str):
            continue
        k2 = k.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        if k2 in ("image", "logo", "thumbnailUrl", "photo", "photos", "primaryImageOfPage", "thumbnail"):
            _ld_images(v, here or types, key, k2, depth, reading, budget)
        elif k2 == "@graph":
            _ld_walk(v, frozenset(), "", depth + 1, reading, budget, top=False)
        elif isinstance(v, (dict, list)):
            _ld_walk(v, here or types, k2, depth + 1, reading, budget,
                     top=k2 in ("mainEntity", "about") and (top or bool(here & _PAGE_TYPES)))


def _ld_evidence(types: frozenset[str], parent_key: str, key: str, caption: str) -> Evidence:
    ev = Evidence()
    if types & PERSON_TYPES and types & NOT_PERSON_TYPES and (key == "logo" or key == "image"):
        pass  # (Yoast's site run by a person or an organisation: its picture is a photo or a logo as often)
    elif key == "logo":
        ev.add("schema", -6.0, "schema:logo")
    elif types & PERSON_TYPES:
        ev.add("schema", 4.6, "schema:Person")
    elif types & PROFILE_TYPES:
        ev.add("schema", 3.6, "schema:ProfilePage")
    elif parent_key in _PERSONISH_KEYS and not types & NOT_PERSON_TYPES:
        ev.add("schema", 3.6, f"schema:{parent_key}")
    elif types & NOT_PERSON_TYPES:
        t = sorted(types & NOT_PERSON_TYPES)[0]
        ev.add("schema", -2.6, f"schema:{t}")
    if caption:
        ev.text(caption, "caption", 0.9)
    return ev



def _ld_address(value: dict, types: frozenset[str], parent_key: str, key: str, reading: JsonLdReading) -> None:
    """The picture an ImageObject is, with what its position says: every file its `url` and
    `contentUrl` name (a string or a list: `url` is often the picture's own page and `contentUrl`
    its file, and a crawler may fetch either), else its `@id` naming no fragment or `embedUrl`.
    A picture with an `@id` is kept by it, and one naming no file is a reference to such a node
    (`{"@id": "#/schema/person/image"}`, a `@graph`'s usual form): `link_pictures_by_id`."""
    found: list[str] = []
    for k in ("url", "contentUrl"):
        u = value.get(k)
        for one in (u if isinstance(u, list) else [u])[:MAX_JSONLD_IMAGES]:
            if isinstance(one, str) and one and one not in found:
                found.append(one)
    caption = value.get("caption") or value.get("name") or value.get("description") or ""
    caption = caption if isinstance(caption, str) else ""
    ident = value.get("@id")
    if isinstance(ident, str) and ident:
        wanted = (ident, types, parent_key, key)
        if (ident in reading.pictures_by_id) if found else (wanted in reading.wanted_ids):
            pass  # (a place written again: 6,000 comments naming the site's one default avatar are one)
        elif len(reading.pictures_by_id if found else reading.wanted_ids) >= MAX_JSONLD_IDS:
            if _IDS_CUT not in reading.limits:
                reading.limits.append(_IDS_CUT)
        elif found:
            reading.pictures_by_id[ident] = (found, caption)
        else:
            reading.wanted_ids[wanted] = None
    if not found:
        for k in ("@id", "embedUrl"):
            u = value.get(k)
            if isinstance(u, str) and u and not (k == "@id" and "#" in u):
                found.append(u)
                break
    for u in found:  # (evidence of its own each: the page's is merged into each later)
        reading.refs.append((u, _ld_evidence(types, parent_key, key, caption), key))


def link_pictures_by_id(reading: JsonLdReading) -> None:
    """Give each picture a place names by its `@id` alone the evidence of that place: a Person's
    `"image": {"@id": "#/schema/person/image"}` makes the ImageObject node of that `@id`, elsewhere
    in the `@graph` or in another block, a person's picture. Once, after the page's last block.

    Bounded: a place linked once however often it is written, and MAX_JSONLD_IDS files linked in
    all (4,800 references to one picture of 400 files added two million: 12 s); past a bound, what
    was not linked is a limit (the page's reading is incomplete), never a silent loss of evidence."""
    added = 0
    for ident, types, parent_key, key in reading.wanted_ids:
        picture = reading.pictures_by_id.get(ident)
        if picture is None:
            continue
        files, caption = picture
        if added + len(files) > MAX_JSONLD_IDS:
            reading.limits.append(_LINKS_CUT)
            return
        added += len(files)
        for u in files:
            reading.refs.append((u, _ld_evidence(types, parent_key, key, caption), key))


def _ld_images(value: object, types: frozenset[str], parent_key: str, key: str, depth: int,
               reading: JsonLdReading, budget: list[int]) -> None:
    if not _ld_admit(value, depth, budget):
        return
    if isinstance(value, str):
        reading.refs.append((value, _ld_evidence(types, parent_key, key, ""), key))
    elif isinstance(value, list):
        if len(value) > MAX_JSONLD_IMAGES and any(isinstance(x, (str, dict, list)) for x in value[MAX_JSONLD_IMAGES:]):
            budget[1] |= _CUT_IMAGES
        for v in value[:MAX_JSONLD_IMAGES]:
            _ld_images(v, types, parent_key, key, depth + 1, reading, budget)
    elif isinstance(value, dict):
        inner = _types(value)
        caption = value.get("caption") or value.get("name") or value.get("description") or ""
        caption = caption if isinstance(caption, str) else ""
        if inner & PERSON_TYPES or (inner and not inner & {"ImageObject", "Photograph", "ImageGallery"}):
            _ld_walk(value, types, key, depth + 1, reading, budget)
            return
        _ld_address(value, types, parent_key, key, reading)
        thumb = value.get("thumbnailUrl")  # and its thumbnail, another file
        if isinstance(thumb, str) and thumb:
            reading.refs.append((thumb, _ld_evidence(types, parent_key, key, caption), key))
        for k in ("image", "thumbnail"):
            if k in value:
                _ld_images(value[k], types, parent_key, key, depth + 1, reading, budget)
