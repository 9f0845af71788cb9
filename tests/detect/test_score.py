"""How a reference's own file name weighs (`detect/score.py`): the cues a page's words cannot give."""
from __future__ import annotations

import pytest

from scrapeguard.detect import find_images

BASE = "https://example.org/news/"


def _file_named(name: str) -> object:
    """The one reference of an <img> whose only context is its file name."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="">', BASE)
    return ref


@pytest.mark.parametrize("name", ["cena-evento-ottobre.jpg", "festa-compleanni-ottobre-salone.jpg",
                                  "eafc25-torneo-diciembre.jpg", "masaje-relajante-aceite-calido-800x533.jpg",
                                  "cena-internacional-piso.jpg", "csm_VM2025_Massenstart_0c6a1f3e88.jpg"])
def test_a_file_named_after_a_dinner_a_party_a_tournament_or_a_treatment_shows_people(name: str) -> None:
    """Blind-set file names with these words showed people (a dinner, a party, a tournament, a massage,
    a mass start: 20 references over six sets, none of them a thing)."""
    ref = _file_named(name)
    assert ref.personal and any(r.startswith("file:") for r in ref.reasons)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["la-festa-del-paese-poster.svg", "masaje-logo.png", "torneo-icon.png",
                                  "massage-chair-x200.jpg", "ford-fiesta-st-2019.jpg", "clase-a-mercedes.jpg",
                                  "dj-controller-pioneer.jpg", "facial-cleanser-bottle.jpg"])
def test_the_same_words_on_a_poster_a_logo_an_icon_or_a_product_are_no_gathering(name: str) -> None:
    """(A thing right after the word, or a word that names cars, controllers and cleansers as often.)"""
    assert not _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["660b1c2d3e4f5a6b7c8d9e21_xmas-party-2024.jpg",
                                  "newborn-session-leeds-0012-400x400.jpg", "siblings-first-cuddle-200x200.jpg",
                                  "penzance-book-signing-768x512.jpg"])
def test_a_party_a_newborn_siblings_and_a_book_signing_in_a_file_name_are_people(name: str) -> None:
    """(Blind sets: an office's Christmas party, a photographer's newborn and sibling sessions, an author
    signing books, all unflagged.) A party's cake or a political party's logo stays a thing."""
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]
    assert not _file_named("birthday-party-cake.jpg").personal  # type: ignore[attr-defined]
    assert not _file_named("labour-party-logo.png").personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["CRR25_arbitre_video.jpg", "spielbericht-schiedsrichterin-2025.jpg",
                                  "hauswart-sevgi-arslan.jpg", "parade-2025-drumline-main-st.jpg"])
def test_referees_caretakers_and_a_drumline_in_a_file_name_are_people(name: str) -> None:
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


def test_an_in_memoriam_picture_is_of_the_person_remembered() -> None:
    """`in-memoriam-J-Whitcombe-1931-2025.jpg`: an initial and life years, no given name to find."""
    ref = _file_named("in-memoriam-J-Whitcombe-1931-2025.jpg")
    assert ref.personal and "file:memoriam" in ref.reasons  # type: ignore[attr-defined]


def test_where_a_widget_puts_its_icon_is_layout_not_an_icon() -> None:
    """Avada's person element is `fusion-person fusion-person-icon-top` (its social icons go on top): a crew's
    portraits were read as icons (0.015) beside the element saying it shows a person."""
    html = ('<div class="fusion-person person fusion-person-icon-top"><div class="person-shortcode-image-wrapper">'
            '<div class="person-image-container"><img alt="Oksana Hrytsenko" title="IMG_8812" src="/u/IMG_8812-400x400.jpg">'
            '</div></div><div class="person-desc"><span class="person-name">Oksana Hrytsenko</span></div></div>')
    [ref] = find_images(html, BASE)
    assert ref.personal and "class:icon" not in ref.reasons  # type: ignore[attr-defined]
    [icon] = find_images('<img class="icon" src="/uploads/IMG_8812.jpg" alt="">', BASE)
    assert "class:icon" in icon.reasons  # type: ignore[attr-defined]


def test_how_a_gallery_cuts_its_images_is_layout_not_a_portrait() -> None:
    """Blind set `ce`: Divi's gallery marks each item `et_pb_gallery_image portrait` or `landscape` (its
    orientation), and a tattoo studio's photos of forearms and thighs were people's portraits (0.83). A
    gallery of portraits (`portrait-gallery-image`) still says what it shows."""
    item = '<div class="{}"><a href="/u/{}.jpg"><img src="/u/{}-400x516.jpg" alt=""></a></div>'
    [forearm] = find_images(item.format("et_pb_gallery_image portrait", "forearm", "forearm"), BASE)
    assert not forearm.personal, forearm.reasons  # type: ignore[attr-defined]
    assert "class:portrait" not in forearm.reasons  # type: ignore[attr-defined]
    [sitter] = find_images(item.format("portrait-gallery-image", "DSC01234", "DSC01234"), BASE)
    assert "class:portrait" in sitter.reasons  # type: ignore[attr-defined]


def test_substacks_stock_avatar_fetched_through_its_image_cdn_is_stock() -> None:
    """Blind set `ce`: Substack serves `substack.com/img/avatars/orange.png` (a reader without a photo) through
    `substackcdn.com/image/fetch/<transformations>/<url>`, read as a picture of substackcdn.com's: a person's
    avatar at 0.97. (A colour as a file name elsewhere is a surname as often: Sarah Green's `green.png`.)"""
    fetch = "https://substackcdn.com/image/fetch/w_64,h_64,c_fill/https%3A%2F%2Fsubstack.com%2Fimg%2Favatars%2F"
    [stock] = find_images(f'<div class="avatar"><img src="{fetch}orange.png" alt=""></div>', BASE)
    assert not stock.personal and "url:colour-avatar" in stock.reasons  # type: ignore[attr-defined]
    [green] = find_images('<div class="avatar"><img src="/img/avatars/green.png" alt="Sarah Green"></div>', BASE)
    assert green.personal  # type: ignore[attr-defined]


def test_an_icon_placed_on_the_pictures_own_box_is_still_an_icon() -> None:
    """Only a widget's wrapper says where its icon goes: `<span class="icon-left">` around a picture is the icon."""
    [ref] = find_images('<p><span class="icon-left"><img src="/img/person.png" alt=""></span></p>', BASE)
    assert not ref.personal  # type: ignore[attr-defined]


def _described(alt: str, name: str = "IMG_2041.jpg") -> object:
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    return ref


@pytest.mark.parametrize("alt", ["Kinder von hinten auf einem Waldweg", "Sposa di spalle con il velo",
                                 "Voluntarios de espaldas recogiendo plásticos", "Two riders seen from behind on the climb"])
def test_people_seen_from_behind_are_nobody_one_could_know(alt: str) -> None:
    """(As the labels of the blind sets say: 19 such references over 8 sets, none personal.)"""
    ref = _described(alt)
    assert not ref.personal and any(r.endswith(":from-behind") for r in ref.reasons), ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["sposa-velo-di-spalle.jpg", "jugendgruppe-eisangeln-von-hinten.jpg"])
def test_a_file_named_from_behind_is_no_portrait(name: str) -> None:
    assert not _file_named(name).personal  # type: ignore[attr-defined]


def test_a_named_person_from_behind_stays_personal() -> None:
    """A name ties the picture to the person, whatever the angle."""
    assert _described("Anna Keller von hinten beim Zieleinlauf").personal  # type: ignore[attr-defined]


def test_spanish_of_two_is_no_back_view() -> None:
    """"de dos" is French for from behind and Spanish for "of two": not read."""
    assert _described("Familia de dos hijos en el parque").personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["gemma-straw-promo-600x600.jpg", "smoky-bros-pitmaster-alex-p-500.jpg",
                                  "funivia-piani-erna-custode_400x267.jpg", "weihnachtsfeier-2024_200x150.jpg",
                                  "arbeitseinsatz-dach-2024_400x300.jpg", "jugendgruppe-2025_200x150.jpg"])
def test_an_artists_promo_photo_a_pitmaster_a_keeper_a_party_a_work_day_and_a_youth_group_are_people(name: str) -> None:
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["agm-2025-committee.jpg", "bivouac-compiegne-ligne-fusiliers-800x450.jpg"])
def test_a_committee_and_reenacted_fusiliers_in_a_file_name_are_people(name: str) -> None:
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Streikposten vor dem Betriebshof am frühen Morgen", "El decano durante su intervención"])
def test_pickets_and_a_dean_are_people(alt: str) -> None:
    assert _described(alt).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Label IHAB Initiative Hôpital Ami des Bébés", "label-ihab-amis-des-bebes.png"),
                                           ("Sello Bodas Verdes: celebración sostenible", "sello-sostenible-bodas-verdes.png")])
def test_a_quality_label_or_seal_is_no_person(alt: str, name: str) -> None:
    """A certification's label ("Label", "Sello", "Gütesiegel") is a badge, whoever it names."""
    assert not _described(alt, name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["The Gravel Saints on stage at the Roundhouse, London, March 2025",
                                 "Rajiv Menon sur scène au CES 2025", "Annalisa sul palco dell'Ariston durante la seconda serata",
                                 "Das Ensemble auf der Bühne der Stadthalle", "La banda en el escenario principal",
                                 "The band on stage for their last set"])
def test_someone_on_stage_is_in_the_picture(alt: str) -> None:
    ref = _described(alt, "live-2025.jpg")
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Stage 3: the route map from Nice to Col de Turini", "Backstage pass and lanyard, 2025 tour"])
def test_a_stage_that_nobody_stands_on_is_no_performance(alt: str) -> None:
    assert not _described(alt, "stage-3.png").personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Gli apprendisti 2025/26 con i maestri panettieri nel laboratorio",
                                 "Kursteilnehmer mit ihren Christbaumkugeln"])
def test_apprentices_and_course_participants_are_people(alt: str) -> None:
    ref = _described(alt, "foto-2024-12.jpg")
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [
    ("Infographie : 1200 visiteurs, 22 producteurs, 800 litres de jus", "infographie-fete-recoltes-2025.png"),
    ("Le Petit Prince, marionnette en papier", "petit-prince-papier-marionnette.jpg"),
    ("Harrowgate Pianos shop front on Kings Road", "shopfront-kings-road.jpg"),
    ("Steinway Model O Grand 1924 - Restored", "IMG_4471_1f0e2d3c.jpg"),
    ("Tesla Model 3 blanco", "model3-white.png"),
])
def test_an_infographic_a_puppet_a_street_and_a_products_model_are_nobody(alt: str, name: str) -> None:
    ref = _described(alt, name)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


def test_a_street_named_after_kings_in_nearby_text_is_no_person() -> None:
    [ref] = find_images('<div class="card"><img src="/files/shopfront.jpg" alt=""><p>Our showroom on Kings Road</p></div>', BASE)
    assert not any("kings" in r for r in ref.reasons), ref.reasons


def test_a_street_after_a_hyphenated_word_is_found_in_linear_time() -> None:
    """Each part of a long hyphenated chain started a new scan of the whole chain: a hostile
    caption of 20,000 characters took seconds (a page of such captions, minutes)."""
    import time

    from scrapeguard.detect.score import text_cues

    started = time.perf_counter()
    cues = text_cues("The man " + "a-" * 10_000 + " Road, London", "caption")
    assert time.perf_counter() - started < 1.0
    assert any(reason == "caption:man" for _, _, reason in cues)  # (no street: "a-…- Road" is no "man's")
    [street] = find_images('<img src="/files/x.jpg" alt="Shop front of the Ex-King\'s Road bakery">', BASE)
    assert not any("king" in r for r in street.reasons), street.reasons


@pytest.mark.parametrize("alt", ["Lute player gargoyle before conservation", "Procesión marítima desde el aire",
                                 "Dibujos de los niños en el pasillo de Pediatría", "Drawings by the pupils of class 4b",
                                 "Salle de cérémonie Les Tilleuls (120 places)"])
def test_a_gargoyle_a_view_from_the_air_childrens_drawings_and_a_ceremony_room_show_nobody(alt: str) -> None:
    ref = _described(alt, "foto-2025-10.jpg")
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Marineros portando a la Virgen", "Sailors hauling the mainsail"])
def test_sailors_are_people(alt: str) -> None:
    ref = _described(alt, "foto-2025-10.jpg")
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "personal"), [
    ("Carlton Cuse: «Lost hizo posible que los guionistas rompieran las reglas»", True),
    ("Edu Sousa: ´Siempre miro a los lanzadores´", True),
    ('Black Mirror: "Tráiler del capítulo especial"', False),
    ("Champions League: Juventus - Atlético de Madrid", False),
])
def test_a_teaser_quoting_someone_names_its_speaker(alt: str, personal: bool) -> None:
    """Two capitalised words, a colon and a quotation mark: a quote's speaker, whose given name is in no list."""
    ref = _described(alt)
    assert ref.personal == personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "personal"), [("Se læsernes billeder: Her er Danmarks sjoveste nummerplader", False),
                                             ("Ekspert: Her er årets frækkeste julegaver", False),
                                             ("Her smile at the finish line", True)])
def test_danish_her_er_is_here_is_no_pronoun(alt: str, personal: bool) -> None:
    ref = _described(alt)
    assert ref.personal == personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Die Goldschmiedin an der Werkbank", "The pianist waits backstage",
                                 "Our sommelier pours the first glass", "La fleuriste et sa fiorista préférée",
                                 "Ein Pärchen küsst sich auf einem Segelboot", "Il falegname nella sua bottega",
                                 "Le menuisier dans son atelier"])
def test_trades_and_couples_in_an_alt_text_are_people(alt: str) -> None:
    ref = _described(alt)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["emergency-plumber-van-night.jpg", "tischler-schreiner-innungsbetrieb.png",
                                  "florist-shop-front.jpg"])
def test_a_trades_name_in_a_file_name_is_how_its_own_site_names_files(name: str) -> None:
    ref = _described("", name)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Piso en venta, Calle Pintor Sorolla", "Bozzetto per Il barbiere di Siviglia",
                                 "Amboss und Werkzeug in der alten Schmiede", "Glühwein rot vom Winzer, 1 l",
                                 "The Widow's Light (paperback)"])
def test_trades_naming_streets_places_titles_and_goods_show_nobody(alt: str) -> None:
    ref = _described(alt)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", [
    "Rose garden in June", "Bianca, taglia M", "Iris in fiore nel giardino", "Toalla con orla de encaje",
    "Akku-Laubbläser 18 V", "Boulanger, magasin de Lille", "Sailor Moon figure", "Morning Briefing header",
    "Maestri del Rinascimento", "Le décor sur scène", "La scenografia sul palco", "Lighting on stage before doors",
])
def test_words_that_are_also_things_brands_or_an_empty_stage_show_nobody(alt: str) -> None:
    """Regression review: names that are words ("Rose", "Bianca"), a border (orla), a leaf blower
    (-bläser), a shop chain (Boulanger), Sailor Moon, a newsletter's Briefing, the Old Masters (maestri)
    and a stage with only its set or lights on it."""
    ref = _described(alt, "photo-1.jpg")
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Siegel family at dinner", "Veterans Row Across the Atlantic", "Firefighters Park Truck Outside",
                                 "Foto da bambina di Maria", "Suspect taken by police officers", "Meet our Model A-list"])
def test_a_surname_a_headline_verb_a_childhood_photo_and_an_arrest_still_show_people(alt: str) -> None:
    """A headline's "Row" or "Park" is a verb, Italian "da bambina" is "as a child", and "taken by"
    is not "photographed by": the people named are in the picture."""
    ref = _described(alt, "photo-1.jpg")
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["summer-sale-promo-banner.jpg", "promo-2025.png", "black-friday-promo.jpg"])
def test_a_promotion_is_still_no_person(name: str) -> None:
    assert not _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", [
    "Our choir comes from behind to win the regional cup", "Photos from behind the scenes of our wedding",
    "Letters from behind bars: the prisoner in his cell", "The photographer from behind the camera, smiling",
    "hombre de espaldas anchas sonríe", "Un gobierno de espaldas a los vecinos: la alcaldesa en el pleno",
    "uomo di spalle larghe sorride", "alzata di spalle del sindaco", "Foul von hinten: Schiedsrichter zeigt Rot",
    "Sposa di spalle che sorride al fotografo"])
def test_phrases_that_borrow_the_words_or_show_a_smile_are_no_back_view(alt: str) -> None:
    """(The regression review's false friends: a place or thing after the words, a shrug, a foul, a
    comeback, broad shoulders, or the face seen after all.)"""
    assert not any(r.endswith(":from-behind") for r in _described(alt).reasons)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["maria-rossi-di-spalle.jpg", "anna-keller-von-hinten-zieleinlauf.jpg"])
def test_a_file_naming_the_person_seen_from_behind_stays_theirs(name: str) -> None:
    assert "file:from-behind" not in _file_named(name).reasons  # type: ignore[attr-defined]


def test_a_shops_back_view_of_a_garment_on_its_model_is_no_back_view_of_a_person() -> None:
    """"Rückenansicht am Model": the dress's back, the model shown (the dev set's label)."""
    [ref] = find_images('<img src="/products/sommerwiese-model-ruecken.jpg" alt="Rückenansicht am Model">', BASE)
    assert ref.personal and not any(r.endswith(":from-behind") for r in ref.reasons), ref.reasons


@pytest.mark.parametrize("alt", ["Elderly patient hugged from behind by nurse", "Bride from behind, then the couple kissing",
                                 "Grandpa hugging me from behind"])
def test_someone_else_in_the_picture_keeps_it_personal(alt: str) -> None:
    """The cue read the whole text: one person seen from behind hid the others named in it."""
    ref = _described(alt)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["panel-jueces-cordoba-1024x683.jpg", "giro-trattore-famiglie-800x534.jpg",
                                  "Fahrerin_Fuehrerstand_Linie3.jpg", "mudanza-piano-de-cola-operarios.jpg",
                                  "curso-poda-olivar-socios.jpg", "junior-squad-lakes-group.jpg",
                                  "palio-2025-fantino-abbraccio-capitano.jpg", "bimbi-bici-bus-scuola.jpg"])
def test_judges_families_drivers_workers_members_a_squad_jockeys_and_kids_in_a_file_name_are_people(name: str) -> None:
    """Blind sets `ar` and `as`: plural and feminine forms the people nouns lacked (jueces,
    famiglie, Fahrerin, operarios, socios, squad, fantino, bimbi)."""
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [
    ("Conker the hedgehog on the scales", "conker-hedgehog-weigh-in.jpg"),
    ("L'asino Bruno", "asino-bruno-800x800.jpg"),
    ("Le vacche nella stalla", "vacche-pezzate-stalla.jpg"),
    ("Medal index card of Albert Tolley", "Albert_Tolley_medal_index_card.jpg"),
    ("1891 census, Tipton: the Tolley household", "1891_census_Tipton_RG12-2264_f45.jpg"),
    ("Passagierliste der Olbers, 1827", "Passagierliste-Olbers-1827-Ausschnitt.jpg"),
    ("I motori revisionati", "motori-chris-craft-327-revisionati.jpg"),
])
def test_a_farm_animal_a_hedgehog_a_record_card_a_census_a_passenger_list_and_engines_are_nobody(
        alt: str, name: str) -> None:
    """Animals named like people ("Bruno"), genealogy records naming the people they list, and engines of
    a boat builder named after its founders ("Chris Craft") show nobody."""
    ref = _described(alt, name)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Photo de classe 2024", "Remise des prix de l'Open de Noël"])
def test_a_class_photo_and_a_prize_giving_named_with_their_little_words_are_people(alt: str) -> None:
    ref = _described(alt, "foto-2025-12.jpg")
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["remise-des-prix-open-noel-2025-1080x675.jpg", "majorettes-saint-lo.jpg",
                                  "batucada-les-tambours-d-avranches.jpg", "carnaval-2026-cavalcade-grand-cours.jpg",
                                  "vernissage-mostra-2025-01.jpg"])
def test_a_prize_giving_majorettes_drummers_a_parade_and_an_opening_in_a_file_name_are_people(name: str) -> None:
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Jugendclub bei der Probe", "Kinderchor beim Adventskonzert"])
def test_a_youth_club_and_a_childrens_choir_are_people(alt: str) -> None:
    ref = _described(alt, "esl-conversation-2025.jpg")
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Adults only pool at the resort", "Jockey cotton boxer briefs",
                                 "The new iPhone launched with little fanfare", "Gemelli da camicia in argento"])
def test_words_for_people_that_name_goods_or_a_rule_are_left_out(alt: str) -> None:
    """(A reviewer's counter-examples: "adults only", Jockey underwear, "fanfare", cufflinks.)"""
    assert not _described(alt, "IMG_2231-300x300.jpg").personal  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "thing"), [("stadtkirche-innen-lichter.jpg", "stadtkirche"),
                                             ("csm_Umleitung_Hauptstrasse_1f2e3d4c5b.jpg", "hauptstrasse"),
                                             ("turnhalle-neu.jpg", "turnhalle")])
def test_a_german_compound_naming_a_church_a_street_or_a_hall_is_a_place(name: str, thing: str) -> None:
    assert f"file:{thing}" in _file_named(name).reasons  # type: ignore[attr-defined]


def test_a_surname_ending_like_a_house_or_a_garden_is_no_place() -> None:
    """(-haus and -garten end surnames too: Feldhaus, Baumgarten.)"""
    assert not any(r.startswith("file:feldhaus") for r in _file_named("feldhaus-mira-9f3c8a1e.jpg").reasons)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [
    ("Hofmann & Söhne Grabmale", "hofmann-soehne-grabmale-300x250.jpg"),
    ("Schreinerei Hahn & Sohn", "schreinerei_hahn_und_sohn.jpg"),
    ("Animalerie Gauthier & Fils", "partenaire-animalerie-gauthier-fils.png"),
    ("Autohaus Müller Söhne – Ihr Partner", "autohaus-mueller-soehne-300x600.jpg"),
])
def test_kin_in_a_firms_name_is_no_person(alt: str, name: str) -> None:
    """A sponsor's or an advertiser's banner: "& Söhne", "und Sohn", "& Fils" name the business."""
    ref = _described(alt, name)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Vater und Sohn beim Angeln", "Anna mit ihrem Sohn", "Mein Sohn am ersten Schultag",
                                 "Pierre et son fils au marché"])
def test_a_parent_with_a_son_stays_a_family_photo(alt: str) -> None:
    ref = _described(alt, "IMG_2041.jpg")
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Caramel, le poney shetland", "Caramel-poney.jpg"),
                                           ("Attestato di partecipazione allo scambio", "attestato-partecipazione-scambio.jpg"),
                                           ("Affiche du carnaval 2026", "affiche-carnaval-granville-2026.jpg")])
def test_a_pony_a_certificate_and_a_poster_are_nobody(alt: str, name: str) -> None:
    ref = _described(alt, name)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["Baustelle_2022_Spatenstich.jpg", "foerderbescheid-radweg-uebergabe-1080x675.jpg",
                                  "twins-ballymun.jpg"])
def test_a_groundbreaking_a_handover_and_twins_in_a_file_name_are_people(name: str) -> None:
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("", "blusa-lino-crudo-modelo.jpg"), ("", "HARDANGER-3L-W-olive-model.jpg"),
                                           ("Abito in lino salvia", "abito-lino-salvia-modella-retro.jpg"),
                                           ("", "vestido-midi-lino-teja-modelo-frontal.jpg")])
def test_a_shops_photo_named_as_worn_by_a_model_shows_the_model(alt: str, name: str) -> None:
    """In a product box: blind shop pages named 85 such photos, 79 of a model wearing the goods."""
    [ref] = find_images(f'<div class="product-card"><img src="/cdn/shop/files/{name}" alt="{alt}"></div>', BASE)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["tesla-model-3-white.png", "model-x-2024.jpg", "robe-lin-ocre-profil-mannequin.jpg",
                                  "csm_Zirkonbruecke_Modell_Header_2f8c1d9e07.jpg", "sofa-modelo-milano-gris.jpg",
                                  "modelo-303-iva.png", "modelos-de-cocinas-modernas.jpg", "model-home-tour.jpg",
                                  "casas-prefabricadas-modelo-ibiza.jpg"])
def test_a_products_model_a_dress_form_and_a_scale_model_are_no_model_wearing_it(name: str) -> None:
    assert "file:on-a-model" not in _file_named(name).reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["finanzminister-haushalt-bundestag-320x180.jpg", "csm_kader_04_oezdemir_4c1f0a.jpg"])
def test_a_german_compound_and_a_squad_in_a_file_name_are_people(name: str) -> None:
    ref = _file_named(name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Drehleiter im Einsatz am Seniorenheim", "csm_DSC_0822_f1e2d3c4b5.jpg"),
                                           ("", "vorteilspartner-brandenburger-tor.jpg"),
                                           ("Staff picks for the fall", "staff-picks-fall-2025-display.jpg"),
                                           ("", "bouquetins-col.jpg"), ("", "marmotte-col-du-lac.jpg"),
                                           ("Müller & Töchter Immobilien", "mueller-und-toechter-immobilien.png")])
def test_a_ladder_a_gate_staff_picks_wild_animals_and_a_firm_are_nobody(alt: str, name: str) -> None:
    ref = _described(alt, name)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("", "spitzenkandidaten-tv-duell-160x90.jpg"),
                                           ("", "ramasseurs-de-balles-2025.jpg"), ("", "corso-pasta-fresca-allievi.jpg"),
                                           ("Die Kandidaten der Sportlerwahl", "collage-2025.jpg")])
def test_candidates_ball_kids_and_pupils_are_people(alt: str, name: str) -> None:
    ref = _described(alt, name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


def test_test_candidates_are_the_products_a_test_tried() -> None:
    """(ADAC: "Prüfkandidaten", the child seats tested: candidates only as a word of their own.)"""
    [ref] = find_images('<figure><img src="/media/kindersitz-test.jpg" alt=""><figcaption>Die Prüfkandidaten '
                        'im ADAC Kindersitztest</figcaption></figure>', BASE)
    assert not ref.personal, ref.reasons


@pytest.mark.parametrize(("alt", "name"), [("", "rucksack28-getragen-allgaeu.jpg"), ("", "maglione-trecce-indossato.jpg"),
                                           ("", "trench-coat-outfit-spring-1-1024x1536.jpg"),
                                           ("", "huespedes-ruta-poqueira-400x400.jpg"), ("", "brigade-2024.jpg")])
def test_goods_worn_an_outfit_guests_and_a_kitchen_brigade_are_people(alt: str, name: str) -> None:
    ref = _described(alt, name)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name", "personal"), [
    ("Farmacia García Hermanos", "farmacia-garcia-hermanos.png", False),
    ("Dupont Frères, couvreurs", "dupont-freres-logo.png", False),
    ("Jura de los nuevos hermanos 2025", "jura-nuevos-hermanos-2025.jpg", True),
    ("Mis hermanos en la playa", "hermanos-playa.jpg", True),
])
def test_brothers_in_a_firms_name_are_the_firm(alt: str, name: str, personal: bool) -> None:
    assert _described(alt, name).personal is personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["lautsprecher-bluetooth-schwarz.jpg", "plattenspieler-vintage.jpg", "crosstrainer-x300.jpg",
                                  "klappleiter-alu.jpg", "jaegermeister-flasche.jpg", "roter-teppich-mieten.jpg",
                                  "copertina-saggio-filosofia.jpg"])
def test_goods_a_german_compound_names_a_rug_for_hire_and_an_essay_are_nobody(name: str) -> None:
    """(A reviewer's counter-examples: compounds ending like people words, a red carpet to rent, a "saggio".)"""
    assert not _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Papa und Sohn beim Angeln", "Mama und Tochter am Strand", "Papà e figlio",
                                 "Beide Söhne beim Abschluss", "Esposa e hijos en la playa"])
def test_a_parent_or_a_spouse_with_the_children_is_a_family_not_a_firm(alt: str) -> None:
    assert _described(alt, "angeln-am-see-1024x683.jpg").personal  # type: ignore[attr-defined]


def test_cufflinks_and_binoculars_in_a_product_card_are_goods() -> None:
    for name in ("gemelli-argento-onice-300x300.jpg", "jumelles-10x42-300x300.jpg", "gemelos-plata-300x300.jpg"):
        [ref] = find_images(f'<div class="product-card"><img src="/wp-content/uploads/{name}" alt=""></div>', BASE)
        assert not ref.personal, (name, ref.reasons)


@pytest.mark.parametrize("alt", ["Franco Cordero alla presentazione", "Frank Capra on set", "Giulia Pecora, sindaca"])
def test_surnames_that_are_also_farm_animals_stay_names(alt: str) -> None:
    """(The animals added as things this session must not unmake names: Cordero, Capra, Pecora.)"""
    assert any("person-name" in r for r in _described(alt, "IMG_2041.jpg").reasons)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["csm_ehepaar-renoviert-altbau-wohnung_5b6c7d8e9f.jpg", "nerea-fisio-podologa.jpg",
                                  "taller-bellas-artes-estudiante.jpg",
                                  "hebamme-beratung-praxis.jpg", "lifeguards-beach-tower-2025.jpg"])
def test_a_file_named_after_a_couple_a_student_or_someone_at_work_shows_people(name: str) -> None:
    """A couple, a student, a podiatrist, a midwife, lifeguards: people nouns the
    shops' and services' pages of blind set `bd` (and three earlier sets) name their photos by."""
    ref = _file_named(name)
    assert ref.personal and any(r.startswith("file:") for r in ref.reasons)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Aveeno Baby Crema idratante quotidiana", "aveeno-baby-crema-idratante-150ml.jpg"),
                                           ("Pampers Baby Dry taglia 4, 44 pezzi", "pampers-baby-dry-taglia-4-44pz.jpg"),
                                           ("Bübchen Baby Öl 400 ml", "buebchen-baby-oel-400ml.jpg"),
                                           ("Johnson's Baby Shampoo 500ml", "johnsons-baby-shampoo-500ml.jpg")])
def test_a_baby_care_product_is_goods_not_a_baby(alt: str, name: str) -> None:
    """"Baby" before a cream, an oil, a shampoo or a nappy's line names the product's range: a
    pharmacy's tiles of them (12 references in blind set `bd`) show no child."""
    [ref] = find_images(f'<div class="product-miniature"><img src="/p/{name}" alt="{alt}"></div>', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["photo-manquante.png", "missing-photo.jpg", "foto-mancante.png"])
def test_a_missing_photo_file_is_a_placeholder_even_in_a_team_grid(name: str) -> None:
    [ref] = find_images(f'<div class="team"><div class="member"><img src="/equipe/{name}" alt=""></div></div>', BASE)
    assert not ref.personal and f"file:{name.rsplit('.', 1)[0]}" in ref.reasons, ref  # type: ignore[attr-defined]


def test_a_fever_table_for_children_is_a_chart() -> None:
    [ref] = find_images('<img src="/blog/tabella-febbre-bambini-quando-chiamare-pediatra.png" '
                        'alt="Tabella febbre bambini: quando chiamare il pediatra">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["pm-2026-11-werk-chemnitz-richtfest.jpg", "kammerchor_muenster_konzert.jpg",
                                  "LaCasaDeBernarda_ensayo_general_014.jpg",
                                  "huesca-mirandes-gol-celebracion-350x250.jpg"])
def test_a_topping_out_a_concert_a_dress_rehearsal_or_a_celebration_shows_people(name: str) -> None:
    """Gatherings named in German and Spanish as the English words already were (blind set `bb`)."""
    ref = _file_named(name)
    assert ref.personal and any(r.startswith("file:") for r in ref.reasons)  # type: ignore[attr-defined]


def test_a_statistical_models_figure_is_no_model_wearing_anything() -> None:
    """`model` beside `figure` is a statistical model: no garment's model outweighing a caption that names nobody."""
    [ref] = find_images('<img src="/lab/occupancy-model-figure.png" alt="Figure: occupancy estimates across the UK">', BASE)
    assert not ref.personal and "file:on-a-model" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["repas-aines-2023.jpg", "gruppenfoto-kandidierende-2024.jpg", "kandidierende-ortsbeirat.jpg"])
def test_elders_and_candidates_named_in_a_file_are_people(name: str) -> None:
    """The town's elders at their lunch (aînés), a party's candidates (Kandidierende): blind set `bf`."""
    assert _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["villa-rufolo-location-matrimonio.jpg", "bouquet-sposa-limoni.jpg"])
def test_a_weddings_venue_and_the_brides_bouquet_are_things(name: str) -> None:
    """"Location matrimonio" is where a wedding is held, "bouquet sposa" what the bride carries (blind set `bf`)."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{name.split(".")[0].replace("-", " ")}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["one-pan-chicken-dinner-1200x800.jpg", "easy-weeknight-dinner.jpg",
                                  "engineer-boots-brown-leather.jpg"])
def test_a_recipe_named_a_dinner_and_boots_named_after_engineers_show_nobody(name: str) -> None:
    """(A reviewer's counter-examples to words added from blind sets: "dinner" names recipes on food blogs as
    often as gatherings, "engineer boots" a style of boot.)"""
    assert not _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Lucía en el Mirador de Ordiales", "Dani in the cable car", "Walter beim Frühschoppen im Zelt",
                                 "Anna während der Führung",
                                 "Chiara sul palco del teatro"])
def test_a_given_name_heading_where_its_bearer_is_names_someone(alt: str) -> None:
    """A caption that starts with a given name and says where or with what ("Lucía en el Mirador…", blind
    set `bg`) shows that person, where it said "no person" before."""
    [ref] = find_images(f'<figure><img src="/blog/IMG_4561.jpg" alt="{alt}"></figure>', BASE)
    assert ref.personal and "alt:given-name" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Florence at night from the Piazzale", "Victoria in the rain", "Mercedes im Schnee",
                                 "lucía en el mirador"])
def test_a_given_name_that_is_also_a_place_or_a_make_or_uncapitalised_names_nobody(alt: str) -> None:
    [ref] = find_images(f'<figure><img src="/blog/IMG_4562.jpg" alt="{alt}"></figure>', BASE)
    assert "alt:given-name" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Blaskapelle Lindenbach beim Frühschoppen im Festzelt", "Festzug mit der Blaskapelle"])
def test_a_brass_band_is_people(alt: str) -> None:
    """A village's Blaskapelle (blind sets `ba`, `bg`): its musicians, as an orchestra's."""
    [ref] = find_images(f'<figure><img src="/2024/09/DSC_4356-1024x683.jpg" alt="{alt}"></figure>', BASE)
    assert ref.personal and "alt:blaskapelle" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["131220152205_mandela_144x81_afp_nocredit.jpg", "140714015733-xi-jinping-waving-bin-tease.jpg",
                                  "20190112_trudeau_rahaf_0.jpg", "Gal.syria.assad.army.jpg"])
def test_a_news_photo_named_after_a_public_figure_shows_them(name: str) -> None:
    """News sites name photos after whom they show, often by surname alone (the real news pages:
    Mandela, Xi Jinping, Trudeau, Assad were "no person")."""
    ref = _file_named(name)
    assert ref.personal and "file:public-figure" in ref.reasons, ref  # type: ignore[attr-defined]


def test_a_public_figure_named_in_an_alt_text_is_someone() -> None:
    [ref] = find_images('<img src="/teaser/img_748985d8f6.jpg" alt="Merkel">', BASE)
    assert ref.personal and "alt:public-figure" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Char du carnaval", "char-macron-caricature.jpg"),
                                           ("Gli alberelli messi a dimora nel giardino", "alberelli-giardino.jpg"),
                                           ("Apache Kafka", "kafka.svg")])
def test_a_caricature_or_an_ordinary_word_names_no_public_figure(alt: str, name: str) -> None:
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    assert not ref.personal and not any(r.endswith(":public-figure") for r in ref.reasons), ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["trump-tower.jpg", "stadio-maradona.jpg", "eisenhower-matrix.png", "adenauer-platz.jpg",
                                  "lennon-wall.jpg", "alcaraz-castillo.jpg", "piazza-sandro-pertini.jpg", "fico-maturo.jpg"])
def test_a_place_or_thing_named_after_a_public_figure_is_not_them(name: str) -> None:
    """Named after someone, or an ordinary word a surname shares (fico: a fig): found in review."""
    assert "file:public-figure" not in _file_named(name).reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Margherita con bufala", "Erika im Garten", "Pilar en la fachada", "Viola in fiore"])
def test_a_given_name_that_is_also_a_pizza_a_plant_or_a_pillar_names_nobody(alt: str) -> None:
    [ref] = find_images(f'<figure><img src="/blog/IMG_4563.jpg" alt="{alt}"></figure>', BASE)
    assert "alt:given-name" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Marta dando la vuelta a la tortilla con un plato", "Luca impastando il pane",
                                 "Sam flipping the pancakes"])
def test_a_given_name_heading_what_its_bearer_is_doing_names_someone(alt: str) -> None:
    """A recipe blog's "Marta dando la vuelta a la tortilla con un plato" (blind set `bh`) shows Marta, not
    the plate it names."""
    [ref] = find_images(f'<figure><img src="/uploads/IMG_2215.jpg" alt="{alt}"></figure>', BASE)
    assert ref.personal and "alt:given-name" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("caption", ["Elisa racconta la cucina rifatta nel 2021.", "Giulia assaggia il mosto",
                                     "Lucía sirve el desayuno en el patio", "Claire dans l'atelier",
                                     "Sandrine à l'accueil du musée", "Marco a cavallo sulla spiaggia",
                                     "Richard kicks off the night", "Helen outside the shop"])
def test_a_given_name_heading_what_its_bearer_does_names_someone(caption: str) -> None:
    """Blind sets `cw` and `bu`: "Elisa racconta la cucina rifatta nel 2021." under an open house's photo read as a
    kitchen; a name then a verb in the third person, or a name then where its bearer is, shows them."""
    [ref] = find_images(f'<figure><img src="/content/images/2024/05/IMG_7719.jpg" alt="">'
                        f'<figcaption>{caption}</figcaption></figure>', BASE)
    assert ref.personal and "caption:given-name" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Ana an der Nähmaschine in unserer Partnernäherei",
                                 "Chiara tra le rose appena arrivate", "Paolo fra i banchi del mercato",
                                 "Tom building a sandcastle on the beach"])
def test_german_an_and_italian_tra_after_a_given_name_say_where_its_bearer_is(alt: str) -> None:
    """Blind sets `cl` and `bu`: a seamstress at her machine, a nursery's staff among roses read as things (German
    "an", Italian "tra" and "fra" were no where-words); someone building something is still doing it."""
    [ref] = find_images(f'<figure><img src="/uploads/2025/03/IMG_20250307_104512.jpg" alt="{alt}"></figure>', BASE)
    assert ref.personal and "alt:given-name" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Misty morning over the Chardonnay block", "Ruby ring in white gold",
                                 "Emma, an elegant wingback chair", "Olivia, an oak dining table for six",
                                 "Sole al tramonto sul mare", "Basil in the herb garden"])
def test_a_name_shaped_word_heading_a_things_description_names_no_one(alt: str) -> None:
    """(A morning or a ring is no one doing something; English "an" is no German "an" (review: a shop's "Emma, an
    elegant wingback chair" read as Emma somewhere); the packaged names, which hold words, are not read there.)"""
    [ref] = find_images(f'<figure><img src="/uploads/2025/03/IMG_4821.jpg" alt="{alt}"></figure>', BASE)
    assert "alt:given-name" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Monaci che ricevono le vesti dai fedeli", "Monjes en el claustro",
                                 "Operatrice con un'anziana al parco", "Handballer beim Wurf"])
def test_monks_care_workers_and_players_are_people(alt: str) -> None:
    """Blind sets `cz`, `co` and `bt`: monks, a care worker and handball players were in no list of people."""
    [ref] = find_images(f'<img src="/images/2024/IMG_0412.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Unsere Fahrlehrer vor dem Schulungsraum", "Die Zugbegleiterin im Großraumwagen",
                                 "Azafatas en la puerta de embarque", "Our stewards and hostesses at the gate",
                                 "Les motards au départ de la balade", "Learners waiting at the test centre"])
def test_drivers_crews_and_riders_are_people(alt: str) -> None:
    """Blind set `dm`: driving instructors, train crews, cabin crews, motorcyclists and learner drivers were in no
    list of people."""
    [ref] = find_images(f'<img src="/images/2024/IMG_0412.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Teclado mecánico K8 Pro", "Filet de capitaine au citron",
                                 "Cables conductores de cobre", "Botella de ron Comandante",
                                 "Drivers installation, step 1", "Leather jacket for riders"])
def test_words_for_drivers_and_crews_that_name_things_too_name_nobody(alt: str) -> None:
    """(Review of the change above: a mechanical keyboard, a fish, copper conductors, a rum, a printer's drivers
    and motorcycle gear: those words were left out of the people nouns.)"""
    [ref] = find_images(f'<img src="/images/2024/IMG_0412.jpg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["I cinque finalisti del Premio Calamaio 2024 al Salone del Libro di Torino",
                                 "Les finalistes du prix", "Los finalistas del concurso", "I vincitori del premio",
                                 "Die Preisträger 2024", "The nominees"])
def test_finalists_winners_and_nominees_are_people(alt: str) -> None:
    """Blind sets `df` and `cb`: a prize's finalists posing on a stage, read as the hall ("salone") they stood in; the
    plural finalists, Italian winners, German prize-winners and nominees were in no list of people. (Not the singular
    "finalist": an award's badge says it, `Architizer_APlus_Finalist_2023.png`.)"""
    [ref] = find_images(f'<img src="/images/2024/IMG_0412.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


def test_an_awards_finalist_badge_is_no_person() -> None:
    [ref] = find_images('<img src="/uploads/Architizer_APlus_Finalist_2023.png" alt="A+ Awards finalist">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("src", ["/content/images/2024/05/caricatura-dario-mele.png",
                                 "/public/site/images/aconti/ritratto_galli_acquerello.png",
                                 "/projects/552190/cover/medium-retrato-abuela-acuarela.jpg"])
def test_a_caricature_a_drawing_or_a_watercolour_of_someone_is_no_photo(src: str) -> None:
    """Blind sets `df`, `m`, `dd` and `c`: a writer's caricature, watercolour portraits; their file names said so in
    words that were in no list of drawings."""
    [ref] = find_images(f'<img src="{src}" alt="">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Il manifesto disegnato dai volontari", "Poster illustrated by our volunteers"])
def test_a_thing_drawn_by_people_is_no_photo_of_them(alt: str) -> None:
    """(Who drew or illustrated it, as who built or painted it: the makers, not whom the picture shows.)"""
    [ref] = find_images(f'<img src="/images/2024/manifesto-2024.jpg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Bidders in the Clearwater saleroom",
                                 "Filatrici al lavoro nel reparto bacinelle", "Anwärter bei den Klimmzügen",
                                 "Technicians at the new battery line"])
def test_the_people_of_a_saleroom_a_workplace_or_a_test_are_people(alt: str) -> None:
    """Blind sets `cw`, `cd`, `cg`, `cf` and `u`: bidders, an hotel's staff, silk reelers, recruits and technicians were
    in no list of people."""
    [ref] = find_images(f'<img src="/images/2024/saleroom-march-2024.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Die Erstkommunionkinder in Heilig Kreuz 2024", "I cresimandi con il vescovo",
                                 "Die Sternsinger bei der Aussendung", "Unsere Konfirmanden 2025",
                                 "Les communiants devant la cathédrale", "Erstkommunion in Heilig Kreuz 2024",
                                 "Bar Mitzvah 2024", "Ordinations à la cathédrale",
                                 "Hospital personnel at the vaccination centre"])
def test_a_rite_of_a_faith_and_those_it_is_for_show_people(alt: str) -> None:
    """Blind set `cz`: first communions, confirmations and ordinations, events of people, and first communicants,
    confirmands, carol singers and a hospital's personnel were in no list of events or of people."""
    [ref] = find_images(f'<img src="/images/2024/photo-17.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Bomboniere prima comunione", "Konfirmation Einladungskarten",
                                 "Tallit for Bar Mitzvah", "Vestido de Primera Comunión Lucía", "Bidder paddle"])
def test_goods_for_a_rite_and_things_named_after_people_are_no_people(alt: str) -> None:
    """(Review) A shop's favours, cards, prayer shawls and dresses for a rite, and a bidder's paddle, are goods."""
    html = (f'<div class="product-card"><img src="/p/x.jpg" alt="{alt}"><span class="price">12,90 €</span>'
            '<button>Add to cart</button></div>')
    [ref] = find_images(html, BASE)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("caption", ["La mostra di Elisa nel 2021", "Marta mostra", "Victoria presenta la collezione",
                                     "Bianca, taglia M", "Emma, a classic wingback chair in green velvet"])
def test_a_verb_after_a_given_name_counts_only_right_after_it(caption: str) -> None:
    """"Mostra" is an exhibition anywhere else, and a name that is a place too stays one."""
    [ref] = find_images(f'<figure><img src="/content/images/2024/05/IMG_7720.jpg" alt="">'
                        f'<figcaption>{caption}</figcaption></figure>', BASE)
    assert "caption:given-name" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Emma Wedding Dress in ivory", "Rosa Building Supplies"])
def test_a_given_name_before_a_noun_in_ing_is_no_one_doing_anything(alt: str) -> None:
    [ref] = find_images(f'<figure><img src="/uploads/IMG_2216.jpg" alt="{alt}"></figure>', BASE)
    assert "alt:given-name" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("", "temoignage-yanis-14-ans.jpg"), ("Yanis, 14 ans", "temoignage.jpg"),
                                           ("Lena, 9 Jahre", "bericht.jpg"), ("Lucía, 8 años", "testimonio.jpg"),
                                           ("Sam, 7 years old", "story.jpg"),
                                           ("Sarah, 34, from Bristol", "story.jpg"),  # the press's apposition
                                           ("Giulia, 67, pensionata", "storia.jpg")])
def test_a_given_name_and_an_age_introduce_someone(alt: str, name: str) -> None:
    """A charity's testimonial photo named `temoignage-yanis-14-ans.jpg` (blind set `bh`) had no cue at all."""
    [ref] = find_images(f'<img src="/hubfs/Rapport%202024/{name}" alt="{alt}">', BASE)
    assert ref.personal and any(r.endswith(":name-and-age") for r in ref.reasons), ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Association, 10 ans déjà", "Florence, 12 ans après", "Disegno di Marta, 9 anni",
                                 "Sofa Emma, 5 years warranty", "Florence, 12, rue de Paris", "Anna, 12, 14 and 16",
                                 "Trattoria da Mario, 30, via Roma",
                                 "Il nostro negozio, Via Giuseppe Verdi, 10, Milano", "Avenue Victor Hugo, 12, Lyon",
                                 "Sales: Jan, 12, Feb, 15"])
def test_a_number_of_years_after_no_given_name_or_under_a_drawing_introduces_nobody(alt: str) -> None:
    [ref] = find_images(f'<img src="/uploads/IMG_2217.jpg" alt="{alt}">', BASE)
    assert not any(r.endswith(":name-and-age") for r in ref.reasons), ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Réunion publique à Villejean le 4 décembre 2025", "La Locandiera, foto di scena",
                                 "Juniors outside the museum"])
def test_a_public_meeting_a_production_still_and_a_school_year_show_people(alt: str) -> None:
    """Blind set `bh`: a party's public meeting, a theatre's production still, a class of juniors on a trip."""
    [ref] = find_images(f'<img src="/uploads/2025/12/IMG_2207-1024x683.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("src", ["https://gitlab.ex.dev/uploads/-/system/project/avatar/412/tileforge.png?width=32",
                                 "https://gitlab.ex.dev/uploads/-/system/group/avatar/87/tilemill.png?width=16",
                                 "https://forum.ex.org/user_avatar/forum.ex.org/system/48/1_2.png"])
def test_a_projects_a_groups_or_a_forums_system_avatar_is_nobodys_face(src: str) -> None:
    """Blind set `cc`: GitLab's avatars of a project and a group, and Discourse's of its `system` account, in avatar
    classes at avatar sizes, were taken for members' faces."""
    [ref] = find_images(f'<img class="avatar s32" src="{src}" width="32" height="32" alt="">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]
    [member] = find_images('<img class="avatar s32" width="32" height="32" alt="" '
                           'src="https://gitlab.ex.dev/uploads/-/system/user/avatar/233/avatar.png?width=32">', BASE)
    assert member.personal, member  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "alt"), [("clara-zetkin-denkmal.jpg", ""),
                                         ("wagner-denkmal-stephan-balkenhol.jpg", "Das Richard-Wagner-Denkmal"),
                                         ("sorensen_statue.jpg", "Bronze statue of coach Sorensen by the gate"),
                                         ("IMG_7781.jpg", "Busto di Giuseppe Garibaldi"),
                                         ("Como_Monumento_a_Volta.jpg", "")])
def test_a_monument_to_someone_is_no_photo_of_them(name: str, alt: str) -> None:
    """Blind set `cd`: a street guide's Clara-Zetkin-Denkmal and Wagner-Denkmal, a hall of fame's bronze statue: a name
    beside a monument word names whom the stone or bronze shows."""
    [ref] = find_images(f'<img src="/content/images/2024/05/{name}" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "alt"), [("csm_Hollaender_Selbstbildnis_mit_Pfeife_84b87fa603.jpg",
                                          "Selbstbildnis mit Pfeife"),
                                         ("affresco-pieve-san-michele.jpg", "Affresco con San Michele e Santa Lucia"),
                                         ("IMG_2207.jpg", "Bildnis des Kurfürsten Max Emanuel")])
def test_a_painting_of_someone_is_no_photo_of_them(name: str, alt: str) -> None:
    """Blind set `cd`: a gallery's painted self-portrait and "Bildnis" of a woman in 1911, a parish's fresco of saints:
    words only a painting is called by, in a text that names no one there (file names say nothing so: review)."""
    [ref] = find_images(f'<img src="/fileadmin/_processed_/7/4/{name}" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Anna Schmidt malt ihr Selbstbildnis", "Giulia Rossi restaura l'affresco",
                                 # (review of the change: people before a painting, painted faces, a carriage)
                                 "Besucher vor dem Gemälde von Rubens", "Les élèves devant la fresque de l'école",
                                 "Children with painted faces at the summer fair",
                                 "Bride and groom leave in a horse-drawn carriage"])
def test_someone_at_work_on_a_painting_or_beside_one_is_still_there(alt: str) -> None:
    [ref] = find_images(f'<img src="/content/images/2024/05/IMG_2207.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "alt"), [("ceremonie-8-mai-2025-monument.jpg", ""),
                                         ("IMG_2207.jpg", "Mayor Jane Doe unveils the statue of Clara Zetkin"),
                                         # (review of the change: someone photographed beside one)
                                         ("IMG_2207.jpg", "Jane Doe in front of the Statue of Liberty"),
                                         ("anna-schmidt-am-denkmal.jpg", ""),
                                         ("IMG_2207.jpg", "Anna Schmidt vor dem Bismarck-Denkmal"),
                                         ("IMG_2207.jpg", "Giulia Rossi davanti alla statua di Garibaldi")])
def test_people_at_a_monument_are_still_people(name: str, alt: str) -> None:
    [ref] = find_images(f'<img src="/content/images/2024/05/{name}" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Classe 5B – Scuola Primaria Manzoni", "Die Klasse 9b beim Ausflug", "Class 3C",
                                 "Klasse 2b mit ihren Urkunden", "Premiazione concorso lettura classe 3B",
                                 "Brezel-Workshop mit der Klasse 3b der Grundschule Am Bach",
                                 "1ª B – Primaria Garibaldi", "3ª A – Secondaria Mazzini", "2.º A – Colegio San José"])
def test_a_school_class_by_year_and_letter_is_its_pupils(alt: str) -> None:
    """Blind set `ca`: a charity's donor card of a primary school's class, alt "Classe 5B – Scuola Primaria
    Manzoni", read as naming nobody; the certificates a class holds ("mit ihren Urkunden") are theirs, no
    certificate's picture."""
    [ref] = find_images(f'<img src="/uploads/2025/06/IMG_4452.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Plakat Sommerfest 2024, gemalt von der Klasse 4b", "Class 1 laser product label",
                                 "Classe A4 energy label", "Urkunden der Klasse",
                                 # (review of the change: a product's or a vehicle's class)
                                 "Laser Class 3B", "Cable class 2A", "Bus der Klasse 2b",
                                 "Aula della scuola primaria con 28° C a giugno",
                                 "Aula della scuola primaria con 20º C a gennaio"])  # (review of the change)
def test_a_class_that_drew_it_or_a_products_class_is_nobody_in_it(alt: str) -> None:
    [ref] = find_images(f'<img src="/uploads/2025/06/plakat.jpg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Women's Merino Crew Sweater in Oat on a hanger", "NW-W-MerinoCrew-Oat-Hanger.jpg"),
                                           ("Hometown Family Dental", "hometown-family-dental-300x250.png"),
                                           ("The Korean War Veterans Memorial lit up at night", "IMG_2251.jpg")])
def test_a_crew_sweater_a_family_practice_and_a_veterans_memorial_show_nobody(alt: str, name: str) -> None:
    """Blind set `bh`: a crew-neck sweater on a hanger, a dentist's ad, a memorial named after veterans."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


def test_a_model_wearing_a_crew_sweater_is_still_a_person() -> None:
    [ref] = find_images('<img src="/files/NW-W-MerinoCrew-Oat-Model-Front.jpg" alt="Model wearing the Merino Crew">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


def test_a_file_named_a_header_is_a_page_strip() -> None:
    """A professional network's profile header (`/headers/…/header.1200x220.jpg`, blind set `bh`) beside the
    member's name is the strip above the profile, not their photo."""
    page = ('<html><head><meta property="og:type" content="profile"></head><body><h1>Katrin Hofmeister</h1>'
            '<img src="https://profile-headers.example.de/headers/7c3e9a1f/header.1200x220.jpg" width="1200" height="220" alt="">'
            '<p>Katrin Hofmeister, Projektleiterin</p></body></html>')
    [ref] = find_images(page, BASE)
    assert not ref.personal and "file:header" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Steckfrisuren: So gelingt der Dutt", "steckfrisuren-4.jpg"),
                                           ("", "kurzhaarfrisuren-trends-2018.jpg"), ("Trendfrisuren 2019", "IMG_1001.jpg")])
def test_a_hairstyle_is_worn_by_someone(alt: str, name: str) -> None:
    """A women's magazine's hairstyle teasers (the real `fresh` and `final` pages; 10 of 10 labelled file names
    naming a hairstyle showed a woman) had no person cue."""
    [ref] = find_images(f'<img src="/img/{name}" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["bsava-member.png", "VetPartners-member.png", "green-fins-member-150x150.png",
                                  "deuvet-mitglied.png", "ada-member-badge.png", "federottica-socio.svg"])
def test_an_associations_membership_badge_is_no_member(name: str) -> None:
    """Six blind sets' footers showed an association's "member" badge as a person (30 of 30 labelled graphics
    named so were badges)."""
    ref = _file_named(name)
    assert not ref.personal and "file:membership-badge" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["BACD member", "NFDA Member", "BWRC member"])
def test_a_badges_own_words_in_its_alt_are_no_member(alt: str) -> None:
    """Blind set `dj`'s dentist and two earlier sets' footers: "BACD member", an acronym and "member" in the badge's
    alt, outweighed its file name's badge; the badge itself says it, whatever its file is called."""
    [ref] = find_images(f'<img src="/uploads/badge-2024.png" alt="{alt}">', BASE)
    assert not ref.personal and "alt:membership-badge" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Team member", "Board Member", "Jane Doe, member", "New member"])
def test_a_member_named_or_described_in_an_alt_is_still_someone(alt: str) -> None:
    [ref] = find_images(f'<img src="/uploads/photo-2024.jpg" alt="{alt}">', BASE)
    assert "alt:membership-badge" not in ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["members-evening-courthouse-0318.jpg", "member-support-team-leeds-2024.jpg"])
def test_members_in_a_photos_name_are_still_people(name: str) -> None:
    assert "file:membership-badge" not in _file_named(name).reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Empfang", "Empfang.jpg"), ("Empfang der Kanzlei", "Empfang-Kanzlei-300x200.jpg")])
def test_a_practices_empfang_is_its_reception_desk(alt: str, name: str) -> None:
    """"Empfang" on five blind sets' practice and office pages was the reception desk, never a reception."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


def test_a_new_years_reception_is_still_a_gathering() -> None:
    [ref] = find_images('<img src="/uploads/IMG_0412.jpg" alt="Neujahrsempfang der Stadt im Rathaus">', BASE)
    assert ref.personal and "alt:neujahrsempfang" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["sarah.jpg", "jana.jpg", "paolo.jpg"])
def test_a_file_named_only_a_given_name_shows_that_person(name: str) -> None:
    """Wix and Squarespace team and testimonial photos named `jana.jpg`, `paolo.jpg` (blind sets `ag`, `ax`,
    `bd`): 6 of 6 labelled file names that were one given name and nothing else showed the person."""
    assert _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Chaqueta de cuero motera", "look-03-chaqueta-cuero-motera.jpg"),
                                           ("Cappotto in lana cammello", "LB_AI25_02.jpg"),
                                           ("Cashmere crew in oatmeal", "OSTREA_SS25_LB_11.jpg")])
def test_a_lookbooks_garment_is_the_look_a_model_wears(alt: str, name: str) -> None:
    """Blind sets `al`, `au`, `m`: a lookbook's pictures named after the garment were judged things (and `ch`'s
    after its cloth)."""
    page = f'<section class="lookbook"><div class="lookbook__item"><img src="/cdn/shop/files/{name}" alt="{alt}"></div></section>'
    [ref] = find_images(page, BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


def test_a_lookbooks_sofa_is_still_a_thing() -> None:
    page = '<section class="lookbook"><img src="/cdn/shop/files/sofa-milano-velluto.jpg" alt="Divano Milano in velluto"></section>'
    [ref] = find_images(page, BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Eröffnung durch den 1. Vorsitzenden", "Gruppenbild mit den Schülern und Kindern",
                                 "Pokalübergabe an den Spielern"])
def test_a_german_dative_plural_is_the_people_noun(alt: str) -> None:
    """"durch den Vorsitzenden", "mit den Kindern": German's dative forms were no person word (blind set `ar`,
    the real `fresh` and `final` pages)."""
    [ref] = find_images(f'<img src="/galerie/IMG_2031.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Unser Schulchor eröffnet das Fest", "Foto ricordo con i padrini", "Springreiterin beim Hallenturnier",
                                 "Mentor night, December edition"])
def test_choirs_godparents_riders_and_mentors_are_people(alt: str) -> None:
    """Alt texts from the blind sets that said who is shown in words the lexicons lacked."""
    [ref] = find_images(f'<img src="/uploads/IMG_2131.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


def test_an_operating_theatre_has_no_operators() -> None:
    [ref] = find_images('<figure><img src="/uploads/sala-ibrida.jpg" alt=""><figcaption>Le nuove sale operatorie</figcaption></figure>', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Monseigneur et le recteur", "Celebración del 1-0", "Séance du conseil municipal du 28 mars 2024",
                                 "Audición de fin de curso, junio 2025", "Gemeinderatssitzung im Juni"])
def test_a_bishop_a_goal_celebration_a_council_session_and_a_recital_show_people(alt: str) -> None:
    """More alt texts from the blind sets whose people the lexicons did not name."""
    [ref] = find_images(f'<img src="/uploads/DSC_4815.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("", "premierenfeier-foyer-23-1024x683.jpg"), ("Fraktionssitzung. Lange Tagesordnung heute", "IMG_0101.jpg"),
                                           ("", "debat-amphi-weil-2025.jpg"), ("Mitgliederversammlung 2025", "IMG_0102.jpg")])
def test_a_german_gathering_compound_and_a_debate_show_people(alt: str, name: str) -> None:
    """Blind set `bi`: a premiere party (Premierenfeier) and a students' debate (débat) had no cue."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["csm_Sommerfest_2024_02_8c2f5e1a7b.jpg", "Nachbarschaftsfest_Hofgarten_2024.jpg",
                                  "Gemeindefest2024_017.jpg", "dauercamper-grillfest-2023.jpg"])
def test_a_german_festival_compound_shows_people(name: str) -> None:
    """Blind sets `dl`, `cu`, `cr` and `cq`: a neighbourhood's, a nursery's, a parish's and a campsite's festival
    photos (-fest) had no cue."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["wasserfeste-wanderjacke-2024.jpg", "kratzfeste-pfanne-gusseisen.jpg",
                                  "manifest-titelseite.jpg", "spuelmaschinenfeste-tassen.jpg",
                                  "Saeurefeste_Handschuhe_2024.jpg", "backofenfeste-auflaufform.jpg",
                                  "Einbruchfeste_Tuer.jpg", "sattelfest-reitkurs.jpg"])
def test_a_proof_adjective_ending_in_fest_is_no_festival(name: str) -> None:
    """(What stands up to water or scratches, a product's: "-fest" ends those too.)"""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


def test_a_festival_in_an_alt_is_as_often_what_a_poster_announces() -> None:
    """(The full run: "Sommerfest mit Anna Weber" on `Plakat_Sommerfest_2025.jpg` is the poster; in an alt a
    festival is no gathering shown.)"""
    [ref] = find_images('<img src="/uploads/Plakat_Sommerfest_2025.jpg" alt="Sommerfest mit Anna Weber">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Madeleine", "madeleines-beurre-noisette.jpg"), ("", "mystery-person.png"),
                                           ("Sitzungssaal im Rathaus", "sitzungssaal.jpg")])
def test_a_madeleine_a_mystery_silhouette_and_a_council_chamber_show_nobody(alt: str, name: str) -> None:
    """Blind set `bi`'s cakes named Madeleine, a placeholder silhouette for a minor."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Rookie quarterback leads late comeback", "Il capogruppo di minoranza", "Agentes trasladan al detenido",
                                 "I'm A Celeb 2025: all the celebs confirmed", "Nadia, locataire du premier étage"])
def test_news_teasers_naming_a_player_an_official_a_detainee_a_celebrity_or_a_tenant_show_them(alt: str) -> None:
    """News headlines from blind set `bj` whose people the lexicons did not name."""
    [ref] = find_images(f'<img src="/img/2025/03/17416645544332.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]



@pytest.mark.parametrize(("alt", "personal"), [("Wahlsieger am Sonntagabend in Erfurt", True), ("Olympiasiegerin im Ziel", True),
                                               ("Testsieger: Aldi-LED-Röhre", False)])
def test_a_german_winners_compound_is_a_person_but_a_test_winner_a_product(alt: str, personal: bool) -> None:
    """Blind set `bj`'s election winner (Wahlsieger) on a news site's lead photo; a product's 'Testsieger' badge
    on the real `web` pages is no one."""
    [ref] = find_images(f'<img src="/images/9a8b7c6d_w948.jpg" alt="{alt}">', BASE)
    assert ref.personal is personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("ritratto cane polpaccio", "ritratto-cane-polpaccio.jpg"), ("Dog portrait session", "IMG_0410.jpg")])
def test_an_animals_portrait_is_no_persons(alt: str, name: str) -> None:
    """Blind set `bk`: a tattooist's dog portrait on a calf."""
    [ref] = find_images(f'<img src="/media/{name}" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


def test_a_barber_is_a_person_and_a_colour_named_stock_avatar_nobody() -> None:
    """Blind set `bk`: a barber shop's team, and Substack's `/img/avatars/orange.png` for readers without a photo."""
    [barber] = find_images('<img src="/wp-content/uploads/2024/02/yeray-barbero.jpg" alt="yeray barbero valencia">', BASE)
    [stock] = find_images('<div class="avatar"><img src="https://substack.com/img/avatars/orange.png" alt=""></div>', BASE)
    assert barber.personal and not stock.personal, (barber, stock)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["red-carpet-look-1-400x600.jpg", "tapis-rouge-deauville-100x70.jpg", "attrice-figlia-instagram-150x150.jpg"])
def test_a_red_carpet_and_a_people_noun_posted_on_a_network_show_people(name: str) -> None:
    """Blind set `bj`'s gossip magazine: red-carpet looks, an actress and her daughter on Instagram (the
    network's name hid the people the file name says)."""
    assert _file_named(name).personal  # type: ignore[attr-defined]


def test_a_networks_share_button_is_still_a_logo() -> None:
    assert not _file_named("share-instagram-icon.png").personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", [
    "Parachoques delantero Seat Ibiza", "Portiere anteriori Fiat Panda", "Kit portero automático Fermax", "Barbera d'Asti DOCG 2021",
    "Serum mit aktiven Wirkstoffen", "Celebrity Cruises ship", "Candidatura spontanea", "Cambia operatore, passa a Iliad",
    "Capitano Findus bastoncini", "Pizzeria Mama Mia", "Hairstyle Spray", "Romeros en maceta", "Rentner-Ticket 2025",
    "Vergleichssieger 2024", "Schrauben und Muttern M8", "Die jungen Pflanzen im Gewächshaus", "Bei allen Modellen serienmäßig",
    "Appartement T3 à Saint-Denis (93)", "Body Mia (68)", "Trattoria da Mario, 30 anni di tradizione", "Ouragan Irma, 5 ans après",
    "Widerrufsbelehrung für Verbraucher", "Torte für die Hochzeitsfeier", "Luca vendo bici usata"])
def test_words_this_sessions_cues_misread_in_review_name_nobody(alt: str) -> None:
    """A review of the cues added from blind sets `bh` to `bk` found each of these flip to a person: a front
    bumper (delantero), car doors (portiere), a door intercom, a wine, an adjective, a cruise line, a job
    application, a telecom operator, a brand's captain, a pizzeria, a hair spray, rosemary, a ticket, a
    product badge, nuts (Muttern), an adjective (jungen), a département, a size, an anniversary, a storm,
    a shop's legal notice, a cake, a used bike for sale."""
    [ref] = find_images(f'<img src="/uploads/2024/05/1205.jpg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("Familienfoto mit Hund", "1205.jpg"), ("Selfie with my dog", "1205.jpg"),
                                           ("Coach Hall at practice", "1205.jpg"), ("Volunteers Bridge the Gap", "1205.jpg"),
                                           ("Senioren beim Karten spielen", "1205.jpg"), ("", "header-familie.jpg"),
                                           ("", "team-member-1.jpg")])
def test_people_this_sessions_cues_hid_in_review_are_people_again(alt: str, name: str) -> None:
    """The same review: a family photo with the dog, a coach named Hall, a headline's verb, seniors playing
    cards, a header photo of a family and a team member's photo were judged things."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


def test_a_file_named_a_given_name_that_is_also_a_place_weighs_less() -> None:
    """`aurora.jpg` beside "Aurora borealis", `santiago.jpg` beside the cathedral (the same review)."""
    [ref] = find_images('<img src="/uploads/aurora.jpg" alt="Aurora borealis">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "name"), [("", "GTA_award_ceremony-7.jpg"), ("", "premios-ivoox-gala.jpg"),
                                           ("don Pino Rizzo", "archivio-1968.jpeg"), ("fra Cristoforo Bianchi", "archivio-1969.jpeg")])
def test_an_award_ceremony_a_gala_and_a_priest_named_with_his_title_show_people(alt: str, name: str) -> None:
    """Blind set `bl`: an award ceremony ("award" made it a badge), an alumni gala, a parish's late priest."""
    [ref] = find_images(f'<img src="/uploads/{name}" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["statua-san-michele-festa-e3d4f6a9.jpeg", "locandina-concerto-natale.jpg"])
def test_a_statue_for_a_feast_and_a_concerts_poster_show_nobody(name: str) -> None:
    assert not _file_named(name).personal  # type: ignore[attr-defined]


def _recipe_page(body: str) -> str:
    recipe = '{"@context": "https://schema.org", "@type": "Recipe", "name": "Creamy Tuscan chicken"}'
    return f'<script type="application/ld+json">{recipe}</script>{body}'


def test_a_recipes_camera_named_photo_nothing_else_speaks_for_is_a_dish() -> None:
    """Blind set `bm`: on a recipe page (JSON-LD Recipe) the undescribed `IMG_4821.jpg` photos were the
    dish and its steps (12 of 12 such labelled photos showed food or hands); off one it still counts."""
    photo = '<img src="/wp-content/uploads/2023/09/IMG_4821.jpg" alt="">'
    [ref] = find_images(_recipe_page(photo), BASE)
    assert not ref.personal and "file:camera-name" not in ref.reasons, ref  # type: ignore[attr-defined]
    [ref] = find_images(photo, BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


def test_a_recipes_camera_named_photo_of_the_cook_or_a_reader_keeps_its_camera() -> None:
    """What else says a person keeps the camera's weight: the cook beside "Hi, I'm Jenny", a reader's
    photo in the comments."""
    cook = '<div class="about"><img src="/uploads/DSC_0192.jpg" alt=""><p>Hi, I\'m Jenny! Welcome to my kitchen.</p></div>'
    [ref] = find_images(_recipe_page(cook), BASE)
    assert ref.personal and "file:camera-name" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("block", [
    '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {"@type": ["Recipe", "HowTo"], "name": "Focaccia"}]}',
    '{"@context": "https://schema.org", "@type": "WebPage", "mainEntity": {"@type": "Recipe", "name": "Focaccia"}}'])
def test_a_recipe_in_the_pages_graph_or_as_its_main_entity_makes_it_a_recipe_page(block: str) -> None:
    html = f'<script type="application/ld+json">{block}</script><img src="/u/IMG_4821.jpg" alt="">'
    [ref] = find_images(html, BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("block", [
    '{"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [{"@type": "ListItem", "position": 1,'
    ' "item": {"@type": "Recipe", "name": "Focaccia"}}]}',
    '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "The chef", "hasPart": {"@type": "Recipe"}}'])
def test_a_recipe_in_a_round_up_or_an_article_makes_no_recipe_page(block: str) -> None:
    """(A review: the chef's camera-named portrait in an article that embeds one of her recipes, a
    round-up's list, lost the camera's weight.)"""
    html = f'<script type="application/ld+json">{block}</script><img src="/u/IMG_4821.jpg" alt="">'
    [ref] = find_images(html, BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "alt"), [("LOOK_01_SS24.jpg", "Vestido midi de lunares rojo"), ("look-07-falaises-etretat.jpg", ""),
                                           ("AR_SS26_look07_0142.jpg", ""), ("look-01-cappotto-cammello.jpg", "Cappotto cammello")])
def test_a_numbered_look_is_an_outfit_on_its_model(name: str, alt: str) -> None:
    """Blind set `bo`'s lookbook (`LOOK_01_SS24.jpg`, its alt naming the dress): a lookbook numbers its
    looks, each an outfit a model wears (61 of 82 such labelled pictures showed one)."""
    [ref] = find_images(f'<img src="/cdn/shop/files/{name}" alt="{alt}">', BASE)
    assert ref.personal and "file:on-a-model" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["look-04-detalle-broche.jpg", "look-06-flatlay-accesorios.jpg", "LOOK_08_nature-morte.jpg",
                                  "first-look-pixel-9.jpg", "look-inside-the-kitchen.jpg", "look-2024-trends.jpg"])
def test_a_looks_detail_flat_lay_or_still_life_and_other_looks_are_no_outfit_on_a_model(name: str) -> None:
    assert "file:on-a-model" not in _file_named(name).reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Gli sbandieratori del rione San Rocco", "La festa dei contradaioli in piazza"])
def test_a_palios_flag_throwers_and_its_districts_people_are_people(alt: str) -> None:
    """Blind set `bo`'s palio gallery (and `as`'s): flag throwers and a contrada's people."""
    [ref] = find_images(f'<img src="/photos/2024/06/23/78412016/0142.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "personal"), [("Il taglio va fatto sopra la prima coppia di gemme gonfie", False),
                                               ("a couple of tomatoes on the table", False), ("una pareja de zapatos", False),
                                               ("Una coppia di sposi", True), ("a couple of friends at the lake", True),
                                               ("Couple of the year", True)])
def test_a_pair_of_things_is_no_couple(alt: str, personal: bool) -> None:
    """Blind set `bq`'s garden blog ("la prima coppia di gemme", the first pair of buds): a pair's word
    counting things names no couple; counting people, or an award's title, it still does."""
    [ref] = find_images(f'<img src="/uploads/0142.jpg" alt="{alt}">', BASE)
    assert ref.personal is personal, ref  # type: ignore[attr-defined]


def test_a_recipe_declared_in_microdata_makes_a_recipe_page_too() -> None:
    """(A review: `itemtype="https://schema.org/Recipe"` on the recipe card, older plug-ins' markup,
    left the post's camera-named step photos counted as people.)"""
    html = ('<div itemscope itemtype="https://schema.org/Recipe"><h2 itemprop="name">Focaccia</h2></div>'
            '<img src="/u/IMG_4821.jpg" alt="">')
    [ref] = find_images(html, BASE)
    assert not ref.personal and "file:camera-name" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("page_url", "title"), [
    ("https://www.schreinerei-beispiel.de/referenzen/einbauschraenke/", "Einbauschränke"),
    ("https://www.fliesen-beispiel.de/leistungen/", "Referenzprojekte – Fliesen Beispiel"),
    ("https://www.hotel-beispiel.es/es/habitaciones", "Hotel Beispiel"),
    ("https://www.architectes-exemple.fr/nos-realisations/", "Atelier Exemple"),
    ("https://example.photo/galleries/scottish-landscapes", "Iain's work"),
    ("https://example.com/Projekte%20Holzbau/", "Holzbau"),
    ("https://www.schreinerei-mueller.de/", "Schreinerei Müller | Referenzen"),
    ("https://www.grandrooms.example/", "Rooms | Grand Rooms Hotel")])
def test_a_business_showing_its_work_or_rooms_shows_them_in_its_camera_named_photos(page_url: str, title: str) -> None:
    """Blind sets `af`, `aj`, `ag`, `bf` and `bh`: a joiner's references, a tiler's projects, a hotel's
    rooms, a landscape photographer's landscapes; their undescribed `DSC_0187.jpg` photos showed the
    work (63 of 80 such labelled photos showed no one), as a recipe's show its dishes."""
    html = f'<title>{title}</title><div class="card"><img src="/uploads/2024/06/DSC_0187.jpg" alt=""></div>'
    [ref] = find_images(html, page_url)
    assert not ref.personal and "file:camera-name" not in ref.reasons, ref  # type: ignore[attr-defined]
    [ref] = find_images(html.replace("DSC_0187.jpg\" alt=\"\"", "DSC_0187.jpg\" alt=\"Unser Team beim Richtfest\""), page_url)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("page_url", "title"), [
    ("https://www.photographe-exemple.fr/portfolio/mariages/", "Portfolio"),
    ("https://www.venue.example/the-room/", "The Room – live music"),
    ("https://news.example.com/2024/06/richtfest/", "Richtfest in Bamberg"),
    ("https://www.referenzen.example/blog/", "Blog"),
    ("https://www.example.co.uk/about-us/", "About us | Smith Projects"),
    ("https://www.example.co.uk/about-us/", "About us – Grand Suites Hotel"),
    ("https://www.zimmer.de/team/", "Zimmer | Unser Team"),
    ("https://www.suites.example/about/", "Suites | About us")])
def test_a_portfolio_a_venues_room_and_a_host_named_after_references_are_no_showcase(page_url: str, title: str) -> None:
    """A wedding photographer's portfolio shows couples, a venue's room its acts; only the page's own
    path and its own part of the title count, not its host nor the business's name in the title
    (a review: "About us | Smith Projects" made every page of the site a showcase)."""
    html = f'<title>{title}</title><img src="/uploads/2024/06/DSC_0187.jpg" alt="">'
    [ref] = find_images(html, page_url)
    assert ref.personal and "file:camera-name" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Beschäftigte protestierten vor dem Werkstor", "La festa per i 90 anni con i nipoti",
                                 "Les sapeurs-pompiers sur les lieux de l'accident", "Einsatzkräfte der Feuerwehr am Unfallort",
                                 "Los bomberos trabajan en la zona", "I carabinieri sul posto"])
def test_employees_grandchildren_a_baker_and_emergency_services_are_people(alt: str) -> None:
    """Blind set `bt`'s news pages: the words for employees, grandchildren, a baker and the
    emergency services (firefighters, gendarmes, carabinieri, rescue workers) in the other languages."""
    [ref] = find_images(f'<img src="/photos/2025/09/0142.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["street-style-milano-ballerine-settembre-2025.jpg", "Street-style-Fashion-Week-Paris.jpg"])
def test_street_style_photography_shows_the_people_it_photographs(name: str) -> None:
    """Blind set `bt`'s fashion piece (and `bj`'s): street style is photography of passers-by's outfits,
    so its "street" is no place alone."""
    [ref] = find_images(f'<img src="/wp-content/uploads/{name}" alt="Lo street style lo conferma: ballerine ovunque">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "alt"), [("christkindlmarkt-wor-eroeffnung.jpg", "Die Bilder von der Eröffnung"),
                                           ("csm_Eroeffnung_2025_TW_0142_aa11bb22cc.jpg", "")])
def test_an_opening_is_an_event_with_people(name: str, alt: str) -> None:
    [ref] = find_images(f'<img src="/fileadmin/_processed_/{name}" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "caption"), [
    ("Chart comparing library spending per resident in Canadian cities", "Library operating spending per resident, 2024."),
    ("Menu du marché, 45 euros par personne", ""), ("Eintritt 12 Euro pro Person", "")])
def test_a_person_counted_as_the_unit_of_a_rate_is_nobody_on_the_picture(alt: str, caption: str) -> None:
    """Blind set `bt`'s opinion column: "spending per resident" is a statistic, the resident its unit."""
    html = f'<figure><img src="/content/images/2025/03/figure-2.jpg" alt="{alt}"><figcaption>{caption}</figcaption></figure>'
    [ref] = find_images(html, BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


def test_a_person_beside_a_rate_is_still_a_person() -> None:
    [ref] = find_images('<img src="/u/0142.jpg" alt="The chef with her guests, 45 euros per person">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("alt", "personal"), [("Vigili del fuoco al lavoro ad Argegno", True),
                                               ("Vigili del fuoco, ad banner", False)])
def test_italian_ad_is_a_preposition_not_an_advertisement(alt: str, personal: bool) -> None:
    """Blind set `bt`'s local paper: "ad Argegno" (at Argegno) read as an advertisement outweighed the firefighters."""
    [ref] = find_images(f'<img src="/foto/2025/11/2545d436-720x405.jpg" alt="{alt}">', BASE)
    assert ref.personal is personal, ref  # type: ignore[attr-defined]


def test_goods_being_worn_are_on_someone() -> None:
    [ref] = find_images('<img src="/wp-content/uploads/2025/10/nc700-commute-test-1.jpg" alt="Auralis NC700 being worn on a train">', BASE)
    assert ref.personal and "alt:worn-by" in ref.reasons, ref  # type: ignore[attr-defined]


def test_a_lazy_loaders_plain_grey_gif_is_a_placeholder_not_the_photo_its_alt_describes() -> None:
    """Blind set `bt`'s obituary on jQuery Lazy Load: `src="img/grey.gif"` until `data-original` loads the photo."""
    html = ('<img class="lazy" src="./img/grey.gif" data-original="upload/thumb/bertolini-sposi-1962.jpg" '
            'alt="Ernesto e Maria il giorno del matrimonio, nel 1962">')
    refs = {ref.url.rsplit("/", 1)[1]: ref for ref in find_images(html, BASE)}
    assert not refs["grey.gif"].personal and "file:plain-colour" in refs["grey.gif"].reasons  # type: ignore[attr-defined]
    assert refs["bertolini-sposi-1962.jpg"].personal  # type: ignore[attr-defined]


def test_a_galleries_click_to_enlarge_alt_around_the_camera_name_describes_nothing() -> None:
    """Blind set `br`'s match report on Joomla's Simple Image Gallery (and `as`'s): its alt "Zum
    Vergrößern klicken IMG_8123.JPG" is the gallery's, not a description that mentions nobody."""
    html = ('<a class="sigFreeLink"><img class="sigFreeImg" src="/plugins/content/jw_sig/jw_sig/includes/images/transparent.gif" '
            'alt="Zum Vergrößern klicken IMG_8123.JPG" style="background-image:url(\'/cache/jw_sig/jw_sig_cache_8a3f1c92d7_IMG_8123.jpg\')"></a>')
    refs = {ref.url.rsplit("/", 1)[1]: ref for ref in find_images(html, BASE)}
    assert refs["jw_sig_cache_8a3f1c92d7_IMG_8123.jpg"].personal  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "alt"), [("visite-guidee-ruelles-ete.jpg", "Visite guidée dans les ruelles"),
                                           ("csm_Stadtfuehrung_Altstadt_4c2e8a1f7b.jpg", ""),
                                           ("visita-guidata-centro.jpg", "Visita guidata al centro storico")])
def test_a_guided_tour_is_people(name: str, alt: str) -> None:
    """Blind set `br`'s tourism page: a guided tour shows its guide and visitors."""
    [ref] = find_images(f'<img src="/images/{name}" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Pettorale 214 – Rossi Federica all'arrivo", "Dossard 1187 sur la ligne d'arrivée",
                                 "Adventskonzert 2025", "Das Schulkonzert in der Aula", "Beim Jugendturnier in Aalen"])
def test_a_race_bib_a_concert_and_a_tournament_in_german_compounds_show_people(alt: str) -> None:
    """Reading the alt texts of the personal pictures the guard missed over every tuned blind set:
    a race bib's number is a runner's, and a German concert or tournament compound
    (Adventskonzert, Jugendturnier) is the gathering."""
    [ref] = find_images(f'<img src="/images/2025/0142.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Trio of desserts with berries", "Trío de quesos manchegos", "Pommes de terre boulangère au four",
                                 "Les symptômes se manifestent par des rougeurs", "Führung und Management Konzept",
                                 "Brake pads being worn unevenly on the front axle", "Leather boots after being worn for a year",
                                 "Google ad Manager dashboard", "Vintage print ad Coca-Cola"])
def test_words_of_this_sessions_people_and_events_that_name_things_stay_things(alt: str) -> None:
    """(A review of the words and rules above: a trio of desserts, potatoes boulangère, symptoms
    that "se manifestent", leadership (Führung), brake pads worn down, an ad for Coca-Cola.)"""
    [ref] = find_images(f'<img src="/u/0142.jpg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["A guest enjoys the tasting menu, 95 euros per guest", "Photo by pro member Anna Keller",
                                 "I vigili del fuoco ad aprile", "Ad Argegno i vigili del fuoco al lavoro"])
def test_a_noun_outside_the_rate_and_italian_ad_before_a_vowel_keep_their_people(alt: str) -> None:
    """(The review: the rate rule dropped a noun found outside the rate too, and English "pro" is
    no German rate; Italian "ad" stands before vowels, capitalised at the start too.)"""
    [ref] = find_images(f'<img src="/u/0142.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", [
    "Klicke um das Bild zu vergrößern: IMG_0412.JPG", "Clicca per ingrandire IMG_20250427_153012.jpg",
    # (the file name after "imagen" was read as the picture's credit, and dropped)
    "Pulsa para ampliar la imagen IMG_0412.jpg", "Click to enlarge image IMG_0412.jpg"])
def test_other_galleries_prompts_around_the_camera_name_describe_nothing_either(alt: str) -> None:
    [ref] = find_images(f'<img src="/cache/jw_sig/jw_sig_cache_8f2a1b3c4d_IMG_0412.jpg" alt="{alt}">', BASE)
    assert ref.personal and "alt:no-person-cue" not in ref.reasons, ref  # type: ignore[attr-defined]


def test_a_description_beside_the_camera_name_still_mentions_nobody() -> None:
    [ref] = find_images('<img src="/u/DSC_0412.JPG" alt="Das neue Rathaus im Abendlicht, DSC_0412.JPG">', BASE)
    assert "alt:no-person-cue" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["grey.png", "lazy-grey.gif", "white.gif"])
def test_other_plain_colour_placeholders_are_placeholders(name: str) -> None:
    [ref] = find_images(f'<img src="/img/{name}" alt="Anna Keller am Empfang">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Meet & greet con Davide", "Séance de dédicace à la librairie", "Firmacopie al Salone del Libro"])
def test_a_meet_and_greet_and_a_book_signing_are_events_with_people(alt: str) -> None:
    """Blind set `bv`'s fan club gallery ("Meet & greet con Davide") and `ag`'s bookshop."""
    [ref] = find_images(f'<img src="/cache/jw_sigpro/raduno2024/0142.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["First dance to Harvest Moon #realwedding", "Première danse sous les guirlandes",
                                 "Private ski lesson in fresh powder", "Lezione di pesto al mortaio"])
def test_a_first_dance_and_a_lesson_are_events_with_people(alt: str) -> None:
    """Blind sets `di` and `bx` (a couple's first dance), `dk`, `cq` and `i` (a ski lesson, a cooking lesson, a
    gym's class): 14 such labelled pictures showed people and none nobody."""
    [ref] = find_images(f'<img src="/wp-content/uploads/2024/10/IMG_0468.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("caption", ["Los trofeos del campeonato", "I trofei della stagione", "Trophies on the clubhouse table"])
def test_trophies_alone_are_things(caption: str) -> None:
    html = f'<figure><img src="/wp-content/uploads/2025/11/Q1A_8533.jpg" alt=""><figcaption>{caption}</figcaption></figure>'
    [ref] = find_images(html, BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


def _background_named(name: str) -> object:
    """The one reference of a news theme's thumbnail painted as a background, its file name its only context."""
    [ref] = find_images(f'<a class="td-image-wrap" href="/p/1"><span class="entry-thumb" '
                        f'style="background-image: url(/uploads/{name})"></span></a>', BASE)
    return ref


@pytest.mark.parametrize("name", ["pleno-mayo-concejales-218x150.jpg", "juniores-cerea-squadra-218x150.jpg",
                                  "equipe-agence-nice-aeroport.jpg", "IMG_4471-324x235.jpg"])
def test_a_background_whose_file_name_shows_people_is_content_not_a_backdrop(name: str) -> None:
    """(Blind sets: a news theme's post thumbnails drawn as backgrounds, `…-218x150.jpg`, and a team's photo
    behind a booking form, all unflagged.) A background weighs a little against a person, as a backdrop
    behind the text mostly is; a file name saying who is in it, councillors, a squad, a team or a camera's
    photograph, says it is no backdrop."""
    ref = _background_named(name)
    assert ref.personal and "css:background" not in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["cta-volunteer-bg-reeds.jpg", "besucher-hintergrund.jpg", "hero-mountains.jpg"])
def test_a_background_named_a_backdrop_or_nobody_stays_a_backdrop(name: str) -> None:
    """A file named a background (`bg`, `Hintergrund`, a texture: 2 of 177 labelled ones showed people) keeps
    the background's weight whatever else it names; so does one naming nobody."""
    ref = _background_named(name)
    assert not ref.personal and "css:background" in ref.reasons, ref  # type: ignore[attr-defined]


def test_a_backdrop_word_weighs_nothing_on_a_picture_that_is_no_background() -> None:
    """(review) The mark weighed against a person on every picture: `<img src="fondo-equipo-2024.jpg">` (a
    team photo) fell under the line. It only keeps a background's own weight."""
    [ref] = find_images('<img src="/uploads/fondo-equipo-2024.jpg" alt="">', BASE)
    [plain] = find_images('<img src="/uploads/equipo-2024.jpg" alt="">', BASE)
    assert ref.personal and ref.score == plain.score, (ref, plain)


def test_a_video_still_a_click_to_play_embed_paints_behind_its_button_is_content() -> None:
    """(Blind sets: lite-youtube and theme embeds paint the video's still as a background: an interview, a
    striker scoring, a keynote, all unflagged.) A YouTube still weighs as it does in an <img>."""
    [ref] = find_images('<lite-youtube videoid="Qx7pLm2RtY4" style="background-image: '
                        "url('https://i.ytimg.com/vi/Qx7pLm2RtY4/hqdefault.jpg')\"></lite-youtube>", BASE)
    assert ref.personal and ref.reasons == ["url:video-still"], ref


@pytest.mark.parametrize("alt", ["Oskar mit seinem früheren Besitzer", "Balu mit seinen neuen Besitzern am Bodensee",
                                 "La sfoglina Rosanna tira la sfoglia a mano",
                                 "Die Startelf des SV Musterdorf vor dem Anpfiff"])
def test_a_pets_owners_a_pasta_maker_and_a_starting_eleven_are_people(alt: str) -> None:
    """Blind set `cc`: an animal shelter's dog with its former and new owners, a restaurant's pasta maker at work, a
    team's starting eleven: people the words name (as "owner" and "cook" already were)."""
    [ref] = find_images(f'<img src="/images/2026/WhatsApp-Image-2026-10-03-at-17.41.22.jpeg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Auntie Pat and Uncle Clive on the dance floor",
                                 "Our nephews Tom and Sam at the beach", "Meine Nichte beim Schlittenfahren",
                                 # (review of the mend: kin of the other languages, after a possessive)
                                 "Meine Tante im Garten", "My cousin at the party", "Mi tía en su cumpleaños",
                                 "Ma cousine à la plage", "Mio cugino al mare", "La mia zia Carla"])
def test_aunts_uncles_nieces_and_nephews_are_people(alt: str) -> None:
    """Blind set `cd`: a wedding gallery's "Auntie Pat and Uncle Clive on the dance floor" named nobody (a sister,
    a grandpa or a mum already did)."""
    [ref] = find_images(f'<img src="/wp-content/uploads/2024/06/IMG_2251-640x427.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("caption", ["Il biglietto disegnato dalla zia Marta", "The poster, drawn by Uncle Clive",
                                     "Plakat zum Sommerfest, gemalt von Tante Inge"])
def test_what_someone_drew_or_painted_is_no_photo_of_them(caption: str) -> None:
    """Blind set `m`: a birth announcement's card "disegnato dalla zia Marta": the aunt made it; it shows a stork."""
    [ref] = find_images('<figure><img src="/content/images/2025/10/biglietto-nascita-tommaso.png" alt="">'
                        f"<figcaption>{caption}</figcaption></figure>", BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["El precio del aceite se dispara en 2024", "Dribble the olive oil over the salad",
                                 "Tio Pepe sherry bottle", "Onkel Bens Reis", "Zio Pino salame piccante",
                                 "Padrone di casa: appartamento in centro", "Cousin bed linen set"])
def test_words_of_kin_and_of_play_in_other_senses_name_no_one(alt: str) -> None:
    """(Review of the change: "dispara", "dribble", and the kin words of Spanish, Italian, French and German, read
    as people, made prices, recipes and products someone's photo; only the kin words of English, Nichte and Neffe
    are people.)"""
    [ref] = find_images(f'<img src="/uploads/2025/06/product-01.jpg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "alt"), [
    ("crag-trouser-w-charcoal-model.jpg", "Women's Crag Trouser"), ("tote-cognac-indossata.jpg", ""),
    ("abito-lino-salvia-modella-fronte.jpg", "Abito in lino salvia")])
def test_a_shops_goods_named_as_worn_by_a_model_show_the_model_in_its_product_gallery(name: str, alt: str) -> None:
    """Blind set `cl` (fashion shops, 0.47): a product gallery's picture its file name says a model wears was
    outweighed by the gallery's `product` class."""
    html = f'<div class="product-gallery"><img class="product-image" src="/media/products/{name}" alt="{alt}"></div>'
    [ref] = find_images(html, BASE)
    assert ref.personal and "file:on-a-model" in ref.reasons, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["boots-model-a-black.jpg", "sneaker-model-2-white.jpg", "bolso-modelo-a.jpg",
                                  "mochila-escolar-modelo-2.jpg", "collar-perro-modelo-1.jpg",
                                  "tenue-poupee-robe-outfit.jpg"])
def test_a_products_model_or_a_dolls_outfit_in_a_product_gallery_is_the_product(name: str) -> None:
    """(Review of the change: a product's model or variant beside a garment, "Chelsea Boots Model A", and a
    doll's outfit were read as worn by a model, once the product class no longer outweighed that.)"""
    html = f'<div class="product-gallery"><img class="product-image" src="/media/products/{name}" alt=""></div>'
    [ref] = find_images(html, BASE)
    assert not ref.personal and "file:on-a-model" not in ref.reasons, ref  # type: ignore[attr-defined]


def test_a_banner_whose_file_name_says_people_shows_them_and_a_shoe_for_men_does_not() -> None:
    """(Blind set `cl`: a hero banner `team-gruppenfoto-zugspitze.jpg`, the run club's group photo; "Karwendel
    Trail Schuh Herren", a shoe for men, was a man at 0.97: `Schuh` is a garment word.)"""
    team, group, shoe = find_images(
        '<div class="hero-banner"><img class="hero-banner__image" src="/athleten/team-gruppenfoto-zugspitze.jpg"'
        ' alt="">'
        '<img class="banner" src="/runclub/run-club-ambleside-group-2024.jpg" alt=""></div><div class="product">'
        '<img src="/images/1029950_0200_A.jpg" alt="Karwendel Trail Schuh Herren"></div>', BASE)
    assert team.personal and group.personal and not shoe.personal, (team, group, shoe)  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", [
    "Instructor on the beach", "Nageuses au départ du 100 m", "Kletterin im Überhang",
    "Una badante prepara il pranzo", "Nadadoras celebrando en el borde de la piscina", "Il plotone sul Mortirolo",
    "Der Kampfrichter am Mattenrand", "Our clerk at the front desk", "L'aide-soignante dans le couloir",
    "Il nuotatore all'arrivo", "Pflegerin am Bett", "Le skieur au départ du slalom", "Donatori al centro",
])
def test_sports_care_and_service_roles_in_an_alt_text_are_people(alt: str) -> None:
    """(Blind sets `cp` and `co`, sports and care pages: swimmers, climbers, instructors, care workers and
    donors named in alt texts were no person word; the other sets had 50 such pictures unflagged.)"""
    ref = _described(alt)
    assert ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", [
    "Sala operatoria ibrida", "Ballerine in rete nera, taglia 38",
    "Autohaus Kellner Logo", "Zahnarzt Neumann: Praxis von außen", "Focus Top Makler 2025",
])
def test_role_words_that_name_a_room_shoes_or_a_business_show_nobody(alt: str) -> None:
    """Left out of the role words, as the blind sets showed them naming other things: an operating theatre
    ("operatorie"), ballet flats (ballerine), a car dealer called Kellner, and a practice or a badge named
    by the trade."""
    ref = _described(alt, "photo-1.jpg")
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", [
    "Tacos al pastor", "Pastor alemán cachorro", "Peloton Bike+", "Remera básica", "Bolso cartero",
    "Sombrero pescador", "Mâcon-Villages 2022", "Tête de Moine AOP", "Mug « Merci maîtresse »", "Skater dress",
    "Butler sink", "Roman policier", "Lámpara de banquero", "Red Admiral butterfly", "Ambassador Hotel",
    "Maid of Honor dress", "Rider boots", "Schwimmer-Set", "Pane contadino", "Clínica Dentista Ruiz",
    "Policía Nacional comisaría", "Canottiere in cotone bianco", "Concept2 Rower", "Mercedes Sprinter 316",
    "Climbers for a north wall", "Série policière", "Clinique vétérinaire", "Postman collection",
    "Crème soignante visage 50 ml", "Gâteau diplomate", "Chaussons Collégien", "Abu Garcia Ambassadeur 6500",
    "Spülmittel mit hoher Reinigungskraft", "Techniker Krankenkasse", "Macchine operatrici per movimento terra",
    "Sviluppatore in crema 20 volumi", "Cappello del prete", "Il Postino DVD", "Cinta conductora de cobre",
    "Hotel Embajador Madrid", "Reverend guitar", "Receptionist desk white oak", "Death of a Salesman, paperback",
    "Chauffeur car Mercedes S-Class", "Caretaker cottage",
    # (review, session 69: adjectives of the words a mechanic and riders are)
    "Orologio meccanico automatico in acciaio", "Teclado mecánico RGB para gaming",
    "Componenti meccanici di precisione",
    "Leather riders jacket in black",
])
def test_role_words_that_also_name_goods_dishes_places_or_brands_are_left_out(alt: str) -> None:
    """(Review of the change, session 66) Role words that name a dish, a dog, a garment, a wine, a cheese, a sink,
    a novel's genre, a lamp, a butterfly, a hotel, a float, a bread, a practice, a rowing machine, a van or a
    plant made a shop's product cards personal: left out."""
    html = (f'<div class="product-card"><img src="/p/x.jpg" alt="{alt}"><span class="price">12,90 €</span>'
            '<button>Add to cart</button></div>')
    [ref] = find_images(html, BASE)
    assert not ref.personal, ref.reasons  # type: ignore[attr-defined]


def test_a_mediawiki_thumbnails_folder_naming_its_original_is_not_read_twice() -> None:
    """Blind set `da`: `/images/thumb/9/96/Lyra_retrato.png/200px-Lyra_retrato.png` read `retrato` in the file name
    and again in the folder that is the original's name: one word, counted twice."""
    [ref] = find_images('<img src="https://wiki.example.gg/images/thumb/9/96/Lyra_retrato.png/200px-Lyra_retrato.png">',
                        BASE)
    reasons = ref.reasons  # type: ignore[attr-defined]
    assert "file:retrato" in reasons and not any(r.startswith("dir:") for r in reasons), reasons


@pytest.mark.parametrize("name", ["Hubschrauber-Christoph14-Landung.jpg", "Hubschrauber-Christoph14-Landung-768x512.jpg"])
def test_a_rescue_helicopters_call_sign_in_a_file_name_is_no_persons_name(name: str) -> None:
    """Blind set `dp`: Germany's rescue helicopters are "Christoph" and a number; the landing's photo was a person's."""
    assert not _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["jeugdkamp-2025-groepsfoto-300x200.jpg", "kommunstyrelsens-ordforande-2023.jpg",
                                  "bryllup-i-haven.jpg", "portretfoto-tandarts.jpg", "zdjecie-grupowe-klasa-3b.jpg"])
def test_dutch_nordic_and_polish_words_for_a_group_photo_a_chair_or_a_wedding_are_people(name: str) -> None:
    """Blind set `dq` (sites in Dutch, Portuguese, Polish, Swedish, Danish): their file names said a group photo,
    the council's chair, a wedding in so many words, in languages no word list held."""
    assert _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["shout-2024-07-kayaker.jpg", "imputati-in-aula-pixelati.jpg",
                                  "bergretterin-am-seil.jpg", "sauveteurs-snsm-exercice.jpg"])
def test_rescuers_the_rescued_and_defendants_in_a_file_name_are_people(name: str) -> None:
    """Blind set `dp` (public safety and justice): a lifeboat's kayaker, defendants in court, mountain rescuers."""
    assert _file_named(name).personal  # type: ignore[attr-defined]


def test_a_magistrates_court_is_a_building() -> None:
    """(An English magistrate was tried as a person word: a court's building was a person's photo.)"""
    assert not _file_named("southampton-magistrates-court.jpg").personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["foto-pavel.jpeg", "photo_marco.jpg", "bild-anna.webp"])
def test_a_file_named_a_photo_of_someone_by_a_given_name_is_a_persons(name: str) -> None:
    """Blind set `dq`: a Czech garage's `foto-pavel.jpeg`, its mechanic's portrait, with no alt text."""
    assert _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["foto-aurora.jpg", "photo-rose.jpg", "foto-garage.jpg", "photo-max.jpg",
                                  "image-nova.jpg", "image-hazel.jpg", "photo-jasmine.jpg", "foto-dakota.jpg"])
def test_a_photo_of_a_name_that_is_also_a_thing_is_not_read_as_someones(name: str) -> None:
    assert not _file_named(name).personal  # type: ignore[attr-defined]


@pytest.mark.parametrize("near", ["El Palau de Congressos de València, obra de Norman Foster",
                                  "Reporting by Laura Martínez Soler"])
def test_a_name_beside_a_picture_whose_alt_describes_no_one_is_not_enough(near: str) -> None:
    """(They tied at the threshold and, the float sum's order deciding, counted as personal.)"""
    html = (f'<div class="card"><img src="/u/a4f7fabea43d52d7_palau-congressos.jpg" '
            f'alt="The damaged section of Harbour Road"><p>{near}</p></div>')
    [ref] = find_images(html, BASE)
    assert not ref.personal and "alt:no-person-cue" in ref.reasons, ref  # type: ignore[attr-defined]


def test_a_name_beside_a_picture_with_no_alt_still_counts() -> None:
    html = '<div class="card"><img src="/u/a4f7fabea43d52d7.jpg"><p>Dr. Laura Martínez Soler</p></div>'
    [ref] = find_images(html, BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


def test_a_picture_in_a_profile_pages_profile_box_is_not_its_owner_for_that_alone() -> None:
    head = '<head><meta property="og:type" content="profile"></head>'
    html = (f'<html>{head}<body><section class="profile"><img src="/practices/48213/gallery/behandlungszimmer-2.jpg">'
            '<img class="avatar" src="/practices/48213/dr-keller.jpg" alt="Dr. Anna Keller"></section></body></html>')
    gallery, owner = find_images(html, BASE)
    assert not gallery.personal and "class:profile" in gallery.reasons, gallery  # type: ignore[attr-defined]
    assert owner.personal, owner  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Dr. Martens 1460 Stiefel, Marke: Dr. Martens, Zustand: Gut, Größe: 38",
                                 "Dr Oetker Ristorante Mozzarella", "Crew Sock 3-Pack - White"])
def test_a_brand_named_with_an_honorific_and_a_crew_sock_are_things(alt: str) -> None:
    [ref] = find_images(f'<img src="/t/05_0b4c5/310x430/1711833190.jpeg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


def test_a_doctor_beside_a_brand_named_with_an_honorific_is_still_there() -> None:
    [ref] = find_images('<img src="/u/0142.jpg" alt="Dr. Keller empfiehlt Dr. Hauschka">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Dr Green at the clinic", "Mr Green, our caretaker",
                                 "Dr. Porter explains the treatment", "Mr Bean at the premiere"])
def test_an_honorific_before_a_surname_that_is_also_a_brand_is_a_person(alt: str) -> None:
    """Green, Porter and Bean are brands after Mr (Mr Green, Mr Porter) but far more often people's surnames."""
    [ref] = find_images(f'<img src="/u/0142.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Bakker Yusuf voor zijn zaak in de Hoofdstraat", "Postbode Ans op haar fiets",
                                 "Buurtfeest lange tafel Klarenbeek", "Burgemeester Van Loon knipt lint door"])
def test_dutch_people_and_gatherings_are_people(alt: str) -> None:
    [ref] = find_images(f'<img src="/2025/09/inzending-0142.jpg" alt="{alt}">', BASE)
    assert ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("alt", ["Receptie van Hotel De Wereld", "Kermis attracties bij nacht",
                                 "Feest tent met tafels en stoelen"])
def test_a_dutch_reception_desk_funfair_or_party_tent_shows_no_one(alt: str) -> None:
    [ref] = find_images(f'<img src="/2025/09/inzending-0142.jpg" alt="{alt}">', BASE)
    assert not ref.personal, ref  # type: ignore[attr-defined]


@pytest.mark.parametrize("src", ["/2022/12/croquis-carnet-enfants-parc.jpg",
                                 "/2025/02/schizzo-lucernario-ferraresi.jpg", "/kurse/skizze-kinder-am-strand.jpg",
                                 "/thumb/sketchbook-habit-kids-30-days.jpg"])
def test_a_sketch_is_a_drawing_whoever_it_shows(src: str) -> None:
    [ref] = find_images(f'<img src="{src}">', BASE)
    assert not ref.personal and any(r.startswith("file:") for r in ref.reasons), ref  # type: ignore[attr-defined]
