"""The one read-only assembly of a compilation, and the officer's replies, considerations and
moves that feed it."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from remiss.analysis.models import Point
from remiss.analysis.selectors import latest_run
from remiss.analysis.services import analysis_run_create, analysis_run_execute, point_correct
from remiss.audit.models import AuditEvent
from remiss.compilation.assembly import GENERAL, compilation_assemble
from remiss.compilation.models import Reply
from remiss.compilation.services import point_move, reply_save, section_comment_save
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    section_add,
)
from remiss.responses.services import response_register

pytestmark = pytest.mark.django_db


def university_point(consultation) -> Point:
    return Point.objects.get(run=latest_run(consultation), text__contains="Södertörns")


def block(compilation, number):
    return next(b for b in compilation.sections if b.number == number)


def test_the_demo_compilation_puts_huddinges_point_under_skills_supply(demo_case):
    compilation = compilation_assemble(demo_case)
    assert compilation.case_number == "RS 2020-0780"
    skills = block(compilation, "2.4")
    assert skills.title == "Stärk och utveckla strategisk kompetensförsörjning"
    [entry] = skills.entries
    assert entry.body == "Huddinge kommun"
    assert entry.stance == "tillstyrker_med_synpunkter"
    assert entry.body_kind == "kommun"
    assert "Södertörns" in entry.text and entry.page == 1
    assert skills.summary == ("Huddinge kommun har synpunkter på avsnittet.",)
    general = compilation.sections[0]
    assert general.title == GENERAL and general.section_id is None
    assert [e.body for e in general.entries] == ["Huddinge kommun"]
    assert block(compilation, "2.1").entries == ()
    assert compilation.heat_map[skills.heading] == {"Huddinge kommun": 1}


def test_the_annex_separates_answered_from_silent_bodies(demo_case):
    compilation = compilation_assemble(demo_case)
    counts = compilation.counts
    assert counts.invited == len(compilation.declined_bodies) + len(compilation.answered_bodies)
    assert [b.name for b in compilation.answered_bodies] == ["Huddinge kommun"]
    assert counts.with_views == 1 and counts.answered == 1
    assert counts.not_answered == counts.invited - 1
    assert all(b.status == "ej_svarat" for b in compilation.declined_bodies)
    assert compilation.spontaneous_bodies == ()
    assert compilation.stance_by_kind == {"Kommun": {"tillstyrker_med_synpunkter": 1}}
    assert compilation.summary[1:] == (
        "Huddinge kommun tillstyrker förslaget.",
        "Remissinstansen har samtidigt synpunkter på förslaget.",
    )


def test_a_reply_is_saved_audited_once_and_shown_in_the_compilation(demo_case, handlaggare):
    point = university_point(demo_case)
    reply_save(
        actor=handlaggare,
        response=point.response,
        key=point.key,
        text="Regionen delar synen på högskolans betydelse. ",
        outcome="beaktas_delvis",
        reason="Formuleringen i 2.4 förtydligas.",
    )
    events = AuditEvent.objects.filter(action="compilation.reply_saved")
    assert events.count() == 1
    assert events.get().changes["outcome"] == {"from": "", "to": "beaktas_delvis"}
    # The same values again change nothing and add no event.
    reply_save(
        actor=handlaggare,
        response=point.response,
        key=point.key,
        text="Regionen delar synen på högskolans betydelse.",
        outcome="beaktas_delvis",
        reason="Formuleringen i 2.4 förtydligas.",
    )
    assert events.count() == 1
    [entry] = block(compilation_assemble(demo_case), "2.4").entries
    assert entry.reply == "Regionen delar synen på högskolans betydelse."
    assert entry.outcome == "beaktas_delvis" and entry.outcome_display
    assert entry.reason == "Formuleringen i 2.4 förtydligas."
    assert compilation_assemble(demo_case).counts.replied == 1


def test_a_reply_with_an_unknown_outcome_is_refused(demo_case, handlaggare):
    point = university_point(demo_case)
    with pytest.raises(ValidationError):
        reply_save(
            actor=handlaggare,
            response=point.response,
            key=point.key,
            text="",
            outcome="kanske",
            reason="",
        )
    assert not Reply.objects.exists()


def test_a_moved_point_stays_moved_in_a_new_run_and_keeps_its_kind(demo_case, handlaggare):
    point = university_point(demo_case)
    point_correct(actor=handlaggare, point=point, kind="request")
    target = demo_case.sections.get(number="2.1")
    point_move(actor=handlaggare, point=point, to=target)
    analysis_run_execute(run=analysis_run_create(actor=None, consultation=demo_case))
    compilation = compilation_assemble(demo_case)
    assert block(compilation, "2.4").entries == ()
    [entry] = block(compilation, "2.1").entries
    assert entry.placed_by == "officer" and entry.kind == "request"
    point_move(actor=handlaggare, point=university_point(demo_case), to=None)
    general = compilation_assemble(demo_case).sections[0]
    assert len(general.entries) == 2


def test_considerations_per_part_and_for_the_general_points(demo_case, handlaggare):
    skills = demo_case.sections.get(number="2.4")
    section_comment_save(actor=handlaggare, consultation=demo_case, section=skills, text="A.")
    section_comment_save(actor=handlaggare, consultation=demo_case, section=None, text="B.")
    section_comment_save(actor=handlaggare, consultation=demo_case, section=None, text="C.")
    compilation = compilation_assemble(demo_case)
    assert block(compilation, "2.4").considerations == "A."
    assert compilation.sections[0].considerations == "C."
    assert AuditEvent.objects.filter(action="compilation.considerations_saved").count() == 3


def test_spontaneous_and_late_answers_are_flagged():
    region = organisation_create(actor=None, name="Region Stockholm", kind="region")
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2021-0002",
        title="Strategi",
        deadline=date(2021, 3, 1),
    )
    section_add(actor=None, consultation=consultation, number="1", title="Del ett")
    nacka = organisation_create(actor=None, name="Nacka kommun", kind="kommun")
    solna = organisation_create(actor=None, name="Solna stad", kind="kommun")
    person = organisation_create(actor=None, name="Anna Andersson", kind="privatperson")
    for organisation in (nacka, solna):
        recipient_add(actor=None, consultation=consultation, organisation=organisation)
    response_register(
        actor=None,
        consultation=consultation,
        channel="epost",
        organisation=nacka,
        received_at=datetime(2021, 3, 5, 9, tzinfo=UTC),
    )
    response_register(
        actor=None,
        consultation=consultation,
        channel="epost",
        organisation=person,
        received_at=datetime(2021, 2, 1, 9, tzinfo=UTC),
    )
    compilation = compilation_assemble(consultation)
    by_name = {body.name: body for body in compilation.bodies}
    assert by_name["Nacka kommun"].late and by_name["Nacka kommun"].invited
    assert by_name["Solna stad"].status == "ej_svarat"
    assert not by_name["Anna Andersson"].invited and not by_name["Anna Andersson"].late
    assert by_name["Anna Andersson"].is_private_person
    assert compilation.counts.spontaneous == 1 and compilation.counts.late == 1
    assert compilation.counts.not_answered == 1
