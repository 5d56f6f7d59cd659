"""The annual follow-up report: assembly (status at the end of a year, the actor's narrative,
indicators on track or behind, what changed since the year before), freezing, the Word and PDF
documents read back, the page, the downloads and the ``followup_report`` command."""

import io
import json
import re
import zlib
from datetime import date, datetime, time

import docx
import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from remiss.audit.models import AuditEvent
from remiss.followup.exports import FORMATS, followup_report_export, value_rows
from remiss.followup.models import AnnualReport, InsatsReport, InsatsStatusChange
from remiss.followup.report import (
    BASIS_HISTORY,
    BASIS_SNAPSHOT,
    BEHIND,
    NO_DATA,
    ON_TRACK,
    FollowupReport,
    YearValue,
    annual_report_freeze,
    on_track,
    report_assemble,
    report_from_snapshot,
    strategy_title,
)
from remiss.followup.services import (
    action_plan_create,
    indicator_create,
    indicator_value_set,
    insats_create,
    insats_link_point,
    insats_set_status,
)
from remiss.responses.services import response_register

from .services_case import make_case

pytestmark = pytest.mark.django_db

NARRATIVE = "Arenan har samlat tolv företag och två lärosäten under året."
POINT = "Regionen bör samla forskningen kring en gemensam arena."


def moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=timezone.get_default_timezone())


def backdate(insats, day: date) -> None:
    last = insats.status_history.order_by("-pk").first()
    InsatsStatusChange.objects.filter(pk=last.pk).update(changed_at=moment(day))


def new_insats(actor, plan, number, title, history, **fields):
    """An insats whose status history happened on the given days."""
    (first_day, first_status), *later = history
    insats = insats_create(
        actor=actor, plan=plan, number=number, title=title, status=first_status, **fields
    )
    backdate(insats, first_day)
    for day, status in later:
        insats_set_status(actor=actor, insats=insats, status=status)
        backdate(insats, day)
    return insats


class Strategy:
    """Two focus areas; insatser with history over 2021–2023; reports; three indicators."""

    def __init__(self, handlaggare):
        case = make_case(title="Remissversion av Tillväxtstrategi för Exempelregionen")
        self.case = case
        self.consultation = case.consultation
        self.actor = handlaggare
        self.research_plan = action_plan_create(
            actor=handlaggare,
            consultation=case.consultation,
            focus_area=case.research,
            title="Handlingsplan för forskning",
        )
        self.skills_plan = action_plan_create(
            actor=handlaggare,
            consultation=case.consultation,
            focus_area=case.skills,
            title="Handlingsplan för kompetens",
        )
        self.arena = new_insats(
            handlaggare,
            self.research_plan,
            "2.1.1",
            "Forskningsarena",
            [
                (date(2021, 2, 1), "planerad"),
                (date(2021, 9, 1), "pagar"),
                (date(2022, 6, 1), "klar"),
            ],
            responsible=case.kommun,
            co_actors=[case.myndighet],
            planned_start=date(2021, 3, 1),
            planned_end=date(2022, 12, 31),
        )
        self.school = new_insats(
            handlaggare,
            self.skills_plan,
            "2.2.1",
            "Yrkesutbildning",
            [(date(2021, 1, 10), "planerad"), (date(2021, 11, 1), "pausad")],
            responsible=case.almi,
        )
        InsatsReport.objects.create(
            insats=self.arena, year=2022, status="klar", narrative=NARRATIVE
        )
        InsatsReport.objects.create(
            insats=self.arena, year=2021, status="pagar", narrative="Arbetet har startat."
        )
        response = response_register(
            actor=handlaggare,
            consultation=case.consultation,
            organisation=case.kommun,
            channel="uppladdning",
        )
        insats_link_point(
            actor=handlaggare,
            insats=self.arena,
            response=response,
            point_key="k1",
            point_text=POINT,
        )
        self.rd = indicator_create(
            actor=handlaggare,
            consultation=case.consultation,
            focus_area=case.research,
            name="FoU-utgifter som andel av BRP",
            unit="%",
            source="scb",
            base_year=2019,
            base_value=3.0,
            target_year=2025,
            target_value=4.2,  # the path rises 0.2 a year: 3.6 in 2022
            attribution="Källa: SCB",
        )
        for year, value in ((2020, 3.1), (2021, 3.5), (2022, 3.7)):
            indicator_value_set(actor=handlaggare, indicator=self.rd, year=year, value=value)
        self.employment = indicator_create(
            actor=handlaggare,
            consultation=case.consultation,
            focus_area=case.skills,
            name="Förvärvsfrekvens 20–64 år",
            unit="%",
            base_year=2019,
            base_value=80.0,
            target_year=2024,
            target_value=85.0,  # 83 in 2022
        )
        for year, value in ((2021, 80.5), (2022, 81.0)):
            indicator_value_set(
                actor=handlaggare, indicator=self.employment, year=year, value=value
            )
        self.unemployment = indicator_create(
            actor=handlaggare,
            consultation=case.consultation,
            focus_area=case.skills,
            name="Arbetslöshet",
            unit="%",
            base_year=2019,
            base_value=8.0,
            target_year=2023,
            target_value=6.0,  # 6.5 in 2022; lower is better
            higher_is_better=False,
        )
        indicator_value_set(actor=handlaggare, indicator=self.unemployment, year=2022, value=6.4)

    def add_new_insats(self):
        """An insats planned in 2022 that starts in 2023."""
        return new_insats(
            self.actor,
            self.research_plan,
            "2.1.2",
            "Testbädd",
            [(date(2022, 3, 1), "planerad"), (date(2023, 2, 1), "pagar")],
            responsible=self.case.myndighet,
        )


@pytest.fixture
def strategy(handlaggare):
    return Strategy(handlaggare)


def insats_line(report, number):
    return next(i for area in report.focus_areas for i in area.insatser if i.number == number)


def indicator_line(report, name):
    return next(
        line for area in report.focus_areas for line in area.indicators if line.name == name
    )


# --- Assembly -------------------------------------------------------------------------------


def test_the_report_has_the_focus_areas_in_order_with_plans_and_indicators(strategy):
    report = report_assemble(strategy.consultation, 2022)
    assert [area.heading for area in report.focus_areas] == [
        "2.1 Forskning och innovation",
        "2.2 Kompetensförsörjning",
    ]  # "1 Inledning" is not a focus area and has no plan
    research, skills = report.focus_areas
    assert [plan.title for plan in research.plans] == ["Handlingsplan för forskning"]
    assert [line.name for line in skills.indicators] == [
        "Förvärvsfrekvens 20–64 år",
        "Arbetslöshet",
    ]
    assert report.title == "Uppföljning 2022: Tillväxtstrategi för Exempelregionen"
    assert report.consultation.case_number == "RS 2025-0202"
    arena = insats_line(report, "2.1.1")
    assert arena.responsible == "Exempelby kommun" and arena.co_actors == ("Tillväxtverket",)
    assert arena.planned_start == date(2021, 3, 1)
    assert [(s.body, s.point_text) for s in arena.sources] == [("Exempelby kommun", POINT)]


def test_the_status_is_the_one_at_the_end_of_the_year(strategy):
    late = strategy.add_new_insats()
    assert late.status == "pagar"  # since 2023
    in_2021 = report_assemble(strategy.consultation, 2021)
    in_2022 = report_assemble(strategy.consultation, 2022)
    assert insats_line(in_2021, "2.1.1").status == "pagar"
    assert insats_line(in_2022, "2.1.1").status == "klar"
    assert insats_line(in_2022, "2.1.2").status == "planerad"
    assert insats_line(in_2022, "2.2.1").status == "pausad"
    # Without any history up to the end of 2021 the current status is shown.
    assert insats_line(in_2021, "2.1.2").status == "pagar"


def test_the_narrative_is_the_actors_report_of_that_year(strategy):
    assert insats_line(report_assemble(strategy.consultation, 2022), "2.1.1").narrative == NARRATIVE
    assert (
        insats_line(report_assemble(strategy.consultation, 2021), "2.1.1").narrative
        == "Arbetet har startat."
    )
    assert insats_line(report_assemble(strategy.consultation, 2022), "2.2.1").narrative == ""


def test_indicators_give_the_years_value_the_change_and_whether_on_track(strategy):
    report = report_assemble(strategy.consultation, 2022)
    rd = indicator_line(report, "FoU-utgifter som andel av BRP")
    assert rd.value_of_year == 3.7
    assert rd.latest == YearValue(2022, 3.7) and rd.previous == YearValue(2021, 3.5)
    assert rd.change == pytest.approx(0.2)
    assert rd.expected == pytest.approx(3.6)
    assert rd.track == ON_TRACK
    assert rd.attribution == "Källa: SCB" and rd.source == "scb"
    employment = indicator_line(report, "Förvärvsfrekvens 20–64 år")
    assert employment.track == BEHIND and employment.expected == pytest.approx(83.0)
    unemployment = indicator_line(report, "Arbetslöshet")
    assert unemployment.track == ON_TRACK  # 6.4 is below the path's 6.5, and lower is better
    assert unemployment.change is None

    # In 2020 the latest value up to the year is 2020's; for 2019 there is none after the base.
    earlier = indicator_line(report_assemble(strategy.consultation, 2020), rd.name)
    assert earlier.latest == YearValue(2020, 3.1) and earlier.track == BEHIND
    assert indicator_line(report_assemble(strategy.consultation, 2019), rd.name).track == NO_DATA


def test_on_track_follows_the_straight_line_from_base_to_target():
    base, target = YearValue(2020, 10.0), YearValue(2030, 20.0)
    assert on_track(base=base, target=target, latest=YearValue(2025, 15.0)) == (ON_TRACK, 15.0)
    assert on_track(base=base, target=target, latest=YearValue(2025, 14.9))[0] == BEHIND
    # After the target year the target itself counts.
    assert on_track(base=base, target=target, latest=YearValue(2033, 20.5)) == (ON_TRACK, 20.0)
    lower = on_track(
        base=YearValue(2020, 8.0), target=YearValue(2024, 6.0), latest=YearValue(2022, 7.2),
        higher_is_better=False,
    )  # fmt: skip
    assert lower == (BEHIND, 7.0)
    assert on_track(base=None, target=target, latest=YearValue(2025, 15.0)) == (NO_DATA, None)
    assert on_track(base=base, target=None, latest=YearValue(2025, 15.0)) == (NO_DATA, None)
    assert on_track(base=base, target=target, latest=None) == (NO_DATA, None)
    assert on_track(base=base, target=target, latest=YearValue(2020, 10.0)) == (NO_DATA, None)
    assert on_track(base=base, target=YearValue(2020, 12.0), latest=YearValue(2021, 1)) == (
        NO_DATA,
        None,
    )


def test_changes_since_the_year_before_come_from_the_history_without_a_frozen_report(strategy):
    strategy.add_new_insats()
    changes = report_assemble(strategy.consultation, 2022).changes
    assert changes.basis == BASIS_HISTORY and changes.previous_year == 2021
    assert [(c.insats, c.before, c.after) for c in changes.status_changes] == [
        ("2.1.1 Forskningsarena", "pagar", "klar")
    ]
    assert changes.new_insatser == ("2.1.2 Testbädd",)
    moves = {m.name: (m.before, m.after) for m in changes.indicator_moves}
    assert moves == {
        "FoU-utgifter som andel av BRP": (YearValue(2021, 3.5), YearValue(2022, 3.7)),
        "Förvärvsfrekvens 20–64 år": (YearValue(2021, 80.5), YearValue(2022, 81.0)),
        "Arbetslöshet": (None, YearValue(2022, 6.4)),
    }


def test_changes_compare_with_last_years_frozen_report_when_there_is_one(strategy):
    frozen_2021 = annual_report_freeze(
        actor=strategy.actor, consultation=strategy.consultation, year=2021
    )
    # After freezing 2021: an insats is added and 2021's value is revised.
    strategy.add_new_insats()
    indicator_value_set(actor=strategy.actor, indicator=strategy.rd, year=2021, value=3.4)
    indicator_value_set(actor=strategy.actor, indicator=strategy.employment, year=2022, value=80.5)
    indicator_value_set(actor=strategy.actor, indicator=strategy.employment, year=2021, value=80.0)

    changes = report_assemble(strategy.consultation, 2022).changes
    assert changes.basis == BASIS_SNAPSHOT
    assert changes.previous_frozen_at == frozen_2021.frozen_at
    assert changes.new_insatser == ("2.1.2 Testbädd",)
    assert [(c.insats, c.before, c.after) for c in changes.status_changes] == [
        ("2.1.1 Forskningsarena", "pagar", "klar")
    ]
    moves = {m.name: (m.before, m.after) for m in changes.indicator_moves}
    # The frozen report said 3.5 for 2021, whatever the value is now.
    assert moves["FoU-utgifter som andel av BRP"] == (YearValue(2021, 3.5), YearValue(2022, 3.7))
    # 80.5 was the latest value in the frozen 2021 report (then for 2021), and 80.5 it is now
    # (for 2022): a new year's value is a move.
    assert moves["Förvärvsfrekvens 20–64 år"] == (YearValue(2021, 80.5), YearValue(2022, 80.5))
    history = report_assemble(strategy.consultation, 2023).changes
    assert history.basis == BASIS_HISTORY  # 2022 is not frozen


# --- Freezing ------------------------------------------------------------------------------


def test_freezing_stores_the_report_and_freezing_again_replaces_it(strategy):
    annual = annual_report_freeze(
        actor=strategy.actor, consultation=strategy.consultation, year=2022
    )
    assert annual.frozen_by == strategy.actor
    frozen = report_from_snapshot(annual)
    assert insats_line(frozen, "2.1.1").narrative == NARRATIVE

    InsatsReport.objects.filter(insats=strategy.arena, year=2022).update(narrative="Reviderad.")
    assert insats_line(report_from_snapshot(annual), "2.1.1").narrative == NARRATIVE  # frozen

    again = annual_report_freeze(
        actor=strategy.actor, consultation=strategy.consultation, year=2022
    )
    assert AnnualReport.objects.filter(consultation=strategy.consultation).count() == 1
    assert again.pk == annual.pk
    assert insats_line(report_from_snapshot(again), "2.1.1").narrative == "Reviderad."
    events = AuditEvent.objects.filter(action="followup.report_frozen").order_by("at")
    assert [e.changes["replaced"] for e in events] == [False, True]
    assert events[0].changes["year"] == 2022 and events[0].changes["insatser"] == 2


def test_the_snapshot_is_json_and_reads_back_to_the_same_report(strategy):
    report = report_assemble(strategy.consultation, 2022)
    data = json.loads(json.dumps(report.to_data()))
    assert FollowupReport.from_data(data) == report
    data["focus_areas"][0]["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        FollowupReport.from_data(data)


def test_the_strategy_title_drops_the_remiss_prefix():
    assert strategy_title("Remissversion av näringslivsstrategi") == "Näringslivsstrategi"
    assert strategy_title("Tillväxtstrategi") == "Tillväxtstrategi"


# --- Documents -----------------------------------------------------------------------------


def test_the_word_document_has_headings_insatser_narrative_and_charts(strategy):
    export = followup_report_export(
        actor=strategy.actor, consultation=strategy.consultation, year=2022, format="docx"
    )
    assert export.filename == "uppfoljning-2022-RS-2025-0202.docx"
    assert not export.frozen
    document = docx.Document(io.BytesIO(export.content))
    assert (
        document.core_properties.title == "Uppföljning 2022: Tillväxtstrategi för Exempelregionen"
    )
    assert document.core_properties.language == "sv-SE"
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert "Uppföljning 2022: Tillväxtstrategi för Exempelregionen" in headings
    assert "2.1 Forskning och innovation" in headings
    assert "2.2 Kompetensförsörjning" in headings
    assert "Indikator: FoU-utgifter som andel av BRP" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Utkast: rapporten är inte fryst" in text
    assert "Förändringar sedan 2021" in headings
    assert "2.1.1 Forskningsarena: Pågår → Genomförd" in text
    assert "Bedömning: Efter målbanan" in text
    insats_table = document.tables[0]
    assert [c.text for c in insats_table.rows[0].cells] == [
        "Insats",
        "Ansvarig",
        "Status",
        "Kommentar",
    ]
    row = [c.text for c in insats_table.rows[1].cells]
    assert row[0].startswith("2.1.1 Forskningsarena")
    assert row[1] == "Exempelby kommun\nMed: Tillväxtverket"
    assert row[2].startswith("Genomförd")
    assert row[3] == NARRATIVE
    assert POINT in text
    pictures = document.inline_shapes
    assert len(pictures) == 3  # one chart per indicator
    description = pictures[0]._inline.docPr.get("descr")
    assert "2022: 3,7 %" in description and "Mål 2025: 4,2 %" in description
    values = next(t for t in document.tables if t.rows[0].cells[0].text == "År")
    assert [c.text for c in values.rows[0].cells] == ["År", "Värde", "Mål"]
    assert ["2022", "3,7 %", "3,6 %"] in [[c.text for c in r.cells] for r in values.rows]


def pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    try:
        text = " ".join(page.get_textpage().get_text_bounded() for page in pdf)
    finally:
        pdf.close()
    return re.sub(r"\s+", " ", text.replace("\ufffe", "").replace("\x02", "")).strip()


def pdf_objects(content: bytes) -> bytes:
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            parts.append(zlib.decompress(match[1]))
        except zlib.error:
            parts.append(match[1])
    return b"\n".join(parts)


def test_the_pdf_has_the_same_content_and_is_tagged_swedish_and_titled(strategy):
    annual_report_freeze(actor=strategy.actor, consultation=strategy.consultation, year=2022)
    export = followup_report_export(
        actor=strategy.actor, consultation=strategy.consultation, year=2022, format="pdf"
    )
    assert export.frozen and export.filename.endswith(".pdf")
    text = pdf_text(export.content)
    for expected in (
        "Uppföljning 2022: Tillväxtstrategi för Exempelregionen",
        "Rapporten fryst",
        "2.1 Forskning och innovation",
        "2.1.1 Forskningsarena",
        NARRATIVE,
        "Indikator: FoU-utgifter som andel av BRP",
        "Bedömning: I fas mot målet",
    ):
        assert expected in text, expected
    assert "Utkast" not in text
    pdf = pypdfium2.PdfDocument(export.content)
    try:
        assert pdf.get_metadata_dict()["Title"] == (
            "Uppföljning 2022: Tillväxtstrategi för Exempelregionen"
        )
        assert pypdfium2.raw.FPDFCatalog_IsTagged(pdf.raw)
    finally:
        pdf.close()
    objects = pdf_objects(export.content)
    assert b"/Lang (sv)" in objects and b"/StructTreeRoot" in objects
    assert b"/Figure" in objects and b"/Table" in objects
    exported = AuditEvent.objects.get(action="followup.report_exported")
    assert exported.changes["format"] == "pdf" and exported.changes["frozen"] is True


def test_the_values_table_shows_the_path_to_the_target(strategy):
    line = indicator_line(report_assemble(strategy.consultation, 2022), "Arbetslöshet")
    assert value_rows(line) == [
        ("2019", "8 %", "8 %"),
        ("2020", "–", "7,5 %"),
        ("2021", "–", "7 %"),
        ("2022", "6,4 %", "6,5 %"),
        ("2023", "–", "6 %"),
    ]


# --- Page, downloads, command --------------------------------------------------------------


def report_url(consultation, year=2022):
    return reverse("followup:report", args=[consultation.pk, year])


def freeze_form(consultation) -> str:
    return f'<form method="post" action="{report_url(consultation)}">'


def test_the_page_shows_the_live_report_and_an_officer_freezes_it(client, strategy):
    client.force_login(strategy.actor)
    page = client.get(report_url(strategy.consultation))
    assert page.status_code == 200
    assert page.context["annual"] is None
    html = page.content.decode()
    assert "2.1.1 Forskningsarena" in html and NARRATIVE in html
    assert 'role="img"' in html  # the chart
    assert freeze_form(strategy.consultation) in html
    for name in FORMATS:
        assert (
            reverse("followup:report_export", args=[strategy.consultation.pk, 2022, name]) in html
        )

    response = client.post(report_url(strategy.consultation))
    assert response.status_code == 302 and response.url == report_url(strategy.consultation)
    annual = AnnualReport.objects.get(consultation=strategy.consultation, year=2022)
    InsatsReport.objects.filter(insats=strategy.arena, year=2022).update(narrative="Ändrad.")
    frozen = client.get(report_url(strategy.consultation))
    assert frozen.context["annual"] == annual
    assert NARRATIVE in frozen.content.decode()
    live = client.get(report_url(strategy.consultation) + "?live=1")
    assert live.context["annual"] is None and "Ändrad." in live.content.decode()


def test_readers_see_the_report_but_cannot_freeze_it_and_others_are_kept_out(
    client, strategy, make_user, respondent
):
    reader = make_user("lasare", role="lasare")
    client.force_login(reader)
    page = client.get(report_url(strategy.consultation))
    assert page.status_code == 200
    assert freeze_form(strategy.consultation) not in page.content.decode()
    assert client.post(report_url(strategy.consultation)).status_code == 403
    assert not AnnualReport.objects.exists()
    client.force_login(respondent)
    assert client.get(report_url(strategy.consultation)).status_code == 403
    export = reverse("followup:report_export", args=[strategy.consultation.pk, 2022, "pdf"])
    assert client.get(export).status_code == 403
    client.logout()
    assert client.get(report_url(strategy.consultation)).status_code == 302


def test_the_downloads_are_attachments_and_an_unknown_format_is_not_found(client, strategy):
    client.force_login(strategy.actor)
    url = reverse("followup:report_export", args=[strategy.consultation.pk, 2022, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS["docx"].media_type
    assert (
        'attachment; filename="uppfoljning-2022-RS-2025-0202.docx"'
        == (response["Content-Disposition"])
    )
    assert docx.Document(io.BytesIO(response.content)).inline_shapes
    bad = reverse("followup:report_export", args=[strategy.consultation.pk, 2022, "odt"])
    assert client.get(bad).status_code == 404
    assert client.get(report_url(strategy.consultation, 1066)).status_code == 404


def test_the_command_writes_the_report(strategy, tmp_path, capsys):
    target = tmp_path / "rapport.pdf"
    call_command(
        "followup_report", "RS 2025–0202", "--year", "2022", "--format", "pdf", "-o", str(target)
    )
    assert NARRATIVE in pdf_text(target.read_bytes())
    assert "rapport.pdf" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command(
            "followup_report",
            "RS 1999-0001",
            "--year",
            "2022",
            "--format",
            "pdf",
            "-o",
            str(target),
        )
