from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.consultations.models import Consultation
from remiss.followup.exports import FORMATS, followup_report_export
from remiss.textkit.identifiers import case_number_key


class Command(BaseCommand):
    help = (
        "Write the annual follow-up report of a consultation's strategy for one year as Word "
        "or tagged PDF, built as the download buttons build it: the frozen report when the "
        "year has been frozen, else the report as it stands now."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", metavar="DNR", help="The consultation's case number.")
        parser.add_argument(
            "--year", type=int, required=True, help="The calendar year the report follows up."
        )
        parser.add_argument(
            "--format", choices=list(FORMATS), required=True, help="The file format."
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", required=True, help="The file to write."
        )

    def handle(self, *args, consultation, year, format, output, **options):
        matches = list(Consultation.objects.filter(case_number_key=case_number_key(consultation)))
        if len(matches) != 1:
            raise CommandError(
                _("No consultation has the case number %(dnr)s.") % {"dnr": consultation}
            )
        if not 1900 <= year <= 2100:
            raise CommandError(_("The year must be between 1900 and 2100."))
        export = followup_report_export(
            actor=None, consultation=matches[0], year=year, format=format
        )
        try:
            with open(output, "wb") as target:
                target.write(export.content)
        except OSError as error:
            raise CommandError(
                _("Could not write %(file)s: %(error)s") % {"file": output, "error": error.strerror}
            ) from error
        state = _("frozen") if export.frozen else _("not frozen")
        self.stderr.write(
            _(
                "%(format)s written to %(file)s (%(size)d bytes; the report for %(year)d, "
                "%(state)s)."
            )
            % {
                "format": export.format.label,
                "file": output,
                "size": len(export.content),
                "year": year,
                "state": state,
            },
            style_func=str,
        )
