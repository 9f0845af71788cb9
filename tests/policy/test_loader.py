"""Loading policies: the shipped ones load; every broken one is refused with the file,
the key path and the reason — never a traceback."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest

from scrapeguard import PolicyError, load_policy
from scrapeguard.policy import builtin_policy_dirs

POLICIES = Path(__file__).resolve().parents[2] / "policies"
STRICT = (POLICIES / "gdpr-strict.toml").read_text()


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def refused(path: Path) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert str(path) in str(info.value)
    return info.value


@pytest.mark.parametrize("name", ["gdpr-strict", "research-9-2-j", "search-index", "log-only"])
def test_every_shipped_policy_loads_by_path_and_by_id(name: str) -> None:
    by_path = load_policy(POLICIES / f"{name}.toml")
    by_id = load_policy(name)
    assert by_path.id == by_id.id == name
    assert by_path.sha256 == by_id.sha256 and len(by_path.sha256) == 64


def test_shipped_policies_are_found_beside_the_package() -> None:
    assert any((d / "gdpr-strict.toml").is_file() for d in builtin_policy_dirs())


def test_the_documented_relative_path_finds_the_shipped_policy_from_any_folder(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`SCRAPEGUARD_POLICY = "policies/gdpr-strict.toml"` (the README's and the design's spelling)
    failed with "file not found" in a Scrapy project of one's own; a folder of that name there
    still wins, and a name no policy ships is still an error."""
    monkeypatch.chdir(tmp_path)
    assert load_policy("policies/gdpr-strict.toml").sha256 == load_policy("gdpr-strict").sha256
    (tmp_path / "policies").mkdir()
    own = write(tmp_path / "policies", STRICT.replace('id = "gdpr-strict"', 'id = "mine"'), "gdpr-strict.toml")
    assert load_policy("policies/gdpr-strict.toml").id == "mine" and own.is_file()
    with pytest.raises(PolicyError, match="file not found"):
        load_policy("policies/not-shipped.toml")


def test_an_id_naming_a_policy_file_here_is_told_to_give_its_path(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`--policy my-policy` beside the README's `my-policy.toml` was told "no such file, and no
    shipped policy of that id", with the file in plain sight: an id names a shipped policy, a
    policy of one's own is given by its path, and the error says which to give."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, STRICT.replace('id = "gdpr-strict"', 'id = "my-policy"'), "my-policy.toml")
    with pytest.raises(PolicyError) as refused:
        load_policy("my-policy")
    said = str(refused.value)
    assert said.endswith("; the policy file my-policy.toml is here: give its path, not an id"), said
    assert said.count("my-policy.toml") == 1  # (the hint named it twice: "...toml here ...: give its path (...toml)")
    assert load_policy("my-policy.toml").id == "my-policy"


def test_a_folder_named_as_a_shipped_id_does_not_hide_the_shipped_policy(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`--policy search-index` run where a folder of that name is (a crawl's output, a project of
    that name) failed every command with "is a directory, not a policy file": a folder is never a
    policy, so the id names the shipped one; a folder given as a path is still refused."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "search-index").mkdir()
    (tmp_path / "mine").mkdir()
    assert load_policy("search-index").sha256 == load_policy(POLICIES / "search-index.toml").sha256
    with pytest.raises(PolicyError, match="is a directory, not a policy file"):
        load_policy("mine")
    with pytest.raises(PolicyError, match="is a directory, not a policy file"):
        load_policy("./search-index")


@pytest.mark.parametrize("name", ["gdpr-strict", "gdpr-strict.toml"])
def test_a_file_here_named_as_a_shipped_id_does_not_hide_the_shipped_policy_and_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, name: str) -> None:
    """An id always names the shipped policy. A file of that name here (an edited copy saved as
    `gdpr-strict.toml`, a crawl's output `search-index`) was either loaded in its place (the file
    without .toml, which then failed as "TOML syntax error") or passed over without a word (the
    edited copy, whose rules the user thought were in force): the shipped one loads, and a
    WARNING names the file and how to give it; given by its path, the file is loaded."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, STRICT.replace('personal_image = "redact"', 'personal_image = "allow"'), name)
    with caplog.at_level("WARNING", logger="scrapeguard"):
        assert load_policy("gdpr-strict").sha256 == load_policy(POLICIES / "gdpr-strict.toml").sha256
    said = [r.getMessage() for r in caplog.records if "not the file" in r.getMessage()]
    assert len(said) == 1 and said[0].endswith(f"not the file {name} here: give its path (./{name}) to load that "
                                               "one"), said
    assert load_policy(f"./{name}").purpose[0].on.personal_image == "allow"


def test_an_id_names_the_shipped_policy_quietly_where_no_other_file_of_its_name_is(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Run in the shipped policies' own folder, `gdpr-strict.toml` here is the shipped file: no warning."""
    monkeypatch.chdir(POLICIES)
    with caplog.at_level("WARNING", logger="scrapeguard"):
        load_policy("gdpr-strict", warn=False)
    assert not caplog.records


def test_a_crawls_output_file_named_as_a_shipped_id_does_not_fail_the_id(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "search-index").write_text('{"url": "https://example.org/"}\n')
    with caplog.at_level(logging.WARNING, logger="scrapeguard"):
        assert load_policy("search-index").id == "search-index"
    # no advice to load the crawl's output as a policy: only a .toml file here is one's own policy
    assert "./search-index" not in caplog.text
    with pytest.raises(PolicyError, match="TOML syntax error"):
        load_policy("./search-index")


@pytest.mark.parametrize("name", ["a" * 300, STRICT, "x/" * 3000])
def test_a_name_no_file_system_takes_is_a_policy_error(name: str) -> None:
    """`--policy "$(cat my-policy.toml)"` (the policy's text for its path) or a name over 255 bytes:
    `load_policy` raised OSError ("File name too long") out of every command, a traceback, and out of
    `Guard(...)` and Scrapy's start. It is a PolicyError naming the start of what was given and why,
    and saying to give a path."""
    with pytest.raises(PolicyError) as info:
        load_policy(name)
    said = str(info.value)
    assert "not a policy file's path nor a shipped policy's id" in said and len(said) < 400, said
    assert "\n" not in said


def test_a_path_that_cannot_be_looked_up_is_said_so_not_called_no_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A path whose folder this process may not enter (EACCES) was answered "not a policy file's path
    nor a shipped policy's id ... give the path of the policy file", to someone who gave one. The
    error says it could not be looked up, and why."""
    import errno
    import pathlib

    def refused(self: pathlib.Path, *args: object, **kwargs: object) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(pathlib.Path, "exists", refused)
    with pytest.raises(PolicyError) as info:
        load_policy("/locked/my-policy.toml")
    said = str(info.value)
    assert "Permission denied" in said and "could not be looked up" in said, said
    assert "nor a shipped policy's id" not in said


def test_a_shipped_policys_file_name_not_here_is_told_its_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--policy gdpr-strict.toml` where no such file is was "file not found" alone, the shipped
    policy of that name unmentioned: the error says to give its id (or a path to a copy)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PolicyError) as refused:
        load_policy("gdpr-strict.toml")
    assert str(refused.value).endswith("gdpr-strict.toml: file not found; the shipped policy of that name is given "
                                       "by its id: 'gdpr-strict'"), str(refused.value)
    with pytest.raises(PolicyError) as refused:
        load_policy("mine.toml")
    assert str(refused.value).endswith("mine.toml: file not found")


def test_log_only_extends_gdpr_strict_and_switches_to_audit_mode() -> None:
    strict, audit = load_policy("gdpr-strict"), load_policy("log-only")
    assert audit.extends == "gdpr-strict"
    assert audit.runtime.mode == "audit" and audit.runtime.on_error == "fail-open"
    assert audit.purpose == strict.purpose and audit.signals == strict.signals
    assert audit.sha256 != strict.sha256


def test_fingerprint_ignores_comments_and_key_order(tmp_path: Path) -> None:
    commented = write(tmp_path, "# a comment\n" + STRICT.replace('title = "', '# note\ntitle = "'))
    assert load_policy(commented).sha256 == load_policy("gdpr-strict").sha256


def test_missing_evidence_names_purpose_by_id_and_the_key(tmp_path: Path) -> None:
    err = refused(write(tmp_path, STRICT.replace('art6_evidence = "LIA-2025-01"', "")))
    assert "purpose[web-text-corpus].basis.art6_evidence" in str(err)
    assert "legitimate-interest" in str(err)


def test_typo_in_a_key_is_an_unknown_key(tmp_path: Path) -> None:
    err = refused(write(tmp_path, STRICT.replace("establishment =", "establishmnet =")))
    assert "controller.establishmnet" in str(err) and "unknown key" in str(err)


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'schema_version = 1\nid = "x"\nversion = = "1"\n')
    err = refused(path)
    assert err.line == 3 and f"{path}:3" in str(err) and "TOML syntax error" in str(err)


def test_empty_file_and_missing_file_and_directory(tmp_path: Path) -> None:
    assert "empty file" in str(refused(write(tmp_path, "  \n")))
    assert "file not found" in str(refused(tmp_path / "nope.toml"))
    assert "directory" in str(refused(tmp_path))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert "not UTF-8" in str(refused(path))


class TestAFileNotInUtf8:
    """A policy must be UTF-8 text; the error says where the first other byte is, as a line an
    editor goes to, not only a byte offset."""

    def test_names_the_line_of_the_first_byte_that_is_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "latin1.toml"
        path.write_bytes(STRICT.replace('name = "Example Crawler SAS"', 'name = "Soci\u00e9t\u00e9 SAS"').encode("latin-1"))
        err = refused(path)
        line = next(n for n, text in enumerate(STRICT.splitlines(), 1) if text.startswith("name = "))
        assert err.line == line and f"{path}:{line}: not UTF-8 text" in str(err)

    def test_a_file_saved_as_utf16_is_told_to_be_saved_as_utf8(self, tmp_path: Path) -> None:
        """Windows Notepad's "Unicode" is UTF-16 with a byte-order mark."""
        path = tmp_path / "utf16.toml"
        path.write_bytes(STRICT.encode("utf-16"))
        assert "UTF-16" in str(refused(path)) and "save it as UTF-8" in str(refused(path))


def test_ai_act_5_1_e_purpose_is_refused_at_load(tmp_path: Path) -> None:
    text = STRICT.replace('usage = "train-ai"', 'usage = "train-ai"\nbuilds_face_recognition_db = true')
    err = refused(write(tmp_path, text))
    assert "AI Act Art. 5(1)(e)" in str(err)
    assert "purpose[web-text-corpus].builds_face_recognition_db" in str(err)


@pytest.mark.parametrize(("key", "term"), [
    ("dpv", "eu-aiact:ProhibitedAISystem-A5-1-e"), ("processing", "eu-aiact:ProhibitedAISystem-A5-1-e"),
    ("dpv", "https://w3id.org/dpv/legal/eu/aiact#ProhibitedAISystem-A5-1-e")])
def test_a_purpose_declaring_the_ai_act_5_1_e_system_by_its_dpv_term_is_refused_at_load(
        tmp_path: Path, key: str, term: str) -> None:
    """The DPV term for the prohibited system (legal-policy-model §1.7) says what
    builds_face_recognition_db = true says: the purpose loaded, as long as the flag was left out."""
    text = STRICT.replace('usage = "train-ai"', f'usage = "train-ai"\n{key} = ["{term}"]')
    err = refused(write(tmp_path, text.replace('dpv = ["dpv:ResearchAndDevelopment"]\n', "")
                        .replace('processing = ["dpv:Collect", "dpv:Store", "dpv:Filter"]\n', "")))
    assert "AI Act Art. 5(1)(e)" in str(err)
    assert f"purpose[web-text-corpus].{key}" in str(err)


def test_ai_act_ban_cannot_be_relaxed_by_audit_mode_or_extends(tmp_path: Path) -> None:
    write(tmp_path, STRICT, "gdpr-strict.toml")
    child = write(tmp_path, (
        'schema_version = 1\nid = "child"\nversion = "1.0.0"\nextends = "gdpr-strict"\n'
        '[runtime]\nmode = "audit"\non_error = "fail-open"\n'
        '[[purpose]]\nid = "web-text-corpus"\nbuilds_face_recognition_db = true\n'), "child.toml")
    assert "AI Act" in str(refused(child))


def test_biometric_block_required_without_biometric_purpose(tmp_path: Path) -> None:
    err = refused(write(tmp_path, STRICT.replace('biometric = "block"', 'biometric = "allow"')))
    assert "purpose[web-text-corpus].on.biometric" in str(err)


def test_biometric_purpose_needs_an_art9_condition(tmp_path: Path) -> None:
    text = STRICT.replace('usage = "train-ai"', 'usage = "train-ai"\nbiometric = true')
    err = refused(write(tmp_path, text))
    assert "purpose[web-text-corpus].basis.art9" in str(err)


def test_art9_j_needs_law_safeguards_and_dpia(tmp_path: Path) -> None:
    text = (POLICIES / "research-9-2-j.toml").read_text()
    text = re.sub(r"art9_evidence = \{.*\}", 'art9_evidence = { dpia = "DPIA-1" }', text)
    err = refused(write(tmp_path, text))
    assert "basis.art9_evidence" in str(err) and "law" in str(err) and "safeguards" in str(err)


def test_relaxing_override_needs_evidence_and_expiry(tmp_path: Path) -> None:
    text = (POLICIES / "research-9-2-j.toml").read_text().replace('evidence = "DAA-2025-03"\n', "")
    err = refused(write(tmp_path, text))
    assert "override" in str(err) and "evidence and expires" in str(err)


def test_invalid_values_are_named(tmp_path: Path) -> None:
    err = refused(write(tmp_path, STRICT.replace('opt_out = "block"', 'opt_out = "maybe"')))
    assert "purpose[web-text-corpus].on.opt_out" in str(err)
    err = refused(write(tmp_path, STRICT.replace('art6 = "eu-gdpr:A6-1-f"', 'art6 = "legitimate interest"')))
    assert "purpose[web-text-corpus].basis.art6" in str(err)
    err = refused(write(tmp_path, STRICT.replace('establishment = ["FR"]', 'establishment = ["France"]')))
    assert "controller.establishment" in str(err)


def test_audit_mode_requires_fail_open(tmp_path: Path) -> None:
    err = refused(write(tmp_path, STRICT.replace('mode = "enforce"', 'mode = "audit"')))
    assert "runtime.on_error" in str(err)


def test_extends_cycle_and_unknown_parent(tmp_path: Path) -> None:
    write(tmp_path, 'schema_version = 1\nid = "a"\nversion = "1.0.0"\nextends = "b"\n', "a.toml")
    write(tmp_path, 'schema_version = 1\nid = "b"\nversion = "1.0.0"\nextends = "a"\n', "b.toml")
    with pytest.raises(PolicyError, match="cycle: a -> b -> a"):
        load_policy(tmp_path / "a.toml")
    lonely = write(tmp_path, 'schema_version = 1\nid = "c"\nversion = "1.0.0"\nextends = "nowhere"\n', "c.toml")
    assert "no policy 'nowhere'" in str(refused(lonely))


def test_missing_required_tables(tmp_path: Path) -> None:
    err = refused(write(tmp_path, 'schema_version = 1\nid = "x"\nversion = "1.0.0"\n'))
    assert "controller: required key is missing" in str(err)
    assert "purpose: required: at least one [[purpose]] table" in str(err)


def test_toml_nested_too_deeply_is_a_policy_error_not_a_crash(tmp_path: Path) -> None:
    assert "nested too deeply" in str(refused(write(tmp_path, "a = " + "[" * 600 + "]" * 600 + "\n", "deep.toml")))


HEAD = 'schema_version = 1\nid = "deep"\nversion = "1.0.0"\n'
EXTENDS = HEAD + 'extends = "gdpr-strict"\n'
DEEP_KEYS = {  # (policy text, the line of its deep key): a key or table name of far more parts than a policy has
    "dotted key under extends": (EXTENDS + "x." * 500 + "y = 1\n", 5),
    "dotted key of a policy's table": (HEAD + "title." + "x." * 1000 + "y = 1\n", 4),
    "table header": (HEAD + "[" + "a." * 500 + "b]\nc = 1\n", 4),
    "array of tables header": (HEAD + "[[" + "a." * 500 + "b]]\nc = 1\n", 4),
    "quoted parts": (HEAD + '"a".' * 500 + '"b" = 1\n', 4),
    "spaced dots": (HEAD + "a . " * 500 + "b = 1\n", 4),
    "inline table's key": (EXTENDS + "title = {" + "a." * 500 + "b = 1}\n", 5),
}


@pytest.mark.parametrize("case", DEEP_KEYS)
def test_a_key_of_hundreds_of_dotted_parts_is_refused_at_its_line(tmp_path: Path, case: str) -> None:
    """500 levels in 1 kB crashed the loader: the merge's deepcopy and the error messages' repr recursed
    past Python's limit, a RecursionError traceback where a PolicyError was due (exit 1, "blocked")."""
    text, line = DEEP_KEYS[case]
    err = refused(write(tmp_path, text))
    assert err.line == line
    assert str(err).endswith(f":{line}: keys nested more than 32 levels (a dotted key or table name of more than 32 "
                             "parts); not a policy")


@pytest.mark.parametrize("key", ["a." * 524_000 + "b = 1", "[" + "a." * 524_000 + "b]", '"a".' * 262_000 + '"b" = 1',
                                 "x = {" + "a." * 524_000 + "b = 1}"],
                         ids=["dotted key", "table header", "quoted parts", "inline table's key"])
def test_a_megabyte_of_dotted_key_is_refused_within_a_second(tmp_path: Path, key: str) -> None:
    """tomllib's time and memory grow with the square of a key's parts: 20,000 (40 kB) took 6 s and
    1.6 GB, 200,000 more than 12 GB. The key is refused before tomllib reads it."""
    path = write(tmp_path, key + "\n")
    started = time.monotonic()
    assert "keys nested more than 32 levels" in str(refused(path))
    assert time.monotonic() - started < 2


def test_a_key_of_32_parts_is_read_and_one_of_33_is_not(tmp_path: Path) -> None:
    read = refused(write(tmp_path, EXTENDS + "title." + "x." * 30 + "y = 1\n"))
    assert "levels; not a policy" not in str(read) and "title: must be text in quotes" in str(read)
    too_deep = refused(write(tmp_path, EXTENDS + "title." + "x." * 31 + "y = 1\n"))
    assert "keys nested more than 32 levels" in str(too_deep)


def test_dots_in_strings_comments_and_quoted_key_parts_are_no_key_parts(tmp_path: Path) -> None:
    dotted = "a." * 40
    text = STRICT.replace('id = "gdpr-strict"', f'id = "dots"  # {dotted}') + (
        f'\n[[override]]\ndomain = "example.org"\nreason = "{dotted}"\n'
        f'"{dotted}" = 1\n[override.on]\npersonal_image = "block"\n')
    err = refused(write(tmp_path, text))
    assert "levels; not a policy" not in str(err) and "unknown key" in str(err)  # (read: the quoted key is no key of an override)


@pytest.mark.parametrize(("value", "line"), [("{a=" * 100 + "1" + "}" * 100, 5), ("[" * 200 + "]" * 200, 5)])
def test_inline_tables_or_arrays_nested_past_32_levels_are_refused_at_their_line(tmp_path: Path, value: str,
                                                                                  line: int) -> None:
    """Nested inline, no key has many parts, but the merge and the error messages recurse all the same."""
    err = refused(write(tmp_path, EXTENDS + f"title = {value}\n"))
    assert err.line == line and str(err).endswith(f":{line}: tables or arrays nested more than 32 levels; not a policy")


def test_a_deep_header_and_a_deep_key_under_it_are_refused_at_the_header(tmp_path: Path) -> None:
    """Each within the limit, together past it: said at the table's header (the line of the key is that of its
    whole path, not of the part of it past the limit)."""
    header = "[" + "a." * 20 + "b]\n"
    err = refused(write(tmp_path, HEAD + header + "c = 1\n" + header.replace("b]", "d]") + "e." * 20 + "f = 1\n"))
    assert err.line == 6 and "tables or arrays nested more than 32 levels" in str(err)


@pytest.mark.parametrize("raised", [RecursionError, MemoryError])
def test_running_out_of_stack_or_memory_while_resolving_is_a_policy_error(raised: type[Exception],
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the nesting checks, whatever still recurses too deep is a bad policy (exit 2), not a traceback."""
    from scrapeguard.policy import loader

    def resolve(*_args: object) -> None:
        raise raised()

    monkeypatch.setattr(loader, "_resolve", resolve)
    err = refused(POLICIES / "gdpr-strict.toml")
    assert f"not a policy: {raised.__name__} while resolving and validating it (nested too deeply?)" in str(err)


def test_a_file_here_named_as_a_shipped_id_with_a_deep_key_is_neither_read_nor_pointed_to(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A file `gdpr-strict` here is looked at as a policy the user may have meant: tomllib read it
    whole, for minutes on a long dotted key, before the shipped policy loaded."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a." * 499_000 + "b = 1\n", "gdpr-strict")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="scrapeguard"):
        assert load_policy("gdpr-strict", warn=False).id == "gdpr-strict"
    assert time.monotonic() - started < 2
    assert "not the file" not in caplog.text


def test_a_number_too_long_to_read_is_said_to_be_one_not_a_nesting(tmp_path: Path) -> None:
    """A number of thousands of digits (past Python's integer conversion limit) was told "nested
    too deeply?", which sent the user looking for brackets the file does not have."""
    said = str(refused(write(tmp_path, STRICT.replace("retention_days = 180", "retention_days = 1" + "0" * 5000))))
    assert "a whole number of more than 4300 digits" in said and "nested" not in said

@pytest.mark.parametrize("table", ['[[purpose]]\nid = ["web-text-corpus"]\n', '[[override]]\ndomain = {a = 1}\n'])
def test_an_id_that_is_no_string_in_an_extending_policy_is_a_policy_error(tmp_path: Path, table: str) -> None:
    write(tmp_path, STRICT, "gdpr-strict.toml")
    child = write(tmp_path, 'schema_version = 1\nid = "child"\nversion = "1.0.0"\nextends = "gdpr-strict"\n' + table,
                  "child.toml")
    refused(child)


@pytest.mark.parametrize(("domain", "says"), [("www.example.org", "use 'example.org'"), ("co.uk", "public suffix")])
def test_an_override_that_could_never_match_is_refused(tmp_path: Path, domain: str, says: str) -> None:
    text = STRICT + f'\n[[override]]\ndomain = "{domain}"\nreason = "tighter here"\n[override.on]\npersonal_image = "block"\n'
    assert says in str(refused(write(tmp_path, text)))


def test_a_file_of_thousands_of_broken_tables_reports_the_first_50_at_once(tmp_path: Path) -> None:
    """Tracing each problem to its file looks items up by id, never by a scan per problem (16,000
    broken purposes took 74 s), and the report stops after 50 lines with how many more."""
    write(tmp_path, STRICT.replace('id = "gdpr-strict"', 'id = "base"'), "base.toml")
    broken = "".join(f'[[purpose]]\nid = "p{i}"\nusage = "tdm"\n' for i in range(12000))
    path = write(tmp_path, 'schema_version = 1\nid = "many"\nversion = "1.0.0"\nextends = "base"\n' + broken)
    started = time.monotonic()
    err = refused(path)
    assert time.monotonic() - started < 15
    assert len(err.problems) == 51 and len(str(err).splitlines()) == 51
    assert err.problems[0] == ("purpose[p0].retention_days", "required key is missing")
    assert err.problems[-1] == ("", "and 35950 more problems (fix these first)")


class TestTwoOverridesOfOneDomainMayNotContradictEachOther:
    """Two `[[override]]` of a domain that both apply to a purpose, neither narrower, setting one
    key differently: one would silently win by its place in the file."""

    BLOCK = '[[override]]\ndomain = "example.org"\nreason = "owner: nothing with a face"\n{purposes}' \
            'on = {{ personal_image = "block" }}\n'
    REDACT = '[[override]]\ndomain = "Example.ORG"\nreason = "keep blurred copies"\nevidence = "DPA-7"\n' \
             'expires = 2099-01-01\n{purposes}on = {{ personal_image = "redact" }}\n'

    def test_the_same_key_set_twice_for_the_same_purposes_is_refused(self, tmp_path: Path) -> None:
        error = refused(write(tmp_path, STRICT + self.BLOCK.format(purposes="") + self.REDACT.format(purposes="")))
        [(key, reason)] = error.problems
        assert key == "override[Example.ORG].on.personal_image"  # (the same domain, as overrides match it)
        assert "'redact', but an [[override]] for example.org before it (every purpose) sets it to 'block'" in reason
        assert "purpose web-text-corpus" in reason

    def test_purposes_that_overlap_without_either_being_narrower_are_refused(self, tmp_path: Path) -> None:
        body = STRICT + SECOND_PURPOSE + THIRD_PURPOSE
        error = refused(write(tmp_path, body + self.BLOCK.format(purposes='purposes = ["web-text-corpus", "two"]\n')
                              + self.REDACT.format(purposes='purposes = ["two", "three"]\n')))
        assert [key for key, _ in error.problems] == ["override[Example.ORG].on.personal_image"]
        assert "for purpose two too" in error.problems[0][1]

    @pytest.mark.parametrize("second", ['on = { opt_out = "block" }\n', 'on = { personal_image = "block" }\n'])
    def test_other_keys_or_the_same_value_still_load(self, tmp_path: Path, second: str) -> None:
        text = STRICT + self.BLOCK.format(purposes="") + '[[override]]\ndomain = "example.org"\nreason = "r"\n' + second
        assert len(load_policy(write(tmp_path, text)).override) == 2

    def test_a_narrower_override_after_a_wider_one_may_set_what_it_sets(self, tmp_path: Path) -> None:
        text = STRICT + SECOND_PURPOSE + self.BLOCK.format(purposes="") \
            + self.REDACT.format(purposes='purposes = ["web-text-corpus"]\n')
        assert len(load_policy(write(tmp_path, text)).override) == 2

    def test_a_narrower_override_before_a_wider_one_it_would_undo_is_refused(self, tmp_path: Path) -> None:
        """A block for every purpose added below a purpose's redact (the site's owner withdrew) was
        silently undone for that purpose: the narrower one counts wherever it is written."""
        text = STRICT + SECOND_PURPOSE + self.REDACT.format(purposes='purposes = ["web-text-corpus"]\n') \
            + self.BLOCK.format(purposes="")
        [(key, reason)] = refused(write(tmp_path, text)).problems
        assert key == "override[example.org].on.personal_image"
        assert "a narrower [[override]] for example.org before it (purposes ['web-text-corpus']) sets it to " \
               "'redact'" in reason and "write the narrower one after this one" in reason
        # (review) a policy extending another cannot write its own after the parent's: it is told how to replace it
        assert "restate the parent's narrower override, its domain and purposes, with the value meant" in reason

    def test_a_child_policy_follows_the_advice_to_restate_its_parents_narrower_override(self, tmp_path: Path) -> None:
        """(Review) A policy extending another cannot write its override after the parent's narrower one (the
        parent's come first), as the refusal advised: it is told to restate the parent's, which then loads."""
        narrow_block = '[[override]]\ndomain = "example.org"\nreason = "pupils"\npurposes = ["web-text-corpus"]\n' \
                       'on = { personal_image = "block" }\n'
        write(tmp_path, STRICT.replace('id = "gdpr-strict"', 'id = "base"') + SECOND_PURPOSE + narrow_block,
              "base.toml")
        child = 'schema_version = 1\nid = "kid"\nversion = "1.0.0"\nextends = "base"\n' \
            + self.REDACT.format(purposes='purposes = ["web-text-corpus", "two"]\n')
        [(_, reason)] = refused(write(tmp_path, child, "kid.toml")).problems
        assert "restate the parent's narrower override, its domain and purposes, with the value meant" in reason
        restated = child + self.REDACT.format(purposes='purposes = ["web-text-corpus"]\n')
        policy = load_policy(write(tmp_path, restated, "kid.toml"))
        assert {o.on.personal_image for o in policy.override if o.on is not None} == {"redact"}

    def test_a_narrower_override_undoing_a_wider_ones_stricter_action_needs_evidence_and_expires(
            self, tmp_path: Path) -> None:
        """A school's `block` for every purpose, undone for one purpose by a narrower `redact` no
        stricter than that purpose's own: it loaded with no evidence and no end date, while it lets
        through (blurred) what the site's rule withheld. It relaxes what holds there before it."""
        narrow = '[[override]]\ndomain = "example.org"\nreason = "keep blurred copies"\n' \
                 'purposes = ["web-text-corpus"]\non = { personal_image = "redact" }\n'
        error = refused(write(tmp_path, STRICT + SECOND_PURPOSE + self.BLOCK.format(purposes="") + narrow))
        assert error.problems == [("override[example.org].evidence",
                                   "the override relaxes a rule: it needs evidence and expires")]
        with_authority = narrow.replace("purposes", 'evidence = "DPA-7"\nexpires = 2099-01-01\npurposes')
        assert len(load_policy(write(tmp_path, STRICT + SECOND_PURPOSE + self.BLOCK.format(purposes="")
                                     + with_authority)).override) == 2

    def test_a_narrower_override_lowering_a_signal_a_wider_one_obeys_needs_evidence_and_expires(
            self, tmp_path: Path) -> None:
        logged = STRICT.replace('tdmrep = "obey"', 'tdmrep = "log"')
        wide = '[[override]]\ndomain = "example.org"\nreason = "owner asked"\nsignals = { tdmrep = "obey" }\n'
        narrow = '[[override]]\ndomain = "example.org"\nreason = "r"\npurposes = ["web-text-corpus"]\n' \
                 'signals = { tdmrep = "log" }\n'
        error = refused(write(tmp_path, logged + SECOND_PURPOSE + wide + narrow))
        assert [key for key, _ in error.problems] == ["override[example.org].evidence"]

    def test_a_narrower_override_below_the_purposes_own_action_needs_its_own_authority_under_a_looser_wider_one(
            self, tmp_path: Path) -> None:
        """The wider one's evidence and expiry authorise its own relaxation: once it lapses, the narrower
        `redact` it covered undoes the purpose's `block` with none (a crawl started before keeps it)."""
        blocking = STRICT.replace('personal_image = "redact"', 'personal_image = "block"')
        wide = '[[override]]\ndomain = "example.org"\nreason = "licence"\nevidence = "L-1"\nexpires = 2099-01-01\n' \
               'on = { personal_image = "log" }\n'
        narrow = '[[override]]\ndomain = "example.org"\nreason = "r"\npurposes = ["web-text-corpus"]\n' \
                 'on = { personal_image = "redact" }\n'
        error = refused(write(tmp_path, blocking + SECOND_PURPOSE + wide + narrow))
        assert [key for key, _ in error.problems] == ["override[example.org].evidence"]

    def test_a_narrower_override_as_strict_as_the_wider_one_or_under_an_expired_one_needs_none(
            self, tmp_path: Path) -> None:
        narrow = '[[override]]\ndomain = "example.org"\nreason = "r"\npurposes = ["web-text-corpus"]\n' \
                 'on = {{ personal_image = "{action}" }}\n'
        stricter = self.REDACT.format(purposes="") + narrow.format(action="block")
        assert len(load_policy(write(tmp_path, STRICT + SECOND_PURPOSE + stricter)).override) == 2
        ended = self.BLOCK.format(purposes="").replace("\non =", "\nevidence = \"E\"\nexpires = 2020-01-01\non =")
        assert len(load_policy(write(tmp_path, STRICT + SECOND_PURPOSE + ended
                                     + narrow.format(action="redact"))).override) == 2

    def test_an_expired_override_contradicts_nothing(self, tmp_path: Path) -> None:
        """Kept for the record past its date, it applies to nothing: the policy loaded before and must."""
        expired = self.REDACT.format(purposes="").replace("expires = 2099-01-01", "expires = 2020-01-01")
        policy = load_policy(write(tmp_path, STRICT + expired + self.BLOCK.format(purposes="")))
        assert len(policy.override) == 2


SECOND_PURPOSE = """
[[purpose]]
id = "two"
usage = "train-ai"
retention_days = 30
jurisdictions = ["EU"]
[purpose.basis]
art6 = "eu-gdpr:A6-1-f"
art6_evidence = "LIA-2"
"""
THIRD_PURPOSE = SECOND_PURPOSE.replace('"two"', '"three"')


class TestTheControllerAndItsEvidenceAreNamedNotBlank:
    """What the rules and `audit ropa` take for the controller's identity, its public notice and
    its Art. 9 safeguards must say something: a placeholder passed for the real thing."""

    @pytest.mark.parametrize(("line", "written", "key"), [
        ('name = "Example Crawler SAS"', 'name = "  "', "controller.name"),
        ('contact = "privacy@example.org"', 'contact = ""', "controller.contact"),
    ])
    def test_a_blank_name_or_contact_is_refused(self, tmp_path: Path, line: str, written: str, key: str) -> None:
        error = refused(write(tmp_path, STRICT.replace(line, written)))
        assert [k for k, _ in error.problems] == [key] and "must not be empty" in error.problems[0][1]

    @pytest.mark.parametrize("url", ["TBD", "", "example.org/notice", "mailto:dpo@example.org", "http://[bad"])
    def test_a_notice_url_that_is_no_web_address_is_refused(self, tmp_path: Path, url: str) -> None:
        error = refused(write(tmp_path, STRICT.replace('"https://example.org/crawler-notice"', f'"{url}"')))
        [(key, reason)] = error.problems
        assert key == "controller.notice_url" and "is no http(s) URL" in reason

    def test_an_empty_safeguard_is_no_safeguard(self, tmp_path: Path) -> None:
        research = (POLICIES / "research-9-2-j.toml").read_text()
        text = re.sub(r'safeguards = \[[^\]]*\]', 'safeguards = [""]', research)
        error = refused(write(tmp_path, text))
        assert [k for k, _ in error.problems] == ["purpose[face-detection-bias-study].basis.art9_evidence.safeguards"]


def test_thousands_of_per_purpose_overrides_load_in_linear_time(tmp_path: Path) -> None:
    """Each override's purposes are looked up by id, never by a scan of every purpose: 3,000
    purposes with one override each took 5.8 s to load (4,000: about 10 s)."""
    head = STRICT[:STRICT.index("[[purpose]]")]
    purposes = "".join(f'[[purpose]]\nid="p{k}"\nusage="tdm"\nretention_days=1\njurisdictions=["EU"]\n'
                       f'basis={{art6="eu-gdpr:A6-1-f",art6_evidence="L"}}\n' for k in range(4000))
    overrides = "".join(f'[[override]]\ndomain="example.org"\nreason="r"\npurposes=["p{k}"]\n'
                        f'on={{personal_image="{"block" if k % 2 else "redact"}"}}\nevidence="e"\nexpires=2099-01-01\n'
                        for k in range(4000))
    path = write(tmp_path, head + purposes + overrides)
    started = time.process_time()  # (CPU time: a machine shared with other work stretched the wall clock past 5 s)
    policy = load_policy(path, warn=False)
    assert time.process_time() - started < 5
    assert len(policy.override) == 4000


class TestASchemaErrorNamesTheLineOfItsKey:
    """Past the TOML syntax, each problem says the line of the key at fault, or of the table
    where a missing key belongs: `p.toml: purpose[b].usage: ... (line 31)`."""

    @staticmethod
    def line_of(text: str, start: str, after: int = 0) -> int:
        return next(n for n, line in enumerate(text.splitlines(), 1) if n > after and line.startswith(start))

    def test_a_wrong_value_in_the_second_purpose_names_its_line(self, tmp_path: Path) -> None:
        text = STRICT + SECOND_PURPOSE.replace('usage = "train-ai"', 'usage = "training"')
        error = refused(write(tmp_path, text))
        second = self.line_of(text, 'id = "two"')
        assert str(error).endswith(f"(got 'training') (line {self.line_of(text, 'usage =', second)})")
        assert error.problems[0][0] == "purpose[two].usage" and error.line is None

    def test_a_missing_key_names_the_line_of_its_table(self, tmp_path: Path) -> None:
        text = STRICT + TestTwoOverridesOfOneDomainMayNotContradictEachOther.BLOCK.format(purposes="").replace(
            'reason = "owner: nothing with a face"\n', "")
        error = refused(write(tmp_path, text))
        assert str(error) == (f"{tmp_path / 'p.toml'}: override[example.org].reason: required key is missing "
                              f"(line {self.line_of(text, '[[override]]')})")

    def test_keys_in_an_inline_table_and_after_a_multi_line_array_are_placed(self, tmp_path: Path) -> None:
        text = STRICT.replace('dpv = ["dpv:ResearchAndDevelopment"]', 'dpv = [\n  "dpv:ResearchAndDevelopment",\n]') + (
            '[[override]]\ndomain = "example.org"\nreason = "r"\non = { personal_image = "blok" }\n')
        error = refused(write(tmp_path, text))
        assert [key for key, _ in error.problems] == ["override[example.org].on.personal_image"]
        assert str(error).endswith(f"(line {self.line_of(text, 'on = {')})")

    @pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
    def test_a_unicode_line_separator_inside_a_comment_starts_no_line(self, tmp_path: Path, separator: str) -> None:
        """TOML ends a line at LF alone; a LINE SEPARATOR (or NEL) pasted into a comment or a
        string is text, and counting it as a line break put every later key a line too low."""
        text = STRICT.replace("# Art. 30 record entry", f"# Art. 30 record{separator}entry") + (
            '[[override]]\ndomain = "example.org"\nreason = "r"\non = { personal_image = "blok" }\n')
        path = tmp_path / "p.toml"
        path.write_text(text, encoding="utf-8")
        line = text.split("\n").index('on = { personal_image = "blok" }') + 1
        assert str(refused(path)).endswith(f"(line {line})")

    def test_a_policy_extending_another_names_the_line_in_the_file_that_holds_the_key(self, tmp_path: Path) -> None:
        """The README's own policy extends gdpr-strict: its typos had no line, only a key path."""
        text = ('schema_version = 1\nid = "team"\nversion = "1.0.0"\nextends = "gdpr-strict"\n'
                '[signals]\nrobots = "obey"\n[[purpose]]\nid = "web-text-corpus"\nusage = "training"\n')
        error = refused(write(tmp_path, text))
        assert [key for key, _ in error.problems] == ["signals.robots", "purpose[web-text-corpus].usage"]
        assert error.lines == [self.line_of(text, "robots ="), self.line_of(text, "usage =")]
        assert str(error).splitlines()[1].endswith(f"(got 'training') (line {self.line_of(text, 'usage =')})")

    def test_a_childs_override_without_its_domain_names_the_line_of_its_key(self, tmp_path: Path) -> None:
        text = ('schema_version = 1\nid = "team"\nversion = "1.0.0"\nextends = "gdpr-strict"\n'
                '[[override]]\ndomian = "example.org"\nreason = "r"\n')
        error = refused(write(tmp_path, text))
        assert dict(zip([key for key, _ in error.problems], error.lines, strict=True)) == {
            "override[0].domain": self.line_of(text, "[[override]]"), "override[0].domian": self.line_of(text, "domian")}

    @pytest.mark.parametrize("parent", ['"gdpr-strict.toml"', '"../policies/gdpr-strict"', '"gdpr-strikt"', "5"])
    def test_an_extends_that_names_no_policy_names_its_line(self, tmp_path: Path, parent: str) -> None:
        text = f'schema_version = 1\nid = "team"\n# mine\nversion = "1.0.0"\nextends = {parent}\n'
        error = refused(write(tmp_path, text))
        assert [key for key, _ in error.problems] == ["extends"]
        assert str(error).endswith(f"(line {self.line_of(text, 'extends')})")

    def test_a_problem_in_the_parent_names_the_parents_line(self, tmp_path: Path) -> None:
        parent = STRICT.replace('id = "gdpr-strict"', 'id = "corp"').replace('tdmrep = "obey"', 'tdmrep = "obeys"')
        (tmp_path / "corp.toml").write_text(parent)
        path = write(tmp_path, 'schema_version = 1\nid = "team"\nversion = "1.0.0"\nextends = "corp"\n'
                               '[[purpose]]\nid = "web-text-corpus"\ntitle = "ours"\n')
        error = refused(path)
        assert error.sources == [str(tmp_path / "corp.toml")]
        assert str(error).endswith(f"(line {self.line_of(parent, 'tdmrep =')})")

    def test_a_missing_key_of_a_childs_purpose_names_the_line_of_its_table_in_the_child(self, tmp_path: Path) -> None:
        text = ('schema_version = 1\nid = "team"\nversion = "1.0.0"\nextends = "gdpr-strict"\n'
                '[[purpose]]\nid = "web-text-corpus"\n[[purpose]]\nid = "mine"\nusage = "tdm"\n')
        error = refused(write(tmp_path, text))
        second = self.line_of(text, "[[purpose]]", self.line_of(text, "[[purpose]]"))
        assert ("purpose[mine].retention_days", "required key is missing") in error.problems
        assert {line for (key, _), line in zip(error.problems, error.lines, strict=True)
                if key.startswith("purpose[mine]")} == {second}


def test_an_escaped_triple_quote_in_a_multi_line_string_is_still_a_clear_error(tmp_path: Path) -> None:
    """The line finder took `\\\"\"\"` for the string's end and a later line for a [[table]] named as a
    plain key: TypeError escaped load_policy instead of its PolicyError."""
    path = tmp_path / "p.toml"
    path.write_text('schema_version = 1\nid = "x"\nnote = """\nfoo \\""" bar\n[[schema_version]]\n"""\n')
    with pytest.raises(PolicyError):
        load_policy(path)
