"""Read a TOML policy, resolve `extends`, validate, and fingerprint it.

Errors always name the file, the key path with purposes and overrides by their id
(`purpose[web-corpus].basis.art6_evidence`), and the reason; TOML syntax errors give
the line. The crawler must not start on a policy that fails here.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scrapeguard.policy.errors import PolicyError
from scrapeguard.policy.model import Policy

log = logging.getLogger("scrapeguard")
MAX_POLICY_BYTES = 1024 * 1024
MAX_EXTENDS_DEPTH = 8
DEFAULT_POLICY_ID = "gdpr-strict"
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_KEYED_TABLES = {"purpose": "id", "override": "domain"}
_POLICY_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
# a value of the wrong TOML type (`hash_chain = "NO"`): what to write instead
_TOML_TYPES = {
    "bool_type": "must be true or false, without quotes",
    "int_type": "must be a whole number without quotes or decimal point, e.g. 180",
    "float_type": "must be a number without quotes, e.g. 0.6",
    "date_type": "must be a TOML date without quotes, e.g. 2099-01-01",
    "string_type": 'must be text in quotes, e.g. "example"',
    "list_type": 'must be an array, e.g. ["EU"]',
}


def builtin_policy_dirs() -> list[Path]:
    """Where shipped policies live: `policies/` beside a source checkout, or inside the
    installed wheel."""
    here = Path(__file__).resolve().parent.parent
    return [p for p in (here.parent / "policies", here / "_policies") if p.is_dir()]


def find_policy(name_or_path: str | Path) -> Path:
    """A path as given, or a shipped policy's id (`gdpr-strict`)."""
    path = Path(name_or_path)
    if path.exists() or path.suffix == ".toml" or len(path.parts) > 1:
        return path
    for folder in builtin_policy_dirs():
        candidate = folder / f"{name_or_path}.toml"
        if candidate.is_file():
            return candidate
    return path


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


def _read_toml(path: Path) -> dict[str, Any]:
    shown = str(path)
    raw = _read_bytes(path)
    if len(raw) > MAX_POLICY_BYTES:
        raise PolicyError(shown, [("", f"larger than {MAX_POLICY_BYTES} bytes; not a policy")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError(shown, [("", f"not UTF-8 text (byte {exc.start})")]) from None
    text = text.removeprefix("\ufeff")  # a byte-order mark (Windows editors write one): not part of the TOML
    if not text.strip():
        raise PolicyError(shown, [("", "empty file: a policy needs schema_version, id, controller and a [[purpose]]")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_LINE.search(message)
        line = int(found.group(1)) if found else text.count("\n") + 1
        reason = _TOML_LINE.sub("", message).replace("(at end of document)", "at end of file").strip()
        raise PolicyError(shown, [("", f"TOML syntax error: {reason}")], line=line) from None
    except (RecursionError, ValueError) as exc:  # 600 nested arrays in 1 kB: tomllib recurses
        raise PolicyError(shown, [("", f"not a policy: {type(exc).__name__} while reading the TOML "
                                        "(nested too deeply?)")]) from None
    return data


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Tables deep-merge, `[[purpose]]`/`[[override]]` merge by id/domain, scalars replace."""
    out = copy.deepcopy(parent)
    for key, value in child.items():
        if key == "extends":
            continue
        if key in _KEYED_TABLES and isinstance(value, list) and isinstance(out.get(key), list):
            ident = _KEYED_TABLES[key]
            # (an id that is no string - `id = ["x"]` - cannot key a merge: pydantic reports it)
            merged = {(k if isinstance(k := item.get(ident), str) else id(item)): item
                      for item in out[key] if isinstance(item, dict)}
            order = list(merged)
            for item in value:
                if not isinstance(item, dict) or not isinstance(item.get(ident), str):
                    order.append(id(item))
                    merged[id(item)] = item
                    continue
                name: str = item[ident]
                if name in merged:
                    merged[name] = _merge(merged[name], item)
                else:
                    order.append(name)
                    merged[name] = item
            out[key] = [merged[k] for k in order]
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _resolve(path: Path, seen: tuple[str, ...]) -> tuple[dict[str, Any], list[tuple[Path, dict[str, Any]]]]:
    """The policy with its `extends` chain merged in, and each file of the chain as read
    (this file first), so a problem can be traced to the file that holds the key."""
    data = _read_toml(path)
    parent_id = data.get("extends")
    if parent_id is None:
        return data, [(path, data)]
    if not isinstance(parent_id, str) or not _POLICY_ID.match(parent_id):
        # an id, never a path: `extends = "../../x"` must not reach outside the policy folders
        raise PolicyError(str(path), [("extends", "must be the id of a policy, e.g. 'gdpr-strict'")])
    raw_id = data.get("id")
    own_id: str = raw_id if isinstance(raw_id, str) else path.stem
    if parent_id in (*seen, own_id):
        chain = " -> ".join((*seen, own_id, parent_id))
        raise PolicyError(str(path), [("extends", f"cycle: {chain}")])
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise PolicyError(str(path), [("extends", f"deeper than {MAX_EXTENDS_DEPTH} levels")])
    candidates = [path.parent / f"{parent_id}.toml"] + [d / f"{parent_id}.toml" for d in builtin_policy_dirs()]
    parent_path = next((c for c in candidates if c.is_file()), None)
    if parent_path is None:
        raise PolicyError(str(path), [("extends", f"no policy {parent_id!r} beside this file or among the shipped policies")])
    parent, chain = _resolve(parent_path, (*seen, own_id))
    merged = _merge(parent, data)
    merged["extends"] = parent_id
    return merged, [(path, data), *chain]


def _held(loc: tuple[Any, ...], merged: dict[str, Any], raw: dict[str, Any]) -> int:
    """How many steps of `loc` (a path in the merged policy) one file of the chain holds.
    A `[[purpose]]` or `[[override]]` item is found in the file by its id or domain, as the
    merge keyed it; any other array came whole from one file."""
    node_m: Any = merged
    node_r: Any = raw
    depth = 0
    for i, step in enumerate(loc):
        if isinstance(step, int):
            if not (isinstance(node_m, list) and isinstance(node_r, list) and 0 <= step < len(node_m)):
                break
            ident = _KEYED_TABLES.get(str(loc[i - 1])) if i else None
            item = node_m[step]
            if ident is None:
                if step >= len(node_r):
                    break
                node_m, node_r = item, node_r[step]
            else:
                name = item.get(ident) if isinstance(item, dict) else None
                match = next((r for r in node_r if isinstance(r, dict) and r.get(ident) == name), None)
                if not isinstance(name, str) or match is None:
                    break
                node_m, node_r = item, match
        else:
            if not (isinstance(node_r, dict) and step in node_r):
                break
            node_m = node_m.get(step) if isinstance(node_m, dict) else None
            node_r = node_r[step]
        depth += 1
    return depth


def _origin(loc: tuple[Any, ...], merged: dict[str, Any], chain: list[tuple[Path, dict[str, Any]]]) -> Path:
    """The file of the chain that holds the most of `loc`; on a tie the nearer one (a child's
    value replaces its parent's). A key no file holds (one that is missing) is the loaded file's."""
    best_path, best_depth = chain[0][0], _held(loc, merged, chain[0][1])
    for path, raw in chain[1:]:
        depth = _held(loc, merged, raw)
        if depth > best_depth:
            best_path, best_depth = path, depth
    return best_path


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


def _problems(exc: ValidationError, data: dict[str, Any],
              chain: list[tuple[Path, dict[str, Any]]]) -> tuple[list[tuple[str, str]], list[str | None]]:
    """`(key_path, reason)` per validation error, and the file of the `extends` chain that
    holds each key (None: the loaded file itself)."""
    out: list[tuple[str, str]] = []
    sources: list[str | None] = []
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        key = _key_path(loc, data)
        extra = (err.get("ctx") or {}).get("key")
        if isinstance(extra, str):
            key = f"{key}.{extra}" if key else extra
            loc = (*loc, *extra.split("."))
        origin = _origin(loc, data, chain)
        sources.append(None if origin == chain[0][0] else str(origin))
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if err["type"] == "extra_forbidden":
            message = "unknown key (not in schema v1; check the spelling)"
        elif err["type"] == "missing":
            message = "required key is missing"
        elif "input" in err and err["type"] not in ("model_type",) and not isinstance(err["input"], dict | list):
            message = _TOML_TYPES.get(err["type"], message)
            shown = repr(err["input"])
            message = f"{message} (got {shown[:60]})"
        out.append((key, message))
    return out, sources


def policy_fingerprint(policy: Policy) -> str:
    """SHA-256 of the resolved policy as canonical JSON: the same rules give the same hash,
    whatever the comments, order or `extends` chain in the files."""
    canonical = json.dumps(
        policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_policy(path: str | Path) -> Policy:
    """Load, resolve and validate a policy file (or a shipped policy by id).

    Raises `PolicyError` naming the file, the key path and the reason.
    """
    resolved_path = find_policy(path)
    data, chain = _resolve(resolved_path, ())
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems, sources = _problems(exc, data, chain)
        raise PolicyError(str(resolved_path), problems, sources=sources) from None
    policy._source = str(resolved_path)
    policy._sha256 = policy_fingerprint(policy)
    for key, reason in policy.warnings():
        log.warning("scrapeguard: policy %s: %s: %s", resolved_path, key, reason)
    return policy
