"""From a `Decision` to the record the chain covers, and the personal fields kept apart.

Minimisation is decided here, once: the chained record holds commitments, codes, counts
and scores; everything that identifies a person (the URL in clear, the page it was on,
the image's own hash) goes to the erasable sidecar. Erasing the sidecar therefore never
changes a hashed byte (legal-policy-model §5.3).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import metadata
from typing import Any, Final

from scrapeguard.audit.canonical import (
    canonical_parts,
    client_spellings,
    clean_text,
    commitment,
    fields_ref,
    item_paths,
    keyed_hash,
    new_salt,
    normalise_url,
    scrub,
    sha256_hmac,
    storable_parts,
    url_hmac,
)
from scrapeguard.jurisdiction import registrable_domain
from scrapeguard.policy.evaluate import on_error_codes
from scrapeguard.resource import _ENDS_IN_NUMBER, host_of, may_be_picture, origin, without_userinfo

DECISION_SCHEMA = "scrapeguard.decision/1"
DSR_SCHEMA = "scrapeguard.dsr/1"
PRUNE_SCHEMA = "scrapeguard.prune/1"
READ_SCHEMA = "scrapeguard.read/1"  # a read of the sidecar's personal fields (legal-policy-model §5.3)
ANCHOR_SCHEMA = "scrapeguard.anchor/1"
STORAGE_SCHEMA = "scrapeguard.storage/1"  # where a decision's item was stored (`audit.storage`)
KNOWN_SCHEMAS = (DECISION_SCHEMA, DSR_SCHEMA, PRUNE_SCHEMA, READ_SCHEMA, STORAGE_SCHEMA)
EVENT_KINDS = {DSR_SCHEMA: "dsr", PRUNE_SCHEMA: "prune", READ_SCHEMA: "read", STORAGE_SCHEMA: "storage"}
# A note beside a `domain` suppression entry (same keyed value and request): it was made from the
# spelling it holds (UTS #46, `query.host_name`), not read with IDNA 2003 as an older release read a
# --domain (`strasse.de` for `straße.de`), so it covers that domain alone (`AuditLog._domain_hit`).
# A release that does not know it reads it as one more entry of the same value: nothing changes there.
# No entry of its own to a reader: an erasure's summary counts the entries its manifest listed.
EXACT_DOMAIN = "domain-exact"
# A profile or site section an erasure suppressed whole (`erase --url-prefix`, legal-policy-model
# §5.8: "suppress the registrable_domain + path prefix"): its `canonical.url_section`, keyed. A
# release that does not know it reads it as one more entry no URL's keyed hash equals.
URL_PREFIX = "url-prefix"


@functools.lru_cache(maxsize=1)
def guard_version() -> str:
    try:
        return metadata.version("scrapeguard")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass(slots=True)
class Personal:
    """One sidecar row: erasable, never hashed into the chain."""

    url_hmac: str
    url: str | None = None
    salt: str | None = None
    page_url: str | None = None
    image_sha256: str | None = None
    phash: str | None = None
    redacted_sha256: str | None = None  # the kept redacted copy's (`Decision.redacted_sha256`)


@dataclass(slots=True)
class Prepared:
    """A record waiting for its `seq` and `prev`, which only the writing transaction knows.

    `parts`, when set, is the canonical text to store, cut where `prev` and `seq` go
    (`canonical.join_parts`); it is authoritative: the item's own URLs are already hidden
    in it, which `record` may still show. Without `parts` the writer serialises `record`."""

    record: dict[str, Any]
    personal: Personal | None
    kind: str
    decision_id: str
    ts: str
    domain: str
    action: str
    purpose: str
    parts: tuple[str, str, str] | None = None  # canonical text without prev/seq, if known
    # a blocked item's URL keyed hash: earlier request-stage rows of that URL lose their
    # clear fields when this record is written (`AuditLog.append_many`), so a URL blocked
    # only once its response was seen is not left in clear by the request that fetched it
    withdraws_clear: str | None = None


_SHA256 = re.compile(r"[0-9a-f]{64}")


def mapping(value: object) -> dict[str, Any]:
    """A record's object field, or {} when a (tampered) record holds anything else there: verify
    reports such a record; reading it must not crash first."""
    return value if isinstance(value, dict) else {}


def listed(value: object) -> list[Any]:
    """A record's list field, or [] when a (tampered) record holds anything else there (`mapping`'s twin)."""
    return value if isinstance(value, list) else []


# the fields every release wrote as an object, and as a list: a record holding anything else there was edited
_OBJECT_FIELDS: Final = ("resource", "outcome", "purpose", "policy", "retention", "jurisdiction", "guard", "basis")
_LIST_FIELDS: Final = ("findings", "images", "notes", "signals", "detectors", "storage_refs", "errors")


def well_shaped(record: Mapping[str, Any]) -> bool:
    """Whether a record's object and list fields (`_OBJECT_FIELDS`, `_LIST_FIELDS`) hold an object and a
    list, or nothing. One that does not (`"outcome": "x"`, `verify`: TAMPERED) is answered as damaged by an
    access or erasure request, from its side fields: read as a record, it failed every request on the log."""
    return (all(isinstance(record.get(name), (dict, type(None))) for name in _OBJECT_FIELDS)
            and all(isinstance(record.get(name), (list, type(None))) for name in _LIST_FIELDS))


def shown_url(value: Any) -> Any:
    """A URL read back from the log or its journals as it is shown: without the `user:password@` an
    older release kept (the guard drops them since), which would print a password to a reader, a
    requester included. Anything but text (NULL, a tampered value) as it is."""
    return without_userinfo(value) if isinstance(value, str) else value


def parse_ts(ts: str, *, keep_offset: bool = False) -> _dt.datetime:
    """RFC 3339 (with `Z`) or a plain date, as an aware UTC datetime; with `keep_offset` in the
    UTC offset it was written with (a data-subject request's month runs from its day there)."""
    text = ts.strip()
    if len(text) == 10:
        return _dt.datetime.fromisoformat(text).replace(tzinfo=_dt.UTC)
    value = _dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.UTC)
    if keep_offset:
        return value
    try:
        return value.astimezone(_dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
        raise ValueError(f"time out of range: {ts!r}") from None


def format_ts(value: _dt.datetime, *, keep_offset: bool = False) -> str:
    """RFC 3339 to the millisecond, in UTC (`Z`), or with `keep_offset` in the value's own offset."""
    if not keep_offset:
        value = value.astimezone(_dt.UTC)
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def operator() -> str:
    """Who ran the command (the OS account), for the record of a read or a request."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def now_ts() -> str:
    return format_ts(_dt.datetime.now(_dt.UTC))


def domain_of(url: str) -> str:
    try:
        host = host_of(url)
    except ValueError:
        return ""
    return registrable_domain(host) if host else ""


def retention_until(ts: str, days: int | None) -> str | None:
    if not days:
        return None
    try:
        return (parse_ts(ts) + _dt.timedelta(days=int(days))).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _image_entry(image: dict[str, Any], key: bytes) -> dict[str, Any]:
    """What the chain keeps of an image seen on a page: a keyed hash of its URL (so an
    Art. 15 request by that URL finds the page), the verdict and the finding codes;
    the findings' details are in the image's own record when it is fetched. Where another
    client fetches the URL spelt otherwise (`canonical.client_spellings`: Scrapy's
    `jane%5B1%5D.jpg`, `jane.strasse.de`), those spellings' keyed hashes too (`other_url_refs`):
    a request by the page's URL finds the image's record whichever client fetched it."""
    findings = image.get("findings") or []
    url = str(image.get("url") or image.get("src") or "")
    ref = url_hmac(key, url)
    entry = {
        "url_ref": ref,
        "kind": image.get("kind"),
        "personal": bool(image.get("personal")),
        "score": image.get("score"),
        "action": image.get("action"),
        "reasons": image.get("reasons") or [],
        "codes": [f.get("code") for f in findings if isinstance(f, dict)],
    }
    if (not url.isascii() or "xn--" in url or "%" in url or any(c in url for c in _SPELT_APART)  # (most URLs: none)
            or url.find("//", 8) >= 0 or ";" in url
            or _ENDS_IN_NUMBER.match(url.lower()) is not None):  # (an IPv4 host perhaps spelt `0xc000020a`)
        others = sorted({keyed_hash(key, "url:" + form) for form in client_spellings(url)} - {ref})
        if others:
            entry["other_url_refs"] = others
    return entry


# what a client may spell otherwise in a URL (`canonical.client_spellings`), besides a host in Unicode or A-labels
_SPELT_APART = "[]^|'\\`{}"


def _origins(urls: tuple[str, ...], normal: str) -> tuple[str, ...]:
    """The origins of a decision's URLs as given, and of the item's as the guard spells it (`normal`, its
    normal form: the host in IDNA, as the host files it fetched are named), to hide too: a signal's source
    (`https://jane-doe.example.fr/robots.txt line 2`), a host file's note, named the item's host in the
    chain, where no erasure reaches it. (Its registrable domain is kept, `resource.registrable_domain`: the
    log's index by site, which `--domain` searches; where the host is that domain, `jane-doe.fr`, the
    chain names it so.)"""
    out: dict[str, None] = {}
    for form in (*urls, normal):
        try:
            found = origin(form)
        except ValueError:  # (an unparsable URL has no origin to hide: its whole text is hidden)
            continue
        if "://" in found and len(found) > len("https://") and found not in urls:
            out[found] = None
    return tuple(out)


def _record_ts(value: Any) -> tuple[str, list[dict[str, str]]]:
    """A decision's time in the log's one spelling (UTC, milliseconds, `Z`), and a note when it
    was none. Why: the filters compare that text (`2026-11-29 02:00`, or a time with an offset,
    sorted wrong), and a time that cannot be read gave no retention date (never pruned)."""
    if not value:
        return now_ts(), []
    try:
        return format_ts(parse_ts(str(value))), []
    except (ValueError, OverflowError):
        shown = clean_text(str(value))[:64]
        return now_ts(), [{"code": "audit.ts_unreadable", "source": "audit",
                           "detail": f"the decision's time {shown!r} is no RFC 3339 time: recorded as the time it was written"}]


def decision_record(d: dict[str, Any], key: bytes, url_mode: str = "hmac", phash: str | None = None) -> Prepared:
    """Build the chained record from `Decision.to_dict()`.

    `url_mode` is the policy's `[audit] url`: with `hmac`, a blocked item's URL is kept
    only as a keyed hash (nothing to erase later); otherwise the clear URL goes to the
    sidecar and the chain holds a salted commitment to it.

    The record is assembled as is and serialised once; only when that text shows
    something `scrub` would change (bytes, an embedding, a NaN, an unrounded float, a
    lone surrogate, the decision's own URL) is the record scrubbed value by value.
    """
    # (as given, to hide from the chain; kept without `user:password@`, as the guard drops them:
    # `list --show-urls`, exports and access answers showed them, to a requester too)
    given_urls = tuple(clean_text(str(d[k])) for k in ("url", "page_url") if d.get(k))
    url = without_userinfo(clean_text(str(d.get("url") or "")))
    page_url = without_userinfo(clean_text(str(d["page_url"]))) if d.get("page_url") else None
    action = str(d.get("action") or "allow")
    enforced = bool(d.get("enforced", True))
    blocked = action == "block" and enforced
    hmac_only = url_mode == "hmac" and blocked
    norm = normalise_url(url)
    key_of_url = keyed_hash(key, "url:" + norm)
    # the redacted copy's hash, when it is one (never for what was not kept: a withheld redaction)
    given = d.get("redacted_sha256")
    redacted = given.lower() if d.get("redacted") and isinstance(given, str) and _SHA256.fullmatch(given.lower()) else None
    if hmac_only:
        url_ref = key_of_url
        personal = Personal(url_hmac=key_of_url, image_sha256=d.get("body_sha256"), phash=phash,
                            redacted_sha256=redacted)
    else:
        salt = new_salt()
        url_ref = commitment(salt, norm, normalised=True)
        personal = Personal(
            url_hmac=key_of_url, url=url, salt=salt, page_url=None if d.get("page_erased") else page_url,
            image_sha256=d.get("body_sha256"), phash=phash,
            redacted_sha256=redacted,
        )
    # where a redirect led here from: keyed hashes only, as the URLs of a page's images (an access or
    # erasure request by the URL a person knows finds this record through them, `dsr`); none in clear
    sources = [clean_text(str(u)) for u in d.get("redirected_from") or [] if u]
    hide = tuple(u for u in dict.fromkeys((*given_urls, url, page_url, *sources)) if u)
    hide += _origins(hide, norm)  # (after the URLs: hidden first, a URL leaves no path behind)
    domain = domain_of(url)
    ts, ts_note = _record_ts(d.get("ts"))
    findings = list(d.get("findings") or [])
    policy = d.get("policy") or {}
    allowed = bool(d.get("allowed", not blocked))
    codes = [f.get("code") for f in findings if isinstance(f, dict)]
    codes += [c for c in on_error_codes(findings, allowed) if c not in codes]
    record: dict[str, Any] = {
        "schema": DECISION_SCHEMA,
        "decision_id": str(d.get("decision_id") or ""),
        "ts": ts,
        "stage": d.get("stage"),
        "guard": {"version": guard_version(), "integration": str(d.get("integration") or "library")},
        "purpose": {"id": d.get("purpose") or "", "usage": d.get("usage") or ""},
        "policy": {
            "id": policy.get("id", ""),
            "version": policy.get("version", ""),
            "sha256": policy.get("sha256", ""),
        },
        "resource": {
            "url_ref": url_ref,
            "registrable_domain": domain,
            "http_status": d.get("status"),
            "content_type": d.get("content_type"),
            "sha256_ref": sha256_hmac(key, d["body_sha256"]) if d.get("body_sha256") else None,
            "has_page": bool(page_url),
            **({"picture": d["picture"]} if isinstance(d.get("picture"), bool) else {}),
        },
        "jurisdiction": {
            "applied": list(d.get("jurisdictions") or []),
            "evidence": d.get("jurisdiction_evidence") or [],
        },
        "signals": d.get("signals") or [],
        "findings": findings,
        "notes": [*(d.get("notes") or []), *ts_note],
        "images": [_image_entry(i, key) for i in d.get("images") or [] if isinstance(i, dict)],
        "basis": d.get("legal_basis") or {},
        "detectors": d.get("detectors") or [],
        "outcome": {
            "action": action,
            "enforced": enforced,
            "allowed": allowed,
            "redacted": bool(d.get("redacted")),
            "codes": codes,
            "explanation": str(d.get("explanation") or ""),
        },
        "retention": {"days": d.get("retention_days"), "until": retention_until(ts, d.get("retention_days"))},
        "storage_refs": list(d.get("storage_refs") or []),
        "on_error": d.get("on_error") or "",
        "errors": [
            {"code": f.get("code"), "detail": f.get("detail"), "source": f.get("source")}
            for f in findings
            if isinstance(f, dict) and f.get("kind") == "error"
        ],
    }
    ref = fields_ref(personal.page_url, personal.phash, salt=personal.salt, key=key)
    if ref is not None:  # binds the sidecar's page URL and perceptual hash (or their absence) to the record
        record["resource"]["fields_ref"] = ref
    if redacted is not None:  # (a keyed hash, as of the original's: `verify` holds the sidecar's to it)
        record["resource"]["redacted_sha256_ref"] = sha256_hmac(key, redacted)
    if sources:
        record["resource"]["redirected_from_refs"] = [url_hmac(key, u) for u in sources]
    index = (record["decision_id"], ts, domain, action, record["purpose"]["id"])
    paths = item_paths(tuple(u for u in hide if "://" in u))  # (the item's URL, its page's, redirects': `hide`)
    parts = None if any(h in str(v) for h in hide for v in index) else storable_parts(record, hide, paths)
    if parts is None:
        # every string storable as UTF-8, no bytes or vectors, the item's URLs and their paths hidden
        record = scrub(record, hide, paths)
        parts = canonical_parts(record)
    return Prepared(
        record,
        personal,
        "decision",
        record["decision_id"],
        record["ts"],
        record["resource"]["registrable_domain"],
        record["outcome"]["action"],
        record["purpose"]["id"],
        parts,
        key_of_url if hmac_only else None,
    )


def keyed_only(prepared: Prepared, key: bytes) -> Prepared:
    """A decision written with its URL in clear, kept instead as a blocked item's is: the URL as its keyed
    hash alone, in the chain (`url_ref`, `fields_ref`) and the sidecar row, no salt, no page URL.

    For a request-stage record of a URL the log already holds a block of (a retry after a network error, a
    HEAD): `_withdraw_clear` cuts back only the rows written before the block, so such a later one kept the
    blocked URL in clear. Its text is rewritten where it names the two commitments (random, so found once)."""
    personal = prepared.personal
    resource = mapping(prepared.record.get("resource"))
    if personal is None or personal.url is None or not resource:
        return prepared
    kept = Personal(url_hmac=personal.url_hmac, image_sha256=personal.image_sha256, phash=personal.phash,
                    redacted_sha256=personal.redacted_sha256)
    changed = {"url_ref": personal.url_hmac, "fields_ref": fields_ref(None, kept.phash, salt=None, key=key)}
    swaps = [(f'"{resource[name]}"', f'"{value}"') for name, value in changed.items()
             if isinstance(resource.get(name), str)]
    parts = prepared.parts
    if parts is not None:
        for old, new in swaps:
            parts = (parts[0].replace(old, new), parts[1].replace(old, new), parts[2].replace(old, new))
    record = {**prepared.record, "resource": {**resource, **changed}}
    return replace(prepared, record=record, personal=kept, parts=parts)


def event_summary(record: dict[str, Any]) -> tuple[str, str] | None:
    """(action, one readable line) for an event record, which has no `outcome`; None for a
    decision. What `list`, the CSV export and `show` print for a request, a prune or a read."""
    schema = record.get("schema")

    def n(value: Any) -> int:
        return len(value) if isinstance(value, list) else int(value) if isinstance(value, int) else 0

    if schema == DSR_SCHEMA:
        kind = str(record.get("kind") or "request")
        actions = given if isinstance(given := record.get("actions"), dict) else {}
        text = f"{kind} request {record.get('request_id')}: {n(record.get('items_found'))} record(s) found"
        if kind == "erasure":
            added = given if isinstance(given := actions.get("suppressed"), list) else []
            notes = sum(isinstance(e, dict) and e.get("kind") == EXACT_DOMAIN for e in added)  # (no entries of their own)
            text += (
                f", {n(actions.get('sidecar_rows_erased'))} sidecar row(s) erased, "
                f"{n(actions.get('suppressed')) - notes} suppression entr(y/ies) added"
            )
        return kind, text
    if schema == PRUNE_SCHEMA:
        policy = given if isinstance(given := record.get("policy"), dict) else {}
        through = record.get("truncated_through_seq")
        text = (
            f"prune as of {record.get('as_of')} under policy {policy.get('id') or '?'}: "
            f"{n(record.get('removed_records'))} record(s) removed"
            + (f" (through seq {through})" if isinstance(through, int) and through >= 0 else "")
            + f", {n(record.get('sidecar_rows_erased'))} sidecar row(s) erased"
        )
        return "prune", text
    if schema == READ_SCHEMA:
        text = (
            f"{record.get('operator') or 'unknown'} read the personal fields of {n(record.get('count'))} "
            f"record(s) ({record.get('command') or '?'})"
        )
        return "read", text
    if schema == STORAGE_SCHEMA:
        role = f" ({record.get('role')})" if record.get("role") else ""
        return "storage", f"stored copy{role} of decision {record.get('of_decision')}"
    return None


def event_record(schema: str, body: dict[str, Any], event_id: str, action: str = "") -> Prepared:
    """A DSR, prune or read event: same chain, no personal fields (search keys are HMACs)."""
    ts = now_ts()
    record = {"schema": schema, "decision_id": event_id, "ts": ts, **scrub(body)}
    kind = EVENT_KINDS[schema]
    return Prepared(record, None, kind, event_id, ts, "", action or kind, "")


# What a stored copy is, in the words the chain may keep for good (`chained_role`)
_ROLE_WORDS: Final = frozenset({"full", "thumbs", "thumb", "thumbnail", "original", "redacted", "copy", "preview",
                                "derived"})
_ROLE: Final = re.compile(r"([a-z]{1,16})(?:/[a-z0-9_-]{1,32})?")


def chained_role(role: str) -> str:
    """A stored copy's role as the chain keeps it: one of the pipelines' words (`full`, `thumbs/small`,
    `original`, `redacted` …), else none. The chain keeps it beyond any erasure, and a role made of a
    folder (`people/Jane Doe`) named a person there for good (review, session 61); where the copy is goes
    to the erasable side fields."""
    found = _ROLE.fullmatch(role or "")
    return role if found is not None and found.group(1) in _ROLE_WORDS else ""


def storage_record(
    decision_id: str,
    location: str,
    sha256: str | None,
    role: str,
    key: bytes,
    *,
    policy: dict[str, Any] | None = None,
    until: str | None = None,
) -> Prepared:
    """Where one stored copy of a decision's item is (`audit.storage.attach_storage`).

    The location (a stored file's name is often a plain hash of its URL, e.g. ImagesPipeline's
    full/<sha1>.jpg) and the stored bytes' SHA-256 identify the item as its URL does: they go to
    the erasable sidecar, the chain holds a salted commitment and a keyed hash of them, which
    `verify` checks the sidecar against as for a decision's URL and image hash.

    `policy` (id, version, sha256) and `until` (retention date) are the decision's: a prune
    expires the copy's record with its decision's, by that policy's kept-item period, and
    `verify` holds the erased sidecar row to the same rules, without the decision at hand."""
    norm = normalise_url(location)
    salt = new_salt()
    ts = now_ts()
    event_id = str(uuid.uuid4())
    record: dict[str, Any] = {
        "schema": STORAGE_SCHEMA,
        "decision_id": event_id,
        "ts": ts,
        "of_decision": decision_id,
        "role": chained_role(role),
        "policy": {k: str((policy or {}).get(k) or "") for k in ("id", "version", "sha256")},
        "retention": {"until": until},
        "resource": {
            "url_ref": commitment(salt, norm, normalised=True),
            "sha256_ref": sha256_hmac(key, sha256) if sha256 else None,
        },
    }
    personal = Personal(url_hmac=keyed_hash(key, "url:" + norm), url=without_userinfo(location), salt=salt,
                        image_sha256=sha256)  # (a location's `user:password@` is no part of where the copy is)
    return Prepared(scrub(record, (location,)), personal, "storage", event_id, ts, "", "storage", "")


def of_a_picture(resource: Mapping[str, Any], phash: Any) -> bool:
    """Whether a decision's body was a picture, whose bytes an erasure suppresses wherever they are met
    again (a page's are the same on many sites: a soft 404, a template): as the guard told it (`picture`);
    in a record written before it said so, a perceptual hash (an image decoded) or a type a picture may have
    (`resource.may_be_picture`)."""
    said = resource.get("picture")
    if isinstance(said, bool):
        return said
    ctype = resource.get("content_type")
    return bool(phash) or may_be_picture(ctype if isinstance(ctype, str) else None)
