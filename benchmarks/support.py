"""What the PostgreSQL benchmarks share: a fresh database, Django set up on it, percentiles.

Not a benchmark itself. ``deadline_rush.py`` and ``scale.py`` import it from this folder.
"""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def database_url(name: str) -> str:
    return f"{POSTGRES.rstrip('/')}/{name}"


def fresh_database(name: str) -> str:
    """Drop and re-create the PostgreSQL database ``name``; return its URL."""
    import psycopg

    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Not a safe database name: {name!r}")
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return database_url(name)


def bench_environment(name: str, data_dir: Path) -> dict[str, str]:
    """The settings of a benchmark's own world: its database, files, mail and secret."""
    return {
        "DJANGO_SETTINGS_MODULE": "remiss.settings",
        "DATABASE_URL": database_url(name),
        "REMISS_DATA_DIR": str(data_dir),
        "REMISS_FILES_DIR": str(data_dir / "files"),
        "REMISS_EMAIL_BACKEND": "file",
        "REMISS_EMAIL_FILE_PATH": str(data_dir / "mail"),
        "REMISS_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
        "REMISS_LOG_LEVEL": "WARNING",
        "REMISS_TASKS_IMMEDIATE": "true",
    }


def django_setup(environment: dict[str, str]) -> None:
    """Set up Django in this process on the benchmark's database (migrated by the caller)."""
    os.environ.update(environment)
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_row(name: str, values_s: list[float], baseline_ms: float | None = None) -> str:
    """One printed line: count, p50/p95/p99/max in ms and p50 as a ratio to the baseline."""
    if not values_s:
        return f"{name:<22} {0:>6} {'–':>8} {'–':>8} {'–':>8} {'–':>8}"
    ms = [value * 1000 for value in values_s]
    p50 = percentile(ms, 50)
    ratio = f"{p50 / baseline_ms:>8.1f}" if baseline_ms else f"{'':>8}"
    return (
        f"{name:<22} {len(ms):>6} {p50:>8.1f} {percentile(ms, 95):>8.1f} "
        f"{percentile(ms, 99):>8.1f} {max(ms):>8.1f} {statistics.fmean(ms):>8.1f} {ratio}"
    )


SUMMARY_HEADER = (
    f"{'step':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
    f"{'mean ms':>8} {'p50/base':>8}"
)
