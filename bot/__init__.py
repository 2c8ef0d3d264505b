"""CertiChat's core: the channel catalogue, schedules in Bogotá time and routing.

Nothing here knows about Rasa; `actions/` adapts conversations to these functions.
"""
