"""Backup and restore of a whole deployment: the database and the file store in one archive.

The archive is a gzip-compressed tar file with these members, in this order:

    database/<app_label>.<model_name>.jsonl   every row of one model (Django's JSON Lines serialisation)
    files/<name>                              every file of the file store (`default_storage`), as stored
    manifest.json                             SHA-256 and size of every other member, the migration
                                              state, rows per model, when it was made, which Kinerja

The manifest comes last because the files are streamed from the store into the
archive and hashed on the way; a restore reads the whole archive once to check
every hash before it touches anything, so it does not need the manifest first.

Rows go through Django's serialisers, so an archive made on SQLite restores on
PostgreSQL and the other way round. They are restored raw
(`DeserializedObject.save()` calls `Model.save_base(raw=True)`): no `save()`
override runs, so the guards that keep a signed agreement's content as signed
(`agreements.models.DraftOnlyContent` and `Agreement.save`) do not see the
restore, and `auto_now` fields keep their stored times. The guards themselves
are untouched and hold again for every later write.
"""

import dataclasses
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.backup.archive import (
    CHUNK_SIZE,
    DATABASE_DIR,
    EXCLUDED_MODELS,
    FILES_DIR,
    FORMAT,
    MANIFEST,
    MIGRATE_CREATED_MODELS,
    SPOOL_SIZE,
    BackupError,
    ExactJSONEncoder,
    HashingReader,
    archive_open,
    archive_verify,
    backup_models,
    checked_name,
    file_sha256,
    kinerja_version,
    migration_state,
    refused,
    serialised_fields,
    storage_names,
)

__all__ = [
    "MANIFEST",
    "MIGRATE_CREATED_MODELS",
    "BackupError",
    "archive_verify",
    "backup_create",
    "backup_models",
    "backup_restore",
    "file_sha256",
    "migration_state",
    "storage_names",
]


@dataclasses.dataclass(frozen=True)
class BackupSummary:
    path: Path
    sha256: str
    size: int
    counts: dict[str, int]
    files: int
    file_bytes: int


@dataclasses.dataclass(frozen=True)
class RestoreSummary:
    sha256: str
    counts: dict[str, int]
    files_written: int
    files_already_present: int
    manifest: dict


# Backup ------------------------------------------------------------------------------------------------------------


def backup_create(*, output: Path, storage: Storage | None = None, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write every row of the database and every file of the store into one archive at `output`.

    The rows are read in one transaction (REPEATABLE READ on PostgreSQL; on
    SQLite the transaction holds the write lock, so writers wait until the rows
    are read), a model at a time and a chunk of rows at a time, into temporary
    files beside `output`; the files of the store are then streamed into the
    archive. The archive is written under a temporary name, readable by its
    owner only (it holds password hashes), and renamed to `output` when complete.
    """
    storage = storage or default_storage
    output = Path(output)
    if output.exists():
        raise BackupError(
            _("Berkas %(output)s sudah ada; pilih nama lain agar tidak menimpa cadangan yang ada.") % {"output": output}
        )
    created = timezone.now()
    members: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory(prefix=".kinerja-backup-", dir=output.parent) as workdir:
            partial = Path(workdir) / "archive.tar.gz"
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar,
            ):
                counts, migrations = _database_dump(Path(workdir), using=using)
                for label in counts:
                    path = Path(workdir) / f"{label}.jsonl"
                    with path.open("rb") as handle:
                        _add_member(tar, f"{DATABASE_DIR}{label}.jsonl", handle, path.stat().st_size, created, members)
                    path.unlink()
                files, file_bytes = _files_add(tar, storage, created, members)
                manifest = {
                    "format": FORMAT,
                    "created_at": created.isoformat(),
                    "kinerja_version": kinerja_version(),
                    "database_vendor": connections[using].vendor,
                    "migrations": migrations,
                    "counts": counts,
                    "excluded_models": sorted(EXCLUDED_MODELS),
                    "files": {"count": files, "bytes": file_bytes},
                    "members": members,
                }
                _manifest_add(tar, manifest, created)
            os.replace(partial, output)
    except OSError as error:
        raise BackupError(
            _("Cadangan gagal ditulis: %(error)s. Berkas %(output)s tidak dibuat.") % {"error": error, "output": output}
        ) from error
    return BackupSummary(
        path=output,
        sha256=file_sha256(output),
        size=output.stat().st_size,
        counts=counts,
        files=files,
        file_bytes=file_bytes,
    )


def _files_add(tar: tarfile.TarFile, storage: Storage, created, members: dict) -> tuple[int, int]:
    """Stream every file of the store into the archive; (number of files, their bytes)."""
    files, file_bytes = 0, 0
    for name in storage_names(storage):
        size = storage.size(name)
        with storage.open(name, "rb") as handle:
            _add_member(tar, f"{FILES_DIR}{name}", handle, size, created, members)
        files, file_bytes = files + 1, file_bytes + size
    return files, file_bytes


def _manifest_add(tar: tarfile.TarFile, manifest: dict, created) -> None:
    """The manifest, last: it lists the SHA-256 of every member written before it."""
    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


def _add_member(tar: tarfile.TarFile, name: str, handle: IO[bytes], size: int, created, members: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(created.timestamp()), 0o600
    reader = HashingReader(handle)
    tar.addfile(info, reader)
    members[name] = {"sha256": reader.digest.hexdigest(), "size": size}


def _database_dump(workdir: Path, *, using: str) -> tuple[dict[str, int], dict[str, str]]:
    """Every row of every backed-up model into `<label>.jsonl` in `workdir`; rows per model and migration state."""
    connection = connections[using]
    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            # One snapshot for every table, so that the rows of one model never
            # point at rows of another that were written after it was read.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        migrations = migration_state(using=using)
        for model in backup_models():
            label = model._meta.label_lower
            rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000)
            with (workdir / f"{label}.jsonl").open("w", encoding="utf-8") as handle:
                serializers.serialize(
                    "jsonl",
                    _counted(rows, counts, label),
                    stream=handle,
                    fields=serialised_fields(model),
                    cls=ExactJSONEncoder,
                )
    return counts, migrations


def _counted(rows: Iterable[Model], counts: dict[str, int], label: str) -> Iterator[Model]:
    counts[label] = 0
    for row in rows:
        counts[label] += 1
        yield row


def _schema_check(manifest: dict, *, using: str) -> None:
    """Refuse a target whose migrations or models differ from the archive's."""
    archive_state, target_state = manifest.get("migrations", {}), migration_state(using=using)
    if archive_state != target_state:
        differences = [
            _("%(app)s: arsip %(archive)s, tujuan %(target)s")
            % {"app": app, "archive": archive_state.get(app, "-"), "target": target_state.get(app, "-")}
            for app in sorted(set(archive_state) | set(target_state))
            if archive_state.get(app) != target_state.get(app)
        ]
        raise refused(
            _(
                "Keadaan migrasi arsip berbeda dengan basis data tujuan (%(differences)s). Pasang versi Kinerja "
                "yang sama dengan saat cadangan dibuat dan jalankan `manage.py migrate`."
            )
            % {"differences": "; ".join(differences)}
        )
    models = {model._meta.label_lower for model in backup_models()}
    in_archive = {
        name[len(DATABASE_DIR) : -len(".jsonl")] for name in manifest["members"] if name.startswith(DATABASE_DIR)
    }
    if in_archive != models or set(manifest.get("counts", {})) != models:
        missing, unknown = sorted(models - in_archive), sorted(in_archive - models)
        raise refused(
            _(
                "Tabel arsip tidak sama dengan model instalasi ini (tidak ada di arsip: %(missing)s; "
                "tidak dikenal: %(unknown)s)."
            )
            % {"missing": ", ".join(missing) or "-", "unknown": ", ".join(unknown) or "-"}
        )


def _empty_check(*, using: str) -> None:
    """Refuse a target that holds data beyond what `migrate` creates."""
    filled = [
        model._meta.label_lower
        for model in backup_models()
        if model._meta.label_lower not in MIGRATE_CREATED_MODELS and model._base_manager.using(using).exists()
    ]
    if filled:
        raise refused(
            _(
                "Basis data tujuan sudah berisi data (%(models)s). Pemulihan hanya ke instalasi kosong: "
                "buat basis data baru, jalankan `manage.py migrate`, lalu ulangi."
            )
            % {"models": ", ".join(filled[:5]) + (" …" if len(filled) > 5 else "")}
        )


def _files_present(manifest: dict, *, storage: Storage) -> set[str]:
    """The archive's files already in the store with the same content; one with other content is refused."""
    present = set()
    for member, listed in manifest["members"].items():
        if not member.startswith(FILES_DIR):
            continue
        name = member[len(FILES_DIR) :]
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                reader = HashingReader(handle)
                while reader.read(CHUNK_SIZE):
                    pass
            if reader.digest.hexdigest() != listed["sha256"]:
                raise refused(
                    _(
                        "Penyimpanan berkas tujuan sudah memuat “%(name)s” dengan isi lain; berkas tidak akan "
                        "ditimpa. Kosongkan penyimpanan berkas lalu ulangi."
                    )
                    % {"name": name}
                )
            present.add(name)
    return present


def _target_check(manifest: dict, *, storage: Storage, using: str) -> set[str]:
    """Refuse a target that differs from the archive's schema or holds data; the files already in the store.

    A file of the archive that is already in the store with the same content is
    left as it is; one with other content is refused rather than overwritten.
    """
    _schema_check(manifest, using=using)
    _empty_check(using=using)
    return _files_present(manifest, storage=storage)


# Restore ----------------------------------------------------------------------------------------------------------


def backup_restore(*, archive: Path, storage: Storage | None = None, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Bring an archive of `backup_create` back into an empty deployment (migrated, without data).

    Before anything is touched: every member's SHA-256 is checked against the
    manifest, the target's migration state must equal the archive's, the
    target's tables must be empty (but for the content types and permissions
    `migrate` creates) and no file of the archive may already be in the store
    with other content. The rows are then loaded in one transaction, the files
    written through the storage API, the PostgreSQL sequences moved past the
    restored ids and every foreign key checked; if anything fails the
    transaction is rolled back and the files written so far are deleted, so
    nothing is left. The archive is hashed again as it is loaded, in case it
    changed between the check and the load.
    """
    storage = storage or default_storage
    manifest, sha256 = archive_verify(archive=archive)
    present = _target_check(manifest, storage=storage, using=using)
    written: list[str] = []
    try:
        with transaction.atomic(using=using):
            counts = _load(Path(archive), manifest, storage=storage, present=present, written=written, using=using)
    except BackupError:
        _delete(storage, written)
        raise
    except (DatabaseError, OSError, ValueError, DeserializationError) as error:
        _delete(storage, written)
        raise refused(_("Pemulihan gagal dan dibatalkan (%(error)s).") % {"error": error}) from error
    except BaseException:
        _delete(storage, written)
        raise
    finally:
        ContentType.objects.clear_cache()
    return RestoreSummary(
        sha256=sha256,
        counts=counts,
        files_written=len(written),
        files_already_present=len(present),
        manifest=manifest,
    )


def _delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _changed(name: str) -> BackupError:
    return refused(_("Arsip berubah selama pemulihan (“%(name)s”). Pemulihan dibatalkan.") % {"name": name})


def _load(archive: Path, manifest: dict, *, storage: Storage, present: set[str], written: list, using: str) -> dict:
    connection = connections[using]
    # The content types and permissions `migrate` made are replaced by the
    # archive's, ids included; nothing else refers to them yet (the target is empty).
    Permission.objects.using(using).all().delete()
    ContentType.objects.using(using).all().delete()
    counts = dict.fromkeys(manifest["counts"], 0)
    try:
        with archive_open(archive) as tar:
            for member in tar:
                name = checked_name(member)
                if name == MANIFEST:
                    continue
                expected = manifest["members"].get(name)
                if expected is None:
                    raise _changed(name)
                handle = tar.extractfile(member)
                if name.startswith(DATABASE_DIR):
                    digest = _rows_load(handle, counts, using=using)
                else:
                    digest = _file_restore(handle, name[len(FILES_DIR) :], storage, present, written)
                if digest != expected.get("sha256"):
                    raise _changed(name)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise refused(_("Arsip tidak dapat dibaca selama pemulihan (%(error)s).") % {"error": error}) from error
    if counts != manifest["counts"]:
        different = [label for label in counts if counts[label] != manifest["counts"].get(label)]
        raise refused(_("Jumlah baris tidak cocok dengan manifes: %(models)s.") % {"models": ", ".join(different)})
    models = backup_models()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    connection.check_constraints(table_names=[model._meta.db_table for model in models])
    return counts


def _rows_load(handle: IO[bytes], counts: dict[str, int], *, using: str) -> str:
    """Insert the rows of one member raw (no save() override, no auto_now); the SHA-256 of what was read."""
    digest = hashlib.sha256()

    def lines() -> Iterator[str]:
        for line in handle:
            digest.update(line)
            yield line.decode("utf-8")

    for row in serializers.deserialize("jsonl", lines(), using=using):
        label = row.object._meta.label_lower
        if label not in counts:
            raise refused(_("Arsip memuat baris model yang tidak dicadangkan: %(model)s.") % {"model": label})
        row.save(using=using, force_insert=True)
        counts[label] += 1
    return digest.hexdigest()


def _file_restore(handle: IO[bytes], name: str, storage: Storage, present: set[str], written: list) -> str:
    """Write one file to the store under its own name; the SHA-256 of what was read."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE) as spool:
        reader = HashingReader(handle)
        while chunk := reader.read(CHUNK_SIZE):
            spool.write(chunk)
        if name not in present:
            spool.seek(0)
            saved = storage.save(name, File(spool, name=posixpath.basename(name)))
            written.append(saved)
            if saved != name:
                raise refused(
                    _("Penyimpanan berkas menyimpan “%(name)s” dengan nama lain (“%(saved)s”). Pemulihan dibatalkan.")
                    % {"name": name, "saved": saved}
                )
    return reader.digest.hexdigest()
