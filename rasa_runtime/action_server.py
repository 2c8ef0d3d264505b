"""The action server: rasa_sdk's own application, on the loopback interface, and without echoing the
conversation in its errors.

`python -m rasa_sdk` listens on every interface with no authentication, so whoever reaches the port
can run actions on a tracker they make up; and when an action raises it answers with the whole
request, the person's conversation, in the body, which Rasa then writes into its log. Here the
server listens on 127.0.0.1 only (put it on another host behind a tunnel or a private network, see
the README) and an error names its kind, nothing of the request.

    python -m rasa_runtime.action_server --port 5055
"""

import argparse
import asyncio
import logging
import os
from typing import Any, List, Optional

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

HOST = "127.0.0.1"
OUTBOX_ROUND_SECONDS = 2.0
logger = logging.getLogger("rasa_runtime.action_server")


async def _error_without_the_conversation(request: Request, exception: Exception) -> HTTPResponse:
    # The traceback says where it failed; the request, which holds the conversation, stays out of it.
    logger.error(f"An action failed: {type(exception).__name__}", exc_info=exception)
    return response.json({"error": type(exception).__name__}, status=500)


async def _deliver_outbox(app: Sanic) -> None:
    """Sends the cases' e-mails in the background, retrying the ones that failed; never in a
    conversation's way, so a slow or absent mail server delays no answer."""
    from actions import context
    from stores.outbox import SmtpSettings, deliver_due

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
        await asyncio.sleep(OUTBOX_ROUND_SECONDS)


def application(actions_package: str = "actions") -> Sanic:
    app = create_app(actions_package, cors_origins=None)
    app.error_handler.add(Exception, _error_without_the_conversation)
    app.add_task(_deliver_outbox)
    return app


def main(argv: Optional[List[str]] = None) -> Any:
    parser = argparse.ArgumentParser(description="CertiChat's action server (loopback only)")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s - %(message)s")
    logger.info(f"Action server on http://{HOST}:{args.port}")
    application(args.actions).run(HOST, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
