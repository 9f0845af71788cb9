"""Which image URLs are one photo at other sizes (`detect.photo_keys`): their context is merged."""

from __future__ import annotations

import pytest

from scrapeguard.detect.photo_keys import photo_id, photo_key

UPLOADS = "https://ex.org/wp-content/uploads/2024/05/"


def test_sizes_of_one_photo_share_a_key_and_other_photos_do_not() -> None:
    assert photo_key(UPLOADS + "anna-team-300x200.jpg") == photo_key(UPLOADS + "anna-team-1024x683.jpg") == "anna-team"
    assert photo_key(UPLOADS + "bob-garden.jpg") != photo_key(UPLOADS + "anna-team.jpg")


def test_a_camera_number_names_one_photo() -> None:
    assert photo_key("https://ex.org/a/IMG_5519.jpg") == "img_5519"


@pytest.mark.parametrize("name", ["Lise_Meitner.jpg", "Foto.jpg", "Map.svg"])
def test_wikimedia_thumbnails_share_the_key_of_the_file_they_were_made_from(name: str) -> None:
    # (a page shows a thumbnail, its og:image or a lightbox names the file itself)
    commons = "https://upload.wikimedia.org/wikipedia/commons/"
    thumb = commons + "thumb/a/ab/{name}/{width}px-{name}" + (".png" if name.endswith(".svg") else "")
    original = photo_key(commons + f"a/ab/{name}")
    assert original is not None
    assert photo_key(thumb.format(name=name, width=220)) == photo_key(thumb.format(name=name, width=1200)) == original


def test_a_generic_file_name_takes_the_photo_id_from_its_directory() -> None:
    small = photo_key("https://cdn.ex.org/6650a1b2c3/width_800/image.jpg")
    assert small == photo_key("https://cdn.ex.org/6650a1b2c3/width_1600/image.jpg") == "6650a1b2c3/*"


@pytest.mark.parametrize("stem", ["lqip_24", "lqip", "blurhash", "blurred_20", "lowres", "placeholder", "poster"])
def test_a_stand_in_of_each_photo_is_keyed_by_the_photos_directory(stem: str) -> None:
    """(A gallery's blurred placeholders and a video's poster share one name: the folder tells them apart.)"""
    first, second = (photo_key(f"https://cdn.ex.it/photos/{folder}/{stem}.jpg")
                     for folder in ("a9/1c/a91c0e2f", "c3/e1/c3e18f40"))
    assert first == "a91c0e2f/*" and second == "c3e18f40/*"


def test_a_name_beside_the_stand_in_word_still_names_the_photo() -> None:
    assert photo_key("https://cdn.ex.it/photos/a9/lqip-maria-beach.jpg") == "lqip-maria-beach"


@pytest.mark.parametrize("url", [
    "https://ex.org/image.php?id=5",                       # the query picks the picture
    "https://res.ex.org/w_800,h_450,c_limit/image.jpg",    # a CDN's transformation list: no id
    "https://ex.org/a/hero_1200.jpg",                      # a stock name and a width
])
def test_a_url_that_tells_no_photo_apart_has_no_key(url: str) -> None:
    assert photo_key(url) is None


def test_a_photo_id_in_a_file_name_ties_renditions_with_other_suffixes() -> None:
    assert photo_id("https://ex.org/img/47985084_304.jpg") == photo_id("https://ex.org/img/47985084_404.jpg") == "47985084"
    assert photo_id("https://ex.org/img/logo.png") is None


def test_a_news_cdns_crops_of_one_photo_share_a_key() -> None:
    """Blind set `cb`: a magazine's og:image and JSON-LD crops (`<uuid>_w1280_r1.77_fpx48.5_fpy42.jpg`, width,
    ratio and focal point) were not tied to the captioned crop in the article, whose decimal points ended the
    file's stem early."""
    crops = [f"https://cdn.ex.de/images/3a7f2c10-9b8e-4d61-a2f5-0c1d2e3f4a5b_{tail}"
             for tail in ("w718_r1.77_fpx48.5_fpy42.jpg", "w1280_r1_fpx48.5_fpy42.jpg", "w488_r1.77_fpx48.5_fpy42.webp",
                          "w1200_r1.91.jpg")]
    assert {photo_key(url) for url in crops} == {"3a7f2c10-9b8e-4d61-a2f5-0c1d2e3f4a5b"}
    assert photo_key("https://ex.org/a/jane_water.jpg") == "jane_water"  # a word, not a width


def test_webflows_responsive_sizes_share_the_uploads_key() -> None:
    stem = "cf642b0c3a4acdd7f9fcc589_consegna-jeep-avenger"
    assert photo_key(f"https://cdn.prod.website-files.com/64f/{stem}-p-500.jpg") == \
        photo_key(f"https://cdn.prod.website-files.com/64f/{stem}.jpg") == stem


def test_typo3s_processed_copies_share_the_key_of_their_upload() -> None:
    """Blind set `ca`: a town hall's og:image (`csm_<name>_<hash>.jpg`, one hash per size) was not tied to the
    captioned copy in the press release."""
    keys = {photo_key(f"https://ex.de/fileadmin/_processed_/{h[0]}/{h[1]}/csm_PM_2024-118_Besuch_Kessler_{h}.jpg")
            for h in ("c2e81f0a4b", "3d9b2a7e1f")}
    assert keys == {photo_key("https://ex.de/fileadmin/user_upload/PM_2024-118_Besuch_Kessler.jpg")} == \
        {"pm_2024-118_besuch_kessler"}


def test_hugos_processed_copies_share_the_key_of_their_original() -> None:
    """(Hugo's `<name>_hu<hash>_<bytes>_<w>x<h>_<method>_…`: an academic theme's 270x270 avatar and its 150 px
    copy were two photos.) The hash, which tells two originals named `avatar` apart, stays in the key."""
    jane = "https://lab.ex.org/author/jane/avatar_hu7a1c2e3f4b5d6e7f8a9b0c1d2e3f4a5b_184233_"
    assert photo_key(jane + "270x270_fill_q75_lanczos_center.jpg") \
        == photo_key(jane + "150x0_resize_q75_h2_lanczos_3.webp") == "avatar_hu7a1c2e3f4b5d6e7f8a9b0c1d2e3f4a5b"
    tom = "https://lab.ex.org/author/tom/avatar_hu2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e_90211_270x270_fill_q75.jpg"
    assert photo_key(tom) != photo_key(jane + "270x270_fill_q75_lanczos_center.jpg")


def test_a_transformation_segment_written_with_equals_signs_names_no_photo() -> None:
    """Blind set `cc`: a photo community served each photo at `/photo/<id>/q%3D50_h%3D450/v2`: the size segment was
    taken for the photo's id, so every photo of the profile shared one key, and one self-portrait's alt named them
    all (a bird, a landscape)."""
    first, second = (photo_key(f"https://cdn.ex.it/photo/{n}/q%3D50_h%3D450/v2?sig=0d9f3a")
                     for n in (1098223412, 1098223416))
    assert first is None and second is None
    assert photo_key("https://cdn.ex.it/photo/1098223412/q=50_h=450/v2") is None


def test_typo3_copies_of_originals_named_alike_and_other_sites_numbering_stay_apart() -> None:
    """(Review of the change) Every staff member's `portrait.jpg` (one folder each) and `csm_Mitarbeiter_<hash>` copies
    of different people shared one key once the hash went, and a logo's alt then named a portrait; another site's
    `sommerfest-p-500.jpg` (its 500th picture) lost its number as a Webflow size."""
    first, second = (photo_key(f"https://ex.de/fileadmin/_processed_/{d}/csm_portrait_{h}.jpg")
                     for d, h in (("a/1", "3f2a1b4c5d"), ("b/2", "9e8d7c6b5a")))
    assert first != second
    assert photo_key("https://ex.de/fileadmin/_processed_/a/1/csm_Mitarbeiter_3f2a1b4c5d.jpg") != \
        photo_key("https://ex.de/fileadmin/_processed_/b/2/csm_Mitarbeiter_9e8d7c6b5a.jpg")
    assert photo_key("https://ex.org/fotos/sommerfest-p-500.jpg") \
        != photo_key("https://ex.org/fotos/sommerfest-p-501.jpg")


def test_only_the_last_rendition_mark_of_a_name_is_cut() -> None:
    """(Review of the change) The Hugo and crop rules searched from every place of a name (a crafted one of 300 marks
    took 24 ms, 1,000 of them on a page 50 times a page's analysis): each is matched once, from its last mark."""
    mark = "_hu0123456789abcdef_1_1x1_a"
    assert photo_key(f"https://ex.org/a/x{mark * 3}.jpg") == f"x{mark * 2}_hu0123456789abcdef"
    assert photo_key("https://ex.org/a/3a7f2c10_w12_r1.5_w718_r1.77.jpg") == "3a7f2c10_w12_r1"


def test_adobe_experience_managers_renditions_are_keyed_by_their_asset() -> None:
    """Blind set `cf`: every AEM rendition is named `cq5dam.web.640.640.jpeg` or `cq5dam.thumbnail.319.319.png`,
    so an institute's micrograph, logo and test rig shared one key with the prize winner's portrait and its alt."""
    dam = "https://ex.de/content/dam/mip/presse/2025/"
    portrait = photo_key(dam + "PI_Voigt_Portrait.jpg/jcr:content/renditions/cq5dam.web.640.640.jpeg")
    assert portrait == photo_key(dam + "PI_Voigt_Portrait.jpg/_jcr_content/renditions/cq5dam.thumbnail.319.319.png") \
        == photo_key(dam + "PI_Voigt_Portrait.jpg") == "pi_voigt_portrait"
    assert photo_key(dam + "PI_Mikrokapseln_REM.jpg/jcr%3Acontent/renditions/cq5dam.web.640.640.jpeg") \
        == "pi_mikrokapseln_rem"
    # a component's image servlet names the picture after the page's component path: its own file name is kept
    core = ("https://ex.de/de/presse/preis/_jcr_content/root/image.coreimg.85.1024.jpeg/1715672400123/"
            "preis-verleihung.jpeg")
    assert photo_key(core) == "preis-verleihung"


def test_an_image_proxys_pictures_each_are_no_one_photo() -> None:
    """Blind set `dl`: Lemmy serves every picture of a thread through `/api/v3/image_proxy?url=…`; the proxy's own
    path was their key, so a photo posted in a comment took the commenter's avatar's cues (and any other's)."""
    avatar = "https://quayside.social/api/v3/image_proxy?url=https%3A%2F%2Ffeddit.uk%2Fpictrs%2Fimage%2Fe3c5.jpeg"
    photo = "https://quayside.social/api/v3/image_proxy?url=https%3A%2F%2Ffeddit.uk%2Fpictrs%2Fimage%2F7e9b.jpeg"
    assert photo_key(avatar) is None and photo_key(photo) is None
    # (a proxy the served path unwraps still keys the file it serves, at every size)
    nxt = "https://www.framebank.com/_next/image?url=https%3A%2F%2Fimages.framebank.com%2Fphoto-1718893021455&w={}"
    assert photo_key(nxt.format(384)) == photo_key(nxt.format(828)) is not None
