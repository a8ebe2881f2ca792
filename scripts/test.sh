#!/usr/bin/env bash
# Runs every test of twinguard: the Go tools it needs are built first (cached in .tools/),
# then the whole Maven build with its unit and integration tests.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/tools.sh
mvn -B verify "$@"
