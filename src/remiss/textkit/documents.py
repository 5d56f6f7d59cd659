"""The shapes textkit works on: pages of text, headings, spans of evidence.

Plain frozen dataclasses with no behaviour beyond small helpers, shared by extraction,
identifiers and the facts of a letter.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str


@dataclass(frozen=True)
class Heading:
    page: int
    text: str
    level: int | None = None  # 1 = top level, when the format says so


@dataclass(frozen=True)
class Span:
    """Where a value was read: the page, the character offsets in that page's text, the text."""

    page: int
    start: int
    end: int
    text: str
