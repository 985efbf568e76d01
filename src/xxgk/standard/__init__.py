"""The national format described once, as data.

Everything else (extractor, solver, auditor, renderers) derives labels, keys and identities
from here. Adding an alias, a row or an identity is a change in this package only.
"""

from xxgk.standard.identities import IDENTITIES, Identity, identities_for
from xxgk.standard.sections import SECTIONS, SectionSpec
from xxgk.standard.table2 import TABLE2, Table2Spec
from xxgk.standard.table3 import TABLE3_COLUMNS, TABLE3_ROWS, ColumnSpec, RowSpec, table3_rows
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS

FORMAT_VERSIONS = ("2021", "2019")

__all__ = [
    "FORMAT_VERSIONS",
    "IDENTITIES",
    "Identity",
    "identities_for",
    "SECTIONS",
    "SectionSpec",
    "TABLE2",
    "Table2Spec",
    "TABLE3_COLUMNS",
    "TABLE3_ROWS",
    "ColumnSpec",
    "RowSpec",
    "table3_rows",
    "TABLE4_BLOCKS",
    "TABLE4_COLUMNS",
]
