"""An analysis run split into batches of answers that any number of workers analyse: the same
results as one batch, each batch written once, the finish run once, and real `remiss worker`
processes sharing a run."""

import hashlib
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from remiss.analysis.models import AnalysisBatch, AnalysisRun, PointPlacement, StanceJudgement
from remiss.analysis.services import (
    analysis_batch_execute,
    analysis_run_create,
    analysis_run_execute,
    analysis_run_finish,
    analysis_run_plan,
    answer_letter,
    stored_signatures,
)
from remiss.consultations.models import Organisation
from remiss.responses.models import Document, DocumentPage, Response
from remiss.runs import RunStatus
from remiss.textkit.analyse import analyse_answer
from remiss.textkit.documents import Page
from remiss.textkit.duplicates import near_duplicate_groups, signature

REPO = Path(__file__).resolve().parents[4]
for folder in (REPO / "benchmarks", REPO / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def consultation_with_answers(count: int, *, seed: int = 7, copies: int = 3):
    """``count`` generated answers (the benchmarks' answer maker: points, endorsements, every
    stance) and ``copies`` answers that repeat the first one word for word (a campaign)."""
    from scale import fill

    consultation, _run, _sections = fill(f"Batchar {seed}", count, 0, seed, analyse=False)
    for number in range(copies):
        original = consultation.responses.order_by("received_at").first()
        text = original.documents.get().pages.get().text
        body = Organisation.objects.create(name=f"Kampanjsvarande {number}", kind="allmänhet")
        response = Response.objects.create(
            consultation=consultation, organisation=body, title="Yttrande", channel="epost"
        )
        document = Document.objects.create(
            response=response,
            original_filename="kopia.txt",
            media_type="text/plain",
            size=len(text.encode()),
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        DocumentPage.objects.create(document=document, number=1, text=text)
    return consultation


def results(run: AnalysisRun) -> dict:
    """What a run found, free of row ids that differ between runs."""
    keys = {point.pk: point.key for point in run.points.all()}
    return {
        "stances": {
            (s.response_id, s.label, s.confidence, str(s.evidence)) for s in run.stances.all()
        },
        "points": {
            (p.response_id, p.key, p.position, p.kind, p.text, p.page, p.start, p.end)
            for p in run.points.all()
        },
        "placements": {
            (p.point.key, p.section_id, p.method, p.confidence, p.evidence, p.rank)
            for p in PointPlacement.objects.filter(point__run=run).select_related("point")
        },
        "endorsements": {
            (e.response_id, e.organisation_name, e.endorsed_response_id, str(e.evidence))
            for e in run.endorsements.all()
        },
        "duplicates": {
            (g.representative_id, frozenset(g.members.values_list("pk", flat=True)), g.similarity)
            for g in run.duplicate_groups.all()
        },
        "themes": {
            (t.machine_label, frozenset(keys[pk] for pk in t.points.values_list("pk", flat=True)))
            for t in run.themes.all()
        },
    }


@pytest.mark.django_db
def test_a_run_in_batches_finds_what_one_batch_finds():
    consultation = consultation_with_answers(22)
    total = consultation.responses.count()
    whole = analysis_run_execute(
        run=analysis_run_create(actor=None, consultation=consultation), batch_size=total
    )
    batched = analysis_run_execute(
        run=analysis_run_create(actor=None, consultation=consultation), batch_size=5
    )
    for run in (whole, batched):
        assert run.status == RunStatus.KLAR, run.error
        assert run.responses_done == run.responses_total == total
        assert run.failures == []
        assert set(run.timings) == {"answers", "duplicates", "themes", "wall"}
    assert whole.batches.count() == 1
    assert list(batched.batches.values_list("index", "status")) == [
        (index, RunStatus.KLAR) for index in range(5)
    ]
    first, second = results(whole), results(batched)
    for part in first:
        assert first[part] == second[part], part
        assert first[part], f"the answers give some {part}"


@pytest.mark.django_db
def test_duplicates_from_stored_signatures_are_those_of_the_texts():
    consultation = consultation_with_answers(12, seed=3)
    run = analysis_run_create(actor=None, consultation=consultation)
    for batch in analysis_run_plan(run=run, batch_size=4):
        analysis_batch_execute(batch_id=batch.pk)
    texts = {}
    for response in consultation.responses.prefetch_related("documents__pages"):
        letter = answer_letter(response)
        texts[str(response.pk)] = "\n".join(page.text for page in letter.pages.all())
    kept = stored_signatures(run)
    assert set(kept) == set(texts)
    for key, text in texts.items():
        assert (kept[key] == signature(text)).all()
    expected = near_duplicate_groups(texts)
    assert expected, "the copies make a group"

    run = analysis_run_finish(run_id=run.pk)
    found = {
        (
            str(g.representative_id),
            tuple(sorted(str(pk) for pk in g.members.values_list("pk", flat=True))),
            g.similarity,
        )
        for g in run.duplicate_groups.all()
    }
    assert found == {(g.representative, g.members, g.similarity) for g in expected}
    assert stored_signatures(run) == {}, "grouped signatures are let go"


@pytest.mark.django_db
def test_the_placements_of_a_point_are_ranked_from_zero_without_gaps():
    consultation = consultation_with_answers(15, seed=5, copies=0)
    run = analysis_run_execute(
        run=analysis_run_create(actor=None, consultation=consultation), batch_size=4
    )
    ranks = [
        [placement.rank for placement in point.placements.all()]
        for point in run.points.prefetch_related("placements")
    ]
    assert any(ranks), "some points are placed"
    assert all(rank == list(range(len(rank))) for rank in ranks)


@pytest.mark.django_db
def test_a_batch_run_twice_is_written_once():
    consultation = consultation_with_answers(8, seed=11, copies=0)
    run = analysis_run_create(actor=None, consultation=consultation)
    first, second = analysis_run_plan(run=run, batch_size=4)
    assert analysis_batch_execute(batch_id=first.pk) is False
    stances = StanceJudgement.objects.filter(run=run).count()
    points = run.points.count()
    assert stances == 4

    assert analysis_batch_execute(batch_id=first.pk) is False
    run.refresh_from_db()
    assert StanceJudgement.objects.filter(run=run).count() == stances
    assert run.points.count() == points
    assert run.responses_done == 4
    assert run.status == RunStatus.PAGAR

    assert analysis_batch_execute(batch_id=second.pk) is True
    assert analysis_batch_execute(batch_id=second.pk) is False
    run.refresh_from_db()
    assert run.responses_done == 8


@pytest.mark.django_db
def test_a_started_run_is_not_split_again():
    consultation = consultation_with_answers(3, seed=13, copies=0)
    run = analysis_run_create(actor=None, consultation=consultation)
    assert len(analysis_run_plan(run=run, batch_size=2)) == 2
    assert analysis_run_plan(run=run, batch_size=2) == []
    assert AnalysisBatch.objects.filter(run=run).count() == 2


@pytest.mark.django_db
def test_a_consultation_without_answers_finishes_its_run():
    consultation = consultation_with_answers(0, seed=17, copies=0)
    run = analysis_run_execute(run=analysis_run_create(actor=None, consultation=consultation))
    assert run.status == RunStatus.KLAR
    assert (run.responses_total, run.responses_done) == (0, 0)


@pytest.mark.django_db
def test_an_answer_that_cannot_be_written_fails_alone():
    consultation = consultation_with_answers(6, seed=19, copies=0)
    run = analysis_run_create(actor=None, consultation=consultation)
    batches = analysis_run_plan(run=run, batch_size=10)
    bad = Response.objects.get(pk=batches[0].response_ids[2])
    # A position already stored for this answer in this run: its own row now breaks a
    # database constraint, so the batch's bulk insert fails and it is written answer by answer.
    StanceJudgement.objects.create(run=run, response=bad, label="oklart")
    assert analysis_batch_execute(batch_id=batches[0].pk) is True
    run = analysis_run_finish(run_id=run.pk)
    assert run.status == RunStatus.KLAR, run.error
    assert run.responses_done == 6
    assert [failure["response"] for failure in run.failures] == [str(bad.pk)]
    assert run.stances.exclude(response=bad).count() == 5
    assert not run.points.filter(response=bad).exists()
    assert run.points.exclude(response=bad).exists()


@pytest.mark.django_db(transaction=True)
def test_the_last_batch_finishes_the_run_once_when_two_batches_end_together():
    """On PostgreSQL two threads end their batches while the run's row is held, so both wait
    for it and then go on at once; on SQLite (one writer at a time) one after the other."""
    consultation = consultation_with_answers(6, seed=23, copies=0)
    run = analysis_run_create(actor=None, consultation=consultation)
    batches = analysis_run_plan(run=run, batch_size=3)
    finished: list[str] = []

    def work(batch):
        try:
            analysis_batch_execute(
                batch_id=batch.pk, on_last=lambda last: finished.append(str(last.pk))
            )
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        analyse_answer([Page(number=1, text="Vi tillstyrker förslaget.")], [])  # words loaded
        threads = [threading.Thread(target=work, args=(batch,)) for batch in batches]
        with transaction.atomic():
            AnalysisRun.objects.select_for_update().get(pk=run.pk)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 60
            while _waiting_for_locks() < 2:
                assert time.monotonic() < deadline, "both batches reach the run's lock"
                time.sleep(0.05)
        for thread in threads:
            thread.join(60)
    else:
        for batch in batches:
            work(batch)
    assert finished == [str(run.pk)]
    run.refresh_from_db()
    assert run.responses_done == 6
    assert set(run.batches.values_list("status", flat=True)) == {RunStatus.KLAR}


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_workers_share_the_batches_of_one_run(tmp_path):
    """Real `remiss worker --batch` processes on a database of their own: two on PostgreSQL
    (both do batches), one on SQLite (whose file database has one writer at a time)."""
    from production_support import (
        analysis_run_planned,
        fresh_database,
        on_postgresql,
        python,
        workers_batch,
    )

    workers = 2 if on_postgresql() else 1
    with fresh_database(tmp_path) as env:
        run_id = analysis_run_planned(env, "Arbetare", 60, 29, 10)
        _processes, outputs = workers_batch(env, workers, timeout=300)
        report = python(
            env,
            "from django_tasks_db.models import DBTaskResult\n"
            "from remiss.analysis.models import AnalysisRun\n"
            f"run = AnalysisRun.objects.get(pk={run_id!r})\n"
            "print(run.status, run.responses_done, run.responses_total, len(run.failures),\n"
            "      run.batches.filter(status='klar').count(), run.stances.count())\n"
            "for result in DBTaskResult.objects.all():\n"
            "    print(result.task_path.rsplit('.', 1)[-1], result.status, *result.worker_ids)\n",
        )
    assert report.returncode == 0, report.stderr
    summary, *tasks = report.stdout.splitlines()
    assert summary.split() == ["klar", "60", "60", "0", "6", "60"], outputs
    tasks = [line.split() for line in tasks]
    assert sorted(name for name, *_ in tasks) == ["analysis_batch_process"] * 6 + [
        "analysis_run_finish_process"
    ]
    assert {status for _name, status, *_ in tasks} == {"SUCCESSFUL"}
    batch_workers = {worker for name, _status, worker in tasks if name == "analysis_batch_process"}
    assert len(batch_workers) == workers, f"every worker did batches: {tasks}"
