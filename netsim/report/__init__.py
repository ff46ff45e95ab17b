"""Figures and reports: every chart (plotly), the HTML pages, the generated docs."""
