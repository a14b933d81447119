"""Build "Laksaman ITA": TLWG Laksaman with every troublesome Thai mark stack baked
into one composite glyph, so that WeasyPrint's PDF text layer reads back exactly.

Why: WeasyPrint (70.0, upstream Kozea/WeasyPrint#2841) maps each glyph id to the text of
its first use, gives every glyph but the last of a multi-glyph cluster an empty text, and
writes mark offsets as gaps or text rise. With the stock font, pdftotext and pdfplumber
read ดาเนินการ for ดำเนินการ, lose tone marks (คำสัง) and split words (ป ่า, ฎ / ุ).

How:
1. Shape, with HarfBuzz and the original font, every Thai consonant followed by every mark
   stack listed in STACKS, at the "monotone characters" cluster level Pango uses, and
   record the glyphs and positions the stack ends up with.
2. Every stack that shapes to more than one glyph, or to one glyph that GPOS moves, gets
   a TrueType composite glyph made of the original outlines at the measured offsets
   (advance kept: zero for marks, SARA AA's for ำ stacks).
3. New GSUB lookups, run after all of the font's own (hooked into ccmp), substitute the
   shaped glyph sequence by its composite when it follows a base that shapes it that
   way; a stack followed by a further mark is left alone. Each composite is one glyph in
   one cluster, so it maps to exactly the text it came from.
4. The family is renamed (GPL-2+ with the font exception: a modified font must not pass
   for the original), copyright and licence records are kept, the version says
   "modified", and the output is byte-identical on every run (fixed timestamps).

Run: .venv/bin/python fonts/build_font.py   (needs fontTools and uharfbuzz, build time only)
The build checks itself: it re-shapes every measured stack in context with the new font
and fails unless every outline lands where the original font puts it.
"""

from __future__ import annotations

import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "fonts" / "source"
OUTPUT_DIR = ROOT / "static" / "fonts"
# Every character both faces can print, as ranges: the register refuses any other in the
# texts it prints (thai/characters.py) without loading a font at run time.
COVERAGE_FILE = ROOT / "thai" / "report_characters.txt"

FAMILY = "Laksaman ITA"
PS_FAMILY = "LaksamanITA"
# (source file, output file, style name)
FACES = [
    ("Laksaman.ttf", "LaksamanITA-Regular.ttf", "Regular"),
    ("Laksaman-Bold.ttf", "LaksamanITA-Bold.ttf", "Bold"),
]
MODIFICATION = (
    "modified for the Rangsit ITA report: Thai mark stacks baked into composite glyphs "
    "so that PDF text extraction reads back exactly; rebuild with fonts/build_font.py"
)
# head.modified of the built fonts: a fixed date keeps rebuilds byte-identical.
# Seconds since 1904-01-01 (the OpenType epoch) for 2026-01-01T00:00:00Z.
BUILD_TIMESTAMP = 3850329600

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]  # ก..ฮ, including ฤ and ฦ
BELOW = ["\u0e38", "\u0e39", "\u0e3a"]  # ุ ู ฺ
ABOVE = ["\u0e31", "\u0e34", "\u0e35", "\u0e36", "\u0e37", "\u0e47", "\u0e4d"]  # ั ิ ี ึ ื ็ ํ
TONES = ["\u0e48", "\u0e49", "\u0e4a", "\u0e4b", "\u0e4c"]  # ่ ้ ๊ ๋ ์
SARA_AM = "\u0e33"  # ำ


def _stacks() -> list[str]:
    stacks = list(TONES)
    for vowel in BELOW + ABOVE:
        stacks.append(vowel)
        stacks.extend(vowel + tone for tone in TONES)
    stacks.append(SARA_AM)
    stacks.extend(tone + SARA_AM for tone in TONES[:4])
    return stacks


STACKS = _stacks()


@dataclass(frozen=True)
class Shaped:
    glyph: int
    cluster: int
    x_advance: int
    x_offset: int
    y_offset: int


def shape(font: hb.Font, text: str) -> list[Shaped]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font, buf, {})
    return [
        Shaped(info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


def hb_font(data: bytes) -> hb.Font:
    font = hb.Font(hb.Face(hb.Blob(data)))
    upem = font.face.upem
    font.scale = (upem, upem)
    return font


@dataclass(frozen=True)
class Composite:
    text: str  # the characters this glyph stands for
    glyphs: tuple[str, ...]  # the shaped glyph sequence it replaces
    components: tuple[tuple[str, int, int], ...]  # (glyph, x, y) relative to its origin
    advance: int


def measure(data: bytes, order: list[str]) -> dict[tuple[str, tuple[str, ...]], Composite]:
    """Map (base glyph, shaped mark glyphs) to the composite that replaces the marks."""
    font = hb_font(data)
    found: dict[tuple[str, tuple[str, ...]], Composite] = {}
    for consonant in CONSONANTS:
        for stack in STACKS:
            shaped = shape(font, consonant + stack)
            base, marks = shaped[0], shaped[1:]
            if base.cluster != 0 or not marks or any(g.cluster == 0 for g in marks):
                continue  # the font ligated the base with a mark: leave it alone
            if base.x_offset or base.y_offset:
                continue
            if len(marks) == 1 and not (marks[0].x_offset or marks[0].y_offset):
                continue  # one glyph where the font puts it: already reads back right
            pen = 0
            components = []
            for g in marks:
                components.append((order[g.glyph], pen + g.x_offset, g.y_offset))
                pen += g.x_advance
            names = tuple(order[g.glyph] for g in marks)
            composite = Composite(stack, names, tuple(components), pen)
            key = (order[base.glyph], names)
            previous = found.setdefault(key, composite)
            if previous != composite:
                raise SystemExit(f"ambiguous stack {key}: {previous.text!r} / {stack!r}")
    return found


def composite_name(composite: Composite, variant: int) -> str:
    codes = "_".join(f"{ord(c):04X}" for c in composite.text)
    return f"thai.stack.{codes}.{variant}"


def add_glyphs(font: TTFont, composites: list[Composite]) -> dict[Composite, str]:
    """Add one TrueType composite glyph per distinct composite; return their names."""
    names: dict[Composite, str] = {}
    variants: dict[str, int] = {}
    for composite in composites:
        variant = variants.get(composite.text, 0)
        variants[composite.text] = variant + 1
        names[composite] = composite_name(composite, variant)

    glyf = font["glyf"]
    hmtx = font["hmtx"]
    gdef = font["GDEF"].table.GlyphClassDef.classDefs
    font.setGlyphOrder(font.getGlyphOrder() + list(names.values()))
    glyph_set = font.getGlyphSet()
    for composite, name in names.items():
        pen = TTGlyphPen(glyph_set)
        for component, x, y in composite.components:
            pen.addComponent(component, (1, 0, 0, 1, x, y))
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[name] = glyph
        hmtx[name] = (composite.advance, glyph.xMin)
        gdef[name] = 3 if composite.advance == 0 else 1  # mark / base, like the originals
    return names


def feature_code(
    found: dict[tuple[str, tuple[str, ...]], Composite],
    names: dict[Composite, str],
    marks: list[str],
) -> str:
    """OpenType feature code: ligature lookups called from one contextual lookup."""
    # Bases that shape every stack the same way form one class.
    by_base: dict[str, dict[tuple[str, ...], Composite]] = {}
    for (base, glyphs), composite in found.items():
        by_base.setdefault(base, {})[glyphs] = composite
    groups: dict[tuple, list[str]] = {}
    for base, table in by_base.items():
        groups.setdefault(tuple(sorted(table.items())), []).append(base)

    lines = ["languagesystem DFLT dflt;", "languagesystem thai dflt;", ""]
    lines.append(f"@THAI_MARKS = [{' '.join(marks)}];")
    all_bases = sorted(by_base)
    lines.append(f"@STACK_BASES = [{' '.join(all_bases)}];")
    ordered = sorted(groups.items(), key=lambda item: sorted(item[1]))
    for index, (table, bases) in enumerate(ordered):
        lines.append(f"@STACK_BASE_{index} = [{' '.join(sorted(bases))}];")
        lines.append(f"lookup stack_ligatures_{index} {{")
        for glyphs, composite in table:
            lines.append(f"    sub {' '.join(glyphs)} by {names[composite]};")
        lines.append(f"}} stack_ligatures_{index};")
    lines.append("")
    lines.append("lookup thai_mark_stacks {")
    # Longest stacks first; a stack followed by one more mark is not complete.
    sequences = sorted({glyphs for _, glyphs in found}, key=lambda s: (-len(s), s))
    for glyphs in sequences:
        marked = " ".join(f"{g}'" for g in glyphs)
        lines.append(f"    ignore sub @STACK_BASES {marked} @THAI_MARKS;")
        for index, (table, _bases) in enumerate(ordered):
            if glyphs in dict(table):
                marked = " ".join(
                    [f"{glyphs[0]}' lookup stack_ligatures_{index}"] + [f"{g}'" for g in glyphs[1:]]
                )
                lines.append(f"    sub @STACK_BASE_{index} {marked};")
    lines.append("} thai_mark_stacks;")
    lines.append("")
    return "\n".join(lines)


def merge_gsub(font: TTFont, fea: str) -> None:
    """Compile `fea` and append its lookups after the font's own, called from ccmp."""
    original = font["GSUB"]
    del font["GSUB"]
    addOpenTypeFeaturesFromString(font, fea, tables={"GSUB"})
    extra = font["GSUB"].table
    font["GSUB"] = original
    table = original.table
    offset = len(table.LookupList.Lookup)

    for lookup in extra.LookupList.Lookup:
        if lookup.LookupType != 6:  # only chaining contextual lookups call others
            table.LookupList.Lookup.append(lookup)
            continue
        for sub in lookup.SubTable:
            for record in _subst_records(sub):
                record.LookupListIndex += offset
        table.LookupList.Lookup.append(lookup)
    table.LookupList.LookupCount = len(table.LookupList.Lookup)

    # The contextual lookup is the one to run; the ligature lookups are only called by it.
    hooked = [
        index + offset
        for index, lookup in enumerate(extra.LookupList.Lookup)
        if lookup.LookupType == 6
    ]
    ccmp = [r for r in table.FeatureList.FeatureRecord if r.FeatureTag == "ccmp"]
    if not ccmp:
        raise SystemExit("source font has no ccmp feature to hook into")
    for record in ccmp:
        record.Feature.LookupListIndex.extend(hooked)
        record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def _subst_records(sub):
    if sub.Format == 3:
        yield from sub.SubstLookupRecord
    elif sub.Format == 2:
        for rule_set in sub.ChainSubClassSet or []:
            for rule in rule_set.ChainSubClassRule if rule_set else []:
                yield from rule.SubstLookupRecord
    elif sub.Format == 1:
        for rule_set in sub.ChainSubRuleSet or []:
            for rule in rule_set.ChainSubRule if rule_set else []:
                yield from rule.SubstLookupRecord


def rename(font: TTFont, style: str) -> None:
    name = font["name"]
    version = name.getDebugName(5).strip()
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    ps_name = f"{PS_FAMILY}-{style}"
    new = {
        1: FAMILY,
        2: style,
        3: f"{ps_name};{version.removeprefix('Version ').strip()};modified",
        4: full,
        5: f"{version}; {MODIFICATION}",
        6: ps_name,
        16: FAMILY,
        17: style,
    }
    for record in name.names:
        if record.nameID in new:
            record.string = new[record.nameID]
    # Vendor and designer URLs point at the upstream project, which did not make this
    # modified copy; copyright (0), trademark (7) and licence (13, 14) records stay.
    name.names = [r for r in name.names if r.nameID not in (11, 12)]


# ---------------------------------------------------------------------------------------
# Symbols officers type that Laksaman lacks. Without them a system font (whatever is
# installed) prints them; here they are drawn in the report's own family, with the stroke
# of the face's own stems, so the regular and the bold differ as the letters do. The shapes
# are simple geometry drawn by this script (no outline is copied from another font), so
# they carry the font's own licence.

# Centre of the symbols: the height of the middle of Laksaman's own "•".
SYMBOL_AXIS = 300
# Arrows sit on the height of the middle of "+" and "=".
ARROW_AXIS = 270


def _circle(pen, cx, cy, r, clockwise):
    """A circle of 8 quadratic arcs (the off-curve point of a 45° arc lies at r/cos 22.5°)."""
    steps = range(0, -8, -1) if clockwise else range(8)
    points = []
    for k in steps:
        on = math.radians(45 * k)
        off = math.radians(45 * k + (-22.5 if clockwise else 22.5))
        far = r / math.cos(math.radians(22.5))
        points.append(
            (
                (cx + r * math.cos(on), cy + r * math.sin(on)),
                (cx + far * math.cos(off), cy + far * math.sin(off)),
            )
        )
    pen.moveTo(_round(points[0][0]))
    for index, (_on, off) in enumerate(points):
        following = points[(index + 1) % len(points)][0]
        pen.qCurveTo(_round(off), _round(following))
    pen.closePath()


def _polygon(pen, points):
    """A closed straight-edged contour; TrueType fills clockwise outer contours."""
    following = points[1:] + points[:1]
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, following, strict=True))
    if area > 0:  # counter-clockwise: turn it round
        points = points[::-1]
    pen.moveTo(_round(points[0]))
    for point in points[1:]:
        pen.lineTo(_round(point))
    pen.closePath()


def _round(point):
    return (round(point[0]), round(point[1]))


def _rectangle(x0, y0, x1, y1):
    return [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]


def _reverse_last_contour(pen):
    """Reverse the winding of the contour just drawn (TTGlyphPen keeps points in lists)."""
    start = pen.endPts[-2] + 1 if len(pen.endPts) > 1 else 0
    pen.points[start:] = [pen.points[start]] + pen.points[start + 1 :][::-1]
    pen.types[start:] = [pen.types[start]] + pen.types[start + 1 :][::-1]


def _segment(a, b, width):
    """The outline of a straight stroke from a to b, `width` wide."""
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    nx, ny = -(by - ay) / length * width / 2, (bx - ax) / length * width / 2
    return [(ax + nx, ay + ny), (bx + nx, by + ny), (bx - nx, by - ny), (ax - nx, ay - ny)]


def symbol_outlines(stroke: int) -> dict[str, tuple[int, callable]]:
    """{character: (advance, draw(pen))} for every symbol the build adds."""
    side = 60  # side bearing

    def black_circle(pen):
        _circle(pen, side + 225, SYMBOL_AXIS, 225, clockwise=True)

    def white_circle(pen):
        _circle(pen, side + 225, SYMBOL_AXIS, 225, clockwise=True)
        _circle(pen, side + 225, SYMBOL_AXIS, 225 - stroke, clockwise=False)

    def square(size, bottom, filled):
        def draw(pen):
            _polygon(pen, _rectangle(side, bottom, side + size, bottom + size))
            if not filled:
                inner = _rectangle(
                    side + stroke, bottom + stroke, side + size - stroke, bottom + size - stroke
                )
                _polygon(pen, inner)
                _reverse_last_contour(pen)

        return draw

    def check(pen):
        # Two strokes meeting at the foot, and a square over the joint to fill its notch.
        foot = (side + 200, 20)
        _polygon(pen, _segment((side + 20, 300), foot, stroke * 1.3))
        _polygon(pen, _segment(foot, (side + 560, 640), stroke * 1.3))
        half = stroke * 0.65
        _polygon(pen, _rectangle(foot[0] - half, foot[1] - half, foot[0] + half, foot[1] + half))

    def arrow(rightwards):
        length, head, half_height = 800, 260, 190

        def draw(pen):
            def x(value):  # mirror for the leftward arrow
                return side + (value if rightwards else length - value)

            shaft = [
                (x(0), ARROW_AXIS - stroke / 2),
                (x(0), ARROW_AXIS + stroke / 2),
                (x(length - head + 10), ARROW_AXIS + stroke / 2),
                (x(length - head + 10), ARROW_AXIS - stroke / 2),
            ]
            _polygon(pen, shaft)
            tip = [
                (x(length - head), ARROW_AXIS - half_height),
                (x(length), ARROW_AXIS),
                (x(length - head), ARROW_AXIS + half_height),
            ]
            _polygon(pen, tip)

        return draw

    return {
        "\u25cf": (450 + 2 * side, black_circle),  # ● black circle
        "\u25cb": (450 + 2 * side, white_circle),  # ○ white circle
        "\u25a0": (420 + 2 * side, square(420, SYMBOL_AXIS - 210, True)),  # ■
        "\u25a1": (420 + 2 * side, square(420, SYMBOL_AXIS - 210, False)),  # □
        "\u2610": (640 + 2 * side, square(640, -10, False)),  # ☐ ballot box
        "\u2713": (600 + 2 * side, check),  # ✓ check mark
        "\u2192": (800 + 2 * side, arrow(True)),  # →
        "\u2190": (800 + 2 * side, arrow(False)),  # ←
    }


def add_symbols(font: TTFont) -> None:
    cmap = font.getBestCmap()
    stem = font["glyf"][cmap[ord("I")]]
    stroke = stem.xMax - stem.xMin  # the face's own stem: thicker in the bold
    glyf, hmtx = font["glyf"], font["hmtx"]
    gdef = font["GDEF"].table.GlyphClassDef.classDefs
    symbols = symbol_outlines(stroke)
    names = {char: f"uni{ord(char):04X}" for char in symbols}
    font.setGlyphOrder(font.getGlyphOrder() + list(names.values()))
    for char, (advance, draw) in symbols.items():
        if ord(char) in cmap:
            raise SystemExit(f"source font already has {char!r}: drop it from the symbols")
        pen = TTGlyphPen(None)
        draw(pen)
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[names[char]] = glyph
        hmtx[names[char]] = (advance, glyph.xMin)
        gdef[names[char]] = 1
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update({ord(char): name for char, name in names.items()})


def build_face(source: Path, output: Path, style: str) -> tuple[int, int]:
    data = source.read_bytes()
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    order = font.getGlyphOrder()
    found = measure(data, order)
    composites = sorted(set(found.values()), key=lambda c: (c.text, c.glyphs, c.components))
    names = add_glyphs(font, composites)
    gdef = font["GDEF"].table.GlyphClassDef.classDefs
    marks = sorted(g for g in order if gdef.get(g) == 3)
    merge_gsub(font, feature_code(found, names, marks))
    add_symbols(font)
    rename(font, style)
    font["head"].modified = BUILD_TIMESTAMP
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    built = buffer.getvalue()
    verify(data, built)
    output.write_bytes(built)
    return len(composites), len(built)


class Drawer:
    """Lists every outline a font draws for a text, composites expanded, as (glyph, x, y)."""

    def __init__(self, data: bytes):
        font = TTFont(io.BytesIO(data))
        self.order = font.getGlyphOrder()
        self.glyf = font["glyf"]
        self.font = hb_font(data)

    def _expand(self, name: str, x: int, y: int, drawn: list) -> None:
        glyph = self.glyf[name]
        if glyph.isComposite():
            for component in glyph.components:
                self._expand(component.glyphName, x + component.x, y + component.y, drawn)
        else:
            drawn.append((name, x, y))

    def outlines(self, text: str) -> list[tuple[str, int, int]]:
        drawn: list[tuple[str, int, int]] = []
        pen = 0
        for g in shape(self.font, text):
            self._expand(self.order[g.glyph], pen + g.x_offset, g.y_offset, drawn)
            pen += g.x_advance
        drawn.append(("<advance>", pen, 0))
        return sorted(drawn)


def verification_text() -> list[str]:
    """Every measured stack between letters, and the words the tests check."""
    words = "ดำเนินการ ผู้ ให้ผู้ ป่า ปั้น ฝั่ง ฎุ น้ำ ค่ำ คำสั่ง ที่ สิ่ง กำนัล ประจำปี".split()
    return [c + s + "า" + c + s + "ก" for c in CONSONANTS for s in STACKS] + words


def verify(original: bytes, built: bytes) -> None:
    before, after = Drawer(original), Drawer(built)
    for chunk in verification_text():
        if before.outlines(chunk) != after.outlines(chunk):
            raise SystemExit(f"built font draws {chunk!r} differently from the original")


def main(output_dir: Path = OUTPUT_DIR, coverage_file: Path = COVERAGE_FILE) -> int:
    output_dir.mkdir(parents=True, exist_ok=True)
    for source_name, output_name, style in FACES:
        count, size = build_face(SOURCE_DIR / source_name, output_dir / output_name, style)
        print(f"{output_name}: {count} composite glyphs, {size} bytes")
    write_license(output_dir)
    write_coverage([output_dir / output for _, output, _ in FACES], coverage_file)
    return 0


def write_coverage(fonts: list[Path], coverage_file: Path) -> None:
    """Write the code points every face maps, one range ("0E01-0E3A") or point a line."""
    common = set.intersection(*(set(TTFont(font).getBestCmap()) for font in fonts))
    # Format controls (zero-width joiners, direction marks) print nothing: never text.
    common = {c for c in common if c >= 0x20 and not 0x200B <= c <= 0x200F}
    lines, points = [], sorted(common)
    start = previous = points[0]
    for point in points[1:] + [None]:
        if point is not None and point == previous + 1:
            previous = point
            continue
        lines.append(f"{start:04X}" if start == previous else f"{start:04X}-{previous:04X}")
        if point is not None:
            start = previous = point
    header = "# Characters the report font prints (both faces); written by fonts/build_font.py\n"
    coverage_file.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def write_license(output_dir: Path) -> None:
    source_license = (SOURCE_DIR / "LICENSE.txt").read_text(encoding="utf-8")
    header = (
        "Laksaman ITA (LaksamanITA-Regular.ttf, LaksamanITA-Bold.ttf)\n"
        "=============================================================\n\n"
        "Modified version of TLWG Laksaman 004.001 (fonts/source/ in this repository).\n"
        'What was modified: the family was renamed to "Laksaman ITA", and Thai mark stacks\n'
        "(tone marks over vowels, below vowels, sara am with its tone) were added as composite\n"
        "glyphs of the original outlines at the original positions, substituted through new\n"
        "GSUB lookups, so that text extracted from PDFs reads back exactly. No outline was\n"
        "changed. Eight symbols the original lacks (U+25CF U+25CB U+25A0 U+25A1 U+2610\n"
        "U+2713 U+2192 U+2190) were added as simple geometric outlines drawn by the build\n"
        "script itself, under the same licence.\n"
        "Rebuild with: python fonts/build_font.py (see fonts/README.md).\n"
        "The font exception below is extended to this modified version.\n\n"
    )
    (output_dir / "LICENSE.txt").write_text(header + source_license, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
