import json

from remiss.textkit import lexicons
from remiss.textkit.evaluate import evaluate_corpus, evaluate_stance, format_report


def _corpus(tmp_path, letters):
    labels = []
    for number, (stance, text) in enumerate(letters, start=1):
        name = f"d{number:02d}.txt"
        (tmp_path / name).write_text(text, encoding="utf-8")
        labels.append(
            {
                "file": name,
                "stance": stance,
                "responder": "Nacka kommun",
                "date": None,
                "responder_dnr": None,
                "remitting_dnr": None,
                "signatories": [],
            }
        )
    (tmp_path / "labels.jsonl").write_text(
        "\n".join(json.dumps(label, ensure_ascii=False) for label in labels), encoding="utf-8"
    )
    return tmp_path


LETTERS = [
    ("tillstyrker", "Nacka kommun tillstyrker förslaget."),
    ("avstyrker", "Nacka kommun avstyrker förslaget."),
    ("tillstyrker", "Nacka kommun avstyrker förslaget om avgifter."),  # a miss on purpose
    ("inga_synpunkter", "Nacka kommun har inga synpunkter på förslaget."),
]


def test_it_scores_stance_with_a_confusion_matrix_and_the_misses(tmp_path):
    result = evaluate_stance(_corpus(tmp_path, LETTERS))
    assert result["files"] == 4
    assert result["accuracy"] == 0.75
    matrix = result["confusion"]["matrix"]
    assert matrix["tillstyrker"] == {"tillstyrker": 1, "avstyrker": 1, "inga_synpunkter": 0}
    assert result["per_class"]["avstyrker"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.667,
        "support": 1,
        "predicted": 2,
    }
    # macro-F1 over the classes in the labels: (0.667 + 0.667 + 1.0) / 3
    assert result["macro_f1"] == 0.778
    (miss,) = result["misses"]
    assert (miss["file"], miss["expected"], miss["predicted"]) == (
        "d03.txt",
        "tillstyrker",
        "avstyrker",
    )
    assert miss["evidence"] == ["Nacka kommun avstyrker förslaget om avgifter."]


def test_it_combines_stance_and_letter_facts_into_one_report(tmp_path):
    result = evaluate_corpus(_corpus(tmp_path, LETTERS))
    assert result["summary"]["stance_accuracy"] == 0.75
    assert result["summary"]["responder_found_rate"] is not None
    assert {"date_exact_rate", "responder_dnr_exact_rate", "remitting_dnr_exact_rate"} <= (
        result["summary"].keys()
    )
    report = format_report(result)
    assert "accuracy 0.750" in report
    assert "Confusion (rows: label, columns: prediction)" in report
    assert "d03.txt: expected tillstyrker, got avstyrker" in report
    assert "responder_dnr" in report


def test_a_stance_result_alone_can_be_reported(tmp_path):
    report = format_report(evaluate_stance(_corpus(tmp_path, LETTERS[:2])))
    assert "accuracy 1.000, macro-F1 1.000" in report
    assert "Misses" not in report


def test_the_analysis_lexicons_have_versions():
    for name in ("structure", "stance", "points", "endorsements"):
        assert lexicons.version(name)
