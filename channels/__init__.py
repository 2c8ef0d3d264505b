"""Rasa input channels: REST, Socket.IO (the website widget), Telegram and Slack, each behind the
safety net that gives every person a contact even when the bot fails. Each channel declares the
settings it needs (`settings.py`)."""
