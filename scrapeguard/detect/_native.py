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
COMPILED_MODULES: tuple[str, ...] = ("context_words", "score", "social", "page")
GROUP_NAME = "scrapeguard_detect"
BUILD_RECORD = "_native.json"
ENV_PURE_PYTHON = "SCRAPEGUARD_PURE_PYTHON"


def source_digest(path: Path) -> str:
    """SHA-256 of a source file with line endings normalised (a checkout's CRLF is no edit)."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def _has_extension(here: Path, name: str) -> bool:
    return any((here / f"{name}{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def stale_reason(here: Path) -> str | None:
    """Why the compiled modules in `here` must not be used, or None when they match."""
    try:
        record = json.loads((here / BUILD_RECORD).read_text(encoding="utf-8"))
        recorded = record["sources"]
    except (OSError, ValueError, KeyError, TypeError):
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
    return None


def _load_sources(here: Path) -> None:
    package = sys.modules.get(PACKAGE)
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
    here = Path(__file__).resolve().parent
    if not any(_has_extension(here, name) for name in COMPILED_MODULES):
        return "python"
    if os.environ.get(ENV_PURE_PYTHON, "").strip() not in ("", "0"):
        reason = None
    else:
        reason = stale_reason(here)
        if reason is None:
            return "mypyc"
        log.warning("scrapeguard: not using the compiled page analysis: %s; running the Python sources "
                    "(reinstall the package to recompile)", reason)
    if any(f"{PACKAGE}.{name}" in sys.modules for name in COMPILED_MODULES):
        return _imported_kind()
    _load_sources(here)
    return "python"


def _imported_kind() -> str:
    """Too late to choose (a module was imported already): report what is loaded."""
    module = sys.modules.get(f"{PACKAGE}.page")
    origin = getattr(module, "__file__", "") or ""
    return "python" if origin.endswith(".py") else "mypyc"
