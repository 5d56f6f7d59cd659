"""Background work of the responses app, run by `remiss worker` (or inline in tests)."""

from django.tasks import task

from .intake import intake_run_execute
from .models import IntakeRun


@task()
def intake_run_process(run_id: str) -> None:
    """Read the spooled files of an intake run."""
    intake_run_execute(run=IntakeRun.objects.get(pk=run_id))
