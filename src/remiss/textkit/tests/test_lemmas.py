import random
import re

from remiss.textkit import lexicons
from remiss.textkit.lemmas import (
    compound_parts,
    is_stopword,
    lemma,
    lemmas,
    lemmas_of_tokens,
    lexicon_version,
    tokens,
)


def test_it_lemmatises_inflected_swedish_words():
    assert lemmas("Kompetensförsörjningen vid högskolan och företagens investeringar") == [
        "kompetensförsörjning",
        "högskola",
        "företag",
        "investering",
    ]


def test_it_leaves_out_stop_words_and_auxiliaries():
    # "ska" would become "skola" (school) if it were lemmatised before the stop-word check
    assert lemmas("Vi ska och kan inte göra det här") == []
    assert "skola" in lemmas("Skolan ska stärkas")
    assert is_stopword("Och") and not is_stopword("skola")


def test_one_letter_words_and_digits_are_not_content_words():
    assert lemmas("RS 2020-0780 i 4 § 12 a") == ["rs"]


def test_tokens_are_the_runs_of_letters_in_lower_case():
    assert tokens("Näringslivs- och tillväxtstrategi (RS 2020–0780), e-post: a_b!") == [
        "näringslivs",
        "och",
        "tillväxtstrategi",
        "rs",
        "e",
        "post",
        "a",
        "b",
    ]


def test_tokens_agree_with_a_plain_regular_expression_on_messy_text():
    pieces = ["ord", "Åäö", "x²", "2021", "–", "—", "”citat”", "e-post", "bl.a.", "_", "§", "a/b"]
    generator = random.Random(7)
    for _ in range(200):
        text = " ".join(generator.choice(pieces) for _ in range(12))
        assert tokens(text) == re.findall(r"[^\W\d_]+", text.lower()), text


def test_lemmas_of_tokens_can_keep_a_gap_for_each_stop_word():
    words = tokens("Stärk och utveckla strategisk kompetensförsörjning")
    assert lemmas_of_tokens(words, keep_gaps=True) == [
        "stärka",
        "",
        "utveckla",
        "strategisk",
        "kompetensförsörjning",
    ]
    assert lemmas_of_tokens(words) == ["stärka", "utveckla", "strategisk", "kompetensförsörjning"]


def test_a_single_word_is_lemmatised_case_insensitively():
    assert lemma("Universitetet") == "universitet"
    assert lemma("och") == ""


def test_it_splits_compounds_into_known_parts_at_the_linking_s():
    assert compound_parts("kompetensförsörjning") == ("kompetens", "försörjning")
    assert compound_parts("exportföretag") == ("export", "företag")
    assert compound_parts("forskningsinfrastruktur") == ("forskning", "infrastruktur")


def test_short_and_unknown_words_are_not_split():
    assert compound_parts("högskola") == ()  # "hög" is too short a first part to trust
    assert compound_parts("universitet") == ()
    assert compound_parts("export") == ()
    assert compound_parts("xyzxyzxyzxyz") == ()


def test_the_stop_word_list_is_versioned_data():
    assert lexicon_version() == lexicons.version("stopwords_sv")
    assert "och" in lexicons.word_set("stopwords_sv")
