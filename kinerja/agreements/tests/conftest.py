import pytest

from kinerja.agreements.models import Agreement, SignedScan
from kinerja.demo.agreements import agreements_demo_load
from kinerja.demo.loader import sorong_seed
from kinerja.submissions.models import CompilationPackage, HardcopyArchive, HardcopyRequest, Sending

SORONG_UNITS = ["kpu-96.71", "sekretariat-96.71"]


def delete_sorong_agreements() -> None:
    """Remove Kota Sorong's agreements and everything that hangs on them (test set-up only)."""
    agreements = Agreement.objects.filter(unit__code__in=SORONG_UNITS)
    for model in (HardcopyArchive, HardcopyRequest, Sending, SignedScan):
        model.objects.filter(agreement__in=agreements).delete()
    CompilationPackage.objects.filter(agreements__in=agreements).delete()
    # Newest versions first: a revision protects the version it replaces.
    for agreement in agreements.order_by("-version"):
        Agreement.objects.filter(pk=agreement.pk).delete()


@pytest.fixture
def no_sorong_agreements(units):
    """Kota Sorong without agreements, to draft them anew."""
    delete_sorong_agreements()


@pytest.fixture
def sorong_agreements(no_sorong_agreements):
    """The two seed agreements of Kota Sorong 2024 as drafts: (commission, secretariat)."""
    commission, secretariat = agreements_demo_load(sorong_seed(), with_story=False)
    return commission, secretariat


@pytest.fixture
def demo_story(units):
    """The demo agreements as `load_demo` leaves them: commission received, secretariat submitted."""
    return (
        Agreement.objects.get(unit=units["kpu-96.71"], year=2024),
        Agreement.objects.get(unit=units["sekretariat-96.71"], year=2024),
    )
