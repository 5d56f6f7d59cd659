"""PDF: the text layer with PDFium, OCR for pages that are pictures of text.

PDFium must never be called from two threads at once, not even for different documents, so
every call into it holds :data:`PDFIUM_LOCK`; tesseract runs outside the lock.

Headings come from the vocabulary and from type: a short line set larger than the body text
of the document, or in a bold face, is a heading; its level is the rank of its size.
"""

import ctypes
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from remiss.textkit.documents import Heading, Page
from remiss.textkit.formats import FormatError, Read
from remiss.textkit.formats.ocr import OcrOptions, ocr_pages, pnm_bytes
from remiss.textkit.formats.text import normalise
from remiss.textkit.headings import (
    MAX_HEADING_CHARS,
    clean_heading,
    has_heading_shape,
    headings_from_text,
    is_known_heading,
)

PDFIUM_LOCK = threading.RLock()

MIN_TEXT_CHARS = 16  # a page with fewer visible characters and an image is a scan
MAX_OCR_PIXELS = 60_000_000  # render huge pages at a lower resolution rather than run out
LARGER_THAN_BODY = 1.15
_WHITESPACE = re.compile(r"\s+")
# Replacement characters, private-use code points and control characters: what PDFium gives
# for fonts without a Unicode map. Mostly such text means the page must be OCR'd.
_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


@dataclass
class _Line:
    page: int
    index: int  # the line's number on its page
    text: str
    size: float
    bold: bool


def read_pdf(
    data: bytes, ocr: OcrOptions | None, *, ocr_off_reason: str = "OCR is switched off"
) -> Read:
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise FormatError("encrypted", f"PDFium: {exc}") from exc
            raise FormatError("corrupt", f"PDFium: {exc}") from exc
    try:
        return _read_document(document, data, ocr, ocr_off_reason)
    finally:
        with PDFIUM_LOCK:
            document.close()


def _read_document(
    document: pdfium.PdfDocument, data: bytes, ocr: OcrOptions | None, ocr_off_reason: str
) -> Read:
    texts: list[str] = []
    lines: list[_Line] = []
    sizes: Counter[float] = Counter()
    scanned: list[int] = []
    with PDFIUM_LOCK:
        count = len(document)
        for index in range(count):
            text, page_lines, is_scan = _read_page(document, index, sizes)
            texts.append(text)
            lines.extend(page_lines)
            if is_scan:
                scanned.append(index)

    headings = _headings_from_type(lines, sizes)
    read = Read(pages=texts, headings=headings)
    if scanned:
        _ocr_scanned_pages(document, scanned, ocr, ocr_off_reason, read)
    if read.problem is None and b"%%EOF" not in data[-4096:]:
        read.problem = FormatError("corrupt", "no %%EOF at the end: the file seems truncated")
    return read


def _read_page(
    document: pdfium.PdfDocument, index: int, sizes: Counter[float]
) -> tuple[str, list[_Line], bool]:
    page = document[index]
    textpage = page.get_textpage()
    try:
        raw_text = textpage.get_text_range()
        visible = len(raw_text) - sum(len(gap) for gap in _WHITESPACE.findall(raw_text))
        unreadable = len(_UNREADABLE.findall(raw_text))
        garbled = visible >= MIN_TEXT_CHARS and unreadable > 0.3 * visible
        is_scan = garbled or (visible < MIN_TEXT_CHARS and _has_image(page))
        if garbled:
            return "", [], is_scan
        lines = _sample_lines(textpage, raw_text, index + 1, sizes)
        return normalise(raw_text), lines, is_scan
    finally:
        textpage.close()
        page.close()


def _has_image(page: pdfium.PdfPage) -> bool:
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)
    return next(iter(images), None) is not None


def _sample_lines(
    textpage: pdfium.PdfTextPage, text: str, number: int, sizes: Counter[float]
) -> list[_Line]:
    """The lines that may be headings, with their type; every line's size goes to ``sizes``.

    PDFium ends the lines it finds with CRLF, and its character indexes are the offsets in
    the text (checked for candidates: a character outside the BMP would shift them).
    """
    found: list[_Line] = []
    fonts: dict[int, bool] = {}
    get_size = pdfium_c.FPDFText_GetFontSize
    offset = 0
    for position, raw_line in enumerate(text.split("\r\n")):
        begin, offset = offset, offset + len(raw_line) + 2
        line = raw_line.strip()
        if not line:
            continue
        start = begin + len(raw_line) - len(raw_line.lstrip())
        size = round(get_size(textpage.raw, start) * 2) / 2
        sizes[size] += len(line)
        if len(line) > MAX_HEADING_CHARS or not (has_heading_shape(line) or is_known_heading(line)):
            continue
        if not _same_char(textpage, text, start):
            continue
        end = begin + len(raw_line.rstrip()) - 1
        bold = _is_bold(textpage, start, fonts) and _is_bold(textpage, end, fonts)
        found.append(_Line(page=number, index=position, text=line, size=size, bold=bold))
    return found


def _same_char(textpage: pdfium.PdfTextPage, text: str, index: int) -> bool:
    """Text offsets match PDFium's character indexes unless a character was outside the BMP."""
    return index < len(text) and pdfium_c.FPDFText_GetUnicode(textpage.raw, index) == ord(
        text[index]
    )


def _is_bold(textpage: pdfium.PdfTextPage, index: int, fonts: dict[int, bool]) -> bool:
    """A weight of 600 or more, or a bold face by name; remembered per font of the page."""
    text_object = pdfium_c.FPDFText_GetTextObject(textpage.raw, index)
    font = pdfium_c.FPDFTextObj_GetFont(text_object) if text_object else None
    key = ctypes.cast(font, ctypes.c_void_p).value if font else None
    if key is not None and key in fonts:
        return fonts[key]
    bold = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index) >= 600
    if not bold:
        buffer = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, len(buffer), ctypes.byref(flags))
        name = buffer.value.decode("latin-1").lower()
        bold = any(part in name for part in _BOLD_NAMES)
    if key is not None:
        fonts[key] = bold
    return bold


def _headings_from_type(lines: list[_Line], sizes: Counter[float]) -> list[Heading]:
    if not lines or not sizes:
        return []
    body = sizes.most_common(1)[0][0]
    larger = {line.size for line in lines if line.size >= body * LARGER_THAN_BODY}
    ranks = {size: rank for rank, size in enumerate(sorted(larger, reverse=True), 1)}

    headings: list[Heading] = []
    previous: _Line | None = None
    for line in lines:
        known = is_known_heading(line.text)
        styled = line.size in ranks or line.bold
        if not (known or styled):
            continue
        level = ranks.get(line.size, len(ranks) + 1 if line.bold else None)
        if (
            previous is not None
            and not known
            and styled
            and (previous.page, previous.index + 1) == (line.page, line.index)
            and (previous.size, previous.bold) == (line.size, line.bold)
        ):
            last = headings.pop()  # a heading wrapped over two lines
            headings.append(Heading(last.page, clean_heading(f"{last.text} {line.text}"), level))
        else:
            headings.append(Heading(line.page, clean_heading(line.text), level))
        previous = None if known else line
    return headings


def _ocr_scanned_pages(
    document: pdfium.PdfDocument,
    scanned: list[int],
    ocr: OcrOptions | None,
    ocr_off_reason: str,
    read: Read,
) -> None:
    if ocr is None:
        read.problem = FormatError(
            "ocr_unavailable",
            f"{len(scanned)} of {len(read.pages)} pages are images of text and {ocr_off_reason}",
        )
        return

    def render(index: int) -> bytes:
        with PDFIUM_LOCK:
            page = document[index]
            try:
                width, height = page.get_size()
                scale = ocr.dpi / 72
                if width * height * scale * scale > MAX_OCR_PIXELS:
                    scale = math.sqrt(MAX_OCR_PIXELS / max(width * height, 1))
                bitmap = page.render(scale=scale, grayscale=True)
                try:
                    return pnm_bytes(bitmap.width, bitmap.height, bitmap.stride, bitmap.buffer)
                finally:
                    bitmap.close()
            finally:
                page.close()

    results = ocr_pages(render, scanned, ocr)
    failures = []
    ocr_texts = []
    for index in scanned:
        result = results.get(index)
        if isinstance(result, str):
            read.pages[index] = normalise(result)
            ocr_texts.append(Page(index + 1, read.pages[index]))
        else:
            failures.append((index, result))
    read.ocr_used = bool(ocr_texts)
    read.headings = sorted(
        [*read.headings, *headings_from_text(ocr_texts)], key=lambda heading: heading.page
    )
    if failures:
        index, error = failures[0]
        code = error.code if isinstance(error, FormatError) else "ocr_failed"
        detail = error.detail if isinstance(error, FormatError) else "no result"
        summary = f"OCR failed on {len(failures)} of {len(scanned)} pages"
        read.problem = FormatError(code, f"{summary}; page {index + 1}: {detail}")
