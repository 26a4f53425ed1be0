"""The statement texts of the guideline (seed, section D.3), with OCR noise corrected."""

OPENING = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
    "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)

SINGLE_PARTY = [
    "Berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam rangka "
    "mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan.",
    "Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.",
]

TWO_PARTY = [
    "Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, "
    "dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen "
    "perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.",
    "Pihak Kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian "
    "kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan "
    "dan sanksi.",
]

FIRST_PARTY_CALLED = "Selanjutnya disebut Pihak Pertama"
SECOND_PARTY_RELATION = "Selaku atasan langsung Pihak Pertama"
SECOND_PARTY_CALLED = "Selanjutnya disebut Pihak Kedua"

COLUMNS = ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"]
