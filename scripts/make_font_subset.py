#!/usr/bin/env python3
"""Rebuild the CJK fonts shipped in src/lingong/data/fonts/ (Noto Sans SC subsets, SIL OFL 1.1).

Usage (from the repository root, with the project venv so fontTools is importable):

    .venv/bin/python scripts/make_font_subset.py                   # fetches Debian's fonts-noto-cjk
    .venv/bin/python scripts/make_font_subset.py --source-dir DIR  # DIR holds NotoSansCJK-{Regular,Bold}.ttc

Source: Debian package ``fonts-noto-cjk`` (upstream googlefonts/noto-cjk, Sans 2.004). Without
``--source-dir`` the script runs ``apt-get download fonts-noto-cjk`` and ``dpkg -x`` in a temporary
folder (no root needed). The Simplified Chinese face ("Noto Sans CJK SC", index 2 of the .ttc) is
taken and subset with fontTools to:

* ASCII, Latin-1 supplement, general punctuation, currency symbols, letterlike symbols, number forms,
  arrows, mathematical operators, enclosed alphanumerics, geometric shapes, check marks, CJK symbols
  and punctuation, half- and full-width forms (only what the font has);
* every character of GB 2312 (rows 1-9 symbols and all 6,763 hanzi, enumerated via Python's codec);
* a short list of name characters outside GB 2312 that are common in given names;
* every non-ASCII character found in src/lingong/data/**/*.json (reference data, demo names and the
  contract templates).

The CFF (CID-keyed) outlines are then converted to TrueType quadratic outlines (fontTools cu2qu,
max error 2 units of 1000: invisible at print sizes, and each weight stays under 2 MiB).
fpdf2 can embed CID-keyed CFF, but it does so with an embedded encoding
CMap that text extractors such as pypdf misread (they insert a space between every character);
as TrueType the font takes fpdf2's standard path (CIDFontType2, Identity-H, CIDToGIDMap, ToUnicode),
which viewers and extractors handle well. Hinting, layout tables and vertical metrics are dropped because PDF
output uses none of them. The output is byte-for-byte reproducible for the same input (no timestamp
is recalculated). fpdf2 subsets the font again for each document it writes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "lingong" / "data"
OUT_DIR = DATA_DIR / "fonts"
SC_FACE_INDEX = 2  # NotoSansCJK-*.ttc: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
WEIGHTS = ("Regular", "Bold")

# Characters common in given names but missing from GB 2312 (all are in GBK / the 2013 通用规范汉字表).
EXTRA_NAME_HANZI = (
    "喆堃镕赟玥珺琇偲淏焜垚犇淼彧翀燊旻晞昇璟瑄琬甯珏玟玹昉暐曌熠"
    "昕晟钰祎祺禛歆泓涴溦烜焓煊熳燚珅珩琤琦琨瑀瑢璇璐璘瓅"
    "皛睿砚祐禔穆筠箐绮缇罡羿翊翾聿芃芮苒茜荪菁萩葳蓁蔚薇"
    "郗邰邬乂亓仝佘佟侬倞偈儁冼冯刘勍卲厍叡吕姝娉娴婕媖媛嫣孛宓"
    "岚峣崧嵘巍彤徐怿恂恪悆惇慜懿戬昀昶晁晏晖晙暄曦朔朗杲枫柘栎"
    "桢梓楠槿橦檀沄沅泷洹浍涓淇湉滢漪澍濠炅炟焱煦熹燏犀玙玚玠"
)


def gb2312_characters() -> set[str]:
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def data_characters(data_dir: Path) -> set[str]:
    chars: set[str] = set()
    for path in sorted(data_dir.rglob("*.json")):
        text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        chars.update(c for c in text if ord(c) > 0x7F)
    return chars


def wanted_codepoints(data_dir: Path) -> set[int]:
    ranges = [
        (0x0020, 0x007E),  # ASCII
        (0x00A0, 0x00FF),  # Latin-1 supplement (punctuation, ×, ÷, ¥, ·)
        (0x2000, 0x206F),  # general punctuation (— ‘ ’ “ ” … ‰ ※)
        (0x20A0, 0x20CF),  # currency symbols (€)
        (0x2100, 0x214F),  # letterlike symbols (℃ №)
        (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ)
        (0x2190, 0x21FF),  # arrows
        (0x2200, 0x22FF),  # mathematical operators (− ≤ ≥ used in tax explanations)
        (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
        (0x25A0, 0x25FF),  # geometric shapes (□ ■ ○ ●; □ replaces characters no font has)
        (0x2713, 0x2714),  # check marks
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0xFF00, 0xFFEF),  # half-width and full-width forms
    ]
    cps: set[int] = set()
    for start, end in ranges:
        cps.update(range(start, end + 1))
    chars = gb2312_characters() | set(EXTRA_NAME_HANZI) | data_characters(data_dir)
    cps.update(ord(c) for c in chars)
    return cps


def fetch_debian_fonts(workdir: Path) -> Path:
    subprocess.run(["apt-get", "download", "fonts-noto-cjk"], cwd=workdir, check=True)  # noqa: S607
    debs = sorted(workdir.glob("fonts-noto-cjk_*.deb"))
    if not debs:
        raise SystemExit("apt-get download produced no fonts-noto-cjk .deb")
    extracted = workdir / "root"
    subprocess.run(["dpkg", "-x", str(debs[-1]), str(extracted)], check=True)  # noqa: S603, S607
    print(f"source package: {debs[-1].name}")
    return extracted / "usr" / "share" / "fonts" / "opentype" / "noto"


def cff_to_truetype(font: TTFont, max_err: float = 2.0) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (after fontTools' otf2ttf snippet)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    font["post"].formatType = 3.0  # no glyph names: CID-keyed sources have none worth keeping
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def make_subset(source: Path, target: Path, codepoints: set[int]) -> None:
    font = TTFont(source, fontNumber=SC_FACE_INDEX, recalcTimestamp=False, lazy=False)
    family = font["name"].getDebugName(4)
    if "CJK SC" not in (family or ""):
        raise SystemExit(f"{source}: face {SC_FACE_INDEX} is {family!r}, expected Noto Sans CJK SC")
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 14]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    cff_to_truetype(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    covered = len(font.getBestCmap())
    print(f"{target}: {covered} characters, {target.stat().st_size:,} bytes")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source-dir", type=Path, help="folder holding NotoSansCJK-{Regular,Bold}.ttc")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    codepoints = wanted_codepoints(DATA_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        source_dir = args.source_dir or fetch_debian_fonts(Path(tmp))
        for weight in WEIGHTS:
            make_subset(
                source_dir / f"NotoSansCJK-{weight}.ttc",
                args.out_dir / f"NotoSansSC-{weight}.subset.ttf",
                codepoints,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
