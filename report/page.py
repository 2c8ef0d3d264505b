"""The report as one self-contained HTML page: styles and charts inline, no script, nothing to download."""

from html import escape
from typing import Any, Dict, List, Optional, Sequence

from report import charts

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1d2733;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #dde3ea}
.note{color:#5b6875;font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.6rem;margin-top:1rem}
.card{background:#f1f5f9;border-radius:.4rem;padding:.6rem .8rem}
.card b{display:block;font-size:1.4rem} .card span{font-size:.85rem;color:#44505c}
table{border-collapse:collapse;width:100%;font-size:.9rem} th,td{text-align:left;padding:.3rem .4rem}
tr:nth-child(even){background:#f6f8fa} td.n{text-align:right;white-space:nowrap}
.meter{background:#dde3ea;border-radius:.2rem;height:.6rem;min-width:6rem}
.meter div{background:#1f5f99;height:100%;border-radius:.2rem}
"""


def _percent(value: Optional[float]) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _card(value: Any, label: str, card_id: str) -> str:
    return f'<div class="card" id="{card_id}"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'


def _table(table_id: str, headings: Sequence[str], rows: Sequence[Sequence[Any]], empty: str) -> str:
    if not rows:
        return f'<p class="note" id="{table_id}">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{cell}</td>' if isinstance(cell, (int, float)) else f"<td>{escape(str(cell))}</td>"
            for cell in row
        )
        + "</tr>"
        for row in rows
    )
    return f'<table id="{table_id}"><tr>{head}</tr>{body}</table>'


def _satisfaction(figures: Dict[str, Any]) -> List[str]:
    satisfaction = figures["satisfaction"]
    rows = "".join(
        f"<tr><td>{escape(r['label'])}</td><td class='n'>{_percent(r['rate'])}</td>"
        f"<td><div class='meter'><div style='width:{(r['rate'] or 0) * 100:.0f}%'></div></div></td>"
        f"<td class='n'>{r['useful']} de {r['answers']}</td></tr>"
        for r in satisfaction["by_need"]
    )
    return [
        "<h2>¿Les sirvió la respuesta?</h2>",
        f'<p id="satisfaccion">Útil para <b>{_percent(satisfaction["rate"])}</b> de quienes respondieron '
        f"({satisfaction['useful']} de {satisfaction['answered']} respuestas; la pregunta se hizo "
        f"{satisfaction['asked']} veces).</p>",
        f'<table id="satisfaccion-por-ruta"><tr><th>Ruta de la respuesta</th><th>Útil</th><th></th>'
        f"<th>Respuestas</th></tr>{rows}</table>"
        if rows
        else '<p class="note" id="satisfaccion-por-ruta">Nadie respondió la pregunta en el periodo.</p>',
        "<h3>¿Qué faltó? (lo que escribieron después de un «No»)</h3>",
        _table(
            "que-falto",
            ["Mensaje (datos personales ocultos)", "Veces"],
            [(t["text"], t["count"]) for t in figures["what_was_missing"]],
            "Sin respuestas en el periodo.",
        ),
    ]


def _inbox(figures: Dict[str, Any]) -> List[str]:
    inbox = figures["inbox"]
    return [
        "<h2>Mensajes para revisar</h2>",
        f'<p class="note">{inbox["misunderstood_messages"]} mensajes que el bot no entendió (confianza bajo el '
        f"umbral del NLU), en {inbox['misunderstood_groups']} grupos de textos casi iguales; los más frecuentes "
        "primero. <code>certichat report --export-nlu ARCHIVO</code> los escribe como ejemplos de NLU para "
        "corregir.</p>",
        _groups_table("bandeja", inbox["misunderstood"], "Ningún mensaje sin entender en el periodo."),
        "<h3>Pedidos cuya respuesta «no sirvió»</h3>",
        _groups_table(
            "bandeja-no-sirvio", inbox["answered_not_useful"], "Nadie dijo que una respuesta no le sirviera."
        ),
    ]


def _groups_table(table_id: str, groups: Sequence[Dict[str, Any]], empty: str) -> str:
    headings = ["Mensaje (datos personales ocultos)", "Veces", "Intent predicho", "Confianza"]
    rows = [(g["text"], g["count"], g["intent"] or "—", g["confidence"]) for g in groups]
    return _table(table_id, headings, rows, empty)


def render(figures: Dict[str, Any]) -> str:
    period, totals, cases = figures["period"], figures["totals"], figures["cases"]
    closed = figures["out_of_hours"]["closed"]
    cards = [
        _card(totals["conversations"], "conversaciones", "total-conversaciones"),
        _card(totals["messages"], "mensajes de personas", "total-mensajes"),
        _card(_percent(totals["without_contact_share"]), "conversaciones sin ningún contacto", "sin-contacto"),
        _card(_percent(totals["fallback_rate"]), f"mensajes sin entender ({totals['fallbacks']})", "sin-entender"),
        _card(
            _percent(figures["satisfaction"]["rate"]),
            f"respuestas útiles ({figures['satisfaction']['answered']} respuestas)",
            "satisfaccion-total",
        ),
        _card(cases["filed"], "casos radicados", "casos"),
        *(_card(c["count"], f"con {c['label']} cerrado", f"fuera-de-horario-{c['product']}") for c in closed),
        _card(figures["out_of_hours"]["holidays"], "en festivos", "festivos"),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="es"><head><meta charset="utf-8">',
        f"<title>Informe de CertiChat, {period['since']} a {period['until']}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Informe de CertiChat: {period['since']} a {period['until']}</h1>",
        f'<p class="note">Hora de Bogotá. Generado el {escape(period["generated_at"][:16].replace("T", " "))}. '
        f"Solo cuenta lo que la retención conserva ({period['retention_days']:g} días): desde "
        f"{escape(period['first_kept'][:16].replace('T', ' '))}. Sin datos personales ni identificadores de "
        "conversación.</p>",
        f'<div class="cards">{"".join(cards)}</div>',
        "<h2>Conversaciones y mensajes por día</h2>",
        charts.per_day("por-dia", figures["per_day"]),
        "<h2>¿Cuándo escriben?</h2>",
        '<p class="note">Conversaciones según el día y la hora de su primer mensaje.</p>',
        charts.heatmap("mapa-de-calor", figures["heatmap"], figures["support_hours"]),
        "<h2>¿Qué necesitan?</h2>",
        '<p class="note">Cada respuesta que entregó un contacto, según la necesidad.</p>',
        charts.shares("por-necesidad", figures["needs"], "Respuestas por necesidad"),
        "<h2>¿Sobre qué producto?</h2>",
        charts.shares("por-producto", figures["products"], "Respuestas por producto"),
        "<h2>¿A qué contacto los llevó?</h2>",
        '<p class="note">El primer contacto de cada respuesta.</p>',
        charts.shares("por-contacto", figures["contacts"], "Respuestas por contacto entregado"),
        *_satisfaction(figures),
        "<h2>Casos radicados</h2>",
        *(
            [
                charts.shares("casos-por-necesidad", cases["by_need"], "Casos por necesidad"),
                charts.shares("casos-por-estado", cases["by_state"], "Casos por estado del correo a la mesa"),
            ]
            if cases["filed"]
            else ['<p class="note" id="casos-vacio">Ningún caso radicado en el periodo.</p>']
        ),
        *_inbox(figures),
        "</body></html>",
    ]
    return "\n".join(parts)
