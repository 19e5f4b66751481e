"""Draws the app icons and the favicon once; the PNG/ICO files are committed, so serving needs no Pillow.

    python scripts/make_icons.py

A white 工 (from the shipped Noto Sans SC subset) on the brand red of app.css (--brand). The maskable icon
keeps the glyph inside the central 80 % safe zone, since launchers crop it to a circle or a squircle.
Pillow comes with fpdf2, a dependency already.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "src/lingong/data/fonts/NotoSansSC-Bold.subset.ttf"
OUT = ROOT / "src/lingong/static/lingong/icons"
BRAND = (0xC8, 0x10, 0x2E)  # app.css --brand
WHITE = (255, 255, 255)
GLYPH = "工"


def draw(size: int, *, rounded: bool, glyph_share: float) -> Image.Image:
    """A square icon: rounded corners for the "any" icons, full bleed for the maskable one."""
    scale = 4  # draw large, then downsample, for smooth edges at every size
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 22 // 100, fill=BRAND)
    else:
        pen.rectangle((0, 0, big, big), fill=BRAND)
    font = ImageFont.truetype(str(FONT), int(big * glyph_share))
    left, top, right, bottom = pen.textbbox((0, 0), GLYPH, font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    pen.text((x, y), GLYPH, font=font, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, rounded=True, glyph_share=0.62).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, rounded=False, glyph_share=0.46).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS draws its own rounded corners and shows transparency as black: full bleed.
    draw(180, rounded=False, glyph_share=0.58).convert("RGB").save(
        OUT / "apple-touch-icon.png", optimize=True
    )
    draw(32, rounded=True, glyph_share=0.70).save(OUT / "favicon-32.png", optimize=True)
    favicon = draw(48, rounded=True, glyph_share=0.70)
    favicon.save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
