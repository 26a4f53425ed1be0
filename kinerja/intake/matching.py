"""An indicator read from an old PK, matched to the catalogue by similarity (rapidfuzz).

The best match is proposed with its score; it is never taken silently: a score
below ACCEPTED makes the row's indicator uncertain, and below PROPOSED the row is
proposed as a new indicator, flagged. Two rows are never merged.
"""

import re

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process, utils

from kinerja.intake.reading import flag
from kinerja.planning.models import Indicator

ACCEPTED = 95  # as good as the same words
PROPOSED = 80  # worth showing as the likely one


def _key(text: str) -> str:
    return utils.default_process(re.sub(r"\s+", " ", text or ""))


def match_indicators(reading: dict) -> None:
    """Add `matches` to `reading`: for each row path, the proposed catalogue indicator and its score,
    or None for a new one; flag in `uncertain` every row that is not a near-certain match."""
    catalogue = {indicator.code: indicator.name for indicator in Indicator.objects.only("code", "name")}
    choices = {code: _key(name) for code, name in catalogue.items()}
    matches: dict[str, dict | None] = {}
    for s, section in enumerate(reading["sections"]):
        for r, row in enumerate(section["rows"]):
            path = f"sections.{s}.rows.{r}.indicator"
            found = (
                process.extractOne(_key(row["indicator"]), choices, scorer=fuzz.token_sort_ratio) if choices else None
            )
            if found is None or found[1] < PROPOSED:
                matches[path] = None
                flag(reading, path, _("Indikator baru: tidak ada yang mirip di katalog."))
                continue
            _text, score, code = found
            matches[path] = {"code": code, "name": catalogue[code], "score": round(score)}
            if score < ACCEPTED:
                flag(
                    reading,
                    path,
                    _("Mirip indikator katalog “%(name)s” (%(score)s%%); pastikan saat meninjau.")
                    % {"name": catalogue[code], "score": round(score)},
                )
    reading["matches"] = matches
