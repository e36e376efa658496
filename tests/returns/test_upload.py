"""Reading uploads (returns/upload.py): a good workbook round-trips; anything oversized, not an
xlsx, a zip bomb, a path-traversal name or XML with a DTD is refused with its message BEFORE
openpyxl parses anything; nothing but UploadRefused ever escapes."""
from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from fossdash.returns import upload
from fossdash.returns.upload import DAMAGED, NOT_XLSX, UploadRefused, read_workbook
from fossdash.returns.xlsx import Column, Sheet, write_workbook

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(A1)"]
MB = 1024 * 1024


def _good() -> bytes:
    buf = io.BytesIO()
    rows = [[text, date(2026, 12, i + 1), i * 1000, 0.25] for i, text in enumerate(HOSTILE)]
    write_workbook(buf, [
        (Sheet("Concerns", [Column("Text"), Column("Raised", "date"), Column("Pay", "money"),
                            Column("Share", "percent")], ["A note"]), rows),
        (Sheet("Second", [Column("Only")]), [["x"]]),
    ])
    return buf.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The workbook `data` with some members replaced or added (as another program might)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, content in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name), content)
    return out.getvalue()


@pytest.fixture
def never_parsed(monkeypatch):
    """Fail the test if openpyxl is asked to open the file."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a file that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def _refused(data, reason: str, message: str | None = None, **limits) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        with read_workbook(data, **limits) as book:
            for name in book.sheet_names:
                list(book.rows(name))
    assert caught.value.reason == reason, caught.value.reason
    if message is not None:
        assert caught.value.message == message == str(caught.value)
    return caught.value


# --- a good workbook ----------------------------------------------------------------------------

def test_openpyxl_reads_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_a_good_workbook_round_trips_as_plain_values():
    with read_workbook(_good()) as book:
        assert book.sheet_names == ["Concerns", "Second"] and "Second" in book
        rows = list(book.rows("Concerns"))
        assert rows[0] == ("A note",) and rows[1] == ()  # row numbers match the sheet's
        assert rows[2] == ("Text", "Raised", "Pay", "Share")
        assert rows[3] == (HOSTILE[0], datetime(2026, 12, 1), 0, 0.25)  # text stays text, dates dates
        assert [r[0] for r in rows[3:]] == HOSTILE
        assert list(book["Second"]) == [("Only",), ("x",)]
        assert list(book.rows()) == rows  # the first sheet
        with pytest.raises(UploadRefused, match="must have a sheet called ‘Missing’"):
            book.rows("Missing")


def test_a_file_object_is_read_like_bytes_and_formulas_come_as_their_values():
    wb = Workbook()
    ws = wb.active
    ws.title = "Sums"
    ws.append([1, "=A1+C1", 2, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with read_workbook(buf) as book:  # openpyxl stores no cached value: None, never the formula
        assert list(book.rows("Sums")) == [(1, None, 2)]


def test_rows_and_columns_are_capped_while_streaming():
    wb = Workbook()
    for i in range(5):
        wb.active.append([i, i, i])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    _refused(data, "too_many_rows", "The sheet ‘Sheet’ must have no more than 4 rows", max_rows=4)
    _refused(data, "too_many_cols", "The sheet ‘Sheet’ must have no more than 2 columns", max_cols=2)
    with read_workbook(data, max_rows=5, max_cols=3) as book:
        assert len(list(book.rows())) == 5


# --- refused before parsing -------------------------------------------------------------------------

def test_an_oversized_file_is_refused_without_reading_it_all(never_parsed):
    _refused(b"PK\x03\x04" + b"\0" * (5 * MB), "too_big", "The file must be smaller than 5MB")

    class Endless(io.RawIOBase):
        asked: list[int] = []

        def read(self, n=-1):
            self.asked.append(n)
            return b"\0" * n

    stream = Endless()
    _refused(stream, "too_big", "The file must be smaller than 1MB", max_bytes=MB)
    assert stream.asked == [MB + 1]
    _refused(b"", "empty", "The selected file is empty")


@pytest.mark.parametrize("data", [
    b"Reference,Text\n1,Hello\n",  # a CSV
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # an old .xls (or an xlsx with a password)
    b"%PDF-1.7\n",
])
def test_a_file_that_is_not_a_zip_is_not_an_excel_file(never_parsed, data):
    _refused(data, _refused(data, "ole" if data.startswith(b"\xd0") else "not_zip").reason, NOT_XLSX)


def test_a_zip_that_is_not_a_workbook_is_not_an_excel_file(never_parsed):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("word/document.xml", "<document/>")
    _refused(docx.getvalue(), "not_xlsx", NOT_XLSX)
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("notes.txt", "hello")
    _refused(plain.getvalue(), "not_xlsx", NOT_XLSX)


def test_a_damaged_zip_is_refused(never_parsed):
    good = _good()
    _refused(good[: len(good) // 2], "bad_zip", DAMAGED)
    # One flipped byte inside the sheet's compressed data: a CRC or inflate error, wrapped.
    at = good.index(b"xl/worksheets/sheet1.xml") + 200
    _refused(good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1:], "bad_zip", DAMAGED)


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_unpacked(never_parsed):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:  # 50 MB of zeros, 1 MB at a time
            zeros = b"\0" * MB
            for _ in range(50):
                member.write(zeros)
    data = bomb.getvalue()
    assert len(data) < 200 * 1024
    _refused(data, "zip_bomb", DAMAGED)
    _refused(data, "zip_bomb", "The file must be smaller than 20MB when unzipped", max_uncompressed=20 * MB)


def test_members_adding_up_to_too_much_are_refused():
    noise = random.Random(1).randbytes(600 * 1024)  # incompressible: every ratio is fine
    data = _rezip(_good(), add={"xl/media/image1.png": noise, "xl/media/image2.png": noise})
    _refused(data, "zip_bomb", "The file must be smaller than 1MB when unzipped", max_uncompressed=MB)
    with read_workbook(data):  # within the default limits: fine
        pass


@pytest.mark.parametrize("name", ["../../evil.xml", "xl/../../evil.xml", "/etc/cron.d/evil", "C:/evil.xml",
                                  "xl\\..\\evil.xml"])
def test_a_member_name_that_climbs_out_or_is_absolute_is_refused(never_parsed, name):
    _refused(_rezip(_good(), add={name: b"<x/>"}), "unsafe_name", DAMAGED)


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, b"".join([b"&lol%s;" % (str(i - 1).encode()
                                                                                        if i > 1 else b"")] * 10))
                             for i in range(1, 10))
                  + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
                  + b"</worksheet>")


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
                                    "[Content_Types].xml"])
def test_xml_with_a_dtd_is_refused_before_any_parser_sees_it(never_parsed, member):
    good = _good()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        names = zf.namelist()
    kind = "replace" if member in names else "add"
    data = _rezip(good, **{kind: {member: BILLION_LAUGHS}})
    _refused(data, "xml_entities", "The file could not be read: it contains XML that is not allowed")


def test_a_dtd_split_across_chunks_lower_case_or_external_is_still_found(never_parsed):
    sheet = "xl/worksheets/sheet1.xml"
    split = b"<?xml version='1.0'?>" + b" " * (upload.CHUNK - 25) + b"<!doctype x SYSTEM 'file:///etc/passwd'><x/>"
    assert split.index(b"<!doctype") < upload.CHUNK < split.index(b"<!doctype") + 9
    _refused(_rezip(_good(), replace={sheet: split}), "xml_entities")
    entity_only = b'<?xml version="1.0"?><x><!ENTITY y "z"></x>'
    _refused(_rezip(_good(), replace={sheet: entity_only}), "xml_entities")
    # UTF-16 would hide "<!DOCTYPE" from a byte scan: XML parts must be UTF-8.
    utf16 = BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
    _refused(_rezip(_good(), replace={sheet: utf16}), "xml_encoding", DAMAGED)


def test_a_well_formed_zip_with_a_broken_sheet_is_refused_when_read():
    broken = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
             b'<dimension ref="A1:A2"/><sheetData><row r="1"><c r="A1" t="n"><v>not a number</v></c></row>'
    _refused(_rezip(_good(), replace={"xl/worksheets/sheet1.xml": broken}), "bad_sheet", DAMAGED)


def test_nothing_but_upload_refused_escapes_from_damaged_files():
    good = _good()
    rng = random.Random(2026)
    for _ in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            with read_workbook(bytes(data)) as book:
                for name in book.sheet_names:
                    list(book.rows(name))
        except UploadRefused as refused:
            assert refused.message


def test_nothing_but_upload_refused_escapes_from_damaged_xml_inside_a_sound_zip():
    good = _good()
    names = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml",
             "xl/_rels/workbook.xml.rels"]
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        parts = {n: zf.read(n) for n in names}
    rng = random.Random(7)
    outcomes = set()
    for _ in range(60):
        name = rng.choice(names)
        xml = bytearray(parts[name])
        for _ in range(rng.randint(1, 3)):
            xml[rng.randrange(len(xml))] = rng.choice(b'<>"/=&; x\x00')
        try:
            with read_workbook(_rezip(good, replace={name: bytes(xml)})) as book:
                for sheet in book.sheet_names:
                    list(book.rows(sheet))
            outcomes.add("read")
        except UploadRefused as refused:
            outcomes.add(refused.reason)
    assert len(outcomes) > 2  # the mutations reached more than one layer
