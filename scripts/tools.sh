#!/usr/bin/env bash
# Builds the Go programs twinguard needs into .tools/bin, each pinned: OPA at the version in
# tools/go.mod, proofcheck (audit-ledger's independent proof checker) from audit-ledger/src/test/go
# with the modules its go.mod and go.sum pin. A program already built from what is pinned is not
# built again. TWINGUARD_TOOLS moves .tools elsewhere (to try a fresh machine without touching the
# shared one).
#
#   scripts/tools.sh                          build every tool (opa, proofcheck)
#   scripts/tools.sh opa                      build one tool
#   scripts/tools.sh --print-path proofcheck  print the path of the tool, building it first if needed
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="${TWINGUARD_TOOLS:-$root/.tools}/bin"
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

build_proofcheck() {
  # the build is pinned by go.mod and go.sum; the stamp beside the binary is the sha256 of every
  # source it was built from, so that a changed pin or program is rebuilt
  local src="$root/audit-ledger/src/test/go" want have
  want=$(cd "$src" && cat go.mod go.sum $(ls ./*.go | LC_ALL=C sort) | sha256sum | cut -d' ' -f1)
  have=$(cat "$bin/proofcheck.sources" 2>/dev/null || true)
  if [ -x "$bin/proofcheck" ] && [ "$have" = "$want" ]; then
    log "proofcheck already in $bin, built from the current sources"
    return
  fi
  if [ -x "$bin/proofcheck" ]; then
    log "proofcheck in $bin was built from other sources: rebuilding"
  fi
  log "building proofcheck from audit-ledger/src/test/go (modules pinned by its go.mod and go.sum)"
  local start=$SECONDS
  # built beside and moved in place, so that a concurrent run never starts a half-written binary
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -o "$bin/proofcheck.$$" .)
  mv -f "$bin/proofcheck.$$" "$bin/proofcheck"
  echo "$want" > "$bin/proofcheck.sources.$$"
  mv -f "$bin/proofcheck.sources.$$" "$bin/proofcheck.sources"
  log "built $bin/proofcheck in $((SECONDS - start)) s"
}

quiet=0
print_path=0
if [ "${1:-}" = "--print-path" ]; then
  print_path=1
  quiet=1
  shift
fi
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(opa proofcheck)

for tool in "${tools[@]}"; do
  case "$tool" in
    opa) build_opa ;;
    proofcheck) build_proofcheck ;;
    *) echo "tools: unknown tool '$tool' (known: opa, proofcheck)" >&2; exit 2 ;;
  esac
  [ "$print_path" = 0 ] || echo "$bin/$tool"
done
