"""The home page is a to-do list per persona (issue #14): each item links to where it
is done, under a heading whose count is the number of its items."""

import datetime
import re

import pytest
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Row
from kinerja.monitoring import attention as monitoring_attention
from kinerja.monitoring.services import realisation_record
from kinerja.notifications.models import Kind, Notification
from kinerja.submissions.services import package_compile, package_forward

pytestmark = pytest.mark.django_db


def todo(client, group: str) -> list[str]:
    """The items of one heading of the home page, after checking that its count is theirs."""
    body = client.get(reverse("home")).content.decode()
    found = re.search(rf'id="todo-{group}">.*?data-count>(\d+)</span>.*?<ul class="attention">(.*?)</ul>', body, re.S)
    if found is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", found.group(2), re.S)
    assert int(found.group(1)) == len(items)
    return items


def test_the_operator_sees_each_pk_to_finish_with_its_deadline(sorong_agreements, personas, client_for):
    items = todo(client_for(personas.operator), "draft")
    assert len(items) == 2
    assert all("masih draf" in item and "31 Januari 2024" in item for item in items)
    commission, _secretariat = sorong_agreements
    lifecycle.agreement_finalise(agreement=commission, by=personas.operator)
    items = todo(client_for(personas.operator), "draft")
    assert any("sudah final" in item and f"/pk/{commission.pk}/" in item for item in items)


def test_signatories_are_told_at_finalise_and_see_what_waits_for_them(sorong_agreements, personas, client_for):
    _commission, secretariat = sorong_agreements
    assert todo(client_for(personas.ketua), "sign") == []
    lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)
    for official, party in ((personas.sekretaris, "Pihak Pertama"), (personas.ketua, "Pihak Kedua")):
        items = todo(client_for(official), "sign")
        assert len(items) == 1 and party in items[0] and f"/pk/{secretariat.pk}/" in items[0]
        assert Notification.objects.filter(user=official, kind=Kind.TO_SIGN, url=f"/pk/{secretariat.pk}/").count() == 1
    assert not Notification.objects.filter(user=personas.operator, kind=Kind.TO_SIGN).exists()


def test_the_ketua_sees_the_units_they_can_see_listed(personas, client_for):
    body = client_for(personas.ketua).get(reverse("home")).content.decode()
    count = int(re.search(r"Anda dapat melihat (\d+) unit kerja", body).group(1))
    listed = re.search(r'id="visible-units">(.*?)</ul>', body, re.S).group(1)
    assert count == 2 and listed.count("<li>") == 1  # the commission is in the table above, the secretariat here
    assert "Sekretariat Komisi Pemilihan Umum Kota Sorong" in listed


def test_the_province_and_kpu_see_what_waits_for_compilation_and_receipt(both_submitted, personas, client_for):
    items = todo(client_for(personas.province_verifier), "route")
    assert any("2 PK kabupaten/kota" in item and "menunggu kompilasi" in item for item in items)
    province = both_submitted[0].unit.province
    package = package_compile(province=province, year=2024, by=personas.province_verifier)
    items = todo(client_for(personas.province_verifier), "route")
    assert any("belum diteruskan" in item for item in items)
    package_forward(package=package, by=personas.province_verifier)
    assert todo(client_for(personas.province_verifier), "route") == []
    items = todo(client_for(personas.central_verifier), "route")
    assert any(
        "menunggu diterima" in item and reverse("submissions:package", args=[package.pk]) in item for item in items
    )


def test_realisation_due_is_listed_until_every_row_is_measured(both_submitted, personas, client_for, monkeypatch):
    commission, _secretariat = both_submitted
    moment = datetime.datetime(2024, 4, 3, 2, 0, tzinfo=datetime.UTC)  # TW I ended, not yet closed
    monkeypatch.setattr(monitoring_attention.timezone, "now", lambda: moment)
    items = todo(client_for(personas.operator), "realisation")
    assert any("TW I 2024" in item and "KPU Kota Sorong" in item for item in items)
    url = reverse("monitoring:agreement", args=[commission.pk])
    assert any(url in item for item in items)
    for row in Row.objects.filter(section__agreement=commission).select_related("indicator"):
        value = row.target_example if row.takes_grade else "1"
        realisation_record(row=row, quarter=1, value_text=value, by=personas.operator, now=moment)
    remaining = todo(client_for(personas.operator), "realisation")
    assert remaining and all(url not in item for item in remaining)  # the secretariat's is still due
