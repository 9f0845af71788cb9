"""The cue lexicon: words, not substrings, and given names from an installed package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from scrapeguard.detect import context_words as W


class TestTokens:
    def test_words_not_substrings(self) -> None:
        assert "team" not in W.tokens("steamer-card")
        assert W.tokens("authorAvatar rounded") == ("author", "avatar", "rounded")
        assert W.tokens("Porträt_Müller-2") == ("portrat", "muller")


class TestGivenNames:
    def test_running_text_knows_more_names_than_file_names(self) -> None:
        """Faker's first-name lists widen name recognition in alt and caption text only."""
        assert {"wiebke", "tahir", "bernhard", "emanuel"} <= W.TEXT_GIVEN_NAMES
        assert not {"wiebke", "tahir"} & W.GIVEN_NAMES
        assert W.GIVEN_NAMES <= W.TEXT_GIVEN_NAMES

    def test_months_places_and_lexicon_words_are_no_names(self) -> None:
        assert not {"april", "august", "german", "angeles", "paris"} & (W.TEXT_GIVEN_NAMES - W.GIVEN_NAMES)
        assert not (W.TEXT_GIVEN_NAMES - W.GIVEN_NAMES) & (W.THINGS | W.NOT_PERSON | W.PERSON_NOUNS)

    def test_without_faker_the_curated_list_serves_alone(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
        assert W._packaged_given_names() == frozenset()

    def test_unreadable_locale_files_are_skipped(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        person = tmp_path / "faker" / "providers" / "person"
        (person / "de_DE").mkdir(parents=True)
        (person / "de_DE" / "__init__.py").write_text("class Provider(:\n", encoding="utf-8")  # a syntax error
        (person / "fr_FR").mkdir()
        (person / "fr_FR" / "__init__.py").write_bytes(b"\xff\xfe not utf-8")
        (person / "en_US").mkdir()
        (person / "en_US" / "__init__.py").write_text(
            "from collections import OrderedDict\n"
            "class Provider:\n"
            "    first_names_female = OrderedDict((('Zelda', 0.1), ('Mary-Lou', 0.2), ('Bo', 0.1)))\n"
            "    first_names_male = ('Ézéchiel', 'Mark2')\n"
            "    last_names = ('Smithson',)\n", encoding="utf-8")
        spec = importlib.util.spec_from_file_location("faker", tmp_path / "faker" / "__init__.py")
        monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
        assert W._packaged_given_names() == {"zelda", "ezechiel"}
