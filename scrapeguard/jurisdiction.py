"""Which data-protection regimes apply to a resource, from what a crawler can see.

Signals (ccTLD, hreflang, `<html lang>`, Content-Language, og:locale) can only *add*
jurisdictions; the policy's `unknown` set applies when nothing strong is found (an
alternate's hreflang in another language than the page's is another page's: weak), and
the controller's establishment always applies (GDPR Art. 3(1)). Misleading ccTLDs
(.io, .co, .me, .tv, .ai …) count for nothing. Offline only: tldextract's bundled
suffix list, never a download.
"""

from __future__ import annotations

import functools
import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import idna
import tldextract

from scrapeguard.link_field import links, relations

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
# Internationalised ccTLDs of countries outside the table (each a country, as `.jp` or `.br` is):
# OTHER, as a language region of such a country is. IDN gTLDs (`.онлайн`, `.网址`) name none.
_IDN_CCTLD_OTHER = frozenset(
    "рф срб мкд қаз укр бел мон 中国 中國 香港 澳門 澳门 台湾 台灣 新加坡 한국 ไทย "
    "مصر السعودية امارات الاردن المغرب الجزائر تونس قطر عمان فلسطين سورية ایران پاکستان "
    "भारत இந்தியா ভারত ලංකා இலங்கை გე հայ "
    # (the rest of the Public Suffix List's, whose comments name each one's country: Israel, Bangladesh,
    # Bahrain, Mauritania, India in its other scripts, Iraq, Laos, Malaysia, Sudan, Yemen, and variants)
    "ישראל বাংলা البحرين موريتانيا ಭಾರತ ଭାରତ ভাৰত भारतम् भारोत ڀارت ഭാരതം بارت بھارت భారత్ ભારત ਭਾਰਤ "
    "ايران عراق ລາວ مليسيا پاكستان السعودیة السعودیۃ السعوديه سودان சிங்கப்பூர் سوريا 臺灣 اليمن".split()
)
# Geographic TLDs (ICANN's city and region gTLDs, most with a local-presence rule): each names its
# place as a ccTLD does. Why: read as generic, `.london` or `.tokyo` left the `unknown` set (EU) alone.
_GEO_TLD: dict[str, str] = {
    **{t: "EU" for t in ("alsace amsterdam barcelona bcn bayern berlin brussels bzh cat cologne corsica eus frl "
                         "gal gent hamburg helsinki koeln madrid nrw paris ruhr saarland stockholm tirol "
                         "vlaanderen wien").split()},
    **{t: "UK" for t in ("london", "scot", "wales", "cymru")},
    "swiss": "CH", "zuerich": "CH",
    **{t: "US" for t in ("nyc", "boston", "miami", "vegas")},
    "quebec": "CA",
    "sydney": "AU", "melbourne": "AU",
    **{t: "OTHER" for t in ("tokyo osaka nagoya yokohama kyoto okinawa ryukyu moscow москва capetown durban "
                            "joburg istanbul ist rio taipei abudhabi dubai krd tatar ابوظبي 广东 佛山").split()},
}
# Marketed as generic: they say nothing about a country (research §2.5).
MISLEADING_CCTLDS = frozenset(
    "io co me tv ai fm ly to cc ws sh ac la so vc gg im".split()
)
# Second levels a country keeps for its own institutions (`edu.co`, `gov.me`, `ac.im`): under a marketed ccTLD
# they are the country's, where its open commercial ones (`com.io`, `co.me`, `com.co`) are sold as the TLD is
_RESTRICTED_LEVELS = frozenset("gov gob gouv govt edu mil ac sch".split())


def _restricted_level(suffix: str) -> bool:
    """Whether an ICANN suffix is a restricted registry under its TLD (`edu.co`; not `ac` itself, `startup.ac`)."""
    level, dot, _ = suffix.partition(".")
    return bool(dot) and level in _RESTRICTED_LEVELS
# Country (ISO 3166-1) -> bloc, for region subtags and the controller's establishment.
_EU_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
# Territories with their own ISO 3166-1 code that are part of the EU (TFEU Art. 349 and 355(4)): the
# outermost regions Réunion, Guadeloupe, Martinique, French Guiana, Mayotte and Saint-Martin, and Åland.
# Their ccTLDs were EU already; as region subtags (fr-RE) or an establishment they counted as OTHER / none
_EU_TERRITORIES = frozenset("RE GP MQ GF YT MF AX".split())
_COUNTRY_BLOC: dict[str, str] = {
    **{c: "EU" for c in _EU_COUNTRIES | _EU_TERRITORIES},
    "IS": "EEA", "LI": "EEA", "NO": "EEA",
    "GB": "UK", "UK": "UK",
    "CH": "CH",
    "US": "US",
    "CA": "CA",
    "AU": "AU",
}
# BCP 47 region subtags that are no country of _COUNTRY_BLOC but lie in the EU (IANA language subtag
# registry): the European Union and the euro area, metropolitan France (deprecated for FR), Ceuta and
# Melilla, the Canary Islands. Read as no modelled country, `en-EU` put a page under OTHER law alone.
# Tags only: as an establishment none of them is a country (`Policy` warns of `FX`).
# `EL` is no ISO code but the EU's own for Greece, written for GR on many Greek sites (`el-EL`).
_TAG_REGION_BLOC = {"EU": "EU", "EZ": "EU", "FX": "EU", "EA": "EU", "IC": "EU", "EL": "EU"}
# The areas of UN M.49 a region subtag may name (RFC 5646 §2.2.4, three digits: `es-419`): the blocs of
# the places in each, as `_COUNTRY_BLOC` and `_TAG_REGION_BLOC` read them; every area holds countries
# of no modelled bloc too, so each adds OTHER as well. 001 (the world) names no place: not here.
_AREA_BLOCS: dict[str, tuple[str, ...]] = {
    "002": ("EU",),                   # Africa: Réunion, Mayotte; the Canary Islands, Ceuta, Melilla
    "003": ("US", "CA", "EU"),        # North America, with the Caribbean: Guadeloupe, Martinique, Saint-Martin
    "005": ("EU",),                   # South America: French Guiana
    "009": ("AU",),                   # Oceania
    "011": (), "013": (),             # Western Africa, Central America
    "014": ("EU",),                   # Eastern Africa: Réunion, Mayotte
    "015": ("EU",),                   # Northern Africa: the Canary Islands, Ceuta, Melilla (CLDR's EA, IC)
    "017": (), "018": (),             # Middle Africa, Southern Africa
    "019": ("US", "CA", "EU"),        # the Americas
    "021": ("US", "CA"),              # Northern America
    "029": ("EU",),                   # the Caribbean: Guadeloupe, Martinique, Saint-Martin
    "030": (), "034": (), "035": (),  # Eastern, Southern, South-Eastern Asia
    "039": ("EU",),                   # Southern Europe
    "053": ("AU",),                   # Australia and New Zealand
    "054": (), "057": (), "061": (),  # Melanesia, Micronesia, Polynesia
    "142": ("EU",),                   # Asia: Cyprus
    "143": (),                        # Central Asia
    "145": ("EU",),                   # Western Asia: Cyprus
    "150": ("EU", "EEA", "UK", "CH"),  # Europe
    "151": ("EU",),                   # Eastern Europe
    "154": ("EU", "EEA", "UK"),       # Northern Europe
    "155": ("EU", "EEA", "CH"),       # Western Europe
    "202": ("EU",),                   # Sub-Saharan Africa: Réunion, Mayotte
    "419": ("EU",),                   # Latin America and the Caribbean: French Guiana, Guadeloupe, ...
}


def _private_region(code: str) -> bool:
    """A region subtag for private use (RFC 5646 §2.2.4: AA, QM-QZ, XA-XZ, ZZ, CLDR's "unknown region"):
    it names no country; but XK is CLDR's Kosovo, as the policy reads it. Why: read as some unmodelled one, `de-XX` judged a German page under OTHER law
    alone, the `unknown` set and the EU its language adds gone."""
    return code in ("AA", "ZZ") or (code[0] == "Q" and code[1] >= "M") or (code[0] == "X" and code != "XK")


# At most this many hreflang (and Content-Language) tags are read per page: bounded work.
MAX_TAGS = 64


def _distinct_tags(tags: Iterable[str], cap: int = MAX_TAGS, *, x_default: bool = False) -> list[str]:
    """The first `cap` distinct language tags (case aside), stripped, blanks (and `x-default`, unless kept) left
    out: the cap taken before they were, 64 copies of `en-US` (or 64 blank entries) in a Content-Language hid the
    `de-DE` after them, and a German page was judged under US law alone."""
    distinct: dict[str, str] = {}
    for tag in map(str.strip, tags):
        if tag and (x_default or tag.lower() != "x-default"):
            distinct.setdefault(tag.lower(), tag)
            if len(distinct) >= cap:
                break
    return list(distinct.values())


# Languages spoken mostly inside the EU/EEA: a weak signal that adds, never replaces.
_EU_LANGUAGES = frozenset(
    "pl cs sk hu ro bg hr sl et lv lt fi sv da nl el mt ga de it is no nb nn".split()
)
_EEA_LANGUAGES = frozenset({"is", "no", "nb", "nn"})
# languages without a region that add CH (weak) where nothing else places the page: German and Italian
# (legal-policy-model §2.2), Swiss German and Romansh; a Swiss German page on `.com` was never judged under the
# revFADP (`fr` adds no bloc at all)
_SWISS_LANGUAGES = frozenset({"de", "it", "gsw", "rm"})


# Where a photo was taken (EXIF GPS), coarsely: one rectangle (south, north, west, east, in
# degrees, a little to spare) around each country or territory whose bloc the rule set knows.
# Rectangles are not borders: a position near one, or in a neighbour inside the same rectangle
# (Geneva in France's, northern Mexico in the USA's, Belarus in Poland's), adds that bloc too.
# A position outside every rectangle is somewhere whose law is not modelled: OTHER. The
# detector only ever adds (never replaces the `unknown` default), and the evidence names the
# rectangle, never the coordinates.
_GPS_BOXES: tuple[tuple[str, str, float, float, float, float], ...] = (
    ("AT", "EU", 46.3, 49.1, 9.4, 17.2), ("BE", "EU", 49.4, 51.6, 2.5, 6.5),
    ("BG", "EU", 41.2, 44.3, 22.3, 28.7), ("HR", "EU", 42.3, 46.6, 13.4, 19.5),
    ("CY", "EU", 34.5, 35.8, 32.2, 34.7), ("CZ", "EU", 48.5, 51.1, 12.0, 18.9),
    ("DK", "EU", 54.5, 57.8, 8.0, 15.2), ("EE", "EU", 57.5, 59.8, 21.7, 28.3),
    ("FI", "EU", 59.7, 70.1, 19.4, 31.6), ("FR", "EU", 42.3, 51.1, -5.2, 8.3),
    ("FR-Corsica", "EU", 41.3, 43.1, 8.5, 9.6), ("DE", "EU", 47.2, 55.1, 5.8, 15.1),
    ("GR", "EU", 34.8, 41.8, 19.3, 29.7), ("HU", "EU", 45.7, 48.6, 16.1, 22.9),
    ("IE", "EU", 51.4, 55.4, -10.7, -5.9), ("IT", "EU", 35.4, 47.1, 6.6, 18.6),
    ("LV", "EU", 55.6, 58.1, 20.9, 28.3), ("LT", "EU", 53.9, 56.5, 20.9, 26.9),
    ("LU", "EU", 49.4, 50.2, 5.7, 6.6), ("MT", "EU", 35.8, 36.1, 14.1, 14.6),
    ("NL", "EU", 50.7, 53.6, 3.3, 7.3), ("PL", "EU", 49.0, 54.9, 14.1, 24.2),
    ("PT", "EU", 36.9, 42.2, -9.6, -6.1), ("PT-Azores", "EU", 36.9, 39.8, -31.4, -24.9),
    ("PT-Madeira", "EU", 32.3, 33.2, -17.4, -16.2), ("RO", "EU", 43.6, 48.3, 20.2, 29.8),
    ("SK", "EU", 47.7, 49.7, 16.8, 22.6), ("SI", "EU", 45.4, 46.9, 13.3, 16.7),
    ("ES", "EU", 35.9, 43.8, -9.4, 4.4), ("ES-Canarias", "EU", 27.6, 29.5, -18.2, -13.3),
    ("ES-Ceuta-Melilla", "EU", 35.2, 35.95, -5.4, -2.9), ("SE", "EU", 55.3, 69.1, 10.9, 24.2),
    ("RE", "EU", -21.4, -20.8, 55.2, 55.9), ("YT", "EU", -13.1, -12.6, 44.9, 45.4),
    ("GP", "EU", 15.8, 16.6, -61.9, -60.9), ("MQ", "EU", 14.3, 14.9, -61.3, -60.8),
    ("GF", "EU", 2.1, 5.8, -54.7, -51.5), ("MF", "EU", 18.0, 18.15, -63.2, -62.95),
    ("NO", "EEA", 57.9, 71.3, 4.4, 31.2), ("SJ", "EEA", 70.8, 80.9, -9.1, 33.6),
    ("IS", "EEA", 63.2, 66.6, -24.6, -13.4), ("LI", "EEA", 47.0, 47.3, 9.4, 9.7),
    ("GB", "UK", 49.8, 60.9, -8.7, 1.8), ("CH", "CH", 45.8, 47.9, 5.9, 10.5),
    ("US", "US", 24.4, 49.4, -124.8, -66.9), ("US-Alaska", "US", 51.2, 71.5, -180.0, -129.9),
    ("US-Aleutians", "US", 51.2, 53.0, 172.4, 180.0), ("US-Hawaii", "US", 18.9, 22.3, -160.3, -154.8),
    ("US-Puerto-Rico", "US", 17.9, 18.6, -67.3, -65.2),
    ("CA-West", "CA", 48.2, 83.2, -141.1, -95.0), ("CA-Ontario-West", "CA", 48.0, 83.2, -95.0, -89.0),
    ("CA-Ontario-North", "CA", 46.0, 83.2, -89.0, -74.3), ("CA-Ontario-South", "CA", 41.6, 46.0, -83.6, -74.3),
    ("CA-East", "CA", 43.3, 83.2, -74.3, -52.5), ("AU", "AU", -43.8, -9.1, 112.9, 153.7),
)


def gps_blocs(lat: float, lon: float) -> list[tuple[str, str]]:
    """`(rectangle, bloc)` for each rectangle of `_GPS_BOXES` that holds the position; outside
    them all `("elsewhere", "OTHER")`. No position at all (out of range, not finite, or the
    (0, 0) cameras write when they have none): `[]`."""
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180 or (lat == 0 and lon == 0):
        return []
    found = [(label, bloc) for label, bloc, south, north, west, east in _GPS_BOXES
             if south <= lat <= north and west <= lon <= east]
    return found or [("elsewhere", "OTHER")]


def _degrees(value: object, ref: object, negative: str) -> float | None:
    """EXIF (degrees, minutes, seconds) rationals and an N/S or E/W reference, as signed degrees."""
    try:
        parts = [float(v) for v in value]  # type: ignore[attr-defined]
        if not parts or len(parts) > 3:
            return None
        parts += [0.0] * (3 - len(parts))
        result = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("latin-1", "replace")
    if str(ref or "").strip().upper().startswith(negative):
        result = -result
    return result if math.isfinite(result) else None


def exif_gps_position(data: bytes) -> tuple[float, float] | None:
    """The EXIF GPS position of an image (its XMP one where EXIF holds none), for the `exif-gps` detector;
    None when there is no readable one. Used only to pick a rectangle of `gps_blocs`, never kept. Never
    raises."""
    import io
    import warnings

    try:
        from PIL import Image

        from scrapeguard.detect.exif import gps_values

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as img:
                # only the GPS tags: Pillow's get_ifd decodes every tag (a 4 MB one cost 2 s of CPU)
                gps = gps_values(img.getexif())
        lat = _degrees(gps.get(2), gps.get(1), "S")
        lon = _degrees(gps.get(4), gps.get(3), "W")
    except Exception:  # noqa: BLE001 - broken metadata is no position, not a failure of the guard
        lat = lon = None
    if lat is None or lon is None:
        from scrapeguard.detect.exif import xmp_gps_position

        return xmp_gps_position(data)
    return lat, lon


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() : the bundled snapshot only, no network ever.
    return tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=True, cache_dir=None)


# full-width and ideographic full stops: browsers (UTS #46) read them as "."
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


@functools.lru_cache(maxsize=65536)  # (asked for every host the suppression check meets: ~14 µs a name)
def ip_literal(host: str) -> str | None:
    """The one spelling of an IP-address host (`[2001:DB8:0::1]` -> `2001:db8::1`, the way
    `ipaddress` writes it), or None for a name. A URL's host and a policy's override must meet
    in the same spelling, whichever way either wrote the address: the IPv4 forms clients
    connect to (`3221225994`, `0xc000020a`, `0300.0.2.012`, `192.0.522`, read by
    `_whatwg_ipv4`) and an IPv4-mapped IPv6 address (`[::ffff:192.0.2.10]`) are all `192.0.2.10`."""
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    elif (v4 := _whatwg_ipv4(text)) is not None:
        return v4
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)  # the IPv4 host a dual-stack socket reaches
    return str(address)


def _ipv4_number(part: str) -> int | None:
    """One part of an IPv4 host (WHATWG URL "IPv4 number parser"): decimal, `0x` hex or
    `0`-led octal; None when it is none of them."""
    if part[:2] in ("0x", "0X"):
        digits, base, allowed = part[2:], 16, "0123456789abcdefABCDEF"
    elif len(part) > 1 and part[0] == "0":
        digits, base, allowed = part[1:], 8, "01234567"
    else:
        digits, base, allowed = part, 10, "0123456789"
    if not digits:
        return 0 if base != 10 else None  # `0x` alone is 0
    if any(c not in allowed for c in digits) or len(digits.lstrip("0")) > 12:
        return None  # not a number, or far past 2**32 (and int() must never see a huge one)
    return int(digits, base)


def _whatwg_ipv4(host: str) -> str | None:
    """`host` as dotted-quad when the WHATWG URL standard reads it as an IPv4 address, the way
    browsers, curl and the C resolver's inet_aton (httpx, Scrapy) do: one to four parts, each
    decimal, hex or octal, the last filling the remaining octets (`192.0.522` is 192.0.2.10).
    None for anything else, including a host that looks numeric but is no address
    (`1.2.3.4.5`, `256.1.1.1`): that stays a name."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # one trailing dot
    if not parts or len(parts) > 4 or not parts[-1]:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _ipv4_number(part) if part else None
        if number is None:
            return None
        numbers.append(number)
    last = numbers.pop()
    if any(n > 255 for n in numbers) or last >= 1 << (8 * (4 - len(numbers))):
        return None
    value = last
    for i, n in enumerate(numbers):
        value += n << (8 * (3 - i))
    return str(ipaddress.IPv4Address(value))


@functools.lru_cache(maxsize=65536)
def ascii_host(host: str) -> str:
    """One spelling per host, so `bücher.de` in a URL meets `xn--bcher-kva.de` in a policy:
    lower case, no trailing dot, IDNA A-labels (UTS #46, as browsers resolve them); an IP
    address as `ip_literal` writes it (no brackets). A host that is no valid IDN is returned
    lower-cased as it is (nothing can resolve it anyway)."""
    host = (host or "").strip().translate(_DOTS).lower().rstrip(".")
    if not host.isascii():
        host = _idna_host(host)
    return ip_literal(host) or host


def _idna_host(host: str) -> str:
    """`host` (lower case, not ASCII) in IDNA A-labels; as it is when it is no valid IDN."""
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:  # IDNA 2003, label by label: what Python's own socket layer would send
        return ".".join(label.encode("idna").decode("ascii") if label else "" for label in host.split(".")).lower()
    except UnicodeError:
        return host


def under_domain(host: str, domain: str) -> bool:
    """`host` is `domain` or one of its subdomains (`c.statcounter.com`, not `mystatcounter.com`)."""
    return host == domain or host.endswith("." + domain)


@functools.lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """eTLD+1 including private suffixes (alice.github.io and bob.github.io differ), in
    the `ascii_host` spelling. IP addresses and single-label hosts are returned as they are.

    A host under a TLD no rule of the list names (`.internal`, `.example`, a gTLD newer than the
    bundled snapshot) takes the list's default rule `*`: its last label is the public suffix, so
    `photos.staff.internal` is under `staff.internal`. Without it every such host was its own
    site, and an override for `staff.internal` never reached its subdomains."""
    host = ascii_host(host)
    if ip_literal(host) is not None or host.replace(".", "").isdigit():
        return host
    ext = _extractor()(host)
    if ext.top_domain_under_public_suffix:
        return ext.top_domain_under_public_suffix
    if not ext.suffix and ext.subdomain and ext.domain:  # (tldextract puts an unlisted TLD in `domain`)
        label = ext.subdomain.rsplit(".", 1)[-1]
        if label:
            return f"{label}.{ext.domain}"
    return host


def is_public_suffix(host: str) -> bool:
    """`co.uk`, `github.io`: a suffix under which others register names, never one's own."""
    host = ascii_host(host)
    return bool(host) and _extractor()(host).suffix == host


@functools.lru_cache(maxsize=65536)
def icann_suffix(host: str) -> str:
    """The ICANN public suffix of a host (`co.uk`, `edu.co`, `de`), read in the `ascii_host` spelling, the
    one override matching uses: `ｅｘａｍｐｌｅ．ｃｏ．ｕｋ` (full-width) is `example.co.uk` for both. An IP
    address has none."""
    host = ascii_host(host)
    if ip_literal(host) is not None:
        return ""
    return str(_extractor()(host, include_psl_private_domains=False).suffix)


@functools.lru_cache(maxsize=65536)
def icann_tld(host: str) -> str:
    """The last label of the ICANN public suffix (`co.uk` -> `uk`), IDNA-decoded (`icann_suffix`)."""
    suffix = icann_suffix(host)
    if not suffix:
        return ""
    label = suffix.rsplit(".", 1)[-1]
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


def _is_country_tld(tld: str) -> bool:
    """Two ASCII letters (every such TLD is a country's, ISO 3166-1) or a known IDN ccTLD."""
    return (len(tld) == 2 and tld.isascii() and tld.isalpha()) or tld in _IDN_CCTLD_OTHER


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


MAX_LINK_HREFLANGS = 256  # distinct tags read from Link fields, as from a page's <link> elements


def link_hreflangs(values: list[str]) -> list[str]:
    """The `hreflang` of each `rel="alternate"` link-value of a response's `Link` fields (RFC 8288; Google reads
    hreflang there for non-HTML files and pages alike): a page's alternates sent so were not read, and a UK
    page was judged under EU law alone where its `<link hreflang="en-GB">` made it UK. One per distinct tag, case
    aside: 256 spellings of one (`en-gb`, `EN-gb`, ...) must not hide another behind them."""
    tags = (value.strip()[:35] for _, params in links(values) if "alternate" in relations(params)
            for key, value in params if key == "hreflang")
    return _distinct_tags(tags, MAX_LINK_HREFLANGS, x_default=True)


@dataclass(slots=True)
class JurisdictionResult:
    applied: list[str]
    evidence: list[dict[str, str]]

    def from_pages_only(self) -> frozenset[str]:
        """The blocs only the pages that show the resource brought (their law, `resolve`'s `page`): a
        finding they cause is judged under those pages' domains' rules too (`Scope.action(from_page=)`)."""
        replaced = any(e["signal"] == "override" for e in self.evidence)  # (what was detected is no longer its own)
        own = {bloc for e in self.evidence if e["signal"] != "page"
               and (not replaced or e["signal"] in ("establishment", "assume", "override"))
               for bloc in e["added"].split(",")}
        return frozenset(bloc for bloc in self.applied if bloc not in own)


def _region(tag: str) -> str | None:
    """The region subtag of a language tag (RFC 5646 §2.1): after the language, its extended
    language subtags and its script, before any variant, extension (`-u-`, `-t-`) or private use
    (`-x-`). Why: any two letters were taken for one, so `de-u-co-phonebk` (phone-book collation)
    placed a German page in Colombia and `de-u-ca-gregory` in Canada. Two letters, or three digits
    naming an area of UN M.49 (`_AREA_BLOCS`)."""
    parts = tag.replace("_", "-").split("-")
    if len(parts[0]) < 2:  # `x-...` (private use), `i-...` (grandfathered): no region
        return None
    at = 1
    while len(parts[0]) <= 3 and at <= 3 and at < len(parts) and len(parts[at]) == 3 and parts[at].isalpha():
        at += 1  # extended language subtags (`zh-yue-HK`), at most three
    if at < len(parts) and len(parts[at]) == 4 and parts[at].isalpha():
        at += 1  # script (`sr-Latn-RS`)
    region = parts[at].upper() if at < len(parts) else ""
    if region in _AREA_BLOCS:
        return region  # an area of UN M.49 (`es-419`)
    return region if len(region) == 2 and region.isascii() and region.isalpha() and not _private_region(region) else None


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
    gps: tuple[float, float] | None = None,
) -> JurisdictionResult:
    """The applicable set: establishment ∪ assume ∪ (detected, or `unknown` when nothing
    strong was found, replaced by the override's set when a per-domain override names one)
    ∪ `page`, the blocs of the page that shows this image (`carried_blocs` of the page's
    result). A `.co.uk` page's photo served from a `.com` CDN is still shown to that page's
    audience, so the page's law applies to it; an override of the image's own domain
    replaces only what the image's host says, never what its page says. `gps`: the image's
    EXIF position (`exif_gps_position`), read by the `exif-gps` detector as a weak signal
    (where the photo was taken adds its bloc; it never replaces the `unknown` default), as is
    an hreflang whose language is not the page's `<html lang>` (an alternate: another page's)."""
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
        # (a country's own registry under a marketed one, `edu.co`, `gov.me`, is the country's; a name right under
        # it, `example.co`, or under an open commercial one, `com.io`, `co.me`, says nothing)
        if tld and (tld not in MISLEADING_CCTLDS or _restricted_level(icann_suffix(host))):
            # a country's TLD outside the table is a country all the same (`.jp`, `.com.br`, `.рф`): OTHER,
            # as a language region of that country is (`ja-JP`), not "nothing detected"
            bloc = _CCTLD.get(tld) or _GEO_TLD.get(tld) or ("OTHER" if _is_country_tld(tld) else None)
            if bloc:
                add(bloc, "cctld", tld, detected)
    swiss: tuple[str, str] | None = None  # (the first signal of a language Switzerland speaks: it adds CH if unplaced)
    placed = bool(detected)  # the page's own place said: its ccTLD, or (below) its own language's region
    if hints is not None:
        own_language = _language(hints.html_lang) if hints.html_lang else None
        # the page's own language first: however many alternates it links, they cannot push it out
        tags: list[tuple[str, str]] = []
        if "html-lang" in detectors and hints.html_lang:
            tags.append(("html-lang", hints.html_lang))
        if "content-language" in detectors and hints.content_language:
            tags += [("content-language", t) for t in _distinct_tags(hints.content_language.split(","))]
        if "og-locale" in detectors and hints.og_locale:
            tags.append(("og-locale", hints.og_locale))
        if "hreflang" in detectors:
            tags += [("hreflang", t) for t in _distinct_tags(hints.hreflangs)]
        for signal, tag in tags:
            region = _region(tag)
            # the page's own region places it; an alternate's places another page, unless it is in the page's own
            # language (`lang="de"` with hreflang `de-DE`: the self-reference Google asks for). Another page's
            # region only adds, as a weak signal: taken as strong, `hreflang="fr-CA"` on an English `.com` page
            # left its `unknown` set (EU) out
            own = signal != "hreflang" or _language(tag) == own_language
            into = detected if own else weak
            if region in _AREA_BLOCS:  # an area: the bloc of every modelled place in it, and OTHER
                for bloc in (*_AREA_BLOCS[region], "OTHER"):
                    add(bloc, signal, tag, into)
                continue
            bloc = (country_bloc(region) or _TAG_REGION_BLOC.get(region)) if region else None
            placed = placed or (bloc is not None and own)
            if bloc:
                add(bloc, signal, tag, into)
            elif region:
                add("OTHER", signal, tag, into)
            else:
                lang = _language(tag)
                if lang in _EU_LANGUAGES:
                    add("EEA" if lang in _EEA_LANGUAGES else "EU", signal, tag, weak)
                if lang in _SWISS_LANGUAGES and signal != "hreflang" and swiss is None:  # (an alternate's: another
                    swiss = (signal, tag)  # page's language)
        if "tcf-cmp" in detectors and hints.tcf_cmp:
            add("EU", "tcf-cmp", "__tcfapi", detected)
    if "exif-gps" in detectors and gps is not None:
        for label, bloc in gps_blocs(*gps):
            add(bloc, "exif-gps", f"rectangle {label}", weak)

    if swiss is not None and not placed:
        # German or Italian on a page nothing places (`.com`, no region of its own): Switzerland speaks them too
        # (legal-policy-model §2.2: de and it also add CH); on `.de` or as `de-DE` they say no more than that
        add("CH", *swiss, weak)
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


# the detectors that read a language or locale tag: a region subtag can name any country (`OTHER` for
# one of no modelled bloc), a bare language an EU/EEA one
_TAG_DETECTORS = frozenset({"html-lang", "content-language", "og-locale", "hreflang"})


def reachable_blocs(*, establishment: Iterable[str] = (), assume: Iterable[str] = (),
                    unknown: Iterable[str] = ("EU",), detect: Iterable[str] = (),
                    overrides: Iterable[Iterable[str]] = ()) -> set[str]:
    """Every bloc `resolve` can apply under one configuration (an image's page is resolved
    under the same one): the establishment's, `assume`, `unknown`, the overrides' sets, and
    what each enabled detector can add. Why: the policy's warnings spoke of EU law where no
    signal could ever bring it (`unknown = ["US"]`, `detect = []`)."""
    out = {bloc for code in establishment if (bloc := country_bloc(code))} | set(assume) | set(unknown)
    for blocs in overrides:
        out |= set(blocs)
    detectors = set(detect)
    if "cctld" in detectors:
        out |= set(_CCTLD.values()) | set(_GEO_TLD.values())
    if detectors & _TAG_DETECTORS:
        out |= set(_COUNTRY_BLOC.values()) | {"EU", "EEA", "OTHER"}
    if "tcf-cmp" in detectors:
        out.add("EU")
    if "exif-gps" in detectors:
        out |= {bloc for _, bloc, *_ in _GPS_BOXES} | {"OTHER"}
    return out


def carried_blocs(result: JurisdictionResult) -> tuple[tuple[str, str], ...]:
    """What a page's signals say of the law of the images it shows: `(bloc, why)` for each bloc
    they gave, `why` the signal (`cctld:uk`, `html-lang:en-GB`, `unknown:no strong signal`).
    Blocs that only the controller's establishment or `assume` gave are left out: they apply to
    every resource anyway. So is an override of the page's domain: it holds for the purposes it
    names, and an image is judged for its own (`Guard._page_law` applies it). Compact on purpose:
    it is remembered for every image of the page until the image is requested."""
    out: dict[str, str] = {}
    for e in result.evidence:
        bloc = e.get("added", "")
        if e.get("signal") not in ("establishment", "assume", "override") and bloc and bloc not in out:
            out[bloc] = f"{e['signal']}:{e['value']}"[:80]
    return tuple(out.items())
