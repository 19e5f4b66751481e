"""The PDF document builder: fonts, layout, determinism and text extraction (no database needed)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fontTools import ttLib
from pypdf import PdfReader

from lingong.core import pdf as pdfmod
from lingong.core.pdf import (
    FONT_FILES,
    MISSING_GLYPH,
    PdfDocument,
    chinese_number,
    format_date_cn,
    format_datetime_cn,
    format_decimal,
    format_yuan,
    shipped_codepoints,
    wrap_text,
)

SH = ZoneInfo("Asia/Shanghai")
CREATED = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=SH)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def extract_text(pdf_bytes: bytes) -> str:
    """All pages' text, as pypdf reads it through the fonts' ToUnicode maps."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sample(footer: str = "文档摘要 0123abcd", **kwargs: object) -> PdfDocument:
    doc = PdfDocument(title="测试文档", created_at=CREATED, footer_text=footer, **kwargs)  # type: ignore[arg-type]
    doc.title("测试文档标题")
    doc.subtitle("编号：T-001")
    doc.heading("一、基本信息")
    doc.key_value_table(
        [("姓名", "张三"), ("身份证号码", "130202********1234"), ("地址", "唐山市路南区" * 20)]
    )
    for _ in range(12):
        doc.clause("条款标题", ["这是一个很长的段落，用于检验自动换行与分页是否正常。" * 6])
    doc.signature_block([["甲方（签章）：某某公司", "日期：＿＿年＿＿月＿＿日"], ["乙方（签字）：张三"]])
    return doc


def test_shipped_fonts_exist_and_are_small() -> None:
    for path in FONT_FILES.values():
        assert path.is_file()
        assert path.stat().st_size < 3 * 1024 * 1024
    assert (FONT_FILES[""].parent / "OFL.txt").is_file()
    covered = shipped_codepoints()
    assert len(covered) > 7000
    for ch in "劳务协议甲乙方，。“”（）：；、①—…￥¥×－−≤□喆":
        assert ord(ch) in covered, ch
    # All 6,763 GB 2312 hanzi.
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            assert ord(ch) in covered, ch


def test_text_is_extractable_and_pages_are_numbered() -> None:
    data = sample().output()
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 2
    text = extract_text(data)
    assert "测试文档标题" in text
    assert "第一条" in text and "第十二条" in text
    assert "130202********1234" in text
    for n in range(1, pages + 1):
        assert f"第 {n} 页 / 共 {pages} 页" in reader.pages[n - 1].extract_text()
        assert "文档摘要 0123abcd" in reader.pages[n - 1].extract_text()
    # The shipped font is embedded (subset), as TrueType with a ToUnicode map.
    fonts = reader.pages[0]["/Resources"]["/Font"]
    font = next(iter(fonts.values())).get_object()
    assert "/ToUnicode" in font
    descendant = font["/DescendantFonts"][0].get_object()
    assert descendant["/Subtype"] == "/CIDFontType2"
    assert "/FontFile2" in descendant["/FontDescriptor"]


def test_output_is_deterministic() -> None:
    first = sample().output()
    second = sample().output()
    assert first == second
    reader = PdfReader(io.BytesIO(first))
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20260305093000+08'00'"
    assert reader.metadata["/Producer"] == pdfmod.PRODUCER
    other = sample(footer="另一个摘要").output()
    assert other != first
    assert PdfReader(io.BytesIO(other)).trailer["/ID"][0] != reader.trailer["/ID"][0]


def _fpdf2_add_font(
    pdf: object, family: str, style: str, path: Path, *, collection_font_number: int = 0
) -> None:
    """fpdf2's own add_font, the font parsed for this document alone."""
    pdf.add_font(family, style, str(path), collection_font_number=collection_font_number)  # type: ignore[attr-defined]


def _plain_add_font(
    pdf: object, family: str, style: str, path: Path, *, collection_font_number: int = 0
) -> None:
    """fpdf2's own add_font with the one option ours changes: the subset keeps each glyph's stored bounding
    box instead of recomputing it (``recalcBBoxes=False``)."""
    _fpdf2_add_font(pdf, family, style, path, collection_font_number=collection_font_number)
    font = pdf.fonts[f"{family.lower()}{style}"]  # type: ignore[attr-defined]
    font.ttfont = ttLib.TTFont(
        path, recalcTimestamp=False, recalcBBoxes=False, fontNumber=collection_font_number, lazy=True
    )


def _embedded_outlines(data: bytes) -> dict[str, list[tuple[str, list[tuple[int, int]], list[int]]]]:
    """Each embedded font's glyphs as drawn: name, outline points and contour ends (composite glyphs
    flattened), by font name."""
    fonts: dict[str, list[tuple[str, list[tuple[int, int]], list[int]]]] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            stream = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
            tt = ttLib.TTFont(io.BytesIO(stream))
            glyf = tt["glyf"]
            glyphs = []
            for name in tt.getGlyphOrder():
                coords, ends, _flags = glyf[name].getCoordinates(glyf)
                glyphs.append((name, [tuple(p) for p in coords], list(ends)))
            fonts[str(font["/BaseFont"])] = glyphs
    return fonts


def _with_fallback() -> PdfDocument:
    doc = sample(fallback_fonts=[(DEJAVU, 0)] if DEJAVU.is_file() else ())
    doc.paragraph("雪人 ☃ 到了")
    return doc


def test_fonts_parsed_once_give_the_same_bytes_as_fonts_parsed_per_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fonts are parsed once per process and copied into each document: every document, the first and
    the later ones, is byte for byte what fpdf2's own add_font gives, and one document's characters do not
    leak into the next one's font subset."""
    pdfmod._parsed_fonts.clear()
    first, second = _with_fallback().output(), _with_fallback().output()
    short = PdfDocument(title="t", created_at=CREATED, fallback_fonts=())
    short.paragraph("短")
    short_bytes = short.output()
    monkeypatch.setattr(pdfmod, "add_parsed_font", _plain_add_font)
    plain = _with_fallback().output()
    plain_short = PdfDocument(title="t", created_at=CREATED, fallback_fonts=())
    plain_short.paragraph("短")
    assert first == second == plain
    assert short_bytes == plain_short.output()
    assert len(short_bytes) < len(first) / 2  # the subset holds its own characters only


def test_keeping_the_glyphs_stored_boxes_draws_what_fpdf2_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not recomputing each glyph's bounding box (which made fontTools decode and re-encode every glyph of
    the subset: half of a contract's rendering time) changes no glyph: the same text, and every embedded
    glyph with the same outline as in fpdf2's default output."""
    ours = _with_fallback().output()
    monkeypatch.setattr(pdfmod, "add_parsed_font", _fpdf2_add_font)
    theirs = _with_fallback().output()
    assert extract_text(ours) == extract_text(theirs)
    outlines = _embedded_outlines(ours)
    assert outlines == _embedded_outlines(theirs)
    assert sum(len(glyphs) for glyphs in outlines.values()) > 50  # the sample's characters are there


def test_missing_glyph_without_fallback_is_replaced_not_raised() -> None:
    doc = PdfDocument(title="t", created_at=CREATED, fallback_fonts=())
    doc.paragraph("王𠮷 李喆 ☃ 😀")
    data = doc.output()
    assert doc.missing_characters == {"𠮷", "☃", "😀"}
    text = extract_text(data)
    assert "王" + MISSING_GLYPH in text
    assert "李喆" in text


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed")
def test_missing_glyph_uses_system_fallback_font() -> None:
    doc = PdfDocument(title="t", created_at=CREATED, fallback_fonts=[(DEJAVU, 0)])
    doc.paragraph("雪人 ☃ 到了")
    data = doc.output()
    assert doc.missing_characters == set()
    assert "☃" in extract_text(data)
    assert b"DejaVu" in data


def test_system_fallback_lookup_skips_absent_fonts() -> None:
    assert pdfmod.find_system_fallback([("/nonexistent/font.ttc", 2)]) is None
    assert pdfmod.font_codepoints("/nonexistent/font.ttc", 2) == frozenset()


def test_naive_creation_date_is_refused() -> None:
    with pytest.raises(ValueError):
        PdfDocument(title="t", created_at=datetime.datetime(2026, 3, 5, 9, 30))


def test_wrap_text_rules() -> None:
    def width(ch: str) -> float:
        return 1.0 if ord(ch) > 0x2E80 or ch in "，。（）" else 0.5

    lines = wrap_text("甲乙丙丁戊己庚辛壬癸", width, 4)
    assert lines == ["甲乙丙丁", "戊己庚辛", "壬癸"]
    # No line starts with closing punctuation: the previous character moves down with it.
    lines = wrap_text("甲乙丙丁。戊", width, 4)
    assert lines == ["甲乙丙", "丁。戊"]
    # Opening brackets do not end a line.
    lines = wrap_text("甲乙丙（丁）", width, 4)
    assert lines[0] == "甲乙丙"
    # Latin words and numbers stay whole when they can; spaces are break points.
    lines = wrap_text("编号 ABC12345 号", width, 6)
    assert "ABC12345" in "".join(lines)
    assert all(not line.startswith(" ") for line in lines)
    assert any(line == "ABC12345" or line.startswith("ABC12345") for line in lines)
    # A word longer than the line is cut rather than overflowing.
    lines = wrap_text("x" * 30, width, 5)
    assert all(len(line) <= 10 for line in lines)
    assert "".join(lines) == "x" * 30
    # Hard line breaks and the first-line indent.
    assert wrap_text("甲\n乙", width, 10) == ["甲", "乙"]
    assert wrap_text("甲乙丙丁戊己", width, 4, first_line_indent=2) == ["甲乙", "丙丁戊己"]
    assert wrap_text("", width, 4) == [""]


def test_formatting_helpers() -> None:
    assert chinese_number(1) == "一"
    assert chinese_number(10) == "十"
    assert chinese_number(13) == "十三"
    assert chinese_number(20) == "二十"
    assert chinese_number(99) == "九十九"
    assert format_date_cn(datetime.date(2026, 3, 5)) == "2026年03月05日"
    utc = datetime.datetime(2026, 3, 5, 1, 2, tzinfo=datetime.UTC)
    assert format_datetime_cn(utc) == "2026年03月05日 09:02"
    with pytest.raises(ValueError):
        format_datetime_cn(datetime.datetime(2026, 3, 5, 1, 2))
    assert format_yuan(Decimal("1234.5")) == "1,234.50 元"
    assert format_yuan(Decimal("0.005")) == "0.01 元"
    with pytest.raises(TypeError):
        format_yuan(1234.5)  # type: ignore[arg-type]
    assert format_decimal(Decimal("8.0")) == "8"
    assert format_decimal(Decimal("7.50")) == "7.5"
    assert format_decimal(Decimal("100")) == "100"


def test_long_table_row_splits_across_pages() -> None:
    doc = PdfDocument(title="t", created_at=CREATED, fallback_fonts=())
    doc.key_value_table([("很长的值", "内容" * 3000)])
    data = doc.output()
    assert doc.page_count > 2
    assert flat(extract_text(data)).count("内容") == 3000
