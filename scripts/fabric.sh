#!/usr/bin/env bash
# Builds Hyperledger Fabric 3.1.5 from the vendored release source and runs a small Fabric network
# of native processes on 127.0.0.1 (no Docker), with twinguard's anchoring chaincode as a service.
#
#   scripts/fabric.sh build    use Fabric from $FABRIC_BIN, or build it into .tools/fabric-3.1.5/bin
#   scripts/fabric.sh up       start the network, create the channel, deploy the chaincode (idempotent)
#   scripts/fabric.sh deploy   package, install, approve and commit the chaincode, start its server
#   scripts/fabric.sh status   say what runs
#   scripts/fabric.sh down     stop every process `up` started and delete the network's state
#   scripts/fabric.sh stop-peer [N]   stop peer org N (default 1), keeping its ledger (outage tests)
#   scripts/fabric.sh start-peer [N]  start peer org N again and wait until it is healthy
#
# Environment:
#   FABRIC_BIN        a directory holding peer, orderer, configtxgen, cryptogen, osnadmin of Fabric 3.1
#                     (then the vendored source is not built; the ccaas builder still is, unless
#                     FABRIC_BIN also holds ccaas_builder/bin/{detect,build,release})
#   FABRIC_HOME       the network's directory (default .fabric/); all state lives there
#   FABRIC_BASE_PORT  the first of the network's ports (default 27050): the orderer takes base+0
#                     (gRPC), +1 (admin), +2 (operations), the chaincode server +3; peer org N takes
#                     base+10N (gRPC and gateway), +10N+1 (chaincode callbacks), +10N+2 (operations);
#                     keep it below 32768, where Linux takes ephemeral ports for outgoing connections
#   FABRIC_ORGS       peer organisations, 1 or 2 (default 1), one peer each
#   FABRIC_CHANNEL    channel name (default twinguard)
#   FABRIC_BATCH_TIMEOUT  the orderer's batch timeout (default 100ms)
#   CORE_CHAINCODE_STARTUPTIMEOUT  how long a peer waits for the chaincode (default here 30s)
# An existing network keeps the ports, organisations and channel it was created with.
#
# The ordering service is one Raft orderer. To run three, add two Consenters to configtx.yaml (each
# with its host, port and TLS certificates, from `Specs: [{Hostname: orderer0}, ...]` in
# crypto-config.yaml), start each orderer with its own ports and directories as start_orderer does,
# and run `osnadmin channel join` against each orderer's admin endpoint.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/process.sh
. "$root/scripts/lib/process.sh"
fabric_version=3.1.5
archive="$root/../shared/vendor/fabric-$fabric_version-src.tar.xz"
archive_sha256=3cd62bacde3682f97e793b3f6552cfb358e47b3c3713e51c4084141461856454
tools_dir="$root/.tools/fabric-$fabric_version"
programs=(peer orderer configtxgen cryptogen osnadmin)
builder_programs=(detect build release)

log() { printf 'fabric: %s\n' "$*" >&2; }
die() { printf 'fabric: %s\n' "$*" >&2; exit 1; }

# Runs a command and shows its output only when it fails.
quiet() {
  local out
  if ! out=$("$@" 2>&1); then
    printf '%s\n' "$out" >&2
    die "failed: ${*:1:5} ..."
  fi
}

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
  keep_sampleconfig "$src"
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

# ---------------------------------------------------------------------------------------------
# network

home=${FABRIC_HOME:-$root/.fabric}
case "$home" in /*) ;; *) home="$root/$home" ;; esac
# An existing network keeps the ports, organisations and channel it was generated with.
if [ -f "$home/settings.env" ]; then
  # shellcheck source=/dev/null
  . "$home/settings.env"
fi
base_port=${FABRIC_BASE_PORT:-27050}
orgs=${FABRIC_ORGS:-1}
channel=${FABRIC_CHANNEL:-twinguard}
cc_name=audit-anchor
cc_version=1.0
cc_label=audit-anchor_1.0
domain=twinguard.test

case "$orgs" in 1 | 2) ;; *) die "FABRIC_ORGS must be 1 or 2, not '$orgs'" ;; esac
case "$base_port" in *[!0-9]* | '') die "FABRIC_BASE_PORT must be a number" ;; esac

# Ports: the orderer takes base+0 (gRPC), +1 (admin, channel participation), +2 (operations);
# peer org N takes base+10N+0 (gRPC and gateway), +1 (chaincode callbacks), +2 (operations), and
# the chaincode server of the whole network listens on base+3.
orderer_port=$base_port
orderer_admin_port=$((base_port + 1))
orderer_ops_port=$((base_port + 2))
cc_port=$((base_port + 3))
peer_port() { echo $((base_port + 10 * $1)); }
peer_cc_port() { echo $((base_port + 10 * $1 + 1)); }
peer_ops_port() { echo $((base_port + 10 * $1 + 2)); }

crypto="$home/crypto"
orderer_org="$crypto/ordererOrganizations/$domain"
orderer_node="$orderer_org/orderers/orderer0.$domain"
orderer_admin="$orderer_org/users/Admin@$domain"
org_dir() { echo "$crypto/peerOrganizations/org$1.$domain"; }
peer_node() { echo "$(org_dir "$1")/peers/peer0.org$1.$domain"; }
msp_id() { echo "Org$1MSP"; }

run_dir="$home/run"
log_dir="$home/logs"

pid_alive() {
  pid_file_alive "$run_dir/$1.pid"
}

# Starts a program in its own session with its environment from the named function, records
# its pid and its log (scripts/lib/process.sh).
start_process() {
  local name=$1 env_fn=$2
  shift 2
  if pid_alive "$name"; then
    log "$name already runs (pid $(cat "$run_dir/$name.pid"))"
    return
  fi
  mkdir -p "$run_dir" "$log_dir"
  start_in_session "$run_dir/$name.pid" "$log_dir/$name.log" "$env_fn" "$@"
  log "started $name (pid $(cat "$run_dir/$name.pid"), log $log_dir/$name.log)"
}

stop_process() {
  local name=$1 pid
  [ -f "$run_dir/$name.pid" ] || return 0
  pid=$(cat "$run_dir/$name.pid")
  # the whole process group: a JVM or orderer has no children, but leave nothing behind
  if stop_pid_file "$run_dir/$name.pid" 5; then
    log "stopped $name (pid $pid)"
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits until an operations endpoint answers /healthz with status OK.
wait_healthz() {
  local name=$1 port=$2 ca=$3 i
  for i in $(seq 1 300); do
    if curl -sf --cacert "$ca" "https://127.0.0.1:$port/healthz" 2>/dev/null | grep -q '"OK"'; then
      return 0
    fi
    pid_alive "$name" || die "$name exited; see $log_dir/$name.log"
    sleep 0.1
  done
  die "$name is not healthy after 30 s; see $log_dir/$name.log"
}

write_config() {
  mkdir -p "$home/config"
  cp "$(sampleconfig_dir)/core.yaml" "$(sampleconfig_dir)/orderer.yaml" "$home/config/"
  {
    echo "OrdererOrgs:"
    echo "  - Name: Orderer"
    echo "    Domain: $domain"
    echo "    EnableNodeOUs: true"
    echo "    Specs:"
    echo "      - Hostname: orderer0"
    echo "        SANS: [localhost, 127.0.0.1]"
    echo "PeerOrgs:"
    local n
    for n in $(seq 1 "$orgs"); do
      echo "  - Name: Org$n"
      echo "    Domain: org$n.$domain"
      echo "    EnableNodeOUs: true"
      echo "    Specs:"
      echo "      - Hostname: peer0"
      echo "        SANS: [localhost, 127.0.0.1]"
      if [ "$n" = 1 ]; then
        # the chaincode server's TLS certificate, issued by org 1's TLS CA
        echo "      - Hostname: chaincode"
        echo "        SANS: [localhost, 127.0.0.1]"
      fi
      echo "    Users:"
      echo "      Count: 1"
    done
  } >"$home/config/crypto-config.yaml"

  local orgs_yaml="" endorsement=""
  local n
  for n in $(seq 1 "$orgs"); do
    orgs_yaml+="
  - &Org$n
    Name: $(msp_id "$n")
    ID: $(msp_id "$n")
    MSPDir: $(org_dir "$n")/msp
    Policies:
      Readers: {Type: Signature, Rule: \"OR('$(msp_id "$n").admin', '$(msp_id "$n").peer', '$(msp_id "$n").client')\"}
      Writers: {Type: Signature, Rule: \"OR('$(msp_id "$n").admin', '$(msp_id "$n").client')\"}
      Admins: {Type: Signature, Rule: \"OR('$(msp_id "$n").admin')\"}
      Endorsement: {Type: Signature, Rule: \"OR('$(msp_id "$n").peer')\"}
    AnchorPeers:
      - {Host: 127.0.0.1, Port: $(peer_port "$n")}"
    endorsement+="        - *Org$n
"
  done
  cat >"$home/config/configtx.yaml" <<YAML
# Written by scripts/fabric.sh: one Raft orderer, $orgs peer organisation(s), TLS everywhere.
Organizations:
  - &OrdererOrg
    Name: OrdererOrg
    ID: OrdererMSP
    MSPDir: $orderer_org/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Writers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Admins: {Type: Signature, Rule: "OR('OrdererMSP.admin')"}
    OrdererEndpoints:
      - 127.0.0.1:$orderer_port$orgs_yaml

Capabilities:
  Channel: &ChannelCapabilities {V3_0: true}
  Orderer: &OrdererCapabilities {V2_0: true}
  Application: &ApplicationCapabilities {V2_5: true}

Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
    Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
  Capabilities:
    <<: *ApplicationCapabilities

Orderer: &OrdererDefaults
  # A short batch timeout: anchors are single small transactions and their latency matters more
  # than block packing.
  BatchTimeout: ${FABRIC_BATCH_TIMEOUT:-100ms}
  BatchSize:
    MaxMessageCount: 50
    AbsoluteMaxBytes: 10 MB
    PreferredMaxBytes: 2 MB
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}

Channel: &ChannelDefaults
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
  Capabilities:
    <<: *ChannelCapabilities

Profiles:
  TwinguardChannel:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      OrdererType: etcdraft
      EtcdRaft:
        Consenters:
          - Host: 127.0.0.1
            Port: $orderer_port
            ClientTLSCert: $orderer_node/tls/server.crt
            ServerTLSCert: $orderer_node/tls/server.crt
        Options:
          TickInterval: 250ms
          ElectionTick: 10
          HeartbeatTick: 1
          MaxInflightBlocks: 5
          SnapshotIntervalSize: 16 MB
      Organizations:
        - *OrdererOrg
      Capabilities:
        <<: *OrdererCapabilities
    Application:
      <<: *ApplicationDefaults
      Organizations:
$endorsement      Capabilities:
        <<: *ApplicationCapabilities
YAML
}

# core.yaml and orderer.yaml to start from: a Fabric release's config/ beside FABRIC_BIN, else the
# vendored source's sampleconfig/ (kept in .tools/ by the build).
sampleconfig_dir() {
  if [ -n "${FABRIC_BIN:-}" ] && [ -f "$FABRIC_BIN/../config/core.yaml" ] && [ -f "$FABRIC_BIN/../config/orderer.yaml" ]; then
    echo "$FABRIC_BIN/../config"
    return
  fi
  local dir="$tools_dir/sampleconfig"
  if [ ! -f "$dir/core.yaml" ]; then
    local work
    work=$(mktemp -d)
    [ -f "$archive" ] || die "no Fabric source archive at $archive (its sampleconfig/ configures the network)"
    tar -xJf "$archive" -C "$work" "fabric-$fabric_version/sampleconfig/core.yaml" "fabric-$fabric_version/sampleconfig/orderer.yaml"
    keep_sampleconfig "$work/fabric-$fabric_version"
    rm -rf "$work"
  fi
  echo "$dir"
}

keep_sampleconfig() {
  mkdir -p "$tools_dir/sampleconfig"
  cp "$1/sampleconfig/core.yaml" "$1/sampleconfig/orderer.yaml" "$tools_dir/sampleconfig/"
}

orderer_env() {
  export FABRIC_CFG_PATH="$home/config"
  export FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-info}
  export ORDERER_GENERAL_LISTENADDRESS=127.0.0.1
  export ORDERER_GENERAL_LISTENPORT=$orderer_port
  export ORDERER_GENERAL_LOCALMSPID=OrdererMSP
  export ORDERER_GENERAL_LOCALMSPDIR="$orderer_node/msp"
  export ORDERER_GENERAL_TLS_ENABLED=true
  export ORDERER_GENERAL_TLS_PRIVATEKEY="$orderer_node/tls/server.key"
  export ORDERER_GENERAL_TLS_CERTIFICATE="$orderer_node/tls/server.crt"
  export ORDERER_GENERAL_TLS_ROOTCAS="[$orderer_node/tls/ca.crt]"
  export ORDERER_GENERAL_BOOTSTRAPMETHOD=none
  export ORDERER_CHANNELPARTICIPATION_ENABLED=true
  export ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$orderer_admin_port
  export ORDERER_ADMIN_TLS_ENABLED=true
  export ORDERER_ADMIN_TLS_CERTIFICATE="$orderer_node/tls/server.crt"
  export ORDERER_ADMIN_TLS_PRIVATEKEY="$orderer_node/tls/server.key"
  export ORDERER_ADMIN_TLS_ROOTCAS="[$orderer_node/tls/ca.crt]"
  export ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
  export ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$orderer_node/tls/ca.crt]"
  export ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$orderer_ops_port
  export ORDERER_OPERATIONS_TLS_ENABLED=true
  export ORDERER_OPERATIONS_TLS_CERTIFICATE="$orderer_node/tls/server.crt"
  export ORDERER_OPERATIONS_TLS_PRIVATEKEY="$orderer_node/tls/server.key"
  export ORDERER_METRICS_PROVIDER=disabled
  export ORDERER_FILELEDGER_LOCATION="$home/data/orderer0/ledger"
  export ORDERER_CONSENSUS_WALDIR="$home/data/orderer0/etcdraft/wal"
  export ORDERER_CONSENSUS_SNAPDIR="$home/data/orderer0/etcdraft/snapshot"
}

# The environment of peer N (set PEER_ORG first).
peer_env() {
  local n=$PEER_ORG node
  node=$(peer_node "$n")
  export FABRIC_CFG_PATH="$home/config"
  export FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-info}
  export CORE_PEER_ID=peer0.org$n.$domain
  export CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$n")
  export CORE_PEER_LISTENADDRESS=127.0.0.1:$(peer_port "$n")
  export CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$(peer_cc_port "$n")
  export CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$(peer_cc_port "$n")
  export CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$(peer_port "$n")
  export CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$(peer_port "$n")
  export CORE_PEER_LOCALMSPID
  CORE_PEER_LOCALMSPID=$(msp_id "$n")
  export CORE_PEER_MSPCONFIGPATH="$node/msp"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_CERT_FILE="$node/tls/server.crt"
  export CORE_PEER_TLS_KEY_FILE="$node/tls/server.key"
  export CORE_PEER_TLS_ROOTCERT_FILE="$node/tls/ca.crt"
  export CORE_PEER_FILESYSTEMPATH="$home/data/peer0.org$n"
  export CORE_LEDGER_SNAPSHOTS_ROOTDIR="$home/data/peer0.org$n/snapshots"
  export CORE_LEDGER_STATE_STATEDATABASE=goleveldb
  export CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$(peer_ops_port "$n")
  export CORE_OPERATIONS_TLS_ENABLED=true
  export CORE_OPERATIONS_TLS_CERT_FILE="$node/tls/server.crt"
  export CORE_OPERATIONS_TLS_KEY_FILE="$node/tls/server.key"
  export CORE_METRICS_PROVIDER=disabled
  # no Docker: chaincode runs only as a service, through the ccaas external builder
  export CORE_VM_ENDPOINT=
  export CORE_CHAINCODE_EXTERNALBUILDERS="[{name: ccaas, path: $(builder_dir), propagateEnvironment: [CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG]}]"
  export CORE_CHAINCODE_STARTUPTIMEOUT=${CORE_CHAINCODE_STARTUPTIMEOUT:-30s}
}

# The environment of org N's admin using the peer CLI against its peer.
admin_env() {
  peer_env
  export CORE_PEER_MSPCONFIGPATH
  CORE_PEER_MSPCONFIGPATH="$(org_dir "$PEER_ORG")/users/Admin@org$PEER_ORG.$domain/msp"
  export FABRIC_LOGGING_SPEC=warning
}

peer_cli() {
  local n=$1
  shift
  (PEER_ORG=$n admin_env && "$(bin_dir)/peer" "$@")
}

orderer_tls_args() {
  echo -o "127.0.0.1:$orderer_port" --tls --cafile "$orderer_org/tlsca/tlsca.$domain-cert.pem"
}

generate() {
  if [ -f "$home/config/configtx.yaml" ] && [ -d "$crypto" ]; then
    return
  fi
  rm -rf "$home"
  mkdir -p "$home"
  write_config
  "$(bin_dir)/cryptogen" generate --config="$home/config/crypto-config.yaml" --output="$crypto" >/dev/null
  mkdir -p "$home/channel"
  FABRIC_CFG_PATH="$home/config" "$(bin_dir)/configtxgen" -profile TwinguardChannel \
    -channelID "$channel" -outputBlock "$home/channel/$channel.block" 2>"$home/configtxgen.log" ||
    { cat "$home/configtxgen.log" >&2; die "configtxgen failed"; }
  rm -f "$home/configtxgen.log"
  cat >"$home/settings.env" <<ENV
FABRIC_BASE_PORT=$base_port
FABRIC_ORGS=$orgs
FABRIC_CHANNEL=$channel
ENV
  log "wrote crypto material (cryptogen), configuration and the genesis block of channel $channel into $home"
}

check_ports_free() {
  local p
  for p in "$@"; do
    port_free "$p" || die "port $p on 127.0.0.1 is in use (set FABRIC_BASE_PORT to move the network)"
  done
}

start_orderer() {
  pid_alive orderer0 || check_ports_free "$orderer_port" "$orderer_admin_port" "$orderer_ops_port"
  start_process orderer0 orderer_env "$(bin_dir)/orderer"
  wait_healthz orderer0 "$orderer_ops_port" "$orderer_node/tls/ca.crt"
}

start_peer() {
  local n=$1
  pid_alive "peer0.org$n" || check_ports_free "$(peer_port "$n")" "$(peer_cc_port "$n")" "$(peer_ops_port "$n")"
  PEER_ORG=$n start_process "peer0.org$n" peer_env "$(bin_dir)/peer" node start
  wait_healthz "peer0.org$n" "$(peer_ops_port "$n")" "$(peer_node "$n")/tls/ca.crt"
}

osnadmin() {
  "$(bin_dir)/osnadmin" "$@" -o "127.0.0.1:$orderer_admin_port" \
    --ca-file "$orderer_node/tls/ca.crt" \
    --client-cert "$orderer_admin/tls/client.crt" --client-key "$orderer_admin/tls/client.key"
}

join_orderer() {
  if osnadmin channel list --channelID "$channel" 2>/dev/null | grep -q '"name": *"'"$channel"'"'; then
    log "orderer0 already serves channel $channel"
    return
  fi
  quiet osnadmin channel join --channelID "$channel" --config-block "$home/channel/$channel.block"
  log "orderer0 joined channel $channel (channel participation API)"
}

# osnadmin returns before Raft has a leader; until it has one, lifecycle transactions fail with
# "no Raft leader". Fetching the oldest block through the orderer's deliver service succeeds only
# once the channel is served.
wait_orderer_ready() {
  local i
  for i in $(seq 1 100); do
    # shellcheck disable=SC2046 # the TLS arguments are words
    if peer_cli 1 channel fetch oldest "$home/channel/.fetched.block" -c "$channel" $(orderer_tls_args) >/dev/null 2>&1; then
      rm -f "$home/channel/.fetched.block"
      return
    fi
    sleep 0.2
  done
  die "the orderer does not serve channel $channel after 20 s; see $log_dir/orderer0.log"
}

join_peer() {
  local n=$1
  if peer_cli "$n" channel list 2>/dev/null | grep -qx "$channel"; then
    log "peer0.org$n already joined channel $channel"
    return
  fi
  quiet peer_cli "$n" channel join -b "$home/channel/$channel.block"
  log "peer0.org$n joined channel $channel"
}

write_network_properties() {
  local n=1
  cat >"$home/network.properties" <<PROPS
# Written by scripts/fabric.sh up: how a client reaches the network (read by FabricAnchorClient).
channel=$channel
chaincode=$cc_name
mspId=$(msp_id $n)
peerEndpoint=127.0.0.1:$(peer_port $n)
peerHostOverride=peer0.org$n.$domain
peerTlsCaCert=$(peer_node $n)/tls/ca.crt
clientCert=$(org_dir $n)/users/User1@org$n.$domain/msp/signcerts/User1@org$n.$domain-cert.pem
clientKeyDir=$(org_dir $n)/users/User1@org$n.$domain/msp/keystore
PROPS
}

cmd_up() {
  local start
  start=$(now_ms)
  cmd_build_quiet
  generate
  start_chaincode_server "$(chaincode_package_id)"
  start_orderer
  local n
  for n in $(seq 1 "$orgs"); do start_peer "$n"; done
  log "processes healthy after $(elapsed "$start")"
  join_orderer
  wait_orderer_ready
  for n in $(seq 1 "$orgs"); do join_peer "$n"; done
  log "channel $channel joined after $(elapsed "$start")"
  write_network_properties
  deploy
  log "network up in $(elapsed "$start"): $home"
  cmd_status
}

cmd_build_quiet() {
  have_programs "$(bin_dir)" && have_builder "$(builder_dir)" && return
  cmd_build
}

process_names() {
  echo orderer0
  local n
  for n in $(seq 1 "$orgs"); do echo "peer0.org$n"; done
  echo chaincode
}

cmd_status() {
  if [ ! -d "$home" ]; then
    echo "fabric: no network in $home"
    return 3
  fi
  local name running=0 total=0
  for name in $(process_names); do
    total=$((total + 1))
    if pid_alive "$name"; then
      running=$((running + 1))
      printf '%-14s running  pid %-7s\n' "$name" "$(cat "$run_dir/$name.pid")"
    else
      printf '%-14s stopped\n' "$name"
    fi
  done
  echo "orderer0       127.0.0.1:$orderer_port (admin $orderer_admin_port, operations $orderer_ops_port)"
  local n
  for n in $(seq 1 "$orgs"); do
    echo "peer0.org$n     127.0.0.1:$(peer_port "$n") (chaincode $(peer_cc_port "$n"), operations $(peer_ops_port "$n"))"
  done
  echo "chaincode      $cc_name $cc_version on channel $channel, server 127.0.0.1:$cc_port"
  if pid_alive peer0.org1; then
    local sequence
    sequence=$(committed_sequence)
    if [ -n "$sequence" ]; then
      echo "committed      $cc_name sequence $sequence on $channel"
    else
      echo "committed      $cc_name is not committed on $channel"
    fi
  fi
  echo "client config  $home/network.properties"
  [ "$running" = "$total" ]
}

cmd_down() {
  local name found=0
  if [ -d "$run_dir" ]; then
    # chaincode first, peers next, orderer last: no process sees its server vanish mid-call
    for name in chaincode peer0.org2 peer0.org1 orderer0; do
      [ -f "$run_dir/$name.pid" ] && found=1
      stop_process "$name"
    done
  fi
  [ $found = 1 ] || log "nothing was running"
  if [ -d "$home" ]; then
    rm -rf "$home"
    log "deleted $home"
  fi
}

peer_number() {
  case "$1" in [1-9]) [ "$1" -le "$orgs" ] && return ;; esac
  die "no peer org '$1' in this network of $orgs"
}

cmd_stop_peer() {
  peer_number "$1"
  [ -d "$run_dir" ] || die "no network in $home"
  stop_process "peer0.org$1"
}

cmd_start_peer() {
  peer_number "$1"
  [ -f "$home/network.properties" ] || die "no network in $home; run up first"
  start_peer "$1"
}

# ---------------------------------------------------------------------------------------------
# chaincode

cc_module="$root/audit-ledger/chaincode"
cc_jar="$cc_module/target/twinguard-chaincode.jar"
cc_node() { echo "$(org_dir 1)/peers/chaincode.org1.$domain"; }

# The chaincode package: metadata.json and code.tar.gz holding connection.json, archived
# reproducibly (sorted names, fixed times and owners, gzip without name or time) so that the
# package id, which is label:sha256 of the archive, is the same on every run.
package_chaincode() {
  local dir="$home/chaincode/package"
  rm -rf "$dir"
  mkdir -p "$dir/code"
  jq -n --arg address "127.0.0.1:$cc_port" --rawfile root "$(cc_node)/tls/ca.crt" \
    '{address: $address, dial_timeout: "10s", tls_required: true, client_auth_required: false, root_cert: $root}' \
    >"$dir/code/connection.json"
  jq -n --arg name "$cc_label" '{"type": "ccaas", "label": $name}' >"$dir/metadata.json"
  reproducible_tgz "$dir/code" "$dir/code.tar.gz" connection.json
  reproducible_tgz "$dir" "$home/chaincode/$cc_label.tgz" metadata.json code.tar.gz
}

reproducible_tgz() {
  local from=$1 to=$2
  shift 2
  tar -C "$from" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=go-w -cf - "$@" |
    gzip -n -9 >"$to"
}

cc_env() {
  export CHAINCODE_SERVER_ADDRESS=127.0.0.1:$cc_port
  export CORE_CHAINCODE_ID_NAME=$CC_PACKAGE_ID
  export CORE_PEER_TLS_ENABLED=true
  # The server's TLS key pair is the *_FILE pair (PEM; Netty wants the key as PKCS#8, which cryptogen
  # writes). On every peer connection the shim also builds a client TLS context from the *_PATH
  # pair, which it wants as files holding base64 of the PEM.
  export CORE_TLS_CLIENT_CERT_FILE="$(cc_node)/tls/server.crt"
  export CORE_TLS_CLIENT_KEY_FILE="$(cc_node)/tls/server.key"
  export CORE_TLS_CLIENT_CERT_PATH="$home/chaincode/tls/server.crt.base64"
  export CORE_TLS_CLIENT_KEY_PATH="$home/chaincode/tls/server.key.base64"
  export CORE_PEER_TLS_ROOTCERT_FILE="$(cc_node)/tls/ca.crt"
  export CORE_CHAINCODE_LOGGING_LEVEL=${CORE_CHAINCODE_LOGGING_LEVEL:-info}
}

build_chaincode_jar() {
  if [ -f "$cc_jar" ] && [ -d "$cc_module/target/lib" ]; then
    return
  fi
  log "building the chaincode jar (mvn package -pl audit-ledger/chaincode -am -DskipTests)"
  mvn -B -q -f "$root/pom.xml" -pl audit-ledger/chaincode -am package -DskipTests >&2
}

# Starts the chaincode server without waiting for it: its JVM boots while the network starts.
start_chaincode_server() {
  if pid_alive chaincode; then
    log "chaincode server already runs (pid $(cat "$run_dir/chaincode.pid"))"
    return
  fi
  check_ports_free "$cc_port"
  build_chaincode_jar
  mkdir -p "$home/chaincode/tls"
  base64 -w0 "$(cc_node)/tls/server.crt" >"$home/chaincode/tls/server.crt.base64"
  base64 -w0 "$(cc_node)/tls/server.key" >"$home/chaincode/tls/server.key.base64"
  # shellcheck disable=SC2086 # the options are words
  CC_PACKAGE_ID=$1 start_process chaincode cc_env \
    java ${TWINGUARD_CHAINCODE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
    -cp "$cc_jar:$cc_module/target/lib/*" org.hyperledger.fabric.contract.ContractRouter
}

wait_chaincode_server() {
  local i
  for i in $(seq 1 300); do
    port_free "$cc_port" || return 0
    pid_alive chaincode || die "the chaincode server exited; see $log_dir/chaincode.log"
    sleep 0.1
  done
  die "the chaincode server does not listen on $cc_port after 30 s; see $log_dir/chaincode.log"
}

# Writes the package and prints its id (label:sha256 of the package, as the peer computes it).
chaincode_package_id() {
  package_chaincode
  peer_cli 1 lifecycle chaincode calculatepackageid "$home/chaincode/$cc_label.tgz"
}

committed_sequence() {
  peer_cli 1 lifecycle chaincode querycommitted -C "$channel" -n "$cc_name" -O json 2>/dev/null |
    jq -r '.sequence // empty'
}

deploy() {
  local start
  start=$(now_ms)
  [ -f "$home/network.properties" ] || die "no network in $home: run scripts/fabric.sh up"
  local pkg="$home/chaincode/$cc_label.tgz" package_id n
  package_id=$(chaincode_package_id)
  start_chaincode_server "$package_id"
  for n in $(seq 1 "$orgs"); do
    if peer_cli "$n" lifecycle chaincode queryinstalled -O json 2>/dev/null |
      jq -e --arg id "$package_id" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null; then
      log "peer0.org$n already has $package_id"
    else
      quiet peer_cli "$n" lifecycle chaincode install "$pkg"
      log "installed $package_id on peer0.org$n"
    fi
  done
  if [ "$(committed_sequence)" = 1 ]; then
    log "chaincode $cc_name already committed on $channel"
  else
    local ready
    ready=$(peer_cli 1 lifecycle chaincode checkcommitreadiness -C "$channel" -n "$cc_name" \
      -v "$cc_version" --sequence 1 -O json 2>/dev/null || echo '{}')
    for n in $(seq 1 "$orgs"); do
      if jq -e --arg org "$(msp_id "$n")" '.approvals[$org] == true' <<<"$ready" >/dev/null; then
        log "org$n already approved $cc_name $cc_version"
        continue
      fi
      # shellcheck disable=SC2046 # the TLS arguments are words
      quiet peer_cli "$n" lifecycle chaincode approveformyorg $(orderer_tls_args) -C "$channel" \
        -n "$cc_name" -v "$cc_version" --package-id "$package_id" --sequence 1 --waitForEvent
      log "org$n approved $cc_name $cc_version"
    done
    local peers=()
    for n in $(seq 1 "$orgs"); do
      peers+=(--peerAddresses "127.0.0.1:$(peer_port "$n")" --tlsRootCertFiles "$(peer_node "$n")/tls/ca.crt")
    done
    # shellcheck disable=SC2046
    quiet peer_cli 1 lifecycle chaincode commit $(orderer_tls_args) -C "$channel" -n "$cc_name" \
      -v "$cc_version" --sequence 1 "${peers[@]}" --waitForEvent
    [ "$(committed_sequence)" = 1 ] || die "chaincode $cc_name is not committed on $channel"
    log "committed $cc_name $cc_version on $channel"
  fi
  wait_chaincode_server
  # the first call connects the peer to the chaincode server: make it here, not in a client
  quiet peer_cli 1 chaincode query -C "$channel" -n "$cc_name" -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}'
  log "chaincode deployed and answering in $(elapsed "$start") (package $package_id)"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

main() {
  local verb=${1:-}
  case "$verb" in
    build) cmd_build ;;
    up) cmd_up ;;
    deploy) deploy ;;
    status) cmd_status ;;
    down) cmd_down ;;
    stop-peer) cmd_stop_peer "${2:-1}" ;;
    start-peer) cmd_start_peer "${2:-1}" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
