"""Nobody leaves without a contact: a guard around every channel's message handling.

Rasa waits up to 300 s for a slow action server and, when an action fails, only logs it. In those
cases the person would get nothing. The guard gives the bot REPLY_DEADLINE_SECONDS to answer; if
it has sent nothing by then, or failed, the person gets the general support contacts, rendered
here from the catalogue without the action server. Late answers from a slow action server still
reach channels that push messages. When the conversation database cannot be read or written
(stores/conversation_store.py), the person is told so plainly, even after a reply, because what
they said may not be remembered.
"""

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import words
from bot.catalogue import load_catalogue_or_exit
from bot.clock import now_in_bogota
from bot.conversation_ids import for_log
from bot.replies import render
from bot.routing import general_contacts
from stores.conversation_store import ConversationStoreUnavailable

logger = logging.getLogger(__name__)

REPLY_DEADLINE_SECONDS = float(os.environ.get("CERTICHAT_REPLY_DEADLINE_SECONDS", "6"))
# Loaded once, when Rasa opens the channels: the last-resort answer must not be able to fail itself
# on a catalogue read, and a broken catalogue stops the server at start-up instead.
CATALOGUE = load_catalogue_or_exit()

Handler = Callable[[UserMessage], Awaitable[Any]]


class _WatchedOutput(OutputChannel):
    """Passes every bot message through and remembers that one was sent."""

    def __init__(self, inner: OutputChannel):
        self.inner = inner
        self.sent_something = False

    def name(self) -> Text:
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent_something = True
        await self.inner.send_response(recipient_id, message)


def degraded_reply(apology: Text) -> Text:
    """The apology, then every product's line and the priority-1 cell, with their hours now."""
    return f"{words.say(apology)}\n{render(general_contacts(CATALOGUE, now_in_bogota()))}"


def with_safety_net(on_new_message: Handler, deadline: float = REPLY_DEADLINE_SECONDS) -> Handler:
    async def handle(message: UserMessage) -> None:
        output = _WatchedOutput(message.output_channel)
        message.output_channel = output
        work = asyncio.ensure_future(on_new_message(message))
        try:
            # shield: a slow answer keeps going after the deadline instead of being cut half-way.
            await asyncio.wait_for(asyncio.shield(work), deadline)
        except ConversationStoreUnavailable:
            logger.exception(
                f"The conversation store failed for {for_log(message.sender_id)}: saying so, with the contacts"
            )
            await output.inner.send_text_message(message.sender_id, degraded_reply("conversation_store_down"))
            return
        except asyncio.TimeoutError:
            logger.error(
                f"No answer within {deadline} s for {for_log(message.sender_id)}: sending the general contacts"
            )
        except Exception:
            logger.exception(
                f"Handling a message from {for_log(message.sender_id)} failed: sending the general contacts"
            )
        if not output.sent_something:
            await output.inner.send_text_message(message.sender_id, degraded_reply("technical_failure"))

    return handle
