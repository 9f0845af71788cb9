"""scrapeguard: a guard between a crawler and the web.

It honours every machine-readable opt-out and refuses personal and biometric images
unless the operator has declared a legal basis that covers them.

    from scrapeguard import Guard, load_policy
    guard = Guard(load_policy("policies/gdpr-strict.toml"), user_agent="ExampleBot/1.0")
    decision = guard.check_url("http://127.0.0.1:8000/photos/a.jpg")
    decision.action, decision.allowed, decision.findings
"""

from scrapeguard.decision import Decision, Finding, ImageDecision, Note
from scrapeguard.guard import DEFAULT_USER_AGENT, Guard
from scrapeguard.policy import Policy, PolicyError, load_policy

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_USER_AGENT",
    "Decision",
    "Finding",
    "Guard",
    "ImageDecision",
    "Note",
    "Policy",
    "PolicyError",
    "__version__",
    "load_policy",
]
