"""Data-subject requests: Art. 15 access and Art. 17 erasure, answered from the log.

Search is by what the person can give us: a URL, a domain, or a copy of an image (exact
SHA-256 and a perceptual hash). Never by face recognition: that would process everyone
in the store as biometric data (legal-policy-model §5.7). Every request is itself
recorded as a `scrapeguard.dsr/1` record in the chain, with HMAC search keys only.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import hashlib
import json
import re
import sqlite3
import unicodedata
import uuid
from urllib.parse import unquote, urlsplit
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from scrapeguard.audit.canonical import (
    MAX_SECTION_DEPTH,
    MAX_SECTION_LENGTH,
    client_spellings,
    domain_hmac,
    idna2003_host,
    in_section,
    join_parts,
    keyed_hash,
    normalise_url,
    parameters_removed,
    searchable_section,
    sha256_hmac,
    tracking_removed,
    url_hmac,
    url_section,
    url_spellings,
)
from scrapeguard.audit.errors import AuditError
from scrapeguard.audit.phash import dhash, near
from scrapeguard.audit.record import (
    DECISION_SCHEMA,
    DSR_SCHEMA,
    EXACT_DOMAIN,
    READ_SCHEMA,
    URL_PREFIX,
    Prepared,
    event_record,
    format_ts,
    listed,
    mapping,
    now_ts,
    of_a_picture,
    operator,
    parse_ts,
    shown_url,
    well_shaped,
)
from scrapeguard.audit.storage import copies_of, decisions_of_copies, storage_refs
from scrapeguard.audit.store import (
    VALID_RECORD,
    AuditLog,
    Entry,
    about_host,
    blob_columns,
    column_text,
    id_spellings,
    object_item,
    text_rows,
    url_host,
)
from scrapeguard.audit.unwritten import journal_entries, rejected_journals, waiting_journals
from scrapeguard.audit.query import E_MAIL, FilterError, domain_condition, host_name, names_port
from scrapeguard.decision import MAX_REDIRECTS
from scrapeguard.detect.inline import inline_names
from scrapeguard.jurisdiction import is_public_suffix, registrable_domain, under_domain
from scrapeguard.resource import resource_key, without_userinfo

NO_FACE_RECOGNITION = (
    "scrapeguard does not use facial recognition: it can find records only by URL, domain, "
    "or an exact or near-identical copy of an image you supply (GDPR Art. 11(2))."
)


class RequestError(AuditError):
    exit_code = 2


@dataclass(slots=True)
class Subject:
    """What the requester gave us to search with."""

    urls: list[str] = field(default_factory=list)
    domain: str | None = None
    image: bytes | None = None
    # a profile or site section (`https://uni.example.edu/~jdoe/`): every URL at or below it,
    # where a whole --domain would answer with everyone else's records on the site
    url_prefixes: list[str] = field(default_factory=list)

    def validate(self) -> Subject:
        if self.image is not None and not self.image:  # (before the check below, which an empty file fails too)
            raise RequestError("the image file is empty")
        if not (self.urls or self.url_prefixes or self.domain or self.image):
            raise RequestError("give at least one of --url, --url-prefix, --domain or --image")
        for u in [*self.urls, *self.url_prefixes]:
            _check_url(u)
        if self.domain is not None and E_MAIL.fullmatch(self.domain.strip()):
            raise RequestError(_by_e_mail(self.domain))
        for u in self.url_prefixes:  # (suppressed whole, it must be one the guard looks a URL up by)
            if not searchable_section(url_section(normalise_url(u))):
                raise RequestError(f"--url-prefix {u[:80]!r}: a profile or site section is at most "
                                   f"{MAX_SECTION_LENGTH} characters and {MAX_SECTION_DEPTH} path segments deep")
        if self.domain is not None:
            if names_port(self.domain):  # (dropped, it took every port of the host: erased, for good)
                asked = self.domain.strip()
                raise RequestError(f"--domain {asked} names a port, and the log files records by host alone: "
                                   f"give --url-prefix http://{asked}/ (or https://{asked}/) for that port's "
                                   f"records, or --domain without the port for every port of the host")
            try:
                self.domain = host_name(self.domain)
            except FilterError as exc:
                raise RequestError(str(exc)) from None
            if is_public_suffix(self.domain):
                # no one's own: erased, it would suppress every owner's site under it for good
                # (the suppression list is append-only), a typo for jane.github.io
                raise RequestError(f"{self.domain} is a public suffix, under which many owners have their sites: "
                                   f"give the person's own host (such as jane.{self.domain})")
        return self

    @property
    def image_sha256(self) -> str | None:
        return hashlib.sha256(self.image).hexdigest() if self.image else None

    @property
    def image_phash(self) -> str | None:
        return dhash(self.image) if self.image else None

    def search_keys(self, key: bytes) -> list[str]:
        """Keyed hashes only: the DSR record must not become a copy of what it searched for."""
        keys = [url_hmac(key, u) for u in self.urls]
        keys += [keyed_hash(key, "url-prefix:" + normalise_url(u)) for u in self.url_prefixes]
        if self.domain:
            keys.append(domain_hmac(key, self.domain))
        if self.image_sha256:
            keys.append(sha256_hmac(key, self.image_sha256))
        return keys


# the schemes a crawler fetches (Scrapy's FTP handler among them): anything else is a typo
CRAWLED_SCHEMES = ("http", "https", "ftp")


def _by_e_mail(given: str) -> str:
    """Why a request by e-mail address is no search, and what finds the records (a name is no URL either). Not
    "the log keeps none": a URL the crawler fetched may hold one (`…/members/jane.doe@example.org`, a search for
    it), and an operator passed "nothing held" on to the requester (review, session 66)."""
    return (f"{given!r} is an e-mail address: the log holds no names or e-mail addresses as such, only the URLs "
            "the crawler fetched, which may contain one (a profile at …/members/<address>, a search for it): find "
            "those in `scrapeguard audit list --show-urls` (search its output for the address, with @ written %40 "
            "too) and ask by them (--url); search also by the URL of a page or image about the person (--url), "
            "their profile or site section (--url-prefix), their own site (--domain) or a copy of the picture "
            "(--image)")


def _check_url(url: str) -> None:
    """Refuse a URL no crawler could have fetched (`htps://…`, `http://[host/…`, `http:///…`): it
    matches nothing, so the request would be answered, and recorded, as "nothing held"."""
    try:
        url.encode("utf-8")
    except UnicodeEncodeError:  # (a terminal's other encoding passed through: Python's codec error was the message)
        raise RequestError(f"not a URL: {url!r} (not UTF-8 text: give it as the crawler met it)") from None
    if E_MAIL.fullmatch(url.strip()) or url.strip().lower().startswith("mailto:"):
        raise RequestError(_by_e_mail(url))
    if "://" not in url:
        raise RequestError(f"not an absolute URL: {url!r}")
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # (raises ValueError for a port that is no number or out of range)
    except ValueError as exc:
        raise RequestError(f"not a URL: {url!r} ({exc})") from None
    if parts.scheme.lower() not in CRAWLED_SCHEMES:
        raise RequestError(f"not a URL a crawler fetches: {url!r} (give one that begins "
                           f"{', '.join(s + '://' for s in CRAWLED_SCHEMES)})")
    if not parts.hostname:
        raise RequestError(f"not a URL: {url!r} (it names no host)")
    try:
        host_name(unquote(parts.hostname))  # (`xn--.fr`, `a..b.fr`: none fetched from, "nothing held" was answered)
    except FilterError:
        raise RequestError(f"not a URL: {url!r} (its host {parts.hostname!r} is no host name)") from None
    if "@" in parts.netloc:
        # (the log keeps URLs without them, as the guard drops them: searched so, `https://ana@example.fr`,
        # an e-mail address given as a URL, was the site's home page, answered, erased and suppressed)
        page = normalise_url(without_userinfo(url.strip()))
        raise RequestError(f"not a URL to search by: a user name, password or e-mail address before '@' names no "
                           f"page and is not kept in the log; give the page's URL ({page}) if that is the one meant")


SCRAPY_SPELLING = "domain as IDNA 2003 spells it (another site, or Scrapy's request of this one)"
OTHER_SITE = "the domain as IDNA 2003 spells it: another site, or Scrapy's request of this one"


def domain_spellings(domain: str | None) -> list[tuple[str, str]]:
    """A --domain (`host_name`), and where IDNA 2003 spells it otherwise (`canonical.idna2003_host`)
    that spelling too, each with how a record matched by it is said to have matched. The second is
    another domain with its own owner (`strasse.de` beside `straße.de`: DENIC registers both), though
    Scrapy requests a link to `jane.straße.de` as `jane.strasse.de`: its records are listed for review
    (`_is_reference`), never answered as the subject's, erased or suppressed."""
    if not domain:
        return []
    other = idna2003_host(domain)
    return [(domain, "domain"), *([(other, SCRAPY_SPELLING)] if other else [])]


def both_schemes(url: str) -> list[str]:
    """The URL, and for a web URL the same with the other of http and https: they serve the same
    pages (`canonical.url_section` compares a --url-prefix so), and the crawler may have met the
    page by the other one (an upgrade to https, a link written with http://). A --url was looked
    up, erased and suppressed only as given: "nothing held" for the copy the crawler kept."""
    scheme, sep, rest = url.strip().partition("://")
    other = {"http": "https", "https": "http"}.get(scheme.lower())
    return [url, f"{other}{sep}{rest}"] if other and sep else [url]


def find(
    log: AuditLog, subject: Subject, unread: dict[int, list[str]] | None = None
) -> Iterator[tuple[Entry, list[str]]]:
    """Every record about the subject, with how it matched, in seq order, streamed (a
    domain can match most of a large log). A supplied image also leads to the URLs it was
    fetched from: the other records of those URLs (the request before the image was seen)
    are about the same picture, and an erasure that left them would leave the URL on record.

    `unread`, when given, receives the matches whose record could not be read (damaged, or a
    sidecar row without its chain record), with how they matched: the reader skips them, but
    the sidecar row that matched still holds the subject's URL, so a request must answer for
    them (`unread_items`) rather than leave them out."""
    matches = _match(log, subject)
    for copy, decision in decisions_of_copies(log, matches).items():
        # the image matched what the crawler stored (a re-encoded copy): the decision's record
        for way in matches.pop(copy):
            reasons = matches.setdefault(decision, [])
            if f"stored copy: {way}" not in reasons:
                reasons.append(f"stored copy: {way}")
    if subject.image is not None and matches:
        known = {normalise_url(u) for u in subject.urls}
        own = [seq for seq, how in matches.items() if not _is_reference(how)]
        urls = sorted({normalise_url(u) for u in _sidecar_urls(log, own)} - known)
        if urls:
            for seq, how in _match(log, Subject(urls=urls)).items():
                if seq not in matches:
                    matches[seq] = [f"url of the image ({h})" for h in how]
    own = [seq for seq, how in matches.items() if not _is_reference(how)]
    for seq, how in _page_images(log, own).items():
        if seq not in matches:
            matches[seq] = how
    for seq in _on_pages(log, [*subject.urls, *_sidecar_urls(log, own)]):
        if seq not in matches:
            matches[seq] = [ON_PAGE]
    seqs = sorted(matches)
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        read: set[int] = set()
        for entry in log.iter_entries(f"c.seq IN ({','.join('?' * len(chunk))})", chunk):
            if well_shaped(entry.record):  # (one edited into another shape is damaged: `unread`)
                read.add(entry.seq)
                yield entry, matches[entry.seq]
        if unread is not None:
            unread.update((seq, matches[seq]) for seq in chunk if seq not in read)


URL_REF_OF_IMAGE = f"json_extract({object_item('j')}, '$.url_ref')"
# (`record._image_entry`: other clients' spellings)
OTHER_URL_REFS_OF_IMAGE = f"json_extract({object_item('j')}, '$.other_url_refs')"
URL_REF = f"json_extract({VALID_RECORD}, '$.resource.url_ref')"
KEYED = "hmac-sha256:"  # how a keyed hash begins (`canonical.keyed_hash`; a commitment is `sha256c:`)
_PHASH = re.compile(r"[0-9a-f]{16}")  # a perceptual hash as `phash.dhash` writes it
_KEYED_TOKEN = re.compile(r"hmac-sha256:[0-9a-f]{64}")  # one keyed hash (`canonical.keyed_hash`) in a text


def _page_images(log: AuditLog, seqs: list[int]) -> dict[int, list[str]]:
    """The records of the images the subject's pages showed as personal (a profile page's
    portrait): the page's record names them only by keyed hash, and a request by the page's
    URL must not leave them out. Found, never erased on that ground alone: a human reviews
    them (`references_to_review`), as a page that showed the subject's image is reviewed.
    So are those of pictures the page showed that were judged personal when fetched (a face the
    page's text did not announce) and of where a picture's URL redirected to: their rows name the
    page they were on (`page_url`)."""
    refs = _personal_image_refs(log, seqs)
    pages = {normalise_url(u) for u in _sidecar_urls(log, seqs)}
    if pages:  # (the pictures' keyed URLs: their other records, a request's among them, are theirs too)
        sql = (f"SELECT {blob_columns('s.url_hmac', 's.page_url')} FROM sidecar s JOIN chain c ON c.seq = s.seq "
               f"WHERE s.page_url IS NOT NULL AND c.kind = 'decision' AND EXISTS (SELECT 1 FROM "
               f"json_each({VALID_RECORD}, '$.findings') f "
               f"WHERE json_extract({object_item('f')}, '$.kind') IN {_PERSONAL_KINDS})")
        refs.update(key for key, page in text_rows(log.conn, sql)
                    if isinstance(page, str) and isinstance(key, str) and normalise_url(page) in pages)
    return {seq: [PAGE_IMAGE] for seq in _records_of(log, refs)}


def subject_pages(asked: Iterable[str], found: Iterable[str]) -> set[str]:
    """The subject's pages (the URLs asked for and those of the subject's own records), as
    `resolved_url` spells them: what a record's `page_url` is compared with."""
    pages: set[str] = set()
    for url in (*asked, *found):
        for v in both_schemes(url):
            try:
                pages.add(resolved_url(v))
            except ValueError:
                continue
    return pages


def _on_pages(log: AuditLog, urls: list[str]) -> list[int]:
    """The records whose row names one of these pages as the page the picture was on (`page_url`):
    every picture of the subject's page, a logo or a coffee cup too, keeps the page's URL in clear.
    Looked up by the spellings a row may hold (as met, normal, each client's, dot segments resolved),
    500 at a time: a scan of every row, each resolved, took 4.7 s on a log of a million (review)."""
    pages = subject_pages(urls, ())
    spellings = {form for u in urls for v in both_schemes(u) for form in (v, *_asked_spellings(v))}
    found: list[int] = []
    ordered = sorted(spellings)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        sql = (f"SELECT seq, {blob_columns('page_url')} FROM sidecar "
               f"WHERE page_url IN ({','.join('?' * len(chunk))})")
        found += [int(seq) for seq, page in text_rows(log.conn, sql, chunk) if _names_a_page(page, pages)]
    return sorted(set(found))


_PERSONAL_KINDS = "('personal_image', 'biometric')"  # (a finding's kind that says the picture shows someone)


def _names_a_page(page_url: Any, pages: set[str]) -> bool:
    if not isinstance(page_url, str) or not pages:
        return False
    try:
        return resolved_url(page_url) in pages
    except ValueError:
        return False


def _personal_image_refs(log: AuditLog, seqs: list[int]) -> set[str]:
    """The keyed URLs of the pictures these pages' records say they showed as personal."""
    refs: set[str] = set()
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        sql = (
            f"SELECT {blob_columns(URL_REF_OF_IMAGE, OTHER_URL_REFS_OF_IMAGE)} FROM chain c, "
            f"json_each({VALID_RECORD}, '$.images') j WHERE c.seq IN ({','.join('?' * len(chunk))}) "
            f"AND c.kind = 'decision' AND json_extract({object_item('j')}, '$.personal') IN (1, 'true')"
        )
        for ref, others in log.conn.execute(sql, chunk):
            refs.update(r for r in (column_text(ref), *_keys_in(column_text(others) or "[]")) if isinstance(r, str) and r)
    return refs


def _records_of(log: AuditLog, keys: set[str]) -> dict[int, str]:
    """The decisions of the URLs with these keyed hashes, each with its URL's: by their sidecar
    rows, and a record whose row was erased or pruned by the keyed hash it kept (`[audit] url =
    "hmac"`). One scan of the chain however many keys are asked for."""
    found: dict[int, str] = {}
    if not keys:
        return found
    for key in sorted(keys):
        found.update((int(seq), key) for (seq,) in log.conn.execute("SELECT seq FROM sidecar WHERE url_hmac = ?", (key,)))
    sql = (f"SELECT seq, {blob_columns(URL_REF)} FROM chain c WHERE kind = 'decision' "
           "AND NOT EXISTS (SELECT 1 FROM sidecar s WHERE s.seq = c.seq)")
    for seq, url_ref in log.conn.execute(sql):
        if (key := column_text(url_ref)) in keys:
            found[int(seq)] = key
    return found


def _sidecar_urls(log: AuditLog, seqs: list[int]) -> list[str]:
    out: list[str] = []
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out += [column_text(u) for (u,) in log.conn.execute(f"SELECT {blob_columns('url')} FROM sidecar WHERE seq IN ({marks})", chunk) if u]
    return out


def _match(log: AuditLog, subject: Subject) -> dict[int, list[str]]:
    """seq -> how it matched, for the subject's own keys. Streams over the log once for the
    keys that only the hashed record holds (erased sidecar rows, images seen on pages)."""
    key = log.key
    matches: dict[int, list[str]] = {}

    def add(seq: int, how: str) -> None:
        reasons = matches.setdefault(seq, [])
        if how not in reasons:
            reasons.append(how)

    conn = log.conn
    # every spelling an older record may have been keyed with (before IDNA/%-normalisation)
    url_keys = {keyed_hash(key, "url:" + form): u for u in subject.urls for v in both_schemes(u)
                for form in _asked_spellings(v)}
    if subject.image:  # (a copy of the picture a page embedded as `data:` is named by its bytes' digest there)
        url_keys.update((url_hmac(key, name), name) for name in inline_names(subject.image))
    for h in url_keys:
        for (seq,) in conn.execute("SELECT seq FROM sidecar WHERE url_hmac = ?", (h,)):
            add(int(seq), "url")
    for seq in _other_spellings(log, subject.urls):
        add(seq, "url (another spelling of its path)")
    sha = subject.image_sha256
    sha_ref = sha256_hmac(key, sha) if sha else None
    if sha:
        for (seq,) in conn.execute("SELECT seq FROM sidecar WHERE image_sha256 = ?", (sha,)):
            add(int(seq), "image sha256 (exact)")
        # the redacted copy the crawler kept (a blurred photo found in a dataset): a scan, as for the phash
        if (redacted := log.sidecar_column("redacted_sha256")) != "NULL":
            for (seq,) in conn.execute(f"SELECT seq FROM sidecar s WHERE {redacted} = ?", (sha,)):
                add(int(seq), REDACTED_COPY)
    phash = subject.image_phash
    if phash:
        for seq, other in conn.execute(f"SELECT seq, {blob_columns('phash')} FROM sidecar WHERE phash IS NOT NULL"):
            if (distance := near(phash, column_text(other))) is not None:
                add(int(seq), f"image perceptual hash (distance {distance})")
    for host, matched in domain_spellings(subject.domain):
        # the chain indexes the registrable domain; the host itself is in the sidecar's URL
        # (a blocked item logged by keyed hash only has no host to compare: it matches only
        # when the whole registrable domain was asked for)
        where, values = domain_condition(registrable_domain(host) or host)
        rows = conn.execute(
            f"SELECT c.seq, {blob_columns('s.url')} FROM chain c LEFT JOIN sidecar s ON s.seq = c.seq WHERE {where}", values
        )
        for seq, url in rows:
            if about_host(column_text(url), host):
                add(int(seq), matched)
    for prefix in subject.url_prefixes:
        for seq, url, url_key in _under_prefix(log, prefix):
            add(seq, "url prefix")
            # its URL is the subject's as a --url is: its keyed-only records, redirects, the pages
            # that showed it (below)
            url_keys.setdefault(url_key, url)
    hops: list[tuple[int, Any, set[str]]] = []  # (seq, its url_ref, the keyed URLs a redirect led it from)
    if url_keys or sha_ref:
        # keys that live in the hashed record itself: HMAC-only URLs, images seen on a page, redirects
        sql = (
            "SELECT seq, " + blob_columns(URL_REF,
                                          f"json_extract({VALID_RECORD}, '$.resource.sha256_ref')",
                                          f"json_extract({VALID_RECORD}, '$.resource.redacted_sha256_ref')",
                                          f"json_extract({VALID_RECORD}, '$.images')",
                                          f"json_extract({VALID_RECORD}, '$.resource.redirected_from_refs')")
            + " FROM chain c WHERE kind = 'decision'"
        )
        for seq, *values in conn.execute(sql):
            url_ref, sha256_ref, redacted_ref, images, sources = map(column_text, values)
            if url_ref in url_keys:
                add(int(seq), "url (keyed hash)")
            if sha_ref and sha256_ref == sha_ref:
                add(int(seq), "image sha256 (exact)")
            if sha_ref and redacted_ref == sha_ref:
                add(int(seq), REDACTED_COPY)
            # (the keyed hashes the page's images hold, looked up: not every key searched for in
            # every record, which took minutes for a --url-prefix over thousands of URLs)
            # (a few keys: a substring test each, cheaper than tokenising every page's images)
            if images and url_keys and (any(key in images for key in url_keys) if len(url_keys) <= 16
                                        else not url_keys.keys().isdisjoint(_KEYED_TOKEN.findall(images))):
                add(int(seq), REFERENCE)
            if sources:
                hops.append((int(seq), url_ref, _keys_in(sources)))
    for seq, how in _redirected(log, hops, set(url_keys)).items():
        for h in how:
            add(seq, h)
    return matches


def not_compared(log: AuditLog, subject: Subject, found: Iterable[int]) -> dict[str, Any] | None:
    """The records a --domain below its site (`jane.example.fr` under `example.fr`) could not be
    compared with, other than those `found`: of the site, their URL kept as a keyed hash only (a
    blocked item's, whose row may keep its image's hashes). Whose host they are cannot be told:
    counted, with how to look at them, never given or erased as the subject's; None when none."""
    if not subject.domain:
        return None
    site = registrable_domain(subject.domain) or subject.domain
    if site == subject.domain:  # (the whole site asked for: every record of it is compared)
        return None
    where, values = domain_condition(site)
    rows = log.conn.execute(f"SELECT c.seq FROM chain c JOIN sidecar s ON s.seq = c.seq WHERE {where} "
                            "AND s.url IS NULL", values)
    seen = set(found)
    count = sum(1 for (seq,) in rows if int(seq) not in seen)
    if not count:
        return None
    return {
        "site": site,
        "count": count,
        "note": f"{count} more of {site} keep their URL as a keyed hash only (blocked items, whose images' "
                f"hashes may be kept): whether they are {subject.domain}'s cannot be told; `scrapeguard audit list "
                f"--domain {site} --action block` lists them; ask by --url or --image to find the subject's",
    }


def resolved_url(url: str) -> str:
    """A URL as the crawl-time suppression meets it (`resource.resource_key`): dot segments resolved,
    runs of "/" as one (`/people/jane/./index.html`, `/people//jane/` are `/people/jane/…`), path
    parameters removed (`canonical.parameters_removed`: `/people/jane.html;jsessionid=X`), and the query's
    tracking (`canonical.tracking_removed`: `/people/jane.html?utm_source=x`), in normal form. A record
    keeps the spelling it was met by; a request compares them by this."""
    bare = parameters_removed(url) or url
    return normalise_url(resource_key(tracking_removed(bare) or bare))


def _asked_spellings(url: str) -> list[str]:
    """Every spelling a record of the URL asked for may be keyed under (`url_spellings`), and the URL as
    the guard's clients request it (`resolved_url`: a host in full-width letters, `ｊａｎｅ.example.fr` as
    Scrapy, httpx and browsers send it, `jane.example.fr`)."""
    out = url_spellings(url)
    try:
        resolved = resolved_url(url)
    except ValueError:
        return out
    return out if resolved in out else [*out, resolved]


# (in SQL, the rows of a site worth resolving: a dot segment, a doubled slash past the scheme's, an escape, a
# path parameter, a query (its tracking, `canonical.tracking_removed`), a character past ASCII; the others' keyed
# hashes were looked up, and a site may have a million rows)
_ODD_SPELLING = ("(s.url LIKE '%/.%' OR instr(substr(s.url, 9), '//') > 0 OR instr(s.url, '%') > 0 "
                 "OR instr(s.url, ';') > 0 OR instr(s.url, '?') > 0 OR s.url GLOB '*[^ -~]*')")


def _other_spellings(log: AuditLog, urls: list[str]) -> set[int]:
    """The records of these URLs met under a spelling their keyed hashes do not find: with dot
    segments, doubled slashes (`/./`, `/%2E/`, `//`), path parameters (`;jsessionid=…`) or a query's
    tracking (`?utm_source=…`), which the server served as the same page and the suppression after an
    erasure refuses as it, or a host in full-width letters. The rows of each URL's site whose spelling may
    differ (`_ODD_SPELLING`), resolved and compared."""
    wanted: dict[str, set[str]] = {}  # registrable domain -> the resolved URLs of it asked for
    for u in urls:
        for v in both_schemes(u):
            try:
                form = resolved_url(v)
            except ValueError:
                continue
            host = url_host(form) or ""
            wanted.setdefault(registrable_domain(host) or host, set()).add(form)
    found: set[int] = set()
    for site, forms in wanted.items():
        if not site:
            continue
        where, values = domain_condition(site)
        rows = log.conn.execute(f"SELECT s.seq, {blob_columns('s.url')} FROM chain c JOIN sidecar s ON s.seq = c.seq "
                                f"WHERE {where} AND s.url IS NOT NULL AND {_ODD_SPELLING}", values)
        for seq, url in rows:
            text = column_text(url)
            if not isinstance(text, str) or ("/." not in text and text.find("//", 8) < 0 and "%2" not in text
                                             and ";" not in text and text.isascii()
                                             and ("?" not in text or tracking_removed(text) is None)):
                continue  # (a plain spelling: its keyed hash was looked up; not a host in full-width letters)
            try:
                if resolved_url(text) in forms:
                    found.add(int(seq))
            except ValueError:
                continue
    return found


def _under_prefix(log: AuditLog, prefix: str) -> Iterator[tuple[int, str, str]]:
    """(seq, URL, its keyed hash) of the records whose URL the sidecar holds in clear and that
    lie at or below `prefix` (`canonical.in_section`: `/~jdoe` covers `/~jdoe/cv.html`, never
    `/~jdoe2/`). A URL kept as a keyed hash only (a blocked item's) cannot be compared: it is
    found by its --url."""
    for start in _prefix_spellings(prefix):
        section = url_section(start)
        host = url_host(start) or ""
        where, values = domain_condition(registrable_domain(host) or host)
        rows = log.conn.execute(
            f"SELECT s.seq, {blob_columns('s.url', 's.url_hmac')} FROM chain c JOIN sidecar s ON s.seq = c.seq "
            f"WHERE {where} AND s.url IS NOT NULL", values
        )
        for seq, url, url_key in rows:
            text = column_text(url)
            try:
                form = normalise_url(text)
                # (`/./people/jane/`, `/people//jane/`, `/people;v=1/jane/`: the section as the server and the
                # suppression read it)
                odd = "/." in form or form.find("//", 8) >= 0 or ";" in form.partition("?")[0]
                resolved = resolved_url(text) if odd else form
            except ValueError:
                continue
            # (resolved, where it differs, alone: `/people/jane/%2E%2E/bob/` is Bob's page, whatever its raw
            # prefix says)
            if in_section(url_section(resolved), section):
                yield int(seq), text, column_text(url_key)


def _prefix_spellings(prefix: str) -> list[str]:
    """A --url-prefix as each client writes it: Scrapy's `jane.strasse.de/p%5B1%5D/` is httpx's
    `jane.xn--strae-oqa.de/p[1]/`; and resolved, as the records' URLs are compared (`resolved_url`)."""
    return list(dict.fromkeys([normalise_url(prefix), *client_spellings(prefix), resolved_url(prefix)]))


def _journal_matches(log: AuditLog, subject: Subject, journals: list[str]) -> list[dict[str, Any]]:
    """What the set-aside `journals` (`unwritten.rejected_journals`), or those of decisions still waiting
    (`unwritten.waiting_journals`: a running crawler's whose writes failed), hold about the subject: each line
    searched as a record is (its URL, host and image hashes; a URL kept as a keyed hash only by this
    log's key), with how it matched. They keep URLs in clear beside the log, out of its reach: an
    access answer that named the files without looking in them said "nothing held" of a person one
    of them names."""
    forms = {form for u in subject.urls for v in both_schemes(u) for form in _asked_spellings(v)}
    keys = {keyed_hash(log.key, "url:" + form) for form in forms}
    sections = [url_section(start) for prefix in subject.url_prefixes for start in _prefix_spellings(prefix)]
    hosts = domain_spellings(subject.domain)
    sha, phash = subject.image_sha256, subject.image_phash
    out: list[dict[str, Any]] = []
    for path in journals:
        for number, entry, keyed in journal_entries(Path(path), log.key):
            p = entry.personal
            if p is None:
                continue
            url = p.url if isinstance(p.url, str) else None
            form = normalise_url(url) if url else None
            bare = parameters_removed(url) if url else None  # (`a.html;jsessionid=X` is the page `a.html` asked for)
            plain = tracking_removed(bare or url) if url else None  # (so is `a.html?utm_source=x`)
            how = ["url"] if form in forms or bare in forms or plain in forms or (
                keyed and isinstance(p.url_hmac, str) and p.url_hmac in keys) else []
            how += ["url prefix"] if any(in_section(url_section(f), s) for f in (form, bare) if f for s in sections) \
                else []
            how += [matched for host, matched in hosts if _journal_host(url, entry.domain, host)]
            how += ["image sha256 (exact)"] if sha and p.image_sha256 == sha else []
            how += [REDACTED_COPY] if sha and p.redacted_sha256 == sha else []
            if phash and (distance := near(phash, p.phash)) is not None:
                how += [f"image perceptual hash (distance {distance})"]
            if how:
                record = _journal_record(entry)
                outcome, resource = record.get("outcome"), record.get("resource")
                out.append({
                    "journal": path,
                    "line": number,
                    "decision_id": entry.decision_id,
                    "ts": entry.ts,
                    "action": entry.action,
                    # handed to the crawler (what it may have stored), and a picture (whose bytes are suppressed);
                    # None: the record cannot tell
                    "kept": _kept(outcome) if isinstance(outcome, dict) else None,
                    "picture": of_a_picture(resource, p.phash) if isinstance(resource, dict) else None,
                    "matched_by": how,
                    "url": shown_url(url),
                    "page_url": shown_url(p.page_url),
                    "image_sha256": p.image_sha256,
                    "redacted_sha256": p.redacted_sha256,
                    # (suppressed as the records' are: a resized copy met elsewhere is the same picture)
                    "image_phash": p.phash if isinstance(p.phash, str) and _PHASH.fullmatch(p.phash) else None,
                    # of this log's key (its decision was added to the log), or another's (a file moved here)
                    "written_with_log_key": keyed,
                    "in_log": log.has_decision(entry.decision_id),
                })
    return out


def _journal_host(url: str | None, domain: str, host: str) -> bool:
    """Whether a journal's entry is about `host` as a record in the log is (`domain_condition`,
    `about_host`): its URL's host at or below it, or, a URL kept as a keyed hash only, its
    registrable domain when that is what was asked for."""
    site = registrable_domain(host) or host
    found = url_host(url) if url else None
    if found is None:
        return domain == site == host
    return under_domain(found, site) and about_host(url, host)


def _keys_in(text: str) -> set[str]:
    """The keyed hashes of a record's `redirected_from_refs` (none when tampered into anything else)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return set()
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _redirected(log: AuditLog, hops: list[tuple[int, Any, set[str]]], keys: set[str]) -> dict[int, list[str]]:
    """The records of where the subject's URLs (`keys`, keyed) redirected to, and on from there.

    A person knows the URL on the page; the crawler judged and stored the answer it redirected
    to, whose decisions name it (`Decision.redirected_from`, kept keyed). That URL is the
    subject's too: every record of it (its request and response, a fetch of it again) is, as
    the records of the URL an image was fetched from are. Followed at most `MAX_REDIRECTS` hops,
    each URL once, so a redirect cycle ends where it began. Never backwards, and not through a
    target other URLs lead to as well (a login page, a placeholder image): that one is listed
    for review, as a page that showed the image is, never erased or suppressed on this ground."""
    own = _url_keys(log, [seq for seq, _, _ in hops])
    for seq, url_ref, _ in hops:  # a record without a sidecar row: the chain's url_ref, when keyed
        if isinstance(url_ref, str) and url_ref.startswith(KEYED):
            own.setdefault(seq, url_ref)
    led_from: dict[str, set[str]] = {}  # a target's keyed URL -> every keyed URL a redirect led to it from
    for seq, _, sources in hops:
        if seq in own:
            led_from.setdefault(own[seq], set()).update(sources)

    def reach(through: Callable[[str], bool]) -> set[str]:
        reached, frontier = set(keys), set(keys)
        for _ in range(MAX_REDIRECTS):
            frontier = {t for t, sources in led_from.items() if sources & frontier and through(t)} - reached
            if not frontier:
                break
            reached |= frontier
        return reached

    every = reach(lambda target: True)
    shared = {t for t in every - keys if led_from[t] - every}
    mine = reach(lambda target: target not in shared)
    shared_led = {t for t in shared if led_from[t] & mine}
    records = _records_of(log, (mine - keys) | shared_led)  # (disjoint: `mine` goes through no shared target)
    found = {seq: [REDIRECTED] for seq, key in records.items() if key in mine}
    # a hop whose own URL is no longer known (its row erased): by where it was led from
    found.update({seq: [REDIRECTED] for seq, _, sources in hops if seq not in own and sources & mine})
    for seq, key in records.items():
        if key not in mine:
            found.setdefault(seq, [SHARED_TARGET])
    return found


def _url_keys(log: AuditLog, seqs: list[int]) -> dict[int, str]:
    """seq -> the keyed hash of the record's URL, its sidecar row's."""
    out: dict[int, str] = {}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for seq, value in log.conn.execute(
            f"SELECT seq, {blob_columns('url_hmac')} FROM sidecar WHERE seq IN ({marks})", chunk
        ):
            out[int(seq)] = column_text(value)
    return out


REFERENCE = "image url on a page"
REDACTED_COPY = "redacted copy sha256 (exact)"
REDIRECTED = "redirected from the subject's url"
SHARED_TARGET = "redirect target other urls lead to too"
PAGE_IMAGE = "personal image on the subject's page"
ON_PAGE = "image on the subject's page"  # (any other: its row names the subject's page as where it was)


def _is_reference(how: list[str]) -> bool:
    """A page that showed the subject's image only mentions it: the page itself is not the
    subject's record (a team page is about the whole team). Likewise the images a subject's
    page showed as personal: most likely hers, but not found by anything she gave us; and where
    her URL redirected when other URLs lead there too (a login page): perhaps not hers at all."""
    return all(h.endswith((REFERENCE, REFERENCE + ")", PAGE_IMAGE, SHARED_TARGET, SHARED_TARGET + ")"))
               or h in (SCRAPY_SPELLING, ON_PAGE) for h in how)


def _relation(how: list[str]) -> str:
    if not _is_reference(how):
        return "subject"
    if PAGE_IMAGE in how:
        return "personal image shown on the subject's page"
    if ON_PAGE in how:
        return ON_PAGE
    if SCRAPY_SPELLING in how:
        return OTHER_SITE
    if any(h.endswith((SHARED_TARGET, SHARED_TARGET + ")")) for h in how):
        return "redirect target other urls lead to too"
    return "page showing the image"


def _items(log: AuditLog, found: Iterable[tuple[Entry, list[str]]]) -> list[dict[str, Any]]:
    """The report items of what `find` found, each with the stored copies its decision has.

    Each record is made its item as it is read: the records themselves, all held until the
    copies were looked up, took 660 MB for a request by a site of 50,000 records."""
    items = [_item(e, how) for e, how in found]
    copies = storage_refs(log, [str(i["id"] or "") for i in items if i["schema"] == DECISION_SCHEMA])
    for i in items:
        if i["schema"] == DECISION_SCHEMA:
            i["storage_refs"] += copies.get(str(i["id"]), [])
    return items


def _kept(outcome: dict[str, Any]) -> bool:
    """Whether a decision handed its item to the crawler: allowed, but a redaction without its redacted copy (a
    part of a range, a body cut at the cap), which was withheld: nothing of it was kept."""
    return bool(outcome.get("allowed")) and not (outcome.get("action") == "redact" and outcome.get("enforced")
                                                 and not outcome.get("redacted"))


def _journal_record(entry: Prepared) -> dict[str, Any]:
    """The record a journal's entry holds as text (`Prepared.parts`; empty when it cannot be read)."""
    try:
        record = json.loads(join_parts(entry.parts, "", 0)) if entry.parts else None
    except (ValueError, RecursionError):
        return {}
    return record if isinstance(record, dict) else {}


def _item(entry: Entry, how: list[str]) -> dict[str, Any]:
    """One report item; its `storage_refs` are those the decision record itself carries, to which
    `_items` adds its stored copies (`storage.storage_refs`)."""
    r = entry.record
    personal = entry.personal or {}
    outcome = mapping(r.get("outcome"))
    resource, purpose = mapping(r.get("resource")), mapping(r.get("purpose"))
    return {
        "seq": entry.seq,
        "id": r.get("decision_id"),
        "schema": r.get("schema"),
        "ts": r.get("ts"),
        "matched_by": how,
        "domain": resource.get("registrable_domain"),
        "source_url": personal.get("url"),
        "page_url": personal.get("page_url"),
        "image_sha256": personal.get("image_sha256"),
        # the redacted copy a crawler kept in its place (a blurred photo, the page without its pictures)
        "redacted_sha256": personal.get("redacted_sha256"),
        "image_phash": personal.get("phash"),
        "content_type": resource.get("content_type"),
        "picture": resource.get("picture"),  # (None: a record written before it was said)
        "purpose": purpose.get("id"),
        "usage": purpose.get("usage"),
        "legal_basis": r.get("basis"),
        "action": outcome.get("action"),
        "enforced": outcome.get("enforced"),
        "kept": _kept(outcome),
        "codes": outcome.get("codes"),
        "explanation": outcome.get("explanation"),
        "jurisdictions": mapping(r.get("jurisdiction")).get("applied"),
        "retention_until": mapping(r.get("retention")).get("until"),
        "storage_refs": list(listed(r.get("storage_refs"))),
        "automated_decision_with_legal_effect": False,
        "relation": _relation(how),
        "url_kept_in_clear": personal.get("url") is not None,
        "personal_fields_erased": entry.personal is None,
    }


def unread_items(log: AuditLog, unread: dict[int, list[str]]) -> list[dict[str, Any]]:
    """The matches `find` could not read, in seq order, each with what is left to say about it:
    the chain's index columns (kind, id, time) and the sidecar row (URL, page, hashes), which
    a damaged record leaves intact. An access answer lists them; an erasure erases their rows."""
    seqs = sorted(unread)
    redacted = log.sidecar_column("redacted_sha256")  # (NULL in a log written before the column)
    chain: dict[int, tuple[Any, ...]] = {}
    side: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for seq, *values in log.conn.execute(
            f"SELECT seq, {blob_columns('kind', 'decision_id', 'ts')} FROM chain WHERE seq IN ({marks})", chunk
        ):
            chain[int(seq)] = tuple(map(column_text, values))
        for seq, *values in log.conn.execute(
            f"SELECT seq, {blob_columns('url', 'page_url', 'image_sha256', 'phash', redacted)} FROM sidecar s "
            f"WHERE seq IN ({marks})",
            chunk,
        ):
            side[int(seq)] = tuple(map(column_text, values))
    copies = storage_refs(log, [chain[s][1] for s in seqs if s in chain and chain[s][0] == "decision"])
    out = []
    for seq in seqs:
        kind, ident, ts = chain.get(seq, (None, None, None))
        url, page_url, sha, phash, redacted_sha = side.get(seq, (None, None, None, None, None))
        how = unread[seq]
        out.append({
            "seq": seq,
            "id": ident,
            "kind": kind,
            "ts": ts,
            "matched_by": how,
            "relation": _relation(how),
            "source_url": shown_url(url),
            "page_url": shown_url(page_url),
            "image_sha256": sha,
            "redacted_sha256": redacted_sha,
            "image_phash": phash,
            "storage_refs": copies.get(str(ident), []) if kind == "decision" else [],
            "problem": UNREADABLE if seq in chain else NO_CHAIN_RECORD,
        })
    return out


UNREADABLE = "its record is damaged and cannot be read (run `scrapeguard audit verify`)"
NO_CHAIN_RECORD = "its sidecar row has no record in the chain (run `scrapeguard audit verify`)"


def _reads_of(log: AuditLog, seqs: set[int], ids: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The recorded reads (`read` events: `export --personal`, `list --show-urls`, `show` …) that
    showed these records' personal fields: each may have left a copy outside the log (an export
    file, a saved listing) that an erasure must reach too. A read whose list of records was cut
    short is named when it came after one of them (it may have shown it). So are the recorded access
    requests that answered with any of the decisions `ids` (`subject`: the fullest copy of them, stored
    copies' paths too, in the report handed out; review, session 61)."""
    if not seqs:
        return []
    out: list[dict[str, Any]] = []
    wanted = set(ids)
    if wanted:
        answered = log.conn.execute(
            f"SELECT c.seq, {blob_columns('c.record')} FROM chain c WHERE c.kind = 'dsr' AND c.action = 'access' "
            "AND c.seq > ? ORDER BY c.seq", (min(seqs),))
        for seq, text in answered:
            try:
                record = json.loads(column_text(text))
            except (ValueError, RecursionError):
                continue
            found = record.get("items_found") if isinstance(record, dict) else None
            if isinstance(found, list) and not wanted.isdisjoint(x for x in found if isinstance(x, str)):
                out.append({"seq": int(seq), "ts": record.get("ts"), "command": "subject (access request "
                            f"{record.get('request_id')})", "operator": record.get("operator"), "format": None})
    rows = log.conn.execute(
        f"SELECT c.seq, {blob_columns('c.record')} FROM chain c WHERE c.action = 'read' AND c.kind = 'read' "
        "AND c.seq > ? ORDER BY c.seq", (min(seqs),)
    )
    for seq, text in rows:
        try:
            record = json.loads(column_text(text))
        except (ValueError, RecursionError):
            continue  # (damaged: `verify` says so)
        if not isinstance(record, dict):
            continue
        shown = record.get("seqs")
        listed = {s for s in shown if isinstance(s, int)} if isinstance(shown, list) else set()
        if listed & seqs or (record.get("seqs_truncated") is True and min(seqs) < int(seq)):
            out.append({"seq": int(seq), "ts": record.get("ts"), "command": record.get("command"),
                        "operator": record.get("operator"), "format": record.get("format")})
    return sorted(out, key=lambda read: int(read["seq"]))


READ_SEQS_KEPT = 1000


def personal_seqs(items: list[dict[str, Any]]) -> list[int]:
    """The seqs of report or manifest items that show a personal field, and of the storage
    events whose location or hash an item shows (`storage_refs`: those are sidecar fields of
    the storage event, read as much as the decision's URL)."""
    fields = ("source_url", "url", "page_url", "image_sha256", "redacted_sha256", "image_phash")
    shown = {int(i["seq"]) for i in items if any(i.get(f) is not None for f in fields)}
    shown.update(
        int(ref["seq"]) for ref in copies_of(items) if ref.get("location") is not None or ref.get("sha256") is not None
    )
    return sorted(shown)


def append_read(
    log: AuditLog, conn: sqlite3.Connection, command: str, seqs: list[int], detail: dict[str, Any] | None = None
) -> int:
    """Record in `conn`'s transaction that personal fields of these records are shown
    (legal-policy-model §5.3: every read of the sidecar is itself logged): a command's own
    transaction (an erasure's) keeps the read with what it shows, or neither."""
    body = {
        "command": command,
        "operator": operator(),
        "count": len(seqs),
        "seqs": seqs[:READ_SEQS_KEPT],
        "seqs_truncated": len(seqs) > READ_SEQS_KEPT,
        **(detail or {}),
    }
    return log.append_prepared(conn, event_record(READ_SCHEMA, body, f"read-{uuid.uuid4()}", "read"))


KEPT_IN_CHAIN = ("the hash chain keeps each record's registrable domain, the log's index by site (for a site that "
                 "is its own domain, such as jane-doe.fr or jane-doe.github.io, its host), until the record's "
                 "retention ends: no erasure rewrites the chain, whose verification it would break")


def _kept_in_chain(log: AuditLog, seqs: list[int]) -> list[dict[str, Any]]:
    """Each registrable domain the chain keeps of these erased decisions, with how many and until when (the
    latest retention end they name). Why: `stats`, `export` and the report go on
    naming a personal site (`jane-doe.fr`) once its erasure is done, and the manifest said nothing of it."""
    kept: dict[str, tuple[int, str | None]] = {}
    until_of = blob_columns("c.domain", f"json_extract({VALID_RECORD}, '$.retention.until')")
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        sql = f"SELECT {until_of} FROM chain c WHERE c.kind = 'decision' AND c.seq IN ({','.join('?' * len(chunk))})"
        for domain, until in text_rows(log.conn, sql, chunk):
            if not isinstance(domain, str) or not domain:
                continue
            count, last = kept.get(domain, (0, None))
            until = until if isinstance(until, str) else None
            kept[domain] = (count + 1, max(filter(None, (last, until)), default=None))
    return [{"registrable_domain": domain, "records": count, "until": until, "reason": KEPT_IN_CHAIN}
            for domain, (count, until) in sorted(kept.items())]


def _to_delete(ref: Any) -> list[str]:
    """What the manifest lists to delete for one storage reference: a stored copy's location
    and its hash (a copy kept elsewhere under another name), or a decision's own plain ref."""
    if isinstance(ref, dict):
        return [t for t in (ref.get("location"), f"sha256:{ref['sha256']}" if ref.get("sha256") else None) if t]
    return [str(ref)] if ref else []


def _request_id(given: str | None, log: AuditLog | None = None, kind: str = "") -> str:
    """The request's id: the operator's reference, or a new one. A number is refused: `audit show`
    reads a number as a seq, so a request kept under a ticket number (48213) could not be shown by
    its id, and `show` showed another record, a person's, in its place. So is one that already names a
    record of `log` other than a request of another kind (an access request then an erasure under one ticket is
    one combined request): `show` showed that record in its place (review)."""
    if given is None:
        return f"dsr-{uuid.uuid4()}"
    text = given.strip()
    if not text:  # (a script's unset variable: not a request kept under a made-up id)
        raise RequestError("--request-id is empty: give the request's reference, or leave the option out")
    if text.isascii() and text.isdigit():
        raise RequestError(f"--request-id {text!r} is a number, which `audit show` reads as a record's seq: "
                           f"give it a prefix (such as DSR-{text})")
    if _holds_an_address(text):
        raise RequestError(f"--request-id holds an e-mail address: {_KEPT_FOR_GOOD}, and it names each later refusal "
                           "of an erased item; give a reference of your own (a ticket number, DSR-2026-014)")
    if log is not None:
        with log.reading() as view:  # (every record under it: a second erasure after an access and an erasure)
            spellings = id_spellings(text)  # (as `audit show` finds one: in capitals too)
            for named in view.iter_entries(f"c.decision_id IN ({','.join('?' * len(spellings))})", spellings,
                                           limit=1000):
                if named.record.get("schema") == DSR_SCHEMA and named.record.get("kind") not in (kind, None):
                    continue
                raise RequestError(f"--request-id {text!r} already names a record of this log (seq {named.seq}, "
                                   f"{named.record.get('schema', '')} {named.record.get('kind') or ''}".rstrip()
                                   + "): `audit show` finds one record by it; give this request a reference of its "
                                   "own")
    return text


# an address in a text: a local part, "@", a domain with a dot (not `DSR-14@2026`)
_ADDRESS: Final = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^\W\d_]{2,}")


def _holds_an_address(text: str) -> bool:
    """Whether the text holds an e-mail address, however it is written: full-width (`jane＠example.com`),
    percent-encoded (`jane%40example.com`)."""
    plain = unicodedata.normalize("NFKC", unquote(text))
    return "@" in plain and _ADDRESS.search(plain) is not None


# (why what a request is recorded under must not name the person: review, session 61)
_KEPT_FOR_GOOD = "the request's record is hash-chained and kept for good, beyond any erasure"


def _verification(given: str) -> str:
    """How the requester's identity was checked: the method ("ID document seen", "reply from the
    account's address"), never the person's details, which the chained record would keep for good."""
    if _holds_an_address(given):
        raise RequestError(f"--verification holds an e-mail address: {_KEPT_FOR_GOOD}; say how identity was "
                           "checked (the method: \"reply from the registered address\"), not whose it is")
    return given


def _received(text: str | None) -> str:
    """When the request came in: a date or RFC 3339 time, not in the future (the one-month
    deadline runs from it). Empty is refused: the request is not received now because a script's
    variable was unset (its deadline, and whether it was answered late, would run from the wrong day).
    Kept in the offset it was given in: converted to UTC, 31 January 20:00 in New York was received
    on 1 February, and due a day past the law's month."""
    if text is None:
        return now_ts()
    if not text.strip():
        raise RequestError("--received is empty: give the day the request came in, or leave the option out")
    try:
        value = parse_ts(text, keep_offset=True)
        _ = one_month_after(value), value.astimezone(_dt.UTC)  # (reports and retention read it in UTC)
    except (ValueError, OverflowError):
        raise RequestError(f"--received: not a date or RFC 3339 time in range: {text!r}") from None
    if (offset := value.utcoffset()) is not None and offset % _dt.timedelta(minutes=1):
        raise RequestError(f"--received {text!r}: a UTC offset to the second is not RFC 3339 (give hh:mm)")
    if value > _dt.datetime.now(_dt.UTC) + _dt.timedelta(days=1):
        raise RequestError(f"--received {text!r} is in the future")
    if value.astimezone(_dt.UTC) < _EARLIEST_REQUEST:
        # (`0026-12-01` for 2026: chained for good, and `stats` then said it was answered 730,490 days late)
        raise RequestError(f"--received {text!r} is before {_EARLIEST_REQUEST.year}: a typing error? Give the day "
                           "the request came in")
    return format_ts(value, keep_offset=True)


_EARLIEST_REQUEST = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)  # (before any audit log this tool could have written)


def one_month_after(start: _dt.datetime) -> _dt.datetime:
    """The same date one calendar month later, or that month's last day when it has no such
    date (31 January -> 28/29 February): GDPR Art. 12(3) gives "one month of receipt", counted
    as Regulation 1182/71 counts months. Thirty days ran past it for every request received in
    February (15 February -> 17 March) and on 30 or 31 January."""
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def _due(received: str) -> str:
    """The end of the day one month after `received`, counted in its own offset (`_received`): Regulation 1182/71
    Art. 3(2)(c) ends a period with the last hour of its last day. The same instant as the receipt's, the record
    said a request answered later that day was late, where `stats` and the report (by the day) said it was not."""
    last_day = one_month_after(parse_ts(received, keep_offset=True))
    return format_ts(last_day.replace(hour=23, minute=59, second=59, microsecond=999000), keep_offset=True)


def _dsr_body(
    kind: str,
    request_id: str,
    received: str,
    verification: str,
    keys: list[str],
    items: list[dict[str, Any]],
    actions: dict[str, Any],
    right: str,
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "kind": kind,
        "received": received,
        "due": _due(received),
        "verification": verification,
        "search_keys": keys,
        "items_found": [i["id"] for i in items],
        "actions": actions,
        "recipients_notified": [],
        "exceptions": [],
        "responded": now_ts(),
        "dpv": {"hasRight": right},
    }


def access(
    log: AuditLog,
    subject: Subject,
    *,
    request_id: str | None = None,
    received: str | None = None,
    verification: str = "not recorded",
    record: bool = True,
) -> dict[str, Any]:
    """Art. 15: everything recorded about the subject, and (unless `record=False`) a
    DSR record of the request in the chain."""
    subject.validate()
    request_id = _request_id(request_id, log if record else None, "access")
    verification = _verification(verification)
    received = _received(received)
    unread: dict[int, list[str]] = {}
    rejected = [str(p) for p in rejected_journals(log.journal_base)]  # (one listing: those named are those searched)
    # (read before the log: a decision written meanwhile is found there; one still waiting was in neither, found
    # in review)
    waiting = [str(p) for p in waiting_journals(log.journal_base)]
    waiting_held = _journal_matches(log, subject, waiting)
    with log.reading() as view:  # (one snapshot: a prune or erasure meanwhile made a mixed answer)
        items = _items(view, find(view, subject, unread))
        damaged = unread_items(view, unread)
        uncompared = not_compared(view, subject, [*(i["seq"] for i in items), *unread])
    # (another site's records, `domain_spellings`: not the subject's to be given, a human looks first)
    review = [i for i in items if i["relation"] == OTHER_SITE]
    items = [i for i in items if i["relation"] != OTHER_SITE]
    report = {
        "schema": "scrapeguard.subject-access/1",
        "request_id": request_id,
        "generated": now_ts(),
        # the answer's deadline, as the erasure manifest gives it: the operator answers from this report
        "received": received,
        "due": _due(received),
        "searched": {
            "urls": [normalise_url(u) for u in subject.urls],
            "url_prefixes": [normalise_url(u) for u in subject.url_prefixes],
            "domain": subject.domain,
            "image_sha256": subject.image_sha256,
            "image_phash": subject.image_phash,
        },
        "statement": NO_FACE_RECOGNITION,
        "count": len(items),
        "items": items,
        # matched, but the record is unreadable: what its sidecar row still holds (not in count)
        "damaged": damaged,
        # the records of the domain as IDNA 2003 spells it (not in count): another owner's site, or
        # Scrapy's requests of this one (`jane.strasse.de` for `jane.straße.de`); answer with those
        # that are the subject's once checked
        "other_site_to_review": [
            {"seq": r["seq"], "decision_id": r["id"], "url": r["source_url"], "matched_by": r["matched_by"]}
            for r in review
        ],
        # the site's records a --domain below it could not be compared with (not in count)
        "not_compared": uncompared,
        # journals of unwritten decisions set aside (`replay_orphans`): URLs in clear beside the log
        "unwritten_rejected": rejected,
        # their lines about the subject (not in count: the log's own records are; `in_log` says which are too)
        "unwritten_rejected_matches": _journal_matches(log, subject, rejected),
        # journals of decisions waiting to be written (a running crawler's whose writes failed, written by it later;
        # an ended one's, added when the log is next opened for writing), and their lines about the subject
        # (not in count; `in_log` says which are written by now)
        "unwritten_waiting": waiting,
        "unwritten_waiting_matches": waiting_held,
    }
    if record:
        body = _dsr_body(
            "access",
            request_id,
            received,
            verification,
            subject.search_keys(log.key),
            items,
            {"answered_items": len(items), "damaged_records": [d["seq"] for d in damaged],
             **({"not_compared": uncompared["count"]} if uncompared else {})},
            "eu-gdpr:A15",
        )
        with log.transaction() as conn:
            report["dsr_seq"] = log.append_prepared(conn, event_record(DSR_SCHEMA, body, request_id, "access"))
    return report


def erase(
    log: AuditLog,
    subject: Subject,
    *,
    request_id: str | None = None,
    received: str | None = None,
    verification: str = "not recorded",
    dry_run: bool = False,
    deliver: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Art. 17: the manifest of stored items to delete, then (unless `dry_run`) in one
    transaction: erase the sidecar rows, add the suppression entries, record the request.
    The chain stays verifiable because it never held the erased values.

    `deliver` receives the finished manifest inside that transaction, before the commit:
    the manifest is the only list of content-store objects to delete and cannot be rebuilt
    once the sidecar is gone, so if delivering it fails (no such directory, disk full) the
    erasure is rolled back and nothing has changed."""
    subject.validate()
    request_id = _request_id(request_id, log, "erasure")
    verification = _verification(verification)
    received = _received(received)
    items: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    unread: dict[int, list[str]] = {}
    # (what the set-aside journals hold about the subject: their URLs and images are the subject's too;
    # one listing, so the files the manifest names are those searched)
    rejected = [str(p) for p in rejected_journals(log.journal_base)]
    held = _journal_matches(log, subject, rejected)
    # (and the journals of decisions still waiting, a running crawler's: read before the log, so that a decision
    # written meanwhile is found there; one still waiting was in neither, and its item in no manifest: found in review)
    waiting = [str(p) for p in waiting_journals(log.journal_base)]
    waiting_held = _journal_matches(log, subject, waiting)
    waiting_own = [m for m in waiting_held if not _is_reference(m["matched_by"])]
    own_lines = [m for m in [*held, *waiting_own] if not _is_reference(m["matched_by"])]  # (another site's: listed)
    with log.reading() as view:  # (one snapshot: what the erasure's transaction misses, `_erase_missed` takes)
        for item in _items(view, find(view, subject, unread)):
            if item["schema"] == DECISION_SCHEMA:
                # a page that showed the image is the page's record, not the subject's: its URL
                # and body are not the person's to erase or suppress; a human reviews it
                (references if _is_reference(item["matched_by"]) else items).append(item)
        # a match whose record is damaged: its sidecar row still holds the subject's URL and hashes,
        # so it is erased and suppressed as any item (whether its item was kept is unknown: its URL
        # and hashes are listed for deletion); one matched only as a reference is reviewed
        damaged = [{**d, "erase": d["relation"] == "subject"} for d in unread_items(view, unread)]
        erasing = [d for d in damaged if d["erase"]]
        # a damaged stored copy's row holds its location, not a URL the crawler fetched
        sources = [*items, *(d for d in erasing if d["kind"] != "storage")]
        # every client's spelling of each URL (Scrapy's foto%5B1%5D.jpg is httpx's foto[1].jpg): a later
        # crawl through either is suppressed
        named = [*(v for u in subject.urls for v in both_schemes(u)), *(i["source_url"] for i in sources if i["source_url"]),
                 *(m["url"] for m in own_lines if m["url"])]
        urls = sorted({form for u in named for form in (normalise_url(u), *client_spellings(u))})
        # a URL kept only as its keyed hash (`[audit] url = "hmac"`: a blocked item's, one a redirect led
        # to among them) is suppressed by that hash: no clear URL to give, and it must not be crawled again
        keyed = sorted(set(_url_keys(view, [i["seq"] for i in sources if not i["source_url"]]).values())
                       - {url_hmac(log.key, u) for u in urls})
        # the other records that name the subject's page as where their picture was (`page_url`): reviewed, not
        # suppressed (a logo, a coffee cup are not the subject's), but their rows' personal fields go with the page
        pages = subject_pages(subject.urls, [i["source_url"] for i in sources if i["source_url"]])
        # (the pictures judged to show someone are reviewed whole, their rows kept: a colleague's portrait on a shared
        # team page is the colleague's record, whose erasure is the colleague's to ask; review of the change)
        on_page = {int(r["seq"]) for r in references
                   if r["relation"] == ON_PAGE and _names_a_page(r["page_url"], pages)}
        shown = {int(i["seq"]) for i in [*items, *erasing]} | {int(r["seq"]) for r in copies_of([*items, *erasing])}
        reads = _reads_of(view, shown, {str(i["id"]) for i in [*items, *erasing] if i["id"]})
        unseen, _ = view.head()  # (the seq a record the search could not see begins at)
        uncompared = not_compared(view, subject, [*(i["seq"] for i in [*items, *references]), *unread])
        kept_in_chain = _kept_in_chain(view, [int(i["seq"]) for i in [*items, *erasing]])
    # a picture's bytes are the person's wherever they are met again; a page's or a text's are not (a soft 404,
    # a template: the same bytes on many sites, whose later answers were withheld and records erased unlisted)
    shas = sorted({s for s in [subject.image_sha256] + [i["image_sha256"] for i in [*sources, *own_lines]
                                                        if i.get("picture") is not False and (
                                                            i.get("schema") != DECISION_SCHEMA
                                                            or of_a_picture(i, i["image_phash"]))]
                   if isinstance(s, str) and s})
    suppress: list[tuple[str, str]] = [("url", u) for u in urls] + [("sha256", s) for s in shas]
    phashes = sorted({p for p in [subject.image_phash] + [i["image_phash"] for i in [*sources, *own_lines]] if p})
    suppress += [("phash", p) for p in phashes]
    suppress += [("domain", subject.domain)] if subject.domain else []
    # the section itself, in each client's spelling: a page of it first met after this erasure is the subject's too
    suppress += [(URL_PREFIX, s) for s in sorted({s for p in subject.url_prefixes for s in _prefix_spellings(p)})]
    manifest: dict[str, Any] = {
        "schema": "scrapeguard.erasure-manifest/1",
        "request_id": request_id,
        "received": received,
        "due": _due(received),
        "dry_run": dry_run,
        "statement": NO_FACE_RECOGNITION,
        "items": [
            {
                "seq": i["seq"],
                "decision_id": i["id"],
                "url": i["source_url"],
                "page_url": i["page_url"],
                "image_sha256": i["image_sha256"],
                "redacted_sha256": i["redacted_sha256"],
                "storage_refs": i["storage_refs"],
                "kept": i["kept"],
            }
            for i in items
        ],
        "delete_from_content_store": sorted(
            {text for i in [*items, *erasing] for ref in i["storage_refs"] for text in _to_delete(ref)}
            | {f"sha256:{i['image_sha256']}" for i in items if i["image_sha256"] and i["kept"]}
            # what a crawler kept of a redacted item is its redacted copy, under that copy's hash
            | {f"sha256:{i['redacted_sha256']}" for i in [*items, *erasing] if i["redacted_sha256"]}
            | {i["source_url"] for i in items if i["source_url"] and i["kept"]}
            | {f"sha256:{d['image_sha256']}" for d in erasing if d["image_sha256"]}
            | {d["source_url"] for d in erasing if d["source_url"]}
            # what a decision still waiting handed over (`unwritten_waiting_matches`)
            | {m["url"] for m in waiting_own if m["url"] and m["kept"] is not False}
            | {f"sha256:{m[h]}" for m in waiting_own if m["kept"] is not False
               for h in ("image_sha256", "redacted_sha256") if m[h]}
        ),
        "suppression": [{"kind": k, "key": v if k == "phash" else "(keyed hash)"} for k, v in suppress]
        + [{"kind": "url", "key": "(keyed hash)"} for _ in keyed],
        # the site's records a --domain below it could not be compared with: neither erased nor suppressed
        "not_compared": uncompared,
        # what the chain keeps of the erased records: their registrable domain, a personal site's name
        "kept_in_chain": kept_in_chain,
        "references_to_review": [
            {
                "seq": r["seq"],
                "decision_id": r["id"],
                "relation": r["relation"],
                "page_url" if r["relation"] == "page showing the image" else "url": r["source_url"],
                "image_sha256": r["image_sha256"],
                "redacted_sha256": r["redacted_sha256"],
                "storage_refs": r["storage_refs"],
                "kept": r["kept"],
                "personal_fields_erased": int(r["seq"]) in on_page,
            }
            for r in references
        ],
        "damaged": [
            {
                "seq": d["seq"],
                "decision_id": d["id"],
                "kind": d["kind"],
                "matched_by": d["matched_by"],
                "relation": d["relation"],
                "url": d["source_url"],
                "page_url": d["page_url"],
                "image_sha256": d["image_sha256"],
                "redacted_sha256": d["redacted_sha256"],
                "storage_refs": d["storage_refs"],
                "problem": d["problem"],
                "erase": d["erase"],
            }
            for d in damaged
        ],
        "note": "Delete every listed object and its derivatives (thumbnails, redacted copies, dataset "
        "shards, training manifests), then notify recipients (Art. 19). The entries under "
        "references_to_review were not suppressed, and not erased but for the fields of those whose picture was on "
        "the subject's page (personal_fields_erased: their rows named that page): a page that showed the image (remove "
        "the image from any stored copy of it), or an image the subject's page showed as personal "
        "(most likely the subject's: erase it with --url or --image once confirmed, with its stored "
        "and redacted copies), or where the subject's URL redirected when other URLs lead there too "
        "(a login page, a placeholder: erase it with --url if it is the subject's), or a record of the --domain "
        "as IDNA 2003 spells it (strasse.de for straße.de: another owner's site, or Scrapy's request of "
        "this one: erase those that are the subject's with --url). The entries under "
        "damaged matched, but their records cannot be read (run `scrapeguard audit verify`): those with erase true are erased and suppressed like the "
        "items, from what their sidecar rows held; the others are to be reviewed like references_to_review."
        + (" A --url-prefix is suppressed whole (kind url-prefix): a page below it first met after this erasure is "
           "blocked too." if subject.url_prefixes else "")
        + (" The files under unwritten_rejected are journals of decisions whose write to the log failed, set "
           "aside whole because a line in them was not written with the log's key: they keep their decisions' "
           "URLs and image hashes in clear, out of the log's reach (none was erased there; the lines that hold "
           "the subject's are under unwritten_rejected_matches, their URLs and images suppressed, but for those "
           "matched only by the domain's IDNA 2003 spelling): delete them "
           "once looked at." if rejected else "")
        + (" The entries under unwritten_waiting_matches are the subject's decisions still waiting in the journal of "
           "a process (unwritten_waiting: a crawler running now, whose writes to the log failed; one that ended is "
           "added when the log is next opened for writing), in no item above unless in_log: their URLs and images are "
           "suppressed, so their process writes them without their URL, and what they handed over (kept, or unknown) "
           "is listed for deletion." if waiting_held else "")
        + (" The entries under personal_reads_to_review are recorded reads that showed these records' personal "
           "fields (command, operator, time): delete any copy they left outside the log (an export file, a "
           "saved listing or manifest)." if reads else ""),
        "personal_reads_to_review": reads,
        "unwritten_rejected": rejected,
        "unwritten_rejected_matches": held,
        "unwritten_waiting": waiting,
        "unwritten_waiting_matches": waiting_held,
    }
    if dry_run:
        return manifest
    with log.transaction() as conn:
        # the stored copies' locations and hashes go with the decision's own fields
        copies = [ref["seq"] for ref in copies_of([*items, *erasing])]
        erased = log.erase_sidecar(conn, [i["seq"] for i in [*items, *erasing]] + copies + sorted(on_page))
        added = [log.add_suppression(conn, k, v, request_id, since=unseen) for k, v in suppress]
        added += [log.add_suppression(conn, "url", h, request_id, keyed=True) for h in keyed]
        if subject.domain:  # (made from the spelling it holds: never taken for another's IDNA 2003 one)
            added.append(log.add_suppression(conn, EXACT_DOMAIN, subject.domain, request_id))
        if subject.image_phash:
            log.erase_near_copies(conn, subject.image_phash, request_id, since=unseen)
        body = _dsr_body(
            "erasure",
            request_id,
            received,
            verification,
            subject.search_keys(log.key),
            # a damaged decision's id (from the chain's index) too: the erasure then vouches for
            # its missing row should the record be restored
            [*items, *(d for d in erasing if d["id"]), *(r for r in references if int(r["seq"]) in on_page)],
            {
                "sidecar_rows_erased": erased,
                "suppressed": added,
                "content_store_refs_listed": len(manifest["delete_from_content_store"]),
                "references_to_review": len(references),
                "references_fields_erased": len(on_page),  # (their rows named the subject's page)
                "damaged_records": [d["seq"] for d in damaged],
                **({"not_compared": uncompared["count"]} if uncompared else {}),
            },
            "eu-gdpr:A17",
        )
        manifest["dsr_seq"] = log.append_prepared(conn, event_record(DSR_SCHEMA, body, request_id, "erasure"))
        manifest["sidecar_rows_erased"] = erased
        # the manifest shows what was not erased in clear (the record keeps only its count): a read
        kept = personal_seqs([*manifest["references_to_review"], *(d for d in manifest["damaged"] if not d["erase"])])
        if kept:
            append_read(log, conn, "erase", kept)
        if deliver is not None:
            deliver(manifest)
    log.flush_wal()
    return manifest
