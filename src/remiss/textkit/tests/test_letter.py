"""letter_facts on Huddinge's answer (the demo data) and on small letters written here."""

from pathlib import Path

import pytest

from remiss.textkit.documents import Page
from remiss.textkit.letter import LetterFacts, letter_facts

HUDDINGE = Path(__file__).resolve().parents[2] / "demo" / "data" / "huddinge-ks-yttrande.txt"


def _facts(text: str) -> LetterFacts:
    return letter_facts([Page(1, text)])


def _assert_evidence(facts: LetterFacts, pages: list[Page]) -> None:
    """Every span points at the text it claims, on its page."""
    by_number = {page.number: page.text for page in pages}
    facts_with_spans = [
        facts.responder,
        *facts.responder_candidates,
        facts.letter_date,
        facts.responder_case_number,
        facts.quoted_case_number,
        facts.quoted_title,
        facts.deciding_body,
        facts.decision_formula,
        *facts.send_to,
        *facts.attachments,
        *facts.signatories,
    ]
    for fact in facts_with_spans:
        if fact is None:
            continue
        span = fact.span
        assert by_number[span.page][span.start : span.end] == span.text


@pytest.fixture(scope="module")
def huddinge() -> tuple[LetterFacts, list[Page]]:
    pages = [Page(1, HUDDINGE.read_text(encoding="utf-8"))]
    return letter_facts(pages), pages


def test_it_names_huddinge_kommun_as_the_responder(huddinge):
    facts, _ = huddinge
    assert facts.responder.value == "Huddinge kommun"
    assert facts.responder_candidates[0] == facts.responder
    assert "Region Stockholm" not in [fact.value for fact in facts.responder_candidates[:1]]


def test_it_reads_the_date_of_the_answer_not_the_dates_of_the_remiss(huddinge):
    facts, _ = huddinge
    assert facts.letter_date.value == "2021-01-21"
    assert facts.letter_date.span.text == "den 21 januari 2021"


def test_it_reads_the_subject_line_across_the_wrapped_line(huddinge):
    facts, _ = huddinge
    assert facts.quoted_title.value.startswith(
        "Näringslivs- och tillväxtstrategi för Stockholmsregionen – svar på remiss"
    )
    assert "\n" in facts.quoted_title.span.text


def test_it_reads_the_two_signatures_with_their_titles(huddinge):
    facts, _ = huddinge
    assert [(s.name, s.title) for s in facts.signatories] == [
        ("Camilla Broo", "Kommundirektör"),
        ("Patrik Forshage", "Biträdande kommundirektör"),
    ]


def test_it_reads_the_deciding_body_and_the_decision_formula(huddinge):
    facts, _ = huddinge
    assert facts.deciding_body.value == "Kommunstyrelsen"
    assert "överlämnas" in facts.decision_formula.value
    assert facts.decision_formula.value.startswith("Kommunstyrelsens förvaltnings yttrande")
    assert facts.decision_formula.value.endswith("för regionen.")


def test_it_reads_who_the_decision_is_sent_to_and_the_attachments(huddinge):
    facts, _ = huddinge
    assert [fact.value for fact in facts.send_to] == ["Region Stockholm"]
    assert [fact.value for fact in facts.attachments] == [
        "Bilaga 1. Näringslivs- och tillväxtstrategi för Stockholmsregionen",
        "Bilaga 2. Huddinge kommuns yttrande för Näringslivs- och tillväxtstrategi för "
        "Stockholmsregionen",
    ]
    assert "\n" in facts.attachments[1].span.text  # the item was wrapped over a blank line


def test_it_finds_no_case_numbers_in_year_ranges(huddinge):
    facts, _ = huddinge
    assert facts.responder_case_number is None
    assert facts.quoted_case_number is None


def test_every_span_points_at_its_text(huddinge):
    facts, pages = huddinge
    _assert_evidence(facts, pages)


AGENCY_LETTER = """\
YTTRANDE
Datum: 2021-03-02
Vår beteckning: TRV 2021/12345
Er beteckning: RS 2020-0780

Region Stockholm
Regionledningskontoret
Box 22550
104 22 Stockholm

Yttrande över Näringslivs- och tillväxtstrategi för Stockholmsregionen

Trafikverket har beretts möjlighet att yttra sig över rubricerat förslag. Trafikverket ställer sig
positivt till strategin men vill lyfta följande. Remissvar ska enligt missivet lämnas senast den 5
mars 2021.

Transporter
Trafikverket anser att kapitlet om kompetensförsörjning bör kompletteras.

Beslut i detta ärende har fattats av generaldirektör Anna Svensson efter föredragning av
utredare Per Olsson.

Anna Svensson
Generaldirektör

Per Olsson
Utredare
"""


def test_an_agency_letter_gives_its_own_and_the_quoted_case_number():
    facts = _facts(AGENCY_LETTER)
    assert facts.responder_case_number.value == "TRV 2021/12345"
    assert facts.quoted_case_number.value == "RS 2020-0780"


def test_an_agency_letter_is_dated_by_its_datum_field_not_by_the_deadline():
    assert _facts(AGENCY_LETTER).letter_date.value == "2021-03-02"


def test_the_addressee_in_the_letterhead_is_not_the_responder():
    facts = _facts(AGENCY_LETTER)
    assert facts.responder.value == "Trafikverket"
    assert "Region Stockholm" not in [fact.value for fact in facts.responder_candidates]


def test_an_agency_letter_gives_its_title_signatories_and_decider():
    facts = _facts(AGENCY_LETTER)
    assert facts.quoted_title.value == (
        "Yttrande över Näringslivs- och tillväxtstrategi för Stockholmsregionen"
    )
    assert [(s.name, s.title) for s in facts.signatories] == [
        ("Anna Svensson", "Generaldirektör"),
        ("Per Olsson", "Utredare"),
    ]
    assert facts.deciding_body.value == "generaldirektör Anna Svensson"
    _assert_evidence(facts, [Page(1, AGENCY_LETTER)])


MINUTES = """\
PROTOKOLLSUTDRAG
Kommunstyrelsen
Sammanträdesdatum 2021-02-22

§ 45 Dnr KS 2021/17
Yttrande över remiss av Näringslivs- och tillväxtstrategi för Stockholmsregionen

Beslut
Kommunstyrelsen överlämnar kommunledningskontorets tjänsteskrivelse daterad den 1 februari 2021
som Nacka kommuns yttrande över remissen.

Ärendet
Region Stockholm har skickat förslaget på remiss till kommunen med svar senast den 5 mars
2021. Nacka kommun stödjer förslaget i stort.

Expedieras till
Region Stockholm
Kommunledningskontoret

Justerare
"""


def test_minutes_give_the_deciding_body_and_the_decision_formula():
    facts = _facts(MINUTES)
    assert facts.deciding_body.value == "Kommunstyrelsen"
    assert facts.decision_formula.value == (
        "Kommunstyrelsen överlämnar kommunledningskontorets tjänsteskrivelse daterad den "
        "1 februari 2021 som Nacka kommuns yttrande över remissen."
    )


def test_minutes_give_the_municipality_date_and_dnr():
    facts = _facts(MINUTES)
    assert facts.responder.value == "Nacka kommun"
    assert facts.letter_date.value == "2021-02-22"
    assert facts.responder_case_number.value == "KS 2021/17"


def test_minutes_list_the_recipients_under_expedieras_till():
    facts = _facts(MINUTES)
    assert [fact.value for fact in facts.send_to] == ["Region Stockholm", "Kommunledningskontoret"]
    _assert_evidence(facts, [Page(1, MINUTES)])


def test_a_decision_sent_on_in_the_same_sentence_is_read_too():
    facts = _facts(
        "Förslag till beslut\n"
        "1. Kommunstyrelsen beslutar att tillstyrka förslaget och i övrigt anta yttrandet.\n"
        "2. Yttrandet skickas till Stockholms läns landsting.\n"
    )
    assert facts.deciding_body.value == "Kommunstyrelsen"
    assert "i övrigt anta yttrandet" in facts.decision_formula.value
    assert [fact.value for fact in facts.send_to] == ["Stockholms läns landsting"]


ASSOCIATION_LETTER = """\
Svenska Cykelsällskapet
2021-03-01

Synpunkter på Näringslivs- och tillväxtstrategi för Stockholmsregionen
Er referens: RS 2020-0780

Svenska Cykelsällskapet välkomnar strategin men saknar cykeln som näringsgren. Vi föreslår att
insats 2.3 kompletteras med cykelturism och att regionen tar fram en plan för detta.

Med vänlig hälsning

Karin Ek, ordförande
"""


def test_a_letter_signed_name_comma_title_gives_the_signatory():
    facts = _facts(ASSOCIATION_LETTER)
    assert [(s.name, s.title) for s in facts.signatories] == [("Karin Ek", "ordförande")]


def test_an_association_letter_gives_responder_title_and_quoted_number():
    facts = _facts(ASSOCIATION_LETTER)
    assert facts.responder.value == "Svenska Cykelsällskapet"
    assert facts.letter_date.value == "2021-03-01"
    assert facts.quoted_title.value == (
        "Synpunkter på Näringslivs- och tillväxtstrategi för Stockholmsregionen"
    )
    assert facts.quoted_case_number.value == "RS 2020-0780"
    assert facts.responder_case_number is None


def test_kommunstyrelsen_i_a_place_is_that_municipality():
    facts = _facts(
        "Kommunstyrelsen i Värmdö\n"
        "Stockholm den 3 mars 2021\n\n"
        "Till Region Stockholm\n"
        "Ert dnr: RS 2020–0780\n\n"
        "Svar på remiss: Näringslivs- och tillväxtstrategi för Stockholmsregionen\n\n"
        "Kommunen har tagit del av förslaget och har inget att erinra.\n\n"
        "För kommunstyrelsen\n\n"
        "Maria Lind                         Johan Berg\n"
        "Kommunstyrelsens ordförande        Kommundirektör\n"
    )
    assert facts.responder.value == "Värmdö kommun"
    assert facts.letter_date.value == "2021-03-03"
    assert facts.quoted_case_number.value == "RS 2020-0780"
    assert [(s.name, s.title) for s in facts.signatories] == [
        ("Maria Lind", "Kommunstyrelsens ordförande"),
        ("Johan Berg", "Kommundirektör"),
    ]


def test_a_deadline_alone_does_not_become_the_letter_date():
    facts = _facts(
        "Remissen inkom den 14 december 2015 med önskemål om svar senast den 18 december 2015. "
        "Regelrådet avstår från att yttra sig."
    )
    assert facts.letter_date is None
    assert facts.responder.value == "Regelrådet"


def test_a_generic_self_reference_is_not_a_responder():
    facts = _facts(
        "Myndigheten anser att förslaget bör kompletteras. Vi stödjer i övrigt förslaget."
    )
    assert facts.responder is None


def test_empty_text_gives_empty_facts():
    facts = letter_facts([])
    assert facts.responder is None
    assert facts.signatories == ()
    assert letter_facts([Page(1, "   \n\n")]).quoted_title is None


def test_facts_on_a_later_page_carry_that_page_number():
    pages = [
        Page(1, "Yttrande över förslag till regional plan\n\nNacka kommun stödjer förslaget."),
        Page(2, "Bilagor\nBilaga 1. Protokollsutdrag\n"),
    ]
    facts = letter_facts(pages)
    [attachment] = facts.attachments
    assert attachment.value == "Bilaga 1. Protokollsutdrag"
    assert attachment.span.page == 2
    _assert_evidence(facts, pages)


REGION_LETTER = """\
REGION UPPSALA
Regionstyrelsen

YTTRANDE
2021-02-28      RS 2021-00123

Region Stockholm
registrator.lsf@sll.se

Yttrande över förslag till Näringslivs- och tillväxtstrategi för Stockholmsregionen (RS 2020-0780)

Region Uppsala har getts möjlighet att lämna synpunkter på förslaget. Region Uppsala delar i stort
strategins analys men vill betona vikten av samverkan i Östra Mellansverige.

Regionstyrelsen beslutar att anta yttrandet som sitt eget.

Helena Andersson
Regionstyrelsens ordförande

Karin Ek
Regiondirektör
"""


def test_a_case_number_in_the_subject_line_is_the_quoted_one():
    facts = _facts(REGION_LETTER)
    assert facts.quoted_case_number.value == "RS 2020-0780"
    assert facts.responder_case_number.value == "RS 2021-00123"


def test_an_addressee_with_an_email_line_is_not_a_candidate_responder():
    facts = _facts(REGION_LETTER)
    assert [fact.value for fact in facts.responder_candidates] == ["Region Uppsala"]
    assert facts.deciding_body.value == "Regionstyrelsen"
    assert (
        facts.decision_formula.value == "Regionstyrelsen beslutar att anta yttrandet som sitt eget."
    )


def test_the_fullest_spelling_of_a_signatory_is_kept():
    facts = _facts(
        "Stockholms universitet\nDatum 2021-03-04\n\n"
        "Remissvar: Näringslivs- och tillväxtstrategi för Stockholmsregionen\n\n"
        "Stockholms universitet har beretts möjlighet att yttra sig.\n\n"
        "Beslut i detta ärende har fattats av rektor Astrid Söderbergh Widding efter\n"
        "föredragning av ekonom Lars Nilsson.\n\n"
        "Astrid Söderbergh Widding\nRektor\n"
    )
    assert facts.responder.value == "Stockholms universitet"
    assert [(s.name, s.title) for s in facts.signatories] == [
        ("Astrid Söderbergh Widding", "Rektor"),
        ("Lars Nilsson", "Ekonom"),
    ]
    assert facts.deciding_body.value == "rektor Astrid Söderbergh Widding"


def test_an_email_answer_gives_its_subject_without_the_label():
    facts = _facts(
        "Från: Eva Ström\nSkickat: den 2 mars 2021 14:12\nTill: registrator.lsf@sll.se\n"
        "Ämne: Synpunkter på näringslivsstrategin RS 2020-0780\n\n"
        "Hej! Jag är företagare i Södertälje och vill lämna några synpunkter.\n\n"
        "Vänliga hälsningar\nEva Ström\n"
    )
    assert facts.quoted_title.value == "Synpunkter på näringslivsstrategin RS 2020-0780"
    assert facts.quoted_title.span.text == facts.quoted_title.value
    assert facts.quoted_case_number.value == "RS 2020-0780"
    assert facts.letter_date.value == "2021-03-02"
    assert facts.responder is None
    assert [s.name for s in facts.signatories] == ["Eva Ström"]


def test_a_name_and_title_on_one_line_give_a_signatory():
    facts = _facts(
        "Nacka kommun stödjer förslaget.\n\n"
        "Camilla Broo Kommundirektör\nPatrik Forshage Biträdande kommundirektör\n"
    )
    assert [(s.name, s.title) for s in facts.signatories] == [
        ("Camilla Broo", "Kommundirektör"),
        ("Patrik Forshage", "Biträdande kommundirektör"),
    ]


def test_attachments_run_together_on_one_line_are_split_and_rejoined():
    text = (
        "Bilagor\n"
        "Bilaga 1. Näringslivs- och tillväxtstrategi för Stockholmsregionen Bilaga 2.\n"
        "Huddinge kommuns yttrande\n"
    )
    facts = _facts(text)
    assert [fact.value for fact in facts.attachments] == [
        "Bilaga 1. Näringslivs- och tillväxtstrategi för Stockholmsregionen",
        "Bilaga 2. Huddinge kommuns yttrande",
    ]
    _assert_evidence(facts, [Page(1, text)])
