"""Render the ``quotes`` listing as an 80-column table, JSON or CSV (no heavy imports)."""

from __future__ import annotations

import csv
import io
import json
import textwrap

from kazan_export.model import Article
from kazan_export.query import Selection, as_record, select
from kazan_export.text_rules import csv_cell, json_visible

WIDTH = 80


def render(article: Article, selection: Selection, fmt: str) -> str:
    """Return the selected statements as ``table``, ``json`` or ``csv`` text.

    JSON keeps every text exactly (bidi and C1 controls are written as ``\\uXXXX`` escapes);
    in CSV, a cell that a spreadsheet would read as a formula (it starts with ``= + - @``, a
    tab or a carriage return) gets a ``'`` in front, as OWASP advises.
    """
    records = [as_record(article, s) for s in select(article, selection)]
    if fmt == "json":
        return json_visible(json.dumps(records, ensure_ascii=False, indent=2)) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(records[0]) if records else ["id"], lineterminator="\n")
        writer.writeheader()
        for r in records:
            row = {**r, "speakers": "; ".join(r["speakers"]), "paragraphs": " ".join(r["paragraphs"])}
            writer.writerow({k: csv_cell(v) if isinstance(v, str) else v for k, v in row.items()})
        return buf.getvalue()
    return _table(records, selection)


def as_printed(text: str, kind: str) -> list[str]:
    """Return the paragraphs of a statement as the article prints them: a direct quotation over
    several paragraphs opens before the first and closes after the last only."""
    paragraphs = text.split("\n")
    if kind == "direct":
        paragraphs[0] = "“" + paragraphs[0]
        paragraphs[-1] += "”"
    return paragraphs


def _table(records: list[dict], selection: Selection) -> str:
    from kazan_export.dates import describe_date

    lines = []
    for r in records:
        head = f"{r['key']}  ·  {', '.join(r['speakers'])}  ·  {describe_date(r['date'])}  ·  {r['kind']}"
        lines += textwrap.wrap(head, WIDTH, subsequent_indent="  ")
        where = " · ".join(x for x in (r["occasion"], f"via {r['via']}" if r["via"] else None) if x)
        if where:
            lines += textwrap.wrap(where, WIDTH, initial_indent="  ", subsequent_indent="  ")
        for para in as_printed(r["text"], r["kind"]):
            lines += textwrap.wrap(para, WIDTH, initial_indent="    ", subsequent_indent="    ") or [""]
        lines.append("")
    lines.append(f"{len(records)} statement(s). {selection.describe()}")
    return "\n".join(lines) + "\n"
