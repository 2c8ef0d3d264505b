"""The messages to review: grouped by near-identical text, and exported as an NLU stub to correct."""

import json

import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from report.inbox import group, nlu_stub
from report.masking import Masker


def _stored(text: str, intent: str = "ask_contact", confidence: float = 0.4) -> str:
    """A message as the conversation store keeps it after the NLU fallback."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": intent, "confidence": confidence}]
    return json.dumps({"event": "user", "text": text, "parse_data": {"intent": ranking[0], "intent_ranking": ranking}})


def test_near_identical_texts_are_one_group_most_frequent_first():
    groups = group(
        [
            _stored("el token no me deja firmar"),
            _stored("El token NO me deja firmar!!"),
            _stored("el tokn no me deja firmar"),  # a typo
            _stored("¿Dónde descargo el manual?", "ask_hours", 0.3),
            _stored("/affirm", "affirm", 1.0),  # a button: not the person's words
        ]
    )
    assert [(g.count, g.intent) for g in groups] == [(3, "ask_contact"), (1, "ask_hours")]
    assert groups[0].as_dict()["confidence"] == 0.4


def test_numbers_do_not_split_a_group():
    groups = group([_stored("el token 327 no firma"), _stored("el token 165 no firma"), _stored("token 9")])
    assert [g.count for g in groups] == [2, 1]


def test_personal_data_never_reaches_the_inbox():
    texts = [_stored("soy Ana Rojas, mi cel 300 123 4567"), _stored("correo de juan ana@x.co")]
    groups = group(texts, Masker(["Juan Camilo"]))
    texts = " ".join(g.text for g in groups)
    assert "300" not in texts and "ana@x.co" not in texts and "Ana Rojas" not in texts and "juan" not in texts


def test_the_nlu_stub_is_rasa_training_data_with_one_block_per_predicted_intent(tmp_path):
    groups = group([_stored("el token no me deja firmar"), _stored("manual de usuario?", "ask_hours", 0.3)])
    text = nlu_stub(groups, "2026-11-23 a 2026-11-29")
    assert yaml.safe_load(text)["version"] == "3.1"
    data = RasaYAMLReader().reads(text)
    assert {(m.get("intent"), m.get("text")) for m in data.intent_examples} == {
        ("ask_contact", "el token no me deja firmar"),
        ("ask_hours", "manual de usuario?"),
    }
    assert "# Predicho: ask_contact" in text  # the counts and confidences are comments, outside the examples


def test_what_people_wrote_cannot_break_the_stub_or_become_an_annotation():
    groups = group([_stored("mi [huella](producto) \x07 no: pasa # nada"), _stored("- [correo]{x} o 'comillas'")])
    data = RasaYAMLReader().reads(nlu_stub(groups, "una semana"))
    assert sorted(m.get("text") for m in data.intent_examples) == [
        "- [correo] {x} o 'comillas'",
        "mi [huella] (producto) no: pasa # nada",
    ]
    assert not any(m.get("entities") for m in data.intent_examples)
