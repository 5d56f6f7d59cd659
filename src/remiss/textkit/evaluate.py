"""Measure ``letter_facts`` against a labelled corpus (``labels.jsonl`` plus ``dNN.txt`` files).

The corpus format is that of ``/work/shared/corpus``: one JSON object a line with ``file``,
``responder``, ``date``, ``responder_dnr``, ``remitting_dnr`` and ``signatories``. Labels may add
a note in brackets ("Sollentuna kommun (Kommunledningskontoret, ...)", "Anders Edström
(handläggare)", "12RV (Ert dnr, partly garbled)"); the bracket is not part of the value.

Scoring, per field, over the files whose label for that field is not null:

* responder: correct when rapidfuzz ``token_set_ratio`` (case-folded, punctuation removed) between
  the prediction and the label's name is at least 85. An acronym in the label's bracket
  ("Sveriges Kommuner och Regioner (SKR)") is accepted as another spelling of the name. A
  missing prediction is wrong.
* date: the ISO string must be equal.
* responder_dnr, remitting_dnr: ``case_number_key`` must be equal.
* signatories: precision and recall over names (rapidfuzz ``ratio`` >= 85 after case folding),
  pooled over all files; a file labelled with no signatories contributes false positives only.
"""

import json
import re
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from remiss.textkit.documents import Page
from remiss.textkit.identifiers import case_number_key
from remiss.textkit.letter import LetterFacts, letter_facts

RESPONDER_THRESHOLD = 85
NAME_THRESHOLD = 85
_BRACKET = re.compile(r"\s*\(([^)]*)\)")


def _main_part(label: str) -> str:
    return _BRACKET.sub("", label).strip()


def _responder_spellings(label: str) -> list[str]:
    spellings = [_main_part(label)]
    for inner in _BRACKET.findall(label):
        if re.fullmatch(r"[A-ZÅÄÖ]{2,8}", inner.strip()):
            spellings.append(inner.strip())
    return [spelling for spelling in spellings if spelling]


def responder_matches(predicted: str | None, label: str) -> bool:
    if not predicted:
        return False
    return any(
        fuzz.token_set_ratio(predicted, spelling, processor=default_process) >= RESPONDER_THRESHOLD
        for spelling in _responder_spellings(label)
    )


def _names_match(predicted: str, label: str) -> bool:
    return fuzz.ratio(predicted, label, processor=default_process) >= NAME_THRESHOLD


def read_pages(path: Path) -> list[Page]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return [Page(number, part) for number, part in enumerate(text.split("\f"), start=1)]


def _field(name: str) -> dict[str, Any]:
    return {"field": name, "n": 0, "correct": 0, "misses": []}


def evaluate_letter_facts(corpus_dir: str | Path) -> dict:
    """Per-field scores of ``letter_facts`` on the labelled files of ``corpus_dir``."""
    corpus = Path(corpus_dir)
    fields = {
        name: _field(name) for name in ("responder", "date", "responder_dnr", "remitting_dnr")
    }
    signatories = {"true_positives": 0, "predicted": 0, "labelled": 0, "misses": []}
    files = 0
    for raw in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        label = json.loads(raw)
        path = corpus / label["file"]
        if not path.is_file():
            continue
        files += 1
        facts = letter_facts(read_pages(path))
        _score_fields(label, facts, fields)
        _score_signatories(label, facts, signatories)
    result: dict[str, Any] = {"files": files}
    for name, field in fields.items():
        field["accuracy"] = round(field["correct"] / field["n"], 3) if field["n"] else None
        result[name] = field
    predicted, labelled = signatories["predicted"], signatories["labelled"]
    hits = signatories["true_positives"]
    signatories["precision"] = round(hits / predicted, 3) if predicted else None
    signatories["recall"] = round(hits / labelled, 3) if labelled else None
    result["signatories"] = signatories
    return result


def _score_fields(label: dict, facts: LetterFacts, fields: dict[str, dict]) -> None:
    predictions = {
        "responder": facts.responder.value if facts.responder else None,
        "date": facts.letter_date.value if facts.letter_date else None,
        "responder_dnr": facts.responder_case_number.value if facts.responder_case_number else None,
        "remitting_dnr": facts.quoted_case_number.value if facts.quoted_case_number else None,
    }
    for name, field in fields.items():
        expected = label.get(name)
        if expected is None:
            continue
        predicted = predictions[name]
        if name == "responder":
            correct = responder_matches(predicted, expected)
        elif name == "date":
            correct = predicted == expected
        else:
            correct = predicted is not None and case_number_key(predicted) == case_number_key(
                _main_part(expected)
            )
        field["n"] += 1
        if correct:
            field["correct"] += 1
        else:
            field["misses"].append(
                {"file": label["file"], "expected": expected, "predicted": predicted}
            )


def _score_signatories(label: dict, facts: LetterFacts, totals: dict) -> None:
    expected = [_main_part(name) for name in label.get("signatories") or []]
    predicted = [signatory.name for signatory in facts.signatories]
    matched = 0
    unmatched = list(expected)
    for name in predicted:
        partner = next((other for other in unmatched if _names_match(name, other)), None)
        if partner is not None:
            unmatched.remove(partner)
            matched += 1
    totals["true_positives"] += matched
    totals["predicted"] += len(predicted)
    totals["labelled"] += len(expected)
    if matched != len(predicted) or unmatched:
        totals["misses"].append(
            {"file": label["file"], "expected": expected, "predicted": predicted}
        )


# --- stance -----------------------------------------------------------------------------------


def _labels(corpus: Path) -> list[dict]:
    labels = []
    for raw in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            labels.append(json.loads(raw))
    return labels


def evaluate_stance(corpus_dir: str | Path) -> dict:
    """Scores of ``analyse_answer``'s stance on the labelled files of ``corpus_dir``.

    Returns ``files``, ``accuracy``, ``macro_f1`` (the mean F1 over the classes that occur in
    the labels), ``per_class`` (precision, recall, F1, support and number predicted for each
    class that occurs in the labels or the predictions), ``confusion`` (``labels`` and
    ``predictions``, the class order, and ``matrix[label][prediction]`` counts) and ``misses``
    (file, expected, predicted, confidence and the evidence sentences).
    """
    from remiss.textkit.analysis_types import STANCES
    from remiss.textkit.stance import classify_stance
    from remiss.textkit.structure import split_parts

    corpus = Path(corpus_dir)
    pairs: list[tuple[str, str]] = []
    misses = []
    for label in _labels(corpus):
        path = corpus / label["file"]
        expected = label.get("stance")
        if expected is None or not path.is_file():
            continue
        pages = read_pages(path)
        stance = classify_stance(pages, split_parts(pages))
        pairs.append((expected, stance.label))
        if stance.label != expected:
            misses.append(
                {
                    "file": label["file"],
                    "expected": expected,
                    "predicted": stance.label,
                    "confidence": stance.confidence,
                    "evidence": [evidence.text for evidence in stance.evidence],
                }
            )
    return _classification_scores(pairs, STANCES) | {"misses": misses}


def _classification_scores(pairs: list[tuple[str, str]], order: tuple[str, ...]) -> dict:
    labelled = {expected for expected, _ in pairs}
    seen = labelled | {predicted for _, predicted in pairs}
    classes = [name for name in order if name in seen] + sorted(seen - set(order))
    matrix = {row: dict.fromkeys(classes, 0) for row in classes}
    for expected, predicted in pairs:
        matrix[expected][predicted] += 1
    per_class = {}
    for name in classes:
        hits = matrix[name][name]
        support = sum(matrix[name].values())
        predicted = sum(matrix[row][name] for row in classes)
        precision = hits / predicted if predicted else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "support": support,
            "predicted": predicted,
        }
    in_labels = [name for name in classes if name in labelled]
    correct = sum(1 for expected, predicted in pairs if expected == predicted)
    return {
        "files": len(pairs),
        "accuracy": round(correct / len(pairs), 3) if pairs else None,
        "macro_f1": (
            round(sum(per_class[name]["f1"] for name in in_labels) / len(in_labels), 3)
            if in_labels
            else None
        ),
        "per_class": per_class,
        "confusion": {"labels": classes, "predictions": classes, "matrix": matrix},
    }


def evaluate_corpus(corpus_dir: str | Path) -> dict:
    """Stance and letter facts on one corpus, with a one-line summary of each rate.

    ``summary`` holds the stance accuracy and macro-F1, the responder found rate (the share
    of labelled responders that the letter's facts name correctly), and the exact-match rates
    of the date and of both case numbers (over the files whose label has a value).
    """
    stance = evaluate_stance(corpus_dir)
    facts = evaluate_letter_facts(corpus_dir)
    summary = {
        "stance_accuracy": stance["accuracy"],
        "stance_macro_f1": stance["macro_f1"],
        "responder_found_rate": facts["responder"]["accuracy"],
        "date_exact_rate": facts["date"]["accuracy"],
        "responder_dnr_exact_rate": facts["responder_dnr"]["accuracy"],
        "remitting_dnr_exact_rate": facts["remitting_dnr"]["accuracy"],
    }
    return {"corpus": str(corpus_dir), "summary": summary, "stance": stance, "letter_facts": facts}


def format_report(result: dict) -> str:
    """A plain-text report of :func:`evaluate_corpus` (or of :func:`evaluate_stance`)."""
    lines: list[str] = []
    stance = result.get("stance", result if "confusion" in result else None)
    facts = result.get("letter_facts")
    if "corpus" in result:
        lines += [f"Corpus: {result['corpus']}", ""]
    if "summary" in result:
        lines.append("Summary")
        rows = [[name.replace("_", " "), _rate(value)] for name, value in result["summary"].items()]
        lines += [*_table(["measure", "value"], rows), ""]
    if stance is not None:
        lines += _stance_report(stance)
    if facts is not None:
        lines += _facts_report(facts)
    return "\n".join(lines).rstrip() + "\n"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(cell).ljust(width) if index == 0 else str(cell).rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), line(["-" * width for width in widths]), *map(line, rows)]


_SHORT = {
    "tillstyrker": "till",
    "tillstyrker_med_synpunkter": "t+syn",
    "delvis_avstyrker": "delv",
    "avstyrker": "avst",
    "inga_synpunkter": "inga",
    "avstår": "avstår",
    "berörs_inte": "berörs",
    "oklart": "oklart",
}


def _stance_report(stance: dict) -> list[str]:
    lines = [
        f"Stance ({stance['files']} files): accuracy {_rate(stance['accuracy'])}, "
        f"macro-F1 {_rate(stance['macro_f1'])} (over the classes in the labels)",
        "",
    ]
    rows = [
        [
            name,
            _rate(s["precision"]),
            _rate(s["recall"]),
            _rate(s["f1"]),
            s["support"],
            s["predicted"],
        ]
        for name, s in stance["per_class"].items()
    ]
    lines += _table(["class", "precision", "recall", "F1", "labelled", "predicted"], rows)
    classes = stance["confusion"]["labels"]
    matrix = stance["confusion"]["matrix"]
    lines += ["", "Confusion (rows: label, columns: prediction)"]
    header = ["label \\ predicted", *(_SHORT.get(name, name) for name in classes)]
    rows = [[name, *(matrix[name][other] for other in classes)] for name in classes]
    lines += _table(header, rows)
    if stance["misses"]:
        lines += ["", "Misses"]
        for miss in stance["misses"]:
            lines.append(f"  {miss['file']}: expected {miss['expected']}, got {miss['predicted']}")
            for text in miss["evidence"][:2]:
                lines.append(f"      « {text[:110]} »")
    return [*lines, ""]


def _facts_report(facts: dict) -> list[str]:
    lines = [f"Letter facts ({facts['files']} files)", ""]
    rows = []
    for name in ("responder", "date", "responder_dnr", "remitting_dnr"):
        field = facts[name]
        rows.append([name, field["n"], field["correct"], _rate(field["accuracy"])])
    lines += _table(["field", "labelled", "correct", "rate"], rows)
    signatories = facts["signatories"]
    lines.append(
        f"signatories: precision {_rate(signatories['precision'])}, "
        f"recall {_rate(signatories['recall'])}"
    )
    return [*lines, ""]
