#!/usr/bin/python3
"""Reads an export back the way a spreadsheet user gets it, for the tests: an XLSX file with
openpyxl, a CSV file with Python's csv module. Prints one JSON object on stdout:
  xlsx: {format, sheet, freeze, autofilter, bold_header, widths: {letter: width},
         rows: [[{t: text|number|date|formula|empty, v, fmt}]]}
  csv:  {format, bom, crlf, rows: [[field]]}
"""
import csv
import datetime
import io
import json
import re
import sys


def read_csv(path):
    with open(path, "rb") as handle:
        data = handle.read()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    # Every record ends with CRLF (a line break inside a quoted field may be anything).
    crlf = text.endswith("\r\n") and text.count("\r\n") >= len(rows)
    return {"format": "csv", "bom": bom, "crlf": crlf, "rows": rows}


# OOXML writes control characters as _xHHHH_ escapes; Excel shows the character, openpyxl
# the escape.
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescaped(text):
    return ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def cell_json(cell):
    value = cell.value
    if cell.data_type == "f":
        return {"t": "formula", "v": str(value)}
    if value is None:
        return {"t": "empty"}
    if isinstance(value, datetime.datetime):
        return {"t": "date", "v": value.isoformat(), "fmt": cell.number_format}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"t": "number", "v": value}
    return {"t": "text", "v": unescaped(str(value))}


def read_xlsx(path):
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    rows = [[cell_json(cell) for cell in row] for row in sheet.iter_rows()]
    header = list(sheet.iter_rows(min_row=1, max_row=1))
    return {
        "format": "xlsx",
        "sheet": sheet.title,
        "freeze": sheet.freeze_panes,
        "autofilter": sheet.auto_filter.ref,
        "bold_header": bool(header) and all(bool(cell.font.b) for cell in header[0]),
        "widths": {letter: dim.width for letter, dim in sheet.column_dimensions.items()},
        "rows": rows,
    }


def main():
    path = sys.argv[1]
    kind = sys.argv[2] if len(sys.argv) > 2 else ("csv" if path.endswith(".csv") else "xlsx")
    print(json.dumps(read_csv(path) if kind == "csv" else read_xlsx(path)))


if __name__ == "__main__":
    main()
