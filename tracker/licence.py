"""The licence of the data (the compilation, notes and translations): declared here once, and
read by every document of the API, the data package and the downloads' licence column and
README row. The code's licence is the repository's LICENSE file (MIT)."""

from __future__ import annotations

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "note": "The compilation, notes and translations; quotes remain their publishers' words.",
}

# How a line of text names it where space is short (a chart's footer).
SHORT_NAME = "CC BY 4.0"

# The column every CSV download ends with, and what each of its cells holds: the licence's
# SPDX id and address (a column, not a comment line, so that every CSV reader still reads
# the file as it is).
COLUMN = "licence"
CELL = f"{LICENCE['name']} {LICENCE['path']}"
