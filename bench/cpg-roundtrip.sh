#!/usr/bin/env bash
# CPG round trip benchmark: multicast -> own delivery through the Java binding (module native) next to a
# C program calling libcpg directly, on a 1-node and a 3-node corosync cluster built in network
# namespaces on this machine (see native/src/test/java/org/jfenced/nativelib/testcluster); on clusters of
# two nodes or more also request -> reply (node 1 asks, the last node answers with a multicast of its own).
#
#   bench/cpg-roundtrip.sh [--count N] [--warmup N] [--rounds N] [--size BYTES] [--nodes 1,3]
#
# Needs root (namespaces). Installs what it needs with apt-get: corosync, libcpg-dev, gcc, maven, JDK 17.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

if [ "$(id -u)" != 0 ]; then
    echo "cpg-roundtrip: needs root (network namespaces, bind mounts)" >&2
    exit 1
fi

. scripts/packages.sh
install_missing corosync libcpg-dev gcc maven openjdk-17-jdk-headless iproute2

build="$root/native/target"
echo "cpg-roundtrip: building the native module" >&2
# in the reactor, never installed: other builds on the machine must not pick up this one's snapshots
mvn -q -B -pl native -DskipTests package >&2
mvn -q -B -pl native dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$build/bench.classpath" >&2
gcc -O2 -Wall -Wextra -pthread -o "$build/cpg_roundtrip" "$root/native/src/test/c/cpg_roundtrip.c" -lcpg

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), kernel $(uname -r)"
echo "corosync: $(corosync -v | head -1)"
echo "java: $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$build/test-classes:$build/classes:$(cat "$build/bench.classpath")" \
    -Dlogback.configurationFile="$root/native/src/test/resources/logback-test.xml" \
    org.jfenced.nativelib.bench.CpgRoundTripBenchmark --c-binary "$build/cpg_roundtrip" "$@" 2> "$build/cpg-roundtrip.log"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
