import random

import pytest

from remiss.textkit import lexicons
from remiss.textkit.analysis_types import SectionRef
from remiss.textkit.documents import Page
from remiss.textkit.sections import place_point, sections_from_document
from remiss.textkit.tests.builders import DEMO_DRAFT

DRAFT = DEMO_DRAFT

HUDDINGE_POINT = (
    "Som tillägg till yttrandet vill Huddinge kommun trycka på att Södertörns Högskola behöver "
    "utvecklas till ett universitet för att säkerställa både utbildning och kompetens på den "
    "södra länshalvan och gynna den regionala balansen i Stockholmsregionen. Ett universitet i "
    "den regionala stadskärnan Flemingsberg ökar förutsättningarna för god kompetensförsörjning "
    "till hela regionens företag, näringslivet kan lättare expandera och bostadsmarknaden blir "
    "större. Utöver de ekonomiska incitamenten leder en mer balanserad region till såväl sociala "
    "och ekologiska hållbarhetsvinster."
)


def numbers(placements) -> list[str]:
    return [placement.number for placement in placements]


def test_the_huddinge_university_point_goes_under_competence_supply_first():
    placements = place_point(HUDDINGE_POINT, DRAFT)
    assert placements[0].number == "2.4"
    assert placements[0].method == "lexical"
    assert "universitet" in placements[0].evidence
    assert 0 < placements[0].confidence <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forskningen vid lärosätena och testbäddar för innovation bör få större utrymme.", "2.1"),
        ("Regionen bör satsa mer på life science och forskningsinfrastruktur.", "2.1"),
        ("Vi saknar insatser som ger småföretagare riskkapital och rådgivning.", "2.2"),
        ("Regelförenkling och kortare handläggningstider skulle hjälpa entreprenörer.", "2.2"),
        ("Exportfrämjandet bör stärkas och fler utländska investeringar lockas hit.", "2.3"),
        ("Företag som vill ut på världsmarknaden behöver hjälp med internationalisering.", "2.3"),
        ("Yrkeshögskolan och vuxenutbildningen måste byggas ut för arbetsgivarnas behov.", "2.4"),
        ("Valideringen av utländska examina går för långsamt, vilket hindrar matchningen.", "2.4"),
        ("Kompetensförsörjningen måste tryggas.", "2.4"),
        ("Uppföljningen bör ske med indikatorer och en styrgrupp för handlingsplanerna.", "4"),
    ],
)
def test_a_point_goes_under_the_area_its_words_belong_to(text, expected):
    placements = place_point(text, DRAFT)
    assert placements, text
    assert placements[0].number == expected
    assert placements[0].method == "lexical"


@pytest.mark.parametrize(
    "text",
    [
        "Huddinge kommun ser fram emot fortsatt samarbete i näringslivs- och tillväxtfrågorna.",
        "Kommunen stödjer innehållet i strategin.",
        "Vi välkomnar att regionen tagit fram ett förslag.",
        "Förslaget till beslut medför inga ekonomiska eller juridiska konsekvenser för kommunen.",
        "Strategin bör beskriva hur inriktningsområde 1–4 hänger ihop.",
        "Enligt 2 kap. 3 § regeringsformen ska det allmänna verka för detta.",
        # a long point with a single word in passing ("konkurrenskraft") is not placed
        "Huddinge kommun är mycket positiva till att näringslivs- och tillväxtfrågorna "
        "prioriteras i en egen strategi för Stockholmsregionen. Strategin sätter frågorna i ett "
        "sammanhang som visar att arbetet är viktigt för regionens konkurrenskraft, både "
        "nationellt och internationellt.",
        "",
    ],
)
def test_a_general_point_is_placed_nowhere(text):
    assert place_point(text, DRAFT) == ()


@pytest.mark.parametrize(
    ("text", "expected", "evidence"),
    [
        ("I avsnitt 2.3 bör det tydliggöras vilka aktörer som ansvarar.", "2.3", "avsnitt 2.3"),
        ("Kapitel 4 saknar en tidsplan.", "4", "kapitel 4"),
        ("Under punkt 2.1 vill vi tillägga följande.", "2.1", "punkt 2.1"),
        ("Under inriktningsområde 2 saknas regelförenkling.", "2.2", "inriktningsområde 2"),
        ("Inriktningsområde fyra behöver en tydligare målbild.", "2.4", "inriktningsområde fyra"),
        ("Det tredje inriktningsområdet behöver kompletteras.", "2.3", "tredje inriktningsområdet"),
        (
            "Inriktningsområdet kompetensförsörjning bör nämna lärlingar.",
            "2.4",
            "inriktningsområdet kompetensförsörjning",
        ),
        (
            "Arbetet med små och medelstora företags konkurrenskraft är centralt.",
            "2.2",
            "små medelstora företags konkurrenskraft",
        ),
        (
            "Kommunen vill utveckla strategisk kompetensförsörjning med regionen.",
            "2.4",
            "strategisk kompetensförsörjning",
        ),
    ],
)
def test_an_explicit_reference_decides_the_section(text, expected, evidence):
    placements = place_point(text, DRAFT)
    assert placements[0].number == expected
    assert placements[0].method == "explicit"
    assert placements[0].evidence == evidence
    assert placements[0].confidence >= 0.9


def test_every_section_in_a_list_of_references_is_placed():
    placements = place_point("Vi har synpunkter på avsnitten 2.1, 2.3 och 2.4.", DRAFT)
    assert numbers(placements) == ["2.1", "2.3", "2.4"]
    assert {placement.method for placement in placements} == {"explicit"}


def test_an_explicit_reference_comes_before_the_lexical_match():
    placements = place_point(
        "I kapitel 2 vill vi lyfta att yrkeshögskolan och vuxenutbildningen behövs.", DRAFT
    )
    assert numbers(placements)[:2] == ["2", "2.4"]
    assert [placement.method for placement in placements[:2]] == ["explicit", "lexical"]


def test_a_deeper_number_than_the_strategy_has_goes_to_its_parent_with_less_confidence():
    [placement] = place_point("Avsnitt 2.3.4 är otydligt.", DRAFT)
    assert placement.number == "2.3"
    assert placement.method == "explicit"
    assert placement.confidence < 0.9


def test_a_section_closed_for_comment_is_placed_only_when_referenced():
    text = "Smart specialisering och forskning är grunden för regionens innovationskraft."
    assert "3" not in numbers(place_point(text, DRAFT))
    assert numbers(place_point("Kapitel 3 är redan remitterat.", DRAFT)) == ["3"]


def test_an_insats_is_found_by_its_own_number():
    sections = (
        *DRAFT,
        SectionRef("2.1.3", "Insats 3: Utveckla testbäddar inom hälsa", kind="insats"),
        SectionRef("2.4.12", "Bygg ut yrkeshögskolan", kind="insats"),
    )
    assert numbers(place_point("Insats 12 bör prioriteras.", sections))[0] == "2.4.12"
    assert numbers(place_point("Vi vill medverka i insats 3.", sections))[0] == "2.1.3"
    assert place_point("Insats 99 finns inte.", sections) == ()


def test_an_insats_number_that_ends_two_numbers_is_not_guessed():
    sections = (
        SectionRef("2.1.3", "Utveckla testbäddar", kind="insats"),
        SectionRef("2.4.3", "Bygg ut yrkeshögskolan", kind="insats"),
    )
    assert place_point("Insats 3 är otydlig.", sections) == ()


def test_focus_areas_numbered_one_to_four_are_found_by_their_number():
    sections = [SectionRef(str(n), f"Område {n}", kind="inriktningsomrade") for n in (1, 2, 3, 4)]
    assert numbers(place_point("Inriktningsområde 3 är viktigast.", sections)) == ["3"]


def test_the_same_point_and_sections_give_the_same_placements():
    first = place_point(HUDDINGE_POINT, DRAFT)
    shuffled = list(DRAFT)
    random.Random(3).shuffle(shuffled)
    assert place_point(HUDDINGE_POINT, list(DRAFT)) == first
    assert numbers(place_point(HUDDINGE_POINT, shuffled))[0] == "2.4"


def test_no_sections_means_no_placement():
    assert place_point(HUDDINGE_POINT, ()) == ()


def test_section_texts_take_part_in_the_match():
    sections = [
        SectionRef("1", "Inledning", "Bakgrund och syfte."),
        SectionRef("2", "Mål", "Fler cykelbanor, säkrare korsningar och cykelparkering."),
        SectionRef("3", "Genomförande", "Kommunerna bygger och regionen samordnar."),
    ]
    text = "Det behövs fler cykelparkeringar vid pendeltågsstationerna."
    assert numbers(place_point(text, sections)) == ["2"]


def test_the_vocabulary_is_versioned_data():
    assert lexicons.version("section_vocabulary")
    assert "kompetens" in lexicons.data("section_vocabulary")["groups"]


# --- sections found in a document -------------------------------------------------------------


def test_numbered_headings_become_sections_with_their_text():
    text = (
        "Strategi för cykling\n\n"
        "1 Inledning\nHär beskrivs bakgrunden.\n\n"
        "2. Mål och inriktning\n"
        "2.1 Fler cykelbanor i\n"
        "hela länet\nText om cykelbanor.\n"
        "2.2 Säkrare korsningar\nText om korsningar.\n\n"
        "Kapitel 3 Genomförande\n"
        "Insats 12. Bygg cykelparkeringar\nVid stationerna.\n"
        "1. Kommunstyrelsen beslutar att anta yttrandet.\n"
    )
    found = sections_from_document([Page(1, text)])
    assert [(s.number, s.title, s.kind) for s in found] == [
        ("1", "Inledning", ""),
        ("2", "Mål och inriktning", ""),
        ("2.1", "Fler cykelbanor i hela länet", ""),
        ("2.2", "Säkrare korsningar", ""),
        ("3", "Genomförande", "kapitel"),
        ("12", "Bygg cykelparkeringar", "insats"),
    ]
    assert found[0].text == "Här beskrivs bakgrunden."
    assert found[2].text == "Text om cykelbanor."


def test_headings_run_across_pages_and_a_repeated_list_keeps_the_first():
    pages = [
        Page(1, "1. Forskning och innovation\nText ett.\n2. Export och investeringar\nText två."),
        Page(2, "Fortsättning.\n1. Forskning och innovation\n"),
    ]
    found = sections_from_document(pages)
    assert [s.number for s in found] == ["1", "2"]
    assert found[1].text == "Text två. Fortsättning."


def test_the_huddinge_answer_lists_the_four_chapters_of_the_draft():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "demo" / "data" / "huddinge-ks-yttrande.txt"
    found = sections_from_document([Page(1, path.read_text(encoding="utf-8"))])
    assert [s.number for s in found] == ["1", "2", "3", "4"]
    assert found[2].title.endswith("för smart specialisering")  # joined over a blank line


def test_sections_from_a_document_can_place_points():
    text = "1 Forskning och innovation\n2 Export och internationalisering\n3 Kompetensförsörjning\n"
    found = sections_from_document([Page(1, text)])
    assert numbers(place_point("Universitetet behöver fler utbildningsplatser.", found))[0] == "3"
