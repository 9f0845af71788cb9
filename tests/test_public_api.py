"""The public API as DESIGN.md §3 and the README give it to outside callers: names, call shapes,
return types and field names. Black-box: only what those documents say is imported or read."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

import scrapeguard
from scrapeguard import Decision, Guard, PolicyError, load_policy
from sitekit import Site, html, text

UA = "ExampleBot/1.0 (+https://example.org/bot)"
PORTRAIT = Path(scrapeguard.__file__).parent / "demo" / "assets" / "portrait.jpg"
PAGE = '<html><body><img src="/a.jpg" alt="Portrait of Jane Doe, our CEO"></body></html>'


@pytest.fixture
def served(site: Site) -> Site:
    site.routes.update({"/robots.txt": text("User-agent: *\nDisallow: /private/\n"), "/team.html": html(PAGE)})
    return site


def test_the_package_exports_what_design_names() -> None:
    assert {"Guard", "Decision", "load_policy", "PolicyError"} <= set(scrapeguard.__all__)


def test_load_policy_takes_the_documented_path_and_a_shipped_id() -> None:
    assert load_policy("policies/gdpr-strict.toml", warn=False).id == load_policy("gdpr-strict", warn=False).id


def test_a_policy_error_names_the_file_the_key_path_and_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text((Path(__file__).parents[1] / "policies" / "gdpr-strict.toml").read_text()
                    .replace('usage = "train-ai"', 'usage = "training"'))
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert info.value.path == str(path)
    [(key, reason)] = info.value.problems
    assert key == "purpose[web-text-corpus].usage" and "training" in reason


def test_each_check_returns_a_decision_of_the_documented_shape(served: Site) -> None:
    with Guard(load_policy("gdpr-strict", warn=False), user_agent=UA, purpose=None, audit=False) as guard:
        before = guard.check_request(served.url("/private/hr.html"))
        page = guard.check_url(served.url("/team.html"))
        answer = guard.check_response(served.url("/x.html"), status=200, headers={"content-type": "text/html"},
                                      body=PAGE.encode())
    assert all(isinstance(d, Decision) for d in (before, page, answer))
    assert (before.action, before.allowed) == ("block", False)
    assert [f.code for f in before.findings] == ["robots.disallow"]
    finding = before.findings[0]
    assert (finding.kind, type(finding.detail), type(finding.source)) == ("opt_out", str, str)
    assert page.action in ("allow", "log", "redact", "block") and page.allowed is True
    [image] = page.images
    assert (image.src, image.url, image.kind) == ("/a.jpg", served.url("/a.jpg"), "img")
    assert image.personal is True and 0 <= image.score <= 1 and image.reasons and image.action == "redact"
    assert json.loads(json.dumps(page.to_dict()))["action"] == page.action


def test_the_async_twins_decide_alike(served: Site) -> None:
    async def both() -> tuple[Decision, Decision]:
        with Guard("gdpr-strict", user_agent=UA, audit=False) as guard:
            return (await guard.acheck_request(served.url("/private/hr.html")),
                    await guard.acheck_url(served.url("/team.html")))

    before, page = asyncio.run(both())
    assert (before.action, page.action) == ("block", "redact")


def test_robots_txt_and_the_detectors_are_public() -> None:
    from scrapeguard.detect import detect_faces, find_images
    from scrapeguard.signals.robots import RobotsTxt

    robots = RobotsTxt.parse("User-agent: *\nDisallow: /p/\n")
    assert robots.allows("https://cdn.example/p/a.jpg", "ExampleBot/1.0") is False
    assert robots.allows("https://cdn.example/q/a.jpg", "ExampleBot/1.0") is True
    [ref] = find_images(PAGE, "https://site.example/team/")
    assert (ref.src, ref.url, ref.kind, ref.personal) == ("/a.jpg", "https://site.example/a.jpg", "img", True)
    [face] = detect_faces(PORTRAIT.read_bytes())
    assert len(face.box) == 4 and 0 < face.score <= 1


def test_a_guard_writes_the_audit_log_it_is_given_which_verifies(served: Site, tmp_path: Path) -> None:
    from scrapeguard.audit import AuditLog

    log = AuditLog.open(str(tmp_path / "decisions.sqlite"))
    try:
        with Guard("gdpr-strict", user_agent=UA, audit=log) as guard:
            guard.check_url(served.url("/team.html"))
        result = log.verify()
        assert result.ok is True and result.count >= 2
    finally:
        log.close()


def test_the_lazily_imported_names_are_listed_as_the_package_holds_them() -> None:
    """They are imported on first use (PEP 562), so `dir(scrapeguard)` and `help(scrapeguard)` left out
    Guard, Decision and the rest until something had touched them."""
    import subprocess
    import sys

    listed = subprocess.run([sys.executable, "-c", "import scrapeguard; print(sorted(dir(scrapeguard)))"],
                            capture_output=True, text=True, check=True).stdout
    assert all(repr(name) in listed for name in scrapeguard.__all__)
