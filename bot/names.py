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
INTENT_ASK_HUMAN = "ask_human"
INTENT_INFORM_PRODUCT = "inform_product"
INTENT_AFFIRM = "affirm"
INTENT_DENY = "deny"
INTENT_CASE_STATUS = "case_status"
OUT_OF_SCOPE = "out_of_scope"
NLU_FALLBACK = "nlu_fallback"  # Rasa's, for a message understood with too little confidence

# Entities
ENTITY_PRODUCT = "product"
ENTITY_PQRSA_TYPE = "pqrsa_type"
ENTITY_CRITICALITY = "criticality"
ENTITY_ESCALATION_LEVEL = "escalation_level"
ENTITY_CHANNEL_KIND = "channel_kind"
# The needs of a message after its first (bot/needs.py), answered in the same turn.
ENTITY_MORE_NEEDS = "more_needs"

# Slots
SLOT_PRODUCT = "product"
SLOT_CRITICALITY = "criticality"
SLOT_OPERATION_STOPPED = "operation_stopped"
SLOT_ESCALATION_REQUEST = "escalation_request"
SLOT_ESCALATION_LEVEL = "escalation_level"
SLOT_LAST_REQUEST = "last_request"
# Its values: what the last answer was about, to answer it again when the person corrects the product.
LAST_INCIDENT, LAST_CRITICAL_INCIDENT, LAST_MINOR_INCIDENT = "incidente", "incidente_critico", "incidente_no_critico"
LAST_ESCALATION, LAST_PQRSA, LAST_INFORMATION = "escalamiento", "pqrsa", "informacion:"
# The desk's records (report/): whether the answer was useful, and what each answer handed over.
SLOT_SATISFACTION = "satisfaction"
SLOT_HANDED_OVER = "handed_over"
# The hand-off offer waiting for its yes or no (actions/case_offer.py), and the case form's answers
# (actions/case_form.py) and status lookup (actions/case_status.py).
SLOT_CASE_OFFER = "case_offer"
SLOT_CONSENT, SLOT_CONSENT_AT = "case_consent", "case_consent_at"
SLOT_NAME, SLOT_CONTACT, SLOT_COMPANY = "case_name", "case_contact", "case_company"
SLOT_EMAIL, SLOT_PHONE = "case_email", "case_phone"
SLOT_DETAILS, SLOT_SINCE, SLOT_PQRSA_TYPE = "case_details", "case_since", "case_pqrsa_type"
SLOT_CONFIRMED = "case_confirmed"
SLOT_LOOKUP, SLOT_LOOKUP_CONTACT = "case_lookup", "lookup_contact"

# Forms
FORM_INCIDENT = "incident_form"
FORM_ESCALATION = "escalation_form"
FORM_CASE = "case_form"
FORM_CASE_LOOKUP = "case_lookup_form"

# Intents that say a need on their own. Not case_status: the NLU gives it to any message with a long
# number ("mi cel 300…"); nor inform_product: a product named alone says no need.
NEED_INTENTS = frozenset(
    {INTENT_REPORT_INCIDENT, INTENT_PQRSA, INTENT_ESCALATE, INTENT_ASK_HOURS, INTENT_ASK_CONTACT, INTENT_ASK_HUMAN}
)

# The satisfaction question and what follows it (policies/satisfaction.py)
ACTION_ASK_SATISFACTION = "action_ask_satisfaction"
ACTION_TAKE_SATISFACTION = "action_take_satisfaction"
ACTION_ASK_WHAT_WAS_MISSING = "action_ask_what_was_missing"
ACTION_TAKE_FEEDBACK = "action_take_feedback"
# Rasa's own, replaced (actions/conversation.py); the report counts conversations by it.
ACTION_SESSION_START = "action_session_start"
