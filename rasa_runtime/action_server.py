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
import logging
from typing import Any, List, Optional

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_runtime.actions_background import background_work

HOST = "127.0.0.1"
logger = logging.getLogger("rasa_runtime.action_server")


async def _error_without_the_conversation(request: Request, exception: Exception) -> HTTPResponse:
    # The traceback says where it failed; the request, which holds the conversation, stays out of it.
    logger.error(f"An action failed: {type(exception).__name__}", exc_info=exception)
    return response.json({"error": type(exception).__name__}, status=500)


def application(actions_package: str = "actions") -> Sanic:
    app = create_app(actions_package, cors_origins=None)
    app.error_handler.add(Exception, _error_without_the_conversation)
    app.add_task(background_work(actions_package))
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
