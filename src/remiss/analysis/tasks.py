"""The analysis as background tasks for `remiss worker`: a run is started, split into batches
of answers that any number of workers analyse, and finished by whichever batch is last."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from remiss.consultations.models import Consultation
from remiss.runs import RunStatus

from .models import AnalysisBatch, AnalysisRun
from .services import (
    BATCH_SIZE,
    analysis_batch_execute,
    analysis_run_create,
    analysis_run_finish,
    analysis_run_plan,
)

logger = logging.getLogger(__name__)


def _enqueue_with_transaction(task_, *args) -> None:
    """Queue a task as part of the current transaction: a database queue stores it in that
    transaction (committed with the work, or lost with it); a backend that runs tasks at
    once (tests, REMISS_TASKS_IMMEDIATE) runs it after the commit."""
    if isinstance(task_.get_backend(), ImmediateBackend):
        transaction.on_commit(lambda: task_.enqueue(*args))
    else:
        task_.enqueue(*args)


@task()
def analysis_run_process(run_id: str, batch_size: int = BATCH_SIZE) -> None:
    """Start a run: split its answers into batches and queue one task per batch."""
    analysis_run_plan(
        run=AnalysisRun.objects.get(pk=run_id),
        batch_size=batch_size,
        enqueue=lambda batch: _enqueue_with_transaction(analysis_batch_process, batch.pk),
    )


@task()
def analysis_batch_process(batch_id: int) -> None:
    """Analyse one batch of a run's answers; the last batch queues the run's finish."""
    analysis_batch_execute(
        batch_id=batch_id,
        on_last=lambda run: _enqueue_with_transaction(analysis_run_finish_process, str(run.pk)),
    )


@task()
def analysis_run_finish_process(run_id: str) -> None:
    """Near-duplicates and themes over the whole run, then its status."""
    analysis_run_finish(run_id=run_id)


def analysis_run_request(*, actor, consultation) -> AnalysisRun:
    """A run that will include the newest answers: the one still waiting to start, or a new
    one queued for `remiss worker` when the transaction commits. Many answers arriving at
    once (a deadline) thus share one run instead of queueing one each."""
    with transaction.atomic():
        Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
        waiting = consultation.analysis_runs.filter(status=RunStatus.VANTAR).first()
        if waiting is not None:
            return waiting
        run = analysis_run_create(actor=actor, consultation=consultation)
        transaction.on_commit(lambda: analysis_run_process.enqueue(str(run.pk)))
    return run


# -- resuming runs whose worker died -------------------------------------------------------

RESUME_AFTER = timedelta(minutes=10)
"""A task running this long is taken for dead where the database cannot tell (SQLite)."""

CLAIM_GRACE = timedelta(seconds=30)
"""From a worker's claim of a task to its lock on the task's row: on PostgreSQL a running task
whose row is not locked after this long has lost its worker."""


@dataclass
class Resumed:
    """What `analysis_runs_resume` queued again, by run."""

    started: list[str] = field(default_factory=list)  # runs whose split into batches
    batches: list[int] = field(default_factory=list)  # waiting batches
    finished: list[str] = field(default_factory=list)  # runs whose finishing step

    def __len__(self) -> int:
        return len(self.started) + len(self.batches) + len(self.finished)


def analysis_runs_resume(*, stale_after: timedelta = RESUME_AFTER) -> Resumed:
    """Queue again the work of analysis runs that no task can still do, as after a worker died
    in the middle of it: the start of a waiting run, the waiting batches of a run in progress,
    or the finish of a run whose batches are all written.

    A piece of work still has a task when one is ready for it, or one is running that is
    alive: on PostgreSQL while the work's row is locked (a worker's transaction holds it; one
    that died has let go), else, and on SQLite, while it started less than ``stale_after``
    ago. Work with no such task (a run done in-process, a task that ended without doing it)
    counts from the run's start.
    Doing a piece twice is harmless (a batch is written once, a run finished once), so a
    worker that was only slow makes the extra task a no-op. Each run is decided under its
    row lock; a run whose row another worker holds is alive and left alone.
    """
    if stale_after < timedelta(0):
        raise ValueError("stale_after must not be negative")
    now = timezone.now()
    cutoff = now - stale_after
    claim_cutoff = now - min(stale_after, CLAIM_GRACE)
    locks = connection.features.has_select_for_update_skip_locked
    resumed = Resumed()
    for run_id in AnalysisRun.objects.filter(
        status__in=[RunStatus.VANTAR, RunStatus.PAGAR]
    ).values_list("pk", flat=True):
        with transaction.atomic():
            run = (
                AnalysisRun.objects.select_for_update(skip_locked=True)
                .filter(pk=run_id, status__in=[RunStatus.VANTAR, RunStatus.PAGAR])
                .first()
            )
            if run is None:  # being planned or finished right now, or no longer in progress
                continue
            queue = _queue()
            if run.status == RunStatus.VANTAR:
                tasks = queue[(analysis_run_process.module_path, str(run.pk))]
                if not tasks.alive(run.created_at, cutoff, claim_cutoff, locked=False):
                    analysis_run_process.enqueue(str(run.pk), *tasks.extra_args)
                    resumed.started.append(str(run.pk))
                continue
            waiting = list(run.batches.filter(status=RunStatus.VANTAR).order_by("index"))
            if not waiting:
                tasks = queue[(analysis_run_finish_process.module_path, str(run.pk))]
                if not tasks.alive(run.started_at, cutoff, claim_cutoff, locked=False):
                    analysis_run_finish_process.enqueue(str(run.pk))
                    resumed.finished.append(str(run.pk))
                continue
            by_batch = {
                batch.pk: queue[(analysis_batch_process.module_path, str(batch.pk))]
                for batch in waiting
            }
            held = _locked_batches(
                [pk for pk, tasks in by_batch.items() if tasks.probe(claim_cutoff)] if locks else []
            )
            for batch in waiting:
                if not by_batch[batch.pk].alive(
                    run.started_at, cutoff, claim_cutoff, locked=batch.pk in held, locks=locks
                ):
                    analysis_batch_process.enqueue(batch.pk)
                    resumed.batches.append(batch.pk)
    if len(resumed):
        logger.warning(
            "resumed analysis runs: %d started, %d batches, %d finished again",
            len(resumed.started),
            len(resumed.batches),
            len(resumed.finished),
        )
    return resumed


def resumed_summary(resumed: Resumed) -> str:
    return _(
        "Analysis runs resumed: %(started)d queued to start again, %(batches)d batches "
        "queued again, %(finished)d queued to finish again."
    ) % {
        "started": len(resumed.started),
        "batches": len(resumed.batches),
        "finished": len(resumed.finished),
    }


@dataclass
class _Tasks:
    """The queue's ready and running tasks for one piece of work."""

    ready: bool = False
    running_since: list = field(default_factory=list)  # started_at of its running tasks
    extra_args: tuple = ()

    def probe(self, claim_cutoff) -> bool:
        """Worth asking the database whether a running task holds the row."""
        return not self.ready and any(start < claim_cutoff for start in self.running_since)

    def alive(self, run_since, cutoff, claim_cutoff, *, locked: bool, locks: bool = False) -> bool:
        if self.ready or locked:
            return True
        if not self.running_since:  # no task (done in-process, or its task ended): run's age
            return run_since is not None and run_since >= cutoff
        limit = claim_cutoff if locks else cutoff
        return any(start >= limit for start in self.running_since)


def _queue() -> dict[tuple[str, str], _Tasks]:
    """The ready and running analysis tasks, by (task path, first argument)."""
    queue: dict[tuple[str, str], _Tasks] = defaultdict(_Tasks)
    rows = DBTaskResult.objects.filter(
        task_path__in=[
            task_.module_path
            for task_ in (analysis_run_process, analysis_batch_process, analysis_run_finish_process)
        ],
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("task_path", "status", "started_at", "args_kwargs")
    for path, status, started_at, args_kwargs in rows:
        args = list((args_kwargs or {}).get("args") or [])
        if not args:
            continue
        found = queue[(path, str(args[0]))]
        found.extra_args = tuple(args[1:])
        if status == TaskResultStatus.READY:
            found.ready = True
        elif started_at is not None:
            found.running_since.append(started_at)
    return queue


def _locked_batches(batch_ids: list[int]) -> set[int]:
    """Which of these waiting batches a transaction holds now (a worker analysing them).

    Only batches whose task has been running past the claim grace are asked about: their
    worker holds the row already or is gone, so this brief lock never makes a live worker
    skip its batch."""
    if not batch_ids:
        return set()
    free = set(
        AnalysisBatch.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=batch_ids)
        .order_by()
        .values_list("pk", flat=True)
    )
    return set(batch_ids) - free
