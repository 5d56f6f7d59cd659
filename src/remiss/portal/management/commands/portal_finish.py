from django.core.management.base import BaseCommand, CommandError

from remiss.portal.services import portal_answers_finish


class Command(BaseCommand):
    help = (
        "Make the PDF copy and send the receipt e-mail of every submitted portal answer that "
        "still lacks one (after a failed task). The answers themselves are already received."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Do the work here instead of queueing it for `remiss worker`.",
        )

    def handle(self, *args, now: bool, **options):
        answers, failures = portal_answers_finish(now=now)
        done = "finished" if now else "queued for the worker"
        self.stdout.write(f"{answers - failures} of {answers} unfinished answer(s) {done}.")
        if failures:
            raise CommandError(f"{failures} answer(s) failed again; see the log.")
