"""Rasa custom actions: thin adapters from conversation trackers to the routing core in `bot/`."""
