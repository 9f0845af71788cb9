"""Phrase rules: when the words around a cue change what it says of the picture.

A people word that names no one shown: a firm ("Hofmann & Söhne"), a street or a model ("Kings
Road", "Tesla Model 3"), the makers of the thing or of the picture ("built by our volunteers",
"Scans by the author"), a possessive ("the mother's house"), whom a garment is for ("Scarpe da
uomo"), a brand in capitals ("MAN TGX"). And the phrases that say what kind of picture it is:
someone on stage, a view from the air, a painting's medium, a garment worn by someone. The scorer
weighs what these rules find; they weigh nothing here.
"""

from __future__ import annotations

import re
from typing import Final

from scrapeguard.detect import context_words as W
from scrapeguard.detect.names import capitalised

# Articles that make a gender word a person: "un uomo con la giacca", "a woman wearing".
_PERSON_ARTICLES: Final = frozenset("a an the un una uno une ein eine einer einen el la il lo le der die das".split())
_FOR_WHOM: Final = frozenset("da pour para for fur per de".split())  # "Scarpe da uomo", "Chaussures pour homme"


def shouted(text: str, noun: str, model_code: bool = False) -> bool:
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
    illustrated sculpted gezeichnet illustriert dessine dessinee dessines dessinees illustre illustree
    dibujado dibujada dibujados dibujadas ilustrado ilustrada disegnato disegnata disegnati disegnate illustrato
    illustrata scolpito scolpita
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


def names_the_maker(text: str, noun: str) -> bool:
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


def not_worn(reason: str) -> bool:
    """Whether a thing cue's reason ("alt:sofa", not "alt:abito") names something nobody wears."""
    word = reason.rsplit(":", 1)[-1]
    return not (garment(word) or word in WORN_GOODS)


def garment(tok: str) -> bool:
    return tok in W.APPAREL or (len(tok) > 6 and tok.endswith(W.APPAREL_ENDINGS))  # ("Regenhose", not a garden hose)


def shop_category(toks: tuple[str, ...], noun: str) -> bool:
    """Does the gender word name whom a garment is for, right beside it ("Mocassino uomo in
    pelle", "Scarpe da uomo", "Chaussures pour homme", "Herren Winterjacke") rather than who is
    in the picture ("Un uomo con la giacca", "Uomo in giacca e cravatta", "Kids dress up")?"""
    if noun not in W.GENDER_CATEGORY:
        return False
    if noun not in toks:
        return any(garment(t) for t in toks)  # (a compound's part: "Herrenjacke")
    at = toks.index(noun)
    before = toks[at - 1] if at else ""
    if garment(before) or (before in _FOR_WHOM and at >= 2 and garment(toks[at - 2])):
        return True
    return at + 1 < len(toks) and garment(toks[at + 1]) and before not in _PERSON_ARTICLES


def possessive(text: str, noun: str) -> bool:
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


def aerial(toks: tuple[str, ...], file_name: bool) -> bool:
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
# A pair's word before "of" and what it counts: "a couple of tomatoes", "la prima coppia di gemme",
# "una pareja de zapatos" (not "una coppia di sposi", "a couple of friends": people counted).
_PAIR_WORDS: Final = frozenset("couple coppia pareja".split())
_PAIR_LINKS: Final = frozenset("of di de".split())
# What stands after the link in a title's pair, not a count's: "Couple of the year", "la coppia dell'anno".
_TITLE_ARTICLES: Final = _PERSON_ARTICLES | frozenset({"dell", "del", "della"})


def a_pair_of_things(toks: tuple[str, ...], noun: str) -> bool:
    """Is the people noun a pair's word counting things ("a couple of days", "coppia di gemme")?"""
    if noun not in _PAIR_WORDS or noun not in toks:
        return False
    at = toks.index(noun)
    if at + 2 >= len(toks) or toks[at + 1] not in _PAIR_LINKS:
        return False
    counted = toks[at + 2]
    return counted not in _TITLE_ARTICLES and not W.lex(counted) & _PEOPLE_BITS


# Someone performing or speaking: "on stage", "sur scène", "auf der Bühne", "sul palco", "en el escenario".
_ON_STAGE: Final = re.compile(r"\b(?:on ?stage|sur (?:la )?sc[eè]ne|auf der b(?:ü|ue|u)hne|sul palco|en (?:el )?escenario)\b", re.I)
_STAGE_WORDS: Final = ("stage", "scène", "scene", "hne", "palco", "escenario")
# What stands on a stage when nobody does: its set, its lights, nothing ("Le décor sur scène").
# (not "set" or "light": a band's last set, a singer in the light)
_EMPTY_STAGE: Final = frozenset("decor decors scenografia scenografie scenographie buhnenbild buhnenbilder lighting "
                                "lights luci lumieres empty vide vacio vacia leer leere vuoto vuota".split())


def on_stage(text: str, toks: tuple[str, ...]) -> bool:
    """Someone on a stage, not its set or lights alone (the regex only where a stage word is)."""
    low = text.lower()
    return any(w in low for w in _STAGE_WORDS) and _ON_STAGE.search(text) is not None and _EMPTY_STAGE.isdisjoint(toks)


# A people noun naming a street or a place ("Kings Road", "Bishops Avenue") or a
# product's model ("Steinway Model O", "Tesla Model 3", "Modell A4"), not anyone in the picture.
# (not Row, Place, Cross, Way, Court, Park, Bridge, Arms or Green: verbs in a title-case headline,
# "Veterans Row Across the Atlantic", "Firefighters Park Truck")
# Sites named after people in a caption ("The Korean War Veterans Memorial", "Pioneers Monument"):
# in a file name, without capitals, "veterans-memorial" may be a ceremony. (Not Park, Hall or Bridge:
# surnames after a role, "Coach Hall", and headline verbs, "Volunteers Bridge the Gap".)
_NAMED_SITES: Final = ("Memorial", "Monument", "Stadium", "Museum", "Cemetery")
_PLACE_WORDS: Final = ("Road", "Street", "St", "Avenue", "Ave", "Lane", "Square", "Terrace", "Mews", "Gardens", "Wharf",
                       "College") + _NAMED_SITES
_MODEL_DESIGNATION: Final = re.compile(r"\b(?:[Mm]odel|[Mm]odell|[Mm]od[eè]le|[Mm]odelo|[Mm]odello)\s+[A-Z0-9][A-Z0-9-]{0,3}(?![\w-])")
_MODEL_NOUNS: Final = frozenset({"model", "modell", "modele", "modelo", "modello"})


def names_a_place_or_model(text: str, noun: str) -> bool:
    """Whether the people noun found in a text names a street or a product's model, nobody shown."""
    if noun in _MODEL_NOUNS and _MODEL_DESIGNATION.search(text) is not None:
        return True
    if not any(c.isupper() for c in text[1:]):
        return False
    if " d" in text:  # (" des", " del", " dei", " du", " di", " de la")
        # (each mention of the noun in a place's name: "I bambini giocano in Piazza dei Bambini" keeps its children)
        places = sum(1 for after in _AFTER_PLACE.finditer(text)
                     if (named := W._fold(after.group(1))) == noun or named.endswith("-" + noun))
        if places and places >= W.tokens(text).count(noun):
            return True
    if not any(w in text for w in _PLACE_WORDS):
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
# A place word and an article before a capitalised word, the order of the Romance languages ("Rue des Saints-Pères",
# "Domaine des Saints-Pères", "Calle del Obispo", "Piazza dei Signori"): the place's name, nobody shown.
_AFTER_PLACE: Final = re.compile(
    r"(?<!\w)(?:Rue|Place|Quai|Boulevard|Avenue|Impasse|All[ée]e|Domaine|Ch[âa]teau|H[ôo]tel|Calle|Plaza|Paseo|"
    r"Avenida|Puerta|Puente|Bodega|Palacio|Colegio|Hospital|Via|Viale|Piazza|Corso|Largo|Vicolo|Ponte|Porta|Palazzo|"
    r"Cascina|Masseria|Cantina)\s++(?:de\s+(?:los|las|la)|des|del|dei|degli|delle|della|du|de|di)\s++"
    r"([A-ZÀ-Ý]\w*+(?:-\w++)*+)")
# (in file names, without case to tell a surname from a place, only the words no surname shares:
# `Saengerin_Park` is the singer Park; nor "st", a saint, nor "ave" or "college")
_STREET_TOKENS: Final = frozenset(w.lower() for w in _PLACE_WORDS if w not in _NAMED_SITES) - {"st", "ave", "college"}


def street_after(toks: tuple[str, ...], noun: str) -> bool:
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


def names_a_firm(toks: tuple[str, ...], noun: str, ampersand: bool = False) -> bool:
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


def from_the_air(toks: tuple[str, ...], text: str) -> bool:
    """A view from the air said as a phrase (the regex only where one of its words is a token)."""
    return not _AIR_WORDS.isdisjoint(toks) and _FROM_THE_AIR.search(text) is not None


# The medium of a painting, drawing or print, as museums and auction houses label their works.
_ARTWORK_MEDIUM: Final = re.compile(
    r"\b(?:huile|oil|öl|óleo|oleo|olio|acrylic|acrylique|acryl|acrílico|acrilico|tempera|tempéra|gouache|pastel|"
    r"encre|ink|tinta|inchiostro|tusche|crayon|pencil|bleistift|matita|lápiz|lapiz|fusain|charcoal|kohle|"
    r"carboncillo|carboncino)\s+(?:sur|on|auf|sobre|su)\s+(?:toile|canvas|leinwand|lienzo|tela|bois|wood|panel|board|"
    r"holz|tabla|tavola|panneau|carton|cardboard|karton|papier|paper|papel|carta|cuivre|copper|kupfer|cobre|rame)\b"
    r"|\b(?:aquarelle|watercolou?rs?|aquarell|acuarela|acquerello|lithograph(?:ie|y)?|lithografie|litograf[ií]a|"
    r"woodcut|holzschnitt|kupferstich|radierung|etching|eau-forte|xilograf[ií]a)\b"
    # a sculpture's material ("Buste de femme en marbre", "Kopf aus Bronze")
    r"|\b(?:en|in|di|aus|de|of)\s+(?:marbre|marble|marmo|marmor|m[áa]rmol|terre\s+cuite|"
    r"terracotta|terracota|pl[âa]tre|gips|gesso|yeso|alb[âa]tre|alabaster|alabastro)\b"
    # (bronze only after a sculpture's word: a medal, a badge "in Bronze" is won by people)
    r"|\b(?:bust|buste|busto|büste|statue|statua|estatua|statuette|skulptur|sculpture|scultura|escultura|"
    r"figur|figure|figura|relief|rilievo|kopf|tête|testa|cabeza|head)\b[^.]{0,40}?\b(?:en|in|di|aus|de|of)\s+"
    r"(?:bronze|bronce|bronzo)\b"
    # a date no photograph has ("vers 1645", "um 1520", "circa 1780", "1752 ca.")
    r"|\b(?:vers|circa|ca\.|um|hacia|intorno\s+al|verso\s+il)\s+1[0-7]\d\d\b(?!\s*uhr)"
    r"|\b1[0-7]\d\d\s+(?:ca\.|circa)", re.I)
# A museum label's date, where its "title, maker, date" ends ("Ritratto del conte Ferretti, Pittore
# marchigiano, 1688", "…, 1810-1820", "…, XVII sec."): before 1839, when no photograph was taken.
_LABEL_DATE: Final = re.compile(
    r",\s*(?:1[0-7]\d\d|18[0-3]\d)(?:\s*[-–/]\s*(?:1[0-7]\d\d|18[0-3]\d))?\s*(?:ca\.?|circa)?\s*\.?\s*$"
    r"|,\s*(?:XVIII|XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)e?\s*(?:sec\.?|secolo|siglo|si[eè]cle)"
    r"\s*\.?\s*$", re.I)
# The word each of its matches starts with, as `tokens` folds it: a text without any is not
# searched (a regex without a literal prefix tries every position: ~6 µs a caption).
_MEDIUM_FIRST_WORDS: Final = frozenset(
    "huile oil ol oleo olio acrylic acrylique acryl acrilico tempera gouache pastel encre ink tinta inchiostro tusche "
    "crayon pencil bleistift matita lapiz fusain charcoal kohle carboncillo carboncino aquarelle watercolor "
    "watercolors watercolour watercolours aquarell acuarela acquerello lithograph lithographie lithography lithografie "
    "litografia woodcut holzschnitt kupferstich radierung etching eau xilografia marbre marble marmo marmor marmol "
    "bronze bronce bronzo terre terracotta terracota platre gips gesso yeso albatre alabaster alabastro".split())
# ... and of its date ("vers 1645"), searched only where a digit is: "um" and "ca" are in many captions
_CIRCA_WORDS: Final = frozenset("vers circa ca um hacia intorno verso".split())


def names_a_medium(text: str, toks: tuple[str, ...]) -> bool:
    """A painting's, drawing's or print's medium ("Huile sur toile", "Aquarell"); `toks` are the
    text's tokens (of its first 400 characters: a longer text is searched whole)."""
    tail = text[-40:]
    if "," in tail and _LABEL_DATE.search(tail) is not None:
        return True
    if len(text) <= 400 and _MEDIUM_FIRST_WORDS.isdisjoint(toks) \
            and (_CIRCA_WORDS.isdisjoint(toks) or W.DIGIT.search(text) is None):
        return False
    return _ARTWORK_MEDIUM.search(text) is not None


WORN_GOODS: Final = frozenset(
    "dress dresses trouser trousers pants skirt skirts blouse blouses tshirt t-shirt tee sweater sweaters jumper "
    "cardigan cardigans coat scarf scarves hoodie bluse pullover kleid jupe robe manteau falda abrigo vestido vestidos "
    "abito gonna cappotto blusa blusas camicetta maglia felpa jersey camiseta camisetas chaqueta pantalon bikini "
    "banador gorro sombrero pendientes collar pulsera bolso mochila serum crema maquillaje "
    # (the cloth a garment is made of, as shops put it first: "Lotte Merino Pullover", "Liv Satin Slipdress")
    "wool silk denim velvet cashmere linen satin lace tulle chiffon cotton organza crepe tweed mohair merino seide "
    "soie dentelle velours seda encaje terciopelo seta pizzo velluto".split())
# A garment worn by someone named: "portée par Inès", "worn by Maya", "getragen von Lea".
_WORN_BY: Final = re.compile(r"\b(?i:portée?s?|worn|getragen|llevad[oa]s?|lucid[oa]s?|indossat[oaie])\s+"
                             r"(?i:par|by|von|por|da)\s+(@\w|[^\W\d_]+)")


_BEING_WORN: Final = re.compile(r"(?<!after )\bbeing worn\b(?!\s+(?:down|away|out|off|thin|through|unevenly|smooth))", re.I)


def worn_by_someone(text: str, toks: tuple[str, ...]) -> bool:
    """A garment "worn by" a given name, anything "worn by" a handle or "being worn": a model or a customer wearing it. Not a
    project "porté par Bordeaux Métropole" (led by), a roof "getragen von Stahlstützen" (carried
    by), a watch "worn by NASA astronauts"."""
    if "being worn" in text.lower() and _BEING_WORN.search(text) is not None:
        return True  # "Auralis NC700 being worn on a train": someone has it on (not "worn down", "after being worn")
    worn = any(garment(t) or t in W.PRODUCT_NOUNS for t in toks)
    for m in _WORN_BY.finditer(text):
        who = m.group(1)
        if who[0] == "@" or (worn and capitalised(who) and W._fold(who) in W.TEXT_GIVEN_NAMES):
            return True  # (a handle is a customer's own post: "Anna portée par @julie.lmnt")
    return False


# Italian "ad" (to, at: "a" before a vowel): "al lavoro ad Argegno", "ad aprile", before a vowel or
# a name; read so only in a text with Italian words, not the advertisement ("Google ad Manager").
_ITALIAN_AD: Final = re.compile(r"\b[Aa]d\s+(?:[A-ZÀ-Ý]|[aeiouàèéìòù])")
_ITALIAN_WORDS: Final = frozenset("il lo gli del della dello dei delle degli al alla allo ai sul sulla nel nella che per con "
                                  "tra fra sono".split())


def italian_ad(text: str) -> bool:
    """Is "ad" in the text the Italian preposition (before a vowel or a name, in a text with
    Italian words: "al lavoro ad Argegno", "ad aprile"), not an advertisement ("Google ad Manager")?"""
    return _ITALIAN_AD.search(text) is not None and not _ITALIAN_WORDS.isdisjoint(W.tokens(text))


# Words that name a person in one of the five languages and something else in another ("son": a son in
# English, "are" in Spanish; "donne": women in Italian, "gives" in French; "Kind": a
# child in German, "kind" in English; "mère"/"mere", "invités"/"invite"): a person only where the text does
# not read as the other language, told by the little words only that language has.
# (not "to", "at", "is", "an": Danish, Dutch and German words too)
_ENGLISH: Final = frozenset("the of and with his her my our your their are this that from its".split())
_FRENCH: Final = frozenset(
    "de du des et les une au aux avec pour dans est ce cette qui sur leur nos notre votre sa ses".split())
_SPANISH: Final = frozenset("el los las y del con por para una es que su sus al muy".split())
_ITALIAN: Final = frozenset("di il della delle dei degli con e per nel nella alla alle gli sono che lo".split())
_GERMAN: Final = frozenset("der die das und mit ein eine im am zum zur vom beim auf für fur ist sind den dem".split())
_WORD: Final = re.compile(r"\w+")
_FALSE_FRIENDS: Final[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    "son": (_ENGLISH, _SPANISH),  # (French "son", "his/her", says there is someone: "Mme Delattre et son potiron")
    "donne": (_ITALIAN, _FRENCH),
    "kind": (_GERMAN, _ENGLISH),
    "mere": (_FRENCH, _ENGLISH),
    "invite": (_FRENCH, _ENGLISH),
    "invites": (_FRENCH, _ENGLISH),
}


def in_the_other_language(noun: str, text: str) -> bool:
    """Is `noun` a false friend (a person in one language, not in another) in a text that reads as the
    language where it is no person: "Las plantillas son oro", "Je donne au Denier", "one of a kind"?
    ("Father and son", "Le donne del coro", "Kind mit Eis" keep theirs.) Only the words written in lower
    case, and the first of a sentence, vote: a capitalised one inside may be a name's ("A son in Los Angeles",
    "Son at Las Vegas rally")."""
    pair = _FALSE_FRIENDS.get(noun)
    if pair is None:
        return False
    own, other = pair
    words = [m.group().lower() for m in _WORD.finditer(text)
             if m.group().islower() or _opens_a_sentence(text, m.start())]
    return sum(w in other for w in words) > sum(w in own for w in words)


def _opens_a_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:;\"'«¿¡(–—-"
