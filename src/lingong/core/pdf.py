"""A4 documents in Simplified Chinese over fpdf2, with the CJK font the project ships.

The builder lays out titles, paragraphs, numbered clauses (第一条 …), two-column key/value tables and a
signature block, and puts "第 x 页 / 共 y 页" plus an optional footer text (e.g. a document hash) on every
page. Line breaking is done here rather than by fpdf2 so Chinese text wraps between any two hanzi, Latin
words and numbers stay whole, and no line starts with closing punctuation (，。）” …).

Fonts: the Noto Sans SC subsets in ``lingong/data/fonts`` (GB 2312 and more, see its README). A character
outside them is drawn from the first installed system CJK font in ``SYSTEM_FALLBACK_FONTS``; when none has
it, it is replaced by "□" and recorded in ``PdfDocument.missing_characters``. Rendering never raises on
text content.

Determinism: the same calls with the same ``created_at`` give identical bytes. The creation date comes from
the caller, the producer string is fixed, streams are zlib-compressed (deterministic), fonts are subset
without timestamps, and the file /ID is fpdf2's MD5 of the finished content plus the creation date (no
random part). The one outside input is a system fallback font, used only for characters the shipped font
lacks.
"""

from __future__ import annotations

import copy
import datetime
import functools
import threading
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont, get_color_font_object

from lingong.core.money import format_yuan_text

FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"
FONT_FAMILY = "notosanssc"
FONT_FILES = {
    "": FONT_DIR / "NotoSansSC-Regular.subset.ttf",
    "B": FONT_DIR / "NotoSansSC-Bold.subset.ttf",
}
FALLBACK_FAMILY = "cjkfallback"
# (path, face index in a collection). Debian packages: fonts-noto-cjk, fonts-wqy-zenhei,
# fonts-wqy-microhei, fonts-arphic-uming.
SYSTEM_FALLBACK_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)
MISSING_GLYPH = "□"
PRODUCER = "Lingong (fpdf2)"

# Layout, in millimetres and points.
PAGE_MARGIN_X = 20.0
PAGE_MARGIN_TOP = 18.0
PAGE_MARGIN_BOTTOM = 22.0
BODY_SIZE = 10.5
BODY_LINE = 6.0
TABLE_SIZE = 10.0
TABLE_LINE = 5.6
TABLE_PAD_X = 2.0
TABLE_PAD_Y = 1.3
TEXT_COLOR = (30, 30, 30)
MUTED_COLOR = (95, 95, 95)
RULE_COLOR = (150, 150, 150)
LABEL_FILL = (242, 242, 242)

_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·％,.;:?!)]}%")
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_WORD_PUNCT = frozenset("._-/@#%+*&'")
_VARIATION_SELECTORS = frozenset([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0), 0x180B, 0x180C, 0x180D])
_NB_ALIAS = "{nb}"

FallbackFont = tuple[str | Path, int]


@functools.cache
def font_codepoints(path: str, index: int = 0) -> frozenset[int]:
    """Unicode code points a font (or a face of a collection) maps; empty if it cannot be read."""
    from fontTools.ttLib import TTFont  # fpdf2 depends on fontTools

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        try:
            return frozenset(font.getBestCmap() or {})
        finally:
            font.close()
    except Exception:  # a broken system font must not break documents
        return frozenset()


def shipped_codepoints() -> frozenset[int]:
    return font_codepoints(str(FONT_FILES[""]))


def find_system_fallback(
    candidates: Sequence[FallbackFont] = SYSTEM_FALLBACK_FONTS,
) -> tuple[str, int] | None:
    for path, index in candidates:
        if Path(path).is_file() and font_codepoints(str(path), index):
            return str(path), index
    return None


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (for clause numbers up to 99)."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _WORD_PUNCT)


def _can_break(before: str, after: str) -> bool:
    """May a line end after `before` and the next one start with `after`?"""
    if after == " ":
        return False
    if before == " ":
        return True
    if _is_word_char(before) and _is_word_char(after):
        return False
    return after not in _NO_LINE_START and before not in _NO_LINE_END


def wrap_text(
    text: str, char_width: Callable[[str], float], width: float, first_line_indent: float = 0.0
) -> list[str]:
    """Break `text` into lines no wider than `width` (the first one `width - first_line_indent`).

    Breaks are allowed between hanzi, at spaces, and around Latin words and numbers, never before closing
    or after opening punctuation; a word longer than a line is cut. "\\n" forces a break.
    """
    lines: list[str] = []
    for para in text.split("\n"):
        line: list[str] = []
        used = 0.0
        continuation = False
        for ch in para:
            w = char_width(ch)
            limit = width - (first_line_indent if not lines else 0.0)
            if not line or used + w <= limit:
                if not (ch == " " and not line and continuation):  # no leading space after a wrap
                    line.append(ch)
                    used += w
                continue
            continuation = True
            if ch == " ":
                lines.append("".join(line).rstrip())
                line, used = [], 0.0
                continue
            candidate = [*line, ch]
            pos = next(
                (i for i in range(len(candidate) - 1, 0, -1) if _can_break(candidate[i - 1], candidate[i])),
                len(line),
            )
            lines.append("".join(candidate[:pos]).rstrip())
            line = list("".join(candidate[pos:]).lstrip(" "))
            used = sum(char_width(c) for c in line)
            while len(line) > 1 and used > width:  # a carried-over tail that still overflows: cut it
                cut = len(line) - 1
                while cut > 1 and sum(char_width(c) for c in line[:cut]) > width:
                    cut -= 1
                lines.append("".join(line[:cut]))
                line = line[cut:]
                used = sum(char_width(c) for c in line)
        lines.append("".join(line).rstrip())
    return lines


_parsed_fonts: dict[tuple[str, str, int], TTFFont] = {}
_parsed_fonts_lock = threading.Lock()


def _parsed_font(pdf: FPDF, fontkey: str, style: str, path: Path, collection_font_number: int) -> TTFFont:
    """A font's parsed tables, widths of every character included, kept per process. fpdf2 parses them on
    each ``add_font`` (about 0.2 s for the CJK fonts), and a contract or a receipt is a new document each."""
    key = (style, str(path), collection_font_number)
    with _parsed_fonts_lock:
        parsed = _parsed_fonts.get(key)
    if parsed is None:
        parsed = TTFFont(pdf, path, fontkey, style, collection_font_number=collection_font_number)
        with _parsed_fonts_lock:
            parsed = _parsed_fonts.setdefault(key, parsed)
    return parsed


@functools.cache
def _glyph_order(path: str, index: int) -> tuple[str, ...]:
    font = ttLib.TTFont(path, fontNumber=index, lazy=True)
    try:
        return tuple(font.getGlyphOrder())
    finally:
        font.close()


def add_parsed_font(
    pdf: FPDF, family: str, style: str, path: Path, *, collection_font_number: int = 0
) -> None:
    """``pdf.add_font`` with the font parsed once per process. The document gets its own copy of what it
    changes while writing: its font number, the font file object (subsetting writes into it), the subset of
    characters it used and its missing glyphs; the widths and the character map are shared (read only)."""
    fontkey = f"{family.lower()}{style}"
    if fontkey in pdf.fonts:
        return
    font = copy.copy(_parsed_font(pdf, fontkey, style, path, collection_font_number))
    font.i = len(pdf.fonts) + 1
    font.fontkey = fontkey
    # recalcBBoxes=False: the subset keeps each glyph's stored bounding box. Recomputing them made fontTools
    # decode and re-encode every outline of the subset, half of a contract's rendering time; the outlines
    # drawn are the same (``test_keeping_the_glyphs_stored_boxes_draws_what_fpdf2_draws``).
    font.ttfont = ttLib.TTFont(
        path, recalcTimestamp=False, recalcBBoxes=False, fontNumber=collection_font_number, lazy=True
    )
    # The glyph names, worked out once per process: the shipped fonts carry none (a version 3 'post' table),
    # so fontTools would derive all 8,098 from the character map again for each document it subsets.
    font.ttfont.setGlyphOrder(list(_glyph_order(str(path), collection_font_number)))
    font._hbfont = None  # the HarfBuzz face, opened from the document's own font when shaping asks for it
    font.biggest_size_pt = 0
    font.missing_glyphs = []
    font.subset = SubsetMap(font)
    font.color_font = get_color_font_object(pdf, font, font.palette_index) if pdf.render_color_fonts else None
    pdf.fonts[fontkey] = font


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.str_alias_nb_pages = _NB_ALIAS
        width = self.w - 2 * PAGE_MARGIN_X
        self.set_text_color(*MUTED_COLOR)
        self.set_draw_color(*RULE_COLOR)
        self.set_line_width(0.2)
        self.line(PAGE_MARGIN_X, self.h - 17, self.w - PAGE_MARGIN_X, self.h - 17)
        if self.footer_text:
            size = 7.5
            self.set_font(FONT_FAMILY, "", size)
            while size > 5 and self.get_string_width(self.footer_text) > width:
                size -= 0.5
                self.set_font(FONT_FAMILY, "", size)
            self.set_xy(PAGE_MARGIN_X, self.h - 15.5)
            self.cell(width, 4, self.footer_text, align="C")
        self.set_font(FONT_FAMILY, "", 8)
        self.set_xy(PAGE_MARGIN_X, self.h - 11)
        self.cell(width, 4, f"第 {self.page_no()} 页 / 共 {_NB_ALIAS} 页", align="C")
        self.set_text_color(*TEXT_COLOR)


class PdfDocument:
    """Builds one A4 portrait document; call the layout methods in reading order, then `output()`."""

    def __init__(
        self,
        *,
        title: str,
        created_at: datetime.datetime,
        author: str = "零工市场平台",
        subject: str = "",
        footer_text: str = "",
        fallback_fonts: Sequence[FallbackFont] | None = None,
    ) -> None:
        if created_at.tzinfo is None:
            raise ValueError("created_at must be timezone-aware")
        self.missing_characters: set[str] = set()
        self._clause_no = 0
        self._covered = shipped_codepoints()
        self._fallback_candidates = SYSTEM_FALLBACK_FONTS if fallback_fonts is None else fallback_fonts
        self._fallback_font: tuple[str, int] | None = None
        self._fallback_covered: frozenset[int] | None = None  # looked up on the first uncovered character
        self._fallback_added = False
        self._width_cache: dict[tuple[str, str, float], float] = {}

        pdf = _Pdf(orientation="P", unit="mm", format="A4")
        self._pdf = pdf
        for style, path in FONT_FILES.items():
            add_parsed_font(pdf, FONT_FAMILY, style, path)
        pdf.footer_text = self._clean(footer_text)
        pdf.set_margins(PAGE_MARGIN_X, PAGE_MARGIN_TOP, PAGE_MARGIN_X)
        pdf.set_auto_page_break(False)
        pdf.set_creation_date(created_at)
        pdf.set_producer(PRODUCER)
        pdf.set_creator("Lingong 零工")
        pdf.set_title(title)
        pdf.set_author(author)
        if subject:
            pdf.set_subject(subject)
        pdf.set_lang("zh-CN")
        pdf.set_display_mode(zoom="fullwidth", layout="continuous")
        pdf.c_margin = 0
        self._style = ""
        self._size = BODY_SIZE
        pdf.add_page()
        pdf.set_text_color(*TEXT_COLOR)
        self._set_font("", BODY_SIZE)

    # ------------------------------------------------------------------ text coverage

    def _clean(self, text: str) -> str:
        """Normalise whitespace and make every character drawable (shipped font, fallback font or □)."""
        out: list[str] = []
        for ch in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "):
            cp = ord(ch)
            if cp in _VARIATION_SELECTORS:
                continue
            if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs"):
                continue
            if ch == "\n" or cp in self._covered:
                out.append(ch)
            elif cp in self._fallback_codepoints():
                self._use_fallback()
                out.append(ch)
            else:
                self.missing_characters.add(ch)
                out.append(MISSING_GLYPH)
        return "".join(out)

    def _fallback_codepoints(self) -> frozenset[int]:
        if self._fallback_covered is None:
            found = find_system_fallback(self._fallback_candidates)
            self._fallback_font = found
            self._fallback_covered = font_codepoints(*found) if found else frozenset()
        return self._fallback_covered

    def _use_fallback(self) -> None:
        if self._fallback_added or self._fallback_font is None:
            return
        path, index = self._fallback_font
        add_parsed_font(self._pdf, FALLBACK_FAMILY, "", Path(path), collection_font_number=index)
        self._pdf.set_fallback_fonts([FALLBACK_FAMILY], exact_match=False)
        self._fallback_added = True

    # ------------------------------------------------------------------ primitives

    def _set_font(self, style: str, size: float) -> None:
        self._style, self._size = style, size
        self._pdf.set_font(FONT_FAMILY, style, size)

    def _char_width(self, ch: str) -> float:
        key = (ch, self._style, self._size)
        width = self._width_cache.get(key)
        if width is None:
            # A character drawn by the fallback font is assumed full-width (1 em).
            covered = ord(ch) in self._covered
            width = self._pdf.get_string_width(ch) if covered else self._size * 25.4 / 72
            self._width_cache[key] = width
        return width

    def _wrap(self, text: str, width: float, indent: float = 0.0) -> list[str]:
        return wrap_text(text, self._char_width, width, indent)

    @property
    def _content_width(self) -> float:
        return self._pdf.w - 2 * PAGE_MARGIN_X

    @property
    def _bottom(self) -> float:
        return self._pdf.h - PAGE_MARGIN_BOTTOM

    def _ensure_space(self, height: float) -> None:
        if self._pdf.get_y() + height > self._bottom:
            self._pdf.add_page()
            self._set_font(self._style, self._size)

    def _text_line(
        self, x: float, y: float, width: float, height: float, text: str, align: str = "L"
    ) -> None:
        self._pdf.str_alias_nb_pages = ""  # body text is literal; only the footer counts pages
        self._pdf.set_xy(x, y)
        self._pdf.cell(width, height, text, align=align)

    def _lines(
        self,
        lines: Sequence[str],
        line_height: float,
        *,
        indent: float = 0.0,
        align: str = "L",
        x: float | None = None,
        width: float | None = None,
    ) -> None:
        x0 = PAGE_MARGIN_X if x is None else x
        w = self._content_width if width is None else width
        for i, line in enumerate(lines):
            self._ensure_space(line_height)
            offset = indent if i == 0 else 0.0
            self._text_line(x0 + offset, self._pdf.get_y(), w - offset, line_height, line, align)
            self._pdf.set_xy(x0, self._pdf.get_y() + line_height)

    def _space(self, mm: float) -> None:
        if self._pdf.get_y() + mm <= self._bottom:
            self._pdf.set_y(self._pdf.get_y() + mm)

    # ------------------------------------------------------------------ layout API

    def title(self, text: str) -> None:
        self._set_font("B", 18)
        self._lines(self._wrap(self._clean(text), self._content_width), 10, align="C")
        self._space(1.5)

    def subtitle(self, text: str) -> None:
        self._pdf.set_text_color(*MUTED_COLOR)
        self._set_font("", 9.5)
        self._lines(self._wrap(self._clean(text), self._content_width), 5.5, align="C")
        self._pdf.set_text_color(*TEXT_COLOR)
        self._space(4)

    def heading(self, text: str) -> None:
        """A section heading (not numbered)."""
        self._space(3)
        self._set_font("B", 12)
        self._ensure_space(7 + BODY_LINE)  # keep the heading with the first line below it
        self._lines(self._wrap(self._clean(text), self._content_width), 7)
        self._space(1)

    def paragraph(
        self,
        text: str,
        *,
        indent: bool = True,
        bold: bool = False,
        size: float = BODY_SIZE,
        muted: bool = False,
    ) -> None:
        """Wrapped text; `indent` sets the customary two-character first-line indent."""
        self._set_font("B" if bold else "", size)
        if muted:
            self._pdf.set_text_color(*MUTED_COLOR)
        first_indent = 2 * self._char_width("中") if indent else 0.0
        line_height = BODY_LINE * size / BODY_SIZE
        self._lines(
            self._wrap(self._clean(text), self._content_width, first_indent), line_height, indent=first_indent
        )
        if muted:
            self._pdf.set_text_color(*TEXT_COLOR)
        self._space(1.2)

    def clause(self, heading: str, paragraphs: Sequence[str] = ()) -> int:
        """A numbered clause "第N条　heading" followed by its paragraphs; returns N."""
        self._clause_no += 1
        self._space(2)
        self._set_font("B", 11)
        self._ensure_space(6.5 + BODY_LINE)
        label = f"第{chinese_number(self._clause_no)}条　{self._clean(heading)}"
        self._lines(self._wrap(label, self._content_width), 6.5)
        self._space(0.5)
        for text in paragraphs:
            self.paragraph(text)
        return self._clause_no

    def key_value_table(self, rows: Sequence[tuple[str, str]], *, label_width: float = 36.0) -> None:
        """Two bordered columns: a shaded label cell and a wrapped value cell per row."""
        self._set_font("", TABLE_SIZE)
        value_width = self._content_width - label_width
        self._pdf.set_draw_color(*RULE_COLOR)
        self._pdf.set_line_width(0.2)
        for label, value in rows:
            label_lines = self._wrap(self._clean(label), label_width - 2 * TABLE_PAD_X)
            value_lines = self._wrap(self._clean(value) or "—", value_width - 2 * TABLE_PAD_X)
            done = 0
            total = max(len(label_lines), len(value_lines))
            while done < total:
                available = self._bottom - self._pdf.get_y() - 2 * TABLE_PAD_Y
                fit = int(available // TABLE_LINE)
                if fit < 1 or (
                    done == 0 and fit < total and total * TABLE_LINE < self._bottom - PAGE_MARGIN_TOP
                ):
                    self._pdf.add_page()
                    self._set_font("", TABLE_SIZE)
                    continue
                chunk = min(fit, total - done)
                self._table_row(
                    label_lines[done : done + chunk], value_lines[done : done + chunk], label_width, chunk
                )
                done += chunk
        self._space(2)

    def _table_row(self, labels: Sequence[str], values: Sequence[str], label_width: float, n: int) -> None:
        pdf = self._pdf
        x, y = PAGE_MARGIN_X, pdf.get_y()
        height = n * TABLE_LINE + 2 * TABLE_PAD_Y
        pdf.set_fill_color(*LABEL_FILL)
        pdf.rect(x, y, label_width, height, style="DF")
        pdf.rect(x + label_width, y, self._content_width - label_width, height, style="D")
        for i, line in enumerate(labels):
            self._text_line(x + TABLE_PAD_X, y + TABLE_PAD_Y + i * TABLE_LINE, label_width, TABLE_LINE, line)
        for i, line in enumerate(values):
            self._text_line(
                x + label_width + TABLE_PAD_X,
                y + TABLE_PAD_Y + i * TABLE_LINE,
                self._content_width - label_width,
                TABLE_LINE,
                line,
            )
        pdf.set_xy(x, y + height)

    def signature_block(self, columns: Sequence[Sequence[str]]) -> None:
        """Side-by-side columns (e.g. 甲方 and 乙方) of entries; the k-th entries line up across columns.

        The block is kept on one page.
        """
        if not columns:
            return
        self._space(6)
        self._set_font("", BODY_SIZE)
        gap = 10.0
        col_width = (self._content_width - gap * (len(columns) - 1)) / len(columns)
        entries = max(len(col) for col in columns)
        rows = [
            [self._wrap(self._clean(col[k]), col_width) if k < len(col) else [] for col in columns]
            for k in range(entries)
        ]
        entry_gap = 2.5
        height = sum(max(len(cell) for cell in row) * BODY_LINE + entry_gap for row in rows)
        self._ensure_space(height)
        y = self._pdf.get_y()
        for row in rows:
            for i, cell in enumerate(row):
                x = PAGE_MARGIN_X + i * (col_width + gap)
                for j, line in enumerate(cell):
                    self._text_line(x, y + j * BODY_LINE, col_width, BODY_LINE, line)
            y += max(len(cell) for cell in row) * BODY_LINE + entry_gap
        self._pdf.set_xy(PAGE_MARGIN_X, y)
        self._space(2)

    def spacer(self, mm: float) -> None:
        self._space(mm)

    def page_break(self) -> None:
        self._pdf.add_page()
        self._set_font(self._style, self._size)

    @property
    def page_count(self) -> int:
        return self._pdf.pages_count

    def output(self) -> bytes:
        self._pdf.str_alias_nb_pages = _NB_ALIAS
        return bytes(self._pdf.output())


# ---------------------------------------------------------------------- formatting for documents

SHANGHAI = ZoneInfo("Asia/Shanghai")


def format_date_cn(value: datetime.date) -> str:
    """2026-03-05 → "2026年03月05日"."""
    return f"{value.year:04d}年{value.month:02d}月{value.day:02d}日"


def format_datetime_cn(value: datetime.datetime) -> str:
    """An aware datetime in Asia/Shanghai as "2026年03月05日 09:30"."""
    if value.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    local = value.astimezone(SHANGHAI)
    return f"{format_date_cn(local.date())} {local:%H:%M}"


def format_yuan(value: Decimal) -> str:
    """Decimal("1234.5") → "1,234.50 元" (to the fen, half up; floats are refused)."""
    if not isinstance(value, Decimal):
        raise TypeError("money must be a Decimal")
    return format_yuan_text(value)


def format_decimal(value: Decimal) -> str:
    """Decimal("8.0") → "8", Decimal("7.50") → "7.5" (no exponent)."""
    return f"{value.normalize():f}"
