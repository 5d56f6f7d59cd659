"""A page-by-page text collector shared by the DOCX and ODT readers."""

from remiss.textkit.documents import Heading
from remiss.textkit.formats.text import normalise
from remiss.textkit.headings import clean_heading, is_known_heading


class PageCollector:
    """Paragraphs become lines of the current page.

    A hard page break always starts a page; a soft one (where the word processor last broke
    the page) only when the current page already has text, so that a hard break followed by
    the marker Word writes after it gives one break, not two.
    """

    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.line: list[str] = []
        self.headings: list[Heading] = []
        self._paragraph: list[str] = []
        self._paragraph_page = 1

    @property
    def number(self) -> int:
        return len(self.pages)

    def text(self, text: str) -> None:
        if text:
            self.line.append(text)
            self._paragraph.append(text)

    def end_line(self) -> None:
        self.pages[-1].append("".join(self.line).lstrip(" "))
        self.line = []

    def page_break(self, *, soft: bool = False) -> None:
        if soft and not any(part.strip() for part in (*self.pages[-1], *self.line)):
            return
        if self.line:
            self.end_line()
        self.pages.append([])
        if not "".join(self._paragraph).strip():
            self._paragraph_page = self.number

    def begin_paragraph(self) -> None:
        if self.line:
            self.end_line()
        self._paragraph = []
        self._paragraph_page = self.number

    def end_paragraph(self, level: int | None = None) -> None:
        """End the paragraph; it is a heading if it has a level or is a known heading."""
        self.end_line()
        text = clean_heading("".join(self._paragraph))
        if text and (level is not None or is_known_heading(text)):
            self.headings.append(Heading(page=self._paragraph_page, text=text, level=level))
        self._paragraph = []

    def result(self) -> list[str]:
        if self.line:
            self.end_line()
        return [normalise("\n".join(lines)) for lines in self.pages]
