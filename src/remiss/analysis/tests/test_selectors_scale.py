"""The analysis reads that must hold at 100,000 answers: counted in the database, paged there,
and the same points as the rule of one point at a time (``consultation_points``) on a small
consultation with officers' decisions (moved points, not-a-point, a corrected position)."""

import importlib
import random
from collections import Counter
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from remiss.analysis.counts import run_counts, run_counts_compute, run_counts_store
from remiss.analysis.models import (
    AnalysisRun,
    Point,
    PointPlacement,
    StanceJudgement,
    Theme,
    point_key,
)
from remiss.analysis.selectors import (
    consultation_overview,
    consultation_points,
    current_stances,
    page_window,
    section_point_counts,
    section_points,
    stance_counts,
)
from remiss.analysis.services import point_correct, stance_correct, theme_merge, theme_split
from remiss.consultations.models import Organisation
from remiss.consultations.services import consultation_create, section_add
from remiss.responses.models import Response
from remiss.runs import RunStatus

pytestmark = pytest.mark.django_db

STANCES = ["tillstyrker", "avstyrker", "tillstyrker_med_synpunkter"]
KINDS = ["kommun", "region", "myndighet"]


def make_case(title: str, answers: int, *, officer=None, points_per_answer: int = 4, seed=1):
    """A consultation with parts, answers (one without a body), a finished run, points placed
    by the machine (some under two parts, some under none), themes (one merged away) and, if
    ``officer`` is given, the officer's decisions."""
    pick = random.Random(seed)
    region, _ = Organisation.objects.get_or_create(name="Region Skala", defaults={"kind": "region"})
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number=f"RS 2026-{pick.randint(1000, 9999)}",
        title=title,
        deadline=timezone.localdate() + timedelta(days=30),
        status="oppen",
    )
    one = section_add(actor=None, consultation=consultation, number="1", title="Ett", position=0)
    two = section_add(actor=None, consultation=consultation, number="2", title="Två", position=1)
    sub = section_add(
        actor=None, consultation=consultation, number="2.1", title="Del", parent=two, position=2
    )
    sections = [one, two, sub]
    run = AnalysisRun.objects.create(
        consultation=consultation, status=RunStatus.KLAR, finished_at=timezone.now()
    )
    received = timezone.now() - timedelta(days=5)
    responses = []
    for n in range(answers):
        organisation = None
        if n != 1:  # the second answer has no known sender
            organisation = Organisation.objects.create(
                name=f"{title} svarande {pick.randint(0, 10**6):07d}-{n}", kind=KINDS[n % 3]
            )
        responses.append(
            Response.objects.create(
                consultation=consultation,
                organisation=organisation,
                title="Yttrande",
                received_at=received + timedelta(minutes=n),
                channel="epost",
            )
        )
    for n, response in enumerate(responses):
        if n % 4 != 3:  # every fourth answer has no machine position
            StanceJudgement.objects.create(
                run=run, response=response, label=STANCES[n % 3], confidence=0.5
            )
    themes = [
        Theme.objects.create(run=run, machine_label=label) for label in ("vård", "Arbete", "skola")
    ]
    themes[2].merged_into = themes[0]
    themes[2].save()
    for response in responses:
        for position in range(points_per_answer):
            text = f"Punkt {position} om {pick.choice(['vård', 'skola', 'arbete'])}."
            point = Point.objects.create(
                run=run,
                response=response,
                key=point_key(response.pk, f"{position} {text}"),
                position=position,
                text=text,
                page=1,
                start=0,
                end=len(text),
                kind="request",
            )
            chosen = pick.sample(sections, pick.choice([0, 1, 1, 1, 2]))
            for rank, section in enumerate(chosen):
                PointPlacement.objects.create(
                    point=point, section=section, method="lexical", confidence=0.6, rank=rank
                )
            for theme in pick.sample(themes, pick.choice([0, 1, 1, 2])):
                theme.points.add(point)
    if officer is not None:
        points = list(Point.objects.filter(run=run).order_by("response__received_at", "position"))
        point_correct(actor=officer, point=points[0], sections=[one, sub])  # under two parts
        point_correct(actor=officer, point=points[1], not_a_point=True)
        point_correct(actor=officer, point=points[2], sections=[])  # moved to the general ones
        point_correct(actor=officer, point=points[5], kind="objection")  # kind only
        point_correct(actor=officer, point=points[6], sections=[two])
        point_correct(actor=officer, point=points[6], sections=[sub])  # the newest counts
        stance_correct(actor=officer, response=responses[0], label="avstyrker")
        stance_correct(actor=officer, response=responses[3], label="tillstyrker")  # had none
    return consultation, run, sections


def body_order(item):
    name = item.point.response.organisation.name if item.point.response.organisation else None
    return (name is None, name or "", item.point.position, item.point.response_id.hex)


@pytest.fixture
def case(handlaggare):
    return make_case("Skala", 9, officer=handlaggare)


def test_section_pages_hold_every_point_under_the_part_once_in_body_order(case):
    _consultation, run, sections = case
    every = consultation_points(run)
    for section in sections:
        expected = sorted(
            (item for item in every if section in item.sections),
            key=lambda item: (*body_order(item), item.point.pk.hex),
        )
        first = section_points(section, run, page=1, size=4)
        seen = []
        for number in range(1, first.pages + 1):
            page = section_points(section, run, page=number, size=4)
            assert page.number == number and page.total == len(expected)
            assert len(page) <= 4
            seen.extend(page)
        assert [item.point.pk for item in seen] == [item.point.pk for item in expected]
        assert [item.sections for item in seen] == [item.sections for item in expected]
        assert [item.kind for item in seen] == [item.kind for item in expected]


def test_a_section_page_follows_the_officers_decisions(case):
    _consultation, run, (one, two, sub) = case
    points = list(Point.objects.filter(run=run).order_by("response__received_at", "position"))
    in_one = {item.point.pk for item in section_points(one, run, size=1000)}
    in_sub = {item.point.pk for item in section_points(sub, run, size=1000)}
    in_two = {item.point.pk for item in section_points(two, run, size=1000)}
    assert points[0].pk in in_one and points[0].pk in in_sub, "under both parts decided"
    assert points[1].pk not in in_one | in_two | in_sub, "not a point: nowhere"
    assert points[2].pk not in in_one | in_two | in_sub, "moved to the general points"
    assert points[6].pk in in_sub and points[6].pk not in in_two, "the newest decision counts"


def test_a_page_past_the_last_shows_the_last(case):
    _consultation, run, (one, _two, _sub) = case
    last = section_points(one, run, page=1, size=3).pages
    assert section_points(one, run, page=999, size=3).number == last
    assert section_points(one, run, page=-4, size=3).number == 1


def test_counts_per_part_and_position_are_those_of_the_rule(case):
    consultation, run, _sections = case
    expected: Counter = Counter()
    for item in consultation_points(run):
        for section in item.sections or [None]:
            expected[section.pk if section else None] += 1
    assert section_point_counts(consultation, run) == {k: v for k, v in expected.items() if v}
    positions = Counter(stance.label for stance in current_stances(consultation, run).values())
    assert stance_counts(consultation, run) == dict(positions)
    assert stance_counts(consultation, run)["avstyrker"] >= 1


def test_the_counts_join_the_run_when_an_earlier_run_left_points(case):
    consultation, run, (one, _two, _sub) = case
    before = section_point_counts(consultation, run)
    older = AnalysisRun.objects.create(consultation=consultation, status=RunStatus.KLAR)
    response = consultation.responses.first()
    stale = Point.objects.create(
        run=older, response=response, key="x" * 32, text="Gammal", page=1, start=0, end=6,
        kind="request",
    )  # fmt: skip
    PointPlacement.objects.create(point=stale, section=one, method="lexical", confidence=1)
    assert section_point_counts(consultation, run) == before
    assert stale.pk not in {item.point.pk for item in section_points(one, run, size=1000)}
    assert section_points(one, run).total == before[one.pk]


def test_the_overview_pages_the_answers_and_counts_from_the_database(case, monkeypatch):
    from remiss.analysis import selectors

    consultation, run, _sections = case
    monkeypatch.setattr(selectors, "PAGE_SIZE", 4)
    first = consultation_overview(consultation, run, page=1)
    assert first.responses.total == 9 and first.responses.pages == 3
    seen = []
    for number in (1, 2, 3):
        seen.extend(
            row.response.pk
            for row in consultation_overview(consultation, run, page=number).responses
        )
    assert sorted(seen) == sorted(r.pk for r in consultation.responses.all())
    assert len(seen) == len(set(seen))
    stances = current_stances(consultation, run)
    for row in first.responses:
        assert (row.stance.label if row.stance else None) == (
            stances[row.response.pk].label if row.response.pk in stances else None
        )
    officer_row = next(r for r in first.responses if r.stance and r.stance.source == "officer")
    assert officer_row.stance.label in {"avstyrker", "tillstyrker"}
    everything = Counter(point.response_id for point in Point.objects.filter(run=run))
    assert all(row.points == everything[row.response.pk] for row in first.responses)
    themes = {theme.machine_label: theme.point_count for theme in first.themes}
    assert set(themes) == {"vård", "Arbete"}, "a merged theme is not shown"
    assert themes["vård"] == Theme.objects.get(run=run, machine_label="vård").points.count()


def test_reads_take_the_same_number_of_queries_however_many_points(handlaggare):
    small = make_case("Liten", 4, officer=handlaggare, points_per_answer=2, seed=2)
    large = make_case("Stor", 30, officer=handlaggare, points_per_answer=8, seed=3)
    counts = []
    for consultation, run, sections in (small, large):
        with CaptureQueriesContext(connection) as overview:
            consultation_overview(consultation, run)
        with CaptureQueriesContext(connection) as section:
            list(section_points(sections[1], run))
        counts.append((len(overview), len(section)))
    small_counts, large_counts = counts
    assert all(large <= small for small, large in zip(small_counts, large_counts, strict=True)), (
        counts
    )


def test_the_migration_numbers_each_points_placements_from_zero(case):
    _consultation, run, (one, two, sub) = case
    point = Point.objects.filter(run=run).first()
    point.placements.all().delete()
    for rank, section in ((3, two), (7, one), (7, sub)):
        PointPlacement.objects.create(
            point=point, section=section, method="lexical", confidence=1, rank=rank
        )
    untouched = {p.pk: p.rank for p in PointPlacement.objects.exclude(point=point)}
    migration = importlib.import_module("remiss.analysis.migrations.0003_read_indexes")
    migration.renumber_placements(django_apps, None)
    ranks = list(point.placements.order_by("rank").values_list("section__number", "rank"))
    assert ranks == [("2", 0), ("1", 1), ("2.1", 2)]
    assert {p.pk: p.rank for p in PointPlacement.objects.exclude(point=point)} == untouched


def test_the_pages_link_to_each_other(case, client, handlaggare, monkeypatch):
    from remiss.analysis import selectors

    consultation, run, (one, _two, _sub) = case
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    client.force_login(handlaggare)
    second = section_points(one, run, page=2)
    url = reverse("analysis:section", args=[one.pk])
    with translation.override("sv"):
        page = client.get(url, {"page": "2"}).content.decode()
        assert 'href="?page=3"' in page and "Sida 3" in page
        assert all(f'id="point-{item.point.pk}"' in page for item in second)
        assert f'id="point-{section_points(one, run, page=1).items[0].point.pk}"' not in page
        assert "Sida 1" in client.get(url, {"page": "nonsens"}).content.decode()
        overview = client.get(
            reverse("analysis:overview", args=[consultation.pk]), {"page": "5"}
        ).content.decode()
    fifth = consultation_overview(consultation, run, page=5).responses
    shown = fifth.items[0].response.organisation
    assert (shown.name if shown else "") in overview
    assert 'aria-current="page" href="?page=5#positions"' in overview


def rule_counts(run) -> dict:
    """Points per part by the rule of one point at a time."""
    expected: Counter = Counter()
    for item in consultation_points(run):
        for section in item.sections or [None]:
            expected[section.pk if section else None] += 1
    return {key: value for key, value in expected.items() if value}


def test_the_counts_are_stored_once_and_equal_counts_made_afresh(case):
    consultation, run, _sections = case
    assert run.counts == {}, "a run made before the counts were stored"
    consultation_overview(consultation, run)
    stored = AnalysisRun.objects.get(pk=run.pk).counts
    assert stored == run_counts_compute(run)
    assert stored["points"] == Point.objects.filter(run=run).count()
    assert stored["stances"] == dict(Counter(run.stances.values_list("label", flat=True)))
    fresh = AnalysisRun.objects.get(pk=run.pk)
    with CaptureQueriesContext(connection) as queries:
        counts = run_counts(fresh)
    assert len(queries) == 1, "read from the run (the themes' state checked), not counted"
    assert counts == run_counts_store(fresh)


def test_a_correction_made_after_the_counts_were_stored_counts(case, handlaggare):
    consultation, run, (one, two, sub) = case
    before = section_point_counts(consultation, run)
    stored = AnalysisRun.objects.get(pk=run.pk).counts
    assert stored
    points = list(Point.objects.filter(run=run).order_by("response__received_at", "position"))
    moved = next(p for p in points[10:] if p.placements.filter(rank=0, section=two).exists())
    point_correct(actor=handlaggare, point=moved, sections=[one, sub])
    gone = next(p for p in points[10:] if p.placements.filter(rank=0, section=one).exists())
    point_correct(actor=handlaggare, point=gone, not_a_point=True)
    stance = run.stances.exclude(label="avstyrker").order_by("pk").last()
    stance_correct(actor=handlaggare, response=stance.response, label="avstyrker")

    after = section_point_counts(consultation, run)
    assert after == rule_counts(run)
    assert after[two.pk] == before[two.pk] - 1 and after[sub.pk] == before[sub.pk] + 1
    assert after[one.pk] == before[one.pk], "one point moved in, one taken out"
    positions = Counter(s.label for s in current_stances(consultation, run).values())
    assert stance_counts(consultation, run) == dict(positions)
    assert section_points(one, run).total == after[one.pk]
    assert AnalysisRun.objects.get(pk=run.pk).counts == stored, "machine counts stay"


def test_theme_counts_follow_an_officers_merge_and_split(case, handlaggare):
    consultation, run, _sections = case
    first = {
        theme.pk: theme.point_count for theme in consultation_overview(consultation, run).themes
    }
    vard = Theme.objects.get(run=run, machine_label="vård")
    arbete = Theme.objects.get(run=run, machine_label="Arbete")
    theme_merge(actor=handlaggare, target=vard, others=[arbete])
    merged = {
        theme.pk: theme.point_count for theme in consultation_overview(consultation, run).themes
    }
    assert set(merged) == {vard.pk} and merged[vard.pk] == vard.points.count() > first[vard.pk]
    new = theme_split(actor=handlaggare, theme=vard, points=list(vard.points.all()[:3]), label="Ny")
    split = {
        theme.pk: theme.point_count for theme in consultation_overview(consultation, run).themes
    }
    assert split == {vard.pk: vard.points.count(), new.pk: 3}


def test_a_run_in_progress_is_counted_but_not_stored(case):
    _consultation, run, _sections = case
    run.status = RunStatus.PAGAR
    run.save()
    assert run_counts(run).points == Point.objects.filter(run=run).count()
    assert AnalysisRun.objects.get(pk=run.pk).counts == {}


def test_the_pager_shows_a_few_pages_however_many_there_are():
    assert page_window(1, 1) == [1]
    assert page_window(1, 5000) == [1, 2, 3, None, 5000]
    assert page_window(2500, 5000) == [1, None, 2498, 2499, 2500, 2501, 2502, None, 5000]
    assert page_window(4, 5000) == [1, 2, 3, 4, 5, 6, None, 5000], "no ellipsis for one page"
    assert page_window(5000, 5000) == [1, None, 4998, 4999, 5000]
