"""CertiChat's own dialogue policies, named in config.yml beside Rasa's RulePolicy."""
