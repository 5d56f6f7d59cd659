"""What the read endpoints return, as plain dicts in a stable order (the schemas check them).

Lists are pages: ``count`` is the whole number, ``items`` at most ``limit`` from ``offset``.
Every order ends with the primary key, so paging through a list that is not changing sees each
item exactly once.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse

from remiss.analysis.models import AnalysisRun, Stance
from remiss.analysis.selectors import (
    CurrentStance,
    consultation_points,
    current_stances,
    latest_run,
)
from remiss.consultations.models import Consultation
from remiss.portal.sections import answer_sections
from remiss.responses.models import Document, IntakeOutcome, IntakeRun, Response
from remiss.search.services import SearchResults


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int


def page_of(items: QuerySet | list, page: PageRequest, convert) -> dict[str, Any]:
    count = items.count() if isinstance(items, QuerySet) else len(items)
    window = items[page.offset : page.offset + page.limit]
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [convert(item) for item in window],
    }


# -- consultations ---------------------------------------------------------------------------


def consultations_listed() -> QuerySet:
    return (
        Consultation.objects.select_related("remitting_organisation")
        .annotate(answer_count=Count("responses", distinct=True))
        .order_by("-created_at", "pk")
    )


def consultation_data(consultation: Consultation) -> dict[str, Any]:
    count = getattr(consultation, "answer_count", None)
    return {
        "id": consultation.pk,
        "case_number": consultation.case_number,
        "title": consultation.title,
        "summary": consultation.summary,
        "status": consultation.status,
        "remitting_organisation": _organisation(consultation.remitting_organisation),
        "sent_on": consultation.sent_on,
        "deadline": consultation.deadline,
        "open_to_all": consultation.open_to_all,
        "answer_count": count if count is not None else consultation.responses.count(),
    }


def _organisation(organisation) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name, "kind": organisation.kind}


def consultation_sections(consultation: Consultation) -> list[dict[str, Any]]:
    """The parts of the draft depth first, with parent ids and whether comments are asked."""
    return [
        {
            "id": item.section.pk,
            "parent_id": item.section.parent_id,
            "number": item.section.number,
            "kind": item.section.kind,
            "title": item.section.title,
            "depth": item.depth,
            "open_for_comment": item.open_for_comment,
            "closed_reason": item.closed_reason,
        }
        for item in answer_sections(consultation)
    ]


# -- answers ---------------------------------------------------------------------------------


def answers_listed(consultation: Consultation, *, organisation: str = "") -> QuerySet:
    answers = (
        consultation.responses.select_related("organisation")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("added_at")))
        .order_by(F("received_at").asc(nulls_first=True), "registered_at", "pk")
    )
    if organisation:
        answers = answers.filter(
            Q(organisation__name__icontains=organisation)
            | Q(organisation__short_name__icontains=organisation)
        )
    return answers


def answer_stances(consultation: Consultation) -> dict[object, CurrentStance]:
    return current_stances(consultation, latest_run(consultation))


def answer_data(response: Response, stances: dict[object, CurrentStance]) -> dict[str, Any]:
    stance = stances.get(response.pk)
    return {
        "id": response.pk,
        "consultation_id": response.consultation_id,
        "organisation": _organisation(response.organisation),
        "title": response.title,
        "received_at": response.received_at,
        "channel": response.channel,
        "letter_date": response.letter_date,
        "responder_case_number": response.responder_case_number,
        "registered_at": response.registered_at,
        "position": {"value": stance.label, "label": str(stance.display), "source": stance.source}
        if stance
        else None,
        "documents": [document_data(document) for document in response.documents.all()],
    }


def document_data(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "name": document.original_filename,
        "media_type": document.media_type,
        "size": document.size,
        "sha256": document.sha256,
        "download_url": reverse("api:document_content", kwargs={"document_id": document.pk}),
    }


# -- analysis --------------------------------------------------------------------------------


def points_listed(consultation: Consultation, *, section: str = "") -> list[dict[str, Any]]:
    """The current points of the latest analysis, in answer order; optionally under a section
    (by its number)."""
    rows = []
    for item in consultation_points(latest_run(consultation)):
        numbers = [s.number for s in item.sections]
        if section and section not in numbers:
            continue
        point = item.point
        rows.append(
            {
                "id": point.pk,
                "answer_id": point.response_id,
                "body": _organisation(point.response.organisation),
                "document_id": point.document_id,
                "text": point.text,
                "page": point.page,
                "kind": item.kind,
                "corrected": item.corrected,
                "sections": [
                    {"id": s.pk, "number": s.number, "title": s.title} for s in item.sections
                ],
            }
        )
    return rows


def positions_summary(consultation: Consultation) -> dict[str, Any]:
    run: AnalysisRun | None = latest_run(consultation)
    stances = current_stances(consultation, run)
    counts = Counter(stance.label for stance in stances.values())
    total = consultation.responses.count()
    return {
        "analysis_run_id": run.pk if run else None,
        "answers": total,
        "without_position": total - sum(counts.values()),
        "positions": [
            {"value": value, "label": str(label), "count": counts[value]}
            for value, label in Stance.choices
        ],
    }


# -- intake ----------------------------------------------------------------------------------


def intake_run_data(run: IntakeRun) -> dict[str, Any]:
    """The run's status with a receipt per file (unpacked files follow their container)."""
    receipts = [
        {
            "id": item.pk,
            "parent_id": item.parent_id,
            "path": item.path,
            "name": item.filename,
            "size": item.size,
            "sha256": item.sha256,
            "media_type": item.media_type,
            "received_at": item.received_at,
            "outcome": item.outcome,
            "outcome_label": str(item.get_outcome_display()),
            "error_code": item.error_code or None,
            "error": str(item.error_message) if item.error_code else None,
            "note": item.note or None,
            "answer_id": item.response_id,
            "document_id": item.document_id,
        }
        for item in run.items.order_by("position", "pk")
    ]
    counts = Counter(receipt["outcome"] for receipt in receipts)
    return {
        "id": run.pk,
        "consultation_id": run.consultation_id,
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "files_total": run.files_total,
        "files_done": run.files_done,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "error": run.error or None,
        "outcomes": {outcome: counts[outcome] for outcome in IntakeOutcome.values},
        "receipts": receipts,
        "status_url": reverse("api:intake_run", kwargs={"run_id": run.pk}),
    }


# -- search ----------------------------------------------------------------------------------


def search_data(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "total": results.total,
        "more": results.more,
        "limit": results.limit,
        "offset": results.offset,
        "hits": [
            {
                "kind": hit.kind,
                "consultation_id": hit.consultation_id,
                "case_number": hit.case_number,
                "answer_id": hit.response_id,
                "organisation": hit.organisation,
                "page": hit.page,
                "document_id": hit.document_id,
                "point_id": hit.point_id,
                "snippet": str(hit.snippet),
                "rank": hit.rank,
                "answer_url": reverse("api:answer", kwargs={"answer_id": hit.response_id}),
            }
            for hit in results.hits
        ],
    }
