"""Applies the cues of `bot.understanding` to every parsed message, after the classifier and the
entity extractor, so that the words that decide a route are never lost to a low-confidence guess.

What it changes, in this order (the first that applies):
- an empty or whitespace-only message is a greeting (the bot answers with its options);
- a question about one contact (the P1 cell, the PQRSA desk, the supervisor, the coordinator) asks for
  it, with that contact as `channel_kind` (or the PQRSA type), whatever product is in the conversation;
- a correction of the product ("ah no, era el otro, el de documentos") names the product, and the
  action answers the last request again for it;
- an outage said together with a priority-1 cue is an incident;
- a level that did not help, a long wait with support, or a named level asked for is an escalation,
  with the level it asks for;
- an outage, or a priority-1 cue with a product, is an incident;
- a PQRSA named in other words (one word, a formal record of dissatisfaction, a formal thank-you);
- a question about hours or ways to reach support is an information request.
The criticality entity always follows the cues: "critico" when affirmed, "no_critico" when negated or
hedged, and whatever the extractor guessed is dropped when the cue reader disagrees.
"""

import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import names, understanding
from bot.catalogue import load_catalogue_or_exit
from bot.products import mentioned_product

EXTRACTOR = "CueReader"
CASE_REFERENCE = re.compile(r"\bcc \d{8} \d{4,}\b")  # as the cue reader cleans "CC-20261124-0042"


# PQRSA types that make an unanswered wait a grievance rather than a case to take up a level:
# "llevo un mes esperando que me devuelvan un dinero y nadie me responde", "pésimo servicio, nadie contesta".
GRIEVANCES = ("reclamo", "queja")


def _a_grievance(reading: understanding.Reading) -> bool:
    """A wait told as a complaint about money or the service, with no level asked for: a PQRSA."""
    return not reading.asks_for_a_level and reading.pqrsa_type in GRIEVANCES


Decision = Optional[Dict[Text, Text]]


def _nothing_written(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    return {INTENT: names.INTENT_GREET} if not reading.text else None


def _a_filed_case(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    # "¿cómo va mi queja CC-20261124-0042?" asks about a filed case, whatever else it names.
    return {INTENT: names.INTENT_CASE_STATUS} if CASE_REFERENCE.search(reading.text) else None


def _one_contact(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    if reading.contact_asked == understanding.CONTACT_PQRSA:
        return {
            INTENT: names.INTENT_ASK_HOURS if reading.information == "horario" else names.INTENT_PQRSA,
            names.ENTITY_PQRSA_TYPE: reading.pqrsa_type or "peticion",
        }
    if reading.contact_asked:
        return {INTENT: names.INTENT_ASK_CONTACT, names.ENTITY_CHANNEL_KIND: reading.contact_asked}
    return None


def _not_a_pqrsa(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    """ "No es un reclamo: el flujo no avanza": the failure told instead; nothing else told, not understood."""
    if not reading.pqrsa_denied or intent != names.INTENT_PQRSA and not reading.outage:
        return None
    return {INTENT: names.INTENT_REPORT_INCIDENT if reading.outage else names.NLU_FALLBACK}


def _a_product_corrected(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    """ "Ah no, era el otro, el de documentos": the product changes and the last request is answered again.
    A correction that tells a need of its own ("lo que necesito en realidad es el supervisor") is that need."""
    if not reading.correction or not (product or reading.other_product) or reading.tells_a_need:
        return None
    return {INTENT: names.INTENT_INFORM_PRODUCT, names.ENTITY_PRODUCT: product or understanding.OTHER_PRODUCT_VALUE}


def _yes_or_no(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    # A yes or a no: what is said of the operation decides which ("no, aún podemos trabajar" is a no).
    if intent in (names.INTENT_AFFIRM, names.INTENT_DENY, names.OUT_OF_SCOPE) and reading.answer is not None:
        return {INTENT: names.INTENT_AFFIRM if reading.answer else names.INTENT_DENY}
    return None


def _a_critical_failure(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    return {INTENT: names.INTENT_REPORT_INCIDENT} if reading.outage and reading.critical else None


def _a_pqrsa_asked(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    if reading.pqrsa_type == "reclamo" and not reading.asks_for_a_level:
        # Money ("me debitaron dos veces y la plata no aparece") is a claim, whatever failed around it.
        return {INTENT: names.INTENT_PQRSA, names.ENTITY_PQRSA_TYPE: "reclamo"}
    if reading.pqrsa_requested:
        return {INTENT: names.INTENT_PQRSA, names.ENTITY_PQRSA_TYPE: reading.pqrsa_type or "peticion"}
    return None


def _a_level_up(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    if reading.escalation_level and not _a_grievance(reading):
        return {INTENT: names.INTENT_ESCALATE, names.ENTITY_ESCALATION_LEVEL: str(reading.escalation_level)}
    if reading.escalate_word and not reading.outage:
        return {INTENT: names.INTENT_ESCALATE}
    return None


def _a_person(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    return {INTENT: names.INTENT_ASK_HUMAN} if reading.person_asked and not reading.outage else None


def _a_pqrsa_named(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    # "¿qué pasó con mi queja radicada?" asks about one already filed, when the classifier reads it so.
    if reading.pqrsa_type and not reading.outage and intent != names.INTENT_CASE_STATUS:
        return {INTENT: names.INTENT_PQRSA, names.ENTITY_PQRSA_TYPE: reading.pqrsa_type}
    return None


def _information(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    if not reading.information or reading.outage:
        return None
    if intent in (names.INTENT_ASK_HOURS, names.INTENT_ASK_CONTACT):
        return {INTENT: intent}  # the classifier's reading of which, made sure
    return {INTENT: names.INTENT_ASK_HOURS if reading.information == "horario" else names.INTENT_ASK_CONTACT}


def _a_failure(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    if (
        reading.outage
        and intent not in (names.INTENT_ASK_HOURS, names.INTENT_ASK_CONTACT)
        # A PQRSA about a failure names itself ("queja", a refund); without such a word it is the failure.
        and not (intent == names.INTENT_PQRSA and reading.pqrsa_type)
        and not (intent == names.INTENT_ESCALATE and reading.escalation_asked)
    ):
        return {INTENT: names.INTENT_REPORT_INCIDENT}
    if reading.critical is not None and product and intent not in (names.INTENT_AFFIRM, names.INTENT_DENY):
        # How grave it is, said of a product ("no es grave, es solo visual"): a failure is being told.
        return {INTENT: names.INTENT_REPORT_INCIDENT}
    return None


# In this order, the first that applies decides.
_RULES = (
    _nothing_written,
    _a_filed_case,
    _one_contact,
    _not_a_pqrsa,
    _a_product_corrected,
    _yes_or_no,
    _a_critical_failure,
    _a_pqrsa_asked,
    _a_level_up,
    _a_person,
    _a_pqrsa_named,
    _information,
    _a_failure,
)


def decide(reading: understanding.Reading, intent: Optional[Text], product: Optional[Text]) -> Decision:
    """The intent and entities the cues call for, or None to keep the classifier's."""
    return next((decision for decision in (rule(reading, intent, product) for rule in _RULES) if decision), None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class CueReader(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self) -> None:
        self.catalogue = load_catalogue_or_exit()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CueReader":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # button payloads and typed intents are not natural language
            self._apply(message, text)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

    def _apply(self, message: Message, text: Text) -> None:
        reading = understanding.read(text)
        found = {e[ENTITY_ATTRIBUTE_TYPE]: e[ENTITY_ATTRIBUTE_VALUE] for e in message.get(ENTITIES) or []}
        # The catalogue's names read with their negations ("es el gestor, no la huella") before the extractor's guess.
        # In a correction the product named first is the right one ("era el de huellas, el gestor no").
        product = mentioned_product(self.catalogue, text, earliest=reading.correction) or found.get(
            names.ENTITY_PRODUCT
        )
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        decision = decide(reading, intent, product) or {}
        if not decision and intent == names.OUT_OF_SCOPE and (product or _about_support(reading)):
            # A message about a product, a failure or a contact is never out of scope: the likeliest need.
            likeliest = _likeliest_need(message)
            decision = {INTENT: likeliest} if likeliest else {}
        if decision.get(INTENT) == names.INTENT_CASE_STATUS:
            # A question about a filed case: "el número de caso" names no channel, the case names no product.
            message.set(ENTITIES, [], add_to_output=True)
            choose(message, decision[INTENT])
            return
        replaced = set(decision) - {INTENT}
        if reading.critical is not None:
            decision[names.ENTITY_CRITICALITY] = understanding.criticality(reading.critical)
            replaced.add(names.ENTITY_CRITICALITY)
        if product and found.get(names.ENTITY_PRODUCT) != product and names.ENTITY_PRODUCT not in decision:
            decision[names.ENTITY_PRODUCT] = product
            replaced.add(names.ENTITY_PRODUCT)
        if names.ENTITY_ESCALATION_LEVEL in found and reading.escalation_level is None and reading.contact_asked:
            replaced.add(names.ENTITY_ESCALATION_LEVEL)  # "el correo del coordinador" asks for an e-mail, not a level
        # Where the extractor already found the same value, its entity (with its span) stays.
        replaced -= {name for name in replaced if found.get(name) is not None and found[name] == decision.get(name)}
        replace_entities(message, replaced, {name: decision[name] for name in replaced if name in decision})
        if INTENT in decision:
            choose(message, decision[INTENT])


def _about_support(reading: understanding.Reading) -> bool:
    return bool(reading.outage or reading.information or reading.contact_asked or reading.pqrsa_type)


def _likeliest_need(message: Message) -> Optional[Text]:
    ranking = message.get(INTENT_RANKING_KEY) or []
    return next((r[INTENT_NAME_KEY] for r in ranking if r.get(INTENT_NAME_KEY) in names.NEED_INTENTS), None)


def replace_entities(message: Message, replaced: Set[Text], values: Dict[Text, Any]) -> None:
    """The message's entities of the types `replaced` give way to `values`, read from the whole message, not
    from one span: their start and end mark no characters."""
    kept = [e for e in message.get(ENTITIES) or [] if e[ENTITY_ATTRIBUTE_TYPE] not in replaced]
    read = [
        {
            ENTITY_ATTRIBUTE_TYPE: name,
            ENTITY_ATTRIBUTE_VALUE: value,
            "extractor": EXTRACTOR,
            ENTITY_ATTRIBUTE_START: 0,
            ENTITY_ATTRIBUTE_END: 0,
        }
        for name, value in sorted(values.items())
    ]
    message.set(ENTITIES, kept + read, add_to_output=True)


def choose(message: Message, intent: Text) -> None:
    """Makes `intent` the message's intent, sure, whatever the classifier guessed."""
    chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    # The classifier's alternatives stay, in order and at half weight (at most 0.5), so the fallback
    # classifier does not read the choice as ambiguous; the unknown-words fallback's entry goes.
    ranking = [
        {**r, PREDICTED_CONFIDENCE_KEY: min(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0, 1.0) * 0.5}
        for r in message.get(INTENT_RANKING_KEY) or []
        if r.get(INTENT_NAME_KEY) not in (intent, DEFAULT_NLU_FALLBACK_INTENT_NAME)
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
