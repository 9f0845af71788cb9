"""The examples do what examples/README.md says they do, against the local demo site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from forkrun import ForkRunner
from sitekit import Site, html

from scrapeguard.demo.site import DemoSite, start_demo_site

pytestmark = pytest.mark.slow  # (a real Scrapy crawl, in a subprocess)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def demo_site() -> Iterator[DemoSite]:
    site = start_demo_site()
    yield site
    site.close()


def test_the_scrapy_example_logs_a_refused_image_as_one_info_line_not_an_error(demo_site: DemoSite,
                                                                              tmp_path: Path) -> None:
    """examples/README.md said ImagesPipeline logs an image the guard refused as an ERROR with a
    traceback; the add-on's own ImagesPipeline (in place of the stock one settings.py names) logs
    it as one INFO line on the 'scrapeguard' logger, and the crawl logs no ERROR at all."""
    project = shutil.copytree(EXAMPLES / "scrapy_project", tmp_path / "scrapy_project")  # (images, feed, audit)
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"base={demo_site.base}"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=180)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-2000:]
    assert "<class 'scrapeguard.scrapy._pipelines.ImagesPipeline'>" in log
    refusals = [line for line in log.splitlines() if "image not downloaded:" in line]
    assert refusals and all("[scrapeguard] INFO: scrapeguard: image not downloaded: " in line
                            and "refused by the guard (" in line and "; decision " in line for line in refusals)
    assert " ERROR" not in log and "Traceback" not in log
    assert any((project / "images" / "full").iterdir())  # the images the policy allows are stored


def test_the_httpx_example_crawls_past_a_page_without_markup_and_a_link_no_url_can_be_made_of(
        site_factory: Callable[..., Site], tmp_path: Path) -> None:
    """A page lxml finds empty (a bare doctype) or a link such as `http://[::1` raised in a worker,
    which died unseen: at --concurrency 1 the crawl then waited for ever. It skips both and goes on."""
    site = site_factory({
        "/": html('<a href="/stub.html">stub</a> <a href="http://[::1">broken</a> <a href="/next.html">next</a>'),
        "/stub.html": html("<!DOCTYPE html>\n"),
        "/next.html": html("<p>reached</p>"),
    })
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, str(EXAMPLES / "httpx_crawler.py"), "--base", site.base,
                          "--concurrency", "1", "--audit", str(tmp_path / "httpx-audit.sqlite")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    assert sorted(line.split()[2] for line in run.stdout.splitlines() if line.startswith("200 ")) == [
        site.url("/"), site.url("/next.html"), site.url("/stub.html")]


def test_the_httpx_example_says_every_action_under_an_audit_mode_policy_is_audit_only(
        site_factory: Callable[..., Site], tmp_path: Path) -> None:
    """(A new user's walk: under log-only an allowed URL read "allow", the others "block (audit only)".)"""
    site = site_factory({"/": html('<a href="/next.html">next</a>'), "/next.html": html("<p>reached</p>")})
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, str(EXAMPLES / "httpx_crawler.py"), "--base", site.base,
                          "--policy", "log-only", "--concurrency", "1"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    rows = [line for line in run.stdout.splitlines() if line.startswith("200 ")]
    assert len(rows) == 2 and all(line.split()[1:3] == ["allow", "(audit"] for line in rows), run.stdout


def test_the_sdist_carries_the_examples_and_benchmarks_its_tests_use() -> None:
    """The sdist shipped tests/ but not examples/ (only its README) nor benchmarks/: from an unpacked
    sdist, tests/test_examples.py found no example to run and tests/benchmarks no module to import."""
    import tomllib

    root = EXAMPLES.parent
    include = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["sdist"]
    assert "tests" in include["include"]
    assert {"examples", "benchmarks", "docs"} <= set(include["include"])


@pytest.mark.parametrize(("args", "said"), [
    (["--concurrency", "0"], "argument --concurrency: 0: at least 1"),  # no worker: the crawl waited for ever
    (["--policy", "gdpr-strcit"], "error: gdpr-strcit: no such file, and no shipped policy of that id"),
    (["--purpose", "nope"], "error: policy 'gdpr-strict' has no purpose 'nope'"),
])
def test_the_httpx_example_refuses_what_it_cannot_run_with_in_one_line(args: list[str], said: str,
                                                                      tmp_path: Path) -> None:
    """A typo in the example's options was a PolicyError traceback (exit 1), and `--concurrency 0`
    never ended; each is one line on stderr and exit 2, before anything is fetched."""
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, str(EXAMPLES / "httpx_crawler.py"), "--base", "http://127.0.0.1:9", *args],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and said in run.stderr and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.stdout == ""


README = EXAMPLES.parent / "README.md"
DOCS = EXAMPLES.parent / "docs"


def test_the_readmes_scrapy_settings_in_a_new_project_record_every_robots_txt_refusal(demo_site: DemoSite,
                                                                                     tmp_path: Path) -> None:
    """The README's Scrapy settings, added to the settings.py `scrapy startproject` writes (it says
    ROBOTSTXT_OBEY = True), left Scrapy's robots middleware refusing /private/ before the guard saw it:
    a startup WARNING, and no record of the refusal in the log the README names. The settings the
    README shows make the guard the one that obeys robots.txt, and the log holds its refusal."""
    block = re.search(r"\*\*Scrapy\*\* \(2\.13 or later\) — in `settings.py`[^`]*`ADDONS = \{\}`.*?:\n\n```python\n(.*?)```",
                      README.read_text(), re.S)
    assert block, "the README's Scrapy settings"
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    subprocess.run([sys.executable, "-m", "scrapy", "startproject", "newcrawl"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    project = tmp_path / "newcrawl"
    settings = project / "newcrawl" / "settings.py"
    assert "ROBOTSTXT_OBEY = True" in settings.read_text()  # (what the template says)
    settings.write_text(settings.read_text() + "\n" + block.group(1))
    (project / "newcrawl" / "spiders" / "site.py").write_text(
        "import scrapy\n\n\nclass Site(scrapy.Spider):\n    name = 'site'\n"
        f"    start_urls = ['{demo_site.base}/private/hr.html', '{demo_site.base}/']\n\n"
        "    def parse(self, response):\n        yield {'url': response.url}\n")
    run = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "site"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=180)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-2000:]
    assert "ROBOTSTXT_OBEY" not in log, log[-2000:]
    # (nor Scrapy's UserWarning that its `br` decoding needs brotli 1.2, which the proxy extra holds back: the
    # guard's middleware, in place of Scrapy's, undoes `br` itself; it was printed on stderr, naming our file)
    assert "'br' encoding support" not in log, log[-2000:]
    listed = subprocess.run([sys.executable, "-m", "scrapeguard", "audit", "list", "--log", "decisions.sqlite",
                             "--code", "robots.disallow", "--json"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    # (its URL is kept as a keyed hash only, and the rule, which quotes its path, as <path>)
    assert '"block: robots.txt `Disallow: <path>`' in listed.stdout


def test_the_readme_names_every_kind_of_finding_and_the_shipped_log(tmp_path: Path) -> None:
    """A new user met codes (`content_usage.n`, `tdmrep.reserved`) and kinds in every table and record,
    and the README said neither what decides a kind nor where a crawl that names no log writes it. It
    names each kind the guard gives a finding, and the shipped policies' log, the audit commands' default."""
    from scrapeguard.audit.cli import DEFAULT_LOG
    from scrapeguard.decision import FINDING_KINDS
    from scrapeguard.policy import load_policy
    from scrapeguard.policy.loader import SHIPPED_POLICY_IDS

    said = " ".join((DOCS / "command-line.md").read_text().split())
    kinds = re.search(r"Its `kind` names the policy key that set its action: (.*?) always blocks", said)
    assert kinds, "the command line's paragraph on codes and kinds"
    assert set(re.findall(r"`([a-z_]+)`", kinds.group(1))) >= set(FINDING_KINDS)
    said = " ".join((DOCS / "audit-log.md").read_text().split())
    where = re.search(r"the policy's `\[audit\] sink`, in the working directory: (.*?) \|", said)
    assert where, "the audit log's sentence on where a crawl writes its log"
    for policy_id in SHIPPED_POLICY_IDS:
        sink = load_policy(policy_id, warn=False).audit.sink
        assert re.search(rf"`{re.escape(str(sink))}` for (`[a-z0-9-]+` and )?`{policy_id}`", where.group(1)), policy_id
    assert f"`{DEFAULT_LOG}` for `gdpr-strict` and `log-only` (the `audit` commands' default `--log`)" in where.group(1)


def test_every_option_of_the_httpx_example_says_in_help_what_it_does(tmp_path: Path) -> None:
    """`httpx_crawler.py --help` listed a bare --purpose, --user-agent and --max-urls: a new user
    reads --help first, so every option there says what it does."""
    run = subprocess.run([sys.executable, str(EXAMPLES / "httpx_crawler.py"), "--help"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    options = run.stdout.split("options:", 1)[1]
    entries = re.split(r"\n  (?=-)", options.strip())  # one entry per option, its help after the metavar
    bare = [entry.split()[0] for entry in entries if len(entry.split()) <= 2]
    assert entries and bare == []


def test_the_httpx_example_under_an_audit_mode_policy_says_what_it_would_do_not_that_it_did(
        demo_site: DemoSite, tmp_path: Path) -> None:
    """Under `log-only` (audit mode, as the README advises while a policy is rolled out) every page
    comes back as the site sent it, but the example printed `200  block  …/private/hr.html` and
    counted it among the blocks: a new user read that robots.txt was obeyed. The would-be action
    reads `block (audit only)`, as the demo and `scrapeguard check` show it (X-Scrapeguard-Mode)."""
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, str(EXAMPLES / "httpx_crawler.py"), "--base", demo_site.base,
                          "--policy", "log-only", "--audit", str(tmp_path / "httpx-audit.sqlite")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    *lines, summary = run.stdout.splitlines()
    rows = {re.findall(r"http://\S+", line)[0]: line for line in lines}
    hr = rows[f"{demo_site.base}/private/hr.html"]
    assert hr.startswith("200  block (audit only) "), hr
    assert not [line for line in rows.values() if re.match(r"\d+  (block|redact) (?!\(audit only\))", line)]
    assert "'block': " not in summary and "'block (audit only)': " in summary


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None, reason="needs curl and bash")
def test_the_proxy_walkthrough_under_an_audit_mode_policy_says_what_it_would_do_not_that_it_did(
        demo_site: DemoSite, tmp_path: Path) -> None:
    """`POLICY=log-only examples/proxy_curl.sh` printed `200  block  …/private/hr.html`: the proxy
    passed the page as the site sent it, only recording the block. The line says `block (audit
    only)` (X-Scrapeguard-Mode: audit), as the demo and `scrapeguard check` do. (Run again on another
    port when the one chosen was taken before the proxy listened: the other test worker binds ports too.)"""
    from e2e.conftest import free_port

    for _ in range(5):
        env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1", "POLICY": "log-only", "PROXY_PORT": str(free_port()),
               "AUDIT": str(tmp_path / "proxy-audit.sqlite"), "CONFDIR": str(tmp_path / "mitmproxy"),
               "SCRAPEGUARD": f"{sys.executable} -m scrapeguard"}
        run = subprocess.run(["bash", str(EXAMPLES / "proxy_curl.sh"), demo_site.base, demo_site.cdn_base],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        if run.returncode == 0 or "Address already in use" not in run.stderr:
            break
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    hr = next(line for line in run.stdout.splitlines() if line.startswith("200 ") and "/private/hr.html" in line)
    assert hr.startswith("200  block (audit only) "), hr
    assert not re.search(r"^\d+  (block|redact) (?!\(audit only\))", run.stdout, re.M), run.stdout
    # every row says so, an allowed one too (it carries no X-Scrapeguard-Mode field), and what follows the rows
    # is not called a 451's JSON body, as nothing was refused (a new user's walk, session 66)
    assert not re.search(r"^\d+  allow (?!\(audit only\))", run.stdout, re.M), run.stdout
    assert "451 JSON body" not in run.stdout and "in audit mode only what an erasure suppressed" in run.stdout


def test_the_scrapy_crawl_through_a_proxy_in_audit_mode_records_what_it_would_do_not_that_it_did(
        demo_site: DemoSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`site_via_proxy` through `scrapeguard proxy --policy log-only` wrote `"guard_action": "redact"`
    into items.jsonl for pages that came through whole, portraits and all: the item says `redact
    (audit only)` (X-Scrapeguard-Mode: audit), as the demo and `scrapeguard check` do."""
    import json

    from e2e.conftest import ProxyProcess  # (a port taken before the proxy listened: it starts again elsewhere)

    monkeypatch.setenv("SCRAPEGUARD_PURE_PYTHON", "1")
    proxy = ProxyProcess(tmp_path, "--policy", "log-only", "--audit", str(tmp_path / "proxy-audit.sqlite"))
    try:
        project = shutil.copytree(EXAMPLES / "scrapy_project", tmp_path / "scrapy_project")
        run = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "site_via_proxy", "-a", f"base={demo_site.base}",
                              "-a", f"proxy={proxy.url}"], cwd=project,
                             capture_output=True, text=True, timeout=180)
    finally:
        proxy.stop(timeout=30)
    assert run.returncode == 0, (run.stdout + run.stderr)[-2000:]
    items = {item["url"]: item for item in map(json.loads, (project / "items.jsonl").read_text().splitlines())}
    assert items[f"{demo_site.base}/team.html"]["guard_action"] == "redact (audit only)"
    assert items[f"{demo_site.base}/private/hr.html"]["guard_action"] == "block (audit only)"


def test_the_scrapy_example_in_audit_mode_records_what_it_would_do_not_that_it_did(
        demo_site: DemoSite, tmp_path: Path) -> None:
    """`site` (the add-on) under `-s SCRAPEGUARD_POLICY=log-only` says of a page it let through whole, portraits
    and all, what it would do (`redact (audit only)`), as the proxy crawl does, not that it redacted it."""
    import json

    project = shutil.copytree(EXAMPLES / "scrapy_project", tmp_path / "scrapy_project")
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"base={demo_site.base}",
                          "-s", "SCRAPEGUARD_POLICY=log-only"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, (run.stdout + run.stderr)[-2000:]
    items = {item["url"]: item for item in map(json.loads, (project / "items.jsonl").read_text().splitlines())}
    assert items[f"{demo_site.base}/team.html"]["guard_action"] == "redact (audit only)"
    assert not any(item["guard_action"] in ("block", "redact") for item in items.values())


def test_the_scrapy_crawl_through_a_proxy_hands_no_picture_the_proxy_removed_to_the_images_pipeline(
        site_factory: Callable[..., Site], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page the proxy redacted keeps an inline portrait as `data:,`; Scrapy reads a data: URI itself (no
    request reaches the proxy), so the stock ImagesPipeline failed it as "empty-content", a WARNING and an ERROR
    with a traceback in a crawl where nothing went wrong. The example's items do not list such a picture."""
    import base64
    import json

    from e2e.conftest import ProxyProcess  # (a port taken before the proxy listened: it starts again elsewhere)

    portrait = base64.b64encode((Path(__file__).resolve().parents[1] / "scrapeguard/demo/assets/portrait.jpg")
                                .read_bytes()).decode()
    site = site_factory({"/": html(f'<title>Team</title><img src="data:image/jpeg;base64,{portrait}" '
                                   'alt="Portrait of Jane Doe, our CEO">')})
    monkeypatch.setenv("SCRAPEGUARD_PURE_PYTHON", "1")
    proxy = ProxyProcess(tmp_path, "--audit", str(tmp_path / "proxy-audit.sqlite"))
    try:
        project = shutil.copytree(EXAMPLES / "scrapy_project", tmp_path / "scrapy_project")
        run = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "site_via_proxy", "-a", f"base={site.base}",
                              "-a", f"proxy={proxy.url}"], cwd=project,
                             capture_output=True, text=True, timeout=180)
    finally:
        proxy.stop(timeout=30)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-2000:]
    [item] = map(json.loads, (project / "items.jsonl").read_text().splitlines())
    assert item["guard_action"] == "redact" and item["image_urls"] == []
    assert "empty-content" not in log and " ERROR" not in log and "Traceback" not in log, log[-2000:]


def test_the_proxy_crawl_stores_apart_and_fetches_every_image_again_so_the_proxy_judges_each() -> None:
    """(A new user's walk, session 66) After `scrapy crawl site`, `site_via_proxy` listed every image `site` had
    stored as Scrapy's "uptodate": never downloaded, so never through the proxy, whose policy refused some of
    them. It keeps a store of its own and lets no stored copy stand in for a download."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("example_spiders", EXAMPLES / "scrapy_project/demo_crawl/spiders/site.py")
    assert spec is not None and spec.loader is not None
    spiders = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(spiders)
    via_proxy = spiders.SiteViaProxySpider.custom_settings
    settings = (EXAMPLES / "scrapy_project/demo_crawl/settings.py").read_text()
    assert via_proxy["IMAGES_EXPIRES"] == 0
    assert f'IMAGES_STORE = "{via_proxy["IMAGES_STORE"]}"' not in settings and "IMAGES_STORE" in settings


# The audit commands run in processes forked from one that imported the command line (~1.4 s a command saved)
COMMANDS = ForkRunner(["scrapeguard.cli", "scrapeguard.audit.cli", "scrapeguard.proxy.cli"],
                      env={"SCRAPEGUARD_PURE_PYTHON": "1"})


def _audit_commands(text: str) -> list[str]:
    """The `scrapeguard audit` and `openssl` command lines of a text, in order (the README's of its
    section "The audit log")."""
    if "## The audit log" in text:
        text = text.split("## The audit log", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", text, re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith(("scrapeguard audit", "openssl"))]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the audit log's signing key is made with openssl")
@pytest.mark.parametrize("document", ["README.md", "docs/audit-log.md"])
def test_the_documented_audit_commands_run_in_order_as_written_on_the_demos_log(document: str, tmp_path: Path) -> None:
    """A new user running the audit commands of the README, or of the audit log's page, one after the
    other: the signing block wrote its signed checkpoints into the `checkpoints.jsonl` the block before
    had filled unsigned, and its `checkpoint --sign-key` and `verify --verify-key` both exited 1
    (TAMPERED). Each runs, exit 0."""
    import shlex

    from scrapeguard.demo.run import run_demo

    (tmp_path / "scrapeguard").symlink_to(EXAMPLES.parent / "scrapeguard")  # (`--image scrapeguard/demo/assets/…`)
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert run_demo(audit="scrapeguard-demo.sqlite") == 0
    finally:
        os.chdir(cwd)
    commands = _audit_commands((EXAMPLES.parent / document).read_text())
    assert any(line.startswith("scrapeguard audit erase") for line in commands)
    if document.startswith("docs/"):
        assert any("--sign-key" in line for line in commands) and any("--verify-key" in line for line in commands)
    for line in commands:
        argv = shlex.split(line, comments=True)
        if argv[0] == "openssl":
            run = subprocess.run(line, shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        else:
            out = None
            if ">" in argv:  # `export --format csv > decisions.csv`
                argv, out = argv[:argv.index(">")], argv[argv.index(">") + 1]
            run = COMMANDS.run(["-m", "scrapeguard", *argv[1:]], cwd=tmp_path, env=env, timeout=120)
            if out is not None:
                (tmp_path / out).write_text(run.stdout)
        assert run.returncode == 0, f"{line}\n{run.stdout[-1000:]}{run.stderr[-1000:]}"
