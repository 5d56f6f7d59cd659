"""Charts of the compilation as SVG strings: pure functions, no Django, no database.

Both charts are accessible images: ``role="img"``, a ``<title>`` and a ``<desc>`` that states
every number, so a screen reader (and the PDF's text layer) gets what the picture shows. The
colours of the positions have at least 4.5:1 contrast against the white numbers written on
them (and so more than 3:1 against the white page); the legend names each colour in words.
"""

from xml.sax.saxutils import escape, quoteattr

# The positions in the order the bars are stacked, with their Swedish names and colours.
STANCE_ORDER = (
    "tillstyrker",
    "tillstyrker_med_synpunkter",
    "delvis_avstyrker",
    "avstyrker",
    "inga_synpunkter",
    "avstår",
    "berörs_inte",
    "oklart",
)
STANCE_LABELS = {
    "tillstyrker": "Tillstyrker",
    "tillstyrker_med_synpunkter": "Tillstyrker med synpunkter",
    "delvis_avstyrker": "Avstyrker delvis",
    "avstyrker": "Avstyrker",
    "inga_synpunkter": "Inga synpunkter",
    "avstår": "Avstår",
    "berörs_inte": "Berörs inte",
    "oklart": "Oklart",
}
STANCE_COLOURS = {
    "tillstyrker": "#1b5e20",
    "tillstyrker_med_synpunkter": "#00796b",
    "delvis_avstyrker": "#a04a00",
    "avstyrker": "#b71c1c",
    "inga_synpunkter": "#455a64",
    "avstår": "#6a1b9a",
    "berörs_inte": "#1f4e9c",
    "oklart": "#3e3e3e",
}

FONT = "DejaVu Sans, Arial, sans-serif"
FONT_SIZE = 12
CHAR_WIDTH = 7.8  # a generous average width of a character at FONT_SIZE, for layout
TEXT = "#1a1a1a"

# The heat map's scale, from one point (light) to the most points (dark).
HEAT_LIGHT = (222, 235, 247)
HEAT_DARK = (8, 48, 107)
EMPTY_CELL = "#f4f5f7"


def _svg(
    width: float, height: float, title: str, desc: str, body: list[str], *, full_label: bool
) -> str:
    label = desc if full_label else title
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f"aria-label={quoteattr(label)} font-family={quoteattr(FONT)} "
            f'font-size="{FONT_SIZE}">',
            f"<title>{escape(title)}</title>",
            f"<desc>{escape(desc)}</desc>",
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            *body,
            "</svg>",
        ]
    )


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f" {name.replace('_', '-')}={quoteattr(v)}" for name, v in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def stance_by_kind_svg(
    stance_by_kind: dict[str, dict[str, int]], *, title: str, full_label: bool = False
) -> str:
    """Horizontal stacked bars: one bar per kind of body, one segment per position.

    ``full_label`` puts the numbers in the accessible name too, for documents (a tagged PDF
    takes its figure's alternative text from ``aria-label``); pages keep the title there.
    """
    kinds = list(stance_by_kind)
    used = [s for s in STANCE_ORDER if any(row.get(s) for row in stance_by_kind.values())]
    used += sorted({s for row in stance_by_kind.values() for s in row if row[s]} - set(used))
    label_width = max(min(max((len(k) for k in kinds), default=0), 32) * CHAR_WIDTH + 16, 100)
    bar_width, row_height, bar_height, top = 420.0, 30.0, 20.0, 10.0
    width = label_width + bar_width + 50
    largest = max((sum(row.values()) for row in stance_by_kind.values()), default=0) or 1
    unit = bar_width / largest

    body: list[str] = []
    descriptions: list[str] = []
    for index, kind in enumerate(kinds):
        row = stance_by_kind[kind]
        y = top + index * row_height
        total = sum(row.values())
        body.append(
            _text(label_width - 8, y + 14.5, _shorten(kind, 32), text_anchor="end", fill=TEXT)
        )
        x = label_width
        parts = []
        for stance in used:
            count = row.get(stance, 0)
            if not count:
                continue
            label = STANCE_LABELS.get(stance, stance)
            parts.append(f"{label.lower()} {count}")
            segment = count * unit
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{segment:.1f}" height="{bar_height}" '
                f'fill="{STANCE_COLOURS.get(stance, "#3e3e3e")}" stroke="#ffffff" '
                f'stroke-width="1"><title>{escape(f"{kind}: {label} {count}")}</title></rect>'
            )
            if segment >= len(str(count)) * CHAR_WIDTH + 6:
                body.append(
                    _text(x + segment / 2, y + 14.5, str(count), text_anchor="middle",
                          fill="#ffffff", font_weight="bold")
                )  # fmt: skip
            x += segment
        body.append(_text(x + 6, y + 14.5, str(total), fill=TEXT))
        descriptions.append(
            f"{kind}: {_plural(total, 'remissinstans', 'remissinstanser')}"
            + (f" ({', '.join(parts)})" if parts else "")
        )

    legend_top = top + max(len(kinds), 1) * row_height + 12
    x, y = 10.0, legend_top
    for stance in used:
        label = STANCE_LABELS.get(stance, stance)
        item_width = 22 + len(label) * CHAR_WIDTH + 18
        if x + item_width > width and x > 10:
            x, y = 10.0, y + 22
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" '
            f'fill="{STANCE_COLOURS.get(stance, "#3e3e3e")}"/>'
        )
        body.append(_text(x + 20, y + 11.5, label, fill=TEXT))
        x += item_width
    height = y + 24 if used else legend_top
    if not kinds:
        body.append(_text(10, top + 14.5, "Inga ställningstaganden ännu.", fill=TEXT))
        descriptions.append("Inga ställningstaganden ännu.")
    desc = f"{title}. " + "; ".join(descriptions) + "."
    return _svg(width, height, title, desc, body, full_label=full_label)


def _heat_colour(count: int, largest: int) -> tuple[str, str]:
    """The cell's fill and the colour of its number (white on dark cells)."""
    share = count / largest if largest > 1 else 1.0
    share = 0.25 + 0.75 * share  # even one point is clearly visible
    rgb = [round(lo + (hi - lo) * share) for lo, hi in zip(HEAT_LIGHT, HEAT_DARK, strict=True)]
    fill = "#" + "".join(f"{value:02x}" for value in rgb)
    ink = max(("#ffffff", TEXT), key=lambda colour: contrast(fill, colour))
    return fill, ink


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours written as #rrggbb."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def heat_map_svg(
    heat_map: dict[str, dict[str, int]], *, title: str, full_label: bool = False
) -> str:
    """A grid of parts (rows) and bodies (columns); darker cells hold more points."""
    sections = list(heat_map)
    bodies = list(dict.fromkeys(body for row in heat_map.values() for body in row))
    cell = 34.0
    label_width = min(max((len(s) for s in sections), default=8), 44) * CHAR_WIDTH + 14
    header = min(max((len(b) for b in bodies), default=8), 28) * CHAR_WIDTH * 0.72 + 24
    width = label_width + max(len(bodies), 1) * cell + header * 0.75 + 10
    height = header + max(len(sections), 1) * cell + 10
    largest = max((n for row in heat_map.values() for n in row.values()), default=0)

    body: list[str] = []
    for column, name in enumerate(bodies):
        x = label_width + column * cell + cell / 2
        body.append(
            f'<text x="{x:.1f}" y="{header - 8:.1f}" fill="{TEXT}" '
            f'transform="rotate(-45 {x:.1f} {header - 8:.1f})">'
            f"<title>{escape(name)}</title>{escape(_shorten(name, 28))}</text>"
        )
    descriptions = []
    for row_index, section in enumerate(sections):
        y = header + row_index * cell
        body.append(
            f'<text x="{label_width - 8:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" '
            f'fill="{TEXT}"><title>{escape(section)}</title>'
            f"{escape(_shorten(section, 44))}</text>"
        )
        counts = []
        for column, name in enumerate(bodies):
            count = heat_map[section].get(name, 0)
            x = label_width + column * cell
            fill, ink = _heat_colour(count, largest) if count else (EMPTY_CELL, TEXT)
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="2"/>'
            )
            if count:
                counts.append(f"{name} {count}")
                body.append(
                    _text(x + cell / 2, y + cell / 2 + 4, str(count), text_anchor="middle",
                          fill=ink, font_weight="bold")
                )  # fmt: skip
        descriptions.append(f"{section}: {', '.join(counts) if counts else 'inga synpunkter'}")
    if not sections:
        body.append(_text(10, header, "Inga synpunkter ännu.", fill=TEXT))
        descriptions.append("Inga synpunkter ännu")
    desc = f"{title}. Antal synpunkter per avsnitt och remissinstans. " + "; ".join(descriptions)
    return _svg(width, height, title, desc + ".", body, full_label=full_label)
