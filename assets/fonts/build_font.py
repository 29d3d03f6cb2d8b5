"""Rebuilds Tideline's two bundled fonts from Debian's Noto packages, reproducibly.

    apt-get install fonts-noto-cjk fonts-noto-core && pip install fonttools
    python3 assets/fonts/build_font.py        # from the repository root; takes a few minutes

It writes, in the order a text renderer should fall back through them:

1. TidelineSans.ttf: Noto Sans Regular (fonts-noto-core) cut to the alphabets below: Latin
   with Latin-1, Extended-A, -B, -C, -D, -E and Extended Additional (Vietnamese, Polish,
   Turkish, romanised Japanese with macrons: o-macron, u-macron), IPA and spacing modifiers,
   the combining marks blocks, Greek, Cyrillic with its Supplement and Extended-A/B/C (the
   letters of Ukrainian, Kazakh, Tatar, Yakut, Nivkh, ...), punctuation, super- and
   subscripts, currency, letterlike symbols and number forms.
2. TidelineSansCJK.otf: Noto Sans CJK JP Regular (fonts-noto-cjk, face 0 of the collection)
   cut to every character of JIS X 0208, GB 2312, KS X 1001 and Big5 (read from Python's
   codecs, so no table is copied here), the whole CJK Unified Ideographs block (U+4E00-9FFF:
   all common Japanese kanji, simplified and traditional hanzi and Korean hanja), all 11,172
   Hangul syllables with the jamo blocks, kana with its extensions and half-width forms,
   bopomofo, CJK punctuation, radicals, enclosed and compatibility forms, full-width forms,
   arrows, box drawing, geometric shapes (the play and step triangles) and the symbols
   Noto Sans CJK draws.

Every character found in scenarios/*.ron, maps/*.geojson and src/**/*.rs is added to the
font that has it (CJK first), so the shipped content always draws; tests/glyphs.rs checks
that, and `tideline validate` warns about characters neither font draws.

Both fonts drop hinting (egui does not use it) and OpenType layout rules except kerning
(egui lays text out glyph by glyph, without shaping), which keeps the CJK font from pulling
in thousands of vertical, traditional and expert alternates. CFF subroutines are kept: they
halve the CJK file.

The output depends only on the two source files, this script, fontTools' version and the
repository's text: head.modified is left as in the source font, so two runs give the same
bytes (the script prints each file's SHA-256 to compare).
"""

import hashlib
import pathlib

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "assets" / "fonts"
NOTO_SANS = pathlib.Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
NOTO_SANS_CJK = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# Face 0 of the collection is the Japanese (JP) one: kanji drawn in Japanese forms.
CJK_FACE = 0

SANS_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B
    (0x0250, 0x02AF),  # IPA Extensions
    (0x02B0, 0x02FF),  # Spacing Modifier Letters
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x04FF),  # Cyrillic
    (0x0500, 0x052F),  # Cyrillic Supplement
    (0x1AB0, 0x1AFF),  # Combining Diacritical Marks Extended
    (0x1C80, 0x1C8F),  # Cyrillic Extended-C
    (0x1DC0, 0x1DFF),  # Combining Diacritical Marks Supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x1F00, 0x1FFF),  # Greek Extended
    (0x2000, 0x206F),  # General Punctuation
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x20D0, 0x20FF),  # Combining Marks for Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2150, 0x218F),  # Number Forms
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0x2DE0, 0x2DFF),  # Cyrillic Extended-A
    (0xA640, 0xA69F),  # Cyrillic Extended-B
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xAB30, 0xAB6F),  # Latin Extended-E
    (0xFB00, 0xFB06),  # Latin ligatures
    (0xFE20, 0xFE2F),  # Combining Half Marks
]

CJK_RANGES = [
    (0x0020, 0x007E),  # Basic Latin, so the CJK font also stands alone
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2190, 0x21FF),  # Arrows
    (0x2460, 0x24FF),  # Enclosed Alphanumerics
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes (play and step triangles)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (warning sign, stars)
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions (Ainu)
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months
    (0x3300, 0x33FF),  # CJK Compatibility (units such as km)
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7A3),  # Hangul Syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo Extended-B
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

# National character sets whose every character the CJK font keeps: (codec, lead bytes, trail bytes).
DOUBLE_BYTE = list(range(0xA1, 0xFF))
CJK_CHARSETS = [
    ("euc_jp", DOUBLE_BYTE, DOUBLE_BYTE),  # JIS X 0208 (two-byte EUC-JP)
    ("gb2312", DOUBLE_BYTE, DOUBLE_BYTE),  # GB 2312
    ("euc_kr", DOUBLE_BYTE, DOUBLE_BYTE),  # KS X 1001
    ("big5", list(range(0xA1, 0xFA)), list(range(0x40, 0x7F)) + DOUBLE_BYTE),  # Big5
]

CONTENT_GLOBS = ("scenarios/*.ron", "maps/*.geojson", "src/**/*.rs")


def expand(ranges):
    return {cp for lo, hi in ranges for cp in range(lo, hi + 1)}


def charset(codec, leads, trails):
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.update(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass
    return {ord(c) for c in chars}


def content_codepoints():
    chars = set()
    for pattern in CONTENT_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            with path.open(encoding="utf-8") as f:
                for chunk in iter(lambda: f.read(1 << 20), ""):
                    chars.update(chunk)
    return {ord(c) for c in chars if ord(c) >= 0x80}


def cmap_of(path, face):
    return set(TTFont(path, fontNumber=face, lazy=True).getBestCmap())


def build(source, face, codepoints, target, layout_features):
    options = subset.Options()
    options.layout_features = layout_features
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(source, fontNumber=face, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    font.recalcTimestamp = False
    font.save(target)
    kept = len(set(TTFont(target).getBestCmap()))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"{target.name}: {target.stat().st_size} bytes, {kept} characters, sha256 {digest}")


def main():
    cjk_available = cmap_of(NOTO_SANS_CJK, CJK_FACE)
    sans_available = cmap_of(NOTO_SANS, 0)
    cjk_wanted = expand(CJK_RANGES)
    for codec, leads, trails in CJK_CHARSETS:
        cjk_wanted |= charset(codec, leads, trails)
    sans_wanted = expand(SANS_RANGES)
    content = content_codepoints()
    cjk_wanted |= content & cjk_available
    sans_wanted |= (content - cjk_available) & sans_available
    missing = sorted(content - cjk_available - sans_available)
    if missing:
        print("no source font draws:", " ".join(f"U+{cp:04X}" for cp in missing))
    build(NOTO_SANS, 0, sans_wanted & sans_available, OUT_DIR / "TidelineSans.ttf", ["kern"])
    build(NOTO_SANS_CJK, CJK_FACE, cjk_wanted & cjk_available, OUT_DIR / "TidelineSansCJK.otf", [])


if __name__ == "__main__":
    main()
