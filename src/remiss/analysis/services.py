"""Analysis runs and officers' corrections.

A run reads every answer of a consultation with ``remiss.textkit`` in these steps, each timed:

1. ``answers``    — position, points placed under sections, endorsements, per answer; an
                    answer that fails is listed in the run and the others go on;
2. ``duplicates`` — near-identical answers grouped (campaign letters);
3. ``themes``     — the points of all answers clustered into themes.

Officers' corrections are separate rows; a run never changes them.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from remiss import textkit
from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Document, Response
from remiss.runs import RunStatus
from remiss.textkit.analyse import analyse_answer
from remiss.textkit.analysis_types import SectionRef
from remiss.textkit.documents import Page
from remiss.textkit.duplicates import near_duplicate_groups
from remiss.textkit.matching import best_name_match
from remiss.textkit.themes import ThemeInput, find_themes

from .models import (
    AnalysisRun,
    DuplicateGroup,
    Endorsement,
    Point,
    PointCorrection,
    PointPlacement,
    StanceCorrection,
    StanceJudgement,
    Theme,
    point_key,
)

logger = logging.getLogger(__name__)


def section_refs(consultation: Consultation) -> tuple[list[SectionRef], dict[str, Section]]:
    """The consultation's sections as textkit sees them, and a way back from number to row."""
    sections = list(consultation.sections.all())
    closed = _closed_numbers(sections)
    refs = [
        SectionRef(
            number=section.number,
            title=section.title,
            text=section.text,
            kind=section.kind,
            open_for_comment=section.number not in closed,
        )
        for section in sections
        if section.number
    ]
    return refs, {section.number: section for section in sections if section.number}


def _closed_numbers(sections: list[Section]) -> set[str]:
    """Closed sections and everything below them."""
    by_id = {section.pk: section for section in sections}
    closed: set[str] = set()
    for section in sections:
        node = section
        while node is not None:
            if not node.open_for_comment:
                closed.add(section.number)
                break
            node = by_id.get(node.parent_id)
    return closed


def answer_letter(response: Response) -> Document | None:
    """The document that carries the answer: the one whose facts were read, else the longest."""
    documents = list(response.documents.all())
    if not documents:
        return None
    with_facts = [document for document in documents if document.facts]
    candidates = with_facts or documents
    return max(candidates, key=lambda d: sum(len(page.text) for page in d.pages.all()))


@transaction.atomic
def analysis_run_create(*, actor: Any | None, consultation: Consultation) -> AnalysisRun:
    run = AnalysisRun.objects.create(
        consultation=consultation,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        responses_total=consultation.responses.count(),
        textkit_version=textkit.__version__,
    )
    audit_record(actor=actor, action="analysis.run_created", obj=run)
    return run


ProgressCallback = Callable[[AnalysisRun], None]


def analysis_run_execute(
    *, run: AnalysisRun, on_progress: ProgressCallback | None = None
) -> AnalysisRun:
    run.status = RunStatus.PAGAR
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        texts = _analyse_answers(run, on_progress)
        timings["answers"] = round(time.perf_counter() - started, 3)

        started = time.perf_counter()
        _group_duplicates(run, texts)
        timings["duplicates"] = round(time.perf_counter() - started, 3)

        started = time.perf_counter()
        _find_themes(run)
        timings["themes"] = round(time.perf_counter() - started, 3)
    except Exception as error:
        logger.exception("analysis run %s failed", run.pk)
        run.status = RunStatus.MISSLYCKAD
        run.error = f"{type(error).__name__}: {error}"
    else:
        run.status = RunStatus.KLAR
    run.timings = timings
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "timings", "finished_at", "failures"])
    return run


def _analyse_answers(run: AnalysisRun, on_progress) -> dict[str, str]:
    consultation = run.consultation
    refs, sections_by_number = section_refs(consultation)
    responses = list(
        consultation.responses.select_related("organisation").prefetch_related("documents__pages")
    )
    answered = [r for r in responses if r.organisation_id]
    texts: dict[str, str] = {}
    for response in responses:
        try:
            with transaction.atomic():
                text = _analyse_one(run, response, refs, sections_by_number, answered)
            if text:
                texts[str(response.pk)] = text
        except Exception as error:  # one answer never sinks the run
            logger.exception("analysis of answer %s failed", response.pk)
            run.failures.append({"response": str(response.pk), "error": str(error)[:500]})
        run.responses_done += 1
        run.save(update_fields=["responses_done"])
        if on_progress:
            on_progress(run)
    return texts


def _analyse_one(run, response, refs, sections_by_number, answered) -> str:
    letter = answer_letter(response)
    if letter is None:
        return ""
    pages = [Page(number=page.number, text=page.text) for page in letter.pages.all()]
    result = analyse_answer(pages, refs)
    StanceJudgement.objects.create(
        run=run,
        response=response,
        label=result.stance.label,
        confidence=result.stance.confidence,
        evidence=[_evidence_json(evidence) for evidence in result.stance.evidence],
    )
    for position, found in enumerate(result.points):
        point = Point.objects.create(
            run=run,
            response=response,
            document=letter,
            key=point_key(response.pk, found.text),
            position=position,
            text=found.text,
            page=found.evidence.page,
            start=found.evidence.start,
            end=found.evidence.end,
            kind=found.kind,
        )
        PointPlacement.objects.bulk_create(
            PointPlacement(
                point=point,
                section=sections_by_number[placement.number],
                method=placement.method,
                confidence=placement.confidence,
                evidence=placement.evidence[:300],
                rank=rank,
            )
            for rank, placement in enumerate(found.sections)
            if placement.number in sections_by_number
        )
    if result.endorsements:
        # Only an answer that names another body needs the names of all the others.
        others = [
            (other, name)
            for other in answered
            if other.pk != response.pk
            for name in (other.organisation.name, *other.organisation.all_names)
        ]
    for endorsement in result.endorsements:
        match = best_name_match([endorsement.organisation], others)
        Endorsement.objects.create(
            run=run,
            response=response,
            organisation_name=endorsement.organisation[:200],
            endorsed_response=match.key if match else None,
            evidence=_evidence_json(endorsement.evidence),
        )
    return "\n".join(page.text for page in pages)


def _evidence_json(evidence) -> dict:
    return {
        "text": evidence.text,
        "page": evidence.page,
        "start": evidence.start,
        "end": evidence.end,
    }


def _group_duplicates(run: AnalysisRun, texts: dict[str, str]) -> None:
    for group in near_duplicate_groups(texts):
        row = DuplicateGroup.objects.create(
            run=run, representative_id=group.representative, similarity=group.similarity
        )
        row.members.set(group.members)


def _find_themes(run: AnalysisRun) -> None:
    points = {str(point.pk): point for point in run.points.select_related("response__organisation")}
    inputs = [
        ThemeInput(
            id=point_id,
            text=point.text,
            group=point.response.organisation.kind if point.response.organisation else "",
        )
        for point_id, point in points.items()
    ]
    named = _officer_named_themes(run)
    for found in find_themes(inputs):
        members = [points[member] for member in found.members]
        theme = Theme.objects.create(
            run=run,
            machine_label=found.label[:200],
            keywords=list(found.keywords),
            counts_by_kind=dict(found.counts_by_group),
        )
        theme.points.set(members)
        theme.representatives.set([points[member] for member in found.representatives])
        _carry_officer_label(theme, {point.key for point in members}, named)


SAME_THEME = 0.5  # share of points (Jaccard) from which a new theme is an officer-named one


def _officer_named_themes(run: AnalysisRun) -> list[tuple[Theme, set[str]]]:
    """Themes officers named in the consultation's earlier runs, newest first, with point keys."""
    earlier = (
        Theme.objects.filter(run__consultation=run.consultation, merged_into=None)
        .exclude(run=run)
        .exclude(officer_label="")
        .order_by("-labelled_at")
        .prefetch_related("points")
    )
    return [(theme, {point.key for point in theme.points.all()}) for theme in earlier]


def _carry_officer_label(theme: Theme, keys: set[str], named) -> None:
    """A new theme with mostly the same points as one an officer named keeps that name."""
    for old, old_keys in named:
        union = keys | old_keys
        if union and len(keys & old_keys) / len(union) >= SAME_THEME:
            theme.officer_label = old.officer_label
            theme.labelled_by = old.labelled_by
            theme.labelled_at = old.labelled_at
            theme.save(update_fields=["officer_label", "labelled_by", "labelled_at"])
            return


# -- officers' decisions -------------------------------------------------------------------


@transaction.atomic
def stance_correct(
    *, actor: Any, response: Response, label: str, note: str = ""
) -> StanceCorrection:
    correction = StanceCorrection(response=response, label=label, note=note, decided_by=actor)
    correction.full_clean()
    correction.save()
    audit_record(
        actor=actor, action="analysis.stance_corrected", obj=response, changes={"to": label}
    )
    return correction


@transaction.atomic
def point_correct(
    *,
    actor: Any,
    point: Point,
    kind: str = "",
    sections: list[Section] | None = None,
    not_a_point: bool = False,
    note: str = "",
) -> PointCorrection:
    """Record an officer's decision on a point; it holds for the same point in later runs."""
    correction = PointCorrection(
        response=point.response,
        key=point.key,
        kind=kind,
        sections_decided=sections is not None,
        not_a_point=not_a_point,
        note=note,
        decided_by=actor,
    )
    correction.full_clean()
    correction.save()
    if sections is not None:
        correction.sections.set(sections)
    audit_record(
        actor=actor,
        action="analysis.point_corrected",
        obj=point.response,
        changes={
            "point": point.key,
            "kind": kind,
            "sections": [s.number for s in sections] if sections is not None else None,
            "not_a_point": not_a_point,
        },
    )
    return correction


@transaction.atomic
def theme_rename(*, actor: Any, theme: Theme, label: str) -> Theme:
    theme.officer_label = label.strip()[:200]
    theme.labelled_by = actor
    theme.labelled_at = timezone.now()
    theme.save(update_fields=["officer_label", "labelled_by", "labelled_at"])
    audit_record(actor=actor, action="analysis.theme_renamed", obj=theme, changes={"to": label})
    return theme


@transaction.atomic
def theme_merge(*, actor: Any, target: Theme, others: list[Theme]) -> Theme:
    for other in others:
        if other.pk == target.pk or other.run_id != target.run_id:
            continue
        target.points.add(*other.points.all())
        other.merged_into = target
        other.save(update_fields=["merged_into"])
        audit_record(
            actor=actor,
            action="analysis.theme_merged",
            obj=target,
            changes={"merged": str(other.pk), "label": other.label},
        )
    return target


@transaction.atomic
def theme_split(*, actor: Any, theme: Theme, points: list[Point], label: str) -> Theme:
    """Move the chosen points of a theme into a new theme with the officer's label."""
    new_theme = Theme.objects.create(
        run=theme.run,
        machine_label=theme.machine_label,
        officer_label=label.strip()[:200],
        labelled_by=actor,
        labelled_at=timezone.now(),
    )
    chosen = [point for point in points if theme.points.filter(pk=point.pk).exists()]
    theme.points.remove(*chosen)
    new_theme.points.add(*chosen)
    audit_record(
        actor=actor,
        action="analysis.theme_split",
        obj=theme,
        changes={"new_theme": str(new_theme.pk), "points": len(chosen)},
    )
    return new_theme
