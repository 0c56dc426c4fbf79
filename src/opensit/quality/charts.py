"""Server-rendered SVG bar charts: no JavaScript, no CDN, nothing to vendor.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` for screen readers, one
`<rect>` per bar carrying `data-label` and `data-value`, and the value written beside the bar.
Pages show the same numbers in a table next to the chart.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 60
BAR_HEIGHT = 18
GAP = 6
COLOUR = "#007d7e"  # Wagtail's teal


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    unit: str = "",
    maximum: float | None = None,
) -> SafeString:
    """A horizontal bar chart of `rows` (label, value). `maximum` fixes the scale (100 for
    percentages); by default the largest value fills the width."""
    top = maximum if maximum is not None else max((value for _label, value in rows), default=0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    bars = []
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(span * value / top, 1) if top else 0
        shown = f"{value:g}{unit}"
        bars.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"'
                ' data-label="{}" data-value="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" font-size="13">{}</text></g>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 4,
                label,
                LABEL_WIDTH,
                y,
                width,
                BAR_HEIGHT,
                COLOUR,
                label,
                f"{value:g}",
                label,
                shown,
                LABEL_WIDTH + width + 6,
                y + BAR_HEIGHT - 4,
                shown,
            )
        )
    description = "; ".join(f"{label}: {value:g}{unit}" for label, value in rows)
    return format_html(
        '<svg class="opensit-chart" id="{}" role="img" aria-labelledby="{}-title {}-desc"'
        ' viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet"'
        ' xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        chart_id,
        chart_id,
        chart_id,
        WIDTH,
        height,
        chart_id,
        title,
        chart_id,
        description,
        format_html_join("", "{}", ((bar,) for bar in bars)) if bars else mark_safe(""),
    )
