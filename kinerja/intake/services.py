"""Storing a PK of an earlier year, read from its file and confirmed by a person, as history."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.agreements import lifecycle, texts
from kinerja.agreements.models import Agreement, BudgetLine, Row, Section
from kinerja.agreements.services import statement_texts
from kinerja.intake.models import ImportedSource
from kinerja.intake.reading import MAX_FILE_BYTES, ReadError, kind_of
from kinerja.lib.uploads import UploadError, checked_evidence
from kinerja.lib.values import NotADate, parse_date
from kinerja.organisation.models import Unit
from kinerja.planning.models import Indicator, Program


class HistoryRefused(ValueError):
    """The PK was not stored; the message is for the user and nothing was written."""


def _date(value, field: str) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return parse_date(str(value))
    except NotADate as error:
        raise HistoryRefused(_("%(field)s: %(problem)s") % {"field": field, "problem": error}) from None


def _moment(day: datetime.date | None, unit: Unit) -> datetime.datetime | None:
    """A day known only by its date, at noon in the unit's zone (neither early nor late on that day)."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo(unit.time_zone))


@transaction.atomic
def store_history(
    *,
    reading: dict,
    unit: Unit,
    year: int,
    data: bytes,
    filename: str,
    by,
    submitted_on=None,
    received_on=None,
) -> Agreement:
    """Store `reading` (as the person confirmed it) as `unit`'s PK of `year`, received, with its file.

    Refused, writing nothing: a unit that already has a PK for the year, a year not before this one,
    a date that does not read or comes before the signing, a reading without a first party or rows.
    """
    signed_on = _date(reading.get("signed_date"), _("Tanggal penandatanganan"))
    submitted = _date(submitted_on, _("Tanggal penyampaian"))
    received = _date(received_on, _("Tanggal diterima"))
    _check(reading, unit, year, signed_on, submitted, received)
    kind = checked_source(data, filename)
    Unit.objects.select_for_update().get(pk=unit.pk)
    if Agreement.objects.filter(unit=unit, year=year).exists():
        raise HistoryRefused(
            _("%(unit)s sudah memiliki PK tahun %(year)s; PK riwayat tidak menggantinya.")
            % {"unit": unit.short_name, "year": year}
        )
    first, second = reading["first_party"], reading.get("second_party")
    agreement = Agreement.objects.create(
        unit=unit,
        year=year,
        opening=texts.OPENING,
        paragraphs=statement_texts(unit),
        first_party_name=first["name"],
        first_party_position=first.get("position", ""),
        has_second_party=bool(second),
        second_party_name=second["name"] if second else "",
        second_party_position=second.get("position", "") if second else "",
        signed_place=reading.get("signed_place", ""),
        signed_on=signed_on,
        is_history=True,
        created_by=by,
    )
    _content(agreement, reading)
    sha256 = hashlib.sha256(data).hexdigest()
    source = ImportedSource(
        agreement=agreement,
        filename=filename[:255],
        kind=kind,
        sha256=sha256,
        reading=reading,
        by=by,
    )
    source.file.save(f"pk-{unit.code}-{year}-{sha256[:12]}{_suffix(filename)}", ContentFile(data), save=False)
    source.save()
    return lifecycle.history_record(
        agreement=agreement, submitted_at=_moment(submitted, unit), received_at=_moment(received, unit), by=by
    )


def checked_source(data: bytes, filename: str) -> str:
    """The source file checked as every upload of a document is (lib.uploads.checked_evidence: a PDF
    without active content, a PNG or JPEG, an Office file without macros, links or embedded objects),
    before anything is stored; plain text as text. Its kind."""
    kind = kind_of(data, filename)
    if kind == "text":
        return kind
    try:
        checked_evidence(data, filename, max_bytes=MAX_FILE_BYTES)
    except UploadError as error:
        raise HistoryRefused(str(error)) from error
    if kind == "unknown":
        raise HistoryRefused(_("Berkas sumber tidak dikenal."))
    return kind


def _suffix(filename: str) -> str:
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix if suffix in {".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png", ".txt"} else ""


def _check(reading: dict, unit: Unit, year: int, signed_on, submitted, received) -> None:
    this_year = datetime.date.today().year
    if year >= this_year:
        raise HistoryRefused(
            _("PK riwayat adalah PK tahun sebelum %(year)s; PK tahun ini disusun di Kinerja.") % {"year": this_year}
        )
    if not reading.get("first_party") or not reading["first_party"].get("name"):
        raise HistoryRefused(_("Nama Pihak Pertama belum diisi."))
    if not any(section.get("rows") for section in reading.get("sections", [])):
        raise HistoryRefused(_("Lampiran belum berisi indikator."))
    for label, day in ((_("Tanggal penyampaian"), submitted), (_("Tanggal diterima"), received)):
        if day and signed_on and day < signed_on:
            raise HistoryRefused(_("%(field)s sebelum tanggal penandatanganan.") % {"field": label})
    if submitted and received and received < submitted:
        raise HistoryRefused(_("Tanggal diterima sebelum tanggal penyampaian."))


def _content(agreement: Agreement, reading: dict) -> None:
    matches = reading.get("matches") or {}
    codes = {match["code"] for match in matches.values() if match}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=codes)}
    for s, planned in enumerate(reading["sections"]):
        section = Section.objects.create(
            agreement=agreement,
            order=s + 1,
            number=planned.get("no", ""),
            code=planned.get("code", "") or "",
            title=planned.get("title", ""),
        )
        rows = []
        for r, row in enumerate(planned.get("rows", [])):
            match = matches.get(f"sections.{s}.rows.{r}.indicator")
            rows.append(
                Row(
                    section=section,
                    order=r + 1,
                    letter=row.get("letter", ""),
                    output=row.get("output", ""),
                    indicator=indicators.get(match["code"]) if match else None,
                    indicator_text=row.get("indicator", ""),
                    target=row.get("target", ""),
                    measure_unit=row.get("unit", ""),
                )
            )
        Row.objects.bulk_create(rows)
    programs = {program.code: program for program in Program.objects.all()}
    BudgetLine.objects.bulk_create(
        BudgetLine(
            agreement=agreement,
            order=b + 1,
            program=programs.get(line.get("code") or ""),
            program_name=line.get("program", ""),
            program_code=line.get("code", "") or "",
            amount=line.get("amount"),
        )
        for b, line in enumerate(reading.get("budget", []))
    )


__all__ = ["HistoryRefused", "ReadError", "store_history"]
