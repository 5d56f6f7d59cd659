import random
from pathlib import Path

import numpy as np
import pytest

from remiss.textkit.duplicates import (
    NUM_PERM,
    DuplicateGroup,
    groups_from_signatures,
    jaccard,
    near_duplicate_groups,
    signature,
)
from remiss.textkit.lemmas import tokens

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"


def seed_sentences() -> list[str]:
    text = " ".join(
        (DATA / name).read_text(encoding="utf-8")
        for name in ("huddinge-ks-yttrande.txt", "region-stockholm-pm-RS-2020-0780.txt")
    )
    sentences = [" ".join(part.split()) for part in text.replace("\n", " ").split(". ")]
    return sorted({sentence for sentence in sentences if len(sentence.split()) >= 6})


CAMPAIGN = (
    "Till Region Stockholm. Vi som bor i Flemingsberg vill att Södertörns högskola blir ett "
    "universitet. Ett universitet på den södra länshalvan ger fler utbildningsplatser, fler "
    "arbetstillfällen och en bättre regional balans i Stockholmsregionen. Vi ber regionen att "
    "skriva in detta i strategin under inriktningsområdet kompetensförsörjning och att driva "
    "frågan mot staten. Många unga i kommunen pendlar i dag långt för att studera, och "
    "företagen här har svårt att rekrytera ingenjörer och sjuksköterskor. Med ett universitet "
    "nära bostaden skulle fler välja att studera vidare och stanna kvar i regionen efter "
    "examen. Vi hoppas att regionen tar vara på denna möjlighet. Med vänliga hälsningar"
)


def campaign_letters(count: int, generator: random.Random) -> dict[str, str]:
    """Copies of one letter with a signature and a small edit each."""
    names = ["Anna", "Karim", "Lena", "Jonas", "Sara", "Ali", "Eva", "Per", "Maria", "Olof"]
    words = CAMPAIGN.split()
    letters = {}
    for number in range(count):
        edited = list(words)
        position = generator.randrange(10, len(edited) - 10)
        edited[position] = generator.choice(["mycket", "verkligen", "också", "gärna"])
        letters[f"kampanj-{number:02d}"] = (
            " ".join(edited) + f" {generator.choice(names)} {generator.choice(names)}son"
        )
    return letters


def different_letters(count: int, generator: random.Random) -> dict[str, str]:
    pool = seed_sentences()
    return {
        f"svar-{number:02d}": ". ".join(generator.sample(pool, 8)) + "." for number in range(count)
    }


def test_twenty_campaign_letters_among_fifty_others_form_one_group():
    generator = random.Random(11)
    texts = different_letters(50, generator) | campaign_letters(20, generator)
    [group] = near_duplicate_groups(texts)
    assert group.members == tuple(sorted(f"kampanj-{n:02d}" for n in range(20)))
    assert group.representative in group.members
    assert 0.8 <= group.similarity <= 1.0


def test_the_groups_do_not_depend_on_the_order_of_the_texts():
    generator = random.Random(5)
    texts = different_letters(30, generator) | campaign_letters(12, generator)
    items = list(texts.items())
    random.Random(1).shuffle(items)
    assert near_duplicate_groups(dict(items)) == near_duplicate_groups(texts)


def test_identical_texts_group_with_the_smallest_id_as_representative():
    texts = {"c": "Kommunen tillstyrker förslaget i sin helhet.", "a": "", "b": ""}
    texts |= {"b": texts["c"], "d": "Något helt annat om kollektivtrafiken i länet."}
    assert near_duplicate_groups(texts) == [
        DuplicateGroup(representative="b", members=("b", "c"), similarity=1.0)
    ]


def test_the_representative_is_the_letter_most_like_the_others():
    base = CAMPAIGN.split()
    texts = {"mitten": CAMPAIGN}
    for number, position in enumerate((12, 40, 70, 95)):
        edited = list(base)
        edited[position] = "ANNORLUNDA"
        texts[f"a{number}"] = " ".join(edited)
    [group] = near_duplicate_groups(texts)
    assert group.representative == "mitten"


def test_texts_without_words_and_unique_texts_form_no_group():
    assert near_duplicate_groups({"a": "", "b": "  12 – 14 ", "c": "Ett ord här"}) == []
    assert near_duplicate_groups({}) == []


def test_a_lower_threshold_joins_more_loosely_related_texts():
    first = CAMPAIGN
    words = CAMPAIGN.split()
    second = " ".join(words[: len(words) // 2] + ["helt", "ny", "text"] * 10)
    assert near_duplicate_groups({"a": first, "b": second}, threshold=0.8) == []
    [group] = near_duplicate_groups({"a": first, "b": second}, threshold=0.3)
    assert group.members == ("a", "b")


def test_the_signature_estimates_the_jaccard_similarity_of_word_shingles():
    generator = random.Random(2)
    pool = seed_sentences()
    for _ in range(10):
        shared = generator.sample(pool, 10)
        first = " ".join(shared + generator.sample(pool, 5))
        second = " ".join(shared + generator.sample(pool, 5))
        exact = _shingle_jaccard(first, second)
        estimate = jaccard(signature(first), signature(second))
        assert abs(exact - estimate) < 0.15, (exact, estimate)


def _shingle_jaccard(first: str, second: str) -> float:
    def shingles(text):
        words = tokens(text)
        return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}

    a, b = shingles(first), shingles(second)
    return len(a & b) / len(a | b)


def test_its_words_are_the_tokens_of_textkit():
    from remiss.textkit.duplicates import _words

    text = "Näringslivs- och ”tillväxt”strategi (RS 2020–0780) – § 4 e-post: a_b… «Å»\u00a0x ò ü"
    assert [word.decode() for word in _words(text)] == tokens(text)
    for sentence in seed_sentences():
        assert [word.decode() for word in _words(sentence)] == tokens(sentence)


def test_signatures_are_fixed_across_runs_and_short_texts_get_one():
    value = signature("Kommunen tillstyrker förslaget.")
    assert value.dtype == np.uint64 and value.shape == (NUM_PERM,)
    assert np.array_equal(value, signature("KOMMUNEN tillstyrker  förslaget!"))
    assert signature("Ja") is not None and signature("–") is None


def test_signatures_computed_elsewhere_give_the_same_groups():
    generator = random.Random(4)
    texts = different_letters(10, generator) | campaign_letters(5, generator)
    signatures = {key: signature(text) for key, text in texts.items()}
    assert groups_from_signatures(signatures) == near_duplicate_groups(texts)


def test_the_threshold_must_be_a_share():
    with pytest.raises(ValueError):
        near_duplicate_groups({"a": "x y z", "b": "x y z"}, threshold=0)
