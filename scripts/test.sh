#!/usr/bin/env bash
# Runs every test of twinguard: the tools it needs are set up first (Go programs and Fabric cached
# in .tools/, the pinned Python environment of scripts/python.sh, Keycloak), then the Maven build
# with its unit and integration tests. Arguments go to Maven (`scripts/test.sh -pl signing -am`).
#
# Servers: the end-to-end tests start a Fabric network (scripts/fabric.sh up, in $FABRIC_HOME or
# .fabric/); when Maven builds the tests module, Keycloak is started before Maven
# (scripts/keycloak.sh start, in $KEYCLOAK_DIR or .keycloak/). Whatever was not running before
# this script is stopped when it ends, whether the tests pass, fail or are interrupted.
#
# Environment: TWINGUARD_VENV moves the Python environment (default .tools/venv; see
# scripts/python.sh; Maven gets it as -Dtwinguard.venv, the tests its interpreter as the system
# property twinguard.python). KEYCLOAK_PORT and
# KEYCLOAK_DIR: see scripts/keycloak.sh.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Whether Maven builds the tests module with these arguments: no project list, a list naming
# it, or dependents of the listed modules (-amd), which include it.
builds_tests() {
  local list="" next=0 arg
  for arg in "$@"; do
    if [ "$next" = 1 ]; then list=$arg; next=0; continue; fi
    case "$arg" in
      -pl | --projects) next=1 ;;
      --projects=*) list=${arg#*=} ;;
      -pl*) list=${arg#-pl} ;;
      -amd | --also-make-dependents) return 0 ;;
    esac
  done
  [ -n "$list" ] || return 0
  case ",$list," in *,tests,* | *,:twinguard-tests,* | *,io.twinguard:twinguard-tests,*) return 0 ;; esac
  return 1
}

stop_fabric=0
stop_keycloak=0
scripts/fabric.sh status >/dev/null 2>&1 || stop_fabric=1
cleanup() {
  [ "$stop_keycloak" = 0 ] || scripts/keycloak.sh stop || true
  [ "$stop_fabric" = 0 ] || scripts/fabric.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/tools.sh
scripts/fabric.sh build
scripts/python.sh
python=$(scripts/python.sh --print-python)
if builds_tests "$@"; then
  scripts/keycloak.sh status >/dev/null 2>&1 || stop_keycloak=1
  scripts/keycloak.sh start
fi
mvn -B verify "-Dtwinguard.venv=${python%/bin/python}" "$@"
