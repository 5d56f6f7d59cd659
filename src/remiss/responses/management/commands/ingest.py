import hashlib
import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.consultations.models import Consultation
from remiss.progress import ProgressBar
from remiss.responses.intake import (
    IncomingFile,
    intake_run_create,
    intake_run_execute,
    intake_run_report,
)
from remiss.responses.models import Channel
from remiss.textkit.identifiers import case_number_key


class Command(BaseCommand):
    help = (
        "Take in answer files (PDF, scanned PDF, DOCX, ODT, text, e-mail, ZIP) for a "
        "consultation: each file gets a receipt, is read and matched to the sändlista. "
        "Exits with 1 when a file could not be read; the other files are registered."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--consultation", required=True, metavar="DNR", help="The consultation's case number."
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output format."
        )
        parser.add_argument(
            "--channel",
            choices=[Channel.EPOST, Channel.POST, Channel.UPPLADDNING],
            default=Channel.EPOST,
            help="How the files arrived (default %(default)s).",
        )

    def handle(self, *args, paths, consultation, format, channel, **options):
        target = self.find_consultation(consultation)
        for raw in paths:
            if not Path(raw).exists():
                raise CommandError(_("There is no file or folder %(path)s.") % {"path": raw})
        # Spooled, so that only one file at a time is held in memory.
        run = intake_run_create(
            actor=None,
            consultation=target,
            channel=channel,
            files=self.read_files(paths),
            spool=True,
        )
        progress = ProgressBar(sys.stderr, total=run.files_total)
        run = intake_run_execute(
            run=run, on_progress=lambda r, item: progress.update(r.files_done, item.filename)
        )
        progress.finish()
        report = intake_run_report(run)
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.write_text(report)
        if report["summary"]["failed"] or run.error:
            sys.exit(1)

    def find_consultation(self, raw: str) -> Consultation:
        matches = list(Consultation.objects.filter(case_number_key=case_number_key(raw)))
        if not matches:
            raise CommandError(_("No consultation has the case number %(dnr)s.") % {"dnr": raw})
        if len(matches) > 1:
            raise CommandError(
                _("Several consultations have the case number %(dnr)s.") % {"dnr": raw}
            )
        return matches[0]

    def read_files(self, paths: list[str]):
        limit = settings.REMISS_MAX_UPLOAD_BYTES
        for raw in paths:
            path = Path(raw)
            found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in found:
                name = str(file.relative_to(path.parent)) if path.is_dir() else file.name
                size = file.stat().st_size
                if size > limit:
                    yield IncomingFile(
                        name=name, data=b"", oversize=size, oversize_sha256=file_sha256(file)
                    )
                else:
                    yield IncomingFile(name=name, data=file.read_bytes())

    def write_text(self, report: dict) -> None:
        for entry in report["files"]:
            indent = "  " if entry["unpacked_from"] else ""
            line = f"{indent}{entry['path']}  {entry['size']} B  {entry['sha256'][:12]}…  "
            if entry["error"]:
                line += _("ERROR: %(reason)s") % {"reason": entry["error"]}
            else:
                line += entry["outcome"]
                answer = entry["answer"]
                if answer:
                    line += f" → {answer['organisation'] or _('sender not yet known')}"
                    if answer["letter_date"]:
                        line += f", {answer['letter_date']}"
            self.stdout.write(line)
        summary = report["summary"]
        self.stdout.write(
            _(
                "%(registered)d new answers, %(copies)d copies of answers, %(duplicates)d "
                "files already received, %(failed)d files could not be read."
            )
            % {
                "registered": summary["answers_registered"],
                "copies": summary["copies"],
                "duplicates": summary["duplicates"],
                "failed": summary["failed"],
            }
        )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
