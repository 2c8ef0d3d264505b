"""The actions run inside the Rasa process: rasa_sdk's own executor, called directly instead of over
HTTP, when the endpoints file says `action_endpoint: {type: certichat.in_process}`.

Every action call to the action server opened a new HTTP connection and sent the whole tracker and
domain as JSON, which the other side decoded again; a form answer makes two or three such calls.
That was the largest part of the tail under load (benchmarks/README.md). CertiChat's actions are
functions of the tracker they are given: they read it, never change it, and return events; what they
write (cases and their e-mails) goes to the case store, which several processes share. So they can
run where Rasa runs. The action server (rasa_runtime/action_server.py, `CERTICHAT_ACTIONS=server`)
stays the option for actions in their own process or on another machine.

Rasa gets what the action server would answer: the response as the server would send it, a rejected
form answer as the 400 that Rasa turns back into a rejection, an unknown action as a 404, and a
failing action as a 500 whose log line names the error's kind and nothing of the conversation.
Rasa still validates each response and turns it into events as for the action server.
"""

import asyncio
import json
import logging
from functools import lru_cache
from typing import Any, Callable, Dict, Optional, Text

from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

from rasa_runtime.actions_background import ACTIONS_PACKAGE, background_work

ENDPOINT_TYPE = "certichat.in_process"
logger = logging.getLogger(__name__)
_background: Dict[str, "asyncio.Task[None]"] = {}


@lru_cache(maxsize=1)
def executor() -> ActionExecutor:
    actions = ActionExecutor()
    actions.register_package(ACTIONS_PACKAGE)
    return actions


async def run(action_call: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    _start_case_mail()
    try:
        return await executor().run(action_call)
    except ActionExecutionRejection as rejection:
        raise _answer(400, {"error": rejection.message, "action_name": rejection.action_name})
    except ActionNotFoundException as missing:
        raise _answer(404, {"error": missing.message, "action_name": missing.action_name})
    except Exception as error:
        logger.error(f"An action failed: {type(error).__name__}", exc_info=error)
        raise _answer(500, {"error": type(error).__name__})


def _answer(status: int, body: Dict[Text, Any]) -> ClientResponseError:
    return ClientResponseError(status, "", json.dumps(body))


def _start_case_mail() -> None:
    # Once per process, inside Rasa's event loop: the first action call is the first moment there is one.
    if "case_mail" not in _background:
        _background["case_mail"] = asyncio.get_running_loop().create_task(background_work()())


_over_http: Callable = EndpointConfig.request


async def _request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    if self.type != ENDPOINT_TYPE:
        return await _over_http(self, *args, **kwargs)
    return await run(kwargs["json"])


def install() -> None:
    EndpointConfig.request = _request
