"""The faster paths of the analysis give what the plain ones give."""

import re

from remiss.textkit import endorsements, structure
from remiss.textkit.documents import Page
from remiss.textkit.points import points_from_sentences
from remiss.textkit.stance import stance_from_sentences
from remiss.textkit.structure import ANSWER_KINDS, POINT_KINDS_OF_PART, sentences, split_parts
from remiss.textkit.tests.synthetic_letters import LETTERS

LONG_LINE = (
    "Kommunen har tagit del av remissen. Bakgrund Region Stockholm har tagit fram en strategi "
    "som ska gälla till 2030 och som omfattar fyra inriktningsområden. Sammanfattning Kommunen "
    "tillstyrker förslaget men saknar en analys av kompetensförsörjningen. Synpunkter Kommunen "
    "föreslår att strategin kompletteras med insatser för små företag, t.ex. rådgivning. "
    "Beskrivning av ärendet Förslaget har beretts av förvaltningen."
)


def test_normalise_collapses_white_space_and_joins_hyphenated_words():
    text = "  Kompetens-\n försörj-\nningen\u00a0 och\t\n utveck-\noch  "
    expected = re.sub(r"\s+", " ", structure._HYPHEN_BREAK.sub("", text)).strip()
    assert structure.normalise(text) == expected == "Kompetensförsörjningen och utveck- och"


def test_inline_headings_start_with_the_first_letter_of_a_phrase():
    inline, _ = structure._inline_pattern()
    plain = re.compile(re.sub(r"^\(\?=\[[^]]*\]\)", "", inline.pattern))
    assert plain.pattern != inline.pattern
    spans = [found.span() for found in inline.finditer(LONG_LINE)]
    assert spans == [found.span() for found in plain.finditer(LONG_LINE)]
    assert len(spans) == 4


def test_sentences_of_some_kinds_are_those_of_all_kinds():
    kinds = ANSWER_KINDS | POINT_KINDS_OF_PART
    for _, text in LETTERS.values():
        pages = [Page(1, text)]
        parts = split_parts(pages)
        every = sentences(pages, parts)
        some = sentences(pages, parts, kinds=kinds)
        assert [s for s in every if s.kind in kinds] == [s for s in some if s.kind in kinds]
        assert points_from_sentences(every) == points_from_sentences(some)
        assert stance_from_sentences(every, ()) == stance_from_sentences(some, ())


def test_endorsements_are_matched_where_a_verb_stands():
    text = (
        "Kommunen ställer sig bakom Storsthlms yttrande. Vi instämmer i det yttrande som KSL "
        "har lämnat. Nämnden delar Länsstyrelsens synpunkter och hänvisar till SKR:s remissvar."
    )
    verb = endorsements._verb().search(text)
    assert verb is not None
    for pattern in endorsements._patterns():
        expected = [found.span() for found in pattern.finditer(text)]
        assert expected
        assert [found.span() for found in endorsements._finditer(pattern, text, verb.start())] == (
            expected
        )
    names = [found.organisation for found in endorsements.find_endorsements([Page(1, text)])]
    assert names == ["Storsthlm", "KSL", "Länsstyrelsen", "SKR"]
