"""Jurisdiction from what a crawler sees: signals add, never remove; offline only."""

from __future__ import annotations

import pytest

from scrapeguard.jurisdiction import (
    MAX_TAGS,
    PageHints,
    ascii_host,
    carried_blocs,
    country_bloc,
    exif_gps_position,
    gps_blocs,
    icann_tld,
    ip_literal,
    is_public_suffix,
    reachable_blocs,
    registrable_domain,
    resolve,
)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("alice.github.io", "alice.github.io"),  # PSL private suffix: users are separate sites
        ("cdn.images.example.de", "example.de"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
        ("WWW.Example.COM.", "example.com"),
        # a TLD the bundled list does not name: its default rule `*` (the last label is the suffix)
        ("photos.staff.internal", "staff.internal"),
        ("www.benchmark-archive.example", "benchmark-archive.example"),
        ("a.b.c.shop.test", "shop.test"),
        ("staff.internal", "staff.internal"),
        ("sub.localhost", "sub.localhost"),
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


def test_the_law_only_the_showing_pages_brought_is_told_apart() -> None:
    """(`Scope.action(from_page=)` judges what it causes under those pages' domains' rules too.)"""
    result = resolve("cdn.example.fr", establishment=["DE"], override=["US", "UK"],
                     page=[("UK", "cctld:uk"), ("CH", "cctld:ch"), ("EU", "html-lang:de")])
    assert result.from_pages_only() == {"CH"}  # (UK: the override's too; EU: the establishment's and the host's)
    # a ccTLD an override replaced is no longer the host's own law: the page's UK is the page's (found in review)
    cdn = resolve("imgcdn.co.uk", establishment=["DE"], override=["EU"], page=[("UK", "cctld:uk")])
    assert cdn.from_pages_only() == {"UK"}


@pytest.mark.parametrize("host", ["example.co.jp", "example.com.br", "example.in", "example.xn--p1ai", "example.рф"])
def test_a_countrys_cctld_outside_the_table_adds_other_as_its_language_region_does(host: str) -> None:
    """`.co.jp` counted for nothing (the `unknown` set applied: EU) while `<html lang="ja-JP">` on a
    `.com` page added OTHER: an EU-only purpose collected Japanese, Brazilian and Indian sites."""
    result = resolve(host, unknown=["EU"])
    assert result.applied == ["OTHER"]
    assert result.evidence == [{"signal": "cctld", "value": icann_tld(host), "added": "OTHER"}]
    assert resolve("example.com", unknown=["EU"], hints=PageHints(html_lang="ja-JP")).applied == ["OTHER"]


@pytest.mark.parametrize("tld", ["xn--4dbrk0ce", "xn--54b7fta0cc", "xn--mgbcpq6gpa1a", "xn--mgbah1a3hjkrd", "xn--2scrj9c",
                                 "xn--3hcrj9c", "xn--45br5cyl", "xn--h2breg3eve", "xn--h2brj9c8c", "xn--mgbgu82a",
                                 "xn--rvc1e0am3e", "xn--mgbbh1a", "xn--mgbbh1a71e", "xn--fpcrj9c3d", "xn--gecrj9c",
                                 "xn--s9brj9c", "xn--mgba3a4fra", "xn--mgbtx2b", "xn--q7ce6a", "xn--mgbx4cd0ab",
                                 "xn--mgbai9a5eva00b", "xn--mgberp4a5d4a87g", "xn--mgbqly7c0a67fbc", "xn--mgbqly7cvafr",
                                 "xn--mgbpl2fh", "xn--clchc0ea0b2g2a9gcd", "xn--mgbtf8fl", "xn--nnx388a", "xn--mgb2ddes"])
def test_every_internationalised_cctld_of_a_country_outside_the_table_adds_other(tld: str) -> None:
    """The IDN ccTLDs of the Public Suffix List (its comments name each one's country): Israel's, Iraq's,
    Malaysia's, Bangladesh's, India's in eleven scripts and the variants of others were missing, so
    they counted for nothing and the `unknown` set (EU) applied, as for `.jp` before."""
    assert resolve(f"example.{tld}", unknown=["EU"]).applied == ["OTHER"]


@pytest.mark.parametrize(
    ("host", "bloc"),
    [("gallery.london", "UK"), ("example.scot", "UK"), ("example.cymru", "UK"), ("example.berlin", "EU"),
     ("example.paris", "EU"), ("example.swiss", "CH"), ("example.quebec", "CA"), ("example.nyc", "US"),
     ("example.sydney", "AU"), ("example.tokyo", "OTHER"), ("example.xn--80adxhks", "OTHER")],
)
def test_a_city_or_region_tld_adds_its_countrys_bloc_as_a_cctld_does(host: str, bloc: str) -> None:
    """A geographic TLD (`.london`, `.berlin`, `.swiss`, `.tokyo`) names its place as surely as a ccTLD:
    it counted for nothing, so the `unknown` set (EU) applied alone: a `.london` photographer's
    portraits were judged without UK law, a `.tokyo` site collected under an EU/EEA-only purpose."""
    result = resolve(host, unknown=["EU"])
    assert result.applied == [bloc]
    assert result.evidence == [{"signal": "cctld", "value": icann_tld(host), "added": bloc}]


@pytest.mark.parametrize("host", ["example.xn--80asehdb", "example.test", "example.internal"])
def test_an_idn_gtld_or_a_private_tld_names_no_country(host: str) -> None:
    assert resolve(host, unknown=["EU"]).applied == ["EU"]


@pytest.mark.parametrize("host", ["startup.io", "brand.co", "about.me", "stream.tv", "model.ai", "x.com", "127.0.0.1"])
def test_misleading_and_generic_tlds_fall_back_to_unknown(host: str) -> None:
    result = resolve(host, unknown=["EU"])
    assert result.applied == ["EU"]
    assert result.evidence[-1]["signal"] == "unknown"


@pytest.mark.parametrize("host", ["unal.edu.co", "presidencia.gov.co", "portal.gov.me", "example.ac.im"])
def test_a_countrys_registry_under_a_marketed_cctld_is_the_countrys(host: str) -> None:
    """`.co` says nothing of Colombia in `brand.co`, marketed as "company"; `edu.co`, `gov.co` are
    Colombia's own registries: their hosts are another country's (OTHER), as `edu.br`'s are."""
    assert resolve(host, unknown=["EU"]).applied == ["OTHER"]


@pytest.mark.parametrize("host", ["startup.com.io", "brand.co.io", "shop.com.co", "blog.co.me", "ai.com.ai", "startup.ac",
                                  "www.ac"])
def test_an_open_second_level_under_a_marketed_cctld_says_nothing(host: str) -> None:
    """Sold on the TLD's own open terms: a country's signal there dropped the default (EU) for OTHER."""
    assert resolve(host, unknown=["EU"]).applied == ["EU"]


@pytest.mark.parametrize("host", ["visit.xn--mgbca7dzdo", "kazan.tatar", "www.xn--xhq521b", "www.xn--1qqw23a"])
def test_a_regions_tld_is_its_countrys_as_its_twin_is(host: str) -> None:
    """`.ابوظبي` beside `.abudhabi`, `.tatar` beside `.moscow`, `.广东` and `.佛山`: a city's or region's."""
    assert resolve(host, unknown=["EU"]).applied == ["OTHER"]


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
    hints = PageHints(html_lang="\x00" * 10_000, hreflangs=["zz-YY"] * 10_000, content_language="," * 5000)
    result = resolve("", hints=hints)
    assert "OTHER" in result.applied


# ------------------------------------------------------------------ one spelling per host
@pytest.mark.parametrize(
    ("host", "expected"),
    [("bücher.de", "xn--bcher-kva.de"), ("BÜCHER.DE.", "xn--bcher-kva.de"), ("xn--bcher-kva.de", "xn--bcher-kva.de"),
     ("example。de", "example.de"), ("example．uk", "example.uk"), ("straße.de", "xn--strae-oqa.de"),
     ("Example.COM", "example.com"), ("127.0.0.1", "127.0.0.1"), ("", "")],
)
def test_ascii_host_gives_one_spelling(host: str, expected: str) -> None:
    assert ascii_host(host) == expected


def test_a_host_that_is_no_valid_idn_is_kept_as_it_is_never_raised() -> None:
    assert ascii_host("a\u200b\ufffd.de") == ascii_host("a\u200b\ufffd.de")  # no exception, stable
    assert ascii_host("x" * 300 + "ü.de").endswith(".de")


@pytest.mark.parametrize("host", ["bücher.de", "www.BÜCHER.de", "shop.xn--bcher-kva.de", "xn--bcher-kva.de."])
def test_unicode_and_punycode_hosts_have_one_registrable_domain(host: str) -> None:
    assert registrable_domain(host) == "xn--bcher-kva.de"


def test_public_suffixes_are_recognised_in_either_spelling() -> None:
    assert is_public_suffix("co.uk") and is_public_suffix("xn--90ae") and is_public_suffix("бг")
    assert not is_public_suffix("bücher.de")


def test_the_cctld_of_a_unicode_host_still_counts() -> None:
    assert resolve("example.ελ", unknown=["OTHER"]).applied == ["EU"]
    assert resolve("bücher.de", unknown=["OTHER"]).applied == ["EU"]


def test_a_full_width_host_has_the_cctld_of_its_ascii_spelling() -> None:
    host = "ｐｈｏｔｏｓ．ｅｘａｍｐｌｅ．ｃｏ．ｕｋ"
    assert registrable_domain(host) == "example.co.uk" and icann_tld(host) == "uk"
    assert resolve(host, unknown=["OTHER"]).applied == ["UK"]


@pytest.mark.parametrize(
    ("host", "expected"),
    [("10.0.0.5", "10.0.0.5"), ("127.0.0.1", "127.0.0.1"), ("::1", "::1"), ("[::1]", "::1"),
     ("[2001:DB8:0::1]", "2001:db8::1"), ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
     ("１２７．０．０．１", "127.0.0.1")],
)
def test_an_ip_address_has_one_spelling_and_is_its_own_registrable_domain(host: str, expected: str) -> None:
    assert ascii_host(host) == expected and registrable_domain(host) == expected
    assert icann_tld(host) == ""


@pytest.mark.parametrize("host", [
    "3221225994", "0xc000020a", "0XC000020A", "0300.0.2.012", "0xc0.0.2.0xa", "192.0.522", "192.0.2.10.",
    "[::ffff:192.0.2.10]", "::ffff:c000:20a",
])
def test_every_spelling_a_client_connects_to_is_the_same_ipv4_address(host: str) -> None:
    """Browsers (WHATWG URL), curl and the C resolver under httpx and Scrapy all connect
    `3221225994`, `0xc000020a`, `0300.0.2.012` and `192.0.522` to 192.0.2.10, and a dual-stack
    socket reaches it as `::ffff:192.0.2.10`: an override for the address must see them all."""
    assert ip_literal(host) == "192.0.2.10"
    assert ascii_host(host) == registrable_domain(host) == "192.0.2.10" and icann_tld(host) == ""


@pytest.mark.parametrize(("host", "expected"), [("0", "0.0.0.0"), ("0x", "0.0.0.0"), ("10.1", "10.0.0.1"),
                                                ("4294967295", "255.255.255.255"), ("0x7f.1", "127.0.0.1")])
def test_short_ipv4_forms_fill_the_last_part_into_the_remaining_octets(host: str, expected: str) -> None:
    assert ip_literal(host) == expected


@pytest.mark.parametrize("host", ["example.org", "999.1.1.10", "localhost", "",
                                  "4294967296", "1.2.3.4.5", "1..2", "256.1.1", "1.16777216", "09", "08.1.1.1",
                                  "0x1g", "1_0", "+1", "1e3", "example.0x1", "1.2.3.4 x"])
def test_a_name_or_an_impossible_address_is_no_ip_literal(host: str) -> None:
    assert ip_literal(host) is None


@pytest.mark.parametrize("host", ["4294967296", "1.2.3.4.5", "09", "example.0x1"])
def test_a_host_that_only_looks_numeric_stays_a_name(host: str) -> None:
    assert ascii_host(host) == host and registrable_domain(host) == host


# ------------------------------------------------------------------ hints
def test_many_hreflang_alternates_cannot_push_the_pages_own_language_out() -> None:
    alternates = [a + b for a in "abcdefghij" for b in "abcdefg"]  # 70 region-less tags
    hints = PageHints(html_lang="en-GB", hreflangs=alternates, content_language="en-CA")
    applied = resolve("example.com", hints=hints, unknown=["OTHER"]).applied
    assert "UK" in applied and "CA" in applied


def test_repeated_hreflang_tags_count_once_so_a_later_region_is_still_read() -> None:
    hints = PageHints(hreflangs=["en"] * 500 + ["EN"] * 10 + ["de-AT"])
    result = resolve("example.com", hints=hints, unknown=["OTHER"])
    assert "EU" in result.applied
    assert sum(1 for e in result.evidence if e["signal"] == "hreflang") == 1  # "de-AT"; "en" adds nothing


def test_at_most_the_cap_of_distinct_alternates_is_read() -> None:
    hints = PageHints(hreflangs=[f"x{i}-US" for i in range(MAX_TAGS + 50)])
    result = resolve("example.com", hints=hints, unknown=["OTHER"])
    assert sum(1 for e in result.evidence if e["signal"] == "hreflang") == MAX_TAGS


@pytest.mark.parametrize(("lang", "alternate", "added"), [
    ("en", "fr-CA", ["CA"]), (None, "fr-CA", ["CA"]),  # (no `<html lang>`: an image's `Link` alternates)
    ("en", "ja-JP", ["OTHER"]), ("en", "es-419", ["OTHER"]), ("de", "en-GB", ["UK"])])
def test_an_alternate_in_another_language_adds_its_region_but_never_replaces_the_unknown_set(
        lang: str | None, alternate: str, added: list[str]) -> None:
    """research §2.1: no signal removes the default set. An alternate's hreflang names another page; its region
    was taken as strong, so `hreflang="fr-CA"` on an English `.com` page judged it under CA law and dropped the
    `unknown` set (EU): a US controller without an Art. 27 representative kept its portraits."""
    result = resolve("shop.example.com", hints=PageHints(html_lang=lang, hreflangs=[alternate, "x-default"]))
    assert result.applied[0] == "EU" and set(added) <= set(result.applied), result.evidence
    assert {"signal": "unknown", "value": "no strong signal", "added": "EU"} in result.evidence


def test_an_hreflang_in_the_pages_own_language_still_places_the_page() -> None:
    """(The self-reference Google asks for: `lang="en"` with `hreflang="en-US"` is this page's own region.)"""
    result = resolve("shop.example.com", hints=PageHints(html_lang="en", hreflangs=["en-US", "fr-CA"]))
    assert result.applied == ["US", "CA"]


# ------------------------------------------------------------------ overrides
def test_an_override_replaces_what_was_detected_but_never_the_establishment() -> None:
    result = resolve("example.co.uk", establishment=["FR"], assume=["CH"], override=["US"])
    assert result.applied == ["EU", "CH", "US"]
    assert "UK" not in result.applied


# ------------------------------------------------------------------ a page's law follows its images
def test_a_pages_blocs_are_added_to_an_images_own_and_recorded_as_page_evidence() -> None:
    page = resolve("www.example.co.uk", establishment=["FR"])
    carried = carried_blocs(page)
    assert carried == (("UK", "cctld:uk"),)  # EU came from the establishment only: it applies anyway
    image = resolve("cdn.example.com", establishment=["FR"], page=carried)
    assert image.applied == ["EU", "UK"]
    assert {"signal": "page", "value": "cctld:uk", "added": "UK"} in image.evidence


def test_carried_blocs_name_the_signal_and_keep_the_unknown_fallback() -> None:
    page = resolve("example.com", hints=PageHints(html_lang="fr-CA"), unknown=["EU"])
    assert carried_blocs(page) == (("CA", "html-lang:fr-CA"),)
    bare = resolve("example.com", unknown=["EU"])
    assert carried_blocs(bare) == (("EU", "unknown:no strong signal"),)


def test_a_pages_override_is_not_carried_what_its_signals_said_is() -> None:
    """An override holds for the purposes it names, and an image is judged for its own: the guard
    applies the page domain's override for that purpose (`Guard._page_law`)."""
    page = resolve("example.co.uk", establishment=["FR"], override=["US"])
    assert page.applied == ["EU", "US"]
    assert carried_blocs(page) == (("UK", "cctld:uk"),)


def test_the_image_hosts_override_cannot_remove_what_its_page_carries() -> None:
    image = resolve("cdn.example.com", override=["US"], page=(("UK", "cctld:uk"),))
    assert image.applied == ["US", "UK"]


def test_carried_evidence_is_bounded_however_long_the_tag() -> None:
    page = resolve("example.com", hints=PageHints(html_lang="de-AT-" + "x" * 5000), unknown=["OTHER"])
    assert all(len(why) <= 80 for _, why in carried_blocs(page))


# ------------------------------------------------------------------ exif-gps
@pytest.mark.parametrize(
    ("place", "lat", "lon", "blocs"),
    [("Chicago", 41.88, -87.63, {"US"}), ("Paris", 48.86, 2.35, {"EU"}), ("London", 51.5, -0.12, {"UK"}),
     ("Oslo", 59.9, 10.75, {"EEA"}), ("Sydney", -33.87, 151.2, {"AU"}), ("Halifax", 44.65, -63.57, {"CA"}),
     ("Las Palmas", 28.1, -15.4, {"EU"}), ("Cayenne", 4.92, -52.3, {"EU"}), ("Honolulu", 21.3, -157.85, {"US"}),
     ("Tokyo", 35.68, 139.7, {"OTHER"}), ("São Paulo", -23.55, -46.63, {"OTHER"})],
)
def test_a_gps_position_gives_the_bloc_of_its_rectangle(place: str, lat: float, lon: float, blocs: set[str]) -> None:
    assert {bloc for _, bloc in gps_blocs(lat, lon)} == blocs


@pytest.mark.parametrize(("place", "lat", "lon", "blocs"),
                         [("Geneva", 46.2, 6.14, {"CH", "EU"}), ("Vaduz", 47.14, 9.52, {"EEA", "CH", "EU"}),
                          ("Toronto", 43.65, -79.38, {"CA", "US"})])
def test_near_a_border_every_rectangle_counts_never_fewer(place: str, lat: float, lon: float, blocs: set[str]) -> None:
    assert {bloc for _, bloc in gps_blocs(lat, lon)} == blocs


@pytest.mark.parametrize(("lat", "lon"), [(0.0, 0.0), (91.0, 0.0), (0.0, 181.0), (float("nan"), 1.0), (1.0, float("inf"))])
def test_no_position_gives_nothing(lat: float, lon: float) -> None:
    assert gps_blocs(lat, lon) == []


def _jpeg_with_gps(gps: dict[int, object]) -> bytes:
    import io

    from PIL import Image

    exif = Image.Exif()
    exif.get_ifd(0x8825).update(gps)
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_the_exif_position_is_read_with_its_hemispheres() -> None:
    data = _jpeg_with_gps({1: "S", 2: (33.0, 52.0, 12.0), 3: "E", 4: (151.0, 12.0, 0.0)})
    lat, lon = exif_gps_position(data)  # type: ignore[misc]
    assert lat == pytest.approx(-33.87) and lon == pytest.approx(151.2)
    west = exif_gps_position(_jpeg_with_gps({1: "N", 2: (41.0, 52.0, 0.0), 3: "W", 4: (87.0, 37.0, 0.0)}))
    assert west is not None and west[1] < 0


@pytest.mark.parametrize("data", [b"", b"not an image", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*garbage"])
def test_bytes_without_a_readable_position_give_none_never_raise(data: bytes) -> None:
    assert exif_gps_position(data) is None


def test_a_position_written_in_xmp_alone_is_read_too() -> None:
    """Lightroom and many DAMs write the position as XMP exif:GPSLatitude/GPSLongitude: found as personal
    data, it placed the photo in no country (a London photo was judged under the page's EU alone)."""
    import io

    from PIL import Image

    xmp = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
           'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.444N" exif:GPSLongitude="0,7.668W"/>'
           '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode("utf-8")
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + xmp
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, "JPEG")
    data = out.getvalue()[:2] + b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload + out.getvalue()[2:]
    lat, lon = exif_gps_position(data)  # type: ignore[misc]
    assert lat == pytest.approx(51.5074) and lon == pytest.approx(-0.1278)
    assert [bloc for _, bloc in gps_blocs(lat, lon)] == ["UK"]


@pytest.mark.parametrize(("value", "degrees"), [("51,30.444N", 51.5074), ("51,30,26.64N", 51.5074), ("51.5074N", 51.5074),
                                                ("-0.1278", -0.1278), ("0,7.668W", -0.1278), ("51,75N", None),
                                                ("999,99N", None), ("1.5,30N", None), ("garbage", None)])
def test_an_xmp_coordinate_is_read_in_the_forms_exporters_write(value: str, degrees: float | None) -> None:
    from scrapeguard.detect.exif import _xmp_degrees

    got = _xmp_degrees(value)
    assert (got is None) if degrees is None else got == pytest.approx(degrees, abs=1e-4)


def test_an_image_without_gps_or_with_half_a_position_gives_none() -> None:
    assert exif_gps_position(_jpeg_with_gps({})) is None
    assert exif_gps_position(_jpeg_with_gps({1: "N", 2: (41.0, 52.0, 0.0)})) is None


def test_gps_only_adds_never_replaces_the_default_and_records_no_coordinates() -> None:
    result = resolve("example.com", unknown=["EU"], detect=["cctld", "exif-gps"], gps=(41.88, -87.63))
    assert result.applied == ["EU", "US"]
    assert {"signal": "exif-gps", "value": "rectangle US", "added": "US"} in result.evidence
    assert "41.8" not in repr(result.evidence) and "87.6" not in repr(result.evidence)


def test_gps_is_read_only_when_the_policy_asks_for_it() -> None:
    assert resolve("example.com", unknown=["EU"], gps=(41.88, -87.63)).applied == ["EU"]


class TestTheBlocsAConfigurationCanReach:
    """What `resolve` can ever apply: the policy's warnings speak only of those laws."""

    def test_without_detectors_only_the_fixed_and_unknown_sets(self) -> None:
        assert reachable_blocs(establishment=["US"], unknown=["US"], detect=[]) == {"US"}
        assert reachable_blocs(establishment=["DE"], assume=["CH"], unknown=["US"], detect=[],
                               overrides=[["UK"]]) == {"EU", "CH", "US", "UK"}

    def test_each_detector_adds_what_it_can_find(self) -> None:
        assert {"EU", "EEA", "UK", "US", "OTHER"} <= reachable_blocs(unknown=["US"], detect=["cctld"])
        assert "EU" in reachable_blocs(unknown=["US"], detect=["html-lang"])
        assert reachable_blocs(unknown=["US"], detect=["tcf-cmp"]) == {"US", "EU"}
        assert "EU" in reachable_blocs(unknown=["US"], detect=["exif-gps"])

    def test_every_bloc_resolve_finds_is_reachable(self) -> None:
        detect = ["cctld", "html-lang"]
        reachable = reachable_blocs(unknown=["US"], detect=detect)
        for host, lang in [("a.example.de", None), ("b.example.co.uk", None), ("c.example.com", "fr-CA"),
                           ("d.example.com", "pt-BR"), ("e.example.com", "sv")]:
            applied = resolve(host, unknown=["US"], detect=detect, hints=PageHints(html_lang=lang)).applied
            assert set(applied) <= reachable, (host, applied)


@pytest.mark.parametrize("code", ["RE", "GP", "MQ", "GF", "YT", "MF", "AX"])
def test_the_eus_outermost_regions_and_aland_are_eu_by_their_own_codes(code: str) -> None:
    """TFEU Art. 349/355(4): EU territory with its own ISO code, as a region subtag and an
    establishment, as their ccTLDs already were."""
    assert country_bloc(code) == "EU"
    by_lang = resolve("x.example.com", unknown=["US"], detect=["html-lang"], hints=PageHints(html_lang=f"fr-{code}"))
    assert by_lang.applied == ["EU"]
    assert resolve("x.example.com", establishment=[code], unknown=["US"], detect=[]).applied == ["EU", "US"]


def test_an_overseas_country_outside_the_eu_stays_other() -> None:
    assert country_bloc("PF") is None  # French Polynesia: an OCT, not EU territory
    assert resolve("x.example.com", unknown=["US"], detect=["html-lang"],
                   hints=PageHints(html_lang="fr-PF")).applied == ["OTHER"]


def _as_read_from(hints: PageHints, tag: str, own: list[str]) -> list[str]:
    """The blocs `tag` gives under `unknown=["US"]`: `own` as the page's own tag; as an alternate's hreflang alone
    (another page's) its language adds no CH and its region only adds, the `unknown` set (US) staying."""
    if not hints.hreflangs:
        return own
    return list(dict.fromkeys(["US", *(b for b in own if not (b == "CH" and tag.startswith("de-")))]))


@pytest.mark.parametrize("tag", ["en-EU", "en-eu", "de-EZ", "fr-FX", "es-EA", "es-IC"])
def test_a_region_subtag_naming_the_eu_or_a_part_of_it_is_eu(tag: str) -> None:
    """BCP 47 regions that are no country code of the rule set yet lie in the EU (the European
    Union, the euro area, metropolitan France, Ceuta and Melilla, the Canary Islands): `en-EU`
    was read as some unmodelled country and put the page under OTHER law alone."""
    for hints in (PageHints(html_lang=tag), PageHints(hreflangs=[tag]), PageHints(content_language=tag)):
        result = resolve("x.example.com", unknown=["US"], hints=hints)
        assert result.applied == _as_read_from(hints, tag, ["EU"]), (tag, result.evidence)


@pytest.mark.parametrize("code", ["EU", "EZ", "FX", "EA", "IC"])
def test_they_are_still_no_country_to_be_established_in(code: str) -> None:
    assert country_bloc(code) is None
    assert resolve("x.example.com", establishment=[code], unknown=["US"], detect=[]).applied == ["US"]


def test_a_huge_tag_beside_the_position_costs_no_time_to_pass_over() -> None:
    """Pillow's get_ifd decoded every tag of the GPS directory: one of 500,000 rationals cost seconds."""
    import io
    import struct
    import time

    from PIL import Image

    count = 500_000
    entry = lambda tag, kind, n, value: struct.pack(">HHI", tag, kind, n) + value  # noqa: E731
    ifd0 = struct.pack(">H", 1) + entry(0x8825, 4, 1, struct.pack(">I", 26)) + b"\x00" * 4
    gps = (struct.pack(">H", 5) + entry(1, 2, 2, b"N\x00\x00\x00") + entry(2, 5, 3, struct.pack(">I", 92))
           + entry(3, 2, 2, b"E\x00\x00\x00") + entry(4, 5, 3, struct.pack(">I", 116))
           + entry(0x9999, 10, count, struct.pack(">I", 140)) + b"\x00" * 4)
    values = struct.pack(">6I", 48, 1, 51, 1, 30, 1) + struct.pack(">6I", 2, 1, 17, 1, 24, 1)
    exif = b"Exif\x00\x00MM\x00*" + struct.pack(">I", 8) + ifd0 + gps + values + b"\x00\x00\x00\x01" * (2 * count)
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, "WEBP", lossless=True, exif=exif)
    start = time.perf_counter()
    position = exif_gps_position(out.getvalue())
    assert time.perf_counter() - start < 1.0
    assert position == pytest.approx((48.858, 2.29), abs=1e-3)


@pytest.mark.parametrize(("tag", "expected"), [
    ("de-u-co-phonebk", ["US", "EU", "CH"]),   # German, phone-book collation: `co` is no region (Colombia)
    ("de-u-ca-gregory", ["US", "EU", "CH"]),   # German, Gregorian calendar: `ca` is no region (Canada)
    ("gsw-u-sd-chzh", ["US", "CH"]),          # Swiss German, subdivision extension: `sd` is no region (Sudan)
    ("en-x-de", ["US"]),                 # private use: says nothing
    ("en-t-de", ["US"]),                 # English translated from German: `de` is no region
    ("zh-yue-HK", ["OTHER"]),            # an extended language subtag before the region
    ("sr-Latn-RS", ["OTHER"]),           # a script before the region
    ("de-AT-u-co-phonebk", ["EU"]),      # the region itself, then an extension
])
def test_only_the_region_subtag_of_a_language_tag_places_a_page(tag: str, expected: list[str]) -> None:
    """RFC 5646 §2.1: a region follows the language (and its extended language and script
    subtags) and comes before any singleton; what an extension (`-u-`, `-t-`) or private use
    (`-x-`) holds is no region. Every two-letter subtag was read as one: `de-u-co-phonebk`
    placed a German page in Colombia, so it was judged under OTHER law alone, the EU default gone."""
    result = resolve("x.example.com", unknown=["US"], detect=["html-lang"], hints=PageHints(html_lang=tag))
    assert result.applied == expected, result.evidence


@pytest.mark.parametrize("tag", ["no", "nb", "nn", "NO"])
def test_norwegian_by_its_macrolanguage_code_adds_the_eea_as_bokmal_and_nynorsk_do(tag: str) -> None:
    """`no` is the ISO 639-1 code of Norwegian (nb and nn are its two written standards), the one
    most Norwegian sites write: it added nothing, so a Norwegian page on a .com was not under EEA law."""
    result = resolve("x.example.com", unknown=["US"], hints=PageHints(html_lang=tag))
    assert result.applied == ["US", "EEA"], result.evidence


@pytest.mark.parametrize(("tag", "expected"), [
    ("de-XX", ["US", "EU", "CH"]),   # private use (RFC 5646 §2.2.4: AA, QM-QZ, XA-XZ, ZZ): the language alone speaks
    ("de-ZZ", ["US", "EU", "CH"]),   # ZZ: "unknown region" (CLDR)
    ("en-AA", ["US"]),
    ("pl-QM", ["US", "EU"]),
    ("el-EL", ["EU"]),         # EL: the EU's own code for Greece, written for GR on many Greek sites
])
def test_a_region_subtag_naming_no_country_does_not_place_the_page_outside_every_modelled_bloc(
        tag: str, expected: list[str]) -> None:
    """A private-use or unknown region (`de-XX`, `de-ZZ`) and `el-EL` were read as some unmodelled country:
    the page was judged under OTHER law alone, the `unknown` set and the EU of its German, Polish or Greek
    gone. They name no country: the language speaks as it does without a region; `EL` is Greece."""
    for hints in (PageHints(html_lang=tag), PageHints(hreflangs=[tag]), PageHints(content_language=tag)):
        result = resolve("x.example.com", unknown=["US"], hints=hints)
        assert result.applied == _as_read_from(hints, tag, expected), (tag, result.evidence)


def test_kosovo_is_a_country_not_a_private_use_region() -> None:
    """XK is CLDR's code for Kosovo (the policy reads it so); taken for private use, `sq-XK` left the page
    under the unknown set alone."""
    assert resolve("example.com", hints=PageHints(html_lang="sq-XK")).applied == ["OTHER"]


@pytest.mark.parametrize(("tag", "expected"), [
    ("es-419", ["EU", "OTHER"]),                      # Latin America and the Caribbean (French Guiana, Guadeloupe …)
    ("zh-030", ["OTHER"]),                            # Eastern Asia
    ("en-021", ["US", "CA", "OTHER"]),                # Northern America (Bermuda, Greenland too)
    ("en-150", ["EU", "EEA", "UK", "CH", "OTHER"]),   # Europe
    ("ar-145", ["EU", "OTHER"]),                      # Western Asia: Cyprus among its countries
    ("en-053", ["AU", "OTHER"]),                      # Australia and New Zealand
    ("en-001", ["US"]),                               # the world: no place, the language alone speaks
    ("de-001", ["US", "EU", "CH"]),
    ("es-999", ["US"]),                               # no area of UN M.49: no region
])
def test_a_un_m49_area_as_region_subtag_adds_the_blocs_of_the_places_it_holds(tag: str, expected: list[str]) -> None:
    """RFC 5646 §2.2.4: a region subtag is two letters or three digits, an area of UN M.49 (`es-419`, the
    Spanish of Latin America, in the hreflang of most sites that localise for it). Only letters were read,
    so such a page was placed nowhere: the `unknown` set alone applied, and a purpose assessed for the EU
    alone collected Latin American portraits that `es-MX` blocks (`jurisdiction.unassessed`). An area adds
    the bloc of every modelled place in it and OTHER for the rest, strictest when unsure, as a position
    in several rectangles does (`gps_blocs`)."""
    for hints in (PageHints(html_lang=tag), PageHints(hreflangs=[tag]), PageHints(content_language=tag)):
        result = resolve("x.example.com", unknown=["US"], hints=hints)
        assert result.applied == _as_read_from(hints, tag, expected), (tag, result.evidence)


@pytest.mark.parametrize(("values", "expected"), [
    (['<https://a.example/>; rel="alternate"; hreflang="en-GB"'], ["en-GB"]),
    (['<https://a.example/>; rel="alternate"; hreflang=en-GB; rel=preload'], ["en-GB"]),  # the first rel counts
    (['<https://a.example/>; rel=alternate; hreflang=de; hreflang=en-GB'], ["de", "en-GB"]),
    (['<https://a.example/>; title="say \\"hi\\", ok"; rel=alternate; hreflang=en-GB'], ["en-GB"]),
    (['<https://a.example/>; rel=preload; title="a\\"; rel=alternate; hreflang=fr"'], []),  # all inside the title
    (['<https://a.example/>; rel="preload"; hreflang="en-GB"'], []),
    ([", ".join(['<https://a.example/>; rel=alternate; hreflang=x-default'] * 300
                + ['<https://b.example/>; rel=alternate; hreflang=en-GB'])], ["x-default", "en-GB"]),
])
def test_hreflang_is_read_from_link_fields_as_rfc_8288_writes_them(values: list[str], expected: list[str]) -> None:
    from scrapeguard.jurisdiction import link_hreflangs

    assert link_hreflangs(values) == expected


def test_a_link_field_of_angle_brackets_is_read_in_linear_time() -> None:
    """`<[^>]*>` scanned to the field's end from every `<`: 64 fields of 16 KiB of `<` took 6 s."""
    import time

    from scrapeguard.jurisdiction import link_hreflangs
    from scrapeguard.signals.embedded.c2pa import remote_manifests

    started = time.perf_counter()
    assert link_hreflangs(["<" * 16384] * 64) == [] and remote_manifests(["<" * 16384] * 64) == []
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(("host", "lang", "blocs"), [
    ("x.example.com", "de", ["US", "EU", "CH"]), ("x.example.com", "it", ["US", "EU", "CH"]),
    ("x.example.com", "gsw", ["US", "CH"]), ("x.example.com", "rm", ["US", "CH"]),
    ("x.example.com", "pl", ["US", "EU"]), ("x.example.com", "fr", ["US"]),
    ("x.example.com", "de-AT", ["EU"]), ("x.example.de", "de", ["EU"]), ("x.example.it", "it", ["EU"])])
def test_german_and_italian_on_a_page_nothing_places_add_switzerland_too(
        host: str, lang: str, blocs: list[str]) -> None:
    """(Policy review) legal-policy-model §2.2: a language without a region is a weak signal, and de and it
    also add CH; they added the EU only, so a Swiss page on `.com` was never judged under the revFADP. Where
    a strong signal places the page (`.de`, `de-AT`) they say no more than that."""
    from scrapeguard.jurisdiction import PageHints, resolve

    assert resolve(host, unknown=["US"], hints=PageHints(html_lang=lang)).applied == blocs
    if lang == "de" and host.endswith(".com"):  # an alternate's region places another page, not this one (review)
        with_alternate = resolve(host, unknown=["US"], hints=PageHints(html_lang=lang, hreflangs=["en-US"]))
        assert with_alternate.applied == ["US", "EU", "CH"]
        # but the page's own language in an alternate is its self-reference, and another's language is another page's
        itself = resolve(host, unknown=["US"], hints=PageHints(html_lang=lang, hreflangs=["de-DE", "x-default"]))
        assert itself.applied == ["EU"]
        english = resolve(host, unknown=["US"], hints=PageHints(html_lang="en", hreflangs=["en-GB", "de"]))
        assert english.applied == ["UK", "EU"]


# ------------------------------------------------------------------ repeated tags before the cap
@pytest.mark.parametrize(("filler", "read", "applied"), [
    ("en-US, " * MAX_TAGS, ["en-US", "de-DE"], ["US", "EU"]),
    ("en-US, EN-us, " * 100, ["en-US", "de-DE"], ["US", "EU"]),
    (", " * 200, ["de-DE"], ["EU"]), (" , " * MAX_TAGS, ["de-DE"], ["EU"])])
def test_repeated_or_blank_content_language_entries_cannot_hide_a_later_region(
        filler: str, read: list[str], applied: list[str]) -> None:
    """64 copies of `en-US` (or 64 blank entries) before `de-DE` hid it: the page was judged under US law alone
    (the `unknown` set, with nothing read, or en-US's)."""
    result = resolve("example.com", hints=PageHints(content_language=filler + "de-DE"), unknown=["US"])
    assert result.applied == applied
    assert [e["value"] for e in result.evidence if e["signal"] == "content-language"] == read


def test_at_most_the_cap_of_distinct_content_languages_is_read() -> None:
    tags = ", ".join(f"x{i}-US" for i in range(MAX_TAGS + 50))
    result = resolve("example.com", hints=PageHints(content_language=tags), unknown=["OTHER"])
    assert sum(1 for e in result.evidence if e["signal"] == "content-language") == MAX_TAGS


def test_link_fields_count_each_hreflang_once_whatever_its_case() -> None:
    """Its 256 spellings of `en-us-x-abcd` before `de-AT` hid it."""
    from itertools import product

    from scrapeguard.jurisdiction import MAX_LINK_HREFLANGS, link_hreflangs
    spellings = ["".join(c) for c in product(*((ch.lower(), ch.upper()) for ch in "enusxabcd"))]
    field = ", ".join(f'<https://a.example/>; rel=alternate; hreflang="{t[:2]}-{t[2:4]}-{t[4]}-{t[5:]}"'
                      for t in spellings[:MAX_LINK_HREFLANGS])
    assert link_hreflangs([field + ', <https://b.example/>; rel=alternate; hreflang="de-AT"']) == ["en-us-x-abcd",
                                                                                                  "de-AT"]
