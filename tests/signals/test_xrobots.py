"""X-Robots-Tag / Robots-Tag / robots meta: union of fields, case-insensitive, bot scopes,
value rules before bot names, what a page's rule governs."""

from __future__ import annotations

import datetime as _dt
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapeguard import Guard, load_policy
from scrapeguard.detect.base import PageAnalysis
from scrapeguard.policy.model import Policy
from scrapeguard.resource import Headers
from scrapeguard.signals.base import ResponseView, Verdict, product_token
from scrapeguard.signals.xrobots import Directive, XRobotsReader, _tidy_list, parse_field
from signals.image_fixtures import _pixels
from sitekit import Site


def view(headers: list[tuple[str, str]] | None = None, kind: str = "image", meta: list[tuple[str, str]] | None = None) -> ResponseView:
    page = PageAnalysis(meta=meta) if meta is not None else None
    return ResponseView("http://h/a", 200, Headers(headers or []), kind, b"", page)  # type: ignore[arg-type]


def denied(v: ResponseView, usage: str = "train-ai", token: str = "scrapeguard") -> dict[str, str]:
    return {s.code: s.applies_to for s in XRobotsReader().evaluate(v, token, usage) if s.verdict == Verdict.DENY}  # type: ignore[arg-type]


def test_parse_field_scopes_and_values() -> None:
    assert parse_field("noindex, otherbot: noai, noimageai") == [
        Directive("noindex"), Directive("noai", "", "otherbot"), Directive("noimageai", "", "otherbot")]
    assert parse_field("unavailable_after: Friday, 25-Jun-10 15:00:00 PST, noai") == [
        Directive("unavailable_after", "Friday, 25-Jun-10 15:00:00 PST"), Directive("noai")]
    assert parse_field("googlebot: max-image-preview:none") == [Directive("max-image-preview", "none", "googlebot")]
    assert parse_field("NoImageAI") == [Directive("noimageai")]


@pytest.mark.parametrize("value", ["\x01noai", "noai\x00", "noai\x7f", "\x0bnoai", "scrapeguard: \x1bnoai", "noindex,\x02noai"])
def test_a_control_byte_beside_a_rule_reads_as_white_space(value: str) -> None:
    """No field value may hold one (RFC 9110 §5.5); a lenient server or client passing it on must not
    turn the opt-out into an unknown name that lets the page through."""
    assert denied(view([("X-Robots-Tag", value)])) == {"xrobots.noai": "self"}


@pytest.mark.parametrize(("value", "expected"), [
    ('"noai"', {"xrobots.noai": "self"}),
    ('"noindex, noai"', {"xrobots.noai": "self"}),
    ("'noai'", {"xrobots.noai": "self"}),
    ('"scrapeguard: noai"', {"xrobots.noai": "self"}),
    ('"otherbot: noai"', {}),
    ("\u201cnoindex, noai\u201d", {"xrobots.noai": "self"}),  # typographic quotes, as a CMS types them
    ("\u2018noai\u2019", {"xrobots.noai": "self"}),
])
def test_quotes_a_server_configuration_left_around_the_rules_are_no_part_of_them(value: str,
                                                                                 expected: dict[str, str]) -> None:
    """`add_header X-Robots-Tag '"noindex, noai"'` sends the quotes: `"noindex` and `noai"` were
    unknown names and the page was allowed without a word; the rules are read as written inside."""
    assert denied(view([("X-Robots-Tag", value)])) == expected


def test_quotes_inside_a_robots_meta_tag_are_no_part_of_its_rules() -> None:
    assert denied(view(kind="html", meta=[("robots", '"noai"')])) == {"xrobots.noai": "both"}


def test_through_the_guard_a_quoted_noai_header_blocks_the_page(site: Site) -> None:
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/quoted"] = (200, {"Content-Type": "text/html", "X-Robots-Tag": '"noindex, noai"'},
                              b"<html><body><p>article text</p></body></html>")
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/quoted"))
    assert d.action == "block" and [f.code for f in d.findings] == ["xrobots.noai"]


def test_union_of_fields_case_insensitive() -> None:
    assert denied(view([("X-Robots-Tag", "all"), ("x-robots-tag", "NoImageAI")])) == {"xrobots.noimageai": "self"}


def test_scoped_to_another_bot_is_ignored() -> None:
    assert denied(view([("X-Robots-Tag", "otherbot: noai, noimageai")])) == {}
    assert denied(view([("X-Robots-Tag", "otherbot: noai, noimageai")]), token="otherbot") == {
        "xrobots.noai": "self", "xrobots.noimageai": "self"}


def test_a_robots_prefix_speaks_to_every_crawler() -> None:
    """(A signals review: `X-Robots-Tag: robots: noai` was read as a rule for a crawler named "robots", and the
    page allowed with no word; the meta tag named `robots` is every crawler's, as `*:` is.)"""
    assert denied(view([("X-Robots-Tag", "robots: noai, noimageai")])) == {
        "xrobots.noai": "self", "xrobots.noimageai": "self"}
    assert denied(view([("X-Robots-Tag", "otherbot: noindex, robots: noai")])) == {"xrobots.noai": "self"}


def test_scope_ends_with_the_field() -> None:
    v = view([("X-Robots-Tag", "otherbot: noindex"), ("X-Robots-Tag", "noai")])
    assert denied(v) == {"xrobots.noai": "self"}


def test_global_before_scoped() -> None:
    v = view([("X-Robots-Tag", "noindex, scrapeguard: noai")])
    assert denied(v, "search") == {"xrobots.noindex": "self"}
    assert denied(v, "train-ai") == {"xrobots.noai": "self"}


@pytest.mark.parametrize(("value", "usage", "code"), [
    ("noindex", "search", "xrobots.noindex"),
    ("none", "search", "xrobots.none"),
    ("noimageindex", "search", "xrobots.noimageindex"),
    ("noai", "ai-use", "xrobots.noai"),
    ("noml", "train-ai", "xrobots.noml"),
    ("noarchive", "archive", "xrobots.noarchive"),
    ("nocache", "ai-use", "xrobots.nocache"),
    ("nosnippet", "ai-use", "xrobots.nosnippet"),  # Google: no direct input to AI Overviews and AI Mode
    ("max-snippet:0", "ai-use", "xrobots.max_snippet_0"),  # (Google: the same as nosnippet)
    ("max-image-preview:none", "search", "xrobots.max_image_preview_none"),
    ("DisallowAITraining", "train-ai", "xrobots.disallowaitraining"),  # draft-canel-robots-ai-control-00
])
def test_vocabulary(value: str, usage: str, code: str) -> None:
    assert code in denied(view([("X-Robots-Tag", value)]), usage)


@pytest.mark.parametrize("value", ["none", "noindex", "max-image-preview:none", "max-image-preview:large", "nofollow",
                                   "nosnippet", "all", "max-snippet:0"])
def test_search_directives_do_not_touch_training(value: str) -> None:
    assert denied(view([("X-Robots-Tag", value)]), "train-ai") == {}


@pytest.mark.parametrize(("field", "value"), [
    ("X-Robots-Tag", "nosnippet"), ("X-Robots-Tag", "NoSnippet"), ("X-Robots-Tag", "scrapeguard: nosnippet"),
    ("X-Robots-Tag", "max-snippet:0"), ("X-Robots-Tag", "max-snippet: 0"), ("X-Robots-Tag", "max-snippet=0"),
    ("X-Robots-Tag", "max-snippet:00, noindex"), ("Robots-Tag", "*;max-snippet=0"),
    ("Robots-Tag", "scrapeguard;nosnippet"),
])
def test_google_s_snippet_opt_out_refuses_ai_use_of_the_page(field: str, value: str) -> None:
    """Google's robots documentation: `nosnippet` also keeps the page from being a direct input to AI
    Overviews and AI Mode, and `max-snippet:0` is the same; neither was read, and a RAG purpose took the page."""
    assert denied(view([(field, value)], kind="html", meta=[]), "ai-use") == {
        "xrobots.nosnippet" if "nosnippet" in value.lower() else "xrobots.max_snippet_0": "self"}


def test_a_robots_meta_tag_s_nosnippet_refuses_ai_use_of_the_page() -> None:
    assert denied(view(kind="html", meta=[("robots", "index, follow, nosnippet")]), "ai-use") == {
        "xrobots.nosnippet": "self"}


@pytest.mark.parametrize("value", ["max-snippet:-1", "max-snippet:50", "max-snippet:", "max-snippet:zero",
                                   "otherbot: nosnippet", "otherbot: max-snippet:0", "nosnippet=false"])
def test_a_snippet_rule_that_allows_a_snippet_or_is_not_ours_refuses_nothing(value: str) -> None:
    assert denied(view([("X-Robots-Tag", value)]), "ai-use") == {}


def test_unavailable_after() -> None:
    past = view([("X-Robots-Tag", "unavailable_after: Friday, 25-Jun-10 15:00:00 PST")])
    assert denied(past, "search") == {"xrobots.unavailable_after": "self"}
    future = view([("X-Robots-Tag", "unavailable_after: 2999-01-01T00:00:00Z")])
    assert denied(future, "search") == {}
    bad = XRobotsReader().evaluate(view([("X-Robots-Tag", "unavailable_after: someday")]), "scrapeguard", "search")
    assert [s.code for s in bad] == ["xrobots.unavailable_after.unparsable"] and bad[0].warning


@pytest.mark.parametrize("date", ["2010-06-25t15:00:00z", "2010-06-25T15:00:00z", "2010-06-25t15:00:00+02:00"])
def test_an_iso_date_with_its_t_or_z_in_lower_case_is_read(date: str) -> None:
    """RFC 3339 §5.6 allows `t` and `z` in lower case (and a Robots-Tag read again in lower case has them
    so): the date was called unreadable and the page, unavailable since, indexed."""
    out = XRobotsReader().evaluate(view([("X-Robots-Tag", f"unavailable_after: {date}")]), "scrapeguard", "search")
    assert [(s.code, s.verdict) for s in out] == [("xrobots.unavailable_after", Verdict.DENY)]


@pytest.mark.parametrize("date", ["25 Jun 2010", "June 25, 2010", "Jun 25 2010", "25-Jun-2010", "Sept 5, 2024",
                                  "25 June 2010 GMT"])
def test_a_date_written_with_its_months_name_and_no_time_is_read(date: str) -> None:
    """(A signals review: "25 Jun 2010" and "June 25, 2010" were unreadable, the page, unavailable since, indexed:
    Google reads "all widely adopted formats".) Read at the start of that day, UTC."""
    out = XRobotsReader().evaluate(view([("X-Robots-Tag", f"unavailable_after: {date}")]), "scrapeguard", "search")
    assert [(s.code, s.verdict) for s in out] == [("xrobots.unavailable_after", Verdict.DENY)]
    for odd in ("31 Feb 2010", "25 Foo 2010", "June 2010", "25-Jun-30", "Jun 25 30"):  # (no year 25: review)
        late = XRobotsReader().evaluate(view([("X-Robots-Tag", f"unavailable_after: {odd}")]), "scrapeguard", "search")
        assert [s.code for s in late] == ["xrobots.unavailable_after.unparsable"]


def test_a_response_full_of_unreadable_dates_is_one_note_that_counts_them(site: Site, tmp_path) -> None:  # noqa: ANN001
    """64 KiB of X-Robots-Tag fields of unreadable `unavailable_after` dates gave a note per date: 2,000
    notes in the decision and ~0.7 MB of audit log for one response. One note counts them; a `noindex`
    among them still blocks."""
    fields = [("X-Robots-Tag", ", ".join(f"unavailable_after: someday{h}x{i}" for i in range(100))) for h in range(20)]
    out = XRobotsReader().evaluate(view(fields + [("X-Robots-Tag", "noindex")]), "scrapeguard", "search")
    assert [(s.code, s.verdict) for s in out] == [("xrobots.noindex", Verdict.DENY),
                                                  ("xrobots.unavailable_after.unparsable", Verdict.UNKNOWN)]
    assert out[1].detail == "unavailable_after date 'someday0x0' could not be read (and 1999 more unreadable date(s) " \
                            "in this response)"
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/a.txt"] = (200, [*fields, ("Content-Type", "text/plain")], b"text")
    audit = tmp_path / "audit.sqlite"
    with Guard("search-index", user_agent="ExampleBot/1.0", audit=str(audit)) as g:
        d = g.check_url(site.url("/a.txt"))
    assert d.action == "allow" and [n.code for n in d.notes] == ["xrobots.unavailable_after.unparsable"]
    assert audit.stat().st_size < 300_000


def test_unavailable_after_uses_the_clock() -> None:
    class Past(_dt.datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206
            return _dt.datetime(2001, 1, 1, tzinfo=_dt.UTC)

    v = view([("X-Robots-Tag", "unavailable_after: 25 Jun 2010 15:00:00 PST")])
    assert XRobotsReader(clock=Past).evaluate(v, "scrapeguard", "search") == []


OVERFLOWING_DATE = "unavailable_after: 99999999999999999999 Jan 1 00:00:00"  # a day no C long holds


def test_an_unreadable_date_leaves_the_rules_beside_it_in_force() -> None:
    """A date the date parser overflowed on escaped it, and the reader's catch-all dropped every rule
    of the response: `noai` beside it went unread, with only a note."""
    out = XRobotsReader().evaluate(view([("X-Robots-Tag", f"noai, {OVERFLOWING_DATE}")]), "scrapeguard", "train-ai")
    assert [(s.code, s.verdict) for s in out] == [("xrobots.noai", Verdict.DENY),
                                                  ("xrobots.unavailable_after.unparsable", Verdict.UNKNOWN)]


def _guard(on_error: str = "fail-closed", **kw: object) -> Guard:
    data = load_policy("gdpr-strict").model_dump()
    data["runtime"]["on_error"] = on_error
    data["audit"]["sink"] = None
    return Guard(Policy.model_validate(data), user_agent="ExampleBot/1.0", audit=False, **kw)  # type: ignore[arg-type]


def test_through_the_guard_an_image_saying_noai_beside_an_unreadable_date_is_blocked(site: Site) -> None:
    site.routes["/a.jpg"] = (200, {"Content-Type": "image/jpeg", "X-Robots-Tag": f"noai, {OVERFLOWING_DATE}"},
                             _pixels("JPEG"))
    with _guard() as g:
        d = g.check_url(site.url("/a.jpg"))
    assert d.action == "block" and [f.code for f in d.findings] == ["xrobots.noai"]


class _StoppedClock(_dt.datetime):
    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206
        raise RuntimeError("the clock stopped")


@pytest.mark.parametrize(("on_error", "action"), [("fail-closed", "block"), ("fail-open", "log")])
def test_a_reading_that_fails_is_decided_by_on_error_not_left_as_a_note(site: Site, on_error: str, action: str) -> None:
    """The reader failing leaves every rule of the response unread (a `noai` among them): the guard
    failing, which the policy's on_error decides, never a note beside an allow."""
    site.routes["/a.jpg"] = (200, {"Content-Type": "image/jpeg", "X-Robots-Tag": "noai"}, _pixels("JPEG"))
    with _guard(on_error, readers=[XRobotsReader(clock=_StoppedClock)]) as g:
        d = g.check_url(site.url("/a.jpg"))
    [f] = [f for f in d.findings if f.code == "xrobots.unreadable"]
    assert (f.kind, f.action, d.action) == ("error", action, action)


def test_a_page_saying_disallow_ai_training_in_its_robots_meta_reserves_itself_and_its_images() -> None:
    """`<meta name="robots" content="DisallowAITraining">` (draft-canel-robots-ai-control-00, written
    by gallery generators beside the photos' IPTC opt-out) was not read: the page and its photos
    were collected for training."""
    v = view(kind="html", meta=[("robots", "DisallowAITraining")])
    assert denied(v, "train-ai") == {"xrobots.disallowaitraining": "both"}
    assert denied(v, "search") == {}
    assert [(r.code, r.applies_to) for r in v.image_rules.rules] == [("xrobots.disallowaitraining", "both")]


def test_page_rules_govern_self_images_or_both() -> None:
    v = view([("X-Robots-Tag", "noimageai, noai, noindex, noimageindex")], kind="html", meta=[])
    assert denied(v, "train-ai") == {"xrobots.noimageai": "images", "xrobots.noai": "both"}
    assert denied(v, "search") == {"xrobots.noindex": "self", "xrobots.noimageindex": "images"}


def test_meta_robots_and_bot_specific_meta() -> None:
    v = view(kind="html", meta=[("robots", "NoImageAI"), ("scrapeguard", "noai"), ("otherbot", "noindex")])
    out = XRobotsReader().evaluate(v, "scrapeguard", "search")  # (seen, and said to reserve no search: notes)
    assert {(s.code, s.verdict, s.warning) for s in out} == {("xrobots.noimageai", Verdict.UNKNOWN, True),
                                                             ("xrobots.noai", Verdict.UNKNOWN, True)}
    out = XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert {s.code for s in out} == {"xrobots.noimageai", "xrobots.noai"}
    assert any('<meta name="robots" content="NoImageAI">' in s.source for s in out)


@pytest.mark.parametrize("content", ["scrapeguard: noai", "ScrapeGuard/1.0: noai", "otherbot: noai",
                                     "googlebot: noindex noai", "a: b: noai", "noindex, scrapeguard: noai"])
def test_a_crawler_name_in_a_meta_tag_named_for_us_scopes_nothing_and_hides_no_rule(content: str) -> None:
    """In `<meta name="scrapeguard">` every rule is ours: `scrapeguard: noai` was read as one unknown rule
    named `scrapeguard:noai`, and the page allowed without a word. A crawler name there is passed over."""
    v = view(kind="html", meta=[("scrapeguard", content)])
    assert denied(v) == {"xrobots.noai": "both"}
    assert [d.scope for d in parse_field(content, scopes=False, scope="scrapeguard")] == ["scrapeguard"] * (
        1 + content.count("noindex"))


def test_a_crawler_name_in_a_meta_tag_named_for_another_crawler_scopes_nothing_either() -> None:
    v = view(kind="html", meta=[("otherbot", "otherbot: noimageai")])
    XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert [r.code for r in v.image_rules.rules] == ["xrobots.noimageai"]


def test_a_zero_width_character_glued_to_a_rule_does_not_hide_it() -> None:
    """`<meta name="robots" content="\u200bnoimageai">` (pasted from a web page or a word processor), and a
    UTF-8 zero-width space in a header read as Latin-1: the rule was an unknown word, the opt-out unseen."""
    assert denied(view(kind="html", meta=[("robots", "\u200bnoimageai")])) == {"xrobots.noimageai": "images"}
    assert denied(view([("X-Robots-Tag", "noindex, \u00e2\u0080\u008bnoai")])) == {"xrobots.noai": "self"}


def test_a_crawler_named_inside_a_robots_meta_tag_scopes_the_rules_after_it() -> None:
    """`<meta name="robots" content="scrapeguard: noai">`, X-Robots-Tag's `bot:` form written in the
    robots meta tag: `scrapeguard:noai` was read as one unknown rule name, and the opt-out naming this
    very crawler let the page and its images through without a word."""
    assert denied(view(kind="html", meta=[("robots", "scrapeguard: noai")])) == {"xrobots.noai": "both"}
    assert denied(view(kind="html", meta=[("robots", "noindex, scrapeguard: noimageai")])) == {
        "xrobots.noimageai": "images"}
    other = view(kind="html", meta=[("robots", "otherbot: noimageai")])
    assert denied(other) == {}  # another crawler's rule, not ours
    assert image_codes(other, "otherbot", "train-ai") == {"xrobots.noimageai": False}  # for its image requests
    assert denied(view(kind="html", meta=[("robots", "max-image-preview:none, noai")])) == {"xrobots.noai": "both"}


@pytest.mark.parametrize("content", ["googlebot: nofollow, noimageai", "max_image_preview:large, noimageai",
                                     "otherbot: noindex; noimageai"])
def test_a_crawler_named_in_a_robots_meta_tag_scopes_its_own_part_only(content: str) -> None:
    """<meta name="robots"> speaks to every crawler: read as the header is, `googlebot: nofollow`
    (or a mistyped rule read as a crawler's name) took the page's `noimageai` after it for
    Googlebot's alone, and the opt-out went unread, without a note."""
    assert denied(view(kind="html", meta=[("robots", content)])) == {"xrobots.noimageai": "images"}


def test_a_meta_http_equiv_x_robots_tag_is_read_as_the_header_is() -> None:
    """A static host that cannot send headers writes X-Robots-Tag as <meta http-equiv> (the page
    analysis keeps it as ("http-equiv:x-robots-tag", content)); it was collected and never read."""
    equiv = "http-equiv:x-robots-tag"
    v = view(kind="html", meta=[(equiv, "noai")])
    out = XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == {"xrobots.noai": "both"}
    assert all('<meta http-equiv="X-Robots-Tag" content="noai">' in s.source for s in out)
    assert denied(view(kind="html", meta=[(equiv, "otherbot: noai, noimageai")])) == {}  # scoped as a header
    assert denied(view(kind="html", meta=[(equiv, "otherbot: noindex, scrapeguard: noimageai")])) == {
        "xrobots.noimageai": "images"}
    scoped = view(kind="html", meta=[(equiv, "otherbot: noimageai")])
    XRobotsReader().evaluate(scoped, "scrapeguard", "train-ai")
    assert image_codes(scoped, "otherbot", "train-ai") == {"xrobots.noimageai": False}  # for otherbot's image requests
    assert image_codes(scoped, "x-robots-tag", "train-ai") == {}  # never read as a crawler named "x-robots-tag"


def test_robots_tag_structured_field() -> None:
    v = view([("Robots-Tag", "*;noindex, scrapeguard;noai, otherbot;noimageai")])
    assert denied(v, "search") == {"xrobots.noindex": "self"}
    assert denied(v, "train-ai") == {"xrobots.noai": "self"}
    bad = XRobotsReader().evaluate(view([("Robots-Tag", "((")]), "scrapeguard", "search")
    assert [s.code for s in bad] == ["xrobots.robots_tag_unparsable"] and bad[0].warning


@pytest.mark.parametrize(("value", "expected"), [
    ("scrapeguard: noai", {"xrobots.noai": "self"}),
    ("noindex, scrapeguard: noai", {"xrobots.noai": "self"}),
    ("otherbot: noai", {}),
    ("noai noimageai", {"xrobots.noai": "self", "xrobots.noimageai": "self"}),
    ("scrapeguard:noai", {"xrobots.noai": "self"}),  # (an RFC 9651 token, `:` and all: read as X-Robots-Tag's)
    ("noindex, SCRAPEGUARD:noai", {"xrobots.noai": "self"}),
    ("noai:", {"xrobots.noai": "self"}),
])
def test_a_robots_tag_in_x_robots_tags_syntax_is_read_as_x_robots_tag_is_and_said_to_be(
        value: str, expected: dict[str, str]) -> None:
    """A `Robots-Tag` that is no structured-field list (X-Robots-Tag's syntax under the draft's name)
    was ignored with a note, and its `noai` let the resource through; it is read as X-Robots-Tag is."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    [note] = [s for s in out if s.code == "xrobots.robots_tag_unparsable"]
    assert note.warning and "X-Robots-Tag's syntax" in note.detail and note.source.startswith("Robots-Tag header #1")


@pytest.mark.parametrize(("value", "expected"), [
    ("otherbot;noai,", {}), ("otherbot ;noai", {}), ("otherbot;noai;", {}),
    ("otherbot;noai, scrapeguard;noimageai,", {"xrobots.noimageai": "self"}),
    ("noai;", {"xrobots.noai": "self"}), ("noindex, noai,", {"xrobots.noai": "self"}),
])
def test_a_robots_tag_with_a_slip_of_typing_keeps_the_crawler_each_rule_is_for(
        value: str, expected: dict[str, str]) -> None:
    """Read as X-Robots-Tag (where `;` means nothing), `otherbot;noai,` with its trailing comma made
    `noai` every crawler's: ours was refused what only otherbot was."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    [note] = [s for s in out if s.code == "xrobots.robots_tag_unparsable"]
    assert note.warning and "slips taken out" in note.detail


def _tidy_list_as_first_written(raw: bytes) -> bytes:
    """`_tidy_list` as it was first written: the same text, in time quadratic in a run of blanks or `;`."""
    text = re.sub(rb"[ \t]*([;,=])[ \t]*", rb"\1", raw.strip())
    return re.sub(rb";*,[;,]*", b", ", text).strip(b",; ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b" ", b"\t", b";", b",", b"=", b"a", b"b", b"\r"]), max_size=40).map(b"".join))
def test_a_robots_tag_is_tidied_as_the_first_reading_tidied_it(raw: bytes) -> None:
    assert _tidy_list(raw) == _tidy_list_as_first_written(raw)


@pytest.mark.parametrize("value", ["a" + " " * 15_000 + "b", "a" + "\t" * 15_000 + "b", "a" + ";" * 15_000 + "b",
                                   ";" * 16_000])
def test_a_robots_tag_of_a_long_run_of_blanks_or_separators_is_read_in_linear_time(value: str) -> None:
    """`[ \t]*([;,=])` rescanned a run of blanks from each of its positions: one `Robots-Tag: a<15,000
    blanks>b` held the guard 9 s, one of 16,000 `;` about 1 s (review)."""
    started = time.monotonic()
    XRobotsReader().evaluate(view([("Robots-Tag", value)] * 4), "scrapeguard", "train-ai")
    assert time.monotonic() - started < 1.5


def test_many_robots_tag_fields_that_cannot_be_read_are_one_note_that_counts_them() -> None:
    """512 unreadable Robots-Tag fields gave 512 notes for one response."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", "((")] * 512), "scrapeguard", "train-ai")
    assert [s.code for s in out] == ["xrobots.robots_tag_unparsable"]
    assert out[0].detail.endswith("(and 511 more Robots-Tag field(s) alike)")


@pytest.mark.parametrize("value", ["*;NOAI", "scrapeguard;NoAI", "SCRAPEGUARD;noai", "NoAI"])
def test_robots_tag_rule_and_crawler_names_are_case_insensitive(value: str) -> None:
    """RFC 9651 takes parameter keys in lower case only: `*;NOAI` failed as a whole field and was ignored."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert [(s.code, s.verdict) for s in out] == [("xrobots.noai", Verdict.DENY)]


@pytest.mark.parametrize(("value", "usage", "expected"), [
    ("*;max-image-preview=none", "search", {"xrobots.max_image_preview_none": "self"}),
    ("scrapeguard;max-image-preview=NONE", "search", {"xrobots.max_image_preview_none": "self"}),
    ("*;max-image-preview=large", "search", {}),
    ('*;unavailable_after="Fri, 25 Jun 2010 15:00:00 GMT"', "search", {"xrobots.unavailable_after": "self"}),
    ('*;unavailable_after="2999-01-01T00:00:00Z"', "search", {}),
    ("*;unavailable_after=@1277478000", "search", {"xrobots.unavailable_after": "self"}),  # an RFC 9651 date
    ('otherbot;unavailable_after="Fri, 25 Jun 2010 15:00:00 GMT"', "search", {}),
])
def test_a_robots_tag_rule_that_takes_a_value_keeps_its_parameters_value(value: str, usage: str,
                                                                          expected: dict[str, str]) -> None:
    """The draft's rules are Parameters, a key-value pair each (`*;max-image-preview=none`): the value was
    dropped, so `max-image-preview=none` reserved nothing and an `unavailable_after` date passed was
    said to be unreadable, the page indexed without a word."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", usage)  # type: ignore[arg-type]
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    assert [s.code for s in out if s.verdict != Verdict.DENY] == []


@pytest.mark.parametrize(("value", "usage", "expected"), [
    ("*;noai=?0", "train-ai", {}),
    ("scrapeguard;noai=?0", "train-ai", {}),
    ("*;noindex=?0", "search", {}),
    ("*;noai=?0;noimageai", "train-ai", {"xrobots.noimageai": "self"}),
    ("*;noai=?1", "train-ai", {"xrobots.noai": "self"}),
    ("*;noai=?0, *;noai", "train-ai", {"xrobots.noai": "self"}),  # (instances merged: any true rule counts)
])
def test_a_robots_tag_rule_set_to_boolean_false_is_not_in_effect(value: str, usage: str,
                                                                  expected: dict[str, str]) -> None:
    """The draft's rules are Parameters whose value is Boolean true when they apply (`*;noindex` is
    `["noindex", true]`); `noai=?0` says the rule is false, and was read as `noai`: a resource its
    publisher expressly left open was refused."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", usage)  # type: ignore[arg-type]
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected


@pytest.mark.parametrize(("value", "usage", "expected"), [
    ("noai;noimageai", "train-ai", {"xrobots.noai": "self", "xrobots.noimageai": "self"}),
    ("noindex;noai", "train-ai", {"xrobots.noai": "self"}),
    ("noindex; noai", "search", {"xrobots.noindex": "self"}),
    ("noindex;noai=?0", "train-ai", {}),
    ("otherbot;noindex, noimageai;noai", "train-ai", {"xrobots.noimageai": "self", "xrobots.noai": "self"}),
])
def test_a_robots_tag_member_naming_a_rule_with_rules_after_semicolons_is_every_crawlers(
        value: str, usage: str, expected: dict[str, str]) -> None:
    """`noai;noimageai` is X-Robots-Tag's syntax (`;` between rules) under the draft's name; as RFC 9651 reads
    it, a crawler called `noai` with the parameter `noimageai`, so both rules were another crawler's and the
    resource let through without a word. No crawler is named for a rule: the member is rules for every
    crawler, and it is said so."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", usage)  # type: ignore[arg-type]
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    [note] = [s for s in out if s.code == "xrobots.robots_tag_unparsable"]
    assert note.warning and "X-Robots-Tag's syntax" in note.detail


@pytest.mark.parametrize(("value", "expected"), [
    ("(scrapeguard otherbot);noai", {"xrobots.noai": "self"}),
    ("(otherbot thirdbot);noai", {}),
    ("(otherbot scrapeguard;noimageai);noai", {"xrobots.noai": "self", "xrobots.noimageai": "self"}),
    ("(noai noimageai)", {"xrobots.noai": "self", "xrobots.noimageai": "self"}),
])
def test_a_robots_tag_inner_list_names_each_of_its_crawlers(value: str, expected: dict[str, str]) -> None:
    """The draft has one crawler per member; `(scrapeguard otherbot);noai`, an RFC 9651 inner list of them with
    the rules as its parameters, was read as no crawler at all and its `noai` let the resource through without
    a word. Each item is read as a member of its own, with the list's parameters (and its own), and it is said."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    [note] = [s for s in out if s.code == "xrobots.robots_tag_unparsable"]
    assert note.warning and "inner list" in note.detail


@pytest.mark.parametrize("value", ["5;noai", "@12;noai", ":YWJj:;noai", "?1;noai"])
def test_a_robots_tag_member_that_names_no_crawler_is_noted(value: str) -> None:
    """A number, a date, bytes or a Boolean where the crawler's name goes names nobody: its rules were
    dropped without a word."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    [note] = [s for s in out if s.code == "xrobots.robots_tag_unparsable"]
    assert note.warning and "name neither a known rule nor a crawler" in note.detail


@pytest.mark.parametrize(("value", "expected"), [
    ("otherbot;noai, ((", {}),
    ('otherbot;noai, "unterminated', {}),
    ("otherbot;noai, scrapeguard;noimageai, ((", {"xrobots.noimageai": "self"}),
    ("otherbot;noai, noimageai noindex", {"xrobots.noimageai": "self"}),  # (the member that fails: X-Robots-Tag's)
])
def test_a_robots_tag_with_a_syntax_error_keeps_each_readable_members_crawler(value: str,
                                                                              expected: dict[str, str]) -> None:
    """One member RFC 9651 refuses fails the whole list; read then as X-Robots-Tag (where `;` separates rules
    and nothing scopes without a `name:`), `otherbot;noai` was every crawler's and ours was refused what only
    otherbot was. With no `name:` scope in the field, each member that parses alone keeps its crawler; the
    rest is read as X-Robots-Tag's syntax, and it is said."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    assert any(s.code == "xrobots.robots_tag_unparsable" and s.warning for s in out)


@pytest.mark.parametrize(("value", "expected"), [
    ("otherbot;noai;((", {}),
    ('otherbot;noai;"unterminated', {}),
    ("otherbot;noimageai, otherbot;noai;((", {}),
    ("scrapeguard;noai;((", {"xrobots.noai": "self"}),
    ("*;noai;((", {"xrobots.noai": "self"}),
    ("noai;((", {"xrobots.noai": "self"}),  # (a rule first names no crawler: every crawler's, as before)
    ("otherbot;noindex;((, noai", {"xrobots.noai": "self"}),  # (a crawler's rules end with its member)
    # an unterminated quote swallows the members after it: they are no rules of otherbot's
    ('otherbot;noindex "x, *;noai', {"xrobots.noai": "self"}),
])
def test_a_robots_tag_member_with_a_syntax_error_keeps_the_crawler_it_names(value: str,
                                                                           expected: dict[str, str]) -> None:
    """A member RFC 9651 refuses is read as X-Robots-Tag's syntax, where `;` separates rules: the draft's
    `otherbot;noai` with a slip after it (`otherbot;noai;((`, alone in its field or beside members that parse)
    made `otherbot` an unknown rule and `noai` every crawler's, and ours was refused what only otherbot was.
    A crawler's name before the member's first `;` scopes that member's rules, as `otherbot:` would."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    assert any(s.code == "xrobots.robots_tag_unparsable" and s.warning for s in out)



@pytest.mark.parametrize(("value", "expected"), [
    ("otherbot: noindex, scrapeguard;noai", {"xrobots.noai": "self"}),
    ("otherbot: noindex, *;noai", {"xrobots.noai": "self"}),
    ("otherbot: noindex, otherbot;noai", {}),
    ("scrapeguard: noindex, otherbot;noai", {}),
    # X-Robots-Tag's own syntax keeps its scope to the end of the field, `;` between rules too
    ("otherbot: noindex, noai", {}),
    ("otherbot: noindex, noai;noimageai", {}),
    ("otherbot: noindex, scrapeguard: noai", {"xrobots.noai": "self"}),
    # a draft member that fails after naming its crawler keeps it there too (not joined into otherbot's scope)
    ("otherbot: noindex, scrapeguard;noai;((", {"xrobots.noai": "self"}),
    ("otherbot: noindex, *;noai;((", {"xrobots.noai": "self"}),
    ("scrapeguard: noindex, otherbot;noai;((", {}),
])
def test_a_robots_tag_mixing_both_syntaxes_keeps_each_draft_members_crawler(value: str,
                                                                            expected: dict[str, str]) -> None:
    """A member in X-Robots-Tag's syntax (`otherbot: noindex`, a space after its colon) fails the whole list,
    and the field was read as X-Robots-Tag, whose `otherbot:` scopes the rest of the field: the draft's own
    `scrapeguard;noai` (or `*;noai`) after it became otherbot's, and our opt-out was lost with only a note.
    A member that is the draft's (a crawler with its rules as parameters) keeps its crawler; the rest is
    read as X-Robots-Tag's syntax, in order, its scopes as they were."""
    out = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert {s.code: s.applies_to for s in out if s.verdict == Verdict.DENY} == expected
    assert any(s.code == "xrobots.robots_tag_unparsable" and s.warning for s in out)

def test_robots_tag_fields_past_the_structured_field_budget_are_said_unread_not_parsed_for_seconds() -> None:
    """Each Robots-Tag field is parsed as an RFC 9651 list (as written, in lower case, tidied), ~0.1 s for 16 KiB
    of junk: 128 such fields held the guard ~15 s on one response. Past 64 KiB of them a field is not parsed:
    it is unread (`xrobots.unreadable`, which the policy's on_error decides), never silently skipped."""
    junk = ("a;b, " * 4000)[:16 * 1024 - 4] + ", (("
    fields = [("Robots-Tag", junk)] * 128 + [("Robots-Tag", "scrapeguard;noai"), ("X-Robots-Tag", "noimageai")]
    started = time.monotonic()
    out = XRobotsReader().evaluate(view(fields), "scrapeguard", "train-ai")
    assert time.monotonic() - started < 3.0
    assert "xrobots.noimageai" in [s.code for s in out if s.verdict == Verdict.DENY]  # (X-Robots-Tag: read)
    [unread] = [s for s in out if s.code == "xrobots.unreadable"]
    assert unread.warning and "Robots-Tag" in unread.detail and "64 KiB" in unread.detail


def test_through_the_guard_an_image_whose_robots_tag_names_our_crawler_x_robots_tag_style_is_blocked(site: Site) -> None:
    site.routes["/a.jpg"] = (200, {"Content-Type": "image/jpeg", "Robots-Tag": "ExampleBot: noai"}, _pixels("JPEG"))
    with _guard() as g:
        d = g.check_url(site.url("/a.jpg"))
    assert d.action == "block" and [f.code for f in d.findings] == ["xrobots.noai"]
    assert "xrobots.robots_tag_unparsable" in [n.code for n in d.notes]


@pytest.mark.parametrize(("value", "expected"), [
    ("noai:", [Directive("noai")]),  # a rule with a stray colon is that rule, not a crawler named `noai`
    ("noai:, noimageai", [Directive("noai"), Directive("noimageai")]),  # ... and scopes nothing after it
    ("NoImageAI: scrapeguard: noai", [Directive("noimageai"), Directive("noai", "", "scrapeguard")]),
    (":noai", [Directive("noai")]),  # an empty crawler name is no crawler's: the scope stays as it was
    ("scrapeguard:: noai", [Directive("noai", "", "scrapeguard")]),
    ("otherbot: noindex, : noai", [Directive("noindex", "", "otherbot"), Directive("noai", "", "otherbot")]),
])
def test_a_stray_colon_neither_drops_a_rule_nor_names_a_crawler(value: str, expected: list[Directive]) -> None:
    """`X-Robots-Tag: noai:` read `noai` as a crawler's name (and the rules after it as that crawler's), and
    `scrapeguard:: noai` scoped `noai` to a crawler named ``: either way the opt-out bound no one, unremarked."""
    assert parse_field(value) == expected


def test_huge_and_hostile_headers() -> None:
    v = view([("X-Robots-Tag", "x: " * 200_000 + "noai")] * 300)
    out = XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert isinstance(out, list)
    v = view([("X-Robots-Tag", ",,,:::,\x00\xff")])
    assert XRobotsReader().evaluate(v, "scrapeguard", "train-ai") == []


# --- fields past the caps (256 directives / 16 KiB): reserving rules are still read, and said so
def codes(v: ResponseView, usage: str = "train-ai", token: str = "scrapeguard") -> dict[str, Verdict]:
    return {s.code: s.verdict for s in XRobotsReader().evaluate(v, token, usage)}  # type: ignore[arg-type]


def test_our_rule_after_300_scoped_rules_is_honoured_with_a_warning() -> None:
    bots = ", ".join(f"bot{chr(97 + i % 26)}{i}: noindex" for i in range(300))
    out = XRobotsReader().evaluate(view([("X-Robots-Tag", bots + ", scrapeguard: noai")]), "scrapeguard", "train-ai")
    assert {s.code: s.verdict for s in out} == {"xrobots.noai": Verdict.DENY, "xrobots.truncated": Verdict.UNKNOWN}
    note = next(s for s in out if s.code == "xrobots.truncated")
    assert note.warning and "256 directives" in note.detail and note.source.startswith("X-Robots-Tag header #1")


def test_past_the_cap_a_scope_still_holds_and_other_bots_rules_are_not_ours() -> None:
    bots = ", ".join(f"bot{i}: noindex" for i in range(300))
    assert codes(view([("X-Robots-Tag", bots + ", otherbot: noindex, noai")])) == {"xrobots.truncated": Verdict.UNKNOWN}
    assert codes(view([("X-Robots-Tag", bots + ", otherbot: noindex, noai")]), token="otherbot")["xrobots.noai"] == Verdict.DENY
    # `*:` scopes the rules after it back to every crawler
    assert codes(view([("X-Robots-Tag", bots + ", *: noai")]))["xrobots.noai"] == Verdict.DENY


def test_past_the_cap_a_rule_of_ours_is_kept_after_64_other_values_of_another_and_a_value_not_kept_is_said() -> None:
    """Past the caps 64 distinct reserving rules of ours were kept: 80 `unavailable_after` dates there took
    them all, a `noai` after them was dropped, and the note said every rule reserving something for us was
    read. Each rule of ours is kept (by name); what a rule given in more than 64 ways leaves is said."""
    filler = ", ".join(f"x{i}" for i in range(300))
    dates = ", ".join(f"unavailable_after: 2999-01-{i % 28 + 1:02d}T00:00:{i % 60:02d}Z" for i in range(80))
    out = XRobotsReader().evaluate(view([("X-Robots-Tag", f"{filler}, {dates}, noai")]), "scrapeguard", "train-ai")
    assert {s.code: s.verdict for s in out} == {"xrobots.noai": Verdict.DENY, "xrobots.truncated": Verdict.UNKNOWN}
    note = next(s for s in out if s.code == "xrobots.truncated")
    assert "not kept" in note.detail


@pytest.mark.parametrize("scope", ["", "scrapeguard: "])
def test_past_the_cap_the_earliest_unavailable_after_date_is_kept_after_64_later_ones(scope: str) -> None:
    """Past the caps the first 64 values of a rule were kept: an `unavailable_after` date already passed,
    after 64 dates still to come, was dropped and the page indexed with only a note. One date passed is
    enough whatever the others say, so past the cap the earliest date read is kept, not the first ones."""
    filler = ", ".join(f"x{i}" for i in range(300))
    future = ", ".join(f"unavailable_after: 2999-01-{i % 28 + 1:02d}T00:00:{i % 60:02d}Z" for i in range(64))
    for dates in (f"{future}, unavailable_after: 2001-01-01T00:00:00Z",
                  f"{future}, unavailable_after: 2500-01-01T00:00:00Z, unavailable_after: 2001-01-01T00:00:00Z, "
                  "unavailable_after: 2400-01-01T00:00:00Z"):
        out = XRobotsReader().evaluate(view([("X-Robots-Tag", f"{filler}, {scope}{dates}")]), "scrapeguard", "search")
        assert {s.code: s.verdict for s in out} == {"xrobots.unavailable_after": Verdict.DENY,
                                                    "xrobots.truncated": Verdict.UNKNOWN}
    # all still to come: nothing passed, and what was not kept is still said
    out = XRobotsReader().evaluate(view([("X-Robots-Tag", f"{filler}, {future}, unavailable_after: 2998-01-01T00:00:00Z")]),
                                   "scrapeguard", "search")
    assert {s.code: s.verdict for s in out} == {"xrobots.truncated": Verdict.UNKNOWN}


def test_meta_with_300_directives_then_noai() -> None:
    v = view(kind="html", meta=[("robots", ", ".join(["noodp"] * 300) + ", noai")])
    assert codes(v) == {"xrobots.noai": Verdict.DENY, "xrobots.truncated": Verdict.UNKNOWN}


def test_meta_past_16_kib_is_still_read() -> None:
    content = ("nofollow" + " " * 100 + ", ") * 200 + "noimageai"  # 200 rules, but 21 KiB
    v = view(kind="html", meta=[("robots", content)])
    assert codes(v) == {"xrobots.noimageai": Verdict.DENY, "xrobots.truncated": Verdict.UNKNOWN}


def test_many_other_meta_tags_do_not_hide_the_robots_tag() -> None:
    meta = [(f"og:thing{i}", "x") for i in range(400)] + [("robots", "noai")]
    assert codes(view(kind="html", meta=meta)) == {"xrobots.noai": Verdict.DENY}


def test_robots_meta_tags_past_the_cap_are_an_unread_opt_out_not_a_note() -> None:
    """300 `noodp` tags then `noai`: the tags past the 256th were never read, yet only the
    `xrobots.truncated` note said so and the page was allowed; what was not read at all is
    `xrobots.unreadable` (an incomplete reading, for on_error), a cap that lost nothing a note."""
    meta = [("robots", "noodp")] * 300 + [("robots", "noai")]
    assert codes(view(kind="html", meta=meta)) == {"xrobots.unreadable": Verdict.UNKNOWN}


def test_a_header_at_the_header_view_cap_is_noted() -> None:
    from scrapeguard.resource import MAX_HEADER_VALUE

    value = ("noodp, " * (MAX_HEADER_VALUE // 7 + 1))[:MAX_HEADER_VALUE]
    assert codes(view([("X-Robots-Tag", value)])) == {"xrobots.truncated": Verdict.UNKNOWN}
    assert codes(view([("X-Robots-Tag", "noodp, noai")])) == {"xrobots.noai": Verdict.DENY}  # short: no note


def test_what_is_past_the_reading_budget_is_reported_unread() -> None:
    meta = [("robots", "noodp, " * 200_000 + "noai")] * 2  # 1.4 MB each: past the 1 MiB budget
    out = XRobotsReader().evaluate(view(kind="html", meta=meta), "scrapeguard", "train-ai")
    note = next(s for s in out if s.code == "xrobots.unreadable")
    assert "not read" in note.detail and "not seen" in note.detail and note.verdict == Verdict.UNKNOWN
    assert "xrobots.truncated" not in {s.code for s in out}  # (each field's cut said once, by its kind)


def test_header_fields_past_the_reading_budget_are_an_unread_opt_out() -> None:
    fields = [("X-Robots-Tag", "noodp, " * 2300)] * 70 + [("X-Robots-Tag", "noai")]  # 16 KB each: 1.1 MB in all
    assert codes(view(fields)) == {"xrobots.unreadable": Verdict.UNKNOWN, "xrobots.truncated": Verdict.UNKNOWN}


@pytest.mark.parametrize(("on_error", "action"), [("fail-closed", "block"), ("fail-open", "log")])
def test_through_the_guard_a_noai_past_300_robots_meta_tags_is_decided_by_on_error(on_error: str, action: str) -> None:
    page = ('<html><head>' + '<meta name="robots" content="noodp">' * 300
            + '<meta name="robots" content="noai"></head><body>x</body></html>').encode()
    with _guard(on_error) as g:
        d = g.check_response("https://w.example/p", 200, {"content-type": "text/html"}, page)
    [f] = [f for f in d.findings if f.code == "xrobots.unreadable"]
    assert (f.kind, f.action, d.action) == ("error", action, action) and "256 robots meta tags" in f.detail


def test_parse_field_keeps_its_caps() -> None:
    assert len(parse_field("noodp, " * 1000)) == 256
    assert parse_field("noodp, " * 3000 + "noai")[-1] == Directive("noodp")


# --- rules written with ";" or white space between them: each known rule is read (D6)
@pytest.mark.parametrize("value", ["noai noimageai", "noai;noimageai", "noindex,noai noimageai", "noai\tnoimageai",
                                   " noai ;  noimageai ", "NoAI NoImageAI"])
def test_rules_separated_by_a_space_or_a_semicolon_are_each_read(value: str) -> None:
    assert denied(view([("X-Robots-Tag", value)])) == {"xrobots.noai": "self", "xrobots.noimageai": "self"}
    page = view(kind="html", meta=[("robots", value)])
    assert denied(page) == {"xrobots.noai": "both", "xrobots.noimageai": "images"}


def test_words_around_a_bot_name_or_a_value_rule_are_rules_of_their_own() -> None:
    assert parse_field("noai googlebot: noimageai noml") == [
        Directive("noai"), Directive("noimageai", "", "googlebot"), Directive("noml", "", "googlebot")]
    assert parse_field("max-image-preview: none noai") == [Directive("max-image-preview", "none"), Directive("noai")]
    assert parse_field("otherbot: noindex; noai") == [Directive("noindex", "", "otherbot"), Directive("noai", "", "otherbot")]
    assert parse_field("noodp nofollow") == [Directive("noodp"), Directive("nofollow")]  # unknown words: read, no effect


# --- what a page says of its images is handed over unjudged, for each image's own request (D1)
def image_codes(v: ResponseView, token: str, usage: str) -> dict[str, bool]:
    from scrapeguard.signals.usage import aspects_of

    return {s.code: s.warning for s in v.image_rules.signals(token, aspects_of(usage))
            if "not this purpose's usage" not in s.detail}  # (no note of another usage's rule: `image_notes`)


def image_notes(v: ResponseView, token: str, usage: str) -> set[str]:
    from scrapeguard.signals.usage import aspects_of

    return {s.code for s in v.image_rules.signals(token, aspects_of(usage)) if "not this purpose's usage" in s.detail}


def test_a_pages_image_rules_are_kept_whatever_usage_the_page_was_read_for() -> None:
    v = view([("X-Robots-Tag", "noimageindex")], kind="html", meta=[("robots", "noimageai"), ("robots", "noindex")])
    assert denied(v, "search") == {"xrobots.noindex": "self", "xrobots.noimageindex": "images"}  # read for search ...
    assert image_codes(v, "scrapeguard", "train-ai") == {"xrobots.noimageai": False}  # ... its images judged for AI
    assert image_codes(v, "scrapeguard", "search") == {"xrobots.noimageindex": False}
    # (the other usage's opt-out a note: seen, and reserving nothing of this one)
    assert image_notes(v, "scrapeguard", "train-ai") == {"xrobots.noimageindex"}
    assert image_notes(v, "scrapeguard", "search") == {"xrobots.noimageai"}
    assert all(s.applies_to == "self" for s in v.image_rules.signals("scrapeguard", ["ai-train"]))  # the image's own


@pytest.mark.parametrize(("field", "code"), [("noindex", "xrobots.noindex"), ("none", "xrobots.none"),
                                             ("noarchive", "xrobots.noarchive")])
def test_a_rule_reserving_another_usage_is_a_note_that_says_so(field: str, code: str) -> None:
    """`noindex` to a crawl for AI training refuses nothing (it reserves search indexing), but left no trace
    in the decision or its audit record: a compliance officer could not show it was seen (review)."""
    out = XRobotsReader().evaluate(view([("X-Robots-Tag", field)]), "scrapeguard", "tdm")
    assert [(s.code, s.verdict, s.warning) for s in out] == [(code, Verdict.UNKNOWN, True)]
    assert "not this purpose's usage (tdm)" in out[0].detail
    assert XRobotsReader().evaluate(view([("X-Robots-Tag", f"otherbot: {field}")]), "scrapeguard", "tdm") == []


def test_many_fields_of_another_usages_rule_are_one_note() -> None:
    """300 `X-Robots-Tag: noindex` fields made 300 notes in one audit record (116 kB; review of the change)."""
    fields = [("X-Robots-Tag", f"noindex, x-{k}") for k in range(300)]
    out = XRobotsReader().evaluate(view(fields), "scrapeguard", "tdm")
    assert [s.code for s in out] == ["xrobots.noindex"]
    assert "(and 299 more such rule(s) in this response)" in out[0].detail


def test_a_pages_image_rules_keep_the_crawler_they_name() -> None:
    v = view(kind="html", meta=[("scrapeguard", "noimageai"), ("otherbot", "noai"), ("og:image", "noai"),
                                ("robots", "noimageindex")])
    assert denied(v) == {"xrobots.noimageai": "images"}  # the page itself: read for scrapeguard only
    assert image_codes(v, "scrapeguard", "train-ai") == {"xrobots.noimageai": False}
    assert image_codes(v, "otherbot", "train-ai") == {"xrobots.noai": False}  # not scrapeguard's noimageai
    assert image_codes(v, "thirdbot", "train-ai") == {}
    assert image_codes(v, "thirdbot", "search") == {"xrobots.noimageindex": False}  # robots: every crawler


def test_a_meta_tag_named_for_a_crawler_with_digits_in_its_name_binds_that_crawlers_image_requests() -> None:
    """`<meta name="img2dataset" content="noimageai">`: the crawler's token is `img` (RFC 9309 tokens hold
    no digit), as its requests' is and as a page read for it takes the tag; read for another crawler, the
    tag was taken for no crawler's name at all, and its images, requested as img2dataset, let through."""
    v = view(kind="html", meta=[("img2dataset", "noimageai"), ("twitter:card", "noimageai")])
    assert denied(v) == {}  # not scrapeguard's
    assert image_codes(v, product_token("img2dataset/1.0"), "train-ai") == {"xrobots.noimageai": False}
    assert image_codes(v, "twitter", "train-ai") == {}  # (`twitter:card` names no crawler)
    assert denied(v, token=product_token("img2dataset/1.0")) == {"xrobots.noimageai": "images"}  # read for it


def test_only_a_pages_rules_about_its_images_are_handed_over() -> None:
    v = view([("X-Robots-Tag", "noindex, noarchive, otherbot: noai")], kind="html", meta=[])
    assert denied(v, "archive") == {"xrobots.noarchive": "self"}
    assert [(r.code, r.scope) for r in v.image_rules.rules] == [("xrobots.noai", "otherbot")]
    image = view([("X-Robots-Tag", "noimageai")])
    XRobotsReader().evaluate(image, "scrapeguard", "train-ai")
    assert image.image_rules.rules == ()  # an image's own header speaks of itself, not of other images


@pytest.mark.parametrize("before", [
    # (each names a rule about images, `max-image-preview`: a tag naming none cannot hide an opt-out, and is not read)
    [(f"bot{chr(97 + i % 26)}{chr(97 + i // 26)}", "max-image-preview:large") for i in range(300)],  # past the 256 cap
    [(f"bot{chr(97 + i)}", "max-image-preview:large, " * 6_000) for i in range(2)],  # past their 64 KiB budget
])
def test_other_crawlers_meta_tags_left_unread_are_an_incomplete_reading_for_those_crawlers_only(
        before: list[tuple[str, str]]) -> None:
    """Tags named for other crawlers that were never read (past their cap or budget) gave an image
    requested as one of them only the `xrobots.truncated` note, so `otherbot`'s `noimageai` there was
    allowed; unread is `xrobots.unreadable` (for on_error), as for the page's own crawler's tags."""
    v = view(kind="html", meta=[*before, ("otherbot", "noimageai"), ("robots", "noai")])
    assert denied(v) == {"xrobots.noai": "both"}  # the page's own reading is untouched
    assert image_codes(v, "scrapeguard", "train-ai") == {"xrobots.noai": False}  # complete for the page's crawler
    assert image_codes(v, "otherbot", "train-ai") == {"xrobots.noai": False, "xrobots.unreadable": True}
    assert "other crawlers" in next(s for s in v.image_rules.signals("otherbot", []) if s.code == "xrobots.unreadable"
                                    ).detail


def test_other_crawlers_meta_tags_left_unread_outweigh_a_cut_that_lost_nothing_of_theirs() -> None:
    """A page's own field past its directive cap (a note) came first, so tags named for other
    crawlers left unread were told to them as that note only."""
    before = [(f"bot{chr(97 + i % 26)}{chr(97 + i // 26)}", "max-image-preview:large") for i in range(300)]
    v = view(kind="html", meta=[("robots", ", ".join(["noodp"] * 300)), *before, ("otherbot", "noimageai")])
    XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert image_codes(v, "otherbot", "train-ai") == {"xrobots.unreadable": True}
    assert image_codes(v, "scrapeguard", "train-ai") == {}  # nothing of ours unread


def test_ordinary_meta_tags_take_nothing_of_the_other_crawlers_budget() -> None:
    """A scholarly page's 300 `citation_reference` tags (or a 70 kB description) took the budget of
    the tags named for other crawlers: the page's pictures, requested as another crawler, were
    blocked as unreadable (`xrobots.unreadable`), though no such tag names a rule about images."""
    citations = [("citation_reference", f"citation_title=On images {i}; citation_year=2020") for i in range(300)]
    for ordinary in (citations, [("description", "A long abstract. " * 4_400)]):
        v = view(kind="html", meta=[*ordinary, ("otherbot", "noimageai")])
        XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
        assert image_codes(v, "mycrawler", "train-ai") == {}
        assert image_codes(v, "otherbot", "train-ai") == {"xrobots.noimageai": False}


def test_rules_naming_crawlers_are_kept_up_to_a_bound_and_never_the_page_crawlers() -> None:
    from scrapeguard.signals.base import MAX_IMAGE_RULES

    bots = ", ".join(f"bot{chr(97 + i % 26)}{chr(97 + i // 26)}: noimageai" for i in range(100))
    v = view([("X-Robots-Tag", "noimageindex, " + bots + ", scrapeguard: noai")], kind="html", meta=[])
    assert denied(v) == {"xrobots.noai": "both"}
    assert len(v.image_rules.rules) == MAX_IMAGE_RULES + 1  # the unscoped one, ours (the last), 63 others
    assert image_codes(v, "scrapeguard", "train-ai") == {"xrobots.noai": False}
    assert image_codes(v, "botkc", "train-ai") == {"xrobots.noimageai": False, "images.rules_cut": True}  # 63rd
    assert image_codes(v, "botlc", "train-ai") == {"images.rules_cut": True}  # the 64th: not kept, and said so
    assert image_codes(v, "botlc", "search") == {"xrobots.noimageindex": False, "images.rules_cut": True}


# --- value rules in any number, rules after a date, and what a chain of bot names leaves unread
def test_any_number_of_value_rules_before_an_opt_out_leaves_it_read() -> None:
    value = "max-snippet:-1 max-image-preview:large max-video-preview:-1 max-snippet:-1 noai"
    assert parse_field(value)[-1] == Directive("noai")
    assert denied(view([("X-Robots-Tag", "scrapeguard: " + value)])) == {"xrobots.noai": "self"}
    assert parse_field("scrapeguard: " + value)[-1] == Directive("noai", "", "scrapeguard")


def test_a_rule_after_an_unavailable_after_date_is_a_rule_not_part_of_the_date() -> None:
    assert parse_field("unavailable_after: 25 Jun 2027 15:00:00 PST noai noimageai") == [
        Directive("unavailable_after", "25 Jun 2027 15:00:00 PST"), Directive("noai"), Directive("noimageai")]
    assert parse_field("unavailable_after: Friday, 25-Jun-10 15:00:00 PST noai") == [
        Directive("unavailable_after", "Friday, 25-Jun-10 15:00:00 PST"), Directive("noai")]
    assert denied(view([("X-Robots-Tag", "unavailable_after: 25 Jun 2999 15:00:00 PST noai")])) == {"xrobots.noai": "self"}


def test_bot_names_after_rules_are_scopes_and_in_a_chain_of_them_however_long_the_last_one_is() -> None:
    """`a: b: noai` is b's rule; past four names in a row the rules after them were not read at all, so
    `a: b: c: d: testbot: noai` let testbot through with only a note. A chain is read whole (in one pass,
    linear), its last name scoping the rules after it, as in a short one."""
    assert [d.scope for d in parse_field("a: noai b: noai c: noai d: noai e: noai f: noml")] == list("abcdef")
    assert parse_field("a: b: noai") == [Directive("noai", "", "b")]
    assert parse_field("a: b: c: d: e: noai") == [Directive("noai", "", "e")]
    chain = ": ".join(f"bot{i}" for i in range(1000))  # (8 KiB: within the field cap)
    assert parse_field(f"{chain}: testbot: noai, noml") == [Directive("noai", "", "testbot"), Directive("noml", "", "testbot")]
    assert codes(view([("X-Robots-Tag", "a: b: c: d: testbot: noai")]), token="testbot") == {"xrobots.noai": Verdict.DENY}
    assert codes(view([("X-Robots-Tag", "a: b: c: d: e: noai")]), token="testbot") == {}  # e's, not ours: no note either


# --- a page's reading cut for every crawler is said so to the page's own crawler's image requests too
@pytest.mark.parametrize("meta", [
    [("robots", "noodp")] * 300 + [("robots", "noimageai")],  # tags past the cap: not read at all
    [("robots", "noodp, " * 200_000 + "noimageai")] * 2,  # past the reading budget: not read at all
])
def test_an_image_of_a_page_whose_reading_was_cut_for_everyone_is_told_so_whoever_requests_it(
        meta: list[tuple[str, str]]) -> None:
    v = view(kind="html", meta=meta)
    XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert image_codes(v, "scrapeguard", "train-ai").get("xrobots.unreadable") is True  # the page's own crawler
    assert image_codes(v, "otherbot", "train-ai").get("xrobots.unreadable") is True
    assert "not all read" in next(s for s in v.image_rules.signals("scrapeguard", []) if s.warning).detail


def test_past_the_directive_cap_the_pages_crawler_has_all_its_rules_and_others_are_told_theirs_were_cut() -> None:
    v = view(kind="html", meta=[("robots", ", ".join(["noodp"] * 300) + ", noimageai")])
    XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert image_codes(v, "scrapeguard", "train-ai") == {"xrobots.noimageai": False}
    assert image_codes(v, "otherbot", "train-ai") == {"xrobots.noimageai": False, "xrobots.truncated": True}


def test_rules_a_page_gives_many_crawlers_share_their_strings_so_an_images_context_stays_small() -> None:
    pad = "x" * 200
    meta = [(f"bot{chr(97 + i % 26)}{chr(97 + i // 26)}", f"noimageai {pad}") for i in range(64)]
    v = view(kind="html", meta=meta)
    XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    rules = v.image_rules.rules
    assert len(rules) == 64 and len({r.scope for r in rules}) == 64  # each crawler's rule is kept ...
    assert len({id(r.source) for r in rules}) == 1 and pad not in rules[0].source  # ... with one source for the page
    assert len({id(r.code) for r in rules}) == 1 and len({id(r.rule) for r in rules}) == 1  # and one code, one name
    signal = v.image_rules.signals("botbc", ["ai-train-gen"])[0]
    assert "scoped to botbc" in signal.detail and signal.source.endswith("on http://h/a")  # what and where, still said


def _robots_tag(value: str, kind: str = "image") -> list:  # noqa: ANN401
    return XRobotsReader().evaluate(view([("Robots-Tag", value)], kind), "scrapeguard", "train-ai")  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected"), [
    ("noai, noimageai", {"xrobots.noai", "xrobots.noimageai"}),
    ("noai", {"xrobots.noai"}),
    ("NoAI", {"xrobots.noai"}),
    ("nofollow, noai", {"xrobots.noai"}),
    ("noai, otherbot;noimageai", {"xrobots.noai"}),
    ("*;noai", {"xrobots.noai"}),  # the draft's own form, as before
])
def test_a_robots_tag_member_without_parameters_that_is_a_rule_is_for_every_crawler(value: str,
                                                                                   expected: set[str]) -> None:
    """`Robots-Tag: noai, noimageai` (X-Robots-Tag's syntax under the draft's name) was ignored
    without a word, while `*;noai` was honoured."""
    out = _robots_tag(value)
    assert {s.code for s in out if s.verdict == Verdict.DENY} == expected
    assert not [s for s in out if s.verdict == Verdict.UNKNOWN]


def test_a_robots_tag_value_rule_without_parameters_reads_its_value() -> None:
    out = XRobotsReader().evaluate(view([("Robots-Tag", "max-image-preview:none")], "html", []), "scrapeguard",
                                   "search")
    assert [(s.code, s.applies_to) for s in out] == [("xrobots.max_image_preview_none", "images")]


@pytest.mark.parametrize("value", ["examplebot", "noai, examplebot", "examplebot:noai", "examplebot: noai"])
def test_a_robots_tag_member_that_names_no_rule_is_noted_not_dropped(value: str) -> None:
    notes = [s for s in _robots_tag(value) if s.code == "xrobots.robots_tag_unparsable"]
    assert len(notes) == 1 and notes[0].warning and notes[0].verdict == Verdict.UNKNOWN


@pytest.mark.parametrize("header", ["ScrapeGuard\u00e2\u0080\u008b: noai", "\u00ef\u00bb\u00bfScrapeGuard: noai",
                                    "ScrapeGuard\u00c2\u00a0: noai"])
def test_our_name_with_a_zero_width_or_no_break_space_misread_as_latin1_still_scopes_our_rules(header: str) -> None:
    """A header read as Latin-1 (as every adapter does) turns `ScrapeGuard\u200b` into
    `ScrapeGuardâ\x80\x8b`: read as the crawler `scrapeguarda`, our `noai` there was let through unremarked."""
    assert codes(view([("X-Robots-Tag", header)])) == {"xrobots.noai": Verdict.DENY}


@pytest.mark.parametrize("name", ["\u200bscrapeguard", "\ufeffScrapeGuard", "scrapeguard\u00e2\u0080\u008b"])
def test_a_meta_tag_named_for_us_with_zero_width_space_around_the_name_is_ours(name: str) -> None:
    assert codes(view(kind="html", meta=[(name, "noai")])) == {"xrobots.noai": Verdict.DENY}


@pytest.mark.parametrize("name", ["\u200botherbot", "otherbot\u200b", "\u00a0otherbot", "otherbot\u00e2\u0080\u008b"])
def test_a_meta_tag_named_for_another_crawler_with_zero_width_space_around_the_name_is_that_crawlers(name: str) -> None:
    """`<meta name="\u200botherbot" content="noimageai">` was taken for no crawler's name (as `og:image` is):
    an image requested as otherbot was allowed without a word."""
    v = view(kind="html", meta=[(name, "noimageai")])
    XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert image_codes(v, "otherbot", "train-ai") == {"xrobots.noimageai": False}


@pytest.mark.parametrize("name", ["\u200brobots", "robots\ufeff", "robots\u00e2\u0080\u008b"])
def test_a_robots_meta_tag_with_zero_width_space_around_its_name_is_read(name: str) -> None:
    """`<meta name="\u200brobots" content="noai">` was a meta tag of no interest, its opt-out unread."""
    assert codes(view(kind="html", meta=[(name, "noai")])) == {"xrobots.noai": Verdict.DENY}


@pytest.mark.parametrize("value", ["noai=true", "noai=1", "NOAI=Yes", "noai=?1", "noindex, noai=true", "noai=maybe"])
def test_a_value_on_a_rule_that_takes_none_keeps_the_rule_in_effect_and_says_so(value: str) -> None:
    """`noai=true` is no rule any convention writes, but a site that wrote it plainly meant to opt out:
    read as one unknown name it let the resource through without a word. The rule is in effect unless
    the value plainly says it is not, and a note says how it was read."""
    signals = XRobotsReader().evaluate(view([("X-Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert [s.code for s in signals if s.verdict == Verdict.DENY] == ["xrobots.noai"]
    note = [s for s in signals if s.code == "xrobots.rule_value"]
    assert len(note) == 1 and note[0].warning and "noai=" in note[0].detail.lower()


@pytest.mark.parametrize("value", ["noai=false", "noai=0", "noai=no", "noai=?0", "noai=off"])
def test_a_rule_whose_value_says_false_is_not_in_effect_and_says_so(value: str) -> None:
    signals = XRobotsReader().evaluate(view([("X-Robots-Tag", value)]), "scrapeguard", "train-ai")
    assert [s.code for s in signals] == ["xrobots.rule_value"]
    assert signals[0].verdict == Verdict.UNKNOWN and signals[0].warning and "not in effect" in signals[0].detail


def test_a_page_rule_with_a_value_speaks_of_its_images_as_the_rule_does() -> None:
    assert denied(view(kind="html", meta=[("robots", "noimageai=1")])) == {"xrobots.noimageai": "images"}
    v = view(kind="html", meta=[("robots", "noimageai=1")])
    XRobotsReader().evaluate(v, "scrapeguard", "train-ai")
    assert [s.code for s in v.image_rules.signals("scrapeguard", ("ai-train",))] == ["xrobots.noimageai"]


def test_a_value_rule_written_with_an_equals_sign_is_that_rule() -> None:
    assert parse_field("max-image-preview=none") == [Directive("max-image-preview", "none")]
    assert denied(view([("X-Robots-Tag", "max-image-preview=none")]), usage="search") == {
        "xrobots.max_image_preview_none": "self"}


def test_through_the_guard_noai_true_blocks_the_page_and_says_how_it_was_read(site: Site) -> None:
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/valued"] = (200, {"Content-Type": "text/html", "X-Robots-Tag": "noai=true"},
                              b"<html><body><p>article text</p></body></html>")
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/valued"))
    assert d.action == "block" and [f.code for f in d.findings] == ["xrobots.noai"]
    assert "xrobots.rule_value" in [n.code for n in d.notes]


@pytest.mark.parametrize(("value", "effect"), [("*;noai=false", "not in effect"), ('*;noai="false"', "not in effect"),
                                               ("*;noai=1", "in effect")])
def test_a_robots_tag_parameter_s_value_on_a_rule_that_takes_none_is_read_as_x_robots_tag_reads_it(
        value: str, effect: str) -> None:
    """`X-Robots-Tag: noai=false` was not in effect (said so) while `Robots-Tag: *;noai=false` blocked, silently:
    one reading for both headers."""
    signals = XRobotsReader().evaluate(view([("Robots-Tag", value)]), "scrapeguard", "train-ai")
    notes = [s for s in signals if s.code == "xrobots.rule_value"]
    assert len(notes) == 1 and f"`noai` {effect}" in notes[0].detail
    assert any(s.code == "xrobots.noai" for s in signals) is (effect == "in effect")
