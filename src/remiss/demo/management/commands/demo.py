import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from remiss.demo.services import demo_load, demo_officer_ensure


class Command(BaseCommand):
    help = (
        "Run Remiss with the demo case: migrate the database, load Region Stockholm's remiss "
        "RS 2020-0780 with Huddinge's answer, create the officer account 'demo' and serve on "
        "http://127.0.0.1:8000. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Do everything but start the web server."
        )
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="Where to serve (default %(default)s)."
        )

    def handle(self, *args, no_serve: bool, addrport: str, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        database = settings.DATABASES["default"]["NAME"]
        self.stdout.write(_("Database ready: %(name)s") % {"name": database})

        result = demo_load()
        if result.changed:
            self.stdout.write(
                _("Demo case loaded: %(count)d items created.") % {"count": len(result.created)}
            )
        else:
            self.stdout.write(_("Demo case already loaded; nothing changed."))

        officer = demo_officer_ensure(password=os.environ.get("REMISS_DEMO_PASSWORD") or None)
        if officer.password:
            self.stdout.write(
                _("Officer account: %(user)s  password: %(password)s")
                % {"user": officer.username, "password": officer.password}
            )
        else:
            self.stdout.write(
                _(
                    "Officer account: %(user)s (password unchanged; set REMISS_DEMO_PASSWORD "
                    "or run 'uv run remiss changepassword %(user)s' to change it)"
                )
                % {"user": officer.username}
            )
        if no_serve:
            return
        worker = subprocess.Popen([sys.executable, "-m", "remiss.cli", "worker"])
        self.stdout.write(_("Remiss is running at http://%(address)s/") % {"address": addrport})
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
