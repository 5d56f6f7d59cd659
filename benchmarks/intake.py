"""Intake throughput: our PDF text extraction against poppler's pdftotext, and OCR speed.

    uv run python benchmarks/intake.py [--copies 75] [--scanned-pages 4] [--repeat 5]

Builds a text PDF of a few hundred pages once (WeasyPrint, the Huddinge paper repeated; not
timed), then times ``remiss.textkit.extract.extract`` and ``pdftotext`` on the same file in
the same run (interleaved, best of ``--repeat``), and OCR on a few scanned pages. Prints
pages per second and the ratio ours/pdftotext. Needs the dev dependencies, poppler-utils and
tesseract-ocr-swe.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from remiss.textkit.extract import Limits, extract, ocr_available
from remiss.textkit.tests import builders


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def bare_pdfium(pdf: bytes) -> list[str]:
    """The floor under our reader: PDFium's text of every page, nothing else."""
    document = pdfium.PdfDocument(pdf)
    texts = []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=75, help="copies of the 4-page paper")
    parser.add_argument("--scanned-pages", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    pdf = builders.text_pdf(copies=args.copies)
    [ours] = extract("bench.pdf", pdf, limits=Limits(ocr=False))
    pages = len(ours.pages)
    print(
        f"built a {pages}-page text PDF ({len(pdf) / 1e6:.1f} MB) in "
        f"{time.perf_counter() - started:.1f} s (not timed below)"
    )
    print(f"cpus: {os.cpu_count()}")

    pdftotext = shutil.which("pdftotext")
    ours_times: list[float] = []
    their_times: list[float] = []
    bare_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.pdf"
        path.write_bytes(pdf)
        command = [pdftotext or "pdftotext", "-enc", "UTF-8", str(path), "-"]
        # Interleaved, best of --repeat each: other work on the machine hits both alike.
        for _ in range(args.repeat):
            ours_times.append(timed(lambda: extract("bench.pdf", pdf)))
            bare_times.append(timed(lambda: bare_pdfium(pdf)))
            if pdftotext:
                their_times.append(
                    timed(lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL))
                )
    ours_rate = pages / min(ours_times)
    print(f"remiss extract (pypdfium2): {ours_rate:8.0f} pages/s  ({min(ours_times):.3f} s)")
    bare_rate = pages / min(bare_times)
    print(f"bare pypdfium2 text loop:   {bare_rate:8.0f} pages/s  ({min(bare_times):.3f} s)")
    if not pdftotext:
        print("pdftotext: not installed (apt install poppler-utils); no ratio")
    else:
        their_rate = pages / min(their_times)
        print(f"pdftotext (poppler):        {their_rate:8.0f} pages/s  ({min(their_times):.3f} s)")
        print(f"ratio ours/pdftotext:       {ours_rate / their_rate:8.2f}x")

    count = min(args.scanned_pages, 4)
    if count < 1:
        return 0
    if not ocr_available():
        print("OCR: tesseract with 'swe' is not installed; skipped")
        return 0
    single = builders.text_pdf(copies=1)
    scanned = builders.image_only_pdf(builders.scan_images(single, list(range(count))))
    limits = Limits()
    result: list = []
    ocr_seconds = timed(lambda: result.extend(extract("scan.pdf", scanned, limits=limits)))
    assert result[0].ocr_used and result[0].error is None, result[0].error
    print(
        f"OCR (tesseract -l swe, {limits.ocr_dpi} dpi, {os.cpu_count()} parallel): "
        f"{count / ocr_seconds:.2f} pages/s  ({ocr_seconds / count:.2f} s a page, {count} pages)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
