"""The two example agreements of KPU Kota Sorong 2024 as Documents, built from
kinerja/demo/data/kpu-kota-sorong-2024.json the way the agreement builder does:
the reference case for the renderers' tests.
"""

import datetime
import json
from pathlib import Path

from kinerja.documents.model import (
    Attachment,
    BudgetLine,
    Document,
    Party,
    Row,
    Section,
    Signature,
    Signatures,
    Statement,
)

SEED_PATH = Path(__file__).resolve().parents[2] / "demo" / "data" / "kpu-kota-sorong-2024.json"

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def rupiah(amount: int | None) -> str:
    """5113999000 -> "Rp 5.113.999.000,-"; None -> "Rp" (left blank, as in the seed)."""
    if amount is None:
        return "Rp"
    return "Rp " + f"{amount:,}".replace(",", ".") + ",-"


def tanggal(place: str, iso_date: str) -> str:
    day = datetime.date.fromisoformat(iso_date)
    return f"{place}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def target_text(row: dict) -> str:
    """A number carries its unit ("1 Lembaga"); a grade stands alone ("WTP", "B")."""
    target = str(row["target"])
    if target.replace(",", "").replace(".", "").isdigit():
        return f"{target} {row['unit']}".strip()
    return target


def _sections(agreement: dict) -> list[Section]:
    sections: list[Section] = []
    for section in agreement["sections"]:
        rows: list[Row] = [
            {
                "letter": row.get("letter") or "",
                "output": row.get("output") or "",
                "indicator": row["indicator"],
                "target": target_text(row),
            }
            for row in section["rows"]
        ]
        sections.append(
            {"no": section["no"], "code": section.get("code") or "", "title": section["title"], "rows": rows}
        )
    return sections


def _budget(agreement: dict) -> list[BudgetLine]:
    return [
        {"label": f"{line['program']} ({line['code']})", "amount": rupiah(line["amount"])}
        for line in agreement["budget"]
    ]


def _party(person: dict, after: list[str]) -> Party:
    return {"name": person["name"].upper(), "position": person["position"].upper(), "after": after}


def seed_documents() -> list[Document]:
    """[commission's agreement, secretariat's agreement]."""
    seed = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    commission, secretariat = seed["agreements"]
    header = ["KOMISI PEMILIHAN UMUM", "KOTA SORONG"]
    title = "PERJANJIAN KINERJA TAHUN 2024"
    footer = "Perjanjian Kinerja 2024"

    chair = _party(commission["first_party"], [])
    commission_document: Document = {
        "title": title,
        "year": commission["year"],
        "header": header,
        "statement": Statement(
            opening=commission["statement"][0], parties=[chair], paragraphs=commission["statement"][1:]
        ),
        "place_date": tanggal(commission["signed_place"], commission["signed_date"]),
        "signatures": Signatures(left=None, right=Signature(role=f"{chair['position']},", name=chair["name"])),
        "attachment": Attachment(
            heading=["PERJANJIAN KINERJA TAHUN 2024", "KOMISI PEMILIHAN UMUM KOTA SORONG"],
            meta=[["Unit Organisasi", "Komisi Pemilihan Umum Kota Sorong"], ["Tahun Anggaran", "2024"]],
            columns=list(commission["attachment_columns"]),
            sections=_sections(commission),
            budget=_budget(commission),
        ),
        "footer": footer,
        "filename": "pk-2024-kpu-kota-sorong",
        "watermark": "",
    }

    first = _party(secretariat["first_party"], ["Selanjutnya disebut Pihak Pertama"])
    second = _party(
        secretariat["second_party"], ["Selaku atasan langsung Pihak Pertama", "Selanjutnya disebut Pihak Kedua"]
    )
    secretariat_document: Document = {
        "title": title,
        "year": secretariat["year"],
        "header": header,
        "statement": Statement(
            opening=secretariat["statement"][0], parties=[first, second], paragraphs=secretariat["statement"][1:]
        ),
        "place_date": tanggal(secretariat["signed_place"], secretariat["signed_date"]),
        "signatures": Signatures(
            left=Signature(role="Pihak Kedua,", name=second["name"]),
            right=Signature(role="Pihak Pertama,", name=first["name"]),
        ),
        "attachment": Attachment(
            heading=["PERJANJIAN KINERJA TAHUN 2024", "SEKRETARIS KOMISI PEMILIHAN UMUM KOTA SORONG"],
            meta=[],
            columns=list(secretariat["attachment_columns"]),
            sections=_sections(secretariat),
            budget=_budget(secretariat),
        ),
        "footer": footer,
        "filename": "pk-2024-sekretariat-kpu-kota-sorong",
        "watermark": "",
    }
    return [commission_document, secretariat_document]
