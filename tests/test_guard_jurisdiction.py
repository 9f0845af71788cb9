"""The guard and the law that applies: a page's jurisdictions follow its images to another
host; Unicode and punycode hosts meet the same override; what the policy chose not to
check or obey is written on the decision; a failure names the purpose that was asked for."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from scrapeguard import Guard, load_policy
from guardkit import write_two_purpose_policy
from sitekit import html, text

UA = "TestBot/1.0 (+https://example.org/bot)"
ASSETS = Path(__file__).resolve().parents[1] / "scrapeguard" / "demo" / "assets"
PORTRAIT = (ASSETS / "portrait.jpg").read_bytes()
COFFEE = (ASSETS / "coffee.jpg").read_bytes()
JPEG = {"content-type": "image/jpeg"}
HTML = {"content-type": "text/html; charset=utf-8"}


def guard(policy: str | Path = "gdpr-strict") -> Guard:
    return Guard(load_policy(policy), user_agent=UA, audit=False)


def child(tmp_path: Path, body: str, parent: str = "gdpr-strict", name: str = "child") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'extends = "{parent}"\nschema_version = 1\nid = "{name}"\nversion = "1.0.0"\n' + body)
    return path


def page_with(src: str, *, lang: str = "", caption: bool = True) -> bytes:
    attrs = f' lang="{lang}"' if lang else ""
    figure = (f'<figure><img src="{src}" alt="Portrait of Jane Doe, our CEO"><figcaption>Jane Doe, CEO</figcaption></figure>'
              if caption else f'<img src="{src}">')
    return f"<html{attrs}><body><h1>Our team</h1>{figure}</body></html>".encode()


# ------------------------------------------------------------------ page -> image
class TestAPagesJurisdictionsFollowItsImages:
    def test_a_uk_pages_photo_on_a_com_cdn_is_judged_under_uk_law_at_every_stage(self) -> None:
        g = guard()
        img = "https://cdn.example.com/img/jane-doe.jpg"
        page = g.check_response("https://www.example.co.uk/team.html", 200, HTML, page_with(img))
        assert page.jurisdictions == ["EU", "UK"]
        [on_page] = page.images
        assert on_page.action == "block" and "basis.missing.uk_representative" in [f.code for f in on_page.findings]
        request = g.decide_request(img)
        assert "UK" in request.jurisdictions and request.action == "block"
        assert "basis.missing.uk_representative" in request.codes
        response = g.check_response(img, 200, JPEG, PORTRAIT)
        assert "UK" in response.jurisdictions and response.action == "block"
        assert "basis.missing.uk_representative" in response.codes

    def test_the_carried_jurisdiction_is_recorded_with_the_page_signal_that_gave_it(self) -> None:
        g = guard()
        img = "https://cdn.example.com/i/8731.jpg"
        g.check_response("https://www.example.co.uk/news.html", 200, HTML, page_with(img, caption=False))
        d = g.check_response(img, 200, JPEG, PORTRAIT)
        assert {"signal": "page", "value": "cctld:uk", "added": "UK"} in d.jurisdiction_evidence
        assert d.page_url == "https://www.example.co.uk/news.html"
        assert d.to_dict()["jurisdiction_evidence"] == d.jurisdiction_evidence  # what the audit log keeps

    def test_a_face_found_only_in_the_bytes_is_judged_with_the_pages_html_lang(self) -> None:
        """No personal caption: only the response stage sees the face; it must still see the page's UK."""
        g = guard()
        img = "https://cdn.example.com/i/8731.jpg"
        g.check_response("https://www.example.com/news.html", 200, HTML, page_with(img, lang="en-GB", caption=False))
        d = g.check_response(img, 200, JPEG, PORTRAIT)
        assert d.jurisdictions == ["EU", "UK"]
        assert d.action == "block" and "basis.missing.uk_representative" in d.codes

    def test_end_to_end_over_http_the_image_keeps_the_pages_jurisdiction(self, site_factory) -> None:
        cdn = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"),
                            "/img/8731.jpg": (200, {"Content-Type": "image/jpeg"}, PORTRAIT)})
        pages = site_factory({"/robots.txt": text("User-agent: *\nAllow: /\n"),
                              "/news.html": html(page_with(cdn.url("/img/8731.jpg"), lang="en-GB",
                                                           caption=False).decode())})
        g = guard()
        try:
            page = g.check_url(pages.url("/news.html"))
            assert page.jurisdictions == ["EU", "UK"]
            image = g.check_url(cdn.url("/img/8731.jpg"))
            assert image.jurisdictions == ["EU", "UK"] and image.action == "block"
            assert "basis.missing.uk_representative" in image.codes
        finally:
            g.close()

    def test_an_image_without_a_page_keeps_its_own_hosts_jurisdiction(self) -> None:
        g = guard()
        d = g.check_response("https://cdn.example.com/i/1.jpg", 200, JPEG, PORTRAIT)
        assert d.jurisdictions == ["EU"] and d.action == "redact"
        assert not any(e["signal"] == "page" for e in d.jurisdiction_evidence)

    def test_two_pages_showing_one_image_give_it_both_pages_law(self) -> None:
        g = guard()
        img = "https://cdn.example.com/shared.jpg"
        g.check_response("https://www.example.co.uk/a.html", 200, HTML, page_with(img, caption=False))
        g.check_response("https://www.example.ch/b.html", 200, HTML, page_with(img, caption=False))
        d = g.decide_request(img)
        assert {"UK", "CH"} <= set(d.jurisdictions)

    def test_the_image_hosts_own_override_cannot_drop_the_pages_law(self, tmp_path: Path) -> None:
        policy = child(tmp_path, '[[override]]\ndomain = "example.com"\nreason = "CDN contract: US only"\n'
                                 'evidence = "DPA-1"\nexpires = 2099-01-01\njurisdictions = ["US"]\n')
        g = guard(policy)
        img = "https://cdn.example.com/p.jpg"
        g.check_response("https://www.example.co.uk/t.html", 200, HTML, page_with(img))
        d = g.decide_request(img)
        assert "UK" in d.jurisdictions and "US" in d.jurisdictions
        assert "EU" in d.jurisdictions  # the controller's establishment (FR) always applies

    def test_a_pages_override_for_one_purpose_is_its_images_law_for_that_purpose_only(self, tmp_path: Path) -> None:
        """(A review: an override putting a UK site under US law for one purpose, the page judged
        for that purpose, put its photo under US law for every other purpose too, unassessed UK
        law and all; judged for another first, the photo stayed under UK law for that one as well.)"""
        path = write_two_purpose_policy(tmp_path, default="redact", second="log")
        path.write_text(path.read_text() + '\n[[override]]\ndomain = "example.co.uk"\npurposes = ["ai-training"]\n'
                        'reason = "a US company\'s site"\nevidence = "MEMO-7"\nexpires = 2099-01-01\njurisdictions = ["US"]\n')
        img = "https://cdn.example.com/u/jane-doe.jpg"
        for page_purpose in ("ai-training", "web-text-corpus"):
            g = guard(path)
            g.check_response("https://www.example.co.uk/team.html", 200, HTML, page_with(img), purpose=page_purpose)
            other = g.decide_request(img, purpose="web-text-corpus")
            assert "UK" in other.jurisdictions and "US" not in other.jurisdictions, page_purpose
            assert {"signal": "page", "value": "cctld:uk", "added": "UK"} in other.jurisdiction_evidence
            named = g.decide_request(img, purpose="ai-training")
            assert "US" in named.jurisdictions and "UK" not in named.jurisdictions, page_purpose
            assert {"signal": "page", "value": "override:example.co.uk", "added": "US"} in named.jurisdiction_evidence

    def test_a_pages_override_for_every_purpose_replaces_what_its_signals_said_for_its_images(self, tmp_path: Path) -> None:
        policy = child(tmp_path, '[[override]]\ndomain = "example.co.uk"\nreason = "a US company\'s site"\n'
                                 'evidence = "MEMO-7"\nexpires = 2099-01-01\njurisdictions = ["US"]\n')
        g = guard(policy)
        img = "https://cdn.example.com/u/jane-doe.jpg"
        page = g.check_response("https://www.example.co.uk/team.html", 200, HTML, page_with(img))
        assert "UK" not in page.jurisdictions
        d = g.decide_request(img)
        assert "US" in d.jurisdictions and "UK" not in d.jurisdictions

    def test_a_basis_gap_under_several_laws_names_each_of_them(self, tmp_path: Path) -> None:
        """(A review: the controller's missing Art. 30 record on a UK page, whose laws are UK and EU,
        was recorded under UK law only.)"""
        path = tmp_path / "no-ropa.toml"
        path.write_text('schema_version = 1\nid = "no-ropa"\nversion = "1.0.0"\n[controller]\nname = "Acme Inc"\n'
                        'contact = "privacy@acme.test"\nestablishment = ["US"]\nnotice_url = "https://acme.test/bot"\n'
                        '[[purpose]]\nid = "corpus"\nusage = "train-ai"\nretention_days = 30\n'
                        'jurisdictions = ["EU", "EEA", "UK", "US", "OTHER"]\n'
                        '[purpose.basis]\nart6 = "eu-gdpr:A6-1-f"\nart6_evidence = "LIA-1"\n')
        g = guard(path)
        page = g.check_response("https://www.example.co.uk/team.html", 200, HTML, page_with("/jane-doe.jpg", lang="de-DE"))
        assert {"EU", "UK"} <= set(page.jurisdictions)
        [gap] = [f for f in page.images[0].findings if f.code == "basis.missing.ropa_ref"]
        under = gap.evidence["jurisdictions"]
        assert sorted(under) == ["EU", "UK"] and gap.evidence["jurisdiction"] == under[0]
        assert gap.detail == f"{under[0]}, {under[1]}: an Art. 30 record (controller.ropa_ref)"
        [rep] = [f for f in page.images[0].findings if f.code == "basis.missing.uk_representative"]
        assert rep.evidence["jurisdictions"] == ["UK"]

    def test_a_redirect_keeps_the_pages_jurisdiction(self) -> None:
        g = guard()
        img = "https://cdn.example.com/old.jpg"
        g.check_response("https://www.example.co.uk/t.html", 200, HTML, page_with(img, caption=False))
        g.check_response(img, 301, {"location": "https://cdn2.example.net/new.jpg"}, b"")
        d = g.check_response("https://cdn2.example.net/new.jpg", 200, JPEG, PORTRAIT)
        assert "UK" in d.jurisdictions and "basis.missing.uk_representative" in d.codes

    def test_many_hreflang_alternates_do_not_hide_the_pages_own_language(self) -> None:
        links = "".join(f'<link rel="alternate" hreflang="{a}{b}" href="/{a}{b}/">' for a in "abcdefghij" for b in "abcdefg")
        body = page_with("/img/jane-doe.jpg", lang="en-GB").replace(b"<body>", f"<head>{links}</head><body>".encode())
        d = guard().check_response("http://www.example.com/team.html", 200, HTML, body)
        assert "UK" in d.jurisdictions
        assert "basis.missing.uk_representative" in [f.code for f in d.images[0].findings]


    @pytest.mark.parametrize("link", ['<https://www.example.com/en-gb/>; rel="alternate"; hreflang="en-GB"',
                                      '<https://www.example.com/fr/>; rel=alternate; hreflang=fr, '
                                      '<https://www.example.com/uk/>; rel="alternate"; hreflang="en-GB"'])
    def test_an_hreflang_sent_in_a_link_header_counts_as_one_in_the_page(self, link: str) -> None:
        """RFC 8288 `Link: <…>; rel="alternate"; hreflang="en-GB"` (as Google reads hreflang): it was not
        read, and the page's portrait was judged under EU law alone (redacted) where the same alternate as a
        `<link>` element blocks it (no UK representative)."""
        body = page_with("/img/jane-doe.jpg")
        d = guard().check_response("http://www.example.com/team.html", 200, {**HTML, "link": link}, body)
        assert "UK" in d.jurisdictions
        assert "basis.missing.uk_representative" in [f.code for f in d.images[0].findings]
        plain = guard().check_response("http://www.example.com/team.html", 200, HTML, body)
        assert "UK" not in plain.jurisdictions


# ------------------------------------------------------------------ alternates
class TestAnAlternateInAnotherLanguageKeepsTheUnknownSet:
    """research §2.1: no signal removes the default set. A region in an alternate's hreflang (another page's)
    dropped the `unknown` set (EU): a US controller with no Art. 27 representative logged and kept a portrait
    that the same page without the link blocks."""

    @pytest.fixture
    def us_search(self, tmp_path: Path) -> Guard:
        path = tmp_path / "us-search.toml"
        path.write_text('schema_version = 1\nid = "us-search"\nversion = "1.0.0"\n[controller]\nname = "Acme Inc"\n'
                        'contact = "privacy@acme.test"\nestablishment = ["US"]\nnotice_url = "https://acme.test/bot"\n'
                        'ropa_ref = "ROPA-1"\n[[purpose]]\nid = "web-search"\nusage = "search"\nretention_days = 90\n'
                        'jurisdictions = ["EU", "EEA", "UK", "CH", "US", "CA", "AU", "OTHER"]\n'
                        '[purpose.basis]\nart6 = "eu-gdpr:A6-1-f"\nart6_evidence = "LIA-1"\n'
                        '[purpose.on]\npersonal_image = "log"\n')
        return guard(path)

    def test_a_pages_alternate_leaves_the_page_and_its_photo_under_eu_law(self, us_search: Guard) -> None:
        alternate = b'<head><link rel="alternate" hreflang="fr-CA" href="/fr-ca/team.html"></head><body>'
        body = page_with("/jane.jpg", lang="en").replace(b"<body>", alternate)
        page = us_search.check_response("https://shop.example.com/team.html", 200, HTML, body)
        assert {"EU", "CA"} <= set(page.jurisdictions)
        assert page.images[0].action == "block"
        image = us_search.check_response("https://shop.example.com/jane.jpg", 200, JPEG, PORTRAIT)
        assert "EU" in image.jurisdictions
        assert image.action == "block" and "basis.missing.eu_representative" in image.codes

    def test_an_images_link_alternate_leaves_it_under_eu_law(self, us_search: Guard) -> None:
        link = '<https://shop.example.com/fr-ca/jane.jpg>; rel="alternate"; hreflang="fr-CA"'
        d = us_search.check_response("https://shop.example.com/jane.jpg", 200, {**JPEG, "link": link}, PORTRAIT)
        assert {"EU", "CA"} <= set(d.jurisdictions)
        assert d.action == "block" and "basis.missing.eu_representative" in d.codes

class TestUnicodeAndPunycodeHostsAreOneHost:
    @pytest.fixture
    def shop_policy(self, tmp_path: Path) -> Path:
        return child(tmp_path, '[[override]]\ndomain = "xn--bcher-kva.de"\nreason = "complaints: never keep photos"\n'
                               'on = { personal_image = "block" }\n', parent="search-index")

    @pytest.mark.parametrize("url", ["http://xn--bcher-kva.de/p.jpg", "http://bücher.de/p.jpg",
                                     "http://BÜCHER.de/p.jpg", "http://www.bücher.de./p.jpg"])
    def test_a_punycode_override_applies_to_every_spelling_of_the_host(self, shop_policy: Path, url: str) -> None:
        d = guard(shop_policy).check_response(url, 200, JPEG, PORTRAIT)
        assert d.action == "block"
        assert any(f.rule == "override[xn--bcher-kva.de].on.personal_image" for f in d.findings)

    def test_an_image_on_a_page_written_with_the_unicode_host_meets_the_override(self, shop_policy: Path) -> None:
        d = guard(shop_policy).check_response("http://shop.example.org/team.html", 200, HTML,
                                              page_with("http://bücher.de/team/jane-doe.jpg"))
        [img] = d.images
        assert img.action == "block"

    def test_a_unicode_override_domain_is_kept_in_punycode_and_matches_both(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, '[[override]]\ndomain = "Bücher.de"\nreason = "r"\n'
                                             'on = { personal_image = "block" }\n', parent="search-index"))
        assert policy.override[-1].domain == "xn--bcher-kva.de"
        g = Guard(policy, user_agent=UA, audit=False)
        for url in ("http://bücher.de/p.jpg", "http://xn--bcher-kva.de/p.jpg"):
            assert g.check_response(url, 200, JPEG, PORTRAIT).action == "block"


class TestAnIpAddressOverrideApplies:
    @pytest.mark.parametrize(("written", "url"), [
        ("127.0.0.1", "http://127.0.0.1:8000/p.jpg"), ("10.0.0.5", "http://10.0.0.5/p.jpg"),
        ("192.168.1.10", "http://192.168.1.10/p.jpg"), ("2001:DB8:0::1", "http://[2001:db8::1]:8080/p.jpg"),
        ("[::1]", "http://[0:0::1]/p.jpg")])
    def test_whatever_the_last_octet_and_however_the_address_is_written(self, tmp_path: Path, written: str,
                                                                         url: str) -> None:
        policy = load_policy(child(tmp_path, f'[[override]]\ndomain = "{written}"\nreason = "intranet archive"\n'
                                             'on = { personal_image = "block" }\n', parent="search-index"))
        domain = policy.override[-1].domain
        d = Guard(policy, user_agent=UA, audit=False).check_response(url, 200, JPEG, PORTRAIT)
        assert d.action == "block"
        assert any(f.rule == f"override[{domain}].on.personal_image" for f in d.findings)

    @pytest.mark.parametrize("url", [
        "http://3221225994:8000/p.jpg", "http://0xc000020a/p.jpg", "http://0300.0.2.012/p.jpg",
        "http://192.0.522/p.jpg", "http://[::ffff:192.0.2.10]/p.jpg", "http://[::ffff:c000:20a]:8080/p.jpg"])
    def test_an_address_override_holds_for_every_spelling_a_client_connects_to(self, tmp_path: Path,
                                                                             url: str) -> None:
        """httpx and Scrapy connect these URLs to 192.0.2.10 (the resolver reads them as the
        browser does): the override for that address applies, whichever spelling the crawl met."""
        g = guard(child(tmp_path, '[[override]]\ndomain = "192.0.2.10"\nreason = "intranet archive"\n'
                                  'on = { personal_image = "block" }\n', parent="search-index"))
        d = g.check_response(url, 200, JPEG, PORTRAIT)
        assert d.action == "block"
        assert any(f.rule == "override[192.0.2.10].on.personal_image" for f in d.findings)

    def test_an_override_written_in_another_ipv4_spelling_is_kept_dotted(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, '[[override]]\ndomain = "0xc000020a"\nreason = "r"\n'
                                             'on = { personal_image = "block" }\n', parent="search-index"))
        assert policy.override[-1].domain == "192.0.2.10"
        d = Guard(policy, user_agent=UA, audit=False).check_response("http://192.0.2.10/p.jpg", 200, JPEG, PORTRAIT)
        assert d.action == "block"

    def test_another_address_is_not_overridden(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[[override]]\ndomain = "10.0.0.5"\nreason = "intranet archive"\n'
                                  'on = { personal_image = "block" }\n', parent="search-index"))
        d = g.check_response("http://10.0.0.50/p.jpg", 200, JPEG, PORTRAIT)
        assert not any(f.rule.startswith("override[") for f in d.findings)



class TestAnOverrideUnderATldTheListDoesNotNameCoversItsSubdomains:
    """The Public Suffix List's default rule `*`: under a TLD it does not name (`.internal`,
    `.example`, a gTLD newer than the bundled list) the last label is the suffix, so an override
    for `staff.internal` holds on `photos.staff.internal` as one for `example.org` does on
    `www.example.org`."""

    @pytest.mark.parametrize("url", ["http://staff.internal/p.jpg", "http://photos.staff.internal/p.jpg",
                                     "http://a.b.staff.internal:8080/p.jpg"])
    def test_a_tightening_override_for_an_intranet_domain_holds_on_every_host_under_it(self, tmp_path: Path,
                                                                                       url: str) -> None:
        g = guard(child(tmp_path, '[[override]]\ndomain = "staff.internal"\nreason = "HR portal: no staff photos"\n'
                                  'on = { personal_image = "block" }\n', parent="search-index"))
        d = g.check_response(url, 200, JPEG, PORTRAIT)
        assert d.action == "block"
        assert any(f.rule == "override[staff.internal].on.personal_image" for f in d.findings)

    def test_the_shipped_research_override_holds_on_the_archives_www_host(self) -> None:
        g = guard("research-9-2-j")
        for host in ("benchmark-archive.example", "www.benchmark-archive.example"):
            d = g.check_response(f"https://{host}/gallery.html", 200, HTML, page_with("/p/jane-doe.jpg"))
            [img] = d.images
            assert img.action == "allow", host
            assert {f.rule for f in img.findings} >= {"override[benchmark-archive.example].on.personal_image"}

    def test_another_domain_under_the_same_tld_is_not_overridden(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[[override]]\ndomain = "staff.internal"\nreason = "HR portal"\n'
                                  'on = { personal_image = "block" }\n', parent="search-index"))
        d = g.check_response("http://mystaff.internal/p.jpg", 200, JPEG, PORTRAIT)
        assert not any(f.rule.startswith("override[") for f in d.findings)


# ------------------------------------------------------------------ whose word, under whose rules
class TestAPagesWordAboutItsImagesIsJudgedUnderItsOwnDomainsRulesToo:
    """(A review: an override ignoring X-Robots-Tag for an image CDN, whose own files carry a
    blanket `noai` the operator licensed, switched off another site's `noimageai` for its pictures
    served from there: at the page, with no finding and no note, and at the picture's request.)"""

    CDN = ('[[override]]\ndomain = "imgcdn.example"\nreason = "the CDN\'s blanket noai; its stock library is licensed"\n'
           'evidence = "CDN-LICENCE-4"\nexpires = 2099-01-01\nsignals = { x_robots_tag = "ignore" }\n')
    PAGE = (b'<html><head><meta name="robots" content="noimageai"></head><body><p>story</p>'
            b'<img src="https://imgcdn.example/news/harbour.jpg" alt="the harbour at dawn"></body></html>')

    def test_a_cdns_relaxed_rule_does_not_relax_another_sites_opt_out_for_its_pictures_there(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, self.CDN))
        page = g.check_response("https://news.example.org/story.html", 200, HTML, self.PAGE)
        [img] = page.images
        assert img.action == "block" and "xrobots.noimageai" in [f.code for f in img.findings]
        request = g.decide_request("https://imgcdn.example/news/harbour.jpg")
        assert request.action == "block" and request.has("xrobots.noimageai")

    def test_the_cdns_own_word_stays_relaxed(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, self.CDN))
        d = g.check_response("https://imgcdn.example/news/harbour.jpg", 200, {**JPEG, "x-robots-tag": "noai"}, COFFEE)
        assert not d.has("xrobots.noai") and [n for n in d.notes if n.code == "signal.ignored"]

    def test_the_pages_word_said_again_by_the_picture_itself_still_binds(self, tmp_path: Path) -> None:
        """The picture's own `X-Robots-Tag: noai` and the page's, worded and placed alike, were one
        opt-out: the CDN's relaxed rule took it, and adding the opt-out let the picture pass."""
        g = guard(child(tmp_path, self.CDN.replace('"ignore"', '"log"')))
        g.check_response("https://news.example.org/story.html", 200, {**HTML, "x-robots-tag": "noai"},
                         self.PAGE.replace(b"noimageai", b"all"))
        d = g.check_response("https://imgcdn.example/news/harbour.jpg", 200, {**JPEG, "x-robots-tag": "noai"}, COFFEE)
        assert d.action == "block" and not d.allowed, [(f.code, f.action, f.rule) for f in d.findings]

    @pytest.mark.parametrize("relaxed", ['on = { opt_out = "log" }', 'on = { unassessed_jurisdiction = "log" }'])
    def test_a_cdns_relaxed_action_does_not_relax_what_another_sites_page_says_or_brings(
            self, tmp_path: Path, relaxed: str) -> None:
        """`on.opt_out` for the CDN let the page's `noimageai` pass, and `on.unassessed_jurisdiction` the
        law the page's country brought, where `signals.x_robots_tag` and `jurisdictions` could not."""
        policy = child(tmp_path, '[[override]]\ndomain = "imgcdn.example"\nreason = "our CDN, its own files"\n'
                                 f'evidence = "CDN-LICENCE-4"\nexpires = 2099-01-01\n{relaxed}\n'
                                 + ('[[purpose]]\nid = "web-text-corpus"\njurisdictions = ["EU", "EEA"]\n'
                                    if "unassessed" in relaxed else ""))
        g = guard(policy)
        page, host = ((self.PAGE, "https://news.example.org/story.html") if "opt_out" in relaxed
                      else (self.PAGE.replace(b"noimageai", b"all"), "https://news.example.co.uk/story.html"))
        g.check_response(host, 200, HTML, page)
        d = g.check_response("https://imgcdn.example/news/harbour.jpg", 200, JPEG, COFFEE)
        assert d.action == "block" and "(the domain of the page it comes from" in d.findings[0].rule, d.findings

    def test_an_opt_out_both_domains_ignore_is_noted_on_the_pictures_decision_in_the_page(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[signals]\nx_robots_tag = "ignore"\n'))
        page = g.check_response("https://news.example.org/story.html", 200, HTML, self.PAGE)
        [img] = page.images
        assert img.action == "allow" and [n for n in img.notes if n.code == "signal.ignored"]


# ------------------------------------------------------------------ what the policy chose
class TestWhatThePolicyChoseNotToDoIsOnTheDecision:
    def test_an_ignored_opt_out_is_noted_as_present_and_not_obeyed(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[signals]\nx_robots_tag = "ignore"\n'))
        d = g.check_response("http://www.example.org/a.html", 200, {**HTML, "x-robots-tag": "noai"},
                             b"<html><body><p>text</p></body></html>")
        assert d.action == "allow" and "xrobots.noai" not in d.codes
        [note] = [n for n in d.notes if n.code == "signal.ignored"]
        assert "xrobots.noai" in note.detail and "signals.x_robots_tag = ignore" in note.detail
        assert "X-Robots-Tag" in note.source

    def test_an_ignored_opt_out_for_the_pages_images_is_noted_on_the_page(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[signals]\nx_robots_tag = "ignore"\n'))
        d = g.check_response("http://www.example.org/a.html", 200, HTML,
                             b'<html><head><meta name="robots" content="noimageai"></head><body>'
                             b'<img src="/p.jpg"></body></html>')
        assert [i.action for i in d.images] == ["allow"]
        notes = [n for n in d.notes if n.code == "signal.ignored"]
        assert len(notes) == 1 and "noimageai" in notes[0].detail and "page's images" in notes[0].detail
        assert not any(n.code == "signal.ignored" for n in guard().check_response(
            "http://www.example.org/a.html", 200, HTML,
            b'<html><head><meta name="robots" content="noimageai"></head><body><img src="/p.jpg"></body></html>').notes)

    def test_an_ignored_robots_txt_is_still_read_and_its_disallow_noted(self, tmp_path: Path, site_factory) -> None:
        site = site_factory({"/robots.txt": text("User-agent: *\nDisallow: /private/\n"),
                             "/private/a.html": html("<p>x</p>")})
        g = guard(child(tmp_path, '[signals]\nrobots_txt = "ignore"\n'))
        try:
            d = g.check_request(site.url("/private/a.html"))
        finally:
            g.close()
        assert d.allowed and "/robots.txt" in site.hits
        [note] = [n for n in d.notes if n.code == "signal.ignored"]
        assert "robots.disallow" in note.detail and "signals.robots_txt = ignore" in note.detail

    def test_an_override_that_ignores_a_family_is_named_in_the_note(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[[override]]\ndomain = "example.org"\nreason = "licence"\nevidence = "L-1"\n'
                                  'expires = 2099-01-01\nsignals = { x_robots_tag = "ignore" }\n'))
        d = g.check_response("http://www.example.org/a.html", 200, {**HTML, "x-robots-tag": "noai"}, b"<p>x</p>")
        [note] = [n for n in d.notes if n.code == "signal.ignored"]
        assert "override[example.org].signals.x_robots_tag = ignore" in note.detail
        other = g.check_response("http://www.example.net/a.html", 200, {**HTML, "x-robots-tag": "noai"}, b"<p>x</p>")
        assert other.action == "block" and "xrobots.noai" in other.codes  # obeyed everywhere else

    def test_an_ignored_host_file_that_fails_to_parse_is_noted_not_a_guard_failure(self, tmp_path: Path) -> None:
        from guardkit import BrokenReader

        from scrapeguard.resource import FetchResult

        policy = load_policy(child(tmp_path, '[signals]\nrobots_txt = "ignore"\n'))
        g = Guard(policy, user_agent=UA, audit=False, host_files=[BrokenReader()])  # type: ignore[list-item]
        g.store_host_file("http://www.example.org/robots.txt", FetchResult("http://www.example.org/robots.txt", 200, body=b"x"))
        d = g.decide_request("http://www.example.org/a.html")
        assert d.action == "allow" and not any(f.kind == "error" for f in d.findings)
        assert any(n.code == "hostfile.failed" for n in d.notes)

    def test_an_obeyed_host_file_that_fails_is_still_the_guard_failing(self) -> None:
        from guardkit import BrokenReader

        from scrapeguard.resource import FetchResult

        g = Guard(load_policy("gdpr-strict"), user_agent=UA, audit=False, host_files=[BrokenReader()])  # type: ignore[list-item]
        g.store_host_file("http://www.example.org/robots.txt", FetchResult("http://www.example.org/robots.txt", 200, body=b"x"))
        assert g.decide_request("http://www.example.org/a.html").action == "block"

    def test_an_image_not_checked_for_faces_says_so(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, "[runtime]\nface_detection = false\n"))
        d = g.check_response("http://photos.example.com/p.jpg", 200, JPEG, PORTRAIT)
        [note] = [n for n in d.notes if n.code == "faces.not_checked"]
        assert "runtime.face_detection = false" in note.detail
        assert not any(n.code == "faces.not_checked" for n in guard().check_response(
            "http://photos.example.com/p.jpg", 200, JPEG, PORTRAIT).notes)

    def test_a_page_is_not_said_to_be_unchecked_for_faces(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, "[runtime]\nface_detection = false\n"))
        d = g.check_response("http://www.example.org/a.html", 200, HTML, b"<p>x</p>")
        assert not any(n.code == "faces.not_checked" for n in d.notes)

    def test_loading_such_a_policy_warns(self, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            load_policy(child(tmp_path, '[signals]\nrobots_txt = "ignore"\n[runtime]\nface_detection = false\n'))
        assert "signals.robots_txt" in caplog.text and "runtime.face_detection" in caplog.text


# ------------------------------------------------------------------ failures
class TestAFailureNamesThePurposeAskedFor:
    def test_an_unknown_purpose_is_recorded_as_asked_not_as_the_default(self) -> None:
        g = Guard(load_policy("log-only"), user_agent=UA, audit=False)
        d = g.check_response("http://photos.example.com/p.jpg", 200, JPEG, COFFEE, purpose="nope")
        assert d.purpose == "nope" and d.usage == ""
        assert d.action == "block" and d.allowed  # no basis for an undeclared purpose; log-only enforces nothing
        assert any(n.code == "purpose.unknown" and "'nope'" in n.detail for n in d.notes)
        assert d.to_dict()["purpose"] == "nope"

    def test_a_known_purpose_is_named_in_its_failure(self, tmp_path: Path) -> None:
        policy = child(tmp_path, '[[purpose]]\nid = "second"\nusage = "search"\nretention_days = 30\n'
                                 'jurisdictions = ["EU"]\nbasis = { art6 = "eu-gdpr:A6-1-f", art6_evidence = "LIA-2" }\n')
        g = guard(policy)
        d = g.decide_request("ftp://example.org/x", purpose="second")
        assert d.purpose == "second" and d.usage == "search" and d.retention_days == 30
        assert not any(n.code == "purpose.unknown" for n in d.notes)


# ------------------------------------------------------------------ exif-gps
def _portrait_taken_at(lat_ref: str, lat: tuple[float, ...], lon_ref: str, lon: tuple[float, ...]) -> bytes:
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(PORTRAIT))
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: lat_ref, 2: lat, 3: lon_ref, 4: lon})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


class TestWhereAPhotoWasTakenAddsItsJurisdiction:
    CHICAGO = ("N", (41.0, 52.0, 0.0), "W", (87.0, 37.0, 0.0))

    def test_a_photo_taken_in_chicago_adds_us_when_the_policy_reads_exif_gps(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[jurisdiction]\ndetect = ["cctld", "exif-gps"]\n', parent="search-index"))
        d = g.check_response("http://photos.example.com/p.jpg", 200, JPEG, _portrait_taken_at(*self.CHICAGO))
        assert "US" in d.jurisdictions and "EU" in d.jurisdictions  # adds; the default stays
        assert {"signal": "exif-gps", "value": "rectangle US", "added": "US"} in d.jurisdiction_evidence
        assert "41." not in repr(d.to_dict()["jurisdiction_evidence"])  # the position itself is never kept

    def test_without_the_detector_the_position_adds_nothing(self) -> None:
        d = guard("search-index").check_response("http://photos.example.com/p.jpg", 200, JPEG,
                                                 _portrait_taken_at(*self.CHICAGO))
        assert "exif.gps" in d.codes and "US" not in d.jurisdictions

    def test_a_photo_taken_outside_every_modelled_country_adds_other(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[jurisdiction]\ndetect = ["cctld", "exif-gps"]\n', parent="research-9-2-j"))
        tokyo = _portrait_taken_at("N", (35.0, 41.0, 0.0), "E", (139.0, 42.0, 0.0))
        d = g.check_response("http://photos.example.com/p.jpg", 200, JPEG, tokyo)
        assert "OTHER" in d.jurisdictions
        assert "jurisdiction.unassessed" in d.codes and d.action == "block"  # research-9-2-j assessed EU/EEA only

    def test_a_photo_embedded_in_a_page_adds_where_it_was_taken_as_fetched_on_its_own(self, tmp_path: Path) -> None:
        """A Tokyo photo embedded as a `data:` URI was judged under its page's jurisdictions alone (allowed
        where research-9-2-j assessed EU/EEA only), the same bytes fetched on their own blocked (OTHER)."""
        import base64

        g = guard(child(tmp_path, '[jurisdiction]\ndetect = ["cctld", "exif-gps"]\n', parent="research-9-2-j"))
        tokyo = _portrait_taken_at("N", (35.0, 41.0, 0.0), "E", (139.0, 42.0, 0.0))
        uri = "data:image/jpeg;base64," + base64.b64encode(tokyo).decode()
        d = g.check_response("http://photos.example.com/a.html", 200, HTML,
                             f'<html><body><p>Trip report</p><img src="{uri}"></body></html>'.encode())
        [inline] = [i for i in d.images if i.kind == "inline"]
        assert inline.action == "block" and "jurisdiction.unassessed" in [f.code for f in inline.findings]

    def test_an_embedded_photos_position_adds_nothing_where_an_override_fixes_the_sites_law(self, tmp_path: Path) -> None:
        """Fetched alone, a picture on a site whose override fixes its jurisdictions is judged under them; embedded
        in that site's page, its GPS position added a bloc the override had left out."""
        import base64

        policy = child(tmp_path, '[jurisdiction]\ndetect = ["cctld", "exif-gps"]\n[[override]]\ndomain = "example.com"\n'
                                 'reason = "EU-only archive"\nevidence = "DPA-7"\nexpires = 2099-01-01\n'
                                 'jurisdictions = ["EU"]\n', parent="research-9-2-j")
        tokyo = _portrait_taken_at("N", (35.0, 41.0, 0.0), "E", (139.0, 42.0, 0.0))
        uri = "data:image/jpeg;base64," + base64.b64encode(tokyo).decode()
        d = guard(policy).check_response("http://photos.example.com/a.html", 200, HTML,
                                         f'<html><body><p>Trip report</p><img src="{uri}"></body></html>'.encode())
        [inline] = [i for i in d.images if i.kind == "inline"]
        assert "jurisdiction.unassessed" not in [f.code for f in inline.findings]

    def test_a_broken_gps_block_is_no_position_and_no_failure(self, tmp_path: Path) -> None:
        g = guard(child(tmp_path, '[jurisdiction]\ndetect = ["cctld", "exif-gps"]\n', parent="search-index"))
        broken = _portrait_taken_at("N", (41.0, 52.0, 0.0, 1.0, 2.0), "W", (0.0, 0.0, 0.0))
        d = g.check_response("http://photos.example.com/p.jpg", 200, JPEG, broken)
        assert not any(f.kind == "error" for f in d.findings)
        assert not any(e["signal"] == "exif-gps" for e in d.jurisdiction_evidence)
