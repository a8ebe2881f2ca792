#!/usr/bin/env python3
"""CPU per request by pipeline step, from a Flight Recorder profile of the broker load benchmark.

Usage: scripts/profile-steps.py RECORDING.jfr... [RESULTS.csv] [--rounds=ROUNDS.jfr] [--markdown]

RECORDING.jfr comes from `scripts/bench-broker.sh -o '-Dbench.jvm.args=-XX:StartFlightRecording=
filename=RECORDING.jfr,settings=profile'`; broker-load.csv (default tests/target/benchmarks/
broker-load.csv) gives each target's JVM CPU per request. The benchmark marks each measured round
with a `twinguard.bench.Round` event; every execution sample taken inside a round counts for that
round's target. A sample is put in the step of the first frame, from the top of its stack, that
belongs to a step's package (so Bouncy Castle under the forwarder counts as `forward`, under the
answer signer as `sign`, the policy engine under `decide`); samples with no twinguard frame are
TLS or the HTTP/Netty/Vert.x machinery of any party (broker, load client, twins). CPU per request
of a category = its share of the target's samples x the target's JVM CPU per request: sampling
shares, not exact CPU accounting, so read differences under about 2% as noise.

The cluster benchmark (scripts/bench-cluster.sh) runs each broker in a JVM of its own: record each
with `-Dbench.broker.jvm=-XX:StartFlightRecording=filename=/tmp/p/{broker}.jfr,settings=profile`
and the benchmark's JVM, which marks the rounds (target = configuration, mode = mix), with
`-Pbenchmarks '-Dbench.jvm.args=-XX:StartFlightRecording=filename=/tmp/p/client.jfr'`; then give
the brokers' recordings of one configuration, `--rounds=/tmp/p/client.jfr` and cluster-load.csv.
Their CPU per request is the brokers' (summed) without their JIT compiler, GC and VM threads, which
execution samples never see (from cluster-load-threads.csv beside the CSV; those groups are
printed apart).
"""
import collections
import csv
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

# package or class prefix -> category; the first frame from the top that matches decides
STEPS = [
    ("io.twinguard.broker.metrics.", "metrics"),
    ("io.twinguard.broker.authentication.", "authenticate"),
    ("io.twinguard.broker.identity.", "authenticate"),
    ("io.twinguard.broker.admission.", "admit"),
    ("io.twinguard.broker.replay.", "admit"),
    ("io.twinguard.broker.registry.", "resolve"),
    ("io.twinguard.broker.verification.", "verify"),
    ("io.twinguard.broker.validation.", "validate"),
    ("io.twinguard.broker.consent.", "decide"),
    ("io.twinguard.broker.decision.", "decide"),
    ("io.twinguard.policies.", "decide"),
    ("io.twinguard.broker.arbitration.", "arbitrate"),
    ("io.twinguard.broker.forward.", "forward"),
    ("io.twinguard.broker.adapter.", "forward"),
    ("io.twinguard.broker.obligations.", "release"),
    ("io.twinguard.broker.answer.", "sign and answer"),
    ("io.twinguard.broker.audit.", "record"),
    ("io.twinguard.audit.", "record"),
    ("io.vertx.pgclient.", "record"),
    ("io.vertx.sqlclient.", "record"),
    ("io.twinguard.tests.load.", "load client"),
    ("io.twinguard.examples.", "target twins"),
    ("io.twinguard.broker.", "pipeline and routes"),
    ("io.vertx.httpproxy.", "plain proxy"),
]
TLS = ("sun.security.ssl.", "com.sun.crypto.provider.", "javax.crypto.", "sun.security.provider.")

FRAME = re.compile(r"^\s+([\w.$<>/]+)\(")
# JDK 17's jfr prints the time of day alone, later JDKs add the date in brackets
START = re.compile(r"startTime = (\d\d):(\d\d):(\d\d)\.(\d+)(?: \((\d{4}-\d\d-\d\d)\))?")
DURATION = re.compile(r"duration = ([\d.]+) (ns|us|ms|s|min)\b")
UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0}


def category(frames):
    for frame in frames:
        for prefix, name in STEPS:
            if frame.startswith(prefix):
                return name
    if any(frame.startswith(TLS) for frame in frames):
        return "TLS (any party)"
    return "HTTP, Netty, Vert.x, JDK (any party)"


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    candidate = os.path.join(home, "bin", "jfr") if home else None
    tool = candidate if candidate and os.path.exists(candidate) else shutil.which("jfr")
    if not tool:
        sys.exit("profile-steps: no `jfr` tool: set JAVA_HOME to a JDK")
    return tool


def events(recording):
    """Yields (kind, start, fields, frames) for each round and execution sample, in file order."""
    command = [jfr_tool(), "print", "--events", "twinguard.bench.Round,jdk.ExecutionSample",
               "--stack-depth", "256", recording]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        kind, start, fields, frames, in_stack = None, None, {}, [], False
        for line in process.stdout:
            if line.startswith("twinguard.bench.Round") or line.startswith("jdk.ExecutionSample"):
                kind, start, fields, frames, in_stack = line.split()[0], None, {}, [], False
            elif line.startswith("}"):
                if kind and start:
                    yield kind, start, fields, frames
                kind = None
            elif kind:
                if in_stack:
                    if line.strip().startswith("]"):
                        in_stack = False
                    else:
                        match = FRAME.match(line)
                        if match:
                            frames.append(match.group(1))
                elif "stackTrace = [" in line:
                    in_stack = True
                elif (match := START.search(line)):
                    h, m, s, frac, day = match.groups()
                    day = day or "2000-01-01"
                    start = datetime.fromisoformat(f"{day}T{h}:{m}:{s}") + timedelta(seconds=float("0." + frac))
                elif (match := DURATION.search(line)):
                    fields["duration"] = float(match.group(1)) * UNITS[match.group(2)]
                elif "=" in line:
                    key, _, value = line.strip().partition(" = ")
                    fields[key] = value.strip('"')
        if process.wait() != 0:
            sys.exit(f"profile-steps: {' '.join(command)} failed")


# thread groups of cluster-load-threads.csv that run no Java code, so never appear in execution samples
UNSAMPLED = ("JIT compilers", "GC", "VM thread (safepoints)")


def cpu_per_request(results):
    """(target, mode) -> CPU ms per request of the sampled threads, and the unsampled groups' CPU."""
    sampled, unsampled = {}, collections.defaultdict(dict)
    with open(results, newline="") as file:
        for row in csv.DictReader(file):
            if "target" in row:
                sampled[(row["target"], row["mode"])] = float(row["jvm_cpu_ms_per_req"])
            else:
                sampled[(row["config"], row["mix"])] = float(row["broker_cpu_ms_per_req"])
    threads = os.path.join(os.path.dirname(results), "cluster-load-threads.csv")
    if "cluster-load" in os.path.basename(results) and os.path.exists(threads):
        with open(threads, newline="") as file:
            for row in csv.DictReader(file):
                key = (row["config"], row["mix"])
                if row["group"] in UNSAMPLED and key in sampled:
                    unsampled[key][row["group"]] = float(row["broker_cpu_ms_per_req_or_s"])
                    sampled[key] -= unsampled[key][row["group"]]
    return sampled, unsampled


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if not args or "--help" in argv:
        print(__doc__)
        return 0 if "--help" in argv else 2
    recordings = [a for a in args if not a.endswith(".csv")]
    results = next((a for a in args if a.endswith(".csv")), "tests/target/benchmarks/broker-load.csv")
    rounds_from = next((a.split("=", 1)[1] for a in argv if a.startswith("--rounds=")), None)
    per_request, unsampled = cpu_per_request(results)

    rounds, samples = [], []
    for recording in ([rounds_from] if rounds_from else []) + recordings:
        for kind, start, fields, frames in events(recording):
            if kind == "twinguard.bench.Round":
                rounds.append((start, start + timedelta(seconds=fields.get("duration", 0)),
                               (fields.get("target"), fields.get("mode", "closed"))))
            elif recording in recordings:
                samples.append((start, category(frames)))
    if not rounds:
        sys.exit("profile-steps: the recording has no twinguard.bench.Round events; record the benchmark itself")

    counts = collections.defaultdict(collections.Counter)
    for when, name in samples:
        for begin, end, target in rounds:
            if begin <= when < end:
                counts[target][name] += 1
                break

    markdown = "--markdown" in argv
    for target in sorted(counts, key=lambda t: -sum(counts[t].values())):
        total = sum(counts[target].values())
        cpu = per_request.get(target)
        name_of = f"{target[0]} ({target[1]})"
        if markdown:
            print(f"\n**{name_of}**: {total} samples, JVM CPU per request "
                  f"{cpu if cpu is not None else '?'} ms\n")
            print("| part | share | CPU us per request |\n|---|---:|---:|")
        else:
            print(f"\n{name_of}: {total} samples, JVM CPU per request {cpu} ms")
        for name, count in counts[target].most_common():
            share = count / total
            micros = f"{share * cpu * 1000:.1f}" if cpu is not None else "?"
            if markdown:
                print(f"| {name} | {share * 100:.1f}% | {micros} |")
            else:
                print(f"  {name:<38} {share * 100:5.1f}%  {micros:>7} us")
        for name, millis in unsampled.get(target, {}).items():
            if markdown:
                print(f"| {name} (not sampled) | | {millis * 1000:.1f} |")
            else:
                print(f"  {name + ' (not sampled)':<38}         {millis * 1000:7.1f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
