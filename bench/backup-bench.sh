#!/usr/bin/env bash
# Backup throughput: `jfencectl backup run` of a VM with one 1 GiB disk, compress none/gzip/zstd,
# against cp and the zstd and gzip commands on the same file in the same run. The daemon is
# bin/jfenced on libvirt's test driver (the VM's disk is a real file), with the backup service.
#
#   bench/backup-bench.sh [--size-mib N] [--runs N] [--dir DIR] [--compress none,zstd,gzip]
#
# --compress picks the jfenced runs (and the commands they are compared with: cp always, zstd and gzip
# with theirs); fewer give a quicker answer while working on one of them.
#
# Every copy reads the image from the page cache (it is read once before each run) and ends with an
# fsync of what it wrote (jfenced syncs its archive; `sync FILE` does the same for the commands).
# Prints one line per tool: median, min and max seconds of the runs, and MiB/s of the median.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
size_mib=1024
runs=3
dir=/tmp/jfenced-backup-bench
compress=none,zstd,gzip
while [ $# -gt 0 ]; do
    case "$1" in
        --size-mib) size_mib=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --compress) compress=$2; shift 2 ;;
        *) echo "usage: $0 [--size-mib N] [--runs N] [--dir DIR] [--compress none,zstd,gzip]" >&2; exit 64 ;;
    esac
done
for c in zstd gzip cp sync; do
    command -v "$c" >/dev/null || { echo "backup-bench: $c is missing" >&2; exit 1; }
done
[ -x dist/target/jfenced/bin/jfenced ] || mvn -q -B install -DskipTests

daemon_pid=
cleanup() {
    if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
        kill "$daemon_pid"
        wait "$daemon_pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
rm -rf "$dir"
mkdir -p "$dir/out" "$dir/backup"

# A disk like a used VM's: 3/8 random (binaries, compressed files), 3/8 text, 1/4 zeros, all written
# (no holes: cp would skip holes and flatter itself).
img=$dir/disk.img
quarter=$((size_mib / 8))
head -c $((quarter * 3))M /dev/urandom >"$img"
{ yes "2026-11-21T15:00:00 host kernel: eth0: link up, 1000 Mbps, full duplex, lpa 0x45E1 jfenced" || true; } \
    | head -c $((quarter * 3))M >>"$img"
head -c $((size_mib - quarter * 6))M /dev/zero >>"$img"

cat >"$dir/node.xml" <<XML
<node>
  <domain type="test">
    <name>vm-bench</name><uuid>bbbbbbbb-0000-4000-8000-000000000001</uuid>
    <memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os>
    <devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$img'/><target dev='vda' bus='virtio'/></disk></devices>
  </domain>
</node>
XML
head -c 4096 /dev/urandom >"$dir/key"
chmod 600 "$dir/key"
port=$((20000 + RANDOM % 20000))
cat >"$dir/fence_virt.conf" <<CONF
fence_virtd {
	listener = "tcp";
	backend = "libvirt";
	admin_socket = "$dir/admin.sock";
	journal_dir = "$dir";
}
listeners {
	tcp {
		address = "127.0.0.1";
		port = "$port";
		key_file = "$dir/key";
	}
}
backends {
	libvirt {
		uri = "test://$dir/node.xml";
	}
}
services {
	backup {
		storage = "$dir/backup";
	}
}
CONF
chmod 600 "$dir/fence_virt.conf"
JFENCED_JAVA_OPTS="-Xmx256m" "$root/bin/jfenced" -F -f "$dir/fence_virt.conf" -p "$dir/jfenced.pid" >"$dir/jfenced.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 100); do
    [ -S "$dir/admin.sock" ] && "$root/bin/jfencectl" --socket "$dir/admin.sock" status >/dev/null 2>&1 && break
    sleep 0.1
done

warm() { cat "$img" >/dev/null; rm -rf "$dir/out"/* "$dir/backup"/*; sync; }
seconds() { # runs "$@" and prints its wall time in seconds
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}
cp_run() { cp "$img" "$dir/out/copy.img" && sync "$dir/out/copy.img"; }
zstd_run() { zstd -q -f -3 "$img" -o "$dir/out/copy.zst" && sync "$dir/out/copy.zst"; }
gzip_run() { gzip -c -6 "$img" >"$dir/out/copy.gz" && sync "$dir/out/copy.gz"; }
jfenced_run() {
    "$root/bin/jfencectl" --socket "$dir/admin.sock" backup run vm-bench --mode stop --compress "$1" \
        | tee -a "$dir/runs-$1.log"
}

report() { # name, then the run times
    local name=$1; shift
    local sorted
    sorted=$(printf '%s\n' "$@" | sort -g)
    local median min max
    median=$(echo "$sorted" | sed -n "$(( ($# + 1) / 2 ))p")
    min=$(echo "$sorted" | head -1)
    max=$(echo "$sorted" | tail -1)
    printf '%-22s median %6.2f s  (min %6.2f, max %6.2f)  %7.0f MiB/s\n' "$name" "$median" "$min" "$max" \
        "$(echo "$size_mib / $median" | bc -l)"
    eval "median_$(echo "$name" | tr -c 'a-z0-9\n' '_')=$median"
}

IFS=, read -r -a chosen <<<"$compress"
for c in "${chosen[@]}"; do
    case "$c" in none|zstd|gzip) ;; *) echo "backup-bench: unknown compression $c" >&2; exit 64 ;; esac
done
echo "image: $size_mib MiB, $runs runs each, $(nproc) CPUs, $(zstd --version | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
sizes=""
for tool in cp "${chosen[@]}"; do
    [ "$tool" = none ] && continue
    times=()
    for _ in $(seq 1 "$runs"); do warm; times+=("$(seconds "${tool}_run")"); done
    report "$tool" "${times[@]}"
    sizes="$sizes $tool $(stat -c %s "$dir"/out/*)"
done
jfenced_run none >/dev/null 2>&1 || { echo "jfenced backup failed:"; tail -20 "$dir/jfenced.log"; exit 1; }
rm -f "$dir/runs-none.log"
for c in "${chosen[@]}"; do
    times=()
    for _ in $(seq 1 "$runs"); do warm; times+=("$(seconds jfenced_run "$c")"); done
    report "jfenced $c" "${times[@]}"
    sizes="$sizes, jfenced-$c $(stat -c %s "$dir"/backup/*)"
done
echo "jfencectl alone (JVM start, one admin call): $(seconds "$root/bin/jfencectl" --socket "$dir/admin.sock" status) s"
# the archive phase as the daemon reports it: "transferred 1.0 GiB in 1.23s (…)", read through fsync and rename
for c in "${chosen[@]}"; do
    mapfile -t phase < <(sed -n 's/^transferred .* in \([0-9.]*\)s .*/\1/p' "$dir/runs-$c.log")
    report "jfenced $c archive" "${phase[@]}"
done
ratio() { echo "$1 / $2" | bc -l | cut -c1-4; }
ratios() { # the median variable's suffix ("" or _archive), then the label
    local line=$2 c against median
    for c in "${chosen[@]}"; do
        against=$c
        [ "$c" = none ] && against=cp
        median=median_jfenced_$c$1
        line="$line jfenced $c / $against = $(ratio "${!median}" "$(eval echo "\$median_$against")"),"
    done
    echo "${line%,}"
}
ratios "" "end to end:   "
ratios _archive "archive phase:"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "output sizes (bytes):$sizes"
