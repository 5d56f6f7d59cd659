"""Fixtures shared by every test: a fixed cast of users, a private file store, fast hashing.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL points there. With
REMISS_REQUIRE_ALL=1 (as in CI) a test that would be skipped fails instead, so a missing
browser or database cannot pass unnoticed.
"""

import os

import pytest

REQUIRE_ALL = os.environ.get("REMISS_REQUIRE_ALL", "").lower() in {"1", "true", "yes"}
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` (row locks SQLite does not have) are not collected on SQLite:
    CI runs the suite on both, so they run there, and nothing is skipped."""
    if ON_POSTGRESQL:
        return
    elsewhere = [item for item in items if item.get_closest_marker("postgresql")]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"REMISS_REQUIRE_ALL is set, so this skip is a failure: {reason}"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FILES_DIR = tmp_path / "files"
    settings.INTAKE_SPOOL_DIR = tmp_path / "incoming"
    # Background tasks run inline (Django resets its task backends when TASKS changes).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, *, role: str = "", **extra):
        return django_user_model.objects.create_user(
            username=username, password="test-password-1", role=role, **extra
        )

    return make


@pytest.fixture
def registrator(make_user):
    return make_user("registrator", role="registrator")


@pytest.fixture
def handlaggare(make_user):
    return make_user("handlaggare", role="handlaggare")


@pytest.fixture
def respondent(make_user):
    """Someone from an invited body with an account but no officer role."""
    return make_user("respondent")


@pytest.fixture
def demo_case(db):
    from remiss.demo.services import demo_load

    return demo_load().consultation
