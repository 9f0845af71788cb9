"""signal_findings: the signals a decision weighs, as the findings and notes it records — each
opt-out once however often it is said, never silence for one the policy ignores, an unreadable
one an error no stricter than the opt-out it may hide, warnings folded, a bounded summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from scrapeguard.decision import Finding, Note
from scrapeguard.policy import load_policy
from scrapeguard.policy.evaluate import Scope
from scrapeguard.policy.model import Override, PartialSignals
from scrapeguard.signal_findings import (
    MAX_ALIKE_WARNINGS,
    MAX_REPEAT_SOURCES,
    opt_out_findings,
    signal_summary,
    unread_fields_finding,
)
from scrapeguard.signals.base import Signal, Verdict


def deny(code: str = "xrobots.noai", source: str = "X-Robots-Tag header", family: str = "x_robots_tag",
         detail: str = "`noai` reserves this page") -> Signal:
    return Signal(family, Verdict.DENY, code, detail, source)  # type: ignore[arg-type]


def judged(signals: list[Signal], policy_id: str = "gdpr-strict") -> tuple[list, list[Note]]:
    policy = load_policy(policy_id)
    purpose = policy.purpose[0]
    notes: list[Note] = []
    scope = Scope.of(policy, purpose, "example.org", today=dt.date(2026, 12, 1))
    return opt_out_findings(purpose, scope, signals, notes), notes


class TestOptOuts:
    def test_an_opt_out_is_a_finding_with_the_policys_action_for_the_purposes_usage(self) -> None:
        [found], notes = judged([deny()])
        assert (found.kind, found.code, found.action) == ("opt_out", "xrobots.noai", "block")
        assert found.evidence == {"family": "x_robots_tag", "usage": "train-ai"} and notes == []
        assert found.detail.endswith("(denies train-ai)")

    def test_what_allows_or_says_nothing_finds_nothing(self) -> None:
        quiet = [Signal("robots_txt", Verdict.ALLOW, "robots.allow", "allowed", "robots.txt"),
                 Signal("ai_txt", Verdict.UNKNOWN, "aitxt.none", "no ai.txt", "ai.txt")]
        assert judged(quiet) == ([], [])

    def test_said_again_is_one_finding_counted_naming_the_first_other_places(self) -> None:
        said = [deny(source="X-Robots-Tag header #1"), deny(source="X-Robots-Tag header #2")]
        said += [deny(source=f"<meta> on page {i}") for i in range(MAX_REPEAT_SOURCES + 3)]
        [found], _ = judged(said)
        assert found.evidence["times"] == len(said)
        assert found.evidence["also_from"] == [f"<meta> on page {i}" for i in range(MAX_REPEAT_SOURCES)]

    def test_the_same_signal_from_the_same_place_counts_once(self) -> None:
        [found], _ = judged([deny(), deny()])
        assert "times" not in found.evidence

    def test_one_the_policy_ignores_is_a_note_never_silence(self) -> None:
        policy = load_policy("gdpr-strict")
        ignoring = policy.model_copy(update={"signals": policy.signals.model_copy(update={"x_robots_tag": "ignore"})})
        purpose = ignoring.purpose[0]
        notes: list[Note] = []
        scope = Scope.of(ignoring, purpose, "example.org", today=dt.date(2026, 12, 1))
        assert opt_out_findings(purpose, scope, [deny(), deny(source="<meta>")], notes) == []
        assert [n.code for n in notes] == ["signal.ignored"] and "present, not obeyed" in notes[0].detail


    @pytest.mark.parametrize("cdn_mode", ["log", "ignore"])
    def test_a_pages_word_for_its_picture_stands_beside_the_same_word_a_cdn_override_relaxes(
            self, cdn_mode: str) -> None:
        """The picture's own header and the page's, worded and placed alike (`X-Robots-Tag header #1`):
        the page's was taken for a repeat of the CDN's own word, which an override relaxes, and the
        picture passed (found in review)."""
        strict = load_policy("gdpr-strict")
        policy = strict.model_copy(update={"override": [Override(
            domain="example.net", reason="CDN licence", evidence="LIC-1", expires=dt.date(2027, 12, 31),
            signals=PartialSignals(x_robots_tag=cdn_mode))]})  # type: ignore[arg-type]
        purpose = policy.purpose[0]
        for own_first in (True, False):
            notes: list[Note] = []
            scope = Scope.of(policy, purpose, "example.net", today=dt.date(2026, 12, 1), page_domains=["example.org"])
            own = deny(source="X-Robots-Tag header #1")
            signals = [own, replace(own, page_word=True)]
            [found] = opt_out_findings(purpose, scope, signals if own_first else signals[::-1], notes)
            assert (found.action, found.rule) == ("block", f"purpose[{purpose.id}].on.opt_out"), found


class TestUnreadableOptOuts:
    def test_an_unreadable_one_is_an_error_the_policys_on_error_decides(self) -> None:
        unreadable = Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.unreadable",  # type: ignore[arg-type]
                            "the C2PA manifest could not be read", "image bytes")
        [found], _ = judged([unreadable, unreadable])
        assert (found.kind, found.code) == ("error", "c2pa.manifest.unreadable")
        assert (found.action, found.rule) == ("block", "runtime.on_error=fail-closed")


def ruled_header_error(fields: list[str], **modes: str) -> tuple[Finding | None, list[Note]]:
    """`headers.cut` of `fields` under gdpr-strict (fail-closed) with its signal families set to `modes`."""
    strict = load_policy("gdpr-strict")
    policy = strict.model_copy(update={"signals": strict.signals.model_copy(update=modes)})
    notes: list[Note] = []
    scope = Scope.of(policy, policy.purpose[0], "example.org", today=dt.date(2026, 12, 1))
    error = Finding("error", "headers.cut", "1 header field(s) were cut", "https://example.org/p", {"fields": fields})
    return unread_fields_finding(scope, error, notes), notes


class TestUnreadHeaderFields:
    @pytest.mark.parametrize(("fields", "modes", "action", "rule"), [
        (["x-robots-tag"], {"x_robots_tag": "log"}, "log", "signals.x_robots_tag = log"),
        (["robots-tag"], {"x_robots_tag": "log"}, "log", "signals.x_robots_tag = log"),
        (["content-signal"], {"content_usage": "log"}, "log", "signals.content_usage = log"),
        (["content-usage", "x-robots-tag"], {"content_usage": "log", "x_robots_tag": "ignore"}, "log",
         "signals.content_usage = log"),
        (["tdm-policy", "tdm-reservation"], {"tdmrep": "log"}, "log", "signals.tdmrep = log"),
        (["x-robots-tag"], {}, "block", "runtime.on_error=fail-closed"),
        # the strictest family stands: a reservation in the TDMRep field, obeyed, may be what was cut
        (["tdm-reservation", "x-robots-tag"], {"x_robots_tag": "log"}, "block", "runtime.on_error=fail-closed"),
        # a field of no signal family (dropped past the field cap): on_error, as before
        (["content-type", "x-robots-tag"], {"x_robots_tag": "log"}, "block", "runtime.on_error=fail-closed"),
        (["link"], {"x_robots_tag": "ignore"}, "block", "runtime.on_error=fail-closed"),
        ([], {}, "block", "runtime.on_error=fail-closed"),
    ])
    def test_a_cut_or_dropped_field_is_an_error_never_stricter_than_its_signal_family(
            self, fields: list[str], modes: dict[str, str], action: str, rule: str) -> None:
        """docs/what-it-checks.md: on_error decides an unread opt-out "never more strictly than the signal itself
        would have"; an 18 kB X-Robots-Tag blocked under a policy that only logs X-Robots-Tag (review)."""
        found, notes = ruled_header_error(fields, **modes)
        assert found is not None and (found.kind, found.code, found.action, found.rule) == ("error", "headers.cut",
                                                                                            action, rule)
        assert found.evidence["fields"] == fields and notes == []

    def test_a_cut_field_of_families_the_policy_ignores_is_a_note(self) -> None:
        found, notes = ruled_header_error(["content-usage", "robots-tag"], x_robots_tag="ignore",
                                          content_usage="ignore")
        assert found is None
        [note] = notes
        assert note.code == "headers.cut" and note.source == "https://example.org/p"
        assert "signals.content_usage = ignore" in note.detail and "signals.x_robots_tag = ignore" in note.detail


class TestWarnings:
    def test_a_readers_warnings_are_folded_past_the_first_few(self) -> None:
        warnings = [Signal("robots_txt", Verdict.UNKNOWN, "robots.malformed", f"line {i} not read", "robots.txt",
                           warning=True) for i in range(MAX_ALIKE_WARNINGS + 40)]
        _, notes = judged(warnings)
        assert len(notes) == MAX_ALIKE_WARNINGS + 1
        assert notes[-1].detail == "and 40 more like it"

    def test_the_same_warning_again_is_dropped(self) -> None:
        again = [Signal("robots_txt", Verdict.UNKNOWN, "robots.malformed", "line 3 not read", "robots.txt",
                        warning=True)] * 10
        _, notes = judged(again)
        assert [n.detail for n in notes] == ["line 3 not read"]


class TestSummary:
    def test_each_signal_from_a_few_of_its_sources_and_none_that_said_nothing(self) -> None:
        many = [deny(source=f"X-Robots-Tag header #{i}") for i in range(500)]
        quiet = [Signal("ai_txt", Verdict.UNKNOWN, "aitxt.none", "no ai.txt", "ai.txt")]
        summary = signal_summary(many + quiet)
        assert len(summary) == MAX_REPEAT_SOURCES + 1
        assert summary[0] == {"family": "x_robots_tag", "verdict": "deny", "code": "xrobots.noai",
                              "source": "X-Robots-Tag header #0"}
