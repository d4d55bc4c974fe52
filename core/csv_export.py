"""Tables as CSV downloads, readable by Excel in Italy (UTF-8 with BOM, semicolon separated).

Every export goes through `csv_response`, which neutralises spreadsheet formulas: search terms, titles and
names are typed by users, and a cell such as `=HYPERLINK(...)` or `@SUM(...)` would run when the file is
opened (https://owasp.org/www-community/attacks/CSV_Injection).
"""

import csv
import re

from django.http import HttpResponse

# OWASP's list: a cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A negative number as the dashboards write it in the reader's language ("-41,2", "-1.234,5", "-3,5 %"):
# digits, separators and a percent sign only, which no spreadsheet can read as a formula.
LOCAL_NEGATIVE_NUMBER = re.compile(r"-\d[\d.,\u00a0\u202f ]*%?")


def neutralised(value):
    """`value` as it is safe to write to a cell: text that would start a formula gets a leading `'`.
    Numbers, dates and booleans are left alone (a negative number is data, not a formula), also once
    formatted in the reader's language."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not LOCAL_NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([neutralised(str(cell)) for cell in header])
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return response
