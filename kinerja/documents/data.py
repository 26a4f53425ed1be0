"""An agreement's content as data, in the shape of the seed's structured reading
(`kinerja/demo/data/kpu-kota-sorong-2024.json`): the parties, place and date, the
sections and their rows, the budget.

Every export carries it beside what it prints (a hidden sheet of the XLSX, a part
of the DOCX, a keyword of the PDF), so that Kinerja reads its own exports
back exactly, names in their own case, a target's unit, a blank amount
(intake.readers). What it prints stays the reference: the reader compares the
two and flags every difference.
"""

from kinerja.agreements.models import Agreement

FORMAT = "kinerja-pk/1"
ATTACHMENT_NAME = "kinerja-pk.json"  # the DOCX's part
DATA_KEYWORD_PREFIX = "kinerja-data:"  # the PDF's keyword (documents.pdf.data_keyword)
SHEET_NAME = "kinerja-data"  # the XLSX's hidden sheet
DATA_RELATIONSHIP = "https://kinerja.kpu.go.id/relationships/pk-data"  # the DOCX part's relationship type


def _party(name: str, position: str, acting: str) -> dict:
    return {"name": name, "position": position, "acting": acting}


def agreement_data(agreement: Agreement) -> dict:
    unit = agreement.unit
    second = None
    if agreement.has_second_party:
        second = _party(agreement.second_party_name, agreement.second_party_position, agreement.second_party_acting)
    return {
        "format": FORMAT,
        "unit": unit.code,
        "unit_name": unit.name,
        "year": agreement.year,
        "version": agreement.version,
        "first_party": _party(agreement.first_party_name, agreement.first_party_position, agreement.first_party_acting),
        "second_party": second,
        "signed_place": agreement.signed_place,
        "signed_date": agreement.signed_on.isoformat() if agreement.signed_on else None,
        "sections": [
            {
                "no": section.number,
                "code": section.code,
                "title": section.title,
                "rows": [
                    {
                        "letter": row.letter,
                        "output": row.output,
                        "indicator": row.indicator_text,
                        "target": row.target,
                        "unit": row.measure_unit,
                    }
                    for row in section.rows.all()
                ],
            }
            for section in agreement.sections.all()
        ],
        "budget": [
            {"program": line.program_name, "code": line.program_code, "amount": line.amount}
            for line in agreement.budget_lines.all()
        ],
    }
