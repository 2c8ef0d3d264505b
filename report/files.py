"""Writes a report: the HTML page, the same figures as CSV and JSON beside it, and the NLU stub."""

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import sqlalchemy as sa

from bot.catalogue import Catalogue
from bot.clock import BOGOTA
from report import inbox, page
from report.figures import Dates, as_json, compute
from report.store import StoreReader


def _csv_rows(figures: Dict[str, Any]) -> Iterator[Tuple[Any, ...]]:
    yield ("seccion", "clave", "nombre", "valor")
    for key, value in figures["totals"].items():
        yield ("totales", key, "", value)
    for day in figures["per_day"]:
        for key in ("conversations", "messages", "fallbacks"):
            yield ("por_dia", day["date"], key, day[key])
    for weekday, hours in enumerate(figures["heatmap"]):
        for hour, count in enumerate(hours):
            if count:
                yield ("dia_semana_hora", f"{weekday}-{hour:02d}", "conversaciones (0 = lunes)", count)
    for closed in figures["out_of_hours"]["closed"]:
        yield ("fuera_de_horario", closed["product"], closed["label"], closed["count"])
    yield ("festivos", "", "conversaciones en festivos", figures["out_of_hours"]["holidays"])
    for section, name in (("needs", "necesidad"), ("products", "producto"), ("contacts", "contacto")):
        for row in figures[section]:
            yield (name, row["key"], row["label"], row["count"])
    satisfaction = figures["satisfaction"]
    for key in ("asked", "answered", "useful", "not_useful", "rate"):
        yield ("satisfaccion", "total", key, satisfaction[key])
    for row in satisfaction["by_need"]:
        yield ("satisfaccion_por_ruta", row["key"], "utiles", row["useful"])
        yield ("satisfaccion_por_ruta", row["key"], "respuestas", row["answers"])
    for row in figures["cases"]["by_need"]:
        yield ("casos_por_necesidad", row["key"], row["label"], row["count"])
    for row in figures["cases"]["by_state"]:
        yield ("casos_por_estado", row["key"], row["label"], row["count"])
    for row in figures["inbox"]["misunderstood"]:
        yield ("sin_entender", row["text"], row["intent"], row["count"])


# A cell starting with one of these is a formula to a spreadsheet: "=HYPERLINK(…)" written by a person.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def as_csv(figures: Dict[str, Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(tuple(_cell(value) for value in row) for row in _csv_rows(figures))
    return out.getvalue()


def write_report(
    url: str,
    dates: Dates,
    catalogue: Catalogue,
    retention_days: float,
    out_dir: Path,
    nlu_file: Optional[Path] = None,
    now: Optional[datetime] = None,
) -> List[Path]:
    """Reads the store at `url` and writes the files; returns their paths."""
    now = now or datetime.now(BOGOTA)
    engine = sa.create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            reader = StoreReader(connection)
            figures, groups = compute(reader, dates, catalogue, retention_days, now)
    finally:
        engine.dispose()
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"certichat-informe-{dates.since}-{dates.until}"
    written = [stem.with_suffix(".html"), stem.with_suffix(".csv"), stem.with_suffix(".json")]
    written[0].write_text(page.render(figures), encoding="utf-8")
    written[1].write_text(as_csv(figures), encoding="utf-8-sig")  # the mark tells Excel it is UTF-8
    written[2].write_text(as_json(figures), encoding="utf-8")
    if nlu_file is not None:
        nlu_file.parent.mkdir(parents=True, exist_ok=True)
        nlu_file.write_text(inbox.nlu_stub(groups, f"{dates.since} a {dates.until}"), encoding="utf-8")
        written.append(nlu_file)
    return written
