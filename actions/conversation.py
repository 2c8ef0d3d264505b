"""The turns of a conversation that are always said the same way: greeting, thanks, goodbye…

They are actions rather than domain responses so that their words live with all the others, in
bot/words.yml.
"""

from abc import abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, Restarted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.handover import hand_over
from bot import words
from bot.names import ACTION_SESSION_START, SLOT_HANDED_OVER, SLOT_SATISFACTION
from bot.routing import Request, RequestKind, Topic, route


class Say(Action):
    """Says one sentence of bot/words.yml, with a menu of buttons if it has one."""

    SENTENCE: Text = ""
    MENU: Optional[Text] = None

    @abstractmethod
    def name(self) -> Text:
        """Abstract, so that the action server does not register the base class itself."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=words.say(self.SENTENCE), buttons=words.menu(self.MENU) if self.MENU else [])
        return []


class ActionGreet(Say):
    SENTENCE, MENU = "greet", "main"

    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        policy = context.catalogue().data_policy
        if policy.url and policy.controller:
            # The first thing a person reads says who handles their data and where the policy is.
            dispatcher.utter_message(text=words.say("data_policy", controller=policy.controller, url=policy.url))
        return await super().run(dispatcher, tracker, domain)


class ActionSayGoodbye(Say):
    SENTENCE = "goodbye"

    def name(self) -> Text:
        return "action_say_goodbye"


class ActionSayYouAreWelcome(Say):
    SENTENCE = "you_are_welcome"

    def name(self) -> Text:
        return "action_say_you_are_welcome"


class ActionSayIAmABot(Action):
    """Says it is an assistant, and how to reach a person now: the chat, which people answer, and the line."""

    def name(self) -> Text:
        return "action_say_i_am_a_bot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=words.say("i_am_a_bot"))
        request = Request(RequestKind.INFORMATION, context.tracker_product(tracker), topic=Topic.PERSON)
        return hand_over(dispatcher, route(context.catalogue(), request, context.now()))


class ActionSayOutOfScope(Say):
    SENTENCE, MENU = "out_of_scope", "main"

    def name(self) -> Text:
        return "action_say_out_of_scope"


class ActionRestart(Say):
    """Rasa's own action_restart, replaced so that "/restart" is answered with a greeting from words.yml."""

    SENTENCE, MENU = "restart", "main"

    def name(self) -> Text:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        return await super().run(dispatcher, tracker, domain) + [Restarted()]


# Records of what happened in one session, for the desk report: a new session starts without them, so
# that each session is asked "¿Le sirvió?" once and no answer is counted twice.
_NOT_CARRIED_OVER = {SLOT_SATISFACTION, SLOT_HANDED_OVER, "requested_slot"}


class ActionSessionStart(Action):
    """Rasa's own session start (domain.yml: carry_over_slots_to_new_session), carrying over each slot's
    value rather than every SlotSet event of the session, and not the desk's records."""

    def name(self) -> Text:
        return ACTION_SESSION_START

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        carry_over = domain.get("session_config", {}).get("carry_over_slots_to_new_session", True)
        carried = [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if carry_over and value is not None and name not in _NOT_CARRIED_OVER
        ]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]
