"""`remiss backup` and `remiss restore`: the demo backed up here and restored by another process
into an empty database, every count and checksum the same; a damaged archive refused."""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from production_support import fresh_database, python, remiss
from remiss.backup import backup_models
from remiss.responses.models import Document
from remiss.responses.storage import original_read

DOWNLOAD_HUDDINGE = """
import hashlib
from django.test import Client
from django.test.utils import setup_test_environment
from remiss.accounts.models import User
from remiss.responses.models import Document
setup_test_environment()
document = Document.objects.get(response__organisation__name="Huddinge kommun",
                                 original_filename="huddinge-ks-yttrande.txt")
client = Client()
client.force_login(User.objects.create_user("officer", role="handlaggare"))
response = client.get(f"/dokument/{document.pk}/original/")
body = b"".join(response.streaming_content)
print(response.status_code, hashlib.sha256(body).hexdigest(), document.sha256)
"""


@pytest.fixture
def archive(demo_case, tmp_path):
    path = tmp_path / "remiss-backup.tar.gz"
    call_command("backup", str(path), verbosity=0)
    return path


def _members(path) -> dict[str, bytes]:
    with tarfile.open(path, "r:*") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def test_the_archive_holds_a_manifest_the_data_and_every_original(archive):
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == 1
    assert manifest["database_vendor"] in {"sqlite", "postgresql"}
    assert manifest["remiss_version"]
    assert manifest["counts"]["responses.document"] == Document.objects.count() > 0
    assert "contenttypes.contenttype" not in manifest["counts"]
    assert "sessions.session" not in manifest["counts"]
    shas = set(Document.objects.values_list("sha256", flat=True))
    listed = {entry["sha256"]: entry["size"] for entry in manifest["files"]}
    assert shas <= set(listed)
    for sha, size in listed.items():
        assert hashlib.sha256(members[f"files/{sha}"]).hexdigest() == sha
        assert len(members[f"files/{sha}"]) == size
    assert hashlib.sha256(members["data.json"]).hexdigest() == manifest["data"]["sha256"]
    labels = {row["model"] for row in json.loads(members["data.json"])}
    assert "responses.document" in labels
    assert labels <= {model._meta.label_lower for model in backup_models()}


def test_another_process_restores_the_demo_into_an_empty_database(archive, tmp_path):
    manifest = json.loads(_members(archive)["manifest.json"])
    document = Document.objects.get(
        response__organisation__name="Huddinge kommun",
        original_filename="huddinge-ks-yttrande.txt",
    )
    with fresh_database(tmp_path) as env:
        restored = remiss(env, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert "every checksum verified" in restored.stdout
        counts = python(
            env,
            "import json\n"
            "from remiss.backup import database_rows\n"
            "print(json.dumps(database_rows()))",
        )
        assert counts.returncode == 0, counts.stderr
        download = python(env, DOWNLOAD_HUDDINGE)
        assert download.returncode == 0, download.stderr

        again = remiss(env, "restore", str(archive))
        assert again.returncode == 1
        assert "not empty" in again.stderr
        forced = remiss(env, "restore", str(archive), "--force")
        assert forced.returncode == 0, forced.stderr

    assert json.loads(counts.stdout) == manifest["counts"]
    status, served_sha, recorded_sha = download.stdout.split()
    assert status == "200"
    assert served_sha == recorded_sha == document.sha256
    assert hashlib.sha256(original_read(document.sha256)).hexdigest() == served_sha


def _rewrite(source, target, change) -> None:
    """Copy an archive, passing each member's bytes through change(name, data)."""
    with tarfile.open(source, "r:*") as old, tarfile.open(target, "w") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def _flip_one_byte(name: str, data: bytes) -> bytes:
    if name.startswith("files/"):
        return data[:100] + bytes([data[100] ^ 0x01]) + data[101:]
    return data


def test_a_tampered_original_is_refused_and_nothing_is_written(archive, tmp_path):
    tampered = tmp_path / "tampered.tar"
    _rewrite(archive, tampered, _flip_one_byte)
    with fresh_database(tmp_path) as env:
        result = remiss(env, "restore", str(tampered))
        rows = python(
            env,
            "from django.db import connection\nprint(len(connection.introspection.table_names()))",
        )
    assert result.returncode == 1
    assert "is damaged" in result.stderr
    assert rows.stdout.strip() == "0", "the database was not touched"
    files = tmp_path.glob("data-*/files/**/*")
    assert [path for path in files if path.is_file()] == []


def test_a_changed_data_file_is_refused(archive, tmp_path):
    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"Huddinge", b"Hudding3") if name == "data.json" else data

    tampered = tmp_path / "tampered.tar"
    _rewrite(archive, tampered, change)
    with pytest.raises(CommandError, match=r"data\.json does not match"):
        call_command("restore", str(tampered), verbosity=0)


def test_a_file_missing_from_the_archive_is_refused(archive, tmp_path):
    stripped = tmp_path / "stripped.tar"
    with tarfile.open(archive, "r:*") as old, tarfile.open(stripped, "w") as new:
        for member in old:
            if not member.name.startswith("files/"):
                new.addfile(member, old.extractfile(member))
    with pytest.raises(CommandError, match="not in the archive"):
        call_command("restore", str(stripped), verbosity=0)


def test_a_backup_stops_when_an_original_is_missing_from_the_store(demo_case, tmp_path):
    from remiss.responses.storage import original_path

    path = original_path(Document.objects.first().sha256)
    path.chmod(0o644)
    path.unlink()
    with pytest.raises(CommandError, match="missing"):
        call_command("backup", str(tmp_path / "b.tar"), verbosity=0)
    assert not (tmp_path / "b.tar").exists()
