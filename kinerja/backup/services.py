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
import datetime
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.utils import timezone

FORMAT = "kinerja-backup/1"
MANIFEST = "manifest.json"
DATABASE_DIR = "database/"
FILES_DIR = "files/"
# Sessions are left out: a restored deployment starts with everyone signed out.
EXCLUDED_MODELS = frozenset({"sessions.session"})
# `migrate` creates these rows itself, so an empty deployment already has them.
# The restore replaces them with the archive's, so that every reference to a
# content type or a permission keeps its id.
MIGRATE_CREATED_MODELS = frozenset({"contenttypes.contenttype", "auth.permission"})
CHUNK_SIZE = 1024 * 1024
# Files up to this size are staged in memory on the way from the archive to the store.
SPOOL_SIZE = 8 * 1024 * 1024
MANIFEST_MAX_SIZE = 64 * 1024 * 1024
UNTOUCHED = "Tidak ada yang diubah."


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Indonesian."""


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


# What is kept ----------------------------------------------------------------------------------------------------


def backup_models() -> list[type[Model]]:
    """Every model with a table of its own, the through tables of many-to-many fields included, sessions not.

    Read from the app registry each time, so a model added to any installed app
    is backed up without a change here.
    """
    models = (
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED_MODELS
    )
    return sorted(models, key=lambda model: model._meta.label_lower)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: DjangoJSONEncoder cuts them to the millisecond, as ECMAScript does."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _serialised_fields(model: type[Model]) -> list[str]:
    # Many-to-many links are kept as rows of their through tables (with their
    # own ids), so they are left out of the rows that own them.
    return [field.name for field in model._meta.local_fields]


def migration_state(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The latest applied migration of each installed app, as {app_label: migration name}."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    applied: dict[str, list[tuple[str, str]]] = {}
    for key in loader.applied_migrations:
        if key in loader.graph.nodes:
            applied.setdefault(key[0], []).append(key)
    # The latest migration of an app is the one that depends, directly or not,
    # on the most others.
    return {
        app_label: max(keys, key=lambda key: (len(loader.graph.forwards_plan(key)), key[1]))[1]
        for app_label, keys in sorted(applied.items())
    }


def kinerja_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "tidak diketahui"


def storage_names(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file of the store, through the storage API (a folder or an S3 bucket alike)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a store that never received a file has no folder yet
        return
    for name in sorted(files):
        yield posixpath.join(directory, name)
    for name in sorted(directories):
        yield from storage_names(storage, posixpath.join(directory, name))


# Backup ------------------------------------------------------------------------------------------------------------


class _HashingReader:
    """Reads through to `raw`, keeping the SHA-256 and the length of what was read."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


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
        raise BackupError(f"Berkas {output} sudah ada; pilih nama lain agar tidak menimpa cadangan yang ada.")
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
                files, file_bytes = 0, 0
                for name in storage_names(storage):
                    size = storage.size(name)
                    with storage.open(name, "rb") as handle:
                        _add_member(tar, f"{FILES_DIR}{name}", handle, size, created, members)
                    files, file_bytes = files + 1, file_bytes + size
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
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, output)
    except OSError as error:
        raise BackupError(f"Cadangan gagal ditulis: {error}. Berkas {output} tidak dibuat.") from error
    return BackupSummary(
        path=output,
        sha256=file_sha256(output),
        size=output.stat().st_size,
        counts=counts,
        files=files,
        file_bytes=file_bytes,
    )


def _add_member(tar: tarfile.TarFile, name: str, handle: IO[bytes], size: int, created, members: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(created.timestamp()), 0o600
    reader = _HashingReader(handle)
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
                    fields=_serialised_fields(model),
                    cls=ExactJSONEncoder,
                )
    return counts, migrations


def _counted(rows: Iterable[Model], counts: dict[str, int], label: str) -> Iterator[Model]:
    counts[label] = 0
    for row in rows:
        counts[label] += 1
        yield row


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Checking an archive ----------------------------------------------------------------------------------------------


def _checked_name(member: tarfile.TarInfo) -> str:
    """The member's name if it is a plain file inside the archive's own layout; refused otherwise."""
    name = member.name
    parts = name.split("/")
    if (
        name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in parts)
        or not (name == MANIFEST or (parts[0] + "/" in (DATABASE_DIR, FILES_DIR) and len(parts) > 1))
    ):
        raise BackupError(
            f"Arsip memuat nama berkas yang tidak diizinkan: “{name}” (jalur absolut, “..” atau di luar "
            f"database/ dan files/). Arsip ditolak. {UNTOUCHED}"
        )
    if not member.isreg():
        raise BackupError(f"Anggota arsip “{name}” bukan berkas biasa (tautan atau folder). Arsip ditolak. {UNTOUCHED}")
    return name


def _open(archive: Path) -> tarfile.TarFile:
    # Stream mode: the archive is read front to back, never held whole.
    return tarfile.open(archive, mode="r|gz")


def archive_verify(*, archive: Path) -> tuple[dict, str]:
    """Read the whole archive and check it against its manifest; (manifest, SHA-256 of the archive file).

    Every member must be a plain file with an allowed name, listed in the
    manifest once, with the manifest's SHA-256 and size; nothing else may be in
    the archive. Nothing outside the archive is read or written.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Arsip {archive} tidak ditemukan.")
    found: dict[str, dict] = {}
    manifest_data = None
    try:
        with _open(archive) as tar:
            for member in tar:
                name = _checked_name(member)
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(f"Anggota arsip “{name}” muncul dua kali. Arsip ditolak. {UNTOUCHED}")
                handle = tar.extractfile(member)
                if name == MANIFEST:
                    if member.size > MANIFEST_MAX_SIZE:
                        raise BackupError(f"Manifes arsip terlalu besar. Arsip ditolak. {UNTOUCHED}")
                    manifest_data = handle.read()
                    continue
                reader = _HashingReader(handle)
                while reader.read(CHUNK_SIZE):
                    pass
                found[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"Arsip {archive} tidak dapat dibaca ({error}): rusak atau bukan cadangan Kinerja. {UNTOUCHED}"
        ) from error
    if manifest_data is None:
        raise BackupError(f"Arsip tidak memuat {MANIFEST}: bukan cadangan Kinerja yang lengkap. {UNTOUCHED}")
    try:
        manifest = json.loads(manifest_data)
        listed = manifest["members"]
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"Format arsip “{manifest.get('format')}” tidak dikenal (diharapkan {FORMAT}). {UNTOUCHED}"
            )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"Manifes arsip rusak ({error}). {UNTOUCHED}") from error
    for name in sorted(set(listed) | set(found)):
        if name not in found:
            raise BackupError(f"Anggota “{name}” tercantum di manifes tetapi tidak ada di arsip. {UNTOUCHED}")
        if name not in listed:
            raise BackupError(f"Anggota “{name}” ada di arsip tetapi tidak tercantum di manifes. {UNTOUCHED}")
        if listed[name].get("sha256") != found[name]["sha256"] or listed[name].get("size") != found[name]["size"]:
            raise BackupError(
                f"SHA-256 anggota “{name}” tidak cocok dengan manifes: arsip rusak atau telah diubah. "
                f"Arsip ditolak. {UNTOUCHED}"
            )
    return manifest, file_sha256(archive)


def _target_check(manifest: dict, *, storage: Storage, using: str) -> set[str]:
    """Refuse a target that differs from the archive's schema or holds data; the files already in the store.

    A file of the archive that is already in the store with the same content is
    left as it is; one with other content is refused rather than overwritten.
    """
    archive_state, target_state = manifest.get("migrations", {}), migration_state(using=using)
    if archive_state != target_state:
        differences = [
            f"{app}: arsip {archive_state.get(app, '-')}, tujuan {target_state.get(app, '-')}"
            for app in sorted(set(archive_state) | set(target_state))
            if archive_state.get(app) != target_state.get(app)
        ]
        raise BackupError(
            "Keadaan migrasi arsip berbeda dengan basis data tujuan ("
            + "; ".join(differences)
            + "). Pasang versi Kinerja yang sama dengan saat cadangan dibuat dan jalankan `manage.py migrate`. "
            + UNTOUCHED
        )
    models = {model._meta.label_lower for model in backup_models()}
    in_archive = {
        name[len(DATABASE_DIR) : -len(".jsonl")] for name in manifest["members"] if name.startswith(DATABASE_DIR)
    }
    if in_archive != models or set(manifest.get("counts", {})) != models:
        missing, unknown = sorted(models - in_archive), sorted(in_archive - models)
        raise BackupError(
            f"Tabel arsip tidak sama dengan model instalasi ini (tidak ada di arsip: {', '.join(missing) or '-'}; "
            f"tidak dikenal: {', '.join(unknown) or '-'}). {UNTOUCHED}"
        )
    filled = [
        model._meta.label_lower
        for model in backup_models()
        if model._meta.label_lower not in MIGRATE_CREATED_MODELS and model._base_manager.using(using).exists()
    ]
    if filled:
        raise BackupError(
            f"Basis data tujuan sudah berisi data ({', '.join(filled[:5])}{' …' if len(filled) > 5 else ''}). "
            "Pemulihan hanya ke instalasi kosong: buat basis data baru, jalankan `manage.py migrate`, lalu ulangi. "
            + UNTOUCHED
        )
    present = set()
    for member, listed in manifest["members"].items():
        if not member.startswith(FILES_DIR):
            continue
        name = member[len(FILES_DIR) :]
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                reader = _HashingReader(handle)
                while reader.read(CHUNK_SIZE):
                    pass
            if reader.digest.hexdigest() != listed["sha256"]:
                raise BackupError(
                    f"Penyimpanan berkas tujuan sudah memuat “{name}” dengan isi lain; berkas tidak akan ditimpa. "
                    f"Kosongkan penyimpanan berkas lalu ulangi. {UNTOUCHED}"
                )
            present.add(name)
    return present


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
        raise BackupError(f"Pemulihan gagal dan dibatalkan ({error}). {UNTOUCHED}") from error
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


def _load(archive: Path, manifest: dict, *, storage: Storage, present: set[str], written: list, using: str) -> dict:
    connection = connections[using]
    # The content types and permissions `migrate` made are replaced by the
    # archive's, ids included; nothing else refers to them yet (the target is empty).
    Permission.objects.using(using).all().delete()
    ContentType.objects.using(using).all().delete()
    counts = dict.fromkeys(manifest["counts"], 0)
    try:
        with _open(archive) as tar:
            for member in tar:
                name = _checked_name(member)
                if name == MANIFEST:
                    continue
                expected = manifest["members"].get(name)
                if expected is None:
                    raise BackupError(f"Arsip berubah selama pemulihan (“{name}”). Pemulihan dibatalkan. {UNTOUCHED}")
                handle = tar.extractfile(member)
                if name.startswith(DATABASE_DIR):
                    digest = _rows_load(handle, counts, using=using)
                else:
                    digest = _file_restore(handle, name[len(FILES_DIR) :], storage, present, written)
                if digest != expected.get("sha256"):
                    raise BackupError(f"Arsip berubah selama pemulihan (“{name}”). Pemulihan dibatalkan. {UNTOUCHED}")
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"Arsip tidak dapat dibaca selama pemulihan ({error}). {UNTOUCHED}") from error
    if counts != manifest["counts"]:
        different = [label for label in counts if counts[label] != manifest["counts"].get(label)]
        raise BackupError(f"Jumlah baris tidak cocok dengan manifes: {', '.join(different)}. {UNTOUCHED}")
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
            raise BackupError(f"Arsip memuat baris model yang tidak dicadangkan: {label}. {UNTOUCHED}")
        row.save(using=using, force_insert=True)
        counts[label] += 1
    return digest.hexdigest()


def _file_restore(handle: IO[bytes], name: str, storage: Storage, present: set[str], written: list) -> str:
    """Write one file to the store under its own name; the SHA-256 of what was read."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE) as spool:
        reader = _HashingReader(handle)
        while chunk := reader.read(CHUNK_SIZE):
            spool.write(chunk)
        if name not in present:
            spool.seek(0)
            saved = storage.save(name, File(spool, name=posixpath.basename(name)))
            written.append(saved)
            if saved != name:
                raise BackupError(
                    f"Penyimpanan berkas menyimpan “{name}” dengan nama lain (“{saved}”). "
                    f"Pemulihan dibatalkan. {UNTOUCHED}"
                )
    return reader.digest.hexdigest()
