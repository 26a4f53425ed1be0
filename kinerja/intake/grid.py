"""The attachment's table of a PK, from rows of cell texts, as offices lay it out.

Every source that has a table (an XLSX, a Word table, a PDF's ruled table, the
columns of an OCR'd page) gives rows of cell texts; this reads them into
sections and rows whatever the order of the columns (NO / SASARAN STRATEGIS /
KELUARAN / INDIKATOR KINERJA / TARGET / SATUAN), with the header repeated on
each page, and with merged cells either repeated (Word) or empty (Excel).

Two layouts are known, and told apart by the rows themselves:
- a commission's: the goal in its own column spans its indicators;
- a secretariat's: a row across the table names the activity (its code and
  title), then its outputs with their letter, indicator and target.
"""

import dataclasses
import re

ROLES = ("no", "goal", "output", "indicator", "target", "unit")
_HEADER_WORDS = (
    ("indicator", ("INDIKATOR",)),
    ("target", ("TARGET",)),
    ("unit", ("SATUAN",)),
    ("output", ("KELUARAN", "OUTPUT")),
    ("goal", ("SASARAN", "KEGIATAN", "PROGRAM")),
    ("no", ("NO",)),
)
_CODE = re.compile(r"^(?P<code>\d{4}(?:\.[A-Z0-9]{3})?)\s+(?P<title>\S.*)$", re.S)
_LETTER = re.compile(r"^(?P<letter>[a-z])[.)]\s*(?P<rest>\S.*)$", re.S)
_NUMBER = re.compile(r"^(?P<no>\d{1,3})\s*[.)]?$")
_COLUMN_NUMBERS = re.compile(r"^\[?\s*\d\s*\]?$")
_TARGET = re.compile(r"^(?P<value>-?\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?)\s*(?P<unit>\S.*)?$")


def clean(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def header_roles(cells: list[str]) -> dict[str, int] | None:
    """The column of each role in a header row, or None when the row is not the table's header."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = clean(cell).upper()
        for role, words in _HEADER_WORDS:
            matched = text == "NO" or text.startswith("NO.") if role == "no" else any(w in text for w in words)
            if matched and role not in roles:
                roles[role] = index
                break
    return roles if "indicator" in roles and "target" in roles else None


def split_target(text: str) -> tuple[str, str]:
    """`1 Lembaga` -> ("1", "Lembaga"); `100 %` -> ("100", "%"); `WTP` -> ("WTP", "")."""
    text = clean(text)
    match = _TARGET.match(text)
    if match:
        return match["value"].replace(" ", ""), clean(match["unit"])
    return text, ""


def split_code(text: str) -> tuple[str, str]:
    """`6709  Perencanaan …` -> ("6709", "Perencanaan …"); a title without a code -> ("", title)."""
    text = clean(text)
    match = _CODE.match(text)
    return (match["code"], clean(match["title"])) if match else ("", text)


def split_letter(text: str) -> tuple[str, str]:
    text = clean(text)
    match = _LETTER.match(text)
    return (match["letter"], clean(match["rest"])) if match else ("", text)


@dataclasses.dataclass
class _Section:
    no: str
    code: str
    title: str
    activity: bool  # a secretariat's: the outputs are in the goal column
    source: int = 0  # the index of the row it was read from
    rows: list[dict] = dataclasses.field(default_factory=list)

    def as_dict(self, sources: bool) -> dict:
        found = {"no": self.no, "code": self.code, "title": self.title, "rows": self.rows}
        if not sources:
            found["rows"] = [{key: value for key, value in row.items() if key != "source"} for row in self.rows]
        return found | ({"source": self.source} if sources else {})


def _cells(row: list[str], roles: dict[str, int]) -> dict[str, str]:
    return {role: clean(row[index]) if index < len(row) else "" for role, index in roles.items()}


def _is_noise(row: list[str], header: list[str]) -> bool:
    texts = [clean(cell) for cell in row if clean(cell)]
    if not texts:
        return True
    if [clean(cell).upper() for cell in row] == [clean(cell).upper() for cell in header]:
        return True  # the header repeated on a new page
    if all(_COLUMN_NUMBERS.match(text) for text in texts):
        return True  # the row "[1] [2] [3] [4]"
    return len(texts) >= 3 and all(len(text) <= 3 for text in texts)  # that row as OCR reads it: "(1 Il 131 (4"


def sections_from_rows(rows: list[list[str]], *, sources: bool = False) -> list[dict]:
    """The sections of the first table in `rows` whose header names INDIKATOR and TARGET; [] when none.
    `sources`: each section and row says which row of `rows` it was read from (`source`)."""
    for start, row in enumerate(rows):
        roles = header_roles(row)
        if roles:
            return _read(rows, start, roles, sources)
    return []


def _read(all_rows: list[list[str]], start: int, roles: dict[str, int], sources: bool) -> list[dict]:
    header = all_rows[start]
    sections: list[_Section] = []
    for number, row in enumerate(all_rows[start + 1 :], start=start + 1):
        if _is_noise(row, header):
            continue
        if header_roles(row):
            continue  # a header of another page, in another wording
        cells = _cells(row, roles)
        no = _NUMBER.match(cells.get("no", ""))
        no = no["no"] if no else ""
        goal, indicator, target = cells.get("goal", ""), cells.get("indicator", ""), cells.get("target", "")
        across = goal and (not indicator or indicator == goal) and (not target or target == goal)
        if across:
            code, title = split_code(goal)
            sections.append(_Section(no, code, title, activity=True, source=number))
            continue
        if not indicator and not target:
            continue
        current = sections[-1] if sections else None
        if (
            current is None
            or (no and no != current.no)
            or (not current.activity and goal and goal != current.title and not no)
        ):
            code, title = split_code(goal) if not (current and current.activity) else ("", "")
            current = _Section(no, code, title, activity=False, source=number)
            sections.append(current)
        current.rows.append(_row(cells, current) | {"source": number})
    return [section.as_dict(sources) for section in sections]


def _row(cells: dict[str, str], section: _Section) -> dict:
    output = cells.get("output", "")
    if section.activity and "output" not in cells:
        output = cells.get("goal", "")
    letter, output = split_letter(output)
    indicator = cells.get("indicator", "")
    if not letter:
        letter, indicator = split_letter(indicator)
    target, unit = split_target(cells.get("target", ""))
    if cells.get("unit"):
        unit = cells["unit"]
    return {"letter": letter, "output": output, "indicator": indicator, "target": target, "unit": unit}
