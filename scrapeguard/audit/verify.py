"""Chain verification shared by the SQLite store and JSON Lines exports.

One verifier for both forms means an export checked on an auditor's machine runs exactly
the code that checked the live log. It streams: memory does not grow with the log.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from scrapeguard.audit.canonical import (
    GENESIS,
    canonical_json,
    commitment,
    escaped_normal_form,
    fields_ref,
    has_unreserved_escape,
    key_fingerprint,
    keyed_hash,
    legacy_normalise_url,
    normalise_url,
    sha256_hmac,
)
from scrapeguard.audit.record import (
    ANCHOR_SCHEMA,
    DECISION_SCHEMA,
    KNOWN_SCHEMAS,
    PRUNE_SCHEMA,
    STORAGE_SCHEMA,
    EVENT_KINDS,
    Personal,
    event_summary,
    mapping,
    parse_ts,
)
from scrapeguard.resource import without_userinfo

# The shortest time a record is kept: the policy schema's least `retention_days` and `keep_*_days`.
SHORTEST_RETENTION = _dt.timedelta(days=1)
# How far the clocks of a log's writers may disagree (records and checkpoints of several processes).
CLOCK_SKEW = _dt.timedelta(hours=1)

MAX_PROBLEMS = 50
# the sidecar fields a salted row loses when it is cut back to its keyed hashes (`AuditLog._withdraw_clear`):
# all of them gone, never some (a salt dropped beside an edited page URL is an edit)
_ERASABLE = ("url", "salt", "page_url", "phash", "redacted_sha256")
# the sidecar's fields, each text or none as the writer keeps it (`record.Personal`)
_TEXT_FIELDS = tuple(f.name for f in fields(Personal))


@dataclass(slots=True)
class Problem:
    seq: int | None
    reason: str
    where: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "reason": self.reason, "where": self.where}


@dataclass(slots=True)
class VerifyResult:
    """`ok` and, when not, where it first broke (`first_bad_seq`, `reason`)."""

    ok: bool
    count: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    checkpoints_checked: int = 0
    start_seq: int = 0
    personal_checked: int = 0
    # checkpoints kept elsewhere that lie in the prefix a prune removed: no record is left to check
    # them against, so a rewrite posing as such a prune passes them (only the prune record vouches)
    kept_unchecked: int = 0
    # (an export) page URLs shown without an older release's `user:password@`, which their record's
    # commitment covers: they cannot be compared with it, each a problem (`audit verify` on the log compares them)
    fields_unchecked: int = 0
    # (an export) records whose image hash or redacted copy's hash the export shows: held to the record by
    # the log's key, which an export does not carry, so not checked (`audit verify --log` checks them)
    hashes_unchecked: int = 0

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "count": self.count,
            "head_hash": self.head_hash,
            "first_bad_seq": self.first_bad_seq,
            "reason": self.reason,
            "problems": [p.to_dict() for p in self.problems],
            "checkpoints_checked": self.checkpoints_checked,
            "start_seq": self.start_seq,
            "personal_checked": self.personal_checked,
            "kept_unchecked": self.kept_unchecked,
            "fields_unchecked": self.fields_unchecked,
            "hashes_unchecked": self.hashes_unchecked,
        }


class ChainVerifier:
    """Feed records in storage order; `finish()` checks checkpoints and gives the result."""

    def __init__(self, start_seq: int = 0, start_prev: str = GENESIS, key: bytes | None = None) -> None:
        self.expected_seq = start_seq
        self.prev = start_prev
        self.start_seq = start_seq
        self.key = key
        self.count = 0
        self.problems: list[Problem] = []
        self.dropped = 0
        self.hash_at: dict[int, str] = {}
        self.wanted: set[int] = set()
        self.personal_checked = 0
        self.keyed_checked = self.keyed_failed = 0  # sidecar fields held to the log's key, and how many failed
        self.fields_unchecked = 0
        self.hashes_unchecked = 0
        self.pruned_through: list[tuple[int, str]] = []
        self.prunes: list[tuple[int, int, str]] = []  # (the prune event's seq, the last seq it removed, its as_of)
        # rows cut back to a keyed hash, waiting for the later keyed-only record of that URL:
        # keyed hash -> [(seq, registrable domain)]
        self.withdrawn: dict[str, list[tuple[int, Any]]] = {}
        # JSON Lines: (seq, prev) the chain stood at before a line that jumped ahead (`_place_line`)
        self._before_jump: tuple[int, str] | None = None

    def want_hash_at(self, seqs: set[int]) -> None:
        self.wanted |= seqs

    def _problem(self, seq: int | None, reason: str, where: str = "") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(seq, reason, where))
        else:
            self.dropped += 1

    def feed(
        self,
        row_seq: int | None,
        text: str | bytes,
        stored_hash: str,
        where: str = "",
        index: dict[str, Any] | None = None,
        personal: dict[str, Any] | None = None,
    ) -> None:
        """Check one stored record. `row_seq` is the storage position (SQLite rowid), or
        None when the position is only the order of lines (JSONL). `text` may be the bytes as
        stored: bytes that are not UTF-8 are a record altered (the writer hashed UTF-8 text),
        reported at its seq like any other edit, not a failed read of the whole log."""
        seq = self.expected_seq if row_seq is None else row_seq
        self.count += 1
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._problem(seq, f"record is not UTF-8 text (an invalid byte at offset {exc.start}): it was "
                                   "edited or damaged, so it cannot match its hash", where)
                self._advance(seq, stored_hash)
                return
        try:
            record = json.loads(text)
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except (ValueError, TypeError, RecursionError) as exc:  # (nested past Python's limit: no crash)
            self._problem(seq, f"record is not valid JSON ({exc}); it was edited or damaged", where)
            self._advance(seq, stored_hash)
            return
        rec_seq = record.get("seq")
        back, self._before_jump = self._before_jump, None
        if row_seq is None and type(rec_seq) is int and rec_seq != self.expected_seq:
            if not self._place_line(rec_seq, record.get("prev"), back, where):
                return
            seq = rec_seq
        if row_seq is not None and row_seq != self.expected_seq:
            lost = row_seq - self.expected_seq
            what = (
                f"{lost} record(s) missing before it (deleted)"
                if lost > 0
                else "a record was inserted or rows reordered"
            )
            self._problem(seq, f"sequence gap: expected seq {self.expected_seq}, found {row_seq}: {what}", where)
            self.expected_seq = row_seq
        if rec_seq != self.expected_seq:
            self._problem(
                seq,
                f"record says seq {rec_seq} but sits at position {self.expected_seq}: "
                "records were inserted, deleted or reordered",
                where,
            )
        elif record.get("prev") != self.prev:
            self._problem(
                seq,
                "link to the previous record is broken (prev hash does not match): "
                "a record before it was deleted, inserted or reordered",
                where,
            )
        # the writer stores exactly the canonical text it hashed, so hash the text as stored:
        # any change to it, even whitespace, is an alteration
        computed = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        if computed != stored_hash:
            self._problem(seq, "record content does not match its hash: the record was altered", where)
        elif record.get("hash") not in (None, stored_hash):
            self._problem(seq, "embedded hash differs from the stored hash", where)
        schema = record.get("schema")
        if schema not in KNOWN_SCHEMAS:
            self._problem(seq, f"unknown record schema {schema!r}", where)
        if self.key is not None and "log_key" in record and record["log_key"] != key_fingerprint(self.key):
            self._problem(
                seq,
                "the log's HMAC key is not the one this record was written with: the key was replaced, so "
                "erased items are no longer suppressed and look-ups by URL or image miss their records",
                where,
            )
        if index:
            self._check_index(seq, record, index, where)
        if personal and schema not in (DECISION_SCHEMA, STORAGE_SCHEMA):
            # (a request, prune or read is written without one: a row beside it was put there, and
            # an access request by its URL would answer with this record as one about the person)
            self._problem(seq, f"sidecar row beside a {schema} record, which has no personal fields: the "
                               "sidecar was edited", where)
        elif personal:
            self._check_personal(seq, record, personal, where)
        if schema == DECISION_SCHEMA and self.withdrawn:
            self._vouch_withdrawn(record)
        if schema == PRUNE_SCHEMA:
            self._check_prune_time(seq, record, where)
            through = record.get("truncated_through_seq")
            if isinstance(through, int) and through >= 0:
                self.pruned_through.append((through, str(record.get("truncated_head_hash", ""))))
                if isinstance(record.get("as_of"), str):
                    self.prunes.append((seq, through, str(record["as_of"])))
        self._advance(seq, stored_hash)

    def _place_line(self, rec_seq: int, rec_prev: Any, back: tuple[int, str] | None, where: str) -> bool:
        """JSON Lines only (a line's place is only its order): a line whose own seq is not the next.

        Why: placed by its order, every line after one deleted line sat one place off its seq, so
        one deletion was reported as a problem at each later line (and cut off the list after 50,
        hiding any later edit), and checkpoints were compared with the wrong records. A later seq
        is a gap: the line is placed at its own seq and the chain goes on from it. If the next line
        then carries on from before that line (`back`: its seq and the hash before), the line was
        inserted or moved instead: the chain goes on from there. An earlier seq (a line repeated,
        inserted or moved back) is reported and left out. True when the line is checked further."""
        if back is not None and rec_seq == back[0] and rec_prev == back[1]:
            self.expected_seq, self.prev = back
            return True
        if rec_seq > self.expected_seq:
            self._problem(
                self.expected_seq,
                f"sequence gap: expected seq {self.expected_seq}, found {rec_seq}: {rec_seq - self.expected_seq} "
                "record(s) missing before it (deleted), or this line was inserted or moved",
                where,
            )
            self._before_jump = (self.expected_seq, self.prev)
            self.expected_seq = rec_seq
            return True
        self._problem(
            self.expected_seq,
            f"record says seq {rec_seq} but sits at position {self.expected_seq}: a record was inserted, "
            "repeated or moved; left out of the chain, which goes on from the line before it",
            where,
        )
        return False

    def _check_prunes_against_kept(self, kept: list[tuple[int, str, str]], kept_at: Mapping[str, object]) -> None:
        """A prune cannot have removed a record written after a checkpoint kept elsewhere unless at
        least the shortest retention period had passed since that checkpoint was taken.

        Why: whoever can write the log could empty it (its erasures and suppression list too) and
        append a prune event that vouches for a made-up anchor; the kept checkpoints then lie in the
        removed prefix, with no record left to compare them with, and `verify --checkpoint` said OK.
        A checkpoint of size S taken at C says records S, S+1, … were written after C; each expires
        no sooner than `SHORTEST_RETENTION` after it was written, so a prune through seq P >= S as of
        A < C + `SHORTEST_RETENTION` (less the writers' `CLOCK_SKEW`) removed records inside their
        retention, or was forged."""
        for seq, through, as_of in self.prunes:
            try:
                pruned_at = parse_ts(as_of)
            except (ValueError, OverflowError):
                continue  # (`_check_prune_time` reports an unreadable time)
            for size, _head, label in kept:
                taken = kept_at.get(label)
                if size > through or not isinstance(taken, str):
                    continue  # (a checkpoint past the prune is compared with the records it left)
                try:
                    earliest = parse_ts(taken) + SHORTEST_RETENTION - CLOCK_SKEW
                except (ValueError, OverflowError):
                    continue
                if pruned_at < earliest:
                    self._problem(
                        seq,
                        f"prune through seq {through} as of {as_of} removed records written after checkpoint {label} "
                        f"(size {size}, taken {taken}), less than the shortest retention period "
                        f"({SHORTEST_RETENTION.days} day) later: the log was rewritten, posing as a retention prune",
                        label,
                    )
                    break

    def _check_prune_time(self, seq: int, record: dict[str, Any], where: str) -> None:
        """A prune applies retention as of a time; one later than the prune itself ran
        removed records whose retention had not ended, which the chain must not hide. One dated
        after the verification was not written when it says (a forged prune dated past the kept
        checkpoints' bound, `_check_prunes_against_kept`)."""
        as_of, ts = record.get("as_of"), record.get("ts")
        if not isinstance(as_of, str) or not isinstance(ts, str):
            return
        try:
            late = parse_ts(as_of) > parse_ts(ts)
        except (ValueError, OverflowError):
            self._problem(seq, f"prune event has an unreadable time (as_of {as_of!r}, ts {ts!r})", where)
            return
        if late:
            self._problem(
                seq,
                f"prune applied retention as of {as_of}, after it ran ({ts}): records still inside their "
                "retention period were removed",
                where,
            )
        elif (ahead_by := parse_ts(ts) - _dt.datetime.now(_dt.UTC)) > CLOCK_SKEW:
            # dated late enough to pass the kept checkpoints, or written under a fast clock (a prune under a clock
            # hours ahead read as forged, and said nothing else: review)
            hours = ahead_by.total_seconds() / 3600
            ahead = f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.0f} days"
            self._problem(seq, f"prune event dated {ts}, {ahead} later than this verification: it was not "
                          "written then, or the clock of the machine that ran the prune was that far ahead (if so, "
                          "this is said until that time)", where)

    def _check_index(self, seq: int, record: dict[str, Any], index: dict[str, Any], where: str) -> None:
        """The queryable columns copy record fields; an edit there would hide rows from
        `list` without touching the hashed record, so they are checked too (the `prev` column as well:
        nothing reads it but the record's own, and an edit of it passed unseen, found in review)."""
        expect = {"decision_id": record.get("decision_id"), "ts": record.get("ts"), "prev": record.get("prev")}
        # the kind column decides which checks and look-ups treat a row as a decision
        schema = record.get("schema")
        kind = "decision" if schema == DECISION_SCHEMA else EVENT_KINDS.get(str(schema))
        if kind is not None:
            expect["kind"] = kind
        if record.get("schema") == DECISION_SCHEMA:
            expect["domain"] = mapping(record.get("resource")).get("registrable_domain")
            expect["action"] = mapping(record.get("outcome")).get("action")
            expect["purpose"] = mapping(record.get("purpose")).get("id")
        elif kind is not None:
            # an event is written with no domain or purpose and its kind as its action (an access
            # or an erasure request, a prune, a read, a stored copy): `list --action erasure` reads
            # that column, so an erasure relabelled there would vanish from the list unnoticed
            summary = event_summary(record)
            expect.update(domain="", purpose="", action=summary[0] if summary else kind)
        for column, value in expect.items():
            if column in index and index[column] != value:
                self._problem(
                    seq, f"index column {column!r} ({index[column]!r}) differs from the record ({value!r})", where
                )

    def _check_personal(self, seq: int, record: dict[str, Any], personal: dict[str, Any], where: str) -> None:
        # (every field is text or none, as the writer keeps it: an export's `"url": 5` failed verify itself)
        untyped = sorted(k for k in _TEXT_FIELDS if not isinstance(personal.get(k), (str, type(None))))
        if untyped:
            self._problem(seq, f"sidecar field(s) {', '.join(untyped)} hold no text: the sidecar was edited", where)
            return
        url, salt = personal.get("url"), personal.get("salt")
        resource = mapping(record.get("resource"))
        ref = resource.get("url_ref", "")
        self._check_fields(seq, resource, personal, where)
        if str(ref).startswith("hmac-sha256:"):
            # a keyed-only record: its URL's keyed hash is in the chain, the row's must be it
            if personal.get("url_hmac") != ref:
                self._problem(
                    seq, "sidecar keyed hash of the URL differs from the record's: the sidecar was rewritten", where
                )
            elif any(personal.get(k) is not None for k in ("url", "salt", "page_url")):
                # (no release wrote one there; without the key an export's was never questioned)
                self._problem(seq, "sidecar URL in clear beside a record kept only as a keyed hash: the sidecar was "
                                   "edited", where)
                return
        if url is None:
            if str(ref).startswith("sha256c:"):
                self._check_withdrawn(seq, record, personal, where)
            return
        # the spelling the record was written with: today's normal form, the one before unreserved
        # escapes were decoded, or the one logs used before IDNA and percent-encoding were
        # normalised (so old logs still verify)
        spellings = [normalise_url(url)]
        for older in ((escaped_normal_form(url),) if has_unreserved_escape(url) else ()) + (legacy_normalise_url(url),):
            if older not in spellings:
                spellings.append(older)
        if not salt and str(ref).startswith("sha256c:"):  # a clear URL kept beside a salted commitment needs its salt
            self._problem(seq, "sidecar URL without the salt of the record's commitment: the sidecar was edited", where)
        elif salt:
            self.personal_checked += 1
            try:
                ok = any(commitment(salt, norm, normalised=True) == ref for norm in spellings)
            except ValueError:
                ok = False
            if not ok:
                self._problem(seq, "sidecar URL does not match the record's commitment: the sidecar was edited", where)
        if self.key is not None and personal.get("url_hmac") is not None:
            self.keyed_checked += 1
            if personal.get("url_hmac") not in [keyed_hash(self.key, "url:" + norm) for norm in spellings]:
                self.keyed_failed += 1
                self._problem(seq, "sidecar URL does not match its keyed hash: the sidecar was edited", where)

    def _check_withdrawn(self, seq: int, record: dict[str, Any], personal: dict[str, Any], where: str) -> None:
        """A salted record's row without its URL: only a request-stage row cut back to its
        keyed hash once a later record blocked the URL (`AuditLog._withdraw_clear`) looks so.
        Its keyed hash must be that later record's `url_ref` (`finish` reports it if none
        comes): a row put back with another keyed hash hides the record from access requests."""
        if any(personal.get(k) is not None for k in _ERASABLE):
            self._problem(seq, "sidecar row lost its URL but kept other personal fields: the sidecar was edited", where)
            return
        if record.get("stage") != "request":
            self._problem(
                seq,
                "sidecar row of a decision that is not request-stage was cut back to a keyed hash: "
                "the sidecar was rewritten",
                where,
            )
            return
        domain = mapping(record.get("resource")).get("registrable_domain")
        self.withdrawn.setdefault(str(personal.get("url_hmac")), []).append((seq, domain))

    def _vouch_withdrawn(self, record: dict[str, Any]) -> None:
        """A keyed-only decision vouches for earlier rows cut back to its keyed hash (same site)."""
        resource = mapping(record.get("resource"))
        waiting = self.withdrawn.get(str(resource.get("url_ref")))
        if waiting:
            left = [(s, d) for s, d in waiting if d != resource.get("registrable_domain")]
            if left:
                self.withdrawn[str(resource.get("url_ref"))] = left
            else:
                del self.withdrawn[str(resource.get("url_ref"))]

    def _check_fields(self, seq: int, resource: dict[str, Any], personal: dict[str, Any], where: str) -> None:
        """The sidecar's image hash, and its redacted copy's, against the record's keyed hashes of
        them (every log), and its page URL and perceptual hash against `fields_ref` (records written
        since it exists)."""
        if self.key is None and (personal.get("image_sha256") is not None or personal.get("redacted_sha256") is not None):
            self.hashes_unchecked += 1
        for column, ref_key, what in (("image_sha256", "sha256_ref", "image hash"),
                                      ("redacted_sha256", "redacted_sha256_ref", "redacted copy's hash")):
            sha, sha_ref = personal.get(column), resource.get(ref_key)
            if self.key is not None and (sha is not None or sha_ref is not None):
                try:
                    ok = sha is not None and sha256_hmac(self.key, str(sha)) == sha_ref
                except (TypeError, ValueError):
                    ok = False
                self.keyed_checked += 1
                self.keyed_failed += not ok
                if not ok:
                    self._problem(
                        seq, f"sidecar {what} does not match the record's keyed hash: the sidecar was edited", where
                    )
        expected = resource.get("fields_ref")
        if expected is None:  # written before the commitment existed: only what the record says of a page
            if personal.get("page_url") and resource.get("has_page") is False:  # (`""`: an older release's none)
                self._problem(seq, "sidecar page URL where the record says the item was met on no page: the "
                                   "sidecar was edited", where)
            return
        page_url = personal.get("page_url")
        hidden = personal.get("page_url_userinfo_hidden") is True and isinstance(page_url, str) \
            and without_userinfo(page_url) == page_url
        if str(expected).startswith("sha256c:") and all(personal.get(k) is None for k in _ERASABLE):
            return  # a row cut back to its keyed hashes (a withdrawn clear URL): erased, as a missing row is
        try:
            actual = fields_ref(
                personal.get("page_url"), personal.get("phash"), salt=personal.get("salt"), key=self.key
            )
        except (TypeError, ValueError):
            actual = ""
        if actual is None and self.key is None and not personal.get("salt"):
            return  # a keyed hash, and no key to recompute it (an export checked elsewhere)
        if actual != expected and hidden:
            # an export's row shown without the user:password@ an older release kept, which the commitment
            # covers: it cannot be compared here, and is not passed either (the mark alone, which anyone
            # can add to a line, let an edited page URL through as "OK")
            self.fields_unchecked += 1
            self._problem(
                seq, "its page URL is shown without the user:password@ its record commits to (an older release kept "
                "it), so it cannot be compared here: `scrapeguard audit verify` on the log compares it", where
            )
        elif actual != expected:
            self._problem(
                seq, "sidecar page URL or perceptual hash does not match the record's commitment: the sidecar was edited", where
            )

    def _advance(self, seq: int, stored_hash: str) -> None:
        if seq in self.wanted:
            self.hash_at[seq] = stored_hash
        self.prev = stored_hash
        self.expected_seq = seq + 1

    def finish(
        self,
        checkpoints: list[tuple[int, str, str]] | None = None,
        anchor: tuple[int, str] | None = None,
        kept: list[tuple[int, str, str]] | None = None,
        kept_at: Mapping[str, object] | None = None,
    ) -> VerifyResult:
        """`checkpoints`: (tree_size, head_hash, label). `anchor`: (seq, hash) of the last
        record a retention prune removed; a prune event in the chain must vouch for it. `kept`:
        those of `checkpoints` kept elsewhere; the result counts those it could not check
        (`kept_unchecked`), which were passed over without a word, the CLI then saying they matched.
        `kept_at`: when each kept one was taken, by label, for those taken at the log's head then
        (`_check_prunes_against_kept`; not a prune's own, sized at its cut)."""
        self._check_prunes_against_kept(kept or [], kept_at or {})
        checked: set[tuple[int, str]] = set()  # (one checkpoint in the log and in the file given is one: counted once)
        last_seq = self.expected_seq - 1
        for waiting in self.withdrawn.values():
            for seq, _domain in waiting:
                self._problem(
                    seq,
                    "sidecar row cut back to a keyed hash that no later blocked record of the URL holds: "
                    "the sidecar was rewritten, and access requests by the URL miss this record",
                    "sidecar",
                )
        self.withdrawn.clear()
        for size, head, label in checkpoints or []:
            at = size - 1
            if at < self.start_seq - 1:
                continue  # before the pruned prefix: the anchor check covers it
            if at == self.start_seq - 1:
                checked.add((size, head))
                if anchor is None or anchor[1] != head:
                    self._problem(at, f"checkpoint {label} (size {size}) does not match the prune anchor", label)
                continue
            if at > last_seq:
                self._problem(
                    last_seq + 1,
                    f"log truncated: checkpoint {label} records {size} entries but the log ends at seq {last_seq}",
                    label,
                )
                continue
            checked.add((size, head))
            if self.hash_at.get(at) not in (None, head):
                self._problem(
                    at,
                    f"head hash at seq {at} differs from checkpoint {label}: "
                    "the log was rewritten after the checkpoint",
                    label,
                )
        if anchor is not None and anchor[0] >= 0:
            if (anchor[0], anchor[1]) not in self.pruned_through:
                self._problem(
                    anchor[0] + 1, "records before this one were removed without a prune event that vouches for it"
                )
        if self.keyed_checked >= 3 and self.keyed_failed == self.keyed_checked:
            # (each row told "the sidecar was edited" where the log's key was; first, whatever else was found)
            self.problems.insert(0, Problem(None, f"none of the {self.keyed_checked} sidecar fields held to the log's "
                                            "key matches its keyed hash: the key (its hmac_key metadata) was changed, "
                                            "or every sidecar row was edited", "meta"))
        problems = sorted(self.problems, key=lambda p: p.seq if p.seq is not None else -1)
        first = problems[0] if problems else None
        reason = first.reason if first else ""
        if self.dropped:
            reason += f" (+{self.dropped} more problems not listed)"
        return VerifyResult(
            ok=not problems,
            count=self.count,
            head_hash=self.prev,
            first_bad_seq=first.seq if first else None,
            reason=reason,
            problems=problems,
            checkpoints_checked=len(checked),
            start_seq=self.start_seq,
            personal_checked=self.personal_checked,
            fields_unchecked=self.fields_unchecked,
            hashes_unchecked=self.hashes_unchecked,
            kept_unchecked=sum(1 for size, _, _ in kept or [] if size - 1 < self.start_seq - 1),
        )


# what a file given as an export may be instead, by its first bytes: none of them holds one record
# to read, and calling every line of it tampered (exit 1) would be a false alarm
_NOT_AN_EXPORT = (
    ((b"\xff\xfe", b"\xfe\xff"), "the export is UTF-16 text, not the UTF-8 JSON Lines `audit export` writes "
     "(re-saved by an editor, or written through a PowerShell redirect?): export it again with -o FILE"),
    ((b"SQLite format 3\x00",), "this is an SQLite file, not a JSON Lines export: an audit log is verified "
     "with `scrapeguard audit verify --log FILE`"),
    ((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"PK\x03\x04"), "the export is compressed "
     "(gzip, bzip2, xz, zstd or zip): decompress it, then verify the JSON Lines file"),
)
_CSV_EXPORT = ("this is a CSV export, which holds no record as the chain hashed it and cannot be verified: "
               "export with --format jsonl (the default) and verify that")


def _refuse_what_is_no_export(first: bytes) -> None:
    """ValueError when the first line shows a file that is no JSON Lines export at all."""
    from scrapeguard.audit.export import CSV_COLUMNS  # (export reads through the store, which imports this)

    # the start of the header `export --format csv` writes (its first columns: older exports had fewer)
    csv_header = (",".join(CSV_COLUMNS[:3]) + ",").encode()
    for starts, why in (*_NOT_AN_EXPORT, ((csv_header,), _CSV_EXPORT)):
        if first.startswith(starts) or first.removeprefix(b"\xef\xbb\xbf").startswith(starts):
            raise ValueError(why)


# what a line of an export edited past reading still holds (`verify_jsonl_lines`): its seq and a hash, or its
# schema (every record's is `scrapeguard.…`), or its own hash (`hash` sorts before a decision's images)
_SEQ_TEXT = re.compile(r'"seq"\s*:\s*-?\d')
_RECORD_MARK = re.compile(r'"schema"\s*:\s*"scrapeguard\.|"hash"\s*:\s*"sha256:')


def is_a_record(obj: dict[str, Any]) -> bool:
    """An exported record, by its fields, even edited (its seq made text or removed, its hashes renamed): its
    schema, or its own hash beside a seq. A crawl's feed of items carries neither."""
    return str(obj.get("schema", "")).startswith("scrapeguard.") or (
        "seq" in obj and str(obj.get("hash", "")).startswith("sha256:"))


def reads_as_a_record(line: str) -> bool:
    """Does a line hold an exported record: one that parses by its fields (`is_a_record`); one edited past
    reading by its seq and a hash on the line, or, starting as an object does (cut at a read's limit), by a
    record's mark. Notes quoting a key, a crawl's feed and the lines of an export pretty-printed over many
    (`"hash": "sha256:…"` alone) do not."""
    text = line.lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            if _RECORD_MARK.search(text) is not None:
                return True
        else:
            return isinstance(obj, dict) and is_a_record(obj)
    return _SEQ_TEXT.search(text) is not None and '"sha256:' in text


# the longest line read as a record (a decision's is a few kB): a longer one is none, read no further
MAX_LINE = 64 * 1024 * 1024


# how far past `MAX_LINE` an overlong line is skipped to find its end: past it the rest is not read
# (`/dev/zero`, or a stream that never ends a line, was skipped for ever)
MAX_SKIP = 2 * 1024 * 1024 * 1024


class _Overlong(bytes):
    """What stands for a line longer than `MAX_LINE` (`_bounded_lines`); not empty when no end of it
    was found within `MAX_SKIP`, and nothing after it was read."""


def _bounded_lines(stream: Any) -> Iterator[bytes]:
    """The lines of a binary file, each read no further than `MAX_LINE`: a longer one (a run of NUL bytes
    a crash left where an export was, `/dev/zero`) is skipped to its end and given as `_Overlong`.
    Read whole, it ended in a MemoryError traceback, exit 1, where a damaged line is to be named."""
    while line := stream.readline(MAX_LINE + 1):
        if len(line) <= MAX_LINE or line.endswith(b"\n"):
            yield line
            continue
        skipped = len(line)
        while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            skipped += len(rest)
            if skipped > MAX_SKIP:
                yield _Overlong(b"endless")
                return
        yield _Overlong()


def verify_jsonl_lines(
    lines: Any, key: bytes | None = None, checkpoints: list[tuple[int, str, str]] | None = None,
    kept_at: Mapping[str, object] | None = None,
) -> VerifyResult:
    """Verify an exported JSON Lines stream (each line: the canonical record plus `hash`,
    and optionally `personal` with the sidecar fields, which the hash does not cover): lines,
    or a binary file, whose lines are read no longer than `MAX_LINE`."""
    verifier: ChainVerifier | None = None
    anchor: tuple[int, str] | None = None
    objects = 0  # lines that are (or were) records: with none, the file is no export (a README)
    if hasattr(lines, "readline") and not hasattr(lines, "encoding"):
        lines = _bounded_lines(lines)
    for number, raw in enumerate(lines, start=1):
        if number == 1 and isinstance(raw, bytes):
            _refuse_what_is_no_export(raw)
        line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        if number == 1:
            line = line.removeprefix("\ufeff")  # a BOM an editor added when saving is no content
        line = line.strip()
        if not line and not isinstance(raw, _Overlong):
            continue
        where = f"line {number}"
        try:
            if isinstance(raw, _Overlong):
                objects += 1  # (unread: it may have been a record; its own problem says what it was)
                raise ValueError(f"a line longer than {MAX_LINE >> 20} MiB, which no record is; not read"
                                 + (f" (no end of it within {MAX_SKIP >> 30} GiB: nothing after it was read)"
                                    if raw else ""))
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
            objects += is_a_record(obj)
            if verifier is None and obj.get("schema") == ANCHOR_SCHEMA:
                seq, head = obj.get("seq"), obj.get("hash")
                if type(seq) is not int or seq < -1 or not isinstance(head, str):
                    raise ValueError(f"a prune anchor needs a seq and a hash, not {seq!r} and {head!r}")
            stored = str(obj.pop("hash", ""))
            personal = obj.pop("personal", None)
            text = canonical_json(obj)
        except (ValueError, RecursionError) as exc:  # (nested past Python's limit: a bad line, no crash)
            objects += reads_as_a_record(line)  # (a record's line edited past reading is a record still, tampered)
            if verifier is None:
                verifier = ChainVerifier(key=key)
            verifier.count += 1
            verifier._problem(verifier.expected_seq, f"not a JSON object ({exc})", where)
            verifier.expected_seq += 1
            continue
        if verifier is None and obj.get("schema") == ANCHOR_SCHEMA:
            anchor = (int(obj["seq"]), stored)
            verifier = ChainVerifier(start_seq=anchor[0] + 1, start_prev=anchor[1], key=key)
            if checkpoints:
                verifier.want_hash_at({size - 1 for size, _, _ in checkpoints})
            continue
        if verifier is None:
            verifier = ChainVerifier(key=key)
            if checkpoints:
                verifier.want_hash_at({size - 1 for size, _, _ in checkpoints})
        verifier.feed(None, text, stored, where, personal=personal if isinstance(personal, dict) else None)
    # (`verify --jsonl README.md` or a crawl's feed of items said TAMPERED, exit 1; an empty file, a zero-byte
    # "export" handed to an auditor, said OK: reviews)
    if verifier is None or not objects:
        raise ValueError("no line of the file is a record of an audit log (a JSON object naming its seq and "
                         "hash): it is no JSON Lines export of one (`scrapeguard audit export` writes one)"
                         + ("; the file is empty, as the export of a log holding no record is: verify that log "
                            "itself (--log)" if verifier is None else ""))
    return verifier.finish(checkpoints, anchor, kept=checkpoints, kept_at=kept_at)
