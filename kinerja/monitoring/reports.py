"""The performance report table of a quarter (in the style of an LKj chapter) and
the SKP draft of a signatory, as plain data rendered to PDF (Typst) or XLSX."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kinerja.agreements.models import Agreement
from kinerja.documents.builder import target_text
from kinerja.documents.pdf import compile_template
from kinerja.lib.sheets import append_row
from kinerja.monitoring import selectors
from kinerja.monitoring.models import Quarter


def lkj_report(agreement: Agreement, quarter: int) -> dict:
    """Target | Realisasi | Capaian | Kategori per row, with a short analysis."""
    lines = selectors.agreement_table(agreement)
    evaluation = selectors.evaluations(agreement).get(quarter)
    rows, measured, counts = [], 0, {"tercapai": 0, "hampir tercapai": 0, "tidak tercapai": 0}
    current_section = None
    for index, line in enumerate(lines, start=1):
        if line.section.pk != current_section:
            current_section = line.section.pk
            code = f"{line.section.code} " if line.section.code else ""
            rows.append({"section": f"{line.section.number}. {code}{line.section.title}"})
        cell = line.cells[quarter - 1]
        progress = cell.progress
        percent = "—"
        if progress and progress.percent is not None:
            percent = f"{progress.percent:.2f}".replace(".", ",") + " %"
            measured += 1
            counts[progress.category] = counts.get(progress.category, 0) + 1
        elif progress and progress.reason:
            percent = progress.reason.replace("_", " ")
        rows.append(
            {
                "cells": [
                    str(index),
                    line.row.indicator_text,
                    target_text(line.row.target, line.row.measure_unit),
                    cell.realisation.display if cell.realisation else "—",
                    percent,
                    progress.category if progress and progress.category else "—",
                ]
            }
        )
    behind = sorted(
        (
            line
            for line in lines
            if line.cells[quarter - 1].progress and line.cells[quarter - 1].progress.percent is not None
        ),
        key=lambda line: line.cells[quarter - 1].progress.percent,
    )[:3]
    analysis = (
        f"Pada {Quarter(quarter).label} tahun {agreement.year}, {measured} dari {len(lines)} indikator telah diukur: "
        f"{counts['tercapai']} tercapai, {counts['hampir tercapai']} hampir tercapai, "
        f"dan {counts['tidak tercapai']} tidak tercapai."
    )
    if behind:
        analysis += (
            " Capaian terendah: "
            + "; ".join(
                f"{line.row.indicator_text} ({line.cells[quarter - 1].progress.percent:.2f}%)".replace(".", ",")
                for line in behind
            )
            + "."
        )
    paragraphs = [{"heading": "Analisis capaian", "text": analysis}]
    if evaluation:
        paragraphs.append({"heading": "Penilaian atasan", "text": evaluation.assessment})
        if evaluation.follow_up:
            paragraphs.append({"heading": "Tindak lanjut", "text": evaluation.follow_up})
        paragraphs.append({"heading": "Rekomendasi", "text": evaluation.get_recommendation_display()})
    return {
        "title": [
            f"PENGUKURAN KINERJA {Quarter(quarter).label.upper()} TAHUN {agreement.year}",
            agreement.unit.name.upper(),
        ],
        "meta": [["Perjanjian Kinerja", str(agreement)], ["Penandatangan", agreement.first_party_name]],
        "columns": ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian", "Kategori"],
        "widths": [0.5, 5, 1.4, 1.4, 1.4, 1.6],
        "rows": rows,
        "paragraphs": paragraphs,
        "footer": f"Laporan Kinerja {agreement.year} — {agreement.unit.short_name}",
        "filename": f"lkj-{agreement.year}-tw{quarter}-{agreement.unit.code}",
    }


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
        "title": ["RANCANGAN SASARAN KINERJA PEGAWAI (SKP)", f"BERDASARKAN PERJANJIAN KINERJA TAHUN {agreement.year}"],
        "meta": [
            ["Nama", agreement.first_party_name],
            ["Jabatan", agreement.first_party_position],
            ["Unit kerja", agreement.unit.name],
            ["Atasan langsung", agreement.second_party_name or "—"],
        ],
        "columns": ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target"],
        "widths": [0.5, 4, 5, 1.6],
        "rows": rows,
        "paragraphs": [
            {
                "heading": "Catatan",
                "text": "Rancangan ini diturunkan dari lampiran Perjanjian Kinerja; sesuaikan dengan ketentuan SKP "
                "yang berlaku sebelum ditetapkan bersama atasan langsung.",
            }
        ],
        "footer": f"Rancangan SKP {agreement.year} — {agreement.first_party_name}",
        "filename": f"skp-{agreement.year}-{agreement.unit.code}",
    }


def to_pdf(report: dict) -> bytes:
    return compile_template("report.typ", report)


def to_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Laporan"
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
