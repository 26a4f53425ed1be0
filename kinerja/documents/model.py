"""The document model: one plain, JSON-serialisable structure per agreement that
feeds every renderer (HTML preview, PDF through Typst, DOCX, XLSX).

Every text in it is final: upper-casing, dates in Indonesian, money in Rupiah
are done here, so that the renderers only lay out. No renderer may interpret a
text as markup: Typst receives the structure as JSON data, never as source.
"""

from typing import TypedDict


class Party(TypedDict):
    name: str  # in capitals: "MARTHEN KAMBU"
    position: str  # in capitals, with Plt./Plh. if acting: "SEKRETARIS KPU KOTA SORONG"
    after: list[str]  # lines after the party: ["Selanjutnya disebut Pihak Pertama"]


class Statement(TypedDict):
    opening: str  # "Dalam rangka mewujudkan ... kami yang bertanda tangan di bawah ini:"
    parties: list[Party]  # one (commissions) or two (secretariats, Setjen, Eselon II)
    paragraphs: list[str]  # after the parties


class Signature(TypedDict):
    role: str  # "Pihak Kedua," / "Pihak Pertama," / "KETUA KPU KOTA SORONG," for a single party
    name: str  # in capitals


class Signatures(TypedDict):
    left: Signature | None  # Pihak Kedua; None for a single-party statement
    right: Signature  # Pihak Pertama (or the single party)


class Row(TypedDict):
    letter: str  # "a" or ""
    output: str  # output label (keluaran) or ""
    indicator: str
    target: str  # target with its unit: "1 Lembaga", "100 %", "30 Indeks"; a grade alone: "WTP", "B"


class Section(TypedDict):
    no: str  # "1"
    code: str  # activity code "6709" or ""
    title: str
    rows: list[Row]


class BudgetLine(TypedDict):
    label: str  # "Program Penyelenggaraan Pemilu Dalam Proses Konsolidasi Demokrasi (076.01.CQ)"
    amount: str  # "Rp 5.113.999.000,-", or "Rp" when the amount is left blank as in the seed


class Attachment(TypedDict):
    heading: list[str]  # ["PERJANJIAN KINERJA TAHUN 2024", "KOMISI PEMILIHAN UMUM KOTA SORONG"]
    meta: list[list[str]]  # [["Unit Organisasi", "Komisi Pemilihan Umum Kota Sorong"], ["Tahun Anggaran", "2024"]]
    columns: list[str]  # ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"]
    sections: list[Section]
    budget: list[BudgetLine]


class Verification(TypedDict):
    code: str  # "ABCD-EFGH", printed on every page
    url: str  # the public verification page
    qr_svg: str  # the QR code of the url, as SVG
    keyword: str  # "kinerja-verifikasi:ABCD-EFGH", in the PDF's metadata


class Document(TypedDict):
    title: str  # "PERJANJIAN KINERJA TAHUN 2024", or "... TAHUN 2024 (PERUBAHAN KE-1)"
    year: int
    header: list[str]  # institution header lines: ["KOMISI PEMILIHAN UMUM", "KOTA SORONG"]
    statement: Statement
    place_date: str  # "Sorong, 6 Maret 2024"
    signatures: Signatures
    attachment: Attachment
    footer: str  # "Perjanjian Kinerja 2024"
    watermark: str  # "DRAF" on every page of a draft; "" once final
    filename: str  # "pk-2024-kpu-kota-sorong" (no extension)
    verification: Verification | None  # None for a draft
    data: dict  # the content as data (documents.data), carried by every export for reading it back
