"""Who may see and act on what follows a submission: every view that takes an id comes here.

Seeing follows the unit (organisation.access), and a province's page and its
packages are read only by those who read the province (organisation.access.reads_province):
its verifiers, KPU's central verifiers and admins, not the province's other
members; the hardcopy requests of a unit are for those who see the unit.
Anyone else gets 404, whether or not the id exists.

Acting follows the agreement's pipeline (agreements.access.may_move), so that
a button is shown to exactly those whose click the move would accept: the
province's verifier (and an admin) compiles its kabupaten/kota's agreements,
forwards the package, keeps the hardcopy and answers KPU's requests; KPU's
central verifiers (and admins) receive, record the sendings to the ministries
and ask for hardcopies.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.organisation.access import (
    get_unit_for_user,
    is_admin,
    reads_province,
    sees_everything,
    verified_province_ids,
    visible_units,
)
from kinerja.organisation.models import Unit, UnitKind
from kinerja.submissions.models import CompilationPackage, HardcopyRequest, PrintJob


def acts_for_province(user, province_id: int | None) -> bool:
    """Whether `user` compiles and keeps the hardcopy for the province `province_id`.

    The people may_move lets compile that province's kabupaten/kota agreements,
    and return them while they wait there: its verifier, or an admin.
    """
    return province_id is not None and (is_admin(user) or province_id in verified_province_ids(user))


def acts_for_kpu(user) -> bool:
    """Whether `user` receives for KPU: the people may_move lets receive any agreement."""
    return sees_everything(user)


def get_province_for_user(user, unit_id: int) -> Unit:
    """The KPU Provinsi `unit_id` if `user` reads what it gathers; 404 otherwise."""
    province = get_unit_for_user(user, unit_id)
    if province.kind != UnitKind.PROVINCE:
        raise Http404(_("Bukan KPU Provinsi."))
    if not reads_province(user, province.pk):
        raise Http404(_("Provinsi tidak ditemukan."))
    return province


def get_package_for_user(user, package_id: int) -> CompilationPackage:
    """The package if `user` reads its province's packages; 404 otherwise."""
    package = CompilationPackage.objects.select_related("province").filter(pk=package_id).first()
    if package is None or not reads_province(user, package.province_id):
        raise Http404(_("Paket tidak ditemukan."))
    return package


def get_hardcopy_request_for_user(user, request_id: int) -> HardcopyRequest:
    """The request if `user` sees its agreement's unit; 404 otherwise."""
    return get_object_or_404(
        HardcopyRequest.objects.select_related("agreement__unit"),
        pk=request_id,
        agreement__unit__in=visible_units(user),
    )


def print_scope(user) -> tuple[bool, list[Unit]]:
    """(may print nationally, the provinces the user may print)."""
    if sees_everything(user):
        return True, list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("sort_key"))
    return False, list(Unit.objects.filter(pk__in=verified_province_ids(user)))


def get_job_for_user(user, job_id: int) -> PrintJob:
    """The job if it is national and `user` prints nationally, or of a province `user` prints; 404 otherwise."""
    national, provinces = print_scope(user)
    job = get_object_or_404(PrintJob.objects.select_related("province"), pk=job_id)
    if not national and (job.province_id is None or job.province_id not in {p.pk for p in provinces}):
        raise Http404(_("Tugas tidak ditemukan."))
    return job
