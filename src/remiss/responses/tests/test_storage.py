"""Unfinished writes of originals: what a killed process leaves behind is swept, nothing else."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from remiss.responses.storage import (
    TEMP_PREFIX,
    original_path,
    original_put,
    originals_sweep_unfinished,
)


def _leftover(folder: Path, host: str, pid: int) -> Path:
    path = folder / f"{TEMP_PREFIX}{host}-{pid}-abc123"
    path.write_bytes(b"half a file")
    return path


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_dead_writers_file_goes_a_living_writers_and_the_originals_stay():
    digest, _new = original_put(b"an original")
    folder = original_path(digest).parent
    host = socket.gethostname()
    dead = _leftover(folder, host, _dead_pid())
    living = _leftover(folder, host, os.getpid())
    other_host = _leftover(folder, "another-host.example", _dead_pid())

    removed = originals_sweep_unfinished()

    assert removed == [dead]
    assert not dead.exists()
    assert living.exists() and other_host.exists()
    assert original_path(digest).read_bytes() == b"an original"


def test_an_old_file_from_another_host_goes_after_the_grace_time():
    digest, _new = original_put(b"another original")
    folder = original_path(digest).parent
    old = _leftover(folder, "another-host.example", 4242)
    recent = _leftover(folder, "another-host.example", 4243)
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))

    assert originals_sweep_unfinished(stale_after=3600) == [old]
    assert recent.exists()


def test_a_finished_write_leaves_no_temporary_file():
    digest, _new = original_put(b"third")
    assert not list(Path(settings.FILES_DIR).glob(f"*/*/{TEMP_PREFIX}*"))
    assert originals_sweep_unfinished() == []
    assert original_path(digest).exists()
