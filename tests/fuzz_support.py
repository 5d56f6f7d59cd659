"""Seeds, mutations and checks for fuzzing intake (tests/test_fuzz_intake.py, benchmarks/fuzz.py).

Seeds are real files made here: a PDF (remiss.rendering.html_to_pdf), a DOCX (python-docx), an
ODT, an e-mail with a PDF attached (the email package) and a ZIP of some of them. Mutants come
from a seeded ``random.Random``, so a mutant is reproduced by its seed and number alone:

- bytes: bit flips, insertions, deletions, truncation, a chunk duplicated;
- inside DOCX/ODT/ZIP: one member's bytes mutated and the package rebuilt (so the XML parser,
  not only the ZIP CRC check, sees damage), a member that unpacks to far more than it holds, a
  ZIP in a ZIP in a ZIP, hostile member names (long, "..", NUL, duplicates);
- e-mail: broken MIME boundaries, unknown charsets, broken base64, odd attachment names.

``extract_with_watchdog`` reads one file in a forked child and kills it after a time limit, so
a hang is reported as a hang instead of stopping the run; ``check_store`` proves nothing is
half-stored.
"""

import base64
import io
import multiprocessing
import os
import random
import re
import time
import warnings
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from remiss.textkit.tests import builders

# --- seeds ------------------------------------------------------------------------------------

LETTER_HTML = """<!doctype html><html lang="sv"><head><meta charset="utf-8"></head><body>
<p>{org}<br>Kommunstyrelsen</p>
<p>Datum: {date}<br>Dnr KS-2020/1234</p>
<h1>Yttrande över Remissversion av Näringslivs- och tillväxtstrategi för Stockholmsregionen</h1>
<p>Ert dnr: RS 2020-0780</p>
<p>{org} har beretts tillfälle att yttra sig över remissen. Kommunen ställer sig
bakom förslaget i stort men vill betona kollektivtrafikens betydelse för {topic}.</p>
<h2>Beslut</h2>
<p>Kommunstyrelsen beslutar att överlämna yttrandet till Region Stockholm.</p>
<p>Camilla Broo<br>Kommundirektör</p>
</body></html>"""


def seed_pdf(
    org: str = "Huddinge kommun", date: str = "2021-01-21", topic: str = "regionens tillväxt"
) -> bytes:
    import logging

    from remiss.rendering import html_to_pdf

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return html_to_pdf(LETTER_HTML.format(org=org, date=date, topic=topic))


def seed_docx(org: str = "Nacka kommun", topic: str = "arbetsmarknaden") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(org)
    document.add_paragraph("Datum: 2021-02-01")
    document.add_heading("Yttrande över remiss RS 2020-0780", level=1)
    document.add_paragraph(
        f"{org} har beretts tillfälle att yttra sig. Kommunen tillstyrker förslaget "
        f"och lyfter särskilt {topic}."
    )
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Område"
    table.rows[0].cells[1].text = "Ja"
    document.add_paragraph("Anna Svensson\nKanslichef")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_odt() -> bytes:
    return builders.odt_bytes()


def seed_eml(pdf: bytes) -> bytes:
    return builders.email_bytes({"yttrande.pdf": (pdf, "application/pdf")})


def seed_zip(members: dict[str, bytes]) -> bytes:
    return builders.zip_bytes(members)


def seeds() -> dict[str, bytes]:
    """One file of each kind, each a distinct answer that intake registers (the ZIP two)."""
    return {
        "huddinge.pdf": seed_pdf(),
        "nacka.docx": seed_docx(),
        "nacka.odt": seed_odt(),
        "svar.eml": seed_eml(seed_pdf("Solna stad", "2021-01-25", "bostadsbyggandet")),
        "svar.zip": seed_zip(
            {
                "a/yttrande.docx": seed_docx("Täby kommun", "kulturen"),
                "b/varmdo.pdf": seed_pdf("Värmdö kommun", "2021-01-27", "skärgården"),
            }
        ),
    }


# --- mutations --------------------------------------------------------------------------------


def _bit_flips(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 2, 8, 32])):
        position = rng.randrange(len(out))
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def _insert(rng: random.Random, data: bytes) -> bytes:
    position = rng.randrange(len(data) + 1)
    junk = rng.choice(
        [
            bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))),
            b"\x00" * rng.randrange(1, 4096),
            rng.choice([b"%PDF-1.7\n", b"PK\x03\x04", b"<!DOCTYPE x [", b"\r\n--", b"=?utf-8?"]),
        ]
    )
    return data[:position] + junk + data[position:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randrange(1, 512) :]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randrange(1, 2048)]
    position = rng.randrange(len(data) + 1)
    return data[:position] + chunk * rng.choice([1, 2, 50]) + data[position:]


BYTE_MUTATIONS = (_bit_flips, _insert, _delete, _truncate, _duplicate)


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes(rng.randrange(256) for _ in range(16))
    for _ in range(rng.choice([1, 1, 2, 3])):
        data = rng.choice(BYTE_MUTATIONS)(rng, data) or data[:1]
    return data


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rebuild(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    return buffer.getvalue()


def _mutate_member(rng: random.Random, data: bytes) -> bytes:
    """One member of a ZIP-based file damaged, the package rebuilt with valid CRCs."""
    members = _members(data)
    index = rng.randrange(len(members))
    info, content = members[index]
    if info.filename.endswith(".xml") and rng.random() < 0.5:
        content = _mutate_xml(rng, content)
    else:
        content = _mutate_bytes(rng, content)
    members[index] = (info, content)
    return _rebuild(members)


def _mutate_xml(rng: random.Random, xml: bytes) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:  # a tag cut in half
        cut = rng.randrange(len(xml))
        return xml[:cut] + xml[cut + rng.randrange(1, 40) :]
    if choice == 1:  # an entity expansion (refused before it is expanded)
        return xml.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>', 1)
    if choice == 2:  # deep nesting
        depth = rng.choice([100, 5000])
        return xml.replace(b"</", b"<x>" * depth + b"</x>" * depth + b"</", 1)
    if choice == 3:  # a wrong encoding declaration
        return xml.replace(b'encoding="UTF-8"', b'encoding="x-does-not-exist"', 1)
    # many paragraphs of one long word
    word = b"A" * rng.choice([1000, 50_000])
    return xml.replace(b"</", word + b"</", 1)


def _zip_bomb_member(rng: random.Random, data: bytes) -> bytes:
    """A member that unpacks to far more than it holds, before or after the real ones."""
    members: list = _members(data)
    bomb = ("bomb.txt", b"\x00" * rng.choice([2, 20, 60]) * 1024 * 1024)
    members.insert(rng.choice([0, len(members)]), bomb)
    return _rebuild(members)


def _nested_zip(rng: random.Random, data: bytes) -> bytes:
    for level in range(rng.choice([1, 3, 6])):
        data = builders.zip_bytes({f"niva{level}.zip": data})
    return data


def _hostile_names(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    names = [
        "../../etc/passwd.pdf",
        "a" * 300 + ".pdf",
        ("mapp/" * 120) + "djup.pdf",
        "nul\x00.pdf",
        "C:\\Windows\\svar.pdf",
        "",
        "/",
        "é" * 200 + ".docx",
    ]
    rebuilt = []
    for info, content in members:
        rebuilt.append((rng.choice(names) if rng.random() < 0.7 else info.filename, content))
    rebuilt.append((rebuilt[0][0], rebuilt[0][1]))  # the same name twice
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        for name, content in rebuilt:
            info = zipfile.ZipInfo(name or "x")
            if name == "":
                info.filename = ""
            archive.writestr(info, content)
    return buffer.getvalue()


def _broken_boundary(rng: random.Random, data: bytes) -> bytes:
    found = re.search(rb'boundary="([^"]+)"', data)
    if not found:
        return _mutate_bytes(rng, data)
    boundary = found.group(1)
    choice = rng.randrange(4)
    if choice == 0:  # the closing boundary missing
        return data.replace(b"--" + boundary + b"--", b"")
    if choice == 1:  # a boundary that never appears
        return data.replace(b'boundary="' + boundary, b'boundary="x' + boundary, 1)
    if choice == 2:  # parts cut at a random boundary
        parts = data.split(b"--" + boundary)
        keep = rng.randrange(1, len(parts) + 1)
        return (b"--" + boundary).join(parts[:keep])
    return data.replace(b"--" + boundary, b"--" + boundary[: len(boundary) // 2])


def _bad_encodings(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return re.sub(rb"charset=\"?[\w-]+\"?", b'charset="x-no-such-charset"', data)
    if choice == 1:  # base64 with junk and a wrong length
        header = b"Content-Transfer-Encoding: base64\n\n"
        return data.replace(header, header + b"!!*%==", 1)
    if choice == 2:
        return data.replace(b"Encoding: base64", b"Encoding: x-uuencode")
    if choice == 3:  # an encoded attachment name with NUL, a path and 300 characters
        return re.sub(
            rb'filename="[^"]*"',
            b"filename*=utf-8''..%2F..%2Fa%00b" + b"%C3%A5" * 150 + b".pdf",
            data,
            count=1,
        )
    return data.replace(b"Subject:", b"Subject: =?x-unknown?B?////?= =?utf-8?Q?=ZZ?=", 1)


def _email_in_email(rng: random.Random, data: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "Vidarebefordran <fwd@example.se>"
    message["Subject"] = "Fwd"
    message.set_content("Se bifogat.")
    for level in range(rng.choice([1, 4])):
        message.add_attachment(
            base64.b64encode(data) if level % 2 else data,
            maintype="message" if not level % 2 else "application",
            subtype="rfc822" if not level % 2 else "octet-stream",
            filename=f"vidare{level}.eml",
        )
    return message.as_bytes()


_KIND_MUTATIONS = {
    "docx": (_mutate_member, _mutate_member, _hostile_names),
    "odt": (_mutate_member, _mutate_member, _hostile_names),
    "zip": (_mutate_member, _zip_bomb_member, _nested_zip, _hostile_names),
    "eml": (_broken_boundary, _bad_encodings, _email_in_email),
}


@dataclass(frozen=True)
class Mutant:
    name: str  # the file name intake sees
    data: bytes
    seed_name: str
    how: str  # the mutations applied, for the report


def mutant(seeds_: dict[str, bytes], seed: int, number: int) -> Mutant:
    """Mutant ``number`` of the run with ``seed``: reproducible from the two numbers."""
    rng = random.Random(f"{seed}:{number}")
    seed_name = rng.choice(sorted(seeds_))
    data = seeds_[seed_name]
    kind = seed_name.rsplit(".", 1)[-1]
    structured = _KIND_MUTATIONS.get(kind, ())
    operation = rng.choice(structured) if structured and rng.random() < 0.6 else _mutate_bytes
    try:
        data = operation(rng, data)
    except (zipfile.BadZipFile, ValueError, IndexError):
        operation, data = _mutate_bytes, _mutate_bytes(rng, data)
    # Sometimes a container of the damaged file, to reach intake's unpacking of it.
    if rng.random() < 0.15:
        data = builders.zip_bytes({seed_name: data, "ok.docx": seeds_["nacka.docx"]})
        seed_name, how = f"zip({seed_name})", f"{operation.__name__}+zip"
        return Mutant(f"fuzz-{number}.zip", data, seed_name, how)
    return Mutant(f"fuzz-{number}.{kind}", data, seed_name, operation.__name__)


# --- a watchdog around extraction -------------------------------------------------------------


@dataclass(frozen=True)
class WatchedExtraction:
    outcome: str  # "ok" | "crash" | "hang"
    seconds: float
    detail: str  # the error codes read, or the exception


def _child(connection, target, args) -> None:
    try:
        connection.send(("ok", target(*args)))
    except BaseException as error:  # a crash is what we look for
        connection.send(("crash", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def watched(target, args: tuple, *, timeout: float) -> WatchedExtraction:
    """``target(*args)`` in a forked child, killed after ``timeout`` seconds.

    The child shares nothing but the pipe it answers on (it leaves through ``os._exit``, so
    the parent's database connection and files are left alone).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    started = time.perf_counter()
    child = context.Process(target=_child, args=(sender, target, args))
    child.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            try:
                outcome, detail = receiver.recv()
            except EOFError:
                child.join(5)
                outcome, detail = "crash", f"the child died (exit code {child.exitcode})"
        else:
            outcome, detail = "hang", f"no result after {timeout:.0f} s"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    return WatchedExtraction(outcome, time.perf_counter() - started, str(detail))


def _extract_codes(name: str, data: bytes, limits) -> str:
    from remiss.textkit.extract import extract

    files = extract(name, data, limits=limits)
    return ",".join(sorted({f.error.code for f in files if f.error})) or "-"


def extract_with_watchdog(name: str, data: bytes, limits, *, timeout: float) -> WatchedExtraction:
    """``textkit.extract`` of one file in a forked child with a time limit; ``detail`` is the
    error codes it gave (or what went wrong)."""
    return watched(_extract_codes, (name, data, limits), timeout=timeout)


# --- checks after intake ----------------------------------------------------------------------


def stored_files(files_dir: Path) -> dict[str, Path]:
    """Every stored original by its name (the SHA-256), and leftover temporary files."""
    found: dict[str, Path] = {}
    if files_dir.exists():
        for path in files_dir.rglob("*"):
            if path.is_file():
                found[path.name] = path
    return found


def check_store(files_dir: Path) -> list[str]:
    """What is wrong between the store and the Document rows (empty when nothing is)."""
    from remiss.responses.models import Document
    from remiss.responses.storage import original_path, sha256_hex

    problems = []
    stored = stored_files(files_dir)
    documents = {document.sha256: document for document in Document.objects.all()}
    for name, path in stored.items():
        if name.startswith(".incoming-"):
            problems.append(f"a temporary file was left behind: {path}")
        elif name not in documents:
            problems.append(f"a stored original belongs to no document: {name}")
        elif sha256_hex(path.read_bytes()) != name:
            problems.append(f"a stored original does not hash to its name: {name}")
    for sha256, document in documents.items():
        path = original_path(sha256)
        if not path.exists():
            problems.append(f"document {document.pk} has no stored original")
            continue
        # Its pages are all there: as many as its original gives (an e-mail whose body is
        # empty has none, and is kept as the envelope of its attachments).
        expected = _page_count(document.original_filename, path.read_bytes())
        if document.pages.count() != expected:
            problems.append(
                f"document {document.path!r} has {document.pages.count()} of {expected} pages"
            )
    return problems


def _page_count(name: str, data: bytes) -> int:
    from django.conf import settings

    from remiss.textkit.extract import Limits, extract

    limits = Limits(max_file_bytes=settings.REMISS_MAX_UPLOAD_BYTES)
    return len(extract(name, data, limits=limits)[0].pages)


def receipt_problems(run) -> list[str]:
    """Receipts without an outcome, failures without a known code or a Swedish message."""
    from django.utils import translation

    from remiss.file_errors import ERROR_MESSAGES
    from remiss.responses.models import IntakeOutcome

    problems = []
    if run.status != "klar":
        problems.append(f"the run ended {run.status}: {run.error}")
    for item in run.items.all():
        if item.outcome == IntakeOutcome.VANTAR:
            problems.append(f"{item.path!r} has no outcome")
        if item.outcome == IntakeOutcome.FEL:
            if item.error_code == "internal" or item.error_code not in ERROR_MESSAGES:
                problems.append(f"{item.path!r} failed inside: {item.error_detail[:300]}")
            with translation.override("sv"):
                message = item.error_message
            with translation.override("en"):
                english = item.error_message
            if not message or message == english:
                problems.append(f"{item.path!r} ({item.error_code}) has no Swedish message")
            if item.document_id or item.response_id:
                problems.append(f"{item.path!r} failed but points at an answer")
        elif item.error_code:
            problems.append(f"{item.path!r} is {item.outcome} with error {item.error_code}")
    return problems


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def fuzz_consultation():
    """The consultation every mutant is sent to: the demo's case number, two invited bodies."""
    from remiss.consultations.models import OrganisationKind
    from remiss.consultations.services import (
        consultation_create,
        organisation_create,
        recipient_add,
    )

    region = organisation_create(actor=None, name="Region Stockholm", kind=OrganisationKind.REGION)
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2020-0780",
        title="Remissversion av Näringslivs- och tillväxtstrategi för Stockholmsregionen",
    )
    for name, short in [("Huddinge kommun", "Huddinge"), ("Nacka kommun", "Nacka")]:
        body = organisation_create(
            actor=None, name=name, kind=OrganisationKind.KOMMUN, short_name=short, aliases=[short]
        )
        recipient_add(actor=None, consultation=consultation, organisation=body)
    return consultation
