#!/usr/bin/env bash
# Remove what scripts/install-desktop.sh installed for the current user: the bundle in
# ~/.local/opt/relmanager, the ~/.local/bin/relmanager symlink (only if it is ours), the menu
# entry, icons, AppStream metadata and our vCard default in mimeapps.list.
# Never touches your contacts, settings or logs (the data folder, ~/.local/share/relmanager).
# The list of paths lives in install-desktop.sh so the two scripts cannot drift apart.
set -euo pipefail
exec "$(dirname "$0")/install-desktop.sh" --uninstall "$@"
