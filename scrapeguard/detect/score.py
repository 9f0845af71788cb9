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

from scrapeguard.detect import context_words as W
from scrapeguard.detect.credits import MAKER_WORDS, bracketed_name, made_by, strip_credits
from scrapeguard.detect.names import (CARICATURES, an_honorific_brand, call_sign_removed, credentialed, is_surname,
                                      name_and_age, named_cut_out, names_a_person, person_name, public_figure,
                                      quoted_speaker)
from scrapeguard.detect.phrases import (
    WORN_GOODS,
    a_pair_of_things,
    aerial,
    from_the_air,
    garment,
    in_the_other_language,
    italian_ad,
    names_a_firm,
    names_a_medium,
    names_a_place_or_model,
    names_the_maker,
    not_worn,
    on_stage,
    possessive,
    shop_category,
    shouted,
    street_after,
    worn_by_someone,
)
from scrapeguard.detect.served import (
    AD_HOSTS,
    ASSET_HOSTS,
    COUNTER_HOSTS,
    DRAWN_AVATAR_HOSTS,
    INTERFACE_DIRS,
    SIZE_TAIL,
    avatar_service,
    graphics_folder,
    host_within,
    meaningful_dirs,
    meta_host,
    outside_theme_name,
    served_host_path,
)

PRIOR: Final = -1.6  # most images on a page are not photos of people
_NOT_QUITE: Final = -0.01  # a total just under the threshold's
THRESHOLD: Final = 0.5


def _adjacent(toks: tuple[str, ...], first: str, second: str) -> bool:
    return any(toks[i] == first and toks[i + 1] == second for i in range(len(toks) - 1))


# What an event has, named after it ("christening gown", "concert hall", "graduation cap"), beside `W.THINGS`.
_EVENT_THINGS: Final = frozenset(
    "hall halls gown gowns cap caps font venue venues invitation invitations card cards ticket tickets programme "
    "program menu outfit outfits favors favours decor decoration decorations deko kerze poster posters location "
    "flyer flyers".split())


def _an_events_thing(toks: tuple[str, ...], event: str) -> bool:
    """Is each mention of the event word followed by a thing of it (a gown, a hall, a room), nobody at it?"""
    last = event.rsplit("-", 1)[-1]
    at = [i for i, t in enumerate(toks) if t == last]
    return bool(at) and all(i + 1 < len(toks) and (toks[i + 1] in _EVENT_THINGS or (
        toks[i + 1] in W.THINGS and toks[i + 1] not in _HOUSES)) for i in at)


# (houses name brands and venues, "Défilé Maison Valère": a show, and people at it)
_HOUSES: Final = frozenset({"maison", "casa", "haus", "house", "villa"})


def _gallery_image_layout(toks: tuple[str, ...]) -> bool:
    """A gallery image's class followed by how it is cut (`et_pb_gallery_image portrait`), not a portrait
    gallery's (`portrait-gallery-image`)."""
    for i in range(len(toks) - 2):
        if toks[i] == "gallery" and toks[i + 1] == "image":
            return any(t in _GALLERY_LAYOUT for t in toks[i + 2 :])
    return False


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


def _given_name_first(text: str, toks: tuple[str, ...]) -> bool:
    """Does a capitalised given name head the text, followed by where its bearer is or with whom
    (`_NAME_THEN_WHERE`), by what they are doing ("Marta dando la vuelta a la tortilla", "Luca
    impastando il pane", "Sam flipping the pancakes") or by what they do (`_DOES_AFTER_A_NAME`: "Elisa
    racconta la cucina", "Giulia assaggia il mosto")?"""
    return (len(toks) >= 3 and toks[0] in W.GIVEN_NAMES and toks[0] not in W.GIVEN_NAMES_ALSO_THINGS
            and len(toks[0]) >= 3 and text[:1].isupper()
            and ((toks[1] in _NAME_THEN_WHERE and not (toks[1] == "a" and _NAME_THEN_COMMA.match(text))
                  and (toks[1] != "an" or toks[2] in _GERMAN_ARTICLES))
                 or toks[1] in _DOES_AFTER_A_NAME or toks[1] in W.PERSON_VERBS or _gerund(toks[1], toks[2])))


# German "an" where its bearer is ("Ana an der Nähmaschine"), not the English article ("Emma, an elegant wingback
# chair")
_GERMAN_ARTICLES: Final = frozenset("der dem den die das einem einer".split())
# A name then a comma: "a" after it is the English article, "Emma, a classic wingback chair", not the folded French
# "à" of "Sandrine à l'accueil", Italian and Spanish "a" of "Marco a cavallo", "Lucía a la salida" (review)
_NAME_THEN_COMMA: Final = re.compile(r"\s*\S+\s*,")


# What someone does, in the third person, right after their given name: only there a person's act
# ("Elisa mostra la cucina"), as elsewhere the word may name a thing ("la mostra": an exhibition).
# (Not the words that are a thing's size or shape after a name too: "Bianca, taglia M", "Marta corta".)
_DOES_AFTER_A_NAME: Final = frozenset(
    "shows explains tastes prepares serves welcomes works kicks pours checks opens presents teaches "
    "zeigt erklart probiert bereitet serviert empfangt arbeitet offnet prasentiert "
    "montre explique goute prepare sert accueille travaille ouvre enseigne "
    "muestra explica prueba prepara sirve recibe trabaja abre presenta ensena "
    "racconta mostra spiega assaggia prepara accoglie lavora apre presenta insegna".split())


_NOT_GERUNDS: Final = frozenset("stupendo tremendo orrendo reverendo dividendo".split())
# English nouns in -ing that are no verb's form, a thing's name after a name-like word ("Misty morning over the vines",
# "Ruby ring in gold"; not "building", "painting", "icing": "Tom building a sandcastle" is Tom doing it)
_ING_NOUNS: Final = frozenset(
    "morning evening wedding ceiling clothing thing spring string king ring wing pudding awning".split())
# What follows an English verb's -ing form, not a noun's ("Emma Wedding Dress", "Rosa Building Supplies").
_AFTER_GERUND: Final = frozenset("the a an her his their its some up out off down into through over".split())


def _gerund(word: str, after: str) -> bool:
    """A Spanish or Italian gerund ("dando", "impastando", "haciendo", "leyendo"), or an English
    -ing form followed by its object or particle ("flipping the")."""
    if (len(word) >= 5 and word.endswith(("ando", "iendo", "yendo"))) or (
            len(word) >= 7 and word.endswith("endo") and word not in _NOT_GERUNDS):
        return True  # (not "vendo", "prendo": I sell, I take; nor "stupendo")
    return len(word) >= 5 and word.endswith("ing") and after in _AFTER_GERUND and word not in _ING_NOUNS


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


def _pronoun(toks: tuple[str, ...]) -> str | None:
    """A text's first pronoun; not Danish and Norwegian "her er" ("Se læsernes billeder: Her er Danmarks
    sjoveste nummerplader": here are), a news site's teaser of things."""
    for i, t in enumerate(toks):
        if t in W.PRONOUNS and not (t == "her" and i + 1 < len(toks) and toks[i + 1] == "er"):
            return t
    return None


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
               and (i == 0 or toks[i - 1] != "inch") for i in range(len(toks))) and not names_a_person(toks)


_NOT_PERSON_BIT: Final = W.BIT_OF[id(W.NOT_PERSON)]
_THING_BITS: Final = _NOT_PERSON_BIT | W.BIT_OF[id(W.THINGS)]


def _thing_pair(noun: str, pairs: list[str], masks: list[int]) -> bool:
    """Is the people noun half of a thing's or a place's name here (`crew-neck`, `baby-foot`,
    `plaza-mayor`)? `masks`: the pairs' lexicon bitmasks."""
    start, end = noun + "-", "-" + noun
    return any(m & _THING_BITS and (p.startswith(start) or p.endswith(end)) for p, m in zip(pairs, masks))


_PAIR_GAP: Final = r"[\s_/\-‐‑–'’‘\"“”«»()\[\]]*"


def in_a_things_name(noun: str, toks: tuple[str, ...], text: str) -> bool:
    """Is each occurrence of the people noun half of a thing's name written as one, its words side
    by side or joined by a little word ("crew neck", "Martin pescatore sul Sile", "plaza-mayor",
    "bouquet de mariée"; not "Martin, pescatore di Chioggia", nor the first mayor of "Mayor unveils
    the lights in Plaza Mayor")? `toks`: the text's tokens."""
    at = [i for i, t in enumerate(toks) if t == noun]
    if not at:
        return False
    folded = ""
    for i in at:
        joined = False
        for a, b, link in ((i - 1, i, False), (i, i + 1, False), (i - 2, i, True), (i, i + 2, True)):
            if a < 0 or b >= len(toks) or (link and toks[a + 1] not in W.PAIR_LINKS):
                continue
            if W.LOOKUP.get(toks[a] + "-" + toks[b], 0) & _THING_BITS:
                folded = folded or W._fold(text)
                # (nothing between them but spaces, dashes, underscores, quotes or brackets, or the case
                # of a camel, `MerinoCrew`, `calle_mayor`, "Plaza 'Mayor'"; no comma: "Martin,
                # pescatore di Chioggia")
                middle = _PAIR_GAP + (re.escape(toks[a + 1]) + _PAIR_GAP if link else "")
                if re.search(re.escape(toks[a]) + middle + re.escape(toks[b]), folded) is not None:
                    joined = True
                    break
        if not joined:
            return False
    return True


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


_WITH: Final = frozenset({"mit", "with", "avec", "con"})
_THEIR: Final = frozenset("ihren ihrem ihrer ihre seinen seinem seiner seine their his her leurs leur ses son sa "
                          "sus su loro suoi sue".split())


def _held_by_them(toks: tuple[str, ...], thing: str) -> bool:
    """Is `thing` said to be someone's, "with their …" ("mit ihren Urkunden", "avec leurs médailles",
    "con i loro diplomi"), within the four words before it?"""
    if thing not in toks:
        return False
    at = toks.index(thing)
    before = toks[max(0, at - 4) : at]
    return any(w in _WITH and not _THEIR.isdisjoint(before[i + 1 :]) for i, w in enumerate(before))


# A school's class by its year and letter ("Klasse 4b", "classe 5B", "Class 3C"): its pupils. (Not
# an amplifier's "Class AB" nor an energy label's "classe A4": the year comes first.) Or as an ordinal, "1ª B",
# "2.º A", beside a school's name.
_SCHOOL_CLASS: Final = re.compile(r"\b(?:klasse|classe|class|clase)\s*+[1-9][0-3]?\s?+[a-fA-F]\b"
                                  r"|\b[1-6]\.?[ªº]\s?+[a-fA-F]\b", re.I)  # (no "20º C": a school's years are few)
# ... heading the text ("Klasse 2b mit ihren Urkunden", "Die Klasse 9b beim Ausflug"), or beside a school's name
# ("mit der Klasse 3b der Grundschule Am Bach"): not a product's ("Laser Class 3B", "Bus der Klasse 2b": review)
_SCHOOL_CLASS_FIRST: Final = re.compile(r"\W*+(?:(?:die|der|la|the|el|le|i|les|las|los|unsere|our|notre|nostra|nuestra)"
                                        r"\s+)?(?:klasse|classe|class|clase)\s*+[1-9][0-3]?\s?+[a-fA-F]\b", re.I)
_SCHOOL_WORDS: Final = frozenset("schule grundschule gymnasium realschule gesamtschule scuola primaria secondaria "
                                 "ecole college lycee school colegio instituto escuela liceo schuler schueler alunni "
                                 "eleves alumnos pupils".split())


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


# File-name words of clip art rather than photographs (`remote-team-illustration.png`): of 30
# labelled file names saying "illustration", one showed a person, a "photo-illustration" — after
# "photo" (the French press's "photo d'illustration", a stock photo) the word is no drawing; nor is a caricature or a
# watercolour of someone (`caricatura-dario-mele.png`, `ritratto_galli_acquerello.png`). (Not "dessine", the verb,
# nor "illustrated", as in Sports Illustrated; not "drawing" or "Zeichnung": `zeichenkurs-kinder-zeichnung`, a class.)
_DRAWN_WORDS: Final = frozenset("bitmoji bitmojis memoji memojis animoji clipart cliparts illustrato illustrata "
                                "illustriert ilustrado ilustrada dessinee disegnato disegnata dibujado dibujada "
                                "illustration illustrations ilustracion ilustraciones illustrazione illustrazioni "
                                "aquarell aquarelle acquerello acquerelli watercolour watercolours watercolor "
                                "watercolors acuarela acuarelas croquis skizze skizzen boceto bocetos schizzo schizzi "
                                "sketchbook sketchbooks".split()) | CARICATURES
# Kin whose words are also brands', products' and places' ("Tio Pepe", "Onkel Bens", "Tante Emma Laden", "cousin
# bed linen"): people only after a possessive ("Meine Tante im Garten", "Mi tío en la playa", "mio cugino",
# "ma cousine"; English kin and Nichte, Neffe are people words of their own)
_KIN: Final = frozenset("tante tanten onkel oncle oncles cousin cousins cousine cousines tio tios tia tias zio zii zia "
                        "zie cugino cugina cugini cugine neveu neveux".split())
_POSSESSIVES: Final = _THEIR | frozenset("my our mein meine meinen meinem meiner unser unsere unserem unseren "
                                         "unserer ihr sein mon ma mes notre nos mi mis tu tus nuestro nuestra "
                                         "nuestros nuestras mio mia miei mie tuo tua nostro nostra nostri nostre "
                                         "suo sua".split())


def _kin_of_someone(toks: tuple[str, ...]) -> str | None:
    """A kin word after a possessive (`_KIN`), or None."""
    if _KIN.isdisjoint(toks):
        return None
    return next((t for i, t in enumerate(toks) if t in _KIN and i and toks[i - 1] in _POSSESSIVES), None)


# A painting of someone, not the person ("Selbstbildnis mit Pfeife", "Bildnis Frau K., 1911",
# "affresco di Giotto"): words only a painting is called by (not "painting", also what people do).
_PAINTINGS: Final = frozenset("gemalde gemaelde olgemalde bildnis bildnisse selbstbildnis affresco affreschi fresque "
                              "fresques fresko fresken".split())
# A monument to someone, not the person (`clara-zetkin-denkmal.jpg`, "Wagner-Denkmal von Stephan Balkenhol",
# "Bronze statue of coach Sorensen"): a name beside one of these names whom it shows, in stone or bronze ...
_MONUMENTS: Final = frozenset("denkmal denkmals statue statues standbild reiterstandbild buste bueste busten monument "
                              "monumento monumenti estatua estatuas statua gedenkstein gedenktafel skulptur sculpture "
                              "sculptures escultura scultura busto busti".split())
# ... unless someone stands beside it ("in front of the statue", "am Denkmal", "devant la statue"): there in person
_BESIDE: Final = frozenset("front before beside next near at by am vor neben beim bei vorm devant pres cote delante "
                           "junto frente ante davanti accanto presso sotto under unter sous bajo".split())
# GitLab's avatars of a project or a group, Discourse's of its `system` account: logos (`Evidence._dirs`)
_SYSTEM_AVATARS: Final = re.compile(r"/-/system/(?:project|group)/avatar/|/user_avatar/[^/]+/system/")
# File-name words of a backdrop (`cta-volunteer-bg-reeds.jpg`, `fondo-rosa-textura.jpg`): a picture set
# behind a page's text, whatever else its name says (2 of 177 labelled ones showed people). A mark weighing
# nothing: it keeps a CSS background's weight against a person (`Evidence.finish`), as any background's.
_BACKDROP_WORDS: Final = frozenset("bg background backgrounds backdrop hintergrund sfondo fondo texture textur textura "
                                   "texturas".split())
# A scanned signature (`unterschrift_vehlow.png`) is a drawn name. Only as a graphic: a JPEG named
# "signature" is a signing ceremony's photo or a photographer's "signature session".
_SIGNATURE_WORDS: Final = frozenset("signature signatures unterschrift unterschriften signatur".split())

_EVENT_BIT: Final = W.BIT_OF[id(W.EVENT_WORDS)]
_PERSON_NOUN_BIT: Final = W.BIT_OF[id(W.PERSON_NOUNS)]
# "Default" in the five languages: a default may say whose it is (`avatar-journalistes-defaut.jpg`),
# where "male", "standard" or "unknown" beside a people noun may be a stock photo of one
_DEFAULT_WORDS: Final = frozenset({"default", "defaults", "defaut", "defecto", "predeterminado", "predefinito"})
_PEOPLE_BITS: Final = _PERSON_NOUN_BIT | W.BIT_OF[id(W.PERSON_CONTAINERS)]
# A lookbook's box (its class), whose garment words (the thing families' cues) are what a model wears.
_LOOKBOOKS: Final = frozenset({"class:lookbook", "class:lookbooks"})
_THING_FAMILIES: Final = frozenset({"alt:thing", "caption:thing", "title:thing", "file:thing"})
# An association's badge its members show (`nfda-member.png`, `deuvet-mitglied.png`, `federottica-socio.png`,
# `ada-member-badge.png`): 30 of 30 labelled graphics whose name ends so were badges or logos, none a person.
_MEMBERSHIP_WORDS: Final = frozenset("member mitglied membre miembro socio socia".split())
_BADGE_TAIL: Final = frozenset("badge logo seal siegel sello".split())


def _membership_badge(stem: str) -> bool:
    """An organisation's name then a membership word; not a team's member (`team-member-1.png`,
    `board-member.png`) nor a named one (`giulia-bianchi-socia.png`)."""
    toks = W.tokens(stem)
    while toks and (toks[-1] in _BADGE_TAIL or toks[-1] in W.SIZE_WORDS or SIZE_TAIL.fullmatch(toks[-1])):
        toks = toks[:-1]
    return (len(toks) >= 2 and toks[-1] in _MEMBERSHIP_WORDS and not W.lex(toks[-2]) & _PEOPLE_BITS
            and not names_a_person(toks[:-1]))


def _membership_badge_text(text: str) -> bool:
    """A badge's own words ("BACD member", "NFDA Member", "Junebug Weddings member"): an organisation's
    name, spelled as one (an acronym or capitalised words), then a membership word; not "New member"
    nor "Avatar du membre" (a portrait word is read first)."""
    before = text.split()[:-1]
    return _membership_badge(text) and (
        any(len(w) >= 2 and w.isupper() for w in before) or sum(1 for w in before if w[:1].isupper()) >= 2)


# A book's ISBN-13 as a file name (`9782072985310-200x300.jpg`): its cover, a product.
_ISBN: Final = re.compile(r"(?<!\d)97[89]\d{10}(?!\d)")


def _default_avatar(toks: tuple[str, ...], avatar_folder: bool = False) -> str | None:
    """A site's stock avatar: `avatar_male_m.png`, `user-default-sm.gif`, or `default_large.png`
    in an avatar or profile folder (`avatar_folder`); a default may say whose it is
    (`avatar-journalistes-defaut.jpg`)."""
    hit = next((t for t in toks if t in W.DEFAULT_AVATAR_WORDS or t in W.INITIALS_WORDS
                or t in W.GENDER_AVATAR_WORDS), None)
    if hit is None or not all(t in W.AVATAR_FILLERS or t in W.INITIALS_WORDS or SIZE_TAIL.fullmatch(t)
                              or (hit in W.INITIALS_WORDS and len(t) <= 3 and t.isalpha())
                              or (hit in _DEFAULT_WORDS and W.lex(t) & _PERSON_NOUN_BIT) for t in toks):
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
_PLAIN_COLOURS: Final = frozenset("grey gray grau gris grigio white weiss blanc bianco blanco".split())
_SPACER_FILLERS: Final = frozenset({"image", "img", "data", "bild", "pic", "gif", "dummy", "x"}) | _PLAIN_COLOURS


def _spacer_name(toks: tuple[str, ...]) -> str | None:
    """A file name made of spacer words only (`pixel.jpg`, `leer.gif`,
    `lazyload-transparent-image-data.gif`): a placeholder. One ordinary word among them
    (`pixel-artist-anna-schmidt.gif`) and it is not."""
    spacer = next((t for t in toks if t in W.FILE_NOT), None)
    if spacer is None or not all(t in W.FILE_NOT or t in _SPACER_FILLERS for t in toks):
        return None
    return spacer


# Drawings heading a text: "Dibujos de los niños en el pasillo", "Drawings by the pupils" show the
# drawings, not who made them (a drawn picture is capped below the line in `finish`).
_DRAWINGS: Final = frozenset("drawing drawings dibujo dibujos dessin dessins disegno disegni zeichnung zeichnungen "
                             "kinderzeichnung kinderzeichnungen".split())

# Words of a drawing and of its making: a name and an age beside them are the young artist's.
_MAKER_TOKENS: Final = frozenset(W.tokens(" ".join(MAKER_WORDS)))
_DRAWN_BY: Final = _DRAWINGS | _DRAWN_WORDS | _MAKER_TOKENS | frozenset(
    "malwettbewerb malwettbewerbs gewinnerbild".split())
# A given name heading a caption, then where the person is or what with: "Lucía en el Mirador de
# Ordiales", "Dani in the cable car", "Walter beim Frühschoppen"; not a name that is also a place,
# a make, a plant or a thing there (`context_words.GIVEN_NAMES_ALSO_THINGS`: "Florence at night").
_NAME_THEN_WHERE: Final = frozenset(
    "in at on with during beside bei beim im am auf mit wahrend vor neben en con durante junto delante "
    "au aux avec pendant devant sur dans chez a al alla allo nel nella sul sulla col davanti accanto "
    "outside inside behind an tra fra".split())  # (folded, as `tokens`)
# What follows a given name heading an alt text that then speaks of its bearer, not of a thing named
# after them ("Ruth and Ollie at the door", "Sandrine à l'accueil", "James before and after"; not
# "Emma ring, 18k gold", "Sophie la girafe", "Alma de Cuba"): `page_context.alt_names_its_file`.
AFTER_A_HEADING_NAME: Final = _NAME_THEN_WHERE | frozenset("and et y e und u a before after".split())
# Aspect-ratio renditions at the end of a file name (news CMSs: `_1x1`, `-16x9`).
_ASPECT_SUFFIX: Final = re.compile(r"[-_.](?:1x1|16x9|9x16|4x3|3x4|3x2|2x3|4x5|5x4|21x9)$", re.I)
# An orientation crop at the end of a file name, as Vox Media's image service names one
# (`….0_portrait_347.0.jpg`): how the picture is cut, not a portrait (`corporate-portrait-12.jpg` stays one).
_ORIENTATION_CROP: Final = re.compile(r"\.\d+_(?:portrait|landscape)_\d{2,4}\.\d+$", re.I)

_DEFAULT_PORTRAIT: Final = re.compile(r"[?&]img_id=0(?:&|$)")
_AVATAR_SELECTION: Final = re.compile(r"/avatar_selection(?:/|$)", re.I)
_NO_PORTRAIT_ID: Final = re.compile(r"[?&]img_id=(?:&|$)")  # (Liferay's, with no id at all: the same default)
# Facebook's names of an uploaded photo: three ids and its size letter (`_n`, `_o`), and the
# renditions WordPress makes of it when a site puts it in its media (`…_n-300x200.jpg`, `…_o-1.jpg`,
# an edited `…_o-e1501234567890.jpg`, a retina `…@2x.jpg`)
_FACEBOOK_UPLOAD: Final = re.compile(
    r"\d{5,}_\d{9,}_\d{9,}_[nobst](?:-e\d{10,13})?(?:-\d+x\d+|-\d{1,2}|-scaled)?(?:@\dx)?\.(?:jpe?g|png|webp)", re.I)

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

# Image-CDN transformations that crop around a detected face: imgix/Unsplash `crop=faces` and
# `fit=facearea`, Cloudinary `g_face`/`g_faces`, ImageKit `fo-face`, `gravity=face`. Not the
# "faces if there are any" defaults sites apply to every image (`crop=faces,entropy`, `g_auto:faces`).
_FACE_CROP: Final = re.compile(
    r"[?&](?:fit=facearea|crop=faces?(?=[&#]|$))|[/,]g_faces?(?![a-z_:])|[,:=]fo-face(?![a-z])|[?&]gravity=faces?(?![a-z])")
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

_PLACEHOLDER_CAP: Final = -2.0  # logit: a score of 0.12
# Cue families of what a text beside the picture says (alt, title, caption, nearby text).
_TEXT_FAMILIES: Final = ("alt:", "title:", "caption:")
# People nouns that name something else in a file name (`player-spotify.png`: a music player).
# `CustomerService_Pop-Up-Email.png`: a service, not a customer. A trade's name is how its own site names
# its files (`emergency-plumber-van.jpg`, W.TRADES).
_FILE_AMBIGUOUS_NOUNS: Final = frozenset({"player", "players", "customer", "customers", "client", "clients"}) | W.TRADES


def _short(toks: tuple[str, ...]) -> frozenset[str]:
    """A file name's words too short to be read as people nouns on their own (`dr`, `mr`, `pa`)."""
    return frozenset(t for t in toks if len(t) < 3)


# A capacity: "for 4 people", "bis zu 12 Personen", or a count of people ending a product's or
# a room's name ("Tente 4 personnes") or an item of its listing ("4–8 personas · desde 35 €/hora"); not "4 people
# at a table".
_HEADCOUNT: Final = (r"\d{1,3}(?:\s*(?:-|–|à|a|bis|to)\s*\d{1,3})?\s+(?:personnes|personen|people|persons|persone|"
                     r"personas|pers\.|gäste|guests|invités|ospiti|huéspedes|convives|couverts|posti|plazas|places)")
_CAPACITY: Final = re.compile(
    r"\b(?:pour|für|for|per|para|bis zu|jusqu['’]?à|up to|hasta|fino a|max\.?|maximum)\s+" + _HEADCOUNT
    + r"|\b" + _HEADCOUNT + r"[\s.!)]*$", re.I)
# An amount with its currency sign before or after it, or its name after it ("€35", "35 €", "35 euros", "35 CHF")
_PRICE: Final = r"(?:[€$£]\s*\d[\d.,]*|\d[\d.,]*\s*(?:[€$£]|(?i:euros?|eur|chf)\b))"
# A headcount in a listing of rooms or tables, then its price: "4–8 personas · desde 35 €/hora", "bis 12 Personen |
# ab 90 €" (not "Sommerfest 2024 · 200 Gäste · Fotos", "Famiglia Rossi · 5 persone · Estate 2023": who was there)
_LISTED_HEADCOUNT: Final = re.compile(
    r"\b(" + _HEADCOUNT + r")\s*[·•|;/,–—-]\s*"
    r"(?:(?:desde|ab|from|dès|à partir de|a partire da|starting at)\s*)?" + _PRICE, re.I)


def listed_headcount(text: str) -> str | None:
    """The person word of a room's or a table's headcount in a listing, before its price ("4–8 personas ·
    desde 35 €/hora": `personas`), or None: a capacity, not who is on the picture."""
    found = _LISTED_HEADCOUNT.search(text)
    words = W.tokens(found.group(1)) if found is not None else ()
    return words[-1] if words else None


# A rate counted by the head: "€45 per person", "spending per resident", "pro Kopf", "par habitant",
# "por niño": the person is the unit of a price or a statistic, not who is on the picture
# (German "pro" before a capitalised noun only: "pro member Anna" is a professional; Italian "per"
# is "for" too, so "per bambino", "per famiglia" name who something is for, not a rate)
_PER_HEAD: Final = re.compile(
    r"\b(?i:per|je|par|por)\s+(?i:person|persona|personne|head|capita|resident|habitant|habitante|abitante|adult|adulte|"
    r"adulto|child|enfant|niño|nino|guest|invité|invitado|participant|participante|employee|user|utilisateur|usuario|"
    r"student|patient|paciente|member|membre|miembro|household|family|famille|familia)\b"
    r"|\bpro\s+(?:Person|Kopf|Einwohner|Erwachsene[nr]?|Kind|Gast|Teilnehmer|Mitarbeiter|Nutzer|Mitglied|Haushalt|Familie)\b"
    # a price, then the head it is counted by: "35 € a persona", "€35 a persona", "35 €/persona", "$45 a person"
    r"|" + _PRICE + r"\s*(?:/\s*|(?i:a|la|each)\s+)"
    r"(?i:persona|person|personne|adulto|adult|bambino|child|ospite|guest|partecipante|participant)\b")


def only_a_rates_unit(text: str, noun: str) -> bool:
    """Whether the person noun is only ever the unit of a rate in the text ("Degustazione Classica, 35 € a
    persona", "Chart of spending per resident"): a price or a statistic, not who is on the picture ("A guest
    at the tasting menu, 95 euros per guest" keeps its guest)."""
    return _PER_HEAD.search(text) is not None and noun not in W.tokens(_PER_HEAD.sub(" ", text))


def echoes_a_camera_name(text: str) -> bool:
    """An alt text that is the camera's file name again (`IMG_2034`, as CMSs fill it in) describes
    nothing: the camera's name still counts."""
    return W.DIGIT.search(text) is not None and _CAMERA_NAME.search(text) is not None  # (each has a digit)


# The names cameras and phones give their photos: Canon/Apple `IMG_2034`, Nikon/Sony `DSC_0187`
# and `DSC03421`, Fuji `DSCF…`, Canon's `_MG_…`, Panasonic/Olympus `P1010001`, Pixel `PXL_…`,
# GoPro, Samsung/Android `20240512_134455` (a Pixel adds milliseconds; a CMS's stamp
# `20110823-08562017` has other lengths), WhatsApp `IMG-20240512-WA0003`.
# A camera's own prefix of three capitals (Nikon and Canon let photographers set it: `JHP_3018`,
# `Q1A_8231`; 27 of 35 such labelled references showed people), not a year (`JHV_2025`), a
# drone's `DJI_0142`, a standard's badge (`ISO_9001`, `DIN_4102`) nor an article or a button.
# Also after words someone put before it (`maraude-hiver-DSC_4471`).
_CAMERA_NAME: Final = re.compile(
    r"(?:^|(?<=[-_ .]))(?:(?:img|dsc[fn]?|_?mg|pxl|gopr|sam)[-_ ]?\d{2,3}(?:[1-9]\d|0[1-9])(?![\dx])|p1\d{6}(?![\dx])"
    r"|(?:wp_|pxl_)?20\d{6}[-_]\d{6}(?:\d{3})?(?!\d)|img-20\d{6}-wa\d+"
    r"|(?-i:(?!DJI|ISO|DIN|IEC|BSI|TUV|EAN|UPC|SKU|REF|ART|VAT|PDF|DOC|LOG|ICO|BTN|NEW|TOP|SCN|MAX|PRD|FIG)[A-Z][A-Z0-9]{2})"
    r"_(?!19|20)\d{2}(?:[1-9]\d|0[1-9])(?![\dx]))", re.I)
# (four or five digits, not a size: `img_1200x800`, `hero-img-1200` are widths, `IMG_1200` one in a hundred)
_CAMERA_FILE_NAME: Final = re.compile("(?:" + _CAMERA_NAME.pattern + r")(?:\.[a-z]{3,4})?", re.I)  # with its ending
# A gallery's prompt to open the full-size picture ("Zum Vergrößern klicken", "Clicca per ingrandire")
_ENLARGE_PROMPT: Final = re.compile(r"click|klick|clic|pulsa|enlarge|vergr[öo]|ingrandi|agrandi|amplia", re.I)


def _gallery_filler(text: str) -> bool:
    """An alt a gallery writes around the camera's file name: "Zum Vergrößern klicken
    IMG_8123.JPG", "Klicke um das Bild zu vergrößern: IMG_0412.JPG", or the name and a word or
    two. It describes nothing, so no "description that mentions nobody" (a real one beside the
    name, "Blick auf die Altstadt von oben DSC_0412.JPG", still is)."""
    return echoes_a_camera_name(text) and (_ENLARGE_PROMPT.search(text) is not None
                                           or len(W.tokens(_CAMERA_FILE_NAME.sub(" ", text))) < 4)


# A shop's desk for its customers named alone, as a link's or a button's label ("Customer
# Service", "Service client", "Atención al cliente", "Servizio clienti"): a department, no customer
# in the picture (a text that says more, "Customer Service Agent", "Service client : nos
# conseillers à votre écoute", keeps them)
_CUSTOMER_NOUNS: Final = frozenset({"customer", "customers", "client", "clients", "cliente", "clientes", "clienti",
                                    "kunde", "kunden"})
_DESK_WORDS: Final = frozenset({"service", "services", "support", "care", "center", "centre", "login", "area",
                                "portal", "account", "reviews", "review", "servicio", "servizio", "atencion",
                                "assistenza", "espace", "zona", "relation", "relations"})
_DESK_LINKS: Final = frozenset({"al", "au", "aux", "del", "ai", "a", "de", "du", "des", "our", "the", "google", "unser",
                                "notre", "nuestro", "nostro"})


def _a_customers_desk(toks: tuple[str, ...]) -> bool:
    """Is the text a department's name and nothing more ("Customer Service", "Atención al cliente";
    not "Customer Service Agent" nor "Customer Service Jane")?"""
    return any(t in _DESK_WORDS for t in toks) and all(
        t in _CUSTOMER_NOUNS or t in _DESK_WORDS or t in _DESK_LINKS for t in toks)


# A text that is only a web address names a site: its logo or badge.
_DOMAIN_ONLY: Final = re.compile(r"\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|eu|io|de|at|ch|fr|be|es|it|nl|uk|pt|pl|co|me|cat|eus|lu|li)/?\s*", re.I)

# File-name event words (`Evidence._file`): alone an event weighs as a people noun there does. Not
# those that name a room, a thing or a theme's demo as often: a summit, `demo-slider-1`, a prom
# dress, an apéritif, a podium for hire, `workshop-tools` ("Empfang", a practice's reception desk
# far more often than a reception, is a thing: `context_words.THINGS`).
_FILE_EVENT_SKIP: Final = frozenset("summit demo prom bal baile ballo apero aperitivo aperitif aperitivos "
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
# (the worn words `phrases.worn_by_someone` reads, but for those a file name means otherwise: "porte(s)" a door, "worn"
# worn-out, "lucido" shiny)
_MODEL_WORDS: Final = frozenset("model models modella modelle outfit outfits ootd".split()) | (
    W.WORN_ANY - frozenset("porte portes worn lucido lucida indossa llevados llevadas".split()))
# Spanish "modelo" is as often a design, a form or a template (`sofa-modelo-milano`, `modelo-303-iva`): a
# model only beside something worn; nor is an English model one beside a house, a railway or a plan.
_MODEL_IF_WORN: Final = frozenset("modelo modelos".split())
_NOT_WORN: Final = frozenset("home homes house houses railroad railway train trains kit car cars canvas business plan "
                             "plane airplane aircraft ship boat scale rack kitchen cocina cocinas casa casas "
                             "figure figures diagram simulation regression occupancy doll dolls poupee poupees puppe "
                             "puppen muneca munecas bambola bambole".split())  # (a doll's outfit: review)

# Still lifes ("nature morte", "natura morta", "bodegón", "Stillleben", "still life"): the words of
# each, one of which is enough in a file name beside a numbered look.
_STILL_LIFE: Final = frozenset("morte morta bodegon stillleben still".split())
# A look a lookbook numbers: `LOOK_01`, `look-07`, `look07` (not "first-look", "look-inside", "look-2024").
_NUMBERED_LOOK: Final = re.compile(r"(?i)(?<![a-z])look[-_ ]?\d{1,3}(?![\d])")
# A product's model: "Model 3", "model-x", "model3", "modelo A" (one digit or one letter after it; `Model-01` numbers
# a photo).
_PRODUCT_MODEL: Final = re.compile(
    r"(?i)(?<![a-z])(?:model(?![a-z])[-_ ]?(?:\d(?!\d)|[a-z](?![a-z]))|modelos?(?![a-z])[-_ ]?(?:\d|[a-z](?![a-z])))")


# The sections and folders of a shop's goods (`class:product`, `dir:products`): on a model, its goods show the model
_GOODS_SECTIONS: Final = frozenset("product products product-image product-gallery product-card product-grid shop "
                                   "store woocommerce produkt produkte produit produits producto productos prodotto "
                                   "prodotti".split())


def _on_a_model(ftoks: tuple[str, ...], stemname: str) -> str | None:
    """"on-a-model" when a file name says its goods are worn by a model (`_MODEL_WORDS`), or numbers
    a look (`LOOK_01_SS24`, `look-07-falaises`, `AR_SS26_look07_0142`: a lookbook's outfit on its model)."""
    # (token tests first: this runs on every new file name, the patterns only on the few with a model or look word)
    if not _NOT_WORN.isdisjoint(ftoks):
        return None
    if "look" in ftoks and _NUMBERED_LOOK.search(stemname) is not None:
        # (not the look's detail, flat lay or still life: `look-04-detalle-broche`, `LOOK_08_nature-morte`)
        shot = W.DETAIL_WORDS.isdisjoint(ftoks) and _STILL_LIFE.isdisjoint(ftoks) and not any(
            W.lex(t) & _NOT_PERSON_BIT for t in ftoks)
        return "on-a-model" if shot else None
    if len(ftoks) < 2:
        return None
    worn = not _MODEL_WORDS.isdisjoint(ftoks) or (
        not _MODEL_IF_WORN.isdisjoint(ftoks) and any(garment(t) or t in WORN_GOODS for t in ftoks))
    return "on-a-model" if worn and _PRODUCT_MODEL.search(stemname) is None else None


def _file_event(ftoks: tuple[str, ...], first: Callable[..., str | None]) -> str | None:
    """A gathering or treatment only file names say (`FILE_EVENTS`), unless a thing follows it or
    heads the name: `massage-chair-x200` is a chair, `torneo-trofeo-copa` a trophy,
    `statua-san-michele-festa` the saint's statue (`festa-compleanni-salone` a party)."""
    event = first(W.FILE_EVENTS)
    if event is None or event not in ftoks:
        return event
    i = ftoks.index(event)
    if i and W.lex(ftoks[0]) & _THING_BITS:
        return None
    return None if i + 1 < len(ftoks) and W.lex(ftoks[i + 1]) & _THING_BITS else event


# German gatherings are compounds: "Premierenfeier", "Mitgliederversammlung", "Fraktionssitzung",
# "Preisverleihung", "Abschlussaufführung", "Löschvorführung" (not a room or a thing named after
# one: "Sitzungssaal" ends otherwise; not "-ehrung", which ends Belehrung and Vermehrung, nor
# "-party", a decoration's as often).
_EVENT_ENDINGS: Final = ("feier", "feiern", "versammlung", "sitzung", "konferenz", "tagung", "verleihung", "einweihung",
                         "auffuhrung", "auffuehrung", "vorfuhrung", "vorfuehrung", "konzert", "konzerte", "turnier")
# ... and in file names, festivals: a gallery's `Sommerfest_2024_03`, `Nachbarschaftsfest_Hofgarten` (blind set
# `dl`); in an alt a festival is as often what a poster announces ("Sommerfest mit Anna Weber" on `Plakat_…`).
# "-fest" also ends an adjective for what stands up to something, a product's ("wasserfest", "kratzfest"), and
# "Manifest"
_FILE_EVENT_ENDINGS: Final = (*_EVENT_ENDINGS, "fest", "feste")
_PROOF: Final = ("wasserfest", "feuerfest", "kratzfest", "rutschfest", "bissfest", "reissfest", "kochfest",
                 "wetterfest", "frostfest", "formfest", "standfest", "trittfest", "manifest", "winterfest",
                 "schnittfest", "abriebfest", "bruchfest", "hitzefest", "saurefest", "farbfest", "waschfest",
                 "stossfest", "schlagfest", "kussfest", "wischfest", "druckfest", "zugfest", "lichtfest", "kaltefest",
                 "spulmaschinenfest", "backofenfest", "mikrowellenfest", "bugelfest", "ofenfest", "einbruchfest",
                 "sturmfest", "knitterfest", "sattelfest", "kugelfest", "reibfest", "witterungsfest", "gefrierfest",
                 "tiefkuhlfest", "laugenfest", "alkoholfest", "schweissfest", "spulfest", "kantenfest", "griffest")


def _umlauts_spelt_out(word: str) -> str:
    """`spuelmaschinenfest` as `spulmaschinenfest`: file names spell ü as ue, as folded words drop its dots."""
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


_PROOF_SPELT: Final = tuple({_umlauts_spelt_out(word) for word in _PROOF})


def _proof_adjective(word: str) -> bool:
    """Is a word ending in -fest or -feste one of `_PROOF` ("säurefeste", `saeurefeste`: inflected, spelt out)?"""
    stem = _umlauts_spelt_out(word[:-1] if word.endswith("feste") else word)
    return stem.endswith(_PROOF_SPELT)


def _german_event(toks: tuple[str, ...], endings: tuple[str, ...] = _EVENT_ENDINGS) -> str | None:
    """The first such compound that is the gathering itself, not what is made for it ("Torte für die
    Hochzeitsfeier", "Trauerfeier-Blumenschmuck": a thing follows or "für" comes before)."""
    for i, t in enumerate(toks):
        if len(t) >= 9 and t.endswith(endings) and not W.lex(t) & _THING_BITS and not _proof_adjective(t):
            if "fur" in toks[max(0, i - 2) : i] or (i + 1 < len(toks) and W.lex(toks[i + 1]) & _THING_BITS):
                continue
            return t
    return None


_PORTRAIT_LINKS: Final = frozenset("de di del du of von des".split())


def _animals_portrait(toks: tuple[str, ...], portrait: str) -> bool:
    """Is the portrait word right beside an animal's ("ritratto cane", "dog portrait", "portrait de
    chien"), not a person's with one ("Familienfoto mit Hund", `portrait-anna-hund`)?"""
    head = portrait.split("-", 1)[0]
    if head not in toks or W.ANIMALS.isdisjoint(toks):
        return False
    i = toks.index(head)
    near = [toks[j] for j in (i - 1, i + 1) if 0 <= j < len(toks)]
    if i + 2 < len(toks) and toks[i + 1] in _PORTRAIT_LINKS:
        near.append(toks[i + 2])
    return not W.ANIMALS.isdisjoint(near)


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
        written = text  # (a gallery's "Pulsa para ampliar la imagen IMG_4051.jpg" loses its file name as a credit)
        text = strip_credits(text)
        toks = W.tokens(text)
        if not toks:
            return
        words = _pairs(toks)
        wm = _masks(words)
        tm = wm[: len(toks)]
        w = _hit(words, W.PORTRAIT, wm)
        if w and _animals_portrait(toks, w):
            w = None  # "ritratto cane polpaccio", "Dog portrait session": an animal's
        if w:
            self.add(where + ":portrait", 4.0 * scale, f"{where}:{w}")
        named = person_name(text)
        if named:
            self.add(where + ":name", 2.6 * scale, f"{where}:person-name")
        elif public_figure(toks) is not None:
            named = True
            self.add(where + ":name", 2.6 * scale, f"{where}:public-figure")  # "Mandela", "Xi Jinping"
        elif ":" in text and quoted_speaker(text):
            named = True
            self.add(where + ":name", 2.6 * scale, f"{where}:quoted-speaker")  # "Frank Cuesta: ´Es jodido…´"
        elif W.DIGIT.search(text) is not None and _DRAWN_BY.isdisjoint(toks) and name_and_age(text):
            named = True  # "Yanis, 14 ans" (not "Disegno di Marta, 9 anni", "Gemalt von Lena, 8 Jahre": a child's drawing)
            self.add(where + ":name", 2.6 * scale, f"{where}:name-and-age")
        if not named and not w and _body_part_first(toks) and not _someone_beside_hands(text, toks):
            # "Manos de los novios con las alianzas", "Hands folding the dough": a close-up of hands
            # or feet, whoever they are (only a named person's or a face word keeps the person)
            self.add("hands", -4.0 * scale, f"{where}:hands")
        if not named and _from_behind(toks):
            self.add("backview", -4.0 * scale, f"{where}:from-behind")  # nobody named: nobody one could know
        noun = _hit(words, W.PERSON_NOUNS, wm) or _german_compound(toks) or _kin_of_someone(toks)  # (pairs too)
        if noun and len(words) > len(toks) and in_a_things_name(noun, toks, text):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "Crew Neck T-Shirt", "baby-foot": a thing
        if noun and noun in W.HONORIFICS and an_honorific_brand(toks, noun):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "Dr. Martens 1460 Stiefel"
        if noun and (names_a_place_or_model(text, noun) or names_a_firm(toks, noun, "&" in text)):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "Kings Road", "Tesla Model 3", "Hahn & Sohn"
        if noun and a_pair_of_things(toks, noun):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "a couple of tomatoes", "coppia di gemme"
        if noun and in_the_other_language(noun, text):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "Las plantillas son oro", "Je donne"
        if noun and noun in _CUSTOMER_NOUNS and len(toks) <= 4 and _a_customers_desk(toks):
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))  # "Customer Service", "Servizio clienti"
        if noun and only_a_rates_unit(text, noun):  # "Chart of spending per resident"
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))
        if noun in _MEMBERSHIP_WORDS and not (w or named) and _membership_badge_text(text):
            noun = None  # "BACD member" on the association's badge: what the badge says, nobody's picture
            self.add(where + ":not", -3.0 * scale, f"{where}:membership-badge")
        if noun and W.DIGIT.search(text) is not None and _CAPACITY.search(text) is not None:
            # "Bureau privé 4 personnes", "Zelt für 6 Personen": how many it holds, not who is there
            noun = _hit(toks, W.PERSON_NOUNS, tm, skip=frozenset({noun}))
        if noun is None and W.DIGIT.search(text) is not None and _DRAWN_BY.isdisjoint(toks) and (
                _SCHOOL_CLASS_FIRST.match(text) is not None
                or (not _SCHOOL_WORDS.isdisjoint(toks) and _SCHOOL_CLASS.search(text) is not None)):
            # "Klasse 2b mit ihren Urkunden", "Classe 5B – Scuola Primaria Manzoni": its pupils (not
            # "gemalt von der Klasse 4b": their drawing)
            noun = "school-class"
        if noun:
            if len(noun) <= 4 and shouted(text, noun):
                noun = None  # "MAN TGL mit Anhänger": a brand or an acronym, not a man
            elif shop_category(toks, noun) or possessive(text, noun) or names_the_maker(text, noun):
                self.add(where + ":noun", 1.2 * scale, f"{where}:{noun}")
            else:
                self.add(where + ":noun", 3.4 * scale, f"{where}:{noun}")
        verb = _hit(toks, W.PERSON_VERBS, tm)
        if verb is None and on_stage(text, toks):
            verb = "on-stage"  # "The Gravel Saints on stage at the Roundhouse", "Annalisa sul palco"
        worn = not W.WORN_ANY.isdisjoint(toks)
        if verb is None and not W.WORN.isdisjoint(toks) and not W.PRODUCT_NOUNS.isdisjoint(toks):
            verb = next(t for t in toks if t in W.WORN)  # "Robe Anna portée": worn by someone
        if worn and W.DETAIL_WORDS.isdisjoint(toks) and worn_by_someone(text, toks):
            # "Chemise en lin portée par Awa", "worn by Maya": a shop's model wearing it (not a
            # "detail of the cape worn by …")
            verb = "worn-by"
            self.add(where + ":verb", 3.4 * scale, f"{where}:worn-by")
        elif verb:
            self.add(where + ":verb", 2.0 * scale, f"{where}:{verb}")
        pron = _pronoun(toks)
        if pron and names_the_maker(text, pron):
            pron = None  # "Photo by me": who took it
        if pron:
            self.add(where + ":pronoun", 1.8 * scale, f"{where}:{pron}")
        if not (w or named or pron) and (aerial(toks, False) or from_the_air(toks, text)):
            self.add("aerial", -2.6 * scale, f"{where}:aerial")  # "Aerial view of the crowd on the square"
        at = next((i for i, t in enumerate(toks) if t in _MONUMENTS), -1) if named and not (verb or pron or w) else -1
        if at >= 0 and W.PERSON_NOUNS.isdisjoint(toks[:at]) and _BESIDE.isdisjoint(toks[max(0, at - 3) : at]):
            # "Clara-Zetkin-Denkmal im Johannapark", "Bronze statue of coach Sorensen": whom it shows, in bronze (not
            # "Mayor Jane Doe unveils the statue of …", "Jane Doe in front of the Statue of Liberty": someone is there)
            self.add("drawn", -2.6 * scale, f"{where}:{toks[at]}")
        if not (verb or pron) and names_a_medium(text, toks):
            # a museum's label, "Jeune femme au châle, vers 1860. Huile sur toile": a painting or a
            # print of someone, nobody's photograph (unless the text says who does something)
            self.add("drawn", -2.6, f"{where}:artwork")
        elif not (verb or pron or noun) and not _MAKER_TOKENS.isdisjoint(toks) and made_by(text):
            # "Il biglietto disegnato dalla zia Marta", "Plakat, gemalt von Tante Inge": who made it, not who it
            # shows (not "a horse-drawn carriage", "children with painted faces": no maker named)
            self.add("drawn", -2.6 * scale, f"{where}:made-by")
        elif not (verb or pron or noun) and (toks[0] in _PAINTINGS or not named) and not _PAINTINGS.isdisjoint(toks):
            # "Selbstbildnis mit Pfeife", "Bildnis des Kurfürsten Max Emanuel" (not "Anna Schmidt malt ihr
            # Selbstbildnis": a name before it may be the painter at work)
            self.add("drawn", -2.6 * scale, f"{where}:painting")
        event = _hit(words, W.EVENT_WORDS, wm) or _german_event(toks)
        if event and W.DIGIT.search(text) is not None and _CAPACITY.search(text) is not None:
            event = None  # "Salle de cérémonie (120 places)": the room it is held in
        if event and _an_events_thing(toks, event):
            event = None  # "Christening gown", "Concert hall at night", "Conference room with projector"
        if toks[0] in _DRAWINGS:
            self.add("drawn", -2.6 * scale, f"{where}:drawings")  # "Dibujos de los niños": their drawings
        if event and not noun:
            self.add(where + ":event", 1.8 * scale, f"{where}:{event}")
        role = next((t for t in toks if t in W.ROLES), None) if where == "caption" else None
        if role and not named and sum(1 for x in text.split()[:8] if x[:1].isupper()) >= 2:
            self.add(where + ":name", 1.8 * scale, f"{where}:{role}")
        if len(toks) == 1 and toks[0] in W.GIVEN_NAMES and len(toks[0]) >= 4 and toks[0] not in W.GIVEN_NAMES_ALSO_THINGS:
            self.add(where + ":name", 1.6 * scale, f"{where}:given-name")
        elif not (named or w or pron) and _given_name_first(text, toks):
            named = True
            self.add(where + ":name", 1.8 * scale, f"{where}:given-name")
        neg = _hit(words, W.NOT_PERSON, wm)
        if neg and named and (neg in W.SOCIAL_NETWORKS or (neg in _HONOURS and (len(toks) > 5 or verb or pron))):
            # a named person beside a network ("Anna Schmidt Facebook"), receiving an award or at an
            # awards night: only another counter-word ("… Facebook logo") still counts; a bare
            # "Grace Hopper Award" names the award
            neg = _hit(words, W.NOT_PERSON, wm, skip=_NAMED_EXCEPTIONS)
        if neg == "ad" and italian_ad(text):
            neg = _hit(words, W.NOT_PERSON, wm, skip=frozenset({"ad"}))  # "Vigili del fuoco al lavoro ad Argegno"
        if neg and (noun or named) and _held_by_them(toks, neg):
            # "Klasse 2b mit ihren Urkunden", "the winners with their medals": what the people hold
            neg = _hit(words, W.NOT_PERSON, wm, skip=frozenset({neg}))
        if neg and named and W.lex_word(neg) == 0 and is_surname(text, neg):
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
                if len(toks) >= 4 and not _gallery_filler(written):
                    self.add("alt:plain", -0.8, "alt:no-person-cue")

    def _classes(self, toks: tuple[str, ...], depth: int) -> None:
        if not toks:
            return
        if "gallery" in toks and (_adjacent(toks, "gallery", "icon") or _gallery_image_layout(toks)):
            # WordPress's gallery item wrapper, <dt class="gallery-icon portrait">, Divi's
            # `et_pb_gallery_image portrait`: layout words
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
        elif gravatar or "/profile_images/" in path or avatar_service(host, path):
            self.add("url:avatar", 4.0, "url:avatar")
        elif host in DRAWN_AVATAR_HOSTS or "/letter_avatar" in path:
            self.add("placeholder:url", -6.0, "url:drawn-avatar")  # initials, robots, cartoons: no one's photo
        elif host in ASSET_HOSTS:
            self.add("placeholder:url", -6.0, "url:site-assets")
        elif host_within(host, AD_HOSTS):
            self.add("file:not", -3.0, "url:ad-server")
        elif host_within(host, COUNTER_HOSTS):
            self.add("size", -8.0, "url:counter")
        elif "portrait" in path and (_DEFAULT_PORTRAIT.search(url) is not None
                                     or ("/image/user_" in path and _NO_PORTRAIT_ID.search(url) is not None)):
            self.add("placeholder:url", -6.0, "url:default-portrait")  # Liferay's `user_portrait?img_id=0`
        elif (host.endswith(".ytimg.com") or host == "img.youtube.com") and path.startswith(_VIDEO_STILL_PATHS):
            # a YouTube video's still (`/vi/<id>/hqdefault.jpg`): on the blind pages 30 of 40 showed
            # a presenter, a speaker or a vlogger; its file name is the rendition's, nothing more
            self.add("url:video-still", 1.8, "url:video-still")
        elif host == "substack.com" and path.startswith("/img/avatars/"):
            self.add("placeholder:url", -6.0, "url:colour-avatar")  # a reader without a photo: `/img/avatars/orange.png`
        elif "/accounts/headers/" in path:
            self.add("file:not", -3.0, "url:profile-header")  # Mastodon's banner above a profile
        else:
            if len(name) <= 2 and name.isdigit() and dirs:
                # a rendition's index under the folder that names it (LinkedIn's
                # `…/company-logo_100_100/0`, `…/profile-displayphoto-shrink_200_200/0`)
                cut = dirs.rfind("/")
                name, dirs = dirs[cut + 1 :], dirs[:cut]
            original = dirs[dirs.rfind("/") + 1 :]
            if "." in original and name.endswith(original) and len(original) < len(name):
                # a MediaWiki thumbnail (`/thumb/9/96/Lyra_retrato.png/200px-Lyra_retrato.png`): its folder is the
                # original's file name, which the rendition's repeats; read as a folder too, each of its words
                # counted twice (blind set `da`: a game wiki's drawn characters, `retrato` twice)
                dirs = dirs[: len(dirs) - len(original) - 1]
            self._path(name, dirs)
            if "_" in name and _FACEBOOK_UPLOAD.fullmatch(name) is not None and not meta_host(host):
                # a photo saved from Facebook and put on a site (`20287090_10154588415381898_…_o.jpg`):
                # someone's post, as a camera's name is someone's photo (on Meta's own CDN a page's
                # posts and avatars are as often its logo and its goods)
                self.add("file:camera", 1.7, "file:facebook-upload")
        if "face" in url and _FACE_CROP.search(url) is not None:  # (CDN parameters are lower case)
            self.add("url:face-crop", 3.0, "url:face-crop")  # the site asked its image CDN to crop on a face

    def _path(self, name: str, dirs: str) -> None:
        """File name and folders of a URL that is not an avatar service's."""
        dot = name.rfind(".")
        ext = name[dot + 1 :].lower() if dot > 0 else ""
        dir_cues = _dir_cues(meaningful_dirs(dirs[-160:])) if dirs else ()
        stem = name[:dot] if dot > 0 else name
        file_cues = _file_cues(stem[:400])  # (tokens read no further; the cache keeps no longer keys)
        if ext in _GRAPHIC_FORMATS and any(c[2][5:] in _SIGNATURE_WORDS for c in file_cues):
            self.add("drawn", -2.6, "file:signature")
        if ext in _GRAPHIC_FORMATS and _membership_badge(stem):
            self.add("file:not", -2.8, "file:membership-badge")  # `bsava-member.png`, `ivd-mitglied.png`
        if ext == "svg":
            # a vector drawing: none of ~7 000 labelled references was a person's photo as SVG
            # (one named after a person, `anna-mueller.svg`, may still be their portrait)
            self.add("drawn", -2.6, "file:.svg")
        elif ext in ("ico", "cur"):
            self.add("file:vector", -5.0, f"file:.{ext}")
        elif (ext == "png" or ext == "gif") and not any(
                c[0] in ("dir:person", "file:person", "file:name") for c in (*dir_cues, *file_cues)) \
                and not named_cut_out(stem):
            # graphics formats: 14 % of PNG and none of 89 GIF references on 90 labelled real pages
            # showed a person, against 38 % of JPEGs (a person folder's PNGs, or a PNG named after
            # someone, are cut-out portraits)
            self.add("file:format", -1.0 if ext == "png" else -1.2, f"file:.{ext}")
        if "97" in stem and _ISBN.search(stem) is not None:
            self.add("file:not", -2.8, "file:isbn")  # a book cover
        if len(stem) == 3 and stem[0] in "0123" and stem[1:].lower() == "px":
            self.add("size", -6.0, "file:1px")  # `1px.gif`: a spacer (file-name tokens drop digits)
        elif (ext == "gif" or ext == "png") and stem.lower() in _PLAIN_COLOURS:
            # `img/grey.gif`: a lazy loader's plain placeholder (jQuery Lazy Load's default) in
            # `src` until the photo in `data-original` replaces it
            self.add("placeholder:url", -6.0, "file:plain-colour")
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
        if "ortrait" in stemname or "andscape" in stemname:
            crop = _ORIENTATION_CROP.search(stemname)
            if crop is not None and crop.start() > 0:
                stemname = stemname[: crop.start()]
        if W.DIGIT.search(stemname) is not None:  # (a camera's name and a hash have digits; most names none)
            if _CAMERA_NAME.search(stemname) is not None:
                # straight from a camera or a phone (`IMG_2034`, `DSC_0187`, `20240512_134455`): a
                # photograph, not a graphic. On the blind pages 465 of 565 such photos without an alt
                # text showed people (with one, 222 of 350: `Evidence.described` drops this cue then)
                self.add("file:camera", 1.7, "file:camera-name")
            stemname = _HEX_HASH.sub(" ", stemname)  # TYPO3's `csm_…_26ad59c80e`: no words ("ad", "dad") in a hash
        ftoks = W.tokens(stemname)
        if not ftoks:
            return
        if aerial(ftoks, True):
            self.add("aerial", -2.6, "file:aerial")  # `BCM26-start-harbourside-drone.jpg`
        if not _BACKDROP_WORDS.isdisjoint(ftoks):
            self.add("backdrop", 0.0, "file:backdrop")
        drawn = next((t for i, t in enumerate(ftoks) if t in _DRAWN_WORDS
                      and _SHARED_MEDIA_WORDS.isdisjoint(ftoks[max(0, i - 2):i])), None)
        if drawn:
            self.add("drawn", -2.6, f"file:{drawn}")  # `remote-team-clipart.png`: a drawing
        if _from_behind(ftoks) and not names_a_person(ftoks):
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
        if hit and _animals_portrait(ftoks, hit):
            hit = None  # `ritratto-cane-polpaccio`, `dog-portrait-session`: an animal's
        if not hit and ("header" in ftoks or "headers" in ftoks) and not names_a_person(ftoks) \
                and first(W.PERSON_NOUNS) is None and _german_compound(ftoks) is None:
            # a page's or a profile's header strip (`header.1200x220.jpg`): 5 of 162 labelled file
            # names saying "header" showed a person
            self.add("file:header", -1.4, "file:header")
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
        if neg in _HONOURS and (at := ftoks.index(neg)) + 1 < n and W.lex(ftoks[at + 1]) & _EVENT_BIT:
            neg = first(W.NOT_PERSON, skip=frozenset({neg})) or first(W.FILE_NOT)  # `GTA_award_ceremony-7.jpg`: a ceremony
        if neg == "promo" and "promo" in ftoks[2:] and names_a_person(ftoks[:ftoks.index("promo")]):
            neg = None  # `gemma-straw-promo-600x600.jpg`: an artist's press photo, no promotion's banner
        if neg in W.NETWORK_NAMES and (names_a_person(ftoks) or (n >= 3 and ftoks[0] == "whatsapp" and ftoks[1] in _SHARED_MEDIA_WORDS)
                                       or (n >= 3 and first(W.PERSON_NOUNS, n, skip=_FILE_AMBIGUOUS_NOUNS | _short(ftoks)))):
            # `anna-schmidt-instagram-261215.jpeg`, `attrice-figlia-instagram.jpg`: where a person's
            # photo was posted; `WhatsApp Image 2024-09-03 at 18.41.07.jpeg`: the name WhatsApp gives
            # a photo sent through it (`facebook-image.png` stays a logo). A share button's file
            # name says share/icon/logo/button, which still count
            neg = first(W.NOT_PERSON, skip=W.NETWORK_NAMES) or first(W.FILE_NOT)
        if neg:
            # a file named a logo is a logo (6 of ~850 labelled ones showed a person), whatever
            # its alt text says ("Vecinos por Villanueva")
            self.add("file:not", -4.5 if neg.startswith("logo") else -2.8, f"file:{neg}")
        elif not hit and (monument := next((t for t in ftoks if t in _MONUMENTS), None)) is not None \
                and first(W.EVENT_WORDS) is None and _BESIDE.isdisjoint(ftoks):
            # (not `ceremonie-8-mai-monument.jpg`, `anna-schmidt-am-denkmal.jpg`: the people at one)
            self.add("drawn", -2.6, f"file:{monument}")  # `clara-zetkin-denkmal.jpg`: her monument
        elif not hit and n >= 2 and (names_a_person(ftoks) or credentialed(ftoks)) \
                and call_sign_removed(stemname) == stemname:  # (`Hubschrauber-Christoph14-Landung`: a helicopter)
            self.add("file:name", 2.0, "file:person-name")
        elif not hit and n >= 2 and W.DIGIT.search(stemname) is not None and name_and_age(stemname):
            self.add("file:name", 2.0, "file:name-and-age")  # `temoignage-yanis-14-ans`
        elif not hit and n == 2 and ftoks[0] in W.PHOTO_WORDS and len(ftoks[1]) >= 4 \
                and ftoks[1] in W.TEXT_GIVEN_NAMES and ftoks[1] not in W.GIVEN_NAMES_ALSO_THINGS:
            self.add("file:name", 2.0, "file:photo-of-given-name")  # `foto-pavel.jpeg`, `photo_marco.jpg`: his photo
        elif not hit and n == 1 and ftoks[0] in W.GIVEN_NAMES and len(ftoks[0]) >= 4:
            # (a name that is also a place or a thing, `aurora.jpg`, `santiago.jpg`, weighs less)
            self.add("file:name", 1.2 if ftoks[0] in W.GIVEN_NAMES_ALSO_THINGS else 2.0, "file:given-name")
        elif not hit and public_figure(ftoks) is not None:
            self.add("file:name", 2.6, "file:public-figure")  # `131220152205_mandela_144x81_afp.jpg`
        elif not hit and (noun := first(W.PERSON_NOUNS, n, skip=_FILE_AMBIGUOUS_NOUNS | _short(ftoks))
                          or _german_compound(ftoks, file_name=True)) is not None \
                and not _thing_pair(noun, words[n:], masks[n:]) and not street_after(ftoks, noun) \
                and not names_a_firm(ftoks, noun):  # (`plaza-mayor`, `kings-road`, `hofmann-soehne-grabmale`)
            # news stills: `boy-pilot-and-dad`, `missing-girls-parents`; a short word before the
            # noun (`Dr-Hofmann-Patientin`) hides nothing
            self.add("file:person", 1.8, f"file:{noun}")
        elif not hit and (event := first(W.EVENT_WORDS, skip=_FILE_EVENT_SKIP) or _file_event(ftoks, first)
                          or _german_event(ftoks, _FILE_EVENT_ENDINGS)) is not None \
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
            dhit = outside_theme_name(dirs, dhit)  # `/themes/abogados/images/`: the theme's name
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
        # (a plain test of "S/selection" first: the regex runs on the rare path that has it)
        if ph is None and "election" in dirs and _AVATAR_SELECTION.search(dirs) is not None:
            ph = "avatar-selection"  # Drupal's avatar_selection: the stock pictures a member picks from
        if ph is None and "/system/" in dirs and _SYSTEM_AVATARS.search(dirs) is not None:
            # GitLab's avatar of a project or a group (`/uploads/-/system/project/avatar/412/`), Discourse's of its
            # `system` account (`/user_avatar/<forum>/system/48/`): a logo, nobody's face
            ph = "project-or-system-avatar"
        if ph:
            self.add("placeholder:url", -4.0, f"dir:{ph}")
        graphics = graphics_folder(dirs)
        if graphics and not dhit:
            # a site's own images: logos, icons, backgrounds, stock avatars; a forum's rank badges
            # say "Member" or "Moderator" in their alt text beside the poster's profile
            self.add("dir:graphics", -3.0 if graphics in INTERFACE_DIRS else -1.4, f"dir:{graphics}")

    def size(self, width: str | None, height: str | None) -> None:
        """Width/height attributes: 1x1 tracking pixels and tiny icons are not photos."""
        w, h = pixels_given(width), pixels_given(height)
        if w is not None and h is not None:
            if w <= 3 and h <= 3:
                self.add("size", -8.0, "size:pixel")
            elif w <= 24 and h <= 24:
                self.add("size", -2.4, "size:icon")
            elif (w >= 400 or (w >= 150 and h <= 100)) and w >= 3 * h > 0:
                # a banner's shape (a profile's cover, a hero strip, a leaderboard ad): 11 of 107
                # such labelled references at least 400 wide showed a person, against a third of
                # all references; a strip at most 100 high (a sidebar's 300x100 promo, a 235x34
                # badge) is one at any width
                self.add("aspect", -1.0, "size:banner")
        elif (w is not None and w <= 3) or (h is not None and h <= 3):
            self.add("size", -6.0, "size:pixel")

    def finish(self, prior: float = PRIOR, things: bool = False) -> tuple[float, list[str]]:
        """The score and reasons. `things`: the page shows things, whose camera-named photos are
        those things unless something else says a person: a recipe's dishes and steps (12 of 12
        such labelled photos showed food or hands; a reader's photo in the comments, the cook's
        beside a self-introduction keep it), a business's work or rooms (`page._showcase`)."""
        cues = self.cues
        if "shape" in cues and "drawn" in cues:  # a round vector graphic is an icon, not a cropped photo
            cues = {f: c for f, c in cues.items() if f != "shape"}
        if "file:camera" in cues and (self.described or (things and not any(
                w > 0 for f, (w, _) in cues.items() if f != "file:camera"))):
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
        if cues.get("class:not", (0.0, ""))[1] == "class:banner" and cues.get("file:person", (0.0, ""))[0] >= 1.8:
            # a banner whose file name says it shows people (`team-gruppenfoto-zugspitze`, `run-club-ambleside-group`,
            # `bandeau-premium-couple-plage`): on the blind pages 7 such showed people, none did not
            cues = {f: c for f, c in cues.items() if f != "class:not"}
        if cues.get("file:person", (0.0, ""))[1] == "file:on-a-model":
            # the garment the alt text names is what the model wears ("Abito in lino salvia"), not a sofa; and a
            # shop's gallery holds its goods on their model as well as alone (`crag-trouser-w-charcoal-model.jpg`,
            # `tote-cognac-indossata.jpg` in a product gallery: blind set `cl`, 0.47, recall 0.34)
            cues = {f: c for f, c in cues.items() if not (f in ("alt:thing", "caption:thing") and not not_worn(c[1]))
                    and not (f in ("class:not", "dir:not") and c[1].partition(":")[2] in _GOODS_SECTIONS)}
        elif cues.get("class:person", (0.0, ""))[1] in _LOOKBOOKS and any(f in _THING_FAMILIES for f in cues):
            # a lookbook's "Chaqueta de cuero motera", `LOOK_01_robe-lin-sauge.jpg`: the look a model
            # wears (18 of 18 such labelled pictures)
            cues = {f: c for f, c in cues.items() if f not in _THING_FAMILIES or not_worn(c[1])}
        if cues.get("css", (0.0, ""))[1] == "css:background" and "backdrop" not in cues and any(
                w > 0 and (f.startswith("file:") or f == "url:video-still") for f, (w, _) in cues.items()):
            # a background whose file name says who it shows is content, not a backdrop: a news theme's post
            # thumbnails (`pleno-concejales-218x150.jpg`), a team behind a form (`equipe-agence.jpg`); on the
            # blind pages 26 such references showed people, 6 did not (`IMG_5590.jpg`, a bank's front). So is
            # a video's still a click-to-play embed paints behind its button (`i.ytimg.com/vi/…/hqdefault.jpg`)
            cues = {f: c for f, c in cues.items() if f != "css"}
        total = prior + sum(w for w, _ in cues.values())
        if "alt:plain" in cues and all(f == "near" for f, (w, _) in cues.items() if w > 0):
            # an alt text that describes the picture and mentions nobody ("Palau de Congressos de València", "Road
            # closed after the sinkhole") outweighs a name printed beside it (the speaker's card, the teaser's
            # byline): they tied at the threshold and were personal; on the blind pages 64 such references
            # showed no one, 22 did (a film still, a reunion)
            total = min(total, _NOT_QUITE)
        if cues.get("class:person", (0.0, ""))[1] == "class:profile" and \
                {f for f, (w, _) in cues.items() if w > 0} == {"class:person", "page"}:
            # a profile page's `profile` box holds what the profile shows (a practice's rooms, a host's
            # countryside, a GitHub README's badges) as well as its owner, whom more than the box names (an
            # avatar's class, an alt text, a name): the page and its box alone, 28 such labelled references
            # showed no one, 7 did (a photographer's portfolio)
            total = min(total, _NOT_QUITE)
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


# A hexadecimal hash or id in a file name (`csm_Chor_2025_001_26ad59c80e`, `5f3a9c1d`): letters a-f
# and digits, both, eight or more, between separators.
_HEX_HASH: Final = re.compile(r"(?<![^\W_])(?=[a-fA-F]*\d)(?=\d*[a-fA-F])[0-9a-fA-F]{8,}(?![^\W_])")


def pixels_given(value: str | None) -> int | None:
    """A width or height attribute's pixels ("120", "120px"), or None for any other value."""
    if not value:
        return None
    v = value.strip().lower().removesuffix("px")
    return int(v) if v.isdigit() and len(v) < 7 else None


def is_square_small(width: str | None, height: str | None) -> bool:
    """Avatar-sized (24..200 px, roughly square): in a comment or author box that is a face."""
    w, h = pixels_given(width), pixels_given(height)
    return w is not None and h is not None and 24 <= w <= 200 and 24 <= h <= 200 and abs(w - h) <= max(w, h) * 0.25
