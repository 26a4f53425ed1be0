"""Excel (.xlsx) templates, exports and imports of DIPA allocations, IKU sets and RKTs.

An import is all-or-nothing: the whole file is read and checked first, every
problem is collected with its Excel row number and a reason for the user, and
only a file without any problem is written, in one transaction. Nothing is
saved from a rejected file.

Exports and imports use the same sheet and columns, so an exported file can be
corrected and imported again: export → import → export gives the same cells.

- `layout`: the sheets and columns both sides share (the formula escape is lib.sheets');
- `workbooks`: the templates and exports;
- `cells`: reading an uploaded workbook and its cells, shared by both imports;
- `dipa`, `iku` and `rkt`: one module per import.
"""

from kinerja.lib.sheets import neutralise_formula, restore_formula_text
from kinerja.planning.spreadsheets.cells import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    ImportRejected,
    ImportResult,
    RowError,
)
from kinerja.planning.spreadsheets.dipa import dipa_import
from kinerja.planning.spreadsheets.iku import iku_import
from kinerja.planning.spreadsheets.layout import (
    DIPA_COLUMNS,
    DIPA_SHEET,
    IKU_COLUMNS,
    IKU_SHEET,
    RKT_COLUMNS,
    RKT_SHEET,
)
from kinerja.planning.spreadsheets.rkt import rkt_import
from kinerja.planning.spreadsheets.workbooks import (
    dipa_export,
    dipa_template,
    iku_export,
    iku_template,
    rkt_export,
    rkt_template,
)

__all__ = [
    "DIPA_COLUMNS",
    "DIPA_SHEET",
    "IKU_COLUMNS",
    "IKU_SHEET",
    "MAX_DATA_ROWS",
    "MAX_FILE_BYTES",
    "RKT_COLUMNS",
    "RKT_SHEET",
    "ImportRejected",
    "ImportResult",
    "RowError",
    "dipa_export",
    "dipa_import",
    "dipa_template",
    "iku_export",
    "iku_import",
    "iku_template",
    "neutralise_formula",
    "restore_formula_text",
    "rkt_export",
    "rkt_import",
    "rkt_template",
]
