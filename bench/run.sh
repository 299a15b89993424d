#!/bin/bash
# bench/run.sh: the request path of jfenced and of the C fence_virtd, measured side by side on this
# machine, one daemon after the other, on the same libvirt test-driver node file and the same
# fence_virt.conf. Prints the table and writes bench/results/latest.json. See BENCHMARKS.md.
#
# Knobs (environment): BENCH_DURATION seconds per cell (10), BENCH_WARMUP seconds before each cell (3),
# BENCH_DAEMON_WARMUP seconds of 16-client load after each daemon start, before the first cell (20),
# BENCH_CONCURRENCY ("1 4 16 64"), BENCH_VMS ("100 5000"), BENCH_MIX (status:80,offon:20),
# BENCH_DAEMONS ("fence_virtd jfenced"), BENCH_JMH (1: run the codec benchmarks), BENCH_BUILD (1: mvn
# package first), BENCH_KEEP (0: keep the work directory with daemon logs when 1),
# BENCH_JFENCED_JAVA_OPTS (unset: bin/jfenced's own JVM settings; set only for experiments),
# BENCH_ATTEMPTS (2: measure a cell again when other processes took over 10 % of the CPU; the least
# disturbed attempt is reported, failures of all attempts are counted), BENCH_QUIET_BUDGET (120:
# seconds the whole run may spend waiting for a quiet machine before cells and starts),
# BENCH_START_TRIALS (3: daemon starts timed, the median is reported), BENCH_OUT (where the JSON goes;
# bench/results/latest.json), BENCH_JFENCED_HOME (the jfenced installation measured; this tree's
# dist/target/jfenced: another build's for an A/B run with this tree's generator, see bench/ab.sh),
# BENCH_CEILING (1: measure the generator against TrivialResponder too).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
DAEMON_WARMUP=${BENCH_DAEMON_WARMUP:-20}
CONCURRENCY=${BENCH_CONCURRENCY:-"1 4 16 64"}
SIZES=${BENCH_VMS:-"100 5000"}
MIX=${BENCH_MIX:-status:80,offon:20}
DAEMONS=${BENCH_DAEMONS:-"fence_virtd jfenced"}
ATTEMPTS=${BENCH_ATTEMPTS:-2}
QUIET_LEFT=${BENCH_QUIET_BUDGET:-120}
START_TRIALS=${BENCH_START_TRIALS:-3}
RESULTS=$ROOT/bench/results
OUT=${BENCH_OUT:-$RESULTS/latest.json}
JFENCED_HOME=${BENCH_JFENCED_HOME:-$ROOT/dist/target/jfenced}

. "$ROOT/bench/lib.sh"
# the C daemon, libvirt's test driver, jq for the report; one key, node files, one fence_virt.conf per
# node file
bench_setup 1 jfenced-bench
CELLS=$WORK/cells
mkdir -p "$CELLS" "$(dirname "$OUT")"

start_daemon() {
    local daemon=$1 conf=$2 pidfile=$3 logfile=$4
    case $daemon in
        fence_virtd) /usr/sbin/fence_virtd -F -f "$conf" -p "$pidfile" >"$logfile" 2>&1 & ;;
        jfenced)
            if [ -n "${BENCH_JFENCED_JAVA_OPTS:-}" ]; then
                JFENCED_JAVA_OPTS=$BENCH_JFENCED_JAVA_OPTS "$JFENCED_HOME/bin/jfenced" -F -f "$conf" -p "$pidfile" >"$logfile" 2>&1 &
            else
                "$JFENCED_HOME/bin/jfenced" -F -f "$conf" -p "$pidfile" >"$logfile" 2>&1 &
            fi ;;
        *) die "unknown daemon $daemon" ;;
    esac
    DAEMON_PID=$!
    TRACKED+=("$DAEMON_PID")
}

# Starts the probe, waits until its JVM is ready, starts the daemon, and returns when the first STATUS
# request was answered. Sets DAEMON_PID and STARTUP_MS.
start_and_time_first_answer() {
    local daemon=$1 conf=$2 port=$3 tag=$4
    local probe_out=$WORK/$tag-probe.out
    java $GEN_JAVA_OPTS -cp "$CP" org.jfenced.bench.FirstAnswer --port "$port" --key "$KEY" \
        --domain vm-00000 >"$probe_out" 2>&1 &
    local probe=$!
    TRACKED+=("$probe")
    until grep -q '^probing' "$probe_out"; do
        kill -0 "$probe" 2>/dev/null || die "first-answer probe failed: $(cat "$probe_out")"
        sleep 0.01
    done
    local t0
    t0=$(date +%s%N)
    start_daemon "$daemon" "$conf" "$WORK/$tag.pid" "$WORK/$tag.log"
    if ! wait "$probe"; then
        log "the end of $daemon's log:"
        tail -n 20 "$WORK/$tag.log" >&2
        die "$daemon did not answer a request"
    fi
    local answered
    answered=$(sed -n 's/.*answered_at_epoch_us=\([0-9]*\).*/\1/p' "$probe_out")
    STARTUP_MS=$(awk -v a="$answered" -v t="$t0" 'BEGIN { printf "%.1f", (a * 1000 - t) / 1e6 }')
    kill -0 "$DAEMON_PID" 2>/dev/null || die "$daemon exited after answering"
}

run_cell() {
    local daemon=$1 vms=$2 c=$3 port=$4 pid=$5
    wait_for_quiet
    log "$daemon, $vms VMs, $c clients: ${WARMUP} s warm-up, ${DURATION} s measured"
    java $GEN_JAVA_OPTS -cp "$CP" org.jfenced.bench.LoadGenerator --port "$port" --key "$KEY" \
        --concurrency "$c" --duration "$DURATION" --warmup "$WARMUP" --mix "$MIX" --timeout 30 \
        --daemon-pid "$pid" --attempts "$ATTEMPTS" --json "$CELLS/cell-$daemon-$vms-$c.json" \
        --label "daemon=$daemon" --label "vms=$vms" --label "loadavg=$(cut -d' ' -f1 /proc/loadavg)" \
        | sed 's/^/    /' >&2
}

run_daemon() {
    local daemon=$1 vms=$2 port=$3 conf=$4
    local tag=$daemon-$vms
    local trial starts=()
    for trial in $(seq 1 "$START_TRIALS"); do
        [ "$trial" -gt 1 ] && stop_pid "$DAEMON_PID"
        wait_for_quiet
        log "starting $daemon on $vms VMs (port $port), start $trial of $START_TRIALS"
        start_and_time_first_answer "$daemon" "$conf" "$port" "$tag"
        log "$daemon answered its first request $STARTUP_MS ms after start"
        starts+=("$STARTUP_MS")
    done
    local pid=$DAEMON_PID
    local starts_json
    starts_json=$(printf '%s\n' "${starts[@]}" | jq -s -c '.')
    # Both daemons get the same unmeasured load first: jfenced's JIT compiles the request path, the
    # C daemon's page cache and libvirt state settle. The first cell then measures steady state.
    log "$daemon: ${DAEMON_WARMUP} s of unmeasured load (16 clients)"
    java $GEN_JAVA_OPTS -cp "$CP" org.jfenced.bench.LoadGenerator --port "$port" --key "$KEY" \
        --concurrency 16 --duration "$DAEMON_WARMUP" --mix "$MIX" --timeout 30 \
        | grep -E '^(answered|errors|unexpected)' | sed 's/^/    /' >&2
    local c
    for c in $CONCURRENCY; do
        run_cell "$daemon" "$vms" "$c" "$port" "$pid"
    done
    local rss hwm
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    stop_pid "$pid"
    jq -n --arg d "$daemon" --argjson v "$vms" --argjson s "$starts_json" --argjson r "$rss" --argjson h "$hwm" \
        '{daemon: $d, vms: $v, first_answer_ms: ($s | sort | .[length / 2 | floor]), first_answer_ms_trials: $s,
          rss_mb: ($r / 1024), peak_rss_mb: ($h / 1024)}' \
        >"$CELLS/cost-$tag.json"
    log "$daemon stopped: RSS after the run $((rss / 1024)) MB (peak $((hwm / 1024)) MB)"
}

run_ceiling() {
    local port
    port=$(free_port 25229)
    log "generator ceiling: trivial responder on port $port"
    java $GEN_JAVA_OPTS -cp "$CP" org.jfenced.bench.TrivialResponder --port "$port" --key "$KEY" --vms 100 \
        >"$WORK/responder.log" 2>&1 &
    local pid=$!
    TRACKED+=("$pid")
    until grep -q 'listening' "$WORK/responder.log"; do
        kill -0 "$pid" 2>/dev/null || die "trivial responder failed: $(cat "$WORK/responder.log")"
        sleep 0.05
    done
    local c
    for c in $CONCURRENCY; do
        run_cell trivial-responder 100 "$c" "$port" "$pid"
    done
    stop_pid "$pid"
}

run_jmh() {
    log "JMH: codec benchmarks"
    java -cp "$CP" org.openjdk.jmh.Main CodecBenchmark -rf json -rff "$WORK/jmh.json" >"$WORK/jmh.log" 2>&1 \
        || die "JMH failed: $(tail -n 20 "$WORK/jmh.log")"
    sed -n '/^Benchmark /,$p' "$WORK/jmh.log" | sed 's/^/    /' >&2
}

# --- the run -------------------------------------------------------------------------------------------
START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOADAVG_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    log "warning: load average $LOADAVG_START on $(nproc) CPUs: other work will skew the numbers"
fi
QUIET_BUDGET=$QUIET_LEFT
port=$(free_port 24229)
for vms in $SIZES; do
    node=$WORK/node-$vms.xml
    conf=$WORK/fence_virt-$vms.conf
    write_node_file "$vms" "$node"
    write_config "$port" "$node" "$conf"
    for daemon in $DAEMONS; do
        run_daemon "$daemon" "$vms" "$port" "$conf"
    done
    port=$(free_port $((port + 1)))
done
if [ "${BENCH_CEILING:-1}" = 1 ]; then
    run_ceiling
fi
if [ "${BENCH_JMH:-1}" = 1 ]; then
    run_jmh
else
    echo '[]' >"$WORK/jmh.json"
fi

jq -n \
    --arg started "$START" \
    --arg finished "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg nproc "$(nproc)" \
    --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
    --arg kernel "$(uname -r)" \
    --arg jdk "$(java -version 2>&1 | head -n 1)" \
    --arg fv "$(dpkg-query -W -f '${Version}' fence-virtd 2>/dev/null || echo unknown)" \
    --arg libvirt "$(dpkg-query -W -f '${Version}' libvirt0 2>/dev/null || echo unknown)" \
    --arg mem "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
    --arg load0 "$LOADAVG_START" \
    --arg load1 "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg jopts "$(sed -n 's/^JAVA_OPTS=\${JFENCED_JAVA_OPTS:-"\(.*\)"}$/\1/p' "$JFENCED_HOME/bin/jfenced")" \
    --arg jhome "$JFENCED_HOME" \
    --argjson duration "$DURATION" --argjson warmup "$WARMUP" --argjson dwarmup "$DAEMON_WARMUP" --arg mix "$MIX" \
    --arg jopts_override "${BENCH_JFENCED_JAVA_OPTS:-}" \
    --argjson attempts "$ATTEMPTS" --argjson trials "$START_TRIALS" \
    --argjson quiet_waited "$((QUIET_BUDGET - QUIET_LEFT))" \
    --slurpfile cells <(cat "$CELLS"/cell-*.json) \
    --slurpfile costs <(cat "$CELLS"/cost-*.json) \
    --slurpfile jmh "$WORK/jmh.json" \
    '{
        command: "bench/run.sh", jfenced_home: $jhome, started: $started, finished: $finished,
        machine: {nproc: ($nproc | tonumber), cpu: $cpu, memory: $mem, kernel: $kernel, jdk: $jdk,
                  fence_virtd: $fv, libvirt: $libvirt, loadavg_start: $load0, loadavg_end: $load1},
        settings: {seconds_per_cell: $duration, attempts: $attempts, start_trials: $trials,
                   seconds_waited_for_quiet: $quiet_waited, warmup_seconds: $warmup, daemon_warmup_seconds: $dwarmup, mix: $mix, hash: "sha256",
                   auth: "sha256", key_bytes: 4096,
                   jfenced_java_opts: (if $jopts_override == "" then $jopts else $jopts_override end),
                   jfenced_java_opts_overridden: ($jopts_override != "")},
        cells: [$cells[] | select(.labels.daemon != "trivial-responder")],
        ceiling: [$cells[] | select(.labels.daemon == "trivial-responder")],
        daemons: $costs,
        jmh: [$jmh[0][] | {benchmark: (.benchmark | sub(".*\\."; "")), key_bytes: .params.keyLength,
                           ns_per_op: .primaryMetric.score, error: .primaryMetric.scoreError}]
    }' >"$OUT"

echo
jq -r -f "$ROOT/bench/report.jq" "$OUT"
log "results: $OUT"
