"""Rasa input channels for Telegram and Slack, and the credentials file that turns channels on."""
