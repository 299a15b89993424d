#!/bin/bash
# bench/journal-bench.sh: what the fence journal's fsync before every off, on and reboot answer costs.
# Three legs on one fence_virt.conf and node file, one after the other in the same run, loopback only:
# jfenced with its journal on the root file system (fsync reaches the disk), jfenced with its journal
# on /dev/shm (tmpfs: fsync costs nothing, so the difference is the fsync), and the C fence_virtd,
# which keeps no record. Each leg: off/on cycles from the bench load generator at concurrency 1 and 8.
#
#   bench/journal-bench.sh [--duration SECONDS]
#
# Needs a build (`mvn -B package -DskipTests`); installs fence-virtd, libvirt0 and jq when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=15
while [ $# -gt 0 ]; do
    case $1 in
        --duration) DURATION=$2; shift 2 ;;
        *) echo "usage: $0 [--duration SECONDS]" >&2; exit 64 ;;
    esac
done
. "$ROOT/bench/lib.sh"
bench_setup 0 jfenced-journal-bench
SHM=$(mktemp -d /dev/shm/jfenced-journal-bench.XXXXXX)
trap 'cleanup; rm -rf "$SHM"' EXIT

write_node_file 40 "$WORK/node.xml"
port=$(free_port 26229)

leg() {
    local name=$1 journal=$2 pid
    write_config "$port" "$WORK/node.xml" "$WORK/$name.conf" "$WORK/$name-admin.sock"
    sed -i "s|journal_dir = \"[^\"]*\"|journal_dir = \"$journal\"|" "$WORK/$name.conf"
    if [ "$name" = fence_virtd ]; then
        /usr/sbin/fence_virtd -F -f "$WORK/$name.conf" -p "$WORK/$name.pid" >"$WORK/$name.log" 2>&1 &
    else
        "$ROOT/bin/jfenced" -F -f "$WORK/$name.conf" -p "$WORK/$name.pid" >"$WORK/$name.log" 2>&1 &
    fi
    pid=$!
    TRACKED+=("$pid")
    for _ in $(seq 1 300); do
        ss -Htln "sport = :$port" | grep -q . && break
        sleep 0.1
    done
    local c
    for c in 1 8; do
        printf '%s concurrency %s: ' "$name" "$c"
        java $GEN_JAVA_OPTS -cp "$CP" org.jfenced.bench.LoadGenerator --port "$port" --key "$KEY" --mix offon:1 \
            --concurrency "$c" --warmup 3 --duration "$DURATION" --timeout 30 | grep -E '^(answered|latency)' | tr '\n' ' '
        echo
    done
    stop_pid "$pid"
}

log "load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs at the start"
leg jfenced-disk "$WORK/journal"
leg jfenced-tmpfs "$SHM"
leg fence_virtd "$WORK/unused"
log "load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
