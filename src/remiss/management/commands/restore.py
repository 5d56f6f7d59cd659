from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from remiss.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'remiss backup': check every file against its SHA-256 and "
        "the manifest, write the originals, migrate and load the database, then check the "
        "row counts and that every document has its original. A damaged archive is refused "
        "before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The archive to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if the database holds data: empty it first.",
        )

    def handle(self, *args, path: str, force: bool, **options):
        if not Path(path).is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            summary = backup_restore(Path(path), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {path}: {summary.rows} rows, {summary.files} originals, every "
            "checksum verified."
        )
