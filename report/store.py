"""What the report reads from the conversation store: counts grouped in the database, and the few rows
that must be read one by one (the messages to review), streamed.

Rasa's `events` table: one row per event, with `type_name`, `timestamp` (seconds), `intent_name` for
messages, `action_name` for actions and, for slots, the slot's name; the rest is JSON in `data`. The
actions keep what the desk counts in two slots (bot/names.py): `handed_over` and `satisfaction`.
Bogotá has no daylight saving time, so its day and hour are plain arithmetic on the timestamp.
"""

from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Tuple

import sqlalchemy as sa

from bot.names import (
    ACTION_ASK_SATISFACTION,
    ACTION_ASK_WHAT_WAS_MISSING,
    ACTION_SESSION_START,
    ACTION_TAKE_FEEDBACK,
    ACTION_TAKE_SATISFACTION,
    FORM_CASE,
    FORM_CASE_LOOKUP,
    NLU_FALLBACK,
    SLOT_HANDED_OVER,
    SLOT_SATISFACTION,
)

BOGOTA_OFFSET_SECONDS = 5 * 3600
# After these, the message was the answer to one of the bot's own questions, not a request to understand.
ANSWER_TAKERS = (ACTION_TAKE_SATISFACTION, ACTION_TAKE_FEEDBACK, FORM_CASE, FORM_CASE_LOOKUP)
# Actions Rasa runs on every message before the one that answers it.
HOUSEKEEPING = ("action_listen", "action_extract_slots", ACTION_SESSION_START)


@dataclass(frozen=True)
class Period:
    """From `start` (included) to `end` (excluded), in seconds since the epoch."""

    start: float
    end: float


class StoreReader:
    def __init__(self, connection: sa.engine.Connection):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        # A bot that never received a message has no table yet: an empty report, not an error.
        self.empty = not sa.inspect(connection).has_table("events")

    def _json(self, column: str, *path: str) -> str:
        if self.postgres:
            keys = "".join(f" -> '{key}'" for key in path[:-1])
            return f"(CAST({column} AS json){keys} ->> '{path[-1]}')"
        return f"json_extract({column}, '$.{'.'.join(path)}')"

    def _whole(self, expression: str) -> str:
        """The integer part of a positive number (PostgreSQL's CAST rounds instead)."""
        return f"CAST(FLOOR({expression}) AS INTEGER)" if self.postgres else f"CAST({expression} AS INTEGER)"

    def _rows(self, query: str, period: Period, **values: Any) -> List[Tuple]:
        if self.empty:
            return []
        parameters = {"start": period.start, "end": period.end, **values}
        return [tuple(row) for row in self.connection.execute(sa.text(query), parameters)]

    def conversations_started(self, period: Period) -> List[Tuple[int, int, int]]:
        """(Bogotá day number, hour, conversations started then): a conversation is a Rasa session, so
        someone who writes again the next day starts another."""
        hour = self._whole(f"(timestamp - {BOGOTA_OFFSET_SECONDS}) / 3600")
        rows = self._rows(
            f"""SELECT {hour} AS hour, COUNT(*) FROM events
                WHERE type_name = 'action' AND action_name = :session_start
                AND timestamp >= :start AND timestamp < :end
                GROUP BY hour""",
            period,
            session_start=ACTION_SESSION_START,
        )
        return [(hours // 24, hours % 24, count) for hours, count in rows]

    def messages_per_day(self, period: Period) -> List[Tuple[int, int, int]]:
        """(Bogotá day number, messages, messages the NLU did not understand)."""
        day = self._whole(f"(timestamp - {BOGOTA_OFFSET_SECONDS}) / 86400")
        return self._rows(
            f"""SELECT {day} AS day, COUNT(*), SUM(CASE WHEN intent_name = :fallback THEN 1 ELSE 0 END)
                FROM events WHERE type_name = 'user' AND timestamp >= :start AND timestamp < :end
                GROUP BY day""",
            period,
            fallback=NLU_FALLBACK,
        )

    def handovers(self, period: Period) -> List[Tuple[Optional[str], Optional[str], Optional[str], int]]:
        """(need, product, contact, answers) of every answer that handed over a contact."""
        need, product, contact = (self._json("data", "value", key) for key in ("need", "product", "contact"))
        return self._rows(
            f"""SELECT need, product, contact, COUNT(*)
                FROM (SELECT {need} AS need, {product} AS product, {contact} AS contact FROM events
                      WHERE type_name = 'slot' AND action_name = :slot
                      AND timestamp >= :start AND timestamp < :end) AS answers
                GROUP BY need, product, contact""",
            period,
            slot=SLOT_HANDED_OVER,
        )

    def conversations_with_contact(self, period: Period) -> int:
        """Conversations started in the period in which some answer handed over a contact. Each event is
        numbered with its conversation (the session starts before it), in the database."""
        rows = self._rows(
            """SELECT COUNT(*) FROM (
                   SELECT DISTINCT sender_id, session FROM (
                       SELECT sender_id, type_name,
                              SUM(CASE WHEN type_name = 'action' THEN 1 ELSE 0 END)
                                  OVER (PARTITION BY sender_id ORDER BY id) AS session
                       FROM events
                       WHERE timestamp >= :start AND timestamp < :end
                       AND ((type_name = 'action' AND action_name = :session_start)
                            OR (type_name = 'slot' AND action_name = :slot))) AS numbered
                   WHERE type_name = 'slot' AND session > 0) AS with_contact""",
            period,
            slot=SLOT_HANDED_OVER,
            session_start=ACTION_SESSION_START,
        )
        return int(rows[0][0] or 0) if rows else 0

    def _latest_handover_before(self, event: str) -> str:
        """The id of the last answer that handed over a contact before `event`, within the period."""
        return f"""(SELECT h.id FROM events h WHERE h.sender_id = {event}.sender_id AND h.type_name = 'slot'
                    AND h.action_name = :handed_over AND h.id < {event}.id AND h.timestamp >= :start
                    ORDER BY h.id DESC LIMIT 1)"""

    def satisfaction(self, period: Period) -> List[Tuple[Optional[str], Optional[str], int]]:
        """(answer: asked, useful or not_useful; the need of the answer it was about; how many)."""
        need = self._json("h.data", "value", "need")
        return self._rows(
            f"""SELECT answer, need, COUNT(*)
                FROM (SELECT {self._json("s.data", "value")} AS answer,
                             (SELECT {need} FROM events h WHERE h.id = {self._latest_handover_before("s")}) AS need
                      FROM events s WHERE s.type_name = 'slot' AND s.action_name = :slot
                      AND s.timestamp >= :start AND s.timestamp < :end) AS answers
                GROUP BY answer, need""",
            period,
            slot=SLOT_SATISFACTION,
            handed_over=SLOT_HANDED_OVER,
        )

    def misunderstood(self, period: Period) -> Iterator[str]:
        """The JSON of each message the NLU did not understand, unless it answered one of the bot's questions."""
        query = """SELECT u.data FROM events u
                    WHERE u.type_name = 'user' AND u.intent_name = :fallback
                    AND u.timestamp >= :start AND u.timestamp < :end
                    AND COALESCE((SELECT a.action_name FROM events a WHERE a.sender_id = u.sender_id AND a.id > u.id
                                  AND a.type_name = 'action' AND a.action_name NOT IN :housekeeping
                                  ORDER BY a.id LIMIT 1), '') NOT IN :answer_takers"""
        if self.empty:
            return
        statement = sa.text(query).bindparams(
            sa.bindparam("housekeeping", expanding=True), sa.bindparam("answer_takers", expanding=True)
        )
        parameters = {
            "start": period.start,
            "end": period.end,
            "fallback": NLU_FALLBACK,
            "housekeeping": list(HOUSEKEEPING),
            "answer_takers": list(ANSWER_TAKERS),
        }
        result = self.connection.execution_options(stream_results=True).execute(statement, parameters)
        for (data,) in result:
            yield data

    def answered_not_useful(self, period: Period) -> Iterator[str]:
        """The JSON of the message whose answer the person then said did not serve them."""
        query = f"""SELECT (SELECT u.data FROM events u WHERE u.sender_id = s.sender_id AND u.type_name = 'user'
                            AND u.id < {self._latest_handover_before("s")} AND u.timestamp >= :start
                            ORDER BY u.id DESC LIMIT 1)
                    FROM events s WHERE s.type_name = 'slot' AND s.action_name = :slot
                    AND s.timestamp >= :start AND s.timestamp < :end AND {self._json("s.data", "value")} = :answer"""
        for (data,) in self._rows(
            query, period, slot=SLOT_SATISFACTION, handed_over=SLOT_HANDED_OVER, answer="not_useful"
        ):
            if data:
                yield data

    def what_was_missing(self, period: Period) -> Iterator[str]:
        """The JSON of each person's message right after "¿Qué faltó?"."""
        query = """SELECT (SELECT u.data FROM events u WHERE u.sender_id = q.sender_id AND u.type_name = 'user'
                           AND u.id > q.id AND u.timestamp < :end ORDER BY u.id LIMIT 1)
                   FROM events q WHERE q.type_name = 'action' AND q.action_name = :question
                   AND q.timestamp >= :start AND q.timestamp < :end"""
        for (data,) in self._rows(query, period, question=ACTION_ASK_WHAT_WAS_MISSING):
            if data:
                yield data

    def satisfaction_questions(self, period: Period) -> int:
        rows = self._rows(
            """SELECT COUNT(*) FROM events WHERE type_name = 'action' AND action_name = :question
               AND timestamp >= :start AND timestamp < :end""",
            period,
            question=ACTION_ASK_SATISFACTION,
        )
        return int(rows[0][0] or 0) if rows else 0

    def names_given(self, period: Period) -> List[str]:
        """The names people gave to the case form, to be masked wherever they appear."""
        name = self._json("data", "value")
        rows = self._rows(
            f"""SELECT DISTINCT {name} FROM events WHERE type_name = 'slot' AND action_name = 'case_name'
                AND timestamp >= :start AND timestamp < :end""",
            period,
        )
        return [row[0] for row in rows if row[0]]

    def cases(self, since_iso: str, until_iso: str) -> List[Tuple[Any, ...]]:
        """(route, pqrsa_type, critical, level, desk e-mail state, how many) of the cases filed."""
        if not sa.inspect(self.connection).has_table("certichat_cases"):
            return []
        query = """SELECT c.route, c.pqrsa_type, c.critical, c.level, o.state, COUNT(*)
                   FROM certichat_cases c LEFT JOIN certichat_outbox o ON o.case_id = c.id AND o.kind = 'desk'
                   WHERE c.filed_at >= :since AND c.filed_at < :until
                   GROUP BY c.route, c.pqrsa_type, c.critical, c.level, o.state"""
        return [tuple(r) for r in self.connection.execute(sa.text(query), {"since": since_iso, "until": until_iso})]
