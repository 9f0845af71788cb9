"""The policy applied to one domain: overrides by registrable domain, expiry, actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scrapeguard.policy import load_policy
from scrapeguard.policy.evaluate import Scope
from scrapeguard.policy.rules import basis_gaps


def test_override_applies_only_to_its_registrable_domain_and_purpose() -> None:
    policy = load_policy("research-9-2-j")
    purpose = policy.purpose[0]
    inside = Scope.of(policy, purpose, "benchmark-archive.example", today=dt.date(2026, 12, 1))
    outside = Scope.of(policy, purpose, "other.example", today=dt.date(2026, 12, 1))
    assert inside.action("personal_image") == ("allow", "override[benchmark-archive.example].on.personal_image")
    assert outside.action("personal_image") == ("block", "purpose[face-detection-bias-study].on.personal_image")


def test_expired_override_is_not_applied() -> None:
    policy = load_policy("research-9-2-j")
    later = Scope.of(policy, policy.purpose[0], "benchmark-archive.example", today=dt.date(2030, 1, 1))
    assert later.action("personal_image")[0] == "block"
    assert [o.domain for o in later.expired] == ["benchmark-archive.example"]


def test_suppressed_always_blocks_and_errors_follow_on_error() -> None:
    strict, audit = load_policy("gdpr-strict"), load_policy("log-only")
    s = Scope.of(strict, strict.purpose[0], "x.example")
    a = Scope.of(audit, audit.purpose[0], "x.example")
    assert s.action("suppressed")[0] == a.action("suppressed")[0] == "block"
    assert s.action("error")[0] == "block" and a.action("error")[0] == "log"


def test_eu_rules_need_notice_and_ropa_for_personal_images() -> None:
    policy = load_policy("gdpr-strict")
    purpose = policy.purpose[0]
    assert basis_gaps(policy, purpose, "EU", "personal_image", []) == []
    bare = policy.model_copy(update={"controller": policy.controller.model_copy(update={"notice_url": None})})
    codes = [c for c, _ in basis_gaps(bare, purpose, "EU", "personal_image", [])]
    assert codes == ["basis.missing.notice_url"]


def test_biometric_without_art9_is_a_missing_basis_everywhere_strict() -> None:
    policy = load_policy("gdpr-strict")
    codes = [c for c, _ in basis_gaps(policy, policy.purpose[0], "EU", "biometric", [])]
    assert "basis.missing.art9" in codes and "basis.missing.dpia" in codes


def test_research_policy_has_its_art9_basis_in_the_eu() -> None:
    policy = load_policy("research-9-2-j")
    assert basis_gaps(policy, policy.purpose[0], "EU", "biometric", []) == []


def test_us_biometrics_need_consent_that_cannot_be_verified() -> None:
    policy = load_policy("research-9-2-j")
    codes = [c for c, _ in basis_gaps(policy, policy.purpose[0], "US-IL", "biometric", [])]
    assert codes == ["basis.consent.unverified"]


def test_each_art9_condition_is_judged_on_its_own() -> None:
    policy = load_policy("research-9-2-j")
    purpose = policy.purpose[0]

    def codes(art9: list[str], law: str | None = "DE: BDSG s. 27") -> list[str]:
        evidence = purpose.basis.art9_evidence.model_copy(update={"law": law})
        basis = purpose.basis.model_copy(update={"art9": art9, "art9_evidence": evidence})
        p = purpose.model_copy(update={"basis": basis})
        return [c for c, _ in basis_gaps(policy, p, "EU", "biometric", []) if c.startswith("basis.") and "art9" in c
                or c in ("basis.consent.unverified", "basis.missing.made_public_by_subject")]

    assert codes(["eu-gdpr:A9-2-j"]) == []
    assert codes(["eu-gdpr:A9-2-g"]) == [] and codes(["eu-gdpr:A9-2-g"], law=None) == ["basis.missing.art9_condition"]
    assert codes(["eu-gdpr:A9-2-c"]) == ["basis.missing.art9_condition"]  # vital interests: not for crawling
    assert codes(["eu-gdpr:A9-2-a"]) == ["basis.consent.unverified"]
    # two conditions that fail alone do not pass together
    assert codes(["eu-gdpr:A9-2-a", "eu-gdpr:A9-2-e"]) == ["basis.missing.made_public_by_subject"]
    assert codes(["eu-gdpr:A9-2-e", "eu-gdpr:A9-2-i"]) == ["basis.missing.made_public_by_subject"]


def test_the_research_condition_covers_research_usages_only() -> None:
    """(Policy review, session 61) Art. 9(2)(j) (archiving, research, statistics) passed as the Art. 9 gate of a
    face search index: it covers a text-and-data-mining, archive or training purpose, not `search` or `ai-use`."""
    policy = load_policy("research-9-2-j")
    purpose = policy.purpose[0]
    for usage, gaps in (("tdm", []), ("archive", []), ("train-ai", []),
                        ("search", ["basis.missing.art9_condition"]), ("ai-use", ["basis.missing.art9_condition"])):
        found = basis_gaps(policy, purpose.model_copy(update={"usage": usage}), "EU", "biometric", [])
        assert [c for c, _ in found] == gaps, usage
        assert all(f"not a '{usage}' purpose" in reason for _, reason in found)


def test_on_error_decisions_carry_a_code_an_officer_can_filter_on() -> None:
    from scrapeguard.policy.evaluate import on_error_codes

    strict, audit = load_policy("gdpr-strict"), load_policy("log-only")
    closed_rule = Scope.of(strict, strict.purpose[0], "x.example").action("error")[1]
    open_rule = Scope.of(audit, audit.purpose[0], "x.example").action("error")[1]
    error = {"kind": "error", "code": "image.error"}
    assert on_error_codes([{**error, "rule": open_rule}], allowed=True) == ["error.fail_open"]
    assert on_error_codes([{**error, "rule": closed_rule}], allowed=False) == ["error.fail_closed"]
    # another finding withheld the item: fail-open let nothing through
    assert on_error_codes([{**error, "rule": open_rule}], allowed=False) == []
    # a finding the purpose decided is no on_error decision
    assert on_error_codes([{"kind": "personal_image", "rule": "purpose[x].on.personal_image"}], allowed=True) == []


def test_a_page_whose_embedded_pictures_fail_closed_says_error_fail_closed_in_its_record(tmp_path: Path) -> None:
    """An embedded (data: URI) picture that cannot be read is removed from its page by the policy's
    on_error (fail-closed): the page's finding names that rule with what it did ("... (the
    pictures are removed; the page is redacted)"), which was read as no on_error mode at all, so
    the record lacked error.fail_closed and `audit list --code error.fail_closed` missed it."""
    import base64

    from scrapeguard import Guard
    from scrapeguard.audit import AuditLog

    not_a_png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    page = (b"<html lang=en><body><img alt='Portrait of Anna Smith' src='data:image/png;base64,"
            + base64.b64encode(not_a_png) + b"'></body></html>")
    with Guard(load_policy("gdpr-strict", warn=False), user_agent="TestBot/1.0", audit=tmp_path / "a.sqlite") as guard:
        decision = guard.check_response("https://www.example.com/team", status=200,
                                        headers={"content-type": "text/html"}, body=page)
    # (its alt text says whose portrait it is: `page.personal_images` too, since the element's word counts)
    assert "inline.unchecked" in decision.codes and decision.action == "redact"
    with AuditLog.open(tmp_path / "a.sqlite") as log:
        [record] = [e.record for e in log.iter_entries("c.kind = 'decision'")]
    assert "error.fail_closed" in record["outcome"]["codes"]


def _with_art6(art6: str, **basis: object):  # noqa: ANN202
    policy = load_policy("gdpr-strict")
    purpose = policy.purpose[0]
    return policy, purpose.model_copy(update={"basis": purpose.basis.model_copy(update={"art6": art6, **basis})})


def test_art6_consent_is_unverified_for_a_personal_image_wherever_art6_applies() -> None:
    """Research §4.3: consent is checked per item, and no registry hit means missing basis;
    scrapeguard cannot query a registry, so, as for Art. 9(2)(a), no personal image is covered."""
    policy, purpose = _with_art6("eu-gdpr:A6-1-a", consent_registry="https://consent.example/api")
    for law in ("EU", "EEA", "UK", "OTHER"):  # (UK: the example controller has no UK representative either)
        gaps = dict(basis_gaps(policy, purpose, law, "personal_image", []))
        assert gaps["basis.consent.unverified"].startswith(f"{law}: Art. 6(1)(a) consent")
    assert [c for c, _ in basis_gaps(policy, purpose, "EU", "personal_image", [])] == ["basis.consent.unverified"]
    assert basis_gaps(policy, purpose, "US", "personal_image", []) == []  # no Art. 6 there


def test_an_art6_consent_gap_is_reported_once_for_a_biometric_finding() -> None:
    policy, purpose = _with_art6("eu-gdpr:A6-1-a", consent_registry="https://consent.example/api",
                                 art9=["eu-gdpr:A9-2-a"])
    codes = [c for c, _ in basis_gaps(policy, purpose, "EU", "biometric", [])]
    assert "basis.consent.unverified" in codes


def test_a_narrower_override_after_the_domains_one_is_its_exception(tmp_path) -> None:
    """An override naming the purpose, written after the domain's override for every purpose, is
    the one for that purpose; the other purposes keep the wider one. (Written before it, the pair
    is refused at load: `test_loader`.)"""
    strict = (Path(__file__).resolve().parents[2] / "policies" / "gdpr-strict.toml").read_text()
    second = strict[strict.index("[[purpose]]"):strict.index("[audit]")].replace('id = "web-text-corpus"', 'id = "two"')
    wide = '[[override]]\ndomain = "example.org"\nreason = "owner: nothing with a face"\non = { personal_image = "block" }\n'
    narrow = ('[[override]]\ndomain = "example.org"\nreason = "blurred copies for the corpus"\n'
              'evidence = "DPA-7"\nexpires = 2099-01-01\n'  # (it relaxes the wider block: `test_loader`)
              'purposes = ["web-text-corpus"]\non = { personal_image = "redact", opt_out = "block" }\n')
    path = tmp_path / "p.toml"
    path.write_text(strict + second + wide + narrow)
    policy = load_policy(path)
    corpus, two = (Scope.of(policy, policy.get_purpose(p), "example.org") for p in ("web-text-corpus", "two"))
    assert corpus.action("personal_image") == ("redact", "override[example.org].on.personal_image")
    assert two.action("personal_image") == ("block", "override[example.org].on.personal_image")


def test_a_purpose_named_twice_makes_an_override_no_narrower(tmp_path) -> None:
    """`purposes = ["a", "a", "a"]` names one purpose: written after the override for ["a", "b"] it
    is its exception for "a" (as the load judged it), yet it was sorted as the wider of the two by
    the length of the list, so the override for ["a", "b"] won there."""
    strict = (Path(__file__).resolve().parents[2] / "policies" / "gdpr-strict.toml").read_text()
    second = strict[strict.index("[[purpose]]"):strict.index("[audit]")].replace('id = "web-text-corpus"', 'id = "two"')
    both = ('[[override]]\ndomain = "example.org"\nreason = "owner: nothing with a face"\n'
            'purposes = ["web-text-corpus", "two"]\non = { personal_image = "block" }\n')
    one = ('[[override]]\ndomain = "example.org"\nreason = "blurred copies for the corpus"\n'
           'evidence = "DPA-7"\nexpires = 2099-01-01\npurposes = ["web-text-corpus", "web-text-corpus", "web-text-corpus"]\non = { personal_image = "redact" }\n')
    path = tmp_path / "p.toml"
    path.write_text(strict + second + both + one)
    policy = load_policy(path, warn=False)
    corpus, two = (Scope.of(policy, policy.get_purpose(p), "example.org") for p in ("web-text-corpus", "two"))
    assert corpus.action("personal_image")[0] == "redact"
    assert two.action("personal_image")[0] == "block"


class TestAnEmptyPurposeIdIsNoPurpose:
    """A request names its purpose or leaves it out (None: the guard's purpose); "" is neither,
    and was taken for the policy's default purpose, so a guard set to another purpose judged
    that request, and recorded it, under a basis and actions it was not set to use."""

    TWO = (Path(__file__).resolve().parents[2] / "policies" / "gdpr-strict.toml").read_text() + """
[[purpose]]
id = "link-index"
usage = "search"
retention_days = 30
jurisdictions = ["EU", "EEA", "UK", "CH", "US", "CA", "AU", "OTHER"]
[purpose.basis]
art6 = "eu-gdpr:A6-1-f"
art6_evidence = "LIA-2"
"""

    def test_a_guard_of_no_purpose_is_refused(self, tmp_path: Path) -> None:
        import pytest

        from scrapeguard import Guard
        from scrapeguard.policy.model import UnknownPurpose

        (tmp_path / "two.toml").write_text(self.TWO, encoding="utf-8")
        with pytest.raises(UnknownPurpose, match="has no purpose ''"):
            Guard(load_policy(tmp_path / "two.toml", warn=False), user_agent="TestBot/1.0", audit=False, purpose="")

    def test_a_request_naming_no_purpose_is_not_judged_under_the_policys_default(self, tmp_path: Path) -> None:
        from scrapeguard import Guard

        (tmp_path / "two.toml").write_text(self.TWO, encoding="utf-8")
        with Guard(load_policy(tmp_path / "two.toml", warn=False), user_agent="TestBot/1.0", audit=False,
                   purpose="link-index") as guard:
            decision = guard.check_response("https://www.example.com/", status=200,
                                            headers={"content-type": "text/html"}, body=b"<p>hello</p>", purpose="")
            assert decision.purpose == "" and not decision.allowed
            assert decision.codes == ["error.unknownpurpose", "basis.missing.purpose"]
            assert guard.check_response("https://www.example.com/", status=200, headers={"content-type": "text/html"},
                                        body=b"<p>hello</p>").purpose == "link-index"


def test_a_stricter_rule_for_the_pages_domain_covers_its_pictures_on_another_domain_a_milder_one_does_not(
        tmp_path: Path) -> None:
    """A school's pupil photos served from a CDN: the school's `block` covers them as its pages show
    them; a rule that relaxes stays with its own domain."""
    strict = (Path(__file__).resolve().parents[2] / "policies" / "gdpr-strict.toml").read_text()
    overrides = ('[[override]]\ndomain = "school.example"\nreason = "no pupil photo, not even blurred"\n'
                 'on = { personal_image = "block" }\n'
                 '[[override]]\ndomain = "archive.example"\nreason = "licensed archive of press photos"\n'
                 'evidence = "CONTRACT-7"\nexpires = 2099-01-01\non = { personal_image = "log" }\n')
    path = tmp_path / "p.toml"
    path.write_text(strict + overrides)
    policy = load_policy(path, warn=False)
    purpose = policy.purpose[0]
    on_cdn = Scope.of(policy, purpose, "schoolhost.example", page_domains=["school.example"])
    assert on_cdn.action("personal_image") == (
        "block", "override[school.example].on.personal_image (the domain of the page that shows it)")
    assert Scope.of(policy, purpose, "schoolhost.example").action("personal_image")[0] == "redact"  # no page: its own
    from_archive = Scope.of(policy, purpose, "schoolhost.example", page_domains=["archive.example"])
    assert from_archive.action("personal_image") == ("redact", f"purpose[{purpose.id}].on.personal_image")
    assert Scope.of(policy, purpose, "archive.example", page_domains=["school.example"]).action("personal_image")[0] == "block"


def test_the_narrowest_rule_of_the_pages_domain_is_the_one_its_pictures_elsewhere_are_held_to(tmp_path: Path) -> None:
    """(Policy review) A school's `log` for one purpose replaces its `block` for every purpose on its own host;
    its pictures on a CDN were held to the wider `block` all the same, the strictest of all its overrides."""
    strict = (Path(__file__).resolve().parents[2] / "policies" / "gdpr-strict.toml").read_text()
    policy_id = load_policy("gdpr-strict", warn=False).purpose[0].id
    overrides = ('[[override]]\ndomain = "school.example"\nreason = "no pupil photo"\n'
                 'on = { personal_image = "block" }\n'
                 f'[[override]]\ndomain = "school.example"\npurposes = ["{policy_id}"]\nreason = "consented yearbook"\n'
                 'evidence = "CONSENT-3"\nexpires = 2099-01-01\non = { personal_image = "log" }\n')
    path = tmp_path / "p.toml"
    path.write_text(strict + overrides)
    policy = load_policy(path, warn=False)
    purpose = policy.purpose[0]
    assert Scope.of(policy, purpose, "school.example").action("personal_image")[0] == "log"  # on its own host
    on_cdn = Scope.of(policy, purpose, "cdn.example", page_domains=["school.example"])
    assert on_cdn.action("personal_image") == ("redact", f"purpose[{purpose.id}].on.personal_image")


def test_what_a_page_says_or_brings_is_judged_under_its_domains_rules_too_not_the_cdns_alone(tmp_path: Path) -> None:
    """A CDN override relaxing `on.opt_out` (or `on.unassessed_jurisdiction`) is about the CDN's own word and
    law: a page's `noai` for its pictures there, or its country's law, stands as that page's domain rules it;
    as `signals.<family>` already did (found in review). A page domain's own relaxing rule covers what it says."""
    strict = (Path(__file__).resolve().parents[2] / "policies" / "gdpr-strict.toml").read_text()
    overrides = ('[[override]]\ndomain = "cdn.example"\nreason = "CDN licence"\nevidence = "LIC-1"\n'
                 'expires = 2099-01-01\non = { opt_out = "log", unassessed_jurisdiction = "log" }\n'
                 '[[override]]\ndomain = "partner.example"\nreason = "their licence for their pictures"\n'
                 'evidence = "LIC-2"\nexpires = 2099-01-01\non = { opt_out = "log" }\n')
    path = tmp_path / "p.toml"
    path.write_text(strict + overrides)
    policy = load_policy(path, warn=False)
    purpose = policy.purpose[0]
    shown = Scope.of(policy, purpose, "cdn.example", page_domains=["news.example"])
    assert shown.action("opt_out") == ("log", "override[cdn.example].on.opt_out")  # the CDN's own word
    for kind in ("opt_out", "unassessed_jurisdiction"):
        assert shown.action(kind, from_page=True) == (
            "block", f"purpose[{purpose.id}].on.{kind} (the domain of the page it comes from: news.example)")
    by_partner = Scope.of(policy, purpose, "cdn.example", page_domains=["partner.example"])
    assert by_partner.action("opt_out", from_page=True) == ("log", "override[cdn.example].on.opt_out")
    assert Scope.of(policy, purpose, "cdn.example").action("opt_out", from_page=True)[0] == "log"  # no page named


def test_face_biometrics_under_other_law_need_per_person_consent_as_the_rule_set_says() -> None:
    """Research §1.13: under OTHER law a personal image is judged as under EU law, and face
    biometrics need a consent registry, which no rule can query. An Art. 9(2)(j) research purpose
    assessed for OTHER took EU's Art. 9 for OTHER's, so the faces of every .co.jp or .com.br page
    passed for biometric processing under a basis no law there knows."""
    policy = load_policy("research-9-2-j", warn=False)
    purpose = policy.purpose[0].model_copy(update={"jurisdictions": ["EU", "EEA", "OTHER"]})
    assert basis_gaps(policy, purpose, "EU", "biometric", []) == []
    assert [code for code, _ in basis_gaps(policy, purpose, "OTHER", "biometric", [])] == ["basis.consent.unverified"]
    assert basis_gaps(policy, purpose, "OTHER", "personal_image", []) == []  # (a personal image: as under EU law)
