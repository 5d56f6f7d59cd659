import pytest

from remiss.textkit import lexicons
from remiss.textkit.analysis_types import STANCES
from remiss.textkit.documents import Page
from remiss.textkit.stance import classify_stance, sentence_signals
from remiss.textkit.structure import Sentence, split_parts
from remiss.textkit.tests.builders import huddinge_text
from remiss.textkit.tests.synthetic_letters import LETTERS


def _stance(text: str):
    pages = [Page(1, text)]
    return classify_stance(pages, split_parts(pages))


def _signals(text: str) -> list[tuple[str, str]]:
    sentence = Sentence(1, 0, len(text), text, "views", 1)
    return [(signal.cls, signal.strength) for signal in sentence_signals(sentence)]


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_each_synthetic_letter_gets_its_stance(name):
    expected, text = LETTERS[name]
    stance = _stance(text)
    assert stance.label == expected, [evidence.text for evidence in stance.evidence]
    assert stance.label in STANCES
    assert 0 < stance.confidence <= 1


def test_the_synthetic_letters_cover_every_stance():
    assert {expected for expected, _ in LETTERS.values()} == set(STANCES)


def test_huddinge_says_no_views_then_adds_one_so_it_supports_with_views():
    stance = _stance(huddinge_text())
    assert stance.label == "tillstyrker_med_synpunkter"
    texts = [evidence.text for evidence in stance.evidence]
    assert any("stödjer" in text for text in texts)
    assert any("Södertörns Högskola" in text for text in texts)


def test_the_evidence_points_at_the_deciding_sentence_in_the_page():
    text = "Yttrande\n\nKommunen har tagit del av förslaget.\nKommunen avstyrker förslaget.\n"
    stance = _stance(text)
    assert stance.label == "avstyrker"
    evidence = stance.evidence[0]
    assert text[evidence.start : evidence.end] == "Kommunen avstyrker förslaget."
    assert evidence.page == 1


def test_negation_comes_first():
    assert ("oppose", "formal") in _signals("Kommunen kan inte tillstyrka förslaget.")
    assert ("oppose", "formal") in _signals("Myndigheten tillstyrker inte förslaget.")
    assert ("oppose", "formal") in _signals("Regionen kan inte ställa sig bakom förslaget.")
    assert ("oppose", "formal") in _signals("Vi ställer oss inte bakom förslaget.")
    assert ("no_objection", "formal") in _signals("Kommunen avstyrker inte förslaget.")
    assert ("support", "formal") in _signals("Kommunen stödjer inte bara förslaget utan mer.")


def test_a_formula_of_no_objection_is_not_an_objection():
    assert _signals("Vi har inga invändningar mot förslaget.") == [("no_objection", "formal")]
    signals = _signals("Förbundet har inte heller några invändningar mot bedömningen.")
    assert signals == [("no_objection", "formal")]


def test_support_is_formal_when_it_names_the_proposal_and_soft_for_a_detail():
    assert _signals("Vi välkomnar förslaget.") == [("support", "formal")]
    assert _signals("Vi välkomnar att cykeln nämns.") == [("support", "soft")]
    assert _signals("Det är bra att cykeln nämns.") == [("support", "soft")]
    assert _signals("Det är inte bra att cykeln glöms.") == [("objection", "soft")]


def test_words_of_the_description_do_not_decide_the_stance():
    text = (
        "Tjänsteskrivelse\n\n"
        "Beskrivning av ärendet\n"
        "Regionen avstyrker i sitt förslag flera nya vägar. Flera kommuner är kritiska.\n\n"
        "Förvaltningens synpunkter\n"
        "Förvaltningen tillstyrker förslaget.\n"
    )
    assert _stance(text).label == "tillstyrker"


def test_no_views_about_one_part_inside_a_supportive_answer_is_not_inga_synpunkter():
    text = (
        "Yttrande\n\nKommunen tillstyrker förslaget. Kommunen har inga synpunkter på avsnitt 5. "
        "Kommunen saknar en tidplan för genomförandet.\n"
    )
    assert _stance(text).label == "tillstyrker_med_synpunkter"


def test_a_rejection_without_the_word_avstyrker_is_still_a_rejection():
    assert _stance("Yttrande\n\nFöreskrifterna kan inte meddelas i denna form.\n").label == (
        "avstyrker"
    )
    assert _stance("Yttrande\n\nBeslutet bör avvakta den nya utredningen.\n").label == ("avstyrker")


def test_a_cover_note_whose_answer_is_an_attachment_is_unclear():
    text = (
        "Förslag till beslut\n"
        "Kommunstyrelsen överlämnar bifogade yttrande som svar på remissen.\n\n"
        "Sammanfattning\nRegionen har remitterat en ny plan till kommunerna i länet.\n"
    )
    stance = _stance(text)
    assert stance.label == "oklart"
    assert "bifogade yttrande" in stance.evidence[0].text


def test_an_empty_answer_is_unclear():
    assert _stance("").label == "oklart"
    assert classify_stance([]).label == "oklart"


def test_parts_are_split_when_the_caller_gives_none():
    assert classify_stance([Page(1, "Kommunen tillstyrker förslaget.")]).label == "tillstyrker"


def test_the_stance_lexicon_is_versioned_data():
    assert lexicons.version("stance")
    raw = lexicons.data("stance")
    assert {"negators", "hedges", "conditions", "partial", "signals"} <= raw.keys()


def test_a_closing_formula_decides_nothing():
    assert _stance("Kommunen avstyrker förslaget. Vi har inga ytterligare synpunkter.").label == (
        "avstyrker"
    )
    assert _stance("Kommunen tillstyrker förslaget och har i övrigt inga synpunkter.").label == (
        "tillstyrker"
    )


def test_no_objection_to_one_part_and_rejection_of_another_is_partial():
    text = (
        "Regionen har inga invändningar mot förslagen i kapitel 3 men avstyrker förslaget "
        "om avgifter."
    )
    assert _stance(text).label == "delvis_avstyrker"


def test_a_negating_determiner_before_a_support_verb_does_not_negate_it():
    assert _stance("Kommunen har inga synpunkter och tillstyrker förslaget.").label == (
        "tillstyrker"
    )
