"""Every need in one message: "¿me da el teléfono de biometría? también quiero radicar una petición".

The pipeline before this component reads the message as a whole and gives it one intent. Here the
message is cut into parts (bot/needs.py) and each part is read on its own: its own classifier (word and
character counts and the sentence encoder's embedding, like the main classifier's, but of the part), the
cues of bot/understanding.py and the product it names. Parts that ask for the same thing are merged; the
most urgent need becomes the message's intent with its entities, and the others travel in the entity
`more_needs`, which the actions answer in the same turn (actions/more_needs.py).

A message with one part, or whose parts say at most one need, is left as the pipeline read it. So is
a message whose parts say nothing the classifier is sure of: the whole is then the better reading.
"""

import json
from dataclasses import replace
from typing import Any, Dict, List, Optional, Sequence, Set, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from bot import needs, understanding
from bot.catalogue import load_catalogue_or_exit
from bot.names import (
    ENTITY_CHANNEL_KIND,
    ENTITY_CRITICALITY,
    ENTITY_ESCALATION_LEVEL,
    ENTITY_MORE_NEEDS,
    ENTITY_PQRSA_TYPE,
    ENTITY_PRODUCT,
    INTENT_ASK_CONTACT,
    INTENT_ASK_HOURS,
    INTENT_ESCALATE,
    INTENT_INFORM_PRODUCT,
    INTENT_PQRSA,
    INTENT_REPORT_INCIDENT,
    NEED_INTENTS,
)
from bot.products import known_product, named_products
from bot.spanish import fold
from nlu_components.cue_reader import GRIEVANCES, choose, decide, replace_entities
from nlu_components.sentence_encoder import encoder

ARRAYS_FILE, VOCABULARIES_FILE = "parts_classifier.npz", "parts_vocabularies.json"
# The part classifier's guess counts from this probability (a context sentence, "debo confirmarlo antes de
# escalar internamente", is no need); a cue counts whatever the classifier says.
MINIMUM_CONFIDENCE = 0.7
# How much the encoder's embedding weighs beside the counts; 0 leaves it out (tests/nlu/README.md).
ENCODER_WEIGHT = 8.0
_DETAILS = (ENTITY_PQRSA_TYPE, ENTITY_CHANNEL_KIND, ENTITY_ESCALATION_LEVEL, ENTITY_CRITICALITY)
_INFORMATION = (INTENT_ASK_HOURS, INTENT_ASK_CONTACT)


class PartsClassifier:
    """A logistic regression over word counts, character n-gram counts and the sentence encoder's
    embedding of a part of a message, stored as arrays and vocabularies (no pickle)."""

    def __init__(
        self, words: CountVectorizer, characters: CountVectorizer, model: LogisticRegression, encoder_weight: float
    ) -> None:
        self.words, self.characters, self.model, self.encoder_weight = words, characters, model, encoder_weight

    @staticmethod
    def _vectorizers(words=None, characters=None) -> Tuple[CountVectorizer, CountVectorizer]:
        return (
            CountVectorizer(preprocessor=fold, vocabulary=words),
            CountVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(2, 5), vocabulary=characters),
        )

    def _features(self, texts: Sequence[str]) -> csr_matrix:
        counts = [self.words.transform(texts), self.characters.transform(texts)]
        if self.encoder_weight:
            counts.append(csr_matrix(encoder().encode(texts) * self.encoder_weight))
        return hstack(counts).tocsr()

    @classmethod
    def train(cls, texts: Sequence[str], intents: Sequence[str], encoder_weight: float) -> "PartsClassifier":
        words, characters = cls._vectorizers()
        words.fit(texts)
        characters.fit(texts)
        classifier = cls(words, characters, LogisticRegression(max_iter=1000), encoder_weight)
        classifier.model.fit(classifier._features(texts), intents)
        return classifier

    def classify(self, texts: Sequence[str]) -> List[Tuple[str, float]]:
        """The likeliest intent of each text, with its probability."""
        probabilities = self.model.predict_proba(self._features(texts))
        best = probabilities.argmax(axis=1)
        return [(str(self.model.classes_[i]), float(row[i])) for i, row in zip(best, probabilities)]

    def save(self, directory) -> None:
        np.savez(
            directory / ARRAYS_FILE,
            coef=self.model.coef_,
            intercept=self.model.intercept_,
            classes=self.model.classes_.astype(str),
            encoder_weight=np.array(self.encoder_weight),
        )
        vocabularies = {"words": self.words.vocabulary_, "characters": self.characters.vocabulary_}
        (directory / VOCABULARIES_FILE).write_text(json.dumps(vocabularies), encoding="utf-8")

    @classmethod
    def load(cls, directory) -> "PartsClassifier":
        arrays = dict(np.load(directory / ARRAYS_FILE, allow_pickle=False))
        vocabularies = json.loads((directory / VOCABULARIES_FILE).read_text(encoding="utf-8"))
        words, characters = cls._vectorizers(vocabularies["words"], vocabularies["characters"])
        model = LogisticRegression()
        model.coef_, model.intercept_, model.classes_ = arrays["coef"], arrays["intercept"], arrays["classes"]
        return cls(words, characters, model, float(arrays["encoder_weight"]))


# What shapes the answer to each need; an entity the extractor found elsewhere in the message is not it.
_RELEVANT = {
    INTENT_REPORT_INCIDENT: (ENTITY_CRITICALITY,),
    INTENT_PQRSA: (ENTITY_PQRSA_TYPE,),
    INTENT_ESCALATE: (ENTITY_ESCALATION_LEVEL,),
    INTENT_ASK_HOURS: (ENTITY_CHANNEL_KIND, ENTITY_PQRSA_TYPE),
    INTENT_ASK_CONTACT: (ENTITY_CHANNEL_KIND, ENTITY_PQRSA_TYPE),
}


def _relevant(intent: str, details: Dict[str, str]) -> Tuple[Tuple[str, str], ...]:
    return tuple(sorted((name, value) for name, value in details.items() if name in _RELEVANT.get(intent, ())))


def _agrees(whole: needs.Need, by_cue: bool, said: List[needs.Need]) -> bool:
    """The whole message's reading joins the parts' when it agrees with one of them, or when a cue decided
    it (a cue may span parts: "hablé con el supervisor. Nada."); a classifier's guess that names another
    product than the parts do is a blend of them."""
    same_intent = [need for need in said if need.intent == whole.intent]
    if same_intent:
        return any(not need.names_another_product(whole) for need in same_intent)
    return by_cue


def _about_every_product(need: needs.Need) -> bool:
    """A need that names no product, in a message that names several, is about each of them; not a
    contact that is the same for all (the priority-1 cell, the PQRSA desk, the escalation contacts)."""
    return need.product is None and need.contact is None


def _at_the_level_told(said: List[needs.Need], reading: understanding.Reading) -> List[needs.Need]:
    """The level the whole message asks for, which may be told across parts ("el supervisor no resolvió…
    necesito el siguiente nivel"), for each escalation that asks for less."""
    level = reading.escalation_level
    if not level:
        return said
    raised = []
    for need in said:
        told = need.detail(ENTITY_ESCALATION_LEVEL) or ""
        if need.intent == INTENT_ESCALATE and not (told.isdigit() and int(told) >= level):
            need = need.with_detail(ENTITY_ESCALATION_LEVEL, str(level))
        raised.append(need)
    return raised


def _absorbed(part: str, need: needs.Need, found: List[Tuple[str, needs.Need]]) -> bool:
    """A part that is what another part's request is about, not a need of its own:
    - a wait beside a complaint ("tardan 4 días en contestar… ¿cómo hago para que quede registrado?"): an
      escalation read from the wait alone is the complaint's subject;
    - a failure beside a request to take it up a level, when either tells of a while gone by or the request
      points back at it ("desde el 10 de noviembre las firmas no quedan… ¿a quién le escalo esto?")."""
    others = [(p, n) for p, n in found if n is not need]
    if need.intent == INTENT_ESCALATE and not understanding.read(part).asks_for_a_level:
        return any(n.intent == INTENT_PQRSA and n.detail(ENTITY_PQRSA_TYPE) in GRIEVANCES for _, n in others)
    # An escalation that opens another topic ("aparte, llevo 3 semanas con el caso de las licencias") is not
    # about the failure beside it.
    escalations = [(p, n) for p, n in others if n.intent == INTENT_ESCALATE and not needs.opens_another_topic(p)]
    if not needs.escalated(need, [n for _, n in escalations]):
        return False
    told = [part] + [text for text, _ in escalations]
    return any(understanding.points_back(text) or understanding.tells_a_long_standing_failure(text) for text in told)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class NeedsReader(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"encoder_weight": ENCODER_WEIGHT}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Optional[PartsClassifier],
    ):
        self.config, self._model_storage, self._resource, self.classifier = config, model_storage, resource, classifier
        self.catalogue = load_catalogue_or_exit()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "NeedsReader":
        return cls(config, model_storage, resource, None)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "NeedsReader":
        try:
            with model_storage.read_from(resource) as directory:
                classifier = PartsClassifier.load(directory)
        except (ValueError, FileNotFoundError):
            classifier = None  # trained without intent examples
        return cls(config, model_storage, resource, classifier)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        if len({m.get(INTENT) for m in examples}) > 1:
            texts, intents = [m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples]
            self.classifier = PartsClassifier.train(texts, intents, float(self.config["encoder_weight"]))
            with self._model_storage.write_to(self._resource) as directory:
                self.classifier.save(directory)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if self.classifier is not None and not text.startswith("/"):
                self._read(message, text)
        return messages

    def _read(self, message: Message, text: Text) -> None:
        intent = message.get(INTENT) or {}
        whole = self._whole(message, intent)
        by_cue = intent.get(PREDICTED_CONFIDENCE_KEY) == 1.0
        reading = understanding.read(text)
        # A product's word stems ("documento", "lector") name it in a part only if the message names no other.
        aliased = named_products(self.catalogue, text, stems_of=set())
        stems_of = set(aliased) or None
        parts = [piece for part in needs.clauses(text) for piece in self._apart(part)]
        # A correction the cues read ("me equivoqué, es el del gestor") gives way only to a need a cue reads.
        only_cues = intent.get(INTENT_NAME_KEY) == INTENT_INFORM_PRODUCT and by_cue
        said = self._part_needs(parts, stems_of, only_cues) if len(parts) > 1 else []
        if whole and said and not _agrees(whole, by_cue, said):
            whole = None
        both = aliased or named_products(self.catalogue, text)
        if whole and len(both) > 1:
            # The entity extractor picked one of the products named: which need is whose is the parts' to say,
            # or, in a question about both, each product's.
            whole = replace(whole, product=None)
        found = needs.combine(([whole] if whole else []) + said)
        # A need that names no product is about the one the message names, or about each of several.
        found = [n for need in found for n in (needs.per_product(need, both) if _about_every_product(need) else [need])]
        found = needs.combine(needs.with_criticality(_at_the_level_told(found, reading), reading.critical))
        if reading.pqrsa_denied:
            # "Necesito hacer una petición… bueno no, no es petición: el gestor no sube los anexos."
            found = [need for need in found if need.intent != INTENT_PQRSA]
        if found and (len(found) > 1 or whole is None or found[0] != whole):
            self._set(message, found[0], found[1:])

    def _apart(self, part: str) -> List[str]:
        """A part that tells of two products, cut at each "y" where each piece tells something of its own
        ("la huella no abre y en el gestor tengo un caso sin resolver"), not a question about both."""
        if len(named_products(self.catalogue, part, set())) < 2:
            return [part]
        pieces = needs.at_each_and(part)
        readings = [understanding.read(piece) for piece in pieces]
        telling = [r for r in readings if r.tells_a_need or r.outage]
        # Questions about both products ("los números de la huella y del gestor, ¿y atienden el 24?") stay whole.
        return pieces if len(telling) > 1 and any(not r.information for r in telling) else [part]

    def _part_needs(self, parts: List[str], stems_of: Optional[Set[str]], only_cues: bool) -> List[needs.Need]:
        if self.classifier is None:
            return []
        found = []
        for part, (intent, confidence) in zip(parts, self.classifier.classify(parts)):
            need = self._need(part, None if only_cues or confidence < MINIMUM_CONFIDENCE else intent, stems_of)
            if need is not None:
                found.append((part, need))
        return [need for part, need in found if not _absorbed(part, need, found)]

    def _need(self, part: str, intent: Optional[str], stems_of: Optional[Set[str]]) -> Optional[needs.Need]:
        reading = understanding.read(part)
        named = named_products(self.catalogue, part, stems_of)
        product = named[0] if len(named) == 1 else None
        decision = decide(reading, intent, product) or {}
        chosen = decision.get(INTENT, intent)
        if chosen not in NEED_INTENTS or (chosen == INTENT_PQRSA and reading.pqrsa_denied):
            return None
        details = {name: str(decision[name]) for name in _DETAILS if decision.get(name)}
        if reading.critical is not None:
            details[ENTITY_CRITICALITY] = understanding.criticality(reading.critical)
        if reading.pqrsa_type and ENTITY_PQRSA_TYPE not in details:
            details[ENTITY_PQRSA_TYPE] = reading.pqrsa_type
        if (
            chosen in _INFORMATION
            and ENTITY_CHANNEL_KIND not in details
            and (channel := understanding.channel_named(part))
        ):
            details[ENTITY_CHANNEL_KIND] = channel
        return needs.Need(chosen, product, _relevant(chosen, details))

    def _whole(self, message: Message, intent: Dict[Text, Any]) -> Optional[needs.Need]:
        """The need the pipeline read in the whole message, if it read one."""
        if intent.get(INTENT_NAME_KEY) not in NEED_INTENTS:
            return None
        found = {e[ENTITY_ATTRIBUTE_TYPE]: str(e[ENTITY_ATTRIBUTE_VALUE]) for e in message.get(ENTITIES) or []}
        details = {name: found[name] for name in _DETAILS if name in found}
        product = known_product(self.catalogue, found.get(ENTITY_PRODUCT))
        return needs.Need(intent[INTENT_NAME_KEY], product, _relevant(intent[INTENT_NAME_KEY], details))

    @staticmethod
    def _set(message: Message, first: needs.Need, others: List[needs.Need]) -> None:
        values = {ENTITY_PRODUCT: first.product, **dict(first.details)}
        if others:
            values[ENTITY_MORE_NEEDS] = needs.encode(others)
        replaced = {ENTITY_PRODUCT, *_DETAILS, ENTITY_MORE_NEEDS}
        replace_entities(message, replaced, {name: value for name, value in values.items() if value})
        choose(message, first.intent)
