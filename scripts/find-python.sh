# Sourced by the set-up scripts: prints a Python interpreter that Rasa 3.6 accepts and the sentence encoder runs on (3.9–3.10).
# Why so many places: pyenv shims exist for versions that are not selected and then fail to run,
# so every candidate is actually executed before it is trusted.
find_supported_python() {
  local check='import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] <= (3, 10) else 1)'
  local candidates=()
  [ -n "${CERTICHAT_PYTHON:-}" ] && candidates+=("$CERTICHAT_PYTHON")
  candidates+=(python3.10 python3.9 python3)
  if command -v pyenv >/dev/null 2>&1; then
    local root
    root=$(pyenv root 2>/dev/null)
    for dir in "$root"/versions/3.10* "$root"/versions/3.9*; do
      [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
    done
  fi
  candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10 /opt/homebrew/bin/python3.10)
  local candidate
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$check" 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}
