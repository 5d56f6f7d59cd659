"""The long fuzz run: thousands of mutated files through textkit and the real intake.

    uv run python benchmarks/fuzz.py [--minutes 5] [--mutants 100000] [--seed 86]
                                     [--timeout 30] [--extract-only] [--findings var/fuzz]

Mutants are made as in tests/test_fuzz_intake.py (tests/fuzz_support.py: seeded, so mutant
``n`` of seed ``s`` is always the same file). Each is extracted in a forked child with a time
limit (a hang is reported, not waited for), then, unless ``--extract-only``, goes through
``intake_run_create`` and ``intake_run_execute`` on a consultation in a throw-away test
database (SQLite in memory, or PostgreSQL's ``test_<name>`` when DATABASE_URL is set), and
the receipts and the store are checked: every file has an outcome, a failure a known code and
a Swedish message, nothing is stored without its Document and pages.

Prints files per second, crashes, hangs and the outcomes; writes every finding's bytes to the
findings folder (with its seed, number and what went wrong) for a regression test. Exits 1
when it found something.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remiss.settings")


def _database(files_dir: Path):
    """A test database and settings like the test suite's; returns a function to tear down."""
    import django
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    settings.FILES_DIR = files_dir / "files"
    settings.INTAKE_SPOOL_DIR = files_dir / "incoming"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)

    def teardown() -> None:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    return teardown


def _consultation():
    import fuzz_support

    return fuzz_support.fuzz_consultation()


def _intake_problems(consultation, name: str, data: bytes, outcomes: Counter) -> list[str]:
    import fuzz_support
    from remiss.responses.intake import IncomingFile, intake_run_create, intake_run_execute

    files = [IncomingFile(name=name, data=data)]
    try:
        run = intake_run_create(
            actor=None, consultation=consultation, channel="uppladdning", files=files
        )
        run = intake_run_execute(run=run, files=files)
    except Exception as error:  # intake itself must not raise
        return [f"intake raised {type(error).__name__}: {error}"]
    for item in run.items.all():
        outcomes[item.outcome] += 1
    problems = fuzz_support.receipt_problems(run)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="stop after this long")
    parser.add_argument("--mutants", type=int, default=100_000, help="stop after this many")
    parser.add_argument("--seed", type=int, default=86)
    parser.add_argument("--first", type=int, default=0, help="number of the first mutant")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per extraction")
    parser.add_argument("--extract-only", action="store_true", help="textkit only, no intake")
    parser.add_argument("--findings", type=Path, default=ROOT / "var" / "fuzz-findings")
    args = parser.parse_args()

    import logging

    import fuzz_support

    logging.disable(logging.WARNING)  # every damaged file logs why; the summary says enough
    with tempfile.TemporaryDirectory() as folder:
        teardown = None if args.extract_only else _database(Path(folder))
        try:
            return _fuzz(args, Path(folder), fuzz_support)
        finally:
            if teardown is not None:
                teardown()


def _fuzz(args, folder: Path, fuzz_support) -> int:
    from remiss.textkit.extract import Limits

    started = time.perf_counter()
    seeds = fuzz_support.seeds()
    print(f"seeds: {', '.join(f'{n} ({len(d)} B)' for n, d in seeds.items())}")
    print(f"made in {time.perf_counter() - started:.1f} s; fuzzing for {args.minutes} min")
    consultation = None if args.extract_only else _consultation()
    limits = Limits(max_file_bytes=50 * 1024 * 1024)
    if consultation is not None:
        from django.conf import settings

        limits = Limits(max_file_bytes=settings.REMISS_MAX_UPLOAD_BYTES)

    outcomes: Counter = Counter()
    extraction_codes: Counter = Counter()
    findings: list[tuple[int, str]] = []
    kinds = Counter()
    slowest = (0.0, -1)
    done = 0
    bytes_done = 0
    deadline = started + args.minutes * 60
    fuzz_started = time.perf_counter()
    for number in range(args.first, args.first + args.mutants):
        if time.perf_counter() > deadline:
            break
        mutant = fuzz_support.mutant(seeds, args.seed, number)
        kinds[mutant.how] += 1
        watched = fuzz_support.extract_with_watchdog(
            mutant.name, mutant.data, limits, timeout=args.timeout
        )
        slowest = max(slowest, (watched.seconds, number))
        problems = []
        if watched.outcome != "ok":
            problems.append(f"{watched.outcome}: {watched.detail}")
        else:
            for code in watched.detail.split(","):
                extraction_codes[code] += 1
            if consultation is not None:
                problems = _intake_problems(consultation, mutant.name, mutant.data, outcomes)
        done += 1
        bytes_done += len(mutant.data)
        if problems:
            findings.append((number, problems[0]))
            _save(args, mutant, number, problems)
            print(f"  mutant {number} ({mutant.seed_name}, {mutant.how}): {problems[0][:200]}")
        if done % 200 == 0:
            rate = done / (time.perf_counter() - fuzz_started)
            print(f"  {done} files, {rate:.1f} files/s, {len(findings)} findings", flush=True)

    if consultation is not None:
        from django.conf import settings

        for problem in fuzz_support.check_store(Path(settings.FILES_DIR)):
            findings.append((-1, problem))
            print(f"  store: {problem}")

    elapsed = time.perf_counter() - fuzz_started
    crashes = sum(1 for _, problem in findings if not problem.startswith("hang"))
    hangs = sum(1 for _, problem in findings if problem.startswith("hang"))
    print()
    print(f"mutants: {done} (numbers {args.first}..{args.first + done - 1}, seed {args.seed})")
    print(f"files/s: {done / elapsed:.2f} ({bytes_done / elapsed / 1e6:.1f} MB/s)")
    print(f"crashes: {crashes}")
    print(f"hangs:   {hangs} (limit {args.timeout:.0f} s per file)")
    print(f"slowest extraction: {slowest[0]:.2f} s (mutant {slowest[1]})")
    print(f"mutations: {dict(kinds.most_common())}")
    print(f"extraction codes: {dict(extraction_codes.most_common())}")
    if consultation is not None:
        print(f"intake outcomes: {dict(outcomes.most_common())}")
    return 1 if findings else 0


def _save(args, mutant, number: int, problems: list[str]) -> None:
    folder = args.findings / f"seed-{args.seed}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{number:06d}-{mutant.name}").write_bytes(mutant.data)
    (folder / f"{number:06d}.txt").write_text(
        f"seed {args.seed} mutant {number} from {mutant.seed_name} by {mutant.how}\n"
        + "\n".join(problems)
        + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
