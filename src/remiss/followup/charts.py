"""The chart of an indicator as an SVG string: a pure function, no Django, no database.

Like the compilation's charts it is an accessible image: ``role="img"``, a ``<title>`` and a
``<desc>`` that states every yearly value, the base and the target, so a screen reader (and a
PDF's text layer) gets what the picture shows. The kinds of mark differ in shape and line
style, not only in colour: values are a solid line with round points, the base value a
square, the target a dashed line with a diamond at its year, and the legend names each in
words. Numbers are written the Swedish way (decimal comma, space between thousands).
"""

import math
from xml.sax.saxutils import escape, quoteattr

FONT = "DejaVu Sans, Arial, sans-serif"
FONT_SIZE = 12
CHAR_WIDTH = 7.2  # a generous average width of a character at FONT_SIZE, for layout
TEXT = "#1a1a1a"
GRID = "#d0d4da"
AXIS = "#4a4f57"
VALUE_COLOUR = "#1f4e9c"  # 8.3:1 against white
BASE_COLOUR = "#4a4f57"
TARGET_COLOUR = "#a04a00"  # 5.6:1 against white

WIDTH = 560.0
PLOT_HEIGHT = 180.0
TOP = 34.0
X_PAD = 20.0  # room between the axis and the first and last year


def swedish_number(value: float, *, decimals: int = 2) -> str:
    """3.5 -> "3,5"; 12000 -> "12 000"; -0.25 -> "−0,25" (at most ``decimals`` decimals)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "−0"
    text = f"{abs(rounded):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "\u00a0").replace(".", ",")
    return ("\u2212" if rounded < 0 else "") + text


def _with_unit(value: float, unit: str) -> str:
    number = swedish_number(value)
    return f"{number} {unit}" if unit else number


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def y_scale(numbers: list[float]) -> tuple[float, float, float]:
    """The axis's bottom, top and step. From 0 when the values are all positive and not
    bunched far above zero (where 0 would flatten them); else from a round value below."""
    if not numbers:
        return 0.0, 1.0, 0.25
    low, high = min(numbers), max(numbers)
    if low >= 0 and (high == 0 or low <= 0.5 * high):
        low = 0.0
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = (0.0, high + pad) if low == 0 else (low - pad, high + pad)
    step = _nice_step(high - low)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    if top == bottom:
        top = bottom + step
    return bottom, top, step


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f" {name.replace('_', '-')}={quoteattr(v)}" for name, v in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _describe(
    values: list[tuple[int, float]],
    *,
    title: str,
    unit: str,
    target: tuple[int, float] | None,
    base: tuple[int, float] | None,
) -> str:
    parts = [title.rstrip(".") + "."]
    if values:
        listed = "; ".join(f"{year}: {_with_unit(value, unit)}" for year, value in values)
        parts.append(f"Värden per år: {listed}.")
    else:
        parts.append("Inga värden ännu.")
    if base is not None:
        parts.append(f"Basvärde {base[0]}: {_with_unit(base[1], unit)}.")
    if target is not None:
        parts.append(f"Mål {target[0]}: {_with_unit(target[1], unit)}.")
    return " ".join(parts)


def indicator_chart_svg(
    values: list[tuple[int, float]],
    *,
    title: str,
    unit: str = "",
    target: tuple[int, float] | None = None,
    base: tuple[int, float] | None = None,
    full_label: bool = False,
) -> str:
    """A line of yearly values with points, the base value marked and the target dashed.

    ``full_label`` puts the description (every number) in the accessible name too, for
    documents; pages keep the title there and show the numbers in a table beside the chart.
    """
    values = sorted((int(year), float(value)) for year, value in values)
    target = (int(target[0]), float(target[1])) if target is not None else None
    base = (int(base[0]), float(base[1])) if base is not None else None
    desc = _describe(values, title=title, unit=unit, target=target, base=base)

    numbers = [value for _, value in values]
    numbers += [mark[1] for mark in (target, base) if mark is not None]
    bottom, top, step = y_scale(numbers)
    ticks = [bottom + i * step for i in range(round((top - bottom) / step) + 1)]
    tick_labels = [swedish_number(tick) for tick in ticks]
    left = max(len(label) for label in tick_labels) * CHAR_WIDTH + 14
    right = 24.0
    plot_width = WIDTH - left - right
    plot_bottom = TOP + PLOT_HEIGHT

    years = [year for year, _ in values] + [m[0] for m in (target, base) if m is not None]
    first, last = (min(years), max(years)) if years else (0, 0)

    def x_of(year: int) -> float:
        if last == first:
            return left + plot_width / 2
        return left + X_PAD + (year - first) / (last - first) * (plot_width - 2 * X_PAD)

    def y_of(value: float) -> float:
        return plot_bottom - (value - bottom) / (top - bottom) * PLOT_HEIGHT

    body: list[str] = []
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_width:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 4, label, text_anchor="end", fill=TEXT))
    body.append(
        f'<line x1="{left:.1f}" y1="{plot_bottom:.1f}" x2="{left + plot_width:.1f}" '
        f'y2="{plot_bottom:.1f}" stroke="{AXIS}" stroke-width="1"/>'
    )
    if unit:
        body.append(_text(4, TOP - 16, unit, fill=TEXT))

    if years:
        span = last - first
        every = 1 if span <= 12 else math.ceil(span / 12)
        for year in range(first, last + 1):
            if (year - first) % every and year != last:
                continue
            x = x_of(year)
            body.append(
                f'<line x1="{x:.1f}" y1="{plot_bottom:.1f}" x2="{x:.1f}" '
                f'y2="{plot_bottom + 4:.1f}" stroke="{AXIS}" stroke-width="1"/>'
            )
            body.append(_text(x, plot_bottom + 17, str(year), text_anchor="middle", fill=TEXT))
    else:
        body.append(_text(left + 8, TOP + PLOT_HEIGHT / 2, "Inga värden ännu.", fill=TEXT))

    if target is not None:
        y = y_of(target[1])
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_width:.1f}" y2="{y:.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        x = x_of(target[0])
        label = f"Mål {target[0]}: {_with_unit(target[1], unit)}"
        body.append(
            f'<path d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y:.1f} L{x:.1f} {y + 7:.1f} '
            f'L{x - 7:.1f} {y:.1f} Z" fill="{TARGET_COLOUR}">'
            f"<title>{escape(label)}</title></path>"
        )
        anchor = "end" if x > left + plot_width / 2 else "start"
        label_y = y - 9 if y - 9 - FONT_SIZE > 0 else y + 20
        body.append(
            _text(x + (-10 if anchor == "end" else 10), label_y, label, text_anchor=anchor,
                  fill=TARGET_COLOUR, font_weight="bold")
        )  # fmt: skip

    if len(values) > 1:
        points = " ".join(f"{x_of(year):.1f},{y_of(value):.1f}" for year, value in values)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{VALUE_COLOUR}" '
            f'stroke-width="2.5" stroke-linejoin="round"/>'
        )
    for year, value in values:
        body.append(
            f'<circle cx="{x_of(year):.1f}" cy="{y_of(value):.1f}" r="4.5" '
            f'fill="{VALUE_COLOUR}" stroke="#ffffff" stroke-width="1.5">'
            f"<title>{escape(f'{year}: {_with_unit(value, unit)}')}</title></circle>"
        )

    if base is not None:
        x, y = x_of(base[0]), y_of(base[1])
        label = f"Basvärde {base[0]}: {_with_unit(base[1], unit)}"
        body.append(
            f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="none" '
            f'stroke="{BASE_COLOUR}" stroke-width="2"><title>{escape(label)}</title></rect>'
        )

    # The legend: each kind of mark drawn and named in words.
    legend_y = plot_bottom + 40
    x = left
    items = [("value", "Värde")]
    if base is not None:
        items.append(("base", "Basvärde"))
    if target is not None:
        items.append(("target", "Mål"))
    for kind, label in items:
        if kind == "value":
            body.append(
                f'<line x1="{x:.1f}" y1="{legend_y:.1f}" x2="{x + 22:.1f}" y2="{legend_y:.1f}" '
                f'stroke="{VALUE_COLOUR}" stroke-width="2.5"/>'
                f'<circle cx="{x + 11:.1f}" cy="{legend_y:.1f}" r="4" fill="{VALUE_COLOUR}"/>'
            )
        elif kind == "base":
            body.append(
                f'<rect x="{x + 5:.1f}" y="{legend_y - 6:.1f}" width="12" height="12" '
                f'fill="none" stroke="{BASE_COLOUR}" stroke-width="2"/>'
            )
        else:
            body.append(
                f'<line x1="{x:.1f}" y1="{legend_y:.1f}" x2="{x + 22:.1f}" y2="{legend_y:.1f}" '
                f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
        body.append(_text(x + 28, legend_y + 4, label, fill=TEXT))
        x += 28 + len(label) * CHAR_WIDTH + 20
    height = legend_y + 16

    label = desc if full_label else title
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="img" '
            f"aria-label={quoteattr(label)} font-family={quoteattr(FONT)} "
            f'font-size="{FONT_SIZE}">',
            f"<title>{escape(title)}</title>",
            f"<desc>{escape(desc)}</desc>",
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            *body,
            "</svg>",
        ]
    )
