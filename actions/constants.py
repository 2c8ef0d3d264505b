"""Names shared with domain.yml and the training data, kept in one place."""

# Intents
INTENT_REPORT_INCIDENT = "report_incident"
INTENT_PQRSA = "pqrsa"
INTENT_ESCALATE = "escalate"
INTENT_ASK_HOURS = "ask_hours"
INTENT_ASK_CONTACT = "ask_contact"
INTENT_INFORM_PRODUCT = "inform_product"
INTENT_AFFIRM = "affirm"
INTENT_DENY = "deny"

# Entities
ENTITY_PRODUCT = "product"
ENTITY_PQRSA_TYPE = "pqrsa_type"
ENTITY_CRITICALITY = "criticality"
ENTITY_ESCALATION_LEVEL = "escalation_level"
ENTITY_CHANNEL_KIND = "channel_kind"

# The value data/nlu/synonyms.yml gives every criticality cue ("urgente", "todo parado"…), and the one
# the cue reader (nlu_components/cue_reader.py) gives a negated or hedged one ("no es crítico").
CRITICALITY_CUE_VALUE = "critico"
NOT_CRITICAL_VALUE = "no_critico"
# The product entity of "era el otro sistema": the product that is not the one in the conversation.
OTHER_PRODUCT_VALUE = "otro"

# Slots
SLOT_PRODUCT = "product"
SLOT_CRITICALITY = "criticality"
SLOT_OPERATION_STOPPED = "operation_stopped"
SLOT_ESCALATION_REQUEST = "escalation_request"
SLOT_ESCALATION_LEVEL = "escalation_level"
SLOT_PQRSA_TYPE = "pqrsa_type"
SLOT_CHANNEL_KIND = "channel_kind"
SLOT_LAST_REQUEST = "last_request"

# Forms
FORM_INCIDENT = "incident_form"
FORM_ESCALATION = "escalation_form"
