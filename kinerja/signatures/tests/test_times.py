"""Times of electronic signing are the unit's own, labelled; a PK dated long ago is signed with a reason."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.audit.models import Action, ChangeRecord
from kinerja.demo.loader import DEMO_PASSWORD
from kinerja.documents import codes
from kinerja.lib.templatefilters import waktu
from kinerja.signatures import services, signers
from kinerja.signatures.models import Party
from kinerja.signatures.signers import SigningError

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2024, 6, 20, 10, 41, tzinfo=datetime.UTC)  # 17.41 WIB, 19.41 WIT


@pytest.fixture
def final_secretariat(personas, sorong_agreements):
    _commission, secretariat = sorong_agreements
    return lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)


def test_the_signature_block_and_the_verification_page_show_the_units_zone(final_secretariat, personas, monkeypatch):
    assert final_secretariat.unit.time_zone == "Asia/Jayapura"
    requests = []
    original = signers.LocalSigner.sign
    monkeypatch.setattr(signers.LocalSigner, "sign", lambda self, r: requests.append(r) or original(self, r))
    services.sign(
        agreement=final_secretariat,
        party=Party.FIRST,
        by=personas.sekretaris,
        passphrase=DEMO_PASSWORD,
        at=AT,
        reason="uji",
    )

    assert requests[0].when == "20 Juni 2024 19.41 WIT"
    assert "WIB" not in requests[0].when
    page_time = waktu(AT, final_secretariat.unit.time_zone)  # as the PK page shows it
    assert page_time.endswith("19.41 WIT")
    code = codes.code_for(final_secretariat)
    html = Client().get(reverse("signatures:verify", args=[code])).content.decode()
    assert page_time in html and "17.41" not in html


def test_a_pk_dated_long_ago_is_signed_only_with_a_reason_kept_in_history(final_secretariat, personas):
    dated = final_secretariat.signed_on
    soon = datetime.datetime.combine(dated + datetime.timedelta(days=14), datetime.time(12), datetime.UTC)
    assert not services.needs_reason(final_secretariat, soon)
    later = datetime.datetime.combine(dated + datetime.timedelta(days=15), datetime.time(12), datetime.UTC)
    assert services.needs_reason(final_secretariat, later)
    with pytest.raises(SigningError, match="alasan"):
        services.sign(
            agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD, at=later
        )
    services.sign(
        agreement=final_secretariat,
        party=Party.FIRST,
        by=personas.sekretaris,
        passphrase=DEMO_PASSWORD,
        at=later,
        reason="TTE baru tersedia",
    )
    record = ChangeRecord.objects.filter(action=Action.SIGN).latest("pk")
    assert record.summary_params["reason"] == "TTE baru tersedia"
    assert "alasan: %(reason)s" in record.summary_template


def tte_panel(html: str) -> str:
    start = html.index('id="tte"')
    return html[start : html.index("</div>", start)]


def test_the_signing_form_asks_for_a_reason_only_when_needed(final_secretariat, personas, client_for, monkeypatch):
    client = client_for(personas.sekretaris)
    assert final_secretariat.signed_on.year == 2024  # long ago
    assert 'name="reason"' in tte_panel(client.get(final_secretariat.get_absolute_url()).content.decode())
    monkeypatch.setattr(services, "needs_reason", lambda *args, **kwargs: False)  # as if dated last week
    assert 'name="reason"' not in tte_panel(client.get(final_secretariat.get_absolute_url()).content.decode())


def test_the_autosave_time_is_the_agreements_units_with_its_label(final_secretariat):
    html = render_to_string(
        "agreements/_saved.html",
        {"key": "pk", "obj": final_secretariat, "agreement": final_secretariat, "findings": [], "now": AT},
    )
    assert "Tersimpan 19.41 WIT" in html
