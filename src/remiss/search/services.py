"""Full-text search over the text of answers (page by page) and the points of analysis.

The one entry point is `search()`; the search page and the API both call it, so keep its
signature stable.

How it works (the indexes themselves are described in `remiss.search.index`):

- **PostgreSQL** uses the `swedish` text search configuration: words are stemmed, so
  "kompetensförsörjningen" finds "kompetensförsörjning", and stop words ("och", "att") are
  ignored. The query goes through websearch_to_tsquery, which accepts any text.
- **SQLite** uses FTS5 with `unicode61 remove_diacritics 0`: å, ä and ö are letters of their
  own ("hög" never finds "hog"), case is ignored, and there is no stemming. To come close to
  PostgreSQL, every word of at least four letters is a prefix query, so "kompetensförsörj" and
  "kompetensförsörjning" find "kompetensförsörjningen" — but an inflection that changes the
  stem ("bättre" for "bra") is not found, and stop words are not dropped.
- On both, every word must occur (AND); "words in quotes" must follow each other. Operators
  the user types (OR, NOT, NEAR, *, parentheses) are read as words or ignored, never as syntax.
- Answers are searched in every page of every document; points only in the latest finished
  analysis run of each consultation (as the analysis pages show them). Points an officer has
  marked "not a point" are still found; the link leads to the answer, which says so.
- Cost is bounded for large consultations: at most MAX_CANDIDATES matches per source are
  fetched through the index and ranked (ts_rank on PostgreSQL, bm25 on SQLite), and the total
  is counted only up to there. With more matches `SearchResults.more` is true, the page says
  "more than N hits", and only the best of the candidates found can be paged through.
  No COUNT(*) over all matches is ever run. Measured on this machine kind (PostgreSQL, one
  consultation of 100,000 one-page answers, 20 hits a page): 110-160 ms for a word on most
  pages, about 60 ms for a rare one.
- Snippets are safe HTML: the database marks matches with private-use sentinel characters,
  the text is escaped, and only then are the sentinels turned into <mark> tags.
"""

from dataclasses import dataclass, field
from typing import Literal
from uuid import UUID

from django.db import connection, models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from remiss.analysis.models import AnalysisRun, Point
from remiss.consultations.models import Consultation
from remiss.responses.models import DocumentPage
from remiss.runs import RunStatus

from .backends import Match, backend_for
from .query import snippet_html

MAX_CANDIDATES = 1000
"""Matches fetched and ranked per source; more are counted as "more than this"."""

MAX_LIMIT = 100

Source = Literal["all", "answers", "points"]
SOURCES: tuple[str, ...] = ("all", "answers", "points")


@dataclass(frozen=True)
class SearchHit:
    kind: Literal["answer", "point"]
    consultation_id: UUID
    case_number: str
    response_id: UUID
    organisation: str  # "" while the sender is unknown
    page: int  # page of the document (for a point: the page it was read from)
    document_id: UUID | None  # the document of the page; for a point, its document if known
    point_id: UUID | None  # only for points
    snippet: SafeString  # escaped text with the matching words in <mark>
    rank: float  # higher is better; only comparable within one search

    @property
    def url(self) -> str:
        """Where the hit is read: the page of the answer, or the point on the analysis page."""
        if self.kind == "point":
            return f"{reverse('analysis:response', args=[self.response_id])}#point-{self.point_id}"
        anchor = f"#page-{self.document_id}-{self.page}" if self.document_id else ""
        return f"{reverse('responses:detail', args=[self.response_id])}{anchor}"


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # matches counted, at most MAX_CANDIDATES per source
    more: bool = False  # True when there are more matches than `total`
    offset: int = 0
    limit: int = 50

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def search(
    query: str,
    *,
    consultation: Consultation | None = None,
    source: Source = "all",
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Search the answers' text and the points; best hits first.

    `consultation` limits the search to one consultation; `source` to answers or points.
    `limit` is capped at MAX_LIMIT and `offset` at the candidates ranked (see the module
    docstring). An empty query, or one without any word, gives no hits and no error.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_CANDIDATES))
    backend = backend_for(connection)
    q = backend.prepare(query)
    if not q:
        return SearchResults(query=query, offset=offset, limit=limit)
    wanted = offset + limit
    consultation_id = _db_uuid(consultation.pk) if consultation is not None else None
    ranked: list[tuple[str, Match]] = []
    total, more = 0, False
    with connection.cursor() as cursor:
        if source in ("all", "answers"):
            matches, count = backend.pages(
                cursor, q, consultation_id=consultation_id, cap=MAX_CANDIDATES, n=wanted
            )
            ranked += [("answer", match) for match in matches[:MAX_CANDIDATES]]
            total, more = total + min(count, MAX_CANDIDATES), more or count > MAX_CANDIDATES
        run_ids = _latest_run_ids(consultation) if source in ("all", "points") else []
        if run_ids:
            matches, count = backend.points(
                cursor, q, run_ids=[_db_uuid(pk) for pk in run_ids], cap=MAX_CANDIDATES, n=wanted
            )
            ranked += [("point", match) for match in matches[:MAX_CANDIDATES]]
            total, more = total + min(count, MAX_CANDIDATES), more or count > MAX_CANDIDATES
        ranked.sort(key=lambda item: -item[1].rank)
        shown = ranked[offset:wanted]
        page_ids = [match.id for kind, match in shown if kind == "answer"]
        point_ids = [match.id for kind, match in shown if kind == "point"]
        page_snippets = backend.page_snippets(cursor, q, page_ids) if page_ids else {}
        point_snippets = (
            backend.point_snippets(cursor, q, [_db_uuid(pk) for pk in point_ids])
            if point_ids
            else {}
        )
    pages = (
        DocumentPage.objects.filter(id__in=page_ids)
        .select_related("document__response__organisation", "document__response__consultation")
        .defer("text")
        .in_bulk()
        if page_ids
        else {}
    )
    points = (
        Point.objects.filter(id__in=point_ids)
        .select_related("response__organisation", "response__consultation")
        .in_bulk()
        if point_ids
        else {}
    )
    hits = []
    for kind, match in shown:
        if kind == "answer" and match.id in pages:
            page = pages[match.id]
            hits.append(_page_hit(page, page_snippets.get(match.id, ""), match.rank))
        elif kind == "point" and match.id in points:
            point = points[match.id]
            hits.append(_point_hit(point, point_snippets.get(match.id, ""), match.rank))
    return SearchResults(query=query, hits=hits, total=total, more=more, offset=offset, limit=limit)


def _db_uuid(value: UUID):
    """A UUID as this database stores it (uuid on PostgreSQL, 32 hex characters on SQLite)."""
    return models.UUIDField().get_db_prep_value(value, connection)


def _latest_run_ids(consultation: Consultation | None) -> list[UUID]:
    """The latest finished analysis run of the consultation, or of every consultation."""
    runs = AnalysisRun.objects.filter(status=RunStatus.KLAR)
    if consultation is not None:
        runs = runs.filter(consultation=consultation)
    latest: dict[UUID, UUID] = {}
    for run_id, consultation_id in runs.order_by("-created_at").values_list(
        "id", "consultation_id"
    ):
        latest.setdefault(consultation_id, run_id)
    return list(latest.values())


def _sender(response) -> str:
    return response.organisation.name if response.organisation_id else ""


def _page_hit(page: DocumentPage, snippet: str, rank: float) -> SearchHit:
    response = page.document.response
    return SearchHit(
        kind="answer",
        consultation_id=response.consultation_id,
        case_number=response.consultation.case_number,
        response_id=response.pk,
        organisation=_sender(response),
        page=page.number,
        document_id=page.document_id,
        point_id=None,
        snippet=mark_safe(snippet_html(snippet)),  # escaped by snippet_html
        rank=rank,
    )


def _point_hit(point: Point, snippet: str, rank: float) -> SearchHit:
    response = point.response
    return SearchHit(
        kind="point",
        consultation_id=response.consultation_id,
        case_number=response.consultation.case_number,
        response_id=response.pk,
        organisation=_sender(response),
        page=point.page,
        document_id=point.document_id,
        point_id=point.pk,
        snippet=mark_safe(snippet_html(snippet)),  # escaped by snippet_html
        rank=rank,
    )
