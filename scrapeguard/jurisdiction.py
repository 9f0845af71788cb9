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

import idna
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
# At most this many hreflang (and Content-Language) tags are read per page: bounded work.
MAX_TAGS = 64
# Languages spoken mostly inside the EU/EEA: a weak signal that adds, never replaces.
_EU_LANGUAGES = frozenset(
    "pl cs sk hu ro bg hr sl et lv lt fi sv da nl el mt ga de it is nb nn".split()
)
_EEA_LANGUAGES = frozenset({"is", "nb", "nn"})


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() : the bundled snapshot only, no network ever.
    return tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=True, cache_dir=None)


# full-width and ideographic full stops: browsers (UTS #46) read them as "."
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


@functools.lru_cache(maxsize=65536)
def ascii_host(host: str) -> str:
    """One spelling per host, so `bücher.de` in a URL meets `xn--bcher-kva.de` in a policy:
    lower case, no trailing dot, IDNA A-labels (UTS #46, as browsers resolve them). A host
    that is no valid IDN is returned lower-cased as it is (nothing can resolve it anyway)."""
    host = (host or "").strip().translate(_DOTS).lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:  # IDNA 2003, label by label: what Python's own socket layer would send
        return ".".join(label.encode("idna").decode("ascii") if label else "" for label in host.split(".")).lower()
    except UnicodeError:
        return host


@functools.lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """eTLD+1 including private suffixes (alice.github.io and bob.github.io differ), in
    the `ascii_host` spelling. IP addresses and single-label hosts are returned as they are."""
    host = ascii_host(host)
    if host.startswith("[") or host.replace(".", "").isdigit():
        return host
    ext = _extractor()(host)
    return ext.top_domain_under_public_suffix or host


def is_public_suffix(host: str) -> bool:
    """`co.uk`, `github.io`: a suffix under which others register names, never one's own."""
    host = ascii_host(host)
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
    page: Iterable[tuple[str, str]] = (),
) -> JurisdictionResult:
    """The applicable set: establishment ∪ assume ∪ (detected, or `unknown` when nothing
    strong was found, replaced by the override's set when a per-domain override names one)
    ∪ `page`, the blocs of the page that shows this image (`carried_blocs` of the page's
    result). A `.co.uk` page's photo served from a `.com` CDN is still shown to that page's
    audience, so the page's law applies to it; an override of the image's own domain
    replaces only what the image's host says, never what its page says."""
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
    fixed = list(applied)  # the establishment's law applies everywhere (Art. 3(1)): no override removes it

    detected: list[str] = []
    weak: list[str] = []
    if "cctld" in detectors and host:
        tld = icann_tld(host)
        if tld and tld not in MISLEADING_CCTLDS and tld in _CCTLD:
            add(_CCTLD[tld], "cctld", tld, detected)
    if hints is not None:
        # the page's own language first: however many alternates it links, they cannot push it out
        tags: list[tuple[str, str]] = []
        if "html-lang" in detectors and hints.html_lang:
            tags.append(("html-lang", hints.html_lang))
        if "content-language" in detectors and hints.content_language:
            tags += [("content-language", t.strip()) for t in hints.content_language.split(",")[:MAX_TAGS]]
        if "og-locale" in detectors and hints.og_locale:
            tags.append(("og-locale", hints.og_locale))
        if "hreflang" in detectors:
            # one per distinct tag: 64 copies of "en" must not hide an "en-GB" behind them
            alternates: dict[str, str] = {}
            for t in hints.hreflangs:
                if t and t.strip() and t.strip().lower() != "x-default":
                    alternates.setdefault(t.strip().lower(), t.strip())
            tags += [("hreflang", t) for t in list(alternates.values())[:MAX_TAGS]]
        for signal, tag in tags:
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

    if override is not None:  # replaces what was detected, never the establishment or `assume`
        replaced = list(dict.fromkeys(override))
        evidence.append({"signal": "override", "value": ",".join(replaced), "added": ",".join(replaced)})
        applied = list(dict.fromkeys(fixed + replaced))
    for bloc, why in page:
        add(bloc, "page", why, applied)
    return JurisdictionResult(applied=applied, evidence=evidence)


def carried_blocs(result: JurisdictionResult) -> tuple[tuple[str, str], ...]:
    """What a page's jurisdictions pass on to the images it shows: `(bloc, why)` for each
    applied bloc, `why` the page's signal that put it there (`cctld:uk`, `html-lang:en-GB`,
    `override`, `unknown:no strong signal`). Blocs that only the controller's establishment
    or `assume` gave are left out: they apply to every resource anyway. Compact on purpose:
    it is remembered for every image of the page until the image is requested."""
    overridden = next((e for e in result.evidence if e.get("signal") == "override"), None)
    out: list[tuple[str, str]] = []
    for bloc in result.applied:
        if overridden is not None:  # the page's domain override replaced what its signals said
            why = "override" if bloc in overridden.get("added", "").split(",") else None
        else:
            why = next((f"{e['signal']}:{e['value']}" for e in result.evidence
                        if e.get("added") == bloc and e.get("signal") not in ("establishment", "assume")), None)
        if why is not None:
            out.append((bloc, why[:80]))
    return tuple(out)
