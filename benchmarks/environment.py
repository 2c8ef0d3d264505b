"""The environment both bots of a benchmark run under: Rasa's telemetry off, and the Bogotá clock
pinned to a Monday night (CertiGestor closed) so every run takes the same paths."""

import os

ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "CERTICHAT_FROZEN_NOW": "2026-11-23T22:00"}
