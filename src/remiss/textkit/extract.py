"""From the bytes of a file to pages of text, for every document inside it.

``extract(name, data)`` reads PDF (text layer, OCR for scanned pages), DOCX, ODT, plain text,
HTML, images (OCR), e-mail and ZIP. Containers are opened recursively: a ZIP gives itself and
then its members, an e-mail gives itself (its body is its text) and then its attachments.

The type is read from the bytes, never trusted from the name; a name that claims one format for
bytes of another kind (an executable called ``.pdf``) is refused. Nothing here raises for bad
input: every problem is an :class:`ExtractedFile` whose ``error`` says what went wrong, with a
code the application can translate and an English detail for the log. Every step is bounded:
file sizes, unpacked bytes, nesting, member counts, and a timeout for each OCR'd page.
"""

import re
import struct
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from remiss.textkit.documents import Heading, Page
from remiss.textkit.formats import FormatError, Read
from remiss.textkit.formats.archive import (
    check_member,
    is_junk,
    member_path,
    open_zip,
    read_member,
)
from remiss.textkit.formats.docx import read_docx
from remiss.textkit.formats.eml import parse_email
from remiss.textkit.formats.ocr import OcrOptions, ocr_image_bytes
from remiss.textkit.formats.ocr import ocr_available as _ocr_available
from remiss.textkit.formats.odt import ODT_MEDIA_TYPE, read_odt
from remiss.textkit.formats.pdf import read_pdf
from remiss.textkit.formats.text import (
    decode_text,
    html_to_text,
    looks_binary,
    looks_like_html,
    split_pages,
)
from remiss.textkit.headings import headings_from_text

__all__ = [
    "DOCX",
    "EMAIL",
    "ERROR_CODES",
    "ODT",
    "PDF",
    "PLAIN_TEXT",
    "ZIP",
    "EmailInfo",
    "ExtractedFile",
    "Extraction",
    "ExtractionError",
    "Limits",
    "detect_media_type",
    "extract",
    "extract_pages",
    "ocr_available",
]

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = ODT_MEDIA_TYPE
ZIP = "application/zip"
EMAIL = "message/rfc822"
PLAIN_TEXT = "text/plain"
HTML = "text/html"
OCTET_STREAM = "application/octet-stream"

ERROR_CODES = frozenset(
    {
        "empty",
        "too_large",
        "mismatched_type",
        "corrupt",
        "encrypted",
        "unsupported_format",
        "unknown_encoding",
        "xml_forbidden",
        "zip_bomb",
        "too_deep",
        "too_many_members",
        "ocr_unavailable",
        "ocr_failed",
        "no_text",
    }
)

MAX_IMAGE_PIXELS = 150_000_000  # per page; an A0 poster scanned at 300 dpi is 140 million
# Names and paths come from the sender (ZIP members, attachment names): without control
# characters (PostgreSQL refuses a NUL in text) and bounded, so that a receipt can hold them.
MAX_NAME_CHARS = 255  # a file name (``ExtractedFile.name``)
MAX_PATH_CHARS = 490  # a path (``ExtractedFile.path``); room for " (n)" within 500


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024  # a single file (also each member of a container)
    max_total_bytes: int = 500 * 1024 * 1024  # all unpacked bytes of one top-level file
    max_ratio: int = 100  # uncompressed/compressed per ZIP member (members over 1 MiB)
    max_depth: int = 3  # levels of containers (zip in eml in zip ...)
    max_members: int = 1000  # files inside one top-level file, all levels
    ocr: bool = True  # try OCR for image-only PDFs and images
    ocr_language: str = "swe"
    ocr_dpi: int = 300
    ocr_timeout_seconds: int = 120  # per page


@dataclass(frozen=True)
class ExtractionError:
    code: str  # one of ERROR_CODES
    detail: str  # English, for the log


@dataclass(frozen=True)
class EmailInfo:
    from_name: str
    from_address: str
    to: tuple[str, ...]
    subject: str
    date: datetime | None
    message_id: str


@dataclass(frozen=True)
class ExtractedFile:
    """One file and its text.

    ``pages`` is empty when nothing could be read. With an error *and* pages, the pages are
    what could be read: a PDF whose scanned pages could not be OCR'd keeps its text pages (the
    others are empty strings, so numbering holds), an e-mail too deep to open keeps its body.
    """

    path: str  # "svar.zip/huddinge.pdf"; the top file's own name at top level
    name: str  # the base file name ("huddinge.pdf")
    data: bytes = field(repr=False)  # the exact bytes (for a member: as unpacked; b"" if not)
    media_type: str  # detected from the bytes, not trusted from the name
    pages: tuple[Page, ...]
    headings: tuple[Heading, ...]
    error: ExtractionError | None
    ocr_used: bool
    container: str | None  # path of the container it came from, None at top level
    role: str  # "document" | "container" (zip) | "email"
    email: EmailInfo | None  # for role == "email"


def ocr_available(language: str = "swe") -> bool:
    """``tesseract`` is on the PATH with the language's data installed (checked once)."""
    return _ocr_available(language)


def extract(name: str, data: bytes, *, limits: Limits = Limits()) -> list[ExtractedFile]:
    """Never raises for bad input: every problem becomes an ExtractedFile with .error set.

    A ZIP yields the zip itself (role container) then its members, recursively; an .eml
    yields itself (role email, body text as pages) then its attachments, recursively. Order:
    depth-first, in the container's order.
    """
    top = _clean_name(_base_name(str(name))) or "fil"
    data = bytes(data)
    return _Extraction(limits).one(path=top, name=top, data=data, container=None, depth=0)


def detect_media_type(filename: str, data: bytes) -> str:
    """The media type the bytes show (the name is not consulted, except for OLE files)."""
    kind = _sniff(data)
    if kind.archive is not None:
        kind.archive.close()
    return _media_type(kind, filename)


# --- detection -------------------------------------------------------------------------------


@dataclass
class _Kind:
    name: str  # pdf, docx, odt, zip, image, email, html, text, binary, executable, other
    media_type: str
    archive: object | None = None  # an open zipfile.ZipFile for zip-based kinds
    problem: FormatError | None = None


_EXECUTABLE_MAGIC = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
_OTHER_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc, .xls, .msg
    (b"{\\rtf", "application/rtf"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_EMAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "received",
        "return-path",
        "mime-version",
        "message-id",
        "date",
        "subject",
        "delivered-to",
        "reply-to",
        "sender",
        "x-mailer",
        "content-type",
        "thread-topic",
        "dkim-signature",
        "authentication-results",
    }
)
_STRONG_EMAIL_HEADERS = frozenset({"received", "return-path", "mime-version", "message-id"})
_OLE_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".msg": "application/vnd.ms-outlook",
}
_OOXML_OTHER = {
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
_ODF_TEXT_TYPES = {ODT_MEDIA_TYPE, "application/vnd.oasis.opendocument.text-template"}
_ODF_TYPE = re.compile(r"application/vnd\.oasis\.opendocument\.[a-z0-9.+\-]{1,50}")


def _sniff(data: bytes, *, open_archives: bool = True) -> _Kind:
    head = data[:1024]
    marker = head.find(b"%PDF-")
    if marker == 0 or (marker > 0 and not _looks_like_email(head)):  # PDF allows a preamble
        return _Kind("pdf", PDF)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data) if open_archives else _Kind("zip", ZIP)
    for magic, media_type in _IMAGE_MAGIC:
        if head.startswith(magic):
            return _Kind("image", media_type)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _Kind("other", "image/webp")
    for magic, media_type in _OTHER_MAGIC:
        if head.startswith(magic):
            return _Kind("other", media_type)
    if head.startswith(_EXECUTABLE_MAGIC) or (head.startswith(b"MZ") and looks_binary(data)):
        return _Kind(
            "executable",
            "application/vnd.microsoft.portable-executable"
            if head.startswith(b"MZ")
            else "application/x-executable",
        )
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")) and looks_binary(data):
        return _Kind("binary", OCTET_STREAM)
    if looks_like_html(data):
        return _Kind("html", HTML)
    if _looks_like_email(head + data[1024:8192]):
        return _Kind("email", EMAIL)
    return _Kind("text", PLAIN_TEXT)


def _sniff_zip(data: bytes) -> _Kind:
    try:
        archive = open_zip(data)
    except FormatError as exc:
        return _Kind("zip", ZIP, problem=exc)
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return _Kind("docx", DOCX, archive)
        for part, media_type in _OOXML_OTHER.items():
            if part in names:
                return _Kind("other", media_type, archive)
    if "mimetype" in names:
        try:
            declared = (
                read_member(archive, archive.getinfo("mimetype"), limit=200, max_ratio=1000)
                .decode("ascii", "replace")
                .strip()
            )
        except FormatError:
            declared = ""
        if declared in _ODF_TEXT_TYPES:
            return _Kind("odt", ODT, archive)
        if _ODF_TYPE.fullmatch(declared):  # another ODF type; not any text the file declares
            return _Kind("other", declared, archive)
    return _Kind("zip", ZIP, archive)


def _looks_like_email(head: bytes) -> bool:
    """RFC 822 headers from the first line until the blank line, some of them typical."""
    lines = head.decode("latin-1").replace("\r\n", "\n").split("\n")
    if lines and lines[0].startswith("From "):  # mbox separator
        lines = lines[1:]
    known: set[str] = set()
    for number, line in enumerate(lines):
        if not line.strip():
            break
        if line[0] in " \t" and number > 0:
            continue  # a folded header continues
        name, colon, _value = line.partition(":")
        if not colon or not name or any(c <= " " or c > "~" for c in name):
            return False
        if name.lower() in _EMAIL_HEADERS:
            known.add(name.lower())
    return len(known) >= 2 or bool(known & _STRONG_EMAIL_HEADERS)


def _media_type(kind: _Kind, filename: str) -> str:
    if kind.media_type == "application/x-ole-storage":
        return _OLE_TYPES.get(PurePosixPath(filename.lower()).suffix, kind.media_type)
    return kind.media_type


# What a file name's extension claims, for refusing bytes that are something else.
_CLAIMS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".zip": "zip",
    ".eml": "email",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".txt": "text",
    ".text": "text",
}
_READABLE = {"pdf", "docx", "odt", "zip", "image", "email", "html"}
_BINARY_CLAIMS = {"pdf", "docx", "odt", "zip", "image"}


def _mismatch(claim: str | None, kind: _Kind) -> bool:
    if claim is None or claim == kind.name:
        return False
    if kind.name == "executable":
        return True
    if claim in _BINARY_CLAIMS:
        return kind.name not in _READABLE and kind.name != "other"
    return False


# --- extraction ------------------------------------------------------------------------------


class _Extraction:
    """One call of :func:`extract`: the limits and what has been unpacked so far."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.members = 0
        self.unpacked = 0
        self._ocr: tuple[OcrOptions | None, str] | None = None

    def ocr(self) -> tuple[OcrOptions | None, str]:
        if self._ocr is None:
            limits = self.limits
            if not limits.ocr:
                self._ocr = (None, "OCR is switched off")
            elif not ocr_available(limits.ocr_language):
                self._ocr = (None, f"tesseract with {limits.ocr_language!r} is not installed")
            else:
                options = OcrOptions(
                    language=limits.ocr_language,
                    dpi=limits.ocr_dpi,
                    timeout_seconds=limits.ocr_timeout_seconds,
                )
                self._ocr = (options, "")
        return self._ocr

    def one(
        self, *, path: str, name: str, data: bytes, container: str | None, depth: int
    ) -> list[ExtractedFile]:
        base = {"path": path, "name": name, "data": data, "container": container}
        if not data:
            return [_failed(base, OCTET_STREAM, "empty", "the file has no bytes")]
        if len(data) > self.limits.max_file_bytes:
            kind = _sniff(data, open_archives=False)
            detail = f"{len(data)} bytes, limit {self.limits.max_file_bytes}"
            return [_failed(base, _media_type(kind, name), "too_large", detail)]
        try:
            kind = _sniff(data)
        except Exception as exc:  # one bad file never sinks the others
            return [_failed(base, OCTET_STREAM, "corrupt", f"{type(exc).__name__}: {exc}")]
        media_type = _media_type(kind, name)
        claim = _CLAIMS.get(PurePosixPath(name.lower()).suffix)
        try:
            if _mismatch(claim, kind):
                detail = f"named {PurePosixPath(name).suffix!r} but the bytes are {media_type}"
                return [_failed(base, media_type, "mismatched_type", detail)]
            if kind.problem is not None:
                raise kind.problem
            if kind.name == "zip":
                if claim in ("docx", "odt"):
                    raise FormatError("corrupt", f"a ZIP file without the parts of a {claim}")
                return self.archive(base, kind, depth)
            if kind.name == "email" or (kind.name == "text" and claim == "email"):
                return self.email(base, depth)
            return [self.document(base, kind, media_type)]
        except FormatError as exc:
            return [_failed(base, media_type, exc.code, exc.detail)]
        except Exception as exc:  # one bad file never sinks the others
            return [_failed(base, media_type, "corrupt", f"{type(exc).__name__}: {exc}")]
        finally:
            if kind.archive is not None:
                kind.archive.close()

    def document(self, base: dict, kind: _Kind, media_type: str) -> ExtractedFile:
        limits = self.limits
        data = base["data"]
        if kind.name == "pdf":
            options, reason = self.ocr()
            read = read_pdf(data, options, ocr_off_reason=reason)
        elif kind.name == "docx":
            read = read_docx(kind.archive, limit=limits.max_file_bytes, max_ratio=limits.max_ratio)
        elif kind.name == "odt":
            read = read_odt(kind.archive, limit=limits.max_file_bytes, max_ratio=limits.max_ratio)
        elif kind.name == "image":
            read = self.image(data, media_type)
        elif kind.name == "html":
            read = _plain_read(split_pages(html_to_text(decode_text(data))))
        elif kind.name == "text":
            read = _plain_read(split_pages(decode_text(data)))
        elif kind.name == "binary":
            raise FormatError("unknown_encoding", "the bytes are neither text nor a known format")
        else:
            raise FormatError("unsupported_format", f"{media_type} cannot be read")
        return _from_read(base, media_type, read)

    def image(self, data: bytes, media_type: str) -> Read:
        width, height, count = _image_size(data, media_type)
        if width * height > MAX_IMAGE_PIXELS:
            raise FormatError("too_large", f"{width}x{height} pixels, limit {MAX_IMAGE_PIXELS}")
        options, reason = self.ocr()
        if options is None:
            raise FormatError("ocr_unavailable", f"an image of text and {reason}")
        suffix = {"image/png": ".png", "image/jpeg": ".jpg"}.get(media_type, ".tif")
        text = ocr_image_bytes(data, suffix, options, pages=count)
        chunks = text.split("\f")
        if len(chunks) > 1 and not chunks[-1].strip():
            chunks.pop()
        read = _plain_read(split_pages("\f".join(chunks)))
        read.ocr_used = True
        return read

    def _count(self) -> FormatError | None:
        """Count one more member; say why the container must stop, if it must."""
        self.members += 1
        if self.members > self.limits.max_members:
            return FormatError("too_many_members", f"more than {self.limits.max_members} files")
        return None

    def _budget(self, size: int) -> FormatError | None:
        if self.unpacked + size > self.limits.max_total_bytes:
            return FormatError(
                "zip_bomb", f"more than {self.limits.max_total_bytes} bytes unpacked in all"
            )
        return None

    def archive(self, base: dict, kind: _Kind, depth: int) -> list[ExtractedFile]:
        limits = self.limits
        path = base["path"]
        if depth >= limits.max_depth:
            detail = f"a container nested {depth} levels deep (limit {limits.max_depth})"
            return [_failed(base, kind.media_type, "too_deep", detail, role="container")]
        archive = kind.archive
        members: list[ExtractedFile] = []
        stop: FormatError | None = None
        paths: set[str] = set()
        for info in archive.infolist():
            if is_junk(info):
                continue
            inner = _CONTROL.sub("", member_path(info))
            member = {
                "path": _unique(_fit_path(f"{path}/{inner}"), paths),
                "name": _clean_name(inner.rsplit("/", 1)[-1]) or "fil",
                "data": b"",
                "container": path,
            }
            stop = self._count()
            if stop is not None:
                break
            try:
                check_member(info, limit=limits.max_file_bytes, max_ratio=limits.max_ratio)
                stop = self._budget(info.file_size)
                if stop is not None:
                    break
                data = read_member(
                    archive, info, limit=limits.max_file_bytes, max_ratio=limits.max_ratio
                )
            except FormatError as exc:
                if exc.code == "zip_bomb":
                    stop = exc
                    break
                members.append(_failed(member, OCTET_STREAM, exc.code, exc.detail))
                continue
            self.unpacked += len(data)
            member["data"] = data
            members.extend(self.one(**member, depth=depth + 1))
        error = ExtractionError(stop.code, stop.detail) if stop else None
        itself = ExtractedFile(
            **base,
            media_type=kind.media_type,
            pages=(),
            headings=(),
            error=error,
            ocr_used=False,
            role="container",
            email=None,
        )
        return [itself, *members]

    def email(self, base: dict, depth: int) -> list[ExtractedFile]:
        limits = self.limits
        parsed = parse_email(base["data"])
        info = EmailInfo(
            from_name=parsed.from_name,
            from_address=parsed.from_address,
            to=parsed.to,
            subject=parsed.subject,
            date=parsed.date,
            message_id=parsed.message_id,
        )
        pages = tuple(
            Page(number, text)
            for number, text in enumerate(split_pages(parsed.body), 1)
            if parsed.body.strip()
        )
        stop: FormatError | None = None
        attachments: list[ExtractedFile] = []
        if parsed.attachments and depth >= limits.max_depth:
            stop = FormatError(
                "too_deep", f"attachments nested {depth} levels deep (limit {limits.max_depth})"
            )
        paths: set[str] = set()
        for attachment in parsed.attachments if stop is None else ():
            stop = self._count() or self._budget(len(attachment.data))
            if stop is not None:
                break
            self.unpacked += len(attachment.data)
            name = _clean_name(attachment.name) or "bilaga"
            attachments.extend(
                self.one(
                    path=_unique(_fit_path(f"{base['path']}/{name}"), paths),
                    name=name,
                    data=attachment.data,
                    container=base["path"],
                    depth=depth + 1,
                )
            )
        itself = ExtractedFile(
            **base,
            media_type=EMAIL,
            pages=pages,
            headings=tuple(headings_from_text(pages)),
            error=ExtractionError(stop.code, stop.detail) if stop else None,
            ocr_used=False,
            role="email",
            email=info,
        )
        return [itself, *attachments]


def _plain_read(pages: list[str]) -> Read:
    numbered = [Page(number, text) for number, text in enumerate(pages, 1)]
    return Read(pages=pages, headings=headings_from_text(numbered))


def _from_read(base: dict, media_type: str, read: Read) -> ExtractedFile:
    has_text = any(text.strip() for text in read.pages)
    error = None
    if read.problem is not None:
        error = ExtractionError(read.problem.code, read.problem.detail)
    elif not has_text:
        error = ExtractionError("no_text", f"{len(read.pages)} pages without any text")
    pages = tuple(Page(n, text) for n, text in enumerate(read.pages, 1)) if has_text else ()
    return ExtractedFile(
        **base,
        media_type=media_type,
        pages=pages,
        headings=tuple(read.headings) if has_text else (),
        error=error,
        ocr_used=read.ocr_used,
        role="document",
        email=None,
    )


def _failed(
    base: dict, media_type: str, code: str, detail: str, *, role: str = "document"
) -> ExtractedFile:
    return ExtractedFile(
        **base,
        media_type=media_type,
        pages=(),
        headings=(),
        error=ExtractionError(code, detail),
        ocr_used=False,
        role=role,
        email=None,
    )


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _clean_name(name: str) -> str:
    """The name without control characters, at most MAX_NAME_CHARS long (extension kept)."""
    name = _CONTROL.sub("", name).strip()
    if len(name) <= MAX_NAME_CHARS:
        return name
    stem, dot, suffix = name.rpartition(".")
    if dot and 0 < len(suffix) <= 10:
        return f"{stem[: MAX_NAME_CHARS - len(suffix) - 2]}\u2026.{suffix}"
    return name[: MAX_NAME_CHARS - 1] + "\u2026"


def _fit_path(path: str) -> str:
    """The path, its middle left out (…) when it is longer than MAX_PATH_CHARS."""
    if len(path) <= MAX_PATH_CHARS:
        return path
    head = (MAX_PATH_CHARS - 1) // 2
    return f"{path[:head]}\u2026{path[-(MAX_PATH_CHARS - 1 - head) :]}"


def _base_name(name: str) -> str:
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].strip()


def _unique(path: str, used: set[str]) -> str:
    candidate, number = path, 1
    while candidate in used:
        number += 1
        stem, dot, suffix = path.rpartition(".")
        candidate = (
            f"{stem} ({number}).{suffix}" if dot and "/" not in suffix else (f"{path} ({number})")
        )
    used.add(candidate)
    return candidate


def _image_size(data: bytes, media_type: str) -> tuple[int, int, int]:
    """Width and height of the largest page and the number of pages, from the header alone;
    (0, 0, 1) when the header cannot be read (tesseract will then say what it thinks)."""
    try:
        if media_type == "image/png":
            width, height = struct.unpack(">II", data[16:24])
            return width, height, 1
        if media_type == "image/jpeg":
            return (*_jpeg_size(data), 1)
        if media_type == "image/tiff":
            return _tiff_size(data)
    except (struct.error, IndexError, ValueError):
        pass
    return 0, 0, 1


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return 0, 0


def _tiff_size(data: bytes) -> tuple[int, int, int]:
    order = "<" if data[:2] == b"II" else ">"
    offset = struct.unpack(order + "I", data[4:8])[0]
    largest = (0, 0)
    pages = 0
    seen: set[int] = set()
    while offset and offset not in seen and pages < 10_000 and offset + 2 <= len(data):
        seen.add(offset)
        count = struct.unpack(order + "H", data[offset : offset + 2])[0]
        size = {256: 0, 257: 0}
        for entry in range(count):
            start = offset + 2 + 12 * entry
            tag, kind = struct.unpack(order + "HH", data[start : start + 4])
            if tag in size:
                fmt = order + ("H" if kind == 3 else "I")
                value = data[start + 8 : start + 8 + struct.calcsize(fmt)]
                size[tag] = struct.unpack(fmt, value)[0]
        pages += 1
        if size[256] * size[257] > largest[0] * largest[1]:
            largest = (size[256], size[257])
        end = offset + 2 + 12 * count
        offset = struct.unpack(order + "I", data[end : end + 4])[0]
    return largest[0], largest[1], max(pages, 1)


# --- the first version's API, kept until its caller moves to extract() ------------------------


@dataclass(frozen=True)
class Extraction:
    """The pages of the top-level file, or an error code saying why there are none."""

    media_type: str
    pages: list[Page] = field(default_factory=list)
    error: str | None = None


def extract_pages(filename: str, data: bytes) -> Extraction:
    """Deprecated: the top-level file of :func:`extract` in the first version's shape."""
    first = extract(filename, data)[0]
    return Extraction(
        media_type=first.media_type,
        pages=list(first.pages),
        error=first.error.code if first.error else None,
    )
