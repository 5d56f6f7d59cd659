import pytest
from django.urls import reverse

from remiss.audit.models import AuditEvent
from remiss.consultations.models import Organisation

pytestmark = pytest.mark.django_db


def officer_pages(demo_case):
    response = demo_case.responses.get()
    document = response.documents.get()
    return [
        reverse("consultations:list"),
        reverse("consultations:detail", args=[demo_case.pk]),
        reverse("consultations:organisations"),
        reverse("responses:detail", args=[response.pk]),
        reverse("responses:original", args=[document.pk]),
    ]


def test_an_anonymous_visitor_is_sent_to_the_login_page_from_every_page(client, demo_case):
    for url in officer_pages(demo_case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_a_signed_in_person_without_an_officer_role_is_refused(client, demo_case, respondent):
    client.force_login(respondent)
    for url in officer_pages(demo_case):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("officer", ["registrator", "handlaggare"])
def test_officers_see_every_page(client, demo_case, officer, request):
    client.force_login(request.getfixturevalue(officer))
    for url in officer_pages(demo_case):
        assert client.get(url).status_code == 200, url


def test_the_consultation_page_shows_focus_areas_sandlista_rate_and_answer(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    page = client.get(reverse("consultations:detail", args=[demo_case.pk])).content.decode()
    assert "RS 2020-0780" in page
    for title in [
        "Stärk och utveckla forskning och innovation och smart specialisering",
        "Stärk och utveckla små och medelstora företags konkurrenskraft",
        "Stärk och utveckla export, internationalisering och investeringar",
        "Stärk och utveckla strategisk kompetensförsörjning",
    ]:
        assert title in page
    assert "Danderyds kommun" in page
    assert "1 av 42" in page  # 26 municipalities, 3 regional bodies, 13 universities
    assert reverse("responses:detail", args=[demo_case.responses.get().pk]) in page
    assert "Stängd för synpunkter" in page


def test_the_pages_speak_swedish_by_default_even_to_an_english_browser(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    response = client.get(reverse("consultations:list"), HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert '<html lang="sv">' in response.content.decode()
    assert "Remisser" in response.content.decode()


def test_the_language_switch_turns_the_pages_english(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("consultations:list")).content.decode()
    assert '<html lang="en">' in page
    assert "Consultations" in page


def test_the_original_is_downloaded_byte_for_byte_with_its_digest(client, demo_case, registrator):
    import base64
    import hashlib

    client.force_login(registrator)
    document = demo_case.responses.get().documents.get()
    response = client.get(reverse("responses:original", args=[document.pk]))
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert response["Content-Disposition"].startswith("attachment")
    expected = base64.b64encode(hashlib.sha256(body).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{expected}:"


def test_the_organisation_list_filters_by_kind(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    page = client.get(reverse("consultations:organisations"), {"typ": "larosate"}).content.decode()
    assert "Karolinska Institutet" in page
    assert "Huddinge kommun" not in page


def test_the_accessibility_statement_is_public_and_linked_from_every_page(client, demo_case):
    statement = reverse("accessibility")
    assert client.get(statement).status_code == 200
    assert statement in client.get(reverse("accounts:login")).content.decode()


def test_a_change_in_the_admin_is_audited(client, demo_case, django_user_model):
    admin_user = django_user_model.objects.create_superuser(
        "chef", "chef@example.org", "test-password-1", role="admin"
    )
    client.force_login(admin_user)
    organisation = Organisation.objects.get(name="Nacka kommun")
    url = reverse("admin:consultations_organisation_change", args=[organisation.pk])
    response = client.post(
        url,
        {
            "name": "Nacka kommun",
            "short_name": "Nacka",
            "kind": "kommun",
            "organisation_number": "",
            "email": "registrator@nacka.se",
            "aliases": '["Nacka", "Kommunstyrelsen i Nacka"]',
            "municipality_code": "0182",
            "county_code": "01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.for_object(organisation).filter(action="admin.changed").get()
    assert event.actor == admin_user
    assert event.changes["email"] == "registrator@nacka.se"
