"""The text of an answer cut into pieces, with the points marked, for the review page."""

from dataclasses import dataclass

from remiss.responses.models import Document


@dataclass(frozen=True)
class Piece:
    text: str
    point_number: int | None  # 1-based number of the point in the list, or None


@dataclass(frozen=True)
class HighlightedPage:
    number: int
    pieces: list[Piece]


def highlighted_pages(document: Document | None, points) -> list[HighlightedPage]:
    """Each page's text in pieces; a piece inside a point carries that point's number."""
    if document is None:
        return []
    by_page: dict[int, list[tuple[int, int, int]]] = {}
    for number, item in enumerate(points, start=1):
        point = item.point
        if point.document_id == document.pk:
            by_page.setdefault(point.page, []).append((point.start, point.end, number))
    pages = []
    for page in document.pages.order_by("number"):
        pieces: list[Piece] = []
        cursor = 0
        for start, end, number in sorted(by_page.get(page.number, [])):
            start, end = max(start, cursor), min(end, len(page.text))
            if start >= end:
                continue
            if start > cursor:
                pieces.append(Piece(page.text[cursor:start], None))
            pieces.append(Piece(page.text[start:end], number))
            cursor = end
        if cursor < len(page.text):
            pieces.append(Piece(page.text[cursor:], None))
        pages.append(HighlightedPage(number=page.number, pieces=pieces))
    return pages
