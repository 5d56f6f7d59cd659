import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _

from remiss.analysis.tasks import analysis_runs_resume, resumed_summary
from remiss.responses.storage import originals_sweep_unfinished

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run a background worker: it claims tasks (such as reading uploaded answers) from the "
        "database and runs them. Start as many as you like, on any machine that shares the "
        "database. At start it queues again the analysis work that a worker which died left "
        "unfinished, and removes files it left half-written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks waiting now, then stop."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks for new tasks when idle (default %(default)s).",
        )

    def handle(self, *args, batch: bool, interval: float, **options):
        # Writes of originals cut short when a worker on this host was killed.
        for path in originals_sweep_unfinished():
            logger.info("removed an unfinished write: %s", path)
        try:  # work a worker that died left unfinished; the queue is worked on regardless
            resumed = analysis_runs_resume()
        except DatabaseError:
            logger.exception("resuming analysis runs failed")
            self.stderr.write(_("Could not resume unfinished analysis runs; see the log."))
        else:
            if len(resumed) and options.get("verbosity", 1):
                self.stdout.write(resumed_summary(resumed))
        call_command(
            "db_worker",
            queue_name="*",
            interval=interval,
            batch=batch,
            reload=False,
            startup_delay=False,
            verbosity=options.get("verbosity", 1),
        )
