#!/usr/bin/env bash
# Builds Hyperledger Fabric 3.1.5 from the vendored release source and runs a small Fabric network
# of native processes on 127.0.0.1 (no Docker), with twinguard's anchoring chaincode as a service.
#
#   scripts/fabric.sh build    use Fabric from $FABRIC_BIN, or build it into .tools/fabric-3.1.5/bin
#   scripts/fabric.sh up       start the network, create the channel, deploy the chaincode (idempotent)
#   scripts/fabric.sh deploy   package, install, approve and commit the chaincode, start its server
#   scripts/fabric.sh status   say what runs
#   scripts/fabric.sh down     stop every process `up` started and delete the network's state
#
# Environment:
#   FABRIC_BIN        a directory holding peer, orderer, configtxgen, cryptogen, osnadmin of Fabric 3.1
#                     (then the vendored source is not built; the ccaas builder still is, unless
#                     FABRIC_BIN also holds ccaas_builder/bin/{detect,build,release})
#   FABRIC_HOME       the network's directory (default .fabric/); all state lives there
#   FABRIC_BASE_PORT  the first of the network's ports (default 27050); see `ports` below
#   FABRIC_ORGS       peer organisations, 1 or 2 (default 1), one peer each
#   FABRIC_CHANNEL    channel name (default twinguard)
#
# The ordering service is one Raft orderer. To run three, add two Consenters to configtx.yaml (each
# with its host, port and TLS certificates, from `Specs: [{Hostname: orderer0}, ...]` in
# crypto-config.yaml), start each orderer with its own ports and directories as start_orderer does,
# and run `osnadmin channel join` against each orderer's admin endpoint.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fabric_version=3.1.5
archive="$root/../shared/vendor/fabric-$fabric_version-src.tar.xz"
archive_sha256=3cd62bacde3682f97e793b3f6552cfb358e47b3c3713e51c4084141461856454
tools_dir="$root/.tools/fabric-$fabric_version"
programs=(peer orderer configtxgen cryptogen osnadmin)
builder_programs=(detect build release)

log() { printf 'fabric: %s\n' "$*" >&2; }
die() { printf 'fabric: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%03d s' $((ms / 1000)) $((ms % 1000)); }

# ---------------------------------------------------------------------------------------------
# build

# The directory holding the five Fabric programs, and the one holding the ccaas builder's bin/.
bin_dir() {
  if [ -n "${FABRIC_BIN:-}" ]; then echo "$FABRIC_BIN"; else echo "$tools_dir/bin"; fi
}
builder_dir() {
  if [ -n "${FABRIC_BIN:-}" ] && [ -x "$FABRIC_BIN/ccaas_builder/bin/detect" ]; then
    echo "$FABRIC_BIN/ccaas_builder"
  else
    echo "$tools_dir/ccaas_builder"
  fi
}

have_programs() {
  local dir=$1 p
  for p in "${programs[@]}"; do [ -x "$dir/$p" ] || return 1; done
}
have_builder() {
  local dir=$1 p
  for p in "${builder_programs[@]}"; do [ -x "$dir/bin/$p" ] || return 1; done
}

# Prints the version a Fabric program reports, e.g. 3.1.5.
program_version() {
  "$1" version 2>/dev/null | sed -n 's/^ *Version: *v\{0,1\}//p' | head -1
}

extract_source() {
  local work=$1
  [ -f "$archive" ] || die "no Fabric source archive at $archive (see ../shared/vendor/README.md)"
  local have
  have=$(sha256sum "$archive" | cut -d' ' -f1)
  [ "$have" = "$archive_sha256" ] ||
    die "sha256 of $archive is $have, expected $archive_sha256: refusing to build from it"
  log "sha256 of $(basename "$archive") checked; extracting"
  tar -xJf "$archive" -C "$work"
}

cmd_build() {
  local start
  start=$(now_ms)
  if [ -n "${FABRIC_BIN:-}" ]; then
    have_programs "$FABRIC_BIN" || die "FABRIC_BIN=$FABRIC_BIN lacks one of: ${programs[*]}"
    local v
    v=$(program_version "$FABRIC_BIN/peer")
    case "$v" in
      3.1.*) log "using Fabric $v from FABRIC_BIN=$FABRIC_BIN" ;;
      *) die "FABRIC_BIN=$FABRIC_BIN holds Fabric '${v:-unknown}', twinguard needs 3.1.x" ;;
    esac
  fi
  local need_programs=0 need_builder=0
  if [ -z "${FABRIC_BIN:-}" ]; then
    if have_programs "$tools_dir/bin" && [ "$(program_version "$tools_dir/bin/peer")" = "$fabric_version" ]; then
      log "Fabric $fabric_version programs already in $tools_dir/bin: not building"
    else
      need_programs=1
    fi
  fi
  if have_builder "$(builder_dir)"; then
    log "ccaas builder already in $(builder_dir)/bin: not building"
  else
    need_builder=1
  fi
  if [ $need_programs = 0 ] && [ $need_builder = 0 ]; then
    log "build: nothing to do ($(elapsed "$start"))"
    return
  fi

  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: the local is gone when the trap runs
  trap "rm -rf '$work'" RETURN
  extract_source "$work"
  local src="$work/fabric-$fabric_version"
  if [ $need_programs = 1 ]; then
    local t
    t=$(now_ms)
    log "building ${programs[*]} $fabric_version into $tools_dir/bin (offline, from vendor/; about 1.5 min with a cold Go cache)"
    mkdir -p "$tools_dir/bin"
    (cd "$src" && GOPROXY=off GOFLAGS=-mod=vendor CGO_ENABLED=0 go build -trimpath \
      -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=$fabric_version" \
      -o "$tools_dir/bin/" ./cmd/peer ./cmd/orderer ./cmd/configtxgen ./cmd/cryptogen ./cmd/osnadmin)
    log "built ${programs[*]} in $(elapsed "$t"): peer reports version $(program_version "$tools_dir/bin/peer")"
  fi
  if [ $need_builder = 1 ]; then
    local t
    t=$(now_ms)
    log "building the ccaas external builder (detect, build, release) into $tools_dir/ccaas_builder/bin"
    mkdir -p "$tools_dir/ccaas_builder/bin"
    (cd "$src/ccaas_builder" && CGO_ENABLED=0 go build -trimpath \
      -o "$tools_dir/ccaas_builder/bin/" ./cmd/detect ./cmd/build ./cmd/release)
    log "built the ccaas builder in $(elapsed "$t")"
  fi
  log "build done in $(elapsed "$start")"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

main() {
  local verb=${1:-}
  case "$verb" in
    build) cmd_build ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
