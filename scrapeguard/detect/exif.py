"""Personal data in EXIF metadata: GPS position, serial numbers, owner/author names.

Why: a photo's metadata can locate a person's home or link pictures to one camera (and so
one owner) even when no face is visible. Findings say WHAT is there without repeating it:
a GPS position is summarised to a 10-degree band (about 1000 km), serial numbers and names
are withheld (only their tag and length are given), so the audit log stores no new
personal data.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

from PIL import Image

from scrapeguard.detect.base import PersonalData

log = logging.getLogger("scrapeguard")

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
# tag -> name; IFD0 tags and Exif-IFD tags are looked up in both (writers misplace them).
SERIAL_TAGS: dict[int, str] = {0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber", 0xC62F: "CameraSerialNumber"}
OWNER_TAGS: dict[int, str] = {0xA430: "CameraOwnerName", 0x013B: "Artist", 0x8298: "Copyright", 0x9C9D: "XPAuthor"}
_PLACEHOLDERS = {"", "unknown", "none", "n/a", "na", "-", "copyright", "(c)", "©", "all rights reserved", "0"}


def _text(value: Any) -> str:
    """An EXIF value as clean text (XP* tags are UTF-16LE byte strings)."""
    if isinstance(value, bytes):
        for codec in ("utf-16-le", "utf-8", "latin-1") if len(value) % 2 == 0 and b"\x00" in value else ("utf-8", "latin-1"):
            try:
                value = value.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(v, int) for v in value):  # XP tags read as int tuples
            try:
                return _text(bytes(value))
            except ValueError:
                return ""
        return " ".join(_text(v) for v in value)
    return str(value).replace("\x00", "").strip()


def _degrees(value: Any) -> float | None:
    """(deg, min, sec) rationals to decimal degrees; None when unreadable."""
    try:
        parts = [float(v) for v in value]
        if not parts:
            return None
        parts += [0.0] * (3 - len(parts))
        result = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return result if math.isfinite(result) else None


def _band(value: float, positive: str, negative: str, limit: float) -> str:
    """A 10-degree band such as 40–50°N: coarse enough not to locate anyone."""
    if abs(value) > limit:
        return "invalid"
    hemisphere = positive if value >= 0 else negative
    low = int(abs(value) // 10 * 10)
    return f"{low}–{min(low + 10, int(limit))}°{hemisphere}"


def gps_finding(gps: Mapping[int, Any]) -> PersonalData | None:
    """A GPS position, reported as present with a coarse band; never the coordinates."""
    lat, lon = _degrees(gps.get(2)), _degrees(gps.get(4))
    if lat is None or lon is None:
        if gps.get(2) is not None or gps.get(4) is not None:
            return PersonalData("exif.gps", "EXIF GPS position present (unreadable; value withheld)")
        return None
    if str(gps.get(1, "N")).strip().upper().startswith("S"):
        lat = -lat
    if str(gps.get(3, "E")).strip().upper().startswith("W"):
        lon = -lon
    when = " with a timestamp" if gps.get(29) or gps.get(7) else ""
    return PersonalData(
        "exif.gps",
        f"EXIF GPS position present{when} (roughly {_band(lat, 'N', 'S', 90)}, {_band(lon, 'E', 'W', 180)};"
        " exact coordinates withheld)")


def personal_data(exif: Image.Exif | None) -> list[PersonalData]:
    """Every personal-data item in one EXIF block. Never raises on broken metadata."""
    if not exif:
        return []
    out: list[PersonalData] = []
    try:
        gps = exif.get_ifd(GPS_IFD)
        finding = gps_finding(gps) if gps else None
        if finding:
            out.append(finding)
    except Exception as exc:  # noqa: BLE001 - a malformed GPS IFD is reported as present
        log.debug("scrapeguard: unreadable GPS IFD: %s", exc)
        if GPS_IFD in exif:
            out.append(PersonalData("exif.gps", "EXIF GPS block present (unreadable; value withheld)"))
    tags: dict[int, Any] = {}
    try:
        tags.update(exif.get_ifd(EXIF_IFD))
    except Exception as exc:  # noqa: BLE001
        log.debug("scrapeguard: unreadable Exif IFD: %s", exc)
    tags.update({k: v for k, v in exif.items() if k in SERIAL_TAGS or k in OWNER_TAGS})
    for tag, name in SERIAL_TAGS.items():
        text = _text(tags.get(tag, ""))
        if text.lower() not in _PLACEHOLDERS and text.strip("0 ") != "":
            out.append(PersonalData("exif.serial", f"EXIF {name} present ({len(text)} characters; value withheld)"))
    for tag, name in OWNER_TAGS.items():
        text = _text(tags.get(tag, ""))
        if text.lower().strip(" .") not in _PLACEHOLDERS:
            out.append(PersonalData(
                "exif.owner", f"EXIF {name} names a person or owner ({len(text)} characters; value withheld)"))
    return out
