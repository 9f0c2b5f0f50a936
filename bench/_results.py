"""One row of the results table, the statistics behind it, and the table itself."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Row", "percentile", "render_table", "summarize"]


@dataclass(frozen=True, slots=True)
class Row:
    """One measured quantity, its baseline, and how it compares with the target.

    Attributes:
        name: What was measured.
        value: The measured value, already formatted.
        baseline: The baseline measured in the same run, formatted ("" if none).
        ratio: value / baseline, formatted ("" if none).
        target: The target in words ("" if informational only).
        is_met: Whether the target is met; None for an informational row.
    """

    name: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    is_met: bool | None = None

    @property
    def status(self) -> str:
        """Return PASS, MISS or an empty string for an informational row."""
        if self.is_met is None:
            return ""
        return "PASS" if self.is_met else "MISS"


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Return the nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


def summarize(values: Sequence[float]) -> str:
    """Return ``median (min-max, n=N)`` of seconds, in seconds."""
    return (
        f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f}, n={len(values)})"
    )


_HEADERS = ("benchmark", "RusToK", "baseline", "ratio", "target", "status")


def render_table(rows: Sequence[Row]) -> str:
    """Return the rows as a Markdown table (readable in a terminal and in docs)."""
    cells = [_HEADERS, *((r.name, r.value, r.baseline, r.ratio, r.target, r.status) for r in rows)]
    widths = [max(len(line[column]) for line in cells) for column in range(len(_HEADERS))]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(values) for values in cells[1:])])
