"""What a page said about its images, carried to each image's own request."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scrapeguard.decision import MAX_REDIRECTS
from scrapeguard.image_context import TRACE_FACTOR, ImageContext, ImageContexts, RedirectSources, for_images
from scrapeguard.jurisdiction import PageHints
from scrapeguard.signals.base import ImageRules, Reservation, Signal, Verdict

PAGE = "https://news.example.de/artikel.html"
PHOTO = "https://cdn.example.de/foto[1].jpg"


def noimageai(scope: str | None = None, source: str = "meta robots") -> Reservation:
    return Reservation("x_robots_tag", "xrobots.noimageai", "noimageai", ("ai-train-gen", "ai-train", "ai-input"), scope,
                       "images", source)


def said(personal: bool, score: float, *, rules: ImageRules | None = None,
         jurisdictions: tuple[tuple[str, str], ...] = ()) -> ImageContext:
    return ImageContext(PAGE, personal, score, ["alt:portrait"] if personal else [],
                        rules or ImageRules(), None, jurisdictions)


class TestWhatAnEvictedContextLeavesBehind:
    """(A review: once more images were queued than the cache holds, an image whose page called it a
    person's photo, under UK law, was requested with no word of either and collected.)"""

    def test_an_evicted_context_leaves_whether_it_was_personal_a_few_reasons_and_its_laws(self) -> None:
        contexts = ImageContexts(2)
        jane = ImageContext(PAGE, True, 0.97, ["alt:person-name", "alt:ceo", "caption:person-name", "class:team"],
                            ImageRules.of([noimageai()], "bot"), None, (("UK", "cctld:uk"),), ("example.co.uk",))
        contexts.remember(PHOTO, jane)
        for i in range(3):
            contexts.remember(f"https://cdn.example.de/other-{i}.jpg", said(False, 0.1))
        found = contexts.get(PHOTO)
        assert found is not None and found.evicted and found.lost_rules_bind("bot", "train-ai")
        assert (found.personal, found.score, found.page_url) == (True, 0.97, PAGE)
        assert found.reasons == ["alt:person-name", "alt:ceo", "caption:person-name"]
        assert found.jurisdictions == (("UK", "cctld:uk"),) and found.page_domains == ("example.co.uk",)
        assert found.rules.rules == ()  # the opt-outs themselves are gone: `lost_rules` says whom they spoke to
        assert not found.lost_rules_bind("bot", "search")  # (noimageai reserves no search index)

    def test_an_image_its_page_said_nothing_of_leaves_no_lost_opt_outs_and_the_traces_are_bounded(self) -> None:
        contexts = ImageContexts(2)
        contexts.remember(PHOTO, said(False, 0.1))
        for i in range(2 + 2 * TRACE_FACTOR + 1):
            contexts.remember(f"https://cdn.example.de/other-{i}.jpg", said(False, 0.1))
        assert contexts.get(PHOTO) is None  # its trace pushed out too: bounded at TRACE_FACTOR times the cache
        contexts.remember(PHOTO, said(False, 0.1))
        contexts.remember("https://cdn.example.de/a.jpg", said(False, 0.1))
        contexts.remember("https://cdn.example.de/b.jpg", said(False, 0.1))
        found = contexts.get(PHOTO)
        assert found is not None and found.evicted and not found.lost_rules and not found.personal

    def test_a_trace_pushed_out_in_turn_still_says_its_image_was_personal_and_its_page_spoke_of_it(self) -> None:
        """(A review: past four times the cache's traces, a gallery's `noimageai` was forgotten and its images
        allowed with no word.) What is kept is lossy: whether the page called it a person's photo, whether its
        opt-outs spoke of it (to every crawler and use, as nothing says whom), no page, reasons or laws."""
        contexts = ImageContexts(1)
        contexts.remember(PHOTO, said(True, 0.9, rules=ImageRules.of([noimageai("OtherBot")], "bot"),
                                      jurisdictions=(("UK", "cctld:uk"),)))
        for i in range(2 + 2 * TRACE_FACTOR + 1):
            contexts.remember(f"https://cdn.example.de/other-{i}.jpg", said(False, 0.1))
        found = contexts.get(PHOTO)
        assert found is not None and found.lost and found.evicted and found.personal
        assert (found.page_url, found.jurisdictions, found.reasons) == ("", (), ["context:lost"])
        assert found.lost_rules_bind("TestBot", "search")  # (whom and what for was not kept: everyone, any use)

    def test_a_lost_word_said_again_by_a_page_names_that_page_and_keeps_what_was_lost(self) -> None:
        """The page read last cannot clear what another said, even when what it said was lost (review of the
        change: a page saying nothing of another size took a lost `noimageai` away)."""
        contexts = ImageContexts(1)
        contexts.remember(PHOTO, said(False, 0.1, rules=ImageRules.of([noimageai()], "bot")))
        for i in range(2 + 2 * TRACE_FACTOR + 1):
            contexts.remember(f"https://cdn.example.de/other-{i}.jpg", said(False, 0.1))
        contexts.remember(PHOTO, said(True, 0.8))
        found = contexts.get(PHOTO)
        assert found is not None and not found.lost and found.page_url == PAGE and found.reasons == ["alt:portrait"]
        assert found.lost_rules_bind("TestBot", "train-ai")

    def test_a_lost_word_reaches_the_pictures_other_copies(self) -> None:
        """(Review of the change: the picture's facts were written and never read: its original, asked for instead of
        the thumbnail the page showed, was allowed without a word.)"""
        contexts = ImageContexts(1)
        thumb = "https://www.example.de/wp-content/uploads/2024/05/jane-doe-300x200.jpg"
        contexts.remember(thumb, said(True, 0.9))
        for i in range(2 + 2 * TRACE_FACTOR + 1):
            contexts.remember(f"https://cdn.example.de/other-{i}.jpg", said(False, 0.1))
        for copy in ("https://www.example.de/wp-content/uploads/2024/05/jane-doe.jpg",
                     "https://www.example.de/wp-content/uploads/2024/05/jane-doe-1024x683.jpg"):
            found = contexts.get(copy)
            assert found is not None and found.lost and found.personal, copy

    def test_the_lossy_record_keeps_two_generations_and_says_when_one_was_dropped(
            self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
        """(Review of the change: one record never emptied said yes to half the images after four million facts.)"""
        import scrapeguard.image_context as image_context

        monkeypatch.setattr(image_context, "LOST_MIN_BITS", 4096)  # (410 facts a generation)
        contexts = ImageContexts(1)
        for i in range(150):  # (each a personal word pushed out in turn, its URL's and its picture's: two facts)
            contexts.remember(f"https://cdn.example.de/p-{i}.jpg", said(True, 0.9))
        assert contexts.forgotten == 0
        newest = contexts.get("https://cdn.example.de/p-130.jpg")
        assert newest is not None and newest.lost and newest.personal
        for i in range(150, 1200):
            contexts.remember(f"https://cdn.example.de/p-{i}.jpg", said(True, 0.9))
        assert contexts.forgotten >= 1
        found = sum(contexts.get(f"https://cdn.example.de/p-{i}.jpg") is not None for i in range(100))
        assert found < 20  # (the oldest dropped: a false yes of the two kept, at most)
        assert "lossy record keeps" in caplog.text  # (a WARNING, once a generation)

    def test_a_trace_of_nothing_said_pushed_out_leaves_nothing_lost(self) -> None:
        contexts = ImageContexts(1)
        contexts.remember(PHOTO, said(False, 0.1))
        for i in range(2 + 2 * TRACE_FACTOR + 1):
            contexts.remember(f"https://cdn.example.de/other-{i}.jpg", said(False, 0.1))
        assert contexts.get(PHOTO) is None

    def test_an_opt_out_for_another_crawler_lost_with_its_context_binds_no_one_else(self) -> None:
        contexts = ImageContexts(1)
        contexts.remember(PHOTO, said(False, 0.1, rules=ImageRules.of([noimageai("OtherBot")], "bot")))
        contexts.remember("https://cdn.example.de/other.jpg", said(False, 0.1))
        found = contexts.get(PHOTO)
        assert found is not None and found.evicted
        assert found.lost_rules_bind("OtherBot", "train-ai") and not found.lost_rules_bind("TestBot", "train-ai")

    def test_an_opt_out_for_every_crawler_is_kept_first_and_a_cut_stands_for_every_crawler(self) -> None:
        """(A review: sorted by repr, `noimageai` for every crawler came after 16 named crawlers' and was cut.)"""
        from scrapeguard.image_context import TRACE_RULES

        named = [noimageai(f"bot{i:02}") for i in range(TRACE_RULES + 4)]
        contexts = ImageContexts(1)
        contexts.remember(PHOTO, said(False, 0.1, rules=ImageRules.of([*named, noimageai()], "bot00")))
        contexts.remember("https://cdn.example.de/other.jpg", said(False, 0.1))
        found = contexts.get(PHOTO)
        assert found is not None and len(found.lost_rules) == TRACE_RULES
        assert found.lost_rules_bind("ExampleCrawler", "train-ai") and found.lost_rules_bind("bot19", "train-ai")

    def test_a_crawlers_name_too_long_to_keep_is_kept_as_every_crawler(self) -> None:
        contexts = ImageContexts(1)
        contexts.remember(PHOTO, said(False, 0.1, rules=ImageRules.of([noimageai("B" * 1000)], "bot")))
        contexts.remember("https://cdn.example.de/other.jpg", said(False, 0.1))
        found = contexts.get(PHOTO)
        assert found is not None and found.lost_rules == ((None, noimageai().denied),)

    def test_a_page_read_after_the_eviction_adds_to_what_the_evicted_one_said(self) -> None:
        """(A review: a second page showing the image with an empty alt, read after the first page's
        word was evicted, cleared it: the portrait was allowed.)"""
        contexts = ImageContexts(1)
        contexts.remember(PHOTO, said(True, 0.97, rules=ImageRules.of([noimageai()], "bot"),
                                      jurisdictions=(("UK", "cctld:uk"),)))
        contexts.remember("https://cdn.example.de/other.jpg", said(False, 0.1))
        contexts.remember(PHOTO, said(False, 0.1, jurisdictions=(("EU", "html-lang:de"),)))
        found = contexts.get(PHOTO)
        assert found is not None and found.personal and found.score == 0.97 and found.evicted
        assert {bloc for bloc, _ in found.jurisdictions} == {"UK", "EU"} and found.lost_rules_bind("bot", "train-ai")


class TestImageContexts:
    def test_every_spelling_of_the_image_url_finds_what_the_page_said(self) -> None:
        contexts = ImageContexts(16)
        contexts.remember(PHOTO, said(True, 0.9))
        for spelling in (PHOTO, "https://cdn.example.de/foto%5B1%5D.jpg", "HTTPS://CDN.example.de:443/x/../foto[1].jpg"):
            found = contexts.get(spelling)
            assert found is not None and found.personal, spelling

    def test_a_picture_on_a_host_idna_2003_spells_otherwise_is_found_under_the_host_scrapy_requests(self) -> None:
        """A page's `<img src="https://www.fußball.example/jane.jpg">` is requested by httpx and browsers at
        `xn--fuball-cta` (IDNA 2008) and by Scrapy at `fussball.example` (w3lib before 2.6: IDNA 2003, ß as ss, a
        final ς as σ): its word was kept under the first key alone, so Scrapy's request was judged without the
        page's noimageai or its caption naming Jane Doe. It is found under either spelling."""
        import httpx
        from scrapy import Request

        for photo in ("https://www.fußball.example/p/jane.jpg", "https://ὀδυσσεύς.example/p/jane.jpg"):
            contexts = ImageContexts(16)
            contexts.remember(photo, said(True, 0.9))
            for spelling in (photo, Request(photo).url, str(httpx.URL(photo))):
                found = contexts.get(spelling)
                assert found is not None and found.personal, spelling
        ascii_only = ImageContexts(16)  # (a host in A-labels is requested as written by every client: one key)
        ascii_only.remember("https://www.xn--fuball-cta.example/p/jane.jpg", said(True, 0.9))
        assert ascii_only.get("https://www.fussball.example/p/jane.jpg") is None

    def test_a_pages_word_is_kept_under_the_host_the_installed_scrapy_requests_and_no_other_owners(self) -> None:
        """w3lib 2.6 requests `www.fußball.example` at `xn--fuball-cta.example` as httpx does (UTS #46): the word
        of a page showing its picture was kept under IDNA 2003's `www.fussball.example` too, another owner's
        site (DENIC registers both), whose picture of that path was judged with it. Kept there only where the
        installed Scrapy requests the picture there (w3lib before 2.6)."""
        from scrapy import Request

        photo, idna2003 = "https://www.fußball.example/p/jane.jpg", "https://www.fussball.example/p/jane.jpg"
        contexts = ImageContexts(16)
        contexts.remember(photo, said(True, 0.9))
        assert contexts.get(Request(photo).url) is not None
        assert (contexts.get(idna2003) is not None) == (Request(photo).url == idna2003)

    def test_a_second_page_cannot_clear_what_the_first_said(self) -> None:
        contexts = ImageContexts(16)
        contexts.remember(PHOTO, said(True, 0.9, rules=ImageRules.of([noimageai()], "*"),
                                      jurisdictions=(("eu", "page host .de"),)))
        contexts.remember(PHOTO, said(False, 0.1, jurisdictions=(("uk", "page host .co.uk"),)))
        merged = contexts.get(PHOTO)
        assert merged is not None
        assert merged.personal and merged.score == 0.9
        assert [r.rule for r in merged.rules.rules] == ["noimageai"]
        assert {bloc for bloc, _ in merged.jurisdictions} == {"eu", "uk"}  # every page's law

    def test_pages_of_two_sites_taking_turns_leave_the_word_as_it_was(self) -> None:
        """The newest page's domains and laws came first, so a logo shown by two sites' pages in turn
        changed order each time: Scrapy's media pipelines read that as a new word and downloaded the
        logo again for every item."""
        contexts = ImageContexts(16)
        site_a = ImageContext("https://a.example/p", False, 0.0, [], ImageRules(), None, (("EU", "cctld .de"),),
                              ("a.example",))
        site_b = ImageContext("https://b.example/p", False, 0.0, [], ImageRules(), None, (("UK", "cctld .uk"),),
                              ("b.example",))
        contexts.remember(PHOTO, site_a)
        contexts.remember(PHOTO, site_b)
        settled = contexts.get(PHOTO)
        assert settled is not None and settled.page_domains == ("a.example", "b.example")
        for page in (site_a, site_b, site_a):
            contexts.remember(PHOTO, page)
            now = contexts.get(PHOTO)
            assert now is not None and (now.page_domains, now.jurisdictions, now.rules) == \
                (settled.page_domains, settled.jurisdictions, settled.rules)

    def test_the_page_rules_answer_the_image_request_for_its_own_crawler_and_usage(self) -> None:
        context = said(True, 0.9, rules=ImageRules.of([noimageai(scope="examplebot")], "examplebot"))
        assert [s.code for s in context.signals("examplebot", "train-ai")] == ["xrobots.noimageai"]
        assert context.signals("otherbot", "train-ai") == []
        # (for search, the AI opt-out is a note that it reserves none of it)
        assert [(s.code, s.verdict) for s in context.signals("examplebot", "search")] == [
            ("xrobots.noimageai", Verdict.UNKNOWN)]

    def test_the_cache_is_bounded_and_pop_forgets(self) -> None:
        contexts = ImageContexts(2)
        for n in range(3):
            contexts.remember(f"https://cdn.example.de/{n}.jpg", said(True, 0.5))
        assert contexts.get("https://cdn.example.de/0.jpg").evicted  # type: ignore[union-attr]  # (its trace)
        assert contexts.pop("https://cdn.example.de/2.jpg") is not None
        assert contexts.get("https://cdn.example.de/2.jpg") is None

    def test_the_cache_is_bounded_by_what_its_urls_hold_not_only_by_their_number(self) -> None:
        """16,384 image URLs of 24 KB each (a page of long srcs, page after page) were all kept: 667 MB.
        Ordinary URLs fill every entry; long ones, only what `URL_BUDGET` a entry allows."""
        from scrapeguard.image_context import URL_BUDGET

        contexts = ImageContexts(64)
        for n in range(64):
            contexts.remember(f"https://cdn.example.de/photos/{n}/portrait-of-someone-{n:04}.jpg", said(True, 0.5))
        assert contexts.get("https://cdn.example.de/photos/0/portrait-of-someone-0000.jpg") is not None
        long_urls = [f"https://cdn.example.de/{n}/" + "a" * 24_000 for n in range(64)]
        for url in long_urls:
            contexts.remember(url, said(True, 0.5))
        kept = [url for url in long_urls if (found := contexts.get(url)) is not None and not found.evicted]
        assert long_urls[-1] in kept and sum(map(len, kept)) <= 64 * URL_BUDGET


    def test_the_cache_is_bounded_by_what_the_pages_word_holds_too(self) -> None:
        """Only the image URL was weighed: a spider trap of pages at 60 KB URLs (or sending a 16 KB
        Content-Language), each showing one image of its own, kept every page's URL and hints in
        each entry, 16,384 of them (about 1 GB) where the budget is `URL_BUDGET` characters an entry."""
        from scrapeguard.image_context import URL_BUDGET
        from scrapeguard.jurisdiction import PageHints

        contexts = ImageContexts(64)
        kept_pages: list[str] = []
        for n in range(64):
            page = f"https://trap.example/{n}/" + "p" * 60_000
            hints = PageHints(content_language="de-x-" + "l" * 16_000, hreflangs=[f"x-{i}" for i in range(256)])
            contexts.remember(f"https://cdn.example.de/{n}.jpg",
                              ImageContext(page, True, 0.5, ["alt:portrait"], ImageRules(), hints))
            kept_pages.append(page)
        held = [c for c in (contexts.get(f"https://cdn.example.de/{n}.jpg") for n in range(64)) if c is not None]
        assert held and held[-1].page_url == kept_pages[-1]  # (the newest always stays)
        assert sum(len(c.page_url) + len(c.hints.content_language or "") for c in held if c.hints) <= 64 * URL_BUDGET


class TestRedirectSources:
    def test_each_hop_is_remembered_without_credentials(self) -> None:
        sources = RedirectSources(16)
        sources.remember("https://bob:secret@a.example/p.jpg", "https://b.example/p.jpg")
        assert sources.get("https://b.example/p.jpg") == ["https://a.example/p.jpg"]

    def test_a_redirect_to_another_spelling_of_itself_is_no_hop(self) -> None:
        sources = RedirectSources(16)
        sources.remember("https://a.example/foto[1].jpg", "https://a.example/foto%5B1%5D.jpg")
        assert sources.get("https://a.example/foto[1].jpg") == []

    def test_only_the_latest_hops_are_kept(self) -> None:
        sources = RedirectSources(16)
        for n in range(MAX_REDIRECTS + 3):
            sources.remember(f"https://a.example/{n}", "https://b.example/end")
        kept = sources.get("https://b.example/end")
        assert len(kept) == MAX_REDIRECTS and kept[-1] == f"https://a.example/{MAX_REDIRECTS + 2}"

    def test_the_hops_kept_are_bounded_by_what_their_urls_hold(self) -> None:
        from scrapeguard.image_context import URL_BUDGET

        sources = RedirectSources(64)
        ends = [f"https://b.example/{n}/" + "b" * 24_000 for n in range(64)]
        for end in ends:
            sources.remember("https://a.example/" + "a" * 24_000, end)
        kept = [end for end in ends if sources.get(end)]
        assert ends[-1] in kept and sum(2 * len(end) for end in kept) <= 64 * URL_BUDGET


def test_a_page_speaks_for_its_images_but_robots_txt_only_for_its_own_host() -> None:
    page_says = [
        Signal("x_robots_tag", Verdict.DENY, "xrobots.noimageai", "noimageai", "X-Robots-Tag", applies_to="images"),
        Signal("tdmrep", Verdict.DENY, "tdmrep.reserved", "tdm-reservation: 1", "meta", applies_to="both"),
        Signal("robots_txt", Verdict.DENY, "robots.disallow", "Disallow: /", "robots.txt", applies_to="both"),
        Signal("x_robots_tag", Verdict.DENY, "xrobots.noindex", "noindex", "X-Robots-Tag", applies_to="self"),
    ]
    carried = for_images(page_says)
    assert [s.code for s in carried] == ["xrobots.noimageai", "tdmrep.reserved"]
    assert {s.applies_to for s in carried} == {"self"}  # each image's own signal now


class TestAnotherSpellingOfAPictureAPageShowed:
    """A crawler that asks for the original upload instead of the page's thumbnail (or a larger size,
    or the site's old http:// address) collected Jane Doe's portrait without her page's caption naming
    her or its noimageai: the page's word was kept under the URL it showed alone."""

    SHOWN = "https://www.example.org/wp-content/uploads/2024/05/jane-doe-300x200.jpg"

    def jane(self) -> ImageContext:
        return said(True, 0.95, rules=ImageRules.of([noimageai()], "bot"))

    @pytest.mark.parametrize("asked", [
        "https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg",  # the original upload
        "https://www.example.org/wp-content/uploads/2024/05/jane-doe-1024x683.jpg",  # a size the page did not list
        "http://example.org/wp-content/uploads/2024/05/jane-doe-300x200.jpg",  # its old address
        "https://example.org/wp-content/uploads/2024/05/jane-doe.jpg?w=2048",
    ])
    def test_it_is_judged_with_what_the_page_said_of_the_one_it_showed(self, asked: str) -> None:
        contexts = ImageContexts(16)
        contexts.remember(self.SHOWN, self.jane())
        found = contexts.get(asked)
        assert found is not None and (found.personal, found.score, found.page_url) == (True, 0.95, PAGE)
        assert found.shown_as and [s.code for s in found.signals("bot", "train-ai")] == ["xrobots.noimageai"]

    def test_the_other_way_round_a_thumbnail_of_an_original_the_page_showed(self) -> None:
        contexts = ImageContexts(16)
        contexts.remember("https://example.org/team/jane.jpg", self.jane())
        found = contexts.get("https://example.org/team/jane.jpg?w=300&h=300")
        assert found is not None and found.personal and found.shown_as == "https://example.org/team/jane.jpg"

    def test_the_url_the_page_showed_is_judged_with_its_own_word_unmarked(self) -> None:
        contexts = ImageContexts(16)
        contexts.remember(self.SHOWN, self.jane())
        found = contexts.get(self.SHOWN)
        assert found is not None and found.shown_as == ""

    def test_of_two_copies_words_the_stricter_stands_for_every_copy_marked_where_it_came_from(self) -> None:
        """A gallery calls the original "Our office"; the team page calls its thumbnail Jane's portrait,
        with noimageai: the original is Jane's portrait too (the gallery's word hid the team page's)."""
        original = "https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg"
        for order in ((self.SHOWN, original), (original, self.SHOWN)):
            contexts = ImageContexts(16)
            for url in order:
                contexts.remember(url, self.jane() if url == self.SHOWN else said(False, 0.2))
            found = contexts.get(original)
            assert found is not None and found.personal and found.shown_as == self.SHOWN, order
            assert [s.code for s in found.signals("bot", "train-ai")] == ["xrobots.noimageai"]
            shown = contexts.get(self.SHOWN)
            assert shown is not None and shown.personal and shown.shown_as == ""  # (its own word, the stricter)

    def test_a_copys_word_carries_no_language_tags(self) -> None:
        """The page's `en-US` stood for the picture's host's unknown audience at a copy it never showed."""
        contexts = ImageContexts(16)
        contexts.remember(self.SHOWN, replace(self.jane(), hints=PageHints(html_lang="en-US")))
        shown = contexts.get(self.SHOWN)
        assert shown is not None and shown.hints is not None
        copy = contexts.get("https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg")
        assert copy is not None and copy.hints is None and copy.personal

    def test_a_carried_word_kept_under_its_url_still_meets_later_pages_words(self) -> None:
        """An adapter keeps the word a request was judged with under its URL (the httpx transport, the
        proxy, Scrapy's JOBDIR): a later page's noimageai about the thumbnail went unseen there."""
        contexts = ImageContexts(16)
        original = "https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg"
        contexts.remember(self.SHOWN, said(True, 0.9))
        carried = contexts.get(original)
        assert carried is not None
        contexts.remember(original, carried)
        contexts.remember("https://www.example.org/wp-content/uploads/2024/05/jane-doe-150x150.jpg", self.jane())
        found = contexts.get(original)
        assert found is not None and [s.code for s in found.signals("bot", "train-ai")] == ["xrobots.noimageai"]

    @pytest.mark.parametrize("asked", [
        "https://www.example.org/gallery?image=/wp-content/uploads/2024/05/jane-doe.jpg",  # a page showing it
        "https://www.example.org/share?url=https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg",
        "https://www.example.org/api/v1/likes.json?image=/wp-content/uploads/2024/05/jane-doe.jpg",
        "https://www.example.org/wp-content/uploads/2024/05/",  # the folder
    ])
    def test_a_url_naming_no_image_file_is_no_copy(self, asked: str) -> None:
        contexts = ImageContexts(16)
        contexts.remember(self.SHOWN, self.jane())
        assert contexts.get(asked) is None

    @pytest.mark.parametrize(("shown", "asked"), [
        ("https://example.org/f.jpg?s=1&id=7", "https://example.org/f.jpg?id=7&s=1"),  # w3lib's canonical order
        ("https://example.org/h.jpg?utm_source=news&fbclid=AbC", "https://example.org/h.jpg"),  # tracking dropped
        ("https://example.org/c.jpg?v=2", "https://example.org/c.jpg"),  # a cache-buster dropped
        ("https://example.org/c.jpg?1699999", "https://example.org/c.jpg"),  # a bare timestamp
        ("https://example.org/c.jpg", "https://example.org/c.jpg?ver=3&utm_medium=x"),
        # (and another size of it: review of the change)
        ("https://example.org/jane.jpg?w=300&utm_source=x", "https://example.org/jane.jpg"),
        ("https://example.org/jane.jpg?w=300&v=2", "https://example.org/jane.jpg?w=1200"),
        ("https://example.org/wp-content/uploads/2024/05/jane-doe-300x200.jpg?ver=3",
         "https://example.org/wp-content/uploads/2024/05/jane-doe.jpg"),
    ])
    def test_a_query_in_another_order_or_without_its_tracking_is_the_same_picture(self, shown: str, asked: str) -> None:
        """(Review, session 60: the page's `f.jpg?s=1&id=7` under noimageai, fetched as `f.jpg?id=7&s=1`, as
        w3lib's canonicalize_url orders it, or without the page's `?utm_source=`, was allowed.)"""
        contexts = ImageContexts(16)
        contexts.remember(shown, self.jane())
        found = contexts.get(asked)
        assert found is not None and found.personal and found.signals("bot", "train-ai"), asked

    def test_a_query_naming_another_picture_is_still_another(self) -> None:
        contexts = ImageContexts(16)
        contexts.remember("https://example.org/f.jpg?id=7", self.jane())
        assert contexts.get("https://example.org/f.jpg?id=8") is None
        contexts.remember("https://example.org/g.jpg?v=2;id=7", self.jane())  # (`;` parts a query too)
        assert contexts.get("https://example.org/g.jpg?v=3;id=8") is None

    def test_an_image_proxys_copy_of_a_picture_on_another_host_is_one(self) -> None:
        """Next.js serving a CMS's picture: its other widths and the CMS's file are the same portrait."""
        contexts = ImageContexts(16)
        contexts.remember("https://www.example.org/_next/image?url=https%3A%2F%2Fimages.cms.example%2Fsp%2Fjane.jpg"
                          "&w=640&q=75", self.jane())
        for asked in ("https://www.example.org/_next/image?url=https%3A%2F%2Fimages.cms.example%2Fsp%2Fjane.jpg"
                      "&w=3840&q=75", "https://images.cms.example/sp/jane.jpg"):
            found = contexts.get(asked)
            assert found is not None and found.personal, asked

    def test_scrapys_spelling_of_a_unicode_host_meets_the_pictures_copies(self) -> None:
        from scrapy import Request

        contexts = ImageContexts(16)
        contexts.remember("https://www.fußball.example/wp-content/uploads/anna-150x150.jpg", self.jane())
        # (the installed Scrapy's: `fussball.example` before w3lib 2.6, as httpx's from 2.6)
        for asked in (Request("https://fußball.example/wp-content/uploads/anna.jpg").url,
                      "https://xn--fuball-cta.example/wp-content/uploads/anna.jpg"):
            found = contexts.get(asked)
            assert found is not None and found.personal, asked

    def test_an_escaped_spelling_of_a_copy_is_one(self) -> None:
        contexts = ImageContexts(16)
        contexts.remember(self.SHOWN, self.jane())
        found = contexts.get("https://www.example.org/wp-content/uploads/2024/05/jane-doe%2D1024x683.jpg")
        assert found is not None and found.personal

    @pytest.mark.parametrize("asked", [
        "https://www.example.org/wp-content/uploads/2024/05/john-roe.jpg",  # another picture of the folder
        "https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg?id=2",  # a query that may pick another
        "https://cdn.example.net/wp-content/uploads/2024/05/jane-doe.jpg",  # another site's
    ])
    def test_other_pictures_get_no_word(self, asked: str) -> None:
        contexts = ImageContexts(16)
        contexts.remember(self.SHOWN, self.jane())
        assert contexts.get(asked) is None

    def test_a_word_carried_from_another_spelling_is_not_passed_on_again(self) -> None:
        """An adapter remembers the word it judged a request with under that request's URL (Scrapy's
        JOBDIR): kept there, not made a picture's word of its own."""
        contexts = ImageContexts(16)
        carried = replace(self.jane(), shown_as=self.SHOWN)
        contexts.remember("https://www.example.org/wp-content/uploads/2024/05/jane-doe-768x512.jpg", carried)
        assert contexts.get("https://www.example.org/wp-content/uploads/2024/05/jane-doe-1024x683.jpg") is None
        kept = contexts.get("https://www.example.org/wp-content/uploads/2024/05/jane-doe-768x512.jpg")
        assert kept is not None and kept.shown_as == self.SHOWN

    def test_of_two_pages_showing_two_sizes_the_stricter_word_stands_and_its_copy_is_named(self) -> None:
        contexts = ImageContexts(16)
        contexts.remember("https://www.example.org/wp-content/uploads/2024/05/jane-doe-150x150.jpg", said(False, 0.1))
        contexts.remember(self.SHOWN, self.jane())
        found = contexts.get("https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg")
        assert found is not None and found.personal and found.shown_as == self.SHOWN

    def test_the_copy_named_is_one_other_than_the_one_asked_for(self) -> None:
        """The team page shows the file, a gallery its 300-wide copy with noimageai: asked for the file, the
        decision named the file itself as the other copy (found in review)."""
        contexts = ImageContexts(16)
        contexts.remember("https://a.example/p/jane.jpg", said(True, 0.9))
        contexts.remember("https://a.example/p/jane.jpg?w=300", replace(self.jane(), personal=False, score=0.1))
        found = contexts.get("https://a.example/p/jane.jpg")
        assert found is not None and found.personal and found.shown_as == "https://a.example/p/jane.jpg?w=300"
        assert [s.code for s in found.signals("bot", "train-ai")] == ["xrobots.noimageai"]

    def test_pop_forgets_the_other_copies_too(self) -> None:
        contexts = ImageContexts(2)
        contexts.remember(self.SHOWN, self.jane())
        assert contexts.pop(self.SHOWN) is not None
        assert contexts.get("https://www.example.org/wp-content/uploads/2024/05/jane-doe.jpg") is None

    def test_a_pictures_word_pushed_out_leaves_a_trace_naming_the_copy_shown(self) -> None:
        contexts = ImageContexts(2)
        for n in range(3):
            contexts.remember(f"https://example.org/wp-content/uploads/p{n}-300x200.jpg", self.jane())
        evicted = contexts.get("https://example.org/wp-content/uploads/p0.jpg")
        assert evicted is not None and evicted.evicted and evicted.personal
        assert evicted.shown_as == "https://example.org/wp-content/uploads/p0-300x200.jpg"
        kept = contexts.get("https://example.org/wp-content/uploads/p2.jpg")
        assert kept is not None and not kept.evicted

    def test_a_long_url_is_not_kept_by_the_spelling_cache(self) -> None:
        """Every request without a word works out its picture's spelling: 4,096 URLs of 64 KB were kept
        by its cache (533 MB) whatever the guard's own bounds."""
        from scrapeguard.detect.same_picture import _original_picture

        before = _original_picture.cache_info().currsize
        contexts = ImageContexts(16)
        for n in range(20):
            assert contexts.get(f"https://example.org/{n}/" + "a" * 65_536 + ".jpg") is None
        assert _original_picture.cache_info().currsize <= before + 1
