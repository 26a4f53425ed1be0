"""What signatures does when the agreement app announces a move, and what it adds to the agreement page."""

import datetime

import pytest
from django.utils import timezone, translation

from kinerja.agreements import lifecycle, panels
from kinerja.agreements.models import Agreement, Status
from kinerja.agreements.signals import agreement_moved
from kinerja.demo.loader import DEMO_PASSWORD
from kinerja.signatures import services
from kinerja.signatures.models import ElectronicSignature, Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_secretariat(personas, sorong_agreements):
    _commission, secretariat = sorong_agreements
    return lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)


def announce(agreement, to_status, by, reason="", at=None):
    agreement_moved.send(
        sender=Agreement,
        agreement=agreement,
        from_status=agreement.status,
        to_status=to_status,
        by=by,
        reason=reason,
        at=at or timezone.now(),
    )


def test_a_move_back_to_draft_voids_the_standing_signatures_and_no_other_move_does(final_secretariat, personas):
    first = services.sign(
        agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD
    )
    announce(final_secretariat, Status.SIGNED, personas.operator)
    assert [s.pk for s in services.standing(final_secretariat)] == [first.signature.pk]

    at = timezone.now() - datetime.timedelta(minutes=5)
    with translation.override("en"):  # stored as the source text, whatever the mover's language
        announce(final_secretariat, Status.DRAFT, personas.operator, reason="Salah target", at=at)
    voided = ElectronicSignature.objects.get(pk=first.signature.pk)
    assert voided.voided_at == at
    assert voided.void_reason == "PK kembali ke draf: Salah target"
    assert not services.standing(final_secretariat).exists()


def test_the_agreement_page_shows_the_signing_panel_only_while_there_is_something_to_sign_or_see(
    final_secretariat, personas, sorong_agreements
):
    commission, _secretariat = sorong_agreements

    def signing_panels(agreement):
        actions = panels.panels_for(agreement, personas.sekretaris)["actions"]
        return [p["panel"] for p in actions if p["template"] == "signatures/_panel.html"]

    assert signing_panels(commission) == []  # a draft with no signature

    [shown] = signing_panels(final_secretariat)
    assert [(p["party"], p["may_sign"]) for p in shown["parties"]] == [(Party.FIRST, True), (Party.SECOND, False)]
