"""Where Rasa keeps conversations (SQL, cached, failing loudly) and the locks that put one
conversation's messages in order across processes (Redis)."""
