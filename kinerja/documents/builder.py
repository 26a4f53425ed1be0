"""Build the document model (documents.model.Document) from an agreement."""

import re

from kinerja.agreements import texts
from kinerja.agreements.models import Agreement
from kinerja.documents.codes import verification_for
from kinerja.documents.data import agreement_data
from kinerja.documents.model import Document, Section
from kinerja.lib.formatting import format_date, format_number
from kinerja.organisation.models import Acting, UnitKind

_ACTING_PREFIX = {Acting.PLT: "Plt. ", Acting.PLH: "Plh. "}


def institution_header(agreement: Agreement) -> list[str]:
    """`KOMISI PEMILIHAN UMUM` / `KOTA SORONG`: the commission's name over its region."""
    unit = agreement.unit
    commission = unit if unit.is_commission else unit.parent
    while commission is not None and not commission.is_commission:
        commission = commission.parent
    if commission is None or commission.kind == UnitKind.KPU:
        return ["KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"]
    body = "KOMISI INDEPENDEN PEMILIHAN" if commission.is_aceh else "KOMISI PEMILIHAN UMUM"
    region = commission.name.upper().removeprefix(body).strip()
    return [body, region] if region else [body]


def attachment_subject(agreement: Agreement) -> str:
    """Whose agreement the attachment is: the commission itself, or the head of the secretariat or bureau."""
    unit = agreement.unit
    if unit.is_commission:
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
    parties, signatures = _parties_and_signatures(agreement)
    # Without a date yet, the line leaves room to write it by hand.
    date_text = format_date(agreement.signed_on) if agreement.signed_on else f"………………… {agreement.year}"
    unit = agreement.unit
    return {
        "title": title,
        "year": year,
        "header": institution_header(agreement),
        "statement": {"opening": agreement.opening, "parties": parties, "paragraphs": list(agreement.paragraphs)},
        "place_date": ", ".join(part for part in (agreement.signed_place, date_text) if part),
        "signatures": signatures,
        "attachment": {
            "heading": [title, attachment_subject(agreement)],
            "meta": [["Unit Organisasi", unit.name], ["Tahun Anggaran", str(year)]] if unit.is_commission else [],
            "columns": list(texts.COLUMNS),
            "sections": _sections(agreement),
            "budget": _budget(agreement),
        },
        "footer": f"Perjanjian Kinerja {year}",
        "filename": build_filename(agreement),
        # A draft is never the agreement: it says so on every page and carries no verification code.
        "watermark": "DRAF" if agreement.is_editable else "",
        "verification": verification_for(agreement),
        "data": agreement_data(agreement),
    }


def _parties_and_signatures(agreement: Agreement) -> tuple[list[dict], dict]:
    """The parties named in the statement, and who signs on which side of the page."""
    first_position = _party_position(agreement.first_party_position, agreement.first_party_acting)
    first_name = agreement.first_party_name.upper()
    first = {
        "name": first_name,
        "position": first_position,
        "after": [texts.FIRST_PARTY_CALLED] if agreement.has_second_party else [],
    }
    if not agreement.has_second_party:
        return [first], {"left": None, "right": {"role": f"{first_position},", "name": first_name}}
    second = {
        "name": agreement.second_party_name.upper(),
        "position": _party_position(agreement.second_party_position, agreement.second_party_acting),
        "after": [texts.SECOND_PARTY_RELATION, texts.SECOND_PARTY_CALLED],
    }
    signatures = {
        "left": {"role": "Pihak Kedua,", "name": second["name"]},
        "right": {"role": "Pihak Pertama,", "name": first_name},
    }
    return [first, second], signatures


def _sections(agreement: Agreement) -> list[Section]:
    return [
        {
            "no": section.number,
            "code": section.code,
            "title": section.title,
            "rows": [
                {
                    "letter": row.letter,
                    "output": row.output,
                    "indicator": row.indicator_text,
                    "target": target_text(row.target, row.measure_unit),
                }
                for row in section.rows.all()
            ],
        }
        for section in agreement.sections.all()
    ]


def _budget(agreement: Agreement) -> list[dict]:
    lines = list(agreement.budget_lines.all())
    printed = [
        {
            "label": f"{line.program_name} ({line.program_code})" if line.program_code else line.program_name,
            "amount": f"Rp {format_number(line.amount)},-" if line.amount is not None else "Rp",
        }
        for line in lines
    ]
    # The unit's choice: a "Jumlah" line under two or more lines, of the amounts given.
    if agreement.budget_total and len(lines) > 1:
        total = sum(line.amount for line in lines if line.amount is not None)
        printed.append({"label": "Jumlah", "amount": f"Rp {format_number(total)},-"})
    return printed
