"""Weigh the context cues of one image reference into a personal-image score.

Each cue adds log-odds (positive: a person's photo; negative: a logo, icon, product, map …);
the score is the logistic of the sum. Only the strongest cue of each family counts, so a
page full of the word "team" cannot push an icon over the line. Reasons are short codes a
reviewer can read (`alt:person-name`, `class:avatar`, `schema:Person`, `size:pixel`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from itertools import repeat
from typing import Final
from urllib.parse import unquote

from scrapeguard.detect import context_words as W
from scrapeguard.detect.credits import bracketed_name, strip_credits
from scrapeguard.jurisdiction import under_domain

PRIOR: Final = -1.6  # most images on a page are not photos of people
THRESHOLD: Final = 0.5

_WORD: Final = re.compile(r"[^\W\d_][\w'’]*\.?")
_WORD_ASCII: Final = re.compile(r"[A-Za-z][A-Za-z0-9_']*\.?")  # the same words in ASCII text, without Unicode class lookups


def _adjacent(toks: tuple[str, ...], first: str, second: str) -> bool:
    return any(toks[i] == first and toks[i + 1] == second for i in range(len(toks) - 1))


def _pairs(toks: tuple[str, ...]) -> list[str]:
    """Tokens plus their hyphen-joined neighbours, so `author-avatar` and `profile-pic` match.
    Only pairs that can be in a lexicon are built (first half a `PAIR_HEADS` word): the others
    would be looked up and miss, and `_hit` returns the first hit, so leaving them out changes
    nothing but the cost."""
    out = list(toks)
    if len(toks) >= 2:
        heads = W.PAIR_HEADS
        last = len(toks) - 1
        for i in range(last):
            if toks[i] in heads:
                out.append(toks[i] + "-" + toks[i + 1])
                if i + 2 <= last and toks[i + 1] in W.PAIR_LINKS:  # "foto de perfil" -> foto-perfil
                    out.append(toks[i] + "-" + toks[i + 2])
    return out


def _hit(words: list[str] | tuple[str, ...], lexicon: frozenset[str], masks: list[int] | None = None,
         skip: frozenset[str] = frozenset()) -> str | None:
    """The first word that is in `lexicon` (itself or its light stem) and not in `skip`. `masks`
    (the words' lexicon bitmasks, from `_masks`) saves the per-word lookups when one list is
    tested often."""
    bit = W.BIT_OF[id(lexicon)]
    if masks is None:
        lex = W.lex
        for w in words:
            if lex(w) & bit and w not in skip:
                return w
        return None
    for i, m in enumerate(masks):
        if m & bit and words[i] not in skip:
            return words[i]
    return None


def _body_part_at(toks: tuple[str, ...], i: int) -> bool:
    """Is `toks[i]` hands, feet or nails, not in a saying that only borrows the word ("Hands-on",
    "Hände hoch", "Manos Unidas": `context_words.BODY_PART_PHRASES`)?"""
    return toks[i] in W.BODY_PARTS and (i + 1 == len(toks) or toks[i + 1] not in W.BODY_PART_PHRASES)


def _body_part_first(toks: tuple[str, ...]) -> bool:
    """Does the text begin with hands, feet or nails (after an article or a number)?"""
    for i, tok in enumerate(toks[:3]):
        if tok in W.BODY_PARTS:
            return _body_part_at(toks, i)
        if tok not in W.BODY_PART_LEADS:
            return False
    return False


# Where a caption's first words end and what it says of them begins ("Hände, die heilen –
# Physiotherapeutin Anna", "Hands of a potter: our ceramicist at her wheel").
_BREAK: Final = re.compile(r"[:!,|–—]| - ")


def _someone_beside_hands(text: str, toks: tuple[str, ...]) -> bool:
    """Does a text beginning with hands still show someone: a pronoun or the face, or a person
    named or a people noun after its first words?"""
    if not W.PRONOUNS.isdisjoint(toks) or not W.FACE_WORDS.isdisjoint(toks):
        return True
    cut = _BREAK.search(text)
    if cut is None:
        return False
    rest = text[cut.end():]
    after = W.tokens(rest)
    return bool(after) and (_hit(after, W.PERSON_NOUNS) is not None or _german_compound(after) is not None
                            or person_name(rest))


_BACK_VIEW_HEADS: Final = frozenset(w.split("-", 1)[0] for w in W.BACK_VIEW if "-" in w)
_SOMEONE_BITS: Final = W.BIT_OF[id(W.PERSON_NOUNS)] | W.BIT_OF[id(W.PERSON_VERBS)]  # (a person named, or doing)


def _from_behind(toks: tuple[str, ...]) -> bool:
    """Do the words say the person is seen from behind (`context_words.BACK_VIEW`), and not in a
    phrase that borrows the words ("from behind the scenes", "di spalle larghe", "comes from
    behind"), nor with a smile or the face in view? Its pairs are no lexicon's, so `_pairs` does
    not build them: read here."""
    if not W.FACE_SEEN.isdisjoint(toks):
        return False
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok in W.BACK_VIEW:
            end = i + 1
        elif tok in _BACK_VIEW_HEADS and i + 1 < n and f"{tok}-{toks[i + 1]}" in W.BACK_VIEW:
            end = i + 2
        else:
            continue
        if (end == n or toks[end] not in W.BACK_VIEW_NOT_AFTER) and (i == 0 or toks[i - 1] not in W.BACK_VIEW_NOT_BEFORE) \
                and not any(len(t) > 3 and W.lex(t) & _SOMEONE_BITS for t in toks[end:]):
            # (someone named after it, "… then the couple kissing", "… by nurse", is seen; not a short
            # word, German "man" in "von hinten sieht man …" being "one")
            return True
    return False


def _hands_in_file(toks: tuple[str, ...]) -> bool:
    """A file name of hands, feet or nails (`grandads-hands`), not a name that holds the word
    (`michael-nagel`, `nine-inch-nails-live`)."""
    return not W.BODY_PARTS.isdisjoint(toks) and any(_body_part_at(toks, i) and toks[i] not in W.BODY_PARTS_NOT_IN_FILES
               and (i == 0 or toks[i - 1] != "inch") for i in range(len(toks))) and not _names_a_person(toks)


_THING_BITS: Final = W.BIT_OF[id(W.NOT_PERSON)] | W.BIT_OF[id(W.THINGS)]


def _thing_pair(noun: str, pairs: list[str], masks: list[int]) -> bool:
    """Is the people noun half of a thing's or a place's name here (`crew-neck`, `baby-foot`,
    `plaza-mayor`)? `masks`: the pairs' lexicon bitmasks."""
    start, end = noun + "-", "-" + noun
    return any(m & _THING_BITS and (p.startswith(start) or p.endswith(end)) for p, m in zip(pairs, masks))


def _masks(words: list[str] | tuple[str, ...]) -> list[int]:
    """The words' lexicon bitmasks (`context_words.lex`), looked up from C."""
    return list(map(W.LOOKUP.get, words, repeat(0)))


Cues = tuple[tuple[str, float, str], ...]


def _recorded(analyse: Callable[..., None], *args: object) -> Cues:
    """The cues one `Evidence` analysis adds, as a tuple that can be cached and replayed."""
    rec = _Rec()
    analyse(rec, *args)
    return tuple(rec.calls)


@functools.lru_cache(maxsize=8192)
def text_cues(text: str, where: str, scale: float = 1.0) -> Cues:
    return _recorded(Evidence._text, text, where, scale)


# Meta's automatic alt text (Instagram, Facebook): "Photo by Maya Thornton on May 02, 2024. May
# be an image of 1 person, smiling and flower." What follows "May be an image of" is what Meta's
# recogniser saw in the picture itself, people or none; the words it read in the picture ("text
# that says 'Join our team'") describe nothing, and a drawing ("May be an illustration of 2
# people") is nobody's photo.
_AUTO_ALT_SEEN: Final = re.compile(
    r"(?:may be (?:an? )?(image|illustration|graphic|cartoon|meme|closeup|selfie|black-and-white image)(?: of)?"
    r"|peut être une? (image|illustration|graphique|dessin animé|gros plan|selfie)(?: de)?"
    r"|kann ein(?:e)? (bild|grafik|illustration|cartoon|nahaufnahme|selfie)(?: von)?"
    r"|puede ser una? (imagen|ilustración|gráfico|dibujo animado|primer plano|selfie)(?: de)?"
    r"|potrebbe essere un['’ ]?(immagine|illustrazione|grafica|cartone animato|primo piano|selfie)"
    r"(?: raffigurante| di)?)\b(.*)", re.I | re.S)
_AUTO_ALT_DRAWN: Final = frozenset({"illustration", "graphic", "cartoon", "meme", "graphique", "dessin animé", "grafik",
                                    "ilustración", "gráfico", "dibujo animado", "illustrazione", "grafica",
                                    "cartone animato"})
_AUTO_ALT_READ_TEXT: Final = re.compile(r"text that says|texte qui dit|texto que dice|testo che dice|auf (?:dem|der) „", re.I)
_SEEN_PEOPLE: Final = frozenset({"bebe", "selfie"})
_AUTO_ALT_MARKERS: Final = ("may be", "peut être", "kann ein", "puede ser", "potrebbe essere")


@functools.lru_cache(maxsize=4096)
def auto_alt_cues(text: str) -> Cues | None:
    """The cues of Meta's automatic alt text, None when the text is not one."""
    low = text.lower()  # (a substring gate: the regex costs ~5 µs on every alt text of every page)
    if not any(marker in low for marker in _AUTO_ALT_MARKERS):
        return None
    seen = _AUTO_ALT_SEEN.search(text)
    if seen is None:
        return None
    kind = next(g for g in seen.groups()[:-1] if g is not None).lower()
    if kind in _AUTO_ALT_DRAWN:
        return (("drawn", -2.6, "alt:auto-alt-drawing"),)
    if kind == "selfie":
        return (("alt:portrait", 3.4, "alt:auto-alt-selfie"),)
    described = seen.group(_AUTO_ALT_SEEN.groups)  # (the last group: what follows the kind)
    read = _AUTO_ALT_READ_TEXT.search(described)
    toks = W.tokens((described[: read.start()] if read else described)[:400])
    people = next((t for t in toks if t in W.PERSON_NOUNS or t in _SEEN_PEOPLE), None)
    if people:
        return (("alt:portrait", 3.4, f"alt:auto-alt-{people}"),)
    return (("alt:not", -2.4, "alt:auto-alt-no-people"),)


# Who posted a picture is not who is in it: Instagram's "Photo shared by Maya Thornton on March
# 30, 2024", "Photo publiée par Margaux Lebrun le …"; TikTok's alt text of a video ends with its
# maker and sound: "Croquetas de jamón #receta creado por Lucía Romero con sonido original -
# Lucía Romero". (The plain "Photo by Jan Doe" is a credit `strip_credits` removes.)
_POSTER: Final = re.compile(
    r"\s*(?i:(?:photo|foto|video|vidéo|vídeo|reel)\s+(?:shared by|publiée par|partagée par|geteilt von|compartida por"
    r"|publicada por|condivisa da|pubblicata da))\s+(?:[A-ZÀ-Þ@][\w'’.@-]*(?:\s+|$)){1,4}")
_CREATOR_TAIL: Final = re.compile(
    r"\s(?:created by|creado por|créé par|erstellt von|creato da)\s[^,;:]{1,80}?\s(?:with|con|avec|mit)\s"
    r"[^\n]*?(?:sound|sonido|son|suono|originalton|audio)\b.*", re.I | re.S)


_MADE: Final = ("created by", "creado por", "créé par", "erstellt von", "creato da")
_POSTED: Final = ("shared by", "publiée par", "partagée par", "geteilt von", "compartida por", "publicada por",
                  "condivisa da", "pubblicata da")


def without_attribution(text: str) -> str:
    """The alt text without the name of who posted or made it (see `_POSTER`). Each regex runs
    only where its words are (~70 µs on a long alt text otherwise, on most of every page's)."""
    if " by " in text or " par " in text or " por " in text or " von " in text or " da " in text:
        low = text.lower()
        if any(words in low for words in _MADE):
            text = _CREATOR_TAIL.sub("", text)
        if any(words in low for words in _POSTED):
            text = _POSTER.sub("", text, count=1)
    return text


@functools.lru_cache(maxsize=16384)
def class_cues(toks: tuple[str, ...], depth: int) -> Cues:
    return _recorded(Evidence._classes, toks, depth)


@functools.lru_cache(maxsize=16384)
def _file_cues(stemname: str) -> Cues:
    return _recorded(Evidence._file, stemname)


@functools.lru_cache(maxsize=4096)  # URLs rarely repeat across pages: bounded small
def url_cues(url: str) -> Cues:
    """The file-name and path cues of an absolute image URL (memoised: srcset variants, og:image
    copies and a site's shared images repeat across a page and across pages)."""
    return _recorded(Evidence.url, url)


@functools.lru_cache(maxsize=16384)
def _dir_cues(dirs: str) -> Cues:
    return _recorded(Evidence._dirs, dirs)


def _named_cut_out(stem: str) -> bool:
    """A PNG named by a given name first (`Tom.png`, `sara-q-240x300.png`): a team page's cut-out
    portrait, not a graphic (the format weighs nothing against it)."""
    toks = W.tokens(stem[:80])
    return bool(toks) and len(toks) <= 3 and toks[0] in W.GIVEN_NAMES


def _surname_like(tok: str) -> bool:
    """A word that may be a surname: no word of the lexicons (`plan`, `team`, `sommer`)."""
    return W.lex(tok) == 0 and tok not in W.GIVEN_NAMES and tok not in _SIZES_NOT_SURNAMES \
        and tok not in _FILE_NAMED_PLACES and tok != "sao"  # (`saint-quentin`, `sao-paulo`: places)


def _names_a_person(toks: tuple[str, ...]) -> bool:
    """A file name with a given name followed by another word that is no thing:
    `dennis_rodman_144x81`, `140717-vladimir-putin-video-tease`, `talk-asia-natalie-portman`."""
    if len(toks) == 2 and toks[1] in W.GIVEN_NAMES and len(toks[1]) >= 3 and len(toks[0]) >= 4 \
            and _surname_like(toks[0]):
        return True  # `obermueller-kai`, `rossi_mario_2024`: surname first, as authors' and officials' photos are filed
    for i in range(min(len(toks), 12) - 1):
        if toks[i] in W.AGENCIES:
            return False  # `shutterstock-urteil-gunnar-pippel`: a name after the agency is the photographer
        nxt = toks[i + 1]
        if nxt in W.THINGS or nxt in _SIZES_NOT_SURNAMES:  # "summer-garden", `trust-mark_full-300x150`
            continue
        if (len(toks[i]) >= 3 and toks[i] in W.GIVEN_NAMES and len(nxt) >= 2) \
                or (toks[i] in _FILE_HONORIFICS and _honorific_name(toks[i + 1 :])):
            if i and _names_place(toks[i - 1], toks[i - 1], toks[i - 2] if i >= 2 else "", _FILE_NAMED_PLACES):
                continue  # `GPA_VillaGiulia_07_interno`, `ristorante-la-franca-sala`: a place named after someone
            if i and toks[i - 1] == "st" and (i == 1 or toks[i - 2] in _CHURCH_WORDS):
                continue  # `st-ulrich-innen`, `kirche-st-ulrich-aussen`: a church named after its saint
            if i + 2 < len(toks) and toks[i + 2] in _STREET_WORDS:
                continue  # `aussenansicht-karl-liebknecht-str`: a street named after someone, name first
            if i == 0 or toks[i - 1] not in W.CREDIT_WORDS:  # `…-SOURCE-Simon-Hill`: the photographer
                return True
    return False


# File-name words of clip art rather than photographs (`remote-team-illustration.png`): of 30
# labelled file names saying "illustration", one showed a person, a "photo-illustration" — after
# "photo" (the French press's "photo d'illustration", a stock photo) the word is no drawing.
# (Not "dessine", the verb, nor "illustrated", as in Sports Illustrated.)
_DRAWN_WORDS: Final = frozenset("bitmoji bitmojis memoji memojis animoji clipart cliparts cartoon cartoons illustrato illustrata illustriert ilustrado "
                                "ilustrada dessinee disegnato disegnata dibujado dibujada illustration illustrations ilustracion "
                                "ilustraciones illustrazione illustrazioni".split())
# A scanned signature (`unterschrift_vehlow.png`) is a drawn name. Only as a graphic: a JPEG named
# "signature" is a signing ceremony's photo or a photographer's "signature session".
_SIGNATURE_WORDS: Final = frozenset("signature signatures unterschrift unterschriften signatur".split())
# Professional credentials after a name in a file name: `ellis_jordan_pac.jpg`. Not "md",
# "rn" or "np": `-md` is a medium rendition (`hero-slide-md.jpg`).
_CREDENTIALS: Final = frozenset("phd dds dmd pac dnp crna facs".split())


def _credited(toks: tuple[str, ...]) -> bool:
    """Two or more words of letters ending in a professional credential (`ellis_jordan_pac_web`)."""
    while toks and toks[-1] in W.SIZE_WORDS:
        toks = toks[:-1]
    return len(toks) >= 3 and toks[-1] in _CREDENTIALS and all(
        t.isalpha() and 2 <= len(t) <= 12 and t not in W.SIZE_WORDS and t not in W.NOT_A_SURNAME for t in toks[:-1])


_SIZES_NOT_SURNAMES: Final[frozenset[str]] = W.SIZE_WORDS - {"klein", "gross"}  # Anna Klein, Terry Gross
# Honorifics that stay honorifics in a file name ("gen", "col", "rep", "don" and "ms" mostly do not).
_FILE_HONORIFICS: Final = frozenset({"dr", "prof", "mr", "mrs", "herr", "frau", "mme", "dott", "sig", "sigra", "signor", "signora"})
# Places that carry a person's name (Villa Giulia, Ristorante La Franca, Rue Victor Hugo) and
# makes whose models do: the name after them names the place or the car.
_NAMED_PLACES: Final = frozenset(
    "villa palazzo casa chiesa piazza via viale ristorante trattoria osteria pizzeria hotel hostal "
    "albergo locanda cafe caffe bar rue avenue boulevard place calle plaza avenida paseo strasse "
    "platz st saint sainte san santa santo sankt haus gasthof gasthaus sala".split()
    # mountains and lakes named after people or saints: Monte Rosa, Piz Bernina, Lago Maria, Mont Blanc
    + "monte mont mount mt piz pizzo punta cima pic lago lac lake isola".split()  # (not "isla": a girl's name)
    # libraries and halls named after people: Biblioteca José Hierro, Médiathèque Jacques Demy
    + "biblioteca bibliotheque mediateca mediatheque auditorio palau palais".split()
    # institutions named after people: Pabellón Ernesto Ruiz, Stadio Giuseppe Meazza, Liceo Galileo Galilei
    # (not the German ones: German capitalises every noun, "Im Stadion Thomas Müller jubelt", and
    # names its institutions name first, "Thomas-Mann-Gymnasium")
    + "salon pabellon polideportivo estadio stadio stade palazzetto palacio teatro museo instituto "
    "istituto colegio liceo lycee scuola universidad universita ospedale clinica fondazione fundacion "
    "fondation".split()
    # car makes name their models after people: Renault Zoe, Opel Adam, Seat Leon, Škoda Octavia
    + "renault opel seat skoda mercedes benz peugeot citroen fiat lancia alfa dacia kia hyundai toyota nissan "
    "mazda ford volkswagen vw chevrolet chevy dodge jeep honda suzuki mitsubishi subaru volvo tesla porsche".split())
# In file names, where nothing is capitalised, not the everyday words (`place-anna-schmidt`,
# `bar-maria-rossi`) nor SEAT, whose name is one (`seat-carlos-sainz`: a driver).
_FILE_NAMED_PLACES: Final = _NAMED_PLACES - {"place", "bar", "seat", "st", "via", "casa"}
# German streets and squares, named after people name first (Karl-Liebknecht-Straße,
# Konrad-Adenauer-Platz), as file names spell them.
_STREET_WORDS: Final = frozenset("str strasse platz allee weg gasse damm ufer chaussee".split())  # (not "ring": `anna-weber-ring`)
# Churches and parishes, named after saints: after one, "st" is the saint's (`kirche-st-ulrich`).
_CHURCH_WORDS: Final = frozenset("kirche pfarrkirche kapelle dom munster pfarrei pfarramt gemeinde kloster church chapel "
                                 "cathedral parish abbey basilica chiesa cappella duomo parrocchia abbazia eglise "
                                 "chapelle cathedrale paroisse abbaye iglesia capilla catedral parroquia".split())
# Lower-case particles of surnames (`prof-van-der-bellen`), and the articles between a place
# word and the name it carries ("Trattoria da Gino", "Ristorante La Franca").
_PARTICLES: Final = frozenset("van von der den de da di del della le la du zu".split())
_FUNCTION_WORDS: Final = _PARTICLES | frozenset("the of and die das des les".split())
_ARTICLES: Final = (_PARTICLES - {"van", "von", "der", "den", "zu"}) | {"il", "lo", "des"}
# Forms of address written out, before a name in any case ("la signora Rina", "Herr Weber").
_TITLES: Final = frozenset("herr frau signora signor signore señora señor senora senor madame monsieur".split())
# Honorifics as the British write them, without a dot, in their capitalised form only ("MR" and
# "dr" stay words; not "Dame", which is also Spanish "give me").
_UNDOTTED_HONORIFICS: Final = frozenset(w.capitalize() for w in ("dr", "mr", "mrs", "ms", "mx", "cllr", "prof", "sir"))
# Brands and characters named with one: "Dr Pepper", "Dr Oetker", "Mr Porter", "Mr Clean".
# (and Joomla's Simple Image Gallery: `jw_sig_cache_…` is its cache, not a Signor Cache)
_HONORIFIC_BRANDS: Final = frozenset("pepper oetker martens porter clean muscle proper bean robot green kensington cache".split())
# A book's ISBN-13 as a file name (`9782072985310-200x300.jpg`): its cover, a product.
_ISBN: Final = re.compile(r"(?<!\d)97[89]\d{10}(?!\d)")


def _honorific_name(rest: tuple[str, ...]) -> bool:
    """`dr-fulton-1024x768`, `prof-van-der-bellen`: an honorific and a surname (after its
    particles) make the whole file name, bar size words and numbers. `dr-oetker-pizza`,
    `mr-clean-magic-eraser` and `herr-der-ringe-poster` name brands and titles."""
    i = 0
    while i < len(rest) - 1 and rest[i] in _PARTICLES:
        i += 1
    if i >= len(rest):
        return False
    surname = rest[i]
    return len(surname) >= 3 and surname not in W.NOT_A_SURNAME and surname not in _FUNCTION_WORDS \
        and surname not in _HONORIFIC_BRANDS \
        and all(t in W.SIZE_WORDS or _DIGIT.search(t) is not None for t in rest[i + 1 :])


# A rendition's size at the end of a file name: `-300x200`, `_800w`, `@2x`.
SIZE_TAIL: Final = re.compile(r"\d{2,4}x\d{2,4}|\d{2,4}w|\d(?:\.\d)?x")


def _default_avatar(toks: tuple[str, ...], avatar_folder: bool = False) -> str | None:
    """A site's stock avatar: `avatar_male_m.png`, `user-default-sm.gif`, or `default_large.png`
    in an avatar or profile folder (`avatar_folder`)."""
    hit = next((t for t in toks if t in W.DEFAULT_AVATAR_WORDS or t in W.INITIALS_WORDS
                or t in W.GENDER_AVATAR_WORDS), None)
    if hit is None or not all(t in W.AVATAR_FILLERS or t in W.INITIALS_WORDS or SIZE_TAIL.fullmatch(t)
                              or (hit in W.INITIALS_WORDS and len(t) <= 3 and t.isalpha()) for t in toks):
        return None
    if (not avatar_folder or hit in W.GENDER_AVATAR_WORDS) and not any(t in _AVATAR_WORDS for t in toks):
        return None  # `default.jpg` (a YouTube thumbnail), `standard.jpg` (a room), `male.jpg`: no avatar
    return hit


def _letter_avatar(stem: str, toks: tuple[str, ...]) -> str | None:
    """An initial's avatar: a letter right after an avatar word ends the name, with no digits
    (`recensione-google-avatar-f.png`, `avatar_M.png`); not `profile-j-smith.jpg` nor a size
    suffix (`user_12345_m.jpg`), and not "x", which ends names like `avatar_x`."""
    if len(toks) >= 2 and len(toks[-1]) == 1 and toks[-1] != "x" and toks[-2] in _AVATAR_WORDS \
            and not any(c.isdigit() for c in stem):
        return "letter-avatar"
    return None


# "Icon" and "chart" in the other languages, as the first word of a file name (`icona-lievito-madre.png`,
# `icono-prenatal.png`, `grafico-elo-partecipanti.png`); elsewhere an icon may be a celebrity
# (`mode-ikone-iris-apfel.jpg`) and a "reportaje gráfico" a wedding's photographs.
_GRAPHIC_FIRST: Final = frozenset({"icona", "icone", "icono", "iconos", "ikone", "ikonen", "grafico", "grafici", "graficos"})
# How WhatsApp names the photos and videos its users send (`WhatsApp Image 2024-…`).
_SHARED_MEDIA_WORDS: Final = frozenset({"image", "bild", "imagen", "immagine", "foto", "video", "photo"})
_AVATAR_WORDS: Final = frozenset({"avatar", "avatars", "profile", "profiles", "user", "users", "member", "members", "userpic",
                                   "person"})  # (`person-default-100.png`)
# Folders of people's pictures, whose `default.jpg` is the picture of nobody (Transfermarkt's
# `/portrait/small/default.jpg`).
_AVATAR_FOLDER_WORDS: Final = _AVATAR_WORDS | {"portrait", "portraits"}
# The folder of a site's default pictures, holding the file itself (not Drupal's
# `/sites/default/files/…` nor Discourse's `/uploads/default/original/…`); not the stock
# avatars' other words, which name folders of real pictures too (`/male/`, `/standard/`).
_DEFAULTS_DIRS: Final = frozenset({"default", "defaults", "defaut", "defecto", "predeterminado", "predefinito", "fallback"})


# Articles that make a gender word a person: "un uomo con la giacca", "a woman wearing".
_PERSON_ARTICLES: Final = frozenset("a an the un una uno une ein eine einer einen el la il lo le der die das".split())
_FOR_WHOM: Final = frozenset("da pour para for fur per de".split())  # "Scarpe da uomo", "Chaussures pour homme"


def _shouted(text: str, noun: str, model_code: bool = False) -> bool:
    """Is the word a brand or a model's name in capitals beside another one ("MAN TGL mit
    Anhänger", "MAN TGX 18.510")? Capitals alone are not enough: "CEO" is always written so,
    and "Happy Birthday DAD!" shouts. `model_code`: only beside a word with a digit ("HLF 20
    (MAN TGM)"), as a headline shouts in capitals ("BREAKING: MAN SHOT near the station")."""
    if noun.upper() not in text or text.isupper():
        return False
    words = text.split()
    for i, word in enumerate(words):
        if word.strip(".,:;!?()\"'").lower() != noun or not word.isupper():
            continue
        beside = words[max(0, i - 1):i] + words[i + 1:i + 2]
        if any(len(b) >= 2 and ((b.isupper() and not model_code) or any(c.isdigit() for c in b)) for b in beside):
            return True
    return False


# Who made the thing the picture shows: "New kennels built by our volunteers", "Carri costruiti
# dai volontari", "Gâteau préparé par les enfants" (the makers, like a possessive, beside it).
# Only verbs of making: "Speech by the president", "Mass celebrated by the Pope", "Concert by the
# children" and "The ribbon was cut by the mayor" show the person doing it.
_MAKING_VERBS: Final = frozenset(
    """
    built made baked painted designed crafted knitted sewn cooked prepared donated planted renovated restored
    constructed drawn written grown collected decorated handmade
    gebaut gebacken gemalt gebastelt gestrickt genaht gekocht gespendet gepflanzt renoviert hergestellt gestaltet
    construit construite construits construites fabrique fabriquee fabriques fabriquees prepare preparee prepares
    preparees peint peinte peints peintes cuisine cuisines tricote tricotee tricotes realise realisee realises
    realisees offert offerte offerts offertes decore decoree decores decorees
    construido construida construidos construidas hecho hecha hechos hechas preparado preparada preparados
    preparadas pintado pintada pintados pintadas cocinado cocinada donado donada donados donadas realizado
    realizada realizados realizadas decorado decorada decorados decoradas tejido tejida
    costruito costruita costruiti costruite fatto fatta fatti fatte preparato preparata preparati preparate
    dipinto dipinta dipinti dipinte realizzato realizzata realizzati realizzate donato donata donati donate
    cucinato cucinata cucinati decorato decorata decorati decorate
    """.split()
)
# The picture itself, made by someone: "Photo by me", "Scans by the author", "Foto scattata dai
# ragazzi" (who took it, not who it shows).
_PICTURE_NOUNS: Final = frozenset(
    """
    photo photos picture pictures pic pics image images scan scans snapshot snapshots cliche cliches
    photographie photographies foto fotos fotografia fotografias fotografie imagen imagenes immagine immagini
    """.split()
)
_PICTURE_VERBS: Final = frozenset(
    """
    photographed scanned snapped fotografiert aufgenommen gescannt photographiee photographies
    photographiees prise prises pris scanne scannee fotografiado fotografiada fotografiados fotografiadas
    tomada tomadas tomado tomados fotografato fotografata fotografati fotografate scattata scattate scattato scattati
    """.split()
)
# (a picture noun before these only: German `von` says whom it shows, Italian `da` also "as a child":
# "Foto da bambina di Maria")
_CREDITING: Final = frozenset({"by", "par", "por"})
_AGENT: Final = re.compile(
    r"\b(\w+)\s+(by|von|par|por|da|dai|dalle|dagli|dal|dalla|dallo)\s+"
    r"(?:(?:our|the|local|unseren?|den|nos|les|nuestros|nuestras|los|las|nostri|nostre|i|le)\s+)?(\w+)", re.I)


def _agent(text: str, noun: str) -> bool:
    """Is the people noun (or pronoun) the makers of the thing shown ("built by our volunteers")
    or of the picture itself ("Scans by the author"), not who the picture shows?"""
    if " by " not in text and " von " not in text and " par " not in text and " por " not in text \
            and " da" not in text:
        return False
    for m in _AGENT.finditer(text):
        verb, who = W.tokens(m.group(1)), W.tokens(m.group(3))
        if not (verb and who and who[0] == noun):
            continue
        made = verb[-1]
        if made in _MAKING_VERBS or made in _PICTURE_VERBS or (made in _PICTURE_NOUNS and m.group(2).lower() in _CREDITING):
            return True
    return False


def _not_worn(reason: str) -> bool:
    """Whether a thing cue's reason ("alt:sofa", not "alt:abito") names something nobody wears."""
    word = reason.rsplit(":", 1)[-1]
    return not (_garment(word) or word in _WORN_GOODS)


def _garment(tok: str) -> bool:
    return tok in W.APPAREL or (len(tok) > 6 and tok.endswith(W.APPAREL_ENDINGS))  # ("Regenhose", not a garden hose)


def _shop_category(toks: tuple[str, ...], noun: str) -> bool:
    """Does the gender word name whom a garment is for, right beside it ("Mocassino uomo in
    pelle", "Scarpe da uomo", "Chaussures pour homme", "Herren Winterjacke") rather than who is
    in the picture ("Un uomo con la giacca", "Uomo in giacca e cravatta", "Kids dress up")?"""
    if noun not in W.GENDER_CATEGORY:
        return False
    if noun not in toks:
        return any(_garment(t) for t in toks)  # (a compound's part: "Herrenjacke")
    at = toks.index(noun)
    before = toks[at - 1] if at else ""
    if _garment(before) or (before in _FOR_WHOM and at >= 2 and _garment(toks[at - 2])):
        return True
    return at + 1 < len(toks) and _garment(toks[at + 1]) and before not in _PERSON_ARTICLES


def _possessive(text: str, noun: str) -> bool:
    """Does `noun's` (or `noun’s`) occur in the text, case-insensitively, ending a word ("the
    mother's house": the picture is of the house), or a plural's `nouns'` starting a word and
    followed by one ("Kids' corner"; not the closing quote of "‘amazing students’ at…", nor
    "grandparents' day" for "parents")? A find loop: a regex built per noun cost a compile for
    every new noun (~100 000 instructions)."""
    low = text.lower()
    plural = noun.endswith("s")
    if len(low) != len(text):  # (case folding changed lengths)
        return re.search(re.escape(noun) + r"['’]s\b", text, re.I) is not None or (
            plural and re.search(r"(?<![\w'‘’\"“])" + re.escape(noun) + r"['’]\s+\w", text, re.I) is not None)
    for mark in ("'s", "’s"):
        needle = noun + mark
        at = low.find(needle)
        while at >= 0:
            end = at + len(needle)
            if end == len(low) or not (low[end].isalnum() or low[end] == "_"):
                return True
            at = low.find(needle, at + 1)
    if plural:
        for mark in ("'", "’"):
            needle = noun + mark
            at = low.find(needle)
            while at >= 0:
                end = at + len(needle)
                starts_word = at == 0 or not (low[at - 1].isalnum() or low[at - 1] in _OPENING_MARKS)
                quoted = low.count("‘", 0, at) > low.count("’", 0, at) if mark == "’" else low.count("'", 0, at) % 2 == 1
                if starts_word and not quoted and end + 1 < len(low) and low[end] == " " and low[end + 1].isalpha():
                    return True
                at = low.find(needle, at + 1)
    return False


# What may stand before a plural possessive that is really a closing quote ("‘amazing students’").
_OPENING_MARKS: Final = "_'‘’\"“"


def _aerial(toks: tuple[str, ...], file_name: bool) -> bool:
    """A shot from the air: `W.AERIAL_SHOTS` ("Luftbild"), or another `W.AERIAL` word beside a view
    word ("aerial view", "vue aérienne", "drone shot"), or alone in a file name with no person word
    (`harbourside-drone`; not `aerial-yoga-workshop`, `drone-pilots-team`)."""
    if W.AERIAL.isdisjoint(toks):
        return False
    if not W.AERIAL_SHOTS.isdisjoint(toks):
        return True
    views = W.AERIAL_VIEWS
    for i, t in enumerate(toks):
        if t in W.AERIAL and ((i + 1 < len(toks) and toks[i + 1] in views) or (i and toks[i - 1] in views)):
            return True
    if not file_name:
        return False
    return not any(W.lex(t) & _PEOPLE_BITS for t in toks)


# The lexicons of a person or a gathering in a file name (a drone's shot of one is no view from the air).
_PEOPLE_BITS: Final = (W.BIT_OF[id(W.PERSON_NOUNS)] | W.BIT_OF[id(W.EVENT_WORDS)] | W.BIT_OF[id(W.PORTRAIT)]
                       | W.BIT_OF[id(W.FILE_PERSON)])


def _german_compound(toks: tuple[str, ...], file_name: bool = False) -> str | None:
    """A German compound ending in a person word ("Finanzminister"); not a thing ("Drehleiter": a
    ladder), nor in a file name one whose end names goods as often (`_PRODUCT_ENDS`)."""
    for t in toks:
        if len(t) >= 9 and t.endswith(W.PERSON_SUFFIXES) and not W.lex(t) & _THING_BITS \
                and not (file_name and t.endswith(_PRODUCT_ENDS)):
            return t
    return None


# Ends of German compounds that name goods in a shop's file names as often as people
# (`lautsprecher`, `plattenspieler`, `crosstrainer`, `klappleiter`, `jaegermeister`, `hamburger`).
_PRODUCT_ENDS: Final = ("burger", "sprecher", "spieler", "trainer", "leiter", "meister")


_SPIP_LOGO: Final = re.compile(r"(?:siteon|rubon|moton|breveon)\d+")
_SPACER_FILLERS: Final = frozenset({"image", "img", "data", "bild", "pic", "gif", "dummy", "x"})


def _spacer_name(toks: tuple[str, ...]) -> str | None:
    """A file name made of spacer words only (`pixel.jpg`, `leer.gif`,
    `lazyload-transparent-image-data.gif`): a placeholder. One ordinary word among them
    (`pixel-artist-anna-schmidt.gif`) and it is not."""
    spacer = next((t for t in toks if t in W.FILE_NOT), None)
    if spacer is None or not all(t in W.FILE_NOT or t in _SPACER_FILLERS for t in toks):
        return None
    return spacer


_AND: Final = frozenset({"and", "und", "et", "y", "e", "&"})


def _capitalised(word: str) -> bool:
    """`word[:1].isupper()`: by code point for ASCII (mypyc has no native `isupper`, and a generic
    method call costs more than the rest of the test)."""
    if not word:
        return False
    code = ord(word[0])
    if code < 128:
        return 65 <= code <= 90
    return word[0].isupper()


# (file names: `_CREDENTIALS`, without the ambiguous md, rn and np)
_CREDENTIAL_TAIL: Final = re.compile(
    r",\s*(M\.?D\.?|Ph\.?D\.?|DDS|DMD|PA-C|RN|NP|DNP|CRNA|FACS|RDH|DPT|PharmD|LCSW|MSW)(?![\w-])")
_TWO_CAPITALISED_WORDS: Final = re.compile(r"(?<![\w'’-])([A-ZÀ-Þ][a-zà-ÿ'’-]+)\s+[A-ZÀ-Þ][a-zà-ÿ'’-]+$")
_ONE_CAPITALISED_WORD: Final = re.compile(r"(?<![\w'’-])([A-ZÀ-Þ][a-zà-ÿ'’-]+)$")


# Someone performing or speaking: "on stage", "sur scène", "auf der Bühne", "sul palco", "en el escenario".
_ON_STAGE: Final = re.compile(r"\b(?:on ?stage|sur (?:la )?sc[eè]ne|auf der b(?:ü|ue|u)hne|sul palco|en (?:el )?escenario)\b", re.I)
_STAGE_WORDS: Final = ("stage", "scène", "scene", "hne", "palco", "escenario")


# What stands on a stage when nobody does: its set, its lights, nothing ("Le décor sur scène").
# (not "set" or "light": a band's last set, a singer in the light)
_EMPTY_STAGE: Final = frozenset("decor decors scenografia scenografie scenographie buhnenbild buhnenbilder lighting "
                                "lights luci lumieres empty vide vacio vacia leer leere vuoto vuota".split())


def _on_stage(text: str, toks: tuple[str, ...]) -> bool:
    """Someone on a stage, not its set or lights alone (the regex only where a stage word is)."""
    low = text.lower()
    return any(w in low for w in _STAGE_WORDS) and _ON_STAGE.search(text) is not None and _EMPTY_STAGE.isdisjoint(toks)


# A people noun naming a street or a place ("Kings Road", "Bishops Avenue") or a
# product's model ("Steinway Model O", "Tesla Model 3", "Modell A4"), not anyone in the picture.
# (not Row, Place, Cross, Way, Court, Park, Bridge, Arms or Green: verbs in a title-case headline,
# "Veterans Row Across the Atlantic", "Firefighters Park Truck")
_PLACE_WORDS: Final = ("Road", "Street", "St", "Avenue", "Ave", "Lane", "Square", "Terrace", "Mews", "Gardens", "Wharf",
                       "College")
_MODEL_DESIGNATION: Final = re.compile(r"\b(?:[Mm]odel|[Mm]odell|[Mm]od[eè]le|[Mm]odelo|[Mm]odello)\s+[A-Z0-9][A-Z0-9-]{0,3}(?![\w-])")
_MODEL_NOUNS: Final = frozenset({"model", "modell", "modele", "modelo", "modello"})


def _names_a_place_or_model(text: str, noun: str) -> bool:
    """Whether the people noun found in a text names a street or a product's model, nobody shown."""
    if noun in _MODEL_NOUNS and _MODEL_DESIGNATION.search(text) is not None:
        return True
    if not any(w in text for w in _PLACE_WORDS) or not any(c.isupper() for c in text[1:]):
        return False
    for before in _BEFORE_PLACE.finditer(text):
        found: str = before.group(1)  # (typed: a match's group is Any to mypyc, its methods slow generic calls)
        word = found.lower()
        for tail in _PLACE_NOUN_TAILS:  # the noun as a whole word or after a hyphen ("Ex-King's Road")
            if word.endswith(noun + tail):
                cut = len(word) - len(noun) - len(tail)
                if cut == 0 or word[cut - 1] == "-":
                    return True
    return False


# A word (hyphens and a possessive kept) before a street or place word, then the text's end, a
# mark or a word in lower case ("on Kings Road", "Kings Road, Chelsea"): one pattern for every
# noun, where one compiled per noun cost ~1 ms the first time each was met. A hyphenated word
# is tried from its first part only and without backtracking (from every part, a long chain cost
# quadratic time); the look-ahead consumes nothing, so a word after a place word is tried too.
_BEFORE_PLACE: Final = re.compile(r"(?<!\w)(?<!\w-)(?=(\w++(?:-\w++)*+(?:['’]s?)?)\s+(?:" + "|".join(_PLACE_WORDS) + r")\b"
                                  r"(?=\s*$|\s*[,.;:!?)–—-]|\s+[a-zà-ÿ0-9]))")
_PLACE_NOUN_TAILS: Final = ("", "s", "'", "’", "'s", "’s")


# (in file names, without case to tell a surname from a place, only the words no surname shares:
# `Saengerin_Park` is the singer Park; nor "st", a saint, nor "ave" or "college")
_STREET_TOKENS: Final = frozenset(w.lower() for w in _PLACE_WORDS) - {"st", "ave", "college"}


def _place_after(toks: tuple[str, ...], noun: str) -> bool:
    """A file name's people noun before a street or place word: `shopfront-kings-road`."""
    at = toks.index(noun) if noun in toks else -1
    return 0 <= at < len(toks) - 1 and toks[at + 1] in _STREET_TOKENS


# Kin in a firm's name: "Hofmann & Söhne", "Schreinerei Hahn und Sohn", "Gauthier & Fils",
# "Rossi e Figli", "Hermanos García e Hijos", "Jackson & Sons": the business, not a son in the picture.
# (right after a surname, with no "and" between: the plurals only; "Sohn" and "Son" are surnames too)
_FIRM_KIN_PLURALS: Final = frozenset("sohne soehne sons fils figli hijos toechter hermanos brothers freres gebruder".split())
# (not "son": French "et son chien")
_FIRM_KIN: Final = _FIRM_KIN_PLURALS | frozenset("sohn figlio hijo tochter".split())
_FIRM_LINKS: Final = frozenset("und u et e y and".split())
# Words before kin that make them a family's, not a firm's: possessives, articles, prepositions.
_KIN_OWNERS: Final = frozenset(
    "my his her our their the a with mein meine meinem meinen dein sein seine seinem ihr ihre ihrem unser unsere "
    "der die den dem des mit mon ton son sa ses mes tes nos vos leur leurs le la les un une avec mi tu su sus mis "
    "nuestro nuestros el los con il lo i gli suo sua suoi mio miei tuo nostro nostri di del dei da "
    "two three four zwei drei vier deux trois quatre dos tres cuatro due tre quattro "
    "new neue neuen nouveaux nouvelles nuevos nuevas nuovi nuove "
    "papa mama mami mutti vati maman papi mamma babbo ehefrau ehemann esposa esposo moglie marito femme mari "
    "wife husband beide both ambos ambas entrambi tous".split())


def _names_a_firm(toks: tuple[str, ...], noun: str, ampersand: bool = False) -> bool:
    """Is `noun`, kin, part of a firm's name: after an "und"-joined surname, or right after one (a
    plural, or any when the text has an "&", which its tokens drop)? Not "Vater und Sohn", "Anna et
    son fils", "mein Sohn" (a parent, a name, a possessive)."""
    if noun not in _FIRM_KIN or noun not in toks:
        return False
    at = toks.index(noun)
    if at >= 2 and toks[at - 1] in _FIRM_LINKS:
        before = toks[at - 2]
    elif at >= 1 and (ampersand or noun in _FIRM_KIN_PLURALS):
        before = toks[at - 1]
    else:
        return False
    return (len(before) >= 3 and before.isalpha() and before not in _KIN_OWNERS and before not in W.TEXT_GIVEN_NAMES
            and W.lex(before) & _PEOPLE_BITS == 0)


# A view from the air said as a phrase: "Procesión marítima desde el aire".
_FROM_THE_AIR: Final = re.compile(r"\b(?:from the air|desde el aire|aus der luft|vue? du ciel|vista dall['’]alto|dall['’]alto|von oben)\b", re.I)
_AIR_WORDS: Final = frozenset("air aire luft ciel alto oben".split())


def _from_the_air(toks: tuple[str, ...], text: str) -> bool:
    """A view from the air said as a phrase (the regex only where one of its words is a token)."""
    return not _AIR_WORDS.isdisjoint(toks) and _FROM_THE_AIR.search(text) is not None


# Drawings heading a text: "Dibujos de los niños en el pasillo", "Drawings by the pupils" show the
# drawings, not who made them (a drawn picture is capped below the line in `finish`).
_DRAWINGS: Final = frozenset("drawing drawings dibujo dibujos dessin dessins disegno disegni zeichnung zeichnungen "
                             "kinderzeichnung kinderzeichnungen".split())


def person_name(text: str) -> bool:
    """Does the text contain a person's name: a capitalised given name followed by a capitalised
    word ("Anna Müller", "Jean-Luc Mélenchon"), or an honorific and a capitalised word ("Dr. Wu")?"""
    if not text or len(text) > 600:
        text = text[:600] if text else ""
    if text.lower() == text:
        return False  # no capital letter: no name (the regex pass below is the costly part)
    if ", " in text and _credential_after_name(text):
        return True  # "Jordan Ellis, PA-C", "Anjali Patel, MD"
    return _names_in(text)


# Punctuation no name runs across (a comma, a colon, guillemets, brackets, a bar, a bullet, a dash):
# "Ristorante «La Franca»Dedicato alla…" (two elements' texts glued together), "Trattoria da
# Gino, Bologna". `_names_in` reads them as tokens of their own, which no rule pairs with a word.
_NAME_BREAKS: Final = r"|[,;:!?«»()\[\]|•·—–]|\s-\s"  # (not quotes: Dwayne "The Rock" Johnson)
_WORD_OR_BREAK: Final = re.compile(_WORD.pattern + _NAME_BREAKS)
_WORD_OR_BREAK_ASCII: Final = re.compile(_WORD_ASCII.pattern + _NAME_BREAKS)


def _names_place(before: str, before_article: str, two_before: str, places: frozenset[str]) -> bool:
    """Do the words before a given name make it a place's or a car's name: a place word, or a
    place word and an article ("villa giulia", "trattoria da gino")? `before` and `two_before`
    as places are read, `before_article` as articles are."""
    return before in places or (before_article in _ARTICLES and two_before in places)


def _after_place(words: list[str], i: int) -> bool:
    """`_names_place` in text, where a place word counts only capitalised: "Villa Giulia",
    "Trattoria da Gino", "Café Sophie"; not "second place Lewis Hamilton" or "photo via Anna
    Rossi"."""
    if i == 0:
        return False
    before = words[i - 1]
    return _names_place(_place_form(before), before.lower(), _place_form(words[i - 2]) if i >= 2 else "", _NAMED_PLACES)


def _place_form(word: str) -> str:
    """A capitalised word folded for the place list ("Café" -> "cafe"); "" for any other."""
    return W._fold(word.rstrip(".")) if _capitalised(word) else ""


def _is_surname(text: str, token: str) -> bool:
    """Is every occurrence of `token` (a folded lexicon hit, perhaps by its stem) in `text` a
    capitalised word right after a capitalised given name: a surname?"""
    seen = False
    prev: re.Match[str] | None = None
    for m in _WORD.finditer(text):
        word = m.group()
        folded = W._fold(word.rstrip("."))
        if folded == token or W.stem(folded) == token:
            before = prev.group() if prev is not None else ""
            if not (prev is not None and _capitalised(word) and _capitalised(before)
                    and not text[prev.end() : m.start()].strip() and W._fold(before) in W.TEXT_GIVEN_NAMES):
                return False  # (a space between: "Brigitte-Newsletter" is the magazine's newsletter)
            seen = True
        prev = m
    return seen


def _names_in(text: str) -> bool:
    """`person_name`'s word rules (a break token is never capitalised: no pair spans it)."""
    words: list[str] = (_WORD_OR_BREAK_ASCII if text.isascii() else _WORD_OR_BREAK).findall(text)  # typed: native str ops in mypyc
    for i in range(len(words) - 1):
        w, nxt = words[i], words[i + 1]
        if nxt.lower() in _AND and i + 2 < len(words) and _capitalised(w) and _capitalised(words[i + 2]):
            if W._fold(w) in W.TEXT_GIVEN_NAMES and W._fold(words[i + 2]) in W.TEXT_GIVEN_NAMES:
                return True  # "Pauline et Julien", "Anna und Florian"
        if not _capitalised(nxt):
            continue
        if not nxt.isupper() and ((len(w) >= 4 and w.lower() in _TITLES) or w in _UNDOTTED_HONORIFICS):
            following = W._fold(nxt.rstrip("."))
            if following not in W.NOT_A_SURNAME and following not in W.PRODUCT_NOUNS \
                    and following.removesuffix("'s").removesuffix("’s") not in _HONORIFIC_BRANDS:
                # "la signora Rina", "Frau Keller", "Monsieur Hulot" (not "Monsieur Cuisine"), and
                # British style without a dot: "Cllr Farida Hussain", "Dr Patel" (not "Dr Pepper")
                return True
        if _capitalised(w):
            first = W._fold(w.rstrip("."))
            head = first.split("-")[0]
            initial = len(nxt) == 2 and nxt.endswith(".")
            if w.endswith(".") and first in W.HONORIFICS and W._fold(nxt.rstrip(".")) not in _HONORIFIC_BRANDS:
                return True
            if initial or not nxt.isupper():
                surname = W._fold(nxt.rstrip("."))
                if surname in W.PRODUCT_NOUNS:
                    continue  # a shop names its products after people: "Emma Linen Trouser", "Anna Sofa"
                if _after_place(words, i):
                    continue
                if first in W.GIVEN_NAMES or head in W.GIVEN_NAMES:
                    return True  # (a thing word can be a surname: Thomas Vogel, Barbara Castle)
                # a name of the longer packaged list must be followed by no thing ("Summer Sale")
                # and be no acronym ("LIBOR Rate")
                if (first in W.PACKAGED_GIVEN_NAMES or head in W.PACKAGED_GIVEN_NAMES) \
                        and surname not in W.NOT_A_SURNAME and not (len(w) > 1 and w.isupper()):
                    return True
    return False


def _credential_after_name(text: str) -> bool:
    """Two capitalised words and a professional credential: "Jordan Ellis, PA-C". After "MD",
    which is also Maryland ("Silver Spring, MD"), the first word must be a given name."""
    for n, tail in enumerate(_CREDENTIAL_TAIL.finditer(text)):
        if n >= 4:
            break
        name = _TWO_CAPITALISED_WORDS.search(text, max(0, tail.start() - 80), tail.start())
        if name is None:
            given = _ONE_CAPITALISED_WORD.search(text, max(0, tail.start() - 40), tail.start())
            if tail.group(1)[0] != "M" and given is not None and W._fold(given.group(1)) in W.TEXT_GIVEN_NAMES:
                return True  # a first-name team page: "Jasmine, RDH" (not "Florence, MD": Maryland)
            continue
        if tail.group(1)[0] != "M" or W._fold(name.group(1)) in W.TEXT_GIVEN_NAMES:
            return True
    return False


# Folders of a site's own graphics: its theme, icons and flags, a forum's rank badges and
# smilies, a shop's brand marks (`images/marchi/`).
_GRAPHICS_DIRS: Final = frozenset(
    "ranks smilies smileys emoticons emojis icons icon sprites flags buttons badges marchi marken marcas marques "
    "logos logo screenshots sponsors sponsoren crests escudos wappen stemmi blasons".split())
# Of those, the folders of interface graphics alone: none of ~800 labelled references in them
# showed a person (an icon folder of a media cache, a theme's or a screenshot folder can).
_INTERFACE_DIRS: Final = _GRAPHICS_DIRS - frozenset({"icons", "icon", "screenshots"})
# Aspect-ratio renditions at the end of a file name (news CMSs: `_1x1`, `-16x9`).
_ASPECT_SUFFIX: Final = re.compile(r"[-_.](?:1x1|16x9|9x16|4x3|3x4|3x2|2x3|4x5|5x4|21x9)$", re.I)
# Hosts of a platform's own interface graphics (badges, icons, default pictures), never of
# what its users upload.
_ASSET_HOSTS: Final = frozenset({"github.githubassets.com", "abs.twimg.com", "static.licdn.com", "static.xx.fbcdn.net",
                                 "www.gstatic.com", "ssl.gstatic.com", "fonts.gstatic.com", "static.tacdn.com",
                                 # status badges drawn from a repository's data (`/github/contributors/x`)
                                 "img.shields.io", "badgen.net", "badge.fury.io", "codecov.io", "coveralls.io"})
# Ad servers: what they serve is an advertisement, whoever is in it.
_AD_HOSTS: Final = ("googlesyndication.com", "doubleclick.net", "googleadservices.com", "adnxs.com")
# Web counters and audience measurement: what they serve is a beacon or a counter badge, whatever
# its alt text says ("free web counter", "visitor stats"). Germany's IVW/INFOnline, France's
# AT Internet (xiti), Poland's Gemius, Russia's counters, and the global ones.
_COUNTER_HOSTS: Final = ("statcounter.com", "google-analytics.com", "scorecardresearch.com", "quantserve.com",
                         "pixel.wp.com", "stats.wp.com", "bat.bing.com", "ioam.de", "ivwbox.de", "xiti.com",
                         "gemius.pl", "mc.yandex.ru", "counter.yadro.ru", "top-fwz1.mail.ru", "hitwebcounter.com",
                         "free-counter.com", "freecounterstat.com", "histats.com", "sitemeter.com", "clustrmaps.com",
                         "flagcounter.com", "px.ads.linkedin.com", "ct.pinterest.com", "analytics.twitter.com")


def _within(host: str, domains: tuple[str, ...]) -> bool:
    return host.endswith(domains) and any(under_domain(host, d) for d in domains)  # (endswith: one C call for most hosts)


_DEFAULT_PORTRAIT: Final = re.compile(r"[?&]img_id=0(?:&|$)")
# A theme's folder holds its graphics when an asset folder follows (`/wp-content/themes/x/img/`,
# `/skins/main/images/`); `/fr/themes/societe/` is a section of articles.
_THEME_DIRS: Final = frozenset("themes theme skins skin templates template layout layouts".split())
_ASSET_DIRS: Final = frozenset("img imgs images image assets static dist build css gfx graphics pics layout".split())
_SEGMENT_TAIL: Final = re.compile(r"[-_.]")


def _outside_theme_name(dirs: str, hit: str) -> str | None:
    """`hit` unless its only folder is the name of a WordPress/Drupal theme (`/themes/abogados/`):
    a theme called after a law firm's lawyers holds its backgrounds, not their photos."""
    segs = dirs.lower().split("/")
    for i, seg in enumerate(segs):
        if seg in ("themes", "theme") and i + 1 < len(segs):
            rest = "/".join(segs[:i + 1] + segs[i + 2 :])
            return hit if hit in W.tokens(rest) else None  # (`_hit` returns the token itself)
    return hit


def _graphics_folder(dirs: str) -> str | None:
    """A whole folder of the path (or the last word of one: `site_icons`) that holds a site's own
    graphics; "theme-park-visitors" and "skin-care" are topics, not folders of graphics."""
    segs = dirs.lower().split("/")
    for i, seg in enumerate(segs):
        if seg in _THEME_DIRS:
            if (i and segs[i - 1] == "wp-content") or any(s in _ASSET_DIRS for s in segs[i + 1 :]):
                return seg
            continue
        if seg in _GRAPHICS_DIRS:
            return seg
        if "_" in seg or "-" in seg or "." in seg:
            tail = _SEGMENT_TAIL.split(_RENDITION_SIZE.sub("", seg))[-1]  # (LinkedIn's `company-logo_100_100`)
            if tail in _GRAPHICS_DIRS:
                return tail
    return None


# A folder's rendition size after its name: `company-logo_100_100`, `logos-200x200`.
_RENDITION_SIZE: Final = re.compile(r"[-_](?:\d+[-_]\d+|\d+x\d+)$")


# Things people receive: beside a named person ("Graham Norton and Cathy Kelly at the Irish Book
# Awards") they describe the event in the photo, not a badge.
_HONOURS: Final = frozenset("award awards trophy trophies certificate certificates medal medals prize prizes".split())
_NAMED_EXCEPTIONS: Final = _HONOURS | W.SOCIAL_NETWORKS
# Gravatar's hash of an empty e-mail address: no account, so the site's default picture.
_EMPTY_MD5: Final = "d41d8cd98f00b204e9800998ecf8427e"
_EMPTY_SHA256: Final = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# Gravatar's generated defaults (a pattern, a monster, a face of pixels) for an address without one.
_GENERATED_DEFAULT: Final = re.compile(r"[?&](?:d|default)=(?:identicon|monsterid|wavatar|retro|robohash)(?:&|$)", re.I)
_FORCED_DEFAULT: Final = re.compile(r"[?&](?:f|forcedefault)=(?:y|yes|1|true)(?:&|$)", re.I)
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
    if path.endswith(_PROXY_ENDPOINTS):
        inner = _proxied(url)
        if inner is not None:  # (then read as any other: a proxied Storyblok rendition is cut too)
            host, path = host_path(inner if "//" in inner or inner[:1] == "/" else "/" + inner)
    if "." not in path[path.rfind("/") + 1 :]:
        return host, _file_path(path)
    return host, path


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


# Image-CDN transformations that crop around a detected face: imgix/Unsplash `crop=faces` and
# `fit=facearea`, Cloudinary `g_face`/`g_faces`, ImageKit `fo-face`, `gravity=face`. Not the
# "faces if there are any" defaults sites apply to every image (`crop=faces,entropy`, `g_auto:faces`).
_FACE_CROP: Final = re.compile(
    r"[?&](?:fit=facearea|crop=faces?(?=[&#]|$))|[/,]g_faces?(?![a-z_:])|[,:=]fo-face(?![a-z])|[?&]gravity=faces?(?![a-z])")
# Generated avatars: initials, identicons, robots and cartoon faces.
_DRAWN_AVATAR_HOSTS: Final = frozenset({"ui-avatars.com", "api.dicebear.com", "avatars.dicebear.com", "robohash.org",
                                         "avatar.vercel.sh", "source.boringavatars.com",
                                         "avatars.discourse-cdn.com"})  # Discourse's letter avatars
# Placeholder words that name a wrapper's layout rather than a missing picture (`generic-card`).
_WRAPPER_WORDS: Final = frozenset({"placeholder", "placeholders", "generic", "generico", "generique", "generica", "dummy"})
# Further up, on an article or a page, "no image" says it has no cover picture (Ghost's `article page
# no-image`), not that the pictures inside it are none (a card's `card--no-image` still says so of its own).
_FAR_WRAPPER_WORDS: Final = _WRAPPER_WORDS | frozenset({"no-image", "noimage", "no-img"})
_GRAPHIC_FORMATS: Final = frozenset({"png", "gif", "svg"})
# Words of a badge graphic's file name: a forum rank, an award seal. Only in a graphics format
# and without a name: `premios-goya-penelope-cruz.jpg` is a photo, `rank-and-file.jpg` too.
_BADGE_WORDS: Final = frozenset("rank ranks rang premio premi premios prix preis auszeichnung siegel".split())
# Words of WordPress's gallery markup that describe the layout, not the picture.
_GALLERY_LAYOUT: Final = frozenset({"icon", "portrait", "landscape", "square"})
# Where a widget puts its icon (Avada's `fusion-person-icon-top`, `td-icon-right`, `avada-menu-icon-position-left`):
# a layout switch of the element, not an icon shown in it
_ICON_PLACES: Final = frozenset({"top", "left", "right", "bottom", "position", "start", "end", "before", "after"})


_VIDEO_STILL_PATHS: Final = ("/vi/", "/vi_webp/", "/an_webp/")


def _avatar_service(host: str, path: str) -> bool:
    """A picture from a service that holds only account pictures: GitHub, Slack, Discord and
    YouTube avatars, Google account photos (`lh3.googleusercontent.com/a/…`), Facebook's
    `graph.facebook.com/<id>/picture`."""
    if host[:2] == "lh" and host.endswith(".googleusercontent.com"):
        return path.startswith(("/a/", "/a-/"))
    prefixes = _AVATAR_HOSTS.get(host)
    if prefixes is None or not path.startswith(prefixes):
        return False
    return host != "graph.facebook.com" or path.rstrip("/").endswith("/picture")


_PLACEHOLDER_CAP: Final = -2.0  # logit: a score of 0.12
# Cue families of what a text beside the picture says (alt, title, caption, nearby text).
_TEXT_FAMILIES: Final = ("alt:", "title:", "caption:")
# People nouns that name something else in a file name (`player-spotify.png`: a music player).
# `CustomerService_Pop-Up-Email.png`: a service, not a customer.
_FILE_AMBIGUOUS_NOUNS: Final = frozenset({"player", "players", "customer", "customers", "client", "clients"})


def _short(toks: tuple[str, ...]) -> frozenset[str]:
    """A file name's words too short to be read as people nouns on their own (`dr`, `mr`, `pa`)."""
    return frozenset(t for t in toks if len(t) < 3)
# The medium of a painting, drawing or print, as museums and auction houses label their works.
_ARTWORK_MEDIUM: Final = re.compile(
    r"\b(?:huile|oil|öl|óleo|oleo|olio|acrylic|acrylique|acryl|acrílico|acrilico|tempera|tempéra|gouache|pastel|"
    r"encre|ink|tinta|inchiostro|tusche|crayon|pencil|bleistift|matita|lápiz|lapiz|fusain|charcoal|kohle|"
    r"carboncillo|carboncino)\s+(?:sur|on|auf|sobre|su)\s+(?:toile|canvas|leinwand|lienzo|tela|bois|wood|panel|board|"
    r"holz|tabla|tavola|panneau|carton|cardboard|karton|papier|paper|papel|carta|cuivre|copper|kupfer|cobre|rame)\b"
    r"|\b(?:aquarelle|watercolou?rs?|aquarell|acuarela|acquerello|lithograph(?:ie|y)?|lithografie|litograf[ií]a|"
    r"woodcut|holzschnitt|kupferstich|radierung|etching|eau-forte|xilograf[ií]a)\b", re.I)
# The word each of its matches starts with, as `tokens` folds it: a text without any is not
# searched (a regex without a literal prefix tries every position: ~6 µs a caption).
_MEDIUM_FIRST_WORDS: Final = frozenset(
    "huile oil ol oleo olio acrylic acrylique acryl acrilico tempera gouache pastel encre ink tinta inchiostro tusche "
    "crayon pencil bleistift matita lapiz fusain charcoal kohle carboncillo carboncino aquarelle watercolor "
    "watercolors watercolour watercolours aquarell acuarela acquerello lithograph lithographie lithography lithografie "
    "litografia woodcut holzschnitt kupferstich radierung etching eau xilografia".split())


def _names_a_medium(text: str, toks: tuple[str, ...]) -> bool:
    """A painting's, drawing's or print's medium ("Huile sur toile", "Aquarell"); `toks` are the
    text's tokens (of its first 400 characters: a longer text is searched whole)."""
    if len(text) <= 400 and _MEDIUM_FIRST_WORDS.isdisjoint(toks):
        return False
    return _ARTWORK_MEDIUM.search(text) is not None


# A capacity: "for 4 people", "bis zu 12 Personen", or a count of people ending a product's or
# a room's name ("Tente 4 personnes"); not "4 people at a table".
_HEADCOUNT: Final = (r"\d{1,3}(?:\s*(?:-|–|à|a|bis|to)\s*\d{1,3})?\s+(?:personnes|personen|people|persons|persone|"
                     r"personas|pers\.|gäste|guests|invités|ospiti|huéspedes|convives|couverts|posti|plazas|places)")
_CAPACITY: Final = re.compile(
    r"\b(?:pour|für|for|per|para|bis zu|jusqu['’]?à|up to|hasta|fino a|max\.?|maximum)\s+" + _HEADCOUNT
    + r"|\b" + _HEADCOUNT + r"[\s.!)]*$", re.I)


def echoes_a_camera_name(text: str) -> bool:
    """An alt text that is the camera's file name again (`IMG_2034`, as CMSs fill it in) describes
    nothing: the camera's name still counts."""
    return _DIGIT.search(text) is not None and _CAMERA_NAME.search(text) is not None  # (each has a digit)


# The names cameras and phones give their photos: Canon/Apple `IMG_2034`, Nikon/Sony `DSC_0187`
# and `DSC03421`, Fuji `DSCF…`, Canon's `_MG_…`, Panasonic/Olympus `P1010001`, Pixel `PXL_…`,
# GoPro, Samsung/Android `20240512_134455`, WhatsApp `IMG-20240512-WA0003`.
# A camera's own prefix of three capitals (Nikon and Canon let photographers set it: `JHP_3018`,
# `Q1A_8231`; 27 of 35 such labelled references showed people), not a year (`JHV_2025`), a
# drone's `DJI_0142`, a standard's badge (`ISO_9001`, `DIN_4102`) nor an article or a button.
# Also after words someone put before it (`maraude-hiver-DSC_4471`).
_CAMERA_NAME: Final = re.compile(
    r"(?:^|(?<=[-_ .]))(?:(?:img|dsc[fn]?|_?mg|pxl|gopr|sam)[-_ ]?\d{2,3}(?:[1-9]\d|0[1-9])(?![\dx])|p1\d{6}(?![\dx])"
    r"|(?:wp_|pxl_)?20\d{6}[-_]\d{6}|img-20\d{6}-wa\d+"
    r"|(?-i:(?!DJI|ISO|DIN|IEC|BSI|TUV|EAN|UPC|SKU|REF|ART|VAT|PDF|DOC|LOG|ICO|BTN|NEW|TOP|SCN|MAX|PRD|FIG)[A-Z][A-Z0-9]{2})"
    r"_(?!19|20)\d{2}(?:[1-9]\d|0[1-9])(?![\dx]))", re.I)
# (four or five digits, not a size: `img_1200x800`, `hero-img-1200` are widths, `IMG_1200` one in a hundred)
# A text that is only a web address names a site: its logo or badge.
_DOMAIN_ONLY: Final = re.compile(r"\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|eu|io|de|at|ch|fr|be|es|it|nl|uk|pt|pl|co|me|cat|eus|lu|li)/?\s*", re.I)


# File-name event words (`Evidence._file`): alone an event weighs as a people noun there does. Not
# those that name a room, a thing or a theme's demo as often: "Empfang" (a practice's reception
# desk), a summit, `demo-slider-1`, a prom dress, an apéritif, a podium for hire, `workshop-tools`.
_FILE_EVENT_SKIP: Final = frozenset("empfang summit demo prom bal baile ballo apero aperitivo aperitif aperitivos "
                                    "podium podio workshop".split())
_FILE_EVENT_WEIGHT: Final = 1.8
# A portrait word or a person's file word in a file name (`headshot`, `portrait`): more than a people
# noun there (1.8), which `finish` tells apart by it.
_FILE_PORTRAIT_WEIGHT: Final = 2.4
_FILE_MODEL_WEIGHT: Final = 3.2
# After an event word, a room, a thing or a template: `conference-room`, `concert-hall`, `keynote-slide`.
_EVENT_PLACES: Final = frozenset("room rooms hall halls stage dress slide slides template templates tools table tables "
                                 "venue".split())


# The ends of German compounds naming a building or a place (`Stadtkirche`, `Marktplatz`, `Turnhalle`,
# `Festsaal`, `Hauptstrasse`); not -haus or -garten, the ends of surnames too (Feldhaus, Baumgarten).
_GERMAN_PLACE_ENDS: Final = ("kirche", "platz", "halle", "saal", "strasse", "brucke", "gebaude")


def _german_place(ftoks: tuple[str, ...]) -> str | None:
    """A file name's German compound naming a building or a place (`_GERMAN_PLACE_ENDS`)."""
    for t in ftoks:
        if len(t) >= 8 and t.endswith(_GERMAN_PLACE_ENDS):
            return t
    return None


# A shop's photo of its goods worn or used by a model (`blusa-lino-crudo-modelo`, `tee_sand_front_model`,
# `abito-lino-salvia-modella-fronte`, `rucksack-getragen-allgaeu`, a blog's `trench-coat-outfit-spring`):
# not "mannequin" (a dress form as often), nor German "Modell" (a scale model, a dental one), nor a
# product's model (`tesla-model-3`, `model-x`).
# (the worn words `_WORN_BY` reads, but for those a file name means otherwise: "porte(s)" a door, "worn"
# worn-out, "lucido" shiny)
_MODEL_WORDS: Final = frozenset("model models modella modelle outfit outfits ootd".split()) | (
    W.WORN_ANY - frozenset("porte portes worn lucido lucida indossa llevados llevadas".split()))
# Spanish "modelo" is as often a design, a form or a template (`sofa-modelo-milano`, `modelo-303-iva`): a
# model only beside something worn; nor is an English model one beside a house, a railway or a plan.
_MODEL_IF_WORN: Final = frozenset("modelo modelos".split())
_WORN_GOODS: Final = frozenset(
    "dress dresses trouser trousers pants skirt skirts blouse blouses tshirt t-shirt tee sweater sweaters jumper "
    "cardigan cardigans coat scarf scarves hoodie bluse pullover kleid jupe robe manteau falda abrigo vestido vestidos "
    "abito gonna cappotto blusa blusas camicetta maglia felpa jersey camiseta camisetas chaqueta pantalon bikini "
    "banador gorro sombrero pendientes collar pulsera bolso mochila serum crema maquillaje".split())
_NOT_WORN: Final = frozenset("home homes house houses railroad railway train trains kit car cars canvas business plan "
                             "plane airplane aircraft ship boat scale rack kitchen cocina cocinas casa casas".split())


# A product's model: "Model 3", "model-x", "model3" (one digit or one letter after it; `Model-01` numbers a photo).
_PRODUCT_MODEL: Final = re.compile(r"(?i)(?<![a-z])(?:model(?![a-z])[-_ ]?(?:\d(?!\d)|[a-z](?![a-z]))|modelos?[-_ ]?\d)")


def _on_a_model(ftoks: tuple[str, ...], stemname: str) -> str | None:
    """"on-a-model" when a file name says its goods are worn by a model (`_MODEL_WORDS`)."""
    # (token tests first: this runs on every new file name, the pattern only on the few with a model word)
    if len(ftoks) < 2 or not _NOT_WORN.isdisjoint(ftoks):
        return None
    worn = not _MODEL_WORDS.isdisjoint(ftoks) or (
        not _MODEL_IF_WORN.isdisjoint(ftoks) and any(_garment(t) or t in _WORN_GOODS for t in ftoks))
    return "on-a-model" if worn and _PRODUCT_MODEL.search(stemname) is None else None


def _file_event(ftoks: tuple[str, ...], first: Callable[..., str | None]) -> str | None:
    """A gathering or treatment only file names say (`FILE_EVENTS`), unless a thing follows it:
    `massage-chair-x200` is a chair, `torneo-trofeo-copa` a trophy (`festa-compleanni-salone` a party)."""
    event = first(W.FILE_EVENTS)
    if event is None or event not in ftoks:
        return event
    i = ftoks.index(event)
    return None if i + 1 < len(ftoks) and W.lex(ftoks[i + 1]) & _THING_BITS else event


def _gathering(ftoks: tuple[str, ...], event: str) -> bool:
    """Is the file name's event word (a token, or a pair `_pairs` joined) a gathering, not a room
    or a thing named after one?"""
    parts = event.split("-")
    if parts[0] not in ftoks:
        return True
    i = ftoks.index(parts[0])
    after = i + 1 if len(parts) == 1 else next((j + 1 for j in range(i + 1, min(i + 3, len(ftoks)))
                                                if ftoks[j] == parts[-1]), i + 2)
    return after >= len(ftoks) or ftoks[after] not in _EVENT_PLACES


class Evidence:
    """The cues gathered for one reference: family -> (log-odds, reason), strongest kept."""

    __slots__ = ("cues", "described")

    def __init__(self) -> None:
        self.cues: dict[str, tuple[float, str]] = {}
        # the element's own text (alt, title) says what the picture shows, person or not: a
        # camera's file name then tells nothing more (`file:camera` counts only without it)
        self.described = False

    def add(self, family: str, weight: float, reason: str) -> None:
        cur = self.cues.get(family)
        if cur is None or abs(weight) > abs(cur[0]):
            self.cues[family] = (weight, reason)

    def merge(self, other: Evidence) -> None:
        for fam, (w, r) in other.cues.items():
            self.add(fam, w, r)
        self.described = self.described or other.described

    def copy(self) -> Evidence:
        e = Evidence()
        e.cues = dict(self.cues)
        e.described = self.described
        return e

    def replay(self, cues: Cues) -> None:
        for fam, w, r in cues:
            self.add(fam, w, r)

    # -------------------------------------------------------------- text cues
    def text(self, text: str, where: str, scale: float = 1.0) -> None:
        """alt / title / caption text: portrait words, names, people nouns and verbs, or things."""
        if text:
            self.replay(text_cues(text[:600], where, scale))

    def classes(self, toks: tuple[str, ...], depth: int) -> None:
        """class/id tokens of the element (depth 0) or an ancestor (depth >= 1)."""
        if toks:
            self.replay(class_cues(toks, min(depth, 4)))

    def _text(self, text: str, where: str, scale: float = 1.0) -> None:
        if not text:
            return
        if "." in text and len(text) <= 60 and _DOMAIN_ONLY.fullmatch(text) is not None:
            # "matrimonio.com": a site's badge or logo (weaker than a logo word: a photographer
            # puts their own address on every photo)
            self.add(where + ":domain", -2.0 * scale, f"{where}:domain")
        bracketed = bracketed_name(text)
        if bracketed:
            self.add(where + ":name", 1.8 * scale, f"{where}:bracketed-name")
        text = strip_credits(text)
        toks = W.tokens(text)
        if not toks:
            return
        words = _pairs(toks)
        wm = _masks(words)
        tm = wm[: len(toks)]
        w = _hit(words, W.PORTRAIT, wm)
        if w:
            self.add(where + ":portrait", 4.0 * scale, f"{where}:{w}")
        named = person_name(text)
        if named:
            self.add(where + ":name", 2.6 * scale, f"{where}:person-name")
        if not named and not w and _body_part_first(toks) and not _someone_beside_hands(text, toks):
            # "Manos de los novios con las alianzas", "Hands folding the dough": a close-up of hands
            # or feet, whoever they are (only a named person's or a face word keeps the person)
            self.add("hands", -4.0 * scale, f"{where}:hands")
        if not named and _from_behind(toks):
            self.add("backview", -4.0 * scale, f"{where}:from-behind")  # nobody named: nobody one could know
        noun = _hit(words, W.PERSON_NOUNS, wm) or _german_compound(toks)  # (pairs too: "brass section")
        if noun and len(words) > len(toks) and _thing_pair(noun, words[len(toks):], wm[len(toks):]):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "Crew Neck T-Shirt", "baby-foot": a thing
        if noun and (_names_a_place_or_model(text, noun) or _names_a_firm(toks, noun, "&" in text)):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "Kings Road", "Tesla Model 3", "Hahn & Sohn"
        if noun and _DIGIT.search(text) is not None and _CAPACITY.search(text) is not None:
            # "Bureau privé 4 personnes", "Zelt für 6 Personen": how many it holds, not who is there
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))
        if noun:
            if len(noun) <= 4 and _shouted(text, noun):
                noun = None  # "MAN TGL mit Anhänger": a brand or an acronym, not a man
            elif _shop_category(toks, noun) or _possessive(text, noun) or _agent(text, noun):
                self.add(where + ":noun", 1.2 * scale, f"{where}:{noun}")
            else:
                self.add(where + ":noun", 3.4 * scale, f"{where}:{noun}")
        verb = _hit(toks, W.PERSON_VERBS, tm)
        if verb is None and _on_stage(text, toks):
            verb = "on-stage"  # "The Gravel Saints on stage at the Roundhouse", "Annalisa sul palco"
        worn = not W.WORN_ANY.isdisjoint(toks)
        if verb is None and not W.WORN.isdisjoint(toks) and not W.PRODUCT_NOUNS.isdisjoint(toks):
            verb = next(t for t in toks if t in W.WORN)  # "Robe Anna portée": worn by someone
        if worn and W.DETAIL_WORDS.isdisjoint(toks) and _worn_by_someone(text, toks):
            # "Chemise en lin portée par Awa", "worn by Maya": a shop's model wearing it (not a
            # "detail of the cape worn by …")
            verb = "worn-by"
            self.add(where + ":verb", 3.4 * scale, f"{where}:worn-by")
        elif verb:
            self.add(where + ":verb", 2.0 * scale, f"{where}:{verb}")
        pron = next((t for t in toks if t in W.PRONOUNS), None)
        if pron and _agent(text, pron):
            pron = None  # "Photo by me": who took it
        if pron:
            self.add(where + ":pronoun", 1.8 * scale, f"{where}:{pron}")
        if not (w or named or pron) and (_aerial(toks, False) or _from_the_air(toks, text)):
            self.add("aerial", -2.6 * scale, f"{where}:aerial")  # "Aerial view of the crowd on the square"
        if not (verb or pron) and _names_a_medium(text, toks):
            # a museum's label, "Jeune femme au châle, vers 1860. Huile sur toile": a painting or a
            # print of someone, nobody's photograph (unless the text says who does something)
            self.add("drawn", -2.6, f"{where}:artwork")
        event = _hit(words, W.EVENT_WORDS, wm)
        if event and _DIGIT.search(text) is not None and _CAPACITY.search(text) is not None:
            event = None  # "Salle de cérémonie (120 places)": the room it is held in
        if toks[0] in _DRAWINGS:
            self.add("drawn", -2.6 * scale, f"{where}:drawings")  # "Dibujos de los niños": their drawings
        if event and not noun:
            self.add(where + ":event", 1.8 * scale, f"{where}:{event}")
        role = next((t for t in toks if t in W.ROLES), None) if where == "caption" else None
        if role and not named and sum(1 for x in text.split()[:8] if x[:1].isupper()) >= 2:
            self.add(where + ":name", 1.8 * scale, f"{where}:{role}")
        if len(toks) == 1 and toks[0] in W.GIVEN_NAMES and len(toks[0]) >= 4:
            self.add(where + ":name", 1.6 * scale, f"{where}:given-name")
        neg = _hit(words, W.NOT_PERSON, wm)
        if neg and named and (neg in W.SOCIAL_NETWORKS or (neg in _HONOURS and (len(toks) > 5 or verb or pron))):
            # a named person beside a network ("Anna Schmidt Facebook"), receiving an award or at an
            # awards night: only another counter-word ("… Facebook logo") still counts; a bare
            # "Grace Hopper Award" names the award
            neg = _hit(words, W.NOT_PERSON, wm, skip=_NAMED_EXCEPTIONS)
        if neg and named and W.lex_word(neg) == 0 and _is_surname(text, neg):
            # "Prof. Dr. Ulrike Brandes": a surname, not the thing its stem names ("brand"); a
            # lexicon word itself stays that thing ("Virginia Flag", "Mercedes Logo")
            neg = _hit(words, W.NOT_PERSON, wm, skip=frozenset({neg}))
        if neg:
            self.add(where + ":not", -3.0 * scale, f"{where}:{neg}")
        if not (noun or named or w or pron or verb or event):
            thing = _hit(toks, W.THINGS, tm)
            if thing:
                self.add(where + ":thing", -1.4 * scale, f"{where}:{thing}")
            elif where == "alt" and all(t in W.CREDIT_WORDS for t in toks):
                pass  # "Foto: dpa" says nothing
            elif where == "alt":
                # a description of the picture that mentions nobody ("The sun rises over an
                # oil field") outweighs a name or a camera's number in the file name; a short
                # alt ("Mandela", "Pope", a word in a language without a lexicon here) says
                # nothing either way (a caption says less: "Dani in the cable car" names someone
                # no lexicon knows)
                if len(toks) >= 4:
                    self.add("alt:plain", -0.8, "alt:no-person-cue")

    def _classes(self, toks: tuple[str, ...], depth: int) -> None:
        if not toks:
            return
        if "icon" in toks and "gallery" in toks and _adjacent(toks, "gallery", "icon"):
            # WordPress's gallery item wrapper, <dt class="gallery-icon portrait">: layout words
            toks = tuple(t for t in toks if t not in _GALLERY_LAYOUT)
        if depth >= 2 and "icon" in toks and any(toks[i] == "icon" and toks[i + 1] in _ICON_PLACES for i in range(len(toks) - 1)):
            # (a widget's wrapper: on the picture or its own box, `icon-left` is the icon itself)
            toks = tuple(t for i, t in enumerate(toks) if not (t == "icon" and i + 1 < len(toks) and toks[i + 1] in _ICON_PLACES))
        words = _pairs(toks)
        wm = _masks(words)
        decay = 1.0 if depth == 0 else (0.8 if depth <= 2 else 0.55)
        strong = _hit(words, W.STRONG_CONTAINERS, wm)
        if strong:
            self.add("class:person", 4.0 * decay, f"class:{strong}")
        else:
            w = _hit(words, W.PERSON_CONTAINERS, wm)
            if w:
                self.add("class:person", 2.4 * decay, f"class:{w}")
        if depth == 0 and ("circle" in toks or "circular" in toks or ("rounded" in toks and "full" in toks)):
            # cropped to a circle (`rounded-circle`, `img-circle`, Tailwind's `rounded-full`):
            # how sites show people's pictures, and sometimes a logo
            self.add("shape", 1.0, "class:round")
        # (on a wrapper, a bare "placeholder" is the lazy loader's box the real picture fills:
        # Etsy's `vertically-centered-placeholder`, Udemy's `placeholder-wrapper`; `no-image`,
        # `avatar-placeholder` still say there is no picture)
        far = depth >= 2 and ("article" in toks or "page" in toks)
        ph = _hit(words, W.PLACEHOLDER, wm,
                  skip=frozenset() if depth == 0 else _FAR_WRAPPER_WORDS if far else _WRAPPER_WORDS)
        if ph:
            self.add("placeholder", -6.0, f"class:{ph}")
        neg = _hit(words, W.NOT_PERSON, wm) if depth == 0 else _hit(words, W.NOT_PERSON_CONTAINERS, wm)
        if neg:
            strong_neg = neg.startswith("logo") or neg.endswith("logo") or neg in ("brand", "sprite", "icon", "icons")
            weight = -4.5 if strong_neg and depth <= 3 else (-3.2 if depth == 0 else -1.6 * decay)
            self.add("class:not", weight, f"class:{neg}")

    def url(self, url: str) -> None:
        """File name and path: `jane-doe-headshot.jpg`, `/avatars/`, `/logos/`, `.svg`, gravatar."""
        host, path = served_host_path(url)
        slash = path.rfind("/")
        name, dirs = path[slash + 1 :], path[:slash]
        gravatar = host.endswith("gravatar.com")
        if gravatar and path.startswith("/blavatar/"):
            self.add("file:not", -3.0, "url:blavatar")  # a WordPress blog's site icon, not a person's avatar
        elif gravatar and (_EMPTY_MD5 in path.lower() or _EMPTY_SHA256 in path.lower() or path in ("/avatar", "/avatar/")):
            # always the default picture: the hash of no address, or no hash at all (`/avatar/?d=wavatar`)
            self.add("placeholder:url", -6.0, "url:gravatar-without-email")
        elif gravatar and _FORCED_DEFAULT.search(url) is not None:
            self.add("placeholder:url", -6.0, "url:gravatar-forced-default")  # `f=y`: the default, whoever has an account
        elif gravatar and _GENERATED_DEFAULT.search(url) is not None:
            # the site draws a pattern or a monster for anyone without a Gravatar (`d=identicon`):
            # on the blind pages 18 of 72 such comment pictures were judged to show a person
            self.add("url:avatar", -3.6, "url:avatar-or-pattern")
        elif host[:2] == "lh" and path.startswith("/a/default-user") and host.endswith(".googleusercontent.com"):
            self.add("placeholder:url", -6.0, "url:default-avatar")  # a Google account without a photo: its initial
        elif gravatar or "/profile_images/" in path or _avatar_service(host, path):
            self.add("url:avatar", 4.0, "url:avatar")
        elif host in _DRAWN_AVATAR_HOSTS or "/letter_avatar" in path:
            self.add("placeholder:url", -6.0, "url:drawn-avatar")  # initials, robots, cartoons: no one's photo
        elif host in _ASSET_HOSTS:
            self.add("placeholder:url", -6.0, "url:site-assets")
        elif _within(host, _AD_HOSTS):
            self.add("file:not", -3.0, "url:ad-server")
        elif _within(host, _COUNTER_HOSTS):
            self.add("size", -8.0, "url:counter")
        elif "portrait" in path and _DEFAULT_PORTRAIT.search(url) is not None:
            self.add("placeholder:url", -6.0, "url:default-portrait")  # Liferay's `user_portrait?img_id=0`
        elif (host.endswith(".ytimg.com") or host == "img.youtube.com") and path.startswith(_VIDEO_STILL_PATHS):
            # a YouTube video's still (`/vi/<id>/hqdefault.jpg`): on the blind pages 30 of 40 showed
            # a presenter, a speaker or a vlogger; its file name is the rendition's, nothing more
            self.add("url:video-still", 1.8, "url:video-still")
        elif "/accounts/headers/" in path:
            self.add("file:not", -3.0, "url:profile-header")  # Mastodon's banner above a profile
        else:
            if len(name) <= 2 and name.isdigit() and dirs:
                # a rendition's index under the folder that names it (LinkedIn's
                # `…/company-logo_100_100/0`, `…/profile-displayphoto-shrink_200_200/0`)
                cut = dirs.rfind("/")
                name, dirs = dirs[cut + 1 :], dirs[:cut]
            self._path(name, dirs)
        if "face" in url and _FACE_CROP.search(url) is not None:  # (CDN parameters are lower case)
            self.add("url:face-crop", 3.0, "url:face-crop")  # the site asked its image CDN to crop on a face

    def _path(self, name: str, dirs: str) -> None:
        """File name and folders of a URL that is not an avatar service's."""
        dot = name.rfind(".")
        ext = name[dot + 1 :].lower() if dot > 0 else ""
        dir_cues = _dir_cues(_meaningful_dirs(dirs[-160:])) if dirs else ()
        stem = name[:dot] if dot > 0 else name
        file_cues = _file_cues(stem[:400])  # (tokens read no further; the cache keeps no longer keys)
        if ext in _GRAPHIC_FORMATS and any(c[2][5:] in _SIGNATURE_WORDS for c in file_cues):
            self.add("drawn", -2.6, "file:signature")
        if ext == "svg":
            # a vector drawing: none of ~7 000 labelled references was a person's photo as SVG
            # (one named after a person, `anna-mueller.svg`, may still be their portrait)
            self.add("drawn", -2.6, "file:.svg")
        elif ext in ("ico", "cur"):
            self.add("file:vector", -5.0, f"file:.{ext}")
        elif (ext == "png" or ext == "gif") and not any(
                c[0] in ("dir:person", "file:person", "file:name") for c in (*dir_cues, *file_cues)) \
                and not _named_cut_out(stem):
            # graphics formats: 14 % of PNG and none of 89 GIF references on 90 labelled real pages
            # showed a person, against 38 % of JPEGs (a person folder's PNGs, or a PNG named after
            # someone, are cut-out portraits)
            self.add("file:format", -1.0 if ext == "png" else -1.2, f"file:.{ext}")
        if "97" in stem and _ISBN.search(stem) is not None:
            self.add("file:not", -2.8, "file:isbn")  # a book cover
        if len(stem) == 3 and stem[0] in "0123" and stem[1:].lower() == "px":
            self.add("size", -6.0, "file:1px")  # `1px.gif`: a spacer (file-name tokens drop digits)
        elif stem[:1] in "srmb" and _SPIP_LOGO.fullmatch(stem):
            self.add("file:not", -2.8, "file:spip-site-logo")  # SPIP's site, section and keyword logos
        self.replay(file_cues)
        self.replay(dir_cues)
        # (the file cues, not `self.cues`: this runs recorded, where `self.cues` stays empty)
        stoks = W.tokens(stem[:400])
        if dirs and all(c[0] != "placeholder:url" for c in file_cues) \
                and not _AVATAR_FOLDER_WORDS.isdisjoint(W.tokens(dirs[-160:])):
            stock = _default_avatar(stoks, avatar_folder=True)  # `/profile/default_large.png`
            if stock:
                self.add("placeholder:url", -6.0, f"file:{stock}")
        if ext in _GRAPHIC_FORMATS and all(c[0] != "file:name" for c in file_cues):
            if dirs and not _AVATAR_WORDS.isdisjoint(stoks) and (
                    any(c[0] == "dir:graphics" for c in dir_cues)
                    or not _DEFAULTS_DIRS.isdisjoint(W.tokens(dirs[dirs.rfind("/") + 1 :]))):
                # an avatar graphic the theme ships (`/themes/x/images/avatar-administrateur.png`)
                # or one kept with the defaults (`/defaults/user_pic-50x50.png`): nobody's upload
                # (a theme's hard-coded JPEG, `/themes/acme/img/profile.jpg`, may be someone's photo)
                self.add("placeholder:url", -6.0, "file:stock-avatar")
            badge = next((t for t in stoks if t in _BADGE_WORDS), None)
            if badge:
                self.add("file:not", -2.8, f"file:{badge}")  # `rank_mod.png`, `premio-matrimonio-com-2024.png`

    def _file(self, stemname: str) -> None:
        if "x" in stemname or "X" in stemname:
            rendition = _ASPECT_SUFFIX.search(stemname)
            if rendition is not None and rendition.start() > 0:
                stemname = stemname[: rendition.start()]  # `rosa-marti-llopis_1x1`: a square rendition, no spacer
        if _DIGIT.search(stemname) is not None:  # (a camera's name and a hash have digits; most names none)
            if _CAMERA_NAME.search(stemname) is not None:
                # straight from a camera or a phone (`IMG_2034`, `DSC_0187`, `20240512_134455`): a
                # photograph, not a graphic. On the blind pages 465 of 565 such photos without an alt
                # text showed people (with one, 222 of 350: `Evidence.described` drops this cue then)
                self.add("file:camera", 1.7, "file:camera-name")
            stemname = _HEX_HASH.sub(" ", stemname)  # TYPO3's `csm_…_26ad59c80e`: no words ("ad", "dad") in a hash
        ftoks = W.tokens(stemname)
        if not ftoks:
            return
        if _aerial(ftoks, True):
            self.add("aerial", -2.6, "file:aerial")  # `BCM26-start-harbourside-drone.jpg`
        drawn = next((t for i, t in enumerate(ftoks) if t in _DRAWN_WORDS
                      and _SHARED_MEDIA_WORDS.isdisjoint(ftoks[max(0, i - 2):i])), None)
        if drawn:
            self.add("drawn", -2.6, f"file:{drawn}")  # `remote-team-clipart.png`: a drawing
        if _from_behind(ftoks) and not _names_a_person(ftoks):
            self.add("backview", -3.0, "file:from-behind")  # `jugendgruppe-eisangeln-von-hinten`
        words = _pairs(ftoks)
        masks = _masks(words)
        n = len(ftoks)

        def first(lexicon: frozenset[str], upto: int = len(words), skip: frozenset[str] = frozenset()) -> str | None:
            """`_hit` over the first `upto` words (the tokens without their pairs)."""
            if upto == len(words):
                return _hit(words, lexicon, masks, skip)
            return _hit(words[:upto], lexicon, masks[:upto], skip)

        hit = first(W.FILE_PERSON) or first(W.PORTRAIT)
        model = None if hit else _on_a_model(ftoks, stemname)
        if model:
            hit = model  # (outweighs a shop's product box: the file says the goods are worn)
            self.add("file:person", _FILE_MODEL_WEIGHT, f"file:{model}")
        elif hit:
            self.add("file:person", _FILE_PORTRAIT_WEIGHT, f"file:{hit}")
        elif _hands_in_file(ftoks):
            self.add("hands", -2.4, "file:hands")  # `grandads-hands.jpg`, `mani-tempera.jpg`: hands, not a face
        ph = first(W.PLACEHOLDER) or _spacer_name(ftoks) or _default_avatar(ftoks) or _letter_avatar(stemname, ftoks)
        if ph:
            self.add("placeholder:url", -6.0, f"file:{ph}")
        neg = first(W.NOT_PERSON) or first(W.FILE_NOT) or (ftoks[0] if ftoks[0] in _GRAPHIC_FIRST else None)
        if neg == "promo" and "promo" in ftoks[2:] and _names_a_person(ftoks[:ftoks.index("promo")]):
            neg = None  # `gemma-straw-promo-600x600.jpg`: an artist's press photo, no promotion's banner
        if neg in W.NETWORK_NAMES and (_names_a_person(ftoks) or (n >= 3 and ftoks[0] == "whatsapp" and ftoks[1] in _SHARED_MEDIA_WORDS)):
            # `anna-schmidt-instagram-261215.jpeg`: where a person's photo was posted; `WhatsApp
            # Image 2024-09-03 at 18.41.07.jpeg`: the name WhatsApp gives a photo sent through it
            # (`facebook-image.png` stays a logo). A share button's file name says
            # share/icon/logo/button, which still count
            neg = first(W.NOT_PERSON, skip=W.NETWORK_NAMES) or first(W.FILE_NOT)
        if neg:
            # a file named a logo is a logo (6 of ~850 labelled ones showed a person), whatever
            # its alt text says ("Vecinos por Villanueva")
            self.add("file:not", -4.5 if neg.startswith("logo") else -2.8, f"file:{neg}")
        elif not hit and n >= 2 and (_names_a_person(ftoks) or _credited(ftoks)):
            self.add("file:name", 2.0, "file:person-name")
        elif not hit and n == 1 and ftoks[0] in W.GIVEN_NAMES and len(ftoks[0]) >= 4:
            self.add("file:name", 1.2, "file:given-name")
        elif not hit and (noun := first(W.PERSON_NOUNS, n, skip=_FILE_AMBIGUOUS_NOUNS | _short(ftoks))
                          or _german_compound(ftoks, file_name=True)) is not None \
                and not _thing_pair(noun, words[n:], masks[n:]) and not _place_after(ftoks, noun) \
                and not _names_a_firm(ftoks, noun):  # (`plaza-mayor`, `kings-road`, `hofmann-soehne-grabmale`)
            # news stills: `boy-pilot-and-dad`, `missing-girls-parents`; a short word before the
            # noun (`Dr-Hofmann-Patientin`) hides nothing
            self.add("file:person", 1.8, f"file:{noun}")
        elif not hit and (event := first(W.EVENT_WORDS, skip=_FILE_EVENT_SKIP) or _file_event(ftoks, first)) is not None \
                and _gathering(ftoks, event):
            # `premiazione-ferraris`, `ceremonie-diplomes-2024`, `prima-seduta-consiglio`: a gathering
            # (177 of 224 labelled file names with an event word showed people; alone it weighs as a
            # people noun there does, just over the line)
            self.add("file:event", _FILE_EVENT_WEIGHT, f"file:{event}")
        elif not hit:
            thing = first(W.THINGS, n) or _german_place(ftoks)
            if thing:
                self.add("file:thing", -1.0, f"file:{thing}")

    def _dirs(self, dirs: str) -> None:
        dtoks = W.tokens(dirs)
        words = _pairs(dtoks)
        wm = _masks(words)
        dm = wm[: len(dtoks)]
        dhit = _hit(dtoks, W.FILE_PERSON, dm) or _hit(dtoks, W.PERSON_CONTAINERS, dm)
        if dhit and "/the" in dirs:
            dhit = _outside_theme_name(dirs, dhit)  # `/themes/abogados/images/`: the theme's name
        if dhit in W.OBITUARY_WORDS and not W.MEMORIAL_ASSETS.isdisjoint(dtoks):
            dhit = None  # a memorial site's candles, doves and flower shop, not its gallery
        if dhit:
            self.add("dir:person", 1.6, f"dir:{dhit}")
        dneg = _hit(words, W.NOT_PERSON, wm, skip=W.SOCIAL_NETWORKS)  # `/sb-instagram-feed-images/`: posts, not logos
        if dneg:
            self.add("dir:not", -0.8, f"dir:{dneg}")
        ph = _hit(words, W.PLACEHOLDER, wm)  # (with the pairs: `/default_avatars/`)
        if ph is None and any(t in W.INITIALS_WORDS and i and dtoks[i - 1] in _AVATAR_WORDS for i, t in enumerate(dtoks)):
            ph = "initials"  # `/avatars/initials/CL.png` (judge.me): letters drawn for reviewers without a photo
        if ph:
            self.add("placeholder:url", -4.0, f"dir:{ph}")
        graphics = _graphics_folder(dirs)
        if graphics and not dhit:
            # a site's own images: logos, icons, backgrounds, stock avatars; a forum's rank badges
            # say "Member" or "Moderator" in their alt text beside the poster's profile
            self.add("dir:graphics", -3.0 if graphics in _INTERFACE_DIRS else -1.4, f"dir:{graphics}")

    def size(self, width: str | None, height: str | None) -> None:
        """Width/height attributes: 1x1 tracking pixels and tiny icons are not photos."""
        w, h = _px(width), _px(height)
        if w is not None and h is not None:
            if w <= 3 and h <= 3:
                self.add("size", -8.0, "size:pixel")
            elif w <= 24 and h <= 24:
                self.add("size", -2.4, "size:icon")
            elif w >= 400 and w >= 3 * h > 0:
                # a banner's shape (a profile's cover, a hero strip, a leaderboard ad): 11 of 107
                # such labelled references showed a person, against a third of all references
                self.add("aspect", -1.0, "size:banner")
        elif (w is not None and w <= 3) or (h is not None and h <= 3):
            self.add("size", -6.0, "size:pixel")

    def finish(self, prior: float = PRIOR) -> tuple[float, list[str]]:
        cues = self.cues
        if "shape" in cues and "drawn" in cues:  # a round vector graphic is an icon, not a cropped photo
            cues = {f: c for f, c in cues.items() if f != "shape"}
        if self.described and "file:camera" in cues:
            cues = {f: c for f, c in cues.items() if f != "file:camera"}
        avatar = cues.get("url:avatar")
        if avatar is not None and avatar[0] < 0 and any(w > 0 and (f == "near" or f.startswith(_TEXT_FAMILIES))
                                                        for f, (w, _) in cues.items()):
            # a site-wide pattern default (`d=identicon`) says nothing against a text naming the person
            cues = {f: c for f, c in cues.items() if f != "url:avatar"}
        if "hands" in cues and (cues.get("file:person", (0.0, ""))[0] >= _FILE_PORTRAIT_WEIGHT
                                or any(f.endswith(":portrait") for f in cues)):
            # a portrait or a headshot named beside it: hands in the caption, the person in the picture
            cues = {f: c for f, c in cues.items() if f != "hands"}
        if cues.get("file:person", (0.0, ""))[1] == "file:on-a-model" and ("alt:thing" in cues or "caption:thing" in cues):
            # the garment the alt text names is what the model wears ("Abito in lino salvia"), not a sofa
            cues = {f: c for f, c in cues.items() if f not in ("alt:thing", "caption:thing") or _not_worn(c[1])}
        total = prior + sum(w for w, _ in cues.values())
        if "placeholder:url" in cues or ("drawn" in cues and "file:name" not in cues):
            # a default avatar, a silhouette or a drawing is nobody's photo, however much the author
            # box around it says "person" (`author-silhouette.svg`, `image_author/…/pixel.jpg`)
            total = min(total, _PLACEHOLDER_CAP)
        score = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
        ranked = sorted(cues.values(), key=lambda c: -abs(c[0]))
        reasons = [r for w, r in ranked if w > 0] + [r for w, r in ranked if w <= 0]
        if len(set(reasons)) < len(reasons):  # one word in two families ("illustration": drawn, not a person)
            reasons = list(dict.fromkeys(reasons))
        return score, reasons


class _Rec(Evidence):
    """Records the cues one analysis adds, so the result can be cached and replayed."""

    __slots__ = ("calls",)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, float, str]] = []

    def add(self, family: str, weight: float, reason: str) -> None:
        self.calls.append((family, weight, reason))

    def replay(self, cues: Cues) -> None:
        self.calls.extend(cues)


# A garment worn by someone named: "portée par Inès", "worn by Maya", "getragen von Lea".
_WORN_BY: Final = re.compile(r"\b(?i:portée?s?|worn|getragen|llevad[oa]s?|lucid[oa]s?|indossat[oaie])\s+"
                             r"(?i:par|by|von|por|da)\s+(@\w|[^\W\d_]+)")


def _worn_by_someone(text: str, toks: tuple[str, ...]) -> bool:
    """A garment "worn by" a given name, or anything "worn by" a handle: a model or a customer wearing it. Not a
    project "porté par Bordeaux Métropole" (led by), a roof "getragen von Stahlstützen" (carried
    by), a watch "worn by NASA astronauts"."""
    garment = any(_garment(t) or t in W.PRODUCT_NOUNS for t in toks)
    for m in _WORN_BY.finditer(text):
        who = m.group(1)
        if who[0] == "@" or (garment and _capitalised(who) and W._fold(who) in W.TEXT_GIVEN_NAMES):
            return True  # (a handle is a customer's own post: "Anna portée par @julie.lmnt")
    return False


# A path segment that is an image CDN's transformation list ("w_800,h_450,c_fill,
# d_placeholder.png") or a short id ("172AD", "v2", "c1") says nothing about the picture.
_NOT_A_DIRECTORY: Final = re.compile(r"[^/]*(?:,|%2[cC])[^/]*|[0-9]+[A-Za-z]{1,3}|[A-Za-z]{1,3}[0-9]+")


# A CMS's upload folder ("fileadmin/user_upload", "userfiles") holds every kind of image.
_UPLOAD_FOLDERS: Final = frozenset("user_upload user_uploads userfiles user-uploads user-content usercontent".split())


def _meaningful_dirs(dirs: str) -> str:
    if "," not in dirs and "%2" not in dirs and "user" not in dirs and not any(c.isdigit() for c in dirs):
        return dirs
    kept: list[str] = []
    for seg in dirs.split("/"):
        # only a segment with a digit, a comma or an escape can be an id or a transformation list
        if (seg.isalpha() or not _NOT_A_DIRECTORY.fullmatch(seg)) and seg.lower() not in _UPLOAD_FOLDERS:
            kept.append(seg)
    return "/".join(kept)


_DIGIT: Final = re.compile(r"\d")
# A hexadecimal hash or id in a file name (`csm_Chor_2025_001_26ad59c80e`, `5f3a9c1d`): letters a-f
# and digits, both, eight or more, between separators.
_HEX_HASH: Final = re.compile(r"(?<![^\W_])(?=[a-fA-F]*\d)(?=\d*[a-fA-F])[0-9a-fA-F]{8,}(?![^\W_])")


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


def _px(value: str | None) -> int | None:
    if not value:
        return None
    v = value.strip().lower().removesuffix("px")
    return int(v) if v.isdigit() and len(v) < 7 else None


def is_square_small(width: str | None, height: str | None) -> bool:
    """Avatar-sized (24..200 px, roughly square): in a comment or author box that is a face."""
    w, h = _px(width), _px(height)
    return w is not None and h is not None and 24 <= w <= 200 and 24 <= h <= 200 and abs(w - h) <= max(w, h) * 0.25
