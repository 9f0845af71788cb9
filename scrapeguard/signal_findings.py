"""The signals a decision weighs, as the findings and notes it records.

An opt-out is one finding however often it is said (a header sent 512 times, a meta tag saying
the same: its repeats counted and the first few other places named); one the policy ignores is a
note, never silence; one that could not be read is an error the policy's on_error decides, never
stricter than the opt-out it may hide; a reader's repeated warnings are folded into a few notes;
and a decision keeps a bounded summary of the signals it saw. The guard (`scrapeguard.guard`) adds
the detectors' findings and the basis gaps. No I/O.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Final

from scrapeguard.decision import Finding, Note, strictest
from scrapeguard.policy.evaluate import Scope, override_evidence
from scrapeguard.policy.model import ACTION_ORDER, Override, Purpose
from scrapeguard.signals.base import Family, Signal, Verdict
from scrapeguard.signals.embedded import UNREADABLE


def opt_out_findings(purpose: Purpose, scope: Scope, signals: list[Signal], notes: list[Note]) -> list[Finding]:
    """The opt-outs among `signals` as findings for `purpose` under `scope`: each once however often
    it is said (`_said_again`), one the policy ignores a note in `notes` instead, one the policy only
    logs under the rule that relaxed it, the others with the policy's action; an opt-out that could
    not be read an error (`_unreadable_finding`); the readers' warnings as notes (`_warn_once`)."""
    out: list[Finding] = []
    seen: set[tuple[str, str, bool]] = set()
    # (code, detail) -> its finding (an ignored one: noted once), the signal mode it stands under, and what an
    # override that relaxed it added to its evidence
    saying: dict[tuple[str, str], tuple[Finding, str, dict[str, str]]] = {}
    warned: dict[tuple[str, str], list[int]] = {}  # (code, source) -> its warnings so far (_warn_once)
    for s in signals:
        # an opt-out that may be in a packet that could not be read: an incomplete reading, which
        # the policy's on_error decides (as headers.dropped), never a note the image passes under
        if s.code in UNREADABLE and (s.code, s.source, False) not in seen \
                and scope.signal_rule(s.family)[0] != "ignore":
            seen.add((s.code, s.source, False))
            out.append(_unreadable_finding(scope, s))
            continue
        if s.warning:
            _warn_once(notes, warned, s)
        if s.verdict != Verdict.DENY:
            continue
        # (a page's word for its pictures is no repeat of the picture's own, though worded and placed alike:
        # it is judged under the page domain's rules, `Scope.signal_setting`)
        if (s.code, s.source, s.page_word) in seen:
            continue
        seen.add((s.code, s.source, s.page_word))
        mode, rule, setter = scope.signal_setting(s.family, page_word=s.page_word)
        action, rule, relaxed_by = _ruling(scope, mode, rule, setter, s.page_word)
        known = saying.get((s.code, s.detail))
        if known is not None:  # the same opt-out again (a header sent 512 times): one finding, counted
            said, was, was_relaxed_by = known
            _said_again(said, s.source)
            if mode != "ignore" and (was == "ignore" or ACTION_ORDER[action] > ACTION_ORDER[said.action]):
                # said again where it binds more (the page's word for its picture beside a CDN override
                # relaxing the CDN's own): the finding stands as that saying has it (found in review)
                if was == "ignore":
                    out.append(said)
                saying[(s.code, s.detail)] = said, mode, relaxed_by
                for key in was_relaxed_by:
                    said.evidence.pop(key, None)
                said.action, said.rule = action, rule  # type: ignore[assignment]
                said.evidence.update(relaxed_by)
            continue
        f = Finding("opt_out", s.code, f"{s.detail} (denies {purpose.usage})", s.source,
                    {"family": s.family, "usage": purpose.usage, **relaxed_by}, action, rule)  # type: ignore[arg-type]
        saying[(s.code, s.detail)] = f, mode, relaxed_by
        if mode == "ignore":  # a compliance officer must see every opt-out the crawl did not obey
            notes.append(Note("signal.ignored", f"{s.code}: {s.detail} — present, not obeyed ({rule})", s.source))
            continue
        out.append(f)
    return _beside_an_obeyed_disallow(out)


def _ruling(scope: Scope, mode: str, rule: str, setter: Override | None,
            page_word: bool) -> tuple[str, str, dict[str, str]]:
    """An opt-out's action, rule and record under the signal mode `mode`: one only logged (or ignored) is
    recorded under the key that relaxed it (an override's with its evidence), one obeyed takes the
    purpose's action (a page's word for its pictures: under its domain's rules too, `Scope.action`)."""
    if mode == "obey":
        action, rule = scope.action("opt_out", from_page=page_word)
        return action, rule, {}
    return "log", rule, override_evidence(setter) if setter is not None else {}


def _beside_an_obeyed_disallow(findings: list[Finding]) -> list[Finding]:
    """Without the AI-use statements of a robots.txt whose Disallow is obeyed here: a path a crawler does
    not fetch carries no preference (draft-ietf-aipref-attach §3). Where the Disallow is only logged (a
    crawl-access agreement), the group's statements decide (`RobotsFile.evaluate` reads them there too)."""
    closed = {_file_of(f.source) for f in findings if f.code == "robots.disallow" and f.action == "block"}
    if not closed:
        return findings
    return [f for f in findings if f.code == "robots.disallow" or _file_of(f.source) not in closed]


def _file_of(source: str) -> str:
    """The host file a signal's source names (`https://h/robots.txt line 3` -> `https://h/robots.txt`)."""
    return source.rsplit(" line ", 1)[0]


def _unreadable_finding(scope: Scope, signal: Signal) -> Finding:
    """An opt-out that could not be read (`UNREADABLE`): an error finding, which `on_error` decides,
    but never more strictly than the opt-out it may hide would be (its family's "log" mode, the
    purpose's or an override's `on.opt_out`), under whichever rule is the milder.

    Why: a policy that only logs C2PA or XMP opt-outs blocked an image whose assertion it could not
    read (fail-closed), while the same opt-out read whole was logged and the image kept."""
    finding = Finding("error", signal.code, signal.detail, signal.source, {"family": signal.family})
    finding.action, finding.rule = scope.action("error")  # type: ignore[assignment]
    mode, rule, setter = scope.signal_setting(signal.family)
    said, said_rule = ("log", rule) if mode == "log" else scope.action("opt_out")
    if said != finding.action and strictest([said, finding.action]) == finding.action:  # type: ignore[list-item]
        finding.action, finding.rule = said, said_rule  # type: ignore[assignment]
        if mode == "log" and setter is not None:
            finding.evidence.update(override_evidence(setter))
    return finding


# The signal family whose opt-outs each header field carries: a cut or dropped one may hide one of them
FIELD_FAMILIES: Final[dict[str, Family]] = {
    "x-robots-tag": "x_robots_tag", "robots-tag": "x_robots_tag", "content-usage": "content_usage",
    "content-signal": "content_usage", "tdm-reservation": "tdmrep", "tdm-policy": "tdmrep"}
# The guard's errors for header fields it could not read whole (`Finding.evidence["fields"]` names them)
UNREAD_FIELDS: Final = frozenset({"headers.cut", "headers.dropped"})


def unread_fields_finding(scope: Scope, finding: Finding, notes: list[Note]) -> Finding | None:
    """A header-field error (`UNREAD_FIELDS`) ruled as the opt-outs it may hide are: each field's signal
    family as `_unreadable_finding` rules it (never more strictly than its mode), the strictest of them
    standing; with a field of no family (Content-Type, Location …) on_error decides, as before; where the
    policy ignores every family named, a note in `notes` (None returned).

    Why: an 18 kB X-Robots-Tag blocked under fail-closed though the policy only logged X-Robots-Tag, while
    the same opt-out read whole was logged: the docs promise the family's mode caps the error."""
    fields = finding.evidence.get("fields", ())
    families = sorted({FIELD_FAMILIES[name] for name in fields if name in FIELD_FAMILIES})
    finding.action, finding.rule = scope.action("error")  # type: ignore[assignment]
    if not families or any(name not in FIELD_FAMILIES for name in fields):
        return finding
    ruled = [_unreadable_finding(scope, Signal(family, Verdict.UNKNOWN, finding.code, finding.detail, finding.source,
                                               True))
             for family in families if scope.signal_rule(family)[0] != "ignore"]
    if not ruled:
        ignored = ", ".join(scope.signal_rule(family)[1] for family in families)
        notes.append(Note(finding.code, f"{finding.detail}; not obeyed here ({ignored})", finding.source))
        return None
    ruling = max(ruled, key=lambda f: ACTION_ORDER[f.action])
    finding.action, finding.rule = ruling.action, ruling.rule
    finding.evidence.update(ruling.evidence)
    return finding


# Where one opt-out said again is written down: the first sources past the finding's own, then a count
MAX_REPEAT_SOURCES = 4


_FIELD_NUMBER = re.compile(r" #\d+\b")  # "X-Robots-Tag header #7: …": the 7th such field, the same place as the 1st


# Warnings kept per code and place: past these, one more note counts the rest
MAX_ALIKE_WARNINGS = 4


def _warn_once(notes: list[Note], warned: dict[tuple[str, str], list[int]], signal: Signal) -> None:
    """A reader's warning as a note: the same one again is dropped, and of one code from one place
    the first `MAX_ALIKE_WARNINGS` are kept and one more note counts the others.

    Why: a reader that warns per malformed line or packet put thousands of notes in one decision
    (megabytes of audit log for one answer); the readers fold their own repeats, this bounds the rest."""
    key = (signal.code, signal.source)
    state = warned.setdefault(key, [0, -1])  # [distinct warnings seen, index of the counting note or -1]
    note = Note(signal.code, signal.detail, signal.source)
    if state[0] < MAX_ALIKE_WARNINGS:
        if note not in notes[-MAX_ALIKE_WARNINGS * 4:]:  # (the same warning again: a recent note)
            state[0] += 1
            notes.append(note)
        return
    state[0] += 1
    more = Note(signal.code, f"and {state[0] - MAX_ALIKE_WARNINGS} more like it", signal.source)
    if state[1] < 0:
        state[1] = len(notes)
        notes.append(more)
    else:
        notes[state[1]] = more


def _said_again(finding: Finding, source: str) -> None:
    """`finding`'s opt-out said again (same code and detail) at `source`: counted in its evidence
    (`times`) and, for the first `MAX_REPEAT_SOURCES` other places, named (`also_from`; the same
    header field sent again is no other place).

    Why: an `X-Robots-Tag: noimageai` sent 512 times made 512 identical findings on every image
    of the page (a 235 KB audit record); the header and a meta tag saying the same are one reason."""
    finding.evidence["times"] = finding.evidence.get("times", 1) + 1
    also: list[str] = finding.evidence.get("also_from", [])
    place = _place(source)
    if place != _place(finding.source) and all(place != _place(a) for a in also) and len(also) < MAX_REPEAT_SOURCES:
        finding.evidence["also_from"] = [*also, source]


@functools.lru_cache(maxsize=1024)
def _place(source: str) -> str:
    """Where a signal was said, without its header field's number (`_FIELD_NUMBER`). Cached: a
    header sent 512 times is said again on each of a page's images, with the same few sources."""
    return _FIELD_NUMBER.sub("", source)


def signal_summary(signals: list[Signal]) -> list[dict[str, str]]:
    """The signals a decision records (all but those that said nothing): each (family, verdict,
    code) from its first `MAX_REPEAT_SOURCES` + 1 sources, so a header repeated 512 times stays
    a few entries."""
    out: list[dict[str, str]] = []
    kept: Counter[tuple[str, str, str]] = Counter()
    for s in signals:
        if s.verdict == Verdict.UNKNOWN and not s.warning:
            continue
        key = (s.family, str(s.verdict), s.code)
        entry = {"family": s.family, "verdict": str(s.verdict), "code": s.code, "source": s.source}
        if kept[key] > MAX_REPEAT_SOURCES or entry in out:
            continue
        kept[key] += 1
        out.append(entry)
    return out
