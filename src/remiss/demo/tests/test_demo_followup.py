"""The demo's follow-up: example action plans, insatser, reports and indicator values for the four
focus areas of RS 2020-0780, a frozen report for 2022, and the two links to Huddinge's real
answer. Everything invented is marked as example data; loading again creates nothing."""

import pytest

from remiss.analysis.models import Point
from remiss.analysis.selectors import latest_run
from remiss.audit.models import AuditEvent
from remiss.demo.followup import ATTRIBUTION, HUDDINGE_OFFER
from remiss.demo.services import demo_load
from remiss.followup.models import (
    ActionPlan,
    AnnualReport,
    CandidateActor,
    Indicator,
    IndicatorValue,
    Insats,
    InsatsReport,
    InsatsSource,
    InsatsStatusChange,
)
from remiss.followup.report import report_assemble, report_for_year

pytestmark = pytest.mark.django_db


def test_the_2022_follow_up_has_four_focus_areas_with_insatser_and_indicator_values(demo_case):
    report = report_assemble(demo_case, 2022)
    assert [area.number for area in report.focus_areas] == ["2.1", "2.2", "2.3", "2.4"]
    for area in report.focus_areas:
        assert len(area.plans) == 1
        assert 2 <= len(area.insatser) <= 3
        assert all(insats.responsible and insats.narrative for insats in area.insatser)
        assert area.indicators
        for line in area.indicators:
            assert [v.year for v in line.values] == [2019, 2020, 2021, 2022]
            assert line.value_of_year is not None and line.target is not None
            assert line.attribution == ATTRIBUTION
    names = {line.name for area in report.focus_areas for line in area.indicators}
    assert {"Förvärvsfrekvens 20–64 år", "FoU-utgifter som andel av BRP"} <= names
    statuses = {i.status for area in report.focus_areas for i in area.insatser}
    assert {"pagar", "klar"} <= statuses
    assert report.changes.status_changes  # the history runs through 2021–2022
    assert report.has_demo_data


def test_everything_invented_is_marked_as_example_data_without_decisions(demo_case):
    plans = ActionPlan.objects.filter(consultation=demo_case)
    assert plans.count() == 4
    assert all(plan.is_demo_data and "Exempeldata" in plan.description for plan in plans)
    assert not any(plan.decided_on or plan.case_number for plan in plans)
    assert all(Insats.objects.filter(plan__in=plans).values_list("is_demo_data", flat=True))
    assert all(InsatsReport.objects.values_list("is_demo_data", flat=True))
    indicators = Indicator.objects.filter(consultation=demo_case)
    assert all(indicator.is_demo_data for indicator in indicators)
    first_changes = InsatsStatusChange.objects.order_by("changed_at").first().changed_at
    assert first_changes.year == 2021


def test_a_frozen_report_for_2022_is_what_the_page_shows(demo_case):
    annual = AnnualReport.objects.get(consultation=demo_case, year=2022)
    assert annual.is_demo_data
    report, shown = report_for_year(demo_case, 2022)
    assert shown == annual
    assert report.year == 2022 and len(report.focus_areas) == 4


def test_the_skills_insats_answers_huddinges_point_about_sodertorns_hogskola(demo_case):
    point = Point.objects.get(run=latest_run(demo_case), text__contains="Södertörns")
    source = InsatsSource.objects.get()
    assert source.insats.plan.focus_area.number == "2.4"
    assert source.insats.responsible.name == "Södertörns högskola"
    assert (source.response, source.point_key) == (point.response, point.key)
    line = next(
        i
        for area in report_assemble(demo_case, 2022).focus_areas
        for i in area.insatser
        if i.id == str(source.insats.pk)
    )
    assert [s.body for s in line.sources] == ["Huddinge kommun"]


def test_huddinge_is_a_candidate_actor_in_its_own_words(demo_case):
    candidate = CandidateActor.objects.get(consultation=demo_case)
    assert candidate.organisation.name == "Huddinge kommun"
    assert not candidate.accepted
    text = " ".join(
        " ".join(page.text.split())
        for document in candidate.response.documents.all()
        for page in document.pages.all()
    )
    assert candidate.offer == " ".join(HUDDINGE_OFFER)
    assert all(sentence in text for sentence in HUDDINGE_OFFER)


def test_loading_the_demo_again_creates_no_follow_up(demo_case):
    models = (
        ActionPlan,
        Insats,
        InsatsStatusChange,
        InsatsReport,
        InsatsSource,
        CandidateActor,
        Indicator,
        IndicatorValue,
        AnnualReport,
        AuditEvent,
    )
    before = [model.objects.count() for model in models]
    snapshot = AnnualReport.objects.get().snapshot
    result = demo_load()
    assert result.created == []
    assert [model.objects.count() for model in models] == before
    assert AnnualReport.objects.get().snapshot == snapshot
