#!/usr/bin/env bash
# Evaluates the trained NLU on the held-out examples in tests/nlu/held_out.yml (never used for
# training) and prints intent and entity F1. Full reports: results/nlu/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false
echo "==> Evaluando la NLU con tests/nlu/held_out.yml"
.venv/bin/rasa test nlu --nlu tests/nlu/held_out.yml --model models/certichat.tar.gz --out results/nlu \
  > run/nlu-report.log 2>&1 || { tail -n 30 run/nlu-report.log >&2; exit 1; }
.venv/bin/python - <<'PY'
import json
from pathlib import Path

results = Path("results/nlu")
intents = json.loads((results / "intent_report.json").read_text())
entities = json.loads((results / "CRFEntityExtractor_report.json").read_text())
print(f"Intents  ({intents['macro avg']['support']} ejemplos): macro F1 {intents['macro avg']['f1-score']:.3f}, "
      f"weighted F1 {intents['weighted avg']['f1-score']:.3f}, accuracy {intents['accuracy']:.3f}")
print(f"Entities ({entities['micro avg']['support']} menciones): micro F1 {entities['micro avg']['f1-score']:.3f}, "
      f"macro F1 {entities['macro avg']['f1-score']:.3f}")
for name, scores in sorted(intents.items()):
    if isinstance(scores, dict) and "f1-score" in scores and not name.endswith("avg"):
        print(f"  {name:16s} F1 {scores['f1-score']:.3f}  (precision {scores['precision']:.2f}, recall {scores['recall']:.2f})")
errors = json.loads((results / "intent_errors.json").read_text()) if (results / "intent_errors.json").exists() else []
for error in errors:
    print(f"  error: '{error['text']}' -> {error['intent_prediction']['name']} (expected {error['intent']})")
PY
