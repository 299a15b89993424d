#!/usr/bin/env bash
# SHA-256 throughput on this machine, the floor under a backup with --compress none (the manifest needs
# the SHA-256 of every disk byte): the JDK's MessageDigest against libcrypto through the native binding,
# in 1 MiB chunks. JMH (bench module, Sha256Benchmark); its ops/s are MiB/s.
#
#   bench/sha256-bench.sh
set -euo pipefail

cd "$(dirname "$0")/.."
jar=$(ls bench/target/bench-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
if [ -z "$jar" ]; then
    mvn -q -B install -DskipTests
    jar=$(ls bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n 1)
fi
echo "$(nproc) CPUs, $(java -version 2>&1 | head -1), $(openssl version 2>/dev/null || echo 'no openssl command'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$jar:bench/target/lib/*" org.openjdk.jmh.Main Sha256Benchmark 2>&1 | sed -n '/^Benchmark /,$p'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
