"""The report's figures for a period: read from the store (report/store.py), counted here into plain
data that the HTML, the CSV and the JSON share."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Dict, List, Optional

from bot import satisfaction
from bot.catalogue import Catalogue, ChannelKind
from bot.clock import BOGOTA
from bot.handover import CONTACT_LABELS, need_label
from bot.schedule import colombian_holiday
from report import inbox
from report.masking import Masker
from report.store import Period, StoreReader

EPOCH_DAY = date(1970, 1, 1)
NO_PRODUCT = "ninguno"
UNKNOWN = "desconocido"  # an answer kept before its record existed
NO_PRODUCT_LABEL = "Sin producto (PQRSA o contactos generales)"
# The inbox lists the most frequent groups; the NLU stub holds every group.
INBOX_SHOWN = 50


@dataclass(frozen=True)
class Dates:
    """Bogotá dates, both included."""

    since: date
    until: date

    def period(self, retention_days: float, now: datetime) -> Period:
        """The period in seconds, never before what the retention period keeps."""
        start = datetime.combine(self.since, time(0), tzinfo=BOGOTA).timestamp()
        end = datetime.combine(self.until + timedelta(days=1), time(0), tzinfo=BOGOTA).timestamp()
        return Period(max(start, now.timestamp() - retention_days * 86400), end)


def _day(number: int) -> date:
    return EPOCH_DAY + timedelta(days=int(number))


def _share(counts: Counter, label: Any = str) -> List[Dict[str, Any]]:
    total = sum(counts.values())
    return [
        {"key": key, "label": label(key), "count": count, "share": round(count / total, 4) if total else 0.0}
        for key, count in counts.most_common()
    ]


def _support_hours(catalogue: Catalogue) -> Dict[str, Any]:
    """For each product, the hours of the week its support line is open (day 0 = Monday)."""
    monday = date(2024, 2, 5)  # a Monday of a week without holidays
    hours = {}
    for product in catalogue.products.values():
        schedule = product.channel(ChannelKind.PHONE).schedule
        assert schedule is not None
        hours[product.id] = {
            "name": product.short_name,
            "open": [
                [
                    schedule.status(datetime.combine(monday + timedelta(days=d), time(h, 30), tzinfo=BOGOTA)).is_open
                    for h in range(24)
                ]
                for d in range(7)
            ],
        }
    return hours


def _out_of_hours(started: List, catalogue: Catalogue) -> Dict[str, Any]:
    """Conversations started while each product's support line was closed, and on holidays."""
    closed: Counter = Counter()
    on_holidays = 0
    for day_number, hour, count in started:
        moment = datetime.combine(_day(day_number), time(int(hour), 30), tzinfo=BOGOTA)
        on_holidays += count if colombian_holiday(moment.date()) else 0
        for product in catalogue.products.values():
            schedule = product.channel(ChannelKind.PHONE).schedule
            if schedule is not None and not schedule.status(moment).is_open:
                closed[product.id] += count
    return {
        "holidays": on_holidays,
        "closed": [
            {"product": p.id, "label": p.short_name, "count": closed[p.id]} for p in catalogue.products.values()
        ],
    }


def _satisfaction(rows: List, questions: int) -> Dict[str, Any]:
    totals: Counter = Counter()
    by_need: Dict[str, Counter] = defaultdict(Counter)
    for answer, need, count in rows:
        if answer in (satisfaction.USEFUL, satisfaction.NOT_USEFUL):
            totals[answer] += count
            by_need[need or UNKNOWN][answer] += count
    answered = totals[satisfaction.USEFUL] + totals[satisfaction.NOT_USEFUL]

    def rate(counts: Counter) -> Optional[float]:
        answers = counts[satisfaction.USEFUL] + counts[satisfaction.NOT_USEFUL]
        return round(counts[satisfaction.USEFUL] / answers, 4) if answers else None

    return {
        "asked": questions,
        "answered": answered,
        "useful": totals[satisfaction.USEFUL],
        "not_useful": totals[satisfaction.NOT_USEFUL],
        "rate": rate(totals),
        "by_need": [
            {
                "key": need,
                "label": need_label(need),
                "answers": counts[satisfaction.USEFUL] + counts[satisfaction.NOT_USEFUL],
                "useful": counts[satisfaction.USEFUL],
                "rate": rate(counts),
            }
            for need, counts in sorted(by_need.items(), key=lambda item: -sum(item[1].values()))
        ],
    }


def _cases(rows: List) -> Dict[str, Any]:
    routes: Counter = Counter()
    states: Counter = Counter()
    for route, pqrsa_type, critical, level, state, count in rows:
        if route == "incidente":
            key = "incidente_critico" if critical else "incidente"
        elif route == "pqrsa":
            key = f"pqrsa_{pqrsa_type}" if pqrsa_type else "pqrsa"
        else:
            key = f"escalamiento_{level}"
        routes[key] += count
        states[{"sent": "enviado", None: "sin correo"}.get(state, "pendiente")] += count
    return {"filed": sum(routes.values()), "by_need": _share(routes, need_label), "by_state": _share(states)}


def _texts(rows, masker: Masker) -> List[Dict[str, Any]]:
    """Free texts, masked, grouped like the inbox, without the predicted intent."""
    return [{"text": g.text, "count": g.count} for g in inbox.group(rows, masker)]


def _days(started: List, messages: List, first: date, last: date) -> Dict[date, Dict[str, int]]:
    """Conversations, messages and messages not understood per Bogotá day, every day from first to last."""
    days: Dict[date, Dict[str, int]] = {}
    day = first
    while day <= last:
        days[day] = {"conversations": 0, "messages": 0, "fallbacks": 0}
        day += timedelta(days=1)
    empty = {"conversations": 0, "messages": 0, "fallbacks": 0}
    for day_number, _, count in started:
        days.setdefault(_day(day_number), dict(empty))["conversations"] += count
    for day_number, count, fallbacks in messages:
        entry = days.setdefault(_day(day_number), dict(empty))
        entry["messages"] += count
        entry["fallbacks"] += int(fallbacks or 0)
    return days


def _heatmap(started: List) -> List[List[int]]:
    """Conversations started by weekday (0 = Monday) and hour."""
    heatmap = [[0] * 24 for _ in range(7)]
    for day_number, hour, count in started:
        heatmap[_day(day_number).weekday()][int(hour)] += count
    return heatmap


def _handover_shares(rows: List, catalogue: Catalogue) -> Dict[str, Any]:
    needs: Counter = Counter()
    products: Counter = Counter()
    contacts: Counter = Counter()
    for need, product, contact, count in rows:
        needs[need or UNKNOWN] += count
        products[product or NO_PRODUCT] += count
        contacts[contact or UNKNOWN] += count
    names = {p.id: p.short_name for p in catalogue.products.values()}
    return {
        "needs": _share(needs, need_label),
        "products": _share(products, lambda key: names.get(key, NO_PRODUCT_LABEL)),
        "contacts": _share(contacts, lambda key: CONTACT_LABELS.get(key, key)),
    }


def _share_of(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None


def compute(reader: StoreReader, dates: Dates, catalogue: Catalogue, retention_days: float, now: datetime):
    """The figures (a dict ready for JSON) and every group of messages to review (for the NLU stub): those
    not understood, and those whose answer the person said did not serve them."""
    period = dates.period(retention_days, now)
    first_kept = datetime.fromtimestamp(period.start, BOGOTA)
    started = reader.conversations_started(period)
    # Days retention has emptied are not shown as days without conversations: they are not shown.
    days = _days(started, reader.messages_per_day(period), max(dates.since, first_kept.date()), dates.until)
    conversations = sum(d["conversations"] for d in days.values())
    messages = sum(d["messages"] for d in days.values())
    fallbacks = sum(d["fallbacks"] for d in days.values())
    without_contact = max(conversations - reader.conversations_with_contact(period), 0)
    shares = _handover_shares(reader.handovers(period), catalogue)
    # A name given before the period may be written again in it: every name retention keeps is masked.
    masker = Masker(reader.names_given(Period(now.timestamp() - retention_days * 86400, float("inf"))))
    groups = inbox.group(reader.misunderstood(period), masker)
    not_served = inbox.group(reader.answered_not_useful(period), masker)
    figures = {
        "period": {
            "since": dates.since.isoformat(),
            "until": dates.until.isoformat(),
            "generated_at": now.isoformat(timespec="minutes"),
            "retention_days": retention_days,
            "first_kept": first_kept.isoformat(timespec="minutes"),
        },
        "totals": {
            "conversations": conversations,
            "messages": messages,
            "answers_with_contact": sum(row["count"] for row in shares["needs"]),
            "without_contact": without_contact,
            "without_contact_share": _share_of(without_contact, conversations),
            "fallbacks": fallbacks,
            "fallback_rate": _share_of(fallbacks, messages),
        },
        "per_day": [{"date": d.isoformat(), **days[d]} for d in sorted(days)],
        "heatmap": _heatmap(started),
        "support_hours": _support_hours(catalogue),
        "out_of_hours": _out_of_hours(started, catalogue),
        **shares,
        "satisfaction": _satisfaction(reader.satisfaction(period), reader.satisfaction_questions(period)),
        "what_was_missing": _texts(reader.what_was_missing(period), masker),
        "cases": _cases(reader.cases(_iso(period.start), _iso(period.end))),
        "inbox": {
            "misunderstood": [g.as_dict() for g in groups[:INBOX_SHOWN]],
            "misunderstood_groups": len(groups),
            "misunderstood_messages": sum(g.count for g in groups),
            "answered_not_useful": [g.as_dict() for g in not_served],
        },
    }
    return figures, groups + not_served


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, BOGOTA).isoformat()


def as_json(figures: Dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=2)
