"""Credits in captions name who took a picture, not who is in it (`detect.credits`).

How a caption's credit changes a picture's judgement is specified through the analysis
(tests/detect/test_page.py); here, what is taken out of a text and what stays."""

from __future__ import annotations

import pytest

from scrapeguard.detect.credits import bracketed_name, name_shaped, strip_credits


@pytest.mark.parametrize("credit", ["(AP Photo/John Locher)", "REUTERS/Jane Roe", "Ann Lee/AFP",
                                    "Ann Lee/AFP via Getty Images", "Photo by John Smith", "Foto: Jane Roe/dpa",
                                    "© Ann Lee"])
def test_a_credit_is_taken_out(credit: str) -> None:
    assert not any(w in strip_credits(f"A dam at dusk {credit}") for w in ("John", "Jane", "Ann"))


@pytest.mark.parametrize("credit", ["Photographer: John Smith", "Photography by John Smith", "Fotograf: John Smith",
                                    "Fotografin: Jane Roe", "Bildquelle: Jane Roe",
                                    "Fotografía: Ann Lee", "Fotografia di Ann Lee", "Crédits : Ann Lee",
                                    "Credits: Jane Roe"])
def test_a_credit_by_role_or_in_the_plural_is_taken_out(credit: str) -> None:
    """Each made the photo its photographer's portrait ("Photographer:" counted as a person word too),
    where "Photo: …" was a credit."""
    assert not any(w in strip_credits(f"A dam at dusk. {credit}") for w in ("John", "Jane", "Ann", "grapher"))


@pytest.mark.parametrize("text", ["Photographer Jane Roe", "Fotografin Anna Schmidt", "Il fotografo Marco Rossi nel suo studio",
                                  "Photography Club President Anna Lee", "Feierliche Aufnahme von Lena Vogel",
                                  "Fotógrafo de Madrid Juan Pérez", "Photographe de Mariage Claire Dubois"])
def test_a_role_word_as_a_title_is_no_credit(text: str) -> None:
    """Without its colon or "by", the role names the person shown: the photographer's own headshot."""
    assert strip_credits(text) == text


def test_a_bracket_that_is_no_credit_stays() -> None:
    assert strip_credits("Angela Merkel (CDU)") == "Angela Merkel (CDU)"
    assert strip_credits("Prince Harry (left) and Meghan") == "Prince Harry (left) and Meghan"


def test_a_name_closing_a_caption_in_brackets_is_a_credit_that_may_be_the_subject() -> None:
    caption = "Das Brautpaar (Lea Hoffmann)"
    assert strip_credits(caption) == "Das Brautpaar"
    assert bracketed_name(caption) == "Lea Hoffmann"
    # an agency path in the bracket is only a credit; a bracket that is the whole caption is none
    assert bracketed_name("Flooded streets (picture-alliance/dpa/arkivi)") is None
    assert bracketed_name("(Anna Schmidt)") is None


@pytest.mark.parametrize(("text", "shaped"), [
    ("Aylin Yılmaz", True), ("Dr. Pablo Ruiz", True), ("Ludwig van Beethoven", True),
    ("Anna", False), ("Ann Lee 2024", False), ("ANNA LEE", False), ("Summer Sale Banner", False),
])
def test_a_name_shape_is_two_to_four_capitalised_words_none_a_thing(text: str, shaped: bool) -> None:
    assert name_shaped(text) is shaped


@pytest.mark.parametrize(("text", "left"), [
    ("Il drappellone 2024, dipinto da Elisa Monti", "Il drappellone 2024,"), ("Mural painted by Jane Roe", "Mural"),
    ("Anna Müller, gemalt von Otto Dix", "Anna Müller,"), ("Retablo pintado por Juan Pérez", "Retablo"),
    ("Painted by the kids of class 3B", "Painted by the kids of class 3B"),
])
def test_who_painted_drew_or_sculpted_what_the_picture_shows_is_its_maker(text: str, left: str) -> None:
    """Blind set `bo`: "Il drappellone 2024, dipinto da Elisa Monti", a palio's painted banner, was a
    photo of Elisa Monti (0.97). A maker is named as a credit names a photographer; the painting's
    subject stays ("Anna Müller", painted by Otto Dix)."""
    assert strip_credits(text).strip() == left
