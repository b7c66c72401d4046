"""Bar charts of a section, drawn on the server by pygal as SVG and embedded as `data:` images.

An image keeps the chart inside the desk's Content-Security-Policy (`img-src 'self' data:`, no script,
no inline style on the page itself): pygal's own styles live inside the image. Suppressed cells are
drawn as no bar, never as their true height, and each chart is followed on the page by a table of the
same figures, which is what screen readers read.
"""

from __future__ import annotations

import base64

import pygal
from pygal.style import Style

# The desk's palette (desk/static/desk.css): dark text on white, one accent colour.
_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#1d4e89",),
    font_family="system-ui, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    title_font_size=15,
)


def bar_chart(title: str, items: list[tuple[str, int | str]], horizontal: bool = False) -> str:
    """A `data:image/svg+xml` URI of a bar chart of `items` (label, shown value); "< 5" draws no bar."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(
        style=_STYLE,
        js=(),  # no script: the chart is an image
        show_legend=False,
        width=640,
        height=max(240, 26 * len(items) + 80) if horizontal else 280,
        x_label_rotation=0 if horizontal else (45 if len(items) > 8 else 0),
        print_values=False,
        disable_xml_declaration=True,
    )
    chart.title = title
    chart.x_labels = [label for label, _ in items]
    chart.add(title, [value if isinstance(value, int) else None for _, value in items])
    svg = chart.render(is_unicode=True).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
