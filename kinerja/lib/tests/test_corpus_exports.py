"""Formula-looking text (=, +, -, @, after a tab or CR) imported from Excel or typed
in the editor comes back out of every export as text, never as a formula."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.agreements.models import Agreement, Row
from kinerja.lib.sheets import FORMULA_STARTS
from kinerja.lib.tests import corpus
from kinerja.lib.tests.corpus import FORMULA_TEXT, hostile_files
from kinerja.lib.tests.hostile.make_corpus import FORMULA_DECREE, FORMULA_GOALS
from kinerja.organisation.models import Unit
from kinerja.submissions.models import CompilationPackage

pytestmark = pytest.mark.django_db


def as_read(text: str) -> str:
    """A text as the import reads a cell: runs of white space made one space, none at the ends."""
    return " ".join(text.split())


def inert_cells(data: bytes, output: str, expected: list[str]) -> None:
    """No cell of any sheet is a formula, and every expected text is there, as text.

    A text that starts like a formula is either marked as typed text (Excel's
    leading-apostrophe flag, lib.sheets) or, in the import layout, written with
    a visible apostrophe that the import takes off again.
    """
    workbook = load_workbook(io.BytesIO(data))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{output}: {sheet.title}!{cell.coordinate}"
                assert cell.data_type != "f", f"{where} is a formula"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    # Marked as typed text, so that editing the cell in a spreadsheet keeps it text.
                    assert not cell.value.startswith(FORMULA_STARTS) or cell.quotePrefix, f"{where} is not marked"
    everything = "\n".join(texts)
    for text in expected:
        assert text in everything, f"{output}: “{text}” not written"
    corpus.printed_inert("formula-text.xlsx", output)


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_formula_text_comes_back_as_text_from_every_export(personas, client_for, demo_story):
    operator = client_for(personas.operator)
    workbook = next(file for file in hostile_files() if file.name == "formula-text.xlsx")
    response = operator.post(reverse("planning:import"), {"kind": "iku", "file": workbook.upload()}, follow=True)
    assert "Impor berhasil" in response.content.decode()
    goals = [as_read(goal) for goal in FORMULA_GOALS]
    assert all(goal.startswith(("=", "+", "-", "@")) for goal in goals)

    # The planning export, in the import's own layout.
    data = _body(operator.get(reverse("planning:export", args=["iku"]) + "?tahun=2025"))
    inert_cells(data, "planning:export (iku)", goals + [as_read(FORMULA_DECREE)])

    # A PK drafted from that IKU: one section per goal; each row's text typed in the editor.
    unit = Unit.objects.get(code="kpu-96.71")
    operator.post(reverse("agreements:new"), {"unit": unit.pk, "year": 2025})
    agreement = Agreement.objects.get(unit=unit, year=2025)
    rows = list(Row.objects.filter(section__agreement=agreement).order_by("section__order", "order"))
    assert len(rows) == len(goals)
    for row, goal in zip(rows, goals, strict=True):
        data = {"letter": "", "output": FORMULA_TEXT, "indicator_text": goal, "target": row.target}
        response = operator.post(
            reverse("agreements:row", args=[row.pk]), data | {"measure_unit": "", "change_count": 0}
        )
        assert response.status_code == 200
    data = _body(operator.get(reverse("documents:download", args=[agreement.pk, "xlsx"])))
    inert_cells(data, "documents:download (xlsx)", goals + [FORMULA_TEXT])

    # The LKj table of a quarter and the SKP draft.
    data = _body(operator.get(reverse("monitoring:report", args=[agreement.pk, 1, "xlsx"])))
    inert_cells(data, "monitoring:report (xlsx)", goals)
    data = _body(operator.get(reverse("monitoring:skp", args=[agreement.pk, "xlsx"])))
    inert_cells(data, "monitoring:skp (xlsx)", [FORMULA_TEXT] + goals)

    # The compilation recap carries the hardcopy location the province typed.
    secretariat = demo_story[1]
    verifier = client_for(personas.province_verifier)
    verifier.post(reverse("submissions:hardcopy", args=[secretariat.pk]), {"location": FORMULA_TEXT})
    province = secretariat.unit.province
    verifier.post(reverse("submissions:compile", args=[province.pk, 2024]))
    package = CompilationPackage.objects.filter(province=province, year=2024).order_by("-number").first()
    assert package.agreements.filter(pk=secretariat.pk).exists()
    data = _body(verifier.get(reverse("submissions:package_file", args=[package.pk, "xlsx"])))
    inert_cells(data, "submissions:package_file (recap xlsx)", [FORMULA_TEXT])

    # The national compliance table: names of regions only, but none may become a formula either.
    data = _body(client_for(personas.central_verifier).get(reverse("submissions:export") + "?tahun=2024"))
    inert_cells(data, "submissions:export (xlsx)", [])
