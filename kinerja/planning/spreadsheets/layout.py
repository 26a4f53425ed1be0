"""The sheets and columns of the DIPA, IKU and RKT workbooks, which the writer and the imports share.

The column names are the file format, not interface text: an English
interface writes and reads the same Indonesian headers, so that a file
travels between planners whatever language each of them reads.
"""

DATE_FORMAT = "DD-MM-YYYY"

DIPA_SHEET = "DIPA"
DIPA_COLUMNS = (
    "Kode Unit",
    "Nama Unit",
    "Tahun",
    "Nomor DIPA",
    "Tanggal Pengesahan",
    "Kode Program",
    "Nama Program",
    "Kode Kegiatan",
    "Nama Kegiatan",
    "Pagu (Rp)",
)
DIPA_WIDTHS = (20, 45, 8, 34, 20, 14, 50, 14, 60, 20)

IKU_SHEET = "IKU"
IKU_COLUMNS = (
    "Kode Unit",
    "Nama Unit",
    "Tahun",
    "Nomor Keputusan",
    "Tanggal Keputusan",
    "Jadwal Reviu",
    "Urutan",
    "Sasaran Strategis",
    "Kode Indikator",
    "Nama Indikator",
    "Target",
    "Kode Indikator Induk",
)
IKU_WIDTHS = (20, 45, 8, 36, 18, 16, 8, 60, 16, 60, 14, 20)

UNITS_SHEET = "Daftar Unit"
PROGRAMS_SHEET = "Daftar Program & Kegiatan"
INDICATORS_SHEET = "Daftar Indikator"

RKT_SHEET = "RKT"
# One line per row of the RKT; a line whose row columns (Urutan Baris to Satuan)
# are all empty stands for a section without rows.
RKT_COLUMNS = (
    "Kode Unit",
    "Nama Unit",
    "Tahun",
    "Urutan Bagian",
    "Sasaran/Kegiatan",
    "Kode Kegiatan",
    "Urutan Baris",
    "Keluaran",
    "Kode Indikator",
    "Nama Indikator",
    "Target",
    "Satuan",
)
RKT_ROW_COLUMNS = RKT_COLUMNS[6:]
RKT_WIDTHS = (20, 45, 8, 10, 60, 14, 10, 45, 16, 60, 14, 14)
