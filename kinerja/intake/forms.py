"""The forms of the intake: the upload, and the review of every field read from the file."""

import dataclasses
import datetime

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinerja.intake.reading import MAX_FILE_BYTES, fields
from kinerja.lib.formatting import format_date, format_number
from kinerja.lib.text import PlainTextField
from kinerja.lib.values import NotAnAmount, parse_rupiah

ACCEPTED_FILES = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.txt"


def _file_help() -> str:
    """The file field's help in the reader's language, with the size limit (asked when shown)."""
    return gettext("PDF (termasuk hasil pindaian), DOCX, XLSX, JPEG, PNG atau teks (.txt); paling besar %(mb)s MB.") % {
        "mb": MAX_FILE_BYTES // (1024 * 1024)
    }


class UploadForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit kerja"), coerce=int)
    year = forms.IntegerField(label=_("Tahun PK"))
    file = forms.FileField(
        label=_("Berkas PK"),
        help_text=lazy(_file_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]
        self.fields["year"].initial = datetime.date.today().year - 1

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before Django reads a large file whole into memory for the checks that follow.
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}, code="too_large"
            )
        return upload

    @property
    def chosen_unit(self):
        return self.units[self.cleaned_data["unit"]]


# --- The review ------------------------------------------------------------------------------------------------

PARTY_FIELDS = (("name", _("Nama"), 150), ("position", _("Jabatan"), 200))
SECTION_FIELDS = (("no", _("No."), 10), ("code", _("Kode"), 10), ("title", _("Sasaran strategis/kegiatan"), 3000))
ROW_FIELDS = (
    ("letter", _("Huruf"), 5),
    ("output", _("Keluaran"), 3000),
    ("indicator", _("Indikator kinerja"), 3000),
    ("target", _("Target"), 40),
    ("unit", _("Satuan"), 40),
)
BUDGET_FIELDS = (("program", _("Program"), 300), ("code", _("Kode program"), 20), ("amount", _("Jumlah (Rp)"), 40))
PARTIES = (("first_party", _("Pihak Pertama")), ("second_party", _("Pihak Kedua")))
LONG_TEXT = 300  # a field this long is a text area
# How much of a line a field takes on the review (the rest share a line): a number or code is narrow, a
# title or an output takes most of its line, an indicator or a program a whole one.
SIZES = {"no": "narrow", "letter": "narrow", "title": "long", "output": "long", "indicator": "wide", "program": "wide"}
# Flags on the reading as a whole, said above the form rather than on each field they contain.
GENERAL = ("year", "sections", "budget")


@dataclasses.dataclass
class ReviewField:
    """One field of the review with what the reader said of it."""

    field: forms.BoundField
    path: str
    uncertain: bool
    note: str
    confidence: float | None
    size: str = ""  # SIZES

    @property
    def shows_confidence(self) -> bool:
        """OCR's confidence is said beside an uncertain field, unless its note says it already."""
        return self.uncertain and self.confidence is not None and f"({round(self.confidence)} " not in self.note


class ReviewForm(forms.Form):
    """Every field of a reading, named by its path (`sections.0.rows.2.target`), as read; the dates known
    of its sending (left empty unless the person knows them); per row, whether the proposed catalogue
    indicator is kept. Values are kept as typed: store_history reads dates, a budget amount is read here."""

    submitted_on = PlainTextField(
        label=_("Tanggal penyampaian"), help_text=_("bila diketahui"), required=False, max_length=40
    )
    received_on = PlainTextField(
        label=_("Tanggal diterima"), help_text=_("bila diketahui"), required=False, max_length=40
    )

    def __init__(self, *args, reading: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.reading = reading
        self.matches = reading.get("matches") or {}
        for side, _label in PARTIES:
            party = reading.get(side) or {}
            for field, label, length in PARTY_FIELDS:
                self._add(f"{side}.{field}", label, length, party.get(field, ""))
        self._add("signed_place", _("Tempat penandatanganan"), 80, reading.get("signed_place", ""))
        signed = reading.get("signed_date")
        self._add("signed_date", _("Tanggal penandatanganan"), 40, _date_text(signed))
        for s, section in enumerate(reading.get("sections", [])):
            for field, label, length in SECTION_FIELDS:
                self._add(f"sections.{s}.{field}", label, length, section.get(field, ""))
            for r, row in enumerate(section.get("rows", [])):
                for field, label, length in ROW_FIELDS:
                    self._add(f"sections.{s}.rows.{r}.{field}", label, length, row.get(field, ""))
                match = self.matches.get(f"sections.{s}.rows.{r}.indicator")
                if match:
                    self.fields[f"sections.{s}.rows.{r}.match"] = forms.BooleanField(
                        label=_("Pakai indikator katalog"), required=False, initial=True
                    )
                self.fields[f"sections.{s}.rows.{r}.remove"] = forms.BooleanField(
                    label=_("Hapus baris ini (bukan baris PK)"), required=False
                )
            # A row the reader missed is typed in here (another appears once this one is kept).
            for field, label, length in ROW_FIELDS:
                self._add(f"sections.{s}.rows.{len(section.get('rows', []))}.{field}", label, length, "")
        for b, line in enumerate([*reading.get("budget", []), {}]):  # the last: a program the reader missed
            for field, label, length in BUDGET_FIELDS:
                value = line.get(field)
                if field == "amount":
                    value = format_number(value) if value is not None else ""
                self._add(f"budget.{b}.{field}", label, length, value or "")

    def _add(self, path: str, label, length: int, value) -> None:
        widget = forms.Textarea(attrs={"rows": 2}) if length >= LONG_TEXT else forms.TextInput
        self.fields[path] = PlainTextField(
            label=label, required=False, max_length=length, initial=value or "", widget=widget
        )

    def clean(self):
        cleaned = super().clean()
        for b in range(len(self.reading.get("budget", [])) + 1):
            path = f"budget.{b}.amount"
            if cleaned.get(path):
                try:
                    cleaned[path] = parse_rupiah(cleaned[path])
                except NotAnAmount as error:
                    self.add_error(path, str(error))
            elif path in cleaned:
                cleaned[path] = None
        return cleaned

    # What the template shows --------------------------------------------------------------------------------

    def review_field(self, path: str) -> ReviewField:
        notes = self.reading.get("notes", {})
        confidence = self.reading.get("confidence", {})
        # A flag on a whole party or on the table covers each of its fields.
        uncertain = set(self.reading.get("uncertain", [])) - set(GENERAL)
        flagged = [candidate for candidate in _prefixes(path) if candidate in uncertain]
        return ReviewField(
            field=self[path],
            path=path,
            uncertain=bool(flagged),
            note=" ".join(dict.fromkeys(notes[candidate] for candidate in flagged if candidate in notes)),
            confidence=confidence.get(path),
            size=SIZES.get(path.rsplit(".", 1)[-1], "") if path.startswith(("sections.", "budget.")) else "",
        )

    def parties(self) -> list[dict]:
        return [
            {"label": label, "fields": [self.review_field(f"{side}.{field}") for field, _l, _n in PARTY_FIELDS]}
            for side, label in PARTIES
        ]

    def signing(self) -> list[ReviewField]:
        return [self.review_field("signed_place"), self.review_field("signed_date")]

    def dates(self) -> list[ReviewField]:
        return [self.review_field("submitted_on"), self.review_field("received_on")]

    def sections(self) -> list[dict]:
        found = []
        for s, section in enumerate(self.reading.get("sections", [])):
            rows = []
            for r, _row in enumerate(section.get("rows", [])):
                path = f"sections.{s}.rows.{r}"
                rows.append(
                    {
                        "number": r + 1,
                        "fields": [self.review_field(f"{path}.{field}") for field, _l, _n in ROW_FIELDS],
                        "match": self.matches.get(f"{path}.indicator"),
                        "keep_match": self[f"{path}.match"] if f"{path}.match" in self.fields else None,
                        "remove": self[f"{path}.remove"],
                    }
                )
            missed = f"sections.{s}.rows.{len(rows)}"
            found.append(
                {
                    "index": s,
                    "fields": [self.review_field(f"sections.{s}.{field}") for field, _l, _n in SECTION_FIELDS],
                    "rows": rows,
                    "missed": [self.review_field(f"{missed}.{field}") for field, _l, _n in ROW_FIELDS],
                }
            )
        return found

    def budget(self) -> list[list[ReviewField]]:
        return [
            [self.review_field(f"budget.{b}.{field}") for field, _l, _n in BUDGET_FIELDS]
            for b in range(len(self.reading.get("budget", [])))
        ]

    def missed_budget(self) -> list[ReviewField]:
        b = len(self.reading.get("budget", []))
        return [self.review_field(f"budget.{b}.{field}") for field, _l, _n in BUDGET_FIELDS]

    def general_notes(self) -> list[str]:
        """The notes on the reading as a whole (the year, the table) rather than on one field."""
        notes = self.reading.get("notes", {})
        uncertain = self.reading.get("uncertain", [])
        return [notes[path] for path in GENERAL if path in uncertain and path in notes]

    # What is stored --------------------------------------------------------------------------------------------

    def confirmed_reading(self) -> dict:
        """The reading as the person confirmed it: every field as typed; a party without name or post is none;
        a row marked for removal is left out and a row typed in the blank one after a section's rows is
        added (so is a program typed in the blank budget line); a row whose catalogue indicator is not kept
        is stored without one."""
        return self._confirmed()[0]

    def updated_reading(self) -> dict:
        """The confirmed reading kept for more review: what the reader flagged stays flagged, at the rows'
        new places; a row or program typed in is the person's own and flagged for nothing."""
        reading, moved = self._confirmed()
        for key in ("notes", "confidence"):
            reading[key] = {moved[path]: value for path, value in self.reading.get(key, {}).items() if path in moved}
        reading["uncertain"] = [moved[path] for path in self.reading.get("uncertain", []) if path in moved]
        return reading

    def _confirmed(self) -> tuple[dict, dict[str, str]]:
        """The confirmed reading, and where each path of the reading read (and of its fields) now stands."""
        data = self.cleaned_data
        reading = dict(self.reading)
        moved = {path: path for path in fields(self.reading)} | {path: path for path in GENERAL}
        for side, _label in PARTIES:
            party = {field: data[f"{side}.{field}"] for field, _l, _n in PARTY_FIELDS}
            reading[side] = party if any(party.values()) else None
            moved[side] = side
        reading["signed_place"] = data["signed_place"]
        reading["signed_date"] = data["signed_date"] or None
        matches = {}
        sections = []
        for s, section in enumerate(self.reading.get("sections", [])):
            rows = []
            moved[f"sections.{s}"] = f"sections.{s}"
            for r, _row in enumerate(section.get("rows", [])):
                path = f"sections.{s}.rows.{r}"
                for old in [path, *(f"{path}.{field}" for field, _l, _n in ROW_FIELDS)]:
                    moved.pop(old, None)
                if data.get(f"{path}.remove"):
                    continue
                now = f"sections.{s}.rows.{len(rows)}"
                moved[path] = now
                moved |= {f"{path}.{field}": f"{now}.{field}" for field, _l, _n in ROW_FIELDS}
                rows.append({field: data[f"{path}.{field}"] for field, _l, _n in ROW_FIELDS})
                keep = data.get(f"{path}.match", False)
                matches[f"{now}.indicator"] = self.matches.get(f"{path}.indicator") if keep else None
            missed = {
                field: data[f"sections.{s}.rows.{len(section.get('rows', []))}.{field}"] for field, _l, _n in ROW_FIELDS
            }
            if missed["indicator"] or missed["target"]:
                matches[f"sections.{s}.rows.{len(rows)}.indicator"] = None
                rows.append(missed)
            sections.append({field: data[f"sections.{s}.{field}"] for field, _l, _n in SECTION_FIELDS} | {"rows": rows})
        reading["sections"] = sections
        reading["matches"] = matches
        budget = [
            {field: data[f"budget.{b}.{field}"] for field, _l, _n in BUDGET_FIELDS}
            for b in range(len(self.reading.get("budget", [])) + 1)
        ]
        reading["budget"] = budget if budget[-1]["program"] else budget[:-1]
        return reading, moved


def _prefixes(path: str) -> list[str]:
    """`sections.0.rows.1.target` and the paths that contain it: `sections.0.rows.1`, `sections.0`, `sections`."""
    parts = path.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]


def _date_text(value) -> str:
    """An ISO date as a person writes it (6 Maret 2024); anything else as it was read."""
    if not value:
        return ""
    try:
        return format_date(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
