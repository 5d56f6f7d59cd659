"""Hostile files through the real intake: no crash, no hang, no half-stored answer.

Real seed files (PDF, DOCX, ODT, an e-mail with an attachment, a ZIP) are mutated from a fixed
seed (see tests/fuzz_support.py) and each mutant goes through ``intake_run_create`` and
``intake_run_execute`` on a real consultation. Each extraction first runs in a forked child
with a time limit, so that a hang fails the test instead of stopping it. The long run with
thousands of mutants is ``benchmarks/fuzz.py``; what it found is kept at the end of this file.
"""

import pytest

import fuzz_support
from remiss.responses.intake import IncomingFile, intake_run_create, intake_run_execute
from remiss.responses.models import Document, IntakeOutcome, IntakeRun
from remiss.textkit.extract import Limits
from remiss.textkit.tests import builders

pytestmark = pytest.mark.django_db

SEED = 8_6  # issue 8, item 6
MUTANTS = 40
TIME_LIMIT = 30.0  # seconds for the extraction of one file (OCR of a few damaged pages fits)


@pytest.fixture
def consultation():
    return fuzz_support.fuzz_consultation()


@pytest.fixture(scope="module")
def seeds() -> dict[str, bytes]:
    return fuzz_support.seeds()


def _intake(consultation, name: str, data: bytes) -> IntakeRun:
    files = [IncomingFile(name=name, data=data)]
    run = intake_run_create(
        actor=None, consultation=consultation, channel="uppladdning", files=files
    )
    return intake_run_execute(run=run, files=files)


def _check(run: IntakeRun, settings) -> list[str]:
    problems = fuzz_support.receipt_problems(run)
    problems += fuzz_support.check_store(settings.FILES_DIR)
    stored = set(Document.objects.values_list("sha256", flat=True))
    landed = set(run.items.exclude(outcome=IntakeOutcome.FEL).values_list("sha256", flat=True))
    for item in run.items.filter(outcome=IntakeOutcome.FEL):
        if item.sha256 in stored and item.sha256 not in landed:
            problems.append(f"{item.path!r} failed but its bytes were stored")
    return problems


def test_every_seed_lands_as_an_answer(consultation, seeds, settings):
    for name, data in seeds.items():
        run = _intake(consultation, name, data)
        assert _check(run, settings) == []
        outcomes = {item.path: item.outcome for item in run.items.all()}
        assert IntakeOutcome.REGISTRERAD in outcomes.values(), (name, outcomes)
        assert IntakeOutcome.FEL not in outcomes.values(), (name, outcomes)
    # Five seeds, the ZIP holding two answers: six answers, each original stored once.
    assert consultation.responses.count() == 6
    assert len(fuzz_support.stored_files(settings.FILES_DIR)) == Document.objects.count()


def test_mutated_files_never_crash_hang_or_half_store(consultation, seeds, settings):
    limits = Limits(max_file_bytes=settings.REMISS_MAX_UPLOAD_BYTES)
    findings = []
    outcomes: dict[str, int] = {}
    for number in range(MUTANTS):
        mutant = fuzz_support.mutant(seeds, SEED, number)
        label = f"mutant {number} ({mutant.seed_name}, {mutant.how})"
        watched = fuzz_support.extract_with_watchdog(
            mutant.name, mutant.data, limits, timeout=TIME_LIMIT
        )
        if watched.outcome != "ok":
            findings.append(f"{label}: {watched.outcome}: {watched.detail}")
            continue
        run = _intake(consultation, mutant.name, mutant.data)
        findings += [f"{label}: {problem}" for problem in _check(run, settings)]
        for item in run.items.all():
            outcomes[item.outcome] = outcomes.get(item.outcome, 0) + 1
    assert findings == []
    # The mutants are hostile enough to fail and mild enough to land now and then.
    assert outcomes.get(IntakeOutcome.FEL, 0) >= MUTANTS // 4, outcomes
    assert outcomes.get(IntakeOutcome.REGISTRERAD, 0) + outcomes.get(IntakeOutcome.KOPIA, 0) > 0


def _raise() -> None:
    raise RuntimeError("boom")


def _die() -> None:
    import os

    os._exit(3)


def test_the_watchdog_reports_a_hang_a_crash_and_a_dead_child():
    import time

    assert fuzz_support.watched(len, (b"abc",), timeout=10).outcome == "ok"
    assert fuzz_support.watched(_raise, (), timeout=10).detail == "RuntimeError: boom"
    assert fuzz_support.watched(_die, (), timeout=10).outcome == "crash"
    started = time.perf_counter()
    hung = fuzz_support.watched(time.sleep, (60,), timeout=1)
    assert hung.outcome == "hang" and time.perf_counter() - started < 10


# --- what the fuzz found, kept as regression tests ----------------------------------------------
#
# Each of these once broke a whole intake run on PostgreSQL: a receipt could not be saved (a NUL
# in a text column, a name longer than the column), the error escaped the file's own error
# handling, and the run stopped as failed with the files after it unread. textkit now gives
# names without control characters, at most 255 characters (paths 490), and reads a declared
# ODF media type only when it has the shape of one.

NUL_IN_ATTACHMENT_NAME = (
    b"From: a@b.se\r\nTo: c@d.se\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n'
    b"\r\nHej\r\n--b\r\nContent-Type: text/plain\r\n"
    b"Content-Disposition: attachment; filename*=utf-8''a%00b.txt\r\n\r\nYttrande\r\n--b--\r\n"
)
# A ZIP whose "mimetype" member declares 150 characters of an ODF type (fuzz-found shape).
LONG_DECLARED_TYPE = builders.zip_bytes(
    {
        "mimetype": b"application/vnd.oasis.opendocument." + b"x" * 150,
        "svar.txt": "Yttrande från Nacka kommun.".encode(),
    }
)

REGRESSIONS: dict[str, tuple[str, bytes]] = {
    "nul-in-attachment-name": ("svar.eml", NUL_IN_ATTACHMENT_NAME),
    "long-declared-odf-type": ("svar.zip", LONG_DECLARED_TYPE),
}


def _long_names(seeds) -> bytes:
    return builders.zip_bytes(
        {
            "a" * 300 + ".docx": seeds["nacka.docx"],
            ("mapp/" * 120) + "svar.txt": "Yttrande från Täby kommun.".encode(),
        }
    )


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_a_file_the_fuzz_found_gets_its_receipts_and_the_run_goes_on(consultation, settings, case):
    name, data = REGRESSIONS[case]
    _file_then_the_next_one_land(consultation, settings, name, data)


def test_member_names_too_long_for_a_receipt_are_shortened(consultation, settings, seeds):
    data = _long_names(seeds)
    _file_then_the_next_one_land(consultation, settings, "svar.zip", data)
    for item in IntakeRun.objects.first().items.all():
        assert len(item.filename) <= 255 and len(item.path) <= 500
    assert Document.objects.filter(original_filename__endswith="\u2026.docx").exists()


def _file_then_the_next_one_land(consultation, settings, name: str, data: bytes) -> None:
    watched = fuzz_support.extract_with_watchdog(
        name, data, Limits(max_file_bytes=settings.REMISS_MAX_UPLOAD_BYTES), timeout=TIME_LIMIT
    )
    assert watched.outcome == "ok", watched
    files = [IncomingFile(name=name, data=data), IncomingFile(name="nacka.odt", data=_odt())]
    run = intake_run_create(
        actor=None, consultation=consultation, channel="uppladdning", files=files
    )
    run = intake_run_execute(run=run, files=files)
    assert _check(run, settings) == []
    for item in run.items.all():
        assert "\x00" not in item.path + item.filename and len(item.media_type) <= 100
    last = run.items.get(parent=None, position=1)
    assert last.outcome == IntakeOutcome.REGISTRERAD


def _odt() -> bytes:
    return fuzz_support.seed_odt()
