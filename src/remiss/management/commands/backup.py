from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from remiss.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write a backup of the database and every stored original to one tar file "
        "(gzip-compressed when PATH ends in .gz or .tgz). Each original is checked against "
        "its SHA-256 on the way."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The archive to write.")

    def handle(self, *args, path: str, **options):
        try:
            manifest = backup_write(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Backup written to {path}: {rows} rows in {len(manifest['counts'])} tables, "
            f"{len(manifest['files'])} originals ({size} bytes)."
        )
