"""scrapeguard: a guard between a crawler and the web.

It honours every machine-readable opt-out and refuses personal and biometric images
unless the operator has declared a legal basis that covers them.

    from scrapeguard import Guard, load_policy
    guard = Guard(load_policy("policies/gdpr-strict.toml"), user_agent="ExampleBot/1.0")
    decision = guard.check_url("http://127.0.0.1:8000/photos/a.jpg")
    decision.action, decision.allowed, decision.findings
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scrapeguard import logsafe

if TYPE_CHECKING:
    from scrapeguard.decision import Decision, Finding, ImageDecision, Note
    from scrapeguard.guard import DEFAULT_USER_AGENT, Guard
    from scrapeguard.policy import Policy, PolicyError, load_policy

__version__ = "0.1.0"

logsafe.install()

# imported on first use (PEP 562): `import scrapeguard.cli` must not load the whole guard, so a
# Ctrl-C while the `scrapeguard` command starts is its exit 130, not a KeyboardInterrupt traceback
_EXPORTS = {
    "Decision": "scrapeguard.decision", "Finding": "scrapeguard.decision", "ImageDecision": "scrapeguard.decision",
    "Note": "scrapeguard.decision", "DEFAULT_USER_AGENT": "scrapeguard.guard", "Guard": "scrapeguard.guard",
    "Policy": "scrapeguard.policy", "PolicyError": "scrapeguard.policy", "load_policy": "scrapeguard.policy",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scrapeguard' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The names imported on first use too: `dir()` and `help(scrapeguard)` listed them only once used."""
    return sorted({*globals(), *_EXPORTS})


__all__ = sorted([*_EXPORTS, "__version__"])
