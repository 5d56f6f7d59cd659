import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.analysis.services import analysis_run_create, analysis_run_execute
from remiss.consultations.models import Consultation
from remiss.progress import ProgressBar
from remiss.runs import RunStatus
from remiss.textkit.identifiers import case_number_key


class Command(BaseCommand):
    help = (
        "Analyse every answer of a consultation now and store the result as an analysis run "
        "(as the button on the analysis page does). Officers' decisions are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", metavar="DNR", help="The consultation's case number.")

    def handle(self, *args, consultation, **options):
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
