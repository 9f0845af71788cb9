"""Spawning ai.txt: robots-style groups, globs without a leading slash, other formats
recognised and ignored with a note."""

from __future__ import annotations

import itertools

import pytest

from scrapeguard.resource import FetchResult, Headers
from scrapeguard.signals.aitxt import MAX_FILE_BYTES, AiTxtFile, classify
from scrapeguard.signals.base import Verdict

SPAWNING = """# ai.txt for art.example.com
User-Agent: *
Disallow: *.jpg
Disallow: *.png
Disallow: /drafts/
Allow: /press-kit/
"""


def signals(body: str, url: str, usage: str = "train-ai", status: int = 200) -> list:  # noqa: ANN401
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", status, body=body.encode()))
    return reader.evaluate(state, url, "scrapeguard", usage)  # type: ignore[arg-type]


def test_disallowed_file_types() -> None:
    [s] = signals(SPAWNING, "http://h/photos/x.jpg")
    assert (s.verdict, s.code, s.source) == (Verdict.DENY, "aitxt.disallow", "http://h/ai.txt line 3")
    assert signals(SPAWNING, "http://h/about.html") == []  # no rule: unknown
    assert signals(SPAWNING, "http://h/drafts/a.txt")[0].verdict == Verdict.DENY
    assert signals(SPAWNING, "http://h/press-kit/readme.txt")[0].verdict == Verdict.ALLOW


@pytest.mark.parametrize("line", ["Disallow: *.jpg, *.png", "Disallow: *.jpg *.png", "Disallow: jpg, png",
                                  "Disallow: .jpg .png"])
def test_a_list_of_file_types_on_one_line_refuses_each(line: str) -> None:
    """(A signals review: `Disallow: *.jpg, *.png` was one pattern matching nothing, both types allowed without a
    word; `Disallow: jpg` the pattern `*jpg`, which refused `/jpgallery/logo.png`.)"""
    body = f"User-Agent: *\n{line}\n"
    for url in ("http://h/a/x.jpg", "http://h/a/x.PNG"):
        assert [s.verdict for s in signals(body, url)] == [Verdict.DENY], url
    assert signals(body, "http://h/jpgallery/logo.gif") == []


@pytest.mark.parametrize(("body", "url", "verdicts"), [
    ("User-Agent: *\nDisallow: /\nAllow: /press kit/\n", "http://h/pressroom/ceo.jpg", [Verdict.DENY]),
    ("User-Agent: *\nDisallow: /my photos/\n", "http://h/myaccount", []),
    ("User-Agent: *\nDisallow: /a,b/\n", "http://h/web/x", []),
])
def test_a_line_that_is_no_list_of_file_types_is_one_value(body: str, url: str, verdicts: list) -> None:
    """(Review of the change: split at its blank or comma, `Allow: /press kit/` allowed `/pressroom/` against a
    `Disallow: /`, and `Disallow: /my photos/` refused `/myaccount`.)"""
    assert [s.verdict for s in signals(body, url)] == verdicts


@pytest.mark.parametrize("body", ["<!DOCTYPE html><html><head><title>Shop</title></head><body></body></html>",
                                  "\n<html><body><p>Page not found</p></body></html>"])
def test_an_html_page_in_its_place_is_no_ai_txt_and_no_warning(body: str) -> None:
    """A site's catch-all answer (an SPA host's index.html, a CMS's 200 "not found") for /ai.txt was
    read as an ai.txt of another format: an `aitxt.other_format` warning on every decision for the site."""
    assert signals(body, "http://h/photos/x.jpg") == []


def test_spawning_rules_served_as_html_are_still_read() -> None:
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", 200, Headers({"Content-Type": "text/html"}), SPAWNING.encode()))
    assert [s.code for s in reader.evaluate(state, "http://h/photos/x.jpg", "scrapeguard", "train-ai")] == ["aitxt.disallow"]


def test_an_ai_txt_saved_as_utf16_with_its_mark_is_read_and_noted() -> None:
    """Read as UTF-8, a UTF-16 ai.txt held no line: its `Disallow: *.jpg` reserved nothing, unsaid."""
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", 200, body=SPAWNING.encode("utf-16")))
    out = reader.evaluate(state, "http://h/photos/x.jpg", "scrapeguard", "train-ai")
    assert [(s.code, s.verdict) for s in out] == [("aitxt.disallow", Verdict.DENY), ("aitxt.utf16", Verdict.UNKNOWN)]


def test_a_line_the_256_kib_cap_cuts_is_no_rule() -> None:
    """ai.txt is read up to 256 KiB; a cut `Allow: /press-kit/` read as `Allow: /` would permit every file."""
    head = "User-Agent: *\nDisallow: /\n"
    pad_len = MAX_FILE_BYTES - len(head) - len("Allow: /")
    body = head + ("#" * 99 + "\n") * (pad_len // 100) + "#" * (pad_len % 100 - 1) + "\n"
    body += "Allow: /press-kit/\n"
    assert body.encode()[:MAX_FILE_BYTES].endswith(b"Allow: /")
    [s, note] = signals(body, "http://h/photos/x.jpg")
    assert (s.verdict, s.code) == (Verdict.DENY, "aitxt.disallow")
    assert (note.code, note.verdict, note.warning) == ("aitxt.truncated", Verdict.UNKNOWN, True)


@pytest.mark.parametrize("url", ["http://h/photos/x.jpg", "http://h/about.html"])
def test_an_ai_txt_longer_than_the_cap_is_said_to_be_cut(url: str) -> None:
    """The fetch stops at 256 KiB: a `Disallow: *.jpg` past it reserved nothing, without a word (robots.txt
    and tdmrep.json say they were cut). The rules read still decide; the note says some were not read."""
    body = ("User-Agent: *\nDisallow: /drafts/\n" + "# padding\n" * 30_000 + "Disallow: *.jpg\n").encode()
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", 200, body=body[:MAX_FILE_BYTES], truncated=True))
    out = reader.evaluate(state, url, "scrapeguard", "train-ai")
    assert [(s.code, s.verdict, s.warning) for s in out] == [("aitxt.truncated", Verdict.UNKNOWN, True)]
    assert "256 KiB" in out[0].detail and "not read" in out[0].detail
    whole = reader.parse(FetchResult("http://h/ai.txt", 200, body=SPAWNING.encode()))
    assert "aitxt.truncated" not in [s.code for s in reader.evaluate(whole, url, "scrapeguard", "train-ai")]


def test_a_whole_ai_txt_of_exactly_256_kib_keeps_its_last_line_without_a_newline() -> None:
    """All the file, though as long as the cap: its last `Disallow: *.jpg` was dropped as a cut line,
    and nothing said so."""
    head = b"User-Agent: *\nDisallow: /drafts/\n"
    last = b"Disallow: *.jpg"
    body = head + b"#" * (MAX_FILE_BYTES - len(head) - len(last) - 1) + b"\n" + last
    assert len(body) == MAX_FILE_BYTES
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", 200, body=body))
    out = reader.evaluate(state, "http://h/photos/x.jpg", "scrapeguard", "train-ai")
    assert [(s.code, s.verdict) for s in out] == [("aitxt.disallow", Verdict.DENY)]


def test_longest_match_allow_beats_a_shorter_glob() -> None:
    body = "User-Agent: *\nDisallow: *.jpg\nAllow: /press-kit/logos/\n"
    assert signals(body, "http://h/press-kit/logos/a.jpg")[0].verdict == Verdict.ALLOW


def test_only_training_purposes_are_touched() -> None:
    assert signals(SPAWNING, "http://h/x.jpg", "search")[0].verdict == Verdict.UNKNOWN
    assert signals(SPAWNING, "http://h/x.jpg", "train-ai")[0].verdict == Verdict.DENY


@pytest.mark.parametrize("name", ["DSC_0001.jpg", "DSC_0001.JPG", "Photo.Jpeg", "IMG_2000.PNG", "x.jPg?v=2"])
def test_file_type_rules_ignore_case(name: str) -> None:
    """`Disallow: *.jpg` names a file type: cameras write `.JPG`, and it is the same type."""
    body = "User-Agent: *\nDisallow: *.jpg\nDisallow: *.jpeg\nDisallow: .png$\n"
    [s] = signals(body, f"http://h/gallery/{name}")
    assert (s.verdict, s.code) == (Verdict.DENY, "aitxt.disallow")


@pytest.mark.parametrize("rule", ["/*.jpg", "/*.jpg$", "/*.JPG"])
@pytest.mark.parametrize("name", ["a.jpg", "a.JPG", "Photo.Jpg"])
def test_file_type_rules_with_a_leading_slash_ignore_case_too(rule: str, name: str) -> None:
    """`/*.jpg` names the same files as `*.jpg` (every path starts with `/`), so it is the
    same file-type rule and ignores case the same way."""
    [s] = signals(f"User-Agent: *\nDisallow: {rule}\n", f"http://h/gallery/{name}")
    assert (s.verdict, s.code) == (Verdict.DENY, "aitxt.disallow") and rule in s.detail


@pytest.mark.parametrize("name", ["dump.TAR.GZ", "dump.tar.gz", "Notes.Tar.Gz?v=1"])
def test_a_file_type_of_two_parts_ignores_case_too(name: str) -> None:
    """`*.tar.gz` names a file type as `*.jpg` does: `DUMP.TAR.GZ` was let through for training."""
    [s] = signals("User-Agent: *\nDisallow: *.tar.gz\n", f"http://h/files/{name}")
    assert (s.verdict, s.code) == (Verdict.DENY, "aitxt.disallow")


def test_upper_case_file_type_rule_covers_lower_case_names() -> None:
    [s] = signals("User-Agent: *\nDisallow: *.JPG\n", "http://h/a.jpg")
    assert (s.verdict, s.source) == (Verdict.DENY, "http://h/ai.txt line 2")
    assert "*.JPG" in s.detail  # the rule as the file wrote it


def test_case_blind_file_type_rule_keeps_longest_match() -> None:
    body = "User-Agent: *\nDisallow: *.JPG\nAllow: /press-kit/\n"
    assert signals(body, "http://h/press-kit/a.jpg")[0].verdict == Verdict.ALLOW
    assert signals(body, "http://h/gallery/a.jpg")[0].verdict == Verdict.DENY
    # an Allow file-type rule as long as a Disallow wins the tie, as in robots.txt
    tie = "User-Agent: *\nDisallow: /a/bc\nAllow: *.JPG\n"  # both five octets
    assert signals(tie, "http://h/a/bc.jpg")[0].verdict == Verdict.ALLOW
    assert signals(tie, "http://h/a/bcd.png")[0].verdict == Verdict.DENY


def test_path_rules_stay_case_sensitive() -> None:
    assert signals("User-Agent: *\nDisallow: /Drafts/\n", "http://h/drafts/x.jpg") == []
    assert signals("User-Agent: *\nDisallow: *.jpg$\n", "http://h/x.jpg.html") == []


def test_patterns_without_slash_match_anywhere() -> None:
    assert signals("User-Agent: *\nDisallow: gallery/\n", "http://h/a/gallery/x.png")[0].verdict == Verdict.DENY


def test_a_pattern_without_slash_matches_whole_octets_not_inside_an_escape() -> None:
    """`A9-photo` is `*A9-photo`: spelt `%C3%A9`, `é` ended in its `A9`, and `/private/café-photo` was allowed
    for training over `Disallow: /private/` (a signals review: RFC 9309 §2.2.2 compares octets)."""
    body = "User-Agent: *\nDisallow: /private/\nAllow: A9-photo\n"
    [s] = signals(body, "http://h/private/café-photo")
    assert (s.verdict, s.source) == (Verdict.DENY, "http://h/ai.txt line 2")
    assert signals(body, "http://h/private/cafA9-photo")[0].verdict == Verdict.ALLOW


@pytest.mark.parametrize("body", [
    "User agent: *\nDisallow: /\n",  # the spelling the robots.txt parser reads as User-agent
    "\u00ef\u00bb\u00bfUser-Agent: *\nDisallow: /\n",  # a byte-order mark misread, saved back as UTF-8
    "User-Agent: *\n\u200bDisallow: /\n",  # a zero-width space pasted before the key
    "User-Agent: *\n\u00a0Disallow: /\n",
])
def test_a_spawning_file_is_told_as_its_rules_are_read(body: str) -> None:
    """The format was told by a pattern of its own, stricter than the parser that reads the rules: a file
    the parser reads as `User-agent: *` / `Disallow: /` was called another format, and its refusal ignored."""
    assert classify(body) == "spawning"
    [s] = signals(body, "http://h/photos/x.jpg")
    assert (s.verdict, s.code) == (Verdict.DENY, "aitxt.disallow")


@pytest.mark.parametrize(("body", "kind"), [
    ("---\ntitle: x\n---\n# About\nSome text", "markdown (aitxt.ing)"),
    ("# My site\n\nSee [docs](https://x)\n", "markdown (aitxt.ing)"),
    ("Training: deny\nTraining-Allow: /blog/*\n", "key-value policy (ai-txt SPEC)"),
    ("hello", "unrecognised"),
])
def test_other_formats_are_ignored_with_a_note(body: str, kind: str) -> None:
    assert classify(body) == kind
    [s] = signals(body, "http://h/x.jpg")
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "aitxt.other_format", True)


@pytest.mark.parametrize("body", ["", "\n\n", "# Spawning AI\n# Prevent datasets from using the following file types\n"])
def test_an_empty_or_comment_only_ai_txt_says_nothing_and_is_no_other_format(body: str) -> None:
    """An empty /ai.txt (a placeholder a host creates), or Spawning's generator's header with no rule chosen,
    was called a file 'not Spawning's format' (an `aitxt.other_format` warning on every decision for the
    site, the comment-only one even taken for Markdown): it holds no rule, and nothing is said of it."""
    assert signals(body, "http://h/photos/x.jpg") == []


def test_a_markdown_policy_of_headings_alone_is_another_format_said_not_an_empty_file() -> None:
    """aitxt.ing-style Markdown whose only lines are headings ("## No AI training on any content of
    this site") was taken for a comment-only file and said nothing."""
    body = "# AI policy\n## No AI training on any content of this site\n"
    assert [s.code for s in signals(body, "http://h/photos/x.jpg")] == ["aitxt.other_format"]


@pytest.mark.parametrize(("status", "expected"), [(404, []), (500, ["aitxt.unavailable"]), (407, ["aitxt.unavailable"]),
                                                (408, ["aitxt.unavailable"]), (None, ["aitxt.unavailable"])])
def test_errors_are_unknown(status: int | None, expected: list[str]) -> None:
    assert [s.code for s in signals(SPAWNING, "http://h/x.jpg", status=status)] == expected  # type: ignore[arg-type]


CODE_ONLY = "User-Agent: *\n" + "".join(f"Disallow: *.{ext}\n" for ext in "py js java c cpp cs h css php".split())


@pytest.mark.parametrize("path", ["/blog/post.html", "/img/cat.cropped.jpg", "/data/prices.csv", "/api/data.json",
                                  "/src/main.cx", "/a.h/page"])
def test_a_file_type_rule_names_the_files_end_not_a_part_of_the_name(path: str) -> None:
    """Spawning's "code only" ai.txt refuses file types: read as prefixes, `*.h` refused `post.html`, `*.c`
    `cat.cropped.jpg`, `*.cs` `prices.csv` and `*.js` `data.json`, which the site never opted out."""
    assert [s.code for s in signals(CODE_ONLY, "https://example.com" + path)] == []


@pytest.mark.parametrize("path", ["/src/main.c", "/lib/util.H", "/app.js?v=3", "/x/Site.CSS?", "/a/b.cpp"])
def test_a_file_type_rule_refuses_its_files_with_a_query_or_in_any_case(path: str) -> None:
    codes = [(s.code, s.verdict) for s in signals(CODE_ONLY, "https://example.com" + path)]
    assert codes == [("aitxt.disallow", Verdict.DENY)]


@pytest.mark.parametrize(("path", "refused"), [
    ("/search?q=stdio.h", False), ("/blog/post.html?ref=main.c", False), ("/news/a.html?utm_source=app.js", False),
    ("/a.jpg/", False), ("/a.JPG;jsessionid=1", True), ("/a.jpg;v=2", True), ("/media/a.png:large", True),
    ("/a.jpg#top", True), ("/backup.tar.gz", True), ("/up/2024-01-01T10:15:30Z.jpg", True),
    ("/up/2024-01-01T10%3A15%3A30Z.jpg", True), ("/wiki/File:Angela_Merkel.jpg", True), ("/s3/photo:2x.png", True),
    ("/up/A%3BB.PNG", True),
])
def test_a_file_type_rule_reads_the_file_a_url_names_not_its_query(path: str, refused: bool) -> None:
    """The file ends before the query (`*.h` refused `/search?q=stdio.h`), and may end before a `;` parameter or
    a `:` size, which are as often part of its name (`File:Angela_Merkel.jpg`, a time stamp's colons)."""
    body = CODE_ONLY + "Disallow: *.jpg\nDisallow: *.png\nDisallow: *.tar.gz\n"
    assert bool(signals(body, "https://example.com" + path)) is refused


# ------------------------------------------------------------ found in review (session 49)
def test_a_file_type_rule_refuses_a_file_of_that_type_whatever_its_url_names() -> None:
    """(review) `Disallow: *.jpg` was read on the URL alone: a JPEG served from `/photos/1234` or
    `image.php?id=1234`, as most image CDNs serve them, was collected for training with no word. At the
    answer, the file is named by its Content-Type too (`typed_urls`, Python's own type table)."""
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", 200, body=SPAWNING.encode()))
    for url in ("http://h/photos/1234", "http://h/image.php?id=1234"):
        assert reader.evaluate(state, url, "scrapeguard", "train-ai") == []  # (the request: nothing to say yet)
        [s] = reader.evaluate(state, url, "scrapeguard", "train-ai", served_as="image/jpeg; charset=binary")
        assert (s.verdict, s.code) == (Verdict.DENY, "aitxt.disallow")
        assert "(served as image/jpeg)" in s.detail and s.source == "http://h/ai.txt line 3"
    # a path rule of the file stands: /press-kit/ is allowed, and longer than `*.jpg` ranks
    [s] = reader.evaluate(state, "http://h/press-kit/logo", "scrapeguard", "train-ai", served_as="image/png")
    assert s.verdict == Verdict.ALLOW
    # a type the file names no rule for, or none at all, says nothing
    assert reader.evaluate(state, "http://h/photos/1234", "scrapeguard", "train-ai", served_as="image/webp") == []
    assert reader.evaluate(state, "http://h/photos/1234", "scrapeguard", "train-ai", served_as="x-no/such") == []


def test_typed_urls_name_the_file_by_each_extension_of_its_media_type() -> None:
    from scrapeguard.signals.aitxt import typed_urls

    assert typed_urls("http://h/i.php?id=1#top", "image/jpeg") == [
        "http://h/i.php.jpg?id=1", "http://h/i.php.jpeg?id=1", "http://h/i.php.jpe?id=1", "http://h/i.php.jfif?id=1"]
    assert typed_urls("http://h/a", "IMAGE/X-ICON ; q=1") == ["http://h/a.ico"]
    assert typed_urls("http://h/a.png", "image/png") == []  # (it names its type already)
    # (review) the type's other extensions: `Disallow: *.jpg` alone let `a.jpeg` through; no path, the root's
    assert typed_urls("http://h/a.JPEG", "image/jpeg") == ["http://h/a.JPEG.jpg", "http://h/a.JPEG.jpe",
                                                          "http://h/a.JPEG.jfif"]
    assert typed_urls("http://h?id=1", "image/png") == ["http://h/.png?id=1"]
    assert typed_urls("http://h/a", "") == []


@pytest.mark.parametrize("served_as", ["text/plain", "application/octet-stream", "text/html"])
def test_a_text_or_a_download_is_named_by_no_type_of_its_own(served_as: str) -> None:
    """(review) Python's type table names text/plain `.c .h .pl .bat` and octet-stream `.exe .so`: a code-only
    ai.txt's `Disallow: *.c` refused a licence text served from /LICENSE, `*.exe` every download. File-type
    rules are about media: only a picture's, a sound's or a film's type names its file."""
    code_only = "User-Agent: *\nDisallow: *.c\nDisallow: *.exe\nDisallow: *.html\nDisallow: *.js\n"
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", 200, body=code_only.encode()))
    assert reader.evaluate(state, "http://h/LICENSE", "scrapeguard", "train-ai", served_as=served_as) == []


def test_a_rule_the_url_itself_matches_stands_whatever_the_type_names() -> None:
    """(review) `Allow: /image.php?id=` beside `Disallow: *.jpg`: the typed name (`/image.php.jpg?id=1`) no
    longer matched the Allow, and the file the site allowed by its URL was refused."""
    body = "User-Agent: *\nDisallow: *.jpg\nAllow: /image.php?id=\nAllow: /photos/1234$\n"
    reader = AiTxtFile()
    state = reader.parse(FetchResult("http://h/ai.txt", 200, body=body.encode()))
    for url in ("http://h/image.php?id=1", "http://h/photos/1234"):
        [s] = reader.evaluate(state, url, "scrapeguard", "train-ai", served_as="image/jpeg")
        assert s.verdict == Verdict.ALLOW, url
    # (second review) ranked as RFC 9309 ranks them: a catch-all `Allow: /` is shorter than `*.jpg` and
    # cancelled it for every URL; it stands where the Disallow matched no name of the file
    catch_all = reader.parse(FetchResult("http://h/ai.txt", 200, body=b"User-Agent: *\nDisallow: *.jpg\nAllow: /\n"))
    [s] = reader.evaluate(catch_all, "http://h/photos/1234", "scrapeguard", "train-ai", served_as="image/jpeg")
    assert s.verdict == Verdict.DENY and "(served as image/jpeg)" in s.detail
    [s] = reader.evaluate(catch_all, "http://h/photos/1234", "scrapeguard", "train-ai", served_as="image/png")
    assert s.verdict == Verdict.ALLOW


UNNARROWED = [f"{a}*{b}*{c}$" for a, b, c in itertools.permutations(
    ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"], 3)]  # (`test_robots`: no index narrows them)


def test_a_file_whose_wildcard_rules_are_too_many_to_try_reserves_the_file_and_says_so() -> None:
    """ai.txt reads Spawning's `a*b` rules as match-anywhere globs: thousands whose literal parts a file's
    URL holds cannot all be tried. Such a URL is reserved, with a warning, never allowed for want of a
    rule that was tried and matched."""
    rules = "".join(f"Disallow: {rule}\n" for rule in UNNARROWED)
    [s] = signals("User-Agent: *\n" + rules, "http://h/aabbccddeeffgghh.jpg")
    assert (s.verdict, s.code, s.warning) == (Verdict.DENY, "aitxt.wildcards_untried", True)
    assert signals("User-Agent: *\n" + rules, "http://h/photo.jpg") == []  # (no rule may match: none is tried)


def test_a_picture_named_by_its_type_past_the_rules_tried_is_reserved_too() -> None:
    """`/photos/aabbccddeeffgghh` served as a JPEG is read as `….jpg` too: that reading's "too many to try"
    named no rule and was dropped, the URL's own allow standing (found in review)."""
    rules = "".join(f"Disallow: {rule[:-1]}*.jpg$\n" for rule in UNNARROWED)
    [s] = AiTxtFile().evaluate(AiTxtFile().parse(FetchResult("http://h/ai.txt", 200, body=(
        "User-Agent: *\nDisallow: *.gif\n" + rules).encode())), "http://h/photos/aabbccddeeffgghh", "bot", "train-ai",
        served_as="image/jpeg")
    assert (s.verdict, s.code) == (Verdict.DENY, "aitxt.wildcards_untried")


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(("served_as", "rule", "body"), [
    ("image/jpg", "*.jpg", None),  # (an alias servers send: an S3 upload's, a PHP script's)
    ("image/x-png", "*.png", b"\x89PNG\r\n\x1a\n"),
    ("audio/mp3", "*.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00"),
    ("text/plain", "*.jpg", None),  # (a type ai.txt's file types do not know: the bytes say a JPEG)
])
def test_a_file_served_under_an_alias_or_a_wrong_type_is_named_by_the_type_it_is(served_as: str, rule: str,
                                                                                  body: bytes | None) -> None:
    """A JPEG served from `/media/1234` as `image/jpg` (or an MP3 as `audio/mp3`, a PNG as `image/x-png`)
    passed `Disallow: *.jpg`: the file type was read from a table without the aliases, and from the bytes
    only where no type was sent (found in review)."""
    from scrapeguard import Guard
    from scrapeguard.resource import FetchResult, Headers

    guard = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False)
    base = "http://127.0.0.1:9"
    for url in guard.host_files_needed(base + "/"):
        found = url.endswith("/ai.txt")
        text = f"User-Agent: *\nDisallow: {rule}\nAllow: /\n".encode() if found else b""
        guard.store_host_file(url, FetchResult(url, 200 if found else 404, Headers([("Content-Type", "text/plain")]),
                                               text))
    decision = guard.check_response(base + "/media/1234", 200, {"Content-Type": served_as}, body or _jpeg())
    guard.close()
    assert decision.has("aitxt.disallow")
