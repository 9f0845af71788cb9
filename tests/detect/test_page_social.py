"""Social-network profile pages, by registrable domain and URL shape."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scrapeguard.detect.social import on_social_network, social_profile


@pytest.mark.parametrize(("url", "network"), [
    ("https://www.instagram.com/maya.thornton.art/", "instagram"),
    ("https://instagram.com/someone", "instagram"),
    ("https://x.com/priyanair_md", "x"),
    ("https://mobile.twitter.com/jack", "x"),
    ("https://www.linkedin.com/in/olivergrant", "linkedin"),
    ("https://de.linkedin.com/in/sabine-k-123", "linkedin"),
    ("https://www.facebook.com/sabine.krueger.7", "facebook"),
    ("https://www.facebook.com/profile.php?id=100012345", "facebook"),
    ("https://www.tiktok.com/@valesoto.cocina", "tiktok"),
    ("https://www.youtube.com/@somechannel", "youtube"),
    ("https://github.com/lindqvist-e", "github"),
    ("https://medium.com/@marcuslee", "medium"),
    ("https://bsky.app/profile/someone.bsky.social", "bluesky"),
    ("https://www.xing.com/profile/Max_Mustermann", "xing"),
    ("https://www.reddit.com/user/someone", "reddit"),
    ("https://www.reddit.com/u/someone/", "reddit"),              # reddit's short form
    ("https://www.facebook.com/people/Jane-Miller/100012345678/", "facebook"),
    ("https://janem.medium.com/", "medium"),                     # a writer's own Medium host
    ("https://www.youtube.com/@somechannel/videos", "youtube"),  # a profile's tab
    ("https://mastodon.social/@jane/with_replies", "mastodon"),
    ("https://bsky.app/profile/someone.bsky.social/follows", "bluesky"),
    ("https://www.linkedin.com/in/jane-doe/overlay/photo/", "linkedin"),  # a prefix profile's own pages
    ("https://www.reddit.com/user/someone/submitted/", "reddit"),
    ("https://www.reddit.com/user/someone/comments/", "reddit"),  # their comments, listed
    ("https://www.xing.com/profile/Max_Mustermann/cv", "xing"),
    ("https://www.youtube.com/@somechannel/podcasts", "youtube"),
    ("https://medium.com/@marcuslee/lists", "medium"),
])
def test_profiles(url: str, network: str) -> None:
    assert social_profile(url) == network


@pytest.mark.parametrize("url", [
    "https://www.instagram.com/p/Cx1y2z/",           # a post
    "https://www.instagram.com/explore/tags/cats/",
    "https://x.com/search?q=news",
    "https://x.com/someone/status/1234567890",        # a tweet
    "https://www.linkedin.com/company/stripe",        # a company
    "https://www.facebook.com/groups/12345",
    "https://www.facebook.com/profile.php",          # no id
    "https://github.com/rust-lang/rust",              # a repository
    "https://www.youtube.com/watch?v=abc",
    "https://example.com/instagram.com/someone",      # not the network's domain
    "https://instagram.com.evil.example/someone",     # look-alike domain
    "https://www.instagram.com/",
    "not a url",
    "",
    "http://[::1]:99999/x",
    # posts, whose shared picture is the post's own, not the profile's photo
    "https://medium.com/@janem/how-i-built-a-static-site-generator-1a2b3c4d5e6f",
    "https://mastodon.social/@janem/111222333444555666",
    "https://bsky.app/profile/janem.bsky.social/post/3kxyzabc",
    "https://bsky.app/profile/janem.bsky.social/lists/3kxyzabc",
    "https://www.reddit.com/user/jane/comments/1abc23/a_landscape/",  # one post of theirs
    "https://www.reddit.com/u/jane/s/abc123",
    "https://ok.ru/profile/123456/statuses/789",
    "https://www.youtube.com/@somechannel/live",                 # leads to a live video
    "https://www.youtube.com/@somechannel/some-video-slug",
    "https://help.medium.com/",                        # the network's own pages
    "https://x.com/tos",
    "https://www.pinterest.com/ideas/",
])
def test_not_profiles(url: str) -> None:
    assert social_profile(url) is None


@pytest.mark.parametrize(("url", "network"), [
    ("https://www.instagram.com./maya/", "instagram"),  # fully qualified host
    ("https://WWW.Instagram.COM/maya", "instagram"),
    ("https://instagram.com.evil.example/maya", None),  # a network's name inside another domain
    ("https://notinstagram.com/maya", None),
    ("https://www.example.co.uk/maya", None),
    ("https://localhost/maya", None),
    ("https://192.0.2.1/maya", None),
])
def test_host_prefilter_agrees_with_registrable_domain(url: str, network: str | None) -> None:
    assert social_profile(url) == network


def test_every_network_domain_is_its_hosts_registrable_domain() -> None:
    # social_profile reads the registrable domain off a host's last two labels, without
    # loading the public suffix list; that holds while no list entry sits below a network's
    # domain (as `blogspot.com` does), which a new tldextract snapshot could change
    from scrapeguard.detect.social import _NETWORKS
    from scrapeguard.jurisdiction import registrable_domain

    from scrapeguard.jurisdiction import _extractor

    rules = [rule.lstrip("!").removeprefix("*.") for rule in _extractor().tlds]
    for domain in _NETWORKS:
        assert not [rule for rule in rules if rule == domain or rule.endswith("." + domain)], domain
        for host in (domain, f"www.{domain}", f"a.b.{domain}", f"{domain}."):
            assert registrable_domain(host) == domain, host


def test_a_page_linking_to_a_network_does_not_load_the_suffix_list() -> None:
    import subprocess
    import sys

    code = ("from scrapeguard.detect import find_images; from scrapeguard import jurisdiction as j;"
            "find_images('<a href=\"https://twitter.com/jane\"><img src=\"/a.jpg\"></a>', 'https://www.instagram.com/jane/');"
            "print(j._extractor.cache_info().currsize)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()[-1] == "0"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.instagram.com/p/Cx12/", True),  # a post: on the network, not a profile
    ("https://de.linkedin.com/company/acme", True),
    ("https://www.example.org/team/anna", False),
    ("https://notinstagram.example/instagram.com", False),
    ("", False),
    ("http://[::1", False),  # malformed: no exception, not a network
])
def test_on_social_network_is_about_the_host_only(url: str, expected: bool) -> None:
    assert on_social_network(url) is expected


def test_a_social_sites_own_relative_links_can_be_profiles() -> None:
    from scrapeguard.detect import find_images

    html = '<a href="/maya.thornton.art/"><img src="/x/9f3a2.jpg"></a>'
    on_site = find_images(html, "https://www.instagram.com/explore/")
    elsewhere = find_images(html, "https://www.example.org/explore/")
    assert "link:social-profile" in on_site[0].reasons
    assert "link:social-profile" not in elsewhere[0].reasons


@pytest.mark.parametrize(("url", "network"), [
    ("//twitter.com/jack", "x"),                      # scheme-relative link
    ("https://user:pw@www.instagram.com:443/maya", "instagram"),
    ("https://twit\tter.com/jack", "x"),              # urlsplit deletes tabs and line breaks anywhere
    ("https://x.com\n/jack", "x"),
])
def test_the_cheap_host_look_never_hides_a_network(url: str, network: str) -> None:
    assert social_profile(url) == network
    assert on_social_network(url)


_NETWORK_HOSTS = ["instagram.com", "www.Instagram.COM", "x.com", "mobile.twitter.com", "de.linkedin.com.",
                  "github.com", "example.org", "instagram.com.evil.example", "192.0.2.1", "[::1]"]


@given(scheme=st.sampled_from(["https://", "HTTP://", "//", "", "https:", " https://"]),
       userinfo=st.sampled_from(["", "u@", "u:p@", "a@b@"]),
       host=st.sampled_from(_NETWORK_HOSTS),
       port=st.sampled_from(["", ":443", ":x", ":"]),
       rest=st.text(alphabet="/?#@:\t\n\\ a.Z%", max_size=12))
@example(scheme="//", userinfo="", host="instagram.com", port="", rest="://")  # "://" after the host
@settings(max_examples=400, deadline=None)
def test_the_cheap_host_look_agrees_with_urlsplit(scheme: str, userinfo: str, host: str, port: str, rest: str) -> None:
    from urllib.parse import urlsplit

    from scrapeguard.detect.social import _maybe_network, _network_host

    url = scheme + userinfo + host + port + rest
    try:
        full = _network_host((urlsplit(url).hostname or "").lower())
    except ValueError:
        full = False
    assert _maybe_network(url) or not full
