#!/usr/bin/env bash
# Backend cpg benchmark: bin/jfenced (backend cpg) next to the C fence_virtd's cpg backend (Debian
# fence-virtd, group fence-agents) on the same 3-node corosync cluster of network namespaces (the fixture
# of module native): remote status latency from node 1 for a VM on node 3, with 100 and 5,000 VMs per
# node, and failover after node 3 crashes or is cut off (link down, its corosync and daemon running on):
# the time to node 1's first OFF for a node-3 VM, and whether node 3 still ran the VM then. Prints
# Markdown tables (see BENCHMARKS.md).
#
#   bench/cpg-bench.sh [--requests N] [--warmup N] [--c-requests N] [--vms 100,5000] [--failovers N] [--token MS]
#                      [--failover-modes crash,cut] [--self-fence-timeout S] [--latency no]
#   bench/cpg-bench.sh --scale 3,8,12 [--scale-vms 200] [--requests N] [--warmup N] [--c-requests N] [--daemons jfenced,c]
#       clusters of 3, 8 and 12 nodes instead: time until every node serves after the last start, remote
#       status latency, the daemons' CPU per request summed over all nodes, and each daemon's RSS
#
# Needs root (namespaces). Installs what it needs with apt-get: corosync, fence-virt, fence-virtd,
# libvirt0, maven, JDK 17.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

if [ "$(id -u)" != 0 ]; then
    echo "cpg-bench: needs root (network namespaces, bind mounts)" >&2
    exit 1
fi

. scripts/packages.sh
install_missing corosync fence-virtd fence-virt libvirt0 maven openjdk-17-jdk-headless iproute2

build="$root/system-tests/target"
echo "cpg-bench: building" >&2
# in the reactor, never installed: other builds on the machine must not pick up this one's snapshots
mvn -q -B -DskipTests package >&2
mvn -q -B -pl system-tests -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$build/bench.classpath" >&2

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), kernel $(uname -r)"
echo "corosync: $(corosync -v | head -1)"
echo "fence-virtd: $(dpkg-query -W -f '${Version}' fence-virtd 2>/dev/null || echo unknown)"
echo "java: $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$build/test-classes:$(cat "$build/bench.classpath")" \
    -Djfenced.home="$root/dist/target/jfenced" \
    -Dlogback.configurationFile="$root/backend-cpg/src/test/resources/logback-test.xml" \
    org.jfenced.systest.CpgBenchmark "$@" 2> "$build/cpg-bench.log"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
