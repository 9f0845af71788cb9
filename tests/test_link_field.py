"""Reading an HTTP Link field (`link_field`): its link-values' targets and parameters, as each reader needs."""
from __future__ import annotations

from scrapeguard.link_field import links, param, preloaded_images, relations


def test_each_link_value_gives_its_target_and_its_parameters_unquoted() -> None:
    [(target, params)] = list(links(['<https://e.x/a.jpg>; rel="preload next"; as=image; title="a, \\"b\\""']))
    assert target == "https://e.x/a.jpg"
    assert relations(params) == ["preload", "next"] and param(params, "as") == "image"
    assert param(params, "title") == 'a, "b"' and param(params, "missing") == ""


def test_the_first_of_a_parameter_given_twice_counts() -> None:
    [(_, params)] = list(links(['</a>; rel=preload; rel=canonical']))
    assert relations(params) == ["preload"]


def test_the_pictures_a_field_preloads_are_its_image_preloads_and_their_srcset_candidates() -> None:
    field = ('</app.css>; rel=preload; as="style", </hero.jpg>; rel=preload; as=image, '
             '</next.jpg>; rel=prefetch; as=IMAGE; imagesrcset="/n-1.jpg 1x, /n-2.jpg 2x", '
             '</font.woff2>; rel=preload; as=font, </canon>; rel=canonical, </slide-3.jpg>; rel=prefetch, '
             '</next.html>; rel=prefetch, </x.jpg>; rel=preload')
    # (a prefetch with no `as` naming an image file is fetched as one: review; a preload with none is not fetched)
    assert preloaded_images([field]) == ["/hero.jpg", "/next.jpg", "/n-1.jpg", "/n-2.jpg", "/slide-3.jpg"]


def test_malformed_fields_give_what_they_can_and_never_raise() -> None:
    for bad in ["", "<", "no links here", "<a.jpg; rel=preload", ";;;<>", "<" * 10_000, '</a.jpg>; as="image']:
        assert isinstance(preloaded_images([bad]), list)
    assert preloaded_images(['<>; rel=preload; as=image']) == []


def test_an_empty_or_odd_parameter_does_not_hide_a_rel_after_it() -> None:
    """(Review of the change: the first reader made of three stopped at `;;`, `; =x` or `foo="a" bar`, where
    the C2PA reader before it read on.)"""
    for field in ['<m>;;rel=c2pa-manifest', '<m>; ;rel=c2pa-manifest', '<m>; =x; rel=c2pa-manifest',
                  '<m>; foo="a" bar; rel=c2pa-manifest', '<m>; title="a, b; c"; rel=c2pa-manifest']:
        [(target, params)] = list(links([field]))
        assert target == "m" and relations(params) == ["c2pa-manifest"], field
