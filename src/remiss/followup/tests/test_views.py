"""The follow-up pages: who may see and change what, the forms, the chain back to the answers,
indicator values by hand and from a file, and the actors' reporting through their links."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remiss.analysis.models import Point
from remiss.analysis.selectors import latest_run
from remiss.consultations.models import Organisation
from remiss.consultations.services import organisation_create
from remiss.followup.models import (
    ActionPlan,
    AdoptionTrace,
    CandidateActor,
    Indicator,
    IndicatorValue,
    Insats,
    InsatsReport,
    InsatsSource,
    InsatsStatusChange,
    ReportingLink,
)
from remiss.followup.services import (
    action_plan_create,
    indicator_create,
    indicator_value_set,
    insats_create,
    insats_link_point,
    reporting_link_issue,
)

pytestmark = pytest.mark.django_db


@dataclass
class Followup:
    consultation: object
    area: object  # 2.4, skills supply
    plan: ActionPlan
    insats: Insats  # Huddinge responsible
    other: Insats  # another actor responsible
    indicator: Indicator
    huddinge: Organisation
    botkyrka: Organisation


@pytest.fixture
def followup(demo_case, handlaggare):
    area = demo_case.sections.get(number="2.4")
    huddinge = Organisation.objects.get(name="Huddinge kommun")
    botkyrka = Organisation.objects.filter(name="Testkommun Väst").first() or organisation_create(
        actor=None, name="Testkommun Väst", kind="kommun", email="registrator@vast.example"
    )
    plan = action_plan_create(
        actor=handlaggare, consultation=demo_case, focus_area=area, title="Plan för kompetens"
    )
    insats = insats_create(
        actor=handlaggare, plan=plan, number="T.1", title="Högskolesamverkan", responsible=huddinge
    )
    other = insats_create(
        actor=handlaggare, plan=plan, number="T.2", title="Yrkesvux i väst", responsible=botkyrka
    )
    indicator = indicator_create(
        actor=handlaggare,
        consultation=demo_case,
        focus_area=area,
        name="Förvärvsfrekvens 20–64 år",
        unit="%",
        base_year=2019,
        base_value=80.1,
        target_year=2030,
        target_value=83.0,
        insatser=[insats],
    )
    indicator_value_set(actor=handlaggare, indicator=indicator, year=2020, value=79.5)
    return Followup(demo_case, area, plan, insats, other, indicator, huddinge, botkyrka)


def university_point(consultation) -> Point:
    return Point.objects.get(run=latest_run(consultation), text__contains="Södertörns")


def reading_urls(f: Followup) -> list[str]:
    pk = f.consultation.pk
    return [
        reverse("followup:home", args=[pk]),
        reverse("followup:insats", args=[f.insats.pk]),
        reverse("followup:indicator", args=[f.indicator.pk]),
        reverse("followup:adoption", args=[pk]),
        reverse("followup:candidates", args=[pk]),
        reverse("followup:reporting_links", args=[pk]),
    ]


def changing_urls(f: Followup) -> list[str]:
    pk = f.consultation.pk
    return [
        reverse("followup:plan_create", args=[pk]),
        reverse("followup:plan_edit", args=[f.plan.pk]),
        reverse("followup:insats_create", args=[f.plan.pk]),
        reverse("followup:insats_edit", args=[f.insats.pk]),
        reverse("followup:insats_points", args=[f.insats.pk]),
        reverse("followup:indicator_create", args=[pk]),
        reverse("followup:indicator_edit", args=[f.indicator.pk]),
    ]


def posting_urls(f: Followup) -> list[str]:
    pk = f.consultation.pk
    return [
        reverse("followup:insats_status", args=[f.insats.pk]),
        reverse("followup:insats_point_unlink", args=[f.insats.pk]),
        reverse("followup:indicator_value", args=[f.indicator.pk]),
        reverse("followup:indicator_import", args=[f.indicator.pk]),
        reverse("followup:adoption", args=[pk]),
        reverse("followup:candidates_find", args=[pk]),
        reverse("followup:reporting_links_send", args=[pk]),
        reverse("followup:reporting_link_issue", args=[pk, f.huddinge.pk]),
    ]


# --- Who may do what ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, followup):
    for url in reading_urls(followup) + changing_urls(followup):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse(settings.LOGIN_URL)), url
    for url in posting_urls(followup):
        assert client.post(url, {"status": "klar", "year": 2024}).status_code == 302, url
    assert InsatsStatusChange.objects.filter(insats=followup.insats).count() == 1


def test_a_signed_in_user_without_a_role_is_refused(client, followup, respondent):
    client.force_login(respondent)
    for url in reading_urls(followup) + changing_urls(followup):
        assert client.get(url).status_code == 403, url
    for url in posting_urls(followup):
        assert client.post(url).status_code == 403, url


def test_a_reader_reads_every_page_but_changes_nothing(client, followup, make_user):
    client.force_login(make_user("lasare", role="lasare"))
    for url in reading_urls(followup):
        assert client.get(url).status_code == 200, url
    for url in changing_urls(followup):
        assert client.get(url).status_code == 403, url
    for url in posting_urls(followup):
        assert client.post(url, {"status": "klar", "year": 2024}).status_code == 403, url
    followup.insats.refresh_from_db()
    assert followup.insats.status == "planerad"
    home = client.get(reading_urls(followup)[0]).content.decode()
    assert reverse("followup:plan_create", args=[followup.consultation.pk]) not in home


@pytest.mark.parametrize("role", ["registrator", "handlaggare"])
def test_officers_who_register_answers_open_every_form(client, followup, make_user, role):
    client.force_login(make_user(f"user-{role}", role=role))
    for url in reading_urls(followup) + changing_urls(followup):
        assert client.get(url).status_code == 200, url


# --- The home page --------------------------------------------------------------------------


def test_the_home_page_shows_each_focus_area_with_its_insatser_and_indicator_charts(
    client, followup, handlaggare
):
    client.force_login(handlaggare)
    page = client.get(reverse("followup:home", args=[followup.consultation.pk])).content.decode()
    for number in ("2.1", "2.2", "2.3", "2.4"):
        assert f'id="area-{followup.consultation.sections.get(number=number).pk}"' in page
    assert "Plan för kompetens" in page
    assert reverse("followup:insats", args=[followup.insats.pk]) in page
    assert "Huddinge kommun" in page
    assert 'role="img"' in page and "Förvärvsfrekvens 20–64 år" in page
    assert "Basvärde 2019: 80,1 %" in page, "the chart describes its numbers"
    assert reverse("followup:report", args=[followup.consultation.pk, 2020]) in page
    assert reverse("followup:adoption", args=[followup.consultation.pk]) in page


def test_the_consultation_page_links_to_the_follow_up(client, followup, handlaggare):
    client.force_login(handlaggare)
    page = client.get(reverse("consultations:detail", args=[followup.consultation.pk]))
    assert reverse("followup:home", args=[followup.consultation.pk]) in page.content.decode()


# --- Plans and insatser through the forms ---------------------------------------------------


def test_an_officer_creates_a_plan_and_an_insats_through_the_forms(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    area = demo_case.sections.get(number="2.1")
    huddinge = Organisation.objects.get(name="Huddinge kommun")
    response = client.post(
        reverse("followup:plan_create", args=[demo_case.pk]),
        {"focus_area": area.pk, "title": "Handlingsplan FoI", "decided_on": "2022-05-10"},
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(title="Handlingsplan FoI")
    assert plan.focus_area == area and str(plan.decided_on) == "2022-05-10"

    response = client.post(
        reverse("followup:insats_create", args=[plan.pk]),
        {
            "number": "2.1.9",
            "title": "Testbäddar för life science",
            "responsible": huddinge.pk,
            "planned_start": "2022-01-01",
            "planned_end": "2024-12-31",
            "status": "pagar",
        },
    )
    insats = Insats.objects.get(title="Testbäddar för life science")
    assert response.status_code == 302
    assert response.url == reverse("followup:insats", args=[insats.pk])
    assert insats.plan == plan and insats.responsible == huddinge and insats.status == "pagar"
    assert insats.status_history.count() == 1

    response = client.post(
        reverse("followup:insats_edit", args=[insats.pk]),
        {"number": "2.1.9", "title": "Testbäddar", "planned_start": "2022-01-01",
         "planned_end": "2021-01-01"},
    )  # fmt: skip
    assert response.status_code == 400, "the end before the start is refused"
    assert "Slutet kan inte vara före starten." in response.content.decode()
    insats.refresh_from_db()
    assert insats.title == "Testbäddar för life science"


def test_a_plan_cannot_be_put_under_a_part_of_another_consultation(
    client, demo_case, followup, handlaggare
):
    from remiss.followup.tests.services_case import make_case

    elsewhere = make_case().research
    client.force_login(handlaggare)
    response = client.post(
        reverse("followup:plan_create", args=[demo_case.pk]),
        {"focus_area": elsewhere.pk, "title": "Fel plan"},
    )
    assert response.status_code == 400
    assert not ActionPlan.objects.filter(title="Fel plan").exists()


def test_a_status_change_with_a_note_is_added_to_the_history(client, followup, handlaggare):
    client.force_login(handlaggare)
    url = reverse("followup:insats_status", args=[followup.insats.pk])
    response = client.post(url, {"status": "pausad", "note": "Väntar på finansiering"})
    assert response.status_code == 302
    followup.insats.refresh_from_db()
    assert followup.insats.status == "pausad"
    history = list(followup.insats.status_history.order_by("changed_at"))
    assert [h.status for h in history] == ["planerad", "pausad"]
    assert history[-1].note == "Väntar på finansiering"
    page = client.get(reverse("followup:insats", args=[followup.insats.pk])).content.decode()
    assert "Väntar på finansiering" in page

    assert client.post(url, {"status": "okänd"}).status_code == 400
    assert followup.insats.status_history.count() == 2


# --- The chain: points, insatser, answers ---------------------------------------------------


def test_linking_a_point_shows_it_on_the_insats_and_the_insats_on_the_answer(
    client, followup, handlaggare
):
    client.force_login(handlaggare)
    point = university_point(followup.consultation)
    listing = client.get(reverse("followup:insats_points", args=[followup.insats.pk]))
    assert "Södertörns" in listing.content.decode(), "the insats's focus area is shown first"

    response = client.post(
        reverse("followup:insats_points", args=[followup.insats.pk]), {"point": point.pk}
    )
    assert response.status_code == 302
    source = InsatsSource.objects.get(insats=followup.insats)
    assert (source.response_id, source.point_key) == (point.response_id, point.key)

    page = client.get(reverse("followup:insats", args=[followup.insats.pk])).content.decode()
    assert "Södertörns" in page
    assert reverse("analysis:response", args=[point.response_id]) in page
    assert "Huddinge kommun" in page

    answer = client.get(reverse("analysis:response", args=[point.response_id])).content.decode()
    assert reverse("followup:insats", args=[followup.insats.pk]) in answer
    workspace = client.get(reverse("compilation:workspace", args=[followup.consultation.pk]))
    assert reverse("followup:insats", args=[followup.insats.pk]) in workspace.content.decode()

    response = client.post(
        reverse("followup:insats_point_unlink", args=[followup.insats.pk]), {"source": source.pk}
    )
    assert response.status_code == 302
    assert not InsatsSource.objects.filter(insats=followup.insats).exists()


def test_a_point_of_another_consultation_cannot_be_linked(client, followup, handlaggare):
    client.force_login(handlaggare)
    response = client.post(
        reverse("followup:insats_points", args=[followup.insats.pk]),
        {"point": "00000000-0000-0000-0000-000000000000"},
    )
    assert response.status_code == 302
    assert not InsatsSource.objects.filter(insats=followup.insats).exists()


def test_the_insats_page_shows_the_region_reply_and_what_changed_in_the_adopted_version(
    client, followup, handlaggare
):
    from remiss.compilation.services import reply_save

    point = university_point(followup.consultation)
    reply_save(
        actor=handlaggare, response=point.response, key=point.key,
        text="Regionen instämmer och lyfter högskolorna.", outcome="beaktas", reason="",
    )  # fmt: skip
    insats_link_point(
        actor=handlaggare,
        insats=followup.insats,
        response=point.response,
        point_key=point.key,
        point_text=point.text,
    )
    client.force_login(handlaggare)
    response = client.post(
        reverse("followup:adoption", args=[followup.consultation.pk]),
        {
            "decided_on": "2021-06-15",
            "decided_by_body": "Regionfullmäktige",
            "decision_case_number": "RS 2021-0101",
        },
    )
    assert response.status_code == 302
    assert AdoptionTrace.objects.filter(point_key=point.key).exists()
    adoption = client.get(reverse("followup:adoption", args=[followup.consultation.pk]))
    assert "Regionfullmäktige" in adoption.content.decode()
    assert "Södertörns" in adoption.content.decode()

    page = client.get(reverse("followup:insats", args=[followup.insats.pk])).content.decode()
    assert "Regionen instämmer och lyfter högskolorna." in page
    assert "Changed in the adopted version because of:" in page or "ändrades" in page.lower()


# --- Indicators -----------------------------------------------------------------------------


def test_the_indicator_page_has_the_chart_and_the_same_numbers_as_a_table(
    client, followup, handlaggare
):
    client.force_login(handlaggare)
    page = client.get(reverse("followup:indicator", args=[followup.indicator.pk])).content.decode()
    assert "<svg" in page and 'role="img"' in page
    table = page[page.index('id="values-table"') :]
    for year in ("2019", "2020", "2030"):
        assert f'<th scope="row">{year}</th>' in table


def test_a_value_entered_by_hand_takes_a_decimal_comma(client, followup, handlaggare):
    client.force_login(handlaggare)
    url = reverse("followup:indicator_value", args=[followup.indicator.pk])
    response = client.post(url, {"year": 2021, "value": "81,25", "note": "SCB BAS"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=followup.indicator, year=2021)
    assert value.value == 81.25 and value.note == "SCB BAS"

    response = client.post(url, {"year": 2022, "value": "många"})
    assert response.status_code == 400
    assert not IndicatorValue.objects.filter(indicator=followup.indicator, year=2022).exists()


def test_values_are_imported_from_a_csv_file(client, followup, handlaggare):
    client.force_login(handlaggare)
    data = "År;Värde\n2021;80,4\n2022;81,0\n".encode()
    response = client.post(
        reverse("followup:indicator_import", args=[followup.indicator.pk]),
        {"file": SimpleUploadedFile("varden.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 302
    values = dict(
        IndicatorValue.objects.filter(indicator=followup.indicator).values_list("year", "value")
    )
    assert values == {2020: 79.5, 2021: 80.4, 2022: 81.0}


def test_a_csv_file_with_one_malformed_row_saves_nothing_and_names_the_row(
    client, followup, handlaggare
):
    client.force_login(handlaggare)
    data = "År;Värde\n2021;80,4\n2022;åttio\n2023;82\n".encode()
    response = client.post(
        reverse("followup:indicator_import", args=[followup.indicator.pk]),
        {"file": SimpleUploadedFile("varden.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="import-errors"' in page
    errors = page[page.index('id="import-errors"') :]
    assert "3" in errors and "åttio" in errors, "the row and the bad value are named"
    assert list(
        IndicatorValue.objects.filter(indicator=followup.indicator).values_list("year", flat=True)
    ) == [2020], "nothing saved"


def test_an_indicator_is_created_and_edited_through_the_forms(client, followup, handlaggare):
    client.force_login(handlaggare)
    response = client.post(
        reverse("followup:indicator_create", args=[followup.consultation.pk]),
        {"focus_area": followup.area.pk, "name": "Andel med eftergymnasial utbildning",
         "unit": "%", "source": "kolada", "source_id": "N01982", "base_year": 2019,
         "base_value": "45,5", "target_year": 2030, "target_value": "50",
         "higher_is_better": "on", "insatser": [followup.other.pk]},
    )  # fmt: skip
    indicator = Indicator.objects.get(name="Andel med eftergymnasial utbildning")
    assert response.status_code == 302
    assert indicator.base_value == 45.5 and indicator.attribution == "Källa: Kolada (RKA)"
    assert list(indicator.insatser.all()) == [followup.other]

    response = client.post(
        reverse("followup:indicator_edit", args=[indicator.pk]),
        {"focus_area": followup.area.pk, "name": "Eftergymnasial utbildning", "unit": "%",
         "source": "kolada", "base_year": 2019, "base_value": "45,5", "target_year": 2030,
         "target_value": "52,5", "higher_is_better": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Eftergymnasial utbildning" and indicator.target_value == 52.5
    assert not indicator.insatser.exists()

    response = client.post(
        reverse("followup:indicator_edit", args=[indicator.pk]),
        {"focus_area": followup.area.pk, "name": "X", "source": "egen", "target_year": 2030},
    )
    assert response.status_code == 400, "a target year without a target value"


# --- Candidate actors and reporting links (officers) ----------------------------------------


def test_a_candidate_actor_is_made_a_co_actor_of_an_insats(client, followup, handlaggare):
    point = university_point(followup.consultation)
    candidate = CandidateActor.objects.create(
        consultation=followup.consultation,
        organisation=followup.huddinge,
        response=point.response,
        offer="Vi vill gärna medverka i genomförandet.",
    )
    client.force_login(handlaggare)
    page = client.get(reverse("followup:candidates", args=[followup.consultation.pk]))
    assert "Vi vill gärna medverka i genomförandet." in page.content.decode()
    assert reverse("analysis:response", args=[point.response_id]) in page.content.decode()
    response = client.post(
        reverse("followup:candidate_accept", args=[candidate.pk]),
        {"insats": followup.other.pk, "role": "co_actor"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.accepted and candidate.insats == followup.other
    assert followup.huddinge in followup.other.co_actors.all()


def test_the_links_for_a_year_are_e_mailed_and_listed_per_actor(
    client, followup, handlaggare, mailoutbox
):
    followup.huddinge.email = "registrator@huddinge.example"
    followup.huddinge.save()
    client.force_login(handlaggare)
    pk = followup.consultation.pk
    response = client.post(reverse("followup:reporting_links_send", args=[pk]), {"year": 2024})
    assert response.status_code == 302
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert "registrator@huddinge.example" in recipients
    assert "registrator@vast.example" in recipients
    page = client.get(reverse("followup:reporting_links", args=[pk]), {"year": 2024})
    text = page.content.decode()
    assert "Huddinge kommun" in text and "Testkommun Väst" in text
    assert ReportingLink.objects.filter(year=2024, sent_at__isnull=False).count() == 2

    response = client.post(
        reverse("followup:reporting_link_issue", args=[pk, followup.huddinge.pk]), {"year": 2024}
    )
    assert response.status_code == 200
    assert "/rapportera/" in response.content.decode(), "the new link is shown once"


# --- The actors' reporting pages ------------------------------------------------------------


YEAR = timezone.localdate().year  # a link of this year still works


def issue(f: Followup, organisation, year=YEAR) -> tuple[ReportingLink, str]:
    issued = reporting_link_issue(
        actor=None, consultation=f.consultation, organisation=organisation, year=year
    )
    return issued.link, issued.token


def test_the_token_becomes_a_session_and_the_actor_reports_on_its_insats(followup):
    link, token = issue(followup, followup.huddinge)
    actor = Client()
    response = actor.get(reverse("followup:report_start", args=[token]))
    assert response.status_code == 302
    assert response.url == reverse("followup:actor_report", args=[link.pk])
    assert token not in response.url
    assert response["Referrer-Policy"] == "no-referrer"

    page = actor.get(response.url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Högskolesamverkan" in text
    assert "Yrkesvux i väst" not in text, "another actor's insats is not listed"
    assert reverse("consultations:list") not in text, "no officer menu"

    response = actor.post(
        reverse("followup:actor_report_submit", args=[link.pk, followup.insats.pk]),
        {"status": "pagar", "narrative": "Två kurser startade med högskolan."},
    )
    assert response.status_code == 302
    report = InsatsReport.objects.get(insats=followup.insats, year=YEAR)
    assert report.status == "pagar" and report.narrative == "Två kurser startade med högskolan."
    followup.insats.refresh_from_db()
    assert followup.insats.status == "pagar"
    assert followup.insats.status_history.last().changed_by_label == "Huddinge kommun"
    assert "Två kurser startade med högskolan." in actor.get(response.url).content.decode()


def test_an_actor_cannot_see_or_report_on_another_actors_insats(followup):
    own_link, own_token = issue(followup, followup.huddinge)
    other_link, _ = issue(followup, followup.botkyrka)
    actor = Client()
    actor.get(reverse("followup:report_start", args=[own_token]))

    refused = [
        ("get", reverse("followup:actor_report", args=[other_link.pk])),
        ("get", reverse("followup:actor_report_submit", args=[other_link.pk, followup.other.pk])),
        ("get", reverse("followup:actor_report_submit", args=[own_link.pk, followup.other.pk])),
        ("post", reverse("followup:actor_report_submit", args=[own_link.pk, followup.other.pk])),
        ("post", reverse("followup:actor_report_submit", args=[other_link.pk, followup.other.pk])),
        ("post", reverse("followup:actor_report_submit", args=[other_link.pk, followup.insats.pk])),
    ]
    for method, url in refused:
        response = getattr(actor, method)(url, {"status": "klar", "narrative": "x"})
        assert response.status_code == 404, (method, url)
    assert not InsatsReport.objects.filter(year=YEAR).exists()
    followup.other.refresh_from_db()
    assert followup.other.status == "planerad"


def test_without_the_link_in_the_session_the_pages_are_404(followup):
    link, _ = issue(followup, followup.huddinge)
    stranger = Client()
    assert stranger.get(reverse("followup:actor_report", args=[link.pk])).status_code == 404
    response = stranger.post(
        reverse("followup:actor_report_submit", args=[link.pk, followup.insats.pk]),
        {"status": "klar"},
    )
    assert response.status_code == 404
    assert not InsatsReport.objects.filter(year=YEAR).exists()


def test_an_unknown_or_expired_link_is_404_without_the_officer_menu(followup):
    actor = Client()
    response = actor.get(reverse("followup:report_start", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert reverse("consultations:list") not in response.content.decode()

    link, token = issue(followup, followup.huddinge)
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    assert actor.get(reverse("followup:report_start", args=[token])).status_code == 404


def test_a_link_that_expires_after_it_was_opened_stops_working(followup):
    link, token = issue(followup, followup.huddinge)
    actor = Client()
    actor.get(reverse("followup:report_start", args=[token]))
    assert actor.get(reverse("followup:actor_report", args=[link.pk])).status_code == 200
    link.revoked_at = timezone.now()
    link.save()
    assert actor.get(reverse("followup:actor_report", args=[link.pk])).status_code == 404
    response = actor.post(
        reverse("followup:actor_report_submit", args=[link.pk, followup.insats.pk]),
        {"status": "klar"},
    )
    assert response.status_code == 404
    assert not InsatsReport.objects.filter(year=YEAR).exists()


def test_the_links_to_insatser_cost_one_query_per_page_not_one_per_point(
    client, followup, handlaggare, django_assert_max_num_queries
):
    point = university_point(followup.consultation)
    insats_link_point(
        actor=handlaggare,
        insats=followup.insats,
        response=point.response,
        point_key=point.key,
        point_text=point.text,
    )
    client.force_login(handlaggare)
    with django_assert_max_num_queries(30):  # the workspace's own limit
        page = client.get(reverse("compilation:workspace", args=[followup.consultation.pk]))
    assert reverse("followup:insats", args=[followup.insats.pk]) in page.content.decode()
