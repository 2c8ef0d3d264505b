"""CertiChat's changes to Rasa's own internals, and the start-up check that they still fit the
installed Rasa."""
