import sys
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.analysis.services import analysis_run_create, analysis_run_execute
from remiss.analysis.tasks import RESUME_AFTER, analysis_runs_resume, resumed_summary
from remiss.consultations.models import Consultation
from remiss.progress import ProgressBar
from remiss.runs import RunStatus
from remiss.textkit.identifiers import case_number_key


class Command(BaseCommand):
    help = (
        "Analyse every answer of a consultation now and store the result as an analysis run "
        "(as the button on the analysis page does). Officers' decisions are kept. With "
        "--resume, queue again for `remiss worker` the work of runs that a worker which died "
        "left unfinished."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "consultation", metavar="DNR", nargs="?", help="The consultation's case number."
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Instead of a new run: queue again the unfinished work of runs in progress "
            "that no live task holds.",
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=RESUME_AFTER.total_seconds(),
            metavar="SECONDS",
            help="With --resume: seconds after which a running task counts as dead (default "
            "%(default)s); on PostgreSQL one whose work no worker holds counts as dead after "
            "at most 30. Use 0 when no worker is running.",
        )

    def handle(self, *args, consultation, resume: bool, stale_after: float, **options):
        if resume:
            if consultation:
                raise CommandError(_("Give either a case number or --resume, not both."))
            if not stale_after >= 0:
                raise CommandError(_("--stale-after must be zero or more seconds."))
            resumed = analysis_runs_resume(stale_after=timedelta(seconds=stale_after))
            self.stdout.write(resumed_summary(resumed))
            return
        if not consultation:
            raise CommandError(_("Give a consultation's case number, or --resume."))
        matches = list(Consultation.objects.filter(case_number_key=case_number_key(consultation)))
        if len(matches) != 1:
            raise CommandError(
                _("No consultation has the case number %(dnr)s.") % {"dnr": consultation}
            )
        run = analysis_run_create(actor=None, consultation=matches[0])
        progress = ProgressBar(sys.stderr, total=run.responses_total)
        run = analysis_run_execute(
            run=run, on_progress=lambda r: progress.update(r.responses_done, "")
        )
        progress.finish()
        self.stdout.write(
            _("Analysis %(status)s: %(done)d answers, %(points)d points, %(themes)d themes.")
            % {
                "status": run.get_status_display(),
                "done": run.responses_done,
                "points": run.points.count(),
                "themes": run.themes.count(),
            }
        )
        if run.status != RunStatus.KLAR or run.failures:
            sys.exit(1)
