#!/usr/bin/env bash
# Runs every test of twinguard: the tools it needs are set up first (Go programs and Fabric cached
# in .tools/, the pinned Python environment of scripts/python.sh), then the Maven build with its
# unit and integration tests. Arguments go to Maven (`scripts/test.sh -pl signing -am`).
#
# The end-to-end tests start a Fabric network (scripts/fabric.sh up, in $FABRIC_HOME or .fabric/);
# unless one was already running before this script, it is torn down when this script ends,
# whether the tests pass, fail or are interrupted.
#
# Environment: TWINGUARD_VENV moves the Python environment (default .tools/venv; see
# scripts/python.sh); the tests get its interpreter as -Dtwinguard.python.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if ! scripts/fabric.sh status >/dev/null 2>&1; then
  trap 'scripts/fabric.sh down >/dev/null 2>&1 || true' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi

scripts/tools.sh
scripts/fabric.sh build
scripts/python.sh
python=$(scripts/python.sh --print-python)
mvn -B verify "-Dtwinguard.python=$python" "$@"
