"""Analysis runs and officers' corrections.

A run reads every answer of a consultation with ``remiss.textkit`` in these steps, each timed:

1. ``answers``    — position, points placed under sections, endorsements and the text's
                    MinHash signature, per answer, in batches of answers (``BATCH_SIZE``)
                    that any number of workers analyse, each written in bulk in one
                    transaction, once; an answer that fails is listed in the run and the
                    others go on (the time is the sum of the batches');
2. ``duplicates`` — near-identical answers grouped from the stored signatures (campaign
                    letters), by whichever batch finishes last;
3. ``themes``     — the points of all answers clustered into themes; ``wall`` is the whole
                    run, from its start to the end of this step.

Officers' corrections are separate rows; a run never changes them.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from remiss import textkit
from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Document, Response
from remiss.runs import RunStatus
from remiss.textkit.analyse import analyse_answer
from remiss.textkit.analysis_types import SectionRef
from remiss.textkit.documents import Page
from remiss.textkit.duplicates import NUM_PERM, groups_from_signatures, signature
from remiss.textkit.matching import best_name_match
from remiss.textkit.themes import ThemeInput, find_themes

from .counts import run_counts_store
from .models import (
    AnalysisBatch,
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
RunCallback = Callable[[AnalysisRun], None]
BatchCallback = Callable[[AnalysisBatch], None]

BATCH_SIZE = 500  # answers per batch: one task, one transaction


def analysis_run_plan(
    *,
    run: AnalysisRun,
    batch_size: int = BATCH_SIZE,
    enqueue: BatchCallback | None = None,
) -> list[AnalysisBatch]:
    """Start a waiting run: split the consultation's answers (by id) into batches.

    ``enqueue`` is called with each batch inside the same transaction, so a database queue
    holds all of the batches' tasks or none. A consultation without answers gets one empty
    batch, whose task finishes the run. A run that has already started gets no batches.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    with transaction.atomic():
        locked = AnalysisRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.VANTAR:
            return []
        ids = [
            str(pk)
            for pk in Response.objects.filter(consultation_id=locked.consultation_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        ]
        chunks = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
        batches = AnalysisBatch.objects.bulk_create(
            AnalysisBatch(run=locked, index=index, response_ids=chunk)
            for index, chunk in enumerate(chunks or [[]])
        )
        run.status = RunStatus.PAGAR
        run.started_at = timezone.now()
        run.responses_total = len(ids)
        run.responses_done = 0
        run.save(update_fields=["status", "started_at", "responses_total", "responses_done"])
        if enqueue is not None:
            for batch in batches:
                enqueue(batch)
    return batches


def analysis_run_execute(
    *,
    run: AnalysisRun,
    on_progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> AnalysisRun:
    """Analyse a waiting run now, in this process: every batch, then the finishing step."""
    for batch in analysis_run_plan(run=run, batch_size=batch_size):
        last = analysis_batch_execute(batch_id=batch.pk)
        run.refresh_from_db()
        if on_progress:
            on_progress(run)
        if last:
            analysis_run_finish(run_id=run.pk)
    run.refresh_from_db()
    return run


@dataclass
class _Answer:
    """The rows of one analysed answer, written together with the rest of its batch."""

    response_id: Any
    stance: StanceJudgement
    points: list[Point] = field(default_factory=list)
    placements: list[PointPlacement] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)


def analysis_batch_execute(*, batch_id: int, on_last: RunCallback | None = None) -> bool:
    """Analyse the answers of one batch and write them, once, in one transaction.

    The batch is claimed while waiting (a batch that is done, or that another worker holds,
    is left alone). Its count goes to the run's progress, its failed answers to the run's
    failures. The batch that leaves none waiting is the run's last: ``on_last`` is called
    with the run inside the same transaction, and True is returned.

    With row locks (PostgreSQL) the batch's row is held while it is analysed, so another
    task for it skips it at once. Without (SQLite) the answers are analysed first and written
    in a transaction that begins by claiming the batch: SQLite lets a transaction that read
    before another one committed (a task claimed, an answer saved) no longer write.
    """
    started = time.perf_counter()
    try:
        if connection.features.has_select_for_update_skip_locked:
            with transaction.atomic():
                # Only the batch's own row (its ordering would join and lock the run's).
                batch = (
                    AnalysisBatch.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(pk=batch_id, status=RunStatus.VANTAR)
                    .order_by()
                    .first()
                )
                run = _run_in_progress(batch)
                if run is None:
                    return False
                analysed = _analyse_batch(run, batch)
                return _write_batch(run, batch, analysed, started, on_last)
        batch = AnalysisBatch.objects.filter(pk=batch_id, status=RunStatus.VANTAR).first()
        run = _run_in_progress(batch)
        if run is None:
            return False
        analysed = _analyse_batch(run, batch)
        with transaction.atomic():
            return _write_batch(run, batch, analysed, started, on_last)
    except Exception as error:  # a batch that cannot be written fails its run, not silently
        if _written_meanwhile(batch_id):
            # Another worker wrote it (a slow one and its resumed task): a no-op.
            logger.warning("analysis batch %s was written by another worker", batch_id)
            return False
        logger.exception("analysis batch %s failed", batch_id)
        _run_failed(batch_id, error)
        return False


def _run_in_progress(batch: AnalysisBatch | None) -> AnalysisRun | None:
    if batch is None:
        return None
    run = AnalysisRun.objects.select_related("consultation").get(pk=batch.run_id)
    return run if run.status == RunStatus.PAGAR else None


def _write_batch(run, batch, analysed, started: float, on_last) -> bool:
    """Claim the waiting batch and write its answers; False if it was written meanwhile."""
    answers, failures, signatures = analysed
    claimed = AnalysisBatch.objects.filter(pk=batch.pk, status=RunStatus.VANTAR).update(
        status=RunStatus.KLAR,
        seconds=round(time.perf_counter() - started, 3),
        finished_at=timezone.now(),
        signature_ids=list(signatures),
        signatures=_signature_bytes(signatures.values()),
    )
    if claimed != 1:  # written meanwhile (a database without row locks)
        return False
    if not AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.PAGAR).exists():
        transaction.set_rollback(True)  # the run failed meanwhile
        return False
    _write_answers(answers, failures)
    return _batch_done(run, len(batch.response_ids), failures, on_last)


def _written_meanwhile(batch_id: int) -> bool:
    """Whether the batch is no longer waiting. The first statement writes, so it waits for
    a writer still at work (SQLite: the database's one writer) and sees what it committed."""
    try:
        with transaction.atomic():
            waiting = AnalysisBatch.objects.filter(pk=batch_id, status=RunStatus.VANTAR)
            return waiting.update(status=RunStatus.VANTAR) == 0
    except DatabaseError:
        logger.exception("could not read analysis batch %s", batch_id)
        return False


def _analyse_batch(run: AnalysisRun, batch: AnalysisBatch):
    consultation = run.consultation
    refs, sections_by_number = section_refs(consultation)
    responses = (
        Response.objects.filter(pk__in=batch.response_ids)
        .select_related("organisation")
        .prefetch_related("documents__pages")
        .order_by("pk")
    )
    answers: list[_Answer] = []
    failures: list[dict] = []
    signatures: dict[str, Any] = {}
    for response in responses:
        try:
            answer, text = _analyse_one(run, response, refs, sections_by_number)
            fingerprint = signature(text) if text else None
        except Exception as error:  # one answer never sinks the run
            logger.exception("analysis of answer %s failed", response.pk)
            failures.append({"response": str(response.pk), "error": str(error)[:500]})
            continue
        if answer is not None:
            answers.append(answer)
        if fingerprint is not None:
            signatures[str(response.pk)] = fingerprint
    return answers, failures, signatures


def _write_answers(answers: list[_Answer], failures: list[dict]) -> None:
    """All answers' rows in bulk; should that fail, answer by answer, so a bad one fails alone."""
    try:
        with transaction.atomic():
            _bulk_write(answers)
        return
    except DatabaseError:
        logger.exception("writing an analysis batch in bulk failed; writing answer by answer")
    for answer in answers:
        for row in [answer.stance, *answer.placements, *answer.endorsements]:
            row.pk = None  # set by the bulk insert that was rolled back
        try:
            with transaction.atomic():
                _bulk_write([answer])
        except DatabaseError as error:
            logger.exception("writing the analysis of answer %s failed", answer.response_id)
            failures.append({"response": str(answer.response_id), "error": str(error)[:500]})


def _bulk_write(answers: list[_Answer]) -> None:
    StanceJudgement.objects.bulk_create([answer.stance for answer in answers])
    Point.objects.bulk_create([p for answer in answers for p in answer.points], batch_size=1000)
    PointPlacement.objects.bulk_create(
        [placement for answer in answers for placement in answer.placements], batch_size=1000
    )
    Endorsement.objects.bulk_create([e for answer in answers for e in answer.endorsements])


def _batch_done(run: AnalysisRun, count: int, failures: list[dict], on_last) -> bool:
    """Count the batch into its run under the run's row lock; True if it was the last."""
    locked = AnalysisRun.objects.select_for_update().get(pk=run.pk)
    AnalysisRun.objects.filter(pk=run.pk).update(responses_done=F("responses_done") + count)
    if failures:
        locked.failures = [*locked.failures, *failures]
        locked.save(update_fields=["failures"])
    if locked.batches.exclude(status=RunStatus.KLAR).exists():
        return False
    if on_last is not None:
        on_last(locked)
    return True


def _run_failed(batch_id: int, error: Exception) -> None:
    run_id = AnalysisBatch.objects.filter(pk=batch_id).values_list("run_id", flat=True).first()
    with transaction.atomic():
        run = (
            AnalysisRun.objects.select_for_update()
            .filter(pk=run_id, status=RunStatus.PAGAR)
            .first()
        )
        if run is None:
            return
        run.status = RunStatus.MISSLYCKAD
        run.error = f"{type(error).__name__}: {error}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])


def _analyse_one(run, response, refs, sections_by_number) -> tuple[_Answer | None, str]:
    letter = answer_letter(response)
    if letter is None:
        return None, ""
    pages = [Page(number=page.number, text=page.text) for page in letter.pages.all()]
    result = analyse_answer(pages, refs)
    answer = _Answer(
        response_id=response.pk,
        stance=StanceJudgement(
            run=run,
            response=response,
            label=result.stance.label,
            confidence=result.stance.confidence,
            evidence=[_evidence_json(evidence) for evidence in result.stance.evidence],
        ),
    )
    for position, found in enumerate(result.points):
        point = Point(
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
        answer.points.append(point)
        # Ranks run from 0 over the placements written: rank 0 is the machine's section.
        placed = [p for p in found.sections if p.number in sections_by_number]
        answer.placements.extend(
            PointPlacement(
                point=point,
                section=sections_by_number[placement.number],
                method=placement.method,
                confidence=placement.confidence,
                evidence=placement.evidence[:300],
                rank=rank,
            )
            for rank, placement in enumerate(placed)
        )
    if result.endorsements:
        # Only an answer that names another body needs the names of all the others.
        others = [(pk, name) for pk, name in _answer_names(run.pk) if pk != response.pk]
    for endorsement in result.endorsements:
        match = best_name_match([endorsement.organisation], others)
        answer.endorsements.append(
            Endorsement(
                run=run,
                response=response,
                organisation_name=endorsement.organisation[:200],
                endorsed_response_id=match.key if match else None,
                evidence=_evidence_json(endorsement.evidence),
            )
        )
    return answer, "\n".join(page.text for page in pages)


@lru_cache(maxsize=4)
def _answer_names(run_id) -> tuple[tuple[Any, str], ...]:
    """(answer id, name) for every name of every answering body of the run's consultation;
    read once per run and process, as a worker analyses many batches of one run."""
    run = AnalysisRun.objects.get(pk=run_id)
    answered = Response.objects.filter(
        consultation_id=run.consultation_id, organisation__isnull=False
    ).select_related("organisation")
    return tuple(
        (response.pk, name)
        for response in answered
        for name in (response.organisation.name, *response.organisation.all_names)
    )


def _evidence_json(evidence) -> dict:
    return {
        "text": evidence.text,
        "page": evidence.page,
        "start": evidence.start,
        "end": evidence.end,
    }


def _signature_bytes(signatures) -> bytes:
    rows = [np.asarray(value, dtype="<u8") for value in signatures]
    return np.stack(rows).tobytes() if rows else b""


def stored_signatures(run: AnalysisRun) -> dict[str, np.ndarray]:
    """The MinHash signatures the run's batches kept, by answer id."""
    signatures: dict[str, np.ndarray] = {}
    for ids, data in run.batches.values_list("signature_ids", "signatures"):
        if not ids:
            continue
        matrix = np.frombuffer(bytes(data), dtype="<u8").reshape(len(ids), NUM_PERM)
        signatures.update(zip(ids, matrix.astype(np.uint64), strict=True))
    return signatures


def analysis_run_finish(*, run_id) -> AnalysisRun:
    """After the last batch: near-duplicates and themes over the whole run, then its status
    and timings. Runs once: a run that is no longer in progress is returned as it is.

    Both are found first, outside any transaction (seconds at scale), and written in one
    that begins by claiming the run. Its first statement writes, so on SQLite it is the one
    writer from then on and what it reads stays current (SQLite refuses the write of a
    transaction that read before another one committed); on PostgreSQL a second finisher
    waits there and then finds the run no longer in progress.
    """
    run = AnalysisRun.objects.get(pk=run_id)
    if run.status != RunStatus.PAGAR:
        return run
    timings: dict[str, float] = {}
    failure: Exception | None = None
    try:
        started = time.perf_counter()
        groups = groups_from_signatures(stored_signatures(run))
        timings["duplicates"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        themes = _themes_find(run)
        timings["themes"] = round(time.perf_counter() - started, 3)
    except Exception as error:
        failure = error
    with transaction.atomic():
        in_progress = AnalysisRun.objects.filter(pk=run_id, status=RunStatus.PAGAR)
        if in_progress.update(status=RunStatus.PAGAR) != 1:
            return AnalysisRun.objects.get(pk=run_id)  # finished by another worker meanwhile
        run = AnalysisRun.objects.select_for_update().get(pk=run_id)
        batch_seconds = run.batches.aggregate(total=Sum("seconds"))["total"] or 0.0
        timings = {"answers": round(batch_seconds, 3), **timings}
        if failure is None:
            try:
                with transaction.atomic():
                    _duplicates_write(run, groups)
                    _themes_write(run, themes)
            except Exception as error:
                failure = error
        if failure is not None:
            logger.error("analysis run %s failed", run.pk, exc_info=failure)
            run.status = RunStatus.MISSLYCKAD
            run.error = f"{type(failure).__name__}: {failure}"
        else:
            run.status = RunStatus.KLAR
            run.batches.update(signature_ids=[], signatures=b"")  # grouped: no longer needed
        run.finished_at = timezone.now()
        if run.started_at:
            timings["wall"] = round((run.finished_at - run.started_at).total_seconds(), 3)
        run.timings = timings
        run.save(update_fields=["status", "error", "timings", "finished_at"])
        if run.status == RunStatus.KLAR:
            run_counts_store(run)  # what the pages count, once: machine values never change
    return run


def _duplicates_write(run: AnalysisRun, groups) -> None:
    for group in groups:
        row = DuplicateGroup.objects.create(
            run=run, representative_id=group.representative, similarity=group.similarity
        )
        row.members.set(group.members)


@dataclass
class _FoundThemes:
    points: dict[str, Point]
    found: list
    named: list[tuple[Theme, set[str]]]


def _themes_find(run: AnalysisRun) -> _FoundThemes:
    points = {str(point.pk): point for point in run.points.select_related("response__organisation")}
    inputs = [
        ThemeInput(
            id=point_id,
            text=point.text,
            group=point.response.organisation.kind if point.response.organisation else "",
        )
        for point_id, point in points.items()
    ]
    return _FoundThemes(points, list(find_themes(inputs)), _officer_named_themes(run))


def _themes_write(run: AnalysisRun, themes: _FoundThemes) -> None:
    points = themes.points
    for found in themes.found:
        members = [points[member] for member in found.members]
        theme = Theme.objects.create(
            run=run,
            machine_label=found.label[:200],
            keywords=list(found.keywords),
            counts_by_kind=dict(found.counts_by_group),
        )
        theme.points.set(members)
        theme.representatives.set([points[member] for member in found.representatives])
        _carry_officer_label(theme, {point.key for point in members}, themes.named)


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
