"""An action call a test forges, as Rasa would send it, made to fail inside the action."""

from typing import Any, Dict

MARKER = "mi cedula es 80123456"


def failing_escalation_call() -> Dict[str, Any]:
    """`action_answer_escalation` with a level that is not a number, after a message holding MARKER."""
    return {
        "next_action": "action_answer_escalation",
        "sender_id": "rest:fallo",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "rest:fallo",
            "slots": {"product": "biometria", "escalation_level": "no-es-un-numero"},
            "latest_message": {"text": MARKER, "intent": {"name": "escalate"}, "entities": []},
            "events": [{"event": "user", "text": MARKER}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }
