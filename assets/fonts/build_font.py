"""Rebuilds assets/fonts/TidelineSansCJK.otf: Noto Sans CJK JP cut down to the characters Tideline shows.

Run from the repository root after adding text in new characters:
    apt-get install fonts-noto-cjk && pip install fonttools
    python3 assets/fonts/build_font.py
The subset keeps ASCII, Latin-1, Cyrillic, general punctuation, kana, CJK punctuation,
full-width forms, and every character found in scenarios/*.ron, maps/*.geojson and src/.
"""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TARGET = ROOT / "assets" / "fonts" / "TidelineSansCJK.otf"
RANGES = [
    (0x20, 0x7E), (0xA0, 0x17F), (0x370, 0x3FF), (0x400, 0x52F), (0x2000, 0x206F),
    (0x2100, 0x215F), (0x2190, 0x21FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
    (0x3000, 0x30FF), (0x31F0, 0x31FF), (0xFF00, 0xFFEF),
]


def content_characters():
    chars = set()
    for pattern in ("scenarios/*.ron", "maps/*.geojson", "src/**/*.rs"):
        for path in ROOT.glob(pattern):
            if path.stat().st_size > 8_000_000:
                continue
            chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if ord(c) >= 0x80}


def main():
    codepoints = {cp for lo, hi in RANGES for cp in range(lo, hi + 1)}
    codepoints |= {ord(c) for c in content_characters()}
    unicodes = ",".join(f"U+{cp:04X}" for cp in sorted(codepoints))
    # Font number 0 of the collection is the Japanese (JP) face.
    subprocess.run(
        [sys.executable, "-m", "fontTools.subset", str(SOURCE), "--font-number=0",
         f"--unicodes={unicodes}", f"--output-file={TARGET}", "--layout-features=*",
         "--no-hinting", "--desubroutinize"],
        check=True,
    )
    print(f"{TARGET}: {TARGET.stat().st_size} bytes, {len(codepoints)} code points requested")


if __name__ == "__main__":
    main()
