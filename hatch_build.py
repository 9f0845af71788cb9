"""Build hook: compile the per-page image analysis with mypyc when this machine can.

`find_images` runs on every page a crawler fetches and must cost no more than a bare lxml
parse of the page; in plain CPython its context scoring costs several times that on real,
image-dense pages. The modules named in `scrapeguard.detect._native.COMPILED_MODULES`
are plain, type-annotated Python that mypyc turns into one C extension (measured side by side
in `benchmarks/bench_page.py`). The Python sources stay in the package and remain the
reference: when compilation is impossible (no C compiler, an unsupported interpreter) the
build carries on without it and the same code runs interpreted.

Editable installs (`pip install -e .`) put the extension next to the sources; a build record
(`_native.json`, the SHA-256 of each compiled source) lets `scrapeguard.detect` notice an
edited source and fall back to it instead of running stale compiled code. Set
SCRAPEGUARD_PURE_PYTHON=1 to skip compilation (at build time) or the extension (at run time).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _load_native() -> Any:
    """`scrapeguard/detect/_native.py` by path: the build environment has none of the
    package's dependencies, so the package itself cannot be imported here."""
    path = Path(__file__).resolve().parent / "scrapeguard" / "detect" / "_native.py"
    spec = importlib.util.spec_from_file_location("_scrapeguard_native_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_NATIVE = _load_native()
BUILD_RECORD: str = _NATIVE.BUILD_RECORD
COMPILED_MODULES: tuple[str, ...] = _NATIVE.COMPILED_MODULES
DEPENDENCIES: tuple[str, ...] = _NATIVE.DEPENDENCIES
ENV_PURE_PYTHON: str = _NATIVE.ENV_PURE_PYTHON
GROUP_NAME: str = _NATIVE.GROUP_NAME
PACKAGE_DIR: str = _NATIVE.PACKAGE_DIR
source_digest = _NATIVE.source_digest


class MypycBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        self._scratch: Path | None = None
        if os.environ.get(ENV_PURE_PYTHON, "").strip() not in ("", "0"):
            self.app.display_info(f"scrapeguard: {ENV_PURE_PYTHON} is set; not compiling the page analysis")
            if version == "editable":
                _remove_in_tree_build(root)  # an earlier editable build's files would still be used
            return
        started = time.monotonic()
        self._scratch = Path(tempfile.mkdtemp(prefix="scrapeguard-mypyc-"))
        try:
            built = _compile(root, self._scratch)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - mypyc reports type errors with sys.exit
            self.app.display_warning(
                f"scrapeguard: mypyc compilation skipped ({type(exc).__name__}: {str(exc)[:300]}); "
                "the page analysis will run as plain Python"
            )
            if version == "editable":
                _remove_in_tree_build(root)
            self._cleanup()
            return
        self.app.display_info(f"scrapeguard: compiled {len(COMPILED_MODULES)} modules with mypyc "
                              f"in {time.monotonic() - started:.0f} s")
        if version == "editable":
            for rel, path in built.items():
                target = root / rel
                staging = target.with_name(target.name + ".new")
                shutil.copy2(path, staging)
                os.replace(staging, target)  # never rewrite a library a running process has mapped
            self._cleanup()
            return
        build_data["force_include"].update({str(path): rel for rel, path in built.items()})
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
            self._scratch = None


def _remove_in_tree_build(root: Path) -> None:
    """The extension files and record an earlier editable build left next to the sources."""
    here = root / PACKAGE_DIR
    for name in COMPILED_MODULES:
        for path in here.glob(f"{name}.*"):
            if path.suffix in (".so", ".pyd"):
                path.unlink(missing_ok=True)
    (here / BUILD_RECORD).unlink(missing_ok=True)
    for path in root.glob(f"{GROUP_NAME}__mypyc.*"):
        if path.suffix in (".so", ".pyd"):
            path.unlink(missing_ok=True)


def _compile(root: Path, scratch: Path) -> dict[str, Path]:
    """Compile with mypyc and setuptools in `scratch`: {path in the wheel: file}."""
    from mypy.version import __version__ as mypy_version
    from mypyc.build import mypycify
    from setuptools import Distribution

    out = scratch / "lib"
    sources = [f"{PACKAGE_DIR}/{name}.py" for name in COMPILED_MODULES]
    cwd = os.getcwd()
    os.chdir(root)
    try:
        extensions = mypycify(
            [*sources, "--ignore-missing-imports", "--follow-imports=silent",
             f"--cache-dir={scratch / 'mypy-cache'}"],
            opt_level="3",
            group_name=GROUP_NAME,
            target_dir=str(scratch / "c"),
        )
        dist = Distribution({"name": "scrapeguard-native", "ext_modules": extensions})
        command = dist.get_command_obj("build_ext")
        command.build_lib = str(out)  # type: ignore[attr-defined]
        command.build_temp = str(scratch / "obj")  # type: ignore[attr-defined]
        command.inplace = 0  # type: ignore[attr-defined]
        dist.run_command("build_ext")
    finally:
        os.chdir(cwd)
    built = {str(p.relative_to(out)): p for p in out.rglob("*") if p.is_file()}
    record = scratch / BUILD_RECORD
    record.write_text(json.dumps({
        "compiler": f"mypyc {mypy_version}",
        "python": sys.version.split()[0],
        "sources": {name: source_digest(root / PACKAGE_DIR / f"{name}.py") for name in COMPILED_MODULES},
        "dependencies": {rel: source_digest(root / rel) for rel in DEPENDENCIES},
        "built_sha256": {rel: hashlib.sha256(p.read_bytes()).hexdigest() for rel, p in sorted(built.items())},
    }, indent=1), encoding="utf-8")
    built[f"{PACKAGE_DIR}/{BUILD_RECORD}"] = record
    return built
