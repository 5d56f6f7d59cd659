"""Schemathesis against the API's own schema: every GET operation, with a valid token, against
the demo case. Generated ids are mostly swapped for real ones so the answers have content; the
rest stay random and must give a documented 404. Bounded so it finishes in seconds."""

import secrets
import uuid

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings

from remiss.api.models import ApiToken
from remiss.api.services import token_sha256
from remiss.demo.services import demo_load
from remiss.responses.intake import IncomingFile, intake_run_create, intake_run_execute
from remiss.wsgi import application

# Loaded from the running application when the tests are collected (serving the schema needs
# no database). schemathesis.pytest.from_fixture would load it later, but its lazy loader does
# not work with pytest 9 (it sets Function._nodeid, which pytest no longer has).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo case loaded once for every operation, rolled back at the end; its originals
    kept in a folder of its own. Each test still runs in its own savepoint."""
    files_dir = tmp_path_factory.mktemp("files")
    with (
        django_db_blocker.unblock(),
        override_settings(FILES_DIR=files_dir, INTAKE_SPOOL_DIR=files_dir / "incoming"),
        transaction.atomic(),
    ):
        consultation = demo_load().consultation
        answer = consultation.responses.get()
        files = [IncomingFile("tom.pdf", b""), IncomingFile("kort.txt", b"Ett kort brev.")]
        run = intake_run_create(
            actor=None, consultation=consultation, channel="uppladdning", files=files
        )
        intake_run_execute(run=run, files=files)
        ids = {
            "consultation_id": str(consultation.pk),
            "answer_id": str(answer.pk),
            "document_id": str(answer.documents.get().pk),
            "run_id": str(run.pk),
        }
        yield files_dir, ids
        transaction.set_rollback(True)


@pytest.fixture
def real_ids(demo_module, db, settings):
    """The ids a path may name: the demo case and an intake run with a broken file."""
    settings.FILES_DIR, ids = demo_module
    return ids


@pytest.fixture
def same_connection():
    """Calls go straight to the WSGI application, whose request signals would close the
    database connection (and with it the test's transaction) on PostgreSQL. Django's test
    client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Cases of the coverage phase are built when the tests are collected, auth included, so the
# secret is fixed for the module; each test stores its hash as a token of a case officer.
SECRET = "remiss_" + secrets.token_urlsafe(32)


@schema.auth(refresh_interval=None)
class Bearer:
    """The token given through schemathesis's own auth hook, so it knows the requests are
    authenticated (and does not count the header as something it left out on purpose)."""

    def get(self, case, context):
        return SECRET

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def bearer(handlaggare):
    ApiToken.objects.create(
        name="schemathesis", user=handlaggare, token_sha256=token_sha256(SECRET)
    )


def with_real_ids(case, real_ids: dict[str, str]) -> None:
    """Three of four valid generated UUIDs become real ids; the others stay random."""
    places = [(case.path_parameters or {}, name) for name in real_ids]
    places.append((case.query or {}, "consultation"))
    for values, name in places:
        try:
            generated = uuid.UUID(str(values.get(name)))
        except ValueError:
            continue  # absent, or a deliberately invalid value the API must refuse
        if generated.int % 4:
            values[name] = real_ids["consultation_id" if name == "consultation" else name]


@schema.include(method="GET").parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_get_operation_keeps_to_the_schema(case, real_ids, bearer, same_connection):
    with_real_ids(case, real_ids)
    case.call_and_validate()
