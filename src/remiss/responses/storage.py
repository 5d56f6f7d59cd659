"""Originals, byte for byte, addressed by their SHA-256 under ``settings.FILES_DIR``.

A file is written once (to a temporary name, then renamed) and made read-only; storing the
same bytes again finds the existing file. Nothing here ever changes a stored original.

A process killed between writing and renaming leaves its temporary file behind. The name says
which host and process wrote it, so ``originals_sweep_unfinished`` (run when a server or worker
starts) removes those of processes that no longer run, and any left longer than an hour.
"""

import hashlib
import os
import socket
import tempfile
import time
from pathlib import Path

from django.conf import settings


class OriginalCorrupted(Exception):
    """The stored bytes no longer hash to their address."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def original_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return Path(settings.FILES_DIR) / sha256[:2] / sha256[2:4] / sha256


def original_put(data: bytes) -> tuple[str, bool]:
    """Store the bytes; return their SHA-256 and whether they were new."""
    digest = sha256_hex(data)
    path = original_path(digest)
    if path.exists():
        return digest, False
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=_temp_prefix()) as tmp:
        tmp.write(data)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.chmod(tmp.name, 0o444)
    os.replace(tmp.name, path)
    return digest, True


TEMP_PREFIX = ".incoming-"
STALE_AFTER = 3600  # seconds after which any unfinished write counts as abandoned


def _temp_prefix() -> str:
    return f"{TEMP_PREFIX}{socket.gethostname()}-{os.getpid()}-"


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return True


def originals_sweep_unfinished(*, stale_after: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files of writes that never finished; return what was removed.

    A file is removed when its writer was a process on this host that no longer runs, or when
    it is older than ``stale_after`` seconds (a writer on another host sharing the folder).
    """
    root = Path(settings.FILES_DIR)
    if not root.is_dir():
        return []
    host = socket.gethostname()
    now = time.time()
    removed = []
    for path in root.glob(f"*/*/{TEMP_PREFIX}*"):
        writer_host, _, rest = path.name[len(TEMP_PREFIX) :].rpartition("-")[0].rpartition("-")
        pid = int(rest) if rest.isdigit() else None
        try:
            abandoned = (writer_host == host and pid is not None and not _process_runs(pid)) or (
                now - path.stat().st_mtime > stale_after
            )
            if abandoned:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # renamed or removed meanwhile
            continue
    return removed


def original_read(sha256: str) -> bytes:
    """The stored bytes, checked against their address."""
    data = original_path(sha256).read_bytes()
    if sha256_hex(data) != sha256:
        raise OriginalCorrupted(sha256)
    return data
