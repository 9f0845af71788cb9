"""The cue lexicon: words, not substrings, and given names from an installed package."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapeguard.detect import context_words as W


class TestTokens:
    def test_words_not_substrings(self) -> None:
        assert "team" not in W.tokens("steamer-card")
        assert W.tokens("authorAvatar rounded") == ("author", "avatar", "rounded")
        assert W.tokens("Porträt_Müller-2") == ("portrat", "muller")


    @pytest.mark.parametrize(("text", "expected"), [
        ("WhatsApp-Gruppe", ("whatsapp", "gruppe")), ("LinkedIn profile", ("linkedin", "profile")),
        ("YouTube video", ("youtube", "video")), ("TikTok", ("tiktok",)), ("youTubeIcon", ("youtube", "icon")),
        ("annaYou Tube", ("anna", "youtube")), ("Follow us on LinkedIn", ("follow", "us", "on", "linkedin")),
    ])
    def test_a_network_written_in_camel_case_stays_one_word(self, text: str, expected: tuple[str, ...]) -> None:
        """Split at its case boundary, "LinkedIn profile" read "linked in profile": the lexicon's
        word for the network (a logo's, a share button's) went unseen in short texts."""
        assert W.tokens(text) == expected


class TestGivenNames:
    def test_running_text_knows_more_names_than_file_names(self) -> None:
        """`given_names.txt` (from Faker's locale data) widens name recognition in running text only."""
        assert {"wiebke", "tahir", "bernhard", "emanuel", "almudena", "aitor"} <= W.TEXT_GIVEN_NAMES
        assert not {"wiebke", "tahir"} & W.GIVEN_NAMES
        assert W.GIVEN_NAMES <= W.TEXT_GIVEN_NAMES
        assert W.PACKAGED_GIVEN_NAMES.isdisjoint(W.GIVEN_NAMES)

    def test_months_places_and_lexicon_words_are_no_names(self) -> None:
        assert not {"april", "august", "german", "angeles", "summer", "crystal", "hunter"} & W.PACKAGED_GIVEN_NAMES
        assert not W.PACKAGED_GIVEN_NAMES & (W.THINGS | W.NOT_PERSON | W.PERSON_NOUNS)
        assert W._NOT_GIVEN_NAMES.isdisjoint(W.GIVEN_NAMES)  # a curated name listed there would do nothing
        # (one that is no name would do nothing either; packaged names there count where the packaged list is read
        # alone: a caption that is a name and an age, a file named a photo and a name)
        assert W.GIVEN_NAMES_ALSO_THINGS <= W.TEXT_GIVEN_NAMES

    def test_the_name_file_says_where_it_comes_from(self) -> None:
        head = " ".join(W._GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines()[:3])
        assert "Faker" in head and "MIT License" in head and "Daniele Faraglia" in head
        assert len(W._packaged_given_names()) > 3000

    def test_a_missing_or_broken_name_file_leaves_the_curated_list(self, tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
        assert W._packaged_given_names(tmp_path / "missing.txt") == frozenset()
        assert "given-name list unavailable" in caplog.text
        broken = tmp_path / "broken.txt"
        broken.write_bytes(b"# header\nanna\n\xff\xfe\n")
        assert W._packaged_given_names(broken) == frozenset()
        odd = tmp_path / "odd.txt"
        odd.write_text("# header\n  zelda  \n\nmary-lou\n12345\nbo\n", encoding="utf-8")
        assert W._packaged_given_names(odd) == {"zelda", "bo"}


class TestPublicFigures:
    def test_surnames_that_name_one_person_and_full_names(self) -> None:
        assert {"merkel", "mandela", "zelensky", "xi-jinping", "martin-luther-king", "mario-draghi"} <= W.PUBLIC_FIGURES

    def test_no_single_word_that_is_a_lexicon_word_a_given_name_or_an_ordinary_word(self) -> None:
        """"messi" is Italian for "placed" ("gli alberelli messi a dimora"), "draghi" for dragons,
        "jeter" French for to throw: their bearers are in by full name only."""
        singles = {f for f in W.PUBLIC_FIGURES if "-" not in f}
        assert singles.isdisjoint(W.TEXT_GIVEN_NAMES) and singles.isdisjoint(W._OTHER_WORDS)
        assert not {"messi", "draghi", "jeter", "kafka", "yatra", "scholz", "meloni", "musk"} & singles

    def test_a_missing_or_broken_list_is_none(self, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
        assert W._packaged_public_figures(tmp_path / "missing.txt") == frozenset()
        assert "public-figure list unavailable" in caplog.text
        odd = tmp_path / "odd.txt"
        odd.write_text("# header\n  Merkel \nxi-jinping\nanna\nmap\nkim-il-sung-x-y\n50-cent\n", encoding="utf-8")
        assert W._packaged_public_figures(odd) == {"xi-jinping"}


class TestNameFileBuilder:
    def test_plain_annotated_and_weighted_assignments_are_read(self) -> None:
        """Faker's es_ES annotates its tuples; en_US weighs names in an OrderedDict."""
        import importlib.util as iu

        spec = iu.spec_from_file_location("build_given_names", Path(__file__).parents[2] / "tools" / "build_given_names.py")
        assert spec is not None and spec.loader is not None
        mod = iu.module_from_spec(spec)
        spec.loader.exec_module(mod)
        source = ("from collections import OrderedDict\n"
                  "class Provider:\n"
                  "    first_names_female = OrderedDict((('Zelda', 0.1), ('Mary', 0.2)))\n"
                  "    first_names_male: Tuple[str, ...] = ('Aitor', 'Ézéchiel')\n"
                  "    first_names = first_names_male + first_names_female\n"
                  "    last_names = ('Smithson',)\n")
        assert mod.first_names(source) == {"Zelda", "Mary", "Aitor", "Ézéchiel"}


class TestWordLists:
    def test_each_word_list_names_each_word_once(self) -> None:
        """A word written twice in one list is a sign the list was extended without reading it."""
        import collections
        import re

        source = (Path(__file__).resolve().parents[2] / "scrapeguard" / "detect" / "context_words.py").read_text(encoding="utf-8")
        lists = re.finditer(r'^([A-Z_]+): Final\[frozenset\[str\]\] = (?:[A-Z_ |]+)?_s\(\s*("""|")(.*?)\2', source, re.S | re.M)
        repeated = {m.group(1): [w for w, n in collections.Counter(m.group(3).split()).items() if n > 1] for m in lists}
        assert len(repeated) >= 15  # every list was read
        assert {name: words for name, words in repeated.items() if words} == {}

    @pytest.mark.parametrize(("written", "paired"), [("photo-de-classe", "photo-classe"),
                                                      ("remise-des-prix", "remise-prix"),
                                                      ("entrega-de-premios", "entrega-premios")])
    def test_a_compound_with_a_little_word_inside_is_held_as_the_pair_its_tokens_make(self, written: str,
                                                                                      paired: str) -> None:
        """The tokens' pairs skip "de", "des", "di" ("Photo de classe" -> photo-classe): an entry
        written with the little word inside never matched (a class photo scored 0.17)."""
        lexicon = W._s(f"{written} other")
        assert {written, paired, "other"} == lexicon


@pytest.mark.parametrize(("written", "folded"), [("Paweł", "pawel"), ("SØREN", "soren"), ("Ærø", "aero"),
                                                 ("Straße", "strasse"), ("sœurs", "soeurs"), ("Þóra", "thora")])
def test_letters_unicode_does_not_decompose_fold_as_the_word_lists_spell_them(written: str, folded: str) -> None:
    """Blind set `dq`: alt="Paweł Mazur" named no one, as `ł` stayed `ł` and the given-name list holds `pawel`."""
    assert W.tokens(written) == (folded,)


@pytest.mark.parametrize("word", ["ministere", "ministeres"])
def test_a_french_ministry_is_no_minister(word: str) -> None:
    """"Ministère de la Justice", a partner's logo, was a person's photo: `ministere` was read as `minister` + e."""
    assert not W.lex(word) & W.BIT_OF[id(W.PERSON_NOUNS)]


@pytest.mark.parametrize("word", ["receptie", "feest", "kermis"])
def test_a_dutch_word_for_a_reception_desk_a_party_or_a_funfair_is_no_gathering(word: str) -> None:
    """As "reception", "Rezeption", "fest", "party", "Kirmes" and "funfair" are none: each names as often the hotel's
    desk, the tent, the rides, where no one is shown ("Receptie van Hotel De Wereld", "Kermis attracties bij nacht")."""
    assert word not in W.EVENT_WORDS
    assert "buurtfeest" in W.EVENT_WORDS and "optocht" in W.EVENT_WORDS  # (a street party, a parade: people)
