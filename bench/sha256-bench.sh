#!/usr/bin/env bash
# SHA-256 throughput on this machine, the floor under a backup with --compress none (the manifest needs
# the SHA-256 of every disk byte): the JDK's MessageDigest in 1 MiB chunks from heap and direct buffers
# (JMH, bench module, Sha256Benchmark; its ops/s are MiB/s), next to OpenSSL's libcrypto on the same
# chunk size (`openssl speed -evp sha256`), which a native binding would give the daemon.
#
#   bench/sha256-bench.sh
set -euo pipefail

cd "$(dirname "$0")/.."
command -v openssl >/dev/null || { echo "sha256-bench: the openssl command is missing (package openssl)" >&2; exit 1; }
jar=$(ls bench/target/bench-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
if [ -z "$jar" ]; then
    mvn -q -B install -DskipTests
    jar=$(ls bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n 1)
fi
echo "$(nproc) CPUs, $(java -version 2>&1 | head -1), $(openssl version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version 2>/dev/null | grep -w UseSHA256Intrinsics \
    | awk '{print "JDK: UseSHA256Intrinsics = " $4}'
java -cp "$jar:bench/target/lib/*" org.openjdk.jmh.Main Sha256Benchmark 2>&1 | sed -n '/^Benchmark /,$p'
# openssl prints thousands of bytes per second; as MiB/s to compare with the JMH figures
openssl speed -evp sha256 -bytes 1048576 -seconds 5 2>/dev/null | awk '/^sha256/ {
    kb = $2; sub(/k$/, "", kb); printf "openssl speed -evp sha256, 1 MiB blocks: %.0f MiB/s\n", kb * 1000 / 1048576 }'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
