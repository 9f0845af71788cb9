"""The policy applied to one resource: active overrides, signal modes, actions.

Pure functions of the policy, the purpose, the registrable domain and today's date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scrapeguard.policy.model import ACTION_ORDER, SIGNAL_ORDER, Override, Policy, Purpose, override_specificity


ON_ERROR_RULE = "runtime.on_error="  # the rule `Scope.action` (and the guard's own failure) gives an error finding
# the codes an officer filters on (`audit list --code error.fail_open`): the guard's failure path
# writes the same `error.fail_open` as a note
ON_ERROR_CODES = {"fail-open": "error.fail_open", "fail-closed": "error.fail_closed"}


def on_error_codes(findings: Iterable[Mapping[str, Any]], allowed: bool) -> list[str]:
    """The codes saying the policy's `on_error` decided part of a decision, from its findings
    (as `Finding.to_dict`): `error.fail_open` when an error finding was let through and the item
    was kept, `error.fail_closed` when one was withheld. Without them the only trace is the
    finding's `rule`, which nothing filters or counts."""
    codes: list[str] = []
    for f in findings:
        if not isinstance(f, Mapping) or f.get("kind") != "error":
            continue
        rule = str(f.get("rule") or "")
        if not rule.startswith(ON_ERROR_RULE):
            continue
        # the mode, and no more: a rule may say what the mode did ("runtime.on_error=fail-closed (the
        # pictures are removed; the page is redacted)"), which read whole was no mode at all
        mode = rule[len(ON_ERROR_RULE):].split(maxsplit=1)
        code = ON_ERROR_CODES.get(mode[0]) if mode else None
        if code == ON_ERROR_CODES["fail-open"] and not allowed:
            continue  # another finding withheld the item: fail-open let nothing through
        if code is not None and code not in codes:
            codes.append(code)
    return codes


@dataclass(slots=True)
class Scope:
    """The policy as it applies to one purpose on one registrable domain."""

    policy: Policy
    purpose: Purpose
    domain: str
    overrides: list[Override] = field(default_factory=list)
    expired: list[Override] = field(default_factory=list)
    # the referring page's domain's overrides, of an image on another domain: their actions apply
    # only where they are stricter (`action`)
    page_overrides: list[Override] = field(default_factory=list)
    # the registrable domains of the pages that showed it (those other than `domain`)
    page_domains: tuple[str, ...] = ()

    @classmethod
    def of(cls, policy: Policy, purpose: Purpose, domain: str, today: _dt.date | None = None, *,
           page_domains: Iterable[str] = ()) -> Scope:
        """`page_domains`: the registrable domains of the pages that showed this image: a stricter
        rule for a school's site (`on.personal_image = "block"`, `signals.x_robots_tag = "obey"`)
        covers its pupils' photos on the CDN they are served from, as its pages show them, whatever
        other pages show them too; a rule that relaxes stays with its own domain."""
        today = today or _dt.date.today()
        active, expired = overrides_for(policy, purpose, domain, today)
        pages = tuple(page for page in dict.fromkeys(page_domains) if page and page != domain)
        carried = [o for page in pages for o in overrides_for(policy, purpose, page, today)[0]]
        return cls(policy, purpose, domain, active, expired, carried, pages)

    def signal_mode(self, family: str) -> str:
        return self.signal_rule(family)[0]

    def signal_rule(self, family: str) -> tuple[str, str]:
        """The mode for a signal family and the policy key that set it (for the note that
        tells a reviewer an opt-out was present and not obeyed)."""
        mode, rule, _ = self.signal_setting(family)
        return mode, rule

    def signal_setting(self, family: str, page_word: bool = False) -> tuple[str, str, Override | None]:
        """`signal_rule`, and the override that set the mode (None: the policy's `[signals]`), whose
        evidence and expiry an opt-out it relaxes is recorded with. `page_word`: the signal is what a
        page on another domain says of its images (`Signal.page_word`), judged under that domain's
        rules too, the stricter standing: an override relaxing a family for an image CDN is about
        the CDN's own word, not another site's opt-out for its pictures there (found in review)."""
        mode: str = getattr(self.policy.signals, family, "obey")
        rule = f"signals.{family} = {mode}"
        setter: Override | None = None
        for o in self.overrides:
            if o.signals is not None and getattr(o.signals, family, None) is not None:
                mode = getattr(o.signals, family)
                rule = f"override[{o.domain}].signals.{family} = {mode}"
                setter = o
        for o in self._page_rules(lambda o: o.signals is not None and getattr(o.signals, family, None) is not None):
            said = getattr(o.signals, family)  # the showing page's domain's rule, where it is stricter
            if SIGNAL_ORDER[said] > SIGNAL_ORDER[mode]:
                mode, setter = said, o
                rule = f"override[{o.domain}].signals.{family} = {said} (the domain of the page that shows it)"
        if page_word:
            for page in self.page_domains:  # each page's domain as it rules its own word
                its: str = getattr(self.policy.signals, family, "obey")
                its_rule, its_setter = f"signals.{family}", None
                for o in self.page_overrides:
                    if o.domain == page and o.signals is not None and getattr(o.signals, family, None) is not None:
                        its, its_setter = str(getattr(o.signals, family)), o
                        its_rule = f"override[{o.domain}].signals.{family}"
                if SIGNAL_ORDER[its] > SIGNAL_ORDER[mode]:
                    mode, setter = its, its_setter
                    rule = f"{its_rule} = {its} (the domain of the page that says it: {page})"
        return mode, rule, setter

    def action(self, kind: str, from_page: bool = False) -> tuple[str, str]:
        """The action for a finding kind and the policy key that set it. `from_page`: the finding is what
        a page on another domain says or brings (its opt-out for its pictures, its law), judged under that
        domain's rules too, the stricter standing, as `signal_setting` judges its word: an override relaxing
        a kind for an image CDN is about the CDN's own, not another site's (found in review)."""
        if kind == "suppressed":
            return "block", "suppression-list"
        if kind == "error":
            closed = self.policy.runtime.on_error == "fail-closed"
            return ("block" if closed else "log"), f"{ON_ERROR_RULE}{self.policy.runtime.on_error}"
        action, rule = self._ruled(self.overrides, kind)
        for o in self._page_rules(lambda o: o.on is not None and getattr(o.on, kind, None) is not None):
            said = getattr(o.on, kind)
            if ACTION_ORDER[said] > ACTION_ORDER[action]:
                action, rule = said, f"override[{o.domain}].on.{kind} (the domain of the page that shows it)"
        if from_page:
            for page in self.page_domains:  # each page's domain as it rules what it says or brings
                its, its_rule = self._ruled([o for o in self.page_overrides if o.domain == page], kind)
                if ACTION_ORDER[its] > ACTION_ORDER[action]:
                    action, rule = its, f"{its_rule} (the domain of the page it comes from: {page})"
        return action, rule

    def _page_rules(self, says: Callable[[Override], bool]) -> list[Override]:
        """Per domain of a page that shows this item, the override that rules there: the narrowest (last) of its
        overrides that `says` something. Why not every one: a school's `log` for one purpose replaces its `block`
        for all, on its own host, and the wider one blocked its pictures on a CDN (review)."""
        last: dict[str, Override] = {}
        for o in self.page_overrides:
            if says(o):
                last[o.domain] = o
        return list(last.values())

    def _ruled(self, overrides: list[Override], kind: str) -> tuple[str, str]:
        """The purpose's action for a finding kind as `overrides` (one domain's, the narrowest last) set it,
        and the policy key that set it."""
        action: str = getattr(self.purpose.on, kind)
        rule = f"purpose[{self.purpose.id}].on.{kind}"
        for o in overrides:
            if o.on is not None and getattr(o.on, kind, None) is not None:
                action, rule = str(getattr(o.on, kind)), f"override[{o.domain}].on.{kind}"
        return action, rule

    @property
    def jurisdiction_override(self) -> list[str] | None:
        return self.jurisdiction_override_for(self.domain)

    def jurisdiction_override_for(self, domain: str) -> list[str] | None:
        """The jurisdictions an override for `domain` and this purpose sets: this scope's own domain's, or
        the domain of a page that shows it (`page_domains`), whose overrides the scope already holds."""
        overrides = self.overrides if domain == self.domain else [o for o in self.page_overrides if o.domain == domain]
        for o in reversed(overrides):
            if o.jurisdictions is not None:
                return list(o.jurisdictions)
        return None


def overrides_for(policy: Policy, purpose: Purpose, domain: str,
                  today: _dt.date) -> tuple[list[Override], list[Override]]:
    """The overrides for `domain` and `purpose`, active and expired, the narrowest last: what an
    override for this purpose sets wins over one for every purpose."""
    active: list[Override] = []
    expired: list[Override] = []
    for o in policy.override:
        if o.domain != domain or (o.purposes is not None and purpose.id not in o.purposes):
            continue
        (expired if o.expired(today) else active).append(o)
    active.sort(key=override_specificity)
    return active, expired


def override_evidence(override: Override) -> dict[str, str]:
    """What an override that relaxed a rule rests on, for the decision's record: its domain,
    evidence and expiry (`relaxes` requires both), never its free-text reason."""
    out = {"override": override.domain}
    if override.evidence:
        out["override_evidence"] = override.evidence
    if override.expires is not None:
        out["override_expires"] = override.expires.isoformat()
    return out
