#!/bin/sh
# Pacemaker's view of a fence through each host daemon, on the guest cluster of the Pacemaker tier:
# stonith_admin --reboot, and a guest's crash until the fence is recorded; jfenced (backends docker and
# libvirt on the test driver) next to the C fence_virtd (libvirt on the test driver). Prints a Markdown
# table (see BENCHMARKS.md).
#
#   bench/pacemaker-bench.sh [ROUNDS]      (default 3 per daemon)
#
# Needs root; starts the Docker rig (scripts/docker-rig.sh) and stops it afterwards.
set -eu
cd "$(dirname "$0")/.."
. scripts/packages.sh
install_missing openjdk-17-jdk-headless maven iproute2 libvirt0 fence-virtd docker.io mmdebstrap
trap 'scripts/docker-rig.sh stop' EXIT
trap 'exit 130' INT TERM
scripts/docker-rig.sh start
eval "$(scripts/docker-rig.sh env)"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), kernel $(uname -r)"
echo "pacemaker: $(dpkg-query -W -f '${Version}' pacemaker 2>/dev/null || echo 'in the guest image only'), fence-virtd: $(dpkg-query -W -f '${Version}' fence-virtd)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -pl system-tests-pacemaker -am verify -Dtest=PacemakerFenceTimingBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dpacemaker.bench.rounds="${1:-3}" >&2
cat system-tests-pacemaker/target/pacemaker-bench.md
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
