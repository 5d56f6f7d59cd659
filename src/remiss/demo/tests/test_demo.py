import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command

from remiss.audit.models import AuditEvent
from remiss.consultations.models import Organisation, RecipientStatus
from remiss.demo.services import DATA_DIR, demo_load, demo_officer_ensure
from remiss.responses.models import Document

pytestmark = pytest.mark.django_db


def test_the_demo_case_has_the_stockholm_remiss_with_its_four_focus_areas(demo_case):
    assert demo_case.case_number == "RS 2020-0780"
    assert demo_case.remitting_organisation.name == "Region Stockholm"
    assert str(demo_case.deadline) == "2021-03-05"
    tree = demo_case.sections.as_tree()
    assert [node.section.number for node in tree] == ["1", "2", "3", "4"]
    focus_areas = tree[1].children
    assert [node.section.number for node in focus_areas] == ["2.1", "2.2", "2.3", "2.4"]
    assert all(node.section.kind == "inriktningsomrade" for node in focus_areas)
    chapter_3 = tree[2]
    assert not chapter_3.open_for_comment
    assert "september 2020" in chapter_3.section.closed_reason


def test_the_sandlista_has_the_26_municipalities_of_the_county_and_the_named_bodies(demo_case):
    recipients = demo_case.recipients.select_related("organisation")
    names = {r.organisation.name for r in recipients}
    municipalities = [r for r in recipients if r.organisation.kind == "kommun"]
    assert len(municipalities) == 26
    assert {"Storsthlm", "Stockholm Business Region", "Stockholms Handelskammare"} <= names
    assert {"Huddinge kommun", "Stockholms stad", "Södertälje kommun"} <= names
    positions = [r.position for r in recipients]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_only_huddinge_has_answered_and_the_invented_entries_are_marked(demo_case):
    huddinge = demo_case.recipients.get(organisation__name="Huddinge kommun")
    assert huddinge.status == RecipientStatus.SVARAT
    assert not huddinge.is_demo_data
    others = demo_case.recipients.exclude(pk=huddinge.pk)
    assert set(others.values_list("status", flat=True)) == {RecipientStatus.EJ_SVARAT}
    assert all(others.values_list("is_demo_data", flat=True))
    assert demo_case.is_demo_data


def test_huddinges_answer_is_stored_unchanged_with_its_text(demo_case):
    response = demo_case.responses.get()
    assert response.organisation.name == "Huddinge kommun"
    assert str(response.letter_date) == "2021-01-21"
    assert response.received_at is None  # the arrival date is not known; not invented
    document = response.documents.get()
    original = (DATA_DIR / "huddinge-ks-yttrande.txt").read_bytes()
    assert document.sha256 == hashlib.sha256(original).hexdigest()
    assert "regionala stadskärnan Flemingsberg" in document.pages.get(number=1).text


def test_no_organisation_number_is_invented(demo_case):
    assert set(Organisation.objects.values_list("organisation_number", flat=True)) == {""}


def test_loading_the_demo_again_changes_nothing(demo_case):
    counts = (AuditEvent.objects.count(), Document.objects.count(), Organisation.objects.count())
    result = demo_load()
    assert result.consultation == demo_case
    assert not result.changed
    assert counts == (
        AuditEvent.objects.count(),
        Document.objects.count(),
        Organisation.objects.count(),
    )


def test_the_demo_officer_gets_a_printed_password_once_and_keeps_it():
    first = demo_officer_ensure(password=None)
    assert first.created and first.password
    second = demo_officer_ensure(password=None)
    assert not second.created and second.password is None
    from django.contrib.auth import authenticate

    assert authenticate(username="demo", password=first.password).is_officer


def test_the_demo_officer_takes_the_password_from_the_environment_value():
    demo_officer_ensure(password=None)
    demo_officer_ensure(password="another-secret-9")
    from django.contrib.auth import authenticate

    assert authenticate(username="demo", password="another-secret-9") is not None


def test_the_demo_command_without_serving_prints_the_password(capsys, monkeypatch):
    monkeypatch.setenv("REMISS_DEMO_PASSWORD", "from-the-environment-7")
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "from-the-environment-7" in out
    call_command("demo", "--no-serve")
    assert Path(DATA_DIR / "huddinge-ks-yttrande.txt").exists()


def test_huddinges_demo_answer_shows_the_facts_read_from_it(demo_case):
    facts = demo_case.responses.get().documents.get().facts
    assert facts["responder"]["value"] == "Huddinge kommun"
    assert facts["letter_date"]["value"] == "2021-01-21"
    assert facts["sender_match"]["scope"] == "sandlista"
    assert facts["consultation_reference"]["method"] == "title"
