"""The follow-up in Chromium: an officer goes from the follow-up of the demo strategy to an
insats, sees the indicator chart, follows the insats back to the answer's point; the actor
reports through its link. Every page passes axe (WCAG 2.1 A/AA)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from remiss.analysis.models import Point
from remiss.analysis.selectors import latest_run
from remiss.consultations.models import Organisation
from remiss.followup.services import (
    action_plan_create,
    indicator_create,
    indicator_value_set,
    insats_create,
    insats_link_point,
    reporting_link_issue,
)

from .support import WCAG_21_AA, axe_report, main_text, path_re

pytestmark = pytest.mark.browser


def axe_violations(page) -> list[dict]:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    results = axe_module.Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def assert_accessible(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{name} ({page.url}):\n{axe_report(violations)}"


@pytest.fixture
def strategy(demo, officer):
    """The demo strategy with a plan under skills supply, an insats Huddinge is responsible for
    that answers Huddinge's point about Södertörns högskola, and an indicator with values."""
    area = demo.sections.get(number="2.4")
    huddinge = Organisation.objects.get(name="Huddinge kommun")
    plan = action_plan_create(
        actor=officer, consultation=demo, focus_area=area, title="Handlingsplan kompetens (test)"
    )
    insats = insats_create(
        actor=officer, plan=plan, number="B.1", title="Samverkan med högskolorna (test)",
        responsible=huddinge, status="pagar",
    )  # fmt: skip
    point = Point.objects.get(run=latest_run(demo), text__contains="Södertörns")
    insats_link_point(
        actor=officer, insats=insats, response=point.response, point_key=point.key,
        point_text=point.text,
    )  # fmt: skip
    indicator = indicator_create(
        actor=officer, consultation=demo, focus_area=area, name="Högskoleutbildade (test)",
        unit="%", base_year=2019, base_value=41.2, target_year=2030, target_value=48.0,
        insatser=[insats],
    )  # fmt: skip
    for year, value in ((2020, 41.9), (2021, 42.6), (2022, 43.1)):
        indicator_value_set(actor=officer, indicator=indicator, year=year, value=value)
    cache.clear()
    yield demo, insats, indicator, point, huddinge
    cache.clear()


def test_an_officer_follows_an_insats_back_to_the_answers_point(signed_in, strategy):
    page = signed_in
    demo, insats, indicator, point, _ = strategy

    page.goto(reverse("followup:home", args=[demo.pk]))
    chart = page.locator(
        f"li.indicator-card:has(a[href='{reverse('followup:indicator', args=[indicator.pk])}'])"
        " svg[role=img]"
    )
    assert chart.is_visible()
    assert "Basvärde 2019: 41,2 %" in chart.locator("desc").text_content()
    assert_accessible(page, "follow-up home")

    page.locator(f"main a[href='{reverse('followup:insats', args=[insats.pk])}']").first.click()
    page.wait_for_url(path_re(reverse("followup:insats", args=[insats.pk])))
    text = main_text(page)
    assert "Samverkan med högskolorna (test)" in text
    assert "Södertörns" in text
    assert page.locator("#indicators + ul.indicators svg[role=img]").count() == 1
    assert_accessible(page, "insats")

    answer_url = reverse("analysis:response", args=[point.response_id])
    page.locator(f"#points ~ ul.sources a[href='{answer_url}']").first.click()
    page.wait_for_url(path_re(answer_url))
    assert page.locator(f"main a[href='{reverse('followup:insats', args=[insats.pk])}']").count()

    page.goto(reverse("followup:indicator", args=[indicator.pk]))
    assert page.locator("main svg[role=img]").is_visible()
    assert page.locator("#values-table tbody tr").count() == 5  # 2019, 2020-2022, 2030
    assert_accessible(page, "indicator")


def test_the_actor_reports_through_its_link_on_an_accessible_page(page, strategy):
    demo, insats, _, _, huddinge = strategy
    issued = reporting_link_issue(
        actor=None, consultation=demo, organisation=huddinge, year=timezone.localdate().year
    )
    page.goto(reverse("followup:report_start", args=[issued.token]))
    page.wait_for_url(path_re(reverse("followup:actor_report", args=[issued.link.pk])))
    assert issued.token not in page.url
    assert page.locator("header nav").count() == 0, "no officer menu"
    assert "Samverkan med högskolorna (test)" in main_text(page)
    assert_accessible(page, "actor's reporting page")

    section = page.locator(f"#insats-{insats.pk}")
    section.locator("select").select_option("klar")
    section.locator("textarea").fill("Utbildningen är på plats.")
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    section = page.locator(f"#insats-{insats.pk}")
    assert section.locator("textarea").input_value() == "Utbildningen är på plats."
    assert page.locator("main [role=status]").count()
    insats.refresh_from_db()
    assert insats.status == "klar"
    assert_accessible(page, "actor's reporting page after a report")
