"""What the loader refuses, and how it reads: only regular files, never more than the cap,
never blocking; an override that would apply no law, an opt-out "redacted", an `extends`
that is a path; override domains in one spelling with the hosts they match."""

from __future__ import annotations

import datetime
import logging
import os
import threading
import time
from pathlib import Path
from typing import get_args

import pytest

from scrapeguard import PolicyError, load_policy
from scrapeguard.policy.loader import MAX_POLICY_BYTES

POLICIES = Path(__file__).resolve().parents[2] / "policies"
STRICT = (POLICIES / "gdpr-strict.toml").read_text()
CHILD = 'extends = "{parent}"\nschema_version = 1\nid = "child"\nversion = "1.0.0"\n'


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def child(tmp_path: Path, body: str, parent: str = "gdpr-strict") -> Path:
    return write(tmp_path, CHILD.format(parent=parent) + body, "child.toml")


def besides_uk(warnings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The warnings of what a test changes: all but the UK representative that gdpr-strict, and
    each policy extending it, lacks (`test_a_controller_outside_the_uk_without_a_representative_there`)."""
    return [(key, why) for key, why in warnings if key != "controller.uk_representative"]


def refused(path: Path | str) -> str:
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert str(path) in str(info.value)
    return str(info.value)


# ------------------------------------------------------------------ reading
class TestOnlyARegularFileIsRead:
    def test_a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(self, tmp_path: Path) -> None:
        fifo = tmp_path / "policy.toml"
        os.mkfifo(fifo)
        outcome: list[str] = []
        worker = threading.Thread(target=lambda: outcome.append(refused(fifo)), daemon=True)
        started = time.monotonic()
        worker.start()
        worker.join(5)
        if worker.is_alive():  # unblock the reader so no thread is left behind, then fail
            with open(fifo, "wb"):
                pass
            worker.join(5)
            pytest.fail("the loader blocked on a FIFO")
        assert time.monotonic() - started < 5
        assert "not a regular file" in outcome[0]

    @pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
    def test_an_endless_device_is_refused_without_reading_it(self) -> None:
        assert "not a regular file" in refused("/dev/zero")

    def test_a_file_over_the_cap_is_refused_and_only_the_cap_is_read(self, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
        big = tmp_path / "big.toml"
        big.write_bytes(b"# " + b"x" * (MAX_POLICY_BYTES * 3))
        asked: list[int] = []
        real_read = os.read
        monkeypatch.setattr(os, "read", lambda fd, n: (asked.append(n), real_read(fd, n))[1])
        assert "larger than" in refused(big)
        assert sum(asked) <= MAX_POLICY_BYTES + 1

    def test_a_file_of_exactly_the_cap_is_read_whole(self, tmp_path: Path) -> None:
        text = STRICT + "#" * (MAX_POLICY_BYTES - len(STRICT.encode()) - 1) + "\n"
        path = write(tmp_path, text)
        assert path.stat().st_size == MAX_POLICY_BYTES
        assert load_policy(path).id == "gdpr-strict"

    def test_missing_file_and_directory_are_still_named(self, tmp_path: Path) -> None:
        assert "file not found" in refused(tmp_path / "nope.toml")
        assert "directory" in refused(tmp_path)

    def test_an_unreadable_file_is_a_policy_error(self, tmp_path: Path) -> None:
        path = write(tmp_path, STRICT)
        path.chmod(0)
        try:
            if os.access(path, os.R_OK):
                pytest.skip("running as a user who can read anything")
            assert "cannot read" in refused(path)
        finally:
            path.chmod(0o644)

    def test_a_byte_order_mark_is_not_a_syntax_error(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.toml"
        path.write_bytes(b"\xef\xbb\xbf" + STRICT.encode())
        assert load_policy(path).sha256 == load_policy("gdpr-strict").sha256


@pytest.mark.parametrize("parent", ["/work/main/policies/gdpr-strict", "../policies/gdpr-strict", "GDPR Strict", ""])
def test_extends_names_a_policy_id_never_a_path(tmp_path: Path, parent: str) -> None:
    assert "extends: must be the id of a policy" in refused(child(tmp_path, "", parent=parent))


# ------------------------------------------------------------------ schema
def test_an_override_with_no_jurisdiction_at_all_is_refused(tmp_path: Path) -> None:
    path = child(tmp_path, '[[override]]\ndomain = "example.co.uk"\nreason = "agreement"\nevidence = "DAA-1"\n'
                           'expires = 2099-12-31\njurisdictions = []\n', parent="research-9-2-j")
    message = refused(path)
    assert "override[example.co.uk].jurisdictions" in message and "at least one jurisdiction" in message


def test_an_override_naming_jurisdictions_still_loads(tmp_path: Path) -> None:
    path = child(tmp_path, '[[override]]\ndomain = "example.co.uk"\nreason = "agreement"\nevidence = "DAA-1"\n'
                           'expires = 2099-12-31\njurisdictions = ["UK"]\n', parent="research-9-2-j")
    assert load_policy(path).override[-1].jurisdictions == ["UK"]


AUDIT_KEYS = ("sink", "url", "synchronous", "hash_chain", "checkpoint_every", "keep_blocked_days",
              "keep_after_item_deleted_days", "keep_dsr_days")
ON_KEYS = "personal_image, biometric, opt_out, missing_basis, unassessed_jurisdiction"


class TestAMisspeltOrMisplacedTableSaysWhatIsAllowed:
    """An unknown key, a value where a table belongs or one [table] where [[tables]] are asked
    names what the place takes, in TOML's words: "unknown key" alone, or pydantic's "a valid
    dictionary or instance of PartialOn", left the policy's author to find the keys elsewhere."""

    @pytest.mark.parametrize(("body", "says"), [
        ('[signals]\nrobots = "obey"\n', "signals.robots: unknown key (not in schema v1; check the spelling): "
         "did you mean 'robots_txt'? [signals] takes robots_txt, x_robots_tag, tdmrep, ai_txt, content_usage, "
         "iptc_data_mining, c2pa_training_mining, http_402, terms_of_service"),
        ('[[purpose]]\nid = "web-text-corpus"\n[purpose.on]\npersonal_images = "block"\n',
         f"purpose[web-text-corpus].on.personal_images: unknown key (not in schema v1; check the spelling): "
         f"did you mean 'personal_image'? [purpose.on] takes {ON_KEYS}"),
        ('[[override]]\ndomain = "example.org"\nreason = "r"\nsignal = { tdmrep = "obey" }\n',
         "override[example.org].signal: unknown key (not in schema v1; check the spelling): did you mean 'signals'? "
         "[[override]] takes domain, reason, evidence, expires, purposes, jurisdictions, signals, on, "
         "made_public_by_subject"),
        ('polcy_mode = "strict"\n', "polcy_mode: unknown key (not in schema v1; check the spelling): the top level "
         "takes schema_version, id, version, title, extends, default_purpose, controller, runtime, jurisdiction, "
         "signals, purpose, override, audit"),
    ])
    def test_an_unknown_key_names_the_nearest_key_and_every_key_its_table_takes(self, tmp_path: Path, body: str,
                                                                                says: str) -> None:
        assert f"{tmp_path / 'child.toml'}: {says}" in refused(child(tmp_path, body)).splitlines()[0]

    @pytest.mark.parametrize("body", [
        '[[purpose]]\nid = "web-text-corpus"\n[purpose.runtime]\non_error = "fail-open"\n',
        '[[purpose]]\nid = "web-text-corpus"\non_error = "fail-open"\n',
        '[[purpose]]\nid = "web-text-corpus"\n[purpose.on]\nerror = "allow"\n',
        '[[override]]\ndomain = "example.org"\nreason = "r"\non = { error = "log" }\n',
    ])
    def test_on_error_for_one_purpose_or_domain_is_told_it_is_the_policys_and_how_one_purpose_fails_open(
            self, tmp_path: Path, body: str) -> None:
        """A DPO letting one purpose fail open wrote `on_error` under its [[purpose]] (or `error` under
        its `on`) and was told only what that table takes: not where on_error is, nor how to get it."""
        said = refused(child(tmp_path, body))
        assert "unknown key" in said and "on_error is the policy's, for all its purposes ([runtime] on_error)" in said
        assert 'a policy of its own that extends this one, with [runtime] on_error = "fail-open"' in said

    @pytest.mark.parametrize(("body", "says"), [
        ('id = "My Policy"\n', 'id: must be an id of lower-case letters, digits, ".", "_" and "-", starting with a '
         'letter or digit, at most 64 characters, e.g. "web-text-corpus" (got \'My Policy\')'),
        ('version = "1.0"\n', 'version: must be a version of three numbers, e.g. "1.0.0" (a suffix such as '
         '"1.0.0-draft" may follow) (got \'1.0\')'),
        ('[[override]]\ndomain = "example.org"\nreason = ""\n', "override[example.org].reason: must not be empty"),
    ])
    def test_a_value_of_the_wrong_form_is_told_the_form_in_words_not_a_regex(self, tmp_path: Path, body: str,
                                                                            says: str) -> None:
        """`String should match pattern '^[a-z0-9][a-z0-9._-]{0,63}$'` was what a policy's author was told."""
        text = CHILD.format(parent="gdpr-strict").replace('id = "child"\nversion = "1.0.0"\n', "")
        text += "" if body.startswith("id") else 'id = "child"\n'
        text += "" if body.startswith("version") else 'version = "1.0.0"\n'
        assert f"{tmp_path / 'child.toml'}: {says}" in refused(write(tmp_path, text + body, "child.toml"))

    def test_a_value_where_a_table_belongs_names_the_keys_of_the_table(self, tmp_path: Path) -> None:
        body = '[[override]]\ndomain = "example.org"\nreason = "r"\non = "block"\n'
        assert (f"override[example.org].on: must be a table of keys ({ON_KEYS}), not text ('block')"
                in refused(child(tmp_path, body)))

    @pytest.mark.parametrize("name", ["purpose", "override"])
    def test_one_table_where_an_array_of_tables_is_asked_is_told_to_write_two_brackets(self, tmp_path: Path,
                                                                                        name: str) -> None:
        text = STRICT.replace("[[purpose]]", "[purpose]") if name == "purpose" else (
            STRICT + '[override]\ndomain = "example.org"\nreason = "r"\n')
        assert (f"{name}: must be an array of tables: write [[{name}]], with two brackets, above each {name}"
                in refused(write(tmp_path, text)))


class TestAKeyWrittenUnderTheNextTablesHeaderIsPlaced:
    """In TOML a key belongs to the last table header above it: a purpose's key written after
    `[purpose.basis]` was an unknown key of the basis, with the basis's keys listed (found in review)."""

    @pytest.mark.parametrize(("key", "told"), [
        ('builds_face_recognition_db = false', "builds_face_recognition_db is a key of [[purpose]], not of "
                                               "[purpose.basis]; a key belongs to the last table header above it, "
                                               "so write it before [purpose.basis]"),
        ('biometrics = false', "did you mean 'biometric', a key of [[purpose]] (written before [purpose.basis])?"),
    ])
    def test_a_purposes_key_after_its_basis(self, tmp_path: Path, key: str, told: str) -> None:
        body = ('[[purpose]]\nid = "web-text-corpus"\n[purpose.basis]\nart6 = "eu-gdpr:A6-1-f"\n'
                f'art6_evidence = "LIA-1"\n{key}\n')
        assert told in refused(child(tmp_path, body))

    def test_a_policy_key_after_a_table(self, tmp_path: Path) -> None:
        body = '[runtime]\non_error = "fail-closed"\ndefault_purpose = "web-text-corpus"\n'
        assert "default_purpose is a key of the top level, not of [runtime]" in refused(child(tmp_path, body))


class TestValuesMustHaveTheirTomlType:
    """TOML was chosen over YAML so that `NO` is never read as false: a quoted value where a
    boolean, number or date is asked is refused, never coerced."""

    @pytest.mark.parametrize(("body", "key", "says"), [
        ('[audit]\nhash_chain = "NO"\n', "audit.hash_chain", "true or false"),
        ('[runtime]\nface_detection = "off"\n', "runtime.face_detection", "true or false"),
        ('[runtime]\nface_min_score = "0.6"\n', "runtime.face_min_score", "a number"),
        ('[runtime]\nface_min_px = 24.0\n', "runtime.face_min_px", "a whole number"),
        ('[audit]\ncheckpoint_every = 1000.0\n', "audit.checkpoint_every", "a whole number"),
        ('[[purpose]]\nid = "web-text-corpus"\nretention_days = "180"\n', "purpose[web-text-corpus].retention_days",
         "a whole number"),
        ('[[override]]\ndomain = "example.org"\nreason = "r"\nexpires = "2099-01-01"\n', "override[example.org].expires",
         "a TOML date"),
        ('[[override]]\ndomain = "example.org"\nreason = "r"\nexpires = 2099-01-01T00:00:00\n',
         "override[example.org].expires", "a TOML date"),
    ])
    def test_a_value_of_another_type_is_refused_and_named(self, tmp_path: Path, body: str, key: str, says: str) -> None:
        message = refused(child(tmp_path, body))
        assert f"{key}: must be {says}" in message

    @pytest.mark.parametrize("written", ["2099-01-01T00:00:00Z", "2099-01-01T08:30:00+02:00", "08:30:00"])
    def test_a_date_and_time_where_a_date_is_asked_is_shown_as_written(self, tmp_path: Path, written: str) -> None:
        """It was shown as a cut-off Python repr: `(got datetime.datetime(2099, 1, 1, 0, 0, tzinfo=datetime.timezone)`."""
        message = refused(child(tmp_path, f'[[override]]\ndomain = "example.org"\nreason = "r"\nexpires = {written}\n'))
        shown = written.replace("Z", "+00:00")
        assert f"override[example.org].expires: must be a TOML date without quotes, e.g. 2099-01-01 (got {shown})" in message

    @pytest.mark.parametrize("written", ["true", "1.0"])
    def test_the_schema_version_is_the_number_1_not_true_nor_a_decimal(self, tmp_path: Path, written: str) -> None:
        """`schema_version = true` (and 1.0) loaded as schema 1: true == 1 to the Literal check."""
        message = refused(write(tmp_path, STRICT.replace("schema_version = 1\n", f"schema_version = {written}\n")))
        assert f"schema_version: must be 1 (got {written.title() if written == 'true' else written})" in message

    @pytest.mark.parametrize(("body", "key", "says"), [
        ('[controller]\nname = "Me"\ncontact = "me@example.org"\nestablishment = "DE"\n', "controller.establishment",
         '["DE"]'),
        ('[[override]]\ndomain = "example.org"\nreason = "r"\npurposes = "web-text-corpus"\n',
         "override[example.org].purposes", '["web-text-corpus"]'),
        ('[jurisdiction]\nunknown = "UK"\n', "jurisdiction.unknown", '["UK"]'),
    ])
    def test_one_text_where_an_array_is_asked_is_told_in_brackets(self, tmp_path: Path, body: str, key: str,
                                                                  says: str) -> None:
        """The value itself in brackets: `establishment = "DE"` was told to write ["EU"], which is
        no country to be established in."""
        assert f"{key}: must be an array: write {says}" in refused(child(tmp_path, body))

    @pytest.mark.parametrize(("body", "says"), [
        ('[[purpose]]\nid = "web-text-corpus"\n[purpose.basis]\nart6 = ["eu-gdpr:A6-1-f"]\n',
         "purpose[web-text-corpus].basis.art6: must be text in quotes"),
        ('[runtime]\nface_detection = [true]\n', "runtime.face_detection: must be true or false"),
        ('[controller]\nname = "Me"\ncontact = "me@example.org"\nestablishment = { country = "DE" }\n',
         "controller.establishment: must be an array, its values in brackets [ ] (got {'country': 'DE'})"),
    ])
    def test_an_array_or_table_where_another_type_is_asked_is_told_that_type(self, tmp_path: Path, body: str,
                                                                            says: str) -> None:
        """These said pydantic's 'Input should be a valid string' (or list), not what to write."""
        assert says in refused(child(tmp_path, body))

    def test_a_whole_number_where_a_number_is_asked_is_still_a_number(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, "[runtime]\nface_min_score = 1\ntimeout_seconds = 30\n"))
        assert policy.runtime.face_min_score == 1.0 and policy.runtime.timeout_seconds == 30.0

    @pytest.mark.parametrize("name", ["gdpr-strict", "research-9-2-j", "search-index", "log-only"])
    def test_every_shipped_policy_has_its_values_in_their_types(self, name: str) -> None:
        assert load_policy(name).audit.hash_chain is True


class TestTheAuditHashChainIsAlwaysOn:
    def test_switching_it_off_is_refused_and_says_why(self, tmp_path: Path) -> None:
        message = refused(child(tmp_path, "[audit]\nhash_chain = false\n"))
        assert "audit.hash_chain: the audit log is always hash-chained" in message and "cannot be switched off" in message

    def test_saying_it_is_on_still_loads(self, tmp_path: Path) -> None:
        assert load_policy(child(tmp_path, "[audit]\nhash_chain = true\n")).audit.hash_chain is True


class TestAnOptOutCannotBeRedacted:
    def test_in_a_purpose(self, tmp_path: Path) -> None:
        message = refused(child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n[purpose.on]\nopt_out = "redact"\n'))
        assert "purpose[web-text-corpus].on.opt_out" in message and "does not apply to an opt-out" in message

    def test_in_an_override(self, tmp_path: Path) -> None:
        message = refused(child(tmp_path, '[[override]]\ndomain = "example.org"\nreason = "r"\n'
                                          'on = { opt_out = "redact" }\n'))
        assert "override[example.org].on.opt_out" in message and "does not apply to an opt-out" in message

    @pytest.mark.parametrize("action", ["block", "log", "allow"])
    def test_every_other_action_is_accepted(self, tmp_path: Path, action: str) -> None:
        body = f'[[override]]\ndomain = "example.org"\nreason = "r"\nevidence = "e"\nexpires = 2099-01-01\n' \
               f'on = {{ opt_out = "{action}" }}\n'
        assert load_policy(child(tmp_path, body)).override[-1].on.opt_out == action  # type: ignore[union-attr]


class TestAnUnassessedLawCannotBeRedacted:
    """(review) `on.unassessed_jurisdiction = "redact"` loaded without a word, and a page under the
    law the purpose was not assessed for was handed over with its text (a name, an address, a
    phone number), only its pictures taken out: the finding covers the whole resource."""

    def test_in_a_purpose(self, tmp_path: Path) -> None:
        message = refused(child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n[purpose.on]\n'
                                          'unassessed_jurisdiction = "redact"\n'))
        assert "purpose[web-text-corpus].on.unassessed_jurisdiction" in message
        assert "does not apply to a law the purpose was not assessed for" in message

    def test_in_an_override(self, tmp_path: Path) -> None:
        message = refused(child(tmp_path, '[[override]]\ndomain = "example.org"\nreason = "r"\n'
                                          'on = { unassessed_jurisdiction = "redact" }\n'))
        assert "override[example.org].on.unassessed_jurisdiction" in message

    @pytest.mark.parametrize("action", ["block", "log", "allow"])
    def test_every_other_action_is_accepted(self, tmp_path: Path, action: str) -> None:
        policy = load_policy(child(tmp_path, f'[[purpose]]\nid = "web-text-corpus"\n[purpose.on]\n'
                                             f'unassessed_jurisdiction = "{action}"\n'))
        assert policy.get_purpose("web-text-corpus").on.unassessed_jurisdiction == action


class TestAChildAddingPurposesNamesItsDefault:
    """(review) A policy extending search-index with a purpose of its own, `kids-archive`, that
    blocks personal images, but naming no default_purpose: requests naming no purpose were judged
    under the parent's `web-search` (personal images kept, under its legitimate-interest
    assessment), and `policy check` said nothing of it."""

    KIDS = ('[[purpose]]\nid = "kids-archive"\nusage = "archive"\nretention_days = 30\njurisdictions = ["EU"]\n[purpose.basis]\nart6 = "eu-gdpr:A6-1-f"\n'
            'art6_evidence = "LIA-KIDS"\n[purpose.on]\npersonal_image = "block"\n')

    def test_a_policy_check_warns_which_purpose_judges_by_default(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, self.KIDS, parent="search-index"))
        assert [p.id for p in policy.purpose] == ["web-search", "kids-archive"]
        assert dict(policy.warnings())["default_purpose"] == (
            "not set: this policy adds purpose kids-archive to those of the policy it extends, yet a request that "
            "names no purpose is judged under the first, web-search, by its basis and actions (a personal image is "
            "kept and logged); set default_purpose = 'kids-archive' if that is what it is for")

    def test_naming_the_default_or_changing_only_inherited_purposes_is_not_warned(self, tmp_path: Path) -> None:
        named = load_policy(child(tmp_path, 'default_purpose = "kids-archive"\n' + self.KIDS, parent="search-index"))
        assert "default_purpose" not in dict(named.warnings())
        changed = load_policy(child(tmp_path, '[[purpose]]\nid = "web-search"\n[purpose.on]\n'
                                              'personal_image = "block"\n', parent="search-index"))
        assert "default_purpose" not in dict(changed.warnings())
        assert "default_purpose" not in dict(load_policy("search-index").warnings())


class TestOverrideDomainsAreKeptInOneSpelling:
    @pytest.mark.parametrize("written", ["bücher.de", "BÜCHER.DE", "xn--bcher-kva.de", "bücher.de."])
    def test_unicode_or_punycode_is_stored_as_punycode(self, tmp_path: Path, written: str) -> None:
        policy = load_policy(child(tmp_path, f'[[override]]\ndomain = "{written}"\nreason = "r"\n'
                                             'on = { personal_image = "block" }\n'))
        assert policy.override[-1].domain == "xn--bcher-kva.de"

    @pytest.mark.parametrize(("written", "kept"), [("127.0.0.1", "127.0.0.1"), ("10.0.0.5", "10.0.0.5"),
                                                   ("192.168.1.10", "192.168.1.10"), ("[2001:DB8:0::1]", "2001:db8::1"),
                                                   ("::1", "::1")])
    def test_an_ip_address_is_accepted_whatever_its_last_octet(self, tmp_path: Path, written: str, kept: str) -> None:
        policy = load_policy(child(tmp_path, f'[[override]]\ndomain = "{written}"\nreason = "r"\n'
                                             'on = { personal_image = "block" }\n'))
        assert policy.override[-1].domain == kept

    @pytest.mark.parametrize(("written", "says"), [("www.bücher.de", "use 'xn--bcher-kva.de'"),
                                                    ("бг", "not a registrable domain"), ("a..b", "not a registrable domain"),
                                                    ("exa mple.de", "not a registrable domain"),
                                                    ("999.1.1.10", "nor an IP address")])
    def test_what_could_never_match_is_still_refused(self, tmp_path: Path, written: str, says: str) -> None:
        assert says in refused(child(tmp_path, f'[[override]]\ndomain = "{written}"\nreason = "r"\n'
                                                'on = { personal_image = "block" }\n'))


class TestAProblemNamesTheFileOfTheChainThatHoldsIt:
    def test_an_unknown_key_in_a_parent_is_reported_against_the_parent(self, tmp_path: Path) -> None:
        write(tmp_path, STRICT.replace('id = "gdpr-strict"', 'id = "corp-base"') + "chekpoint = 5\n", "corp-base.toml")
        message = refused(child(tmp_path, '[runtime]\non_error = "fail-open"\n', parent="corp-base"))
        base, team = tmp_path / "corp-base.toml", tmp_path / "child.toml"
        assert message.startswith(f"{base} (extended by {team}): audit.chekpoint: unknown key (not in schema v1; "
                                  "check the spelling): did you mean 'checkpoint_every'?")

    def test_a_key_the_child_sets_is_reported_against_the_child(self, tmp_path: Path) -> None:
        write(tmp_path, STRICT.replace('id = "gdpr-strict"', 'id = "corp-base"'), "corp-base.toml")
        path = child(tmp_path, '[audit]\nchekpoint = 5\n[[purpose]]\nid = "web-text-corpus"\nretention_days = "9"\n',
                     parent="corp-base")
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        assert info.value.sources == [None, None]
        assert str(info.value).splitlines() == [
            f"{path}: purpose[web-text-corpus].retention_days: must be a whole number without quotes or decimal point, "
            "e.g. 180 (got '9') (line 9)",
            f"{path}: audit.chekpoint: unknown key (not in schema v1; check the spelling): did you mean "
            f"'checkpoint_every'? [audit] takes {', '.join(AUDIT_KEYS)} (line 6)"]

    def test_a_purpose_key_is_traced_by_the_purpose_id_through_two_levels(self, tmp_path: Path) -> None:
        base = STRICT.replace('id = "gdpr-strict"', 'id = "corp-base"').replace("retention_days = 180", "retention_days = 0")
        write(tmp_path, base, "corp-base.toml")
        write(tmp_path, CHILD.format(parent="corp-base").replace('"child"', '"dept"') + '[audit]\nurl = "hmac"\n',
              "dept.toml")
        with pytest.raises(PolicyError) as info:
            load_policy(child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\ntitle = "ours"\n', parent="dept"))
        assert info.value.sources == [str(tmp_path / "corp-base.toml")]
        assert "purpose[web-text-corpus].retention_days" in str(info.value)


class TestAProblemAcrossTablesNamesItsKey:
    """Rules spanning the policy (an override against the purposes, `default_purpose` against the
    purpose ids) name the key at fault like any other problem, never an empty key path."""

    def problems(self, tmp_path: Path, body: str) -> list[tuple[str, str]]:
        with pytest.raises(PolicyError) as info:
            load_policy(child(tmp_path, body))
        assert info.value.sources == [None] * len(info.value.problems)  # the child's: it wrote the key
        return info.value.problems

    @pytest.mark.parametrize(("extra", "key"), [("", "evidence"), ('evidence = "L-1"\n', "expires"),
                                                ("expires = 2099-01-01\n", "evidence")])
    def test_a_relaxing_override_without_evidence_or_expiry(self, tmp_path: Path, extra: str, key: str) -> None:
        [(where, why)] = self.problems(tmp_path, '[[override]]\ndomain = "example.org"\nreason = "x"\n' + extra
                                                 + 'signals = { robots_txt = "ignore" }\n')
        assert (where, why) == (f"override[example.org].{key}", "the override relaxes a rule: it needs evidence and expires")

    def test_an_override_naming_an_unknown_purpose(self, tmp_path: Path) -> None:
        assert self.problems(tmp_path, '[[override]]\ndomain = "example.org"\nreason = "x"\npurposes = ["nope"]\n') == [
            ("override[example.org].purposes", "unknown purposes ['nope']")]

    def test_an_override_allowing_face_biometrics_for_purposes_that_process_none(self, tmp_path: Path) -> None:
        """It read as face biometrics allowed on that site, and allowed nothing: a purpose with
        biometric = false never has a biometric finding (its own on.biometric must be 'block')."""
        assert self.problems(tmp_path, '[[override]]\ndomain = "example.org"\nreason = "x"\nevidence = "E"\n'
                                       'expires = 2027-06-30\non = { biometric = "allow" }\n') == [
            ("override[example.org].on.biometric", "'allow', but purpose web-text-corpus declares biometric = false: "
                                                   "no face biometrics are processed for it, so this allows nothing "
                                                   "(a purpose's own on.biometric must then be 'block'); leave the key "
                                                   "out, or name a biometric purpose in purposes")]

    def test_every_such_problem_is_named_at_once_not_one_per_run(self, tmp_path: Path) -> None:
        """`policy check` names every problem: with three overrides at fault it named the first, and
        the author learnt of the next one only after fixing it and running it again."""
        relaxing = '[[override]]\ndomain = "{}.example"\nreason = "x"\nsignals = {{ robots_txt = "ignore" }}\n'
        assert self.problems(tmp_path, 'default_purpose = "nope"\n' + relaxing.format("a") + relaxing.format("b")
                             + '[[override]]\ndomain = "c.example"\nreason = "x"\npurposes = ["nope"]\n') == [
            ("default_purpose", "'nope' is not one of ['web-text-corpus']"),
            ("override[a.example].evidence", "the override relaxes a rule: it needs evidence and expires"),
            ("override[b.example].evidence", "the override relaxes a rule: it needs evidence and expires"),
            ("override[c.example].purposes", "unknown purposes ['nope']")]

    def test_a_default_purpose_the_policy_lacks(self, tmp_path: Path) -> None:
        assert self.problems(tmp_path, 'default_purpose = "nope"\n') == [
            ("default_purpose", "'nope' is not one of ['web-text-corpus']")]

    @pytest.mark.parametrize("written", ['""', '"  "'])
    def test_an_empty_default_purpose_is_no_purpose(self, tmp_path: Path, written: str) -> None:
        """It loaded and meant the first purpose, which is not what it says (leaving the key out is)."""
        assert self.problems(tmp_path, f'default_purpose = {written}\n') == [
            ("default_purpose", "must not be empty: name one of ['web-text-corpus'], or leave the key out to use "
                                "the first")]

    def test_a_repeated_purpose_id(self, tmp_path: Path) -> None:
        strict_purpose = STRICT[STRICT.index("[[purpose]]"):STRICT.index("[audit]")]
        with pytest.raises(PolicyError) as info:
            load_policy(write(tmp_path, STRICT + strict_purpose))
        assert info.value.problems == [("purpose[web-text-corpus].id",
                                        "purpose ids must be unique, repeated: 'web-text-corpus'")]


# ------------------------------------------------------------------ warnings
def test_what_is_allowed_but_must_be_seen_is_warned_at_load(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    soon = datetime.date.today() + datetime.timedelta(days=365)  # (one for years is warned too)
    path = child(tmp_path, '[signals]\nrobots_txt = "ignore"\n[runtime]\nface_detection = false\n'
                           '[[override]]\ndomain = "example.org"\nreason = "licence"\nevidence = "L-1"\n'
                           f'expires = {soon}\nsignals = {{ ai_txt = "ignore" }}\n')
    with caplog.at_level(logging.WARNING, logger="scrapeguard"):
        policy = load_policy(path)
    keys = [key for key, _ in besides_uk(policy.warnings())]
    assert keys == ["signals.robots_txt", "override[example.org].signals.ai_txt", "runtime.face_detection"]
    for key in keys:
        assert key in caplog.text


def test_face_thresholds_that_switch_detection_off_in_practice_are_warned(tmp_path: Path) -> None:
    policy = load_policy(child(tmp_path, "[runtime]\nface_min_score = 1.0\nface_min_px = 4096\n"))
    assert [key for key, _ in besides_uk(policy.warnings())] == ["runtime.face_min_score", "runtime.face_min_px"]


class TestWhatDoesNotDoWhatItSaysIsWarned:
    def test_terms_of_service_cannot_be_obeyed(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, '[signals]\nterms_of_service = "obey"\n'
                                             '[[override]]\ndomain = "example.org"\nreason = "r"\n'
                                             'signals = { terms_of_service = "obey" }\n'))
        warned = dict(policy.warnings())
        assert "no reader evaluates" in warned["signals.terms_of_service"]
        assert "no reader evaluates" in warned["override[example.org].signals.terms_of_service"]

    def test_logging_or_ignoring_terms_of_service_is_not_warned(self, tmp_path: Path) -> None:
        for mode in ("log", "ignore"):
            assert besides_uk(load_policy(child(tmp_path, f'[signals]\nterms_of_service = "{mode}"\n')).warnings()) == []

    def test_an_override_past_its_expiry_is_warned_from_the_day_after(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, '[[override]]\ndomain = "example.org"\nreason = "licence"\n'
                                             'evidence = "L-1"\nexpires = 2030-06-30\non = { personal_image = "allow" }\n'))
        assert besides_uk(policy.warnings(today=datetime.date(2030, 6, 30))) == []
        [(key, why)] = besides_uk(policy.warnings(today=datetime.date(2030, 7, 1)))
        assert key == "override[example.org].expires" and why.startswith("2030-06-30: in the past")

    def test_an_override_naming_no_purpose_is_warned(self, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            policy = load_policy(child(tmp_path, '[[override]]\ndomain = "example.net"\nreason = "r"\npurposes = []\n'
                                                 'on = { personal_image = "block" }\n'))
        [(key, why)] = besides_uk(policy.warnings())
        assert key == "override[example.net].purposes" and "never applies" in why
        assert key in caplog.text


class TestWhatLetsThroughWhatTheGuardWithholdsIsWarned:
    """README: `policy check` shows as WARN what is valid but weakens the guard - per purpose
    as much as per signal family."""

    def test_errors_let_through_while_enforcing(self, tmp_path: Path) -> None:
        [(key, why)] = besides_uk(load_policy(child(tmp_path, '[runtime]\non_error = "fail-open"\n')).warnings())
        assert key == "runtime.on_error" and "let through unjudged" in why

    def test_opt_outs_missing_bases_and_unassessed_laws_let_through(self, tmp_path: Path) -> None:
        path = child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n[purpose.on]\nopt_out = "allow"\n'
                               'personal_image = "allow"\nmissing_basis = "log"\nunassessed_jurisdiction = "allow"\n'
                               '[[override]]\ndomain = "example.org"\nreason = "licence"\nevidence = "L-1"\n'
                               'expires = 2099-01-01\non = { opt_out = "log" }\n')
        warned = dict(besides_uk(load_policy(path).warnings()))
        assert list(warned) == ["purpose[web-text-corpus].on.opt_out", "purpose[web-text-corpus].on.missing_basis",
                                "purpose[web-text-corpus].on.unassessed_jurisdiction", "override[example.org].on.opt_out"]
        assert warned["purpose[web-text-corpus].on.opt_out"].startswith("'allow': an item its site opted out of")
        assert warned["purpose[web-text-corpus].on.missing_basis"].endswith("is kept and logged, not withheld")

    @pytest.mark.parametrize("expires", ["9999-12-31", "2099-01-01"])
    def test_a_relaxation_that_runs_for_years_is_warned(self, tmp_path: Path, expires: str) -> None:
        """`expires` is what makes a relaxing override an exception under review: a date decades away met
        the rule and ended nothing."""
        path = child(tmp_path, f'[[override]]\ndomain = "example.org"\nreason = "licence"\nevidence = "L-1"\n'
                               f'expires = {expires}\nsignals = {{ ai_txt = "log" }}\n')
        assert besides_uk(load_policy(path).warnings()) == [
            ("override[example.org].expires", f"{expires}: the override relaxes a rule for more than 3 years, which "
                                              "reads as for good: set the date its evidence (an agreement, an "
                                              "assessment) ends or is next reviewed")]

    def test_a_relaxation_ending_within_three_years_or_a_stricter_rule_for_good_is_not(self, tmp_path: Path) -> None:
        soon = datetime.date.today() + datetime.timedelta(days=3 * 365)
        path = child(tmp_path, f'[[override]]\ndomain = "example.org"\nreason = "licence"\nevidence = "L-1"\n'
                               f'expires = {soon.isoformat()}\nsignals = {{ ai_txt = "log" }}\n'
                               '[[override]]\ndomain = "school.example"\nreason = "pupils"\nexpires = 9999-12-31\n'
                               'on = { personal_image = "block" }\n')
        assert besides_uk(load_policy(path).warnings()) == []

    def test_withholding_them_is_not_warned(self, tmp_path: Path) -> None:
        path = child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n[purpose.on]\nmissing_basis = "redact"\n')
        assert besides_uk(load_policy(path).warnings()) == []

    @pytest.mark.parametrize("code", ["FX", "EU", "XK"])
    def test_an_establishment_that_is_no_country_and_the_eu_images_it_refuses(self, tmp_path: Path, code: str) -> None:
        own = STRICT.replace('id = "gdpr-strict"', 'id = "own"')  # (a shipped id under other rules is warned)
        path = write(tmp_path, own.replace('establishment = ["FR"]', f'establishment = ["{code}"]'))
        warned = dict(load_policy(path).warnings())
        assert list(warned) == ["controller.establishment", "controller.eu_representative", "controller.uk_representative"]
        assert warned["controller.establishment"].startswith(f"['{code}']: no ISO 3166-1 country")
        assert warned["controller.eu_representative"] == (
            "not set: every personal image on a page under EU/EEA law or of another country (OTHER, judged as EU) "
            "is a missing_basis finding (basis.missing.eu_representative) and so is blocked (on.missing_basis = "
            "'block'); set it to your Art. 27 representative in the EU, or name the EU/EEA country you are "
            "established in in controller.establishment")

    def test_a_code_that_is_no_country_beside_a_member_state_refuses_nothing(self, tmp_path: Path) -> None:
        own = STRICT.replace('id = "gdpr-strict"', 'id = "own"')  # (a shipped id under other rules is warned)
        path = write(tmp_path, own.replace('establishment = ["FR"]', 'establishment = ["FX", "FR", "UK"]'))
        assert [key for key, _ in load_policy(path).warnings()] == ["controller.establishment"]

    def test_a_missing_notice_or_record_refuses_every_eu_personal_image(self, tmp_path: Path) -> None:
        text = "\n".join(ln for ln in STRICT.splitlines() if not ln.startswith(("notice_url", "ropa_ref")))
        text += ('\n[[purpose]]\nid = "b"\nusage = "search"\nretention_days = 9\njurisdictions = ["EU"]\n'
                 'basis = { art6 = "eu-gdpr:A6-1-f", art6_evidence = "LIA" }\non = { missing_basis = "allow" }\n')
        warned = dict(load_policy(write(tmp_path, text)).warnings())
        assert warned["controller.notice_url"] == (
            "not set: every personal image on a page under EU/EEA/UK/CH/CA/AU law or of another country (OTHER, "
            "judged as EU) is a missing_basis finding (basis.missing.notice_url) and so is by each purpose's "
            "on.missing_basis: web-text-corpus blocked, b kept; set it to the URL of your public Art. 14 notice")
        assert "(basis.missing.ropa_ref)" in warned["controller.ropa_ref"]

    @staticmethod
    def _without_notice(tmp_path: Path, overrides: str) -> dict[str, str]:
        """gdpr-strict's warnings with no notice_url, and `overrides` added."""
        text = "\n".join(ln for ln in STRICT.splitlines() if not ln.startswith("notice_url"))
        own = text.replace('id = "gdpr-strict"', 'id = "own"')  # (a shipped id under other rules is warned)
        return dict(load_policy(write(tmp_path, own + overrides)).warnings())

    def test_a_missing_notice_names_the_override_domains_where_its_images_are_kept(self, tmp_path: Path) -> None:
        """With an override of example.de setting on.missing_basis = 'allow', the warning said every personal image
        under EU law was blocked for the missing notice_url, while the guard kept example.de's (review, session 73)."""
        override = ('\n[[override]]\ndomain = "{domain}"\nreason = "partner"\nevidence = "E-1"\nexpires = {expires}\n'
                    'on = {{ personal_image = "allow", missing_basis = "{action}" }}\n')
        warned = self._without_notice(tmp_path, override.format(domain="example.de", expires="2099-01-01",
                                                                action="allow"))
        assert warned["controller.notice_url"] == (
            "not set: every personal image on a page under EU/EEA/UK/CH/CA/AU law or of another country (OTHER, "
            "judged as EU) is a missing_basis finding (basis.missing.notice_url) and so is blocked (on.missing_basis "
            "= 'block'), except on example.de, where it is kept (override[example.de].on.missing_basis = 'allow'); "
            "set it to the URL of your public Art. 14 notice")
        # one no laxer than the purposes', or past its expiry, changes nothing of what the warning says
        for domain, expires, action in (("example.fr", "2099-01-01", "block"), ("example.it", "2020-01-01", "allow")):
            warned = self._without_notice(tmp_path, override.format(domain=domain, expires=expires, action=action))
            assert "except" not in warned["controller.notice_url"] and domain not in warned["controller.notice_url"]
        many = "".join(override.format(domain=f"example{i}.de", expires="2099-01-01", action="log") for i in range(5))
        said = [f"on example{i}.de, where it is kept and logged (override[example{i}.de].on.missing_basis = 'log')"
                for i in range(3)]
        assert self._without_notice(tmp_path, many)["controller.notice_url"].endswith(
            f"(on.missing_basis = 'block'), except {', and '.join(said)}, and on the domains of 2 more overrides "
            "that set it; set it to the URL of your public Art. 14 notice")

    def test_a_controller_outside_the_uk_without_a_representative_there(self, tmp_path: Path) -> None:
        """gdpr-strict has no uk_representative, so every face image on a .co.uk page is blocked, not
        redacted (UK GDPR Art. 27), and `policy check gdpr-strict` said nothing of it: the controller
        warnings spoke of EU/EEA law and `jurisdiction.unknown`/`assume` alone."""
        assert dict(load_policy("gdpr-strict").warnings())["controller.uk_representative"] == (
            "not set: every personal image on a page under UK law is a missing_basis finding "
            "(basis.missing.uk_representative) and so is blocked (on.missing_basis = 'block'); set it to your "
            "UK GDPR Art. 27 representative in the UK, or add 'GB' to controller.establishment if you are "
            "established there")
        for settled in ('establishment = ["FR"]\nuk_representative = "Example Crawler UK Ltd, London"',
                        'establishment = ["FR", "GB"]'):
            path = write(tmp_path, STRICT.replace('establishment = ["FR"]', settled))
            assert "controller.uk_representative" not in dict(load_policy(path).warnings())
        # no page is judged under UK law: the controller lacks nothing for it
        eu_only = child(tmp_path, '[jurisdiction]\ndetect = ["tcf-cmp"]\n')
        assert "controller.uk_representative" not in dict(load_policy(eu_only).warnings())

    @pytest.mark.parametrize(("controller", "key", "pages"), [
        ('establishment = ["GB"]\nnotice_url = "https://acme.test/n"\nropa_ref = "R-1"\nuk_representative = "UK Ltd"',
         "eu_representative", "under EU/EEA law or of another country (OTHER, judged as EU)"),
        ('establishment = ["US"]\nropa_ref = "R-1"\neu_representative = "EU Ltd"\nuk_representative = "UK Ltd"',
         "notice_url", "under EU/EEA/UK/CH/CA/AU law or of another country (OTHER, judged as EU)"),
    ], ids=["gb-without-an-eu-representative", "us-without-a-notice"])
    def test_a_controller_warning_names_every_law_whose_pages_the_gap_refuses(
            self, tmp_path: Path, controller: str, key: str, pages: str) -> None:
        """A GB controller without an EU representative was warned of EU/EEA pages, and its .co.jp pages (OTHER,
        judged as EU) were blocked too; a US one without notice_url was warned of EU/EEA/UK pages, and its .ch,
        .com.au and .co.jp pages were blocked too (review, session 71). The warning names each law the rules
        refuse the images under."""
        from scrapeguard.policy.model import Jurisdiction
        from scrapeguard.policy.rules import basis_gaps

        path = child(tmp_path, f'[controller]\nname = "Acme"\ncontact = "privacy@acme.test"\n{controller}\n')
        policy = load_policy(path)
        assert dict(policy.warnings())[f"controller.{key}"].startswith(
            f"not set: every personal image on a page {pages} is a missing_basis finding (basis.missing.{key})")
        refusing = [law for law in get_args(Jurisdiction) if f"basis.missing.{key}" in
                    {code for code, _ in basis_gaps(policy, policy.purpose[0], law, "personal_image", [])}]
        named = pages.removeprefix("under ").split(" law")[0].split("/")
        assert refusing == [*named, "OTHER"]

    def test_a_law_no_purpose_was_assessed_for_asks_nothing_of_the_controller(self, tmp_path: Path) -> None:
        """research-9-2-j assesses EU/EEA only, so a page under UK law is refused as unassessed
        (`on.unassessed_jurisdiction = 'block'`) whoever the controller names: its `policy check` told
        the reviewer to appoint a UK representative, which would have let no image through. The
        warning stays where the unassessed law is let through or refused less than the missing basis."""
        assert "controller.uk_representative" not in dict(load_policy("research-9-2-j").warnings())
        eu_only = child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\njurisdictions = ["EU", "EEA"]\n')
        assert "controller.uk_representative" not in dict(load_policy(eu_only).warnings())
        lenient = child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\njurisdictions = ["EU", "EEA"]\n'
                                  '[purpose.on]\nunassessed_jurisdiction = "log"\n')
        assert dict(load_policy(lenient).warnings())["controller.uk_representative"].startswith(
            "not set: every personal image on a page under UK law is a missing_basis finding "
            "(basis.missing.uk_representative) and so is blocked (on.missing_basis = 'block')")
        # an override making the missing basis the stricter on one site: the controller's key matters there
        stricter = child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\njurisdictions = ["EU", "EEA"]\n'
                                   '[purpose.on]\nunassessed_jurisdiction = "log"\nmissing_basis = "log"\n'
                                   '[[override]]\ndomain = "example.co.uk"\nreason = "stricter here"\nevidence = "memo"\n'
                                   'expires = 2099-01-01\n[override.on]\nmissing_basis = "block"\n')
        assert "controller.uk_representative" in dict(load_policy(stricter).warnings())


def test_under_audit_mode_a_warning_says_what_enforcing_would_do_not_that_it_is_done(tmp_path: Path) -> None:
    """log-only (runtime.mode = 'audit') withholds nothing: each item passes, recorded with what enforcing
    would do. Its warnings said every personal image on a UK page, or of a consent basis, 'is blocked': a
    reviewer read a policy that lets everything through as one that refuses them."""
    warned = dict(load_policy("log-only").warnings())
    assert warned["controller.uk_representative"].startswith(
        "not set: every personal image on a page under UK law is a missing_basis finding "
        "(basis.missing.uk_representative) and so is let through, recorded as would-be blocked "
        "(runtime.mode = 'audit', on.missing_basis = 'block'); set it")
    consent = child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n[purpose.basis]\nart6 = "eu-gdpr:A6-1-a"\n'
                              'consent_registry = "https://c.example"\n', parent="log-only")
    assert dict(load_policy(consent).warnings())["purpose[web-text-corpus].basis.art6"].endswith(
        "(basis.consent.unverified) and so is let through, recorded as would-be blocked (runtime.mode = 'audit')")


def test_no_rule_of_a_shipped_policy_weakens_the_guard() -> None:
    """Their one warning: the UK representative their example controller lacks, which refuses more
    (research-9-2-j, assessed for EU/EEA law only, refuses every item under UK law anyway)."""
    for name in ("gdpr-strict", "search-index", "log-only"):
        assert [key for key, _ in load_policy(name).warnings()] == ["controller.uk_representative"]
    assert load_policy("research-9-2-j").warnings() == []


class TestTheShippedExamplesControllerAndEvidenceAreWarned:
    """A shipped policy's controller and evidence are an example's: a crawler using them (or a
    policy extending one and inheriting them) would count someone else's notice and assessments as
    its own, and nothing said so."""

    OWN = ('[controller]\nname = "ACME Ltd"\ncontact = "dpo@acme.test"\nestablishment = ["DE"]\n'
           'notice_url = "https://acme.test/crawler"\nropa_ref = "ACME-7"\n')

    @pytest.mark.parametrize("name", ["gdpr-strict", "research-9-2-j", "search-index", "log-only"])
    def test_a_shipped_policy_names_what_to_set(self, name: str) -> None:
        policy = load_policy(name)
        warned = dict(policy.placeholders())
        assert list(warned) == ["controller"] + [f"purpose[{p.id}].basis" for p in policy.purpose] + [
            f"override[{o.domain}].evidence" for o in policy.override if o.evidence]
        assert f"name {policy.controller.name!r}" in warned["controller"]
        assert "set your own name, contact, notice_url and ropa_ref" in warned["controller"]
        assert f"art6_evidence {policy.purpose[0].basis.art6_evidence!r}" in warned[f"purpose[{policy.purpose[0].id}].basis"]

    def test_a_child_keeping_the_examples_evidence_is_warned_for_it_alone(self, tmp_path: Path) -> None:
        [(key, why)] = load_policy(child(tmp_path, self.OWN)).placeholders()
        assert key == "purpose[web-text-corpus].basis"
        assert why.startswith("art6_evidence 'LIA-2025-01' is the shipped example's, not yours")
        assert "a [[purpose]] with id = 'web-text-corpus'" in why

    def test_a_child_keeping_an_examples_relaxing_override_is_warned_for_its_evidence(self, tmp_path: Path) -> None:
        """research-9-2-j's override lets faces through on a named source under its data-access agreement:
        a child inheriting it rested that relaxation on someone else's agreement, unsaid (found in review)."""
        own = self.OWN + ('[[purpose]]\nid = "face-detection-bias-study"\n[purpose.basis]\nart6_evidence = "LAW-1"\n'
                          'art9_evidence = { law = "BDSG 27", safeguards = ["pseudonymised"], dpia = "D-1", ethics = "I-1" }\n')
        [(key, why)] = load_policy(child(tmp_path, own, parent="research-9-2-j")).placeholders()
        assert key == "override[benchmark-archive.example].evidence"
        assert why.startswith("evidence 'DAA-2025-03' is the shipped example's, not yours")
        # ended as the warning advises (restated with a past `expires`), it is warned of no more (review)
        ended = own + ('[[override]]\ndomain = "benchmark-archive.example"\nreason = "ended"\n'
                       'evidence = "DAA-2025-03"\nexpires = 2020-01-01\npurposes = ["face-detection-bias-study"]\n'
                       'on = { personal_image = "allow", biometric = "allow" }\n')
        assert load_policy(child(tmp_path, ended, parent="research-9-2-j")).placeholders() == []

    def test_a_child_with_its_own_controller_and_evidence_is_not_warned(self, tmp_path: Path) -> None:
        path = child(tmp_path, self.OWN + '[[purpose]]\nid = "web-text-corpus"\n[purpose.basis]\n'
                                          'art6 = "eu-gdpr:A6-1-f"\nart6_evidence = "ACME-LIA-3"\n')
        assert load_policy(path).placeholders() == []

    def test_they_are_warned_at_load(self, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
        """A shipped policy's in one line naming them (`policy check` says each); a policy of one's
        own that inherits them, each."""
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            load_policy("gdpr-strict")
        [said] = [r.getMessage() for r in caplog.records]
        assert said.startswith("scrapeguard: policy gdpr-strict is a shipped example: its controller and "
                               "purpose[web-text-corpus].basis are examples, not yours")
        assert "also controller.uk_representative warned of" in said
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            load_policy(child(tmp_path, ""))
        assert "controller: name 'Example Crawler SAS'" in caplog.text
        assert "purpose[web-text-corpus].basis: art6_evidence 'LIA-2025-01'" in caplog.text

    def test_a_users_own_policy_in_the_policies_folder_is_no_shipped_example(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """README puts one's own policy in `policies/`, beside the shipped ones: its controller and
        evidence are the user's own, not the example's, and it is warned for nothing."""
        from scrapeguard.policy import loader

        folder = tmp_path / "policies"
        folder.mkdir()
        for shipped in POLICIES.glob("*.toml"):
            (folder / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
        own = write(folder, STRICT.replace('id = "gdpr-strict"', 'id = "acme"')
                    .replace("Example Crawler SAS", "ACME Ltd").replace("privacy@example.org", "dpo@acme.test")
                    .replace("https://example.org/crawler-notice", "https://acme.test/crawler")
                    .replace("ROPA-CRAWL-01", "ACME-7").replace("LIA-2025-01", "ACME-LIA-3"), "acme.toml")
        monkeypatch.setattr(loader, "builtin_policy_dirs", lambda: [folder])
        loader.shipped_examples.cache_clear()
        try:
            assert [key for key, _ in load_policy(own).placeholders()] == []
            assert "controller" in dict(load_policy(folder / "gdpr-strict.toml").placeholders())
        finally:
            loader.shipped_examples.cache_clear()

    def test_the_shipped_ids_are_the_files_the_project_ships(self) -> None:
        from scrapeguard.policy.loader import SHIPPED_POLICY_IDS

        assert sorted(SHIPPED_POLICY_IDS) == sorted(p.stem for p in POLICIES.glob("*.toml"))


class TestASignalThatOnlyRecordsWhatItForbids:
    """robots.txt or X-Robots-Tag set to 'log' lets through every page it forbids, as 'ignore' does,
    which alone was warned; and an adapter must know where the guard does not enforce robots.txt
    (Scrapy's ROBOTSTXT_OBEY is then what obeys it)."""

    def test_robots_txt_or_x_robots_tag_logged_is_warned(self, tmp_path: Path) -> None:
        path = child(tmp_path, '[signals]\nrobots_txt = "log"\nx_robots_tag = "log"\ntdmrep = "log"\n'
                               '[[override]]\ndomain = "partner.example"\nreason = "permission"\nevidence = "M-1"\n'
                               'expires = 2099-01-01\nsignals = { x_robots_tag = "log" }\n')
        warned = dict(load_policy(path).warnings())
        assert warned["signals.robots_txt"].startswith("'log': this opt-out is recorded, not obeyed")
        assert "signals.x_robots_tag" in warned and "override[partner.example].signals.x_robots_tag" in warned
        assert "signals.tdmrep" not in warned  # a use's reservation: logged under the research and search exceptions

    def test_what_keeps_the_guard_from_enforcing_robots_txt_is_named(self, tmp_path: Path) -> None:
        assert load_policy("gdpr-strict").not_enforcing("robots_txt") == []
        assert load_policy("search-index").not_enforcing("robots_txt") == []
        assert load_policy("log-only").not_enforcing("robots_txt") == ["runtime.mode = 'audit'"]
        path = child(tmp_path, '[[override]]\ndomain = "partner.example"\nreason = "permission"\nevidence = "M-1"\n'
                               'expires = 2099-01-01\nsignals = { robots_txt = "ignore" }\non = { opt_out = "log" }\n')
        assert load_policy(path).not_enforcing("robots_txt") == [
            "override[partner.example].signals.robots_txt = 'ignore'", "override[partner.example].on.opt_out = 'log'"]


class TestAPolicyThatNamesNoAuditLogIsLoud:
    """No `[audit] sink` writes no log: decisions unrecorded, erasures not honoured. No file is
    invented; the policy, `policy check` and the guard say so."""

    NO_SINK = STRICT.replace('sink = "scrapeguard-audit.sqlite"\n', "")

    @pytest.mark.parametrize("sink", [None, '""'])
    def test_a_missing_or_empty_sink_is_warned_once_at_load(self, tmp_path: Path, sink: str | None,
                                                            caplog: pytest.LogCaptureFixture) -> None:
        text = self.NO_SINK if sink is None else self.NO_SINK.replace("[audit]\n", f"[audit]\nsink = {sink}\n")
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            policy = load_policy(write(tmp_path, text))
        warned = dict(policy.warnings())
        assert warned["audit.sink"].startswith("not set: " if sink is None else "empty: ")
        assert "decisions are not recorded" in warned["audit.sink"] and "suppression list" in warned["audit.sink"]
        assert caplog.text.count("audit.sink") == 1

    def test_policy_check_prints_it(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        from scrapeguard.cli import main

        assert main(["policy", "check", str(write(tmp_path, self.NO_SINK))]) == 0
        assert "WARN" in capsys.readouterr().out.split("audit.sink")[0].rsplit("\n", 1)[-1]

    def test_a_policy_naming_its_log_is_not_warned(self, tmp_path: Path) -> None:
        assert "audit.sink" not in dict(load_policy(write(tmp_path, STRICT)).warnings())


class TestABiometricPurposeNeedsFaceDetection:
    """The Art. 9(2) gate is met by a face found in the image: with detection off no image is
    biometric, so a biometric purpose would take every face photo unchecked."""

    def test_face_detection_off_under_a_biometric_purpose_is_refused(self, tmp_path: Path) -> None:
        path = child(tmp_path, "[runtime]\nface_detection = false\n", parent="research-9-2-j")
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        [(key, reason)] = info.value.problems
        assert key == "runtime.face_detection" and info.value.path == str(path)
        assert "purpose face-detection-bias-study declares biometric = true" in reason
        assert "Art. 9(2) condition is never tested" in reason
        assert str(info.value).startswith(f"{path}: runtime.face_detection: false, but")

    def test_face_detection_off_without_a_biometric_purpose_is_only_warned(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, "[runtime]\nface_detection = false\n"))
        assert "runtime.face_detection" in dict(policy.warnings())

    @pytest.mark.parametrize(("key", "value"), [("face_min_px", "4096"), ("face_min_px", "257"),
                                                ("face_min_score", "1.0")])
    def test_thresholds_that_count_almost_no_face_are_refused_as_well(self, tmp_path: Path, key: str,
                                                                      value: str) -> None:
        """(review) `face_min_px = 4096` under research-9-2-j let every face photo pass for the
        biometric purpose, its Art. 9(2) gate never reached, with only a generic WARN."""
        path = child(tmp_path, f"[runtime]\n{key} = {value}\n", parent="research-9-2-j")
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        [(where, reason)] = info.value.problems
        assert where == f"runtime.{key}"
        assert reason.startswith(f"{value}, but purpose face-detection-bias-study declares biometric = true")

    @pytest.mark.parametrize(("key", "value"), [("face_min_px", "256"), ("face_min_score", "0.999")])
    def test_thresholds_at_the_limit_load_for_a_biometric_purpose(self, tmp_path: Path, key: str, value: str) -> None:
        load_policy(child(tmp_path, f"[runtime]\n{key} = {value}\n", parent="research-9-2-j"))

    def test_the_same_thresholds_without_a_biometric_purpose_are_only_warned(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, "[runtime]\nface_min_px = 4096\nface_min_score = 0.995\n"))
        assert {"runtime.face_min_px", "runtime.face_min_score"} <= set(dict(policy.warnings()))


class TestArt6BasesThatDoNotFitCrawling:
    """Research §1.2: (a) holds per person, (c) and (e) rest on a named law (Art. 6(3)), (b) and
    (d) practically never fit crawling third-party pages."""

    @staticmethod
    def basis(tmp_path: Path, lines: str) -> Path:
        return child(tmp_path, f'[[purpose]]\nid = "web-text-corpus"\n[purpose.basis]\n{lines}\n')

    def test_a_legal_obligation_needs_the_law_named(self, tmp_path: Path) -> None:
        problems = refused(self.basis(tmp_path, 'art6 = "eu-gdpr:A6-1-c"\nart6_evidence = ""'))
        assert "purpose[web-text-corpus].basis.art6_evidence: must not be empty" in problems
        path = write(tmp_path, STRICT.replace('art6 = "eu-gdpr:A6-1-f"', 'art6 = "eu-gdpr:A6-1-c"')
                     .replace('art6_evidence = "LIA-2025-01"', ""))
        assert ("art6 = eu-gdpr:A6-1-c needs art6_evidence (the named law, Art. 6(3))"
                in refused(path))
        assert load_policy(self.basis(tmp_path, 'art6 = "eu-gdpr:A6-1-c"\nart6_evidence = "Archives Act s. 3"'))

    @pytest.mark.parametrize("letter", ["b", "d"])
    def test_contract_and_vital_interests_are_warned(self, tmp_path: Path, letter: str,
                                                     caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            policy = load_policy(self.basis(tmp_path, f'art6 = "eu-gdpr:A6-1-{letter}"'))
        why = dict(policy.warnings())["purpose[web-text-corpus].basis.art6"]
        assert why.startswith(f"'eu-gdpr:A6-1-{letter}': ") and "check the basis" in why
        assert "purpose[web-text-corpus].basis.art6" in caplog.text

    def test_consent_is_warned_as_refusing_every_personal_image(self, tmp_path: Path) -> None:
        policy = load_policy(self.basis(tmp_path, 'art6 = "eu-gdpr:A6-1-a"\nconsent_registry = "https://c.example"'))
        warned = dict(besides_uk(policy.warnings()))
        assert "(basis.consent.unverified) and so is blocked" in warned["purpose[web-text-corpus].basis.art6"]
        assert not [key for key in warned if key.startswith("controller.")]  # the controller lacks nothing


class TestAnArt9ConditionTheRulesNeverAcceptForCrawlingFacesIsWarned:
    """A biometric purpose resting only on a condition the rules refuse for crawled faces under
    EU law refuses every face image: said at load, as Art. 6(1)(a) consent is."""

    RESEARCH = (POLICIES / "research-9-2-j.toml").read_text()

    def research(self, tmp_path: Path, art9: str, extra: str = "") -> Path:
        text = self.RESEARCH.replace('art9 = ["eu-gdpr:A9-2-j"]', f"art9 = {art9}\nconsent_registry = \"https://c.example\"")
        return write(tmp_path, text.replace('purposes = ["face-detection-bias-study"]\n',
                                            'purposes = ["face-detection-bias-study"]\n' + extra))

    @pytest.mark.parametrize(("art9", "code"), [
        ('["eu-gdpr:A9-2-b"]', "basis.missing.art9_condition"), ('["eu-gdpr:A9-2-h", "eu-gdpr:A9-2-i"]',
                                                                 "basis.missing.art9_condition"),
        ('["eu-gdpr:A9-2-a"]', "basis.consent.unverified"), ('["eu-gdpr:A9-2-e"]',
                                                            "basis.missing.made_public_by_subject")])
    def test_every_face_image_is_said_to_be_refused(self, tmp_path: Path, art9: str, code: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            policy = load_policy(self.research(tmp_path, art9))
        why = dict(policy.warnings())["purpose[face-detection-bias-study].basis.art9"]
        assert why.endswith(f"so every face image under EU law is a missing_basis finding ({code}) and so is blocked")
        assert "purpose[face-detection-bias-study].basis.art9" in caplog.text

    @pytest.mark.parametrize(("art9", "extra"), [
        ('["eu-gdpr:A9-2-j"]', ""), ('["eu-gdpr:A9-2-g"]', ""), ('["eu-gdpr:A9-2-b", "eu-gdpr:A9-2-j"]', ""),
        ('["eu-gdpr:A9-2-e"]', "made_public_by_subject = true\n")])
    def test_a_condition_that_holds_somewhere_is_not_warned(self, tmp_path: Path, art9: str, extra: str) -> None:
        policy = load_policy(self.research(tmp_path, art9, extra))
        assert "purpose[face-detection-bias-study].basis.art9" not in dict(policy.warnings())

    @pytest.mark.parametrize("law", ["US", "AU", "CH", "OTHER"])
    def test_a_law_that_takes_only_per_person_consent_for_faces_is_said_to_refuse_them(
            self, tmp_path: Path, law: str) -> None:
        """Under US, Swiss ... law face biometrics need a release or consent per person, which the
        guard cannot verify: a biometric purpose assessed for that law (`on.biometric = "allow"`
        there too) refuses every face image on its pages, and loaded without a word."""
        path = write(tmp_path, self.RESEARCH.replace('jurisdictions = ["EU", "EEA"]', f'jurisdictions = ["EU", "EEA", "{law}"]'))
        why = dict(load_policy(path).warnings())["purpose[face-detection-bias-study].biometric"]
        assert why.startswith(f"true, but under {law} law ") and "(basis.consent.unverified) and so is blocked" in why

    def test_a_biometric_purpose_assessed_for_the_eea_only_is_not_warned_so(self, tmp_path: Path) -> None:
        assert "purpose[face-detection-bias-study].biometric" not in dict(
            load_policy(write(tmp_path, self.RESEARCH)).warnings())

    def test_a_condition_declared_for_a_purpose_that_is_not_biometric_is_warned(self, tmp_path: Path) -> None:
        """`art9` on a purpose with `biometric = false` loaded without a word, and `audit ropa` and every
        decision then named a special-category condition that is never used (found in review)."""
        assert "art9 = []" in STRICT
        path = write(tmp_path, STRICT.replace("art9 = []", 'art9 = ["eu-gdpr:A9-2-e"]', 1))
        why = dict(load_policy(path).warnings())["purpose[web-text-corpus].basis.art9"]
        assert why.startswith("['eu-gdpr:A9-2-e'], but biometric = false") and "set biometric = true" in why
        assert "purpose[face-detection-bias-study].basis.art9" not in dict(load_policy("research-9-2-j").warnings())

    def test_a_source_made_public_only_by_an_expired_override_is_no_source(self, tmp_path: Path) -> None:
        """Past its `expires` the override applies to nothing (`Scope.of`): its made_public_by_subject
        lets no face image through under Art. 9(2)(e), so every one is refused, as with none."""
        path = self.research(tmp_path, '["eu-gdpr:A9-2-e"]', "made_public_by_subject = true\n")
        path.write_text(path.read_text().replace("expires = 2027-09-30", "expires = 2020-01-01"))
        why = dict(load_policy(path).warnings())["purpose[face-detection-bias-study].basis.art9"]
        assert "(basis.missing.made_public_by_subject) and so is blocked" in why


class TestTheNarrowestOverrideSaysWhetherSubjectsMadeTheirImagesPublic:
    """Art. 9(2)(e) holds for a source whose subjects manifestly made their images public, as an
    override of its domain says. A per-purpose override's `made_public_by_subject = false` was
    outvoted by a wider one's `true` (any of them counted), `policy check` said OK, and a face image
    was collected for the purpose whose operator had said its subjects did not (found in review)."""

    POLICY = """schema_version = 1
id = "t-mpbs"
version = "1.0.0"
[controller]
name = "Acme"
contact = "privacy@acme.test"
establishment = ["DE"]
notice_url = "https://acme.test/n"
ropa_ref = "R1"
[[purpose]]
id = "faces"
usage = "tdm"
biometric = true
retention_days = 30
jurisdictions = ["EU"]
basis = { art6 = "eu-gdpr:A6-1-f", art6_evidence = "LIA-1", art9 = ["eu-gdpr:A9-2-e"], art9_evidence = { dpia = "D-1" } }
on = { personal_image = "block", biometric = "block" }
[[purpose]]
id = "other"
usage = "tdm"
biometric = true
retention_days = 30
jurisdictions = ["EU"]
basis = { art6 = "eu-gdpr:A6-1-f", art6_evidence = "LIA-1", art9 = ["eu-gdpr:A9-2-e"], art9_evidence = { dpia = "D-1" } }
on = { personal_image = "block", biometric = "block" }
[[override]]
domain = "example.org"
reason = "public profiles"
evidence = "ASSESS-1"
expires = 2099-06-30
made_public_by_subject = true
on = { personal_image = "allow", biometric = "allow" }
"""
    NARROWER = """[[override]]
domain = "example.org"
purposes = ["faces"]
reason = "not for this purpose"
made_public_by_subject = false
"""

    def gaps(self, path: Path, purpose: str) -> list[str]:
        from scrapeguard.policy.evaluate import overrides_for
        from scrapeguard.policy.rules import basis_gaps

        policy = load_policy(path)
        chosen = policy.get_purpose(purpose)
        active = overrides_for(policy, chosen, "example.org", datetime.date.today())[0]
        return [code for code, _ in basis_gaps(policy, chosen, "EU", "biometric", active)]

    def test_a_narrower_overrides_false_holds_for_its_purposes_alone(self, tmp_path: Path) -> None:
        path = write(tmp_path, self.POLICY + self.NARROWER)
        assert "basis.missing.made_public_by_subject" in self.gaps(path, "faces")
        assert "basis.missing.made_public_by_subject" not in self.gaps(path, "other")
        why = dict(load_policy(path).warnings())["purpose[faces].basis.art9"]
        assert "(basis.missing.made_public_by_subject) and so is blocked" in why
        assert "purpose[other].basis.art9" not in dict(load_policy(path).warnings())

    def test_a_narrower_override_that_does_not_say_leaves_the_wider_ones_word(self, tmp_path: Path) -> None:
        path = write(tmp_path, self.POLICY + self.NARROWER.replace("made_public_by_subject = false\n", ""))
        assert "basis.missing.made_public_by_subject" not in self.gaps(path, "faces")

    def test_two_overrides_as_wide_saying_otherwise_are_refused(self, tmp_path: Path) -> None:
        same_width = self.NARROWER.replace('purposes = ["faces"]\n', "")
        with pytest.raises(PolicyError, match="made_public_by_subject"):
            load_policy(write(tmp_path, self.POLICY + same_width))


class TestABiometricAllowanceNoFaceImageCanGetIsWarned:
    """A face image is a personal image too (`face.detected`), and a decision takes the strictest
    action: a biometric purpose's `on.biometric = "allow"` under the default `on.personal_image =
    "block"` let no face image through, and `policy check` said OK (a DPO's research dataset
    that collects none of the faces it declares)."""

    RESEARCH = (POLICIES / "research-9-2-j.toml").read_text()
    # (its purpose keeping no face prints: one keeping them, letting faces through from every site, is refused)
    NO_PRINTS = RESEARCH.replace('data = ["pd:Picture", "pd:FacialPrint"]', 'data = ["pd:Picture"]')

    def test_a_purposes_biometric_action_below_its_personal_image_action_is_warned(self, tmp_path: Path) -> None:
        text = self.NO_PRINTS.replace('personal_image = "block"\nbiometric = "block"',
                                     'personal_image = "block"\nbiometric = "allow"')
        without_override = text.split("[[override]]")[0] + "[audit]" + text.split("[audit]")[1]
        why = dict(load_policy(write(tmp_path, without_override)).warnings())[
            "purpose[face-detection-bias-study].on.biometric"]
        assert why.startswith("'allow', but on.personal_image = 'block'") and "is blocked" in why
        # (review) the advice that holds, an override per source (raising personal_image, face images of every site
        # are warned of as untargeted scraping); for a purpose that recognises no one, no word of 5(1)(e)
        assert "[[override]] of its domain" in why and "set on.personal_image" not in why and "5(1)(e)" not in why
        # where an override lets the purpose's personal images through, its biometric action holds there
        assert "purpose[face-detection-bias-study].on.biometric" not in dict(load_policy(write(tmp_path, text)).warnings())

    def test_an_override_allowing_biometrics_where_personal_images_stay_blocked_is_warned(self, tmp_path: Path) -> None:
        path = write(tmp_path, self.RESEARCH.replace('on = { personal_image = "allow", biometric = "allow" }',
                                                     'on = { biometric = "allow" }'))
        why = dict(load_policy(path).warnings())["override[benchmark-archive.example].on.biometric"]
        assert why.startswith("'allow', but on.personal_image = 'block'") and "face-detection-bias-study" in why

    def test_a_biometric_allowance_under_a_personal_image_log_lets_faces_through_and_is_not_told_to_loosen_it(
            self, tmp_path: Path) -> None:
        """`log` keeps the picture too: a research purpose recording its faces (personal_image = "log") with
        biometric = "allow" collects them, and was told to loosen personal_image (regression review)."""
        text = self.NO_PRINTS.replace('personal_image = "block"\nbiometric = "block"',
                                     'personal_image = "log"\nbiometric = "allow"')
        warned = [why for key, why in load_policy(write(tmp_path, text)).warnings() if key.endswith("on.biometric")]
        # (only that it takes faces from every site, not from named sources: the warning of the test below)
        assert len(warned) == 1 and "set on.personal_image" not in warned[0] and "every site" in warned[0]
        overridden = self.RESEARCH.replace('on = { personal_image = "allow", biometric = "allow" }',
                                           'on = { personal_image = "log", biometric = "allow" }')
        assert not [key for key, _ in load_policy(write(tmp_path, overridden)).warnings() if key.endswith("on.biometric")]

    def test_the_shipped_research_policy_is_not_warned_so(self) -> None:
        assert not [key for key, _ in load_policy("research-9-2-j").warnings() if key.endswith("on.biometric")]


class TestAPurposeKeepingBiometricDataIsBiometric:
    """A purpose whose `data` names biometric categories must pass the Art. 9 gate: with
    biometric = false it took face photos under an Art. 6 basis alone."""

    @pytest.mark.parametrize("data", ['["pd:Picture", "pd:FacialPrint"]', '["pd:Biometric"]', '["FacialPrint"]',
                                      '["eu-gdpr:BiometricData"]', '["dpv-pd:Fingerprint"]',
                                      '["pd:Name", "https://w3id.org/dpv/pd#FacialPrint"]',
                                      '["http://w3id.org/dpv/dpv-pd#Biometric"]',
                                      '["https://w3id.org/dpv/pd/FacialPrint"]'])
    def test_biometric_data_without_biometric_true_is_refused(self, tmp_path: Path, data: str) -> None:
        path = child(tmp_path, f'[[purpose]]\nid = "web-text-corpus"\ndata = {data}\n')
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        [(key, reason)] = info.value.problems
        assert key == "purpose[web-text-corpus].biometric"
        assert reason.startswith("false, but data lists [") and "biometric = true" in reason

    @pytest.mark.parametrize(("key", "terms"), [
        ("processing", '["dpv:Collect", "ai:FaceRecognition"]'), ("processing", '["ai:BiometricIdentification"]'),
        ("processing", '["https://w3id.org/dpv/ai#FaceRecognition"]'), ("dpv", '["eu-aiact:BiometricIdentification"]'),
        ("dpv", '["dpv:ResearchAndDevelopment", "eu-aiact:BiometricVerification"]')])
    def test_face_recognition_without_biometric_true_is_refused(self, tmp_path: Path, key: str, terms: str) -> None:
        """A purpose saying it recognises or identifies people by their faces (the DPV terms of
        legal-policy-model §3.1) is biometric processing (Art. 4(14), Art. 9): with biometric = false
        it loaded with no Art. 9(2) gate, and `audit ropa` listed face recognition under Art. 6 alone."""
        path = child(tmp_path, f'[[purpose]]\nid = "web-text-corpus"\n{key} = {terms}\n')
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        [(where, reason)] = info.value.problems
        assert where == "purpose[web-text-corpus].biometric"
        assert reason.startswith(f"false, but {key} lists [") and "biometric = true" in reason

    def test_image_recognition_and_derivation_are_no_face_recognition(self, tmp_path: Path) -> None:
        assert load_policy(child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n'
                                           'processing = ["dpv:Collect", "dpv:Derive", "ai:ImageRecognition"]\n'))

    def test_pictures_and_names_are_no_biometric_data(self, tmp_path: Path) -> None:
        assert load_policy(child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\ndata = ["pd:Picture", "pd:Name"]\n'))
        assert load_policy(child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n'
                                           'data = ["https://w3id.org/dpv/pd#Picture", "https://w3id.org/dpv/pd#Name"]\n'))

    def test_a_huge_data_term_is_read_in_linear_time(self, tmp_path: Path) -> None:
        """The term's prefix was cut with a regex (`.*[:#/]`) that is quadratic on a term without a
        separator: a 40 kB one took 12 s to load."""
        import time

        start = time.perf_counter()
        assert load_policy(child(tmp_path, f'[[purpose]]\nid = "web-text-corpus"\ndata = ["{"a" * 200_000}"]\n'))
        assert time.perf_counter() - start < 5

    def test_the_shipped_research_policy_keeps_face_prints_under_its_art9_condition(self) -> None:
        [purpose] = load_policy("research-9-2-j").purpose
        assert "pd:FacialPrint" in purpose.data and purpose.biometric


class TestAJurisdictionSetThatNarrowsTheEuDefaultIsWarned:
    """`unknown` without EU, or `detect` without `cctld`, takes pages out of the GDPR's reach
    silently; and the controller warnings speak only of laws a page can be judged under."""

    US = ('[controller]\nname = "US Crawler Inc"\ncontact = "privacy@us.example"\nestablishment = ["US"]\n'
          'notice_url = "https://us.example/n"\nropa_ref = "R-1"\n')

    def test_unknown_without_eu_is_warned(self, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.WARNING, logger="scrapeguard"):
            policy = load_policy(child(tmp_path, self.US + '[jurisdiction]\nunknown = ["US"]\n'))
        warned = dict(policy.warnings())
        assert warned["jurisdiction.unknown"].startswith("['US']: a page no signal places is judged under US law only")
        assert "never applies" not in warned["jurisdiction.unknown"]  # a .de host still brings EU law
        assert "jurisdiction.detect" not in warned and "jurisdiction.unknown" in caplog.text
        # EU law is reachable (ccTLDs): its gaps are still said
        assert "controller.eu_representative" in warned

    def test_no_detector_and_no_eu_default_speaks_of_no_eu_law(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, self.US + '[jurisdiction]\nunknown = ["US"]\ndetect = []\n'))
        warned = dict(policy.warnings())
        assert warned["jurisdiction.unknown"].endswith("no detector can place a page in the EU, so EU law never applies")
        assert warned["jurisdiction.detect"].startswith("[]: no detector, so every page is judged under US law "
                                                        "(the controller's establishment, jurisdiction.unknown)")
        assert not [key for key in warned if key.startswith("controller.")]  # no EU representative to name

    def test_no_detector_says_every_law_a_page_is_then_judged_under(self, tmp_path: Path) -> None:
        """The establishment's law applies to every page too: a DE controller's .co.uk page is judged
        under EU and US law, not the US law of `unknown` the warning named alone."""
        de = self.US.replace('establishment = ["US"]', 'establishment = ["DE"]')
        policy = load_policy(child(tmp_path, de + '[jurisdiction]\nunknown = ["US"]\nassume = ["CA"]\ndetect = []\n'))
        assert dict(policy.warnings())["jurisdiction.detect"] == (
            "[]: no detector, so every page is judged under EU/CA/US law (the controller's establishment, "
            "jurisdiction.assume, jurisdiction.unknown) whatever its host (.de, .co.uk) or language")
        from scrapeguard import Guard

        with Guard(policy, user_agent="TestBot/1.0", audit=False) as g:
            d = g.check_response("https://shop.example.co.uk/a.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
        assert d.jurisdictions == ["EU", "CA", "US"]

    def test_no_detector_names_an_overrides_jurisdictions_too(self, tmp_path: Path) -> None:
        text = (self.US + '[jurisdiction]\nunknown = ["US"]\ndetect = []\n[[override]]\ndomain = "a.example"\n'
                'reason = "r"\nevidence = "E-1"\nexpires = 2099-01-01\njurisdictions = ["UK"]\n')
        warned = dict(load_policy(child(tmp_path, text)).warnings())
        assert "on an override's domain its jurisdictions in place of jurisdiction.unknown" in warned["jurisdiction.detect"]

    def test_a_purpose_not_assessed_for_the_law_of_every_page_is_warned(self, tmp_path: Path) -> None:
        """The establishment's and `assume`'s law applies to every page: a purpose assessed
        without it refuses every item (jurisdiction.unassessed), which loaded without a word."""
        body = (self.US + '[jurisdiction]\nassume = ["CA"]\n[[purpose]]\nid = "web-text-corpus"\n'
                'jurisdictions = ["EU", "US"]\n')
        policy = load_policy(child(tmp_path, body))
        assert dict(policy.warnings())["purpose[web-text-corpus].jurisdictions"] == (
            "['EU', 'US']: not CA (jurisdiction.assume), whose law applies to every page, so every item is an "
            "unassessed_jurisdiction finding and so is blocked")
        from scrapeguard import Guard

        with Guard(policy, user_agent="TestBot/1.0", audit=False) as g:
            d = g.check_response("https://example.com/a.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
        assert d.action == "block" and d.codes == ["jurisdiction.unassessed"]

    def test_a_purpose_assessed_for_it_is_not(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, self.US + '[[purpose]]\nid = "web-text-corpus"\njurisdictions = ["US"]\n'))
        assert "purpose[web-text-corpus].jurisdictions" not in dict(policy.warnings())

    def test_the_eea_without_the_eu_is_warned_as_leaving_the_eu_unassessed(self, tmp_path: Path) -> None:
        """`EEA` names Norway, Iceland and Liechtenstein (the EU is `EU`): a purpose assessed for
        `["EEA", "US"]` by a US controller, read as "the EEA, EU included", refused every .de page and
        every page no signal places (`unknown` EU) as unassessed, and policy check said OK."""
        body = (self.US + 'eu_representative = "Rep GmbH, Berlin"\n[[purpose]]\nid = "web-text-corpus"\n'
                'jurisdictions = ["EEA", "US"]\n')
        policy = load_policy(child(tmp_path, body))
        why = dict(policy.warnings())["purpose[web-text-corpus].jurisdictions"]
        assert why.startswith("['EEA', 'US']: 'EEA' names the EEA states outside the EU (Norway, Iceland, Liechtenstein)")
        assert "every item under EU law is an unassessed_jurisdiction finding and so is blocked" in why
        from scrapeguard import Guard

        with Guard(policy, user_agent="TestBot/1.0", audit=False) as g:
            d = g.check_response("https://shop.example.de/a.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
        assert d.action == "block" and d.codes == ["jurisdiction.unassessed"]
        both = load_policy(child(tmp_path, body.replace('["EEA", "US"]', '["EU", "EEA", "US"]')))
        assert "purpose[web-text-corpus].jurisdictions" not in dict(both.warnings())

    def test_an_eu_established_controllers_eea_without_the_eu_is_warned_once(self, tmp_path: Path) -> None:
        """Established in Germany, EU law holds for every page: the purpose not assessed for it is warned
        as refusing every item; the note on what 'EEA' names said the same a second time."""
        body = ('[[purpose]]\nid = "web-text-corpus"\njurisdictions = ["EEA", "UK"]\n')
        warned = [why for key, why in load_policy(child(tmp_path, body)).warnings()
                  if key == "purpose[web-text-corpus].jurisdictions"]
        assert len(warned) == 1 and "not EU (controller.establishment" in warned[0], warned

    def test_detect_without_cctld_is_warned(self, tmp_path: Path) -> None:
        warned = dict(load_policy(child(tmp_path, '[jurisdiction]\ndetect = ["html-lang"]\n')).warnings())
        assert warned["jurisdiction.detect"].startswith("['html-lang']: without 'cctld' a host's country domain")
        assert "jurisdiction.unknown" not in warned

    def test_an_eu_establishment_keeps_eu_law_everywhere(self, tmp_path: Path) -> None:
        policy = load_policy(child(tmp_path, '[jurisdiction]\nunknown = ["US"]\n'))  # gdpr-strict: FR
        assert "jurisdiction.unknown" not in dict(policy.warnings())


class TestAuditKeepPeriodsAreBounded:
    """A day count past the calendar passed `policy check`, then failed `audit prune` with a raw
    "date value out of range": refused at load, naming the key."""

    @pytest.mark.parametrize("key", ["keep_blocked_days", "keep_after_item_deleted_days", "keep_dsr_days"])
    def test_a_keep_period_past_a_hundred_years_is_refused(self, tmp_path: Path, key: str) -> None:
        path = child(tmp_path, f"[audit]\n{key} = 2147483647\n")
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        [(where, reason)] = info.value.problems
        assert where == f"audit.{key}" and "36500" in reason and info.value.path == str(path)

    def test_checkpoints_too_far_apart_to_be_written_are_refused(self, tmp_path: Path) -> None:
        """`checkpoint_every = 1e17` wrote no in-file checkpoint, by which `verify` finds a log cut at
        its tail, and passed `policy check` as OK where `hash_chain = false` is refused."""
        path = child(tmp_path, "[audit]\ncheckpoint_every = 100000000000000000\n")
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        [(where, reason)] = info.value.problems
        assert where == "audit.checkpoint_every" and "1000000" in reason
        assert load_policy(child(tmp_path, "[audit]\ncheckpoint_every = 1000000\n")).audit.checkpoint_every == 1_000_000

    def test_the_longest_keep_period_still_prunes(self, tmp_path: Path) -> None:
        from scrapeguard.audit.retention import expires, rules_of

        policy = load_policy(child(tmp_path, "[audit]\nkeep_blocked_days = 36500\nkeep_after_item_deleted_days = "
                                             "36500\nkeep_dsr_days = 36500\n"))
        rules = rules_of(policy)
        for kind, action in (("decision", "block"), ("decision", "allow"), ("dsr", "")):
            assert expires(kind, "9899-12-31T00:00:00Z", action, True, "9899-12-31T00:00:00Z", rules) is not None


class TestAnAuditSinkNoFileSystemCanNameIsRefusedAtLoad:
    """A sink with a NUL, a name past 255 bytes or a path past 4095 passed `policy check`, then
    `Guard()` failed with a raw OSError/ValueError naming neither file nor key."""

    @pytest.mark.parametrize(("sink", "why"), [
        ('"\\u0000"', "NUL"),
        ('"audit\\u0000.sqlite"', "NUL"),
        ('"' + "a" * 10000 + '"', "4095"),
        ('"logs/' + "a" * 300 + '.sqlite"', "255 bytes a name"),
        ('"file:///' + "é" * 200 + '.sqlite"', "255 bytes a name"),  # 400 bytes in UTF-8
        ('"file://[x/a.sqlite"', "file:// URL"),
        ('"file://audit.sqlite"', "names no file on this machine"),  # a host, not a file: the log went nowhere
        ('"file://backup.example/var/audit.sqlite"', "names no file on this machine"),
        ('"file:///var/log/audit%00.sqlite"', "NUL"),  # percent-encoded, it is the same NUL
        # another scheme's URL (the research note's object store): taken for a path, `s3:/bucket/...`
        ('"s3://audit-bucket/decisions.sqlite"', "a URL (s3://)"),
        ('"https://logs.example/ingest"', "a URL (https://)"),
        # what a shell would expand is no path here: the log went to a folder named `~` in the working folder
        ('"~/crawl/audit.sqlite"', "not expanded"), ('"~crawler/audit.sqlite"', "not expanded"),
        ('"logs/"', "a folder"), ('"file:///var/log/crawl/"', "a folder"),  # (the log file in it is not named)
    ])
    def test_it_is_a_policy_error_naming_the_key(self, tmp_path: Path, sink: str, why: str) -> None:
        path = child(tmp_path, f"[audit]\nsink = {sink}\n")
        with pytest.raises(PolicyError) as info:
            load_policy(path)
        [(where, reason)] = info.value.problems
        assert where == "audit.sink" and why in reason and info.value.path == str(path)

    @pytest.mark.parametrize("sink", ["logs/" + "a" * 240 + ".sqlite", "file:///var/log/crawl/audit.sqlite",
                                      "file://localhost/var/log/crawl/audit.sqlite",
                                      "/".join(["d" * 200] * 20) + ".sqlite"])
    def test_a_long_but_nameable_sink_still_loads(self, tmp_path: Path, sink: str) -> None:
        assert load_policy(child(tmp_path, f'[audit]\nsink = "{sink}"\n')).audit.sink == sink

    def test_a_guard_opens_the_file_a_file_url_sink_names(self, tmp_path: Path) -> None:
        from scrapeguard import Guard

        log = tmp_path / "audit.sqlite"
        policy = load_policy(child(tmp_path, f'[audit]\nsink = "file://{log}"\n'))
        Guard(policy, user_agent="TestBot/1.0").close()
        assert log.exists()

    def test_a_file_url_sink_is_percent_decoded_as_path_as_uri_writes_it(self, tmp_path: Path) -> None:
        """`Path.as_uri()` writes a space as %20: the log was looked for in a folder named `sp%20ace`
        (or written to a file `a%20b.sqlite` beside the one meant)."""
        from scrapeguard import Guard

        log = tmp_path / "sp ace" / "a b.sqlite"
        log.parent.mkdir()
        policy = load_policy(child(tmp_path, f'[audit]\nsink = "{log.as_uri()}"\n'))
        Guard(policy, user_agent="TestBot/1.0").close()
        assert log.exists() and [p.name for p in log.parent.iterdir() if "%" in p.name] == []


def test_a_controller_established_in_an_outermost_region_is_established_in_the_eu(tmp_path: Path) -> None:
    path = write(tmp_path, STRICT.replace('establishment = ["FR"]', 'establishment = ["RE"]'))
    assert "controller.eu_representative" not in dict(load_policy(path).warnings())


def test_a_biometric_purpose_letting_faces_through_everywhere_is_warned(tmp_path: Path) -> None:
    """A child of research-9-2-j setting its purpose's personal_image and biometric to allow took faces from
    every site, where its parent lets them through from named sources only, by [[override]]s that need
    evidence and an end date: `policy check` said OK without a word (found in review)."""
    lax = child(tmp_path, '[[purpose]]\nid = "face-detection-bias-study"\ndata = ["pd:Picture"]\n[purpose.on]\n'
                          'personal_image = "allow"\nbiometric = "allow"\n', parent="research-9-2-j")
    warned = dict(load_policy(lax).warnings())["purpose[face-detection-bias-study].on.biometric"]
    assert "collected from every site this biometric purpose crawls" in warned and "AI Act Art. 5(1)(e)" in warned
    # (keeping its parent's face prints, it is refused: review, session 71)
    printing = child(tmp_path, '[[purpose]]\nid = "face-detection-bias-study"\n[purpose.on]\npersonal_image = "allow"\n'
                               'biometric = "allow"\n', parent="research-9-2-j")
    assert "AI Act Art. 5(1)(e)" in refused(printing)
    held = child(tmp_path, '[[purpose]]\nid = "face-detection-bias-study"\n[purpose.on]\npersonal_image = "redact"\n'
                           'biometric = "allow"\n', parent="research-9-2-j")
    assert "purpose[face-detection-bias-study].on.biometric" not in dict(load_policy(held).warnings())


def test_a_controller_written_as_an_array_of_tables_is_told_to_use_one_pair_of_brackets(tmp_path: Path) -> None:
    """(A review: `[[controller]]` was told it must be a table, not an array, shown as a dump of the
    array cut off mid-word.)"""
    message = refused(write(tmp_path, 'schema_version = 1\nid = "x"\nversion = "1.0.0"\n[[controller]]\n'
                                      'name = "Example Crawler SAS"\ncontact = "privacy@example.org"\n'))
    assert "controller: must be one table: write [controller], with one pair of brackets, not [[controller]]" in message
    assert "{'name'" not in message


def test_a_policy_without_a_purpose_is_told_to_add_a_purpose_table(tmp_path: Path) -> None:
    message = refused(write(tmp_path, 'schema_version = 1\nid = "x"\nversion = "1.0.0"\n[controller]\n'
                                      'name = "Example Crawler SAS"\ncontact = "privacy@example.org"\n'))
    assert "purpose: required: at least one [[purpose]] table" in message


def test_a_purposes_table_written_as_an_array_of_tables_is_told_its_whole_header(tmp_path: Path) -> None:
    message = refused(child(tmp_path, '[[purpose]]\nid = "web-text-corpus"\n[[purpose.on]]\npersonal_image = "block"\n'))
    assert "write [purpose.on], with one pair of brackets, not [[purpose.on]]" in message


@pytest.mark.parametrize(("header", "key"), [("purpose.on", "purpose[web-text-corpus].on"),
                                             ("controller", "controller")])
def test_a_table_written_as_an_array_of_tables_is_blamed_on_its_own_header_line(tmp_path: Path, header: str,
                                                                                key: str) -> None:
    """(Review, session 71) `[[purpose.on]]` was said to be at the line of the `[[purpose]]` holding it, eight lines
    above, and `[[controller]]` at no line at all."""
    text = STRICT.replace(f"[{header}]", f"[[{header}]]", 1)
    line = text.splitlines().index(f"[[{header}]]") + 1
    message = refused(write(tmp_path, text))
    assert f"{key}: must be one table: write [{header}], with one pair of brackets, not [[{header}]] (line {line})" \
        in message
