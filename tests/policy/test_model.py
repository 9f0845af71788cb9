"""The policy schema's reading of a GDPR basis term: one letter, read one way by the schema,
the rules and the loader's merge."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest

from scrapeguard import PolicyError, load_policy
from scrapeguard.policy.model import gdpr_letter

POLICIES = Path(__file__).resolve().parents[2] / "policies"


@pytest.mark.parametrize(("term", "letter"), [
    ("eu-gdpr:A6-1-f", "f"),
    ("eu-gdpr:A6-1-f-controller", "f"),
    ("eu-gdpr:A6-1-e-public-interest", "e"),
    ("eu-gdpr:A9-2-j", "j"),
    (" eu-gdpr:A9-2-a ", "a"),  # (the schema strips what is written around a value)
])
def test_a_dpv_term_gives_its_letter(term: str, letter: str) -> None:
    assert gdpr_letter(term) == letter


@pytest.mark.parametrize("term", [
    "Art. 6(1)(f)", "6.1.f", "6(1) f", "9(2)(j)", "Art. 9(2)(j)", "A6-1-f", "EU-GDPR:A6-1-F", "eu-gdpr:a6-1-f",
    "eu-gdpr:A6-1-g", "eu-gdpr:A6-1-f-", "eu-gdpr:A6-1-fx", "",
])
def test_any_other_spelling_is_no_term(term: str) -> None:
    assert gdpr_letter(term) == ""


@pytest.mark.parametrize("term", ["Art. 6(1)(f)", "6.1.f", "6(1) f", "EU-GDPR:A6-1-F", "A6-1-f"])
def test_a_policy_spelling_its_basis_another_way_is_refused_at_that_key(tmp_path: Path, term: str) -> None:
    text = (POLICIES / "search-index.toml").read_text().replace('art6 = "eu-gdpr:A6-1-f"', f'art6 = "{term}"')
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=r"purpose\[web-search\]\.basis\.art6: .*not a DPV term") as info:
        load_policy(path)
    assert str(info.value).count(repr(term)) == 1  # (the rule names the value: no "(got ...)" repeating it)


def test_a_number_out_of_range_is_still_named_where_its_digits_are_in_the_bound(tmp_path: Path) -> None:
    text = (POLICIES / "search-index.toml").read_text().replace('on_error = "fail-closed"',
                                                                'on_error = "fail-closed"\nmax_body_bytes = 10')
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=r"runtime\.max_body_bytes: .*1024 \(got 10\)"):
        load_policy(path)


def test_a_body_bound_past_one_gibibyte_is_refused(tmp_path: Path) -> None:
    """(An adversarial review: `max_body_bytes = 99999999999999999999999` passed `policy check`, and a
    1 MB gzip body then decoded to 1 GB in memory.)"""
    text = (POLICIES / "search-index.toml").read_text().replace('on_error = "fail-closed"',
                                                                'on_error = "fail-closed"\nmax_body_bytes = 99999999999999999999999')
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=r"runtime\.max_body_bytes: .*1073741824"):
        load_policy(path)


@pytest.mark.parametrize(("written", "told"), [('["fr"]', "['FR']"), ('["FR", "de"]', "['DE']")])
def test_an_establishment_in_lower_case_is_told_to_write_the_code_in_capitals(tmp_path: Path, written: str,
                                                                             told: str) -> None:
    """`fr` is France's ISO 3166-1 code as most people write it: "not ISO 3166-1 alpha-2 country
    codes: ['fr']" told a user it was no such code."""
    text = (POLICIES / "gdpr-strict.toml").read_text().replace('establishment = ["FR"]', f"establishment = {written}")
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=r"controller\.establishment: ") as info:
        load_policy(path)
    assert f"in capitals: {told}" in str(info.value)


@pytest.mark.parametrize("written", ["France", "zz", "el"])
def test_what_is_no_country_code_in_any_case_is_still_refused_as_such(tmp_path: Path, written: str) -> None:
    """(`zz` and `el` were told to be written in capitals, as if ZZ and EL were countries' codes.)"""
    text = (POLICIES / "gdpr-strict.toml").read_text().replace('establishment = ["FR"]', f'establishment = ["{written}"]')
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=rf"not ISO 3166-1 alpha-2 country codes: \['{written}'\]"):
        load_policy(path)


def test_a_file_url_sink_is_read_as_a_file_url_in_any_case() -> None:
    """`FILE:///tmp/a.sqlite` passed the scheme check (any case) and was then taken for a relative path
    (a folder `FILE:`), as `s3://` once was."""
    from scrapeguard.policy.model import sink_path

    assert sink_path("FILE:///tmp/a.sqlite") == sink_path("file:///tmp/a.sqlite") == "/tmp/a.sqlite"


FACE_SEARCH = """schema_version = 1
id = "face-search"
version = "1.0.0"
[controller]
name = "Acme Research GmbH"
contact = "privacy@acme.test"
establishment = ["DE"]
notice_url = "https://acme.test/crawler"
ropa_ref = "ROPA-ACME-07"
[[purpose]]
id = "face-search"
usage = "search"
biometric = true
processing = {processing}
data = ["pd:FacialPrint"]
retention_days = 3650
jurisdictions = ["EU", "EEA"]
[purpose.basis]
art6 = "eu-gdpr:A6-1-f"
art6_evidence = "LIA-1"
art9 = ["eu-gdpr:A9-2-j"]
art9_evidence = {{ law = "some law", safeguards = ["x"], dpia = "DPIA-1" }}
[purpose.on]
personal_image = "{personal}"
biometric = "{biometric}"
"""


@pytest.mark.parametrize("processing", ['["dpv:Collect", "ai:FaceRecognition"]', '["dpv:Collect", "dpv:Identify"]'])
@pytest.mark.parametrize(("personal", "biometric"), [("allow", "allow"), ("log", "allow"), ("allow", "log")])
def test_a_purpose_recognising_faces_from_every_site_is_refused_as_the_ai_acts_prohibition(
        tmp_path: Path, processing: str, personal: str, biometric: str) -> None:
    """(Policy review, session 61) A purpose declaring face recognition with face images let through from every
    site loaded with a WARN that called itself prohibited (AI Act Art. 5(1)(e)): only the flag
    `builds_face_recognition_db` was refused. Named sources remain open to it through overrides."""
    path = tmp_path / "p.toml"
    path.write_text(FACE_SEARCH.format(processing=processing, personal=personal, biometric=biometric))
    with pytest.raises(PolicyError, match=r"purpose\[face-search\]\.on\.biometric: AI Act Art\. 5\(1\)\(e\)"):
        load_policy(path)


@pytest.mark.parametrize(("processing", "data", "personal", "biometric"), [
    ('["dpv:Collect", "ai:FaceRecognition"]', "pd:FacialPrint", "block", "allow"),
    ('["dpv:Collect", "ai:FaceRecognition"]', "pd:FacialPrint", "redact", "redact"),
    ('["dpv:Collect"]', "pd:FacialExpression", "allow", "allow")])
def test_a_biometric_purpose_withholding_faces_or_recognising_none_still_loads(
        tmp_path: Path, processing: str, data: str, personal: str, biometric: str) -> None:
    path = tmp_path / "p.toml"
    text = FACE_SEARCH.format(processing=processing, personal=personal, biometric=biometric)
    path.write_text(text.replace('data = ["pd:FacialPrint"]', f'data = ["{data}"]'))
    assert load_policy(path).purpose[0].id == "face-search"


@pytest.mark.parametrize("data", ["pd:FacialPrint", "dpv-pd:FacialPrint", "https://w3id.org/dpv/pd#FacialPrint"])
def test_a_purpose_keeping_face_prints_from_every_site_is_refused_as_the_ai_acts_prohibition(
        tmp_path: Path, data: str) -> None:
    """(Review, session 71) A biometric purpose keeping face prints (`data`), its processing naming no recognition,
    loaded with a WARN that called itself prohibited (AI Act Art. 5(1)(e)), and every site's faces were allowed:
    a face print is kept to recognise the face, so it is refused as a face-recognition purpose is."""
    path = tmp_path / "p.toml"
    text = FACE_SEARCH.format(processing='["dpv:Collect", "dpv:Store", "dpv:Derive"]', personal="allow",
                              biometric="allow")
    path.write_text(text.replace('data = ["pd:FacialPrint"]', f'data = ["pd:Picture", "{data}"]'))
    with pytest.raises(PolicyError, match=r"purpose\[face-search\]\.on\.biometric: AI Act Art\. 5\(1\)\(e\): .* "
                                          rf"recognises or identifies people by their faces \({re.escape(data)}\)"):
        load_policy(path)


@pytest.mark.parametrize(("processing", "dpv"), [
    ('["dpv:Collect", "dpv:Match"]', "[]"),
    ('["dpv:Collect"]', '["dpv:IdentityVerification"]'),
    ('["dpv:Collect", "dpv:Derive"]', '["dpv:IdentityAuthentication"]'),
])
def test_verifying_or_matching_faces_from_every_site_is_the_ai_acts_prohibition_too(
        tmp_path: Path, processing: str, dpv: str) -> None:
    """(Policy review) DPV's own terms for identifying people (`dpv:IdentityVerification`, `dpv:Match`, which
    legal-policy-model §3.1 names) loaded with a WARN, and every site's face photos were allowed for
    biometric processing."""
    path = tmp_path / "p.toml"
    text = FACE_SEARCH.format(processing=processing, personal="allow", biometric="allow")
    path.write_text(text.replace('data = ["pd:FacialPrint"]', f'data = ["pd:Picture"]\ndpv = {dpv}'))
    with pytest.raises(PolicyError, match=r"purpose\[face-search\]\.on\.biometric: AI Act Art\. 5\(1\)\(e\)"):
        load_policy(path)


AUDIT_MODE = '[runtime]\nmode = "audit"\non_error = "fail-open"\n'


def test_a_purpose_recognising_faces_in_audit_mode_is_refused_as_the_ai_acts_prohibition(tmp_path: Path) -> None:
    """(Policy review) Audit mode withholds nothing: a face-recognition purpose whose on.* blocked face images
    loaded with no word and let every site's faces through, its decisions "block (not enforced)"."""
    path = tmp_path / "p.toml"
    path.write_text(FACE_SEARCH.format(processing='["dpv:Collect", "ai:FaceRecognition"]', personal="block",
                                       biometric="block") + AUDIT_MODE)
    with pytest.raises(PolicyError, match=r"runtime\.mode: AI Act Art\. 5\(1\)\(e\)"):
        load_policy(path)


def test_a_purpose_recognising_faces_failing_open_is_refused_as_the_ai_acts_prohibition(tmp_path: Path) -> None:
    """(Policy review) Under fail-open what the guard cannot check passes: with no face detector installed, a
    face-identifying purpose whose on.* blocked face images loaded with a WARN and got every site's faces."""
    path = tmp_path / "p.toml"
    path.write_text(FACE_SEARCH.format(processing='["dpv:Collect", "dpv:Identify"]', personal="block",
                                       biometric="block") + '[runtime]\non_error = "fail-open"\n')
    with pytest.raises(PolicyError, match=r"runtime\.on_error: AI Act Art\. 5\(1\)\(e\)"):
        load_policy(path)
    path.write_text(FACE_SEARCH.format(processing='["dpv:Collect", "dpv:Identify"]', personal="block",
                                       biometric="block") + '[runtime]\non_error = "fail-closed"\n')
    assert load_policy(path).purpose[0].biometric


def test_a_face_identifying_purposes_allowance_no_face_image_gets_is_told_the_override_pattern(
        tmp_path: Path) -> None:
    """(Policy review) Its warning's advice alone, "set on.personal_image to what a face image may get", followed,
    made the policy fail to load as the AI Act's prohibition: it names the pattern that holds, an override per
    source."""
    path = tmp_path / "p.toml"
    path.write_text(FACE_SEARCH.format(processing='["dpv:Collect", "dpv:Identify"]', personal="block",
                                       biometric="allow"))
    why = dict(load_policy(path).warnings())["purpose[face-search].on.biometric"]
    assert "[[override]] of its domain" in why and "5(1)(e)" in why and "set on.personal_image" not in why


def test_a_biometric_purpose_in_audit_mode_is_warned_of(tmp_path: Path) -> None:
    """(One keeping no face prints: one keeping them is refused, as one recognising faces is.)"""
    path = tmp_path / "p.toml"
    text = FACE_SEARCH.format(processing='["dpv:Collect"]', personal="block", biometric="block").replace(
        'data = ["pd:FacialPrint"]', 'data = ["pd:Biometric"]')
    path.write_text(text + AUDIT_MODE)
    warned = dict(load_policy(path).warnings())
    assert "face images from every site" in warned["runtime.mode"]
    path.write_text(text)
    assert "runtime.mode" not in dict(load_policy(path).warnings())


def test_a_timeout_under_half_a_second_is_refused(tmp_path: Path) -> None:
    """(Policy review) `timeout_seconds = 1e-300` loaded, then timed out every robots.txt, blamed on the site."""
    text = (POLICIES / "search-index.toml").read_text().replace('on_error = "fail-closed"',
                                                                'on_error = "fail-closed"\ntimeout_seconds = 1e-300')
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=r"runtime\.timeout_seconds: .*0\.5"):
        load_policy(path)


def test_utf16_without_a_byte_order_mark_is_named_and_two_byte_order_marks_are_read_past(tmp_path: Path) -> None:
    """(Policy review) UTF-16 saved without its mark read as "TOML syntax error: Invalid statement"; a file
    beginning with two UTF-8 marks (a copy of a copy) the same."""
    text = (POLICIES / "search-index.toml").read_text()
    utf16 = tmp_path / "u16.toml"
    utf16.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(PolicyError, match="NUL bytes .*UTF-16"):
        load_policy(utf16)
    marked = tmp_path / "bom.toml"
    marked.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode())
    assert load_policy(marked).id == "search-index"


def test_whether_an_override_relaxes_is_worked_out_once_a_day_per_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """(Policy review) Each decision's record asked `relaxes` of every override in force: 2,000 overrides of one
    domain took 2 s a decision. The answer is kept per override for the day, and asked again of a copy of the
    policy with other overrides."""
    from scrapeguard.policy import model

    strict = (POLICIES / "gdpr-strict.toml").read_text()
    policy = model.Policy.model_validate(tomllib.loads(strict + (
        '[[override]]\ndomain = "a.example"\nreason = "r"\non = { personal_image = "block" }\n'
        '[[override]]\ndomain = "b.example"\nreason = "r"\nevidence = "E-1"\nexpires = 2099-01-01\n'
        'on = { personal_image = "log" }\n')))
    calls: list[str] = []
    real = model.relaxes
    monkeypatch.setattr(model, "relaxes", lambda p, o, **kw: calls.append(o.domain) or real(p, o, **kw))
    answers = [policy.relaxes_today(o) for o in policy.override for _ in range(3)]
    assert answers == [False] * 3 + [True] * 3 and calls == ["a.example", "b.example"]
    fewer = policy.model_copy(update={"override": policy.override[1:]})
    assert fewer.relaxes_today(fewer.override[0]) and calls[-1] == "b.example" and len(calls) == 3
    # a copy with other signals asks again: an override setting robots_txt = "log" relaxes only under "obey"
    lax = policy.model_copy(update={"signals": policy.signals.model_copy(update={"robots_txt": "log"})})
    assert lax.relaxes_today(lax.override[1]) and len(calls) == 4


NESTED_HEAD = """schema_version = 1
id = "nested"
version = "1.0.0"
[controller]
name = "Acme"
contact = "privacy@acme.test"
establishment = ["DE"]
notice_url = "https://acme.test/crawler"
ropa_ref = "ROPA-1"
[audit]
sink = "a.sqlite"
"""
_EVIDENCE = 'reason = "r"\nevidence = "E"\nexpires = 2099-01-01\n'
_BASIS = 'art6 = "eu-gdpr:A6-1-f", art6_evidence = "L"'
_ART9 = 'art9 = ["eu-gdpr:A9-2-j"], art9_evidence = { law = "L", safeguards = ["s"], dpia = "D" }'


def test_a_domains_nested_overrides_each_narrower_after_the_wider_load_in_seconds(tmp_path: Path) -> None:
    """(Review, session 71) 250 overrides of one domain, each naming fewer purposes than the one before and setting
    another value, took more than half a minute to load (each pair compared once per purpose both name, and the
    purposes' sets built again for each comparison): a policy of 400 took minutes."""
    count = 250
    ids = [f"p{k}" for k in range(count)]
    purposes = "".join(f'[[purpose]]\nid = "{pid}"\nusage = "tdm"\nretention_days = 1\njurisdictions = ["EU"]\n'
                       f"basis = {{ {_BASIS} }}\n" for pid in ids)
    actions = ["block", "redact", "log", "allow"]
    overrides = "".join(f'[[override]]\ndomain = "example.org"\n{_EVIDENCE}purposes = {ids[:count - k]!r}\n'
                        f'on = {{ personal_image = "{actions[k % 4]}" }}\n'.replace("'", '"') for k in range(count))
    path = tmp_path / "p.toml"
    path.write_text(NESTED_HEAD + purposes + overrides)
    started = time.process_time()
    policy = load_policy(path)
    assert time.process_time() - started < 8
    assert [o.on.personal_image for o in policy.override[:5] if o.on] == ["block", "redact", "log", "allow", "block"]


def test_every_purpose_overrides_of_many_biometric_purposes_are_warned_of_in_seconds(tmp_path: Path) -> None:
    """(Review, session 71) 300 biometric purposes and 300 overrides of one domain for every purpose took 45 s to
    load: the domain's overrides were sorted again for each override and purpose, for its `on.biometric` warning."""
    purposes = "".join(f'[[purpose]]\nid = "p{k}"\nusage = "tdm"\nretention_days = 1\njurisdictions = ["EU"]\n'
                       f"biometric = true\nbasis = {{ {_BASIS}, {_ART9} }}\n" for k in range(300))
    overrides = f'[[override]]\ndomain = "example.org"\n{_EVIDENCE}on = {{ biometric = "allow" }}\n' * 300
    path = tmp_path / "p.toml"
    path.write_text(NESTED_HEAD + purposes + overrides)
    started = time.process_time()
    warned = load_policy(path).warnings()
    assert time.process_time() - started < 8
    assert [key for key, _ in warned].count("override[example.org].on.biometric") == 300


@pytest.mark.parametrize("sink", ["logs/", "file:///var/log/crawl/", "./"])
def test_a_log_path_shaped_as_a_folder_is_refused_with_the_sink_s_words(sink: str) -> None:
    """(Review) The one check of a log's path that `[audit] sink`, `Guard(audit=...)`, `--audit` and
    SCRAPEGUARD_AUDIT share: one ending in '/' names a folder, in which the log file is to be named."""
    from scrapeguard.policy.model import log_file_path

    with pytest.raises(ValueError, match="names a folder: name the log file in it, e.g. '.*/audit.sqlite'"):
        log_file_path(sink)
    assert log_file_path("file:///var/log/crawl/audit.sqlite") == "/var/log/crawl/audit.sqlite"
