"""Read a TOML policy, resolve `extends`, validate, and fingerprint it.

Errors always name the file, the key path with purposes and overrides by their id
(`purpose[web-corpus].basis.art6_evidence`), and the reason; TOML syntax errors give
the line. The crawler must not start on a policy that fails here.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import errno
import functools
import hashlib
import json
import logging
import os
import re
import stat
import sys
import tomllib
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from scrapeguard.policy.errors import PolicyError
from scrapeguard.policy.model import ACTION_ORDER, PATTERN_WORDS, SIGNAL_ORDER, Policy, gdpr_letter

log = logging.getLogger("scrapeguard")
MAX_POLICY_BYTES = 1024 * 1024
MAX_EXTENDS_DEPTH = 8
# parts of a dotted key or table name, and levels of tables and arrays: a shipped policy's deepest is 6
# (purpose[0].basis.art9_evidence.safeguards[0]); a key of 500 parts crashed the merge, of 20,000 (40 kB) held
# tomllib 6 s and 1.6 GB
MAX_NESTING = 32
MAX_PROBLEMS = 50  # reported per file, then "and N more": a 1 MB file of broken tables is not 84,000 lines
DEFAULT_POLICY_ID = "gdpr-strict"
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_KEYED_TABLES = {"purpose": "id", "override": "domain"}
# tables a child states whole: merged field by field, a child naming its own controller kept the
# parent's notice_url and ropa_ref (the shipped example's), which `audit ropa` then printed as its own
_WHOLE_TABLES = frozenset({"controller"})
_POLICY_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
# a value of the wrong TOML type (`hash_chain = "NO"`): what to write instead
_TOML_TYPES = {
    "bool_type": "must be true or false, without quotes",
    "int_type": "must be a whole number without quotes or decimal point, e.g. 180",
    "float_type": "must be a number without quotes, e.g. 0.6",
    "date_type": "must be a TOML date without quotes, e.g. 2099-01-01",
    "string_type": 'must be text in quotes, e.g. "example"',
}


def builtin_policy_dirs() -> list[Path]:
    """Where shipped policies live: `policies/` beside a source checkout, or inside the
    installed wheel."""
    here = Path(__file__).resolve().parent.parent
    return [p for p in (here.parent / "policies", here / "_policies") if p.is_dir()]


def find_policy(name_or_path: str | Path) -> Path:
    """A path as given, or a shipped policy's id (`gdpr-strict`); the documented spelling
    `policies/gdpr-strict.toml`, run from a project of one's own where no such folder is, is the
    shipped policy of that name. A name no file system takes is a PolicyError: looked up, one over
    255 bytes (the policy's text given for its path, `--policy "$(cat p.toml)"`) raised OSError
    and one with a NUL ValueError, a traceback out of every command."""
    try:
        return _find_policy(name_or_path)
    except (OSError, ValueError) as exc:
        given = str(name_or_path)
        shown = repr(given[:80]) + (f"… ({len(given)} characters)" if len(given) > 80 else "")
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, OSError) and exc.errno != errno.ENAMETOOLONG:  # (a folder it may not enter: EACCES)
            raise PolicyError(shown, [("", f"could not be looked up ({why[:100]}): check the path and that this "
                                           "process may read its folders")]) from None
        raise PolicyError(shown, [("", f"not a policy file's path nor a shipped policy's id ({why[:100]}): give the "
                                       "path of the policy file")]) from None


def _find_policy(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    # an id names the shipped policy whatever is here under its name (a crawl's output `search-index/` or
    # `search-index`, an edited copy): `_unused_here` names such a file; `./search-index` is the file
    if path.exists() and not _is_shipped_id(name_or_path):
        return path
    documented = not path.is_absolute() and len(path.parts) == 2 and path.parts[0] == "policies" \
        and path.suffix == ".toml"
    if not documented and (path.suffix == ".toml" or len(path.parts) > 1):
        if str(name_or_path) == path.name and _shipped_file(path.name) is not None:  # `gdpr-strict.toml`, not here
            raise PolicyError(str(path), [("", f"file not found; the shipped policy of that name is given by its id: "
                                               f"{path.stem!r}")])
        return path
    if (candidate := _shipped_file(path.name if documented else f"{name_or_path}.toml")) is not None:
        if documented:
            log.info("scrapeguard: %s is not in %s; using the shipped policy %s", path, Path.cwd(), candidate)
        return candidate
    if not documented:  # an id (no folder, no .toml): a typo is better told with the ids there are
        shipped = sorted({p.stem for folder in builtin_policy_dirs() for p in folder.glob("*.toml")})
        # (an id names a shipped policy; one's own `my-policy.toml` here is given by its path)
        own = Path(f"{name_or_path}.toml")
        hint = f"; the policy file {own} is here: give its path, not an id" if own.is_file() else ""
        raise PolicyError(str(path), [("", f"no such file, and no shipped policy of that id "
                                           f"(shipped: {', '.join(shipped) or 'none found'}){hint}")])
    return path


def _is_shipped_id(name: str | Path) -> bool:
    """Whether `name` is a shipped policy's bare id (`gdpr-strict`: no folder, no `.toml`)."""
    return str(name) == Path(name).name and _shipped_file(f"{name}.toml") is not None


def _unused_here(name: str | Path, found: Path) -> Path | None:
    """A policy file in the working folder that `name`, a shipped id, could be taken to mean
    (`gdpr-strict.toml`, or an edited copy saved as `gdpr-strict`) but does not load, as `found`,
    the shipped file, is loaded. A file without .toml only when it reads as TOML: a crawl's output
    named as the id (`search-index`, JSON lines) is no policy to point to."""
    if not _is_shipped_id(name):
        return None
    for here in (Path(name), Path(f"{name}.toml")):
        try:
            if here.is_file() and here.resolve() != found.resolve() and (
                    here.suffix.lower() == ".toml" or _reads_as_toml(here)):
                return here
        except OSError:
            continue
    return None


def _reads_as_toml(path: Path) -> bool:
    """Whether a file of at most 1 MB is TOML (read only for a file named as a shipped id)."""
    if path.stat().st_size > 1_000_000:
        return False
    try:
        text = path.read_text(encoding="utf-8")
        if _deep_key_line(text) is not None:  # (no policy, and 1 MB of such a key held tomllib for minutes)
            return False
        tomllib.loads(text)
    except (ValueError, RecursionError):  # (UnicodeDecodeError and TOMLDecodeError are ValueErrors)
        return False
    return True


def _shipped_file(name: str) -> Path | None:
    """The shipped policy file of that file name (`gdpr-strict.toml`), or None."""
    return next((folder / name for folder in builtin_policy_dirs() if (folder / name).is_file()), None)


# the keys where a shipped policy names its example controller and records, not rules
_EXAMPLE_KEYS = {"controller": ("name", "contact", "notice_url", "ropa_ref", "eu_representative", "uk_representative"),
                 "basis": ("art6_evidence", "consent_registry", "uk_schedule1"),
                 "basis.art9_evidence": ("dpia", "ethics"), "override": ("evidence",)}


# the policies the project ships (policies/ in git): a checkout's policies/ also holds the user's own
# (README: "a policy is a TOML file in `policies/`"), whose controller is no example
SHIPPED_POLICY_IDS = ("gdpr-strict", "log-only", "research-9-2-j", "search-index")


@functools.cache
def shipped_fingerprint(policy_id: str) -> str | None:
    """The fingerprint of the shipped policy of that id (`SHIPPED_POLICY_IDS`), None for an id none
    ships: a policy of that id and other rules is another policy recorded under its name
    (`Policy.warnings`)."""
    path = _shipped_file(f"{policy_id}.toml") if policy_id in SHIPPED_POLICY_IDS else None
    if path is None:
        return None
    try:
        return load_policy(path, warn=False).sha256
    except PolicyError:
        return None


def is_shipped(name_or_path: str | Path) -> bool:
    """Whether a policy named by id or path (`policies/gdpr-strict.toml`) is one the project ships."""
    try:
        path = find_policy(name_or_path).resolve()
    except PolicyError:
        return False
    return any(path == (folder / f"{policy_id}.toml").resolve()
               for folder in builtin_policy_dirs() for policy_id in SHIPPED_POLICY_IDS)


@functools.cache
def shipped_examples() -> dict[str, frozenset[str]]:
    """What the shipped policies (`SHIPPED_POLICY_IDS`) write at `_EXAMPLE_KEYS` ('controller.notice_url',
    'basis.art6_evidence', 'basis.art9_evidence.dpia'), read from the files themselves: a policy
    still holding one names someone else's controller or assessment as its own (`Policy.placeholders`).
    Only those files: every *.toml of policies/ took a user's own policy there for an example."""
    found: dict[str, set[str]] = {}
    for folder in builtin_policy_dirs():
        for file in (folder / f"{policy_id}.toml" for policy_id in SHIPPED_POLICY_IDS):
            if not file.is_file():
                continue
            try:
                data = _read_toml(file)
            except PolicyError:
                continue
            basis = [item.get("basis") for item in data.get("purpose", []) if isinstance(item, dict)]
            tables = [("controller", data.get("controller"))] + [("basis", b) for b in basis] + [
                ("basis.art9_evidence", b.get("art9_evidence")) for b in basis if isinstance(b, dict)] + [
                ("override", item) for item in data.get("override", []) if isinstance(item, dict)]
            for where, table in tables:
                if not isinstance(table, dict):
                    continue
                for key in _EXAMPLE_KEYS[where]:
                    if isinstance(value := table.get(key), str):
                        found.setdefault(f"{where}.{key}", set()).add(value.strip())
    return {key: frozenset(values) for key, values in found.items()}


def _read_bytes(path: Path) -> bytes:
    """At most MAX_POLICY_BYTES + 1 bytes of a regular file. The file is opened without
    blocking and checked *after* opening (no swap in between), so a FIFO never hangs the
    loader and /dev/zero is not read until memory runs out."""
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise PolicyError(shown, [("", "file not found")]) from None
    except IsADirectoryError:
        raise PolicyError(shown, [("", "is a directory, not a policy file")]) from None
    except OSError as exc:
        raise PolicyError(shown, [("", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise PolicyError(shown, [("", "is a directory, not a policy file")])
        if not stat.S_ISREG(mode):
            raise PolicyError(shown, [("", "not a regular file (a device, FIFO or socket); not a policy")])
        chunks: list[bytes] = []
        left = MAX_POLICY_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise PolicyError(shown, [("", f"cannot read: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)


def _not_utf8(shown: str, raw: bytes, start: int) -> PolicyError:
    """The error for a file that is not UTF-8, at the line an editor goes to (a byte offset alone
    named no place a user could find), and for one saved as UTF-16 (Windows Notepad's "Unicode",
    whose every other byte is NUL) what to do instead."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return PolicyError(shown, [("", "not UTF-8 text but UTF-16 (\"Unicode\" in Windows editors): save it as UTF-8")])
    line = raw.count(b"\n", 0, start) + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    return PolicyError(shown, [("", f"not UTF-8 text (byte 0x{raw[start]:02x} at column {column}; save the file "
                                    "as UTF-8)")], line=line)


def _read_toml(path: Path) -> dict[str, Any]:
    shown = str(path)
    raw = _read_bytes(path)
    if len(raw) > MAX_POLICY_BYTES:
        raise PolicyError(shown, [("", f"larger than {MAX_POLICY_BYTES} bytes; not a policy")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(shown, raw, exc.start) from None
    text = text.lstrip("\ufeff")  # a byte-order mark (Windows editors write one, a copy two): not part of the TOML
    if "\x00" in text:  # (TOML allows no NUL: every other byte of UTF-16 saved without a byte-order mark)
        at = raw.find(b"\x00")
        raise PolicyError(shown, [("", "not UTF-8 text: it holds NUL bytes (UTF-16 saved without a byte-order "
                                       "mark?): save it as UTF-8")], line=raw.count(b"\n", 0, at) + 1)
    if not text.strip():
        raise PolicyError(shown, [("", "empty file: a policy needs schema_version, id, controller and a [[purpose]]")])
    if (deep := _deep_key_line(text)) is not None:
        raise PolicyError(shown, [("", f"keys nested more than {MAX_NESTING} levels (a dotted key or table name of "
                                       f"more than {MAX_NESTING} parts); not a policy")], line=deep)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_LINE.search(message)
        line = int(found.group(1)) if found else text.count("\n") + 1
        reason = _TOML_LINE.sub("", message).replace("(at end of document)", "at end of file").strip()
        raise PolicyError(shown, [("", f"TOML syntax error: {reason}")], line=line) from None
    except RecursionError:  # 600 nested arrays in 1 kB: tomllib recurses
        raise PolicyError(shown, [("", "not a policy: RecursionError while reading the TOML (nested too deeply?)")]) \
            from None
    except ValueError as exc:  # (not a TOMLDecodeError: int() past the interpreter's digit limit, or another)
        if "integer string conversion" in str(exc):
            raise PolicyError(shown, [("", f"not a policy: it holds a whole number of more than "
                                            f"{sys.get_int_max_str_digits()} digits, too long to read")]) from None
        raise PolicyError(shown, [("", f"not a policy: ValueError while reading the TOML: {str(exc)[:200]}")]) from None
    if (deep_path := _deep_value(data)) is not None:
        raise PolicyError(shown, [("", f"tables or arrays nested more than {MAX_NESTING} levels; not a policy")],
                          line=_line_of(deep_path, _key_lines(text, data)))
    return data


_KEY_PART = r'(?:[A-Za-z0-9_-]++|"")'  # a bare key part, or a quoted one as `_bare` leaves it
# (starting where no key part or dot is before it: each run of parts is tried once, the scan stays linear)
_DEEP_KEY = re.compile(rf'(?<![A-Za-z0-9_".-]){_KEY_PART}(?:\.{_KEY_PART}){{{MAX_NESTING}}}')
_SPACE_AT_DOT = re.compile(r"(?<![ \t])[ \t]++(?=\.)|(?<=\.)[ \t]++")  # `a . b` is the key `a.b`


def _deep_key_line(text: str) -> int | None:
    """The first line holding a dotted key or table name of more than MAX_NESTING parts, or None. Scanned
    before tomllib, whose time and memory grow with the square of a key's parts. Conservative: a run of dotted
    parts outside a one-line string counts wherever it is (an inline table's key, a multi-line string's text)."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.count(".") >= MAX_NESTING and _DEEP_KEY.search(_SPACE_AT_DOT.sub("", _bare(line))):
            return number
    return None


def _deep_value(data: dict[str, Any]) -> tuple[Any, ...] | None:
    """The path of the first value nested more than MAX_NESTING levels deep (inline tables and arrays, or a
    header's parts and a key's together), or None. Walked without recursion, before the merge's deepcopy and
    the error messages' repr, which recurse, ever see it."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if node and len(path) >= MAX_NESTING:
            return (*path, next(iter(node)) if isinstance(node, dict) else 0)
        # (pushed last to first: popped, and so found, in the file's order)
        for key, child in reversed(node.items()) if isinstance(node, dict) else reversed(list(enumerate(node))):
            if isinstance(child, dict | list):
                stack.append(((*path, key), child))
    return None


def _merge_key(key: str, name: str) -> str:
    """The spelling items of one id merge under: an override's domain as overrides match it
    (`Example.DE`, `bücher.de` and `xn--bcher-kva.de` are one domain), a purpose's id as the
    schema reads it (`"a "` is `a`: taken as written, it was a new purpose, refused for lacking usage ...)."""
    if key != "override":
        return name.strip()
    from scrapeguard.jurisdiction import ascii_host

    try:
        return ascii_host(name)
    except (ValueError, UnicodeError):
        return name  # (pydantic reports the domain)


def _purposes_key(item: dict[str, Any]) -> frozenset[str] | None:
    """The purposes an `[[override]]` names, as a set (`["a", "b"]` and `["b", "a"]` are one),
    None when it names none (the key is left out: every purpose)."""
    named = item.get("purposes")
    if isinstance(named, list) and all(isinstance(p, str) for p in named):
        return frozenset(p.strip() for p in named)  # (as the schema reads them: `"a "` is `a`)
    return None


def _changes(kind: str, child: dict[str, Any], item: dict[str, Any]) -> bool:
    """Whether a child's item changes the parent's `item` of the same id or domain. A purpose
    is its id. A domain may have one override per purpose set (`purposes = ["a"]` blocks one
    thing, `purposes = ["b"]` another), so a child override naming `purposes` changes the one
    with the same purposes, and one naming none changes whichever the domain has."""
    if kind != "override" or "purposes" not in child:
        return True
    wanted = _purposes_key(child)  # None: `purposes = "a"`, which pydantic reports on the child's new item
    return wanted is not None and "purposes" in item and _purposes_key(item) == wanted


def _merge(parent: dict[str, Any], child: dict[str, Any], where: str = "",
           deferred: list[PolicyError] | None = None) -> dict[str, Any]:
    """Tables deep-merge except `[controller]`, which a child's replaces whole (`_WHOLE_TABLES`),
    `[[purpose]]`/`[[override]]` items merge into the parent's item of
    the same id/domain (`_changes`), scalars replace. The parent's items are all kept, in order;
    a child's item that could change more than one of them is refused (`where`: the child's
    file), as a guess would silently change the wrong one."""
    out = copy.deepcopy(parent)
    for key, value in child.items():
        if key == "extends":
            continue
        if key in _KEYED_TABLES and isinstance(value, list) and isinstance(out.get(key), list):
            if not value and out[key]:
                # (an empty list merges into nothing: the parent's items all stayed, a relaxing override
                # with the parent's evidence among them, and `policy check` said OK; found in review)
                names = ", ".join(str(item.get(_KEYED_TABLES[key])) for item in out[key] if isinstance(item, dict))
                withdraw = ("restate the one to end (its domain and purposes) with `expires` set to a past date"
                            if key == "override" else "a purpose cannot be removed: extend another policy, or none")
                _defer(_refusal(where, child, key, f"[] removes nothing: the {len(out[key])} [[{key}]] of the policy "
                                f"it extends stay ({names}); {withdraw}", (key,)), deferred)
                continue
            ident = _KEYED_TABLES[key]
            items: list[Any] = out[key]
            by_name: dict[str, list[int]] = {}  # the parent's items only: a child's two items never merge
            for pos, item in enumerate(items):
                # (an id that is no string - `id = ["x"]` - cannot key a merge: pydantic reports it)
                if isinstance(item, dict) and isinstance(name := item.get(ident), str):
                    by_name.setdefault(_merge_key(key, name), []).append(pos)
            every = _purpose_ids(parent, child) if key == "override" else set()  # (once: a child has thousands)
            for place, item in enumerate(value):
                name = item.get(ident) if isinstance(item, dict) else None
                if not isinstance(name, str):
                    items.append(item)
                    continue
                name = _merge_key(key, name)
                chosen = [pos for pos in by_name.get(name, []) if _changes(key, item, items[pos])]
                if len(chosen) > 1:
                    if key == "override":
                        sets = ", ".join(str(sorted(k)) if (k := _purposes_key(items[pos])) is not None
                                         else repr(items[pos]["purposes"]) if "purposes" in items[pos]
                                         else "every purpose" for pos in chosen)
                        reason = (f"the policy it extends has {len(chosen)} [[override]] for {name} (purposes {sets}): "
                                  "add `purposes` to say which one this changes, or to add one for other purposes")
                    else:
                        reason = f"the policy it extends has {len(chosen)} [[purpose]] with this id"
                    raise _refusal(where, child, f"{key}[{name}]", reason, (key, place))
                if chosen:
                    if key == "override" and (narrowed := _narrowed(items[chosen[0]], item, name, every)) is not None:
                        _defer(_refusal(where, child, f"override[{name}].purposes", narrowed, (key, place)), deferred)
                    evidence = item.get("evidence")
                    evidence = evidence.strip() if isinstance(evidence, str) else evidence  # (as the schema reads it)
                    if key == "override" and (undone := _undoes(items[chosen[0]], item)) is not None \
                            and not (evidence and item.get("expires")):
                        # (the merged override may be no less strict than the purpose: only here is the parent's seen)
                        missing = "evidence" if not evidence else "expires"
                        _defer(_refusal(where, child, f"override[{name}].{missing}", f"the override relaxes a rule: it "
                                        f"sets {undone}: it needs evidence and expires of its own", (key, place, missing)),
                               deferred)
                    base = _own_authority(items[chosen[0]], item) if key == "override" else items[chosen[0]]
                    items[chosen[0]] = _merge(base, item, where, deferred)
                else:
                    items.append(item)
        elif isinstance(value, dict) and isinstance(out.get(key), dict) and key not in _WHOLE_TABLES:
            out[key] = _merge(_own_evidence(out[key], value) if key == "basis" else out[key], value, where, deferred)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _refusal(where: str, child: dict[str, Any], key: str, reason: str, loc: tuple[Any, ...]) -> PolicyError:
    """The merge's refusal of the child's item at `loc`, at its line in the child's file (the file's own top
    level, the one holding `extends`), where it is fixed."""
    lines = _file_lines(Path(where), child) if "extends" in child else {}
    return PolicyError(where, [(key, reason)], lines=[_line_of(loc, lines)])


def _defer(refused: PolicyError, deferred: list[PolicyError] | None) -> None:
    """Kept to be said with the policy's other problems, every one at once (`load_policy`); raised where
    the merge was asked alone."""
    if deferred is None:
        raise refused
    deferred.append(refused)


# what an `[[override]]` rules (beside its reason, evidence and expiry, which only say why and until when)
_OVERRIDE_RULES = ("on", "signals", "jurisdictions", "made_public_by_subject")


def _purpose_ids(parent: dict[str, Any], child: dict[str, Any]) -> set[str]:
    """The ids of the purposes a parent and a child policy declare between them, as the merge keys them."""
    items = [item for data in (parent, child) if isinstance(listed := data.get("purpose"), list) for item in listed]
    return {_merge_key("purpose", item["id"]) for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _narrowed(parent: dict[str, Any], child: dict[str, Any], domain: str, every: set[str]) -> str | None:
    """Why a child's `[[override]]` naming no purposes may not set rules on the parent's override of
    its domain that names some but not `every` purpose, else None. Without `purposes` an override is
    for every purpose, but merged into that one it held for the parent's purposes alone: a child's
    block "for any purpose" left the other purposes as they were, and `policy check` said OK. (A
    child changing only the reason, evidence or expiry of the parent's override names no purposes.)"""
    named = _purposes_key(parent) if "purposes" in parent else None
    rules = [key for key in _OVERRIDE_RULES if key in child]
    if named is None or "purposes" in child or not rules or every <= named:
        return None
    wanted, others = sorted(named), sorted(every - named)
    return (f"not set, so it reads as for every purpose, but it changes the [[override]] for {domain} of the policy "
            f"it extends, which is for purposes {wanted} only, so what it sets ({', '.join(rules)}) would hold for those "
            f"alone: write purposes = {wanted} to change that one, and, for the others, a second [[override]] for "
            f"{domain} with purposes = {others}")


def _letters(terms: Any) -> Any:
    """The GDPR letters of an `art6`/`art9` value as written (`eu-gdpr:A6-1-f-controller` -> {'f'}),
    a string that is no term standing for itself, else the value itself (pydantic reports what is no term)."""
    written = terms if isinstance(terms, list) else [terms]
    if not all(isinstance(t, str) for t in written):
        return terms
    return {gdpr_letter(t) or t for t in written}


def _own_evidence(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """A parent's `[purpose.basis]` without the evidence of a basis the child replaces: evidence
    belongs to its basis. Why: a child's `art6 = "eu-gdpr:A6-1-e"` (public task) took the parent's
    legitimate-interest assessment for the law Art. 6(3) must name, and a child's Art. 9(2)(g) the
    research law of the parent's (j), which made (g) hold. The Art. 9 evidence goes whole, even
    where the child gives its own (merged key by key, the child's (g) evidence took the (j)
    safeguards it never listed), and with it the UK's DPA 2018 Schedule 1 condition: the
    parent's research condition (para 4) was counted for the child's (g)."""
    out = dict(parent)
    for basis, evidence in (("art6", ("art6_evidence",)), ("art9", ("art9_evidence", "uk_schedule1"))):
        if basis in child and _letters(child[basis]) != _letters(parent.get(basis)):
            for key in evidence:
                out.pop(key, None)
    return out


def _adds_relaxation(parent: dict[str, Any], child: dict[str, Any]) -> bool:
    """Whether a child's `[[override]]` item relaxes beyond the parent's item it merges into: an
    action or a signal mode below the parent's for it (below block or obey where the parent sets
    none), another jurisdiction set, made_public_by_subject, a later expiry without evidence of its own."""
    if child.get("made_public_by_subject") is True and parent.get("made_public_by_subject") is not True:
        return True
    if "jurisdictions" in child and child["jurisdictions"] != parent.get("jurisdictions"):
        return True
    # a later end: the parent's evidence authorises its relaxation until its own expiry, not past it
    later, ends = child.get("expires"), parent.get("expires")  # (a TOML datetime, which pydantic refuses, is no date)
    if "evidence" not in child and type(later) is dt.date and (type(ends) is not dt.date or later > ends):
        return True
    for table, order in (("on", ACTION_ORDER), ("signals", SIGNAL_ORDER)):
        mine, theirs = child.get(table), parent.get(table)
        if isinstance(mine, dict):
            said = theirs if isinstance(theirs, dict) else {}
            if any(_rank(value, order) < _rank(said.get(name), order) for name, value in mine.items()):
                return True
    return False


def _undoes(parent: dict[str, Any], child: dict[str, Any]) -> str | None:
    """What of a parent's `[[override]]` item a child's item merging into it sets less strictly, a key
    the parent sets (`on.personal_image = 'redact' below the parent's 'block'`), else None. Why: the
    merged override is judged against the purpose alone, so a child's `redact` undoing its parent's
    `block` for a site loaded with no evidence nor expiry, the README's "relaxes more than its
    parent's" notwithstanding."""
    for table, order in (("on", ACTION_ORDER), ("signals", SIGNAL_ORDER)):
        mine, theirs = child.get(table), parent.get(table)
        if isinstance(mine, dict) and isinstance(theirs, dict):
            for name, value in mine.items():
                if name in theirs and _rank(value, order) < _rank(theirs[name], order):
                    return f"{table}.{name} = {value!r} below the parent's {theirs[name]!r}"
    # an end set on rules the parent keeps without one (or earlier than the parent's): once past it
    # they lapse, a relaxation as much as a looser action (a relaxing parent item, with its evidence,
    # ends sooner by it: stricter)
    mine, theirs = child.get("expires"), parent.get("expires")  # (dates as `_adds_relaxation` compares them)
    if type(mine) is dt.date and not parent.get("evidence") and (parent.get("on") or parent.get("signals")) \
            and (type(theirs) is not dt.date or mine < theirs):
        return f"expires = {mine}, ending the parent's rules " + ("then" if theirs is None else f"before {theirs}")
    return None


def _rank(value: Any, order: dict[str, int]) -> int:
    """An action's or signal mode's strictness; no value, or one that is none (pydantic reports it): the strictest."""
    strictest = max(order.values())
    return order.get(value, strictest) if isinstance(value, str) else strictest


def _own_authority(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """A parent's `[[override]]` item without its evidence and expiry when the child's item adds a
    relaxation: they authorise what the parent relaxed, not the child's addition (a relaxation
    needs its own). Why: a child's `signals = { robots_txt = "ignore" }` merged into the shipped
    research override loaded on that override's data-access agreement, which every decision
    ignoring the site's robots.txt then recorded."""
    if not _adds_relaxation(parent, child):
        return parent
    return {key: value for key, value in parent.items() if key not in ("evidence", "expires")}


_Link = tuple[Path, dict[str, Any], dict[str, Any]]  # a file of the chain, as read, and merged with its parents


def _resolve(path: Path, seen: tuple[Path, ...] = (),
             deferred: list[PolicyError] | None = None) -> tuple[dict[str, Any], list[_Link]]:
    """The policy with its `extends` chain merged in, and each file of the chain (this file
    first) as read and as merged with its own parents, so a problem can be traced to the file
    that caused it. `seen`: the files extending this one; a loop is found by the files
    themselves (a parent is found by file name, whatever `id` it declares)."""
    data = _read_toml(path)
    parent_id = data.get("extends")
    if parent_id is None:
        return data, [(path, data, data)]

    def refused(reason: str, loaded: Path = path) -> PolicyError:
        """The problem of this file's `extends`, at its line (reported against `loaded`)."""
        return PolicyError(str(loaded), [("extends", reason)], sources=[str(path)],
                           lines=[_line_of(("extends",), _file_lines(path, data))])

    if not isinstance(parent_id, str) or not _POLICY_ID.match(parent_id):
        # an id, never a path: `extends = "../../x"` must not reach outside the policy folders
        raise refused("must be the id of a policy, e.g. 'gdpr-strict'")
    if len(seen) >= MAX_EXTENDS_DEPTH:
        # against the file the user loaded, with the chain that led here from it
        names = " -> ".join(p.stem for p in (*seen, path))
        raise refused(f"deeper than {MAX_EXTENDS_DEPTH} levels: {names} -> {parent_id}", seen[0])

    def followed(candidate: Path) -> Path:
        """`candidate` with its symbolic links followed; a loop of them (`a.toml -> b.toml -> a.toml`) is a
        problem of this `extends`, where Python 3.11's RuntimeError escaped as a bug of scrapeguard's."""
        try:
            return candidate.resolve()
        except (RuntimeError, OSError) as exc:
            raise refused(f"{parent_id!r}: {candidate} cannot be followed to a file ({exc})") from exc

    here = followed(path)
    candidates = [path.parent / f"{parent_id}.toml"] + [d / f"{parent_id}.toml" for d in builtin_policy_dirs()]
    # never the file itself: `gdpr-strict.toml` saying `extends = "gdpr-strict"` overlays the shipped one
    parent_path = next((c for c in candidates if c.is_file() and followed(c) != here), None)
    if parent_path is None:
        itself = " other than this file" if followed(candidates[0]) == here else ""
        # a file name where an id is asked (`extends = "mine.toml"`, looked for as mine.toml.toml)
        hint = (f"; extends takes a policy id (the file name without .toml): did you mean {parent_id[:-5]!r}?"
                if parent_id.endswith(".toml") else "")
        raise refused(f"no policy {parent_id!r}{itself} beside this file or among the shipped policies{hint}")
    if followed(parent_path) in {followed(p) for p in seen}:
        names = " -> ".join(p.stem for p in (*seen, path, parent_path))
        # against the file the user loaded, which the loop is found from: `y2.toml (extended by x.toml)`
        raise refused(f"cycle: {names}", seen[0])
    parent, chain = _resolve(parent_path, (*seen, path), deferred)
    merged = _merge(parent, data, str(path), deferred)
    merged["extends"] = parent_id
    return merged, [(path, data, merged), *chain]


_FileIndex = dict[str, dict[str, list[dict[str, Any]]]]


def _index(raw: dict[str, Any]) -> _FileIndex:
    """One file's `[[purpose]]` and `[[override]]` items by id or domain, as the merge keys them
    (`_merge_key`: a child's `Example.DE` changes its parent's `example.de`, whose errors were then
    blamed on the child), built once per file: looking each error's item up by a scan of the file
    made 16,000 errors take minutes."""
    out: _FileIndex = {}
    for key, ident in _KEYED_TABLES.items():
        by_name: dict[str, list[dict[str, Any]]] = out.setdefault(key, {})
        items = raw.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(name := item.get(ident), str):
                by_name.setdefault(_merge_key(key, name), []).append(item)
    return out


def _holds(loc: tuple[Any, ...], merged: dict[str, Any], raw: dict[str, Any], index: _FileIndex) -> bool:
    """Whether one file of the chain holds all of `loc` (a path in the merged policy)."""
    return len(_in_file(loc, merged, raw, index)) == len(loc)


def _in_file(loc: tuple[Any, ...], merged: dict[str, Any], raw: dict[str, Any], index: _FileIndex) -> tuple[Any, ...]:
    """`loc`, a path in the merged policy, as a path in one file of the chain (`raw`), as far as
    that file holds it: a `[[purpose]]` or `[[override]]` item is found in the file as the merge
    matched it (`_changes`: by id, an override by domain and purposes), at its place there; any
    other array came whole from one file."""
    out: list[Any] = []
    node_m: Any = merged
    node_r: Any = raw
    for i, step in enumerate(loc):
        if isinstance(step, int):
            if not (isinstance(node_m, list) and isinstance(node_r, list) and 0 <= step < len(node_m)):
                break
            item = node_m[step]
            kind = str(loc[0]) if i == 1 else ""
            if kind in _KEYED_TABLES:
                name = item.get(_KEYED_TABLES[kind]) if isinstance(item, dict) else None
                candidates = index[kind].get(_merge_key(kind, name), []) if isinstance(name, str) else []
                # (an item of no id, `domain` left out, is merged with none: the file's item equal to it)
                # (or the file's item equal to it: one the merge matched to none, `purposes = "b"`, is its own)
                # (first the one whose every key the merged item holds as written: of a child's two overrides of
                # one domain, the second's problem was said at the first's line)
                match = next((r for r in candidates if _written_in(r, item)), None) or next(
                    (r for r in candidates if _changes(kind, r, item) or r == item), None) if candidates \
                    else next((r for r in node_r if r == item), None)
                if match is None:
                    break
                step = next(pos for pos, r in enumerate(node_r) if r is match)
                node_m, node_r = item, match
            else:
                if step >= len(node_r):
                    break
                node_m, node_r = item, node_r[step]
        else:
            if not (isinstance(node_r, dict) and step in node_r):
                break
            node_m = node_m.get(step) if isinstance(node_m, dict) else None
            node_r = node_r[step]
        out.append(step)
    return tuple(out)


def _written_in(raw: Any, merged: Any) -> bool:
    """Whether `merged`, an item of the merged policy, holds every key of `raw`, a file's item, with
    its value as written there (a table's keys in turn: the merge adds a parent's, never changes these)."""
    if isinstance(raw, dict) and isinstance(merged, dict):
        return all(key in merged and _written_in(value, merged[key]) for key, value in raw.items())
    return bool(raw == merged)


def _loc(err: Any) -> tuple[Any, ...]:
    """Where a validation error is, as a path in the policy, with the sub-key a model-level
    rule named (`basis.art9`, `override.2.evidence`) appended."""
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    extra = (err.get("ctx") or {}).get("key")
    if isinstance(extra, str):
        loc = (*loc, *(int(step) if step.isdigit() else step for step in extra.split(".")))
    return loc


def _errors(policy: dict[str, Any]) -> set[tuple[tuple[Any, ...], str]]:
    """`(loc, message)` of every validation error of a (partly merged) policy."""
    try:
        Policy.model_validate(policy)
    except ValidationError as exc:
        return {(_loc(err), err["msg"]) for err in exc.errors(include_url=False)}
    return set()


class _Blame:
    """Which file of an `extends` chain caused a validation error of the merged policy."""

    def __init__(self, merged: dict[str, Any], chain: list[_Link]) -> None:
        self.merged = merged
        self.chain = chain
        self.indexes = [_index(raw) for _, raw, _ in chain]
        self.own_errors: dict[int, set[tuple[tuple[Any, ...], str]]] = {}  # per level of the chain, when asked
        self.lines: dict[int, dict[tuple[Any, ...], int]] = {}  # `_key_lines` per level of the chain, when asked

    def origin(self, loc: tuple[Any, ...], message: str) -> Path:
        """The nearest file that holds all of `loc` (a child's value replaces its parent's),
        if the policy it makes with its own parents already has this error: a parent's
        typo is the parent's. A key no file holds (one that is missing, or that a rule needs:
        `art6_evidence`) is the table's that holds it: a parent's `[[override]]` without a
        domain is the parent's to fix (the child, holding no such item, was blamed, with no
        line). Else the loaded file: a key missing at the top level is where the user adds it,
        and an error a child's key causes with a parent's (`biometric = true` against the shipped
        `art9 = []`) is the child's, never a parent's (a shipped policy) the user did not write."""
        loaded = self.chain[0][0]
        links = list(zip(self.chain, self.indexes, strict=True))
        held = loc if any(_holds(loc, self.merged, raw, index) for (_, raw, _), index in links) else loc[:-1]
        for level, ((path, raw, own), index) in enumerate(links):
            if _holds(held, self.merged, raw, index):
                if level == 0:
                    return path
                if level not in self.own_errors:
                    self.own_errors[level] = _errors(own)
                return path if (loc, message) in self.own_errors[level] else loaded
        return loaded

    def line(self, loc: tuple[Any, ...], origin: Path) -> int | None:
        """The line of `loc` in `origin`, the file of the chain it is blamed on, or of the nearest
        table or key that file holds of it (a missing key: its table). Why: a policy extending
        another (the README's own) had its problems named by key path alone, no line."""
        level = next(n for n, (path, _, _) in enumerate(self.chain) if path == origin)
        path, raw, _ = self.chain[level]
        if level not in self.lines:
            self.lines[level] = _file_lines(path, raw)
        if not self.lines[level]:
            return None
        # (a file extending none is the merged policy itself: its items by their place, a repeated id too)
        at = loc if raw is self.merged else _in_file(loc, self.merged, raw, self.indexes[level])
        return _line_of(at, self.lines[level])


def _key_path(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """`("purpose", 0, "basis")` -> `purpose[web-corpus].basis`."""
    parts: list[str] = []
    node: Any = data
    for i, step in enumerate(loc):
        if isinstance(step, int):
            label = str(step)
            if isinstance(node, list) and 0 <= step < len(node):
                item = node[step]
                parent_key = loc[i - 1] if i else None
                ident = _KEYED_TABLES.get(str(parent_key))
                if ident and isinstance(item, dict) and isinstance(item.get(ident), str):
                    label = item[ident]
                node = item
            else:
                node = None
            if parts:
                parts[-1] += f"[{label}]"
            else:
                parts.append(f"[{label}]")
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The table (model) a field's type holds: `Purpose` of `list[Purpose]`, `PartialOn` of `PartialOn | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for arg in typing.get_args(annotation) if (m := _model_in(arg)) is not None), None)


def _table_at(loc: tuple[Any, ...]) -> tuple[str, list[str]] | None:
    """The schema's table at `loc` (a path in the policy) as a user writes its header
    (`[purpose.on]`, `[[override]]`, "the top level"), and the keys it takes; None where `loc`
    is no table of the schema."""
    model: type[BaseModel] | None = Policy
    steps = [step for step in loc if isinstance(step, str)]
    for step in steps:
        field = model.model_fields.get(step) if model is not None else None
        model = _model_in(field.annotation) if field is not None else None
    if model is None:
        return None
    named = ".".join(steps)
    header = f"[[{named}]]" if named in _KEYED_TABLES else f"[{named}]" if named else "the top level"
    return header, list(model.model_fields)


def _unknown_key(loc: tuple[Any, ...]) -> str:
    """What an unknown key is told: the key it is nearest to, when it looks like a misspelling,
    and every key its table takes. Why: "unknown key" alone left the user to find the key names
    in the README (`[signals] robots = "obey"`: it is robots_txt)."""
    message = "unknown key (not in schema v1; check the spelling)"
    table = _table_at(loc[:-1]) if loc else None
    if table is None:
        return message
    header, keys = table
    above = _table_at(tuple(loc[:-2]))  # (a key of the table this one is in, written after this one's header)
    if above is not None and str(loc[-1]) in above[1]:
        return (f"{message}: {loc[-1]} is a key of {above[0]}, not of {header}; a key belongs to the last table "
                f"header above it, so write it before {header}")
    close = difflib.get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.6)
    said = f"did you mean {close[0]!r}? " if close else ""
    if not close and above is not None \
            and (close := difflib.get_close_matches(str(loc[-1]), above[1], n=1, cutoff=0.6)):
        said = f"did you mean {close[0]!r}, a key of {above[0]} (written before {header})? "
    return f"{message}: {said}{header} takes {', '.join(keys)}" + _POLICY_WIDE.get(str(loc[-1]) if loc[0] in _KEYED_TABLES else "", "")


# what a [[purpose]] or [[override]] cannot set, being the policy's own: where it is, and how one purpose gets another
_ON_ERROR = ("; on_error is the policy's, for all its purposes ([runtime] on_error): for one purpose to fail open, "
             'give it a policy of its own that extends this one, with [runtime] on_error = "fail-open" and '
             "default_purpose = its id")
_POLICY_WIDE = {"runtime": _ON_ERROR, "on_error": _ON_ERROR, "error": _ON_ERROR}


def _toml_kind(value: Any) -> str:
    """A TOML value's kind, as a policy's author wrote it (`"block"` is text, `[...]` an array)."""
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "an array"}
    return next((f"{kind} ({repr(value)[:60]})" for t, kind in kinds.items() if isinstance(value, t)), "a value")


def _problems(exc: ValidationError, data: dict[str, Any], chain: list[_Link],
              ) -> tuple[list[tuple[str, str]], list[str | None], list[int | None]]:
    """`(key_path, reason)` per validation error, the file of the `extends` chain that holds
    each key (None: the loaded file itself) and the line of each in that file; the first
    MAX_PROBLEMS, then how many more."""
    out: list[tuple[str, str]] = []
    sources: list[str | None] = []
    at: list[int | None] = []
    errors = exc.errors(include_url=False)
    blame = _Blame(data, chain)
    for err in errors[:MAX_PROBLEMS]:
        loc = _loc(err)
        key = _key_path(loc, data)
        origin = blame.origin(loc, err["msg"])
        sources.append(None if origin == chain[0][0] else str(origin))
        at.append(blame.line(loc, origin))
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if err["type"] == "extra_forbidden":
            message = _unknown_key(loc)
        elif err["type"] == "model_type" and not isinstance(err.get("input"), dict) and (table := _table_at(loc)):
            # `on = "block"`: said in TOML's words, not pydantic's ("a valid dictionary or instance of PartialOn")
            given = err.get("input")
            if isinstance(given, list) and given and all(isinstance(v, dict) for v in given) and loc:
                # (`[[controller]]`: its own dump of the array was cut off mid-word; found in review)
                header = ".".join(str(step) for step in loc if not isinstance(step, int))
                message = f"must be one table: write [{header}], with one pair of brackets, not [[{header}]]"
            else:
                message = f"must be a table of keys ({', '.join(table[1])}), not {_toml_kind(given)}"
        elif err["type"] == "list_type" and isinstance(err.get("input"), dict) and loc and loc[-1] in _KEYED_TABLES:
            message = f"must be an array of tables: write [[{loc[-1]}]], with two brackets, above each {loc[-1]}"
        elif err["type"] == "string_pattern_mismatch" and (
                words := PATTERN_WORDS.get(str((err.get("ctx") or {}).get("pattern")))):
            message = f"{words} (got {repr(err.get('input'))[:60]})"  # not the regex: `String should match '^[a-z0-9]...'`
        elif err["type"] == "string_too_short" and (err.get("ctx") or {}).get("min_length") == 1:
            message = "must not be empty"
        elif err["type"] == "missing":
            message = "required key is missing"
            if len(loc) == 1 and loc[0] in _KEYED_TABLES:  # (`purpose`: said as the table it is)
                message = f"required: at least one [[{loc[0]}]] table"
            if loc and loc[0] in _WHOLE_TABLES and len(chain) > 1 and loc[0] in chain[0][1]:
                message += f" (a [{loc[0]}] in a policy that extends another replaces the inherited one whole)"
        elif err["type"] == "list_type" and isinstance(err.get("input"), str) and len(err["input"]) <= 60:
            # the value itself in brackets: `establishment = "DE"` was told to write ["EU"], no country
            message = f"must be an array: write [{json.dumps(err['input'], ensure_ascii=False)}]"
        elif err["type"] == "list_type" and "input" in err:  # a table, a number, true ...
            message = f"must be an array, its values in brackets [ ] (got {repr(err['input'])[:60]})"
        elif "input" in err and err["type"] != "model_type" and (
                err["type"] in _TOML_TYPES or not isinstance(err["input"], dict | list)):
            # (an array or table where one value is asked, `art6 = ["eu-gdpr:A6-1-f"]`, is told the type too)
            message = _TOML_TYPES.get(err["type"], message)
            value = err["input"]
            # (a TOML date or time as written, not a cut-off repr: `datetime.datetime(2099, 1, 1, 0, 0, tzinfo=…`)
            shown = value.isoformat() if isinstance(value, dt.date | dt.time) else repr(value)[:60]
            # (a rule's own message names a text already, in quotes: `'TBD' is no http(s) URL`; a number
            # is always said: `10` is in "greater than or equal to 1024")
            if not (isinstance(err["input"], str) and shown in message):
                message = f"{message} (got {shown})"
        out.append((key, message))
    if len(errors) > MAX_PROBLEMS:
        out.append(("", f"and {len(errors) - MAX_PROBLEMS} more problems (fix these first)"))
        sources.append(None)
        at.append(None)
    return out, sources, at


_HEADER = re.compile(r"^\s*(\[\[?)([^\[\]]+)\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=(.*)$")
_INLINE_KEY = re.compile(r"[{,]\s*([A-Za-z0-9_-]+)\s*=")
# (possessive: an unclosed quote before 1 MB of text held 130 MB of backtracking state)
_STRING = re.compile(r"\"(?:[^\"\\]++|\\.)*+\"|'[^']*+'")


def _dotted(key: str) -> tuple[str, ...]:
    """`a . "b.c"` -> `("a", "b.c")`."""
    parts = re.findall(r"[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'", key)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def _bare(value: str) -> str:
    """A TOML value with its one-line strings emptied and its comment cut: the brackets and
    keys left are the value's own."""
    return _STRING.sub('""', value).split("#", 1)[0]


def _brackets(bare: str) -> int:
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


def _key_lines(text: str, data: dict[str, Any]) -> dict[tuple[Any, ...], int]:
    """The line of each table header and key of a policy file, by its path in the parsed data
    (`("purpose", 1, "basis", "art6_evidence")`, the second `[[purpose]]`): a validation error's
    location is looked up here. Read line by line, as policies are written (a key per line, an
    inline table on its key's line); what spans lines (a multi-line array or string) is skipped,
    and a key it cannot place has no line rather than a wrong one: when the `[[tables]]` it
    counts are not those of `data` (the file as parsed), none has."""
    found: dict[tuple[Any, ...], int] = {}
    count: dict[tuple[str, ...], int] = {}  # the last index of each [[array]] table so far, by its name
    table: tuple[Any, ...] = ()
    closing: str | None = None  # the delimiter a multi-line string waits for
    depth = 0  # brackets a multi-line value left open
    # TOML ends a line at LF (or CR LF) only: splitlines() also broke at U+2028, U+2029 and NEL,
    # which a comment or a string may hold, and put every later key on a line too low
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if closing is not None:
            if line.count(closing) % 2:
                closing = None
            continue
        if depth > 0:
            depth = max(0, depth + _brackets(_bare(line)))
            continue
        if (header := _HEADER.match(line)) is not None:
            name = _dotted(header.group(2))
            array = header.group(1) == "[["
            resolved: list[Any] = []
            for i in range(len(name)):  # a table under an [[array]] item belongs to its latest item
                resolved.append(name[i])
                if name[: i + 1] in count and (i + 1 < len(name) or not array):
                    resolved.append(count[name[: i + 1]])
            if array:
                count[name] = count.get(name, -1) + 1
                # (the array itself is at its first item's header: `[[purpose.on]]` where one table is meant was
                # blamed on the line of the [[purpose]] holding it)
                found.setdefault(tuple(resolved), number)
                resolved.append(count[name])
            table = tuple(resolved)
            found.setdefault(table, number)
            continue
        if (key := _KEY.match(line)) is None:
            continue
        path = table + _dotted(key.group(1))
        found.setdefault(path, number)
        if opened := next((q for q in ('"""', "'''") if key.group(2).count(q) % 2), None):
            closing = opened  # a multi-line string: its lines hold no keys
            continue
        value = _bare(key.group(2))
        for inner in _INLINE_KEY.findall(value) if value.lstrip().startswith("{") else ():
            found.setdefault((*path, inner), number)
        depth = max(0, _brackets(value))
    counted = {name[0]: last + 1 for name, last in count.items() if len(name) == 1}
    if any(not isinstance(v := data.get(name), list) or len(v) != n for name, n in counted.items()):
        return {}  # the [[tables]] counted are not those parsed: no line rather than a wrong one
    return found


def _file_lines(path: Path, raw: dict[str, Any]) -> dict[tuple[Any, ...], int]:
    """`_key_lines` of a policy file, `raw` as read from it; none when it cannot be read again."""
    try:
        return _key_lines(_read_bytes(path).decode("utf-8").lstrip("\ufeff"), raw)
    except (PolicyError, UnicodeDecodeError):
        return {}


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    """The line of `loc`, else of the nearest table or key holding it (a missing key: its table)."""
    for end in range(len(loc), 0, -1):
        if (line := lines.get(tuple(loc[:end]))) is not None:
            return line
    return None


def policy_fingerprint(policy: Policy) -> str:
    """SHA-256 of the resolved policy as canonical JSON: the same rules give the same hash,
    whatever the comments, key order or layout of the files. The `extends` value is part of the
    policy and so of the hash: a policy extending another and the same rules written out flat
    hash apart (changing that would stop `audit prune` from knowing the policies of its records)."""
    canonical = json.dumps(
        policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _with_deferred(path: Path, deferred: list[PolicyError], problems: list[tuple[str, str]],
                   sources: list[str | None], lines: list[int | None]) -> PolicyError:
    """One error naming the merge's refusals first, then the model's problems. Why: a refusal raised
    at once hid every other problem of the policy, which the README says are named together."""
    own = str(path)
    first = [(p, e.path if e.path != own else None, line) for e in deferred
             for p, line in zip(e.problems, e.lines, strict=True)]
    return PolicyError(own, [p for p, _, _ in first] + problems, sources=[s for _, s, _ in first] + sources,
                       lines=[line for _, _, line in first] + lines)


def _resolved(path: Path) -> tuple[Policy, list[_Link]]:
    """The policy file at `path` with its `extends` chain merged in and validated, and the chain (`_resolve`)."""
    deferred: list[PolicyError] = []  # what the merge of an `extends` chain refused, said with the rest
    data, chain = _resolve(path, (), deferred)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems, sources, at = _problems(exc, data, chain)
        raise _with_deferred(path, deferred, problems, sources, at) from None
    if deferred:
        raise _with_deferred(path, deferred, [], [], [])
    return policy, chain


def load_policy(path: str | Path, *, warn: bool = True) -> Policy:
    """Load, resolve and validate a policy file (or a shipped policy by id), logging its
    warnings and placeholders as WARNINGs unless `warn` is False (for a caller that shows them
    itself, as `policy check`: they were printed twice).

    Raises `PolicyError` naming the file, the key path and the reason.
    """
    resolved_path = find_policy(path)
    if (unused := _unused_here(path, resolved_path)) is not None:  # (said whatever `warn`: no rule of the policy)
        log.warning("scrapeguard: policy %s is the shipped policy of that id (%s), not the file %s here: give its "
                    "path (./%s) to load that one", path, resolved_path, unused, unused)
    try:
        policy, chain = _resolved(resolved_path)
    except (RecursionError, MemoryError) as exc:  # (past `MAX_NESTING`'s checks: a traceback is exit 1, "blocked")
        raise PolicyError(str(resolved_path), [("", f"not a policy: {type(exc).__name__} while resolving and "
                                                    "validating it (nested too deeply?)")]) from None
    policy._source = str(resolved_path)
    if len(chain) > 1 and "id" not in chain[0][1]:
        policy._inherited_id = "not set, so the id"
    elif len(chain) > 1 and policy.id == chain[1][2].get("id"):  # (`id = "corp"` extending corp: no id of its own)
        policy._inherited_id = "the id"
    for link_path, _, _ in chain[1:]:
        shipped = _shipped_file(link_path.name) if _is_shipped_id(link_path.stem) else None
        if shipped is not None and link_path.resolve() != shipped.resolve():
            policy._shadowed_parents.append((link_path.stem, str(link_path)))
    if len(chain) > 1 and policy.default_purpose is None:
        inherited = {_merge_key("purpose", str(p.get("id"))) for p in chain[1][2].get("purpose", [])
                     if isinstance(p, dict)}
        policy._added_purposes = [p.id for p in policy.purpose if _merge_key("purpose", p.id) not in inherited]
    policy._sha256 = policy_fingerprint(policy)
    warned, examples = (policy.warnings(), policy.placeholders()) if warn else ([], [])
    said = warned + examples
    if said and is_shipped(resolved_path):
        # (one line at every start: a shipped policy's are its example controller and evidence, the same
        # three paragraphs on every command, before its output and its errors; `policy check` says them all)
        parts = ([f"its {' and '.join(key for key, _ in examples)} are examples, not yours"] if examples else []) \
            + ([f"{'also ' if examples else ''}{', '.join(key for key, _ in warned)} warned of"] if warned else [])
        log.warning("scrapeguard: policy %s is a shipped example: %s; `scrapeguard policy check %s` says why and "
                    "what to set, in a policy of your own that extends it", policy.id, "; ".join(parts), policy.id)
        said = []
    for key, reason in said:
        log.warning("scrapeguard: policy %s: %s: %s", resolved_path, key, reason)
    return policy
