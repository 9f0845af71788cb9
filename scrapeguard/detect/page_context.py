"""What an image element's surroundings say of the picture it shows.

Its alt and title text, its class list and its ancestors' (at most `MAX_ANCESTORS`, each read
once a page however many images it holds: their microdata type, a link to an author or a
profile, a `<figure>`'s caption, a nav, header or footer, the renditions a wrapper names) and,
when those are not decisive, the text beside it: a caption, a team card's name and role, a
heading, a self-introduction. The facts the page as a whole gives (`PageFacts`: the names its
structured data gives, its subject, whether it is a profile) are read with them. `detect.page`
finds the elements; `detect.score` weighs the cues this module gathers into an `Evidence`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from scrapeguard.detect import context_words as W
from scrapeguard.detect.credits import bracketed_name, name_shaped, strip_credits
from scrapeguard.detect.names import NOT_BEARERS, capitalised, person_name
from scrapeguard.detect.page_jsonld import NOT_PERSON_TYPES, PERSON_TYPES, PROFILE_TYPES
from scrapeguard.detect.page_refs import IMAGE_ELEMENTS, RENDITION_DEPTH, remember, wrapper_renditions
from scrapeguard.detect.page_urls import MAX_URL_CHARS
from scrapeguard.detect.phrases import (
    in_the_other_language,
    names_a_firm,
    names_a_place_or_model,
    possessive,
    shouted,
)
from scrapeguard.detect.score import (
    AFTER_A_HEADING_NAME,
    Cues,
    Evidence,
    auto_alt_cues,
    echoes_a_camera_name,
    in_a_things_name,
    is_square_small,
    listed_headcount,
    only_a_rates_unit,
    without_attribution,
)
from scrapeguard.detect.served import served_host_path
from scrapeguard.detect.social import social_profile
from scrapeguard.pieces import rarest, runs

MAX_ANCESTORS: Final = 7
_CAPTION_TOKENS: Final = frozenset(
    "caption captions credit credits legend legende didascalia pie foto-text bildunterschrift bu wp caption-text".split()
)
# People nouns that name a group or a business relation rather than people in a picture: next
# to an image they say little ("Notre équipe", "Für Kunden", "Our clients").
_GROUP_NOUNS: Final = frozenset(
    "team teams equipe equipo squadra staff band chor choir coro chorale host hosts model models owner owners "
    "member members client clients kunde kunden customer customers cliente clienti clientes clientele".split()
)
_HOLDERS: Final = frozenset(
    {"a", "picture", "span", "noscript", "i-amphtml-sizer", "div", "figure", "dt", "p", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_HEADINGS: Final = "h1, h2, h3, h4, h5, h6"
_INVISIBLE: Final = frozenset({"noscript", "script", "style", "template", "link", "meta"})
# A <picture>'s own <source>s stand before its <img> and say nothing: the card's name sits beside
# the <picture>, one level up.
_SOURCES: Final = frozenset({"source", "track"})
_MAX_SOURCES: Final = 64  # (one per breakpoint and format: TYPO3 and newsrooms print 10-20)
_NEAR_TAGS: Final = frozenset("h1 h2 h3 h4 h5 h6 p span strong b em a div figcaption small cite address header footer dl dd dt".split())

SvgFacts = tuple[str | None, str | None, str | None]  # an <svg>'s label, width, height


@dataclass(slots=True)
class PageFacts:
    """Page-level facts gathered before the images are judged."""

    base: str
    profile: str = ""  # why the page is a person's profile ("og:profile", "schema:ProfilePage", "social:x")
    person_main: bool = False  # JSON-LD/microdata Person is the page's subject
    person_names: set[str] = field(default_factory=set)
    og_alt: str = ""
    subject: frozenset[str] = frozenset()  # surname tokens of the person the page is about
    name_words: frozenset[str] | None = None  # the given names of person_names, once they are all known
    names_lowered: tuple[str, ...] = ()  # person_names lower-cased (`_names_known`)
    names_by_gram: dict[str, list[str]] = field(default_factory=dict)  # names_lowered by a piece (`_names_by_gram`)
    social_host: bool = False  # the page's own host is a social network (its relative links may be profiles)
    spip: bool = False  # made with SPIP (generator meta), whose "logo" of an article is its picture
    recipe: bool = False  # its JSON-LD's own item is a Recipe (see Evidence.finish's `things`)
    limits: list[str] = field(default_factory=list)  # see PageAnalysis.limits
    long_reference: bool = False  # an image reference over MAX_URL_CHARS was left unread (said once in limits)
    embedded_cut: bool = False  # pictures past page.MAX_EMBEDDED had no element word read (said once in limits)
    ancestors: dict[int, _Ancestor] = field(default_factory=dict)
    svgs: dict[int, SvgFacts] = field(default_factory=dict)  # per <svg>, for the images drawn in it
    # per element (mem_id) above an SVG image, the nearest <svg> around it (None: none): each walked once a page
    svg_around: dict[int, LexborNode | None] = field(default_factory=dict)
    renditions_added: set[str] = field(default_factory=set)  # wrappers' renditions taken by an <img>
    # per link (mem_id), the full-size copies it names as written (`enlarging_link`) and resolved: read once
    # however many pictures it wraps
    link_names: dict[int, list[str]] = field(default_factory=dict)
    enlarged: dict[int, list[str]] = field(default_factory=dict)
    pairs_cut: bool = False  # full-size copies past MAX_REFS were left unpaired (said once in limits)


# --------------------------------------------------------------------------- element context
_CLASS_TOKENS: Final[dict[str, tuple[str, ...]]] = {}  # "class#id" -> tokens: a site's class lists repeat on every page


# "portrait" as an orientation: a BEM modifier (`m-post-card--portrait`), Vinted's
# `web_ui__Image__portrait`, a breakpoint (`hide-for-portrait`, `for-tablet-portrait-up`);
# not a block's portrait element (`card__portrait`, `teaser__portrait`) nor `image-portrait`.
_ORIENTATION: Final = re.compile(r"--portrait|Image__portrait|(?:tablet|phone|mobile|for)[-_]portrait|portrait[-_](?:up|down|only)\b")


def _class_tokens(page: PageFacts, attrs: dict[str, str | None]) -> tuple[str, ...]:
    cls = attrs.get("class") or ""
    ident = attrs.get("id") or ""
    if not cls and not ident:
        return ()
    key = cls + "#" + ident if ident else cls
    toks = _CLASS_TOKENS.get(key)
    if toks is None:
        toks = W.tokens(key.replace("#", " "))
        if "portrait" in toks and _ORIENTATION.search(cls) is not None:
            toks = tuple(t for t in toks if t != "portrait")  # a box's or a screen's shape, not a portrait
        remember(_CLASS_TOKENS, key, toks, 20000, 256)
    if ("logo" in toks or "logos" in toks) and (page.spip or "spip" in key):
        toks = tuple(t for t in toks if t != "logo" and t != "logos")  # `spip_logo`, `item-logo`
    return toks


def _has_caption_class(toks: tuple[str, ...]) -> bool:
    return any(t in _CAPTION_TOKENS for t in toks)


def _near_text(ev: Evidence, text: str, page: PageFacts, direct: bool = True) -> None:
    """Text next to an image (a team card's name and role, a WordPress caption)."""
    if not text:
        return
    text = text[:300]
    if len(text) > 40 and text[-1:].isalpha():
        byline = _BYLINE_TAIL.search(text, len(text) - 60)
        if byline is not None:
            text = text[: byline.start() + 1]  # keep the digit, drop the author
    known = bool(page.person_names) and _names_known(text, page)
    ev.replay(_near_cues(text, direct, known))


# A teaser card read as one text glues its date or comment count to the author's byline
# ("…August 17, 2017/44John Maeda"): a name right after a digit, closing the text.
_BYLINE_TAIL: Final = re.compile(r"\d(?:[A-ZÀ-Þ](?:[^\W\d_]|['’.-])*+\s*+){1,3}$")


_CAPITALISED: Final = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]")

# Someone introducing themselves beside their picture (a blog's "about me" widget, a coach's
# card): "Welcome! I'm Megan", "Ich bin Jana", "Je m'appelle Léa", "Soy Lucía", "Ciao, sono
# Giulia" — a capitalised word after it that is a given name (`_introduces_self`).
_SELF_INTRODUCTION: Final = re.compile(
    r"(?i:\b(?:i['’]m|i am|my name is|ich bin|mein name ist|ich hei(?:ss|ß)e|je m['’]appelle|moi c['’]est"
    r"|me llamo|mi nombre es|soy|mi chiamo|il mio nome è|sono))\s+([A-ZÀ-Þ][\w'’-]*)"
)


# Each self-introduction holds one of these (a substring gate: the regex costs ~9 µs a text).
_SELF_INTRODUCTION_MARKERS: Final = ("i'm", "i’m", "i am", "my name", "ich bin", "mein name", "ich hei", "appelle",
                                     "moi c", "me llamo", "mi nombre", "soy", "mi chiamo", "mio nome", "sono")


def _introduces_self(text: str) -> bool:
    """A self-introduction names its speaker with a given name ("Soy Lucía", not "Soy Sauce",
    "Le borse sono Made in Italy" or "I'm With Stupid")."""
    low = text.lower()
    if not any(marker in low for marker in _SELF_INTRODUCTION_MARKERS):
        return False
    return any(W._fold(m.group(1)) in W.TEXT_GIVEN_NAMES for m in _SELF_INTRODUCTION.finditer(text))


def _near_person_noun(toks: tuple[str, ...], text: str, skip: str = "") -> str | None:
    """The first person noun of near text that names no group or thing (`skip`: one already set aside)."""
    nbit = W.BIT_OF[id(W.PERSON_NOUNS)]
    return next((t for t in toks if W.lex(t) & nbit and len(t) >= 3 and t != skip and t not in _GROUP_NOUNS
                 and not in_a_things_name(t, toks, text)), None)


@functools.lru_cache(maxsize=8192)
def _near_cues(text: str, direct: bool, known: bool) -> Cues:
    """The cues of one nearby text (memoised: "Read more", bylines and dates repeat on every
    page of a site). `known`: the text names a person the page's structured data names."""
    out: list[tuple[str, float, str]] = []
    toks = W.tokens(text)
    named = known or person_name(text)
    rbit = W.BIT_OF[id(W.ROLES)]
    role = next((t for t in toks if W.lex(t) & rbit), None)
    shaped = not named and len(text) <= 60 and name_shaped(text.split("\n")[0][:60])
    strongest = 0.0
    if (named or shaped) and role:
        out.append(("near", 3.0, f"near:person-name+{role}"))
        strongest = 3.0
    elif named:
        out.append(("near", 2.4, "near:person-name"))
        strongest = 2.4
    elif role:
        # (capitals inside a word count: a card's elements read as one text glue "#1 Ben" to
        # "Torwart" as "BenTorwart")
        caps = sum(len(_CAPITALISED.findall(w)) for w in text.split()[:6])
        if caps >= 2:
            out.append(("near", 1.6, f"near:{role}"))
            strongest = 1.6
    elif direct and _introduces_self(text):  # (not a page header's blurb beside its banner)
        out.append(("near", 2.4, "near:self-introduction"))
        strongest = 2.4
    elif shaped:
        out.append(("near", 1.0, "near:name-shaped"))
        strongest = 1.0
    if not out:
        noun = _near_person_noun(toks, text)  # (not "Martin pescatore sul Sile")
        if noun and len(noun) <= 4 and shouted(text, noun, model_code=True):
            noun = None  # "HLF 20 (MAN TGM)": a truck's maker, not a man
        elif noun and (names_a_place_or_model(text, noun) or names_a_firm(toks, noun, "&" in text)
                       or in_the_other_language(noun, text)):
            noun = None  # "Our shop on Kings Road", "Schreinerei Hahn & Sohn", "Las plantillas son oro"
        elif noun and W.DIGIT.search(text) is not None and (listed_headcount(text) == noun
                                                            or only_a_rates_unit(text, noun)):
            # a room's or a table's capacity beside it: "Sala Elvis · 4–8 personas · desde 35 €/hora", or a
            # price by the head: "Degustazione Classica · 35 € a persona" (another person word still counts:
            # "Anna mit 4 Gästen")
            noun = _near_person_noun(toks, text, skip=noun)
        if noun:
            out.append(("near", 1.8, f"near:{noun}"))  # a teaser's headline: "Vigil held for man shot by police"
            strongest = 1.8
    if direct and strongest < 2.2:
        noun = next((t for t in toks if t in W.PERSON_NOUNS or t in W.PRONOUNS), None)
        if noun and any(t in W.PHOTO_WORDS for t in toks):
            out.append(("near", 2.2, f"near:photo-of-{noun}"))
    return tuple(out)


def name_words(page: PageFacts) -> frozenset[str]:
    """The given names of the people the page's structured data and meta tags name, computed once
    the walk starts: a file named after one (`megan-sidebar-round.jpg` on Megan's blog) shows
    them. Given names only, from the known list: a surname is too often a word ("Jenny Rice",
    `egg-fried-rice.jpg`; "Marco Rossi", `peperoni-rossi.jpg`)."""
    if page.name_words is None:
        host = urlsplit(page.base).hostname or ""  # a site signing as its own author ("Wunderweib")
        given: set[str] = set()
        for name in page.person_names:
            toks = W.tokens(name)
            if toks and not any(c.isdigit() for c in name):  # ("Wunderweib1": an account)
                first = toks[1] if toks[0] in W.HONORIFICS and len(toks) > 1 else toks[0]
                if len(first) >= 3 and first in W.TEXT_GIVEN_NAMES and first not in host:
                    given.add(first)
        page.name_words = frozenset(given)
    return page.name_words


_GRAM: Final = 4  # characters of a name looked up at each place of a text (`_names_by_gram`)
_NAMES_TRIED: Final = 32  # names each tried on a text, at most; more are looked up (`_names_by_gram`)


def _names_known(text: str, page: PageFacts) -> bool:
    """Does `text` hold one of the page's person names, in any case? Past `_NAMES_TRIED` names, only those
    whose piece (`_names_by_gram`) stands somewhere in it are tried, each piece once: each text tried with
    each of 1,000 names, 5,000 pictures took 3 s (review)."""
    if not page.person_names:
        return False
    if len(page.names_lowered) != len(page.person_names):  # (lower-cased once, not per text: 500 names a page)
        page.names_lowered = tuple(n.lower() for n in page.person_names)
        page.names_by_gram = _names_by_gram(page.names_lowered) if len(page.names_lowered) > _NAMES_TRIED else {}
    low = text.lower()
    if not page.names_by_gram:
        return any(n in low for n in page.names_lowered)
    by_gram = page.names_by_gram
    short = by_gram.get("")
    if short is not None and any(n in low for n in short):
        return True
    tried: set[str] = set()
    for at in range(len(low) - _GRAM + 1):
        gram = low[at:at + _GRAM]
        named = by_gram.get(gram)
        if named is not None and gram not in tried:
            if any(n in low for n in named):
                return True
            tried.add(gram)
    return False


def _names_by_gram(names: tuple[str, ...]) -> dict[str, list[str]]:
    """`names` by their rarest piece of `_GRAM` characters (`pieces.rarest`); a name shorter than that, by ""
    (tried on every text)."""
    out: dict[str, list[str]] = {}
    for name, key in zip(names, rarest([runs(n, _GRAM) for n in names])):
        out.setdefault(key, []).append(name)
    return out


# How many of an element's sources `_alt_names_a_file` reads (a srcset's renditions share one name).
_NAMED_FILES_READ: Final = 8
# Quotes, emoji, bullets and the like before an alt text's first word.
_LEADING_NON_LETTERS: Final = re.compile(r"^[\W\d_]+")


def _alt_names_a_file(read: str, bare: str, files: list[str]) -> bool:
    """Does the alt text (`read` without its poster, `bare` without its credits too) start with a given
    name that a file name of the element holds too, and go on to speak of its bearer ("Lucía, profe de
    yoga" on `lucia-yoga.jpg`, "Ruth and Ollie at the front door" on `ruth-and-ollie-innkeepers.jpg`)?
    Alone, the name heading the alt may be a business's, a product's, a dish's or a storm's ("Camille,
    restaurant gastronomique", "Emma ring, 18k gold", "Emma's tiramisu", `hurricane-ian.jpg`: none of
    those) and the file name may be anyone's; together they name the person the picture was filed
    under. Asked only of an alt whose own cues say nothing else either way."""
    text = _LEADING_NON_LETTERS.sub("", bare[:200])
    if not text[:1].isupper():
        return False
    toks = W.tokens(text)
    name = toks[0] if len(toks) >= 2 else ""
    if len(name) < 3 or name not in W.GIVEN_NAMES or name in W.GIVEN_NAMES_ALSO_THINGS \
            or not NOT_BEARERS.isdisjoint(toks) or possessive(read, name):
        return False
    if not (text.split(None, 1)[0].endswith(",") or toks[1] in AFTER_A_HEADING_NAME):
        return False  # "Lucía, …", "Ruth and …", "Sandrine à …": someone; "Sophie la girafe": a toy
    for src in files[:_NAMED_FILES_READ]:
        # (the file a resizing proxy serves: `/_next/image?url=%2Fimages%2Flucia-yoga.jpg`)
        ftoks = W.tokens(served_host_path(src)[1].rsplit("/", 1)[-1][:200])
        if name in ftoks and NOT_BEARERS.isdisjoint(ftoks):
            return True
    return False


def _names_the_subject(alt: str, subject: frozenset[str]) -> bool:
    """Does the alt write a word of the page's subject as a name, capitalised (or is it all in lower case)? A
    title's head may end in its owner's trade ("Lucía Ferrer Yoga"): "Estudio de yoga en Ruzafa" names no one."""
    if alt.islower():
        return True
    return any(capitalised(word) and not subject.isdisjoint(W.tokens(word)) for word in _LETTERS_ON.findall(alt))


# A word from its first letter (what opens it, "(Albrecht)", „Albrecht“, «Ferrer», ¡Ferrer, left out)
_LETTERS_ON: Final = re.compile(r"[^\W\d_]\S*")


def element_evidence(node: LexborNode, attrs: dict[str, str | None], page: PageFacts,
                     renditions: list[str] | None = None, files: list[str] | None = None) -> Evidence:
    """The cues of an image element and its ancestors; `renditions` (when given) receives the
    renditions of its picture its wrappers name (`wrapper_renditions`); `files`: the element's own
    sources, whose file names the alt may name someone by (`_alt_names_a_file`), for every one of
    them (a hash-named large rendition in its srcset too)."""
    ev = Evidence()
    alt = attrs.get("alt")
    auto = auto_alt_cues(alt[:600]) if alt else None
    if auto is not None:
        ev.replay(auto)
    elif alt:
        read = without_attribution(alt[:600])  # (600: as `Evidence.text` reads it)
        ev.text(read, "alt")
        ev.described = bool(W.tokens(read)) and not echoes_a_camera_name(read)
        bare = strip_credits(read)
        if files and ev.cues.keys() == {"alt:plain"} and _alt_names_a_file(read, bare, files):
            # an alt naming someone, as a full name does (its own cues said nothing else either way)
            ev.add("alt:name", 2.6, "alt:file-named-person")
        bracketed = bracketed_name(read)  # "Beim Empfang (Lea Hoffmann)" on Lea Hoffmann's page
        if _names_known(bare, page) or (bracketed is not None and _names_known(bracketed, page)):
            ev.add("alt:known", 3.0, "alt:known-person-name")
        elif page.subject and not page.subject.isdisjoint(W.tokens(bare)) and _names_the_subject(bare, page.subject):
            ev.add("alt:known", 2.4, "alt:page-subject")
    title = attrs.get("title") or attrs.get("aria-label")
    if title and (not alt or title.strip() != alt.strip()):  # a title repeating the alt says nothing more
        ev.text(title, "title", 0.8)
    caption = _caption_attribute(attrs)
    if caption is not None and caption != (alt or "").strip():
        ev.text(caption, "caption", 0.9)
    ev.size(attrs.get("width"), attrs.get("height"))
    ev.classes(_class_tokens(page, attrs), 0)
    prop = attrs.get("itemprop")
    if prop and "logo" in prop:
        ev.add("schema", -6.0, "microdata:logo")
    small_square = is_square_small(attrs.get("width"), attrs.get("height"))
    captioned = False
    itemtyped = False
    cur = node.parent
    depth = 1
    memo = page.ancestors
    while cur is not None and depth <= MAX_ANCESTORS:
        mid = cur.mem_id
        info = memo.get(mid)
        if info is None:
            info = memo[mid] = _ancestor_info(cur, page)
        if info.stop:
            break
        if info.toks:
            ev.classes(info.toks, depth)
        if not itemtyped and info.itemtype is not None:
            itemtyped = True
            if info.itemtype:
                ev.add(*info.itemtype)
        for cue in info.link:
            ev.add(*cue)
        if info.caption is not None and not captioned and (caption is None or info.caption != caption):
            captioned = True
            ev.text(info.caption, "caption", 0.9)
        if info.section and depth <= 4:
            ev.add("section", -1.0, f"section:{info.section}")
        if info.renditions and renditions is not None and depth <= RENDITION_DEPTH:
            renditions.extend(info.renditions)
        cur = info.parent
        depth += 1
    if small_square and ("class:person" in ev.cues or "shape" in ev.cues):
        ev.add("size:avatar", 1.0, "size:avatar")
    if not captioned and -4.0 < sum(w for w, _ in ev.cues.values()) < 3.5:
        _scan_siblings(node, ev, page)  # only when the element's own context is not decisive
    return ev


class _Ancestor:
    """What one ancestor element says, computed once per page however many images it holds.
    (A plain class: mypyc makes it a native one; a slotted dataclass cost ~1 600 instructions
    per instance through `__init__` dispatch.)"""

    __slots__ = ("stop", "parent", "toks", "itemtype", "link", "caption", "section", "renditions")

    def __init__(self, stop: bool, parent: LexborNode | None = None, toks: tuple[str, ...] = ()) -> None:
        self.stop = stop
        self.parent = parent
        self.toks = toks
        # None: no itemtype; (): not a known one
        self.itemtype: tuple[str, float, str] | tuple[()] | None = None
        self.link: tuple[tuple[str, float, str], ...] = ()
        self.caption: str | None = None
        self.section = ""
        self.renditions: tuple[str, ...] = ()  # (`wrapper_renditions`)


_LINK_WORDS: Final = frozenset(
    "author autor auteur autore authors autoren profile profil users user members member people team staff".split()
)
_UPLOADERS: Final = frozenset({"user", "users"})
_UPLOADS: Final = frozenset({"upload", "uploads"})
# Every link word contains one of these: a link without any cannot hold a link word.
_LINK_HINTS: Final = ("aut", "prof", "user", "memb", "peop", "team", "staff")
_LINK_HINT: Final = re.compile("|".join(_LINK_HINTS), re.I)


def _link_word(href: str) -> str | None:
    """The first link word among the href's tokens ("/team/anna", "/autoren/x")."""
    if href.isascii():  # the common case: plain substring tests, no regex engine
        low = href.lower()
        if not any(hint in low for hint in _LINK_HINTS):
            return None
    elif _LINK_HINT.search(href) is None:
        return None
    toks = W.tokens(href)
    # (not the user of an upload folder: TYPO3's `fileadmin/user_upload/`, under every picture a
    # lightbox enlarges there, is no user's page)
    return next((t for i, t in enumerate(toks) if t in _LINK_WORDS
                 and not (t in _UPLOADERS and i + 1 < len(toks) and toks[i + 1] in _UPLOADS)), None)


# a picture's own microdata item (`<div itemprop="image" itemscope itemtype=".../ImageObject">` inside a
# Person): passed over, as the item it is part of says whose picture it is (not a `workExample`: a
# photographer's portfolio picture is no picture of her)
_MEDIA_ITEM_TYPES: Final = frozenset({"ImageObject", "Photograph", "MediaObject"})
_OWN_PICTURE: Final = frozenset({"image", "photo", "primaryimageofpage"})  # (itemprop is a list of names)


def _ancestor_info(cur: LexborNode, page: PageFacts) -> _Ancestor:
    tag = cur.tag
    if tag in ("body", "html", "#document", None):
        return _Ancestor(stop=True)
    a = cur.attributes
    info = _Ancestor(stop=False, parent=cur.parent, toks=_class_tokens(page, a))
    it = a.get("itemtype")
    if it:
        t = it.rsplit("/", 1)[-1].strip()
        if t in PERSON_TYPES:
            info.itemtype = ("schema", 4.2, "microdata:Person")
        elif t in PROFILE_TYPES:
            info.itemtype = ("schema", 3.2, "microdata:ProfilePage")
        elif t in NOT_PERSON_TYPES:
            info.itemtype = ("class:not", -1.6, f"microdata:{t}")
        elif t not in _MEDIA_ITEM_TYPES or _OWN_PICTURE.isdisjoint((a.get("itemprop") or "").lower().split()):
            info.itemtype = ()  # (an item's own `image` or `photo`: whose it is, the item above it says)
    if tag == "a":
        link: list[tuple[str, float, str]] = []
        if "author" in (a.get("rel") or "").lower().split():
            link.append(("link", 3.0, "rel:author"))
        href = a.get("href") or ""
        if href:
            hit = _link_word(href[:200])
            if hit:
                link.append(("link", 1.4, f"link:{hit}"))
            elif ("//" in href or (href.startswith("/") and page.social_host)) and len(href) <= MAX_URL_CHARS:
                # (an over-long link is no profile anyone visits; its text, kept by the caches, filled memory)
                try:
                    if social_profile(href if "//" in href else urljoin(page.base, href)):
                        link.append(("link", 1.2, "link:social-profile"))
                except ValueError:
                    pass
        info.link = tuple(link)
        info.caption = _caption_attribute(a)  # (a lightbox's: `<a data-title="Anke – Gründerin">`)
    elif tag == "figure":
        for child in cur.iter():
            if child.tag == "figcaption":
                info.caption = _caption_text(child)[:400]
                break
    elif tag in ("nav", "header", "footer"):
        info.section = tag
    if tag != "a" and tag != "picture":  # (a link's pictures are its enlargements; a <picture>'s, its sources)
        info.renditions = tuple(wrapper_renditions(a))
    return info


# The attributes galleries and lightboxes keep a picture's caption in (Jimdo's `data-subtitle`, lightbox2's and
# Jimdo's `data-title`, Fancybox's `data-caption`), on the picture or on the link that enlarges it
_CAPTION_ATTRIBUTES: Final = ("data-caption", "data-subtitle", "data-title")


def _caption_attribute(attrs: dict[str, str | None]) -> str | None:
    """The caption a gallery wrote in an attribute (`_CAPTION_ATTRIBUTES`): a Jimdo gallery's team portraits,
    "Anke – Gründerin, Spieleeinkauf", had no cue in their alt, empty, nor anywhere else (blind set `da`)."""
    for name in _CAPTION_ATTRIBUTES:
        value = attrs.get(name)
        if value and value.strip():
            return value.strip()[:400]
    return None


def _holds_elements(node: LexborNode) -> bool:
    child = node.child
    while child is not None:
        if child.is_element_node:
            return True
        child = child.next
    return False


def _short_text(node: LexborNode, limit: int) -> str | None:
    """`node.text(deep=True, strip=True)` when it is at most `limit` characters, else None.
    (Read whole: a walk proving a long text long cost more, over real pages, than the few long
    texts it spared; each text is read by at most the few images right before it.)"""
    text = node.text(deep=True, strip=True)
    return text if len(text) <= limit else None


def _caption_text(node: LexborNode) -> str:
    """A caption's text with its elements' boundaries kept as line breaks: a credit in its own
    `<span>` ("© Idg") then stays apart from the name in the next one ("Ola Bini, developer")
    instead of reading as one credit "© Idg Ola Bini". A part the caption's markup calls its
    credit or source (`<div class="figure__credits">Screenshot aus dem Archiv</div>`) says where
    the picture comes from, not what it shows: left out."""
    child = node.child
    while child is not None:
        if child.is_element_node and _CREDIT_CLASS.search(child.attributes.get("class") or "") is not None:
            break
        child = child.next
    else:
        return node.text(deep=True, separator="\n", strip=True)
    parts: list[str] = []
    child = node.child
    while child is not None:
        if child.is_text_node:
            parts.append(child.text_content or "")
        elif child.is_element_node and _CREDIT_CLASS.search(child.attributes.get("class") or "") is None:
            parts.append(child.text(deep=True, separator="\n", strip=True))
        child = child.next
    return "\n".join(p.strip() for p in parts if p.strip())


# A caption part holding the picture's credit or source (`credit`, `figure__credits`, `image-source`,
# `copyright`, `bildquelle`, `fonte`, `fuente`), as a class word.
_CREDIT_CLASS: Final = re.compile(r"(?i)(?:\b|_|-)(?:credits?|copyright|source|quelle|bildquelle|fonte|fuente)(?:\b|_|-)")


def _scan_siblings(node: LexborNode, ev: Evidence, page: PageFacts) -> None:
    """Caption or name/role text beside the image (a team card's name and role, a WordPress
    caption, a forum post's "photo of my husband:"), climbing at most two wrappers (a custom element
    that only wraps the picture, Wix's `<wow-image>`, counted as none: a Wix team card's name, past its
    three wrappers, was never read). The text
    of up to three following siblings is read together, so "Camille Renaud" + "Directrice
    artistique" counts as name and role."""
    holder = node
    sources = 0
    level = 0  # (wrappers climbed that count)
    for _climb in range(6):
        if level == 3:
            break
        found = False
        near: list[str] = []
        sib = holder.next
        seen = 0
        skipped = 0
        while sib is not None and seen < 3:
            if sib.is_element_node:
                tag = sib.tag
                if tag in _SOURCES and sources < _MAX_SOURCES:
                    sources += 1
                    sib = sib.next
                    continue
                if skipped < 8 and (tag in _INVISIBLE or (tag == "div" and sib.child is None and _clearfix(sib))):
                    # a lazy image's `<noscript>` copy hides no caption; an empty clearfix after the picture
                    # (Jimdo's `<div class="cc-clear">`) ends no card: its name is past it, a level up
                    skipped += 1
                    sib = sib.next
                    continue
                seen += 1
                found = True
                if tag in IMAGE_ELEMENTS or tag in ("picture", "figure", "section", "article", "ul", "ol", "table"):
                    break
                if tag in _NEAR_TAGS:
                    text = _short_text(sib, 400)
                    if text:
                        stoks = _class_tokens(page, sib.attributes)
                        if tag == "figcaption" or _has_caption_class(stoks):
                            ev.text(_caption_text(sib), "caption", 0.9)
                        else:
                            near.append(text)
                    elif tag == "div" or tag == "header":
                        # a teaser card's body, too long to read whole: its title ("What did we
                        # learn from Louis van Gaal's first match?") is what the picture shows
                        heading = sib.css_first(_HEADINGS)
                        if heading is not None:
                            title = _short_text(heading, 300)
                            if title:
                                near.append(title)
                        if text is None or _holds_elements(sib):
                            # what follows a body of text (an article's author box) or another block of elements
                            # (the next picture's, which the text after it speaks of) is not beside this picture;
                            # an empty one is passed (a card's `<div class="clearfix">` before its name)
                            break
            elif sib.is_text_node:
                text = (sib.text_content or "").strip()
                if len(text) > 2:
                    seen += 1
                    found = True
                    near.append(text[:300])
            sib = sib.next
        prev = holder.prev
        hops = 0
        while prev is not None and hops < 3:
            if prev.is_element_node and prev.tag in _SOURCES and sources < _MAX_SOURCES:
                sources += 1
                prev = prev.prev
                continue
            hops += 1
            if prev.is_element_node:
                found = True
                ptag = prev.tag
                if ptag in ("h1", "h2", "h3", "h4", "h5", "h6", "figcaption"):
                    _near_text(ev, prev.text(deep=True, strip=True), page)
                elif ptag == "p" and prev.last_child is None:
                    # (`<p><div class="lightbox">`: the parser closes the <p> before the <div>, an empty <p>
                    # between the picture and the heading before it)
                    prev = prev.prev
                    continue
                if ptag != "br":
                    break
            elif prev.is_text_node:
                text = (prev.text_content or "").strip()
                if len(text) > 2:
                    found = True
                    _near_text(ev, text[-300:], page)
                    break
            prev = prev.prev
        if near:
            _near_text(ev, near[0], page, level == 0)
            if len(near) > 1:
                _near_text(ev, "\n".join(near)[:400], page, level == 0)
        if found:
            return
        parent = holder.parent
        if parent is None:
            return
        ptag = parent.tag
        if ptag not in _HOLDERS and (ptag is None or "-" not in ptag):  # custom elements wrap too: Wix's `<wow-image>`
            return
        if holder.tag is None or "-" not in holder.tag:
            level += 1
        holder = parent


def _clearfix(node: LexborNode) -> bool:
    """A float-clearing element: a class naming it (`clearfix`, `cc-clear`, `clear`) and no attribute but that and an
    id (not any empty div: an anchor such as WP Recipe Maker's `<div id="recipe">`, an overlay or a map's holder end
    the picture's block)."""
    attributes = node.attributes
    return "clear" in (attributes.get("class") or "").lower() and all(name in ("class", "id") for name in attributes)


def clear_caches(vocabulary: bool = True) -> None:
    """Empty the nearby texts' cues; the class lists' tokens (a site's vocabulary) only with
    `vocabulary=True` (`detect.page.clear_caches`)."""
    _near_cues.cache_clear()
    if vocabulary:
        _CLASS_TOKENS.clear()
