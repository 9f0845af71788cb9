"""Which implementation of the per-page analysis runs: mypyc-compiled or the Python sources.

The build (`hatch_build.py`) compiles `COMPILED_MODULES` into one C extension when a compiler
is available and writes a build record with the SHA-256 of each source it compiled. Python
imports an extension module before a source file of the same name, so after an edit to one of
those sources (an editable install) the extension would silently run the old code; `activate`
compares the record with the sources on disk and, when they differ or SCRAPEGUARD_PURE_PYTHON
is set, loads the sources instead — before anything imports them. Standard library only: the
build hook loads this file by path, without the package's dependencies.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("scrapeguard")

PACKAGE = "scrapeguard.detect"
PACKAGE_DIR = "scrapeguard/detect"
# In import order: each one imports only the ones before it.
COMPILED_MODULES: tuple[str, ...] = ("context_words", "credits", "names", "phrases", "served", "score", "social",
                                     "tree_walks", "page_source", "css_refs", "photo_keys", "page_urls", "page_refs",
                                     "page_jsonld", "page_context", "page")
# Plain modules the compiled ones import from: mypyc checks their types at run time (and page_source
# reads its charset table from resource), so an edit to them also makes a build stale. Paths
# relative to the directory holding `scrapeguard/`.
DEPENDENCIES: tuple[str, ...] = ("scrapeguard/detect/base.py", "scrapeguard/jurisdiction.py", "scrapeguard/resource.py",
                                 "scrapeguard/detect/inline.py", "scrapeguard/pieces.py")
GROUP_NAME = "scrapeguard_detect"
BUILD_RECORD = "_native.json"
ENV_PURE_PYTHON = "SCRAPEGUARD_PURE_PYTHON"


def source_digest(path: Path) -> str:
    """SHA-256 of a source file with line endings normalised (a checkout's CRLF is no edit)."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def _has_extension(here: Path, name: str) -> bool:
    return any((here / f"{name}{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def stale_reason(here: Path) -> str | None:
    """Why the compiled modules in `here` must not be used, or None when they match: every
    compiled source and dependency as recorded, every built file (the shims here and mypyc's
    shared library beside the package) present with the recorded digest."""
    try:
        record = json.loads((here / BUILD_RECORD).read_text(encoding="utf-8"))
        recorded = record["sources"]
        dependencies = record.get("dependencies", {})
        built = record.get("built_sha256", {})
        if not isinstance(recorded, dict) or not isinstance(dependencies, dict) or not isinstance(built, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"no readable build record ({BUILD_RECORD})"
    for name in COMPILED_MODULES:
        if not _has_extension(here, name):
            return f"{name} was not compiled"
        source = here / f"{name}.py"
        try:
            if recorded.get(name) != source_digest(source):
                return f"{name}.py changed after it was compiled"
        except OSError:
            return f"{name}.py is unreadable"
    root = here.parent.parent
    for rel in DEPENDENCIES:
        if rel in dependencies:
            try:
                if dependencies[rel] != source_digest(root / rel):
                    return f"{rel} changed after the page analysis was compiled"
            except OSError:
                return f"{rel} is unreadable"
    for rel, digest in built.items():
        try:
            if hashlib.sha256((root / rel).read_bytes()).hexdigest() != digest:
                return f"{rel} is not the file this build made"
        except OSError:
            return f"{rel} is missing"
    return None


def _load_sources(here: Path) -> None:
    package = sys.modules.get(PACKAGE)
    for name in COMPILED_MODULES:
        sys.modules.pop(f"{PACKAGE}.{name}", None)  # a compiled module that failed half-way
    for name in COMPILED_MODULES:
        fullname = f"{PACKAGE}.{name}"
        spec = importlib.util.spec_from_file_location(fullname, here / f"{name}.py")
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {fullname} from its source")
        module = importlib.util.module_from_spec(spec)
        sys.modules[fullname] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[fullname]
            raise
        if package is not None:
            setattr(package, name, module)


def activate() -> str:
    """"mypyc" when the compiled modules are current and wanted, else "python" (after loading
    the sources). Must run before any of `COMPILED_MODULES` is imported."""
    if any(f"{PACKAGE}.{name}" in sys.modules for name in COMPILED_MODULES):
        return _imported_kind()  # too late to choose (a second call): report what is loaded
    here = Path(__file__).resolve().parent
    if not any(_has_extension(here, name) for name in COMPILED_MODULES):
        return "python"
    if os.environ.get(ENV_PURE_PYTHON, "").strip() not in ("", "0"):
        _load_sources(here)
        return "python"
    reason = stale_reason(here) or _import_compiled(here.parent.parent)
    if reason is None:
        return "mypyc"
    log.warning("scrapeguard: not using the compiled page analysis: %s; running the Python sources "
                "(reinstall the package to recompile)", reason)
    _load_sources(here)
    return "python"


def _import_compiled(root: Path) -> str | None:
    """Import the compiled modules now (in order); why they could not be, or None. Their
    shared library must be the one beside this package, not another tree's on sys.path."""
    for name in COMPILED_MODULES:
        try:
            importlib.import_module(f"{PACKAGE}.{name}")
        except Exception as exc:  # noqa: BLE001 - an ABI or loader problem: use the sources
            return f"the compiled {name} does not import ({type(exc).__name__}: {str(exc)[:200]})"
    shared = sys.modules.get(f"{GROUP_NAME}__mypyc")
    origin = getattr(shared, "__file__", None)
    if origin is None or Path(origin).resolve().parent != root.resolve():
        return f"its shared library was loaded from {origin or 'nowhere'}, not from {root}"
    return None


def _imported_kind() -> str:
    """Too late to choose (a module was imported already): report what is loaded."""
    module = sys.modules.get(f"{PACKAGE}.page")
    origin = getattr(module, "__file__", "") or ""
    return "python" if origin.endswith(".py") else "mypyc"
