#!/usr/bin/env bash
# Runs every check: set-up (venv, install, train when needed), lint, format and type checks, then
# pytest: unit tests of each package (tests/unit/) and end-to-end tests against the real bot started
# by the launcher (tests/e2e/, marked e2e). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The widget is tested in a real Chromium, and the HTTPS front in a real nginx: Debian's packages.
need_package() {  # <program> <package> <what it is for>
  if ! command -v "$1" > /dev/null && [ ! -x "/usr/sbin/$1" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
      echo "==> Instalando $2 (apt-get install $2)"
      { apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }; } > /dev/null
    else
      echo "$3 necesitan $2: sudo apt-get install $2" >&2
      exit 1
    fi
  fi
}
export DEBIAN_FRONTEND=noninteractive
need_package chromium chromium "Las pruebas del widget"
need_package nginx nginx-light "Las pruebas del frente HTTPS"
need_package make make "Las revisiones de estilo y tipos (Makefile)"
export RASA_TELEMETRY_ENABLED=false
echo "==> Revisando estilo y formato (ruff) y los tipos de todos los paquetes (mypy)"
make --no-print-directory check
echo "==> Ejecutando las pruebas (solo las rápidas: scripts/test.sh -m 'not e2e')"
exec .venv/bin/python -m pytest "$@"
