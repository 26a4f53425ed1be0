"""Quality checks of an agreement, shown beside the draft and in the preview.

Each check names the row it concerns. Checks warn; they never stop printing.
"""

import dataclasses
import datetime
import re

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.agreements.models import Agreement, Row
from kinerja.agreements.services import row_label
from kinerja.lib.formatting import format_date, format_rupiah
from kinerja.organisation.models import Appointment
from kinerja.organisation.selectors import signatory_for, superior_for
from kinerja.planning import selectors as planning_selectors
from kinerja.planning.models import IkuItem
from kinerja.planning.targets import TargetError, weaker_than


class FindingCode(models.TextChoices):
    """What a finding is about; the value is what the page's `data-code` carries."""

    EMPTY_ATTACHMENT = "empty_attachment", gettext_lazy("Lampiran kosong")
    PERCENTAGE_UNIT = "percentage_unit", gettext_lazy("Indikator persentase tanpa satuan persen")
    MISSING_TARGET = "missing_target", gettext_lazy("Target atau satuan belum diisi")
    DUPLICATE = "duplicate", gettext_lazy("Indikator ganda")
    BELOW_PARENT = "below_parent", gettext_lazy("Target di bawah target unit induk")
    MISSING_IKU = "missing_iku", gettext_lazy("IKU tidak ada di lampiran")
    MISSING_BUDGET = "missing_budget", gettext_lazy("Anggaran belum diisi jumlahnya")
    DIPA = "dipa", gettext_lazy("Anggaran berbeda dengan DIPA")
    SIGNING_DATE = "signing_date", gettext_lazy("Tanggal penandatanganan")
    SIGNATORY = "signatory", gettext_lazy("Penandatangan")


@dataclasses.dataclass(frozen=True)
class Finding:
    """One warning about an agreement; its message is already in the reader's language."""

    code: FindingCode
    message: str
    row_id: int | None = None
    section_id: int | None = None


def _rows(agreement: Agreement) -> list[Row]:
    return [row for section in agreement.sections.all() for row in section.rows.all()]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def empty_attachment(agreement: Agreement) -> list[Finding]:
    if _rows(agreement):
        return []
    return [
        Finding(
            FindingCode.EMPTY_ATTACHMENT,
            _("Lampiran belum berisi indikator kinerja; tambahkan bagian dan baris."),
        )
    ]


def percentage_wording(agreement: Agreement) -> list[Finding]:
    """An indicator worded as a percentage must have a target in percent."""
    findings = []
    for row in _rows(agreement):
        if _normalise(row.indicator_text).startswith("persentase") and row.measure_unit.strip() != "%":
            target = f"{row.target} {row.measure_unit}".strip() or _("kosong")
            message = _(
                "Baris %(row)s: indikator “%(indicator)s” berbentuk persentase, "
                "tetapi targetnya “%(target)s”, bukan persen (%%)."
            ) % {"row": row_label(row), "indicator": row.indicator_text[:90], "target": target}
            findings.append(Finding(FindingCode.PERCENTAGE_UNIT, message, row_id=row.pk))
    return findings


def missing_target(agreement: Agreement) -> list[Finding]:
    findings = []
    for row in _rows(agreement):
        fields = ((_("target"), row.target), (_("satuan"), row.measure_unit))
        missing = [name for name, value in fields if not value.strip()]
        if missing and not (not row.measure_unit.strip() and row.target.strip() and _is_grade(row)):
            message = _("Baris %(row)s: %(fields)s belum diisi.") % {
                "row": row_label(row),
                "fields": _join_with_and(missing),
            }
            findings.append(Finding(FindingCode.MISSING_TARGET, message, row_id=row.pk))
    return findings


def _join_with_and(parts: list[str]) -> str:
    """“a”, “a dan b”, “a, b dan c”, in the reader's language."""
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s dan %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _is_grade(row: Row) -> bool:
    return bool(row.indicator and row.indicator.target_kind == "grade")


def duplicated_rows(agreement: Agreement) -> list[Finding]:
    seen: dict[str, Row] = {}
    findings = []
    for row in _rows(agreement):
        key = _normalise(row.indicator_text)
        if key in seen:
            message = _("Baris %(row)s: indikator “%(indicator)s” sama dengan baris %(other)s.") % {
                "row": row_label(row),
                "indicator": row.indicator_text[:90],
                "other": row_label(seen[key]),
            }
            findings.append(Finding(FindingCode.DUPLICATE, message, row_id=row.pk))
        else:
            seen[key] = row
    return findings


def _parent_items(agreement: Agreement) -> dict[int, IkuItem]:
    parent = agreement.unit.parent
    if parent is None:
        return {}
    return {item.indicator_id: item for item in planning_selectors.iku_items(parent, agreement.year)}


def below_parent(agreement: Agreement) -> list[Finding]:
    """A target below the parent unit's target for the same indicator (by polarity and grade order)."""
    parent_items = _parent_items(agreement)
    findings = []
    for row in _rows(agreement):
        parent_item = parent_items.get(row.indicator_id)
        if parent_item is None:
            continue
        indicator = row.indicator
        try:
            target = indicator.parse_target(row.target, measure_unit=row.measure_unit)
        except TargetError:
            continue
        if weaker_than(target, parent_item.target, polarity=indicator.polarity, scale=indicator.grade_scale):
            message = _(
                "Baris %(row)s: target %(target)s di bawah target %(parent)s %(parent_target)s "
                "untuk indikator yang sama."
            ) % {
                "row": row_label(row),
                "target": target.display(row.measure_unit),
                "parent": parent_item.iku_set.unit.short_name,
                "parent_target": parent_item.target_display,
            }
            findings.append(Finding(FindingCode.BELOW_PARENT, message, row_id=row.pk))
    return findings


def missing_iku(agreement: Agreement) -> list[Finding]:
    items = planning_selectors.iku_items(agreement.unit, agreement.year)
    present = {row.indicator_id for row in _rows(agreement)}
    present_texts = {_normalise(row.indicator_text) for row in _rows(agreement)}
    return [
        Finding(
            FindingCode.MISSING_IKU,
            _("IKU “%(indicator)s” (target %(target)s) tidak ada di lampiran PK.")
            % {"indicator": item.indicator.name, "target": item.target_display},
        )
        for item in items
        if item.indicator_id not in present and _normalise(item.indicator.name) not in present_texts
    ]


def budget_without_amount(agreement: Agreement) -> list[Finding]:
    return [
        Finding(
            FindingCode.MISSING_BUDGET,
            _("Anggaran %(program)s (%(code)s) belum diisi jumlahnya.")
            % {"program": line.program_name, "code": line.program_code},
        )
        for line in agreement.budget_lines.all()
        if line.amount is None
    ]


def budget_against_dipa(agreement: Agreement) -> list[Finding]:
    dipa = planning_selectors.dipa_summary(agreement.unit, agreement.year)
    if dipa is None:
        message = _("DIPA %(year)s unit ini belum tercatat; total anggaran tidak dapat dicek.") % {
            "year": agreement.year
        }
        return [Finding(FindingCode.DIPA, message)]
    total = sum(line.amount or 0 for line in agreement.budget_lines.all())
    dipa_total = dipa.allocated or 0
    if total != dipa_total:
        message = _("Total anggaran PK %(total)s berbeda dengan pagu DIPA %(dipa)s.") % {
            "total": format_rupiah(total, language=None),
            "dipa": format_rupiah(dipa_total, language=None),
        }
        return [Finding(FindingCode.DIPA, message)]
    return []


def signatories(agreement: Agreement) -> list[Finding]:
    """Each party named, and in office on the date of signing."""
    findings = []
    day = agreement.signed_on
    parties = [(_("Pihak Pertama"), agreement.first_party_name, signatory_for)]
    if agreement.has_second_party:
        parties.append((_("Pihak Kedua"), agreement.second_party_name, superior_for))
    if day is None:
        findings.append(Finding(FindingCode.SIGNING_DATE, _("Tanggal penandatanganan belum diisi.")))
    for role, name, lookup in parties:
        if not name.strip():
            findings.append(Finding(FindingCode.SIGNATORY, _("%(role)s belum diisi.") % {"role": role}))
            continue
        if day is None:
            continue
        holder = lookup(unit=agreement.unit, on=day)
        if holder is None or _normalise(holder.person.name) != _normalise(name):
            findings.append(Finding(FindingCode.SIGNATORY, _not_in_office(role, name, day, holder)))
    return findings


def _not_in_office(role: str, name: str, day: datetime.date, holder: Appointment | None) -> str:
    """Why a named party does not match the records, naming who was in office if anyone was."""
    params = {"role": role, "name": name, "date": format_date(day, language=None)}
    if holder is None:
        return _("%(role)s %(name)s tidak tercatat menjabat pada %(date)s.") % params
    return _("%(role)s %(name)s tidak tercatat menjabat pada %(date)s; yang menjabat: %(holder)s.") % {
        **params,
        "holder": holder.person.name,
    }


CHECKS = (
    empty_attachment,
    signatories,
    percentage_wording,
    below_parent,
    missing_iku,
    missing_target,
    duplicated_rows,
    budget_without_amount,
    budget_against_dipa,
)


def run_checks(agreement: Agreement) -> list[Finding]:
    """Every finding of every check, in a stable order."""
    return [finding for check in CHECKS for finding in check(agreement)]
