"""One namespace per channel for conversation ids, and ids fit for a log.

Telegram names a conversation by chat id, Slack by channel and user, the widget by its session and
REST by whatever `sender` a caller writes. Stored by that string alone, a REST caller who sent a
Telegram chat id would write into that person's conversation. Every channel therefore prefixes its
ids with its own name; no channel can produce another's prefix.
"""

import hashlib
from typing import Text


def conversation_id(channel: Text, *parts: object) -> Text:
    return ":".join([channel, *(str(part) for part in parts)])


def local_id(conversation: Text) -> Text:
    """The id the channel itself uses ("telegram:8001" -> "8001")."""
    return conversation.split(":", 1)[1] if ":" in conversation else conversation


def for_log(conversation: Text) -> Text:
    """A short, stable stand-in for a conversation id: logs can follow one conversation without
    holding the chat id, phone-like sender or session it came from."""
    channel = conversation.split(":", 1)[0] if ":" in conversation else "?"
    return f"{channel}:{hashlib.sha256(conversation.encode('utf-8')).hexdigest()[:12]}"
