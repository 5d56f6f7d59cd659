from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.textkit.evaluate import evaluate_corpus, format_report


class Command(BaseCommand):
    help = (
        "Measure the analysis on labelled answers: DIR holds labels.jsonl and the texts beside "
        "it. Prints position accuracy, precision, recall and F1 per position, a confusion "
        "matrix, and how often sender, date and case numbers are found exactly. Needs no "
        "database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder with labels.jsonl.")

    def handle(self, *args, directory, **options):
        folder = Path(directory)
        if not (folder / "labels.jsonl").exists():
            raise CommandError(_("%(dir)s has no labels.jsonl.") % {"dir": directory})
        self.stdout.write(format_report(evaluate_corpus(folder)))
