"""Deadline rush: respondents submitting answers with attachments to a real server, killed midway.

    uv run python benchmarks/deadline_rush.py [--respondents 500] [--seconds 60] [--kill-at 30]
        [--workers 4] [--database remiss_rush] [--port 8765] [--retries 8] [--finish-wait 1200]

Sets up its own world: drops and re-creates the PostgreSQL database ``--database`` on
127.0.0.1, migrates it, and makes one open consultation (deadline a month ahead, three parts,
one closed) with ``--respondents`` bodies on its list and one invitation each (tokens from
``consultations.invitations.invitation_issue``). Files and mail go to a temporary folder.

Then starts the production server (``remiss serve`` = gunicorn, ``--workers`` sync workers) on
127.0.0.1 and one background worker (``remiss worker``, the database task backend as in
production: a submission stores the answer as text in the request and enqueues the task that
makes its PDF copy and mails the receipt), and lets each respondent, in its own thread with its
own cookie jar (``urllib``), follow the portal as a browser would, each step including the
redirect it answers with:

* ``open``:   GET /svara/<token>/ -> session, redirect -> the answer page (csrf, version, fields)
* ``attach``: POST a small generated PDF (multipart) -> redirect -> the answer page
* ``save``:   POST position, summary and a comment on a part, action=review -> the review page
* ``submit``: POST the review form -> redirect -> the receipt page, whose SHA-256 is read

The respondents' starts are spread evenly over ``--seconds``. At ``--kill-at`` seconds the
server's whole process group gets SIGKILL and is started again at once; the background worker
is not killed (a task it was running would stay "running" in the database with no one to finish
it; the worker's own crash safety is not what this measures). A request that fails
(refused, reset, timed out, 5xx) is retried with exponential backoff up to ``--retries`` times;
a save refused with 409 after such a retry (the first attempt had been stored) re-reads the
answer page and saves again.

Before the rush, a baseline in the same run: as many GETs of the health endpoint as there are
respondents, 8 at a time. It prints p50/p95/p99 per step and overall, both for all requests and
for those that needed no retry, p50 as a ratio to the baseline, and the errors by kind. Then
the proof, from the database and the files on disk:

* every submission the client saw acknowledged (a receipt page with a SHA-256) is a submitted
  PortalAnswer with that ``receipt_sha256``, with a Response, whose documents include one with
  that SHA-256 (the received original, UTF-8 text), whose stored file hashes to it; the
  respondent's attachment is there too;
* nothing half-stored: no submitted answer without a Response or its main document, no portal
  Response without a submitted answer or without its main document, no Document without its
  file (or with a file that hashes wrong), no stored original that neither a Document, a
  draft's attachment nor an answer's PDF copy refers to, no temporary ``.incoming-`` file;
* after the rush the worker is given up to ``--finish-wait`` seconds to finish; then every
  submitted answer has exactly one PDF copy (``pdf_sha256`` set, its file a PDF hashing to it,
  one ``pdf_made`` audit event, not a Document) and exactly one receipt mailed (one
  ``receipt_sent`` audit event), and no portal task failed or is left waiting.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) or ``BENCH_POSTGRES``. Sends traffic
to 127.0.0.1 only; every loop is bounded in count and time.
"""

import argparse
import hashlib
import http.client
import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support

STEPS = ("open", "attach", "save", "submit")
TIMEOUT = 120  # seconds a client waits for one response

# --- a tiny real PDF, different for every respondent ------------------------------------------


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page text PDF (Helvetica, WinAnsi) that intake reads without OCR."""
    text = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# --- the world ---------------------------------------------------------------------------------


def build_world(respondents: int) -> list[str]:
    """The open consultation, its bodies and one invitation each; returns the tokens."""
    from django.utils import timezone

    from remiss.consultations.invitations import invitation_issue
    from remiss.consultations.services import (
        consultation_create,
        organisation_create,
        recipient_add,
        section_add,
    )

    region = organisation_create(actor=None, name="Region Exempel", kind="region")
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2025-0500",
        title="Strategi för hållbar tillväxt",
        deadline=timezone.localdate() + timedelta(days=30),
        answer_email="registrator@region.example",
        status="oppen",
    )
    section_add(
        actor=None,
        consultation=consultation,
        number="1",
        title="Inledning",
        open_for_comment=False,
        closed_reason="Redan beslutad.",
        position=1,
    )
    section_add(actor=None, consultation=consultation, number="2", title="Forskning", position=2)
    section_add(actor=None, consultation=consultation, number="3", title="Kompetens", position=3)
    tokens = []
    for number in range(respondents):
        organisation = organisation_create(
            actor=None,
            name=f"Remissinstans {number:04d}",
            kind=("kommun", "myndighet", "intresseorganisation")[number % 3],
            email=f"registrator{number}@instans.example",
        )
        recipient = recipient_add(actor=None, consultation=consultation, organisation=organisation)
        tokens.append(
            invitation_issue(actor=None, consultation=consultation, recipient=recipient).token
        )
    return tokens


# --- the server --------------------------------------------------------------------------------


class Server:
    """``remiss serve`` (gunicorn) in its own process group, so SIGKILL takes every worker."""

    def __init__(self, port: int, workers: int, environment: dict, log: Path):
        self.port = port
        self.workers = workers
        self.environment = {**os.environ, **environment}
        self.log = log
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        serve = support.ROOT / "src" / "remiss" / "management" / "commands" / "serve.py"
        bind = f"127.0.0.1:{self.port}"
        if serve.exists():
            return [sys.executable, "-m", "remiss.cli", "serve", "--bind", bind,
                    "--workers", str(self.workers)]  # fmt: skip
        return [sys.executable, "-m", "gunicorn", "remiss.wsgi", "--bind", bind,
                "--workers", str(self.workers)]  # fmt: skip

    def start(self, *, listening_only: bool = False) -> float:
        """Start and wait until the health endpoint answers (or, under load, until the port
        takes connections: the health check would wait in line); returns the seconds."""
        started = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The server exited at start; see {self.log}")
            if listening_only:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return time.perf_counter() - started
                except OSError:
                    time.sleep(0.05)
                    continue
            try:
                with urllib.request.urlopen(f"{self.url}/halsa/", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        raise SystemExit(f"The server did not answer within 60 s; see {self.log}")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Worker:
    """``remiss worker`` in its own process group: the background tasks (PDF copies, receipt
    mails, analysis runs) claimed from the database. It runs at ``nice`` 10, as background work
    should beside a web server: under a rush the CPU goes to the respondents' requests first and
    the PDF copies follow when there is room (``--worker-nice 0`` to compare)."""

    nice = 10

    def __init__(self, environment: dict, log: Path):
        self.environment = {**os.environ, **environment}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    "nice",
                    "-n",
                    str(self.nice),
                    sys.executable,
                    "-m",
                    "remiss.cli",
                    "worker",
                    "--interval",
                    "0.2",
                ],
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


# --- the respondents ---------------------------------------------------------------------------


class Failed(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass
class Outcome:
    token: str
    steps: dict[str, tuple[float, int]] = field(default_factory=dict)  # seconds, attempts
    total: float = 0.0
    receipt_sha256: str = ""
    attachment_sha256: str = ""
    answer_url: str = ""
    error: str = ""


ERRORS: Counter = Counter()  # every failed attempt, by step and kind (retried or not)
ERRORS_LOCK = threading.Lock()


def _kind(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timeout"
    return type(error).__name__


RETRIABLE_HTTP = {500, 502, 503, 504}


class Respondent:
    def __init__(self, base: str, token: str, retries: int, number: int):
        self.base = base
        self.retries = retries
        self.number = number
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.outcome = Outcome(token=token)

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        with self.opener.open(request, timeout=TIMEOUT) as response:
            return response.geturl(), response.read().decode("utf-8")

    def step(self, name: str, action, *, allow_conflict: bool = False):
        """Run ``action`` with retries; record the step's time (first try to success)."""
        started = time.perf_counter()
        attempt = 0
        while True:
            attempt += 1
            try:
                result = action(attempt)
            except (OSError, http.client.HTTPException) as error:
                kind = _kind(error)
                with ERRORS_LOCK:
                    ERRORS[(name, kind)] += 1
                status = getattr(error, "code", None)
                if status is not None and status not in RETRIABLE_HTTP:
                    if not (allow_conflict and status == 409):
                        raise Failed(f"{name}: {kind}") from error
                if attempt > self.retries:
                    raise Failed(f"{name}: {kind} after {attempt} attempts") from error
                time.sleep(min(4.0, 0.25 * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5))
                continue
            self.outcome.steps[name] = (time.perf_counter() - started, attempt)
            return result

    def run(self) -> Outcome:
        started = time.perf_counter()
        try:
            self._run()
        except Failed as failed:
            self.outcome.error = failed.kind
        self.outcome.total = time.perf_counter() - started
        return self.outcome

    def _run(self) -> None:
        token = self.outcome.token
        url, page = self.step("open", lambda _n: self.request(f"{self.base}/svara/{token}/"))
        if "/svara/svar/" not in url:
            raise Failed("open: not led to an answer page")
        answer_url = url.split("#")[0]
        self.outcome.answer_url = answer_url
        form = parse_answer_page(page)

        pdf = tiny_pdf([
            f"Bilaga till yttrande fran Remissinstans {self.number:04d}",
            "Vi stodjer forslaget om kompetensforsorjning och forskning.",
            f"Referens {uuid.uuid4()}",
        ])  # fmt: skip
        self.outcome.attachment_sha256 = hashlib.sha256(pdf).hexdigest()
        body, content_type = multipart(
            {"csrfmiddlewaretoken": form["csrf"]}, "file", f"bilaga-{self.number:04d}.pdf", pdf
        )
        url, page = self.step(
            "attach",
            lambda _n: self.request(f"{answer_url}bilagor/", body, {"Content-Type": content_type}),
        )
        form = parse_answer_page(page)

        def save(attempt: int):
            current = form
            if attempt > 1:  # the first try may have been stored: build on what is there now
                _url, fresh = self.request(answer_url)
                if "/granska/" in _url:
                    return _url, fresh
                current = parse_answer_page(fresh)
            fields = {
                "csrfmiddlewaretoken": current["csrf"],
                "version": current["version"],
                "position": "tillstyrker_med_synpunkter",
                "summary": f"Remissinstans {self.number:04d} tillstyrker med synpunkter.",
                "general_comments": "Strategin bör kompletteras med tydliga indikatorer.",
                "contact_name": "Anna Lind",
                "contact_email": f"registrator{self.number}@instans.example",
                "action": "review",
            }
            for name in current["sections"][:1]:
                fields[name] = "Forskningen vid lärosätena bör få en tydligare plats."
            data = urllib.parse.urlencode(fields).encode()
            return self.request(answer_url, data)

        url, page = self.step("save", save, allow_conflict=True)
        if "/kvitto/" not in url:
            review = parse_review_page(page)

            def submit(_attempt: int):
                data = urllib.parse.urlencode(
                    {"csrfmiddlewaretoken": review["csrf"], "version": review["version"]}
                ).encode()
                return self.request(f"{answer_url}granska/", data)

            url, page = self.step("submit", submit)
        if "/kvitto/" not in url:
            raise Failed("submit: not led to the receipt")
        found = RECEIPT_HASH.search(page)
        if not found:
            raise Failed("submit: no SHA-256 on the receipt")
        self.outcome.receipt_sha256 = found.group(1)


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SECTION_FIELD = re.compile(r'name="(section_[0-9a-f-]+)"')
RECEIPT_HASH = re.compile(r'class="receipt-hash">([0-9a-f]{64})<')


def parse_answer_page(page: str) -> dict:
    csrf, version = CSRF.search(page), VERSION.search(page)
    if not csrf or not version:
        raise Failed("answer page without csrf token or version")
    return {
        "csrf": csrf.group(1),
        "version": version.group(1),
        "sections": list(dict.fromkeys(SECTION_FIELD.findall(page))),
    }


def parse_review_page(page: str) -> dict:
    csrf, version = CSRF.search(page), VERSION.search(page)
    if not csrf or not version:
        raise Failed("review page without csrf token or version")
    return {"csrf": csrf.group(1), "version": version.group(1)}


def multipart(fields: dict, name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- baseline ----------------------------------------------------------------------------------


def baseline(base: str, count: int) -> list[float]:
    """``count`` GETs of the health endpoint, 8 at a time: the floor of a request here."""

    def one(_number: int) -> float:
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/halsa/", timeout=TIMEOUT) as response:
            response.read()
        return time.perf_counter() - started

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


# --- the proof ---------------------------------------------------------------------------------


def prove(outcomes: list[Outcome]) -> dict[str, list[str]]:
    """Problems found, by check; every list empty means the proof holds."""
    from django.conf import settings

    from remiss.portal.models import AnswerStatus, PortalAnswer, PortalAttachment
    from remiss.responses.models import Channel, Document, Response
    from remiss.responses.storage import original_path, sha256_hex

    problems: dict[str, list[str]] = defaultdict(list)

    def file_ok(sha256: str) -> bool:
        path = original_path(sha256)
        return path.exists() and sha256_hex(path.read_bytes()) == sha256

    answers = {
        str(answer.receipt_sha256): answer
        for answer in PortalAnswer.objects.filter(status=AnswerStatus.INSKICKAT).select_related(
            "response"
        )
    }
    for outcome in outcomes:
        if not outcome.receipt_sha256:
            continue
        answer = answers.get(outcome.receipt_sha256)
        label = f"{outcome.answer_url} {outcome.receipt_sha256[:12]}"
        if answer is None:
            problems["acknowledged but no submitted answer with that SHA-256"].append(label)
            continue
        if answer.response is None:
            problems["acknowledged answer without a Response"].append(label)
            continue
        shas = set(answer.response.documents.values_list("sha256", flat=True))
        if outcome.receipt_sha256 not in shas:
            problems["acknowledged answer without its main document"].append(label)
        if outcome.attachment_sha256 not in shas:
            problems["acknowledged answer without its attachment as a document"].append(label)
        if not file_ok(outcome.receipt_sha256):
            problems["acknowledged answer whose stored original is missing or hashes wrong"].append(
                label
            )

    for answer in PortalAnswer.objects.filter(status=AnswerStatus.INSKICKAT):
        if answer.response_id is None or not answer.receipt_sha256:
            problems["submitted answer without Response or receipt"].append(str(answer.pk))
        elif not Document.objects.filter(
            response_id=answer.response_id, sha256=answer.receipt_sha256
        ).exists():
            problems["submitted answer without its main document"].append(str(answer.pk))
    for response in Response.objects.filter(channel=Channel.PORTAL):
        answer = PortalAnswer.objects.filter(response=response).first()
        if answer is None:
            problems["portal Response without a submitted answer"].append(str(response.pk))
        elif not response.documents.filter(sha256=answer.receipt_sha256).exists():
            problems["portal Response without its main document"].append(str(response.pk))
    documents = set(Document.objects.values_list("sha256", flat=True))
    for sha256 in documents:
        if not file_ok(sha256):
            problems["Document without its file (or a file that hashes wrong)"].append(sha256)
    drafts = set(PortalAttachment.objects.values_list("sha256", flat=True))
    renditions = set(
        PortalAnswer.objects.exclude(pdf_sha256="").values_list("pdf_sha256", flat=True)
    )
    referred = documents | drafts | renditions
    for path in Path(settings.FILES_DIR).rglob("*"):
        if not path.is_file():
            continue
        if path.name.startswith(".incoming-"):
            problems["temporary .incoming- file left behind"].append(str(path))
        elif path.name not in referred:
            problems["stored original that no Document or attachment refers to"].append(path.name)
    problems.update(prove_renditions())
    return problems


def prove_renditions() -> dict[str, list[str]]:
    """Every submitted answer has exactly one PDF copy and one receipt mail; no task failed."""
    from django.db.models import Count
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from remiss.audit.models import AuditEvent
    from remiss.portal.models import AnswerStatus, PortalAnswer
    from remiss.responses.models import Document
    from remiss.responses.storage import original_path, sha256_hex

    problems: dict[str, list[str]] = defaultdict(list)

    def events(action: str) -> Counter:
        rows = (
            AuditEvent.objects.filter(action=action)
            .values("object_pk")
            .annotate(n=Count("id"))
            .values_list("object_pk", "n")
        )
        return Counter(dict(rows))

    made, mailed = events("portal_answer.pdf_made"), events("portal_answer.receipt_sent")
    for answer in PortalAnswer.objects.filter(status=AnswerStatus.INSKICKAT):
        key = str(answer.pk)
        if not answer.pdf_sha256:
            problems["submitted answer without its PDF copy"].append(key)
            continue
        path = original_path(answer.pdf_sha256)
        data = path.read_bytes() if path.exists() else b""
        if sha256_hex(data) != answer.pdf_sha256 or not data.startswith(b"%PDF"):
            problems["PDF copy missing, not a PDF or hashing wrong"].append(key)
        if made[key] != 1 or Document.objects.filter(sha256=answer.pdf_sha256).exists():
            problems["not exactly one PDF copy made (or the copy made a Document)"].append(
                f"{key}: {made[key]} made"
            )
        if answer.receipt_sent_at is None or mailed[key] != 1:
            problems["not exactly one receipt mailed"].append(f"{key}: {mailed[key]} mailed")
    tasks = DBTaskResult.objects.filter(task_path="remiss.portal.tasks.portal_answer_finish")
    for result in tasks.exclude(status=TaskResultStatus.SUCCESSFUL):
        problems["portal task failed or left unfinished"].append(
            f"{result.id} {result.status} {result.exception_class_path}"
        )
    return problems


def wait_for_worker(worker: Worker, limit: float) -> float:
    """Seconds until no portal task waits or runs and every submitted answer has its PDF
    copy and receipt (bounded by ``limit``); the worker keeps running meanwhile."""
    from django.db import close_old_connections
    from django.db.models import Q
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from remiss.portal.models import AnswerStatus, PortalAnswer

    started = time.monotonic()
    while time.monotonic() - started < limit and worker.alive():
        close_old_connections()
        open_tasks = DBTaskResult.objects.filter(
            task_path="remiss.portal.tasks.portal_answer_finish",
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).exists()
        unfinished = (
            PortalAnswer.objects.filter(status=AnswerStatus.INSKICKAT)
            .filter(Q(pdf_sha256="") | Q(receipt_sent_at__isnull=True))
            .exists()
        )
        if not open_tasks and not unfinished:
            break
        time.sleep(1.0)
    return time.monotonic() - started


def duplicate_attachments() -> int:
    from django.db.models import Count

    from remiss.portal.models import PortalAttachment

    return (
        PortalAttachment.objects.values("answer", "sha256")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60, help="spread of the starts")
    parser.add_argument("--kill-at", type=float, default=30, help="seconds; negative: no kill")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--database", default="remiss_rush")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--retries", type=int, default=8, help="retries of one request")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--finish-wait", type=float, default=1200, help="seconds the worker gets after the rush"
    )
    parser.add_argument("--worker-nice", type=int, default=10, help="niceness of the worker")
    args = parser.parse_args()
    random.seed(args.seed)

    folder = Path(tempfile.mkdtemp(prefix="remiss-rush-"))
    # The database task backend, as in production: `remiss worker` runs the tasks.
    environment = {**support.bench_environment(args.database, folder), "REMISS_TASKS_IMMEDIATE": ""}
    started = time.perf_counter()
    support.fresh_database(args.database)
    support.django_setup(environment)
    support.migrate()
    tokens = build_world(args.respondents)
    print(
        f"set-up: database {args.database} migrated, {len(tokens)} bodies invited in "
        f"{time.perf_counter() - started:.1f} s; files in {folder}; cpus: {os.cpu_count()}",
        flush=True,
    )

    server = Server(args.port, args.workers, environment, folder / "server.log")
    worker = Worker(environment, folder / "worker.log")
    worker.nice = args.worker_nice
    print(
        f"server: {' '.join(server.command()[1:])}; one `remiss worker` beside it "
        f"(nice {worker.nice})"
    )
    first_start = server.start()
    worker.start()
    print(f"server up in {first_start:.1f} s")
    finish_wait = None
    try:
        baseline(server.url, 4 * args.workers)  # warm-up: each worker's first request
        base_times = baseline(server.url, args.respondents)
        base_p50 = support.percentile([t * 1000 for t in base_times], 50)

        outcomes: list[Outcome] = []
        lock = threading.Lock()
        threads = []
        rush_started = time.monotonic()

        def respondent(number: int, token: str, delay: float) -> None:
            time.sleep(max(0.0, rush_started + delay - time.monotonic()))
            outcome = Respondent(server.url, token, args.retries, number).run()
            with lock:
                outcomes.append(outcome)

        spacing = args.seconds / max(1, args.respondents)
        for number, token in enumerate(tokens):
            thread = threading.Thread(
                target=respondent, args=(number, token, number * spacing), daemon=True
            )
            thread.start()
            threads.append(thread)

        restart = None
        if 0 <= args.kill_at:
            time.sleep(max(0.0, rush_started + args.kill_at - time.monotonic()))
            with lock:
                done_before_kill = len(outcomes)
            killed_at = time.monotonic() - rush_started
            server.kill()
            restart = server.start(listening_only=True)
            print(
                f"SIGKILL to the server's process group at {killed_at:.1f} s "
                f"({done_before_kill} respondents finished by then); restarted, taking "
                f"connections after {restart:.1f} s",
                flush=True,
            )
        for thread in threads:
            thread.join(timeout=max(1.0, args.seconds + 900 - (time.monotonic() - rush_started)))
        elapsed = time.monotonic() - rush_started
        server.stop()
        worker_alive = worker.alive()
        finish_wait = wait_for_worker(worker, args.finish_wait)
    finally:
        server.stop()
        worker.stop()

    acknowledged = [outcome for outcome in outcomes if outcome.receipt_sha256]
    failed = [outcome for outcome in outcomes if outcome.error]
    print(
        f"\nrush: {len(outcomes)} of {args.respondents} respondents finished in {elapsed:.1f} s "
        f"(starts over {args.seconds:.0f} s, {args.workers} workers); {len(acknowledged)} "
        f"acknowledged with a receipt, {len(failed)} gave up"
    )
    print(f"\nbaseline: GET /halsa/ x {len(base_times)}, 8 at a time, p50 {base_p50:.1f} ms")
    print("\nall requests (a step's time runs from its first try to its success):")
    print(support.SUMMARY_HEADER)
    print("-" * len(support.SUMMARY_HEADER))
    print(support.summary_row("baseline /halsa/", base_times))
    for step in STEPS:
        values = [o.steps[step][0] for o in outcomes if step in o.steps]
        print(support.summary_row(step, values, base_p50))
    print(support.summary_row("whole answer", [o.total for o in acknowledged], base_p50))
    print("\nsteps that needed no retry:")
    for step in STEPS:
        values = [o.steps[step][0] for o in outcomes if step in o.steps and o.steps[step][1] == 1]
        print(support.summary_row(step, values, base_p50))
    retried = Counter(step for o in outcomes for step, (_, n) in o.steps.items() if n > 1)
    print(f"\nsteps that succeeded after a retry: {dict(retried) or 'none'}")
    print("failed attempts by step and kind (each retried unless the respondent gave up):")
    for (step, kind), count in sorted(ERRORS.items()):
        print(f"  {step:<8} {kind:<28} {count:>5}")
    if not ERRORS:
        print("  none")
    gave_up = Counter(outcome.error for outcome in failed)
    for kind, count in sorted(gave_up.items()):
        print(f"  gave up: {kind:<40} {count:>5}")

    print(
        f"\nworker: {'running' if worker_alive else 'DIED'} after the rush; PDF copies and "
        f"receipts finished {finish_wait:.1f} s after the last respondent (limit "
        f"{args.finish_wait:.0f} s), {time.monotonic() - rush_started:.1f} s after the first"
    )
    problems = prove(outcomes)
    duplicates = duplicate_attachments()
    print("\nproof:")
    from remiss.portal.models import AnswerStatus, PortalAnswer
    from remiss.responses.models import Channel, Document, Response

    submitted = PortalAnswer.objects.filter(status=AnswerStatus.INSKICKAT).count()
    print(
        f"  database: {submitted} submitted answers, "
        f"{Response.objects.filter(channel=Channel.PORTAL).count()} portal responses, "
        f"{Document.objects.count()} documents; {len(acknowledged)} acknowledged to clients "
        f"({submitted - len(acknowledged)} stored but not acknowledged)"
    )
    print(f"  the same attachment stored twice on one answer (a retried upload): {duplicates}")
    checks = [
        "acknowledged but no submitted answer with that SHA-256",
        "acknowledged answer without a Response",
        "acknowledged answer without its main document",
        "acknowledged answer without its attachment as a document",
        "acknowledged answer whose stored original is missing or hashes wrong",
        "submitted answer without Response or receipt",
        "submitted answer without its main document",
        "portal Response without a submitted answer",
        "portal Response without its main document",
        "Document without its file (or a file that hashes wrong)",
        "stored original that no Document or attachment refers to",
        "temporary .incoming- file left behind",
        "submitted answer without its PDF copy",
        "PDF copy missing, not a PDF or hashing wrong",
        "not exactly one PDF copy made (or the copy made a Document)",
        "not exactly one receipt mailed",
        "portal task failed or left unfinished",
    ]
    for check in checks:
        found = problems.get(check, [])
        print(f"  {'FAIL' if found else 'ok  '} {check}: {len(found)}")
        for item in found[:3]:
            print(f"         e.g. {item}")
    holds = not any(problems.get(check) for check in checks)
    print(
        "\nPROOF " + ("HOLDS" if holds else "FAILS")
        + ": every acknowledged submission is stored with its receipt's SHA-256, nothing "
        + "half-stored remains, and every submitted answer got exactly one PDF copy and receipt"
    )  # fmt: skip
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
