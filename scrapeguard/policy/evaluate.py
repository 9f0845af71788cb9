"""The policy applied to one resource: active overrides, signal modes, actions.

Pure functions of the policy, the purpose, the registrable domain and today's date.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from scrapeguard.policy.model import Override, Policy, Purpose


@dataclass(slots=True)
class Scope:
    """The policy as it applies to one purpose on one registrable domain."""

    policy: Policy
    purpose: Purpose
    domain: str
    overrides: list[Override] = field(default_factory=list)
    expired: list[Override] = field(default_factory=list)

    @classmethod
    def of(cls, policy: Policy, purpose: Purpose, domain: str, today: _dt.date | None = None) -> Scope:
        today = today or _dt.date.today()
        active: list[Override] = []
        expired: list[Override] = []
        for o in policy.override:
            if o.domain != domain or (o.purposes is not None and purpose.id not in o.purposes):
                continue
            (expired if o.expires is not None and o.expires < today else active).append(o)
        return cls(policy, purpose, domain, active, expired)

    def signal_mode(self, family: str) -> str:
        return self.signal_rule(family)[0]

    def signal_rule(self, family: str) -> tuple[str, str]:
        """The mode for a signal family and the policy key that set it (for the note that
        tells a reviewer an opt-out was present and not obeyed)."""
        mode: str = getattr(self.policy.signals, family, "obey")
        rule = f"signals.{family} = {mode}"
        for o in self.overrides:
            if o.signals is not None and getattr(o.signals, family, None) is not None:
                mode = getattr(o.signals, family)
                rule = f"override[{o.domain}].signals.{family} = {mode}"
        return mode, rule

    def action(self, kind: str) -> tuple[str, str]:
        """The action for a finding kind and the policy key that set it."""
        if kind == "suppressed":
            return "block", "suppression-list"
        if kind == "error":
            closed = self.policy.runtime.on_error == "fail-closed"
            return ("block" if closed else "log"), f"runtime.on_error={self.policy.runtime.on_error}"
        action: str = getattr(self.purpose.on, kind)
        rule = f"purpose[{self.purpose.id}].on.{kind}"
        for o in self.overrides:
            if o.on is not None and getattr(o.on, kind, None) is not None:
                action = getattr(o.on, kind)
                rule = f"override[{o.domain}].on.{kind}"
        return action, rule

    @property
    def jurisdiction_override(self) -> list[str] | None:
        for o in reversed(self.overrides):
            if o.jurisdictions is not None:
                return list(o.jurisdictions)
        return None
