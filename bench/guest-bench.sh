#!/usr/bin/env bash
# Fencing from inside real qemu guests, timed: bin/jfenced next to the C fence_virtd on the rig of the
# real-guest tier (two TCG guests under a libvirtd of their own in a network namespace). From guest 1,
# the real client fences guest 2 (off) over multicast, TCP and the serial port; the host notes when the
# client started and ended in the guest and when guest 2's qemu process exited. Prints a Markdown table
# (see BENCHMARKS.md).
#
#   bench/guest-bench.sh [ROUNDS]     (default 5 fences per daemon and transport)
#
# Needs root. Installs what it needs through scripts/packages.sh and builds the guest image on first use.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

if [ "$(id -u)" != 0 ]; then
    echo "guest-bench: needs root (network namespaces, libvirtd, qemu)" >&2
    exit 1
fi

. scripts/packages.sh
install_missing maven openjdk-17-jdk-headless iproute2 fence-virt fence-virtd libvirt-clients libvirt-daemon \
    qemu-system-x86 qemu-utils libvirt-daemon-system libvirt-daemon-driver-qemu mmdebstrap e2fsprogs
scripts/guest-image.sh >/dev/null

build="$root/system-tests/target"
echo "guest-bench: building" >&2
mvn -q -B -DskipTests package -pl system-tests -am >&2
mvn -q -B -pl system-tests -am dependency:build-classpath -Dmdep.includeScope=test \
    '-Dmdep.outputFile=${project.build.directory}/bench.classpath' >&2

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), kernel $(uname -r)"
echo "qemu: $(dpkg-query -W -f '${Version}' qemu-system-x86), libvirt: $(dpkg-query -W -f '${Version}' libvirt-daemon)"
echo "fence-virtd: $(dpkg-query -W -f '${Version}' fence-virtd 2>/dev/null || echo unknown)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$build/test-classes:$(cat "$build/bench.classpath")" -Djfenced.home="$root/dist/target/jfenced" \
    org.jfenced.systest.GuestFenceBenchmark "$@" 2> "$build/guest-bench.log"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
