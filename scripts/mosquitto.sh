#!/usr/bin/env bash
# Runs Mosquitto (Debian's package `mosquitto`) as one process on 127.0.0.1, for the MQTT adapter's
# tests, benchmark and demo set-ups: MQTT over TLS 1.3 only, every client presenting a certificate
# issued by the ecosystem CA (no password, no anonymous client, no plain listener).
#
#   scripts/mosquitto.sh start    write the configuration, start Mosquitto, wait until it accepts
#                                 connections (idempotent: a running instance is left as it is)
#   scripts/mosquitto.sh status   say whether it runs and where; exit 0 only when the port accepts
#   scripts/mosquitto.sh stop     stop the process `start` started (nothing else)
#
# Environment:
#   MOSQUITTO_CA_CERT        the PEM certificate of the CA whose client certificates Mosquitto
#                            accepts: the ecosystem CA's ca-cert.pem (`twinguard ca init`); required
#                            for start
#   MOSQUITTO_CERT           Mosquitto's server certificate (PEM), issued by that CA for 127.0.0.1
#   MOSQUITTO_KEY            its private key (PEM); make both with
#                            `twinguard ca issue --ip 127.0.0.1 ...`; required for start
#   MOSQUITTO_PORT           the TLS port on 127.0.0.1 (default 18883)
#   MOSQUITTO_DIR            the instance's directory (default .mosquitto/): configuration, pid file,
#                            log, mosquitto.properties (where it listens)
#   MOSQUITTO_BIN            the mosquitto program (default: mosquitto on PATH, else /usr/sbin/mosquitto)
#   MOSQUITTO_START_TIMEOUT  seconds to wait for the port to accept (default 30)
#
# Clients are told apart by their certificate's subject (use_subject_as_username). QoS 0 messages
# to a client that does not read are dropped by Mosquitto beyond max_queued_messages, never buffered
# without bound.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/process.sh
. "$root/scripts/lib/process.sh"

log() { printf 'mosquitto: %s\n' "$*" >&2; }
die() { printf 'mosquitto: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

state=${MOSQUITTO_DIR:-$root/.mosquitto}
case "$state" in /*) ;; *) state="$root/$state" ;; esac
port=${MOSQUITTO_PORT:-18883}
case "$port" in *[!0-9]* | '') die "MOSQUITTO_PORT must be a number, not '$port'" ;; esac
timeout=${MOSQUITTO_START_TIMEOUT:-30}
case "$timeout" in *[!0-9]* | '') die "MOSQUITTO_START_TIMEOUT must be a number, not '$timeout'" ;; esac
pid_file="$state/mosquitto.pid"
log_file="$state/mosquitto.log"
conf="$state/mosquitto.conf"

mosquitto_bin() {
  if [ -n "${MOSQUITTO_BIN:-}" ]; then
    echo "$MOSQUITTO_BIN"
  elif command -v mosquitto >/dev/null; then
    command -v mosquitto
  elif [ -x /usr/sbin/mosquitto ]; then
    echo /usr/sbin/mosquitto
  else
    die "mosquitto is not installed (Debian: apt-get install mosquitto)"
  fi
}

port_accepts() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

require_file() {
  local name=$1 value=${!1:-}
  [ -n "$value" ] || die "$name is required (see scripts/mosquitto.sh --help)"
  [ -f "$value" ] || die "$name=$value is not a file"
  readlink -f "$value"
}

write_conf() {
  local ca cert key
  ca=$(require_file MOSQUITTO_CA_CERT)
  cert=$(require_file MOSQUITTO_CERT)
  key=$(require_file MOSQUITTO_KEY)
  mkdir -p "$state"
  # Mosquitto started as root drops to the user `mosquitto`, which could not read the key: it runs
  # as whoever runs this script, on loopback only.
  cat >"$conf" <<EOF
# written by scripts/mosquitto.sh; rewritten on every start
user $(id -un)
persistence false
log_dest stdout
log_type error
log_type warning
log_type notice
connection_messages false
per_listener_settings false
allow_anonymous false
max_queued_messages 1000
max_packet_size 1048576

listener $port 127.0.0.1
protocol mqtt
cafile $ca
certfile $cert
keyfile $key
tls_version tlsv1.3
require_certificate true
use_subject_as_username true
EOF
}

write_properties() {
  cat >"$state/mosquitto.properties" <<EOF
host=127.0.0.1
port=$port
url=mqtts://127.0.0.1:$port
EOF
}

cmd_start() {
  if pid_file_alive "$pid_file"; then
    log "already runs (pid $(cat "$pid_file")) on 127.0.0.1:$(sed -n 's/^port=//p' "$state/mosquitto.properties" 2>/dev/null)"
    return
  fi
  local bin started waited
  bin=$(mosquitto_bin)
  write_conf
  port_accepts && die "127.0.0.1:$port is already in use (MOSQUITTO_PORT)"
  started=$(now_ms)
  start_in_session "$pid_file" "$log_file" : "$bin" -c "$conf"
  while ! port_accepts; do
    if ! pid_file_alive "$pid_file"; then
      tail -n 20 "$log_file" >&2 || true
      rm -f "$pid_file"
      die "Mosquitto ended at start (log: $log_file)"
    fi
    waited=$((($(now_ms) - started) / 1000))
    if [ "$waited" -ge "$timeout" ]; then
      stop_pid_file "$pid_file" 5 || true
      die "127.0.0.1:$port did not accept within $timeout s (MOSQUITTO_START_TIMEOUT); stopped Mosquitto"
    fi
    sleep 0.02
  done
  write_properties
  log "started $("$bin" -h 2>/dev/null | sed -n '1s/^mosquitto version /version /p') (pid $(cat "$pid_file")) on mqtts://127.0.0.1:$port in $(($(now_ms) - started)) ms"
}

cmd_stop() {
  local pid
  pid=$(cat "$pid_file" 2>/dev/null || true)
  if stop_pid_file "$pid_file" 10; then
    log "stopped Mosquitto (pid $pid)"
  else
    log "not running ($state)"
  fi
}

cmd_status() {
  if ! pid_file_alive "$pid_file"; then
    echo "mosquitto: not running ($state)"
    return 1
  fi
  if port_accepts; then
    echo "mosquitto: runs (pid $(cat "$pid_file")) on mqtts://127.0.0.1:$port"
  else
    echo "mosquitto: runs (pid $(cat "$pid_file")), 127.0.0.1:$port does not accept"
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
