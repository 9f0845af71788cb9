"""Audit log figures: append throughput, verify time, size on disk.

`python -m benchmarks.bench_audit [--quick]` prints JSON. Appends are measured one
record per transaction, with `synchronous=NORMAL` as the guard writes them by default
(policy `[audit] synchronous`: WAL synced at checkpoints, a commit survives a crash of the
process but not of the machine) and with FULL beside it (each append fsyncs the WAL); the
large log for the verify timing is built in batched transactions (same records and chain,
only faster to build). `guard_decisions` times appends of decisions made by a real `Guard`
(a page with ~10 images, an image with a face, a plain allow) with NORMAL and FULL;
`threads` compares group commit, as the guard commits, with one commit per record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import stop_on_sigterm
from scrapeguard.audit import AuditLog
from scrapeguard.audit.record import decision_record
from scrapeguard.decision import Decision, Finding

DOMAINS = ("example.fr", "news.example.co.uk", "alice.github.io", "shop.example.com", "blog.example.de")


def _decision(i: int) -> Decision:
    action = ("block", "allow", "redact", "allow")[i % 4]
    url = f"https://{DOMAINS[i % len(DOMAINS)]}/section/{i // 7}/item-{i}.jpg?size=large"
    findings = (
        []
        if action == "allow"
        else [
            Finding(
                "opt_out" if action == "block" else "personal_image",
                "robots.disallow" if action == "block" else "face.detected",
                "robots.txt disallows this path" if action == "block" else "1 face, score 0.91",
                "robots.txt line 4" if action == "block" else "face.yunet",
                {"line": 4} if action == "block" else {"faces": 1, "max_score": 0.91, "min_px": 48},
                action,
                "purpose.on.opt_out" if action == "block" else "purpose.on.personal_image",
            )
        ]
    )
    ts = (dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i)).isoformat(timespec="milliseconds")
    return Decision(
        url=url,
        stage="response",
        action=action,
        findings=findings,
        purpose="web-text-corpus",
        usage="train-ai",
        policy_id="gdpr-strict",
        policy_version="1.0.0",
        policy_sha256="e3" * 32,
        jurisdictions=["EU"],
        jurisdiction_evidence=[{"signal": "cctld", "value": "fr", "added": "EU"}],
        legal_basis={"art6": "eu-gdpr:A6-1-f", "art9": []},
        retention_days=180,
        on_error="fail-closed",
        status=200,
        content_type="image/jpeg",
        body_sha256=f"{i:064x}",
        page_url=url.rsplit("/", 1)[0] + "/",
        detectors=[{"name": "face.yunet", "version": "2023mar"}],
        ts=ts.replace("+00:00", "Z"),
    )


def _size(path: Path) -> int:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def bench_append(directory: Path, n: int) -> dict[str, Any]:
    """Appends per second with the policy's default durability (NORMAL), and with FULL beside
    it, alternated in rounds so both see the same load."""
    decisions = [_decision(i) for i in range(n)]
    elapsed = {"NORMAL": 0.0, "FULL": 0.0}
    logs = {sync: AuditLog.open(directory / f"append-{sync}.sqlite", synchronous=sync) for sync in elapsed}
    try:
        for log in logs.values():
            log.append(decisions[0])  # file creation is not part of the steady state
        for start in range(1, n, 50):
            for sync, log in logs.items():
                t0 = time.perf_counter()
                for d in decisions[start:start + 50]:
                    log.append(d)
                elapsed[sync] += time.perf_counter() - t0
    finally:
        for log in logs.values():
            log.close()
    return {
        "records": n - 1,
        "seconds": round(elapsed["NORMAL"], 3),
        "records_per_s": round((n - 1) / elapsed["NORMAL"], 1),
        "synchronous": "NORMAL (the policy default)",
        "ms_per_append": round(1000 * elapsed["NORMAL"] / (n - 1), 3),
        "full.records_per_s": round((n - 1) / elapsed["FULL"], 1),
        "full.ms_per_append": round(1000 * elapsed["FULL"] / (n - 1), 3),
    }


def guard_decisions() -> dict[str, Decision]:
    """Decisions as the guard makes them (audit off): a page with about ten images that
    carry findings, a fetched image with a face, and a plain allowed request."""
    from scrapeguard.guard import Guard

    guard = Guard(audit=False)
    pages = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages"
    made = []
    for html in sorted(pages.glob("*.html"))[:20]:
        made.append(guard.check_response(f"https://www.example.fr/{html.stem}/index.html", 200,
                                          {"content-type": "text/html; charset=utf-8"}, html.read_bytes()))
    page = max(made, key=lambda d: (8 <= len(d.images) <= 14, sum(len(i.findings) for i in d.images)))
    faces = sorted((pages.parent / "images" / "faces").glob("*.jpg"))
    image = guard.check_response("https://cdn.example.fr/img/portrait.jpg", 200, {"content-type": "image/jpeg"},
                                 faces[0].read_bytes()) if faces else _decision(2)
    plain = guard.decide_request("https://www.example.fr/plain/page.html")
    return {"page_with_images": page, "image_with_face": image, "plain_allow": plain}


def bench_guard_decisions(directory: Path, n: int) -> dict[str, Any]:
    """µs per `append` of guard-made decisions, per durability level, and the part of it
    spent building the record (no disk)."""
    cases = guard_decisions()
    out: dict[str, Any] = {
        "images_on_page": len(cases["page_with_images"].images),
        "image_codes": cases["image_with_face"].codes,
    }
    for name, d in cases.items():
        dd = d.to_dict()
        start = time.perf_counter()
        for _ in range(n):
            decision_record(d.to_dict(), b"k" * 32)
        out[f"{name}.build_us"] = round(1e6 * (time.perf_counter() - start) / n, 1)
        out[f"{name}.record_bytes"] = len(json.dumps(decision_record(dd, b"k" * 32).record))
    for sync in ("NORMAL", "FULL"):
        with AuditLog.open(directory / f"guard-{sync}.sqlite", synchronous=sync) as log:
            log.append(cases["plain_allow"])
            for name, d in cases.items():
                start = time.perf_counter()
                for _ in range(n):
                    log.append(d)
                out[f"{name}.append_us.{sync.lower()}"] = round(1e6 * (time.perf_counter() - start) / n, 1)
    out["measured"] = out["page_with_images.append_us.normal"]
    out["unit"] = "µs/append (a page's decision with its images, NORMAL)"
    return out


def bench_threads(directory: Path, n: int, threads: int = 4) -> dict[str, Any]:
    """Several threads appending to one log (Scrapy's thread pool, httpx `to_thread`):
    records/s with and without group commit."""
    import threading

    d = guard_decisions()["image_with_face"]
    out: dict[str, Any] = {"threads": threads}
    for sync in ("NORMAL", "FULL"):
        for grouped in (False, True):
            with AuditLog.open(directory / f"threads-{sync}-{grouped}.sqlite", synchronous=sync,
                               group_commit=grouped) as log:
                log.append(d)

                def work() -> None:
                    for _ in range(n):
                        log.append(d)

                workers = [threading.Thread(target=work) for _ in range(threads)]
                start = time.perf_counter()
                for w in workers:
                    w.start()
                for w in workers:
                    w.join()
                elapsed = time.perf_counter() - start
                assert log.count() == 1 + threads * n
            key = f"{sync.lower()}.{'grouped' if grouped else 'one_per_commit'}"
            out[f"{key}.records_per_s"] = round(threads * n / elapsed, 1)
            out[f"{key}.us_per_record"] = round(1e6 * elapsed / (threads * n), 1)
    out["measured"] = out["normal.grouped.records_per_s"]
    out["unit"] = f"records/s ({threads} threads, group commit, NORMAL: as the guard writes)"
    return out


def build_log(path: Path, n: int, batch: int = 2000) -> None:
    with AuditLog.open(path) as log:
        for start in range(0, n, batch):
            with log.transaction() as conn:
                for i in range(start, min(n, start + batch)):
                    log.append_prepared(conn, decision_record(_decision(i).to_dict(), log.key, log.url_mode))


def bench_verify(directory: Path, n: int) -> dict[str, Any]:
    path = directory / "verify.sqlite"
    start = time.perf_counter()
    build_log(path, n)
    built = time.perf_counter() - start
    with AuditLog.open(path, create=False) as log:
        start = time.perf_counter()
        result = log.verify()
        elapsed = time.perf_counter() - start
    assert result.ok and result.count == n, result.reason
    size = _size(path)
    return {
        "records": n,
        "verify_seconds": round(elapsed, 3),
        "verify_seconds_per_100k": round(elapsed * 100_000 / n, 2),
        "build_seconds_batched": round(built, 2),
        "file_bytes": size,
        "bytes_per_1000_records": round(size * 1000 / n),
        "kib_per_1000_records": round(size * 1000 / n / 1024, 1),
    }


def bench_suppression(directory: Path, entries: int, lookups: int) -> dict[str, Any]:
    """`is_suppressed` runs for every decision: measure it with a populated list."""
    path = directory / "suppress.sqlite"
    with AuditLog.open(path) as log:
        with log.transaction() as conn:
            for i in range(entries):
                log.add_suppression(conn, "url", f"https://example.fr/erased/{i}", f"dsr-{i}")
        log.is_suppressed("https://example.fr/warm-up")
        start = time.perf_counter()
        hits = sum(1 for i in range(lookups) if log.is_suppressed(f"https://example.fr/erased/{i * 7 % (2 * entries)}"))
        elapsed = time.perf_counter() - start
    return {"entries": entries, "lookups": lookups, "hits": hits, "us_per_lookup": round(1e6 * elapsed / lookups, 1)}


def run(quick: bool = True) -> dict[str, Any]:
    """Figures for the closing note; `quick` keeps it to a few seconds."""
    with tempfile.TemporaryDirectory(prefix="sg-bench-audit-") as tmp:
        directory = Path(tmp)
        append = bench_append(directory, 300 if quick else 3000)
        guard = bench_guard_decisions(directory, 200 if quick else 1000)
        threads = bench_threads(directory, 100 if quick else 500)
        verify = bench_verify(directory, 10_000 if quick else 100_000)
        suppression = bench_suppression(directory, 1000, 5000 if quick else 50_000)
    return {
        "bench": "audit",
        "quick": quick,
        "cpu_count": os.cpu_count(),
        "append": append,
        "guard_decisions": guard,
        "threads": threads,
        "verify": verify,
        "is_suppressed": suppression,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    stop_on_sigterm()  # (a SIGTERM left its temp folder behind, a full run's 100k-record log in it)
    print(json.dumps(run(quick=args.quick), indent=2))


if __name__ == "__main__":
    main()
