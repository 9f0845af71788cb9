"""The Art. 30 record of processing, in DPV terms, from the policy and what the log shows.

The policy says what the controller declared; the log adds what actually happened
(volumes, jurisdictions met, requests answered), so the record is not only aspirational.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from scrapeguard.audit.query import format_counts
from scrapeguard.audit.record import now_ts
from scrapeguard.audit.store import (
    ANSWERED_REQUEST, READABLE_RECORD, VALID_RECORD, AuditLog, blob_columns, summed, text_rows,
)
from scrapeguard.policy.model import Policy, Purpose

DPV_CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "loc": "https://w3id.org/dpv/loc#",
}
# The measures the guard itself takes, whatever the policy: every decision recorded in a hash-chained log whose
# personal fields an erasure deletes. Pseudonymisation only where the policy keeps URLs as keyed hashes
# (`[audit] url = "hmac"`); access control is the controller's, which no policy key declares (it was listed
# always, `url = "clear"` too: review).
TOMS = [
    "dpv:RecordsOfActivities",
    "dpv:DataDeletion",
    "dpv:IntegrityManagement",
]
SUBJECTS = {
    "@type": "dpv:DataSubject",
    "description": "people depicted on or described by crawled public web pages",
    "mayInclude": ["dpv:Child"],
}


def _log_facts(log: AuditLog | None, purpose_id: str, policy_id: str) -> dict[str, Any]:
    """What the log shows of one purpose of this policy: its decisions, and those that name no
    policy (they cannot be told apart). Never another policy's that shares the purpose id: one
    log is shared by every crawler (README), and their volumes are not this activity's
    (`policy_mismatch` names them)."""
    if log is None:
        return {}
    conn = log.conn
    # (a damaged record is no decision of any policy's: skipped, as `stats` and every reader skip it; it counted
    # for every policy, as one that names none: review)
    mine = (f"c.kind = 'decision' AND {READABLE_RECORD} AND c.purpose = ? "
            f"AND coalesce(json_extract({VALID_RECORD}, '$.policy.id'), '') IN (?, '')")
    args = (purpose_id, policy_id)
    # (read as bytes, `text_rows`: one byte that is not UTF-8 in a record failed the whole record of processing)
    row = text_rows(conn, f"SELECT count(*), {blob_columns('min(c.ts)', 'max(c.ts)')} FROM chain c WHERE {mine}", args)[0]
    actions = summed(text_rows(conn, f"SELECT {blob_columns('c.action')}, count(*) FROM chain c WHERE {mine} "
                                     "GROUP BY c.action", args))
    juris = sorted({
        r[0]
        for r in text_rows(
            conn,
            f"SELECT DISTINCT {blob_columns('j.value')} FROM chain c, json_each({VALID_RECORD}, "
            f"'$.jurisdiction.applied') j WHERE {mine}",
            args,
        )
    })
    return {
        "decisions": row[0],
        "first": row[1],
        "last": row[2],
        "by_action": actions,
        "jurisdictions_met": [f"loc:{j}" for j in juris],
    }


def _pictures_kept(policy: Policy, purpose: Purpose) -> bool:
    """Whether the purpose may keep people's pictures: its own `on.personal_image`, or an override in force for it
    that lets them through (a purpose blocking them but keeping one site's was recorded as keeping none: review)."""
    if purpose.on.personal_image != "block":
        return True
    today = _dt.date.today()
    return any(o.on is not None and o.on.personal_image not in (None, "block")
               and (o.purposes is None or purpose.id in o.purposes)
               and not o.expired(today) for o in policy.override)


def build(policy: Policy, log: AuditLog | None = None) -> dict[str, Any]:
    """JSON-LD with the DPV context; one activity per purpose. The log is read in one snapshot
    (`AuditLog.reading`): a crawl writing meanwhile gave requests and volumes of different moments."""
    if log is None:
        return _build(policy, None)
    with log.reading() as view:
        return _build(policy, view)


def _build(policy: Policy, log: AuditLog | None) -> dict[str, Any]:
    c = policy.controller
    dsr = {}
    if log is not None:
        kind = blob_columns(f"json_extract({VALID_RECORD}, '$.kind')")  # (as bytes: `_log_facts`)
        dsr = summed(text_rows(log.conn, f"SELECT {kind}, count(*) FROM chain c WHERE {ANSWERED_REQUEST} GROUP BY 1"))
    activities = []
    for p in policy.purpose:
        basis = [p.basis.art6] + list(p.basis.art9)
        evidence = _evidence(p.basis)
        activities.append(
            {
                "@type": "dpv:PersonalDataHandling",
                "id": p.id,
                "title": p.title,
                "dpv:hasPurpose": p.dpv or ["dpv:Purpose"],
                "usage": p.usage,
                "dpv:hasProcessing": p.processing,
                "dpv:hasPersonalData": p.data + (["pd:Picture"] if _pictures_kept(policy, p) else []),
                "dpv:hasDataSubject": SUBJECTS,
                "dpv:hasDataSource": "dpv:PublicDataSource",
                "dpv:hasLegalBasis": basis,
                "legal_basis_evidence": evidence,
                "special_category": bool(p.basis.art9),
                "dpv:hasRecipient": [],
                "third_country_transfers": "none declared in the policy",
                "dpv:hasJurisdiction": [f"loc:{j}" for j in p.jurisdictions],
                "dpv:hasStorageCondition": {"retention_days": p.retention_days},
                "dpv:hasTechnicalOrganisationalMeasure": (["dpv:Pseudonymisation"] if policy.audit.url == "hmac"
                                                          else []) + TOMS,
                "on_findings": p.on.model_dump(),
                "observed": _log_facts(log, p.id, policy.id),
            }
        )
    activities.append(
        {
            "@type": "dpv:PersonalDataHandling",
            "id": "suppression-list",
            "title": "Suppression list of erased or objected items (keyed hashes and perceptual hashes)",
            "dpv:hasPurpose": ["dpv:RightsManagement"],
            "dpv:hasLegalBasis": ["eu-gdpr:A6-1-c"],
            "dpv:hasStorageCondition": {"retention": "as long as the erasure or objection is effective"},
            "dpv:hasTechnicalOrganisationalMeasure": ["dpv:Pseudonymisation"],
        }
    )
    return {
        "@context": DPV_CONTEXT,
        "@type": "dpv:ROPA",
        "generated": now_ts(),
        "policy": {"id": policy.id, "version": policy.version, "sha256": policy.sha256},
        "dpv:hasDataController": {
            "name": c.name,
            "contact": c.contact,
            "establishment": c.establishment,
            "eu_representative": c.eu_representative,
            "uk_representative": c.uk_representative,
            "notice_url": c.notice_url,
            "ropa_ref": c.ropa_ref,
        },
        "activities": activities,
        "audit_log": {
            "url_in_log": policy.audit.url,
            "keep_blocked_days": policy.audit.keep_blocked_days,
            "keep_after_item_deleted_days": policy.audit.keep_after_item_deleted_days,
            "keep_dsr_days": policy.audit.keep_dsr_days,
            "requests_handled": dsr,
            "log_id": log.log_id if log is not None else None,
        },
        "policy_mismatch": _other_policies(policy, log),
    }


def _evidence(basis: Any) -> dict[str, Any]:
    """What the policy declares behind its legal basis, each given item (an Art. 30 reviewer of an
    Art. 9(2)(j) purpose asks for the law, the safeguards, the DPIA and the ethics approval alike)."""
    evidence: dict[str, Any] = {"art6": basis.art6_evidence}
    art9 = basis.art9_evidence
    if art9 is not None:
        for key in ("law", "safeguards", "dpia", "ethics"):
            value = getattr(art9, key)
            if value:
                evidence["art9_" + key if key != "dpia" else "dpia"] = value
    for key in ("consent_registry", "uk_schedule1"):
        value = getattr(basis, key)
        if value:
            evidence[key] = value
    return evidence


def _other_policies(policy: Policy, log: AuditLog | None) -> list[dict[str, Any]]:
    """The policies, other than the one this record describes, that the log's decisions say
    they were made under: the record then does not describe all of that processing."""
    if log is None:
        return []
    return [
        {"id": pid, "sha256": sha, "decisions": n}
        for pid, sha, n in log.policies_named()
        if (pid or sha) and (pid, sha) != (policy.id, policy.sha256)
    ]


def as_text(ropa: dict[str, Any]) -> str:
    """The same record for a human reader."""
    c = ropa["dpv:hasDataController"]
    lines = [
        f"Record of processing activities (GDPR Art. 30) — generated {ropa['generated']}",
        f"Policy {ropa['policy']['id']} {ropa['policy']['version']} (sha256 {ropa['policy']['sha256'][:16]}…)",
        f"Controller: {c['name']} <{c['contact']}>, established in {', '.join(c['establishment']) or '—'}",
        f"Representatives: EU {c['eu_representative'] or '—'}, UK {c['uk_representative'] or '—'}; "
        f"notice {c['notice_url'] or '—'}; ROPA ref {c['ropa_ref'] or '—'}",
        "",
    ]
    for other in ropa.get("policy_mismatch") or []:
        lines.append(
            f"WARNING: {other['decisions']} logged decisions were made under policy {other['id'] or '(no id)'} "
            f"(sha256 {other['sha256'][:16] or '—'}…), not the one this record describes"
        )
    if ropa.get("policy_mismatch"):
        lines.append("")
    for a in ropa["activities"]:
        lines.append(f"* {a['id']}: {a.get('title') or ''}")
        lines.append(f"    purpose      {', '.join(a['dpv:hasPurpose'])}")
        lines.append(f"    legal basis  {', '.join(a['dpv:hasLegalBasis'])}")
        for key, value in (a.get("legal_basis_evidence") or {}).items():
            if value:
                shown = "; ".join(value) if isinstance(value, list) else str(value)
                lines.append(f"      {key.replace('_', ' '):<15} {shown}")
        if "dpv:hasPersonalData" in a:
            lines.append(f"    data         {', '.join(a['dpv:hasPersonalData']) or '—'}")
            lines.append(f"    subjects     {a['dpv:hasDataSubject']['description']} (children possible)")
            lines.append(f"    processing   {', '.join(a['dpv:hasProcessing']) or '—'}")
            lines.append(f"    jurisdiction {', '.join(a['dpv:hasJurisdiction'])}")
            lines.append(f"    recipients   none declared; transfers: {a['third_country_transfers']}")
        cond = a["dpv:hasStorageCondition"]
        lines.append(
            f"    retention    {str(cond['retention_days']) + ' days' if 'retention_days' in cond else cond['retention']}"
        )
        lines.append(f"    measures     {', '.join(a['dpv:hasTechnicalOrganisationalMeasure'])}")
        obs = a.get("observed")
        if obs:
            lines.append(
                f"    observed     {obs['decisions']} decisions {obs['first'] or ''} … {obs['last'] or ''}; "
                f"{format_counts(obs['by_action'])}; jurisdictions met {', '.join(obs['jurisdictions_met']) or '—'}"
            )
        lines.append("")
    log = ropa["audit_log"]
    lines.append(
        f"Audit log: URLs of blocked items kept as {log['url_in_log']}; blocked kept {log['keep_blocked_days']} d, "
        f"kept items +{log['keep_after_item_deleted_days']} d, requests {log['keep_dsr_days']} d; "
        f"requests handled: {format_counts(log['requests_handled'])}"
    )
    return "\n".join(lines) + "\n"
