"""Plain-text summaries of a run, for the terminal (outside the model core)."""

from __future__ import annotations

import pandas as pd

from netsim.core.population import LEVELS

YEAR = 12


def growth_summary(df: pd.DataFrame, title: str = "netsim run") -> str:
    """A short, readable account of how the network grew, year by year.

    Args:
        df: one run's indicator table (one row per month).
        title: first line of the summary.

    Returns:
        Lines of text: a yearly table, then the final state by level and region.
    """
    years = df[df["month"] % YEAR == 0]
    lines = [title, ""]
    head = f"{'year':>4} {'reach':>6} {'schools':>8} {'practice':>8} {'trust':>6} " + (
        f"{'centres':>7} {'leads':>6} {'ties':>8} {'M€ spent':>9}"
    )
    lines.append(head)
    for _, row in years.iterrows():
        lines.append(
            f"{int(row['month']) // YEAR:>4} {row['reach_teachers']:>6.1%} "
            f"{row['reach_schools']:>8.1%} {row['practice_mean']:>8.3f} "
            f"{row['trust_mean']:>6.3f} {int(row['n_centres']):>7} "
            f"{row['lead_share']:>6.1%} {int(row['n_ties']):>8} "
            f"{row['money_spent'] / 1e6:>9.2f}"
        )
    last = df.iloc[-1]
    by_level = ", ".join(f"{name.replace('_', '-')} {last[f'reach_{name}']:.0%}" for name in LEVELS)
    regions = sorted(c for c in df.columns if c.startswith("reach_region_"))
    reach = [last[c] for c in regions]
    lines += [
        "",
        f"Teachers reached by level: {by_level}.",
        f"Reach by region: from {min(reach):.0%} to {max(reach):.0%} "
        f"(equity gap {last['equity_gap_region']:.2f}).",
        f"Cost per teacher ever reached: {last['cost_per_teacher_reached']:.0f} €.",
    ]
    return "\n".join(lines)
