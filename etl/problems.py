"""A problem found in the input data, reported as `FILE:LINE: field: what is wrong`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


# Problems with a file as a whole: the file itself (missing, empty, too large, not UTF-8, not
# CSV, cut off), a row that cannot be split into its fields, a source text that is missing or
# not the copy it should be. They come first in a report, because they cause the rest (an emptied
# indicators.csv leaves every other file's indicator unknown), so the damaged file is named first.
WHOLE_FILE_FIELDS = frozenset({"file", "row", "text_file", "sha256"})


def report_order(problem: Problem) -> tuple[bool, Problem]:
    """Whole-file problems and header problems (line 0 or 1) first, then by file and line."""
    whole_file = problem.field in WHOLE_FILE_FIELDS or problem.line <= 1
    return (not whole_file, problem)


class InvalidData(Exception):
    """The dataset has problems; all of them are in `problems`, in report order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=report_order)
        super().__init__(f"{len(self.problems)} problem(s) in the dataset")

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.problems)} problem(s) found.")
        return "\n".join(lines)
