"""Where a picture is served from, read from its URL alone (`detect/served.py`): the picture's
own host and path behind resizing proxies and rendition paths, the folders worth reading, and
the hosts and folders that serve nobody's photo."""
from __future__ import annotations

import pytest

from scrapeguard.detect.served import (
    AD_HOSTS,
    COUNTER_HOSTS,
    SIZE_TAIL,
    avatar_service,
    graphics_folder,
    host_path,
    host_within,
    meaningful_dirs,
    outside_theme_name,
    served_host_path,
)


@pytest.mark.parametrize("url, expected", [
    ("https://User@Example.ORG:8443/a%20b/c.jpg?x=1#top", ("example.org", "/a b/c.jpg")),
    ("//cdn.example.org/p.png", ("cdn.example.org", "/p.png")),
    ("/relative/p.png", ("", "/relative/p.png")),
    ("", ("", "")),
])
def test_host_path_is_the_lower_case_host_and_the_unquoted_path(url: str, expected: tuple[str, str]) -> None:
    assert host_path(url) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://x.org/_next/image?url=%2Fteam%2Fanna.jpg&w=640", ("", "/team/anna.jpg")),
    ("https://x.org/timthumb.php?src=https://y.org/up/anna.jpg&w=300", ("y.org", "/up/anna.jpg")),
    ("https://x.org/image?id=123&w=300", ("x.org", "/image")),  # no file named: the proxy's own path
    ("https://a.storyblok.com/f/1/portrait.jpg/m/800x0/filters:quality(80)", ("a.storyblok.com", "/f/1/portrait.jpg")),
    # an image CDN's fetch of another site's picture (Cloudinary's, Substack's)
    ("https://res.cloudinary.com/demo/image/fetch/w_300,c_fill/https://upload.example.org/team/anna.jpg",
     ("upload.example.org", "/team/anna.jpg")),
    ("https://substackcdn.com/image/fetch/w_64,h_64/https%3A%2F%2Fsubstack.com%2Fimg%2Favatars%2Forange.png",
     ("substack.com", "/img/avatars/orange.png")),
    ("https://res.cloudinary.com/demo/image/fetch/w_300/not-a-url.jpg",
     ("res.cloudinary.com", "/demo/image/fetch/w_300/not-a-url.jpg")),
    # an image cache's filter folder is the size it was resized to (Symfony LiipImagine), not an icons folder
    ("https://x.bg/media_cache/in_menu_icon/media/12_2014/Maria_Sharapova.jpg",
     ("x.bg", "/media/12_2014/Maria_Sharapova.jpg")),
    ("https://x.fr/media/cache/resolve/thumb_avatar/uploads/anna.jpg", ("x.fr", "/uploads/anna.jpg")),
    ("https://x.fr/media/cache/anna.jpg", ("x.fr", "/media/cache/anna.jpg")),  # no filter: a file in the cache
])
def test_the_served_picture_is_read_through_proxies_and_rendition_paths(url: str, expected: tuple[str, str]) -> None:
    assert served_host_path(url) == expected


def test_a_cdns_transformation_list_ids_and_upload_folders_say_nothing() -> None:
    assert meaningful_dirs("/w_800,h_450,c_fill/172AD/fileadmin/user_upload/team") == "/fileadmin/team"
    assert meaningful_dirs("/team/people") == "/team/people"


@pytest.mark.parametrize("dirs, folder", [
    ("/wp-content/themes/x/img", "themes"), ("/skins/main/images", "skins"), ("/media/site_icons", "icons"),
    ("/li/company-logo_100_100", "logo"), ("/img/stemmi", "stemmi"),
    ("/fr/themes/societe", None), ("/theme-park-visitors", None), ("/skin-care/anna", None),
])
def test_folders_of_a_sites_own_graphics(dirs: str, folder: str | None) -> None:
    assert graphics_folder(dirs) == folder


def test_a_themes_name_is_no_word_of_the_picture() -> None:
    assert outside_theme_name("/wp-content/themes/abogados", "abogados") is None
    assert outside_theme_name("/themes/abogados/abogados", "abogados") == "abogados"  # (also a folder of its own)
    assert outside_theme_name("/team/abogados", "abogados") == "abogados"


@pytest.mark.parametrize("host, domains, within", [
    ("pagead2.googlesyndication.com", AD_HOSTS, True), ("googlesyndication.com", AD_HOSTS, True),
    ("notgooglesyndication.com", AD_HOSTS, False), ("ioam.de", COUNTER_HOSTS, True), ("example.org", COUNTER_HOSTS, False),
])
def test_a_host_within_a_list_of_domains_is_one_or_under_one(host: str, domains: tuple[str, ...], within: bool) -> None:
    assert host_within(host, domains) is within


@pytest.mark.parametrize("host, path, service", [
    ("avatars.githubusercontent.com", "/u/123", True), ("lh3.googleusercontent.com", "/a/abc", True),
    ("graph.facebook.com", "/123/picture", True),
    ("lh3.googleusercontent.com", "/p/abc", False),  # a photo in Google Photos, not an account's
    ("graph.facebook.com", "/123/photos", False), ("example.org", "/u/1", False),
])
def test_services_that_hold_only_account_pictures(host: str, path: str, service: bool) -> None:
    assert avatar_service(host, path) is service


@pytest.mark.parametrize("token, size", [("300x200", True), ("800w", True), ("2x", True), ("1.5x", True),
                                         ("anna", False), ("12345x1", False)])
def test_a_renditions_size_ends_a_file_name(token: str, size: bool) -> None:
    assert bool(SIZE_TAIL.fullmatch(token)) is size


def test_a_parameter_past_the_bounded_read_is_not_unwrapped() -> None:
    url = "https://example.org/_next/image?url=" + "%2F" * 700 + "team%2Fanna-portrait.jpg"  # 2 124 characters
    assert served_host_path(url) == ("example.org", "/_next/image")
    assert served_host_path(url.replace("%2F" * 700, "%2F")) == ("", "/team/anna-portrait.jpg")
