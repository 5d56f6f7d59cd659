"""ODT: ``content.xml`` parsed with defusedxml.

``text:h`` are headings (``text:outline-level``), ``text:p`` paragraphs; ``text:tab``,
``text:line-break`` and ``text:s`` are a tab, a line break and spaces. Pages end at soft page
breaks (where the word processor last broke the page) and before paragraphs whose automatic
style asks for a page break. Tracked deletions, notes, annotations and tables of contents are
not read; tables become rows of tab-separated cells.
"""

import re
import zipfile
from xml.etree.ElementTree import Element

from remiss.textkit.formats import FormatError, Read
from remiss.textkit.formats.archive import read_member
from remiss.textkit.formats.docx import parse_xml
from remiss.textkit.formats.pages import PageCollector

ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
CONTENT_PART = "content.xml"

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

_SKIPPED_BLOCKS = {
    f"{{{TEXT}}}tracked-changes",
    f"{{{TEXT}}}table-of-content",
    f"{{{TEXT}}}alphabetical-index",
    f"{{{TEXT}}}bibliography",
    f"{{{TEXT}}}sequence-decls",
    f"{{{TEXT}}}variable-decls",
    f"{{{TEXT}}}user-field-decls",
    f"{{{OFFICE}}}forms",
    f"{{{TABLE}}}table-columns",
    f"{{{TABLE}}}table-column",
}
_SKIPPED_INLINE = {
    f"{{{TEXT}}}note",
    f"{{{OFFICE}}}annotation",
    f"{{{TEXT}}}tracked-changes",
    f"{{{TEXT}}}bookmark-ref",
}
_SPACES = re.compile(r"[ \t\r\n]+")


def read_odt(archive: zipfile.ZipFile, *, limit: int, max_ratio: int) -> Read:
    try:
        info = archive.getinfo(CONTENT_PART)
    except KeyError as exc:
        raise FormatError("corrupt", f"no {CONTENT_PART} in the ODT package") from exc
    root = parse_xml(read_member(archive, info, limit=limit, max_ratio=max_ratio), CONTENT_PART)
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is None:
        raise FormatError("corrupt", f"{CONTENT_PART} has no office:text body")
    reader = _OdtReader(_page_break_styles(root))
    reader.blocks(body)
    return Read(pages=reader.pages.result(), headings=reader.pages.headings)


def _page_break_styles(root: Element) -> tuple[set[str], set[str]]:
    """Names of automatic paragraph styles with a page break before, and after."""
    before: set[str] = set()
    after: set[str] = set()
    styles = root.find(f"{{{OFFICE}}}automatic-styles")
    for style in styles if styles is not None else ():
        name = style.get(f"{{{STYLE}}}name")
        properties = style.find(f"{{{STYLE}}}paragraph-properties")
        if name is None or properties is None:
            continue
        if properties.get(f"{{{FO}}}break-before") == "page":
            before.add(name)
        if properties.get(f"{{{FO}}}break-after") == "page":
            after.add(name)
    return before, after


class _OdtReader:
    def __init__(self, breaks: tuple[set[str], set[str]]) -> None:
        self.break_before, self.break_after = breaks
        self.pages = PageCollector()

    def blocks(self, parent: Element) -> None:
        for element in parent:
            tag = element.tag
            if tag in _SKIPPED_BLOCKS:
                continue
            if tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
                self.paragraph(element)
            elif tag == f"{{{TEXT}}}soft-page-break":
                self.pages.page_break(soft=True)
            elif tag == f"{{{TABLE}}}table-row":
                self.row(element)
            else:  # lists, list items, sections, tables and their row groups
                self.blocks(element)

    def paragraph(self, element: Element) -> None:
        style = element.get(f"{{{TEXT}}}style-name")
        if style in self.break_before:
            self.pages.page_break()
        level = None
        if element.tag == f"{{{TEXT}}}h":
            raw_level = element.get(f"{{{TEXT}}}outline-level", "1")
            level = int(raw_level) if raw_level.isdigit() else 1
        self.pages.begin_paragraph()
        self.inline(element)
        self.pages.end_paragraph(level)
        if style in self.break_after:
            self.pages.page_break()

    def inline(self, element: Element, *, with_breaks: bool = True) -> None:
        self.pages.text(_SPACES.sub(" ", element.text or ""))
        for child in element:
            tag = child.tag
            if tag in _SKIPPED_INLINE:
                pass
            elif tag == f"{{{TEXT}}}s":
                count = child.get(f"{{{TEXT}}}c", "1")
                self.pages.text(" " * min(int(count) if count.isdigit() else 1, 100))
            elif tag == f"{{{TEXT}}}tab":
                self.pages.text("\t")
            elif tag == f"{{{TEXT}}}line-break":
                self.pages.text("\n")
            elif tag == f"{{{TEXT}}}soft-page-break":
                if with_breaks:
                    self.pages.page_break(soft=True)
            elif tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):  # in a frame or text box
                self.pages.text("\n")
                self.inline(child, with_breaks=False)
                self.pages.text("\n")
            else:
                self.inline(child, with_breaks=with_breaks)
            self.pages.text(_SPACES.sub(" ", child.tail or ""))

    def row(self, element: Element) -> None:
        if any(child.tag == f"{{{TEXT}}}soft-page-break" for child in element.iter()):
            self.pages.page_break(soft=True)
        cells = [
            _cell_text(cell)
            for cell in element
            if cell.tag in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell")
        ]
        self.pages.begin_paragraph()
        self.pages.text("\t".join(cells))
        self.pages.end_paragraph()


def _cell_text(cell: Element) -> str:
    parts: list[str] = []

    def walk(element: Element) -> None:
        if element.tag in _SKIPPED_INLINE:
            return
        if element.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            parts.append(" ")
        elif element.tag in (f"{{{TEXT}}}s", f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"):
            parts.append(" ")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")

    walk(cell)
    return _SPACES.sub(" ", "".join(parts)).strip()
