"""The names domain.yml gives intents, entities, slots and forms, shared by the NLU components and
the actions (tests/unit/bot/test_names.py checks each against domain.yml)."""

# Entity values of the criticality and product cues, defined with the cue reader.
from bot.understanding import CRITICAL_VALUE, NOT_CRITICAL_VALUE, OTHER_PRODUCT_VALUE  # noqa: F401

# Intents
INTENT_GREET = "greet"
INTENT_REPORT_INCIDENT = "report_incident"
INTENT_PQRSA = "pqrsa"
INTENT_ESCALATE = "escalate"
INTENT_ASK_HOURS = "ask_hours"
INTENT_ASK_CONTACT = "ask_contact"
INTENT_INFORM_PRODUCT = "inform_product"
INTENT_AFFIRM = "affirm"
INTENT_DENY = "deny"
INTENT_CASE_STATUS = "case_status"

# Entities
ENTITY_PRODUCT = "product"
ENTITY_PQRSA_TYPE = "pqrsa_type"
ENTITY_CRITICALITY = "criticality"
ENTITY_ESCALATION_LEVEL = "escalation_level"
ENTITY_CHANNEL_KIND = "channel_kind"

# Slots
SLOT_PRODUCT = "product"
SLOT_CRITICALITY = "criticality"
SLOT_OPERATION_STOPPED = "operation_stopped"
SLOT_ESCALATION_REQUEST = "escalation_request"
SLOT_ESCALATION_LEVEL = "escalation_level"
SLOT_LAST_REQUEST = "last_request"

# Forms
FORM_INCIDENT = "incident_form"
FORM_ESCALATION = "escalation_form"
