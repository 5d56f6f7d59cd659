from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = (
        "Serve Remiss in production with gunicorn (static files by WhiteNoise). Logs use "
        "REMISS_LOG_FORMAT; stop with Ctrl-C or SIGTERM, which finishes the requests under way."
    )
    requires_system_checks = []  # the WSGI application runs them when each worker loads it

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="Address to listen on, HOST:PORT or unix:PATH (default %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Number of worker processes (default %(default)s).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=60,
            help="Seconds a request may take before its worker is restarted (default %(default)s).",
        )

    def handle(self, *args, bind: str, workers: int, timeout: int, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if timeout < 1:
            raise CommandError("--timeout must be at least 1 second.")
        from gunicorn.app.base import BaseApplication

        class RemissApplication(BaseApplication):
            def load_config(self):
                config = {
                    "bind": [bind],
                    "workers": workers,
                    "timeout": timeout,
                    "graceful_timeout": timeout,
                    # The same logging as the rest of Remiss: format, level and token masking.
                    "logconfig_dict": settings.LOGGING,
                    "proc_name": "remiss",
                    # Several servers may run on one host; none needs gunicornc.
                    "control_socket_disable": True,
                }
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                from remiss.wsgi import application

                return application

        from remiss.responses.storage import originals_sweep_unfinished

        # Writes cut short when the previous server was killed leave temporary files.
        for path in originals_sweep_unfinished():
            self.stderr.write(f"Removed an unfinished write: {path}")
        connections.close_all()  # the workers are forked: each opens its own connections
        RemissApplication().run()
