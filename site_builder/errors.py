"""Problems found in user data, collected into a report; the one exception the build raises.

A `Problem` is one line of output: `file:line:col: severity: path: message`. Library code
collects problems and raises `BuildFailed(report)`; only `cli.py` and `plugin.py` print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ProblemSeverity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    severity: ProblemSeverity
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {where}{self.message}"


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def __add__(self, other: Report) -> Report:
        return Report(tuple(sorted(self.problems + other.problems)))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class BuildFailed(Exception):
    """User data has errors; `report` says where. The CLI maps this to exit code 1."""

    def __init__(self, report: Report):
        super().__init__(str(report))
        self.report = report
