"""Summary sentences in the style of a government bill, from counts alone (no database)."""

from remiss.compilation.summary import (
    BodyStance,
    join_names,
    number_word,
    section_sentences,
    summary_sentences,
)


def stances(**by_stance: list[str]) -> list[BodyStance]:
    return [BodyStance(name, stance) for stance, names in by_stance.items() for name in names]


def test_names_are_joined_as_swedish_prose_writes_them():
    assert join_names([]) == ""
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A och B"
    assert join_names(["A", "B", "C"]) == "A, B och C"


def test_small_numbers_are_words_and_large_ones_digits():
    assert number_word(1) == "en"
    assert number_word(7, capital=True) == "Sju"
    assert number_word(12) == "tolv"
    assert number_word(13) == "13"


def test_most_support_and_the_few_who_oppose_are_named():
    sentences = summary_sentences(
        stances(
            tillstyrker=["A", "B", "C", "D", "E"],
            tillstyrker_med_synpunkter=["F"],
            avstyrker=["G", "H"],
        ),
        invited=10,
    )
    assert sentences[0] == "Tio remissinstanser har fått förslaget på remiss och åtta har svarat."
    assert "De flesta remissinstanserna tillstyrker förslaget." in sentences
    assert "G och H avstyrker förslaget." in sentences
    assert "F har synpunkter på förslaget." in sentences


def test_many_bodies_with_one_position_are_counted_with_three_examples():
    sentences = summary_sentences(stances(avstår=["A", "B", "C", "D", "E"]))
    assert sentences == ("Fem remissinstanser, bland andra A, B och C, avstår från att yttra sig.",)


def test_unanimous_support_says_so():
    sentences = summary_sentences(stances(tillstyrker=["A", "B"]))
    assert sentences == ("Samtliga remissinstanser som har svarat tillstyrker förslaget.",)


def test_a_minority_in_support_is_not_called_most():
    sentences = summary_sentences(
        stances(tillstyrker=["A"], avstyrker=["B", "C"], inga_synpunkter=["D"])
    )
    assert "A tillstyrker förslaget." in sentences
    assert not any("De flesta" in sentence for sentence in sentences)
    assert "D har inga synpunkter på förslaget." in sentences


def test_no_positions_yet():
    expected = ("Ingen remissinstans har ännu tagit ställning till förslaget.",)
    assert summary_sentences([]) == expected


def test_section_sentences_name_the_bodies_once_each():
    entries = stances(tillstyrker=["A", "A", "B"], avstyrker=["C"])
    assert section_sentences(entries) == (
        "A, B och C har synpunkter på avsnittet.",
        "C avstyrker förslaget som helhet.",
    )
    assert section_sentences([]) == ("Ingen remissinstans har synpunkter på avsnittet.",)
    many = stances(tillstyrker=["A", "B", "C", "D"])
    assert section_sentences(many) == (
        "Fyra remissinstanser har synpunkter på avsnittet, bland andra A, B och C.",
    )
