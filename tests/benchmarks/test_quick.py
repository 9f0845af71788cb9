"""The benchmarks keep working: `python -m benchmarks --quick` produces every figure with a
number, the generated site serves what it promises, and results from other benchmark
modules are read whatever shape they come in. (Benchmarks are not tests: the figures
themselves are not asserted, only that they are measured.)"""

from __future__ import annotations

import http.client
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import figure, interleave, median, write_policies  # noqa: E402
from benchmarks.run import machine, normalise  # noqa: E402
from benchmarks.site import SiteSpec, build_routes, plan_site, start_site  # noqa: E402

QUICK_FIGURES = {
    "crawl.scrapy.plain", "crawl.scrapy.faces_off",
    "crawl.httpx.plain", "crawl.httpx.faces_off", "crawl.httpx.faces_on",
    "proxy.pages", "proxy.images",
    "memory.peak_rss_200", "memory.peak_rss_400", "memory.peak_rss_800",
}


def _get(port: int, path: str, method: str = "GET", conn: http.client.HTTPConnection | None = None
         ) -> tuple[int, dict[str, str], bytes]:
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path)
    r = c.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()


@pytest.mark.timeout(120)
def test_quick_run_measures_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "crawl", "--only", "proxy", "--only", "memory",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=110,
        # a proxy in the environment that refuses every connection: the crawls stay on loopback, as both sides
        # of a pair must (the plain httpx client went through it and "crawled" nothing, 0 pages in 0.3 s)
        env={**os.environ, "http_proxy": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    doc = json.loads(out.read_text())
    assert doc["quick"] is True
    by_name = {f["name"]: f for f in doc["figures"]}
    assert QUICK_FIGURES <= set(by_name), sorted(by_name)
    for name in QUICK_FIGURES:
        f = by_name[name]
        assert f["error"] is None, f
        assert isinstance(f["measured"], float | int) and math.isfinite(f["measured"]) and f["measured"] > 0, f
    for name in ("crawl.scrapy.faces_off", "crawl.httpx.faces_off", "proxy.pages", "proxy.images"):
        f = by_name[name]
        assert f["ratio"] > 0 and f["target"] is not None and f["met"] is None, f  # (a quick run is not judged)
    # the crawls really crawled the whole (quick) site, guarded and not
    plain = by_name["crawl.httpx.plain"]["detail"]["last_run"]
    assert plain["pages"] >= 40 and plain["images"] == 80
    assert by_name["crawl.scrapy.plain"]["detail"]["last_run"]["images"] == 80
    guarded = by_name["crawl.scrapy.faces_off"]["detail"]["last_run"]
    assert guarded["blocked"] > 0 and guarded["redacted"] > 0  # the opted-out sections and portraits
    mach = doc["machine"]
    assert mach["cpu_count"] >= 1 and mach["python"] and mach["libraries"]["scrapeguard"]
    assert "machine" in doc and "scrapeguard benchmarks" in proc.stdout  # the table was printed


def test_site_serves_pages_images_and_host_files() -> None:
    with start_site(SiteSpec(30, 60)) as site:
        assert site.stats["pages"] >= 30 and site.stats["images"] == 60
        main_port = int(site.main_base.rsplit(":", 1)[1])
        cdn_port = int(site.cdn_base.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", main_port, timeout=10)
        status, headers, body = _get(main_port, "/", conn=conn)
        assert status == 200 and headers["content-type"].startswith("text/html") and b"<a href=" in body
        status, _, robots = _get(main_port, "/robots.txt", conn=conn)  # same keep-alive connection
        assert status == 200 and b"Disallow: /private/" in robots
        status, headers, body = _get(main_port, "/", "HEAD", conn=conn)
        assert status == 200 and body == b"" and int(headers["content-length"]) > 0
        assert _get(main_port, "/nope.html", conn=conn)[0] == 404
        assert _get(cdn_port, "/robots.txt")[2].startswith(b"User-agent: *\nDisallow: /originals/")
        photo = next(u for p in plan_site(SiteSpec(30, 60), site.main_base, site.cdn_base)
                     for u, k in p.images if k == "face")
        status, headers, body = _get(cdn_port, "/" + photo.split("/", 3)[3])
        assert status == 200 and headers["content-type"] == "image/jpeg" and body[:2] == b"\xff\xd8"


def test_site_is_deterministic_and_has_every_section() -> None:
    spec = SiteSpec(200, 400)
    a_main, a_cdn = build_routes(spec, "http://m", "http://c")
    b_main, _ = build_routes(spec, "http://m", "http://c")
    assert a_main["/"] == b_main["/"]
    sections = {p.split("/")[1] for p in a_main if p.endswith(".html")}
    assert {"articles", "people", "team", "noai", "private", "labs"} <= sections
    images = [p for r in (a_main, a_cdn) for p, (_, h, _) in r.items() if h[0][1].startswith("image/")]
    assert len(images) == 400
    bodies = [a_cdn[p][2] for p in a_cdn if p.startswith("/img/")]
    assert len(set(bodies)) == len(bodies)  # every image is distinct (no cache can shortcut)
    noai = next(v for p, v in a_main.items() if p.startswith("/noai/"))
    assert ("X-Robots-Tag", "noai, noimageai") in noai[1]
    people = next(v for p, v in a_main.items() if p.startswith("/people/"))
    assert b'og:type" content="profile"' in people[2] and b"Portrait of" in people[2]


def test_site_refuses_nonsense_sizes() -> None:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.site", "--pages", "0"], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "--pages" in proc.stderr


def test_site_serves_as_its_docstring_says_without_a_seed() -> None:
    """`python -m benchmarks.site --pages 2 --images 2` (no --seed) crashed on its first page: the
    default seed was read off the slots dataclass, its slot, not 7."""
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.site", "--pages", "2", "--images", "2"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        ports = json.loads(proc.stdout.readline())
        conn = http.client.HTTPConnection("127.0.0.1", ports["main"], timeout=10)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_figures_compare_the_ratio_with_the_target() -> None:
    assert figure("x", 10.0, "s", ratio=1.05, target=1.10)["met"] is True
    assert figure("x", 10.0, "s", ratio=1.30, target=1.10)["met"] is False
    assert figure("x", 50.0, "images/s", target=40, target_op=">=")["met"] is True
    assert figure("x", None, "s", target=1.1, error="not available: y")["met"] is None
    assert median([3.0, 1.0, float("nan"), 2.0]) == 2.0
    with pytest.raises(ValueError):
        median([])
    order = interleave(["a", "b", "c"], 3)
    assert order == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]


def test_normalise_reads_every_result_shape() -> None:
    audit_style = {"bench": "audit", "quick": True, "cpu_count": 2,
                   "append": {"records": 300, "records_per_s": 322.8, "synchronous": "FULL"},
                   "verify": {"records": 10000, "verify_seconds_per_100k": 15.7}}
    rows = {f["name"]: f for f in normalise("audit", audit_style)}
    assert rows["audit.append"]["measured"] == 322.8 and rows["audit.append"]["unit"] == "appends/s"
    assert rows["audit.verify"]["measured"] == 15.7 and "cpu_count" not in str(list(rows))
    listed = normalise("faces", {"figures": [figure("faces.f1", 0.95, "F1", target=0.9, target_op=">=")]})
    assert listed[0]["met"] is True
    plain = normalise("page", {"ratio": 0.8, "measured": 1.2, "unit": "ms/page", "target": 1.0})
    assert plain[0]["name"] == "page" and plain[0]["met"] is True
    junk = normalise("x", "garbage")
    assert junk[0]["measured"] is None and "unrecognised" in junk[0]["error"]
    empty = normalise("x", {"value": "not a number"})
    assert empty[0]["error"] == "no numeric value reported"


def test_missing_benchmark_is_a_row_not_a_crash(tmp_path: Path) -> None:
    from benchmarks.run import run_bench

    figs, info = run_bench("nothing", "benchmarks.bench_that_does_not_exist", True)
    assert figs[0]["measured"] is None and figs[0]["error"].startswith("not available")
    assert "error" in info


def test_temp_policies_switch_faces_and_audit(tmp_path: Path) -> None:
    from scrapeguard.policy import load_policy

    paths = write_policies(tmp_path)
    assert load_policy(paths["off"]).runtime.face_detection is False
    assert load_policy(paths["on"]).runtime.face_detection is True
    assert not load_policy(paths["off-noaudit"]).audit.sink
    assert load_policy(paths["off"]).purpose[0].on.opt_out == "block"  # still gdpr-strict underneath


def test_machine_names_the_libraries() -> None:
    m = machine()
    assert set(m["libraries"]) >= {"scrapeguard", "httpx", "scrapy", "mitmproxy", "lxml", "pillow"}
    assert m["cpu_count"] and m["python"].count(".") == 2


def test_only_prints_the_figures_it_measured(capsys: pytest.CaptureFixture[str]) -> None:
    """`--only page` merges into latest.json, but the table shows just what this run measured."""
    from benchmarks.run import print_table

    def fig(bench: str, name: str) -> dict[str, object]:
        return {"bench": bench, "name": name, "measured": 1.5, "unit": "x", "ratio": 1.5, "target_text": "<= 1",
                "met": False, "error": None}

    doc = {"quick": True, "figures": [fig("page", "page.find_images_vs_lxml.x"), fig("crawl", "crawl.scrapy.old")],
           "machine": {"cpus_usable": 2, "loadavg": 0.5, "loadavg_end": 0.6, "python": "3.11",
                       "libraries": {"scrapeguard": "0.1.0"}}}
    print_table(doc, {"page"})
    out = capsys.readouterr().out
    assert "page.find_images_vs_lxml.x" in out and "crawl.scrapy.old" not in out
    print_table(doc)
    assert "crawl.scrapy.old" in capsys.readouterr().out


def test_a_crawl_short_of_the_site_is_an_error_not_a_figure() -> None:
    from benchmarks.bench_crawl import check_crawl

    site = {"pages": 43, "images": 80}
    check_crawl("httpx-plain", {"pages": 43, "images": 80, "responses": 124, "errors": 0}, site)
    check_crawl("scrapy-off", {"pages": 40, "images": 67, "responses": 111, "guard_errors": 0}, site)
    for variant, result in (
        ("httpx-plain", {"pages": 0, "images": 0, "responses": 0, "errors": 1}),  # a refused connection
        ("httpx-plain", {"pages": 43, "images": 79, "responses": 123, "errors": 0}),  # an image missed
        ("scrapy-plain", {"pages": 42, "images": 80, "responses": 123, "guard_errors": 0}),  # a page missed
        ("scrapy-off", {"pages": 0, "images": 0, "responses": 0, "guard_errors": 0}),  # the guard fetched nothing
        ("scrapy-off", {"pages": 1, "images": 1, "responses": 9, "guard_errors": 0}),  # a page and a picture of 43
        ("scrapy-off", {"pages": 40, "images": 67, "responses": 111, "guard_errors": 2}),
    ):
        with pytest.raises(RuntimeError, match="did not crawl the site"):
            check_crawl(variant, result, site)


def test_crawl_ratio_is_of_time_per_page_or_image_got() -> None:
    """The guard refuses opted-out pages unfetched: 8 of 125 responses fewer made its raw time
    look 7-12 % better than the same work. Scrapy's response count holds the guard's host files
    and httpx's the refusals (451), so neither is the unit."""
    from benchmarks.bench_crawl import per_item

    assert per_item([{"seconds": 2.0, "pages": 40, "images": 60, "responses": 117},
                         {"seconds": 3.0, "pages": 40, "images": 60, "responses": 117},
                         {"seconds": 9.0, "pages": 40, "images": 60, "responses": 117}]) == pytest.approx(0.03)
    assert per_item([{"seconds": 1.0, "pages": 0, "images": 0, "responses": 3}]) == 1.0


def test_bench_page_prints_every_kind_of_figure_it_makes() -> None:
    """`python -m benchmarks.bench_page` crashed on its page-check figure (no pages, no precision)
    after the speed rows, so it printed no F1 and wrote no --json."""
    from benchmarks.bench_page import describe

    check = figure("page.check_vs_parse.big_pages", 4.1, "x", ratio=7.9,
                   detail={"bytes_per_page": 1_000_000, "shapes": {"a": {}, "b": {}}, "worst_ratio": 7.9,
                           "median_ratio": 4.1})
    assert describe(check) == ["page.check_vs_parse.big_pages: the page check against lexbor's parse, 1 MB pages: "
                               "median 4.1x, worst 7.9x over 2 shapes"]
    blind = figure("page.personal_f1.blind_a", 0.85, "F1",
                   detail={"precision": 0.8, "recall": 0.9, "references": 560, "first_measured": 0.794})
    assert describe(blind) == ["page.personal_f1.blind_a: F1 0.85 P 0.8 R 0.9 (560 references, first measured 0.794)"]
    assert describe(figure("page.x", None, "", error="boom")) == ["page.x: boom"]


def test_audit_figures_are_of_the_durability_the_guard_writes_with(tmp_path: Path) -> None:
    """The append figure was FULL (an fsync per append) while the guard writes NORMAL, the
    policy default; the guard's own decisions and the threads' group commit made no row."""
    from benchmarks.bench_audit import bench_append, bench_threads, bench_verify
    from scrapeguard.policy.model import Audit

    assert Audit().synchronous == "normal"
    append = bench_append(tmp_path, 21)
    assert append["records"] == 20 and append["synchronous"].startswith("NORMAL")
    assert append["records_per_s"] > 0 and append["full.records_per_s"] > 0
    threads = bench_threads(tmp_path, 5, threads=2)
    assert threads["measured"] == threads["normal.grouped.records_per_s"] and "group commit" in threads["unit"]
    rows = {f["name"]: f for f in normalise("audit", {"append": append, "threads": threads})}
    assert rows["audit.append"]["unit"] == "appends/s" and rows["audit.threads"]["error"] is None
    verify = bench_verify(tmp_path, 200)
    assert verify["kib_per_1000_records"] == round(verify["file_bytes"] * 1000 / 200 / 1024, 1)


def test_only_fails_on_its_own_crashes_not_on_older_rows() -> None:
    """`--only memory` exited 1 for a proxy row crashed in an earlier run that its table hid."""
    from benchmarks.run import exit_code

    old = {"bench": "proxy", "name": "proxy.pages", "error": "proxy failed to start"}
    doc = {"figures": [old, {"bench": "memory", "name": "memory.peak_rss_200", "error": None}]}
    assert exit_code(doc, {"memory"}) == 0
    assert exit_code(doc, {"proxy"}) == 1 and exit_code(doc, None) == 1
    unavailable = {"bench": "faces", "name": "faces.x", "error": "not available: no detector"}
    assert exit_code({"figures": [unavailable]}, None) == 0
