"""The guard's answer: one vocabulary of findings, one order of actions.

Every part of scrapeguard (signal readers, detectors, the policy) speaks in
`Finding`s; the policy gives each finding an action and the strictest action wins.
Keeping this module free of I/O and of the policy model lets adapters, the audit log
and the CLI depend on it without pulling anything else in.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any, Final, Literal

Action = Literal["allow", "log", "redact", "block"]
FindingKind = Literal[
    "opt_out",
    "personal_image",
    "biometric",
    "missing_basis",
    "unassessed_jurisdiction",
    "suppressed",
    "error",
]
Stage = Literal["request", "response", "page-image"]

ACTIONS: tuple[Action, ...] = ("allow", "log", "redact", "block")
FINDING_KINDS: tuple[FindingKind, ...] = (
    "opt_out",
    "personal_image",
    "biometric",
    "missing_basis",
    "unassessed_jurisdiction",
    "suppressed",
    "error",
)
_SEVERITY = {a: i for i, a in enumerate(ACTIONS)}
# the redirects a client of the guard follows for one resource (`Guard.check_url`); also how many
# hops an access or erasure request follows from the subject's URL (`Decision.redirected_from`)
MAX_REDIRECTS = 10


def strictest(actions: list[Action] | tuple[Action, ...]) -> Action:
    """`block > redact > log > allow`; no actions at all means `allow`."""
    return max(actions, key=_SEVERITY.__getitem__, default="allow")


@dataclass(slots=True)
class Finding:
    """One reason the guard may act, with where it came from.

    `code` is stable and dotted (`robots.disallow`, `face.detected`,
    `basis.missing.art9`) so logs and tests can rely on it; `source` names the header,
    file and line, or detector, that produced the evidence.
    """

    kind: FindingKind
    code: str
    detail: str
    source: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    action: Action = "block"
    rule: str = ""  # which policy key decided the action, e.g. "purpose.on.opt_out"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "detail": self.detail,
            "source": self.source,
            "evidence": self.evidence,
            "action": self.action,
            "rule": self.rule,
        }


# the notes by which the guard withholds an answer it was to redact (no redacted copy can be made of it):
# none can be made of this kind of answer, of all of it (cut at a cap), or of a part of a range
REDACT_UNAVAILABLE: Final = "redact.unavailable"
REDACT_INCOMPLETE: Final = "redact.incomplete"
REDACT_RANGE_PART: Final = "redact.range_part"
_WITHHELD_NOTES: Final = frozenset({REDACT_UNAVAILABLE, REDACT_INCOMPLETE, REDACT_RANGE_PART})


@dataclass(slots=True)
class Note:
    """Something worth recording that is not a reason to act (a malformed file read as
    UNKNOWN, a signal the policy set to `ignore`, an expired override)."""

    code: str
    detail: str
    source: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "detail": self.detail, "source": self.source}


def _may_keep(action: Action, enforced: bool, findings: list[Finding]) -> bool:
    """A block binds only when enforced (audit mode records it); the suppression list (erasure,
    objection) binds whatever the runtime mode."""
    return not any(f.kind == "suppressed" for f in findings) and (not enforced or action != "block")


def rounded_score(score: float, personal: bool, places: int) -> float:
    """A score to `places`, on the side of the threshold `personal` says it is on (0.49996 rounded to 0.5 beside
    `personal` False contradicted `personal` meaning `score >= 0.5`: API review)."""
    shown = round(score, places)
    return shown if personal or shown < 0.5 else 0.5 - 10.0 ** -places


@dataclass(slots=True)
class ImageDecision:
    """An image referenced by a page, judged with what the page said about it."""

    src: str
    url: str
    kind: str
    personal: bool
    score: float
    reasons: list[str]
    action: Action
    findings: list[Finding]
    enforced: bool = True  # False in audit mode, as the page's decision
    # what the judgement from the page could not consult yet (the image host's robots.txt, tdmrep.json,
    # ai.txt, read when the image itself is requested): its `allow` is the page's word only
    notes: list[Note] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        """May the crawler fetch and keep it: as `Decision.allowed`, so in audit mode a would-be
        block is still allowed (the image's own request passes), an erasure never is."""
        return _may_keep(self.action, self.enforced, self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "src": self.src,
            "url": self.url,
            "kind": self.kind,
            "personal": self.personal,
            "score": rounded_score(self.score, self.personal, 3),
            "reasons": list(self.reasons),
            "action": self.action,
            "allowed": self.allowed,
            "findings": [f.to_dict() for f in self.findings],
            "notes": [n.to_dict() for n in self.notes],
        }


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Decision:
    """What the guard decided for one URL at one stage, and everything needed to show why.

    `action` is the strictest action over the findings. In audit mode (`enforced` is
    False) the would-be action is kept in `action` but `allowed` is True: the item passes
    and the log shows what enforcement would have done.
    """

    url: str
    stage: Stage
    action: Action
    findings: list[Finding]
    enforced: bool = True
    purpose: str = ""
    usage: str = ""
    integration: str = "library"  # what made the decision (scrapy, httpx, proxy, library): `Guard(integration=)`
    policy_id: str = ""
    policy_version: str = ""
    policy_sha256: str = ""
    jurisdictions: list[str] = field(default_factory=list)
    jurisdiction_evidence: list[dict[str, str]] = field(default_factory=list)
    legal_basis: dict[str, Any] = field(default_factory=dict)
    images: list[ImageDecision] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    signals: list[dict[str, str]] = field(default_factory=list)
    detectors: list[dict[str, str]] = field(default_factory=list)
    status: int | None = None
    content_type: str | None = None
    body_sha256: str | None = None
    # the body was a picture (an image or an SVG), as the guard told it by its bytes, whatever its type said:
    # an erasure suppresses a picture's bytes wherever they are met again, a page's not (`record.of_a_picture`;
    # None: not said, as by a decision made outside the guard, which its type and perceptual hash tell then)
    picture: bool | None = None
    # the page that showed this picture was erased since its word about it was remembered: the record names it
    # nowhere (not in the sidecar, where an access request found it again; scrubbed from the chain as `page_url`)
    page_erased: bool = False
    retention_days: int | None = None
    on_error: str = ""
    redacted_body: bytes | None = field(default=None, repr=False)
    # an image's perceptual hash (see ImageAnalysis.phash): stored beside the record for access
    # and erasure by a copy of the image, never in the chained record
    phash: str | None = None
    page_url: str | None = None
    page_label: str | None = None  # for pages: person-centric | mixed | no-people
    # the URLs a redirect led here from (`Guard.carry_context`): a person knows the URL on the page,
    # and an access or erasure request by it must reach the answer that was judged and stored
    redirected_from: list[str] = field(default_factory=list)
    decision_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    ts: str = field(default_factory=_now)
    # the SHA-256 (hex) of `redacted_body`, the copy a crawler keeps of a redacted item: an erasure
    # manifest names it beside the original's, for a store keyed by content hash. Set with the body
    redacted_sha256: str | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        """Setting a non-empty `redacted_body` (the guard does, after the decision is made) records its
        hash; an empty one (a copy kept without its bytes: `Guard._keep_unwritten`, what `check` prints)
        keeps the hash of the bytes it stands for. Why here: the hash must outlive the bytes."""
        object.__setattr__(self, name, value)
        if name == "redacted_body":
            if value is None:
                object.__setattr__(self, "redacted_sha256", None)
            elif value:
                object.__setattr__(self, "redacted_sha256", hashlib.sha256(value).hexdigest())
        elif name == "redacted_sha256" and value is None and self.redacted_body:  # (`__init__`, after the body)
            object.__setattr__(self, "redacted_sha256", hashlib.sha256(self.redacted_body).hexdigest())

    @property
    def allowed(self) -> bool:
        """May the crawler keep the item (a redacted item is kept in its redacted form; one to redact
        of which no copy could be made is withheld, `_WITHHELD_NOTES`: its record said "allowed", and
        a fail-open error beside it counted it as let through unjudged, found in review)."""
        return _may_keep(self.action, self.enforced, self.findings) and not self.withheld_note()

    def withheld_note(self) -> Note | None:
        """The note saying why an enforced redaction was withheld rather than handed over redacted."""
        if not (self.enforced and self.action == "redact"):
            return None
        return next((n for n in self.notes if n.code in _WITHHELD_NOTES), None)

    def pictures_taken_out(self) -> set[str]:
        """The URLs of the pictures this decision takes out of its page (or its embedded pictures' names)."""
        return {i.url for i in self.images if i.action in ("redact", "block")}

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    @property
    def reasons(self) -> list[str]:
        """The codes of the findings that set the action (deduplicated, in order; every code when none did), as
        the `X-Scrapeguard-Reason` header and a 451's JSON give them."""
        deciding = [f.code for f in self.findings if f.action == self.action] or self.codes
        return list(dict.fromkeys(deciding))

    def has(self, code_prefix: str) -> bool:
        """True when a finding's code equals `code_prefix` or starts with `code_prefix.`."""
        return any(c == code_prefix or c.startswith(code_prefix + ".") for c in self.codes)

    def explain(self) -> str:
        """One human sentence: the action and the findings that set it."""
        deciding = [f for f in self.findings if f.action == self.action]
        # a redaction no copy could be made for: withheld (the guard's `redact.*` notes), as a block
        # (no finding blocks) or as a redaction that says why nothing was handed over
        withheld = next((n for n in self.notes if n.code in _WITHHELD_NOTES), None) if not deciding \
            else self.withheld_note()
        if withheld is not None:
            deciding = [f for f in self.findings if f.action == "redact"]
        if not deciding:
            return f"{self.action}: no finding"
        reasons = "; ".join(f"{f.detail} [{f.code}]" for f in deciding[:3])
        more = f" (+{len(deciding) - 3} more)" if len(deciding) > 3 else ""
        mode = "" if self.enforced else " (audit mode: not enforced)"
        if withheld is not None and self.action == "redact":  # (withheld, not redacted: that first)
            return f"{withheld.detail} [{withheld.code}]. {self.action}: {reasons}{more}"
        why = f" ({withheld.detail} [{withheld.code}])" if withheld is not None else ""
        return f"{self.action}{mode}: {reasons}{more}{why}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision_id": self.decision_id,
            "ts": self.ts,
            "url": self.url,
            "page_url": self.page_url,
            "page_erased": self.page_erased,
            "page_label": self.page_label,
            "redirected_from": list(self.redirected_from),
            "integration": self.integration,
            "stage": self.stage,
            "action": self.action,
            "allowed": self.allowed,
            "enforced": self.enforced,
            "purpose": self.purpose,
            "usage": self.usage,
            "policy": {
                "id": self.policy_id,
                "version": self.policy_version,
                "sha256": self.policy_sha256,
            },
            "jurisdictions": list(self.jurisdictions),
            "jurisdiction_evidence": list(self.jurisdiction_evidence),
            "legal_basis": dict(self.legal_basis),
            "findings": [f.to_dict() for f in self.findings],
            "notes": [n.to_dict() for n in self.notes],
            "signals": list(self.signals),
            "images": [i.to_dict() for i in self.images],
            "detectors": list(self.detectors),
            "status": self.status,
            "content_type": self.content_type,
            "body_sha256": self.body_sha256,
            "picture": self.picture,
            "phash": self.phash,
            "retention_days": self.retention_days,
            "on_error": self.on_error,
            "redacted": self.redacted_body is not None,
            "redacted_sha256": self.redacted_sha256 if self.redacted_body is not None else None,
            "explanation": self.explain(),
        }
