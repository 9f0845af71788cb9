"""Jurisdiction from what a crawler sees: signals add, never remove; offline only."""

from __future__ import annotations

import pytest

from scrapeguard.jurisdiction import PageHints, icann_tld, registrable_domain, resolve


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("alice.github.io", "alice.github.io"),  # PSL private suffix: users are separate sites
        ("cdn.images.example.de", "example.de"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
        ("WWW.Example.COM.", "example.com"),
    ],
)
def test_registrable_domain(host: str, expected: str) -> None:
    assert registrable_domain(host) == expected


@pytest.mark.parametrize(
    ("host", "bloc"),
    [("shop.example.fr", "EU"), ("example.no", "EEA"), ("news.example.co.uk", "UK"),
     ("example.ch", "CH"), ("example.eu", "EU"), ("example.xn--e1a4c", "EU"), ("example.re", "EU")],
)
def test_cctld_adds_its_bloc(host: str, bloc: str) -> None:
    result = resolve(host, unknown=["OTHER"])
    assert result.applied == [bloc]
    assert {"signal": "cctld", "value": icann_tld(host), "added": bloc} in result.evidence


@pytest.mark.parametrize("host", ["startup.io", "brand.co", "about.me", "stream.tv", "model.ai", "x.com", "127.0.0.1"])
def test_misleading_and_generic_tlds_fall_back_to_unknown(host: str) -> None:
    result = resolve(host, unknown=["EU"])
    assert result.applied == ["EU"]
    assert result.evidence[-1]["signal"] == "unknown"


def test_establishment_always_applies() -> None:
    assert resolve("example.ch", establishment=["FR"]).applied == ["EU", "CH"]
    assert resolve("example.com", establishment=["US"], unknown=["EU"]).applied == ["US", "EU"]


def test_region_subtags_add_blocs_and_weak_languages_never_replace_unknown() -> None:
    hints = PageHints(html_lang="fr-CA", hreflangs=["de-AT", "x-default"], content_language="en-GB")
    assert sorted(resolve("example.com", hints=hints).applied) == ["CA", "EU", "UK"]
    weak = resolve("example.com", hints=PageHints(html_lang="pl"), unknown=["OTHER"])
    assert weak.applied == ["OTHER", "EU"]


def test_override_replaces_the_set_and_says_so() -> None:
    result = resolve("example.fr", override=["US"])
    assert result.applied == ["US"]
    assert result.evidence[-1]["signal"] == "override"


def test_hostile_hints_are_bounded_and_harmless() -> None:
    hints = PageHints(html_lang="\x00" * 10_000, hreflangs=["zz-ZZ"] * 10_000, content_language="," * 5000)
    result = resolve("", hints=hints)
    assert "OTHER" in result.applied
