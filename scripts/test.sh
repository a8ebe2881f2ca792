#!/usr/bin/env bash
# Runs every test of twinguard: the Go tools it needs are built first (cached in .tools/),
# then the whole Maven build with its unit and integration tests. The end-to-end tests start a
# Fabric network (scripts/fabric.sh up, in $FABRIC_HOME or .fabric/); unless one was already
# running before this script, it is torn down when this script ends, whether the tests pass,
# fail or are interrupted.
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
mvn -B verify "$@"
