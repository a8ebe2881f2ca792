#!/usr/bin/env bash
# Creates, or brings up to date, the Python virtual environment that twinguard's tests and tools
# use, from the exact pins and hashes of tools/python/requirements.txt. Nothing is installed into
# the system Python. When the environment already holds those requirements for the same base
# interpreter (a stamp in the environment records both), nothing is done.
#
#   scripts/python.sh                  create or update the environment, say what was done
#   scripts/python.sh --print-python   the same, quietly, then print the environment's interpreter
#
# Environment:
#   TWINGUARD_VENV   the environment's directory (default .tools/venv); scripts/test.sh passes
#                    it to Maven as -Dtwinguard.venv
#
# The base interpreter is `python3` from PATH; on Debian, `python3 -m venv` needs the package
# python3-venv (.ci/run installs it). A changed requirements file recreates the environment from
# nothing, so a pin removed from the file is gone from the environment too.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
requirements="$root/tools/python/requirements.txt"
venv=${TWINGUARD_VENV:-$root/.tools/venv}
case "$venv" in /*) ;; *) venv="$root/$venv" ;; esac

quiet=0
print_python=0
case "${1:-}" in
  --print-python) quiet=1; print_python=1 ;;
  '') ;;
  *) echo "usage: scripts/python.sh [--print-python]" >&2; exit 2 ;;
esac

log() { [ "$quiet" = 1 ] || printf 'python: %s\n' "$*" >&2; }
die() { printf 'python: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null || die "python3 is not on PATH (Python 3.11+ is needed)"
python3 -c 'import venv, ensurepip' 2>/dev/null ||
  die "python3 ($(command -v python3)) cannot create virtual environments: install python3-venv (Debian) or use a Python that has venv and ensurepip"

# What the environment must match: the requirements and the base interpreter it was made from.
wanted_stamp() {
  printf 'requirements %s\nbase %s\n' \
    "$(sha256sum "$requirements" | cut -d' ' -f1)" \
    "$(python3 -c 'import sys; print(sys.executable, sys.version.split()[0])')"
}

up_to_date() {
  [ -f "$venv/.twinguard-stamp" ] &&
    [ "$(cat "$venv/.twinguard-stamp")" = "$(wanted_stamp)" ] &&
    "$venv/bin/python" -c '' 2>/dev/null
}

finish() {
  [ "$print_python" = 0 ] || echo "$venv/bin/python"
  exit 0
}

if up_to_date; then
  log "$venv is up to date with tools/python/requirements.txt"
  finish
fi

mkdir -p "$(dirname "$venv")"
# one creator at a time (two test runs started together); the second finds the work done
exec 9>"$venv.lock"
flock 9
if up_to_date; then
  log "$venv was brought up to date meanwhile"
  finish
fi

start=$SECONDS
if [ -e "$venv" ]; then
  log "requirements or base interpreter changed: recreating $venv"
else
  log "creating $venv from $(command -v python3) ($(python3 --version 2>&1))"
fi
rm -f "$venv/.twinguard-stamp"
python3 -m venv --clear "$venv"
log "installing the pinned packages of tools/python/requirements.txt (hash-checked)"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input \
  --require-hashes -r "$requirements" >&2
wanted_stamp >"$venv/.twinguard-stamp"
log "ready in $((SECONDS - start)) s: $("$venv/bin/python" -m pip freeze --disable-pip-version-check | tr '\n' ' ')"
finish
