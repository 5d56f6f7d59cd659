"""OCR with Debian's ``tesseract`` command, one process per page, pages in parallel.

Tesseract's own threads are switched off (``OMP_THREAD_LIMIT=1``): on a small machine one
process per page is several times faster than one process with many threads. Every run has a
timeout, after which the process is killed.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from remiss.textkit.formats import FormatError

TESSERACT = "tesseract"


@dataclass(frozen=True)
class OcrOptions:
    language: str = "swe"
    dpi: int = 300
    timeout_seconds: float = 120


@cache
def ocr_available(language: str = "swe") -> bool:
    """``tesseract`` is on the PATH and has the language's trained data."""
    if shutil.which(TESSERACT) is None:
        return False
    try:
        result = subprocess.run(
            [TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    names = (result.stdout + "\n" + result.stderr).split()
    return result.returncode == 0 and language in names


def _environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def pnm_bytes(width: int, height: int, stride: int, buffer: bytes | memoryview) -> bytes:
    """A binary PGM (P5) image from an 8-bit grayscale buffer with the given row stride."""
    header = f"P5\n{width} {height}\n255\n".encode("ascii")
    view = memoryview(buffer)
    if stride == width:
        return header + bytes(view[: width * height])
    rows = (view[row * stride : row * stride + width] for row in range(height))
    return header + b"".join(rows)


def ocr_file(path: Path, options: OcrOptions, *, timeout: float | None = None) -> str:
    """The text of one image file (all its pages, separated by form feeds)."""
    command = [TESSERACT, str(path), "stdout", "-l", options.language, "--dpi", str(options.dpi)]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            env=_environment(),
            timeout=timeout or options.timeout_seconds,
            check=False,
        )
    except FileNotFoundError as exc:
        raise FormatError("ocr_unavailable", "tesseract is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise FormatError("ocr_failed", f"tesseract took longer than {exc.timeout} s") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()[-500:]
        if "Failed loading language" in message or "Error opening data file" in message:
            raise FormatError("ocr_unavailable", f"no tesseract data for {options.language!r}")
        raise FormatError("ocr_failed", f"tesseract exit {result.returncode}: {message}")
    return result.stdout.decode("utf-8", "replace")


def ocr_image_bytes(data: bytes, suffix: str, options: OcrOptions, *, pages: int = 1) -> str:
    with tempfile.TemporaryDirectory(prefix="remiss-ocr-") as folder:
        path = Path(folder) / f"image{suffix}"
        path.write_bytes(data)
        return ocr_file(path, options, timeout=options.timeout_seconds * max(1, pages))


def ocr_pages(
    render: Callable[[int], bytes], indexes: Iterable[int], options: OcrOptions
) -> dict[int, str | FormatError]:
    """OCR the pages ``render(index)`` gives as PNM bytes, in parallel processes.

    Rendering happens in the calling thread (PDFium must not be used from two threads at
    once); at most two pages per worker wait on disk. A failed page gives its FormatError.
    """
    workers = os.cpu_count() or 1
    results: dict[int, str | FormatError] = {}
    with (
        tempfile.TemporaryDirectory(prefix="remiss-ocr-") as folder,
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool,
    ):
        pending: dict[int, Future[str]] = {}

        def collect(index: int) -> None:
            future = pending.pop(index)
            try:
                results[index] = future.result()
            except FormatError as exc:
                results[index] = exc
            finally:
                (Path(folder) / f"page-{index}.pgm").unlink(missing_ok=True)

        for index in indexes:
            while len(pending) >= 2 * workers:
                collect(next(iter(pending)))
            path = Path(folder) / f"page-{index}.pgm"
            try:
                path.write_bytes(render(index))
            except FormatError as exc:
                results[index] = exc
                continue
            pending[index] = pool.submit(ocr_file, path, options)
        while pending:
            collect(next(iter(pending)))
    return results
