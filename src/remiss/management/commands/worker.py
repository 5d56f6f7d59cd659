from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run a background worker: it claims tasks (such as reading uploaded answers) from the "
        "database and runs them. Start as many as you like, on any machine that shares the "
        "database."
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
        call_command(
            "db_worker",
            queue_name="*",
            interval=interval,
            batch=batch,
            reload=False,
            startup_delay=False,
            verbosity=options.get("verbosity", 1),
        )
