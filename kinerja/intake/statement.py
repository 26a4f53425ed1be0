"""The statement of a PK and its budget lines, from its lines of text.

What people print: "Nama : MARTHEN KAMBU" and "Jabatan : SEKRETARIS KPU KOTA
SORONG" for each party, "Selaku atasan langsung Pihak Pertama" after the second,
"Sorong, 6 Maret 2024" before the signatures, "PERJANJIAN KINERJA TAHUN 2024"
above, and the budget as lines "Program … (076.01.CQ) = Rp. 5.113.999.000,-"
(the amount may be blank). Names and posts printed in capitals are given back
in their usual case, acronyms kept (KPU, DPRD, IT ...).
"""

import re

from kinerja.intake.grid import clean
from kinerja.lib.values import NotADate, ValueRefused, parse_date, parse_rupiah

ACRONYMS = {
    "KPU",
    "KIP",
    "DPR",
    "DPD",
    "DPRD",
    "RI",
    "IT",
    "TI",
    "PNS",
    "ASN",
    "BMN",
    "SDM",
    "SAKIP",
    "LKJ",
    "PK",
    "RKT",
    "DIPA",
    "IKU",
    "WTP",
    "BPK",
    "ATK",
    "APBN",
    "PPK",
    "PPS",
    "KPPS",
    "SETJEN",
    "II",
    "III",
    "IV",
}
_LOWER = {"dan", "di", "ke", "dari", "serta", "atau", "pada", "untuk", "yang"}
_NAME = re.compile(r"^\s*Nama\s*[:：]\s*(?P<value>.*)$", re.I)
_POSITION = re.compile(r"^\s*Jabatan\s*[:：]\s*(?P<value>.*)$", re.I)
_RELATION = re.compile(r"^\s*(?P<value>Selaku\s+atasan.*)$", re.I)
_YEAR = re.compile(r"PERJANJIAN\s+KINERJA\s+TAHUN\s+(?P<year>\d{4})", re.I)
_PLACE_DATE = re.compile(r"^\s*(?P<place>[A-Za-z][\w .'/-]{1,40}?),\s*(?P<date>\d{1,2}\s+[A-Za-z]+\s+\d{4})\s*$")
_BUDGET = re.compile(
    r"^\s*(?P<program>Program\b.*?)\s*(?:\((?P<code>[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2,3})\))?\s*"
    r"(?:[=z:\-–]\s*)?Rp\.?\s*(?P<amount>\d[\d.]*(?:,[-0]*)?)?\s*,?-*\s*$",
    re.I,
)


def usual_case(text: str) -> str:
    """`SEKRETARIS KPU KOTA SORONG` -> `Sekretaris KPU Kota Sorong`; text not all in capitals is kept."""
    text = clean(text)
    if not text or text != text.upper():
        return text
    words = []
    for index, word in enumerate(text.split(" ")):
        bare = re.sub(r"[^A-Z]", "", word)
        if bare in ACRONYMS:
            words.append(word)
        elif index and word.lower() in _LOWER:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1] + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def parties(lines: list[str]) -> list[dict]:
    """Each party named in the statement: name, position, and the relation that follows it."""
    found: list[dict] = []
    for line in lines:
        if match := _NAME.match(line):
            found.append({"name": usual_case(match["value"]), "position": ""})
        elif (match := _POSITION.match(line)) and found and not found[-1]["position"]:
            found[-1]["position"] = usual_case(match["value"])
        elif (match := _RELATION.match(line)) and found:
            found[-1]["relation"] = clean(match["value"])
    return found


_ROLE = re.compile(r"^\s*(?P<role>[A-Z][A-Z./ ]+),\s*$")


def signers(rows: list[list[str]]) -> list[dict]:
    """The parties as the signature block names them, when the statement does not (a spreadsheet
    prints no statement): "KETUA KPU KOTA SORONG," above the name of a single party; "Pihak Kedua,"
    and "Pihak Pertama," side by side above the two names (their posts are not printed there)."""
    filled = [[clean(cell) for cell in row if clean(cell)] for row in rows]
    filled = [row for row in filled if row]
    for index, row in enumerate(filled[:-1]):
        names = filled[index + 1]
        roles = [cell.lower().rstrip(",").strip() for cell in row]
        if roles == ["pihak kedua", "pihak pertama"] and len(names) == 2:
            return [{"name": usual_case(names[1]), "position": ""}, {"name": usual_case(names[0]), "position": ""}]
        single = len(row) == 1 and len(names) == 1 and not roles[0].startswith("pihak")
        if single and (match := _ROLE.match(row[0])) and names[0].upper() == names[0]:
            return [{"name": usual_case(names[0]), "position": usual_case(match["role"])}]
    return []


def place_and_date(lines: list[str]) -> tuple[str, str | None]:
    """The place and the ISO date of the first line like "Sorong, 6 Maret 2024"."""
    for line in lines:
        match = _PLACE_DATE.match(clean(line))
        if match:
            try:
                day = parse_date(match["date"])
            except NotADate:
                continue
            return clean(match["place"]), day.isoformat()
    return "", None


def year(lines: list[str]) -> int | None:
    for line in lines:
        if match := _YEAR.search(line):
            return int(match["year"])
    return None


def budget_line(text: str) -> dict | None:
    """`Program … (076.01.CQ) = Rp. 5.113.999.000,-` -> program, code and amount (None when blank)."""
    match = _BUDGET.match(clean(text))
    if not match:
        return None
    try:
        value = parse_rupiah(match["amount"]) if match["amount"] else None
    except ValueRefused:
        return None
    return {"program": clean(match["program"]), "code": match["code"] or "", "amount": value}


_CONTINUED = re.compile(r"^(?P<rest>[^=]*?)\s*\((?P<code>[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2,3})\)\s*$")


def budget(lines: list[str]) -> list[dict]:
    """The budget lines, a program's name allowed to run over two lines, before or after its "= Rp …"
    (a print puts the amount beside the first line of the name)."""
    found = []
    pending = ""
    for line in lines:
        text = clean(line)
        if not text:
            continue
        continued = _CONTINUED.match(text)
        if continued and found and not found[-1]["code"]:
            found[-1]["program"] = clean(f"{found[-1]['program']} {continued['rest']}")
            found[-1]["code"] = continued["code"]
            continue
        candidate = f"{pending} {text}".strip() if pending else text
        read = budget_line(candidate)
        if read is None and pending:
            read = budget_line(text)
        if read:
            found.append(read)
            pending = ""
        elif text.lower().startswith("program") and "=" not in text:
            pending = text
        else:
            pending = ""
    return found
