"""DOCX: the main document part, parsed with defusedxml.

Paragraphs are lines; ``w:tab`` is a tab, ``w:br`` a line break. Pages end at explicit page
breaks, at section breaks, before paragraphs that ask for a new page, and where Word last
broke the page (``w:lastRenderedPageBreak``). Headings come from paragraph styles (Heading 1-9,
Rubrik 1-9, Title, or any style with an outline level) and from the heading vocabulary.
Tables become rows of tab-separated cells. Headers, footers, footnotes and comments are not
read; deleted text of tracked changes is left out.
"""

import re
import zipfile
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeTree

from remiss.textkit.formats import FormatError, Read
from remiss.textkit.formats.archive import read_member
from remiss.textkit.formats.pages import PageCollector

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DOCUMENT_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"

_HEADING_NAME = re.compile(r"^(?:heading|rubrik|überschrift|titre)\s*(\d)$", re.IGNORECASE)
_TITLE_NAMES = {"title", "rubrik", "titel"}
_SKIPPED = {
    "pPr",
    "rPr",
    "del",
    "moveFrom",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
    "instrText",
    "delText",
    "sectPr",
    "tblPr",
    "trPr",
    "tcPr",
}


def parse_xml(data: bytes, part: str) -> Element:
    """Parse one XML part; DTDs, entities and external references are refused."""
    try:
        return SafeTree.fromstring(data, forbid_dtd=True, forbid_entities=True)
    except defusedxml.DefusedXmlException as exc:
        raise FormatError("xml_forbidden", f"{part}: {type(exc).__name__}: {exc}") from exc
    except (ParseError, ValueError) as exc:
        raise FormatError("corrupt", f"{part}: {exc}") from exc


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _attribute(element: Element, name: str) -> str | None:
    for namespace in W_NAMESPACES:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return None


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name and _namespace(child.tag) in W_NAMESPACES:
            return child
    return None


def read_docx(archive: zipfile.ZipFile, *, limit: int, max_ratio: int) -> Read:
    names = set(archive.namelist())
    if DOCUMENT_PART not in names:
        raise FormatError("corrupt", f"no {DOCUMENT_PART} in the DOCX package")
    levels: dict[str, int] = {}
    if STYLES_PART in names:
        styles = read_member(
            archive, archive.getinfo(STYLES_PART), limit=limit, max_ratio=max_ratio
        )
        levels = _style_levels(parse_xml(styles, STYLES_PART))
    document = read_member(
        archive, archive.getinfo(DOCUMENT_PART), limit=limit, max_ratio=max_ratio
    )
    root = parse_xml(document, DOCUMENT_PART)
    body = _child(root, "body")
    if body is None:
        raise FormatError("corrupt", f"{DOCUMENT_PART} has no body")
    reader = _DocxReader(levels)
    reader.blocks(body)
    return Read(pages=reader.pages.result(), headings=reader.pages.headings)


def _style_levels(root: Element) -> dict[str, int]:
    """Paragraph style id -> heading level, by style name or outline level."""
    levels: dict[str, int] = {}
    for style in root:
        if _local(style.tag) != "style" or _attribute(style, "type") not in (None, "paragraph"):
            continue
        style_id = _attribute(style, "styleId") or ""
        name_element = _child(style, "name")
        name = (_attribute(name_element, "val") if name_element is not None else "") or ""
        level = _level_from_name(name) or _level_from_name(style_id)
        properties = _child(style, "pPr")
        outline = _child(properties, "outlineLvl") if properties is not None else None
        if level is None and outline is not None:
            level = _outline_level(outline)
        if level is not None and style_id:
            levels[style_id] = level
    return levels


def _level_from_name(name: str) -> int | None:
    compact = name.strip()
    match = _HEADING_NAME.match(compact) or _HEADING_NAME.match(
        re.sub(r"(?<=\D)(?=\d)", " ", compact)
    )
    if match:
        return int(match.group(1))
    if compact.casefold() in _TITLE_NAMES:
        return 1
    return None


def _outline_level(element: Element) -> int | None:
    value = _attribute(element, "val")
    if value and value.isdigit() and int(value) < 9:
        return int(value) + 1
    return None


class _DocxReader:
    def __init__(self, levels: dict[str, int]) -> None:
        self.levels = levels
        self.pages = PageCollector()

    def blocks(self, parent: Element) -> None:
        for element in parent:
            name, namespace = _local(element.tag), _namespace(element.tag)
            if namespace == MC and name == "AlternateContent":
                choice = next(iter(element), None)
                if choice is not None:
                    self.blocks(choice)
            elif namespace not in W_NAMESPACES:
                continue
            elif name == "p":
                self.paragraph(element)
            elif name == "tbl":
                self.table(element)
            elif name in ("sdt", "sdtContent", "customXml", "smartTag", "ins"):
                self.blocks(element)

    def paragraph(self, element: Element) -> None:
        properties = _child(element, "pPr")
        level = None
        break_after = False
        if properties is not None:
            style = _child(properties, "pStyle")
            style_id = _attribute(style, "val") if style is not None else None
            if style_id:
                level = self.levels.get(style_id) or _level_from_name(style_id)
            outline = _child(properties, "outlineLvl")
            if outline is not None:
                level = _outline_level(outline) or level
            before = _child(properties, "pageBreakBefore")
            if before is not None and _attribute(before, "val") not in ("0", "false", "off"):
                self.pages.page_break()
            section = _child(properties, "sectPr")
            if section is not None:
                kind = _child(section, "type")
                break_after = kind is None or _attribute(kind, "val") != "continuous"
        self.pages.begin_paragraph()
        self.inline(element)
        self.pages.end_paragraph(level)
        if break_after:
            self.pages.page_break()

    def inline(self, parent: Element) -> None:
        for element in parent:
            name, namespace = _local(element.tag), _namespace(element.tag)
            if namespace == MC:
                if name == "AlternateContent":
                    choice = next(iter(element), None)
                    if choice is not None:
                        self.inline(choice)
                continue
            if name in _SKIPPED and namespace in W_NAMESPACES:
                continue
            if namespace in W_NAMESPACES:
                if name == "t":
                    self.pages.text(element.text or "")
                    continue
                if name in ("tab", "ptab"):
                    self.pages.text("\t")
                    continue
                if name == "br":
                    kind = _attribute(element, "type")
                    if kind == "page":
                        self.pages.page_break()
                    else:
                        self.pages.text("\n")
                    continue
                if name == "cr":
                    self.pages.text("\n")
                    continue
                if name == "noBreakHyphen":
                    self.pages.text("-")
                    continue
                if name == "lastRenderedPageBreak":
                    self.pages.page_break(soft=True)
                    continue
                if name == "p":  # a paragraph in a text box, inside this paragraph
                    self.pages.text("\n")
                    self.inline(element)
                    self.pages.text("\n")
                    continue
                if name == "tbl":
                    self.pages.text("\n" + _table_text(element) + "\n")
                    continue
            self.inline(element)

    def table(self, element: Element) -> None:
        for row in element:
            if _local(row.tag) != "tr" or _namespace(row.tag) not in W_NAMESPACES:
                continue
            if _contains(row, "lastRenderedPageBreak"):
                self.pages.page_break(soft=True)
            if _contains_page_break(row):
                self.pages.page_break()
            self.pages.begin_paragraph()
            self.pages.text(_row_text(row))
            self.pages.end_paragraph()


def _contains(element: Element, name: str) -> bool:
    return any(_local(child.tag) == name for child in element.iter())


def _contains_page_break(element: Element) -> bool:
    return any(
        _local(child.tag) == "br" and _attribute(child, "type") == "page"
        for child in element.iter()
    )


def _row_text(row: Element) -> str:
    cells = [child for child in row if _local(child.tag) == "tc"]
    return "\t".join(_cell_text(cell) for cell in cells)


def _cell_text(cell: Element) -> str:
    paragraphs = []
    for element in cell:
        if _local(element.tag) == "p":
            paragraphs.append(_paragraph_text(element))
        elif _local(element.tag) == "tbl":
            paragraphs.append(_table_text(element).replace("\n", " ").replace("\t", " "))
        elif _local(element.tag) in ("sdt", "sdtContent", "customXml"):
            paragraphs.append(_cell_text(element))
    return " ".join(paragraph for paragraph in paragraphs if paragraph.strip()).strip()


def _table_text(table: Element) -> str:
    rows = [child for child in table if _local(child.tag) == "tr"]
    return "\n".join(_row_text(row) for row in rows)


def _paragraph_text(paragraph: Element) -> str:
    parts: list[str] = []

    def walk(parent: Element) -> None:
        for element in parent:
            name = _local(element.tag)
            if name in _SKIPPED or name == "Fallback":
                continue
            if name == "t":
                parts.append(element.text or "")
            elif name in ("tab", "ptab"):
                parts.append(" ")
            elif name in ("br", "cr"):
                parts.append(" ")
            elif name == "noBreakHyphen":
                parts.append("-")
            else:
                walk(element)

    walk(paragraph)
    return "".join(parts).strip()
