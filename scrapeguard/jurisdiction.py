"""Which data-protection regimes apply to a resource, from what a crawler can see.

Signals (ccTLD, hreflang, `<html lang>`, Content-Language, og:locale) can only *add*
jurisdictions; the policy's `unknown` set applies when nothing strong is found, and
the controller's establishment always applies (GDPR Art. 3(1)). Misleading ccTLDs
(.io, .co, .me, .tv, .ai …) count for nothing. Offline only: tldextract's bundled
suffix list, never a download.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import tldextract

_EU = (
    "at be bg hr cy cz dk ee fi fr de gr hu ie it lv lt lu mt nl pl pt ro sk si es se eu "
    "ax re gp mq gf yt"
).split()
_EEA = ("is", "li", "no", "sj", "bv")
_CCTLD: dict[str, str] = {
    **{t: "EU" for t in _EU},
    "бг": "EU", "xn--90ae": "EU", "ελ": "EU", "xn--qxam": "EU",
    "ею": "EU", "xn--e1a4c": "EU", "ευ": "EU", "xn--qxa6a": "EU",
    **{t: "EEA" for t in _EEA},
    "uk": "UK", "gb": "UK",
    "ch": "CH",
    "us": "US",
    "ca": "CA",
    "au": "AU",
    # outside EU territory, own laws: treated under the strict OTHER rules
    **{t: "OTHER" for t in ("pm wf pf nc tf fo gl aw cw sx gi je".split())},
}
# Marketed as generic: they say nothing about a country (research §2.5).
MISLEADING_CCTLDS = frozenset(
    "io co me tv ai fm ly to cc ws sh ac la so vc gg im".split()
)
# Country (ISO 3166-1) -> bloc, for region subtags and the controller's establishment.
_EU_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
_COUNTRY_BLOC: dict[str, str] = {
    **{c: "EU" for c in _EU_COUNTRIES},
    "IS": "EEA", "LI": "EEA", "NO": "EEA",
    "GB": "UK", "UK": "UK",
    "CH": "CH",
    "US": "US",
    "CA": "CA",
    "AU": "AU",
}
# Languages spoken mostly inside the EU/EEA: a weak signal that adds, never replaces.
_EU_LANGUAGES = frozenset(
    "pl cs sk hu ro bg hr sl et lv lt fi sv da nl el mt ga de it is nb nn".split()
)
_EEA_LANGUAGES = frozenset({"is", "nb", "nn"})


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() : the bundled snapshot only, no network ever.
    return tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=True, cache_dir=None)


@functools.lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """eTLD+1 including private suffixes (alice.github.io and bob.github.io differ).
    IP addresses and single-label hosts are returned as they are."""
    host = (host or "").strip().lower().rstrip(".")
    if host.startswith("[") or host.replace(".", "").isdigit():
        return host
    ext = _extractor()(host)
    return ext.top_domain_under_public_suffix or host


def is_public_suffix(host: str) -> bool:
    """`co.uk`, `github.io`: a suffix under which others register names, never one's own."""
    host = (host or "").strip().lower().rstrip(".")
    return bool(host) and _extractor()(host).suffix == host


@functools.lru_cache(maxsize=65536)
def icann_tld(host: str) -> str:
    """The last label of the ICANN public suffix (`co.uk` -> `uk`), IDNA-decoded."""
    host = (host or "").strip().lower().rstrip(".")
    ext = _extractor()(host, include_psl_private_domains=False)
    suffix = ext.suffix
    if not suffix:
        return ""
    label = suffix.rsplit(".", 1)[-1]
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


def country_bloc(code: str) -> str | None:
    return _COUNTRY_BLOC.get(code.strip().upper())


@dataclass(slots=True)
class PageHints:
    """Language and locale hints read from a page or its headers."""

    html_lang: str | None = None
    content_language: str | None = None
    hreflangs: list[str] = field(default_factory=list)
    og_locale: str | None = None
    tcf_cmp: bool = False


@dataclass(slots=True)
class JurisdictionResult:
    applied: list[str]
    evidence: list[dict[str, str]]


def _region(tag: str) -> str | None:
    parts = tag.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            return part.upper()
    return None


def _language(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def resolve(
    host: str,
    *,
    establishment: Iterable[str] = (),
    assume: Iterable[str] = (),
    unknown: Iterable[str] = ("EU",),
    detect: Iterable[str] = ("cctld", "hreflang", "html-lang", "content-language"),
    hints: PageHints | None = None,
    override: Iterable[str] | None = None,
) -> JurisdictionResult:
    """The applicable set: establishment ∪ assume ∪ (detected, or `unknown` when nothing
    strong was found) — or the override's set when a per-domain override replaces it."""
    detectors = set(detect)
    evidence: list[dict[str, str]] = []
    applied: list[str] = []

    def add(bloc: str, signal: str, value: str, into: list[str]) -> None:
        if bloc not in into:
            into.append(bloc)
        evidence.append({"signal": signal, "value": value, "added": bloc})

    for code in establishment:
        bloc = country_bloc(code)
        if bloc:
            add(bloc, "establishment", code, applied)
    for bloc in assume:
        add(bloc, "assume", bloc, applied)

    detected: list[str] = []
    weak: list[str] = []
    if "cctld" in detectors and host:
        tld = icann_tld(host)
        if tld and tld not in MISLEADING_CCTLDS and tld in _CCTLD:
            add(_CCTLD[tld], "cctld", tld, detected)
    if hints is not None:
        tags: list[tuple[str, str]] = []
        if "hreflang" in detectors:
            tags += [("hreflang", t) for t in hints.hreflangs if t and t.lower() != "x-default"]
        if "html-lang" in detectors and hints.html_lang:
            tags.append(("html-lang", hints.html_lang))
        if "content-language" in detectors and hints.content_language:
            tags += [("content-language", t.strip()) for t in hints.content_language.split(",")]
        if "og-locale" in detectors and hints.og_locale:
            tags.append(("og-locale", hints.og_locale))
        for signal, tag in tags[:64]:
            region = _region(tag)
            bloc = country_bloc(region) if region else None
            if bloc:
                add(bloc, signal, tag, detected)
            elif region:
                add("OTHER", signal, tag, detected)
            else:
                lang = _language(tag)
                if lang in _EU_LANGUAGES:
                    add("EEA" if lang in _EEA_LANGUAGES else "EU", signal, tag, weak)
        if "tcf-cmp" in detectors and hints.tcf_cmp:
            add("EU", "tcf-cmp", "__tcfapi", detected)

    if not detected:
        for bloc in unknown:
            add(bloc, "unknown", "no strong signal", detected)
    for bloc in weak:
        if bloc not in detected:
            detected.append(bloc)
    for bloc in detected:
        if bloc not in applied:
            applied.append(bloc)

    if override is not None:
        replaced = list(dict.fromkeys(override))
        evidence.append({"signal": "override", "value": ",".join(replaced), "added": ",".join(replaced)})
        applied = replaced
    return JurisdictionResult(applied=applied, evidence=evidence)
