#!/usr/bin/env bash
# Set up everything (first run only) and launch relmanager.
# Arguments go to the app, e.g. `./run.sh --home /tmp/book` or `./run.sh contacts.vcf`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
exec .venv/bin/relmanager "$@"
