"""Files an officer hands the audit commands are read with a bound, never whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapeguard.audit.files import read_at_most


def test_a_file_within_the_bound_is_read_whole(tmp_path: Path) -> None:
    small = tmp_path / "key.pem"
    small.write_bytes(b"x" * 10)
    assert read_at_most(str(small), 10) == b"x" * 10


def test_a_regular_file_past_the_bound_is_refused_by_its_size(tmp_path: Path) -> None:
    """A sparse terabyte is refused at once: its size says so before a byte is read."""
    huge = tmp_path / "disk.img"
    with huge.open("wb") as fh:
        fh.truncate(1 << 40)
    assert read_at_most(str(huge), 1 << 20) is None


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_read_one_byte_past_the_bound_and_refused() -> None:
    assert read_at_most("/dev/zero", 1 << 16) is None


def test_a_missing_file_raises_what_open_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_at_most(str(tmp_path / "none"), 10)



def test_a_fifo_no_one_writes_to_reads_as_empty_rather_than_waiting_for_ever(tmp_path: Path) -> None:
    """(Review of the data-subject flows, session 61) `audit subject --image` given a FIFO with no writer hung in
    `open()`; one written to (a shell's `<(…)`, whose writer may write late) is still read as it comes."""
    import os
    import shutil
    import subprocess
    import sys

    fifo = tmp_path / "photo"
    os.mkfifo(fifo)
    assert read_at_most(str(fifo), 100) == b""
    if shutil.which("bash") is None:
        pytest.skip("bash makes the <(…) pipe")
    code = "import sys; from scrapeguard.audit.files import read_at_most; print(read_at_most(sys.argv[1], 100))"
    out = subprocess.run(["bash", "-c", f'"{sys.executable}" -c "{code}" <(sleep 0.3; printf hello)'],
                         capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "b'hello'"
