#!/usr/bin/env bash
# The broker's load benchmark: one run, one load client, one concurrency, against the HVAC twin called
# directly, a plain Vert.x HTTPS reverse proxy, nginx (Debian's package) as a TLS reverse proxy, the
# full broker with its audit log on (embedded PostgreSQL), and the broker with audit off; then direct
# and broker again at half the broker's peak rate. Installs nginx with apt-get if it is missing.
# Everything but nginx and PostgreSQL runs in one JVM with -Xmx512m (the benchmarks profile).
# Each target is warmed up until the JIT settles (two 2 s windows with under 50 ms of compiling).
# Writes tests/target/benchmarks/broker-load.csv, broker-load-ratios.csv, broker-load-steps.csv and
# broker-load.md (the same as tables) and prints them. Runs offline (-o) once the build has run.
#
#   scripts/bench-broker.sh [-Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java] [-Dbench.jvm.args="-XX:StartFlightRecording=filename=broker.jfr,settings=profile"] [-Dbench.connections=32] [-Dbench.warmup=5] [-Dbench.seconds=6] [-Dbench.rounds=3] [-o]
#
# -Djvm runs the benchmark's JVM (every target, so the ratios stay fair) on another JDK; Maven still
# builds with the default one. The results name the JVM they ran on.
#
# About 3 minutes with the Maven dependencies downloaded. Leaves nothing running: nginx is stopped
# by the benchmark, and by this script should the JVM die first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=tests/target/benchmarks

stop_nginx() {
  local pid
  if [[ -f "$out/nginx/nginx.pid" ]]; then
    pid=$(cat "$out/nginx/nginx.pid" 2>/dev/null || true)
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$out/nginx/nginx.pid"
  fi
}
trap stop_nginx EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

nginx=/usr/sbin/nginx
if [[ ! -x "$nginx" ]]; then
  echo "bench-broker: installing nginx from Debian's packages"
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
fi
stop_nginx

scripts/tools.sh
echo "bench-broker: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
mvn -B -q -pl tests -am test -Pbenchmarks -Dtest=BrokerLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.nginx="$nginx" "$@"
echo "bench-broker: load average after:  $(cut -d' ' -f1-3 /proc/loadavg) ($(( $(date +%s) - started )) s)"
echo
column -s, -t < "$out/broker-load.csv"
echo
column -s, -t < "$out/broker-load-ratios.csv"
echo
column -s, -t < "$out/broker-load-steps.csv"
