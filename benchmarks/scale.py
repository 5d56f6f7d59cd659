"""Scale: one consultation with N answers and ~10 N points in PostgreSQL; reading it, and analysing.

    uv run python benchmarks/scale.py [--answers 100000] [--points-per-answer 10] [--repeat 20]
        [--budget 120] [--analysis-answers 1000] [--batch-size 250] [--database remiss_scale]
        [--seed 1]
        [--reuse] [--fill-only] [--themes-only] [--skip-analysis] [--themes 30]

Drops and re-creates the PostgreSQL database ``--database`` on 127.0.0.1, migrates it and
fills it with ``bulk_create`` (batches of 1,000 answers; not timed in the table): one open
consultation with the demo draft's parts, N bodies, N answers each with one document and one
page of generated Swedish text (``AnswerMaker`` of ``benchmarks/analysis.py``, 200–2,000
words), one finished AnalysisRun with a StanceJudgement per answer and ``--points-per-answer``
Points per answer (generated point sentences) with one PointPlacement (rank 0) for about 80 %
of them, and ``--themes`` themes over the points as a run's clustering leaves them (sizes
falling off from the largest, about 10 % of the points in none, 80 % in one, 10 % in two;
``bulk_create`` on the through table); then ``VACUUM ANALYZE``, as autovacuum would leave a
settled database. ``--reuse`` keeps a database that already holds the consultation with N
answers (migrating it) instead, adding the themes if its run has none; ``--themes-only``
does only that and stops.

Then, in this process, against PostgreSQL, calling the code directly (no HTTP, no templates),
each read ``--repeat`` times or until ``--budget`` seconds are spent on it, whichever is first:

* overview:  ``analysis.selectors.consultation_overview``, page 1 (what the analysis overview
  shows: counts per position and per part, themes, and the first page of answers);
* section:   ``analysis.selectors.section_points`` of one part, page 1 (its first points);
* workspace: ``compilation.selectors.workspace_read`` filtered to that one part, page 1;
* search:    ``search.services.search`` of a word, within the consultation (if the app exists);
* baseline:  ``Response.objects.filter(pk=...).get()``: one indexed row, the floor of a read.

It prints p50/p95/max per read, the number of SQL queries of one call and p95 against the
300 ms target. Then the analysis with one and with two worker processes: a second
consultation of ``--analysis-answers`` answers made the same way, analysed by a real run
(batches of ``--batch-size`` answers, one task each, claimed by ``remiss worker`` processes,
then the finish: duplicates and themes) with 1 and then 2 workers; prints both and the speed-up
(``benchmarks/analysis_workers.py`` does the same on a database of its own).

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) or ``BENCH_POSTGRES``.
"""

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support

BATCH = 1000
TARGET_MS = 300
KIND_OF_GROUP = {"organisation": "intresseorganisation"}
POINT_KINDS = ("request", "objection", "addition", "support", "emphasis")


def fill(consultation_name: str, answers: int, points_per_answer: int, seed: int, *, analyse=True):
    """One consultation with ``answers`` answers (and, if ``analyse``, a finished run)."""
    import analysis as textbench
    from django.utils import timezone

    from remiss.analysis.models import (
        AnalysisRun,
        Point,
        PointPlacement,
        StanceJudgement,
        point_key,
    )
    from remiss.consultations.models import Organisation
    from remiss.consultations.services import (
        consultation_create,
        section_add,
    )
    from remiss.responses.models import Document, DocumentPage, Response
    from remiss.runs import RunStatus

    region, _ = Organisation.objects.get_or_create(
        name="Region Stockholm", defaults={"kind": "region"}
    )
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number=f"RS 2025-{random.Random(consultation_name).randint(1000, 9999)}",
        title=consultation_name,
        deadline=timezone.localdate() + timedelta(days=30),
        status="oppen",
    )
    sections = {}
    for position, ref in enumerate(textbench.SECTIONS):
        sections[ref.number] = section_add(
            actor=None,
            consultation=consultation,
            number=ref.number,
            title=ref.title[:300],
            kind=ref.kind or "avsnitt",
            position=position,
        )
    run = None
    if analyse:
        now = timezone.now()
        run = AnalysisRun.objects.create(
            consultation=consultation,
            status=RunStatus.KLAR,
            started_at=now,
            finished_at=now,
            responses_total=answers,
            responses_done=answers,
        )
    maker = textbench.AnswerMaker(seed)
    pick = random.Random(seed)
    numbers = [number for number in sections if number != "0"]
    received = timezone.now() - timedelta(days=10)
    for start in range(0, answers, BATCH):
        count = min(BATCH, answers - start)
        made = [maker.answer() for _ in range(count)]
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"{consultation_name[:20]} svarande {start + n:06d}",
                kind=KIND_OF_GROUP.get(group, group),
            )
            for n, (_text, group) in enumerate(made)
        )
        responses = Response.objects.bulk_create(
            Response(
                consultation=consultation,
                organisation=organisation,
                title="Yttrande",
                received_at=received + timedelta(seconds=start + n),
                channel="epost",
            )
            for n, organisation in enumerate(organisations)
        )
        documents = Document.objects.bulk_create(
            Document(
                response=response,
                original_filename="yttrande.txt",
                media_type="text/plain",
                size=len(text.encode()),
                sha256=hashlib.sha256(text.encode()).hexdigest(),
            )
            for response, (text, _group) in zip(responses, made, strict=True)
        )
        DocumentPage.objects.bulk_create(
            DocumentPage(document=document, number=1, text=text)
            for document, (text, _group) in zip(documents, made, strict=True)
        )
        if run is None:
            continue
        StanceJudgement.objects.bulk_create(
            StanceJudgement(
                run=run,
                response=response,
                label=pick.choices(maker.stances, maker.stance_weights)[0],
                confidence=0.8,
            )
            for response in responses
        )
        points, placements = [], []
        for response, document, organisation in zip(
            responses, documents, organisations, strict=True
        ):
            for position in range(points_per_answer):
                text = maker.point(organisation.name)
                point = Point(
                    run=run,
                    response=response,
                    document=document,
                    key=point_key(response.pk, f"{position} {text}"),
                    position=position,
                    text=text,
                    page=1,
                    start=0,
                    end=len(text),
                    kind=POINT_KINDS[position % len(POINT_KINDS)],
                )
                points.append(point)
                if pick.random() < 0.8:
                    placements.append(
                        PointPlacement(
                            point=point,
                            section=sections[pick.choice(numbers)],
                            method="lexical",
                            rank=0,
                            confidence=0.7,
                        )
                    )
        Point.objects.bulk_create(points, batch_size=5000)
        PointPlacement.objects.bulk_create(placements, batch_size=5000)
        print(f"  {start + count} answers", end="\r", flush=True)
    return consultation, run, sections


THEME_LABELS = (
    "Kompetensförsörjning", "kollektivtrafik", "Digitalisering", "Klimatanpassning",
    "Bostadsbyggande", "Vård nära invånaren", "Psykisk hälsa", "Äldreomsorg", "Skolans roll",
    "Näringslivets behov", "Landsbygdens villkor", "Kulturens plats", "Jämlik hälsa",
    "Samverkan med kommunerna", "Finansiering", "Uppföljning och indikatorer", "Energi",
    "Tillgänglighet", "Civilsamhället", "Forskning och innovation", "Infrastruktur",
    "Miljö och natur", "Trygghet", "Folkbildning", "Integration", "Barn och unga", "Turism",
    "Vatten och avlopp", "Livsmedel", "Krisberedskap", "Arbetsmarknad", "Cykel och gång",
    "Godstransporter", "Friluftsliv", "Besöksnäring", "Kompetenscentrum", "Digital vård",
    "Regional utveckling", "Internationellt samarbete", "Öppna data",
)  # fmt: skip


def add_themes(run, count: int, seed: int) -> int:
    """``count`` themes over the run's points, as a run's clustering leaves them; returns the
    number of theme–point rows made."""
    from remiss.analysis.models import Point, Theme

    pick = random.Random(seed)
    themes = Theme.objects.bulk_create(
        Theme(
            run=run,
            machine_label=THEME_LABELS[n % len(THEME_LABELS)] + (f" {n}" if n >= 40 else ""),
            keywords=[],
        )
        for n in range(count)
    )
    weights = [1 / (n + 1) for n in range(count)]  # a few large themes, many small ones
    pick.shuffle(weights)  # the largest is not always first by name
    through = Theme.points.through
    made = 0
    ids = Point.objects.filter(run=run).order_by("pk").values_list("pk", flat=True)
    rows = []
    for point_id in ids.iterator(chunk_size=10_000):
        draw = pick.random()
        if draw < 0.1:
            continue  # in no theme
        chosen = {pick.choices(themes, weights)[0].pk}
        if draw > 0.9:
            chosen.add(pick.choices(themes, weights)[0].pk)
        rows.extend(through(theme_id=theme_id, point_id=point_id) for theme_id in chosen)
        if len(rows) >= 10_000:
            through.objects.bulk_create(rows, batch_size=5000)
            made += len(rows)
            rows = []
            print(f"  {made} theme rows", end="\r", flush=True)
    through.objects.bulk_create(rows, batch_size=5000)
    return made + len(rows)


def _holds_consultation(name: str, answers: int) -> bool:
    """Whether the database exists and holds the "Skala" consultation with ``answers`` answers."""
    import psycopg

    try:
        with psycopg.connect(support.database_url(name), autocommit=True) as connection:
            row = connection.execute(
                "SELECT count(*) FROM responses_response r JOIN consultations_consultation c "
                "ON c.id = r.consultation_id WHERE c.title = 'Skala'"
            ).fetchone()
    except psycopg.Error:
        return False
    return bool(row) and row[0] == answers


def measure(name: str, call, repeat: int, budget: float) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call()
        first = time.perf_counter() - started
    times = [first]
    spent = first
    while len(times) < repeat and spent < budget:
        started = time.perf_counter()
        call()
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        spent += elapsed
    return {"name": name, "times": times, "queries": len(queries), "result": result}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--points-per-answer", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--budget", type=float, default=120, help="seconds at most per read")
    parser.add_argument("--analysis-answers", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=250, help="answers per analysis batch")
    parser.add_argument(
        "--analysis-timeout", type=float, default=7200, help="seconds at most per analysis run"
    )
    parser.add_argument("--query", default="kompetensförsörjningen")
    parser.add_argument("--database", default="remiss_scale")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-analysis", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database if it already holds the consultation of --answers answers "
        "(migrating it), else fill it anew",
    )
    parser.add_argument("--fill-only", action="store_true", help="fill, then stop")
    parser.add_argument("--themes", type=int, default=30, help="themes over the points")
    parser.add_argument(
        "--themes-only",
        action="store_true",
        help="add the themes to a reused database whose run has none, then stop",
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="remiss-scale-"))
    environment = support.bench_environment(args.database, folder)
    reused = args.reuse and _holds_consultation(args.database, args.answers)
    if args.themes_only and not reused:
        raise SystemExit("--themes-only needs --reuse and a database that holds the consultation")
    if not reused:
        support.fresh_database(args.database)
    support.django_setup(environment)
    support.migrate()

    from django.db import connection

    from remiss.analysis.models import Point
    from remiss.analysis.selectors import consultation_overview, latest_run, section_points
    from remiss.compilation.selectors import WorkspaceFilters, workspace_read
    from remiss.consultations.models import Consultation
    from remiss.responses.models import Response

    started = time.perf_counter()
    if reused:
        consultation = Consultation.objects.get(title="Skala")
        run = latest_run(consultation)
        sections = {section.number: section for section in consultation.sections.all()}
        if args.themes and not run.themes.exists():
            made = add_themes(run, args.themes, args.seed)
            print(f"added {args.themes} themes ({made} theme–point rows) to the reused run")
    else:
        consultation, run, sections = fill("Skala", args.answers, args.points_per_answer, args.seed)
        if args.themes:
            add_themes(run, args.themes, args.seed)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    points = Point.objects.filter(run=run).count()
    print(
        f"{'reused' if reused else 'filled'} {args.answers} answers and {points} points in "
        f"{time.perf_counter() - started:.0f} s (bulk_create; not timed below); "
        f"cpus: {os.cpu_count()}"
    )
    if args.fill_only or args.themes_only:
        return 0
    section = sections["2.4"]
    one = Response.objects.filter(consultation=consultation).values_list("pk", flat=True)[
        args.answers // 2
    ]
    reads = [
        ("baseline: one answer", lambda: Response.objects.filter(pk=one).get()),
        ("overview, page 1", lambda: consultation_overview(consultation, run, page=1)),
        (f"section {section.number}, page 1", lambda: section_points(section, run, page=1)),
        (
            f"workspace, {section.number}, page 1",
            lambda: workspace_read(consultation, WorkspaceFilters(section=str(section.pk)), page=1),
        ),
    ]
    try:
        from remiss.search.services import search
    except ImportError:
        search = None
        print("search: remiss.search.services.search is missing; not measured")
    if search is not None:
        reads.append(
            (f"search '{args.query}'", lambda: search(args.query, consultation=consultation))
        )

    rows = []
    for name, call in reads:
        row = measure(name, call, args.repeat, args.budget)
        rows.append(row)
        ms = [t * 1000 for t in row["times"]]
        print(f"  {name}: {len(ms)} runs, p95 {support.percentile(ms, 95):.0f} ms", flush=True)
    base = support.percentile([t * 1000 for t in rows[0]["times"]], 50)
    print()
    header = (
        f"{'read':<28} {'runs':>5} {'queries':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} "
        f"{'p50/base':>9} {'p95<300':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        ms = [t * 1000 for t in row["times"]]
        p95 = support.percentile(ms, 95)
        print(
            f"{row['name']:<28} {len(ms):>5} {row['queries']:>7} "
            f"{support.percentile(ms, 50):>9.1f} {p95:>9.1f} {max(ms):>9.1f} "
            f"{support.percentile(ms, 50) / base:>9.0f} {'yes' if p95 < TARGET_MS else 'NO':>8}"
        )
    hits = rows[-1]["result"] if search is not None else None
    if hits is not None:
        print(f"search found {hits.total} hits (more: {hits.more}), showed {len(hits.hits)}")

    if args.skip_analysis or args.analysis_answers <= 0:
        return 0
    analysis_run(args, environment, folder)
    return 0


def analysis_run(args, environment: dict, folder: Path) -> None:
    """A real analysis run with 1 and with 2 `remiss worker` processes, and the speed-up."""
    import analysis_workers
    from django.test.utils import override_settings

    count = args.analysis_answers
    print(f"\nanalysis of {count} answers by remiss worker processes")
    consultation, _run, _sections = fill("Analys", count, 0, args.seed + 1, analyse=False)
    environment = {**environment}
    environment.pop("REMISS_TASKS_IMMEDIATE", None)  # the workers take the tasks from the queue
    # This process was set up to run tasks inline (for the fill); now it only queues them.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        rows = [
            analysis_workers.measure(
                consultation, workers, args.batch_size, environment, folder, args.analysis_timeout
            )
            for workers in (1, 2)
        ]
    analysis_workers.print_table(rows, count, args.batch_size)


if __name__ == "__main__":
    sys.exit(main())
