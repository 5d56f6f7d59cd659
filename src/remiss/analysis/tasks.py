from django.tasks import task

from .models import AnalysisRun
from .services import analysis_run_execute


@task()
def analysis_run_process(run_id: str) -> None:
    """Analyse every answer of a consultation (run by `remiss worker`)."""
    analysis_run_execute(run=AnalysisRun.objects.get(pk=run_id))
