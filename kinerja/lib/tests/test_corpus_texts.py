"""Every hostile text through every text field, via the real pages: a NUL byte, a
direction override and a 1 MB string are refused with a clear message and
nothing stored (never a 500, on PostgreSQL neither); markup and formula-looking
text is kept and printed literally (escaped in the pages, data in the PDF)."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, BudgetLine, Row, Section, Status
from kinerja.conftest import scan_for
from kinerja.lib.tests import corpus
from kinerja.lib.tests.corpus import hostile_texts
from kinerja.monitoring.models import Evaluation, QuarterTarget, Realisation
from kinerja.organisation.models import Unit
from kinerja.planning.models import Dipa, IkuItem
from kinerja.submissions.models import HardcopyArchive, HardcopyRequest, Sending

pytestmark = pytest.mark.django_db
RAW_SCRIPT = "<script>alert("


def error_shown(body: str) -> bool:
    """An error message in a page (messages) or in an autosave answer."""
    return '<li class="error">' in body or '<span class="error" role="alert">' in body


def try_every_text(
    subtests,
    stored,
    entry_point: str,
    post: Callable[[str], object],
    kept: Callable[[], list[str]],
    *,
    after_kept: Callable[[], None] = lambda: None,
) -> None:
    """Post each hostile text through `post`, and check what came of it.

    A text with a refusal in the corpus must be refused with that message and
    leave nothing stored. The others are either kept exactly (`kept()` gives
    the values stored by the fields that took the text), and then never reach
    the page unescaped, or refused with a message by a field that has its own
    syntax or a shorter limit. `after_kept` puts things back for the next text.
    """
    for hostile in hostile_texts():
        with subtests.test(text=hostile.name):
            before, kept_before = stored(), _values(kept)
            response = post(hostile.text)
            assert response.status_code < 500
            body = response.content.decode()
            assert len(body) < corpus.ONE_MEGABYTE, "the input is not echoed in full"
            if hostile.refusal:
                assert hostile.refusal in body, f"{hostile.name}: “{hostile.refusal}” not shown"
                assert (stored(), _values(kept)) == (before, kept_before), f"{hostile.name}: something was stored"
            elif _values(kept) == [hostile.text] * len(_values(kept)) and _values(kept) != kept_before:
                assert RAW_SCRIPT not in body
                after_kept()
            else:
                assert error_shown(body), f"{hostile.name}: neither kept as typed nor refused with a message"
                assert (stored(), _values(kept)) == (before, kept_before), f"{hostile.name}: something was stored"
            corpus.tried(hostile.name, entry_point)


def _values(kept: Callable[[], list[str]]) -> list[str]:
    """What the fields hold now; nothing when the object that would hold them does not exist."""
    try:
        return kept()
    except (ObjectDoesNotExist, AttributeError):
        return []


# --- The agreement editor (autosave) ---------------------------------------------------------------------------


@pytest.fixture
def draft(sorong_agreements):
    return sorong_agreements[1]  # the secretariat's: two parties


def test_the_statement_refuses_or_keeps_every_text(draft, personas, client_for, stored, subtests):
    client = client_for(personas.operator)
    url = reverse("agreements:statement", args=[draft.pk])

    def post(text):
        current = Agreement.objects.get(pk=draft.pk)
        data = {
            "signed_place": current.signed_place,
            "signed_on": "2024-03-06",
            # Two fields at most: Django refuses a form of more than 2.5 MB (400) before any check.
            "first_party_name": text,
            "first_party_position": current.first_party_position,
            "second_party_name": current.second_party_name,
            "second_party_position": text,
            "change_count": current.change_count,
        }
        return client.post(url, data)

    def kept():
        current = Agreement.objects.get(pk=draft.pk)
        return [current.first_party_name, current.second_party_position]

    try_every_text(subtests, stored, "agreements:statement", post, kept)


def test_a_section_refuses_or_keeps_every_text(draft, personas, client_for, stored, subtests):
    client = client_for(personas.operator)
    section = draft.sections.first()

    def post(text):
        current = Section.objects.get(pk=section.pk)
        data = {"number": current.number, "code": current.code, "title": text, "change_count": current.change_count}
        return client.post(reverse("agreements:section", args=[section.pk]), data)

    try_every_text(subtests, stored, "agreements:section", post, lambda: [Section.objects.get(pk=section.pk).title])


def test_a_row_refuses_or_keeps_every_text(draft, personas, client_for, stored, subtests):
    client = client_for(personas.operator)
    row = Row.objects.filter(section__agreement=draft).first()

    def post(text):
        current = Row.objects.get(pk=row.pk)
        data = {
            "letter": current.letter,
            "output": text,
            "indicator_text": text,
            "target": current.target,
            "measure_unit": current.measure_unit,
            "change_count": current.change_count,
        }
        return client.post(reverse("agreements:row", args=[row.pk]), data)

    def kept():
        current = Row.objects.get(pk=row.pk)
        return [current.output, current.indicator_text]

    try_every_text(subtests, stored, "agreements:row", post, kept)


def test_a_budget_line_refuses_or_keeps_every_text(draft, personas, client_for, stored, subtests):
    client = client_for(personas.operator)
    line = BudgetLine.objects.filter(agreement=draft).first()

    def post(text):
        current = BudgetLine.objects.get(pk=line.pk)
        data = {"program_name": text, "program_code": "", "amount": "1.000", "change_count": current.change_count}
        return client.post(reverse("agreements:budget", args=[line.pk]), data)

    try_every_text(
        subtests, stored, "agreements:budget", post, lambda: [BudgetLine.objects.get(pk=line.pk).program_name]
    )


# --- Reasons along the agreement's route ----------------------------------------------------------------------


def _submitted_again(agreement: Agreement, personas) -> Agreement:
    agreement = lifecycle.agreement_finalise(agreement=agreement, by=personas.operator)
    lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.operator)
    return lifecycle.agreement_submit(agreement=agreement, by=personas.operator)


def test_reopening_refuses_or_keeps_every_reason(draft, personas, client_for, stored, subtests):
    lifecycle.agreement_finalise(agreement=draft, by=personas.operator)
    client = client_for(personas.operator)

    def post(text):
        return client.post(reverse("agreements:reopen", args=[draft.pk]), {"reason": text}, follow=True)

    def kept():
        return [draft.status_changes.order_by("-at", "-pk").first().reason]

    try_every_text(
        subtests,
        stored,
        "agreements:reopen",
        post,
        kept,
        after_kept=lambda: lifecycle.agreement_finalise(agreement=draft, by=personas.operator),
    )


def test_returning_refuses_or_keeps_every_reason(draft, personas, client_for, stored, subtests):
    submitted = _submitted_again(draft, personas)
    client = client_for(personas.province_verifier)

    def post(text):
        return client.post(reverse("agreements:return", args=[submitted.pk]), {"reason": text}, follow=True)

    def kept():
        return [submitted.status_changes.order_by("-at", "-pk").first().reason]

    try_every_text(
        subtests, stored, "agreements:return", post, kept, after_kept=lambda: _submitted_again(submitted, personas)
    )


def test_a_revision_refuses_or_keeps_every_note(demo_story, personas, client_for, stored, subtests):
    received = demo_story[0]
    client = client_for(personas.operator)

    def post(text):
        data = {"reason": "budget", "note": text}
        return client.post(reverse("agreements:revise", args=[received.pk]), data, follow=True)

    def kept():
        return [Agreement.objects.get(revision_of=received).revision_note]

    def drop_revision():
        Agreement.objects.filter(revision_of=received).delete()

    try_every_text(subtests, stored, "agreements:revise", post, kept, after_kept=drop_revision)


# --- Monitoring ------------------------------------------------------------------------------------------------


@pytest.fixture
def received_row(demo_story):
    return Row.objects.get(section__agreement=demo_story[0], indicator__code="KPU.IKU.05")


def test_a_realisation_refuses_or_keeps_every_note_and_reason(received_row, personas, client_for, stored, subtests):
    client = client_for(personas.operator)
    url = reverse("monitoring:realisation", args=[received_row.pk, 4])

    def post(text):
        return client.post(url, {"value": "31", "note": text, "reason": text}, follow=True)

    def kept():
        realisation = Realisation.objects.get(row=received_row, quarter=4, superseded_at__isnull=True)
        return [realisation.note] + ([realisation.correction_reason] if realisation.correction_reason else [])

    try_every_text(subtests, stored, "monitoring:realisation", post, kept)


def test_an_evaluation_refuses_or_keeps_every_text(demo_story, personas, client_for, stored, subtests):
    secretariat = demo_story[1]
    client = client_for(personas.ketua)
    url = reverse("monitoring:evaluate", args=[secretariat.pk, 1])

    def post(text):
        return client.post(url, {"assessment": text, "follow_up": text, "recommendation": "none"}, follow=True)

    def kept():
        evaluation = Evaluation.objects.get(agreement=secretariat, quarter=1)
        return [evaluation.assessment, evaluation.follow_up]

    try_every_text(subtests, stored, "monitoring:evaluate", post, kept)


def test_a_quarter_target_refuses_every_text(received_row, personas, client_for, stored, subtests):
    client = client_for(personas.operator)
    url = reverse("monitoring:quarter_target", args=[received_row.pk, 2])

    def post(text):
        return client.post(url, {"target": text}, follow=True)

    def kept():
        return list(QuarterTarget.objects.filter(row=received_row, quarter=2).values_list("target", flat=True))

    try_every_text(subtests, stored, "monitoring:quarter_target", post, kept)


# --- Planning --------------------------------------------------------------------------------------------------


def test_an_iku_target_refuses_every_text(personas, client_for, stored, subtests):
    item = IkuItem.objects.get(iku_set__unit__code="kpu-96.71", iku_set__year=2024, indicator__code="KPU.IKU.05")
    client = client_for(personas.operator)

    def post(text):
        return client.post(reverse("planning:iku_target", args=[item.pk]), {"target": text}, follow=True)

    try_every_text(
        subtests,
        stored,
        "planning:iku_target",
        post,
        lambda: [IkuItem.objects.get(pk=item.pk).target_display],
    )


def test_a_dipa_number_refuses_or_keeps_every_text(personas, client_for, stored, subtests):
    dipa = Dipa.objects.get(unit__code="kpu-96.71", year=2024)
    client = client_for(personas.operator)

    def post(text):
        data = {"number": text, "ratified_on": dipa.ratified_on.isoformat()}
        return client.post(reverse("planning:dipa", args=[dipa.pk]), data, follow=True)

    try_every_text(subtests, stored, "planning:dipa", post, lambda: [Dipa.objects.get(pk=dipa.pk).number])


# --- Routing and the hardcopy archive -------------------------------------------------------------------------


def test_a_sending_refuses_or_keeps_every_reference(personas, client_for, stored, subtests):
    kpu = Unit.objects.get(code="kpu")
    agreement = Agreement.objects.filter(unit=kpu, year=2024).first() or Agreement.objects.create(
        unit=kpu, year=2024, opening="Dalam rangka …", status=Status.SUBMITTED
    )
    Agreement.objects.filter(pk=agreement.pk).update(status=Status.SUBMITTED)
    client = client_for(personas.central_verifier)

    def post(text):
        data = {"recipient": "kemenpanrb", "sent_on": "2024-03-08", "channel": "email", "form": "softcopy"}
        return client.post(reverse("submissions:sending", args=[agreement.pk]), data | {"reference": text}, follow=True)

    def kept():
        return [Sending.objects.filter(agreement=agreement).order_by("-pk").first().reference]

    try_every_text(subtests, stored, "submissions:sending", post, kept)


def test_a_hardcopy_location_refuses_or_keeps_every_text(demo_story, personas, client_for, stored, subtests):
    agreement = demo_story[1]
    client = client_for(personas.province_verifier)

    def post(text):
        return client.post(reverse("submissions:hardcopy", args=[agreement.pk]), {"location": text}, follow=True)

    try_every_text(
        subtests,
        stored,
        "submissions:hardcopy",
        post,
        lambda: [HardcopyArchive.objects.get(agreement=agreement).location],
    )


def test_a_hardcopy_request_refuses_or_keeps_every_note(demo_story, personas, client_for, stored, subtests):
    agreement = demo_story[1]
    client = client_for(personas.central_verifier)

    def post(text):
        return client.post(reverse("submissions:hardcopy_request", args=[agreement.pk]), {"note": text}, follow=True)

    def kept():
        return [HardcopyRequest.objects.filter(agreement=agreement).order_by("-pk").first().note]

    try_every_text(subtests, stored, "submissions:hardcopy_request", post, kept)


def test_a_hardcopy_answer_refuses_or_keeps_every_text(demo_story, personas, client_for, stored, subtests):
    from kinerja.submissions import services

    request = services.hardcopy_request(agreement=demo_story[1], note="Untuk SAKIP", by=personas.central_verifier)
    client = client_for(personas.province_verifier)

    def post(text):
        return client.post(reverse("submissions:hardcopy_answer", args=[request.pk]), {"answer": text}, follow=True)

    try_every_text(
        subtests,
        stored,
        "submissions:hardcopy_answer",
        post,
        lambda: [HardcopyRequest.objects.get(pk=request.pk).answer],
    )
