"""Originals, byte for byte, addressed by their SHA-256 under ``settings.FILES_DIR``.

A file is written once (to a temporary name, then renamed) and made read-only; storing the
same bytes again finds the existing file. Nothing here ever changes a stored original.
"""

import hashlib
import os
import tempfile
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
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".incoming-") as tmp:
        tmp.write(data)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.chmod(tmp.name, 0o444)
    os.replace(tmp.name, path)
    return digest, True


def original_read(sha256: str) -> bytes:
    """The stored bytes, checked against their address."""
    data = original_path(sha256).read_bytes()
    if sha256_hex(data) != sha256:
        raise OriginalCorrupted(sha256)
    return data
