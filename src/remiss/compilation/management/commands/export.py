from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from remiss.compilation.exports import FORMATS, compilation_export
from remiss.consultations.models import Consultation
from remiss.textkit.identifiers import case_number_key


class Command(BaseCommand):
    help = (
        "Export a consultation's compilation (remissammanställning) as Word, PDF, archival "
        "PDF/A, spreadsheet, CSV or open data (JSON), built as the download buttons build it."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", metavar="DNR", help="The consultation's case number.")
        parser.add_argument(
            "--format", choices=list(FORMATS), required=True, help="The file format."
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            required=True,
            help="The file to write; '-' writes csv and json to standard output.",
        )

    def handle(self, *args, consultation, format, output, **options):
        matches = list(Consultation.objects.filter(case_number_key=case_number_key(consultation)))
        if len(matches) != 1:
            raise CommandError(
                _("No consultation has the case number %(dnr)s.") % {"dnr": consultation}
            )
        if output == "-" and FORMATS[format].binary:
            raise CommandError(
                _("Only csv and json can be written to standard output; give a file name.")
            )
        export = compilation_export(actor=None, consultation=matches[0], format=format)
        if output == "-":
            self.stdout.write(export.content.decode("utf-8"), ending="")
        else:
            try:
                with open(output, "wb") as target:
                    target.write(export.content)
            except OSError as error:
                raise CommandError(
                    _("Could not write %(file)s: %(error)s")
                    % {"file": output, "error": error.strerror}
                ) from error
        points = export.compilation.counts.points
        self.stderr.write(
            ngettext(
                "%(format)s written to %(file)s (%(size)d bytes, %(points)d point).",
                "%(format)s written to %(file)s (%(size)d bytes, %(points)d points).",
                points,
            )
            % {
                "format": export.format.label,
                "file": _("standard output") if output == "-" else output,
                "size": len(export.content),
                "points": points,
            },
            style_func=str,
        )
