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
