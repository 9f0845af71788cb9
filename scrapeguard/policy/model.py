"""Policy schema v1 (see shared research, legal-policy-model §4.3).

A policy states what the controller *has*: bases, evidence, actions. What each
jurisdiction *needs* lives in code (`policy.rules`). Unknown keys are errors, so a typo
can never silently drop a protection.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Annotated, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, field_validator,
                      model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

Action = Literal["allow", "log", "redact", "block"]
SignalMode = Literal["obey", "log", "ignore"]
Usage = Literal["search", "train-ai", "ai-use", "tdm", "archive"]
Jurisdiction = Literal[
    "EU", "EEA", "UK", "CH", "US", "US-IL", "US-TX", "US-WA", "US-CA", "CA", "AU", "OTHER"
]
JurisdictionDetector = Literal[
    "cctld", "hreflang", "html-lang", "content-language", "og-locale", "tcf-cmp", "exif-gps"
]

# the laws whose rules for faces are the GDPR's (Art. 9(2) conditions), not a release or consent per person
_GDPR_LAWS = ("EU", "EEA", "UK")  # (in this order where laws are listed)
ACTION_ORDER: dict[str, int] = {"allow": 0, "log": 1, "redact": 2, "block": 3}
SIGNAL_ORDER: dict[str, int] = {"ignore": 0, "log": 1, "obey": 2}
# the overrides a warning names where they relax what it says of every item (a policy has thousands)
_EXCEPTIONS_SAID = 3
# what an action does to the item a finding is about (for warnings that say what will happen)
_FATE: dict[str, str] = {"allow": "kept", "log": "kept and logged", "redact": "redacted", "block": "blocked"}
# the findings whose `allow` or `log` lets through what the guard exists to withhold
_LET_THROUGH: dict[str, str] = {
    "opt_out": "an item its site opted out of (robots.txt, X-Robots-Tag, TDMRep, ai.txt ... as signals.* obeys)",
    "missing_basis": "an item with no legal basis under the law that applies ('no basis, no collection' is off)",
    "unassessed_jurisdiction": "an item under a law this purpose was not assessed for",
}

# personal-data categories that are biometric data (pd:Biometric and the terms under it in DPV 2.3, two more;
# eu-gdpr:BiometricData), by local name: `pd:FacialPrint`, `dpv-pd:FacialPrint`, the full IRI
# `https://w3id.org/dpv/pd#FacialPrint` and a bare `FacialPrint` alike
_BIOMETRIC_DATA = frozenset({"biometric", "biometricdata", "facialprint", "facialexpression", "fingerprint",
                             "retina", "voiceprint", "handgeometry"})
# the processing (`dpv`, `processing`) that recognises or identifies people by their faces (DPV 2.3 `ai:` and
# `eu-aiact:` terms, legal-policy-model §3.1), by local name: biometric processing (Art. 4(14)) whatever `data` says
_FACE_RECOGNITION = frozenset({"facerecognition", "facialrecognition", "biometricidentification",
                               "biometricverification", "remotebiometricidentification"})

# identifying someone (DPV `dpv:Identify`), verifying who they are (`dpv:IdentityVerification`,
# `dpv:IdentityAuthentication`) or matching them (`dpv:Match`, the term legal-policy-model §3.1 names for it): by
# their face, on a biometric purpose (review: a purpose so written took face photos from every site with a WARN)
_IDENTIFY = frozenset({"identify", "identification", "identifying", "identityverification",
                       "identityauthentication", "verifyidentity", "match", "matching"})
# the biometric data (`data`) that is a face's template, kept to recognise that face again (DPV `pd:FacialPrint`)
_FACE_PRINTS = frozenset({"facialprint"})


def _local_name(term: str) -> str:
    """A CURIE's or an IRI's term without its prefix or namespace, lower-cased (`pd:FacialPrint`,
    `https://w3id.org/dpv/pd#FacialPrint` -> `facialprint`). Why the IRI: split on ':' alone, its
    term was `//w3id.org/dpv/pd#facialprint`, so a purpose keeping face prints passed as non-biometric."""
    term = term.strip().rstrip("/#")
    return term[max(term.rfind(":"), term.rfind("#"), term.rfind("/")) + 1 :].lower()  # (linear on any input)


# a relaxing [[override]]'s `expires` further away than this is warned: the date is its review, not a formality
RELAXATION_REVIEW = _dt.timedelta(days=3 * 365 + 1)
# Face thresholds at which almost no face is counted, refused for a biometric purpose: wider than
# this (a portrait in a news photo is often 50-200 px wide), or a score no detection reaches (1.0)
BIOMETRIC_MAX_FACE_MIN_PX = 256
BIOMETRIC_MAX_FACE_MIN_SCORE = 1.0
MAX_KEEP_DAYS = 36500  # [audit] keep_*: at most 100 years
MAX_CHECKPOINT_EVERY = 1_000_000  # [audit] checkpoint_every: at most a million records between checkpoints
# [audit] sink: what file systems can name (a name of 255 bytes: ext4, XFS, APFS; a path: Linux's PATH_MAX)
MAX_SINK_NAME_BYTES = 255
MAX_SINK_PATH_BYTES = 4095

# Art. 6(1) bases that crawling third-party pages practically never rests on (research: legal-policy-model §1.2)
_IMPLAUSIBLE_ART6 = {
    "b": "a contract with the data subject is practically never the basis for crawling third-party pages (the "
         "people in them have no contract with you); check the basis",
    "d": "vital interests (protecting someone's life) are not a basis for crawling; check the basis",
}

# where a crawler names its audit log itself, in every integration (said with `NO_AUDIT_LOG`)
LOG_GIVEN_BY = "Guard(audit=...), SCRAPEGUARD_AUDIT in Scrapy, proxy or check --audit"
# what a guard without an audit log loses (said by `Policy.warnings` and the guard, `Guard._open_audit`)
NO_AUDIT_LOG = ("no audit log is written: decisions are not recorded, and the erasure/objection suppression list "
                "(which lives in the log) is not consulted, so erased items are collected again")

# the signals by which a site says what may be crawled or indexed at all, whatever the usage: `log`
# lets through what they forbid (the reservations of one use, tdmrep, ai_txt ..., are logged by the
# shipped research and search policies under the exceptions their law grants)
_ACCESS_SIGNALS = frozenset({"robots_txt", "x_robots_tag"})

_SLUG = r"^[a-z0-9][a-z0-9._-]{0,63}$"
Slug = Annotated[str, Field(pattern=_SLUG)]
_VERSION = r"^\d+\.\d+\.\d+([-+].*)?$"
# what each pattern a value must match asks for, in words (the loader says these, not the regex)
PATTERN_WORDS = {
    _SLUG: 'must be an id of lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, '
           'at most 64 characters, e.g. "web-text-corpus"',
    _VERSION: 'must be a version of three numbers, e.g. "1.0.0" (a suffix such as "1.0.0-draft" may follow)',
}
# the DPV terms of the Art. 6(1) and 9(2) bases, whole (`fullmatch`), their letter group 1
_ART6 = re.compile(r"eu-gdpr:A6-1-([a-f])(?:-[a-z0-9-]+)?")
_ART9 = re.compile(r"eu-gdpr:A9-2-([a-j])(?:-[a-z0-9-]+)?")


def gdpr_letter(term: str) -> str:
    """The letter of an Art. 6(1) or 9(2) term as the schema takes it (`eu-gdpr:A6-1-f-controller` -> 'f',
    `eu-gdpr:A9-2-j` -> 'j'), "" for what is no such term (`Art. 6(1)(f)`, `EU-GDPR:A6-1-F`: the schema
    refuses them). One reading for the schema, the rules and the loader's merge, which read the
    sixth character after the colon each their own way (`9(2)(j)` gave 'j')."""
    term = term.strip()
    found = _ART6.fullmatch(term) or _ART9.fullmatch(term)
    return found.group(1) if found else ""
_ISO3166 = re.compile(r"^[A-Z]{2}$")
# the 249 assigned ISO 3166-1 alpha-2 codes, and UK (reserved for GB, and known to the rule set as such):
# `FX`, `EU` or `XK` pass _ISO3166 yet place the controller in no country
_COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
UK""".split())
# the last label is never all digits: `999.1.1.10` is a mistyped address, not a name (RFC 3696 §2)
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+(?![0-9]+$)[a-z0-9-]{2,63}$")


def _error(kind: str, message: str, key: str | None = None) -> PydanticCustomError:
    """A validation error; `key` names the sub-key at fault so the loader can point at it
    (`purpose[x].basis.art6_evidence`) even when a model-level rule raised it."""
    if key is None:
        return PydanticCustomError(kind, message)
    escaped = message.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError(kind, escaped, {"key": key})


def _holds_back(action: str) -> bool:
    """Whether an action keeps the picture from the crawler (redact blurs its faces, block drops it):
    a biometric allowance under one lets no face image through; under `log` it is kept either way."""
    return ACTION_ORDER[action] >= ACTION_ORDER["redact"]


class _Strict(BaseModel):
    """Unknown keys are errors, and so are values of the wrong TOML type: `hash_chain = "NO"`,
    `retention_days = "180"`, `expires = "2099-01-01"` are refused, never coerced (the YAML
    "Norway problem" TOML was chosen to avoid). An integer where a number is asked
    (`face_min_score = 1`) is still a number."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True)


class Controller(_Strict):
    name: str
    contact: str
    establishment: list[str] = Field(default_factory=list)
    notice_url: str | None = None
    ropa_ref: str | None = None
    eu_representative: str | None = None
    uk_representative: str | None = None

    @field_validator("name", "contact")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        """A controller of no name or contact loaded, and `audit ropa` gave it as the Art. 30 record's."""
        if not value:
            raise _error("blank", "must not be empty: the controller's identity and contact are what its Art. 14 "
                                  "notice and Art. 30 record (`audit ropa`) give")
        return value

    @field_validator("notice_url")
    @classmethod
    def _public_notice(cls, value: str | None) -> str | None:
        """The EU, UK, CH, AU and US-CA rules take any notice_url for the public notice they need:
        a placeholder ('TBD') satisfied them, so personal images were kept with no notice."""
        if value is not None:
            try:
                parts = urlsplit(value)
                public = parts.scheme in ("http", "https") and bool(parts.hostname)
            except ValueError:  # `http://[bad`
                public = False
            if not public:
                raise _error("notice_url", f"{value[:80]!r} is no http(s) URL: the rules take it for the public "
                                           "Art. 14 notice, which people must be able to read (leave the key out "
                                           "while there is none: personal images under those laws are then refused)")
        return value

    @field_validator("establishment")
    @classmethod
    def _iso_codes(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not _ISO3166.match(v)]
        if bad and all(v.upper() in _COUNTRIES for v in bad):  # `fr`: France's code, as most people write it
            raise _error("iso3166", f"ISO 3166-1 country codes are written in capitals: {[v.upper() for v in bad]}")
        if bad:
            raise _error("iso3166", f"not ISO 3166-1 alpha-2 country codes: {bad}")
        return value


class Runtime(_Strict):
    mode: Literal["enforce", "audit"] = "enforce"
    on_error: Literal["fail-closed", "fail-open"] = "fail-closed"
    face_min_px: int = Field(default=24, ge=8, le=4096)
    face_min_score: float = Field(default=0.6, ge=0.0, le=1.0)
    face_detection: bool = True
    # (at most 1 GiB: a body is decoded whole in memory, and a larger bound let a 1 MB gzip bomb
    # take gigabytes before `body.too_large` could say so)
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    # (from half a second: a smaller one timed out every host file, blamed on the site's robots.txt: review)
    timeout_seconds: float = Field(default=10.0, ge=0.5, le=300)

    @model_validator(mode="after")
    def _audit_is_fail_open(self) -> Runtime:
        if self.mode == "audit" and self.on_error != "fail-open":
            raise _error("audit_mode", "mode = 'audit' requires on_error = 'fail-open'", "on_error")
        return self


# what to set for each controller key the rules require (`Policy._controller_warnings`)
_CONTROLLER_SETTING = {
    "notice_url": "set it to the URL of your public Art. 14 notice",
    "ropa_ref": "set it to the reference of your Art. 30 record",
    "eu_representative": "set it to your Art. 27 representative in the EU, or name the EU/EEA country you are "
                         "established in in controller.establishment",
    "uk_representative": "set it to your UK GDPR Art. 27 representative in the UK, or add 'GB' to "
                         "controller.establishment if you are established there",
}
_UNKNOWN_DEFAULT: list[Jurisdiction] = ["EU"]
_DETECT_DEFAULT: list[JurisdictionDetector] = ["cctld", "hreflang", "html-lang", "content-language"]


class JurisdictionConfig(_Strict):
    assume: list[Jurisdiction] = Field(default_factory=list)
    unknown: list[Jurisdiction] = Field(default_factory=_UNKNOWN_DEFAULT.copy)
    detect: list[JurisdictionDetector] = Field(default_factory=_DETECT_DEFAULT.copy)

    @field_validator("unknown")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise _error("empty", "must name at least one jurisdiction (default ['EU'])")
        return value


class Signals(_Strict):
    robots_txt: SignalMode = "obey"
    x_robots_tag: SignalMode = "obey"
    tdmrep: SignalMode = "obey"
    ai_txt: SignalMode = "obey"
    content_usage: SignalMode = "obey"
    iptc_data_mining: SignalMode = "obey"
    c2pa_training_mining: SignalMode = "obey"
    http_402: SignalMode = "obey"
    terms_of_service: SignalMode = "log"
    # robots.txt groups that refuse a URL to AI-training crawlers by name (GPTBot, CCBot …) while ours
    # allows it: an inference, not a rule written for us, so logged unless a policy obeys it
    ai_crawler_refusals: SignalMode = "log"


class PartialSignals(_Strict):
    robots_txt: SignalMode | None = None
    x_robots_tag: SignalMode | None = None
    tdmrep: SignalMode | None = None
    ai_txt: SignalMode | None = None
    content_usage: SignalMode | None = None
    iptc_data_mining: SignalMode | None = None
    c2pa_training_mining: SignalMode | None = None
    http_402: SignalMode | None = None
    terms_of_service: SignalMode | None = None
    ai_crawler_refusals: SignalMode | None = None


class Art9Evidence(_Strict):
    law: str | None = None
    safeguards: list[str] = Field(default_factory=list)
    dpia: str | None = None
    ethics: str | None = None

    @field_validator("safeguards")
    @classmethod
    def _each_named(cls, value: list[str]) -> list[str]:
        """`safeguards = [""]` met A9-2-j's need of safeguards with none named."""
        if any(not v for v in value):
            raise _error("blank", "an empty entry names no safeguard")
        return value


class Basis(_Strict):
    art6: str
    art6_evidence: str | None = None
    art9: list[str] = Field(default_factory=list)
    art9_evidence: Art9Evidence | None = None
    consent_registry: str | None = None
    uk_schedule1: str | None = None

    @field_validator("art6")
    @classmethod
    def _art6_term(cls, value: str) -> str:
        if not _ART6.fullmatch(value):
            raise _error("art6", f"{value!r} is not a DPV term eu-gdpr:A6-1-a … eu-gdpr:A6-1-f (or one of them "
                                 "narrowed by a suffix, as eu-gdpr:A6-1-e-public-interest, recorded as written)")
        return value

    @field_validator("art9")
    @classmethod
    def _art9_terms(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not _ART9.fullmatch(v)]
        if bad:
            raise _error("art9", f"not DPV terms eu-gdpr:A9-2-a … eu-gdpr:A9-2-j (or one of them narrowed by a suffix, "
                                 f"recorded as written): {bad}")
        return value

    @field_validator("art6_evidence")
    @classmethod
    def _evidence_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value:
            raise _error("blank", "must not be empty")
        return value

    @model_validator(mode="after")
    def _evidence_for_basis(self) -> Basis:
        letter = gdpr_letter(self.art6)
        if letter in {"c", "e", "f"} and not self.art6_evidence:  # (c) and (e) rest on a law, which Art. 6(3) has named
            needs = "a legitimate-interest assessment ref" if letter == "f" else "the named law, Art. 6(3)"
            raise _error(
                "evidence", f"art6 = {self.art6} needs art6_evidence ({needs})", "art6_evidence"
            )
        if letter == "a" and not self.consent_registry:
            raise _error("evidence", f"art6 = {self.art6} needs consent_registry", "consent_registry")
        letters9 = {gdpr_letter(t) for t in self.art9}
        ev = self.art9_evidence or Art9Evidence()
        if "a" in letters9 and not self.consent_registry:
            raise _error(
                "evidence", "art9 A9-2-a (explicit consent) needs consent_registry", "consent_registry"
            )
        if "j" in letters9:
            missing = [k for k in ("law", "dpia") if not getattr(ev, k)]
            if not ev.safeguards:
                missing.append("safeguards")
            if missing:
                raise _error(
                    "evidence",
                    f"art9 A9-2-j needs art9_evidence with {', '.join(missing)}",
                    "art9_evidence",
                )
        return self


def _whole_resource_action(value: str | None, info: ValidationInfo) -> str | None:
    """An opt-out, or a law the purpose was not assessed for, covers the whole resource:
    `redact` would keep the page or image it refuses (robots.txt disallow fetched and handed
    over "redacted" unchanged; a page under an unassessed law handed over with its text, the
    personal data in it, only its pictures taken out)."""
    if value != "redact":
        return value
    if info.field_name == "opt_out":
        raise _error("opt_out", "'redact' does not apply to an opt-out (it covers the whole resource, there is "
                                "nothing to take out): use 'block' to obey it, or signals.<family> = 'log' to record "
                                "without obeying")
    raise _error("unassessed_jurisdiction", "'redact' does not apply to a law the purpose was not assessed for (it "
                                            "covers the whole resource: a page's text, with the personal data in it, "
                                            "would be handed over, only its pictures taken out): use 'block', or "
                                            "assess the law and name it in the purpose's jurisdictions")


class OnFindings(_Strict):
    personal_image: Action = "block"
    biometric: Action = "block"
    opt_out: Action = "block"
    missing_basis: Action = "block"
    unassessed_jurisdiction: Action = "block"

    _no_redacted_whole = field_validator("opt_out", "unassessed_jurisdiction")(_whole_resource_action)


class PartialOn(_Strict):
    personal_image: Action | None = None
    biometric: Action | None = None
    opt_out: Action | None = None
    missing_basis: Action | None = None
    unassessed_jurisdiction: Action | None = None

    _no_redacted_whole = field_validator("opt_out", "unassessed_jurisdiction")(_whole_resource_action)

_AI_ACT_5_1_E = ("AI Act Art. 5(1)(e): building or expanding a facial-recognition database by untargeted scraping "
                 "is prohibited; scrapeguard will not load this purpose")


def _recognises_faces(p: Purpose) -> list[str]:
    """The terms by which a purpose says it recognises or identifies people (`processing`, `dpv`) or keeps face
    prints, which are kept to recognise faces by (`data`: one keeping pd:FacialPrint of every site's faces loaded
    with a WARN; review, session 71), if any."""
    return [t for key in ("processing", "dpv") for t in getattr(p, key)
            if _local_name(t) in _FACE_RECOGNITION or _local_name(t) in _IDENTIFY] + \
        [t for t in p.data if _local_name(t) in _FACE_PRINTS]


class Purpose(_Strict):
    id: Slug
    title: str = ""
    dpv: list[str] = Field(default_factory=list)
    processing: list[str] = Field(default_factory=list)
    data: list[str] = Field(default_factory=list)
    usage: Usage
    biometric: bool = False
    builds_face_recognition_db: bool = False
    retention_days: int = Field(ge=1, le=3650)
    jurisdictions: list[Jurisdiction] = Field(min_length=1)
    basis: Basis
    on: OnFindings = Field(default_factory=OnFindings)

    @field_validator("builds_face_recognition_db")
    @classmethod
    def _ai_act_5_1_e(cls, value: bool) -> bool:
        if value:
            raise _error("ai_act", _AI_ACT_5_1_E)
        return value

    @field_validator("dpv", "processing")
    @classmethod
    def _no_ai_act_5_1_e_term(cls, value: list[str]) -> list[str]:
        """The DPV term of the prohibited system (`eu-aiact:ProhibitedAISystem-A5-1-e`) declares what
        builds_face_recognition_db = true declares: a purpose naming it loaded when the flag was left out."""
        if any(_local_name(term) == "prohibitedaisystem-a5-1-e" for term in value):
            raise _error("ai_act", _AI_ACT_5_1_E)
        return value

    @model_validator(mode="after")
    def _biometric_needs_art9(self) -> Purpose:
        """A biometric purpose needs an Art. 9(2) condition and a DPIA, and one that keeps biometric
        data (`data`: pd:FacialPrint ...) or recognises faces (`processing`, `dpv`: ai:FaceRecognition ...)
        is biometric: else it loaded with no Art. 9 gate at all and `audit ropa` listed face prints or
        face recognition under an Art. 6 basis alone."""
        declared = [("data", [d for d in self.data if _local_name(d) in _BIOMETRIC_DATA])] + [
            (key, [t for t in getattr(self, key) if _local_name(t) in _FACE_RECOGNITION]) for key in ("processing", "dpv")]
        for key, kept in declared:
            if kept and not self.biometric:
                raise _error("biometric", f"false, but {key} lists {kept}: biometric data (GDPR Art. 4(14), Art. 9) is "
                                          "processed only under biometric = true, with an Art. 9(2) condition "
                                          "(basis.art9) and a DPIA (basis.art9_evidence.dpia)", "biometric")
        if not self.biometric and self.on.biometric != "block":
            raise _error(
                "biometric", "on.biometric must be 'block' when biometric = false", "on.biometric"
            )
        if self.biometric:
            if not self.basis.art9:
                raise _error(
                    "biometric", "biometric = true needs an Art. 9(2) condition", "basis.art9"
                )
            if not (self.basis.art9_evidence and self.basis.art9_evidence.dpia):
                raise _error(
                    "biometric", "biometric = true needs a DPIA reference", "basis.art9_evidence.dpia"
                )
        uses_uk_sched = {"b", "g", "h", "i", "j"} & {gdpr_letter(t) for t in self.basis.art9}
        if "UK" in self.jurisdictions and uses_uk_sched and not self.basis.uk_schedule1:
            raise _error(
                "uk",
                "UK + Art. 9(2)(b/g/h/i/j) needs a DPA 2018 Sch. 1 condition",
                "basis.uk_schedule1",
            )
        return self


class Override(_Strict):
    domain: str
    reason: str = Field(min_length=1)
    evidence: str | None = None
    expires: _dt.date | None = None
    purposes: list[str] | None = None
    jurisdictions: list[Jurisdiction] | None = None
    signals: PartialSignals | None = None
    on: PartialOn | None = None
    made_public_by_subject: bool | None = None  # (None: not said here; the narrowest override that says it counts)

    def expired(self, today: _dt.date) -> bool:
        """Past its `expires`: kept for the record, it applies to nothing."""
        return self.expires is not None and self.expires < today

    @field_validator("domain")
    @classmethod
    def _registrable_domain(cls, value: str) -> str:
        from scrapeguard.jurisdiction import ascii_host, ip_literal, is_public_suffix, registrable_domain

        # one spelling with the hosts it is matched against: `bücher.de` is kept as `xn--bcher-kva.de`,
        # `[2001:DB8:0::1]` as `2001:db8::1` (an IP-address host is matched as the address itself)
        value = ascii_host(value)
        if ip_literal(value) is not None:
            return value
        if not _DOMAIN.match(value):
            raise _error("domain", f"{value!r} is not a registrable domain such as example.org, "
                                   "nor an IP address such as 192.0.2.1 or 2001:db8::1")

        # overrides match a host's registrable domain exactly: any other name would never apply
        if is_public_suffix(value):
            raise _error("domain", f"{value!r} is a public suffix, not a registrable domain")
        own = registrable_domain(value)
        if own != value and value.endswith("." + own):
            raise _error("domain", f"{value!r} is not a registrable domain: use {own!r}, which overrides match")
        return value

    @field_validator("jurisdictions")
    @classmethod
    def _some_law(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and not value:
            raise _error("empty", "must name at least one jurisdiction: an empty set would apply no law to the "
                                  "domain (leave the key out to keep the detected set)")
        return value


_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")  # (RFC 3986 §3.1)


def sink_path(sink: str) -> str:
    """The file an `[audit] sink` (or a `Guard(audit=...)` path) names: a `file://` URL's path,
    percent-decoded (`Path.as_uri()` writes a space as %20: the log went to a folder `sp%20ace`),
    else the text as it is. ValueError, with the reason, for what no file system can name: a
    `file://` URL that does not parse or names a host, a NUL, a name or a path too long (those
    failed later with a raw OSError that named neither the policy nor the key)."""
    path = sink
    if (scheme := _URL_SCHEME.match(sink)) is not None and scheme.group(1).lower() != "file":
        # (taken for a path, `s3://bucket/x` was a folder `s3:` here, and `policy check` said OK)
        raise ValueError(f"{sink[:80]!r} is a URL ({scheme.group(1).lower()}://), which names no file: the audit log "
                         "is a SQLite file on this machine; write its path or a file:/// URL")
    if sink[:7].lower() == "file://":  # (a scheme in any case: `FILE:///x` was a folder `FILE:` here)
        from urllib.parse import unquote, urlsplit

        try:
            parts = urlsplit(sink)
        except ValueError as exc:
            raise ValueError(f"{sink[:80]!r} is not a file:// URL that parses ({exc})") from None
        path = unquote(parts.path, errors="surrogateescape")  # (%FF: the byte, as the file system names it)
        if not path or parts.netloc not in ("", "localhost"):
            raise ValueError(f"{sink[:80]!r} names no file on this machine: in file://HOST/PATH the part up to "
                             "the next / is a host; write file:///path/to/log.sqlite, or the path itself")
    if "\x00" in path:
        raise ValueError("contains a NUL character, which no file name can hold")
    data = path.encode("utf-8", "surrogateescape")
    if len(data) > MAX_SINK_PATH_BYTES:
        raise ValueError(f"the path is {len(data)} bytes long; file systems take at most {MAX_SINK_PATH_BYTES}")
    longest = max(data.split(b"/"), key=len)
    if len(longest) > MAX_SINK_NAME_BYTES:
        raise ValueError(f"a name in the path is {len(longest)} bytes long ({longest[:40].decode('utf-8', 'replace')}…); "
                         f"file systems take at most {MAX_SINK_NAME_BYTES} bytes a name")
    return path


def log_file_path(sink: str) -> str:
    """`sink_path`, and a ValueError for one shaped as a folder (`logs/`): the file a guard writes its log in.
    Why: `Guard(audit="logs/")`, `--audit logs/` and `SCRAPEGUARD_AUDIT=logs/` made a file `logs`, where the
    policy's `[audit] sink` refused the same spelling (review)."""
    path = sink_path(sink)
    if path.endswith("/"):
        raise ValueError(f"{sink[:80]!r} names a folder: name the log file in it, e.g. "
                         f"{(path if len(path) <= 60 else '…/') + 'audit.sqlite'!r}")
    return path


class Audit(_Strict):
    sink: str | None = None
    url: Literal["hmac", "clear"] = "hmac"
    # "normal": a record survives the crawler being killed (SIGKILL) the moment `append`
    # returns; "full": it also survives a power cut or OS crash, at one fsync per record.
    synchronous: Literal["normal", "full"] = "normal"
    hash_chain: bool = True  # always: kept so policies that say `hash_chain = true` still load
    # bounded: in-file checkpoints are how `verify` finds a log cut at its tail; `1e17` wrote none, and was
    # accepted where `hash_chain = false` is refused (found in review)
    checkpoint_every: int = Field(default=1000, ge=1, le=MAX_CHECKPOINT_EVERY)
    # bounded: a day count past the calendar (2147483647) passed policy check and then failed
    # `audit prune` with a raw "date value out of range"; 100 years outlasts any limitation period
    keep_blocked_days: int = Field(default=180, ge=1, le=MAX_KEEP_DAYS)
    keep_after_item_deleted_days: int = Field(default=365, ge=1, le=MAX_KEEP_DAYS)
    keep_dsr_days: int = Field(default=1095, ge=1, le=MAX_KEEP_DAYS)

    @field_validator("sink")
    @classmethod
    def _nameable_sink(cls, value: str | None) -> str | None:
        """A sink no file system can name passed the load, then `Guard()` failed with a raw
        OSError or ValueError that named neither the policy nor the key: refused here instead. So
        is one naming a folder (`logs/`), and one starting with `~`, which no shell expands here:
        `policy check` said OK, and the crawl found no folder `~` to write its log in."""
        if value:
            try:
                path = log_file_path(value)
            except ValueError as exc:
                raise _error("sink", str(exc)) from None
            if path.startswith("~"):
                raise _error("sink", f"{value[:80]!r}: '~' is not expanded in a policy (it would be a folder named "
                                     "'~' in the working folder): write the full path")
        return value

    @field_validator("hash_chain")
    @classmethod
    def _chain_always_on(cls, value: bool) -> bool:
        """A tamper-evident log that a policy line could switch off would prove nothing: the
        chain is part of every record, so `false` is refused rather than silently ignored."""
        if not value:
            raise _error("hash_chain", "the audit log is always hash-chained (each record holds the hash of the one "
                                       "before, so a deleted or edited record is found by `scrapeguard audit verify`); "
                                       "it cannot be switched off: remove the key or set it to true")
        return value


# an override with the number of purposes it names (every purpose: infinite) and those (None: every purpose)
_Breadth = tuple[float, frozenset[str] | None, Override]


class Policy(_Strict):
    schema_version: Literal[1]
    id: Slug
    version: str = Field(pattern=_VERSION)
    title: str = ""
    extends: str | None = None
    default_purpose: str | None = None
    controller: Controller
    runtime: Runtime = Field(default_factory=Runtime)
    jurisdiction: JurisdictionConfig = Field(default_factory=JurisdictionConfig)
    signals: Signals = Field(default_factory=Signals)
    purpose: list[Purpose] = Field(min_length=1)
    override: list[Override] = Field(default_factory=list)
    audit: Audit = Field(default_factory=Audit)

    _source: str = PrivateAttr(default="<memory>")
    _sha256: str = PrivateAttr(default="")
    # (the loader: how `id` is the one of the policy this one extends, "not set, so the id" or "the id"; "": its own)
    _inherited_id: str = PrivateAttr(default="")
    # (the loader: the purposes this policy adds to those of the one it extends, when it names no default_purpose)
    _added_purposes: list[str] = PrivateAttr(default_factory=list)
    # (the loader: each policy of the `extends` chain named by a shipped policy's id but read from another file,
    # beside the policy extending it, as (id, that file))
    _shadowed_parents: list[tuple[str, str]] = PrivateAttr(default_factory=list)
    # (`_overrides_by_breadth`, built once: the guard asks `relaxes` per decision)
    _by_breadth: tuple[list[Override], dict[str, list[_Breadth]]] | None = PrivateAttr(default=None)
    # (`relaxes_today`: its answers, by override, and the day, overrides, purposes and signals they rest on)
    _relaxing: tuple[_dt.date, object, object, object, dict[int, bool]] | None = PrivateAttr(default=None)

    @property
    def source(self) -> str:
        """The file this policy was loaded from."""
        return self._source

    @property
    def sha256(self) -> str:
        """Fingerprint of the resolved policy (recorded in every decision)."""
        if not self._sha256:
            from scrapeguard.policy.loader import policy_fingerprint

            self._sha256 = policy_fingerprint(self)
        return self._sha256

    def _overrides_by_breadth(self) -> dict[str, list[_Breadth]]:
        """The overrides by domain, each with the number of purposes it names (every purpose: infinite) and
        those purposes (None: every one), the broadest first (`_wider`); built again for a copy with other
        overrides (`model_copy(update=...)`)."""
        if self._by_breadth is None or self._by_breadth[0] is not self.override:
            by_domain: dict[str, list[_Breadth]] = {}
            for o in self.override:
                named = None if o.purposes is None else frozenset(o.purposes)
                breadth = float("inf") if named is None else float(len(named))
                by_domain.setdefault(o.domain, []).append((breadth, named, o))
            for entries in by_domain.values():
                entries.sort(key=itemgetter(0), reverse=True)
            self._by_breadth = (self.override, by_domain)
        return self._by_breadth[1]

    def relaxes_today(self, override: Override) -> bool:
        """`relaxes(self, override)`, kept per override and day: every decision's record asks it of each
        override in force (`guard._basis_of`), and 2,000 overrides of one domain cost 2 s a decision."""
        today = _dt.date.today()
        kept = self._relaxing  # (a copy with other overrides, purposes or signals, or a new day, asks again:
        # pydantic's model_copy carries this private cache over)
        if kept is None or kept[0] != today or kept[1] is not self.override or kept[2] is not self.purpose \
                or kept[3] is not self.signals:
            kept = self._relaxing = (today, self.override, self.purpose, self.signals, {})
        answers = kept[4]
        answer = answers.get(id(override))
        if answer is None:
            answer = answers[id(override)] = relaxes(self, override, today=today)
        return answer

    @field_validator("schema_version", mode="before")
    @classmethod
    def _schema_number(cls, value: object) -> object:
        """The number 1, not another TOML type equal to it: `schema_version = true` and `1.0`
        passed the Literal[1] check (True == 1.0 == 1), so a wrong type loaded as schema 1."""
        if isinstance(value, bool | float):
            raise _error("schema_version", "must be 1")
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> Policy:
        """Rules across tables, each naming the key at fault (`override.2.purposes`, which the
        loader shows as `override[example.org].purposes`), every one of them at once: raised one
        by one, a policy with three overrides at fault took three runs of `policy check` to mend."""
        problems: list[PydanticCustomError] = []
        by_id: dict[str, Purpose] = {}
        for i, p in enumerate(self.purpose):  # a map, not ids.count per id: 16,000 purposes load in a blink
            if p.id in by_id:
                problems.append(_error("purpose", f"purpose ids must be unique, repeated: {p.id!r}", f"purpose.{i}.id"))
                continue
            by_id[p.id] = p
        ids = by_id.keys()
        biometric = [p.id for p in self.purpose if p.biometric]
        if biometric and not self.runtime.face_detection:
            # the biometric finding (and so the Art. 9(2) gate: `rules.basis_gaps`) comes from a face
            # found in the image: with detection off, every face photo passed for biometric processing
            problems.append(_error(
                "biometric", f"false, but purpose {', '.join(biometric)} declares biometric = true: with images not "
                             "checked for faces no photo is found to carry face biometrics, so the Art. 9(2) condition "
                             "is never tested and every face photo would pass; turn face detection on (remove the key) "
                             "or set biometric = false", "runtime.face_detection"))
        elif biometric and (self.runtime.face_min_px > BIOMETRIC_MAX_FACE_MIN_PX
                            or self.runtime.face_min_score >= BIOMETRIC_MAX_FACE_MIN_SCORE):
            # (the same gap by its thresholds: a face is counted from them, and with almost none
            # counted every face photo passed for biometric processing, its Art. 9(2) gate untested)
            key = "face_min_px" if self.runtime.face_min_px > BIOMETRIC_MAX_FACE_MIN_PX else "face_min_score"
            value = getattr(self.runtime, key)
            problems.append(_error(
                "biometric", f"{value}, but purpose {', '.join(biometric)} declares biometric = true: almost no face "
                             "is counted at this threshold, so the Art. 9(2) condition is almost never tested and "
                             "face photos would pass; keep face_min_px at most "
                             f"{BIOMETRIC_MAX_FACE_MIN_PX} and face_min_score under {BIOMETRIC_MAX_FACE_MIN_SCORE} for "
                             "a biometric purpose, or set biometric = false", f"runtime.{key}"))
        for i, p in enumerate(self.purpose):
            recognises = _recognises_faces(p)
            if p.biometric and recognises and p.on.biometric is not None and p.on.personal_image is not None \
                    and not _holds_back(p.on.biometric) and not _holds_back(p.on.personal_image):
                # what builds_face_recognition_db = true declares, said in DPV terms and actions: loaded with a WARN
                problems.append(_error(
                    "ai_act", f"{_AI_ACT_5_1_E}: purpose {p.id} recognises or identifies people by their faces "
                              f"({', '.join(recognises)}) and lets face images through from every site it crawls "
                              f"(on.biometric = '{p.on.biometric}', on.personal_image = '{p.on.personal_image}'); "
                              "withhold them here (block) and let named sources through with [[override]]s",
                    f"purpose.{i}.on.biometric"))
            elif p.biometric and recognises and self.runtime.mode == "audit":
                # audit mode withholds nothing: whatever on.* says, every face image of every site reaches the
                # crawler (review: loaded with no word, its blocks recorded "not enforced")
                problems.append(_error(
                    "ai_act", f"{_AI_ACT_5_1_E}: purpose {p.id} recognises or identifies people by their faces "
                              f"({', '.join(recognises)}), and mode = 'audit' withholds nothing, so face images from "
                              "every site it crawls reach the crawler whatever on.biometric says; enforce the policy "
                              "(mode = 'enforce'), or audit without this purpose", "runtime.mode"))
            elif p.biometric and recognises and self.runtime.on_error == "fail-open":
                # (review) what the guard cannot check passes under fail-open: with no face detector installed, or
                # one failing, every face photo of every site reached the purpose, logged as `image.error`
                problems.append(_error(
                    "ai_act", f"{_AI_ACT_5_1_E}: purpose {p.id} recognises or identifies people by their faces "
                              f"({', '.join(recognises)}), and on_error = 'fail-open' lets through every image the "
                              "guard cannot check (a face detector not installed or failing, a picture it cannot "
                              "decode), face photos from every site among them; use on_error = 'fail-closed'",
                    "runtime.on_error"))
        if self.default_purpose == "":  # (it meant the first purpose, which only leaving the key out says)
            problems.append(_error("purpose", f"must not be empty: name one of {[p.id for p in self.purpose]}, or "
                                              "leave the key out to use the first", "default_purpose"))
        elif self.default_purpose is not None and self.default_purpose not in ids:
            problems.append(_error("purpose", f"{self.default_purpose!r} is not one of {[p.id for p in self.purpose]}",
                                   "default_purpose"))
        for i, o in enumerate(self.override):
            unknown = [p for p in (o.purposes or []) if p not in ids]
            if unknown:
                problems.append(_error("override", f"unknown purposes {unknown}", f"override.{i}.purposes"))
                continue
            if o.on is not None and o.on.biometric not in (None, "block"):
                # (as a purpose's own on.biometric: `_biometric_needs_art9`) it read as face biometrics allowed there
                named = [by_id[x] for x in dict.fromkeys(o.purposes)] if o.purposes is not None else self.purpose
                if named and not any(p.biometric for p in named):
                    which = ", ".join(p.id for p in named)
                    problems.append(_error(
                        "override", f"{o.on.biometric!r}, but purpose {which} "
                                    f"{'declares' if len(named) == 1 else 'declare'} biometric = false: no face "
                                    f"biometrics are processed for {'it' if len(named) == 1 else 'them'}, so this "
                                    "allows nothing (a purpose's own on.biometric must then be 'block'); leave the key "
                                    "out, or name a biometric purpose in purposes", f"override.{i}.on.biometric"))
            if relaxes(self, o, by_id) and not (o.evidence and o.expires):
                missing = "evidence" if not o.evidence else "expires"
                problems.append(_error("override", "the override relaxes a rule: it needs evidence and expires",
                                       f"override.{i}.{missing}"))
        if (contradiction := self._contradicting_override()) is not None:
            problems.append(contradiction)
        if problems:
            # (the model's own errors, where its rules found them: `_error` names each key)
            raise ValidationError.from_exception_data(
                type(self).__name__, [InitErrorDetails(type=problem, loc=(), input={}) for problem in problems])
        return self

    def _contradicting_override(self) -> PydanticCustomError | None:
        """Two `[[override]]` of one domain that both apply to a purpose, neither narrower than
        the other (`override_specificity`), may not set one key to different values: the later
        one silently won, whatever its place said (a block the site's owner asked for undone by
        a 'redact' further down). The first such pair, or None. Linear in the overrides and the
        purposes they name, bar the pairs that do set one key differently for one purpose
        (`_first_unnarrowed`)."""
        settings: dict[tuple[str, str], list[tuple[int, object]]] = {}
        today = _dt.date.today()
        for i, o in enumerate(self.override):
            if o.expired(today):
                continue  # (past its date it applies to nothing: kept for the record, it contradicts nothing)
            for key, value in _override_settings(o).items():
                settings.setdefault((o.domain, key), []).append((i, value))
        purposes = [frozenset(o.purposes) if o.purposes is not None else None for o in self.override]
        for (_, key), entries in settings.items():
            if len({repr(value) for _, value in entries}) < 2:
                continue
            # those for every purpose meet each other, and each purpose's own (in the file's order)
            wide = [(i, value) for i, value in entries if self.override[i].purposes is None]
            by_purpose: dict[str, list[tuple[int, object]]] = {}
            for i, value in entries:
                for purpose in sorted(set(self.override[i].purposes or ())):
                    by_purpose.setdefault(purpose, []).append((i, value))
            for group in [wide, *(sorted(named + wide, key=itemgetter(0)) for named in by_purpose.values())]:
                if (pair := self._first_unnarrowed(group, purposes)) is not None:
                    (i, value), (j, earlier) = pair
                    return self._contradiction(i, j, key, value, earlier)
        return None

    def _first_unnarrowed(self, group: list[tuple[int, object]], purposes: list[frozenset[str] | None]
                          ) -> tuple[tuple[int, object], tuple[int, object]] | None:
        """The first override of `group` (its index and the value it sets, in the file's order) setting another
        value than one before it without being narrower (`_narrower`), and that one; or None. A narrower one after
        a wider one is its exception, as written; a narrower one before it would still win (`Scope.of`), silently
        undoing the later one there. Each is met against what the earlier ones of each other value have in common
        (`_narrower_than_all`), not against each: pair by pair, one domain's nested overrides cost n³ comparisons,
        minutes to load a policy of 400 (review, session 71). `purposes`: each override's, as a set (None: every
        purpose)."""
        common: dict[str, tuple[frozenset[str] | None, float]] = {}  # by value: what its overrides so far share
        for n, (i, value) in enumerate(group):
            mine, written = purposes[i], repr(value)
            if any(other != written and not _narrower_than_all(mine, *shared) for other, shared in common.items()):
                return (i, value), next((j, earlier) for j, earlier in group[:n] if repr(earlier) != written
                                        and not _narrower(self.override[i], self.override[j]))
            named, fewest = common.get(written, (None, math.inf))
            if mine is not None:
                named, fewest = (mine if named is None else named & mine), min(fewest, len(mine))
            common[written] = named, fewest
        return None

    def _contradiction(self, i: int, j: int, key: str, value: object, earlier: object) -> PydanticCustomError:
        """The error of override `i` for setting `key` to `value` where override `j` before it sets `earlier`."""
        o, other = self.override[i], self.override[j]
        every = {p.id for p in self.purpose}
        both = (set(o.purposes) if o.purposes is not None else every) & (
            set(other.purposes) if other.purposes is not None else every)
        named = f"purposes {sorted(other.purposes)}" if other.purposes is not None else "every purpose"
        if _narrower(other, o):
            return _error("override", f"{value!r}, but a narrower [[override]] for {o.domain} before it ({named}) sets "
                                      f"it to {earlier!r}: for purpose {', '.join(sorted(both))} the narrower one counts, "
                                      "undoing this one there; write the narrower one after this one if that is meant, "
                                      "or give both the same value (in a policy extending another, where the parent's "
                                      "come first: restate the parent's narrower override, its domain and purposes, "
                                      "with the value meant, and it replaces the parent's)", f"override.{i}.{key}")
        return _error("override", f"{value!r}, but an [[override]] for {o.domain} before it ({named}) sets it to "
                                  f"{earlier!r} for purpose {', '.join(sorted(both))} too: only the later one would "
                                  "count; state it in one override, or name `purposes` to say which purposes each is "
                                  "for", f"override.{i}.{key}")

    def warnings(self, today: _dt.date | None = None) -> list[tuple[str, str]]:
        """`(key_path, reason)` for what the schema allows but a reviewer must see: an opt-out
        family set to `ignore` (research §4.3: allowed but warned) and robots.txt or X-Robots-Tag
        set to `log` (what they forbid is collected: `_ACCESS_SIGNALS`), face detection off, an
        opt-out, a missing basis or an unassessed law let through, errors let through while
        enforcing, a controller that every personal image under EU law will be refused for
        (`_controller_warnings`), and what does not do what it says: terms of service
        "obeyed" (no machine reads prose terms), an override past its `expires` or naming no
        purpose (it never applies), a relaxing one whose `expires` is years away (9999-12-31 met
        the rule that a relaxation ends, and never does)."""
        today = today or _dt.date.today()
        out: list[tuple[str, str]] = []
        tables = [("signals", self.signals.model_dump())] + [
            (f"override[{o.domain}].signals", o.signals.model_dump(exclude_none=True))
            for o in self.override if o.signals is not None]
        for where, modes in tables:
            for name, mode in modes.items():
                if name == "terms_of_service":  # no reader exists: nothing is obeyed, nothing ignored
                    if mode == "obey":
                        out.append((f"{where}.{name}", "'obey': terms of service are prose that no reader evaluates, "
                                                       "so nothing is obeyed (write 'log')"))
                elif mode == "ignore":
                    out.append((f"{where}.{name}", "'ignore': this opt-out is not obeyed (each decision notes it when "
                                                   "present)"))
                elif mode == "log" and name in _ACCESS_SIGNALS:
                    out.append((f"{where}.{name}", "'log': this opt-out is recorded, not obeyed: what it forbids is "
                                                   "collected (each decision notes it)"))
        if not self.runtime.face_detection:
            out.append(("runtime.face_detection", "false: images are not checked for faces (each image decision notes it)"))
        if self.runtime.face_min_score >= 0.99:
            out.append(("runtime.face_min_score", f"{self.runtime.face_min_score}: faces the detector scores under it "
                                                  "(small, blurred or turned ones, between its own floor and this) "
                                                  "are noted, not counted" if self.runtime.face_min_score < 1.0 else
                                                  f"{self.runtime.face_min_score}: no detected face reaches it (faces "
                                                  "are noted, not counted)"))
        if self.runtime.face_min_px > BIOMETRIC_MAX_FACE_MIN_PX:
            out.append(("runtime.face_min_px", f"{self.runtime.face_min_px}: faces narrower than this are not counted "
                                               "(a portrait in a news photo is often 50-200 px)"))
        by_id = {p.id: p for p in self.purpose}
        for o in self.override:
            if o.expired(today):  # the test `policy.evaluate.Scope.of` applies
                out.append((f"override[{o.domain}].expires", f"{o.expires}: in the past, so the override is not "
                                                             "applied (each decision notes it)"))
            elif o.expires is not None and o.expires > today + RELAXATION_REVIEW and relaxes(self, o, by_id, today):
                out.append((f"override[{o.domain}].expires", f"{o.expires}: the override relaxes a rule for more than "
                                                             f"{RELAXATION_REVIEW.days // 365} years, which reads as "
                                                             "for good: set the date its evidence (an agreement, an "
                                                             "assessment) ends or is next reviewed"))
            if o.purposes == []:
                out.append((f"override[{o.domain}].purposes", "[]: names no purpose, so the override never applies "
                                                              "(leave the key out to apply it to every purpose)"))
        biometric = [p.id for p in self.purpose if p.biometric]
        if self.runtime.mode == "audit" and biometric:
            out.append(("runtime.mode", f"'audit' beside biometric purpose {', '.join(biometric)}: nothing is withheld, "
                                        "so face images from every site reach the crawler for biometric processing "
                                        "(their decisions say block, not enforced)"))
        if self.runtime.mode == "enforce" and self.runtime.on_error == "fail-open":
            out.append(("runtime.on_error", "'fail-open' while enforcing: a page or image the guard could not judge (a "
                                            "detector or parser failure, a body over max_body_bytes, a timeout) is let "
                                            "through unjudged (its decision carries error.fail_open)"))
        ons = [(f"purpose[{p.id}].on", p.on.model_dump()) for p in self.purpose] + [
            (f"override[{o.domain}].on", o.on.model_dump(exclude_none=True)) for o in self.override if o.on is not None]
        for where, actions in ons:
            for kind, what in _LET_THROUGH.items():
                action = actions.get(kind)
                if action in ("allow", "log"):
                    out.append((f"{where}.{kind}", f"'{action}': {what} is {_FATE[action]}, not withheld"))
        for p in self.purpose:
            letter = gdpr_letter(p.basis.art6)
            if letter in _IMPLAUSIBLE_ART6:
                out.append((f"purpose[{p.id}].basis.art6", f"{p.basis.art6!r}: {_IMPLAUSIBLE_ART6[letter]}"))
            elif letter == "a":
                out.append((f"purpose[{p.id}].basis.art6", f"{p.basis.art6!r}: consent holds per item, by a hit in the "
                                                           "consent registry, which scrapeguard cannot query: every "
                                                           "personal image under EU/EEA/UK law is a missing_basis "
                                                           f"finding (basis.consent.unverified) and so is "
                                                           f"{self._fate(p.on.missing_basis)}"))
            if p.basis.art9 and not p.biometric:  # (found in review: the Art. 30 record claimed special categories)
                out.append((f"purpose[{p.id}].basis.art9", f"{p.basis.art9}, but biometric = false: no face biometrics "
                                                           "are processed for this purpose, yet its Art. 30 record "
                                                           "(`audit ropa`) and every decision name this Art. 9(2) "
                                                           "condition as used; remove it, or set biometric = true"))
        out += self._art9_warnings(today)
        out += self._biometric_warnings(today)
        out += self._jurisdiction_warnings()
        if self._added_purposes and self.default_purpose is None:
            first = self.purpose[0]
            added = ", ".join(self._added_purposes)
            out.append(("default_purpose", f"not set: this policy adds purpose {added} to those of the policy it "
                                           "extends, yet a request that names no purpose is judged under the first, "
                                           f"{first.id}, by its basis and actions (a personal image is "
                                           f"{self._fate(first.on.personal_image)}); set default_purpose = "
                                           f"{self._added_purposes[0]!r} if that is what it is for"))
        for parent, path in self._shadowed_parents:
            # (found in review: an edited copy beside the policy, `personal_image = "allow"`, was inherited
            # without a word, where the docs say an id names the shipped policy)
            out.append(("extends", f"{parent!r} is read from {path}, beside the policy extending it, not the shipped "
                                   f"{parent}: the rules inherited are that file's; give it another file name and id "
                                   f"(and extends = that id) if it is meant, or move it away to inherit the shipped "
                                   "policy"))
        if self._inherited_id:
            out.append(("id", f"{self.id!r}: {self._inherited_id} of the policy this one extends: its decisions are "
                              f"recorded as made under {self.id} {self.version}, told apart only by their "
                              f"policy_sha256 (`audit list/stats --policy {self.id}` counts both), so set an id "
                              "of its own"))
        elif self._copies_a_shipped_id():
            out.append(("id", f"{self.id!r}: the id of a shipped policy whose rules these are not: its decisions are "
                              f"recorded as made under {self.id} {self.version}, told apart from the shipped "
                              f"policy's only by their policy_sha256 (`audit list/stats --policy {self.id}` counts "
                              "both), so set an id of its own"))
        if not self.audit.sink:
            out.append(("audit.sink", f"{'not set' if self.audit.sink is None else 'empty'}: unless the crawler "
                                      f"names a log itself ({LOG_GIVEN_BY}), "
                                      f"{NO_AUDIT_LOG} (set sink = \"<file>.sqlite\")"))
        return out + self._controller_warnings(today)

    def _copies_a_shipped_id(self) -> bool:
        """Whether this policy bears a shipped policy's id (a copy of `gdpr-strict.toml` edited, its id left
        in) under other rules than the shipped one's."""
        from scrapeguard.policy.loader import shipped_fingerprint

        shipped = shipped_fingerprint(self.id)
        return shipped is not None and shipped != self.sha256

    def _fate(self, action: str, setting: str = "") -> str:
        """What becomes of an item given `action` (`setting`: the key that gives it, said in brackets).
        Under audit mode nothing is withheld: a block or a redaction is what enforcing would do, and
        is recorded (log-only's warnings said each personal image on a UK page 'is blocked')."""
        if self.runtime.mode == "audit" and action in ("block", "redact"):
            said = ", ".join(["runtime.mode = 'audit'", *([setting] if setting else [])])
            return f"let through, recorded as would-be {_FATE[action]} ({said})"
        return _FATE[action] + (f" ({setting})" if setting else "")

    def not_enforcing(self, family: str) -> list[str]:
        """The settings (`key = value`) under which the guard lets through what signal `family`
        forbids, recording it at most: audit mode, the family set to `log` or `ignore` (by the
        policy or an override, expired or not), an opt-out allowed or logged by a purpose or an
        override. Empty: refused for every purpose on every domain, so a crawler's own check of
        it (Scrapy's ROBOTSTXT_OBEY) is redundant; otherwise that check is what still obeys it."""
        out: list[str] = []
        if self.runtime.mode != "enforce":
            out.append(f"runtime.mode = {self.runtime.mode!r}")
        if (mode := getattr(self.signals, family)) != "obey":
            out.append(f"signals.{family} = {mode!r}")
        for o in self.override:
            if (mode := getattr(o.signals, family, None)) not in (None, "obey"):
                out.append(f"override[{o.domain}].signals.{family} = {mode!r}")
        ons = [(f"purpose[{p.id}]", p.on.opt_out) for p in self.purpose] + [
            (f"override[{o.domain}]", o.on.opt_out if o.on is not None else None) for o in self.override]
        out += [f"{where}.on.opt_out = {action!r}" for where, action in ons if action not in (None, "block")]
        return out

    def placeholders(self, today: _dt.date | None = None) -> list[tuple[str, str]]:
        """`(key_path, reason)` where the policy still holds a shipped policy's example
        controller or evidence (`loader.shipped_examples`): valid, so nothing else would say that
        the guard counts the example's notice and records as the crawler's own and `audit ropa`
        prints them under its name (a child policy inheriting them did so silently)."""
        from scrapeguard.policy.loader import shipped_examples

        shipped = shipped_examples()

        def held(values: dict[str, object], where: str) -> list[str]:
            return [f"{key} {value!r}" for key, value in values.items()
                    if isinstance(value, str) and value in shipped.get(f"{where}.{key}", ())]

        def are(named: list[str]) -> str:
            return f"{', '.join(named)} {'is' if len(named) == 1 else 'are'} the shipped example's"

        out: list[tuple[str, str]] = []
        if named := held(self.controller.model_dump(), "controller"):
            out.append(("controller", f"{are(named)}, not yours: the guard takes them for your Art. 14 notice and "
                                      "Art. 30 record and `audit ropa` prints them; set your own name, contact, "
                                      "notice_url and ropa_ref (a [controller] in a policy that extends this one "
                                      "replaces it whole)"))
        for p in self.purpose:
            evidence = p.basis.art9_evidence.model_dump() if p.basis.art9_evidence else {}
            if named := held(p.basis.model_dump(), "basis") + held(evidence, "basis.art9_evidence"):
                out.append((f"purpose[{p.id}].basis", f"{are(named)}, not yours: set the references of your own "
                                                      "records (legitimate-interest assessment, DPIA, ethics approval) "
                                                      f"(in a policy that extends this one: a [[purpose]] with id = "
                                                      f"{p.id!r} and its [purpose.basis])"))
        today = today or _dt.date.today()
        for o in self.override:  # (an inherited one's agreement is another's: a child kept research-9-2-j's)
            if o.expired(today):
                continue  # ended as the warning below advises: it relaxes nothing on anyone's agreement
            if named := held({"evidence": o.evidence}, "override"):
                out.append((f"override[{o.domain}].evidence", f"{are(named)}, not yours: the relaxation it allows "
                                                              "rests on someone else's agreement; restate the "
                                                              "override with your own evidence, or end it (restate "
                                                              "it with `expires` set to a past date)"))
        return out

    def _art9_warnings(self, today: _dt.date) -> list[tuple[str, str]]:
        """A biometric purpose whose Art. 9(2) conditions the rules never accept for crawling faces
        under EU law ((b) employment, (h) health care ..., consent, (e) with no override saying the
        subjects made their images public): every face image is refused, as with Art. 6(1)(a)
        consent, and the policy loaded without a word; so did one assessed for a law that takes face
        biometrics on a per-person release or consent alone (US, CH, AU, OTHER ...), which no rule can
        verify. The rules (`policy.rules`) say so. An override
        past its `expires` says nothing (`Scope.of` applies none): counted, its made_public_by_subject
        kept the warning of every face refused under (e) unsaid."""
        from scrapeguard.policy.evaluate import overrides_for
        from scrapeguard.policy.rules import ART9_GAPS, basis_gaps, made_public

        reachable = self._reachable()
        out: list[tuple[str, str]] = []
        for p in (p for p in self.purpose if p.biometric):
            # laws whose rules take face biometrics only on a release or consent per person, which no rule can
            # verify: the purpose assessed for them refuses every face image there (as unassessed, it would too)
            consent_only = [law for law in dict.fromkeys(p.jurisdictions) if law in reachable and law not in _GDPR_LAWS
                            and any(code == "basis.consent.unverified" for code, _ in basis_gaps(self, p, law, "biometric", []))]
            if consent_only:
                laws = "/".join(consent_only)
                out.append((f"purpose[{p.id}].biometric", f"true, but under {laws} law face biometrics need a written "
                                                          "release or consent per person, which scrapeguard cannot "
                                                          f"verify: every face image on a page under {laws} law is a "
                                                          "missing_basis finding (basis.consent.unverified) and so is "
                                                          f"{self._fate(p.on.missing_basis)}"))
            if "EU" not in reachable:
                continue
            # the domains whose narrowest override for this purpose says their subjects made the images public
            public = [o for domain in dict.fromkeys(o.domain for o in self.override)
                      if made_public(active := overrides_for(self, p, domain, today)[0]) for o in active]
            personal = basis_gaps(self, p, "EU", "personal_image", public)
            for code, reason in basis_gaps(self, p, "EU", "biometric", public):
                if code in ART9_GAPS and (code, reason) not in personal:
                    hint = (" (say so of such a source: an [[override]] of its domain with made_public_by_subject = "
                            "true)" if code == "basis.missing.made_public_by_subject" else "")
                    out.append((f"purpose[{p.id}].basis.art9", f"{p.basis.art9}: {reason.removeprefix('EU: ')}{hint}; so "
                                                               "every face image under EU law is a missing_basis "
                                                               f"finding ({code}) and so is {self._fate(p.on.missing_basis)}"))
        return out

    def _biometric_warnings(self, today: _dt.date) -> list[tuple[str, str]]:
        """A biometric purpose's or an override's `on.biometric` below the `on.personal_image` that holds
        beside it: a face image is a personal image too (`face.detected`) and a decision takes the
        strictest action, so `biometric = "allow"` under the default `personal_image = "block"` let no
        face image through, and the policy loaded without a word. The overrides are indexed once by
        domain and purpose: a policy has thousands."""
        from scrapeguard.policy.evaluate import Scope

        def dead(biometric: str, personal: str, where: str,
                 advice: str = "set on.personal_image to what a face image may get") -> str:
            return (f"'{biometric}', but on.personal_image = '{personal}'{where}: every face image is a personal image "
                    f"too, and a decision takes the strictest action, so each is {self._fate(personal)} whatever this "
                    f"says; {advice}")

        every: dict[str, list[Override]] = {}  # by domain, the overrides in force for every purpose
        named: dict[tuple[str, str], list[Override]] = {}  # by (domain, purpose id), those naming the purpose
        lowest: dict[str | None, int] = {}  # by purpose id (None: every purpose), the laxest personal_image set
        live = [o for o in self.override if not o.expired(today)]
        for o in live:
            for purpose_id in [None] if o.purposes is None else dict.fromkeys(o.purposes):
                if purpose_id is None:
                    every.setdefault(o.domain, []).append(o)
                else:
                    named.setdefault((o.domain, purpose_id), []).append(o)
                if o.on is not None and o.on.personal_image is not None:
                    rank = ACTION_ORDER[o.on.personal_image]
                    lowest[purpose_id] = min(lowest.get(purpose_id, rank), rank)
        out: list[tuple[str, str]] = []
        biometric = {p.id: p for p in self.purpose if p.biometric}
        for p in biometric.values():
            # (where an override lets its personal images through, the purpose's own biometric action holds)
            loosened = min(lowest.get(None, 9), lowest.get(p.id, 9)) <= ACTION_ORDER[p.on.biometric]
            if ACTION_ORDER[p.on.biometric] < ACTION_ORDER[p.on.personal_image] and _holds_back(p.on.personal_image) \
                    and not loosened:
                # (review: "set on.personal_image" alone, followed, made a face-identifying purpose fail to load)
                # (review: its personal_image raised instead, a biometric purpose takes face images from every
                # site, which the rule below warns of, and one recognising faces fails to load)
                advice = ("let a named source's face images through with an [[override]] of its domain (its "
                          "on.personal_image and on.biometric), not those of every site" + (
                              " (AI Act Art. 5(1)(e): a purpose recognising faces may not take them from every site)"
                              if _recognises_faces(p) else ""))
                out.append((f"purpose[{p.id}].on.biometric", dead(p.on.biometric, p.on.personal_image, "", advice)))
            if not _holds_back(p.on.biometric) and not _holds_back(p.on.personal_image):
                # the purpose's own actions hold on every site it crawls; an override relaxing them for one
                # source needs evidence and an end date, this needed neither (found in review)
                out.append((f"purpose[{p.id}].on.biometric",
                            f"'{p.on.biometric}', with on.personal_image = '{p.on.personal_image}': face images are "
                            "collected from every site this biometric purpose crawls, not from named sources; "
                            "untargeted scraping of facial images for face recognition is prohibited (AI Act Art. "
                            "5(1)(e)): withhold them here and let named sources through with [[override]]s"))
        held: dict[tuple[str, str], str] = {}  # by (domain, purpose id): the personal_image action there

        def personal_image(domain: str, target: Purpose) -> str:
            # (once each: sorted again for each override of the domain, 300 overrides of 300 purposes took 45 s)
            if (domain, target.id) not in held:
                active = sorted([*every.get(domain, ()), *named.get((domain, target.id), ())], key=override_specificity)
                held[domain, target.id] = Scope(self, target, domain, active).action("personal_image")[0]
            return held[domain, target.id]

        for o in live:
            if o.on is None or o.on.biometric is None:
                continue
            stuck: dict[str, str] = {}
            for purpose_id in biometric if o.purposes is None else dict.fromkeys(o.purposes):
                if (target := biometric.get(purpose_id)) is None:
                    continue
                personal = personal_image(o.domain, target)
                if ACTION_ORDER[o.on.biometric] < ACTION_ORDER[personal] and _holds_back(personal):
                    stuck[target.id] = personal
            if stuck:
                personal = max(stuck.values(), key=ACTION_ORDER.__getitem__)
                out.append((f"override[{o.domain}].on.biometric",
                            dead(o.on.biometric, personal, f" there for purpose {', '.join(stuck)}")))
        return out

    def _reachable(self) -> set[str]:
        """The blocs a decision under this policy can be judged under (`jurisdiction.reachable_blocs`)."""
        from scrapeguard.jurisdiction import reachable_blocs

        j = self.jurisdiction
        return reachable_blocs(establishment=self.controller.establishment, assume=j.assume, unknown=j.unknown,
                               detect=j.detect, overrides=[o.jurisdictions for o in self.override if o.jurisdictions])

    def _jurisdiction_warnings(self) -> list[tuple[str, str]]:
        """A `[jurisdiction]` that narrows where EU law is applied: `unknown` without EU (a page
        no signal places is judged under other law only) and `detect` without `cctld` (a .de or
        .co.uk host says nothing), each silently taking pages out of the GDPR's reach."""
        from scrapeguard.jurisdiction import country_bloc

        j = self.jurisdiction
        out: list[tuple[str, str]] = []
        fixed = {country_bloc(c) for c in self.controller.establishment} | set(j.assume)
        if "EU" not in j.unknown and "EU" not in fixed:
            out.append(("jurisdiction.unknown", f"{j.unknown}: a page no signal places is judged under "
                                                f"{'/'.join(j.unknown)} law only, not the default EU (GDPR): an EU "
                                                "page whose host and language say nothing is collected under those "
                                                "rules" + ("" if "EU" in self._reachable() else
                                                           "; and no detector can place a page in the EU, so EU law "
                                                           "never applies")))
        if not j.detect:
            out.append(("jurisdiction.detect", f"[]: no detector, so every page is judged under {self._undetected()} "
                                               "whatever its host (.de, .co.uk) or language"))
        elif "cctld" not in j.detect:
            out.append(("jurisdiction.detect", f"{j.detect}: without 'cctld' a host's country domain (.de, .co.uk) "
                                               "places nothing: its law applies only when another signal (the page's "
                                               f"language ...) says so, else jurisdiction.unknown ({'/'.join(j.unknown)})"))
        everywhere = {bloc: why for bloc, why in
                      [(country_bloc(c), f"controller.establishment {c}") for c in self.controller.establishment]
                      + [(bloc, "jurisdiction.assume") for bloc in j.assume] if bloc is not None}
        eu_reachable = "EU" in self._reachable()
        for p in self.purpose:
            if eu_reachable and "EEA" in p.jurisdictions and "EU" not in p.jurisdictions and "EU" not in everywhere:
                # (where EU law holds everywhere, the warning below already says every item is refused)
                # (read as "the EEA, the EU included", it left every page under EU law unassessed)
                out.append((f"purpose[{p.id}].jurisdictions", f"{p.jurisdictions}: 'EEA' names the EEA states outside "
                                                              "the EU (Norway, Iceland, Liechtenstein), not the EU "
                                                              "('EU'): every item under EU law is an "
                                                              "unassessed_jurisdiction finding and so is "
                                                              f"{self._fate(p.on.unassessed_jurisdiction)}; add 'EU' "
                                                              "if the purpose was assessed for it"))
        for p in self.purpose:
            # a law every page is judged under that the purpose was not assessed for: every item is refused
            if missing := [f"{bloc} ({why})" for bloc, why in everywhere.items() if bloc not in p.jurisdictions]:
                out.append((f"purpose[{p.id}].jurisdictions", f"{p.jurisdictions}: not {', '.join(missing)}, whose "
                                                              "law applies to every page, so every item is an "
                                                              "unassessed_jurisdiction finding and so is "
                                                              f"{self._fate(p.on.unassessed_jurisdiction)}"))
        return out

    def _undetected(self) -> str:
        """The law a page is judged under when nothing is detected, and why: the controller's
        establishment, `assume` and `unknown` (as `jurisdiction.resolve` adds them), an override's
        jurisdictions in place of `unknown` on its domain.

        Why: the `detect = []` warning named `unknown` alone ("US"), while a DE controller's
        pages were judged under EU and US law."""
        from scrapeguard.jurisdiction import reachable_blocs

        j = self.jurisdiction
        established = sorted(reachable_blocs(establishment=self.controller.establishment, unknown=()))
        laws = "/".join(dict.fromkeys([*established, *j.assume, *j.unknown]))
        keys = [k for k, given in (("the controller's establishment", established), ("jurisdiction.assume", j.assume),
                                   ("jurisdiction.unknown", j.unknown)) if given]
        text = f"{laws} law ({', '.join(keys)})"
        if any(o.jurisdictions for o in self.override):
            text += ", on an override's domain its jurisdictions in place of jurisdiction.unknown,"
        return text

    def _controller_warnings(self, today: _dt.date) -> list[tuple[str, str]]:
        """What the controller lacks for every personal image under a law a page can be judged under
        (EU/EEA and UK GDPR, CH, AU and CA law, OTHER judged as EU): each such image is a
        missing_basis finding, so a missing notice_url, a missing UK representative (gdpr-strict's:
        every face on a .co.uk page blocked, not redacted) or an establishment code that is no
        country ('FX') quietly refuses them all. Every such law is named: the GDPR's alone were, and
        a GB controller's .co.jp pages, a US one's .ch pages, were blocked for gaps said of EU/EEA/UK
        pages only (review, session 71). The rules (`policy.rules`) say what is missing, and each
        warning what to set."""
        from scrapeguard.policy.rules import basis_gaps

        out: list[tuple[str, str]] = []
        bad = [c for c in self.controller.establishment if c not in _COUNTRIES]
        if bad:
            out.append(("controller.establishment", f"{bad}: no ISO 3166-1 country, so the controller is established "
                                                    "nowhere by it (name the country, e.g. 'FR')"))
        reachable = self._reachable()
        laws = [law for law in get_args(Jurisdiction) if law in reachable]  # (in the order laws are listed)
        refused = self._refused_unassessed()
        gaps: dict[str, list[str]] = {}
        for law in laws:
            if all(refused(p, law) for p in self.purpose):
                continue  # every purpose refuses its items as unassessed: no controller key would let one through
            for code, _ in basis_gaps(self, self.purpose[0], law, "personal_image", []):
                if code.rsplit(".", 1)[-1] in Controller.model_fields:  # (a purpose's own gaps: `warnings`)
                    gaps.setdefault(code, []).append(law)
        for code, where in gaps.items():
            actions = {p.id: p.on.missing_basis for p in self.purpose
                       if not all(refused(p, law) for law in where)}
            if len(set(actions.values())) == 1:
                action = next(iter(actions.values()))
                fate = self._fate(action, f"on.missing_basis = '{action}'")
            else:
                fate = "by each purpose's on.missing_basis: " + ", ".join(f"{k} {self._fate(a)}"
                                                                           for k, a in actions.items())
            fate += self._missing_basis_exceptions(actions, today)
            key = code.rsplit(".", 1)[-1]
            out.append(("controller." + key,
                        f"not set: every personal image on a page {_pages_under(where)} is a missing_basis "
                        f"finding ({code}) and so is {fate}; {_CONTROLLER_SETTING[key]}"))
        return out

    def _missing_basis_exceptions(self, actions: Mapping[str, str], today: _dt.date) -> str:
        """", except on <domain>, where it is kept (override[<domain>]...)": the overrides in force whose
        on.missing_basis is laxer than a purpose's (`actions`, by purpose id) they apply to. Why: a missing
        notice_url was said to have every personal image blocked, where an override let them through on its
        domain (review, session 73)."""
        laxer: dict[tuple[str, str], None] = {}
        for o in self.override:
            loosened = o.on.missing_basis if o.on is not None and not o.expired(today) else None
            if loosened is not None and any(ACTION_ORDER[loosened] < ACTION_ORDER[action]
                                            for purpose_id, action in actions.items()
                                            if o.purposes is None or purpose_id in o.purposes):
                laxer[(o.domain, loosened)] = None
        said = [f"on {domain}, where it is {self._fate(action, f'override[{domain}].on.missing_basis = {action!r}')}"
                for domain, action in list(laxer)[:_EXCEPTIONS_SAID]]
        if len(laxer) > _EXCEPTIONS_SAID:
            said.append(f"on the domains of {len(laxer) - _EXCEPTIONS_SAID} more overrides that set it")
        return f", except {', and '.join(said)}" if said else ""

    def _refused_unassessed(self) -> Callable[[Purpose, str], bool]:
        """Whether a purpose refuses every item under a law as unassessed at least as strictly as a
        missing basis would (not assessed for that law, and no override of it sets jurisdictions,
        on.unassessed_jurisdiction or on.missing_basis, which can make the missing basis the stricter on
        some site): what the controller lacks for that law then refuses nothing more (research-9-2-j
        on UK pages). The overrides are read once: a policy has thousands."""
        loosening = [o for o in self.override
                     if o.jurisdictions is not None
                     or (o.on is not None and (o.on.unassessed_jurisdiction is not None or o.on.missing_basis is not None))]
        every = any(o.purposes is None for o in loosening)
        named = {purpose_id for o in loosening for purpose_id in o.purposes or ()}

        def refused(purpose: Purpose, law: str) -> bool:
            return (law not in purpose.jurisdictions and not every and purpose.id not in named
                    and ACTION_ORDER[purpose.on.unassessed_jurisdiction] >= ACTION_ORDER[purpose.on.missing_basis])

        return refused

    def get_purpose(self, purpose_id: str | None) -> Purpose:
        """The purpose of that id; None: the policy's default (`default_purpose`, else the first).
        An empty id is no purpose of the policy: taken for None, a request naming "" (a Scrapy
        meta, `check --purpose ""`) was judged and recorded under the policy's default, not the
        purpose its guard was set to, and under that purpose's basis and actions."""
        wanted = (self.default_purpose or self.purpose[0].id) if purpose_id is None else purpose_id
        for p in self.purpose:
            if p.id == wanted:
                return p
        raise UnknownPurpose(f"policy {self.id!r} has no purpose {wanted!r}; it has {[p.id for p in self.purpose]}")


def _pages_under(laws: list[str]) -> str:
    """Which pages `laws` judge, said as a warning says them: OTHER is no law of its own (a page of a country
    outside the blocs modelled, judged as an EU one)."""
    named = "/".join(law for law in laws if law != "OTHER")
    other = "of another country (OTHER, judged as EU)" if "OTHER" in laws else ""
    return " or ".join(part for part in (f"under {named} law" if named else "", other) if part)


class UnknownPurpose(KeyError):
    """A purpose id the policy does not declare. A KeyError (a missing key), whose message
    prints as written, not as KeyError's quoted repr."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _override_settings(override: Override) -> dict[str, object]:
    """What an override sets, by key path (`on.personal_image`, `signals.tdmrep`, `jurisdictions`)."""
    out: dict[str, object] = {}
    if override.on is not None:
        out.update({f"on.{k}": v for k, v in override.on.model_dump(exclude_none=True).items()})
    if override.signals is not None:
        out.update({f"signals.{k}": v for k, v in override.signals.model_dump(exclude_none=True).items()})
    if override.jurisdictions is not None:
        out["jurisdictions"] = sorted(set(override.jurisdictions))
    if override.made_public_by_subject is not None:
        out["made_public_by_subject"] = override.made_public_by_subject
    return out


def override_specificity(override: Override) -> tuple[bool, int]:
    """Sorts the overrides of one domain from the widest to the narrowest, so the narrowest
    that applies is the one applied (`Scope.of`): one naming its purposes is narrower than one
    for every purpose, one naming fewer narrower than one naming more (of which it is a part:
    any other two setting one key differently are refused at load). Purposes count once, as `_narrower`
    counts them: by the list's length, `["a", "a", "a"]` sorted as wider than `["a", "b"]`."""
    return override.purposes is not None, -len(set(override.purposes or ()))


def _narrower_than_all(purposes: frozenset[str] | None, named: frozenset[str] | None, fewest: float) -> bool:
    """Whether `purposes` (None: every purpose) are a strict part of those of each of some overrides, told by what
    they share: the purposes all of them name (`named`; None: every purpose, as none names fewer) and the fewest
    any names (`fewest`), as `_narrower` tells it of each."""
    return purposes is not None and len(purposes) < fewest and (named is None or purposes <= named)


def _narrower(override: Override, other: Override) -> bool:
    """Whether `override` applies to a strict part of the purposes `other` applies to."""
    if override.purposes is None:
        return False
    return other.purposes is None or set(override.purposes) < set(other.purposes)


def _wider(policy: Policy, override: Override, today: _dt.date) -> list[Override]:
    """The overrides of `override`'s domain in force today that apply to every purpose it names and more
    (`_narrower`): what holds there besides it, which it may undo. Only the broader ones of its domain are
    looked at (`Policy._overrides_by_breadth`): 4,000 per-purpose overrides of one domain must not cost 16
    million comparisons."""
    if override.purposes is None:
        return []
    mine = frozenset(override.purposes)  # (`_narrower` with each set built once, not twice per pair)
    out: list[Override] = []
    for breadth, named, other in policy._overrides_by_breadth().get(override.domain, ()):
        if breadth <= len(mine):
            break
        if other is not override and (named is None or mine < named) and not (
                other.expires is not None and other.expires < today):
            out.append(other)
    return out


def relaxes(policy: Policy, override: Override, by_id: dict[str, Purpose] | None = None,
            today: _dt.date | None = None) -> bool:
    """An override relaxes when it makes any action less strict, lowers a signal below
    `obey`, replaces the jurisdiction set, or claims the subject made images public. Less strict
    than the purpose's action or the policy's signal mode, or than any wider override of its domain
    in force (`_wider`): a narrower `redact` undoing a site's `block` for every purpose loaded with
    no evidence or end, as no less strict than the purpose's own `redact`; and one under a looser
    wider one is what holds once that one lapses, so it answers to the strictest of them.
    `by_id`: the policy's purposes by id, for a caller asking of every override (the load):
    found by a scan of the purposes, 3,000 per-purpose overrides took 5 s to load."""
    if override.jurisdictions is not None or override.made_public_by_subject:
        return True
    wider = _wider(policy, override, today or _dt.date.today())
    strictest: dict[tuple[str, str], int] = {}  # (once per key, not per purpose: n³ for nested overrides)

    def before(table: str, name: str, own: str, order: dict[str, int]) -> int:
        """The strictest of `own` and what the wider overrides set for `name`, as its rank in `order`."""
        if (table, name) not in strictest:
            said = (getattr(getattr(other, table), name, None) for other in wider)
            strictest[table, name] = max((order[value] for value in said if value is not None), default=-1)
        return max(strictest[table, name], order[own] if own is not None else -1)

    if override.signals is not None:
        for name, mode in override.signals.model_dump(exclude_none=True).items():
            if SIGNAL_ORDER[mode] < before("signals", name, getattr(policy.signals, name), SIGNAL_ORDER):
                return True
    if override.on is not None:
        if override.purposes is None:
            targets = list(policy.purpose)
        elif by_id is not None:
            targets = [by_id[x] for x in dict.fromkeys(override.purposes) if x in by_id]
        else:
            targets = [p for p in policy.purpose if p.id in override.purposes]
        for name, action in override.on.model_dump(exclude_none=True).items():
            if any(ACTION_ORDER[action] < before("on", name, getattr(p.on, name), ACTION_ORDER) for p in targets):
                return True
    return False
