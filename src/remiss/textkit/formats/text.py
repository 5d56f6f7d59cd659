"""Plain text and HTML: decoding, binary sniffing, pages split on form feeds."""

import re
import unicodedata
from html.parser import HTMLParser

from remiss.textkit.formats import FormatError

# Bytes that never appear in text, except tab, line feed, vertical tab, form feed, carriage
# return and the DOS end-of-file marker.
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13, 26})
_CONTROL_TABLE = bytes.maketrans(b"", b"")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
_HAS_LIGATURE = re.compile("[\ufb00-\ufb05]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or more than 1 % control bytes in the first 8 KiB (UTF-16 is handled first)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(_CONTROL_TABLE, _CONTROL_BYTES))
    return controls > max(2, len(sample) // 100)


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252, else Latin-1.

    Windows-1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D); only text with
    one of them is read as Latin-1.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FormatError("unknown_encoding", f"bad UTF-16: {exc}") from exc
    if looks_binary(data):
        raise FormatError("unknown_encoding", "the bytes look binary, not like text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def normalise(text: str) -> str:
    """Line ends ``\\n``, NFC, no ligatures, NULs or trailing spaces, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = unicodedata.normalize("NFC", text)
    if _HAS_LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    text = _TRAILING_SPACE.sub("", text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip("\n")


def split_pages(text: str) -> list[str]:
    return [normalise(chunk) for chunk in text.split("\f")]


def read_text(data: bytes) -> list[str]:
    return split_pages(decode_text(data))


def looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset(
        "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form "
        "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tr ul".split()
    )
    _SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (line.strip(" ") for line in "".join(parser.parts).split("\n"))
    return normalise("\n".join(lines))
