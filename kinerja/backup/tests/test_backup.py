"""Backup and restore: one archive with the database and the file store, checked
by SHA-256 before anything is touched, restored whole into an empty deployment
or not at all."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection

from kinerja.agreements.models import AgreementLocked, Section, Status
from kinerja.backup import services
from kinerja.backup.services import (
    MANIFEST,
    BackupError,
    backup_create,
    backup_models,
    backup_restore,
    file_sha256,
    migration_state,
    storage_names,
)

pytestmark = pytest.mark.django_db


# Helpers ----------------------------------------------------------------------------------------------------------


def rows() -> dict[str, list[dict]]:
    """Every row of every backed-up model, by model, in id order."""
    return {model._meta.label_lower: list(model._base_manager.order_by("pk").values()) for model in backup_models()}


def stored_files() -> dict[str, bytes]:
    """Every file of the store with its bytes."""
    files = {}
    for name in storage_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return files


def row_total() -> int:
    return sum(model._base_manager.count() for model in backup_models())


def empty_deployment(settings, media: Path) -> None:
    """Make this test's database look freshly migrated, with a new, empty file store.

    Every table is emptied; the content types and permissions are then made
    again as `migrate` makes them, with other ids than the archive's.
    """
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    settings.MEDIA_ROOT = str(media)


def only_migrate_rows() -> bool:
    """True when the database holds nothing but what `migrate` creates."""
    return all(
        model._meta.label_lower in services.MIGRATE_CREATED_MODELS or not model._base_manager.exists()
        for model in backup_models()
    )


def rewrite(archive: Path, output: Path, *, change=None, extra: dict[str, bytes] | None = None, manifest=None) -> Path:
    """A copy of `archive` with members changed by `change(name, data)`, `extra` members added (listed in
    the manifest with their true SHA-256) and the manifest passed through `manifest(dict)`."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    listing = json.loads(members.pop(MANIFEST))
    for name, data in (extra or {}).items():
        members[name] = data
        listing["members"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    if change:
        members = {name: change(name, data) for name, data in members.items()}
    if manifest:
        manifest(listing)
    members[MANIFEST] = json.dumps(listing).encode()
    with tarfile.open(output, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return output


@pytest.fixture
def archive(demo_story, tmp_path) -> Path:
    """A backup of the session's data: the organisation, the demo and its stored scans and packages."""
    return backup_create(output=tmp_path / "cadangan.tar.gz").path


# Backup -----------------------------------------------------------------------------------------------------------


def test_backup_manifest_lists_every_member_with_its_sha256_schema_counts_and_version(archive):
    with tarfile.open(archive, "r:gz") as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    manifest = json.loads(members.pop(MANIFEST))
    assert manifest["format"] == "kinerja-backup/1" and manifest["kinerja_version"] == "0.1.0"
    assert manifest["created_at"] and manifest["migrations"] == migration_state()
    assert manifest["migrations"]["agreements"] and manifest["migrations"]["auth"]
    assert manifest["members"] == {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in members.items()
    }
    # Every model of every app, many-to-many tables included; sessions are left out.
    assert manifest["counts"] == {model._meta.label_lower: model._base_manager.count() for model in backup_models()}
    assert {"auth.user", "auth.group", "auth.permission", "auth.user_groups", "axes.accessattempt"} <= set(
        manifest["counts"]
    )
    assert {"django_tasks_database.dbtaskresult", "submissions.compilationpackage_agreements"} <= set(
        manifest["counts"]
    )
    assert "sessions.session" not in manifest["counts"] and manifest["excluded_models"] == ["sessions.session"]
    assert manifest["counts"]["agreements.signedscan"] == 2
    # The file store as the storage API lists it, byte for byte.
    files = {name.removeprefix("files/"): data for name, data in members.items() if name.startswith("files/")}
    assert files == stored_files()
    assert any(name.startswith("pindaian/2024/") for name in files)
    assert manifest["files"] == {"count": len(files), "bytes": sum(len(data) for data in files.values())}


def test_backup_does_not_overwrite_an_existing_file(tmp_path):
    existing = tmp_path / "ada.tar.gz"
    existing.write_bytes(b"cadangan lama")
    with pytest.raises(BackupError, match="sudah ada"):
        backup_create(output=existing)
    assert existing.read_bytes() == b"cadangan lama"


# Restore ----------------------------------------------------------------------------------------------------------


def test_restore_brings_back_every_row_and_file_into_an_empty_deployment(archive, settings, tmp_path):
    before_rows, before_files = rows(), stored_files()
    empty_deployment(settings, tmp_path / "media-baru")
    assert only_migrate_rows() and stored_files() == {}
    # The fresh deployment numbered its content types anew.
    assert rows()["contenttypes.contenttype"] != before_rows["contenttypes.contenttype"]

    summary = backup_restore(archive=archive)

    assert summary.sha256 == file_sha256(archive)
    assert summary.files_written == len(before_files) and summary.files_already_present == 0
    assert rows() == before_rows
    assert stored_files() == before_files


def test_tampered_member_is_refused_before_anything_changes(archive, settings, tmp_path):
    def one_byte_changed(name: str, data: bytes) -> bytes:
        if name != "database/agreements.row.jsonl":
            return data
        at = data.index(b'"target": "') + len(b'"target": "')
        return data[:at] + (b"8" if data[at : at + 1] == b"9" else b"9") + data[at + 1 :]

    tampered = rewrite(archive, tmp_path / "diubah.tar.gz", change=one_byte_changed)
    empty_deployment(settings, tmp_path / "media-baru")
    empty = rows()

    with pytest.raises(BackupError, match="SHA-256 anggota “database/agreements.row.jsonl” tidak cocok"):
        backup_restore(archive=tampered)

    assert rows() == empty and stored_files() == {}


def test_restore_into_a_deployment_with_data_is_refused(archive, settings, tmp_path):
    before = row_total()
    settings.MEDIA_ROOT = str(tmp_path / "media-baru")

    with pytest.raises(BackupError, match="Basis data tujuan sudah berisi data"):
        backup_restore(archive=archive)

    assert row_total() == before and stored_files() == {}


@pytest.mark.parametrize(
    "name", ["../keluar.txt", "/tmp/keluar.txt", "files/../../keluar.txt", "files/pindaian/../../../keluar.txt"]
)
def test_member_outside_the_archive_is_refused(archive, settings, tmp_path, name):
    crafted = rewrite(archive, tmp_path / "jahat.tar.gz", extra={name: b"isi"})
    empty_deployment(settings, tmp_path / "media" / "baru")

    with pytest.raises(BackupError, match="nama berkas yang tidak diizinkan"):
        backup_restore(archive=crafted)

    assert only_migrate_rows() and stored_files() == {}
    assert not list(tmp_path.rglob("keluar.txt"))


def test_link_member_is_refused(archive, tmp_path):
    crafted = tmp_path / "tautan.tar.gz"
    with tarfile.open(crafted, "w:gz") as tar:
        link = tarfile.TarInfo("files/pindaian/tautan.pdf")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)

    with pytest.raises(BackupError, match="bukan berkas biasa"):
        backup_restore(archive=crafted)


def test_archive_of_another_migration_state_is_refused(archive, settings, tmp_path):
    def older_schema(listing: dict) -> None:
        listing["migrations"]["agreements"] = "0001_initial"

    crafted = rewrite(archive, tmp_path / "lama.tar.gz", manifest=older_schema)
    empty_deployment(settings, tmp_path / "media-baru")

    with pytest.raises(BackupError, match="Keadaan migrasi arsip berbeda.*agreements: arsip 0001_initial"):
        backup_restore(archive=crafted)

    assert only_migrate_rows() and stored_files() == {}


def test_a_restore_that_fails_midway_leaves_no_row_and_no_file(archive, settings, tmp_path, monkeypatch):
    empty_deployment(settings, tmp_path / "media-baru")
    saved = []

    def save_then_fail(self, name, content, max_length=None):
        if saved:
            raise OSError("disk penuh")
        saved.append(original_save(self, name, content, max_length=max_length))
        return saved[-1]

    original_save = FileSystemStorage.save
    monkeypatch.setattr(FileSystemStorage, "save", save_then_fail)

    with pytest.raises(BackupError, match="Pemulihan gagal dan dibatalkan.*disk penuh"):
        backup_restore(archive=archive)

    assert saved, "the first file was written before the failure"
    assert only_migrate_rows() and stored_files() == {}


@pytest.mark.django_db(transaction=True)
def test_commands_round_trip_into_a_freshly_migrated_deployment(loaded_db, demo_story, settings, tmp_path):
    """Backup, a deployment emptied as `migrate` leaves it, restore: every row and file as it was,
    new rows numbered after the restored ones, and the signed content still guarded."""
    path = tmp_path / "cadangan.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    assert f"SHA-256 arsip: {file_sha256(path)}" in out.getvalue()
    assert "agreements.agreement" in out.getvalue() and "Cadangan ditulis ke" in out.getvalue()
    before_rows, before_files = rows(), stored_files()
    top_user_id = max(row["id"] for row in before_rows["auth.user"])

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = str(tmp_path / "media-baru")
    assert only_migrate_rows() and stored_files() == {}
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)

    assert f"SHA-256 arsip: {file_sha256(path)}" in out.getvalue() and "Pemulihan selesai" in out.getvalue()
    assert rows() == before_rows
    assert stored_files() == before_files
    assert get_user_model().objects.create(username="pengguna.baru").pk > top_user_id
    signed_section = Section.objects.filter(agreement__status=Status.RECEIVED).first()
    with pytest.raises(AgreementLocked):
        signed_section.save()
