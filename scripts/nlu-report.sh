#!/usr/bin/env bash
# Evaluates the trained NLU on the held-out examples (never used for training) and prints intent and
# entity F1 for each set: tests/nlu/held_out.yml, written beside the training data, and
# tests/nlu/held_out_voices.yml, written by someone who had only the source documents (tests/nlu/README.md).
# Full reports: results/nlu/ and results/nlu-voices/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false
for set in held_out held_out_voices; do
  out=results/nlu; [ "$set" = held_out_voices ] && out=results/nlu-voices
  echo "==> Evaluando la NLU con tests/nlu/$set.yml"
  .venv/bin/rasa test nlu --nlu "tests/nlu/$set.yml" --model models/certichat.tar.gz --out "$out" \
    > "run/nlu-report-$set.log" 2>&1 || { tail -n 30 "run/nlu-report-$set.log" >&2; exit 1; }
  .venv/bin/python - "$out" <<'PY'
import json
import sys
from pathlib import Path

results = Path(sys.argv[1])
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
done
