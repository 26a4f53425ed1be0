"""Drafting and editing an agreement. Every write checks that the agreement is
still a draft, detects concurrent edits, and records the change."""

import datetime
import re

from django.db import transaction
from django.db.models import F, Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.agreements import drafting, targets, texts
from kinerja.agreements.models import (
    Agreement,
    AgreementError,
    AgreementLocked,
    BudgetLine,
    Row,
    Section,
    row_label,
)
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.lib.i18n import term
from kinerja.lib.text import MAX_TEXT, clean_text
from kinerja.lib.values import ValueRefused, parse_date, parse_rupiah, split_unit
from kinerja.organisation.models import Unit
from kinerja.planning.targets import TargetError


class AgreementExists(AgreementError):
    def __init__(self, agreement: Agreement):
        super().__init__(
            _("PK %(year)s untuk %(unit)s sudah ada.") % {"year": agreement.year, "unit": agreement.unit.short_name}
        )
        self.agreement = agreement


class EditConflict(AgreementError):
    """Someone else saved the same object since this edit began."""

    def __init__(self, current: Model):
        super().__init__(
            _(
                "Data ini baru saja diubah di jendela atau oleh pengguna lain. Isian Anda belum disimpan; "
                "periksa nilai terbaru lalu pilih nilai mana yang dipakai."
            )
        )
        self.current = current


def _ensure_editable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise AgreementLocked(
            agreement.pk,
            _("PK ini berstatus %(status)s dan tidak dapat diubah. Perubahan hanya melalui PK Perubahan.")
            % {"status": agreement.get_status_display().lower()},
        )


def officials_date(year: int) -> datetime.date:
    """The date whose officials a new draft names: today, within the agreement's year."""
    today = timezone.localdate()
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def statement_texts(unit: Unit) -> list[str]:
    return list(texts.TWO_PARTY if unit.has_superior else texts.SINGLE_PARTY)


@transaction.atomic
def agreement_draft(*, unit: Unit, year: int, by, on: datetime.date | None = None) -> Agreement:
    """Draw up a new PK for `unit` and `year` from its plan.

    Sections and rows come from the RKT; IKU of the unit that the RKT does not
    carry are added in a last section, so that no IKU is left out; budget lines
    come from the DIPA, one per program; the parties are the officials in office
    on `on` (today by default).
    """
    # One draft at a time per unit: of two requests at once (a double click,
    # two operators) the second waits here, then finds the first one's draft.
    Unit.objects.select_for_update().get(pk=unit.pk)
    existing = Agreement.objects.filter(unit=unit, year=year).order_by("-version").first()
    if existing:
        raise AgreementExists(existing)
    agreement = Agreement.objects.create(
        unit=unit,
        year=year,
        opening=texts.OPENING,
        paragraphs=statement_texts(unit),
        **drafting.parties(unit, on or officials_date(year)),
        signed_place=unit.place,
        created_by=by,
    )
    covered = drafting.sections_from_work_plan(agreement)
    drafting.sections_from_iku(agreement, covered)
    drafting.budget_from_dipa(agreement)
    record_change(
        obj=agreement,
        within=agreement,
        action=Action.CREATE,
        summary=gettext_noop("%(agreement)s disusun dari rencana"),
        params={"agreement": str(agreement)},
        by=by,
    )
    return agreement


def _lock_draft(agreement: Agreement) -> None:
    """Lock the agreement's row until the end of the transaction, and check that it is still a draft.

    Every change of an agreement's content takes this lock first: two changes
    of one agreement then run one after the other, each reading what the other
    committed, and a finalise waits for a change in progress (or the change
    waits for the finalise and is refused). Called inside `transaction.atomic()`.
    """
    _ensure_editable(Agreement.objects.select_for_update().get(pk=agreement.pk))


def _guarded_update(model, obj, *, expected: int, values: dict, by, agreement: Agreement, summary: tuple[str, dict]):
    """Save `values` on `obj` only if nobody saved it since `expected`; record old and new."""
    _lock_draft(agreement)
    # Read under the lock: a save that waited for another one sees its count and value.
    current = model.objects.filter(pk=obj.pk).first()
    if current is None:
        raise AgreementError(_("Data ini baru saja dihapus di jendela atau oleh pengguna lain; muat ulang halaman."))
    if current.change_count != expected:
        raise EditConflict(current)
    old = {field: getattr(current, field) for field in values}
    # The UPDATE filters on the object's own table only: Django turns an UPDATE
    # that filters through a join into `pk IN (SELECT ...)`, whose rows
    # PostgreSQL does not read again after waiting for a concurrent save, so
    # both saves would apply and the first would be lost.
    updated = model.objects.filter(pk=obj.pk, change_count=expected).update(
        **values, change_count=F("change_count") + 1
    )
    if not updated:
        raise EditConflict(model.objects.get(pk=obj.pk))
    obj.refresh_from_db()
    changes = {field: [_text(old[field]), _text(values[field])] for field in values if old[field] != values[field]}
    if changes:
        template, params = summary
        # An autosave: a run of saves of one field group by one person makes one history entry.
        record_change(
            obj=obj,
            action=Action.UPDATE,
            summary=template,
            params=params,
            by=by,
            within=agreement,
            changes=changes,
            fold=True,
        )
    return obj


def _text(value):
    return None if value is None else str(value)


def _clean_text(value: str, *, field: str, required: bool = False, max_length: int = MAX_TEXT) -> str:
    # The rule for every typed text (lib.text): a NUL byte, a direction override
    # or a text longer than its field is refused; stray control characters go.
    return clean_text(value, field=field, required=required, max_length=max_length, error=AgreementError)


def _refused(refused: ValueRefused, column: str) -> AgreementError:
    # lib.values names the text typed; the editor adds the field it was typed in.
    return AgreementError(
        _("%(problem)s (kolom %(column)s).") % {"problem": str(refused).rstrip("."), "column": column}
    )


def parse_amount(text: str) -> int | None:
    """Whole rupiah as lib.values reads them: `Rp. 5.113.999.000,-`, `Rp 5.113.999.000,00`,
    `5.113.999.000`, `5113999000`, or `5,113,999,000` as the English page shows it; empty → None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        amount = parse_rupiah(text)
    except ValueRefused as refused:
        raise _refused(refused, _("Anggaran")) from None
    if amount < 0:
        raise AgreementError(_("Anggaran tidak boleh negatif."))
    return amount


def agreement_update_statement(*, agreement: Agreement, data: dict, expected: int, by) -> Agreement:
    """Save the statement page: place, date, parties and their acting status."""
    values = {
        "signed_place": _clean_text(data.get("signed_place", ""), field="Tempat", max_length=80),
        "first_party_name": _clean_text(data.get("first_party_name", ""), field="Nama Pihak Pertama", max_length=150),
        "first_party_position": _clean_text(
            data.get("first_party_position", ""), field="Jabatan Pihak Pertama", max_length=200
        ),
        "first_party_acting": data.get("first_party_acting", "")
        if data.get("first_party_acting") in ("", "plt", "plh")
        else "",
    }
    signed_on = data.get("signed_on") or None
    if signed_on and not isinstance(signed_on, datetime.date):
        try:
            signed_on = parse_date(str(signed_on))
        except ValueRefused as refused:
            raise _refused(refused, _("Tanggal")) from None
    values["signed_on"] = signed_on
    if agreement.has_second_party:
        values["second_party_name"] = _clean_text(
            data.get("second_party_name", ""), field="Nama Pihak Kedua", max_length=150
        )
        values["second_party_position"] = _clean_text(
            data.get("second_party_position", ""), field="Jabatan Pihak Kedua", max_length=200
        )
        values["second_party_acting"] = (
            data.get("second_party_acting", "") if data.get("second_party_acting") in ("", "plt", "plh") else ""
        )
    with transaction.atomic():
        return _guarded_update(
            Agreement,
            agreement,
            expected=expected,
            values=values,
            by=by,
            agreement=agreement,
            summary=(gettext_noop("Pernyataan PK diubah"), {}),
        )


def section_update(*, section: Section, data: dict, expected: int, by) -> Section:
    values = {
        "number": _clean_text(data.get("number", ""), field="Nomor", max_length=10),
        "code": _clean_text(data.get("code", ""), field="Kode kegiatan", max_length=10),
        "title": _clean_text(data.get("title", ""), field="Judul bagian", required=True),
    }
    with transaction.atomic():
        return _guarded_update(
            Section,
            section,
            expected=expected,
            values=values,
            by=by,
            agreement=section.agreement,
            summary=(gettext_noop("Bagian %(number)s diubah"), {"number": section.number}),
        )


def row_update(*, row: Row, data: dict, expected: int, by) -> Row:
    values = {
        "letter": _clean_text(data.get("letter", ""), field="Huruf", max_length=5),
        "output": _clean_text(data.get("output", ""), field="Keluaran"),
        "indicator_text": _clean_text(data.get("indicator_text", ""), field="Indikator kinerja"),
        "target": _clean_text(data.get("target", ""), field="Target", max_length=40),
        "measure_unit": _clean_text(data.get("measure_unit", ""), field="Satuan", max_length=40),
    }
    agreement = row.section.agreement
    try:
        target = targets.reading(row, values["target"], unit=values["measure_unit"])
    except TargetError as error:
        raise AgreementError(
            _("Target baris %(row)s tidak dapat disimpan: %(reason)s.")
            % {"row": row_label(row), "reason": str(error).rstrip(".")}
        ) from None
    if target.value is not None and not targets.measure_unit(row, values["measure_unit"]):
        # A row without a unit takes the one typed with its number (`12 Laporan`) rather than losing it.
        values["measure_unit"] = _clean_text(split_unit(values["target"])[1], field="Satuan", max_length=40)
    # A number is kept as read, the way the attachment prints it: `100` for `100 persen` in a
    # row of `%`, `1.500` for `1500`, `80–90`, `WTP` for `wtp`; never the free text typed.
    values["target"] = _clean_text(target.display(), field="Target", max_length=40)
    with transaction.atomic():
        return _guarded_update(
            Row,
            row,
            expected=expected,
            values=values,
            by=by,
            agreement=agreement,
            summary=(gettext_noop("Baris %(row)s diubah"), {"row": row_label(row)}),
        )


def budget_line_update(*, line: BudgetLine, data: dict, expected: int, by) -> BudgetLine:
    values = {
        "program_name": _clean_text(data.get("program_name", ""), field="Nama program", required=True, max_length=300),
        "program_code": _clean_text(data.get("program_code", ""), field="Kode program", max_length=20),
        "amount": parse_amount(data.get("amount", "")),
    }
    with transaction.atomic():
        return _guarded_update(
            BudgetLine,
            line,
            expected=expected,
            values=values,
            by=by,
            agreement=line.agreement,
            summary=(gettext_noop("Anggaran program diubah"), {}),
        )


def _renumber(queryset) -> None:
    for index, obj in enumerate(queryset, start=1):
        if obj.order != index:
            type(obj).objects.filter(pk=obj.pk).update(order=index)


def _renumber_sections(agreement: Agreement) -> None:
    """Keep plain section numbers (1, 2, 3…) in step with their order; other numbering is left as typed."""
    for position, section in enumerate(agreement.sections.all(), start=1):
        if section.number.isdigit() and section.number != str(position):
            Section.objects.filter(pk=section.pk).update(number=str(position))


def _reletter_rows(section: Section) -> None:
    """Keep row letters a, b, c… in step with the rows' order, where the section uses letters."""
    rows = list(section.rows.all())
    if not rows or not all(re.fullmatch(r"[a-z]?", row.letter) for row in rows):
        return
    if not any(row.letter for row in rows):
        return
    for position, row in enumerate(rows):
        letter = chr(ord("a") + position) if position < 26 else ""
        if row.letter != letter:
            Row.objects.filter(pk=row.pk).update(letter=letter)


@transaction.atomic
def section_add(*, agreement: Agreement, by) -> Section:
    _lock_draft(agreement)
    order = (agreement.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section.objects.create(agreement=agreement, order=order, number=str(order), title="Sasaran/kegiatan baru")
    Row.objects.create(section=section, order=1, indicator_text="Indikator baru")
    record_change(
        obj=section,
        action=Action.ADD,
        summary=gettext_noop("Bagian %(number)s ditambahkan"),
        params={"number": order},
        by=by,
        within=agreement,
    )
    return section


@transaction.atomic
def section_delete(*, section: Section, by) -> None:
    agreement = section.agreement
    _lock_draft(agreement)
    if not Section.objects.filter(pk=section.pk).exists():
        return  # deleted by a request that came first (a double click)
    record_change(
        obj=section,
        action=Action.DELETE,
        summary=gettext_noop("Bagian %(number)s “%(title)s” dihapus (%(rows)s baris)"),
        params={"number": section.number, "title": section.title[:80], "rows": section.rows.count()},
        by=by,
        within=agreement,
        changes={"title": [section.title, None]},
    )
    section.delete()
    _renumber(agreement.sections.all())
    _renumber_sections(agreement)


@transaction.atomic
def row_add(*, section: Section, by) -> Row:
    _lock_draft(section.agreement)
    order = (section.rows.aggregate(m=Max("order"))["m"] or 0) + 1
    has_letters = section.rows.exclude(letter="").exists()
    row = Row.objects.create(
        section=section,
        order=order,
        letter=chr(ord("a") + order - 1) if has_letters and order <= 26 else "",
        indicator_text="Indikator baru",
    )
    record_change(
        obj=row,
        action=Action.ADD,
        summary=gettext_noop("Baris %(row)s ditambahkan"),
        params={"row": row_label(row)},
        by=by,
        within=section.agreement,
    )
    return row


@transaction.atomic
def row_delete(*, row: Row, by) -> None:
    section = row.section
    _lock_draft(section.agreement)
    if not Row.objects.filter(pk=row.pk).exists():
        return  # deleted by a request that came first (a double click)
    if row.realisations.exists():
        # A returned PK keeps what was measured: every value ever reported stays.
        raise AgreementError(
            _("Baris %(row)s sudah memiliki realisasi triwulan; ubah isinya, jangan dihapus.") % {"row": row_label(row)}
        )
    record_change(
        obj=row,
        action=Action.DELETE,
        summary=gettext_noop("Baris %(row)s “%(indicator)s” dihapus"),
        params={"row": row_label(row), "indicator": row.indicator_text[:80]},
        by=by,
        within=section.agreement,
        changes={"indicator_text": [row.indicator_text, None], "target": [row.target, None]},
    )
    row.delete()
    _renumber(section.rows.all())
    _reletter_rows(section)


@transaction.atomic
def move(*, obj: Section | Row, direction: int, by) -> None:
    """Move a section or a row one place up (-1) or down (+1) among its siblings."""
    agreement = obj.agreement if isinstance(obj, Section) else obj.section.agreement
    _lock_draft(agreement)
    siblings = list(agreement.sections.all() if isinstance(obj, Section) else obj.section.rows.all())
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == obj.pk), None)
    if index is None:
        return  # deleted by a request that came first
    target = index + direction
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings)
    if isinstance(obj, Section):
        _renumber_sections(agreement)
    else:
        _reletter_rows(obj.section)
    record_change(
        obj=obj,
        action=Action.REORDER,
        summary=gettext_noop("Urutan bagian diubah")
        if isinstance(obj, Section)
        else gettext_noop("Urutan baris diubah"),
        by=by,
        within=agreement,
    )


@transaction.atomic
def budget_line_add(*, agreement: Agreement, by) -> BudgetLine:
    _lock_draft(agreement)
    order = (agreement.budget_lines.aggregate(m=Max("order"))["m"] or 0) + 1
    line = BudgetLine.objects.create(agreement=agreement, order=order, program_name="Program")
    record_change(
        obj=line, action=Action.ADD, summary=gettext_noop("Anggaran program ditambahkan"), by=by, within=agreement
    )
    return line


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by) -> None:
    agreement = line.agreement
    _lock_draft(agreement)
    if not BudgetLine.objects.filter(pk=line.pk).exists():
        return  # deleted by a request that came first (a double click)
    record_change(
        obj=line,
        action=Action.DELETE,
        summary=gettext_noop("Anggaran %(program)s dihapus"),
        params={"program": line.program_name[:80]},
        by=by,
        within=agreement,
        changes={"amount": [_text(line.amount), None]},
    )
    line.delete()
    _renumber(agreement.budget_lines.all())


@transaction.atomic
def budget_total_set(*, agreement: Agreement, printed: bool, by) -> Agreement:
    """Print, or not, a "Jumlah" line under the budget lines of the attachment (a draft only)."""
    _lock_draft(agreement)
    current = Agreement.objects.get(pk=agreement.pk)
    if current.budget_total != printed:
        Agreement.objects.filter(pk=current.pk).update(budget_total=printed, change_count=F("change_count") + 1)
        record_change(
            obj=current,
            within=current,
            action=Action.UPDATE,
            summary=gettext_noop("Baris Jumlah anggaran: %(state)s"),
            params={"state": term(gettext_noop("dicetak") if printed else gettext_noop("tidak dicetak"))},
            by=by,
            changes={"budget_total": [current.budget_total, printed]},
        )
    return Agreement.objects.get(pk=current.pk)
