"""Helpers for the production tests: a fresh database for `remiss` subprocesses, and a tiny
task that records which process ran it.

The subprocesses import this module as ``production_support`` (the tests put this folder on
their PYTHONPATH), so the task's path in the queue is the same in every process.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.tasks import task

TESTS_DIR = Path(__file__).resolve().parent
REPO = TESTS_DIR.parent


@task
def record_run(number: int, path: str) -> int:
    """Append 'number pid' to the file at ``path`` (one short append is atomic)."""
    time.sleep(0.05)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{number} {os.getpid()}\n")
    return number


def on_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@contextmanager
def fresh_database(tmp_path: Path):
    """An environment for `remiss` subprocesses with an empty database of its own.

    SQLite: a file in a new data folder. PostgreSQL (when the tests run there): a new database
    on the same server, dropped afterwards.
    """
    from django.conf import settings

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REMISS_", "DATABASE_URL", "DJANGO_"))
    }
    data_dir = tmp_path / f"data-{uuid.uuid4().hex[:8]}"
    env["REMISS_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS_DIR), env.get("PYTHONPATH")]))
    if not on_postgresql():
        yield env
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"remiss_prod_{uuid.uuid4().hex[:10]}"
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}{password}@{params['host']}:{params['port']}/{name}"
    )
    try:
        yield env
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def remiss(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "remiss.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def python(env: dict, code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    prelude = (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'remiss.settings')\n"
        "django.setup()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def workers_batch(env: dict, count: int, timeout: float) -> tuple[list, list[str]]:
    """Run ``count`` `remiss worker --batch` processes at once until the queue is empty; return
    them (for their pids) and their output. Each must exit cleanly."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "remiss.cli", "worker", "--batch", "--interval", "0.1"],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(count)
    ]
    try:
        outputs = [process.communicate(timeout=timeout)[0] for process in processes]
    finally:
        for process in processes:
            stop(process)
    assert all(process.returncode == 0 for process in processes), outputs
    return processes, outputs


def analysis_run_planned(env: dict, name: str, answers: int, seed: int, batch_size: int) -> str:
    """Migrate the database, fill a consultation with generated answers (benchmarks/scale.py)
    and queue an analysis run of it in batches; return the run's id."""
    migrated = remiss(env, "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    env["PYTHONPATH"] = f"{REPO / 'benchmarks'}:{env['PYTHONPATH']}"
    planned = python(
        env,
        "from scale import fill\n"
        "from remiss.analysis.services import analysis_run_create\n"
        "from remiss.analysis.tasks import analysis_run_process\n"
        f"consultation, _, _ = fill({name!r}, {answers}, 0, {seed}, analyse=False)\n"
        "run = analysis_run_create(actor=None, consultation=consultation)\n"
        f"analysis_run_process.call(str(run.pk), {batch_size})\n"
        "print(run.pk)\n",
        timeout=300,
    )
    assert planned.returncode == 0, planned.stderr
    return planned.stdout.split()[-1]
