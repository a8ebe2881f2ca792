#!/usr/bin/env bash
# What an adapter costs behind the broker (AdapterLoadBenchmark): one run, one broker, the HVAC twin
# forwarded natively against the bus arrivals through the rest-mapping adapter (closed loop, then at
# half the lower peak), and the thermal model as a sandboxed black box against the native twin on one
# connection (its start cost per call). Writes tests/target/benchmarks/adapter-load.csv and
# adapter-load-ratios.csv and prints them. Needs bubblewrap, strace and prlimit (adapters/README.md).
#
#   scripts/bench-adapters.sh [-Dbench.connections=16] [-Dbench.warmup=3] [-Dbench.seconds=5] [-Dbench.rounds=3] [-o]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=tests/target/benchmarks

scripts/tools.sh
echo "bench-adapters: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
mvn -B -q -pl tests -am test -Pbenchmarks -Dtest=AdapterLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
echo "bench-adapters: load average after:  $(cut -d' ' -f1-3 /proc/loadavg) ($(( $(date +%s) - started )) s)"
echo
column -s, -t < "$out/adapter-load.csv"
echo
column -s, -t < "$out/adapter-load-ratios.csv"
