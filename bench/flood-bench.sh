#!/bin/bash
# bench/flood-bench.sh: what a rejected TCP connection (176 random bytes, no valid signature) costs
# jfenced and the C fence_virtd, measured one daemon after the other in the same run on the same
# fence_virt.conf; loopback only. Prints one line per daemon and the ratio. See BENCHMARKS.md.
#
#   bench/flood-bench.sh [--count N] [--warmup N] [--concurrency C]
#
# Builds with `mvn -pl bench,dist -am package -DskipTests` (nothing is installed into ~/.m2) unless
# FLOOD_BUILD=0. Installs fence-virtd and libvirt0 when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNT=30000
WARMUP=100000
CONCURRENCY=4
while [ $# -gt 0 ]; do
    case $1 in
        --count) COUNT=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --concurrency) CONCURRENCY=$2; shift 2 ;;
        *) echo "usage: $0 [--count N] [--warmup N] [--concurrency C]" >&2; exit 64 ;;
    esac
done

. "$ROOT/scripts/packages.sh"
install_missing fence-virtd libvirt0

if [ "${FLOOD_BUILD:-1}" = 1 ]; then
    (cd "$ROOT" && mvn -q -B -pl bench,dist -am package -DskipTests)
fi
BENCH_JAR=$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n 1)
CP="$BENCH_JAR:$ROOT/bench/target/lib/*"

WORK=$(mktemp -d /tmp/jfenced-flood-bench.XXXXXX)
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

KEY=$WORK/key
head -c 4096 /dev/urandom >"$KEY"
chmod 600 "$KEY"
cat >"$WORK/node.xml" <<'XML'
<?xml version="1.0"?>
<node>
  <cpu><mhz>2000</mhz><model>i686</model><active>1</active><nodes>1</nodes><sockets>1</sockets><cores>1</cores><threads>1</threads></cpu>
  <memory>1048576</memory>
  <domain type="test"><name>vm-1</name><memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>
</node>
XML

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

measure() {
    local daemon=$1 port conf
    port=$(free_port)
    conf=$WORK/$daemon.conf
    cat >"$conf" <<CONF
fence_virtd {
	listener = "tcp";
	backend = "libvirt";
	module_path = "/usr/lib/x86_64-linux-gnu/fence-virt";
	admin_socket = "$WORK/$daemon-admin.sock";
	journal_dir = "$WORK/$daemon-journal";
}
listeners {
	tcp {
		key_file = "$KEY";
		address = "127.0.0.1";
		port = "$port";
		hash = "sha256";
		auth = "sha256";
	}
}
backends {
	libvirt {
		uri = "test://$WORK/node.xml";
	}
}
CONF
    chmod 600 "$conf"
    case $daemon in
        fence_virtd) /usr/sbin/fence_virtd -F -f "$conf" -p "$WORK/$daemon.pid" >"$WORK/$daemon.log" 2>&1 & ;;
        jfenced) "$ROOT/bin/jfenced" -F -f "$conf" -p "$WORK/$daemon.pid" >"$WORK/$daemon.log" 2>&1 & ;;
    esac
    local pid=$!
    PIDS+=("$pid")
    local i
    for i in $(seq 1 300); do
        fence_virt -T 127.0.0.1 -p "$port" -k "$KEY" -o status -n vm-1 >/dev/null 2>&1 && break
        kill -0 "$pid" 2>/dev/null || { echo "$daemon exited:" >&2; tail -n 20 "$WORK/$daemon.log" >&2; exit 1; }
        sleep 0.1
    done
    local line
    line=$(java -Xmx256m -cp "$CP" org.jfenced.bench.RejectedConnections --port "$port" --pid "$pid" \
        --count "$COUNT" --warmup "$WARMUP" --concurrency "$CONCURRENCY")
    echo "$daemon $line"
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
c=$(measure fence_virtd)
echo "$c"
j=$(measure jfenced)
echo "$j"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v c="$c" -v j="$j" 'BEGIN {
    match(c, /cpu_ms_per_connection=[0-9.]+/); cv = substr(c, RSTART + 22, RLENGTH - 22)
    match(j, /cpu_ms_per_connection=[0-9.]+/); jv = substr(j, RSTART + 22, RLENGTH - 22)
    printf "ratio jfenced / fence_virtd CPU per rejected connection: %.2f\n", jv / cv
}'
