"""Next year from this year ("Salin dari tahun lalu").

For each plan object of a unit (Renstra yearly targets, IKU set, RKT, DIPA
allocations; the PK in agreements.rollover) `propose(kind, unit, year)` builds
what `year` would hold if it were copied from `year - 1`, line by line, each
line kept, changed, new or removed against last year, with the reason of a
change. Nothing is written until the operator has read that list and confirms
it: `apply` recomputes the proposal in its transaction and refuses when it is
no longer the one the operator read (`Proposal.fingerprint`). Nothing that
already exists is overwritten: the copy makes what is missing.

Where next year's values come from, in order: the Renstra target of `year`
(KPU's own IKU), the parent unit's IKU of `year` (a regional target is never
weaker than its parent's; an item the parent dropped is removed, one the parent
added is new), the unit's IKU of `year` (the RKT's targets and rows).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinerja.organisation.models import Unit
from kinerja.planning.rollover import dipa, iku, renstra, rkt
from kinerja.planning.rollover._base import (
    Change,
    CopyError,
    Line,
    Proposal,
    check_confirmable,
    money,
    summary_params,
)
from kinerja.planning.rollover.dipa import needs_dipa_header

PROPOSERS = {
    "renstra": (renstra.propose, renstra.write),
    "iku": (iku.propose, iku.write),
    "rkt": (rkt.propose, rkt.write),
    "dipa": (dipa.propose, dipa.write),
}


def propose(kind: str, unit: Unit, year: int) -> Proposal:
    try:
        builder = PROPOSERS[kind][0]
    except KeyError:
        raise CopyError(_("Jenis rencana tidak dikenal.")) from None
    return builder(unit, year)


def apply(kind: str, unit: Unit, year: int, *, by, fingerprint: str, extra: dict | None = None):
    """Write the proposal that the operator read; raises CopyError (nothing written) otherwise."""
    builder, writer = PROPOSERS[kind]
    try:
        with transaction.atomic():
            # One copy at a time per unit: a double click waits here, then finds the first one's result.
            Unit.objects.select_for_update().get(pk=unit.pk)
            proposal = builder(unit, year)
            check_confirmable(proposal, fingerprint)
            return writer(proposal, by=by, **(extra or {}))
    except IntegrityError as error:
        raise CopyError(_("Data berubah selama penyalinan (mungkin oleh pengguna lain); tinjau ulang.")) from error


__all__ = [
    "PROPOSERS",
    "Change",
    "CopyError",
    "Line",
    "Proposal",
    "apply",
    "check_confirmable",
    "money",
    "needs_dipa_header",
    "propose",
    "summary_params",
]
