#!/bin/bash
# bench/ab.sh BASE_HOME [ROUNDS]: the request path of this tree's jfenced against another build of it
# (BASE_HOME: that build's dist/target/jfenced, e.g. main before a change, built in a worktree of its
# own), in one run: ROUNDS rounds (3) of bench/run.sh for each build, in the order base, this, this,
# base, ... so that a drift in the machine's load weighs on both alike. Both get this tree's generator
# and the same JVM settings (BENCH_JFENCED_JAVA_OPTS, when set). jfenced only, 100 VMs, no ceiling, no
# JMH unless the caller's BENCH_* say otherwise. Prints a row per round and cell and the median ratio
# this / base per concurrency; the rounds' JSON stay in bench/results/ab-*.json. See BENCHMARKS.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE_HOME=${1:?usage: bench/ab.sh BASE_HOME [ROUNDS]}
ROUNDS=${2:-3}
[ -x "$BASE_HOME/bin/jfenced" ] || { echo "no jfenced installation at $BASE_HOME" >&2; exit 1; }
export BENCH_DAEMONS=jfenced BENCH_VMS=${BENCH_VMS:-100} BENCH_CEILING=${BENCH_CEILING:-0} BENCH_JMH=${BENCH_JMH:-0}
export BENCH_BUILD=${BENCH_BUILD:-0}

run_round() {
    local build=$1 round=$2 home
    home=$([ "$build" = base ] && echo "$BASE_HOME" || echo "$ROOT/dist/target/jfenced")
    echo "$(date +%H:%M:%S) round $round: $build ($home), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    BENCH_JFENCED_HOME=$home BENCH_OUT=$ROOT/bench/results/ab-$round-$build.json "$ROOT/bench/run.sh" >/dev/null
}

for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="base this"; else order="this base"; fi
    for build in $order; do
        run_round "$build" "$round"
    done
done

jq -r -s '
    [.[] | .jfenced_home as $h | .cells[] | {home: $h, c: .concurrency, loadavg: .labels.loadavg,
        rps: .requests_per_second, p50: .latency_ms.p50, p99: .latency_ms.p99, cpu: .daemon.cpu_seconds_per_1000,
        bg: .others_cpu_share}] as $cells
    | ($cells | map(.home) | unique) as $homes
    | "| build | clients | load | req/s | p50 ms | p99 ms | CPU s/1k | bg % |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ($cells[] | "| \(.home) | \(.c) | \(.loadavg) | \(.rps | round) | \(.p50) | \(.p99) | \(.cpu) | \(.bg * 100 | round) |"),
      "",
      "| clients | median req/s this / base | median p50 this / base | median CPU/1k this / base |",
      "|---:|---:|---:|---:|",
      ($cells | group_by(.c)[] | . as $g
        | def med: sort | .[length / 2 | floor];
          def ratio(f): ([$g[] | select(.home | endswith("'"$ROOT"'/dist/target/jfenced")) | f] | med)
                        / ([$g[] | select(.home | endswith("'"$ROOT"'/dist/target/jfenced") | not) | f] | med);
          "| \($g[0].c) | \(ratio(.rps) * 1000 | round / 1000) | \(ratio(.p50) * 1000 | round / 1000) | \(ratio(.cpu) * 1000 | round / 1000) |")
' "$ROOT"/bench/results/ab-*-*.json
