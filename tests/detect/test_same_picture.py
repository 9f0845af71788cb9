"""Which URLs serve one picture: the spelling every copy of it meets at."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapeguard.detect.same_picture import original_picture

WP = "https://www.example.org/wp-content/uploads/2024/05/jane-doe"


@pytest.mark.parametrize("copy", [
    f"{WP}-300x200.jpg",  # a WordPress rendition
    f"{WP}-scaled.jpg",
    f"{WP}.jpg",  # the original itself
    "http://example.org/wp-content/uploads/2024/05/jane-doe.jpg",  # the other scheme, the host without www.
    "https://example.org/wp-content/uploads/2024/05/jane-doe.jpg?w=1200&q=80",  # a size asked of the server
    "https://www.example.org/_next/image?url=%2Fwp-content%2Fuploads%2F2024%2F05%2Fjane-doe.jpg&w=3840&q=75",
    "https://example.org/cdn-cgi/image/width=800,quality=75/wp-content/uploads/2024/05/jane-doe.jpg",
    "https://www.example.org/_ipx/w_640&f_webp/wp-content/uploads/2024/05/jane-doe.jpg",  # Nuxt Image's IPX
    "https://example.org/_ipx/s_300x200,fit_cover/wp-content/uploads/2024/05/jane-doe.jpg",
    "https://cdn.example/_ipx/w_200/https://example.org/wp-content/uploads/2024/05/jane-doe.jpg",  # another host's
    "https://cdn.example/_ipx/w_200/https:/example.org/wp-content/uploads/2024/05/jane-doe.jpg",  # (one slash)
    f"{WP}-300x200.jpg.webp",  # a WebP copy a plugin writes beside a rendition (EWWW)
    f"{WP}.jpg.avif",
])
def test_every_copy_of_a_picture_meets_at_its_original_at_https_without_www(copy: str) -> None:
    assert original_picture(copy) == "https://example.org/wp-content/uploads/2024/05/jane-doe.jpg"


def test_a_drupal_image_style_of_a_webp_made_of_a_jpeg_is_the_jpeg() -> None:
    styled = "https://example.org/sites/default/files/styles/large/public/2024-01/anna.jpg.webp?itok=Xy12"
    assert original_picture(styled) == "https://example.org/sites/default/files/2024-01/anna.jpg"


@pytest.mark.parametrize("other", [
    "https://example.org/img/team.jpg?id=2",  # a query that may pick another picture
    "https://example.org/img/team.jpg?crop=0,0,200,200",  # a part of one: one face of a team
    "https://example.org/photo.php?id=5",
    "https://example.org/hero-1200x630.jpg",  # a size in a name outside WordPress may be another picture
    "https://example.org/cdn-cgi/image/w=300/img/get.jpg?id=2",  # a resizer's path, a query picking the picture
    "https://i0.wp.com/example.org/wp-content/uploads/group-300x200.jpg?crop=0,0,100,100",  # a part of it
    "https://example.org/_ipx/w_200,extract_0_0_100_100/team/group.jpg",  # IPX's extract: a part of it too
    "https://example.org/_ipx/w_300&crop_400_0_200_200/team/group.jpg",  # (crop is its alias)
    "https://example.org/_ipx/w_200/team/jane.html",  # no image file named
])
def test_a_url_the_rules_say_nothing_of_is_its_own_picture(other: str) -> None:
    assert original_picture(other) == other


@pytest.mark.parametrize("page", [
    "https://vk.example/share.php?url=https://example.org/p&image=https://example.org/jane.jpg",  # a share link
    "https://example.org/gallery?image=/photos/jane.jpg",  # a gallery's page showing it
    "https://example.org/api/v1/likes.json?image=/photos/jane.jpg",
])
def test_a_query_naming_a_picture_outside_an_image_proxy_is_no_copy_of_it(page: str) -> None:
    assert original_picture(page) == page


@pytest.mark.parametrize(("proxy", "inner"), [
    ("https://example.org/_next/image?url=https%3A%2F%2Fcms.example%2Fsp%2Fjane.jpg&w=640&q=75",
     "https://cms.example/sp/jane.jpg"),  # (the proxy's host is no matter)
    ("https://example.org/.netlify/images?url=/team/jane.jpg&w=300", "https://example.org/team/jane.jpg"),
    ("https://example.org/wp-content/themes/x/timthumb.php?src=/team/jane.jpg&w=100&h=100",
     "https://example.org/team/jane.jpg"),
])
def test_an_image_proxys_copy_is_the_picture_it_serves(proxy: str, inner: str) -> None:
    assert original_picture(proxy) == inner


def test_a_proxy_naming_two_pictures_serves_neither_as_the_original() -> None:
    both = "https://example.org/timthumb.php?src=/a.jpg&file=/b.jpg"
    assert original_picture(both) == both


@pytest.mark.parametrize("odd", ["data:image/png;base64,iVBO", "https://[::1/x.jpg", "https://[::1/x.jpg?url=/a.jpg",
                                 "", "https://", "https://@/x.jpg", "ftp://www.example.org/x.jpg"])
def test_odd_urls_are_their_own_and_never_raise(odd: str) -> None:
    assert original_picture(odd) == odd


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("htps:/[]@?#&=%.wx1jpg-_\\ \u00e9"), max_size=60))
def test_any_text_gets_a_string_back(text: str) -> None:
    assert isinstance(original_picture("https://" + text), str) and isinstance(original_picture(text), str)
