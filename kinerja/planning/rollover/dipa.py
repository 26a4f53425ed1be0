"""Next year's DIPA allocations from this year's, as a draft to match to the ratified DIPA; a DIPA
that already holds allocations is left alone, and a new DIPA needs its ratification date."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.lib.formatting import format_date
from kinerja.lib.i18n import rupiah
from kinerja.organisation.models import Unit
from kinerja.planning import selectors
from kinerja.planning.models import Dipa, DipaAllocation
from kinerja.planning.rollover._base import Change, CopyError, Line, Proposal, money, plan_url


def propose(unit: Unit, year: int) -> Proposal:
    last = year - 1
    proposal = Proposal(
        "dipa",
        unit,
        year,
        _("Pagu DIPA %(unit)s %(year)s dari DIPA %(last)s") % {"unit": unit.short_name, "year": year, "last": last},
        back_url=plan_url(unit, year),
    )
    source = selectors.dipa_of(unit, last)
    if source is None or not source.allocations.all():
        proposal.refusal = _("DIPA %(unit)s %(last)s tidak berisi pagu; tidak ada yang dapat disalin.") % {
            "unit": unit.short_name,
            "last": last,
        }
        return proposal
    existing = selectors.dipa_of(unit, year)
    if existing is not None and existing.allocations.all():
        proposal.refusal = _(
            "DIPA %(unit)s %(year)s sudah berisi pagu yang disahkan %(date)s; ubah lewat impor DIPA."
        ) % {"unit": unit.short_name, "year": year, "date": format_date(existing.ratified_on, language=None)}
        return proposal
    for allocation in source.allocations.all():
        label = (
            f"{allocation.activity.code} {allocation.activity.name}"
            if allocation.activity
            else f"{allocation.program.name} ({allocation.program.code})"
        )
        amount = money(allocation.amount)
        proposal.lines.append(Line(Change.KEPT, label, before=amount, after=amount, group=allocation.program.code))
    proposal.warnings.append(
        _(
            "Pagu disalin dari DIPA %(last)s sebagai rancangan. Sesuaikan dengan DIPA %(year)s yang disahkan "
            "(ekspor, ubah, impor ulang) sebelum PK disusun."
        )
        % {"last": last, "year": year}
    )
    proposal.plan = {"existing": existing, "allocations": list(source.allocations.all())}
    return proposal


def needs_dipa_header(proposal: Proposal) -> bool:
    return proposal.kind == "dipa" and not proposal.refusal and proposal.plan["existing"] is None


def write(proposal: Proposal, *, by, number: str = "", ratified_on: datetime.date | None = None) -> Dipa:
    dipa = proposal.plan["existing"]
    year = proposal.year
    if dipa is None:
        if ratified_on is None:
            raise CopyError(_("Isi tanggal pengesahan DIPA %(year)s.") % {"year": year})
        if ratified_on.year not in (year - 1, year):
            raise CopyError(
                _("Tanggal pengesahan DIPA %(year)s harus pada tahun %(last)s atau %(year)s.")
                % {"year": year, "last": year - 1}
            )
        dipa = Dipa(unit=proposal.unit, year=year, number=number, ratified_on=ratified_on)
        dipa.full_clean()
        dipa.save()
    DipaAllocation.objects.bulk_create(
        DipaAllocation(dipa=dipa, program=allocation.program, activity=allocation.activity, amount=allocation.amount)
        for allocation in proposal.plan["allocations"]
    )
    total = sum(allocation.amount for allocation in proposal.plan["allocations"])
    record_change(
        obj=dipa,
        action=Action.CREATE,
        summary=gettext_noop("Pagu DIPA %(unit)s %(year)s disalin dari %(last)s: %(count)s pagu, total %(total)s"),
        params={
            "unit": proposal.unit.short_name,
            "year": year,
            "last": proposal.last_year,
            "count": len(proposal.plan["allocations"]),
            "total": rupiah(total),
        },
        by=by,
        unit=proposal.unit,
    )
    return dipa
