"""Weekly opening hours, Colombian public holidays, and the status of a schedule at a moment."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import FrozenSet, Optional, Tuple

import holidays

from bot.clock import to_bogota

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MINUTES_PER_DAY = 24 * 60
# Far enough to cross any run of holidays plus a weekend.
SEARCH_DAYS = 15


@dataclass(frozen=True)
class Window:
    """Open on `weekdays` (0 = Monday) from `start` to `end`, in minutes after midnight."""

    weekdays: FrozenSet[int]
    start: int
    end: int

    def covers(self, weekday: int, minute: int) -> bool:
        return weekday in self.weekdays and self.start <= minute < self.end


@dataclass(frozen=True)
class Status:
    """Whether a schedule is open at a moment, and what happens next."""

    is_open: bool
    # Set when the schedule would otherwise be open today but it is a public holiday.
    holiday: Optional[str] = None
    opens_at: Optional[datetime] = None
    closes_at: Optional[datetime] = None


@dataclass(frozen=True)
class Schedule:
    windows: Tuple[Window, ...]
    open_on_holidays: bool

    @property
    def is_always_open(self) -> bool:
        return any(w.start == 0 and w.end == MINUTES_PER_DAY and len(w.weekdays) == 7 for w in self.windows)

    def status(self, moment: datetime) -> Status:
        moment = to_bogota(moment)
        if self.is_always_open:
            return Status(is_open=True)
        today = moment.date()
        holiday = None if self.open_on_holidays else colombian_holiday(today)
        minute = moment.hour * 60 + moment.minute
        if holiday is None:
            for window in self.windows:
                if window.covers(today.weekday(), minute):
                    return Status(is_open=True, closes_at=_at(moment, today, window.end))
        opens_at = self._next_opening(moment, today, minute)
        works_today = any(today.weekday() in w.weekdays for w in self.windows)
        return Status(is_open=False, holiday=holiday if works_today else None, opens_at=opens_at)

    def _next_opening(self, moment: datetime, today: date, minute: int) -> Optional[datetime]:
        for offset in range(SEARCH_DAYS):
            day = today + timedelta(days=offset)
            if not self.open_on_holidays and colombian_holiday(day):
                continue
            starts = sorted(w.start for w in self.windows if day.weekday() in w.weekdays)
            for start in starts:
                if offset > 0 or start > minute:
                    return _at(moment, day, start)
        return None


def _at(moment: datetime, day: date, minute: int) -> datetime:
    if minute >= MINUTES_PER_DAY:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=moment.tzinfo)
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=moment.tzinfo)


@lru_cache(maxsize=16)
def _colombian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CO", years=year, language="es")


def colombian_holiday(day: date) -> Optional[str]:
    """The holiday's Spanish name, or None on a working day."""
    return _colombian_holidays(day.year).get(day)
