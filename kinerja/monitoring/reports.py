"""The performance report table of a quarter (in the style of an LKj chapter) and
the SKP draft of a signatory, as plain data rendered to PDF (Typst) or XLSX."""

import io
from collections import Counter
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kinerja.agreements.models import Agreement
from kinerja.documents.builder import target_text
from kinerja.documents.pdf import compile_template
from kinerja.lib.sheets import append_row
from kinerja.monitoring import selectors
from kinerja.monitoring.achievement import BANDS
from kinerja.monitoring.models import Evaluation, Quarter

FORMATS = ("pdf", "xlsx")


def lkj_report(agreement: Agreement, quarter: int) -> dict:
    """Target | Realisasi | Capaian | Kategori per row, with a short analysis."""
    lines = selectors.agreement_table(agreement)
    quarter_label = str(Quarter(quarter).label)
    return {
        "title": [
            _("PENGUKURAN KINERJA %(quarter)s TAHUN %(year)s")
            % {"quarter": quarter_label.upper(), "year": agreement.year},
            agreement.unit.name.upper(),
        ],
        "meta": [[_("Perjanjian Kinerja"), str(agreement)], [_("Penandatangan"), agreement.first_party_name]],
        "columns": [_("No"), _("Indikator Kinerja"), _("Target"), _("Realisasi"), _("Capaian"), _("Kategori")],
        "widths": [0.5, 5, 1.4, 1.4, 1.4, 1.6],
        "rows": _lkj_rows(lines, quarter),
        "paragraphs": [
            {"heading": _("Analisis capaian"), "text": _analysis(lines, quarter, quarter_label, agreement.year)},
            *_evaluation_paragraphs(selectors.evaluations(agreement).get(quarter)),
        ],
        "footer": _("Laporan Kinerja %(year)s — %(unit)s")
        % {"year": agreement.year, "unit": agreement.unit.short_name},
        "filename": f"lkj-{agreement.year}-tw{quarter}-{agreement.unit.code}",
    }


def _percent(value: Decimal) -> str:
    """`90,00 %` in Indonesian, `90.00 %` in English."""
    return f"{number_format(value, 2)} %"


def _lkj_rows(lines: list[selectors.RowLine], quarter: int) -> list[dict]:
    """The report's table: a heading per section, then each row's quarter."""
    rows, current_section = [], None
    for index, line in enumerate(lines, start=1):
        if line.section.pk != current_section:
            current_section = line.section.pk
            code = f"{line.section.code} " if line.section.code else ""
            rows.append({"section": f"{line.section.number}. {code}{line.section.title}"})
        cell = line.cells[quarter - 1]
        progress = cell.progress
        percent = "—"
        if progress and progress.percent is not None:
            percent = _percent(progress.percent)
        elif progress and progress.reason:
            percent = progress.get_reason_display()
        category = progress.get_category_display() if progress and progress.category else "—"
        realisation = cell.realisation.display if cell.realisation else "—"
        target = target_text(line.row.target, line.row.measure_unit)
        rows.append({"cells": [str(index), line.row.indicator_text, target, realisation, percent, category]})
    return rows


def _analysis(lines: list[selectors.RowLine], quarter: int, quarter_label: str, year: int) -> str:
    """How many rows were measured and fell in each band, and the three lowest."""
    measured = [
        line
        for line in lines
        if line.cells[quarter - 1].progress and line.cells[quarter - 1].progress.percent is not None
    ]
    counts = Counter(line.cells[quarter - 1].progress.category for line in measured)
    per_band = [f"{counts[band.category]} {band.label}" for band in BANDS]
    text = _("Pada %(quarter)s tahun %(year)s, %(measured)s dari %(total)s indikator telah diukur: %(bands)s.") % {
        "quarter": quarter_label,
        "year": year,
        "measured": len(measured),
        "total": len(lines),
        "bands": _("%(items)s, dan %(last)s") % {"items": ", ".join(per_band[:-1]), "last": per_band[-1]},
    }
    lowest = sorted(measured, key=lambda line: line.cells[quarter - 1].progress.percent)[:3]
    if lowest:
        named = "; ".join(
            f"{line.row.indicator_text} ({number_format(line.cells[quarter - 1].progress.percent, 2)}%)"
            for line in lowest
        )
        text += " " + _("Capaian terendah: %(rows)s.") % {"rows": named}
    return text


def _evaluation_paragraphs(evaluation: Evaluation | None) -> list[dict]:
    """The atasan's assessment, follow-up and recommendation, when there is an evaluation."""
    if evaluation is None:
        return []
    paragraphs = [{"heading": _("Penilaian atasan"), "text": evaluation.assessment}]
    if evaluation.follow_up:
        paragraphs.append({"heading": _("Tindak lanjut"), "text": evaluation.follow_up})
    paragraphs.append({"heading": _("Rekomendasi"), "text": evaluation.get_recommendation_display()})
    return paragraphs


def skp_report(agreement: Agreement) -> dict:
    """The signatory's PK rows as the draft of their staff performance targets (SKP)."""
    rows = []
    for index, line in enumerate(selectors.agreement_table(agreement), start=1):
        rencana = line.row.output or line.section.title
        rows.append(
            {
                "cells": [
                    str(index),
                    rencana,
                    line.row.indicator_text,
                    target_text(line.row.target, line.row.measure_unit),
                ]
            }
        )
    return {
        "title": [
            _("RANCANGAN SASARAN KINERJA PEGAWAI (SKP)"),
            _("BERDASARKAN PERJANJIAN KINERJA TAHUN %(year)s") % {"year": agreement.year},
        ],
        "meta": [
            [_("Nama"), agreement.first_party_name],
            [_("Jabatan"), agreement.first_party_position],
            [_("Unit kerja"), agreement.unit.name],
            [_("Atasan langsung"), agreement.second_party_name or "—"],
        ],
        "columns": [_("No"), _("Rencana Hasil Kerja"), _("Indikator Kinerja Individu"), _("Target")],
        "widths": [0.5, 4, 5, 1.6],
        "rows": rows,
        "paragraphs": [
            {
                "heading": _("Catatan"),
                "text": _(
                    "Rancangan ini diturunkan dari lampiran Perjanjian Kinerja; sesuaikan dengan ketentuan SKP "
                    "yang berlaku sebelum ditetapkan bersama atasan langsung."
                ),
            }
        ],
        "footer": _("Rancangan SKP %(year)s — %(name)s") % {"year": agreement.year, "name": agreement.first_party_name},
        "filename": f"skp-{agreement.year}-{agreement.unit.code}",
    }


def render(report: dict, fmt: str) -> bytes:
    """The report as a file: `pdf` or `xlsx`."""
    return to_pdf(report) if fmt == "pdf" else to_xlsx(report)


def to_pdf(report: dict) -> bytes:
    return compile_template("report.typ", report)


def to_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Laporan")
    for line in report["title"]:
        append_row(sheet, [line])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for label, value in report["meta"]:
        append_row(sheet, [label, value])
    sheet.append([])
    sheet.append(report["columns"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in report["rows"]:
        if "section" in row:
            append_row(sheet, [None, row["section"]])
            sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
        else:
            append_row(sheet, list(row["cells"]))
    sheet.append([])
    for paragraph in report["paragraphs"]:
        append_row(sheet, [paragraph.get("heading", ""), paragraph["text"]])
    for column, width in zip("ABCDEF", (5, 60, 45, 14, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
