import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.consultations.dispatch import reminders_send


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("Write the date as YYYY-MM-DD, for example 2021-02-26.")) from error


class Command(BaseCommand):
    help = (
        "E-mail a reminder, with a new personal link, to every invited body of an open "
        "consultation that has not answered and whose deadline is exactly as many days away "
        "as one of REMISS_REMINDER_DAYS. A body is never reminded twice for the same day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="on",
            metavar="YYYY-MM-DD",
            help="Act as if today were this date (default: today).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list the reminders that are due; send and record nothing.",
        )

    def handle(self, *args, on=None, dry_run=False, **options):
        result = reminders_send(today=iso_date(on) if on else None, dry_run=dry_run)
        if dry_run:
            for line in result.due:
                self.stdout.write(self._line(_("due"), line))
        for line in result.sent:
            self.stdout.write(self._line(_("sent"), line))
        for line in result.without_email:
            self.stdout.write(self._line(_("no e-mail address"), line))
        for line in result.failed:
            self.stdout.write(self._line(_("failed"), line))
        if dry_run:
            summary = _("%(date)s: %(due)d reminders due; nothing was sent (dry run).")
        else:
            summary = _(
                "%(date)s: %(sent)d reminders sent, %(missing)d bodies without an e-mail "
                "address, %(failed)d failed."
            )
        self.stdout.write(
            summary
            % {
                "date": result.today.isoformat(),
                "due": len(result.due),
                "sent": len(result.sent),
                "missing": len(result.without_email),
                "failed": len(result.failed),
            }
        )
        if not result.ok:
            sys.exit(1)

    @staticmethod
    def _line(outcome, line) -> str:
        return (
            f"{line.case_number}\t{line.organisation}\t"
            + _("%(days)d days before %(deadline)s")
            % {"days": line.days_before, "deadline": line.deadline.isoformat()}
            + f"\t{outcome}"
        )
