"""A batched analysis run survives a worker that dies: `analysis_runs_resume` (called by
`remiss worker` at start and by `remiss analysis_run --resume`) queues again the work that no
live task holds, and the run ends done with every answer analysed once."""

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from remiss.analysis.models import AnalysisBatch, AnalysisRun
from remiss.analysis.services import analysis_batch_execute, analysis_run_create
from remiss.analysis.tasks import (
    analysis_batch_process,
    analysis_run_finish_process,
    analysis_run_process,
    analysis_runs_resume,
)
from remiss.runs import RunStatus

from .test_batches import REPO, consultation_with_answers

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def batch_task(batch: AnalysisBatch) -> DBTaskResult:
    path = analysis_batch_process.module_path
    (row,) = [
        row
        for row in DBTaskResult.objects.filter(task_path=path)
        if row.args_kwargs["args"][0] == batch.pk
    ]
    return row


def as_if_claimed(row: DBTaskResult, *, ago: timedelta) -> None:
    """What a worker's claim leaves in the queue (django-tasks-db's DBTaskResult.claim)."""
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - ago,
        worker_ids=["gone"],
    )


def assert_analysed_once(run: AnalysisRun, answers: int) -> None:
    run.refresh_from_db()
    assert run.status == RunStatus.KLAR, run.error
    assert run.failures == []
    assert run.responses_done == run.responses_total == answers
    assert run.stances.count() == answers
    assert run.stances.values("response").distinct().count() == answers
    points = list(run.points.values_list("response_id", "position"))
    assert points and len(points) == len(set(points)), "no point written twice"
    finishes = DBTaskResult.objects.filter(task_path=analysis_run_finish_process.module_path)
    assert finishes.count() == 1


@pytest.mark.django_db(transaction=True)
def test_resume_queues_again_only_the_batches_no_live_task_holds(settings):
    settings.TASKS = DATABASE_QUEUE
    consultation = consultation_with_answers(12, seed=31, copies=0)
    run = analysis_run_create(actor=None, consultation=consultation)
    analysis_run_process.call(str(run.pk), 4)
    dead, slow, ready = run.batches.order_by("index")
    as_if_claimed(batch_task(dead), ago=timedelta(hours=1))  # its worker was SIGKILLed
    as_if_claimed(batch_task(slow), ago=timedelta(seconds=1))  # claimed a moment ago

    resumed = analysis_runs_resume(stale_after=timedelta(minutes=10))
    assert resumed.batches == [dead.pk]
    assert (resumed.started, resumed.finished) == ([], [])
    assert len(analysis_runs_resume(stale_after=timedelta(minutes=10))) == 0, "queued once"

    call_command("worker", batch=True, interval=0, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.PAGAR, "the batch of the claimed task is still waiting"
    assert list(run.batches.filter(status=RunStatus.VANTAR)) == [slow]
    assert ready.pk not in analysis_runs_resume(stale_after=timedelta(minutes=10)).batches

    # Its worker turns out dead too: with no grace left it is queued and the run finishes.
    assert analysis_runs_resume(stale_after=timedelta(0)).batches == [slow.pk]
    call_command("worker", batch=True, interval=0, verbosity=0)
    assert_analysed_once(run, 12)
    assert len(analysis_runs_resume(stale_after=timedelta(0))) == 0


@pytest.mark.django_db(transaction=True)
def test_resume_starts_and_finishes_runs_whose_start_or_finish_died(settings):
    settings.TASKS = DATABASE_QUEUE
    consultation = consultation_with_answers(5, seed=37, copies=0)
    run = analysis_run_create(actor=None, consultation=consultation)
    analysis_run_process.enqueue(str(run.pk), 2)
    (start,) = DBTaskResult.objects.all()
    as_if_claimed(start, ago=timedelta(hours=1))
    assert analysis_runs_resume().started == [str(run.pk)]
    call_command("worker", batch=True, interval=0, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.KLAR
    assert run.batches.count() == 3, "the batch size of the task that died is kept"

    # The last batch written, its finish claimed by a worker that died.
    second = analysis_run_create(actor=None, consultation=consultation)
    analysis_run_process.call(str(second.pk), 10)
    (batch,) = second.batches.all()
    DBTaskResult.objects.filter(pk=batch_task(batch).pk).delete()
    assert analysis_batch_execute(batch_id=batch.pk, on_last=lambda r: None) is True
    analysis_run_finish_process.enqueue(str(second.pk))
    finish = DBTaskResult.objects.get(
        task_path=analysis_run_finish_process.module_path, status=TaskResultStatus.READY
    )
    as_if_claimed(finish, ago=timedelta(hours=1))
    assert analysis_runs_resume().finished == [str(second.pk)]
    call_command("worker", batch=True, interval=0, verbosity=0)
    second.refresh_from_db()
    assert second.status == RunStatus.KLAR


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_resumed_batch_whose_slow_worker_still_holds_it_is_a_no_op(settings):
    """PostgreSQL: the slow worker's transaction holds the batch's row, so the resumed task
    skips it and the slow worker writes it, once; the run finishes once."""
    settings.TASKS = DATABASE_QUEUE
    consultation = consultation_with_answers(4, seed=41, copies=0)
    run = analysis_run_create(actor=None, consultation=consultation)
    analysis_run_process.call(str(run.pk), 10)
    (batch,) = run.batches.all()
    as_if_claimed(batch_task(batch), ago=timedelta(hours=1))
    holding, release = threading.Event(), threading.Event()

    def slow_worker():
        try:
            with transaction.atomic():
                AnalysisBatch.objects.select_for_update().filter(pk=batch.pk).first()
                holding.set()
                release.wait(60)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_worker)
    thread.start()
    try:
        assert holding.wait(30)
        assert len(analysis_runs_resume(stale_after=timedelta(0))) == 0, "a held batch is alive"
        analysis_batch_process.enqueue(batch.pk)  # as a resume without the lock check would
        call_command("worker", batch=True, interval=0, verbosity=0)
        batch.refresh_from_db()
        assert batch.status == RunStatus.VANTAR, "the resumed task left it to the slow worker"
    finally:
        release.set()
        thread.join(60)
    assert analysis_batch_execute(batch_id=batch.pk, on_last=lambda r: None) is True
    analysis_run_finish_process.enqueue(str(run.pk))
    call_command("worker", batch=True, interval=0, verbosity=0)
    assert_analysed_once(run, 4)


# -- real processes --------------------------------------------------------------------------


def _queue_state(env: dict) -> list[tuple]:
    """(status, batch id) of the batch tasks, read straight from the worker's database."""
    query = (
        "SELECT t.status, b.status FROM django_tasks_database_dbtaskresult t "
        "JOIN analysis_analysisbatch b ON b.id = CAST(t.args_kwargs::json->'args'->>0 AS bigint) "
        "WHERE t.task_path LIKE '%analysis_batch_process'"
    )
    if "DATABASE_URL" in env:
        import psycopg

        url = env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        with psycopg.connect(url, autocommit=True) as db:
            return db.execute(query).fetchall()
    query = query.replace(
        "CAST(t.args_kwargs::json->'args'->>0 AS bigint)",
        "json_extract(t.args_kwargs, '$.args[0]')",
    )
    path = Path(env["REMISS_DATA_DIR"]) / "remiss.sqlite3"
    with sqlite3.connect(path, timeout=20) as db:
        return db.execute(query).fetchall()


def _worker(env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "remiss.cli", "worker", "--interval", "0.1", *extra],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _report(env: dict, run_id: str):
    from production_support import python

    return python(
        env,
        "from remiss.analysis.models import AnalysisRun\n"
        f"run = AnalysisRun.objects.get(pk={run_id!r})\n"
        "points = list(run.points.values_list('response_id', 'position'))\n"
        "themes = [frozenset(t.points.values_list('pk', flat=True)) for t in run.themes.all()]\n"
        "groups = [frozenset(g.members.values_list('pk', flat=True))\n"
        "          for g in run.duplicate_groups.all()]\n"
        "doubled = len(themes) - len(set(themes)) + len(groups) - len(set(groups))\n"
        "print(run.status, run.responses_done, run.responses_total, len(run.failures),\n"
        "      run.stances.count(), run.stances.values('response').distinct().count(),\n"
        "      len(points) - len(set(points)), doubled, len(themes) > 0, run.error or '-')\n",
    )


def _planned_run(env: dict, answers: int, batch_size: int) -> str:
    from production_support import analysis_run_planned

    return analysis_run_planned(env, "Avbruten", answers, 43, batch_size)


def _wait_for_a_batch_in_progress(env: dict, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while ("RUNNING", "vantar") not in _queue_state(env):
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, f"the worker claims a batch: {_queue_state(env)}"
        time.sleep(0.05)


ANSWERS, BATCH = 60, 30
DONE_ONCE = ["klar", "60", "60", "0", "60", "60", "0", "0", "True", "-"]


def test_a_run_whose_worker_was_killed_mid_batch_is_resumed_and_finished(tmp_path):
    """A real `remiss worker` is SIGKILLed while it analyses a batch: its task stays running
    and the batch waiting. A fresh worker alone leaves the run hanging on SQLite (the task
    might still be alive); `remiss analysis_run --resume` queues the batch again and a fresh
    `remiss worker --batch` ends the run done, every answer analysed once."""
    from production_support import fresh_database, remiss

    with fresh_database(tmp_path) as env:
        run_id = _planned_run(env, ANSWERS, BATCH)
        doomed = _worker(env)
        try:
            _wait_for_a_batch_in_progress(env, doomed)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(30)
        finally:
            if doomed.poll() is None:
                doomed.kill()
            doomed.communicate()
        assert ("RUNNING", "vantar") in _queue_state(env), "killed in the middle of a batch"

        resumed = remiss(env, "analysis_run", "--resume", "--stale-after", "0")
        assert resumed.returncode == 0, resumed.stderr
        assert "1 omgångar köade igen" in resumed.stdout, resumed.stdout  # Swedish interface
        finished = remiss(env, "worker", "--batch", "--interval", "0.1", timeout=300)
        assert finished.returncode == 0, finished.stdout + finished.stderr
        report = _report(env, run_id)
    assert report.returncode == 0, report.stderr
    assert report.stdout.split() == DONE_ONCE


def test_a_resumed_batch_and_its_slow_worker_write_it_once(tmp_path):
    """The worker was only slow: resumed anyway (stale after 0), a second worker runs the same
    batch at the same time. One of them writes it; the other's is a no-op, not a failure (on
    SQLite its write finds its snapshot out of date), and the run finishes once."""
    from production_support import fresh_database, remiss, stop

    with fresh_database(tmp_path) as env:
        run_id = _planned_run(env, ANSWERS, BATCH)
        slow = _worker(env)
        try:
            _wait_for_a_batch_in_progress(env, slow)
            resumed = remiss(env, "analysis_run", "--resume", "--stale-after", "0")
            assert resumed.returncode == 0, resumed.stderr
            second = remiss(env, "worker", "--batch", "--interval", "0.1", timeout=300)
            assert second.returncode == 0, second.stdout + second.stderr
            deadline = time.monotonic() + 300
            while _report(env, run_id).stdout.split()[:1] == ["pagar"]:
                assert slow.poll() is None and time.monotonic() < deadline, _queue_state(env)
                time.sleep(0.5)
        finally:
            stop(slow)
            output = slow.communicate()[0]
        report = _report(env, run_id)
    assert report.returncode == 0, report.stderr
    assert report.stdout.split() == DONE_ONCE, output
