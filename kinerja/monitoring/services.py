"""Recording realisation and evaluation; keeping the computed achievement current."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.agreements import targets as agreement_targets
from kinerja.agreements.models import Agreement, Row
from kinerja.agreements.services import AgreementError, row_label
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.lib.i18n import term
from kinerja.lib.text import clean_text
from kinerja.lib.uploads import checked_evidence, stored_name
from kinerja.lib.values import NotANumber, ValueRefused, parse_quantity
from kinerja.monitoring import access
from kinerja.monitoring.achievement import Value, by_quarter
from kinerja.monitoring.models import Evaluation, Progress, QuarterTarget, Realisation, Recommendation
from kinerja.planning.targets import GRADES, MeasureType, Polarity, Target, TargetError, parse_target


class MonitoringError(AgreementError):
    pass


def quarter_ends_on(year: int, quarter: int) -> datetime.date:
    """The last day of a quarter."""
    end_month = quarter * 3
    return datetime.date(year + (end_month == 12), end_month % 12 + 1, 1) - datetime.timedelta(days=1)


def quarter_closes_on(year: int, quarter: int) -> datetime.date:
    """The last day a quarter's realisation may be changed without a reason."""
    return quarter_ends_on(year, quarter) + datetime.timedelta(days=settings.QUARTER_GRACE_DAYS)


def _rules(row: Row) -> tuple[str, str, str, str]:
    """(target kind, grade scale, polarity, measure type) of a row, from its indicator."""
    indicator = row.indicator
    if indicator is None:
        return "number", "", Polarity.HIGHER, MeasureType.LAST
    return indicator.target_kind, indicator.grade_scale, indicator.polarity, indicator.measure_type


def row_target(row: Row, text: str | None = None) -> Target:
    """The row's target as a comparable value; empty when it cannot be read."""
    kind, scale, polarity, _measure = _rules(row)
    try:
        return parse_target(row.target if text is None else text, kind=kind, scale=scale, polarity=polarity)
    except TargetError:
        return Target()


def parse_value(row: Row, text: str) -> Value:
    """A realisation typed by the operator: a grade of the row's scale, or a number."""
    kind, scale, _polarity, _measure = _rules(row)
    text = (text or "").strip()
    if not text:
        raise MonitoringError(_("Isi nilai realisasi."))
    if kind == "grade":
        grade = text.upper()
        if grade not in GRADES.get(scale, ()):
            raise MonitoringError(
                _("Predikat “%(text)s” tidak dikenal; pilih %(grades)s.")
                % {"text": text, "grades": ", ".join(GRADES.get(scale, ()))}
            )
        return Value(grade=grade)
    # The unit may be typed after the number (`87,5 persen`), but it must be the row's.
    try:
        number = parse_quantity(text, unit=agreement_targets.measure_unit(row))
    except NotANumber:
        raise MonitoringError(_("Realisasi “%(text)s” bukan angka.") % {"text": text}) from None
    except ValueRefused as refused:
        raise MonitoringError(
            _("Realisasi “%(text)s”: %(problem)s") % {"text": text, "problem": str(refused)}
        ) from None
    if number < 0:
        raise MonitoringError(_("Realisasi tidak boleh negatif."))
    if kind == "percent" and number > 1000:
        raise MonitoringError(_("Persentase lebih dari 1.000% tidak masuk akal; periksa kembali."))
    return Value(number=number)


def progress_recompute(row: Row) -> list[Progress]:
    """Rewrite the four quarters' achievement of `row` from its current realisations."""
    current = row.realisations.filter(superseded_at__isnull=True)
    saved = []
    for values in _progress_values(row, current, row.quarter_targets.all()):
        progress, _created = Progress.objects.update_or_create(row=row, quarter=values.pop("quarter"), defaults=values)
        saved.append(progress)
    return saved


def progress_recompute_rows(rows: QuerySet[Row]) -> int:
    """`progress_recompute` for many rows at once (a bulk load): the same rule,
    read in three queries and written in bulk. Returns the quarters written."""
    rows = list(
        rows.select_related("indicator", "section__agreement__unit").prefetch_related(
            Prefetch("realisations", queryset=Realisation.objects.filter(superseded_at__isnull=True)),
            "quarter_targets",
        )
    )
    progress = [
        Progress(row=row, **values)
        for row in rows
        for values in _progress_values(row, row.realisations.all(), row.quarter_targets.all())
    ]
    Progress.objects.filter(row__in=[row.pk for row in rows]).delete()
    Progress.objects.bulk_create(progress, batch_size=2000)
    return len(progress)


def _progress_values(row: Row, current, quarter_targets) -> list[dict]:
    """The four quarters' achievement of `row` as Progress field values, from its current realisations."""
    _kind, scale, polarity, measure = _rules(row)
    by_quarter_ = {r.quarter: r for r in current}
    quarters = [
        Value(number=by_quarter_[q].value, grade=by_quarter_[q].grade) if q in by_quarter_ else Value()
        for q in range(1, 5)
    ]
    targets = {qt.quarter: row_target(row, qt.target) for qt in quarter_targets}
    results = by_quarter(
        row_target(row),
        quarters,
        polarity=polarity,
        measure_type=measure,
        scale=scale,
        quarter_targets=[targets.get(q, Target()) for q in range(1, 5)],
    )
    agreement = row.section.agreement
    values = []
    for quarter, result in enumerate(results, start=1):
        actual = ""
        if result.actual is not None and not result.actual.is_empty:
            actual = result.actual.grade or f"{result.actual.number.normalize():f}"
        values.append(
            {
                "quarter": quarter,
                "agreement": agreement,
                "unit_id": agreement.unit_id,
                "province_id": agreement.unit.province_id,
                "indicator_id": row.indicator_id,
                "year": agreement.year,
                "actual": actual,
                "percent": result.percent,
                "reason": result.reason,
                "category": result.category,
            }
        )
    return values


@transaction.atomic
def realisation_record(
    *,
    row: Row,
    quarter: int,
    value_text: str,
    by,
    note: str = "",
    evidence: tuple[bytes, str] | None = None,
    link: str = "",
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Realisation:
    """Record a quarter's realisation of a row of a submitted agreement.

    A value already recorded is never overwritten: the new one supersedes it,
    and after the quarter has closed the correction needs a reason.
    """
    row = Row.objects.select_related("section__agreement__unit", "indicator").get(pk=row.pk)
    agreement = row.section.agreement
    if not access.is_open(agreement):
        raise MonitoringError(_("Realisasi hanya dicatat untuk PK yang sudah disampaikan."))
    _check_quarter(quarter)
    if not access.can_report(by, agreement):
        raise MonitoringError(_("Anda tidak berwenang mencatat realisasi unit ini."))
    note = clean_text(note, field=_("Catatan"), max_length=2000, error=MonitoringError)
    reason = clean_text(reason, field=_("Alasan koreksi"), error=MonitoringError)
    link = clean_text(link, field=_("Tautan bukti"), max_length=500, error=MonitoringError)
    if link and not re.match(r"^https?://", link):
        raise MonitoringError(_("Tautan bukti harus diawali http:// atau https://."))
    value = parse_value(row, value_text)
    evidence_sha256 = checked_evidence(*evidence)[1] if evidence is not None else ""
    now = now or timezone.now()
    previous = _supersede(row, quarter, reason=reason, now=now)
    realisation = Realisation(
        row=row,
        quarter=quarter,
        value=value.number,
        grade=value.grade,
        note=note,
        evidence_link=link,
        evidence_sha256=evidence_sha256,
        correction_reason=reason if previous else "",
        entered_by=by,
        entered_at=now,
    )
    _attach_evidence(realisation, evidence, previous)
    realisation.save()
    progress_recompute(row)
    _record_realisation(realisation, previous, by=by)
    return realisation


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise MonitoringError(_("Triwulan harus I, II, III atau IV."))


def _supersede(row: Row, quarter: int, *, reason: str, now: datetime.datetime) -> Realisation | None:
    """Mark the quarter's current realisation superseded and return it (None if there is none).

    After the quarter has closed, a correction without a reason is refused.
    """
    agreement = row.section.agreement
    previous = (
        Realisation.objects.select_for_update().filter(row=row, quarter=quarter, superseded_at__isnull=True).first()
    )
    if previous is None:
        return None
    local_today = timezone.localtime(now, timezone=ZoneInfo(agreement.unit.time_zone)).date()
    if local_today > quarter_closes_on(agreement.year, quarter) and not reason:
        raise MonitoringError(
            _(
                "Triwulan %(quarter)s sudah ditutup; koreksi realisasi harus disertai alasan. "
                "Nilai lama tetap tersimpan."
            )
            % {"quarter": quarter}
        )
    Realisation.objects.filter(pk=previous.pk).update(superseded_at=now)
    return previous


def _attach_evidence(
    realisation: Realisation, evidence: tuple[bytes, str] | None, previous: Realisation | None
) -> None:
    """Store a new evidence file; a correction without one keeps the evidence already given."""
    if evidence is not None:
        data, filename = evidence
        realisation.evidence_file.save(stored_name(data, filename), ContentFile(data), save=False)
    elif previous is not None:
        realisation.evidence_file = previous.evidence_file
        realisation.evidence_sha256 = previous.evidence_sha256
        realisation.evidence_link = realisation.evidence_link or previous.evidence_link


def _record_realisation(realisation: Realisation, previous: Realisation | None, *, by) -> None:
    row = realisation.row
    params = {"quarter": realisation.quarter, "row": row_label(row), "value": realisation.display}
    if previous is None:
        summary = gettext_noop("Realisasi TW %(quarter)s baris %(row)s: %(value)s")
    else:
        summary = gettext_noop(
            "Realisasi TW %(quarter)s baris %(row)s: %(value)s (sebelumnya %(previous)s; %(reason)s)"
        )
        params.update(previous=previous.display, reason=realisation.correction_reason)
    record_change(
        obj=realisation,
        within=row.section.agreement,
        # A correction names the value it replaced and why.
        action=Action.REALISE if previous is None else Action.CORRECT,
        summary=summary,
        params=params,
        by=by,
        changes={"realisasi": [previous.display if previous else None, realisation.display]},
    )


@transaction.atomic
def quarter_target_set(*, row: Row, quarter: int, text: str, by) -> QuarterTarget | None:
    """Set (or clear, with an empty text) a row's target for one quarter."""
    agreement = row.section.agreement
    _check_quarter(quarter)
    if not access.can_report(by, agreement):
        raise MonitoringError(_("Anda tidak berwenang mengubah target triwulan unit ini."))
    text = clean_text(text, field=_("Target triwulan"), max_length=40, error=MonitoringError)
    if not text:
        QuarterTarget.objects.filter(row=row, quarter=quarter).delete()
        progress_recompute(row)
        return None
    try:
        target = agreement_targets.reading(row, text)
    except TargetError as problem:
        raise MonitoringError(
            _("Target triwulan “%(text)s” tidak dapat dibaca: %(problem)s") % {"text": text, "problem": str(problem)}
        ) from None
    # Kept as read, as the row's own target is (`50` for `50 persen`), never the free text typed.
    text = clean_text(target.display(), field=_("Target triwulan"), max_length=40, error=MonitoringError)
    # Replaced, not updated: a new row is what tells the roll-up caches that something changed.
    QuarterTarget.objects.filter(row=row, quarter=quarter).delete()
    quarter_target = QuarterTarget.objects.create(row=row, quarter=quarter, target=text)
    progress_recompute(row)
    return quarter_target


@transaction.atomic
def evaluation_record(
    *, agreement: Agreement, quarter: int, assessment: str, follow_up: str, recommendation: str, by
) -> Evaluation:
    """The atasan's evaluation of a quarter: assessment, follow-up, reward or sanction."""
    if not access.is_open(agreement):
        raise MonitoringError(_("Evaluasi hanya untuk PK yang sudah disampaikan."))
    if not access.can_evaluate(by, agreement):
        raise MonitoringError(_("Evaluasi dicatat oleh atasan langsung penandatangan PK."))
    _check_quarter(quarter)
    assessment = clean_text(assessment, field=_("Penilaian"), error=MonitoringError)
    follow_up = clean_text(follow_up, field=_("Tindak lanjut"), error=MonitoringError)
    if not assessment:
        raise MonitoringError(_("Tuliskan penilaian."))
    if recommendation not in Recommendation.values:
        raise MonitoringError(_("Pilih rekomendasi: tidak ada, penghargaan, pembinaan atau sanksi."))
    evaluation, _created = Evaluation.objects.update_or_create(
        agreement=agreement,
        quarter=quarter,
        defaults={
            "assessment": assessment.strip(),
            "follow_up": follow_up.strip(),
            "recommendation": recommendation,
            "by": by,
        },
    )
    record_change(
        obj=evaluation,
        within=agreement,
        action=Action.EVALUATE,
        summary=gettext_noop("Evaluasi TW %(quarter)s: %(recommendation)s"),
        params={"quarter": quarter, "recommendation": term(Recommendation(recommendation).label)},
        by=by,
    )
    return evaluation
