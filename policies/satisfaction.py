"""Takes the answers to the satisfaction question ("¿Le sirvió?") and to "¿Qué faltó?", in any words.

Rules cannot do it: they key on the intent, and the same words mean different things here and
elsewhere. "No me ayudó" is a request to escalate anywhere else (the cue reader makes it `escalate`),
but right after "¿Le sirvió?" it is the answer. So the message is read as an answer first
(bot/satisfaction.py); a message that says a new need is left to the rules, which answer it as
usual: the question never blocks anything.

Priority 7, above RulePolicy's 6: both predict with confidence 1 when they apply.
"""

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot import satisfaction
from bot.catalogue import load_catalogue_or_exit
from bot.names import (
    ACTION_ASK_SATISFACTION,
    ACTION_ASK_WHAT_WAS_MISSING,
    ACTION_TAKE_FEEDBACK,
    ACTION_TAKE_SATISFACTION,
)
from bot.products import mentioned_product

# The catalogue as the actions load it: a change to it takes a restart, as for them.

# After each of these the bot waits for the person.
_SAID_ALONE = {ACTION_ASK_SATISFACTION, ACTION_ASK_WHAT_WAS_MISSING, ACTION_TAKE_SATISFACTION, ACTION_TAKE_FEEDBACK}


def _action_before_message(tracker: DialogueStateTracker) -> Optional[Text]:
    """The last action the bot ran before the person's latest message."""
    seen_message = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            seen_message = True
        elif seen_message and isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            return event.action_name
    return None


def next_action(tracker: DialogueStateTracker) -> Optional[Text]:
    """The action this policy takes now, or None to leave the turn to the other policies."""
    latest = tracker.latest_action_name
    if latest in _SAID_ALONE and not tracker.followup_action:
        return ACTION_LISTEN_NAME
    if latest != ACTION_LISTEN_NAME or tracker.active_loop_name:
        return None
    question = _action_before_message(tracker)
    message = tracker.latest_message
    intent = (message.intent or {}).get("name") if message else None
    text = (message.text or "") if message else ""
    if question == ACTION_ASK_SATISFACTION:
        names_product = mentioned_product(load_catalogue_or_exit(), text) is not None
        return ACTION_TAKE_SATISFACTION if satisfaction.answer(text, intent, names_product) is not None else None
    if question == ACTION_ASK_WHAT_WAS_MISSING and satisfaction.tells_what_was_missing(text, intent):
        return ACTION_TAKE_FEEDBACK
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class SatisfactionPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_DATA

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = next_action(tracker)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
