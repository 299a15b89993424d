package org.jfenced.bench.jmh;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK's SHA-256 of one 1 MiB chunk, as the backup hashes a disk: from a heap array ({@code heap}, how
 * the backup hashed before) and from a direct buffer ({@code direct}, which MessageDigest copies to the
 * heap in small pieces: how it hashes now, from the buffers the disk is read into). One operation is one
 * MiB, so operations per second are MiB per second. Run by {@code bench/sha256-bench.sh}, next to
 * OpenSSL's own figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Sha256Benchmark {

    private static final int CHUNK = 1 << 20;

    @Param({"heap", "direct"})
    String buffer;

    private byte[] array;
    private ByteBuffer direct;
    private MessageDigest digest;

    @Setup
    public void setUp() throws Exception {
        array = new byte[CHUNK];
        new Random(256).nextBytes(array);
        direct = ByteBuffer.allocateDirect(CHUNK).put(array).flip();
        digest = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public void oneMebibyte() {
        if (buffer.equals("heap")) {
            digest.update(array);
        } else {
            digest.update(direct.duplicate());
        }
    }
}
