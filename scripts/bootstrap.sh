#!/usr/bin/env bash
# Create .venv and install relmanager into it (with test tools when --dev).
# Re-running is cheap: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "relmanager needs Python 3.11 or newer (found: $("$python" --version 2>&1))." >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..."
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
fi

stamp=".venv/.installed$(echo "$extras" | tr -d '[]')-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "Installing relmanager${extras} into .venv ..."
    .venv/bin/python -m pip install --quiet -e ".${extras}"
    touch "$stamp"
fi

# Qt >= 6.5 needs libxcb-cursor0 for its X11 plugin; say so instead of
# letting Qt print a cryptic plugin error.
if [ "$(uname)" = "Linux" ] && command -v ldconfig >/dev/null \
        && ! ldconfig -p 2>/dev/null | grep -q libxcb-cursor.so.0; then
    echo "Note: Qt needs some system libraries to open a window. On Debian/Ubuntu:" >&2
    echo "  sudo apt-get install $(grep -v '^#' scripts/apt-packages.txt | tr '\n' ' ')" >&2
fi
