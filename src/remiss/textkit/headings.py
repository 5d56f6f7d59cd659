"""Headings in extracted text: a vocabulary of known headings and a layout heuristic.

The vocabulary is the shared ``lexicons/headings.txt`` (data, not code). A line that is exactly a
known heading ("Sammanfattning", "2. Förslag till beslut:") is a heading wherever it stands.
Other lines count as headings when they look like one: short, starting with a capital,
without a final full stop, on a line of their own and followed by longer running text. Formats
that know their headings (DOCX styles, ODT outline levels, PDF font sizes) use those first.
"""

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from itertools import islice

from remiss.textkit import lexicons
from remiss.textkit.documents import Heading, Page

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[a-z]\))\s+")
_SPACES = re.compile(r"\s+")
_FINAL_PUNCTUATION = tuple(".,;:!?-–")

MAX_HEADING_CHARS = 90
MAX_HEADING_WORDS = 12


@cache
def heading_lexicon() -> frozenset[str]:
    """The known headings (``lexicons/headings.txt``), as keys (see :func:`heading_key`)."""
    return frozenset(heading_key(entry) for entry in lexicons.words("headings"))


def heading_key(line: str) -> str:
    """Case-folded, numbering and a final colon removed, spaces collapsed.

    >>> heading_key(" 2. Förslag till  beslut: ")
    'förslag till beslut'
    """
    text = unicodedata.normalize("NFC", line)
    text = _NUMBERING.sub("", text)
    text = _SPACES.sub(" ", text).strip().rstrip(":").strip()
    return text.casefold()


@cache
def _longest_known() -> int:
    return max((len(key) for key in heading_lexicon()), default=0) + 12  # numbering, colon


def is_known_heading(line: str) -> bool:
    return len(line) <= _longest_known() and heading_key(line) in heading_lexicon()


def has_heading_shape(line: str) -> bool:
    """Short, begins with a capital (after any numbering), no final punctuation."""
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if text.endswith(_FINAL_PUNCTUATION):
        return False
    body = _NUMBERING.sub("", text)
    return bool(body) and body[0].isupper() and len(list(islice(filter(str.isalpha, body), 3))) == 3


def clean_heading(line: str) -> str:
    return _SPACES.sub(" ", line).strip().rstrip(":").strip()


def headings_from_text(pages: Sequence[Page]) -> list[Heading]:
    """Headings found by vocabulary and layout in plain text (text files, e-mail, OCR)."""
    found: list[Heading] = []
    for page in pages:
        lines = page.text.split("\n")
        for index, line in enumerate(lines):
            if not line.strip():
                continue
            if is_known_heading(line):
                found.append(Heading(page=page.number, text=clean_heading(line)))
            elif _stands_as_heading(lines, index):
                found.append(Heading(page=page.number, text=clean_heading(line)))
    return found


def _stands_as_heading(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if not has_heading_shape(line) or len(line.split()) > 8 or len(line) > 60:
        return False
    if index > 0 and lines[index - 1].strip():
        return False  # a heading stands after a blank line or at the top of the page
    following = [candidate.strip() for candidate in lines[index + 1 : index + 3]]
    if not following:
        return False
    next_line = following[0] or (following[1] if len(following) > 1 else "")
    return len(next_line) >= max(40, len(line) + 10)
