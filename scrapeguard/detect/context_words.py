"""Multilingual cue lexicon for judging whether an image shows a person, from its context.

Words, not substrings: every set holds whole lower-cased, accent-folded tokens as produced by
`tokens()` (camelCase, kebab-case and snake_case split apart), so "steamer" never matches
"team" and "blavatar" never matches "avatar". Languages: English, German, French, Spanish,
Italian (plus a few Dutch/Portuguese forms that real CMS class names use). Weights live in
`scrapeguard.detect.score`; this module only says which word belongs to which cue.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from pathlib import Path
from typing import Final


# Little words Romance languages put inside compounds ("photo de classe", "foto del profilo",
# "remise des prix"): the tokens' pairs skip them (`score._pairs`: "photo-classe").
PAIR_LINKS: Final = frozenset({"de", "des", "di", "du", "del", "della", "do", "da", "d", "in", "a"})


def _s(text: str) -> frozenset[str]:
    """A lexicon from its words; a compound written with a little word inside ("photo-de-classe")
    is also held as the pair the tokens make of it ("photo-classe")."""
    words = {_fold(w) for w in text.split()}
    for w in list(words):
        parts = w.split("-")
        if len(parts) == 3 and parts[1] in PAIR_LINKS:
            words.add(parts[0] + "-" + parts[2])
    return frozenset(words)


# letters Unicode does not decompose into a base letter and an accent, spelt as the word lists spell
# them (Paweł -> pawel, Søren -> soren, Þóra -> thora): else such a name was no name
_UNDECOMPOSED: Final = str.maketrans({"ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                                      "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t"})


def _fold(word: str) -> str:
    """Lower-case and strip accents (Porträt -> portrat, équipe -> equipe)."""
    word = word.lower()
    if word.isascii():
        return word
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return bare.translate(_UNDECOMPOSED)


# Split camelCase / PascalCase and letter-digit boundaries before lower-casing.
_CAMEL: Final = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])|(?<=[A-ZÀ-Þ])(?=[A-ZÀ-Þ][a-zà-ÿ])|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_NONWORD: Final = re.compile(r"[\W_]+")
DIGIT: Final = re.compile(r"\d")  # (`DIGIT.search(word)`: whether a text or a token has a digit)
_CAMEL_HINT: Final = re.compile(r"[a-z][A-Z]")
# ASCII text (most class lists, ids and URLs) skips the regex engine, whose Unicode classes
# cost ~60 ns per character: one byte-table pass maps separators to spaces and str.split
# cuts. Same tokens as the general path (checked against it on 180 000 strings).
_ASCII_SEP: Final = bytes(b if chr(b).isalnum() else 0x20 for b in range(256))  # keeps letters and digits
_ASCII_LETTERS: Final = bytes(b if chr(b).isalpha() and b < 128 else 0x20 for b in range(256))  # digits split too
_ASCII_CAMEL: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")  # "HTMLParser" -> HTML Parser, "fooBar" -> foo Bar


def tokens(text: str) -> tuple[str, ...]:
    """Folded word tokens of a class list, id, file name or caption (cached: class strings repeat).
    Only the first 400 characters count, and only they are kept as the cache's key."""
    return _tokens(text[:400] if len(text) > 400 else text)


@functools.lru_cache(maxsize=32768)
def _tokens(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    # identifiers (class names, file names: profilePic -> profile Pic) and short class lists
    # ("authorAvatar rounded") are split at case and letter-digit boundaries
    camel = (" " not in text and not text.islower()) or (text.count(" ") < 3 and _CAMEL_HINT.search(text) is not None)
    if text.isascii():
        if not camel:
            return tuple([t for t in text.lower().encode().translate(_ASCII_SEP).decode().split() if not t.isdigit()])
        if text.islower() or text.isupper() or not any(c.islower() for c in text):
            return tuple(text.lower().encode().translate(_ASCII_LETTERS).decode().split())
        # (typed: regex results are Any to mypyc, and every method call on Any is a slow generic one)
        found: list[str] = _ASCII_CAMEL.findall(text)
        return _whole_brands([t.lower() for t in found])
    if camel:
        text = _CAMEL.sub(" ", text)
    low = text.lower()
    parts: list[str] = _NONWORD.split(low)
    if low.isascii():
        out = [t for t in parts if t and not t.isdigit()]
    else:
        out = [_fold(t) for t in parts if t and not t.isdigit()]
    return _whole_brands(out) if camel else tuple(out)


# Names written in camel case that splitting at case boundaries cut in two ("WhatsApp-Gruppe"
# read "whats app gruppe", "LinkedIn profile" "linked in profile"): joined again, so the
# lexicon's word for them ("whatsapp", "linkedin") is seen whatever the spelling.
_CAMEL_BRANDS: Final[dict[tuple[str, str], str]] = {
    ("whats", "app"): "whatsapp", ("you", "tube"): "youtube", ("linked", "in"): "linkedin",
    ("tik", "tok"): "tiktok", ("pay", "pal"): "paypal", ("git", "hub"): "github", ("git", "lab"): "gitlab",
    ("sound", "cloud"): "soundcloud", ("trip", "advisor"): "tripadvisor",
    ("face", "book"): "facebook", ("insta", "gram"): "instagram", ("snap", "chat"): "snapchat",
}
_BRAND_HEADS: Final = frozenset(head for head, _ in _CAMEL_BRANDS)


def _whole_brands(toks: list[str]) -> tuple[str, ...]:
    if _BRAND_HEADS.isdisjoint(toks):
        return tuple(toks)
    out: list[str] = []
    i = 0
    while i < len(toks):
        joined = _CAMEL_BRANDS.get((toks[i], toks[i + 1])) if i + 1 < len(toks) else None
        out.append(joined or toks[i])
        i += 2 if joined else 1
    return tuple(out)


def stem(word: str) -> str:
    """A light plural fold shared by the five languages (speakers -> speaker, autores -> autor)."""
    if len(word) > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("innen") and len(word) >= 9:
            return word[:-3]  # German feminine plurals: trauzeuginnen -> trauzeugin
        for suf in ("es", "en", "s", "i", "e"):
            if word.endswith(suf) and len(word) - len(suf) >= 4:
                return word[: -len(suf)]
    return word


# --- the image itself is a picture of a person ------------------------------------------
# Strong: the word alone says "a person's photo".
PORTRAIT: Final[frozenset[str]] = _s(
    """
    portrait portraits headshot headshots head-shot mugshot selfie selfies avatar avatars userpic profile-picture profile-photo profile-pic profile-image
    profile-foto photoshoot fotoshooting photo-shoot seance-photo servizio-fotografico
    userpics profilepic profilepicture profilephoto profileimage gravatar photobooth passport
    portrat portraet portratfoto portraetfoto profilbild profilfoto autorenbild autorenfoto benutzerbild
    mitarbeiterfoto mitarbeiterbild teamfoto passbild bewerbungsfoto
    ritratto ritratti fotoprofilo retrato retratos fotoperfil photoprofil trombinoscope trombi
    self-portrait self-portraits selfportrait autoritratto autoritratti selbstportrat selbstportrats selbstportraet
    autoportrait autoportraits autorretrato autorretratos
    foto-perfil imagen-perfil foto-profilo immagine-profilo photo-profil image-profil
    klassenfoto gruppenfoto familienfoto hochzeitsfoto passfoto group-photo group-picture
    gruppenbild gruppenbilder teambild teambilder mannschaftsfoto mannschaftsbild klassenbild
    photo-groupe foto-gruppo foto-grupo fototessera foto-carnet photo-identite foto-famiglia foto-familia photo-famille
    group-shot team-photo staff-photo bio-photo
    class-photo class-picture classphoto school-photo photo-de-classe foto-di-classe foto-de-clase
    stufenfoto jahrgangsfoto abschlussfoto abifoto fotobox photomaton fotomatón
    portret portretten portretfoto portretfotos pasfoto profielfoto profielfotos groepsfoto groepsfotos teamfotos
    elftalfoto selectiefoto familiefoto trouwfoto trouwfotos porträtt porträttbild gruppbild gruppfoto lagbild lagfoto
    klassfoto familjefoto bröllopsfoto profilbillede gruppebillede gruppefoto holdbillede holdfoto familiebillede
    bryllupsbillede bryllupsfoto zdjęcie-profilowe zdjęcie-grupowe zdjęcie-portretowe fotografia-de-grupo
    """
)
# Trades and crafts: in an alt text or a caption a person is shown ("Der Schmied am Amboss", "Un pianista en el
# concierto"). Not in a file name: a trade's own site names its files by the trade (`emergency-plumber-van.jpg`).
# Not the ones naming streets ("Calle Pintor Sorolla"), places (`schmiede`), titles ("The Widow's Light",
# "Il barbiere di Siviglia"), a guild's seal (`tischler-innungsbetrieb`) or goods ("vom Winzer") as often.
TRADES: Final[frozenset[str]] = _s(
    """
    pregonera pregonero pianist pianists pianista pianiste pianistin guitarist guitarists guitarrista chitarrista
    guitariste gitarrist gitarristin violinist violinists violinista violoniste geigerin cellist drummer drummers
    schlagzeuger batterista baterista saxophonist trumpeter vocalist vocalists bassist composer composers komponist
    komponistin compositor compositora compositore compositeur sculptor sculptors bildhauer bildhauerin escultora
    scultore scultrice sculpteur painter painters maler malerin pintora pittore pittrice peintre carpenter
    carpenters tischlerin schreinerin carpintero carpintera falegname menuisier charpentier plumber plumbers
    klempner fontanero plombier blacksmith herrero fabbro forgeron butcher butchers metzger metzgerin fleischer
    carnicero carnicera macellaio boucher bouchere barber barbers sommelier sommeliere sommeliers florist
    florists floristin florista fiorista gardener gardeners gartnerin jardinero jardinera giardiniere beekeeper
    beekeepers imker imkerin apicultor apicultora apicoltore apiculteur apicultrice schafer schaferin sastre sarto
    sarta couturier couturiere seamstress jeweller jeweler goldsmith goldschmied goldschmiedin orfebre orafo
    mechanic mechaniker mechanikerin mecanicien mecanicienne schweisser soudeur librarian librarians bibliothekar
    bibliothekarin bibliothecaire curator curators kurator kuratorin curador curadora curatore curatrice historian
    historians historiker historikerin historiador historiadora historien historienne novelist novelists poet poets
    dichterin poetessa poete poetesse illustrator illustrators illustratorin ilustrador ilustradora illustratore
    illustratrice illustrateur cartoonist comedian comedians komiker komikerin humorista humoriste magician
    magicians zauberer zauberin mago maga prestigiatore magicien magicienne clown clowns payaso payasa pagliaccio
    juggler jugglers jongleur jongleurs acrobat acrobats akrobat akrobatin acrobata acrobate stylist stylists
    stylistin estilista tattooist beautician kosmetikerin esteticista estetista estheticienne masseur masseuse
    masseurin masajista massaggiatore massaggiatrice nanny nannies babysitter babysitters caregiver caregivers carer
    carers erzieher erzieherin educadora educatrice educateur trainee trainees praktikant becario becaria cashier
    cashiers kassierer kassiererin cajera cassiere cassiera caissier caissiere waiter waiters camarero camareros
    cameriere camerieri serveuse rabbi rabbis imam imams vicar chaplain priester nonne veterinarian veterinarians
    tierarzt tierarztin sheriff detective detectives
    seglerin winemaker winemakers winzerin vigneron vigneronne viticultor vinicultor viticoltore craftsman craftsmen
    craftswoman handwerker handwerkerin gardienne conserje patissier patissiere pastelero pastelera pasticcera
    konditor konditorin stallholder stallholders marktfrau standbetreiber tierpfleger tierpflegerin priestess
    comedienne comedien attori
    """
)
# A photo, as a caption or a file name calls one ("Foto: …", `foto-pavel.jpg`)
PHOTO_WORDS: Final[frozenset[str]] = frozenset(
    "photo photos pic picture foto fotos bild bilder image imagen immagine selfie".split())
# Nouns for people and roles: in alt/captions a person is shown.
PERSON_NOUNS: Final[frozenset[str]] = TRADES | _s(
    """
    person people persons man men woman women boy boys girl girls child children kid kids baby babies newborn newborns
    obituary obituaries obit obits nachruf nachrufe traueranzeige traueranzeigen todesanzeige todesanzeigen
    necrologie necrologies necrologio necrologi necrologica necrologicas esquela esquelas deceased
    verstorbene verstorbener defunt defunte difunto difunta squadra squadre mannschaft
    toddler teen teenager teenagers family families couple couples bride groom wedding newlyweds
    mother father mom dad mum parent parents son daughter brother sister siblings grandmother grandfather
    grandma grandpa wife husband friend friends guest guests visitor visitors crowd audience fans
    spectators participants participant attendees attendee volunteers volunteer students student pupils
    players player athlete athletes runner runners cyclist swimmer footballer striker goalkeeper coach
    team-mates teammates colleagues colleague staff employee employees worker workers nurse nurses doctor
    doctors surgeon patient patients teacher teachers author writer journalist reporter editor
    photographer artist singer actor actress musician dancer dancers chef founder cofounder
    co-founder ceo cto cfo coo president minister chancellor senator mayor governor candidate politician
    king queen prince princess pope bishop priest director manager chairman chairwoman spokesperson
    spokesman spokeswoman professor researcher scientist speaker speakers panelists panelist
    winner winners laureate protesters protester demonstrators police officer officers soldier soldiers
    bodyguard policeman policemen policewoman
    firefighter firefighters farmer farmers owner owners lawyer judge entrepreneur influencer
    blogger youtuber streamer member members leader leaders delegates delegate mr mrs ms dr
    model models residents resident supporters supporter pharmacist vendor seller cyclists
    cheerleaders band choir crowds team staffers bridesmaids groomsmen honoree
    nachbarn nachbarinnen voisins voisines vecinas vicini vicine
    finalists finalistas finalisti finalistes finalisten finalistinnen
    vincitori vincitrici preistrager preistragerin preistragerinnen nominee nominees
    laufer lauferin radfahrer verkauferin anwohner anhanger chor personen leute menschen
    praxisteam pflegeteam trainerteam fuhrungsteam kuchenteam serviceteam vereinsteam leitungsteam orgateam
    redaktionsteam helferteam betreuerteam vorstandsteam kitateam schulteam lehrerteam
    senioren seniorinnen seniors anziani ancianos administrateurs administratrices
    brautpaar brautpaare hochzeitspaar hochzeitspaare
    mamie mamy papi papy nonna nonno nonni abuela abuelo abuelos oma opa docente accompagnatori accompagnatrici
    grandchildren grandkids grandson granddaughter enkel enkelin enkelkinder petits-enfants petit-fils petite-fille
    nietos nietas nieto nieta nipotini nipotino nipotina
    aunt aunts auntie aunty uncle uncles niece nieces nephew nephews nichte nichten neffe neffen
    monaci monaca monache monje monjes monjas moniales operaio operaia operatrice
    handballer handballerin handballerinnen basketballer volleyballer autisti
    cosplayer cosplayers cosplayeur cosplayeuse cosplayeurs cosplayeuses
    sieger siegerin siegerinnen helfer helferin helferinnen
    group gruppe groupe grupo gruppo
    chœur chœurs choeur choeurs choriste choristes corista coristas coristi cantanti tenors tenori sopranos soprani
    orchestra orchestras orchester orchestre orchestres orquesta orquestas blaskapelle musikkapelle trachtenkapelle stadtkapelle spielmannszug
    graduates graduados graduadas egresados egresadas absolventen absolventinnen abiturienten abiturientinnen
    diplômés diplômées laureandi neolaureati
    assessore assessora allenatrice studentessa mamma atleta atleti campionessa regista infermiere
    pazienti dottore dottoressa avvocato avvocata operai cuoco pasticcere parroco sacerdote suora vescovo
    alunno maestra insegnanti preside collaboratori
    entrenadora alumno alumna campeon campeona enfermero pacientes abogado abogada cocinero cocinera monja
    obispo duena dueno duenas duenos stadtratin regisseur anwalt anwaltin
    startelf besitzer besitzerin besitzern besitzerinnen herrchen frauchen sfoglina sfogline
    kochin pfarrer pfarrerin gruender jubilar jubilarin adjoint adjointe maries championne
    vainqueur realisateur infirmier avocate pretre pretres eveque eveques cuochi institutrice instituteur
    councillor councilor neighbours neighbors
    folla invitati abitanti fedeli pellegrini multitud fieles peregrinos
    glaubige pilger foule fideles pelerins youngsters
    kunde kundin kunden customer customers client clients clientes clienti cliente clientele
    temoin temoins trauzeugen trauzeugin testigos testimoni
    pendler fahrgaste passagiere reisende badegaste teilnehmenden zuschauerinnen besucherinnen
    commuters passengers travellers travelers bathers swimmers sunbathers surfers hikers tourists
    personne personnes gens navetteurs voyageurs passagers baigneurs touristes
    persona personas gente viajeros pasajeros banistas turistas
    bidders trustee trustees marchers recruits rekruten reclutas personnel soigneurs
    konfirmanden konfirmandinnen firmlinge confirmands cresimandi communiants comulgantes kommunionkinder
    erstkommunionkinder sternsinger chormitglieder kirchenchor gospelchor kantor kantorin cantor
    rabbiner rabbinerin
    chauffeurs chauffeuse busfahrer busfahrerin lokfuhrer lokfuhrerin schaffner schaffnerin zugbegleiter
    zugbegleiterin taxifahrer taxifahrerin fahrlehrer fahrlehrerin fahrschuler fahrschulerin azafata azafatas
    stewardess stewardesses stewards hostesses hotesses fahrgast learners motorcyclists motards motarde
    technicians techniciens tecnici tecnicos filatrice filatrici pescatori pescadores
    referendar referendarin referendare referendarinnen anwarter anwarterin anwarterinnen
    persone pendolari viaggiatori passeggeri bagnanti turisti
    coureurs coureur cycliste vendeuse vendeur habitants equipe chorale
    corredores corredor ciclista ciclistas vendedora vendedor vecinos aficionados equipo coro
    corridori podisti ciclisti venditrice venditore residenti tifosi
    herr frau mann manner frauen kind kinder junge madchen familie paar braut brautigam hochzeit
    mutter vater eltern sohn tochter bruder schwester grossmutter grossvater freund freundin
    gast gaste besucher besucherin publikum zuschauer teilnehmer teilnehmerin teilnehmende schuler
    schulerin studenten studierende spieler spielerin sportler sportlerin trainer trainerin
    kollege kollegin kollegen mitarbeiter mitarbeiterin mitarbeitende angestellte arzt arztin
    pflegekraft patientin lehrer lehrerin autor autorin redakteur redakteurin journalistin fotograf
    fotografin kunstler kunstlerin sanger sangerin schauspieler schauspielerin grunder grunderin
    geschaftsfuhrer geschaftsfuhrerin vorstand vorsitzende vorsitzender prasident prasidentin
    ministerin bundeskanzler bundeskanzlerin kanzler kanzlerin burgermeister burgermeisterin
    bischof sprecher sprecherin referent referentin moderator moderatorin gewinner gewinnerin
    presentateur presentatrice presentador presentadora presentatore innkeeper innkeepers jugend
    staatssekretar staatssekretarin staatssekretaer staatssekretaerin
    polizisten polizist demonstranten landwirt inhaber inhaberin chefin unternehmer
    ehrenamtliche ehrenamtlichen freiwillige freiwilligen
    beschaftigte beschaeftigte feuerwehrleute feuerwehrmann feuerwehrfrau einsatzkrafte rettungskrafte sanitater
    pompier pompiers sapeurs-pompiers sapeur-pompier gendarme gendarmes secouristes
    bombero bomberos pompieri vigili carabiniere carabinieri soccorritori nipote nipoti
    pettorale pettorali dossard dossards startnummer startnummern
    homme hommes femme femmes enfant enfants garcon fille filles famille mariee marie mariage
    mere pere fils frere soeur grand-mere grand-pere ami amie amis invite invites visiteurs
    spectateurs participante joueur joueurs joueuse entraineur collegue collegues
    salarie salaries employe employes medecin infirmiere enseignant professeur auteur autrice
    ecrivain journaliste redacteur redactrice photographe artiste chanteur chanteuse acteur actrice
    danseur danseuse fondateur fondatrice directeur directrice presidente ministre maire
    depute deputee candidat porte-parole chercheur chercheuse laureat gagnant gagnante
    manifestants policiers benevoles benevole eleves etudiants
    hombre hombres mujer mujeres nino ninos nina ninas chico chica familia pareja novia novio boda
    madre padre padres hijo hija hermano hermana amigo amiga amigos invitado invitados
    visitantes espectadores participantes jugador jugadores jugadora entrenador companero
    companeros empleado empleados trabajadores medico medica enfermera paciente profesor profesora
    autora escritor escritora periodista redactor redactora fotografo fotografa artista cantante
    actriz bailarin bailarina fundador fundadora directora presidenta
    ministro ministra alcalde alcaldesa candidato candidata portavoz investigador investigadora
    ganador ganadora manifestantes policias voluntarios voluntario voluntaria voluntarias alumnos estudiantes
    uomo uomini donna donne bambino bambini bambina ragazzo ragazza ragazzi famiglia coppia sposa sposo
    sposi matrimonio genitori figlio figlia fratello sorella amico amica amici
    ospite ospiti visitatori spettatori partecipanti giocatore giocatori giocatrice allenatore
    collega colleghi dipendente dipendenti lavoratori medici infermiera paziente insegnante
    professore professoressa autore scrittore scrittrice giornalista redattore redattrice
    attore attrice ballerino ballerina fondatore
    direttore direttrice sindaco sindaca portavoce ricercatore
    ricercatrice vincitore vincitrice manifestanti poliziotti volontari volontario volontaria studenti alunni
    modella modelle youth jugendliche jugendlichen monitora monitoras monitrice monitrices
    animateur animateurs animatrice animatrices animatore animatori animatrici
    consejero consejera consejeros consejeras concejal concejala concejales consigliere consigliera consiglieri
    peques peque
    ruler rulers warrior warriors survivor survivors victim victims refugee refugees migrant migrants
    fighter fighters rebel rebels activist activists troops prisoner prisoners hostage hostages mourners
    pilgrims worshippers voters citizens villagers inhabitants veteran veterans nuns monk monks
    opfer fluchtling fluchtlinge kampfer aktivist aktivistin aktivisten soldaten gefangene
    militant militante militants victime victimes refugie refugies combattants soldats gilets-jaunes
    activista activistas victima victimas refugiados combatientes soldados migrantes
    attivista attivisti vittima vittime rifugiati combattenti soldati migranti
    figurante figuranti figurants figurantes statisten busker buskers strassenmusiker musiker musikerin
    musicien musicienne musiciens musicista musicisti musico musicos cuadrilla
    brass-section string-section horn-section woodwind-section
    pilots pilotos pilotes piloti copiloto copilote
    skipper skippers crew crews equipage tripulacion tripulantes equipaggio besatzung
    quartetto cuarteto quatuor quintet quintett quintetto quinteto quintette
    officials hiker bartender bartenders astronomer astronomers juez jueza giudice infanta infante
    ehepaar ehepaare estudiante studentin studentinnen grandparents grosseltern grands-parents kleinkind neugeborene
    neonato neonata podologe podologin podologue podologo podologa physiotherapist physiotherapists physiotherapeut
    physiotherapeutin kinesitherapeute fisioterapista fisioterapeuta dentist dentists zahnarztin hygienist
    hairdresser hairdressers friseurin coiffeuse peluquera parrucchiera waitress kellnerin camarera cameriera
    electrician electricians elettricista midwife midwives hebamme hebammen ostetrica paramedic
    paramedics psychologist psychologin psicologa therapist therapeutin lifeguard lifeguards bagnino socorrista
    praktikantin stagista tirocinante apothekerin pharmacienne farmacista optikerin fisherman fishermen pecheur
    pescatore aines kandidierende kandidierenden
    outfit outfits ootd
    referee referees umpire umpires arbitre arbitres arbitro arbitri arbitra schiedsrichter schiedsrichterin
    hauswart hauswartin hausmeister hausmeisterin drumline pitmaster pitmasters custode custodi zookeeper zookeepers jugendgruppe
    decano decana dekan dekanin doyen doyenne streikende streikposten grevistes huelguistas scioperanti picketers
    committee comite comitato komitee fusiliers grenadiers reenactors re-enactors
    apprentice apprentices apprenti apprentis apprentie apprenties apprendista apprendisti aprendiz aprendices
    azubi azubis auszubildende auszubildender lehrling lehrlinge panettiere panettieri
    panadero panaderos baker bakers backer backerin
    sailors marineros matrosen marinai seeleute
    judges jueces giudici juge juges jury jurys giuria jurado jurados
    famiglie familias familles familien bimbi bimba bambine
    fahrer fahrerin fahrerinnen operario operarios operaria operarias obreros ouvriers arbeiter arbeiterin
    socios socias squad squads junioren fantino fantini jinete jinetes sbandieratori sbandieratore sbandieratrici contradaioli
    majorette majorettes batucada jugendclub jugendchor kinderchor
    twins zwillinge jumeaux mellizos traders
    vorstandschaft allievi allieve allievo allieva ramasseurs ramasseuses balljungen recogepelotas raccattapalle
    kandidat kandidatin kandidaten kandidatinnen spitzenkandidat spitzenkandidatin spitzenkandidaten
    brigade brigades huespedes juniors sophomores freshmen
    frisur frisuren
    mentor mentors mentee mentees
    padrino padrini madrina madrine padrinos madrinas parrain parrains marraine marraines
    reiterin reiterinnen
    monseigneur recteur rectrice
    celebrities celebs celebrites celebridades
    quarterback quarterbacks torwart torhuter attaccante centravanti difensore centrocampista mittelfeldspieler verteidiger
    wahlsieger wahlsiegerin olympiasieger olympiasiegerin etappensieger etappensiegerin
    capogruppo detenido detenidos detenida detenidas arrestato arrestata arrestati
    locataire inquilino inquilina
    barbero barberos tatuatore tatuatrice tatuador tatuadora tatoueur tatoueuse
    parchen parchens jungs ragazze pensioner pensioners rentnerin jubilado jubilada jubilados pensionati
    retraitee widower witwe witwer viuda viudo vedova vedovo veuf saugling neonati scouts pfadfinder pfadfinderin
    exploradores
    skier skiers snowboarder snowboarders golfer golfers wrestler wrestlers gymnast gymnasts triathlete triathletes
    fencer fencers karateka karatekas judoka judokas instructor instructors schwimmerin schwimmerinnen kletterer
    kletterin kletterinnen skifahrer skifahrerin skilehrer skilehrerin turnerin turnerinnen tanzer tanzerin
    tanzerinnen boxerin fechter fechterin ruderer ruderin golferin tennisspieler tennisspielerin kampfrichter
    kampfrichterin triathlet triathletin athlet athletin botschafter botschafterin elektriker elektrikerin pfleger
    pflegerin altenpfleger altenpflegerin krankenpfleger krankenpflegerin krankenschwester blutspender blutspenderin
    rezeptionist rezeptionistin dachdecker nageur nageuse nageurs nageuses grimpeur grimpeuse grimpeurs grimpeuses
    skieur skieuse skieurs gymnaste gymnastes boxeuse escrimeur escrimeuse rameuse golfeur golfeuse tennisman
    tenniswoman danseuses instructeur instructrice entraineuse coureuse lyceen lyceenne lyceens receptionniste
    aide-soignante aide-soignant aides-soignants donneur donneuse donneurs electricien nadador nadadora nadadores
    nadadoras escalador escaladora escaladores esquiador esquiadora esquiadores gimnastas boxeador boxeadora judoca
    esgrimista remero golfista golfistas tenista tenistas instructora instructores deportista deportistas
    recepcionista donante donantes cuidadora cuidador cuidadores electricista albanil albaniles nuotatore nuotatrice
    nuotatori nuotatrici scalatore scalatrice arrampicatore arrampicatrice sciatore sciatrice sciatori ginnasta
    ginnaste pugile pugili schermitore schermitrice tennista tenniste istruttore istruttrice istruttori corridore
    badante badanti infermieri receptionista donatore donatrice donatori muratore muratori plotone accountant
    accountants janitor housekeeper postwoman optician physician counsellor counselor psychiatrist tutor tutors
    headteacher headmaster schoolchildren alumnus clerk salesperson saleswoman chairperson congressman congresswoman
    sergeant deacon choirboy parishioner parishioners congregation designerin technikerin gastgeber gastgeberin
    reiseleiter reiseleiterin forsterin postbote bauerin apotheker chirurg chirurgin therapeut psychologe
    sozialarbeiter sozialarbeiterin betreuer betreuerin lehrkraft lehrkrafte dozent dozentin rektor rektorin
    schulleiter schulleiterin absolvent absolventin sekretarin verkaufer maklerin bankier partnerin schatzmeister
    schatzmeisterin kassenwart kassenwartin beisitzer beisitzerin ratsmitglied ratsmitglieder polizistin soldatin
    pastorin diakon diakonin messdiener messdienerin ministranten developpeur developpeuse hotesse factrice
    agriculteur agricultrice chirurgien chirurgienne sage-femme therapeute psychologue proviseur diplomee stagiaire
    stagiaires courtier banquier investisseur tresorier tresoriere senateur diacre paroissiens desarrollador
    disenador disenadora anfitrion anfitriona agricultor agricultora cirujano cirujana matrona terapeuta psicologo
    educador tesorero tesorera diputado diputada diacono feligreses architetta autista cuoca agricoltore chirurgo
    chirurga educatore maestre rettore laureato laureata banchiere investitore tesoriere deputato deputata
    poliziotto poliziotta suore parrocchiani
    medewerker medewerkers medewerkster speler spelers leerling leerlingen vrijwilliger vrijwilligers klanten
    deelnemers bezoekers eigenaar eigenaren oprichter oprichtster bruidspaar bruid bruidegom kinderen jeugdleden
    tandarts tandartsen mondhygiënist funcionários funcionárias alunos alunas jogadores jogadora jogadoras padeiro
    padeira confeiteira confeiteiro cozinheiro cozinheira convidados fadista medarbetare spelare kunder gäster
    deltagare brudpar ordförande lärare besökare medarbejdere medarbejder ansatte spillere deltagere brudepar værter
    køkkenchef pracownicy pracownik uczniowie nauczyciele nauczycielka zawodnicy zawodnik klienci goście
    uczestnicy doradca doradcy
    vrouw vrouwen mannen meisje meisjes jongen jongens jongeren kleinkinderen peuters kleuters moeder moeders vader
    vaders ouders grootouders zus zussen broer broers tweeling gezin gezinnen echtpaar bewoners inwoners
    buurtbewoners buren gasten toeschouwers winnaar winnaars burgemeester wethouder wethouders raadslid raadsleden
    voorzitter bestuursleden postbode bakker kapper kapster boer boerin brandweerman brandweerlieden politieagent
    agenten verpleegkundige verpleegkundigen huisarts leraar lerares juf collega's
    artiest zanger zangeres muzikant muzikanten danseres schrijver schrijfster jubilaris
    vrijwilligster oprichters eigenaresse
    soccorritore soccorritrice rescuer rescuers rettungsschwimmer rettungsschwimmerin bergretter bergretterin
    sauveteur sauveteurs sauveteuse rescatador rescatadores rescatadora corsisti corsista kayaker kayakers imputato
    imputati imputata magistrats richterin escursionista escursionisti wanderin trener trenerka treneri antrenor
    """
)
# Verbs and phrases of people doing things, as captions say them ("speaks", "posiert").
PERSON_VERBS: Final[frozenset[str]] = _s(
    """
    smiles smiling poses posing posed speaks speaking spoke talks talking addresses attends attending
    greets greeting waving laughs laughing celebrates celebrating hugs hugging shakes sits
    sitting stands standing walks walking arrives arriving meets meeting gestures gesturing holds
    interviewed pictured portrayed looks listens listening wears wearing signs signing
    scores scored celebrate cheer cheering cheers applaud applauds swims swimming dances dancing
    runs running sings singing plays playing kisses kissing cries crying embraces hugged
    jubelt jubeln applaudiert tanzt singt spielt schwimmt lauft
    applaudissent danse chante joue nage
    sorridono posano interviene intervengono salutano abbracciano festeggiano esultano
    sonrien posan saludan abrazan celebran retratado retratada aplaude
    lacheln gratuliert gratulieren lachen
    sourient posent saluent celebrent recoit applaudit congratulates
    anota aplauden baila canta juega nadando corre animando
    esulta segna applaude balla gioca nuota brindano brinda
    waiting warten wartet attendent esperan aspettano
    protesting protestieren protestierten streiken streikten
    protestan protestano scioperano
    spricht sprach lachelt lacht posiert posieren begrusst winkt feiert umarmt sitzt
    trifft tragt abgebildet gesprach
    sourit pose parle discute salue accueille celebre embrasse assis debout arrive rencontre
    habla sonrie posa saluda celebra abraza sentado sentada llega reune conversa
    parla sorride saluta festeggia abbraccia seduto seduta arriva incontra indossa
    """
)
# A container (class/id tokens) that holds pictures of people.
_PERSON_CONTAINERS: Final[frozenset[str]] = _s(
    """
    avatar avatars author authors byline bylines profile profiles userpic user users member members
    team teams staff people person persons employee employees speaker speakers bio bios biography
    contributor contributors writer writers journalist reporter columnist columnists founder founders
    board leadership management executive executives faculty headshot headshots portrait portraits
    testimonial testimonials reviewer reviewers commenter commenters comment comments participant
    participants attendees guest guests hosts presenter presenters panelist panelists
    candidate candidates crew cast actor actors artist artists player players roster squad coach
    responses replies reply antworten reponses respuestas risposte kommentare commentaires
    comentarios commenti giocatori jugadores spieler joueurs referierende relatori ponentes
    agents agentes coaches doctor doctors physician physicians lawyer lawyers partner-photo vcard hcard h-card mugshot
    selfie gravatar who-we-are whoweare about-us contact-person ansprechpartner ansprechpartnerin
    autor autoren autorin mitarbeiter mitarbeitende personal vorstand redaktion referenten referent
    ueber-uns uber-uns kontaktperson mannschaft kader defunti defunts difuntos verstorbene
    auteur auteurs auteure equipe collaborateurs intervenants intervenant membres membre redaction
    conferenciers fondateurs trombinoscope lookbook lookbooks
    autores equipo miembros integrantes ponente plantilla redaccion perfil
    autore autori squadra membri relatore redazione chi-siamo profilo
    kommentar commentaire comentario commento benutzer utilisateur utilisateurs usuario usuarios utente utenti
    mitglied mitglieder miembro membro profil autora autrice redacteur redacteurs redactor redattore redattori
    verfasser
    docenti dozenten entrenadores allenatori aerzte arzte medecins abogados anwaelte avvocati
    """
)
# A memorial's own words: its folders and boxes hold pictures of the person and their family
# (`/obituaries/<id>/gallery/`), except its site's assets (`/obituaries/static/candle.png`).
OBITUARY_WORDS: Final[frozenset[str]] = _s(
    """
    obituary obituaries obit obits nachruf nachrufe traueranzeige traueranzeigen necrologio necrologi esquela esquelas
    obituario obituarios
    """
)
MEMORIAL_ASSETS: Final[frozenset[str]] = _s(
    "static assets plugins plugin themes theme icons icon flowers fleurs blumen fiori flores products shop store candles kerzen"
)
PERSON_CONTAINERS: Final[frozenset[str]] = _PERSON_CONTAINERS | OBITUARY_WORDS
# A container that *strongly* marks its images as a person's picture (avatars, bylines).
STRONG_CONTAINERS: Final[frozenset[str]] = _s(
    """
    avatar avatars userpic gravatar headshot headshots byline bylines author-avatar author-image
    author-photo author-img authorimage authorphoto profile-photo profile-picture profile-pic
    profilepic profilephoto portrait portraits mugshot selfie vcard hcard h-card trombinoscope
    """
)
# Roles and job titles that appear next to a photo on team pages.
ROLES: Final[frozenset[str]] = _s(
    """
    ceo cto cfo coo cmo cio cpo vp svp evp founder cofounder co-founder chairman chairwoman chair president
    director head manager lead engineer developer designer editor reporter correspondent analyst
    partner associate counsel attorney professor lecturer researcher fellow intern officer
    secretary treasurer advisor adviser consultant specialist coordinator assistant architect
    owner principal dean chief journalist photographer columnist
    geschaftsfuhrer geschaftsfuhrerin grunder grunderin leiter leiterin vorstand vorstandin
    vorsitzender vorsitzende inhaber inhaberin referent referentin redakteur redakteurin
    entwickler entwicklerin berater beraterin prokurist assistentin sachbearbeiter sachbearbeiterin
    fondateur fondatrice directeur directrice gerant gerante responsable cheffe associe associee
    conseiller conseillere ingenieur chargee charge
    fundador fundadora directora gerente jefe jefa socio socia asesor asesora
    ingeniero ingeniera coordinador coordinadora
    fondatore direttore direttrice amministratore responsabile consulente
    ingegnere coordinatore coordinatrice
    direktor direktorin ingenieurin architetto segretaria segretario impiegato impiegata consultor consultora
    arquitecto arquitecta secretaria coordinateur secretaire technicien technicienne technician recruiter
    goalkeeper defender midfielder striker winger captain torwart torhuter verteidiger abwehrspieler
    mittelfeldspieler sturmer angreifer kapitan spielfuhrer gardien defenseur attaquant ailier capitaine
    portero defensa centrocampista delantero capitan portiere difensore attaccante capitano
    actor actress actriz acteur actrice schauspieler schauspielerin attore attrice dancer danseur danseuse
    tanzer tanzerin bailarin bailarina ballerina ballerino soprano mezzosoprano mezzo-soprano contralto tenor tenore
    bariton baritono baritone bass-baritone countertenor pianist pianiste pianista violinist violinistin violoniste
    violinista cellist cellistin violoncelliste violoncellista conductor dirigent dirigentin choreographer
    choreograph choreographin choregraphe coreografo coreografa realisateur realisatrice regisseur regisseurin
    regista composer komponist komponistin compositeur compositrice compositore compositora compositor
    """
)
# The image is not a person: logos, icons, UI chrome, diagrams, goods, places.
NOT_PERSON: Final[frozenset[str]] = _s(
    """
    logo logos logotype wordmark brand brands branding icon icons favicon ico sprite sprites glyph emoji
    emojis emoticon smiley badge badges flag flags button buttons btn arrow arrows chevron caret spinner
    loader spacer pixel pixels tracking tracker beacon placeholder
    placeholders dummy default-image noimage no-image fallback chart charts graph graphs diagram
    og-default default-og default-share share-default social-default default-social default-thumbnail
    diagramm diagramme diagramma diagrama graphique graphiques
    diagrams infographic infographics plot figure-chart screenshot screenshots screencap graphic
    graphics illustration illustrations vector clipart pattern texture background-pattern map maps
    mapa mappa carte karte stadtplan floorplan floor-plan grundriss plano planimetria plan
    product products produkt produkte produit produits producto productos prodotto prodotti
    sku packshot packshots flatlay flat-lay freisteller cart shop-item merchandise king-size queen-size kingsize queensize
    banner banners ad ads advert advertisement advertising sponsor sponsors sponsored adslot
    promo teaser-ad qr qrcode barcode captcha signature signatur unterschrift stamp seal certificate award trophy
    trophies trofeos trofei trophees
    rating payment visa mastercard paypal app-store appstore googleplay google-play
    social share facebook twitter instagram linkedin youtube whatsapp pinterest tiktok rss
    newsletter testata masthead schriftzug wortmarke profile-banners profile-banner cover-photo cover-img
    profile-cover coverphoto header-photo book-cover bookcover album-cover pochette firma
    profile-background profile-bg background-image backgroundimage hintergrundbild wallpaper wallpapers
    author-cover cover-image
    family-room family-rooms family-suite familienzimmer chambre-familiale habitacion-familiar camera-familiare
    family-loft family-lofts family-suites family-apartment family-apartments family-cabin family-cabins family-chalet
    family-bungalow family-tent family-tents family-ticket family-tickets family-pass family-pack family-size
    family-pool family-bathroom family-owned family-car family-menu
    urkunde urkunden meisterbrief geburtsurkunde sterbeurkunde heiratsurkunde taufschein
    acte-naissance acte-de-naissance acte-deces acte-de-deces acte-mariage acte-de-mariage
    acta-nacimiento acta-de-nacimiento partida-de-nacimiento atto-di-nascita atto-nascita
    birth-certificate death-certificate marriage-certificate
    kirchenbuch kirchenbucher taufregister taufbuch sterberegister passagierliste passagierlisten
    passenger-list passenger-lists census censimento recensement censo volkszahlung
    index-card record-card medal-card attestato attestati attestation attestations certificado certificados
    zertifikat zertifikate affiche affiches staff-picks staff-pick
    facebook-group facebook-groups facebook-gruppe whatsapp-group whatsapp-gruppe telegram-group linkedin-group
    locandina locandine plakat plakate volantino volantini cartel carteles
    baby-foot babyfoot crew-neck crewneck crew-cab crew-socks crew-sock crew-cut
    baby-cream baby-creme baby-crema baby-oil baby-ol baby-olio baby-aceite baby-shampoo baby-lotion baby-wipes
    baby-wash baby-bath baby-bagnetto baby-bagno baby-dry baby-powder baby-food baby-milk baby-pflege baby-soap
    baby-gel baby-balm baby-sun baby-sunscreen baby-spray
    bouquet-sposa bouquet-mariee location-matrimonio location-matrimoni
    tabella tabelle
    figurine figurines figurina miniaturfiguren preiserfiguren
    elevation-profile height-profile hohenprofil profil-altimetrique profilo-altimetrico perfil-altimetrico
    label labels gutesiegel guetesiegel sello sellos
    infographie infographies infografia infografias infografica infografiche infografik infografiken
    puppet puppets marionette marionettes marionnette marionnettes marioneta marionetas titere titeres
    marionetta burattino burattini handpuppe handpuppen marionetten
    gargoyle gargoyles gargouille gargouilles gargola gargolas doccione doccioni wasserspeier
    testsieger monogram monogramme monogramma monograma travellers-choice travelers-choice editors-choice editor-choice tripadvisor blason blasons armoiries wappen stemma escudo
    """
)
# A crew-neck garment ("Merino Crew Sweater", `NW-W-MerinoCrew`): worn, not a ship's crew.
CREW_GARMENTS: Final[frozenset[str]] = _s("crew-sweater crew-sweatshirt crew-jumper crew-pullover crew-tee merino-crew "
                                          "cotton-crew cashmere-crew wool-crew fleece-crew")
# Who a shop's product is for ("Mocassino uomo", "Chaussures homme", "Herren Winterjacke",
# "Zapatillas mujer"): beside a garment word, the category, not a person in the picture.
GENDER_CATEGORY: Final[frozenset[str]] = _s(
    """
    men women herren damen homme hommes femme femmes hombre hombres mujer mujeres uomo donna
    unisex kids kinder enfant enfants nino nina ninos bambino bambina bambini boys girls jungen madchen garcon fille
    """
)
APPAREL: Final[frozenset[str]] = _s(
    """
    shoes shoe sneaker sneakers boots loafer loafers trainers schuh schuhe stiefel chaussures baskets bottes mocassins
    zapatos zapatillas botas mocasines scarpe mocassino mocassini stivali stivaletti sandali
    jacket jackets coat parka jeans shirt shirts tshirt t-shirt hoodie sweater trousers skirt
    jacke jacken hosen hemd mantel kleid gurtel veste blouson chemise pantalon ceinture
    chaqueta camisa pantalones cinturon giacca giubbotto camicia pantaloni cintura felpa maglione
    """
) | CREW_GARMENTS
# German garments are compounds: "Winterjacke", "Laufschuhe", "Regenhose". (Not the words that
# are also something else: "watch", "dress" and "belt", German "Uhr", "Rock" and "Hose", "montre".)
APPAREL_ENDINGS: Final = ("jacke", "schuhe", "schuh", "hose", "mantel", "kleid", "hemd", "shirt", "pullover", "stiefel")
# Things a photo shows instead of a person (objects, food, places, buildings).
# "Worn": a person in the picture only beside a garment ("portée" is also reach and litter).
WORN: Final[frozenset[str]] = _s("portee porte indossato indossata indossa getragen luciendo")
# Every worn word `_WORN_BY` reads ("worn by", "porté par", "llevado por"), folded.
WORN_ANY: Final[frozenset[str]] = WORN | _s("worn portees portes llevado llevada llevados llevadas lucido lucida "
                                            "indossati indossate")
# A close-up of a part of a thing: "detail of the cape worn by …" shows the cape.
DETAIL_WORDS: Final[frozenset[str]] = _s("detail details detalle detalles dettaglio dettagli closeup nahaufnahme")
# What shops name after people ("Anna Wrap Dress", "Emma Linen Trouser", "Sofa Emma"): after a
# given name these words make a product, never a surname.
PRODUCT_NOUNS: Final[frozenset[str]] = _s(
    """
    dress dresses linen trouser trousers pants skirt skirts blouse blouses shirt tshirt t-shirt sweater sweaters
    jumper cardigan cardigans coat jacket sandal sandals boots sneakers scarf scarves tote bag hoodie bluse
    pullover kleid jupe robe manteau pantalon pantalons falda abrigo vestido abito pantaloni gonna cappotto
    blusa camicetta maglia felpa jersey
    wool silk leather denim velvet cashmere satin lace tulle chiffon cotton suede organza crepe tweed mohair merino
    seide soie dentelle velours seda encaje terciopelo seta pizzo velluto
    sofa couch armchair chair lamp bed shelf desk stool rug cushion
    mattress dresser sessel stuhl lampe bett teppich kissen canape fauteuil chaise divano poltrona sedia
    """
) | CREW_GARMENTS
# Seen from the air: whoever is on the ground is too small to know (every one of 40 labelled
# drone and aerial shots on the blind pages showed nobody identifiable, runners of a mass start
# and a festival's crowd among them). A shot word (`AERIAL_SHOTS`) says so alone; the others
# (`AERIAL`) only in a file name or before or after a view word ("aerial view", "vue aérienne"),
# not "aerial yoga", "drone pilots" (`phrases.aerial`).
AERIAL_SHOTS: Final[frozenset[str]] = _s("luftaufnahme luftaufnahmen luftbild luftbilder drohnenaufnahme drohnenaufnahmen "
                                         "drohnenbild drohnenbilder drohnenfoto drohnenfotos")
AERIAL: Final[frozenset[str]] = AERIAL_SHOTS | _s("aerial aerea aereo aerienne drone drohne drohnen dron")
AERIAL_VIEWS: Final[frozenset[str]] = _s("view views vue vues vista vistas veduta ansicht shot shots photo photos foto fotos "
                                         "image images imagen immagine footage aufnahme aufnahmen bild bilder ripresa "
                                         "riprese toma tomas prise")
# Animals, whose portraits are pet photographers', tattooists' and painters' ("ritratto cane",
# "Dog portrait", "portrait de chien"): a portrait word beside one is no person's. (Not "cat",
# "chat" or "pet": a cat-eye make-up, a live chat's avatar, a pet sitter's portrait.)
ANIMALS: Final[frozenset[str]] = _s(
    """
    dog dogs puppy puppies kitten kittens horse horses hund hunde katze katzen pferd pferde
    chien chiens chiot cheval chevaux perro perros gato gatos caballo caballos cachorro
    cane cani gatto gatti cavallo cavalli cucciolo
    """
)
THINGS: Final[frozenset[str]] = PRODUCT_NOUNS | AERIAL | _s(
    """
    recipe dish food meal cake bread soup salad pasta pizza dessert cookies cookie ingredients kitchen
    aula salle saal
    plate bowl cup coffee tea wine beer drink cocktail fruit vegetables apple tomato chocolate
    house home apartment flat building facade exterior interior room bedroom bathroom livingroom
    living garden balcony terrace pool villa property estate office lobby street city skyline
    landscape mountain mountains lake river sea beach forest tree trees flower flowers sunset sunrise park parc parque parco
    waiting-area waiting-room reception-area wartezimmer wartebereich
    guest-room guest-rooms guestroom guestrooms guest-bedroom guest-bedrooms guest-bathroom guest-suite guest-suites
    guest-house guest-houses guesthouse guesthouses guest-wc guest-toilet guest-lounge guest-cottage guest-apartment
    guest-parking gaste-wc gastewc gaste-bad gaste-zimmer gaste-toilette gaste-haus gaste-parkplatz gaste-parkplatze
    gaeste-wc gaeste-bad gaeste-zimmer gaeste-toilette
    visitor-parking visitors-parking besucher-parkplatz besucher-parkplatze mitarbeiter-parkplatz staff-room staffroom
    staff-parking kids-room kids-rooms kids-bedroom kinder-spielplatz baby-room
    bagno-ospiti camera-ospiti camere-ospiti habitacion-invitados habitaciones-invitados bano-invitados
    aseo-invitados chambre-amis chambres-amis
    piscina piscine schwimmbad museo musee vino treno tren grafico grafik graphique salle-bain coucher-soleil
    sky clouds snow view panorama bridge church cathedral castle museum tower monument station
    airport train car cars bike bicycle vehicle truck boat ship plane aircraft engine machine
    phone smartphone laptop computer tablet camera watch shoes shoe sneaker sneakers shirt t-shirt
    dress jacket bag handbag jeans hoodie sofa chair table lamp bed shelf furniture
    dog dogs cat cats bird birds horse animal animals pet puppy kitten
    martin-pescatore martin-pescador martin-pecheur
    plaque memorial statue sculpture grave tomb stamp postage coin banknote mural
    gedenktafel denkmal skulptur grab briefmarke munze
    tombe timbre piece billet
    placa lapida estatua escultura tumba sello moneda
    targa lapide statua scultura tomba francobollo moneta
    rezept gericht essen kuchen brot suppe salat nachtisch zutaten kuche teller tasse kaffee wein
    haus wohnung gebaude fassade zimmer schlafzimmer badezimmer wohnzimmer garten balkon terrasse
    landschaft berg berge see fluss meer strand wald baum blumen sonnenuntergang himmel aussicht
    dom hafen brucke kirche schloss turm bahnhof zug auto fahrrad schiff flugzeug handy schuhe hemd kleid
    jacke tasche stuhl tisch lampe bett hund katze vogel pferd
    recette plat gateau pain soupe salade cuisine assiette cafe vin maison appartement
    batiment chambre jardin balcon paysage montagne lac riviere mer plage foret
    arbre fleurs coucher ciel vue pont eglise chateau tour gare voiture velo bateau avion telephone
    chaussures chemise robe veste sac chaise lit chien chat oiseau cheval
    receta plato comida pastel tarta pan sopa ensalada postre ingredientes cocina casa piso
    apartamento edificio fachada habitacion dormitorio bano salon terraza paisaje montana
    lago rio mar playa bosque arbol flores atardecer cielo vista puente iglesia castillo torre
    estacion coche bicicleta barco telefono zapatos camisa vestido chaqueta bolso silla mesa
    lampara cama perro gato pajaro caballo
    ricetta piatto cibo torta pane zuppa insalata dolce ingredienti cucina appartamento
    facciata stanza bagno soggiorno giardino balcone terrazza paesaggio montagna
    fiume mare spiaggia bosco albero fiori tramonto ponte chiesa castello
    stazione macchina bicicletta barca aereo scarpe camicia vestito giacca borsa sedia
    tavolo lampada letto cane gatto uccello cavallo
    weather wetter meteo family-dental family-dentistry family-pharmacy family-office empfang empfangsbereich
    mascot mascots mascotte mascottes maskottchen flyer flyers plaza-mayor calle-mayor
    cow cows cattle calf calves sheep lamb lambs goat goats pig pigs donkey donkeys chicken chickens hens
    duck ducks rabbit rabbits hedgehog hedgehogs owl owls deer squirrel squirrels
    kuh kuhe rind rinder kalb kalber schaf schafe ziege ziegen schwein schweine esel huhner
    kaninchen eichhornchen
    vache vaches veau mouton moutons agneau chevre chevres cochon cochons poule poules canard canards
    herisson hibou chevreuil ecureuil
    vaca vacas ternero oveja ovejas cordero cabra cabras cerdo cerdos burro burros gallina gallinas
    conejo conejos erizo ardilla
    mucca mucche vacca vacche vitello pecora pecore agnello capra capre maiale maiali asino asini
    galline coniglio conigli scoiattolo
    pony ponies poney poneys mule mules mulet mulets anesse anesses pferde cavalli haflinger
    ibex bouquetin bouquetins steinbock steinbocke stambecco stambecchi marmot marmots marmotte marmottes
    murmeltier murmeltiere marmotta chamois gamsen camoscio camosci
    drehleiter steckleiter anlegeleiter hakenleiter schiebleiter stehleiter bockleiter strickleiter
    motor motors motoren motore motori moteur moteurs
    """
)
# Sections that hold goods, ads, navigation or place data rather than people.
NOT_PERSON_CONTAINERS: Final[frozenset[str]] = _s(
    """
    logo logos brand brands header-logo site-logo navbar nav navigation menu footer-logo icon icons
    sprite toolbar product products product-image product-gallery product-card product-grid
    shop store cart basket checkout woocommerce price pricing listing listings property properties
    real-estate immobilie immobilien expose gallery-property map maps mapa mappa carte karte
    advert advertisement ad ads adslot sponsor sponsors sponsored partner-logos partners clients
    customers-logos payment payments share sharing social social-icons social-links follow
    recipe recipes rezept rezepte recette recettes receta recetas ricetta ricette ingredients
    chart charts graph diagram figure-chart weather
    """
)
# Captions and alts that only credit the photographer or agency ("Foto: dpa").
# Photo and stock agencies: a name after one in a file name is the photographer's.
AGENCIES: Final[frozenset[str]] = _s(
    "getty gettyimages dpa afp reuters ap epa ansa efe keystone shutterstock istock unsplash picture-alliance imago "
    "fotolia adobestock depositphotos pixabay pexels"
)
CREDIT_WORDS: Final[frozenset[str]] = AGENCIES | _s(
    "credit credits photo foto photos fotos image bild imagen immagine copyright quelle source fuente fonte via"
)

# File-name tokens that say "a person's picture" on their own.
FILE_PERSON: Final[frozenset[str]] = _s(
    """
    portrait portraits headshot headshots avatar avatars selfie profile profil perfil profilo userpic
    mugshot team staff speaker speakers author autor auteur autore bio memoriam kader
    pressshot press-shot pressshots press-shots promo-shot promoshot
    about-me sobre-mi ueber-mich uber-mich chi-sono qui-suis-je
    portrat portraet ritratto retrato trombi
    """
)

# Given names frequent in the five languages' countries and in international news: a
# capitalised given name followed by a capitalised word reads as a person's name.
GIVEN_NAMES: Final[frozenset[str]] = _s(
    """
    claus klaus marcus denise julien florian tamsin harold petra emma
    jess jen dan matt liz lizzie ollie archie freddie jon pete steph millie izzy alistair sofiane tobi robbie teddy
    susie sammy benny nicky stevie timmy rory ava ciara cian eoin fergus hamish ewan morag lorna shona seamus
    nell gus fran paddy bea orla amara peppe gigi hansi seb sinead ronan fionn maeve tadhg ainhoa unai yeray txema
    gorka koldo mikel asier aritz ibai
    aaron adam adrian adriana agnes alain alan albert alberto alejandra alejandro alessandra alessandro
    alessia alex alexander alexandra alexandre alexis alfonso alfred alice alicia alina amanda amelie
    ana andrea andreas andrew angela angelika angelo anja anke ann anna annalena anne annette annika
    anthony antoine antonia antonio armin arnaud arthur aurelie axel barack barbara bastian beatrice
    ben benedikt benjamin bernard bernd bettina bill birgit bjorn boris brian bruno camille carla
    carlo carlos carmen carole caroline carsten catherine cecile celine charles charlotte chiara chloe
    chris christian christiane christina christine christoph christophe christopher claire clara
    claudia claudio clement constanze cristina daniel daniela daniele danielle dario david davide
    deborah denis dennis diana diego dieter dirk dominik dominique donald doris edith eduardo elena
    elisa elisabeth elise elizabeth ella emily emmanuel enrico enrique eric erik ernst esther
    eva fabian fabio fabrice federica federico felix fernando francesca francesco francisco
    franck francois francoise frank franz franziska frederic friedrich gabriel gabriele gabriella
    george georg gerhard giorgia giovanni giulia giulio giuseppe gregor gregory guillaume gunter
    hanna hannah hans harald hartmut heike heinz helen helena helene helga henri henrik herbert
    hubert hugo ignacio ines ingrid irene isabel isabella isabelle ivan jacob jacques jakob james
    jan jana jane janet javier jean jennifer jens jeremy jessica joachim joe johann johanna john
    jonas jorg jorge jose josef joseph juan judith julia julian julie juliette jurgen justin
    karin karl katarina katharina kathrin katja kevin kristina lara laura laurent lea lena
    leon leonardo leonie lisa lorenzo louis louise luca lucas lucia luigi luis luisa lukas lutz
    manuel manuela marc marcel marco margarete maria marie marina mario marion mark markus marta
    martin martina mathias mathieu matteo matthew matthias maurizio max maxime melanie michael
    michel michela michele michelle miguel mike monika monica nadine natalie nathalie nicola nicolas
    nicole niklas nina noah norbert olaf olga oliver olivia olivier pablo paola paolo pascal patricia
    patrick paul paula pedro peter philipp philippe pierre pietro rachel rafael raffaele
    ralf ramon raphael raul rebecca regina reinhard rene ricardo riccardo richard rita robert roberta
    roberto rodrigo roger roland romain rosa ruth sabine sabrina samuel sandra sara sarah sebastian
    sebastien sergio silvia simon simone sofia sonia sophie stefan stefania stefano steffen stephan
    stephane stephanie steve steven susanne susan svenja sven sylvie tanja theresa thomas thorsten
    tim timo tobias tom tommaso torsten ulrich ulrike ursula uwe valentina valerie vanessa vera
    veronique victor victoria vincent vincenzo virginie walter werner william wolfgang xavier
    yannick yves zoe kamala volodymyr vladimir
    sandrine thierry corinne mathilde monique didier herve gaelle solene oceane maelle emilie loic regis
    ghislaine murielle nadege sylvain jeremie gregoire damien aurelien agathe renate stefanie heinrich gunther
    hildegard gertrud waltraud irmgard jutta ingeborg domenico luciano giuseppina giovanna caterina rosaria
    concetta umberto ennio alvaro joaquin josefa francisca nuria inmaculada cristobal agustin horacio mateo
    octavio rogelio
    keir rishi narendra xi recep elon jeff sundar satya taylor beyonce rihanna
    serena novak lionel cristiano kylian erling jude lebron

    abby abdul abigail ada adele adeline adriano agata agostino ahmed aida aidan aileen aimee aisha akira
    alba albrecht alec aleksandra alessio alexa alexei alfie alfredo ali alicja alison alma amaia amalia
    amber ambra amelia amina amir amira amit amy anastasia andi andre andrei andres andy angelina
    angelique angus anika anita annabel annamaria annegret anouk ansgar antje anton antonella ariane ariel
    arjun arne arturo astrid aurora ayla aylin ayse bart bastien beate beatriz belen benoit bernardo
    berta bertrand bianca birte blanca bogdan brenda brigitte britta bruce bryan burak caitlin callum
    camila candela carina carl carlotta carmela carolina carolin cassandra catalina cathy cecilia cedric
    celia cesar chantal chen christa cindy claude clemens colin conchita connor constantin cora
    corinna cornelia costanza craig cynthia dagmar dalia damian damiano dana dani danilo daria darius
    dave dean debora delphine derek desiree detlef dietmar dimitri dina dolores dominika donatella
    dora dorothea dorothee doug duncan dylan eberhard ed edoardo edward edwin eileen ekaterina elaine
    eleonora elias elif elke ellen ellie elodie eloise elsa elvira emanuele emil emilia emilio
    emine emre enzo erika ernesto esperanza estelle esteban ethan eugen eugenia evelyn ewa fabienne
    fatima felipe felicitas ferdinand fernanda filippo fiona flavia flavio florence florentin
    franca francine frauke frida fritz gabriela gael gareth gaspard gemma geneva genevieve
    gerard gerd gerrit gianluca gianni gilbert gilles gina gino ginevra giorgio gisela giuliana gloria
    gonzalo grace greta gretchen guido guillermo gunnar gustav gustavo hakan hamza hannes harry hassan
    hector heidi heiko heiner helmut henning henry hermann hilde holger horst hugh ian ilaria ilse imke
    imogen ingo irina iris isaac isabela isidro ismael ivana jack jacqueline jaime jamie janina janine
    jannik jasmin jason javi jean-luc jean-pierre jeanne jenny jerome jesper jesus jill joan joanna joao
    jochen jodie joel johannes jonathan jordi josefine josephine joshua josiane juergen julius justus
    kai kamil karen karim karolina kasper kate katherine kathleen katie katrin kay keith kemal kenji kerstin
    kim kirsten klara konrad kristin kurt lars laetitia larissa laszlo laure laurence laurie leandro
    leila lennart leo leonard leopold leticia lia liam lidia lilian liliana lina linda lise
    liv lorena lorraine lotte louisa lourdes luana luc lucie lucio ludovic ludwig luz lydia
    madeleine magda magdalena magnus maik malte manon manfred mara marcello marcos margaux
    margherita margot mariana marianne mariano marie-claire marine marisa marius marlene marthe
    martine massimo matilde mats maurice maximilian maya mehmet mei melissa mercedes mia michaela
    michelangelo mila milan milena miriam mirko moritz muhammad nadia naomi natalia nathan neil nele
    nico nicolai niels nikola nils noelia noemi nora norma oscar ottavio otto pam pamela
    patrizia pauline penelope per petr philippa pia pierluigi pilar piotr pol priscilla quentin
    rafaela rainer raj ramona raquel rebekka regine reto ricarda rico robin rocio rolf romina
    ronald rosalie rosario rose rosemarie roxana ruben rudolf rudi sabina salvatore sam samira
    sandro santiago sascha saskia sean selina serge sergei severin sibylle siegfried silke silvio
    simona siobhan sonja soraya stella stephen susana svetlana sybille tamara tatiana teresa
    thea theo theodor tiago tina toni tony udo ugo ulla valentin valentino valeria
    vasco veronica veronika vicente vicky viktor viola violeta virginia vittoria vivian
    wanda wendy wilhelm willi yann yara yasmin yusuf yvonne zeynep
    priya anjali rahul deepak sunil vikram neha pooja sanjay ajay vijay rohit sunita
    nisha divya meera rajesh suresh ramesh manish nikhil rohan shreya ananya mohammed mohamed omar
    hussein ayesha ibrahim khalid tariq layla zainab samir farida rashid bilal imran salma youssef
    mustafa mahmoud abdullah rania mamadou moussa ibrahima aminata fatou ousmane abdoulaye kwame kofi
    chinedu ngozi adebayo thabo sipho ahmet fatma hiroshi takashi haruka keisha
    anand gaurav harish karthik mahesh mukesh naveen pradeep prakash rakesh sachin sandeep
    santosh vinod yogesh deepa geeta jyoti kavita rekha swati vandana
    ahmad hamid hamed nour mariam maryam walid waleed faisal jamal nabil
    ayman bashir hisham majid marwan nizar osama salim tarek wael yasser ziad habib houda
    jamila karima latifa malak reem souad hasan huseyin murat ozan selin
    serkan tolga chidi emeka obinna tunde femi kwaku akosua abena lerato tshepo themba zanele amadou
    boubacar cheikh modou oumar seydou aissatou mariama khady
    """
)
# Rendition words in file names (`x-large.jpg`, `mark_full-300x150.png`): a size, not a surname.
SIZE_WORDS: Final[frozenset[str]] = _s(
    "scaled thumb thumbnail small medium large big orig original full square cutout gross klein xl xxl hd hq "
    "retina web mobile desktop"
)

# A file name made of these words only, with a default or gender word among them, is a site's
# stock avatar (`default_large.png` in a profile folder, XenForo's `avatar_male_m.png`).
DEFAULT_AVATAR_WORDS: Final[frozenset[str]] = _s(
    "default defaults standard male female unknown missing defaut defecto predeterminado predefinito "
    "generic anonymous anonyme anonimo anonym ghost"
)
# The other languages' gender words, stock avatars only beside an avatar word in the name itself
# (`avatar-femme.png`); not "donna" nor "mann", which are a given name and a surname too.
GENDER_AVATAR_WORDS: Final[frozenset[str]] = _s("homme femme hombre mujer uomo frau")
# An avatar drawn from a name's initials (`avatar-initiales-pb.png`): the letters follow the word.
INITIALS_WORDS: Final[frozenset[str]] = _s("initials initiales iniciales iniziali initialen")
AVATAR_FILLERS: Final[frozenset[str]] = SIZE_WORDS | DEFAULT_AVATAR_WORDS | _s(
    "avatar avatars profile user member photo image img pic picture icon face head person man woman men women "
    "l m s u f n x sm md lg xs xxs mini tiny normal sq homme femme hombre mujer uomo donna mann frau robot "
    "recruiter coach author member-photo utilisateur utente usuario benutzer nutzer membre miembro mitglied "
    "comment comments commenter kommentar kommentare commentaire commentaires commento commenti comentario comentarios"
)

# File-name words of tracking pixels and spacers (too ordinary to count in alt text).
FILE_NOT: Final[frozenset[str]] = _s("clear blank transparent spacer spacer-gif loading lazy lazyload 1x1 pixel trans shim preload preloader loader spinner leer vide vacio quote-mark quote-marks quotation-mark quotation-marks quote-icon")

# Honorifics that introduce a person's name.
HONORIFICS: Final[frozenset[str]] = _s("gov sen rep pres gen lt col capt sgt insp cllr dr prof mr mrs ms mx sir dame herr frau mme mlle sr sra srta sig sig.ra dott dottssa don dona")

# Stage and event words: people are on the picture ("keynote", "Podiumsdiskussion").
EVENT_WORDS: Final[frozenset[str]] = _s(
    """
    keynote panel-discussion podium lecture workshop ceremony award-ceremony concert gig rally
    first-communion erstkommunion kommunion premiere-communion primera-comunion prima-comunione comunione
    konfirmation firmung cresima bar-mitzvah bat-mitzvah ordination ordinations ordinazione ordenacion
    protest demonstration parade congress summit press-conference interview
    pressekonferenz pressekonferenzen pressetermin podiumsdiskussion vortrag vortragende preisverleihung kundgebung demo festakt
    neujahrsempfang sektempfang jahresempfang beim-empfang zum-empfang
    conference table-ronde ceremonie manifestation defile
    ponencia conferencia mesa-redonda ceremonia concierto manifestacion desfile
    conferenza tavola-rotonda cerimonia concerto manifestazione corteo premiazione
    trauung jubel siegerehrung bal baile ballo sitzung seduta first-dance premiere-danse erster-tanz
    lesson lessons lezione lezioni
    assemblee-generale asamblea-general assemblea-generale hauptversammlung mitgliederversammlung jahreshauptversammlung
    apero aperitivo aperitif aperitivos afterwork stammtisch
    plenarsitzung assemblea asamblea asambleas versammlung buergerversammlung burgerversammlung
    graduation graduations graduacion graduaciones remise-des-diplomes bal-de-promo prom abiball abschlussball
    zeugnisübergabe zeugnisuebergabe zeugnisverleihung podio
    inaugurazione conferenza-stampa convegno processione inauguracion rueda-prensa
    procesion einweihung prozession abschlussfeier
    ehrung inauguration conference-presse colloque procession
    scheckubergabe spendenubergabe entrega-cheque remise-cheque consegna-assegno cheque-presentation check-presentation
    remise-des-prix entrega-de-premios premiacion prize-giving prizegiving
    vernissage vernissages cavalcade sfilata spatenstich ubergabe uebergabe
    konzert konzerte richtfest ensayo-general dress-rehearsal generalprobe prova-generale repetition-generale estreno fruhschoppen
    reunion-publique reunions-publiques public-meeting town-hall-meeting riunione-pubblica reunion-vecinal informationsabend infoabend
    foto-di-scena foto-scena photo-de-scene photo-scene foto-de-escena szenenfoto szenenfotos szenenbild szenenbilder
    celebracion celebraciones celebrazione celebrazioni audicion audiciones conseil-municipal consiglio-comunale
    pleno-municipal gemeinderatssitzung stadtratssitzung
    debat debats debate debates dibattito dibattiti
    red-carpet tappeto-rosso alfombra-roja tapis-rouge
    street-style streetstyle eroffnung eroeffnung
    guided-tour guided-tours visite-guidee visites-guidees stadtfuhrung stadtfuhrungen
    visita-guiada visitas-guiadas visita-guidata visite-guidate
    meet-greet meet-and-greet autogrammstunde seance-de-dedicace firmacopie firma-de-discos book-signing booksigning
    production-still production-stills production-photo production-photos
    bruiloft huwelijk casamento bröllop bryllup wesele svatba nunta düğün inaugurare
    buurtfeest optocht jubileum prijsuitreiking diploma-uitreiking huldiging bijeenkomst
    """
)

# Gatherings and treatments named in FILE names only (`cena-internacional-piso`, `masaje-relajante`,
# `petanque-tournoi-finale`): in alt text and captions these words name the thing more often than
# people in it ("la festa del paese" on a poster); not "fiesta", "clase", "dj" or "facial", which name cars,
# controllers and cleansers as often (`ford-fiesta-st`, `clase-a-mercedes`, `dj-controller`, `facial-cleanser`).
# English "party" too (`xmas-party-2024`: a political party's pictures are mostly its people or its logo), at the
# cost of a party's goods named without a thing word after it (`party-supplies`).
FILE_EVENTS: Final[frozenset[str]] = _s(
    """
    gala galas festa fete soiree cena tournoi torneo turnier masaje massage massaggio staffetta staffel massenstart weihnachtsfeier arbeitseinsatz
    party parties
    celebracion celebrazione festeggiamenti
    """
)

# Compounds and derived nouns that end in a person word ("Verkehrsminister", "Bundestagsabgeordnete",
# "Dermatologist", "Kleidermädchen").
PERSON_SUFFIXES: Final = tuple(
    """
    minister ministerin prasident prasidentin sprecher sprecherin leiter leiterin trainer trainerin frisur frisuren
    chor reiterin
    spieler spielerin mitarbeiter mitarbeiterin fahrer fahrerin besucher besucherin arbeiter
    arbeiterin kanzler kanzlerin meister meisterin kollege kollegin schuler schulerin lehrer
    lehrerin autorin abgeordnete abgeordneter vorsitzende vorsitzender burger burgerin
    chef chefin grunder grunderin kunstler kunstlerin sanger sangerin leute kundin kunden
    anwaltin angestellte angestellter beamter beamtin madchen
    teilnehmer teilnehmerin teilnehmerinnen teilnehmende
    ologist ologists ologin ologe ologen
    """.split()
)

# Social networks: a share button's words, but also where a person's photo was posted
# ("Vreni Frost Instagram"): no counter-cue next to a person's name.
NETWORK_NAMES: Final[frozenset[str]] = _s("facebook twitter instagram linkedin youtube whatsapp pinterest tiktok")
SOCIAL_NETWORKS: Final[frozenset[str]] = NETWORK_NAMES | _s("social share")

# Hands, feet and nails (folded): a close-up of them shows nobody one could know ("Manos de los
# novios con las alianzas", "Hands folding the dough", `grandads-hands.jpg`: 28 of 30 labelled
# such pictures). Not "hand" alone (hand-thrown, hand pump), nor "unas" (Spanish "some").
BODY_PARTS: Final[frozenset[str]] = _s(
    "hands mains manos mani hande haende feet pieds pies piedi fusse fuesse fingers doigts dedos dita "
    "nails ongles unghie nagel naegel")
# Little words before the body part a text begins with ("Los pies de Olivia", "Zwei Hände …").
BODY_PART_LEADS: Final[frozenset[str]] = _s("the two both los las les des die zwei beide due le i dos deux")
# Words after a body part that make a saying or a name of it: "Hands-on", "Hands in the air",
# "Hände hoch", "Manos a la obra", "Manos Unidas", "Mani in pasta", "Feet first", "Hände weg".
BODY_PART_PHRASES: Final[frozenset[str]] = _s("on free up off down together a in hoch unidas first weg descalzos")
# Body-part words that are also names in a file name (Hande Erçel, Dita Von Teese, `michael-nagel`).
BODY_PARTS_NOT_IN_FILES: Final[frozenset[str]] = _s("hande dita nagel")
# The face: a text naming it is about a person, hands or not ("Hands & face: Sophie's portfolio").
FACE_WORDS: Final[frozenset[str]] = _s("face faces gesicht gesichter visage visages cara caras rostro volto viso")

# A person seen from behind, as alt texts and file names say it ("Kinder von hinten auf einem
# Waldweg", `sposa-di-spalle-velo`): nobody one could know by the picture. Not French "de dos":
# in Spanish it is "of two"; nor "Rückenansicht", a shop's back view of a garment on its model.
BACK_VIEW: Final[frozenset[str]] = _s("von-hinten from-behind de-espaldas di-spalle")
# Words around such a phrase that make it something else: what follows names a place or a thing
# ("from behind the scenes", "from behind bars", "de espaldas a los vecinos": turning its back on;
# "di spalle larghe", "de espaldas anchas": broad-shouldered), or what comes before it does ("comes
# from behind" to win, "alzata di spalle": a shrug, "Foul von hinten"). And a smile or the face seen:
# someone one could know after all.
BACK_VIEW_NOT_AFTER: Final[frozenset[str]] = _s(
    "the a an this that his her their its bars scenes scene camera lens curtain stage wheel "
    "der die das dem den des einer einem einen "
    "el la los las al a un una su sus anchas ancha anchos "
    "il lo i gli le al alla un una uno larghe larga larghi largo")
BACK_VIEW_NOT_BEFORE: Final[frozenset[str]] = _s(
    "come comes came coming win wins won alzata alzate scrollata scrollate scrollatina alzatina foul fouls gobierno "
    "hug hugs hugged hugging embrace embraces embraced embracing umarmt umarmen umarmte abbraccia abbracciata "
    "abbracciato abbracciati abraza abrazada abrazado abrazados enlace enlacee enlaces")
FACE_SEEN: Final[frozenset[str]] = FACE_WORDS | _s(
    "smile smiles smiling smiled lachelt lacht lachend laechelt sourit souriant souriante sonrie sonriente sonrien "
    "sorride sorridente sorridono")

# Pronouns that put a person in the picture ("Anita in her kitchen", "Ich in meiner Backstube").
PRONOUNS: Final[frozenset[str]] = _s("he she him her his hers himself herself me myself ich mich meinem meiner yo moi io")

# Placeholders and default avatars: never a real person's photo.
PLACEHOLDER: Final[frozenset[str]] = _s(
    """
    generic generico generique generica placeholder placeholders anonym anonymous anonyme anonimo silhouette silhouettes silueta siluetas sagoma sagome schattenriss noavatar no-avatar nobody
    platzhalter mystery-man mysteryman mystery-person mystery-woman dummy no-image noimage no-photo nophoto missing-image
    missing-avatar blank-profile default-avatar avatar-default default-user user-default
    default-profile profile-default default-header header-default default-banner banner-default default-cover cover-default defaut-membre membre-defaut default-image image-default
    avatar-defaut defaut-avatar identicon identicons avatars-gallery avatar-gallery
    default-photo photo-default avatar-placeholder kein-bild keinbild kein-foto keinfoto ohne-bild
    sans-photo sin-foto sin-imagen no-picture nopicture letter-avatar letteravatar snoo snoovatar
    bientot prochainement proximamente prossimamente coming-soon
    foto-arrivo immagine-arrivo photo-venir foto-folgt bild-folgt empty-photo empty-avatar empty-image empty-profile emptymedia
    photo-manquante image-manquante missing-photo photo-missing image-missing foto-mancante foto-fehlt bild-fehlt
    """
)

# More given names for recognising a name in running text ("Wiebke Scharf", "Tahir Della"):
# `given_names.txt`, generated from the first-name lists of Faker's locales for the five
# languages' countries and their neighbours (Ireland, Belgium, the Netherlands, Portugal and
# Brazil, Mexico, Scandinavia, Finland, Poland, Czechia: names travel, and pages name people
# from everywhere; tools/build_given_names.py; MIT, attribution in the file). Only where a
# capitalised next word follows that is no thing (`names.person_name`, for alt, title, caption
# and nearby text and meta authors); file-name and one-word rules keep the curated list above. Lexicon words, month names and names that are mostly places, seasons,
# gems, virtues or common nouns ("Summer Sale", "Crystal Palace", "Hunter Valley") are left out.
_NOT_GIVEN_NAMES: Final = _s(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday abril
    summer autumn winter spring dawn daisy lily jade crystal diamond ruby pearl opal coral ivory
    heather holly ivy willow river storm rain sunny star destiny faith hope joy patience charity
    german angeles paris florencia luna wolf estrella fortuna paz sol cruz santos consuelo amor america
    americo alexandria india jordan chelsea madison austin dallas houston phoenix sydney china brooklyn
    london berlin milano roma sierra nevada georgia savannah siena hunter jackson
    """
)
# Curated given names that are also a place, a make, a plant or a thing: a name still, but not where
# one heads a caption followed by where it is ("Florence at night", "Mercedes im Schnee", "Iris in
# fiore", "Margherita con bufala", "Pilar en la fachada"): `score._given_name_first`.
GIVEN_NAMES_ALSO_THINGS: Final = _s(
    """
    amber ambra aurora bill blanca carolina charlotte dalia dolores elizabeth erika esperanza fatima florence
    frank gloria grace helena iris jasmin lourdes luz margherita marina mark melissa mercedes milan pilar regina
    rocio rosa rose santiago stella veronica victoria viola violeta virginia madeleine
    zara nova hazel jasmine dakota
    """
)
_GIVEN_NAMES_FILE: Final = Path(__file__).resolve().with_name("given_names.txt")


def _packaged_lines(path: Path, what: str) -> list[str]:
    """The entries of a word list shipped beside this module (no blank or `#` lines); none, with a
    warning, when the file is missing or unreadable: detection then goes on without it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        logging.getLogger("scrapeguard").warning("scrapeguard: %s list unavailable (%s); going on without it", what, exc)
        return []
    return [w for w in (line.strip() for line in lines[:100_000]) if w and not w.startswith("#")]


def _packaged_given_names(path: Path = _GIVEN_NAMES_FILE) -> frozenset[str]:
    """The names of `given_names.txt` (the curated list serves alone without it)."""
    return frozenset(w for w in _packaged_lines(path, "given-name") if w.isalpha())


_OTHER_WORDS: Final = (PORTRAIT | PERSON_NOUNS | PERSON_VERBS | PERSON_CONTAINERS | ROLES | NOT_PERSON | THINGS
                | NOT_PERSON_CONTAINERS | CREDIT_WORDS | FILE_PERSON | EVENT_WORDS | FILE_NOT | _NOT_GIVEN_NAMES)
# packaged names only: the curated GIVEN_NAMES stay whole
PACKAGED_GIVEN_NAMES: Final[frozenset[str]] = _packaged_given_names() - _OTHER_WORDS - GIVEN_NAMES
TEXT_GIVEN_NAMES: Final[frozenset[str]] = GIVEN_NAMES | PACKAGED_GIVEN_NAMES
# Public figures whose surname alone, or whose full name without a given name this module knows,
# names them on news pages (`131220152205_mandela_144x81.jpg`, `xi-jinping-waving-bin-tease.jpg`,
# alt="Merkel"): `public_figures.txt`, lower case, ASCII-folded, words joined by hyphens. A single
# word that is a lexicon word or a given name is dropped (a name alone says nothing of who).
_PUBLIC_FIGURES_FILE: Final = Path(__file__).resolve().with_name("public_figures.txt")
_FIGURE_ENTRY: Final = re.compile(r"[a-z]+(?:-[a-z]+){0,2}")


def _packaged_public_figures(path: Path = _PUBLIC_FIGURES_FILE) -> frozenset[str]:
    entries = [e for e in _packaged_lines(path, "public-figure") if _FIGURE_ENTRY.fullmatch(e)]
    return frozenset(e for e in entries if "-" in e or (len(e) >= 4 and e not in _OTHER_WORDS and e not in TEXT_GIVEN_NAMES))


PUBLIC_FIGURES: Final[frozenset[str]] = _packaged_public_figures()
# surnames that are also things ("Jenna Park", "Anna Stone") stay possible surnames
NOT_A_SURNAME: Final[frozenset[str]] = (THINGS | NOT_PERSON | NOT_PERSON_CONTAINERS | EVENT_WORDS | PLACEHOLDER) - _s(
    "park hill wood stone lake bridge church berg brunnen sala salle saal aula bal baile ballo "
    "cordero lamb capra pecora agnello vaca conejo gallina vitello")  # (Emiliano Sala, Franco Cordero, Frank Capra)

# Words that, in a caption, put people in the frame without naming them.
GROUP_WORDS: Final = PERSON_NOUNS


# --- compiled lookups: one bitmask per distinct token, computed once ----------------------
_LEXICONS: Final[tuple[frozenset[str], ...]] = (
    PORTRAIT, PERSON_NOUNS, PERSON_VERBS, PERSON_CONTAINERS, STRONG_CONTAINERS, ROLES, NOT_PERSON,
    THINGS, NOT_PERSON_CONTAINERS, CREDIT_WORDS, FILE_PERSON, GIVEN_NAMES, HONORIFICS, PRONOUNS,
    PLACEHOLDER, EVENT_WORDS, FILE_NOT, FILE_EVENTS,
)
BIT_OF: Final[dict[int, int]] = {id(lex): 1 << i for i, lex in enumerate(_LEXICONS)}


def _build_index() -> dict[str, int]:
    """word -> bitmask of the lexicons holding it, built once at import: a lookup is then one
    dict probe for the word and one for its stem, instead of two probes per lexicon."""
    index: dict[str, int] = {}
    for i, words in enumerate(_LEXICONS):
        for w in words:
            index[w] = index.get(w, 0) | 1 << i
    return index


_INDEX: Final[dict[str, int]] = _build_index()


_PERSON_BIT: Final = BIT_OF[id(PERSON_NOUNS)]
# People nouns whose "-n" form is another word: Muttern (nuts), jungen (young), Gruppen, Toten, and
# the French and Italian "marie", "modelle" (Marien, Modellen).
_NO_DATIVE: Final = frozenset({"mutter", "junge", "gruppe", "modelle", "marie", "tote"})
# Inflected-looking forms that are words of their own: the French "ministère" is a ministry, no
# minister ("Ministère de la Justice", a partner's logo, was a person's photo)
_NOT_INFLECTED: Final = frozenset({"ministere", "ministeres"})


def _build_lookup(index: dict[str, int]) -> dict[str, int]:
    """word -> bitmask of the lexicons holding the word OR its light stem, for every word that
    has one: the lexicon words themselves plus each inflected form whose `stem` is a lexicon
    word (`stem` only strips "es"/"en"/"s"/"i"/"e", turns "ies" into "y" and "innen" into "in",
    so those forms are all the candidates). Any other word is in no lexicon, stemmed or not."""
    table = dict(index)
    for base, bits in index.items():
        forms = [base + suf for suf in ("es", "en", "s", "i", "e")]
        if base.endswith("y"):
            forms.append(base[:-1] + "ies")
        if base.endswith("in"):
            forms.append(base + "nen")
        for form in forms:
            if stem(form) == base and form not in _NOT_INFLECTED:
                table[form] = table.get(form, 0) | bits
        if bits & _PERSON_BIT and base.endswith(("er", "e")) and len(base) >= 5 and base not in _NO_DATIVE \
                and base + "n" not in index:
            # a German people noun's dative plural: "mit den Kindern", "den Schülern", "durch den
            # Vorsitzenden" (people nouns only: "Karten", "Tabellen" are no dative of a thing here)
            table[base + "n"] = table.get(base + "n", 0) | _PERSON_BIT
    # German written without umlauts, as file names and class names must be: `Saengerin`,
    # `schueler`, `Buergermeister` (the lexicons hold the folded `sangerin`); one umlaut per word,
    # which most have, and never over a word of its own (`gruender` is one)
    for word, bits in list(table.items()):
        for i, c in enumerate(word):
            if c == "a" or c == "o" or c == "u":
                spelt = word[: i + 1] + "e" + word[i + 1 :]
                if spelt not in table:
                    table[spelt] = bits
    return table


LOOKUP: Final[dict[str, int]] = _build_lookup(_INDEX)
# Tokens never contain "-" (`tokens` splits on it), so a hyphenated lexicon entry
# ("profile-pic", "table-ronde") can only be met as a pair of neighbouring tokens whose first
# half is the entry's head: pairs with any other first token are never looked up.
PAIR_HEADS: Final[frozenset[str]] = frozenset(w.split("-", 1)[0] for w in _INDEX if "-" in w)


def lex_word(word: str) -> int:
    """Which lexicons hold `word` itself, not by its light stem (`lex` reads both)."""
    return _INDEX.get(word, 0)


def lex(word: str) -> int:
    """Which lexicons hold `word` or its light stem, as a bitmask: one dict probe."""
    return LOOKUP.get(word, 0)


def clear_token_cache() -> None:
    """Empty the token cache (benchmarks measure first-sight costs with it empty)."""
    _tokens.cache_clear()


def clear_lex_cache() -> None:
    """Nothing to clear any more (`LOOKUP` is built once at import); kept for callers."""
