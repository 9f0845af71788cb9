"""A self-contained HTML report for a compliance officer: summary, charts, top blocked
domains. No scripts, fonts or images from elsewhere: it opens offline and can be mailed."""

from __future__ import annotations

import datetime as _dt
from html import escape
from typing import TYPE_CHECKING, Any

from scrapeguard.audit.store import ANSWERED_REQUEST, READABLE_RECORD, VALID_RECORD, blob_columns, text_rows
from scrapeguard.audit.verify import VerifyResult

if TYPE_CHECKING:
    from scrapeguard.audit.query import Filters
    from scrapeguard.audit.store import AuditLog

COLOURS = {"allow": "#2e7d32", "log": "#1565c0", "redact": "#ef6c00", "block": "#c62828"}
ORDER = ("block", "redact", "log", "allow")
MAX_DAYS = 90

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem;color:#1b1b1b;background:#fafafa}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.sub{color:#555;margin:0 0 1.2rem}.cards{display:flex;flex-wrap:wrap;gap:.8rem}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.7rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.5rem}.ok{color:#2e7d32}.bad{color:#c62828}
table{border-collapse:collapse;background:#fff;min-width:24rem}td,th{border:1px solid #ddd;padding:.35rem .7rem;text-align:left}
th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}svg text{font-size:11px;fill:#333}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
footer{margin-top:2rem;color:#777;font-size:.85rem}
"""


def _card(label: str, value: Any, cls: str = "") -> str:
    return f'<div class="card"><b class="{cls}">{escape(str(value))}</b>{escape(label)}</div>'


def _calendar(per_day: dict[str, dict[str, int]]) -> tuple[list[str], int]:
    """The days the chart draws: every calendar day (one without decisions too, drawn empty) of the last `MAX_DAYS`
    up to the last day with decisions; and how many earlier days with decisions are left out. (Only the days
    with decisions were drawn side by side, the last 90 of them, with no word of those left out: review.)"""
    try:
        last, first = _dt.date.fromisoformat(max(per_day)), _dt.date.fromisoformat(min(per_day))
    except ValueError:  # (a day the log wrote otherwise: drawn as they are)
        return sorted(per_day)[-MAX_DAYS:], max(0, len(per_day) - MAX_DAYS)
    start = max(first, last - _dt.timedelta(days=MAX_DAYS - 1))
    days = [(start + _dt.timedelta(days=i)).isoformat() for i in range((last - start).days + 1)]
    return days, sum(1 for day in per_day if day < days[0])


def _day_chart(per_day: dict[str, dict[str, int]]) -> str:
    if not per_day:
        return "<p>No decisions in this period.</p>"
    days, left_out = _calendar(per_day)
    per_day = {day: per_day.get(day, {}) for day in days}
    width, height, left, bottom = 960, 260, 50, 40
    peak = max(sum(per_day[d].values()) for d in days) or 1
    bar = min((width - left - 10) / len(days), 60.0)  # one day should not fill the page
    parts = [
        f'<svg role="img" aria-label="Decisions per day by action" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    plot_h = height - bottom - 10
    for tick in range(5):
        value = peak * tick / 4
        y = 10 + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:.0f}</text>')
    step = max(1, len(days) // 12)
    for i, day in enumerate(days):
        x = left + i * bar
        y = 10 + plot_h
        for action in ORDER:
            n = per_day[day].get(action, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar - 2, 1):.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[action]}"><title>{escape(day)} {action}: {n}</title></rect>'
            )
        if i % step == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(day[5:])}</text>'
            )
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{COLOURS[a]}"></i>{a}</span>' for a in ORDER)
    cut = (f"<p>Drawn: the last {MAX_DAYS} days, from {escape(days[0])}; {left_out} earlier day(s) with decisions are "
           "not drawn (narrow the report with --since and --until to see them).</p>") if left_out else ""
    return "".join(parts) + f'<div class="legend">{legend}</div>' + cut


def _bar_chart(counts: dict[str, int], colour: str, label: str) -> str:
    items = list(counts.items())[:15]
    if not items:
        return "<p>None.</p>"
    width, row, left = 960, 24, 300
    peak = max(n for _, n in items) or 1
    height = row * len(items) + 10
    parts = [
        f'<svg role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (name, n) in enumerate(items):
        y = 5 + i * row
        w = (width - left - 70) * n / peak
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(str(name)[:45])}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 8}" fill="{colour}">'
            f"<title>{escape(str(name))}: {n}</title></rect>"
        )
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def policy_stats(log: AuditLog, filters: Filters | None = None) -> dict[str, Any]:
    """Decisions per policy (id, version, Art. 6 basis, on_error) and how many of them a failed
    check let through under fail-open: two policies sharing a purpose id look alike otherwise.
    Read from the findings' rule, so logs written before `error.fail_open` was a code count too.
    Merge into `query.stats` for `render` (`by_policy`, `fail_open`)."""
    from scrapeguard.audit.query import Filters, on_error_sql

    where, args = (filters or Filters()).sql()
    rec = VALID_RECORD
    fail_open, fail_open_args = on_error_sql("fail-open")
    # (read as bytes, `text_rows`: one byte that is not UTF-8 in a record's policy failed the whole report)
    named = blob_columns(*(f"json_extract({rec}, '$.{key}')" for key in ("policy.id", "policy.version", "basis.art6",
                                                                       "on_error")))
    sql = (
        f"SELECT {named}, count(*), sum({fail_open}) "
        f"FROM chain c WHERE c.kind = 'decision' AND {READABLE_RECORD}{' AND ' + where if where else ''} "
        "GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC"
    )
    rows = text_rows(log.conn, sql, [*fail_open_args, *args])
    by_policy = [
        {"policy": str(pid or ""), "version": str(ver or ""), "art6": str(art6 or ""), "on_error": str(oe or ""),
         "decisions": int(n), "fail_open": int(fo or 0)}
        for pid, ver, art6, oe, n, fo in rows
    ]
    return {"by_policy": by_policy, "fail_open": sum(p["fail_open"] for p in by_policy)}


def request_stats(log: AuditLog, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Data-subject requests answered in the period, per kind: how many, the slowest answer in
    days, and how many came later than one month after receipt (GDPR Art. 12(3); judged by the
    law's month, not by the `due` an older release wrote). What an auditor asks: how fast were
    rights requests handled? Merge into `query.stats` (`requests`).

    An erasure's follow-up record (a decision of an erased item written after the erasure, its row
    left out as the request's items' were: `AuditLog._note_erased`) is no request answered: counted,
    one erasure read as several, each answered at once."""
    from scrapeguard.audit.dsr import one_month_after
    from scrapeguard.audit.query import Filters
    from scrapeguard.audit.record import parse_ts

    f = filters or Filters()
    where, args = Filters(since=f.since, until=f.until).sql()
    answered = blob_columns(*(f"json_extract({VALID_RECORD}, '$.{key}')" for key in ("kind", "received", "responded")))
    rows = text_rows(log.conn, f"SELECT {answered} FROM chain c WHERE {ANSWERED_REQUEST}"
                     + (f" AND {where}" if where else ""), args)
    out: dict[str, dict[str, Any]] = {}
    for kind, received, responded in rows:
        entry = out.setdefault(str(kind or ""), {"kind": str(kind or ""), "count": 0, "late": 0, "slowest_days": None})
        entry["count"] += 1
        try:
            start, answer = parse_ts(str(received), keep_offset=True), parse_ts(str(responded))
            days = round((answer - start).total_seconds() / 86400, 1)
            # (Reg. 1182/71 Art. 3: the period ends with the due day, whatever the hour of receipt or answer;
            # days as they were where the request was received, in its offset)
            late = answer.astimezone(start.tzinfo).date() > one_month_after(start).date()
        except (ValueError, OverflowError):  # (a tampered record: verify says so)
            continue
        entry["late"] += late
        entry["slowest_days"] = days if entry["slowest_days"] is None else max(entry["slowest_days"], days)
    return sorted(out.values(), key=lambda e: e["kind"])


def _request_table(requests: list[dict[str, Any]]) -> str:
    if not requests:
        return "<p>No data-subject requests in this period.</p>"
    head = "".join(f"<th>{h}</th>" for h in ("request", "answered", "slowest (days)", "later than one month"))
    rows = "".join(
        f"<tr><td>{escape(r['kind']) or '—'}</td><td class=\"n\">{r['count']}</td>"
        f"<td class=\"n\">{'—' if r['slowest_days'] is None else r['slowest_days']}</td>"
        f"<td class=\"n{' bad' if r['late'] else ''}\">{r['late']}</td></tr>"
        for r in requests
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _stage_table(by_stage: dict[str, dict[str, int]]) -> str:
    """A row per stage: how many decisions, and how many of each action of `ORDER` (the count holds any other)."""
    rows = "".join(
        f'<tr><td>{escape(stage)}</td><td class="n">{sum(actions.values())}</td>'
        + "".join(f'<td class="n">{actions.get(a, 0)}</td>' for a in ORDER) + "</tr>"
        for stage, actions in by_stage.items())
    return f"<table><tr><th>stage</th><th>decisions</th>{''.join(f'<th>{a}</th>' for a in ORDER)}</tr>{rows}</table>"


def _policy_table(by_policy: list[dict[str, Any]]) -> str:
    if not by_policy:
        return "<p>No decisions.</p>"
    head = "".join(f"<th>{h}</th>" for h in ("policy", "version", "Art. 6 basis", "on_error", "decisions",
                                              "let through by fail-open"))
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(p[k]) or '—'}</td>" for k in ("policy", "version", "art6", "on_error"))
        + f'<td class="n">{p["decisions"]}</td><td class="n">{p["fail_open"]}</td></tr>'
        for p in by_policy
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def filters_text(filters: Filters | None) -> str:
    """The filters a report was made with, as its command line gave them (`--action block, --since
    2026-11-01`); empty for the whole log."""
    from dataclasses import fields

    if filters is None:
        return ""
    return ", ".join(f"--{f.name} {getattr(filters, f.name)}" for f in fields(filters)
                     if getattr(filters, f.name) is not None)


def render(
    stats: dict[str, Any],
    verification: VerifyResult | None,
    *,
    log_path: str,
    generated: str,
    title: str = "scrapeguard audit report",
    scope: str = "",
) -> str:
    """The whole page as one string. `scope`: the filters the figures were counted under
    (`filters_text`), said at the top: a report of the blocks alone must not read as a crawl that
    blocked everything."""
    by_action = stats["by_action"]
    cards = [_card("decisions", stats["total"])]
    cards += [_card(a, by_action.get(a, 0)) for a in ORDER]
    cards.append(_card("not enforced (audit mode)", stats.get("not_enforced", 0)))
    events = stats.get("events") or {}
    # (the requests, not their records: an erasure's follow-up records are none, `request_stats`)
    requests = sum(r["count"] for r in stats["requests"]) if "requests" in stats else events.get("dsr", 0)
    cards.append(_card("data-subject requests", requests))
    if "fail_open" in stats:
        cards.append(_card("let through by fail-open", stats["fail_open"], "bad" if stats["fail_open"] else ""))
    if verification is not None:
        if verification.ok:
            cards.append(_card("chain verified", f"OK ({verification.count})", "ok"))
        else:
            cards.append(_card(f"chain BROKEN at seq {verification.first_bad_seq}", "TAMPERED", "bad"))
    blocked = stats.get("blocked_domains") or {}
    rows = "".join(f'<tr><td>{escape(str(d) or "—")}</td><td class="n">{n}</td></tr>' for d, n in blocked.items())
    table = (
        f"<table><tr><th>registrable domain</th><th>blocked</th></tr>{rows}</table>"
        if rows
        else "<p>No blocked items.</p>"
    )
    problem = ""
    if verification is not None and not verification.ok:
        problem = f'<p class="bad">Verification failed: {escape(verification.reason)}</p>'
    span = f"{stats.get('first_ts') or '—'} to {stats.get('last_ts') or '—'}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(title)}</title><style>{_CSS}</style></head><body>
<h1>{escape(title)}</h1>
<p class="sub">Log <code>{escape(log_path)}</code> · decisions from {escape(span)} · generated {escape(generated)}</p>
{f'<p class="sub bad">Only the records matching {escape(scope)}: the figures below are not the whole log'
 ' (the chain check is).</p>' if scope else ""}
<div class="cards">{"".join(cards)}</div>{problem}
<h2>Actions over time (per day, UTC)</h2>{_day_chart(stats.get("per_day") or {})}
<h2>Decisions by reason code</h2>{_bar_chart(stats.get("by_code") or {}, "#6a1b9a", "Decisions by reason code")}
<h2>Decisions by note (what a decision could not see)</h2>{_bar_chart(stats.get("by_note") or {}, "#8d6e63", "Decisions by note")}
<h2>Top blocked domains</h2>{table}
<h2>By purpose</h2>{_bar_chart(stats.get("by_purpose") or {}, "#00838f", "Decisions by purpose")}
{"<h2>By stage (a fetched resource is decided at its request and at its response)</h2>"
 + _stage_table(stats["by_stage"]) if stats.get("by_stage") else ""}
{"<h2>By policy</h2>" + _policy_table(stats["by_policy"]) if "by_policy" in stats else ""}
{"<h2>Data-subject requests (GDPR Art. 12(3): answered within one month)</h2>" + _request_table(stats["requests"])
 if "requests" in stats else ""}
<footer>The log holds commitments and keyed hashes of URLs, not the URLs themselves, for blocked items;
scrapeguard never uses facial recognition. Counts come from the hash-chained audit log.</footer>
</body></html>
"""
