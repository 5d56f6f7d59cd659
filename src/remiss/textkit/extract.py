"""From the bytes of a document to pages of text.

This first version reads plain text (UTF-8, else Windows-1252) and splits pages on form feeds;
other formats are recognised and reported as not yet readable, never guessed at.
"""

import mimetypes
from dataclasses import dataclass, field

PLAIN_TEXT = "text/plain"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
OCTET_STREAM = "application/octet-stream"


@dataclass(frozen=True)
class Page:
    number: int
    text: str


@dataclass(frozen=True)
class Extraction:
    """The pages found, or an error code saying why there are none."""

    media_type: str
    pages: list[Page] = field(default_factory=list)
    error: str | None = None


def detect_media_type(filename: str, data: bytes) -> str:
    """Look at the bytes first, the file name second."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:120]:
            return ODT
        if filename.lower().endswith(".docx"):
            return DOCX
        return "application/zip"
    guessed, _encoding = mimetypes.guess_type(filename)
    if guessed:
        return guessed
    if _looks_like_text(data):
        return PLAIN_TEXT
    return OCTET_STREAM


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    return b"\x00" not in sample


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; line ends made ``\\n``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def extract_pages(filename: str, data: bytes) -> Extraction:
    media_type = detect_media_type(filename, data)
    if media_type != PLAIN_TEXT:
        return Extraction(media_type=media_type, error="unsupported_format")
    chunks = decode_text(data).split("\f")
    pages = [Page(number=index, text=chunk.strip("\n")) for index, chunk in enumerate(chunks, 1)]
    return Extraction(media_type=media_type, pages=pages)
