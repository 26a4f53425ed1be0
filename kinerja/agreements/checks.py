"""Quality checks of an agreement, shown beside the draft and in the preview.

Each check names the row it concerns. Checks warn; they never stop printing.
"""

import dataclasses
import re

from kinerja.agreements.models import Agreement, Row
from kinerja.agreements.services import row_label
from kinerja.lib.formatting import format_date, format_rupiah
from kinerja.organisation.selectors import signatory_for, superior_for
from kinerja.planning import selectors as planning_selectors
from kinerja.planning.models import IkuItem
from kinerja.planning.targets import TargetError, weaker_than


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
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
    return [Finding("lampiran_kosong", "Lampiran belum berisi indikator kinerja; tambahkan bagian dan baris.")]


def percentage_wording(agreement: Agreement) -> list[Finding]:
    """An indicator worded as a percentage must have a target in percent."""
    findings = []
    for row in _rows(agreement):
        if _normalise(row.indicator_text).startswith("persentase") and row.measure_unit.strip() != "%":
            target = f"{row.target} {row.measure_unit}".strip() or "kosong"
            findings.append(
                Finding(
                    "persentase",
                    f"Baris {row_label(row)}: indikator “{row.indicator_text[:90]}” berbentuk persentase, "
                    f"tetapi targetnya “{target}”, bukan persen (%).",
                    row_id=row.pk,
                )
            )
    return findings


def missing_target(agreement: Agreement) -> list[Finding]:
    findings = []
    for row in _rows(agreement):
        missing = [name for name, value in (("target", row.target), ("satuan", row.measure_unit)) if not value.strip()]
        if missing and not (not row.measure_unit.strip() and row.target.strip() and _is_grade(row)):
            findings.append(
                Finding(
                    "tanpa_target",
                    f"Baris {row_label(row)}: {' dan '.join(missing)} belum diisi.",
                    row_id=row.pk,
                )
            )
    return findings


def _is_grade(row: Row) -> bool:
    return bool(row.indicator and row.indicator.target_kind == "grade")


def duplicated_rows(agreement: Agreement) -> list[Finding]:
    seen: dict[str, Row] = {}
    findings = []
    for row in _rows(agreement):
        key = _normalise(row.indicator_text)
        if key in seen:
            findings.append(
                Finding(
                    "ganda",
                    f"Baris {row_label(row)}: indikator “{row.indicator_text[:90]}” sama dengan baris "
                    f"{row_label(seen[key])}.",
                    row_id=row.pk,
                )
            )
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
            target = indicator.parse_target(row.target)
        except TargetError:
            continue
        if weaker_than(target, parent_item.target, polarity=indicator.polarity, scale=indicator.grade_scale):
            findings.append(
                Finding(
                    "di_bawah_induk",
                    f"Baris {row_label(row)}: target {target.display(row.measure_unit)} di bawah target "
                    f"{parent_item.iku_set.unit.short_name} {parent_item.target_display} untuk indikator yang sama.",
                    row_id=row.pk,
                )
            )
    return findings


def missing_iku(agreement: Agreement) -> list[Finding]:
    items = planning_selectors.iku_items(agreement.unit, agreement.year)
    present = {row.indicator_id for row in _rows(agreement)}
    present_texts = {_normalise(row.indicator_text) for row in _rows(agreement)}
    return [
        Finding("iku_hilang", f"IKU “{item.indicator.name}” (target {item.target_display}) tidak ada di lampiran PK.")
        for item in items
        if item.indicator_id not in present and _normalise(item.indicator.name) not in present_texts
    ]


def budget_without_amount(agreement: Agreement) -> list[Finding]:
    return [
        Finding("anggaran_kosong", f"Anggaran {line.program_name} ({line.program_code}) belum diisi jumlahnya.")
        for line in agreement.budget_lines.all()
        if line.amount is None
    ]


def budget_against_dipa(agreement: Agreement) -> list[Finding]:
    dipa = planning_selectors.dipa_summary(agreement.unit, agreement.year)
    if dipa is None:
        return [Finding("dipa", f"DIPA {agreement.year} unit ini belum tercatat; total anggaran tidak dapat dicek.")]
    total = sum(line.amount or 0 for line in agreement.budget_lines.all())
    dipa_total = dipa.allocated or 0
    if total != dipa_total:
        return [
            Finding(
                "dipa",
                f"Total anggaran PK {format_rupiah(total)} berbeda dengan pagu DIPA {format_rupiah(dipa_total)}.",
            )
        ]
    return []


def signatories(agreement: Agreement) -> list[Finding]:
    """Each party named, and in office on the date of signing."""
    findings = []
    day = agreement.signed_on
    parties = [("Pihak Pertama", agreement.first_party_name, signatory_for)]
    if agreement.has_second_party:
        parties.append(("Pihak Kedua", agreement.second_party_name, superior_for))
    if day is None:
        findings.append(Finding("tanggal", "Tanggal penandatanganan belum diisi."))
    for role, name, lookup in parties:
        if not name.strip():
            findings.append(Finding("penandatangan", f"{role} belum diisi."))
            continue
        if day is None:
            continue
        holder = lookup(unit=agreement.unit, on=day)
        if holder is None or _normalise(holder.person.name) != _normalise(name):
            in_office = f"; yang menjabat: {holder.person.name}" if holder else ""
            findings.append(
                Finding(
                    "penandatangan",
                    f"{role} {name} tidak tercatat menjabat pada {format_date(day)}{in_office}.",
                )
            )
    return findings


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
