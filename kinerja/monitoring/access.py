"""Who reports realisation and who evaluates.

The unit's own operator and pimpinan report its realisation (agreements.access).
The evaluator is the atasan: for a secretariat, Setjen or an Eselon II unit the
pimpinan of the unit above it (its Pihak Kedua); for a commission, which signs
alone, its own pimpinan (the Ketua) and the province above it. Admins may do both.
"""

from kinerja.agreements.access import can_edit
from kinerja.agreements.models import Agreement
from kinerja.organisation.access import is_admin, roles_in, verified_province_ids
from kinerja.organisation.models import Role


def can_report(user, agreement: Agreement) -> bool:
    return can_edit(user, agreement)


def can_evaluate(user, agreement: Agreement) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    unit = agreement.unit
    if unit.has_superior:
        return Role.LEADER in roles_in(user, unit.parent)
    return Role.LEADER in roles_in(user, unit) or (
        unit.kind == "kpu_kabkota" and unit.province_id in verified_province_ids(user)
    )
