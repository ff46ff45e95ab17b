"""The HTML page of every report: its shell, figures and tables, in the reports' style.

A page opens without a network connection: plotly.js is embedded once, inline
(:func:`standalone_page`), and each figure carries only its data (:func:`figure_html`).
The run and comparison reports (:mod:`netsim.report.pages`) and the sweep report
(:mod:`netsim.report.sweep_report`) are made of these.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

MAX_TEXT_COLUMNS = 8
"""Most leading text columns a table may have before its numbers (right-aligned)."""

_NUMERIC = "\n".join(
    f"table.num-from-{k} td:nth-child(n+{k + 1}), table.num-from-{k} th:nth-child(n+{k + 1}) "
    "{ text-align: right; }"
    for k in range(MAX_TEXT_COLUMNS + 1)
)

_CSS = (
    """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto;
       max-width: 1100px; padding: 0 1rem; color: #1c2833; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d5dbdb; }
.summary { font-size: 1.15rem; color: #566573; margin-top: 0; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
th, td { padding: .25rem .7rem; border-bottom: 1px solid #eaeded; text-align: left; }
th { background: #f4f6f6; }
.changed { font-weight: 600; } .muted { color: #7f8c8d; font-size: .85rem; }
code, pre { background: #f4f6f6; padding: .1rem .3rem; border-radius: 3px; }
.figure { margin: 1rem 0; } details { margin: .5rem 0; }
"""
    + _NUMERIC
)


def esc(text: Any) -> str:
    """Return ``text`` escaped for HTML."""
    return html.escape(str(text))


def figure_html(fig: go.Figure, div_id: str) -> str:
    """Return a figure as a div and its script, for a page made by :func:`standalone_page`.

    The figure does not carry plotly.js: the page embeds it once.

    Args:
        fig: the figure.
        div_id: the div's id, unique in the page.
    """
    body = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )
    return f'<div class="figure">{body}</div>'


def standalone_page(title: str, body: Sequence[str]) -> str:
    """Return a whole HTML page: the reports' style, plotly.js inline (no CDN, works offline).

    Args:
        title: the page's title.
        body: HTML fragments, one after the other (figures from :func:`figure_html`).
    """
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f"<style>{_CSS}</style>",
            f'<script type="text/javascript">{get_plotlyjs()}</script>',
            "</head><body>",
            *body,
            '<p class="muted">Made by netsim. Bands and bars show the 5th to 95th percentile '
            "across replications; lines and bars the mean.</p>",
            "</body></html>",
        ]
    )


def format_number(value: Any) -> str:
    """Return a value as a report shows it: 3 significant digits, thousands in full, NaN as -."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return "-"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return esc(value)


def html_table(header: Sequence[str], rows: Sequence[Sequence[Any]], numeric_from: int = 1) -> str:
    """Return an HTML table in the reports' style (written by pandas).

    Args:
        header: the column titles (escaped here).
        rows: the cells, as HTML (escape text with :func:`html.escape` first); each is
            shown as ``str()`` gives it.
        numeric_from: columns from this index on are right-aligned (the table's class
            ``num-from-K``, styled by the page), at most :data:`MAX_TEXT_COLUMNS`.
    """
    frame = pd.DataFrame(
        [[str(v) for v in row] for row in rows], columns=[esc(h) for h in header], dtype=object
    )
    numeric_from = min(numeric_from, MAX_TEXT_COLUMNS)
    return frame.to_html(
        escape=False, index=False, border=0, justify="left", classes=f"num-from-{numeric_from}"
    )
