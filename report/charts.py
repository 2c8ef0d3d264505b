"""Charts as inline SVG: the report opens offline, with nothing to load. Every mark has a <title>, so a
pointer over it shows the exact figure."""

from html import escape
from typing import Any, Dict, List, Sequence

WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
BAR = "#1f5f99"
LIGHT = "#a9c6e3"
OUTLINES = ("#d9480f", "#2b8a3e", "#862e9c")
LONGEST_LABEL = 52  # characters that fit left of the bars; the whole label is in the tooltip
NAMES = {"messages": "mensajes", "conversations": "conversaciones"}


def _svg(chart_id: str, width: int, height: int, body: List[str], label: str) -> str:
    return (
        f'<svg id="{chart_id}" class="chart" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">' + "".join(body) + "</svg>"
    )


def per_day(chart_id: str, days: Sequence[Dict[str, Any]]) -> str:
    """Messages (light) and conversations (dark) per day, as bars on one scale."""
    width, height, left, bottom = 760, 220, 40, 40
    top = max([d["messages"] for d in days] + [1])
    step = (width - left - 10) / max(len(days), 1)
    scale = (height - bottom - 10) / top
    body = [
        f'<text x="{left - 6}" y="14" text-anchor="end">{top}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#888"/>',
    ]
    for index, day in enumerate(days):
        x = left + index * step
        for key, color, inset in (("messages", LIGHT, 0.1), ("conversations", BAR, 0.3)):
            bar = day[key] * scale
            body.append(
                f'<rect class="bar-{key}" x="{x + step * inset:.1f}" y="{height - bottom - bar:.1f}" '
                f'width="{step * (1 - 2 * inset):.1f}" height="{bar:.1f}" fill="{color}">'
                f"<title>{day['date']}: {day[key]} {NAMES[key]}</title></rect>"
            )
        if len(days) <= 31 or index % 7 == 0:
            body.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle">{day["date"][5:]}</text>'
            )
    body.append(
        f'<rect x="{left}" y="{height - 14}" width="10" height="10" fill="{BAR}"/>'
        f'<text x="{left + 14}" y="{height - 5}">conversaciones</text>'
        f'<rect x="{left + 120}" y="{height - 14}" width="10" height="10" fill="{LIGHT}"/>'
        f'<text x="{left + 134}" y="{height - 5}">mensajes</text>'
    )
    return _svg(chart_id, width, height, body, "Conversaciones y mensajes por día")


def heatmap(chart_id: str, counts: Sequence[Sequence[int]], support_hours: Dict[str, Any]) -> str:
    """Conversations started by weekday and hour; each product's support hours outlined (unless 24/7)."""
    cell, left, top = 26, 40, 24
    outlined = [(key, hours) for key, hours in support_hours.items() if not all(all(day) for day in hours["open"])]
    height = top + 7 * cell + 24 + 16 * len(outlined)
    width = left + 24 * cell + 10
    most = max([max(row) for row in counts] + [1])
    body = [
        f'<text x="{left + h * cell + cell / 2}" y="{top - 8}" text-anchor="middle">{h}</text>' for h in range(0, 24, 2)
    ]
    for day, row in enumerate(counts):
        y = top + day * cell
        body.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4}" text-anchor="end">{WEEKDAYS[day]}</text>')
        for hour, count in enumerate(row):
            strength = count / most
            body.append(
                f'<rect class="cell" x="{left + hour * cell}" y="{y}" width="{cell - 1}" height="{cell - 1}" '
                f'fill="rgb({int(240 - 209 * strength)},{int(244 - 149 * strength)},{int(250 - 97 * strength)})">'
                f"<title>{WEEKDAYS[day]} {hour}:00–{hour}:59: {count} conversaciones</title></rect>"
            )
    for index, (key, hours) in enumerate(outlined):
        color = OUTLINES[index % len(OUTLINES)]
        for day, open_hours in enumerate(hours["open"]):
            for hour, is_open in enumerate(open_hours):
                if is_open:
                    body.append(
                        f'<rect class="support-{escape(key)}" x="{left + hour * cell + 1}" y="{top + day * cell + 1}" '
                        f'width="{cell - 3}" height="{cell - 3}" fill="none" stroke="{color}" stroke-width="1.5"/>'
                    )
        legend_y = top + 7 * cell + 18 + 16 * index
        body.append(
            f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="none" stroke="{color}" '
            'stroke-width="1.5"/>'
            f'<text x="{left + 16}" y="{legend_y}">horario de soporte de {escape(hours["name"])} '
            "(fuera del recuadro: cerrado)</text>"
        )
    always = [hours["name"] for hours in support_hours.values() if all(all(day) for day in hours["open"])]
    if always:
        body.append(
            f'<text x="{left}" y="{height - 4}">{escape(", ".join(always))}: soporte todos los días, 24 horas</text>'
        )
    return _svg(chart_id, width, height + 12, body, "Conversaciones por día de la semana y hora (Bogotá)")


def shares(chart_id: str, rows: Sequence[Dict[str, Any]], label: str) -> str:
    """Horizontal bars: each row's share, with its count."""
    width, left, line = 760, 330, 22
    height = max(len(rows), 1) * line + 6
    body = []
    for index, row in enumerate(rows):
        y = index * line + 4
        bar = (width - left - 110) * row["share"]
        label = str(row["label"])
        short = label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1] + "…"
        body.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{escape(short)}<title>{escape(label)}</title></text>'
            f'<rect class="share" x="{left}" y="{y}" width="{bar:.1f}" height="{line - 6}" fill="{BAR}">'
            f"<title>{escape(str(row['label']))}: {row['count']}</title></rect>"
            f'<text x="{left + bar + 6:.1f}" y="{y + 13}">{row["share"] * 100:.1f} % ({row["count"]})</text>'
        )
    if not rows:
        body.append('<text x="0" y="16">Sin datos en el periodo.</text>')
    return _svg(chart_id, width, height, body, label)
