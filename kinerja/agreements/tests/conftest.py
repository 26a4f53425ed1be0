import pytest

from kinerja.agreements.models import Agreement


@pytest.fixture
def sorong_agreements(units):
    """The two demo agreements of Kota Sorong 2024: (commission, secretariat)."""
    return (
        Agreement.objects.get(unit=units["kpu-96.71"], year=2024),
        Agreement.objects.get(unit=units["sekretariat-96.71"], year=2024),
    )


@pytest.fixture
def no_sorong_agreements(units):
    """Kota Sorong without its demo agreements, to draft them anew."""
    Agreement.objects.filter(unit__code__in=["kpu-96.71", "sekretariat-96.71"]).delete()
