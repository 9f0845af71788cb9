"""Phrase rules (`detect/phrases.py`): when the words around a people word say it is no one in
the picture, and the phrases that say what kind of picture it is."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapeguard.detect import context_words as W
from scrapeguard.detect.phrases import (
    WORN_GOODS,
    aerial,
    from_the_air,
    garment,
    in_the_other_language,
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


@pytest.mark.parametrize("text, noun, firm", [
    ("Hofmann & Söhne", "sohne", True), ("Schreinerei Hahn und Sohn", "sohn", True),
    ("Jackson & Sons", "sons", True), ("Rossi e Figli", "figli", True),
    ("Vater und Sohn", "sohn", False),   # a parent
    ("Anna et son fils", "fils", False),  # a possessive
    ("mein Sohn", "sohn", False),
])
def test_kin_in_a_firms_name_is_the_business(text: str, noun: str, firm: bool) -> None:
    assert names_a_firm(W.tokens(text), noun, "&" in text) is firm


@pytest.mark.parametrize("text, noun, other", [
    ("Las plantillas son oro", "son", True), ("El Madrid busca lateral: estas son sus opciones", "son", True),
    ("Father and son at the harbour", "son", False), ("Son", "son", False),
    ("Mme Delattre et son potiron", "son", False),  # French "son", his or hers: someone is there
    ("Je donne au Denier", "donne", True), ("Donne", "donne", False),
    ("Le donne del coro", "donne", False),
    ("One of a kind: the handmade bowl", "kind", True), ("Kind mit Eis am Strand", "kind", False),
    ("A mere glimpse of the coast", "mere", True), ("Ma mère et ses sœurs", "mere", False),
    ("Invite your friends", "invite", True), ("Nos invités à la sortie de l'église", "invites", False),
    ("Mtiliga napper to år mere hos FC", "mere", False),  # Danish: "to", "at" are no English here
    ("Anna with her son", "daughter", False),  # (no false friend)
    ("A son in Los Angeles", "son", False), ("Son at Las Vegas rally", "son", False),  # (a place's name)
])
def test_a_false_friend_is_no_one_in_the_language_where_it_means_something_else(
        text: str, noun: str, other: bool) -> None:
    assert in_the_other_language(noun, text) is other


@pytest.mark.parametrize("text, noun, named", [
    ("Shops on Kings Road", "kings", True), ("Bishops Avenue, London", "bishops", True),
    ("Tesla Model 3", "model", True), ("Steinway Model O", "model", True),
    ("The King waves", "king", False), ("Veterans Row Across the Atlantic", "veterans", False),
    ("A model on the catwalk", "model", False),
    # Romance places put their name after an article (blind set `ce`: a wedding table at "Domaine des Saints-Pères")
    ("Décoration de table — Domaine des Saints-Pères", "peres", True), ("Calle del Obispo", "obispo", True),
    ("Piazza dei Signori", "signori", True),
    ("Il vescovo in Piazza dei Signori", "vescovo", False), ("La Place des enfants", "enfants", False),
    ("I bambini giocano in Piazza dei Bambini", "bambini", False),  # (a mention outside the name: they are there)
])
def test_a_people_noun_naming_a_street_or_a_products_model(text: str, noun: str, named: bool) -> None:
    assert names_a_place_or_model(text, noun) is named


def test_a_street_after_a_people_noun_in_a_file_name() -> None:
    assert street_after(W.tokens("shopfront-kings-road"), "kings")
    assert not street_after(W.tokens("kings-of-leon"), "kings")


def test_a_word_in_capitals_beside_another_is_a_brand() -> None:
    assert shouted("MAN TGL mit Anhänger", "man")
    assert not shouted("Happy Birthday DAD!", "dad") and not shouted("Our CEO speaks", "ceo")
    # a short noun as a model code: only beside a word with a digit (a headline shouts in capitals)
    assert shouted("Das neue HLF 20 (MAN TGM) der Wehr", "man", model_code=True)
    assert not shouted("Breaking: MAN SHOT near the station", "man", model_code=True)


@pytest.mark.parametrize("text, noun, maker", [
    ("New kennels built by our volunteers", "volunteers", True), ("Gâteau préparé par les enfants", "enfants", True),
    ("Scans by the author", "author", True),
    ("Speech by the president", "president", False), ("Mass celebrated by the Pope", "pope", False),
])
def test_the_makers_of_the_thing_or_of_the_picture_are_not_shown(text: str, noun: str, maker: bool) -> None:
    assert names_the_maker(text, noun) is maker


@pytest.mark.parametrize("text, noun, owned", [
    ("the mother's house", "mother", True), ("Kids' corner", "kids", True),
    ("‘amazing students’ at the fair", "students", False),  # a closing quote
    ("the mother at home", "mother", False),
])
def test_a_possessive_shows_what_is_owned(text: str, noun: str, owned: bool) -> None:
    assert possessive(text, noun) is owned


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aMoOthERr'’s _x1é\u0130ß-", max_size=40), st.sampled_from(["mother", "man", "x", "é"]))
def test_possessive_find_loop_equals_the_regex(text: str, noun: str) -> None:
    """`possessive` (a find loop) answers as `noun['’]s\\b`, case-insensitive, would."""
    assert possessive(text, noun) == (re.search(re.escape(noun) + r"['’]s\b", text, re.I) is not None)


@pytest.mark.parametrize("text, noun, category", [
    ("Mocassino uomo in pelle", "uomo", True), ("Scarpe da uomo", "uomo", True),
    ("Chaussures pour homme", "homme", True), ("Herren Winterjacke", "herren", True),
    ("Un uomo con la giacca", "uomo", False), ("Uomo in giacca e cravatta", "uomo", False),
])
def test_a_gender_word_beside_a_garment_says_whom_it_is_for(text: str, noun: str, category: bool) -> None:
    assert shop_category(W.tokens(text), noun) is category


def test_garments_and_goods_that_are_worn() -> None:
    assert garment("jacket") and garment("regenhose") and not garment("hose")  # (a garden hose)
    assert "dress" in WORN_GOODS
    assert not_worn("alt:sofa") and not not_worn("alt:dress")


@pytest.mark.parametrize("text, worn", [
    ("Robe portée par Inès", True), ("Anna portée par @julie.lmnt", True),
    ("Projet porté par Bordeaux Métropole", False), ("Watch worn by NASA astronauts", False),
])
def test_worn_by_a_given_name_or_a_handle(text: str, worn: bool) -> None:
    assert worn_by_someone(text, W.tokens(text)) is worn


@pytest.mark.parametrize("text, staged", [("The band on stage", True), ("Auf der Bühne: Anna", True),
                                          ("Le décor sur scène", False), ("A stage coach", False)])
def test_someone_on_stage_but_not_its_set(text: str, staged: bool) -> None:
    assert on_stage(text, W.tokens(text)) is staged


def test_views_from_the_air() -> None:
    assert from_the_air(W.tokens("Procesión marítima desde el aire"), "Procesión marítima desde el aire")
    assert not from_the_air(W.tokens("Fresh air"), "Fresh air")
    assert aerial(W.tokens("aerial view of the town"), False) and aerial(W.tokens("Luftbild der Stadt"), False)
    assert aerial(W.tokens("harbourside-drone"), True)
    assert not aerial(W.tokens("aerial-yoga-workshop"), True) and not aerial(W.tokens("drone-pilots-team"), True)


@pytest.mark.parametrize("text, medium", [("Huile sur toile", True), ("Aquarell, 1920", True),
                                          ("Oil change on the car", False), ("Portrait of Anna", False),
                                          ("Buste de femme en marbre, atelier d'Artus Quellinus", True),
                                          ("Büste des Bürgermeisters aus Bronze", True), ("Busto in bronzo di Marelli", True),
                                          ("Portrait de jeune femme, Haarlem, vers 1645", True),
                                          ("Leistungsabzeichen in Bronze für die Gruppe", False),
                                          ("Medaglia di bronzo per Anna", False), ("Anna im Büro um 1530 Uhr", False),
                                          ("Anna at the harbour in 1998", False)])
def test_a_paintings_medium(text: str, medium: bool) -> None:
    """A sculpture's material and a date before photographs count as a medium (blind set `bg`'s museum);
    a badge or a medal in bronze, a time of day, a recent year do not."""
    assert names_a_medium(text, W.tokens(text)) is medium


@pytest.mark.parametrize("text", ["", "\x00" * 50, "x" * 20_000, "MAN " * 5_000, "by " * 5_000 + "the volunteers"])
def test_bad_and_huge_texts_answer_without_raising(text: str) -> None:
    toks = W.tokens(text)
    for noun in ("man", "sohn", "model", "volunteers"):
        for answer in (names_a_firm(toks, noun, True), names_a_place_or_model(text, noun), shouted(text, noun),
                       names_the_maker(text, noun), possessive(text, noun), shop_category(toks, noun)):
            assert isinstance(answer, bool)
    assert isinstance(on_stage(text, toks) or names_a_medium(text, toks) or worn_by_someone(text, toks), bool)
