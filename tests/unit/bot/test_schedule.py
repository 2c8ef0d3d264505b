"""Opening status at every schedule boundary, holidays, and independence from the server's time zone."""

import os
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot import spanish
from bot.catalogue import ChannelKind
from bot.clock import FROZEN_NOW_VARIABLE, now_in_bogota
from tests.conftest import bogota


def _schedule(catalogue, which):
    if which == "pqrsa":
        return catalogue.pqrsa.schedule
    return catalogue.product(which).channel(ChannelKind.PHONE).schedule


# 2026-11-23 Monday, 11-27 Friday, 11-28 Saturday, 11-29 Sunday, 12-08 Tuesday holiday.
BOUNDARIES = [
    ("certigestor", "2026-11-23T06:59", "cerrado ahora; abre hoy a las 7:00 a. m."),
    ("certigestor", "2026-11-23T07:00", "abierto ahora, hasta las 7:00 p. m."),
    ("certigestor", "2026-11-23T18:59", "abierto ahora, hasta las 7:00 p. m."),
    ("certigestor", "2026-11-23T19:00", "cerrado ahora; abre mañana a las 7:00 a. m."),
    ("certigestor", "2026-11-27T19:00", "cerrado ahora; abre mañana a las 8:00 a. m."),
    ("certigestor", "2026-11-28T07:59", "cerrado ahora; abre hoy a las 8:00 a. m."),
    ("certigestor", "2026-11-28T12:59", "abierto ahora, hasta la 1:00 p. m."),
    ("certigestor", "2026-11-28T13:00", "cerrado ahora; abre el lunes a las 7:00 a. m."),
    ("certigestor", "2026-11-29T10:00", "cerrado ahora; abre mañana a las 7:00 a. m."),
    (
        "certigestor",
        "2026-12-08T10:00",
        "cerrado hoy por festivo (La Inmaculada Concepción); abre mañana a las 7:00 a. m.",
    ),
    ("certigestor", "2026-12-07T20:00", "cerrado ahora; abre el miércoles a las 7:00 a. m."),
    ("pqrsa", "2026-11-23T16:59", "abierto ahora, hasta las 5:00 p. m."),
    ("pqrsa", "2026-11-23T17:00", "cerrado ahora; abre mañana a las 7:00 a. m."),
    ("pqrsa", "2026-11-28T10:00", "cerrado ahora; abre el lunes a las 7:00 a. m."),
    ("pqrsa", "2026-12-08T10:00", "cerrado hoy por festivo (La Inmaculada Concepción); abre mañana a las 7:00 a. m."),
    ("biometria", "2026-11-23T03:00", "abierto ahora"),
    ("biometria", "2026-11-29T23:59", "abierto ahora"),
    ("biometria", "2026-12-08T10:00", "abierto ahora"),
]


@pytest.mark.parametrize("which, moment, expected", BOUNDARIES)
def test_status_at_boundaries(catalogue, which, moment, expected):
    now = bogota(moment)
    assert spanish.status(_schedule(catalogue, which).status(now), now) == expected


def test_a_long_holiday_weekend_reopens_after_it(catalogue):
    # Friday 2027-01-08 evening; Monday 2027-01-11 is Día de los Reyes Magos (observed).
    now = bogota("2027-01-08T20:00")
    status = _schedule(catalogue, "pqrsa").status(now)
    assert status.opens_at == bogota("2027-01-12T07:00")
    assert spanish.moment(status.opens_at, now) == "el martes a las 7:00 a. m."


def test_schedules_read_as_the_source_documents_say(catalogue):
    assert (
        spanish.schedule(_schedule(catalogue, "certigestor"))
        == "lunes a viernes de 7:00 a. m. a 7:00 p. m.; sábado de 8:00 a. m. a 1:00 p. m."
    )
    assert spanish.schedule(_schedule(catalogue, "pqrsa")) == "lunes a viernes de 7:00 a. m. a 5:00 p. m."
    assert spanish.schedule(_schedule(catalogue, "biometria")) == "todos los días, 24 horas"


@pytest.fixture
def tokyo_process_time_zone():
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_now_is_bogota_time_whatever_the_server_zone(tokyo_process_time_zone, monkeypatch):
    monkeypatch.delenv(FROZEN_NOW_VARIABLE, raising=False)
    now = now_in_bogota()
    assert now.utcoffset() == timedelta(hours=-5)
    assert abs(now - datetime.now(timezone.utc)) < timedelta(seconds=5)
    assert time.localtime().tm_gmtoff == 9 * 3600  # the process really is on Tokyo time


def test_utc_moment_is_judged_in_bogota(catalogue, tokyo_process_time_zone, monkeypatch):
    # 00:30 UTC on Tuesday is 19:30 on Monday in Bogotá: CertiGestor has just closed.
    monkeypatch.setenv(FROZEN_NOW_VARIABLE, "2026-11-24T00:30:00+00:00")
    now = now_in_bogota()
    assert (now.weekday(), now.hour, now.minute) == (0, 19, 30)
    status = _schedule(catalogue, "certigestor").status(now)
    assert spanish.status(status, now) == "cerrado ahora; abre mañana a las 7:00 a. m."


def test_frozen_clock_can_be_read_from_a_file(tmp_path, monkeypatch):
    clock_file = tmp_path / "now"
    clock_file.write_text("2026-11-28T12:59\n")
    monkeypatch.setenv(FROZEN_NOW_VARIABLE, f"@{clock_file}")
    assert now_in_bogota() == bogota("2026-11-28T12:59")
