"""The overview page: counts, summary sentences, charts with their tables, links onwards."""

import pytest
from django.urls import reverse

from remiss.analysis.models import Stance
from remiss.compilation.assembly import compilation_assemble
from remiss.compilation.views.overview import genitive, heat_table, stance_table
from remiss.demo.services import HUDDINGE


def test_genitive_follows_swedish_spelling():
    assert genitive("Nacka kommun") == "Nacka kommuns"
    assert genitive("Region Stockholm") == "Region Stockholms"
    assert genitive("Kallhälls IS") == "Kallhälls IS"
    assert genitive("SKR") == "SKR:s"


def test_the_tables_hold_the_charts_numbers():
    columns, rows = stance_table(
        {"Kommun": {"avstyrker": 1, "tillstyrker": 2}, "Region": {"tillstyrker": 1}}
    )
    assert columns == [str(Stance.TILLSTYRKER.label), str(Stance.AVSTYRKER.label)]
    assert rows == [("Kommun", [2, 1], 3), ("Region", [1, 0], 1)]
    bodies, rows = heat_table({"1 Mål": {"A": 2}, "2 Medel": {"B": 1, "A": 1}, "3 Tom": {}})
    assert bodies == ["A", "B"]
    assert rows == [("1 Mål", [2, 0], 2), ("2 Medel", [1, 1], 2), ("3 Tom", [0, 0], 0)]


@pytest.fixture
def lasare(make_user):
    return make_user("lasare", role="lasare")


def test_officers_see_counts_summary_and_charts(client, demo_case, handlaggare):
    compilation = compilation_assemble(demo_case)
    client.force_login(handlaggare)
    response = client.get(reverse("compilation:overview", args=[demo_case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for sentence in compilation.summary:
        assert sentence in html
    assert HUDDINGE in html
    assert html.count("<svg") == 2
    counts = response.context["compilation"].counts
    assert counts.invited == compilation.counts.invited > 0
    assert f"<dd>{counts.invited}</dd>" in html
    assert f"<dd>{counts.not_answered}</dd>" in html
    assert "<caption>" in html  # the charts' numbers as tables
    assert reverse("compilation:workspace", args=[demo_case.pk]) in html
    assert reverse("compilation:publication", args=[demo_case.pk]) in html
    for format in ("docx", "pdf", "pdfa", "xlsx", "csv", "json"):
        assert reverse("compilation:export", args=[demo_case.pk, format]) in html


def test_the_overview_is_for_officers_only(client, demo_case, respondent, lasare):
    url = reverse("compilation:overview", args=[demo_case.pk])
    assert client.get(url).status_code == 302
    client.force_login(respondent)
    assert client.get(url).status_code == 403
    client.force_login(lasare)
    assert client.get(url).status_code == 200
