"""Sends the cases' e-mails in the background of whichever process runs the actions (the Rasa
process, or the action server), retrying the ones that failed; never in a conversation's way, so a
slow or absent mail server delays no answer. Several processes may run it: the outbox hands each
e-mail to one of them (stores/case_store.py). Whoever runs the actions starts it by its name
(rasa_runtime/actions_background.py)."""

import asyncio
import logging
import os

from actions import context
from stores.outbox import SmtpSettings, deliver_due

logger = logging.getLogger(__name__)
ROUND_SECONDS = 2.0


async def deliver_forever() -> None:

    smtp = SmtpSettings.from_environment(os.environ)
    if smtp is None:
        logger.info("Case e-mails: off (CERTICHAT_SMTP_HOST is not set); cases are kept with their e-mails")
        return
    loop = asyncio.get_running_loop()
    while True:
        try:
            await loop.run_in_executor(None, deliver_due, context.case_store(), smtp)
        except Exception as error:  # the outbox keeps the e-mails; the next round tries again
            logger.error(f"Case e-mail delivery failed: {type(error).__name__}")
        await asyncio.sleep(ROUND_SECONDS)
