#!/usr/bin/env bash
# Prepares a checkout to run: a Python 3.9–3.10 virtual environment in .venv, the pinned packages,
# a valid catalogue and a trained model. Safe to run again: each step is skipped when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/find-python.sh
export RASA_TELEMETRY_ENABLED=false

supported='import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] <= (3, 10) else 1)'
if ! { [ -x .venv/bin/python ] && .venv/bin/python -c "$supported" 2>/dev/null; }; then
  python=$(find_supported_python) || {
    echo "CertiChat necesita Python 3.9 o 3.10 (Rasa 3.6 no funciona con 3.11+)." >&2
    echo "Instale uno (p. ej. 'pyenv install 3.10.13') o indíquelo con CERTICHAT_PYTHON=/ruta/python3.10." >&2
    exit 1
  }
  echo "==> Creando .venv con $python ($("$python" --version 2>&1))"
  rm -rf .venv
  "$python" -m venv .venv
fi

# Reinstall only when the declared or locked dependencies change.
stamp=.venv/.certichat-installed
wanted=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> Instalando dependencias (la primera vez tarda unos 5 minutos)"
  .venv/bin/python -m pip install --quiet --upgrade "pip==24.0"
  .venv/bin/python -m pip install --quiet --constraint requirements.lock --editable ".[test,check,bench]"
  echo "$wanted" > "$stamp"
fi

# The website widget's one dependency (socket.io-client), pinned in widget/package-lock.json.
if [ ! -d widget/node_modules/socket.io-client ] || [ widget/package-lock.json -nt widget/node_modules/.package-lock.json ]; then
  command -v npm > /dev/null || { echo "El widget web necesita Node.js y npm (p. ej. 'apt-get install nodejs npm')." >&2; exit 1; }
  echo "==> Instalando el widget web (npm ci)"
  npm ci --prefix widget --no-audit --no-fund --ignore-scripts --loglevel=error
fi

echo "==> Verificando el catálogo de canales"
.venv/bin/certichat catalogue check > /dev/null

# Rasa 3.6 retrains (from its cache, ~12 s) at every `rasa train`, changed or not. What the model is made
# of: the training data, the config, the domain, the code of the components and policies that store what
# they learn, and the pinned packages. Their fingerprint beside the model says whether it is up to date.
echo "==> Entrenando el modelo si cambiaron data/, config.yml, domain.yml o los componentes (registro: run/train.log)"
mkdir -p run
fingerprint=$(find data nlu_components policies config.yml domain.yml requirements.lock -type f \( -name '*.yml' -o -name '*.py' -o -name '*.lock' \) -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ -f models/certichat.tar.gz ] && [ "$(cat models/certichat.fingerprint 2>/dev/null)" = "$fingerprint" ]; then
  echo "El modelo está al día: no hace falta entrenar."
  exit 0
fi
if ! .venv/bin/rasa train --fixed-model-name certichat > run/train.log 2>&1; then
  tail -n 30 run/train.log >&2
  echo "El entrenamiento falló; el registro completo está en run/train.log." >&2
  exit 1
fi
echo "$fingerprint" > models/certichat.fingerprint
grep -E "Your Rasa model is trained" run/train.log | sed 's/^.*INFO *//' || true
