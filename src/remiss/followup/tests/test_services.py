"""The follow-up's services: plans, insatser and their history, indicators, the adopted strategy
with the points behind it, and the candidate actors found in the answers."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from remiss.analysis.models import Point
from remiss.analysis.selectors import latest_run
from remiss.analysis.services import analysis_run_create, analysis_run_execute
from remiss.audit.models import AuditEvent
from remiss.compilation.services import reply_save
from remiss.consultations.invitations import invitation_issue
from remiss.consultations.models import DraftVersion
from remiss.consultations.services import recipient_add
from remiss.followup.models import (
    ActionPlan,
    AdoptionTrace,
    CandidateActor,
    Indicator,
    IndicatorValue,
    Insats,
    InsatsSource,
    InsatsStatusChange,
)
from remiss.followup.services import (
    action_plan_create,
    adoption_record,
    candidate_actors_find,
    indicator_create,
    indicator_value_set,
    insats_create,
    insats_link_point,
    insats_set_status,
    insats_unlink_point,
    insats_update,
    offers_participation,
)
from remiss.portal.models import Position
from remiss.portal.services import (
    AnswerInput,
    portal_answer_open,
    portal_answer_save,
    portal_answer_submit,
)
from remiss.responses.services import document_add, response_register
from remiss.textkit.extract import extract

from .services_case import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return make_case()


@pytest.fixture
def plan(case, handlaggare):
    return action_plan_create(
        actor=handlaggare,
        consultation=case.consultation,
        focus_area=case.research,
        title="Handlingsplan för forskning och innovation",
        decided_on=date(2022, 5, 3),
        case_number="RS 2022-0101",
    )


def events(action: str, obj=None):
    found = AuditEvent.objects.filter(action=action)
    if obj is not None:
        found = found.filter(object_pk=str(obj.pk))
    return list(found.order_by("at"))


# --- Action plans and insatser ------------------------------------------------------------


def test_an_action_plan_belongs_to_a_focus_area_and_is_audited(plan, handlaggare):
    assert plan.focus_area.number == "2.1" and plan.case_number == "RS 2022-0101"
    [event] = events("followup.action_plan_created", plan)
    assert event.actor == handlaggare and event.changes["focus_area"] == "2.1"


def test_a_focus_area_of_another_consultation_is_refused(case, handlaggare):
    other = make_case(case_number="RS 2025-0999", title="En annan strategi")
    with pytest.raises(ValidationError) as raised:
        action_plan_create(
            actor=handlaggare, consultation=case.consultation, focus_area=other.research, title="X"
        )
    assert "focus_area" in raised.value.message_dict
    assert not ActionPlan.objects.exists()
    with pytest.raises(ValidationError) as raised:
        indicator_create(
            actor=handlaggare, consultation=case.consultation, focus_area=other.skills, name="Y"
        )
    assert "focus_area" in raised.value.message_dict
    assert not Indicator.objects.exists()


def test_a_new_insats_starts_its_status_history(plan, case, handlaggare):
    insats = insats_create(
        actor=handlaggare,
        plan=plan,
        number="1.1",
        title="Testbäddar för hälsoteknik",
        responsible=case.kommun,
        co_actors=[case.myndighet, case.almi],
        planned_start=date(2022, 1, 1),
        planned_end=date(2024, 12, 31),
        s3_area="Life science",
        themes=["Innovation"],
    )
    assert insats.status == "planerad" and insats.position == 1
    assert set(insats.co_actors.all()) == {case.myndighet, case.almi}
    [change] = insats.status_history.all()
    assert change.status == "planerad" and change.changed_by == handlaggare
    [event] = events("followup.insats_created", insats)
    assert event.changes["responsible"] == "Exempelby kommun"


def test_an_insats_cannot_end_before_it_starts_nor_have_an_unknown_status(plan, handlaggare):
    with pytest.raises(ValidationError) as raised:
        insats_create(
            actor=handlaggare,
            plan=plan,
            title="Bakvänd",
            planned_start=date(2023, 1, 1),
            planned_end=date(2022, 1, 1),
        )
    assert "planned_end" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        insats_create(actor=handlaggare, plan=plan, title="Okänd", status="kanske")
    assert "status" in raised.value.message_dict
    with pytest.raises(ValidationError):
        insats_create(actor=handlaggare, plan=plan, title="")
    assert not Insats.objects.exists() and not InsatsStatusChange.objects.exists()
    assert not events("followup.insats_created")


def test_updating_an_insats_audits_what_changed_from_and_to(plan, case, handlaggare):
    insats = insats_create(actor=handlaggare, plan=plan, title="Exportcoacher", number="1")
    insats_update(
        actor=handlaggare,
        insats=insats,
        title="Exportcoacher för små företag",
        responsible=case.myndighet,
        co_actors=[case.almi],
        actual_start=date(2022, 3, 1),
    )
    insats.refresh_from_db()
    assert insats.title == "Exportcoacher för små företag"
    assert insats.responsible == case.myndighet
    [event] = events("followup.insats_updated", insats)
    assert event.changes["title"] == {"from": "Exportcoacher", "to": insats.title}
    assert event.changes["responsible"] == {"from": None, "to": "Tillväxtverket"}
    assert event.changes["co_actors"] == {"from": [], "to": ["Almi Företagspartner"]}
    assert "number" not in event.changes

    insats_update(actor=handlaggare, insats=insats, title=insats.title)  # nothing changes
    assert len(events("followup.insats_updated", insats)) == 1

    with pytest.raises(ValidationError) as raised:
        insats_update(actor=handlaggare, insats=insats, actual_end=date(2022, 2, 1))
    assert "actual_end" in raised.value.message_dict
    insats.refresh_from_db()
    assert insats.actual_end is None
    with pytest.raises(TypeError):
        insats_update(actor=handlaggare, insats=insats, plan=plan)

    insats_update(actor=handlaggare, insats=insats, status="pagar")
    assert insats.status_history.last().status == "pagar"
    insats_update(actor=handlaggare, insats=insats, themes="Export, Innovation", erdf_codes=[])
    insats.refresh_from_db()
    assert insats.themes == ["Export", "Innovation"] and insats.erdf_codes == []


def test_a_status_change_goes_to_the_history_and_the_audit_trail(plan, handlaggare):
    insats = insats_create(actor=handlaggare, plan=plan, title="Kompetenscentrum")
    insats_set_status(actor=handlaggare, insats=insats, status="pagar", note="Upphandlat.")
    insats_set_status(actor=handlaggare, insats=insats, status="pagar")  # no change, no note
    insats_set_status(actor=None, insats=insats, status="klar", actor_label="Tillväxtverket")
    insats.refresh_from_db()
    assert insats.status == "klar"
    history = [(c.status, c.changed_by_label, c.note) for c in insats.status_history.all()]
    assert history == [
        ("planerad", "handlaggare", ""),
        ("pagar", "handlaggare", "Upphandlat."),
        ("klar", "Tillväxtverket", ""),
    ]
    changes = [e.changes["status"] for e in events("followup.insats_status_changed", insats)]
    assert changes == [{"from": "planerad", "to": "pagar"}, {"from": "pagar", "to": "klar"}]
    assert events("followup.insats_status_changed", insats)[-1].actor_label == "Tillväxtverket"
    with pytest.raises(ValidationError):
        insats_set_status(actor=handlaggare, insats=insats, status="ok")


def test_an_insats_is_linked_to_a_point_of_an_answer_once(plan, case, handlaggare):
    insats = insats_create(actor=handlaggare, plan=plan, title="Kompetenscentrum")
    response = response_register(
        actor=None, consultation=case.consultation, channel="epost", organisation=case.kommun
    )
    first = insats_link_point(
        actor=handlaggare, insats=insats, response=response, point_key="abc", point_text="Text."
    )
    again = insats_link_point(
        actor=handlaggare, insats=insats, response=response, point_key="abc", point_text="Text."
    )
    assert first == again and InsatsSource.objects.count() == 1
    assert len(events("followup.insats_point_linked", insats)) == 1
    insats_unlink_point(actor=handlaggare, source=first)
    assert not InsatsSource.objects.exists()
    assert len(events("followup.insats_point_unlinked", insats)) == 1

    other = make_case(case_number="RS 2025-0999", title="En annan strategi")
    foreign = response_register(
        actor=None, consultation=other.consultation, channel="epost", organisation=case.kommun
    )
    with pytest.raises(ValidationError):
        insats_link_point(
            actor=handlaggare, insats=insats, response=foreign, point_key="x", point_text="Y"
        )


# --- Indicators ----------------------------------------------------------------------------


def test_an_indicator_has_its_base_target_and_insatser(plan, case, handlaggare):
    insats = insats_create(actor=handlaggare, plan=plan, title="Kompetenscentrum")
    indicator = indicator_create(
        actor=handlaggare,
        consultation=case.consultation,
        focus_area=case.research,
        name="Förvärvsfrekvens 20–64 år",
        unit="procent",
        source="kolada",
        source_id="N00914",
        geography="0001",
        base_year=2019,
        base_value=80.1,
        target_value=82.0,
        target_year=2026,
        insatser=[insats],
    )
    assert indicator.attribution == "Källa: Kolada (RKA)"
    assert list(indicator.insatser.all()) == [insats]
    assert events("followup.indicator_created", indicator)

    with pytest.raises(ValidationError) as raised:
        indicator_create(
            actor=handlaggare,
            consultation=case.consultation,
            focus_area=case.research,
            name="Bakvänt",
            base_year=2020,
            target_year=2019,
        )
    assert "target_year" in raised.value.message_dict
    other = make_case(case_number="RS 2025-0999", title="En annan strategi")
    other_plan = action_plan_create(
        actor=handlaggare, consultation=other.consultation, focus_area=other.research, title="P"
    )
    foreign = insats_create(actor=handlaggare, plan=other_plan, title="Främmande")
    with pytest.raises(ValidationError) as raised:
        indicator_create(
            actor=handlaggare,
            consultation=case.consultation,
            focus_area=case.research,
            name="Fel insats",
            insatser=[foreign],
        )
    assert "insatser" in raised.value.message_dict
    assert Indicator.objects.count() == 1


def test_a_value_of_a_year_is_set_then_replaced_and_audited(case, handlaggare):
    indicator = indicator_create(
        actor=handlaggare, consultation=case.consultation, focus_area=case.skills, name="FoU"
    )
    indicator_value_set(actor=handlaggare, indicator=indicator, year=2020, value=3.4)
    indicator_value_set(actor=handlaggare, indicator=indicator, year=2020, value=3.6, note="Rev.")
    [value] = IndicatorValue.objects.filter(indicator=indicator)
    assert (value.year, value.value, value.note) == (2020, 3.6, "Rev.")
    changes = [e.changes for e in events("followup.indicator_value_set", indicator)]
    assert changes == [
        {"year": 2020, "value": {"from": None, "to": 3.4}},
        {"year": 2020, "value": {"from": 3.4, "to": 3.6}},
    ]
    with pytest.raises(ValidationError) as raised:
        indicator_value_set(actor=handlaggare, indicator=indicator, year=20, value=1.0)
    assert "year" in raised.value.message_dict


# --- The adopted strategy ------------------------------------------------------------------


def huddinge_points(consultation):
    points = Point.objects.filter(run=latest_run(consultation))
    university = points.get(text__contains="Södertörns")
    return university, points.exclude(pk=university.pk).get()


def test_the_adopted_version_keeps_the_points_that_were_taken_into_account(demo_case, handlaggare):
    university, general = huddinge_points(demo_case)
    reply_save(
        actor=handlaggare,
        response=university.response,
        key=university.key,
        text="Regionen tar upp Södertörns högskola i handlingsplanen.",
        outcome="beaktas",
        reason="",
    )
    reply_save(
        actor=handlaggare,
        response=general.response,
        key=general.key,
        text="Noterat.",
        outcome="noteras",
        reason="",
    )
    first = adoption_record(
        actor=handlaggare,
        consultation=demo_case,
        decided_on=date(2021, 6, 15),
        decided_by_body="Regionfullmäktige",
        decision_case_number="RS 2020-0780",
        source_filename="strategi.pdf",
        source_data=b"%PDF-1.7 antagen",
    )
    assert first.kind == "antagen" and first.decided_by_body == "Regionfullmäktige"
    assert first.source_sha256 and first.sections
    [trace] = first.traces.all()
    assert trace.section.number == "2.4" and trace.section_number == "2.4"
    assert trace.response == university.response and trace.point_key == university.key
    assert "Södertörns" in trace.point_text
    assert trace.outcome == "beaktas"
    assert trace.reply == "Regionen tar upp Södertörns högskola i handlingsplanen."
    [event] = events("followup.adopted", demo_case)
    assert event.changes["traces"] == 1 and event.changes["version"] == str(first.pk)

    # a revised decision: the general point is now partly taken into account
    reply_save(
        actor=handlaggare,
        response=general.response,
        key=general.key,
        text="Delvis.",
        outcome="beaktas_delvis",
        reason="",
    )
    second = adoption_record(
        actor=handlaggare,
        consultation=demo_case,
        decided_on=date(2021, 9, 1),
        decided_by_body="Regionfullmäktige",
        decision_case_number="RS 2020-0780",
    )
    assert DraftVersion.objects.filter(consultation=demo_case, kind="antagen").count() == 2
    assert first.traces.count() == 1
    by_number = {t.section_number: t for t in second.traces.all()}
    assert set(by_number) == {"", "2.4"}
    assert by_number[""].section is None and by_number[""].outcome == "beaktas_delvis"
    assert AdoptionTrace.objects.count() == 3


def test_an_adoption_needs_the_date_of_the_decision(case, handlaggare):
    with pytest.raises(ValidationError):
        adoption_record(
            actor=handlaggare,
            consultation=case.consultation,
            decided_on=None,
            decided_by_body="Regionfullmäktige",
            decision_case_number="",
        )
    assert not DraftVersion.objects.exists()


# --- Candidate actors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Huddinge kommun vill gärna medverka i genomförandet.",
        "Vi kan bidra med lokaler och kompetens.",
        "Kommunen ställer gärna upp i referensgruppen.",
        "Vi vill vara med när handlingsplanerna tas fram.",
        "Högskolan medverkar gärna.",
        "Länsstyrelsen är beredd att samverka i arbetet med handlingsplanerna.",
    ],
)
def test_offers_to_take_part_are_recognised(text):
    assert offers_participation(text)


@pytest.mark.parametrize(
    "text",
    [
        "Inriktningsområdena ska bidra till att stärka regionens konkurrenskraft.",
        "En regional samverkan är viktig för att bidra till tillväxt.",
        "Strategin saknar en analys av kompetensförsörjningen.",
    ],
)
def test_a_strategy_that_contributes_is_no_offer(text):
    assert not offers_participation(text)


def submit_portal_answer(case, participation: str):
    recipient = recipient_add(actor=None, consultation=case.consultation, organisation=case.kommun)
    issued = invitation_issue(actor=None, consultation=case.consultation, recipient=recipient)
    answer = portal_answer_open(invitation=issued.invitation)
    answer = portal_answer_save(
        invitation=issued.invitation,
        answer=answer,
        version=answer.version,
        data=AnswerInput(
            position=Position.TILLSTYRKER_MED_SYNPUNKTER,
            summary="Strategin är bra.",
            participation=participation,
            contact_email="registrator@exempelby.example",
        ),
    )
    return portal_answer_submit(
        invitation=issued.invitation, answer=answer, version=answer.version
    ).answer


LETTER = """Tillväxtverket
Yttrande över Tillväxtstrategi, RS 2025-0202

Tillväxtverket tillstyrker förslaget med följande synpunkter.

Kompetensförsörjning
Strategin saknar en analys av behovet av yrkesutbildning i länet.

Genomförande
Tillväxtverket önskar medverka i genomförandet av insatserna för kompetensförsörjning \
och kan bidra med regionala analyser.
"""


def register_letter(case):
    response = response_register(
        actor=None,
        consultation=case.consultation,
        channel="epost",
        organisation=case.myndighet,
    )
    letter = extract("yttrande.txt", LETTER.encode("utf-8"))[0]
    document_add(actor=None, response=response, extracted=letter)
    return response


def test_candidate_actors_come_from_the_portal_answer_and_the_points_once(case, handlaggare):
    offer = "Vi vill delta i arbetet med kompetensförsörjning."
    answer = submit_portal_answer(case, offer)
    found = candidate_actors_find(actor=handlaggare, consultation=case.consultation)
    [from_portal] = found
    assert from_portal.offer == offer
    assert from_portal.organisation == case.kommun
    assert from_portal.response == answer.response
    assert from_portal.consultation == case.consultation

    letter = register_letter(case)
    analysis_run_execute(run=analysis_run_create(actor=None, consultation=case.consultation))
    found = candidate_actors_find(actor=handlaggare, consultation=case.consultation)
    [from_point] = [c for c in found if c.response == letter]
    assert from_point.organisation == case.myndighet
    assert "önskar medverka i genomförandet" in from_point.offer
    assert "yrkesutbildning" not in from_point.offer
    assert CandidateActor.objects.count() == len(found) == 2

    again = candidate_actors_find(actor=handlaggare, consultation=case.consultation)
    assert CandidateActor.objects.count() == 2
    assert {c.pk for c in again} == {c.pk for c in found}
    assert len(events("followup.candidate_actors_found", case.consultation)) == 2


def test_an_answer_that_offers_nothing_gives_no_candidate(case, handlaggare):
    submit_portal_answer(case, "")
    analysis_run_execute(run=analysis_run_create(actor=None, consultation=case.consultation))
    assert candidate_actors_find(actor=handlaggare, consultation=case.consultation) == []
    assert not CandidateActor.objects.exists()
    assert not events("followup.candidate_actors_found")
