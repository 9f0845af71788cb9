"""multipart.parts: the pictures a camera stream or a multi-range answer carries."""

from __future__ import annotations

import pytest

from scrapeguard.detect.multipart import MAX_PARTS, is_multipart, parts


def test_each_part_with_its_own_type() -> None:
    body = (b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\nJPG1\r\n"
            b"--frame\r\nContent-Type: text/plain\r\n\r\nhello\r\n--frame--\r\n")
    assert parts('multipart/x-mixed-replace; boundary="frame"', body) == [("image/jpeg", b"JPG1"), ("text/plain", b"hello")]


def test_a_byteranges_answer_and_bare_line_feeds() -> None:
    body = b"--B\nContent-Range: bytes 0-3/8\n\nABCD\n--B\n\nEFGH\n--B--"
    assert parts("multipart/byteranges; boundary=B", body) == [(None, b"ABCD"), (None, b"EFGH")]


@pytest.mark.parametrize(("content_type", "body"), [
    ("multipart/mixed", b"--x\r\n\r\nno boundary given"),
    ("text/html; boundary=x", b"--x\r\n\r\nnot multipart"),
    ("multipart/mixed; boundary=x", b"no delimiter at all"),
    (None, b""),
])
def test_what_does_not_split_is_no_parts(content_type: str | None, body: bytes) -> None:
    assert parts(content_type, body) == []


def test_parts_are_bounded() -> None:
    body = b"".join(b"--b\r\n\r\nx\r\n" for _ in range(MAX_PARTS + 10))
    assert len(parts("multipart/mixed; boundary=b", body)) == MAX_PARTS
    assert is_multipart("Multipart/X-Mixed-Replace; boundary=b") and not is_multipart("image/jpeg")
