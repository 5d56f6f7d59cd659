import time

from remiss.textkit.analyse import analyse_answer, lexicon_versions
from remiss.textkit.analysis_types import AnswerAnalysis
from remiss.textkit.documents import Page
from remiss.textkit.tests.builders import huddinge_text
from remiss.textkit.tests.synthetic_letters import LETTERS
from remiss.textkit.tests.test_points import DEMO_SECTIONS


def test_it_ties_parts_stance_points_and_endorsements_together():
    analysis = analyse_answer([Page(1, huddinge_text())], DEMO_SECTIONS)
    assert isinstance(analysis, AnswerAnalysis)
    assert analysis.parts[0].kind == "letterhead"
    assert analysis.stance.label == "tillstyrker_med_synpunkter"
    addition = next(p for p in analysis.points if "Södertörns Högskola" in p.text)
    assert addition.sections[0].number == "2.4"
    assert analysis.endorsements == ()


def test_the_same_input_gives_the_same_analysis():
    pages = [Page(1, huddinge_text())]
    assert analyse_answer(pages, DEMO_SECTIONS) == analyse_answer(pages, DEMO_SECTIONS)


def test_an_endorsement_with_own_points_is_support_with_views():
    text = (
        "Yttrande\n\nTyresö kommun ställer sig bakom Storsthlms yttrande över strategin.\n\n"
        "Kommunen vill därutöver betona vikten av fler platser i vuxenutbildningen.\n"
    )
    analysis = analyse_answer([Page(1, text)])
    assert [e.organisation for e in analysis.endorsements] == ["Storsthlm"]
    assert analysis.stance.label == "tillstyrker_med_synpunkter"
    assert [point.kind for point in analysis.points] == ["emphasis"]


def test_an_answer_with_no_text_is_unclear_and_empty():
    analysis = analyse_answer([])
    assert analysis.stance.label == "oklart"
    assert analysis.parts == analysis.points == analysis.endorsements == ()


def test_lexicon_versions_are_reported_for_the_run_record():
    versions = lexicon_versions()
    assert {"analysis", "structure", "stance", "points", "endorsements"} <= versions.keys()


def test_a_two_thousand_word_answer_is_analysed_well_under_fifty_milliseconds():
    text = huddinge_text() * 2 + "\n\n".join(text for _, text in LETTERS.values())
    body = " ".join(text.split(" ")[:2300])  # about 2,000 words on two pages
    pages = [Page(1, body[: len(body) // 2]), Page(2, body[len(body) // 2 :])]
    assert 1900 <= len(body.split()) <= 2400
    analyse_answer(pages, DEMO_SECTIONS)  # lexicons and lemma caches loaded once
    timings = []
    for _ in range(5):
        started = time.process_time()  # CPU time: other work on the machine does not count
        analyse_answer(pages, DEMO_SECTIONS)
        timings.append(time.process_time() - started)
    assert min(timings) < 0.05, timings
