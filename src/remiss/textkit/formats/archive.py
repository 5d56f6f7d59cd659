"""Careful reading of ZIP members (ZIP files, and the parts of DOCX and ODT files).

The sizes in a ZIP header are claims: we check them before reading and read at most one byte
more than allowed, so that a member that lies about its size still cannot fill the memory.
"""

import io
import zipfile
import zlib

from remiss.textkit.formats import FormatError

UTF8_NAME_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
# Small members compress well without being bombs (a page of spaces); only members unpacking
# to more than this are held to the ratio limit.
RATIO_FLOOR_BYTES = 1024 * 1024
_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


def member_path(info: zipfile.ZipInfo) -> str:
    """The member's path with ``/`` separators, no ``..`` and names in UTF-8 if they were.

    ZIP tools often write UTF-8 names without setting the UTF-8 flag; Python then reads them
    as code page 437, which we undo. (Swedish letters in CP437 and CP850 agree.)
    """
    name = info.filename
    if not info.flag_bits & UTF8_NAME_FLAG:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    return "/".join(parts)


def is_junk(info: zipfile.ZipInfo) -> bool:
    path = member_path(info)
    base = path.rsplit("/", 1)[-1]
    return (
        info.is_dir()
        or not path
        or path.startswith(_JUNK[0])
        or base in _JUNK[1:]
        or base.startswith("._")
    )


def check_member(info: zipfile.ZipInfo, *, limit: int, max_ratio: int) -> None:
    """Raise before reading if the header already says the member is too much."""
    if info.flag_bits & ENCRYPTED_FLAG:
        raise FormatError("encrypted", f"{info.filename!r} is encrypted")
    if info.file_size > RATIO_FLOOR_BYTES:
        ratio = info.file_size / info.compress_size if info.compress_size else float("inf")
        if ratio > max_ratio:
            raise FormatError(
                "zip_bomb",
                f"{info.filename!r} unpacks {info.compress_size} bytes to {info.file_size} "
                f"(ratio {ratio:.0f} > {max_ratio})",
            )
    if info.file_size > limit:
        raise FormatError(
            "too_large", f"{info.filename!r} unpacks to {info.file_size} bytes (limit {limit})"
        )


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int, max_ratio: int
) -> bytes:
    """The member's bytes, read with a bound; FormatError for every way this can fail."""
    check_member(info, limit=limit, max_ratio=max_ratio)
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except NotImplementedError as exc:
        raise FormatError("unsupported_format", f"{info.filename!r}: {exc}") from exc
    except RuntimeError as exc:  # zipfile says "encrypted, password required"
        raise FormatError("encrypted", f"{info.filename!r}: {exc}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise FormatError("corrupt", f"{info.filename!r}: {exc}") from exc
    if len(data) > limit:
        raise FormatError("zip_bomb", f"{info.filename!r} unpacks to more than it claims")
    return data


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise FormatError("corrupt", f"not a readable ZIP file: {exc}") from exc
