from remiss.textkit import lexicons
from remiss.textkit.analysis_types import POINT_KINDS, SectionRef
from remiss.textkit.documents import Page
from remiss.textkit.points import find_points, point_kind
from remiss.textkit.structure import split_parts
from remiss.textkit.tests.builders import huddinge_text

# The demo consultation's sections: the chapters and the four focus areas (inriktningsområden).
DEMO_SECTIONS = (
    SectionRef("1", "Utgångsläge, utmaningar och styrkeområden", kind="kapitel"),
    SectionRef("2", "Strategiska inriktningen", kind="kapitel"),
    SectionRef(
        "2.1",
        "Stärk och utveckla forskning och innovation och smart specialisering",
        kind="inriktningsomrade",
    ),
    SectionRef(
        "2.2",
        "Stärk och utveckla små och medelstora företags konkurrenskraft",
        kind="inriktningsomrade",
    ),
    SectionRef(
        "2.3",
        "Stärk och utveckla export, internationalisering och investeringar",
        kind="inriktningsomrade",
    ),
    SectionRef(
        "2.4", "Stärk och utveckla strategisk kompetensförsörjning", kind="inriktningsomrade"
    ),
    SectionRef(
        "3",
        "Stockholmsregionens forsknings- och innovationsstrategi för smart specialisering",
        kind="kapitel",
        open_for_comment=False,
    ),
    SectionRef("4", "Genomförande och uppföljning", kind="kapitel"),
)


def _points(text: str, sections=()):
    pages = [Page(1, text)]
    return find_points(pages, split_parts(pages), sections)


def _huddinge_addition(points):
    return next(point for point in points if "Södertörns Högskola" in point.text)


def test_huddinge_adds_a_point_about_a_university_at_sodertorn():
    point = _huddinge_addition(_points(huddinge_text()))
    assert point.kind in ("addition", "request")
    assert "universitet" in point.text
    # The next sentences carry the same subject and belong to the point.
    assert "Flemingsberg" in point.text


def test_the_huddinge_point_is_placed_under_strategic_skills_supply_first():
    point = _huddinge_addition(_points(huddinge_text(), DEMO_SECTIONS))
    assert point.sections, "no section placed"
    assert point.sections[0].number == "2.4"


def test_points_come_from_the_views_and_summary_not_from_the_description():
    text = huddinge_text()
    points = _points(text)
    description_start = text.index("Beskrivning av ärendet")
    views_start = text.index("Förvaltningens synpunkter")
    for point in points:
        assert not description_start <= point.evidence.start < views_start, point.text


def test_the_evidence_covers_the_point_in_the_page():
    text = huddinge_text()
    point = _huddinge_addition(_points(text))
    raw = text[point.evidence.start : point.evidence.end]
    assert raw.startswith("Som tillägg till yttrandet")
    assert point.evidence.text == point.text


def test_each_kind_of_point_is_recognised():
    assert point_kind("Kommunen saknar en analys av kostnaderna.") == "request"
    assert point_kind("Regionen efterfrågar en tydligare tidplan.") == "request"
    assert point_kind("Avsnittet om mål bör förtydligas.") == "request"
    assert point_kind("Kommunen anser att planen bör kompletteras med cykel.") == "request"
    assert point_kind("Förbundet föreslår att avgiften sänks.") == "request"
    assert point_kind("Kommunen är kritisk till den snäva tidplanen.") == "objection"
    assert point_kind("Vi ifrågasätter behovet av en ny myndighet.") == "objection"
    assert point_kind("Som tillägg vill kommunen nämna sjöfarten.") == "addition"
    assert point_kind("Kommunen vill trycka på att skolan behöver stärkas.") == "addition"
    assert point_kind("Vi välkomnar satsningen på life science.") == "support"
    assert point_kind("Det är bra att cykeln finns med.") == "support"
    assert point_kind("Regionen vill lyfta fram kulturens roll.") == "emphasis"
    assert point_kind("Kommunen understryker vikten av bredband.") == "emphasis"
    assert point_kind("Strategin omfattar fyra områden.") is None


def test_a_formula_of_no_objection_is_not_a_point():
    assert point_kind("Vi har inga invändningar mot förslaget.") is None
    assert point_kind("Kommunen har inget att erinra.") is None


def test_a_reservation_after_praise_is_the_point():
    text = "Vi ser positivt på planen men saknar en tidplan."
    assert point_kind(text) == "request"


def test_a_relative_clause_restating_the_proposal_is_not_a_request():
    assert point_kind("Strategin tar upp vad som behöver prioriteras i regionen.") is None


def test_list_items_after_a_lead_in_are_points_of_its_kind():
    text = (
        "Yttrande\n\n"
        "Regionen vill särskilt lyfta följande:\n"
        "• Kollektivtrafiken mellan kommunerna\n"
        "• Yrkesutbildningen i länet\n\n"
        "Regionen tillstyrker förslaget.\n"
    )
    points = _points(text)
    assert [(point.kind, point.text) for point in points] == [
        ("emphasis", "• Kollektivtrafiken mellan kommunerna"),
        ("emphasis", "• Yrkesutbildningen i länet"),
    ]


def test_items_after_a_lead_in_that_announces_views_are_points():
    text = (
        "Yttrande\n\nKommunen tillstyrker förslaget och har följande synpunkter:\n"
        "• Kommunen saknar en plan för cykelvägarna.\n"
        "• Tidplanen för utbyggnaden av pendeltågen\n"
    )
    points = _points(text)
    assert [point.kind for point in points] == ["request", "emphasis"]


def test_separate_requests_are_separate_points():
    text = (
        "Yttrande\n\nKommunen tillstyrker förslaget.\n\n"
        "Kommunen saknar en analys av kostnaderna för kommunerna. Detta gäller särskilt "
        "kostnaderna för skolskjuts.\n\n"
        "Kommunen föreslår också att tidplanen förlängs.\n"
    )
    points = _points(text)
    assert [point.kind for point in points] == ["request", "request"]
    assert points[0].text.endswith("kostnaderna för skolskjuts.")


def test_without_sections_points_are_not_placed():
    assert all(point.sections == () for point in _points(huddinge_text()))


def test_every_point_kind_is_one_of_the_shared_kinds():
    for point in _points(huddinge_text(), DEMO_SECTIONS):
        assert point.kind in POINT_KINDS


def test_the_points_lexicon_is_versioned_data():
    assert lexicons.version("points")
    assert {entry["kind"] for entry in lexicons.data("points")["kinds"]} == set(POINT_KINDS)
