"""IETF AIPREF Content-Usage (RFC 9651 dictionary) and Cloudflare Content-Signal."""

from __future__ import annotations

import random
import re
import time

import pytest

from scrapeguard import Guard
from scrapeguard.detect.base import PageAnalysis
from scrapeguard.resource import Headers
from scrapeguard.signals.base import ResponseView, Verdict
from scrapeguard.signals.content_usage import (
    MAX_FIELD,
    MAX_SIGNAL_FIELDS,
    ContentUsageReader,
    ParseFailure,
    parse_content_signal,
    parse_preferences,
    robots_preferences,
)
from scrapeguard.signals.robots import RobotsTxt
from sitekit import Site, html

D, A = Verdict.DENY, Verdict.ALLOW


@pytest.mark.parametrize(("text", "expected"), [
    ("train-ai=n", {"ai-train-gen": D}),
    ("train-ai=n, search=y", {"ai-train-gen": D, "index": A}),
    ("train-ai=y, train-ai=n", {"ai-train-gen": D}),
    ("train-ai=n, train-ai=y", {"ai-train-gen": A}),
    ("train-ai=n;exceptions=cc-cr", {"ai-train-gen": D}),
    ("train-ai", {}),
    ('train-ai="n"', {}),
    ("train-ai=no", {}),
    ("train-ai=1", {}),
    ("future-label=n, search=n", {"index": D}),
    ("ai-use=n", {"ai-input": D}),  # "AI Use" (editor's copy after vocab-07) = Content-Signal ai-input
    ("ai-use=y, train-ai=n", {"ai-input": A, "ai-train-gen": D}),
    ("ai=n", {"ai-train-gen": D, "ai-train": D, "ai-input": D}),  # an earlier draft's label: its `n` refuses
    ("train-genai=n", {"ai-train-gen": D}),  # vocab-02/-03
    ("train-ai=y, train-genai=n", {"ai-train-gen": D, "ai-train": A}),  # vocab-03: AI training, not generative
    ("bots=n", {aspect: D for aspect in ("index", "ai-train-gen", "ai-train", "ai-input", "tdm", "archive")}),
    ("genai=y", {}),  # an earlier draft's `y`: only in strict mode
])
def test_parse_preferences(text: str, expected: dict[str, Verdict]) -> None:
    assert parse_preferences(text) == expected


@pytest.mark.parametrize("text", ["Train-AI=n", "train-ai=n,,", "=n", "tr\u00e4in=n", "x" * (MAX_FIELD + 1)])
def test_parse_failures(text: str) -> None:
    with pytest.raises(ParseFailure):
        parse_preferences(text)


def test_strict_mode_honours_legacy_labels() -> None:
    assert parse_preferences("inference=n", strict=True) == {"ai-input": D}
    assert parse_preferences("ai=n", strict=True) == {"ai-train-gen": D, "ai-train": D, "ai-input": D}


def test_ai_use_label_maps_like_content_signal_ai_input() -> None:
    """`ai-use=n` and `ai-input=no` refuse the same thing: the policy's `ai-use` usage."""
    [cu] = reader([("Content-Usage", "ai-use=n")], "ai-use")
    [cs] = reader([("Content-Signal", "ai-input=no")], "ai-use")
    assert (cu.verdict, cu.code) == (D, "content_usage.n")
    assert cs.verdict == D
    [note] = reader([("Content-Usage", "ai-use=n")], "train-ai")  # (another usage's refusal: a note)
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True)


@pytest.mark.parametrize(("value", "labels"), [
    ("future-label=n, search=y", ["future-label=n"]),
    ("future-label=n, other=n, genai=n", ["future-label=n", "other=n"]),
])
def test_unknown_label_saying_n_is_noted(value: str, labels: list[str]) -> None:
    """An `n` the reader cannot place is not dropped silently: a warning note names it."""
    [note] = [s for s in reader([("Content-Usage", value)]) if s.code == "content_usage.unknown_label"]
    assert note.verdict == Verdict.UNKNOWN and note.warning
    assert all(label in note.detail for label in labels)


@pytest.mark.parametrize("value", ["future-label=y", "future-label", 'future-label="n"', "train-ai=n"])
def test_no_note_without_an_unplaced_n(value: str) -> None:
    assert not [s for s in reader([("Content-Usage", value)]) if s.code == "content_usage.unknown_label"]


@pytest.mark.parametrize("value", ["train-genai=n", "bots=n", "train-ai=y, train-genai=n", "genai=n, search=y"])
def test_an_earlier_drafts_refusal_is_obeyed_in_a_header_and_in_robots_txt(value: str) -> None:
    """Files written against vocab-02/-03 are still served: `train-genai=n` (no generative training)
    and `bots=n` (no automated processing) were a `content_usage.unknown_label` note, and the
    picture was collected for training. Their `n` refuses what that draft meant."""
    [s] = reader([("Content-Usage", value)], "train-ai")
    assert (s.verdict, s.code) == (D, "content_usage.n")
    parsed = RobotsTxt.parse(f"User-agent: *\nContent-Usage: {value}\n")
    [r] = robots_preferences(parsed, "http://h/a", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert (r.verdict, r.code) == (D, "content_usage.n")


@pytest.mark.parametrize(("value", "usage", "verdict"), [
    ("bots=n, search=y", "search", A),  # "search engines only"
    ("all=n, search=y", "search", A),
    ("bots=n, train-ai=y", "train-ai", A),  # train-ai was all AI training in the drafts that had bots
    ("ai=n, ai-use=y", "ai-use", A),
    ("bots=n, search=y", "train-ai", D),
    ("bots=n, genai=y", "train-ai", D),  # an earlier draft's y allows nothing: the rest of training stays refused
])
def test_a_narrower_label_s_preference_stands_above_an_earlier_draft_s_broader_refusal(
        value: str, usage: str, verdict: Verdict) -> None:
    """The drafts read a category's own preference before its parent's: `bots=n, search=y` (search engines
    only) blocked a search index once `bots=n` was obeyed (reviewer's repro)."""
    [s] = [s for s in reader([("Content-Usage", value)], usage) if s.code.startswith("content_usage.")]
    assert s.verdict == verdict


def test_an_earlier_drafts_yes_allows_nothing_unless_the_reader_is_strict() -> None:
    assert reader([("Content-Usage", "genai=y")], "train-ai") == []
    v = ResponseView("http://h/a", 200, Headers([("Content-Usage", "genai=y")]), "image", b"")
    [s] = ContentUsageReader(strict=True).evaluate(v, "scrapeguard", "train-ai")
    assert (s.verdict, s.code) == (A, "content_usage.y")


def test_strict_reader_places_legacy_labels_without_a_note() -> None:
    v = ResponseView("http://h/a", 200, Headers([("Content-Usage", "ai=n")]), "image", b"")
    [s] = ContentUsageReader(strict=True).evaluate(v, "scrapeguard", "train-ai")
    assert (s.verdict, s.code) == (D, "content_usage.n")


def test_robots_unknown_label_saying_n_is_noted() -> None:
    parsed = RobotsTxt.parse("User-agent: *\nContent-Usage: future-label=n\n")
    [note] = robots_preferences(parsed, "http://h/a", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert (note.code, note.warning, note.source) == ("content_usage.unknown_label", True, "http://h/robots.txt line 2")


def test_content_signal_is_lenient() -> None:
    assert parse_content_signal("search=yes, ai-train=no") == {"index": A, "ai-train-gen": D, "ai-train": D}
    assert parse_content_signal("AI-Train = No , ai-input=disallow, bogus, use=full") == {
        "ai-train-gen": D, "ai-train": D, "ai-input": D}


def reader(headers: list[tuple[str, str]], usage: str = "train-ai") -> list:  # noqa: ANN401
    v = ResponseView("http://h/a", 200, Headers(headers), "image", b"")
    return ContentUsageReader().evaluate(v, "scrapeguard", usage)  # type: ignore[arg-type]


def test_header_fields_are_combined_into_one_dictionary() -> None:
    [s] = reader([("Content-Usage", "search=y"), ("content-usage", "train-ai=n")])
    assert (s.verdict, s.code) == (D, "content_usage.n")
    s, note = reader([("Content-Usage", "train-ai=n"), ("Content-Usage", "train-ai=y")])
    assert s.verdict == A and note.code == "content_usage.overridden"  # the last wins, the dropped `n` is said


@pytest.mark.parametrize("headers", [
    [("Content-Usage", "train-ai=n"), ("Content-Usage", "")],
    [("Content-Usage", ""), ("Content-Usage", "train-ai=n")],
    [("Content-Usage", " \t"), ("Content-Usage", "train-ai=n"), ("Content-Usage", "")],
])
def test_an_empty_field_line_adds_nothing_to_the_combined_dictionary(headers: list[tuple[str, str]]) -> None:
    """An empty field line is an empty Dictionary (RFC 9651 §3.2: the same as no field), and lines are
    combined only without changing what they mean (RFC 9110 §5.3): joined as `train-ai=n, ` it made
    the whole field unparsable, and the refusal beside it was lost."""
    [s] = reader(headers)
    assert (s.verdict, s.code) == (D, "content_usage.n")


def test_an_empty_content_usage_field_says_nothing() -> None:
    assert reader([("Content-Usage", "")]) == [] and reader([("Content-Usage", "  ")]) == []


@pytest.mark.parametrize("headers", [
    [("Content-Usage", "train-ai=n, train-ai=y")],
    [("Content-Usage", "train-ai=n"), ("Content-Usage", "search=y, train-ai=y")],  # a second field line
    [("Content-Usage", 'train-ai=n;why="a, b", search=y, train-ai')],  # a comma inside a string is no member's end
])
def test_a_refusal_a_later_duplicate_overrides_is_noted(headers: list[tuple[str, str]]) -> None:
    """RFC 9651: the last duplicate wins (conformance case 15), so the page is not refused; that
    the `n` was dropped is said, never passed over."""
    out = reader(headers)
    [note] = [s for s in out if s.code == "content_usage.overridden"]
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True) and "`train-ai=n`" in note.detail
    assert all(s.verdict != D for s in out)


@pytest.mark.parametrize("value", ["train-ai=y, train-ai=n", "train-ai=n, train-ai=n", "future=n, future=y",
                                   'search=y, why="train-ai=n, train-ai=y"'])
def test_no_overridden_note_where_no_refusal_was_dropped(value: str) -> None:
    assert "content_usage.overridden" not in [s.code for s in reader([("Content-Usage", value)])]


def test_a_robots_content_usage_line_whose_refusal_is_overridden_is_noted() -> None:
    parsed = RobotsTxt.parse("User-agent: *\nContent-Usage: train-ai=n, train-ai=y\n")
    out = robots_preferences(parsed, "http://h/a", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert [s.code for s in out] == ["content_usage.y", "content_usage.overridden"]


def test_header_parse_failure_is_a_warning() -> None:
    [s] = reader([("Content-Usage", "Train-AI=n")])
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "content_usage.unparsable", True)


def test_content_signal_header() -> None:
    [s] = reader([("Content-Signal", "ai-train=no")])
    assert (s.verdict, s.code) == (D, "content_signal.no")
    [note] = reader([("Content-Signal", "ai-train=no")], "ai-use")  # (another usage's refusal: a note)
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True) and "usage (ai-input)" in note.detail


def _robots_says(text: str, url: str, usage: str = "train-ai") -> list[tuple[str, str]]:
    said = robots_preferences(RobotsTxt.parse(text), url, "scrapeguard", usage, "r")  # type: ignore[arg-type]
    return [(s.code, s.source) for s in said]


@pytest.mark.parametrize(("line", "url", "expected"), [
    ("Content-Signal: /private/ search=yes, ai-train=no", "http://h/public", []),
    ("Content-Signal: /private/ search=yes, ai-train=no", "http://h/private/a", [("content_signal.no", "r line 3")]),
    ("Content-Signal: /private/ ai-train=no", "http://h/private/a", [("content_signal.no", "r line 3")]),
    ("Content-Signal: /private/\tai-train=no", "http://h/private/a", [("content_signal.no", "r line 3")]),
    ("Content-Signal: /private/ ai-train=no", "http://h/public", []),
    ("Content-Signal: /*.pdf$ ai-train=no", "http://h/a/b.pdf", [("content_signal.no", "r line 3")]),
    ("Content-Signal: / ai-train=no", "http://h/public", [("content_signal.no", "r line 3")]),
    ("Content-Signal: ai-train=no", "http://h/public", [("content_signal.no", "r line 3")]),  # no path: its group's
    ("Content-Signal: /search=yes,ai-train=no", "http://h/public", [("content_signal.no", "r line 3"),  # no path
                                                                    ("content_signal.unreadable", "r line 3")]),
    # a first part that is no path (a signal, or a path a `,` or `;` ends): the group's line, as before a417ac6
    ("Content-Signal: /search=yes, ai-train=no", "http://h/public", [("content_signal.no", "r line 3"),
                                                                     ("content_signal.unreadable", "r line 3")]),
    ("Content-Signal: /private/, ai-train=no", "http://h/public", [("content_signal.no", "r line 3")]),
    ("Content-Signal: /private/; ai-train=no", "http://h/public", [("content_signal.no", "r line 3")]),
    ("Content-Signal: /Search=yes ai-train=no", "http://h/public", [("content_signal.no", "r line 3"),
                                                                    ("content_signal.unreadable", "r line 3")]),
    # a path with a query (`=` in it, as robots.txt paths have) is a path: its `yes` is not the whole site's
    ("Content-Signal: /*?lang=en ai-train=yes", "http://h/public", []),
    ("Content-Signal: /*?lang=en ai-train=yes", "http://h/a?lang=en", [("content_signal.yes", "r line 3")]),
])
def test_a_content_signal_written_with_a_path_speaks_for_that_path(line: str, url: str,
                                                                   expected: list[tuple[str, str]]) -> None:
    """Cloudflare's policy defines no path for a Content-Signal line: one speaks for its group. A line written
    with a path first, as Content-Usage's rule is (`/private/ ai-train=no`), was applied to every path of the
    site when a comma followed its first part (its `ai-train=no` refusing `/public` too), and not at all
    otherwise (`/private/ ai-train=no` unreadable, `/private/` collected for training); it speaks for the
    paths it names."""
    assert _robots_says(f"User-agent: *\nAllow: /\n{line}\n", url) == expected


def test_every_content_signal_line_whose_path_matches_speaks_not_only_the_longest() -> None:
    """A path written first is read and matched as a Content-Usage record's is, but not ranked as one:
    Cloudflare's policy gives its lines no precedence (each `no` is a condition of access, "you may not
    collect content for the corresponding use"), so a `yes` for a longer path does not lift a `no` for a
    shorter one, where Content-Usage (draft-ietf-aipref-attach) lets the longest path alone decide."""
    lines = "Content-Signal: / ai-train=no\nContent-Signal: /public/ ai-train=yes\n"
    said = _robots_says(f"User-agent: *\nAllow: /\n{lines}", "http://h/public/a")
    assert said == [("content_signal.no", "r line 3"), ("content_signal.yes", "r line 4")]  # (any `no` wins)
    usage = lines.replace("Content-Signal", "Content-Usage").replace("ai-train=no", "train-ai=n").replace(
        "ai-train=yes", "train-ai=y")
    assert _robots_says(f"User-agent: *\nAllow: /\n{usage}", "http://h/public/a") == [("content_usage.y", "r line 4")]


@pytest.mark.parametrize("records", ["Content-Usage: /train-ai=n\n", "Content-Usage: /private/\n",
                                     "Content-Usage: /train-ai=n\nContent-Usage: /ai-use=n\n"])
def test_a_content_usage_record_of_a_path_alone_is_noted_not_dropped(records: str) -> None:
    """A record with a path and no preferences after it (`/train-ai=n`, the space after the path left
    out) applies to no path (draft-ietf-aipref-attach §4.1): it was dropped without a word, its refusal
    unapplied and unremarked. One note says so, for however many there are."""
    said = _robots_says(f"User-agent: *\nAllow: /\n{records}", "http://h/private/a")
    assert said == [("content_usage.unparsable", "r line 3")]


@pytest.mark.parametrize("record", ["Content-Usage: /private/, train-ai=n", "Content-Usage: /private/; train-ai=n",
                                    "Content-Usage: /private/,\ttrain-ai=n"])
def test_a_content_usage_path_ending_in_a_separator_is_read_as_written_and_said(record: str) -> None:
    """A record's path ends at its first space (draft-ietf-aipref-attach §4.2), and a robots.txt path may hold a
    `,` or `;`: `/private/, train-ai=n` (written as Content-Signal's parts are) speaks for `/private/,…` only. It
    was applied so without a word, and `/private/a` collected for training though the site wrote a refusal for
    it. It is still read as written; a URL its path would name without the separator is told so."""
    text = f"User-agent: *\nAllow: /\n{record}\n"
    [note] = [s for s in robots_preferences(RobotsTxt.parse(text), "http://h/private/a", "scrapeguard",
                                            "train-ai", "r")]
    assert (note.code, note.verdict, note.warning, note.source) == ("content_usage.path_slip", Verdict.UNKNOWN,
                                                                     True, "r line 3")
    assert "/private/" in note.detail
    assert _robots_says(text, "http://h/public/a") == []  # (the path would not name it either way)
    as_written = "http://h" + record.split()[1] + "a"  # (`/private/,a`: the record applies, and nothing is said)
    assert _robots_says(text, as_written) == [("content_usage.n", "r line 3")]


def test_a_content_usage_records_statement_quotes_its_path_as_written() -> None:
    """The signal of `Content-Usage: /private/ train-ai=n` quoted the line as `Content-Usage: train-ai=n`, a
    site-wide refusal the file does not hold at that line; the audit log quotes what is written there, path and
    all, as it does a Content-Signal line's."""
    text = "User-agent: *\nAllow: /\nContent-Usage: /private/ train-ai=n\nContent-Signal: /private/ ai-train=no\n"
    said = robots_preferences(RobotsTxt.parse(text), "http://h/private/a", "scrapeguard", "train-ai", "r")
    assert [s.detail.split(" (")[0] for s in said] == ["robots.txt `Content-Usage: /private/ train-ai=n`",
                                                       "robots.txt `Content-Signal: /private/ ai-train=no`"]


def test_a_content_signal_for_a_path_adds_to_the_groups_not_replaces_it() -> None:
    """Any refusal that speaks for the URL counts (any `no` wins across statements)."""
    text = "User-agent: *\nAllow: /\nContent-Signal: ai-train=no\nContent-Signal: /blog/ search=yes\n"
    assert _robots_says(text, "http://h/blog/a") == [("content_signal.no", "r line 3")]
    # (the group's refusal of training, to a search crawl: a note beside the path's yes)
    assert _robots_says(text, "http://h/blog/a", "search") == [("content_signal.no", "r line 3"),
                                                               ("content_signal.yes", "r line 4")]
    [note] = robots_preferences(RobotsTxt.parse(text), "http://h/a", "scrapeguard", "search", "r")
    assert (note.code, note.verdict, note.warning) == ("content_signal.no", Verdict.UNKNOWN, True)  # (not search's)


def test_a_content_signal_longer_than_its_reading_cap_says_what_was_not_read() -> None:
    """Only its first 96 KiB are read: an `ai-train=no` after 9,000 `search=yes` parts (a generator repeating
    itself) was dropped without a word, in a header and in robots.txt, and the resource allowed. What lies
    past the cap is an incomplete reading (`content_signal.cut`), which the policy's on_error decides."""
    value = "search=yes, " * 9000 + "ai-train=no"
    assert len(value) > MAX_FIELD
    robots = RobotsTxt.parse(f"User-agent: *\nContent-Signal: {value}\n")
    said = robots_preferences(robots, "http://h/a", "scrapeguard", "train-ai", "http://h/robots.txt")
    [note] = [s for s in said if s.code == "content_signal.cut"]
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True) and "past the 96 KiB read" in note.detail
    within = RobotsTxt.parse("User-agent: *\nContent-Signal: " + "search=yes, " * 8000 + "ai-train=no\n")
    said = robots_preferences(within, "http://h/a", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert [s.code for s in said] == ["content_signal.no"]  # within the cap: read whole
    # (a header's value is cut at 16 KiB before any reader: the guard's `headers.cut` error says so)


@pytest.mark.parametrize("key", ["Content-Usage: ", "Content-Usage:" + " " * 1500, "\u00a0Content-Usage: ",
                                 "\x0bContent-Usage: ", "Content-Usage\u00a0: ", "Content-Usage: /" + "p" * 1500 + " "])
def test_a_long_content_usage_line_however_its_key_is_written_is_read_whole_and_its_cut_said(key: str) -> None:
    """(review) The line was cut at Google's 16,663 bytes before its key was read, unless written exactly
    `Content-Usage:`: with a no-break space before the key, spaces after it or a long path, the part past the
    cut, its `train-ai=n` last, was dropped without a word. A record line is read whole; the reader's own cap
    says what it leaves."""
    value = _refusal_after(1500)
    robots = RobotsTxt.parse(f"User-agent: *\nAllow: /\n{key}{value}\n")
    path = "http://h/" + ("p" * 1500 + "/a" if "/p" in key else "a")
    said = robots_preferences(robots, path, "scrapeguard", "train-ai", "http://h/robots.txt")
    assert [s.code for s in said] == ["content_usage.cut"]


def test_a_valid_content_usage_of_the_size_rfc_9651_asks_parsers_for_is_read_and_a_longer_one_is_an_error(
        site: Site) -> None:
    """(review) RFC 9651 §3.2: parsers support dictionaries of at least 1,024 members with keys of at least 64
    characters. One of 1,024 members (12 kB) ending in `train-ai=n` was refused at an 8 KiB cap, its refusal
    a mere note, and the picture allowed. It is read; one past the cap is an incomplete reading, an error the
    policy's on_error decides (fail-closed by default), never a silent allow."""
    from scrapeguard import Guard

    valid = ", ".join(f"ext{i:05d}=y" for i in range(1023)) + ", train-ai=n"
    assert len(valid) > 8 * 1024 and parse_preferences(valid)["ai-train-gen"] == D
    rfc_sized = _refusal_after(1023)
    assert len(rfc_sized) > 64 * 1024 and parse_preferences(rfc_sized)["ai-train-gen"] == D
    past = _refusal_after(1500)
    assert len(past) > MAX_FIELD
    site.routes.update({"/robots.txt": (200, {"Content-Type": "text/plain"},
                                        f"User-agent: *\nAllow: /\nContent-Usage: /long/ {past}\n".encode())})
    with Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False) as g:
        header = g.check_response(site.url("/a.html"), 200, {"content-type": "text/html", "content-usage": valid},
                                  b"<p>hi</p>")
        long = g.check_url(site.url("/long/a.html"))
    assert header.action == "block" and [f.code for f in header.findings] == ["content_usage.n"]
    assert long.action == "block" and [(f.kind, f.code) for f in long.findings] == [("error", "content_usage.cut")]
    assert "/long/a.html" not in site.hits


@pytest.mark.parametrize("value", ["train-ai=no", "train-ai=N", 'train-ai="n"', "train-ai=0", "train-ai=?0",
                                   "train-ai=(n)"])
def test_a_known_label_with_a_value_other_than_y_or_n_is_noted_not_dropped(value: str) -> None:
    """The vocabulary ignores it, so the category stays unknown; an evident refusal written
    `train-ai=no` is said to have been ignored, never passed over without a word."""
    [note] = reader([("Content-Usage", value)])
    assert (note.verdict, note.code, note.warning) == (Verdict.UNKNOWN, "content_usage.unknown_value", True)
    assert value.split("=", 1)[1].strip("()") in note.detail


def test_a_robots_content_usage_line_with_a_value_other_than_y_or_n_is_noted() -> None:
    parsed = RobotsTxt.parse("User-agent: *\nContent-Usage: search=y, train-ai=no\n")
    out = robots_preferences(parsed, "http://h/a", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert [(s.code, s.source) for s in out] == [("content_usage.unknown_value", "http://h/robots.txt line 2")]


@pytest.mark.parametrize("value", ["search=yes, ai-train=yes, use=reference", "search=yes,ai-train=no,use=immediate",
                                   "use=Reference"])
def test_a_content_signal_use_level_short_of_full_is_noted(value: str) -> None:
    """`use` (immediate, reference, full: the most a site lets AI systems use its content, as Cloudflare's managed
    robots.txt writes it) restricts use in words this reader cannot place against a purpose: it was passed
    over without a word; it is said, in a header and in robots.txt."""
    [note] = [s for s in reader([("Content-Signal", value)]) if s.code == "content_signal.unreadable"]
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True) and "use=" in note.detail.lower()
    out = robots_preferences(RobotsTxt.parse(f"User-agent: *\nContent-Signal: {value}\n"), "http://h/a",
                             "scrapeguard", "train-ai", "r")
    assert "content_signal.unreadable" in [s.code for s in out]


def test_a_content_signal_use_level_of_full_restricts_nothing() -> None:
    assert reader([("Content-Signal", "search=yes, use=full")]) == []


@pytest.mark.parametrize("value", ["search=yes; ai-train=no", "ai-train=no\x01", "\x00ai-train=no",
                                   "search=yes;ai-train=no;ai-input=yes",
                                   "search=yes ai-train=no", "search=yes\tai-train=no, ai-input=yes"])
def test_content_signal_parts_split_by_semicolons_or_holding_control_bytes_are_read(value: str) -> None:
    """Written slightly off, a Content-Signal's `ai-train=no` is still the refusal it says (parts with only
    white space between them, `search=yes ai-train=no`, too: each word a `key=value` of its own)."""
    [s] = reader([("Content-Signal", value)])
    assert (s.verdict, s.code) == (D, "content_signal.no")
    parsed = RobotsTxt.parse(f"User-agent: *\nContent-Signal: {value}\n")
    [s] = robots_preferences(parsed, "http://h/a", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert (s.verdict, s.code) == (D, "content_signal.no")


@pytest.mark.parametrize(("value", "part"), [("ai-train:no", "ai-train:no"), ("search=yes, ai-train=never", "ai-train=never"),
                                             ("future-use=no", "future-use=no")])
def test_a_content_signal_part_that_names_a_key_or_refuses_but_cannot_be_read_is_noted(value: str, part: str) -> None:
    notes = [s for s in reader([("Content-Signal", value)]) if s.code == "content_signal.unreadable"]
    assert [(n.verdict, n.warning) for n in notes] == [(Verdict.UNKNOWN, True)] and f"`{part}`" in notes[0].detail


@pytest.mark.parametrize("value", ["search=yes, ai-train=no", "bogus, use=full, search=yes"])
def test_a_readable_content_signal_or_unrelated_words_give_no_note(value: str) -> None:
    assert not [s for s in reader([("Content-Signal", value)]) if s.code == "content_signal.unreadable"]


def test_through_the_guard_content_signals_written_slightly_off_are_obeyed_or_noted(site: Site) -> None:
    """A real page behind a real server: `;` between parts is read (blocked), `train-ai=no` is
    noted in the decision that lets the page through."""
    page = "<html><body><p>article text</p></body></html>"
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/semicolons"] = html(page, **{"Content-Signal": "search=yes; ai-train=no"})
    site.routes["/no"] = html(page, **{"Content-Usage": "train-ai=no"})
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        blocked = g.check_url(site.url("/semicolons"))
        noted = g.check_url(site.url("/no"))
    assert blocked.action == "block" and [f.code for f in blocked.findings] == ["content_signal.no"]
    assert noted.action == "allow" and "content_usage.unknown_value" in [n.code for n in noted.notes]


def _page(meta: list[tuple[str, str]], usage: str = "train-ai",
          headers: list[tuple[str, str]] | None = None) -> list:  # noqa: ANN401
    v = ResponseView("http://h/article", 200, Headers(headers or []), "html", b"", PageAnalysis(meta=meta))
    return ContentUsageReader().evaluate(v, "scrapeguard", usage)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["content-usage", "Content-Usage", " content-usage "])
def test_a_content_usage_meta_tag_speaks_for_its_page_as_the_header_does(name: str) -> None:
    """`<meta name="content-usage" content="train-ai=n">` is how a site that cannot set headers writes the field,
    as it writes Content Signals: it was not read, and the page's `train-ai=n` let it through without a word.
    Read as the header is (RFC 9651, strict)."""
    [s] = _page([(name, "train-ai=n, search=y")])
    assert (s.verdict, s.code) == (D, "content_usage.n") and s.source.startswith('<meta name="content-usage"')
    assert [x.verdict for x in _page([(name, "train-ai=n, search=y")], "search")] == [A]
    [bad] = _page([(name, "Train-AI=n")])
    assert (bad.verdict, bad.code, bad.warning) == (Verdict.UNKNOWN, "content_usage.unparsable", True)


@pytest.mark.parametrize("content", ["\n  train-ai=n\n", "train-ai=n,\n  search=y", "\ttrain-ai=n", "train-ai=n\r\n"])
def test_a_content_usage_meta_tag_written_over_several_lines_is_read_as_its_field(content: str) -> None:
    """An attribute's line breaks and tabs are HTML's formatting (a template wrapping `content` over lines), not
    part of the field, which holds no line break and has no white space at its ends (RFC 9110 §5.5): handed
    to the RFC 9651 parser as they were, they failed the whole dictionary, and the page's `train-ai=n`, read
    in the same tag's Content-Signal form, was only noted. They read as the space they stand for."""
    [s] = _page([("content-usage", content)])
    assert (s.verdict, s.code) == (D, "content_usage.n")


def test_content_usage_meta_tags_past_the_cap_are_said_unread() -> None:
    out = _page([("content-usage", "search=y")] * MAX_SIGNAL_FIELDS + [("content-usage", "train-ai=n")])
    assert "content_usage.cut" in [s.code for s in out if s.warning]
    assert [s.code for s in _page([("content-usage", "search=y")] * MAX_SIGNAL_FIELDS)] == []


def test_a_content_signal_meta_tag_speaks_for_its_page_as_the_header_does() -> None:
    """`<meta name="content-signal">` is how Content Signals are written where a site cannot set
    headers (CMS plugins, the TYPO3 extension): it was not read, and `ai-train=no` there let the page
    through while the same words in a header blocked it."""
    [s] = _page([("content-signal", "search=yes, ai-train=no, ai-input=no")])
    assert (s.verdict, s.code, s.applies_to) == (D, "content_signal.no", "self")
    assert s.source.startswith('<meta name="content-signal"') and "http://h/article" in s.source
    assert [x.verdict for x in _page([("Content-Signal ", "ai-train=no")], "ai-use")] == [Verdict.UNKNOWN]  # (a note)
    assert [x.verdict for x in _page([("content-signal", "search=yes")], "search")] == [A]


def test_content_signal_tags_and_headers_past_the_cap_are_said_to_be_unread() -> None:
    meta = [("content-signal", "search=yes")] * MAX_SIGNAL_FIELDS + [("content-signal", "ai-train=no")]
    out = _page(meta, headers=[("Content-Signal", "search=yes")])
    [cut] = [s for s in out if s.code == "content_signal.cut"]
    assert (cut.verdict, cut.warning) == (Verdict.UNKNOWN, True) and str(MAX_SIGNAL_FIELDS + 2) in cut.detail


def test_through_the_guard_meta_tags_past_the_cap_are_an_error_and_a_page_of_seventeen_is_read(site: Site) -> None:
    """(review) Counted past 16 tags, a page of seventeen `search=yes` meta tags was refused as an incomplete
    reading. The cap is X-Robots-Tag's (256): within it every tag is read; past it what was left unread is an
    error the policy's on_error decides, as text past a field's cap is."""
    site.routes["/seventeen"] = html("<head>" + '<meta name="content-signal" content="search=yes">' * 17 + "</head>")
    site.routes["/many"] = html("<head>" + '<meta name="content-signal" content="search=yes">' * MAX_SIGNAL_FIELDS
                                + '<meta name="content-signal" content="ai-train=no"></head>')
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        seventeen, many = g.check_url(site.url("/seventeen")), g.check_url(site.url("/many"))
    assert seventeen.action == "allow"
    assert many.action == "block" and [(f.kind, f.code) for f in many.findings] == [("error", "content_signal.cut")]


def test_through_the_guard_a_page_whose_content_signal_meta_refuses_training_is_blocked(site: Site) -> None:
    site.routes["/article"] = html('<html><head><meta name="content-signal" content="search=yes, ai-train=no">'
                                   "</head><body><p>article text</p></body></html>")
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/article"))
    assert d.action == "block" and [(f.kind, f.code) for f in d.findings] == [("opt_out", "content_signal.no")]


ROBOTS = """User-agent: *
Allow: /
Disallow: /drafts/
Content-Usage: train-ai=n
Content-Usage: /open-data/ train-ai=y
Content-Usage: /x/ train-ai=y
Content-Usage: /x/ train-ai=n
Content-Usage: /bad/ Train-AI=n
"""


def robots(url: str, usage: str = "train-ai") -> list:  # noqa: ANN401
    return robots_preferences(RobotsTxt.parse(ROBOTS), url, "scrapeguard", usage, "http://h/robots.txt")  # type: ignore[arg-type]


def test_robots_longest_path_wins() -> None:
    [s] = robots("http://h/open-data/x.jpg")
    assert (s.verdict, s.source) == (A, "http://h/robots.txt line 5")
    [s] = robots("http://h/gallery/x.jpg")
    assert (s.verdict, s.source) == (D, "http://h/robots.txt line 4")


def test_robots_equal_paths_combine() -> None:
    assert sorted(s.verdict for s in robots("http://h/x/a.jpg")) == [A, D]


def test_robots_bad_preference_is_a_warning() -> None:
    [s] = robots("http://h/bad/a.jpg")
    assert s.code == "content_usage.unparsable" and s.warning


def test_search_label() -> None:
    [note] = robots("http://h/gallery/x.jpg", "search")  # (`train-ai=n` refuses no search: a note)
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True)


@pytest.mark.parametrize("order", ["pathless first", "root first"])
def test_robots_pathless_rule_is_a_root_rule(order: str) -> None:
    """A record without a path covers every path, as `/` does: the two tie and combine,
    so its `n` is not lost to a `/ train-ai=y` record."""
    lines = ["Content-Usage: train-ai=n", "Content-Usage: / train-ai=y"]
    if order == "root first":
        lines.reverse()
    parsed = RobotsTxt.parse("User-agent: *\nAllow: /\n" + "\n".join(lines) + "\n")
    got = robots_preferences(parsed, "http://h/article/1", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert sorted(s.verdict for s in got) == [A, D]


def test_robots_longer_path_still_beats_pathless_rule() -> None:
    parsed = RobotsTxt.parse("User-agent: *\nContent-Usage: train-ai=n\nContent-Usage: /a/ train-ai=y\n")
    [s] = robots_preferences(parsed, "http://h/a/1", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert s.verdict == A


def _ranked(records: str, url: str) -> list:  # noqa: ANN401
    parsed = RobotsTxt.parse("User-agent: *\nAllow: /\n" + records)
    return robots_preferences(parsed, url, "scrapeguard", "train-ai", "http://h/robots.txt")  # type: ignore[arg-type]


@pytest.mark.parametrize("records", [
    "Content-Usage: /~ann/ train-ai=n\nContent-Usage: /%7Eann/ train-ai=y\n",
    "Content-Usage: /%7Eann/ train-ai=y\nContent-Usage: /~ann/ train-ai=n\n",
    "Content-Usage: /%7eann/ train-ai=n\nContent-Usage: /~ann/ train-ai=y\n",
])
def test_robots_paths_spelt_two_ways_are_one_path_and_combine(records: str) -> None:
    """draft-ietf-aipref-attach §4.1 ranks by the bytes of the encoded path: `/~ann/` and `/%7Eann/`
    are one path, so their preferences combine (any `n` wins); by the characters as written the
    escaped one was longer and its `y` alone applied."""
    assert sorted(s.verdict for s in _ranked(records, "http://h/~ann/photo.jpg")) == [A, D]


def test_robots_paths_rank_by_encoded_length_as_allow_and_disallow_do() -> None:
    """`/café/` is 11 octets encoded (`/caf%C3%A9/`), longer than `/*/menu/` (8): it wins, as it
    does between Disallow and Allow; counted as 6 characters it lost."""
    [s] = _ranked("Content-Usage: /café/ train-ai=n\nContent-Usage: /*/menu/ train-ai=y\n",
                  "http://h/caf%C3%A9/menu/dish.jpg")
    assert (s.verdict, s.source) == (D, "http://h/robots.txt line 3")
    assert not RobotsTxt.parse("User-agent: *\nDisallow: /café/\nAllow: /*/menu/\n").allows(
        "http://h/caf%C3%A9/menu/dish.jpg", "scrapeguard")


def test_a_content_usage_path_matches_whole_octets_not_inside_an_escape() -> None:
    """`/*9-photo` is no path of `/café-photo` (`é` is C3 A9, no `9` among them): found in the characters
    `%A9`, its `y`, longer, stood above the site's `train-ai=n` (a signals review)."""
    records = "Content-Usage: train-ai=n\nContent-Usage: /*9-photo train-ai=y\n"
    [s] = _ranked(records, "http://h/café-photo")
    assert (s.verdict, s.source) == (D, "http://h/robots.txt line 3")
    [s] = _ranked(records, "http://h/cafe9-photo")
    assert (s.verdict, s.source) == (A, "http://h/robots.txt line 4")


AI_TRAINING = """User-Agent: *
Allow: /
Disallow: /private/
DisallowAITraining: /
AllowAITraining: /open/
DisallowAITraining: /open/drafts/
AllowAITraining: /tie/
DisallowAITraining: /tie/
"""


@pytest.mark.parametrize(("path", "usage", "expected"), [
    ("/article", "train-ai", ("robots.disallow_ai_training", D)),
    ("/open/a.jpg", "train-ai", ("robots.allow_ai_training", A)),
    ("/open/drafts/a.jpg", "train-ai", ("robots.disallow_ai_training", D)),  # the longest match decides
    ("/tie/a", "train-ai", ("robots.allow_ai_training", A)),  # Allow on ties, as Allow/Disallow
    ("/article", "ai-train", ("robots.disallow_ai_training", D)),
    ("/article", "search", None),
    ("/article", "ai-use", None),
])
def test_disallow_ai_training_rules_rank_as_allow_and_disallow_do(path: str, usage: str,
                                                                  expected: tuple[str, Verdict] | None) -> None:
    """`DisallowAITraining: /` (draft-canel-robots-ai-control-00), as deployed sites write it, was not
    read at all: their pages were collected for training without a word."""
    out = robots_preferences(RobotsTxt.parse(AI_TRAINING), f"http://h{path}", "scrapeguard", usage,  # type: ignore[arg-type]
                             "http://h/robots.txt")
    assert [(s.code, s.verdict) for s in out] == ([expected] if expected else [])
    if expected:
        assert out[0].family == "content_usage" and out[0].source.startswith("http://h/robots.txt line ")


def test_thousands_of_ai_training_rules_are_compiled_once_not_matched_one_by_one() -> None:
    """A 500 KiB robots.txt holds ~18,000 such rules: matched one by one they cost 0.35 s a request."""
    parsed = RobotsTxt.parse("User-agent: *\n" + "\n".join(f"DisallowAITraining: /p{i}/x" for i in range(18_000)))
    robots_preferences(parsed, "http://h/p0/x", "scrapeguard", "train-ai", "r")  # (compiled here, once)
    started = time.monotonic()
    for i in range(200):
        [s] = robots_preferences(parsed, f"http://h/p{i * 80}/x", "scrapeguard", "train-ai", "r")  # type: ignore[arg-type]
        assert s.source == f"r line {i * 80 + 2}"
    assert time.monotonic() - started < 2


def test_thousands_of_content_usage_paths_are_compiled_once_not_matched_one_by_one() -> None:
    """A 500 KiB robots.txt holds ~12,000 `Content-Usage: /path prefs` records: matched one by one
    they cost ~0.1 s a request (0.3 s with wildcard paths), as DisallowAITraining rules did."""
    parsed = RobotsTxt.parse("User-agent: *\n" + "\n".join(f"Content-Usage: /p{i}/x train-ai=n" for i in range(12_000)))
    robots_preferences(parsed, "http://h/p0/x", "scrapeguard", "train-ai", "r")  # (compiled here, once)
    started = time.monotonic()
    for i in range(200):
        [s] = robots_preferences(parsed, f"http://h/p{i * 55}/x", "scrapeguard", "train-ai", "r")  # type: ignore[arg-type]
        assert (s.verdict, s.source) == (D, f"r line {i * 55 + 2}")
    assert time.monotonic() - started < 2


def test_content_usage_paths_decide_as_each_record_read_alone_would() -> None:
    """The compiled reading is the one-by-one reading: of the records whose path matches, those of the longest
    path in encoded octets, every one of them on a tie (pathless ones as `/`), for the URL as written and as a
    server merging repeated slashes serves it, both readings' together, in file order."""
    atoms = ["/", "a", "b", "*", "$", "~", "%7E", "é", "%C3%A9", "?", "x=1"]
    rng = random.Random(9)
    for _ in range(200):
        values = [rng.choice(["", "/"]) + "".join(rng.choice(atoms) for _ in range(rng.randint(0, 4)))
                  for _ in range(rng.randint(1, 8))]
        records = [(f"{v} train-ai={rng.choice('ny')}" if v.startswith("/") else f"train-ai={rng.choice('ny')}", n)
                   for n, v in enumerate(values, start=3)]
        parsed = RobotsTxt.parse("User-agent: *\nAllow: /\n" + "".join(f"Content-Usage: {v}\n" for v, _ in records))
        for _ in range(5):
            url = "http://h/" + "".join(rng.choice(atoms) for _ in range(rng.randint(0, 5)))
            head, mark, query = url[len("http://h"):].partition("?")
            served = "http://h" + re.sub("//+", "/", head) + mark + query
            chosen: set[tuple[str, int]] = set()
            for u in (url, served):  # (each reading's longest, both counted)
                alone = [(v.partition(" ")[2] if v.startswith("/") else v, n,
                          parsed.rule_length(v.partition(" ")[0] if v.startswith("/") else "/"))
                         for v, n in records if parsed.matches(v.partition(" ")[0] if v.startswith("/") else "/", u)]
                longest = max((length for _, _, length in alone), default=None)
                chosen.update((p, n) for p, n, length in alone if length == longest)
            assert [(p, n) for p, n, _ in parsed.usage_records(url, "scrapeguard")] == sorted(chosen, key=lambda r: r[1])


def test_a_groups_statements_alike_are_said_once_and_each_refusal_still_counts() -> None:
    """A group's Content-Signal lines (and Content-Usage lines tied on the longest path) that read alike
    give one signal, and their notes one note counting the lines; a line that reads otherwise, a refusal
    among 1,000 permissions, still has its own signal."""
    lines = "".join(f"Content-Signal: ai-train=yes, x{i}=1\n" for i in range(1000)) + "Content-Signal: ai-train=no\n"
    out = robots_preferences(RobotsTxt.parse("User-agent: *\nAllow: /\n" + lines), "http://h/a", "scrapeguard",
                             "train-ai", "r")
    assert [(s.code, s.source) for s in out] == [("content_signal.yes", "r line 3"), ("content_signal.no", "r line 1003")]
    lines = "".join(f"Content-Usage: train-ai=maybe{i}\n" for i in range(1000)) + "Content-Usage: / train-ai=n\n"
    out = robots_preferences(RobotsTxt.parse("User-agent: *\nAllow: /\n" + lines), "http://h/a", "scrapeguard",
                             "train-ai", "r")
    assert [(s.code, s.source) for s in out] == [("content_usage.n", "r line 1003"), ("content_usage.unknown_value", "r line 3")]
    assert out[1].detail.endswith("(and 999 more line(s) of this group alike)")


def test_through_the_guard_12000_unreadable_content_signal_lines_make_one_note_not_12000(site: Site, tmp_path) -> None:  # noqa: ANN001
    """A robots.txt repeating an unreadable Content-Signal 12,000 times (a generator gone wrong, or
    hostile) made 12,000 notes in every decision for the site: 1.5 s a request, ~7 MB of audit log a decision."""
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, ("User-agent: *\nAllow: /\n" + "".join(
        f"Content-Signal: ai-train=maybe{i}\n" for i in range(12_000))).encode())
    for path in ("/a", "/b"):
        site.routes[path] = html("<html><body><p>article text</p></body></html>")
    audit = tmp_path / "audit.sqlite"
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=str(audit)) as g:
        g.check_url(site.url("/a"))
        started = time.monotonic()
        d = g.check_url(site.url("/b"))
        took = time.monotonic() - started
    assert d.action == "allow" and [n.code for n in d.notes] == ["content_signal.unreadable"]
    assert "11999 more line(s)" in d.notes[0].detail
    assert took < 1.0 and audit.stat().st_size < 1_000_000


def test_a_disallow_ai_training_line_leaves_the_crawl_rules_grouped_as_google_reads_them() -> None:
    """An expired draft's rule between two user-agent lines does not split them into two groups
    (which would free `a` from `Disallow: /x`): both crawlers keep both rules."""
    parsed = RobotsTxt.parse("User-agent: a\nDisallowAITraining: /\nUser-agent: b\nDisallow: /x\n")
    assert not parsed.allows("http://h/x", "a") and not parsed.allows("http://h/x", "b")
    for agent in ("a", "b"):
        [s] = robots_preferences(parsed, "http://h/y", agent, "train-ai", "r")  # type: ignore[arg-type]
        assert (s.code, s.verdict) == ("robots.disallow_ai_training", D)


def test_through_the_guard_a_site_saying_disallow_ai_training_is_not_collected_for_training(site: Site) -> None:
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"},
                                  b"User-Agent: *\nDisallowAITraining: /\nContent-Usage: ai=n\nAllow: /\n")
    site.routes["/page"] = html("<html><body><p>article text</p></body></html>")
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/page"))
    assert d.action == "block" and [f.code for f in d.findings] == ["content_usage.n", "robots.disallow_ai_training"]


def _refusal_after(members: int) -> str:
    """A Content-Usage dictionary of `members` labels of 64 characters saying `y`, then `train-ai=n`."""
    return ", ".join(f"{'k' * 59}{i:05d}=y" for i in range(members)) + ", train-ai=n"


@pytest.mark.parametrize("headers", [{"Content-Usage": "train-ai=n"}, {"Content-Signal": "ai-train=no"},
                                     {"Content-Signal": "ai-train=no, search=yes"}])
def test_an_opt_out_of_another_usage_is_a_note_in_the_decision(headers: dict[str, str]) -> None:
    """(Review) Under search-index a `Content-Usage: train-ai=n` or a `Content-Signal: ai-train=no` answer was
    allowed with no trace of the refusal, where `X-Robots-Tag: noai` and `tdm-reservation: 1` leave a note (as
    docs/what-it-checks.md promises). It refuses nothing, and is noted "… not this purpose's usage"."""
    with Guard("search-index", audit=False) as g:
        d = g.check_response("https://example.fr/p.html", 200, {"Content-Type": "text/html", **headers}, b"<p>hi</p>")
    [note] = [n for n in d.notes if n.code.startswith("content_")]
    assert d.action == "allow" and not d.findings
    assert "not this purpose's usage (index)" in note.detail and "deny: ai-train-gen" in note.detail


@pytest.mark.parametrize("line", ["Content-Usage: /labs/ train-ai=n", "Content-Signal: ai-train=no"])
def test_a_robots_txt_opt_out_of_another_usage_is_a_note(line: str) -> None:
    """(Review) The demo's robots.txt `Content-Usage: /labs/ train-ai=n` left nothing in a search crawl's record of
    /labs/notes.html. It is a warning (a note) saying whose usage it refuses; one of the purpose's own usage
    still refuses, and a statement refusing nothing says nothing."""
    parsed = RobotsTxt.parse(f"User-agent: *\n{line}\n")
    [note] = robots_preferences(parsed, "http://h/labs/notes.html", "scrapeguard", "search", "http://h/robots.txt")
    [refusal] = robots_preferences(parsed, "http://h/labs/notes.html", "scrapeguard", "train-ai", "http://h/robots.txt")
    assert (note.verdict, note.warning) == (Verdict.UNKNOWN, True) and "not this purpose's usage (index)" in note.detail
    assert (refusal.verdict, refusal.warning) == (Verdict.DENY, False)
    allowing = RobotsTxt.parse("User-agent: *\nContent-Usage: train-ai=y\n")
    assert robots_preferences(allowing, "http://h/a", "scrapeguard", "search", "http://h/robots.txt") == []
