"""The production set-up, with real processes: gunicorn through `remiss serve`, several
`remiss worker` processes on one queue, the health endpoint, JSON logs and a shared cache."""

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from production_support import (
    REPO,
    free_port,
    fresh_database,
    on_postgresql,
    python,
    remiss,
    stop,
    workers_batch,
)

TOKEN = "Zx9-secret-invitation-token_4711"


# ------------------------------------------------------------------------------- health


@pytest.fixture
def fresh_migration_check(monkeypatch):
    import remiss.health

    monkeypatch.setattr(remiss.health, "_migrations_current", False)


@pytest.mark.django_db
def test_health_is_ok_without_login_and_sets_no_cookie(client, fresh_migration_check):
    response = client.get("/halsa/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] == connection.vendor
    assert body["migrations"] == "current"
    assert body["files"] is True
    assert body["worker"] == {"queue": 0, "last_finished_at": None}
    assert response.cookies == {}
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get("/health/").json()["status"] == "ok"


@pytest.mark.django_db
def test_health_reports_the_queue_and_the_last_finished_task(client, settings):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    common = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "x.y", "backend_name": "d"}
    DBTaskResult.objects.create(run_after=timezone.now(), **common)
    finished = timezone.now()
    DBTaskResult.objects.create(
        run_after=finished, status="SUCCESSFUL", finished_at=finished, **common
    )
    worker = client.get("/halsa/").json()["worker"]
    assert worker == {"queue": 1, "last_finished_at": finished.isoformat()}


@pytest.mark.django_db
def test_health_is_503_when_a_migration_is_pending(client, fresh_migration_check):
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.filter(app="consultations").order_by("-id").first().delete()
    response = client.get("/halsa/")
    assert response.status_code == 503
    assert response.json()["status"] == "fel"
    assert response.json()["migrations"] == "pending"


@pytest.mark.django_db
def test_health_is_503_when_the_files_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    settings.FILES_DIR = blocker / "files"
    response = client.get("/halsa/")
    assert response.status_code == 503
    assert response.json()["files"] is False
    assert response.json()["status"] == "fel"


def test_health_is_503_when_the_database_is_unreachable(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path)}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/absent"
    code = (
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "response = Client().get('/halsa/')\n"
        "print(response.status_code, response.content.decode())\n"
    )
    result = python(env, code)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    report = json.loads(body)
    assert status == "503"
    assert report["status"] == "fel"
    assert report["database"]["ok"] is False
    assert "nobody" not in body and "absent" not in body  # no connection details leak


# --------------------------------------------------------------------------------- logs

LOG_CODE = f"""
import logging
from django.test import RequestFactory
request = RequestFactory().get('/svara/{TOKEN}/')
logging.getLogger('django.request').warning('Not Found: %s', request.path,
    extra={{'status_code': 404, 'request': request}})
logging.getLogger('remiss.demo').info('plain message')
try:
    raise ValueError('bad link /svara/{TOKEN}/')
except ValueError:
    logging.getLogger('remiss.demo').exception('failed')
"""


def test_json_logs_are_one_object_per_line_with_the_request_and_no_token(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path), "REMISS_LOG_FORMAT": "json"}
    result = python(env, LOG_CODE)
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    request_line, plain, failed = lines
    assert request_line["logger"] == "django.request"
    assert request_line["level"] == "WARNING"
    assert request_line["message"] == "Not Found: /svara/[dold]/"
    assert request_line["method"] == "GET"
    assert request_line["path"] == "/svara/[dold]/"
    assert request_line["status"] == 404
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", request_line["time"])
    assert plain == {**plain, "level": "INFO", "logger": "remiss.demo", "message": "plain message"}
    assert "ValueError: bad link /svara/[dold]/" in failed["exception"]


def test_plain_logs_stay_plain_and_masked(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path)}
    result = python(env, LOG_CODE)
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stderr
    assert re.search(r"WARNING django.request Not Found: /svara/\[dold\]/", result.stderr)
    assert not result.stderr.lstrip().startswith("{")


def test_an_unknown_log_format_stops_the_program(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path), "REMISS_LOG_FORMAT": "xml"}
    result = python(env, "pass")
    assert result.returncode != 0
    assert "REMISS_LOG_FORMAT" in result.stderr


# -------------------------------------------------------------------------------- cache

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_without_a_cache_url_each_process_has_its_own_cache(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_a_cache_url_that_is_not_redis_is_refused(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path)}
    result = python({**env, "REMISS_CACHE_URL": "memcached://127.0.0.1:11211"}, "pass")
    assert result.returncode != 0
    assert "REMISS_CACHE_URL" in result.stderr
    assert ImproperlyConfigured.__name__ in result.stderr


def test_rate_limits_are_shared_between_processes_through_redis(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "remiss",
        }
    }
    from remiss.portal.throttle import hit

    key = f"test-production:{uuid.uuid4().hex}"
    assert hit(key, limit=3, window_seconds=3600)
    assert hit(key, limit=3, window_seconds=3600)
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path), "REMISS_CACHE_URL": REDIS_URL}
    code = (
        "from remiss.portal.throttle import hit\n"
        f"print(hit({key!r}, limit=3, window_seconds=3600), hit({key!r}, limit=3, "
        "window_seconds=3600))\n"
    )
    result = python(env, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]  # hits 3 and 4 of one shared count


# ------------------------------------------------------------------------ gunicorn serve


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


SERVE = [sys.executable, "-m", "remiss.cli", "serve"]


def test_remiss_serve_runs_gunicorn_with_health_static_files_and_json_logs(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path / "data")}
    env["REMISS_LOG_FORMAT"] = "json"
    migrated = remiss(env, "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*SERVE, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/halsa/")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not start in 30 s"
                time.sleep(0.2)
        assert status == 200, body
        assert json.loads(body)["status"] == "ok"
        assert "Set-Cookie" not in headers
        assert headers["Server"].startswith("gunicorn")

        vendor = REPO / "src" / "remiss" / "static" / "vendor"
        htmx = next(vendor.glob("htmx-*.js"))
        status, headers, body = _get(f"http://127.0.0.1:{port}/static/vendor/{htmx.name}")
        assert status == 200
        assert body == htmx.read_bytes()

        status, _headers, _body = _get(f"http://127.0.0.1:{port}/svara/{TOKEN}/")
        assert status == 404
    finally:
        stop(server)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert server.returncode == 0, output
    assert TOKEN not in output
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert {(r["method"], r["path"], r["status"]) for r in access} >= {
        ("GET", "/halsa/", 200),
        ("GET", "/svara/[dold]/", 404),
    }
    assert all(r["duration_ms"] >= 0 for r in access)


# ------------------------------------------------------------------------------ workers


def test_several_workers_share_the_queue_and_run_each_task_once(tmp_path):
    """Two workers on PostgreSQL (claims use SELECT ... FOR UPDATE SKIP LOCKED); one on SQLite,
    whose file database serialises writers."""
    workers = 2 if on_postgresql() else 1
    tasks = 40
    record = tmp_path / "runs.txt"
    with fresh_database(tmp_path) as env:
        migrated = remiss(env, "migrate", "--verbosity", "0")
        assert migrated.returncode == 0, migrated.stderr
        code = (
            "from production_support import record_run\n"
            f"for n in range({tasks}):\n"
            f"    record_run.enqueue(n, {str(record)!r})\n"
        )
        enqueued = python(env, code)
        assert enqueued.returncode == 0, enqueued.stderr
        started = time.monotonic()
        processes, _outputs = workers_batch(env, workers, timeout=60)
        assert time.monotonic() - started < 60
        left = python(
            env,
            "from django_tasks_db.models import DBTaskResult\n"
            "print(DBTaskResult.objects.successful().count(), DBTaskResult.objects.count())",
        )
    runs = [line.split() for line in record.read_text().splitlines()]
    numbers = sorted(int(number) for number, _pid in runs)
    assert numbers == list(range(tasks)), "each task ran exactly once"
    pids = {pid for _number, pid in runs}
    assert pids <= {str(process.pid) for process in processes}
    assert len(pids) == workers, f"every worker did work: {pids}"
    assert left.stdout.split() == [str(tasks), str(tasks)], left.stderr


# --------------------------------------------------------------------------------- docs


@pytest.mark.parametrize("name", ["serve", "backup", "restore", "worker"])
def test_the_production_commands_are_documented_with_their_help(name):
    """tests/test_cli_docs.py looks only at commands of the apps (remiss.*); these live in the
    project package itself, so they are checked here the same way."""
    from django.core.management import load_command_class

    docs = re.sub(r"\s+", " ", (REPO / "docs" / "cli.md").read_text(encoding="utf-8"))
    command = load_command_class("remiss", name)
    assert f"## `remiss {name}`" in docs
    assert re.sub(r"\s+", " ", command.help).strip() in docs
    parser = command.create_parser("remiss", name)
    for action in parser._actions:
        if action.dest in {"path"} or not action.help or action.option_strings == []:
            continue
        if action.option_strings[-1] in {"--verbosity", "--settings", "--pythonpath"}:
            continue
        if action.option_strings[-1] in {"--traceback", "--no-color", "--force-color"}:
            continue
        if action.option_strings[-1] in {"--skip-checks", "--help", "--version"}:
            continue
        help_text = re.sub(r"\s+", " ", action.help.replace("%(default)s", str(action.default)))
        assert f"`{action.option_strings[-1]}" in docs
        assert help_text in docs, help_text


def test_the_operator_guide_covers_the_production_steps():
    guide = (REPO / "docs" / "production.md").read_text(encoding="utf-8")
    for needle in [
        "CREATE ROLE",
        "DATABASE_URL",
        "remiss migrate",
        "remiss createsuperuser",
        "REMISS_SECRET_KEY_FILE",
        "REMISS_ALLOWED_HOSTS",
        "REMISS_CSRF_TRUSTED_ORIGINS",
        "REMISS_SECURE_COOKIES",
        "REMISS_STATIC_ROOT",
        "remiss collectstatic",
        "remiss serve",
        "remiss worker",
        "SKIP LOCKED",
        "send_reminders",
        "REMISS_CACHE_URL",
        "remiss backup",
        "remiss restore",
        "REMISS_LOG_FORMAT",
        "/halsa/",
        "tesseract-ocr-swe",
        "pango",
    ]:
        assert needle in guide, needle
