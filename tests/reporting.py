"""Helpers for report tests: read a report page's table and a report CSV back into cells."""

import csv
import io
import re
from html import unescape
from html.parser import HTMLParser

from costume_tracker.reports.csvfile import unneutralise

BOM = b"\xef\xbb\xbf"


class ReportTable(HTMLParser):
    """Header and body cells of the page's ``table.report``, text as the browser shows it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.empty = False
        self._in_table = self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "report" in (attrs.get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_table and tag == "tr" and self._in_body:
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = []
            if attrs.get("colspan"):
                self.empty = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = self._in_body = False
        elif self._cell is not None and tag in ("td", "th"):
            value = "".join(self._cell)
            if self._in_body:
                self.rows[-1].append(value)
            else:
                self.headers.append(value)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_table(html: str) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of one report page."""
    table = ReportTable()
    table.feed(html)
    return table.headers, [] if table.empty else table.rows


LOCAL_TIME = " (local time)"


def all_page_rows(client, url: str) -> tuple[list[str], list[list[str]]]:
    """Headers and the rows of every page of a report, following the pager's Next link.

    The page shows a local-time column beside each UTC time, which the standard CSV does
    not carry: those columns are checked (a time with its zone, or empty) and left out.
    """
    rows, headers = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.data[:500]
        html = response.get_data(as_text=True)
        headers, page_rows = page_table(html)
        rows.extend(page_rows)
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = unescape(found.group(1)) if found else None
    local = [i for i, h in enumerate(headers) if h.endswith(LOCAL_TIME)]
    for row in rows:
        for i in local:
            assert row[i] == "" or re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d \S+", row[i]), row[i]
    keep = [i for i in range(len(headers)) if i not in local]
    return [headers[i] for i in keep], [[row[i] for i in keep] for row in rows]


def csv_cells(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a report CSV as the importer reads it (formula guards removed)."""
    assert data.startswith(BOM)
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    return header, [[unneutralise(cell) for cell in row] for row in rows]
