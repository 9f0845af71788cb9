"""The chained record of a decision: what it says, in the log's own spellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit.dsr import Subject, access
from scrapeguard.audit.storage import StorageRef, attach_storage
from scrapeguard.audit.query import Filters
from tests.audit.conftest import make_decision


def test_a_decision_time_given_in_another_spelling_is_recorded_in_the_logs_own(tmp_path: Path) -> None:
    """`Decision.ts` is the caller's to set. Kept as given, an offset or a space instead of "T" made
    `list --since`/`--until` (which compare the log's UTC text) drop the record, and a time that is
    no time at all gave it no retention date, so no prune ever expired it or anything after it.
    The record holds the instant in the log's spelling; a time that is none, the time it was
    written, with a note that keeps what was given."""
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(make_decision(1, ts="2026-11-28T23:30:00-05:00"))  # 29 November, 04:30 UTC
        log.append(make_decision(2, ts="2026-11-29 02:00:00"))
        log.append(make_decision(3, ts="yesterday"))
        where, params = Filters(since="2026-11-29", until="2026-11-29").validate().sql()
        assert [e.seq for e in log.iter_entries(where, params)] == [0, 1]
        first, second, third = (e.record for e in log.iter_entries())
        assert (first["ts"], second["ts"]) == ("2026-11-29T04:30:00.000Z", "2026-11-29T02:00:00.000Z")
        assert third["ts"].endswith("Z") and third["retention"]["until"] is not None
        assert {"code": "audit.ts_unreadable", "detail": "the decision's time 'yesterday' is no RFC 3339 time: "
                "recorded as the time it was written", "source": "audit"} in third["notes"]
        assert log.verify().ok


def test_credentials_in_a_decisions_urls_never_reach_the_log(tmp_path: Path) -> None:
    """A URL may carry `user:password@` (httpx takes them so): the guard drops them before it decides,
    but `AuditLog.append` takes any decision (and `attach_storage` any location), and kept them in the sidecar, where `list --show-urls`,
    `export --personal` and an access answer show them (to a requester who gave the URL without them,
    or with their own). Neither the sidecar nor the chain holds them; look-ups still find the record."""
    d = make_decision(1, action="allow", url="https://crawler:s3cret@example.fr/jane.jpg")
    d.page_url = "https://crawler:s3cret@example.fr/people/"
    with AuditLog.open(tmp_path / "log.sqlite", url_mode="clear") as log:
        log.append(d)
        log.append(make_decision(2, action="block", url="https://crawler:s3cret@example.fr/bo.jpg"))
        attach_storage(log, d.decision_id, [StorageRef("https://key:s3cret@store.example/full/1.jpg", "ab" * 32)])
        rows = [tuple(r) for r in log.conn.execute("SELECT * FROM sidecar")]
        chain = [r[0] for r in log.conn.execute("SELECT record FROM chain")]
        assert not any("s3cret" in str(v) for row in rows for v in row) and not any("s3cret" in r for r in chain)
        entry = log.get(0)
        assert entry is not None and entry.personal is not None
        assert (entry.personal["url"], entry.personal["page_url"]) == ("https://example.fr/jane.jpg",
                                                                       "https://example.fr/people/")
        found = access(log, Subject(urls=["https://example.fr/jane.jpg"]), record=False)
        assert [i["source_url"] for i in found["items"]] == ["https://example.fr/jane.jpg"]
        assert [r["location"] for r in found["items"][0]["storage_refs"]] == ["https://store.example/full/1.jpg"]
        assert log.verify().ok


@pytest.mark.parametrize("host", ["jane-doe.example.fr", "bücher.example.de"])
def test_the_items_host_is_not_kept_in_the_chain_where_no_erasure_reaches_it(tmp_path: Path, host: str) -> None:
    """A signal's source names the item's host (`https://jane-doe.example.fr/robots.txt line 2`):
    kept in the chain, it outlived `erase --domain`, and a plain export printed it. The origin is
    hidden as the URL is, whichever way the guard spells it (IDNA for a robots.txt it fetched)."""
    from scrapeguard.resource import comparable_url, origin

    url = f"https://{host}/cv.html"
    d = make_decision(1, action="allow", url=url)
    d.page_url = None
    ascii_origin = origin(comparable_url(url))
    d.signals = [{"family": "robots", "verdict": "allow", "code": "robots.allow", "detail": "allowed",
                  "source": f"{origin(url)}/robots.txt line 2"},
                 {"family": "tdmrep", "verdict": "allow", "code": "tdmrep.none", "detail": "none",
                  "source": f"{ascii_origin}/.well-known/tdmrep.json"}]
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(d)
        record = log.conn.execute("SELECT record FROM chain").fetchone()[0]
        assert host not in record and ascii_origin.partition("//")[2] not in record
        assert "<url>/robots.txt line 2" in record and "<url>/.well-known/tdmrep.json" in record
        assert log.verify().ok


@pytest.mark.parametrize(("url", "rule"), [
    ("https://uni.example.edu/staff/jane-doe.html", "Disallow: /staff/jane-doe.html"),
    ("https://uni.example.edu/staff/john-roe/cv.html", "Disallow: /staff/john-roe/"),  # a prefix of its path
    ("https://uni.example.edu/staff/john-roe/cv.html", "Disallow: /staff/*roe*"),  # up to a wildcard
    ("https://uni.example.edu/staff/zo%C3%AB-roe/", "Disallow: /staff/zoë-roe/"),  # escapes undone
    ("https://uni.example.edu/staff/john-roe/cv.html", "Disallow: /*john-roe*"),  # a wildcard anywhere
    ("https://uni.example.edu/staff/o'roe.html", "Disallow: /staff/o'roe.html"),  # an apostrophe of its own
    ("https://uni.example.edu/staff/john-roe/cv.html", "Disallow: staff/john-roe/"),  # noted without its '/'
])
def test_a_rule_quoting_the_items_path_is_not_kept_in_the_chain(tmp_path: Path, url: str, rule: str) -> None:
    """A site's robots.txt often disallows the very page a person asked to have hidden; the finding quoted
    the rule (`robots.txt `Disallow: /staff/jane-doe.html` applies to …`) into the chain, where it outlived
    `erase --url` and a plain export printed it (found in review). The item's path, or a rule's prefix of it,
    is `<path>` there; other paths stay (`/.well-known/tdmrep.json`), and so do dates and types."""
    from scrapeguard.decision import Finding

    d = make_decision(1, action="block", url=url)
    d.page_url = None
    said = f"robots.txt `{rule}` applies to ExampleBot (denies train-ai)"
    d.findings = [Finding("opt_out", "robots.disallow", said, "robots.txt line 2", {}, "block", "purpose.on.opt_out"),
                  Finding("opt_out", "tdmrep.reserved", "see /.well-known/tdmrep.json, image/jpeg, 2026/12/06",
                          "tdmrep", {}, "block", "purpose.on.opt_out")]
    with AuditLog.open(tmp_path / "log.sqlite", url_mode="clear") as log:
        log.append(d)
        record = log.conn.execute("SELECT record FROM chain").fetchone()[0]
        assert rule.partition(" ")[2] not in record and "roe" not in record and "jane" not in record
        assert "robots.txt `Disallow: <path>` applies to ExampleBot" in record
        assert "see /.well-known/tdmrep.json, image/jpeg, 2026/12/06" in record
        assert log.verify().ok


@pytest.mark.parametrize(("url", "rule", "name"), [
    ("http://127.0.0.1:8080/people/Smith_(John)/cv.html", "Disallow: /people/Smith_(John)/", "John"),
    ("http://127.0.0.1:8080/wiki/Jane_Doe_(actress)", "Disallow: /wiki/Jane_Doe_(actress)", "actress"),
    ("http://127.0.0.1:8080/people/jane%20doe/cv.html", "Disallow: /people/jane doe/", "doe"),
    ("http://127.0.0.1:8080/b%3Cscript%3Ex%3C/script%3E/cv.html", "Disallow: /b<script>x</script>/", "script"),
])
def test_a_rule_holding_a_bracket_a_space_or_a_tag_is_hidden_whole_in_the_chain(tmp_path: Path, url: str, rule: str,
                                                                                name: str) -> None:
    """Only the words of such a rule that match the path were hidden: the rest of the person's name stayed in
    the chain, which no erasure reaches (`robots.txt `Disallow: <path>(John)/``, found in review). The quoted
    rule is hidden whole, in the finding and the explanation; a note quoting no path of the item is kept.
    (Records written before this are not rewritten: the chain is immutable.)"""
    from scrapeguard.decision import Finding

    d = make_decision(1, action="block", url=url)
    d.page_url = None
    said = f"robots.txt `{rule}` applies to ExampleBot (denies train-ai)"
    d.findings = [Finding("opt_out", "robots.disallow", said, "robots.txt line 2", {"rule": f"`{rule}`"}, "block",
                          "purpose.on.opt_out"),
                  Finding("opt_out", "robots.disallow", "robots.txt `Disallow: /private/(x)` applies too",
                          "robots.txt line 3", {}, "block", "purpose.on.opt_out")]
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(d)
        record = log.conn.execute("SELECT record FROM chain").fetchone()[0]
        assert name not in record, record
        assert "robots.txt `Disallow: <path>` applies to ExampleBot" in record
        assert '"rule":"`Disallow: <path>`"' in record
        assert "robots.txt `Disallow: /private/(x)` applies too" in record
        assert log.verify().ok


def test_a_page_pictures_url_spelt_as_scrapy_sends_it_keeps_its_other_spellings() -> None:
    """`p%5B1%5D.jpg` (as Scrapy sends it) is `p[1].jpg` to httpx: a page's picture so spelt lost the
    other spelling's reference (only raw `[`/`]`, IDNs and `xn--` were looked at), so an access request
    by the page's URL missed the picture's record when httpx had fetched it."""
    from scrapeguard.audit.canonical import client_spellings
    from scrapeguard.audit.record import _image_entry

    url = "https://a.example/p%5B1%5D.jpg"
    assert set(client_spellings(url)) - {url}  # (it has another spelling)
    assert _image_entry({"url": url}, b"k" * 32).get("other_url_refs")


@pytest.mark.parametrize("url", ["http://0xc000020a/jane.jpg", "http://3221225994/jane.jpg", "http://192.0.522/jane.jpg"])
def test_a_pages_picture_on_an_ipv4_host_in_another_spelling_is_keyed_under_the_one_clients_request(url: str) -> None:
    """A page's `<img src="http://0xc000020a/jane.jpg">`: browsers, httpx and Scrapy request
    192.0.2.10, and an access or erasure request by that URL missed the page's record."""
    from scrapeguard.audit.canonical import keyed_hash, normalise_url
    from scrapeguard.audit.record import _image_entry

    key = b"k" * 32
    entry = _image_entry({"url": url}, key)
    assert keyed_hash(key, "url:" + normalise_url("http://192.0.2.10/jane.jpg")) in entry["other_url_refs"]
