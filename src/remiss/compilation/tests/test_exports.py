"""The exports of the compilation (Word, PDF, PDF/A, spreadsheet, CSV, open data), the charts,
the download view and the ``export`` command. Every file is really built and read back."""

import csv
import io
import json
import re
import zlib
from datetime import UTC, date, datetime
from xml.etree import ElementTree

import docx
import openpyxl
import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from remiss.analysis.models import Point
from remiss.analysis.selectors import latest_run
from remiss.audit.models import AuditEvent
from remiss.compilation.assembly import (
    Body,
    Compilation,
    Counts,
    DuplicateSet,
    Entry,
    Link,
    SectionBlock,
)
from remiss.compilation.charts import (
    STANCE_COLOURS,
    STANCE_LABELS,
    contrast,
    heat_map_svg,
    stance_by_kind_svg,
)
from remiss.compilation.exports import FORMATS, common, compilation_export
from remiss.compilation.exports.opendata import SCHEMA, compilation_to_data
from remiss.compilation.services import reply_save

SVG = "{http://www.w3.org/2000/svg}"
REPLY = "Regionen delar synpunkten och tar upp Södertörns högskola i handlingsplanen."
REASON = "Frågan om universitetsstatus avgörs av regeringen."
HEADING = "2.4 Stärk och utveckla strategisk kompetensförsörjning"
QUOTE = "Södertörns Högskola behöver utvecklas till ett universitet"


def university_point(consultation) -> Point:
    return Point.objects.get(run=latest_run(consultation), text__contains="Södertörns")


@pytest.fixture
def replied_case(demo_case, handlaggare):
    """The demo case with the region's reply and decision on Huddinge's point under 2.4."""
    point = university_point(demo_case)
    reply_save(
        actor=handlaggare,
        response=point.response,
        key=point.key,
        text=REPLY,
        outcome="beaktas_delvis",
        reason=REASON,
    )
    return demo_case


def export(consultation, name: str, actor=None):
    return compilation_export(actor=actor, consultation=consultation, format=name)


def outcome_text(result) -> str:
    """The decision as the compilation (in Swedish) displays it."""
    block = next(b for b in result.compilation.sections if b.number == "2.4")
    return block.entries[0].outcome_display


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\ufffe", "").replace("\x02", "")).strip()


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) + len(start) : text.index(end, text.index(start))]


# --- Word ---------------------------------------------------------------------------------


def docx_text(content: bytes) -> tuple[list[str], list[str]]:
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return paragraphs, cells


def test_the_word_document_has_the_part_the_point_the_reply_and_the_annex(replied_case):
    result = export(replied_case, "docx")
    paragraphs, cells = docx_text(result.content)
    assert paragraphs[0] == "Remissammanställning"
    assert HEADING in paragraphs
    assert "Inga synpunkter har lämnats på avsnittet." in paragraphs  # e.g. 2.1
    assert any(QUOTE in cell and cell.endswith("(s. 1)") for cell in cells)
    assert REPLY in cells
    decision = next(cell for cell in cells if REASON in cell)
    assert decision.startswith(outcome_text(result))
    assert list(common.TABLE_HEADER) == cells[:4]

    annex = "\n".join(paragraphs[paragraphs.index(common.ANNEX) :])
    answered = between(annex, common.ANSWERED, common.NOT_ANSWERED)
    silent = between(annex, common.NOT_ANSWERED, common.SPONTANEOUS)
    assert "Huddinge kommun" in answered
    assert "Botkyrka kommun" not in answered
    assert "Botkyrka kommun (Ej svarat)" in silent or "Botkyrka kommun (Not answered)" in silent


def test_the_word_document_is_swedish_with_a_described_chart(replied_case):
    document = docx.Document(io.BytesIO(export(replied_case, "docx").content))
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title.startswith("Remissammanställning: Remissversion")
    [picture] = document.inline_shapes
    description = picture._inline.docPr.get("descr")
    assert "Kommun: 1 remissinstans (tillstyrker med synpunkter 1)" in description
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    levels = {p.text: p.style.name for p in headings}
    assert levels[
        "2 Strategiska inriktningen, med insatser inom fyra olika inriktningsområden"
    ] == ("Heading 1")
    assert levels[HEADING] == "Heading 2"
    assert levels["Övergripande"] == "Heading 1"


# --- PDF ----------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    try:
        return normalise(" ".join(page.get_textpage().get_text_bounded() for page in pdf))
    finally:
        pdf.close()


def pdf_objects(content: bytes) -> bytes:
    """The PDF's bytes with every stream inflated (objects live in compressed streams)."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            parts.append(zlib.decompress(match[1]))
        except zlib.error:
            parts.append(match[1])
    return b"\n".join(parts)


def test_the_pdf_has_the_part_the_point_the_reply_and_the_annex(replied_case):
    result = export(replied_case, "pdf")
    text = pdf_text(result.content)
    assert "Remissammanställning" in text
    assert HEADING in text
    assert QUOTE in text
    assert REPLY in text
    assert outcome_text(result) in text and REASON in text
    annex = text[text.index(common.ANNEX) :]
    answered = between(annex, common.ANSWERED, common.NOT_ANSWERED)
    silent = between(annex, common.NOT_ANSWERED, common.SPONTANEOUS)
    assert "Huddinge kommun" in answered and "Botkyrka kommun" not in answered
    assert "Botkyrka kommun" in silent


def test_the_pdf_renders_visibly_and_is_tagged_swedish_and_titled(replied_case):
    content = export(replied_case, "pdf").content
    pdf = pypdfium2.PdfDocument(content)
    try:
        image = pdf[0].render(scale=1).to_pil().convert("L")
        assert 500 < image.width < 700 and 750 < image.height < 950  # A4 at 72 dpi
        dark = sum(image.histogram()[:128])
        assert dark > 2000
        assert pdf.get_metadata_dict()["Title"].startswith("Remissammanställning: ")
        assert pypdfium2.raw.FPDFCatalog_IsTagged(pdf.raw)
    finally:
        pdf.close()
    objects = pdf_objects(content)
    assert b"/Lang (sv)" in objects
    assert b"/MarkInfo <</Marked true>>" in objects
    assert b"/StructTreeRoot" in objects
    assert b"/Figure" in objects and b"/Table" in objects and b"/H2" in objects
    # Fonts are embedded (subsets of the system's DejaVu).
    assert b"/FontFile2" in objects and b"DejaVu-Sans" in objects


def test_the_archival_pdf_identifies_itself_as_pdf_a_and_stays_tagged(replied_case):
    result = export(replied_case, "pdfa")
    assert result.filename == "remissammanstallning-RS-2020-0780-arkiv.pdf"
    objects = pdf_objects(result.content)
    assert b'pdfaid:part="3"' in objects
    assert b'pdfaid:conformance="A"' in objects
    assert b"/StructTreeRoot" in objects and b"/Lang (sv)" in objects
    assert REPLY in pdf_text(result.content)


# --- Spreadsheet and CSV ------------------------------------------------------------------


def test_the_spreadsheet_has_a_row_per_point_the_bodies_and_the_counts(replied_case):
    result = export(replied_case, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(result.content))
    assert workbook.sheetnames == ["Synpunkter", "Remissinstanser", "Sammanfattning"]
    points = workbook["Synpunkter"]
    rows = list(points.iter_rows(values_only=True))
    assert rows[0] == common.POINT_COLUMNS
    assert points["A1"].font.bold and points.freeze_panes == "A2"
    assert points.auto_filter.ref == "A1:L3"
    assert len(rows) == 3  # two points of Huddinge's answer
    [skills] = [row for row in rows if row[0] == "2.4"]
    assert skills[2] == "Huddinge kommun" and QUOTE in skills[6]
    assert skills[7] == 1 and skills[9] == REPLY and skills[11] == REASON
    assert skills[10] == outcome_text(result)

    bodies = list(workbook["Remissinstanser"].iter_rows(values_only=True))
    assert len(bodies) == 1 + 42
    huddinge = next(row for row in bodies if row[0] == "Huddinge kommun")
    assert huddinge[2] == "Ja"
    summary = [row for row in workbook["Sammanfattning"].iter_rows(values_only=True) if row[0]]
    assert ("Remissinstanser som har fått remissen", 42) in [tuple(r[:2]) for r in summary]


def test_the_csv_file_is_for_swedish_excel(replied_case):
    content = export(replied_case, "csv").content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(common.POINT_COLUMNS)
    [skills] = [row for row in rows if row[0] == "2.4"]
    assert skills[1] == "Stärk och utveckla strategisk kompetensförsörjning"
    assert skills[9] == REPLY and skills[7] == "1"


def test_formulas_in_texts_are_neutralised_in_csv_and_spreadsheet(demo_case, handlaggare):
    point = university_point(demo_case)
    formula = '=HYPERLINK("http://evil.example","klicka")'
    reply_save(actor=handlaggare, response=point.response, key=point.key, text=formula,
               outcome="", reason="+1 ringer")  # fmt: skip
    rows = list(
        csv.reader(io.StringIO(export(demo_case, "csv").content.decode("utf-8-sig")), delimiter=";")
    )
    [skills] = [row for row in rows if row[0] == "2.4"]
    assert skills[9] == "'" + formula and skills[11] == "'+1 ringer"

    workbook = openpyxl.load_workbook(io.BytesIO(export(demo_case, "xlsx").content))
    [cell] = [row[9] for row in workbook["Synpunkter"].iter_rows(min_row=2) if row[0].value]
    assert cell.value == "'" + formula and cell.data_type == "s"


# --- Open data ----------------------------------------------------------------------------


def test_the_open_data_round_trips_with_its_schema(replied_case):
    content = export(replied_case, "json").content
    assert "Södertörns".encode() in content  # not escaped
    data = json.loads(content)
    assert data["schema"] == SCHEMA == "remiss.compilation/1"
    assert data["consultation"]["case_number"] == "RS 2020-0780"
    assert data["consultation"]["deadline"] == "2021-03-05"
    assert datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    assert data["counts"]["invited"] == 42 and data["counts"]["replied"] == 1
    assert data["sections"][0]["title"] == "Övergripande" and data["sections"][0]["general"]
    [skills] = [s for s in data["sections"] if s["number"] == "2.4"]
    [point] = skills["points"]
    assert point["body"] == "Huddinge kommun" and point["body_kind"] == "kommun"
    assert point["stance"] == "tillstyrker_med_synpunkter" and point["kind"] == "addition"
    assert point["reply"] == REPLY and point["outcome"] == "beaktas_delvis"
    assert point["reason"] == REASON and point["page"] == 1 and QUOTE in point["text"]
    assert set(data) == {"schema", "consultation", "generated_at", "counts", "summary",
                         "sections", "bodies", "endorsements", "duplicates"}  # fmt: skip
    assert len(data["bodies"]) == 42


def _entry(body: str, *, private: bool, text: str) -> Entry:
    return Entry(
        point_id="p", key="k", response_id="r", document_id=None, body=body,
        body_kind="privatperson" if private else "kommun",
        body_kind_display="Privatperson" if private else "Kommun",
        is_private_person=private, stance="avstyrker", stance_display="Avstyrker",
        kind="objection", kind_display="Invändning", text=text, page=2, themes=("Trafik",),
        placed_by="machine", reply="", outcome="", outcome_display="", reason="",
    )  # fmt: skip


def _body(name: str, *, private: bool) -> Body:
    return Body(
        name=name, kind="privatperson" if private else "kommun",
        kind_display="Privatperson" if private else "Kommun", invited=not private,
        status="svarat", status_display="Svarat", stance="avstyrker",
        stance_display="Avstyrker", received_on=date(2021, 3, 1), late=False,
        is_private_person=private, response_ids=("r",),
    )  # fmt: skip


def test_masking_names_private_persons_consistently_everywhere():
    entries = (
        _entry("Anna Andersson", private=True, text="Jag, Anna Andersson, motsätter mig."),
        _entry("Nacka kommun", private=False, text="Nacka delar Bo Berg:s oro."),
        _entry("Bo Berg", private=True, text="Bussen behövs."),
    )
    compilation = Compilation(
        consultation_id="c", case_number="RS 1/2", title="T", remitting_body="Region",
        sent_on=None, deadline=date(2021, 3, 5),
        generated_at=datetime(2021, 4, 1, 8, 0, tzinfo=UTC), run_id=None,
        sections=(
            SectionBlock(section_id=None, number="", title="Övergripande", kind="", depth=0,
                         open_for_comment=True, entries=entries, considerations="",
                         summary=("Anna Andersson, Nacka kommun och Bo Berg har synpunkter.",)),
        ),
        bodies=(_body("Anna Andersson", private=True), _body("Nacka kommun", private=False),
                _body("Bo Berg", private=True)),
        counts=Counts(2, 1, 1, 0, 0, 0, 1, 2, 0, 3, 3, 0),
        stance_by_kind={}, heat_map={},
        summary=("Anna Andersson och Bo Berg avstyrker förslaget.",),
        endorsements=(Link("Bo Berg", "Anna Andersson"),),
        duplicates=(DuplicateSet("Anna Andersson", ("Anna Andersson", "Bo Berg"), 0.97),),
    )  # fmt: skip
    masked = compilation_to_data(compilation, mask_private_persons=True)
    dump = json.dumps(masked, ensure_ascii=False)
    assert "Anna" not in dump and "Bo Berg" not in dump
    assert [b["name"] for b in masked["bodies"]] == [
        "Privatperson 1",
        "Nacka kommun",
        "Privatperson 2",
    ]
    points = masked["sections"][0]["points"]
    assert [p["body"] for p in points] == ["Privatperson 1", "Nacka kommun", "Privatperson 2"]
    assert points[0]["text"] == "Jag, Privatperson 1, motsätter mig."
    assert points[1]["text"] == "Nacka delar Privatperson 2:s oro."
    assert masked["summary"] == ["Privatperson 1 och Privatperson 2 avstyrker förslaget."]
    assert masked["endorsements"] == [{"source": "Privatperson 2", "target": "Privatperson 1"}]
    assert masked["duplicates"][0]["members"] == ["Privatperson 1", "Privatperson 2"]

    plain = compilation_to_data(compilation, mask_private_persons=False)
    assert plain["bodies"][0]["name"] == "Anna Andersson"
    assert plain["sections"][0]["points"][0]["text"].startswith("Jag, Anna Andersson")


# --- The view and the command -------------------------------------------------------------


def test_an_officer_downloads_every_format_and_each_download_is_audited(
    replied_case, client, handlaggare
):
    client.force_login(handlaggare)
    starts = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "pdfa": b"%PDF",
              "csv": b"\xef\xbb\xbfAvsnitt", "json": b"{"}  # fmt: skip
    for name, export_format in FORMATS.items():
        url = reverse("compilation:export", args=[replied_case.pk, name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == export_format.media_type
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "remissammanstallning-RS-2020-0780" in disposition
        assert disposition.endswith(f'.{export_format.extension}"')
        assert response.content.startswith(starts[name]), name
    events = AuditEvent.objects.filter(action="compilation.exported")
    assert events.count() == len(FORMATS)
    assert {event.changes["format"] for event in events} == set(FORMATS)
    assert {event.actor for event in events} == {handlaggare}


def test_the_download_refuses_visitors_and_unknown_formats(demo_case, client, respondent):
    url = reverse("compilation:export", args=[demo_case.pk, "csv"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(respondent)
    assert client.get(url).status_code == 403
    client.logout()
    client.force_login(respondent.__class__.objects.create_user("reader", role="lasare"))
    unknown = reverse("compilation:export", args=[demo_case.pk, "odt"])
    assert client.get(unknown).status_code == 404
    assert not AuditEvent.objects.filter(action="compilation.exported").exists()


def test_the_export_command_writes_the_file(replied_case, tmp_path):
    target = tmp_path / "sammanstallning.xlsx"
    errors = io.StringIO()
    call_command("export", "RS 2020–0780", "--format", "xlsx", "-o", str(target), stderr=errors)
    workbook = openpyxl.load_workbook(target)
    assert workbook["Synpunkter"].max_row == 3
    assert str(target) in errors.getvalue() and "2" in errors.getvalue()
    assert AuditEvent.objects.get(action="compilation.exported").actor_label == "system"


def test_the_export_command_writes_open_data_to_standard_output(replied_case):
    output = io.StringIO()
    call_command("export", "RS2020-0780", "--format", "json", "-o", "-", stdout=output,
                 stderr=io.StringIO())  # fmt: skip
    assert json.loads(output.getvalue())["schema"] == SCHEMA


def test_the_export_command_fails_clearly(demo_case, tmp_path):
    with pytest.raises(CommandError, match="RS 1999-0001"):
        call_command("export", "RS 1999-0001", "--format", "csv", "-o", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="csv"):
        call_command("export", "RS 2020-0780", "--format", "pdf", "-o", "-")
    assert not (tmp_path / "x.csv").exists()


# --- Charts -------------------------------------------------------------------------------


def test_the_stance_chart_is_an_accessible_image_that_states_its_numbers():
    svg = stance_by_kind_svg(
        {"Kommun": {"tillstyrker": 5, "avstyrker": 2}, "Företag & <andra>": {"oklart": 1}},
        title="Ställningstaganden per typ",
    )
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "Ställningstaganden per typ"
    assert root.find(f"{SVG}title").text == "Ställningstaganden per typ"
    desc = root.find(f"{SVG}desc").text
    assert "Kommun: 7 remissinstanser (tillstyrker 5, avstyrker 2)" in desc
    assert "Företag & <andra>: 1 remissinstans (oklart 1)" in desc
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "Tillstyrker" in texts and "Avstyrker" in texts and "Oklart" in texts  # legend
    assert "Inga synpunkter" not in texts  # only the positions that occur
    assert {"5", "2", "7"} <= set(texts)
    # Segments follow the fixed order: support before opposition.
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert fills[:2] == [STANCE_COLOURS["tillstyrker"], STANCE_COLOURS["avstyrker"]]
    full = ElementTree.fromstring(stance_by_kind_svg({"Kommun": {"avstår": 1}}, title="T",
                                                     full_label=True))  # fmt: skip
    assert "Kommun: 1 remissinstans (avstår 1)" in full.get("aria-label")


def test_the_colours_of_the_positions_carry_white_numbers_legibly():
    assert set(STANCE_COLOURS) == set(STANCE_LABELS)
    for stance, colour in STANCE_COLOURS.items():
        assert contrast(colour, "#ffffff") >= 4.5, stance


def test_the_heat_map_writes_the_number_in_each_non_empty_cell():
    svg = heat_map_svg(
        {
            "Övergripande": {"Huddinge kommun": 3, "Nacka kommun": 1},
            "2.4 Kompetens": {"Nacka kommun": 9},
        },
        title="Synpunkter per avsnitt",
    )  # fmt: skip
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Synpunkter per avsnitt"
    desc = root.find(f"{SVG}desc").text
    assert "Övergripande: Huddinge kommun 3, Nacka kommun 1" in desc
    assert "2.4 Kompetens: Nacka kommun 9" in desc
    numbers = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    assert sorted(numbers) == ["1", "3", "9"]  # the empty cell has no number
    cells = [r for r in root.iter(f"{SVG}rect") if r.get("width") == "34.0"]
    fills = {r.get("fill") for r in cells}
    assert len(cells) == 4 and len(fills) == 4  # 1, 3, 9 and empty all differ


def test_empty_charts_still_parse_and_say_so():
    for svg in (stance_by_kind_svg({}, title="A"), heat_map_svg({}, title="B")):
        root = ElementTree.fromstring(svg)
        assert "ännu" in root.find(f"{SVG}desc").text
