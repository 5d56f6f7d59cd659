from remiss.textkit import lexicons
from remiss.textkit.documents import Page
from remiss.textkit.endorsements import find_endorsements


def _organisations(text: str) -> list[str]:
    return [endorsement.organisation for endorsement in find_endorsements([Page(1, text)])]


def test_it_finds_the_body_whose_answer_is_endorsed():
    assert _organisations("Nacka kommun ställer sig bakom Storsthlms yttrande.") == ["Storsthlm"]
    assert _organisations(
        "Regionen ansluter sig till Sveriges Kommuner och Regioners synpunkter."
    ) == ["Sveriges Kommuner och Regioner"]
    assert _organisations("Vi instämmer i SKR:s remissvar.") == ["SKR"]
    assert _organisations("Kommunen hänvisar till Storsthlms yttrande i ärendet.") == ["Storsthlm"]
    assert _organisations("Kommunen hänvisar till det yttrande som Storsthlm har lämnat.") == [
        "Storsthlm"
    ]


def test_supporting_the_proposal_is_not_an_endorsement():
    assert _organisations("Kommunen ställer sig bakom förslaget.") == []
    assert _organisations("Kommunen ställer sig bakom Region Stockholms förslag.") == []


def test_the_body_own_office_is_not_another_body():
    assert _organisations("Kommunstyrelsen ställer sig bakom förvaltningens yttrande.") == []


def test_the_evidence_is_the_sentence_in_the_page():
    text = "Yttrande\n\nBakgrund finns. Lidingö stad ställer sig\nbakom Storsthlms yttrande. Mer."
    (endorsement,) = find_endorsements([Page(3, text)])
    assert endorsement.evidence.page == 3
    raw = text[endorsement.evidence.start : endorsement.evidence.end]
    assert raw == "Lidingö stad ställer sig\nbakom Storsthlms yttrande."
    assert endorsement.evidence.text == "Lidingö stad ställer sig bakom Storsthlms yttrande."


def test_each_body_is_named_once_in_order_of_first_mention():
    text = (
        "Kommunen instämmer i SKR:s yttrande. Kommunen ställer sig även bakom Storsthlms "
        "yttrande. Kommunen delar SKR:s synpunkter."
    )
    assert _organisations(text) == ["SKR", "Storsthlm"]


def test_the_endorsement_lexicon_is_versioned_data():
    assert lexicons.version("endorsements")
