"""The import page: upload, all-or-nothing with reasons, templates, scoped exports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.planning.models import Dipa, DipaAllocation

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("data.xlsx", data, content_type=XLSX)


def sheet_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def download(client, url: str) -> bytes:
    """The body of a file download (a FileResponse, streamed)."""
    response = client.get(url)
    assert response.status_code == 200
    return response.getvalue()


def test_export_is_scoped_to_the_units_the_user_sees(client_for, personas):
    response = client_for(personas.operator).get(reverse("planning:export", args=["dipa"]) + "?tahun=2024")
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="dipa-2024.xlsx"'
    units = {row[0] for row in sheet_rows(response.getvalue())[1:]}
    assert units == {"kpu-96.71", "sekretariat-96.71"}
    outsiders = download(client_for(personas.outsider), reverse("planning:export", args=["dipa"]) + "?tahun=2024")
    assert sheet_rows(outsiders)[1:] == []


def test_the_operator_reimports_a_changed_dipa(client_for, personas, units):
    client = client_for(personas.operator)
    exported = download(client, reverse("planning:export", args=["dipa"]) + "?tahun=2024")
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "kpu-96.71":
            row[9].value = 6_000_000_000
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(reverse("planning:import"), {"kind": "dipa", "file": upload(buffer.getvalue())}, follow=True)
    assert "Impor berhasil" in response.content.decode()
    assert Dipa.objects.get(unit=units["kpu-96.71"], year=2024).total() == 6_000_000_000


def test_an_import_touching_another_unit_is_rejected_whole_with_reasons(client_for, personas, units):
    exported = download(
        client_for(personas.central_verifier), reverse("planning:export", args=["dipa"]) + "?tahun=2024"
    )
    before = list(DipaAllocation.objects.values_list("pk", "amount"))
    response = client_for(personas.outsider).post(
        reverse("planning:import"), {"kind": "dipa", "file": upload(exported)}
    )
    body = response.content.decode()
    assert "Berkas ditolak" in body
    assert "tidak berwenang" in body
    assert "Baris 2" in body
    assert list(DipaAllocation.objects.values_list("pk", "amount")) == before


def test_a_file_that_is_not_xlsx_is_refused(client_for, personas):
    response = client_for(personas.operator).post(
        reverse("planning:import"), {"kind": "iku", "file": upload(b"MZ\x90\x00 not a workbook")}
    )
    assert "bukan .xlsx yang valid" in response.content.decode()


def test_templates_download_with_their_reference_sheets(client_for, personas):
    client = client_for(personas.operator)
    for kind in ("dipa", "iku"):
        names = load_workbook(io.BytesIO(download(client, reverse("planning:template", args=[kind])))).sheetnames
        assert "Daftar Unit" in names
    assert client.get("/perencanaan/templat/lain.xlsx").status_code == 404


def test_users_without_an_editing_role_do_not_get_the_import_page(client_for, personas):
    assert client_for(personas.province_verifier).get(reverse("planning:import")).status_code == 404
    assert client_for(personas.operator).get(reverse("planning:import")).status_code == 200
