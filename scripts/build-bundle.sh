#!/usr/bin/env bash
# Build the double-click app with PyInstaller from build.spec.
#   scripts/build-bundle.sh                        # onedir bundle: dist/relmanager/relmanager
#   RELMANAGER_ONEFILE=1 scripts/build-bundle.sh   # one executable: dist/relmanager
# Needs the dev extra (PyInstaller): scripts/bootstrap.sh --dev. Takes a few minutes.
# Extra arguments go to PyInstaller, e.g. --distpath /tmp/dist --workpath /tmp/build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/pyinstaller ]; then
    scripts/bootstrap.sh --dev
fi
.venv/bin/python tools/render_icons.py
exec .venv/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec "$@"
