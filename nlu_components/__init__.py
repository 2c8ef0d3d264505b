"""Custom Rasa NLU components for CertiChat (referenced from config.yml)."""
