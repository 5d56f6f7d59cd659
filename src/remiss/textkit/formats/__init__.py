"""Readers for single formats, used by :mod:`remiss.textkit.extract`.

Each reader takes bytes and returns a :class:`Read` or raises :class:`FormatError` with one of
the extraction error codes. Readers know nothing of containers, limits on members or paths;
:mod:`remiss.textkit.extract` does the bookkeeping.
"""

from dataclasses import dataclass, field

from remiss.textkit.documents import Heading


class FormatError(Exception):
    """The file cannot be read; ``code`` is one of ``extract.ERROR_CODES``."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Read:
    """What a reader found. ``problem`` is set when part of the file could not be read."""

    pages: list[str]
    headings: list[Heading] = field(default_factory=list)
    ocr_used: bool = False
    problem: FormatError | None = None
