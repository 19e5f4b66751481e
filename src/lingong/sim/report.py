"""The comparison as text (a table), JSON and SVG bar charts. Labels a user reads are in Chinese."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

# (key, heading, how to show it)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("median_fill_s", "招满中位(时)", "hours"),
    ("p90_fill_s", "招满P90(时)", "hours"),
    ("median_onsite_s", "到岗中位(时)", "hours"),
    ("median_onsite_urgent_s", "急招到岗中位(时)", "hours"),
    ("fill_rate", "招满率(10km内有供给)", "percent"),
    ("mean_travel_km", "平均通勤(km)", "number"),
    ("exposure_gini", "曝光基尼", "number"),
    ("exposure_gini_floor", "基尼下限", "number"),
    ("target_group_share", "重点群体占比", "percent"),
    ("new_worker_first_job_days", "新人首单(天)", "number"),
    ("new_worker_job_share", "新人得单比例", "percent"),
    ("median_replacement_s", "爽约补位中位(时)", "hours"),
)
POLICY_LABELS = {
    "board": "公告栏(最新在前)",
    "recommend": "个性化推荐",
    "waves": "即时快招(分波)",
    "batch": "批量指派",
}
NEVER = "未达成"  # a median or p90 that falls on postings never filled
CHARTS = (
    ("median_fill_s", "招满时间中位数（小时）", 1 / 3600),
    ("p90_fill_s", "招满时间P90（小时）", 1 / 3600),
    ("fill_rate", "招满率（10公里内有合格供给的岗位）", 100.0),
    ("mean_travel_km", "平均通勤距离（公里）", 1.0),
    ("exposure_gini", "合格劳动者曝光基尼系数", 1.0),
    ("target_group_share", "重点群体获岗占比（%）", 100.0),
    ("median_replacement_s", "爽约补位时间中位数（小时）", 1 / 3600),
)


def policy_label(name: str) -> str:
    return "+".join(POLICY_LABELS.get(part, part) for part in name.split("+"))


def cell(value: Any, kind: str) -> str:
    if value is None:
        return NEVER if kind == "hours" else "—"
    if kind == "hours":
        return f"{value / 3600:.2f}"
    if kind == "percent":
        return f"{100 * value:.1f}%"
    return f"{value:.2f}"


def table(result: dict[str, Any]) -> str:
    """A plain-text table, one row per policy (pipes, so it pastes into Markdown)."""
    heads = ["策略", *(h for _, h, _ in COLUMNS)]
    rows = [
        [f"{name} {policy_label(name)}", *(cell(m.get(key), kind) for key, _, kind in COLUMNS)]
        for name, m in result["policies"].items()
    ]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def reproducible(result: dict[str, Any]) -> dict[str, Any]:
    """The result without wall-clock timings: the same seed gives the same bytes."""
    return {key: value for key, value in result.items() if key != "wall_s"}


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(reproducible(result), ensure_ascii=False, indent=2, sort_keys=True)


def bar_chart(title: str, labels: list[str], values: list[float | None]) -> str:
    """A horizontal bar chart as a standalone SVG (missing values are drawn as a labelled gap)."""
    bar_h, gap, left, width, top = 26, 10, 260, 420, 50
    height = top + len(labels) * (bar_h + gap) + 20
    known = [v for v in values if v is not None]
    peak = max(known) if known and max(known) > 0 else 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" '
        'font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif" font-size="13">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="10" y="28" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar_h + gap)
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 17}" fill="#b00">{NEVER}</text>')
            continue
        w = max(1.0, width * value / peak)
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b7dd8"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 17}">{value:.2f}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def write_svgs(result: dict[str, Any], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    names = list(result["policies"])
    labels = [policy_label(n) for n in names]
    written = []
    for key, title, factor in CHARTS:
        raw = [result["policies"][n].get(key) for n in names]
        values = [None if v is None else float(v) * factor for v in raw]
        path = directory / f"{key}.svg"
        path.write_text(bar_chart(title, labels, values), encoding="utf-8")
        written.append(path)
    return written
