#!/bin/bash
# bench/coldstart.sh: what an operator sees of each daemon from its first second on, jfenced and the C
# fence_virtd side by side in one run on the same libvirt test-driver node file and fence_virt.conf:
#   cold       a fresh daemon: ready (its port listens) after start, the very first STATUS request's
#              latency, then its first seconds at 1 client: req/s, p50/p99, daemon CPU per request
#   warm       16 clients after unmeasured load
#   burst      64 clients: errors and the slowest request
#   footprint  RSS and threads after the load, at each VM count
#   idle       the daemon's CPU over a quiet minute after the load, and its RSS then
#   jfencectl  wall time of `bin/jfencectl status` (jfenced only)
# Prints the tables and writes bench/results/coldstart.json. See BENCHMARKS.md.
#
# Knobs (environment): BENCH_VMS ("100 5000"), BENCH_DAEMONS ("fence_virtd jfenced"), BENCH_MIX
# (status:100), BENCH_COLD_SECONDS (10), BENCH_COLD_TRIALS (3: fresh daemons per daemon at the first VM
# count, 1 at the others), BENCH_WARM_UP (20: seconds of unmeasured 16-client load before warm),
# BENCH_DURATION (10: seconds of warm and of burst), BENCH_IDLE (60: seconds of idle, at the first VM
# count only), BENCH_CTL_TRIALS (5), BENCH_BUILD (0: mvn package first when 1), BENCH_KEEP (0: keep the
# work directory with the daemons' logs when 1), BENCH_JFENCED_JAVA_OPTS (unset: bin/jfenced's own JVM
# settings; set only for experiments), BENCH_QUIET_BUDGET (60: seconds the run may spend waiting for a
# quiet machine), BENCH_OUT (bench/results/coldstart.json).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${BENCH_VMS:-"100 5000"}
DAEMONS=${BENCH_DAEMONS:-"fence_virtd jfenced"}
MIX=${BENCH_MIX:-status:100}
COLD_SECONDS=${BENCH_COLD_SECONDS:-10}
COLD_TRIALS=${BENCH_COLD_TRIALS:-3}
WARM_UP=${BENCH_WARM_UP:-20}
DURATION=${BENCH_DURATION:-10}
IDLE=${BENCH_IDLE:-60}
CTL_TRIALS=${BENCH_CTL_TRIALS:-5}
QUIET_LEFT=${BENCH_QUIET_BUDGET:-60}
OUT=${BENCH_OUT:-$ROOT/bench/results/coldstart.json}
# ColdStart starts the daemons, which inherit this environment
[ -n "${BENCH_JFENCED_JAVA_OPTS:-}" ] && export JFENCED_JAVA_OPTS=$BENCH_JFENCED_JAVA_OPTS

. "$ROOT/bench/lib.sh"
bench_setup 0 jfenced-coldstart
RES=$WORK/results
mkdir -p "$RES" "$(dirname "$OUT")"

daemon_command() {
    local daemon=$1 conf=$2 pidfile=$3
    case $daemon in
        fence_virtd) echo /usr/sbin/fence_virtd -F -f "$conf" -p "$pidfile" ;;
        # -w: wait for libvirt as fence_virtd does, whose start blocks in its libvirt open (5,000 VMs take seconds)
        jfenced) echo "$ROOT/bin/jfenced" -F -w -f "$conf" -p "$pidfile" ;;
        *) die "unknown daemon $daemon" ;;
    esac
}

# A fresh daemon through ColdStart; sets DAEMON_PID (still running afterwards).
cold_start() {
    local daemon=$1 vms=$2 port=$3 conf=$4 trial=$5
    local tag=$daemon-$vms-$trial
    wait_for_quiet
    log "$daemon, $vms VMs: cold start $trial, ${COLD_SECONDS} s at 1 client"
    # shellcheck disable=SC2046
    java $GEN_JAVA_OPTS -cp "$CP" org.jfenced.bench.ColdStart --port "$port" --key "$KEY" \
        --domain vm-00000 --pid-file "$WORK/$tag.pid" --log "$WORK/$tag.log" --json "$RES/cold-$tag.json" \
        --seconds "$COLD_SECONDS" --concurrency 1 --mix "$MIX" --timeout 30 \
        --label "daemon=$daemon" --label "vms=$vms" --label "loadavg=$(cut -d' ' -f1 /proc/loadavg)" \
        -- $(daemon_command "$daemon" "$conf" "$WORK/$daemon.pidfile") 2>&1 | sed 's/^/    /' >&2 || true
    [ -s "$WORK/$tag.pid" ] || die "$daemon was not started"
    DAEMON_PID=$(cat "$WORK/$tag.pid")
    TRACKED+=("$DAEMON_PID")
    if [ ! -s "$RES/cold-$tag.json" ]; then
        tail -n 20 "$WORK/$tag.log" >&2
        die "$daemon's cold start failed"
    fi
}

load() {
    local daemon=$1 vms=$2 c=$3 warmup=$4 name=$5
    wait_for_quiet
    log "$daemon, $vms VMs: $name, $c clients, ${warmup} s unmeasured, ${DURATION} s measured"
    java $GEN_JAVA_OPTS -cp "$CP" org.jfenced.bench.LoadGenerator --port "$port" --key "$KEY" \
        --concurrency "$c" --duration "$DURATION" --warmup "$warmup" --mix "$MIX" --timeout 30 \
        --daemon-pid "$DAEMON_PID" --json "$RES/$name-$daemon-$vms.json" \
        --label "daemon=$daemon" --label "vms=$vms" --label "loadavg=$(cut -d' ' -f1 /proc/loadavg)" \
        | sed 's/^/    /' >&2
}

status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# The daemon's CPU over IDLE quiet seconds, in percent of one core.
idle() {
    local daemon=$1 vms=$2
    log "$daemon: ${IDLE} s idle"
    sleep 5
    local before after
    before=$(cpu_ticks "$DAEMON_PID")
    sleep "$IDLE"
    after=$(cpu_ticks "$DAEMON_PID")
    jq -n --arg d "$daemon" --argjson v "$vms" --argjson t $((after - before)) --argjson s "$IDLE" \
        --argjson th "$(status_field "$DAEMON_PID" Threads)" --argjson r "$(status_field "$DAEMON_PID" VmRSS)" \
        '{daemon: $d, vms: $v, cpu_ms: ($t * 10), seconds: $s, core_percent: ($t * 10 / ($s * 1000) * 100), threads: $th,
          rss_mb: ($r / 1024)}' \
        >"$RES/idle-$daemon-$vms.json"
}

# Wall time of `jfencectl status` against the running jfenced, every trial.
ctl_status() {
    local admin=$1 i t0 t1 times=()
    for i in $(seq 1 "$CTL_TRIALS"); do
        t0=$(date +%s%N)
        "$ROOT/bin/jfencectl" --socket "$admin" status >/dev/null || die "jfencectl status failed"
        t1=$(date +%s%N)
        times+=("$(( (t1 - t0) / 1000 ))")
    done
    printf '%s\n' "${times[@]}" | jq -s -c '{wall_ms_trials: map(. / 1000), wall_ms: (sort | .[length / 2 | floor] / 1000)}' \
        >"$RES/ctl.json"
    log "jfencectl status: $(jq -c .wall_ms_trials "$RES/ctl.json") ms"
}

run_daemon() {
    local daemon=$1 vms=$2 port=$3 conf=$4 first_size=$5 admin=$6
    local trials=1 trial
    [ "$first_size" = 1 ] && trials=$COLD_TRIALS
    for trial in $(seq 1 "$trials"); do
        [ "$trial" -gt 1 ] && stop_pid "$DAEMON_PID"
        cold_start "$daemon" "$vms" "$port" "$conf" "$trial"
    done
    load "$daemon" "$vms" 16 "$WARM_UP" warm
    load "$daemon" "$vms" 64 0 burst
    jq -n --arg d "$daemon" --argjson v "$vms" --argjson r "$(status_field "$DAEMON_PID" VmRSS)" \
        --argjson h "$(status_field "$DAEMON_PID" VmHWM)" --argjson t "$(status_field "$DAEMON_PID" Threads)" \
        '{daemon: $d, vms: $v, rss_mb: ($r / 1024), peak_rss_mb: ($h / 1024), threads: $t}' \
        >"$RES/footprint-$daemon-$vms.json"
    log "$daemon's threads: $(cat "/proc/$DAEMON_PID"/task/*/comm | sort | uniq -c | awk '{ $1 = $1; print }' | paste -sd, -)"
    if [ "$first_size" = 1 ]; then
        idle "$daemon" "$vms"
        [ "$daemon" = jfenced ] && ctl_status "$admin"
    fi
    stop_pid "$DAEMON_PID"
}

START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
QUIET_BUDGET=$QUIET_LEFT
port=$(free_port 27229)
first=1
for vms in $SIZES; do
    node=$WORK/node-$vms.xml
    conf=$WORK/fence_virt-$vms.conf
    admin=$WORK/admin-$vms.sock
    write_node_file "$vms" "$node"
    write_config "$port" "$node" "$conf" "$admin"
    for daemon in $DAEMONS; do
        run_daemon "$daemon" "$vms" "$port" "$conf" "$first" "$admin"
    done
    first=0
    port=$(free_port $((port + 1)))
done

[ -e "$RES/ctl.json" ] || echo '{}' >"$RES/ctl.json"
for kind in cold warm burst footprint idle; do
    cat "$RES/$kind"-*.json 2>/dev/null | jq -s -c . >"$WORK/$kind.all"
done
jq -n \
    --arg started "$START" --arg finished "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg nproc "$(nproc)" \
    --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
    --arg kernel "$(uname -r)" --arg jdk "$(java -version 2>&1 | head -n 1)" \
    --arg fv "$(dpkg-query -W -f '${Version}' fence-virtd 2>/dev/null || echo unknown)" \
    --arg libvirt "$(dpkg-query -W -f '${Version}' libvirt0 2>/dev/null || echo unknown)" \
    --arg mem "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
    --arg load0 "$LOADAVG_START" --arg load1 "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg jopts "${BENCH_JFENCED_JAVA_OPTS:-$(sed -n 's/^JAVA_OPTS=\${JFENCED_JAVA_OPTS:-"\(.*\)"}$/\1/p' "$ROOT/dist/src/main/sh/jfenced")}" --arg mix "$MIX" \
    --argjson cold_s "$COLD_SECONDS" --argjson warm_up "$WARM_UP" --argjson dur "$DURATION" --argjson idle_s "$IDLE" \
    --argjson quiet_waited "$((QUIET_BUDGET - QUIET_LEFT))" \
    --slurpfile cold "$WORK/cold.all" --slurpfile warm "$WORK/warm.all" --slurpfile burst "$WORK/burst.all" \
    --slurpfile footprint "$WORK/footprint.all" --slurpfile idle "$WORK/idle.all" --slurpfile ctl "$RES/ctl.json" \
    '{
        command: "bench/coldstart.sh", started: $started, finished: $finished,
        machine: {nproc: ($nproc | tonumber), cpu: $cpu, memory: $mem, kernel: $kernel, jdk: $jdk,
                  fence_virtd: $fv, libvirt: $libvirt, loadavg_start: $load0, loadavg_end: $load1},
        settings: {mix: $mix, cold_seconds: $cold_s, warm_up_seconds: $warm_up, seconds: $dur, idle_seconds: $idle_s,
                   seconds_waited_for_quiet: $quiet_waited, jfenced_java_opts: $jopts},
        cold: $cold[0], warm: $warm[0], burst: $burst[0], footprint: $footprint[0], idle: $idle[0], ctl: $ctl[0]
    }' >"$OUT"
echo
jq -r -f "$ROOT/bench/coldstart-report.jq" "$OUT"
log "results: $OUT"
