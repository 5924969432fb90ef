"""Reading what kubectl prints: tables by column, describe text with volatile values masked."""

from __future__ import annotations

import re

AGE = re.compile(r"^(\d+[smhd]|\d+[smhd]\d+[smhd]|\d+y\d+d|\d+y|<unknown>)$")
"""An AGE / LAST SEEN cell as upstream's `HumanDuration` writes it (0s, 5m10s, 3d4h, 2y5d)."""

_VOLATILE = (
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uid>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"), "<time>"),
    (re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}"), "<time>"),
    (re.compile(r"(Resource Version:\s+)\d+"), r"\1<rv>"),
)


def table(stdout: str) -> list[dict[str, str]]:
    """The rows of a `kubectl get` table as {header: cell}.

    kubectl aligns every column under its header, so a cell is the text between its header's
    start and the next header's start; empty cells stay empty strings.
    """
    lines = stdout.splitlines()
    header = lines[0]
    starts = [match.start() for match in re.finditer(r"\S+(?: \S+)*", header)]
    names = [
        header[start:end].strip() for start, end in zip(starts, [*starts[1:], None], strict=True)
    ]
    rows = []
    for line in lines[1:]:
        cells = [
            line[start:end].strip() for start, end in zip(starts, [*starts[1:], None], strict=True)
        ]
        rows.append(dict(zip(names, cells, strict=True)))
    return rows


def single_row(stdout: str) -> dict[str, str]:
    rows = table(stdout)
    assert len(rows) == 1, stdout
    return rows[0]


_TIME_COLUMNS = ("AGE", "LAST SEEN", "FIRST SEEN")


def cells(row: dict[str, str]) -> list[tuple[str, str]]:
    """`row` as (header, cell) pairs in column order, durations in time columns as `<age>`."""
    return [
        (name, "<age>" if name in _TIME_COLUMNS and AGE.match(cell) else cell)
        for name, cell in row.items()
    ]


def masked(text: str) -> str:
    """`text` with uids, timestamps and resource versions replaced by placeholders, and without
    the trailing blanks kubectl's tab writer leaves after empty values."""
    for pattern, placeholder in _VOLATILE:
        text = pattern.sub(placeholder, text)
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
