from django.db import transaction
from django.tasks import task

from remiss.consultations.models import Consultation
from remiss.runs import RunStatus

from .models import AnalysisRun
from .services import analysis_run_create, analysis_run_execute


@task()
def analysis_run_process(run_id: str) -> None:
    """Analyse every answer of a consultation (run by `remiss worker`)."""
    analysis_run_execute(run=AnalysisRun.objects.get(pk=run_id))


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
