"""Sendings to the ministries: dated between the PK's submission and today in
the unit's own time zone, and shown with their lateness against 31 January."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kinerja.agreements.models import Agreement, Status
from kinerja.submissions import services
from kinerja.submissions.models import Channel, Form, Recipient, Sending

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def submitted(units):
    """KPU's 2024 PK, submitted on 1 March 2024 at 18.00 UTC: 2 March 01.00 in Jakarta (WIB)."""
    kpu = units["kpu"]
    assert kpu.time_zone == "Asia/Jakarta"
    agreement = Agreement.objects.create(
        unit=kpu,
        year=2024,
        opening="Dalam rangka …",
        signed_on=datetime.date(2024, 1, 9),
        status=Status.SUBMITTED,
        submitted_at=datetime.datetime(2024, 3, 1, 18, tzinfo=UTC),
    )
    return agreement


def record(agreement, by, sent_on: datetime.date, recipient=Recipient.KEMENKEU) -> Sending:
    return services.sending_record(
        agreement=agreement,
        recipient=recipient,
        sent_on=sent_on,
        channel=Channel.LETTER,
        form=Form.HARDCOPY,
        reference="B-1/PP.01/2024",
        by=by,
    )


def at(moment: datetime.datetime):
    """The service's clock set to `moment`."""
    return mock.patch.object(services.timezone, "now", return_value=moment)


def test_a_sending_dated_today_in_the_units_zone_is_kept_though_utc_is_still_yesterday(submitted, personas):
    # 8 March 20.00 UTC is already 9 March 03.00 in Jakarta.
    with at(datetime.datetime(2024, 3, 8, 20, tzinfo=UTC)):
        record(submitted, personas.central_verifier, datetime.date(2024, 3, 9))
    assert Sending.objects.filter(agreement=submitted, sent_on=datetime.date(2024, 3, 9)).exists()


def test_a_sending_dated_in_the_future_is_refused_and_nothing_is_stored(submitted, personas):
    before = Sending.objects.count()
    with at(datetime.datetime(2024, 3, 8, 20, tzinfo=UTC)), pytest.raises(services.RoutingError) as refusal:
        record(submitted, personas.central_verifier, datetime.date(2024, 3, 10))
    assert str(refusal.value) == "Tanggal kirim 10 Maret 2024 belum terjadi: hari ini 9 Maret 2024."
    with pytest.raises(services.RoutingError, match="belum terjadi"):
        record(submitted, personas.central_verifier, datetime.date(2030, 1, 1))
    assert Sending.objects.count() == before


def test_a_sending_dated_before_the_submission_in_the_units_zone_is_refused(submitted, personas):
    # Submitted 1 March 18.00 UTC, which is 2 March in Jakarta: 1 March is before it.
    with pytest.raises(services.RoutingError) as refusal:
        record(submitted, personas.central_verifier, datetime.date(2024, 3, 1))
    assert str(refusal.value) == "Tanggal kirim 1 Maret 2024 sebelum PK disampaikan (2 Maret 2024)."
    assert not Sending.objects.filter(agreement=submitted).exists()
    record(submitted, personas.central_verifier, datetime.date(2024, 3, 2))
    assert Sending.objects.filter(agreement=submitted).count() == 1


def test_the_refusal_is_said_in_the_readers_language(submitted, personas):
    with translation.override("en"), pytest.raises(services.RoutingError) as refusal:
        record(submitted, personas.central_verifier, datetime.date(2024, 2, 1))
    assert "Maret" not in str(refusal.value)
    assert "2 March 2024" in str(refusal.value)


def test_the_page_refuses_a_future_date_with_the_message_and_stores_nothing(submitted, personas, client_for):
    client = client_for(personas.central_verifier)
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    data = {"recipient": "kemenpanrb", "sent_on": tomorrow.isoformat(), "channel": "email", "form": "softcopy"}
    response = client.post(reverse("submissions:sending", args=[submitted.pk]), data, follow=True)
    assert "belum terjadi" in response.content.decode()
    assert not Sending.objects.filter(agreement=submitted).exists()


@pytest.mark.parametrize("written", ["9 Maret 2024", "09-03-2024", "9/3/2024", "2024-03-09"])
def test_the_page_reads_a_sending_date_as_people_write_it(submitted, personas, client_for, written):
    data = {"recipient": "kemenpanrb", "sent_on": written, "channel": "email", "form": "softcopy"}
    client_for(personas.central_verifier).post(reverse("submissions:sending", args=[submitted.pk]), data)
    assert Sending.objects.get(agreement=submitted).sent_on == datetime.date(2024, 3, 9)


def test_the_page_refuses_an_impossible_sending_date_naming_it(submitted, personas, client_for):
    data = {"recipient": "kemenpanrb", "sent_on": "30-02-2024", "channel": "email", "form": "softcopy"}
    client = client_for(personas.central_verifier)
    response = client.post(reverse("submissions:sending", args=[submitted.pk]), data, follow=True)
    assert "Tanggal “30-02-2024” tidak ada di kalender" in response.content.decode()
    assert not Sending.objects.filter(agreement=submitted).exists()


def test_a_lateness_of_thousands_of_days_is_written_with_thousands_dots(units, personas, client_for):
    """2.345 hari, as Indonesian writes numbers (2,345 days in English), in the PK's and the sending's badge."""
    late_day = datetime.date(2018, 1, 31) + datetime.timedelta(days=2345)
    submitted_at = datetime.datetime.combine(late_day, datetime.time(3), UTC)  # 10.00 in Jakarta
    agreement = Agreement.objects.create(
        unit=units["kpu"],
        year=2018,
        opening="Dalam rangka …",
        signed_on=datetime.date(2018, 1, 9),
        status=Status.SUBMITTED,
        submitted_at=submitted_at,
        days_late=2345,
    )
    record(agreement, personas.central_verifier, late_day, recipient=Recipient.KEMENPANRB)
    client = client_for(personas.central_verifier)
    page = " ".join(client.get(agreement.get_absolute_url()).content.decode().split())
    assert "terlambat 2.345 hari dari batas 31 Januari 2018" in page  # the sending
    assert '<span class="badge bad">terlambat 2.345 hari</span>' in page  # the PK itself
    assert "2345" not in page
    with translation.override("id"):
        english = client.get(agreement.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "2,345" in english and "2.345" not in english


def test_the_routing_panel_shows_each_sendings_lateness_against_31_january(submitted, personas, client_for):
    Agreement.objects.filter(pk=submitted.pk).update(submitted_at=datetime.datetime(2024, 1, 20, 3, tzinfo=UTC))
    submitted.refresh_from_db()
    record(submitted, personas.central_verifier, datetime.date(2024, 1, 31), recipient=Recipient.KEMENPANRB)
    record(submitted, personas.central_verifier, datetime.date(2024, 2, 5), recipient=Recipient.KEMENKEU)
    client = client_for(personas.central_verifier)
    page = " ".join(client.get(submitted.get_absolute_url()).content.decode().split())
    assert '31 Januari 2024, Hardcopy, Surat/ekspedisi (B-1/PP.01/2024) <span class="badge ok">tepat waktu' in page
    assert "terlambat 5 hari dari batas 31 Januari 2024" in page
    # The middleware activates English for the request; the override gives the test its language back.
    with translation.override("id"):
        english = client.get(submitted.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert '<span class="badge ok">on time' in english
