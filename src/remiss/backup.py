"""Backup and restore of the whole of Remiss: the database and the stored originals.

An archive is one tar file (gzip-compressed when its name ends in ``.gz`` or ``.tgz``) with:

* ``manifest.json``: format version, Remiss version, when it was made, the database vendor,
  the migrations applied, the row count of every model, the SHA-256 and size of ``data.json``
  and the SHA-256 and size of every stored original;
* ``data.json``: Django's ``dumpdata`` of every model except those Django rebuilds (content
  types, permissions), sessions and the task queue, with natural keys for content types and
  permissions so it loads into any freshly migrated database;
* ``files/<sha256>``: each original that a record points to (a document, a portal attachment,
  a portal receipt ...), named by its SHA-256.

The dump is read in one transaction (on PostgreSQL a REPEATABLE READ snapshot), so the rows
agree with each other. Originals are content-addressed and never modified, so the files read
after the dump are the ones the rows name. Every original is checked against its name while it
is written to the archive, so a backup is also a check of the store.

A restore checks the whole archive first (every file's bytes against its name and the
manifest, ``data.json`` against the manifest) and touches nothing when anything is wrong. It
then writes the originals through the content-addressed store, migrates, loads the data and
finally checks the row counts and that every document's original is in the store.
"""

import hashlib
import io
import json
import re
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
# Rebuilt by `migrate` (content types, permissions), short-lived (sessions) or work in
# progress whose spooled input is not in the archive (the task queue).
EXCLUDED_APPS = {"contenttypes", "sessions", "django_tasks_db"}
EXCLUDED_MODELS = {"auth.permission"}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why (in English)."""


@dataclass
class RestoreSummary:
    rows: int = 0
    files: int = 0
    models: dict[str, int] = field(default_factory=dict)


def backup_models() -> list[type[models.Model]]:
    """The models whose rows an archive holds, in a stable order."""
    chosen = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in EXCLUDED_APPS:
            continue
        if meta.label_lower in EXCLUDED_MODELS:
            continue
        chosen.append(model)
    return sorted(chosen, key=lambda model: model._meta.label_lower)


def _hash_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField) and (f.name == "sha256" or f.name.endswith("_sha256"))
    ]


def _store_path(sha256: str) -> Path:
    from remiss.responses.storage import original_path

    return original_path(sha256)


def _is_gzip(path: Path) -> bool:
    return path.suffix in {".gz", ".tgz"}


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup_write(path: Path) -> dict:
    """Write an archive of the database and the originals to ``path``; return its manifest.

    The archive is written beside ``path`` under a temporary name and renamed when complete,
    so a failed backup leaves no half archive behind.
    """
    from remiss.responses.models import Document

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="remiss-backup-") as workdir:
        data_file = Path(workdir) / "data.json"
        with transaction.atomic():
            if connection.vendor == "postgresql" and not _in_outer_transaction():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            chosen = backup_models()
            counts = {m._meta.label_lower: m._default_manager.count() for m in chosen}
            labels = [m._meta.label for m in chosen]
            call_command(
                "dumpdata",
                *labels,
                output=str(data_file),
                use_natural_foreign_keys=True,
                indent=None,
                verbosity=0,
            )
            required = set(Document.objects.values_list("sha256", flat=True).distinct())
            referenced = set(required)
            for model in chosen:
                for name in _hash_fields(model):
                    values = model._default_manager.exclude(**{name: ""}).values_list(
                        name, flat=True
                    )
                    referenced.update(value for value in values.distinct() if value)
            migrations = _applied_migrations()

        missing = sorted(sha for sha in required if not _store_path(sha).is_file())
        if missing:
            raise BackupError(
                f"{len(missing)} document original(s) are missing from {settings.FILES_DIR}: "
                + ", ".join(missing[:5])
            )
        files = []
        for sha in sorted(referenced):
            if not _SHA256.match(sha):
                continue
            stored = _store_path(sha)
            if stored.is_file():
                files.append({"sha256": sha, "size": stored.stat().st_size})

        manifest = {
            "format": "remiss-backup",
            "format_version": FORMAT_VERSION,
            "remiss_version": _remiss_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "data": {"sha256": _file_sha256(data_file), "size": data_file.stat().st_size},
            "files": files,
        }
        partial = path.with_name(f".{path.name}.partial")
        try:
            with tarfile.open(partial, "w:gz" if _is_gzip(path) else "w") as tar:
                _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
                tar.add(data_file, arcname="data.json")
                for entry in files:
                    data = _store_path(entry["sha256"]).read_bytes()
                    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                        raise BackupError(
                            f"The stored original {entry['sha256']} no longer matches its "
                            "SHA-256: the store is damaged."
                        )
                    _add_bytes(tar, f"files/{entry['sha256']}", data)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _in_outer_transaction() -> bool:
    # Inside the outermost transaction.atomic() no savepoint exists; nested inside another
    # (a test's transaction) the isolation level can no longer be chosen.
    return bool(connection.savepoint_ids)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o444
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _remiss_version() -> str:
    try:
        return version("remiss")
    except PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------------------------- restore


def archive_verify(path: Path) -> dict:
    """Check every member of the archive against the manifest; return the manifest.

    Raises BackupError naming the first thing that is wrong. Reads the archive once.
    """
    try:
        tar = tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a readable Remiss backup: {error}") from error
    with tar:
        manifest = _read_manifest(tar)
        expected = {entry["sha256"]: entry["size"] for entry in manifest["files"]}
        seen: set[str] = set()
        data_seen = False
        for member in tar:
            if member.name == "manifest.json":
                continue
            if not member.isfile():
                raise BackupError(f"The archive holds an unexpected entry: {member.name}")
            if member.name == "data.json":
                digest, size = _member_sha256(tar, member)
                if digest != manifest["data"]["sha256"] or size != manifest["data"]["size"]:
                    raise BackupError("data.json does not match the SHA-256 in the manifest.")
                data_seen = True
                continue
            name = member.name.removeprefix("files/")
            if not member.name.startswith("files/") or not _SHA256.match(name):
                raise BackupError(f"The archive holds an unexpected entry: {member.name}")
            if name not in expected:
                raise BackupError(f"The file {name} is not listed in the manifest.")
            digest, size = _member_sha256(tar, member)
            if digest != name:
                raise BackupError(
                    f"The file {name} in the archive is damaged: its bytes have the SHA-256 "
                    f"{digest}. Nothing was restored."
                )
            if size != expected[name]:
                raise BackupError(
                    f"The file {name} has {size} bytes, the manifest says {expected[name]}."
                )
            seen.add(name)
        if not data_seen:
            raise BackupError("The archive has no data.json.")
        absent = sorted(set(expected) - seen)
        if absent:
            raise BackupError(
                f"{len(absent)} file(s) listed in the manifest are not in the archive: "
                + ", ".join(absent[:5])
            )
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember("manifest.json")
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, AttributeError, ValueError) as error:
        raise BackupError("The archive has no readable manifest.json.") from error
    if manifest.get("format") != "remiss-backup":
        raise BackupError("The archive is not a Remiss backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The archive has format version {manifest.get('format_version')}; this Remiss "
            f"reads version {FORMAT_VERSION}."
        )
    return manifest


def _member_sha256(tar: tarfile.TarFile, member: tarfile.TarInfo) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    handle = tar.extractfile(member)
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def database_rows() -> dict[str, int]:
    """Rows in each backed-up model whose table exists (a new database has none)."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in backup_models()
        if model._meta.db_table in tables
    }


def _check_migrations(manifest: dict) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.graph.nodes}
    archived = set(manifest["migrations"])
    newer = sorted(archived - known)
    if newer:
        raise BackupError(
            f"The archive was made by a newer Remiss ({manifest['remiss_version']}), with "
            f"migrations this one does not have: {', '.join(newer[:5])}. Install that version "
            "or a later one to restore it."
        )
    older = sorted(known - archived)
    if older:
        raise BackupError(
            f"The archive was made by an older Remiss ({manifest['remiss_version']}) and lacks "
            f"migrations this one has: {', '.join(older[:5])}. Restore it with that version, "
            "then upgrade (remiss migrate)."
        )


def backup_restore(path: Path, *, force: bool = False) -> RestoreSummary:
    """Restore an archive into this database and file store, checking everything."""
    path = Path(path)
    manifest = archive_verify(path)
    _check_migrations(manifest)
    occupied = {label: n for label, n in database_rows().items() if n}
    if occupied and not force:
        sample = ", ".join(f"{label} ({n})" for label, n in sorted(occupied.items())[:5])
        raise BackupError(
            f"The database is not empty: {sample}. Restore into a new database, or give "
            "--force to empty this one first."
        )

    from remiss.responses.models import Document
    from remiss.responses.storage import original_put, original_read

    summary = RestoreSummary()
    # The originals first: they are content-addressed and harmless if the load below fails.
    with tarfile.open(path, "r:*") as tar:
        for member in tar:
            if not member.name.startswith("files/"):
                continue
            name = member.name.removeprefix("files/")
            data = tar.extractfile(member).read()
            if hashlib.sha256(data).hexdigest() != name:  # the archive changed under us
                raise BackupError(f"The file {name} in the archive is damaged; it was not written.")
            original_put(data)
            original_read(name)  # what is in the store now hashes to its name
            summary.files += 1

        call_command("migrate", interactive=False, verbosity=0)
        if occupied:
            call_command("flush", interactive=False, verbosity=0)
        with tempfile.TemporaryDirectory(prefix="remiss-restore-") as workdir:
            data_file = Path(workdir) / "data.json"
            with tar.extractfile("data.json") as source, data_file.open("wb") as target:
                shutil.copyfileobj(source, target)
            if _file_sha256(data_file) != manifest["data"]["sha256"]:
                raise BackupError("data.json changed while it was read; nothing was loaded.")
            call_command("loaddata", str(data_file), verbosity=0)

    counts = database_rows()
    wrong = {
        label: (n, counts.get(label, 0))
        for label, n in manifest["counts"].items()
        if counts.get(label, 0) != n
    }
    if wrong:
        detail = ", ".join(
            f"{label}: {a} in the archive, {b} now" for label, (a, b) in wrong.items()
        )
        raise BackupError(f"The restored row counts differ from the archive: {detail}")
    lacking = sorted(
        sha
        for sha in Document.objects.values_list("sha256", flat=True).distinct()
        if not _store_path(sha).is_file()
    )
    if lacking:
        raise BackupError(
            f"{len(lacking)} document(s) have no original in the store: " + ", ".join(lacking[:5])
        )
    summary.models = counts
    summary.rows = sum(counts.values())
    return summary
