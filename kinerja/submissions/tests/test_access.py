"""Who acts after submission agrees with the pipeline's rule (agreements.access.may_move):
a button shows, and a service accepts, exactly what the move itself would accept."""

import pytest
from django.urls import reverse

from kinerja.agreements.access import may_move
from kinerja.agreements.models import Status
from kinerja.agreements.services import agreement_draft
from kinerja.submissions import access, services
from kinerja.submissions.selectors import routing_panel

pytestmark = pytest.mark.django_db

PERSONAS = ("operator", "ketua", "province_verifier", "central_verifier", "outsider", "admin")


@pytest.mark.parametrize("persona", PERSONAS)
def test_acting_for_the_province_and_for_kpu_is_what_may_move_allows(both_submitted, personas, persona):
    user = getattr(personas, persona)
    for agreement in both_submitted:
        province_id = agreement.unit.province_id
        assert access.acts_for_province(user, province_id) == may_move(user, agreement, Status.COMPILED)
        assert access.acts_for_kpu(user) == may_move(user, agreement, Status.RECEIVED)
        # While it waits at the province, its verifier and KPU may send it back.
        returns = access.acts_for_province(user, province_id) or access.acts_for_kpu(user)
        assert returns == may_move(user, agreement, Status.DRAFT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_persona_compiles_exactly_when_may_move_lets_it_compile(both_submitted, personas, units, persona):
    user = getattr(personas, persona)
    allowed = all(may_move(user, agreement, Status.COMPILED) for agreement in both_submitted)
    assert allowed == (persona in ("province_verifier", "admin"))
    if allowed:
        package = services.package_compile(province=units["kpu-96"], year=2024, by=user)
        assert package.agreements.count() == 2
    else:
        with pytest.raises(services.RoutingError):
            services.package_compile(province=units["kpu-96"], year=2024, by=user)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_hardcopy_form_is_shown_to_whoever_may_record_the_hardcopy(both_submitted, personas, persona):
    user = getattr(personas, persona)
    agreement = both_submitted[0]
    panel = routing_panel(agreement, user)
    assert panel["is_province_verifier"] == may_move(user, agreement, Status.COMPILED)
    if panel["is_province_verifier"]:
        services.hardcopy_record(agreement=agreement, location="Lemari 1", by=user)
    else:
        with pytest.raises(services.RoutingError):
            services.hardcopy_record(agreement=agreement, location="Lemari 1", by=user)


def test_the_routing_panel_shows_nothing_before_submission(personas, units):
    draft = agreement_draft(unit=units["setjen"], year=2024, by=personas.central_verifier)
    assert routing_panel(draft, personas.central_verifier) is None


def test_the_routing_panel_of_a_submitted_pk_lists_its_hardcopy(both_submitted, personas):
    agreement = both_submitted[0]
    services.hardcopy_record(agreement=agreement, location="Lemari 2, rak 1", by=personas.province_verifier)
    panel = routing_panel(agreement, personas.central_verifier)
    assert panel["hardcopy"].location == "Lemari 2, rak 1"
    assert (panel["is_central"], panel["is_province_verifier"]) == (True, False)


def test_the_agreement_page_shows_the_routing_panel_with_the_form_for_the_province(
    both_submitted, personas, client_for
):
    url = both_submitted[0].get_absolute_url()
    verifier = client_for(personas.province_verifier).get(url).content.decode()
    operator = client_for(personas.operator).get(url).content.decode()
    assert 'class="routing"' in verifier and 'name="location"' in verifier
    assert 'class="routing"' in operator and 'name="location"' not in operator
    assert client_for(personas.outsider).get(url).status_code == 404


def test_the_province_verifier_finds_the_compilation_page_from_a_submitted_regency_pk(client_for, personas, demo_story):
    """The agreement page points the province's verifier, and only whoever may compile, to the compilation page."""
    secretariat = demo_story[1]  # submitted, waiting for the province's compilation
    url = reverse("submissions:province", args=[secretariat.unit.province_id, secretariat.year])
    page = client_for(personas.province_verifier).get(secretariat.get_absolute_url()).content.decode()
    assert url in page
    assert url not in client_for(personas.operator).get(secretariat.get_absolute_url()).content.decode()
