import json

from remiss.textkit import lexicons
from remiss.textkit.evaluate import evaluate_letter_facts, responder_matches


def test_it_scores_each_field_over_the_labelled_files(tmp_path):
    (tmp_path / "d01.txt").write_text(
        "Yttrande över förslag till regional plan\n"
        "Datum: 2021-03-02\nVår beteckning: TRV 2021/123\nEr beteckning: RS 2020-0780\n\n"
        "Trafikverket tillstyrker förslaget.\n\nAnna Svensson\nGeneraldirektör\n",
        encoding="utf-8",
    )
    (tmp_path / "d02.txt").write_text("Vi har inga synpunkter.", encoding="utf-8")
    labels = [
        {
            "file": "d01.txt",
            "responder": "Trafikverket (myndighet)",
            "date": "2021-03-02",
            "responder_dnr": "TRV 2021/123",
            "remitting_dnr": "RS 2020–0780",
            "signatories": ["Anna Svensson (generaldirektör)"],
        },
        {
            "file": "d02.txt",
            "responder": "Nacka kommun",
            "date": None,
            "responder_dnr": None,
            "remitting_dnr": None,
            "signatories": [],
        },
    ]
    (tmp_path / "labels.jsonl").write_text(
        "\n".join(json.dumps(label, ensure_ascii=False) for label in labels), encoding="utf-8"
    )
    result = evaluate_letter_facts(tmp_path)
    assert result["files"] == 2
    assert (result["responder"]["n"], result["responder"]["correct"]) == (2, 1)
    assert result["date"]["accuracy"] == 1.0
    assert result["responder_dnr"]["accuracy"] == 1.0
    assert result["remitting_dnr"]["accuracy"] == 1.0
    assert (result["signatories"]["precision"], result["signatories"]["recall"]) == (1.0, 1.0)


def test_a_responder_matches_its_label_without_the_bracket_or_by_acronym():
    assert responder_matches("Sollentuna kommun", "Sollentuna kommun (Kommunledningskontoret)")
    assert responder_matches("SKR", "Sveriges Kommuner och Regioner (SKR)")
    assert not responder_matches("Tillväxtverket", "Regelrådet (beslutsorgan inom Tillväxtverket)")
    assert not responder_matches(None, "Nacka kommun")


def test_every_lexicon_has_a_version():
    for name in (
        "first_names",
        "titles",
        "headings",
        "consumer_mail_domains",
        "functional_mailboxes",
        "letter",
        "case_number_cues",
    ):
        assert lexicons.version(name)
