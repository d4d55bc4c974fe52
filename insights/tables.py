"""A dashboard table: what the page shows, what the CSV export contains and what a chart draws, at once.

Rows hold plain values (ints, floats, core.formatting.Percent, dates, datetimes, text); the page, the CSV and
the chart's labels all write them through core.formatting, in the viewer's language.
"""

from dataclasses import dataclass, field

from core import formatting


@dataclass
class Table:
    slug: str
    caption: str
    header: list
    rows: list = field(default_factory=list)
    # Optional chart: ("bar" | "line", label column index, value column index)
    chart: tuple = None
    links: list = field(default_factory=list)  # per row: URL for the first cell, or ""

    def chart_data(self):
        """What static/js/insights.js draws; `integer`: every value is a count, so the axis has no fractions."""
        if not self.chart:
            return None
        kind, label_column, value_column = self.chart
        values = [row[value_column] or 0 for row in self.rows]
        return {
            "id": f"chart-{self.slug}", "type": kind, "label": str(self.header[value_column]),
            "labels": [str(formatting.cell(row[label_column])) for row in self.rows], "values": values,
            "integer": all(isinstance(value, int) for value in values),
            "percent": any(isinstance(value, formatting.Percent) for value in values),
        }

    def csv_rows(self):
        """Rows for the CSV export: counts stay numbers, everything else as the page writes it."""
        return [
            [cell if isinstance(cell, int) and not isinstance(cell, bool) else formatting.cell(cell) for cell in row]
            for row in self.rows
        ]

    def linked_rows(self):
        links = self.links or [""] * len(self.rows)
        return list(zip(links, self.rows))
