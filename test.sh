#!/usr/bin/env bash
# Run every check: lint, types, the Qt-only-in-ui contract, and the test suite.
# Extra arguments go to pytest, e.g. `./test.sh tests/store -x`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh --dev

echo "== ruff";         .venv/bin/ruff check .
echo "== mypy";         .venv/bin/mypy
echo "== import-linter"; .venv/bin/lint-imports

echo "== pytest"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure, not a pass." >&2
    exit 1
fi
exit "$rc"
