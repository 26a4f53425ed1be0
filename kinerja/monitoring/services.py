"""Recording realisation and evaluation; keeping the computed achievement current."""

import datetime
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement, Row
from kinerja.agreements.services import AgreementError, row_label
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.lib.text import clean_text
from kinerja.lib.uploads import checked_evidence
from kinerja.monitoring import access
from kinerja.monitoring.achievement import Value, by_quarter
from kinerja.monitoring.models import Evaluation, Progress, QuarterTarget, Realisation, Recommendation
from kinerja.planning.targets import GRADES, MeasureType, Polarity, Target, TargetError, parse_number, parse_target


class MonitoringError(AgreementError):
    pass


def quarter_closes_on(year: int, quarter: int) -> datetime.date:
    """The last day a quarter's realisation may be changed without a reason."""
    end_month = quarter * 3
    next_month_first = datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return next_month_first - datetime.timedelta(days=1) + datetime.timedelta(days=settings.QUARTER_GRACE_DAYS)


def _rules(row: Row) -> tuple[str, str, str, str]:
    """(target kind, grade scale, polarity, measure type) of a row, from its indicator."""
    indicator = row.indicator
    if indicator is None:
        return "number", "", Polarity.HIGHER, MeasureType.LAST
    return indicator.target_kind, indicator.grade_scale, indicator.polarity, indicator.measure_type


def row_target(row: Row, text: str | None = None) -> Target:
    """The row's target as a comparable value; empty when it cannot be read."""
    kind, scale, polarity, _ = _rules(row)
    try:
        return parse_target(row.target if text is None else text, kind=kind, scale=scale, polarity=polarity)
    except TargetError:
        return Target()


def parse_value(row: Row, text: str) -> Value:
    """A realisation typed by the operator: a grade of the row's scale, or a number."""
    kind, scale, _polarity, _ = _rules(row)
    text = (text or "").strip()
    if not text:
        raise MonitoringError("Isi nilai realisasi.")
    if kind == "grade":
        grade = text.upper()
        if grade not in GRADES.get(scale, ()):
            raise MonitoringError(f"Predikat “{text}” tidak dikenal; pilih {', '.join(GRADES.get(scale, ()))}.")
        return Value(grade=grade)
    cleaned = text.replace("%", "").strip()
    try:
        number = parse_number(cleaned)
    except TargetError:
        raise MonitoringError(f"Realisasi “{text}” bukan angka.") from None
    if number < 0:
        raise MonitoringError("Realisasi tidak boleh negatif.")
    if kind == "percent" and number > 1000:
        raise MonitoringError("Persentase lebih dari 1.000% tidak masuk akal; periksa kembali.")
    return Value(number=number)


def progress_recompute(row: Row) -> list[Progress]:
    """Rewrite the four quarters' achievement of `row` from its current realisations."""
    _kind, scale, polarity, measure = _rules(row)
    current = {r.quarter: r for r in row.realisations.filter(superseded_at__isnull=True)}
    quarters = [
        Value(number=current[q].value, grade=current[q].grade) if q in current else Value() for q in range(1, 5)
    ]
    targets = {qt.quarter: row_target(row, qt.target) for qt in row.quarter_targets.all()}
    results = by_quarter(
        row_target(row),
        quarters,
        polarity=polarity,
        measure_type=measure,
        scale=scale,
        quarter_targets=[targets.get(q, Target()) for q in range(1, 5)],
    )
    agreement = row.section.agreement
    saved = []
    for quarter, result in enumerate(results, start=1):
        actual = ""
        if result.actual is not None and not result.actual.is_empty:
            actual = result.actual.grade or f"{result.actual.number.normalize():f}"
        progress, _ = Progress.objects.update_or_create(
            row=row,
            quarter=quarter,
            defaults={
                "agreement": agreement,
                "unit_id": agreement.unit_id,
                "province_id": agreement.unit.province_id,
                "indicator_id": row.indicator_id,
                "year": agreement.year,
                "actual": actual,
                "percent": result.percent,
                "reason": result.reason,
                "category": result.category,
            },
        )
        saved.append(progress)
    return saved


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
    if agreement.status not in SUBMITTED_STATUSES:
        raise MonitoringError("Realisasi hanya dicatat untuk PK yang sudah disampaikan.")
    if quarter not in (1, 2, 3, 4):
        raise MonitoringError("Triwulan harus I, II, III atau IV.")
    if not access.can_report(by, agreement):
        raise MonitoringError("Anda tidak berwenang mencatat realisasi unit ini.")
    note = clean_text(note, field="Catatan", max_length=2000, error=MonitoringError)
    reason = clean_text(reason, field="Alasan koreksi", error=MonitoringError)
    link = clean_text(link, field="Tautan bukti", max_length=500, error=MonitoringError)
    if link and not re.match(r"^https?://", link):
        raise MonitoringError("Tautan bukti harus diawali http:// atau https://.")
    value = parse_value(row, value_text)
    evidence_sha256 = ""
    evidence_content = None
    if evidence is not None:
        data, filename = evidence
        _kind, evidence_sha256 = checked_evidence(data, filename)
        evidence_content = (ContentFile(data), filename)
    now = now or timezone.now()
    local_today = timezone.localtime(now, timezone=_zone(agreement)).date()
    previous = (
        Realisation.objects.select_for_update().filter(row=row, quarter=quarter, superseded_at__isnull=True).first()
    )
    closed = local_today > quarter_closes_on(agreement.year, quarter)
    if previous and closed and not reason.strip():
        raise MonitoringError(
            f"Triwulan {quarter} sudah ditutup; koreksi realisasi harus disertai alasan. Nilai lama tetap tersimpan."
        )
    if previous:
        Realisation.objects.filter(pk=previous.pk).update(superseded_at=now)
    realisation = Realisation(
        row=row,
        quarter=quarter,
        value=value.number,
        grade=value.grade,
        note=note,
        evidence_link=link.strip(),
        evidence_sha256=evidence_sha256,
        correction_reason=reason.strip() if previous else "",
        entered_by=by,
        entered_at=now,
    )
    if evidence_content is None and previous is not None:
        # A correction without a new file keeps the evidence already given.
        realisation.evidence_file = previous.evidence_file
        realisation.evidence_sha256 = previous.evidence_sha256
        realisation.evidence_link = realisation.evidence_link or previous.evidence_link
    elif evidence_content is not None:
        content, filename = evidence_content
        realisation.evidence_file.save(re.sub(r"[^\w.\-]", "_", filename)[-80:], content, save=False)
    realisation.save()
    progress_recompute(row)
    record_change(
        obj=realisation,
        within=agreement,
        action=Action.REALISE if not previous else "koreksi_realisasi",
        summary=f"Realisasi TW {quarter} baris {row_label(row)}: {realisation.display}"
        + (f" (sebelumnya {previous.display}; {reason.strip()})" if previous else ""),
        by=by,
        changes={"realisasi": [previous.display if previous else None, realisation.display]},
    )
    return realisation


def _zone(agreement: Agreement):
    from zoneinfo import ZoneInfo

    return ZoneInfo(agreement.unit.time_zone)


@transaction.atomic
def quarter_target_set(*, row: Row, quarter: int, text: str, by) -> QuarterTarget | None:
    """Set (or clear, with an empty text) a row's target for one quarter."""
    agreement = row.section.agreement
    if not access.can_report(by, agreement):
        raise MonitoringError("Anda tidak berwenang mengubah target triwulan unit ini.")
    text = clean_text(text, field="Target triwulan", max_length=40, error=MonitoringError)
    if not text:
        QuarterTarget.objects.filter(row=row, quarter=quarter).delete()
        progress_recompute(row)
        return None
    if row_target(row, text).is_empty:
        raise MonitoringError(f"Target triwulan “{text}” tidak dapat dibaca.")
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
    if agreement.status not in SUBMITTED_STATUSES:
        raise MonitoringError("Evaluasi hanya untuk PK yang sudah disampaikan.")
    if not access.can_evaluate(by, agreement):
        raise MonitoringError("Evaluasi dicatat oleh atasan langsung penandatangan PK.")
    if quarter not in (1, 2, 3, 4):
        raise MonitoringError("Triwulan harus I, II, III atau IV.")
    assessment = clean_text(assessment, field="Penilaian", error=MonitoringError)
    follow_up = clean_text(follow_up, field="Tindak lanjut", error=MonitoringError)
    if not assessment:
        raise MonitoringError("Tuliskan penilaian.")
    if recommendation not in Recommendation.values:
        raise MonitoringError("Pilih rekomendasi: tidak ada, penghargaan, pembinaan atau sanksi.")
    evaluation, _ = Evaluation.objects.update_or_create(
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
        summary=f"Evaluasi TW {quarter}: {evaluation.get_recommendation_display()}",
        by=by,
    )
    return evaluation
