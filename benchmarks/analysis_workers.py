"""An analysis run over N answers with one and with two `remiss worker` processes.

    uv run python benchmarks/analysis_workers.py [--answers 2000] [--batch-size 500]
        [--workers 1,2] [--database remiss_bench_workers] [--seed 1] [--timeout 3600]

Drops and re-creates the PostgreSQL database ``--database`` on 127.0.0.1, migrates it and
fills it with one consultation of N generated answers (``scale.fill(..., analyse=False)``).
Then, for each worker count: starts that many ``remiss worker`` processes (subprocesses on the
database, DATABASE_URL set), waits until they are up, creates a fresh analysis run and queues
its start (``analysis_run_process``: the run is split into batches of ``--batch-size``
answers, one task each; the last batch queues the finish: near-duplicates and themes), then
waits until the run is KLAR and stops the workers. Prints wall seconds (queued to KLAR),
answers per second, the run's own timings, how many batches each worker did, and the speed-up
of each count against the first (the baseline, run in the same command).

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) or ``BENCH_POSTGRES``.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support
from scale import fill


def start_workers(count: int, environment: dict[str, str], log_dir: Path):
    env = {**os.environ, **environment}
    env.pop("REMISS_TASKS_IMMEDIATE", None)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(support.ROOT / "src"), env.get("PYTHONPATH")])
    )
    processes = []
    for number in range(count):
        log = (log_dir / f"worker-{count}-{number}.log").open("w")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "remiss.cli", "worker", "--interval", "0.1"],
                env=env,
                cwd=support.ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return processes


def stop_workers(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(processes, timeout: float = 60) -> None:
    """A worker is up when its process has opened a connection to the database."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(DISTINCT pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            connected = cursor.fetchone()[0]
        if connected >= len(processes):
            return
        if any(process.poll() is not None for process in processes):
            raise SystemExit("a worker stopped before it started")
        if time.monotonic() > deadline:
            raise SystemExit(f"only {connected} of {len(processes)} workers connected")
        time.sleep(0.2)


def measure(consultation, workers: int, batch_size: int, environment, log_dir, timeout) -> dict:
    from django_tasks_db.models import DBTaskResult

    from remiss.analysis.models import AnalysisRun
    from remiss.analysis.services import analysis_run_create
    from remiss.analysis.tasks import analysis_run_process
    from remiss.runs import RunStatus

    DBTaskResult.objects.all().delete()
    processes = start_workers(workers, environment, log_dir)
    try:
        wait_until_up(processes)
        run = analysis_run_create(actor=None, consultation=consultation)
        started = time.perf_counter()
        analysis_run_process.enqueue(str(run.pk), batch_size)
        while True:
            run = AnalysisRun.objects.get(pk=run.pk)
            if run.is_finished:
                break
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"the run did not finish in {timeout} s")
            if any(process.poll() is not None for process in processes):
                raise SystemExit("a worker stopped during the run")
            time.sleep(0.1)
        wall = time.perf_counter() - started
    finally:
        stop_workers(processes)
    if run.status != RunStatus.KLAR:
        raise SystemExit(f"the run failed: {run.error}")
    per_worker: dict[str, int] = {}
    for ids in DBTaskResult.objects.filter(
        task_path__endswith="analysis_batch_process"
    ).values_list("worker_ids", flat=True):
        for worker_id in ids:
            per_worker[worker_id] = per_worker.get(worker_id, 0) + 1
    return {
        "workers": workers,
        "wall": wall,
        "run": run,
        "batches_per_worker": sorted(per_worker.values(), reverse=True),
    }


def print_table(rows: list[dict], answers: int, batch_size: int) -> None:
    """The runs side by side; the first is the baseline of the speed-up."""
    base = rows[0]["wall"]
    print(
        f"\n{'workers':>7} {'wall s':>8} {'answers/s':>10} {'speed-up':>8} "
        f"{'batches s':>10} {'dupl. s':>8} {'themes s':>8}  batches per worker"
    )
    for row in rows:
        timings = row["run"].timings
        print(
            f"{row['workers']:>7} {row['wall']:>8.1f} {answers / row['wall']:>10.1f} "
            f"{base / row['wall']:>8.2f} {timings.get('answers', 0):>10.1f} "
            f"{timings.get('duplicates', 0):>8.2f} {timings.get('themes', 0):>8.1f}  "
            f"{row['batches_per_worker']}"
        )
    print(f"load after: {os.getloadavg()[0]:.2f} (1 min); batch size {batch_size}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workers", default="1,2", help="worker counts, the first the baseline")
    parser.add_argument("--database", default="remiss_bench_workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds at most per run")
    args = parser.parse_args()
    counts = [int(count) for count in args.workers.split(",")]

    folder = Path(tempfile.mkdtemp(prefix="remiss-workers-"))
    environment = support.bench_environment(args.database, folder)
    environment.pop("REMISS_TASKS_IMMEDIATE")  # the workers take the tasks from the database
    support.fresh_database(args.database)
    support.django_setup(environment)
    support.migrate()

    started = time.perf_counter()
    consultation, _run, _sections = fill("Arbetare", args.answers, 0, args.seed, analyse=False)
    print(f"filled {args.answers} answers in {time.perf_counter() - started:.1f} s (not timed)")
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")

    rows = [
        measure(consultation, count, args.batch_size, environment, folder, args.timeout)
        for count in counts
    ]
    print_table(rows, args.answers, args.batch_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
