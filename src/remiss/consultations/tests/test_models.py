import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from remiss.audit.models import AuditEvent
from remiss.consultations.models import (
    Consultation,
    Organisation,
    OrganisationKind,
    RecipientStatus,
    Section,
    SectionKind,
)
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    recipient_set_status,
    section_add,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return organisation_create(actor=None, name="Region Stockholm", kind=OrganisationKind.REGION)


@pytest.fixture
def consultation(region):
    return consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2020–0780", title="Strategi"
    )


def test_an_organisation_number_is_checked_and_stored_in_its_usual_form():
    organisation = organisation_create(
        actor=None, name="Stockholms stad", kind="kommun", organisation_number="2120000142"
    )
    assert organisation.organisation_number == "212000-0142"


def test_a_wrong_check_digit_is_refused_with_a_message_about_the_check_digit():
    with pytest.raises(ValidationError) as caught:
        organisation_create(
            actor=None, name="Stockholms stad", kind="kommun", organisation_number="212000-0143"
        )
    assert "organisation_number" in caught.value.message_dict
    assert caught.value.error_dict["organisation_number"][0].code == "checksum"
    assert not Organisation.objects.exists()


def test_two_organisations_cannot_share_an_organisation_number_but_may_both_lack_one():
    organisation_create(actor=None, name="A", kind="kommun", organisation_number="212000-0142")
    organisation_create(actor=None, name="B", kind="kommun")
    organisation_create(actor=None, name="C", kind="kommun")
    with pytest.raises(ValidationError):
        organisation_create(actor=None, name="D", kind="kommun", organisation_number="2120000142")


def test_all_names_lists_name_short_name_and_aliases_once():
    organisation = organisation_create(
        actor=None,
        name="Huddinge kommun",
        kind="kommun",
        short_name="Huddinge",
        aliases=["Kommunstyrelsen i Huddinge", "Huddinge"],
    )
    assert organisation.all_names == ["Huddinge kommun", "Huddinge", "Kommunstyrelsen i Huddinge"]


def test_the_case_number_is_kept_as_written_and_found_by_any_spelling(consultation):
    assert consultation.case_number_raw == "RS 2020–0780"
    assert consultation.case_number == "RS 2020-0780"
    assert Consultation.objects.get(case_number_key="RS2020-0780") == consultation


def test_the_same_case_number_twice_from_one_sender_is_refused(region, consultation):
    with pytest.raises(ValidationError):
        consultation_create(
            actor=None, remitting_organisation=region, case_number="RS 2020-0780", title="Igen"
        )


def test_a_deadline_before_the_sent_date_is_refused(region):
    from datetime import date

    with pytest.raises(ValidationError) as caught:
        consultation_create(
            actor=None,
            remitting_organisation=region,
            case_number="RS 2021-0001",
            title="X",
            sent_on=date(2021, 3, 1),
            deadline=date(2021, 2, 1),
        )
    assert "deadline" in caught.value.message_dict


def test_a_part_closed_for_comment_needs_a_reason(consultation):
    with pytest.raises(ValidationError):
        section_add(
            actor=None, consultation=consultation, number="3", title="FoI", open_for_comment=False
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(
            consultation=consultation, number="3", title="FoI", open_for_comment=False
        )


def test_the_section_tree_is_in_numeric_order_and_closed_parts_close_their_children(
    consultation,
):
    chapter = section_add(
        actor=None,
        consultation=consultation,
        number="2",
        title="Inriktning",
        kind=SectionKind.KAPITEL,
        open_for_comment=False,
        closed_reason="Redan remitterad",
    )
    for number in ["2.10", "2.2", "2.1"]:
        section_add(
            actor=None, consultation=consultation, number=number, title=number, parent=chapter
        )
    section_add(actor=None, consultation=consultation, number="1", title="Utgångsläge")
    tree = consultation.sections.as_tree()
    assert [node.section.number for node in tree] == ["1", "2"]
    assert [child.section.number for child in tree[1].children] == ["2.1", "2.2", "2.10"]
    assert tree[0].open_for_comment
    assert not any(child.open_for_comment for child in tree[1].children)


def test_a_section_cannot_hang_under_another_consultation(region, consultation):
    other = consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2021-0002", title="Annan"
    )
    foreign_parent = section_add(actor=None, consultation=other, number="1", title="X")
    with pytest.raises(ValidationError):
        section_add(
            actor=None, consultation=consultation, number="1.1", title="Y", parent=foreign_parent
        )


def test_the_response_rate_counts_only_invited_bodies(consultation):
    bodies = [organisation_create(actor=None, name=f"Kommun {i}", kind="kommun") for i in range(4)]
    recipients = [
        recipient_add(actor=None, consultation=consultation, organisation=o) for o in bodies[:3]
    ]
    recipient_set_status(actor=None, recipient=recipients[0], status=RecipientStatus.SVARAT)
    recipient_set_status(actor=None, recipient=recipients[1], status=RecipientStatus.AVSTATT)
    spontaneous = recipient_add(
        actor=None, consultation=consultation, organisation=bodies[3], is_invited=False
    )
    recipient_set_status(actor=None, recipient=spontaneous, status=RecipientStatus.SVARAT)

    rate = consultation.recipients.response_rate()
    assert (rate.invited, rate.invited_answered, rate.spontaneous) == (3, 2, 1)
    assert rate.percent == 67
    assert rate.by_status[RecipientStatus.SVARAT] == 2
    assert rate.by_status[RecipientStatus.EJ_SVARAT] == 1


def test_a_body_is_on_the_list_only_once(consultation, region):
    body = organisation_create(actor=None, name="Nacka kommun", kind="kommun")
    recipient_add(actor=None, consultation=consultation, organisation=body)
    with pytest.raises(ValidationError):
        recipient_add(actor=None, consultation=consultation, organisation=body)


def test_every_state_change_is_audited_with_who_and_what(consultation, handlaggare):
    body = organisation_create(actor=handlaggare, name="Nacka kommun", kind="kommun")
    recipient = recipient_add(actor=handlaggare, consultation=consultation, organisation=body)
    recipient_set_status(actor=handlaggare, recipient=recipient, status=RecipientStatus.BERORS_INTE)

    events = AuditEvent.objects.for_object(recipient).order_by("at")
    assert [e.action for e in events] == ["recipient.added", "recipient.status_changed"]
    assert events.last().actor == handlaggare
    assert events.last().changes == {"from": "ej_svarat", "to": "berors_inte"}
    assert AuditEvent.objects.for_object(consultation).get().actor_label == "system"


def test_setting_the_same_status_again_writes_no_event(consultation):
    body = organisation_create(actor=None, name="Nacka kommun", kind="kommun")
    recipient = recipient_add(actor=None, consultation=consultation, organisation=body)
    before = AuditEvent.objects.count()
    recipient_set_status(actor=None, recipient=recipient, status=RecipientStatus.EJ_SVARAT)
    assert AuditEvent.objects.count() == before
