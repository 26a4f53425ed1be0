"""What OCR typically gets wrong in a PK, proposed as a correction and never trusted.

Each correction returns the corrected text and a note that says what was read;
the reader marks the field uncertain with that note, so that the review shows
it. Known confusions: a row number read with a colon or a letter ("2:", "TK"),
the letter of a row doubled or in capitals ("Cc."), a table rule read as a
digit before an activity code ("16981"), l/I/O for 1/0 in a target ("I Unit",
"1OO", "lOO"), "o/o" for %, "too" for 100, "z Rp" for "= Rp", and a speck of dirt or
a table's rule read as a stray mark (": Penetapan", "Pemungutan : dan").
"""

import re

from django.utils.translation import gettext as _

_NO = re.compile(r"^(?P<no>\d{1,2})\s*[:;,]$")
_LETTER = re.compile(r"^(?P<letter>[A-Za-z])(?P=letter)?[.,]\s+(?P<rest>\S.*)$", re.I)
_RULED_CODE = re.compile(r"^[1lI|](?P<code>\d{4})\s+(?P<rest>\S.*)$")
_STRAY = re.compile(r"(?:^|(?<=\s))[:;,.'\"|`~_]+(?:\s+|$)|^[:;,'\"|`~_]+(?=\S)")
_DIGITISH = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})


def _read_as(original: str) -> str:
    return _("terbaca “%(text)s”") % {"text": original}


def stray_marks(text: str) -> tuple[str, str | None]:
    """ ": Penetapan Hasil" -> "Penetapan Hasil", "Pemungutan : dan" -> "Pemungutan dan": a mark standing
    alone between words, or stuck before the first, is a speck or a rule OCR read; a comma read apart
    goes back to its word ("Gaji , Uang" -> "Gaji, Uang") (flagged)."""
    cleaned = re.sub(r"(?<=\w) , (?=\w)", ", ", text)  # a comma read apart from its word: "Gaji , Uang"
    cleaned = re.sub(r"\s+", " ", _STRAY.sub(" ", cleaned)).strip()
    if cleaned and cleaned != text.strip():
        return cleaned, _read_as(text)
    return text, None


def number(text: str) -> tuple[str, str | None]:
    """A row's number: "2:" -> "2.", ": 8." -> "8." (flagged)."""
    stripped = re.sub(r"^[:;,.'\"|`~_\s]+", "", text)
    match = _NO.match(stripped)
    if match:
        return f"{match['no']}.", _read_as(text)
    if stripped != text and re.fullmatch(r"\d{1,2}\.?", stripped):
        return stripped, _read_as(text)
    return text, None


def lettered(text: str) -> tuple[str, str | None]:
    """ "Cc. Sosialisasi" -> "c. Sosialisasi"; "C. X" -> "c. X" (flagged); "c. X" unchanged."""
    match = _LETTER.match(text)
    if not match or text[: len(match["letter"]) + 1] == f"{match['letter'].lower()}.":
        return text, None
    return f"{match['letter'].lower()}. {match['rest']}", _read_as(text.split(" ")[0])


def coded(text: str) -> tuple[str, str | None]:
    """ "16981 Pengucapan …" -> "6981 Pengucapan …": the table's rule read as a digit (flagged)."""
    match = _RULED_CODE.match(text)
    if match:
        return f"{match['code']} {match['rest']}", _read_as(text.split(" ")[0])
    return text, None


def target(text: str) -> tuple[str, str | None]:
    """ "I Unit" -> "1 Unit", "| Lembaga" -> "1 Lembaga", "1OO %" -> "100 %", "o/o" -> "%", "too" -> "100"
    (flagged)."""
    parts = text.split(" ", 1)
    first, rest = parts[0], parts[1] if len(parts) > 1 else ""
    corrected = first
    if first.lower() == "too":
        corrected = "100"
    elif re.fullmatch(r"[0-9lIOo.,]+", first) and re.search(r"\d", first.translate(_DIGITISH)):
        corrected = first.translate(_DIGITISH)
    elif first in ("I", "l", "|", "[", "!"):  # a 1 read as a letter, or as the table's rule
        corrected = "1"
    rest_corrected = re.sub(r"^o/o$", "%", rest)
    new = f"{corrected} {rest_corrected}".strip()
    return (new, _read_as(text)) if new != text.strip() else (text, None)


def row_cells(cells: list[str], roles: list[str]) -> tuple[list[str], dict[str, str]]:
    """One row of the table, each cell corrected by its column; the notes by column."""
    notes: dict[str, str] = {}
    corrected = list(cells)
    for index, role in enumerate(roles):
        text = cells[index]
        if not text:
            continue
        if role == "no":
            fixed, note = number(text)
        elif role == "target":
            fixed, note = target(text)
        else:
            fixed, note = stray_marks(text)
            fixed, letter_note = lettered(fixed)
            note = note or letter_note
            if role == "goal":
                fixed, code_note = coded(fixed)
                note = note or code_note
        corrected[index] = fixed
        if note:
            notes[role] = note
    return corrected, notes
