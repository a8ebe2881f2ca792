#!/usr/bin/env bash
# Builds the Go programs twinguard needs into .tools/bin, from the versions pinned in tools/go.mod.
# A program already built at the pinned version is not built again.
#
#   scripts/tools.sh            build every tool (today: opa)
#   scripts/tools.sh opa        build one tool
#   scripts/tools.sh --print-path opa   print the path of the tool, building it first if needed
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/.tools/bin"
mkdir -p "$bin"

log() { [ "${quiet:-0}" = 1 ] || printf 'tools: %s\n' "$*" >&2; }

pinned_version() {
  # the version of a module pinned in tools/go.mod, e.g. v1.22.2
  (cd "$root/tools" && go list -m -f '{{.Version}}' "$1")
}

build_opa() {
  local want have
  want=$(pinned_version github.com/open-policy-agent/opa)
  if [ -x "$bin/opa" ]; then
    have=$("$bin/opa" version 2>/dev/null | sed -n 's/^Version: //p')
    if [ "v$have" = "$want" ]; then
      log "opa $want already in $bin"
      return
    fi
    log "opa in $bin is ${have:-unknown}, pinned is $want: rebuilding"
  fi
  log "building opa $want from its Go module (the first build takes about 2 minutes)"
  local start=$SECONDS
  (cd "$root/tools" && CGO_ENABLED=0 go build -trimpath -o "$bin/opa" github.com/open-policy-agent/opa)
  log "built $bin/opa in $((SECONDS - start)) s: $("$bin/opa" version | head -1)"
}

quiet=0
print_path=0
if [ "${1:-}" = "--print-path" ]; then
  print_path=1
  quiet=1
  shift
fi
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(opa)

for tool in "${tools[@]}"; do
  case "$tool" in
    opa) build_opa ;;
    *) echo "tools: unknown tool '$tool' (known: opa)" >&2; exit 2 ;;
  esac
  [ "$print_path" = 0 ] || echo "$bin/$tool"
done
