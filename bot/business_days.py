"""Business days in Bogotá: Monday to Friday, Colombian public holidays excepted."""

from datetime import date, timedelta

from bot.schedule import colombian_holiday


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and colombian_holiday(day) is None


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start`; the day of filing itself does not count
    (Ley 1755 de 2015: the term runs from the day after the request is received)."""
    day = start
    for _ in range(days):
        day += timedelta(days=1)
        while not is_business_day(day):
            day += timedelta(days=1)
    return day
