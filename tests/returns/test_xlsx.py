from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from fossdash.returns.xlsx import Column, Sheet, write_workbook

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=1+1"]


def _roundtrip(rows, columns, notes=()):
    buf = BytesIO()
    write_workbook(buf, [(Sheet("Register", columns, list(notes)), rows)])
    buf.seek(0)
    return load_workbook(buf)["Register"]


def test_hostile_strings_stay_text_never_formulas():
    ws = _roundtrip([[s] for s in HOSTILE], [Column("Text")])
    cells = [ws.cell(row=i + 2, column=1) for i in range(len(HOSTILE))]
    assert [c.value for c in cells] == HOSTILE
    assert all(c.data_type == "s" for c in cells)


def test_numbers_and_dates_are_typed_with_formats_and_header_is_frozen_and_filtered():
    ws = _roundtrip([[date(2026, 11, 21), 12, 0.125, "a\x01b"]],
                    [Column("Day", "date"), Column("Count", "int"), Column("Share", "percent"), Column("Note")])
    assert ws["A2"].value.date() == date(2026, 11, 21) and ws["A2"].number_format == "d mmm yyyy"
    assert ws["B2"].value == 12 and ws["B2"].data_type == "n"
    assert ws["C2"].number_format == "0.0%"
    assert ws["D2"].value == "ab"  # control characters Excel cannot hold are dropped
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D2"
    assert ws["A1"].font.bold


def test_notes_sit_above_the_header():
    ws = _roundtrip([["x"]], [Column("Text")], notes=["Figures are illustrative"])
    assert ws["A1"].value == "Figures are illustrative"
    assert ws["A3"].value == "Text" and ws.freeze_panes == "A4"


def test_every_row_keeps_its_column_format_not_just_the_first():
    rows = [[date(2026, 1, d), d * 1000, "=2+2"] for d in range(1, 6)]
    ws = _roundtrip(rows, [Column("Day", "date"), Column("Pay", "money"), Column("Note", wrap=True)])
    for r in range(2, 7):
        assert ws.cell(row=r, column=1).number_format == "d mmm yyyy"
        assert ws.cell(row=r, column=2).number_format == "£#,##0"
        assert ws.cell(row=r, column=3).data_type == "s" and ws.cell(row=r, column=3).alignment.wrap_text


def test_a_failure_mid_stream_leaves_no_temporary_file_behind():
    import pytest
    from openpyxl.worksheet import _writer

    def rows():
        yield ["fine"]
        raise RuntimeError("the database went away")

    before = set(_writer.ALL_TEMP_FILES)
    with pytest.raises(RuntimeError):
        write_workbook(BytesIO(), [(Sheet("One", [Column("Text")]), [["a"]]), (Sheet("Two", [Column("Text")]), rows())])
    assert set(_writer.ALL_TEMP_FILES) == before


def test_write_workbook_returns_each_sheets_row_count():
    sheets = [(Sheet("One", [Column("Text")]), iter([["a"], ["b"]])), (Sheet("Two", [Column("Text")]), [])]
    assert write_workbook(BytesIO(), sheets) == [2, 0]


def test_later_rows_are_typed_like_the_first_whatever_their_values():
    """A column's cells after the first take a faster path (the first cell's style, shared): each
    value is still typed on its own, and blanks stay blank."""
    from decimal import Decimal

    first = [date(2026, 1, 1), 1, "a"]
    later = [[None, Decimal("2.50"), "=1+1"], ["not a date", True, 7], [date(2026, 1, 3), "n/a", None]]
    ws = _roundtrip([first, *later], [Column("Day", "date"), Column("Pay", "money2"), Column("Note")])
    assert ws["A3"].value is None and ws["B3"].value == 2.5 and ws["B3"].number_format == "£#,##0.00"
    assert ws["C3"].value == "=1+1" and ws["C3"].data_type == "s"
    assert ws["A4"].value == "not a date" and ws["B4"].value == "True" and ws["B4"].data_type == "s"
    assert ws["C4"].value == "7" and ws["C4"].data_type == "s"  # a number in a text column is text
    assert ws["A5"].value.date() == date(2026, 1, 3) and ws["A5"].number_format == "d mmm yyyy"
    assert ws["B5"].value == "n/a" and ws["C5"].value is None
