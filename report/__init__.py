"""The desk report: what the bot did over a period, read from the conversation store (`certichat report`).

store.py reads the database (SQL aggregation, streamed rows); figures.py turns what it read into the
figures; inbox.py groups the messages to review; masking.py hides personal data; page.py and charts.py
write the HTML; files.py writes the HTML, CSV and JSON, and the NLU stub.
"""
