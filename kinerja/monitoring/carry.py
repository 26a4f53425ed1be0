"""Realisation carried over from a PK to its PK Perubahan, row by row.

While a PK Perubahan is drawn up, realisation is still recorded on the version
it replaces. When the revision is submitted it becomes the one measured: each
of its rows copied from a row of the version before (Row.origin) takes that
row's current realisation and quarter targets, quarter by quarter. A row whose
indicator, target or unit changed is carried too, but flagged for the operator
to check; a row added in the revision starts unmeasured; a row removed keeps
its realisation on the old version. The old version's achievement leaves the
roll-ups: only the version that stands is counted.
"""

import dataclasses

from django.utils.translation import gettext_lazy, gettext_noop

from kinerja.agreements.models import Agreement, Row
from kinerja.agreements.services import row_label
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.monitoring.models import Progress, QuarterTarget, Realisation
from kinerja.monitoring.services import progress_recompute_rows

COMPARED = ("indicator_id", "indicator_text", "target", "measure_unit")
LABELS = {
    "indicator_id": gettext_lazy("indikator rencana"),
    "indicator_text": gettext_lazy("rumusan indikator"),
    "target": gettext_lazy("target"),
    "measure_unit": gettext_lazy("satuan"),
}


def _shown(row: Row, name: str) -> str:
    if name == "indicator_id":
        return row.indicator.code if row.indicator_id else "—"
    return getattr(row, name) or "—"


@dataclasses.dataclass
class RowCarry:
    row: Row
    origin: Row | None
    changed: list[str]  # the fields that differ from the origin row ("target", …)

    @property
    def label(self) -> str:
        return row_label(self.row)

    @property
    def differences(self) -> list[tuple[str, str, str]]:
        """(what, before, now) for each field that changed."""
        return [(str(LABELS[name]), _shown(self.origin, name), _shown(self.row, name)) for name in self.changed]


@dataclasses.dataclass
class Carry:
    """How the rows of a revision stand against the version before."""

    previous: Agreement | None
    kept: list[RowCarry]  # carried, unchanged
    changed: list[RowCarry]  # carried, but the indicator, target or unit changed: to check
    new: list[RowCarry]  # added in the revision: not measured yet
    removed: list[Row]  # rows of the version before that are not in the revision

    @property
    def needs_attention(self) -> bool:
        return bool(self.changed or self.new or self.removed)


def _rows(agreement: Agreement) -> list[Row]:
    return list(
        Row.objects.filter(section__agreement=agreement)
        .select_related("section", "indicator", "origin__section", "origin__indicator")
        .order_by("section__order", "order")
    )


def compare(revision: Agreement) -> Carry:
    """The revision's rows against the version before (nothing to compare for a first version)."""
    previous = revision.revision_of
    if previous is None:
        return Carry(None, [], [], [], [])
    rows = _rows(revision)
    kept, changed, new = [], [], []
    for row in rows:
        if row.origin_id is None or row.origin.section.agreement_id != previous.pk:
            new.append(RowCarry(row, None, []))
            continue
        differs = [name for name in COMPARED if getattr(row, name) != getattr(row.origin, name)]
        (changed if differs else kept).append(RowCarry(row, row.origin, differs))
    carried = {row.origin_id for row in rows}
    removed = [row for row in _rows(previous) if row.pk not in carried]
    return Carry(previous, kept, changed, new, removed)


def carry_over(revision: Agreement, *, by) -> Carry:
    """Copy the version before's current realisation and quarter targets onto the revision's rows.

    Safe to run again (a revision returned and submitted anew): a quarter that
    already has a realisation on the revision's row is left as it is."""
    carry = compare(revision)
    if carry.previous is None:
        return carry
    pairs = [(item.row, item.origin) for item in carry.kept + carry.changed]
    copied = _copy_realisations(pairs)
    _copy_quarter_targets(pairs)
    progress_recompute_rows(Row.objects.filter(section__agreement=revision))
    Progress.objects.filter(agreement=carry.previous).delete()  # only the version that stands is counted
    record_change(
        obj=revision,
        within=revision,
        action=Action.REALISE,
        summary=gettext_noop(
            "Realisasi dibawa dari versi %(version)s: %(values)s nilai pada %(rows)s baris; %(changed)s baris "
            "berubah (periksa), %(new)s baris baru, %(removed)s baris versi lama tidak ada lagi"
        ),
        params={
            "version": carry.previous.version,
            "values": copied,
            "rows": len(pairs),
            "changed": len(carry.changed),
            "new": len(carry.new),
            "removed": len(carry.removed),
        },
        by=by,
    )
    return carry


def _copy_realisations(pairs: list[tuple[Row, Row]]) -> int:
    """Each origin row's current realisation onto its copy, for the quarters the copy has none of."""
    origins = [origin.pk for _row, origin in pairs]
    current = {
        (r.row_id, r.quarter): r for r in Realisation.objects.filter(row_id__in=origins, superseded_at__isnull=True)
    }
    have = set(
        Realisation.objects.filter(row__in=[row for row, _origin in pairs], superseded_at__isnull=True).values_list(
            "row_id", "quarter"
        )
    )
    copies = [
        Realisation(
            row=row,
            quarter=quarter,
            value=found.value,
            grade=found.grade,
            note=found.note,
            evidence_file=found.evidence_file,
            evidence_sha256=found.evidence_sha256,
            evidence_link=found.evidence_link,
            entered_by=found.entered_by,
            entered_at=found.entered_at,
        )
        for row, origin in pairs
        for quarter in range(1, 5)
        if (found := current.get((origin.pk, quarter))) is not None and (row.pk, quarter) not in have
    ]
    Realisation.objects.bulk_create(copies)
    return len(copies)


def _copy_quarter_targets(pairs: list[tuple[Row, Row]]) -> None:
    targets = {(t.row_id, t.quarter): t for t in QuarterTarget.objects.filter(row_id__in=[o.pk for _r, o in pairs])}
    QuarterTarget.objects.bulk_create(
        [
            QuarterTarget(row=row, quarter=quarter, target=found.target)
            for row, origin in pairs
            for quarter in range(1, 5)
            if (found := targets.get((origin.pk, quarter))) is not None
        ],
        ignore_conflicts=True,
    )
