"""Spawning's `/ai.txt` (consent-signals.md §5).

A robots.txt look-alike read when media is downloaded: `User-Agent` groups with
`Allow` / `Disallow` globs that often lack the leading slash (`Disallow: *.jpg`). A
matching Disallow means "do not train AI on this file"; a matching Allow allows it;
no match says nothing (UNKNOWN). File-type rules (`*.jpg`, `*.jpg$`) match any case
(`DSC_0001.JPG` is a jpg), and at a 2xx answer a picture, a sound or a film of that type
whatever its URL names, unless an Allow rule its URL matches ranks above it (`/photos/1234`
served as image/jpeg: `typed_urls`); path rules stay case-sensitive as in robots.txt. Other
files called ai.txt (aitxt.ing Markdown, kaylacar's `Key: value` blocks) are recognised
and ignored with a note; an HTML page in its place (a site's catch-all answer) is no ai.txt, and an empty
or comment-only file says nothing. One longer than the 256 KiB read is said to be (`aitxt.truncated`).
There is no published error rule: 4xx / 5xx / unreachable give UNKNOWN (5xx with a note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from scrapeguard.codings import identity_note
from scrapeguard.resource import FetchResult
from scrapeguard.signals.base import Family, Signal, Usage, Verdict, coding_note, page_in_place, unanswered
from scrapeguard.signals.robots import (LINE_SPLIT, RobotsTxt, cut_note, decode, refusal_outranks, rule_kind,
                                       utf16_note)
from scrapeguard.signals.usage import AITXT_ASPECTS, aspects_of

MAX_FILE_BYTES = 256 * 1024
FRESH_SECONDS = 24 * 3600.0
RETRY_SECONDS = 300.0


@dataclass(slots=True)
class AiTxtState:
    kind: str  # "spawning" | "other-format" | "absent" | "broken"
    source: str
    robots: RobotsTxt | None = None
    reason: str = ""
    coding: str = ""  # sent with a Content-Encoding that is no coding, read as plain text (`identity_note`)
    charset: str = ""  # written in UTF-16, read as such (`utf16_note`)
    cut: str = ""  # longer than the reading cap: the rules past it were not read (`cut_note`)
    file_types: bool = False  # it has file-type rules (`*.jpg`): only then is an answer named by its type


def classify(text: str) -> str:
    """`spawning` if the file has robots-style user-agent and rule lines, as the parser reads them
    (`rule_kind`: `User agent`, a key with a zero-width space or a misread byte-order mark before it);
    else the name of the other format it looks like.

    Why the parser's reading: told by a stricter pattern of its own, a file whose `Disallow: /` the
    parser reads was called another format, and its refusal ignored (with a note)."""
    kinds = [rule_kind(line) for line in LINE_SPLIT.split(text)]
    if "user-agent" in kinds and sum(1 for kind in kinds if kind) >= 2:
        return "spawning"
    stripped = text.lstrip()
    if stripped.startswith("---") or stripped.startswith("#") or "](" in text:
        return "markdown (aitxt.ing)"
    if re.search(r"^[ \t]*(training|agent|training-allow|training-deny)[ \t]*:", text, re.IGNORECASE | re.MULTILINE):
        return "key-value policy (ai-txt SPEC)"
    return "unrecognised"


class AiTxtFile:
    """The `/ai.txt` host file."""

    families: tuple[Family, ...] = ("ai_txt",)
    path = "/ai.txt"
    max_bytes = MAX_FILE_BYTES

    def parse(self, result: FetchResult) -> AiTxtState:
        status = result.status
        if unanswered(status):
            what = f"HTTP {status}" if status is not None else f"unreachable ({result.error or 'no response'})"
            return AiTxtState("broken", result.url, reason=what)
        assert status is not None  # (`unanswered` takes no answer)
        if not 200 <= status < 300:
            return AiTxtState("absent", result.url, reason=f"HTTP {status}")
        source = result.final_url or result.url
        text = decode(result.body, MAX_FILE_BYTES, whole=not result.truncated)
        kind = classify(text)
        coding = identity_note(result.headers.get("content-encoding"), "ai.txt")
        charset = utf16_note(result.body, "ai.txt")
        if kind != "spawning" and page_in_place(result.body):  # a site's catch-all answer: no ai.txt at all
            return AiTxtState("absent", source, reason=f"HTTP {status} with an HTML page in its place")
        if not any(line.split("#", 1)[0].strip() or line.lstrip().startswith("##") for line in text.splitlines()):
            # empty, or comments alone (a host's placeholder, Spawning's header with no rule chosen): no rule, and
            # no file of another format either (it was noted as one on every decision for the site). Not a
            # Markdown policy of headings alone ("## No AI training on any content"): another format, said
            return AiTxtState("absent", source, reason=f"HTTP {status}, no rule in it")
        if kind != "spawning":
            return AiTxtState("other-format", source, reason=kind, coding=coding, charset=charset)
        robots = RobotsTxt.parse(text, lenient_patterns=True)
        return AiTxtState("spawning", source, robots, coding=coding, charset=charset,
                          cut=cut_note(result, MAX_FILE_BYTES, "ai.txt"),
                          file_types=any(rule.fold for group in robots.groups for rule in group.rules))

    def evaluate(self, state: object, url: str, product_token: str, usage: Usage,
                 served_as: str | None = None) -> list[Signal]:
        if not isinstance(state, AiTxtState) or state.kind == "absent":
            return []
        if state.kind == "broken":
            return [Signal("ai_txt", Verdict.UNKNOWN, "aitxt.unavailable",
                           f"ai.txt could not be read ({state.reason}); no rule", state.source, True)]
        noted = [*coding_note("ai_txt", "aitxt.coding_ignored", state.coding, state.source),
                 *coding_note("ai_txt", "aitxt.utf16", state.charset, state.source),
                 *coding_note("ai_txt", "aitxt.truncated", state.cut, state.source)]
        if state.kind == "other-format" or state.robots is None:
            return [Signal("ai_txt", Verdict.UNKNOWN, "aitxt.other_format",
                           f"ai.txt is not Spawning's format ({state.reason}); ignored", state.source, True), *noted]
        decision = state.robots.decide(url, product_token)
        served = ""
        if served_as and state.file_types and decision.allowed:  # (a file without file-type rules: no typed names)
            for typed in typed_urls(url, served_as):  # (`/photos/1234` served as image/jpeg is a .jpg file)
                by_type = state.robots.decide(typed, product_token)
                if by_type.untried:  # (as the URL's own: not the silence of a file without a rule for it)
                    decision = by_type
                    break
                # (ranked against the rule the URL itself matched: `Allow: /image.php?id=` stands, `Allow: /` not)
                if not by_type.allowed and by_type.rule is not None and by_type.rule.fold \
                        and refusal_outranks(by_type.rule, decision.rule):
                    decision, served = by_type, f" (served as {served_as.split(';', 1)[0].strip()})"
                    break
        touched = bool(set(aspects_of(usage)) & set(AITXT_ASPECTS))
        if decision.untried:  # (no rule decided: not the silence of a file without one for this URL)
            return [Signal("ai_txt", Verdict.DENY if touched else Verdict.UNKNOWN, "aitxt.wildcards_untried",
                           f"ai.txt holds too many `*` rules to decide this file ({decision.untried}): reserved "
                           "against AI training, as one not tried may reserve it", state.source, True), *noted]
        if decision.rule is None:
            return noted
        where = f"{state.source} line {decision.rule.line}"
        if decision.allowed:
            return [Signal("ai_txt", Verdict.ALLOW if touched else Verdict.UNKNOWN, "aitxt.allow",
                           f"ai.txt `Allow: {decision.rule.value}` permits AI training", where), *noted]
        return [Signal("ai_txt", Verdict.DENY if touched else Verdict.UNKNOWN, "aitxt.disallow",
                       f"ai.txt `Disallow: {decision.rule.value}` reserves this file{served} against AI training",
                       where),
                *noted]

    def ttl(self, result: FetchResult) -> float:
        if unanswered(result.status):
            return RETRY_SECONDS
        return FRESH_SECONDS


# The extensions ai.txt names pictures, sounds and films by, per the type they are served as: its file-type
# rules are about media (Spawning's generator lists images, audio, video). A table of its own, not mimetypes':
# Python's differs by version and reads the machine's mime.types, and for text/plain or octet-stream it names
# code and executables (`*.c`, `*.exe`), which refused a licence text or any download.
_MEDIA_EXTENSIONS: Final[dict[str, tuple[str, ...]]] = {
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"), "image/pjpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/png": (".png",), "image/apng": (".apng", ".png"), "image/gif": (".gif",), "image/webp": (".webp",),
    "image/avif": (".avif",), "image/heic": (".heic",), "image/heif": (".heif", ".heic"), "image/jxl": (".jxl",),
    "image/bmp": (".bmp",), "image/x-ms-bmp": (".bmp",), "image/tiff": (".tif", ".tiff"), "image/svg+xml": (".svg",),
    "image/x-icon": (".ico",), "image/vnd.microsoft.icon": (".ico",),
    "video/mp4": (".mp4", ".m4v"), "video/webm": (".webm",), "video/quicktime": (".mov",), "video/x-msvideo": (".avi",),
    "video/mpeg": (".mpeg", ".mpg"), "video/ogg": (".ogv",), "video/x-matroska": (".mkv",),
    "audio/mpeg": (".mp3",), "audio/ogg": (".ogg", ".oga"), "audio/wav": (".wav",), "audio/x-wav": (".wav",),
    "audio/flac": (".flac",), "audio/aac": (".aac",), "audio/mp4": (".m4a",), "audio/webm": (".weba",),
    # the aliases servers send too (an S3 upload's, a PHP script's `image/jpg`): a JPEG so served from
    # `/media/1234` passed `Disallow: *.jpg` (found in review)
    "image/jpg": (".jpg", ".jpeg", ".jpe", ".jfif"), "image/x-png": (".png",),
    "image/vnd.mozilla.apng": (".apng", ".png"),
    "image/x-bmp": (".bmp",), "image/x-tiff": (".tif", ".tiff"), "video/x-m4v": (".m4v", ".mp4"),
    "audio/mp3": (".mp3",), "audio/x-mp3": (".mp3",), "audio/mpeg3": (".mp3",), "audio/x-mpeg-3": (".mp3",),
    "audio/wave": (".wav",), "audio/vnd.wave": (".wav",), "audio/x-flac": (".flac",), "audio/x-m4a": (".m4a",),
}


def names_media_type(served_as: str | None) -> bool:
    """Does a Content-Type name a picture, a sound or a film `typed_urls` knows the file extensions of?"""
    return served_as is not None and served_as.split(";", 1)[0].strip().lower() in _MEDIA_EXTENSIONS


def typed_urls(url: str, served_as: str) -> list[str]:
    """`url` named as a file of the media type it was served as, once per extension of that type
    (`/photos/1234` served as image/jpeg: `/photos/1234.jpg`, `.jpeg`, …), for ai.txt's file-type
    rules ("do not train on these file types"): most image CDNs' URLs name no extension, and
    `Disallow: *.jpg` read on the URL alone let every such JPEG through. Not the extension the URL's
    file ends in already (`a.jpeg`: `.jpg`, `.jpe`, `.jfif`); none when the type is no picture, sound
    or film (`_MEDIA_EXTENSIONS`)."""
    extensions = _MEDIA_EXTENSIONS.get(served_as.split(";", 1)[0].strip().lower(), ())
    head, mark, query = url.split("#", 1)[0].partition("?")
    if "/" not in head.partition("//")[2]:  # (no path: `http://h` is `http://h/`)
        head += "/"
    own = next((e for e in extensions if head.lower().endswith(e)), None)  # (`a.jpeg` is a .jpg file too)
    return [head + extension + mark + query for extension in extensions if extension != own]
