"""The compiled page analysis (mypyc, built by hatch_build.py) is the Python sources, faster:
it is used only while it matches them, can be switched off, and gives the same answers."""

from __future__ import annotations

import ast
import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import scrapeguard.detect as detect
from scrapeguard.detect import _native

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _fake_build(tmp_path: Path, record: bool = True) -> Path:
    """A directory shaped like a compiled install: sources, extension files, build record."""
    for name in _native.COMPILED_MODULES:
        (tmp_path / f"{name}.py").write_text(f"NAME = {name!r}\n", encoding="utf-8")
        (tmp_path / f"{name}{SUFFIX}").write_bytes(b"\x7fELF")
    if record:
        sources = {name: _native.source_digest(tmp_path / f"{name}.py") for name in _native.COMPILED_MODULES}
        (tmp_path / _native.BUILD_RECORD).write_text(json.dumps({"sources": sources}), encoding="utf-8")
    return tmp_path


class TestStaleness:
    def test_a_build_that_matches_its_sources_is_used(self, tmp_path: Path) -> None:
        assert _native.stale_reason(_fake_build(tmp_path)) is None

    def test_an_edited_source_makes_the_build_stale(self, tmp_path: Path) -> None:
        here = _fake_build(tmp_path)
        (here / "score.py").write_text("NAME = 'edited'\n", encoding="utf-8")
        assert _native.stale_reason(here) == "score.py changed after it was compiled"

    def test_line_endings_are_not_an_edit(self, tmp_path: Path) -> None:
        here = _fake_build(tmp_path)
        (here / "page.py").write_bytes(b"NAME = 'page'\r\n")
        assert _native.stale_reason(here) is None

    @pytest.mark.parametrize("damage", ["missing", "garbage", "no-sources"])
    def test_without_a_readable_record_the_build_is_not_trusted(self, tmp_path: Path, damage: str) -> None:
        here = _fake_build(tmp_path, record=damage != "missing")
        if damage == "garbage":
            (here / _native.BUILD_RECORD).write_bytes(b"\xff{not json")
        elif damage == "no-sources":
            (here / _native.BUILD_RECORD).write_text('{"compiler": "mypyc"}', encoding="utf-8")
        assert _native.stale_reason(here) == f"no readable build record ({_native.BUILD_RECORD})"

    def test_an_edited_dependency_makes_the_build_stale(self, tmp_path: Path) -> None:
        # base.py / jurisdiction.py are not compiled, but the compiled code checks their types
        (tmp_path / "scrapeguard" / "detect").mkdir(parents=True)
        here = _fake_build(tmp_path / "scrapeguard" / "detect")
        dep = tmp_path / "scrapeguard" / "jurisdiction.py"
        dep.write_text("def registrable_domain(host: str) -> str: ...\n", encoding="utf-8")
        record = json.loads((here / _native.BUILD_RECORD).read_text(encoding="utf-8"))
        record["dependencies"] = {"scrapeguard/jurisdiction.py": _native.source_digest(dep)}
        (here / _native.BUILD_RECORD).write_text(json.dumps(record), encoding="utf-8")
        assert _native.stale_reason(here) is None
        dep.write_text("def registrable_domain(host: str) -> str | None: ...\n", encoding="utf-8")
        assert _native.stale_reason(here) == "scrapeguard/jurisdiction.py changed after the page analysis was compiled"

    def test_a_shared_library_from_another_build_is_not_used(self, tmp_path: Path) -> None:
        (tmp_path / "scrapeguard" / "detect").mkdir(parents=True)
        here = _fake_build(tmp_path / "scrapeguard" / "detect")
        shared = tmp_path / f"{_native.GROUP_NAME}__mypyc{SUFFIX}"
        shared.write_bytes(b"built by this install")
        record = json.loads((here / _native.BUILD_RECORD).read_text(encoding="utf-8"))
        record["built_sha256"] = {shared.name: hashlib.sha256(b"built by this install").hexdigest()}
        (here / _native.BUILD_RECORD).write_text(json.dumps(record), encoding="utf-8")
        assert _native.stale_reason(here) is None
        shared.write_bytes(b"left over from another build")
        assert _native.stale_reason(here) == f"{shared.name} is not the file this build made"
        shared.unlink()
        assert _native.stale_reason(here) == f"{shared.name} is missing"

    def test_a_module_left_uncompiled_makes_the_build_stale(self, tmp_path: Path) -> None:
        here = _fake_build(tmp_path)
        (here / f"social{SUFFIX}").unlink()
        assert _native.stale_reason(here) == "social was not compiled"


def _run(code: str, **env: str) -> str:
    full = {**os.environ, **env}
    if "SCRAPEGUARD_PURE_PYTHON" not in env:
        full.pop("SCRAPEGUARD_PURE_PYTHON", None)
    out = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.strip()


def _package_imports(source: Path) -> list[str]:
    """The project's modules a source imports, as paths relative to the directory holding `scrapeguard/`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scrapeguard"):
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.startswith("scrapeguard")]
        else:
            continue
        found.extend(name.replace(".", "/") + ".py" for name in names)
    root = Path(_native.__file__).resolve().parents[2]
    return [path for path in found if (root / path).is_file()]


def test_every_module_the_compiled_ones_import_is_compiled_before_them_or_a_dependency() -> None:
    """A module left out of both lists would run interpreted under the compiled ones (each call a
    slow generic one), and an edit to it would not make the build stale."""
    compiled = [f"{_native.PACKAGE_DIR}/{name}.py" for name in _native.COMPILED_MODULES]
    here = Path(_native.__file__).resolve().parent
    for i, name in enumerate(_native.COMPILED_MODULES):
        for imported in _package_imports(here / f"{name}.py"):
            if imported in _native.DEPENDENCIES:
                continue
            assert imported in compiled[:i], f"{name} imports {imported}: compile it before {name}, or list it in DEPENDENCIES"


def test_the_loaded_modules_are_the_reported_implementation() -> None:
    expected = "python" if detect.IMPLEMENTATION == "python" else SUFFIX
    for name in _native.COMPILED_MODULES:
        origin = getattr(sys.modules[f"scrapeguard.detect.{name}"], "__file__", "")
        assert origin.endswith(".py" if expected == "python" else SUFFIX), (name, origin)


@pytest.mark.skipif(os.environ.get("SCRAPEGUARD_EXPECT_COMPILED", "") in ("", "0"),
                    reason="only where the install is expected to compile (.ci/run sets SCRAPEGUARD_EXPECT_COMPILED=1)")
def test_the_install_compiled_the_page_analysis() -> None:
    """The build hook falls back to the Python sources when mypyc fails (a type error mypyc's
    mypy run sees, no compiler): the install goes on, but the page analysis is several times
    slower. Where a compiled build is expected, say so instead of running slow unnoticed."""
    assert detect.IMPLEMENTATION == "mypyc", "mypyc compilation failed: see the install log (pip install -v)"


def test_the_environment_variable_selects_the_python_sources() -> None:
    out = _run("import scrapeguard.detect as d; print(d.IMPLEMENTATION, d.page.__file__, d.score.__file__)",
               SCRAPEGUARD_PURE_PYTHON="1")
    impl, page_file, score_file = out.split()
    assert impl == "python" and page_file.endswith("page.py") and score_file.endswith("score.py")


@pytest.mark.skipif(detect.IMPLEMENTATION != "mypyc", reason="the page analysis runs interpreted here (not compiled, or SCRAPEGUARD_PURE_PYTHON is set)")
def test_compiled_and_interpreted_analyses_agree_on_every_labelled_page() -> None:
    code = (
        "import json, pathlib, sys\n"
        "from scrapeguard.detect import IMPLEMENTATION, analyse_page\n"
        "out = {'impl': IMPLEMENTATION, 'pages': {}}\n"
        f"for p in sorted(pathlib.Path({str(PAGES)!r}).glob('*.html')):\n"
        "    a = analyse_page(p.read_bytes(), 'https://www.example.org/section/page.html')\n"
        "    out['pages'][p.name] = [str(a.label), a.error, [[r.url, r.kind, r.personal, r.score, list(r.reasons)]"
        " for r in a.images]]\n"
        "print(json.dumps(out))\n"
    )
    compiled = json.loads(_run(code))
    interpreted = json.loads(_run(code, SCRAPEGUARD_PURE_PYTHON="1"))
    assert (compiled["impl"], interpreted["impl"]) == ("mypyc", "python")
    assert len(compiled["pages"]) >= 50
    assert compiled["pages"] == interpreted["pages"]
