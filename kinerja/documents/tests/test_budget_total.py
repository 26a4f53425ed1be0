"""A "Jumlah" line under the budget (issue #15): a per-agreement choice, off for the guideline's
example, printed in the PDF, DOCX and XLSX when there are two or more budget lines."""

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.agreements import lifecycle, services
from kinerja.agreements.models import AgreementLocked
from kinerja.documents.builder import build_document
from kinerja.documents.docx import render_docx
from kinerja.documents.pdf import render_pdf
from kinerja.documents.xlsx import render_xlsx

pytestmark = pytest.mark.django_db


def test_the_seed_prints_no_total(sorong_agreements):
    for agreement in sorong_agreements:
        assert all(line["label"] != "Jumlah" for line in build_document(agreement)["attachment"]["budget"])


def test_the_total_is_printed_in_every_format_when_asked(sorong_agreements, personas, client_for):
    _commission, secretariat = sorong_agreements
    # The WA amount is blank in the seed; the unit fills it in (as the demo's DIPA has it).
    secretariat.budget_lines.filter(program_code="076.01.WA").update(amount=2_874_512_000)
    response = client_for(personas.operator).post(
        reverse("agreements:budget_total", args=[secretariat.pk]), {"budget_total": "on"}
    )
    assert response.status_code == 302
    secretariat.refresh_from_db()
    assert secretariat.budget_total
    budget = build_document(secretariat)["attachment"]["budget"]
    assert budget[-1] == {"label": "Jumlah", "amount": "Rp 22.184.802.000,-"}
    document = build_document(secretariat)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(document))).pages)
    assert "Jumlah" in pdf_text and "22.184.802.000" in pdf_text
    word = WordDocument(io.BytesIO(render_docx(document)))
    assert any(row.cells[0].text == "Jumlah" for table in word.tables for row in table.rows)
    sheet = load_workbook(io.BytesIO(render_xlsx(document)))["Lampiran"]
    assert any(row[0] == "Jumlah" and row[2] == "= Rp 22.184.802.000,-" for row in sheet.iter_rows(values_only=True))
    # Off again.
    client_for(personas.operator).post(reverse("agreements:budget_total", args=[secretariat.pk]), {})
    secretariat.refresh_from_db()
    assert not secretariat.budget_total


def test_one_budget_line_has_no_total_and_a_final_pk_is_not_changed(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    services.budget_total_set(agreement=commission, printed=True, by=personas.operator)
    commission.refresh_from_db()
    assert commission.budget_total
    assert [line["label"] for line in build_document(commission)["attachment"]["budget"]] == [
        "Program Penyelenggaraan Pemilu Dalam Proses Konsolidasi Demokrasi (076.01.CQ)"
    ]
    lifecycle.agreement_finalise(agreement=commission, by=personas.operator)
    with pytest.raises(AgreementLocked):
        services.budget_total_set(agreement=commission, printed=False, by=personas.operator)
