#!/usr/bin/env bash
# Broker req/s with 1, 2 and 3 brokers on this machine, in one run (ClusterLoadBenchmark in tests):
# one standalone broker, then clusters of one, two and three, each broker `twinguard serve` in a JVM
# of its own (-Xmx512m), audit on (each broker its own audit log in its own database of one embedded
# PostgreSQL: the log allows one writer for now), BrokerLoadBenchmark's call from room-12 to the HVAC
# twin's thermal model spread round robin over the brokers, plain and signed (a fresh RFC 9421 nonce
# per call, checked with the cluster). The load client and the twins run in the test JVM; CPU per
# call of the brokers, PostgreSQL, the test JVM and the whole machine is read from /proc. Writes
# tests/target/benchmarks/cluster-load.csv, cluster-load-ratios.csv and cluster-load.md and prints
# the last. Runs offline (-o) once the build has run. Ports 19451-19453 (HTTPS), 19811-19813 (Hazelcast).
#
#   scripts/bench-cluster.sh [-Dbench.connections=32] [-Dbench.warmup=20] [-Dbench.seconds=8] [-Dbench.rounds=3] [-Dbench.passes=2] [-o]
#
# With --shared-log (first argument) it runs SharedLogLoadBenchmark instead: clusters of one, two and
# three brokers on ONE audit log with shared writers (log.writers: shared) in one embedded PostgreSQL,
# plain calls, req/s and the integration delay p50/p99 from acceptance (the integrating broker's
# histogram twinguard_log_integration_delay_seconds on /metrics, quantiles from its buckets) and from
# the call's arrival (a record's time to the start of the integration that indexed it); writes
# tests/target/benchmarks/shared-log-load.csv and .md. Ports
# 19471-19473 (HTTPS), 19831-19833 (Hazelcast). About 2 minutes per configuration and pass.
#
# About 20 minutes (two passes: 1 2 3 3 2 1). The brokers are stopped by the benchmark when it ends, also when it fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=tests/target/benchmarks
benchmark=ClusterLoadBenchmark
report=cluster-load.md
if [[ "${1:-}" == --shared-log ]]; then
  shift
  benchmark=SharedLogLoadBenchmark
  report=shared-log-load.md
fi

scripts/tools.sh
echo "bench-cluster: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
mvn -B -q -pl tests -am test -Dtest="$benchmark" -Dsurefire.failIfNoSpecifiedTests=false "$@"
echo "bench-cluster: load average after:  $(cut -d' ' -f1-3 /proc/loadavg) ($(( $(date +%s) - started )) s)"
echo
cat "$out/$report"
