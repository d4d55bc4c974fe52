"""A dashboard table: what the page shows, what the CSV export contains and what a chart draws, at once."""

from dataclasses import dataclass, field


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
        if not self.chart:
            return None
        kind, label_column, value_column = self.chart
        return {
            "id": f"chart-{self.slug}", "type": kind, "label": str(self.header[value_column]),
            "labels": [str(row[label_column]) for row in self.rows], "values": [row[value_column] or 0 for row in self.rows],
        }

    def linked_rows(self):
        links = self.links or [""] * len(self.rows)
        return list(zip(links, self.rows))
