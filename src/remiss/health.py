"""The health check for load balancers and monitoring: ``GET /halsa/`` (also ``/health/``).

No log-in, no secrets, no session or CSRF cookie. A few cheap queries: the database answers,
no migration is pending, the store of originals is writable, and the background queue (how
many tasks wait, when a worker last finished one). HTTP 200 when everything the web process
needs is in order, 503 otherwise; a queue without workers is reported, not failed, because the
web still works without them.
"""

import os
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Migrations are only ever added by a new release (and a restart), so once they are found
# current this process need not look again.
_migrations_current = False


def health_report() -> dict:
    database = _database()
    report = {
        "status": "ok",
        "database": database,
        "migrations": _migrations() if database["ok"] else "unknown",
        "files": _files_writable(),
        "worker": _worker() if database["ok"] else None,
    }
    if not (database["ok"] and report["migrations"] == "current" and report["files"]):
        report["status"] = "fel"
    return report


def _database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "vendor": connection.vendor, "error": type(error).__name__}
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    return {"ok": True, "vendor": connection.vendor, "ms": elapsed}


def _migrations() -> str:
    global _migrations_current
    if _migrations_current:
        return "current"
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unknown"
    _migrations_current = not plan
    return "current" if not plan else "pending"


def _files_writable() -> bool:
    """The store exists and is writable, or the folder it will be made in is."""
    path = Path(settings.FILES_DIR)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def _worker() -> dict | None:
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.ready().count()
        last = (
            DBTaskResult.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
    except DatabaseError:
        return None
    return {"queue": waiting, "last_finished_at": last.isoformat() if last else None}


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
