"""Filters and counts over the log: figures that describe one moment of it."""

from __future__ import annotations

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit.query import FilterError, Filters, stats
from tests.audit.conftest import make_not_utf8_in_record


def test_stats_figures_describe_one_moment_of_a_log_a_crawler_is_writing(log_path, decision, monkeypatch):
    """Each count was its own read: a crawl writing meanwhile (the usual case) gave a total, a count
    per action and a count per policy that do not add up to one another."""
    import scrapeguard.audit.report as report

    real = report.policy_stats

    def crawl_then_count(log, filters=None):  # a decision committed between stats' reads
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(9, action="allow"))
        return real(log, filters)

    with AuditLog.open(log_path) as log:
        for i in range(4):
            log.append(decision(i, action="block"))
    monkeypatch.setattr(report, "policy_stats", crawl_then_count)
    with AuditLog.open(log_path, read_only=True) as log:
        data = stats(log)
    assert data["total"] == sum(data["by_action"].values()) == sum(p["decisions"] for p in data["by_policy"]) == 4


def test_a_domain_filter_takes_the_records_of_that_domain_alone_not_its_idna_2003_spelling(log_path, decision, cli):
    """`straße.de` (`xn--strae-oqa.de`) and `strasse.de` are two domains with their own owners
    (DENIC), though Scrapy (w3lib, IDNA 2003) requests a link to the first as the second:
    `list`/`stats`/`export --domain straße.de` silently took the other site's records too, and an
    officer's listing of one site mixed in another's. The filter takes the domain asked for."""
    import json

    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://strasse.de/a.jpg"))
        log.append(decision(1, action="allow", url="https://xn--strae-oqa.de/b.jpg"))
        log.append(decision(2, action="allow", url="https://example.fr/c.jpg"))
    for asked in ("straße.de", "www.xn--strae-oqa.de"):
        code, out, _ = cli("list", "--log", str(log_path), "--json", "--domain", asked)
        assert code == 0 and [json.loads(line)["seq"] for line in out.splitlines()] == [1], asked
    with AuditLog.open(log_path, read_only=True) as log:
        assert stats(log, Filters(domain="straße.de").validate())["total"] == 1
        assert stats(log, Filters(domain="strasse.de").validate())["total"] == 1


@pytest.mark.parametrize("column", ["action", "domain", "purpose", "ts", "kind", "record"])
def test_a_byte_that_is_not_utf8_is_counted_under_its_damaged_name_not_fatal(filled, tamper, not_utf8, column):
    """One byte that is not UTF-8 in a record's action, domain, purpose, time or kind (or in a reason
    code inside it) failed `audit stats` and `report` with 'Could not decode to UTF-8' (exit 3): a
    bad sector hid every figure of the log. The record is counted, under the name as it reads now
    (U+FFFD for the damaged byte), or, the record itself damaged, skipped as every reader skips it;
    `verify` says where it was altered."""
    conn = tamper(filled)
    if column == "record":
        make_not_utf8_in_record(conn, 7, "robots.disallow")
    else:
        not_utf8(conn, "chain", column, 5)
    conn.close()
    with AuditLog.open(filled, read_only=True) as log:
        data = stats(log)
    # (a damaged record itself is skipped in every figure, as `list` and `export` skip it and stats says: review)
    decisions = 39 if column in ("kind", "record") else 40
    assert data["total"] == sum(data["by_action"].values()) == decisions
    assert sum(n for day in data["per_day"].values() for n in day.values()) == decisions
    assert sum(data["by_purpose"].values()) == decisions
    damaged = {"action": data["by_action"], "domain": data["by_domain"], "purpose": data["by_purpose"],
               "ts": data["per_day"], "kind": data["events"], "record": data["by_code"]}[column]
    assert any("\ufffd" in key for key in damaged) is (column != "record")


def test_stats_names_every_record_a_reader_skips_as_damaged(filled, tamper, cli):
    """`stats` named only the records that are not JSON: one holding a byte that is not UTF-8 (a bad
    sector, a hex editor) or JSON that is no object, which `list`, `export` and `subject` skip as
    damaged, went unnamed, and the figures looked whole. It names them as every reader does."""
    conn = tamper(filled)
    make_not_utf8_in_record(conn, 7, "robots.disallow")
    conn.execute("UPDATE chain SET record = '[1]' WHERE seq = 9")
    conn.execute("UPDATE chain SET record = '{damaged' WHERE seq = 11")
    conn.close()
    with AuditLog.open(filled, read_only=True) as log:
        assert stats(log)["damaged_seqs"] == [7, 9, 11]
    for command in ("stats", "list"):
        code, _, err = cli(command, "--log", str(filled), "--limit" if command == "list" else "--top", "100")
        assert code == 0 and "damaged seq 7, 9, 11 skipped" in err, (command, err)


def test_stats_can_be_asked_while_the_same_log_is_being_read(log_path, decision):
    """`stats` registered its UTF-8 test with SQLite on every call, which SQLite refuses while any
    statement is open on the connection: asked in the middle of reading the entries (a reviewer's
    script summarising as it lists), it raised a raw sqlite3.OperationalError. The figures are
    the same whenever they are asked."""
    with AuditLog.open(log_path) as log:
        for i in range(600):  # (more than one batch of iter_entries: its statement stays open)
            log.append(decision(i))
    with AuditLog.open(log_path, read_only=True) as log:
        before = stats(log)
        for seen, _entry in enumerate(log.iter_entries()):
            if seen == 3:
                assert stats(log) == before
                break


@pytest.mark.parametrize("typed", ["example..org", "a..b", "-", ".", "exa%6dple.org", "*.example.org", "example.org\x00",
                                   "xn--.fr", "xn--zz.example.org"])
def test_a_domain_filter_that_names_no_host_is_refused_not_answered_with_no_records(typed, filled, cli):
    """`list --domain example..org` (a typo) answered "no records match", exit 0: an officer read
    that nothing was collected from the site. A value no host can have is refused as
    `subject --domain` refuses it (exit 2, naming the value)."""
    code, out, err = cli("list", "--log", str(filled), "--domain", typed)
    assert code == 2 and "not a domain" in err and out == "", err
    with pytest.raises(FilterError):
        Filters(domain=typed).validate()


def test_a_domain_filter_given_an_e_mail_address_says_what_finds_it(filled, cli):
    """`list --domain jane@example.org` was told only "not a domain" (regression review), then that the log keeps
    no e-mail addresses, though a URL the crawler fetched may hold one (review, session 66)."""
    code, out, err = cli("list", "--log", str(filled), "--domain", "jane@example.org")
    assert code == 2 and "is an e-mail address" in err and "list --show-urls" in err and out == ""
    assert "keeps no" not in err


def test_a_domain_filter_still_takes_every_spelling_of_a_host(filled, cli):
    for typed in ("EXAMPLE.FR", "www.example.fr.", "example.fr:8080", "exämple.fr", "localhost", "[::1]"):
        assert cli("list", "--log", str(filled), "--domain", typed)[0] == 0, typed


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--until", "9999-12-31", "--until: time out of range: '9999-12-31' (to take every record to the log's end, "
                              "leave --until out)"),
    ("--since", "0001-01-01T00:00+01:00", "--since: time out of range: '0001-01-01T00:00+01:00'"),
    ("--since", "last tuesday", "--since: not a date or RFC 3339 time: 'last tuesday'"),
])
def test_a_time_filter_that_cannot_be_used_is_refused_naming_its_option(filled, cli, option, value, said):
    """`--until 9999-12-31` (meant as 'no end') was refused as 'time out of range' naming neither the
    option nor what to do instead, and `--since 0001-01-01T00:00+01:00`, a valid RFC 3339 time before
    the first instant the log can hold, as 'not a date or RFC 3339 time'."""
    code, out, err = cli("list", "--log", str(filled), option, value)
    assert code == 2 and out == "" and said in err, err


@pytest.mark.parametrize("suffix", ["github.io", "org", "co.uk"])
def test_a_domain_filter_naming_a_public_suffix_says_it_takes_that_host_alone(log_path, decision, cli, suffix):
    """`list --domain github.io` (an officer after every github.io site) answered 'no records match',
    exit 0, with alice.github.io's records in the log: a public suffix is no one's site, each site under
    it its own domain. Its own host's records are listed as before, and stderr says how to ask for a site."""
    import json

    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=f"https://alice.{suffix}/me.jpg"))
    code, out, err = cli("list", "--log", str(log_path), "--json", "--domain", suffix)
    assert code == 0 and [json.loads(line) for line in out.splitlines()] == []
    assert f"{suffix} is a public suffix" in err and f"--domain alice.{suffix}" not in err
    assert f"each site under it is its own domain (such as example.{suffix})" in err, err



@pytest.mark.parametrize("code", ["robots.disallow", "ROBOTS.DISALLOW", "Robots", "robots"])
def test_a_code_filter_takes_any_letter_case_whole_or_as_a_family(filled, code):
    """`--code ROBOTS` found the robots.disallow records (SQLite's LIKE folds ASCII case) while
    `--code ROBOTS.DISALLOW` found none (its `=` did not): a filter not returning what it says
    (found in review). Either way, in any case, the same records."""
    with AuditLog.open(filled, read_only=True) as log:
        found = [[e.seq for e in log.iter_entries(*Filters(code=asked).validate().sql())]
                 for asked in (code, "robots.disallow")]
        assert found[0] == found[1] and len(found[0]) == 10  # (the robots.disallow blocks and logs)


@pytest.mark.parametrize("code", ["robots.", "ROBOTS.", "robots.disallow."])
def test_a_code_filter_written_as_the_codes_table_writes_a_prefix_finds_that_family(filled, code):
    """docs/command-line.md lists the codes' prefixes as `robots.`, `xrobots.`, `tdmrep.`: `--code robots.`, so
    copied, was matched as `robots..…` and answered "no records match" of a log holding ten robots.txt
    refusals. A code's trailing dot is no part of it."""
    with AuditLog.open(filled, read_only=True) as log:
        found = [[e.seq for e in log.iter_entries(*Filters(code=asked).validate().sql())]
                 for asked in (code, "robots")]
    assert found[0] == found[1] and len(found[0]) == 10


def test_a_code_filter_of_dots_alone_is_refused() -> None:
    with pytest.raises(FilterError, match="not a reason code: '..'"):
        Filters(code="..").validate()
