"""A picture for a report: events over time by actor, with casualty bars.

Top panel: one lane per lead actor; each event is drawn over its whole date interval
(a year-precise event is a year-long bar, not a dot on 1 January), with a dot sized by
its death toll; statistics over a period are hollow and dashed. Bottom panel: deaths in
incidents per year (or month, for spans up to three years), stacked by actor; events
whose interval is wider than one bar, and statistics, are left out of the bars and
counted in the caption, never spread.

matplotlib is an optional extra, imported only here and only when drawing; no pyplot,
so no global figure state.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from timeline.errors import InputError

SUFFIXES = (".svg", ".png")
TOP_ACTORS = 8
OTHER = "other actors"
GREY = "#9e9e9e"


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        raise InputError(
            "Charts need matplotlib, which is not installed (pip install 'timeline[chart]')"
        ) from exc
    matplotlib.use("Agg", force=False)
    return matplotlib


def _bucket(start: dt.date, end: dt.date, monthly: bool) -> dt.date | None:
    """The first day of the year (month) holding the whole interval, else None."""
    if start.year != end.year or (monthly and start.month != end.month):
        return None
    return dt.date(start.year, start.month if monthly else 1, 1)


def _groups(events: list[dict[str, Any]]) -> list[str]:
    """Lanes: the most frequent lead actors, then one lane for the rest."""
    counts = Counter(e["actor"] for e in events)
    top = [name for name, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:TOP_ACTORS]]
    return top + ([OTHER] if len(counts) > len(top) else [])


def check_output(output: Path) -> None:
    if output.suffix.lower() not in SUFFIXES:
        raise InputError(f"Cannot write a chart to {output.name!r} (name the file .svg or .png)")


def draw_chart(
    events: list[dict[str, Any]], output: Path, title: str = "Events and deaths"
) -> dict[str, int]:
    """Draw ``events`` (rows of ``reports_casualties.chart_series``) to ``output`` (.svg or .png).

    Returns what was drawn: events, events in the bars, incidents left out of the bars, statistics.
    """
    check_output(output)
    if not events:
        raise InputError("No dated events to chart (ingest articles or relax the filters)")
    _matplotlib()
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    first = min(e["start"] for e in events)
    last = max(e["end"] for e in events)
    monthly = (last - first).days <= 3 * 366
    lanes = _groups(events)
    lane_of = {name: i for i, name in enumerate(lanes)}
    palette = [f"C{i}" for i in range(10)]
    colour = {name: (GREY if name == OTHER else palette[i % 10]) for i, name in enumerate(lanes)}

    fig = Figure(figsize=(11, 2.2 + 0.45 * len(lanes) + 2.8), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[max(2, len(lanes)), 3])
    for e in events:
        lane = e["actor"] if e["actor"] in lane_of else OTHER
        y = lane_of[lane]
        x0, x1 = date2num(e["start"]), date2num(e["end"] + dt.timedelta(days=1))
        style = "--" if e["aggregate"] else "-"
        top.plot([x0, x1], [y, y], style, color=colour[lane], linewidth=5, alpha=0.45, solid_capstyle="butt")
        size = 18 + 4 * min(e["killed"] or 0, 100)
        face = "none" if e["aggregate"] else colour[lane]
        top.scatter([(x0 + x1) / 2], [y], s=size, facecolors=face, edgecolors=colour[lane], zorder=3)
    top.set_yticks(range(len(lanes)), lanes)
    top.set_ylim(len(lanes) - 0.5, -0.5)
    top.set_title(title, loc="left", fontsize=13)
    top.grid(axis="x", alpha=0.3)

    bars: dict[tuple[dt.date, str], int] = {}
    left_out = in_bars = 0
    for e in events:
        if e["aggregate"] or not e["killed"]:
            continue
        bucket = _bucket(e["start"], e["end"], monthly)
        if bucket is None:
            left_out += 1
            continue
        in_bars += 1
        lane = e["actor"] if e["actor"] in lane_of else OTHER
        bars[(bucket, lane)] = bars.get((bucket, lane), 0) + e["killed"]
    width = 27 if monthly else 330
    bottoms: dict[dt.date, int] = {}
    for lane in lanes:
        xs = sorted(b for b, name in bars if name == lane)
        if not xs:
            continue
        heights = [bars[(b, lane)] for b in xs]
        base = [bottoms.get(b, 0) for b in xs]
        bottom.bar([date2num(b) for b in xs], heights, width=width, bottom=base, align="edge",
                   color=colour[lane], label=lane)
        for b, h in zip(xs, heights, strict=True):
            bottoms[b] = bottoms.get(b, 0) + h
    bottom.set_ylabel(f"killed per {'month' if monthly else 'year'}")
    bottom.grid(axis="y", alpha=0.3)
    if bars:
        bottom.legend(loc="upper left", fontsize=8, frameon=False)
    bottom.xaxis_date()
    statistics = sum(1 for e in events if e["aggregate"])
    unit = "month" if monthly else "year"
    fig.supxlabel(
        f"{len(events)} dated events (dashed, hollow: statistics over a period). Bars: deaths in incidents "
        f"dated within one {unit}; {left_out} incidents dated more widely and {statistics} statistics "
        "are not in the bars.",
        fontsize=8,
    )
    metadata = {"Date": None} if output.suffix.lower() == ".svg" else {}
    fig.savefig(output, dpi=150, metadata=metadata)
    return {"events": len(events), "in_bars": in_bars, "left_out": left_out, "statistics": statistics}


__all__ = ["SUFFIXES", "check_output", "draw_chart"]
