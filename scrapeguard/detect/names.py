"""Does a text or a file name name a person?

A given name followed by a capitalised word ("Anna Müller"), an honorific and a surname ("Dr. Wu",
`prof-van-der-bellen`), a name and a credential ("Jordan Ellis, PA-C"); not the places, churches,
streets, cars and brands that carry a person's name ("Villa Giulia", `kirche-st-ulrich`,
"Renault Zoe", "Dr Pepper"). The scorer weighs what these rules find; they weigh nothing here.
"""

from __future__ import annotations

import re
from typing import Final

from scrapeguard.detect import context_words as W


_WORD: Final = re.compile(r"[^\W\d_][\w'’]*\.?")
_WORD_ASCII: Final = re.compile(r"[A-Za-z][A-Za-z0-9_']*\.?")  # the same words in ASCII text, without Unicode class lookups


def named_cut_out(stem: str) -> bool:
    """A PNG named by a given name first (`Tom.png`, `sara-q-240x300.png`): a team page's cut-out
    portrait, not a graphic (the format weighs nothing against it)."""
    toks = W.tokens(stem[:80])
    return bool(toks) and len(toks) <= 3 and toks[0] in W.GIVEN_NAMES


def _surname_like(tok: str) -> bool:
    """A word that may be a surname: no word of the lexicons (`plan`, `team`, `sommer`)."""
    return W.lex(tok) == 0 and tok not in W.GIVEN_NAMES and tok not in _SIZES_NOT_SURNAMES \
        and tok not in _FILE_NAMED_PLACES and tok != "sao"  # (`saint-quentin`, `sao-paulo`: places)


# Likenesses of someone that are no photograph of them: `char-macron-caricature.jpg`, a statue, a mural
CARICATURES: Final = frozenset(
    "caricature caricatures caricatura caricaturas karikatur karikaturen cartoon cartoons".split())
_LIKENESSES: Final = CARICATURES | frozenset(
    "statue statues statua statuen estatua estatuas denkmal monument monumento mural murale murales wachsfigur wax "
    "puppet pupazzo marioneta effigy effigie effigies".split())


# What is named after someone, beside their name: `Trump Tower`, `Adenauer-Platz`, `Piazza Pertini`,
# `stadio Maradona`, `Lennon Wall`, `Freud Museum`, `rue Colbert`, the `Eisenhower matrix`, an
# `Einstein ring`, `designed by Hadid` (found in review)
_NAMED_AFTER: Final = frozenset(
    "tower towers platz strasse street str avenue av rue via viale corso calle avenida boulevard square plaza piazza "
    "piazzale largo stadium stadion stadio estadio stade arena wall house haus maison casa museum museo musee "
    "gallery galerie galleria lycee liceo gymnasium schule school college instituto institut istituto institute "
    "university universitat universite universita universidad airport flughafen aeroport aeroporto aeropuerto "
    "bridge brucke pont ponte puente station bahnhof gare stazione estacion park parc parco parque garden garten "
    "jardin giardino hall halle library bibliothek bibliotheque biblioteca hospital klinik hopital ospedale center "
    "centre zentrum centro foundation stiftung fondation fondazione fundacion prize preis prix premio matrix ring "
    "diagram diagramm prinzip principle principe effect effekt theorem method methode "
    "memorial mausoleum tomb grab tombe tomba tumba castle castillo castello burg schloss chateau card designed "
    "entworfen".split())
# The place words English and German put after the name they carry ("Anna Freud Centre",
# "Käthe Kollwitz Schule"; Romance ones come before it: "Museo del Prado", "Via Roma")
_PLACE_AFTER_NAME: Final = frozenset(
    "library hall park school college university stadium arena centre center institute foundation memorial hospital "
    "bridge tower house haus schule gymnasium stiftung halle bibliothek platz strasse stadion museum zentrum gallery "
    "theatre theater building".split())
# (the words that may stand between: `madeleine de Proust`, `designed by Hadid`, `Piazza Sandro Pertini`)
_NAMED_AFTER_LINKS: Final = frozenset("de di del della des du von van by the la le el".split())


def public_figure(toks: tuple[str, ...]) -> str | None:
    """The public figure the tokens name (`context_words.PUBLIC_FIGURES`): a surname alone
    (`mandela`, `merkel`) or a full name without a given name this module knows (`xi-jinping`);
    not beside a word that makes it a likeness (`_LIKENESSES`: a caricature, a statue), nor as the
    name of a place or a thing named after them (`_NAMED_AFTER`)."""
    figures = W.PUBLIC_FIGURES
    if not figures or not _LIKENESSES.isdisjoint(toks):
        return None
    last = min(len(toks), 40)
    for i in range(last):
        tok = toks[i]
        found, span = None, 1
        if tok in figures:
            found = tok
        elif i + 1 < last:
            pair = tok + "-" + toks[i + 1]
            if pair in figures:
                found, span = pair, 2
            elif i + 2 < last and pair + "-" + toks[i + 2] in figures:
                found, span = pair + "-" + toks[i + 2], 3
        if found is not None and not _named_after(toks, i, i + span):
            return found
    return None


def _named_after(toks: tuple[str, ...], start: int, end: int) -> bool:
    """Is the name at `toks[start:end]` a place's or a thing's: a `_NAMED_AFTER` word right before
    or after it, or one word of `_NAMED_AFTER_LINKS` (and a given name) between?"""
    before = [toks[k] for k in range(max(0, start - 3), start)]
    while before and (before[-1] in _NAMED_AFTER_LINKS or before[-1] in W.GIVEN_NAMES):
        before.pop()
    if before and before[-1] in _NAMED_AFTER:
        return True
    after = toks[end:end + 2]
    return bool(after) and (after[0] in _NAMED_AFTER or (after[0] in _NAMED_AFTER_LINKS and len(after) > 1
                                                          and after[1] in _NAMED_AFTER))


def names_a_person(toks: tuple[str, ...]) -> bool:
    """A file name with a given name followed by another word that is no thing:
    `dennis_rodman_144x81`, `140717-vladimir-putin-video-tease`, `talk-asia-natalie-portman`. Not an
    Unsplash download's (`christian-wiediger-598840-unsplash.jpg`): the name is its photographer's."""
    if "unsplash" in toks:
        return False
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
            if _make_and_model(toks[i], nxt):
                continue  # `mercedes-clase-s-2023`: a car
            if i and toks[i - 1] == "st" and (i == 1 or toks[i - 2] in _CHURCH_WORDS):
                continue  # `st-ulrich-innen`, `kirche-st-ulrich-aussen`: a church named after its saint
            if i + 2 < len(toks) and toks[i + 2] in _STREET_WORDS:
                continue  # `aussenansicht-karl-liebknecht-str`: a street named after someone, name first
            if i == 0 or toks[i - 1] not in W.CREDIT_WORDS:  # `…-SOURCE-Simon-Hill`: the photographer
                return True
    return False


# A given name and the bearer's age, as testimonials and portraits introduce someone ("Yanis, 14
# ans", `temoignage-yanis-14-ans`, "Lena, 9 Jahre", "Giulia, 12 anni", "Lucía, 8 años", "Sam, 7
# years old"). Not a bare number in brackets (a French département, "Nancy (54)"; a size, "Body Mia
# (68)"; a copy, `sofa-emma (2).jpg`), nor years since something ("Ouragan Irma, 5 ans après"), nor a
# business's anniversary or a pet's age ("Trattoria da Mario, 30 anni di tradizione", "Hund Max,
# 5 Jahre alt": `NOT_BEARERS` before the name).
_NAME_AND_AGE: Final = re.compile(
    r"(?<![^\W\d_])([^\W\d_]{3,})(?:,\s*|[-_])(\d{1,2})[\s_-]*(?:ans|jahre|j\.|anni|años|anos|years?[\s_-]old|"
    r"yrs?[\s_-]old|year-old)\b(?![\s,_-]*(?:après|apres|danach|später|spater|dopo|después|despues|later|after|ago|fa\b|"
    r"plus|de\s+tradi|di\s+tradi|de\s+savoir|d'|im\s+dienst|jubil|anniv))", re.I)
# Words beside a given name that make it a business's, a pet's, a storm's or a work's (also read by
# `page_context.alt_names_its_file`: "Camille, restaurant gastronomique", `hurricane-ian.jpg`).
NOT_BEARERS: Final = W.ANIMALS | frozenset(  # (folded, as `tokens` gives them)
    "da chez bei trattoria pizzeria ristorante restaurant hotel cafe bar villa casa maison haus boutique salon atelier "
    "studio ouragan orkan sturm hurricane storm tempete uragano huracan chat cat bistro brasserie boulangerie "
    "patisserie bakery backerei baeckerei panaderia pasteleria panetteria pasticceria pub opera oper statuette".split())


# The press's apposition, an age between commas after a name: "Ted, 91, shepherd", "John Smith, 45, of Leeds"
# (the given name first, checked as above; a number not followed by another, a list's or a date's)
_NAME_COMMA_AGE: Final = re.compile(
    r"(?<![^\W\d_])([^\W\d_]{3,})(?:\s+[^\W\d_]{2,})?,\s*(\d{1,2}),\s*(?![\s\d])(?![^\W\d_]+,\s*\d)")
# ... not a street named after someone and its number ("Via Giuseppe Verdi, 10, Milano", "Avenue Victor Hugo, 12")
_STREETS_BEFORE_A_NAME: Final = frozenset(
    "via viale corso piazza piazzale largo vicolo rue avenue av place boulevard bd allee quai impasse calle "
    "avenida plaza paseo carrer rua praca road street st lane square drive strasse platz weg".split())


# A whole text that is a given name and an age, as dating profiles and testers' cards caption their photos
# ("Inès, 28", "Amy, 29"): not a name that is also a thing ("Zara, 38"), nor any other word ("Paris, 75", a
# département; "Nike, 42", a shoe size; "Route, 66": the review of the first rule, which took any word)
_WHOLE_NAME_COMMA_AGE: Final = re.compile(r"\s*([A-ZÀ-Þ][a-zà-ÿ'’-]{1,14}),\s*(\d{2})\s*")


def _whole_name_and_age(text: str) -> bool:
    m = _WHOLE_NAME_COMMA_AGE.fullmatch(text)
    if m is None or not 16 <= int(m.group(2)) <= 99:
        return False
    word = W._fold(m.group(1))
    return word in W.TEXT_GIVEN_NAMES and word not in W.GIVEN_NAMES_ALSO_THINGS


def name_and_age(text: str) -> bool:
    """Is a given name (not also a thing: "Florence, 12 ans" may be a town's) followed by an age?"""
    if len(text) <= 24 and _whole_name_and_age(text):
        return True
    found = [(m, NOT_BEARERS) for m in _NAME_AND_AGE.finditer(text)]
    if "," in text:
        found += [(m, _STREETS_BEFORE_A_NAME) for m in _NAME_COMMA_AGE.finditer(text)]
    for m, not_before in found:
        toks = W.tokens(m.group(1))
        if not toks or toks[0] not in W.TEXT_GIVEN_NAMES or toks[0] in W.GIVEN_NAMES_ALSO_THINGS \
                or not 0 < int(m.group(2)) < 100:
            continue
        before = W.tokens(text[max(0, m.start() - 20) : m.start()])
        if before and (before[-1] in NOT_BEARERS or before[-1] in not_before):
            continue
        return True
    return False


# Professional credentials after a name in a file name: `ellis_jordan_pac.jpg`. Not "md",
# "rn" or "np": `-md` is a medium rendition (`hero-slide-md.jpg`).
_CREDENTIALS: Final = frozenset("phd dds dmd pac dnp crna facs".split())


def credentialed(toks: tuple[str, ...]) -> bool:
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
    + "salle salon pabellon polideportivo estadio stadio stade palazzetto palacio teatro museo instituto "
    "istituto colegio liceo lycee scuola universidad universita ospedale clinica fondazione fundacion "
    "fondation hospital escuela ecole conservatorio conservatoire".split()
    # car makes name their models after people: Renault Zoe, Opel Adam, Seat Leon, Škoda Octavia, Alfa Romeo Giulia
    + "renault opel seat skoda mercedes benz peugeot citroen fiat lancia alfa romeo dacia kia hyundai toyota nissan "
    "mazda ford volkswagen vw chevrolet chevy dodge jeep honda suzuki mitsubishi subaru volvo tesla porsche".split())
# A make that is also a given name, before its model ("Mercedes-Benz C220d", "Mercedes Clase S", `mercedes-actros`):
# a car (not "Mercedes Sosa": a model is a make's word, a class letter or a code with digits)
_MAKES_NAMED_LIKE_PEOPLE: Final = frozenset({"mercedes"})
_MODEL_WORDS: Final = frozenset(
    "benz amg clase klasse class classe actros sprinter vito citan atego arocs unimog maybach eqa eqb eqc eqe eqs eqv "
    "gla glb glc gle gls cla cls slk".split())


def _make_and_model(given: str, following: str) -> bool:
    """Is `given` a make named like a person, `following` (folded) its model: "Mercedes Actros", `mercedes-c220d`?"""
    return given in _MAKES_NAMED_LIKE_PEOPLE and (
        following in _MODEL_WORDS or len(following) == 1 or any(c.isdigit() for c in following))


# What kind of institution it is, between its place word and the name it carries (Romance languages: "Biblioteca
# Central Rosa Chacel", "Colegio Público Miguel Hernández", "Scuola primaria Giovanni Pascoli", "Hospital General
# Gregorio Marañón")
_INSTITUTION_KINDS: Final = frozenset(
    "central publico publica pubblico pubblica primaria secondaria statale comunale civico civica municipal municipale "
    "provincial provinciale regional regionale nacional nazionale general generale universitario universitaria "
    "elementare superiore infantil maternelle elementaire".split())
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
_TITLES: Final = frozenset("herr frau signora signor signore señora señor senora senor madame monsieur padre frate suor "
                           "suora monsignor monsignore".split())
# Short titles written in lower case before a name in Italian and Spanish ("don Pino Rizzo", "doña Carmen",
# "fra Cristoforo"); capitalised, "Don" is as often the given name itself.
_LOWER_TITLES: Final = frozenset({"don", "doña", "fra", "sor"})
# Honorifics as the British write them, without a dot, in their capitalised form only ("MR" and
# "dr" stay words; not "Dame", which is also Spanish "give me").
_UNDOTTED_HONORIFICS: Final = frozenset(w.capitalize() for w in ("dr", "mr", "mrs", "ms", "mx", "cllr", "prof", "sir"))
# Brands and characters named with one: "Dr Pepper", "Dr Oetker", "Mr Porter", "Mr Clean".
# (and Joomla's Simple Image Gallery: `jw_sig_cache_…` is its cache, not a Signor Cache)
_HONORIFIC_BRANDS: Final = frozenset(
    "pepper oetker martens hauschka porter clean muscle proper bean robot green kensington cache".split())
# Of those, the common surnames: in a text "Dr Green at the clinic", "Mr Porter, our caretaker" are people
_BRANDS_ALSO_SURNAMES: Final = frozenset("porter bean green".split())
_TEXT_HONORIFIC_BRANDS: Final = _HONORIFIC_BRANDS - _BRANDS_ALSO_SURNAMES


def an_honorific_brand(toks: tuple[str, ...], honorific: str) -> bool:
    """Is each `honorific` of the text the first half of a brand's name ("Dr. Martens 1460 Stiefel",
    "Dr Oetker Ristorante", "Mr Muscle")? Why: the honorific counted as a person in the picture, and a
    second-hand seller's boots were personal. Not one that is as often a surname ("Dr Green", "Mr Porter"):
    a text names the doctor or the caretaker far more often than the brand."""
    at = [i for i, t in enumerate(toks) if t == honorific]
    return bool(at) and all(i + 1 < len(toks) and toks[i + 1] in _TEXT_HONORIFIC_BRANDS for i in at)


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
        and all(t in W.SIZE_WORDS or W.DIGIT.search(t) is not None for t in rest[i + 1 :])


_AND: Final = frozenset({"and", "und", "et", "y", "e", "&"})


def capitalised(word: str) -> bool:
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


# German emergency services' radio call signs are given names: a fire engine is "Florian Lindenau
# 40/46-1", a rescue helicopter "Christoph 14" (Johannes, Samuel, Rotkreuz, Akkon: the aid
# societies'). Their vehicles' pictures, captioned or named so, showed no one: the name, its
# place and its number are read as no person's. Only in their whole shape: a vehicle's number with
# its `-n`, a helicopter named a helicopter (a player's rating, "Florian Huber 8/10", "Johannes
# Müller 3/4", and a file `meier-christoph-2.jpg` name a person: the review of a looser first rule).
_CALL_SIGN: Final = re.compile(
    r"\b(?:Florian|Johannes|Samuel|Rotkreuz|Akkon|Pelikan|Heros) (?:[A-ZÄÖÜ][\w.-]* ){1,3}\d{1,3}/\d{1,3}-\d{1,2}"
    r"(?![\d/])"
    r"|(?:[Hh]ubschrauber|RTH|ITH|[Hh]elikopter)\W{1,3}(?:\w+\W{1,3}){0,2}?[Cc]hristoph ?\d{1,2}(?!\d)")


def call_sign_removed(text: str) -> str:
    """The text without the emergency-service call signs in it (`_CALL_SIGN`)."""
    return _CALL_SIGN.sub(" ", text) if ("/" in text or "hristoph" in text) else text


def person_name(text: str) -> bool:
    """Does the text contain a person's name: a capitalised given name followed by a capitalised
    word ("Anna Müller", "Jean-Luc Mélenchon"), or an honorific and a capitalised word ("Dr. Wu")?"""
    if not text or len(text) > 600:
        text = text[:600] if text else ""
    if text.lower() == text:
        return False  # no capital letter: no name (the regex pass below is the costly part)
    if ", " in text and _credential_after_name(text):
        return True  # "Jordan Ellis, PA-C", "Anjali Patel, MD"
    return _names_in(call_sign_removed(text))


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
    if i >= 2 and W._fold(before) in _INSTITUTION_KINDS:
        # "Biblioteca Central Rosa Chacel", "Colegio Público Miguel Hernández", "Scuola primaria Giovanni Pascoli"
        i -= 1
        before = words[i - 1]
    return _names_place(_place_form(before), before.lower(), _place_form(words[i - 2]) if i >= 2 else "", _NAMED_PLACES)


def _place_after_name(words: list[str], i: int) -> bool:
    """A name that a capitalised place word follows names the place: "The Stanley A. Milner
    Library at dusk", "Anna Freud Centre" (given name at `i`, perhaps an initial, a surname, then
    a `_PLACE_AFTER_NAME` word, and no further capitalised word: "Emma Clark Library Assistant",
    "Bruce Springsteen Stadium Tour" are a person's). A two-word name ("Barbara Castle") stays a
    person's."""
    k = i + 1
    if len(words[k]) == 2 and words[k].endswith(".") and k + 1 < len(words):
        k += 1  # a middle initial
    if k + 1 >= len(words) or words[k].endswith("."):
        return False
    after = words[k + 1]
    if k + 2 < len(words) and capitalised(words[k + 2]):
        return False
    return capitalised(after) and W._fold(after) in _PLACE_AFTER_NAME


def _place_form(word: str) -> str:
    """A capitalised word folded for the place list ("Café" -> "cafe"); "" for any other."""
    return W._fold(word.rstrip(".")) if capitalised(word) else ""


def is_surname(text: str, token: str) -> bool:
    """Is every occurrence of `token` (a folded lexicon hit, perhaps by its stem) in `text` a
    capitalised word right after a capitalised given name: a surname?"""
    seen = False
    prev: re.Match[str] | None = None
    for m in _WORD.finditer(text):
        word = m.group()
        folded = W._fold(word.rstrip("."))
        if folded == token or W.stem(folded) == token:
            before = prev.group() if prev is not None else ""
            if not (prev is not None and capitalised(word) and capitalised(before)
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
        if nxt.lower() in _AND and i + 2 < len(words) and capitalised(w) and capitalised(words[i + 2]):
            first, second = W._fold(w), W._fold(words[i + 2].rstrip("."))
            if first in W.TEXT_GIVEN_NAMES and second in W.TEXT_GIVEN_NAMES \
                    and first not in W.GIVEN_NAMES_ALSO_THINGS and second not in W.GIVEN_NAMES_ALSO_THINGS:
                return True  # "Pauline et Julien", "Anna und Florian" (not "notes of Amber and Rose.")
        if not capitalised(nxt):
            continue
        if not nxt.isupper() and ((len(w) >= 4 and w.lower() in _TITLES) or w in _UNDOTTED_HONORIFICS or w in _LOWER_TITLES):
            following = W._fold(nxt.rstrip("."))
            if following not in W.NOT_A_SURNAME and following not in W.PRODUCT_NOUNS \
                    and following.removesuffix("'s").removesuffix("’s") not in _HONORIFIC_BRANDS:
                # "la signora Rina", "Frau Keller", "Monsieur Hulot" (not "Monsieur Cuisine"), and
                # British style without a dot: "Cllr Farida Hussain", "Dr Patel" (not "Dr Pepper")
                return True
        if capitalised(w):
            first = W._fold(w.rstrip("."))
            head = first.split("-")[0]
            initial = len(nxt) == 2 and nxt.endswith(".")
            if w.endswith(".") and first in W.HONORIFICS and W._fold(nxt.rstrip(".")) not in _HONORIFIC_BRANDS:
                return True
            if initial or not nxt.isupper():
                surname = W._fold(nxt.rstrip("."))
                if surname in W.PRODUCT_NOUNS:
                    continue  # a shop names its products after people: "Emma Linen Trouser", "Anna Sofa"
                if _after_place(words, i) or _place_after_name(words, i) \
                        or (not initial and _make_and_model(head, first.partition("-")[2] or surname)):
                    continue  # (and "Mercedes-Benz C220d", "Mercedes Clase S": a car)
                if first in W.GIVEN_NAMES or head in W.GIVEN_NAMES:
                    return True  # (a thing word can be a surname: Thomas Vogel, Barbara Castle)
                # a name of the longer packaged list must be followed by no thing ("Summer Sale")
                # and be no acronym ("LIBOR Rate")
                if (first in W.PACKAGED_GIVEN_NAMES or head in W.PACKAGED_GIVEN_NAMES) \
                        and surname not in W.NOT_A_SURNAME and not (len(w) > 1 and w.isupper()) \
                        and not (i and len(words[i - 1]) > 1 and words[i - 1].isupper()):
                    return True  # (not after an acronym: "AMG Line Coupe", "GT Line", a model's trim)
    return False


# A news teaser quoting someone: two capitalised words, a colon and an opening quotation mark ("Carlton Cuse:
# «Lost hizo posible…»", "Edu Sousa: ´Siempre miro…´"): the words are the speaker's name, whose photo the
# teaser shows, though the given name is in no list (16 of 16 such alt texts in the labelled pages).
_QUOTED_SPEAKER: Final = re.compile(
    r"\s*([A-ZÀ-Þ][a-zà-ÿ'’-]+)\s+([A-ZÀ-Þ][a-zà-ÿ'’-]+):\s*[«\"„“”´'‘‚]")


def quoted_speaker(text: str) -> bool:
    """Does the text begin with a quote's speaker ("Frank Cuesta: ´Es jodido…´"), two words that name no thing
    ("Star Wars: «…»" names a film)?"""
    m = _QUOTED_SPEAKER.match(text)
    return m is not None and all(W._fold(word) not in W.NOT_A_SURNAME for word in m.groups())


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
