"""The attachment's table from text that lost its columns: another OCR's output, read line by line
straight across the table, as the guideline's own scanned example was.

Such a line holds a piece of each column side by side ("Penyelenggaran Pelatihan
Teknis 1 Lembaga", then "Perencanaan Program dan Anggaranrta | Kepemiluan"):
which words are the goal's and which the indicator's is not in the text any
more. What Kinerja knows says it: the catalogue's indicators, the outputs and
the activities and goals its plans name (`Vocabulary`). So:

- each row is found by its target ("1 Lembaga", "I Unit", "| Layanan", "WTP"),
  read at the end of a line;
- its indicator is the catalogue's indicator whose words stand, in order, among
  the words of the lines around that target (a subsequence, each word
  compared letter by letter, for OCR's misreadings); then its output the same
  way among the words left;
- a secretariat's activity is a line without a target that reads as an
  activity's name (its code beside it); a commission's goal is found among the
  words no indicator took, and its indicators are the rows around it (the goal
  stands in the middle of its merged cell).

Nothing found so is certain: every field not read exactly as the catalogue has
it is flagged with what was read; a row whose indicator is not in the
catalogue keeps the words of its target's line, flagged. Letters and numbers
follow their sequence, flagged where the text says otherwise.
"""

import dataclasses
import functools
import re

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from kinerja.intake import corrections
from kinerja.planning.models import Activity, Goal, Indicator, WorkPlanRow, WorkPlanSection

WORD_SCORE = 75  # letter by letter, of 100: a word read this close is the catalogue's word
MATCH_SHARE = 0.6  # the least share of a catalogue entry's words found, for the entry to be the one
TITLE_SCORE = 80  # a line (or two) that reads this close to an activity's name is that activity's row
EMPTY_GOAL = 20.0  # lines: what a goal found without any row costs in cutting the rows among the goals
SHARED_WORD = 0.01  # lines: what a word a row shares with a goal weighs in giving it that goal's rows
HOLE = 0.1  # what each word left out in the middle of a line's piece of an entry costs its share
NAME_SCORE = 90  # ... and without its number or code beside it, this close
GRADES = {"A", "AA", "B", "BB", "C", "CC", "D", "WTP", "WDP", "TMP", "TW"}
BASE_UNITS = ("Lembaga", "Unit", "Layanan", "Laporan", "Dokumen", "Indeks", "Predikat", "Opini", "Persen", "%")
_CODE = re.compile(r"^\d{4}$")
_CODEISH = re.compile(r"^(?=.*\d)[\d:;'’`%.,gl]{2,7}$")  # a code OCR broke: "6:;6'7", ";55", "g%l"
_NUMBER = re.compile(r"^(?P<no>\d{1,2})[.,:;]?$")
_LETTER = re.compile(r"^(?P<letter>[a-eA-E])[.,)]?$")
_NOISE = re.compile(r"^[^\w%]+$")


@dataclasses.dataclass
class Vocabulary:
    indicators: list[str]
    outputs: list[str]
    titles: list[str]
    activities: dict[str, str]  # code -> name
    units: list[str]


def vocabulary() -> Vocabulary:
    activities = dict(Activity.objects.values_list("code", "name"))
    titles = set(activities.values()) | set(WorkPlanSection.objects.values_list("title", flat=True))
    titles |= set(Goal.objects.values_list("title", flat=True))
    outputs = {output for output in WorkPlanRow.objects.values_list("output", flat=True).distinct() if output}
    units = set(BASE_UNITS) | set(WorkPlanRow.objects.values_list("measure_unit", flat=True).distinct())
    return Vocabulary(
        indicators=sorted(set(Indicator.objects.values_list("name", flat=True))),
        outputs=sorted(outputs),
        titles=sorted(title for title in titles if title),
        activities=activities,
        units=sorted((unit for unit in units if unit), key=len, reverse=True),
    )


def _norm(word: str) -> str:
    return re.sub(r"[^0-9a-z/%]", "", word.casefold())


def _same_word(read: str, known: str) -> bool:
    if read == known:
        return True
    if len(known) <= 3 or len(read) <= 2:
        return False
    return fuzz.ratio(read, known) >= WORD_SCORE


@dataclasses.dataclass
class Token:
    text: str
    norm: str
    line: int
    taken: bool = False


@dataclasses.dataclass
class Line:
    index: int
    tokens: list[Token]
    target: tuple[str, str] | None = None  # (value as read, unit)
    target_text: str = ""
    lead: list[str] = dataclasses.field(default_factory=list)  # a number, a letter, a code before the text
    header: bool = False  # the table's header repeated on a new page


def _target(text: str, units: list[str]) -> tuple[str, tuple[str, str] | None]:
    """The line without its target, and the target (value as read, unit) read at its end."""
    pattern = "|".join(re.escape(unit) for unit in units)
    match = re.search(rf"(?:^|\s)(?P<value>[\dIl|\[!]?[\d.,]*)\s*(?P<unit>{pattern})\s*\S?$", text, re.I)
    if match:
        unit = next(unit for unit in units if unit.casefold() == match["unit"].casefold())
        return text[: match.start()].rstrip(" |"), (match["value"], unit)
    match = re.search(r"(?:^|\s)(?P<value>[A-Z]{1,3}|\d{2,}(?:[.,]\d+)?)\s*$", text)
    if match and (match["value"] in GRADES or match["value"][0].isdigit()):
        return text[: match.start()].rstrip(" |"), (match["value"], "")
    return text, None


def lines_of(texts: list[str], units: list[str]) -> list[Line]:
    found = []
    for index, text in enumerate(texts):
        rest, target = _target(text.strip(), units)
        line = Line(index=index, tokens=[], target=target, target_text=text[len(rest) :].strip())
        words = rest.split()
        while words and (
            _NUMBER.match(words[0]) or _LETTER.match(words[0]) or _CODEISH.match(words[0]) or _NOISE.match(words[0])
        ):
            word = words.pop(0)
            if not _NOISE.match(word):
                line.lead.append(word)
        line.tokens = [Token(word, _norm(word), index) for word in words if not _NOISE.match(word) and _norm(word)]
        if _is_header(text):
            line.tokens, line.target, line.lead, line.header = [], None, [], True
        found.append(line)
    return found


_HEADER_WORDS = {"no", "sasaran", "strategis", "indikator", "kinerja", "target", "keluaran", "satuan"}


def _is_header(text: str) -> bool:
    """The table's header repeated on a new page, or its row of column numbers ("[1] 2zl [3] 4]")."""
    words = [_norm(word) for word in text.split() if _norm(word)]
    if words and sum(word in _HEADER_WORDS for word in words) >= max(1, len(words) - 1):
        return True
    return len(words) >= 3 and all(len(word) <= 3 for word in words) and "[" in text


def _subsequence(known: tuple[str, ...], tokens: list[Token]) -> tuple[int, list[int], int]:
    """How many of `known`'s words stand in order among `tokens` (free ones), which tokens they are,
    and how many of them were read exactly."""
    n, m = len(known), len(tokens)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            here = best[i + 1][j + 1] + 1 if not tokens[j].taken and _same_word(tokens[j].norm, known[i]) else 0
            best[i][j] = max(here, best[i + 1][j], best[i][j + 1])
    picked, exact, i, j = [], 0, 0, 0
    while i < n and j < m:
        if not tokens[j].taken and _same_word(tokens[j].norm, known[i]) and best[i][j] == best[i + 1][j + 1] + 1:
            picked.append(j)
            exact += tokens[j].norm == known[i]
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return best[0][0], picked, exact


@functools.lru_cache(maxsize=4096)
def _words(entry: str) -> tuple[str, ...]:
    """An entry's words as compared, worked out once: each row looks through the whole catalogue."""
    return tuple(word for word in map(_norm, entry.split()) if word)


def best_entry(entries: list[str], tokens: list[Token]) -> tuple[str, float, list[int], bool] | None:
    """The entry whose words stand most fully, in order, among `tokens`: (entry, share found, the tokens,
    whether every word was found and read exactly), or None when none reaches MATCH_SHARE."""
    words = " ".join(token.norm for token in tokens if not token.taken)
    found = None
    for entry in entries:
        known = _words(entry)
        if not known or sum(word in words for word in known) < len(known) * MATCH_SHARE / 2:
            continue  # fewer than half the words it needs even by their letters: not worth the comparison
        count, picked, exact = _subsequence(known, tokens)
        share = count / len(known) - HOLE * _holes(tokens, picked)
        if share >= MATCH_SHARE and (found is None or (share, count) > (found[1], len(found[2]))):
            found = (entry, share, picked, count == exact == len(known))
    return found


def _holes(tokens: list[Token], picked: list[int]) -> int:
    """The words left out after an entry's first word on each line it takes words from: an entry's words
    are the end of a line (its column is right of the others), so a word of another column between
    them says the match took words that are not its own. Words OCR garbled ("Pepdaff[a.ran") are not
    counted."""
    chosen, first_on = set(picked), {}
    for index in picked:
        first_on.setdefault(tokens[index].line, index)
    holes = 0
    for index, token in enumerate(tokens):
        first = first_on.get(token.line)
        if first is not None and index > first and index not in chosen and not token.taken:
            holes += token.text.isalpha() and len(token.text) >= 3
    return holes


def read_table(texts: list[str], vocab: Vocabulary) -> list[dict]:
    """The sections of the table in `texts` (the lines below its header, down to the budget)."""
    lines = lines_of(texts, vocab.units)
    headings = _headings(lines, vocab)
    rows = [line for line in lines if line.target is not None and line.index not in headings]
    if not rows:
        return []
    found_rows = [_row(lines, rows, r, vocab) for r in range(len(rows))]
    by = _by_headings if headings else _by_goals
    sections = by(lines, headings, found_rows, vocab)
    for r, row in enumerate(found_rows):
        if row["indicator"] is None:
            last = found_rows[r + 1]["_line"] if r + 1 < len(found_rows) else len(lines)
            words = [token for line in lines[row["_line"] : last] for token in line.tokens if not token.taken]
            row["indicator"] = " ".join(token.text for token in words)
            for token in words:
                token.taken = True
            row["_flags"]["indicator"] = _("Indikator tidak dikenali di katalog; periksa yang terbaca.")
    return sections


def _window(lines: list[Line], rows: list[Line], r: int) -> list[Token]:
    first = rows[r - 1].index + 1 if r else 0
    last = rows[r + 1].index - 1 if r + 1 < len(rows) else len(lines) - 1
    return [token for line in lines[first : last + 1] for token in line.tokens]


def _row(lines, rows, r, vocab) -> dict:
    line = rows[r]
    window = _window(lines, rows, r)
    value, unit = line.target
    row = {
        "letter": "",
        "output": "",
        "indicator": "",
        "target": value,
        "unit": unit,
        "_line": line.index,
        "_flags": {},
    }
    if value:
        fixed, note = corrections.target(value)  # "| Lembaga", "Ilembaga": a 1 read as a rule or a letter
        if note:
            row["target"] = fixed
            row["_flags"]["target"] = _("terbaca “%(text)s”") % {"text": line.target_text}
    else:
        row["_flags"]["target"] = _("Target tidak terbaca (terbaca “%(text)s”); isi saat meninjau.") % {
            "text": line.target_text
        }
    if not unit:
        row["_flags"]["unit"] = _("Satuan tidak tercetak di berkas; isi saat meninjau.")
    entry = best_entry(vocab.indicators, window)
    if entry is None:
        row["indicator"] = None  # the words its line has left, once the goals and outputs took theirs
    else:
        name, share, picked, exact = entry
        for index in picked:
            window[index].taken = True
        row["indicator"] = name
        row["_span"] = (window[picked[0]].line, window[picked[-1]].line)
        if not exact:
            read = " ".join(window[index].text for index in picked)
            row["_flags"]["indicator"] = _("Dicocokkan dengan katalog (%(share)s%% kata): terbaca “%(text)s”") % {
                "share": round(100 * share),
                "text": read,
            }
    return row


def _headings(lines: list[Line], vocab: Vocabulary) -> dict[int, tuple[str, int, str, list[str]]]:
    """A secretariat's activity rows: a line without a target (with the next one, when the name runs on)
    that reads as an activity's or a plan section's name, beside its number or code; by its first line,
    (title, score, code, lead). Once two such rows are found, the table is a secretariat's and a line that
    reads as a name nearly exactly is one without its number too. None in a commission's table, whose
    lines without a target are its cells' second lines."""
    candidates = {}
    for position, line in enumerate(lines):
        if line.target is not None or not line.tokens:
            continue
        groups = [[line]]
        if position + 1 < len(lines) and lines[position + 1].target is None:
            groups.append([line, lines[position + 1]])
        best = None
        for group in groups:
            text = " ".join(token.text for part in group for token in part.tokens)
            for title in vocab.titles:
                score = fuzz.ratio(text.casefold(), title.casefold())
                if score >= TITLE_SCORE and (best is None or score > best[1]):
                    best = (title, score, group)
        if best is None:
            continue
        title, score, group = best
        lead = [word for part in group for word in part.lead]
        above = lines[position - 1] if position else None
        if above is not None and not above.tokens and above.target is None:
            lead = above.lead + lead  # "2. ." on a line of its own above
        candidates[position] = (title, score, group, lead)
    led = [position for position, (_t, _s, _g, lead) in candidates.items() if lead]
    if len(led) < 2:
        return {}
    found = {}
    skip = -1
    for position in sorted(candidates):
        title, score, group, lead = candidates[position]
        if position <= skip or not (lead or score >= NAME_SCORE):
            continue
        code = next((word for word in lead if _CODE.match(word)), "")
        found[lines[position].index] = (title, score, code, lead)
        for part in group:
            for token in part.tokens:
                token.taken = True
        skip = group[-1].index
    return found


def _by_headings(lines, headings, found_rows, vocab) -> list[dict]:
    sections = []
    for number, (start, (title, score, code, lead)) in enumerate(sorted(headings.items()), start=1):
        section = {"no": str(number), "code": code, "title": title, "rows": [], "_flags": {}}
        read_no = next((m["no"] for word in lead if (m := _NUMBER.match(word))), None)
        if read_no != str(number):
            section["_flags"]["no"] = _("Nomor tidak terbaca; diisi menurut urutan.")
        if score < 100:
            section["_flags"]["title"] = _("Dicocokkan dengan nama kegiatan (%(score)s%%).") % {"score": round(score)}
        if not code:
            known = next((c for c, name in vocab.activities.items() if name == title), "")
            broken = [word for word in lead if _CODEISH.match(word) and not _NUMBER.match(word)]
            if broken or known:
                section["code"] = known
                section["_flags"]["code"] = _("Kode terbaca “%(text)s”; diisi dari katalog kegiatan.") % {
                    "text": " ".join(broken) or "-"
                }
        sections.append((start, section))
    starts = [start for start, _section in sections]
    for row in found_rows:
        owner = max((i for i, start in enumerate(starts) if start < row["_line"]), default=0)
        sections[owner][1]["rows"].append(row)
    result = []
    for _start, section in sections:
        for r, row in enumerate(section["rows"]):
            _output(lines, row, vocab)
            _letter(lines, row, r)
        result.append(section)
    return result


def _output(lines, row, vocab) -> None:
    """The row's output among the words no indicator took, on its target's line and the lines either side
    (a cell's text stands in its middle), then two lines either side."""
    for reach in (1, 2):
        window = [
            token for line in lines[max(0, row["_line"] - reach) : row["_line"] + reach + 1] for token in line.tokens
        ]
        entry = best_entry(vocab.outputs, window)
        if entry is not None:
            break
    if entry is None:
        row["_flags"]["output"] = _("Keluaran tidak dikenali di katalog.")
        return
    name, share, picked, exact = entry
    for index in picked:
        window[index].taken = True
    row["output"] = name
    if not exact:
        read = " ".join(window[index].text for index in picked)
        row["_flags"]["output"] = _("Dicocokkan dengan katalog (%(share)s%% kata): terbaca “%(text)s”") % {
            "share": round(100 * share),
            "text": read,
        }


def _letter(lines, row, r) -> None:
    expected = "abcdefghijklmnopqrstuvwxyz"[r] if r < 26 else ""
    row["letter"] = expected
    near = [word for line in lines[max(0, row["_line"] - 1) : row["_line"] + 2] for word in line.lead]
    if not any((m := _LETTER.match(word)) and m["letter"] == expected for word in near):
        row["_flags"]["letter"] = _("Huruf tidak terbaca; diisi menurut urutan.")


def _by_goals(lines, _headings, found_rows, vocab) -> list[dict]:
    """A commission's table: the goals among the words no indicator took, each over the rows around it."""
    left = [token for line in lines for token in line.tokens if not token.taken]
    goals = []
    while True:
        titles = [title for title in vocab.titles if title not in {goal["title"] for goal in goals}]
        entry = best_entry(titles, [token for token in left if not token.taken])  # no goal comes twice
        if entry is None:
            break
        name, share, picked, exact = entry
        free = [token for token in left if not token.taken]
        span = (free[picked[0]].line, free[picked[-1]].line)
        for index in picked:
            free[index].taken = True
        goals.append({"title": name, "share": share, "exact": exact, "span": span})
    goals.sort(key=lambda goal: goal["span"])
    if not goals:
        return [
            {"no": "1", "code": "", "title": "", "rows": found_rows, "_flags": {"title": _("Sasaran tidak terbaca.")}}
        ]
    # Each goal's rows: those around the middle of its lines, the goal centred in its merged cell.
    centres = [(goal["span"][0] + goal["span"][1]) / 2 for goal in goals]
    extents = []
    for r, row in enumerate(found_rows):
        last = (found_rows[r + 1]["_line"] - 1) if r + 1 < len(found_rows) else len(lines) - 1
        while last > row["_line"] and lines[last].header:
            last -= 1  # the header repeated on a new page is no line of the row
        extents.append((row["_line"], last))
    shared = [[_shared(row["indicator"] or "", goal["title"]) for goal in goals] for row in found_rows]
    owners = _partition(extents, centres, shared)
    sections = []
    for g, goal in enumerate(goals):
        section = {"no": str(g + 1), "code": "", "title": goal["title"], "rows": [], "_flags": {}}
        if not goal["exact"]:
            section["_flags"]["title"] = _("Dicocokkan dengan sasaran di rencana (%(share)s%% kata).") % {
                "share": round(100 * goal["share"])
            }
        section["rows"] = [row for row, owner in zip(found_rows, owners, strict=True) if owner == g]
        section["_flags"]["no"] = _("Nomor dibaca menurut urutan sasaran.")
        sections.append(section)
    return [section for section in sections if section["rows"]]


_COMMON = {"dan", "di", "ke", "serta", "yang", "pemilu", "kpu", "atas", "dalam", "persentase"}


def _shared(indicator: str, goal: str) -> int:
    """The words (not the common ones) an indicator and a goal have in common: "Evaluasi dan Laporan
    Kegiatan Kampanye Pemilu" is more likely "Masa Kampanye"'s than its neighbour's."""
    words = {_norm(word) for word in indicator.split()} - _COMMON
    return len(words & ({_norm(word) for word in goal.split()} - _COMMON))


def _partition(extents: list[tuple[int, int]], centres: list[float], shared: list[list[int]]) -> list[int]:
    """Each row's goal: the rows cut in order into one run per goal (a goal's rows are together), so that
    each run's middle lies as near as can be to the middle of its goal's lines; where two cuts do equally
    well (a goal's line read at the top or the bottom of its middle), the one giving rows the goals they
    share words with. A goal with no row left is given none (its cost counted), so that the rows are
    never forced out of order."""
    n, g = len(extents), len(centres)
    inf = float("inf")
    # cost[k][i]: the least cost of giving rows[:i] to goals[:k].
    cost = [[inf] * (n + 1) for _ in range(g + 1)]
    cut = [[0] * (n + 1) for _ in range(g + 1)]
    cost[0][0] = 0.0
    for k in range(1, g + 1):
        for i in range(n + 1):
            for j in range(i + 1):
                if cost[k - 1][j] == inf:
                    continue
                if j == i:
                    here = EMPTY_GOAL
                else:
                    here = abs((extents[j][0] + extents[i - 1][1]) / 2 - centres[k - 1])
                    here -= SHARED_WORD * sum(shared[r][k - 1] for r in range(j, i))
                if cost[k - 1][j] + here < cost[k][i]:
                    cost[k][i], cut[k][i] = cost[k - 1][j] + here, j
    owners, i = [0] * n, n
    for k in range(g, 0, -1):
        j = cut[k][i]
        for r in range(j, i):
            owners[r] = k - 1
        i = j
    return owners
