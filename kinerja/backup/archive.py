"""The archive of a backup: what goes in it, how it is laid out, and how it is
checked against its manifest before anything is restored from it (see
`kinerja.backup.services`)."""

import datetime
import hashlib
import json
import posixpath
import tarfile
import tomllib
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.utils.translation import gettext as _

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


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in their language."""


def refused(message: str) -> BackupError:
    """A refusal that leaves everything as it was: `message` (translated), then that nothing was changed."""
    return BackupError(f"{message} {_('Tidak ada yang diubah.')}")


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


def serialised_fields(model: type[Model]) -> list[str]:
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


class HashingReader:
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Checking an archive ----------------------------------------------------------------------------------------------


def checked_name(member: tarfile.TarInfo) -> str:
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
        raise refused(
            _(
                "Arsip memuat nama berkas yang tidak diizinkan: “%(name)s” (jalur absolut, “..” atau di luar "
                "database/ dan files/). Arsip ditolak."
            )
            % {"name": name}
        )
    if not member.isreg():
        raise refused(
            _("Anggota arsip “%(name)s” bukan berkas biasa (tautan atau folder). Arsip ditolak.") % {"name": name}
        )
    return name


def archive_open(archive: Path) -> tarfile.TarFile:
    # Stream mode: the archive is read front to back, never held whole.
    return tarfile.open(archive, mode="r|gz")


def _members_read(archive: Path) -> tuple[dict[str, dict], bytes | None]:
    """Hash every member of the archive; (SHA-256 and size by name, the manifest's bytes)."""
    found: dict[str, dict] = {}
    manifest_data = None
    try:
        with archive_open(archive) as tar:
            for member in tar:
                name = checked_name(member)
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise refused(_("Anggota arsip “%(name)s” muncul dua kali. Arsip ditolak.") % {"name": name})
                handle = tar.extractfile(member)
                if name == MANIFEST:
                    if member.size > MANIFEST_MAX_SIZE:
                        raise refused(_("Manifes arsip terlalu besar. Arsip ditolak."))
                    manifest_data = handle.read()
                    continue
                reader = HashingReader(handle)
                while reader.read(CHUNK_SIZE):
                    pass
                found[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise refused(
            _("Arsip %(archive)s tidak dapat dibaca (%(error)s): rusak atau bukan cadangan Kinerja.")
            % {"archive": archive, "error": error}
        ) from error
    return found, manifest_data


def _manifest_read(data: bytes | None) -> dict:
    if data is None:
        raise refused(
            _("Arsip tidak memuat %(manifest)s: bukan cadangan Kinerja yang lengkap.") % {"manifest": MANIFEST}
        )
    try:
        manifest = json.loads(data)
        # A manifest without its table of members is as broken as one that is not JSON.
        manifest["members"].items()
        if manifest.get("format") != FORMAT:
            raise refused(
                _("Format arsip “%(format)s” tidak dikenal (diharapkan %(expected)s).")
                % {"format": manifest.get("format"), "expected": FORMAT}
            )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise refused(_("Manifes arsip rusak (%(error)s).") % {"error": error}) from error
    return manifest


def archive_verify(*, archive: Path) -> tuple[dict, str]:
    """Read the whole archive and check it against its manifest; (manifest, SHA-256 of the archive file).

    Every member must be a plain file with an allowed name, listed in the
    manifest once, with the manifest's SHA-256 and size; nothing else may be in
    the archive. Nothing outside the archive is read or written.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("Arsip %(archive)s tidak ditemukan.") % {"archive": archive})
    found, manifest_data = _members_read(archive)
    manifest = _manifest_read(manifest_data)
    listed = manifest["members"]
    for name in sorted(set(listed) | set(found)):
        if name not in found:
            raise refused(_("Anggota “%(name)s” tercantum di manifes tetapi tidak ada di arsip.") % {"name": name})
        if name not in listed:
            raise refused(_("Anggota “%(name)s” ada di arsip tetapi tidak tercantum di manifes.") % {"name": name})
        if listed[name].get("sha256") != found[name]["sha256"] or listed[name].get("size") != found[name]["size"]:
            raise refused(
                _(
                    "SHA-256 anggota “%(name)s” tidak cocok dengan manifes: arsip rusak atau telah diubah. "
                    "Arsip ditolak."
                )
                % {"name": name}
            )
    return manifest, file_sha256(archive)
