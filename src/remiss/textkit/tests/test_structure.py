from remiss.textkit.analysis_types import PART_KINDS
from remiss.textkit.documents import Page
from remiss.textkit.structure import heading_kind, sentences, split_parts, structure_key
from remiss.textkit.tests.builders import huddinge_text


def _kinds(pages):
    return [part.kind for part in split_parts(pages)]


def _text_of(pages, kind):
    texts = {page.number: page.text for page in pages}
    return " ".join(
        texts[part.evidence.page][part.evidence.start : part.evidence.end]
        for part in split_parts(pages)
        if part.kind == kind
    )


def test_the_huddinge_paper_splits_into_the_parts_of_a_municipal_template():
    pages = [Page(1, huddinge_text())]
    assert _kinds(pages) == [
        "letterhead",
        "decision",
        "summary",
        "description",
        "views",
        "consequences",
        "signatures",
        "attachments",
    ]
    assert "Södertörns" in _text_of(pages, "views")
    assert "Camilla Broo" in _text_of(pages, "signatures")
    assert "Camilla Broo" not in _text_of(pages, "consequences")
    assert "Strategin är uppbyggd i fyra kapitel" in _text_of(pages, "description")


def test_the_numbered_list_after_a_colon_does_not_end_the_description():
    pages = [Page(1, huddinge_text())]
    description = _text_of(pages, "description")
    assert "Förslag till remissversion" in description  # after the two numbered lists
    assert "Strategin kommer att följas upp" in description


def test_every_part_has_a_known_kind_and_offsets_into_its_page():
    pages = [Page(1, huddinge_text())]
    for part in split_parts(pages):
        assert part.kind in PART_KINDS
        assert 0 <= part.evidence.start < part.evidence.end <= len(pages[0].text)
        assert len(part.evidence.text) <= 100


def test_a_letter_without_headings_is_views_after_its_letterhead():
    text = (
        "Yttrande över förslag till regional plan\n\n"
        "Kommunen tillstyrker förslaget. Kommunen vill dock lyfta behovet av fler cykelvägar.\n"
    )
    parts = split_parts([Page(1, text)])
    assert [part.kind for part in parts] == ["letterhead", "views"]
    assert text[parts[1].evidence.start :].startswith("Kommunen tillstyrker")


def test_a_one_line_answer_is_views():
    assert _kinds([Page(1, "Vi har inga synpunkter på förslaget.")]) == ["views"]


def test_headings_inside_text_whose_line_breaks_were_lost_open_parts():
    text = (
        "1 Tjänsteutlåtande Dnr KS 2020/12 Kommunstyrelsen Yttrande över remiss om ny plan "
        "Förslag till beslut 1. Kommunstyrelsen beslutar att tillstyrka förslaget. "
        "Sammanfattning av ärendet Kommunen har fått remissen och den innehåller flera förslag "
        "om kollektivtrafik. Bakgrund Regionen har tagit fram planen under flera år och den "
        "har varit föremål för samråd med kommunerna i länet. Förvaltningens synpunkter "
        "Förvaltningen saknar en plan för finansieringen av de nya linjerna."
    )
    pages = [Page(1, text)]
    assert _kinds(pages) == ["letterhead", "decision", "summary", "description", "views"]
    found = sentences(pages, split_parts(pages))
    decision = [s.text for s in found if s.kind == "decision"]
    assert decision == ["1. Kommunstyrelsen beslutar att tillstyrka förslaget."]


def test_letter_spaced_headings_are_recognised():
    assert structure_key("S A M M A N F A T T N I N G") == "sammanfattning"
    assert heading_kind("B A K G R U N D") == "description"


def test_heading_vocabulary_maps_to_kinds():
    assert heading_kind("Förslag till beslut") == "decision"
    assert heading_kind("Kommunstyrelsens förslag till kommunfullmäktige") == "decision"
    assert heading_kind("Beskrivning av ärendet") == "description"
    assert heading_kind("Region Värmlands synpunkter på förslaget (del 1)") == "views"
    assert heading_kind("Övergripande synpunkter") == "views"
    assert heading_kind("Ekonomiska och juridiska konsekvenser") == "consequences"
    assert heading_kind("Beslutet ska skickas till") == "attachments"
    assert heading_kind("Kommunen tillstyrker förslaget.") is None


def test_the_document_type_in_a_letterhead_is_not_a_views_heading():
    text = "YTTRANDE\n2024-01-10\nDnr 2024/1\n\nSkatteverket har inga synpunkter på förslaget.\n"
    assert _kinds([Page(1, text)]) == ["letterhead", "views"]


def test_a_closing_formula_starts_the_signatures():
    text = (
        "Remissvar\n\nMyndigheten tillstyrker förslaget.\n\n"
        "Beslut i detta ärende har fattats av generaldirektören Eva Berg efter föredragning "
        "av juristen Karl Ek.\n"
    )
    assert _kinds([Page(1, text)]) == ["letterhead", "views", "signatures"]


def test_a_part_over_a_page_break_becomes_one_part_per_page():
    pages = [
        Page(1, "Yttrande\n\nFörvaltningens synpunkter\nFörvaltningen är positiv till planen."),
        Page(2, "Förvaltningen saknar dock en tidplan.\n\nBilagor\nBilaga 1. Planen"),
    ]
    parts = split_parts(pages)
    assert [(part.kind, part.evidence.page) for part in parts] == [
        ("letterhead", 1),
        ("views", 1),
        ("views", 2),
        ("attachments", 2),
    ]


def test_sentences_leave_headings_out_and_keep_offsets_into_the_page():
    pages = [Page(1, huddinge_text())]
    found = sentences(pages, split_parts(pages))
    assert not any(s.text == "Förvaltningens synpunkter" for s in found)
    addition = next(s for s in found if s.text.startswith("Som tillägg"))
    raw = pages[0].text[addition.start : addition.end]
    assert raw.startswith("Som tillägg") and raw.endswith("Stockholmsregionen.")
    assert "Södertörns Högskola" in addition.text  # the line break inside is a space


def test_a_word_hyphenated_at_a_line_end_is_joined_but_a_suspended_hyphen_is_kept():
    text = "Kommunen anser att utveck-\nlingen av närings- och\nbostadsfrågor bör prioriteras."
    found = sentences([Page(1, text)], split_parts([Page(1, text)]))
    assert found[0].text == (
        "Kommunen anser att utvecklingen av närings- och bostadsfrågor bör prioriteras."
    )


def test_list_items_are_sentences_of_their_own():
    text = (
        "Sammanfattning\n"
        "Regionen vill särskilt lyfta följande:\n"
        "• Bättre kollektivtrafik mellan kommunerna\n"
        "• Fler platser i yrkesutbildningen\n"
    )
    found = sentences([Page(1, text)], split_parts([Page(1, text)]))
    assert [s.item for s in found] == [False, True, True]
