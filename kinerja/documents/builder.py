"""Build the document model (documents.model.Document) from an agreement."""

import re

from kinerja.agreements import texts
from kinerja.agreements.models import Agreement
from kinerja.documents.codes import verification_for
from kinerja.documents.model import Document, Row, Section
from kinerja.lib.formatting import format_date
from kinerja.lib.formatting import format_number as group_thousands
from kinerja.organisation.models import Acting, UnitKind

_ACTING_PREFIX = {Acting.PLT: "Plt. ", Acting.PLH: "Plh. "}
_COMMISSION_KINDS = {UnitKind.KPU, UnitKind.PROVINCE, UnitKind.REGENCY}


def institution_header(agreement: Agreement) -> list[str]:
    """`KOMISI PEMILIHAN UMUM` / `KOTA SORONG`: the commission's name over its region."""
    unit = agreement.unit
    commission = unit if unit.kind in _COMMISSION_KINDS else unit.parent
    while commission is not None and commission.kind not in _COMMISSION_KINDS:
        commission = commission.parent
    if commission is None or commission.kind == UnitKind.KPU:
        return ["KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"]
    body = "KOMISI INDEPENDEN PEMILIHAN" if commission.is_aceh else "KOMISI PEMILIHAN UMUM"
    region = commission.name.upper().removeprefix(body).strip()
    return [body, region] if region else [body]


def attachment_subject(agreement: Agreement) -> str:
    """Whose agreement the attachment is: the commission itself, or the head of the secretariat or bureau."""
    unit = agreement.unit
    if unit.kind in _COMMISSION_KINDS:
        return unit.name.upper()
    if unit.kind in (UnitKind.PROVINCE_SECRETARIAT, UnitKind.REGENCY_SECRETARIAT):
        return f"SEKRETARIS {unit.parent.name.upper()}"
    head = unit.head_position()
    return (head.title if head else unit.name).upper()


def target_text(target: str, measure_unit: str) -> str:
    """`1 Lembaga`, `100 %`; a grade stands alone (`WTP`, `B`), as in the seed."""
    target, measure_unit = target.strip(), measure_unit.strip()
    if re.fullmatch(r"-?[\d.,]+(\s*[-–]\s*[\d.,]+)?", target):
        return f"{target} {measure_unit}".strip()
    return target


def _party_position(position: str, acting: str) -> str:
    return (_ACTING_PREFIX.get(acting, "") + position).upper()


def build_filename(agreement: Agreement) -> str:
    """`pk-2024-kpu-kota-sorong`, with `-perubahan-1` for a revision; no extension."""
    return agreement.file_stem


def build_document(agreement: Agreement) -> Document:
    """The whole printable agreement as plain data (see documents.model)."""
    year = agreement.year
    title = f"PERJANJIAN KINERJA TAHUN {year}"
    if agreement.is_revision:
        title += f" (PERUBAHAN KE-{agreement.version - 1})"
    first_position = _party_position(agreement.first_party_position, agreement.first_party_acting)
    parties = [
        {
            "name": agreement.first_party_name.upper(),
            "position": first_position,
            "after": [texts.FIRST_PARTY_CALLED] if agreement.has_second_party else [],
        }
    ]
    if agreement.has_second_party:
        parties.append(
            {
                "name": agreement.second_party_name.upper(),
                "position": _party_position(agreement.second_party_position, agreement.second_party_acting),
                "after": [texts.SECOND_PARTY_RELATION, texts.SECOND_PARTY_CALLED],
            }
        )
        signatures = {
            "left": {"role": "Pihak Kedua,", "name": agreement.second_party_name.upper()},
            "right": {"role": "Pihak Pertama,", "name": agreement.first_party_name.upper()},
        }
    else:
        signatures = {"left": None, "right": {"role": f"{first_position},", "name": agreement.first_party_name.upper()}}

    # Without a date yet, the line leaves room to write it by hand.
    date_text = format_date(agreement.signed_on) if agreement.signed_on else f"………………… {agreement.year}"
    place_date = ", ".join(part for part in (agreement.signed_place, date_text) if part)
    sections: list[Section] = []
    for section in agreement.sections.all():
        rows: list[Row] = [
            {
                "letter": row.letter,
                "output": row.output,
                "indicator": row.indicator_text,
                "target": target_text(row.target, row.measure_unit),
            }
            for row in section.rows.all()
        ]
        sections.append({"no": section.number, "code": section.code, "title": section.title, "rows": rows})

    unit = agreement.unit
    meta = [["Unit Organisasi", unit.name], ["Tahun Anggaran", str(year)]] if unit.kind in _COMMISSION_KINDS else []
    budget = [
        {
            "label": f"{line.program_name} ({line.program_code})" if line.program_code else line.program_name,
            "amount": f"Rp {group_thousands(line.amount)},-" if line.amount is not None else "Rp",
        }
        for line in agreement.budget_lines.all()
    ]
    return {
        "title": title,
        "year": year,
        "header": institution_header(agreement),
        "statement": {"opening": agreement.opening, "parties": parties, "paragraphs": list(agreement.paragraphs)},
        "place_date": place_date,
        "signatures": signatures,
        "attachment": {
            "heading": [title, attachment_subject(agreement)],
            "meta": meta,
            "columns": list(texts.COLUMNS),
            "sections": sections,
            "budget": budget,
        },
        "footer": f"Perjanjian Kinerja {year}",
        "filename": build_filename(agreement),
        "watermark": "DRAF" if agreement.status == "draft" else "",
        "verification": verification_for(agreement),
    }
