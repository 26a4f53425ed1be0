import pytest

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement
from kinerja.conftest import delete_sorong_agreements, make_pdf
from kinerja.demo.agreements import agreements_demo_load
from kinerja.demo.loader import sorong_seed


@pytest.fixture
def both_submitted(personas):
    """Kota Sorong's commission and secretariat PKs, submitted to the province (scans of 2 and 3 pages)."""
    delete_sorong_agreements()
    agreements = agreements_demo_load(sorong_seed(), with_story=False)
    for pages, agreement in zip((2, 3), agreements, strict=True):
        lifecycle.agreement_finalise(agreement=agreement, by=personas.operator)
        lifecycle.scan_upload(agreement=agreement, data=make_pdf(pages), filename="pk.pdf", by=personas.operator)
        lifecycle.agreement_submit(agreement=agreement, by=personas.operator)
    return [Agreement.objects.get(pk=a.pk) for a in agreements]
