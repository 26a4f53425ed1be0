"""Changes to the plan. Each runs in one transaction and records who changed what."""

import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import diff, record_change
from kinerja.lib.uploads import checked_pdf
from kinerja.planning.models import Decree, Dipa, IkuItem, IkuSet
from kinerja.planning.selectors import same_indicator_above
from kinerja.planning.targets import TargetError, weaker_phrase, weaker_than


@transaction.atomic
def iku_item_set_target(*, item: IkuItem, text: str, by) -> IkuItem:
    """Change the target of one IKU; raises TargetError with a message for the user.

    A regional target may not be below the target it derives from (guideline
    C.3, DESIGN): such a change is refused, naming the row and both targets.
    A parent whose own target would rise above its derived items is not
    refused here; the cascade check lists those items for correction.
    """
    target = item.indicator.parse_target(text)
    parent = same_indicator_above(item)
    indicator = item.indicator
    if parent is not None and weaker_than(
        target, parent.target, polarity=indicator.polarity, scale=indicator.grade_scale
    ):
        raise TargetError(
            _(
                "Baris %(order)s “%(indicator)s”: target %(target)s %(weaker)s target %(unit)s %(parent_target)s; "
                "target daerah tidak boleh lebih ringan."
            )
            % {
                "order": item.order,
                "indicator": indicator.name,
                "target": target.display(indicator.measure_unit),
                "weaker": weaker_phrase(indicator.polarity),
                "unit": parent.iku_set.unit.short_name,
                "parent_target": parent.target_display,
            }
        )
    old = item.target_display
    item.set_target(target)
    if item.target_display != old:
        item.save(update_fields=["target_value", "target_upper", "target_grade"])
        record_change(
            obj=item,
            action=Action.UPDATE_TARGET,
            summary=gettext_noop("Target IKU “%(indicator)s” %(year)s: %(old)s → %(new)s"),
            params={
                "indicator": item.indicator.name,
                "year": item.iku_set.year,
                "old": old or "—",
                "new": item.target_display,
            },
            by=by,
            unit=item.iku_set.unit,
            changes={"target": [old, item.target_display]},
        )
    return item


@transaction.atomic
def dipa_update(*, dipa: Dipa, ratified_on: datetime.date, number: str, by) -> Dipa:
    """Correct a DIPA's ratification date or number; the PK due date follows."""
    changes = diff(dipa, {"ratified_on": ratified_on, "number": number})
    if changes:
        dipa.ratified_on, dipa.number = ratified_on, number
        dipa.full_clean()
        dipa.save()
        record_change(
            obj=dipa,
            action=Action.UPDATE_DIPA,
            summary=gettext_noop("DIPA %(unit)s %(year)s: pengesahan %(date)s"),
            params={"unit": dipa.unit.short_name, "year": dipa.year, "date": f"{ratified_on:%d-%m-%Y}"},
            by=by,
            unit=dipa.unit,
            changes=changes,
        )
    return dipa


@transaction.atomic
def iku_set_review(*, iku_set: IkuSet, reviewed_on: datetime.date, next_review: datetime.date, by) -> IkuSet:
    """Record a periodic review of an IKU set and when the next one is due."""
    if next_review <= reviewed_on:
        raise ValueError(_("Jadwal reviu berikutnya harus setelah tanggal reviu."))
    changes = diff(iku_set, {"reviewed_on": reviewed_on, "review_due": next_review})
    iku_set.reviewed_on, iku_set.review_due = reviewed_on, next_review
    iku_set.save(update_fields=["reviewed_on", "review_due"])
    record_change(
        obj=iku_set,
        action=Action.REVIEW_IKU,
        summary=gettext_noop("Reviu %(iku_set)s: %(reviewed_on)s, berikutnya %(next_review)s"),
        params={
            "iku_set": str(iku_set),
            "reviewed_on": f"{reviewed_on:%d-%m-%Y}",
            "next_review": f"{next_review:%d-%m-%Y}",
        },
        by=by,
        unit=iku_set.unit,
        changes=changes,
    )
    return iku_set


def iku_set_decree(*, iku_set: IkuSet, number: str, issued_on: datetime.date, title: str = "", by) -> Decree:
    """Record the decree that sets an IKU set (one copied or imported without it); raises ValueError."""
    if iku_set.decree_id is not None:
        raise ValueError(_("IKU ini sudah ditetapkan dengan %(number)s.") % {"number": iku_set.decree.number})
    if issued_on.year not in (iku_set.year - 1, iku_set.year):
        raise ValueError(
            _("Tanggal keputusan IKU %(year)s harus pada tahun %(last)s atau %(year)s.")
            % {"year": iku_set.year, "last": iku_set.year - 1}
        )
    try:
        with transaction.atomic():
            decree = Decree.objects.create(
                unit=iku_set.unit,
                number=number,
                issued_on=issued_on,
                title=title
                or _("Indikator Kinerja Utama %(unit)s Tahun %(year)s")
                % {"unit": iku_set.unit.name, "year": iku_set.year},
            )
            iku_set.decree = decree
            iku_set.save(update_fields=["decree"])
            record_change(
                obj=iku_set,
                action=Action.UPDATE,
                summary=gettext_noop("%(iku_set)s ditetapkan dengan Keputusan %(number)s tanggal %(date)s"),
                params={"iku_set": str(iku_set), "number": number, "date": f"{issued_on:%d-%m-%Y}"},
                by=by,
                unit=iku_set.unit,
                changes={"decree": [None, number]},
            )
    except IntegrityError:
        raise ValueError(
            _("Nomor keputusan %(number)s sudah dipakai unit ini; periksa nomornya.") % {"number": number}
        ) from None
    return decree


@transaction.atomic
def decree_attach_signed_file(*, decree: Decree, data: bytes, filename: str, by) -> Decree:
    """Store the signed scan of a decree after checking it is a readable PDF."""
    pages, sha256 = checked_pdf(data)
    decree.signed_file.save(f"keputusan-{decree.pk}-{sha256[:12]}.pdf", ContentFile(data), save=True)
    record_change(
        obj=decree,
        action=Action.UPLOAD_DECREE,
        summary=gettext_noop("Berkas Keputusan %(number)s diunggah (%(pages)s halaman, SHA-256 %(sha256)s…)"),
        params={"number": decree.number, "pages": pages, "sha256": sha256[:12]},
        by=by,
        unit=decree.unit,
        changes={"signed_file": [None, filename], "sha256": [None, sha256]},
    )
    return decree
